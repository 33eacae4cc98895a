//! The built-in deployments: Litware Inc. (the world of the official cmdlet examples, fixture F0
//! of `scenarios.md`) and a minimal one for error-path tests.
//!
//! Everything here is data; the values and their sources are explained in `docs/model.md`.

use super::cms::{CentralManagementStore, ConfigStore, kinds};
use super::dns::{DnsRecord, DnsView, DnsZone};
use super::federation;
use super::ids::{IdSource, Timestamp, VirtualClock};
use super::tenant::{Tenant, TenantDomain};
use super::topology::{Computer, EdgeSettings, Pool, Service, SipDomain, Site, SiteKind, Topology};
use super::users::{User, UserStore};
use super::{Deployment, Organization, SCHEMA_VERSION};

/// Lync Server 2013 RTM product version, shown by `Get-CsManagementStoreReplicationStatus`.
pub const PRODUCT_VERSION: &str = "5.0.8308.0";
/// Where the virtual clock of the built-in deployments starts (the date of the en-US DateTime
/// example in federation-model.md §6.3).
pub const START: Timestamp = Timestamp(1_374_508_094); // 2013-07-22T15:48:14Z
/// Seed of the built-in deployments' identifier source.
pub const SEED: u64 = 0x4c79_6e63_2013;

pub const DOMAIN: &str = "litwareinc.com";
pub const FRONT_END_POOL: &str = "atl-cs-001.litwareinc.com";
pub const SECOND_POOL: &str = "atl-cs-002.litwareinc.com";
pub const EDGE_POOL: &str = "atl-edge-001.litwareinc.com";
pub const SQL_SERVER: &str = "atl-sql-001.litwareinc.com";
pub const FILE_SERVER: &str = "atl-fs-001.litwareinc.com";
pub const ACCESS_EDGE_EXTERNAL_FQDN: &str = "sip.litwareinc.com";

fn organization() -> Organization {
    Organization {
        name: "Litware Inc.".to_string(),
        ad_domain: DOMAIN.to_string(),
        netbios_name: "LITWAREINC".to_string(),
    }
}

fn ou(name: &str) -> String {
    format!("OU={name},DC=litwareinc,DC=com")
}

struct Person {
    display: &'static str,
    sam: &'static str,
    ou: &'static str,
    department: Option<&'static str>,
    title: Option<&'static str>,
    city: &'static str,
    line_uri: Option<&'static str>,
}

const fn person(
    display: &'static str,
    sam: &'static str,
    ou: &'static str,
    department: Option<&'static str>,
    title: Option<&'static str>,
    city: &'static str,
) -> Person {
    Person {
        display,
        sam,
        ou,
        department,
        title,
        city,
        line_uri: None,
    }
}

/// Litware's people. The first two and the users of Test-Cs…/Get-Credential examples are named
/// in the official examples (`doc-examples.json`): Ken Myer (`sip:kenmyer@`, `litwareinc\kenmyer`),
/// Pilar Ackerman (`sip:pilar@`, `litwareinc\pilar`), Aidan Delaney (`adelaney`),
/// Jeff Haas (`sip:jhaas@`). The others fill the Finance, Sales and Dublin examples.
fn people() -> Vec<Person> {
    let mut p = vec![
        person(
            "Ken Myer",
            "kenmyer",
            "Redmond",
            Some("Marketing"),
            Some("Marketing Manager"),
            "Redmond",
        ),
        person(
            "Pilar Ackerman",
            "pilar",
            "Redmond",
            Some("Human Resources"),
            Some("HR Specialist"),
            "Redmond",
        ),
        person(
            "Aidan Delaney",
            "adelaney",
            "Redmond",
            Some("IT"),
            Some("Systems Engineer"),
            "Redmond",
        ),
        person(
            "Jeff Haas",
            "jhaas",
            "Redmond",
            Some("IT"),
            Some("Network Engineer"),
            "Redmond",
        ),
        person(
            "David Pelton",
            "davidpelton",
            "Redmond",
            Some("IT"),
            Some("Lync Administrator"),
            "Redmond",
        ),
        person(
            "Kim Akers",
            "kimakers",
            "Finance",
            Some("Finance"),
            Some("Accountant"),
            "Redmond",
        ),
        person(
            "David Longmire",
            "davidlongmire",
            "Finance",
            Some("Finance"),
            Some("Controller"),
            "Redmond",
        ),
        person(
            "Ellen Adams",
            "ellenadams",
            "Finance",
            Some("Finance"),
            Some("Financial Analyst"),
            "Redmond",
        ),
        person(
            "Terry Adams",
            "terryadams",
            "Finance",
            Some("Finance"),
            Some("Accountant"),
            "Redmond",
        ),
        person(
            "Marco Tanaga",
            "marcotanaga",
            "Redmond",
            Some("Sales"),
            Some("Sales Representative"),
            "Redmond",
        ),
        person(
            "Chris Cannon",
            "chriscannon",
            "Redmond",
            Some("Sales"),
            Some("Sales Representative"),
            "Redmond",
        ),
        person(
            "Karen Berg",
            "karenberg",
            "Redmond",
            Some("Sales"),
            Some("Sales Manager"),
            "Redmond",
        ),
        person(
            "Lola Jacobsen",
            "lolajacobsen",
            "Redmond",
            Some("Telecommunications"),
            Some("Telecom Engineer"),
            "Redmond",
        ),
        person(
            "Sara Davis",
            "saradavis",
            "Redmond",
            Some("Legal"),
            Some("Attorney"),
            "Redmond",
        ),
        person(
            "Garth Fort",
            "garthfort",
            "Redmond",
            Some("Research"),
            Some("Researcher"),
            "Redmond",
        ),
        person(
            "Mike Danseglio",
            "mikedanseglio",
            "Redmond",
            Some("Research"),
            Some("Research Lead"),
            "Redmond",
        ),
        person(
            "Jeff Smith",
            "jeffsmith",
            "Redmond",
            Some("Marketing"),
            Some("Copywriter"),
            "Redmond",
        ),
        person(
            "Ann Smith",
            "annsmith",
            "Redmond",
            Some("Marketing"),
            Some("Designer"),
            "Redmond",
        ),
        person(
            "Aoife Byrne",
            "aoifebyrne",
            "Dublin",
            Some("Sales"),
            Some("Sales Representative"),
            "Dublin",
        ),
        person(
            "Sean Kelly",
            "seankelly",
            "Dublin",
            Some("Support"),
            Some("Support Engineer"),
            "Dublin",
        ),
        person(
            "Claire Murphy",
            "clairemurphy",
            "Dublin",
            Some("Support"),
            Some("Support Manager"),
            "Dublin",
        ),
        person(
            "Hiroshi Sato",
            "hiroshisato",
            "Tokyo",
            Some("Sales"),
            Some("Sales Representative"),
            "Tokyo",
        ),
        person(
            "Marie Dubois",
            "mariedubois",
            "Paris",
            Some("Sales"),
            Some("Sales Representative"),
            "Paris",
        ),
    ];
    // Two Enterprise Voice users, so voice-related filters have something to find.
    for (sam, uri) in [
        ("adelaney", "tel:+14255551001"),
        ("lolajacobsen", "tel:+14255551002"),
    ] {
        if let Some(x) = p.iter_mut().find(|x| x.sam == sam) {
            x.line_uri = Some(uri);
        }
    }
    p
}

fn user_of(p: &Person, pool: &str) -> User {
    let mut u = User::on_premises(p.display, p.sam, DOMAIN, &ou(p.ou), pool);
    u.department = p.department.map(str::to_string);
    u.title = p.title.map(str::to_string);
    u.city = Some(p.city.to_string());
    if let Some(uri) = p.line_uri {
        u.line_uri = Some(uri.to_string());
        u.enterprise_voice_enabled = true;
    }
    u
}

/// An AD account not enabled for Lync (`Enable-CsUser -Identity user@litwareinc.com …`,
/// Enable-CsUser example 5).
fn ad_only_user(display: &str, sam: &str) -> User {
    let mut u = User::on_premises(display, sam, DOMAIN, &ou("Redmond"), FRONT_END_POOL);
    u.sip_address = None;
    u.registrar_pool = None;
    u
}

/// Litware's users in directory order: the named people, then AD-only accounts.
pub fn litware_users() -> Vec<User> {
    let mut users: Vec<User> = people()
        .iter()
        .map(|p| user_of(p, FRONT_END_POOL))
        .collect();
    users.push(ad_only_user("Litware User", "user"));
    users.push(ad_only_user("Kerberos Test", "kerberostest"));
    users
}

fn front_end_services(pool: &str, site: &str, mediation: bool) -> Vec<Service> {
    let mut roles = vec![
        "Registrar",
        "UserServer",
        "WebServer",
        "ConferencingServer",
        "ApplicationServer",
    ];
    if mediation {
        roles.push("MediationServer");
    }
    roles
        .into_iter()
        .map(|r| Service::new(r, pool, site))
        .collect()
}

/// Litware's topology (fixture F0): site Redmond with Front End pools atl-cs-001 (users) and
/// atl-cs-002 (empty), the federation Edge pool atl-edge-001, a SQL back end and a file store;
/// sites Dublin and Paris without pools (site-scope examples name them).
pub fn litware_topology() -> Topology {
    let site = "Redmond";
    let mut services = front_end_services(FRONT_END_POOL, site, true);
    services.extend(front_end_services(SECOND_POOL, site, false));
    let mut edge = Service::new("EdgeServer", EDGE_POOL, site);
    edge.edge = Some(EdgeSettings {
        internal_fqdn: EDGE_POOL.to_string(),
        access_edge_external_fqdn: ACCESS_EDGE_EXTERNAL_FQDN.to_string(),
        data_proxy_external_fqdn: "webconf.litwareinc.com".to_string(),
        media_relay_external_fqdn: "av.litwareinc.com".to_string(),
        access_edge_external_sip_port: 5061,
        federation_enabled: true,
        next_hop_pool: FRONT_END_POOL.to_string(),
    });
    services.push(edge);
    for role in [
        "UserDatabase",
        "ApplicationDatabase",
        "CentralManagementDatabase",
        "MonitoringDatabase",
        "ArchivingDatabase",
    ] {
        services.push(Service::new(role, SQL_SERVER, site));
    }
    services.push(Service::new("FileStore", FILE_SERVER, site));

    let pools: Vec<Pool> = [
        FRONT_END_POOL,
        SECOND_POOL,
        EDGE_POOL,
        SQL_SERVER,
        FILE_SERVER,
    ]
    .iter()
    .map(|f| Pool {
        fqdn: (*f).to_string(),
        site: site.to_string(),
        computers: vec![(*f).to_string()],
    })
    .collect();
    let computers = pools
        .iter()
        .map(|p| Computer {
            fqdn: p.fqdn.clone(),
            pool: p.fqdn.clone(),
        })
        .collect();
    Topology {
        sip_domains: vec![SipDomain {
            name: DOMAIN.to_string(),
            is_default: true,
        }],
        sites: vec![
            Site {
                name: "Redmond".to_string(),
                site_id: 1,
                description: Some("Redmond headquarters".to_string()),
                kind: SiteKind::Central,
                federation_route: Some(format!("EdgeServer:{EDGE_POOL}")),
                ..Site::default()
            },
            Site {
                name: "Dublin".to_string(),
                site_id: 2,
                description: None,
                kind: SiteKind::Central,
                federation_route: None,
                ..Site::default()
            },
            Site {
                name: "Paris".to_string(),
                site_id: 3,
                description: None,
                kind: SiteKind::Central,
                federation_route: None,
                ..Site::default()
            },
        ],
        pools,
        services,
        computers,
        ..Topology::default()
    }
}

/// The CMS of a fresh Lync 2013 install (federation family only): Global AccessEdgeConfiguration
/// (DNS SRV routing), Global ExternalAccessPolicy (all False), the three shipped public providers
/// (disabled); no hosting providers, no allowed or blocked domains.
/// Replicas: one per computer that runs Lync services, all up to date.
pub fn fresh_cms(topology: &Topology, master: &str, now: Timestamp) -> CentralManagementStore {
    let mut cms = CentralManagementStore::new(master);
    let mut seed = |kind: &str, doc| {
        // Seeding distinct identities into an empty store cannot collide.
        let _ = cms.seed(kind, doc);
    };
    seed(
        kinds::ACCESS_EDGE_CONFIGURATION,
        federation::access_edge_configuration(),
    );
    seed(
        kinds::EXTERNAL_ACCESS_POLICY,
        federation::external_access_policy(super::Identity::Global),
    );
    for p in federation::shipped_public_providers() {
        seed(kinds::PUBLIC_PROVIDER, p);
    }
    for fqdn in topology.replica_computers() {
        cms.add_replica(fqdn, now, PRODUCT_VERSION);
    }
    cms
}

fn srv(name: &str, port: u16, target: &str, view: DnsView) -> DnsRecord {
    DnsRecord::Srv {
        name: name.to_string(),
        view,
        priority: 0,
        weight: 0,
        port,
        target: target.to_string(),
    }
}

fn a(name: &str, address: &str, view: DnsView) -> DnsRecord {
    DnsRecord::A {
        name: name.to_string(),
        view,
        address: address.to_string(),
    }
}

/// Litware's DNS: external federation/remote-access records pointing at the Access Edge and the
/// reverse proxy, internal records for the pools.
pub fn litware_dns() -> DnsZone {
    use DnsView::{External, Internal};
    DnsZone {
        records: vec![
            srv(
                "_sipfederationtls._tcp.litwareinc.com",
                5061,
                ACCESS_EDGE_EXTERNAL_FQDN,
                External,
            ),
            srv(
                "_sip._tls.litwareinc.com",
                443,
                ACCESS_EDGE_EXTERNAL_FQDN,
                External,
            ),
            a(ACCESS_EDGE_EXTERNAL_FQDN, "131.107.155.10", External),
            a("webconf.litwareinc.com", "131.107.155.20", External),
            a("av.litwareinc.com", "131.107.155.30", External),
            a("lyncdiscover.litwareinc.com", "131.107.155.40", External),
            a("meet.litwareinc.com", "131.107.155.40", External),
            a("dialin.litwareinc.com", "131.107.155.40", External),
            srv(
                "_sipinternaltls._tcp.litwareinc.com",
                5061,
                FRONT_END_POOL,
                Internal,
            ),
            a(FRONT_END_POOL, "192.168.0.10", Internal),
            a(SECOND_POOL, "192.168.0.11", Internal),
            a(EDGE_POOL, "192.168.0.20", Internal),
            a(SQL_SERVER, "192.168.0.30", Internal),
            a(FILE_SERVER, "192.168.0.31", Internal),
            a(
                "lyncdiscoverinternal.litwareinc.com",
                "192.168.0.10",
                Internal,
            ),
            a("sipinternal.litwareinc.com", "192.168.0.10", Internal),
        ],
    }
}

/// The Office 365 tenant `litwareinc.onmicrosoft.com`: `litwareinc.com` verified, federation
/// open with `SharedSipAddressSpace` False (so S07's fault 510 happens until it is turned on).
pub fn litware_tenant(ids: &mut IdSource) -> Tenant {
    let mut configuration = ConfigStore::new();
    // An empty store cannot already hold the Global document.
    let _ = configuration.insert(
        kinds::TENANT_FEDERATION_CONFIGURATION,
        federation::tenant_federation_configuration(),
    );
    Tenant {
        tenant_id: ids.next_guid(),
        display_name: "Litware Inc.".to_string(),
        domains: vec![
            TenantDomain {
                name: "litwareinc.onmicrosoft.com".to_string(),
                verified: true,
            },
            TenantDomain {
                name: DOMAIN.to_string(),
                verified: true,
            },
        ],
        admin_host: "admin0a.online.lync.com".to_string(),
        online_proxy_fqdn: "sipfed.online.lync.com".to_string(),
        online_registrar_pool: "sippoolbl20a03.infra.lync.com".to_string(),
        configuration,
    }
}

/// The built-in default deployment: Litware Inc.
pub fn litware() -> Deployment {
    litware_with_users(litware_users())
}

/// Litware with another user list (the large fixture adds generated users).
pub(crate) fn litware_with_users(users: Vec<User>) -> Deployment {
    let mut ids = IdSource::new(SEED);
    let mut topology = litware_topology();
    let mut cms = fresh_cms(&topology, FRONT_END_POOL, START);
    super::examples::seed(&mut cms);
    super::default_lab::seed(&mut cms);
    super::infra_seed::seed(&mut topology);
    let tenant = litware_tenant(&mut ids);
    Deployment {
        schema_version: SCHEMA_VERSION,
        organization: organization(),
        clock: VirtualClock::starting_at(START),
        ids,
        topology,
        cms,
        // The built-in user lists have no duplicate keys (checked by a test).
        users: UserStore::from_users(users).unwrap_or_default(),
        tenant: Some(tenant),
        dns: litware_dns(),
        entities: super::default_entities::litware_entities(),
        actions: super::actions::litware_actions("LITWAREINC"),
    }
}

/// A minimal deployment for error-path tests: one SIP domain, one Front End pool, no Edge, no
/// tenant, three users (Ken Myer, Pilar Ackerman, Aidan Delaney — the last one neither
/// synchronized nor licensed online).
pub fn small() -> Deployment {
    let site = "Redmond";
    let topology = Topology {
        sip_domains: vec![SipDomain {
            name: DOMAIN.to_string(),
            is_default: true,
        }],
        sites: vec![Site {
            name: site.to_string(),
            site_id: 1,
            description: None,
            kind: SiteKind::Central,
            federation_route: None,
            ..Site::default()
        }],
        pools: vec![Pool {
            fqdn: FRONT_END_POOL.to_string(),
            site: site.to_string(),
            computers: vec![FRONT_END_POOL.to_string()],
        }],
        services: front_end_services(FRONT_END_POOL, site, false),
        computers: vec![Computer {
            fqdn: FRONT_END_POOL.to_string(),
            pool: FRONT_END_POOL.to_string(),
        }],
        ..Topology::default()
    };
    let cms = fresh_cms(&topology, FRONT_END_POOL, START);
    let mut users: Vec<User> = people()
        .iter()
        .take(3)
        .map(|p| user_of(p, FRONT_END_POOL))
        .collect();
    if let Some(u) = users.get_mut(2) {
        u.dir_synced = false;
        u.online_licensed = false;
    }
    Deployment {
        schema_version: SCHEMA_VERSION,
        organization: organization(),
        clock: VirtualClock::starting_at(START),
        ids: IdSource::new(SEED),
        topology,
        cms,
        users: UserStore::from_users(users).unwrap_or_default(),
        tenant: None,
        dns: DnsZone {
            records: vec![
                srv(
                    "_sipinternaltls._tcp.litwareinc.com",
                    5061,
                    FRONT_END_POOL,
                    DnsView::Internal,
                ),
                a(FRONT_END_POOL, "192.168.0.10", DnsView::Internal),
            ],
        },
        entities: ConfigStore::new(),
        actions: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Identity, PropValue};

    #[test]
    fn user_lists_have_no_duplicates() {
        assert!(UserStore::from_users(litware_users()).is_ok());
        assert_eq!(litware().users.len(), litware_users().len());
    }

    #[test]
    fn litware_matches_fixture_f0() {
        let d = litware();
        assert!(d.users.iter().filter(|u| u.is_lync_enabled()).count() >= 20);
        let ken = d
            .resolve_lync_user("Ken Myer")
            .ok()
            .and_then(|p| d.users.get(p));
        assert_eq!(
            ken.map(|u| (
                u.sip_address.as_deref(),
                u.registrar_pool.as_deref(),
                u.hosting_provider.as_str()
            )),
            Some((
                Some("sip:kenmyer@litwareinc.com"),
                Some(FRONT_END_POOL),
                "SRV:"
            ))
        );
        for id in [
            "sip:pilar@litwareinc.com",
            "Pilar Ackerman",
            "litwareinc\\pilar",
            "kenmyer@litwareinc.com",
            "litwareinc\\adelaney",
            "sip:jhaas@litwareinc.com",
        ] {
            assert!(d.resolve_lync_user(id).is_ok(), "{id}");
        }
        assert!(d.resolve_user("user@litwareinc.com").is_ok());
        assert!(d.resolve_lync_user("user@litwareinc.com").is_err());
        let replicas: Vec<&str> = d.cms.replicas().iter().map(|r| r.fqdn.as_str()).collect();
        assert_eq!(replicas, [FRONT_END_POOL, SECOND_POOL, EDGE_POOL]);
        assert!(d.cms.replicas().iter().all(|r| d.cms.is_up_to_date(r)));
        assert_eq!(d.topology.federation_edges().count(), 1);
        assert!(
            d.users
                .iter()
                .all(|u| u.registrar_pool.as_deref() != Some(SECOND_POOL))
        );
    }

    #[test]
    fn litware_has_fresh_install_configuration() {
        let d = litware();
        let edge = d.document(kinds::ACCESS_EDGE_CONFIGURATION, &Identity::Global);
        assert_eq!(
            edge.and_then(|e| e.get("RoutingMethod")),
            Some(&PropValue::str("UseDnsSrvRouting"))
        );
        // Global, plus the lab's per-user (tag) policies (default_lab.rs).
        let policies = d.documents(kinds::EXTERNAL_ACCESS_POLICY);
        assert_eq!(
            policies
                .iter()
                .filter(|p| !matches!(p.identity, Identity::Tag(_)))
                .count(),
            1
        );
        let providers = d.documents(kinds::PUBLIC_PROVIDER);
        assert_eq!(providers.len(), 3);
        assert!(
            providers
                .iter()
                .all(|p| p.get("Enabled") == Some(&PropValue::Bool(false)))
        );
        assert!(
            d.document(kinds::PUBLIC_PROVIDER, &Identity::plain("messenger"))
                .is_some()
        );
        assert!(d.documents(kinds::HOSTING_PROVIDER).is_empty());
        assert!(d.documents(kinds::ALLOWED_DOMAIN).is_empty());
        assert!(d.documents(kinds::BLOCKED_DOMAIN).is_empty());
        let shared = d.tenant.as_ref().and_then(|t| {
            t.configuration
                .get(kinds::TENANT_FEDERATION_CONFIGURATION, &Identity::Global)
                .and_then(|c| c.get("SharedSipAddressSpace").cloned())
        });
        assert_eq!(shared, Some(PropValue::Bool(false)));
        assert!(d.users.iter().all(|u| u.dir_synced && u.online_licensed));
        let srv = d
            .dns
            .srv("_SIPFEDERATIONTLS._tcp.litwareinc.com", DnsView::External);
        assert_eq!(
            srv.first().map(|s| (s.target, s.port)),
            Some((ACCESS_EDGE_EXTERNAL_FQDN, 5061))
        );
        assert_eq!(
            d.dns
                .addresses(ACCESS_EDGE_EXTERNAL_FQDN, DnsView::External),
            ["131.107.155.10"]
        );
    }

    #[test]
    fn small_is_minimal() {
        let d = small();
        assert_eq!(d.users.len(), 3);
        assert_eq!(d.topology.pools.len(), 1);
        assert_eq!(d.topology.federation_edges().count(), 0);
        assert!(d.tenant.is_none());
        assert_eq!(d.cms.replicas().len(), 1);
    }
}
