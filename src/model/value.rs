//! Property values of configuration documents.
//!
//! [`PropValue`] is deliberately small: enough for every Lync `*Policy`/`*Configuration`
//! property (booleans, integers, strings, enum names, lists, nested records).
//! It is not the runtime's value type; the runtime converts it into its own values and knows,
//! from the cmdlet's spec, which strings are enum names or TimeSpans.
//! In JSON it is written naturally: `null`, `true`, `4`, `"text"`, `[…]`, `{…}`.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Ordered properties of a document or record (display order is insertion order).
pub type Properties = IndexMap<String, PropValue>;

/// One property value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PropValue {
    /// `$null`, also used for empty string properties that Lync shows as nothing.
    Null,
    Bool(bool),
    /// Integers (UInt32, UInt64 and Int32 properties all fit).
    Int(i64),
    /// Strings, enum names (`UseDnsSrvRouting`), TimeSpans (`00:30:00`), URIs.
    Str(String),
    List(Vec<PropValue>),
    /// A nested object, e.g. an allow list on a tenant.
    Record(Properties),
}

impl PropValue {
    pub fn str(s: &str) -> PropValue {
        PropValue::Str(s.to_string())
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PropValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            PropValue::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The string, or `None` for `Null` and non-strings.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PropValue::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[PropValue]> {
        match self {
            PropValue::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, PropValue::Null)
    }
}

impl From<bool> for PropValue {
    fn from(b: bool) -> PropValue {
        PropValue::Bool(b)
    }
}

impl From<i64> for PropValue {
    fn from(i: i64) -> PropValue {
        PropValue::Int(i)
    }
}

impl From<&str> for PropValue {
    fn from(s: &str) -> PropValue {
        PropValue::Str(s.to_string())
    }
}

impl From<String> for PropValue {
    fn from(s: String) -> PropValue {
        PropValue::Str(s)
    }
}

impl Serialize for PropValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PropValue::Null => s.serialize_unit(),
            PropValue::Bool(b) => s.serialize_bool(*b),
            PropValue::Int(i) => s.serialize_i64(*i),
            PropValue::Str(t) => s.serialize_str(t),
            PropValue::List(l) => l.serialize(s),
            PropValue::Record(r) => r.serialize(s),
        }
    }
}

struct PropValueVisitor;

impl<'de> Visitor<'de> for PropValueVisitor {
    type Value = PropValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property value (null, boolean, integer, string, list or object)")
    }

    fn visit_unit<E: de::Error>(self) -> Result<PropValue, E> {
        Ok(PropValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<PropValue, E> {
        Ok(PropValue::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<PropValue, E> {
        Ok(PropValue::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<PropValue, E> {
        Ok(PropValue::Int(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<PropValue, E> {
        i64::try_from(u)
            .map(PropValue::Int)
            .map_err(|_| E::custom(format!("integer {u} is too large for a property value")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<PropValue, E> {
        Err(E::invalid_type(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<PropValue, E> {
        Ok(PropValue::Str(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<PropValue, E> {
        Ok(PropValue::Str(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PropValue, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(PropValue::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropValue, A::Error> {
        let mut props = Properties::new();
        while let Some((k, v)) = map.next_entry::<String, PropValue>()? {
            props.insert(k, v);
        }
        Ok(PropValue::Record(props))
    }
}

impl<'de> Deserialize<'de> for PropValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PropValue, D::Error> {
        d.deserialize_any(PropValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_is_natural_and_round_trips() {
        let mut rec = Properties::new();
        rec.insert("Domain".into(), "contoso.com".into());
        let v = PropValue::List(vec![
            PropValue::Null,
            true.into(),
            4i64.into(),
            "UseDnsSrvRouting".into(),
            PropValue::Record(rec),
        ]);
        let text = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(
            text,
            r#"[null,true,4,"UseDnsSrvRouting",{"Domain":"contoso.com"}]"#
        );
        let back: Result<PropValue, _> = serde_json::from_str(&text);
        assert_eq!(back.ok(), Some(v));
    }

    #[test]
    fn floats_are_rejected() {
        let r: Result<PropValue, _> = serde_json::from_str("1.5");
        assert!(r.is_err());
    }
}
