//! State files: reading and writing a [`Deployment`] as JSON.
//!
//! This module owns the file I/O that `model/` must not do.
//! Loading checks `schema_version` first, so an old or future file gets a clear message instead
//! of a confusing "unknown field"; every other problem names the file, the line and column, and
//! serde's description (`missing field`, `unknown field`, `unknown variant`…).
//! Saving is atomic: the JSON goes to a temporary file in the target's directory, is flushed to
//! disk, then renamed over the target; on any failure the target is untouched and the temporary
//! file is removed.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::{Deployment, SCHEMA_VERSION};

/// Why a state file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    #[error("cannot read deployment file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write deployment file {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("deployment file {} is not valid: {message} at line {line} column {column}", path.display())]
    Invalid {
        path: PathBuf,
        /// serde's description, e.g. ``missing field `clock` `` or ``unknown variant `Foo` ``.
        message: String,
        line: usize,
        column: usize,
    },
    #[error(
        "deployment file {} has schema_version {found}, but this lyncshell reads schema_version {supported}",
        path.display()
    )]
    UnsupportedSchema {
        path: PathBuf,
        found: String,
        supported: u32,
    },
    #[error("deployment file {} is inconsistent: {source}", path.display())]
    Inconsistent {
        path: PathBuf,
        source: crate::model::Error,
    },
    #[error("cannot serialize the deployment: {message}")]
    Serialize { message: String },
}

fn invalid(path: &Path, e: &serde_json::Error) -> StateError {
    // serde_json appends " at line L column C" to its Display; keep the bare message.
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    StateError::Invalid {
        path: path.to_path_buf(),
        message,
        line: e.line(),
        column: e.column(),
    }
}

/// Parses a deployment from JSON text; `path` is only used in error messages.
pub fn from_json(path: &Path, text: &str) -> Result<Deployment, StateError> {
    #[derive(serde::Deserialize)]
    struct Header {
        schema_version: Option<serde_json::Value>,
    }
    // Cheap first pass: only the version is kept, everything else is skipped.
    let header: Header = serde_json::from_str(text).map_err(|e| invalid(path, &e))?;
    match header.schema_version {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(other) => {
            return Err(StateError::UnsupportedSchema {
                path: path.to_path_buf(),
                found: other.to_string(),
                supported: SCHEMA_VERSION,
            });
        }
        None => {
            return Err(StateError::Invalid {
                path: path.to_path_buf(),
                message: "missing field `schema_version`".to_string(),
                line: 1,
                column: 1,
            });
        }
    }
    let deployment: Deployment = serde_json::from_str(text).map_err(|e| invalid(path, &e))?;
    deployment
        .check()
        .map_err(|source| StateError::Inconsistent {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(deployment)
}

/// Reads a deployment file.
pub fn load(path: &Path) -> Result<Deployment, StateError> {
    let text = fs::read_to_string(path).map_err(|source| StateError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    from_json(path, &text)
}

/// The JSON form used for state files: pretty-printed, with a final newline.
pub fn to_json(deployment: &Deployment) -> Result<String, StateError> {
    let mut text = serde_json::to_string_pretty(deployment).map_err(|e| StateError::Serialize {
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

/// Compact JSON (one line), used for very large fixtures.
pub fn to_compact_json(deployment: &Deployment) -> Result<String, StateError> {
    let mut text = serde_json::to_string(deployment).map_err(|e| StateError::Serialize {
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

/// Writes a deployment atomically (pretty JSON).
pub fn save(path: &Path, deployment: &Deployment) -> Result<(), StateError> {
    write_atomically(path, to_json(deployment)?.as_bytes())
}

/// Writes bytes to `path` atomically: temp file in the same directory, fsync, rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    write_atomically_with(path, bytes, |_| Ok(()))
}

/// [`write_atomically`] with a hook run after the temp file is complete and before the rename,
/// so tests can make that step fail.
fn write_atomically_with<H: FnOnce(&Path) -> io::Result<()>>(
    path: &Path,
    bytes: &[u8],
    before_rename: H,
) -> Result<(), StateError> {
    let err = |source| StateError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| err(io::Error::new(io::ErrorKind::InvalidInput, "no file name")))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = dir.join(tmp_name);

    // Only a temp file this call created is ever removed.
    let mut f = File::create_new(&tmp).map_err(err)?;
    let result = (|| -> io::Result<()> {
        f.write_all(bytes)?;
        f.sync_all()?;
        before_rename(&tmp)?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows opening a directory.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    drop(f);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("lyncshell-state-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::create_dir_all(&dir);
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    #[test]
    fn failure_before_rename_keeps_old_file_and_removes_temp() {
        let dir = scratch("fail");
        let target = dir.join("state.json");
        assert!(fs::write(&target, "old contents").is_ok());
        let r = write_atomically_with(&target, b"new contents", |_| {
            Err(io::Error::other("disk full (simulated)"))
        });
        match r {
            Err(e @ StateError::Write { .. }) => {
                let text = e.to_string();
                assert!(text.contains("state.json"), "{text}");
                assert!(text.contains("disk full (simulated)"), "{text}");
            }
            other => panic!("expected a write error, got {other:?}"),
        }
        assert_eq!(
            fs::read_to_string(&target).ok().as_deref(),
            Some("old contents")
        );
        assert_eq!(entries(&dir), ["state.json"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn existing_temp_file_of_someone_else_is_left_alone() {
        let dir = scratch("foreign");
        let target = dir.join("state.json");
        let tmp = dir.join(format!(".state.json.tmp{}", std::process::id()));
        assert!(fs::write(&tmp, "not ours").is_ok());
        assert!(write_atomically(&target, b"x").is_err());
        assert_eq!(fs::read_to_string(&tmp).ok().as_deref(), Some("not ours"));
        assert!(!target.exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn successful_save_replaces_the_file() {
        let dir = scratch("ok");
        let target = dir.join("state.json");
        assert!(fs::write(&target, "old").is_ok());
        let d = crate::model::default::small();
        assert!(save(&target, &d).is_ok());
        assert_eq!(entries(&dir), ["state.json"]);
        assert_eq!(load(&target).ok(), Some(d));
        let _ = fs::remove_dir_all(&dir);
    }
}
