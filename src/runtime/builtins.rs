//! The core PowerShell cmdlets that Lync scripts use around the Cs* ones.
//!
//! Each cmdlet is declared once: a [`Signature`] built with the small builder below (binding,
//! help and completion read it) and a [`CmdletBody`] that receives already-bound values.

use std::cell::RefCell;
use std::rc::Rc;

use super::binder::{Bound, PType, ParamDef, ParamInSet, Signature};
use super::commands::{Builtin, CmdletBody};
use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use super::format::{self, PropSel};
use super::interp::{Flow, Interp};
use super::members;
use super::ops;
use super::pipeline::{self, Sink};
use super::scope::Target;
use super::value::{Hashtable, PsObject, Value};

type R<T> = Result<T, Flow>;

// ----- signature builder ------------------------------------------------------------------

pub fn sig(name: &str, class_name: &str) -> Signature {
    Signature {
        name: name.to_string(),
        class_name: class_name.to_string(),
        params: Vec::new(),
        sets: Vec::new(),
        default_set: None,
        cmdlet_binding: true,
        should_process: false,
        together: Vec::new(),
    }
}

pub fn param(name: &str, ty: PType) -> ParamDef {
    ParamDef {
        name: name.to_string(),
        aliases: Vec::new(),
        ty,
        sets: vec![ParamInSet {
            set: None,
            position: None,
            mandatory: false,
            from_pipeline: false,
            from_pipeline_by_name: false,
        }],
        value_from_remaining: false,
        not_null: false,
        not_null_or_empty: false,
        validate_set: Vec::new(),
        validate_range: None,
    }
}

pub fn switch(name: &str) -> ParamDef {
    param(name, PType::Switch)
}

impl ParamDef {
    fn last(&mut self) -> &mut ParamInSet {
        if self.sets.is_empty() {
            self.sets.push(ParamInSet {
                set: None,
                position: None,
                mandatory: false,
                from_pipeline: false,
                from_pipeline_by_name: false,
            });
        }
        let n = self.sets.len() - 1;
        &mut self.sets[n]
    }

    pub fn pos(mut self, n: u32) -> ParamDef {
        self.last().position = Some(n);
        self
    }

    pub fn mandatory(mut self) -> ParamDef {
        self.last().mandatory = true;
        self
    }

    pub fn pipeline(mut self) -> ParamDef {
        self.last().from_pipeline = true;
        self
    }

    pub fn by_name(mut self) -> ParamDef {
        self.last().from_pipeline_by_name = true;
        self
    }

    pub fn remaining(mut self) -> ParamDef {
        self.value_from_remaining = true;
        self
    }

    pub fn alias(mut self, a: &str) -> ParamDef {
        self.aliases.push(a.to_string());
        self
    }

    /// Moves the parameter into the named set (the first call replaces "all sets"); later
    /// calls add the parameter to further sets with fresh flags.
    pub fn set(mut self, name: &str) -> ParamDef {
        if self.sets.len() == 1 && self.sets[0].set.is_none() {
            self.sets[0].set = Some(name.to_string());
        } else {
            self.sets.push(ParamInSet {
                set: Some(name.to_string()),
                position: None,
                mandatory: false,
                from_pipeline: false,
                from_pipeline_by_name: false,
            });
        }
        self
    }

    pub fn validate_set(mut self, values: &[&str]) -> ParamDef {
        self.validate_set = values.iter().map(|s| s.to_string()).collect();
        self
    }
}

impl Signature {
    pub fn with(mut self, p: ParamDef) -> Signature {
        for s in &p.sets {
            if let Some(n) = &s.set
                && !self.sets.iter().any(|x| x == n)
            {
                self.sets.push(n.clone());
            }
        }
        self.params.push(p);
        self
    }

    pub fn default_set(mut self, name: &str) -> Signature {
        self.default_set = Some(name.to_string());
        self
    }

    pub fn should_process(mut self) -> Signature {
        self.should_process = true;
        self
    }
}

fn object_array() -> PType {
    PType::Array(Box::new(PType::Any))
}

fn string_array() -> PType {
    PType::Array(Box::new(PType::String))
}

// ----- registry ---------------------------------------------------------------------------

/// A table entry: the signature function and the body type of a built-in cmdlet.
macro_rules! builtin {
    ($sig:ident, $body:ty) => {
        Builtin {
            signature: $sig,
            make: || Box::new(<$body>::default()),
        }
    };
}
pub(crate) use builtin;

/// Every built-in cmdlet, by name.
pub fn table() -> &'static [(&'static str, Builtin)] {
    static TABLE: &[(&str, Builtin)] = &[
        ("Write-Output", builtin!(write_output_sig, WriteOutput)),
        ("Write-Host", builtin!(write_host_sig, WriteHost)),
        ("Write-Error", builtin!(write_error_sig, WriteError)),
        ("Write-Warning", builtin!(write_warning_sig, WriteStream)),
        ("Write-Verbose", builtin!(write_verbose_sig, WriteStream)),
        ("Write-Debug", builtin!(write_debug_sig, WriteStream)),
        ("Where-Object", builtin!(where_object_sig, WhereObject)),
        (
            "ForEach-Object",
            builtin!(foreach_object_sig, ForEachObject),
        ),
        ("Select-Object", builtin!(select_object_sig, SelectObject)),
        ("Sort-Object", builtin!(sort_object_sig, SortObject)),
        (
            "Measure-Object",
            builtin!(measure_object_sig, MeasureObject),
        ),
        ("Group-Object", builtin!(group_object_sig, GroupObject)),
        ("Out-Null", builtin!(out_null_sig, OutNull)),
        ("Out-String", builtin!(out_string_sig, OutString)),
        ("Out-Host", builtin!(out_host_sig, OutHost)),
        ("Out-Default", builtin!(out_default_sig, OutHost)),
        ("Format-List", builtin!(format_list_sig, FormatCmd)),
        ("Format-Table", builtin!(format_table_sig, FormatCmd)),
        ("Get-Date", builtin!(get_date_sig, GetDate)),
        ("Start-Sleep", builtin!(start_sleep_sig, StartSleep)),
        ("New-Object", builtin!(new_object_sig, NewObject)),
        ("Get-Variable", builtin!(get_variable_sig, GetVariable)),
        ("Set-Variable", builtin!(set_variable_sig, SetVariable)),
        ("New-Variable", builtin!(new_variable_sig, SetVariable)),
        (
            "Remove-Variable",
            builtin!(remove_variable_sig, RemoveVariable),
        ),
        ("Set-StrictMode", builtin!(set_strict_mode_sig, NoOp)),
        ("Set-Alias", builtin!(set_alias_sig, SetAlias)),
        ("New-Alias", builtin!(new_alias_sig, SetAlias)),
    ];
    TABLE
}

pub fn lookup(name: &str) -> Option<&'static Builtin> {
    table()
        .iter()
        .chain(super::builtins_host::table().iter())
        .chain(super::builtins_discovery::table().iter())
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, b)| b)
}

/// Names of every built-in cmdlet.
pub fn names() -> impl Iterator<Item = &'static str> {
    table()
        .iter()
        .chain(super::builtins_host::table().iter())
        .chain(super::builtins_discovery::table().iter())
        .map(|(n, _)| *n)
}

// ----- helpers ----------------------------------------------------------------------------

pub(crate) fn get<'a>(b: &'a Bound, name: &str) -> Option<&'a Value> {
    b.values.get(name)
}

pub(crate) fn flag(b: &Bound, name: &str) -> bool {
    b.values.get(name).is_some_and(convert::is_true)
}

pub(crate) fn get_str(b: &Bound, name: &str) -> Option<String> {
    b.values
        .get(name)
        .filter(|v| !v.is_null())
        .map(convert::to_string)
}

pub(crate) fn items_of(v: &Value) -> Vec<Value> {
    super::interp::enumerate_for_loop(v)
}

fn text_object(text: String) -> Value {
    // Formatted output travels as pre-rendered text that Out-Default prints verbatim.
    Value::object(PsObject {
        type_names: vec![Rc::from(FORMATTED_TEXT)],
        to_string: Some(Rc::from(text)),
        ..PsObject::default()
    })
}

/// Type name of pre-rendered Format-* output.
pub const FORMATTED_TEXT: &str = "Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData";

pub fn formatted_text(v: &Value) -> Option<String> {
    if let Value::Object(o) = v {
        let o = o.borrow();
        if o.type_names.first().is_some_and(|t| &**t == FORMATTED_TEXT) {
            return o.to_string.as_ref().map(|s| s.to_string());
        }
    }
    None
}

/// Renders values as Out-Default would: formatted text verbatim, the rest through the
/// default formatter, in order.
pub fn render_default(it: &Interp, values: &[Value]) -> String {
    let opts = format_options(it);
    let mut out = String::new();
    let mut run: Vec<Value> = Vec::new();
    for v in values {
        if let Some(t) = formatted_text(v) {
            if !run.is_empty() {
                out.push_str(&format::format_default(&run, &opts));
                run.clear();
            }
            out.push_str(&t);
        } else {
            run.push(v.clone());
        }
    }
    if !run.is_empty() {
        out.push_str(&format::format_default(&run, &opts));
    }
    out
}

pub fn format_options(it: &Interp) -> format::FormatOptions {
    let limit = it
        .scopes
        .get("FormatEnumerationLimit", Target::Any)
        .and_then(|v| convert::num_to_f64(&v.value))
        .map(|n| n.max(0.0) as usize)
        .unwrap_or(4);
    format::FormatOptions {
        width: it.host.width(),
        enumeration_limit: limit,
        views: it.views.clone(),
        ..format::FormatOptions::default()
    }
}

fn property_value(v: &Value, name: &str) -> Value {
    members::get_member(v, name).unwrap_or(Value::Null)
}

fn error_at(
    it: &Interp,
    message: String,
    id: &'static str,
    category: ErrorCategory,
) -> ErrorRecord {
    let mut rec = ErrorRecord::new(ErrorInfo::new(message, id, category));
    if let Some(f) = it.frames.last() {
        rec.command = Some(f.command.clone());
        rec.activity = f.command.clone();
        rec.position = f.position.clone();
    }
    rec
}

/// Runs a script block with `$_` = input in the current scope (Where-Object / ForEach-Object
/// blocks run in the caller's scope).
fn run_with_item(it: &mut Interp, sb: &Value, item: Option<&Value>, out: &mut dyn Sink) -> R<()> {
    let Value::ScriptBlock(sb) = sb else {
        return Ok(());
    };
    let sb = sb.clone();
    it.run_scriptblock(&sb, item.cloned(), Vec::new(), true, out)
}

fn eval_with_item(it: &mut Interp, sb: &Value, item: &Value) -> R<Value> {
    let mut outs = Vec::new();
    run_with_item(it, sb, Some(item), &mut outs)?;
    Ok(pipeline::collapse(outs))
}

// ----- Write-* ----------------------------------------------------------------------------

fn write_output_sig() -> Signature {
    sig(
        "Write-Output",
        "Microsoft.PowerShell.Commands.WriteOutputCommand",
    )
    .with(
        param("InputObject", object_array())
            .pos(0)
            .mandatory()
            .pipeline()
            .remaining(),
    )
    .with(switch("NoEnumerate"))
}

#[derive(Default)]
struct WriteOutput;

impl CmdletBody for WriteOutput {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let v = match input {
            Some(v) => v.clone(),
            None => get(b, "InputObject").cloned().unwrap_or(Value::Null),
        };
        // From the pipeline the object was already enumerated; from the command line an
        // array argument is written element by element unless -NoEnumerate.
        let v = match (&v, input) {
            (Value::Array(a), None) if a.borrow().len() == 1 => a.borrow()[0].clone(),
            _ => v,
        };
        if flag(b, "NoEnumerate") || input.is_some() {
            out.push(it, v)
        } else {
            pipeline::emit(it, out, v)
        }
    }
}

fn write_host_sig() -> Signature {
    sig(
        "Write-Host",
        "Microsoft.PowerShell.Commands.WriteHostCommand",
    )
    .with(param("Object", PType::Any).pos(0).pipeline().remaining())
    .with(switch("NoNewline"))
    .with(param("Separator", PType::Any))
    .with(param("ForegroundColor", console_color()))
    .with(param("BackgroundColor", console_color()))
}

fn console_color() -> PType {
    PType::Enum {
        type_name: "System.ConsoleColor".into(),
        names: [
            "Black",
            "DarkBlue",
            "DarkGreen",
            "DarkCyan",
            "DarkRed",
            "DarkMagenta",
            "DarkYellow",
            "Gray",
            "DarkGray",
            "Blue",
            "Green",
            "Cyan",
            "Red",
            "Magenta",
            "Yellow",
            "White",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    }
}

#[derive(Default)]
struct WriteHost;

impl CmdletBody for WriteHost {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let obj = match input {
            Some(v) => v.clone(),
            None => get(b, "Object").cloned().unwrap_or(Value::Null),
        };
        let sep = get(b, "Separator")
            .map(convert::to_string)
            .unwrap_or_else(|| " ".into());
        let text = host_text(&obj, &sep);
        let nl = if flag(b, "NoNewline") { "" } else { "\n" };
        it.write_host_text(&format!("{}{}", text, nl));
        Ok(())
    }
}

/// Write-Host joins collection items with the separator, recursively.
fn host_text(v: &Value, sep: &str) -> String {
    match v {
        Value::Array(a) => a
            .borrow()
            .iter()
            .map(|x| host_text(x, sep))
            .collect::<Vec<_>>()
            .join(sep),
        Value::List(l) => l
            .borrow()
            .items
            .iter()
            .map(|x| host_text(x, sep))
            .collect::<Vec<_>>()
            .join(sep),
        other => convert::to_string(other),
    }
}

fn write_error_sig() -> Signature {
    let cats: Vec<String> = ErrorCategory::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    sig(
        "Write-Error",
        "Microsoft.PowerShell.Commands.WriteErrorCommand",
    )
    .default_set("NoException")
    .with(
        param("Message", PType::String)
            .set("NoException")
            .pos(0)
            .mandatory()
            .pipeline()
            .alias("Msg"),
    )
    .with(
        param("Exception", PType::Any)
            .set("WithException")
            .mandatory(),
    )
    .with(
        param("ErrorRecord", PType::Any)
            .set("ErrorRecord")
            .mandatory(),
    )
    .with(param(
        "Category",
        PType::Enum {
            type_name: "System.Management.Automation.ErrorCategory".into(),
            names: cats,
        },
    ))
    .with(param("ErrorId", PType::String))
    .with(param("TargetObject", PType::Any))
    .with(param("RecommendedAction", PType::String))
    .with(param("CategoryActivity", PType::String).alias("Activity"))
    .with(param("CategoryReason", PType::String).alias("Reason"))
    .with(param("CategoryTargetName", PType::String).alias("TargetName"))
    .with(param("CategoryTargetType", PType::String).alias("TargetType"))
}

#[derive(Default)]
struct WriteError;

impl CmdletBody for WriteError {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(rec) = get(b, "ErrorRecord").and_then(super::interp::record_from_value) {
            return it.write_error(rec);
        }
        let message = match (get_str(b, "Message"), input) {
            (Some(m), _) => m,
            (None, Some(v)) => convert::to_string(v),
            (None, None) => get(b, "Exception")
                .map(|e| convert::to_string(&property_value(e, "Message")))
                .unwrap_or_default(),
        };
        let category = get_str(b, "Category").unwrap_or_else(|| "NotSpecified".into());
        let cat = category_from_name(&category);
        let mut info = ErrorInfo::new(
            message,
            "Microsoft.PowerShell.Commands.WriteErrorException",
            cat,
        )
        .exception("Microsoft.PowerShell.Commands.WriteErrorException");
        info.target = get(b, "TargetObject").cloned();
        let mut rec = ErrorRecord::new(info);
        if let Some(id) = get_str(b, "ErrorId") {
            rec.id_override = Some(id);
        }
        // Write-Error names the script or function that called it, not itself.
        // Write-Error reports as the script or function that called it: its name prefixes the
        // message and ends the FullyQualifiedErrorId, and a function's record points at the
        // function's call site (the caller's InvocationInfo).
        rec.command = caller_name(it);
        rec.class_name = rec.command.clone();
        rec.activity = "Write-Error".into();
        let n = it.frames.len();
        let caller = (n >= 2)
            .then(|| &it.frames[n - 2])
            .filter(|f| !f.command.is_empty());
        rec.position = caller
            .and_then(|f| f.position.clone())
            .or_else(|| it.frames.last().and_then(|f| f.position.clone()));
        it.write_error(rec)
    }
}

/// The invoking function's name (the frame below Write-Error's own), for error prefixes.
fn caller_name(it: &Interp) -> Option<String> {
    let n = it.frames.len();
    if n >= 2 {
        let c = &it.frames[n - 2].command;
        if !c.is_empty() {
            return Some(c.clone());
        }
    }
    it.source.origin.clone().or(Some("Write-Error".into()))
}

pub fn category_from_name(name: &str) -> ErrorCategory {
    ErrorCategory::from_name(name).unwrap_or(ErrorCategory::NotSpecified)
}

fn write_warning_sig() -> Signature {
    sig(
        "Write-Warning",
        "Microsoft.PowerShell.Commands.WriteWarningCommand",
    )
    .with(
        param("Message", PType::String)
            .pos(0)
            .mandatory()
            .pipeline()
            .alias("Msg"),
    )
}

fn write_verbose_sig() -> Signature {
    sig(
        "Write-Verbose",
        "Microsoft.PowerShell.Commands.WriteVerboseCommand",
    )
    .with(
        param("Message", PType::String)
            .pos(0)
            .mandatory()
            .pipeline()
            .alias("Msg"),
    )
}

fn write_debug_sig() -> Signature {
    sig(
        "Write-Debug",
        "Microsoft.PowerShell.Commands.WriteDebugCommand",
    )
    .with(
        param("Message", PType::String)
            .pos(0)
            .mandatory()
            .pipeline()
            .alias("Msg"),
    )
}

#[derive(Default)]
struct WriteStream;

impl CmdletBody for WriteStream {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let msg = get_str(b, "Message").unwrap_or_default();
        let cmd = it
            .frames
            .last()
            .map(|f| f.command.clone())
            .unwrap_or_default();
        // Preferences of the caller apply, not the Write-* cmdlet's own frame defaults.
        match cmd.as_str() {
            "Write-Warning" => it.write_warning(&msg),
            "Write-Verbose" => it.write_verbose(&msg),
            _ => it.write_debug(&msg),
        }
        Ok(())
    }
}

// ----- Where-Object / ForEach-Object ------------------------------------------------------

/// The comparison switches of `Where-Object Prop -op Value` (PowerShell 3.0), each its own set.
const WHERE_OPS: &[&str] = &[
    "EQ",
    "CEQ",
    "NE",
    "CNE",
    "GT",
    "CGT",
    "LT",
    "CLT",
    "GE",
    "CGE",
    "LE",
    "CLE",
    "Like",
    "CLike",
    "NotLike",
    "CNotLike",
    "Match",
    "CMatch",
    "NotMatch",
    "CNotMatch",
    "Contains",
    "CContains",
    "NotContains",
    "CNotContains",
    "In",
    "CIn",
    "NotIn",
    "CNotIn",
    "Is",
    "IsNot",
];

fn where_object_sig() -> Signature {
    let mut s = sig(
        "Where-Object",
        "Microsoft.PowerShell.Commands.WhereObjectCommand",
    )
    .default_set("EqualSet");
    s = s.with(param("InputObject", PType::Any).pipeline());
    s = s.with(
        param("FilterScript", PType::ScriptBlock)
            .set("ScriptBlockSet")
            .pos(0)
            .mandatory(),
    );
    let mut prop = param("Property", PType::String);
    let mut value = param("Value", PType::Any);
    prop.sets.clear();
    value.sets.clear();
    for op in WHERE_OPS {
        let set = format!("{}Set", where_set_name(op));
        prop = prop.set(&set).pos(0).mandatory();
        value = value.set(&set).pos(1);
    }
    s = s.with(prop).with(value);
    for op in WHERE_OPS {
        let set = format!("{}Set", where_set_name(op));
        let mut p = switch(op).set(&set).mandatory();
        if *op == "EQ" {
            p.aliases.push("IEQ".into());
            // -EQ is optional in its set: `Where-Object Prop Value` means equality.
            p.sets[0].mandatory = false;
        }
        s = s.with(p);
    }
    s
}

fn where_set_name(op: &str) -> String {
    match op {
        "EQ" => "Equal".into(),
        "CEQ" => "CaseSensitiveEqual".into(),
        "NE" => "NotEqual".into(),
        "CNE" => "CaseSensitiveNotEqual".into(),
        "GT" => "GreaterThan".into(),
        "CGT" => "CaseSensitiveGreaterThan".into(),
        "LT" => "LessThan".into(),
        "CLT" => "CaseSensitiveLessThan".into(),
        "GE" => "GreaterOrEqual".into(),
        "CGE" => "CaseSensitiveGreaterOrEqual".into(),
        "LE" => "LessOrEqual".into(),
        "CLE" => "CaseSensitiveLessOrEqual".into(),
        other => {
            let (cs, rest) = match other.strip_prefix('C') {
                Some(r) if r != "ontains" => ("CaseSensitive", r),
                _ => ("", other),
            };
            format!("{}{}", cs, rest)
        }
    }
}

#[derive(Default)]
struct WhereObject;

impl CmdletBody for WhereObject {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(item) = input.cloned().or_else(|| get(b, "InputObject").cloned()) else {
            return Ok(());
        };
        if let Some(sb) = get(b, "FilterScript") {
            let r = eval_with_item(it, sb, &item)?;
            if convert::is_true(&r) {
                out.push(it, item)?;
            }
            return Ok(());
        }
        let prop = get_str(b, "Property").unwrap_or_default();
        let left = property_value(&item, &prop);
        let op = WHERE_OPS
            .iter()
            .find(|o| flag(b, o))
            .copied()
            .unwrap_or("EQ");
        let right = get(b, "Value").cloned();
        let hit = match right {
            // `Where-Object Enabled` tests the property's truth.
            None => convert::is_true(&left),
            Some(r) => {
                let (cs, base) = match op.strip_prefix('C') {
                    Some(rest) if op != "Contains" => (true, rest),
                    _ => (false, op),
                };
                use crate::syntax::ast::{BinaryOp, CaseMode, CompareOp};
                let mode = if cs {
                    CaseMode::Sensitive
                } else {
                    CaseMode::Default
                };
                let bop = match base.to_ascii_lowercase().as_str() {
                    "eq" => BinaryOp::Compare(CompareOp::Eq, mode),
                    "ne" => BinaryOp::Compare(CompareOp::Ne, mode),
                    "gt" => BinaryOp::Compare(CompareOp::Gt, mode),
                    "lt" => BinaryOp::Compare(CompareOp::Lt, mode),
                    "ge" => BinaryOp::Compare(CompareOp::Ge, mode),
                    "le" => BinaryOp::Compare(CompareOp::Le, mode),
                    "like" => BinaryOp::Compare(CompareOp::Like, mode),
                    "notlike" => BinaryOp::Compare(CompareOp::NotLike, mode),
                    "match" => BinaryOp::Compare(CompareOp::Match, mode),
                    "notmatch" => BinaryOp::Compare(CompareOp::NotMatch, mode),
                    "contains" => BinaryOp::Compare(CompareOp::Contains, mode),
                    "notcontains" => BinaryOp::Compare(CompareOp::NotContains, mode),
                    "in" => BinaryOp::Compare(CompareOp::In, mode),
                    "notin" => BinaryOp::Compare(CompareOp::NotIn, mode),
                    "is" => BinaryOp::Is,
                    _ => BinaryOp::IsNot,
                };
                let mut m = None;
                match ops::binary(bop, &left, &r, &mut m) {
                    Ok(v) => convert::is_true(&v),
                    Err(_) => false,
                }
            }
        };
        if hit {
            out.push(it, item)?;
        }
        Ok(())
    }
}

fn foreach_object_sig() -> Signature {
    sig(
        "ForEach-Object",
        "Microsoft.PowerShell.Commands.ForEachObjectCommand",
    )
    .default_set("ScriptBlockSet")
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Begin", PType::ScriptBlock).set("ScriptBlockSet"))
    .with(
        param("Process", PType::Array(Box::new(PType::ScriptBlock)))
            .set("ScriptBlockSet")
            .pos(0)
            .mandatory(),
    )
    .with(param("End", PType::ScriptBlock).set("ScriptBlockSet"))
    .with(
        param(
            "RemainingScripts",
            PType::Array(Box::new(PType::ScriptBlock)),
        )
        .set("ScriptBlockSet")
        .remaining(),
    )
    .with(
        param("MemberName", PType::String)
            .set("PropertyAndMethodSet")
            .pos(0)
            .mandatory(),
    )
    .with(
        param("ArgumentList", object_array())
            .set("PropertyAndMethodSet")
            .remaining()
            .alias("Args"),
    )
}

#[derive(Default)]
struct ForEachObject {
    end: Option<Value>,
    process: Vec<Value>,
}

impl CmdletBody for ForEachObject {
    fn begin(&mut self, it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> R<()> {
        // `% {begin} {process} {end}`: with remaining scripts, the first positional block is
        // Begin, the last End, the middle ones Process (ForEachObjectCommand.cs).
        let mut blocks: Vec<Value> = get(b, "Process").map(items_of).unwrap_or_default();
        if let Some(rest) = get(b, "RemainingScripts") {
            blocks.extend(items_of(rest));
        }
        let mut begin = get(b, "Begin").cloned();
        let mut end = get(b, "End").cloned();
        if get(b, "RemainingScripts").is_some() && begin.is_none() && blocks.len() >= 2 {
            begin = Some(blocks.remove(0));
            if end.is_none() && blocks.len() >= 2 {
                end = blocks.pop();
            }
        }
        self.process = blocks;
        self.end = end;
        if let Some(bg) = begin {
            run_with_item(it, &bg, None, out)?;
        }
        Ok(())
    }

    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let item = input.cloned().or_else(|| get(b, "InputObject").cloned());
        if let Some(member) = get_str(b, "MemberName") {
            let Some(item) = item else { return Ok(()) };
            let args: Vec<Value> = get(b, "ArgumentList").map(items_of).unwrap_or_default();
            let has_member = members::get_member(&item, &member);
            let v = match (has_member, args.is_empty()) {
                (Some(v), true) => v,
                _ => {
                    members::invoke_method(&item, &member, &args, it).map_err(|e| Flow::Error {
                        record: Box::new(ErrorRecord::new(e)),
                        script: false,
                    })?
                }
            };
            return pipeline::emit(it, out, v);
        }
        // First in a pipeline with no input, the process block runs once with $_ = $null.
        for p in self.process.clone() {
            run_with_item(it, &p, item.as_ref(), out)?;
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        if let Some(e) = self.end.clone() {
            run_with_item(it, &e, None, out)?;
        }
        Ok(())
    }
}

// ----- Select / Sort / Measure / Group ----------------------------------------------------

fn select_object_sig() -> Signature {
    sig(
        "Select-Object",
        "Microsoft.PowerShell.Commands.SelectObjectCommand",
    )
    .default_set("DefaultParameter")
    .with(param("InputObject", PType::Any).pipeline())
    .with(
        param("Property", object_array())
            .set("DefaultParameter")
            .pos(0),
    )
    .with(param("ExcludeProperty", string_array()).set("DefaultParameter"))
    .with(param("ExpandProperty", PType::String).set("DefaultParameter"))
    .with(switch("Unique"))
    .with(param("Last", PType::Convert("int".into())).set("DefaultParameter"))
    .with(param("First", PType::Convert("int".into())).set("DefaultParameter"))
    .with(param("Skip", PType::Convert("int".into())).set("DefaultParameter"))
    .with(switch("Wait").set("DefaultParameter"))
    .with(
        param(
            "Index",
            PType::Array(Box::new(PType::Convert("int".into()))),
        )
        .set("IndexParameter"),
    )
}

#[derive(Default)]
struct SelectObject {
    seen: usize,
    emitted: usize,
    all: Vec<Value>,
    bound: Option<Bound>,
}

/// A property selector of Select-Object / Sort-Object / Format-*.
enum Selector {
    Name(String),
    Calculated { name: String, expr: Value },
}

fn selectors(it: &mut Interp, v: Option<&Value>) -> R<Vec<Selector>> {
    let mut out = Vec::new();
    let Some(v) = v else { return Ok(out) };
    for item in items_of(v) {
        match &item {
            Value::Hashtable(h) => {
                let h = h.borrow();
                let mut name = None;
                let mut expr = None;
                for (_, (k, val)) in h.entries.iter() {
                    let key = convert::to_string(k).to_ascii_lowercase();
                    if "name".starts_with(&key) && !key.is_empty()
                        || "label".starts_with(&key) && !key.is_empty()
                    {
                        name = Some(convert::to_string(val));
                    } else if "expression".starts_with(&key) && !key.is_empty() {
                        expr = Some(val.clone());
                    }
                }
                let expr = expr.unwrap_or(Value::Null);
                let name = name.unwrap_or_else(|| match &expr {
                    Value::ScriptBlock(sb) => {
                        let src = &sb.source.text;
                        let s = sb.block.span;
                        src.get(s.start as usize..s.end as usize)
                            .unwrap_or("")
                            .to_string()
                    }
                    other => convert::to_string(other),
                });
                out.push(Selector::Calculated { name, expr });
            }
            Value::ScriptBlock(sb) => {
                let src = &sb.source.text;
                let s = sb.block.span;
                let name = src
                    .get(s.start as usize..s.end as usize)
                    .unwrap_or("")
                    .to_string();
                out.push(Selector::Calculated {
                    name,
                    expr: item.clone(),
                });
            }
            other => out.push(Selector::Name(convert::to_string(other))),
        }
    }
    let _ = it;
    Ok(out)
}

fn select_value(it: &mut Interp, sel: &Selector, item: &Value) -> R<Value> {
    match sel {
        Selector::Name(n) => Ok(property_value(item, n)),
        Selector::Calculated { expr, .. } => match expr {
            Value::ScriptBlock(_) => eval_with_item(it, expr, item),
            other => Ok(property_value(item, &convert::to_string(other))),
        },
    }
}

/// Property names of an object in display order (for wildcard selection).
fn property_names(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .map(|p| p.name.to_string())
            .collect(),
        Value::Hashtable(h) => h
            .borrow()
            .entries
            .values()
            .map(|(k, _)| convert::to_string(k))
            .collect(),
        _ => Vec::new(),
    }
}

fn wildcard_match(pattern: &str, text: &str) -> bool {
    ops::Wildcard::new(pattern, false).is_match(text)
}

impl SelectObject {
    fn project(&mut self, it: &mut Interp, b: &Bound, item: Value) -> R<Option<Vec<Value>>> {
        if let Some(exp) = get_str(b, "ExpandProperty") {
            let sels = selectors(it, get(b, "Property"))?;
            let v = property_value(&item, &exp);
            if v.is_null() && members::get_member(&item, &exp).is_none() {
                let rec = error_at(
                    it,
                    format!("Property \"{}\" cannot be found.", exp),
                    "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand",
                    ErrorCategory::InvalidArgument,
                );
                it.write_error(rec)?;
                return Ok(None);
            }
            let mut outs = Vec::new();
            for x in items_of(&v) {
                if !sels.is_empty()
                    && let Value::Object(o) = &x
                {
                    for s in &sels {
                        let val = select_value(it, s, &item)?;
                        let name = match s {
                            Selector::Name(n) => n.clone(),
                            Selector::Calculated { name, .. } => name.clone(),
                        };
                        o.borrow_mut().add(&name, val);
                    }
                }
                outs.push(x);
            }
            return Ok(Some(outs));
        }
        let sels = selectors(it, get(b, "Property"))?;
        if sels.is_empty() {
            return Ok(Some(vec![item]));
        }
        let exclude: Vec<String> = get(b, "ExcludeProperty")
            .map(|v| items_of(v).iter().map(convert::to_string).collect())
            .unwrap_or_default();
        let mut obj = PsObject {
            type_names: vec![
                Rc::from("Selected.".to_string() + &convert::type_name(&item)),
                Rc::from("System.Management.Automation.PSCustomObject"),
                Rc::from("System.Object"),
            ],
            ..PsObject::default()
        };
        for s in &sels {
            match s {
                Selector::Name(n) if n.contains('*') || n.contains('?') => {
                    for pn in property_names(&item) {
                        if wildcard_match(n, &pn) && !exclude.iter().any(|e| wildcard_match(e, &pn))
                        {
                            obj.add(&pn, property_value(&item, &pn));
                        }
                    }
                }
                Selector::Name(n) => {
                    // The property keeps the casing of the object's own property when it has one.
                    let actual = property_names(&item)
                        .into_iter()
                        .find(|p| p.eq_ignore_ascii_case(n))
                        .unwrap_or_else(|| n.clone());
                    obj.add(&actual, property_value(&item, n));
                }
                Selector::Calculated { name, .. } => {
                    let v = select_value(it, s, &item)?;
                    obj.add(name, v);
                }
            }
        }
        Ok(Some(vec![Value::object(obj)]))
    }
}

impl CmdletBody for SelectObject {
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
        let Some(item) = input.cloned().or_else(|| get(b, "InputObject").cloned()) else {
            return Ok(());
        };
        let idx = self.seen;
        self.seen += 1;
        if let Some(index) = get(b, "Index") {
            let wanted: Vec<i64> = items_of(index)
                .iter()
                .filter_map(|v| convert::num_to_f64(v).map(|f| f as i64))
                .collect();
            if wanted.contains(&(idx as i64)) {
                out.push(it, item)?;
            }
            return Ok(());
        }
        let skip = get(b, "Skip").and_then(convert::num_to_f64).unwrap_or(0.0) as usize;
        if idx < skip {
            return Ok(());
        }
        if get(b, "Last").is_some() || flag(b, "Unique") {
            self.all.push(item);
            return Ok(());
        }
        let first = get(b, "First")
            .and_then(convert::num_to_f64)
            .map(|f| f.max(0.0) as usize);
        if first.is_some_and(|f| self.emitted >= f) {
            // -First is satisfied: upstream commands stop (StopUpstreamCommandsException).
            return Err(Flow::StopUpstream);
        }
        if let Some(items) = self.project(it, b, item)? {
            for v in items {
                self.emitted += 1;
                out.push(it, v)?;
            }
        }
        if first.is_some_and(|f| self.emitted >= f) {
            return Err(Flow::StopUpstream);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let Some(b) = self.bound.clone() else {
            return Ok(());
        };
        let mut items = std::mem::take(&mut self.all);
        if items.is_empty() {
            return Ok(());
        }
        let mut projected = Vec::new();
        for item in items.drain(..) {
            if let Some(v) = self.project(it, &b, item)? {
                projected.extend(v);
            }
        }
        if flag(&b, "Unique") {
            let mut uniq: Vec<Value> = Vec::new();
            for v in projected {
                if !uniq.iter().any(|u| same_object(u, &v)) {
                    uniq.push(v);
                }
            }
            projected = uniq;
        }
        if let Some(first) = get(&b, "First").and_then(convert::num_to_f64) {
            projected.truncate(first.max(0.0) as usize);
        }
        if let Some(last) = get(&b, "Last").and_then(convert::num_to_f64) {
            let n = last.max(0.0) as usize;
            let start = projected.len().saturating_sub(n);
            projected.drain(..start);
        }
        for v in projected {
            out.push(it, v)?;
        }
        Ok(())
    }
}

/// Select-Object -Unique compares objects by their property values (case-sensitively).
fn same_object(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.properties.len() == y.properties.len()
                && x.properties
                    .values()
                    .zip(y.properties.values())
                    .all(|(p, q)| p.name == q.name && ops::equals(&p.value, &q.value, true))
        }
        _ => ops::equals(a, b, true),
    }
}

fn sort_object_sig() -> Signature {
    sig(
        "Sort-Object",
        "Microsoft.PowerShell.Commands.SortObjectCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Property", object_array()).pos(0))
    .with(switch("Descending"))
    .with(switch("Unique"))
    .with(switch("CaseSensitive"))
    .with(param("Culture", PType::String))
}

#[derive(Default)]
struct SortObject {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for SortObject {
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
        match input {
            Some(v) => self.items.push(v.clone()),
            None => {
                if let Some(v) = get(b, "InputObject") {
                    self.items.push(v.clone());
                }
            }
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        let b = self.bound.clone().unwrap_or_default();
        let sels = selectors(it, get(&b, "Property"))?;
        let desc = flag(&b, "Descending");
        let cs = flag(&b, "CaseSensitive");
        let mut keyed: Vec<(Vec<Value>, Value)> = Vec::with_capacity(self.items.len());
        for item in std::mem::take(&mut self.items) {
            let mut keys = Vec::new();
            if sels.is_empty() {
                keys.push(item.clone());
            }
            for s in &sels {
                keys.push(select_value(it, s, &item)?);
            }
            keyed.push((keys, item));
        }
        // Per-key direction from a hashtable's Descending/Ascending entry is rare; the switch
        // applies to all keys.
        keyed.sort_by(|a, b| {
            for (x, y) in a.0.iter().zip(b.0.iter()) {
                let o = ops::compare_values(x, y, cs);
                if o != std::cmp::Ordering::Equal {
                    return if desc { o.reverse() } else { o };
                }
            }
            std::cmp::Ordering::Equal
        });
        if flag(&b, "Unique") {
            keyed.dedup_by(|a, b| {
                a.0.iter()
                    .zip(b.0.iter())
                    .all(|(x, y)| ops::equals(x, y, cs))
            });
        }
        for (_, v) in keyed {
            out.push(it, v)?;
        }
        Ok(())
    }
}

fn measure_object_sig() -> Signature {
    sig(
        "Measure-Object",
        "Microsoft.PowerShell.Commands.MeasureObjectCommand",
    )
    .default_set("GenericMeasure")
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Property", string_array()).pos(0))
    .with(switch("Sum").set("GenericMeasure"))
    .with(switch("Average").set("GenericMeasure"))
    .with(switch("Maximum").set("GenericMeasure"))
    .with(switch("Minimum").set("GenericMeasure"))
    .with(switch("Line").set("TextMeasure"))
    .with(switch("Word").set("TextMeasure"))
    .with(switch("Character").set("TextMeasure"))
    .with(switch("IgnoreWhiteSpace").set("TextMeasure"))
}

#[derive(Default)]
struct MeasureObject {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for MeasureObject {
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
        let b = self.bound.clone().unwrap_or_default();
        let props: Vec<String> = get(&b, "Property")
            .map(|v| items_of(v).iter().map(convert::to_string).collect())
            .unwrap_or_default();
        let text = b.set.as_deref() == Some("TextMeasure");
        if text {
            let (mut lines, mut words, mut chars) = (0i64, 0i64, 0i64);
            for v in &self.items {
                let s = convert::to_string(v);
                lines += s.lines().count().max(1) as i64;
                words += s.split_whitespace().count() as i64;
                chars += if flag(&b, "IgnoreWhiteSpace") {
                    s.chars().filter(|c| !c.is_whitespace()).count() as i64
                } else {
                    s.chars().count() as i64
                };
            }
            let mut o = PsObject {
                type_names: vec![Rc::from("Microsoft.PowerShell.Commands.TextMeasureInfo")],
                ..PsObject::default()
            };
            o.add(
                "Lines",
                if flag(&b, "Line") {
                    Value::Int(lines as i32)
                } else {
                    Value::Null
                },
            );
            o.add(
                "Words",
                if flag(&b, "Word") {
                    Value::Int(words as i32)
                } else {
                    Value::Null
                },
            );
            o.add(
                "Characters",
                if flag(&b, "Character") {
                    Value::Int(chars as i32)
                } else {
                    Value::Null
                },
            );
            o.add("Property", Value::Null);
            return out.push(it, Value::object(o));
        }
        let targets: Vec<Option<String>> = if props.is_empty() {
            vec![None]
        } else {
            props.into_iter().map(Some).collect()
        };
        for prop in targets {
            let values: Vec<Value> = self
                .items
                .iter()
                .map(|v| match &prop {
                    Some(p) => property_value(v, p),
                    None => v.clone(),
                })
                .collect();
            let count = values.len();
            let want = |n: &str| flag(&b, n);
            let nums: Vec<f64> = values
                .iter()
                .filter_map(|v| {
                    convert::to_number(v)
                        .ok()
                        .and_then(|n| convert::num_to_f64(&n))
                })
                .collect();
            let sum: f64 = nums.iter().sum();
            let mut o = PsObject {
                type_names: vec![Rc::from("Microsoft.PowerShell.Commands.GenericMeasureInfo")],
                ..PsObject::default()
            };
            o.add("Count", Value::Int(count as i32));
            o.add(
                "Average",
                if want("Average") && !nums.is_empty() {
                    Value::Double(sum / nums.len() as f64)
                } else {
                    Value::Null
                },
            );
            o.add(
                "Sum",
                if want("Sum") {
                    Value::Double(sum)
                } else {
                    Value::Null
                },
            );
            let max = values
                .iter()
                .cloned()
                .max_by(|a, c| ops::compare_values(a, c, false));
            let min = values
                .iter()
                .cloned()
                .min_by(|a, c| ops::compare_values(a, c, false));
            o.add(
                "Maximum",
                if want("Maximum") {
                    max.map(|m| number_or_self(&m)).unwrap_or(Value::Null)
                } else {
                    Value::Null
                },
            );
            o.add(
                "Minimum",
                if want("Minimum") {
                    min.map(|m| number_or_self(&m)).unwrap_or(Value::Null)
                } else {
                    Value::Null
                },
            );
            o.add(
                "Property",
                prop.map(|p| Value::str(&p)).unwrap_or(Value::Null),
            );
            out.push(it, Value::object(o))?;
        }
        Ok(())
    }
}

fn number_or_self(v: &Value) -> Value {
    convert::to_number(v)
        .ok()
        .and_then(|n| convert::num_to_f64(&n))
        .map(Value::Double)
        .unwrap_or_else(|| v.clone())
}

fn group_object_sig() -> Signature {
    sig(
        "Group-Object",
        "Microsoft.PowerShell.Commands.GroupObjectCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Property", object_array()).pos(0))
    .with(switch("NoElement"))
    .with(switch("AsHashTable"))
    .with(switch("AsString"))
    .with(switch("CaseSensitive"))
}

#[derive(Default)]
struct GroupObject {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for GroupObject {
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
        let b = self.bound.clone().unwrap_or_default();
        let sels = selectors(it, get(&b, "Property"))?;
        let cs = flag(&b, "CaseSensitive");
        let mut groups: Vec<(String, Vec<Value>, Vec<Value>)> = Vec::new();
        for item in std::mem::take(&mut self.items) {
            let mut keys = Vec::new();
            for s in &sels {
                keys.push(select_value(it, s, &item)?);
            }
            if sels.is_empty() {
                keys.push(item.clone());
            }
            let name = keys
                .iter()
                .map(convert::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            match groups.iter_mut().find(|g| {
                if cs {
                    g.0 == name
                } else {
                    g.0.eq_ignore_ascii_case(&name)
                }
            }) {
                Some(g) => g.2.push(item),
                None => groups.push((name, keys, vec![item])),
            }
        }
        if flag(&b, "AsHashTable") {
            let mut h = Hashtable::default();
            for (name, keys, items) in groups {
                let key = if flag(&b, "AsString") || keys.len() != 1 {
                    Value::str(&name)
                } else {
                    keys[0].clone()
                };
                h.insert(key, pipeline::collapse(items));
            }
            return out.push(it, Value::Hashtable(Rc::new(RefCell::new(h))));
        }
        for (name, keys, items) in groups {
            let mut o = PsObject {
                type_names: vec![Rc::from("Microsoft.PowerShell.Commands.GroupInfo")],
                ..PsObject::default()
            };
            o.add("Count", Value::Int(items.len() as i32));
            o.add("Name", Value::str(&name));
            if !flag(&b, "NoElement") {
                o.add("Group", Value::array(items));
            }
            o.add("Values", Value::array(keys));
            out.push(it, Value::object(o))?;
        }
        Ok(())
    }
}

// ----- Out-* and Format-* -----------------------------------------------------------------

fn out_null_sig() -> Signature {
    sig("Out-Null", "Microsoft.PowerShell.Commands.OutNullCommand")
        .with(param("InputObject", PType::Any).pipeline())
}

#[derive(Default)]
struct OutNull;

impl CmdletBody for OutNull {
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

fn out_string_sig() -> Signature {
    sig(
        "Out-String",
        "Microsoft.PowerShell.Commands.OutStringCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(switch("Stream"))
    .with(param("Width", PType::Convert("int".into())))
}

#[derive(Default)]
struct OutString {
    items: Vec<Value>,
    stream: bool,
}

impl CmdletBody for OutString {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        self.stream = flag(b, "Stream");
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            if self.stream {
                let text = render_default(it, &[v]);
                for line in text.lines() {
                    out.push(it, Value::str(line))?;
                }
            } else {
                self.items.push(v);
            }
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, out: &mut dyn Sink) -> R<()> {
        if self.stream {
            return Ok(());
        }
        let text = render_default(it, &self.items);
        out.push(it, Value::str(&text))
    }
}

fn out_default_sig() -> Signature {
    sig(
        "Out-Default",
        "Microsoft.PowerShell.Commands.OutDefaultCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
}

fn out_host_sig() -> Signature {
    sig("Out-Host", "Microsoft.PowerShell.Commands.OutHostCommand")
        .with(param("InputObject", PType::Any).pipeline())
        .with(switch("Paging"))
}

#[derive(Default)]
struct OutHost {
    items: Vec<Value>,
}

impl CmdletBody for OutHost {
    fn process(
        &mut self,
        _it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(v) = input.cloned().or_else(|| get(b, "InputObject").cloned()) {
            self.items.push(v);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp, _out: &mut dyn Sink) -> R<()> {
        let text = render_default(it, &std::mem::take(&mut self.items));
        it.write_output_text(&text);
        Ok(())
    }
}

fn format_list_sig() -> Signature {
    sig(
        "Format-List",
        "Microsoft.PowerShell.Commands.FormatListCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Property", object_array()).pos(0))
    .with(param("GroupBy", PType::Any))
    .with(param("View", PType::String))
    .with(switch("ShowError"))
    .with(switch("DisplayError"))
    .with(switch("Force"))
    .with(param("Expand", PType::String))
}

fn format_table_sig() -> Signature {
    sig(
        "Format-Table",
        "Microsoft.PowerShell.Commands.FormatTableCommand",
    )
    .with(param("InputObject", PType::Any).pipeline())
    .with(param("Property", object_array()).pos(0))
    .with(switch("AutoSize"))
    .with(switch("HideTableHeaders"))
    .with(switch("Wrap"))
    .with(param("GroupBy", PType::Any))
    .with(param("View", PType::String))
    .with(switch("ShowError"))
    .with(switch("DisplayError"))
    .with(switch("Force"))
    .with(param("Expand", PType::String))
}

#[derive(Default)]
struct FormatCmd {
    items: Vec<Value>,
    bound: Option<Bound>,
}

impl CmdletBody for FormatCmd {
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
        let b = self.bound.clone().unwrap_or_default();
        let is_list = it.frames.last().is_some_and(|f| f.command == "Format-List");
        let items = std::mem::take(&mut self.items);
        let sels = selectors(it, get(&b, "Property"))?;
        let mut props: Vec<PropSel> = Vec::new();
        for s in &sels {
            match s {
                Selector::Name(n) => props.push(PropSel::Name(n.clone())),
                Selector::Calculated { name, .. } => {
                    let mut values = Vec::with_capacity(items.len());
                    for item in &items {
                        values.push(select_value(it, s, item)?);
                    }
                    props.push(PropSel::Computed {
                        label: name.clone(),
                        values,
                    });
                }
            }
        }
        let opts = format_options(it);
        let p = if props.is_empty() {
            None
        } else {
            Some(props.as_slice())
        };
        let text = if is_list {
            format::format_list(&items, p, &opts)
        } else {
            format::format_table(&items, p, flag(&b, "AutoSize"), &opts)
        };
        out.push(it, text_object(text))
    }
}

// ----- dates, sleep, objects, variables -----------------------------------------------------

fn get_date_sig() -> Signature {
    let int = || PType::Convert("int".into());
    sig("Get-Date", "Microsoft.PowerShell.Commands.GetDateCommand")
        .default_set("net")
        .with(
            param("Date", PType::Convert("datetime".into()))
                .pos(0)
                .pipeline()
                .by_name()
                .alias("LastWriteTime"),
        )
        .with(param("Year", int()))
        .with(param("Month", int()))
        .with(param("Day", int()))
        .with(param("Hour", int()))
        .with(param("Minute", int()))
        .with(param("Second", int()))
        .with(param("Millisecond", int()))
        .with(param(
            "DisplayHint",
            PType::Enum {
                type_name: "Microsoft.PowerShell.Commands.DisplayHintType".into(),
                names: vec!["Date".into(), "Time".into(), "DateTime".into()],
            },
        ))
        .with(param("Format", PType::String).set("net"))
        .with(param("UFormat", PType::String).set("UFormat"))
}

#[derive(Default)]
struct GetDate;

impl CmdletBody for GetDate {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let base = match get(b, "Date").or(input) {
            Some(Value::DateTime(d)) => *d,
            _ => members::MethodHost::now(it),
        };
        let mut d = Value::DateTime(base);
        for (part, method, cur) in [
            ("Year", "AddYears", "Year"),
            ("Month", "AddMonths", "Month"),
            ("Day", "AddDays", "Day"),
            ("Hour", "AddHours", "Hour"),
            ("Minute", "AddMinutes", "Minute"),
            ("Second", "AddSeconds", "Second"),
        ] {
            if let Some(v) = get(b, part).and_then(convert::num_to_f64) {
                let now = members::get_member(&d, cur)
                    .and_then(|x| convert::num_to_f64(&x))
                    .unwrap_or(0.0);
                d = members::invoke_method(&d, method, &[Value::Double(v - now)], it)
                    .map_err(|e| it.runtime_error(e, crate::syntax::ast::Span::default()))?;
            }
        }
        if let Some(f) = get_str(b, "Format") {
            let s = members::invoke_method(&d, "ToString", &[Value::str(&f)], it)
                .map_err(|e| it.runtime_error(e, crate::syntax::ast::Span::default()))?;
            return out.push(it, s);
        }
        if let Some(f) = get_str(b, "UFormat") {
            let text = uformat(&d, &f, it);
            return out.push(it, Value::str(&text));
        }
        out.push(it, d)
    }
}

/// `Get-Date -UFormat`: the Unix-style specifiers scripts use.
fn uformat(d: &Value, f: &str, it: &mut Interp) -> String {
    let fmt = |it: &mut Interp, spec: &str| -> String {
        members::invoke_method(d, "ToString", &[Value::str(spec)], it)
            .map(|v| convert::to_string(&v))
            .unwrap_or_default()
    };
    let mut out = String::new();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let spec = match chars.next() {
            Some('Y') => "yyyy",
            Some('y') => "yy",
            Some('m') => "MM",
            Some('d') => "dd",
            Some('H') => "HH",
            Some('M') => "mm",
            Some('S') => "ss",
            Some('A') => "dddd",
            Some('a') => "ddd",
            Some('B') => "MMMM",
            Some('b') => "MMM",
            Some('p') => "tt",
            Some('%') => {
                out.push('%');
                continue;
            }
            Some(other) => {
                out.push('%');
                out.push(other);
                continue;
            }
            None => {
                out.push('%');
                break;
            }
        };
        out.push_str(&fmt(it, spec));
    }
    out
}

fn start_sleep_sig() -> Signature {
    sig(
        "Start-Sleep",
        "Microsoft.PowerShell.Commands.StartSleepCommand",
    )
    .default_set("Seconds")
    .with(
        param("Seconds", PType::Convert("int".into()))
            .set("Seconds")
            .pos(0)
            .mandatory()
            .pipeline()
            .by_name(),
    )
    .with(
        param("Milliseconds", PType::Convert("int".into()))
            .set("Milliseconds")
            .mandatory()
            .by_name(),
    )
}

#[derive(Default)]
struct StartSleep;

impl CmdletBody for StartSleep {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        // The virtual clock moves; nothing really sleeps.
        let ms = match (get(b, "Seconds"), get(b, "Milliseconds")) {
            (Some(s), _) => convert::num_to_f64(s).unwrap_or(0.0) * 1000.0,
            (None, Some(m)) => convert::num_to_f64(m).unwrap_or(0.0),
            _ => 0.0,
        };
        it.advance_clock((ms.max(0.0) as i64).saturating_mul(10_000));
        Ok(())
    }
}

fn new_object_sig() -> Signature {
    sig(
        "New-Object",
        "Microsoft.PowerShell.Commands.NewObjectCommand",
    )
    .default_set("Net")
    .with(
        param("TypeName", PType::String)
            .set("Net")
            .pos(0)
            .mandatory(),
    )
    .with(
        param("ArgumentList", object_array())
            .set("Net")
            .pos(1)
            .alias("Args"),
    )
    .with(param("Property", PType::Any))
    .with(
        param("ComObject", PType::String)
            .set("Com")
            .pos(0)
            .mandatory(),
    )
    .with(switch("Strict").set("Com"))
}

#[derive(Default)]
struct NewObject;

impl CmdletBody for NewObject {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if let Some(com) = get_str(b, "ComObject") {
            let rec = error_at(
                it,
                format!("lyncshell does not create COM objects ('{}').", com),
                "NoCOMClassIdentified,Microsoft.PowerShell.Commands.NewObjectCommand",
                ErrorCategory::NotImplemented,
            );
            return Err(Flow::Error {
                record: Box::new(rec),
                script: false,
            });
        }
        let type_name = get_str(b, "TypeName").unwrap_or_default();
        let args: Vec<Value> = get(b, "ArgumentList").map(items_of).unwrap_or_default();
        let obj = construct(&type_name, &args).map_err(|e| {
            let mut rec = ErrorRecord::new(e);
            if let Some(f) = it.frames.last() {
                rec.command = Some(f.command.clone());
                rec.activity = f.command.clone();
                rec.position = f.position.clone();
                rec.class_name = Some("Microsoft.PowerShell.Commands.NewObjectCommand".into());
            }
            Flow::Error {
                record: Box::new(rec),
                script: false,
            }
        })?;
        if let Some(Value::Hashtable(h)) = get(b, "Property") {
            for (_, (k, v)) in h.borrow().entries.iter() {
                let name = convert::to_string(k);
                if let Err(e) = members::set_member(&obj, &name, v.clone()) {
                    let rec = ErrorRecord::new(e);
                    it.write_error(rec)?;
                }
            }
        }
        out.push(it, obj)
    }
}

fn scope_param() -> ParamDef {
    param("Scope", PType::String)
}

fn get_variable_sig() -> Signature {
    sig(
        "Get-Variable",
        "Microsoft.PowerShell.Commands.GetVariableCommand",
    )
    .with(param("Name", string_array()).pos(0).pipeline().by_name())
    .with(switch("ValueOnly"))
    .with(param("Include", string_array()))
    .with(param("Exclude", string_array()))
    .with(scope_param())
}

#[derive(Default)]
struct GetVariable;

fn variable_object(name: &str, value: Value) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from("System.Management.Automation.PSVariable")],
        ..PsObject::default()
    };
    o.add("Name", Value::str(name));
    o.add("Value", value);
    Value::object(o)
}

impl CmdletBody for GetVariable {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let patterns: Vec<String> = get(b, "Name")
            .map(|v| items_of(v).iter().map(convert::to_string).collect())
            .unwrap_or_else(|| vec!["*".into()]);
        let visible = it.scopes.visible();
        for pat in patterns {
            let mut found = false;
            for (name, value) in &visible {
                if wildcard_match(&pat, name) {
                    found = true;
                    let v = if flag(b, "ValueOnly") {
                        value.clone()
                    } else {
                        variable_object(name, value.clone())
                    };
                    out.push(it, v)?;
                }
            }
            if !found && !pat.contains('*') && !pat.contains('?') {
                let mut rec = error_at(
                    it,
                    format!("Cannot find a variable with the name '{}'.", pat),
                    "VariableNotFound",
                    ErrorCategory::ObjectNotFound,
                );
                rec.class_name = Some("Microsoft.PowerShell.Commands.GetVariableCommand".into());
                rec.info.exception_type = "System.Management.Automation.ItemNotFoundException";
                rec.info.target = Some(Value::str(&pat));
                it.write_error(rec)?;
            }
        }
        Ok(())
    }
}

fn set_variable_sig() -> Signature {
    sig(
        "Set-Variable",
        "Microsoft.PowerShell.Commands.SetVariableCommand",
    )
    .with(param("Name", string_array()).pos(0).mandatory().by_name())
    .with(param("Value", PType::Any).pos(1).pipeline().by_name())
    .with(scope_param())
    .with(switch("PassThru"))
    .with(param("Option", PType::Any))
    .with(param("Description", PType::String))
    .with(switch("Force"))
    .should_process()
}

fn new_variable_sig() -> Signature {
    sig(
        "New-Variable",
        "Microsoft.PowerShell.Commands.NewVariableCommand",
    )
    .with(param("Name", PType::String).pos(0).mandatory().by_name())
    .with(param("Value", PType::Any).pos(1).pipeline().by_name())
    .with(scope_param())
    .with(switch("PassThru"))
    .with(param("Option", PType::Any))
    .with(param("Description", PType::String))
    .with(switch("Force"))
    .should_process()
}

fn remove_variable_sig() -> Signature {
    sig(
        "Remove-Variable",
        "Microsoft.PowerShell.Commands.RemoveVariableCommand",
    )
    .with(param("Name", string_array()).pos(0).mandatory().by_name())
    .with(scope_param())
    .with(switch("Force"))
    .should_process()
}

fn scope_target(b: &Bound) -> Target {
    match get_str(b, "Scope")
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("global") => Target::Global,
        Some("script") => Target::Script,
        Some("local") => Target::Local,
        _ => Target::Local,
    }
}

#[derive(Default)]
struct SetVariable;

impl CmdletBody for SetVariable {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let value = get(b, "Value")
            .cloned()
            .or_else(|| input.cloned())
            .unwrap_or(Value::Null);
        let target = scope_target(b);
        let names: Vec<String> = get(b, "Name")
            .map(|v| items_of(v).iter().map(convert::to_string).collect())
            .unwrap_or_default();
        // The cmdlet's own scope is not a script scope: Local means the caller's scope here,
        // which is the current top of the stack since built-ins push none.
        for n in names {
            if !it.scopes.set(&n, value.clone(), target) {
                let rec = error_at(
                    it,
                    format!(
                        "Cannot overwrite variable {} because it is read-only or constant.",
                        n
                    ),
                    "VariableNotWritable",
                    ErrorCategory::WriteError,
                );
                it.write_error(rec)?;
                continue;
            }
            if flag(b, "PassThru") {
                out.push(it, variable_object(&n, value.clone()))?;
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct RemoveVariable;

impl CmdletBody for RemoveVariable {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let names: Vec<String> = get(b, "Name")
            .map(|v| items_of(v).iter().map(convert::to_string).collect())
            .unwrap_or_default();
        let target = if get(b, "Scope").is_some() {
            scope_target(b)
        } else {
            Target::Any
        };
        for n in names {
            if !it.scopes.remove(&n, target) {
                let mut rec = error_at(
                    it,
                    format!("Cannot find a variable with the name '{}'.", n),
                    "VariableNotFound",
                    ErrorCategory::ObjectNotFound,
                );
                rec.class_name = Some("Microsoft.PowerShell.Commands.RemoveVariableCommand".into());
                rec.info.target = Some(Value::str(&n));
                it.write_error(rec)?;
            }
        }
        Ok(())
    }
}

fn set_strict_mode_sig() -> Signature {
    sig(
        "Set-StrictMode",
        "Microsoft.PowerShell.Commands.SetStrictModeCommand",
    )
    .default_set("Version")
    .with(
        param("Version", PType::String)
            .set("Version")
            .mandatory()
            .alias("v"),
    )
    .with(switch("Off").set("Off").mandatory())
}

/// Accepted and without effect in the emulation (documented in the README).
#[derive(Default)]
struct NoOp;

impl CmdletBody for NoOp {
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

fn set_alias_sig() -> Signature {
    sig("Set-Alias", "Microsoft.PowerShell.Commands.SetAliasCommand")
        .with(param("Name", PType::String).pos(0).mandatory().by_name())
        .with(param("Value", PType::String).pos(1).mandatory().by_name())
        .with(param("Description", PType::String))
        .with(param("Option", PType::Any))
        .with(switch("PassThru"))
        .with(scope_param())
        .with(switch("Force"))
        .should_process()
}

fn new_alias_sig() -> Signature {
    let mut s = set_alias_sig();
    s.name = "New-Alias".into();
    s.class_name = "Microsoft.PowerShell.Commands.NewAliasCommand".into();
    s
}

#[derive(Default)]
struct SetAlias;

impl CmdletBody for SetAlias {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if let (Some(n), Some(v)) = (get_str(b, "Name"), get_str(b, "Value")) {
            it.aliases.insert(n.to_ascii_lowercase(), v);
        }
        Ok(())
    }
}

/// `New-Object TypeName args`: the value layer constructs; an unknown type gets New-Object's
/// own message (NewObjectStrings.resx), not the cast's.
fn construct(type_name: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
    if convert::resolve_type(type_name).is_none() {
        return Err(ErrorInfo::new(
            format!(
                "Cannot find type [{}]: verify that the assembly containing this type is loaded.",
                type_name
            ),
            "TypeNotFound",
            ErrorCategory::InvalidType,
        )
        .exception("System.Management.Automation.PSArgumentException"));
    }
    members::new_object(type_name, args)
}
