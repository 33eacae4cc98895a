//! Documents of the federation family with their Lync 2013 defaults and display order
//! (federation-model.md §1.1–§1.7): AccessEdgeConfiguration, HostingProvider, PublicProvider,
//! AllowedDomain, BlockedDomain, ExternalAccessPolicy, TenantFederationConfiguration.
//!
//! These constructors are what `New-Cs…` cmdlets start from before applying parameters, and what
//! the default deployment is seeded with. Rules that involve more than one document (unique
//! ProxyFqdn across providers, a domain on only one list) are checked by the cmdlet family, not
//! here; this module only knows property names, order and defaults.

use super::cms::ConfigDocument;
use super::identity::Identity;
use super::value::{PropValue, Properties};

/// `RoutingMethod` values.
pub const USE_DNS_SRV_ROUTING: &str = "UseDnsSrvRouting";
pub const USE_DEFAULT_ROUTING: &str = "UseDefaultRouting";

/// `VerificationLevelType` member names in the order the emulator lists them
/// (open question 13, see `docs/model.md`).
pub const VERIFICATION_LEVELS: &[&str] = &[
    "AlwaysVerifiable",
    "AlwaysUnverifiable",
    "UseSourceVerification",
];

fn props(items: Vec<(&str, PropValue)>) -> Properties {
    items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The Global AccessEdgeConfiguration of a fresh Lync 2013 deployment (DNS SRV routing), in the
/// captured display order of §1.1.
pub fn access_edge_configuration() -> ConfigDocument {
    ConfigDocument::new(
        Identity::Global,
        props(vec![
            ("AllowAnonymousUsers", false.into()),
            ("AllowFederatedUsers", false.into()),
            ("AllowOutsideUsers", true.into()),
            ("BeClearingHouse", false.into()),
            ("EnablePartnerDiscovery", false.into()),
            ("EnableArchivingDisclaimer", false.into()),
            // The capture shows True although the reference text says False (§1.1).
            ("EnableUserReplicator", true.into()),
            ("KeepCrlsUpToDateForPeers", true.into()),
            ("MarkSourceVerifiableOnOutgoingMessages", true.into()),
            ("OutgoingTlsCountForFederatedPartners", 4i64.into()),
            ("DiscoveredPartnerStandardRate", 20i64.into()),
            ("EnableDiscoveredPartnerContactsLimit", true.into()),
            ("MaxContactsPerDiscoveredPartner", 1000i64.into()),
            ("DiscoveredPartnerReportPeriodMinutes", 60i64.into()),
            ("MaxAcceptedCertificatesStored", 1000i64.into()),
            ("MaxRejectedCertificatesStored", 500i64.into()),
            ("CertificatesDeletedPercentage", 20i64.into()),
            ("RoutingMethod", USE_DNS_SRV_ROUTING.into()),
        ]),
    )
}

/// A hosting provider as `New-CsHostingProvider -Identity -ProxyFqdn -Enabled` creates it
/// (§1.2; order 2–9 is our proposal, `SipClientPort` is stored last and hidden by the runtime).
pub fn hosting_provider(identity: &str, proxy_fqdn: &str, enabled: bool) -> ConfigDocument {
    ConfigDocument::new(
        Identity::plain(identity),
        props(vec![
            ("Name", identity.into()),
            ("ProxyFqdn", proxy_fqdn.into()),
            ("VerificationLevel", "AlwaysVerifiable".into()),
            ("Enabled", enabled.into()),
            ("EnabledSharedAddressSpace", false.into()),
            ("HostsOCSUsers", false.into()),
            ("IsLocal", false.into()),
            ("AutodiscoverUrl", PropValue::Null),
            ("SipClientPort", 443i64.into()),
        ]),
    )
}

/// A public IM provider (§1.3, Lync 2013 RTM properties).
pub fn public_provider(identity: &str, proxy_fqdn: &str, enabled: bool) -> ConfigDocument {
    ConfigDocument::new(
        Identity::plain(identity),
        props(vec![
            ("Name", identity.into()),
            ("ProxyFqdn", proxy_fqdn.into()),
            ("IconUrl", PropValue::Null),
            ("NameDecorationDomain", PropValue::Null),
            ("VerificationLevel", "AlwaysVerifiable".into()),
            ("Enabled", enabled.into()),
        ]),
    )
}

/// The three public providers a fresh Lync 2013 deployment ships with, disabled (§1.3).
/// Identities and FQDNs: see `docs/model.md` (open question on exact strings).
pub fn shipped_public_providers() -> Vec<ConfigDocument> {
    vec![
        public_provider("Yahoo", "lcs.yahoo.com", false),
        public_provider("AOL", "sip.oscar.aol.com", false),
        public_provider("Messenger", "federation.messenger.msn.com", false),
    ]
}

/// An allowed federated domain (§1.4, captured order).
pub fn allowed_domain(domain: &str) -> ConfigDocument {
    ConfigDocument::new(
        Identity::plain(domain),
        props(vec![
            ("Domain", domain.into()),
            ("ProxyFqdn", PropValue::Null),
            ("Comment", PropValue::Null),
            ("MarkForMonitoring", false.into()),
        ]),
    )
}

/// A blocked domain (§1.5).
pub fn blocked_domain(domain: &str) -> ConfigDocument {
    ConfigDocument::new(
        Identity::plain(domain),
        props(vec![
            ("Domain", domain.into()),
            ("Comment", PropValue::Null),
        ]),
    )
}

/// An external access policy with on-premises defaults (all False, §1.6). A plain identity is
/// taken as a tag.
pub fn external_access_policy(identity: Identity) -> ConfigDocument {
    ConfigDocument::new(
        identity.into_policy_identity(),
        props(vec![
            ("Description", PropValue::Null),
            ("EnableFederationAccess", false.into()),
            ("EnableXmppAccess", false.into()),
            ("EnablePublicCloudAccess", false.into()),
            ("EnablePublicCloudAudioVideoAccess", false.into()),
            ("EnableOutsideAccess", false.into()),
        ]),
    )
}

/// The tenant's federation settings with Lync Online defaults (§1.7, proposed order;
/// `TreatDiscoveredPartnersAsUnverified` is a later addition and left out).
pub fn tenant_federation_configuration() -> ConfigDocument {
    ConfigDocument::new(
        Identity::Global,
        props(vec![
            ("AllowedDomains", "AllowAllKnownDomains".into()),
            ("BlockedDomains", PropValue::List(Vec::new())),
            ("AllowFederatedUsers", true.into()),
            ("AllowPublicUsers", true.into()),
            ("SharedSipAddressSpace", false.into()),
        ]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_edge_defaults_follow_the_capture() {
        let d = access_edge_configuration();
        let names: Vec<&str> = d.properties.keys().map(String::as_str).collect();
        assert_eq!(names.len(), 18);
        assert_eq!(names.first(), Some(&"AllowAnonymousUsers"));
        assert_eq!(names.last(), Some(&"RoutingMethod"));
        assert_eq!(d.get("AllowOutsideUsers"), Some(&PropValue::Bool(true)));
        assert_eq!(
            d.get("OutgoingTlsCountForFederatedPartners"),
            Some(&PropValue::Int(4))
        );
    }

    #[test]
    fn policies_take_bare_names_as_tags() {
        let p = external_access_policy(Identity::plain("FederationUsers"));
        assert_eq!(p.identity.to_string(), "Tag:FederationUsers");
        assert_eq!(
            p.get_ci("enablefederationaccess").map(|(k, _)| k),
            Some("EnableFederationAccess")
        );
    }
}
