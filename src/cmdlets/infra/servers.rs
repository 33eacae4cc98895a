//! Windows services, server settings, sites, the topology document, pool disaster recovery,
//! user database state and the computer/replica activation cmdlets.

use super::{Cx, Fail, Res, invalid, like, not_found, obj, opt, strip_scope, strs};
use crate::cmdlets::lookup;
use crate::cmdlets::objects::{prop_to_value, value_to_prop};
use crate::model::identity::eq_ci;
use crate::model::topology::{Service, Topology};
use crate::model::value::PropValue;
use crate::model::{Deployment, DnsView};
use crate::runtime::should_process::{Impact, should_process_impact};
use crate::runtime::value::Value;

// ----- Windows services -------------------------------------------------------------------

/// REF:Get-CsWindowsService OUTPUTS.
pub(super) const NT_SERVICE_TYPE: &str = "Microsoft.Rtc.Management.Deployment.Core.NTService";

/// The roles a computer runs for the purpose of its Windows services: its pool's service
/// roles, plus `CentralManagement` on the computer hosting the master Central Management
/// service.
fn computer_roles(t: &Topology, computer: &str) -> Vec<String> {
    let Some(c) = t.computers.iter().find(|c| eq_ci(&c.fqdn, computer)) else {
        return Vec::new();
    };
    let mut roles: Vec<String> = t.services_of(&c.pool).map(|s| s.role.clone()).collect();
    if t.infra
        .store
        .management_server
        .as_deref()
        .is_some_and(|m| eq_ci(m, computer))
    {
        roles.push("CentralManagement".to_string());
    }
    roles
}

const ANY_LYNC_ROLE: &[&str] = &[
    "Registrar",
    "UserServer",
    "WebServer",
    "ConferencingServer",
    "ApplicationServer",
    "MediationServer",
    "EdgeServer",
    "Director",
    "TrustedApplicationPool",
    "PersistentChatServer",
];

/// Lync 2013 Windows services: name, display name, roles that install it (≈: the names are
/// Lync's, the role mapping follows the Lync 2013 server role documentation).
const WINDOWS_SERVICES: &[(&str, &str, &[&str])] = &[
    (
        "RTCCLSAGT",
        "Lync Server Centralized Logging Service Agent",
        ANY_LYNC_ROLE,
    ),
    (
        "REPLICA",
        "Lync Server Replica Replicator Agent",
        ANY_LYNC_ROLE,
    ),
    (
        "RTCMASTER",
        "Lync Server Master Replicator Agent",
        &["CentralManagement"],
    ),
    (
        "FTA",
        "Lync Server File Transfer Agent",
        &["CentralManagement"],
    ),
    (
        "RTCSRV",
        "Lync Server Front-End",
        &[
            "Registrar",
            "UserServer",
            "WebServer",
            "ConferencingServer",
            "ApplicationServer",
            "Director",
        ],
    ),
    ("RTCSRV", "Lync Server Access Edge", &["EdgeServer"]),
    (
        "RTCIMMCU",
        "Lync Server IM Conferencing",
        &["ConferencingServer"],
    ),
    (
        "RTCDATAMCU",
        "Lync Server Web Conferencing",
        &["ConferencingServer"],
    ),
    (
        "RTCAVMCU",
        "Lync Server Audio/Video Conferencing",
        &["ConferencingServer"],
    ),
    (
        "RTCASMCU",
        "Lync Server Application Sharing",
        &["ConferencingServer"],
    ),
    (
        "RTCCAA",
        "Lync Server Conferencing Attendant",
        &["ApplicationServer"],
    ),
    (
        "RTCCAS",
        "Lync Server Conferencing Announcement",
        &["ApplicationServer"],
    ),
    (
        "RTCRGS",
        "Lync Server Response Group",
        &["ApplicationServer"],
    ),
    ("RTCCPS", "Lync Server Call Park", &["ApplicationServer"]),
    (
        "RTCATS",
        "Lync Server Audio Test Service",
        &["ApplicationServer"],
    ),
    (
        "RTCPDPCORE",
        "Lync Server Bandwidth Policy Service (Core)",
        &["Registrar"],
    ),
    (
        "RTCPDPAUTH",
        "Lync Server Bandwidth Policy Service (Authentication)",
        &["Registrar"],
    ),
    ("LYNCBACKUP", "Lync Server Backup Service", &["Registrar"]),
    ("RTCMEDSRV", "Lync Server Mediation", &["MediationServer"]),
    (
        "RTCDATAPROXY",
        "Lync Server Web Conferencing Edge",
        &["EdgeServer"],
    ),
    (
        "RTCMRAUTH",
        "Lync Server Audio/Video Authentication",
        &["EdgeServer"],
    ),
    (
        "RTCMEDIARELAY",
        "Lync Server Audio/Video Edge",
        &["EdgeServer"],
    ),
];

/// A Windows service on a computer: name, display name, the roles it serves there.
struct WinService {
    name: &'static str,
    display: &'static str,
    roles: Vec<String>,
}

/// The Lync Windows services installed on a computer, in a fixed order.
fn services_on(t: &Topology, computer: &str) -> Vec<WinService> {
    let roles = computer_roles(t, computer);
    let mut out: Vec<WinService> = Vec::new();
    for (name, display, triggers) in WINDOWS_SERVICES {
        if out.iter().any(|s| s.name == *name) {
            continue;
        }
        let served: Vec<String> = roles
            .iter()
            .filter(|r| triggers.contains(&r.as_str()))
            .cloned()
            .collect();
        if !served.is_empty() {
            out.push(WinService {
                name,
                display,
                roles: served,
            });
        }
    }
    out
}

fn nt_service(t: &Topology, computer: &str, s: &WinService, activity: bool) -> Value {
    let running = !t.infra.is_stopped(computer, s.name);
    let activity_level = if running && activity {
        Value::str("")
    } else {
        Value::Null
    };
    obj(
        NT_SERVICE_TYPE,
        s.name,
        vec![
            (
                "Status",
                Value::str(if running { "Running" } else { "Stopped" }),
            ),
            ("Name", Value::str(s.name)),
            ("DisplayName", Value::str(s.display)),
            ("ActivityLevel", activity_level),
            ("RoleName", strs(s.roles.iter().map(String::as_str))),
            // ≈: the computer the service runs on, so a piped object finds its way back.
            ("MachineName", Value::str(computer)),
        ],
    )
}

/// `-ComputerName` (an FQDN or a short name), default the local computer.
fn target_computer(cx: &Cx<'_>) -> Result<String, Fail> {
    let t = &cx.it.deployment.topology;
    match cx.text("ComputerName") {
        Some(name) => find_computer(t, &name).ok_or_else(|| not_found("computer", &name)),
        None => cx.local_computer(),
    }
}

/// A computer of the topology by FQDN or by its first label (`atl-edge-001`).
pub(crate) fn find_computer(t: &Topology, name: &str) -> Option<String> {
    let name = name.trim();
    t.computers
        .iter()
        .find(|c| eq_ci(&c.fqdn, name))
        .or_else(|| {
            t.computers
                .iter()
                .find(|c| c.fqdn.split('.').next().is_some_and(|h| eq_ci(h, name)))
        })
        .map(|c| c.fqdn.clone())
}

pub(super) fn get_windows_service(cx: &mut Cx<'_>) -> Res {
    let computer = target_computer(cx)?;
    let name = cx.text("Name");
    let activity = !cx.switch("ExcludeActivityLevel");
    let t = &cx.it.deployment.topology;
    let services = services_on(t, &computer);
    let mut found = Vec::new();
    for s in &services {
        if name.as_deref().is_none_or(|n| eq_ci(n, s.name)) {
            found.push(nt_service(t, &computer, s, activity));
        }
    }
    if let Some(n) = &name
        && found.is_empty()
    {
        return Err(invalid(
            "ServiceNotFound",
            n,
            format!("Cannot find the Lync Server service \"{n}\" on computer \"{computer}\"."),
        ));
    }
    for o in found {
        cx.emit(o)?;
    }
    cx.report(&[format!("Read the services of {computer}.")]);
    Ok(())
}

fn change_windows_service(cx: &mut Cx<'_>, running: bool) -> Res {
    let piped = cx.input.filter(|v| matches!(v, Value::Object(_)));
    let (computer, name) = match piped.or(cx.b.values.get("InputObject")) {
        Some(v) if !v.is_null() && cx.text("Name").is_none() => {
            // The binder may hand the NTService over as its text form (the service name).
            let name = super::property_text(v, "Name")
                .unwrap_or_else(|| crate::runtime::convert::to_string(v));
            let computer = match super::property_text(v, "MachineName") {
                Some(c) => c,
                None => target_computer(cx)?,
            };
            (computer, Some(name))
        }
        _ => (target_computer(cx)?, cx.text("Name")),
    };
    // Stop-CsWindowsService -LeaveClsAgentRunning keeps the logging agent; the Web server
    // (IIS) is not a Lync service in the model, so -LeaveWebServerRunning changes nothing.
    let keep_cls = !running && cx.switch("LeaveClsAgentRunning");
    let t = &cx.it.deployment.topology;
    let all = services_on(t, &computer);
    let chosen: Vec<&'static str> = all
        .iter()
        .filter(|s| name.as_deref().is_none_or(|n| eq_ci(n, s.name)))
        .map(|s| s.name)
        .filter(|n| !(keep_cls && *n == "RTCCLSAGT"))
        .collect();
    if chosen.is_empty() && !keep_cls {
        let n = name.unwrap_or_default();
        return Err(invalid(
            "ServiceNotFound",
            &n,
            format!("Cannot find the Lync Server service \"{n}\" on computer \"{computer}\"."),
        ));
    }
    let mut done = Vec::new();
    for s in chosen {
        let target = format!("{s} on {computer}");
        if !cx.confirm(&target)? {
            continue;
        }
        let t = &mut cx.it.deployment.topology;
        if t.infra.set_running(&computer, s, running) {
            let verb = if running { "Started" } else { "Stopped" };
            cx.verbose(&format!("{verb} service {s} on {computer}."));
            done.push(format!("{verb} {s} on {computer}"));
        }
    }
    cx.report(&done);
    Ok(())
}

pub(super) fn start_windows_service(cx: &mut Cx<'_>) -> Res {
    change_windows_service(cx, true)
}

pub(super) fn stop_windows_service(cx: &mut Cx<'_>) -> Res {
    change_windows_service(cx, false)
}

// ----- server settings --------------------------------------------------------------------

/// The Set- cmdlet that changes each role's settings.
const SETTERS: &[(&str, &str)] = &[
    ("Set-CsRegistrar", "Registrar"),
    ("Set-CsWebServer", "WebServer"),
    ("Set-CsUserServer", "UserServer"),
    ("Set-CsEdgeServer", "EdgeServer"),
    ("Set-CsMediationServer", "MediationServer"),
    ("Set-CsMonitoringServer", "MonitoringServer"),
    ("Set-CsArchivingServer", "ArchivingServer"),
    ("Set-CsConferenceServer", "ConferencingServer"),
    ("Set-CsManagementServer", "ManagementServer"),
    ("Set-CsApplicationServer", "ApplicationServer"),
    ("Set-CsTrustedApplicationPool", "TrustedApplicationPool"),
];

/// Parameters that select or control rather than set a property.
const CONTROL: &[&str] = &[
    "Identity",
    "Force",
    "WhatIf",
    "Confirm",
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "ErrorVariable",
    "WarningVariable",
    "OutVariable",
    "OutBuffer",
    "InformationAction",
    "InformationVariable",
    "PipelineVariable",
];

/// Setting parameters that name another service, and the role that service must have.
const DEPENDENCIES: &[(&str, &str)] = &[
    ("BackupRegistrar", "Registrar"),
    ("Registrar", "Registrar"),
    ("EdgeServer", "EdgeServer"),
    ("UserServer", "UserServer"),
    ("WebServer", "WebServer"),
    ("MonitoringServer", "MonitoringServer"),
    ("ArchivingServer", "ArchivingServer"),
    ("ArchivingDatabase", "ArchivingDatabase"),
    ("MirrorArchivingDatabase", "ArchivingDatabase"),
    ("MonitoringDatabase", "MonitoringDatabase"),
    ("MirrorMonitoringDatabase", "MonitoringDatabase"),
    ("UserDatabase", "UserDatabase"),
    ("ApplicationDatabase", "ApplicationDatabase"),
    ("ConferenceServer", "ConferencingServer"),
];

/// Product defaults of the settings Lync 2013 documents (ports of a default install);
/// anything else shows `$null` until set.
fn default_setting(role: &str, name: &str) -> PropValue {
    let port = match (role, name) {
        ("Registrar", "SipPort") => 5061,
        ("Registrar", "WebPort") => 444,
        ("Registrar", "SipServerTcpPort") => 5060,
        ("Registrar", "SipHealthPort") => 5090,
        ("Registrar", "LyssWcfMtlsPort") => 5077,
        ("WebServer", "PrimaryHttpPort") => 80,
        ("WebServer", "PrimaryHttpsPort") => 443,
        ("WebServer", "ExternalHttpPort") => 8080,
        ("WebServer", "ExternalHttpsPort") => 4443,
        ("UserServer", "McuFactorySipPort") => 444,
        ("UserServer", "ConfDirManagementWcfTcpPort") => 9001,
        ("EdgeServer", "AccessEdgeInternalSipPort") => 5061,
        ("EdgeServer", "AccessEdgeClientSipPort") => 443,
        ("EdgeServer", "DataPsomServerPort") => 8057,
        ("EdgeServer", "DataPsomClientPort") => 443,
        ("EdgeServer", "MediaRelayAuthEdgePort") => 5062,
        ("EdgeServer", "MediaRelayExternalTurnTcpPort") => 443,
        ("EdgeServer", "MediaRelayExternalTurnUdpPort") => 3478,
        ("EdgeServer", "MediaRelayInternalTurnTcpPort") => 443,
        ("EdgeServer", "MediaRelayInternalTurnUdpPort") => 3478,
        ("MediationServer", "SipServerPort") => 5070,
        ("MediationServer", "SipClientTcpPort") => 5068,
        ("MediationServer", "SipClientTlsPort") => 5067,
        ("ConferencingServer", "ImSipPort") => 5062,
        ("ConferencingServer", "AudioVideoSipPort") => 5063,
        ("ConferencingServer", "AppSharingSipPort") => 5065,
        ("ConferencingServer", "DataPsomPort") => 8057,
        ("ConferencingServer", "MeetingPsomPort") => 8058,
        ("ConferencingServer", "PhoneSipPort") => 5064,
        ("ManagementServer", "ReplicationServicePort") => 445,
        ("ApplicationServer", "RgsSipPort") => 5071,
        ("ApplicationServer", "CaaSipPort") => 5072,
        ("ApplicationServer", "CasSipPort") => 5073,
        ("ApplicationServer", "CpsSipPort") => 5075,
        ("ApplicationServer", "AtsSipPort") => 5076,
        _ => return PropValue::Null,
    };
    PropValue::Int(port)
}

/// The settings of a service as Get-CsService shows them: every property its Set- cmdlet
/// can change, in the cmdlet's parameter order, stored or at the product default.
pub(crate) fn settings_view(s: &Service) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    if let Some(setter) = SETTERS
        .iter()
        .find(|(_, r)| *r == s.role)
        .and_then(|(c, _)| lookup(c))
    {
        let shown_by_edge = ["AccessEdgeExternalSipPort"];
        for p in setter
            .params
            .iter()
            .filter(|p| !CONTROL.contains(&p.name) && !p.name.starts_with("Instance"))
            .filter(|p| !(s.edge.is_some() && shown_by_edge.contains(&p.name)))
        {
            let v = s
                .settings
                .iter()
                .find(|(k, _)| eq_ci(k, p.name))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| default_setting(&s.role, p.name));
            out.push((p.name.to_string(), prop_to_value(&v)));
        }
    }
    // Settings of roles without a Set- cmdlet of their own (a Persistent Chat pool's
    // ActiveServers) follow in the order they were stored.
    for (k, v) in &s.settings {
        if !out.iter().any(|(n, _)| eq_ci(n, k)) {
            out.push((k.clone(), prop_to_value(v)));
        }
    }
    out
}

/// Parses `Role:fqdn`, `service:Role:fqdn` or a bare pool FQDN (with `role` implied) and
/// finds the service.
pub(crate) fn resolve_service(t: &Topology, text: &str, role: &str) -> Option<(String, String)> {
    let t_text = strip_scope(text, "service:");
    let (r, fqdn) = match t_text.split_once(':') {
        Some((r, f)) => (r.trim(), f.trim()),
        None => (role, t_text),
    };
    // A pool may also be named by the first label of its FQDN.
    t.service(r, fqdn)
        .or_else(|| {
            t.services.iter().find(|s| {
                eq_ci(&s.role, r)
                    && s.pool_fqdn
                        .split('.')
                        .next()
                        .is_some_and(|h| eq_ci(h, fqdn))
            })
        })
        .filter(|s| role.is_empty() || eq_ci(&s.role, role))
        .map(|s| (s.role.clone(), s.pool_fqdn.clone()))
}

pub(super) fn set_server(cx: &mut Cx<'_>) -> Res {
    let Some(role) = SETTERS
        .iter()
        .find(|(c, _)| eq_ci(c, cx.name))
        .map(|(_, r)| *r)
    else {
        return Ok(());
    };
    let Some(id) = cx.text("Identity") else {
        return Err(invalid(
            "IdentityRequired",
            cx.name,
            format!(
                "{}: specify the service with -Identity {role}:<pool FQDN>.",
                cx.name
            ),
        ));
    };
    let t = &cx.it.deployment.topology;
    let (role, pool) =
        resolve_service(t, &id, role).ok_or_else(|| not_found(&format!("{role} service"), &id))?;
    let mut changes: Vec<(String, PropValue)> = Vec::new();
    for (name, v) in &cx.b.values {
        if CONTROL.iter().any(|c| eq_ci(c, name)) {
            continue;
        }
        let mut value = value_to_prop(v);
        if let Some((_, dep_role)) = DEPENDENCIES.iter().find(|(p, _)| eq_ci(p, name))
            && let PropValue::Str(text) = &value
        {
            let (r, f) = resolve_service(t, text, dep_role)
                .ok_or_else(|| not_found(&format!("{dep_role} service"), text))?;
            value = PropValue::Str(format!("{r}:{f}"));
        }
        changes.push((name.clone(), value));
    }
    let target = format!("{role}:{pool}");
    if !cx.confirm(&target)? {
        return Ok(());
    }
    let t = &mut cx.it.deployment.topology;
    for (name, value) in &changes {
        if eq_ci(name, "BackupRegistrar") {
            t.infra
                .backup_pairs
                .retain(|(a, b)| !eq_ci(a, &pool) && !eq_ci(b, &pool));
            if let PropValue::Str(s) = value
                && let Some((_, backup)) = s.split_once(':')
            {
                t.infra
                    .backup_pairs
                    .push((pool.clone(), backup.to_string()));
            }
        }
    }
    let Some(s) = t.service_mut(&role, &pool) else {
        return Err(not_found("service", &target));
    };
    for (name, value) in changes {
        if let (Some(e), "AccessEdgeExternalSipPort", PropValue::Int(p)) =
            (s.edge.as_mut(), name.as_str(), &value)
        {
            e.access_edge_external_sip_port = u16::try_from(*p).unwrap_or(5061);
            continue;
        }
        s.settings.insert(name, value);
    }
    Ok(())
}

/// Set-CsPersistentChatActiveServer: the active servers of a Persistent Chat pool, kept as
/// the `ActiveServers` setting of its PersistentChatServer service.
pub(super) fn set_persistent_chat_active_server(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    let Some((role, pool)) = resolve_service(t, &id, "PersistentChatServer") else {
        return Err(not_found("PersistentChatServer service", &id));
    };
    let current: Vec<String> = t
        .service(&role, &pool)
        .and_then(|s| s.settings.get("ActiveServers"))
        .map(|v| match v {
            PropValue::List(l) => l
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let computers: Vec<String> = t
        .pool(&pool)
        .map(|p| p.computers.clone())
        .unwrap_or_default();
    // -Swap makes the inactive servers active and the active ones inactive.
    let next = if cx.switch("Swap") {
        computers
            .iter()
            .filter(|c| !current.iter().any(|x| eq_ci(x, c)))
            .cloned()
            .collect()
    } else {
        apply_list_modifier(cx.b.values.get("ActiveServers"), current)
    };
    if let Some(bad) = next.iter().find(|c| !computers.iter().any(|x| eq_ci(x, c))) {
        return Err(invalid(
            "NotAPoolComputer",
            bad,
            format!("\"{bad}\" is not a computer of the Persistent Chat pool \"{pool}\"."),
        ));
    }
    if !cx.confirm(&format!("{role}:{pool}"))? {
        return Ok(());
    }
    if let Some(s) = cx.it.deployment.topology.service_mut(&role, &pool) {
        s.settings.insert(
            "ActiveServers".into(),
            PropValue::List(next.into_iter().map(PropValue::Str).collect()),
        );
    }
    Ok(())
}

/// `@{Add=…; Remove=…; Replace=…}`, a plain list (replace) or `$null` (clear).
pub(crate) fn apply_list_modifier(v: Option<&Value>, mut current: Vec<String>) -> Vec<String> {
    match v {
        None => current,
        Some(Value::Null) => Vec::new(),
        Some(Value::Hashtable(h)) => {
            for (k, val) in h.borrow().entries.values() {
                let key = crate::runtime::convert::to_string(k);
                let items = super::flatten(val);
                if eq_ci(&key, "Add") {
                    for i in items {
                        if !current.iter().any(|c| eq_ci(c, &i)) {
                            current.push(i);
                        }
                    }
                } else if eq_ci(&key, "Remove") {
                    current.retain(|c| !items.iter().any(|i| eq_ci(c, i)));
                } else if eq_ci(&key, "Replace") {
                    current = items;
                }
            }
            current
        }
        Some(other) => super::flatten(other),
    }
}

// ----- sites ------------------------------------------------------------------------------

pub(super) fn set_site(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity").unwrap_or_else(|| "Global".into());
    let bare = strip_scope(&id, "site:").to_string();
    let t = &cx.it.deployment.topology;
    let Some(site) = t.site(&bare).map(|s| s.name.clone()) else {
        return Err(not_found("site", &id));
    };
    let route = |name: &str, role: &str| -> Result<Option<Option<String>>, Fail> {
        match cx.b.values.get(name) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(v) => {
                let text = super::identity_text(v);
                if text.is_empty() {
                    return Ok(Some(None));
                }
                resolve_service(t, &text, role)
                    .map(|(r, f)| Some(Some(format!("{r}:{f}"))))
                    .ok_or_else(|| not_found(&format!("{role} service"), &text))
            }
        }
    };
    let federation = route("FederationRoute", "EdgeServer")?;
    let xmpp = route("XmppFederationRoute", "EdgeServer")?;
    let pchat = route("DefaultPersistentChatPool", "PersistentChatServer")?;
    let description = cx.b.values.get("Description").map(|v| {
        Some(crate::runtime::convert::to_string(v)).filter(|s| !v.is_null() && !s.is_empty())
    });
    let display = cx.text("DisplayName");
    if !cx.confirm(&format!("Site:{site}"))? {
        return Ok(());
    }
    let Some(s) = cx
        .it
        .deployment
        .topology
        .sites
        .iter_mut()
        .find(|s| s.name == site)
    else {
        return Ok(());
    };
    if let Some(d) = description {
        s.description = d;
    }
    if let Some(d) = display {
        s.display_name = Some(d);
    }
    if let Some(r) = federation {
        s.federation_route = r;
    }
    if let Some(r) = xmpp {
        s.xmpp_federation_route = r;
    }
    if let Some(r) = pchat {
        s.default_persistent_chat_pool = r;
    }
    Ok(())
}

// ----- the topology document --------------------------------------------------------------

/// ? (REF:Get-CsTopology names no type; the namespace is Site's).
const TOPOLOGY_TYPE: &str = "Microsoft.Rtc.Management.Deploy.Internal.DefaultTopology";

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The published topology as an XML document (element names ≈ Topology Builder's).
fn topology_xml(t: &Topology) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Topology xmlns=\"urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008\">\r\n  <InternalDomains>\r\n",
    );
    for d in &t.sip_domains {
        x.push_str(&format!(
            "    <InternalDomain Name=\"{}\" Authoritative=\"false\" AllowAllDomains=\"false\"{} />\r\n",
            xml_escape(&d.name),
            if d.is_default { " Default=\"true\"" } else { "" }
        ));
    }
    x.push_str("  </InternalDomains>\r\n  <Sites>\r\n");
    for s in &t.sites {
        x.push_str(&format!(
            "    <CentralSite SiteId=\"{}\">\r\n      <Name>{}</Name>\r\n    </CentralSite>\r\n",
            s.site_id,
            xml_escape(&s.name)
        ));
    }
    x.push_str("  </Sites>\r\n  <Clusters>\r\n");
    for p in &t.pools {
        let site_id = t.site(&p.site).map_or(0, |s| s.site_id);
        x.push_str(&format!(
            "    <Cluster SiteId=\"{}\" Fqdn=\"{}\">\r\n",
            site_id,
            xml_escape(&p.fqdn)
        ));
        for c in &p.computers {
            x.push_str(&format!("      <Machine Fqdn=\"{}\" />\r\n", xml_escape(c)));
        }
        x.push_str("    </Cluster>\r\n");
    }
    x.push_str("  </Clusters>\r\n  <Services>\r\n");
    for s in &t.services {
        x.push_str(&format!(
            "    <Service RoleName=\"{}\" InstalledOn=\"{}\" />\r\n",
            xml_escape(&s.role),
            xml_escape(&s.pool_fqdn)
        ));
    }
    x.push_str("  </Services>\r\n</Topology>");
    x
}

pub(super) fn get_topology(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["LocalStore"])?;
    let t = &cx.it.deployment.topology;
    let v = if cx.switch("AsXml") {
        Value::str(&topology_xml(t))
    } else {
        obj(
            TOPOLOGY_TYPE,
            TOPOLOGY_TYPE,
            vec![
                (
                    "InternalDomains",
                    strs(t.sip_domains.iter().map(|d| d.name.as_str())),
                ),
                ("Sites", strs(t.sites.iter().map(|s| s.name.as_str()))),
                ("Clusters", strs(t.pools.iter().map(|p| p.fqdn.as_str()))),
                (
                    "Machines",
                    strs(t.computers.iter().map(|c| c.fqdn.as_str())),
                ),
                (
                    "Services",
                    Value::array(
                        t.services
                            .iter()
                            .map(|s| Value::str(&s.identity()))
                            .collect(),
                    ),
                ),
            ],
        )
    };
    cx.emit(v)
}

/// Enable-CsTopology: the published topology is checked (every reference resolves) and its
/// computers' AD objects are (re)created — in the model, the topology is then enabled as is.
pub(super) fn enable_topology(cx: &mut Cx<'_>) -> Res {
    if let Err(e) = cx.it.deployment.check() {
        return Err(invalid(
            "TopologyNotValid",
            "Topology",
            format!("The topology cannot be enabled: {e}."),
        ));
    }
    if !cx.confirm("Topology")? {
        return Ok(());
    }
    cx.verbose("The published topology is valid; its computers and services are enabled.");
    cx.report(&["Enabled the published topology.".to_string()]);
    Ok(())
}

// ----- pools: fabric, backup, failover ----------------------------------------------------

fn registrar_pool(cx: &Cx<'_>) -> Result<String, Fail> {
    let pool = cx.text("PoolFqdn").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    match t.pool(&pool) {
        Some(p) if t.is_registrar_pool(&p.fqdn) => Ok(p.fqdn.clone()),
        Some(_) => Err(invalid(
            "NotARegistrarPool",
            &pool,
            format!("\"{pool}\" is not a Registrar pool."),
        )),
        None => Err(not_found("pool", &pool)),
    }
}

fn backup_pool(t: &Topology, pool: &str) -> Option<String> {
    t.infra.backup_of(pool).map(str::to_string)
}

/// The backup pool, or the error of a pool without one.
fn required_backup(t: &Topology, pool: &str) -> Result<String, Fail> {
    backup_pool(t, pool).ok_or_else(|| {
        invalid(
            "NoBackupPool",
            pool,
            format!("The pool \"{pool}\" has no backup pool in the topology."),
        )
    })
}

pub(super) fn get_pool_fabric_state(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&[
        "OutputCsvFile",
        "ReplicaBuildProgress",
        "Tenant",
        "UserUri",
        "RoutingGroup",
    ])?;
    let pool = registrar_pool(cx)?;
    let service = cx.text("Type").unwrap_or_else(|| "Registrar".into());
    let d = &cx.it.deployment;
    let users = d
        .users
        .iter()
        .filter(|u| u.registrar_pool.as_deref().is_some_and(|p| eq_ci(p, &pool)))
        .count();
    let failed = d.topology.infra.is_failed_over(&pool);
    let computers = d
        .topology
        .pool(&pool)
        .map(|p| p.computers.clone())
        .unwrap_or_default();
    let mut objs = Vec::new();
    for c in &computers {
        let up = !failed && !d.topology.infra.is_stopped(c, "RTCSRV");
        objs.push(obj(
            "Microsoft.Rtc.Management.Hadr.PoolFabricState",
            c,
            vec![
                ("PoolFqdn", Value::str(&pool)),
                ("MachineFqdn", Value::str(c)),
                ("ServiceName", Value::str(&service)),
                ("Status", Value::str(if up { "Up" } else { "Down" })),
                (
                    "RoutingGroups",
                    Value::Int(i32::try_from(users.min(1)).unwrap_or(0)),
                ),
                (
                    "Users",
                    Value::Int(i32::try_from(users).unwrap_or(i32::MAX)),
                ),
            ],
        ));
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

pub(super) fn get_pool_backup_relationship(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["LocalStore"])?;
    let pool = registrar_pool(cx)?;
    let t = &cx.it.deployment.topology;
    let backup = required_backup(t, &pool)?;
    let v = obj(
        "Microsoft.Rtc.Management.Hadr.PoolBackupRelationship",
        &pool,
        vec![
            ("PoolFqdn", Value::str(&pool)),
            ("BackupPoolFqdn", Value::str(&backup)),
            ("FailedOver", Value::Bool(t.infra.is_failed_over(&pool))),
        ],
    );
    cx.emit(v)
}

pub(super) fn get_backup_service_status(cx: &mut Cx<'_>) -> Res {
    let pool = registrar_pool(cx)?;
    let t = &cx.it.deployment.topology;
    let backup = required_backup(t, &pool)?;
    let running = t.pool(&pool).is_some_and(|p| {
        p.computers
            .iter()
            .all(|c| !t.infra.is_stopped(c, "LYNCBACKUP"))
    });
    let state = if running { "FinalState" } else { "NotRunning" };
    let v = obj(
        "Microsoft.Rtc.Management.Hadr.BackupServiceStatus",
        &pool,
        vec![
            ("PoolFqdn", Value::str(&pool)),
            ("BackupPoolFqdn", Value::str(&backup)),
            ("OverallExportStatus", Value::str(state)),
            ("OverallImportStatus", Value::str(state)),
            (
                "BackupModules",
                strs([
                    "CentralMgmt.CMSMaster",
                    "DataConf.PrimaryDataConfStore",
                    "PresenceFocus.UserStore",
                ]),
            ),
        ],
    );
    cx.emit(v)
}

pub(super) fn get_user_pool_info(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["LocalStore"])?;
    let pos = super::resolve_user(cx)?;
    let d = &cx.it.deployment;
    let Some(u) = d.users.get(pos) else {
        return Ok(());
    };
    let Some(pool) = u.registrar_pool.clone() else {
        return Err(invalid(
            "UserNotHomed",
            &u.identity,
            format!(
                "The user \"{}\" is not homed on a Registrar pool.",
                u.identity
            ),
        ));
    };
    let t = &d.topology;
    let machines = |p: &str| -> Value {
        strs(
            t.pool(p)
                .map(|x| x.computers.iter().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default(),
        )
    };
    let backup = backup_pool(t, &pool);
    let v = obj(
        "Microsoft.Rtc.Management.Xds.GetOCsUserPoolInfoCmdlet+UserInformation",
        &u.identity,
        vec![
            ("Identity", Value::str(&u.identity)),
            ("PrimaryPoolFqdn", Value::str(&pool)),
            ("BackupPoolFqdn", opt(backup.as_deref())),
            ("UserServicesPoolFqdn", Value::str(&pool)),
            ("PrimaryPoolMachinesInPreferredOrder", machines(&pool)),
            (
                "BackupPoolMachinesInPreferredOrder",
                backup.as_deref().map_or(Value::array(Vec::new()), machines),
            ),
        ],
    );
    cx.emit(v)
}

pub(super) fn reset_pool_registrar_state(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["ResetLocalDatabases"])?;
    let pool = registrar_pool(cx)?;
    let kind = cx
        .text("ResetType")
        .unwrap_or_else(|| "ServiceReset".into());
    let machine = cx.text("MachineFqdn");
    if !should_process_impact(cx.it, cx.name, &pool, Impact::High)? {
        return Ok(());
    }
    let t = &mut cx.it.deployment.topology;
    let computers: Vec<String> = t
        .pool(&pool)
        .map(|p| p.computers.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|c| machine.as_deref().is_none_or(|m| eq_ci(m, c)))
        .collect();
    let restart = !cx
        .b
        .values
        .get("NoReStart")
        .is_some_and(crate::runtime::convert::is_true);
    for c in &computers {
        t.infra.set_running(c, "RTCSRV", restart);
    }
    let state = if restart { "restarted" } else { "left stopped" };
    cx.verbose(&format!(
        "{kind} of the Registrar state of {pool}: the Front-End service was {state} on {}.",
        computers.join(", ")
    ));
    Ok(())
}

fn failover(cx: &mut Cx<'_>, over: bool) -> Res {
    cx.refuse(&[
        "WaitTime",
        "DatabaseCommandTimeoutInSeconds",
        "ServicesStopDelayMins",
    ])?;
    let pool = registrar_pool(cx)?;
    let t = &cx.it.deployment.topology;
    let backup = required_backup(t, &pool)?;
    let failed = t.infra.is_failed_over(&pool);
    if over && failed {
        return Err(invalid(
            "AlreadyFailedOver",
            &pool,
            format!("The pool \"{pool}\" is already failed over to \"{backup}\"."),
        ));
    }
    if !over && !failed {
        // Nothing to move back: said, and nothing changes.
        cx.warn(&format!(
            "The pool \"{pool}\" is not failed over; there is nothing to fail back."
        ));
        return Ok(());
    }
    if !should_process_impact(cx.it, cx.name, &pool, Impact::High)? {
        return Ok(());
    }
    let infra = &mut cx.it.deployment.topology.infra;
    if over {
        infra.failed_over_pools.push(pool.clone());
        cx.verbose(&format!("The users of {pool} are now served by {backup}."));
    } else {
        infra.failed_over_pools.retain(|p| !eq_ci(p, &pool));
        cx.verbose(&format!("The users of {pool} are served by {pool} again."));
    }
    Ok(())
}

pub(super) fn invoke_pool_failover(cx: &mut Cx<'_>) -> Res {
    failover(cx, true)
}

pub(super) fn invoke_pool_failback(cx: &mut Cx<'_>) -> Res {
    failover(cx, false)
}

// ----- user database state ----------------------------------------------------------------

/// The user database serving a Registrar pool: its UserServer's `UserDatabase` setting,
/// else the first user database of its site, else the first one.
fn user_database_of(t: &Topology, pool: &str) -> Option<String> {
    if let Some(PropValue::Str(s)) = t
        .service("UserServer", pool)
        .and_then(|s| s.settings.get("UserDatabase"))
    {
        return Some(s.clone());
    }
    let site = t.pool(pool).map(|p| p.site.clone()).unwrap_or_default();
    let dbs: Vec<&Service> = t
        .services
        .iter()
        .filter(|s| s.role == "UserDatabase")
        .collect();
    dbs.iter()
        .find(|s| eq_ci(&s.site, &site))
        .or(dbs.first())
        .map(|s| s.identity())
}

fn user_databases(cx: &Cx<'_>) -> Result<Vec<String>, Fail> {
    let t = &cx.it.deployment.topology;
    if let Some(pool) = cx.text("RegistrarPool") {
        if !t.is_registrar_pool(&pool) {
            return Err(not_found("Registrar pool", &pool));
        }
        return user_database_of(t, &pool)
            .map(|d| vec![d])
            .ok_or_else(|| not_found("UserDatabase service", &pool));
    }
    if let Some(id) = cx.text("Identity") {
        return resolve_service(t, &id, "UserDatabase")
            .map(|(r, f)| vec![format!("{r}:{f}")])
            .ok_or_else(|| not_found("UserDatabase service", &id));
    }
    Ok(t.services
        .iter()
        .filter(|s| s.role == "UserDatabase")
        .map(Service::identity)
        .collect())
}

pub(super) fn get_user_database_state(cx: &mut Cx<'_>) -> Res {
    for db in user_databases(cx)? {
        let online = !cx.it.deployment.topology.infra.is_offline(&db);
        let v = obj(
            "Microsoft.Rtc.Management.Xds.UserDatabaseState",
            &db,
            vec![
                ("Identity", Value::str(&db)),
                ("Online", Value::Bool(online)),
            ],
        );
        cx.emit(v)?;
    }
    Ok(())
}

pub(super) fn set_user_database_state(cx: &mut Cx<'_>) -> Res {
    let online = cx.boolean("Online").unwrap_or(true);
    for db in user_databases(cx)? {
        if !cx.confirm(&db)? {
            continue;
        }
        let infra = &mut cx.it.deployment.topology.infra;
        infra.offline_user_databases.retain(|d| !eq_ci(d, &db));
        if !online {
            infra.offline_user_databases.push(db);
        }
    }
    Ok(())
}

// ----- network interfaces -----------------------------------------------------------------

/// Network interfaces of the topology's computers: each has an internal interface; Edge
/// servers also have an external one. Addresses come from DNS (A records of the computer,
/// of the Edge's external Access Edge name); a computer named by an IP address uses it.
pub(super) fn get_network_interface(cx: &mut Cx<'_>) -> Res {
    let d: &Deployment = &cx.it.deployment;
    let t = &d.topology;
    let only = cx.text("ComputerFqdn");
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let mut objs = Vec::new();
    for c in &t.computers {
        if only.as_deref().is_some_and(|o| !eq_ci(o, &c.fqdn)) {
            continue;
        }
        let is_ip = c.fqdn.parse::<std::net::IpAddr>().is_ok();
        let internal = if is_ip {
            Some(c.fqdn.clone())
        } else {
            d.dns
                .addresses(&c.fqdn, DnsView::Internal)
                .first()
                .map(|s| (*s).to_string())
        };
        let edge = t.services_of(&c.pool).find_map(|s| s.edge.as_ref());
        // Edge servers have an internal and an external side; every other computer has
        // one primary interface.
        let first = if edge.is_some() {
            "Internal"
        } else {
            "Primary"
        };
        let mut interfaces = vec![(first, internal)];
        if let Some(edge) = edge {
            let external = d
                .dns
                .addresses(&edge.access_edge_external_fqdn, DnsView::External)
                .first()
                .map(|s| (*s).to_string());
            interfaces.push(("External", external));
        }
        for (kind, ip) in interfaces {
            let identity = format!("{}/{}/1", c.fqdn, kind);
            if id.as_deref().is_some_and(|i| !eq_ci(i, &identity)) {
                continue;
            }
            if filter.as_deref().is_some_and(|f| !like(f, &identity)) {
                continue;
            }
            objs.push(obj(
                "Microsoft.Rtc.Management.Xds.DisplayNetworkInterface",
                &identity,
                vec![
                    ("Identity", Value::str(&identity)),
                    ("ComputerFqdn", Value::str(&c.fqdn)),
                    ("Interface", Value::str(kind)),
                    ("InterfaceNumber", Value::Int(1)),
                    ("IPAddress", opt(ip.as_deref())),
                ],
            ));
        }
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

// ----- computers and replicas -------------------------------------------------------------

pub(super) fn enable_computer(cx: &mut Cx<'_>) -> Res {
    let c = cx.local_computer()?;
    if !cx.confirm(&c)? {
        return Ok(());
    }
    let infra = &mut cx.it.deployment.topology.infra;
    let was = infra.disabled_computers.iter().any(|d| eq_ci(d, &c));
    infra.disabled_computers.retain(|d| !eq_ci(d, &c));
    let msg = if was {
        format!("Enabled {c} and its Lync Server roles.")
    } else {
        format!("{c} is already enabled; its roles are up to date.")
    };
    cx.verbose(&msg);
    cx.report(&[msg]);
    Ok(())
}

pub(super) fn disable_computer(cx: &mut Cx<'_>) -> Res {
    let c = cx.local_computer()?;
    if !should_process_impact(cx.it, cx.name, &c, Impact::High)? {
        return Ok(());
    }
    let infra = &mut cx.it.deployment.topology.infra;
    if !infra.disabled_computers.iter().any(|d| eq_ci(d, &c)) {
        infra.disabled_computers.push(c.clone());
    }
    let names: Vec<&'static str> = services_on(&cx.it.deployment.topology, &c)
        .iter()
        .map(|s| s.name)
        .collect();
    for n in names {
        cx.it.deployment.topology.infra.set_running(&c, n, false);
    }
    let msg = format!("Disabled {c}: its Lync Server services are stopped.");
    cx.verbose(&msg);
    cx.report(&[msg]);
    Ok(())
}

pub(super) fn enable_replica(cx: &mut Cx<'_>) -> Res {
    let c = cx.local_computer()?;
    if !cx.confirm(&c)? {
        return Ok(());
    }
    let now = cx.now();
    if cx.it.deployment.cms.replica(&c).is_none() {
        cx.it
            .deployment
            .cms
            .add_replica(&c, now, crate::model::default::PRODUCT_VERSION);
        cx.verbose(&format!(
            "Created the local replica of the Central Management store on {c}."
        ));
    } else {
        cx.verbose(&format!("The local replica on {c} is already enabled."));
    }
    cx.report(&[format!("Enabled the replica on {c}.")]);
    Ok(())
}
