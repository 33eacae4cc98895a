//! Synthetic transactions and the other `Test-Cs*` cmdlets (every one of the catalog except
//! Test-CsFederatedPartner, which the federation family owns).
//!
//! - [`engine`]: one generic engine for the ~35 *synthetic transactions* (Test-CsIM,
//!   Test-CsAVConference, Test-CsRegistration …). Each is a row of a table saying which service
//!   the target pool must run, which parameters name the test users and what else the users
//!   need (a policy that allows the modality, Enterprise Voice, Exchange UM…). The engine
//!   evaluates that row against the deployment and writes a `TaskOutput` (Success or Failure
//!   with an Error and a Diagnosis) — it never pretends.
//! - [`voice`]: the voice routing tests (Test-CsDialPlan, Test-CsVoiceNormalizationRule,
//!   Test-CsVoiceRoute, Test-CsVoicePolicy, Test-CsVoiceUser, Test-CsVoiceTestConfiguration,
//!   Test-CsTrunkConfiguration, Test-CsInterTrunkRouting), which really apply the normalization
//!   rules and route patterns stored in the CMS.
//! - [`checks`]: deployment checks with their own shapes (Test-CsTopology, Test-CsComputer,
//!   Test-CsDatabase, Test-CsOUPermission, Test-CsLisCivicAddress …).

pub mod checks;
pub mod engine;
pub mod voice;

use std::rc::Rc;

use super::Behaviour;
use super::spec::CmdletSpec;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::value::{PsObject, Value};

pub(crate) type R<T> = Result<T, Flow>;

/// The catalog signature of the running cmdlet (the name the binder used).
pub(crate) fn running_spec(it: &Interp) -> Option<&'static CmdletSpec> {
    it.frames.last().and_then(|f| super::lookup(&f.command))
}

/// An object of `type_name` with properties in order; `shown` is its ToString().
pub(crate) fn object(type_name: &str, shown: Option<&str>, props: Vec<(&str, Value)>) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        to_string: shown.map(Rc::from),
        ..PsObject::default()
    };
    for (k, v) in props {
        o.add(k, v);
    }
    Value::object(o)
}

/// The identity text of a parameter, else of the piped object (`""` when neither is there).
pub(crate) fn identity_or_input(b: &Bound, name: &str, input: Option<&Value>) -> Option<String> {
    b.values
        .get(name)
        .filter(|v| !v.is_null())
        .or(input)
        .map(crate::cmdlets::users::cmdlets::identity_text)
}

/// A service identity without its optional `service:` prefix.
pub(crate) fn bare_service(text: &str) -> String {
    let t = text.trim();
    t.get(..8)
        .filter(|p| p.eq_ignore_ascii_case("service:"))
        .and_then(|_| t.get(8..))
        .unwrap_or(t)
        .to_string()
}

/// A list parameter as strings (a single value is a list of one; `$null` or absent is empty).
pub(crate) fn list_param(b: &Bound, name: &str) -> Vec<String> {
    match b.values.get(name) {
        Some(Value::Array(a)) => a
            .borrow()
            .iter()
            .map(crate::runtime::convert::to_string)
            .collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(v) => vec![crate::runtime::convert::to_string(v)],
    }
}

/// An optional string as a value (`$null` when absent).
pub(crate) fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, Value::str)
}

/// A Lync error record written by the running cmdlet: FQEID `<id>,<cmdlet class>`. Every text
/// passed here by the action families is ours unless its call site says otherwise (no capture
/// of these Lync messages was available).
pub(crate) fn lync_error(
    it: &Interp,
    id: &'static str,
    category: ErrorCategory,
    message: String,
    target: Option<&str>,
) -> ErrorRecord {
    let mut info =
        ErrorInfo::new(message, id, category).exception("System.InvalidOperationException");
    if let Some(t) = target {
        info = info.target(Value::str(t));
    }
    let mut rec = ErrorRecord::new(info);
    if let Some(spec) = running_spec(it) {
        rec.command = Some(spec.name.to_string());
        rec.activity = spec.name.to_string();
        rec.class_name = Some(crate::runtime::host_commands::class_name(spec));
    }
    rec
}

/// Writes a non-terminating Lync error.
pub(crate) fn write_error(
    it: &mut Interp,
    id: &'static str,
    category: ErrorCategory,
    message: String,
    target: Option<&str>,
) -> R<()> {
    let rec = lync_error(it, id, category, message, target);
    it.write_error(rec)
}

pub(crate) fn make<T: CmdletBody + Default + 'static>() -> Box<dyn CmdletBody> {
    Box::new(T::default())
}

pub(crate) const fn own(make: fn() -> Box<dyn CmdletBody>) -> Behaviour {
    Behaviour {
        make,
        generic: false,
    }
}

const TX: Behaviour = own(make::<engine::Transaction>);

/// The family's behaviour table.
pub static TABLE: &[(&str, Behaviour)] = &[
    ("Test-CsAddressBookService", TX),
    ("Test-CsAddressBookWebQuery", TX),
    ("Test-CsASConference", TX),
    ("Test-CsAudioConferencingProvider", TX),
    ("Test-CsAVConference", TX),
    ("Test-CsAVEdgeConnectivity", TX),
    ("Test-CsClientAuthentication", TX),
    ("Test-CsDataConference", TX),
    ("Test-CsDialInConferencing", TX),
    ("Test-CsExStorageConnectivity", TX),
    ("Test-CsExStorageNotification", TX),
    ("Test-CsExUMConnectivity", TX),
    ("Test-CsExUMVoiceMail", TX),
    ("Test-CsGroupExpansion", TX),
    ("Test-CsGroupIM", TX),
    ("Test-CsIM", TX),
    ("Test-CsLisConfiguration", TX),
    ("Test-CsLocationPolicy", TX),
    ("Test-CsMcxConference", TX),
    ("Test-CsMcxP2PIM", TX),
    ("Test-CsMcxPushNotification", TX),
    ("Test-CsP2PAV", TX),
    ("Test-CsPersistentChatMessage", TX),
    ("Test-CsPhoneBootstrap", TX),
    ("Test-CsPresence", TX),
    ("Test-CsPstnOutboundCall", TX),
    ("Test-CsPstnPeerToPeerCall", TX),
    ("Test-CsRegistration", TX),
    ("Test-CsUcwaConference", TX),
    ("Test-CsUnifiedContactStore", TX),
    ("Test-CsWebApp", TX),
    ("Test-CsWebAppAnonymous", TX),
    ("Test-CsWebScheduler", TX),
    ("Test-CsXmppIM", TX),
    ("Test-CsDialPlan", own(make::<voice::TestDialPlan>)),
    (
        "Test-CsVoiceNormalizationRule",
        own(make::<voice::TestNormalizationRule>),
    ),
    ("Test-CsVoiceRoute", own(make::<voice::TestVoiceRoute>)),
    (
        "Test-CsVoicePolicy",
        own(make::<voice::UsageRouting<false>>),
    ),
    ("Test-CsVoiceUser", own(make::<voice::TestVoiceUser>)),
    (
        "Test-CsVoiceTestConfiguration",
        own(make::<voice::TestVoiceTestConfiguration>),
    ),
    (
        "Test-CsTrunkConfiguration",
        own(make::<voice::TestTrunkConfiguration>),
    ),
    (
        "Test-CsInterTrunkRouting",
        own(make::<voice::UsageRouting<true>>),
    ),
    ("Test-CsTopology", own(make::<checks::TestTopology>)),
    ("Test-CsComputer", own(make::<checks::TestComputer>)),
    ("Test-CsDatabase", own(make::<checks::TestDatabase>)),
    ("Test-CsOUPermission", own(make::<checks::TestOuPermission>)),
    (
        "Test-CsSetupPermission",
        own(make::<checks::TestOuPermission>),
    ),
    ("Test-CsReplica", own(make::<checks::TestReplica>)),
    (
        "Test-CsKerberosAccountAssignment",
        own(make::<checks::TestKerberosAccountAssignment>),
    ),
    (
        "Test-CsCertificateConfiguration",
        own(make::<checks::TestCertificateConfiguration>),
    ),
    (
        "Test-CsWatcherNodeConfiguration",
        own(make::<checks::TestWatcherNodeConfiguration>),
    ),
    (
        "Test-CsLisCivicAddress",
        own(make::<checks::TestLisCivicAddress>),
    ),
];
