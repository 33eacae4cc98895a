//! The value builders of the tenant's federation lists: New-CsEdgeDomainPattern,
//! New-CsEdgeAllowList and New-CsEdgeAllowAllKnownDomains (Lync Online 2013; the Lync Server
//! 2013 help lists them as "can only be used with Lync Online"). They only build objects, so
//! they work both through an imported online session and locally; what they build is what
//! `Set-CsTenantFederationConfiguration -AllowedDomains/-BlockedDomains` takes, and
//! Get-CsTenantFederationConfiguration shows the stored lists with the same objects.
//!
//! Display texts (decision written in docs/federation.md, no capture found): a domain
//! pattern prints as `Domain=<name>` (XDS's `Key=Value` form), an allow list as its patterns
//! joined with `, `, the allow-all choice as `AllowAllKnownDomains`.

use std::rc::Rc;

use super::errors::OnlineError;
use crate::model::value::{PropValue, Properties};
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::value::{PsObject, Value};

type R<T> = Result<T, Flow>;

pub const DOMAIN_PATTERN_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.DomainPattern";
pub const ALLOW_LIST_TYPE: &str = "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.AllowList";
pub const ALLOW_ALL_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.AllowAllKnownDomains";
/// The interface both allowed-domains choices implement (the type of `-AllowedDomains`).
pub const ALLOWED_CHOICE_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.IAllowedDomainsChoice";

/// The stored form of the allow-all choice in the tenant document.
pub const ALLOW_ALL: &str = "AllowAllKnownDomains";

fn object(type_name: &str, to_string: String) -> PsObject {
    PsObject {
        type_names: vec![
            Rc::from(type_name),
            Rc::from(ALLOWED_CHOICE_TYPE),
            Rc::from("System.Object"),
        ],
        to_string: Some(Rc::from(to_string)),
        ..PsObject::default()
    }
}

/// A `DomainPattern` object for `domain`.
pub fn domain_pattern(domain: &str) -> Value {
    let mut o = object(DOMAIN_PATTERN_TYPE, format!("Domain={domain}"));
    o.type_names.remove(1);
    o.add("Domain", Value::str(domain));
    Value::object(o)
}

/// An `AllowList` object holding `domains`.
pub fn allow_list(domains: &[String]) -> Value {
    let text = domains
        .iter()
        .map(|d| format!("Domain={d}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut o = object(ALLOW_LIST_TYPE, text);
    o.add(
        "AllowedDomain",
        Value::array(domains.iter().map(|d| domain_pattern(d)).collect()),
    );
    Value::object(o)
}

/// The `AllowAllKnownDomains` choice (it has no properties).
pub fn allow_all() -> Value {
    Value::object(object(ALLOW_ALL_TYPE, ALLOW_ALL.to_string()))
}

/// The tenant document's stored `AllowedDomains` as the object Lync Online shows.
pub fn allowed_domains_object(stored: &PropValue) -> Value {
    match stored {
        PropValue::Record(r) => {
            let domains = match r.get("AllowedDomain") {
                Some(PropValue::List(l)) => l.iter().map(prop_text).collect(),
                _ => Vec::new(),
            };
            allow_list(&domains)
        }
        _ => allow_all(),
    }
}

/// The tenant document's stored `BlockedDomains` as the list of patterns Lync Online shows.
pub fn blocked_domains_value(stored: Option<&PropValue>) -> Value {
    let items = match stored {
        Some(PropValue::List(l)) => l.iter().map(|p| domain_pattern(&prop_text(p))).collect(),
        _ => Vec::new(),
    };
    Value::array(items)
}

fn prop_text(p: &PropValue) -> String {
    match p {
        PropValue::Str(s) => s.clone(),
        PropValue::Record(r) => r.get("Domain").map(prop_text).unwrap_or_default(),
        _ => String::new(),
    }
}

/// The first type name of an object value.
fn type_of(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.borrow().type_names.first().map(|t| t.to_string()),
        _ => None,
    }
}

/// The domain of a `DomainPattern` object; anything else is refused with PowerShell's
/// conversion wording (the Lync Online 2013 help: string values cannot be passed, a domain
/// object must be created with New-CsEdgeDomainPattern).
pub fn pattern_domain(v: &Value) -> Result<String, String> {
    if type_of(v).as_deref() == Some(DOMAIN_PATTERN_TYPE)
        && let Value::Object(o) = v
        && let Some(p) = o
            .borrow()
            .properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case("Domain"))
    {
        return Ok(convert::to_string(&p.value));
    }
    Err(cannot_convert(v, DOMAIN_PATTERN_TYPE))
}

/// PowerShell's PSInvalidCastException text for a value of the wrong type.
pub fn cannot_convert(v: &Value, to: &str) -> String {
    format!(
        "Cannot convert the \"{}\" value of type \"{}\" to type \"{to}\".",
        convert::to_string(v),
        type_of(v).unwrap_or_else(|| convert::type_name(v))
    )
}

/// The domains of a list of patterns (one value, an array, or `$null` for none).
pub fn pattern_domains(v: &Value) -> Result<Vec<String>, String> {
    crate::runtime::interp::enumerate_for_loop(v)
        .iter()
        .filter(|x| !x.is_null())
        .map(pattern_domain)
        .collect()
}

/// `-AllowedDomains`: the objects of New-CsEdgeAllowAllKnownDomains or New-CsEdgeAllowList
/// become the stored form; `$null` is an empty allow list (federate with nobody), as
/// `New-CsEdgeAllowList -AllowedDomain $null` is. Plain strings are refused.
pub fn allowed_domains_choice(v: &Value) -> Result<PropValue, String> {
    let allow_list_of = |domains: Vec<String>| {
        let mut rec = Properties::new();
        rec.insert(
            "AllowedDomain".into(),
            PropValue::List(domains.into_iter().map(PropValue::Str).collect()),
        );
        PropValue::Record(rec)
    };
    match type_of(v).as_deref() {
        _ if v.is_null() => Ok(allow_list_of(Vec::new())),
        Some(ALLOW_ALL_TYPE) => Ok(PropValue::str(ALLOW_ALL)),
        Some(ALLOW_LIST_TYPE) => {
            let inner = match v {
                Value::Object(o) => o
                    .borrow()
                    .properties
                    .values()
                    .find(|p| p.name.eq_ignore_ascii_case("AllowedDomain"))
                    .map(|p| p.value.clone())
                    .unwrap_or(Value::Null),
                _ => Value::Null,
            };
            pattern_domains(&inner).map(allow_list_of)
        }
        _ => Err(cannot_convert(v, ALLOWED_CHOICE_TYPE)),
    }
}

fn bad_value(it: &Interp, parameter: &str, reason: String, host: Option<&str>) -> Flow {
    Flow::Error {
        record: Box::new(
            OnlineError::BadValue {
                parameter: parameter.into(),
                reason,
            }
            .record(it, host),
        ),
        script: false,
    }
}

/// `New-CsEdgeDomainPattern -Domain <String>`.
#[derive(Default)]
pub struct NewEdgeDomainPattern {
    pub remote: Option<String>,
}

impl CmdletBody for NewEdgeDomainPattern {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let domain = b
            .values
            .get("Domain")
            .map(convert::to_string)
            .unwrap_or_default();
        let domain = domain.trim();
        // The help: a fully qualified domain name, no wildcards. Text ours.
        let valid = !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(bad_value(
                it,
                "Domain",
                format!(
                    "\"{domain}\" is not a valid domain name. Specify a fully qualified domain name such as fabrikam.com, without wildcards."
                ),
                self.remote.as_deref(),
            ));
        }
        out.push(it, domain_pattern(domain))
    }
}

/// `New-CsEdgeAllowList [-AllowedDomain <DomainPattern[]>]`.
#[derive(Default)]
pub struct NewEdgeAllowList {
    pub remote: Option<String>,
}

impl CmdletBody for NewEdgeAllowList {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let v = b
            .values
            .get("AllowedDomain")
            .cloned()
            .unwrap_or(Value::Null);
        match pattern_domains(&v) {
            Ok(mut domains) => {
                let mut seen = std::collections::HashSet::new();
                domains.retain(|d| seen.insert(d.to_ascii_lowercase()));
                out.push(it, allow_list(&domains))
            }
            Err(reason) => Err(bad_value(
                it,
                "AllowedDomain",
                reason,
                self.remote.as_deref(),
            )),
        }
    }
}

/// `New-CsEdgeAllowAllKnownDomains`.
#[derive(Default)]
pub struct NewEdgeAllowAllKnownDomains {
    pub remote: Option<String>,
}

impl CmdletBody for NewEdgeAllowAllKnownDomains {
    fn process(
        &mut self,
        it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        out.push(it, allow_all())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_round_trip_through_the_stored_form() {
        let list = allow_list(&["contoso.com".into(), "fabrikam.com".into()]);
        let stored = allowed_domains_choice(&list).unwrap_or(PropValue::Null);
        let back = allowed_domains_object(&stored);
        assert_eq!(
            convert::to_string(&back),
            "Domain=contoso.com, Domain=fabrikam.com"
        );
        assert_eq!(
            allowed_domains_choice(&allow_all()),
            Ok(PropValue::str(ALLOW_ALL))
        );
        assert_eq!(
            convert::to_string(&allowed_domains_object(&PropValue::str(ALLOW_ALL))),
            "AllowAllKnownDomains"
        );
        let err = allowed_domains_choice(&Value::str("x.com")).unwrap_err();
        assert!(err.contains("IAllowedDomainsChoice"), "{err}");
        assert!(pattern_domain(&Value::str("x.com")).is_err());
        assert_eq!(
            pattern_domain(&domain_pattern("x.com")).as_deref(),
            Ok("x.com")
        );
    }
}
