//! Errors of the online family (sessions and tenant settings), with their texts in one place.

use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::interp::Interp;
use crate::runtime::value::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnlineError {
    /// The deployment has no Office 365 tenant.
    NoTenant,
    /// The credential does not belong to the tenant.
    NotTenantAccount { user: String },
    /// No credential and nobody to ask.
    NoCredential,
    /// A tenant cmdlet run locally, without an imported online session (docs/model.md
    /// decision 14).
    TenantNotReachable { command: String },
    /// Import-PSSession / Remove-PSSession with something that is not an open session.
    NotASession { text: String },
    /// Get-PSSession -Id/-Name that matches nothing.
    SessionNotFound { what: String },
    /// Only `Global` exists.
    IdentityNotGlobal { identity: String },
    /// A value the parameter does not accept.
    BadValue { parameter: String, reason: String },
    /// A parameter the real cmdlet has and lyncshell does not model.
    Unmodelled { parameter: String },
    /// `-OverrideAdminDomain` naming a tenant the credential cannot administer.
    UnknownAdminDomain { domain: String },
    /// An imported command the emulated online service does not implement.
    NotEmulated { command: String },
}

impl OnlineError {
    pub fn info(&self) -> ErrorInfo {
        use OnlineError::*;
        match self {
            // Ours.
            NoTenant => ErrorInfo::new(
                "This deployment is not paired with an Office 365 tenant, so no Lync Online session can be opened.",
                "NoTenant",
                ErrorCategory::ConnectionError,
            )
            .exception("System.InvalidOperationException"),
            // Ours.
            NotTenantAccount { user } => ErrorInfo::new(
                format!(
                    "The credentials of \"{user}\" are not those of an administrator of the tenant."
                ),
                "AuthenticationFailed",
                ErrorCategory::AuthenticationError,
            )
            .exception("System.UnauthorizedAccessException")
            .target(Value::str(user)),
            // ✔ ConsoleHostUserInterfaceStrings.resx (federation-model.md §5.1).
            NoCredential => ErrorInfo::new(
                "Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
                "NonInteractive",
                ErrorCategory::InvalidOperation,
            )
            .exception("System.Management.Automation.PSInvalidOperationException"),
            // Ours (docs/model.md decision 14).
            TenantNotReachable { command } => ErrorInfo::new(
                format!(
                    "{command} applies to Lync Online tenants only and cannot reach the tenant from the on-premises deployment. Open a session with New-CsOnlineSession and import it with Import-PSSession first. Nothing was changed."
                ),
                "TenantNotReachable",
                ErrorCategory::InvalidOperation,
            )
            .exception("System.InvalidOperationException"),
            // Ours, after Import-PSSession's binding of a non-session value.
            NotASession { text } => ErrorInfo::new(
                format!("\"{text}\" is not an open PSSession."),
                "InvalidSession",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.ArgumentException")
            .target(Value::str(text)),
            // ≈ Windows PowerShell's RemotingErrorIdStrings (session not found by criteria).
            SessionNotFound { what } => ErrorInfo::new(
                format!(
                    "The remote session with the {what} is not available."
                ),
                "InvalidArgument",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.ArgumentException")
            .target({
                // The value asked for: `(7:Int32)` for an Id, `(name:String)` for a name.
                let v = what.rsplit(' ').next().unwrap_or("");
                v.parse::<i32>().map_or_else(|_| Value::str(v), Value::Int)
            }),
            // Ours.
            IdentityNotGlobal { identity } => ErrorInfo::new(
                format!(
                    "Management object not found for identity \"{identity}\"; the tenant has only the Global federation configuration."
                ),
                "Identity",
                ErrorCategory::ObjectNotFound,
            )
            .exception("Microsoft.Rtc.Management.ManagementException")
            .target(Value::str(identity)),
            // Ours.
            BadValue { parameter, reason } => ErrorInfo::new(
                format!("Cannot bind parameter '{parameter}'. {reason}"),
                "CannotConvertArgumentNoMessage",
                ErrorCategory::InvalidArgument,
            )
            .exception("System.Management.Automation.ParameterBindingException"),
            // Ours (STYLE §2).
            Unmodelled { parameter } => ErrorInfo::new(
                format!(
                    "The parameter '{parameter}' is accepted by the real cmdlet but not modelled by lyncshell; nothing was read or changed."
                ),
                "NotEmulated",
                ErrorCategory::NotImplemented,
            )
            .exception("lyncshell.NotEmulatedException"),
            // Ours.
            UnknownAdminDomain { domain } => ErrorInfo::new(
                format!(
                    "The tenant \"{domain}\" cannot be administered with these credentials: it is not the deployment's tenant, and no delegated administration is modelled."
                ),
                "AuthenticationFailed",
                ErrorCategory::AuthenticationError,
            )
            .exception("System.UnauthorizedAccessException")
            .target(Value::str(domain)),
            // Ours.
            NotEmulated { command } => ErrorInfo::new(
                format!(
                    "The cmdlet '{command}' is recognised but not emulated by lyncshell: its parameters were bound, but it has no behaviour here, so nothing was read or changed."
                ),
                "NotEmulated",
                ErrorCategory::NotImplemented,
            )
            .exception("lyncshell.NotEmulatedException"),
        }
    }

    /// The record written by the running command; `computer` adds the `PSComputerName` line
    /// that errors of commands run through an imported session carry (§1.10).
    pub fn record(&self, it: &Interp, computer: Option<&str>) -> ErrorRecord {
        let mut rec = crate::cmdlets::users::errors::record(it, self.info());
        // A prefixed proxy (`Set-OnlineCs…`) is not a catalog name: take the class of the
        // command it stands for.
        if let Some(f) = it.frames.last()
            && crate::cmdlets::lookup(&f.command).is_none()
            && let Some((exported, _)) = it.online.proxy(&f.command)
            && let Some(spec) = crate::cmdlets::lookup(exported)
        {
            rec.class_name = Some(crate::runtime::host_commands::class_name(spec));
        }
        // The session cmdlets are Windows PowerShell's own (ImportPSSessionCommand, …).
        if let Some(f) = it.frames.last()
            && crate::cmdlets::lookup(&f.command).is_none()
            && let Some(b) = crate::runtime::builtins::lookup(&f.command)
        {
            rec.class_name = Some((b.signature)().class_name);
        }
        rec.computer_name = computer.map(str::to_string);
        rec
    }
}
