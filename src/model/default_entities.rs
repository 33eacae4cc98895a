//! The Litware objects outside the CMS that the official examples name without creating them:
//! Response Group queues, workflows, agent groups, holiday sets and business hours, an
//! announcement, analog devices, common area phones, Exchange UM contacts, meeting rooms,
//! dial-in access numbers, Persistent Chat endpoints, rooms, categories and add-ins, and LIS
//! locations, ports, switches, subnets and access points.
//!
//! Each object stores its identity and the properties the examples look at; the entity family
//! fills the others with their defaults when it reads them. Identifiers are fixed (the
//! examples print some of them), so seeding draws nothing from the deployment's `IdSource`.
//! Where an example creates an object with `New-` and no other example needs it beforehand,
//! it is left out, so that the `New-` example still succeeds.

use super::cms::{ConfigDocument, ConfigStore};
use super::identity::Identity;
use super::value::{PropValue, Properties};

const POOL: &str = "atl-cs-001.litwareinc.com";
const POOL2: &str = "atl-cs-002.litwareinc.com";

enum V {
    S(&'static str),
    B(bool),
    L(&'static [&'static str]),
    /// A list of records (holidays, time ranges): each is `(property, value)` pairs.
    R(&'static [&'static [(&'static str, &'static str)]]),
}

fn value(v: &V) -> PropValue {
    match v {
        V::S(s) => PropValue::str(s),
        V::B(b) => PropValue::Bool(*b),
        V::L(items) => PropValue::List(items.iter().map(|s| PropValue::str(s)).collect()),
        V::R(records) => PropValue::List(
            records
                .iter()
                .map(|r| {
                    let mut p = Properties::new();
                    for (k, v) in r.iter() {
                        p.insert((*k).to_string(), PropValue::str(v));
                    }
                    PropValue::Record(p)
                })
                .collect(),
        ),
    }
}

type Seed = (&'static str, &'static str, &'static [(&'static str, V)]);

const WEEKDAY: &[(&str, &str)] = &[
    ("Name", "US Weekday Hours"),
    ("OpenTime", "08:00:00"),
    ("CloseTime", "17:00:00"),
];

/// `(kind, identity, properties)` of every seeded object, in listing order.
const SEEDS: &[Seed] = &[
    (
        "RgsQueue",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/1987d3c2-4544-489d-bbe3-59f79f530a83",
        &[
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("Help Desk")),
            ("OverflowCandidate", V::S("OldestCall")),
        ],
    ),
    (
        "RgsQueue",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/4a3e9b8c-6b0d-4a3e-9c4f-1d7b1e2a5f60",
        &[("OwnerPool", V::S(POOL)), ("Name", V::S("Help Desk Queue"))],
    ),
    (
        "RgsQueue",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/7c1d2e3f-8a9b-4c0d-8e1f-2a3b4c5d6e7f",
        &[
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("Help Desk Overflow Queue")),
        ],
    ),
    (
        "RgsWorkflow",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/9d8c7b6a-5f4e-4d3c-9b2a-1f0e9d8c7b6a",
        &[
            ("Active", V::B(true)),
            ("Name", V::S("Help Desk")),
            ("OwnerPool", V::S(POOL)),
            ("PrimaryUri", V::S("sip:helpdesk@litwareinc.com")),
        ],
    ),
    (
        "RgsWorkflow",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/2b4d6f80-1a3c-4e5f-8d7b-9c1e3f5a7b9d",
        &[
            ("Name", V::S("Help Desk Workflow")),
            ("OwnerPool", V::S(POOL)),
            ("PrimaryUri", V::S("sip:helpdeskworkflow@litwareinc.com")),
        ],
    ),
    (
        "RgsAgentGroup",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
        &[
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("Help Desk")),
            (
                "AgentsByUri",
                V::L(&["sip:kenmyer@litwareinc.com", "sip:pilar@litwareinc.com"]),
            ),
        ],
    ),
    (
        "RgsHolidaySet",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
        &[
            (
                "HolidayList",
                V::R(&[&[
                    ("Name", "Christmas Day"),
                    ("StartDate", "12/25/2010 12:00:00 AM"),
                    ("EndDate", "12/26/2010 12:00:00 AM"),
                ]]),
            ),
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("2010 Holidays")),
        ],
    ),
    (
        "RgsHolidaySet",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f7a",
        &[
            (
                "HolidayList",
                V::R(&[&[
                    ("Name", "New Year's Day"),
                    ("StartDate", "1/1/2018 12:00:00 AM"),
                    ("EndDate", "1/2/2018 12:00:00 AM"),
                ]]),
            ),
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("2018 Holidays")),
        ],
    ),
    (
        "RgsHoursOfBusiness",
        "service:ApplicationServer:atl-cs-001.litwareinc.com/e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b",
        &[
            ("Custom", V::B(false)),
            ("MondayHours1", V::R(&[WEEKDAY])),
            ("TuesdayHours1", V::R(&[WEEKDAY])),
            ("WednesdayHours1", V::R(&[WEEKDAY])),
            ("ThursdayHours1", V::R(&[WEEKDAY])),
            ("FridayHours1", V::R(&[WEEKDAY])),
            ("OwnerPool", V::S(POOL)),
            ("Name", V::S("US Business Hours")),
        ],
    ),
    (
        "Announcement",
        "service:ApplicationServer:redmond.litwareinc.com/1951f734-c80f-4fb2-965d-51807c792b90",
        &[
            ("Name", V::S("Office Closed Announcement")),
            ("TextToSpeechPrompt", V::S("The office is closed.")),
            ("Language", V::S("en-US")),
            (
                "AnnouncementId",
                V::S("1951f734-c80f-4fb2-965d-51807c792b90"),
            ),
        ],
    ),
    (
        "AnalogDevice",
        "CN={e5e7daba-394e-46ec-95a1-1f2a9947aad2},CN=Users,DC=litwareinc,DC=com",
        &[
            ("RegistrarPool", V::S(POOL2)),
            (
                "SipAddress",
                V::S("sip:{e5e7daba-394e-46ec-95a1-1f2a9947aad2}@litwareinc.com"),
            ),
            ("LineUri", V::S("tel:+14255556001")),
            ("Gateway", V::S("192.168.0.240")),
            ("AnalogFax", V::B(false)),
            ("DisplayName", V::S("Building 14 Receptionist")),
            ("VoicePolicy", V::S("RedmondVoicePolicy")),
        ],
    ),
    (
        "AnalogDevice",
        "CN={0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0},CN=Users,DC=litwareinc,DC=com",
        &[
            ("RegistrarPool", V::S(POOL2)),
            (
                "SipAddress",
                V::S("sip:{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}@litwareinc.com"),
            ),
            ("LineUri", V::S("tel:+14255556002")),
            ("Gateway", V::S("192.168.0.240")),
            ("AnalogFax", V::B(true)),
            ("DisplayName", V::S("Building 14 Fax")),
        ],
    ),
    (
        "CommonAreaPhone",
        "CN={ce84964a-c4da-4622-ad34-c54ff3ed361f},OU=Redmond,DC=Litwareinc,DC=com",
        &[
            ("RegistrarPool", V::S(POOL2)),
            (
                "SipAddress",
                V::S("sip:{ce84964a-c4da-4622-ad34-c54ff3ed361f}@litwareinc.com"),
            ),
            ("LineUri", V::S("tel:+14255551234")),
            ("DisplayName", V::S("Building 14 Lobby")),
        ],
    ),
    (
        "ExUmContact",
        "CN={a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d},OU=ExUmContacts,DC=litwareinc,DC=com",
        &[
            ("RegistrarPool", V::S(POOL2)),
            ("SipAddress", V::S("sip:exum1@fabrikam.com")),
            ("DisplayNumber", V::S("2065551111")),
            ("AutoAttendant", V::B(true)),
        ],
    ),
    (
        "ExUmContact",
        "CN={b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e},OU=ExUmContacts,DC=litwareinc,DC=com",
        &[
            ("RegistrarPool", V::S(POOL)),
            ("SipAddress", V::S("sip:exumsa4@fabrikam.com")),
            ("DisplayNumber", V::S("2065554444")),
            ("AutoAttendant", V::B(false)),
        ],
    ),
    (
        "MeetingRoom",
        "CN=RedmondMeetingRoom,OU=Redmond,DC=litwareinc,DC=com",
        &[
            ("SamAccountName", V::S("RedmondMeetingRoom")),
            ("DisplayName", V::S("Redmond Meeting Room")),
            ("RegistrarPool", V::S(POOL)),
            ("SipAddress", V::S("sip:redmondmeetingroom@litwareinc.com")),
            ("VoicePolicy", V::S("RedmondVoicePolicy")),
        ],
    ),
    (
        "MeetingRoom",
        "CN=Room 15,OU=Redmond,DC=litwareinc,DC=com",
        &[
            ("SamAccountName", V::S("room15")),
            ("DisplayName", V::S("Room 15")),
            ("RegistrarPool", V::S(POOL)),
            ("SipAddress", V::S("sip:room15@litwareinc.com")),
        ],
    ),
    (
        "AudioTestServiceApplication",
        "CN={5b2c7d1e-3f4a-4b5c-8d6e-7f8a9b0c1d2e},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=litwareinc,DC=com",
        &[
            ("SipAddress", V::S("sip:RedmondAudioTest@litwareinc.com")),
            ("DisplayName", V::S("Redmond Audio Test Service")),
            ("PrimaryLanguage", V::S("en-US")),
            ("OwnerPool", V::S(POOL)),
        ],
    ),
    (
        "DialInConferencingAccessNumber",
        "CN={7d3e8f2a-1b4c-4d5e-9f6a-7b8c9d0e1f2a},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=litwareinc,DC=com",
        &[
            ("PrimaryUri", V::S("sip:RedmondDialIn@litwareinc.com")),
            ("DisplayName", V::S("Redmond Dial-In Access Number")),
            ("DisplayNumber", V::S("1-800-555-1234")),
            ("LineUri", V::S("tel:+18005551234")),
            ("PrimaryLanguage", V::S("en-US")),
            ("Pool", V::S(POOL)),
            ("Regions", V::L(&["Redmond"])),
        ],
    ),
    (
        "DialInConferencingAccessNumber",
        "CN={8e4f9a3b-2c5d-4e6f-8a7b-8c9d0e1f2a3b},CN=Application Contacts,CN=RTC Service,CN=Services,CN=Configuration,DC=litwareinc,DC=com",
        &[
            ("PrimaryUri", V::S("sip:DublinDialIn@litwareinc.com")),
            ("DisplayName", V::S("Dublin Dial-In Access Number")),
            ("DisplayNumber", V::S("+353 1 555 0100")),
            ("LineUri", V::S("tel:+35315550100")),
            ("PrimaryLanguage", V::S("en-GB")),
            ("SecondaryLanguages", V::L(&["fr-FR"])),
            ("Pool", V::S(POOL)),
            ("Regions", V::L(&["Dublin"])),
        ],
    ),
    (
        "PersistentChatEndpoint",
        "CN={9f5a0b4c-3d6e-4f7a-9b8c-9d0e1f2a3b4c},CN=Users,DC=litwareinc,DC=com",
        &[
            ("SipAddress", V::S("sip:pce@litwareinc.com")),
            ("DisplayName", V::S("Persistent Chat Endpoint")),
            (
                "PersistentChatPoolFqdn",
                V::S("atl-pcpool-001.litwareinc.com"),
            ),
        ],
    ),
    (
        "PersistentChatCategory",
        "atl-cs-001.litwareinc.com\\IT",
        &[("Name", V::S("IT")), ("Description", V::S("IT department"))],
    ),
    (
        "PersistentChatCategory",
        "atl-cs-001.litwareinc.com\\helpdesk",
        &[("Name", V::S("helpdesk")), ("FileUpload", V::B(true))],
    ),
    (
        "PersistentChatCategory",
        "atl-gc-001.litwareinc.com\\Redmond",
        &[("Name", V::S("Redmond"))],
    ),
    (
        "PersistentChatCategory",
        "atl-persistentchat-001.litwareinc.com\\IT",
        &[("Name", V::S("IT"))],
    ),
    (
        "PersistentChatCategory",
        "atl-persistentchat-001.litwareinc.com\\ITChat",
        &[
            ("Name", V::S("ITChat")),
            ("AllowedMembers", V::L(&["DC=litwareinc,DC=com"])),
            ("Creators", V::L(&["sip:kenmyer@litwareinc.com"])),
        ],
    ),
    (
        "PersistentChatRoom",
        "atl-persistentchat-001.litwareinc.com\\HelpDeskChatRoom",
        &[
            ("Name", V::S("HelpDeskChatRoom")),
            (
                "Category",
                V::S("atl-persistentchat-001.litwareinc.com\\ITChat"),
            ),
            ("Type", V::S("Auditorium")),
            ("Presenters", V::L(&["sip:kenmyer@litwareinc.com"])),
        ],
    ),
    (
        "PersistentChatRoom",
        "atl-cs-001.litwareinc.com\\ITChatRoom",
        &[
            ("Name", V::S("ITChatRoom")),
            ("Category", V::S("atl-cs-001.litwareinc.com\\IT")),
            ("Members", V::L(&["sip:kenmyer@litwareinc.com"])),
            ("Managers", V::L(&["sip:kenmyer@litwareinc.com"])),
        ],
    ),
    (
        "PersistentChatRoom",
        "atl-gc-001.litwareinc.com\\RedmondChatRoom",
        &[
            ("Name", V::S("RedmondChatRoom")),
            ("Category", V::S("atl-gc-001.litwareinc.com\\Redmond")),
            ("Privacy", V::S("Closed")),
        ],
    ),
    (
        "PersistentChatRoom",
        "atl-persistentchat-001.litwareinc.com\\ITChatRoom",
        &[
            ("Name", V::S("ITChatRoom")),
            (
                "Category",
                V::S("atl-persistentchat-001.litwareinc.com\\IT"),
            ),
        ],
    ),
    (
        "PersistentChatAddin",
        "atl-cs-001.litwareinc.com\\HelpDeskAddin",
        &[
            ("Name", V::S("HelpDeskAddin")),
            ("Url", V::S("https://atl-cs-001.litwareinc.com/helpdesk")),
        ],
    ),
    (
        "LisLocation",
        "NorthCampus|Litware, Inc.|1234||NE|Main|St||Redmond|WA|99999|US",
        &[
            ("Location", V::S("NorthCampus")),
            ("CompanyName", V::S("Litware, Inc.")),
            ("HouseNumber", V::S("1234")),
            ("HouseNumberSuffix", V::S("")),
            ("PreDirectional", V::S("NE")),
            ("StreetName", V::S("Main")),
            ("StreetSuffix", V::S("St")),
            ("PostDirectional", V::S("")),
            ("City", V::S("Redmond")),
            ("State", V::S("WA")),
            ("PostalCode", V::S("99999")),
            ("Country", V::S("US")),
        ],
    ),
    (
        "LisLocation",
        "Bldg30NEWing|Litware, Inc.|1234||NE|Main|St||Redmond|WA|99999|US",
        &[
            ("Location", V::S("Bldg30NEWing")),
            ("CompanyName", V::S("Litware, Inc.")),
            ("HouseNumber", V::S("1234")),
            ("HouseNumberSuffix", V::S("")),
            ("PreDirectional", V::S("NE")),
            ("StreetName", V::S("Main")),
            ("StreetSuffix", V::S("St")),
            ("PostDirectional", V::S("")),
            ("City", V::S("Redmond")),
            ("State", V::S("WA")),
            ("PostalCode", V::S("99999")),
            ("Country", V::S("US")),
        ],
    ),
    (
        "LisPort",
        "99-99-99-99-99-99|4200",
        &[
            ("ChassisID", V::S("99-99-99-99-99-99")),
            ("PortID", V::S("4200")),
            ("Location", V::S("NorthCampus")),
            ("City", V::S("Redmond")),
        ],
    ),
    (
        "LisPort",
        "99-99-99-99-99-88|4100",
        &[
            ("ChassisID", V::S("99-99-99-99-99-88")),
            ("PortID", V::S("4100")),
            ("Location", V::S("Bldg30NEWing")),
            ("City", V::S("Redmond")),
        ],
    ),
    (
        "LisSwitch",
        "99-99-99-99-99-99",
        &[
            ("ChassisID", V::S("99-99-99-99-99-99")),
            ("Location", V::S("NorthCampus")),
            ("City", V::S("Redmond")),
        ],
    ),
    (
        "LisSubnet",
        "192.10.10.0",
        &[
            ("Subnet", V::S("192.10.10.0")),
            ("Location", V::S("Bldg30/Room1000")),
            ("City", V::S("Redmond")),
        ],
    ),
    (
        "LisWirelessAccessPoint",
        "99-99-99-99-99-99",
        &[
            ("BSSID", V::S("99-99-99-99-99-99")),
            ("Location", V::S("NorthCampus")),
            ("City", V::S("Redmond")),
        ],
    ),
    (
        "LisServiceProvider",
        "LisServiceProvider",
        &[
            ("ServiceProviderName", V::S("E911Provider")),
            (
                "ValidationServiceUrl",
                V::S("https://www.911contoso.com/validation/"),
            ),
        ],
    ),
];

/// Litware's objects outside the CMS (see the module documentation).
pub fn litware_entities() -> ConfigStore {
    let mut store = ConfigStore::new();
    for (kind, identity, props) in SEEDS {
        let mut p = Properties::new();
        for (k, v) in props.iter() {
            p.insert((*k).to_string(), value(v));
        }
        // The seeds have distinct identities per kind (checked by a test).
        // `service:` identities are service identities, as the state file reads them back.
        let id =
            Identity::parse(identity).unwrap_or_else(|_| Identity::Plain(identity.to_string()));
        let _ = store.insert(kind, ConfigDocument::new(id, p));
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_is_stored() {
        let store = litware_entities();
        let stored: usize = store.kinds().map(|k| store.list(k).len()).sum();
        assert_eq!(stored, SEEDS.len());
        assert!(store.list("RgsQueue").len() >= 3);
    }
}
