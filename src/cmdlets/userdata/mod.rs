//! Users' dial-in data and maintenance actions: PINs (Get-CsClientPinInfo, Set-CsClientPin,
//! Lock-/Unlock-CsClientPin), audio conferencing provider entries (Get/Set/Remove-CsUserAcp),
//! the Active Directory view (Get-CsAdUser, Get-CsAdPrincipal), RBAC roles ([`roles`]),
//! Centralized Logging sessions, the shell's UI culture, the dial-in language list, and the
//! pool maintenance actions (Update-CsAddressBook, Update-CsUserDatabase, Debug-Cs*
//! replication checks, Remove-CsUserStoreBackupData).
//!
//! State that is not a CMS document lives in `model::actions`. Every change goes through the
//! ShouldProcess gate; every failure names what is wrong. Object type names and texts are ours
//! (≈) unless a comment cites a source.

pub mod files;
pub mod roles;

use super::Behaviour;
use super::synthetic::{R, list_param, make, object, opt, own, write_error};
use super::users::cmdlets::{identity_text, switch, text};
use super::users::filter::{Filter, Ldap};
use crate::model::Deployment;
use crate::model::actions::{AcpEntry, ClsSession, PinState, pin_digest};
use crate::model::users::User;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::convert;
use crate::runtime::errors::ErrorCategory;
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::{DateTime, DateTimeKind, Value};

const PIN_INFO_TYPE: &str = "Microsoft.Rtc.Management.UserPinService.PinInfo";
const PIN_RESULT_TYPE: &str = "Microsoft.Rtc.Management.UserPinService.PinResult";
const ACP_TYPE: &str = "Microsoft.Rtc.Management.ADConnect.Schema.OCSADUserAcp";
const AD_USER_TYPE: &str = "Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser";
const AD_PRINCIPAL_TYPE: &str = "Microsoft.Rtc.Management.ADConnect.Schema.OCSADPrincipal";
const CULTURE_TYPE: &str = "System.Globalization.CultureInfo";
const LANGUAGE_LIST_TYPE: &str = "Microsoft.Rtc.Management.Internal.DialInConferencingLanguageList";
const CLS_TYPE: &str = "Microsoft.Rtc.Management.Cls.ClsScenarioStatus";

fn key(u: &User) -> String {
    u.identity.to_ascii_lowercase()
}

fn ticks(t: crate::model::ids::Timestamp) -> Value {
    const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;
    Value::DateTime(DateTime {
        ticks: t
            .0
            .saturating_mul(10_000_000)
            .saturating_add(UNIX_EPOCH_TICKS),
        kind: DateTimeKind::Utc,
    })
}

/// The Lync-enabled user a value names, or the error written for it.
fn user_of(it: &mut Interp, v: Option<&Value>) -> R<Option<usize>> {
    let id = v.map(identity_text).unwrap_or_default();
    match crate::cmdlets::generic::ops::resolve_user(&it.deployment, &id) {
        Ok(p) => Ok(Some(p)),
        Err(e) => {
            let spec = super::synthetic::running_spec(it);
            let rec = e.record(
                spec.map_or("", |s| s.name),
                spec.map(crate::runtime::host_commands::class_name)
                    .unwrap_or_default(),
            );
            it.write_error(rec)?;
            Ok(None)
        }
    }
}

/// The Lync-enabled user of `-Identity` (or the piped object), or the error written for it.
fn target_user(it: &mut Interp, b: &Bound, input: Option<&Value>) -> R<Option<User>> {
    let Some(p) = user_of(it, identity_arg(b, input))? else {
        return Ok(None);
    };
    Ok(it.deployment.users.get(p).cloned())
}

fn identity_arg<'a>(b: &'a Bound, input: Option<&'a Value>) -> Option<&'a Value> {
    b.values.get("Identity").filter(|v| !v.is_null()).or(input)
}

// ----- PINs -------------------------------------------------------------------------------

/// The PIN policy value that applies (Global PinPolicy, else Lync's default).
fn pin_policy_int(d: &Deployment, name: &str, default: i64) -> i64 {
    d.documents("PinPolicy")
        .iter()
        .find(|doc| doc.identity.is_global())
        .and_then(|doc| match doc.get_ci(name) {
            Some((_, crate::model::value::PropValue::Int(i))) if *i > 0 => Some(*i),
            _ => None,
        })
        .unwrap_or(default)
}

fn pin_info(d: &Deployment, u: &User) -> Value {
    let st = d.actions.pins.get(&key(u));
    let set = st.and_then(|s| s.digest).is_some();
    let max_days = pin_policy_int(d, "MaximumAgeOfPin", 0);
    let expires = match st {
        Some(s) if set && max_days > 0 => ticks(s.set_at.plus_seconds(max_days * 86_400)),
        _ => Value::Null,
    };
    // Identity is the SIP address and the order is the one Lync prints (TechNet "View a
    // user's dial-in PIN information" sample output).
    let id = u.sip_address.as_deref().unwrap_or(&u.identity);
    object(
        PIN_INFO_TYPE,
        Some(id),
        vec![
            ("Identity", Value::str(id)),
            ("IsPinSet", Value::Bool(set)),
            ("IsLockedOut", Value::Bool(st.is_some_and(|s| s.locked))),
            (
                "LastPinChangeTime",
                st.filter(|_| set).map_or(Value::Null, |s| ticks(s.set_at)),
            ),
            ("PinExpirationTime", expires),
        ],
    )
}

/// The PIN state of a user, created (no PIN, not locked) when absent.
fn pin_state<'a>(d: &'a mut Deployment, u: &User) -> &'a mut PinState {
    let now = d.now();
    d.actions.pins.entry(key(u)).or_insert(PinState {
        digest: None,
        set_at: now,
        locked: false,
    })
}

#[derive(Default)]
pub struct GetCsClientPinInfo;

impl CmdletBody for GetCsClientPinInfo {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(p) = user_of(it, identity_arg(b, input))? else {
            return Ok(());
        };
        let d = &it.deployment;
        let Some(u) = d.users.get(p) else {
            return Ok(());
        };
        let v = pin_info(d, u);
        out.push(it, v)
    }
}

/// Lync's "common patterns": one repeated digit (11111) or digits ascending or descending by
/// one (12345, 98765).
fn is_common_pattern(pin: &str) -> bool {
    let d: Vec<i16> = pin
        .bytes()
        .map(|b| i16::from(b) - i16::from(b'0'))
        .collect();
    let same_step = |step: i16| d.windows(2).all(|w| w[1] - w[0] == step);
    d.len() > 1 && (same_step(0) || same_step(1) || same_step(-1))
}

#[derive(Default)]
pub struct SetCsClientPin;

impl CmdletBody for SetCsClientPin {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(p) = user_of(it, identity_arg(b, input))? else {
            return Ok(());
        };
        let min = pin_policy_int(&it.deployment, "MinPasswordLength", 5);
        let (pin, reset) = match text(b, "Pin") {
            Some(pin) => {
                let len = i64::try_from(pin.len()).unwrap_or(i64::MAX);
                if !pin.bytes().all(|c| c.is_ascii_digit()) || len < min || len > 24 {
                    return write_error(
                        it,
                        "InvalidPin",
                        ErrorCategory::InvalidArgument,
                        format!(
                            "The PIN must consist of {min} to 24 digits (MinPasswordLength of the PIN policy is {min})."
                        ),
                        None,
                    );
                }
                let common_allowed = it
                    .deployment
                    .documents("PinPolicy")
                    .iter()
                    .find(|doc| doc.identity.is_global())
                    .is_some_and(|doc| {
                        matches!(
                            doc.get_ci("AllowCommonPatterns"),
                            Some((_, crate::model::value::PropValue::Bool(true)))
                        )
                    });
                if !common_allowed && is_common_pattern(&pin) {
                    return write_error(
                        it,
                        "CommonPinPattern",
                        ErrorCategory::InvalidArgument,
                        "The PIN is a common pattern (one repeated digit, or consecutive digits), which the PIN policy does not allow (AllowCommonPatterns is False).".into(),
                        None,
                    );
                }
                (pin, false)
            }
            None => {
                // A generated PIN of the policy's minimum length, from the deployment's ids
                // (drawn again in the unlikely case of a common pattern).
                let mut digits = String::new();
                for _ in 0..4 {
                    let g = it.deployment.next_guid().0;
                    digits = format!("{:024}", g % 10u128.pow(24))
                        .chars()
                        .take(usize::try_from(min.max(5)).unwrap_or(5))
                        .collect();
                    if !is_common_pattern(&digits) {
                        break;
                    }
                }
                (digits, true)
            }
        };
        let Some(u) = it.deployment.users.get(p).cloned() else {
            return Ok(());
        };
        if !should_process(it, b, "Set-CsClientPin", &u.identity)? {
            return Ok(());
        }
        let now = it.deployment.now();
        let entry = pin_state(&mut it.deployment, &u);
        entry.digest = Some(pin_digest(&pin));
        entry.set_at = now;
        let v = object(
            PIN_RESULT_TYPE,
            Some(&u.identity),
            vec![
                ("Identity", Value::str(&u.identity)),
                ("Pin", Value::str(&pin)),
                ("PinReset", Value::Bool(reset)),
            ],
        );
        out.push(it, v)
    }
}

/// Lock-CsClientPin (`LOCK` true) and Unlock-CsClientPin.
#[derive(Default)]
pub struct LockPin<const LOCK: bool>;

impl<const LOCK: bool> CmdletBody for LockPin<LOCK> {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(u) = target_user(it, b, input)? else {
            return Ok(());
        };
        let action = if LOCK {
            "Lock-CsClientPin"
        } else {
            "Unlock-CsClientPin"
        };
        if !should_process(it, b, action, &u.identity)? {
            return Ok(());
        }
        let entry = pin_state(&mut it.deployment, &u);
        entry.locked = LOCK;
        if entry.digest.is_none() && !entry.locked {
            it.deployment.actions.pins.remove(&key(&u));
        }
        Ok(())
    }
}

// ----- ACP --------------------------------------------------------------------------------

fn acp_text(e: &AcpEntry) -> String {
    format!(
        "TollNumber={};ParticipantPassCode={};Domain={};Name={};TollFreeNumbers={};Url={}",
        e.toll_number,
        e.participant_passcode,
        e.domain,
        e.name,
        e.toll_free_numbers.join(","),
        e.url.as_deref().unwrap_or("")
    )
}

fn acp_object(d: &Deployment, u: &User) -> Value {
    let entries = d.actions.acp.get(&key(u)).cloned().unwrap_or_default();
    let info = if entries.is_empty() {
        Value::Null
    } else {
        Value::array(entries.iter().map(|e| Value::str(&acp_text(e))).collect())
    };
    object(
        ACP_TYPE,
        Some(&u.identity),
        vec![("Identity", Value::str(&u.identity)), ("AcpInfo", info)],
    )
}

/// Answers a filter attribute the user model does not know: `None` = not ours.
type ExtraAttribute = dyn Fn(&Deployment, &User, &str) -> Option<Option<String>>;

/// The users a Get- cmdlet of this family selects: -Identity, -OU, -Filter, -LdapFilter,
/// -ResultSize; `extra` answers filter attributes the user model does not know.
fn select_users(
    it: &mut Interp,
    b: &Bound,
    lync_only: bool,
    extra: &ExtraAttribute,
) -> R<Vec<usize>> {
    let d = &it.deployment;
    let filter = match text(b, "Filter") {
        Some(f) => match Filter::parse(&f) {
            Ok(p) => Some(p),
            Err(why) => {
                return write_error(
                    it,
                    "InvalidFilter",
                    ErrorCategory::InvalidArgument,
                    format!("Cannot parse the filter \"{f}\": {why}."),
                    Some(&f),
                )
                .map(|()| Vec::new());
            }
        },
        None => None,
    };
    let ldap_text = b
        .values
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("LdapFilter") && !v.is_null())
        .map(|(_, v)| convert::to_string(v));
    let ldap = match ldap_text {
        Some(l) => match Ldap::parse(&l) {
            Some(p) => Some(p),
            None => {
                return write_error(
                    it,
                    "InvalidLdapFilter",
                    ErrorCategory::InvalidArgument,
                    format!("Cannot parse the LDAP filter \"{l}\"."),
                    Some(&l),
                )
                .map(|()| Vec::new());
            }
        },
        None => None,
    };
    let ou = text(b, "OU");
    let ident = text(b, "Identity");
    let limit = text(b, "ResultSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let by_id: Option<Vec<usize>> = ident.as_ref().map(|i| d.find_users(i));
    let in_ou: Option<Vec<usize>> = ou.as_ref().map(|o| d.users.in_organizational_unit(o));
    let mut out = Vec::new();
    for (p, u) in d.users.iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        if lync_only && !u.is_lync_enabled() {
            continue;
        }
        if by_id.as_ref().is_some_and(|v| !v.contains(&p))
            || in_ou.as_ref().is_some_and(|v| !v.contains(&p))
        {
            continue;
        }
        let get = |name: &str| {
            extra(d, u, name).unwrap_or_else(|| super::users::ops::user_property(d, u, name))
        };
        if filter.as_ref().is_some_and(|f| !f.matches(&get)) {
            continue;
        }
        if let Some(l) = &ldap {
            let get = |name: &str| super::users::ops::ldap_attribute(d, u, name);
            if !l.matches(&get) {
                continue;
            }
        }
        out.push(p);
    }
    if out.is_empty()
        && let Some(i) = ident
    {
        write_error(
            it,
            "UserNotFound",
            ErrorCategory::ObjectNotFound,
            format!("Management object not found for identity \"{i}\"."),
            Some(&i),
        )?;
    }
    Ok(out)
}

#[derive(Default)]
pub struct GetCsUserAcp;

impl CmdletBody for GetCsUserAcp {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let extra = |d: &Deployment, u: &User, name: &str| {
            name.eq_ignore_ascii_case("AcpInfo").then(|| {
                d.actions
                    .acp
                    .get(&key(u))
                    .filter(|e| !e.is_empty())
                    .map(|e| e.iter().map(acp_text).collect::<Vec<_>>().join(" "))
            })
        };
        let found = select_users(it, b, true, &extra)?;
        for p in found {
            let d = &it.deployment;
            let Some(u) = d.users.get(p) else { continue };
            let v = acp_object(d, u);
            out.push(it, v)?;
        }
        Ok(())
    }
}

#[derive(Default)]
pub struct SetCsUserAcp;

impl CmdletBody for SetCsUserAcp {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(u) = target_user(it, b, input)? else {
            return Ok(());
        };
        let toll_free = list_param(b, "TollFreeNumbers");
        let entry = AcpEntry {
            name: text(b, "Name").unwrap_or_default(),
            domain: text(b, "Domain").unwrap_or_default(),
            toll_number: text(b, "TollNumber").unwrap_or_default(),
            toll_free_numbers: toll_free,
            participant_passcode: text(b, "ParticipantPasscode").unwrap_or_default(),
            url: text(b, "Url"),
            is_default: switch(b, "IsDefault"),
        };
        if !should_process(it, b, "Set-CsUserAcp", &u.identity)? {
            return Ok(());
        }
        let list = it.deployment.actions.acp.entry(key(&u)).or_default();
        // One entry per provider domain: setting it again replaces it.
        list.retain(|e| !e.domain.eq_ignore_ascii_case(&entry.domain));
        if entry.is_default {
            for e in list.iter_mut() {
                e.is_default = false;
            }
        }
        list.push(entry);
        Ok(())
    }
}

#[derive(Default)]
pub struct RemoveCsUserAcp;

impl CmdletBody for RemoveCsUserAcp {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(u) = target_user(it, b, input)? else {
            return Ok(());
        };
        if !should_process(it, b, "Remove-CsUserAcp", &u.identity)? {
            return Ok(());
        }
        let k = key(&u);
        match text(b, "Name") {
            Some(n) => {
                if let Some(list) = it.deployment.actions.acp.get_mut(&k) {
                    list.retain(|e| !e.name.eq_ignore_ascii_case(&n));
                }
            }
            None => {
                it.deployment.actions.acp.remove(&k);
            }
        }
        Ok(())
    }
}

// ----- Get-CsAdUser / Get-CsAdPrincipal ---------------------------------------------------

fn ad_object(ty: &str, u: &User) -> Value {
    object(
        ty,
        Some(&u.identity),
        vec![
            ("Identity", Value::str(&u.identity)),
            ("DisplayName", Value::str(&u.display_name)),
            ("SamAccountName", Value::str(&u.sam_account_name)),
            ("UserPrincipalName", Value::str(&u.user_principal_name)),
            ("SipAddress", opt(u.sip_address.as_deref())),
            ("Enabled", Value::Bool(u.is_lync_enabled() && u.enabled)),
            ("RegistrarPool", opt(u.registrar_pool.as_deref())),
            ("Department", opt(u.department.as_deref())),
            ("Title", opt(u.title.as_deref())),
            ("City", opt(u.city.as_deref())),
        ],
    )
}

fn ad_extra(_: &Deployment, u: &User, name: &str) -> Option<Option<String>> {
    let b = |x: bool| Some(if x { "True" } else { "False" }.to_string());
    match name.to_ascii_lowercase().as_str() {
        "enabled" => Some(b(u.is_lync_enabled() && u.enabled)),
        "sipaddress" => Some(u.sip_address.clone()),
        _ => None,
    }
}

/// Get-CsAdUser (`PRINCIPAL` false) and Get-CsAdPrincipal: every AD account, enabled for
/// Lync or not.
#[derive(Default)]
pub struct GetAd<const PRINCIPAL: bool>;

impl<const PRINCIPAL: bool> CmdletBody for GetAd<PRINCIPAL> {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let found = select_users(it, b, false, &ad_extra)?;
        let ty = if PRINCIPAL {
            AD_PRINCIPAL_TYPE
        } else {
            AD_USER_TYPE
        };
        for p in found {
            let Some(u) = it.deployment.users.get(p) else {
                continue;
            };
            let v = ad_object(ty, u);
            out.push(it, v)?;
        }
        Ok(())
    }
}

// ----- UI culture and the dial-in language list --------------------------------------------

/// The cultures Lync Server 2013's management UI ships (≈ its language packs).
const UI_CULTURES: &[&str] = &[
    "en-US", "de-DE", "es-ES", "fr-FR", "it-IT", "ja-JP", "ko-KR", "pt-BR", "ru-RU", "zh-CN",
    "zh-TW",
];

fn culture_object(name: &str) -> Value {
    object(
        CULTURE_TYPE,
        Some(name),
        vec![
            ("LCID", Value::Int(lcid(name))),
            ("Name", Value::str(name)),
            ("DisplayName", Value::str(name)),
        ],
    )
}

fn lcid(name: &str) -> i32 {
    match name {
        "de-DE" => 1031,
        "es-ES" => 3082,
        "fr-FR" => 1036,
        "it-IT" => 1040,
        "ja-JP" => 1041,
        "ko-KR" => 1042,
        "pt-BR" => 1046,
        "ru-RU" => 1049,
        "zh-CN" => 2052,
        "zh-TW" => 1028,
        _ => 1033,
    }
}

#[derive(Default)]
pub struct GetCsUiCulture;

impl CmdletBody for GetCsUiCulture {
    fn process(
        &mut self,
        it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let name = it
            .deployment
            .actions
            .ui_culture
            .clone()
            .unwrap_or_else(|| "en-US".into());
        out.push(it, culture_object(&name))
    }
}

#[derive(Default)]
pub struct SetCsUiCulture;

impl CmdletBody for SetCsUiCulture {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let wanted = text(b, "Culture").unwrap_or_default();
        let value = if wanted.trim().eq_ignore_ascii_case("default") {
            None
        } else {
            match UI_CULTURES
                .iter()
                .find(|c| c.eq_ignore_ascii_case(wanted.trim()))
            {
                Some(c) => Some((*c).to_string()),
                None => {
                    return write_error(
                        it,
                        "CultureNotSupported",
                        ErrorCategory::InvalidArgument,
                        format!(
                            "\"{wanted}\" is not a culture of the installed language packs ({}), or \"default\".",
                            UI_CULTURES.join(", ")
                        ),
                        Some(&wanted),
                    );
                }
            }
        };
        if should_process(it, b, "Set-CsUICulture", &wanted)? {
            it.deployment.actions.ui_culture = value;
        }
        Ok(())
    }
}

/// The dial-in conferencing languages of Lync Server 2013 (its speech languages).
const DIAL_IN_LANGUAGES: &[&str] = &[
    "ca-ES", "da-DK", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX",
    "fi-FI", "fr-CA", "fr-FR", "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
    "pt-PT", "ru-RU", "sv-SE", "zh-CN", "zh-HK", "zh-TW",
];

#[derive(Default)]
pub struct GetCsDialInConferencingLanguageList;

impl CmdletBody for GetCsDialInConferencingLanguageList {
    fn process(
        &mut self,
        it: &mut Interp,
        _b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let v = object(
            LANGUAGE_LIST_TYPE,
            None,
            vec![
                ("Identity", Value::str("Global")),
                (
                    "Languages",
                    Value::array(DIAL_IN_LANGUAGES.iter().map(|l| Value::str(l)).collect()),
                ),
            ],
        );
        out.push(it, v)
    }
}

// ----- Centralized Logging ----------------------------------------------------------------

/// The pools a CLS command addresses: `-Pools`, else every pool with a Registrar.
fn cls_pools(it: &mut Interp, b: &Bound) -> R<Option<Vec<String>>> {
    let d = &it.deployment;
    let given = list_param(b, "Pools");
    if given.is_empty() {
        return Ok(Some(
            d.topology
                .pools
                .iter()
                .filter(|p| d.topology.is_registrar_pool(&p.fqdn))
                .map(|p| p.fqdn.clone())
                .collect(),
        ));
    }
    let mut out = Vec::new();
    for p in given {
        match d.topology.pool(&p) {
            Some(x) => out.push(x.fqdn.clone()),
            None => {
                write_error(
                    it,
                    "PoolNotFound",
                    ErrorCategory::ObjectNotFound,
                    format!("The pool \"{p}\" is not in the topology."),
                    Some(&p),
                )?;
                return Ok(None);
            }
        }
    }
    Ok(Some(out))
}

/// `-Duration`: minutes, or a `[d.]hh:mm` span; Lync's default is four hours.
fn duration_minutes(b: &Bound) -> i64 {
    match b.values.get("Duration") {
        Some(Value::TimeSpan(t)) => *t / 600_000_000,
        Some(Value::Int(i)) => i64::from(*i),
        Some(v) => {
            let s = convert::to_string(v);
            match s.split_once(':') {
                Some((h, m)) => {
                    let (days, h) = h.split_once('.').unwrap_or(("0", h));
                    days.parse::<i64>().unwrap_or(0) * 1440
                        + h.parse::<i64>().unwrap_or(0) * 60
                        + m.parse::<i64>().unwrap_or(0)
                }
                None => s.trim().parse().unwrap_or(240),
            }
        }
        None => 240,
    }
}

/// The scenarios the Global CLS configuration of Lync Server 2013 defines (≈ the product's
/// list; custom scenarios come from New-CsClsScenario).
const BUILT_IN_SCENARIOS: &[&str] = &[
    "AlwaysOn",
    "AddressBook",
    "ApplicationSharing",
    "AudioVideoConferencingIssue",
    "CAA",
    "CLS",
    "CPS",
    "DeviceUpdate",
    "HostedMigration",
    "HybridVoice",
    "IMAndPresence",
    "IncomingAndOutgoingCall",
    "LILRLegacy",
    "LILRLYSS",
    "LYSSAndUCS",
    "MediaConnectivity",
    "MeetingJoin",
    "MonitoringAndArchiving",
    "RGS",
    "SP",
    "UserReplicator",
    "VoiceMail",
    "WAC",
    "XMPP",
];

fn scenario_exists(d: &Deployment, name: &str) -> bool {
    BUILT_IN_SCENARIOS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
        || d.documents("ClsScenario").iter().any(|doc| {
            let id = doc.identity.to_string();
            id.rsplit('/')
                .next()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
}

fn cls_status(d: &Deployment, s: &ClsSession) -> Value {
    object(
        CLS_TYPE,
        None,
        vec![
            ("PoolFqdn", Value::str(&s.pool)),
            ("Scenario", Value::str(&s.scenario)),
            ("StartTime", ticks(s.started)),
            ("DurationMinutes", Value::Long(s.minutes)),
            ("Active", Value::Bool(s.active_at(d.now()))),
        ],
    )
}

/// Start-, Stop-, Update-, Sync-, Show- and Search-CsClsLogging.
#[derive(Default)]
pub struct ClsLogging;

impl CmdletBody for ClsLogging {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let verb = super::synthetic::running_spec(it).map_or("", |s| s.verb);
        let Some(pools) = cls_pools(it, b)? else {
            return Ok(());
        };
        let scenario = text(b, "Scenario");
        let now = it.deployment.now();
        match verb {
            "Start" => {
                let sc = scenario.unwrap_or_else(|| "AlwaysOn".into());
                if !scenario_exists(&it.deployment, &sc) {
                    return write_error(
                        it,
                        "ScenarioNotFound",
                        ErrorCategory::ObjectNotFound,
                        format!(
                            "The logging scenario \"{sc}\" is not defined (Get-CsClsScenario)."
                        ),
                        Some(&sc),
                    );
                }
                let minutes = duration_minutes(b);
                for p in pools {
                    if !should_process(it, b, "Start-CsClsLogging", &p)? {
                        continue;
                    }
                    let sessions = &mut it.deployment.actions.cls_sessions;
                    sessions.retain(|s| {
                        !(s.pool == p && s.scenario.eq_ignore_ascii_case(&sc)) && s.active_at(now)
                    });
                    sessions.push(ClsSession {
                        pool: p,
                        scenario: sc.clone(),
                        started: now,
                        minutes,
                        synced: false,
                    });
                }
            }
            "Stop" | "Update" | "Sync" => {
                let mut touched = 0usize;
                for p in &pools {
                    if !should_process(it, b, &format!("{verb}-CsClsLogging"), p)? {
                        continue;
                    }
                    let minutes = duration_minutes(b);
                    let sessions = &mut it.deployment.actions.cls_sessions;
                    for s in sessions.iter_mut().filter(|s| {
                        s.pool == *p
                            && s.active_at(now)
                            && scenario
                                .as_ref()
                                .is_none_or(|sc| s.scenario.eq_ignore_ascii_case(sc))
                    }) {
                        touched += 1;
                        match verb {
                            "Update" => {
                                // The new duration counts from now.
                                let elapsed = (now.0 - s.started.0) / 60;
                                s.minutes = elapsed + minutes;
                            }
                            "Sync" => s.synced = true,
                            _ => s.minutes = (now.0 - s.started.0) / 60,
                        }
                    }
                }
                if touched == 0 && verb != "Sync" {
                    it.write_warning(
                        "No logging session of that scenario is running on the pools given.",
                    );
                }
            }
            "Show" => {
                let d = &it.deployment;
                let list: Vec<Value> = d
                    .actions
                    .cls_sessions
                    .iter()
                    .filter(|s| pools.contains(&s.pool) && s.active_at(now))
                    .map(|s| cls_status(d, s))
                    .collect();
                for v in list {
                    out.push(it, v)?;
                }
            }
            "Search" => {
                // Searching reads the logs the sessions collected; the lab's sessions hold no
                // traffic, so a search over logged computers finds nothing (an empty result
                // file with -OutputFilePath).
                if let Some(path) = text(b, "OutputFilePath")
                    && let Err(f) = crate::runtime::server_disk::write(it, &path, Vec::new())
                {
                    let rec = crate::runtime::errors::ErrorRecord::new(
                        f.info().target(Value::str(&path)),
                    );
                    it.write_error(rec)?;
                }
                let computers = list_param(b, "Computers");
                for c in computers {
                    if !it
                        .deployment
                        .topology
                        .computers
                        .iter()
                        .any(|x| x.fqdn.eq_ignore_ascii_case(&c))
                    {
                        write_error(
                            it,
                            "ComputerNotFound",
                            ErrorCategory::ObjectNotFound,
                            format!("The computer \"{c}\" is not in the topology."),
                            Some(&c),
                        )?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

// ----- maintenance actions ----------------------------------------------------------------

/// The pool a maintenance action addresses (`-Fqdn`/`-PoolFqdn`), else every Registrar pool;
/// `role` is the service it needs there.
fn target_pools(it: &mut Interp, b: &Bound, role: &str) -> R<Option<Vec<String>>> {
    let given = text(b, "Fqdn").or_else(|| text(b, "PoolFqdn"));
    let d = &it.deployment;
    match given {
        None => Ok(Some(
            d.topology
                .pools
                .iter()
                .filter(|p| d.topology.service(role, &p.fqdn).is_some())
                .map(|p| p.fqdn.clone())
                .collect(),
        )),
        Some(f) => {
            let pool = d.topology.pool(&f).map(|p| p.fqdn.clone()).or_else(|| {
                d.topology
                    .computers
                    .iter()
                    .find(|c| c.fqdn.eq_ignore_ascii_case(&f))
                    .map(|c| c.pool.clone())
            });
            match pool {
                Some(p) if d.topology.service(role, &p).is_some() => Ok(Some(vec![p])),
                _ => {
                    write_error(
                        it,
                        "ServiceNotFound",
                        ErrorCategory::ObjectNotFound,
                        format!("\"{f}\" is not a pool or computer running the {role} service."),
                        Some(&f),
                    )?;
                    Ok(None)
                }
            }
        }
    }
}

/// Update-CsAddressBook (`BOOK` true) and Update-CsUserDatabase: record a refresh of each
/// pool's address book files / user database.
#[derive(Default)]
pub struct UpdatePools<const BOOK: bool>;

impl<const BOOK: bool> CmdletBody for UpdatePools<BOOK> {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let role = if BOOK { "WebServer" } else { "UserServer" };
        let Some(pools) = target_pools(it, b, role)? else {
            return Ok(());
        };
        let action = if BOOK {
            "Update-CsAddressBook"
        } else {
            "Update-CsUserDatabase"
        };
        let now = it.deployment.now();
        for p in pools {
            if should_process(it, b, action, &p)? {
                let a = &mut it.deployment.actions;
                let map = if BOOK {
                    &mut a.address_book_updates
                } else {
                    &mut a.user_database_updates
                };
                map.insert(p.to_ascii_lowercase(), now);
            }
        }
        Ok(())
    }
}

/// Remove-CsUserStoreBackupData: the backup copies of a pool's user store; the model keeps no
/// backup data, so there is nothing to delete once the pool is confirmed.
#[derive(Default)]
pub struct RemoveCsUserStoreBackupData;

impl CmdletBody for RemoveCsUserStoreBackupData {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(pools) = target_pools(it, b, "Registrar")? else {
            return Ok(());
        };
        for p in pools {
            should_process(it, b, "Remove-CsUserStoreBackupData", &p)?;
        }
        Ok(())
    }
}

/// ≈ the replication-check result shape.
const REPLICATION_TYPE: &str = "Microsoft.Rtc.Management.Diagnostics.ReplicationStatus";

/// Debug-CsAddressBookReplication, Debug-CsInterPoolReplication and
/// Debug-CsIntraPoolReplication: report whether a user's data (or a pool's) is replicated,
/// from the model (users homed on a pool of the topology are; others are not).
#[derive(Default)]
pub struct DebugReplication;

impl CmdletBody for DebugReplication {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let user = b
            .values
            .get("User")
            .or_else(|| b.values.get("UserUri"))
            .or_else(|| b.values.get("UserSipAddress"))
            .or(input)
            .filter(|v| !v.is_null());
        let (target, ok, detail) = match user {
            Some(v) => {
                let Some(p) = user_of(it, Some(v))? else {
                    return Ok(());
                };
                let d = &it.deployment;
                let Some(u) = d.users.get(p) else {
                    return Ok(());
                };
                let pool = u.registrar_pool.clone().unwrap_or_default();
                let homed = d.topology.pool(&pool).is_some();
                (
                    u.sip_address.clone().unwrap_or_else(|| u.identity.clone()),
                    homed,
                    if homed {
                        format!("Homed on {pool}; its data is replicated in the pool.")
                    } else {
                        "The user is not homed on a pool of the topology.".to_string()
                    },
                )
            }
            None => {
                let Some(pools) = target_pools(it, b, "Registrar")? else {
                    return Ok(());
                };
                (
                    pools.join(", "),
                    true,
                    "Pool replication is up to date.".into(),
                )
            }
        };
        let v = object(
            REPLICATION_TYPE,
            None,
            vec![
                ("Target", Value::str(&target)),
                ("Result", Value::str(if ok { "Success" } else { "Failure" })),
                ("Detail", Value::str(&detail)),
            ],
        );
        out.push(it, v)
    }
}

/// Move-CsLegacyUser: moves an account homed on a legacy (Lync 2010 / OCS) pool to a Lync
/// Server 2013 pool. The lab has no legacy pools, so a user already homed on a 2013 pool is
/// refused as Lync does; the target must be a Registrar pool.
#[derive(Default)]
pub struct MoveCsLegacyUser;

impl CmdletBody for MoveCsLegacyUser {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let Some(p) = user_of(it, identity_arg(b, input))? else {
            return Ok(());
        };
        let target = text(b, "Target").unwrap_or_default();
        let d = &it.deployment;
        if !d.topology.is_registrar_pool(&target) {
            return write_error(
                it,
                "InvalidTarget",
                ErrorCategory::InvalidArgument,
                format!("\"{target}\" is not a Registrar pool of the topology."),
                Some(&target),
            );
        }
        let Some(u) = d.users.get(p) else {
            return Ok(());
        };
        let id = u.identity.clone();
        let home = u.registrar_pool.clone().unwrap_or_default();
        write_error(
            it,
            "NotLegacyUser",
            ErrorCategory::InvalidOperation,
            format!(
                "The user \"{id}\" is homed on the Lync Server 2013 pool {home}, not on a legacy pool; use Move-CsUser."
            ),
            Some(&id),
        )
    }
}

// ----- test user credentials ---------------------------------------------------------------

/// ≈ Lync shows the stored credential as a PSCredential.
const CREDENTIAL_TYPE: &str = "System.Management.Automation.PSCredential";

/// Get-, Set- and Remove-CsTestUserCredential: the credentials synthetic transactions use for
/// a pool's configured test users.
#[derive(Default)]
pub struct TestUserCredential;

impl CmdletBody for TestUserCredential {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let verb = super::synthetic::running_spec(it).map_or("", |s| s.verb);
        let sip = text(b, "SipAddress").unwrap_or_default().trim().to_string();
        let k = sip.to_ascii_lowercase();
        match verb {
            "Get" => {
                let Some(user) = it.deployment.actions.test_credentials.get(&k).cloned() else {
                    return Ok(());
                };
                let v = object(
                    CREDENTIAL_TYPE,
                    None,
                    vec![
                        ("UserName", Value::str(&user)),
                        ("Password", Value::str("System.Security.SecureString")),
                    ],
                );
                out.push(it, v)
            }
            "Set" => {
                if !k.starts_with("sip:") {
                    return write_error(
                        it,
                        "InvalidSipAddress",
                        ErrorCategory::InvalidArgument,
                        format!("\"{sip}\" is not a SIP address (sip:user@domain)."),
                        Some(&sip),
                    );
                }
                let user = match b.values.get("Credential") {
                    Some(Value::Credential(c)) => c.user_name.to_string(),
                    Some(v) if !v.is_null() => convert::to_string(v),
                    _ => text(b, "UserName").unwrap_or_default(),
                };
                if should_process(it, b, "Set-CsTestUserCredential", &sip)? {
                    it.deployment.actions.test_credentials.insert(k, user);
                }
                Ok(())
            }
            "Remove" => {
                if !it.deployment.actions.test_credentials.contains_key(&k) {
                    return write_error(
                        it,
                        "CredentialNotFound",
                        ErrorCategory::ObjectNotFound,
                        format!("No test user credential is stored for \"{sip}\"."),
                        Some(&sip),
                    );
                }
                if should_process(it, b, "Remove-CsTestUserCredential", &sip)? {
                    it.deployment.actions.test_credentials.remove(&k);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// Import-CsLegacyConfiguration: copies the policies and settings of an Office Communications
/// Server 2007 R2 / Lync Server 2010 deployment. The lab has none, so there is nothing to copy:
/// the cmdlet says so and changes nothing.
#[derive(Default)]
pub struct ImportCsLegacyConfiguration;

impl CmdletBody for ImportCsLegacyConfiguration {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        if !should_process(
            it,
            b,
            "Import-CsLegacyConfiguration",
            "legacy configuration",
        )? {
            return Ok(());
        }
        let line = "No legacy (Office Communications Server 2007 R2 or Lync Server 2010) deployment was found; nothing was imported.".to_string();
        it.write_verbose(&line);
        super::synthetic::checks::write_report(it, b, &[line])
    }
}

/// The family's behaviour table.
pub static TABLE: &[(&str, Behaviour)] = &[
    ("Get-CsClientPinInfo", own(make::<GetCsClientPinInfo>)),
    ("Set-CsClientPin", own(make::<SetCsClientPin>)),
    ("Lock-CsClientPin", own(make::<LockPin<true>>)),
    ("Unlock-CsClientPin", own(make::<LockPin<false>>)),
    ("Get-CsUserAcp", own(make::<GetCsUserAcp>)),
    ("Set-CsUserAcp", own(make::<SetCsUserAcp>)),
    ("Remove-CsUserAcp", own(make::<RemoveCsUserAcp>)),
    ("Get-CsAdUser", own(make::<GetAd<false>>)),
    ("Get-CsAdPrincipal", own(make::<GetAd<true>>)),
    ("Get-CsTestUserCredential", own(make::<TestUserCredential>)),
    ("Set-CsTestUserCredential", own(make::<TestUserCredential>)),
    (
        "Remove-CsTestUserCredential",
        own(make::<TestUserCredential>),
    ),
    ("Get-CsUICulture", own(make::<GetCsUiCulture>)),
    ("Set-CsUICulture", own(make::<SetCsUiCulture>)),
    (
        "Get-CsDialInConferencingLanguageList",
        own(make::<GetCsDialInConferencingLanguageList>),
    ),
    ("Start-CsClsLogging", own(make::<ClsLogging>)),
    ("Stop-CsClsLogging", own(make::<ClsLogging>)),
    ("Update-CsClsLogging", own(make::<ClsLogging>)),
    ("Sync-CsClsLogging", own(make::<ClsLogging>)),
    ("Show-CsClsLogging", own(make::<ClsLogging>)),
    ("Search-CsClsLogging", own(make::<ClsLogging>)),
    ("Update-CsAddressBook", own(make::<UpdatePools<true>>)),
    ("Update-CsUserDatabase", own(make::<UpdatePools<false>>)),
    (
        "Remove-CsUserStoreBackupData",
        own(make::<RemoveCsUserStoreBackupData>),
    ),
    (
        "Debug-CsAddressBookReplication",
        own(make::<DebugReplication>),
    ),
    (
        "Debug-CsInterPoolReplication",
        own(make::<DebugReplication>),
    ),
    (
        "Debug-CsIntraPoolReplication",
        own(make::<DebugReplication>),
    ),
    ("Move-CsLegacyUser", own(make::<MoveCsLegacyUser>)),
    (
        "Import-CsLegacyConfiguration",
        own(make::<ImportCsLegacyConfiguration>),
    ),
    (
        "Export-CsConfiguration",
        own(make::<files::ExportCsConfiguration>),
    ),
    (
        "Import-CsConfiguration",
        own(make::<files::ImportCsConfiguration>),
    ),
    ("Export-CsUserData", own(make::<files::ExportCsUserData>)),
    ("Import-CsUserData", own(make::<files::ImportCsUserData>)),
    ("Convert-CsUserData", own(make::<files::ConvertCsUserData>)),
    (
        "Export-CsArchivingData",
        own(make::<files::ExportCsArchivingData>),
    ),
    ("Get-CsAdminRole", own(make::<roles::GetCsAdminRole>)),
    ("New-CsAdminRole", own(make::<roles::NewCsAdminRole>)),
    ("Remove-CsAdminRole", own(make::<roles::RemoveCsAdminRole>)),
    ("Update-CsAdminRole", own(make::<roles::UpdateCsAdminRole>)),
    (
        "Get-CsAdminRoleAssignment",
        own(make::<roles::GetCsAdminRoleAssignment>),
    ),
];

#[cfg(test)]
mod tests {
    use super::is_common_pattern;

    #[test]
    fn common_pin_patterns() {
        for p in ["11111", "12345", "98765", "0123456789"] {
            assert!(is_common_pattern(p), "{p}");
        }
        for p in ["18723834", "24680", "12354"] {
            assert!(!is_common_pattern(p), "{p}");
        }
    }
}
