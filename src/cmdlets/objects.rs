//! Model ↔ runtime: how deployment data becomes the objects Lync cmdlets write, and how bound
//! argument values become stored property values. Every family uses these, so objects look
//! alike everywhere (Identity first, properties in the model's display order).

use std::rc::Rc;

use indexmap::IndexMap;

use crate::model::cms::ConfigDocument;
use crate::model::value::{PropValue, Properties};
use crate::runtime::convert;
use crate::runtime::value::{PsObject, Value};

/// A stored value as a runtime value.
pub fn prop_to_value(p: &PropValue) -> Value {
    match p {
        PropValue::Null => Value::Null,
        PropValue::Bool(b) => Value::Bool(*b),
        PropValue::Int(i) => match i32::try_from(*i) {
            Ok(n) => Value::Int(n),
            Err(_) => Value::Long(*i),
        },
        PropValue::Str(s) => Value::str(s),
        PropValue::List(items) => Value::array(items.iter().map(prop_to_value).collect()),
        PropValue::Record(props) => {
            record_object("System.Management.Automation.PSCustomObject", props)
        }
    }
}

/// A runtime value (already bound and converted) as a stored value: enums by name, switches
/// as booleans, collections as lists, objects and hashtables as records.
pub fn value_to_prop(v: &Value) -> PropValue {
    match v {
        Value::Null => PropValue::Null,
        Value::Bool(b) | Value::Switch(b) => PropValue::Bool(*b),
        Value::Int(i) => PropValue::Int(i64::from(*i)),
        Value::Long(i) => PropValue::Int(*i),
        Value::String(s) => PropValue::Str(s.to_string()),
        Value::Array(a) => PropValue::List(a.borrow().iter().map(value_to_prop).collect()),
        Value::List(l) => PropValue::List(l.borrow().items.iter().map(value_to_prop).collect()),
        Value::Enum(e) => PropValue::Str(e.name.to_string()),
        Value::Hashtable(h) => {
            let mut props = Properties::new();
            for (k, val) in h.borrow().entries.values() {
                props.insert(convert::to_string(k), value_to_prop(val));
            }
            PropValue::Record(props)
        }
        Value::Object(o) => {
            let o = o.borrow();
            let mut props = Properties::new();
            for p in o.properties.values() {
                props.insert(p.name.to_string(), value_to_prop(&p.value));
            }
            PropValue::Record(props)
        }
        other => match convert::to_number(other) {
            Ok(Value::Int(i)) if !matches!(other, Value::String(_)) => PropValue::Int(i64::from(i)),
            Ok(Value::Long(i)) if !matches!(other, Value::String(_)) => PropValue::Int(i),
            _ => PropValue::Str(convert::to_string(other)),
        },
    }
}

/// An object of `type_name` with the given properties in order.
pub fn record_object(type_name: &str, props: &Properties) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        ..PsObject::default()
    };
    for (k, v) in props {
        o.add(k, prop_to_value(v));
    }
    Value::object(o)
}

/// The object a Get- cmdlet writes for a configuration document: `Identity` first (as Lync
/// echoes it), then the document's properties in display order; `hidden` properties are kept
/// in the store but not shown.
pub fn document_object(type_name: &str, doc: &ConfigDocument, hidden: &[&str]) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        to_string: Some(Rc::from(doc.identity.to_string())),
        ..PsObject::default()
    };
    o.add("Identity", Value::str(&doc.identity.to_string()));
    for (k, v) in &doc.properties {
        if hidden.iter().any(|h| h.eq_ignore_ascii_case(k)) {
            continue;
        }
        o.add(k, prop_to_value(v));
    }
    Value::object(o)
}

/// The properties of an object written by a Get- cmdlet (or built with `-InMemory`), for
/// `Set-… -Instance`: every property except Identity, by name.
pub fn object_properties(v: &Value) -> IndexMap<String, Value> {
    let mut out = IndexMap::new();
    if let Value::Object(o) = v {
        for p in o.borrow().properties.values() {
            if !p.name.eq_ignore_ascii_case("Identity") {
                out.insert(p.name.to_string(), p.value.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identity::Identity;

    #[test]
    fn documents_become_objects_with_identity_first() {
        let mut props = Properties::new();
        props.insert("Enabled".into(), PropValue::Bool(true));
        props.insert("ProxyFqdn".into(), PropValue::str("sipfed.online.lync.com"));
        props.insert("SipClientPort".into(), PropValue::Int(5061));
        let doc = ConfigDocument::new(Identity::Plain("LyncOnline".into()), props);
        let v = document_object(
            "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.HostingProvider",
            &doc,
            &["SipClientPort"],
        );
        let Value::Object(o) = v else {
            panic!("object expected")
        };
        let names: Vec<String> = o
            .borrow()
            .properties
            .values()
            .map(|p| p.name.to_string())
            .collect();
        assert_eq!(names, ["Identity", "Enabled", "ProxyFqdn"]);
    }

    #[test]
    fn values_round_trip_through_the_store() {
        let v = Value::array(vec![Value::str("a"), Value::Int(2), Value::Bool(true)]);
        let p = value_to_prop(&v);
        assert_eq!(
            p,
            PropValue::List(vec![
                PropValue::str("a"),
                PropValue::Int(2),
                PropValue::Bool(true)
            ])
        );
        let back = prop_to_value(&p);
        assert_eq!(convert::to_string(&back), "a 2 True");
    }
}
