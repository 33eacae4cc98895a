//! The users family's errors and every Lync text they print, in one place.
//!
//! Each variant carries what the user needs (identity, pool, code); [`UserError::info`] turns it
//! into the message, FullyQualifiedErrorId, category and exception Lync uses. Texts copied from a
//! real console cite their source; the others are marked "ours" and follow the format of the
//! nearest verified text (docs/model.md decisions 1 and 7).

use std::rc::Rc;

use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::interp::{Culture, Interp};
use crate::runtime::value::{PsObject, Value};

/// The type name Lync shows as a user's CategoryInfo TargetType (issue
/// office-docs-powershell#9465: `(CN=user05,…:OCSADUser)`).
pub const OCS_AD_USER: &str = "Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser";

/// A HostedMigration fault description by code and culture. Only English texts exist so far
/// (another issue localises them): every culture gets English until its texts are added here
/// (zh-TW and fr-FR translations of 510 are in seeds 000 and 002).
pub fn fault_description(code: u32, culture: Culture) -> &'static str {
    match (code, culture) {
        // ✔ SEED-000 (zh-TW documentation), verbatim.
        (510, Culture::ZhTw) => "為針對共用 sip 位址空間啟用此使用者的租用戶。",
        // ✔ SEED-002 (fr-FR documentation), verbatim (typographic apostrophes as published).
        (510, Culture::FrFr) => {
            "Le client de cet utilisateur n’est pas configuré pour l’espace d’adressage SIP partagé."
        }
        _ => fault_description_en(code),
    }
}

/// The HostedMigration fault line in a culture: the zh-TW documentation localises the
/// labels too (SEED-000: `HostedMigration 錯誤: 錯誤=(510)，描述=(…)`); the fr-FR one keeps
/// the English labels (SEED-002).
pub fn fault_message(code: u32, culture: Culture) -> String {
    let description = fault_description(code, culture);
    match culture {
        Culture::ZhTw => format!("HostedMigration 錯誤: 錯誤=({code})，描述=({description})"),
        _ => format!("HostedMigration fault: Error=({code}), Description=({description})"),
    }
}

/// English fault descriptions (other codes have no localised text yet).
fn fault_description_en(code: u32) -> &'static str {
    match code {
        // ✔ SEED-002 / federation-model.md §4.4 (ASCII apostrophe).
        510 => "This user's tenant is not enabled for shared sip address space.",
        // Ours (docs/model.md decision 7): invented code and text, until a capture appears.
        507 => "This user could not be found in the tenant.",
        // Ours (docs/model.md decision 7).
        512 => "This user is not licensed for Lync Online.",
        // Ours: never produced by the emulator; kept so every code prints something.
        _ => "The hosted migration service reported an unknown fault.",
    }
}

/// Everything that can go wrong in the users family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserError {
    /// `-Identity` matches no Lync-enabled user (or no AD account for Enable-CsUser).
    NotFound { identity: String },
    /// `-Identity` matches several users where one is needed.
    Ambiguous { identity: String, count: usize },
    /// A parameter the real cmdlet has and lyncshell does not model.
    Unmodelled { parameter: String },
    /// A -Filter text that cannot be parsed.
    BadFilter { filter: String, reason: String },
    /// A -LdapFilter text that cannot be parsed.
    BadLdapFilter { filter: String },
    /// Enable-CsUser on an account that is already enabled for Lync.
    AlreadyEnabled { dn: String },
    /// Enable-CsUser without a pool or hosting provider.
    NoHome,
    /// A pool FQDN that is not a Registrar pool of the topology.
    NotRegistrar { fqdn: String, dn: String },
    /// Enable-CsUser / Set-CsUser with a SIP address another user has.
    DuplicateSip { sip: String },
    /// A SIP address without `sip:` or `@`.
    BadSip { sip: String },
    /// A SIP domain that is not one of the topology's.
    UnknownSipDomain { domain: String },
    /// Move-CsUser to a target that is neither a Registrar pool nor a hosting provider.
    UnknownTarget { target: String, dn: String },
    /// Move-CsUser to the pool the user is already homed on.
    SamePool { target: String, dn: String },
    /// The hosting provider is not a Lync-hosting, shared-address-space provider (P4).
    ProviderNotHybrid { provider: String, dn: String },
    /// No AutodiscoverUrl and no -HostedMigrationOverrideUrl (P5).
    NoMigrationService { provider: String, dn: String },
    /// -HostedMigrationOverrideUrl names a host that is not the tenant's.
    MigrationServiceUnreachable { url: String, dn: String },
    /// The admin account is not an `.onmicrosoft.com` one and no override URL is given (P5).
    OverrideUrlNeeded { user: String, dn: String },
    /// Several federation Edge pools and no -ProxyPool (P6).
    MultipleEdges { fqdns: Vec<String>, dn: String },
    /// The deployment has no Office 365 tenant to move to.
    NoTenant { dn: String },
    /// The credential is not an account of the tenant (P7).
    NotTenantAdmin { user: String, dn: String },
    /// A HostedMigration fault (510, 507, 512).
    Fault { code: u32, dn: String },
    /// A change the model refused (duplicate key…).
    Model { message: String, dn: String },
}

impl UserError {
    /// The error as PowerShell reports it.
    pub fn info(&self) -> ErrorInfo {
        self.info_for(Culture::EnUs)
    }

    /// The error in a culture (only HostedMigration fault descriptions are localised).
    pub fn info_for(&self, culture: Culture) -> ErrorInfo {
        use UserError::*;
        match self {
            // ≈ Lync's wording for an unknown -Identity (seen in forum transcripts, not in a
            // verified capture); category and id follow the same transcripts.
            NotFound { identity } => ErrorInfo::new(
                format!("Management object not found for identity \"{identity}\"."),
                "Identity",
                ErrorCategory::InvalidData,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(identity)),
            // Ours.
            Ambiguous { identity, count } => ErrorInfo::new(
                format!(
                    "The identity \"{identity}\" matches {count} users. Specify a SIP address, user principal name or distinguished name that identifies one user."
                ),
                "Identity",
                ErrorCategory::InvalidArgument,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(identity)),
            // Ours (STYLE §2: an unmodelled parameter fails loudly).
            Unmodelled { parameter } => ErrorInfo::new(
                format!(
                    "The parameter '{parameter}' is accepted by the real cmdlet but not modelled by lyncshell; nothing was read or changed."
                ),
                "NotEmulated",
                ErrorCategory::NotImplemented,
            )
            .exception("lyncshell.NotEmulatedException"),
            // Ours.
            BadFilter { filter, reason } => ErrorInfo::new(
                format!("Cannot parse the filter \"{filter}\": {reason}"),
                "InvalidFilter",
                ErrorCategory::InvalidArgument,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(filter)),
            // Ours, after the Active Directory message for a malformed LDAP filter.
            BadLdapFilter { filter } => ErrorInfo::new(
                format!("The LDAP search filter \"{filter}\" is invalid."),
                "InvalidLdapFilter",
                ErrorCategory::InvalidArgument,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(filter)),
            // Ours.
            AlreadyEnabled { dn } => ErrorInfo::new(
                format!("User \"{dn}\" is already enabled for Lync Server."),
                "UserAlreadyEnabled",
                ErrorCategory::InvalidOperation,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(user_target(dn)),
            // Ours.
            NoHome => ErrorInfo::new(
                "Specify either the RegistrarPool or the HostingProviderProxyFqdn parameter.",
                "NoRegistrarPool",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.ArgumentException"),
            // Ours.
            NotRegistrar { fqdn, dn } => ErrorInfo::new(
                format!("\"{fqdn}\" is not a Registrar pool in the current topology."),
                "InvalidPool",
                ErrorCategory::InvalidArgument,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(user_target(dn)),
            // Ours.
            DuplicateSip { sip } => ErrorInfo::new(
                format!("The SIP address \"{sip}\" is already assigned to another user."),
                "DuplicateSipAddress",
                ErrorCategory::ResourceExists,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(sip)),
            // Ours.
            BadSip { sip } => ErrorInfo::new(
                format!(
                    "\"{sip}\" is not a valid SIP address. A SIP address has the form sip:user@domain."
                ),
                "InvalidSipAddress",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.ArgumentException")
            .target(Value::str(sip)),
            // Ours.
            UnknownSipDomain { domain } => ErrorInfo::new(
                format!("\"{domain}\" is not a SIP domain of the current topology."),
                "InvalidSipDomain",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.ArgumentException")
            .target(Value::str(domain)),
            // Ours.
            UnknownTarget { target, dn } => move_error(
                format!(
                    "\"{target}\" is neither a Registrar pool of the current topology nor the ProxyFqdn of a hosting provider."
                ),
                dn,
            ),
            // Ours.
            SamePool { target, dn } => move_error(
                format!("The user is already homed on \"{target}\"."),
                dn,
            ),
            // Ours.
            ProviderNotHybrid { provider, dn } => move_error(
                format!(
                    "Hosting provider \"{provider}\" must be enabled, host Lync users (HostsOCSUsers) and share the SIP address space (EnabledSharedAddressSpace) before users can be moved to it."
                ),
                dn,
            ),
            // Ours.
            NoMigrationService { provider, dn } => move_error(
                format!(
                    "The hosted migration service cannot be located: hosting provider \"{provider}\" has no AutodiscoverUrl. Set it, or use the HostedMigrationOverrideUrl parameter."
                ),
                dn,
            ),
            // Ours.
            MigrationServiceUnreachable { url, dn } => move_error(
                format!("The hosted migration service at \"{url}\" cannot be reached."),
                dn,
            ),
            // Ours.
            OverrideUrlNeeded { user, dn } => move_error(
                format!(
                    "The administrator account \"{user}\" is not an .onmicrosoft.com account; specify the HostedMigrationOverrideUrl parameter (https://<admin host>/HostedMigration/hostedmigrationservice.svc)."
                ),
                dn,
            ),
            // ✔ issue office-docs-powershell#9465 (federation-model.md §5.2–5.3): no space
            // between the colon and the quoted list.
            MultipleEdges { fqdns, dn } => move_error(
                format!(
                    "Multiple federated Edge Servers have been defined in the current topology. Specify the ProxyPool parameter to indicate which Registrar pool should be used to proxy this user for deployments running earlier versions. Edge Server FQDNs found:\"{}\"",
                    fqdns.join(", ")
                ),
                dn,
            ),
            // Ours.
            NoTenant { dn } => move_error(
                "This deployment has no Office 365 tenant, so the hosted migration service cannot be reached.".to_string(),
                dn,
            ),
            // Ours.
            NotTenantAdmin { user, dn } => move_error(
                format!(
                    "The credentials of \"{user}\" are not those of an administrator of the tenant."
                ),
                dn,
            ),
            // ✔ format: SEED-002 (`HostedMigration fault: Error=(510), Description=(…)`);
            // category, reason and id ≈ federation-model.md §5.3 (same cmdlet, same path).
            Fault { code, dn } => move_error(fault_message(*code, culture), dn),
            // Ours.
            Model { message, dn } => ErrorInfo::new(
                message.clone(),
                "ModelRefused",
                ErrorCategory::InvalidOperation,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(user_target(dn)),
        }
    }

    /// The error record written by the running cmdlet.
    pub fn record(&self, it: &Interp) -> ErrorRecord {
        record(it, self.info_for(it.culture))
    }
}

/// Move-CsUser's errors share category, reason and id (✔ issue #9465, §5.3).
fn move_error(message: String, dn: &str) -> ErrorInfo {
    ErrorInfo::new(message, "MoveError", ErrorCategory::InvalidOperation)
        .exception("Microsoft.Rtc.Management.AD.Cmdlets.MoveUserException")
        .target(user_target(dn))
}

/// A CategoryInfo target that prints as `(<DN>:OCSADUser)`.
pub fn user_target(dn: &str) -> Value {
    Value::object(PsObject {
        type_names: vec![Rc::from(OCS_AD_USER), Rc::from("System.Object")],
        to_string: Some(Rc::from(dn)),
        ..PsObject::default()
    })
}

/// An error record attributed to the running cmdlet (name, position, FQEID class).
pub fn record(it: &Interp, info: ErrorInfo) -> ErrorRecord {
    let mut rec = ErrorRecord::new(info);
    if let Some(f) = it.frames.last() {
        rec.command = Some(f.command.clone());
        rec.activity = f.command.clone();
        rec.position = f.position.clone();
        rec.class_name = crate::cmdlets::lookup(&f.command)
            .map(crate::runtime::host_commands::class_name)
            .or_else(|| Some("lyncshell".into()));
    }
    rec
}

impl From<crate::model::Error> for UserError {
    fn from(e: crate::model::Error) -> UserError {
        match e {
            crate::model::Error::UserNotFound { identity } => UserError::NotFound { identity },
            crate::model::Error::AmbiguousUser { identity, count } => {
                UserError::Ambiguous { identity, count }
            }
            other => UserError::Model {
                message: other.to_string(),
                dn: String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_510_is_the_verified_text() {
        let e = UserError::Fault {
            code: 510,
            dn: "CN=Ken Myer,OU=Redmond,DC=litwareinc,DC=com".into(),
        };
        let info = e.info();
        assert_eq!(
            info.message,
            "HostedMigration fault: Error=(510), Description=(This user's tenant is not enabled for shared sip address space.)"
        );
        assert_eq!(info.error_id, "MoveError");
        assert_eq!(info.category, ErrorCategory::InvalidOperation);
    }

    #[test]
    fn multiple_edges_lists_fqdns_without_a_space_before_the_quote() {
        let e = UserError::MultipleEdges {
            fqdns: vec!["a.x".into(), "b.x".into()],
            dn: "CN=x".into(),
        };
        assert!(
            e.info()
                .message
                .ends_with("Edge Server FQDNs found:\"a.x, b.x\"")
        );
    }
}
