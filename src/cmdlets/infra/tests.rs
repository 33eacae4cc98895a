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
