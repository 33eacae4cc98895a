//! Topology reads: Get-CsSite, Get-CsPool, Get-CsService and Get-CsComputer over the published
//! topology of the deployment. Read-only; no errors of their own beyond an unmodelled switch.
//!
//! Object shapes follow the Lync 2013 reference pages' OUTPUTS and the property names their
//! examples use (`$_.Services.Count`, `-ExpandProperty Computers`, `Select-Object Identity,
//! DisplayName`); property order is ours (≈) where no console capture was found.

use super::Behaviour;
use super::infra::{computer_object, obj, opt};
use crate::model::Deployment;
use crate::model::topology::{Service, SiteKind};
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::value::Value;

type R<T> = Result<T, Flow>;

/// REF:Get-CsSite OUTPUTS (`Site+CentralSite`); branch sites are `Site+BranchSite` ≈.
const CENTRAL_SITE_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.Site+CentralSite";
const BRANCH_SITE_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.Site+BranchSite";
/// ? (REF pages name no type for pools, services and computers; the namespace is Site's).
const POOL_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.DefaultPool";
const SERVICE_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.DefaultService";
const COMPUTER_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.DefaultComputer";

/// The Lync 2013 service version number shown by Get-CsService (`Version : 6`).
const SERVICE_VERSION: i32 = 6;

fn strs(items: impl IntoIterator<Item = String>) -> Value {
    Value::array(items.into_iter().map(|s| Value::str(&s)).collect())
}

fn text(b: &Bound, name: &str) -> Option<String> {
    b.values
        .get(name)
        .filter(|v| !v.is_null())
        .map(convert::to_string)
}

/// `-Identity` of Get-CsSite may be given with or without `site:`; `-Filter` matches the
/// displayed Identity (`Site:Redmond`) with wildcards.
fn wanted(b: &Bound, shown: &str, bare: &str) -> bool {
    if let Some(id) = text(b, "Identity") {
        let id = id.trim();
        let id = id
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("site:"))
            .and_then(|_| id.get(5..))
            .unwrap_or(id);
        return id.eq_ignore_ascii_case(bare) || id.eq_ignore_ascii_case(shown);
    }
    if let Some(f) = text(b, "Filter") {
        return super::wildcard_match(&f, shown) || super::wildcard_match(&f, bare);
    }
    true
}

fn services_of_site(d: &Deployment, site: &str) -> Vec<String> {
    d.topology
        .services
        .iter()
        .filter(|s| s.site.eq_ignore_ascii_case(site))
        .map(Service::identity)
        .collect()
}

// ----- Get-CsSite -------------------------------------------------------------------------

#[derive(Default)]
pub struct GetCsSite;

impl CmdletBody for GetCsSite {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let mut found = Vec::new();
        for s in &d.topology.sites {
            let shown = format!("Site:{}", s.name);
            if !wanted(b, &shown, &s.name) {
                continue;
            }
            let pools: Vec<String> = d
                .topology
                .pools
                .iter()
                .filter(|p| p.site.eq_ignore_ascii_case(&s.name))
                .map(|p| p.fqdn.clone())
                .collect();
            let (ty, kind) = match s.kind {
                SiteKind::Branch => (BRANCH_SITE_TYPE, "BranchSite"),
                _ => (CENTRAL_SITE_TYPE, "CentralSite"),
            };
            found.push(obj(
                ty,
                &shown,
                vec![
                    ("Identity", Value::str(&shown)),
                    (
                        "SiteId",
                        Value::Int(i32::try_from(s.site_id).unwrap_or(i32::MAX)),
                    ),
                    ("Services", strs(services_of_site(d, &s.name))),
                    ("Pools", strs(pools)),
                    ("FederationRoute", opt(s.federation_route.as_deref())),
                    (
                        "XmppFederationRoute",
                        opt(s.xmpp_federation_route.as_deref()),
                    ),
                    (
                        "DefaultPersistentChatPool",
                        opt(s.default_persistent_chat_pool.as_deref()),
                    ),
                    ("Description", opt(s.description.as_deref())),
                    (
                        "DisplayName",
                        Value::str(s.display_name.as_deref().unwrap_or(&s.name)),
                    ),
                    ("SiteType", Value::str(kind)),
                    ("ParentSite", Value::Null),
                ],
            ));
        }
        for o in found {
            out.push(it, o)?;
        }
        Ok(())
    }
}

// ----- Get-CsPool -------------------------------------------------------------------------

#[derive(Default)]
pub struct GetCsPool;

impl CmdletBody for GetCsPool {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let site = text(b, "Site");
        let mut found = Vec::new();
        for p in &d.topology.pools {
            if !wanted(b, &p.fqdn, &p.fqdn) {
                continue;
            }
            if let Some(s) = &site {
                let s = s.strip_prefix("site:").unwrap_or(s);
                if !p.site.eq_ignore_ascii_case(s) {
                    continue;
                }
            }
            let services: Vec<String> = d
                .topology
                .services_of(&p.fqdn)
                .map(Service::identity)
                .collect();
            found.push(obj(
                POOL_TYPE,
                &p.fqdn,
                vec![
                    ("Identity", Value::str(&p.fqdn)),
                    ("Services", strs(services)),
                    ("Computers", strs(p.computers.iter().cloned())),
                    ("Fqdn", Value::str(&p.fqdn)),
                    ("Site", Value::str(&format!("Site:{}", p.site))),
                ],
            ));
        }
        for o in found {
            out.push(it, o)?;
        }
        Ok(())
    }
}

// ----- Get-CsService ----------------------------------------------------------------------

/// Role switches of Get-CsService and the role each selects (the `ConferencingServer` switch
/// selects the `ConferencingServer` role; its parameter set is named `ConferenceServer`).
const ROLE_SWITCHES: &[&str] = &[
    "ApplicationDatabase",
    "ApplicationServer",
    "ArchivingDatabase",
    "ArchivingServer",
    "CentralManagement",
    "CentralManagementDatabase",
    "ConferencingServer",
    "Director",
    "EdgeServer",
    "FileStore",
    "ManagementServer",
    "MediationServer",
    "MonitoringServer",
    "MonitoringDatabase",
    "PstnGateway",
    "Registrar",
    "TrustedApplicationPool",
    "UserDatabase",
    "UserServer",
    "WebServer",
    "BackupServer",
    "LegalInterceptServer",
    "PersistentChatComplianceDatabase",
    "PersistentChatDatabase",
    "PersistentChatServer",
    "WacServer",
];

fn service_object(d: &Deployment, s: &Service) -> Value {
    let id = s.identity();
    let site_id = d
        .topology
        .site(&s.site)
        .map_or(Value::Null, |x| Value::str(&format!("Site:{}", x.name)));
    let mut props = vec![
        ("Identity", Value::str(&id)),
        ("PoolFqdn", Value::str(&s.pool_fqdn)),
        ("Version", Value::Int(SERVICE_VERSION)),
        ("Role", Value::str(&s.role)),
        ("SiteId", site_id),
    ];
    if let Some(e) = &s.edge {
        props.extend([
            ("InternalFqdn", Value::str(&e.internal_fqdn)),
            (
                "AccessEdgeExternalFqdn",
                Value::str(&e.access_edge_external_fqdn),
            ),
            (
                "DataProxyExternalFqdn",
                Value::str(&e.data_proxy_external_fqdn),
            ),
            (
                "MediaRelayExternalFqdn",
                Value::str(&e.media_relay_external_fqdn),
            ),
            (
                "AccessEdgeExternalSipPort",
                Value::Int(i32::from(e.access_edge_external_sip_port)),
            ),
            ("FederationEnabled", Value::Bool(e.federation_enabled)),
            (
                "NextHopService",
                Value::str(&format!("Registrar:{}", e.next_hop_pool)),
            ),
        ]);
    }
    if s.role == "Registrar" {
        let edge = d
            .topology
            .federation_edges()
            .find(|e| {
                e.edge
                    .as_ref()
                    .is_some_and(|x| x.next_hop_pool == s.pool_fqdn)
            })
            .map(Service::identity);
        props.push(("EdgeServer", opt(edge.as_deref())));
    }
    // The settings the role's Set- cmdlet changes; a computed property above (the Edge's
    // ports, a Registrar's EdgeServer) gives way only to a stored setting.
    let mut o = obj(SERVICE_TYPE, &id, props);
    for (name, v) in super::infra::settings_view(s) {
        let stored = s.settings.keys().any(|k| k.eq_ignore_ascii_case(&name));
        if let Value::Object(ob) = &mut o {
            let mut ob = ob.borrow_mut();
            let present = ob
                .properties
                .values()
                .any(|p| p.name.eq_ignore_ascii_case(&name));
            if stored || !present {
                ob.add(&name, v);
            }
        }
    }
    o
}

#[derive(Default)]
pub struct GetCsService;

impl CmdletBody for GetCsService {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let role = ROLE_SWITCHES
            .iter()
            .find(|r| b.values.get(**r).is_some_and(convert::is_true));
        let pool = text(b, "PoolFqdn");
        let mut found = Vec::new();
        for s in &d.topology.services {
            let id = s.identity();
            if let Some(r) = role
                && !s.role.eq_ignore_ascii_case(r)
            {
                continue;
            }
            if let Some(p) = &pool
                && !s.pool_fqdn.eq_ignore_ascii_case(p)
            {
                continue;
            }
            if let Some(want) = text(b, "Identity") {
                let want = want
                    .get(..8)
                    .filter(|p| p.eq_ignore_ascii_case("service:"))
                    .and_then(|_| want.get(8..))
                    .unwrap_or(&want)
                    .trim()
                    .to_string();
                if !want.eq_ignore_ascii_case(&id) {
                    continue;
                }
            }
            if let Some(f) = text(b, "Filter")
                && !super::wildcard_match(&f, &id)
            {
                continue;
            }
            found.push(service_object(d, s));
        }
        for o in found {
            out.push(it, o)?;
        }
        Ok(())
    }
}

// ----- Get-CsComputer ---------------------------------------------------------------------

#[derive(Default)]
pub struct GetCsComputer;

impl CmdletBody for GetCsComputer {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let pool = text(b, "Pool");
        let local = b.values.get("Local").is_some_and(convert::is_true);
        let here = d.topology.local_computer().unwrap_or_default();
        let mut found = Vec::new();
        for c in &d.topology.computers {
            if !wanted(b, &c.fqdn, &c.fqdn) {
                continue;
            }
            if let Some(p) = &pool
                && !c.pool.eq_ignore_ascii_case(p)
            {
                continue;
            }
            if local && !c.fqdn.eq_ignore_ascii_case(here) {
                continue;
            }
            found.push(computer_object(COMPUTER_TYPE, &c.fqdn, &c.pool));
        }
        for o in found {
            out.push(it, o)?;
        }
        Ok(())
    }
}

fn make<T: CmdletBody + Default + 'static>() -> Box<dyn CmdletBody> {
    Box::new(T::default())
}

const fn own(make: fn() -> Box<dyn CmdletBody>) -> Behaviour {
    Behaviour {
        make,
        generic: false,
    }
}

/// The family's behaviour table.
pub static TABLE: &[(&str, Behaviour)] = &[
    ("Get-CsSite", own(make::<GetCsSite>)),
    ("Get-CsPool", own(make::<GetCsPool>)),
    ("Get-CsService", own(make::<GetCsService>)),
    ("Get-CsComputer", own(make::<GetCsComputer>)),
];
