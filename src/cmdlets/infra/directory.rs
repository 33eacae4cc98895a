//! The management store's location and connection, SIP domains, trunks, conference
//! directories and device update rules.

use super::servers::resolve_service;
use super::{
    Cx, Fail, Res, exists, invalid, like, not_found, obj, opt, property_text, strip_scope,
};
use crate::model::identity::eq_ci;
use crate::model::infra::{ConferenceDirectory, DeviceUpdateRule};
use crate::model::topology::SipDomain;
use crate::runtime::should_process::{Impact, should_process_impact};
use crate::runtime::value::Value;

// ----- Central Management store location and management server ---------------------------

fn sql_instance(cx: &Cx<'_>, server: &str, instance: &str) -> Result<String, Fail> {
    let t = &cx.it.deployment.topology;
    let Some(fqdn) = super::servers::find_computer(t, server) else {
        return Err(not_found("SQL Server computer", server));
    };
    let inst = cx.text(instance);
    Ok(match inst {
        Some(i) if !i.is_empty() => format!("{fqdn}\\{i}"),
        _ => fqdn,
    })
}

pub(super) fn get_store_location(cx: &mut Cx<'_>) -> Res {
    let store = cx.it.deployment.topology.infra.store.clone();
    let Some(backend) = store.backend else {
        cx.warn("No Central Management store location is registered in Active Directory.");
        return Ok(());
    };
    let v = obj(
        "Microsoft.Rtc.Management.Deployment.ScpInformation",
        &backend,
        vec![
            ("BackEndServer", Value::str(&backend)),
            ("MirrorBackEndServer", opt(store.mirror.as_deref())),
        ],
    );
    cx.emit(v)
}

pub(super) fn set_store_location(cx: &mut Cx<'_>) -> Res {
    let server = cx.text("SqlServerFqdn").unwrap_or_default();
    let backend = sql_instance(cx, &server, "SqlInstanceName")?;
    let mirror = match cx.text("MirrorSqlServerFqdn") {
        Some(m) => Some(sql_instance(cx, &m, "MirrorSqlInstanceName")?),
        None => None,
    };
    if !cx.confirm(&backend)? {
        return Ok(());
    }
    let store = &mut cx.it.deployment.topology.infra.store;
    store.backend = Some(backend.clone());
    if mirror.is_some() {
        store.mirror = mirror;
    }
    cx.report(&[format!(
        "Registered {backend} as the Central Management store."
    )]);
    Ok(())
}

pub(super) fn remove_store_location(cx: &mut Cx<'_>) -> Res {
    let Some(backend) = cx.it.deployment.topology.infra.store.backend.clone() else {
        return Err(not_found(
            "Central Management store location",
            "Active Directory",
        ));
    };
    if !should_process_impact(cx.it, cx.name, &backend, Impact::High)? {
        return Ok(());
    }
    let store = &mut cx.it.deployment.topology.infra.store;
    store.backend = None;
    store.mirror = None;
    cx.report(&[format!("Removed the registration of {backend}.")]);
    Ok(())
}

pub(super) fn get_management_connection(cx: &mut Cx<'_>) -> Res {
    let store = cx.it.deployment.topology.infra.store.clone();
    let (provider, connection) = match store.connection {
        Some((p, c)) => (p, c),
        None => (
            "Sql".to_string(),
            format!(
                "Data Source={};Initial Catalog=xds",
                store.backend.unwrap_or_default()
            ),
        ),
    };
    let v = obj(
        "Microsoft.Rtc.Management.Xds.ManagementConnection",
        &connection,
        vec![
            ("StoreProvider", Value::str(&provider)),
            ("Connection", Value::str(&connection)),
            ("ReadOnly", Value::Bool(false)),
        ],
    );
    cx.emit(v)
}

pub(super) fn set_management_connection(cx: &mut Cx<'_>) -> Res {
    let provider = cx.text("StoreProvider").unwrap_or_default();
    let connection = cx.text("Connection").unwrap_or_default();
    if !cx.confirm(&connection)? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.store.connection = Some((provider, connection));
    Ok(())
}

pub(super) fn remove_management_connection(cx: &mut Cx<'_>) -> Res {
    if !cx.confirm("ManagementConnection")? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.store.connection = None;
    Ok(())
}

pub(super) fn invoke_management_server_failover(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Restore"])?;
    // Without -BackupSqlServerFqdn the store fails over to its mirror.
    let backend = match cx.text("BackupSqlServerFqdn") {
        Some(server) => sql_instance(cx, &server, "BackupSqlInstanceName")?,
        None => match cx.it.deployment.topology.infra.store.mirror.clone() {
            Some(m) => m,
            None => {
                return Err(invalid(
                    "NoBackupStore",
                    cx.name,
                    "The Central Management store has no mirror: specify the backup SQL Server with -BackupSqlServerFqdn.".into(),
                ));
            }
        },
    };
    if !should_process_impact(cx.it, cx.name, &backend, Impact::High)? {
        return Ok(());
    }
    let store = &mut cx.it.deployment.topology.infra.store;
    let old = store.backend.replace(backend.clone());
    store.mirror = old;
    cx.verbose(&format!(
        "The Central Management store now runs on {backend}."
    ));
    cx.report(&[format!(
        "Failed the Central Management store over to {backend}."
    )]);
    Ok(())
}

pub(super) fn move_management_server(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["ConfigurationFileName", "LisConfigurationFileName"])?;
    let t = &cx.it.deployment.topology;
    let target = match cx.text("TargetFqdn") {
        Some(f) => super::servers::find_computer(t, &f).ok_or_else(|| not_found("computer", &f))?,
        None => t
            .local_computer()
            .map(str::to_string)
            .ok_or_else(|| not_found("computer", "localhost"))?,
    };
    if t.infra
        .store
        .management_server
        .as_deref()
        .is_some_and(|m| eq_ci(m, &target))
    {
        return Err(invalid(
            "AlreadyManagementServer",
            &target,
            format!("The Central Management Server already runs on \"{target}\"."),
        ));
    }
    if !should_process_impact(cx.it, cx.name, &target, Impact::High)? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.store.management_server = Some(target.clone());
    cx.report(&[format!("Moved the Central Management Server to {target}.")]);
    Ok(())
}

// ----- SIP domains ------------------------------------------------------------------------

/// ? (REF names no type for SIP domains).
const SIP_DOMAIN_TYPE: &str = "Microsoft.Rtc.Management.Xds.DisplaySipDomain";

fn sip_domain_object(d: &SipDomain) -> Value {
    obj(
        SIP_DOMAIN_TYPE,
        &d.name,
        vec![
            ("Identity", Value::str(&d.name)),
            ("Name", Value::str(&d.name)),
            ("IsDefault", Value::Bool(d.is_default)),
        ],
    )
}

pub(super) fn get_sip_domain(cx: &mut Cx<'_>) -> Res {
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let domains = cx.it.deployment.topology.sip_domains.clone();
    if let Some(i) = &id
        && !domains.iter().any(|d| eq_ci(&d.name, i))
    {
        return Err(not_found("SipDomain", i));
    }
    for d in &domains {
        if id.as_deref().is_some_and(|i| !eq_ci(i, &d.name))
            || filter.as_deref().is_some_and(|f| !like(f, &d.name))
        {
            continue;
        }
        cx.emit(sip_domain_object(d))?;
    }
    Ok(())
}

fn make_default(domains: &mut [SipDomain], name: &str) {
    for d in domains {
        d.is_default = eq_ci(&d.name, name);
    }
}

pub(super) fn new_sip_domain(cx: &mut Cx<'_>) -> Res {
    let name = cx.text("Identity").unwrap_or_default();
    if name.is_empty() || name.contains(char::is_whitespace) || !name.contains('.') {
        return Err(invalid(
            "InvalidSipDomain",
            &name,
            format!("\"{name}\" is not a valid SIP domain name."),
        ));
    }
    if cx.it.deployment.topology.sip_domain(&name).is_some() {
        return Err(exists("SipDomain", &name));
    }
    let default = cx.boolean("IsDefault").unwrap_or(false);
    if !cx.confirm(&name)? {
        return Ok(());
    }
    let domains = &mut cx.it.deployment.topology.sip_domains;
    domains.push(SipDomain {
        name: name.clone(),
        is_default: false,
    });
    if default {
        make_default(domains, &name);
    }
    Ok(())
}

pub(super) fn set_sip_domain(cx: &mut Cx<'_>) -> Res {
    let name = cx.text("Identity").unwrap_or_default();
    let Some(found) = cx.it.deployment.topology.sip_domain(&name).cloned() else {
        return Err(not_found("SipDomain", &name));
    };
    let Some(default) = cx.boolean("IsDefault") else {
        return Ok(());
    };
    if !default && found.is_default {
        return Err(invalid(
            "DefaultSipDomainRequired",
            &found.name,
            "There must be one default SIP domain: make another domain the default instead.".into(),
        ));
    }
    if !cx.confirm(&found.name)? {
        return Ok(());
    }
    if default {
        make_default(&mut cx.it.deployment.topology.sip_domains, &found.name);
    }
    Ok(())
}

pub(super) fn remove_sip_domain(cx: &mut Cx<'_>) -> Res {
    let name = cx.text("Identity").unwrap_or_default();
    let Some(found) = cx.it.deployment.topology.sip_domain(&name).cloned() else {
        return Err(not_found("SipDomain", &name));
    };
    if found.is_default {
        return Err(invalid(
            "DefaultSipDomain",
            &found.name,
            format!(
                "The default SIP domain \"{}\" cannot be removed.",
                found.name
            ),
        ));
    }
    let suffix = format!("@{}", found.name.to_ascii_lowercase());
    let users = cx
        .it
        .deployment
        .users
        .iter()
        .filter(|u| {
            u.sip_address
                .as_deref()
                .is_some_and(|s| s.to_ascii_lowercase().ends_with(&suffix))
        })
        .count();
    if users > 0 {
        return Err(invalid(
            "SipDomainInUse",
            &found.name,
            format!(
                "The SIP domain \"{}\" cannot be removed: {users} user(s) have SIP addresses in it.",
                found.name
            ),
        ));
    }
    if !cx.confirm(&found.name)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .sip_domains
        .retain(|d| !eq_ci(&d.name, &found.name));
    Ok(())
}

// ----- trunks -----------------------------------------------------------------------------

/// REF:Get-CsTrunk OUTPUTS.
const TRUNK_TYPE: &str = "Microsoft.Rtc.Management.Xds.DisplayPstnGateway#Decorated";

pub(super) fn get_trunk(cx: &mut Cx<'_>) -> Res {
    let id = cx
        .text("Identity")
        .map(|i| strip_scope(&i, "service:").to_string());
    let filter = cx.text("Filter");
    let pool = cx.text("PoolFqdn");
    let t = &cx.it.deployment.topology;
    let mut objs = Vec::new();
    for tr in &t.infra.trunks {
        let identity = format!("PstnGateway:{}", tr.gateway);
        if id
            .as_deref()
            .is_some_and(|i| !eq_ci(i, &identity) && !eq_ci(i, &tr.gateway))
            || filter.as_deref().is_some_and(|f| !like(f, &identity))
            || pool.as_deref().is_some_and(|p| !eq_ci(p, &tr.gateway))
        {
            continue;
        }
        let site = t.site(&tr.site).map(|s| format!("Site:{}", s.name));
        objs.push(obj(
            TRUNK_TYPE,
            &identity,
            vec![
                ("Identity", Value::str(&identity)),
                ("GatewaySipPort", Value::Int(i32::from(tr.gateway_sip_port))),
                ("GatewaySipProtocol", Value::str("Tls")),
                ("SiteId", opt(site.as_deref())),
                ("PoolFqdn", Value::str(&tr.gateway)),
                (
                    "Representative",
                    Value::str(&format!("MediationServer:{}", tr.mediation_pool)),
                ),
                (
                    "MediationServer",
                    Value::str(&format!("MediationServer:{}", tr.mediation_pool)),
                ),
                (
                    "MediationServerPort",
                    Value::Int(i32::from(tr.mediation_port)),
                ),
                ("EnableFastFailoverTimer", Value::Bool(true)),
                ("Routable", Value::Bool(tr.routable)),
                ("TrunkName", Value::str(&tr.gateway)),
            ],
        ));
    }
    if let Some(i) = &id
        && objs.is_empty()
    {
        return Err(not_found("Trunk", i));
    }
    for o in objs {
        cx.emit(o)?;
    }
    Ok(())
}

// ----- conference directories -------------------------------------------------------------

/// REF:New-CsConferenceDirectory OUTPUTS.
const CONF_DIR_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.PstnConf.ConferenceDirectories";

fn conf_dir_object(c: &ConferenceDirectory) -> Value {
    let id = c.id.to_string();
    obj(
        CONF_DIR_TYPE,
        &id,
        vec![
            ("Identity", Value::str(&id)),
            (
                "ServiceId",
                Value::str(&format!("UserServer:{}", c.home_pool)),
            ),
        ],
    )
}

fn conf_dir_id(cx: &Cx<'_>) -> Result<u32, Fail> {
    let text = cx.text("Identity").unwrap_or_default();
    let bare = strip_scope(&text, "ConferenceDirectory:");
    bare.trim().parse::<u32>().map_err(|_| {
        invalid(
            "InvalidConferenceDirectoryId",
            &text,
            format!("\"{text}\" is not a conference directory number."),
        )
    })
}

pub(super) fn get_conference_directory(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["LocalStore"])?;
    let id = match cx.text("Identity") {
        Some(_) => Some(conf_dir_id(cx)?),
        None => None,
    };
    let filter = cx.text("Filter");
    let dirs = cx
        .it
        .deployment
        .topology
        .infra
        .conference_directories
        .clone();
    if let Some(i) = id
        && !dirs.iter().any(|d| d.id == i)
    {
        return Err(not_found("ConferenceDirectory", &i.to_string()));
    }
    for d in &dirs {
        if id.is_some_and(|i| i != d.id)
            || filter
                .as_deref()
                .is_some_and(|f| !like(f, &d.id.to_string()))
        {
            continue;
        }
        cx.emit(conf_dir_object(d))?;
    }
    Ok(())
}

fn user_server_pool(cx: &Cx<'_>, param: &str) -> Result<String, Fail> {
    let text = cx.text(param).unwrap_or_default();
    let t = &cx.it.deployment.topology;
    resolve_service(t, &text, "UserServer")
        .map(|(_, f)| f)
        .ok_or_else(|| not_found("UserServer service", &text))
}

fn conf_dir_exists(cx: &Cx<'_>, id: u32) -> bool {
    cx.it
        .deployment
        .topology
        .infra
        .conference_directories
        .iter()
        .any(|d| d.id == id)
}

pub(super) fn new_conference_directory(cx: &mut Cx<'_>) -> Res {
    let id = conf_dir_id(cx)?;
    let pool = user_server_pool(cx, "HomePool")?;
    if conf_dir_exists(cx, id) {
        return Err(exists("ConferenceDirectory", &id.to_string()));
    }
    if !cx.confirm(&id.to_string())? {
        return Ok(());
    }
    let dir = ConferenceDirectory {
        id,
        home_pool: pool,
    };
    let v = conf_dir_object(&dir);
    cx.it
        .deployment
        .topology
        .infra
        .conference_directories
        .push(dir);
    cx.emit(v)
}

pub(super) fn move_conference_directory(cx: &mut Cx<'_>) -> Res {
    let id = conf_dir_id(cx)?;
    let pool = user_server_pool(cx, "TargetPool")?;
    let dirs = &cx.it.deployment.topology.infra.conference_directories;
    let Some(d) = dirs.iter().find(|d| d.id == id) else {
        return Err(not_found("ConferenceDirectory", &id.to_string()));
    };
    if eq_ci(&d.home_pool, &pool) {
        return Err(invalid(
            "AlreadyOnPool",
            &id.to_string(),
            format!("Conference directory {id} is already homed on \"{pool}\"."),
        ));
    }
    if !should_process_impact(cx.it, cx.name, &id.to_string(), Impact::High)? {
        return Ok(());
    }
    if let Some(d) = cx
        .it
        .deployment
        .topology
        .infra
        .conference_directories
        .iter_mut()
        .find(|d| d.id == id)
    {
        d.home_pool = pool;
    }
    Ok(())
}

pub(super) fn remove_conference_directory(cx: &mut Cx<'_>) -> Res {
    let id = conf_dir_id(cx)?;
    if !conf_dir_exists(cx, id) {
        return Err(not_found("ConferenceDirectory", &id.to_string()));
    }
    if !cx.confirm(&id.to_string())? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .conference_directories
        .retain(|d| d.id != id);
    Ok(())
}

// ----- device update rules ----------------------------------------------------------------

/// ? (REF names no type; the namespace of the device update configuration documents).
const RULE_TYPE: &str = "Microsoft.Rtc.Management.WritableConfig.Settings.DeviceUpdate.Rule";

fn rule_identity(r: &DeviceUpdateRule) -> String {
    format!("Service:{}/{}", r.service, r.id)
}

fn rule_object(r: &DeviceUpdateRule) -> Value {
    let id = rule_identity(r);
    obj(
        RULE_TYPE,
        &id,
        vec![
            ("Identity", Value::str(&id)),
            ("Id", Value::str(&r.id)),
            ("DeviceType", Value::str(&r.device_type)),
            ("Brand", Value::str(&r.brand)),
            ("Model", Value::str(&r.model)),
            ("Revision", Value::str(&r.revision)),
            ("UpdateType", Value::str(&r.update_type)),
            ("Locale", Value::str(&r.locale)),
            ("ApprovedVersion", opt(r.approved_version.as_deref())),
            ("PendingVersion", opt(r.pending_version.as_deref())),
            ("RestoreVersion", opt(r.restore_version.as_deref())),
        ],
    )
}

/// `service:WebServer:<fqdn>/<id>` (the `service:` word optional) → (service, id).
fn parse_rule_identity(text: &str) -> (String, Option<String>) {
    let bare = strip_scope(text, "service:");
    match bare.split_once('/') {
        Some((s, id)) => (s.trim().to_string(), Some(id.trim().to_string())),
        None => (bare.to_string(), None),
    }
}

fn rule_matches(r: &DeviceUpdateRule, service: &str, id: Option<&str>) -> bool {
    eq_ci(&r.service, service) && id.is_none_or(|i| eq_ci(&r.id, i))
}

pub(super) fn get_device_update_rule(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["LocalStore"])?;
    let id = cx.text("Identity");
    let filter = cx.text("Filter");
    let rules = cx.it.deployment.topology.infra.device_update_rules.clone();
    let mut found = Vec::new();
    for r in &rules {
        if let Some(i) = &id {
            let (service, rid) = parse_rule_identity(i);
            if !rule_matches(r, &service, rid.as_deref()) {
                continue;
            }
        }
        if filter
            .as_deref()
            .is_some_and(|f| !like(f, &rule_identity(r)))
        {
            continue;
        }
        found.push(rule_object(r));
    }
    if let Some(i) = &id
        && found.is_empty()
    {
        return Err(not_found("DeviceUpdateRule", i));
    }
    for o in found {
        cx.emit(o)?;
    }
    Ok(())
}

/// Approve-, Reset-, Restore- and Remove-CsDeviceUpdateRule, by `-Identity` or a piped rule
/// (`-Instance`).
pub(super) fn change_device_update_rule(cx: &mut Cx<'_>) -> Res {
    let text = match cx.b.values.get("Instance").filter(|v| !v.is_null()) {
        Some(v) => property_text(v, "Identity").unwrap_or_default(),
        None => cx.text("Identity").unwrap_or_default(),
    };
    let (service, id) = parse_rule_identity(&text);
    let verb = cx.name.split('-').next().unwrap_or_default();
    let targets: Vec<String> = cx
        .it
        .deployment
        .topology
        .infra
        .device_update_rules
        .iter()
        .filter(|r| rule_matches(r, &service, id.as_deref()))
        .map(rule_identity)
        .collect();
    if targets.is_empty() {
        return Err(not_found("DeviceUpdateRule", &text));
    }
    for target in targets {
        if !cx.confirm(&target)? {
            continue;
        }
        let rules = &mut cx.it.deployment.topology.infra.device_update_rules;
        if verb == "Remove" {
            rules.retain(|r| rule_identity(r) != target);
            continue;
        }
        let Some(r) = rules.iter_mut().find(|r| rule_identity(r) == target) else {
            continue;
        };
        match verb {
            // Approve: the pending version becomes the approved one; the old approved one
            // is kept for Restore.
            "Approve" => {
                if let Some(p) = r.pending_version.take() {
                    r.restore_version = r.approved_version.replace(p);
                }
            }
            // Reset: the pending (not yet approved) version is withdrawn.
            "Reset" => r.pending_version = None,
            // Restore: back to the version approved before the current one.
            "Restore" => {
                // A rule without an earlier version keeps its approved one.
                if let Some(old) = r.restore_version.take() {
                    r.approved_version = Some(old);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn web_service(cx: &Cx<'_>) -> Result<String, Fail> {
    let text = cx.text("Identity").unwrap_or_default();
    let t = &cx.it.deployment.topology;
    resolve_service(t, &text, "WebServer")
        .map(|(r, f)| format!("{r}:{f}"))
        .ok_or_else(|| not_found("WebServer service", &text))
}

/// Import-CsDeviceUpdate: reads an update package (a text manifest in the sandbox, one
/// `Brand=…;Model=…;Version=…` line per device) and adds or refreshes pending rules.
pub(super) fn import_device_update(cx: &mut Cx<'_>) -> Res {
    let service = web_service(cx)?;
    let file = cx.text("FileName").unwrap_or_default();
    let text = crate::runtime::builtins_host::sandbox_path(cx.it, &file)
        .map_err(|rec| {
            Fail::Flow(crate::runtime::interp::Flow::Error {
                record: rec,
                script: false,
            })
        })
        .and_then(|p| {
            std::fs::read_to_string(&p).map_err(|_| {
                invalid(
                    "UpdateFileNotFound",
                    &file,
                    format!("Cannot read the update package \"{file}\"."),
                )
            })
        })?;
    let mut entries = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let field = |k: &str| {
            line.split(';')
                .filter_map(|kv| kv.split_once('='))
                .find(|(a, _)| eq_ci(a.trim(), k))
                .map(|(_, v)| v.trim().to_string())
        };
        match (field("Brand"), field("Model"), field("Version")) {
            (Some(b), Some(m), Some(v)) => entries.push((b, m, v, field("DeviceType"))),
            _ => {
                return Err(invalid(
                    "InvalidUpdatePackage",
                    &file,
                    format!("\"{file}\" is not a device update package."),
                ));
            }
        }
    }
    if !cx.confirm(&service)? {
        return Ok(());
    }
    for (brand, model, version, device_type) in entries {
        let guid = cx.it.deployment.next_guid().to_string();
        let rules = &mut cx.it.deployment.topology.infra.device_update_rules;
        match rules.iter_mut().find(|r| {
            eq_ci(&r.service, &service) && eq_ci(&r.brand, &brand) && eq_ci(&r.model, &model)
        }) {
            Some(r) => r.pending_version = Some(version),
            None => rules.push(DeviceUpdateRule {
                service: service.clone(),
                id: guid,
                brand,
                model,
                device_type: device_type.unwrap_or_else(|| "UCPhone".into()),
                update_type: "UCUpdates".into(),
                locale: "en-us".into(),
                revision: "A".into(),
                approved_version: None,
                pending_version: Some(version),
                restore_version: None,
            }),
        }
    }
    Ok(())
}

/// Clear-CsDeviceUpdateFile: deletes the update files no rule needs any more — in the model,
/// the versions kept only for Restore.
pub(super) fn clear_device_update_file(cx: &mut Cx<'_>) -> Res {
    let service = web_service(cx)?;
    if !cx.confirm(&service)? {
        return Ok(());
    }
    let mut cleared = 0;
    for r in cx
        .it
        .deployment
        .topology
        .infra
        .device_update_rules
        .iter_mut()
        .filter(|r| eq_ci(&r.service, &service))
    {
        if r.restore_version.take().is_some() {
            cleared += 1;
        }
    }
    cx.verbose(&format!(
        "Removed {cleared} update file set(s) no longer needed on {service}."
    ));
    Ok(())
}
