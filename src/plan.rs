//! Dry-run plans: what a script would change in a deployment, like `terraform plan`.
//!
//! [`diff`] compares two deployments object by object (configuration documents, users,
//! topology, the tenant, DNS records) through their serialized form, so every part of the
//! model is covered without per-type code; [`Plan`] adds the steps that would fail and renders
//! as text or JSON.

use serde::Serialize;
use serde_json::Value as J;

use crate::model::Deployment;

/// What happens to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Destroy,
}

impl Action {
    fn symbol(self) -> char {
        match self {
            Action::Create => '+',
            Action::Update => '~',
            Action::Destroy => '-',
        }
    }
}

/// One property's old and new value (`None` when absent on that side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropertyChange {
    pub name: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One object that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub action: Action,
    /// The kind of object: `HostingProvider`, `User`, `TenantFederationConfiguration`, …
    pub object_type: String,
    pub identity: String,
    pub properties: Vec<PropertyChange>,
}

/// A step of the script that would fail, as its error record prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub message: String,
    pub error_id: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The whole record as the shell prints it.
    pub record: String,
}

/// The result of a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub failures: Vec<Failure>,
}

impl Plan {
    pub fn count(&self, a: Action) -> usize {
        self.changes.iter().filter(|c| c.action == a).count()
    }

    /// 0 = no changes, 2 = changes, 1 = the script would fail.
    pub fn exit_code(&self) -> i32 {
        if !self.failures.is_empty() {
            1
        } else if self.changes.is_empty() {
            0
        } else {
            2
        }
    }

    /// The plan as `lyncshell plan` prints it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("No changes. The deployment matches what the script leaves behind.\n");
        } else {
            out.push_str("Object actions are indicated with the following symbols:\n");
            out.push_str("  + create\n  ~ update in-place\n  - destroy\n\n");
            out.push_str("lyncshell would perform the following actions:\n");
            for c in &self.changes {
                let verb = match c.action {
                    Action::Create => "created",
                    Action::Update => "updated in-place",
                    Action::Destroy => "destroyed",
                };
                out.push_str(&format!(
                    "\n  # {} \"{}\" will be {}\n  {} {} \"{}\" {{\n",
                    c.object_type,
                    c.identity,
                    verb,
                    c.action.symbol(),
                    c.object_type,
                    c.identity
                ));
                let width = c.properties.iter().map(|p| p.name.len()).max().unwrap_or(0);
                for p in &c.properties {
                    let line = match (&p.old, &p.new) {
                        (None, Some(n)) => format!("+ {:<width$} = {}", p.name, n),
                        (Some(o), None) => format!("- {:<width$} = {}", p.name, o),
                        (Some(o), Some(n)) => format!("~ {:<width$} = {} -> {}", p.name, o, n),
                        (None, None) => continue,
                    };
                    out.push_str(&format!("      {}\n", line));
                }
                out.push_str("    }\n");
            }
            out.push('\n');
        }
        if !self.failures.is_empty() {
            out.push_str(&format!(
                "{} step{} would fail:\n\n",
                self.failures.len(),
                if self.failures.len() == 1 { "" } else { "s" }
            ));
            for f in &self.failures {
                out.push_str(&f.record);
            }
        }
        out.push_str(&format!(
            "Plan: {} to add, {} to change, {} to destroy.\n",
            self.count(Action::Create),
            self.count(Action::Update),
            self.count(Action::Destroy)
        ));
        out
    }

    pub fn to_json(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or(J::Null);
        if let J::Object(m) = &mut v {
            m.insert(
                "summary".into(),
                serde_json::json!({
                    "add": self.count(Action::Create),
                    "change": self.count(Action::Update),
                    "destroy": self.count(Action::Destroy),
                    "fail": self.failures.len(),
                }),
            );
        }
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// The changes that turn `before` into `after`.
pub fn diff(before: &Deployment, after: &Deployment) -> Vec<Change> {
    let (Ok(b), Ok(a)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Configuration documents, by kind and identity.
    diff_documents(
        b.pointer("/cms/documents"),
        a.pointer("/cms/documents"),
        "",
        &mut out,
    );
    // Objects outside the CMS (Response Group, contacts, Persistent Chat, LIS), the same way.
    diff_documents(b.pointer("/entities"), a.pointer("/entities"), "", &mut out);
    diff_documents(
        b.pointer("/tenant/configuration"),
        a.pointer("/tenant/configuration"),
        "Tenant ",
        &mut out,
    );
    diff_list(
        b.pointer("/users"),
        a.pointer("/users"),
        "User",
        &["Identity", "SipAddress"],
        &mut out,
    );
    for (section, label) in [
        ("sites", "Site"),
        ("pools", "Pool"),
        ("services", "Service"),
        ("computers", "Computer"),
        ("sip_domains", "SipDomain"),
    ] {
        diff_list(
            b.pointer(&format!("/topology/{section}")),
            a.pointer(&format!("/topology/{section}")),
            label,
            &["Identity", "identity", "Fqdn", "fqdn", "Name", "name"],
            &mut out,
        );
    }
    // The infrastructure around the topology (`model::infra`), keyed where items have one.
    for (section, label, keys) in [
        ("stopped_services", "StoppedWindowsService", &[][..]),
        ("disabled_computers", "DisabledComputer", &[]),
        ("trunks", "Trunk", &["Gateway"]),
        ("trusted_applications", "TrustedApplication", &[]),
        ("endpoints", "ApplicationEndpoint", &["Identity"]),
        ("certificates", "Certificate", &["Thumbprint"]),
        ("certificate_requests", "CertificateRequest", &[]),
        ("conference_directories", "ConferenceDirectory", &[]),
        ("device_update_rules", "DeviceUpdateRule", &["Id"]),
        ("offline_user_databases", "OfflineUserDatabase", &[]),
        ("failed_over_pools", "FailedOverPool", &[]),
        ("databases", "Database", &[]),
        ("kerberos_accounts", "KerberosAccount", &["UserAccount"]),
    ] {
        diff_list(
            b.pointer(&format!("/topology/infra/{section}")),
            a.pointer(&format!("/topology/infra/{section}")),
            label,
            keys,
            &mut out,
        );
    }
    diff_list(
        b.pointer("/tenant/domains"),
        a.pointer("/tenant/domains"),
        "TenantDomain",
        &["Name"],
        &mut out,
    );
    diff_list(
        b.pointer("/dns/records"),
        a.pointer("/dns/records"),
        "DnsRecord",
        &[],
        &mut out,
    );
    out
}

fn diff_documents(b: Option<&J>, a: Option<&J>, prefix: &str, out: &mut Vec<Change>) {
    let empty = serde_json::Map::new();
    let bm = b.and_then(J::as_object).unwrap_or(&empty);
    let am = a.and_then(J::as_object).unwrap_or(&empty);
    let mut kinds: Vec<&String> = bm.keys().chain(am.keys()).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let label = format!("{prefix}{kind}");
        let strip = |v: Option<&J>| -> Vec<J> {
            v.and_then(J::as_array)
                .map(|docs| {
                    docs.iter()
                        .map(|d| {
                            let mut flat = serde_json::Map::new();
                            if let Some(id) = d.get("identity") {
                                flat.insert("identity".into(), id.clone());
                            }
                            if let Some(J::Object(p)) = d.get("properties") {
                                for (k, v) in p {
                                    flat.insert(k.clone(), v.clone());
                                }
                            }
                            J::Object(flat)
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let bd = J::Array(strip(bm.get(kind)));
        let ad = J::Array(strip(am.get(kind)));
        diff_list(Some(&bd), Some(&ad), &label, &["identity"], out);
    }
}

/// Compares two arrays of objects keyed by the first present key field (case-insensitively);
/// with no key fields, whole values are compared (adds and removes only).
fn diff_list(b: Option<&J>, a: Option<&J>, label: &str, keys: &[&str], out: &mut Vec<Change>) {
    let none = Vec::new();
    let bl = b.and_then(J::as_array).unwrap_or(&none);
    let al = a.and_then(J::as_array).unwrap_or(&none);
    let key_of = |v: &J| -> String {
        for k in keys {
            if let Some(J::String(s)) = v.get(*k) {
                return s.to_ascii_lowercase();
            }
        }
        v.to_string()
    };
    let display_key = |v: &J| -> String {
        for k in keys {
            if let Some(J::String(s)) = v.get(*k) {
                return s.clone();
            }
        }
        match v {
            J::Object(m) => m.values().map(show).collect::<Vec<_>>().join(" "),
            other => show(other),
        }
    };
    for old in bl {
        let k = key_of(old);
        match al.iter().find(|n| key_of(n) == k) {
            None => out.push(Change {
                action: Action::Destroy,
                object_type: label.to_string(),
                identity: display_key(old),
                properties: props(old, keys)
                    .into_iter()
                    .map(|(n, v)| PropertyChange {
                        name: n,
                        old: Some(v),
                        new: None,
                    })
                    .collect(),
            }),
            Some(new) if new != old => {
                let before = props(old, keys);
                let after = props(new, keys);
                let mut changes = Vec::new();
                for (n, v) in &after {
                    match before.iter().find(|(bn, _)| bn == n) {
                        Some((_, bv)) if bv == v => {}
                        Some((_, bv)) => changes.push(PropertyChange {
                            name: n.clone(),
                            old: Some(bv.clone()),
                            new: Some(v.clone()),
                        }),
                        None => changes.push(PropertyChange {
                            name: n.clone(),
                            old: None,
                            new: Some(v.clone()),
                        }),
                    }
                }
                for (n, v) in &before {
                    if !after.iter().any(|(an, _)| an == n) {
                        changes.push(PropertyChange {
                            name: n.clone(),
                            old: Some(v.clone()),
                            new: None,
                        });
                    }
                }
                if !changes.is_empty() {
                    out.push(Change {
                        action: Action::Update,
                        object_type: label.to_string(),
                        identity: display_key(new),
                        properties: changes,
                    });
                }
            }
            Some(_) => {}
        }
    }
    for new in al {
        let k = key_of(new);
        if !bl.iter().any(|o| key_of(o) == k) {
            out.push(Change {
                action: Action::Create,
                object_type: label.to_string(),
                identity: display_key(new),
                properties: props(new, keys)
                    .into_iter()
                    .map(|(n, v)| PropertyChange {
                        name: n,
                        old: None,
                        new: Some(v),
                    })
                    .collect(),
            });
        }
    }
}

/// The displayable properties of an object (its key fields and bookkeeping left out); a
/// nested object contributes its own properties as `Outer.Inner` (a user's
/// `Policies.ExternalAccessPolicy`), so a change inside it shows as one property.
fn props(v: &J, keys: &[&str]) -> Vec<(String, String)> {
    fn flatten(prefix: &str, m: &serde_json::Map<String, J>, out: &mut Vec<(String, String)>) {
        for (k, v) in m {
            let name = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                J::Object(inner) if !inner.is_empty() => flatten(&name, inner, out),
                other => out.push((name, show(other))),
            }
        }
    }
    match v {
        J::Object(m) => {
            let mut top = m.clone();
            top.retain(|k, _| !keys.contains(&k.as_str()) && k.as_str() != "version");
            let mut out = Vec::new();
            flatten("", &top, &mut out);
            out
        }
        other => vec![("Value".into(), show(other))],
    }
}

/// A value as the plan shows it: strings quoted, booleans as PowerShell prints them.
fn show(v: &J) -> String {
    match v {
        J::Null => "$null".into(),
        J::Bool(true) => "True".into(),
        J::Bool(false) => "False".into(),
        J::String(s) => format!("\"{}\"", s),
        J::Array(items) => format!(
            "{{{}}}",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{federation, kinds};

    #[test]
    fn no_change_no_plan() {
        let d = Deployment::litware();
        assert!(diff(&d, &d.clone()).is_empty());
    }

    #[test]
    fn create_update_destroy() {
        let before = Deployment::litware();
        let mut after = before.clone();
        let p = federation::hosting_provider("LyncOnline", "sipfed.online.lync.com", true);
        assert!(after.insert_document(kinds::HOSTING_PROVIDER, p).is_ok());
        let _ = after.update_document(
            kinds::ACCESS_EDGE_CONFIGURATION,
            &crate::model::identity::Identity::Global,
            |d| {
                d.properties
                    .insert("AllowFederatedUsers".into(), true.into());
            },
        );
        let changes = diff(&before, &after);
        let plan = Plan {
            changes,
            failures: Vec::new(),
        };
        assert_eq!(plan.count(Action::Create), 1, "{}", plan.render());
        assert_eq!(plan.count(Action::Update), 1, "{}", plan.render());
        let text = plan.render();
        assert!(
            text.contains("~ AllowFederatedUsers = False -> True"),
            "{}",
            text
        );
        assert!(
            text.ends_with("Plan: 1 to add, 1 to change, 0 to destroy.\n"),
            "{}",
            text
        );
        assert_eq!(plan.exit_code(), 2);
    }

    #[test]
    fn entities_are_planned_too() {
        let before = Deployment::litware();
        let mut after = before.clone();
        let id = crate::model::identity::Identity::Plain("192.10.10.0".into());
        assert!(after.entities.remove("LisSubnet", &id).is_ok());
        let plan = Plan {
            changes: diff(&before, &after),
            failures: Vec::new(),
        };
        assert_eq!(plan.count(Action::Destroy), 1, "{}", plan.render());
    }
}
