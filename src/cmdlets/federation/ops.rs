//! Operations of the federation family on a [`Deployment`]: the rules that span several
//! documents (federation-model.md §3) and the changes themselves. Nothing here prints, reads
//! runtime values or knows a message text; failures are [`Error`] values.
//!
//! Every change validates first and then writes through the deployment's document operations,
//! so a failed call changes nothing and a successful one bumps the CMS version (which makes the
//! replicas stale until they catch up, §1.9).

use crate::model::cms::{ConfigDocument, kinds};
use crate::model::dns::DnsView;
use crate::model::federation::{
    self as fed, USE_DEFAULT_ROUTING, USE_DNS_SRV_ROUTING, VERIFICATION_LEVELS,
};
use crate::model::identity::{Identity, eq_ci};
use crate::model::value::PropValue;
use crate::model::{Deployment, Replica};

use super::errors::{Error, PartnerFailure};

/// The two provider kinds, which share one Identity and ProxyFqdn namespace (R1, R2).
pub const PROVIDER_KINDS: [&str; 2] = [kinds::HOSTING_PROVIDER, kinds::PUBLIC_PROVIDER];
/// The two domain lists, which share one namespace (R9).
pub const DOMAIN_KINDS: [&str; 2] = [kinds::ALLOWED_DOMAIN, kinds::BLOCKED_DOMAIN];

/// The type of a settable property, used to check values that arrive through `-Instance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    Bool,
    UInt,
    Str,
    Enum(&'static [&'static str]),
}

/// The properties a Set- cmdlet (or `-Instance`) may change, per kind.
pub fn settable(kind: &str) -> &'static [(&'static str, PropType)] {
    use PropType::*;
    match kind {
        kinds::ACCESS_EDGE_CONFIGURATION => &[
            ("AllowAnonymousUsers", Bool),
            ("AllowFederatedUsers", Bool),
            ("AllowOutsideUsers", Bool),
            ("BeClearingHouse", Bool),
            ("EnablePartnerDiscovery", Bool),
            ("EnableArchivingDisclaimer", Bool),
            ("EnableUserReplicator", Bool),
            ("KeepCrlsUpToDateForPeers", Bool),
            ("MarkSourceVerifiableOnOutgoingMessages", Bool),
            ("OutgoingTlsCountForFederatedPartners", UInt),
            ("DiscoveredPartnerStandardRate", UInt),
            ("EnableDiscoveredPartnerContactsLimit", Bool),
            ("MaxContactsPerDiscoveredPartner", UInt),
            ("DiscoveredPartnerReportPeriodMinutes", UInt),
            ("MaxAcceptedCertificatesStored", UInt),
            ("MaxRejectedCertificatesStored", UInt),
            ("CertificatesDeletedPercentage", UInt),
            (
                "DiscoveredPartnerVerificationLevel",
                Enum(VERIFICATION_LEVELS),
            ),
            ("DefaultRouteFqdn", Str),
            ("IsPublicProvider", Bool),
            ("VerificationLevel", Enum(VERIFICATION_LEVELS)),
        ],
        kinds::HOSTING_PROVIDER => &[
            ("VerificationLevel", Enum(VERIFICATION_LEVELS)),
            ("Enabled", Bool),
            ("EnabledSharedAddressSpace", Bool),
            ("HostsOCSUsers", Bool),
            ("IsLocal", Bool),
            ("AutodiscoverUrl", Str),
            ("SipClientPort", UInt),
        ],
        kinds::PUBLIC_PROVIDER => &[
            ("IconUrl", Str),
            ("NameDecorationDomain", Str),
            ("VerificationLevel", Enum(VERIFICATION_LEVELS)),
            ("Enabled", Bool),
        ],
        kinds::ALLOWED_DOMAIN => &[
            ("ProxyFqdn", Str),
            ("Comment", Str),
            ("MarkForMonitoring", Bool),
        ],
        kinds::BLOCKED_DOMAIN => &[("Comment", Str)],
        _ => &[],
    }
}

/// Checks a value against a property's type and returns it in stored form (enum names get
/// their declared spelling; numbers index enums as PowerShell's enum conversion does).
pub fn normalize(property: &str, ty: PropType, v: PropValue) -> Result<PropValue, Error> {
    let bad = |v: &PropValue, expected: &'static str| Error::InvalidValue {
        property: property.to_string(),
        value: show(v),
        expected,
    };
    match (ty, v) {
        (PropType::Bool, PropValue::Bool(b)) => Ok(PropValue::Bool(b)),
        (PropType::Bool, PropValue::Int(i)) => Ok(PropValue::Bool(i != 0)),
        (PropType::Bool, v) => Err(bad(&v, "True or False")),
        (PropType::UInt, PropValue::Int(i)) if i >= 0 => Ok(PropValue::Int(i)),
        (PropType::UInt, PropValue::Str(s)) => match s.trim().parse::<u32>() {
            Ok(n) => Ok(PropValue::Int(i64::from(n))),
            Err(_) => Err(bad(&PropValue::Str(s), "an unsigned number")),
        },
        (PropType::UInt, v) => Err(bad(&v, "an unsigned number")),
        (PropType::Str, PropValue::Null) => Ok(PropValue::Null),
        (PropType::Str, PropValue::Str(s)) if s.is_empty() => Ok(PropValue::Null),
        (PropType::Str, PropValue::Str(s)) => Ok(PropValue::Str(s)),
        (PropType::Str, PropValue::Int(i)) => Ok(PropValue::Str(i.to_string())),
        (PropType::Str, PropValue::Bool(b)) => {
            Ok(PropValue::Str(if b { "True" } else { "False" }.to_string()))
        }
        (PropType::Str, v) => Err(bad(&v, "a string")),
        (PropType::Enum(names), PropValue::Str(s)) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(s.trim()))
            .map(|n| PropValue::str(n))
            .ok_or_else(|| bad(&PropValue::Str(s), "one of the enumerator names")),
        (PropType::Enum(names), PropValue::Int(i)) => usize::try_from(i)
            .ok()
            .and_then(|i| names.get(i))
            .map(|n| PropValue::str(n))
            .ok_or_else(|| bad(&PropValue::Int(i), "one of the enumerator names")),
        (PropType::Enum(_), v) => Err(bad(&v, "one of the enumerator names")),
    }
}

fn show(v: &PropValue) -> String {
    match v {
        PropValue::Null => String::new(),
        PropValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        PropValue::Int(i) => i.to_string(),
        PropValue::Str(s) => s.clone(),
        _ => "(object)".to_string(),
    }
}

/// Checks a global-relative identity (providers, domains): not empty.
pub fn plain_identity(kind: &'static str, text: &str) -> Result<Identity, Error> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::InvalidIdentity {
            kind,
            text: text.to_string(),
        });
    }
    Ok(Identity::plain(t))
}

// ---- Access Edge configuration ----

/// The Global AccessEdgeConfiguration (a fresh deployment always has one).
pub fn access_edge(d: &Deployment) -> Option<&ConfigDocument> {
    d.document(kinds::ACCESS_EDGE_CONFIGURATION, &Identity::Global)
}

/// `UseDnsSrvRouting` or `UseDefaultRouting`.
pub fn routing_method(doc: &ConfigDocument) -> &str {
    doc.get("RoutingMethod")
        .and_then(PropValue::as_str)
        .unwrap_or(USE_DNS_SRV_ROUTING)
}

fn uses_default_routing(d: &Deployment) -> bool {
    access_edge(d).is_some_and(|doc| routing_method(doc) == USE_DEFAULT_ROUTING)
}

/// Which routing method a Set-CsAccessEdgeConfiguration call asks for (its parameter set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutingRequest {
    /// Identity or Instance set without routing parameters: keep the method.
    Keep,
    /// DnsSrvRouting set. `switch` is `-UseDnsSrvRouting` given and true; without it the
    /// set's settings are stored and the method stays as it is.
    DnsSrv { switch: bool },
    /// DefaultRoute set, with `-DefaultRouteFqdn` if given; without `-UseDefaultRouting` the
    /// set's settings are stored and the method stays as it is.
    Default { switch: bool, fqdn: Option<String> },
}

/// One Set-CsAccessEdgeConfiguration call: properties (already normalized) and routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeChange {
    pub properties: Vec<(String, PropValue)>,
    pub routing: RoutingRequest,
}

/// Number of hosting and public providers defined.
pub fn provider_count(d: &Deployment) -> usize {
    PROVIDER_KINDS.iter().map(|k| d.documents(k).len()).sum()
}

/// Validates an Access Edge change without applying it (R4, R5, ranges).
pub fn check_edge_change(d: &Deployment, change: &EdgeChange) -> Result<(), Error> {
    let current_default = uses_default_routing(d);
    for (name, v) in &change.properties {
        if name == "OutgoingTlsCountForFederatedPartners"
            && let Some(n) = v.as_int()
            && !(1..=4).contains(&n)
        {
            // Documented range 1–4 (federation-model.md §1.1).
            return Err(Error::OutOfRange {
                parameter: "OutgoingTlsCountForFederatedPartners",
                value: n,
                min: 1,
                max: 4,
            });
        }
    }
    match &change.routing {
        RoutingRequest::Keep => Ok(()),
        // Settings of the method not in force, given without its switch, are stored for
        // later: Set-CsAccessEdgeConfiguration's Example 1 sets -VerificationLevel (a
        // DefaultRoute setting) on a fresh, DNS SRV routed deployment and succeeds.
        RoutingRequest::DnsSrv { .. } => Ok(()),
        RoutingRequest::Default { switch, fqdn } => {
            if *switch {
                if fqdn.as_deref().is_none_or(|f| f.trim().is_empty()) {
                    return Err(Error::DefaultRouteFqdnRequired);
                }
                let providers = provider_count(d);
                if !current_default && providers > 0 {
                    return Err(Error::ProvidersNeedDnsSrvRouting { providers });
                }
            }
            Ok(())
        }
    }
}

/// Applies an Access Edge change after [`check_edge_change`].
pub fn set_access_edge(d: &mut Deployment, change: EdgeChange) -> Result<(), Error> {
    check_edge_change(d, &change)?;
    let EdgeChange {
        properties,
        routing,
    } = change;
    let update = move |doc: &mut ConfigDocument| {
        for (k, v) in properties {
            doc.properties.insert(k, v);
        }
        match routing {
            RoutingRequest::Keep => {}
            RoutingRequest::DnsSrv { switch: false, .. } => {}
            RoutingRequest::DnsSrv { switch: true, .. } => {
                doc.properties
                    .insert("RoutingMethod".into(), USE_DNS_SRV_ROUTING.into());
                for k in ["DefaultRouteFqdn", "IsPublicProvider", "VerificationLevel"] {
                    doc.properties.shift_remove(k);
                }
            }
            RoutingRequest::Default {
                switch: false,
                fqdn,
            } => {
                if let Some(f) = fqdn {
                    doc.properties
                        .insert("DefaultRouteFqdn".into(), PropValue::Str(f));
                }
            }
            RoutingRequest::Default { switch: true, fqdn } => {
                doc.properties
                    .insert("RoutingMethod".into(), USE_DEFAULT_ROUTING.into());
                if let Some(f) = fqdn {
                    doc.properties
                        .insert("DefaultRouteFqdn".into(), PropValue::Str(f));
                }
                doc.properties
                    .entry("IsPublicProvider".into())
                    .or_insert(PropValue::Bool(false));
                doc.properties
                    .entry("VerificationLevel".into())
                    .or_insert(PropValue::str("AlwaysVerifiable"));
            }
        }
    };
    if access_edge(d).is_none() {
        // A state file without the Global document: recreate it with the defaults first.
        d.insert_document(
            kinds::ACCESS_EDGE_CONFIGURATION,
            fed::access_edge_configuration(),
        )
        .map_err(|_| not_found(kinds::ACCESS_EDGE_CONFIGURATION, "Global"))?;
    }
    d.update_document(kinds::ACCESS_EDGE_CONFIGURATION, &Identity::Global, update)
        .map_err(|_| not_found(kinds::ACCESS_EDGE_CONFIGURATION, "Global"))
}

fn not_found(kind: &'static str, identity: &str) -> Error {
    Error::NotFound {
        kind,
        identity: identity.to_string(),
    }
}

// ---- providers and domains ----

/// The document of `kind` with this identity, or `NotFound`.
pub fn find<'d>(
    d: &'d Deployment,
    kind: &'static str,
    identity: &Identity,
) -> Result<&'d ConfigDocument, Error> {
    d.document(kind, identity)
        .ok_or_else(|| not_found(kind, &identity.to_string()))
}

/// Which of `kinds` already holds `identity`.
fn owner_of(d: &Deployment, kinds: &[&'static str], identity: &Identity) -> Option<&'static str> {
    kinds
        .iter()
        .copied()
        .find(|k| d.document(k, identity).is_some())
}

/// The provider (kind, displayed identity) that uses `fqdn`, other than `except`.
fn proxy_owner(d: &Deployment, fqdn: &str, except: &Identity) -> Option<(&'static str, String)> {
    PROVIDER_KINDS.iter().find_map(|k| {
        d.documents(k)
            .iter()
            .find(|doc| {
                &doc.identity != except
                    && doc
                        .get("ProxyFqdn")
                        .and_then(PropValue::as_str)
                        .is_some_and(|p| eq_ci(p, fqdn))
            })
            .map(|doc| (*k, doc.identity.to_string()))
    })
}

/// Validates a new hosting or public provider (R1, R2, R4).
pub fn check_new_provider(
    d: &Deployment,
    kind: &'static str,
    doc: &ConfigDocument,
) -> Result<(), Error> {
    let identity = doc.identity.to_string();
    if uses_default_routing(d) {
        return Err(Error::DefaultRoutingActive { kind, identity });
    }
    if let Some(owner_kind) = owner_of(d, &PROVIDER_KINDS, &doc.identity) {
        return Err(Error::IdentityExists {
            kind,
            identity,
            owner_kind,
        });
    }
    if let Some(fqdn) = doc.get("ProxyFqdn").and_then(PropValue::as_str)
        && let Some((owner_kind, owner)) = proxy_owner(d, fqdn, &doc.identity)
    {
        return Err(Error::ProxyFqdnInUse {
            kind,
            identity,
            proxy_fqdn: fqdn.to_string(),
            owner_kind,
            owner,
        });
    }
    Ok(())
}

/// Validates a new allowed or blocked domain (R9).
pub fn check_new_domain(
    d: &Deployment,
    kind: &'static str,
    doc: &ConfigDocument,
) -> Result<(), Error> {
    let domain = doc.identity.to_string();
    match owner_of(d, &DOMAIN_KINDS, &doc.identity) {
        Some(k) if k == kind => Err(Error::IdentityExists {
            kind,
            identity: domain,
            owner_kind: k,
        }),
        Some(other_kind) => Err(Error::DomainOnOtherList {
            kind,
            domain,
            other_kind,
        }),
        None => Ok(()),
    }
}

/// Validates a new document of any kind of this family.
pub fn check_new(d: &Deployment, kind: &'static str, doc: &ConfigDocument) -> Result<(), Error> {
    if PROVIDER_KINDS.contains(&kind) {
        check_new_provider(d, kind, doc)
    } else {
        check_new_domain(d, kind, doc)
    }
}

/// Creates a provider or domain after [`check_new`].
pub fn create(d: &mut Deployment, kind: &'static str, doc: ConfigDocument) -> Result<(), Error> {
    check_new(d, kind, &doc)?;
    let identity = doc.identity.to_string();
    d.insert_document(kind, doc)
        .map_err(|_| Error::IdentityExists {
            kind,
            identity,
            owner_kind: kind,
        })
}

/// Validates a change of properties of an existing document (R3 for `-Instance`).
pub fn check_update(
    d: &Deployment,
    kind: &'static str,
    identity: &Identity,
    changes: &[(String, PropValue)],
) -> Result<(), Error> {
    let doc = find(d, kind, identity)?;
    for (k, v) in changes {
        if k == "ProxyFqdn" && PROVIDER_KINDS.contains(&kind) && doc.get("ProxyFqdn") != Some(v) {
            return Err(Error::ProxyFqdnImmutable {
                kind,
                identity: doc.identity.to_string(),
            });
        }
    }
    Ok(())
}

/// Changes properties of an existing document after [`check_update`].
pub fn update(
    d: &mut Deployment,
    kind: &'static str,
    identity: &Identity,
    changes: Vec<(String, PropValue)>,
) -> Result<(), Error> {
    check_update(d, kind, identity, &changes)?;
    d.update_document(kind, identity, |doc| {
        for (k, v) in changes {
            doc.properties.insert(k, v);
        }
    })
    .map_err(|_| not_found(kind, &identity.to_string()))
}

/// Enable-/Disable-Cs…Provider (R8: the provider must be in the other state).
pub fn check_set_enabled(
    d: &Deployment,
    kind: &'static str,
    identity: &Identity,
    enabled: bool,
) -> Result<(), Error> {
    let doc = find(d, kind, identity)?;
    if doc.get("Enabled").and_then(PropValue::as_bool) == Some(enabled) {
        return Err(Error::AlreadyInState {
            kind,
            identity: doc.identity.to_string(),
            enabled,
        });
    }
    Ok(())
}

pub fn set_enabled(
    d: &mut Deployment,
    kind: &'static str,
    identity: &Identity,
    enabled: bool,
) -> Result<(), Error> {
    check_set_enabled(d, kind, identity, enabled)?;
    update(
        d,
        kind,
        identity,
        vec![("Enabled".to_string(), PropValue::Bool(enabled))],
    )
}

/// Removes a provider or domain.
pub fn remove(d: &mut Deployment, kind: &'static str, identity: &Identity) -> Result<(), Error> {
    d.remove_document(kind, identity)
        .map(|_| ())
        .map_err(|_| not_found(kind, &identity.to_string()))
}

// ---- replication ----

/// The server whose replica `-LocalStore` reads: the federation Edge (the seed runs
/// `Get-CsHostingProvider -LocalStore` on the Edge, SEED-001), else the first replica.
pub fn local_replica(d: &Deployment) -> Result<&str, Error> {
    let t = &d.topology;
    let edge_pools: Vec<&str> = t
        .services
        .iter()
        .filter(|s| s.role == "EdgeServer")
        .map(|s| s.pool_fqdn.as_str())
        .collect();
    let replicas = d.cms.replicas();
    let on_edge = replicas.iter().find(|r| {
        t.computers
            .iter()
            .any(|c| eq_ci(&c.fqdn, &r.fqdn) && edge_pools.iter().any(|p| eq_ci(p, &c.pool)))
    });
    on_edge
        .or_else(|| replicas.first())
        .map(|r| r.fqdn.as_str())
        .ok_or(Error::NoLocalStore)
}

/// Documents of `kind` from the local replica (`-LocalStore`).
pub fn local_documents<'d>(d: &'d Deployment, kind: &str) -> Result<&'d [ConfigDocument], Error> {
    let fqdn = local_replica(d)?;
    d.local_documents(fqdn, kind)
        .map_err(|_| Error::ReplicaNotFound {
            fqdn: fqdn.to_string(),
        })
}

/// Replicas for Get-CsManagementStoreReplicationStatus, with their UpToDate flag.
pub fn replication_status<'d>(
    d: &'d Deployment,
    fqdn: Option<&str>,
) -> Result<Vec<(&'d Replica, bool)>, Error> {
    let all: Vec<(&Replica, bool)> = d
        .cms
        .replicas()
        .iter()
        .filter(|r| fqdn.is_none_or(|f| eq_ci(&r.fqdn, f.trim())))
        .map(|r| (r, d.cms.is_up_to_date(r)))
        .collect();
    match fqdn {
        Some(f) if all.is_empty() => Err(Error::ReplicaNotFound {
            fqdn: f.to_string(),
        }),
        _ => Ok(all),
    }
}

/// Invoke-CsManagementStoreReplication.
pub fn replicate(d: &mut Deployment, fqdn: Option<&str>) -> Result<(), Error> {
    d.replicate_now(fqdn.map(str::trim))
        .map_err(|_| Error::ReplicaNotFound {
            fqdn: fqdn.unwrap_or_default().to_string(),
        })
}

/// The computers of the pool that hosts the CMS master (its file transfer agents).
pub fn file_transfer_agents(d: &Deployment) -> Vec<&str> {
    let master = &d.cms.active_master_fqdn;
    d.topology
        .pool(master)
        .map(|p| p.computers.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

// ---- Test-CsFederatedPartner ----

/// Checks what federating with `domain` through the Edge `target_fqdn` needs (SEED-003,
/// SEED-004, R11, R12, R21): the target is an Edge, the Access Edge allows federated users,
/// the domain is not blocked, it is allowed (or partner discovery is on), an explicit
/// `-ProxyFqdn` names a provider or the domain's allowed partner server, and without a
/// configured server the partner publishes `_sipfederationtls._tcp.<domain>` externally.
pub fn test_federated_partner(
    d: &Deployment,
    target_fqdn: &str,
    domain: &str,
    proxy_fqdn: Option<&str>,
) -> Result<(), PartnerFailure> {
    let t = &d.topology;
    let is_edge = t.services.iter().any(|s| {
        s.role == "EdgeServer"
            && (eq_ci(&s.pool_fqdn, target_fqdn)
                || s.edge
                    .as_ref()
                    .is_some_and(|e| eq_ci(&e.internal_fqdn, target_fqdn))
                || t.pool(&s.pool_fqdn)
                    .is_some_and(|p| p.computers.iter().any(|c| eq_ci(c, target_fqdn))))
    });
    if !is_edge {
        return Err(PartnerFailure::TargetNotEdge {
            target: target_fqdn.to_string(),
        });
    }
    let edge = access_edge(d);
    let flag = |name: &str| {
        edge.and_then(|e| e.get(name))
            .and_then(PropValue::as_bool)
            .unwrap_or(false)
    };
    if !flag("AllowFederatedUsers") {
        return Err(PartnerFailure::FederationDisabled);
    }
    let id = Identity::plain(domain.trim());
    if d.document(kinds::BLOCKED_DOMAIN, &id).is_some() {
        return Err(PartnerFailure::DomainBlocked {
            domain: domain.to_string(),
        });
    }
    let allowed = d.document(kinds::ALLOWED_DOMAIN, &id);
    let discovery = flag("EnablePartnerDiscovery")
        && edge.is_some_and(|e| routing_method(e) == USE_DNS_SRV_ROUTING);
    if allowed.is_none() && !discovery {
        return Err(PartnerFailure::DomainNotAllowed {
            domain: domain.to_string(),
        });
    }
    let allowed_server = allowed
        .and_then(|a| a.get("ProxyFqdn"))
        .and_then(PropValue::as_str);
    if let Some(p) = proxy_fqdn.filter(|p| !p.trim().is_empty()) {
        let p = p.trim();
        let provider = PROVIDER_KINDS.iter().any(|k| {
            d.documents(k).iter().any(|doc| {
                doc.get("ProxyFqdn")
                    .and_then(PropValue::as_str)
                    .is_some_and(|f| eq_ci(f, p))
                    && doc.get("Enabled").and_then(PropValue::as_bool) == Some(true)
            })
        });
        if !provider && !allowed_server.is_some_and(|s| eq_ci(s, p)) {
            return Err(PartnerFailure::UnknownProxy {
                proxy: p.to_string(),
            });
        }
        return Ok(());
    }
    if allowed_server.is_some() {
        return Ok(());
    }
    let srv = format!("_sipfederationtls._tcp.{}", domain.trim());
    if d.dns.srv(&srv, DnsView::External).is_empty() {
        return Err(PartnerFailure::NoSrvRecord { record: srv });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit() -> Deployment {
        Deployment::litware()
    }

    fn hosting(id: &str, fqdn: &str) -> ConfigDocument {
        fed::hosting_provider(id, fqdn, true)
    }

    #[test]
    fn provider_identity_and_fqdn_are_unique_across_kinds() {
        let mut d = lit();
        assert_eq!(
            create(
                &mut d,
                kinds::HOSTING_PROVIDER,
                hosting("LyncOnline", "sipfed.online.lync.com")
            ),
            Ok(())
        );
        let v = d.cms.version();
        assert!(matches!(
            create(
                &mut d,
                kinds::HOSTING_PROVIDER,
                hosting("lynconline", "x.example.com")
            ),
            Err(Error::IdentityExists {
                owner_kind: "HostingProvider",
                ..
            })
        ));
        assert!(matches!(
            create(&mut d, kinds::HOSTING_PROVIDER, hosting("Office365", "SIPFED.online.lync.com")),
            Err(Error::ProxyFqdnInUse { ref owner, .. }) if owner == "LyncOnline"
        ));
        assert!(matches!(
            create(
                &mut d,
                kinds::HOSTING_PROVIDER,
                hosting("Messenger", "im.example.com")
            ),
            Err(Error::IdentityExists {
                owner_kind: "PublicProvider",
                ..
            })
        ));
        assert!(matches!(
            create(
                &mut d,
                kinds::PUBLIC_PROVIDER,
                fed::public_provider("Other", "sipfed.online.lync.com", true)
            ),
            Err(Error::ProxyFqdnInUse {
                owner_kind: "HostingProvider",
                ..
            })
        ));
        assert_eq!(d.cms.version(), v, "failed creations change nothing");
    }

    #[test]
    fn default_routing_needs_no_providers_and_an_fqdn() {
        let mut d = lit();
        let to_default = |fqdn: Option<&str>| EdgeChange {
            properties: Vec::new(),
            routing: RoutingRequest::Default {
                switch: true,
                fqdn: fqdn.map(str::to_string),
            },
        };
        // The three shipped public providers are enough to refuse.
        assert_eq!(
            set_access_edge(&mut d, to_default(Some("edge.litwareinc.com"))),
            Err(Error::ProvidersNeedDnsSrvRouting { providers: 3 })
        );
        for id in ["Yahoo", "AOL", "Messenger"] {
            assert_eq!(
                remove(&mut d, kinds::PUBLIC_PROVIDER, &Identity::plain(id)),
                Ok(())
            );
        }
        assert_eq!(
            set_access_edge(&mut d, to_default(None)),
            Err(Error::DefaultRouteFqdnRequired)
        );
        assert_eq!(
            set_access_edge(&mut d, to_default(Some("edge.litwareinc.com"))),
            Ok(())
        );
        let doc = access_edge(&d).map(|e| routing_method(e).to_string());
        assert_eq!(doc.as_deref(), Some(USE_DEFAULT_ROUTING));
        assert!(matches!(
            check_new_provider(&d, kinds::HOSTING_PROVIDER, &hosting("X", "x.example.com")),
            Err(Error::DefaultRoutingActive { .. })
        ));
        // A DNS SRV setting without its switch is stored; the method stays.
        let back = EdgeChange {
            properties: vec![("EnablePartnerDiscovery".into(), PropValue::Bool(true))],
            routing: RoutingRequest::DnsSrv { switch: false },
        };
        assert_eq!(set_access_edge(&mut d, back.clone()), Ok(()));
        let doc = access_edge(&d).map(|e| routing_method(e).to_string());
        assert_eq!(doc.as_deref(), Some(USE_DEFAULT_ROUTING));
        let back = EdgeChange {
            routing: RoutingRequest::DnsSrv { switch: true },
            ..back
        };
        assert_eq!(set_access_edge(&mut d, back), Ok(()));
        let e = access_edge(&d);
        assert!(e.is_some_and(|e| e.get("DefaultRouteFqdn").is_none()));
    }

    #[test]
    fn tls_count_range() {
        let mut d = lit();
        let change = |n| EdgeChange {
            properties: vec![(
                "OutgoingTlsCountForFederatedPartners".into(),
                PropValue::Int(n),
            )],
            routing: RoutingRequest::Keep,
        };
        assert!(matches!(
            set_access_edge(&mut d, change(5)),
            Err(Error::OutOfRange { max: 4, .. })
        ));
        assert_eq!(set_access_edge(&mut d, change(2)), Ok(()));
    }

    #[test]
    fn a_domain_is_on_one_list_only() {
        let mut d = lit();
        assert_eq!(
            create(
                &mut d,
                kinds::ALLOWED_DOMAIN,
                fed::allowed_domain("fabrikam.com")
            ),
            Ok(())
        );
        assert!(matches!(
            create(
                &mut d,
                kinds::BLOCKED_DOMAIN,
                fed::blocked_domain("Fabrikam.com")
            ),
            Err(Error::DomainOnOtherList {
                other_kind: "AllowedDomain",
                ..
            })
        ));
        assert!(matches!(
            create(
                &mut d,
                kinds::ALLOWED_DOMAIN,
                fed::allowed_domain("fabrikam.com")
            ),
            Err(Error::IdentityExists { .. })
        ));
    }

    #[test]
    fn enable_disable_and_proxy_immutability() {
        let mut d = lit();
        let id = Identity::plain("Messenger");
        assert!(matches!(
            set_enabled(&mut d, kinds::PUBLIC_PROVIDER, &id, false),
            Err(Error::AlreadyInState { enabled: false, .. })
        ));
        assert_eq!(
            set_enabled(&mut d, kinds::PUBLIC_PROVIDER, &id, true),
            Ok(())
        );
        assert!(matches!(
            update(
                &mut d,
                kinds::PUBLIC_PROVIDER,
                &id,
                vec![("ProxyFqdn".into(), PropValue::str("other.example.com"))]
            ),
            Err(Error::ProxyFqdnImmutable { .. })
        ));
        assert!(matches!(
            remove(&mut d, kinds::PUBLIC_PROVIDER, &Identity::plain("nope")),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn replication_marks_replicas_stale_until_invoked() {
        let mut d = lit();
        assert!(replication_status(&d, None).is_ok_and(|r| r.len() == 3 && r.iter().all(|x| x.1)));
        assert_eq!(
            create(
                &mut d,
                kinds::HOSTING_PROVIDER,
                hosting("LyncOnline", "sipfed.online.lync.com")
            ),
            Ok(())
        );
        assert!(replication_status(&d, None).is_ok_and(|r| r.iter().all(|x| !x.1)));
        assert_eq!(local_replica(&d), Ok("atl-edge-001.litwareinc.com"));
        assert!(local_documents(&d, kinds::HOSTING_PROVIDER).is_ok_and(|l| l.is_empty()));
        assert_eq!(
            replicate(&mut d, Some("atl-edge-001.litwareinc.com")),
            Ok(())
        );
        assert!(local_documents(&d, kinds::HOSTING_PROVIDER).is_ok_and(|l| l.len() == 1));
        assert!(matches!(
            replication_status(&d, Some("nowhere.example.com")),
            Err(Error::ReplicaNotFound { .. })
        ));
        assert!(matches!(
            replicate(&mut d, Some("nowhere.example.com")),
            Err(Error::ReplicaNotFound { .. })
        ));
    }

    #[test]
    fn federated_partner_prerequisites() {
        let mut d = lit();
        let edge = "atl-edge-001.litwareinc.com";
        assert!(matches!(
            test_federated_partner(&d, "atl-cs-001.litwareinc.com", "fabrikam.com", None),
            Err(PartnerFailure::TargetNotEdge { .. })
        ));
        assert_eq!(
            test_federated_partner(&d, edge, "fabrikam.com", None),
            Err(PartnerFailure::FederationDisabled)
        );
        let allow = EdgeChange {
            properties: vec![("AllowFederatedUsers".into(), PropValue::Bool(true))],
            routing: RoutingRequest::Keep,
        };
        assert_eq!(set_access_edge(&mut d, allow), Ok(()));
        assert!(matches!(
            test_federated_partner(&d, edge, "fabrikam.com", None),
            Err(PartnerFailure::DomainNotAllowed { .. })
        ));
        assert_eq!(
            create(
                &mut d,
                kinds::ALLOWED_DOMAIN,
                fed::allowed_domain("fabrikam.com")
            ),
            Ok(())
        );
        assert!(matches!(
            test_federated_partner(&d, edge, "fabrikam.com", None),
            Err(PartnerFailure::NoSrvRecord { .. })
        ));
        assert!(matches!(
            test_federated_partner(&d, edge, "fabrikam.com", Some("sip.fabrikam.com")),
            Err(PartnerFailure::UnknownProxy { .. })
        ));
        // Our own domain publishes the federation SRV record in the default deployment.
        assert_eq!(
            create(
                &mut d,
                kinds::ALLOWED_DOMAIN,
                fed::allowed_domain("litwareinc.com")
            ),
            Ok(())
        );
        assert_eq!(
            test_federated_partner(&d, edge, "litwareinc.com", None),
            Ok(())
        );
        assert_eq!(
            create(
                &mut d,
                kinds::BLOCKED_DOMAIN,
                fed::blocked_domain("tailspintoys.com")
            ),
            Ok(())
        );
        assert!(matches!(
            test_federated_partner(&d, edge, "tailspintoys.com", None),
            Err(PartnerFailure::DomainBlocked { .. })
        ));
    }

    #[test]
    fn normalize_checks_types() {
        let lv = PropType::Enum(VERIFICATION_LEVELS);
        assert_eq!(
            normalize(
                "VerificationLevel",
                lv,
                PropValue::str("usesourceverification")
            ),
            Ok(PropValue::str("UseSourceVerification"))
        );
        assert_eq!(
            normalize("VerificationLevel", lv, PropValue::Int(2)),
            Ok(PropValue::str("UseSourceVerification"))
        );
        assert!(normalize("VerificationLevel", lv, PropValue::str("Foo")).is_err());
        assert_eq!(
            normalize("Enabled", PropType::Bool, PropValue::Int(1)),
            Ok(PropValue::Bool(true))
        );
        assert!(normalize("Enabled", PropType::Bool, PropValue::str("yes")).is_err());
        assert_eq!(
            normalize("Comment", PropType::Str, PropValue::str("")),
            Ok(PropValue::Null)
        );
    }
}
