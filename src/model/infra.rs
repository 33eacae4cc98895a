//! Deployment infrastructure around the published topology: Windows service states, trunks,
//! trusted applications and their endpoints, certificates, conference directories, device
//! update rules, database and Active Directory preparation state, and the management store's
//! location. The infrastructure cmdlets (`cmdlets::infra`) read and change this; nothing here
//! knows about syntax or printing.
//!
//! Every part defaults to empty, so state files written before it existed still load.

use serde::{Deserialize, Serialize};

use super::identity::eq_ci;
use super::ids::Timestamp;

/// A Lync Windows service that is stopped on a computer (every other one runs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StoppedService {
    pub computer: String,
    /// Service name (`RTCSRV`, `RTCRGS`…).
    pub name: String,
}

/// A SIP trunk from a Mediation pool to a PSTN gateway (`Get-CsTrunk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Trunk {
    /// The gateway's FQDN or IP address (`192.168.0.240`); the identity is `PstnGateway:<it>`.
    pub gateway: String,
    pub site: String,
    /// The Mediation pool the trunk is associated with.
    pub mediation_pool: String,
    pub gateway_sip_port: u16,
    pub mediation_port: u16,
    pub routable: bool,
}

/// A trusted application on a trusted application pool (`Get-CsTrustedApplication`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TrustedApplication {
    pub application_id: String,
    pub pool_fqdn: String,
    pub port: u16,
    #[serde(default)]
    pub enable_tcp: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_application_name: Option<String>,
}

impl TrustedApplication {
    /// `TrustPool.litwareinc.com/urn:application:tapp2`, as Lync shows it.
    pub fn identity(&self) -> String {
        format!(
            "{}/urn:application:{}",
            self.pool_fqdn,
            self.application_id.to_ascii_lowercase()
        )
    }
}

/// An application endpoint: an AD contact owned by a trusted application, or (hybrid) an
/// endpoint of an online application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationEndpoint {
    /// Distinguished name of the contact object.
    pub identity: String,
    pub sip_address: String,
    pub display_name: String,
    /// Trusted application id (or the hybrid application's GUID).
    pub application_id: String,
    /// Owning trusted application pool; empty for hybrid endpoints.
    #[serde(default)]
    pub pool_fqdn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_number: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub hybrid: bool,
}

fn yes() -> bool {
    true
}

/// A certificate in the local computer's store that Lync uses for one or more purposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Certificate {
    pub thumbprint: String,
    pub subject: String,
    pub issuer: String,
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub serial_number: String,
    pub alternative_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// The computer whose store holds it.
    pub computer: String,
    /// The uses it is assigned to (`Default`, `WebServicesInternal`…); empty = only in the
    /// store (imported or issued, not yet assigned with Set-CsCertificate).
    pub uses: Vec<String>,
}

/// A certificate request made with `Request-CsCertificate -New`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CertificateRequest {
    pub request_id: u32,
    pub types: Vec<String>,
    pub computer: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The thumbprint of the issued certificate, once the CA answered (online requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
}

/// A client certificate issued to a user's device (Lync Phone Edition PIN sign-in), known
/// by the user's SIP address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClientCertificate {
    pub sip_address: String,
    pub serial_number: String,
    pub publication_time: Timestamp,
    pub expiration_time: Timestamp,
}

/// A conference directory (`Get-CsConferenceDirectory`): a numeric id homed on a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConferenceDirectory {
    pub id: u32,
    pub home_pool: String,
}

/// A device update rule, created by importing an update package on a Web server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeviceUpdateRule {
    /// Web server service identity, `WebServer:atl-cs-001.litwareinc.com`.
    pub service: String,
    /// The rule id (a GUID as Lync writes it).
    pub id: String,
    pub brand: String,
    pub model: String,
    pub device_type: String,
    pub update_type: String,
    pub locale: String,
    pub revision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_version: Option<String>,
}

/// A database installed by `Install-CsDatabase` / `Install-CsMirrorDatabase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstalledDatabase {
    pub sql_server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// `CentralMgmt`, `User`, `Application`, `Archiving`, `Monitoring`…
    pub database_type: String,
    #[serde(default)]
    pub mirror: bool,
}

/// A Kerberos web authentication account (`New-CsKerberosAccount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KerberosAccount {
    /// `DOMAIN\account` as given.
    pub user_account: String,
    pub container: String,
    /// How many times its password was reset.
    #[serde(default)]
    pub password_changes: u32,
}

/// An OU permission grant (`Grant-CsOUPermission`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OuPermission {
    pub ou: String,
    pub object_type: String,
}

/// Active Directory preparation (Enable-CsAdForest/Domain, Install-CsAdServerSchema).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AdState {
    pub schema_prepared: bool,
    pub forest_prepared: bool,
    /// Domains prepared with Enable-CsAdDomain.
    pub prepared_domains: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ou_permissions: Vec<OuPermission>,
    /// OUs granted the setup permission for computer accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup_permissions: Vec<String>,
}

impl Default for AdState {
    /// A deployed forest: schema, forest and the root domain prepared.
    fn default() -> Self {
        AdState {
            schema_prepared: true,
            forest_prepared: true,
            prepared_domains: Vec::new(),
            ou_permissions: Vec::new(),
            setup_permissions: Vec::new(),
        }
    }
}

/// Where the Central Management store lives and how the shell reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StoreLocation {
    /// `sqlfqdn\instance` of the CMS back end; `None` = not registered in AD (removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<String>,
    /// The computer running the master Central Management service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_server: Option<String>,
    /// A session override (`Set-CsManagementConnection`): provider and connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<(String, String)>,
}

/// A database purge run (the monitoring/archiving stores keep no records in the model, so a
/// purge deletes nothing; the run itself is recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PurgeRun {
    pub database: String,
    pub kind: String,
    pub older_than: String,
    pub at: Timestamp,
}

/// Everything above, kept with the topology.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields, default)]
pub struct Infrastructure {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stopped_services: Vec<StoppedService>,
    /// Computers on which Enable-CsComputer has not run (Disable-CsComputer was used).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disabled_computers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trunks: Vec<Trunk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trusted_applications: Vec<TrustedApplication>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<ApplicationEndpoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificate_requests: Vec<CertificateRequest>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_certificates: Vec<ClientCertificate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conference_directories: Vec<ConferenceDirectory>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub device_update_rules: Vec<DeviceUpdateRule>,
    /// User databases (`UserDatabase:<sql>`) taken offline with Set-CsUserDatabaseState.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offline_user_databases: Vec<String>,
    /// Pools whose users are failed over to their backup pool.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_over_pools: Vec<String>,
    /// Backup pairs (pool, backup pool), declared both ways.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backup_pairs: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub databases: Vec<InstalledDatabase>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kerberos_accounts: Vec<KerberosAccount>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purges: Vec<PurgeRun>,
    pub ad: AdState,
    pub store: StoreLocation,
    /// The computer the shell runs on (Get-CsCertificate, Get-CsWindowsService without
    /// -ComputerName); `None` = the first computer of the first Registrar pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_computer: Option<String>,
}

impl Infrastructure {
    pub fn is_empty(&self) -> bool {
        self == &Infrastructure::default()
    }

    pub fn is_stopped(&self, computer: &str, name: &str) -> bool {
        self.stopped_services
            .iter()
            .any(|s| eq_ci(&s.computer, computer) && eq_ci(&s.name, name))
    }

    /// Records a service as running (`true`) or stopped; returns whether anything changed.
    pub fn set_running(&mut self, computer: &str, name: &str, running: bool) -> bool {
        let was_stopped = self.is_stopped(computer, name);
        if running && was_stopped {
            self.stopped_services
                .retain(|s| !(eq_ci(&s.computer, computer) && eq_ci(&s.name, name)));
            true
        } else if !running && !was_stopped {
            self.stopped_services.push(StoppedService {
                computer: computer.to_string(),
                name: name.to_string(),
            });
            true
        } else {
            false
        }
    }

    /// The backup pool of a pool, if a backup pair names it.
    pub fn backup_of(&self, pool: &str) -> Option<&str> {
        self.backup_pairs.iter().find_map(|(a, b)| {
            if eq_ci(a, pool) {
                Some(b.as_str())
            } else if eq_ci(b, pool) {
                Some(a.as_str())
            } else {
                None
            }
        })
    }

    pub fn is_failed_over(&self, pool: &str) -> bool {
        self.failed_over_pools.iter().any(|p| eq_ci(p, pool))
    }

    /// Gives `uses` on `computer` to the certificate `thumbprint`, taking them from the
    /// computer's other certificates; with `None` the uses are only taken away.
    pub fn assign_uses(&mut self, computer: &str, thumbprint: Option<&str>, uses: &[String]) {
        for c in self
            .certificates
            .iter_mut()
            .filter(|c| eq_ci(&c.computer, computer))
        {
            if thumbprint.is_some_and(|t| eq_ci(t, &c.thumbprint)) {
                for u in uses {
                    if !c.uses.iter().any(|x| eq_ci(x, u)) {
                        c.uses.push(u.clone());
                    }
                }
            } else {
                c.uses.retain(|x| !uses.iter().any(|u| eq_ci(u, x)));
            }
        }
    }

    /// Whether a database (or its mirror) of this type is installed on the server.
    pub fn has_database(&self, server: &str, database_type: &str, mirror: bool) -> bool {
        self.databases.iter().any(|d| {
            d.mirror == mirror
                && eq_ci(&d.sql_server, server)
                && eq_ci(&d.database_type, database_type)
        })
    }

    /// Installs (or re-creates) a database or mirror of this type on the server.
    pub fn install_database(
        &mut self,
        server: &str,
        instance: Option<String>,
        database_type: &str,
        mirror: bool,
    ) {
        self.drop_database(server, database_type, mirror);
        self.databases.push(InstalledDatabase {
            sql_server: server.to_string(),
            instance,
            database_type: database_type.to_string(),
            mirror,
        });
    }

    /// Removes a database (or its mirror) of this type from the server.
    pub fn drop_database(&mut self, server: &str, database_type: &str, mirror: bool) {
        self.databases.retain(|d| {
            !(d.mirror == mirror
                && eq_ci(&d.sql_server, server)
                && eq_ci(&d.database_type, database_type))
        });
    }

    pub fn is_offline(&self, user_database: &str) -> bool {
        self.offline_user_databases
            .iter()
            .any(|d| eq_ci(d, user_database))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_infrastructure_round_trips_and_is_skipped() {
        let i = Infrastructure::default();
        assert!(i.is_empty());
        let text = serde_json::to_string(&i).unwrap_or_default();
        let back: Infrastructure = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, i);
        let old: Infrastructure = serde_json::from_str("{}").unwrap_or_default();
        assert!(old.is_empty());
    }

    #[test]
    fn services_start_and_stop_once() {
        let mut i = Infrastructure::default();
        assert!(!i.set_running("a", "RTCSRV", true));
        assert!(i.set_running("a", "RTCSRV", false));
        assert!(i.is_stopped("A", "rtcsrv"));
        assert!(!i.set_running("a", "RTCSRV", false));
        assert!(i.set_running("a", "RTCSRV", true));
        assert!(i.stopped_services.is_empty());
    }

    #[test]
    fn backup_pairs_work_both_ways() {
        let i = Infrastructure {
            backup_pairs: vec![("p1".into(), "p2".into())],
            ..Infrastructure::default()
        };
        assert_eq!(i.backup_of("P2"), Some("p1"));
        assert_eq!(i.backup_of("p1"), Some("p2"));
        assert_eq!(i.backup_of("p3"), None);
    }
}
