//! The library's front door: an [`Engine`] runs PowerShell source and reports what it printed
//! and which errors it raised. The CLI and the REPL are clients of this API.

use std::cell::RefCell;
use std::rc::Rc;

use crate::runtime::errors::ErrorRecord;
use crate::runtime::interp::{Flow, Host, Interp, Limits};
use crate::runtime::pipeline::Sink;
use crate::runtime::value::{Source, Value};
use crate::syntax;

/// What one run produced.
#[derive(Debug, Clone, Default)]
pub struct RunOutcome {
    /// Everything written to the success stream, formatted as the console shows it.
    pub output: String,
    /// Host text (Write-Host, warnings, verbose, WhatIf lines), interleaved with `output` in
    /// `transcript`.
    pub host: String,
    /// Rendered error records (parse errors included), in order.
    pub error_text: String,
    /// stdout and stderr interleaved in the order they were written.
    pub transcript: String,
    /// Every error record written (parse errors count as one record each file).
    pub errors: Vec<ErrorRecord>,
    /// True when the source had parse errors (nothing ran).
    pub parse_failed: bool,
    /// The `exit N` code, if the script exited.
    pub exit_code: Option<i32>,
}

impl RunOutcome {
    pub fn succeeded(&self) -> bool {
        self.errors.is_empty() && !self.parse_failed
    }
}

/// Where the engine's text goes.
#[derive(Default)]
struct Buffers {
    output: String,
    host: String,
    errors: String,
    transcript: String,
}

/// A host that records everything, optionally echoing to the process's stdout/stderr.
struct RecordingHost {
    buf: Rc<RefCell<Buffers>>,
    echo: bool,
    width: usize,
    /// Answers for prompts, in order (tests and non-interactive runs).
    answers: Rc<RefCell<Vec<String>>>,
    interactive: bool,
}

impl Host for RecordingHost {
    fn write_output(&mut self, text: &str) {
        if self.echo {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(text.as_bytes());
            let _ = o.flush();
        }
        let mut b = self.buf.borrow_mut();
        b.output.push_str(text);
        b.transcript.push_str(text);
    }

    fn write_error(&mut self, text: &str) {
        if self.echo {
            use std::io::Write;
            let _ = std::io::stdout().lock().flush();
            let mut e = std::io::stderr().lock();
            let _ = e.write_all(text.as_bytes());
            let _ = e.flush();
        }
        let mut b = self.buf.borrow_mut();
        b.errors.push_str(text);
        b.transcript.push_str(text);
    }

    fn write_host(&mut self, text: &str) {
        if self.echo {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(text.as_bytes());
            let _ = o.flush();
        }
        let mut b = self.buf.borrow_mut();
        b.host.push_str(text);
        b.transcript.push_str(text);
    }

    fn read_line(&mut self, prompt: &str) -> Option<String> {
        let queued = {
            let mut answers = self.answers.borrow_mut();
            (!answers.is_empty()).then(|| answers.remove(0))
        };
        if let Some(a) = queued {
            self.write_host(&format!("{}{}\n", prompt, a));
            return Some(a);
        }
        if !self.interactive {
            return None;
        }
        use std::io::Write;
        print!("{}", prompt);
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
        }
    }

    fn read_secret(&mut self, prompt: &str) -> Option<String> {
        let queued = {
            let mut answers = self.answers.borrow_mut();
            (!answers.is_empty()).then(|| answers.remove(0))
        };
        if let Some(a) = queued {
            self.write_host(&format!("{}\n", prompt));
            return Some(a);
        }
        if !self.interactive {
            return None;
        }
        // At a terminal the typed characters show as `*`, never as themselves.
        let mut rl: rustyline::Editor<Masking, rustyline::history::DefaultHistory> =
            rustyline::Editor::new().ok()?;
        rl.set_helper(Some(Masking));
        rl.readline(prompt).ok()
    }

    fn width(&self) -> usize {
        self.width
    }
}

/// A rustyline helper that displays every character of a secret as `*`.
struct Masking;

impl rustyline::highlight::Highlighter for Masking {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> std::borrow::Cow<'l, str> {
        std::borrow::Cow::Owned("*".repeat(line.chars().count()))
    }

    fn highlight_char(
        &self,
        _line: &str,
        _pos: usize,
        _kind: rustyline::highlight::CmdKind,
    ) -> bool {
        true
    }
}

impl rustyline::completion::Completer for Masking {
    type Candidate = String;
}

impl rustyline::hint::Hinter for Masking {
    type Hint = String;
}

impl rustyline::validate::Validator for Masking {}

impl rustyline::Helper for Masking {}

/// The host's default formatter (Out-Default): objects wait in the interpreter until the
/// statement ends or host text must be printed.
struct OutDefault;

impl Sink for OutDefault {
    fn push(&mut self, it: &mut Interp, value: Value) -> Result<(), Flow> {
        it.count_output(1)?;
        it.pending_output.push(value);
        Ok(())
    }

    fn statement_end(&mut self, it: &mut Interp) {
        it.flush_output();
    }
}

/// Options for a new engine.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Echo output to the process's stdout/stderr as it is produced (the CLI); the library
    /// default only records.
    pub echo: bool,
    /// Console width for formatting and error wrapping.
    pub width: usize,
    pub limits: Limits,
    /// A user at a terminal answers prompts.
    pub interactive: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            echo: false,
            width: 120,
            limits: Limits::default(),
            interactive: false,
        }
    }
}

/// A PowerShell session: variables, functions and state persist across `run_*` calls.
pub struct Engine {
    interp: Interp,
    buf: Rc<RefCell<Buffers>>,
    answers: Rc<RefCell<Vec<String>>>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    pub fn new() -> Engine {
        Engine::with_options(EngineOptions::default())
    }

    /// A session on the given deployment.
    pub fn with_deployment(deployment: crate::model::Deployment, opts: EngineOptions) -> Engine {
        let mut e = Engine::with_options(opts);
        e.interp.deployment = deployment;
        e
    }

    /// The deployment as the session has left it.
    pub fn deployment(&self) -> &crate::model::Deployment {
        &self.interp.deployment
    }

    /// Replaces the deployment (e.g. after loading a state file).
    pub fn set_deployment(&mut self, deployment: crate::model::Deployment) {
        self.interp.deployment = deployment;
    }

    pub fn with_options(opts: EngineOptions) -> Engine {
        let buf = Rc::new(RefCell::new(Buffers::default()));
        let answers = Rc::new(RefCell::new(Vec::new()));
        let host = RecordingHost {
            buf: buf.clone(),
            echo: opts.echo,
            width: opts.width,
            answers: answers.clone(),
            interactive: opts.interactive,
        };
        let mut interp = Interp::new(Box::new(host));
        interp.limits = opts.limits;
        interp.interactive = opts.interactive;
        Engine {
            interp,
            buf,
            answers,
        }
    }

    /// Queues answers for prompts (Read-Host, confirmations, mandatory parameters).
    pub fn queue_answers<I: IntoIterator<Item = String>>(&mut self, answers: I) {
        self.answers.borrow_mut().extend(answers);
    }

    /// Runs a command string (errors point at `line:N`).
    pub fn run_script(&mut self, src: &str) -> RunOutcome {
        self.run(src, None)
    }

    /// Runs a script file's text; `origin` is the path shown in error positions.
    pub fn run_file(&mut self, origin: &str, src: &str) -> RunOutcome {
        self.run(src, Some(origin.to_string()))
    }

    fn run(&mut self, src: &str, origin: Option<String>) -> RunOutcome {
        let errors_before = self.interp.errors_written.len();
        let parsed = syntax::parse(src);
        let mut parse_failed = false;
        if !parsed.diagnostics.is_empty() {
            parse_failed = true;
            // A blank line follows the record, as after runtime errors.
            let text = syntax::diagnostics::render(&parsed.diagnostics, src, origin.as_deref());
            self.interp.host.write_error(&format!("{}\n", text));
        } else {
            let source = Rc::new(Source {
                origin,
                text: src.to_string(),
                map: syntax::SourceMap::new(src),
            });
            let mut sink = OutDefault;
            self.interp.exit_code = None;
            let new_scope = source.origin.is_some();
            self.interp
                .run_script(&parsed.script, source, &mut sink, new_scope);
            sink.statement_end(&mut self.interp);
        }
        let b = std::mem::take(&mut *self.buf.borrow_mut());
        RunOutcome {
            output: b.output,
            host: b.host,
            error_text: b.errors,
            transcript: b.transcript,
            errors: self.interp.errors_written[errors_before..].to_vec(),
            parse_failed,
            exit_code: self.interp.exit_code,
        }
    }

    /// The user name Get-Credential returns when nobody is at a terminal.
    pub fn set_credential(&mut self, user: Option<String>) {
        self.interp.default_credential = user;
    }

    /// The answer to confirmation prompts when nobody is at a terminal (default yes).
    pub fn set_confirm_default(&mut self, yes: bool) {
        self.interp.confirm_default = yes;
    }

    /// The directory scripts may read and write; `None` (the default) denies file access.
    pub fn set_workdir(&mut self, dir: Option<std::path::PathBuf>) {
        self.interp.workdir = dir;
    }

    /// Dry run: runs `src` against a copy of the deployment and reports what would change and
    /// which steps would fail. The session's own deployment is not touched.
    pub fn plan(&self, origin: Option<&str>, src: &str) -> crate::plan::Plan {
        let before = self.interp.deployment.clone();
        let mut dry = Engine::with_deployment(
            before.clone(),
            EngineOptions {
                limits: self.interp.limits,
                ..EngineOptions::default()
            },
        );
        dry.interp.workdir = None;
        dry.interp.default_credential = self.interp.default_credential.clone();
        dry.interp.confirm_default = self.interp.confirm_default;
        let outcome = match origin {
            Some(o) => dry.run_file(o, src),
            None => dry.run_script(src),
        };
        let width = dry.interp.host.width();
        let mut failures: Vec<crate::plan::Failure> = outcome
            .errors
            .iter()
            .map(|r| {
                let (line, column) = match &r.position {
                    Some(p) => {
                        let (l, c) = p.source.map.line_col(&p.source.text, p.span.start as usize);
                        (Some(l), Some(c))
                    }
                    None => (None, None),
                };
                crate::plan::Failure {
                    message: r.info.message.clone(),
                    error_id: r.fully_qualified_id(),
                    line,
                    column,
                    record: r.render(width),
                }
            })
            .collect();
        if outcome.parse_failed {
            failures.push(crate::plan::Failure {
                message: "The script has parse errors; nothing would run.".into(),
                error_id: "ParseError".into(),
                line: None,
                column: None,
                record: outcome.error_text.clone(),
            });
        }
        crate::plan::Plan {
            changes: crate::plan::diff(&before, &dry.interp.deployment),
            failures,
        }
    }

    /// Static checks of a script (nothing runs); see [`crate::check`].
    pub fn check(&mut self, file: &str, src: &str) -> Vec<crate::check::Finding> {
        crate::check::check_script(&mut self.interp, file, src)
    }

    /// The culture of localised Lync fault descriptions.
    pub fn set_culture(&mut self, culture: crate::runtime::interp::Culture) {
        self.interp.culture = culture;
    }

    /// Starts (or stops) recording every Lync cmdlet call with its bound parameters and outcome.
    pub fn set_journal(&mut self, on: bool) {
        self.interp.journal = if on { Some(Vec::new()) } else { None };
    }

    /// The invocation journal recorded so far (empty when not enabled).
    pub fn journal(&self) -> &[crate::runtime::interp::JournalEntry] {
        self.interp.journal.as_deref().unwrap_or(&[])
    }

    /// Tab completion of `line` at byte offset `pos`.
    pub fn complete(&mut self, line: &str, pos: usize) -> crate::repl::complete::Completion {
        crate::repl::complete::complete(&mut self.interp, line, pos)
    }

    /// "Did you mean" for an error record of this session: the nearest command names for a
    /// command that was not found, the nearest parameter names for one that matched nothing.
    pub fn suggestions(&mut self, record: &crate::runtime::errors::ErrorRecord) -> Vec<String> {
        crate::repl::suggest::for_record(&mut self.interp, record)
    }

    /// Reads a variable of the session (for embedding and tests).
    pub fn variable(&self, name: &str) -> Option<Value> {
        self.interp
            .scopes
            .get(name, crate::runtime::scope::Target::Any)
            .map(|v| v.value.clone())
    }
}
