//! Export-/Import-CsLisConfiguration and Export-/Import-/Move-CsRgsConfiguration.
//!
//! lyncshell writes its own format (JSON of the stored objects, by kind): what Lync writes (a
//! zip of XML, a LIS backup) is opaque to scripts, which only hand the file or the bytes back
//! to the matching Import- cmdlet. Files go through the session's sandbox.

use super::body::{
    exists, ident, invalid, name_taken, prop_text, service_of, service_part, set_prop, shown,
    switch, text_or_empty,
};
use super::{EntityKind, Keying};
use crate::cmdlets::generic::body::{Failure, Res};
use crate::cmdlets::spec::CmdletSpec;
use crate::model::Deployment;
use crate::model::cms::ConfigDocument;
use crate::model::identity::Identity;
use crate::model::value::PropValue;
use crate::runtime::binder::Bound;
use crate::runtime::convert;
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::Value;

/// The LIS kinds, in the order they are exported.
fn lis_kinds() -> Vec<&'static EntityKind> {
    super::KINDS
        .iter()
        .filter(|k| matches!(k.keying, Keying::Keys(_)) && k.noun != "CsLisCivicAddress")
        .collect()
}

/// The Response Group kinds whose objects live under a service.
fn rgs_kinds() -> Vec<&'static EntityKind> {
    super::KINDS
        .iter()
        .filter(|k| k.noun.starts_with("CsRgs") && k.keying == Keying::ServiceGuid)
        .collect()
}

type Bundle = indexmap::IndexMap<String, Vec<ConfigDocument>>;

/// Writes a bundle to `-FileName` (inside the sandbox) or, with `-AsBytes`, to the pipeline.
fn write_bundle(it: &mut Interp, bundle: &Bundle, b: &Bound, out: &mut dyn Sink) -> Res {
    let bytes = serde_json::to_vec_pretty(bundle).unwrap_or_default();
    if switch(b, "AsBytes") {
        let items = bytes
            .iter()
            .map(|x| Value::OtherNumber(crate::runtime::value::OtherNumber::Byte(*x)))
            .collect();
        out.push(it, Value::array(items))?;
        return Ok(());
    }
    let name = text_or_empty(b, "FileName");
    let path = crate::runtime::builtins_host::sandbox_path(it, &name).map_err(Failure::Record)?;
    std::fs::write(&path, &bytes).map_err(|e| {
        invalid(
            it,
            "ExportFailed",
            format!("Cannot write \"{name}\": {e}."),
            &name,
        )
    })?;
    Ok(())
}

/// Reads a bundle from `-ByteInput` or `-FileName`.
fn read_bundle(it: &Interp, b: &Bound) -> Result<Bundle, Failure> {
    let bytes: Vec<u8> = match super::body::bound(b, "ByteInput") {
        Some(v) => crate::runtime::interp::enumerate_for_loop(v)
            .iter()
            .filter_map(|x| match convert::to_number(x) {
                Ok(Value::Int(i)) => u8::try_from(i).ok(),
                _ => None,
            })
            .collect(),
        None => {
            let name = text_or_empty(b, "FileName");
            let path =
                crate::runtime::builtins_host::sandbox_path(it, &name).map_err(Failure::Record)?;
            std::fs::read(&path).map_err(|_| {
                invalid(
                    it,
                    "FileNotFound",
                    format!("Cannot find the file \"{name}\"."),
                    &name,
                )
            })?
        }
    };
    // Ours: the text Lync prints for a file it cannot read is not documented.
    serde_json::from_slice(&bytes).map_err(|_| {
        invalid(
            it,
            "InvalidConfigurationFile",
            "The input is not a configuration exported by lyncshell's Export- cmdlet.".into(),
            "",
        )
    })
}

fn export(
    it: &mut Interp,
    kinds: Vec<&'static EntityKind>,
    service: Option<&str>,
    b: &Bound,
    out: &mut dyn Sink,
) -> Res {
    let mut bundle = Bundle::new();
    for k in kinds {
        let docs: Vec<ConfigDocument> = it
            .deployment
            .entities
            .list(k.store())
            .iter()
            .filter(|d| service.is_none_or(|s| service_part(d).eq_ignore_ascii_case(s)))
            .cloned()
            .collect();
        bundle.insert(k.store().to_string(), docs);
    }
    write_bundle(it, &bundle, b, out)
}

/// Import-CsLisConfiguration: the imported objects replace the LIS database.
pub(super) fn import_lis(it: &mut Interp, spec: &CmdletSpec, b: &Bound) -> Res {
    let bundle = read_bundle(it, b)?;
    if spec.supports_should_process && !should_process(it, b, spec.name, "LIS configuration")? {
        return Ok(());
    }
    for k in lis_kinds() {
        let old: Vec<Identity> = it
            .deployment
            .entities
            .list(k.store())
            .iter()
            .map(|d| d.identity.clone())
            .collect();
        for id in old {
            let _ = it.deployment.entities.remove(k.store(), &id);
        }
        for d in bundle.get(k.store()).into_iter().flatten() {
            let _ = it.deployment.entities.insert(k.store(), d.clone());
        }
    }
    Ok(())
}

/// Export-CsRgsConfiguration: the Response Group objects of `-Source` (removed afterwards with
/// `-RemoveExportedConfiguration`).
pub(super) fn export_rgs(it: &mut Interp, spec: &CmdletSpec, b: &Bound, out: &mut dyn Sink) -> Res {
    let (service, _) = service_of(&text_or_empty(b, "Source"));
    export(it, rgs_kinds(), Some(&service), b, out)?;
    if switch(b, "RemoveExportedConfiguration")
        && (!spec.supports_should_process || should_process(it, b, spec.name, &service)?)
    {
        remove_service_objects(&mut it.deployment, &service);
    }
    Ok(())
}

fn remove_service_objects(dep: &mut Deployment, service: &str) {
    for k in rgs_kinds() {
        let ids: Vec<Identity> = dep
            .entities
            .list(k.store())
            .iter()
            .filter(|d| service_part(d).eq_ignore_ascii_case(service))
            .map(|d| d.identity.clone())
            .collect();
        for id in ids {
            let _ = dep.entities.remove(k.store(), &id);
        }
    }
}

/// Puts Response Group objects on another service: new identities (same GUIDs) and owner.
/// A name already used there fails, or gets a numbered suffix with `-ResolveNameConflicts`.
fn rehome(
    dep: &mut Deployment,
    objects: Vec<(&'static EntityKind, ConfigDocument)>,
    service: &str,
    fqdn: &str,
    resolve_names: bool,
) -> Res {
    for (k, mut d) in objects {
        let guid = shown(&d)
            .rsplit_once('/')
            .map(|(_, g)| g.to_string())
            .unwrap_or_default();
        d.identity = ident(&format!("{service}/{guid}"));
        if k.property("OwnerPool").is_some() {
            set_prop(&mut d, "OwnerPool", PropValue::str(fqdn));
        }
        if let Some(name) = prop_text(&d, "Name") {
            let mut candidate = name.clone();
            let mut n = 1;
            while name_taken(dep, k, service, &candidate, Some(&d.identity)) {
                if !resolve_names {
                    return Err(exists(k, &format!("{service}/{name}")));
                }
                n += 1;
                candidate = format!("{name}{n}");
            }
            set_prop(&mut d, "Name", PropValue::str(&candidate));
        }
        if dep.entities.get(k.store(), &d.identity).is_some() {
            let _ = dep.entities.replace(k.store(), d);
        } else {
            let _ = dep.entities.insert(k.store(), d);
        }
    }
    Ok(())
}

/// Import-CsRgsConfiguration: the exported objects are created on `-Destination`.
pub(super) fn import_rgs(it: &mut Interp, b: &Bound) -> Res {
    let bundle = read_bundle(it, b)?;
    let (service, fqdn) = service_of(&text_or_empty(b, "Destination"));
    let mut objects = Vec::new();
    for k in rgs_kinds() {
        for d in bundle.get(k.store()).into_iter().flatten() {
            objects.push((k, d.clone()));
        }
    }
    rehome(
        &mut it.deployment,
        objects,
        &service,
        &fqdn,
        switch(b, "ResolveNameConflicts"),
    )
}

/// Move-CsRgsConfiguration: every Response Group object of the source pool moves to the
/// destination pool.
pub(super) fn move_rgs(it: &mut Interp, b: &Bound) -> Res {
    let (source, _) = service_of(&text_or_empty(b, "Source"));
    let (service, fqdn) = service_of(&text_or_empty(b, "Destination"));
    let mut objects = Vec::new();
    for k in rgs_kinds() {
        for d in it.deployment.entities.list(k.store()) {
            if service_part(d).eq_ignore_ascii_case(&source) {
                objects.push((k, d.clone()));
            }
        }
    }
    if objects.is_empty() {
        // Ours: Lync's text for a pool without Response Group configuration is not documented.
        let message = format!("No Response Group configuration was found on \"{source}\".");
        return Err(invalid(it, "RgsConfigurationNotFound", message, &source));
    }
    remove_service_objects(&mut it.deployment, &source);
    rehome(
        &mut it.deployment,
        objects,
        &service,
        &fqdn,
        switch(b, "ResolveNameConflicts"),
    )
}

/// Export-CsLisConfiguration: every LIS object.
pub(super) fn export_lis(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> Res {
    export(it, lis_kinds(), None, b, out)
}

/// The Persistent Chat kinds kept in the chat database (rooms, categories, add-ins).
fn chat_kinds() -> Vec<&'static EntityKind> {
    super::KINDS
        .iter()
        .filter(|k| k.keying == Keying::PoolName)
        .collect()
}

/// `-DBInstance <server>\<instance>` must name a SQL server of the topology.
fn check_instance(it: &Interp, b: &Bound) -> Res {
    let instance = text_or_empty(b, "DBInstance");
    let server = instance.split('\\').next().unwrap_or_default().trim();
    let known = it
        .deployment
        .topology
        .services
        .iter()
        .any(|s| s.pool_fqdn.eq_ignore_ascii_case(server) && s.role.ends_with("Database"));
    if known {
        return Ok(());
    }
    // Ours: the page does not show the text for an unknown database instance.
    let message = format!("\"{instance}\" is not a SQL Server instance of the current topology.");
    Err(invalid(it, "InvalidDBInstance", message, &instance))
}

/// Export-CsPersistentChatData: the rooms, categories and add-ins (the model keeps no chat
/// messages, so `-StartDate` has nothing to narrow).
pub(super) fn export_chat(
    it: &mut Interp,
    spec: &CmdletSpec,
    b: &Bound,
    out: &mut dyn Sink,
) -> Res {
    for name in ["Level", "Scope", "DisableExportedNodes", "Report"] {
        if super::body::bound(b, name).is_some_and(|v| !matches!(v, Value::Switch(false))) {
            return Err(crate::cmdlets::generic::errors::GenericError::Unmodelled {
                cmdlet: spec.name.to_string(),
                parameter: spec.param(name).map_or("", |p| p.name),
            }
            .into());
        }
    }
    check_instance(it, b)?;
    export(it, chat_kinds(), None, b, out)
}

/// Import-CsPersistentChatData: the exported rooms, categories and add-ins are added, replacing
/// those with the same identity.
pub(super) fn import_chat(it: &mut Interp, spec: &CmdletSpec, b: &Bound) -> Res {
    check_instance(it, b)?;
    let bundle = read_bundle(it, b)?;
    let target = text_or_empty(b, "DBInstance");
    if spec.supports_should_process && !should_process(it, b, spec.name, &target)? {
        return Ok(());
    }
    for k in chat_kinds() {
        for d in bundle.get(k.store()).into_iter().flatten() {
            if it.deployment.entities.get(k.store(), &d.identity).is_some() {
                let _ = it.deployment.entities.replace(k.store(), d.clone());
            } else {
                let _ = it.deployment.entities.insert(k.store(), d.clone());
            }
        }
    }
    Ok(())
}
