//! Core cmdlets that reach outside the pipeline: files (confined to the working directory),
//! JSON and CSV, credentials and prompts, modules, members, and the refusals of everything
//! that would touch the host.
//!
//! The sandbox: a script sees only the files under the session's working directory. Paths are
//! resolved against it; absolute paths, `..` that climbs out and links that point out are
//! refused with a clear error. No process is started and no network is used, ever.

use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use super::binder::{Bound, PType, Signature};
use super::builtins::{param, sig, switch};
use super::commands::{Builtin, CmdletBody};
use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use super::interp::{Flow, Interp};
use super::pipeline::{self, Sink};
use super::value::{Credential, PsObject, Value};
use crate::cmdlets::online::session::{
    self as online, get_pssession_sig, import_pssession_sig, remove_pssession_sig,
};

use super::builtins::{builtin, flag, get, get_str, items_of};

type R<T> = Result<T, Flow>;

pub fn table() -> &'static [(&'static str, Builtin)] {
    static TABLE: &[(&str, Builtin)] = &[
        ("Get-Content", builtin!(get_content_sig, GetContent)),
        ("Set-Content", builtin!(set_content_sig, SetContent)),
        ("Add-Content", builtin!(add_content_sig, SetContent)),
        ("Out-File", builtin!(out_file_sig, OutFile)),
        ("Import-Csv", builtin!(import_csv_sig, ImportCsv)),
        ("Export-Csv", builtin!(export_csv_sig, ExportCsv)),
        ("ConvertTo-Csv", builtin!(convertto_csv_sig, ExportCsv)),
        (
            "ConvertFrom-Csv",
            builtin!(convertfrom_csv_sig, ConvertFromCsv),
        ),
        ("Test-Path", builtin!(test_path_sig, TestPath)),
        ("Join-Path", builtin!(join_path_sig, JoinPath)),
        ("Split-Path", builtin!(split_path_sig, SplitPath)),
        (
            "ConvertTo-Json",
            builtin!(convertto_json_sig, ConvertToJson),
        ),
        (
            "ConvertFrom-Json",
            builtin!(convertfrom_json_sig, ConvertFromJson),
        ),
        (
            "ConvertTo-SecureString",
            builtin!(convertto_securestring_sig, ConvertToSecureString),
        ),
        ("Read-Host", builtin!(read_host_sig, ReadHost)),
        (
            "Get-Credential",
            builtin!(get_credential_sig, GetCredential),
        ),
        ("Get-Member", builtin!(get_member_sig, GetMember)),
        ("Add-Member", builtin!(add_member_sig, AddMember)),
        ("Import-Module", builtin!(import_module_sig, ImportModule)),
        ("Add-PSSnapin", builtin!(add_pssnapin_sig, ImportModule)),
        ("Get-Module", builtin!(get_module_sig, GetModule)),
        ("Clear-Host", builtin!(clear_host_sig, Nothing)),
        (
            "Invoke-Expression",
            builtin!(invoke_expression_sig, InvokeExpression),
        ),
        ("Tee-Object", builtin!(tee_object_sig, TeeObject)),
        (
            "Import-PSSession",
            builtin!(import_pssession_sig, online::ImportPSSession),
        ),
        (
            "Get-PSSession",
            builtin!(get_pssession_sig, online::GetPSSession),
        ),
        (
            "Remove-PSSession",
            builtin!(remove_pssession_sig, online::RemovePSSession),
        ),
    ];
    TABLE
}

/// Commands that exist in Windows PowerShell but would touch the host (processes, network,
/// the file system outside the working directory, services, the registry): lyncshell refuses
/// them by name, with a clear error, instead of calling them unknown.
pub const REFUSED: &[&str] = &[
    "Start-Process",
    "Stop-Process",
    "Get-Process",
    "Invoke-WebRequest",
    "Invoke-RestMethod",
    "Invoke-Command",
    "Enter-PSSession",
    "New-PSDrive",
    "Remove-Item",
    "Copy-Item",
    "Move-Item",
    "Rename-Item",
    "New-Item",
    "Get-ChildItem",
    "Get-Item",
    "Set-Location",
    "Push-Location",
    "Pop-Location",
    "Get-WmiObject",
    "Get-CimInstance",
    "Restart-Computer",
    "Stop-Computer",
    "Get-Service",
    "Start-Service",
    "Stop-Service",
    "Restart-Service",
    "Send-MailMessage",
    "Start-Job",
    "Start-Transcript",
    "Stop-Transcript",
    "Get-ItemProperty",
    "Set-ItemProperty",
    "Test-Connection",
    "Resolve-DnsName",
];

pub fn refused(name: &str) -> Option<&'static str> {
    REFUSED
        .iter()
        .copied()
        .find(|r| r.eq_ignore_ascii_case(name))
}

/// The error for a refused host command.
pub fn refusal(it: &Interp, name: &str, span: crate::syntax::ast::Span) -> Flow {
    let info = ErrorInfo::new(
        format!(
            "The command '{}' would reach the host machine (processes, network, services or files outside the working directory); lyncshell runs scripts in a sandbox and does not run it.",
            name
        ),
        "CommandRefusedBySandbox",
        ErrorCategory::PermissionDenied,
    )
    .exception("System.Management.Automation.PSSecurityException");
    let mut rec = ErrorRecord::new(info).at(Some(it.pos(span)));
    rec.command = Some(name.to_string());
    rec.activity = name.to_string();
    rec.class_name = Some("lyncshell".into());
    Flow::Error {
        record: Box::new(rec),
        script: false,
    }
}

// ----- helpers ----------------------------------------------------------------------------

fn fail(
    it: &Interp,
    message: String,
    id: &'static str,
    category: ErrorCategory,
    exception: &'static str,
) -> ErrorRecord {
    let mut rec = ErrorRecord::new(ErrorInfo::new(message, id, category).exception(exception));
    if let Some(f) = it.frames.last() {
        rec.command = Some(f.command.clone());
        rec.activity = f.command.clone();
        rec.position = f.position.clone();
        rec.class_name = Some(format!(
            "Microsoft.PowerShell.Commands.{}Command",
            f.command.replace('-', "")
        ));
    }
    rec
}

fn terminating(rec: ErrorRecord) -> Flow {
    Flow::Error {
        record: Box::new(rec),
        script: false,
    }
}

/// Resolves a script's path inside the sandbox, or explains why it cannot.
pub fn sandbox_path(it: &Interp, path: &str) -> Result<PathBuf, Box<ErrorRecord>> {
    let refuse = |why: &str| {
        Box::new(fail(
            it,
            format!("Access to the path '{}' is denied: {}.", path, why),
            "SandboxPathDenied",
            ErrorCategory::PermissionDenied,
            "System.UnauthorizedAccessException",
        ))
    };
    let Some(root) = it.workdir.clone() else {
        return Err(refuse(
            "this session has no working directory, so scripts cannot use files",
        ));
    };
    let p = path.replace('\\', "/");
    let rel = p.strip_prefix("./").unwrap_or(&p);
    let looks_absolute =
        rel.starts_with('/') || rel.get(1..2) == Some(":") || rel.starts_with("//");
    if looks_absolute {
        return Err(refuse(
            "lyncshell confines scripts to the working directory; use a relative path",
        ));
    }
    let mut out = root.clone();
    let mut depth = 0i32;
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(s) => {
                out.push(s);
                depth += 1;
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return Err(refuse("the path leaves the working directory"));
                }
                out.pop();
            }
            _ => {
                return Err(refuse(
                    "lyncshell confines scripts to the working directory",
                ));
            }
        }
    }
    // A link inside the directory must not lead outside it.
    let canon_root = root.canonicalize().unwrap_or(root);
    let mut probe = out.clone();
    while !probe.exists() {
        if !probe.pop() {
            break;
        }
    }
    if let Ok(c) = probe.canonicalize()
        && !c.starts_with(&canon_root)
    {
        return Err(refuse(
            "a link in the path leads outside the working directory",
        ));
    }
    Ok(out)
}

fn read_file(it: &Interp, path: &str) -> Result<String, Box<ErrorRecord>> {
    let full = sandbox_path(it, path)?;
    std::fs::read_to_string(&full).map_err(|_| {
        Box::new(fail(
            it,
            format!("Cannot find path '{}' because it does not exist.", path),
            "PathNotFound",
            ErrorCategory::ObjectNotFound,
            "System.Management.Automation.ItemNotFoundException",
        ))
    })
}

/// Writes a file atomically (temporary file and rename), so a failed write leaves nothing
/// half-written.
pub fn write_file(
    it: &Interp,
    path: &str,
    text: &str,
    append: bool,
) -> Result<(), Box<ErrorRecord>> {
    let full = sandbox_path(it, path)?;
    let mut content = String::new();
    if append && let Ok(old) = std::fs::read_to_string(&full) {
        content.push_str(&old);
    }
    content.push_str(text);
    let tmp = full.with_extension("lyncshell-tmp");
    let res = std::fs::write(&tmp, content.as_bytes()).and_then(|_| std::fs::rename(&tmp, &full));
    res.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Box::new(fail(
            it,
            format!("Could not write '{}': {}", path, e),
            "FileWriteError",
            ErrorCategory::WriteError,
            "System.IO.IOException",
        ))
    })
}

fn lines_text(values: &[Value]) -> String {
    let mut s = String::new();
    for v in values {
        s.push_str(&convert::to_string(v));
        s.push_str("\r\n");
    }
    s
}

// ----- files ------------------------------------------------------------------------------

fn path_param() -> super::binder::ParamDef {
    param("Path", PType::Array(Box::new(PType::String)))
        .pos(0)
        .mandatory()
        .by_name()
}

fn get_content_sig() -> Signature {
    sig(
        "Get-Content",
        "Microsoft.PowerShell.Commands.GetContentCommand",
    )
    .with(path_param().alias("PSPath").alias("LiteralPath"))
    .with(
        param("TotalCount", PType::Convert("long".into()))
            .alias("First")
            .alias("Head"),
    )
    .with(param("Tail", PType::Convert("int".into())).alias("Last"))
    .with(param("ReadCount", PType::Convert("long".into())))
    .with(switch("Raw"))
    .with(param("Encoding", PType::String))
    .with(param("Delimiter", PType::String))
    .with(switch("Force"))
}

#[derive(Default)]
struct GetContent;

impl CmdletBody for GetContent {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for p in get(b, "Path").map(items_of).unwrap_or_default() {
            let path = convert::to_string(&p);
            let text = match read_file(it, &path) {
                Ok(t) => t,
                Err(rec) => {
                    it.write_error(*rec)?;
                    continue;
                }
            };
            if flag(b, "Raw") {
                out.push(it, Value::str(&text))?;
                continue;
            }
            let mut lines: Vec<&str> = text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            if lines.last() == Some(&"") {
                lines.pop();
            }
            if let Some(n) = get(b, "TotalCount").and_then(convert::num_to_f64)
                && n >= 0.0
            {
                lines.truncate(n as usize);
            }
            if let Some(n) = get(b, "Tail").and_then(convert::num_to_f64) {
                let start = lines.len().saturating_sub(n.max(0.0) as usize);
                lines.drain(..start);
            }
            for l in lines {
                out.push(it, Value::str(l))?;
            }
        }
        Ok(())
    }
}

fn set_content_sig() -> Signature {
    sig(
        "Set-Content",
        "Microsoft.PowerShell.Commands.SetContentCommand",
    )
    .with(path_param().alias("PSPath").alias("LiteralPath"))
    .with(
        param("Value", PType::Array(Box::new(PType::Any)))
            .pos(1)
            .mandatory()
            .pipeline()
            .by_name(),
    )
    .with(param("Encoding", PType::String))
    .with(switch("NoNewline"))
    .with(switch("PassThru"))
    .with(switch("Force"))
    .should_process()
}

fn add_content_sig() -> Signature {
    let mut s = set_content_sig();
    s.name = "Add-Content".into();
    s.class_name = "Microsoft.PowerShell.Commands.AddContentCommand".into();
    s
}

#[derive(Default)]
struct SetContent {
    values: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for SetContent {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = get(b, "Value") {
            self.values.extend(items_of(v));
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, _out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let append = it.frames.last().is_some_and(|f| f.command == "Add-Content");
        let text = if flag(&b, "NoNewline") {
            self.values
                .iter()
                .map(convert::to_string)
                .collect::<String>()
        } else {
            lines_text(&self.values)
        };
        if super::should_process::should_process(
            it,
            &b,
            "Set Content",
            &get_str(&b, "Path").unwrap_or_default(),
        )? {
            for p in get(&b, "Path").map(items_of).unwrap_or_default() {
                if let Err(rec) = write_file(it, &convert::to_string(&p), &text, append) {
                    it.write_error(*rec)?;
                }
            }
        }
        Ok(())
    }
}

fn out_file_sig() -> Signature {
    sig("Out-File", "Microsoft.PowerShell.Commands.OutFileCommand")
        .with(
            param("FilePath", PType::String)
                .pos(0)
                .mandatory()
                .alias("Path"),
        )
        .with(param("Encoding", PType::String).pos(1))
        .with(switch("Append"))
        .with(switch("Force"))
        .with(switch("NoClobber"))
        .with(param("Width", PType::Convert("int".into())))
        .with(param("InputObject", PType::Any).pipeline())
        .should_process()
}

#[derive(Default)]
struct OutFile {
    values: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for OutFile {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            self.values.push(v);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, _out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let text = super::builtins::render_default(it, &self.values).replace('\n', "\r\n");
        let path = get_str(&b, "FilePath").unwrap_or_default();
        if super::should_process::should_process(it, &b, "Output to File", &path)?
            && let Err(rec) = write_file(it, &path, &text, flag(&b, "Append"))
        {
            it.write_error(*rec)?;
        }
        Ok(())
    }
}

// ----- CSV --------------------------------------------------------------------------------

fn import_csv_sig() -> Signature {
    sig(
        "Import-Csv",
        "Microsoft.PowerShell.Commands.ImportCsvCommand",
    )
    .with(path_param().alias("LiteralPath"))
    .with(param("Delimiter", PType::Convert("char".into())).pos(1))
    .with(param("Header", PType::Array(Box::new(PType::String))))
    .with(param("Encoding", PType::String))
    .with(switch("UseCulture"))
}

/// Splits one CSV line, honouring double quotes and doubled quotes.
fn csv_fields(line: &str, delim: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    cur.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cur.push(c);
            }
        } else if c == '"' {
            quoted = true;
        } else if c == delim {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

fn csv_objects(text: &str, delim: char, header: Option<Vec<String>>) -> Vec<Value> {
    let mut lines = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty())
        .peekable();
    let mut type_name = None;
    if let Some(first) = lines.peek()
        && let Some(t) = first.strip_prefix("#TYPE ")
    {
        type_name = Some(t.trim().to_string());
        lines.next();
    }
    let header = match header {
        Some(h) => h,
        None => match lines.next() {
            Some(h) => csv_fields(h, delim),
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    for l in lines {
        let fields = csv_fields(l, delim);
        let mut o = PsObject {
            type_names: match &type_name {
                Some(t) => vec![
                    Rc::from(format!("CSV:{}", t)),
                    Rc::from("System.Management.Automation.PSCustomObject"),
                ],
                None => vec![
                    Rc::from("System.Management.Automation.PSCustomObject"),
                    Rc::from("System.Object"),
                ],
            },
            ..PsObject::default()
        };
        for (i, h) in header.iter().enumerate() {
            let v = fields.get(i).map(|f| Value::str(f)).unwrap_or(Value::Null);
            o.add(h, v);
        }
        out.push(Value::object(o));
    }
    out
}

fn delimiter(b: &Bound) -> char {
    get_str(b, "Delimiter")
        .and_then(|d| d.chars().next())
        .unwrap_or(',')
}

#[derive(Default)]
struct ImportCsv;

impl CmdletBody for ImportCsv {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let header = get(b, "Header").map(|h| items_of(h).iter().map(convert::to_string).collect());
        for p in get(b, "Path").map(items_of).unwrap_or_default() {
            match read_file(it, &convert::to_string(&p)) {
                Ok(text) => {
                    for o in csv_objects(&text, delimiter(b), header.clone()) {
                        out.push(it, o)?;
                    }
                }
                Err(rec) => it.write_error(*rec)?,
            }
        }
        Ok(())
    }
}

fn convertfrom_csv_sig() -> Signature {
    sig(
        "ConvertFrom-Csv",
        "Microsoft.PowerShell.Commands.ConvertFromCsvCommand",
    )
    .with(
        param("InputObject", PType::Array(Box::new(PType::String)))
            .pos(0)
            .mandatory()
            .pipeline(),
    )
    .with(param("Delimiter", PType::Convert("char".into())).pos(1))
    .with(param("Header", PType::Array(Box::new(PType::String))))
    .with(switch("UseCulture"))
}

#[derive(Default)]
struct ConvertFromCsv {
    lines: Vec<String>,
    bound: Option<Bound>,
}

impl CmdletBody for ConvertFromCsv {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = get(b, "InputObject") {
            self.lines
                .extend(items_of(v).iter().map(convert::to_string));
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let header =
            get(&b, "Header").map(|h| items_of(h).iter().map(convert::to_string).collect());
        for o in csv_objects(&self.lines.join("\n"), delimiter(&b), header) {
            out.push(it, o)?;
        }
        Ok(())
    }
}

fn export_csv_sig() -> Signature {
    sig(
        "Export-Csv",
        "Microsoft.PowerShell.Commands.ExportCsvCommand",
    )
    .with(
        param("Path", PType::String)
            .pos(0)
            .alias("PSPath")
            .alias("LiteralPath"),
    )
    .with(param("InputObject", PType::Any).mandatory().pipeline())
    .with(param("Delimiter", PType::Convert("char".into())).pos(1))
    .with(switch("NoTypeInformation").alias("NTI"))
    .with(switch("Append"))
    .with(switch("Force"))
    .with(switch("NoClobber"))
    .with(param("Encoding", PType::String))
    .with(switch("UseCulture"))
    .should_process()
}

fn convertto_csv_sig() -> Signature {
    sig(
        "ConvertTo-Csv",
        "Microsoft.PowerShell.Commands.ConvertToCsvCommand",
    )
    .with(
        param("InputObject", PType::Any)
            .pos(0)
            .mandatory()
            .pipeline(),
    )
    .with(param("Delimiter", PType::Convert("char".into())).pos(1))
    .with(switch("NoTypeInformation").alias("NTI"))
    .with(switch("UseCulture"))
}

#[derive(Default)]
struct ExportCsv {
    rows: Vec<Value>,
    bound: Option<Bound>,
}

fn csv_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn property_pairs(v: &Value) -> Vec<(String, Value)> {
    match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .map(|p| (p.name.to_string(), p.value.clone()))
            .collect(),
        Value::Hashtable(h) => h
            .borrow()
            .entries
            .values()
            .map(|(k, v)| (convert::to_string(k), v.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

impl CmdletBody for ExportCsv {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            self.rows.push(v);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let d = delimiter(&b).to_string();
        let mut lines = Vec::new();
        if let Some(first) = self.rows.first() {
            if !flag(&b, "NoTypeInformation") {
                lines.push(format!("#TYPE {}", convert::type_name(first)));
            }
            let names: Vec<String> = property_pairs(first).into_iter().map(|(n, _)| n).collect();
            lines.push(
                names
                    .iter()
                    .map(|n| csv_quote(n))
                    .collect::<Vec<_>>()
                    .join(&d),
            );
            for r in &self.rows {
                let pairs = property_pairs(r);
                let cells: Vec<String> = names
                    .iter()
                    .map(|n| {
                        pairs
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(n))
                            .map(|(_, v)| csv_quote(&convert::to_string(v)))
                            .unwrap_or_default()
                    })
                    .collect();
                lines.push(cells.join(&d));
            }
        }
        let is_convert = it
            .frames
            .last()
            .is_some_and(|f| f.command == "ConvertTo-Csv");
        if is_convert {
            for l in lines {
                out.push(it, Value::str(&l))?;
            }
            return Ok(());
        }
        let path = get_str(&b, "Path").unwrap_or_default();
        let mut text = String::new();
        for l in &lines {
            text.push_str(l);
            text.push_str("\r\n");
        }
        if super::should_process::should_process(it, &b, "Export-Csv", &path)?
            && let Err(rec) = write_file(it, &path, &text, flag(&b, "Append"))
        {
            it.write_error(*rec)?;
        }
        Ok(())
    }
}

// ----- paths ------------------------------------------------------------------------------

fn test_path_sig() -> Signature {
    sig("Test-Path", "Microsoft.PowerShell.Commands.TestPathCommand")
        .with(path_param().alias("PSPath").alias("LiteralPath"))
        .with(param(
            "PathType",
            PType::Enum {
                type_name: "Microsoft.PowerShell.Commands.TestPathType".into(),
                names: vec!["Any".into(), "Container".into(), "Leaf".into()],
            },
        ))
        .with(switch("IsValid"))
}

#[derive(Default)]
struct TestPath;

impl CmdletBody for TestPath {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for p in get(b, "Path").map(items_of).unwrap_or_default() {
            let path = convert::to_string(&p);
            // Variables and environment drives exist in the emulation; files only inside the
            // working directory.
            let exists = if let Some(name) = path
                .strip_prefix("variable:")
                .or_else(|| path.strip_prefix("Variable:"))
            {
                it.scopes
                    .get(
                        name.trim_start_matches(['\\', '/']),
                        super::scope::Target::Any,
                    )
                    .is_some()
            } else if let Some(name) = path
                .strip_prefix("env:")
                .or_else(|| path.strip_prefix("Env:"))
            {
                let n = name.trim_start_matches(['\\', '/']);
                it.env.keys().any(|k| k.eq_ignore_ascii_case(n))
            } else {
                match sandbox_path(it, &path) {
                    Ok(full) => match get_str(b, "PathType")
                        .as_deref()
                        .map(str::to_ascii_lowercase)
                        .as_deref()
                    {
                        Some("leaf") => full.is_file(),
                        Some("container") => full.is_dir(),
                        _ => full.exists(),
                    },
                    Err(_) => false,
                }
            };
            out.push(it, Value::Bool(exists))?;
        }
        Ok(())
    }
}

fn join_path_sig() -> Signature {
    sig("Join-Path", "Microsoft.PowerShell.Commands.JoinPathCommand")
        .with(
            param("Path", PType::Array(Box::new(PType::String)))
                .pos(0)
                .mandatory()
                .by_name()
                .alias("PSPath"),
        )
        .with(
            param("ChildPath", PType::String)
                .pos(1)
                .mandatory()
                .by_name(),
        )
        .with(switch("Resolve"))
}

#[derive(Default)]
struct JoinPath;

impl CmdletBody for JoinPath {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let child = get_str(b, "ChildPath").unwrap_or_default();
        for p in get(b, "Path").map(items_of).unwrap_or_default() {
            let base = convert::to_string(&p);
            let joined = format!(
                "{}\\{}",
                base.trim_end_matches(['\\', '/']),
                child.trim_start_matches(['\\', '/'])
            );
            out.push(it, Value::str(&joined))?;
        }
        Ok(())
    }
}

fn split_path_sig() -> Signature {
    sig(
        "Split-Path",
        "Microsoft.PowerShell.Commands.SplitPathCommand",
    )
    .default_set("ParentSet")
    .with(
        param("Path", PType::Array(Box::new(PType::String)))
            .pos(0)
            .mandatory()
            .pipeline()
            .by_name()
            .alias("PSPath"),
    )
    .with(switch("Parent").set("ParentSet"))
    .with(switch("Leaf").set("LeafSet").mandatory())
    .with(switch("Qualifier").set("QualifierSet").mandatory())
    .with(switch("NoQualifier").set("NoQualifierSet").mandatory())
    .with(switch("IsAbsolute").set("IsAbsoluteSet").mandatory())
    .with(switch("Resolve"))
}

#[derive(Default)]
struct SplitPath;

impl CmdletBody for SplitPath {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for p in get(b, "Path").map(items_of).unwrap_or_default() {
            let path = convert::to_string(&p);
            let trimmed = path.trim_end_matches(['\\', '/']);
            let (parent, leaf) = match trimmed.rfind(['\\', '/']) {
                Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
                None => ("", trimmed),
            };
            let v = if flag(b, "Leaf") {
                Value::str(leaf)
            } else if flag(b, "Qualifier") {
                Value::str(
                    path.split_once(':')
                        .map(|(q, _)| format!("{}:", q))
                        .as_deref()
                        .unwrap_or(""),
                )
            } else if flag(b, "NoQualifier") {
                Value::str(path.split_once(':').map(|(_, r)| r).unwrap_or(&path))
            } else if flag(b, "IsAbsolute") {
                Value::Bool(path.get(1..2) == Some(":") || path.starts_with('\\'))
            } else {
                Value::str(if parent.ends_with(':') {
                    &trimmed[..parent.len() + 1]
                } else {
                    parent
                })
            };
            out.push(it, v)?;
        }
        Ok(())
    }
}

// ----- JSON -------------------------------------------------------------------------------

fn convertto_json_sig() -> Signature {
    sig(
        "ConvertTo-Json",
        "Microsoft.PowerShell.Commands.ConvertToJsonCommand",
    )
    .with(
        param("InputObject", PType::Any)
            .pos(0)
            .mandatory()
            .pipeline(),
    )
    .with(param("Depth", PType::Convert("int".into())))
    .with(switch("Compress"))
}

fn to_json(v: &Value, depth: usize, max: usize) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Bool(b) | Value::Switch(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Long(i) => J::from(*i),
        Value::Double(d) => serde_json::Number::from_f64(*d)
            .map(J::Number)
            .unwrap_or(J::Null),
        Value::String(s) => J::String(s.to_string()),
        Value::Array(_) | Value::List(_) => J::Array(
            items_of(v)
                .iter()
                .map(|x| to_json(x, depth + 1, max))
                .collect(),
        ),
        Value::Hashtable(_) | Value::Object(_) => {
            if depth > max {
                return J::String(convert::to_string(v));
            }
            let mut m = serde_json::Map::new();
            for (k, val) in property_pairs(v) {
                m.insert(k, to_json(&val, depth + 1, max));
            }
            J::Object(m)
        }
        Value::Enum(e) => J::from(e.value),
        other => J::String(convert::to_string(other)),
    }
}

/// PowerShell's ConvertTo-Json indents with four spaces and puts a space after `:` only after
/// padding; serde's pretty printer is close: two-space indent is widened to four.
fn pretty_json(j: &serde_json::Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    use serde::Serialize;
    if j.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf)
        .unwrap_or_default()
        .replace("\n", "\r\n")
}

#[derive(Default)]
struct ConvertToJson {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for ConvertToJson {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            self.items.push(v);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let depth = get(&b, "Depth")
            .and_then(convert::num_to_f64)
            .unwrap_or(2.0) as usize;
        let v = if self.items.len() == 1 {
            self.items[0].clone()
        } else {
            Value::array(std::mem::take(&mut self.items))
        };
        let j = to_json(&v, 0, depth);
        let text = if flag(&b, "Compress") {
            j.to_string()
        } else {
            pretty_json(&j)
        };
        out.push(it, Value::str(&text))
    }
}

fn convertfrom_json_sig() -> Signature {
    sig(
        "ConvertFrom-Json",
        "Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
    )
    .with(
        param("InputObject", PType::String)
            .pos(0)
            .mandatory()
            .pipeline(),
    )
}

fn from_json(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Value::Int(i as i32),
            Some(i) => Value::Long(i),
            None => Value::Double(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => Value::str(s),
        J::Array(a) => Value::array(a.iter().map(from_json).collect()),
        J::Object(m) => {
            let mut o = PsObject {
                type_names: vec![
                    Rc::from("System.Management.Automation.PSCustomObject"),
                    Rc::from("System.Object"),
                ],
                ..PsObject::default()
            };
            for (k, v) in m {
                o.add(k, from_json(v));
            }
            Value::object(o)
        }
    }
}

#[derive(Default)]
struct ConvertFromJson {
    text: String,
}

impl CmdletBody for ConvertFromJson {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(s) = get_str(b, "InputObject") {
            self.text.push_str(&s);
            self.text.push('\n');
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        match serde_json::from_str::<serde_json::Value>(&self.text) {
            Ok(j) => {
                let v = from_json(&j);
                pipeline::emit(it, out, v)
            }
            Err(e) => Err(terminating(fail(
                it,
                format!("Invalid JSON primitive: {}.", e),
                "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
                ErrorCategory::NotSpecified,
                "System.ArgumentException",
            ))),
        }
    }
}

// ----- credentials and prompts ------------------------------------------------------------

fn convertto_securestring_sig() -> Signature {
    sig(
        "ConvertTo-SecureString",
        "Microsoft.PowerShell.Commands.ConvertToSecureStringCommand",
    )
    .default_set("Secure")
    .with(param("String", PType::String).pos(0).mandatory().pipeline())
    .with(switch("AsPlainText").set("PlainText").pos(1))
    .with(switch("Force").set("PlainText").pos(2))
    .with(param("SecureKey", PType::Any).set("Secure").pos(1))
    .with(param("Key", PType::Any).set("Open"))
}

#[derive(Default)]
struct ConvertToSecureString;

impl CmdletBody for ConvertToSecureString {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let s = get_str(b, "String").unwrap_or_default();
        if flag(b, "AsPlainText") && !flag(b, "Force") {
            // Windows PowerShell insists on -Force with -AsPlainText.
            return Err(terminating(fail(
                it,
                "The system cannot protect plain text input. To suppress this warning and convert the plain text to a SecureString, reissue the command specifying the Force parameter. For more information ,type: get-help ConvertTo-SecureString.".into(),
                "ImportSecureString_ForceRequired,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand",
                ErrorCategory::InvalidArgument,
                "System.ArgumentException",
            )));
        }
        out.push(it, Value::SecureString(Rc::from(s)))
    }
}

fn read_host_sig() -> Signature {
    sig("Read-Host", "Microsoft.PowerShell.Commands.ReadHostCommand")
        .with(param("Prompt", PType::Any).pos(0).remaining())
        .with(switch("AsSecureString"))
}

#[derive(Default)]
struct ReadHost;

/// What Windows PowerShell says when a prompt is needed and nobody can answer.
pub const NON_INTERACTIVE: &str =
    "Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";

pub fn non_interactive_error(it: &Interp) -> Flow {
    terminating(fail(
        it,
        NON_INTERACTIVE.into(),
        "System.Management.Automation.Host.HostException",
        ErrorCategory::ResourceUnavailable,
        "System.Management.Automation.Host.HostException",
    ))
}

impl CmdletBody for ReadHost {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let prompt = get(b, "Prompt")
            .map(|p| {
                items_of(p)
                    .iter()
                    .map(convert::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .map(|p| format!("{}: ", p))
            .unwrap_or_default();
        let answer = if flag(b, "AsSecureString") {
            it.host.read_secret(&prompt)
        } else {
            it.host.read_line(&prompt)
        };
        match answer {
            Some(a) if flag(b, "AsSecureString") => out.push(it, Value::SecureString(Rc::from(a))),
            Some(a) => out.push(it, Value::str(&a)),
            None => Err(non_interactive_error(it)),
        }
    }
}

fn get_credential_sig() -> Signature {
    sig(
        "Get-Credential",
        "Microsoft.PowerShell.Commands.GetCredentialCommand",
    )
    .default_set("CredentialSet")
    .with(param("Credential", PType::Any).set("CredentialSet").pos(0))
    .with(param("Message", PType::String).set("MessageSet"))
    .with(param("UserName", PType::String).set("MessageSet").pos(0))
}

#[derive(Default)]
struct GetCredential;

impl CmdletBody for GetCredential {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(Value::Credential(c)) = get(b, "Credential") {
            return out.push(it, Value::Credential(c.clone()));
        }
        let preset = get_str(b, "UserName").or_else(|| get_str(b, "Credential"));
        // Non-interactive runs use --credential USER (the password is never needed by the
        // emulated services).
        if !it.interactive {
            // Failing both, the tenant's administrator, announced with a warning.
            let user = preset
                .or_else(|| it.default_credential.clone())
                .or_else(|| crate::cmdlets::online::fallback_admin(it));
            return match user {
                Some(u) => out.push(
                    it,
                    Value::Credential(Rc::new(Credential {
                        user_name: Rc::from(u),
                        password: Rc::from(""),
                    })),
                ),
                None => Err(non_interactive_error(it)),
            };
        }
        it.host
            .write_host("\nWindows PowerShell credential request\nEnter your credentials.\n");
        let user = match preset {
            Some(u) => u,
            None => match it.host.read_line("User: ") {
                Some(u) => u,
                None => return Err(non_interactive_error(it)),
            },
        };
        let password = match it
            .host
            .read_secret(&format!("Password for user {}: ", user))
        {
            Some(p) => p,
            None => return Err(non_interactive_error(it)),
        };
        out.push(
            it,
            Value::Credential(Rc::new(Credential {
                user_name: Rc::from(user),
                password: Rc::from(password),
            })),
        )
    }
}

// ----- members ----------------------------------------------------------------------------

fn get_member_sig() -> Signature {
    sig(
        "Get-Member",
        "Microsoft.PowerShell.Commands.GetMemberCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Name", PType::Array(Box::new(PType::String))).pos(0))
    .with(param("MemberType", PType::Any).alias("Type"))
    .with(param("View", PType::Any))
    .with(switch("Static"))
    .with(switch("Force"))
}

#[derive(Default)]
struct GetMember {
    seen_types: Vec<String>,
    bound: Option<Bound>,
}

fn member_definition(name: &str, v: &Value, declared: Option<&str>) -> String {
    let t = declared.map(|s| s.to_string()).unwrap_or_else(|| {
        if v.is_null() {
            "System.Object".into()
        } else {
            convert::type_name(v)
        }
    });
    let short = t
        .strip_prefix("System.")
        .map(|s| s.to_ascii_lowercase())
        .filter(|s| {
            matches!(
                s.as_str(),
                "string" | "int32" | "int64" | "boolean" | "double" | "object" | "datetime"
            )
        });
    let shown = match short.as_deref() {
        Some("int32") => "int".to_string(),
        Some("int64") => "long".to_string(),
        Some("boolean") => "bool".to_string(),
        Some(s) => s.to_string(),
        None => t,
    };
    format!("{} {} {{get;set;}}", shown, name)
}

impl CmdletBody for GetMember {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) else {
            return Ok(());
        };
        let tn = convert::type_name(&v);
        if self.seen_types.contains(&tn) {
            return Ok(());
        }
        self.seen_types.push(tn.clone());
        let names: Vec<String> = get(b, "Name")
            .map(|n| items_of(n).iter().map(convert::to_string).collect())
            .unwrap_or_default();
        let mut rows: Vec<(String, &'static str, String)> = Vec::new();
        for m in ["Equals", "GetHashCode", "GetType", "ToString"] {
            let def = match m {
                "Equals" => "bool Equals(System.Object obj)",
                "GetHashCode" => "int GetHashCode()",
                "GetType" => "type GetType()",
                _ => "string ToString()",
            };
            rows.push((m.to_string(), "Method", def.to_string()));
        }
        if let Value::Object(o) = &v {
            for p in o.borrow().properties.values() {
                let kind = if o
                    .borrow()
                    .type_names
                    .iter()
                    .any(|t| t.contains("PSCustomObject"))
                {
                    "NoteProperty"
                } else {
                    "Property"
                };
                rows.push((
                    p.name.to_string(),
                    kind,
                    member_definition(&p.name, &p.value, p.type_name.as_deref()),
                ));
            }
        } else if let Value::String(_) = &v {
            rows.push(("Length".into(), "Property", "int Length {get;}".into()));
        } else if let Value::Array(_) = &v {
            rows.push(("Count".into(), "AliasProperty", "Count = Length".into()));
            rows.push(("Length".into(), "Property", "int Length {get;}".into()));
        }
        rows.retain(|(n, _, _)| {
            names.is_empty()
                || names
                    .iter()
                    .any(|p| super::ops::Wildcard::new(p, false).is_match(n))
        });
        // -MemberType keeps the kinds named (Property also covers NoteProperty, as
        // PSMemberTypes.Properties does).
        if let Some(kinds) = get(b, "MemberType") {
            let wanted: Vec<String> = items_of(kinds)
                .iter()
                .flat_map(|k| {
                    convert::to_string(k)
                        .split(',')
                        .map(|s| s.trim().to_ascii_lowercase())
                        .collect::<Vec<_>>()
                })
                .collect();
            rows.retain(|(_, kind, _)| {
                let k = kind.to_ascii_lowercase();
                wanted.iter().any(|w| {
                    w == &k
                        || w == "all"
                        || (w == "properties" && k.ends_with("property"))
                        || (w == "methods" && k.ends_with("method"))
                })
            });
        }
        // Get-Member sorts by member type, then name.
        let rank = |k: &str| match k {
            "AliasProperty" => 0,
            "Method" => 2,
            "NoteProperty" => 3,
            "Property" => 4,
            _ => 5,
        };
        rows.sort_by(|a, b| {
            rank(a.1)
                .cmp(&rank(b.1))
                .then_with(|| a.0.to_ascii_lowercase().cmp(&b.0.to_ascii_lowercase()))
        });
        for (name, kind, def) in rows {
            let mut o = PsObject {
                type_names: vec![Rc::from("Microsoft.PowerShell.Commands.MemberDefinition")],
                ..PsObject::default()
            };
            o.add("TypeName", Value::str(&tn));
            o.add("Name", Value::str(&name));
            o.add("MemberType", Value::str(kind));
            o.add("Definition", Value::str(&def));
            out.push(it, Value::object(o))?;
        }
        Ok(())
    }
}

fn add_member_sig() -> Signature {
    sig(
        "Add-Member",
        "Microsoft.PowerShell.Commands.AddMemberCommand",
    )
    .default_set("TypeNameSet")
    .with(param("InputObject", PType::Any).mandatory().pipeline())
    .with(
        param("MemberType", PType::String)
            .set("MemberSet")
            .pos(0)
            .mandatory()
            .alias("Type"),
    )
    .with(
        param("Name", PType::String)
            .set("MemberSet")
            .pos(1)
            .mandatory(),
    )
    .with(param("Value", PType::Any).set("MemberSet").pos(2))
    .with(param("SecondValue", PType::Any).set("MemberSet").pos(3))
    .with(
        param("NotePropertyName", PType::String)
            .set("NotePropertySingleMemberSet")
            .pos(0)
            .mandatory(),
    )
    .with(
        param("NotePropertyValue", PType::Any)
            .set("NotePropertySingleMemberSet")
            .pos(1)
            .mandatory(),
    )
    .with(
        param("NotePropertyMembers", PType::Any)
            .set("NotePropertyMultiMemberSet")
            .pos(0)
            .mandatory(),
    )
    .with(param("TypeName", PType::String))
    .with(switch("Force"))
    .with(switch("PassThru"))
}

#[derive(Default)]
struct AddMember;

impl CmdletBody for AddMember {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(target) = input.cloned().or_else(|| get(b, "InputObject").cloned()) else {
            return Ok(());
        };
        let mut pairs: Vec<(String, Value)> = Vec::new();
        if let (Some(n), Some(v)) = (get_str(b, "NotePropertyName"), get(b, "NotePropertyValue")) {
            pairs.push((n, v.clone()));
        }
        if let Some(Value::Hashtable(h)) = get(b, "NotePropertyMembers") {
            for (k, v) in h.borrow().entries.values() {
                pairs.push((convert::to_string(k), v.clone()));
            }
        }
        if let Some(n) = get_str(b, "Name") {
            let kind = get_str(b, "MemberType")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let value = get(b, "Value").cloned().unwrap_or(Value::Null);
            match kind.as_str() {
                "noteproperty" | "property" | "aliasproperty" | "scriptproperty"
                | "scriptmethod" => pairs.push((n, value)),
                _ => pairs.push((n, value)),
            }
        }
        let Value::Object(o) = &target else {
            return Err(terminating(fail(
                it,
                "lyncshell adds members only to PowerShell objects (PSCustomObject or cmdlet output).".into(),
                "NotSupported",
                ErrorCategory::NotImplemented,
                "System.NotSupportedException",
            )));
        };
        for (n, v) in pairs {
            let exists = o
                .borrow()
                .properties
                .values()
                .any(|p| p.name.eq_ignore_ascii_case(&n));
            if exists && !flag(b, "Force") {
                let rec = fail(
                    it,
                    format!(
                        "Cannot add a member with the name \"{}\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.",
                        n
                    ),
                    "MemberAlreadyExists,Microsoft.PowerShell.Commands.AddMemberCommand",
                    ErrorCategory::InvalidOperation,
                    "System.InvalidOperationException",
                );
                it.write_error(rec)?;
                continue;
            }
            o.borrow_mut().add(&n, v);
        }
        if let Some(t) = get_str(b, "TypeName") {
            o.borrow_mut().type_names.insert(0, Rc::from(t));
        }
        if flag(b, "PassThru") {
            out.push(it, target)?;
        }
        Ok(())
    }
}

// ----- modules ----------------------------------------------------------------------------

/// Modules and snap-ins a Lync admin's machine has.
pub const KNOWN_MODULES: &[&str] = &[
    "Lync",
    "LyncOnlineConnector",
    "SkypeOnlineConnector",
    "ActiveDirectory",
    "Microsoft.PowerShell.Utility",
    "Microsoft.PowerShell.Management",
    "Microsoft.PowerShell.Security",
];

fn import_module_sig() -> Signature {
    sig(
        "Import-Module",
        "Microsoft.PowerShell.Commands.ImportModuleCommand",
    )
    .with(
        param("Name", PType::Array(Box::new(PType::String)))
            .pos(0)
            .mandatory()
            .by_name(),
    )
    .with(switch("Force"))
    .with(switch("Global"))
    .with(switch("PassThru"))
    .with(switch("AsCustomObject"))
    .with(switch("DisableNameChecking"))
    .with(switch("NoClobber"))
    .with(param("Prefix", PType::String))
    .with(param("Function", PType::Any))
    .with(param("Cmdlet", PType::Any))
    .with(param("Variable", PType::Any))
    .with(param("Alias", PType::Any))
    .with(param("ArgumentList", PType::Any).alias("Args"))
    .with(param("MinimumVersion", PType::Any).alias("Version"))
    .with(param("RequiredVersion", PType::Any))
    .with(param("Scope", PType::String))
}

fn add_pssnapin_sig() -> Signature {
    sig(
        "Add-PSSnapin",
        "Microsoft.PowerShell.Commands.AddPSSnapinCommand",
    )
    .with(
        param("Name", PType::Array(Box::new(PType::String)))
            .pos(0)
            .mandatory()
            .by_name(),
    )
    .with(switch("PassThru"))
}

#[derive(Default)]
struct ImportModule;

impl CmdletBody for ImportModule {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let snapin = it
            .frames
            .last()
            .is_some_and(|f| f.command == "Add-PSSnapin");
        for n in get(b, "Name").map(items_of).unwrap_or_default() {
            let name = convert::to_string(&n);
            let base = name
                .rsplit(['\\', '/'])
                .next()
                .unwrap_or(&name)
                .trim_end_matches(".psd1")
                .trim_end_matches(".psm1")
                .to_string();
            let known = KNOWN_MODULES.iter().find(|m| m.eq_ignore_ascii_case(&base));
            match known {
                Some(m) => {
                    if !it.modules.iter().any(|x| x.eq_ignore_ascii_case(m)) {
                        it.modules.push(m.to_string());
                    }
                }
                None if snapin => {
                    let rec = fail(
                        it,
                        format!(
                            "The Windows PowerShell snap-in '{}' is not installed on this computer.",
                            name
                        ),
                        "AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand",
                        ErrorCategory::InvalidArgument,
                        "System.Management.Automation.PSArgumentException",
                    );
                    it.write_error(rec)?;
                }
                None => {
                    let mut rec = fail(
                        it,
                        format!(
                            "The specified module '{}' was not loaded because no valid module file was found in any module directory.",
                            name
                        ),
                        "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand",
                        ErrorCategory::ResourceUnavailable,
                        "System.IO.FileNotFoundException",
                    );
                    rec.info.target = Some(Value::str(&name));
                    it.write_error(rec)?;
                }
            }
        }
        Ok(())
    }
}

fn get_module_sig() -> Signature {
    sig(
        "Get-Module",
        "Microsoft.PowerShell.Commands.GetModuleCommand",
    )
    .with(
        param("Name", PType::Array(Box::new(PType::String)))
            .pos(0)
            .pipeline(),
    )
    .with(switch("ListAvailable"))
    .with(switch("All"))
}

#[derive(Default)]
struct GetModule;

impl CmdletBody for GetModule {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let list: Vec<String> = if flag(b, "ListAvailable") {
            KNOWN_MODULES.iter().map(|s| s.to_string()).collect()
        } else {
            it.modules.clone()
        };
        let patterns: Vec<String> = get(b, "Name")
            .map(|n| items_of(n).iter().map(convert::to_string).collect())
            .unwrap_or_else(|| vec!["*".into()]);
        for m in list {
            if patterns
                .iter()
                .any(|p| super::ops::Wildcard::new(p, false).is_match(&m))
            {
                let mut o = PsObject {
                    type_names: vec![Rc::from("System.Management.Automation.PSModuleInfo")],
                    ..PsObject::default()
                };
                o.add(
                    "ModuleType",
                    Value::str(if m == "Lync" { "Manifest" } else { "Script" }),
                );
                o.add(
                    "Version",
                    Value::str(if m == "Lync" { "5.0.0.0" } else { "1.0" }),
                );
                o.add("Name", Value::str(&m));
                o.add("ExportedCommands", Value::array(Vec::new()));
                out.push(it, Value::object(o))?;
            }
        }
        Ok(())
    }
}

fn clear_host_sig() -> Signature {
    sig(
        "Clear-Host",
        "Microsoft.PowerShell.Commands.ClearHostCommand",
    )
}

#[derive(Default)]
struct Nothing;

impl CmdletBody for Nothing {
    fn process(
        &mut self,
        _it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        Ok(())
    }
}

fn invoke_expression_sig() -> Signature {
    sig(
        "Invoke-Expression",
        "Microsoft.PowerShell.Commands.InvokeExpressionCommand",
    )
    .with(
        param("Command", PType::String)
            .pos(0)
            .mandatory()
            .pipeline(),
    )
}

#[derive(Default)]
struct InvokeExpression;

impl CmdletBody for InvokeExpression {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let src = get_str(b, "Command").unwrap_or_default();
        it.eval_source(&src, out)
    }
}

fn tee_object_sig() -> Signature {
    sig(
        "Tee-Object",
        "Microsoft.PowerShell.Commands.TeeObjectCommand",
    )
    .default_set("File")
    .with(param("InputObject", PType::Any).pipeline())
    .with(
        param("FilePath", PType::String)
            .set("File")
            .pos(0)
            .mandatory()
            .alias("Path"),
    )
    .with(param("Variable", PType::String).set("Variable").mandatory())
    .with(switch("Append").set("File"))
}

#[derive(Default)]
struct TeeObject {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for TeeObject {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if self.bound.is_none() {
            self.bound = Some(b.clone());
        }
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            self.items.push(v.clone());
            out.push(it, v)?;
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, _out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let items = std::mem::take(&mut self.items);
        if let Some(var) = get_str(&b, "Variable") {
            it.scopes
                .set(&var, pipeline::collapse(items), super::scope::Target::Any);
        } else if let Some(path) = get_str(&b, "FilePath") {
            let text = super::builtins::render_default(it, &items);
            if let Err(rec) = write_file(it, &path, &text, flag(&b, "Append")) {
                it.write_error(*rec)?;
            }
        }
        Ok(())
    }
}
