//! The deployment model: the state the Cs* cmdlets read and change.
//!
//! This module owns the data of one emulated Lync Server 2013 deployment — topology, users,
//! the Central Management Store and its replicas, the Office 365 tenant, DNS, the virtual clock
//! and the seeded identifier source — and the invariants that hold regardless of which cmdlet
//! changes them (unique identities, scope order, version counting, replication).
//!
//! It must not do I/O, print, know PowerShell syntax or runtime values, or format output:
//! [`crate::state`] reads and writes files, the runtime converts [`PropValue`]s and [`User`]s into
//! PowerShell objects, and cmdlet families decide which Lync error a [`Error`] becomes.
//! Every type round-trips through serde; identifiers and timestamps come from the seeded
//! [`IdSource`] and the [`VirtualClock`] stored in the deployment, never from the machine.

pub mod actions;
pub mod cms;
pub mod default;
pub mod default_entities;
pub mod default_lab;
pub mod dns;
pub mod examples;
pub mod federation;
pub mod generate;
pub mod identity;
pub mod ids;
pub mod infra;
pub mod infra_seed;
pub mod tenant;
pub mod topology;
pub mod users;
pub mod value;
pub mod wildcard;

use serde::{Deserialize, Serialize};

pub use cms::{CentralManagementStore, ConfigDocument, ConfigStore, Replica, kinds};
pub use dns::{DnsRecord, DnsView, DnsZone};
pub use identity::{Identity, IdentityError, Scope};
pub use ids::{Guid, IdSource, Timestamp, VirtualClock};
pub use tenant::{Tenant, TenantDomain};
pub use topology::{Computer, EdgeSettings, Pool, Service, SipDomain, Site, SiteKind, Topology};
pub use users::{User, UserStore};
pub use value::{PropValue, Properties};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Errors of model operations. Each variant carries what a cmdlet needs to build the Lync error
/// record (kind, identity, property); none holds a preformatted Lync message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("a {kind} with identity \"{identity}\" already exists")]
    DocumentExists { kind: String, identity: Identity },
    #[error("no {kind} with identity \"{identity}\" exists")]
    DocumentNotFound { kind: String, identity: Identity },
    #[error("no user matches identity \"{identity}\"")]
    UserNotFound { identity: String },
    #[error("{count} users match identity \"{identity}\"")]
    AmbiguousUser { identity: String, count: usize },
    #[error("another user already has {property} \"{value}\"")]
    DuplicateUser {
        property: &'static str,
        value: String,
    },
    #[error("no user at position {position}")]
    UserPositionOutOfRange { position: usize },
    #[error("more users than the model can index")]
    TooManyUsers,
    #[error("no replica \"{fqdn}\" exists")]
    ReplicaNotFound { fqdn: String },
    #[error("{owner}: {property} \"{value}\" does not exist in the topology")]
    UnknownReference {
        owner: String,
        property: &'static str,
        value: String,
    },
    #[error("more than one SIP domain is marked as default")]
    SeveralDefaultSipDomains,
    #[error(transparent)]
    InvalidIdentity(#[from] IdentityError),
}

/// The directory the deployment lives in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// `Litware Inc.`
    pub name: String,
    /// DNS name of the AD domain, e.g. `litwareinc.com`.
    pub ad_domain: String,
    /// NetBIOS name used in `DOMAIN\user`, e.g. `LITWAREINC`.
    pub netbios_name: String,
}

impl Organization {
    /// The domain's distinguished name: `DC=litwareinc,DC=com`.
    pub fn domain_dn(&self) -> String {
        self.ad_domain
            .split('.')
            .map(|p| format!("DC={p}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// One whole deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// Must equal [`SCHEMA_VERSION`]; [`crate::state::load`] checks it before anything else.
    pub schema_version: u32,
    pub organization: Organization,
    pub clock: VirtualClock,
    pub ids: IdSource,
    pub topology: Topology,
    pub cms: CentralManagementStore,
    pub users: UserStore,
    /// The paired Office 365 tenant, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<Tenant>,
    pub dns: DnsZone,
    /// Objects that live outside the CMS, each with its own identity: Response Group queues and
    /// workflows, announcements, contact objects in AD (analog devices, common area phones…),
    /// Persistent Chat rooms, LIS locations. Grouped by kind (the noun without `Cs`); written
    /// by `cmdlets::entity`. Changes here do not bump the CMS version. Files without it load.
    #[serde(default, skip_serializing_if = "ConfigStore::is_empty")]
    pub entities: ConfigStore,
    /// PINs, ACP entries, custom admin roles, logging sessions… (`model::actions`).
    #[serde(default, skip_serializing_if = "actions::ActionsState::is_empty")]
    pub actions: actions::ActionsState,
}

impl Deployment {
    /// The built-in default deployment (Litware Inc.), see [`default::litware`].
    pub fn litware() -> Deployment {
        default::litware()
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.clock.now
    }

    /// Moves the virtual clock forward and lets replicas whose time has come catch up.
    pub fn advance_clock(&mut self, seconds: i64) {
        self.clock.now = self.clock.now.plus_seconds(seconds.max(0));
        self.cms.replicate_due(self.clock.now);
    }

    /// A fresh deterministic GUID.
    pub fn next_guid(&mut self) -> Guid {
        self.ids.next_guid()
    }

    /// Checks references between parts: pools, services and computers name existing sites and
    /// pools, users' Registrar pools run a Registrar, replicas are computers, one default SIP
    /// domain at most. [`crate::state::load`] runs it on every file.
    pub fn check(&self) -> Result<(), Error> {
        let t = &self.topology;
        let unknown =
            |owner: String, property: &'static str, value: &str| Error::UnknownReference {
                owner,
                property,
                value: value.to_string(),
            };
        if t.sip_domains.iter().filter(|d| d.is_default).count() > 1 {
            return Err(Error::SeveralDefaultSipDomains);
        }
        for p in &t.pools {
            if t.site(&p.site).is_none() {
                return Err(unknown(format!("pool {}", p.fqdn), "Site", &p.site));
            }
        }
        for s in &t.services {
            if t.pool(&s.pool_fqdn).is_none() {
                return Err(unknown(
                    format!("service {}", s.identity()),
                    "PoolFqdn",
                    &s.pool_fqdn,
                ));
            }
            if t.site(&s.site).is_none() {
                return Err(unknown(
                    format!("service {}", s.identity()),
                    "Site",
                    &s.site,
                ));
            }
        }
        for c in &t.computers {
            if t.pool(&c.pool).is_none() {
                return Err(unknown(format!("computer {}", c.fqdn), "Pool", &c.pool));
            }
        }
        for r in self.cms.replicas() {
            if !t
                .computers
                .iter()
                .any(|c| identity::eq_ci(&c.fqdn, &r.fqdn))
            {
                return Err(unknown(format!("replica {}", r.fqdn), "Fqdn", &r.fqdn));
            }
        }
        for u in self.users.iter() {
            if let Some(pool) = &u.registrar_pool
                && !t.is_registrar_pool(pool)
            {
                return Err(unknown(
                    format!("user {}", u.identity),
                    "RegistrarPool",
                    pool,
                ));
            }
        }
        Ok(())
    }

    // ---- configuration documents (the generic store every family shares) ----

    /// The CMS document of `kind` with this identity.
    pub fn document(&self, kind: &str, identity: &Identity) -> Option<&ConfigDocument> {
        self.cms.get(kind, identity)
    }

    /// All CMS documents of `kind` in Lync's listing order.
    pub fn documents(&self, kind: &str) -> &[ConfigDocument] {
        self.cms.list(kind)
    }

    /// Adds a document (fails when the identity exists); bumps the CMS version.
    pub fn insert_document(&mut self, kind: &str, doc: ConfigDocument) -> Result<(), Error> {
        let now = self.clock.now;
        self.cms.insert(kind, doc, now)
    }

    /// Replaces a document (fails when missing); bumps the CMS version.
    pub fn replace_document(&mut self, kind: &str, doc: ConfigDocument) -> Result<(), Error> {
        let now = self.clock.now;
        self.cms.replace(kind, doc, now)
    }

    /// Edits a document in place (fails when missing); bumps the CMS version.
    pub fn update_document<F: FnOnce(&mut ConfigDocument)>(
        &mut self,
        kind: &str,
        identity: &Identity,
        change: F,
    ) -> Result<(), Error> {
        let now = self.clock.now;
        self.cms.update(kind, identity, now, change)
    }

    /// Removes a document (fails when missing); bumps the CMS version.
    pub fn remove_document(
        &mut self,
        kind: &str,
        identity: &Identity,
    ) -> Result<ConfigDocument, Error> {
        let now = self.clock.now;
        self.cms.remove(kind, identity, now)
    }

    /// The documents of `kind` as the server `fqdn` sees them locally (`-LocalStore`).
    pub fn local_documents(&self, fqdn: &str, kind: &str) -> Result<&[ConfigDocument], Error> {
        self.cms
            .local_store(fqdn)
            .map(|s| s.list(kind))
            .ok_or_else(|| Error::ReplicaNotFound {
                fqdn: fqdn.to_string(),
            })
    }

    /// `Invoke-CsManagementStoreReplication [-ReplicaFqdn]`: replicas catch up now.
    pub fn replicate_now(&mut self, fqdn: Option<&str>) -> Result<(), Error> {
        let now = self.clock.now;
        if self.cms.replicate_now(fqdn, now) {
            Ok(())
        } else {
            Err(Error::ReplicaNotFound {
                fqdn: fqdn.unwrap_or_default().to_string(),
            })
        }
    }

    /// Gives an identity the spelling Lync echoes for existing objects: the site's own name,
    /// the canonical role, the pool FQDN as published. Unknown sites and services are left as
    /// given (whether that is an error is the cmdlet's call).
    pub fn canonical_identity(&self, identity: Identity) -> Identity {
        match identity {
            Identity::Site(n) => match self.topology.site(&n) {
                Some(s) => Identity::Site(s.name.clone()),
                None => Identity::Site(n),
            },
            Identity::Service { role, fqdn } => match self.topology.service(&role, &fqdn) {
                Some(s) => Identity::Service {
                    role: s.role.clone(),
                    fqdn: s.pool_fqdn.clone(),
                },
                None => Identity::Service { role, fqdn },
            },
            other => other,
        }
    }

    // ---- users ----

    /// Users matching a `-Identity` value (see [`UserStore::resolve`]), in directory order.
    pub fn find_users(&self, identity: &str) -> Vec<usize> {
        self.users.resolve(
            identity,
            &self.organization.netbios_name,
            &self.organization.ad_domain,
        )
    }

    /// Exactly one user for a `-Identity` value, or `UserNotFound` / `AmbiguousUser`.
    pub fn resolve_user(&self, identity: &str) -> Result<usize, Error> {
        match self.find_users(identity).as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::UserNotFound {
                identity: identity.to_string(),
            }),
            many => Err(Error::AmbiguousUser {
                identity: identity.to_string(),
                count: many.len(),
            }),
        }
    }

    /// Exactly one Lync-enabled user (what `Get-CsUser -Identity` and `Move-CsUser` accept).
    pub fn resolve_lync_user(&self, identity: &str) -> Result<usize, Error> {
        let found: Vec<usize> = self
            .find_users(identity)
            .into_iter()
            .filter(|&p| self.users.get(p).is_some_and(User::is_lync_enabled))
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::UserNotFound {
                identity: identity.to_string(),
            }),
            many => Err(Error::AmbiguousUser {
                identity: identity.to_string(),
                count: many.len(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_operations_bump_version_and_honour_the_clock() {
        let mut d = Deployment::litware();
        let v0 = d.cms.version();
        let id = Identity::plain("LyncOnline");
        let doc = federation::hosting_provider("LyncOnline", "sipfed.online.lync.com", true);
        assert!(
            d.insert_document(kinds::HOSTING_PROVIDER, doc.clone())
                .is_ok()
        );
        assert!(matches!(
            d.insert_document(kinds::HOSTING_PROVIDER, doc),
            Err(Error::DocumentExists { .. })
        ));
        assert_eq!(d.cms.version(), v0 + 1);
        assert!(
            d.update_document(kinds::HOSTING_PROVIDER, &id, |doc| {
                doc.properties
                    .insert("Enabled".into(), PropValue::Bool(false));
            })
            .is_ok()
        );
        assert_eq!(d.cms.version(), v0 + 2);
        let edge = "atl-edge-001.litwareinc.com";
        assert_eq!(
            d.local_documents(edge, kinds::HOSTING_PROVIDER)
                .map(<[_]>::len),
            Ok(0)
        );
        d.advance_clock(30);
        assert_eq!(
            d.local_documents(edge, kinds::HOSTING_PROVIDER)
                .map(<[_]>::len),
            Ok(0)
        );
        d.advance_clock(30);
        assert_eq!(
            d.local_documents(edge, kinds::HOSTING_PROVIDER)
                .map(<[_]>::len),
            Ok(1)
        );
        assert!(d.remove_document(kinds::HOSTING_PROVIDER, &id).is_ok());
        assert!(d.replicate_now(None).is_ok());
        assert_eq!(
            d.local_documents(edge, kinds::HOSTING_PROVIDER)
                .map(<[_]>::len),
            Ok(0)
        );
        assert!(matches!(
            d.local_documents("nowhere", kinds::HOSTING_PROVIDER),
            Err(Error::ReplicaNotFound { .. })
        ));
    }

    #[test]
    fn built_in_deployments_are_consistent() {
        assert_eq!(Deployment::litware().check(), Ok(()));
        assert_eq!(default::small().check(), Ok(()));
        let mut d = default::small();
        assert!(
            d.users
                .move_user(0, Some("atl-cs-009.litwareinc.com"), "SRV:")
                .is_ok()
        );
        assert!(matches!(
            d.check(),
            Err(Error::UnknownReference {
                property: "RegistrarPool",
                ..
            })
        ));
    }

    #[test]
    fn canonical_identity_uses_published_spelling() {
        let d = Deployment::litware();
        let site = Identity::parse("site:REDMOND").map(|i| d.canonical_identity(i));
        assert_eq!(
            site.map(|i| i.to_string()).ok().as_deref(),
            Some("Site:Redmond")
        );
        let svc = Identity::parse("service:edgeserver:ATL-EDGE-001.litwareinc.com")
            .map(|i| d.canonical_identity(i));
        assert_eq!(
            svc.map(|i| i.to_string()).ok().as_deref(),
            Some("Service:EdgeServer:atl-edge-001.litwareinc.com")
        );
    }

    #[test]
    fn user_resolution_reports_not_found_and_ambiguity() {
        let d = Deployment::litware();
        assert!(d.resolve_lync_user("sip:kenmyer@litwareinc.com").is_ok());
        assert!(matches!(
            d.resolve_user("nobody"),
            Err(Error::UserNotFound { .. })
        ));
        assert!(matches!(
            d.resolve_user("*"),
            Err(Error::AmbiguousUser { .. })
        ));
    }
}
