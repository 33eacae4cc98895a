//! The Litware lab beyond a fresh install: the configuration an administrator of Litware's
//! Redmond headquarters has built up over time — site-level settings for Redmond, per-user
//! (tag) policies for departments, a voice route, a call park orbit, call admission control
//! entries, an Exchange partner application, a gateway's response-code rule.
//!
//! These are the objects the official cmdlet examples manage (`Get-`/`Set-`/`Remove-`/`Grant-`)
//! without creating them first. Where one example creates an identity with `New-` and others
//! read, change or remove the same identity, the identity is seeded only when the readers are
//! at least as many as the creators (a tie is seeded: documentation pages usually show one
//! `New-` against several `Get-`/`Set-`/`Remove-` calls); the trade-offs are listed in
//! `docs/generic.md`. Every document holds only the properties that make it meaningful; the
//! generic store fills the rest with their defaults when it is read.

use super::cms::{CentralManagementStore, ConfigDocument};
use super::identity::Identity;
use super::value::{PropValue, Properties};

/// Configuration kinds for which Redmond has its own site-level document.
///
/// Left out, because their examples create `site:Redmond` more often than they use it:
/// AutodiscoverConfiguration, ClientVersionConfiguration, CpsConfiguration,
/// DeviceUpdateConfiguration, RegistrarConfiguration. (Kinds already named in
/// `examples.rs`, e.g. MeetingConfiguration, are not repeated.)
pub const REDMOND_SITE_CONFIGURATIONS: &[&str] = &[
    "AddressBookConfiguration",
    "AVEdgeConfiguration",
    "CdrConfiguration",
    "ConferencingConfiguration",
    "DiagnosticConfiguration",
    "DiagnosticHeaderConfiguration",
    "DialInConferencingDtmfConfiguration",
    "FileTransferFilterConfiguration",
    "ImFilterConfiguration",
    "KerberosAccountAssignment",
    "McxConfiguration",
    "PersistentChatConfiguration",
    "PrivacyConfiguration",
    "PushNotificationConfiguration",
    "QoEConfiguration",
    "SimpleUrlConfiguration",
    "TrunkConfiguration",
    "UserServicesConfiguration",
    "VoicemailReroutingConfiguration",
    "WebServiceConfiguration",
    // Policies with a Redmond site policy (the other policy kinds' examples create it).
    "ArchivingPolicy",
    "UserServicesPolicy",
];

/// Per-user policies: `(kind, tag name)`. No external access policy: the federation area keeps
/// Lync 2013's fresh-install state (only the Global policy), which its scenarios start from.
pub const TAG_POLICIES: &[(&str, &str)] = &[
    ("ArchivingPolicy", "RedmondArchivingPolicy"),
    ("ClientPolicy", "RedmondClientPolicy"),
    ("ClientVersionPolicy", "RedmondClientVersionPolicy"),
    ("ConferencingPolicy", "FinanceConferencingPolicy"),
    ("ConferencingPolicy", "HRConferencingPolicy"),
    ("HostedVoicemailPolicy", "ExRedmond"),
    ("MobilityPolicy", "RedmondMobilityPolicy"),
    ("PersistentChatPolicy", "RedmondUsersPersistentChatPolicy"),
    ("PinPolicy", "RedmondUsersPinPolicy"),
    ("PresencePolicy", "RedmondPresencePolicy"),
];

fn props(pairs: &[(&str, PropValue)]) -> Properties {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

fn strs(items: &[&str]) -> PropValue {
    PropValue::List(items.iter().map(|s| PropValue::str(s)).collect())
}

/// A call park orbit of the Redmond pool's Call Park service; `CallParkServiceId` and
/// `CallParkServerFqdn` are shown by Get-CsCallParkOrbit (examples filter on them).
fn orbit(start: &str, end: &str) -> Properties {
    let service = "ApplicationServer:atl-cs-001.litwareinc.com";
    props(&[
        ("NumberRangeStart", PropValue::str(start)),
        ("NumberRangeEnd", PropValue::str(end)),
        ("CallParkService", PropValue::str(service)),
        ("CallParkServiceId", PropValue::str(service)),
        (
            "CallParkServerFqdn",
            PropValue::str("atl-cs-001.litwareinc.com"),
        ),
    ])
}

/// Documents with identities other than site:Redmond and tag:, with their telling properties.
fn other_documents() -> Vec<(&'static str, &'static str, Properties)> {
    vec![
        (
            "PstnUsage",
            "Global",
            props(&[("Usage", strs(&["Internal", "Local", "Long Distance"]))]),
        ),
        (
            "VoiceRoute",
            "Route1",
            props(&[
                (
                    "Description",
                    PropValue::str("Calls to Redmond and Seattle"),
                ),
                ("NumberPattern", PropValue::str("^\\+1(425|206)(\\d{7})$")),
                ("PstnUsages", strs(&["Local"])),
            ]),
        ),
        (
            "VoiceRoute",
            "LocalRoute",
            props(&[
                (
                    "Description",
                    PropValue::str("Calls within the 425 area code"),
                ),
                ("NumberPattern", PropValue::str("^\\+1425(\\d{7})$")),
                ("PstnUsages", strs(&["Local"])),
                ("SuppressCallerId", PropValue::Bool(true)),
                ("AlternateCallerId", PropValue::str("+14255550100")),
            ]),
        ),
        (
            "VoiceTestConfiguration",
            "TestConfig2",
            props(&[
                ("DialedNumber", PropValue::str("5550100")),
                ("ExpectedTranslatedNumber", PropValue::str("+14255550100")),
            ]),
        ),
        ("CallParkOrbit", "Redmond CPO 1", orbit("*100", "*199")),
        (
            "NetworkBandwidthPolicyProfile",
            "LowBWLimit",
            props(&[("Description", PropValue::str("Low bandwidth links"))]),
        ),
        (
            "NetworkInterRegionRoute",
            "NA_APAC_Route",
            props(&[
                ("NetworkRegionID1", PropValue::str("NorthAmerica")),
                ("NetworkRegionID2", PropValue::str("Asia")),
            ]),
        ),
        (
            "NetworkSite",
            "Vancouver",
            props(&[("NetworkRegionID", PropValue::str("NorthAmerica"))]),
        ),
        (
            "NetworkInterSitePolicy",
            "Reno_Portland",
            props(&[
                ("NetworkSiteID1", PropValue::str("Reno")),
                ("NetworkSiteID2", PropValue::str("Portland")),
                ("BWPolicyProfileID", PropValue::str("LowBWLimit")),
            ]),
        ),
        (
            "PartnerApplication",
            "MicrosoftExchange",
            props(&[
                (
                    "ApplicationIdentifier",
                    PropValue::str("00000002-0000-0ff1-ce00-000000000000"),
                ),
                ("ApplicationTrustLevel", PropValue::str("Full")),
                ("Enabled", PropValue::Bool(true)),
            ]),
        ),
        (
            "SipResponseCodeTranslationRule",
            "service:PstnGateway:192.168.0.240/Rule404",
            props(&[
                ("ReceivedResponseCode", PropValue::Int(434)),
                ("TranslatedResponseCode", PropValue::Int(404)),
            ]),
        ),
        (
            "TestDevice",
            "site:Redmond/UCPhone",
            props(&[
                ("IdentifierType", PropValue::str("SerialNumber")),
                ("Identifier", PropValue::str("07823-A345")),
            ]),
        ),
        ("CallParkOrbit", "Redmond CPO 2", orbit("*200", "*299")),
        (
            "OAuthServer",
            "Office 365",
            props(&[(
                "MetadataUrl",
                PropValue::str(
                    "https://accounts.accesscontrol.windows.net/litwareinc.onmicrosoft.com/metadata/json/1",
                ),
            )]),
        ),
        (
            "VoiceNormalizationRule",
            "site:Redmond/Prefix Redmond",
            props(&[
                ("Pattern", PropValue::str("^(\\d{7})$")),
                ("Translation", PropValue::str("+1425$1")),
            ]),
        ),
        (
            "OutboundTranslationRule",
            "site:Redmond/OTR1",
            props(&[
                ("Pattern", PropValue::str("^\\+(\\d{8})$")),
                ("Translation", PropValue::str("9$1")),
            ]),
        ),
        ("MediaConfiguration", "site:Redmond1", Properties::new()),
        (
            "VoicemailReroutingConfiguration",
            "site:Redmond1",
            Properties::new(),
        ),
        (
            "HealthMonitoringConfiguration",
            "atl-cs-001.litwareinc.com",
            props(&[
                (
                    "FirstTestUserSipUri",
                    PropValue::str("sip:kenmyer@litwareinc.com"),
                ),
                (
                    "SecondTestUserSipUri",
                    PropValue::str("sip:pilar@litwareinc.com"),
                ),
                ("TargetFqdn", PropValue::str("atl-cs-001.litwareinc.com")),
            ]),
        ),
    ]
}

/// Every `(kind, identity, properties)` of the lab.
pub fn documents() -> Vec<(&'static str, String, Properties)> {
    let mut out: Vec<(&'static str, String, Properties)> = REDMOND_SITE_CONFIGURATIONS
        .iter()
        .map(|k| (*k, "site:Redmond".to_string(), Properties::new()))
        .collect();
    out.extend(
        TAG_POLICIES
            .iter()
            .map(|(k, n)| (*k, format!("tag:{n}"), Properties::new())),
    );
    out.extend(
        other_documents()
            .into_iter()
            .map(|(k, i, p)| (k, i.to_string(), p)),
    );
    out
}

/// Seeds the lab's documents into a CMS (initial state: no version bump). External access
/// policies take their Lync 2013 on-premises defaults, as every stored one does.
pub fn seed(cms: &mut CentralManagementStore) {
    for (kind, text, properties) in documents() {
        let Ok(identity) = Identity::parse(&text) else {
            continue;
        };
        let doc = if kind == super::cms::kinds::EXTERNAL_ACCESS_POLICY {
            super::federation::external_access_policy(identity)
        } else {
            ConfigDocument::new(identity, properties)
        };
        // Distinct identities per kind, and none shared with examples.rs (checked by a test).
        let _ = cms.seed(kind, doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_documents_are_distinct_from_each_other_and_from_the_example_seeds() {
        let mut cms = CentralManagementStore::new("atl-cs-001.litwareinc.com");
        super::super::examples::seed(&mut cms);
        for (kind, text, properties) in documents() {
            let identity = Identity::parse(&text).expect("valid identity");
            assert!(
                cms.seed(kind, ConfigDocument::new(identity, properties))
                    .is_ok(),
                "{kind} {text} seeded twice"
            );
        }
    }
}
