//! Get-/Set-CsTenantFederationConfiguration (federation-model.md §1.7). They act on the
//! tenant only when run through an imported online session; run locally they fail and change
//! nothing (docs/model.md decision 14).

use super::edge;
use super::errors::OnlineError;
use crate::cmdlets::objects::document_object;
use crate::model::identity::Identity;
use crate::model::kinds;
use crate::model::value::PropValue;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::Value;

type R<T> = Result<T, Flow>;

pub const TENANT_FEDERATION_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.TenantFederationSettings";

fn fail(it: &Interp, e: OnlineError, host: Option<&str>) -> Flow {
    Flow::Error {
        record: Box::new(e.record(it, host)),
        script: false,
    }
}

fn not_reachable(it: &Interp, command: &str) -> Flow {
    fail(
        it,
        OnlineError::TenantNotReachable {
            command: command.into(),
        },
        None,
    )
}

/// Only `Global` exists (one per tenant, §2).
fn check_identity(it: &Interp, b: &Bound, host: &str) -> R<()> {
    if let Some(v) = b.values.get("Identity").filter(|v| !v.is_null()) {
        let t = convert::to_string(v);
        if !matches!(Identity::parse(&t), Ok(Identity::Global)) {
            return Err(fail(
                it,
                OnlineError::IdentityNotGlobal { identity: t },
                Some(host),
            ));
        }
    }
    if let Some(v) = b.values.get("Tenant").filter(|v| !v.is_null()) {
        let wanted = convert::to_string(v).to_ascii_lowercase();
        let ours = it
            .deployment
            .tenant
            .as_ref()
            .map(|t| t.tenant_id.to_string())
            .unwrap_or_default();
        if wanted != ours {
            return Err(fail(
                it,
                OnlineError::IdentityNotGlobal { identity: wanted },
                Some(host),
            ));
        }
    }
    Ok(())
}

#[derive(Default)]
pub struct GetTenantFederation {
    /// The session host when run through an imported session.
    pub remote: Option<String>,
}

impl CmdletBody for GetTenantFederation {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(host) = self.remote.clone() else {
            return Err(not_reachable(it, "Get-CsTenantFederationConfiguration"));
        };
        // -LocalStore: the tenant's settings do not replicate to on-premises servers, and the
        // online service's own replica is not modelled apart from its store, so the local
        // store holds the same document.
        check_identity(it, b, &host)?;
        let filter = b
            .values
            .get("Filter")
            .filter(|v| !v.is_null())
            .map(convert::to_string);
        let doc = it.deployment.tenant.as_ref().and_then(|t| {
            t.configuration
                .get(kinds::TENANT_FEDERATION_CONFIGURATION, &Identity::Global)
                .cloned()
        });
        let Some(doc) = doc else {
            return Err(fail(it, OnlineError::NoTenant, Some(&host)));
        };
        if let Some(f) = filter
            && !crate::cmdlets::wildcard_match(&f, "Global")
        {
            return Ok(());
        }
        let obj = document_object(TENANT_FEDERATION_TYPE, &doc, &[]);
        if let Value::Object(o) = &obj {
            let mut o = o.borrow_mut();
            if let Some(stored) = doc.get("AllowedDomains") {
                o.add("AllowedDomains", edge::allowed_domains_object(stored));
            }
            o.add(
                "BlockedDomains",
                edge::blocked_domains_value(doc.get("BlockedDomains")),
            );
        }
        out.push(it, obj)
    }
}

#[derive(Default)]
pub struct SetTenantFederation {
    pub remote: Option<String>,
}

/// Applies a PSListModifier (`@{Add=…}`, `@{Remove=…}`, `@{Replace=…}`), a plain list of
/// domain patterns, or `$null` (clear) to a list of domains. Items must be the objects of
/// New-CsEdgeDomainPattern.
fn modify_list(current: &[String], v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Hashtable(h) => {
            let h = h.borrow();
            let mut out = current.to_vec();
            let mut replaced = None;
            for (k, val) in h.entries.values() {
                match convert::to_string(k).to_ascii_lowercase().as_str() {
                    "replace" => replaced = Some(edge::pattern_domains(val)?),
                    "add" => {
                        for d in edge::pattern_domains(val)? {
                            if !out.iter().any(|x| x.eq_ignore_ascii_case(&d)) {
                                out.push(d);
                            }
                        }
                    }
                    "remove" => {
                        let gone = edge::pattern_domains(val)?;
                        out.retain(|x| !gone.iter().any(|g| g.eq_ignore_ascii_case(x)));
                    }
                    other => {
                        // PSListModifier's constructor accepts only these three keys.
                        return Err(format!(
                            "Cannot convert the \"{other}\" key: a list modifier takes only Add, Remove and Replace."
                        ));
                    }
                }
            }
            Ok(replaced.unwrap_or(out))
        }
        other => {
            let mut out: Vec<String> = Vec::new();
            for d in edge::pattern_domains(other)? {
                if !out.iter().any(|x| x.eq_ignore_ascii_case(&d)) {
                    out.push(d);
                }
            }
            Ok(out)
        }
    }
}

impl CmdletBody for SetTenantFederation {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(host) = self.remote.clone() else {
            return Err(not_reachable(it, "Set-CsTenantFederationConfiguration"));
        };
        check_identity(it, b, &host)?;
        let Some(tenant) = it.deployment.tenant.as_ref() else {
            return Err(fail(it, OnlineError::NoTenant, Some(&host)));
        };
        let Some(mut doc) = tenant
            .configuration
            .get(kinds::TENANT_FEDERATION_CONFIGURATION, &Identity::Global)
            .cloned()
        else {
            return Err(fail(it, OnlineError::NoTenant, Some(&host)));
        };
        // -Instance first, then the explicit parameters on top of it.
        // The lists come back as the objects Get- wrote and are stored in their own forms.
        if let Some(inst) = b.values.get("Instance").filter(|v| !v.is_null()) {
            for (k, v) in crate::cmdlets::objects::object_properties(inst) {
                if !doc.properties.contains_key(&k) {
                    continue;
                }
                let stored = match k.as_str() {
                    "AllowedDomains" => edge::allowed_domains_choice(&v),
                    "BlockedDomains" => edge::pattern_domains(&v)
                        .map(|l| PropValue::List(l.into_iter().map(PropValue::Str).collect())),
                    _ => Ok(crate::cmdlets::objects::value_to_prop(&v)),
                };
                match stored {
                    Ok(p) => {
                        doc.properties.insert(k, p);
                    }
                    Err(reason) => {
                        return Err(fail(
                            it,
                            OnlineError::BadValue {
                                parameter: "Instance".into(),
                                reason,
                            },
                            Some(&host),
                        ));
                    }
                }
            }
        }
        for p in [
            "AllowFederatedUsers",
            "AllowPublicUsers",
            "SharedSipAddressSpace",
        ] {
            if let Some(v) = b.values.get(p) {
                doc.properties
                    .insert(p.into(), PropValue::Bool(convert::is_true(v)));
            }
        }
        if let Some(v) = b.values.get("BlockedDomains") {
            let current: Vec<String> = match doc.get("BlockedDomains") {
                Some(PropValue::List(l)) => l
                    .iter()
                    .map(|p| match p {
                        PropValue::Str(s) => s.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let new = match modify_list(&current, v) {
                Ok(n) => n,
                Err(reason) => {
                    return Err(fail(
                        it,
                        OnlineError::BadValue {
                            parameter: "BlockedDomains".into(),
                            reason,
                        },
                        Some(&host),
                    ));
                }
            };
            doc.properties.insert(
                "BlockedDomains".into(),
                PropValue::List(new.into_iter().map(PropValue::Str).collect()),
            );
        }
        if let Some(v) = b.values.get("AllowedDomains") {
            match edge::allowed_domains_choice(v) {
                Ok(p) => {
                    doc.properties.insert("AllowedDomains".into(), p);
                }
                Err(reason) => {
                    return Err(fail(
                        it,
                        OnlineError::BadValue {
                            parameter: "AllowedDomains".into(),
                            reason,
                        },
                        Some(&host),
                    ));
                }
            }
        }
        if !should_process(it, b, "Set-CsTenantFederationConfiguration", "Global")? {
            return Ok(());
        }
        if let Some(t) = it.deployment.tenant.as_mut() {
            let r = t
                .configuration
                .replace(kinds::TENANT_FEDERATION_CONFIGURATION, doc);
            if r.is_err() {
                return Err(fail(it, OnlineError::NoTenant, Some(&host)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_modifiers() {
        let cur = vec!["a.com".to_string(), "b.com".to_string()];
        let mut h = crate::runtime::value::Hashtable::default();
        h.insert(Value::str("Add"), edge::domain_pattern("c.com"));
        h.insert(Value::str("Remove"), edge::domain_pattern("A.com"));
        let v = Value::Hashtable(std::rc::Rc::new(std::cell::RefCell::new(h)));
        assert_eq!(
            modify_list(&cur, &v),
            Ok(vec!["b.com".into(), "c.com".into()])
        );
        assert_eq!(modify_list(&cur, &Value::Null), Ok(Vec::new()));
        assert!(modify_list(&cur, &Value::str("x.com")).is_err());
    }
}
