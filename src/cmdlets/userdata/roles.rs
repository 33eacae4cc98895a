//! RBAC roles: Get/New/Remove/Update-CsAdminRole and Get-CsAdminRoleAssignment.
//!
//! The eleven built-in Lync Server 2013 roles are fixed; their cmdlet lists are derived from
//! the catalog by the rule each role's purpose implies (≈: Lync's exact lists are longer
//! hand-made tables). Custom roles (New-CsAdminRole -Template) copy a built-in role's cmdlets
//! and add user (OU) and configuration (site) scopes; they live in `model::actions`.

use super::super::synthetic::{R, identity_or_input, list_param, object, write_error};
use crate::cmdlets::users::cmdlets::text;
use crate::cmdlets::{CmdletSpec, Module, all, wildcard_match};
use crate::model::Deployment;
use crate::model::actions::CustomRole;
use crate::runtime::binder::Bound;
use crate::runtime::commands::CmdletBody;
use crate::runtime::errors::ErrorCategory;
use crate::runtime::interp::Interp;
use crate::runtime::pipeline::Sink;
use crate::runtime::should_process::should_process;
use crate::runtime::value::Value;

/// ≈ no capture of the role object's type name was found.
const ROLE_TYPE: &str = "Microsoft.Rtc.Management.Xds.AccessControl.Role";

/// The built-in roles in Lync's listing order, with the RID part of their (lab) SIDs.
pub const STANDARD_ROLES: &[&str] = &[
    "CsAdministrator",
    "CsUserAdministrator",
    "CsVoiceAdministrator",
    "CsServerAdministrator",
    "CsViewOnlyAdministrator",
    "CsHelpDesk",
    "CsArchivingAdministrator",
    "CsResponseGroupAdministrator",
    "CsLocationAdministrator",
    "CsPersistentChatAdministrator",
    "CsResponseGroupManager",
];

const VOICE_WORDS: &[&str] = &[
    "Voice",
    "DialPlan",
    "Pstn",
    "Trunk",
    "Route",
    "Normalization",
    "Translation",
    "CallPark",
    "UnassignedNumber",
    "Announcement",
    "DialInConferencing",
    "Gateway",
    "AnalogDevice",
    "CommonAreaPhone",
    "Location",
    "Lis",
    "NetworkRegion",
    "NetworkSite",
    "NetworkSubnet",
    "Bandwidth",
    "Emergency",
];

fn reads(c: &CmdletSpec) -> bool {
    c.verb == "Get" || c.verb == "Test" || c.verb == "Search" || c.verb == "Show"
}

fn noun_has(c: &CmdletSpec, words: &[&str]) -> bool {
    words.iter().any(|w| c.noun.contains(w))
}

/// Whether a built-in role may run a cmdlet.
fn allows(role: &str, c: &CmdletSpec) -> bool {
    match role {
        "CsAdministrator" => true,
        "CsViewOnlyAdministrator" => c.verb == "Get",
        "CsHelpDesk" => reads(c) || matches!(c.noun, "CsClientPin") || c.name == "Move-CsUser",
        "CsUserAdministrator" => {
            reads(c)
                || c.verb == "Grant"
                || matches!(
                    c.noun,
                    "CsUser" | "CsClientPin" | "CsUserAcp" | "CsAnalogDevice" | "CsCommonAreaPhone"
                )
        }
        "CsVoiceAdministrator" => reads(c) || noun_has(c, VOICE_WORDS),
        "CsServerAdministrator" => {
            reads(c)
                || noun_has(
                    c,
                    &[
                        "Service",
                        "Computer",
                        "Cls",
                        "Pool",
                        "Certificate",
                        "Replication",
                        "Management",
                    ],
                )
                || matches!(
                    c.verb,
                    "Start" | "Stop" | "Enable" | "Disable" | "Invoke" | "Sync"
                )
        }
        "CsArchivingAdministrator" => reads(c) || noun_has(c, &["Archiving"]),
        "CsResponseGroupAdministrator" => reads(c) || noun_has(c, &["Rgs"]),
        "CsResponseGroupManager" => c.noun.starts_with("CsRgs") && matches!(c.verb, "Get" | "Set"),
        "CsLocationAdministrator" => reads(c) || noun_has(c, &["Lis", "Location"]),
        "CsPersistentChatAdministrator" => reads(c) || noun_has(c, &["PersistentChat"]),
        _ => false,
    }
}

fn cmdlets_of(role: &str) -> Vec<Value> {
    all()
        .filter(|c| c.module == Module::Lync && allows(role, c))
        .map(|c| Value::str(c.name))
        .collect()
}

fn sid(rid: usize) -> String {
    format!("S-1-5-21-3389412961-1826435236-3125584103-{}", 1100 + rid)
}

fn strs(items: &[String]) -> Value {
    Value::array(items.iter().map(|s| Value::str(s)).collect())
}

fn standard(i: usize, name: &str) -> Value {
    role_object(name, &sid(i), true, cmdlets_of(name), &[], &[])
}

fn custom(r: &CustomRole) -> Value {
    role_object(
        &r.identity,
        &r.sid,
        false,
        cmdlets_of(&r.template),
        &r.config_scopes,
        &r.user_scopes,
    )
}

fn role_object(
    name: &str,
    sid: &str,
    standard: bool,
    cmdlets: Vec<Value>,
    config: &[String],
    user: &[String],
) -> Value {
    object(
        ROLE_TYPE,
        Some(name),
        vec![
            ("Identity", Value::str(name)),
            ("SID", Value::str(sid)),
            ("IsStandardRole", Value::Bool(standard)),
            ("Cmdlets", Value::array(cmdlets)),
            ("ConfigScopes", strs(config)),
            ("UserScopes", strs(user)),
            ("ScriptModules", Value::array(Vec::new())),
        ],
    )
}

/// Every role as (name, object), built-ins first.
fn roles(d: &Deployment) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = STANDARD_ROLES
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), standard(i, n)))
        .collect();
    out.extend(
        d.actions
            .custom_roles
            .iter()
            .map(|r| (r.identity.clone(), custom(r))),
    );
    out
}

fn not_found(it: &mut Interp, id: &str) -> R<()> {
    write_error(
        it,
        "RoleNotFound",
        ErrorCategory::ObjectNotFound,
        format!("Cannot find the RBAC role \"{id}\"."),
        Some(id),
    )
}

#[derive(Default)]
pub struct GetCsAdminRole;

impl CmdletBody for GetCsAdminRole {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let id = text(b, "Identity");
        let filter = text(b, "Filter");
        let found: Vec<Value> = roles(&it.deployment)
            .into_iter()
            .filter(|(n, _)| match (&id, &filter) {
                (Some(i), _) => n.eq_ignore_ascii_case(i.trim()),
                (None, Some(f)) => wildcard_match(f, n),
                _ => true,
            })
            .map(|(_, v)| v)
            .collect();
        if found.is_empty()
            && let Some(i) = id
        {
            return not_found(it, &i);
        }
        for v in found {
            out.push(it, v)?;
        }
        Ok(())
    }
}

#[derive(Default)]
pub struct NewCsAdminRole;

impl CmdletBody for NewCsAdminRole {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        let id = text(b, "Identity").unwrap_or_default().trim().to_string();
        let template = text(b, "Template").unwrap_or_default();
        let Some(template) = STANDARD_ROLES
            .iter()
            .find(|r| r.eq_ignore_ascii_case(template.trim()))
        else {
            return write_error(
                it,
                "InvalidTemplate",
                ErrorCategory::InvalidArgument,
                format!(
                    "\"{template}\" is not a standard RBAC role; -Template must name one of {}.",
                    STANDARD_ROLES.join(", ")
                ),
                Some(&template),
            );
        };
        let d = &it.deployment;
        if roles(d).iter().any(|(n, _)| n.eq_ignore_ascii_case(&id)) {
            return write_error(
                it,
                "RoleExists",
                ErrorCategory::ResourceExists,
                format!("Cannot create the RBAC role \"{id}\" because it already exists."),
                Some(&id),
            );
        }
        let user_scopes = list_param(b, "UserScopes");
        let config_scopes = list_param(b, "ConfigScopes");
        for s in &user_scopes {
            if !s.to_ascii_lowercase().starts_with("ou:") {
                return bad_scope(it, s, "user scopes have the form OU:<distinguished name>");
            }
        }
        for s in &config_scopes {
            let site = s
                .get(..5)
                .filter(|p| p.eq_ignore_ascii_case("site:"))
                .and_then(|_| s.get(5..));
            match site {
                Some(name) if d.topology.site(name).is_some() => {}
                _ => {
                    return bad_scope(
                        it,
                        s,
                        "configuration scopes name a site of the topology (site:<Name>)",
                    );
                }
            }
        }
        if !should_process(it, b, "New-CsAdminRole", &id)? {
            return Ok(());
        }
        let rid = STANDARD_ROLES.len() + it.deployment.actions.custom_roles.len() + 100;
        let role = CustomRole {
            identity: id,
            template: (*template).to_string(),
            user_scopes,
            config_scopes,
            sid: sid(rid),
        };
        let v = custom(&role);
        it.deployment.actions.custom_roles.push(role);
        out.push(it, v)
    }
}

fn bad_scope(it: &mut Interp, scope: &str, why: &str) -> R<()> {
    write_error(
        it,
        "InvalidScope",
        ErrorCategory::InvalidArgument,
        format!("\"{scope}\" is not a valid scope: {why}."),
        Some(scope),
    )
}

#[derive(Default)]
pub struct RemoveCsAdminRole;

impl CmdletBody for RemoveCsAdminRole {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let id = identity_or_input(b, "Identity", input);
        let filter = text(b, "Filter");
        let names: Vec<String> = roles(&it.deployment)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| match (&id, &filter) {
                (Some(i), _) => n.eq_ignore_ascii_case(i.trim()),
                (None, Some(f)) => wildcard_match(f, n),
                _ => false,
            })
            .collect();
        if names.is_empty()
            && let Some(i) = &id
        {
            return not_found(it, i);
        }
        for n in names {
            if STANDARD_ROLES.iter().any(|r| r.eq_ignore_ascii_case(&n)) {
                write_error(
                    it,
                    "StandardRoleNotRemovable",
                    ErrorCategory::InvalidOperation,
                    format!("The standard RBAC role \"{n}\" cannot be removed."),
                    Some(&n),
                )?;
                continue;
            }
            if should_process(it, b, "Remove-CsAdminRole", &n)? {
                it.deployment
                    .actions
                    .custom_roles
                    .retain(|r| !r.identity.eq_ignore_ascii_case(&n));
            }
        }
        Ok(())
    }
}

/// Update-CsAdminRole: brings custom roles in line with their templates' cmdlet lists. Their
/// lists are derived from the template whenever read, so there is nothing stale to rewrite;
/// the cmdlet checks that every template still exists.
#[derive(Default)]
pub struct UpdateCsAdminRole;

impl CmdletBody for UpdateCsAdminRole {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let stale: Vec<String> = it
            .deployment
            .actions
            .custom_roles
            .iter()
            .filter(|r| !STANDARD_ROLES.contains(&r.template.as_str()))
            .map(|r| r.identity.clone())
            .collect();
        for r in stale {
            write_error(
                it,
                "TemplateMissing",
                ErrorCategory::InvalidData,
                format!("The template of the RBAC role \"{r}\" no longer exists."),
                Some(&r),
            )?;
        }
        let _ = b;
        Ok(())
    }
}

/// Get-CsAdminRoleAssignment: the roles a user holds through membership of the roles'
/// universal security groups. The lab's directory puts no user in those groups, so every
/// existing user holds none; an unknown user is an error.
#[derive(Default)]
pub struct GetCsAdminRoleAssignment;

impl CmdletBody for GetCsAdminRoleAssignment {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        input: Option<&Value>,
        _out: &mut dyn Sink,
    ) -> R<()> {
        let id = identity_or_input(b, "Identity", input).unwrap_or_default();
        let d = &it.deployment;
        let mut found = d.find_users(&id);
        if found.is_empty() {
            found = d
                .users
                .iter()
                .enumerate()
                .filter(|(_, u)| u.sam_account_name.eq_ignore_ascii_case(id.trim()))
                .map(|(i, _)| i)
                .collect();
        }
        if found.is_empty() {
            return write_error(
                it,
                "UserNotFound",
                ErrorCategory::ObjectNotFound,
                format!("Management object not found for identity \"{id}\"."),
                Some(&id),
            );
        }
        Ok(())
    }
}
