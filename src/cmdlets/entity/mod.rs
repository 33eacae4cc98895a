//! Entities: the Lync objects that are not Central Management Store documents but have their own
//! identities — Response Group queues, workflows, agent groups, holiday sets and business hours
//! and announcements (`service:ApplicationServer:<pool>/<guid>`), contact objects in Active
//! Directory (analog devices, common area phones, Exchange UM contacts, meeting rooms, dial-in
//! access numbers, Persistent Chat endpoints: a distinguished name, also found by SIP address
//! or display name), Persistent Chat rooms, categories and add-ins (`<pool>\<name>`) and the
//! Location Information Service's locations, ports, switches, subnets and access points (no
//! identity: the properties that locate them are the key).
//!
//! One table ([`KINDS`]) says, per noun, how identities look ([`Keying`]), which properties the
//! objects show and in which order, and the defaults that differ from the signature's. One body
//! ([`body`]) implements Get/New/Set/Remove/Move (and the few other verbs listed in [`TABLE`])
//! for all of them, reading the bound parameters through the catalog signatures.
//! Objects live in `Deployment::entities`, grouped by kind (the noun without `Cs`); they are
//! not CMS documents, so changing them does not make CMS replicas stale.
//! See `docs/entities.md`.

pub mod body;
mod transfer;

use super::Behaviour;
use crate::model::value::PropValue;

/// How the identities of a kind look and are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keying {
    /// `service:ApplicationServer:<pool>/<guid>`, created under `-Parent`; `-Identity` may name
    /// the service alone (every object of the kind on it) and `-Name` picks one by name.
    ServiceGuid,
    /// One object per Response Group service, existing implicitly for every ApplicationServer
    /// service of the topology (`Get-CsRgsConfiguration`): `service:ApplicationServer:<pool>`.
    Service,
    /// A contact object in Active Directory: the identity is its distinguished name; `-Identity`
    /// also accepts the SIP address and the display name (wildcards allowed).
    Contact,
    /// A Persistent Chat object: `<pool>\<name>`; `-Identity` may give the name alone.
    PoolName,
    /// No identity: these properties, together, locate the object (LIS).
    Keys(&'static [&'static str]),
}

/// One entity kind.
#[derive(Debug)]
pub struct EntityKind {
    pub noun: &'static str,
    /// The .NET type name of its objects.
    pub type_name: &'static str,
    pub keying: Keying,
    /// Properties after Identity, in display order.
    pub properties: &'static [&'static str],
    /// Defaults that differ from the signature's type default (`True`, `20`, `$null`, text).
    pub defaults: &'static [(&'static str, &'static str)],
}

impl EntityKind {
    /// The store key: the noun without `Cs`.
    pub fn store(&self) -> &'static str {
        self.noun.strip_prefix("Cs").unwrap_or(self.noun)
    }

    /// The property of this name, in its declared spelling (case-insensitive).
    pub fn property(&self, name: &str) -> Option<&'static str> {
        self.properties
            .iter()
            .copied()
            .find(|p| p.eq_ignore_ascii_case(name))
    }

    /// The property holding the object's SIP address (contacts).
    pub fn sip_property(&self) -> Option<&'static str> {
        self.property("SipAddress")
            .or_else(|| self.property("PrimaryUri"))
    }
}

const ADDRESS: [&str; 12] = [
    "Location",
    "CompanyName",
    "HouseNumber",
    "HouseNumberSuffix",
    "PreDirectional",
    "StreetName",
    "StreetSuffix",
    "PostDirectional",
    "City",
    "State",
    "PostalCode",
    "Country",
];

/// The civic address without the location name (Get-CsLisCivicAddress).
pub const CIVIC_ADDRESS: &[&str] = &[
    "HouseNumber",
    "HouseNumberSuffix",
    "PreDirectional",
    "StreetName",
    "StreetSuffix",
    "PostDirectional",
    "City",
    "State",
    "PostalCode",
    "Country",
];

const CONTACT_POLICIES: [&str; 6] = [
    "VoicePolicy",
    "DialPlan",
    "LocationPolicy",
    "ClientPolicy",
    "PinPolicy",
    "ExternalAccessPolicy",
];

macro_rules! props {
    ($($p:expr),* $(,)?) => { &[$($p),*] };
}

/// Every entity kind. Type names and property orders follow the output the cmdlet pages show
/// where they show one (queues, workflows, agent groups, contacts, access numbers); the rest
/// follow the New-/Set- syntax order and are our reading, like the namespaces of the LIS and
/// Persistent Chat types.
pub static KINDS: &[EntityKind] = &[
    EntityKind {
        noun: "CsRgsQueue",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.Queue",
        keying: Keying::ServiceGuid,
        properties: props![
            "TimeoutAction",
            "OverflowAction",
            "OwnerPool",
            "Name",
            "Description",
            "TimeoutThreshold",
            "OverflowThreshold",
            "OverflowCandidate",
            "AgentGroupIDList",
        ],
        defaults: &[
            ("OverflowCandidate", "NewestCall"),
            ("TimeoutThreshold", "$null"),
            ("OverflowThreshold", "$null"),
        ],
    },
    EntityKind {
        noun: "CsRgsWorkflow",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.Workflow",
        keying: Keying::ServiceGuid,
        properties: props![
            "Active",
            "Anonymous",
            "BusinessHoursID",
            "CustomMusicOnHoldFile",
            "DefaultAction",
            "Description",
            "DisplayNumber",
            "EnabledForFederation",
            "HolidayAction",
            "HolidaySetIDList",
            "Language",
            "LineUri",
            "Name",
            "NonBusinessHoursAction",
            "OwnerPool",
            "PrimaryUri",
            "TimeZone",
            "Managed",
            "ManagersByUri",
        ],
        defaults: &[("Language", "en-US"), ("TimeZone", "Pacific Standard Time")],
    },
    EntityKind {
        noun: "CsRgsAgentGroup",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.AgentGroup",
        keying: Keying::ServiceGuid,
        properties: props![
            "ParticipationPolicy",
            "AgentAlertTime",
            "RoutingMethod",
            "DistributionGroupAddress",
            "OwnerPool",
            "Name",
            "Description",
            "AgentsByUri",
        ],
        defaults: &[
            ("ParticipationPolicy", "Informal"),
            ("AgentAlertTime", "20"),
            ("RoutingMethod", "Parallel"),
        ],
    },
    EntityKind {
        noun: "CsRgsHolidaySet",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.HolidaySet",
        keying: Keying::ServiceGuid,
        properties: props!["HolidayList", "OwnerPool", "Name"],
        defaults: &[],
    },
    EntityKind {
        noun: "CsRgsHoursOfBusiness",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.BusinessHours",
        keying: Keying::ServiceGuid,
        properties: props![
            "Custom",
            "MondayHours1",
            "MondayHours2",
            "TuesdayHours1",
            "TuesdayHours2",
            "WednesdayHours1",
            "WednesdayHours2",
            "ThursdayHours1",
            "ThursdayHours2",
            "FridayHours1",
            "FridayHours2",
            "SaturdayHours1",
            "SaturdayHours2",
            "SundayHours1",
            "SundayHours2",
            "OwnerPool",
            "Name",
        ],
        defaults: &[("Custom", "True")],
    },
    EntityKind {
        noun: "CsRgsConfiguration",
        type_name: "Microsoft.Rtc.Rgs.Management.WritableSettings.ServiceSettings",
        keying: Keying::Service,
        properties: props![
            "AgentRingbackGracePeriod",
            "DefaultMusicOnHoldFile",
            "DisableCallContext",
        ],
        defaults: &[("AgentRingbackGracePeriod", "30")],
    },
    EntityKind {
        noun: "CsAnnouncement",
        type_name: "Microsoft.Rtc.Management.WritableConfig.Settings.AnnouncementServiceSettings.Announcement",
        keying: Keying::ServiceGuid,
        properties: props![
            "Name",
            "AudioFilePrompt",
            "TextToSpeechPrompt",
            "Language",
            "TargetUri",
            "AnnouncementId",
        ],
        defaults: &[],
    },
    EntityKind {
        noun: "CsAnalogDevice",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADAnalogDeviceContact",
        keying: Keying::Contact,
        properties: &[
            "RegistrarPool",
            "Enabled",
            "SipAddress",
            "LineUri",
            "EnterpriseVoiceEnabled",
            "ExchangeArchivingPolicy",
            "Gateway",
            "AnalogFax",
            "DisplayName",
            "DisplayNumber",
            CONTACT_POLICIES[0],
            CONTACT_POLICIES[1],
            CONTACT_POLICIES[2],
            CONTACT_POLICIES[3],
            CONTACT_POLICIES[4],
            CONTACT_POLICIES[5],
        ],
        defaults: CONTACT_DEFAULTS,
    },
    EntityKind {
        noun: "CsCommonAreaPhone",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADCommonAreaPhoneContact",
        keying: Keying::Contact,
        properties: &[
            "RegistrarPool",
            "Enabled",
            "SipAddress",
            "LineUri",
            "EnterpriseVoiceEnabled",
            "ExchangeArchivingPolicy",
            "DisplayName",
            "DisplayNumber",
            "Description",
            CONTACT_POLICIES[0],
            CONTACT_POLICIES[1],
            CONTACT_POLICIES[2],
            CONTACT_POLICIES[3],
            CONTACT_POLICIES[4],
            CONTACT_POLICIES[5],
        ],
        defaults: CONTACT_DEFAULTS,
    },
    EntityKind {
        noun: "CsExUmContact",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADExUmContact",
        keying: Keying::Contact,
        properties: props![
            "RegistrarPool",
            "Enabled",
            "SipAddress",
            "LineUri",
            "EnterpriseVoiceEnabled",
            "ExchangeArchivingPolicy",
            "DisplayName",
            "DisplayNumber",
            "AutoAttendant",
            "Description",
        ],
        defaults: CONTACT_DEFAULTS,
    },
    EntityKind {
        noun: "CsMeetingRoom",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADMeetingRoom",
        keying: Keying::Contact,
        properties: &[
            "SamAccountName",
            "DisplayName",
            "RegistrarPool",
            "HostingProvider",
            "Enabled",
            "SipAddress",
            "LineUri",
            "LineServerUri",
            "PrivateLine",
            "EnterpriseVoiceEnabled",
            "ExchangeArchivingPolicy",
            "HostedVoiceMail",
            "AudioVideoDisabled",
            "RemoteCallControlTelephonyEnabled",
            "AcpInfo",
            CONTACT_POLICIES[0],
            CONTACT_POLICIES[1],
            CONTACT_POLICIES[2],
            CONTACT_POLICIES[3],
            CONTACT_POLICIES[4],
            CONTACT_POLICIES[5],
        ],
        defaults: &[
            ("Enabled", "True"),
            ("ExchangeArchivingPolicy", "Uninitialized"),
        ],
    },
    EntityKind {
        noun: "CsDialInConferencingAccessNumber",
        type_name: "Microsoft.Rtc.Management.Xds.AccessNumber",
        keying: Keying::Contact,
        properties: props![
            "PrimaryUri",
            "DisplayName",
            "DisplayNumber",
            "LineUri",
            "PrimaryLanguage",
            "SecondaryLanguages",
            "Pool",
            "HostingProvider",
            "Regions",
        ],
        defaults: &[],
    },
    EntityKind {
        // The application contact each pool's Audio Test service answers on (Lync creates
        // one per Front End pool). Type name and property order are our reading of the Set-
        // syntax; no output is shown on the cmdlet pages.
        noun: "CsAudioTestServiceApplication",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADApplicationContact",
        keying: Keying::Contact,
        properties: props![
            "SipAddress",
            "DisplayName",
            "DisplayNumber",
            "LineUri",
            "PrimaryLanguage",
            "SecondaryLanguages",
            "Enabled",
            "EnabledForFederation",
            "EnterpriseVoiceEnabled",
            "ExchangeArchivingPolicy",
            "Type",
            "OwnerPool",
        ],
        defaults: &[("Enabled", "True")],
    },
    EntityKind {
        noun: "CsPersistentChatEndpoint",
        type_name: "Microsoft.Rtc.Management.ADConnect.Schema.OCSADPersistentChatEndpoint",
        keying: Keying::Contact,
        properties: props![
            "SipAddress",
            "DisplayName",
            "PersistentChatPoolFqdn",
            "Enabled",
        ],
        defaults: &[("Enabled", "True")],
    },
    EntityKind {
        noun: "CsPersistentChatRoom",
        type_name: "Microsoft.Rtc.Management.PersistentChat.Cmdlets.ChatRoomObject",
        keying: Keying::PoolName,
        properties: props![
            "Name",
            "Description",
            "Disabled",
            "Category",
            "Privacy",
            "Type",
            "Invitations",
            "Addin",
            "Members",
            "Managers",
            "Presenters",
        ],
        defaults: &[
            ("Privacy", "Open"),
            ("Type", "Normal"),
            ("Invitations", "Inherit"),
        ],
    },
    EntityKind {
        noun: "CsPersistentChatCategory",
        type_name: "Microsoft.Rtc.Management.PersistentChat.Cmdlets.CategoryObject",
        keying: Keying::PoolName,
        properties: props![
            "Name",
            "Description",
            "FileUpload",
            "Invitations",
            "ChatHistory",
            "AllowedMembers",
            "DeniedMembers",
            "Creators",
        ],
        defaults: &[("ChatHistory", "True")],
    },
    EntityKind {
        noun: "CsPersistentChatAddin",
        type_name: "Microsoft.Rtc.Management.PersistentChat.Cmdlets.AddinObject",
        keying: Keying::PoolName,
        properties: props!["Name", "Url"],
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisLocation",
        // Get-CsLisLocation's page gives its output type as a custom object.
        type_name: "System.Management.Automation.PSCustomObject",
        keying: Keying::Keys(&ADDRESS),
        properties: &ADDRESS,
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisPort",
        type_name: "Microsoft.Rtc.Management.Lis.LisPort",
        keying: Keying::Keys(&["ChassisID", "PortID"]),
        properties: &LIS_PORT,
        defaults: &[("PortIDSubType", "LocallyAssigned")],
    },
    EntityKind {
        noun: "CsLisSwitch",
        type_name: "Microsoft.Rtc.Management.Lis.LisSwitch",
        keying: Keying::Keys(&["ChassisID"]),
        properties: &lis_element("ChassisID"),
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisSubnet",
        type_name: "Microsoft.Rtc.Management.Lis.LisSubnet",
        keying: Keying::Keys(&["Subnet"]),
        properties: &lis_element("Subnet"),
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisWirelessAccessPoint",
        type_name: "Microsoft.Rtc.Management.Lis.LisWirelessAccessPoint",
        keying: Keying::Keys(&["BSSID"]),
        properties: &lis_element("BSSID"),
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisServiceProvider",
        type_name: "Microsoft.Rtc.Management.Lis.LisServiceProvider",
        keying: Keying::Keys(&[]),
        properties: props![
            "ServiceProviderName",
            "ValidationServiceUrl",
            "CertFileName"
        ],
        defaults: &[],
    },
    EntityKind {
        noun: "CsLisCivicAddress",
        type_name: "Microsoft.Rtc.Management.Lis.LisCivicAddress",
        keying: Keying::Keys(CIVIC_ADDRESS),
        properties: CIVIC_ADDRESS,
        defaults: &[],
    },
];

const CONTACT_DEFAULTS: &[(&str, &str)] = &[
    ("Enabled", "True"),
    ("EnterpriseVoiceEnabled", "True"),
    ("ExchangeArchivingPolicy", "Uninitialized"),
];

/// A LIS network element: its key, a description, then the location and its address.
const fn lis_element(key: &'static str) -> [&'static str; 14] {
    [
        key,
        "Description",
        ADDRESS[0],
        ADDRESS[1],
        ADDRESS[2],
        ADDRESS[3],
        ADDRESS[4],
        ADDRESS[5],
        ADDRESS[6],
        ADDRESS[7],
        ADDRESS[8],
        ADDRESS[9],
        ADDRESS[10],
        ADDRESS[11],
    ]
}

const LIS_PORT: [&str; 16] = [
    "ChassisID",
    "PortID",
    "PortIDSubType",
    "Description",
    ADDRESS[0],
    ADDRESS[1],
    ADDRESS[2],
    ADDRESS[3],
    ADDRESS[4],
    ADDRESS[5],
    ADDRESS[6],
    ADDRESS[7],
    ADDRESS[8],
    ADDRESS[9],
    ADDRESS[10],
    ADDRESS[11],
];

/// The entity kind of a noun (case-insensitive).
pub fn kind(noun: &str) -> Option<&'static EntityKind> {
    KINDS.iter().find(|k| k.noun.eq_ignore_ascii_case(noun))
}

/// The kind a cmdlet works on: its noun's, except that chat messages belong to rooms.
pub fn kind_for(spec: &super::CmdletSpec) -> Option<&'static EntityKind> {
    match spec.noun {
        "CsPersistentChatMessage" => kind("CsPersistentChatRoom"),
        "CsLisConfiguration" => kind("CsLisLocation"),
        "CsPersistentChatEligiblePrincipal" | "CsPersistentChatData" => {
            kind("CsPersistentChatRoom")
        }
        n => kind(n),
    }
}

/// The kind's default value of a property: its entry in `defaults`, else the type default of
/// the New-/Set- parameter of that name, else nothing.
pub fn default_value(kind: &EntityKind, property: &str) -> PropValue {
    if let Some((_, text)) = kind
        .defaults
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(property))
    {
        return literal(text);
    }
    for verb in ["New", "Set"] {
        if let Some(p) =
            super::lookup(&format!("{verb}-{}", kind.noun)).and_then(|s| s.param(property))
            && !matches!(p.ty, super::Ty::Switch)
        {
            return super::generic::ops::type_default(p);
        }
    }
    if property.ends_with("List") || property.ends_with("ByUri") {
        return PropValue::List(Vec::new());
    }
    PropValue::Null
}

fn literal(text: &str) -> PropValue {
    match text {
        "$null" => PropValue::Null,
        "True" => PropValue::Bool(true),
        "False" => PropValue::Bool(false),
        t => t
            .parse::<i64>()
            .map_or_else(|_| PropValue::str(t), PropValue::Int),
    }
}

/// The cmdlets this family runs, one body for all (it reads the running cmdlet's name).
pub static TABLE: &[(&str, Behaviour)] = &[
    ("Get-CsRgsQueue", ENTITY),
    ("New-CsRgsQueue", ENTITY),
    ("Set-CsRgsQueue", ENTITY),
    ("Remove-CsRgsQueue", ENTITY),
    ("Get-CsRgsWorkflow", ENTITY),
    ("New-CsRgsWorkflow", ENTITY),
    ("Set-CsRgsWorkflow", ENTITY),
    ("Remove-CsRgsWorkflow", ENTITY),
    ("Get-CsRgsAgentGroup", ENTITY),
    ("New-CsRgsAgentGroup", ENTITY),
    ("Set-CsRgsAgentGroup", ENTITY),
    ("Remove-CsRgsAgentGroup", ENTITY),
    ("Get-CsRgsHolidaySet", ENTITY),
    ("New-CsRgsHolidaySet", ENTITY),
    ("Set-CsRgsHolidaySet", ENTITY),
    ("Remove-CsRgsHolidaySet", ENTITY),
    ("Get-CsRgsHoursOfBusiness", ENTITY),
    ("New-CsRgsHoursOfBusiness", ENTITY),
    ("Set-CsRgsHoursOfBusiness", ENTITY),
    ("Remove-CsRgsHoursOfBusiness", ENTITY),
    ("Get-CsRgsConfiguration", ENTITY),
    ("Set-CsRgsConfiguration", ENTITY),
    ("Get-CsAnnouncement", ENTITY),
    ("New-CsAnnouncement", ENTITY),
    ("Set-CsAnnouncement", ENTITY),
    ("Remove-CsAnnouncement", ENTITY),
    ("Get-CsAudioTestServiceApplication", ENTITY),
    ("Set-CsAudioTestServiceApplication", ENTITY),
    ("Get-CsAnalogDevice", ENTITY),
    ("New-CsAnalogDevice", ENTITY),
    ("Set-CsAnalogDevice", ENTITY),
    ("Remove-CsAnalogDevice", ENTITY),
    ("Move-CsAnalogDevice", ENTITY),
    ("Get-CsCommonAreaPhone", ENTITY),
    ("New-CsCommonAreaPhone", ENTITY),
    ("Set-CsCommonAreaPhone", ENTITY),
    ("Remove-CsCommonAreaPhone", ENTITY),
    ("Move-CsCommonAreaPhone", ENTITY),
    ("Get-CsExUmContact", ENTITY),
    ("New-CsExUmContact", ENTITY),
    ("Set-CsExUmContact", ENTITY),
    ("Remove-CsExUmContact", ENTITY),
    ("Move-CsExUmContact", ENTITY),
    ("Get-CsMeetingRoom", ENTITY),
    ("Set-CsMeetingRoom", ENTITY),
    ("Move-CsMeetingRoom", ENTITY),
    ("Get-CsDialInConferencingAccessNumber", ENTITY),
    ("New-CsDialInConferencingAccessNumber", ENTITY),
    ("Set-CsDialInConferencingAccessNumber", ENTITY),
    ("Remove-CsDialInConferencingAccessNumber", ENTITY),
    ("Get-CsPersistentChatEndpoint", ENTITY),
    ("New-CsPersistentChatEndpoint", ENTITY),
    ("Remove-CsPersistentChatEndpoint", ENTITY),
    ("Get-CsPersistentChatRoom", ENTITY),
    ("New-CsPersistentChatRoom", ENTITY),
    ("Set-CsPersistentChatRoom", ENTITY),
    ("Remove-CsPersistentChatRoom", ENTITY),
    ("Clear-CsPersistentChatRoom", ENTITY),
    ("Remove-CsPersistentChatMessage", ENTITY),
    ("Get-CsPersistentChatCategory", ENTITY),
    ("New-CsPersistentChatCategory", ENTITY),
    ("Set-CsPersistentChatCategory", ENTITY),
    ("Remove-CsPersistentChatCategory", ENTITY),
    ("Get-CsPersistentChatAddin", ENTITY),
    ("New-CsPersistentChatAddin", ENTITY),
    ("Set-CsPersistentChatAddin", ENTITY),
    ("Remove-CsPersistentChatAddin", ENTITY),
    ("Get-CsLisLocation", ENTITY),
    ("Set-CsLisLocation", ENTITY),
    ("Remove-CsLisLocation", ENTITY),
    ("Get-CsLisPort", ENTITY),
    ("Set-CsLisPort", ENTITY),
    ("Remove-CsLisPort", ENTITY),
    ("Get-CsLisSwitch", ENTITY),
    ("Set-CsLisSwitch", ENTITY),
    ("Remove-CsLisSwitch", ENTITY),
    ("Get-CsLisSubnet", ENTITY),
    ("Set-CsLisSubnet", ENTITY),
    ("Remove-CsLisSubnet", ENTITY),
    ("Get-CsLisWirelessAccessPoint", ENTITY),
    ("Set-CsLisWirelessAccessPoint", ENTITY),
    ("Remove-CsLisWirelessAccessPoint", ENTITY),
    ("Get-CsLisServiceProvider", ENTITY),
    ("Set-CsLisServiceProvider", ENTITY),
    ("Remove-CsLisServiceProvider", ENTITY),
    ("Get-CsLisCivicAddress", ENTITY),
    ("Export-CsLisConfiguration", ENTITY),
    ("Import-CsLisConfiguration", ENTITY),
    ("Export-CsRgsConfiguration", ENTITY),
    ("Import-CsRgsConfiguration", ENTITY),
    ("Move-CsRgsConfiguration", ENTITY),
    ("Get-CsPersistentChatEligiblePrincipal", ENTITY),
    ("Export-CsPersistentChatData", ENTITY),
    ("Import-CsPersistentChatData", ENTITY),
];

const ENTITY: Behaviour = Behaviour {
    make: body::make,
    generic: false,
};

/// Registers a list view for every entity type: Lync prints these objects as lists.
pub fn register_views(reg: &mut crate::runtime::format::ViewRegistry) {
    for k in KINDS {
        if k.type_name.starts_with("System.") {
            continue;
        }
        let mut properties: Vec<String> = Vec::new();
        if !matches!(k.keying, Keying::Keys(_)) {
            properties.push("Identity".to_string());
        }
        properties.extend(k.properties.iter().map(|p| p.to_string()));
        reg.register(
            k.type_name,
            crate::runtime::format::View::List { properties },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_cmdlet_is_in_the_catalog_and_has_a_kind() {
        for (name, _) in TABLE {
            let spec = super::super::lookup(name);
            assert!(spec.is_some(), "{name}");
            assert!(spec.and_then(kind_for).is_some(), "{name}");
        }
    }

    #[test]
    fn defaults_come_from_the_table_then_the_signature() {
        let Some(q) = kind("CsRgsAgentGroup") else {
            panic!("kind")
        };
        assert_eq!(default_value(q, "AgentAlertTime"), PropValue::Int(20));
        assert_eq!(default_value(q, "Description"), PropValue::Null);
        assert_eq!(default_value(q, "AgentsByUri"), PropValue::List(Vec::new()));
        assert_eq!(q.store(), "RgsAgentGroup");
    }
}

#[cfg(test)]
mod behaviour_tests;
