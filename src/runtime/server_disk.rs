//! Files outside the script's sandbox: the disks of the emulated Lync server the shell runs
//! on. A Windows absolute path (`C:\Logs\Config.zip`, `\\server\share\x`) names a file there;
//! it lives in the deployment (`model::actions::ServerFile`), so it persists with `--state`
//! and never touches the host machine. A relative path is the script's current directory: the
//! sandboxed working directory, as for Get-Content.
//!
//! Used by the server-side cmdlets that take file names (Export-/Import-CsConfiguration,
//! Export-CsUserData, `-Report` files) and by `[System.IO.File]`'s static methods.

use super::builtins_host::sandbox_path;
use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use super::interp::Interp;
use super::members::method_exception;
use super::value::{OtherNumber, Value};
use crate::model::actions::{ServerFile, server_path_key};

/// Where a path leads.
enum Place {
    Server(String),
    Sandbox(std::path::PathBuf),
}

/// True for a Windows absolute path: a drive letter or a UNC share.
pub fn is_server_path(path: &str) -> bool {
    let p = path.trim();
    let b = p.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':') || p.starts_with("\\\\")
}

fn place(it: &Interp, path: &str) -> Result<Place, Box<ErrorRecord>> {
    if is_server_path(path) {
        Ok(Place::Server(server_path_key(path)))
    } else {
        sandbox_path(it, path).map(Place::Sandbox)
    }
}

/// Why a read failed: the .NET message and exception.
pub struct Failure {
    pub message: String,
    pub exception: &'static str,
    pub id: &'static str,
}

impl Failure {
    fn not_found(path: &str) -> Failure {
        Failure {
            message: format!("Could not find file '{path}'."),
            exception: "System.IO.FileNotFoundException",
            id: "FileNotFoundException",
        }
    }

    fn from_record(rec: &ErrorRecord) -> Failure {
        Failure {
            message: rec.info.message.clone(),
            exception: "System.UnauthorizedAccessException",
            id: "UnauthorizedAccessException",
        }
    }

    /// As a cmdlet's error record (category ObjectNotFound or PermissionDenied).
    pub fn info(&self) -> ErrorInfo {
        let category = if self.id == "FileNotFoundException" {
            ErrorCategory::ObjectNotFound
        } else {
            ErrorCategory::PermissionDenied
        };
        ErrorInfo::new(self.message.clone(), self.id, category).exception(self.exception)
    }
}

/// Reads a whole file.
pub fn read(it: &Interp, path: &str) -> Result<Vec<u8>, Failure> {
    match place(it, path).map_err(|r| Failure::from_record(&r))? {
        Place::Server(key) => it
            .deployment
            .actions
            .server_files
            .get(&key)
            .map(|f| f.bytes.clone())
            .ok_or_else(|| Failure::not_found(path)),
        Place::Sandbox(p) => std::fs::read(&p).map_err(|_| Failure::not_found(path)),
    }
}

/// Writes (creates or replaces) a whole file.
pub fn write(it: &mut Interp, path: &str, bytes: Vec<u8>) -> Result<(), Failure> {
    match place(it, path).map_err(|r| Failure::from_record(&r))? {
        Place::Server(key) => {
            it.deployment.actions.server_files.insert(
                key,
                ServerFile {
                    path: path.trim().to_string(),
                    bytes,
                },
            );
            Ok(())
        }
        Place::Sandbox(p) => std::fs::write(&p, bytes).map_err(|e| Failure {
            message: format!("Could not write '{path}': {e}"),
            exception: "System.IO.IOException",
            id: "IOException",
        }),
    }
}

/// Whether a file exists (false for paths the sandbox refuses, as File.Exists does).
pub fn exists(it: &Interp, path: &str) -> bool {
    match place(it, path) {
        Ok(Place::Server(key)) => it.deployment.actions.server_files.contains_key(&key),
        Ok(Place::Sandbox(p)) => p.is_file(),
        Err(_) => false,
    }
}

/// A byte array value (`byte[]`).
pub fn bytes_value(bytes: &[u8]) -> Value {
    Value::array(
        bytes
            .iter()
            .map(|b| Value::OtherNumber(OtherNumber::Byte(*b)))
            .collect(),
    )
}

/// The bytes of a value: a byte array, or any array of numbers 0–255; `None` otherwise.
pub fn value_bytes(v: &Value) -> Option<Vec<u8>> {
    let items: Vec<Value> = match v {
        Value::Array(a) => a.borrow().clone(),
        Value::List(l) => l.borrow().items.clone(),
        Value::OtherNumber(OtherNumber::Byte(b)) => return Some(vec![*b]),
        _ => return None,
    };
    items
        .iter()
        .map(|x| match x {
            Value::OtherNumber(OtherNumber::Byte(b)) => Some(*b),
            other => convert::to_number(other).ok().and_then(|n| match n {
                Value::Int(i) => u8::try_from(i).ok(),
                Value::Long(i) => u8::try_from(i).ok(),
                _ => None,
            }),
        })
        .collect()
}

/// `[System.IO.File]::Name(args)`: ReadAllBytes, ReadAllText, ReadAllLines, WriteAllBytes,
/// WriteAllText, WriteAllLines, Exists, Delete.
pub fn file_static(it: &mut Interp, name: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
    let l = name.to_ascii_lowercase();
    let n = args.len();
    let path = args.first().map(convert::to_string).unwrap_or_default();
    let call_failed = |f: Failure| method_exception(name, n, &f.message, f.id);
    match (l.as_str(), n) {
        ("exists", 1) => Ok(Value::Bool(exists(it, &path))),
        ("readallbytes", 1) => read(it, &path)
            .map(|b| bytes_value(&b))
            .map_err(call_failed),
        ("readalltext", 1..=2) => read(it, &path)
            .map(|b| Value::str(&String::from_utf8_lossy(&b)))
            .map_err(call_failed),
        ("readalllines", 1..=2) => read(it, &path)
            .map(|b| {
                let text = String::from_utf8_lossy(&b).to_string();
                Value::array(text.lines().map(Value::str).collect())
            })
            .map_err(call_failed),
        ("writeallbytes", 2) => {
            let Some(bytes) = value_bytes(&args[1]) else {
                return Err(method_exception(
                    name,
                    n,
                    "The content is not a byte array.",
                    "ArgumentException",
                ));
            };
            write(it, &path, bytes)
                .map(|()| Value::Null)
                .map_err(call_failed)
        }
        ("writealltext", 2..=3) => {
            let text = convert::to_string(&args[1]);
            write(it, &path, text.into_bytes())
                .map(|()| Value::Null)
                .map_err(call_failed)
        }
        ("writealllines", 2..=3) => {
            let lines: Vec<String> = match &args[1] {
                Value::Array(a) => a.borrow().iter().map(convert::to_string).collect(),
                other => vec![convert::to_string(other)],
            };
            let mut text = lines.join("\r\n");
            text.push_str("\r\n");
            write(it, &path, text.into_bytes())
                .map(|()| Value::Null)
                .map_err(call_failed)
        }
        ("delete", 1) => {
            if is_server_path(&path) {
                it.deployment
                    .actions
                    .server_files
                    .remove(&server_path_key(&path));
                Ok(Value::Null)
            } else {
                match sandbox_path(it, &path) {
                    Ok(p) => {
                        let _ = std::fs::remove_file(p);
                        Ok(Value::Null)
                    }
                    Err(r) => Err(call_failed(Failure::from_record(&r))),
                }
            }
        }
        _ => Err(super::members::no_overload(name, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_absolute_paths_are_server_paths() {
        assert!(is_server_path("C:\\Logs\\x.txt"));
        assert!(is_server_path("d:/x"));
        assert!(is_server_path("\\\\atl-fs-001\\share\\x"));
        assert!(!is_server_path(".\\GreetingFile.wav"));
        assert!(!is_server_path("/etc/passwd"));
        assert!(!is_server_path("x.txt"));
    }

    #[test]
    fn bytes_round_trip_through_values() {
        let v = bytes_value(&[0, 7, 255]);
        assert_eq!(value_bytes(&v), Some(vec![0, 7, 255]));
        assert_eq!(
            value_bytes(&Value::array(vec![Value::Int(1), Value::Int(300)])),
            None
        );
    }
}
