//! Errors of the generic configuration and policy cmdlets, and their PowerShell records.
//!
//! No capture of these Lync texts exists (federation-model.md §7.1); every message below is
//! **ours**, following §7.1's suggestion: category ResourceExists / ObjectNotFound /
//! InvalidOperation / InvalidArgument, FQEID `<Reason>,<cmdlet class>`, a message naming the
//! object type and the Identity. Only `Management object not found for identity "…".` and the
//! Global-reset warning prefix come from real Lync output (§5.2); both are marked below.

use crate::model::identity::Identity;
use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::value::Value;

/// What went wrong, with what a user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GenericError {
    /// Ours.
    #[error("Cannot create {kind} \"{identity}\" because it already exists.")]
    Exists { kind: String, identity: Identity },
    /// Ours.
    #[error("Cannot find {kind} \"{identity}\" because it does not exist.")]
    NotFound { kind: String, identity: Identity },
    /// Ours.
    #[error("\"{identity}\" is not a valid Identity for {kind}: use {allowed}.")]
    BadScope {
        kind: String,
        identity: String,
        allowed: &'static str,
    },
    /// Ours.
    #[error("Cannot parse Identity \"{text}\": {reason}.")]
    BadIdentity { text: String, reason: String },
    /// Ours.
    #[error(
        "Cannot find {kind} \"Tag:{name}\": grant a policy that exists at the per-user (tag) scope."
    )]
    PolicyNotFound { kind: String, name: String },
    /// Ours (the rule is documented, TechNet dn362781; the text is not).
    #[error(
        "The Global {kind} cannot be granted; it applies to every user without an assigned policy. Use -PolicyName $null to remove an assignment."
    )]
    GrantGlobal { kind: String },
    /// The text Lync prints for an unknown user (≈, seen in Lync forum captures).
    #[error("Management object not found for identity \"{identity}\".")]
    UserNotFound { identity: String },
    /// Ours.
    #[error(
        "The identity \"{identity}\" matches {count} users; use the SIP address or the distinguished name."
    )]
    AmbiguousUser { identity: String, count: usize },
    /// lyncshell's own: a parameter whose behaviour is not modelled.
    #[error(
        "The parameter '{parameter}' of {cmdlet} is not emulated by lyncshell; nothing was read or changed."
    )]
    Unmodelled {
        cmdlet: String,
        parameter: &'static str,
    },
}

impl GenericError {
    fn id(&self) -> &'static str {
        match self {
            GenericError::Exists { .. } => "DocumentExists",
            GenericError::NotFound { .. } => "DocumentNotFound",
            GenericError::BadScope { .. } => "InvalidScope",
            GenericError::BadIdentity { .. } => "InvalidIdentity",
            GenericError::PolicyNotFound { .. } => "PolicyNotFound",
            GenericError::GrantGlobal { .. } => "GlobalPolicyNotGrantable",
            GenericError::UserNotFound { .. } => "UserNotFound",
            GenericError::AmbiguousUser { .. } => "AmbiguousUser",
            GenericError::Unmodelled { .. } => "NotEmulated",
        }
    }

    fn category(&self) -> ErrorCategory {
        match self {
            GenericError::Exists { .. } => ErrorCategory::ResourceExists,
            GenericError::NotFound { .. }
            | GenericError::PolicyNotFound { .. }
            | GenericError::UserNotFound { .. } => ErrorCategory::ObjectNotFound,
            GenericError::BadScope { .. }
            | GenericError::BadIdentity { .. }
            | GenericError::AmbiguousUser { .. } => ErrorCategory::InvalidArgument,
            GenericError::GrantGlobal { .. } => ErrorCategory::InvalidOperation,
            GenericError::Unmodelled { .. } => ErrorCategory::NotImplemented,
        }
    }

    fn exception(&self) -> &'static str {
        match self {
            GenericError::Unmodelled { .. } => "lyncshell.NotEmulatedException",
            GenericError::UserNotFound { .. } => "Microsoft.Rtc.Management.AD.ManagementException",
            _ => "System.InvalidOperationException",
        }
    }

    fn target(&self) -> Option<String> {
        match self {
            GenericError::Exists { identity, .. } | GenericError::NotFound { identity, .. } => {
                Some(identity.to_string())
            }
            GenericError::BadScope { identity, .. } => Some(identity.clone()),
            GenericError::BadIdentity { text, .. } => Some(text.clone()),
            GenericError::PolicyNotFound { name, .. } => Some(name.clone()),
            GenericError::UserNotFound { identity }
            | GenericError::AmbiguousUser { identity, .. } => Some(identity.clone()),
            GenericError::GrantGlobal { .. } | GenericError::Unmodelled { .. } => None,
        }
    }

    /// The error record written by `cmdlet` (class name for the FQEID from the catalog).
    pub fn record(&self, cmdlet: &str, class_name: String) -> ErrorRecord {
        let mut info = ErrorInfo::new(self.to_string(), self.id(), self.category())
            .exception(self.exception());
        if let Some(t) = self.target() {
            info = info.target(Value::str(&t));
        }
        let mut rec = ErrorRecord::new(info);
        rec.command = Some(cmdlet.to_string());
        rec.activity = cmdlet.to_string();
        rec.class_name = Some(match self {
            GenericError::Unmodelled { .. } => "lyncshell".to_string(),
            _ => class_name,
        });
        rec
    }
}

/// `Remove-` of the Global document: the warning Lync prints before resetting it. The part up
/// to "the Global configuration for " is verbatim (csps blog 2010-06-06, federation-model.md
/// §5.2); the ending is believed, not seen.
pub fn global_reset_warning(kind: &str) -> String {
    format!(
        "Global configuration for \"{kind}\" cannot be removed. Instead of removing it, the Global configuration for \"{kind}\" has been reset to the default value."
    )
}

/// `Remove-` of a tag policy still assigned to users: the confirmation Lync shows (verbatim,
/// NextHop blog 2011-02-10, federation-model.md §5.2): caption, message, choices.
pub fn assigned_policy_prompt(name: &str) -> (String, &'static str, &'static str) {
    (
        format!(
            "The policy \"{name}\" is currently assigned to one or more users. Assign a different policy to the users before removing this one."
        ),
        "The policy is in use.",
        "[Y] Yes  [N] No  [S] Suspend  [?] Help (default is \"Y\"): ",
    )
}
