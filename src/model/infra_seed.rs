//! What the infrastructure examples of the Lync reference find in the Litware deployment:
//! a Dublin Front End pool paired with atl-cs-001 for disaster recovery, a PSTN gateway and its
//! trunk, two trusted application pools with applications and an endpoint, a hybrid
//! application endpoint, certificates on the Front End and Edge servers, conference
//! directories and device update rules.
//!
//! Called once by [`super::default::litware`] after the CMS replicas are fixed, so the replica
//! list stays fixture F0's.

use super::infra::{
    ApplicationEndpoint, Certificate, ClientCertificate, ConferenceDirectory, DeviceUpdateRule,
    InstalledDatabase, KerberosAccount, Trunk, TrustedApplication,
};
use super::topology::{Computer, Pool, Service, Topology};
use super::{SiteKind, Timestamp};

const FRONT_END: &str = "atl-cs-001.litwareinc.com";
const EDGE: &str = "atl-edge-001.litwareinc.com";
const DUBLIN_POOL: &str = "dublin-cs-001.litwareinc.com";
const GATEWAY: &str = "192.168.0.240";
const TRUST_POOL: &str = "TrustPool.litwareinc.com";
const PCHAT_POOL: &str = "PChatServerCollection.litwareinc.com";
const TRUST_POOL_A: &str = "TrustPoolA.litwareinc.com";
/// The thumbprint the Set-CsCertificate examples assign: a certificate already in the Front
/// End's store but not yet assigned to any use.
pub const UNASSIGNED_THUMBPRINT: &str = "B142918E463981A76503828BB1278391B716280987B";

fn pool(t: &mut Topology, fqdn: &str, site: &str, computers: &[&str], roles: &[&str]) {
    t.pools.push(Pool {
        fqdn: fqdn.to_string(),
        site: site.to_string(),
        computers: computers.iter().map(|c| (*c).to_string()).collect(),
    });
    for c in computers {
        t.computers.push(Computer {
            fqdn: (*c).to_string(),
            pool: fqdn.to_string(),
        });
    }
    for r in roles {
        t.services.push(Service::new(r, fqdn, site));
    }
}

fn cert(
    thumbprint: &str,
    subject: &str,
    names: &[&str],
    computer: &str,
    uses: &[&str],
) -> Certificate {
    Certificate {
        thumbprint: thumbprint.to_string(),
        subject: format!("CN={subject}"),
        issuer: "CN=MyCa".to_string(),
        // 2013-01-15 to 2015-01-15.
        not_before: Timestamp(1_358_208_000),
        not_after: Timestamp(1_421_280_000),
        serial_number: format!("61{}", thumbprint.get(..16).unwrap_or(thumbprint)),
        alternative_names: names.iter().map(|n| format!("sip:{n}")).collect(),
        friendly_name: None,
        computer: computer.to_string(),
        uses: uses.iter().map(|u| (*u).to_string()).collect(),
    }
}

fn endpoint(id: &str, sip: &str, name: &str, app: &str, pool: &str) -> ApplicationEndpoint {
    ApplicationEndpoint {
        identity: format!(
            "CN={{{id}}},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=litwareinc,DC=com"
        ),
        sip_address: sip.to_string(),
        display_name: name.to_string(),
        application_id: app.to_string(),
        pool_fqdn: pool.to_string(),
        line_uri: None,
        display_number: None,
        enabled: true,
        hybrid: false,
    }
}

fn rule(id: &str, brand: &str, model: &str, device_type: &str, approved: bool) -> DeviceUpdateRule {
    DeviceUpdateRule {
        service: format!("WebServer:{FRONT_END}"),
        id: id.to_string(),
        brand: brand.to_string(),
        model: model.to_string(),
        device_type: device_type.to_string(),
        update_type: "UCUpdates".to_string(),
        locale: "en-us".to_string(),
        revision: "A".to_string(),
        approved_version: approved.then(|| "4.0.7577.4066".to_string()),
        pending_version: Some("4.0.7577.4100".to_string()),
        restore_version: approved.then(|| "4.0.7577.4051".to_string()),
    }
}

fn database_type(role: &str) -> Option<&'static str> {
    Some(match role {
        "UserDatabase" => "User",
        "ApplicationDatabase" => "Application",
        "CentralManagementDatabase" => "CentralMgmt",
        "MonitoringDatabase" => "Monitoring",
        "ArchivingDatabase" => "Archiving",
        _ => return None,
    })
}

/// Adds the infrastructure objects to Litware's topology.
pub fn seed(t: &mut Topology) {
    // A second, non-default SIP domain (Get/Set/Remove-CsSipDomain examples name it).
    t.sip_domains.push(super::topology::SipDomain {
        name: "fabrikam.com".to_string(),
        is_default: false,
    });
    if let Some(dublin) = t.sites.iter_mut().find(|s| s.name == "Dublin") {
        dublin.kind = SiteKind::Central;
    }
    pool(
        t,
        DUBLIN_POOL,
        "Dublin",
        &[DUBLIN_POOL],
        &["Registrar", "UserServer", "WebServer", "ConferencingServer"],
    );
    t.infra
        .backup_pairs
        .push((FRONT_END.to_string(), DUBLIN_POOL.to_string()));
    pool(t, GATEWAY, "Redmond", &[GATEWAY], &["PstnGateway"]);
    t.infra.trunks.push(Trunk {
        gateway: GATEWAY.to_string(),
        site: "Redmond".to_string(),
        mediation_pool: FRONT_END.to_string(),
        gateway_sip_port: 5066,
        mediation_port: 5067,
        routable: true,
    });
    pool(
        t,
        TRUST_POOL,
        "Redmond",
        &["Trust1.litwareinc.com", "Trust2.litwareinc.com"],
        &["TrustedApplicationPool"],
    );
    pool(
        t,
        TRUST_POOL_A,
        "Redmond",
        &["TrustA1.litwareinc.com"],
        &["TrustedApplicationPool"],
    );
    for (app, port) in [("tapp1", 6000), ("tapp2", 6001)] {
        t.infra.trusted_applications.push(TrustedApplication {
            application_id: app.to_string(),
            pool_fqdn: TRUST_POOL.to_string(),
            port,
            enable_tcp: false,
            legacy_application_name: None,
        });
    }
    t.infra.endpoints.push(endpoint(
        "2b6a5d64-1c0c-4b1c-8a7a-3c0d6f4f1e11",
        "sip:endpoint1@litwareinc.com",
        "Endpoint 1",
        "tapp2",
        TRUST_POOL,
    ));
    t.infra.endpoints.push(ApplicationEndpoint {
        identity: "CN={4f6c99fe-7999-4088-ac4d-e88e0b3d3820},OU=Redmond,DC=litwareinc,DC=com"
            .to_string(),
        sip_address: "sip:helpbot@litwareinc.com".to_string(),
        display_name: "Help Desk bot".to_string(),
        application_id: "41ec7d50-ba91-48b0-b7e3-84cf6d9c0e1e".to_string(),
        pool_fqdn: String::new(),
        line_uri: None,
        display_number: None,
        enabled: true,
        hybrid: true,
    });
    t.infra.certificates = vec![
        cert(
            "A9A5D2B9D2B5C6A5E1F0B2C3D4E5F60718293A4B",
            FRONT_END,
            &[
                "atl-cs-001.litwareinc.com",
                "meet.litwareinc.com",
                "dialin.litwareinc.com",
            ],
            FRONT_END,
            &["Default", "WebServicesInternal"],
        ),
        cert(
            "C3B1E0F7A6D5C4B3A29180F7E6D5C4B3A2918070",
            "atl-cs-001-ext.litwareinc.com",
            &["meet.litwareinc.com", "lyncdiscover.litwareinc.com"],
            FRONT_END,
            &["WebServicesExternal"],
        ),
        cert(
            UNASSIGNED_THUMBPRINT,
            FRONT_END,
            &["atl-cs-001.litwareinc.com", "lyncdiscover.litwareinc.com"],
            FRONT_END,
            &[],
        ),
        cert(
            "D4E5F60718293A4BA9A5D2B9D2B5C6A5E1F0B2C3",
            "sip.litwareinc.com",
            &["sip.litwareinc.com", "webconf.litwareinc.com"],
            EDGE,
            &[
                "AccessEdgeExternal",
                "DataEdgeExternal",
                "AudioVideoAuthentication",
            ],
        ),
        cert(
            "E5F60718293A4BA9A5D2B9D2B5C6A5E1F0B2C3D4",
            EDGE,
            &[EDGE],
            EDGE,
            &["Internal"],
        ),
    ];
    // Phone sign-in certificates of two users (2013-03-01, valid 180 days).
    t.infra.client_certificates = ["sip:kenmyer@litwareinc.com", "sip:pilar@litwareinc.com"]
        .iter()
        .enumerate()
        .map(|(i, sip)| ClientCertificate {
            sip_address: (*sip).to_string(),
            serial_number: format!("6A1F0C{i:02}00000000004F"),
            publication_time: Timestamp(1_362_096_000),
            expiration_time: Timestamp(1_362_096_000 + 180 * 86_400),
        })
        .collect();
    t.infra.conference_directories = (1..=3)
        .map(|id| ConferenceDirectory {
            id,
            home_pool: FRONT_END.to_string(),
        })
        .collect();
    t.infra.device_update_rules = vec![
        rule(
            "d5ce3c10-2588-420a-82ac-dc2d9b1222ff9",
            "LG-Nortel",
            "IP8540",
            "UCPhone",
            true,
        ),
        rule(
            "0b4a7a5e-59d2-4d0c-9f5b-1f7d3c2a1e40",
            "Polycom",
            "CX600",
            "UCPhone",
            false,
        ),
    ];
    // Lync 2013 Front End pools collocate Monitoring and Archiving; atl-cs-001 also hosts
    // the Central Management Server.
    for role in ["ArchivingServer", "MonitoringServer", "ManagementServer"] {
        t.services.push(Service::new(role, FRONT_END, "Redmond"));
    }
    for s in t.services.clone() {
        if let Some(ty) = database_type(&s.role) {
            t.infra.databases.push(InstalledDatabase {
                sql_server: s.pool_fqdn.clone(),
                instance: Some("rtc".to_string()),
                database_type: ty.to_string(),
                mirror: false,
            });
        }
    }
    t.infra.databases.push(InstalledDatabase {
        sql_server: "atl-mirror-001.litwareinc.com".to_string(),
        instance: Some("rtc".to_string()),
        database_type: "User".to_string(),
        mirror: true,
    });
    t.infra
        .ad
        .prepared_domains
        .push("litwareinc.com".to_string());
    t.infra.kerberos_accounts.push(KerberosAccount {
        user_account: "LITWAREINC\\kerbauth".to_string(),
        container: "CN=Computers,DC=litwareinc,DC=com".to_string(),
        password_changes: 0,
    });
    t.infra.store.backend = Some("atl-sql-001.litwareinc.com\\rtc".to_string());
    t.infra.store.mirror = Some("atl-mirror-001.litwareinc.com\\rtc".to_string());
    pool(
        t,
        PCHAT_POOL,
        "Redmond",
        &["atl-gc-001.litwareinc.com", "atl-gc-002.litwareinc.com"],
        &["PersistentChatServer"],
    );
    t.infra.store.management_server = Some(FRONT_END.to_string());
}
