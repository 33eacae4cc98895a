//! Active Directory preparation, OU and setup permissions, Kerberos accounts, databases and
//! database purges.

use super::servers::{find_computer, resolve_service};
use super::{Cx, Fail, Res, exists, invalid, not_found};
use crate::model::identity::eq_ci;
use crate::model::infra::{KerberosAccount, OuPermission, PurgeRun};
use crate::runtime::should_process::{Impact, should_process_impact};
use crate::runtime::value::Value;

// The state strings are the ones Lync prints (LC_…_STATE_READY, SCHEMA_VERSION_STATE_CURRENT,
// seen in Lync deployment guides); the NOT_READY / NOT_AVAILABLE forms are ≈.
const DOMAIN_READY: &str = "LC_DOMAINSETTINGS_STATE_READY";
const DOMAIN_NOT_READY: &str = "LC_DOMAINSETTINGS_STATE_NOT_READY";
const FOREST_READY: &str = "LC_FORESTSETTINGS_STATE_READY";
const FOREST_NOT_READY: &str = "LC_FORESTSETTINGS_STATE_NOT_READY";
const SCHEMA_CURRENT: &str = "SCHEMA_VERSION_STATE_CURRENT";
const SCHEMA_NOT_AVAILABLE: &str = "SCHEMA_VERSION_STATE_NOT_AVAILABLE";

fn domain(cx: &Cx<'_>) -> String {
    cx.text("Domain")
        .unwrap_or_else(|| cx.it.deployment.organization.ad_domain.clone())
}

fn domain_ready(cx: &Cx<'_>, d: &str) -> bool {
    cx.it
        .deployment
        .topology
        .infra
        .ad
        .prepared_domains
        .iter()
        .any(|x| eq_ci(x, d))
}

/// Writes a preparation state string (and reports it).
fn emit_state(cx: &mut Cx<'_>, ready: bool, yes: &str, no: &str) -> Res {
    let state = if ready { yes } else { no };
    cx.emit(Value::str(state))?;
    cx.report(&[state.to_string()]);
    Ok(())
}

pub(super) fn get_ad_domain(cx: &mut Cx<'_>) -> Res {
    let d = domain(cx);
    let ready = domain_ready(cx, &d);
    emit_state(cx, ready, DOMAIN_READY, DOMAIN_NOT_READY)
}

pub(super) fn enable_ad_domain(cx: &mut Cx<'_>) -> Res {
    let d = domain(cx);
    let skip = cx.boolean("SkipPrepareCheck").unwrap_or(false);
    if !skip && !cx.it.deployment.topology.infra.ad.forest_prepared {
        return Err(invalid(
            "ForestNotPrepared",
            &d,
            "The forest is not prepared: run Enable-CsAdForest first.".into(),
        ));
    }
    if domain_ready(cx, &d) {
        cx.verbose(&format!("The domain {d} is already prepared."));
        cx.report(&[format!("{d} was already prepared.")]);
        return Ok(());
    }
    if !cx.confirm(&d)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .ad
        .prepared_domains
        .push(d.clone());
    cx.report(&[format!("Prepared {d}.")]);
    Ok(())
}

pub(super) fn disable_ad_domain(cx: &mut Cx<'_>) -> Res {
    let d = domain(cx);
    if !should_process_impact(cx.it, cx.name, &d, Impact::High)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .ad
        .prepared_domains
        .retain(|x| !eq_ci(x, &d));
    cx.report(&[format!("Removed the preparation of {d}.")]);
    Ok(())
}

pub(super) fn get_ad_forest(cx: &mut Cx<'_>) -> Res {
    let ready = cx.it.deployment.topology.infra.ad.forest_prepared;
    emit_state(cx, ready, FOREST_READY, FOREST_NOT_READY)
}

pub(super) fn enable_ad_forest(cx: &mut Cx<'_>) -> Res {
    let skip = cx.boolean("SkipPrepareCheck").unwrap_or(false);
    let ad = &cx.it.deployment.topology.infra.ad;
    if !skip && !ad.schema_prepared {
        return Err(invalid(
            "SchemaNotPrepared",
            "Forest",
            "The schema is not prepared: run Install-CsAdServerSchema first.".into(),
        ));
    }
    let group_domain = domain_or(cx, "GroupDomain");
    if ad.forest_prepared {
        cx.verbose("The forest is already prepared.");
        cx.report(&["The forest was already prepared.".to_string()]);
        return Ok(());
    }
    if !cx.confirm("Forest")? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.ad.forest_prepared = true;
    cx.verbose(&format!("Created the universal groups in {group_domain}."));
    cx.report(&["Prepared the forest.".to_string()]);
    Ok(())
}

fn domain_or(cx: &Cx<'_>, name: &str) -> String {
    cx.text(name)
        .unwrap_or_else(|| cx.it.deployment.organization.ad_domain.clone())
}

pub(super) fn disable_ad_forest(cx: &mut Cx<'_>) -> Res {
    if !should_process_impact(cx.it, cx.name, "Forest", Impact::High)? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.ad.forest_prepared = false;
    cx.report(&["Removed the forest preparation.".to_string()]);
    Ok(())
}

pub(super) fn get_ad_server_schema(cx: &mut Cx<'_>) -> Res {
    let ready = cx.it.deployment.topology.infra.ad.schema_prepared;
    emit_state(cx, ready, SCHEMA_CURRENT, SCHEMA_NOT_AVAILABLE)
}

pub(super) fn install_ad_server_schema(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Ldf"])?;
    if cx.it.deployment.topology.infra.ad.schema_prepared {
        cx.verbose("The schema is already current.");
        return Ok(());
    }
    if !cx.confirm("Schema")? {
        return Ok(());
    }
    cx.it.deployment.topology.infra.ad.schema_prepared = true;
    cx.report(&["Extended the schema.".to_string()]);
    Ok(())
}

/// An OU distinguished name: `ou=…` / `cn=…` parts followed by the domain's `dc=` parts.
fn check_ou(text: &str) -> Result<String, Fail> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let ok = parts.len() >= 2
        && parts.iter().all(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                !v.trim().is_empty()
                    && ["ou", "cn", "dc"]
                        .iter()
                        .any(|x| k.trim().eq_ignore_ascii_case(x))
            })
        })
        && parts
            .first()
            .is_some_and(|p| !p.get(..3).is_some_and(|k| k.eq_ignore_ascii_case("dc=")));
    if ok {
        Ok(parts.join(","))
    } else {
        Err(invalid(
            "InvalidOU",
            text,
            format!("\"{text}\" is not the distinguished name of an organizational unit."),
        ))
    }
}

fn ou_permission(cx: &Cx<'_>) -> Result<OuPermission, Fail> {
    Ok(OuPermission {
        ou: check_ou(&cx.text("OU").unwrap_or_default())?,
        object_type: cx.text("ObjectType").unwrap_or_default(),
    })
}

pub(super) fn grant_ou_permission(cx: &mut Cx<'_>) -> Res {
    let p = ou_permission(cx)?;
    if !cx.confirm(&p.ou)? {
        return Ok(());
    }
    let list = &mut cx.it.deployment.topology.infra.ad.ou_permissions;
    if !list
        .iter()
        .any(|x| eq_ci(&x.ou, &p.ou) && eq_ci(&x.object_type, &p.object_type))
    {
        list.push(p.clone());
    }
    cx.report(&[format!(
        "Granted {} permissions on {}.",
        p.object_type, p.ou
    )]);
    Ok(())
}

pub(super) fn revoke_ou_permission(cx: &mut Cx<'_>) -> Res {
    let p = ou_permission(cx)?;
    if !cx.confirm(&p.ou)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .ad
        .ou_permissions
        .retain(|x| !(eq_ci(&x.ou, &p.ou) && eq_ci(&x.object_type, &p.object_type)));
    Ok(())
}

pub(super) fn grant_setup_permission(cx: &mut Cx<'_>) -> Res {
    let ou = check_ou(&cx.text("ComputerOU").unwrap_or_default())?;
    if !cx.confirm(&ou)? {
        return Ok(());
    }
    let list = &mut cx.it.deployment.topology.infra.ad.setup_permissions;
    if !list.iter().any(|x| eq_ci(x, &ou)) {
        list.push(ou.clone());
    }
    cx.report(&[format!("Granted setup permissions on {ou}.")]);
    Ok(())
}

pub(super) fn revoke_setup_permission(cx: &mut Cx<'_>) -> Res {
    let ou = check_ou(&cx.text("ComputerOU").unwrap_or_default())?;
    if !cx.confirm(&ou)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .ad
        .setup_permissions
        .retain(|x| !eq_ci(x, &ou));
    Ok(())
}

// ----- Kerberos accounts ------------------------------------------------------------------

fn account_name(text: &str) -> &str {
    text.rsplit('\\').next().unwrap_or(text).trim()
}

pub(super) fn new_kerberos_account(cx: &mut Cx<'_>) -> Res {
    let user = cx.text("UserAccount").unwrap_or_default();
    let name = account_name(&user).to_string();
    if name.is_empty() || name.len() > 15 {
        return Err(invalid(
            "InvalidKerberosAccountName",
            &user,
            format!("\"{user}\" is not a valid computer account name (1 to 15 characters)."),
        ));
    }
    let domain = cx.it.deployment.organization.ad_domain.clone();
    let container = match cx.text("ContainerDN") {
        Some(c) => check_ou(&c)?,
        None => format!(
            "CN=Users,{}",
            domain
                .split('.')
                .map(|p| format!("DC={p}"))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    if cx
        .it
        .deployment
        .topology
        .infra
        .kerberos_accounts
        .iter()
        .any(|k| eq_ci(account_name(&k.user_account), &name))
    {
        return Err(exists("Kerberos account", &user));
    }
    if !cx.confirm(&user)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .kerberos_accounts
        .push(KerberosAccount {
            user_account: user.clone(),
            container,
            password_changes: 0,
        });
    cx.report(&[format!("Created the Kerberos account {user}.")]);
    Ok(())
}

pub(super) fn set_kerberos_account_password(cx: &mut Cx<'_>) -> Res {
    if let Some(user) = cx.text("UserAccount") {
        let name = account_name(&user).to_string();
        let Some(i) = cx
            .it
            .deployment
            .topology
            .infra
            .kerberos_accounts
            .iter()
            .position(|k| eq_ci(account_name(&k.user_account), &name))
        else {
            return Err(not_found("Kerberos account", &user));
        };
        if !cx.confirm(&user)? {
            return Ok(());
        }
        if let Some(k) = cx.it.deployment.topology.infra.kerberos_accounts.get_mut(i) {
            k.password_changes += 1;
        }
        cx.report(&[format!("Reset the password of {user}.")]);
        return Ok(());
    }
    let t = &cx.it.deployment.topology;
    let from = cx.text("FromComputer").unwrap_or_default();
    let to = cx.text("ToComputer").unwrap_or_default();
    let from_c = find_computer(t, &from).ok_or_else(|| not_found("computer", &from))?;
    let to_c = find_computer(t, &to).ok_or_else(|| not_found("computer", &to))?;
    if t.infra.kerberos_accounts.is_empty() {
        return Err(not_found("Kerberos account", &from_c));
    }
    if !cx.confirm(&to_c)? {
        return Ok(());
    }
    cx.verbose(&format!(
        "Copied the Kerberos account password from {from_c} to {to_c}."
    ));
    cx.report(&[format!("Copied the password from {from_c} to {to_c}.")]);
    Ok(())
}

// ----- databases --------------------------------------------------------------------------

/// The database type of a topology role, as Install-CsDatabase names it.
fn database_type_of_role(role: &str) -> Option<&'static str> {
    Some(match role {
        "UserDatabase" => "User",
        "ApplicationDatabase" => "Application",
        "CentralManagementDatabase" => "CentralMgmt",
        "MonitoringDatabase" => "Monitoring",
        "ArchivingDatabase" => "Archiving",
        "PersistentChatDatabase" => "PersistentChat",
        "PersistentChatComplianceDatabase" => "PersistentChatCompliance",
        _ => return None,
    })
}

/// Uninstall-CsDatabase's short names (`App`, `CMS`) in Install-CsDatabase's spelling.
fn normalize_type(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "app" | "application" => "Application".into(),
        "cms" | "centralmgmt" => "CentralMgmt".into(),
        _ => t.to_string(),
    }
}

fn sql_server(cx: &Cx<'_>) -> Result<String, Fail> {
    let s = cx.text("SqlServerFqdn").unwrap_or_default();
    find_computer(&cx.it.deployment.topology, &s)
        .ok_or_else(|| not_found("SQL Server computer", &s))
}

fn installed(cx: &Cx<'_>, server: &str, ty: &str, mirror: bool) -> bool {
    cx.it
        .deployment
        .topology
        .infra
        .has_database(server, ty, mirror)
}

pub(super) fn install_database(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&[
        "DatabasePathMap",
        "Backup",
        "ExcludeCollocatedStores",
        "ForInstance",
    ])?;
    let server = if cx.switch("LocalDatabases") {
        cx.local_computer()?
    } else {
        sql_server(cx)?
    };
    let t = &cx.it.deployment.topology;
    let types: Vec<String> = if cx.switch("CentralManagementDatabase") {
        vec!["CentralMgmt".into()]
    } else if cx.switch("ConfiguredDatabases") {
        t.services
            .iter()
            .filter(|s| eq_ci(&s.pool_fqdn, &server))
            .filter_map(|s| database_type_of_role(&s.role).map(str::to_string))
            .collect()
    } else if cx.switch("LocalDatabases") {
        vec!["Lyss".into(), "Registrar".into()]
    } else {
        vec![normalize_type(&cx.text("DatabaseType").unwrap_or_default())]
    };
    if types.is_empty() {
        return Err(invalid(
            "NoConfiguredDatabases",
            &server,
            format!("The topology defines no databases on \"{server}\"."),
        ));
    }
    let clean = cx.switch("Clean");
    install_each(cx, &server, types, false, clean)
}

/// Installs each database (or mirror) type on the server after the ShouldProcess gate; one
/// that exists is left alone with a warning unless `replace` (-Clean,
/// -DropExistingDatabasesOnMirror).
fn install_each(
    cx: &mut Cx<'_>,
    server: &str,
    types: Vec<String>,
    mirror: bool,
    replace: bool,
) -> Res {
    let instance = cx.text("SqlInstanceName");
    if !cx.confirm(server)? {
        return Ok(());
    }
    let what = if mirror {
        "mirror database"
    } else {
        "database"
    };
    let mut done = Vec::new();
    for ty in types {
        if installed(cx, server, &ty, mirror) && !replace {
            cx.warn(&format!(
                "The {ty} {what} already exists on {server}; it was left as it is."
            ));
            continue;
        }
        cx.it
            .deployment
            .topology
            .infra
            .install_database(server, instance.clone(), &ty, mirror);
        done.push(format!("Installed the {ty} {what} on {server}."));
    }
    for d in &done {
        cx.verbose(d);
    }
    cx.report(&done);
    Ok(())
}

pub(super) fn uninstall_database(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["Detach"])?;
    let server = sql_server(cx)?;
    let ty = if cx.switch("CentralManagementDatabase") {
        "CentralMgmt".to_string()
    } else {
        normalize_type(&cx.text("DatabaseType").unwrap_or_default())
    };
    drop_database(cx, &server, &ty, false)
}

/// Uninstall-CsDatabase / Uninstall-CsMirrorDatabase: the database (or mirror) must exist.
fn drop_database(cx: &mut Cx<'_>, server: &str, ty: &str, mirror: bool) -> Res {
    let what = if mirror {
        "mirror database"
    } else {
        "database"
    };
    if !installed(cx, server, ty, mirror) {
        return Err(not_found(&format!("{ty} {what}"), server));
    }
    if !should_process_impact(cx.it, cx.name, &format!("{ty} on {server}"), Impact::High)? {
        return Ok(());
    }
    cx.it
        .deployment
        .topology
        .infra
        .drop_database(server, ty, mirror);
    cx.report(&[format!("Removed the {ty} {what} on {server}.")]);
    Ok(())
}

pub(super) fn install_mirror_database(cx: &mut Cx<'_>) -> Res {
    cx.refuse(&["DatabasePathMap", "ExcludeDatabaseList", "ForInstance"])?;
    let server = sql_server(cx)?;
    let types: Vec<String> = if cx.switch("ConfiguredDatabases") {
        cx.it
            .deployment
            .topology
            .infra
            .databases
            .iter()
            .filter(|d| !d.mirror && eq_ci(&d.sql_server, &server))
            .map(|d| d.database_type.clone())
            .collect()
    } else {
        vec![normalize_type(&cx.text("DatabaseType").unwrap_or_default())]
    };
    if let Some(missing) = types.iter().find(|t| !installed(cx, &server, t, false)) {
        return Err(not_found(&format!("{missing} database"), &server));
    }
    let drop = cx.switch("DropExistingDatabasesOnMirror");
    install_each(cx, &server, types, true, drop)
}

pub(super) fn uninstall_mirror_database(cx: &mut Cx<'_>) -> Res {
    let server = cx.text("SqlServerFqdn").unwrap_or_default();
    let ty = normalize_type(&cx.text("DatabaseType").unwrap_or_default());
    drop_database(cx, &server, &ty, true)
}

/// Invoke-CsQoEDatabasePurge, -CdrDatabasePurge, -ArchivingDatabasePurge: the store must be a
/// database of the right role; the model keeps no call or archiving records, so the purge
/// deletes nothing, and the run is recorded.
pub(super) fn purge_database(cx: &mut Cx<'_>) -> Res {
    let (role, kind, params): (&str, &str, &[&str]) = match cx.name {
        "Invoke-CsQoEDatabasePurge" => {
            ("MonitoringDatabase", "QoE", &["PurgeQoEDataOlderThanDays"])
        }
        "Invoke-CsCdrDatabasePurge" => (
            "MonitoringDatabase",
            "CDR",
            &[
                "PurgeCallDetailDataOlderThanDays",
                "PurgeDiagnosticDataOlderThanDays",
            ],
        ),
        _ => (
            "ArchivingDatabase",
            "Archiving",
            &["PurgeArchivingDataOlderThanHours"],
        ),
    };
    let t = &cx.it.deployment.topology;
    let text = match cx.text("Identity") {
        Some(i) => i,
        None => cx.text("SqlServerFqdn").unwrap_or_default(),
    };
    let Some((r, f)) = resolve_service(t, &text, role) else {
        return Err(not_found(&format!("{role} service"), &text));
    };
    let older: Vec<String> = params
        .iter()
        .map(|p| format!("{p}={}", cx.text(p).unwrap_or_default()))
        .collect();
    let target = format!("{r}:{f}");
    if !cx.confirm(&target)? {
        return Ok(());
    }
    let at = cx.now();
    cx.it.deployment.topology.infra.purges.push(PurgeRun {
        database: target.clone(),
        kind: kind.to_string(),
        older_than: older.join(";"),
        at,
    });
    cx.verbose(&format!(
        "Purged {kind} data ({}) from {target}: 0 records matched.",
        older.join(", ")
    ));
    Ok(())
}
