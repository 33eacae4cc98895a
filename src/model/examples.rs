//! Configuration documents that the official cmdlet examples name without creating them
//! (`Set-CsClientPolicy -Identity SalesPolicy`, `Get-CsNetworkRegion -Identity NorthAmerica`…),
//! seeded into the Litware deployment so that those examples find what they expect.
//!
//! Each document is stored with its identity only: the generic store fills every property
//! with its default when the document is read. Identities that some example creates with
//! `New-` are left out (seeding them would make that example fail), and so are the federation
//! kinds, whose fresh-install state federation-model.md §0 fixes.

use super::cms::{CentralManagementStore, ConfigDocument};
use super::identity::Identity;
use super::value::Properties;

/// `(kind, identity)` pairs, grouped by kind.
pub const EXAMPLE_DOCUMENTS: &[(&str, &str)] = &[
    ("ArchivingConfiguration", "site:Redmond"),
    ("BandwidthPolicyServiceConfiguration", "site:Redmond"),
    ("ClientPolicy", "tag:SalesPolicy"),
    ("ClientVersionPolicy", "site:Redmond"),
    ("ClientVersionPolicy", "site:Dublin"),
    (
        "ClientVersionPolicyRule",
        "Global/2336c611-a243-4c5d-994b-eea8a524d0e4",
    ),
    (
        "ClientVersionPolicyRule",
        "site:Redmond/74ba9211-8610-42f9-91ba-846cdee98820",
    ),
    ("ClsConfiguration", "site:Redmond"),
    ("ClsRegion", "Global/US"),
    ("ClsScenario", "Global/VoiceMail"),
    ("ClsScenario", "site:Redmond/WAC"),
    ("ClsSecurityGroup", "Global/HelpDesk"),
    ("ConferencingPolicy", "tag:SalesConferencingPolicy"),
    ("CpsConfiguration", "site:Redmond1"),
    ("DialInConferencingConfiguration", "site:Redmond"),
    ("DialPlan", "site:Redmond"),
    ("DialPlan", "tag:RedmondDialPlan"),
    ("LocationPolicy", "site:Redmond"),
    ("LocationPolicy", "tag:Reno"),
    ("MeetingConfiguration", "site:Redmond"),
    ("MobilityPolicy", "site:Redmond"),
    ("NetworkBandwidthPolicyProfile", "LowBWProfile"),
    ("NetworkInterRegionRoute", "NA_Route5"),
    ("NetworkRegion", "NorthAmerica"),
    ("NetworkRegion", "Asia"),
    ("NetworkSubnet", "172.11.15.0"),
    (
        "OutboundCallingNumberTranslationRule",
        "site:Redmond/SevenDigit",
    ),
    ("OutboundTranslationRule", "site:Redmond/OBR1"),
    ("OutboundTranslationRule", "site:Redmond/Prefix Redmond"),
    ("PersistentChatComplianceConfiguration", "site:Redmond"),
    ("PresenceProvider", "Global/contoso.com"),
    ("PresenceProvider", "Global/fabrikam.com"),
    (
        "ProxyConfiguration",
        "service:EdgeServer:atl-cs-001.litwareinc.com",
    ),
    (
        "ReportingConfiguration",
        "service:MonitoringDatabase:atl-sql-001.litwareinc.com",
    ),
    (
        "ReportingConfiguration",
        "service:MonitoringDatabase:atl-sql-002.litwareinc.com",
    ),
    (
        "ServerApplication",
        "service:Registrar:atl-cs-001.litwareinc.com/ExumRouting",
    ),
    (
        "ServerApplication",
        "service:EdgeServer:atl-edge-001.litwareinc.com/EdgeMonitor",
    ),
    (
        "StaticRoutingConfiguration",
        "service:Registrar:atl-cs-001.litwareinc.com",
    ),
    ("UCPhoneConfiguration", "site:Redmond"),
    ("UnassignedNumber", "UNSet1"),
    ("UserServicesPolicy", "tag:RedmondUserServicesPolicy"),
    ("VoiceNormalizationRule", "Global/RedmondFourDigit"),
    ("VoiceNormalizationRule", "Global/SeattleFourDigit"),
    ("VoiceNormalizationRule", "site:Redmond/SeattleRule1"),
    ("VoicePolicy", "tag:UserPolicy1"),
    ("VoicePolicy", "tag:UserVoicePolicy1"),
    ("VoicePolicy", "tag:UserVoicePolicy2"),
    ("VoiceRoute", "testroute"),
    ("VoiceTestConfiguration", "TestConfig1"),
    ("WatcherNodeConfiguration", "atl-cs-001.litwareinc.com"),
    ("XmppAllowedPartner", "contoso.com"),
    ("XmppAllowedPartner", "xmpp.contoso.com"),
];

/// Seeds [`EXAMPLE_DOCUMENTS`] into a CMS (initial state: no version bump).
pub fn seed(cms: &mut CentralManagementStore) {
    for (kind, text) in EXAMPLE_DOCUMENTS {
        if let Ok(identity) = Identity::parse(text) {
            // Distinct identities per kind: seeding cannot collide (checked by a test).
            let _ = cms.seed(kind, ConfigDocument::new(identity, Properties::new()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_document_is_seeded_once() {
        let mut cms = CentralManagementStore::new("atl-cs-001.litwareinc.com");
        for (kind, text) in EXAMPLE_DOCUMENTS {
            let identity = Identity::parse(text).expect("valid identity");
            assert!(
                cms.seed(kind, ConfigDocument::new(identity, Properties::new()))
                    .is_ok(),
                "{kind} {text} seeded twice"
            );
        }
    }
}
