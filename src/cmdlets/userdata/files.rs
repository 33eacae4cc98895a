//! Cmdlets that read or write files on the emulated server (`runtime::server_disk`):
//! Export-/Import-CsConfiguration, Export-/Import-CsUserData, Convert-CsUserData and
//! Export-CsArchivingData.
//!
//! **Format.** Lync writes ZIP packages of XML documents; lyncshell writes JSON (UTF-8) with
//! a `Format` line naming what it holds, and reads back only what it wrote. A real Lync
//! package given to Import- is refused as "not a lyncshell export" rather than misread.

use serde::{Deserialize, Serialize};

use super::super::synthetic::checks::local_fqdn;
use super::super::synthetic::{R, write_error};
use crate::cmdlets::users::cmdlets::{switch, text};
use crate::model::actions::{AcpEntry, PinState};
use crate::model::cms::ConfigStore;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::errors::{ErrorCategory, ErrorRecord};
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::server_disk::{self, bytes_value, value_bytes};
use crate::runtime::should_process::should_process;
use crate::runtime::value::Value;

const CONFIG_FORMAT: &str = "lyncshell CMS export 1";
const USER_DATA_FORMAT: &str = "lyncshell user data export 1";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfigExport {
    format: String,
    cms_version: u64,
    documents: ConfigStore,
}

/// One user's data in a user data export.
#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "PascalCase")]
struct UserData {
    identity: String,
    sip_address: String,
    #[serde(default)]
    pin: Option<PinState>,
    #[serde(default)]
    acp: Vec<AcpEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UserDataExport {
    format: String,
    pool: String,
    /// `Lync2013`, or `Lync2010` after Convert-CsUserData.
    version: String,
    users: Vec<UserData>,
}

fn disk_error(it: &mut Interp, f: &server_disk::Failure, path: &str) -> R<()> {
    let mut rec = ErrorRecord::new(f.info().target(Value::str(path)));
    if let Some(spec) = super::super::synthetic::running_spec(it) {
        rec.command = Some(spec.name.to_string());
        rec.activity = spec.name.to_string();
        rec.class_name = Some(crate::runtime::host_commands::class_name(spec));
    }
    it.write_error(rec)
}

fn not_ours(it: &mut Interp, what: &str, source: &str) -> R<()> {
    write_error(
        it,
        "UnsupportedFormat",
        ErrorCategory::InvalidData,
        format!(
            "\"{source}\" is not a {what} written by lyncshell (lyncshell reads back only its own JSON exports, not Lync's ZIP packages)."
        ),
        Some(source),
    )
}

/// Writes `bytes` to `-FileName`, refusing to replace a file unless `-Force`.
fn write_file(it: &mut Interp, b: &Bound, action: &str, bytes: Vec<u8>) -> R<bool> {
    let Some(path) = text(b, "FileName").or_else(|| text(b, "OutputFile")) else {
        return Ok(false);
    };
    if server_disk::exists(it, &path) && !switch(b, "Force") {
        write_error(
            it,
            "FileExists",
            ErrorCategory::ResourceExists,
            format!("The file \"{path}\" already exists. Use -Force to replace it."),
            Some(&path),
        )?;
        return Ok(false);
    }
    if !should_process(it, b, action, &path)? {
        return Ok(false);
    }
    match server_disk::write(it, &path, bytes) {
        Ok(()) => Ok(true),
        Err(f) => disk_error(it, &f, &path).map(|()| false),
    }
}

/// The bytes of `-ByteInput`, else of the file `-FileName` / `-InputFile`.
fn read_input(it: &mut Interp, b: &Bound) -> R<Option<(Vec<u8>, String)>> {
    if let Some(v) = b.values.get("ByteInput") {
        return Ok(value_bytes(v).map(|x| (x, "-ByteInput".to_string())));
    }
    let Some(path) = text(b, "FileName").or_else(|| text(b, "InputFile")) else {
        return Ok(None);
    };
    match server_disk::read(it, &path) {
        Ok(bytes) => Ok(Some((bytes, path))),
        Err(f) => disk_error(it, &f, &path).map(|()| None),
    }
}

// ----- Export-/Import-CsConfiguration -----------------------------------------------------

#[derive(Default)]
pub struct ExportCsConfiguration;

impl CmdletBody for ExportCsConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let d = &it.deployment;
        let documents = if switch(b, "LocalStore") {
            let local = local_fqdn(it);
            match d.cms.local_store(&local) {
                Some(s) => s.clone(),
                None => {
                    return write_error(
                        it,
                        "NoLocalStore",
                        ErrorCategory::ObjectNotFound,
                        format!("The computer {local} holds no local configuration store."),
                        Some(&local),
                    );
                }
            }
        } else {
            d.cms.documents().clone()
        };
        let export = ConfigExport {
            format: CONFIG_FORMAT.into(),
            cms_version: d.cms.version(),
            documents,
        };
        let Ok(json) = serde_json::to_vec_pretty(&export) else {
            return Ok(());
        };
        if switch(b, "AsBytes") {
            return out.push(it, bytes_value(&json));
        }
        write_file(it, b, "Export-CsConfiguration", json).map(|_| ())
    }
}

#[derive(Default)]
pub struct ImportCsConfiguration;

impl CmdletBody for ImportCsConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some((bytes, source)) = read_input(it, b)? else {
            return Ok(());
        };
        let export: ConfigExport = match serde_json::from_slice(&bytes) {
            Ok(e) if matches!(&e, ConfigExport { format, .. } if format == CONFIG_FORMAT) => e,
            _ => return not_ours(it, "configuration export", &source),
        };
        if switch(b, "LocalStore") {
            let local = local_fqdn(it);
            if !should_process(it, b, "Import-CsConfiguration", &local)? {
                return Ok(());
            }
            let now = it.deployment.now();
            if !it
                .deployment
                .cms
                .import_local(&local, export.documents, now)
            {
                return write_error(
                    it,
                    "NoLocalStore",
                    ErrorCategory::ObjectNotFound,
                    format!("The computer {local} holds no local configuration store."),
                    Some(&local),
                );
            }
            return Ok(());
        }
        if !should_process(it, b, "Import-CsConfiguration", "Central Management Store")? {
            return Ok(());
        }
        // Documents the export lacks are removed; the others are written as exported.
        let d = &mut it.deployment;
        let current = d.cms.documents().clone();
        for kind in current.kinds() {
            for doc in current.list(kind) {
                if export.documents.get(kind, &doc.identity).is_none() {
                    let _ = d.remove_document(kind, &doc.identity);
                }
            }
        }
        for kind in export.documents.kinds() {
            for doc in export.documents.list(kind) {
                let same = d.document(kind, &doc.identity) == Some(doc);
                if same {
                    continue;
                }
                if d.document(kind, &doc.identity).is_some() {
                    let _ = d.replace_document(kind, doc.clone());
                } else {
                    let _ = d.insert_document(kind, doc.clone());
                }
            }
        }
        Ok(())
    }
}

// ----- user data --------------------------------------------------------------------------

/// The users of a pool (all Registrar pools when `pool` is empty), optionally one user.
fn pool_users(it: &Interp, pool: &str, user_filter: Option<&str>) -> Vec<UserData> {
    let d = &it.deployment;
    d.users
        .iter()
        .filter(|u| u.is_lync_enabled())
        .filter(|u| {
            pool.is_empty()
                || u.registrar_pool
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(pool))
        })
        .filter(|u| {
            user_filter.is_none_or(|f| {
                let f = f.trim().trim_start_matches("sip:");
                u.sip_address
                    .as_deref()
                    .is_some_and(|s| s.trim_start_matches("sip:").eq_ignore_ascii_case(f))
            })
        })
        .map(|u| {
            let key = u.identity.to_ascii_lowercase();
            UserData {
                identity: u.identity.clone(),
                sip_address: u.sip_address.clone().unwrap_or_default(),
                pin: d.actions.pins.get(&key).cloned(),
                acp: d.actions.acp.get(&key).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn known_pool(it: &mut Interp, pool: &str) -> R<bool> {
    if it.deployment.topology.is_registrar_pool(pool) {
        return Ok(true);
    }
    write_error(
        it,
        "PoolNotFound",
        ErrorCategory::ObjectNotFound,
        format!("\"{pool}\" is not a Registrar pool of the topology."),
        Some(pool),
    )?;
    Ok(false)
}

#[derive(Default)]
pub struct ExportCsUserData;

impl CmdletBody for ExportCsUserData {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let pool = text(b, "PoolFqdn").unwrap_or_default();
        if !pool.is_empty() && !known_pool(it, &pool)? {
            return Ok(());
        }
        let users = pool_users(it, &pool, text(b, "UserFilter").as_deref());
        let export = UserDataExport {
            format: USER_DATA_FORMAT.into(),
            pool,
            version: "Lync2013".into(),
            users,
        };
        let Ok(json) = serde_json::to_vec_pretty(&export) else {
            return Ok(());
        };
        write_file(it, b, "Export-CsUserData", json).map(|_| ())
    }
}

fn read_user_data(it: &mut Interp, b: &Bound) -> R<Option<UserDataExport>> {
    let Some((bytes, source)) = read_input(it, b)? else {
        return Ok(None);
    };
    match serde_json::from_slice::<UserDataExport>(&bytes) {
        Ok(e) if e.format == USER_DATA_FORMAT => Ok(Some(e)),
        _ => not_ours(it, "user data export", &source).map(|()| None),
    }
}

#[derive(Default)]
pub struct ImportCsUserData;

impl CmdletBody for ImportCsUserData {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let pool = text(b, "PoolFqdn").unwrap_or_default();
        if !known_pool(it, &pool)? {
            return Ok(());
        }
        let Some(export) = read_user_data(it, b)? else {
            return Ok(());
        };
        let filter = text(b, "UserFilter");
        if !should_process(it, b, "Import-CsUserData", &pool)? {
            return Ok(());
        }
        let d = &mut it.deployment;
        for u in export.users {
            if let Some(f) = &filter
                && !u
                    .sip_address
                    .trim_start_matches("sip:")
                    .eq_ignore_ascii_case(f.trim().trim_start_matches("sip:"))
            {
                continue;
            }
            // Data is restored for users homed on the target pool; others are skipped, as
            // Lync imports only the pool's own users.
            let homed = d.users.iter().any(|x| {
                x.identity.eq_ignore_ascii_case(&u.identity)
                    && x.registrar_pool
                        .as_deref()
                        .is_some_and(|p| p.eq_ignore_ascii_case(&pool))
            });
            if !homed {
                continue;
            }
            let key = u.identity.to_ascii_lowercase();
            match u.pin {
                Some(p) => {
                    d.actions.pins.insert(key.clone(), p);
                }
                None => {
                    d.actions.pins.remove(&key);
                }
            }
            if u.acp.is_empty() {
                d.actions.acp.remove(&key);
            } else {
                d.actions.acp.insert(key, u.acp);
            }
        }
        Ok(())
    }
}

#[derive(Default)]
pub struct ConvertCsUserData;

impl CmdletBody for ConvertCsUserData {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(mut export) = read_user_data(it, b)? else {
            return Ok(());
        };
        if let Some(f) = text(b, "UserFilter") {
            let f = f.trim().trim_start_matches("sip:").to_ascii_lowercase();
            export.users.retain(|u| {
                u.sip_address
                    .trim_start_matches("sip:")
                    .eq_ignore_ascii_case(&f)
            });
        }
        export.version = text(b, "TargetVersion").unwrap_or_else(|| "Lync2010".into());
        let Ok(json) = serde_json::to_vec_pretty(&export) else {
            return Ok(());
        };
        write_file(it, b, "Convert-CsUserData", json).map(|_| ())
    }
}

// ----- Export-CsArchivingData -------------------------------------------------------------

/// Export-CsArchivingData: the lab's archiving database holds no archived sessions (nothing
/// in lyncshell produces IM traffic), so an export of a real archiving database exports
/// nothing and says so; an unknown database is an error.
#[derive(Default)]
pub struct ExportCsArchivingData;

impl CmdletBody for ExportCsArchivingData {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let id = text(b, "Identity")
            .or_else(|| text(b, "DBInstance"))
            .unwrap_or_default();
        let bare = super::super::synthetic::bare_service(&id);
        let found = it
            .deployment
            .topology
            .service_by_identity(&bare)
            .is_some_and(|s| s.role == "ArchivingDatabase");
        if !found {
            return write_error(
                it,
                "ArchivingDatabaseNotFound",
                ErrorCategory::ObjectNotFound,
                format!("\"{id}\" is not an archiving database of the topology."),
                Some(&id),
            );
        }
        it.write_verbose("The archiving database holds no sessions in the requested period.");
        Ok(())
    }
}
