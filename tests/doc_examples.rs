//! Cross-check of the official doc examples against the catalog.
//!
//! Every example line that calls a cmdlet of the catalog is checked crudely (see
//! `support/example_check.rs`). A finding is either a catalog problem (then it becomes a
//! deviation in `src/cmdlets/deviations.rs`) or an example problem that PowerShell itself
//! would reject too (then it is listed in `EXAMPLE_PROBLEMS` below with the reason). The
//! test fails on any finding that is neither.
//!
//! `cargo test --test doc_examples -- --nocapture` prints every finding.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::example_check::check_code;

fn reference_path() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("../shared/reference/doc-examples.json"),
        root.join("../../shared/reference/doc-examples.json"),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .unwrap_or(&candidates[0])
        .clone()
}

/// Findings that are faults of the example, not of the catalog:
/// `(cmdlet, example_number, kind, reason)`.
const EXAMPLE_PROBLEMS: &[(&str, u64, &str, &str)] = &[
    // Typos: a space between `-` and the parameter name makes `-` a positional argument.
    (
        "Get-CsEffectivePolicy",
        1,
        "no-parameter-set",
        "typo `- Identity`",
    ),
    (
        "Get-CsXmppAllowedPartner",
        3,
        "no-parameter-set",
        "typo `- Filter`",
    ),
    (
        "Invoke-CsManagementServerFailover",
        2,
        "no-parameter-set",
        "typo `- BackupSqlInstanceName`",
    ),
    (
        "Set-CsNetworkSite",
        2,
        "no-parameter-set",
        "typo `- BWPolicyProfileID`",
    ),
    (
        "Set-CsWebServiceConfiguration",
        5,
        "no-parameter-set",
        "typo `- CrossDomainAuthorizationList`",
    ),
    (
        "Set-CsWebServiceConfiguration",
        7,
        "no-parameter-set",
        "typo `- CrossDomainAuthorizationList`",
    ),
    // Other typos PowerShell would reject as well.
    (
        "New-CsClsScenario",
        1,
        "no-parameter-set",
        "no space before -Provider: one argument `\"…\"-Provider`",
    ),
    (
        "New-CsRgsAgentGroup",
        2,
        "no-parameter-set",
        "space inside `service: ApplicationServer:…`",
    ),
    (
        "New-CsRgsQuestion",
        1,
        "no-parameter-set",
        "`$newRequest` written twice, the second is a stray positional",
    ),
    (
        "Set-CsClsConfiguration",
        2,
        "unknown-parameter",
        "the parameter is EtlFileRolloverSizeMB",
    ),
    (
        "Set-CsDialInConferencingAccessNumber",
        7,
        "unknown-parameter",
        "calls Get- where Set- is meant",
    ),
    (
        "Set-CsDialInConferencingAccessNumber",
        7,
        "no-parameter-set",
        "calls Get- where Set- is meant",
    ),
    // Examples written for later products: the parameters (or the whole cmdlet) do not exist
    // in Lync Server 2013 according to their own per-parameter product lists.
    (
        "Get-CsConferencingPolicy",
        7,
        "unknown-parameter",
        "-ApplicableTo is Skype for Business Online only",
    ),
    (
        "Get-CsSlaConfiguration",
        1,
        "unknown-parameter",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Get-CsSlaConfiguration",
        1,
        "no-parameter-set",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Get-CsSlaConfiguration",
        2,
        "no-parameter-set",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Remove-CsSlaConfiguration",
        1,
        "unknown-parameter",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Remove-CsSlaConfiguration",
        1,
        "no-parameter-set",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Remove-CsSlaDelegates",
        1,
        "unknown-parameter",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Remove-CsSlaDelegates",
        1,
        "no-parameter-set",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Set-CsSlaConfiguration",
        3,
        "unknown-parameter",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "Set-CsSlaConfiguration",
        3,
        "no-parameter-set",
        "SLA cmdlets arrived with Skype for Business Server 2015",
    ),
    (
        "New-CsPlatformServiceSettings",
        1,
        "unknown-parameter",
        "platform service settings are Skype for Business Server 2015+",
    ),
    (
        "New-CsPlatformServiceSettings",
        1,
        "no-parameter-set",
        "platform service settings are Skype for Business Server 2015+",
    ),
    (
        "Set-CsPlatformServiceSettings",
        1,
        "unknown-parameter",
        "platform service settings are Skype for Business Server 2015+",
    ),
    (
        "Set-CsPlatformServiceSettings",
        1,
        "no-parameter-set",
        "platform service settings are Skype for Business Server 2015+",
    ),
    (
        "Set-CsExternalAccessPolicy",
        4,
        "unknown-parameter",
        "-EnableAcsFederationAccess is Microsoft Teams only",
    ),
    (
        "Set-CsExternalAccessPolicy",
        4,
        "no-parameter-set",
        "-EnableAcsFederationAccess is Microsoft Teams only",
    ),
    (
        "Set-CsWebServiceConfiguration",
        5,
        "unknown-parameter",
        "New-CsWebOrigin -Url is Skype for Business Server 2015+",
    ),
    // Set-CsTenantFederationConfiguration examples written for Skype for Business Online /
    // Teams: the Lync Online 2013 cmdlet (TechNet jj994080) has none of these parameters
    // (NotInLync2013 deviations).
    (
        "Set-CsTenantFederationConfiguration",
        7,
        "unknown-parameter",
        "-AllowedDomainsAsAList is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        9,
        "unknown-parameter",
        "-AllowedDomainsAsAList is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        10,
        "unknown-parameter",
        "-AllowTeamsConsumer(Inbound) is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        10,
        "no-parameter-set",
        "follows from the unknown -AllowTeamsConsumer* parameters is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        11,
        "unknown-parameter",
        "-BlockAllSubdomains is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        13,
        "unknown-parameter",
        "-AllowedTrialTenantDomains is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        14,
        "unknown-parameter",
        "-AllowedTrialTenantDomains is later than Lync Online 2013",
    ),
    (
        "Set-CsTenantFederationConfiguration",
        16,
        "unknown-parameter",
        "-AllowedTrialTenantDomains is later than Lync Online 2013",
    ),
];

#[test]
fn doc_examples_bind_against_the_catalog() {
    let path = reference_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {} not found", path.display());
        return;
    };
    let json: Value = serde_json::from_str(&text).expect("doc-examples.json is valid JSON");
    let examples = json["examples"].as_array().cloned().unwrap_or_default();
    let mut unexplained = Vec::new();
    let mut explained = 0;
    let mut calls_with_findings = 0;
    for e in &examples {
        let page = e["cmdlet"].as_str().unwrap_or("");
        let number = e["example_number"].as_u64().unwrap_or(0);
        let code = e["code"].as_str().unwrap_or("");
        for f in check_code(code) {
            calls_with_findings += 1;
            let known = EXAMPLE_PROBLEMS
                .iter()
                .any(|(c, n, k, _)| *c == page && *n == number && *k == f.kind);
            let line = format!(
                "{page} #{number}: {} {} [{}]\n    {}",
                f.cmdlet, f.kind, f.detail, f.command
            );
            if known {
                explained += 1;
            } else {
                unexplained.push(line);
            }
        }
    }
    println!(
        "{} examples checked; {calls_with_findings} findings, {explained} known example problems",
        examples.len()
    );
    for line in &unexplained {
        println!("{line}");
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained findings (run with --nocapture)",
        unexplained.len()
    );
}
