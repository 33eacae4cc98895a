//! Behaviour tests of the infrastructure family, run on the Litware deployment.

use crate::Engine;

/// Runs a script on a fresh Litware engine; returns (output text, error ids).
fn run(script: &str) -> (String, Vec<String>) {
    let mut e = Engine::new();
    let r = e.run_script(script);
    let ids = r.errors.iter().map(|x| x.fully_qualified_id()).collect();
    (r.output, ids)
}

#[test]
fn windows_services_stop_and_start() {
    let (out, errs) = run(
        "Stop-CsWindowsService -Name RTCRGS -ComputerName atl-cs-001.litwareinc.com\n(Get-CsWindowsService -Name RTCRGS).Status\nGet-CsWindowsService | Where-Object {$_.Status -ne 'Running'} | Start-CsWindowsService\n(Get-CsWindowsService -Name RTCRGS).Status",
    );
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        out.trim().lines().collect::<Vec<_>>(),
        ["Stopped", "Running"]
    );
}

#[test]
fn server_settings_are_stored_and_references_checked() {
    let (out, errs) = run(
        "Set-CsWebServer -Identity WebServer:atl-cs-001.litwareinc.com -PrimaryHttpPort 89\n(Get-CsService -WebServer -PoolFqdn atl-cs-001.litwareinc.com).PrimaryHttpPort\n(Get-CsService -WebServer -PoolFqdn atl-cs-002.litwareinc.com).PrimaryHttpPort\nSet-CsRegistrar -Identity Registrar:atl-cs-001.litwareinc.com -BackupRegistrar Registrar:nowhere.litwareinc.com",
    );
    assert_eq!(
        out.split_whitespace().take(2).collect::<Vec<_>>(),
        ["89", "80"]
    );
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("DocumentNotFound,"), "{errs:?}");
}

#[test]
fn sip_domains_keep_exactly_one_default() {
    let (out, errs) = run(
        "New-CsSipDomain -Identity contoso.com -IsDefault $True\n(Get-CsSipDomain | Where-Object {$_.IsDefault}).Name\nRemove-CsSipDomain -Identity contoso.com\nNew-CsSipDomain -Identity contoso.com",
    );
    assert_eq!(out.trim(), "contoso.com");
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].starts_with("DefaultSipDomain,"));
    assert!(errs[1].starts_with("DocumentExists,"));
}

#[test]
fn trusted_application_lifecycle() {
    let (out, errs) = run(
        "New-CsTrustedApplicationPool -Identity apps.litwareinc.com -Registrar atl-cs-001.litwareinc.com -Site 1 | Out-Null\nNew-CsTrustedApplication -ApplicationId bot -TrustedApplicationPoolFqdn apps.litwareinc.com -Port 6100 | Out-Null\nNew-CsTrustedApplicationEndpoint -ApplicationId bot -TrustedApplicationPoolFqdn apps.litwareinc.com -SipAddress sip:bot@litwareinc.com\n(Get-CsTrustedApplicationEndpoint -Identity bot@litwareinc.com).OwnerUrn\nRemove-CsTrustedApplication -Identity apps.litwareinc.com/urn:application:bot\n@(Get-CsTrustedApplicationEndpoint -Filter {SipAddress -eq 'sip:bot@litwareinc.com'}).Count\nRemove-CsTrustedApplicationPool -Identity apps.litwareinc.com\n@(Get-CsPool -Identity apps.litwareinc.com).Count",
    );
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        out.split_whitespace().collect::<Vec<_>>(),
        ["urn:application:bot", "0", "0"]
    );
}

#[test]
fn certificates_are_requested_and_assigned_on_the_local_computer() {
    let (out, errs) = run(
        "$c = Request-CsCertificate -New -Type Default -CA 'atl-ca-001.litwareinc.com\\myca'\n$c.Issuer\nSet-CsCertificate -Type Default,WebServicesInternal -Thumbprint $c.Thumbprint\n(Get-CsCertificate -Type WebServicesInternal).Thumbprint -eq $c.Thumbprint\n@(Get-CsCertificate | Where-Object {$_.Use -eq 'Default'}).Count\nRemove-CsCertificate -Type Default\n@(Get-CsCertificate -Type Default).Count",
    );
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        out.split_whitespace().collect::<Vec<_>>(),
        ["CN=myca", "True", "1", "0"]
    );
}

#[test]
fn pools_fail_over_and_back_once() {
    let (out, errs) = run(
        "Invoke-CsPoolFailOver -PoolFqdn atl-cs-001.litwareinc.com -Confirm:$false\n(Get-CsPoolBackupRelationship -PoolFqdn atl-cs-001.litwareinc.com).FailedOver\nInvoke-CsPoolFailBack -PoolFqdn atl-cs-001.litwareinc.com -Confirm:$false\nInvoke-CsPoolFailBack -PoolFqdn atl-cs-001.litwareinc.com -Confirm:$false\nInvoke-CsPoolFailOver -PoolFqdn atl-cs-002.litwareinc.com -Confirm:$false",
    );
    assert!(out.trim().starts_with("True"), "{out}");
    let mut e = Engine::new();
    let r = e.run_script("Invoke-CsPoolFailBack -PoolFqdn atl-cs-001.litwareinc.com");
    assert!(r.host.contains("is not failed over"), "{}", r.host);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("NoBackupPool,"));
}

#[test]
fn whatif_changes_nothing() {
    let (out, errs) = run(
        "Set-CsSite -Identity Redmond -Description x -WhatIf\nStop-CsWindowsService -WhatIf\nRemove-CsConferenceDirectory -Identity 1 -WhatIf\n(Get-CsSite Redmond).Description\n@(Get-CsWindowsService | Where-Object {$_.Status -eq 'Stopped'}).Count\n@(Get-CsConferenceDirectory).Count",
    );
    assert!(errs.is_empty(), "{errs:?}");
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("What if")).collect();
    assert_eq!(lines.join("|").trim(), "Redmond headquarters|0|3");
}

#[test]
fn device_update_rules_approve_and_restore() {
    let (out, errs) = run(
        "$id = 'service:WebServer:atl-cs-001.litwareinc.com/d5ce3c10-2588-420a-82ac-dc2d9b1222ff9'\nApprove-CsDeviceUpdateRule -Identity $id\n(Get-CsDeviceUpdateRule -Identity $id).ApprovedVersion\nRestore-CsDeviceUpdateRule -Identity $id\n(Get-CsDeviceUpdateRule -Identity $id).ApprovedVersion\nRemove-CsDeviceUpdateRule -Identity $id\nGet-CsDeviceUpdateRule -Identity $id",
    );
    assert_eq!(
        out.split_whitespace().collect::<Vec<_>>(),
        ["4.0.7577.4100", "4.0.7577.4066"]
    );
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("DocumentNotFound,"));
}

#[test]
fn persistent_chat_active_servers_change_and_swap() {
    let (out, errs) = run(
        "Set-CsPersistentChatActiveServer -Identity PChatServerCollection -ActiveServers @{Add='atl-gc-001.litwareinc.com'}\n(Get-CsService -PersistentChatServer).ActiveServers\nSet-CsPersistentChatActiveServer -Identity PChatServerCollection -Swap\n(Get-CsService -PersistentChatServer).ActiveServers\nSet-CsPersistentChatActiveServer -Identity PChatServerCollection -ActiveServers $Null\n@((Get-CsService -PersistentChatServer).ActiveServers).Count\nSet-CsPersistentChatActiveServer -Identity PChatServerCollection -ActiveServers @{Add='atl-cs-001.litwareinc.com'}",
    );
    assert_eq!(
        out.split_whitespace().collect::<Vec<_>>(),
        [
            "atl-gc-001.litwareinc.com",
            "atl-gc-002.litwareinc.com",
            "0"
        ]
    );
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("NotAPoolComputer,"), "{errs:?}");
}

#[test]
fn client_certificates_are_read_and_revoked_per_user() {
    let (out, errs) = run(
        "(Get-CsClientCertificate -Identity 'Ken Myer').UserUri\nGet-CsUser | Revoke-CsClientCertificate\n@(Get-CsUser | Get-CsClientCertificate).Count",
    );
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        out.split_whitespace().collect::<Vec<_>>(),
        ["sip:kenmyer@litwareinc.com", "0"]
    );
}
