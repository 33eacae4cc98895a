//! The cmdlet glue of the generic store: reads bound parameters, calls [`super::ops`], writes
//! objects and error records. Every change passes through the ShouldProcess gate.
//!
//! One body serves every generic cmdlet: it learns which cmdlet it runs from the running
//! command's frame (the catalog name the binder used), so the behaviour table needs no entry
//! per cmdlet.

use std::rc::Rc;

use super::errors::{GenericError, assigned_policy_prompt, global_reset_warning};
use super::ops::{self, Removal};
use super::{Kind, Shape, kind_of, type_name};
use crate::cmdlets::objects::{document_object, object_properties, value_to_prop};
use crate::cmdlets::spec::{CmdletSpec, ParamSpec, Ty};
use crate::cmdlets::{lookup, wildcard_match};
use crate::model::cms::ConfigDocument;
use crate::model::identity::Identity;
use crate::model::value::PropValue;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::Value;

/// The behaviour constructor registered for every generic cmdlet.
pub fn make() -> Box<dyn CmdletBody> {
    Box::new(GenericBody::default())
}

#[derive(Default)]
struct GenericBody {
    cached: Option<(&'static CmdletSpec, Kind)>,
}

/// A failure of one invocation: a Lync error to write, a ready error record, or a flow (stop,
/// terminating error) to pass on. The entity family shares it.
pub(crate) enum Failure {
    Lync(GenericError),
    Record(Box<crate::runtime::errors::ErrorRecord>),
    Flow(Flow),
}

impl From<GenericError> for Failure {
    fn from(e: GenericError) -> Self {
        Failure::Lync(e)
    }
}

impl From<Flow> for Failure {
    fn from(f: Flow) -> Self {
        Failure::Flow(f)
    }
}

pub(crate) type Res = Result<(), Failure>;

impl CmdletBody for GenericBody {
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
                .map(|spec| (spec, kind_of(spec.noun)));
        }
        let Some((spec, kind)) = &self.cached else {
            return Ok(());
        };
        let spec: &'static CmdletSpec = spec;
        let builder = super::is_builder(spec);
        let result = unmodelled(spec, kind, b).and_then(|()| match spec.verb {
            "New" if builder => build(it, spec, kind, b, out),
            "Get" => get(it, kind, b, out),
            "Set" => set(it, spec, kind, b),
            "New" => new(it, spec, kind, b, out),
            "Remove" => remove(it, spec, kind, b),
            "Grant" => grant(it, spec, kind, b, out),
            _ => Ok(()),
        });
        finish(it, spec, result)
    }
}

/// Ends an invocation: writes its Lync error, or passes its flow on.
pub(crate) fn finish(it: &mut Interp, spec: &CmdletSpec, result: Res) -> Result<(), Flow> {
    match result {
        Ok(()) => Ok(()),
        Err(Failure::Flow(f)) => Err(f),
        Err(Failure::Record(rec)) => it.write_error(*rec),
        Err(Failure::Lync(e)) => {
            let rec = e.record(spec.name, crate::runtime::host_commands::class_name(spec));
            it.write_error(rec)
        }
    }
}

/// Parameters the generic store does not model fail loudly instead of being ignored: the
/// online and per-user selectors, and any parameter that is neither a control parameter nor a
/// property of the kind.
fn unmodelled(spec: &CmdletSpec, kind: &Kind, b: &Bound) -> Res {
    if matches!(spec.verb, "Set" | "New") {
        for name in b.values.keys() {
            let property = kind
                .properties
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(name));
            if !property
                && !super::is_control_parameter(name)
                && let Some(p) = spec.param(name)
            {
                return Err(GenericError::Unmodelled {
                    cmdlet: spec.name.to_string(),
                    parameter: p.name,
                }
                .into());
            }
        }
    }
    const NOT_MODELLED: &[&str] = &[
        "Tenant",
        "Include",
        "ApplicableTo",
        "LocalStore",
        "PassThru",
    ];
    for name in NOT_MODELLED {
        // Grant-'s -PassThru writes the user (see `grant`).
        if *name == "PassThru" && spec.verb == "Grant" {
            continue;
        }
        let given = b
            .values
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .is_some_and(|(_, v)| !matches!(v, Value::Switch(false)));
        if given {
            return Err(GenericError::Unmodelled {
                cmdlet: spec.name.to_string(),
                parameter: name,
            }
            .into());
        }
    }
    Ok(())
}

fn bound<'a>(b: &'a Bound, name: &str) -> Option<&'a Value> {
    b.values
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn switch(b: &Bound, name: &str) -> bool {
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

/// The .NET type Get-Member shows for a property of this parameter type.
fn dotnet_type(p: &ParamSpec) -> String {
    let scalar = |ty: &Ty| -> String {
        match ty {
            Ty::Boolean | Ty::Switch => "System.Boolean".into(),
            Ty::String => "System.String".into(),
            Ty::Byte => "System.Byte".into(),
            Ty::Int16 => "System.Int16".into(),
            Ty::Int32 => "System.Int32".into(),
            Ty::Int64 => "System.Int64".into(),
            Ty::UInt16 => "System.UInt16".into(),
            Ty::UInt32 => "System.UInt32".into(),
            Ty::UInt64 => "System.UInt64".into(),
            Ty::Double => "System.Double".into(),
            Ty::TimeSpan => "System.TimeSpan".into(),
            Ty::DateTime => "System.DateTime".into(),
            Ty::Guid => "System.Guid".into(),
            Ty::Uri => "System.Uri".into(),
            Ty::XdsIdentity | Ty::XdsGlobalRelativeIdentity => {
                "Microsoft.Rtc.Management.Xds.XdsIdentity".into()
            }
            _ => p
                .type_name
                .trim_start_matches("PSListModifier[")
                .trim_end_matches(']')
                .to_string(),
        }
    };
    if p.ty.is_multi_valued() {
        format!(
            "System.Collections.Generic.IList[{}]",
            scalar(p.ty.element())
        )
    } else {
        scalar(p.ty.element())
    }
}

/// The object written for a document: Identity first, then the kind's properties; child
/// documents also show their `Name` (the part after the last `/`).
fn object(kind: &Kind, doc: &ConfigDocument) -> Value {
    let v = document_object(&type_name(kind), doc, &[]);
    if kind.shape == Shape::Child
        && doc.get_ci("Name").is_none()
        && let Value::Object(o) = &v
    {
        let shown = doc.identity.to_string();
        let name = shown.rsplit_once('/').map_or("", |(_, n)| n).to_string();
        o.borrow_mut().add("Name", Value::str(&name));
    }
    if let Value::Object(o) = &v {
        let mut o = o.borrow_mut();
        // A named document (`New-CsVoiceRoute -Identity Route1`) is its own Name.
        if kind.shape == Shape::Named
            && let Some(prop) = o
                .properties
                .values_mut()
                .find(|p| p.name.eq_ignore_ascii_case("Name"))
            && prop.value.is_null()
        {
            prop.value = Value::str(doc.identity.name());
        }
        for prop in o.properties.values_mut() {
            let spec = kind
                .properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&prop.name));
            let declared = if prop.name.eq_ignore_ascii_case("Identity") {
                Some("Microsoft.Rtc.Management.Xds.XdsIdentity".to_string())
            } else {
                spec.map(|p| dotnet_type(p))
            };
            prop.type_name = declared.map(|d| Rc::from(d.as_str()));
            // Lync's multi-valued properties are growable lists: examples call
            // `$x.PstnUsages.Add("Local")` before `Set-… -Instance $x`.
            if let (Some(p), Value::Array(items)) = (spec, &prop.value)
                && p.ty.is_multi_valued()
            {
                let element = if p.ty.element() == &Ty::String {
                    "string"
                } else {
                    "object"
                };
                let items = items.borrow().clone();
                if let Some(element_type) = ops::embedded_element_type(kind, &prop.name) {
                    for item in &items {
                        element_object(item, &element_type);
                    }
                }
                prop.value = Value::List(Rc::new(std::cell::RefCell::new(
                    crate::runtime::value::TypedList {
                        element_type: Rc::from(element),
                        items,
                    },
                )));
            }
        }
    }
    v
}

/// An element shown inside its container (a dial plan's normalization rule…) takes the element
/// kind's type and prints as Lync's XDS items do: `Name=Value` pairs joined by `;`, without the
/// Identity (`Name=RedmondFourDigit;Description=;Pattern=^(\d{4})$;…`).
fn element_object(item: &Value, type_name: &str) {
    if let Value::Object(o) = item {
        let mut o = o.borrow_mut();
        let text = o
            .properties
            .values()
            .filter(|p| !p.name.eq_ignore_ascii_case("Identity"))
            .map(|p| format!("{}={}", p.name, convert::to_string(&p.value)))
            .collect::<Vec<_>>()
            .join(";");
        o.to_string = Some(Rc::from(text.as_str()));
        o.type_names = vec![Rc::from(type_name), Rc::from("System.Object")];
    }
}

/// The new value of a list property given a bound argument: `@{Add=…; Remove=…; Replace=…}`
/// edits the current list, `$null` clears it, anything else replaces it.
fn list_value(current: Option<&PropValue>, v: &Value) -> PropValue {
    let items = |v: &Value| -> Vec<PropValue> {
        crate::runtime::interp::enumerate_for_loop(v)
            .iter()
            .map(value_to_prop)
            .collect()
    };
    match v {
        Value::Null => PropValue::List(Vec::new()),
        Value::Hashtable(h) => {
            let h = h.borrow();
            let keys: Vec<String> = h
                .entries
                .values()
                .map(|(k, _)| convert::to_string(k).to_ascii_lowercase())
                .collect();
            if keys.is_empty()
                || !keys
                    .iter()
                    .all(|k| matches!(k.as_str(), "add" | "remove" | "replace"))
            {
                return value_to_prop(v);
            }
            let mut list: Vec<PropValue> = current
                .and_then(PropValue::as_list)
                .map(<[PropValue]>::to_vec)
                .unwrap_or_default();
            let same = |a: &PropValue, b: &PropValue| match (a.as_str(), b.as_str()) {
                (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
                _ => a == b,
            };
            for (k, val) in h.entries.values() {
                let key = convert::to_string(k).to_ascii_lowercase();
                let new_items = items(val);
                match key.as_str() {
                    "replace" => list = new_items,
                    "add" => {
                        for item in new_items {
                            if !list.iter().any(|x| same(x, &item)) {
                                list.push(item);
                            }
                        }
                    }
                    _ => list.retain(|x| !new_items.iter().any(|r| same(x, r))),
                }
            }
            PropValue::List(list)
        }
        other => PropValue::List(items(other)),
    }
}

/// Applies the property parameters bound on the command line to a document.
fn apply_parameters(kind: &Kind, b: &Bound, doc: &mut ConfigDocument) {
    for p in &kind.properties {
        let Some(v) = bound(b, p.name) else {
            continue;
        };
        let value = if p.ty.is_multi_valued() {
            list_value(doc.get_ci(p.name).map(|(_, v)| v), v)
        } else {
            value_to_prop(v)
        };
        let key = doc
            .get_ci(p.name)
            .map_or_else(|| p.name.to_string(), |(k, _)| k.to_string());
        doc.properties.insert(key, value);
    }
}

/// Copies the properties of an `-Instance` object that belong to the kind (and the `Name` of
/// a child document, which Lync lets scripts change).
fn apply_instance(kind: &Kind, instance: &Value, doc: &mut ConfigDocument) {
    for (name, v) in object_properties(instance) {
        if kind.shape == Shape::Child && name.eq_ignore_ascii_case("Name") {
            doc.properties.insert("Name".to_string(), value_to_prop(&v));
            continue;
        }
        if let Some(p) = kind
            .properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(&name))
        {
            doc.properties.insert(p.name.to_string(), value_to_prop(&v));
        }
    }
}

/// `New-` of an object builder: an object whose properties are the cmdlet's parameters, given
/// or at their defaults; nothing is stored.
fn build(it: &mut Interp, spec: &CmdletSpec, kind: &Kind, b: &Bound, out: &mut dyn Sink) -> Res {
    let mut o = crate::runtime::value::PsObject {
        type_names: vec![
            Rc::from(type_name(kind).as_str()),
            Rc::from("System.Object"),
        ],
        ..Default::default()
    };
    for p in spec.params {
        if matches!(p.name, "Force" | "InMemory" | "Tenant") {
            continue;
        }
        let value = match bound(b, p.name) {
            Some(v) if p.ty.is_multi_valued() => {
                crate::cmdlets::objects::prop_to_value(&list_value(None, v))
            }
            Some(v) => v.clone(),
            None => crate::cmdlets::objects::prop_to_value(&ops::type_default(p)),
        };
        o.add(p.name, value);
        if let Some(prop) = o.properties.values_mut().last() {
            prop.type_name = Some(Rc::from(dotnet_type(p).as_str()));
        }
    }
    out.push(it, Value::object(o))?;
    Ok(())
}

fn get(it: &mut Interp, kind: &Kind, b: &Bound, out: &mut dyn Sink) -> Res {
    if let Some(v) = bound(b, "Identity").filter(|v| !v.is_null()) {
        let text = identity_text(v);
        let id = ops::parse_identity(&it.deployment, kind, &text)?;
        if let Some(children) = ops::children_of_scope(&it.deployment, kind, &id) {
            for doc in children {
                out.push(it, object(kind, &doc))?;
            }
            return Ok(());
        }
        let doc = ops::find(&it.deployment, kind, &id).ok_or(GenericError::NotFound {
            kind: kind.name.to_string(),
            identity: id,
        })?;
        out.push(it, object(kind, &doc))?;
        return Ok(());
    }
    let filter = bound(b, "Filter")
        .filter(|v| !v.is_null())
        .map(convert::to_string);
    for doc in ops::list(&it.deployment, kind) {
        let shown = doc.identity.to_string();
        if filter.as_deref().is_none_or(|f| wildcard_match(f, &shown)) {
            out.push(it, object(kind, &doc))?;
        }
    }
    Ok(())
}

fn set(it: &mut Interp, spec: &CmdletSpec, kind: &Kind, b: &Bound) -> Res {
    let instance = bound(b, "Instance").filter(|v| !v.is_null());
    let text = match (bound(b, "Identity").filter(|v| !v.is_null()), instance) {
        (Some(v), _) | (None, Some(v)) => identity_text(v),
        (None, None) => "Global".to_string(),
    };
    let id = ops::parse_identity(&it.deployment, kind, &text)?;
    ops::check_scope(kind, &id)?;
    let mut doc = match (ops::find(&it.deployment, kind, &id), instance) {
        (Some(d), _) => d,
        // An object made with New-… -InMemory is committed by Set-… -Instance.
        (None, Some(_)) => ops::defaults(kind, id.clone()),
        (None, None) => {
            return Err(GenericError::NotFound {
                kind: kind.name.to_string(),
                identity: id,
            }
            .into());
        }
    };
    if let Some(obj) = instance {
        apply_instance(kind, obj, &mut doc);
    }
    apply_parameters(kind, b, &mut doc);
    if !should_process(it, b, spec.name, &id.to_string())? {
        return Ok(());
    }
    ops::write(&mut it.deployment, kind, doc)?;
    Ok(())
}

/// The identity `New-` creates: `-Identity`, or `-Parent` and `-Name` for child documents.
fn new_identity_text(kind: &Kind, b: &Bound) -> String {
    if let Some(v) = bound(b, "Identity").filter(|v| !v.is_null()) {
        return identity_text(v);
    }
    let part = |n: &str| {
        bound(b, n)
            .filter(|v| !v.is_null())
            .map(convert::to_string)
            .unwrap_or_default()
    };
    match kind.shape {
        Shape::Child => format!("{}/{}", part("Parent"), part("Name")),
        _ => part("Name"),
    }
}

fn new(it: &mut Interp, spec: &CmdletSpec, kind: &Kind, b: &Bound, out: &mut dyn Sink) -> Res {
    let text = new_identity_text(kind, b);
    let id = ops::parse_identity(&it.deployment, kind, &text)?;
    ops::check_scope(kind, &id)?;
    let mut doc = ops::defaults(kind, id.clone());
    apply_parameters(kind, b, &mut doc);
    if switch(b, "InMemory") {
        out.push(it, object(kind, &doc))?;
        return Ok(());
    }
    if ops::find(&it.deployment, kind, &id).is_some() {
        return Err(GenericError::Exists {
            kind: kind.name.to_string(),
            identity: id,
        }
        .into());
    }
    if !should_process(it, b, spec.name, &id.to_string())? {
        return Ok(());
    }
    ops::create(&mut it.deployment, kind, doc)?;
    if let Some(stored) = ops::find(&it.deployment, kind, &id) {
        out.push(it, object(kind, &stored))?;
    }
    Ok(())
}

/// Asks the in-use question of a tag policy still assigned to users (federation-model.md
/// §5.2); true to go on removing it.
fn confirm_in_use(it: &mut Interp, name: &str) -> bool {
    let (caption, message, choices) = assigned_policy_prompt(name);
    it.write_host_text(&format!("{caption}\n\n{message}\n\n"));
    let answer = match it.host.read_line(choices) {
        Some(a) => a,
        None => {
            let a = if it.confirm_default { "Y" } else { "N" };
            it.write_host_text(&format!("{choices}{a}\n"));
            a.to_string()
        }
    };
    matches!(answer.trim().to_ascii_uppercase().as_str(), "" | "Y")
}

fn remove(it: &mut Interp, spec: &CmdletSpec, kind: &Kind, b: &Bound) -> Res {
    let text = match bound(b, "Identity").or_else(|| bound(b, "Instance")) {
        Some(v) if !v.is_null() => identity_text(v),
        _ => "Global".to_string(),
    };
    let id = ops::parse_identity(&it.deployment, kind, &text)?;
    if let Some(children) = ops::children_of_scope(&it.deployment, kind, &id) {
        // `Remove-CsOutboundCallingNumberTranslationRule -Identity site:Redmond`: every rule
        // of that scope.
        if children.is_empty() {
            return Err(GenericError::NotFound {
                kind: kind.name.to_string(),
                identity: id,
            }
            .into());
        }
        for doc in children {
            if should_process(it, b, spec.name, &doc.identity.to_string())? {
                ops::remove(&mut it.deployment, kind, &doc.identity)?;
            }
        }
        return Ok(());
    }
    if ops::find(&it.deployment, kind, &id).is_none() {
        return Err(GenericError::NotFound {
            kind: kind.name.to_string(),
            identity: id,
        }
        .into());
    }
    if !should_process(it, b, spec.name, &id.to_string())? {
        return Ok(());
    }
    if let Identity::Tag(name) = &id
        && kind.is_policy
        && !switch(b, "Force")
        && ops::assigned_users(&it.deployment, kind, name) > 0
        && !confirm_in_use(it, name)
    {
        return Ok(());
    }
    if ops::remove(&mut it.deployment, kind, &id)? == Removal::Reset {
        it.write_warning(&global_reset_warning(kind.name));
    }
    Ok(())
}

fn grant(it: &mut Interp, spec: &CmdletSpec, kind: &Kind, b: &Bound, out: &mut dyn Sink) -> Res {
    let who = bound(b, "Identity")
        .filter(|v| !v.is_null())
        .map(identity_text)
        .unwrap_or_default();
    let policy = bound(b, "PolicyName")
        .filter(|v| !v.is_null())
        .map(convert::to_string);
    let tag = ops::grantable(&it.deployment, kind, policy.as_deref())?;
    let position = ops::resolve_user(&it.deployment, &who)?;
    let target = it
        .deployment
        .users
        .get(position)
        .map(|u| u.identity.clone())
        .unwrap_or(who);
    if !should_process(it, b, spec.name, &target)? {
        return Ok(());
    }
    // The position came from resolve_user on this same deployment a moment ago.
    let _ = it
        .deployment
        .users
        .set_policy(position, kind.name, tag.as_deref());
    // `-PassThru` writes the user as Get-CsUser shows it, with the new assignment.
    if switch(b, "PassThru")
        && let Some(u) = it.deployment.users.get(position)
    {
        let shape = crate::cmdlets::users::cmdlets::UserShape::default();
        let obj = shape.object(&it.deployment, u);
        out.push(it, obj)?;
    }
    Ok(())
}
