//! The Lync 2013 signature rules of `src/cmdlets/deviations.rs`, pinned one by one:
//! every parameter marked `NotInLync2013` is rejected by the binder as PowerShell rejects an
//! unknown parameter and reported by `lyncshell check` as not available in Lync Server 2013;
//! every `Added` parameter binds; `Together` groups are enforced by the binder; the cmdlets
//! added to the catalog resolve.

use lyncshell::cmdlets::{
    self,
    deviations::{ADDED_CMDLETS, Change, DEVIATIONS},
};
use lyncshell::engine::Engine;

/// A call of `cmdlet` with `-parameter` given a value of a plausible type.
fn call_with(cmdlet: &str, parameter: &str) -> String {
    let spec = cmdlets::lookup(cmdlet).expect("cmdlet in catalog");
    // Mandatory parameters of the default set, so only the unknown one can fail binding.
    let mut args = String::new();
    if let Some(set) = spec.default_parameter_set() {
        for m in set.members.iter().filter(|m| m.mandatory) {
            if let Some(p) = spec.member_param(m) {
                args.push_str(&format!(" -{} x", p.name));
            }
        }
    }
    let value = match spec.param(parameter).map(|p| p.type_name) {
        Some("Guid") => "bf19b7db-6960-41e5-a139-2aa373474354",
        _ => "$true",
    };
    format!("{cmdlet}{args} -{parameter} {value}")
}

#[test]
fn parameters_later_than_lync_2013_are_unknown_to_the_binder_and_the_checker() {
    let marked: Vec<_> = DEVIATIONS
        .iter()
        .filter(|d| d.change == Change::NotInLync2013)
        .collect();
    assert!(marked.len() >= 20, "the deviations list shrank");
    for d in marked {
        let src = call_with(d.cmdlet, d.parameter);
        let mut e = Engine::new();
        let out = e.run_script(&src);
        let first = out.errors.first().map(|r| r.info.error_id);
        assert_eq!(
            first,
            Some("NamedParameterNotFound"),
            "{src}\n{}",
            out.error_text
        );
        assert!(
            out.error_text.replace('\n', " ").contains(&format!(
                "A parameter cannot be found that matches parameter name '{}'.",
                d.parameter
            )),
            "{src}\n{}",
            out.error_text
        );
        let findings = Engine::new().check("t.ps1", &src);
        assert!(
            findings
                .iter()
                .any(|f| f.kind == "NotInLync2013" && f.message.contains("Lync Server 2013")),
            "{src}: {findings:?}"
        );
    }
}

#[test]
fn parameters_of_later_products_from_the_reference_are_reported_by_check_too() {
    let src = "Move-CsUser -Identity kenmyer@litwareinc.com -Target atl-cs-002.litwareinc.com -BypassAudio";
    let findings = Engine::new().check("t.ps1", src);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]
            .message
            .contains("'-BypassAudioConferencingCheck' of Move-CsUser")
    );
    assert_eq!(findings[0].kind, "NotInLync2013");
    assert!(
        findings[0]
            .message
            .contains("Skype for Business Server 2015")
    );
}

#[test]
fn parameters_lync_2013_had_bind() {
    for d in DEVIATIONS
        .iter()
        .filter(|d| matches!(d.change, Change::Added(..)))
    {
        let spec = cmdlets::lookup(d.cmdlet).expect("cmdlet");
        let p = spec
            .param(d.parameter)
            .expect("added parameter in the catalog");
        assert_eq!(p.name, d.parameter);
        let src = call_with(d.cmdlet, d.parameter);
        assert!(
            Engine::new().check("t.ps1", &src).is_empty(),
            "{src} should bind"
        );
    }
}

#[test]
fn together_groups_are_enforced_by_the_binder() {
    for (given, missing) in [
        ("-EnabledSharedAddressSpace $true", "HostsOCSUsers"),
        ("-HostsOCSUsers $false", "EnabledSharedAddressSpace"),
    ] {
        let mut e = Engine::new();
        let out = e.run_script(&format!(
            "New-CsHostingProvider -Identity X -ProxyFqdn x.example.com -Enabled $true {given}\n(Get-CsHostingProvider).Count"
        ));
        assert_eq!(
            out.errors.first().map(|r| r.info.error_id),
            Some("MissingMandatoryParameter")
        );
        assert!(
            out.error_text.replace('\n', " ").contains(&format!(
                "Cannot process command because of one or more missing mandatory parameters: {missing}."
            )),
            "{}",
            out.error_text
        );
        assert_eq!(out.output.trim(), "0", "nothing was created");
    }
    let mut e = Engine::new();
    let out = e.run_script(
        "New-CsHostingProvider -Identity X -ProxyFqdn x.example.com -Enabled $true -EnabledSharedAddressSpace $true -HostsOCSUsers $true | Out-Null\n(Get-CsHostingProvider -Identity X).HostsOCSUsers",
    );
    assert!(out.succeeded(), "{}", out.error_text);
    assert_eq!(out.output.trim(), "True");
}

#[test]
fn added_cmdlets_resolve_with_their_signatures() {
    for a in ADDED_CMDLETS {
        let spec = cmdlets::lookup(a.name).expect("added cmdlet");
        assert_eq!(spec.params.len(), a.params.len());
    }
    let mut e = Engine::new();
    let out = e.run_script(
        "$x = New-CsEdgeDomainPattern -Domain fabrikam.com\n$x.Domain\n\"$x\"\n$x.GetType().FullName\n(New-CsEdgeAllowList -AllowedDomain $x).AllowedDomain.Count\nNew-CsEdgeDomainPattern",
    );
    let lines: Vec<&str> = out.output.lines().map(str::trim_end).collect();
    assert_eq!(lines.first().copied(), Some("fabrikam.com"));
    assert_eq!(lines.get(1).copied(), Some("Domain=fabrikam.com"));
    assert!(out.output.contains("1"), "{}", out.output);
    // -Domain is mandatory: without a terminal the binder reports it missing.
    assert!(
        out.error_text
            .contains("missing mandatory parameters: Domain."),
        "{}",
        out.error_text
    );
}

#[test]
fn check_follows_import_pssession_prefixes() {
    let src = "$s = New-CsOnlineSession\nImport-PSSession $s -Prefix Lync\nSet-LyncCsTenantFederationConfiguration -AllowTeamsConsumer $true\nGet-LyncCsTenant\nSet-LyncCsTenantFederationConfiguration -SharedSipAddressSpace $true\nSet-LyncCsBogus";
    let findings = Engine::new().check("t.ps1", src);
    let kinds: Vec<(usize, &str)> = findings.iter().map(|f| (f.line, f.kind.as_str())).collect();
    assert_eq!(
        kinds,
        vec![(3, "NotInLync2013"), (6, "UnknownCommand")],
        "{findings:?}"
    );
}
