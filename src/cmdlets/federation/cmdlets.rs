//! The cmdlet bodies of the federation family: thin glue between bound parameters and
//! [`super::ops`]. Each body reads typed parameter values, builds the change, asks the
//! ShouldProcess gate, applies it and writes objects; it never formats text itself and never
//! words an error (that is [`super::errors`]).

use std::rc::Rc;

use crate::cmdlets::objects::{document_object, prop_to_value, value_to_prop};
use crate::model::Identity;
use crate::model::cms::{ConfigDocument, kinds};
use crate::model::federation::{self as fed, USE_DEFAULT_ROUTING};
use crate::model::ids::Timestamp;
use crate::model::value::PropValue;
use crate::model::wildcard::Pattern;
use crate::runtime::binder::Bound;
use crate::runtime::convert;
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::{DateTime, DateTimeKind, PsObject, Value};

use super::errors::{Error, report};
use super::ops::{self, EdgeChange, RoutingRequest};

type R<T> = Result<T, Flow>;

/// What a body needs to know about the kind of object it handles.
pub struct KindInfo {
    pub kind: &'static str,
    /// The .NET type of the objects Get- writes (federation-model.md §1.2–§1.5, ✔ from the
    /// reference pages' OUTPUTS sections).
    pub type_name: &'static str,
    /// Properties kept in the store but not shown (decision 2 in `docs/model.md`).
    pub hidden: &'static [&'static str],
}

pub const HOSTING: KindInfo = KindInfo {
    kind: kinds::HOSTING_PROVIDER,
    type_name: "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.DisplayHostingProvider",
    hidden: &["SipClientPort"],
};
pub const PUBLIC: KindInfo = KindInfo {
    kind: kinds::PUBLIC_PROVIDER,
    type_name: "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.DisplayPublicProvider",
    hidden: &[],
};
pub const ALLOWED: KindInfo = KindInfo {
    kind: kinds::ALLOWED_DOMAIN,
    type_name: "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.AllowedDomain",
    hidden: &[],
};
pub const BLOCKED: KindInfo = KindInfo {
    kind: kinds::BLOCKED_DOMAIN,
    type_name: "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.BlockedDomain",
    hidden: &[],
};

/// AccessEdgeConfiguration objects have one type per routing method (§1.1, ✔ OUTPUTS).
pub const EDGE_DNS_SRV_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.DisplayAccessEdgeSettingsDnsSrvRouting";
pub const EDGE_DEFAULT_ROUTE_TYPE: &str =
    "Microsoft.Rtc.Management.WritableConfig.Settings.Edge.DisplayAccessEdgeSettingsDefaultRoute";
/// §1.9 ✔.
pub const REPLICA_STATE_TYPE: &str = "Microsoft.Rtc.Management.Xds.ReplicaState";
pub const CMS_STATUS_TYPE: &str = "Microsoft.Rtc.Management.Xds.CentralManagementStoreStatusResult";
/// Test-CsFederatedPartner OUTPUTS (reference page) ✔.
pub const TASK_OUTPUT_TYPE: &str = "Microsoft.Rtc.SyntheticTransactions.TaskOutput";

/// Property changes in stored form, in the order they apply.
type Changes = Vec<(String, PropValue)>;

// ---- parameter helpers ----

fn given<'b>(b: &'b Bound, name: &str) -> Option<&'b Value> {
    b.values.get(name)
}

fn string_param(b: &Bound, name: &str) -> Option<String> {
    given(b, name)
        .filter(|v| !matches!(v, Value::Null))
        .map(convert::to_string)
}

fn switch_on(b: &Bound, name: &str) -> bool {
    given(b, name).is_some_and(convert::is_true)
}

/// The settable properties given as parameters, checked and in stored form.
fn param_changes(b: &Bound, kind: &str) -> Result<Changes, Error> {
    let mut out = Vec::new();
    for (name, ty) in ops::settable(kind) {
        if let Some(v) = given(b, name) {
            out.push((
                name.to_string(),
                ops::normalize(name, *ty, value_to_prop(v))?,
            ));
        }
    }
    Ok(out)
}

/// A property of a runtime object, by name without case.
fn object_property(v: &Value, name: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.value.clone()),
        _ => None,
    }
}

fn type_name_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .borrow()
            .type_names
            .first()
            .map_or_else(|| "System.Object".to_string(), |t| t.to_string()),
        other => convert::type_name(other),
    }
}

/// An object read earlier (`-Instance`): its identity text and its settable properties.
fn instance_changes(
    v: &Value,
    kind: &'static str,
    types: &[&str],
    extra: &[(&'static str, ops::PropType)],
) -> Result<(String, Changes), Error> {
    let type_name = type_name_of(v);
    if !types.iter().any(|t| t.eq_ignore_ascii_case(&type_name)) {
        return Err(Error::WrongInstance { kind, type_name });
    }
    let identity = object_property(v, "Identity")
        .map(|i| convert::to_string(&i))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, ty) in ops::settable(kind).iter().chain(extra) {
        if let Some(p) = object_property(v, name) {
            out.push((
                name.to_string(),
                ops::normalize(name, *ty, value_to_prop(&p))?,
            ));
        }
    }
    Ok((identity, out))
}

/// Runs a fallible step of a body: on error, reports it as `cmdlet` and ends the body.
macro_rules! attempt {
    ($it:expr, $cmdlet:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(err) => return report($it, $cmdlet, &err),
        }
    };
}

/// The documents a Get- cmdlet reads: the CMS, or the local replica with `-LocalStore`.
fn read_documents(it: &Interp, b: &Bound, kind: &str) -> Result<Vec<ConfigDocument>, Error> {
    let d = &it.deployment;
    let docs = if switch_on(b, "LocalStore") {
        ops::local_documents(d, kind)?
    } else {
        d.documents(kind)
    };
    Ok(docs.to_vec())
}

/// Keeps the documents `-Identity` (exact, case-insensitive, no wildcards) or `-Filter`
/// (wildcards on the displayed Identity) select.
fn select(
    b: &Bound,
    docs: Vec<ConfigDocument>,
    parse: fn(&str) -> Identity,
) -> Vec<ConfigDocument> {
    if let Some(text) = string_param(b, "Identity") {
        let id = parse(&text);
        return docs.into_iter().filter(|d| d.identity == id).collect();
    }
    if let Some(filter) = string_param(b, "Filter") {
        // An invalid pattern (unclosed `[`) matches nothing.
        return match Pattern::new(&filter) {
            Some(p) => docs
                .into_iter()
                .filter(|d| p.matches(&d.identity.to_string()))
                .collect(),
            None => Vec::new(),
        };
    }
    docs
}

fn plain(text: &str) -> Identity {
    Identity::plain(text.trim())
}

fn scoped(text: &str) -> Identity {
    Identity::parse(text).unwrap_or_else(|_| Identity::plain(text.trim()))
}

// ---- providers and domains ----

fn get_objects(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    cmdlet: &str,
    info: &KindInfo,
) -> R<()> {
    let docs = attempt!(it, cmdlet, read_documents(it, b, info.kind));
    for doc in select(b, docs, plain) {
        out.push(it, document_object(info.type_name, &doc, info.hidden))?;
    }
    Ok(())
}

/// Writes the stored object after a successful New-, as Lync's New-Cs… cmdlets echo what they
/// created (our decision, `docs/federation.md`).
fn echo_stored(it: &mut Interp, out: &mut dyn Sink, info: &KindInfo, id: &Identity) -> R<()> {
    let obj = it
        .deployment
        .document(info.kind, id)
        .map(|doc| document_object(info.type_name, doc, info.hidden));
    match obj {
        Some(o) => out.push(it, o),
        None => Ok(()),
    }
}

/// Creation shared by New-Cs…Provider and New-Cs…Domain once the document is built.
fn create(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    cmdlet: &str,
    info: &KindInfo,
    doc: ConfigDocument,
) -> R<()> {
    if switch_on(b, "InMemory") {
        // -InMemory: the object only, nothing saved (REF:New-CsPublicProvider example 2).
        return out.push(it, document_object(info.type_name, &doc, info.hidden));
    }
    attempt!(it, cmdlet, ops::check_new(&it.deployment, info.kind, &doc));
    let id = doc.identity.clone();
    if !should_process(it, b, cmdlet, &id.to_string())? {
        return Ok(());
    }
    attempt!(it, cmdlet, ops::create(&mut it.deployment, info.kind, doc));
    echo_stored(it, out, info, &id)
}

fn new_provider(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    cmdlet: &str,
    info: &KindInfo,
) -> R<()> {
    // R7 (-EnabledSharedAddressSpace and -HostsOCSUsers together) is the catalog's Together
    // constraint, enforced by the binder before this body runs.
    let text = string_param(b, "Identity").unwrap_or_default();
    let id = attempt!(it, cmdlet, ops::plain_identity(info.kind, &text));
    let proxy = string_param(b, "ProxyFqdn").unwrap_or_default();
    let enabled = switch_on(b, "Enabled");
    let mut doc = if info.kind == kinds::HOSTING_PROVIDER {
        fed::hosting_provider(id.name(), proxy.trim(), enabled)
    } else {
        fed::public_provider(id.name(), proxy.trim(), enabled)
    };
    for (k, v) in attempt!(it, cmdlet, param_changes(b, info.kind)) {
        doc.properties.insert(k, v);
    }
    create(it, b, out, cmdlet, info, doc)
}

fn new_domain(
    it: &mut Interp,
    b: &Bound,
    out: &mut dyn Sink,
    cmdlet: &str,
    info: &KindInfo,
) -> R<()> {
    // Identity set or ParentAndRelativeKey set (-Domain): either names the domain (§1.4).
    let text = string_param(b, "Identity")
        .or_else(|| string_param(b, "Domain"))
        .unwrap_or_default();
    let id = attempt!(it, cmdlet, ops::plain_identity(info.kind, &text));
    let mut doc = if info.kind == kinds::ALLOWED_DOMAIN {
        fed::allowed_domain(id.name())
    } else {
        fed::blocked_domain(id.name())
    };
    for (k, v) in attempt!(it, cmdlet, param_changes(b, info.kind)) {
        doc.properties.insert(k, v);
    }
    create(it, b, out, cmdlet, info, doc)
}

/// The object a Set-/Enable-/Disable- call targets: `-Instance` (with its properties) or
/// `-Identity`.
fn target(b: &Bound, info: &KindInfo) -> Result<(Identity, Option<Changes>), Error> {
    if let Some(inst) = given(b, "Instance") {
        let extra: &[(&'static str, ops::PropType)] = if ops::PROVIDER_KINDS.contains(&info.kind) {
            &[("ProxyFqdn", ops::PropType::Str)]
        } else {
            &[]
        };
        let (text, changes) = instance_changes(inst, info.kind, &[info.type_name], extra)?;
        return Ok((ops::plain_identity(info.kind, &text)?, Some(changes)));
    }
    match string_param(b, "Identity") {
        Some(text) => Ok((ops::plain_identity(info.kind, &text)?, None)),
        None => Err(Error::IdentityRequired { kind: info.kind }),
    }
}

fn set_object(
    it: &mut Interp,
    b: &Bound,
    _out: &mut dyn Sink,
    cmdlet: &str,
    info: &KindInfo,
) -> R<()> {
    let (id, instance) = attempt!(it, cmdlet, target(b, info));
    let mut changes = instance.clone().unwrap_or_default();
    changes.extend(attempt!(it, cmdlet, param_changes(b, info.kind)));
    let exists = it
        .deployment
        .document(info.kind, &id)
        .map(|d| d.identity.to_string());
    match (exists, instance) {
        (Some(shown), _) => {
            attempt!(
                it,
                cmdlet,
                ops::check_update(&it.deployment, info.kind, &id, &changes)
            );
            if !should_process(it, b, cmdlet, &shown)? {
                return Ok(());
            }
            attempt!(
                it,
                cmdlet,
                ops::update(&mut it.deployment, info.kind, &id, changes)
            );
            Ok(())
        }
        (None, Some(_)) => {
            // Set -Instance with an object made by New-… -InMemory saves it (§1.2).
            let proxy = changes
                .iter()
                .find(|(k, _)| k == "ProxyFqdn")
                .and_then(|(_, v)| v.as_str())
                .unwrap_or_default()
                .to_string();
            let mut doc = match info.kind {
                kinds::HOSTING_PROVIDER => fed::hosting_provider(id.name(), &proxy, false),
                kinds::PUBLIC_PROVIDER => fed::public_provider(id.name(), &proxy, false),
                kinds::ALLOWED_DOMAIN => fed::allowed_domain(id.name()),
                _ => fed::blocked_domain(id.name()),
            };
            for (k, v) in changes {
                doc.properties.insert(k, v);
            }
            attempt!(it, cmdlet, ops::check_new(&it.deployment, info.kind, &doc));
            if !should_process(it, b, cmdlet, &id.to_string())? {
                return Ok(());
            }
            attempt!(it, cmdlet, ops::create(&mut it.deployment, info.kind, doc));
            Ok(())
        }
        (None, None) => report(
            it,
            cmdlet,
            &Error::NotFound {
                kind: info.kind,
                identity: id.to_string(),
            },
        ),
    }
}

fn set_enabled(it: &mut Interp, b: &Bound, cmdlet: &str, info: &KindInfo, enabled: bool) -> R<()> {
    let (id, _) = attempt!(it, cmdlet, target(b, info));
    attempt!(
        it,
        cmdlet,
        ops::check_set_enabled(&it.deployment, info.kind, &id, enabled)
    );
    let shown = it
        .deployment
        .document(info.kind, &id)
        .map_or_else(|| id.to_string(), |d| d.identity.to_string());
    if !should_process(it, b, cmdlet, &shown)? {
        return Ok(());
    }
    attempt!(
        it,
        cmdlet,
        ops::set_enabled(&mut it.deployment, info.kind, &id, enabled)
    );
    Ok(())
}

fn remove_object(it: &mut Interp, b: &Bound, cmdlet: &str, info: &KindInfo) -> R<()> {
    let text = string_param(b, "Identity").unwrap_or_default();
    let id = attempt!(it, cmdlet, ops::plain_identity(info.kind, &text));
    let shown = attempt!(it, cmdlet, ops::find(&it.deployment, info.kind, &id))
        .identity
        .to_string();
    if !should_process(it, b, cmdlet, &shown)? {
        return Ok(());
    }
    attempt!(it, cmdlet, ops::remove(&mut it.deployment, info.kind, &id));
    Ok(())
}

// ---- Access Edge configuration ----

const EDGE_HEAD: &[&str] = &[
    "AllowAnonymousUsers",
    "AllowFederatedUsers",
    "AllowOutsideUsers",
];
const EDGE_DNS_SRV_ONLY: &[&str] = &["BeClearingHouse", "EnablePartnerDiscovery"];
/// Our placement (federation-model.md §1.1 "?"): where the DNS SRV variant shows its own two.
const EDGE_DEFAULT_ROUTE_ONLY: &[&str] =
    &["DefaultRouteFqdn", "IsPublicProvider", "VerificationLevel"];
const EDGE_TAIL: &[&str] = &[
    "EnableArchivingDisclaimer",
    "EnableUserReplicator",
    "KeepCrlsUpToDateForPeers",
    "MarkSourceVerifiableOnOutgoingMessages",
    "OutgoingTlsCountForFederatedPartners",
    "DiscoveredPartnerStandardRate",
    "EnableDiscoveredPartnerContactsLimit",
    "MaxContactsPerDiscoveredPartner",
    "DiscoveredPartnerReportPeriodMinutes",
    "MaxAcceptedCertificatesStored",
    "MaxRejectedCertificatesStored",
    "CertificatesDeletedPercentage",
    "RoutingMethod",
];

/// The Access Edge object in the captured order of §1.1 for DNS SRV routing; the default-route
/// variant shows its three properties in place of the DNS SRV ones.
pub fn access_edge_object(doc: &ConfigDocument) -> Value {
    let default_route = ops::routing_method(doc) == USE_DEFAULT_ROUTING;
    let (type_name, middle) = if default_route {
        (EDGE_DEFAULT_ROUTE_TYPE, EDGE_DEFAULT_ROUTE_ONLY)
    } else {
        (EDGE_DNS_SRV_TYPE, EDGE_DNS_SRV_ONLY)
    };
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        to_string: Some(Rc::from(doc.identity.to_string())),
        ..PsObject::default()
    };
    o.add("Identity", Value::str(&doc.identity.to_string()));
    for name in EDGE_HEAD.iter().chain(middle).chain(EDGE_TAIL) {
        o.add(name, doc.get(name).map_or(Value::Null, prop_to_value));
    }
    Value::object(o)
}

pub fn get_access_edge(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> R<()> {
    let cmdlet = "Get-CsAccessEdgeConfiguration";
    let docs = attempt!(
        it,
        cmdlet,
        read_documents(it, b, kinds::ACCESS_EDGE_CONFIGURATION)
    );
    for doc in select(b, docs, scoped) {
        out.push(it, access_edge_object(&doc))?;
    }
    Ok(())
}

pub fn set_access_edge(it: &mut Interp, b: &Bound, _out: &mut dyn Sink) -> R<()> {
    let cmdlet = "Set-CsAccessEdgeConfiguration";
    let kind = kinds::ACCESS_EDGE_CONFIGURATION;
    let (identity_text, properties, routing) = if let Some(inst) = given(b, "Instance") {
        let (text, props) = attempt!(
            it,
            cmdlet,
            instance_changes(
                inst,
                kind,
                &[EDGE_DNS_SRV_TYPE, EDGE_DEFAULT_ROUTE_TYPE],
                &[]
            )
        );
        let routing = match object_property(inst, "RoutingMethod").map(|v| convert::to_string(&v)) {
            Some(m) if m.eq_ignore_ascii_case(USE_DEFAULT_ROUTING) => RoutingRequest::Default {
                switch: true,
                fqdn: object_property(inst, "DefaultRouteFqdn")
                    .filter(|v| !matches!(v, Value::Null))
                    .map(|v| convert::to_string(&v)),
            },
            _ => RoutingRequest::DnsSrv { switch: true },
        };
        (text, props, routing)
    } else {
        let routing = match b.set.as_deref() {
            Some("DnsSrvRouting") => RoutingRequest::DnsSrv {
                switch: switch_on(b, "UseDnsSrvRouting"),
            },
            Some("DefaultRoute") => RoutingRequest::Default {
                switch: switch_on(b, "UseDefaultRouting"),
                fqdn: string_param(b, "DefaultRouteFqdn"),
            },
            _ => RoutingRequest::Keep,
        };
        let props = attempt!(it, cmdlet, param_changes(b, kind));
        let text = string_param(b, "Identity").unwrap_or_else(|| "Global".to_string());
        (text, props, routing)
    };
    // Only the Global instance exists (§2).
    if !scoped(&identity_text).is_global() {
        return report(
            it,
            cmdlet,
            &Error::NotFound {
                kind,
                identity: identity_text,
            },
        );
    }
    let change = EdgeChange {
        properties,
        routing,
    };
    attempt!(it, cmdlet, ops::check_edge_change(&it.deployment, &change));
    if !should_process(it, b, cmdlet, "Global")? {
        return Ok(());
    }
    attempt!(it, cmdlet, ops::set_access_edge(&mut it.deployment, change));
    Ok(())
}

// ---- replication ----

const UNIX_EPOCH_TICKS: i64 = 621_355_968_000_000_000;

fn date(t: Timestamp) -> Value {
    Value::DateTime(DateTime {
        ticks: t
            .0
            .saturating_mul(10_000_000)
            .saturating_add(UNIX_EPOCH_TICKS),
        kind: DateTimeKind::Local,
    })
}

fn object(type_name: &str, props: Vec<(&str, Value)>) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        ..PsObject::default()
    };
    for (k, v) in props {
        o.add(k, v);
    }
    Value::object(o)
}

pub fn get_replication_status(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> R<()> {
    let cmdlet = "Get-CsManagementStoreReplicationStatus";
    if switch_on(b, "CentralManagementStoreStatus") {
        let d = &it.deployment;
        let agents = ops::file_transfer_agents(d)
            .into_iter()
            .map(Value::str)
            .collect();
        let o = object(
            CMS_STATUS_TYPE,
            vec![
                ("ActiveMasterFqdn", Value::str(&d.cms.active_master_fqdn)),
                ("ActiveFileTransferAgents", Value::array(agents)),
            ],
        );
        return out.push(it, o);
    }
    let fqdn = string_param(b, "ReplicaFqdn");
    let objects: Vec<Value> = attempt!(
        it,
        cmdlet,
        ops::replication_status(&it.deployment, fqdn.as_deref()).map(|list| {
            list.into_iter()
                .map(|(r, up)| {
                    object(
                        REPLICA_STATE_TYPE,
                        vec![
                            ("UpToDate", Value::Bool(up)),
                            ("ReplicaFqdn", Value::str(&r.fqdn)),
                            ("LastStatusReport", date(r.last_status_report)),
                            ("LastUpdateCreation", date(r.last_update_creation)),
                            ("ProductVersion", Value::str(&r.product_version)),
                        ],
                    )
                })
                .collect()
        })
    );
    for o in objects {
        out.push(it, o)?;
    }
    Ok(())
}

pub fn invoke_replication(it: &mut Interp, b: &Bound, _out: &mut dyn Sink) -> R<()> {
    let cmdlet = "Invoke-CsManagementStoreReplication";
    let fqdn = string_param(b, "ReplicaFqdn");
    attempt!(
        it,
        cmdlet,
        ops::replicate(&mut it.deployment, fqdn.as_deref())
    );
    Ok(())
}

// ---- Test-CsFederatedPartner ----

pub fn test_federated_partner(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> R<()> {
    let cmdlet = "Test-CsFederatedPartner";
    for parameter in ["Certificate", "OutVerboseVariable", "OutLoggerVariable"] {
        if given(b, parameter).is_some() {
            return report(it, cmdlet, &Error::Unmodelled { parameter });
        }
    }
    let target_fqdn = string_param(b, "TargetFqdn").unwrap_or_default();
    let domain = string_param(b, "Domain").unwrap_or_default();
    let proxy = string_param(b, "ProxyFqdn");
    let outcome =
        ops::test_federated_partner(&it.deployment, &target_fqdn, &domain, proxy.as_deref());
    let (result, error, diagnosis) = match outcome {
        Ok(()) => ("Success", Value::Null, Value::Null),
        Err(f) => (
            "Failure",
            Value::str(&f.error_text()),
            Value::str(&f.diagnosis()),
        ),
    };
    let o = object(
        TASK_OUTPUT_TYPE,
        vec![
            ("TargetFqdn", Value::str(&target_fqdn)),
            ("Result", Value::str(result)),
            ("Latency", Value::TimeSpan(0)),
            ("Error", error),
            ("Diagnosis", diagnosis),
        ],
    );
    out.push(it, o)
}

// ---- the thin per-cmdlet entry points ----

macro_rules! per_kind {
    ($( $fname:ident = $cmdlet:literal, $info:ident, $how:ident; )*) => {
        $(
            pub fn $fname(it: &mut Interp, b: &Bound, out: &mut dyn Sink) -> R<()> {
                per_kind!(@call $how, it, b, out, $cmdlet, &$info)
            }
        )*
    };
    (@call get, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { get_objects($it, $b, $out, $c, $i) };
    (@call new_provider, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { new_provider($it, $b, $out, $c, $i) };
    (@call new_domain, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { new_domain($it, $b, $out, $c, $i) };
    (@call set, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { set_object($it, $b, $out, $c, $i) };
    (@call remove, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { { let _ = &$out; remove_object($it, $b, $c, $i) } };
    (@call enable, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { { let _ = &$out; set_enabled($it, $b, $c, $i, true) } };
    (@call disable, $it:ident, $b:ident, $out:ident, $c:expr, $i:expr) => { { let _ = &$out; set_enabled($it, $b, $c, $i, false) } };
}

per_kind! {
    get_hosting_provider = "Get-CsHostingProvider", HOSTING, get;
    new_hosting_provider = "New-CsHostingProvider", HOSTING, new_provider;
    set_hosting_provider = "Set-CsHostingProvider", HOSTING, set;
    remove_hosting_provider = "Remove-CsHostingProvider", HOSTING, remove;
    enable_hosting_provider = "Enable-CsHostingProvider", HOSTING, enable;
    disable_hosting_provider = "Disable-CsHostingProvider", HOSTING, disable;
    get_public_provider = "Get-CsPublicProvider", PUBLIC, get;
    new_public_provider = "New-CsPublicProvider", PUBLIC, new_provider;
    set_public_provider = "Set-CsPublicProvider", PUBLIC, set;
    remove_public_provider = "Remove-CsPublicProvider", PUBLIC, remove;
    enable_public_provider = "Enable-CsPublicProvider", PUBLIC, enable;
    disable_public_provider = "Disable-CsPublicProvider", PUBLIC, disable;
    get_allowed_domain = "Get-CsAllowedDomain", ALLOWED, get;
    new_allowed_domain = "New-CsAllowedDomain", ALLOWED, new_domain;
    set_allowed_domain = "Set-CsAllowedDomain", ALLOWED, set;
    remove_allowed_domain = "Remove-CsAllowedDomain", ALLOWED, remove;
    get_blocked_domain = "Get-CsBlockedDomain", BLOCKED, get;
    new_blocked_domain = "New-CsBlockedDomain", BLOCKED, new_domain;
    set_blocked_domain = "Set-CsBlockedDomain", BLOCKED, set;
    remove_blocked_domain = "Remove-CsBlockedDomain", BLOCKED, remove;
}
