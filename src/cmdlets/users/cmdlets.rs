//! Thin bodies of the user cmdlets: read the bound parameters, call [`super::ops`], write
//! objects and error records. Every change passes through the ShouldProcess gate.

use std::rc::Rc;

use indexmap::IndexMap;

use super::errors::UserError;
use super::filter::{Filter, Ldap};
use super::ops::{self, Enablement, MoveRequest, Query, SipAddressType, UserChanges};
use crate::model::Deployment;
use crate::model::users::{USER_POLICY_KINDS, User};
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::{Impact, should_process, should_process_impact};
use crate::runtime::value::{Property, PsObject, Value};

type R<T> = Result<T, Flow>;

/// The .NET type of Get-CsUser's objects (federation-model.md §1.8, REF:Get-CsUser OUTPUTS).
pub const USER_TYPE: &str = "Microsoft.Rtc.Management.ADConnect.Schema.ADUser";

// ----- helpers ----------------------------------------------------------------------------

pub(crate) fn text(b: &Bound, name: &str) -> Option<String> {
    b.values
        .get(name)
        .filter(|v| !v.is_null())
        .map(convert::to_string)
}

pub(crate) fn boolean(b: &Bound, name: &str) -> Option<bool> {
    b.values.get(name).map(convert::is_true)
}

pub(crate) fn switch(b: &Bound, name: &str) -> bool {
    b.values.get(name).is_some_and(convert::is_true)
}

/// The text of an `-Identity` value: a user object (piped by value) gives its Identity.
pub fn identity_text(v: &Value) -> String {
    if let Value::Object(o) = v {
        let o = o.borrow();
        if let Some(p) = o
            .properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case("Identity"))
        {
            return convert::to_string(&p.value);
        }
    }
    convert::to_string(v)
}

/// Fails (terminating) when a parameter lyncshell does not model was given.
pub(crate) fn refuse_unmodelled(it: &Interp, b: &Bound, names: &[&str]) -> R<()> {
    for n in names {
        if b.values.contains_key(*n) {
            let rec = UserError::Unmodelled {
                parameter: (*n).to_string(),
            }
            .record(it);
            return Err(Flow::Error {
                record: Box::new(rec),
                script: false,
            });
        }
    }
    Ok(())
}

fn write(it: &mut Interp, e: UserError) -> R<()> {
    let rec = e.record(it);
    it.write_error(rec)
}

/// The end every user change shares: the ShouldProcess gate on the user's DN, the change, its
/// error written as the cmdlet's, and the changed user under `-PassThru`.
fn change_user(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    shape: &UserShape,
    cmdlet: &str,
    pos: usize,
    change: impl FnOnce(&mut Deployment, usize) -> Result<(), UserError>,
) -> R<()> {
    let dn = it
        .deployment
        .users
        .get(pos)
        .map(|u| u.identity.clone())
        .unwrap_or_default();
    if !should_process(it, b, cmdlet, &dn)? {
        return Ok(());
    }
    if let Err(e) = change(&mut it.deployment, pos) {
        return write(it, e);
    }
    if switch(b, "PassThru")
        && let Some(u) = it.deployment.users.get(pos)
    {
        let obj = shape.object(&it.deployment, u);
        out.push(it, obj)?;
    }
    Ok(())
}

/// Property names of a user object, built once per command (the bulk path creates 100,000
/// objects; sharing the names avoids an allocation per property).
pub struct UserShape {
    names: Vec<Rc<str>>,
    /// `HomeServer` by Registrar pool: the same few strings for every user of a pool.
    home_servers: std::cell::RefCell<Vec<(String, Value)>>,
    /// Values shared by many users (pools, hosting providers, `Uninitialized`): one `Rc` each.
    shared: std::cell::RefCell<Vec<Rc<str>>>,
}

const LEADING: &[&str] = &["Identity"];
const TRAILING: &[&str] = &[
    "HostingProvider",
    "RegistrarPool",
    "Enabled",
    "SipAddress",
    "LineURI",
    "EnterpriseVoiceEnabled",
    "ExUmEnabled",
    "HomeServer",
    "DisplayName",
    "SamAccountName",
];

impl Default for UserShape {
    fn default() -> Self {
        UserShape {
            names: LEADING
                .iter()
                .chain(USER_POLICY_KINDS)
                .chain(TRAILING)
                .map(|s| Rc::from(*s))
                .collect(),
            home_servers: std::cell::RefCell::new(Vec::new()),
            shared: std::cell::RefCell::new(Vec::new()),
        }
    }
}

impl UserShape {
    /// A string value from the shared set (allocated once per distinct text).
    fn shared(&self, text: &str) -> Value {
        let mut shared = self.shared.borrow_mut();
        if let Some(rc) = shared.iter().find(|r| &***r == text) {
            return Value::String(rc.clone());
        }
        let rc: Rc<str> = Rc::from(text);
        if shared.len() < 16 {
            shared.push(rc.clone());
        }
        Value::String(rc)
    }

    fn home_server(&self, d: &Deployment, u: &User) -> Value {
        let Some(pool) = u.registrar_pool.as_deref() else {
            return Value::Null;
        };
        let mut cache = self.home_servers.borrow_mut();
        if let Some((_, v)) = cache.iter().find(|(p, _)| p == pool) {
            return v.clone();
        }
        let v = ops::home_server(d, u).map_or(Value::Null, |h| Value::str(&h));
        cache.push((pool.to_string(), v.clone()));
        v
    }

    /// The Get-CsUser object of a user: Identity, per-user policies, then the homing and
    /// account properties (federation-model.md §1.8 order; HomeServer placement ≈).
    pub fn object(&self, d: &Deployment, u: &User) -> Value {
        let opt = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::str);
        let mut values: Vec<Value> = Vec::with_capacity(self.names.len());
        values.push(Value::str(&u.identity));
        for kind in USER_POLICY_KINDS {
            values.push(match u.policy(kind) {
                Some(t) => self.shared(t),
                None if *kind == "ExchangeArchivingPolicy" => self.shared("Uninitialized"),
                None => Value::Null,
            });
        }
        values.push(self.shared(&u.hosting_provider));
        values.push(
            u.registrar_pool
                .as_deref()
                .map_or(Value::Null, |p| self.shared(p)),
        );
        values.push(Value::Bool(u.enabled));
        values.push(opt(&u.sip_address));
        values.push(opt(&u.line_uri));
        values.push(Value::Bool(u.enterprise_voice_enabled));
        values.push(Value::Bool(u.ex_um_enabled));
        values.push(self.home_server(d, u));
        values.push(Value::str(&u.display_name));
        values.push(Value::str(&u.sam_account_name));
        let mut properties = IndexMap::with_capacity(self.names.len());
        for (name, value) in self.names.iter().zip(values) {
            properties.insert(
                name.clone(),
                Property {
                    name: name.clone(),
                    value,
                    type_name: None,
                    settable: true,
                },
            );
        }
        Value::object(PsObject {
            type_names: vec![Rc::from(USER_TYPE), Rc::from("System.Object")],
            properties,
            to_string: Some(Rc::from(u.identity.as_str())),
            hidden: None,
        })
    }
}

// ----- Get-CsUser -------------------------------------------------------------------------

#[derive(Default)]
pub struct GetCsUser {
    shape: UserShape,
}

fn result_size(it: &Interp, v: Option<&Value>) -> R<Option<usize>> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let t = convert::to_string(v);
    if t.eq_ignore_ascii_case("Unlimited") {
        return Ok(None);
    }
    match t.trim().parse::<u32>() {
        Ok(n) => Ok(Some(n as usize)),
        Err(_) => {
            let info = crate::runtime::convert::cast_error(
                &t,
                "Microsoft.Rtc.Management.ADConnect.Core.Unlimited`1[System.UInt32]",
                "Input string was not in a correct format.",
                "CannotConvertArgumentNoMessage",
            );
            let mut rec = super::errors::record(it, info);
            rec.info.message = format!(
                "Cannot bind parameter 'ResultSize'. Cannot convert value \"{t}\" to type \"Microsoft.Rtc.Management.ADConnect.Core.Unlimited`1[System.UInt32]\". Error: \"Input string was not in a correct format.\""
            );
            Err(Flow::Error {
                record: Box::new(rec),
                script: false,
            })
        }
    }
}

impl CmdletBody for GetCsUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        refuse_unmodelled(it, b, &["Credential"])?;
        let mut q = Query {
            identity: b
                .values
                .get("Identity")
                .filter(|v| !v.is_null())
                .map(identity_text),
            ou: text(b, "OU"),
            result_size: result_size(it, b.values.get("ResultSize"))?,
            unassigned: switch(b, "UnAssignedUser"),
            ..Query::default()
        };
        if let Some(f) = text(b, "Filter") {
            let parsed =
                Filter::parse(&f).and_then(|p| match p.unknown_attribute(&ops::is_user_property) {
                    Some(a) => Err(format!("'{a}' is not a property of a user")),
                    None => Ok(p),
                });
            match parsed {
                Ok(f) => q.filter = Some(f),
                Err(reason) => {
                    let rec = UserError::BadFilter { filter: f, reason }.record(it);
                    return Err(Flow::Error {
                        record: Box::new(rec),
                        script: false,
                    });
                }
            }
        }
        if let Some(f) = text(b, "LdapFilter") {
            match Ldap::parse(&f) {
                Some(l) => q.ldap = Some(l),
                None => {
                    let rec = UserError::BadLdapFilter { filter: f }.record(it);
                    return Err(Flow::Error {
                        record: Box::new(rec),
                        script: false,
                    });
                }
            }
        }
        // Every user of the model is homed on Lync Server 2013 (or online): none is left on
        // Office Communications Server.
        if switch(b, "OnOfficeCommunicationServer") {
            return Ok(());
        }
        let on_lync = switch(b, "OnLyncServer");
        let found = match ops::select(&it.deployment, &q) {
            Ok(f) => f,
            Err(e) => return write(it, e),
        };
        for p in found {
            let Some(u) = it.deployment.users.get(p) else {
                continue;
            };
            if on_lync && u.registrar_pool.is_none() {
                continue;
            }
            let obj = self.shape.object(&it.deployment, u);
            out.push(it, obj)?;
        }
        Ok(())
    }
}

// ----- Set-CsUser -------------------------------------------------------------------------

#[derive(Default)]
pub struct SetCsUser {
    shape: UserShape,
}

impl CmdletBody for SetCsUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        refuse_unmodelled(
            it,
            b,
            &[
                "LineServerURI",
                "AudioVideoDisabled",
                "RemoteCallControlTelephonyEnabled",
                "PrivateLine",
                "AcpInfo",
                "HostedVoiceMail",
                "OnPremLineURI",
            ],
        )?;
        let Some(id) = b.values.get("Identity").map(identity_text) else {
            return Ok(());
        };
        let pos = match ops::resolve_one(&it.deployment, &id) {
            Ok(p) => p,
            Err(e) => return write(it, e),
        };
        let changes = UserChanges {
            enabled: boolean(b, "Enabled"),
            sip_address: text(b, "SipAddress"),
            line_uri: b
                .values
                .get("LineURI")
                .map(|v| (!v.is_null()).then(|| convert::to_string(v))),
            enterprise_voice_enabled: boolean(b, "EnterpriseVoiceEnabled"),
            exchange_archiving_policy: text(b, "ExchangeArchivingPolicy"),
        };
        change_user(it, b, out, &self.shape, "Set-CsUser", pos, |d, pos| {
            ops::set_user(d, pos, &changes)
        })
    }
}

// ----- Enable-CsUser / Disable-CsUser -----------------------------------------------------

#[derive(Default)]
pub struct EnableCsUser {
    shape: UserShape,
}

fn sip_address_type(t: &str) -> Option<SipAddressType> {
    [
        ("FirstLastName", SipAddressType::FirstLastName),
        ("EmailAddress", SipAddressType::EmailAddress),
        ("UserPrincipalName", SipAddressType::UserPrincipalName),
        ("SAMAccountName", SipAddressType::SamAccountName),
        ("None", SipAddressType::None),
    ]
    .iter()
    .find(|(n, _)| n.eq_ignore_ascii_case(t))
    .map(|(_, k)| *k)
}

impl CmdletBody for EnableCsUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        refuse_unmodelled(it, b, &["ProxyPool"])?;
        let Some(id) = b.values.get("Identity").map(identity_text) else {
            return Ok(());
        };
        let pos = match ops::resolve_account(&it.deployment, &id) {
            Ok(p) => p,
            Err(e) => return write(it, e),
        };
        let e = Enablement {
            registrar_pool: text(b, "RegistrarPool"),
            hosting_provider: text(b, "HostingProviderProxyFqdn"),
            sip_address: text(b, "SipAddress"),
            sip_address_type: text(b, "SipAddressType").and_then(|t| sip_address_type(&t)),
            sip_domain: text(b, "SipDomain"),
        };
        change_user(it, b, out, &self.shape, "Enable-CsUser", pos, |d, pos| {
            ops::enable_user(d, pos, &e)
        })
    }
}

#[derive(Default)]
pub struct DisableCsUser {
    shape: UserShape,
}

impl CmdletBody for DisableCsUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(id) = b.values.get("Identity").map(identity_text) else {
            return Ok(());
        };
        let pos = match ops::resolve_one(&it.deployment, &id) {
            Ok(p) => p,
            Err(e) => return write(it, e),
        };
        change_user(
            it,
            b,
            out,
            &self.shape,
            "Disable-CsUser",
            pos,
            ops::disable_user,
        )
    }
}

// ----- Move-CsUser ------------------------------------------------------------------------

#[derive(Default)]
pub struct MoveCsUser {
    shape: UserShape,
    /// The credential obtained once for the whole pipeline (Move-CsUser asks once).
    credential: Option<String>,
    /// Position after the last user moved: the next piped user is usually there.
    next: usize,
}

impl CmdletBody for MoveCsUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        refuse_unmodelled(
            it,
            b,
            &[
                "MoveToTeams",
                "AccessTokens",
                "UseLegacyMode",
                "MoveConferenceData",
                "IgnoreBackendStoreException",
            ],
        )?;
        let (Some(id), Some(target)) = (
            b.values.get("Identity").map(identity_text),
            text(b, "Target"),
        ) else {
            return Ok(());
        };
        // P2: the user.
        let pos = match ops::resolve_with_hint(&it.deployment, &id, self.next) {
            Ok(p) => p,
            Err(e) => return write(it, e),
        };
        self.next = pos + 1;
        let mut request = MoveRequest {
            target,
            credential_user: None,
            override_url: text(b, "HostedMigrationOverrideUrl"),
            proxy_pool: text(b, "ProxyPool"),
        };
        // Office 365 credentials are needed when Lync Online is involved (P7): -Credential,
        // or asked for once per pipeline like the real cmdlet does.
        if ops::needs_credential(&it.deployment, pos, &request.target) == Some(true) {
            request.credential_user = match b.values.get("Credential") {
                Some(Value::Credential(c)) => Some(c.user_name.to_string()),
                Some(v) if !v.is_null() => Some(convert::to_string(v)),
                _ => {
                    if self.credential.is_none() {
                        self.credential = crate::cmdlets::online::ask_credential(it)?;
                    }
                    self.credential.clone()
                }
            };
        }
        let plan = match ops::plan_move(&it.deployment, pos, &request) {
            Ok(p) => p,
            Err(e) => return write(it, e),
        };
        let dn = it
            .deployment
            .users
            .get(pos)
            .map(|u| u.identity.clone())
            .unwrap_or_default();
        // P11: Move-CsUser asks before acting (ConfirmImpact High, REF:Move-CsUser -Confirm).
        if !should_process_impact(it, "Move-CsUser", &dn, Impact::High)? {
            return Ok(());
        }
        if let Err(e) = ops::apply_move(&mut it.deployment, pos, &plan) {
            return write(it, e);
        }
        if switch(b, "PassThru")
            && let Some(u) = it.deployment.users.get(pos)
        {
            let obj = self.shape.object(&it.deployment, u);
            out.push(it, obj)?;
        }
        Ok(())
    }
}
