//! Trusted application pools, their computers, trusted applications, and application
//! endpoints (trusted and hybrid).

use super::servers::resolve_service;
use super::{
    Cx, Fail, Res, computer_object, exists, invalid, like, not_found, obj, opt, strip_scope, strs,
};
use crate::cmdlets::objects::value_to_prop;
use crate::cmdlets::users::filter::Filter;
use crate::model::identity::eq_ci;
use crate::model::infra::{ApplicationEndpoint, TrustedApplication};
use crate::model::topology::{Computer, Pool, Service, Topology};
use crate::model::value::PropValue;
use crate::runtime::value::Value;

const POOL_ROLE: &str = "TrustedApplicationPool";
/// ? (REF names no types for these objects; the namespace is Get-CsService's).
const POOL_TYPE: &str = "Microsoft.Rtc.Management.Xds.DisplayTrustedApplicationPool";
const COMPUTER_TYPE: &str = "Microsoft.Rtc.Management.Xds.DisplayTrustedApplicationComputer";
const APP_TYPE: &str = "Microsoft.Rtc.Management.Xds.DisplayTrustedApplication";
/// Application contacts are AD objects (≈, the ADConnect schema namespace of ADUser).
const ENDPOINT_TYPE: &str = "Microsoft.Rtc.Management.ADConnect.Schema.OCSADApplicationContact";

fn is_trusted_pool(t: &Topology, fqdn: &str) -> bool {
    t.service(POOL_ROLE, fqdn).is_some()
}

/// A trusted application pool by `TrustedApplicationPool:<fqdn>`, `service:…` or its FQDN.
fn find_pool(t: &Topology, text: &str) -> Option<String> {
    resolve_service(t, text, POOL_ROLE).map(|(_, f)| f)
}

fn setting(s: &Service, name: &str, default: PropValue) -> Value {
    crate::cmdlets::objects::prop_to_value(s.settings.get(name).unwrap_or(&default))
}

fn pool_object(t: &Topology, s: &Service) -> Value {
    let id = s.identity();
    let site = t.site(&s.site).map(|x| format!("Site:{}", x.name));
    let computers: Vec<&str> = t
        .pool(&s.pool_fqdn)
        .map(|p| p.computers.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut props = vec![
        ("Identity", Value::str(&id)),
        ("Registrar", setting(s, "Registrar", PropValue::Null)),
        ("FileStore", Value::Null),
    ];
    // Flags default to True except OutboundOnly; ports have no default.
    for name in POOL_SETTINGS {
        let default = match *name {
            "OutboundOnly" => PropValue::Bool(false),
            n if n.ends_with("Start") || n.ends_with("Count") => PropValue::Null,
            _ => PropValue::Bool(true),
        };
        props.push((name, setting(s, name, default)));
    }
    let apps = t
        .infra
        .trusted_applications
        .iter()
        .filter(|a| eq_ci(&a.pool_fqdn, &s.pool_fqdn))
        .map(|a| a.application_id.as_str());
    props.extend([
        ("Applications", strs(apps)),
        ("DependentServiceList", Value::array(Vec::new())),
        ("ServiceId", Value::str(&id)),
        ("SiteId", opt(site.as_deref())),
        ("PoolFqdn", Value::str(&s.pool_fqdn)),
        ("Computers", strs(computers)),
        ("Version", Value::Int(6)),
        ("Role", Value::str(POOL_ROLE)),
    ]);
    obj(POOL_TYPE, &id, props)
}

pub(super) fn get_pool(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let only = cx.text("PoolFqdn");
    let t = &cx.it.deployment.topology;
    if let Some(i) = &id
        && find_pool(t, i).is_none()
    {
        return Err(not_found("TrustedApplicationPool", i));
    }
    let mut objs = Vec::new();
    for s in t.services.iter().filter(|s| s.role == POOL_ROLE) {
        if id
            .as_deref()
            .and_then(|i| find_pool(t, i))
            .is_some_and(|p| !eq_ci(&p, &s.pool_fqdn))
            || filter
                .as_deref()
                .is_some_and(|f| !like(f, &s.identity()) && !like(f, &s.pool_fqdn))
            || only.as_deref().is_some_and(|p| !eq_ci(p, &s.pool_fqdn))
        {
            continue;
        }
        objs.push(pool_object(t, s));
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

/// The settings a pool's New-/Set- cmdlet may give (stored on its service).
const POOL_SETTINGS: &[&str] = &[
    "ThrottleAsServer",
    "TreatAsAuthenticated",
    "OutboundOnly",
    "RequiresReplication",
    "AudioPortStart",
    "AudioPortCount",
    "AppSharingPortStart",
    "AppSharingPortCount",
    "VideoPortStart",
    "VideoPortCount",
];

fn pool_settings(cx: &Cx<'_>) -> Result<Vec<(String, PropValue)>, Fail> {
    let t = &cx.it.deployment.topology;
    let mut out = Vec::new();
    for name in POOL_SETTINGS {
        if let Some(v) = cx.b.values.get(*name) {
            out.push(((*name).to_string(), value_to_prop(v)));
        }
    }
    if let Some(r) = cx.text("Registrar") {
        let (role, fqdn) = resolve_service(t, &r, "Registrar")
            .ok_or_else(|| not_found("Registrar service", &r))?;
        out.push(("Registrar".into(), PropValue::Str(format!("{role}:{fqdn}"))));
    }
    Ok(out)
}

pub(super) fn new_pool(cx: &mut Cx<'_>) -> Res {
    let fqdn = strip_scope(
        &cx.text("Identity").unwrap_or_default(),
        "TrustedApplicationPool:",
    )
    .to_string();
    let t = &cx.it.deployment.topology;
    if t.pool(&fqdn).is_some() {
        return Err(exists("TrustedApplicationPool", &fqdn));
    }
    let computer = cx.text("ComputerFqdn").unwrap_or_else(|| fqdn.clone());
    if t.computers.iter().any(|c| eq_ci(&c.fqdn, &computer)) {
        return Err(exists("computer", &computer));
    }
    let mut settings = pool_settings(cx)?;
    let registrar = settings
        .iter()
        .find(|(k, _)| k == "Registrar")
        .and_then(|(_, v)| v.as_str())
        .and_then(|r| r.split_once(':'))
        .map(|(_, f)| f.to_string());
    let site = match cx.text("Site") {
        Some(s) => {
            let bare = strip_scope(&s, "site:");
            // The reference says -Site takes the SiteId; the site's name is accepted too.
            t.site(bare)
                .or_else(|| t.sites.iter().find(|x| x.site_id.to_string() == bare))
                .map(|x| x.name.clone())
                .ok_or_else(|| not_found("site", &s))?
        }
        None => match registrar.as_deref().and_then(|r| t.pool(r)) {
            Some(p) => p.site.clone(),
            None => {
                return Err(invalid(
                    "RegistrarRequired",
                    &fqdn,
                    "A trusted application pool needs a -Registrar (or a -Site).".into(),
                ));
            }
        },
    };
    if registrar.is_none() {
        // The first Registrar pool of the site serves the new pool.
        if let Some(p) = t
            .pools
            .iter()
            .find(|p| eq_ci(&p.site, &site) && t.is_registrar_pool(&p.fqdn))
        {
            settings.push((
                "Registrar".into(),
                PropValue::Str(format!("Registrar:{}", p.fqdn)),
            ));
        }
    }
    if !cx.confirm(&format!("{POOL_ROLE}:{fqdn}"))? {
        return Ok(());
    }
    let t = &mut cx.it.deployment.topology;
    t.pools.push(Pool {
        fqdn: fqdn.clone(),
        site: site.clone(),
        computers: vec![computer.clone()],
    });
    t.computers.push(Computer {
        fqdn: computer,
        pool: fqdn.clone(),
    });
    let mut s = Service::new(POOL_ROLE, &fqdn, &site);
    s.settings.extend(settings);
    t.services.push(s);
    let t = &cx.it.deployment.topology;
    let v = t.service(POOL_ROLE, &fqdn).map(|s| pool_object(t, s));
    if let Some(v) = v {
        cx.emit(v)?;
    }
    Ok(())
}

pub(super) fn set_pool(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity").unwrap_or_default();
    let Some(fqdn) = find_pool(&cx.it.deployment.topology, &id) else {
        return Err(not_found("TrustedApplicationPool", &id));
    };
    let settings = pool_settings(cx)?;
    if !cx.confirm(&format!("{POOL_ROLE}:{fqdn}"))? {
        return Ok(());
    }
    if let Some(s) = cx.it.deployment.topology.service_mut(POOL_ROLE, &fqdn) {
        s.settings.extend(settings);
    }
    Ok(())
}

pub(super) fn remove_pool(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity").unwrap_or_default();
    let Some(fqdn) = find_pool(&cx.it.deployment.topology, &id) else {
        return Err(not_found("TrustedApplicationPool", &id));
    };
    if !cx.confirm(&format!("{POOL_ROLE}:{fqdn}"))? {
        return Ok(());
    }
    // The pool goes with its computers and trusted applications; application endpoints
    // are AD contacts and stay, homed on a pool that no longer exists.
    let t = &mut cx.it.deployment.topology;
    t.pools.retain(|p| !eq_ci(&p.fqdn, &fqdn));
    t.computers.retain(|c| !eq_ci(&c.pool, &fqdn));
    t.services.retain(|s| !eq_ci(&s.pool_fqdn, &fqdn));
    t.infra
        .trusted_applications
        .retain(|a| !eq_ci(&a.pool_fqdn, &fqdn));
    Ok(())
}

// ----- computers --------------------------------------------------------------------------

pub(super) fn get_computer(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let pool = cx.text("Pool");
    let local = cx.switch("Local");
    let t = &cx.it.deployment.topology;
    let here = t.local_computer().map(str::to_string);
    let mut objs = Vec::new();
    for c in t.computers.iter().filter(|c| is_trusted_pool(t, &c.pool)) {
        if id.as_deref().is_some_and(|i| !eq_ci(i, &c.fqdn))
            || filter.as_deref().is_some_and(|f| !like(f, &c.fqdn))
            || pool.as_deref().is_some_and(|p| !eq_ci(p, &c.pool))
            || (local && here.as_deref().is_none_or(|h| !eq_ci(h, &c.fqdn)))
        {
            continue;
        }
        objs.push(computer_object(COMPUTER_TYPE, &c.fqdn, &c.pool));
    }
    if let Some(i) = &id
        && objs.is_empty()
    {
        return Err(not_found("TrustedApplicationComputer", i));
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

pub(super) fn new_computer(cx: &mut Cx<'_>) -> Res {
    let fqdn = cx.text("Identity").unwrap_or_default();
    let pool_text = cx.text("Pool").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    let Some(pool) = find_pool(t, &pool_text) else {
        return Err(not_found("TrustedApplicationPool", &pool_text));
    };
    if t.computers.iter().any(|c| eq_ci(&c.fqdn, &fqdn)) {
        return Err(exists("TrustedApplicationComputer", &fqdn));
    }
    if !cx.confirm(&fqdn)? {
        return Ok(());
    }
    let t = &mut cx.it.deployment.topology;
    t.computers.push(Computer {
        fqdn: fqdn.clone(),
        pool: pool.clone(),
    });
    if let Some(p) = t.pools.iter_mut().find(|p| eq_ci(&p.fqdn, &pool)) {
        p.computers.push(fqdn.clone());
    }
    let v = computer_object(COMPUTER_TYPE, &fqdn, &pool);
    cx.emit(v)
}

pub(super) fn remove_computer(cx: &mut Cx<'_>) -> Res {
    let fqdn = cx.text("Identity").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    let Some(c) = t
        .computers
        .iter()
        .find(|c| eq_ci(&c.fqdn, &fqdn) && is_trusted_pool(t, &c.pool))
        .cloned()
    else {
        return Err(not_found("TrustedApplicationComputer", &fqdn));
    };
    if !cx.confirm(&c.fqdn)? {
        return Ok(());
    }
    let t = &mut cx.it.deployment.topology;
    t.computers.retain(|x| !eq_ci(&x.fqdn, &c.fqdn));
    if let Some(p) = t.pools.iter_mut().find(|p| eq_ci(&p.fqdn, &c.pool)) {
        p.computers.retain(|x| !eq_ci(x, &c.fqdn));
    }
    Ok(())
}

// ----- trusted applications ---------------------------------------------------------------

fn app_object(a: &TrustedApplication) -> Value {
    let id = a.identity();
    obj(
        APP_TYPE,
        &id,
        vec![
            ("Identity", Value::str(&id)),
            (
                "ApplicationId",
                Value::str(&format!(
                    "urn:application:{}",
                    a.application_id.to_ascii_lowercase()
                )),
            ),
            ("TrustedApplicationPoolFqdn", Value::str(&a.pool_fqdn)),
            ("Port", Value::Int(i32::from(a.port))),
            ("EnableTcp", Value::Bool(a.enable_tcp)),
            (
                "LegacyApplicationName",
                opt(a.legacy_application_name.as_deref()),
            ),
        ],
    )
}

/// `urn:application:tapp2` → `tapp2`.
fn bare_app_id(text: &str) -> &str {
    strip_scope(text, "urn:application:")
}

/// `<pool>/<app>` (the app part with or without `urn:application:`).
fn app_matches(a: &TrustedApplication, identity: &str) -> bool {
    match identity.split_once('/') {
        Some((pool, app)) => {
            eq_ci(pool.trim(), &a.pool_fqdn) && eq_ci(bare_app_id(app), &a.application_id)
        }
        None => false,
    }
}

fn find_app(cx: &Cx<'_>) -> Result<usize, Fail> {
    let id = cx.text("Identity").unwrap_or_default();
    cx.it
        .deployment
        .topology
        .infra
        .trusted_applications
        .iter()
        .position(|a| app_matches(a, &id))
        .ok_or_else(|| not_found("TrustedApplication", &id))
}

pub(super) fn get_application(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let app = cx.text("ApplicationId");
    let pool = cx.text("TrustedApplicationPoolFqdn");
    let apps = cx.it.deployment.topology.infra.trusted_applications.clone();
    let mut objs = Vec::new();
    for a in &apps {
        if id.as_deref().is_some_and(|i| !app_matches(a, i))
            || filter.as_deref().is_some_and(|f| !like(f, &a.identity()))
            || app
                .as_deref()
                .is_some_and(|x| !eq_ci(bare_app_id(x), &a.application_id))
            || pool.as_deref().is_some_and(|p| !eq_ci(p, &a.pool_fqdn))
        {
            continue;
        }
        objs.push(app_object(a));
    }
    if let Some(i) = &id
        && objs.is_empty()
    {
        return Err(not_found("TrustedApplication", i));
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

fn port(cx: &Cx<'_>) -> Result<Option<u16>, Fail> {
    match cx.b.values.get("Port") {
        None => Ok(None),
        Some(v) => {
            let n = crate::runtime::convert::to_string(v);
            n.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        "InvalidPort",
                        &n,
                        format!("{n} is not a valid port number (1-65535)."),
                    )
                })
        }
    }
}

fn port_in_use(t: &Topology, pool: &str, port: u16, except: Option<usize>) -> bool {
    t.infra
        .trusted_applications
        .iter()
        .enumerate()
        .any(|(i, a)| Some(i) != except && eq_ci(&a.pool_fqdn, pool) && a.port == port)
}

pub(super) fn new_application(cx: &mut Cx<'_>) -> Res {
    let (pool_text, app) = match cx.text("Identity") {
        Some(i) => match i.split_once('/') {
            Some((p, a)) => (p.trim().to_string(), bare_app_id(a).to_string()),
            None => (String::new(), i),
        },
        None => (
            cx.text("TrustedApplicationPoolFqdn").unwrap_or_default(),
            bare_app_id(&cx.text("ApplicationId").unwrap_or_default()).to_string(),
        ),
    };
    let t = &cx.it.deployment.topology;
    let Some(pool) = find_pool(t, &pool_text) else {
        return Err(not_found("TrustedApplicationPool", &pool_text));
    };
    let Some(port) = port(cx)? else {
        return Err(invalid(
            "PortRequired",
            &app,
            "Specify the application's -Port.".into(),
        ));
    };
    let a = TrustedApplication {
        application_id: app.clone(),
        pool_fqdn: pool.clone(),
        port,
        enable_tcp: cx.switch("EnableTcp"),
        legacy_application_name: cx.text("LegacyApplicationName"),
    };
    if t.infra
        .trusted_applications
        .iter()
        .any(|x| eq_ci(&x.pool_fqdn, &pool) && eq_ci(&x.application_id, &app))
    {
        return Err(exists("TrustedApplication", &a.identity()));
    }
    if port_in_use(t, &pool, port, None) {
        return Err(invalid(
            "PortInUse",
            &a.identity(),
            format!("Port {port} is already used by another trusted application of \"{pool}\"."),
        ));
    }
    if !cx.confirm(&a.identity())? {
        return Ok(());
    }
    let v = app_object(&a);
    cx.it.deployment.topology.infra.trusted_applications.push(a);
    cx.emit(v)
}

pub(super) fn set_application(cx: &mut Cx<'_>) -> Res {
    let i = find_app(cx)?;
    let port = port(cx)?;
    let t = &cx.it.deployment.topology;
    let Some(a) = t.infra.trusted_applications.get(i).cloned() else {
        return Ok(());
    };
    if let Some(p) = port
        && port_in_use(t, &a.pool_fqdn, p, Some(i))
    {
        return Err(invalid(
            "PortInUse",
            &a.identity(),
            format!(
                "Port {p} is already used by another trusted application of \"{}\".",
                a.pool_fqdn
            ),
        ));
    }
    if !cx.confirm(&a.identity())? {
        return Ok(());
    }
    if let (Some(p), Some(x)) = (
        port,
        cx.it
            .deployment
            .topology
            .infra
            .trusted_applications
            .get_mut(i),
    ) {
        x.port = p;
    }
    Ok(())
}

pub(super) fn remove_application(cx: &mut Cx<'_>) -> Res {
    let i = find_app(cx)?;
    let Some(a) = cx
        .it
        .deployment
        .topology
        .infra
        .trusted_applications
        .get(i)
        .cloned()
    else {
        return Ok(());
    };
    if !cx.confirm(&a.identity())? {
        return Ok(());
    }
    let infra = &mut cx.it.deployment.topology.infra;
    infra.trusted_applications.remove(i);
    // Its endpoints are deleted with it.
    infra.endpoints.retain(|e| {
        e.hybrid
            || !(eq_ci(&e.pool_fqdn, &a.pool_fqdn) && eq_ci(&e.application_id, &a.application_id))
    });
    Ok(())
}

// ----- endpoints --------------------------------------------------------------------------

fn hybrid(cx: &Cx<'_>) -> bool {
    cx.name.contains("Hybrid")
}

fn endpoint_object(t: &Topology, e: &ApplicationEndpoint) -> Value {
    let registrar = t
        .service(POOL_ROLE, &e.pool_fqdn)
        .and_then(|s| s.settings.get("Registrar"))
        .and_then(PropValue::as_str)
        .and_then(|r| r.split_once(':'))
        .map(|(_, f)| f.to_string());
    let owner = if e.hybrid {
        e.application_id.clone()
    } else {
        format!("urn:application:{}", e.application_id.to_ascii_lowercase())
    };
    obj(
        ENDPOINT_TYPE,
        &e.identity,
        vec![
            ("Identity", Value::str(&e.identity)),
            ("SipAddress", Value::str(&e.sip_address)),
            ("DisplayName", Value::str(&e.display_name)),
            ("DisplayNumber", opt(e.display_number.as_deref())),
            ("LineURI", opt(e.line_uri.as_deref())),
            ("OwnerUrn", Value::str(&owner)),
            ("ApplicationId", Value::str(&e.application_id)),
            ("RegistrarPool", opt(registrar.as_deref())),
            (
                "TrustedApplicationPoolFqdn",
                opt(Some(e.pool_fqdn.as_str()).filter(|p| !p.is_empty())),
            ),
            ("Enabled", Value::Bool(e.enabled)),
        ],
    )
}

fn endpoint_field(e: &ApplicationEndpoint, name: &str) -> Option<String> {
    let v = match name.to_ascii_lowercase().as_str() {
        "identity" | "distinguishedname" => e.identity.clone(),
        "sipaddress" => e.sip_address.clone(),
        "displayname" => e.display_name.clone(),
        "lineuri" => e.line_uri.clone()?,
        "displaynumber" => e.display_number.clone()?,
        "applicationid" | "ownerurn" => e.application_id.clone(),
        "enabled" => if e.enabled { "True" } else { "False" }.to_string(),
        _ => return None,
    };
    Some(v)
}

/// `-Identity` of an endpoint: its SIP address (with or without `sip:`), DN or display name
/// (wildcards allowed).
fn endpoint_matches(e: &ApplicationEndpoint, id: &str) -> bool {
    let id = id.trim();
    let sip = e.sip_address.strip_prefix("sip:").unwrap_or(&e.sip_address);
    eq_ci(id, &e.sip_address)
        || eq_ci(id, sip)
        || eq_ci(id, &e.identity)
        || like(id, &e.display_name)
}

pub(super) fn get_endpoint(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Credential", "OU", "LdapFilter"])?;
    let hybrid = hybrid(cx);
    let id = cx.text("Identity");
    let filter = match cx.text("Filter") {
        Some(f) => Some(Filter::parse(&f).map_err(|why| {
            invalid(
                "InvalidFilter",
                &f,
                format!("The filter \"{f}\" is not valid: {why}."),
            )
        })?),
        None => None,
    };
    let app = cx.text("ApplicationId");
    let pool = cx.text("TrustedApplicationPoolFqdn");
    let limit =
        cx.b.values
            .get("ResultSize")
            .and_then(|v| crate::runtime::convert::to_string(v).parse::<usize>().ok())
            .unwrap_or(usize::MAX);
    let t = &cx.it.deployment.topology;
    let mut objs = Vec::new();
    for e in t.infra.endpoints.iter().filter(|e| e.hybrid == hybrid) {
        if id.as_deref().is_some_and(|i| !endpoint_matches(e, i))
            || filter
                .as_ref()
                .is_some_and(|f| !f.matches(&|n: &str| endpoint_field(e, n)))
            || app
                .as_deref()
                .is_some_and(|a| !eq_ci(bare_app_id(a), &e.application_id))
            || pool.as_deref().is_some_and(|p| !eq_ci(p, &e.pool_fqdn))
        {
            continue;
        }
        objs.push(endpoint_object(t, e));
    }
    if let Some(i) = &id
        && objs.is_empty()
    {
        return Err(
            crate::cmdlets::generic::errors::GenericError::UserNotFound {
                identity: i.clone(),
            }
            .into(),
        );
    }
    for o in objs.into_iter().take(limit) {
        cx.emit(o)?;
    }
    Ok(())
}

fn find_endpoint(cx: &Cx<'_>) -> Result<usize, Fail> {
    let id = cx.text("Identity").unwrap_or_default();
    let hybrid = hybrid(cx);
    let eps = &cx.it.deployment.topology.infra.endpoints;
    let found: Vec<usize> = eps
        .iter()
        .enumerate()
        .filter(|(_, e)| e.hybrid == hybrid && endpoint_matches(e, &id))
        .map(|(i, _)| i)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            Err(crate::cmdlets::generic::errors::GenericError::UserNotFound { identity: id }.into())
        }
        many => Err(
            crate::cmdlets::generic::errors::GenericError::AmbiguousUser {
                identity: id,
                count: many.len(),
            }
            .into(),
        ),
    }
}

fn endpoint_identity(cx: &Cx<'_>, i: usize) -> String {
    cx.it
        .deployment
        .topology
        .infra
        .endpoints
        .get(i)
        .map(|e| e.identity.clone())
        .unwrap_or_default()
}

fn sip_in_use(cx: &Cx<'_>, sip: &str, except: Option<usize>) -> bool {
    let d = &cx.it.deployment;
    d.resolve_lync_user(sip).is_ok()
        || d.topology
            .infra
            .endpoints
            .iter()
            .enumerate()
            .any(|(i, e)| Some(i) != except && eq_ci(&e.sip_address, sip))
}

fn normalize_sip(s: &str) -> String {
    let s = s.trim();
    if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("sip:")) {
        s.to_string()
    } else {
        format!("sip:{s}")
    }
}

pub(super) fn new_endpoint(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Tenant", "SecondaryLanguages", "PrimaryLanguage"])?;
    let app = bare_app_id(&cx.text("ApplicationId").unwrap_or_default()).to_string();
    let pool_text = cx.text("TrustedApplicationPoolFqdn").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    let Some(pool) = find_pool(t, &pool_text) else {
        return Err(not_found("TrustedApplicationPool", &pool_text));
    };
    if !t
        .infra
        .trusted_applications
        .iter()
        .any(|a| eq_ci(&a.pool_fqdn, &pool) && eq_ci(&a.application_id, &app))
    {
        return Err(not_found(
            "TrustedApplication",
            &format!("{pool}/urn:application:{app}"),
        ));
    }
    let guid = cx.it.deployment.next_guid().to_string();
    let domain = cx
        .it
        .deployment
        .topology
        .default_sip_domain()
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let sip = match cx.text("SipAddress") {
        Some(s) => normalize_sip(&s),
        None => format!("sip:{app}-{guid}@{domain}"),
    };
    if sip_in_use(cx, &sip, None) {
        return Err(exists("SIP address", &sip));
    }
    let e = ApplicationEndpoint {
        identity: format!(
            "CN={{{guid}}},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=litwareinc,DC=com"
        ),
        sip_address: sip.clone(),
        display_name: cx.text("DisplayName").unwrap_or_default(),
        application_id: app,
        pool_fqdn: pool,
        line_uri: cx.text("LineURI"),
        display_number: cx.text("DisplayNumber"),
        enabled: true,
        hybrid: false,
    };
    add_endpoint(cx, e)
}

/// Stores a new endpoint (after the ShouldProcess gate) and writes it under -PassThru.
fn add_endpoint(cx: &mut Cx<'_>, e: ApplicationEndpoint) -> Res {
    if !cx.confirm(&e.sip_address)? {
        return Ok(());
    }
    let v = endpoint_object(&cx.it.deployment.topology, &e);
    cx.it.deployment.topology.infra.endpoints.push(e);
    if cx.switch("PassThru") {
        cx.emit(v)?;
    }
    Ok(())
}

pub(super) fn new_hybrid_endpoint(cx: &mut Cx<'_>) -> Res {
    let ou = cx.text("OU").unwrap_or_default();
    let sip = normalize_sip(&cx.text("SipAddress").unwrap_or_default());
    if sip_in_use(cx, &sip, None) {
        return Err(exists("SIP address", &sip));
    }
    let guid = cx.it.deployment.next_guid().to_string();
    let e = ApplicationEndpoint {
        identity: format!("CN={{{guid}}},{ou}"),
        sip_address: sip.clone(),
        display_name: cx.text("DisplayName").unwrap_or_default(),
        application_id: cx.text("ApplicationId").unwrap_or_default(),
        pool_fqdn: String::new(),
        line_uri: cx.text("LineUri"),
        display_number: None,
        enabled: true,
        hybrid: true,
    };
    add_endpoint(cx, e)
}

pub(super) fn set_endpoint(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&[
        "SecondaryLanguages",
        "PrimaryLanguage",
        "Type",
        "ExchangeArchivingPolicy",
        "EnterpriseVoiceEnabled",
        "EnabledForFederation",
    ])?;
    let i = find_endpoint(cx)?;
    // REF:Set-CsTrustedApplicationEndpoint: the SIP address is fixed when the endpoint is
    // created (the message is ours).
    if let Some(s) = cx.text("SipAddress") {
        return Err(invalid(
            "SipAddressReadOnly",
            &s,
            "The SIP address of an application endpoint cannot be changed; remove the endpoint and create it again.".into(),
        ));
    }
    let target = endpoint_identity(cx, i);
    if !cx.confirm(&target)? {
        return Ok(());
    }
    let display = cx.text("DisplayName");
    let number =
        cx.b.values
            .get("DisplayNumber")
            .map(|_| cx.text("DisplayNumber"));
    let line = cx
        .b
        .values
        .get("LineURI")
        .or_else(|| cx.b.values.get("LineUri"))
        .map(|v| {
            Some(crate::runtime::convert::to_string(v)).filter(|s| !v.is_null() && !s.is_empty())
        });
    let enabled = cx.boolean("Enabled");
    let Some(e) = cx.it.deployment.topology.infra.endpoints.get_mut(i) else {
        return Ok(());
    };
    if let Some(d) = display {
        e.display_name = d;
    }
    if let Some(n) = number {
        e.display_number = n;
    }
    if let Some(l) = line {
        e.line_uri = l;
    }
    if let Some(x) = enabled {
        e.enabled = x;
    }
    if cx.switch("PassThru") {
        let t = &cx.it.deployment.topology;
        if let Some(v) = t.infra.endpoints.get(i).map(|e| endpoint_object(t, e)) {
            cx.emit(v)?;
        }
    }
    Ok(())
}

pub(super) fn remove_endpoint(cx: &mut Cx<'_>) -> Res {
    let i = find_endpoint(cx)?;
    let target = endpoint_identity(cx, i);
    if !cx.confirm(&target)? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.endpoints.remove(i);
    Ok(())
}

pub(super) fn move_endpoint(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["IgnoreBackendStoreException"])?;
    let i = find_endpoint(cx)?;
    let target_text = cx.text("TargetApplicationPool").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    let Some(target) = find_pool(t, &target_text) else {
        return Err(not_found("TrustedApplicationPool", &target_text));
    };
    let Some(e) = t.infra.endpoints.get(i).cloned() else {
        return Ok(());
    };
    if eq_ci(&e.pool_fqdn, &target) {
        return Err(invalid(
            "AlreadyOnPool",
            &e.sip_address,
            format!("\"{}\" is already homed on \"{target}\".", e.sip_address),
        ));
    }
    if !cx.confirm(&e.identity)? {
        return Ok(());
    }
    if let Some(x) = cx.it.deployment.topology.infra.endpoints.get_mut(i) {
        x.pool_fqdn = target;
    }
    if cx.switch("PassThru") {
        let t = &cx.it.deployment.topology;
        if let Some(v) = t.infra.endpoints.get(i).map(|e| endpoint_object(t, e)) {
            cx.emit(v)?;
        }
    }
    Ok(())
}
