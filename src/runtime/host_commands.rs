//! The Lync Management Shell's own commands: every cmdlet of the catalog
//! ([`crate::cmdlets`]) binds here exactly as its signature says; a cmdlet whose behaviour is
//! not emulated then fails with a clear error naming it (never a silent success).

use std::rc::Rc;

use super::binder::{Arg, Bound, PType, ParamDef, ParamInSet, Signature};
use super::commands::{BuiltinProcessor, CmdletBody};
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord, Position};
use super::interp::{Flow, Interp};
use super::pipeline::{Processor, Sink};
use super::value::Value;
use crate::cmdlets::{self, CmdletSpec, Ty};

pub fn prepare(
    it: &mut Interp,
    name: &str,
    args: Vec<Arg>,
    expects_input: bool,
    position: Option<Position>,
) -> Result<Option<Box<dyn Processor>>, Flow> {
    let Some(spec) = cmdlets::lookup(name) else {
        return Ok(None);
    };
    let sig = signature(it, spec);
    let body: Box<dyn CmdletBody> = match cmdlets::behaviour(spec.name) {
        Some(b) => (b.make)(),
        None => Box::new(NotEmulated { name: spec.name }),
    };
    let mut p = BuiltinProcessor::new(it, sig, body, args, expects_input, position)?;
    p.journal = true;
    Ok(Some(Box::new(p)))
}

/// The binder signature of a catalog cmdlet (converted once per session, then cached).
pub fn signature(it: &mut Interp, spec: &'static CmdletSpec) -> Rc<Signature> {
    if let Some(s) = it.signature_cache.get(spec.name) {
        return s.clone();
    }
    let sig = Rc::new(convert_spec(spec));
    it.signature_cache.insert(spec.name, sig.clone());
    sig
}

/// The implementing class used in FullyQualifiedErrorIds. Move-CsUser's is known from a
/// published error record (federation-model.md §5.3); the others follow the pattern of the
/// XDS cmdlets (`Microsoft.Rtc.Management.Internal.<Verb><Noun without Cs>Cmdlet`).
pub fn class_name(spec: &CmdletSpec) -> String {
    match spec.name {
        "Move-CsUser" => "Microsoft.Rtc.Management.AD.Cmdlets.MoveOcsUserCmdlet".into(),
        // ? by analogy with MoveOcsUserCmdlet (the user cmdlets live in the AD namespace).
        "Get-CsUser" => "Microsoft.Rtc.Management.AD.Cmdlets.GetOcsUserCmdlet".into(),
        "Set-CsUser" => "Microsoft.Rtc.Management.AD.Cmdlets.SetOcsUserCmdlet".into(),
        "Enable-CsUser" => "Microsoft.Rtc.Management.AD.Cmdlets.EnableOcsUserCmdlet".into(),
        "Disable-CsUser" => "Microsoft.Rtc.Management.AD.Cmdlets.DisableOcsUserCmdlet".into(),
        _ => format!(
            "Microsoft.Rtc.Management.Internal.{}{}Cmdlet",
            spec.verb,
            spec.noun.strip_prefix("Cs").unwrap_or(spec.noun)
        ),
    }
}

fn convert_spec(spec: &'static CmdletSpec) -> Signature {
    let mut params: Vec<ParamDef> = spec
        .params
        .iter()
        .map(|p| ParamDef {
            name: p.name.to_string(),
            aliases: p.aliases.iter().map(|a| a.to_string()).collect(),
            ty: ptype(&p.ty, p.type_name),
            sets: Vec::new(),
            value_from_remaining: false,
            not_null: false,
            not_null_or_empty: false,
            validate_set: Vec::new(),
            validate_range: None,
        })
        .collect();
    let single = spec.sets.len() == 1;
    for set in spec.sets {
        for m in set.members {
            if let Some(p) = params.get_mut(usize::from(m.param)) {
                p.sets.push(ParamInSet {
                    set: if single {
                        None
                    } else {
                        Some(set.name.to_string())
                    },
                    position: m.position.map(u32::from),
                    mandatory: m.mandatory,
                    from_pipeline: m.from_pipeline,
                    from_pipeline_by_name: m.from_pipeline_by_property_name,
                });
            }
        }
    }
    // A parameter that appears in no set (documented only) is usable in every set.
    for p in &mut params {
        if p.sets.is_empty() {
            p.sets.push(ParamInSet {
                set: None,
                position: None,
                mandatory: false,
                from_pipeline: false,
                from_pipeline_by_name: false,
            });
        }
    }
    Signature {
        name: spec.name.to_string(),
        class_name: class_name(spec),
        params,
        sets: if single {
            Vec::new()
        } else {
            spec.sets.iter().map(|s| s.name.to_string()).collect()
        },
        default_set: if single {
            None
        } else {
            spec.default_parameter_set().map(|s| s.name.to_string())
        },
        cmdlet_binding: true,
        should_process: spec.supports_should_process,
        together: spec
            .constraints
            .iter()
            .map(|c| match c {
                crate::cmdlets::spec::Constraint::Together(names) => {
                    names.iter().map(|n| n.to_string()).collect()
                }
            })
            .collect(),
    }
}

/// How the binder treats each catalog type.
fn ptype(ty: &Ty, type_name: &str) -> PType {
    match ty {
        Ty::Switch => PType::Switch,
        Ty::Boolean => PType::Bool,
        Ty::String => PType::String,
        Ty::Byte => PType::Convert("byte".into()),
        Ty::Int16 => PType::Convert("int16".into()),
        Ty::Int32 => PType::Convert("int".into()),
        Ty::Int64 => PType::Convert("long".into()),
        Ty::UInt16 => PType::Convert("uint16".into()),
        Ty::UInt32 => PType::Convert("uint32".into()),
        Ty::UInt64 => PType::Convert("uint64".into()),
        Ty::Double => PType::Convert("double".into()),
        Ty::TimeSpan => PType::Convert("timespan".into()),
        Ty::DateTime => PType::Convert("datetime".into()),
        Ty::Guid => PType::Convert("guid".into()),
        // A URI stays its text (sip:…, https:…): the runtime has no [uri] type yet, and no
        // Lync cmdlet needs more than the text.
        Ty::Uri => PType::String,
        Ty::ScriptBlock => PType::ScriptBlock,
        Ty::Hashtable => PType::Convert("hashtable".into()),
        Ty::Enum(words) if !words.is_empty() => PType::Enum {
            type_name: enum_type_name(type_name),
            names: words.iter().map(|w| w.to_string()).collect(),
        },
        Ty::Enum(_) => PType::String,
        Ty::Array(inner) | Ty::Collection(inner) => PType::Array(Box::new(ptype(inner, type_name))),
        Ty::ListModifier(inner) => PType::ListModifier(Box::new(ptype(inner, type_name))),
        // Unlimited[T] takes a T or the word Unlimited; Nullable[T] a T or $null: the cmdlet
        // checks the value.
        Ty::Unlimited(_) | Ty::Nullable(_) => PType::Identity(type_name.to_string()),
        _ => PType::Identity(type_name.to_string()),
    }
}

/// Lync's enum types are shown with their .NET namespace in conversion errors; the catalog
/// keeps the short name, which is what we print when the namespace is not known.
fn enum_type_name(short: &str) -> String {
    match short {
        "VerificationLevelType" | "VerificationLevel" => {
            "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.VerificationLevelType".into()
        }
        other => other.to_string(),
    }
}

/// The body of every cmdlet that binds but has no emulated behaviour.
struct NotEmulated {
    name: &'static str,
}

impl CmdletBody for NotEmulated {
    fn process(
        &mut self,
        it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> Result<(), Flow> {
        let info = ErrorInfo::new(
            format!(
                "The cmdlet '{}' is recognised but not emulated by lyncshell: its parameters were bound, but it has no behaviour here, so nothing was read or changed.",
                self.name
            ),
            "NotEmulated",
            ErrorCategory::NotImplemented,
        )
        .exception("lyncshell.NotEmulatedException");
        let mut rec = ErrorRecord::new(info);
        rec.command = Some(self.name.to_string());
        rec.activity = self.name.to_string();
        rec.class_name = Some("lyncshell".into());
        rec.position = it.frames.last().and_then(|f| f.position.clone());
        Err(Flow::Error {
            record: Box::new(rec),
            script: false,
        })
    }
}
