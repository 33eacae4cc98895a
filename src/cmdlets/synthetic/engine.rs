//! The generic engine of synthetic transactions.
//!
//! A synthetic transaction signs one to three users in to a pool and has them do something
//! (exchange an IM, join a conference, call a PSTN number). lyncshell cannot send SIP, so the
//! engine evaluates the same preconditions against the deployment, in the order a real run
//! would meet them:
//!
//! 1. the target pool (`-TargetFqdn`, the host of `-TargetUri`, or the first user's Registrar
//!    pool) exists in the topology and runs the service the transaction needs (Mediation and
//!    Edge services may be anywhere in the pool's site);
//! 2. the test users — the `…SipAddress` parameters given, otherwise the pool's test users from
//!    its health monitoring configuration (`FirstTestUserSipUri`, `SecondTestUserSipUri`) —
//!    exist, are enabled for Lync and homed on the target pool;
//! 3. a credential given for a user (or, for configured test users, the one stored with
//!    Set-CsTestUserCredential) names that same account;
//! 4. what the modality needs: a conferencing or mobility policy that does not turn it off
//!    (only a value an administrator stored counts, since lyncshell's defaults are not Lync's),
//!    Enterprise Voice and a voice route for PSTN calls, Exchange UM, a Persistent Chat
//!    service, an allowed XMPP partner.
//!
//! The result is Lync's `TaskOutput`: `Success`, or `Failure` with an Error and a Diagnosis
//! (texts ours, in the style of the real ones). Latency is a pure function of the transaction,
//! the users and the virtual clock, so transcripts are reproducible.
//!
//! Without users (none given, none configured for the pool) Lync refuses to run the test; so
//! does the engine, with an error record rather than a `TaskOutput`.

use super::{R, object, running_spec};
use crate::cmdlets::users::cmdlets::text;
use crate::model::Deployment;
use crate::model::cms::ConfigDocument;
use crate::model::users::User;
use crate::model::value::PropValue;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::errors::ErrorCategory;
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::scope::Target;
use crate::runtime::value::Value;

/// The SIP port of every Registrar in the lab (Lync's default; ports are not modelled).
const REGISTRAR_PORT: i64 = 5061;

/// REF:Test-CsIM OUTPUTS.
pub const TASK_OUTPUT_TYPE: &str = "Microsoft.Rtc.SyntheticTransactions.TaskOutput";

/// ≈ the type of the `-OutLoggerVariable` object (its ToXML and ToHTML methods are served by
/// `runtime::members`).
pub const LOGGER_TYPE: &str = "Microsoft.Rtc.SyntheticTransactions.Logging.TransactionLogger";

/// The logger's text as XML or HTML (our layout: one element per step).
pub fn render_log(lines: &[String], xml: bool) -> String {
    let esc = |l: &str| {
        l.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::new();
    if xml {
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SyntheticTransactionLog>\n");
        for l in lines {
            out.push_str(&format!("  <Step>{}</Step>\n", esc(l)));
        }
        out.push_str("</SyntheticTransactionLog>");
    } else {
        out.push_str("<html><body><ol>\n");
        for l in lines {
            out.push_str(&format!("<li>{}</li>\n", esc(l)));
        }
        out.push_str("</ol></body></html>");
    }
    out
}

/// What a transaction needs beyond signed-in users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Nothing,
    /// A ConferencingPolicy Boolean that must not be stored as False for any user.
    Conferencing(&'static str),
    /// Application sharing: `EnableAppDesktopSharing` must not be `None`.
    AppSharing,
    /// The first user calls `-TargetPstnPhoneNumber` (or the second user's line) through a route.
    PstnCall,
    /// The receiving user (the last one) is enabled for Exchange UM.
    ExUm,
    /// MobilityPolicy `EnableMobility` not stored as False.
    Mobility,
    /// An Edge Server in the pool's site.
    Edge,
    /// A Persistent Chat Server service somewhere in the topology.
    PersistentChat,
    /// `-Receiver`'s domain is an allowed XMPP partner.
    XmppPartner,
    /// A phone signs in with `-PhoneOrExt` and `-PIN`: the user with that line must have that
    /// PIN set and not be locked out.
    PinLogon,
}

/// One synthetic transaction: the service the target pool must run, the user parameters
/// (name, required), and what else it needs.
struct Tx {
    name: &'static str,
    role: &'static str,
    users: &'static [(&'static str, bool)],
    need: Need,
}

const TWO: &[(&str, bool)] = &[("SenderSipAddress", true), ("ReceiverSipAddress", true)];
const ONE: &[(&str, bool)] = &[("UserSipAddress", true)];

const TRANSACTIONS: &[Tx] = &[
    tx("Test-CsRegistration", "Registrar", ONE, Need::Nothing),
    tx(
        "Test-CsClientAuthentication",
        "Registrar",
        ONE,
        Need::Nothing,
    ),
    tx("Test-CsIM", "Registrar", TWO, Need::Nothing),
    tx("Test-CsGroupIM", "ConferencingServer", TWO, Need::Nothing),
    tx(
        "Test-CsP2PAV",
        "Registrar",
        TWO,
        Need::Conferencing("AllowIPAudio"),
    ),
    tx(
        "Test-CsAVConference",
        "ConferencingServer",
        TWO,
        Need::Conferencing("AllowIPAudio"),
    ),
    tx(
        "Test-CsDataConference",
        "ConferencingServer",
        TWO,
        Need::Conferencing("EnableDataCollaboration"),
    ),
    tx(
        "Test-CsASConference",
        "ConferencingServer",
        TWO,
        Need::AppSharing,
    ),
    tx(
        "Test-CsPresence",
        "Registrar",
        &[
            ("SubscriberSipAddress", true),
            ("PublisherSipAddress", true),
        ],
        Need::Nothing,
    ),
    tx("Test-CsAddressBookService", "WebServer", ONE, Need::Nothing),
    tx(
        "Test-CsAddressBookWebQuery",
        "WebServer",
        &[("UserSipAddress", true), ("TargetSipAddress", false)],
        Need::Nothing,
    ),
    tx("Test-CsGroupExpansion", "WebServer", ONE, Need::Nothing),
    tx(
        "Test-CsDialInConferencing",
        "ConferencingServer",
        ONE,
        Need::Conferencing("EnableDialInConferencing"),
    ),
    tx(
        "Test-CsAudioConferencingProvider",
        "ConferencingServer",
        &[("UserSipAddress", true), ("DialoutUserSipAddress", false)],
        Need::Nothing,
    ),
    tx(
        "Test-CsPstnOutboundCall",
        "MediationServer",
        ONE,
        Need::PstnCall,
    ),
    tx(
        "Test-CsPstnPeerToPeerCall",
        "MediationServer",
        TWO,
        Need::PstnCall,
    ),
    tx("Test-CsAVEdgeConnectivity", "Registrar", ONE, Need::Edge),
    tx("Test-CsExUMConnectivity", "Registrar", ONE, Need::ExUm),
    tx(
        "Test-CsExUMVoiceMail",
        "Registrar",
        &[("SenderSipAddress", false), ("ReceiverSipAddress", true)],
        Need::ExUm,
    ),
    tx(
        "Test-CsExStorageConnectivity",
        "Registrar",
        &[("SipUri", true)],
        Need::Nothing,
    ),
    tx(
        "Test-CsExStorageNotification",
        "Registrar",
        &[("SipUri", true)],
        Need::Nothing,
    ),
    tx("Test-CsLisConfiguration", "WebServer", ONE, Need::Nothing),
    tx("Test-CsLocationPolicy", "Registrar", ONE, Need::Nothing),
    tx(
        "Test-CsMcxConference",
        "WebServer",
        &[
            ("OrganizerSipAddress", true),
            ("UserSipAddress", true),
            ("User2SipAddress", true),
        ],
        Need::Mobility,
    ),
    tx("Test-CsMcxP2PIM", "WebServer", TWO, Need::Mobility),
    tx(
        "Test-CsMcxPushNotification",
        "EdgeServer",
        &[],
        Need::Nothing,
    ),
    tx(
        "Test-CsUcwaConference",
        "WebServer",
        &[
            ("OrganizerSipAddress", true),
            ("ParticipantSipAddress", true),
        ],
        Need::Nothing,
    ),
    tx(
        "Test-CsUnifiedContactStore",
        "Registrar",
        ONE,
        Need::Nothing,
    ),
    tx(
        "Test-CsWebApp",
        "WebServer",
        &[("UserSipAddress", true), ("User2SipAddress", false)],
        Need::Nothing,
    ),
    tx("Test-CsWebAppAnonymous", "WebServer", ONE, Need::Nothing),
    tx("Test-CsWebScheduler", "WebServer", ONE, Need::Nothing),
    tx(
        "Test-CsPhoneBootstrap",
        "WebServer",
        &[("UserSipAddress", false)],
        Need::PinLogon,
    ),
    tx(
        "Test-CsPersistentChatMessage",
        "Registrar",
        &[("SenderSipAddress", true), ("ReceiverSipAddress", true)],
        Need::PersistentChat,
    ),
    tx("Test-CsXmppIM", "Registrar", ONE, Need::XmppPartner),
];

const fn tx(
    name: &'static str,
    role: &'static str,
    users: &'static [(&'static str, bool)],
    need: Need,
) -> Tx {
    Tx {
        name,
        role,
        users,
        need,
    }
}

fn transaction(name: &str) -> Option<&'static Tx> {
    TRANSACTIONS
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

/// The names of every transaction the engine knows (for tests and COVERAGE).
pub fn transaction_names() -> impl Iterator<Item = &'static str> {
    TRANSACTIONS.iter().map(|t| t.name)
}

/// The outcome of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub target: String,
    pub failure: Option<(String, String)>,
    pub steps: Vec<String>,
}

/// Why the transaction could not even start (Lync writes an error, not a TaskOutput).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NoTarget,
    NoTestUsers { pool: String, parameter: String },
}

/// The users' SIP addresses and, when given, the account each credential names.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub target: Option<String>,
    pub users: Vec<(String, Option<String>)>,
    pub pstn_number: Option<String>,
    pub xmpp_receiver: Option<String>,
    /// Phone number or extension and PIN of a PIN sign-in (Test-CsPhoneBootstrap).
    pub pin_logon: Option<(String, String)>,
    /// `-RegistrarPort`; the lab's Registrars listen on Lync's default 5061.
    pub registrar_port: Option<i64>,
}

fn host_of(uri: &str) -> String {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    rest.split(['/', ':', '?'])
        .next()
        .unwrap_or(rest)
        .to_ascii_lowercase()
}

/// The pool's test users from its health monitoring configuration (Identity = pool FQDN).
fn configured_test_users(d: &Deployment, pool: &str) -> Vec<String> {
    let Some(doc) = d
        .documents("HealthMonitoringConfiguration")
        .iter()
        .find(|doc| doc.identity.to_string().eq_ignore_ascii_case(pool))
    else {
        return Vec::new();
    };
    ["FirstTestUserSipUri", "SecondTestUserSipUri"]
        .iter()
        .filter_map(|p| match doc.get_ci(p) {
            Some((_, PropValue::Str(s))) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        })
        .collect()
}

fn resolve_enabled<'a>(d: &'a Deployment, sip: &str) -> Result<&'a User, String> {
    let found = d.find_users(sip);
    match found.as_slice() {
        [one] => d
            .users
            .get(*one)
            .ok_or_else(|| format!("The user {sip} was not found.")),
        [] => Err(format!(
            "404 Not Found: no user with the SIP address {sip} exists in the deployment."
        )),
        _ => Err(format!("The identity {sip} matches more than one user.")),
    }
}

/// The policy document of `kind` that applies to a user: the assigned tag, else the policy of
/// the user's site, else Global.
pub(crate) fn effective_policy<'a>(
    d: &'a Deployment,
    u: &User,
    kind: &str,
) -> Option<&'a ConfigDocument> {
    let docs = d.documents(kind);
    let by = |id: &str| {
        docs.iter()
            .find(|doc| doc.identity.to_string().eq_ignore_ascii_case(id))
    };
    if let Some(tag) = u.policy(kind) {
        return by(&format!("Tag:{tag}"));
    }
    let site = u
        .registrar_pool
        .as_deref()
        .and_then(|p| d.topology.site_of_pool(p))
        .map(|s| format!("Site:{}", s.name));
    site.as_deref().and_then(by).or_else(|| by("Global"))
}

/// False when a stored policy value turns the feature off.
fn stored_false(doc: Option<&ConfigDocument>, property: &str) -> bool {
    matches!(
        doc.and_then(|d| d.get_ci(property)),
        Some((_, PropValue::Bool(false)))
    )
}

fn fail(out: &mut Outcome, error: String, diagnosis: String) {
    if out.failure.is_none() {
        out.failure = Some((error, diagnosis));
    }
}

/// Evaluates a transaction against the deployment.
pub fn evaluate(d: &Deployment, name: &str, req: &Request) -> Result<Outcome, Refusal> {
    let Some(t) = transaction(name) else {
        return Err(Refusal::NoTarget);
    };
    // The users given, then the pool's configured test users for the others.
    let first_pool = req
        .users
        .first()
        .and_then(|(sip, _)| resolve_enabled(d, sip).ok())
        .and_then(|u| u.registrar_pool.clone());
    let target = match (&req.target, first_pool) {
        (Some(t), _) => t.to_ascii_lowercase(),
        (None, Some(p)) => p,
        (None, None) => return Err(Refusal::NoTarget),
    };
    let mut users = req.users.clone();
    let mut pin_failure = None;
    if let (Need::PinLogon, Some((phone, pin))) = (t.need, &req.pin_logon) {
        match pin_user(d, phone, pin) {
            Ok(sip) => users = vec![(sip, None)],
            Err(f) => pin_failure = Some(f),
        }
    }
    let configured = configured_test_users(d, &target);
    let required = t.users.iter().filter(|(_, r)| *r).count();
    let mut missing_credential = None;
    if users.len() < required {
        if users.is_empty() && configured.len() >= required {
            // Configured test users sign in with the credentials stored for them.
            users = configured
                .into_iter()
                .take(required)
                .map(|s| {
                    let cred = d
                        .actions
                        .test_credentials
                        .get(&s.to_ascii_lowercase())
                        .cloned();
                    if cred.is_none() && missing_credential.is_none() {
                        missing_credential = Some(s.clone());
                    }
                    (s, cred)
                })
                .collect();
        } else {
            let missing = t
                .users
                .get(users.len())
                .map_or("UserSipAddress", |(p, _)| *p);
            return Err(Refusal::NoTestUsers {
                pool: target,
                parameter: missing.to_string(),
            });
        }
    }
    let mut out = Outcome {
        target: target.clone(),
        failure: None,
        steps: Vec::new(),
    };
    let top = &d.topology;
    // 1. The pool and its service.
    let pool = top.pool(&target).or_else(|| {
        top.services
            .iter()
            .find(|s| {
                s.edge.as_ref().is_some_and(|e| {
                    e.access_edge_external_fqdn.eq_ignore_ascii_case(&target)
                        || e.internal_fqdn.eq_ignore_ascii_case(&target)
                })
            })
            .and_then(|s| top.pool(&s.pool_fqdn))
    });
    let Some(pool) = pool else {
        fail(
            &mut out,
            format!("Unable to resolve the FQDN '{target}': no pool of the topology has this name."),
            "Check the TargetFqdn: it must be the FQDN of a pool in the published topology (Get-CsPool).".into(),
        );
        return Ok(out);
    };
    out.steps.push(format!(
        "Target pool {} found in site {}.",
        pool.fqdn, pool.site
    ));
    if let Some(port) = req.registrar_port.filter(|p| *p != REGISTRAR_PORT) {
        fail(
            &mut out,
            format!(
                "Unable to connect to {}:{port}: no Registrar listens on that port.",
                pool.fqdn
            ),
            format!(
                "The pool's Registrar uses port {REGISTRAR_PORT}; omit -RegistrarPort or give that port."
            ),
        );
        return Ok(out);
    }
    if let Some((error, diagnosis)) = pin_failure {
        fail(&mut out, error, diagnosis);
        return Ok(out);
    }
    if let Some(sip) = missing_credential {
        fail(
            &mut out,
            format!("No credential is stored for the test user {sip}."),
            "Store the test user's credential with Set-CsTestUserCredential.".into(),
        );
        return Ok(out);
    }
    let in_site = matches!(t.role, "MediationServer" | "EdgeServer");
    let hosts_role = if in_site {
        top.services
            .iter()
            .any(|s| s.role == t.role && s.site.eq_ignore_ascii_case(&pool.site))
    } else {
        top.service(t.role, &pool.fqdn).is_some()
    };
    if !hosts_role {
        let where_ = if in_site {
            format!("site {}", pool.site)
        } else {
            format!("pool {}", pool.fqdn)
        };
        fail(
            &mut out,
            format!("No {} service is available in {where_}.", t.role),
            format!(
                "The transaction needs the {} service; add it to the topology or test another pool.",
                t.role
            ),
        );
        return Ok(out);
    }
    // 2 and 3. The users.
    let mut resolved: Vec<&User> = Vec::new();
    for (sip, credential) in &users {
        let u = match resolve_enabled(d, sip) {
            Ok(u) => u,
            Err(e) => {
                fail(
                    &mut out,
                    format!("Registration failed for {sip}. {e}"),
                    "Give the SIP address of a user enabled for Lync Server.".into(),
                );
                return Ok(out);
            }
        };
        if !u.is_lync_enabled() || !u.enabled {
            fail(
                &mut out,
                format!("403 Forbidden: {sip} is not enabled for Lync Server."),
                format!(
                    "Enable the account with Enable-CsUser or Set-CsUser -Enabled $True ({}).",
                    u.identity
                ),
            );
            return Ok(out);
        }
        if let Some(c) = credential {
            let same = d.find_users(c).iter().any(|p| {
                d.users
                    .get(*p)
                    .is_some_and(|x| x.identity.eq_ignore_ascii_case(&u.identity))
            });
            if !same {
                fail(
                    &mut out,
                    format!("401 Unauthorized: the credential of '{c}' was refused for {sip}."),
                    "The credential must belong to the account of the SIP address it is given with.".into(),
                );
                return Ok(out);
            }
        }
        let home = u.registrar_pool.as_deref().unwrap_or("");
        if !home.eq_ignore_ascii_case(&pool.fqdn) && t.role != "MediationServer" {
            let home = if home.is_empty() {
                u.hosting_provider.clone()
            } else {
                home.to_string()
            };
            fail(
                &mut out,
                format!("{sip} is homed on {home}, not on {}.", pool.fqdn),
                "Run the transaction against the user's home pool, or move the user (Move-CsUser)."
                    .into(),
            );
            return Ok(out);
        }
        out.steps.push(format!("{sip} signed in to {}.", pool.fqdn));
        resolved.push(u);
    }
    // 4. The modality.
    match t.need {
        Need::Nothing | Need::PinLogon => {}
        Need::Conferencing(flag) => {
            for u in &resolved {
                let doc = effective_policy(d, u, "ConferencingPolicy");
                if stored_false(doc, flag) {
                    let id = doc.map(|x| x.identity.to_string()).unwrap_or_default();
                    fail(
                        &mut out,
                        format!(
                            "403 Forbidden: the conferencing policy {id} of {} does not allow this modality.",
                            u.sip_address.as_deref().unwrap_or(&u.identity)
                        ),
                        format!("{flag} is False in ConferencingPolicy {id}."),
                    );
                }
            }
        }
        Need::AppSharing => {
            for u in &resolved {
                let doc = effective_policy(d, u, "ConferencingPolicy");
                if let Some((_, PropValue::Str(s))) =
                    doc.and_then(|x| x.get_ci("EnableAppDesktopSharing"))
                    && s.eq_ignore_ascii_case("None")
                {
                    let id = doc.map(|x| x.identity.to_string()).unwrap_or_default();
                    fail(
                        &mut out,
                        "403 Forbidden: application sharing is not allowed.".into(),
                        format!("EnableAppDesktopSharing is None in ConferencingPolicy {id}."),
                    );
                }
            }
        }
        Need::Mobility => {
            for u in &resolved {
                let doc = effective_policy(d, u, "MobilityPolicy");
                if stored_false(doc, "EnableMobility") {
                    let id = doc.map(|x| x.identity.to_string()).unwrap_or_default();
                    fail(
                        &mut out,
                        "403 Forbidden: mobility is not enabled for the user.".into(),
                        format!("EnableMobility is False in MobilityPolicy {id}."),
                    );
                }
            }
        }
        Need::ExUm => {
            if let Some(u) = resolved.last()
                && !u.ex_um_enabled
            {
                fail(
                    &mut out,
                    format!(
                        "{} is not enabled for Exchange Unified Messaging.",
                        u.sip_address.as_deref().unwrap_or(&u.identity)
                    ),
                    "Enable the mailbox for UM in Exchange and set ExUmEnabled (Set-CsUser)."
                        .into(),
                );
            }
        }
        Need::Edge => {
            if !top
                .services
                .iter()
                .any(|s| s.role == "EdgeServer" && s.site.eq_ignore_ascii_case(&pool.site))
            {
                fail(
                    &mut out,
                    format!("No A/V Edge service is available for site {}.", pool.site),
                    "Add an Edge pool to the site in the topology.".into(),
                );
            }
        }
        Need::PersistentChat => {
            if !top
                .services
                .iter()
                .any(|s| s.role == "PersistentChatServer")
            {
                fail(
                    &mut out,
                    "No Persistent Chat Server is deployed.".into(),
                    "The topology holds no PersistentChatServer service.".into(),
                );
            }
        }
        Need::XmppPartner => {
            let domain = req
                .xmpp_receiver
                .as_deref()
                .and_then(|r| r.rsplit_once('@'))
                .map(|(_, dom)| dom.to_ascii_lowercase());
            let allowed = domain.as_deref().is_some_and(|dom| {
                d.documents("XmppAllowedPartner")
                    .iter()
                    .any(|p| p.identity.to_string().eq_ignore_ascii_case(dom))
            });
            if !allowed {
                fail(
                    &mut out,
                    format!(
                        "403 Forbidden: {} is not an allowed XMPP partner.",
                        domain.unwrap_or_default()
                    ),
                    "Add the partner with New-CsXmppAllowedPartner.".into(),
                );
            }
        }
        Need::PstnCall => {
            for u in &resolved {
                if !u.enterprise_voice_enabled {
                    fail(
                        &mut out,
                        format!(
                            "{} is not enabled for Enterprise Voice.",
                            u.sip_address.as_deref().unwrap_or(&u.identity)
                        ),
                        "Set EnterpriseVoiceEnabled with Set-CsUser.".into(),
                    );
                    return Ok(out);
                }
            }
            let number = req.pstn_number.clone().or_else(|| {
                resolved
                    .get(1)
                    .and_then(|u| u.line_uri.clone())
                    .map(|l| l.trim_start_matches("tel:").to_string())
            });
            let (Some(caller), Some(number)) = (resolved.first(), number) else {
                fail(
                    &mut out,
                    "The receiving user has no LineURI to call.".into(),
                    "Assign a LineURI with Set-CsUser.".into(),
                );
                return Ok(out);
            };
            match super::voice::route_for_user(d, caller, &number) {
                Some((route, usage)) => out.steps.push(format!(
                    "Number {number} routed by {route} (usage {usage})."
                )),
                None => fail(
                    &mut out,
                    format!("404 Not Found: no route matches {number}."),
                    "No voice route of the caller's voice policy PSTN usages has a NumberPattern matching the number (Test-CsVoiceUser shows the evaluation).".into(),
                ),
            }
        }
    }
    Ok(out)
}

/// The user a phone signs in as with a number (or extension) and PIN: the user whose LineURI
/// ends with those digits, whose PIN is that one and not locked out.
fn pin_user(d: &Deployment, phone: &str, pin: &str) -> Result<String, (String, String)> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let user = d.users.iter().find(|u| {
        !digits.is_empty()
            && u.line_uri.as_deref().is_some_and(|l| {
                let line: String = l
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                line.ends_with(&digits)
            })
    });
    let Some(u) = user else {
        return Err((
            format!("404 Not Found: no user has the phone number or extension {phone}."),
            "PIN sign-in needs a user whose LineURI ends with the number given (Set-CsUser -LineURI).".into(),
        ));
    };
    let state = d.actions.pins.get(&u.identity.to_ascii_lowercase());
    match state {
        Some(s) if s.locked => Err((
            format!("403 Forbidden: the PIN of {} is locked out.", u.identity),
            "Unlock it with Unlock-CsClientPin.".into(),
        )),
        Some(s) if s.digest == Some(crate::model::actions::pin_digest(pin.trim())) => {
            Ok(u.sip_address.clone().unwrap_or_default())
        }
        _ => Err((
            format!("401 Unauthorized: PIN authentication failed for {phone}."),
            "Set the user's PIN with Set-CsClientPin and test with that PIN.".into(),
        )),
    }
}

/// A deterministic latency (ticks): 0.4–2.9 s, from the transaction, target and clock.
fn latency_ticks(name: &str, target: &str, clock: i64) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name
        .bytes()
        .chain(target.bytes())
        .chain(clock.to_le_bytes())
    {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let ms = 400 + i64::try_from(h % 2500).unwrap_or(0);
    ms * 10_000 + i64::try_from((h >> 20) % 10_000).unwrap_or(0)
}

fn credential_user(v: &Value) -> Option<String> {
    match v {
        Value::Credential(c) => Some(c.user_name.to_string()),
        Value::Null => None,
        other => Some(crate::runtime::convert::to_string(other)),
    }
}

/// The body shared by every synthetic transaction.
#[derive(Default)]
pub struct Transaction;

impl CmdletBody for Transaction {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let Some(spec) = running_spec(it) else {
            return Ok(());
        };
        let Some(t) = transaction(spec.name) else {
            return Ok(());
        };
        let target = text(b, "TargetFqdn")
            .or_else(|| text(b, "TargetUri").map(|u| host_of(&u)))
            .or_else(|| text(b, "AccessEdgeFqdn"));
        let mut users = Vec::new();
        for (param, _) in t.users {
            if let Some(sip) = text(b, param) {
                let cred_param = param.replace("SipAddress", "Credential");
                let cred = b.values.get(cred_param.as_str()).and_then(credential_user);
                users.push((sip, cred));
            }
        }
        let req = Request {
            target,
            users,
            pstn_number: text(b, "TargetPstnPhoneNumber"),
            xmpp_receiver: text(b, "Receiver"),
            registrar_port: text(b, "RegistrarPort").and_then(|p| p.trim().parse().ok()),
            pin_logon: text(b, "PhoneOrExt")
                .or_else(|| text(b, "PhoneOrExtension"))
                .zip(text(b, "PIN")),
        };
        let outcome = match evaluate(&it.deployment, t.name, &req) {
            Ok(o) => o,
            Err(Refusal::NoTarget) => {
                return super::write_error(
                    it,
                    "TargetFqdnRequired",
                    ErrorCategory::InvalidArgument,
                    "The target pool cannot be determined: give -TargetFqdn, or the SIP address of a user homed on the pool.".into(),
                    None,
                );
            }
            Err(Refusal::NoTestUsers { pool, parameter }) => {
                // Ours, after Lync's advice to configure test users per pool.
                return super::write_error(
                    it,
                    "TestUsersNotConfigured",
                    ErrorCategory::InvalidOperation,
                    format!(
                        "No test users are configured for pool \"{pool}\". Configure them with New-CsHealthMonitoringConfiguration (and Set-CsTestUserCredential), or give -{parameter} and the users' credentials."
                    ),
                    Some(&pool),
                );
            }
        };
        for s in &outcome.steps {
            it.write_verbose(s);
        }
        let latency = latency_ticks(t.name, &outcome.target, it.now_ticks());
        let mut steps = outcome.steps.clone();
        if let Some((e, dg)) = &outcome.failure {
            steps.push(e.clone());
            steps.push(dg.clone());
        }
        if let Some(name) = text(b, "OutVerboseVariable") {
            it.scopes
                .set(&name, Value::str(&steps.join("\n")), Target::Any);
        }
        if let Some(name) = text(b, "OutLoggerVariable") {
            let messages = Value::array(steps.iter().map(|l| Value::str(l)).collect());
            let logger = object(LOGGER_TYPE, None, vec![("Messages", messages)]);
            it.scopes.set(&name, logger, Target::Any);
        }
        let (result, error, diagnosis) = match &outcome.failure {
            None => ("Success", Value::Null, Value::Null),
            Some((e, dg)) => ("Failure", Value::str(e), Value::str(dg)),
        };
        let o = object(
            TASK_OUTPUT_TYPE,
            None,
            vec![
                ("TargetFqdn", Value::str(&outcome.target)),
                ("Result", Value::str(result)),
                ("Latency", Value::TimeSpan(latency)),
                ("Error", error),
                ("Diagnosis", diagnosis),
            ],
        );
        out.push(it, o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(target: &str, users: &[&str]) -> Request {
        Request {
            target: Some(target.into()),
            users: users.iter().map(|u| (u.to_string(), None)).collect(),
            ..Request::default()
        }
    }

    #[test]
    fn explicit_users_on_their_pool_succeed() {
        let d = Deployment::litware();
        let o = evaluate(
            &d,
            "Test-CsIM",
            &req(
                "atl-cs-001.litwareinc.com",
                &["sip:pilar@litwareinc.com", "sip:kenmyer@litwareinc.com"],
            ),
        )
        .unwrap();
        assert_eq!(o.failure, None);
    }

    #[test]
    fn unknown_pool_user_and_service_fail() {
        let d = Deployment::litware();
        let users = ["sip:pilar@litwareinc.com", "sip:kenmyer@litwareinc.com"];
        let o = evaluate(&d, "Test-CsIM", &req("nowhere.litwareinc.com", &users)).unwrap();
        assert!(o.failure.unwrap().0.contains("Unable to resolve"));
        let o = evaluate(
            &d,
            "Test-CsIM",
            &req(
                "atl-cs-001.litwareinc.com",
                &["sip:nobody@litwareinc.com", users[1]],
            ),
        )
        .unwrap();
        assert!(o.failure.unwrap().0.contains("404"));
        // atl-cs-002 hosts no Mediation Server, and the site's only one is on atl-cs-001,
        // so the PSTN call fails on Enterprise Voice (Pilar is not enabled) instead.
        let o = evaluate(
            &d,
            "Test-CsPstnOutboundCall",
            &req("atl-cs-001.litwareinc.com", &["sip:pilar@litwareinc.com"]),
        )
        .unwrap();
        assert!(o.failure.unwrap().0.contains("Enterprise Voice"));
    }

    #[test]
    fn wrong_credential_and_wrong_pool_fail() {
        let d = Deployment::litware();
        let mut r = req(
            "atl-cs-001.litwareinc.com",
            &["sip:jhaas@litwareinc.com", "sip:kenmyer@litwareinc.com"],
        );
        r.users[0].1 = Some("litwareinc\\pilar".into());
        let o = evaluate(&d, "Test-CsIM", &r).unwrap();
        assert!(o.failure.unwrap().0.contains("401"));
        let o = evaluate(
            &d,
            "Test-CsRegistration",
            &req("atl-cs-002.litwareinc.com", &["sip:kenmyer@litwareinc.com"]),
        )
        .unwrap();
        assert!(o.failure.unwrap().0.contains("homed on"));
    }

    #[test]
    fn without_users_the_configured_test_users_are_used_or_the_test_is_refused() {
        let d = Deployment::litware();
        let r = evaluate(&d, "Test-CsIM", &req("atl-cs-002.litwareinc.com", &[]));
        assert!(matches!(r, Err(Refusal::NoTestUsers { .. })));
    }

    #[test]
    fn latency_is_deterministic() {
        let a = latency_ticks("Test-CsIM", "x", 5);
        assert_eq!(a, latency_ticks("Test-CsIM", "x", 5));
        assert!((4_000_000..30_000_000).contains(&a));
    }
}
