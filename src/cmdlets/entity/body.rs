//! The one cmdlet body of every entity cmdlet: it learns the cmdlet from the running frame,
//! finds the kind in [`super::KINDS`], and runs the verb on `Deployment::entities`.
//! Every change passes through the ShouldProcess gate of cmdlets that support it.

use std::cell::RefCell;
use std::rc::Rc;

use super::{EntityKind, Keying, default_value, kind, kind_for, transfer};
use crate::cmdlets::generic::errors::GenericError;
use crate::cmdlets::objects::{object_properties, prop_to_value, value_to_prop};
use crate::cmdlets::spec::CmdletSpec;
use crate::cmdlets::users::errors::UserError;
use crate::cmdlets::users::filter::{Filter, Ldap};
use crate::cmdlets::{has_wildcards, lookup, wildcard_match};
use crate::model::Deployment;
use crate::model::cms::ConfigDocument;
use crate::model::identity::Identity;
use crate::model::value::{PropValue, Properties};
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::{PsObject, TypedList, Value};

/// The behaviour constructor registered for every entity cmdlet.
pub fn make() -> Box<dyn CmdletBody> {
    Box::new(EntityBody::default())
}

#[derive(Default)]
struct EntityBody {
    cached: Option<(&'static CmdletSpec, &'static EntityKind)>,
}

use crate::cmdlets::generic::body::{Failure, Res, finish};

impl CmdletBody for EntityBody {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> Result<(), Flow> {
        if self.cached.is_none() {
            let name = it.frames.last().map(|f| f.command.clone());
            self.cached = name
                .as_deref()
                .and_then(lookup)
                .and_then(|spec| kind_for(spec).map(|k| (spec, k)));
        }
        let Some((spec, kind)) = self.cached else {
            return Ok(());
        };
        let result = unmodelled(spec, kind, b).and_then(|()| match (spec.verb, spec.noun) {
            ("Export", "CsLisConfiguration") => transfer::export_lis(it, b, out),
            ("Import", "CsLisConfiguration") => transfer::import_lis(it, spec, b),
            ("Export", "CsRgsConfiguration") => transfer::export_rgs(it, spec, b, out),
            ("Import", "CsRgsConfiguration") => transfer::import_rgs(it, b),
            ("Move", "CsRgsConfiguration") => transfer::move_rgs(it, b),
            ("Export", "CsPersistentChatData") => transfer::export_chat(it, spec, b, out),
            ("Import", "CsPersistentChatData") => transfer::import_chat(it, spec, b),
            ("Get", "CsPersistentChatEligiblePrincipal") => eligible(it, b, out),
            ("Clear", _) | ("Remove", "CsPersistentChatMessage") => clear(it, spec, kind, b),
            ("Get", _) => get(it, kind, b, out),
            ("New", _) => new(it, spec, kind, b, out),
            ("Set", _) => set(it, spec, kind, b, out),
            ("Remove", _) => remove(it, spec, kind, b),
            ("Move", _) => move_contact(it, spec, kind, b, out),
            _ => Ok(()),
        });
        finish(it, spec, result)
    }
}

/// Parameters that select or control rather than set a property.
const CONTROL: &[&str] = &[
    "Identity",
    "Instance",
    "Parent",
    "Force",
    "InMemory",
    "PassThru",
    "DomainController",
    "Credential",
    "OU",
    "DN",
    "Filter",
    "LdapFilter",
    "ResultSize",
    "Owner",
    "ShowAll",
    "AsObject",
    "PersistentChatPoolFqdn",
    "Target",
    "Report",
    "ProxyPool",
    "UseLegacyMode",
    "IgnoreBackendStoreException",
    "HostedMigrationOverrideUrl",
    "Password",
    "EndDate",
    "UserUri",
    "Name",
    "Priority",
    "ReorderedRegion",
    "Region",
    "EmptyRegion",
];

/// Parameters whose property has another name.
const ALIASES: &[(&str, &str)] = &[
    ("EnableFileUpload", "FileUpload"),
    ("EnableInvitations", "Invitations"),
    ("HostingProviderProxyFqdn", "HostingProvider"),
];

/// The property a bound parameter sets, if any.
fn property_of(kind: &EntityKind, param: &str) -> Option<&'static str> {
    kind.property(param).or_else(|| {
        ALIASES
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(param))
            .and_then(|(_, prop)| kind.property(prop))
    })
}

/// New- and Set- parameters that neither set a property nor control the cmdlet are not
/// modelled: they fail loudly rather than being ignored.
fn unmodelled(spec: &CmdletSpec, kind: &EntityKind, b: &Bound) -> Res {
    if !matches!(spec.verb, "New" | "Set") {
        return Ok(());
    }
    for (name, v) in &b.values {
        if matches!(v, Value::Switch(false)) {
            continue;
        }
        let known = property_of(kind, name).is_some()
            || CONTROL.iter().any(|c| c.eq_ignore_ascii_case(name));
        if !known && let Some(p) = spec.param(name) {
            return Err(GenericError::Unmodelled {
                cmdlet: spec.name.to_string(),
                parameter: p.name,
            }
            .into());
        }
    }
    Ok(())
}

pub(super) fn bound<'a>(b: &'a Bound, name: &str) -> Option<&'a Value> {
    b.values
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

fn text(b: &Bound, name: &str) -> Option<String> {
    bound(b, name).map(convert::to_string)
}

pub(super) fn switch(b: &Bound, name: &str) -> bool {
    bound(b, name).is_some_and(convert::is_true)
}

/// The text of an identity argument: a string as given, an object's `Identity` property.
fn identity_text(v: &Value) -> String {
    match v {
        Value::Object(_) => crate::runtime::members::get_member(v, "Identity")
            .map(|i| convert::to_string(&i))
            .unwrap_or_else(|| convert::to_string(v)),
        other => convert::to_string(other),
    }
}

fn strip_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .and_then(|_| text.get(prefix.len()..))
}

/// `service:ApplicationServer:<fqdn>` from `service:ApplicationServer:x`, `ApplicationServer:x`
/// or a bare FQDN (blanks after the `service:` word are tolerated, as one example has them).
pub(super) fn service_of(text: &str) -> (String, String) {
    let t = text.trim();
    let t = strip_ci(t, "service:").map_or(t, str::trim_start);
    let fqdn = strip_ci(t, "ApplicationServer:").unwrap_or(t).trim();
    let fqdn = fqdn.split('/').next().unwrap_or(fqdn).to_ascii_lowercase();
    (format!("service:ApplicationServer:{fqdn}"), fqdn)
}

/// The identity text without a leading `service:` (Lync accepts both spellings).
fn unscoped(text: &str) -> String {
    let t = text.trim();
    strip_ci(t, "service:")
        .map_or(t, str::trim_start)
        .to_string()
}

fn plain(text: &str) -> Identity {
    Identity::Plain(text.to_string())
}

/// The identity a document is stored under: `service:` texts become service identities (so
/// that a saved state reads back the same), everything else stays as given.
pub(super) fn ident(text: &str) -> Identity {
    match strip_ci(text.trim(), "service:") {
        Some(_) => Identity::parse(text).unwrap_or_else(|_| plain(text)),
        None => plain(text),
    }
}

/// An identity as Response Group and contact objects print it (`service:` in lower case).
pub(super) fn shown(doc: &ConfigDocument) -> String {
    match &doc.identity {
        Identity::Service { role, fqdn } => format!("service:{role}:{fqdn}"),
        other => other.to_string(),
    }
}

pub(super) fn prop_text(doc: &ConfigDocument, name: &str) -> Option<String> {
    match doc.get_ci(name).map(|(_, v)| v) {
        None | Some(PropValue::Null) => None,
        Some(PropValue::Str(s)) => Some(s.clone()),
        Some(PropValue::Bool(b)) => Some(if *b { "True" } else { "False" }.to_string()),
        Some(PropValue::Int(i)) => Some(i.to_string()),
        Some(v) => Some(convert::to_string(&prop_to_value(v))),
    }
}

pub(super) fn set_prop(doc: &mut ConfigDocument, name: &str, value: PropValue) {
    let key = doc
        .get_ci(name)
        .map_or_else(|| name.to_string(), |(k, _)| k.to_string());
    doc.properties.insert(key, value);
}

/// A document of `kind` with every property at its default.
fn fresh(kind: &EntityKind, identity: &str) -> ConfigDocument {
    let mut props = Properties::new();
    for p in kind.properties {
        props.insert((*p).to_string(), default_value(kind, p));
    }
    ConfigDocument::new(ident(identity), props)
}

/// A stored document with every property of its kind, in the kind's order (seeded objects
/// store only what they set).
fn complete(kind: &EntityKind, doc: &ConfigDocument) -> ConfigDocument {
    let mut props = Properties::new();
    for p in kind.properties {
        let v = doc
            .get_ci(p)
            .map_or_else(|| default_value(kind, p), |(_, v)| v.clone());
        props.insert((*p).to_string(), v);
    }
    // Properties the kind does not show (a region's priorities) are kept after them.
    for (k, v) in &doc.properties {
        if kind.property(k).is_none() {
            props.insert(k.clone(), v.clone());
        }
    }
    ConfigDocument {
        identity: doc.identity.clone(),
        version: doc.version,
        properties: props,
    }
}

/// The key identity of a LIS object: its key properties' values, joined.
fn key_identity(keys: &[&str], doc: &ConfigDocument) -> String {
    if keys.is_empty() {
        return "LisServiceProvider".to_string();
    }
    keys.iter()
        .map(|k| prop_text(doc, k).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("|")
}

/// The object written for an entity: Identity (except for LIS objects), then the properties.
fn object(kind: &EntityKind, doc: &ConfigDocument) -> Value {
    let identity = shown(doc);
    let mut o = PsObject {
        type_names: vec![Rc::from(kind.type_name), Rc::from("System.Object")],
        ..PsObject::default()
    };
    if !matches!(kind.keying, Keying::Keys(_)) {
        o.to_string = Some(Rc::from(identity.as_str()));
        o.add("Identity", Value::str(&identity));
    }
    for p in kind.properties {
        let value = match doc.get_ci(p).map(|(_, v)| v) {
            // Lync's collections are growable: examples call `$x.HolidayList.Add($y)`.
            Some(PropValue::List(items)) => Value::List(Rc::new(RefCell::new(TypedList {
                element_type: Rc::from("object"),
                items: items.iter().map(prop_to_value).collect(),
            }))),
            Some(v) => prop_to_value(v),
            None => prop_to_value(&default_value(kind, p)),
        };
        o.add(p, value);
    }
    Value::object(o)
}

/// Every object of a kind, in listing order.
fn all(dep: &Deployment, kind: &EntityKind) -> Vec<ConfigDocument> {
    match kind.keying {
        Keying::Service => dep
            .topology
            .services
            .iter()
            .filter(|s| s.role == "ApplicationServer")
            .map(|s| {
                let id = format!("service:ApplicationServer:{}", s.pool_fqdn);
                dep.entities
                    .get(kind.store(), &ident(&id))
                    .map_or_else(|| fresh(kind, &id), |d| complete(kind, d))
            })
            .collect(),
        Keying::Keys(keys) if kind.noun == "CsLisCivicAddress" => {
            let Some(locations) = super::kind("CsLisLocation") else {
                return Vec::new();
            };
            let mut out: Vec<ConfigDocument> = Vec::new();
            for loc in dep.entities.list(locations.store()) {
                let mut doc = fresh(kind, "");
                for k in keys {
                    if let Some((_, v)) = loc.get_ci(k) {
                        set_prop(&mut doc, k, v.clone());
                    }
                }
                doc.identity = plain(&key_identity(keys, &doc));
                if !out.iter().any(|d| d.identity == doc.identity) {
                    out.push(doc);
                }
            }
            out
        }
        _ => dep
            .entities
            .list(kind.store())
            .iter()
            .map(|d| complete(kind, d))
            .collect(),
    }
}

/// What an `-Identity` text selects, and whether it names one object exactly (so that finding
/// nothing is an error) or a group (a service's objects, a wildcard).
fn select(dep: &Deployment, kind: &EntityKind, text: &str) -> (Vec<ConfigDocument>, bool) {
    let docs = all(dep, kind);
    match kind.keying {
        Keying::ServiceGuid => {
            let wanted = unscoped(text);
            if wanted.contains('/') {
                let hit = docs
                    .into_iter()
                    .filter(|d| unscoped(&shown(d)).eq_ignore_ascii_case(&wanted))
                    .collect();
                (hit, true)
            } else {
                let (service, _) = service_of(text);
                let prefix = format!("{}/", unscoped(&service)).to_ascii_lowercase();
                let hit = docs
                    .into_iter()
                    .filter(|d| {
                        unscoped(&shown(d))
                            .to_ascii_lowercase()
                            .starts_with(&prefix)
                    })
                    .collect();
                (hit, false)
            }
        }
        Keying::Service => {
            let wanted = unscoped(text);
            let hit = docs
                .into_iter()
                .filter(|d| unscoped(&shown(d)).eq_ignore_ascii_case(&wanted))
                .collect();
            (hit, true)
        }
        Keying::Contact => {
            let t = text.trim();
            let wild = has_wildcards(t);
            let same = |v: Option<String>| {
                v.is_some_and(|v| {
                    if wild {
                        wildcard_match(t, &v)
                    } else {
                        v.eq_ignore_ascii_case(t)
                            || strip_ci(&v, "sip:").is_some_and(|s| s.eq_ignore_ascii_case(t))
                    }
                })
            };
            let hit = docs
                .into_iter()
                .filter(|d| {
                    same(Some(shown(d)))
                        || same(kind.sip_property().and_then(|p| prop_text(d, p)))
                        || same(prop_text(d, "DisplayName"))
                        || same(prop_text(d, "SamAccountName"))
                })
                .collect();
            (hit, !wild)
        }
        Keying::PoolName => {
            let t = text.trim();
            let hit = docs
                .into_iter()
                .filter(|d| {
                    let id = shown(d);
                    let name = id.rsplit_once('\\').map_or(id.as_str(), |(_, n)| n);
                    if t.contains('\\') {
                        wildcard_match(t, &id)
                    } else {
                        wildcard_match(t, name)
                    }
                })
                .collect();
            (hit, !has_wildcards(t))
        }
        Keying::Keys(_) => (docs, false),
    }
}

fn not_found(kind: &EntityKind, text: &str) -> Failure {
    match kind.keying {
        // Lync's text for an Active Directory object it cannot find.
        Keying::Contact => GenericError::UserNotFound {
            identity: text.to_string(),
        }
        .into(),
        _ => GenericError::NotFound {
            kind: kind.store().to_string(),
            identity: plain(text),
        }
        .into(),
    }
}

/// The objects an `-Identity` (or `-Instance`) names; an exact identity that finds nothing is
/// an error.
fn resolve(
    dep: &Deployment,
    kind: &EntityKind,
    text: &str,
) -> Result<Vec<ConfigDocument>, Failure> {
    let (hit, exact) = select(dep, kind, text);
    if hit.is_empty() && exact {
        return Err(not_found(kind, text));
    }
    Ok(hit)
}

/// The one object a Set-/Move- names: several matches are ambiguous, none is not found.
fn only(
    kind: &EntityKind,
    text: &str,
    mut hit: Vec<ConfigDocument>,
) -> Result<ConfigDocument, Failure> {
    if hit.len() > 1 {
        return Err(GenericError::AmbiguousUser {
            identity: text.to_string(),
            count: hit.len(),
        }
        .into());
    }
    hit.pop().ok_or_else(|| not_found(kind, text))
}

/// True when an object passes Get's property parameters (`-Privacy Closed`, `-Region x`…).
fn passes_property_filters(kind: &EntityKind, b: &Bound, doc: &ConfigDocument) -> bool {
    for (name, v) in &b.values {
        if v.is_null() || CONTROL.iter().any(|c| c.eq_ignore_ascii_case(name)) {
            continue;
        }
        // `-Member x` / `-Manager x` test the plural lists; `-Region x` the Regions list.
        let prop = property_of(kind, name).or_else(|| kind.property(&format!("{name}s")));
        let Some(prop) = prop else {
            continue;
        };
        let wanted = convert::to_string(v);
        let ok = match doc.get_ci(prop).map(|(_, v)| v) {
            Some(PropValue::List(items)) => items
                .iter()
                .any(|i| convert::to_string(&prop_to_value(i)).eq_ignore_ascii_case(&wanted)),
            _ => prop_text(doc, prop).is_some_and(|s| {
                s.eq_ignore_ascii_case(&wanted)
                    || s.to_ascii_lowercase()
                        .ends_with(&format!("\\{}", wanted.to_ascii_lowercase()))
            }),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Get-CsUser's errors for a filter it cannot parse.
fn bad_filter(it: &Interp, e: UserError) -> Failure {
    Failure::Record(Box::new(e.record(it)))
}

fn get(it: &mut Interp, kind: &EntityKind, b: &Bound, out: &mut dyn Sink) -> Res {
    let mut docs = match bound(b, "Identity") {
        Some(v) => resolve(&it.deployment, kind, &identity_text(v))?,
        None => all(&it.deployment, kind),
    };
    if let Some(name) = text(b, "Name") {
        docs.retain(|d| prop_text(d, "Name").is_some_and(|n| n.eq_ignore_ascii_case(&name)));
    }
    if let Some(owner) = text(b, "Owner") {
        let (_, fqdn) = service_of(&owner);
        docs.retain(|d| prop_text(d, "OwnerPool").is_some_and(|p| p.eq_ignore_ascii_case(&fqdn)));
    }
    if kind.keying == Keying::PoolName
        && let Some(pool) = text(b, "PersistentChatPoolFqdn")
    {
        docs.retain(|d| {
            shown(d)
                .split_once('\\')
                .is_some_and(|(p, _)| p.eq_ignore_ascii_case(&pool))
        });
    }
    if let Some(ou) = text(b, "OU") {
        let suffix = format!(",{}", ou.to_ascii_lowercase());
        docs.retain(|d| shown(d).to_ascii_lowercase().ends_with(&suffix));
    }
    if switch(b, "EmptyRegion") {
        docs.retain(
            |d| matches!(d.get_ci("Regions"), Some((_, PropValue::List(l))) if l.is_empty()),
        );
    }
    if switch(b, "Unreferenced") {
        let used = referenced_locations(&it.deployment);
        docs.retain(|d| {
            prop_text(d, "Location")
                .is_none_or(|l| !used.iter().any(|u| u.eq_ignore_ascii_case(&l)))
        });
    }
    if let Some(f) = text(b, "Filter") {
        if f.contains(" -") || f.trim_start().starts_with('-') {
            let filter = Filter::parse(&f).map_err(|reason| {
                bad_filter(
                    it,
                    UserError::BadFilter {
                        filter: f.clone(),
                        reason,
                    },
                )
            })?;
            docs.retain(|d| filter.matches(&|a: &str| prop_text(d, a)));
        } else {
            docs.retain(|d| {
                let id = shown(d);
                let name = id.rsplit_once('\\').map_or(id.as_str(), |(_, n)| n);
                wildcard_match(&f, &id) || wildcard_match(&f, name)
            });
        }
    }
    if let Some(f) = text(b, "LdapFilter") {
        let filter = Ldap::parse(&f)
            .ok_or_else(|| bad_filter(it, UserError::BadLdapFilter { filter: f.clone() }))?;
        docs.retain(|d| filter.matches(&|a: &str| prop_text(d, a)));
    }
    docs.retain(|d| passes_property_filters(kind, b, d));
    let region_given = b
        .values
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("Region"));
    if region_given && bound(b, "Region").is_none() {
        // `-Region $null`: the numbers that belong to no region.
        docs.retain(
            |d| matches!(d.get_ci("Regions"), Some((_, PropValue::List(l))) if l.is_empty()),
        );
    }
    if let Some(region) = text(b, "Region") {
        // `site:USA/Redmond` and `global/Redmond` name the region after the scope.
        let region = match region.split_once('/') {
            Some((scope, r)) if scope.contains(':') || scope.eq_ignore_ascii_case("global") => {
                r.to_string()
            }
            _ => region,
        };
        docs.retain(|d| {
            matches!(d.get_ci("Regions"), Some((_, PropValue::List(l)))
                if l.iter().any(|r| r.as_str().is_some_and(|r| r.eq_ignore_ascii_case(&region))))
        });
        // Within a region, access numbers are listed in priority order.
        docs.sort_by_key(|d| region_priority(d, &region));
    }
    let limit = text(b, "ResultSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    for doc in docs.iter().take(limit) {
        out.push(it, object(kind, doc))?;
    }
    Ok(())
}

/// Locations that some port, switch, subnet or access point points at.
fn referenced_locations(dep: &Deployment) -> Vec<String> {
    let mut out = Vec::new();
    for noun in [
        "CsLisPort",
        "CsLisSwitch",
        "CsLisSubnet",
        "CsLisWirelessAccessPoint",
    ] {
        if let Some(k) = kind(noun) {
            for d in dep.entities.list(k.store()) {
                if let Some(l) = prop_text(d, "Location") {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// Applies the property parameters bound on the command line.
fn apply_parameters(kind: &EntityKind, b: &Bound, doc: &mut ConfigDocument) {
    for (name, v) in &b.values {
        if let Some(prop) = property_of(kind, name) {
            let current = doc.get_ci(prop).map(|(_, v)| v.clone());
            let value = match (current, v) {
                (Some(PropValue::List(list)), Value::Hashtable(_)) => list_edit(list, v),
                (Some(PropValue::List(_)), Value::Null) => PropValue::List(Vec::new()),
                (Some(PropValue::List(_)), other) => match value_to_prop(other) {
                    PropValue::List(l) => PropValue::List(l),
                    one => PropValue::List(vec![one]),
                },
                (_, Value::Switch(s)) => PropValue::Bool(*s),
                (_, other) => value_to_prop(other),
            };
            set_prop(doc, prop, normalized(prop, value));
        }
    }
}

/// Enumeration values given by number, stored by name: a LIS port's subtype (1, 5, 7 on the
/// Set-CsLisPort page).
fn normalized(prop: &str, value: PropValue) -> PropValue {
    if !prop.eq_ignore_ascii_case("PortIDSubType") {
        return value;
    }
    let number = match &value {
        PropValue::Int(i) => Some(*i),
        PropValue::Str(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match number {
        Some(1) => PropValue::str("InterfaceAlias"),
        Some(5) => PropValue::str("InterfaceName"),
        Some(7) => PropValue::str("LocallyAssigned"),
        _ => value,
    }
}

/// `@{Add=…; Remove=…; Replace=…}` applied to a list property.
fn list_edit(mut list: Vec<PropValue>, v: &Value) -> PropValue {
    let Value::Hashtable(h) = v else {
        return PropValue::List(list);
    };
    let items = |v: &Value| -> Vec<PropValue> {
        crate::runtime::interp::enumerate_for_loop(v)
            .iter()
            .map(value_to_prop)
            .collect()
    };
    let same = |a: &PropValue, b: &PropValue| match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    };
    for (k, val) in h.borrow().entries.values() {
        let new_items = items(val);
        match convert::to_string(k).to_ascii_lowercase().as_str() {
            "replace" => list = new_items,
            "add" => {
                for item in new_items {
                    if !list.iter().any(|x| same(x, &item)) {
                        list.push(item);
                    }
                }
            }
            "remove" => list.retain(|x| !new_items.iter().any(|r| same(x, r))),
            _ => {}
        }
    }
    PropValue::List(list)
}

/// Copies an `-Instance` object's properties that belong to the kind.
fn apply_instance(kind: &EntityKind, instance: &Value, doc: &mut ConfigDocument) {
    for (name, v) in object_properties(instance) {
        if let Some(prop) = kind.property(&name) {
            set_prop(doc, prop, value_to_prop(&v));
        }
    }
}

/// The pool new Persistent Chat objects go to when no `-PersistentChatPoolFqdn` is given: the
/// pool of the existing chat objects, else the first Registrar pool.
fn default_chat_pool(dep: &Deployment) -> String {
    for noun in [
        "CsPersistentChatRoom",
        "CsPersistentChatCategory",
        "CsPersistentChatAddin",
    ] {
        if let Some(k) = kind(noun)
            && let Some(d) = dep.entities.list(k.store()).first()
            && let Some((pool, _)) = shown(d).split_once('\\')
        {
            return pool.to_string();
        }
    }
    dep.topology
        .services
        .iter()
        .find(|s| s.role == "Registrar")
        .map(|s| s.pool_fqdn.clone())
        .unwrap_or_default()
}

/// True when a SIP address is taken by a user or by a contact object of any kind.
fn sip_taken(dep: &Deployment, sip: &str) -> bool {
    dep.users.iter().any(|u| {
        u.sip_address
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case(sip))
    }) || super::KINDS
        .iter()
        .filter(|k| k.keying == Keying::Contact)
        .any(|k| {
            dep.entities.list(k.store()).iter().any(|d| {
                k.sip_property()
                    .and_then(|p| prop_text(d, p))
                    .is_some_and(|s| s.eq_ignore_ascii_case(sip))
            })
        })
}

/// The service part of a Response Group object's identity (before the `/`).
pub(super) fn service_part(doc: &ConfigDocument) -> String {
    let id = shown(doc);
    id.split_once('/')
        .map_or(id.as_str(), |(s, _)| s)
        .to_string()
}

/// True when another object of the kind on the same service has this name (names are unique
/// per service: the New- and Set- pages of queues, workflows and announcements).
pub(super) fn name_taken(
    dep: &Deployment,
    kind: &EntityKind,
    service: &str,
    name: &str,
    except: Option<&Identity>,
) -> bool {
    all(dep, kind).iter().any(|d| {
        Some(&d.identity) != except
            && service_part(d).eq_ignore_ascii_case(service)
            && prop_text(d, "Name").is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

pub(super) fn exists(kind: &EntityKind, what: &str) -> Failure {
    GenericError::Exists {
        kind: kind.store().to_string(),
        identity: plain(what),
    }
    .into()
}

fn new(
    it: &mut Interp,
    spec: &CmdletSpec,
    kind: &EntityKind,
    b: &Bound,
    out: &mut dyn Sink,
) -> Res {
    let mut doc = fresh(kind, "");
    apply_parameters(kind, b, &mut doc);
    let name = text(b, "Name").unwrap_or_default();
    let identity = match kind.keying {
        Keying::ServiceGuid => {
            let parent = text(b, "Parent")
                .or_else(|| bound(b, "Identity").map(identity_text))
                .unwrap_or_default();
            let (service, fqdn) = service_of(&parent);
            if fqdn.is_empty() {
                return Err(GenericError::BadIdentity {
                    text: parent,
                    reason:
                        "a Response Group parent has the form service:ApplicationServer:<PoolFqdn>"
                            .into(),
                }
                .into());
            }
            if name_taken(&it.deployment, kind, &service, &name, None) {
                return Err(exists(kind, &format!("{service}/{name}")));
            }
            // New-CsAnnouncement -Identity may bring its own GUID (to recreate a deleted one).
            let given = parent
                .split_once('/')
                .map(|(_, g)| g.trim().to_ascii_lowercase())
                .filter(|g| !g.is_empty());
            let guid = match given {
                Some(g) => g,
                None => it.deployment.next_guid().to_string(),
            };
            if !select(&it.deployment, kind, &format!("{service}/{guid}"))
                .0
                .is_empty()
            {
                return Err(exists(kind, &format!("{service}/{guid}")));
            }
            if kind.property("OwnerPool").is_some() {
                set_prop(&mut doc, "OwnerPool", PropValue::str(&fqdn));
            }
            if kind.property("AnnouncementId").is_some() {
                set_prop(&mut doc, "AnnouncementId", PropValue::str(&guid));
            }
            format!("{service}/{guid}")
        }
        Keying::PoolName => {
            let pool = text(b, "PersistentChatPoolFqdn")
                .unwrap_or_else(|| default_chat_pool(&it.deployment))
                .to_ascii_lowercase();
            let id = format!("{pool}\\{name}");
            if !select(&it.deployment, kind, &id).0.is_empty() {
                return Err(exists(kind, &id));
            }
            if let Some(category) = text(b, "Category") {
                let full = if category.contains('\\') {
                    category.clone()
                } else {
                    format!("{pool}\\{category}")
                };
                let Some(cat) = super::kind("CsPersistentChatCategory") else {
                    return Ok(());
                };
                match select(&it.deployment, cat, &full).0.first() {
                    Some(c) => set_prop(&mut doc, "Category", PropValue::str(&shown(c))),
                    None => {
                        return Err(GenericError::NotFound {
                            kind: cat.store().to_string(),
                            identity: plain(&full),
                        }
                        .into());
                    }
                }
            }
            id
        }
        Keying::Contact => {
            let guid = it.deployment.next_guid().to_string();
            let domain_dn = it.deployment.organization.domain_dn();
            let dn = text(b, "DN").unwrap_or_else(|| {
                let ou = text(b, "OU").unwrap_or_else(|| format!("CN=Users,{domain_dn}"));
                format!("CN={{{guid}}},{ou}")
            });
            if !select(&it.deployment, kind, &dn).0.is_empty() {
                return Err(exists(kind, &dn));
            }
            if let Some(p) = kind.sip_property() {
                let sip = match prop_text(&doc, p) {
                    Some(s) if s.to_ascii_lowercase().starts_with("sip:") => s,
                    Some(s) => format!("sip:{s}"),
                    None => {
                        let domain = it
                            .deployment
                            .topology
                            .default_sip_domain()
                            .map(|d| d.name.clone())
                            .unwrap_or_else(|| it.deployment.organization.ad_domain.clone());
                        format!("sip:{{{guid}}}@{domain}")
                    }
                };
                if sip_taken(&it.deployment, &sip) {
                    return Err(exists(kind, &sip));
                }
                set_prop(&mut doc, p, PropValue::str(&sip));
            }
            dn
        }
        Keying::Service | Keying::Keys(_) => return Ok(()),
    };
    doc.identity = ident(&identity);
    let show = spec.param("PassThru").is_none() || switch(b, "PassThru");
    if switch(b, "InMemory") {
        out.push(it, object(kind, &doc))?;
        return Ok(());
    }
    if spec.supports_should_process && !should_process(it, b, spec.name, &identity)? {
        return Ok(());
    }
    it.deployment
        .entities
        .insert(kind.store(), doc.clone())
        .map_err(|_| exists(kind, &identity))?;
    if show {
        out.push(it, object(kind, &doc))?;
    }
    Ok(())
}

/// The LIS object a Set-/Remove- names by its key parameters (or its `-Instance`).
fn keyed(kind: &EntityKind, keys: &[&str], b: &Bound) -> ConfigDocument {
    let mut doc = fresh(kind, "");
    if let Some(instance) = bound(b, "Instance") {
        apply_instance(kind, instance, &mut doc);
    }
    for k in keys {
        if let Some(v) = bound(b, k) {
            set_prop(&mut doc, k, value_to_prop(v));
        }
    }
    doc.identity = plain(&key_identity(keys, &doc));
    doc
}

/// An InvalidArgument error of the running cmdlet (texts ours, marked where used).
pub(super) fn invalid(it: &Interp, id: &'static str, message: String, target: &str) -> Failure {
    let info = crate::runtime::errors::ErrorInfo::new(
        message,
        id,
        crate::runtime::errors::ErrorCategory::InvalidArgument,
    )
    .exception("System.ArgumentException")
    .target(Value::str(target));
    Failure::Record(Box::new(crate::cmdlets::users::errors::record(it, info)))
}

/// The hidden property holding an access number's priority in each of its regions.
const PRIORITIES: &str = "RegionPriorities";

/// An access number's priority in a region: its stored one, else after every stored one.
fn region_priority(doc: &ConfigDocument, region: &str) -> i64 {
    match doc.get(PRIORITIES) {
        Some(PropValue::Record(r)) => r
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(region))
            .and_then(|(_, v)| match v {
                PropValue::Int(i) => Some(*i),
                _ => None,
            })
            .unwrap_or(i64::MAX),
        _ => i64::MAX,
    }
}

/// `Set-CsDialInConferencingAccessNumber -Priority n -ReorderedRegion r`: moves the access
/// number to position `n` of region `r`'s list and renumbers the region.
fn reorder(it: &mut Interp, spec: &CmdletSpec, kind: &EntityKind, b: &Bound) -> Res {
    let text = bound(b, "Identity").map(identity_text).unwrap_or_default();
    let region = text_or_empty(b, "ReorderedRegion");
    let priority = bound(b, "Priority")
        .and_then(|v| convert::to_number(v).ok())
        .and_then(|v| match v {
            Value::Int(i) => Some(i64::from(i)),
            Value::Long(l) => Some(l),
            _ => None,
        })
        .unwrap_or(0);
    let doc = only(kind, &text, resolve(&it.deployment, kind, &text)?)?;
    let in_region = |d: &ConfigDocument| {
        matches!(d.get_ci("Regions"), Some((_, PropValue::List(l)))
            if l.iter().any(|r| r.as_str().is_some_and(|r| r.eq_ignore_ascii_case(&region))))
    };
    if !in_region(&doc) {
        // Ours: Lync's text for this case is not documented.
        let message = format!(
            "The access number \"{}\" is not in region \"{region}\".",
            shown(&doc)
        );
        return Err(invalid(it, "RegionNotFound", message, &region));
    }
    let mut members: Vec<ConfigDocument> = all(&it.deployment, kind)
        .into_iter()
        .filter(|d| in_region(d))
        .collect();
    members.sort_by_key(|d| region_priority(d, &region));
    let last = i64::try_from(members.len()).unwrap_or(i64::MAX) - 1;
    if !(0..=last).contains(&priority) {
        // Ours, in the style of PowerShell's range validation.
        let message = format!("The priority in region \"{region}\" must be between 0 and {last}.");
        return Err(invalid(
            it,
            "InvalidPriority",
            message,
            &priority.to_string(),
        ));
    }
    if !should_process(it, b, spec.name, &shown(&doc))? {
        return Ok(());
    }
    members.retain(|d| d.identity != doc.identity);
    let at = usize::try_from(priority).unwrap_or(0).min(members.len());
    members.insert(at, doc);
    for (i, mut d) in members.into_iter().enumerate() {
        let mut record = match d.get(PRIORITIES) {
            Some(PropValue::Record(r)) => r.clone(),
            _ => Properties::new(),
        };
        record.retain(|k, _| !k.eq_ignore_ascii_case(&region));
        record.insert(
            region.clone(),
            PropValue::Int(i64::try_from(i).unwrap_or(0)),
        );
        d.properties
            .insert(PRIORITIES.to_string(), PropValue::Record(record));
        let _ = it.deployment.entities.replace(kind.store(), d);
    }
    Ok(())
}

fn set(
    it: &mut Interp,
    spec: &CmdletSpec,
    kind: &EntityKind,
    b: &Bound,
    out: &mut dyn Sink,
) -> Res {
    if bound(b, "Priority").is_some() && bound(b, "ReorderedRegion").is_some() {
        return reorder(it, spec, kind, b);
    }
    let instance = bound(b, "Instance");
    let (mut doc, stored) = match kind.keying {
        Keying::Keys(keys) => {
            // LIS Set- cmdlets create the object when it does not exist yet, and replace it
            // when it does: address parts not given become empty (the pages' Example 1).
            let wanted = keyed(kind, keys, b);
            let stored = it
                .deployment
                .entities
                .get(kind.store(), &wanted.identity)
                .is_some();
            (wanted, stored)
        }
        _ => {
            let text = instance
                .or_else(|| bound(b, "Identity"))
                .map(identity_text)
                .unwrap_or_default();
            let (found, _) = select(&it.deployment, kind, &text);
            let hit = match (found.is_empty(), instance) {
                // An object made with New-… -InMemory is committed by Set-… -Instance.
                (true, Some(_)) if kind.keying == Keying::ServiceGuid && text.contains('/') => {
                    vec![fresh(kind, &text)]
                }
                _ => resolve(&it.deployment, kind, &text)?,
            };
            let d = only(kind, &text, hit)?;
            let stored = it
                .deployment
                .entities
                .get(kind.store(), &d.identity)
                .is_some();
            (d, stored)
        }
    };
    let old_identity = doc.identity.clone();
    if let Some(obj) = instance {
        apply_instance(kind, obj, &mut doc);
    }
    apply_parameters(kind, b, &mut doc);
    if let Keying::Keys(keys) = kind.keying {
        doc.identity = plain(&key_identity(keys, &doc));
    }
    if kind.keying == Keying::ServiceGuid
        && let Some(name) = prop_text(&doc, "Name")
        && name_taken(
            &it.deployment,
            kind,
            &service_part(&doc),
            &name,
            Some(&doc.identity),
        )
    {
        return Err(exists(kind, &format!("{}/{name}", service_part(&doc))));
    }
    if spec.supports_should_process && !should_process(it, b, spec.name, &shown(&doc))? {
        return Ok(());
    }
    let store = &mut it.deployment.entities;
    if stored && old_identity == doc.identity {
        store
            .replace(kind.store(), doc.clone())
            .map_err(|_| not_found(kind, &shown(&doc)))?;
    } else {
        if store.get(kind.store(), &doc.identity).is_some() {
            return Err(exists(kind, &shown(&doc)));
        }
        if stored {
            let _ = store.remove(kind.store(), &old_identity);
        }
        store
            .insert(kind.store(), doc.clone())
            .map_err(|_| exists(kind, &shown(&doc)))?;
    }
    if let Keying::Keys(_) = kind.keying {
        lis_references(&mut it.deployment, kind, &doc);
    }
    if switch(b, "PassThru") {
        out.push(it, object(kind, &doc))?;
    }
    Ok(())
}

/// What a LIS Set- creates besides its object: the location its address names (when the
/// location database has no location with exactly that address) and, for a port, its switch.
fn lis_references(dep: &mut Deployment, kind: &EntityKind, doc: &ConfigDocument) {
    let mut wanted: Vec<(&EntityKind, ConfigDocument)> = Vec::new();
    if kind.noun != "CsLisLocation"
        && let Some(loc) = super::kind("CsLisLocation")
        && let Keying::Keys(keys) = loc.keying
        && keys
            .iter()
            .any(|k| prop_text(doc, k).is_some_and(|v| !v.is_empty()))
    {
        let mut l = fresh(loc, "");
        for k in keys {
            if let Some((_, v)) = doc.get_ci(k) {
                set_prop(&mut l, k, v.clone());
            }
        }
        l.identity = plain(&key_identity(keys, &l));
        wanted.push((loc, l));
    }
    if kind.noun == "CsLisPort"
        && let Some(sw) = super::kind("CsLisSwitch")
        && let Keying::Keys(keys) = sw.keying
    {
        let mut d = fresh(sw, "");
        if let Some((_, v)) = doc.get_ci("ChassisID") {
            set_prop(&mut d, "ChassisID", v.clone());
        }
        d.identity = plain(&key_identity(keys, &d));
        wanted.push((sw, d));
    }
    for (k, d) in wanted {
        if dep.entities.get(k.store(), &d.identity).is_none() {
            let _ = dep.entities.insert(k.store(), d);
        }
    }
}

fn remove(it: &mut Interp, spec: &CmdletSpec, kind: &EntityKind, b: &Bound) -> Res {
    let docs = match kind.keying {
        Keying::Keys(keys) => {
            let wanted = keyed(kind, keys, b);
            match it.deployment.entities.get(kind.store(), &wanted.identity) {
                Some(d) => vec![d.clone()],
                None => {
                    return Err(GenericError::NotFound {
                        kind: kind.store().to_string(),
                        identity: wanted.identity,
                    }
                    .into());
                }
            }
        }
        _ => {
            let text = bound(b, "Instance")
                .or_else(|| bound(b, "Identity"))
                .map(identity_text)
                .unwrap_or_default();
            let hit = resolve(&it.deployment, kind, &text)?;
            // Implicit objects (a service's Response Group settings) cannot be removed.
            hit.into_iter()
                .filter(|d| {
                    it.deployment
                        .entities
                        .get(kind.store(), &d.identity)
                        .is_some()
                })
                .collect()
        }
    };
    for doc in docs {
        let target = match kind.keying {
            Keying::Keys(_) => shown(&doc).replace('|', " "),
            _ => shown(&doc),
        };
        if spec.supports_should_process && !should_process(it, b, spec.name, &target)? {
            continue;
        }
        let _ = it.deployment.entities.remove(kind.store(), &doc.identity);
    }
    Ok(())
}

/// Move-Cs<contact>: rehomes a contact object on another Registrar pool (or a hosting
/// provider), with Move-CsUser's errors.
fn move_contact(
    it: &mut Interp,
    spec: &CmdletSpec,
    kind: &EntityKind,
    b: &Bound,
    out: &mut dyn Sink,
) -> Res {
    let text = bound(b, "Identity").map(identity_text).unwrap_or_default();
    let mut doc = only(kind, &text, resolve(&it.deployment, kind, &text)?)?;
    let dn = shown(&doc);
    let target = text_or_empty(b, "Target");
    let user_error = |it: &Interp, e: UserError| Failure::Record(Box::new(e.record(it)));
    let registrar = it
        .deployment
        .topology
        .services
        .iter()
        .find(|s| s.role == "Registrar" && s.pool_fqdn.eq_ignore_ascii_case(&target))
        .map(|s| s.pool_fqdn.clone());
    let provider = it
        .deployment
        .documents(crate::model::kinds::HOSTING_PROVIDER)
        .iter()
        .find_map(|d| {
            d.get_ci("ProxyFqdn")
                .and_then(|(_, v)| v.as_str())
                .filter(|p| p.eq_ignore_ascii_case(&target))
                .map(str::to_string)
        });
    let (pool, hosting) = match (registrar, provider) {
        (Some(pool), _) => (PropValue::str(&pool), PropValue::Null),
        (None, Some(p)) if kind.property("HostingProvider").is_some() => {
            (PropValue::Null, PropValue::str(&p))
        }
        _ => return Err(user_error(it, UserError::UnknownTarget { target, dn })),
    };
    if prop_text(&doc, "RegistrarPool")
        .is_some_and(|p| pool.as_str().is_some_and(|t| t.eq_ignore_ascii_case(&p)))
    {
        return Err(user_error(it, UserError::SamePool { target, dn }));
    }
    if !should_process(it, b, spec.name, &dn)? {
        return Ok(());
    }
    set_prop(&mut doc, "RegistrarPool", pool);
    if kind.property("HostingProvider").is_some() {
        set_prop(&mut doc, "HostingProvider", hosting);
    }
    it.deployment
        .entities
        .replace(kind.store(), doc.clone())
        .map_err(|_| not_found(kind, &dn))?;
    if switch(b, "PassThru") {
        out.push(it, object(kind, &doc))?;
    }
    Ok(())
}

pub(super) fn text_or_empty(b: &Bound, name: &str) -> String {
    text(b, name).unwrap_or_default()
}

/// Clear-CsPersistentChatRoom and Remove-CsPersistentChatMessage: the room must exist; the
/// model keeps no chat history, so there is never a message to delete.
fn clear(it: &mut Interp, spec: &CmdletSpec, kind: &EntityKind, b: &Bound) -> Res {
    let text = bound(b, "Instance")
        .or_else(|| bound(b, "Identity"))
        .map(identity_text)
        .unwrap_or_default();
    let hit = resolve(&it.deployment, kind, &text)?;
    for doc in hit {
        if spec.supports_should_process && !should_process(it, b, spec.name, &shown(&doc))? {
            continue;
        }
    }
    Ok(())
}

/// Get-CsPersistentChatEligiblePrincipal: the users on the allowed-members list of a category
/// (or of a room's category), less the denied ones. Entries are SIP addresses, or the
/// distinguished names of an OU or of the domain (every user below it). `-Presenters` needs an
/// auditorium room. `-Filter` is a wildcard on SIP addresses.
fn eligible(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> Res {
    let (Some(rooms), Some(categories)) = (
        super::kind("CsPersistentChatRoom"),
        super::kind("CsPersistentChatCategory"),
    ) else {
        return Ok(());
    };
    let pool = text(b, "PersistentChatPoolFqdn");
    let in_pool = |name: &str| match &pool {
        Some(p) if !name.contains('\\') => format!("{p}\\{name}"),
        _ => name.to_string(),
    };
    let category = match text(b, "Room") {
        Some(room) => {
            let id = in_pool(&room);
            let r = only(rooms, &id, resolve(&it.deployment, rooms, &id)?)?;
            if switch(b, "Presenters")
                && !prop_text(&r, "Type").is_some_and(|t| t.eq_ignore_ascii_case("Auditorium"))
            {
                // Ours: the page says presenters exist only in auditorium rooms.
                let message = format!("The chat room \"{}\" is not an auditorium.", shown(&r));
                return Err(invalid(it, "NotAnAuditorium", message, &shown(&r)));
            }
            prop_text(&r, "Category").unwrap_or_default()
        }
        None => in_pool(&text_or_empty(b, "Category")),
    };
    let cat = only(
        categories,
        &category,
        resolve(&it.deployment, categories, &category)?,
    )?;
    let list = |name: &str| -> Vec<String> {
        match cat.get_ci(name).map(|(_, v)| v) {
            Some(PropValue::List(l)) => l
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let (allowed, denied) = (list("AllowedMembers"), list("DeniedMembers"));
    let covers = |entries: &[String], dn: &str, sip: &str| {
        entries.iter().any(|e| {
            let e = e.trim();
            e.eq_ignore_ascii_case(sip)
                || e.eq_ignore_ascii_case(dn)
                || dn
                    .to_ascii_lowercase()
                    .ends_with(&format!(",{}", e.to_ascii_lowercase()))
        })
    };
    let filter = text(b, "Filter");
    let limit = text(b, "ResultSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let mut found = Vec::new();
    for u in it.deployment.users.iter() {
        let Some(sip) = u.sip_address.as_deref() else {
            continue;
        };
        if covers(&allowed, &u.identity, sip)
            && !covers(&denied, &u.identity, sip)
            && filter.as_deref().is_none_or(|f| wildcard_match(f, sip))
        {
            found.push((u.identity.clone(), u.display_name.clone(), sip.to_string()));
        }
    }
    for (dn, name, sip) in found.into_iter().take(limit) {
        let mut o = PsObject {
            type_names: vec![
                Rc::from("Microsoft.Rtc.Management.GroupChat.Cmdlets.ADPersistentChatPrincipal"),
                Rc::from("System.Object"),
            ],
            to_string: Some(Rc::from(sip.as_str())),
            ..PsObject::default()
        };
        o.add("Identity", Value::str(&dn));
        o.add("DisplayName", Value::str(&name));
        o.add("SipAddress", Value::str(&sip));
        o.add("PersistentChatPrincipalType", Value::str("user"));
        out.push(it, Value::object(o))?;
    }
    Ok(())
}
