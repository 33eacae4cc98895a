//! The parameter binder: one implementation of PowerShell's binding rules, driven by a
//! [`Signature`] (data), whether the command is a Lync cmdlet from the catalog, a core cmdlet
//! or a script function with a `param()` block.
//!
//! Order of work, as in PowerShell's CmdletParameterBinderController: named arguments (exact
//! name or alias first, then unique prefix; a cmdlet-declared parameter beats a common one),
//! then positional arguments by position within the parameter sets still possible, then the
//! parameter set is resolved, then (per input object) pipeline binding by value and by
//! property name, then the mandatory check. Every failure is the ErrorRecord PowerShell
//! raises, with the same text and FullyQualifiedErrorId.

use indexmap::IndexMap;

use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord, Position};
use super::interp::ActionPreference;
use super::value::Value;
use crate::syntax::ast::Span;

/// The binder's view of a command's signature.
#[derive(Debug, Clone)]
pub struct Signature {
    pub name: String,
    /// The implementing class, appended to FullyQualifiedErrorIds.
    pub class_name: String,
    pub params: Vec<ParamDef>,
    /// Named parameter sets; empty means the single implicit `__AllParameterSets`.
    pub sets: Vec<String>,
    pub default_set: Option<String>,
    /// Advanced commands get the common parameters; simple functions get `$args` instead.
    pub cmdlet_binding: bool,
    pub should_process: bool,
    /// Groups of parameters that must be given all together or not at all (the catalog's
    /// `Constraint::Together`): once one of a group is bound, the others count as missing
    /// mandatory parameters, which is how the real cmdlet's second parameter set reports it.
    pub together: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct ParamDef {
    pub name: String,
    pub aliases: Vec<String>,
    pub ty: PType,
    /// Per-set facts; a `None` set means "all parameter sets".
    pub sets: Vec<ParamInSet>,
    pub value_from_remaining: bool,
    /// Rejects `$null` / empty values (ValidateNotNull / ValidateNotNullOrEmpty).
    pub not_null: bool,
    pub not_null_or_empty: bool,
    /// ValidateSet values (case-insensitive).
    pub validate_set: Vec<String>,
    pub validate_range: Option<(f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct ParamInSet {
    pub set: Option<String>,
    pub position: Option<u32>,
    pub mandatory: bool,
    pub from_pipeline: bool,
    pub from_pipeline_by_name: bool,
}

/// Parameter types as far as binding cares.
#[derive(Debug, Clone, PartialEq)]
pub enum PType {
    /// No constraint: the value is passed as is.
    Any,
    Switch,
    /// Compiled cmdlets' Boolean: only bools, switches and numbers are accepted.
    Bool,
    /// A script function's `[bool]` (a different error text).
    ScriptBool,
    String,
    /// A .NET type by its PowerShell name (`int`, `uint32`, `datetime`, `timespan`, `guid`,
    /// `uri`, `pscredential`, …), converted with the cast rules.
    Convert(String),
    Enum {
        type_name: String,
        names: Vec<String>,
    },
    Array(Box<PType>),
    ScriptBlock,
    /// Lync identity-like parameter types (XdsIdentity, UserIdParameter, Fqdn, …): strings or
    /// objects, handed to the cmdlet as given (strings stay strings).
    Identity(String),
    /// PSListModifier: a hashtable with Add/Remove/Replace, or plain values.
    ListModifier(Box<PType>),
}

impl PType {
    /// The .NET type name shown in `Missing an argument for parameter` messages.
    pub fn dotnet_name(&self) -> String {
        match self {
            PType::Any => "System.Object".into(),
            PType::Switch => "System.Management.Automation.SwitchParameter".into(),
            PType::Bool | PType::ScriptBool => "System.Boolean".into(),
            PType::String => "System.String".into(),
            PType::Convert(n) => convert::resolve_type(n)
                .map(|t| t.full_name())
                .unwrap_or_else(|| n.clone()),
            PType::Enum { type_name, .. } => type_name.clone(),
            PType::Array(t) => format!("{}[]", t.dotnet_name()),
            PType::ScriptBlock => "System.Management.Automation.ScriptBlock".into(),
            PType::Identity(n) => n.clone(),
            PType::ListModifier(t) => format!(
                "Microsoft.Rtc.Management.ADConnect.Core.PSListModifier`1[{}]",
                t.dotnet_name()
            ),
        }
    }
}

/// One command-line argument after evaluation.
#[derive(Debug, Clone)]
pub enum Arg {
    /// `-Name`, `-Name:value` (value set, colon true).
    Named {
        name: String,
        value: Option<Value>,
        span: Span,
    },
    Positional {
        value: Value,
        span: Span,
    },
}

/// The common parameters' values.
#[derive(Debug, Clone, Default)]
pub struct Common {
    pub error_action: Option<ActionPreference>,
    pub warning_action: Option<ActionPreference>,
    pub verbose: Option<bool>,
    pub debug: Option<bool>,
    pub whatif: Option<bool>,
    pub confirm: Option<bool>,
    pub error_variable: Option<String>,
    pub warning_variable: Option<String>,
    pub out_variable: Option<String>,
    pub pipeline_variable: Option<String>,
}

/// The result of binding the command line.
#[derive(Debug, Clone, Default)]
pub struct Bound {
    /// Bound parameters by declared name, in binding order.
    pub values: IndexMap<String, Value>,
    /// Positional values no parameter took (a simple function's `$args`).
    pub unbound: Vec<Value>,
    pub common: Common,
    /// Sets still possible after command-line binding.
    pub candidate_sets: Vec<String>,
    /// The resolved set, once known.
    pub set: Option<String>,
}

const ALL_SETS: &str = "__AllParameterSets";

#[derive(Debug)]
struct CommonDef {
    name: &'static str,
    aliases: &'static [&'static str],
    switch: bool,
}

/// PowerShell's common parameters, with their aliases (CommonParameters.cs).
const COMMON: &[CommonDef] = &[
    CommonDef {
        name: "Verbose",
        aliases: &["vb"],
        switch: true,
    },
    CommonDef {
        name: "Debug",
        aliases: &["db"],
        switch: true,
    },
    CommonDef {
        name: "ErrorAction",
        aliases: &["ea"],
        switch: false,
    },
    CommonDef {
        name: "WarningAction",
        aliases: &["wa"],
        switch: false,
    },
    CommonDef {
        name: "ErrorVariable",
        aliases: &["ev"],
        switch: false,
    },
    CommonDef {
        name: "WarningVariable",
        aliases: &["wv"],
        switch: false,
    },
    CommonDef {
        name: "OutVariable",
        aliases: &["ov"],
        switch: false,
    },
    CommonDef {
        name: "OutBuffer",
        aliases: &["ob"],
        switch: false,
    },
    CommonDef {
        name: "PipelineVariable",
        aliases: &["pv"],
        switch: false,
    },
];

const SHOULD_PROCESS: &[CommonDef] = &[
    CommonDef {
        name: "WhatIf",
        aliases: &["wi"],
        switch: true,
    },
    CommonDef {
        name: "Confirm",
        aliases: &["cf"],
        switch: true,
    },
];

/// What a parameter name resolved to.
#[derive(Debug, Clone, Copy)]
enum Resolved {
    Param(usize),
    Common(&'static CommonDef),
}

impl Signature {
    fn set_names(&self) -> Vec<String> {
        if self.sets.is_empty() {
            vec![ALL_SETS.to_string()]
        } else {
            self.sets.clone()
        }
    }

    fn in_set<'a>(&self, p: &'a ParamDef, set: &str) -> Option<&'a ParamInSet> {
        p.sets
            .iter()
            .find(|s| {
                s.set
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(set))
            })
            .or_else(|| p.sets.iter().find(|s| s.set.is_none()))
    }

    fn param_sets(&self, p: &ParamDef) -> Vec<String> {
        if p.sets.iter().any(|s| s.set.is_none()) {
            return self.set_names();
        }
        p.sets.iter().filter_map(|s| s.set.clone()).collect()
    }

    pub fn param(&self, name: &str) -> Option<&ParamDef> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    fn common_defs(&self) -> Vec<&'static CommonDef> {
        let mut v: Vec<&'static CommonDef> = Vec::new();
        if self.cmdlet_binding {
            v.extend(COMMON.iter());
            if self.should_process {
                v.extend(SHOULD_PROCESS.iter());
            }
        }
        v
    }

    /// Resolves `-name` as PowerShell does: exact name/alias, then unique prefix.
    fn resolve(&self, name: &str) -> Result<Resolved, Vec<String>> {
        for (i, p) in self.params.iter().enumerate() {
            if p.name.eq_ignore_ascii_case(name)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            {
                return Ok(Resolved::Param(i));
            }
        }
        let commons = self.common_defs();
        for c in &commons {
            if c.name.eq_ignore_ascii_case(name)
                || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            {
                return Ok(Resolved::Common(c));
            }
        }
        let lower = name.to_ascii_lowercase();
        let starts = |s: &str| s.to_ascii_lowercase().starts_with(&lower);
        let declared: Vec<usize> = self
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| starts(&p.name) || p.aliases.iter().any(|a| starts(a)))
            .map(|(i, _)| i)
            .collect();
        let common: Vec<&'static CommonDef> = commons
            .iter()
            .copied()
            .filter(|c| starts(c.name) || c.aliases.iter().any(|a| starts(a)))
            .collect();
        // A single cmdlet-declared match wins over common parameters
        // (MergedCommandParameterMetadata.GetMatchingParameter).
        if declared.len() == 1 {
            return Ok(Resolved::Param(declared[0]));
        }
        if declared.is_empty() && common.len() == 1 {
            return Ok(Resolved::Common(common[0]));
        }
        let mut names: Vec<String> = declared
            .iter()
            .map(|&i| self.params[i].name.clone())
            .collect();
        names.extend(common.iter().map(|c| c.name.to_string()));
        Err(names)
    }
}

/// Builds binding errors with the command's name and class.
pub struct ErrCtx<'a> {
    pub sig: &'a Signature,
    pub position: Option<Position>,
}

impl ErrCtx<'_> {
    pub fn error(&self, id: &'static str, message: String, span: Option<Span>) -> Box<ErrorRecord> {
        let info = ErrorInfo::new(message, id, ErrorCategory::InvalidArgument)
            .exception("System.Management.Automation.ParameterBindingException");
        let mut rec = ErrorRecord::new(info);
        rec.command = Some(self.sig.name.clone());
        rec.activity = self.sig.name.clone();
        rec.class_name = Some(self.sig.class_name.clone());
        rec.position = match (span, &self.position) {
            (Some(s), Some(p)) if s != Span::default() => Some(Position {
                source: p.source.clone(),
                span: s,
            }),
            (_, p) => p.clone(),
        };
        Box::new(rec)
    }
}

/// Binds the command-line arguments. `expects_input` is true when the command is not first in
/// its pipeline (pipeline parameters may still come).
pub fn bind_command_line(
    sig: &Signature,
    args: Vec<Arg>,
    expects_input: bool,
    ctx: &ErrCtx,
) -> Result<Bound, Box<ErrorRecord>> {
    let mut bound = Bound::default();
    let mut positional: Vec<(Value, Span)> = Vec::new();
    let mut it = args.into_iter().peekable();
    while let Some(arg) = it.next() {
        match arg {
            Arg::Positional { value, span } => positional.push((value, span)),
            Arg::Named { name, value, span } => {
                let resolved = sig.resolve(&name).map_err(|matches| {
                    if matches.is_empty() {
                        ctx.error(
                            "NamedParameterNotFound",
                            format!("A parameter cannot be found that matches parameter name '{}'.", name),
                            Some(span),
                        )
                    } else {
                        ctx.error(
                            "AmbiguousParameter",
                            format!(
                                "Parameter cannot be processed because the parameter name '{}' is ambiguous. Possible matches include: {}.",
                                name,
                                matches.iter().map(|m| format!("-{}", m)).collect::<Vec<_>>().join(" ")
                            ),
                            Some(span),
                        )
                    }
                })?;
                let (pname, is_switch, ty) = match resolved {
                    Resolved::Param(i) => {
                        let p = &sig.params[i];
                        (p.name.clone(), p.ty == PType::Switch, p.ty.clone())
                    }
                    Resolved::Common(c) => (
                        c.name.to_string(),
                        c.switch,
                        if c.switch {
                            PType::Switch
                        } else {
                            PType::String
                        },
                    ),
                };
                let mut value_span = span;
                let value = match value {
                    Some(v) => v,
                    None if is_switch => Value::Switch(true),
                    None => match it.peek() {
                        Some(Arg::Positional { .. }) => match it.next() {
                            Some(Arg::Positional { value, span }) => {
                                value_span = span;
                                value
                            }
                            _ => Value::Null,
                        },
                        _ => {
                            return Err(ctx.error(
                                "MissingArgument",
                                format!(
                                    "Missing an argument for parameter '{}'. Specify a parameter of type '{}' and try again.",
                                    pname,
                                    ty.dotnet_name()
                                ),
                                Some(span),
                            ));
                        }
                    },
                };
                match resolved {
                    Resolved::Common(c) => {
                        bind_common(&mut bound.common, c.name, value, ctx, span)?
                    }
                    Resolved::Param(i) => {
                        let p = &sig.params[i];
                        if bound.values.contains_key(&p.name) {
                            return Err(ctx.error(
                                "ParameterAlreadyBound",
                                format!(
                                    "Cannot bind parameter because parameter '{}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
                                    p.name
                                ),
                                Some(span),
                            ));
                        }
                        let v = coerce(p, value, ctx, value_span)?;
                        bound.values.insert(p.name.clone(), v);
                    }
                }
            }
        }
    }

    // Parameter sets still possible given the named parameters.
    let mut candidates = sig.set_names();
    for name in bound.values.keys() {
        if let Some(p) = sig.param(name) {
            let ps = sig.param_sets(p);
            candidates.retain(|s| ps.iter().any(|x| x.eq_ignore_ascii_case(s)));
        }
    }
    if candidates.is_empty() {
        return Err(ambiguous_set(ctx));
    }

    // Positional arguments, by position among the candidate sets.
    let mut remaining = positional.into_iter();
    'pos: while let Some((value, span)) = remaining.next() {
        // The remaining-arguments parameter of a set still possible (ForEach-Object has one per
        // set: -RemainingScripts, -ArgumentList).
        let remaining_param = sig.params.iter().find(|p| {
            p.value_from_remaining && candidates.iter().any(|set| sig.in_set(p, set).is_some())
        });
        // Every unbound parameter at the lowest position any candidate set still offers; the
        // default set's parameter first. When the value does not convert to the first (`%
        // DisplayName`: not a script block), the next one at that position is tried, as
        // PowerShell does across parameter sets; if none takes it, the first one's error.
        let mut lowest: Option<u32> = None;
        let mut at_lowest: Vec<&ParamDef> = Vec::new();
        for p in &sig.params {
            if bound.values.contains_key(&p.name) || p.ty == PType::Switch {
                continue;
            }
            for set in &candidates {
                let Some(pos) = sig.in_set(p, set).and_then(|ps| ps.position) else {
                    continue;
                };
                if lowest.is_none_or(|l| pos < l) {
                    lowest = Some(pos);
                    at_lowest.clear();
                }
                if lowest == Some(pos) && !at_lowest.iter().any(|q| q.name == p.name) {
                    at_lowest.push(p);
                }
            }
        }
        if let Some(d) = &sig.default_set {
            at_lowest.sort_by_key(|p| !sig.param_sets(p).iter().any(|x| x.eq_ignore_ascii_case(d)));
        }
        match at_lowest.first().copied() {
            Some(first) => {
                // First without conversion (a value whose type the parameter takes as is),
                // then with it: PowerShell's two positional passes.
                let mut chosen = at_lowest
                    .iter()
                    .find(|p| at_lowest.len() > 1 && fits_as_is(&p.ty, &value))
                    .map(|p| (*p, value.clone()));
                let mut first_error = None;
                for p in at_lowest.iter().filter(|_| chosen.is_none()) {
                    match coerce(p, value.clone(), ctx, span) {
                        Ok(v) => {
                            chosen = Some((*p, v));
                            break;
                        }
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
                let Some((p, v)) = chosen else {
                    return Err(first_error.unwrap_or_else(|| {
                        ctx.error(
                            "ParameterArgumentTransformationError",
                            format!("Cannot bind parameter '{}'.", first.name),
                            Some(span),
                        )
                    }));
                };
                let ps = sig.param_sets(p);
                candidates.retain(|s| ps.iter().any(|x| x.eq_ignore_ascii_case(s)));
                bound.values.insert(p.name.clone(), v);
            }
            None => {
                if let Some(p) = remaining_param
                    && !bound.values.contains_key(&p.name)
                {
                    let mut rest = vec![value];
                    rest.extend(remaining.by_ref().map(|(v, _)| v));
                    bound.values.insert(p.name.clone(), Value::array(rest));
                    break 'pos;
                }
                if !sig.cmdlet_binding {
                    bound.unbound.push(value);
                    bound.unbound.extend(remaining.by_ref().map(|(v, _)| v));
                    break 'pos;
                }
                return Err(ctx.error(
                    "PositionalParameterNotFound",
                    format!(
                        "A positional parameter cannot be found that accepts argument '{}'.",
                        convert::to_string(&value)
                    ),
                    Some(span),
                ));
            }
        }
    }
    bound.candidate_sets = candidates;
    if !expects_input {
        let set = resolve_set(sig, &bound, ctx, false)?;
        check_mandatory(sig, &bound, &set, ctx)?;
        bound.set = Some(set);
    }
    Ok(bound)
}

/// True when `value` binds to a parameter of type `ty` without a conversion.
fn fits_as_is(ty: &PType, value: &Value) -> bool {
    match ty {
        PType::Any | PType::Identity(_) => true,
        PType::String => matches!(value, Value::String(_)),
        PType::ScriptBlock => matches!(value, Value::ScriptBlock(_)),
        PType::Bool | PType::ScriptBool => matches!(value, Value::Bool(_)),
        PType::Array(inner) => match value {
            Value::Array(items) => items.borrow().iter().all(|v| fits_as_is(inner, v)),
            v => fits_as_is(inner, v),
        },
        PType::ListModifier(inner) => {
            matches!(value, Value::Hashtable(_)) || fits_as_is(inner, value)
        }
        PType::Switch | PType::Convert(_) | PType::Enum { .. } => false,
    }
}

fn ambiguous_set(ctx: &ErrCtx) -> Box<ErrorRecord> {
    ctx.error(
        "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters.".into(),
        None,
    )
}

/// Chooses the parameter set among the candidates: a single one; else the default set if
/// possible; else the only one whose mandatory parameters are all bound.
pub fn resolve_set(
    sig: &Signature,
    bound: &Bound,
    ctx: &ErrCtx,
    with_input: bool,
) -> Result<String, Box<ErrorRecord>> {
    let c = &bound.candidate_sets;
    if c.len() == 1 {
        return Ok(c[0].clone());
    }
    if let Some(d) = &sig.default_set
        && c.iter().any(|s| s.eq_ignore_ascii_case(d))
    {
        return Ok(d.clone());
    }
    let satisfied: Vec<&String> = c
        .iter()
        .filter(|set| {
            sig.params.iter().all(|p| {
                sig.in_set(p, set).is_none_or(|ps| {
                    !ps.mandatory
                        || bound.values.contains_key(&p.name)
                        || (with_input && (ps.from_pipeline || ps.from_pipeline_by_name))
                })
            })
        })
        .collect();
    if satisfied.len() == 1 {
        return Ok(satisfied[0].clone());
    }
    // Sets that mention at least one bound parameter explicitly are preferred over sets that
    // merely allow everything.
    let explicit: Vec<&&String> = satisfied
        .iter()
        .filter(|set| {
            bound.values.keys().any(|name| {
                sig.param(name).is_some_and(|p| {
                    p.sets.iter().any(|s| {
                        s.set
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(set))
                    })
                })
            })
        })
        .collect();
    if explicit.len() == 1 {
        return Ok((*explicit[0]).clone());
    }
    if satisfied.is_empty() && c.len() > 1 {
        // Nothing satisfied: report missing mandatory parameters of the first candidate
        // rather than an ambiguity PowerShell would not raise here.
        return Ok(c[0].clone());
    }
    if let Some(first) = satisfied.first()
        && (sig.sets.is_empty() || bound.values.is_empty())
    {
        return Ok((*first).clone());
    }
    Err(ambiguous_set(ctx))
}

/// The mandatory parameters of `set` that are not bound, in declaration order. A parameter
/// of a `together` group counts as mandatory once another member of its group is bound
/// (New-CsHostingProvider's -EnabledSharedAddressSpace needs -HostsOCSUsers: the real cmdlet
/// declares them in a second set where both are mandatory).
pub fn missing_mandatory(sig: &Signature, bound: &Bound, set: &str) -> Vec<String> {
    let required_by_group = |name: &str| {
        sig.together.iter().any(|group| {
            group.iter().any(|g| g.eq_ignore_ascii_case(name))
                && group
                    .iter()
                    .any(|g| !g.eq_ignore_ascii_case(name) && bound.values.contains_key(g))
        })
    };
    sig.params
        .iter()
        .filter(|p| {
            (sig.in_set(p, set).is_some_and(|ps| ps.mandatory) || required_by_group(&p.name))
                && !bound.values.contains_key(&p.name)
        })
        .map(|p| p.name.clone())
        .collect()
}

pub fn check_mandatory(
    sig: &Signature,
    bound: &Bound,
    set: &str,
    ctx: &ErrCtx,
) -> Result<(), Box<ErrorRecord>> {
    let missing = missing_mandatory(sig, bound, set);
    if missing.is_empty() {
        return Ok(());
    }
    Err(ctx.error(
        "MissingMandatoryParameter",
        format!(
            "Cannot process command because of one or more missing mandatory parameters:{}.",
            missing
                .iter()
                .map(|m| format!(" {}", m))
                .collect::<String>()
        ),
        None,
    ))
}

/// Binds one pipeline input object to the parameters that take pipeline input. Returns the
/// bound copy for this object (command-line values plus the pipeline ones) and its set.
pub fn bind_pipeline_input(
    sig: &Signature,
    base: &Bound,
    input: &Value,
    ctx: &ErrCtx,
) -> Result<Bound, Box<ErrorRecord>> {
    let mut b = base.clone();
    let mut bound_any = false;
    // By value: first without conversion, then with.
    for pass in 0..2 {
        if bound_any {
            break;
        }
        for p in &sig.params {
            if b.values.contains_key(&p.name) {
                continue;
            }
            let takes = b
                .candidate_sets
                .iter()
                .any(|s| sig.in_set(p, s).is_some_and(|ps| ps.from_pipeline));
            if !takes {
                continue;
            }
            if pass == 0 && !type_matches_exactly(&p.ty, input) {
                continue;
            }
            if let Ok(v) = coerce(p, input.clone(), ctx, Span::default()) {
                let ps = sig.param_sets(p);
                b.candidate_sets
                    .retain(|s| ps.iter().any(|x| x.eq_ignore_ascii_case(s)));
                b.values.insert(p.name.clone(), v);
                bound_any = true;
                break;
            }
        }
    }
    // By property name.
    if let Value::Object(_) | Value::Hashtable(_) = input {
        for p in &sig.params {
            if b.values.contains_key(&p.name) {
                continue;
            }
            let takes = b
                .candidate_sets
                .iter()
                .any(|s| sig.in_set(p, s).is_some_and(|ps| ps.from_pipeline_by_name));
            if !takes {
                continue;
            }
            let prop = std::iter::once(&p.name)
                .chain(p.aliases.iter())
                .find_map(|n| property_of(input, n));
            if let Some(v) = prop
                && let Ok(v) = coerce(p, v, ctx, Span::default())
            {
                let ps = sig.param_sets(p);
                b.candidate_sets
                    .retain(|s| ps.iter().any(|x| x.eq_ignore_ascii_case(s)));
                b.values.insert(p.name.clone(), v);
                bound_any = true;
            }
        }
    }
    if !bound_any {
        let mut rec = ctx.error(
            "InputObjectNotBound",
            "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.".into(),
            None,
        );
        rec.info.target = Some(input.clone());
        return Err(rec);
    }
    let set = resolve_set(sig, &b, ctx, false)?;
    check_mandatory(sig, &b, &set, ctx)?;
    b.set = Some(set);
    Ok(b)
}

/// True when some parameter of the candidate sets takes pipeline input.
pub fn takes_pipeline_input(sig: &Signature, bound: &Bound) -> bool {
    sig.params.iter().any(|p| {
        !bound.values.contains_key(&p.name)
            && bound.candidate_sets.iter().any(|s| {
                sig.in_set(p, s)
                    .is_some_and(|ps| ps.from_pipeline || ps.from_pipeline_by_name)
            })
    })
}

fn property_of(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.clone()),
        Value::Hashtable(_) => None,
        _ => None,
    }
}

fn type_matches_exactly(t: &PType, v: &Value) -> bool {
    match t {
        PType::Any => true,
        PType::String => matches!(v, Value::String(_)),
        PType::Bool | PType::ScriptBool => matches!(v, Value::Bool(_)),
        PType::ScriptBlock => matches!(v, Value::ScriptBlock(_)),
        PType::Array(inner) => match v {
            Value::Array(_) => true,
            other => type_matches_exactly(inner, other),
        },
        PType::Identity(_) => matches!(v, Value::String(_) | Value::Object(_)),
        PType::Convert(n) => convert::is_instance(v, n).unwrap_or(false),
        _ => false,
    }
}

fn bind_common(
    c: &mut Common,
    name: &str,
    value: Value,
    ctx: &ErrCtx,
    span: Span,
) -> Result<(), Box<ErrorRecord>> {
    let as_bool = |v: &Value| convert::is_true(v);
    match name {
        "Verbose" => c.verbose = Some(as_bool(&value)),
        "Debug" => c.debug = Some(as_bool(&value)),
        "WhatIf" => c.whatif = Some(as_bool(&value)),
        "Confirm" => c.confirm = Some(as_bool(&value)),
        "ErrorAction" | "WarningAction" => {
            let s = convert::to_string(&value);
            let pref = ActionPreference::parse(&s).ok_or_else(|| {
                ctx.error(
                    "CannotConvertArgumentNoMessage",
                    format!(
                        "Cannot bind parameter '{}'. Cannot convert value \"{}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {} to a valid enumerator name.  Specify one of the following enumerator names and try again: SilentlyContinue, Stop, Continue, Inquire, Ignore\"",
                        name, s, s
                    ),
                    Some(span),
                )
            })?;
            if name == "ErrorAction" {
                c.error_action = Some(pref);
            } else {
                c.warning_action = Some(pref);
            }
        }
        "ErrorVariable" => c.error_variable = Some(convert::to_string(&value)),
        "WarningVariable" => c.warning_variable = Some(convert::to_string(&value)),
        "OutVariable" => c.out_variable = Some(convert::to_string(&value)),
        "PipelineVariable" => c.pipeline_variable = Some(convert::to_string(&value)),
        _ => {}
    }
    Ok(())
}

/// Binds a value typed at a mandatory-parameter prompt.
pub fn bind_prompted(
    sig: &Signature,
    bound: &mut Bound,
    name: &str,
    value: Value,
    ctx: &ErrCtx,
) -> Result<(), Box<ErrorRecord>> {
    let Some(p) = sig.param(name) else {
        return Ok(());
    };
    if matches!(&value, Value::String(s) if s.is_empty()) {
        return Err(validation(ctx.error(
            "ParameterArgumentValidationErrorEmptyStringNotAllowed",
            format!(
                "Cannot bind argument to parameter '{}' because it is an empty string.",
                p.name
            ),
            None,
        )));
    }
    let v = coerce(p, value, ctx, Span::default())?;
    bound.values.insert(p.name.clone(), v);
    Ok(())
}

/// Validation failures (ValidateSet, ValidateRange, null checks) are InvalidData errors of
/// ParameterBindingValidationException.
fn validation(mut rec: Box<ErrorRecord>) -> Box<ErrorRecord> {
    rec.info.category = ErrorCategory::InvalidData;
    rec.info.exception_type = "System.Management.Automation.ParameterBindingValidationException";
    rec
}

/// A script parameter's type constraint failing is an argument transformation error.
fn transformation(mut rec: Box<ErrorRecord>) -> Box<ErrorRecord> {
    rec.info.category = ErrorCategory::InvalidData;
    rec.info.exception_type =
        "System.Management.Automation.ParameterBindingArgumentTransformationException";
    rec
}

/// Converts an argument to the parameter's type, with PowerShell's messages.
fn coerce(p: &ParamDef, value: Value, ctx: &ErrCtx, span: Span) -> Result<Value, Box<ErrorRecord>> {
    if value.is_null() || matches!(&value, Value::String(s) if s.is_empty()) {
        let is_null = value.is_null();
        if (is_null && (p.not_null || p.sets.iter().any(|s| s.mandatory) && p.ty != PType::Switch))
            || p.not_null_or_empty
        {
            let what = if is_null { "null" } else { "an empty string" };
            let (id, msg) = if is_null {
                (
                    "ParameterArgumentValidationErrorNullNotAllowed",
                    format!(
                        "Cannot bind argument to parameter '{}' because it is null.",
                        p.name
                    ),
                )
            } else {
                (
                    "ParameterArgumentValidationErrorEmptyStringNotAllowed",
                    format!(
                        "Cannot bind argument to parameter '{}' because it is {}.",
                        p.name, what
                    ),
                )
            };
            return Err(validation(ctx.error(id, msg, Some(span))));
        }
        if is_null {
            return Ok(Value::Null);
        }
    }
    let v = convert_param(&p.ty, value, &p.name, ctx, span)?;
    if !p.validate_set.is_empty() {
        let items = match &v {
            Value::Array(a) => a.borrow().clone(),
            other => vec![other.clone()],
        };
        for item in items {
            let s = convert::to_string(&item);
            if !p.validate_set.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
                return Err(validation(ctx.error(
                    "ParameterArgumentValidationError",
                    format!(
                        "Cannot validate argument on parameter '{}'. The argument \"{}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                        p.name,
                        s,
                        p.validate_set.join(",")
                    ),
                    Some(span),
                )));
            }
        }
    }
    if let Some((lo, hi)) = p.validate_range
        && let Some(n) = convert::num_to_f64(&v)
    {
        let text = convert::to_string(&v);
        let msg = if n < lo {
            Some(format!(
                "Cannot validate argument on parameter '{}'. The {} argument is less than the minimum allowed range of {}. Supply an argument that is greater than or equal to {} and then try the command again.",
                p.name, text, lo, lo
            ))
        } else if n > hi {
            Some(format!(
                "Cannot validate argument on parameter '{}'. The {} argument is greater than the maximum allowed range of {}. Supply an argument that is less than or equal to {} and then try the command again.",
                p.name, text, hi, hi
            ))
        } else {
            None
        };
        if let Some(m) = msg {
            return Err(validation(ctx.error(
                "ParameterArgumentValidationError",
                m,
                Some(span),
            )));
        }
    }
    Ok(v)
}

fn convert_param(
    ty: &PType,
    value: Value,
    pname: &str,
    ctx: &ErrCtx,
    span: Span,
) -> Result<Value, Box<ErrorRecord>> {
    let cannot = |inner: ErrorInfo| {
        ctx.error(
            "CannotConvertArgumentNoMessage",
            format!("Cannot bind parameter '{}'. {}", pname, inner.message),
            Some(span),
        )
    };
    match ty {
        PType::Any | PType::Identity(_) | PType::ListModifier(_) => Ok(value),
        PType::Switch => Ok(Value::Switch(convert::is_true(&value))),
        PType::Bool | PType::ScriptBool => {
            // Boolean parameters accept only Booleans, switches and numbers
            // (ParameterBinderBase.CoerceTypeAsNeeded).
            let b = match &value {
                Value::Bool(b) | Value::Switch(b) => Some(*b),
                v @ (Value::Int(_)
                | Value::Long(_)
                | Value::Double(_)
                | Value::Decimal(_)
                | Value::OtherNumber(_)) => Some(convert::is_true(v)),
                Value::Array(a) if a.borrow().len() == 1 => {
                    let first = a.borrow().first().cloned().unwrap_or(Value::Null);
                    return convert_param(ty, first, pname, ctx, span);
                }
                _ => None,
            };
            match b {
                Some(b) => Ok(Value::Bool(b)),
                None if *ty == PType::ScriptBool => Err(transformation(ctx.error(
                    "ParameterArgumentTransformationError",
                    format!(
                        "Cannot process argument transformation on parameter '{}'. Cannot convert value \"{}\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                        pname,
                        convert::type_name(&value)
                    ),
                    Some(span),
                ))),
                None => Err(ctx.error(
                    "CannotConvertArgument",
                    format!(
                        "Cannot convert '{}' to the type 'System.Boolean' required by parameter '{}'. ",
                        convert::type_name(&value),
                        pname
                    ),
                    Some(span),
                )),
            }
        }
        PType::String => match &value {
            Value::String(_) => Ok(value),
            _ => Ok(Value::str(&convert::to_string(&value))),
        },
        PType::ScriptBlock => match &value {
            Value::ScriptBlock(_) => Ok(value),
            other => Err(ctx.error(
                "CannotConvertArgumentNoMessage",
                format!(
                    "Cannot bind parameter '{}'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Management.Automation.ScriptBlock\".",
                    pname,
                    convert::to_string(other),
                    convert::type_name(other)
                ),
                Some(span),
            )),
        },
        PType::Enum { type_name, names } => {
            let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
            convert::convert_to_enum(&value, type_name, &refs).map_err(cannot)
        }
        PType::Convert(n) => convert::convert_to_type(&value, n).map_err(cannot),
        PType::Array(inner) => {
            let items = match &value {
                Value::Array(a) => a.borrow().clone(),
                Value::List(l) => l.borrow().items.clone(),
                other => vec![other.clone()],
            };
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(convert_param(inner, i, pname, ctx, span)?);
            }
            Ok(Value::array(out))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::builtins::{param, sig, switch};

    fn provider_sig() -> Signature {
        sig(
            "New-CsHostingProvider",
            "Microsoft.Rtc.Management.Internal.NewHostingProviderCmdlet",
        )
        .with(
            param(
                "Identity",
                PType::Identity("XdsGlobalRelativeIdentity".into()),
            )
            .pos(0)
            .mandatory(),
        )
        .with(param("ProxyFqdn", PType::String).mandatory())
        .with(param("Enabled", PType::Bool))
        .with(param("EnabledSharedAddressSpace", PType::Bool))
        .with(param("HostsOCSUsers", PType::Bool))
        .with(param(
            "VerificationLevel",
            PType::Enum {
                type_name: "VerificationLevelType".into(),
                names: vec![
                    "AlwaysVerifiable".into(),
                    "AlwaysUnverifiable".into(),
                    "UseSourceVerification".into(),
                ],
            },
        ))
        .with(switch("Force"))
        .should_process()
    }

    fn named(name: &str, value: Option<Value>) -> Arg {
        Arg::Named {
            name: name.into(),
            value,
            span: Span::default(),
        }
    }

    fn pos(value: Value) -> Arg {
        Arg::Positional {
            value,
            span: Span::default(),
        }
    }

    fn bind(sig: &Signature, args: Vec<Arg>) -> Result<Bound, Box<ErrorRecord>> {
        let ctx = ErrCtx {
            sig,
            position: None,
        };
        bind_command_line(sig, args, false, &ctx)
    }

    fn err(sig: &Signature, args: Vec<Arg>) -> (String, String) {
        match bind(sig, args) {
            Ok(_) => panic!("expected a binding error"),
            Err(e) => (e.info.message.clone(), e.fully_qualified_id()),
        }
    }

    #[test]
    fn together_groups_make_the_rest_of_the_group_mandatory() {
        let mut s = provider_sig();
        s.together = vec![vec![
            "EnabledSharedAddressSpace".into(),
            "HostsOCSUsers".into(),
        ]];
        let base = || {
            vec![
                pos(Value::str("X")),
                named("ProxyFqdn", Some(Value::str("x.example.com"))),
            ]
        };
        assert!(bind(&s, base()).is_ok(), "neither is fine");
        let mut both = base();
        both.push(named("EnabledSharedAddressSpace", Some(Value::Bool(true))));
        both.push(named("HostsOCSUsers", Some(Value::Bool(false))));
        assert!(bind(&s, both).is_ok(), "both are fine");
        let mut one = base();
        one.push(named("hostsocs", Some(Value::Bool(true))));
        let (msg, id) = err(&s, one);
        assert_eq!(
            msg,
            "Cannot process command because of one or more missing mandatory parameters: EnabledSharedAddressSpace."
        );
        assert!(id.starts_with("MissingMandatoryParameter,"));
    }

    #[test]
    fn prefixes_aliases_and_case() {
        let s = provider_sig();
        let b = bind(
            &s,
            vec![
                pos(Value::str("LyncOnline")),
                named("proxyfq", Some(Value::str("sipfed.online.lync.com"))),
                named("ENABLED", Some(Value::Bool(true))),
            ],
        )
        .map_err(|e| e.info.message)
        .unwrap();
        assert!(
            matches!(b.values.get("ProxyFqdn"), Some(Value::String(s)) if &**s == "sipfed.online.lync.com")
        );
        assert!(matches!(b.values.get("Enabled"), Some(Value::Bool(true))));
        assert!(matches!(b.values.get("Identity"), Some(Value::String(_))));
    }

    #[test]
    fn exact_match_beats_prefix_and_ambiguity_lists_matches() {
        let s = provider_sig();
        let b = bind(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("Enabled", Some(Value::Bool(true))),
            ],
        );
        assert!(b.is_ok());
        let (msg, id) = err(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("En", Some(Value::Bool(true))),
            ],
        );
        assert_eq!(
            msg,
            "Parameter cannot be processed because the parameter name 'En' is ambiguous. Possible matches include: -Enabled -EnabledSharedAddressSpace."
        );
        assert_eq!(
            id,
            "AmbiguousParameter,Microsoft.Rtc.Management.Internal.NewHostingProviderCmdlet"
        );
    }

    #[test]
    fn declared_parameter_beats_common_one() {
        let s = provider_sig();
        let b = bind(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("Ver", Some(Value::str("usesourceverification"))),
            ],
        );
        let b = b.map_err(|e| e.info.message).unwrap();
        assert!(b.values.contains_key("VerificationLevel"));
    }

    #[test]
    fn unknown_missing_and_duplicate() {
        let s = provider_sig();
        let (msg, id) = err(&s, vec![named("Bogus", Some(Value::Int(1)))]);
        assert_eq!(
            msg,
            "A parameter cannot be found that matches parameter name 'Bogus'."
        );
        assert!(id.starts_with("NamedParameterNotFound,"));
        let (msg, _) = err(&s, vec![pos(Value::str("x")), named("ProxyFqdn", None)]);
        assert_eq!(
            msg,
            "Missing an argument for parameter 'ProxyFqdn'. Specify a parameter of type 'System.String' and try again."
        );
        let (msg, _) = err(
            &s,
            vec![
                pos(Value::str("x")),
                named("Enabled", Some(Value::Bool(true))),
                named("Enabled", Some(Value::Bool(false))),
            ],
        );
        assert!(msg.starts_with(
            "Cannot bind parameter because parameter 'Enabled' is specified more than once."
        ));
        let (msg, id) = err(&s, vec![pos(Value::str("x"))]);
        assert_eq!(
            msg,
            "Cannot process command because of one or more missing mandatory parameters: ProxyFqdn."
        );
        assert!(id.starts_with("MissingMandatoryParameter,"));
        let (msg, _) = err(
            &s,
            vec![
                pos(Value::str("x")),
                pos(Value::str("y")),
                named("ProxyFqdn", Some(Value::str("p"))),
            ],
        );
        assert_eq!(
            msg,
            "A positional parameter cannot be found that accepts argument 'y'."
        );
    }

    #[test]
    fn boolean_parameters_take_bools_and_numbers_only() {
        let s = provider_sig();
        let b = bind(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("Enabled", Some(Value::Int(1))),
            ],
        )
        .map_err(|e| e.info.message)
        .unwrap();
        assert!(matches!(b.values.get("Enabled"), Some(Value::Bool(true))));
        let (msg, id) = err(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("Enabled", Some(Value::str("yes"))),
            ],
        );
        assert_eq!(
            msg,
            "Cannot convert 'System.String' to the type 'System.Boolean' required by parameter 'Enabled'. "
        );
        assert!(id.starts_with("CannotConvertArgument,"));
    }

    #[test]
    fn switches_and_common_parameters() {
        let s = provider_sig();
        let b = bind(
            &s,
            vec![
                pos(Value::str("x")),
                named("ProxyFqdn", Some(Value::str("p"))),
                named("Force", None),
                named("WhatIf", None),
                named("ea", Some(Value::str("stop"))),
                named("Confirm", Some(Value::Bool(false))),
            ],
        )
        .map_err(|e| e.info.message)
        .unwrap();
        assert!(matches!(b.values.get("Force"), Some(Value::Switch(true))));
        assert_eq!(b.common.whatif, Some(true));
        assert_eq!(b.common.confirm, Some(false));
        assert_eq!(b.common.error_action, Some(ActionPreference::Stop));
    }

    #[test]
    fn parameter_sets_resolve_or_fail() {
        let s = sig("Set-X", "X")
            .default_set("Identity")
            .with(param("Identity", PType::String).set("Identity").pos(0))
            .with(
                param("Instance", PType::Any)
                    .set("Instance")
                    .mandatory()
                    .pipeline(),
            )
            .with(switch("UseDnsSrvRouting").set("DnsSrvRouting").mandatory())
            .with(switch("UseDefaultRouting").set("DefaultRoute").mandatory());
        let b = bind(&s, vec![named("UseDnsSrvRouting", None)])
            .map_err(|e| e.info.message)
            .unwrap();
        assert_eq!(b.set.as_deref(), Some("DnsSrvRouting"));
        let b = bind(&s, vec![]).map_err(|e| e.info.message).unwrap();
        assert_eq!(b.set.as_deref(), Some("Identity"));
        let (msg, id) = err(
            &s,
            vec![
                named("UseDnsSrvRouting", None),
                named("UseDefaultRouting", None),
            ],
        );
        assert_eq!(
            msg,
            "Parameter set cannot be resolved using the specified named parameters."
        );
        assert!(id.starts_with("AmbiguousParameterSet,"));
    }

    #[test]
    fn pipeline_binding_by_value_and_property_name() {
        let s = sig("Move-X", "X")
            .with(
                param("Identity", PType::Identity("UserIdParameter".into()))
                    .pos(0)
                    .mandatory()
                    .pipeline()
                    .by_name(),
            )
            .with(param("Target", PType::String).mandatory());
        let ctx = ErrCtx {
            sig: &s,
            position: None,
        };
        let base = bind_command_line(
            &s,
            vec![named("Target", Some(Value::str("pool")))],
            true,
            &ctx,
        )
        .map_err(|e| e.info.message)
        .unwrap();
        assert!(takes_pipeline_input(&s, &base));
        let b = bind_pipeline_input(&s, &base, &Value::str("sip:a@b.c"), &ctx)
            .map_err(|e| e.info.message)
            .unwrap();
        assert!(matches!(b.values.get("Identity"), Some(Value::String(_))));
        let mut obj = crate::runtime::value::PsObject::default();
        obj.add("Identity", Value::str("CN=Ken"));
        let b = bind_pipeline_input(&s, &base, &Value::object(obj), &ctx)
            .map_err(|e| e.info.message)
            .unwrap();
        assert!(b.values.contains_key("Identity"));
    }
}
