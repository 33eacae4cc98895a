//! Behaviour of the entity cmdlets, run through the engine on a fresh Litware deployment.

use crate::Engine;
use crate::model::identity::Identity;

/// Runs a script on a fresh Litware engine; returns the engine, the output and the error ids.
fn run(src: &str) -> (Engine, String, Vec<String>) {
    let mut e = Engine::new();
    let out = e.run_script(src);
    let ids = out
        .errors
        .iter()
        .map(|r| r.info.error_id.to_string())
        .collect();
    (e, out.output, ids)
}

#[test]
fn rgs_objects_get_service_scoped_guid_identities() {
    let (e, out, errors) = run(concat!(
        "$q = New-CsRgsQueue -Parent service:ApplicationServer:atl-cs-001.litwareinc.com -Name Q1\n",
        "$q.Identity\n",
        "(Get-CsRgsQueue -Identity ApplicationServer:atl-cs-001.litwareinc.com -Name q1).Name\n",
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("service:ApplicationServer:atl-cs-001.litwareinc.com/"),
        "{out}"
    );
    assert_eq!(out.lines().nth(1), Some("Q1"));
    // Stored as a service identity, so a saved state reads back the same object.
    let stored = e.deployment().entities.list("RgsQueue");
    assert!(stored.iter().any(
        |d| matches!(&d.identity, Identity::Service { role, .. } if role == "ApplicationServer")
    ));
}

#[test]
fn duplicates_and_missing_objects_fail_as_lync_does() {
    let (_, _, errors) = run(concat!(
        "New-CsRgsWorkflow -Parent service:ApplicationServer:atl-cs-001.litwareinc.com -Name 'Help Desk' -PrimaryUri sip:x@litwareinc.com\n",
        "Get-CsAnalogDevice -Identity 'No Such Device'\n",
        "Remove-CsPersistentChatRoom -Identity 'atl-cs-001.litwareinc.com\\NoRoom'\n",
        "New-CsCommonAreaPhone -LineUri tel:+1 -RegistrarPool atl-cs-001.litwareinc.com -OU 'OU=x,DC=litwareinc,DC=com' -SipAddress sip:kenmyer@litwareinc.com\n",
    ));
    assert_eq!(
        errors,
        [
            "DocumentExists",
            "UserNotFound",
            "DocumentNotFound",
            "DocumentExists"
        ]
    );
}

#[test]
fn contacts_are_found_by_sip_address_display_name_and_filter() {
    let (_, out, errors) = run(concat!(
        "(Get-CsDialInConferencingAccessNumber -Identity sip:RedmondDialIn@litwareinc.com).DisplayNumber\n",
        "(Get-CsAnalogDevice -Identity 'Building 14 Receptionist').LineUri\n",
        "(Get-CsAnalogDevice -Filter {LineUri -like 'tel:+1425555*'}).Count\n",
        "(Get-CsMeetingRoom -Filter {VoicePolicy -eq 'RedmondVoicePolicy'}).SamAccountName\n",
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "1-800-555-1234",
            "tel:+14255556001",
            "2",
            "RedmondMeetingRoom"
        ]
    );
}

#[test]
fn set_and_move_change_the_deployment_and_whatif_does_not() {
    let (_, out, errors) = run(concat!(
        "Set-CsMeetingRoom -Identity RedmondMeetingRoom -Enabled $false -WhatIf\n",
        "(Get-CsMeetingRoom -Identity RedmondMeetingRoom).Enabled\n",
        "Get-CsMeetingRoom | Set-CsMeetingRoom -Enabled $false\n",
        "(Get-CsMeetingRoom | Where-Object {$_.Enabled}).Count\n",
        "Move-CsAnalogDevice -Identity 'Building 14 Fax' -Target atl-cs-001.litwareinc.com\n",
        "(Get-CsAnalogDevice -Identity 'Building 14 Fax').RegistrarPool\n",
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("What if")).collect();
    assert_eq!(lines, ["True", "0", "atl-cs-001.litwareinc.com"]);
}

#[test]
fn persistent_chat_objects_live_in_pools() {
    let (_, out, errors) = run(concat!(
        "New-CsPersistentChatCategory -Name Sales -PersistentChatPoolFqdn atl-cs-001.litwareinc.com -EnableFileUpload | Out-Null\n",
        "New-CsPersistentChatRoom -Name SalesRoom -PersistentChatPoolFqdn atl-cs-001.litwareinc.com -Category Sales | Out-Null\n",
        "(Get-CsPersistentChatRoom -Identity 'atl-cs-001.litwareinc.com\\SalesRoom').Category\n",
        "(Get-CsPersistentChatCategory -Identity 'atl-cs-001.litwareinc.com\\Sales').FileUpload\n",
        "(Get-CsPersistentChatRoom -PersistentChatPoolFqdn atl-cs-001.litwareinc.com).Count\n",
        "New-CsPersistentChatRoom -Name Other -PersistentChatPoolFqdn atl-cs-001.litwareinc.com -Category Nope\n",
    ));
    assert_eq!(errors, ["DocumentNotFound"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["atl-cs-001.litwareinc.com\\Sales", "True", "2"]);
}

#[test]
fn lis_set_creates_and_remove_deletes_by_key() {
    let (_, out, errors) = run(concat!(
        "Set-CsLisSubnet -Subnet 10.0.0.0 -Location Lab -City Redmond -Country US -CompanyName Litware -HouseNumber 1 -HouseNumberSuffix '' -PreDirectional '' -StreetName Main -StreetSuffix St -PostDirectional '' -State WA -PostalCode 98052\n",
        "(Get-CsLisSubnet | Where-Object {$_.Subnet -eq '10.0.0.0'}).Location\n",
        "Get-CsLisSubnet | Where-Object {$_.Location -eq 'Lab'} | Remove-CsLisSubnet\n",
        "(Get-CsLisSubnet).Count\n",
        "Remove-CsLisWirelessAccessPoint -BSSID 00-00-00-00-00-00\n",
        "(Get-CsLisCivicAddress).Count\n",
    ));
    assert_eq!(errors, ["DocumentNotFound"]);
    let lines: Vec<&str> = out.lines().collect();
    // The subnet's address became a location of its own: a second civic address.
    assert_eq!(lines, ["Lab", "1", "2"]);
}

#[test]
fn exported_configuration_imports_back() {
    let (_, out, errors) = run(concat!(
        "$b = Export-CsLisConfiguration -AsBytes\n",
        "Remove-CsLisSubnet -Subnet 192.10.10.0\n",
        "Import-CsLisConfiguration -ByteInput $b\n",
        "(Get-CsLisSubnet).Subnet\n",
        "Move-CsRgsConfiguration -Source atl-cs-001.litwareinc.com -Destination atl-cs-002.litwareinc.com\n",
        "(Get-CsRgsQueue -Identity service:ApplicationServer:atl-cs-002.litwareinc.com).Count\n",
        "Move-CsRgsConfiguration -Source atl-cs-001.litwareinc.com -Destination atl-cs-002.litwareinc.com\n",
    ));
    assert_eq!(errors, ["RgsConfigurationNotFound"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["192.10.10.0", "3"]);
}

#[test]
fn unmodelled_parameters_fail_loudly() {
    let (_, _, errors) = run(
        "Set-CsDialInConferencingAccessNumber -Identity sip:RedmondDialIn@litwareinc.com -DisplayName x -ScopeToSite\n",
    );
    assert_eq!(errors, ["NotEmulated"]);
}

#[test]
fn chat_data_round_trips_through_bytes() {
    let (_, out, errors) = run(concat!(
        "$b = Export-CsPersistentChatData -DBInstance 'atl-sql-001.litwareinc.com\\rtc' -AsBytes\n",
        "Get-CsPersistentChatRoom | Remove-CsPersistentChatRoom\n",
        "(Get-CsPersistentChatRoom).Count\n",
        "Import-CsPersistentChatData -DBInstance 'atl-sql-001.litwareinc.com\\rtc' -ByteInput $b\n",
        "(Get-CsPersistentChatRoom).Count\n",
        "Export-CsPersistentChatData -DBInstance 'nowhere\\rtc' -AsBytes\n",
    ));
    assert_eq!(errors, ["InvalidDBInstance"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, ["0", "4"]);
}
