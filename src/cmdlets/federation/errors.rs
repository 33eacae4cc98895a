//! The federation family's errors and the one place their Lync texts live.
//!
//! Every variant carries what the user needs (kind, identity, parameter), never a preformatted
//! sentence; [`Error::message`] renders the text and [`Error::record`] builds the ErrorRecord
//! (category, FullyQualifiedErrorId `<Id>,<cmdlet class>`, target).
//!
//! Sources: no Lync capture exists for any of these situations (federation-model.md §7
//! question 1), so every text below is **ours**, written in the form `docs/model.md` decided
//! (category ResourceExists / ObjectNotFound / InvalidOperation, a message naming the object type
//! and identity). The two engine-style texts (`MissingMandatoryParameter`, `ValidateRange`)
//! reuse PowerShell's resource strings (federation-model.md §5.1) because the situations are
//! parameter-binding ones.

use crate::runtime::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use crate::runtime::interp::{Flow, Interp};
use crate::runtime::value::Value;

/// What can go wrong in the federation family.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Set/Remove/Enable/Disable on an identity that does not exist (R24).
    #[error("not found")]
    NotFound {
        kind: &'static str,
        identity: String,
    },
    /// New- on an identity already used by this kind or, for providers, by the other provider
    /// kind (R1); for domains, already on the same list (R9).
    #[error("identity exists")]
    IdentityExists {
        kind: &'static str,
        identity: String,
        owner_kind: &'static str,
    },
    /// A ProxyFqdn already used by another hosting or public provider (R2).
    #[error("proxy fqdn in use")]
    ProxyFqdnInUse {
        kind: &'static str,
        identity: String,
        proxy_fqdn: String,
        owner_kind: &'static str,
        owner: String,
    },
    /// `Set-… -Instance` with a ProxyFqdn different from the stored one (R3).
    #[error("proxy fqdn immutable")]
    ProxyFqdnImmutable {
        kind: &'static str,
        identity: String,
    },
    /// A domain on the allowed list cannot be blocked and vice versa (R9).
    #[error("domain on other list")]
    DomainOnOtherList {
        kind: &'static str,
        domain: String,
        other_kind: &'static str,
    },
    /// Switching the Access Edge to default routing while providers exist (R4).
    #[error("providers need dns srv routing")]
    ProvidersNeedDnsSrvRouting { providers: usize },
    /// Creating a provider while the Access Edge uses default routing (R4, our decision).
    #[error("default routing active")]
    DefaultRoutingActive {
        kind: &'static str,
        identity: String,
    },
    /// `-UseDefaultRouting` without `-DefaultRouteFqdn` (R5).
    #[error("default route fqdn required")]
    DefaultRouteFqdnRequired,
    /// Enable- on an enabled provider or Disable- on a disabled one (R8).
    #[error("already in state")]
    AlreadyInState {
        kind: &'static str,
        identity: String,
        enabled: bool,
    },
    /// An empty identity or one a global-relative object cannot have.
    #[error("invalid identity")]
    InvalidIdentity { kind: &'static str, text: String },
    /// A Set-/Enable-/Disable- call with neither -Identity nor -Instance.
    #[error("identity required")]
    IdentityRequired { kind: &'static str },
    /// `-Instance` that is not an object of the cmdlet's type.
    #[error("wrong instance")]
    WrongInstance {
        kind: &'static str,
        type_name: String,
    },
    /// A property value (from `-Instance`) that the property's type cannot hold.
    #[error("invalid value")]
    InvalidValue {
        property: String,
        value: String,
        expected: &'static str,
    },
    /// A number outside the documented range (PowerShell's ValidateRange wording).
    #[error("out of range")]
    OutOfRange {
        parameter: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    /// `-ReplicaFqdn` naming no replica.
    #[error("replica not found")]
    ReplicaNotFound { fqdn: String },
    /// `-LocalStore` in a deployment without any replica.
    #[error("no local store")]
    NoLocalStore,
    /// A parameter the real cmdlet has whose behaviour lyncshell does not model.
    #[error("unmodelled")]
    Unmodelled { parameter: &'static str },
}

/// Why Test-CsFederatedPartner reports `Failure`. Its `Error` and `Diagnosis` texts are ours:
/// no failing transcript of this cmdlet was found (the Lync 2013 "Testing ability to connect to
/// a federated domain" page only shows the Success layout).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartnerFailure {
    #[error("target not edge")]
    TargetNotEdge { target: String },
    #[error("federation disabled")]
    FederationDisabled,
    #[error("domain blocked")]
    DomainBlocked { domain: String },
    #[error("domain not allowed")]
    DomainNotAllowed { domain: String },
    #[error("unknown proxy")]
    UnknownProxy { proxy: String },
    #[error("no srv record")]
    NoSrvRecord { record: String },
}

impl PartnerFailure {
    /// The `Error` property. ours
    pub fn error_text(&self) -> String {
        match self {
            PartnerFailure::TargetNotEdge { target } => {
                format!("\"{target}\" is not an Edge Server of this topology.")
            }
            PartnerFailure::FederationDisabled => {
                "Federation is disabled in the Access Edge configuration.".to_string()
            }
            PartnerFailure::DomainBlocked { domain } => {
                format!("The domain \"{domain}\" is on the blocked domain list.")
            }
            PartnerFailure::DomainNotAllowed { domain } => {
                format!("The domain \"{domain}\" is not on the allowed domain list.")
            }
            PartnerFailure::UnknownProxy { proxy } => format!(
                "\"{proxy}\" is neither an enabled hosting or public provider nor the allowed partner server of the domain."
            ),
            PartnerFailure::NoSrvRecord { record } => {
                format!("No DNS SRV record \"{record}\" was found.")
            }
        }
    }

    /// The `Diagnosis` property: what to change. ours
    pub fn diagnosis(&self) -> String {
        match self {
            PartnerFailure::TargetNotEdge { .. } => {
                "Specify the internal FQDN of the Edge Server that handles federated traffic."
                    .to_string()
            }
            PartnerFailure::FederationDisabled => {
                "Run Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True.".to_string()
            }
            PartnerFailure::DomainBlocked { .. } => {
                "Remove the domain with Remove-CsBlockedDomain.".to_string()
            }
            PartnerFailure::DomainNotAllowed { .. } => {
                "Add the domain with New-CsAllowedDomain or enable partner discovery.".to_string()
            }
            PartnerFailure::UnknownProxy { .. } => {
                "Create the provider with New-CsHostingProvider or set the ProxyFqdn of the allowed domain."
                    .to_string()
            }
            PartnerFailure::NoSrvRecord { .. } => {
                "The partner must publish its Access Edge in external DNS, or set the ProxyFqdn of the allowed domain."
                    .to_string()
            }
        }
    }
}

/// Lync's spelling of a kind in messages (`HostingProvider` → `hosting provider`).
fn words(kind: &str) -> &'static str {
    match kind {
        "HostingProvider" => "hosting provider",
        "PublicProvider" => "public provider",
        "AllowedDomain" => "allowed domain",
        "BlockedDomain" => "blocked domain",
        "AccessEdgeConfiguration" => "Access Edge configuration",
        _ => "object",
    }
}

/// The indefinite article before [`words`] of a kind.
fn article(kind: &str) -> &'static str {
    if words(kind).starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

impl Error {
    /// The message text. All Lync-side texts are ours (federation-model.md §7 question 1).
    pub fn message(&self) -> String {
        match self {
            // ours
            Error::NotFound { kind, identity } => {
                format!("Cannot find \"{kind}\" \"{identity}\" because it does not exist.")
            }
            // ours
            Error::IdentityExists {
                kind,
                identity,
                owner_kind,
            } => format!(
                "Cannot create \"{kind}\" \"{identity}\": {} {} with that Identity already exists.",
                article(owner_kind),
                words(owner_kind)
            ),
            // ours
            Error::ProxyFqdnInUse {
                kind,
                identity,
                proxy_fqdn,
                owner_kind,
                owner,
            } => format!(
                "Cannot create \"{kind}\" \"{identity}\": ProxyFqdn \"{proxy_fqdn}\" is already used by {} \"{owner}\". A ProxyFqdn can belong to only one hosting or public provider.",
                words(owner_kind)
            ),
            // ours
            Error::ProxyFqdnImmutable { kind, identity } => format!(
                "Cannot change the ProxyFqdn of \"{kind}\" \"{identity}\". Remove the provider and create it again with the new ProxyFqdn."
            ),
            // ours
            Error::DomainOnOtherList {
                kind,
                domain,
                other_kind,
            } => format!(
                "Cannot create \"{kind}\" \"{domain}\": the domain is already on the {} list. A domain can be either allowed or blocked, not both.",
                words(other_kind)
            ),
            // ours
            Error::ProvidersNeedDnsSrvRouting { providers } => format!(
                "Cannot switch the Access Edge configuration to default routing while hosting or public providers are defined ({providers} found). Hosting and public providers require DNS SRV routing; remove them first."
            ),
            // ours
            Error::DefaultRoutingActive { kind, identity } => format!(
                "Cannot create \"{kind}\" \"{identity}\": the Access Edge configuration uses default routing, and {}s require DNS SRV routing. Run Set-CsAccessEdgeConfiguration -UseDnsSrvRouting first.",
                words(kind)
            ),
            // ours
            Error::DefaultRouteFqdnRequired => {
                "DefaultRouteFqdn must be specified when UseDefaultRouting is set.".to_string()
            }
            // ours
            Error::AlreadyInState {
                kind,
                identity,
                enabled,
            } => format!(
                "\"{kind}\" \"{identity}\" is already {}.",
                if *enabled { "enabled" } else { "disabled" }
            ),
            // ours
            Error::InvalidIdentity { kind, text } => format!(
                "\"{text}\" is not a valid Identity for {} {}.",
                article(kind),
                words(kind)
            ),
            // ours
            Error::IdentityRequired { kind } => format!(
                "No {} was specified. Specify -Identity or -Instance.",
                words(kind)
            ),
            // ours
            Error::WrongInstance { kind, type_name } => format!(
                "The Instance is a \"{type_name}\" object, not {} {} object.",
                article(kind),
                words(kind)
            ),
            // ours
            Error::InvalidValue {
                property,
                value,
                expected,
            } => format!("Cannot set property \"{property}\" to \"{value}\": expected {expected}."),
            // PowerShell's ValidateRange texts (ParameterBinderStrings / Metadata.resx,
            // federation-model.md §5.1); whether Lync validates this way is not confirmed.
            Error::OutOfRange {
                parameter,
                value,
                min,
                max,
            } => {
                if value > max {
                    format!(
                        "Cannot validate argument on parameter '{parameter}'. The {value} argument is greater than the maximum allowed range of {max}. Supply an argument that is less than or equal to {max} and then try the command again."
                    )
                } else {
                    format!(
                        "Cannot validate argument on parameter '{parameter}'. The {value} argument is less than the minimum allowed range of {min}. Supply an argument that is greater than or equal to {min} and then try the command again."
                    )
                }
            }
            // ours
            Error::ReplicaNotFound { fqdn } => {
                format!("Cannot find a Central Management store replica on \"{fqdn}\".")
            }
            // ours
            Error::NoLocalStore => {
                "This deployment has no server with a local Central Management store replica."
                    .to_string()
            }
            // ours (lyncshell's own, like the "not emulated" error of the runtime)
            Error::Unmodelled { parameter } => format!(
                "The parameter '{parameter}' is recognised but its behaviour is not emulated by lyncshell, so nothing was done."
            ),
        }
    }

    /// The error id (first half of the FullyQualifiedErrorId).
    pub fn id(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "ItemNotFound",
            Error::IdentityExists { .. } => "DuplicateIdentity",
            Error::ProxyFqdnInUse { .. } => "DuplicateProxyFqdn",
            Error::ProxyFqdnImmutable { .. } => "ProxyFqdnImmutable",
            Error::DomainOnOtherList { .. } => "DomainOnOtherList",
            Error::ProvidersNeedDnsSrvRouting { .. } => "ProvidersRequireDnsSrvRouting",
            Error::DefaultRoutingActive { .. } => "ProvidersRequireDnsSrvRouting",
            Error::DefaultRouteFqdnRequired => "DefaultRouteFqdnRequired",
            Error::AlreadyInState { enabled: true, .. } => "AlreadyEnabled",
            Error::AlreadyInState { enabled: false, .. } => "AlreadyDisabled",
            Error::InvalidIdentity { .. } => "InvalidIdentity",
            Error::IdentityRequired { .. } => "IdentityRequired",
            Error::WrongInstance { .. } => "InvalidInstance",
            Error::InvalidValue { .. } => "InvalidPropertyValue",
            Error::OutOfRange { .. } => "ParameterArgumentValidationError",
            Error::ReplicaNotFound { .. } => "ReplicaNotFound",
            Error::NoLocalStore => "NoLocalStore",
            Error::Unmodelled { .. } => "NotEmulated",
        }
    }

    pub fn category(&self) -> ErrorCategory {
        match self {
            Error::NotFound { .. } | Error::ReplicaNotFound { .. } => ErrorCategory::ObjectNotFound,
            Error::IdentityExists { .. } | Error::ProxyFqdnInUse { .. } => {
                ErrorCategory::ResourceExists
            }
            Error::DefaultRouteFqdnRequired
            | Error::InvalidIdentity { .. }
            | Error::IdentityRequired { .. }
            | Error::WrongInstance { .. }
            | Error::InvalidValue { .. } => ErrorCategory::InvalidArgument,
            Error::OutOfRange { .. } => ErrorCategory::InvalidData,
            Error::Unmodelled { .. } => ErrorCategory::NotImplemented,
            _ => ErrorCategory::InvalidOperation,
        }
    }

    fn exception(&self) -> &'static str {
        match self {
            Error::NotFound { .. } | Error::ReplicaNotFound { .. } => {
                "System.Management.Automation.ItemNotFoundException"
            }
            Error::OutOfRange { .. } => {
                "System.Management.Automation.ParameterBindingValidationException"
            }
            Error::DefaultRouteFqdnRequired
            | Error::InvalidIdentity { .. }
            | Error::IdentityRequired { .. }
            | Error::WrongInstance { .. }
            | Error::InvalidValue { .. } => "System.ArgumentException",
            Error::Unmodelled { .. } => "lyncshell.NotEmulatedException",
            _ => "System.InvalidOperationException",
        }
    }

    /// The CategoryInfo target: the identity or name the error is about.
    fn target(&self) -> Option<String> {
        match self {
            Error::NotFound { identity, .. }
            | Error::IdentityExists { identity, .. }
            | Error::ProxyFqdnInUse { identity, .. }
            | Error::ProxyFqdnImmutable { identity, .. }
            | Error::DefaultRoutingActive { identity, .. }
            | Error::AlreadyInState { identity, .. } => Some(identity.clone()),
            Error::DomainOnOtherList { domain, .. } => Some(domain.clone()),
            Error::InvalidIdentity { text, .. } => Some(text.clone()),
            Error::ReplicaNotFound { fqdn } => Some(fqdn.clone()),
            Error::ProvidersNeedDnsSrvRouting { .. } | Error::DefaultRouteFqdnRequired => {
                Some("Global".to_string())
            }
            _ => None,
        }
    }

    /// The ErrorRecord written by `cmdlet` (its class name completes the FullyQualifiedErrorId;
    /// position and command prefix come from the running command's frame).
    pub fn record(&self, it: &Interp, cmdlet: &str) -> ErrorRecord {
        let mut info =
            ErrorInfo::new(self.message(), self.id(), self.category()).exception(self.exception());
        if let Some(t) = self.target() {
            info = info.target(Value::str(&t));
        }
        let mut rec = ErrorRecord::new(info);
        let spec = crate::cmdlets::lookup(cmdlet);
        let name = spec.map_or(cmdlet, |s| s.name);
        rec.command = Some(name.to_string());
        rec.activity = name.to_string();
        rec.class_name = Some(match (spec, self) {
            (_, Error::Unmodelled { .. }) => "lyncshell".to_string(),
            (Some(s), _) => crate::runtime::host_commands::class_name(s),
            (None, _) => name.to_string(),
        });
        rec.position = it.frames.last().and_then(|f| f.position.clone());
        rec
    }

    /// Whether PowerShell would stop the statement (binding-style errors) rather than write a
    /// non-terminating error and go on with the next input object.
    pub fn is_terminating(&self) -> bool {
        matches!(
            self,
            Error::OutOfRange { .. } | Error::Unmodelled { .. } | Error::IdentityRequired { .. }
        )
    }
}

/// Reports `e` as `cmdlet` would: a terminating error stops the statement, any other is written
/// to the error stream (honouring `-ErrorAction`).
pub fn report(it: &mut Interp, cmdlet: &str, e: &Error) -> Result<(), Flow> {
    let rec = e.record(it, cmdlet);
    if e.is_terminating() {
        return Err(Flow::Error {
            record: Box::new(rec),
            script: false,
        });
    }
    it.write_error(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_texts_follow_powershell() {
        let e = Error::OutOfRange {
            parameter: "OutgoingTlsCountForFederatedPartners",
            value: 5,
            min: 1,
            max: 4,
        };
        assert!(
            e.message()
                .contains("greater than the maximum allowed range of 4")
        );
    }

    #[test]
    fn ids_and_categories() {
        let e = Error::IdentityExists {
            kind: "HostingProvider",
            identity: "Messenger".into(),
            owner_kind: "PublicProvider",
        };
        assert_eq!(e.id(), "DuplicateIdentity");
        assert_eq!(e.category(), ErrorCategory::ResourceExists);
        assert!(e.message().contains("a public provider with that Identity"));
        assert!(!e.is_terminating());
    }
}
