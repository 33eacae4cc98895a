//! The published topology: SIP domains, sites, pools, the services they run, and computers.
//!
//! Service identities are written as Lync shows them in `Get-CsService`: `Registrar:<pool>`,
//! `UserServer:<pool>`, `EdgeServer:<pool>`, `UserDatabase:<sql fqdn>`…
//! This module owns the data and simple queries; it does not decide what a cmdlet may change.

use serde::{Deserialize, Serialize};

use super::identity::{canonical_role, eq_ci};
use super::infra::Infrastructure;
use super::value::Properties;

/// A SIP domain (`Get-CsSipDomain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SipDomain {
    pub name: String,
    pub is_default: bool,
}

/// Central site or branch site (`Get-CsSite` `Kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SiteKind {
    #[default]
    Central,
    Branch,
}

/// A site (`Get-CsSite`): its identity is `Site:<Name>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Site {
    /// The site name (`DisplayName`), e.g. `Redmond`.
    pub name: String,
    pub site_id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub kind: SiteKind,
    /// Service identity of the Edge used for federation (`EdgeServer:<pool>`), if enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federation_route: Option<String>,
    /// `DisplayName` when Set-CsSite changed it (the Identity keeps the site's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xmpp_federation_route: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_persistent_chat_pool: Option<String>,
}

/// A pool (`Get-CsPool`): a Front End/Registrar pool, an Edge pool, a SQL store…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Pool {
    pub fqdn: String,
    /// Site name.
    pub site: String,
    /// Computer FQDNs in this pool.
    pub computers: Vec<String>,
}

/// Edge-specific settings of an `EdgeServer` service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EdgeSettings {
    /// The internal interface's FQDN (the pool FQDN).
    pub internal_fqdn: String,
    /// External Access Edge FQDN (the target of `_sipfederationtls._tcp` and `_sip._tls`).
    pub access_edge_external_fqdn: String,
    pub data_proxy_external_fqdn: String,
    pub media_relay_external_fqdn: String,
    /// Port the Access Edge uses for federation (`AccessEdgeExternalSipPort`).
    pub access_edge_external_sip_port: u16,
    /// Whether this Edge pool is enabled for federation in the topology.
    pub federation_enabled: bool,
    /// The next-hop Registrar/Director pool.
    pub next_hop_pool: String,
}

/// A service running on a pool (`Get-CsService`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Service {
    /// Role as Lync spells it (`Registrar`, `EdgeServer`…, see [`super::identity::SERVICE_ROLES`]).
    pub role: String,
    /// The pool (or SQL/file server) FQDN.
    pub pool_fqdn: String,
    /// Site name.
    pub site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgeSettings>,
    /// Ports, dependencies and other settings changed with a `Set-Cs*Server` cmdlet (by the
    /// cmdlet's parameter name); a setting not stored shows its product default.
    #[serde(default, skip_serializing_if = "Properties::is_empty")]
    pub settings: Properties,
}

impl Service {
    pub fn new(role: &str, pool_fqdn: &str, site: &str) -> Service {
        Service {
            role: canonical_role(role).map_or_else(|| role.to_string(), str::to_string),
            pool_fqdn: pool_fqdn.to_string(),
            site: site.to_string(),
            edge: None,
            settings: Properties::new(),
        }
    }

    /// The service's identity as `Get-CsService` shows it: `Registrar:atl-cs-001.litwareinc.com`.
    pub fn identity(&self) -> String {
        format!("{}:{}", self.role, self.pool_fqdn)
    }
}

/// A computer (`Get-CsComputer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Computer {
    pub fqdn: String,
    pub pool: String,
}

/// The whole topology.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    pub sip_domains: Vec<SipDomain>,
    pub sites: Vec<Site>,
    pub pools: Vec<Pool>,
    pub services: Vec<Service>,
    pub computers: Vec<Computer>,
    /// Services' states, trunks, trusted applications, certificates… (`model::infra`).
    #[serde(default, skip_serializing_if = "Infrastructure::is_empty")]
    pub infra: Infrastructure,
}

impl Topology {
    /// The default SIP domain, if one is marked.
    pub fn default_sip_domain(&self) -> Option<&SipDomain> {
        self.sip_domains.iter().find(|d| d.is_default)
    }

    pub fn sip_domain(&self, name: &str) -> Option<&SipDomain> {
        self.sip_domains.iter().find(|d| eq_ci(&d.name, name))
    }

    pub fn site(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| eq_ci(&s.name, name))
    }

    pub fn pool(&self, fqdn: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| eq_ci(&p.fqdn, fqdn))
    }

    /// The service with this role on this pool (role and FQDN without case).
    pub fn service(&self, role: &str, pool_fqdn: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| eq_ci(&s.role, role) && eq_ci(&s.pool_fqdn, pool_fqdn))
    }

    /// The service with this role on this pool, for changing it.
    pub fn service_mut(&mut self, role: &str, pool_fqdn: &str) -> Option<&mut Service> {
        self.services
            .iter_mut()
            .find(|s| eq_ci(&s.role, role) && eq_ci(&s.pool_fqdn, pool_fqdn))
    }

    /// The computer the shell runs on: the one recorded, else the first computer of the
    /// first Registrar pool, else the first computer.
    pub fn local_computer(&self) -> Option<&str> {
        if let Some(c) = &self.infra.local_computer {
            return Some(c.as_str());
        }
        self.pools
            .iter()
            .find(|p| self.is_registrar_pool(&p.fqdn))
            .and_then(|p| p.computers.first())
            .or_else(|| self.computers.first().map(|c| &c.fqdn))
            .map(String::as_str)
    }

    /// Parses and finds a `Role:fqdn` service identity as `Get-CsService -Identity` takes it.
    pub fn service_by_identity(&self, identity: &str) -> Option<&Service> {
        let (role, fqdn) = identity.trim().split_once(':')?;
        self.service(role.trim(), fqdn.trim())
    }

    /// Services running on a pool, in topology order.
    pub fn services_of<'a>(&'a self, pool_fqdn: &'a str) -> impl Iterator<Item = &'a Service> {
        self.services
            .iter()
            .filter(move |s| eq_ci(&s.pool_fqdn, pool_fqdn))
    }

    /// True when the pool runs a Registrar (users can be homed or moved there).
    pub fn is_registrar_pool(&self, fqdn: &str) -> bool {
        self.service("Registrar", fqdn).is_some()
    }

    /// Edge services enabled for federation, in topology order (Move-CsUser needs exactly one).
    pub fn federation_edges(&self) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(|s| {
            s.role == "EdgeServer" && s.edge.as_ref().is_some_and(|e| e.federation_enabled)
        })
    }

    /// The site a pool belongs to.
    pub fn site_of_pool(&self, fqdn: &str) -> Option<&Site> {
        self.pool(fqdn).and_then(|p| self.site(&p.site))
    }

    /// FQDNs of the computers that run Lync services and therefore hold a CMS replica
    /// (Front End, Edge, Mediation…, not SQL or file servers), in topology order.
    pub fn replica_computers(&self) -> Vec<&str> {
        const NO_REPLICA: &[&str] = &[
            "UserDatabase",
            "ApplicationDatabase",
            "ArchivingDatabase",
            "MonitoringDatabase",
            "CentralManagementDatabase",
            "PersistentChatDatabase",
            "FileStore",
            "PstnGateway",
            "WacServer",
            "ExternalServer",
        ];
        self.computers
            .iter()
            .filter(|c| {
                self.services_of(&c.pool)
                    .any(|s| !NO_REPLICA.contains(&s.role.as_str()))
            })
            .map(|c| c.fqdn.as_str())
            .collect()
    }
}
