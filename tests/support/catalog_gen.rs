//! Generator of `src/cmdlets/catalog_data.rs` from `cmdlets.json`.
//!
//! Run by `tests/catalog_reference.rs`: with `UPDATE_CATALOG=1` it rewrites the file,
//! otherwise it checks that the committed file is what the generator produces today.
//! The output is deterministic (cmdlets sorted by name, types numbered in order of first use).

use lyncshell::cmdlets::deviations::{ADDED_CMDLETS, AddedCmdlet, Change, DEVIATIONS};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The product whose cmdlets we emulate.
pub const PRODUCT: &str = "Lync Server 2013";

/// Named types that are .NET enums although the reference lists no words for them.
const ENUMS_WITHOUT_WORDS: &[&str] = &[
    "AndOr",
    "ApplicationTrustLevel",
    "BypassModeEnumType",
    "CallAction",
    "Category",
    "CertType",
    "ChatRoomInvitations",
    "CmdletType",
    "ConfigScope",
    "ExternalAccessWithTrialTenantsType",
    "FileFilterAction",
    "IdentifierType",
    "KeyAlgorithmIdentifier",
    "MediaBypassSettingsType",
    "NTService",
    "OrbitType",
    "ParticipationPolicy",
    "PoolResetType",
    "PortIDSubType",
    "SecurityTeamAllowBlockListDelegationType",
    "StoreProvider",
    "UrlFilterAction",
    "UserScope",
];

/// One parameter after the Lync-2013 filter, ready to emit.
#[derive(Debug, Clone)]
pub struct GenParam {
    pub name: String,
    pub type_name: String,
    pub ty: String,
    pub aliases: Vec<String>,
    pub wildcards: bool,
    pub documented_only: bool,
    pub undocumented: bool,
    pub default_value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GenMember {
    pub param: usize,
    pub position: Option<u8>,
    pub mandatory: bool,
    pub by_value: bool,
    pub by_name: bool,
}

#[derive(Debug, Clone)]
pub struct GenSet {
    pub name: String,
    pub is_default: bool,
    pub members: Vec<GenMember>,
}

#[derive(Debug, Clone)]
pub struct GenCmdlet {
    pub name: String,
    pub verb: String,
    pub noun: String,
    pub online: bool,
    pub should_process: bool,
    pub sets: Vec<GenSet>,
    pub params: Vec<GenParam>,
    pub together: Vec<Vec<String>>,
    pub source: String,
    pub excluded: Vec<(String, String)>,
    pub dropped_sets: Vec<String>,
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().map(|x| s(x).to_string()).collect())
        .unwrap_or_default()
}

/// Rust expression for the `Ty` of a reference type name.
pub fn ty_expr(type_name: &str, words: &[String]) -> String {
    if let Some(inner) = type_name.strip_suffix("[]") {
        return format!("Ty::Array(&{})", ty_expr(inner, words));
    }
    if let Some((outer, inner)) = type_name.strip_suffix(']').and_then(|t| t.split_once('[')) {
        let inner = ty_expr(inner, words);
        return match outer {
            "Unlimited" => format!("Ty::Unlimited(&{inner})"),
            "Nullable" => format!("Ty::Nullable(&{inner})"),
            "PSListModifier" => format!("Ty::ListModifier(&{inner})"),
            _ => format!("Ty::Collection(&{inner})"),
        };
    }
    let simple = match type_name {
        "SwitchParameter" => "Ty::Switch",
        "Boolean" => "Ty::Boolean",
        "String" => "Ty::String",
        "Byte" => "Ty::Byte",
        "Int16" => "Ty::Int16",
        "Int32" => "Ty::Int32",
        "Int64" => "Ty::Int64",
        "UInt16" => "Ty::UInt16",
        "UInt32" => "Ty::UInt32",
        "UInt64" => "Ty::UInt64",
        "Double" => "Ty::Double",
        "TimeSpan" => "Ty::TimeSpan",
        "DateTime" => "Ty::DateTime",
        "Uri" => "Ty::Uri",
        "Guid" => "Ty::Guid",
        "IPAddress" => "Ty::IpAddress",
        "XdsIdentity" => "Ty::XdsIdentity",
        "XdsGlobalRelativeIdentity" => "Ty::XdsGlobalRelativeIdentity",
        "UserIdParameter" => "Ty::UserId",
        "Fqdn" => "Ty::Fqdn",
        "OUIdParameter" => "Ty::OrganizationalUnit",
        "RgsIdentity" => "Ty::RgsIdentity",
        "PSCredential" => "Ty::Credential",
        "SecureString" => "Ty::SecureString",
        "ScriptBlock" => "Ty::ScriptBlock",
        "Hashtable" => "Ty::Hashtable",
        "PSObject" | "Object" => "Ty::Object",
        "PSListModifier" => "Ty::ListModifier(&Ty::Object)",
        "List" => "Ty::Collection(&Ty::Object)",
        _ => "",
    };
    if !simple.is_empty() {
        return simple.to_string();
    }
    if !words.is_empty() {
        let list: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
        return format!("Ty::Enum(&[{}])", list.join(", "));
    }
    if ENUMS_WITHOUT_WORDS.contains(&type_name) {
        return "Ty::Enum(&[])".to_string();
    }
    "Ty::Named".to_string()
}

fn pipeline_flags(text: &str) -> (bool, bool) {
    (text.contains("ByValue"), text.contains("ByPropertyName"))
}

fn per_set<'a>(v: &'a Value, set: &str) -> &'a Value {
    match v {
        Value::Object(map) => map.get(set).unwrap_or(&Value::Null),
        other => other,
    }
}

/// Turns one reference cmdlet into its Lync 2013 catalog entry.
/// What `Change::NotInLync2013` records as the product list of an excluded parameter.
pub use lyncshell::cmdlets::NOT_IN_LYNC_2013;

/// The reference entry with the `Change::Added` parameters of the deviations table: each
/// becomes a named, optional parameter of every set, after its anchor parameter.
fn with_added_parameters(c: &Value) -> Value {
    let name = s(&c["name"]).to_string();
    let mut c = c.clone();
    for d in DEVIATIONS
        .iter()
        .filter(|d| d.cmdlet.eq_ignore_ascii_case(&name))
    {
        let Change::Added(type_name, after) = d.change else {
            continue;
        };
        if let Some(params) = c["parameters"].as_object_mut() {
            params.insert(
                d.parameter.to_string(),
                serde_json::json!({"type": type_name, "required": false, "position": "Named",
                                   "pipeline_input": "False"}),
            );
        }
        if let Some(sets) = c["parameter_sets"].as_array_mut() {
            for set in sets {
                if let Some(members) = set["parameters"].as_array_mut() {
                    // A parameter the page has but excludes (another product list) keeps
                    // its place; only its product list is replaced above.
                    if members.iter().any(|m| m == d.parameter) {
                        continue;
                    }
                    let at = members
                        .iter()
                        .position(|m| m == after)
                        .map(|i| i + 1)
                        .or_else(|| members.iter().position(|m| m == "WhatIf" || m == "Confirm"))
                        .unwrap_or(members.len());
                    members.insert(at, Value::from(d.parameter));
                }
            }
        }
    }
    c
}

/// A cmdlet of [`ADDED_CMDLETS`] in the shape of a `cmdlets.json` entry.
pub fn added_cmdlet_json(a: &AddedCmdlet) -> Value {
    let (verb, noun) = a.name.split_once('-').unwrap_or((a.name, ""));
    let mut params = serde_json::Map::new();
    for p in a.params {
        params.insert(
            p.name.to_string(),
            serde_json::json!({"type": p.type_name, "required": p.mandatory,
                               "position": "Named", "pipeline_input": "False"}),
        );
    }
    let names: Vec<&str> = a.params.iter().map(|p| p.name).collect();
    serde_json::json!({
        "name": a.name,
        "verb": verb,
        "noun": noun,
        "module": if a.online { "online" } else { "lync" },
        "supports_should_process": false,
        "parameters": params,
        "parameter_sets": [{"name": "__AllParameterSets", "is_default": true, "parameters": names}],
        "source": {"path": a.source},
    })
}

pub fn build_cmdlet(c: &Value) -> GenCmdlet {
    let c = &with_added_parameters(c);
    let name = s(&c["name"]).to_string();
    let online = s(&c["module"]) != "lync";
    let params_json = c["parameters"].as_object().cloned().unwrap_or_default();

    // Lync-2013 rule: a per-parameter product list without Lync Server 2013 means the
    // parameter does not exist in the Lync 2013 cmdlet. Online cmdlets keep everything
    // except what the deviations table marks as later than Lync Online 2013.
    let mut excluded: Vec<(String, String)> = Vec::new();
    for (pname, pv) in &params_json {
        let marked = DEVIATIONS.iter().any(|d| {
            d.cmdlet.eq_ignore_ascii_case(&name)
                && d.parameter.eq_ignore_ascii_case(pname)
                && d.change == Change::NotInLync2013
        });
        if marked {
            excluded.push((pname.clone(), NOT_IN_LYNC_2013.to_string()));
            continue;
        }
        if online {
            continue;
        }
        if let Some(app) = pv.get("applicable").and_then(Value::as_array)
            && !app.iter().any(|a| s(a) == PRODUCT)
        {
            let products: Vec<&str> = app.iter().map(s).collect();
            excluded.push((pname.clone(), products.join(", ")));
        }
    }
    let is_out = |p: &str| p == "WhatIf" || p == "Confirm" || excluded.iter().any(|(e, _)| e == p);

    // Sets after the exclusion.
    struct RawSet {
        name: String,
        is_default: bool,
        /// Members after the exclusion (and without WhatIf/Confirm).
        members: Vec<String>,
        /// Members before the exclusion (without WhatIf/Confirm).
        before: Vec<String>,
        lost: bool,
    }
    let raw: Vec<RawSet> = c["parameter_sets"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|set| {
                    let all = strings(set.get("parameters"));
                    let members: Vec<String> = all.iter().filter(|p| !is_out(p)).cloned().collect();
                    let lost = all.iter().any(|p| excluded.iter().any(|(e, _)| e == p));
                    RawSet {
                        before: all
                            .iter()
                            .filter(|p| *p != "WhatIf" && *p != "Confirm")
                            .cloned()
                            .collect(),
                        name: s(&set["name"]).to_string(),
                        is_default: set["is_default"].as_bool().unwrap_or(false),
                        members,
                        lost,
                    }
                })
                .collect()
        })
        .unwrap_or_default();

    // A set that the exclusion left covered by another set (all its remaining members are
    // in that set, which they were not before) has nothing left to select it by: drop it,
    // keeping the first of identical survivors. Sets that were already covered in the
    // reference (e.g. Test-Cs* ServerPlatform ⊂ ClientPlatform) are left alone.
    let mut dropped = vec![false; raw.len()];
    let covers = |small: &[String], big: &[String]| small.iter().all(|m| big.contains(m));
    for i in 0..raw.len() {
        if !raw[i].lost {
            continue;
        }
        let covered = (0..raw.len()).any(|j| {
            j != i
                && !dropped[j]
                && covers(&raw[i].members, &raw[j].members)
                && !covers(&raw[i].before, &raw[j].before)
                && (raw[i].members.len() < raw[j].members.len() || j < i)
        });
        if covered {
            dropped[i] = true;
        }
    }
    let dropped_sets: Vec<String> = raw
        .iter()
        .zip(&dropped)
        .filter(|(_, d)| **d)
        .map(|(r, _)| r.name.clone())
        .collect();

    // Parameters in order of first appearance in the kept sets.
    let mut order: Vec<String> = Vec::new();
    for (r, d) in raw.iter().zip(&dropped) {
        if *d {
            continue;
        }
        for m in &r.members {
            if !order.contains(m) {
                order.push(m.clone());
            }
        }
    }

    let deviations: Vec<_> = DEVIATIONS
        .iter()
        .filter(|d| d.cmdlet.eq_ignore_ascii_case(&name))
        .collect();

    let params: Vec<GenParam> = order
        .iter()
        .map(|pname| {
            let pv = params_json.get(pname).cloned().unwrap_or(Value::Null);
            let mut type_name = s(&pv["type"]).to_string();
            if type_name.is_empty() {
                type_name = "Object".to_string();
            }
            let words = match pv
                .get("allowed_values_by_product")
                .and_then(|m| m.get(PRODUCT))
            {
                Some(w) => strings(Some(w)),
                None => strings(pv.get("allowed_values")),
            };
            let mut ty = ty_expr(&type_name, &words);
            for d in &deviations {
                if d.parameter.eq_ignore_ascii_case(pname)
                    && let Change::NamedType(t) = d.change
                {
                    type_name = t.to_string();
                    ty = "Ty::Named".to_string();
                }
            }
            GenParam {
                name: pname.clone(),
                type_name,
                ty,
                aliases: strings(pv.get("aliases")),
                wildcards: pv["accepts_wildcards"].as_bool().unwrap_or(false),
                documented_only: pv["documented_only"].as_bool().unwrap_or(false),
                undocumented: pv["undocumented"].as_bool().unwrap_or(false),
                default_value: pv
                    .get("default_value")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        })
        .collect();

    let sets: Vec<GenSet> = raw
        .iter()
        .zip(&dropped)
        .filter(|(_, d)| !**d)
        .map(|(r, _)| GenSet {
            name: r.name.clone(),
            is_default: r.is_default,
            members: r
                .members
                .iter()
                .map(|pname| {
                    let pv = &params_json[pname.as_str()];
                    let idx = order.iter().position(|o| o == pname).unwrap_or(0);
                    let mut mandatory =
                        per_set(&pv["required"], &r.name).as_bool().unwrap_or(false);
                    let mut position = per_set(&pv["position"], &r.name)
                        .as_u64()
                        .and_then(|n| u8::try_from(n).ok());
                    for d in &deviations {
                        if !d.parameter.eq_ignore_ascii_case(pname) {
                            continue;
                        }
                        match d.change {
                            Change::Optional => mandatory = false,
                            Change::Position(p) => position = p,
                            _ => {}
                        }
                    }
                    let (by_value, by_name) = pipeline_flags(s(&pv["pipeline_input"]));
                    GenMember {
                        param: idx,
                        position,
                        mandatory,
                        by_value,
                        by_name,
                    }
                })
                .collect(),
        })
        .collect();

    let together = deviations
        .iter()
        .filter_map(|d| match d.change {
            Change::TogetherWith(others) => {
                let mut group = vec![d.parameter.to_string()];
                group.extend(others.iter().map(|o| o.to_string()));
                Some(group)
            }
            _ => None,
        })
        .collect();

    excluded.sort();
    GenCmdlet {
        verb: s(&c["verb"]).to_string(),
        noun: s(&c["noun"]).to_string(),
        online,
        should_process: c["supports_should_process"].as_bool().unwrap_or(false),
        sets,
        params,
        together,
        source: s(&c["source"]["path"]).to_string(),
        excluded,
        dropped_sets,
        name,
    }
}

/// All catalog entries, sorted by name.
pub fn build_all(reference: &Value) -> Vec<GenCmdlet> {
    let mut all: Vec<GenCmdlet> = reference["cmdlets"]
        .as_array()
        .map(|a| a.iter().map(build_cmdlet).collect())
        .unwrap_or_default();
    all.extend(
        ADDED_CMDLETS
            .iter()
            .map(|a| build_cmdlet(&added_cmdlet_json(a))),
    );
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// The text of `src/cmdlets/catalog_data.rs`.
pub fn render(reference: &Value) -> String {
    let cmdlets = build_all(reference);
    let commit = s(&reference["source_commit"]);

    // Deduplicate (type name, Ty) pairs into numbered consts.
    let mut types: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut type_order: Vec<(String, String)> = Vec::new();
    for c in &cmdlets {
        for p in &c.params {
            let key = (p.type_name.clone(), p.ty.clone());
            if !types.contains_key(&key) {
                types.insert(key.clone(), type_order.len());
                type_order.push(key);
            }
        }
    }

    let mut out = String::new();
    out.push_str("// @generated by tests/catalog_reference.rs from cmdlets.json; do not edit.\n");
    let _ = writeln!(
        out,
        "// Source: MicrosoftDocs/office-docs-powershell @ {commit} (CC BY 4.0).\n\
         // Regenerate: UPDATE_CATALOG=1 cargo test --test catalog_reference\n"
    );
    out.push_str("use super::spec::*;\n\n");
    for (i, (name, ty)) in type_order.iter().enumerate() {
        let _ = writeln!(
            out,
            "const T{i}: TypeRef = TypeRef {{ name: {name:?}, ty: {ty} }};"
        );
    }
    out.push_str("\npub(super) static CMDLETS: &[CmdletSpec] = &[\n");
    for c in &cmdlets {
        let default_set = default_set_index(&c.name, &c.sets)
            .map_or("None".to_string(), |i| format!("Some({i})"));
        let _ = writeln!(
            out,
            "CmdletSpec {{ name: {:?}, verb: {:?}, noun: {:?}, module: Module::{}, \
             supports_should_process: {}, confirm_impact: ConfirmImpact::{}, default_set: {default_set},",
            c.name,
            c.verb,
            c.noun,
            if c.online { "LyncOnline" } else { "Lync" },
            c.should_process,
            if c.should_process { "Medium" } else { "None" },
        );
        out.push_str(" sets: &[\n");
        for set in &c.sets {
            let members: Vec<String> = set
                .members
                .iter()
                .map(|m| {
                    let mut flags = Vec::new();
                    if m.mandatory {
                        flags.push("M");
                    }
                    if m.by_value {
                        flags.push("V");
                    }
                    if m.by_name {
                        flags.push("N");
                    }
                    let flags = if flags.is_empty() {
                        "0".to_string()
                    } else {
                        flags.join("|")
                    };
                    let pos = m.position.map_or(-1, i16::from);
                    format!("m({},{pos},{flags})", m.param)
                })
                .collect();
            let _ = writeln!(
                out,
                "  ParameterSetSpec {{ name: {:?}, is_default: {}, members: &[{}] }},",
                set.name,
                set.is_default,
                members.join(", ")
            );
        }
        out.push_str(" ],\n params: &[\n");
        for p in &c.params {
            let t = types[&(p.type_name.clone(), p.ty.clone())];
            let aliases: Vec<String> = p.aliases.iter().map(|a| format!("{a:?}")).collect();
            let mut flags = Vec::new();
            if p.wildcards {
                flags.push("W");
            }
            if p.documented_only {
                flags.push("D");
            }
            if p.undocumented {
                flags.push("U");
            }
            let flags = if flags.is_empty() {
                "0".to_string()
            } else {
                flags.join("|")
            };
            match &p.default_value {
                Some(d) => {
                    let _ = writeln!(
                        out,
                        "  pd({:?}, &T{t}, &[{}], {flags}, {d:?}),",
                        p.name,
                        aliases.join(", ")
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  p({:?}, &T{t}, &[{}], {flags}),",
                        p.name,
                        aliases.join(", ")
                    );
                }
            }
        }
        out.push_str(" ],\n");
        let groups: Vec<String> = c
            .together
            .iter()
            .map(|g| {
                let names: Vec<String> = g.iter().map(|n| format!("{n:?}")).collect();
                format!("Constraint::Together(&[{}])", names.join(", "))
            })
            .collect();
        let _ = writeln!(
            out,
            " constraints: &[{}], source: {:?} }},",
            groups.join(", "),
            c.source
        );
    }
    out.push_str("];\n\n");

    let mut by_lower: Vec<(String, usize)> = cmdlets
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.to_ascii_lowercase(), i))
        .collect();
    by_lower.sort();
    out.push_str("pub(super) static BY_LOWER_NAME: &[(&str, u16)] = &[\n");
    for (n, i) in &by_lower {
        let _ = writeln!(out, "  ({n:?}, {i}),");
    }
    out.push_str("];\n\n");

    out.push_str("pub(super) static EXCLUDED_PARAMS: &[(&str, &str, &str)] = &[\n");
    for c in &cmdlets {
        for (p, app) in &c.excluded {
            let _ = writeln!(out, "  ({:?}, {p:?}, {app:?}),", c.name);
        }
    }
    out.push_str("];\n\n");
    out.push_str("pub(super) static DROPPED_SETS: &[(&str, &str)] = &[\n");
    for c in &cmdlets {
        for set in &c.dropped_sets {
            let _ = writeln!(out, "  ({:?}, {set:?}),", c.name);
        }
    }
    out.push_str("];\n");
    out
}

/// Sets that Lync cmdlets name as `DefaultParameterSetName` when the page does not say.
///
/// The pages flag no default on 294 multi-set cmdlets, yet `Get-CsClientPolicy` with no
/// arguments, `Set-CsClientPolicy -EnableX $true` (no Identity), or `Test-CsRegistration` with
/// no arguments all work in Lync 2013. Each of these would be ambiguous without a default, so
/// the real cmdlets must declare one. Lync's convention is the `Identity` set, and the
/// synthetic-transaction `Test-Cs*` cmdlets use `ServerPlatform`.
pub const INFERRED_DEFAULT_SETS: &[&str] = &["Identity", "ServerPlatform"];

/// The default set: a recorded deviation, the one the reference flags or, failing that,
/// the inferred one.
pub fn default_set_index(cmdlet: &str, sets: &[GenSet]) -> Option<usize> {
    let recorded = DEVIATIONS.iter().find_map(|d| match d.change {
        Change::DefaultSet(set) if d.cmdlet.eq_ignore_ascii_case(cmdlet) => Some(set),
        _ => None,
    });
    if let Some(set) = recorded {
        return sets.iter().position(|s| s.name == set);
    }
    if let Some(i) = sets.iter().position(|s| s.is_default) {
        return Some(i);
    }
    if sets.len() < 2 {
        return None;
    }
    INFERRED_DEFAULT_SETS
        .iter()
        .find_map(|name| sets.iter().position(|s| s.name == *name))
}
