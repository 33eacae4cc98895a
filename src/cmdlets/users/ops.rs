//! Operations of the users family on the deployment: selection (`-Identity`, `-Filter`,
//! `-LdapFilter`, `-OU`), property changes, enabling/disabling and the move rules of
//! federation-model.md §4. Nothing here prints or knows about runtime values.

use super::errors::UserError;
use super::filter::{Filter, Ldap};
use crate::model::users::{ON_PREMISES_HOSTING_PROVIDER, USER_POLICY_KINDS, User};
use crate::model::value::PropValue;
use crate::model::{Deployment, kinds};

/// What Get-CsUser was asked for.
#[derive(Debug, Default)]
pub struct Query {
    pub identity: Option<String>,
    pub filter: Option<Filter>,
    pub ldap: Option<Ldap>,
    pub ou: Option<String>,
    pub result_size: Option<usize>,
    /// `-UnassignedUser`: enabled for Lync but homed nowhere (no pool, not online).
    pub unassigned: bool,
}

/// The Lync-enabled users a query selects, in directory order.
pub fn select(d: &Deployment, q: &Query) -> Result<Vec<usize>, UserError> {
    let base: Vec<usize> = match &q.identity {
        Some(id) => {
            let found: Vec<usize> = d
                .find_users(id)
                .into_iter()
                .filter(|&p| d.users.get(p).is_some_and(User::is_lync_enabled))
                .collect();
            if found.is_empty() {
                return Err(UserError::NotFound {
                    identity: id.clone(),
                });
            }
            found
        }
        None => match &q.ou {
            Some(ou) => d.users.in_organizational_unit(ou),
            None => (0..d.users.len()).collect(),
        },
    };
    let mut out = Vec::new();
    let limit = q.result_size.unwrap_or(usize::MAX);
    for p in base {
        if out.len() >= limit {
            break;
        }
        let Some(u) = d.users.get(p) else { continue };
        if !u.is_lync_enabled() {
            continue;
        }
        if q.identity.is_some()
            && let Some(ou) = &q.ou
            && !d.users.in_organizational_unit(ou).contains(&p)
        {
            continue;
        }
        if q.unassigned && (u.registrar_pool.is_some() || !u.is_on_premises()) {
            continue;
        }
        let get = |name: &str| user_property(d, u, name);
        if let Some(f) = &q.filter
            && !f.matches(&get)
        {
            continue;
        }
        if let Some(f) = &q.ldap {
            let get = |name: &str| ldap_attribute(d, u, name);
            if !f.matches(&get) {
                continue;
            }
        }
        out.push(p);
    }
    Ok(out)
}

/// Exactly one Lync-enabled user for `-Identity`.
pub fn resolve_one(d: &Deployment, identity: &str) -> Result<usize, UserError> {
    Ok(d.resolve_lync_user(identity)?)
}

/// [`resolve_one`] with a guess: when `identity` is the distinguished name of the user at
/// `hint`, that position is the answer without an index lookup. Get-CsUser writes users in
/// directory order, so a piped Move-CsUser guesses right every time (the bulk path).
pub fn resolve_with_hint(d: &Deployment, identity: &str, hint: usize) -> Result<usize, UserError> {
    if let Some(u) = d.users.get(hint)
        && u.is_lync_enabled()
        && identity.len() == u.identity.len()
        && identity.eq_ignore_ascii_case(&u.identity)
    {
        return Ok(hint);
    }
    resolve_one(d, identity)
}

/// Lync's `HomeServer` of a user homed on a pool: the pool's service DN in the configuration
/// partition, `CN=Lc Services,CN=Microsoft,CN=<site id>:<pool number>,CN=Pools,…` (≈ the form
/// Lync 2013 prints; the numbering is ours).
pub fn home_server(d: &Deployment, u: &User) -> Option<String> {
    let pool = u.registrar_pool.as_deref()?;
    let index = d
        .topology
        .pools
        .iter()
        .position(|p| p.fqdn.eq_ignore_ascii_case(pool))?;
    let site = d.topology.site_of_pool(pool).map_or(1, |s| s.site_id);
    Some(format!(
        "CN=Lc Services,CN=Microsoft,CN={}:{},CN=Pools,CN=RTC Service,CN=Services,CN=Configuration,{}",
        site,
        index + 1,
        d.organization.domain_dn()
    ))
}

fn bool_text(b: bool) -> Option<String> {
    Some(if b { "True" } else { "False" }.to_string())
}

/// A Get-CsUser property by name (case-insensitive), as text; `None` is `$null`.
pub fn user_property(d: &Deployment, u: &User, name: &str) -> Option<String> {
    let n = name.to_ascii_lowercase();
    match n.as_str() {
        "identity" | "distinguishedname" => Some(u.identity.clone()),
        "displayname" | "name" => Some(u.display_name.clone()),
        "sipaddress" => u.sip_address.clone(),
        "samaccountname" => Some(u.sam_account_name.clone()),
        "userprincipalname" => Some(u.user_principal_name.clone()),
        "registrarpool" => u.registrar_pool.clone(),
        "hostingprovider" => Some(u.hosting_provider.clone()),
        "enabled" => bool_text(u.enabled),
        "lineuri" => u.line_uri.clone(),
        "enterprisevoiceenabled" => bool_text(u.enterprise_voice_enabled),
        "exumenabled" => bool_text(u.ex_um_enabled),
        "homeserver" => home_server(d, u),
        "department" => u.department.clone(),
        "title" => u.title.clone(),
        "city" | "l" => u.city.clone(),
        "exchangearchivingpolicy" => Some(
            u.policy("ExchangeArchivingPolicy")
                .unwrap_or("Uninitialized")
                .to_string(),
        ),
        _ => USER_POLICY_KINDS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(name))
            .and_then(|k| u.policy(k).map(str::to_string)),
    }
}

/// True when `name` is a property -Filter can test (every Get-CsUser property and the AD
/// attributes the model keeps).
pub fn is_user_property(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "Identity",
        "DistinguishedName",
        "DisplayName",
        "Name",
        "SipAddress",
        "SamAccountName",
        "UserPrincipalName",
        "RegistrarPool",
        "HostingProvider",
        "Enabled",
        "LineURI",
        "EnterpriseVoiceEnabled",
        "ExUmEnabled",
        "HomeServer",
        "Department",
        "Title",
        "City",
    ];
    NAMES
        .iter()
        .chain(USER_POLICY_KINDS)
        .any(|n| n.eq_ignore_ascii_case(name))
}

/// An AD attribute by its LDAP name (case-insensitive), for `-LdapFilter`.
pub fn ldap_attribute(d: &Deployment, u: &User, name: &str) -> Option<String> {
    match name.to_ascii_lowercase().as_str() {
        "cn" | "name" | "displayname" => Some(u.display_name.clone()),
        "samaccountname" => Some(u.sam_account_name.clone()),
        "userprincipalname" => Some(u.user_principal_name.clone()),
        "distinguishedname" => Some(u.identity.clone()),
        "title" => u.title.clone(),
        "department" => u.department.clone(),
        "l" => u.city.clone(),
        "msrtcsip-primaryuseraddress" => u.sip_address.clone(),
        "msrtcsip-userenabled" => Some(if u.enabled { "TRUE" } else { "FALSE" }.to_string()),
        "msrtcsip-line" => u.line_uri.clone(),
        "msrtcsip-primaryhomeserver" => home_server(d, u),
        "objectclass" | "objectcategory" => Some("user".into()),
        _ => None,
    }
}

/// The changes Set-CsUser can make (each `None` = leave as is).
#[derive(Debug, Default, Clone)]
pub struct UserChanges {
    pub enabled: Option<bool>,
    pub sip_address: Option<String>,
    /// `Some(None)` clears the Line URI.
    pub line_uri: Option<Option<String>>,
    pub enterprise_voice_enabled: Option<bool>,
    pub exchange_archiving_policy: Option<String>,
}

/// Normalizes a SIP address (`sip:` prefix required, one `@`, domain of the topology).
fn check_sip(d: &Deployment, sip: &str) -> Result<String, UserError> {
    let bad = || UserError::BadSip { sip: sip.into() };
    let rest = sip
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sip:"))
        .and_then(|_| sip.get(4..))
        .ok_or_else(bad)?;
    let (user, domain) = rest.split_once('@').ok_or_else(bad)?;
    if user.is_empty() || domain.is_empty() || domain.contains('@') || rest.contains(' ') {
        return Err(bad());
    }
    if d.topology.sip_domain(domain).is_none() {
        return Err(UserError::UnknownSipDomain {
            domain: domain.to_string(),
        });
    }
    Ok(format!("sip:{rest}"))
}

/// Applies Set-CsUser's changes to one user.
pub fn set_user(d: &mut Deployment, pos: usize, c: &UserChanges) -> Result<(), UserError> {
    let sip = match &c.sip_address {
        Some(s) => Some(check_sip(d, s)?),
        None => None,
    };
    if let Some(s) = &sip
        && let Some(other) = d.users.by_sip_address(s)
        && other != pos
    {
        return Err(UserError::DuplicateSip { sip: s.clone() });
    }
    let dn = d
        .users
        .get(pos)
        .map(|u| u.identity.clone())
        .unwrap_or_default();
    d.users
        .modify(pos, |u| {
            if let Some(e) = c.enabled {
                u.enabled = e;
            }
            if let Some(s) = &sip {
                u.sip_address = Some(s.clone());
            }
            if let Some(l) = &c.line_uri {
                u.line_uri = l.clone().filter(|s| !s.is_empty());
            }
            if let Some(ev) = c.enterprise_voice_enabled {
                u.enterprise_voice_enabled = ev;
            }
            if let Some(p) = &c.exchange_archiving_policy {
                let tag = (p != "Uninitialized").then_some(p.as_str());
                u.set_policy("ExchangeArchivingPolicy", tag);
            }
        })
        .map_err(|e| UserError::Model {
            message: e.to_string(),
            dn,
        })
}

/// How Enable-CsUser builds the SIP address (`-SipAddressType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SipAddressType {
    FirstLastName,
    EmailAddress,
    UserPrincipalName,
    SamAccountName,
    None,
}

/// What Enable-CsUser was asked for.
#[derive(Debug, Default, Clone)]
pub struct Enablement {
    pub registrar_pool: Option<String>,
    pub hosting_provider: Option<String>,
    pub sip_address: Option<String>,
    pub sip_address_type: Option<SipAddressType>,
    pub sip_domain: Option<String>,
}

/// The AD account an Enable-CsUser `-Identity` names (any account, enabled or not).
pub fn resolve_account(d: &Deployment, identity: &str) -> Result<usize, UserError> {
    Ok(d.resolve_user(identity)?)
}

/// Enables an AD account for Lync.
pub fn enable_user(d: &mut Deployment, pos: usize, e: &Enablement) -> Result<(), UserError> {
    let u = d.users.get(pos).ok_or(UserError::NotFound {
        identity: pos.to_string(),
    })?;
    let dn = u.identity.clone();
    if u.is_lync_enabled() {
        return Err(UserError::AlreadyEnabled { dn });
    }
    let (pool, provider) = match (&e.registrar_pool, &e.hosting_provider) {
        (Some(p), _) => {
            if !d.topology.is_registrar_pool(p) {
                return Err(UserError::NotRegistrar {
                    fqdn: p.clone(),
                    dn,
                });
            }
            (
                Some(canonical_pool(d, p)),
                ON_PREMISES_HOSTING_PROVIDER.to_string(),
            )
        }
        (None, Some(h)) => (None, h.to_ascii_lowercase()),
        (None, None) => return Err(UserError::NoHome),
    };
    let domain = match &e.sip_domain {
        Some(dom) => {
            if d.topology.sip_domain(dom).is_none() {
                return Err(UserError::UnknownSipDomain {
                    domain: dom.clone(),
                });
            }
            dom.clone()
        }
        None => d
            .topology
            .default_sip_domain()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| d.organization.ad_domain.clone()),
    };
    let sip = match (&e.sip_address, e.sip_address_type) {
        (Some(s), _) => check_sip(d, s)?,
        (None, Some(SipAddressType::FirstLastName)) => {
            let name: String = u
                .display_name
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            format!("sip:{}@{}", name.to_lowercase(), domain)
        }
        (None, Some(SipAddressType::SamAccountName)) => {
            format!("sip:{}@{}", u.sam_account_name.to_lowercase(), domain)
        }
        // EmailAddress has no e-mail attribute in the model: the UPN stands in for it.
        (None, Some(SipAddressType::UserPrincipalName | SipAddressType::EmailAddress))
        | (None, None) => {
            let local = u
                .user_principal_name
                .split('@')
                .next()
                .unwrap_or(&u.sam_account_name)
                .to_string();
            format!("sip:{}@{}", local, domain)
        }
        (None, Some(SipAddressType::None)) => {
            return Err(UserError::BadSip { sip: String::new() });
        }
    };
    if d.users.by_sip_address(&sip).is_some() {
        return Err(UserError::DuplicateSip { sip });
    }
    d.users
        .modify(pos, |u| {
            u.sip_address = Some(sip);
            u.registrar_pool = pool;
            u.hosting_provider = provider;
            u.enabled = true;
        })
        .map_err(|err| UserError::Model {
            message: err.to_string(),
            dn,
        })
}

/// Disables a user for Lync: SIP address, pool, hosting, voice settings and per-user policies
/// are removed; the AD account stays (Get-CsAdUser still sees it).
pub fn disable_user(d: &mut Deployment, pos: usize) -> Result<(), UserError> {
    let dn = d
        .users
        .get(pos)
        .map(|u| u.identity.clone())
        .unwrap_or_default();
    d.users
        .modify(pos, |u| {
            u.sip_address = None;
            u.registrar_pool = None;
            u.hosting_provider = ON_PREMISES_HOSTING_PROVIDER.to_string();
            u.line_uri = None;
            u.enterprise_voice_enabled = false;
            u.ex_um_enabled = false;
            u.policies.clear();
        })
        .map_err(|e| UserError::Model {
            message: e.to_string(),
            dn,
        })
}

fn canonical_pool(d: &Deployment, fqdn: &str) -> String {
    d.topology
        .pool(fqdn)
        .map_or_else(|| fqdn.to_string(), |p| p.fqdn.clone())
}

/// What Move-CsUser was asked for.
#[derive(Debug, Default, Clone)]
pub struct MoveRequest {
    pub target: String,
    /// The user name of `-Credential` (or of the fallback credential).
    pub credential_user: Option<String>,
    pub override_url: Option<String>,
    pub proxy_pool: Option<String>,
}

/// Where a move puts the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePlan {
    pub registrar_pool: Option<String>,
    pub hosting_provider: String,
    /// True when the move involves Lync Online (needs credentials).
    pub online: bool,
}

/// The kind of target a Move-CsUser `-Target` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetKind {
    Pool(String),
    /// A hosting provider, by Identity and ProxyFqdn.
    Provider {
        identity: String,
        proxy_fqdn: String,
    },
}

/// P3: the target is a Registrar pool or a hosting provider's ProxyFqdn.
pub fn target_kind(d: &Deployment, target: &str) -> Option<TargetKind> {
    if d.topology.is_registrar_pool(target) {
        return Some(TargetKind::Pool(canonical_pool(d, target)));
    }
    d.documents(kinds::HOSTING_PROVIDER)
        .iter()
        .find_map(|doc| match doc.get("ProxyFqdn") {
            Some(PropValue::Str(f)) if f.eq_ignore_ascii_case(target) => {
                Some(TargetKind::Provider {
                    identity: doc.identity.to_string(),
                    proxy_fqdn: f.clone(),
                })
            }
            _ => None,
        })
}

/// True when the move of `pos` to `target` involves Lync Online (to or from), so Move-CsUser
/// needs Office 365 credentials. `None` when the target is unknown.
pub fn needs_credential(d: &Deployment, pos: usize, target: &str) -> Option<bool> {
    let u = d.users.get(pos)?;
    match target_kind(d, target)? {
        TargetKind::Provider { .. } => Some(true),
        TargetKind::Pool(_) => Some(!u.is_on_premises()),
    }
}

fn doc_bool(doc: &crate::model::ConfigDocument, name: &str) -> bool {
    matches!(doc.get(name), Some(PropValue::Bool(true)))
}

/// Checks every precondition of a move (federation-model.md §4.3, P2–P9 in that order; P1 is
/// the binder's, P11 the confirmation gate's) and returns where the user goes.
pub fn plan_move(d: &Deployment, pos: usize, m: &MoveRequest) -> Result<MovePlan, UserError> {
    // P2: the caller resolved `pos` from -Identity; it must still be a Lync user.
    let u = d
        .users
        .get(pos)
        .filter(|u| u.is_lync_enabled())
        .ok_or_else(|| UserError::NotFound {
            identity: m.target.clone(),
        })?;
    let dn = u.identity.clone();
    // P3.
    let kind = target_kind(d, &m.target).ok_or_else(|| UserError::UnknownTarget {
        target: m.target.clone(),
        dn: dn.clone(),
    })?;
    match kind {
        TargetKind::Pool(pool) => {
            if u.is_on_premises()
                && u.registrar_pool
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&pool))
            {
                return Err(UserError::SamePool { target: pool, dn });
            }
            if !u.is_on_premises() {
                // Back from Lync Online (SFB move-users-from-the-cloud-to-on-premises): the
                // tenant and an admin credential are needed, no override URL.
                check_admin(d, m, &dn)?;
            }
            Ok(MovePlan {
                registrar_pool: Some(pool),
                hosting_provider: ON_PREMISES_HOSTING_PROVIDER.to_string(),
                online: !u.is_on_premises(),
            })
        }
        TargetKind::Provider {
            identity,
            proxy_fqdn,
        } => {
            if u.hosting_provider.eq_ignore_ascii_case(&proxy_fqdn) {
                return Err(UserError::SamePool {
                    target: proxy_fqdn,
                    dn,
                });
            }
            // P4.
            let doc = d
                .documents(kinds::HOSTING_PROVIDER)
                .iter()
                .find(|doc| doc.identity.to_string() == identity);
            let hybrid = doc.is_some_and(|doc| {
                doc_bool(doc, "Enabled")
                    && doc_bool(doc, "EnabledSharedAddressSpace")
                    && doc_bool(doc, "HostsOCSUsers")
            });
            if !hybrid {
                return Err(UserError::ProviderNotHybrid {
                    provider: identity,
                    dn,
                });
            }
            // P5.
            let autodiscover = doc.is_some_and(|doc| {
                matches!(doc.get("AutodiscoverUrl"), Some(PropValue::Str(s)) if !s.is_empty())
            });
            let override_url = m.override_url.as_deref().is_some_and(|s| !s.is_empty());
            // The override must name the tenant's remote PowerShell host, where the service
            // lives (`https://<ComputerName>/HostedMigration/hostedmigrationservice.svc`).
            if let Some(url) = m.override_url.as_deref().filter(|s| !s.is_empty()) {
                let host = url
                    .split_once("://")
                    .map_or(url, |(_, rest)| rest)
                    .split(['/', ':'])
                    .next()
                    .unwrap_or("");
                let known = d
                    .tenant
                    .as_ref()
                    .is_some_and(|t| t.admin_host.eq_ignore_ascii_case(host));
                if !known {
                    return Err(UserError::MigrationServiceUnreachable {
                        url: url.to_string(),
                        dn,
                    });
                }
            }
            if !autodiscover && !override_url {
                return Err(UserError::NoMigrationService {
                    provider: identity,
                    dn,
                });
            }
            if let Some(user) = &m.credential_user
                && !override_url
                && !user.to_ascii_lowercase().ends_with(".onmicrosoft.com")
            {
                return Err(UserError::OverrideUrlNeeded {
                    user: user.clone(),
                    dn,
                });
            }
            // P6.
            let edges: Vec<String> = d
                .topology
                .federation_edges()
                .map(|s| s.pool_fqdn.clone())
                .collect();
            match &m.proxy_pool {
                None if edges.len() > 1 => {
                    return Err(UserError::MultipleEdges { fqdns: edges, dn });
                }
                Some(p) if !d.topology.is_registrar_pool(p) => {
                    return Err(UserError::NotRegistrar {
                        fqdn: p.clone(),
                        dn,
                    });
                }
                _ => {}
            }
            // P7.
            let tenant = check_admin(d, m, &dn)?;
            // P8.
            let shared = tenant
                .configuration
                .get(
                    kinds::TENANT_FEDERATION_CONFIGURATION,
                    &crate::model::identity::Identity::Global,
                )
                .is_some_and(|doc| doc_bool(doc, "SharedSipAddressSpace"));
            if !shared {
                return Err(UserError::Fault { code: 510, dn });
            }
            // P9 (codes ours, docs/model.md decision 7).
            if !u.dir_synced {
                return Err(UserError::Fault { code: 507, dn });
            }
            if !u.online_licensed {
                return Err(UserError::Fault { code: 512, dn });
            }
            Ok(MovePlan {
                registrar_pool: None,
                hosting_provider: proxy_fqdn,
                online: true,
            })
        }
    }
}

/// P7: a tenant exists and the credential is one of its accounts.
fn check_admin<'a>(
    d: &'a Deployment,
    m: &MoveRequest,
    dn: &str,
) -> Result<&'a crate::model::tenant::Tenant, UserError> {
    let tenant = d
        .tenant
        .as_ref()
        .ok_or_else(|| UserError::NoTenant { dn: dn.into() })?;
    let user = m.credential_user.clone().unwrap_or_default();
    let domain = user.rsplit_once('@').map(|(_, dom)| dom).unwrap_or("");
    if !tenant.has_domain(domain) {
        return Err(UserError::NotTenantAdmin {
            user,
            dn: dn.into(),
        });
    }
    Ok(tenant)
}

/// Carries out a planned move (the fast path: no copy, no re-index).
pub fn apply_move(d: &mut Deployment, pos: usize, plan: &MovePlan) -> Result<(), UserError> {
    d.users
        .move_user(pos, plan.registrar_pool.as_deref(), &plan.hosting_provider)
        .map_err(|e| UserError::Model {
            message: e.to_string(),
            dn: String::new(),
        })
}

/// The tenant administrator Get-CsCredential falls back to without a terminal:
/// `admin@<initial domain>`.
pub fn tenant_admin(d: &Deployment) -> Option<String> {
    let t = d.tenant.as_ref()?;
    Some(format!("admin@{}", t.initial_domain()?.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ken(d: &Deployment) -> usize {
        d.resolve_lync_user("kenmyer@litwareinc.com")
            .unwrap_or(usize::MAX)
    }

    fn online_request() -> MoveRequest {
        MoveRequest {
            target: "sipfed.online.lync.com".into(),
            credential_user: Some("admin@litwareinc.onmicrosoft.com".into()),
            ..MoveRequest::default()
        }
    }

    fn add_provider(d: &mut Deployment, autodiscover: bool) {
        let mut doc = crate::model::federation::hosting_provider(
            "LyncOnline",
            "sipfed.online.lync.com",
            true,
        );
        doc.properties
            .insert("EnabledSharedAddressSpace".into(), PropValue::Bool(true));
        doc.properties
            .insert("HostsOCSUsers".into(), PropValue::Bool(true));
        if autodiscover {
            doc.properties.insert(
                "AutodiscoverUrl".into(),
                PropValue::str(
                    "https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root",
                ),
            );
        }
        let r = d.insert_document(kinds::HOSTING_PROVIDER, doc);
        assert!(r.is_ok());
    }

    fn share(d: &mut Deployment) {
        if let Some(t) = d.tenant.as_mut() {
            let r = t.configuration.update(
                kinds::TENANT_FEDERATION_CONFIGURATION,
                &crate::model::identity::Identity::Global,
                |doc| {
                    doc.properties
                        .insert("SharedSipAddressSpace".into(), PropValue::Bool(true));
                },
            );
            assert!(r.is_ok());
        }
    }

    #[test]
    fn preconditions_fail_in_order() {
        let mut d = Deployment::litware();
        let k = ken(&d);
        let r = plan_move(&d, k, &online_request());
        assert!(matches!(r, Err(UserError::UnknownTarget { .. })), "{r:?}");
        add_provider(&mut d, false);
        let r = plan_move(&d, k, &online_request());
        assert!(
            matches!(r, Err(UserError::NoMigrationService { .. })),
            "{r:?}"
        );
        let mut with_url = online_request();
        with_url.override_url = Some(
            "https://admin0a.online.lync.com/HostedMigration/hostedmigrationservice.svc".into(),
        );
        let r = plan_move(&d, k, &with_url);
        assert_eq!(
            r,
            Err(UserError::Fault {
                code: 510,
                dn: d
                    .users
                    .get(k)
                    .map(|u| u.identity.clone())
                    .unwrap_or_default()
            })
        );
        share(&mut d);
        let plan = plan_move(&d, k, &with_url);
        assert_eq!(
            plan,
            Ok(MovePlan {
                registrar_pool: None,
                hosting_provider: "sipfed.online.lync.com".into(),
                online: true
            })
        );
    }

    #[test]
    fn pool_moves_and_the_way_back() {
        let mut d = Deployment::litware();
        add_provider(&mut d, true);
        share(&mut d);
        let k = ken(&d);
        let same = plan_move(
            &d,
            k,
            &MoveRequest {
                target: "atl-cs-001.litwareinc.com".into(),
                ..MoveRequest::default()
            },
        );
        assert!(matches!(same, Err(UserError::SamePool { .. })));
        let plan = plan_move(&d, k, &online_request());
        assert!(plan.is_ok());
        if let Ok(p) = plan {
            assert!(apply_move(&mut d, k, &p).is_ok());
        }
        let back = plan_move(
            &d,
            k,
            &MoveRequest {
                target: "atl-cs-002.litwareinc.com".into(),
                credential_user: Some("admin@litwareinc.onmicrosoft.com".into()),
                ..MoveRequest::default()
            },
        );
        assert_eq!(
            back.map(|p| p.registrar_pool),
            Ok(Some("atl-cs-002.litwareinc.com".into()))
        );
    }

    #[test]
    fn hints_never_change_the_answer() {
        let d = Deployment::litware();
        let k = ken(&d);
        let dn = "cn=ken myer,ou=redmond,dc=litwareinc,dc=com";
        assert_eq!(resolve_with_hint(&d, dn, k), Ok(k));
        assert_eq!(resolve_with_hint(&d, dn, k + 1), Ok(k));
        assert_eq!(resolve_with_hint(&d, dn, usize::MAX), Ok(k));
        assert!(resolve_with_hint(&d, "CN=Nobody,DC=x", k).is_err());
    }

    #[test]
    fn queries() {
        let d = Deployment::litware();
        let q = Query {
            ldap: Ldap::parse("Title=Sales Representative"),
            ..Query::default()
        };
        assert!(!select(&d, &q).unwrap_or_default().is_empty());
        let q = Query {
            identity: Some("nobody@litwareinc.com".into()),
            ..Query::default()
        };
        assert!(matches!(select(&d, &q), Err(UserError::NotFound { .. })));
        let q = Query {
            filter: Filter::parse("EnterpriseVoiceEnabled -eq $true").ok(),
            ..Query::default()
        };
        assert_eq!(select(&d, &q).map(|v| v.len()), Ok(2));
    }
}
