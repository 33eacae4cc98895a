//! Command resolution and invocation: aliases → functions → cmdlets, argument evaluation,
//! binding through [`super::binder`], and the processors that run each kind of command as a
//! pipeline stage.

use std::rc::Rc;

use super::binder::{self, Arg, Bound, ErrCtx, PType, ParamDef, ParamInSet, Signature};
use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord, Position};
use super::interp::{Flow, Frame, Interp};
use super::pipeline::{Processor, Sink};
use super::scope::{FunctionDef, Target};
use super::value::{PsObject, ScriptBlockValue, Value};
use crate::syntax::ast::{self, ExprKind, Span};

type R<T> = Result<T, Flow>;

/// The body of a built-in cmdlet: receives bound parameters, never raw tokens.
pub trait CmdletBody {
    fn begin(&mut self, _it: &mut Interp, _b: &Bound, _out: &mut dyn Sink) -> R<()> {
        Ok(())
    }
    /// Called once per input object (with the object's binding), or once with `None` when
    /// the command is first in its pipeline.
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()>;
    fn end(&mut self, _it: &mut Interp, _out: &mut dyn Sink) -> R<()> {
        Ok(())
    }
}

/// A built-in command: its signature and a constructor for its body.
pub struct Builtin {
    pub signature: fn() -> Signature,
    pub make: fn() -> Box<dyn CmdletBody>,
}

/// Aliases every Windows PowerShell session has (the subset scripts use).
pub const ALIASES: &[(&str, &str)] = &[
    ("?", "Where-Object"),
    ("%", "ForEach-Object"),
    ("where", "Where-Object"),
    ("foreach", "ForEach-Object"),
    ("select", "Select-Object"),
    ("sort", "Sort-Object"),
    ("group", "Group-Object"),
    ("measure", "Measure-Object"),
    ("fl", "Format-List"),
    ("ft", "Format-Table"),
    ("gm", "Get-Member"),
    ("echo", "Write-Output"),
    ("write", "Write-Output"),
    ("sleep", "Start-Sleep"),
    ("gv", "Get-Variable"),
    ("sv", "Set-Variable"),
    ("set", "Set-Variable"),
    ("gc", "Get-Content"),
    ("cat", "Get-Content"),
    ("type", "Get-Content"),
    ("sc", "Set-Content"),
    ("ipcsv", "Import-Csv"),
    ("epcsv", "Export-Csv"),
    ("gcm", "Get-Command"),
    ("ipmo", "Import-Module"),
    ("gal", "Get-Alias"),
    ("cls", "Clear-Host"),
    ("clear", "Clear-Host"),
    ("tee", "Tee-Object"),
    ("compare", "Compare-Object"),
    ("diff", "Compare-Object"),
    ("iex", "Invoke-Expression"),
    ("icm", "Invoke-Command"),
    ("ogv", "Out-GridView"),
    ("help", "Get-Help"),
    ("man", "Get-Help"),
];

pub fn resolve_alias(it: &Interp, name: &str) -> Option<String> {
    if let Some(a) = it.aliases.get(&name.to_ascii_lowercase()) {
        return Some(a.clone());
    }
    ALIASES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(name))
        .map(|(_, t)| t.to_string())
}

/// Evaluates a command's arguments in order.
fn eval_args(it: &mut Interp, cmd: &ast::Command) -> R<Vec<Arg>> {
    let mut args = Vec::with_capacity(cmd.elements.len());
    for el in &cmd.elements {
        match el {
            ast::CommandElement::Parameter {
                name,
                argument,
                span,
                ..
            } => {
                let value = match argument {
                    Some(a) => Some(it.eval(a)?),
                    None => None,
                };
                args.push(Arg::Named {
                    name: name.to_string(),
                    value,
                    span: *span,
                });
            }
            ast::CommandElement::Argument(e) => {
                if let ExprKind::Splat(path) = &e.kind {
                    let v = it.get_variable(path);
                    splat(v, e.span, &mut args);
                    continue;
                }
                let value = it.eval(e)?;
                args.push(Arg::Positional {
                    value,
                    span: e.span,
                });
            }
            ast::CommandElement::StopParsing { text, span } => args.push(Arg::Positional {
                value: Value::str(text),
                span: *span,
            }),
        }
    }
    Ok(args)
}

/// `@h` becomes `-Key value` pairs; `@a` becomes positional arguments.
fn splat(v: Value, span: Span, args: &mut Vec<Arg>) {
    match &v {
        Value::Hashtable(h) => {
            for (_, (k, val)) in h.borrow().entries.iter() {
                args.push(Arg::Named {
                    name: convert::to_string(k),
                    value: Some(val.clone()),
                    span,
                });
            }
        }
        Value::Array(a) => {
            for val in a.borrow().iter() {
                args.push(Arg::Positional {
                    value: val.clone(),
                    span,
                });
            }
        }
        Value::Null => {}
        other => args.push(Arg::Positional {
            value: other.clone(),
            span,
        }),
    }
}

/// Resolves, evaluates arguments and binds a command, returning the pipeline stage, with
/// the command's error redirection (`2>$null`, `2>&1`) applied.
pub fn prepare(
    it: &mut Interp,
    cmd: &ast::Command,
    index: usize,
    expects_input: bool,
) -> R<Box<dyn Processor>> {
    it.pipeline_position = index + 1;
    let mut p = prepare_inner(it, cmd, expects_input)?;
    if let Some(r) = error_redirect_of(&cmd.redirections) {
        p.set_error_redirect(r);
    }
    Ok(p)
}

/// `2>$null` and `*>$null` discard errors; `2>&1` merges them into the output.
fn error_redirect_of(redirections: &[ast::Redirection]) -> Option<super::interp::ErrorRedirect> {
    use super::interp::ErrorRedirect;
    redirections.iter().rev().find_map(|r| {
        if !matches!(
            r.from,
            ast::RedirectStream::Error | ast::RedirectStream::All
        ) {
            return None;
        }
        match &r.target {
            ast::RedirectTarget::Stream(ast::RedirectStream::Output) => Some(ErrorRedirect::Merge),
            ast::RedirectTarget::File(_) => Some(ErrorRedirect::Discard),
            _ => None,
        }
    })
}

fn prepare_inner(
    it: &mut Interp,
    cmd: &ast::Command,
    expects_input: bool,
) -> R<Box<dyn Processor>> {
    let position = Some(it.pos(cmd.span));
    // `& $scriptblock`, `& { … }`, `. { … }`.
    let name_value = match &cmd.name.kind {
        ExprKind::String { value, .. } => Value::str(value),
        _ => it.eval(&cmd.name)?,
    };
    let dot = cmd.invocation == ast::Invocation::DotSource;
    if let Value::ScriptBlock(sb) = &name_value {
        let args = eval_args(it, cmd)?;
        return Ok(Box::new(ScriptProcessor::new_block(
            it,
            sb.clone(),
            None,
            args,
            dot,
            expects_input,
            position,
        )?));
    }
    let name = convert::to_string(&name_value);
    let args = eval_args(it, cmd)?;
    let resolved = resolve_alias(it, &name).unwrap_or_else(|| name.clone());
    if let Some(f) = it.function(&resolved) {
        return Ok(Box::new(ScriptProcessor::new_function(
            it,
            f,
            args,
            expects_input,
            position,
        )?));
    }
    if let Some(b) = super::builtins::lookup(&resolved) {
        let sig = (b.signature)();
        return Ok(Box::new(BuiltinProcessor::new(
            it,
            Rc::new(sig),
            (b.make)(),
            args,
            expects_input,
            position,
        )?));
    }
    // Commands imported from an online session (Import-PSSession) shadow local ones.
    if let Some(p) = crate::cmdlets::online::prepare_imported(
        it,
        &resolved,
        args.clone(),
        expects_input,
        position.clone(),
    )? {
        return Ok(p);
    }
    if let Some(p) =
        super::host_commands::prepare(it, &resolved, args.clone(), expects_input, position.clone())?
    {
        return Ok(p);
    }
    if let Some(r) = super::builtins_host::refused(&resolved) {
        return Err(super::builtins_host::refusal(it, r, cmd.span));
    }
    Err(not_recognized(it, &name, cmd.name.span))
}

/// The binder signature of any command name (alias, function, built-in or Lync cmdlet), for
/// completion, help and the static checker.
pub fn signature_for(it: &mut Interp, name: &str) -> Option<Rc<Signature>> {
    let resolved = resolve_alias(it, name).unwrap_or_else(|| name.to_string());
    if let Some(f) = it.function(&resolved) {
        let mut block = f.def.body.clone();
        if block.param_block.is_none() && !f.def.parameters.is_empty() {
            block.param_block = Some(ast::ParamBlock {
                parameters: f.def.parameters.clone(),
                span: f.def.name_span,
            });
        }
        return signature_of_block(it, &f.name, &block).ok().map(Rc::new);
    }
    if let Some(b) = super::builtins::lookup(&resolved) {
        return Some(Rc::new((b.signature)()));
    }
    crate::cmdlets::lookup(&resolved).map(|spec| super::host_commands::signature(it, spec))
}

pub fn not_recognized(it: &Interp, name: &str, span: Span) -> Flow {
    let info = ErrorInfo::new(
        format!(
            "The term '{}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
            name
        ),
        "CommandNotFoundException",
        ErrorCategory::ObjectNotFound,
    )
    .exception("System.Management.Automation.CommandNotFoundException")
    .target(Value::str(name));
    let mut rec = ErrorRecord::new(info).at(Some(it.pos(span)));
    rec.command = Some(name.to_string());
    Flow::Error {
        record: Box::new(rec),
        script: false,
    }
}

/// Resolves the parameter set and checks mandatory parameters; at an interactive prompt the
/// missing ones are asked for, as PowerShell's host does.
fn complete_binding(
    it: &mut Interp,
    sig: &Signature,
    bound: &mut Bound,
    ctx: &ErrCtx,
    position: usize,
) -> Result<(), Box<ErrorRecord>> {
    let set = binder::resolve_set(sig, bound, ctx, false)?;
    let missing = binder::missing_mandatory(sig, bound, &set);
    if !missing.is_empty() && it.interactive {
        it.write_host_text(&format!(
            "\ncmdlet {} at command pipeline position {}\nSupply values for the following parameters:\n",
            sig.name, position
        ));
        for name in &missing {
            let is_array = sig
                .param(name)
                .is_some_and(|p| matches!(p.ty, PType::Array(_)));
            let value = if is_array {
                let mut items = Vec::new();
                loop {
                    match it.host.read_line(&format!("{}[{}]: ", name, items.len())) {
                        Some(a) if !a.is_empty() => items.push(Value::str(&a)),
                        _ => break,
                    }
                }
                Value::array(items)
            } else {
                match it.host.read_line(&format!("{}: ", name)) {
                    Some(a) => Value::str(&a),
                    None => break,
                }
            };
            binder::bind_prompted(sig, bound, name, value, ctx)?;
        }
    }
    binder::check_mandatory(sig, bound, &set, ctx)?;
    bound.set = Some(set);
    Ok(())
}

/// Turns a binding error into a statement-terminating error.
fn bind_err(rec: Box<ErrorRecord>) -> Flow {
    Flow::Error {
        record: rec,
        script: false,
    }
}

/// Builds the frame (error prefix, preferences) of a bound invocation.
fn frame_for(name: &str, b: &Bound, position: Option<Position>) -> Frame {
    let mut f = Frame::new(name, position);
    f.error_action = b.common.error_action;
    f.warning_action = b.common.warning_action;
    f.verbose = b.common.verbose;
    f.debug = b.common.debug;
    f.whatif = b.common.whatif;
    f.confirm = b.common.confirm;
    f.error_variable = b.common.error_variable.as_ref().map(|v| variable_target(v));
    f.warning_variable = b
        .common
        .warning_variable
        .as_ref()
        .map(|v| variable_target(v));
    f
}

/// `-ErrorVariable +errs` appends; `errs` replaces.
fn variable_target(spec: &str) -> (String, bool) {
    match spec.strip_prefix('+') {
        Some(n) => (n.to_string(), true),
        None => (spec.to_string(), false),
    }
}

/// Stores collected `-ErrorVariable` / `-WarningVariable` / `-OutVariable` contents.
fn store_variables(it: &mut Interp, frame: &Frame, out_var: &Option<String>, outputs: &[Value]) {
    let store = |it: &mut Interp, spec: &(String, bool), items: &[Value]| {
        let (name, append) = spec;
        let mut all = Vec::new();
        if *append && let Some(v) = it.scopes.get(name, Target::Any) {
            all.extend(super::interp::enumerate_for_loop(&v.value));
        }
        all.extend(items.iter().cloned());
        it.scopes.set(name, Value::array(all), Target::Any);
    };
    if let Some(spec) = &frame.error_variable {
        store(it, spec, &frame.collected_errors);
    }
    if let Some(spec) = &frame.warning_variable {
        store(it, spec, &frame.collected_warnings);
    }
    if let Some(spec) = out_var {
        store(it, &variable_target(spec), outputs);
    }
}

/// A sink that also records what passes through (for `-OutVariable`).
struct Tee<'a> {
    inner: &'a mut dyn Sink,
    seen: Option<&'a mut Vec<Value>>,
    /// The command has `2>&1`: error records written so far go out before this object, so
    /// the merged stream keeps the order in which things happened.
    merge: bool,
}

impl Sink for Tee<'_> {
    fn push(&mut self, it: &mut Interp, value: Value) -> R<()> {
        if self.merge {
            for e in std::mem::take(&mut it.merged_errors) {
                self.inner.push(it, e)?;
            }
        }
        if let Some(s) = self.seen.as_mut() {
            s.push(value.clone());
        }
        self.inner.push(it, value)
    }
}

/// Runs `f` with `frame` as the current command frame, keeping what it collected.
fn with_frame<T>(it: &mut Interp, frame: &mut Frame, f: impl FnOnce(&mut Interp) -> T) -> T {
    it.frames
        .push(std::mem::replace(frame, Frame::new("", None)));
    let r = f(it);
    if let Some(back) = it.frames.pop() {
        *frame = back;
    }
    r
}

/// A non-terminating error from a binding failure of one pipeline object.
fn write_binding_error(it: &mut Interp, frame: &mut Frame, rec: Box<ErrorRecord>) -> R<()> {
    with_frame(it, frame, |it| it.write_error(*rec))
}

// ----- built-in cmdlets -------------------------------------------------------------------

pub struct BuiltinProcessor {
    sig: Rc<Signature>,
    bound: Bound,
    body: Box<dyn CmdletBody>,
    frame: Frame,
    position: Option<Position>,
    takes_input: bool,
    outputs: Vec<Value>,
    /// Record each call in the invocation journal (the Lync cmdlets do).
    pub journal: bool,
}

impl BuiltinProcessor {
    pub fn new(
        it: &mut Interp,
        sig: Rc<Signature>,
        body: Box<dyn CmdletBody>,
        args: Vec<Arg>,
        expects_input: bool,
        position: Option<Position>,
    ) -> R<BuiltinProcessor> {
        let index = it.pipeline_position;
        let ctx = ErrCtx {
            sig: &sig,
            position: position.clone(),
        };
        let mut bound = binder::bind_command_line(&sig, args, true, &ctx).map_err(bind_err)?;
        if !expects_input {
            complete_binding(it, &sig, &mut bound, &ctx, index).map_err(bind_err)?;
        }
        let takes_input = expects_input && binder::takes_pipeline_input(&sig, &bound);
        let frame = frame_for(&sig.name, &bound, position.clone());
        Ok(BuiltinProcessor {
            sig,
            bound,
            body,
            frame,
            position,
            takes_input,
            outputs: Vec::new(),
            journal: false,
        })
    }

    fn finish_set(&mut self) -> Result<(), Box<ErrorRecord>> {
        if self.bound.set.is_none() {
            let ctx = ErrCtx {
                sig: &self.sig,
                position: self.position.clone(),
            };
            let set = binder::resolve_set(&self.sig, &self.bound, &ctx, false)?;
            binder::check_mandatory(&self.sig, &self.bound, &set, &ctx)?;
            self.bound.set = Some(set);
        }
        Ok(())
    }
}

impl BuiltinProcessor {
    fn begin_inner(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let bound = self.bound.clone();
        let body = &mut self.body;
        let seen = self
            .bound
            .common
            .out_variable
            .is_some()
            .then_some(&mut self.outputs);
        let merge = self.frame.error_redirect == Some(super::interp::ErrorRedirect::Merge);
        with_frame(it, &mut self.frame, |it| {
            let mut tee = Tee {
                inner: out,
                seen,
                merge,
            };
            body.begin(it, &bound, &mut tee)
        })
    }

    fn process_inner(
        &mut self,
        it: &mut Interp,
        input: Option<Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let bound = match &input {
            Some(v) if self.takes_input => {
                let ctx = ErrCtx {
                    sig: &self.sig,
                    position: self.position.clone(),
                };
                match binder::bind_pipeline_input(&self.sig, &self.bound, v, &ctx) {
                    Ok(b) => b,
                    Err(rec) => return write_binding_error(it, &mut self.frame, rec),
                }
            }
            Some(_) => {
                // Input to a command that takes none: PowerShell reports it per object.
                let ctx = ErrCtx {
                    sig: &self.sig,
                    position: self.position.clone(),
                };
                let mut rec = ctx.error(
                    "InputObjectNotBound",
                    "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.".into(),
                    None,
                );
                rec.info.target = input.clone();
                return write_binding_error(it, &mut self.frame, rec);
            }
            None => {
                if let Err(rec) = self.finish_set() {
                    return Err(bind_err(rec));
                }
                self.bound.clone()
            }
        };
        let body = &mut self.body;
        let seen = self
            .bound
            .common
            .out_variable
            .is_some()
            .then_some(&mut self.outputs);
        let errors_before = it.errors_written.len();
        let merge = self.frame.error_redirect == Some(super::interp::ErrorRedirect::Merge);
        let r = with_frame(it, &mut self.frame, |it| {
            let mut tee = Tee {
                inner: out,
                seen,
                merge,
            };
            body.process(it, &bound, input.as_ref(), &mut tee)
        });
        if self.journal && it.journal.is_some() {
            let outcome = match &r {
                Err(Flow::Error { record, .. }) => {
                    format!("error: {}", record.fully_qualified_id())
                }
                _ => match it.errors_written.get(errors_before) {
                    Some(rec) => format!("error: {}", rec.fully_qualified_id()),
                    None => "ok".to_string(),
                },
            };
            let line = self
                .position
                .as_ref()
                .map(|p| p.source.map.line(p.span.start as usize));
            let entry = super::interp::JournalEntry {
                command: self.sig.name.clone(),
                parameters: bound
                    .values
                    .iter()
                    .map(|(k, v)| (k.clone(), convert::to_string(v)))
                    .collect(),
                line,
                outcome,
            };
            if let Some(j) = it.journal.as_mut() {
                j.push(entry);
            }
        }
        r
    }

    fn end_inner(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        // When no input arrived, PowerShell never binds pipeline parameters and raises no
        // missing-mandatory error: only the end part runs.
        let body = &mut self.body;
        let seen = self
            .bound
            .common
            .out_variable
            .is_some()
            .then_some(&mut self.outputs);
        let merge = self.frame.error_redirect == Some(super::interp::ErrorRedirect::Merge);
        let r = with_frame(it, &mut self.frame, |it| {
            let mut tee = Tee {
                inner: out,
                seen,
                merge,
            };
            body.end(it, &mut tee)
        });
        let frame = self.frame.clone();
        store_variables(it, &frame, &self.bound.common.out_variable, &self.outputs);
        r
    }
}

impl Processor for BuiltinProcessor {
    fn begin(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let r = self.begin_inner(it, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn process(&mut self, it: &mut Interp, input: Option<Value>, out: &mut dyn Sink) -> R<()> {
        let r = self.process_inner(it, input, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let r = self.end_inner(it, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn name(&self) -> &str {
        &self.sig.name
    }

    fn set_error_redirect(&mut self, r: super::interp::ErrorRedirect) {
        self.frame.error_redirect = Some(r);
    }
}

/// Writes error records merged into the success stream (`2>&1`) after a call.
fn drain_merged(it: &mut Interp, frame: &Frame, out: &mut dyn Sink) -> R<()> {
    if frame.error_redirect == Some(super::interp::ErrorRedirect::Merge) {
        for v in std::mem::take(&mut it.merged_errors) {
            out.push(it, v)?;
        }
    }
    Ok(())
}

// ----- functions and script blocks --------------------------------------------------------

/// Runs a function, filter or script block as a pipeline stage: one scope for the whole
/// invocation, `begin`/`process`/`end` blocks, `$_` for each input, `$input` for the end block
/// of a function without a process block.
pub struct ScriptProcessor {
    name: String,
    block: Rc<ScriptBlockValue>,
    sig: Rc<Signature>,
    bound: Bound,
    scope: Option<super::scope::Scope>,
    dot: bool,
    is_filter: bool,
    frame: Frame,
    position: Option<Position>,
    takes_input: bool,
    collected_input: Vec<Value>,
    outputs: Vec<Value>,
}

impl ScriptProcessor {
    fn new_function(
        it: &mut Interp,
        f: Rc<FunctionDef>,
        args: Vec<Arg>,
        expects_input: bool,
        position: Option<Position>,
    ) -> R<ScriptProcessor> {
        let mut block = f.def.body.clone();
        if block.param_block.is_none() && !f.def.parameters.is_empty() {
            block.param_block = Some(ast::ParamBlock {
                parameters: f.def.parameters.clone(),
                span: f.def.name_span,
            });
        }
        let is_filter = f.def.kind == ast::FunctionKind::Filter;
        let sb = Rc::new(ScriptBlockValue {
            block,
            source: f.source.clone(),
        });
        Self::new_block(
            it,
            sb,
            Some((f.name.clone(), is_filter)),
            args,
            false,
            expects_input,
            position,
        )
    }

    fn new_block(
        it: &mut Interp,
        block: Rc<ScriptBlockValue>,
        named: Option<(String, bool)>,
        args: Vec<Arg>,
        dot: bool,
        expects_input: bool,
        position: Option<Position>,
    ) -> R<ScriptProcessor> {
        let (name, is_filter) = named.unwrap_or_else(|| (String::new(), false));
        let sig = Rc::new(signature_of_block(it, &name, &block.block)?);
        let ctx = ErrCtx {
            sig: &sig,
            position: position.clone(),
        };
        let mut bound = binder::bind_command_line(&sig, args, true, &ctx).map_err(bind_err)?;
        if !expects_input {
            complete_binding(it, &sig, &mut bound, &ctx, it.pipeline_position).map_err(bind_err)?;
        }
        let takes_input = expects_input && binder::takes_pipeline_input(&sig, &bound);
        let frame_name = if name.is_empty() {
            "".to_string()
        } else {
            name.clone()
        };
        let frame = frame_for(&frame_name, &bound, position.clone());
        Ok(ScriptProcessor {
            name,
            block,
            sig,
            bound,
            scope: None,
            dot,
            is_filter,
            frame,
            position,
            takes_input,
            collected_input: Vec::new(),
            outputs: Vec::new(),
        })
    }

    /// Runs `f` inside this invocation's scope and source.
    fn in_scope<T>(&mut self, it: &mut Interp, f: impl FnOnce(&mut Interp) -> T) -> T {
        let saved_source = std::mem::replace(&mut it.source, self.block.source.clone());
        if !self.dot {
            let scope = self.scope.take().unwrap_or_default();
            it.scopes.push_scope(scope);
        }
        it.frames
            .push(std::mem::replace(&mut self.frame, Frame::new("", None)));
        let r = f(it);
        if let Some(back) = it.frames.pop() {
            self.frame = back;
        }
        if !self.dot {
            self.scope = it.scopes.pop_scope();
        }
        it.source = saved_source;
        r
    }

    fn bind_into_scope(&mut self, it: &mut Interp, bound: &Bound) -> R<()> {
        let sig = self.sig.clone();
        let block = self.block.clone();
        let mut r = Ok(());
        self.in_scope(it, |it| {
            r = set_parameters(it, &sig, &block.block, bound);
        });
        r
    }

    fn run_named(&mut self, it: &mut Interp, which: ast::BlockKind, out: &mut dyn Sink) -> R<()> {
        let block = self.block.clone();
        let nb = match which {
            ast::BlockKind::Begin => &block.block.begin,
            ast::BlockKind::Process => &block.block.process,
            _ => &block.block.end,
        };
        let Some(nb) = nb else { return Ok(()) };
        let seen = self.bound.common.out_variable.is_some();
        let mut outputs = std::mem::take(&mut self.outputs);
        let merge = self.frame.error_redirect == Some(super::interp::ErrorRedirect::Merge);
        let r = self.in_scope(it, |it| {
            let mut tee = Tee {
                inner: out,
                seen: if seen { Some(&mut outputs) } else { None },
                merge,
            };
            match it.exec_statements(&nb.statements, &mut tee) {
                Err(Flow::Return) => Ok(()),
                r => r,
            }
        });
        self.outputs = outputs;
        r
    }

    fn has_named_blocks(&self) -> bool {
        let b = &self.block.block;
        b.begin.is_some() || b.process.is_some() || b.end.as_ref().is_some_and(|e| !e.unnamed)
    }
}

impl ScriptProcessor {
    fn begin_inner(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        // A call-depth overflow is reported at the call site of the function.
        let at = self
            .position
            .as_ref()
            .map(|p| p.span)
            .unwrap_or(self.block.block.span);
        it.enter_call(at)?;
        let bound = self.bound.clone();
        self.bind_into_scope(it, &bound)?;
        self.run_named(it, ast::BlockKind::Begin, out)
    }

    fn process_inner(
        &mut self,
        it: &mut Interp,
        input: Option<Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(v) = &input {
            if self.takes_input {
                let ctx = ErrCtx {
                    sig: &self.sig,
                    position: self.position.clone(),
                };
                match binder::bind_pipeline_input(&self.sig, &self.bound, v, &ctx) {
                    Ok(b) => self.bind_into_scope(it, &b)?,
                    Err(rec) => return write_binding_error(it, &mut self.frame, rec),
                }
            }
            let v2 = v.clone();
            self.in_scope(it, |it| {
                it.scopes.set("_", v2.clone(), Target::Local);
            });
        }
        let simple_end_only = !self.has_named_blocks() && !self.is_filter;
        if simple_end_only {
            // A plain function body is its end block: inputs are collected into $input.
            if let Some(v) = input {
                self.collected_input.push(v);
            }
            return Ok(());
        }
        if self.is_filter && !self.has_named_blocks() {
            return self.run_named(it, ast::BlockKind::End, out);
        }
        self.run_named(it, ast::BlockKind::Process, out)
    }

    fn end_inner(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let r = (|| {
            if self.is_filter && !self.has_named_blocks() {
                return Ok(());
            }
            let input = std::mem::take(&mut self.collected_input);
            self.in_scope(it, |it| {
                it.scopes.set("input", Value::array(input), Target::Local);
            });
            self.run_named(it, ast::BlockKind::End, out)
        })();
        it.leave_call();
        let frame = self.frame.clone();
        let outputs = std::mem::take(&mut self.outputs);
        store_variables(it, &frame, &self.bound.common.out_variable, &outputs);
        r
    }
}

impl Processor for ScriptProcessor {
    fn begin(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let r = self.begin_inner(it, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn process(&mut self, it: &mut Interp, input: Option<Value>, out: &mut dyn Sink) -> R<()> {
        let r = self.process_inner(it, input, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let r = self.end_inner(it, out);
        drain_merged(it, &self.frame, out)?;
        r
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn set_error_redirect(&mut self, r: super::interp::ErrorRedirect) {
        self.frame.error_redirect = Some(r);
    }
}

/// Binds parameter values as variables in the current (function) scope: bound values,
/// defaults for the rest, switches default to false, `$args` for what is left,
/// `$PSBoundParameters` with what was bound.
fn set_parameters(
    it: &mut Interp,
    sig: &Signature,
    block: &ast::ScriptBlock,
    bound: &Bound,
) -> R<()> {
    let mut psbound = super::value::Hashtable::default();
    let decls: Vec<&ast::ParameterDecl> = block
        .param_block
        .as_ref()
        .map(|p| p.parameters.iter().collect())
        .unwrap_or_default();
    for p in &sig.params {
        let v = match bound.values.get(&p.name) {
            Some(v) => {
                psbound.insert(Value::str(&p.name), v.clone());
                v.clone()
            }
            None => {
                let decl = decls
                    .iter()
                    .find(|d| d.name.name.eq_ignore_ascii_case(&p.name));
                match decl.and_then(|d| d.default.as_ref()) {
                    Some(d) => {
                        let v = it.eval(d)?;
                        coerce_default(&p.ty, v)
                    }
                    None if p.ty == PType::Switch => Value::Switch(false),
                    None => match &p.ty {
                        PType::Convert(t) if is_numeric_type(t) => {
                            convert::convert_to_type(&Value::Int(0), t).unwrap_or(Value::Null)
                        }
                        PType::String => Value::str(""),
                        PType::ScriptBool => Value::Bool(false),
                        _ => Value::Null,
                    },
                }
            }
        };
        it.scopes.set(&p.name, v, Target::Local);
    }
    it.scopes
        .set("args", Value::array(bound.unbound.clone()), Target::Local);
    if sig.cmdlet_binding {
        // Common parameters of an advanced function become preference variables in its scope,
        // so the commands it calls inherit them (as in PowerShell).
        let c = &bound.common;
        if let Some(w) = c.whatif {
            it.scopes
                .set("WhatIfPreference", Value::Bool(w), Target::Local);
        }
        if c.confirm == Some(true) {
            it.scopes
                .set("ConfirmPreference", Value::str("Low"), Target::Local);
        }
        if let Some(v) = c.verbose {
            let p = if v { "Continue" } else { "SilentlyContinue" };
            it.scopes
                .set("VerbosePreference", Value::str(p), Target::Local);
        }
        if let Some(d) = c.debug {
            let p = if d { "Continue" } else { "SilentlyContinue" };
            it.scopes
                .set("DebugPreference", Value::str(p), Target::Local);
        }
        if let Some(e) = c.error_action {
            it.scopes
                .set("ErrorActionPreference", Value::str(e.name()), Target::Local);
        }
        let mut cmdlet = PsObject {
            type_names: vec![Rc::from(PS_CMDLET)],
            to_string: Some(Rc::from(sig.name.as_str())),
            ..PsObject::default()
        };
        let set = bound.set.as_deref().unwrap_or("__AllParameterSets");
        cmdlet.add("ParameterSetName", Value::str(set));
        it.scopes
            .set("PSCmdlet", Value::object(cmdlet), Target::Local);
    }
    let mut command = PsObject {
        type_names: vec![Rc::from("System.Management.Automation.FunctionInfo")],
        to_string: Some(Rc::from(sig.name.as_str())),
        ..PsObject::default()
    };
    command.add("Name", Value::str(&sig.name));
    command.add("CommandType", Value::str("Function"));
    let mut inv = PsObject {
        type_names: vec![Rc::from("System.Management.Automation.InvocationInfo")],
        ..PsObject::default()
    };
    inv.add("MyCommand", Value::object(command));
    inv.add("InvocationName", Value::str(&sig.name));
    let script_name = it.source.origin.clone().unwrap_or_default();
    inv.add("ScriptName", Value::str(&script_name));
    it.scopes
        .set("MyInvocation", Value::object(inv), Target::Local);
    it.scopes.set(
        "PSBoundParameters",
        Value::Hashtable(Rc::new(std::cell::RefCell::new(psbound))),
        Target::Local,
    );
    Ok(())
}

fn is_numeric_type(t: &str) -> bool {
    matches!(
        t.to_ascii_lowercase().as_str(),
        "int"
            | "int32"
            | "long"
            | "int64"
            | "double"
            | "decimal"
            | "byte"
            | "system.int32"
            | "system.int64"
            | "system.double"
    )
}

fn coerce_default(ty: &PType, v: Value) -> Value {
    match ty {
        PType::Convert(t) => convert::convert_to_type(&v, t).unwrap_or(v),
        PType::String if !v.is_null() => Value::str(&convert::to_string(&v)),
        _ => v,
    }
}

/// Type name of the `$PSCmdlet` object of advanced functions.
pub const PS_CMDLET: &str = "System.Management.Automation.PSScriptCmdlet";

/// Methods of `$PSCmdlet` that scripts call: the ShouldProcess gate and the stream writers.
pub fn invoke_pscmdlet(
    it: &mut Interp,
    name: &str,
    args: &[Value],
    function: &str,
) -> Option<R<Value>> {
    let arg = |i: usize| args.get(i).map(convert::to_string).unwrap_or_default();
    Some(match name.to_ascii_lowercase().as_str() {
        "shouldprocess" => {
            let (target, action) = match args.len() {
                0 | 1 => (arg(0), function.to_string()),
                _ => (arg(0), arg(1)),
            };
            super::should_process::should_process_impact(
                it,
                &action,
                &target,
                super::should_process::Impact::Medium,
            )
            .map(Value::Bool)
        }
        "shouldcontinue" => Ok(Value::Bool(true)),
        "writeverbose" => {
            it.write_verbose(&arg(0));
            Ok(Value::Null)
        }
        "writewarning" => {
            it.write_warning(&arg(0));
            Ok(Value::Null)
        }
        "writedebug" => {
            it.write_debug(&arg(0));
            Ok(Value::Null)
        }
        "writeerror" | "throwterminatingerror" => {
            let rec = args
                .first()
                .and_then(super::interp::record_from_value)
                .unwrap_or_else(|| {
                    ErrorRecord::new(ErrorInfo::new(
                        arg(0),
                        "RuntimeException",
                        ErrorCategory::NotSpecified,
                    ))
                });
            if name.eq_ignore_ascii_case("writeerror") {
                it.write_error(rec).map(|_| Value::Null)
            } else {
                Err(Flow::Error {
                    record: Box::new(rec),
                    script: true,
                })
            }
        }
        _ => return None,
    })
}

/// Derives a binder signature from a `param()` block and its attributes.
pub fn signature_of_block(it: &mut Interp, name: &str, block: &ast::ScriptBlock) -> R<Signature> {
    let mut sig = Signature {
        name: name.to_string(),
        // A function's FullyQualifiedErrorIds end with its own name.
        class_name: name.to_string(),
        params: Vec::new(),
        sets: Vec::new(),
        default_set: None,
        cmdlet_binding: false,
        should_process: false,
        together: Vec::new(),
    };
    for a in &block.attributes {
        if a.name.name.eq_ignore_ascii_case("CmdletBinding") {
            sig.cmdlet_binding = true;
            for n in &a.named {
                let val = match &n.value {
                    Some(e) => it.eval(e)?,
                    None => Value::Bool(true),
                };
                if n.name.eq_ignore_ascii_case("SupportsShouldProcess") {
                    sig.should_process = convert::is_true(&val);
                } else if n.name.eq_ignore_ascii_case("DefaultParameterSetName") {
                    sig.default_set = Some(convert::to_string(&val));
                }
            }
        }
    }
    let Some(pb) = &block.param_block else {
        return Ok(sig);
    };
    let mut sets: Vec<String> = Vec::new();
    let mut next_pos = 0u32;
    let mut any_explicit_position = false;
    for decl in &pb.parameters {
        let mut p = ParamDef {
            name: decl.name.name.to_string(),
            aliases: Vec::new(),
            ty: PType::Any,
            sets: Vec::new(),
            value_from_remaining: false,
            not_null: false,
            not_null_or_empty: false,
            validate_set: Vec::new(),
            validate_range: None,
        };
        for a in &decl.attributes {
            match a {
                ast::AttributeOrType::Type(t) => p.ty = ptype_of(t),
                ast::AttributeOrType::Attribute(attr) => {
                    let an = attr.name.name.to_ascii_lowercase();
                    match an.as_str() {
                        "parameter" => {
                            sig.cmdlet_binding = true;
                            let mut ps = ParamInSet {
                                set: None,
                                position: None,
                                mandatory: false,
                                from_pipeline: false,
                                from_pipeline_by_name: false,
                            };
                            for n in &attr.named {
                                let val = match &n.value {
                                    Some(e) => it.eval(e)?,
                                    None => Value::Bool(true),
                                };
                                match n.name.to_ascii_lowercase().as_str() {
                                    "mandatory" => ps.mandatory = convert::is_true(&val),
                                    "position" => {
                                        any_explicit_position = true;
                                        ps.position = convert::to_string(&val).parse().ok();
                                    }
                                    "valuefrompipeline" => {
                                        ps.from_pipeline = convert::is_true(&val)
                                    }
                                    "valuefrompipelinebypropertyname" => {
                                        ps.from_pipeline_by_name = convert::is_true(&val)
                                    }
                                    "valuefromremainingarguments" => {
                                        p.value_from_remaining = convert::is_true(&val)
                                    }
                                    "parametersetname" => {
                                        let s = convert::to_string(&val);
                                        if !s.eq_ignore_ascii_case("__AllParameterSets") {
                                            if !sets.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
                                                sets.push(s.clone());
                                            }
                                            ps.set = Some(s);
                                        }
                                    }
                                    _ => {}
                                }
                            }
                            p.sets.push(ps);
                        }
                        "alias" => {
                            for e in &attr.positional {
                                let v = it.eval(e)?;
                                for item in super::interp::enumerate_for_loop(&v) {
                                    p.aliases.push(convert::to_string(&item));
                                }
                            }
                        }
                        "validatenotnull" => p.not_null = true,
                        "validatenotnullorempty" => p.not_null_or_empty = true,
                        "validateset" => {
                            for e in &attr.positional {
                                let v = it.eval(e)?;
                                for item in super::interp::enumerate_for_loop(&v) {
                                    p.validate_set.push(convert::to_string(&item));
                                }
                            }
                        }
                        "validaterange" => {
                            if let [lo, hi] = attr.positional.as_slice() {
                                let lo = it.eval(lo)?;
                                let hi = it.eval(hi)?;
                                if let (Some(a), Some(b)) =
                                    (convert::num_to_f64(&lo), convert::num_to_f64(&hi))
                                {
                                    p.validate_range = Some((a, b));
                                }
                            }
                        }
                        "cmdletbinding" => sig.cmdlet_binding = true,
                        _ => {}
                    }
                }
            }
        }
        if p.sets.is_empty() {
            p.sets.push(ParamInSet {
                set: None,
                position: None,
                mandatory: false,
                from_pipeline: false,
                from_pipeline_by_name: false,
            });
        }
        sig.params.push(p);
    }
    // Without explicit positions, parameters are positional in declaration order
    // (PositionalBinding defaults to true); switches never are.
    if !any_explicit_position {
        for p in &mut sig.params {
            if p.ty == PType::Switch || p.value_from_remaining {
                continue;
            }
            for s in &mut p.sets {
                s.position = Some(next_pos);
            }
            next_pos += 1;
        }
    }
    sig.sets = sets;
    Ok(sig)
}

/// A script parameter's type constraint as a binder type.
fn ptype_of(t: &ast::TypeName) -> PType {
    let text = super::interp::type_text(t);
    let lower = text.to_ascii_lowercase();
    let base = lower.trim_start_matches("system.");
    match base {
        "switch" | "management.automation.switchparameter" => PType::Switch,
        "bool" | "boolean" => PType::ScriptBool,
        "string" => PType::String,
        "object" | "psobject" => PType::Any,
        "scriptblock" | "management.automation.scriptblock" => PType::ScriptBlock,
        _ => {
            if let Some(inner) = text.strip_suffix("[]") {
                let inner_t = ast::TypeName {
                    name: inner.to_string(),
                    generic_args: Vec::new(),
                    array_ranks: Vec::new(),
                    span: t.span,
                };
                return PType::Array(Box::new(ptype_of(&inner_t)));
            }
            PType::Convert(text)
        }
    }
}
