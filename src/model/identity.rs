//! XDS identities of configuration documents (`Global`, `site:Redmond`, `tag:Sales`,
//! `service:EdgeServer:atl-edge-001.litwareinc.com`) and the global-relative plain names used by
//! providers and federated domains.
//!
//! An identity is parsed once, compared case-insensitively, and displayed the way Lync echoes it
//! back (`Global`, `Site:Redmond`, `Tag:Sales`, `Service:EdgeServer:…`).
//! This module knows nothing about which identities exist; checking that a site or a service is
//! part of the topology is [`crate::model::Deployment::canonical_identity`]'s job.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The scope of an identity, in the order Lync lists documents of one kind (see `docs/model.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Scope {
    Global,
    Site,
    Service,
    Tag,
    /// A global-relative name without a scope word (providers, allowed/blocked domains).
    Plain,
}

/// A parsed XDS identity.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Identity {
    /// `Global` (any case on input).
    Global,
    /// `site:<SiteName>`.
    Site(String),
    /// `service:<Role>:<PoolFqdn>`; the fqdn part may carry a `/suffix` as some Lync services do.
    Service { role: String, fqdn: String },
    /// `tag:<Name>`: a per-user policy.
    Tag(String),
    /// A global-relative name: a provider (`LyncOnline`, `"Exchange Online"`) or a domain.
    Plain(String),
}

/// Why a string is not a valid identity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    #[error("the identity is empty")]
    Empty,
    #[error("the identity \"{text}\" has no name after the \"{scope}:\" prefix")]
    MissingName { text: String, scope: &'static str },
    #[error("the service identity \"{text}\" needs the form service:<Role>:<PoolFqdn>")]
    MalformedService { text: String },
}

/// Service roles as Lync spells them in `service:` identities and in `Get-CsService` output.
pub const SERVICE_ROLES: &[&str] = &[
    "Registrar",
    "UserServer",
    "WebServer",
    "ConferencingServer",
    "ApplicationServer",
    "MediationServer",
    "EdgeServer",
    "UserDatabase",
    "ApplicationDatabase",
    "ArchivingDatabase",
    "MonitoringDatabase",
    "CentralManagementDatabase",
    "FileStore",
    "PstnGateway",
    "PersistentChatServer",
    "PersistentChatDatabase",
    "WacServer",
    "TrustedApplicationPool",
    "ExternalServer",
    "Director",
];

/// Returns the canonical spelling of a known service role (case-insensitive), or `None`.
pub fn canonical_role(role: &str) -> Option<&'static str> {
    SERVICE_ROLES
        .iter()
        .copied()
        .find(|r| r.eq_ignore_ascii_case(role))
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

impl Identity {
    /// Parses an identity as typed after `-Identity` (scope words are case-insensitive and
    /// surrounding blanks are ignored, as in `service: ApplicationServer:atl-cs-001…`).
    pub fn parse(text: &str) -> Result<Identity, IdentityError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(IdentityError::Empty);
        }
        if t.eq_ignore_ascii_case("global") {
            return Ok(Identity::Global);
        }
        let named = |scope: &'static str, rest: &str| -> Result<String, IdentityError> {
            let name = rest.trim();
            if name.is_empty() {
                Err(IdentityError::MissingName {
                    text: text.to_string(),
                    scope,
                })
            } else {
                Ok(name.to_string())
            }
        };
        if let Some(rest) = strip_prefix_ci(t, "site:") {
            return Ok(Identity::Site(named("site", rest)?));
        }
        if let Some(rest) = strip_prefix_ci(t, "tag:") {
            return Ok(Identity::Tag(named("tag", rest)?));
        }
        if let Some(rest) = strip_prefix_ci(t, "service:") {
            let malformed = || IdentityError::MalformedService {
                text: text.to_string(),
            };
            let (role, fqdn) = rest.split_once(':').ok_or_else(malformed)?;
            let (role, fqdn) = (role.trim(), fqdn.trim());
            if role.is_empty() || fqdn.is_empty() {
                return Err(malformed());
            }
            let role = canonical_role(role).map_or_else(|| role.to_string(), str::to_string);
            return Ok(Identity::Service {
                role,
                fqdn: fqdn.to_string(),
            });
        }
        Ok(Identity::Plain(t.to_string()))
    }

    /// Builds a site identity.
    pub fn site(name: &str) -> Identity {
        Identity::Site(name.to_string())
    }

    /// Builds a tag identity.
    pub fn tag(name: &str) -> Identity {
        Identity::Tag(name.to_string())
    }

    /// Builds a plain (global-relative) identity.
    pub fn plain(name: &str) -> Identity {
        Identity::Plain(name.to_string())
    }

    /// Builds a service identity; a known role gets its canonical spelling.
    pub fn service(role: &str, fqdn: &str) -> Identity {
        Identity::Service {
            role: canonical_role(role).map_or_else(|| role.to_string(), str::to_string),
            fqdn: fqdn.to_string(),
        }
    }

    /// The identity's scope.
    pub fn scope(&self) -> Scope {
        match self {
            Identity::Global => Scope::Global,
            Identity::Site(_) => Scope::Site,
            Identity::Service { .. } => Scope::Service,
            Identity::Tag(_) => Scope::Tag,
            Identity::Plain(_) => Scope::Plain,
        }
    }

    /// The name part: the site, tag or plain name, the service's pool fqdn, `Global` for global.
    pub fn name(&self) -> &str {
        match self {
            Identity::Global => "Global",
            Identity::Site(n) | Identity::Tag(n) | Identity::Plain(n) => n,
            Identity::Service { fqdn, .. } => fqdn,
        }
    }

    /// Policies treat a bare name as a tag: `-Identity RedmondAccessPolicy` means
    /// `tag:RedmondAccessPolicy` (TechNet dn362781, federation-model.md §2).
    pub fn into_policy_identity(self) -> Identity {
        match self {
            Identity::Plain(n) => Identity::Tag(n),
            other => other,
        }
    }

    pub fn is_global(&self) -> bool {
        matches!(self, Identity::Global)
    }

    fn eq_parts(&self, other: &Identity) -> bool {
        match (self, other) {
            (Identity::Global, Identity::Global) => true,
            (Identity::Site(a), Identity::Site(b))
            | (Identity::Tag(a), Identity::Tag(b))
            | (Identity::Plain(a), Identity::Plain(b)) => eq_ci(a, b),
            (
                Identity::Service { role: r1, fqdn: f1 },
                Identity::Service { role: r2, fqdn: f2 },
            ) => eq_ci(r1, r2) && eq_ci(f1, f2),
            _ => false,
        }
    }
}

/// Case-insensitive comparison, Unicode-aware but allocation-free for ASCII.
pub(crate) fn eq_ci(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

impl PartialEq for Identity {
    fn eq(&self, other: &Identity) -> bool {
        self.eq_parts(other)
    }
}

impl Eq for Identity {}

impl Hash for Identity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.scope().hash(state);
        let mut feed = |s: &str| {
            for c in s.chars().flat_map(char::to_lowercase) {
                c.hash(state);
            }
            0xffu8.hash(state);
        };
        match self {
            Identity::Global => {}
            Identity::Site(n) | Identity::Tag(n) | Identity::Plain(n) => feed(n),
            Identity::Service { role, fqdn } => {
                feed(role);
                feed(fqdn);
            }
        }
    }
}

impl PartialOrd for Identity {
    fn partial_cmp(&self, other: &Identity) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Identity {
    /// Scope order (Global, Site, Service, Tag, Plain), then the name without case.
    fn cmp(&self, other: &Identity) -> Ordering {
        let lower = |s: &str| s.to_lowercase();
        self.scope()
            .cmp(&other.scope())
            .then_with(|| match (self, other) {
                (
                    Identity::Service { role: r1, fqdn: f1 },
                    Identity::Service { role: r2, fqdn: f2 },
                ) => lower(r1)
                    .cmp(&lower(r2))
                    .then_with(|| lower(f1).cmp(&lower(f2))),
                _ => lower(self.name()).cmp(&lower(other.name())),
            })
    }
}

impl fmt::Display for Identity {
    /// Lync's echo: `Global`, `Site:Redmond`, `Service:EdgeServer:fqdn`, `Tag:Name`, plain names
    /// unchanged (capital scope words: federation-model.md §2, open question 11 decided in
    /// `docs/model.md`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identity::Global => f.write_str("Global"),
            Identity::Site(n) => write!(f, "Site:{n}"),
            Identity::Service { role, fqdn } => write!(f, "Service:{role}:{fqdn}"),
            Identity::Tag(n) => write!(f, "Tag:{n}"),
            Identity::Plain(n) => f.write_str(n),
        }
    }
}

impl std::str::FromStr for Identity {
    type Err = IdentityError;
    fn from_str(s: &str) -> Result<Identity, IdentityError> {
        Identity::parse(s)
    }
}

impl Serialize for Identity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Identity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Identity, D::Error> {
        let text = String::deserialize(d)?;
        Identity::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_scope() {
        assert_eq!(Identity::parse("global"), Ok(Identity::Global));
        assert_eq!(Identity::parse(" GLOBAL "), Ok(Identity::Global));
        assert_eq!(
            Identity::parse("site:Redmond"),
            Ok(Identity::site("Redmond"))
        );
        assert_eq!(Identity::parse("Tag:Sales"), Ok(Identity::tag("Sales")));
        assert_eq!(
            Identity::parse("service:edgeserver:atl-edge-001.litwareinc.com"),
            Ok(Identity::service(
                "EdgeServer",
                "atl-edge-001.litwareinc.com"
            ))
        );
        assert_eq!(
            Identity::parse("Exchange Online"),
            Ok(Identity::plain("Exchange Online"))
        );
    }

    #[test]
    fn doc_example_with_blank_after_service_word() {
        // New-CsRgsAgentGroup example 2 writes `service: ApplicationServer:atl-cs-001…`.
        let id = Identity::parse("service: ApplicationServer:atl-cs-001.litwareinc.com");
        assert_eq!(
            id.map(|i| i.to_string()),
            Ok("Service:ApplicationServer:atl-cs-001.litwareinc.com".to_string())
        );
    }

    #[test]
    fn displays_as_lync_echoes() {
        let shown: Vec<String> = [
            "global",
            "site:Redmond",
            "tag:RedmondPolicy",
            "service:registrar:atl-cs-001.litwareinc.com",
            "fabrikam.com",
        ]
        .iter()
        .filter_map(|t| Identity::parse(t).ok())
        .map(|i| i.to_string())
        .collect();
        assert_eq!(
            shown,
            [
                "Global",
                "Site:Redmond",
                "Tag:RedmondPolicy",
                "Service:Registrar:atl-cs-001.litwareinc.com",
                "fabrikam.com"
            ]
        );
    }

    #[test]
    fn compares_without_case() {
        assert_eq!(Identity::site("REDMOND"), Identity::site("redmond"));
        assert_ne!(Identity::site("Redmond"), Identity::tag("Redmond"));
        assert_eq!(Identity::plain("LyncOnline"), Identity::plain("lynconline"));
        let h = |i: &Identity| {
            let mut s = std::collections::hash_map::DefaultHasher::new();
            i.hash(&mut s);
            s.finish()
        };
        assert_eq!(h(&Identity::tag("ÄBC")), h(&Identity::tag("äbc")));
    }

    #[test]
    fn rejects_malformed_text() {
        assert_eq!(Identity::parse("  "), Err(IdentityError::Empty));
        assert!(matches!(
            Identity::parse("site:"),
            Err(IdentityError::MissingName { scope: "site", .. })
        ));
        assert!(matches!(
            Identity::parse("tag: "),
            Err(IdentityError::MissingName { scope: "tag", .. })
        ));
        assert!(matches!(
            Identity::parse("service:Registrar"),
            Err(IdentityError::MalformedService { .. })
        ));
        assert!(matches!(
            Identity::parse("service::x.com"),
            Err(IdentityError::MalformedService { .. })
        ));
    }

    #[test]
    fn policy_identity_turns_plain_into_tag() {
        let id = Identity::plain("RedmondAccessPolicy").into_policy_identity();
        assert_eq!(id.to_string(), "Tag:RedmondAccessPolicy");
        assert!(Identity::Global.into_policy_identity().is_global());
    }

    #[test]
    fn sorts_in_scope_order() {
        let mut ids = [
            Identity::tag("b"),
            Identity::plain("x"),
            Identity::site("Redmond"),
            Identity::Global,
            Identity::service("Registrar", "a.com"),
            Identity::tag("A"),
        ];
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "Global",
                "Site:Redmond",
                "Service:Registrar:a.com",
                "Tag:A",
                "Tag:b",
                "x"
            ]
        );
    }
}
