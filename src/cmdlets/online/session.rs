//! The remote session to Lync Online (federation-model.md §1.10): New-CsOnlineSession returns
//! a synthetic PSSession (docs/model.md decision 6), Import-PSSession turns the session's
//! commands into local proxies (with `-Prefix` and `-AllowClobber`), Get-/Remove-PSSession list
//! and close sessions. The session state lives in [`OnlineState`] on the interpreter.

use std::rc::Rc;

use super::errors::OnlineError;
use crate::runtime::binder::{Arg, Bound, PType, Signature};
use crate::runtime::builtins::{param, sig, switch};
use crate::runtime::commands::{BuiltinProcessor, CmdletBody};
use crate::runtime::convert;
use crate::runtime::errors::Position;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::{Processor, Sink};
use crate::runtime::value::{Credential, PsObject, Value};

type R<T> = Result<T, Flow>;

pub const PSSESSION_TYPE: &str = "System.Management.Automation.Runspaces.PSSession";
pub const MODULE_INFO_TYPE: &str = "System.Management.Automation.PSModuleInfo";

/// The commands the emulated Lync Online endpoint exports, sorted by name as Import-PSSession
/// processes them. The first two are online-only; the tenant federation cmdlets also exist in
/// the local Lync module, so they clash with local commands (the seed's reason for
/// `-AllowClobber`).
pub const EXPORTED: &[&str] = &[
    "Get-CsOnlineUser",
    "Get-CsTenant",
    "Get-CsTenantFederationConfiguration",
    "New-CsEdgeAllowAllKnownDomains",
    "New-CsEdgeAllowList",
    "New-CsEdgeDomainPattern",
    "Set-CsTenantFederationConfiguration",
];

/// Commands of [`EXPORTED`] that the emulator implements (the others bind no parameters and
/// fail as not emulated).
pub const EMULATED: &[&str] = &[
    "Get-CsTenantFederationConfiguration",
    "New-CsEdgeAllowAllKnownDomains",
    "New-CsEdgeAllowList",
    "New-CsEdgeDomainPattern",
    "Set-CsTenantFederationConfiguration",
];

/// One remote session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: u32,
    pub name: String,
    pub computer_name: String,
    pub open: bool,
}

/// Commands imported from a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub session_id: u32,
    pub module_name: String,
    /// (local name with prefix, exported name).
    pub commands: Vec<(String, String)>,
}

/// The online state of one shell: its sessions and what was imported from them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnlineState {
    pub sessions: Vec<Session>,
    pub imported: Vec<Imported>,
    next_id: u32,
}

impl OnlineState {
    /// The exported command and session host behind a local command name, if that name is an
    /// imported proxy of an open session.
    pub fn proxy(&self, name: &str) -> Option<(&str, &Session)> {
        self.imported.iter().rev().find_map(|imp| {
            let (_, exported) = imp
                .commands
                .iter()
                .find(|(local, _)| local.eq_ignore_ascii_case(name))?;
            let s = self
                .sessions
                .iter()
                .find(|s| s.id == imp.session_id && s.open)?;
            Some((exported.as_str(), s))
        })
    }
}

/// The user name of the credential a command uses when none was given: asked for at a
/// terminal; otherwise `--credential USER`, or, failing that, the tenant's administrator
/// with a one-line warning (the rule for Get-Credential without a terminal).
pub fn ask_credential(it: &mut Interp) -> R<Option<String>> {
    if it.interactive {
        it.write_host_text("\nWindows PowerShell credential request\nEnter your credentials.\n");
        let user = it.host.read_line("User: ");
        let _ = it.host.read_secret("Password for user: ");
        return Ok(user);
    }
    if let Some(u) = it.default_credential.clone() {
        return Ok(Some(u));
    }
    Ok(fallback_admin(it))
}

/// The tenant administrator credential used without a terminal and without `--credential`,
/// announced with a warning (text ours).
pub fn fallback_admin(it: &mut Interp) -> Option<String> {
    let admin = crate::cmdlets::users::ops::tenant_admin(&it.deployment)?;
    it.write_warning(&format!(
        "No terminal and no --credential: using the tenant administrator {admin}."
    ));
    // Said once per session: later commands use the same credential silently.
    it.default_credential = Some(admin.clone());
    Some(admin)
}

fn fail(it: &Interp, e: OnlineError) -> Flow {
    Flow::Error {
        record: Box::new(e.record(it, None)),
        script: false,
    }
}

fn session_object(s: &Session) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(PSSESSION_TYPE), Rc::from("System.Object")],
        to_string: Some(Rc::from(format!("[PSSession]{}", s.name))),
        ..PsObject::default()
    };
    o.add("Id", Value::Int(i32::try_from(s.id).unwrap_or(i32::MAX)));
    o.add("Name", Value::str(&s.name));
    o.add("ComputerName", Value::str(&s.computer_name));
    o.add(
        "State",
        Value::str(if s.open { "Opened" } else { "Closed" }),
    );
    o.add("ConfigurationName", Value::str("Microsoft.PowerShell"));
    o.add(
        "Availability",
        Value::str(if s.open { "Available" } else { "None" }),
    );
    Value::object(o)
}

/// The session a value designates: a PSSession object (by Id) or a number.
fn session_id_of(v: &Value) -> Option<u32> {
    match v {
        Value::Object(o) => {
            let o = o.borrow();
            if o.type_names.first().is_none_or(|t| &**t != PSSESSION_TYPE) {
                return None;
            }
            o.properties
                .values()
                .find(|p| &*p.name == "Id")
                .and_then(|p| convert::to_string(&p.value).parse().ok())
        }
        Value::Array(a) => a.borrow().first().and_then(session_id_of),
        other => convert::to_string(other).parse().ok(),
    }
}

// ----- New-CsOnlineSession ----------------------------------------------------------------

#[derive(Default)]
pub struct NewCsOnlineSession;

impl CmdletBody for NewCsOnlineSession {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for p in ["OverridePowerShellUri", "SessionOption"] {
            if b.values.contains_key(p) {
                return Err(fail(
                    it,
                    OnlineError::Unmodelled {
                        parameter: p.into(),
                    },
                ));
            }
        }
        let Some(host) = it.deployment.tenant.as_ref().map(|t| t.admin_host.clone()) else {
            return Err(fail(it, OnlineError::NoTenant));
        };
        let user = match b.values.get("Credential") {
            Some(Value::Credential(c)) => Some(c.user_name.to_string()),
            Some(v) if !v.is_null() => Some(convert::to_string(v)),
            _ => ask_credential(it)?,
        };
        let Some(user) = user else {
            return Err(fail(it, OnlineError::NoCredential));
        };
        let domain = user.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        if !it
            .deployment
            .tenant
            .as_ref()
            .is_some_and(|t| t.has_domain(domain))
        {
            return Err(fail(it, OnlineError::NotTenantAccount { user }));
        }
        // -OverrideAdminDomain names the tenant to administer (a partner's delegated tenant in
        // the real service); the emulated service knows only the deployment's own tenant.
        if let Some(d) = b.values.get("OverrideAdminDomain").filter(|v| !v.is_null()) {
            let d = convert::to_string(d);
            if !it
                .deployment
                .tenant
                .as_ref()
                .is_some_and(|t| t.has_domain(&d))
            {
                return Err(fail(it, OnlineError::UnknownAdminDomain { domain: d }));
            }
        }
        let state = &mut it.online;
        state.next_id += 1;
        let s = Session {
            id: state.next_id,
            name: format!("Session{}", state.next_id),
            computer_name: host,
            open: true,
        };
        state.sessions.push(s.clone());
        out.push(it, session_object(&s))
    }
}

// ----- Import-PSSession -------------------------------------------------------------------

pub fn import_pssession_sig() -> Signature {
    sig(
        "Import-PSSession",
        "Microsoft.PowerShell.Commands.ImportPSSessionCommand",
    )
    .with(param("Session", PType::Any).pos(0).mandatory())
    .with(
        param("CommandName", PType::Array(Box::new(PType::String)))
            .pos(1)
            .alias("Name"),
    )
    .with(param("FormatTypeName", PType::Array(Box::new(PType::String))).pos(2))
    .with(param("Prefix", PType::String))
    .with(switch("DisableNameChecking"))
    .with(switch("AllowClobber"))
    .with(param("ArgumentList", PType::Any).alias("Args"))
    .with(param("CommandType", PType::Any).alias("Type"))
    .with(param("Module", PType::Array(Box::new(PType::String))).alias("PSSnapin"))
    .with(param("Certificate", PType::Any))
}

/// PowerShell's `Path.GetRandomFileName` alphabet: the module is `tmp_` + an 8.3 name.
const RANDOM_NAME: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz012345";

fn temp_module_name(guid: u128) -> String {
    let mut s = String::from("tmp_");
    for i in 0..11 {
        if i == 8 {
            s.push('.');
        }
        let k = ((guid >> (i * 5)) & 31) as usize;
        s.push(RANDOM_NAME.get(k).map_or('a', |c| char::from(*c)));
    }
    s
}

fn local_command_exists(it: &Interp, name: &str) -> bool {
    crate::cmdlets::lookup(name).is_some()
        || crate::runtime::builtins::lookup(name).is_some()
        || it.function(name).is_some()
        || it.online.proxy(name).is_some()
}

#[derive(Default)]
pub struct ImportPSSession;

impl CmdletBody for ImportPSSession {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for p in [
            "FormatTypeName",
            "ArgumentList",
            "CommandType",
            "Module",
            "Certificate",
        ] {
            if b.values.contains_key(p) {
                return Err(fail(
                    it,
                    OnlineError::Unmodelled {
                        parameter: p.into(),
                    },
                ));
            }
        }
        let sv = b.values.get("Session").cloned().unwrap_or(Value::Null);
        let session = session_id_of(&sv)
            .and_then(|id| it.online.sessions.iter().find(|s| s.id == id && s.open))
            .cloned();
        let Some(session) = session else {
            return Err(fail(
                it,
                OnlineError::NotASession {
                    text: convert::to_string(&sv),
                },
            ));
        };
        let prefix = b
            .values
            .get("Prefix")
            .filter(|v| !v.is_null())
            .map(convert::to_string)
            .unwrap_or_default();
        let wanted: Option<Vec<String>> =
            b.values
                .get("CommandName")
                .filter(|v| !v.is_null())
                .map(|v| {
                    crate::runtime::interp::enumerate_for_loop(v)
                        .iter()
                        .map(convert::to_string)
                        .collect()
                });
        let clobber = b.values.get("AllowClobber").is_some_and(convert::is_true);
        let mut commands = Vec::new();
        let mut skipped = Vec::new();
        for name in EXPORTED {
            if let Some(w) = &wanted
                && !w.iter().any(|p| crate::cmdlets::wildcard_match(p, name))
            {
                continue;
            }
            let local = match name.split_once('-') {
                Some((verb, noun)) => format!("{verb}-{prefix}{noun}"),
                None => name.to_string(),
            };
            if !clobber && local_command_exists(it, &local) {
                skipped.push(local);
                continue;
            }
            commands.push((local, name.to_string()));
        }
        if !skipped.is_empty() {
            if commands.is_empty() {
                // ✔ ImplicitRemotingStrings.resx (federation-model.md §5.1).
                it.write_warning("No command proxies have been created, because all of the requested remote commands would shadow existing local commands.  Use the AllowClobber parameter if you want to shadow existing local commands.");
            } else {
                // ✔ ImplicitRemotingStrings.resx (federation-model.md §5.1), two spaces
                // before "Use".
                it.write_warning(&format!(
                    "Proxy creation has been skipped for the following command: '{}', because it would shadow an existing local command.  Use the AllowClobber parameter if you want to shadow existing local commands.",
                    skipped.join(", ")
                ));
            }
        }
        let module_name = temp_module_name(it.deployment.next_guid().0);
        let exported: Vec<Value> = commands.iter().map(|(l, _)| Value::str(l)).collect();
        it.online.imported.push(Imported {
            session_id: session.id,
            module_name: module_name.clone(),
            commands,
        });
        if !it.modules.iter().any(|m| m == &module_name) {
            it.modules.push(module_name.clone());
        }
        let mut o = PsObject {
            type_names: vec![Rc::from(MODULE_INFO_TYPE), Rc::from("System.Object")],
            to_string: Some(Rc::from(module_name.as_str())),
            ..PsObject::default()
        };
        o.add("ModuleType", Value::str("Script"));
        o.add("Version", Value::str("1.0"));
        o.add("Name", Value::str(&module_name));
        o.add("ExportedCommands", Value::array(exported));
        out.push(it, Value::object(o))
    }
}

// ----- Get-PSSession / Remove-PSSession ---------------------------------------------------

pub fn get_pssession_sig() -> Signature {
    sig(
        "Get-PSSession",
        "Microsoft.PowerShell.Commands.GetPSSessionCommand",
    )
    .with(param("Name", PType::Array(Box::new(PType::String))))
    .with(param("Id", PType::Array(Box::new(PType::Convert("int".into())))).pos(0))
    .with(param("ComputerName", PType::Array(Box::new(PType::String))).alias("Cn"))
}

#[derive(Default)]
pub struct GetPSSession;

fn selected(b: &Bound, s: &Session) -> bool {
    let list = |n: &str| -> Option<Vec<String>> {
        b.values.get(n).filter(|v| !v.is_null()).map(|v| {
            crate::runtime::interp::enumerate_for_loop(v)
                .iter()
                .map(convert::to_string)
                .collect()
        })
    };
    if let Some(ids) = list("Id")
        && !ids.iter().any(|i| i.parse::<u32>().ok() == Some(s.id))
    {
        return false;
    }
    if let Some(names) = list("Name")
        && !names
            .iter()
            .any(|n| crate::cmdlets::wildcard_match(n, &s.name))
    {
        return false;
    }
    if let Some(hosts) = list("ComputerName")
        && !hosts
            .iter()
            .any(|n| crate::cmdlets::wildcard_match(n, &s.computer_name))
    {
        return false;
    }
    true
}

impl CmdletBody for GetPSSession {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let found: Vec<Session> = it
            .online
            .sessions
            .iter()
            .filter(|s| s.open && selected(b, s))
            .cloned()
            .collect();
        if found.is_empty()
            && let Some(v) = b.values.get("Id").or_else(|| b.values.get("Name"))
        {
            let what = if b.values.contains_key("Id") {
                format!("session ID {}", convert::to_string(v))
            } else {
                format!("name {}", convert::to_string(v))
            };
            let rec = OnlineError::SessionNotFound { what }.record(it, None);
            return it.write_error(rec);
        }
        for s in found {
            out.push(it, session_object(&s))?;
        }
        Ok(())
    }
}

pub fn remove_pssession_sig() -> Signature {
    sig(
        "Remove-PSSession",
        "Microsoft.PowerShell.Commands.RemovePSSessionCommand",
    )
    .with(
        param("Session", PType::Any)
            .pos(0)
            .pipeline()
            .set("Session"),
    )
    .with(
        param("Id", PType::Array(Box::new(PType::Convert("int".into()))))
            .pos(0)
            .set("Id"),
    )
    .with(param("Name", PType::Array(Box::new(PType::String))).set("Name"))
    .with(
        param("ComputerName", PType::Array(Box::new(PType::String)))
            .set("ComputerName")
            .alias("Cn"),
    )
    .default_set("Id")
}

#[derive(Default)]
pub struct RemovePSSession;

impl CmdletBody for RemovePSSession {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let ids: Vec<u32> = match b.values.get("Session").or(input) {
            Some(v) => crate::runtime::interp::enumerate_for_loop(v)
                .iter()
                .filter_map(session_id_of)
                .collect(),
            None => it
                .online
                .sessions
                .iter()
                .filter(|s| s.open && selected(b, s))
                .map(|s| s.id)
                .collect(),
        };
        for id in ids {
            let name = match it.online.sessions.iter().find(|s| s.id == id) {
                Some(s) => s.name.clone(),
                None => continue,
            };
            if !crate::runtime::should_process::should_process_impact(
                it,
                "Remove",
                &name,
                crate::runtime::should_process::Impact::Low,
            )? {
                continue;
            }
            if let Some(s) = it.online.sessions.iter_mut().find(|s| s.id == id) {
                s.open = false;
            }
            // Proxies of a closed session stop resolving; the temporary module goes too.
            let gone: Vec<String> = it
                .online
                .imported
                .iter()
                .filter(|i| i.session_id == id)
                .map(|i| i.module_name.clone())
                .collect();
            it.online.imported.retain(|i| i.session_id != id);
            it.modules.retain(|m| !gone.contains(m));
        }
        Ok(())
    }
}

// ----- the resolution hook ----------------------------------------------------------------

/// Commands imported from an open session resolve before local ones (that is what
/// `-AllowClobber` asks for; without it clashing commands were never imported). Called by
/// `runtime::commands::prepare`; returns `None` for any other name.
pub fn prepare_imported(
    it: &mut Interp,
    name: &str,
    args: Vec<Arg>,
    expects_input: bool,
    position: Option<Position>,
) -> R<Option<Box<dyn Processor>>> {
    let Some((exported, session)) = it.online.proxy(name) else {
        return Ok(None);
    };
    let exported = exported.to_string();
    let host = session.computer_name.clone();
    let body: Box<dyn CmdletBody> = match exported.as_str() {
        "Get-CsTenantFederationConfiguration" => {
            Box::new(super::tenant::GetTenantFederation { remote: Some(host) })
        }
        "Set-CsTenantFederationConfiguration" => {
            Box::new(super::tenant::SetTenantFederation { remote: Some(host) })
        }
        "New-CsEdgeDomainPattern" => {
            Box::new(super::edge::NewEdgeDomainPattern { remote: Some(host) })
        }
        "New-CsEdgeAllowList" => Box::new(super::edge::NewEdgeAllowList { remote: Some(host) }),
        "New-CsEdgeAllowAllKnownDomains" => {
            Box::new(super::edge::NewEdgeAllowAllKnownDomains { remote: Some(host) })
        }
        _ => Box::new(NotEmulatedRemote {
            command: exported.clone(),
            host,
        }),
    };
    let mut signature = match crate::cmdlets::lookup(&exported) {
        Some(spec) => (*crate::runtime::host_commands::signature(it, spec)).clone(),
        None => sig(&exported, "lyncshell"),
    };
    signature.name = name.to_string();
    let p = BuiltinProcessor::new(it, Rc::new(signature), body, args, expects_input, position)?;
    Ok(Some(Box::new(p)))
}

struct NotEmulatedRemote {
    command: String,
    host: String,
}

impl CmdletBody for NotEmulatedRemote {
    fn process(
        &mut self,
        it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let rec = OnlineError::NotEmulated {
            command: self.command.clone(),
        }
        .record(it, Some(&self.host));
        Err(Flow::Error {
            record: Box::new(rec),
            script: false,
        })
    }
}

/// A credential value for a user name (what the fallback of Get-Credential returns).
pub fn credential(user: &str) -> Value {
    Value::Credential(Rc::new(Credential {
        user_name: Rc::from(user),
        password: Rc::from(""),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_module_names_look_like_powershells() {
        let n = temp_module_name(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(n.len(), 16);
        assert!(n.starts_with("tmp_"));
        assert_eq!(n.as_bytes().get(12), Some(&b'.'));
    }
}
