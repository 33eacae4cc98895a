//! The evaluator: runs the syntax tree the way Windows PowerShell 3.0/4.0 does.
//!
//! It owns scopes, preference variables, the error list and the limits that keep untrusted
//! scripts bounded; it turns every failure into an [`ErrorRecord`] with a position and lets
//! `-ErrorAction` / `$ErrorActionPreference` / `try` / `trap` decide what happens next.
//! Commands are resolved through [`super::commands`]; values are converted and combined by
//! [`super::convert`], [`super::ops`] and [`super::members`]; nothing here prints — text goes
//! through the [`Host`].

use std::cell::RefCell;
use std::rc::Rc;

use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord, Position};
use super::members;
use super::ops;
use super::pipeline::{self, Downstream, NullSink, Processor, Sink};
use super::scope::{FunctionDef, Scopes, Target};
use super::value::{Hashtable, PsObject, ScriptBlockValue, Source, Value};
use crate::syntax::ast::{self, ExprKind, Span, StatementKind};

/// What the interpreter needs from the outside world: text output and prompts.
pub trait Host {
    /// Formatted success output (stdout).
    fn write_output(&mut self, text: &str);
    /// Rendered error records (stderr).
    fn write_error(&mut self, text: &str);
    /// Host text: Write-Host, warnings, verbose and debug lines, WhatIf messages.
    fn write_host(&mut self, text: &str);
    /// Reads a line for a prompt; `None` when there is no interactive user.
    fn read_line(&mut self, prompt: &str) -> Option<String>;
    /// Reads a line without echo (passwords); `None` when not interactive.
    fn read_secret(&mut self, prompt: &str) -> Option<String>;
    /// Console width used by the formatter and error wrapping.
    fn width(&self) -> usize {
        120
    }
}

/// Stack left before a new segment is allocated, and the segment size.
const STACK_RED_ZONE: usize = 512 * 1024;
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Bounds that keep any script finite: exceeding one is a clear, terminating error.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nested function / script block calls.
    pub max_call_depth: usize,
    /// Evaluated statements and loop iterations.
    pub max_steps: u64,
    /// Objects written to outputs in total.
    pub max_output: u64,
    /// Elements of one array / string built by an operator.
    pub max_collection: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // PowerShell's own limit (ScriptCallDepthException at 1001).
            max_call_depth: 1000,
            max_steps: 50_000_000,
            max_output: 10_000_000,
            max_collection: 100_000_000,
        }
    }
}

/// How control leaves a statement other than by finishing.
#[derive(Debug)]
pub enum Flow {
    Break(Option<String>),
    Continue(Option<String>),
    Return,
    Exit(i32),
    /// A terminating error; `script` is true for script-terminating ones (`throw`,
    /// `-ErrorAction Stop`), false for statement-terminating ones (a cmdlet's terminating
    /// error, a runtime exception in an expression).
    Error {
        record: Box<ErrorRecord>,
        script: bool,
    },
    /// `Select-Object -First` has all it needs: upstream stages stop quietly.
    StopUpstream,
}

/// The culture of the emulated server's messages (`--culture`): Lync fault descriptions are
/// localised; PowerShell's own engine texts stay in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Culture {
    #[default]
    EnUs,
    ZhTw,
    FrFr,
}

impl Culture {
    pub fn parse(s: &str) -> Option<Culture> {
        match s.to_ascii_lowercase().as_str() {
            "en-us" | "en" => Some(Culture::EnUs),
            "zh-tw" => Some(Culture::ZhTw),
            "fr-fr" | "fr" => Some(Culture::FrFr),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Culture::EnUs => "en-US",
            Culture::ZhTw => "zh-TW",
            Culture::FrFr => "fr-FR",
        }
    }
}

/// One Lync cmdlet call in the invocation journal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JournalEntry {
    pub command: String,
    /// Bound parameters (declared names) and their values as text.
    pub parameters: indexmap::IndexMap<String, String>,
    /// The script line of the call.
    pub line: Option<usize>,
    /// `ok` or `error: <FullyQualifiedErrorId>`.
    pub outcome: String,
}

/// `$ErrorActionPreference` and `-ErrorAction` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionPreference {
    SilentlyContinue,
    Stop,
    Continue,
    Inquire,
    Ignore,
}

impl ActionPreference {
    pub const NAMES: &'static [&'static str] =
        &["SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore"];

    pub fn parse(s: &str) -> Option<ActionPreference> {
        Some(match s.to_ascii_lowercase().as_str() {
            "silentlycontinue" | "0" => ActionPreference::SilentlyContinue,
            "stop" | "1" => ActionPreference::Stop,
            "continue" | "2" => ActionPreference::Continue,
            "inquire" | "3" => ActionPreference::Inquire,
            "ignore" | "4" => ActionPreference::Ignore,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ActionPreference::SilentlyContinue => "SilentlyContinue",
            ActionPreference::Stop => "Stop",
            ActionPreference::Continue => "Continue",
            ActionPreference::Inquire => "Inquire",
            ActionPreference::Ignore => "Ignore",
        }
    }
}

/// Per-invocation state of the command currently running (for error prefixes and
/// per-command preferences such as `-ErrorAction`).
#[derive(Debug, Clone)]
pub struct Frame {
    /// The name shown before ` : ` in error records written by this invocation.
    pub command: String,
    pub error_action: Option<ActionPreference>,
    pub warning_action: Option<ActionPreference>,
    pub verbose: Option<bool>,
    pub debug: Option<bool>,
    pub whatif: Option<bool>,
    pub confirm: Option<bool>,
    /// `-ErrorVariable` target (name, append).
    pub error_variable: Option<(String, bool)>,
    pub warning_variable: Option<(String, bool)>,
    /// Errors collected for `-ErrorVariable`.
    pub collected_errors: Vec<Value>,
    pub collected_warnings: Vec<Value>,
    /// The extent of the command, for errors written without a position of their own.
    pub position: Option<Position>,
    /// `2>$null` / `2>&1` on this command.
    pub error_redirect: Option<ErrorRedirect>,
}

/// Where a command's error stream goes when redirected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorRedirect {
    /// `2>$null`: recorded in `$Error`, not shown.
    Discard,
    /// `2>&1`: written to the success stream as ErrorRecord objects.
    Merge,
}

impl Frame {
    pub fn new(command: impl Into<String>, position: Option<Position>) -> Frame {
        Frame {
            command: command.into(),
            error_action: None,
            warning_action: None,
            verbose: None,
            debug: None,
            whatif: None,
            confirm: None,
            error_variable: None,
            warning_variable: None,
            collected_errors: Vec::new(),
            collected_warnings: Vec::new(),
            position,
            error_redirect: None,
        }
    }
}

pub struct Interp {
    pub scopes: Scopes,
    pub host: Box<dyn Host>,
    pub limits: Limits,
    steps: u64,
    outputs: u64,
    call_depth: usize,
    /// Number of enclosing `try` blocks / traps (dynamically): terminating errors propagate
    /// to them instead of being reported at the statement.
    try_depth: usize,
    /// `$Error`, newest first.
    pub error_list: Rc<RefCell<Vec<Value>>>,
    /// `$?`.
    pub last_ok: bool,
    /// The source being evaluated (for positions).
    pub source: Rc<Source>,
    pub frames: Vec<Frame>,
    /// User-defined aliases (`Set-Alias`), lower-cased name → command.
    pub aliases: std::collections::HashMap<String, String>,
    /// The emulated deployment every Lync cmdlet reads and changes; it also carries the
    /// virtual clock and the seeded GUID source, so runs are reproducible.
    pub deployment: crate::model::Deployment,
    /// Default views by type name: PowerShell's own and those of the Lync types.
    pub views: super::format::ViewRegistry,
    /// Sub-second part of the virtual clock (the deployment's clock counts whole seconds).
    clock_subticks: i64,
    /// Environment variables (`$env:`), a virtual copy: the host's real environment is
    /// never read or written.
    pub env: indexmap::IndexMap<String, String>,
    /// Every error record written, in order (for the CLI's exit status and the library).
    pub errors_written: Vec<ErrorRecord>,
    /// Output objects of the current top-level statement that will be formatted.
    pub interactive: bool,
    /// Set by `exit`.
    pub exit_code: Option<i32>,
    /// Nesting of statement lists being executed (1 = a script's top level).
    block_depth: usize,
    /// The directory scripts may read and write (the sandbox); `None` = no file access.
    pub workdir: Option<std::path::PathBuf>,
    /// The user name Get-Credential returns in non-interactive runs (`--credential`).
    pub default_credential: Option<String>,
    /// Answer to confirmation prompts when nobody is at the terminal (`--confirm yes|no`).
    pub confirm_default: bool,
    /// Imported modules and snap-ins.
    pub modules: Vec<String>,
    /// Remote sessions to Lync Online and the commands imported from them.
    pub online: crate::cmdlets::online::OnlineState,
    /// Objects that reached the host's Out-Default and wait to be formatted (at the end of the
    /// statement, or before any host text so the order on screen is kept).
    pub pending_output: Vec<Value>,
    /// Where the last `StopUpstream` came from: how many stages, counted from the end of the
    /// pipeline, the stopping command and those after it make (see [`run_stages`]).
    pub stop_depth: Option<usize>,
    /// Position (1-based) of the command being prepared in its pipeline, for prompts.
    pub pipeline_position: usize,
    /// Error records redirected into the success stream (`2>&1`), waiting to be written.
    pub merged_errors: Vec<Value>,
    /// The culture of localised Lync texts.
    pub culture: Culture,
    /// The invocation journal, when enabled.
    pub journal: Option<Vec<JournalEntry>>,
    /// Binder signatures of catalog cmdlets, converted on first use.
    pub signature_cache: std::collections::HashMap<&'static str, Rc<super::binder::Signature>>,
}

/// The result of evaluating `cond` clauses etc.
type R<T> = Result<T, Flow>;

impl Interp {
    pub fn new(host: Box<dyn Host>) -> Interp {
        let source = Rc::new(Source {
            origin: None,
            text: String::new(),
            map: crate::syntax::SourceMap::new(""),
        });
        let mut it = Interp {
            scopes: Scopes::new(),
            host,
            limits: Limits::default(),
            steps: 0,
            outputs: 0,
            call_depth: 0,
            try_depth: 0,
            error_list: Rc::new(RefCell::new(Vec::new())),
            last_ok: true,
            source,
            frames: Vec::new(),
            aliases: Default::default(),
            deployment: crate::model::Deployment::litware(),
            clock_subticks: 0,
            views: crate::cmdlets::views(),
            env: Default::default(),
            errors_written: Vec::new(),
            interactive: false,
            exit_code: None,
            block_depth: 0,
            signature_cache: Default::default(),
            merged_errors: Vec::new(),
            journal: None,
            culture: Culture::EnUs,
            pipeline_position: 1,
            pending_output: Vec::new(),
            stop_depth: None,
            workdir: None,
            default_credential: None,
            confirm_default: true,
            modules: Vec::new(),
            online: Default::default(),
        };
        it.init_variables();
        it
    }

    fn init_variables(&mut self) {
        self.scopes.set_constant("true", Value::Bool(true));
        self.scopes.set_constant("false", Value::Bool(false));
        self.scopes.set_constant("null", Value::Null);
        for (name, value) in [
            ("ErrorActionPreference", "Continue"),
            ("WarningPreference", "Continue"),
            ("VerbosePreference", "SilentlyContinue"),
            ("DebugPreference", "SilentlyContinue"),
            ("ProgressPreference", "Continue"),
            ("ConfirmPreference", "High"),
        ] {
            self.scopes.set(name, Value::str(value), Target::Global);
        }
        self.scopes
            .set("WhatIfPreference", Value::Bool(false), Target::Global);
        self.scopes
            .set("FormatEnumerationLimit", Value::Int(4), Target::Global);
        self.scopes
            .set("MaximumHistoryCount", Value::Int(4096), Target::Global);
        self.scopes.set("OFS", Value::str(" "), Target::Global);
        self.scopes.set(
            "Error",
            Value::Array(self.error_list.clone()),
            Target::Global,
        );
        self.scopes.set("PID", Value::Int(4242), Target::Global);
        self.scopes.set(
            "HOME",
            Value::str(r"C:\Users\Administrator"),
            Target::Global,
        );
        self.scopes.set(
            "PSHOME",
            Value::str(r"C:\Windows\System32\WindowsPowerShell\v1.0"),
            Target::Global,
        );
        self.scopes
            .set("PWD", Value::str(r"C:\Users\Administrator"), Target::Global);
        self.scopes
            .set("LASTEXITCODE", Value::Int(0), Target::Global);
        let mut ver = Hashtable::default();
        for (k, v) in [
            ("PSVersion", Value::str("4.0")),
            ("WSManStackVersion", Value::str("3.0")),
            ("SerializationVersion", Value::str("1.1.0.1")),
            ("CLRVersion", Value::str("4.0.30319.42000")),
            ("BuildVersion", Value::str("6.3.9600.16406")),
            (
                "PSCompatibleVersions",
                Value::array(vec![
                    Value::str("1.0"),
                    Value::str("2.0"),
                    Value::str("3.0"),
                    Value::str("4.0"),
                ]),
            ),
            ("PSRemotingProtocolVersion", Value::str("2.2")),
        ] {
            ver.insert(Value::str(k), v);
        }
        self.scopes.set(
            "PSVersionTable",
            Value::Hashtable(Rc::new(RefCell::new(ver))),
            Target::Global,
        );
        for (k, v) in [
            ("USERNAME", "Administrator"),
            ("USERDOMAIN", "LITWAREINC"),
            ("COMPUTERNAME", "ATL-CS-001"),
            ("USERDNSDOMAIN", "LITWAREINC.COM"),
            ("SystemRoot", r"C:\Windows"),
            ("windir", r"C:\Windows"),
            ("ProgramFiles", r"C:\Program Files"),
            ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
            ("TEMP", r"C:\Users\Administrator\AppData\Local\Temp"),
            ("TMP", r"C:\Users\Administrator\AppData\Local\Temp"),
            ("USERPROFILE", r"C:\Users\Administrator"),
            (
                "PSModulePath",
                r"C:\Users\Administrator\Documents\WindowsPowerShell\Modules;C:\Program Files\WindowsPowerShell\Modules;C:\Windows\system32\WindowsPowerShell\v1.0\Modules\",
            ),
        ] {
            self.env.insert(k.to_string(), v.to_string());
        }
    }

    // ----- limits -------------------------------------------------------------------------

    pub fn step(&mut self, span: Span) -> R<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(self.limit_error(
                format!(
                    "The script exceeded lyncshell's limit of {} evaluation steps. Raise it with --max-steps.",
                    self.limits.max_steps
                ),
                span,
            ));
        }
        Ok(())
    }

    pub fn count_output(&mut self, n: u64) -> R<()> {
        self.outputs += n;
        if self.outputs > self.limits.max_output {
            return Err(self.limit_error(
                format!(
                    "The script exceeded lyncshell's limit of {} output objects. Raise it with --max-output.",
                    self.limits.max_output
                ),
                Span::default(),
            ));
        }
        Ok(())
    }

    /// Strings and arrays built by operators stay within `max_collection` elements, so a
    /// doubling loop ends with an error instead of exhausting memory.
    fn check_size(&self, v: &Value, span: Span) -> R<()> {
        let n = match v {
            Value::String(s) => s.len(),
            Value::Array(a) => a.borrow().len(),
            _ => 0,
        };
        if n > self.limits.max_collection {
            return Err(self.limit_error(
                format!(
                    "The result exceeds lyncshell's limit of {} characters or elements for one value.",
                    self.limits.max_collection
                ),
                span,
            ));
        }
        Ok(())
    }

    fn limit_error(&self, message: String, span: Span) -> Flow {
        let info = ErrorInfo::new(message, "LimitExceeded", ErrorCategory::LimitsExceeded);
        Flow::Error {
            record: Box::new(ErrorRecord::new(info).at(Some(self.pos(span)))),
            script: true,
        }
    }

    pub fn pos(&self, span: Span) -> Position {
        Position {
            source: self.source.clone(),
            span,
        }
    }

    // ----- errors -------------------------------------------------------------------------

    /// A statement-terminating runtime error at `span` (what an expression failure raises).
    pub fn runtime_error(&self, info: ErrorInfo, span: Span) -> Flow {
        Flow::Error {
            record: Box::new(ErrorRecord::new(info).at(Some(self.pos(span)))),
            script: false,
        }
    }

    fn current_error_action(&self) -> ActionPreference {
        if let Some(a) = self.frames.last().and_then(|f| f.error_action) {
            return a;
        }
        self.preference("ErrorActionPreference", ActionPreference::Continue)
    }

    pub fn preference(&self, name: &str, default: ActionPreference) -> ActionPreference {
        match self.scopes.get(name, Target::Any).map(|v| &v.value) {
            Some(v) => ActionPreference::parse(&convert::to_string(v)).unwrap_or(default),
            None => default,
        }
    }

    /// Adds a record to `$Error` (newest first, bounded like `$MaximumErrorCount`).
    pub fn record_error(&mut self, rec: &ErrorRecord) {
        let v = error_record_value(rec);
        let mut list = self.error_list.borrow_mut();
        list.insert(0, v);
        list.truncate(256);
    }

    /// Writes a non-terminating error, honouring `-ErrorAction` / `$ErrorActionPreference`.
    pub fn write_error(&mut self, mut rec: ErrorRecord) -> R<()> {
        if rec.command.is_none() {
            rec.command = self.frames.last().map(|f| f.command.clone());
        }
        if rec.position.is_none() {
            rec.position = self.frames.last().and_then(|f| f.position.clone());
        }
        self.last_ok = false;
        let action = self.current_error_action();
        if action != ActionPreference::Ignore {
            let v = error_record_value(&rec);
            if let Some(f) = self.frames.last_mut()
                && f.error_variable.is_some()
            {
                f.collected_errors.push(v);
            }
        }
        match action {
            ActionPreference::Stop => {
                // -ErrorAction Stop turns the error into a terminating one
                // (ActionPreferenceStopException), which ends the script unless caught.
                Err(Flow::Error {
                    record: Box::new(rec),
                    script: true,
                })
            }
            ActionPreference::Ignore => Ok(()),
            ActionPreference::SilentlyContinue => {
                self.record_error(&rec);
                Ok(())
            }
            ActionPreference::Continue | ActionPreference::Inquire => {
                self.record_error(&rec);
                match self.frames.iter().rev().find_map(|f| f.error_redirect) {
                    Some(ErrorRedirect::Discard) => {}
                    Some(ErrorRedirect::Merge) => self.merged_errors.push(error_record_value(&rec)),
                    None => self.show_error(&rec),
                }
                Ok(())
            }
        }
    }

    /// Host text (Write-Host, warnings, prompts): output still waiting for the default
    /// formatter is printed first, so the console shows both in the order they happened.
    pub fn write_host_text(&mut self, text: &str) {
        self.flush_output();
        self.host.write_host(text);
    }

    /// Formatted text for the success stream (Out-Host).
    pub fn write_output_text(&mut self, text: &str) {
        self.flush_output();
        self.host.write_output(text);
    }

    /// Formats and prints the objects waiting for Out-Default.
    pub fn flush_output(&mut self) {
        if self.pending_output.is_empty() {
            return;
        }
        let values = std::mem::take(&mut self.pending_output);
        let text = super::builtins::render_default(self, &values);
        self.host.write_output(&text);
    }

    /// Prints an error record on the error stream.
    pub fn show_error(&mut self, rec: &ErrorRecord) {
        let width = self.host.width();
        let text = rec.render(width);
        self.flush_output();
        self.host.write_error(&text);
        self.errors_written.push(rec.clone());
    }

    pub fn write_warning(&mut self, text: &str) {
        let pref = self
            .frames
            .last()
            .and_then(|f| f.warning_action)
            .unwrap_or_else(|| self.preference("WarningPreference", ActionPreference::Continue));
        if let Some(f) = self.frames.last_mut()
            && f.warning_variable.is_some()
        {
            f.collected_warnings.push(Value::str(text));
        }
        if matches!(
            pref,
            ActionPreference::Continue | ActionPreference::Inquire | ActionPreference::Stop
        ) {
            self.write_host_text(&format!("WARNING: {}\n", text));
        }
    }

    pub fn write_verbose(&mut self, text: &str) {
        let on = self
            .frames
            .last()
            .and_then(|f| f.verbose)
            .unwrap_or_else(|| {
                self.preference("VerbosePreference", ActionPreference::SilentlyContinue)
                    == ActionPreference::Continue
            });
        if on {
            self.write_host_text(&format!("VERBOSE: {}\n", text));
        }
    }

    pub fn write_debug(&mut self, text: &str) {
        let on = self.frames.last().and_then(|f| f.debug).unwrap_or_else(|| {
            self.preference("DebugPreference", ActionPreference::SilentlyContinue)
                == ActionPreference::Continue
        });
        if on {
            self.write_host_text(&format!("DEBUG: {}\n", text));
        }
    }

    // ----- running scripts -----------------------------------------------------------------

    /// Runs a parsed script in the script scope. Statement-terminating errors are reported
    /// and the script goes on; script-terminating ones end it (reported too).
    pub fn run_script(
        &mut self,
        script: &ast::Script,
        source: Rc<Source>,
        out: &mut dyn Sink,
        new_scope: bool,
    ) {
        let saved = std::mem::replace(&mut self.source, source);
        if new_scope {
            self.scopes.push(true);
        }
        if let Some(origin) = &self.source.origin {
            let root = origin
                .rsplit_once(['\\', '/'])
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            self.scopes
                .set("PSScriptRoot", Value::str(&root), Target::Local);
            self.scopes
                .set("PSCommandPath", Value::str(origin), Target::Local);
        }
        let res = self.run_block_body(&script.body, None, out);
        match res {
            Ok(()) | Err(Flow::Return) => {}
            Err(Flow::Exit(code)) => self.exit_code = Some(code),
            Err(Flow::Error { record, .. }) => {
                self.last_ok = false;
                self.record_error(&record);
                self.show_error(&record);
            }
            Err(Flow::Break(_)) | Err(Flow::Continue(_)) | Err(Flow::StopUpstream) => {}
        }
        if new_scope {
            self.scopes.pop();
        }
        self.source = saved;
    }

    /// Runs the named blocks of a script block body (begin/process/end) with no pipeline
    /// input; `input` is the `$input` enumerator contents when called from a pipeline end.
    fn run_block_body(
        &mut self,
        body: &ast::ScriptBlock,
        input: Option<Vec<Value>>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(b) = &body.begin {
            self.exec_statements(&b.statements, out)?;
        }
        if let Some(b) = &body.process {
            self.exec_statements(&b.statements, out)?;
        }
        if let Some(b) = &body.end {
            if let Some(input) = input {
                self.scopes.set("input", Value::array(input), Target::Local);
            }
            self.exec_statements(&b.statements, out)?;
        }
        Ok(())
    }

    /// Runs a statement list; traps in the list handle terminating errors of its statements.
    pub fn exec_statements(&mut self, stmts: &[ast::Statement], out: &mut dyn Sink) -> R<()> {
        let traps: Vec<&ast::Statement> = stmts
            .iter()
            .filter(|s| matches!(s.kind, StatementKind::Trap { .. }))
            .collect();
        if !traps.is_empty() {
            self.try_depth += 1;
        }
        self.block_depth += 1;
        let top = self.block_depth == 1;
        let mut result = Ok(());
        for s in stmts {
            if matches!(
                s.kind,
                StatementKind::Trap { .. } | StatementKind::Function(_)
            ) {
                if let StatementKind::Function(f) = &s.kind {
                    self.define_function(f);
                }
                continue;
            }
            let r = self.exec_statement_top(s, out);
            if top {
                out.statement_end(self);
            }
            match r {
                Ok(()) => {}
                Err(Flow::Error { record, script }) if !traps.is_empty() => {
                    match self.run_trap(&traps, *record, script, out) {
                        Ok(true) => continue,
                        Ok(false) => break,
                        Err(f) => {
                            result = Err(f);
                            break;
                        }
                    }
                }
                Err(f) => {
                    result = Err(f);
                    break;
                }
            }
        }
        if !traps.is_empty() {
            self.try_depth -= 1;
        }
        self.block_depth -= 1;
        result
    }

    /// Runs the matching trap; Ok(true) = continue with the next statement, Ok(false) =
    /// leave the block (`break` in the trap), Err = rethrow.
    fn run_trap(
        &mut self,
        traps: &[&ast::Statement],
        record: ErrorRecord,
        script: bool,
        out: &mut dyn Sink,
    ) -> R<bool> {
        let mut chosen = None;
        for t in traps {
            if let StatementKind::Trap { type_name, body } = &t.kind {
                match type_name {
                    None => {
                        if chosen.is_none() {
                            chosen = Some(body)
                        }
                    }
                    Some(tn) => {
                        if exception_matches(&record, &tn.name) {
                            chosen = Some(body);
                            break;
                        }
                    }
                }
            }
        }
        let Some(body) = chosen else {
            return Err(Flow::Error {
                record: Box::new(record),
                script,
            });
        };
        self.record_error(&record);
        let ev = error_record_value(&record);
        let saved = self.scopes.get("_", Target::Any).map(|v| v.value.clone());
        self.scopes.set("_", ev.clone(), Target::Local);
        self.scopes.set("PSItem", ev, Target::Local);
        let r = self.exec_statements(&body.statements, out);
        self.scopes
            .set("_", saved.clone().unwrap_or(Value::Null), Target::Local);
        self.scopes
            .set("PSItem", saved.unwrap_or(Value::Null), Target::Local);
        match r {
            Ok(()) => {
                // A trap without break/continue reports the error and continues.
                self.show_error(&record);
                Ok(true)
            }
            Err(Flow::Continue(_)) => Ok(true),
            Err(Flow::Break(_)) => Err(Flow::Error {
                record: Box::new(record),
                script: true,
            }),
            Err(f) => Err(f),
        }
    }

    /// Runs one statement; a statement-terminating error outside any try/trap is reported
    /// here and execution continues with the next statement, as PowerShell does.
    fn exec_statement_top(&mut self, s: &ast::Statement, out: &mut dyn Sink) -> R<()> {
        match self.exec_statement(s, out) {
            Err(Flow::Error {
                record,
                script: false,
            }) if self.try_depth == 0 => {
                self.last_ok = false;
                self.record_error(&record);
                self.show_error(&record);
                Ok(())
            }
            r => r,
        }
    }

    /// Parses and runs source text in the current scope (Invoke-Expression).
    pub fn eval_source(&mut self, src: &str, out: &mut dyn Sink) -> R<()> {
        let parsed = crate::syntax::parse(src);
        if let Some(d) = parsed.diagnostics.first() {
            let info = ErrorInfo::new(d.message.clone(), d.id, ErrorCategory::ParserError)
                .exception("System.Management.Automation.ParseException");
            return Err(Flow::Error {
                record: Box::new(ErrorRecord::new(info)),
                script: false,
            });
        }
        let source = Rc::new(Source {
            origin: None,
            text: src.to_string(),
            map: crate::syntax::SourceMap::new(src),
        });
        let saved = std::mem::replace(&mut self.source, source);
        let r = self.run_block_body(&parsed.script.body, None, out);
        self.source = saved;
        r
    }

    pub fn define_function(&mut self, f: &ast::FunctionDefinition) {
        let (target, name) = match f.name.split_once(':') {
            Some((q, n)) => (
                Target::from_qualifier(Some(q)).unwrap_or(Target::Any),
                n.to_string(),
            ),
            None => (Target::Local, f.name.clone()),
        };
        let def = Rc::new(FunctionDef {
            name: name.clone(),
            def: f.clone(),
            source: self.source.clone(),
        });
        self.scopes.define_function(def, target);
    }

    pub fn exec_statement(&mut self, s: &ast::Statement, out: &mut dyn Sink) -> R<()> {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.exec_statement_inner(s, out)
        })
    }

    fn exec_statement_inner(&mut self, s: &ast::Statement, out: &mut dyn Sink) -> R<()> {
        self.step(s.span)?;
        match &s.kind {
            StatementKind::Pipeline(chain) => self.exec_chain(chain, out),
            StatementKind::Assignment { target, op, value } => {
                self.exec_assignment(target, *op, value, s.span)
            }
            StatementKind::If {
                clauses,
                else_block,
            } => {
                for (cond, body) in clauses {
                    let c = self.eval_pipeline_value(cond)?;
                    if convert::is_true(&c) {
                        return self.exec_statements(&body.statements, out);
                    }
                }
                if let Some(b) = else_block {
                    return self.exec_statements(&b.statements, out);
                }
                Ok(())
            }
            StatementKind::While {
                label,
                condition,
                body,
            } => {
                loop {
                    self.step(s.span)?;
                    let c = self.eval_pipeline_value(condition)?;
                    if !convert::is_true(&c) {
                        break;
                    }
                    match self.loop_body(&body.statements, label, out)? {
                        LoopCtl::Next => {}
                        LoopCtl::Break => break,
                    }
                }
                Ok(())
            }
            StatementKind::DoWhile {
                label,
                body,
                condition,
            }
            | StatementKind::DoUntil {
                label,
                body,
                condition,
            } => {
                let until = matches!(s.kind, StatementKind::DoUntil { .. });
                loop {
                    self.step(s.span)?;
                    match self.loop_body(&body.statements, label, out)? {
                        LoopCtl::Next => {}
                        LoopCtl::Break => break,
                    }
                    let c = convert::is_true(&self.eval_pipeline_value(condition)?);
                    if c == until {
                        break;
                    }
                }
                Ok(())
            }
            StatementKind::For {
                label,
                init,
                condition,
                iterator,
                body,
            } => {
                if let Some(i) = init {
                    self.exec_statement(i, &mut NullSink)?;
                }
                loop {
                    self.step(s.span)?;
                    if let Some(c) = condition {
                        let v = self.eval_pipeline_value(c)?;
                        if !convert::is_true(&v) {
                            break;
                        }
                    }
                    match self.loop_body(&body.statements, label, out)? {
                        LoopCtl::Next => {}
                        LoopCtl::Break => break,
                    }
                    if let Some(i) = iterator {
                        self.exec_statement(i, &mut NullSink)?;
                    }
                }
                Ok(())
            }
            StatementKind::Foreach(f) => {
                let ast::ForeachStatement {
                    label,
                    variable,
                    iterable,
                    body,
                    ..
                } = &**f;
                let v = self.eval_pipeline_value(iterable)?;
                let items = enumerate_for_loop(&v);
                let target = Target::from_qualifier(variable.qualifier.as_deref())
                    .unwrap_or(Target::Any);
                for item in items {
                    self.step(s.span)?;
                    self.scopes.set(&variable.name, item, target);
                    match self.loop_body(&body.statements, label, out)? {
                        LoopCtl::Next => {}
                        LoopCtl::Break => break,
                    }
                }
                Ok(())
            }
            StatementKind::Switch(sw) => self.exec_switch(sw, s.span, out),
            StatementKind::Try {
                body,
                catches,
                finally,
            } => self.exec_try(body, catches, finally.as_ref(), out),
            StatementKind::Trap { .. } => Ok(()),
            StatementKind::Break(label) => Err(Flow::Break(self.label_of(label)?)),
            StatementKind::Continue(label) => Err(Flow::Continue(self.label_of(label)?)),
            StatementKind::Return(v) => {
                if let Some(v) = v {
                    self.exec_statement(v, out)?;
                }
                Err(Flow::Return)
            }
            StatementKind::Exit(v) => {
                let code = match v {
                    Some(v) => {
                        let val = self.eval_statement_value(v)?;
                        match convert::to_number(&val) {
                            Ok(Value::Int(i)) => i,
                            Ok(Value::Long(l)) => l as i32,
                            Ok(Value::Double(d)) => d as i32,
                            _ => 0,
                        }
                    }
                    None => 0,
                };
                Err(Flow::Exit(code))
            }
            StatementKind::Throw(v) => {
                let val = match v {
                    Some(v) => self.eval_statement_value(v)?,
                    None => Value::Null,
                };
                Err(self.throw_error(val, s.span))
            }
            StatementKind::Function(f) => {
                self.define_function(f);
                Ok(())
            }
            StatementKind::Data { variable, body, .. } => {
                let mut items = Vec::new();
                self.exec_statements(&body.statements, &mut items)?;
                match variable {
                    Some(name) => {
                        self.scopes
                            .set(name, pipeline::collapse(items), Target::Any);
                    }
                    None => {
                        for v in items {
                            pipeline::emit(self, out, v)?;
                        }
                    }
                }
                Ok(())
            }
            StatementKind::TypeDefinition(td) => Err(self.runtime_error(
                ErrorInfo::new(
                    format!(
                        "lyncshell does not emulate PowerShell 5 class and enum definitions ('{}'); Lync Server 2013 runs on Windows PowerShell 3.0/4.0, which has none.",
                        td.name
                    ),
                    "TypeDefinitionNotSupported",
                    ErrorCategory::NotImplemented,
                ),
                s.span,
            )),
            // Workflow blocks (`parallel`, `sequence`, `inlinescript`) run in order here.
            StatementKind::Block { body, .. } => self.exec_statements(&body.statements, out),
            StatementKind::Configuration { .. } => Err(self.runtime_error(
                ErrorInfo::new(
                    "lyncshell does not emulate DSC configurations.",
                    "ConfigurationNotSupported",
                    ErrorCategory::NotImplemented,
                ),
                s.span,
            )),
        }
    }

    fn label_of(&mut self, label: &Option<ast::Expr>) -> R<Option<String>> {
        match label {
            None => Ok(None),
            Some(e) => {
                let v = self.eval(e)?;
                Ok(Some(convert::to_string(&v)))
            }
        }
    }

    /// Runs a loop body; `break`/`continue` without a label or with this loop's label act
    /// here, others propagate.
    fn loop_body(
        &mut self,
        stmts: &[ast::Statement],
        label: &Option<String>,
        out: &mut dyn Sink,
    ) -> R<LoopCtl> {
        match self.exec_statements(stmts, out) {
            Ok(()) => Ok(LoopCtl::Next),
            Err(Flow::Break(l)) if label_matches(&l, label) => Ok(LoopCtl::Break),
            Err(Flow::Continue(l)) if label_matches(&l, label) => Ok(LoopCtl::Next),
            Err(f) => Err(f),
        }
    }

    /// `throw value`: a script-terminating error; an ErrorRecord is rethrown as is, anything
    /// else becomes a RuntimeException with the value's text.
    fn throw_error(&self, val: Value, span: Span) -> Flow {
        if let Some(rec) = record_from_value(&val) {
            return Flow::Error {
                record: Box::new(rec),
                script: true,
            };
        }
        let message = match &val {
            Value::Null => "ScriptHalted".to_string(),
            v => convert::to_string(v),
        };
        let mut info = ErrorInfo::new(
            message.clone(),
            "RuntimeException",
            ErrorCategory::OperationStopped,
        );
        info.target = Some(val);
        let mut rec = ErrorRecord::new(info).at(Some(self.pos(span)));
        // `throw 'x'` prints `FullyQualifiedErrorId : x`: the thrown text is the id.
        rec.id_override = Some(message);
        Flow::Error {
            record: Box::new(rec),
            script: true,
        }
    }

    fn exec_try(
        &mut self,
        body: &ast::StatementBlock,
        catches: &[ast::CatchClause],
        finally: Option<&ast::StatementBlock>,
        out: &mut dyn Sink,
    ) -> R<()> {
        self.try_depth += 1;
        let r = self.exec_statements(&body.statements, out);
        self.try_depth -= 1;
        let mut result = match r {
            Err(Flow::Error { record, script }) => {
                let clause = catches.iter().find(|c| {
                    c.types.is_empty()
                        || c.types.iter().any(|t| exception_matches(&record, &t.name))
                });
                match clause {
                    Some(c) => {
                        self.record_error(&record);
                        let ev = error_record_value(&record);
                        let saved = self.scopes.get("_", Target::Any).map(|v| v.value.clone());
                        self.scopes.set("_", ev.clone(), Target::Local);
                        self.scopes.set("PSItem", ev, Target::Local);
                        let r = self.exec_statements(&c.body.statements, out);
                        self.scopes
                            .set("_", saved.clone().unwrap_or(Value::Null), Target::Local);
                        self.scopes
                            .set("PSItem", saved.unwrap_or(Value::Null), Target::Local);
                        r
                    }
                    None => Err(Flow::Error { record, script }),
                }
            }
            other => other,
        };
        if let Some(f) = finally {
            let r = self.exec_statements(&f.statements, out);
            if r.is_err() {
                result = r;
            }
        }
        result
    }

    fn exec_switch(&mut self, sw: &ast::SwitchStatement, span: Span, out: &mut dyn Sink) -> R<()> {
        let has = |f: &str| sw.flags.iter().any(|x| x.eq_ignore_ascii_case(f));
        let regex = has("regex");
        let wildcard = has("wildcard");
        let case = has("casesensitive");
        if has("file") {
            return Err(self.runtime_error(
                ErrorInfo::new(
                    "lyncshell does not read files with switch -File; use Get-Content and a switch on its output.",
                    "SwitchFileNotSupported",
                    ErrorCategory::NotImplemented,
                ),
                span,
            ));
        }
        let v = self.eval_pipeline_value(&sw.condition)?;
        let items = match &v {
            Value::Array(_) | Value::List(_) => enumerate_for_loop(&v),
            _ => vec![v],
        };
        let saved = self.scopes.get("_", Target::Any).map(|v| v.value.clone());
        let result = (|| -> R<()> {
            'items: for item in items {
                self.step(span)?;
                self.scopes.set("_", item.clone(), Target::Local);
                self.scopes.set("PSItem", item.clone(), Target::Local);
                let mut matched = false;
                for clause in &sw.clauses {
                    let hit = match &clause.pattern.kind {
                        ExprKind::ScriptBlock(sb) => {
                            let r =
                                self.invoke_scriptblock_value(sb, Some(item.clone()), vec![])?;
                            convert::is_true(&r)
                        }
                        _ => {
                            let p = self.eval(&clause.pattern)?;
                            let mut m = None;
                            let op = if regex {
                                ast::CompareOp::Match
                            } else if wildcard {
                                ast::CompareOp::Like
                            } else {
                                ast::CompareOp::Eq
                            };
                            let mode = if case {
                                ast::CaseMode::Sensitive
                            } else {
                                ast::CaseMode::Insensitive
                            };
                            let l = if regex || wildcard {
                                Value::str(&convert::to_string(&item))
                            } else {
                                item.clone()
                            };
                            let r = ops::binary(ast::BinaryOp::Compare(op, mode), &l, &p, &mut m)
                                .map_err(|e| self.runtime_error(e, clause.pattern.span))?;
                            if let Some(m) = m {
                                self.scopes.set("Matches", m, Target::Any);
                            }
                            convert::is_true(&r)
                        }
                    };
                    if hit {
                        matched = true;
                        match self.exec_statements(&clause.body.statements, out) {
                            Ok(()) => {}
                            Err(Flow::Break(l)) if label_matches(&l, &sw.label) => break 'items,
                            Err(Flow::Continue(l)) if label_matches(&l, &sw.label) => {
                                continue 'items;
                            }
                            Err(f) => return Err(f),
                        }
                    }
                }
                if !matched && let Some(d) = &sw.default {
                    match self.exec_statements(&d.statements, out) {
                        Ok(()) => {}
                        Err(Flow::Break(l)) if label_matches(&l, &sw.label) => break 'items,
                        Err(Flow::Continue(l)) if label_matches(&l, &sw.label) => continue 'items,
                        Err(f) => return Err(f),
                    }
                }
            }
            Ok(())
        })();
        self.scopes
            .set("_", saved.clone().unwrap_or(Value::Null), Target::Local);
        self.scopes
            .set("PSItem", saved.unwrap_or(Value::Null), Target::Local);
        result
    }

    // ----- pipelines ----------------------------------------------------------------------

    fn exec_chain(&mut self, chain: &ast::PipelineChain, out: &mut dyn Sink) -> R<()> {
        if chain.background {
            return Err(self.runtime_error(
                ErrorInfo::new(
                    "lyncshell does not run background jobs ('&' at the end of a pipeline).",
                    "BackgroundJobsNotSupported",
                    ErrorCategory::NotImplemented,
                ),
                chain.first.span,
            ));
        }
        self.exec_pipeline(&chain.first, out)?;
        for (op, p) in &chain.rest {
            let go = match op {
                ast::ChainOp::And => self.last_ok,
                ast::ChainOp::Or => !self.last_ok,
            };
            if go {
                self.exec_pipeline(p, out)?;
            }
        }
        Ok(())
    }

    /// Runs a pipeline, streaming objects from stage to stage.
    pub fn exec_pipeline(&mut self, p: &ast::Pipeline, out: &mut dyn Sink) -> R<()> {
        // A lone expression: evaluate and write it.
        if let [ast::PipelineElement::Expression { expr, redirections }] = p.elements.as_slice() {
            // `$?` still reads the previous statement's status while this one is evaluated.
            let v = self.eval(expr)?;
            self.last_ok = true;
            // `$i++` / `--$i` as a statement writes nothing, as in PowerShell.
            if let ExprKind::Unary { op, .. } = &expr.kind
                && matches!(
                    op,
                    ast::UnaryOp::PreIncrement
                        | ast::UnaryOp::PreDecrement
                        | ast::UnaryOp::PostIncrement
                        | ast::UnaryOp::PostDecrement
                )
            {
                return Ok(());
            }
            if redirections.iter().any(discards_output) {
                return Ok(());
            }
            return pipeline::emit(self, out, v);
        }
        let mut first_expr = None;
        let mut stages: Vec<Box<dyn Processor>> = Vec::new();
        for (i, el) in p.elements.iter().enumerate() {
            match el {
                ast::PipelineElement::Expression { expr, .. } if i == 0 => first_expr = Some(expr),
                ast::PipelineElement::Expression { expr, .. } => {
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "Expressions are only allowed as the first element of a pipeline.",
                            "ExpressionsMustBeFirstInPipeline",
                            ErrorCategory::ParserError,
                        ),
                        expr.span,
                    ));
                }
                ast::PipelineElement::Command(cmd) => {
                    let proc =
                        super::commands::prepare(self, cmd, i, first_expr.is_some() || i > 0)?;
                    stages.push(proc);
                }
            }
        }
        self.last_ok = true;
        let mut sink_out: &mut dyn Sink = out;
        let mut discard = NullSink;
        let mut to_file: Vec<Value> = Vec::new();
        let mut file_target = None;
        if let Some(ast::PipelineElement::Command(c)) = p.elements.last() {
            if c.redirections.iter().any(discards_output) {
                sink_out = &mut discard;
            } else if let Some((e, append, span)) =
                c.redirections.iter().find_map(|r| match &r.target {
                    ast::RedirectTarget::File(e)
                        if matches!(
                            r.from,
                            ast::RedirectStream::Output | ast::RedirectStream::All
                        ) =>
                    {
                        Some((e, r.append, r.span))
                    }
                    _ => None,
                })
            {
                let path = self.eval(e)?;
                file_target = Some((convert::to_string(&path), append, span));
                sink_out = &mut to_file;
            }
        }
        let r = run_stages(self, &mut stages, first_expr, sink_out);
        if let Some((path, append, span)) = file_target {
            let text = super::builtins::render_default(self, &to_file);
            if let Err(rec) = super::builtins_host::write_file(self, &path, &text, append) {
                return Err(Flow::Error {
                    record: Box::new(rec.at(Some(self.pos(span)))),
                    script: false,
                });
            }
        }
        match r {
            Err(Flow::StopUpstream) => Ok(()),
            r => r,
        }
    }

    /// Evaluates a pipeline and collapses its output to one value (conditions, `foreach` sources).
    pub fn eval_pipeline_value(&mut self, p: &ast::Pipeline) -> R<Value> {
        if let [ast::PipelineElement::Expression { expr, .. }] = p.elements.as_slice() {
            return self.eval(expr);
        }
        let mut items = Vec::new();
        self.exec_pipeline(p, &mut items)?;
        Ok(pipeline::collapse(items))
    }

    /// Evaluates a statement used as a value (the right side of `=`, `return`, `throw`).
    pub fn eval_statement_value(&mut self, s: &ast::Statement) -> R<Value> {
        if let StatementKind::Pipeline(chain) = &s.kind
            && chain.rest.is_empty()
            && !chain.background
            && let [ast::PipelineElement::Expression { expr, .. }] = chain.first.elements.as_slice()
        {
            self.step(s.span)?;
            return self.eval(expr);
        }
        let mut items = Vec::new();
        self.exec_statement(s, &mut items)?;
        Ok(pipeline::collapse(items))
    }

    // ----- assignment ---------------------------------------------------------------------

    fn exec_assignment(
        &mut self,
        target: &ast::Expr,
        op: ast::AssignOp,
        value: &ast::Statement,
        span: Span,
    ) -> R<()> {
        let rhs = self.eval_statement_value(value)?;
        let new = match op {
            ast::AssignOp::Assign => rhs,
            ast::AssignOp::NullCoalesce => {
                let cur = self.eval(target)?;
                if !cur.is_null() {
                    return Ok(());
                }
                rhs
            }
            _ => {
                let cur = self.eval(target)?;
                let bop = match op {
                    ast::AssignOp::Add => ast::BinaryOp::Add,
                    ast::AssignOp::Subtract => ast::BinaryOp::Subtract,
                    ast::AssignOp::Multiply => ast::BinaryOp::Multiply,
                    ast::AssignOp::Divide => ast::BinaryOp::Divide,
                    _ => ast::BinaryOp::Remainder,
                };
                let mut m = None;
                ops::binary(bop, &cur, &rhs, &mut m).map_err(|e| self.runtime_error(e, span))?
            }
        };
        self.assign(target, new, span)
    }

    /// Stores `value` into an assignable expression.
    pub fn assign(&mut self, target: &ast::Expr, value: Value, _span: Span) -> R<()> {
        let span = target.span;
        match &target.kind {
            // `$null = …` discards the value (only Set-Variable refuses the constant).
            ExprKind::Variable(path)
                if path.qualifier.is_none() && path.name.eq_ignore_ascii_case("null") =>
            {
                Ok(())
            }
            ExprKind::Variable(path) => self.set_variable(path, value, target.span),
            ExprKind::Convert { type_name, expr } => {
                let v = self.convert_value(&value, type_name, target.span)?;
                self.assign(expr, v, span)
            }
            ExprKind::Attributed { expr, .. } => self.assign(expr, value, span),
            ExprKind::Member {
                target: obj,
                member,
                is_static,
                ..
            } => {
                if *is_static {
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "lyncshell does not set static members of .NET types.",
                            "StaticMemberAssignment",
                            ErrorCategory::InvalidOperation,
                        ),
                        target.span,
                    ));
                }
                let o = self.eval(obj)?;
                let name = self.member_name(member)?;
                if o.is_null() {
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            format!("The property '{}' cannot be found on this object. Verify that the property exists and can be set.", name),
                            "PropertyNotFound",
                            ErrorCategory::InvalidOperation,
                        ),
                        target.span,
                    ));
                }
                members::set_member(&o, &name, value)
                    .map_err(|e| self.runtime_error(e, target.span))
            }
            ExprKind::Index {
                target: obj, index, ..
            } => {
                let o = self.eval(obj)?;
                let i = self.eval(index)?;
                self.set_index(&o, &i, value, target.span)
            }
            ExprKind::ArrayLiteral(targets) => {
                // `$a, $b = 1, 2, 3`: the last variable takes the rest.
                let items = match &value {
                    Value::Array(a) => a.borrow().clone(),
                    Value::List(l) => l.borrow().items.clone(),
                    v => vec![v.clone()],
                };
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    let v = if i + 1 == n {
                        let rest: Vec<Value> = items.iter().skip(i).cloned().collect();
                        match rest.len() {
                            0 => Value::Null,
                            1 => rest.into_iter().next().unwrap_or(Value::Null),
                            _ => Value::array(rest),
                        }
                    } else {
                        items.get(i).cloned().unwrap_or(Value::Null)
                    };
                    self.assign(t, v, span)?;
                }
                Ok(())
            }
            ExprKind::Paren(inner) => {
                if let StatementKind::Pipeline(chain) = &inner.kind
                    && let [ast::PipelineElement::Expression { expr, .. }] =
                        chain.first.elements.as_slice()
                {
                    return self.assign(expr, value, span);
                }
                Err(self.not_assignable(target.span))
            }
            _ => Err(self.not_assignable(target.span)),
        }
    }

    fn not_assignable(&self, span: Span) -> Flow {
        self.runtime_error(
            ErrorInfo::new(
                "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                "InvalidLeftHandSide",
                ErrorCategory::ParserError,
            ),
            span,
        )
    }

    fn set_index(&mut self, o: &Value, i: &Value, value: Value, span: Span) -> R<()> {
        match o {
            Value::Array(a) => {
                let len = a.borrow().len();
                let idx = self.index_number(i, span)?;
                let real = if idx < 0 { len as i64 + idx } else { idx };
                if real < 0 || real as usize >= len {
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "Index was outside the bounds of the array.",
                            "System.IndexOutOfRangeException",
                            ErrorCategory::InvalidOperation,
                        )
                        .exception("System.IndexOutOfRangeException"),
                        span,
                    ));
                }
                a.borrow_mut()[real as usize] = value;
                Ok(())
            }
            Value::List(l) => {
                let len = l.borrow().items.len();
                let idx = self.index_number(i, span)?;
                let real = if idx < 0 { len as i64 + idx } else { idx };
                if real < 0 || real as usize >= len {
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "Index was out of range. Must be non-negative and less than the size of the collection.\r\nParameter name: index",
                            "ArgumentOutOfRangeException",
                            ErrorCategory::InvalidOperation,
                        )
                        .exception("System.ArgumentOutOfRangeException"),
                        span,
                    ));
                }
                l.borrow_mut().items[real as usize] = value;
                Ok(())
            }
            Value::Hashtable(h) => {
                h.borrow_mut().insert(i.clone(), value);
                Ok(())
            }
            Value::Object(_) => {
                let name = convert::to_string(i);
                members::set_member(o, &name, value).map_err(|e| self.runtime_error(e, span))
            }
            Value::Null => Err(self.runtime_error(
                ErrorInfo::new(
                    "Cannot index into a null array.",
                    "NullArray",
                    ErrorCategory::InvalidOperation,
                ),
                span,
            )),
            other => Err(self.runtime_error(
                ErrorInfo::new(
                    format!(
                        "Unable to index into an object of type {}.",
                        convert::type_name(other)
                    ),
                    "CannotIndex",
                    ErrorCategory::InvalidOperation,
                ),
                span,
            )),
        }
    }

    fn index_number(&self, i: &Value, span: Span) -> R<i64> {
        match convert::convert_to_type(i, "long") {
            Ok(Value::Long(n)) => Ok(n),
            Ok(Value::Int(n)) => Ok(n as i64),
            Ok(_) => Ok(0),
            Err(e) => Err(self.runtime_error(e, span)),
        }
    }

    pub fn set_variable(&mut self, path: &ast::VariablePath, value: Value, span: Span) -> R<()> {
        if let Some(q) = &path.qualifier {
            if q.eq_ignore_ascii_case("env") {
                let s = convert::to_string(&value);
                if value.is_null() || s.is_empty() {
                    self.env.shift_remove(path.name.as_str());
                    let key = self.env_key(&path.name);
                    if let Some(k) = key {
                        self.env.shift_remove(&k);
                    }
                } else {
                    let key = self
                        .env_key(&path.name)
                        .unwrap_or_else(|| path.name.to_string());
                    self.env.insert(key, s);
                }
                return Ok(());
            }
            if q.eq_ignore_ascii_case("function") {
                return Err(self.runtime_error(
                    ErrorInfo::new(
                        "lyncshell does not define functions through the function: drive; use a function statement.",
                        "FunctionDriveNotSupported",
                        ErrorCategory::NotImplemented,
                    ),
                    span,
                ));
            }
        }
        let Some(target) = Target::from_qualifier(path.qualifier.as_deref()) else {
            return Err(self.runtime_error(
                ErrorInfo::new(
                    format!(
                        "Cannot find drive. A drive with the name '{}' does not exist.",
                        path.qualifier.as_deref().unwrap_or("")
                    ),
                    "DriveNotFound",
                    ErrorCategory::ObjectNotFound,
                ),
                span,
            ));
        };
        let name = &path.name;
        // `$ErrorActionPreference = 'Stop'` and friends must hold valid values.
        if is_preference_variable(name) && !value.is_null() {
            let s = convert::to_string(&value);
            if ActionPreference::parse(&s).is_none() {
                return Err(self.runtime_error(
                    ErrorInfo::new(
                        format!(
                            "Cannot convert value \"{}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {} to a valid enumerator name.  Specify one of the following enumerator names and try again: SilentlyContinue, Stop, Continue, Inquire, Ignore\"",
                            s, s
                        ),
                        "RuntimeException",
                        ErrorCategory::MetadataError,
                    )
                    .exception("System.Management.Automation.ArgumentTransformationMetadataException"),
                    span,
                ));
            }
        }
        // `$?` is computed, never stored; constants refuse assignment in `Scopes::set`.
        if name == "?" {
            return Err(self.read_only_error(name, span));
        }
        if !self.scopes.set(name, value, target) {
            return Err(self.read_only_error(name, span));
        }
        Ok(())
    }

    fn read_only_error(&self, name: &str, span: Span) -> Flow {
        self.runtime_error(
            ErrorInfo::new(
                format!(
                    "Cannot overwrite variable {} because it is read-only or constant.",
                    name
                ),
                "VariableNotWritable",
                ErrorCategory::WriteError,
            )
            .exception("System.Management.Automation.SessionStateUnauthorizedAccessException")
            .target(Value::str(name)),
            span,
        )
    }

    fn env_key(&self, name: &str) -> Option<String> {
        self.env
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))
            .cloned()
    }

    pub fn get_variable(&mut self, path: &ast::VariablePath) -> Value {
        if let Some(q) = &path.qualifier {
            if q.eq_ignore_ascii_case("env") {
                return self
                    .env_key(&path.name)
                    .and_then(|k| self.env.get(&k).cloned())
                    .map(|s| Value::str(&s))
                    .unwrap_or(Value::Null);
            }
            if q.eq_ignore_ascii_case("using") {
                return self
                    .scopes
                    .get(&path.name, Target::Any)
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null);
            }
        }
        let name = path.name.as_str();
        match name {
            "?" => return Value::Bool(self.last_ok),
            "PSItem" | "psitem" => {
                return self
                    .scopes
                    .get("_", Target::Any)
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null);
            }
            _ => {}
        }
        let target = Target::from_qualifier(path.qualifier.as_deref()).unwrap_or(Target::Any);
        self.scopes
            .get(name, target)
            .map(|v| v.value.clone())
            .unwrap_or(Value::Null)
    }

    // ----- expressions --------------------------------------------------------------------

    pub fn eval(&mut self, e: &ast::Expr) -> R<Value> {
        // Scripts recurse as deep as PowerShell allows (1000 calls): grow the stack on demand
        // instead of depending on the size of the embedding thread's stack.
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.eval_inner(e))
    }

    fn eval_inner(&mut self, e: &ast::Expr) -> R<Value> {
        match &e.kind {
            ExprKind::Number(n) => Ok(number_value(n)),
            ExprKind::String { value, .. } => Ok(Value::str(value)),
            ExprKind::ExpandableString { parts, .. } => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        ast::StringPart::Text(t) => s.push_str(t),
                        ast::StringPart::Variable { path, .. } => {
                            let v = self.get_variable(path);
                            s.push_str(&convert::to_string(&v));
                        }
                        ast::StringPart::Subexpression { statements, .. } => {
                            let mut items = Vec::new();
                            self.exec_statements(statements, &mut items)?;
                            let v = pipeline::collapse(items);
                            s.push_str(&convert::to_string(&v));
                        }
                    }
                }
                Ok(Value::String(Rc::from(s)))
            }
            ExprKind::Variable(path) => Ok(self.get_variable(path)),
            ExprKind::Splat(path) => Ok(self.get_variable(path)),
            ExprKind::ArrayLiteral(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Ok(Value::array(out))
            }
            ExprKind::ArraySubexpression(stmts) => {
                let mut items = Vec::new();
                self.exec_statements(stmts, &mut items)?;
                Ok(Value::array(items))
            }
            ExprKind::Subexpression(stmts) => {
                let mut items = Vec::new();
                self.exec_statements(stmts, &mut items)?;
                Ok(pipeline::collapse(items))
            }
            ExprKind::Paren(stmt) => self.eval_statement_value(stmt),
            ExprKind::Hashtable(entries) => {
                let mut h = Hashtable::default();
                for entry in entries {
                    let k = self.eval_hash_key(&entry.key)?;
                    let v = self.eval_statement_value(&entry.value)?;
                    if h.contains_key(&k) {
                        return Err(self.runtime_error(
                            ErrorInfo::new(
                                format!(
                                    "Duplicate keys '{}' are not allowed in hash literals.",
                                    convert::to_string(&k)
                                ),
                                "DuplicateKeyInHashLiteral",
                                ErrorCategory::ParserError,
                            ),
                            entry.key.span,
                        ));
                    }
                    h.insert(k, v);
                }
                Ok(Value::Hashtable(Rc::new(RefCell::new(h))))
            }
            ExprKind::ScriptBlock(sb) => Ok(Value::ScriptBlock(Rc::new(ScriptBlockValue {
                block: (**sb).clone(),
                source: self.source.clone(),
            }))),
            ExprKind::TypeLiteral(t) => {
                convert::convert_to_type(&Value::str(&type_text(t)), "type")
                    .map_err(|err| self.runtime_error(err, e.span))
            }
            ExprKind::Convert { type_name, expr } => {
                if type_name.name.eq_ignore_ascii_case("ordered")
                    && let ExprKind::Hashtable(_) = &expr.kind
                {
                    let v = self.eval(expr)?;
                    if let Value::Hashtable(h) = &v {
                        h.borrow_mut().ordered = true;
                    }
                    return Ok(v);
                }
                let v = self.eval(expr)?;
                self.convert_value(&v, type_name, e.span)
            }
            ExprKind::Attributed { expr, .. } => self.eval(expr),
            ExprKind::Unary { op, expr } => self.eval_unary(*op, expr, e.span),
            ExprKind::Binary { op, left, right } => self.eval_binary(*op, left, right, e.span),
            ExprKind::Ternary {
                condition,
                if_true,
                if_false,
            } => {
                let c = self.eval(condition)?;
                if convert::is_true(&c) {
                    self.eval(if_true)
                } else {
                    self.eval(if_false)
                }
            }
            ExprKind::Member {
                target,
                member,
                is_static,
                null_conditional,
            } => {
                let name = self.member_name(member)?;
                if *is_static {
                    let tn = self.static_type_name(target)?;
                    return members::get_static(&tn, &name, self)
                        .map_err(|err| self.runtime_error(err, e.span));
                }
                let o = self.eval(target)?;
                if o.is_null() && *null_conditional {
                    return Ok(Value::Null);
                }
                Ok(members::get_member(&o, &name).unwrap_or(Value::Null))
            }
            ExprKind::InvokeMember {
                target,
                member,
                arguments,
                is_static,
                null_conditional,
            } => {
                let name = self.member_name(member)?;
                let mut args = Vec::with_capacity(arguments.len());
                for a in arguments {
                    args.push(self.eval(a)?);
                }
                if *is_static {
                    let tn = self.static_type_name(target)?;
                    if convert::resolve_type(&tn).is_some_and(|t| t.full_name() == "System.IO.File")
                    {
                        return super::server_disk::file_static(self, &name, &args)
                            .map_err(|err| self.runtime_error(err, e.span));
                    }
                    return members::invoke_static(&tn, &name, &args, self)
                        .map_err(|err| self.runtime_error(err, e.span));
                }
                let o = self.eval(target)?;
                if o.is_null() {
                    if *null_conditional {
                        return Ok(Value::Null);
                    }
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "You cannot call a method on a null-valued expression.",
                            "InvokeMethodOnNull",
                            ErrorCategory::InvalidOperation,
                        ),
                        e.span,
                    ));
                }
                self.invoke_method(&o, &name, args, e.span)
            }
            ExprKind::Index {
                target,
                index,
                null_conditional,
            } => {
                let o = self.eval(target)?;
                if o.is_null() {
                    if *null_conditional {
                        return Ok(Value::Null);
                    }
                    return Err(self.runtime_error(
                        ErrorInfo::new(
                            "Cannot index into a null array.",
                            "NullArray",
                            ErrorCategory::InvalidOperation,
                        ),
                        e.span,
                    ));
                }
                let i = self.eval(index)?;
                Ok(index_value(&o, &i))
            }
            ExprKind::Error => Err(self.runtime_error(
                ErrorInfo::new(
                    "The script contains a syntax error here.",
                    "ParseErrorPlaceholder",
                    ErrorCategory::ParserError,
                ),
                e.span,
            )),
        }
    }

    /// Calls a method, running script blocks for `.Invoke()` / `.InvokeReturnAsIs()` here and
    /// everything else through the member layer.
    fn invoke_method(&mut self, o: &Value, name: &str, args: Vec<Value>, span: Span) -> R<Value> {
        if let Value::ScriptBlock(sb) = o
            && (name.eq_ignore_ascii_case("invoke")
                || name.eq_ignore_ascii_case("invokereturnasis"))
        {
            let sb = sb.clone();
            return self.call_scriptblock(&sb, None, args, false);
        }
        if let Value::Object(obj) = o {
            let is_cmdlet = obj
                .borrow()
                .type_names
                .first()
                .is_some_and(|t| &**t == super::commands::PS_CMDLET);
            if is_cmdlet {
                let function = obj.borrow().to_string.as_deref().unwrap_or("").to_string();
                if let Some(r) = super::commands::invoke_pscmdlet(self, name, &args, &function) {
                    return r;
                }
            }
            // Script methods of objects (Add-Member -MemberType ScriptMethod).
            let method = obj.borrow().properties.get(name).map(|p| p.value.clone());
            if let Some(Value::ScriptBlock(sb)) = method
                && obj
                    .borrow()
                    .type_names
                    .iter()
                    .any(|t| &**t == "lyncshell.ScriptMethod")
            {
                return self.call_scriptblock(&sb, None, args, false);
            }
        }
        members::invoke_method(o, name, &args, self).map_err(|err| self.runtime_error(err, span))
    }

    fn static_type_name(&mut self, target: &ast::Expr) -> R<String> {
        match &target.kind {
            ExprKind::TypeLiteral(t) => Ok(type_text(t)),
            _ => {
                let v = self.eval(target)?;
                Ok(match &v {
                    Value::Type(t) => t.full_name.to_string(),
                    other => convert::to_string(other),
                })
            }
        }
    }

    fn member_name(&mut self, member: &ast::Expr) -> R<String> {
        match &member.kind {
            ExprKind::String { value, .. } => Ok(value.to_string()),
            _ => {
                let v = self.eval(member)?;
                Ok(convert::to_string(&v))
            }
        }
    }

    fn eval_hash_key(&mut self, key: &ast::Expr) -> R<Value> {
        match &key.kind {
            ExprKind::String { value, .. } => Ok(Value::str(value)),
            _ => self.eval(key),
        }
    }

    pub fn convert_value(&mut self, v: &Value, t: &ast::TypeName, span: Span) -> R<Value> {
        let name = type_text(t);
        if name.eq_ignore_ascii_case("void") {
            return Ok(Value::Null);
        }
        convert::convert_to_type(v, &name).map_err(|e| self.runtime_error(e, span))
    }

    fn eval_unary(&mut self, op: ast::UnaryOp, expr: &ast::Expr, span: Span) -> R<Value> {
        use ast::UnaryOp::*;
        match op {
            PreIncrement | PreDecrement | PostIncrement | PostDecrement => {
                let cur = self.eval(expr)?;
                let cur = if cur.is_null() { Value::Int(0) } else { cur };
                let delta = if matches!(op, PreIncrement | PostIncrement) {
                    ast::BinaryOp::Add
                } else {
                    ast::BinaryOp::Subtract
                };
                let mut m = None;
                let new = ops::binary(delta, &cur, &Value::Int(1), &mut m)
                    .map_err(|e| self.runtime_error(e, span))?;
                self.assign(expr, new.clone(), span)?;
                Ok(if matches!(op, PreIncrement | PreDecrement) {
                    new
                } else {
                    cur
                })
            }
            Comma => {
                let v = self.eval(expr)?;
                Ok(Value::array(vec![v]))
            }
            _ => {
                let v = self.eval(expr)?;
                ops::unary(op, &v).map_err(|e| self.runtime_error(e, span))
            }
        }
    }

    fn eval_binary(
        &mut self,
        op: ast::BinaryOp,
        left: &ast::Expr,
        right: &ast::Expr,
        span: Span,
    ) -> R<Value> {
        match op {
            ast::BinaryOp::And => {
                let l = self.eval(left)?;
                if !convert::is_true(&l) {
                    return Ok(Value::Bool(false));
                }
                let r = self.eval(right)?;
                Ok(Value::Bool(convert::is_true(&r)))
            }
            ast::BinaryOp::Or => {
                let l = self.eval(left)?;
                if convert::is_true(&l) {
                    return Ok(Value::Bool(true));
                }
                let r = self.eval(right)?;
                Ok(Value::Bool(convert::is_true(&r)))
            }
            ast::BinaryOp::NullCoalesce => {
                let l = self.eval(left)?;
                if !l.is_null() {
                    return Ok(l);
                }
                self.eval(right)
            }
            _ => {
                let l = self.eval(left)?;
                let r = self.eval(right)?;
                // `-replace` with a script block, `-is`/`-as` with a bare type: handled by ops.
                let mut matches = None;
                let v = ops::binary(op, &l, &r, &mut matches)
                    .map_err(|e| self.runtime_error(e, span))?;
                self.check_size(&v, span)?;
                if let Some(m) = matches {
                    self.scopes.set("Matches", m, Target::Any);
                }
                Ok(v)
            }
        }
    }

    // ----- script blocks and functions ----------------------------------------------------

    /// Runs a script block value with `$_` set to `dollar_under` (if any) and `$args`, in a new
    /// scope (or the current one when `dot`), collecting its output.
    pub fn call_scriptblock(
        &mut self,
        sb: &Rc<ScriptBlockValue>,
        dollar_under: Option<Value>,
        args: Vec<Value>,
        dot: bool,
    ) -> R<Value> {
        let mut items = Vec::new();
        self.run_scriptblock(sb, dollar_under, args, dot, &mut items)?;
        Ok(pipeline::collapse(items))
    }

    /// A script block used as a predicate or calculated property: `$_` set, current scope.
    pub fn invoke_scriptblock_value(
        &mut self,
        sb: &ast::ScriptBlock,
        dollar_under: Option<Value>,
        args: Vec<Value>,
    ) -> R<Value> {
        let v = Rc::new(ScriptBlockValue {
            block: sb.clone(),
            source: self.source.clone(),
        });
        self.call_scriptblock(&v, dollar_under, args, false)
    }

    pub fn run_scriptblock(
        &mut self,
        sb: &Rc<ScriptBlockValue>,
        dollar_under: Option<Value>,
        args: Vec<Value>,
        dot: bool,
        out: &mut dyn Sink,
    ) -> R<()> {
        self.enter_call(sb.block.span)?;
        let saved_source = std::mem::replace(&mut self.source, sb.source.clone());
        if !dot {
            self.scopes.push(false);
        }
        let saved_under = if dot {
            Some(self.scopes.get("_", Target::Local).map(|v| v.value.clone()))
        } else {
            None
        };
        if let Some(d) = &dollar_under {
            self.scopes.set("_", d.clone(), Target::Local);
        }
        let r = (|| -> R<()> {
            let rest = self.bind_simple_params(&sb.block, args)?;
            self.scopes.set("args", Value::array(rest), Target::Local);
            self.run_block_body(&sb.block, None, out)
        })();
        if let Some(saved) = saved_under {
            self.scopes
                .set("_", saved.unwrap_or(Value::Null), Target::Local);
        }
        if !dot {
            self.scopes.pop();
        }
        self.source = saved_source;
        self.leave_call();
        match r {
            Err(Flow::Return) => Ok(()),
            r => r,
        }
    }

    /// Binds positional arguments of `.Invoke(a, b)` / `& { param($x) } 1` to a script block's
    /// `param()`; returns what is left for `$args`.
    fn bind_simple_params(&mut self, sb: &ast::ScriptBlock, args: Vec<Value>) -> R<Vec<Value>> {
        let Some(pb) = &sb.param_block else {
            return Ok(args);
        };
        let mut it = args.into_iter();
        for p in &pb.parameters {
            let v = match it.next() {
                Some(v) => v,
                None => match &p.default {
                    Some(d) => self.eval(d)?,
                    None => Value::Null,
                },
            };
            self.scopes.set(&p.name.name, v, Target::Local);
        }
        Ok(it.collect())
    }

    pub fn enter_call(&mut self, span: Span) -> R<()> {
        self.call_depth += 1;
        if self.call_depth > self.limits.max_call_depth {
            self.call_depth -= 1;
            return Err(Flow::Error {
                record: Box::new(
                    ErrorRecord::new(ErrorInfo::new(
                        format!(
                            "The script failed due to call depth overflow.  The call depth reached {} and the maximum is {}.",
                            self.limits.max_call_depth + 1,
                            self.limits.max_call_depth
                        ),
                        "CallDepthOverflow",
                        ErrorCategory::InvalidOperation,
                    )
                    .exception("System.Management.Automation.ScriptCallDepthException"))
                    .at(Some(self.pos(span))),
                ),
                script: false,
            });
        }
        Ok(())
    }

    pub fn leave_call(&mut self) {
        self.call_depth = self.call_depth.saturating_sub(1);
    }

    pub fn function(&self, name: &str) -> Option<Rc<FunctionDef>> {
        self.scopes.function(name)
    }

    // ----- deterministic clock and ids ----------------------------------------------------

    /// The virtual clock in .NET ticks (the emulated servers' local time is UTC).
    pub fn now_ticks(&self) -> i64 {
        const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
        self.deployment
            .now()
            .0
            .saturating_mul(10_000_000)
            .saturating_add(UNIX_EPOCH_TICKS)
            .saturating_add(self.clock_subticks)
    }

    /// Moves the virtual clock forward (Start-Sleep, simulated delays).
    pub fn advance_clock(&mut self, ticks: i64) {
        let total = self.clock_subticks.saturating_add(ticks.max(0));
        self.clock_subticks = total % 10_000_000;
        self.deployment.advance_clock(total / 10_000_000);
    }
}

impl members::MethodHost for Interp {
    fn now(&mut self) -> super::value::DateTime {
        super::value::DateTime {
            ticks: self.now_ticks(),
            kind: super::value::DateTimeKind::Local,
        }
    }

    fn new_guid(&mut self) -> u128 {
        self.deployment.next_guid().0
    }

    fn machine_name(&self) -> String {
        self.env
            .get("COMPUTERNAME")
            .cloned()
            .unwrap_or_else(|| "ATL-CS-001".into())
    }

    fn user_name(&self) -> String {
        self.env
            .get("USERNAME")
            .cloned()
            .unwrap_or_else(|| "Administrator".into())
    }
}

enum LoopCtl {
    Next,
    Break,
}

fn label_matches(l: &Option<String>, label: &Option<String>) -> bool {
    match (l, label) {
        (None, _) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (Some(_), None) => false,
    }
}

/// Runs prepared stages: begin of every stage, the input (expression or first command),
/// then end of every stage, each stage's output flowing downstream.
/// True when a statement is one expression (`($x)`), not a command pipeline.
fn is_lone_expression(s: &ast::Statement) -> bool {
    matches!(&s.kind, StatementKind::Pipeline(chain)
        if chain.rest.is_empty()
            && matches!(chain.first.elements.as_slice(), [ast::PipelineElement::Expression { .. }]))
}

/// Runs a pipeline's stages. When a command stops the commands before it (`Select-Object
/// -First`: StopUpstreamCommandsException), only those upstream stop: the stopping command and
/// the ones after it still run their end blocks (`… | Select -First 2 | Format-Table` prints).
fn run_stages(
    it: &mut Interp,
    stages: &mut [Box<dyn Processor>],
    first_expr: Option<&ast::Expr>,
    out: &mut dyn Sink,
) -> R<()> {
    it.stop_depth = None;
    match feed_stages(it, stages, first_expr, out) {
        Err(Flow::StopUpstream) => {
            let depth = it.stop_depth.take().unwrap_or(stages.len());
            let from = stages.len().saturating_sub(depth);
            end_stages(it, stages, from, out)?;
            Err(Flow::StopUpstream)
        }
        r => r,
    }
}

/// The end blocks of `stages[from..]`, in order; a later stop only ends the stages it stops.
fn end_stages(
    it: &mut Interp,
    stages: &mut [Box<dyn Processor>],
    from: usize,
    out: &mut dyn Sink,
) -> R<()> {
    for i in from..stages.len() {
        let (head, rest) = stages.split_at_mut(i + 1);
        if let Some(stage) = head.last_mut() {
            let mut down = Downstream {
                stages: rest,
                last: &mut *out,
            };
            match stage.end(it, &mut down) {
                Err(Flow::StopUpstream) => {
                    let depth = it.stop_depth.take().unwrap_or(stages.len() - i);
                    let next = stages.len().saturating_sub(depth).max(i + 1);
                    return end_stages(it, stages, next, out);
                }
                r => r?,
            }
        }
    }
    Ok(())
}

fn feed_stages(
    it: &mut Interp,
    stages: &mut [Box<dyn Processor>],
    first_expr: Option<&ast::Expr>,
    out: &mut dyn Sink,
) -> R<()> {
    for i in 0..stages.len() {
        let (head, rest) = stages.split_at_mut(i + 1);
        if let Some(stage) = head.last_mut() {
            let mut down = Downstream {
                stages: rest,
                last: &mut *out,
            };
            stage.begin(it, &mut down)?;
        }
    }
    match first_expr {
        Some(e) => {
            // `(Get-… | Where-Object …) | Remove-…`: a parenthesized pipeline that wrote nothing
            // yields AutomationNull, which sends no input at all (not one $null).
            let v = match &e.kind {
                ExprKind::Paren(stmt) if !is_lone_expression(stmt) => {
                    let mut items = Vec::new();
                    it.exec_statement(stmt, &mut items)?;
                    (!items.is_empty()).then(|| pipeline::collapse(items))
                }
                _ => Some(it.eval(e)?),
            };
            if let Some(v) = v {
                let mut down = Downstream {
                    stages: &mut *stages,
                    last: &mut *out,
                };
                pipeline::emit(it, &mut down, v)?;
            }
        }
        None => {
            if let Some((first, rest)) = stages.split_first_mut() {
                let mut down = Downstream {
                    stages: rest,
                    last: &mut *out,
                };
                first.process(it, None, &mut down)?;
            }
        }
    }
    end_stages(it, stages, 0, out)
}

fn discards_output(r: &ast::Redirection) -> bool {
    matches!(
        r.from,
        ast::RedirectStream::Output | ast::RedirectStream::All
    ) && matches!(&r.target, ast::RedirectTarget::File(e) if matches!(&e.kind, ExprKind::Variable(p) if p.name.eq_ignore_ascii_case("null")))
}

fn is_preference_variable(name: &str) -> bool {
    [
        "ErrorActionPreference",
        "WarningPreference",
        "VerbosePreference",
        "DebugPreference",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(name))
}

pub fn number_value(n: &ast::Number) -> Value {
    match *n {
        ast::Number::Int32(i) => Value::Int(i),
        ast::Number::Int64(i) => Value::Long(i),
        ast::Number::Double(d) => Value::Double(d),
        ast::Number::Decimal(d) => Value::Decimal(super::value::Decimal {
            mantissa: d.mantissa(),
            scale: d.scale,
        }),
    }
}

/// The type as written, with generic arguments and array suffixes (`List[string]`, `int[]`).
pub fn type_text(t: &ast::TypeName) -> String {
    let mut s = t.name.clone();
    if !t.generic_args.is_empty() {
        s.push('[');
        for (i, a) in t.generic_args.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&type_text(a));
        }
        s.push(']');
    }
    for r in &t.array_ranks {
        s.push('[');
        for _ in 1..*r {
            s.push(',');
        }
        s.push(']');
    }
    s
}

/// What `foreach` iterates: arrays and lists element by element, `$null` not at all,
/// anything else once.
pub fn enumerate_for_loop(v: &Value) -> Vec<Value> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(a) => a.borrow().clone(),
        Value::List(l) => l.borrow().items.clone(),
        other => vec![other.clone()],
    }
}

/// `$x[i]`: arrays with negative indexes and index arrays (slices), hashtables by key,
/// strings by character; out of range gives `$null` (no error in PowerShell).
pub fn index_value(o: &Value, i: &Value) -> Value {
    if let Value::Array(idx) = i
        && !matches!(o, Value::Hashtable(_))
    {
        let idx = idx.borrow().clone();
        let mut out = Vec::new();
        for k in idx {
            let v = index_value(o, &k);
            if !v.is_null() {
                out.push(v);
            }
        }
        return Value::array(out);
    }
    let num = |v: &Value| -> Option<i64> {
        match convert::convert_to_type(v, "long") {
            Ok(Value::Long(n)) => Some(n),
            Ok(Value::Int(n)) => Some(n as i64),
            _ => None,
        }
    };
    let pick = |len: usize, k: i64| -> Option<usize> {
        let real = if k < 0 { len as i64 + k } else { k };
        (real >= 0 && (real as usize) < len).then_some(real as usize)
    };
    match o {
        Value::Array(a) => {
            let a = a.borrow();
            num(i)
                .and_then(|k| pick(a.len(), k))
                .and_then(|k| a.get(k).cloned())
                .unwrap_or(Value::Null)
        }
        Value::List(l) => {
            let l = l.borrow();
            num(i)
                .and_then(|k| pick(l.items.len(), k))
                .and_then(|k| l.items.get(k).cloned())
                .unwrap_or(Value::Null)
        }
        Value::Hashtable(h) => h.borrow().get(i).cloned().unwrap_or(Value::Null),
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            num(i)
                .and_then(|k| pick(chars.len(), k))
                .and_then(|k| chars.get(k).copied())
                .map(Value::Char)
                .unwrap_or(Value::Null)
        }
        Value::Object(obj) => {
            let name = convert::to_string(i);
            let obj = obj.borrow();
            obj.properties
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&name))
                .map(|(_, p)| p.value.clone())
                .unwrap_or(Value::Null)
        }
        // Indexing a scalar with 0 or -1 gives the scalar itself (PowerShell 3+).
        other => match num(i) {
            Some(0) | Some(-1) => other.clone(),
            _ => Value::Null,
        },
    }
}

/// Does `catch [T]` / `trap [T]` match this record? Matches the exception type by full or short
/// name, and the base types everybody catches.
pub fn exception_matches(rec: &ErrorRecord, type_name: &str) -> bool {
    let t = type_name.trim_start_matches("System.").to_ascii_lowercase();
    let ex = rec.info.exception_type.to_ascii_lowercase();
    let ex_short = ex.rsplit('.').next().unwrap_or(&ex).to_string();
    let t_short = t.rsplit('.').next().unwrap_or(&t).to_string();
    if t == "exception" || t_short == "exception" && t.len() <= "exception".len() {
        return true;
    }
    if ex_short == t_short {
        return true;
    }
    // RuntimeException is the base of the engine's exceptions.
    if t_short == "runtimeexception" {
        return ex.starts_with("system.management.automation.");
    }
    if t_short == "systemexception" {
        return true;
    }
    false
}

/// The ErrorRecord object that `$_` in a catch block and `$Error[0]` expose.
pub fn error_record_value(rec: &ErrorRecord) -> Value {
    let mut exc = PsObject {
        type_names: vec![
            Rc::from(rec.info.exception_type),
            Rc::from("System.Exception"),
        ],
        to_string: Some(Rc::from(format!(
            "{}: {}",
            rec.info.exception_type, rec.info.message
        ))),
        ..PsObject::default()
    };
    exc.add("Message", Value::str(&rec.info.message));
    let exc = Value::object(exc);
    let mut ci = PsObject {
        type_names: vec![Rc::from("System.Management.Automation.ErrorCategoryInfo")],
        to_string: Some(Rc::from(rec.category_info())),
        ..PsObject::default()
    };
    ci.add("Category", Value::str(rec.info.category.as_str()));
    ci.add("Activity", Value::str(&rec.activity));
    ci.add("Reason", Value::str(rec.reason()));
    let mut o = PsObject {
        type_names: vec![
            Rc::from("System.Management.Automation.ErrorRecord"),
            Rc::from("System.Object"),
        ],
        to_string: Some(Rc::from(rec.info.message.as_str())),
        ..PsObject::default()
    };
    o.add("Exception", exc);
    o.add(
        "TargetObject",
        rec.info.target.clone().unwrap_or(Value::Null),
    );
    o.add("CategoryInfo", Value::object(ci));
    o.add(
        "FullyQualifiedErrorId",
        Value::str(&rec.fully_qualified_id()),
    );
    o.add("ErrorDetails", Value::Null);
    o.add("InvocationInfo", Value::Null);
    o.add("ScriptStackTrace", Value::str(""));
    o.hidden = Some(Box::new(rec.clone()));
    Value::object(o)
}

/// The record carried by an ErrorRecord value (for rethrowing `throw $_`).
pub fn record_from_value(v: &Value) -> Option<ErrorRecord> {
    match v {
        Value::Object(o) => o.borrow().hidden.as_ref().map(|r| (**r).clone()),
        _ => None,
    }
}
