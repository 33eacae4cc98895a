//! The registry API over the generated catalog.

use lyncshell::cmdlets::{
    self, Constraint, Module, Ty, common_parameters, lookup,
    syntax::{command_syntax_lines, syntax_lines},
};

#[test]
fn lookup_is_case_insensitive_and_exact() {
    let spec = lookup("set-csaccessedgeconfiguration").expect("known cmdlet");
    assert_eq!(spec.name, "Set-CsAccessEdgeConfiguration");
    assert_eq!(spec.verb, "Set");
    assert_eq!(spec.noun, "CsAccessEdgeConfiguration");
    assert_eq!(spec.module, Module::Lync);
    assert!(lookup("GET-CSUSER").is_some());
    assert!(lookup("Get-CsUse").is_none());
    assert!(lookup("").is_none());
    assert!(lookup("Get-Cs*").is_none());
    assert!(lookup("Ğet-CsUser").is_none());
}

#[test]
fn all_is_sorted_and_complete() {
    let names: Vec<&str> = cmdlets::all().map(|c| c.name).collect();
    // cmdlets.json's 754 plus the three New-CsEdge* of deviations::ADDED_CMDLETS.
    assert_eq!(names.len(), 757);
    assert!(names.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        cmdlets::all()
            .filter(|c| c.module == Module::LyncOnline)
            .count(),
        6
    );
    for c in cmdlets::all() {
        assert_eq!(lookup(c.name).map(|s| s.name), Some(c.name));
    }
}

#[test]
fn wildcard_listing() {
    let gets = cmdlets::matching("Get-Cs*").count();
    assert_eq!(gets, 169);
    assert!(cmdlets::matching("get-csuser").all(|c| c.name == "Get-CsUser"));
    let users: Vec<&str> = cmdlets::matching("*-CsUser").map(|c| c.name).collect();
    assert!(
        users.contains(&"Get-CsUser") && users.contains(&"Set-CsUser"),
        "{users:?}"
    );
    assert!(cmdlets::by_noun("csuser").all(|c| c.noun == "CsUser"));
    assert!(cmdlets::by_verb("grant").all(|c| c.verb == "Grant"));
}

#[test]
fn access_edge_syntax() {
    let spec = lookup("Set-CsAccessEdgeConfiguration").expect("known cmdlet");
    let lines = syntax_lines(spec);
    assert_eq!(lines.len(), spec.sets.len());
    let first = &lines[0];
    assert!(
        first.starts_with("Set-CsAccessEdgeConfiguration [[-Identity] <XdsIdentity>] "),
        "{first}"
    );
    assert!(
        first.contains(" [-AllowAnonymousUsers <Boolean>] "),
        "{first}"
    );
    assert!(
        first.ends_with(" [-WhatIf] [-Confirm] [<CommonParameters>]"),
        "{first}"
    );
    // Get-Command -Syntax puts positional parameters first as well.
    assert!(
        command_syntax_lines(spec)[0]
            .starts_with("Set-CsAccessEdgeConfiguration [[-Identity] <XdsIdentity>]")
    );
}

#[test]
fn mandatory_and_pipeline_facts_are_readable() {
    let spec = lookup("Grant-CsVoicePolicy").expect("known cmdlet");
    let set = spec
        .default_parameter_set()
        .or(spec.sets.first())
        .expect("a set");
    assert!(!set.members.is_empty());
    let user = lookup("Set-CsUser").expect("known cmdlet");
    let identity = user.sets[0]
        .members
        .iter()
        .find(|m| user.member_param(m).is_some_and(|p| p.name == "Identity"))
        .expect("Identity in first set");
    assert!(identity.mandatory);
    assert!(identity.position.is_some());
    assert!(identity.from_pipeline || identity.from_pipeline_by_property_name);
    assert_eq!(user.param("identity").map(|p| p.ty), Some(Ty::UserId));
}

#[test]
fn whatif_and_confirm_come_from_common_parameters_only() {
    for c in cmdlets::all() {
        assert!(c.param("WhatIf").is_none(), "{}", c.name);
        assert!(c.param("Confirm").is_none(), "{}", c.name);
        for p in c.params {
            assert!(
                !common_parameters(true).iter().any(|q| q.answers_to(p.name)),
                "{} -{} collides with a common parameter",
                c.name,
                p.name
            );
        }
    }
}

#[test]
fn deviations_are_applied() {
    let hp = lookup("New-CsHostingProvider").expect("known cmdlet");
    for m in hp.sets[0].members {
        let name = hp.member_param(m).map(|p| p.name).unwrap_or("");
        if name == "EnabledSharedAddressSpace" || name == "HostsOCSUsers" {
            assert!(!m.mandatory, "{name}");
        }
        if name == "Enabled" || name == "ProxyFqdn" {
            assert!(m.mandatory, "{name}");
        }
    }
    assert_eq!(
        hp.constraints,
        &[Constraint::Together(&[
            "HostsOCSUsers",
            "EnabledSharedAddressSpace"
        ])]
    );
    let tf = lookup("Set-CsTenantFederationConfiguration").expect("known cmdlet");
    assert_eq!(tf.param("AllowedDomains").map(|p| p.ty), Some(Ty::Named));
}

#[test]
fn lync_2013_exclusions_are_recorded() {
    // -Tenant on Grant-CsExternalAccessPolicy is Skype for Business Online only.
    let g = lookup("Grant-CsExternalAccessPolicy").expect("known cmdlet");
    assert!(g.param("Tenant").is_none());
    assert!(
        cmdlets::excluded_parameters()
            .any(|e| e.cmdlet == "Grant-CsExternalAccessPolicy" && e.parameter == "Tenant")
    );
    assert!(cmdlets::dropped_parameter_sets().contains(&("Move-CsUser", "Users")));
}

#[test]
fn enum_parameters_complete_from_their_words() {
    let spec = lookup("Set-CsConferencingPolicy").expect("known cmdlet");
    let p = spec.param("EnableAppDesktopSharing").expect("parameter");
    assert_eq!(
        p.allowed_values(),
        &["Desktop", "SingleApplication", "None"]
    );
}

#[test]
fn positions_are_unique_within_a_set() {
    let mut clashes = Vec::new();
    for c in cmdlets::all() {
        for set in c.sets {
            let mut seen: Vec<u8> = Vec::new();
            for m in set.members {
                if let Some(p) = m.position {
                    if seen.contains(&p) {
                        clashes.push(format!("{} [{}] position {p}", c.name, set.name));
                    }
                    seen.push(p);
                }
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "duplicate positions:\n{}",
        clashes.join("\n")
    );
}

#[test]
fn deviations_table_is_sorted() {
    let keys: Vec<(&str, &str)> = lyncshell::cmdlets::deviations::DEVIATIONS
        .iter()
        .map(|d| (d.cmdlet, d.parameter))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
}
