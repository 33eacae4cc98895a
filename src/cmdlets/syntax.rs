//! SYNTAX lines rendered from a [`CmdletSpec`], one per parameter set.
//!
//! The bracket rules are PowerShell's own (`CommandParameterSetInfo` in
//! System.Management.Automation, `AppendFormatCommandParameterInfo`):
//!
//! | parameter | mandatory | optional |
//! |---|---|---|
//! | switch | `-Force` | `[-Force]` |
//! | positional | `[-Identity] <T>` | `[[-Identity] <T>]` |
//! | named | `-Name <T>` | `[-Name <T>]` |
//!
//! A switch is never shown as positional. `-WhatIf`/`-Confirm` follow the cmdlet's own
//! parameters, and `[<CommonParameters>]` ends every line.
//!
//! Two orders exist in PowerShell and both are provided:
//! - [`syntax_lines`] is `Get-Help`'s SYNTAX section: the order of the cmdlet's help file,
//!   which is the reference's syntax order.
//! - [`command_syntax_lines`] is `Get-Command -Syntax`: positional parameters by position,
//!   then named mandatory ones, then named optional ones (`GenerateParametersInDisplayOrder`),
//!   each group in declaration order (approximated by the reference's syntax order).
//!
//! Type names are shown as the reference spells them (`XdsIdentity`, `Unlimited[UInt32]`),
//! which is what the Lync help files show.

use super::spec::{CmdletSpec, ParamSpec, ParameterSetSpec, SetMember};

/// `Get-Help` SYNTAX lines, one per parameter set, in the help file's parameter order.
pub fn syntax_lines(spec: &CmdletSpec) -> Vec<String> {
    spec.sets
        .iter()
        .map(|set| render(spec, set, members_in_help_order(set)))
        .collect()
}

/// `Get-Command -Syntax` lines, one per parameter set, in PowerShell's display order.
pub fn command_syntax_lines(spec: &CmdletSpec) -> Vec<String> {
    spec.sets
        .iter()
        .map(|set| render(spec, set, members_in_display_order(set)))
        .collect()
}

/// One parameter as it appears in a syntax line, e.g. `[[-Identity] <XdsIdentity>]`.
pub fn format_parameter(param: &ParamSpec, member: &SetMember) -> String {
    if param.is_switch() {
        return if member.mandatory {
            format!("-{}", param.name)
        } else {
            format!("[-{}]", param.name)
        };
    }
    match (member.mandatory, member.position.is_some()) {
        (true, true) => format!("[-{}] <{}>", param.name, param.type_name),
        (true, false) => format!("-{} <{}>", param.name, param.type_name),
        (false, true) => format!("[[-{}] <{}>]", param.name, param.type_name),
        (false, false) => format!("[-{} <{}>]", param.name, param.type_name),
    }
}

fn members_in_help_order(set: &ParameterSetSpec) -> Vec<&SetMember> {
    set.members.iter().collect()
}

fn members_in_display_order(set: &ParameterSetSpec) -> Vec<&SetMember> {
    let mut positional: Vec<&SetMember> = set
        .members
        .iter()
        .filter(|m| m.position.is_some())
        .collect();
    // Stable sort: members sharing a position keep their declaration order.
    positional.sort_by_key(|m| m.position);
    let named_mandatory = set
        .members
        .iter()
        .filter(|m| m.position.is_none() && m.mandatory);
    let named_optional = set
        .members
        .iter()
        .filter(|m| m.position.is_none() && !m.mandatory);
    positional
        .into_iter()
        .chain(named_mandatory)
        .chain(named_optional)
        .collect()
}

fn render(spec: &CmdletSpec, _set: &ParameterSetSpec, members: Vec<&SetMember>) -> String {
    let mut line = String::from(spec.name);
    for member in members {
        if let Some(param) = spec.member_param(member) {
            line.push(' ');
            line.push_str(&format_parameter(param, member));
        }
    }
    if spec.supports_should_process {
        line.push_str(" [-WhatIf] [-Confirm]");
    }
    line.push_str(" [<CommonParameters>]");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdlets::spec::{ConfirmImpact, M, Module, Ty, TypeRef, m, p};

    const XDS: TypeRef = TypeRef {
        name: "XdsIdentity",
        ty: Ty::XdsIdentity,
    };
    const BOOL: TypeRef = TypeRef {
        name: "Boolean",
        ty: Ty::Boolean,
    };
    const SWITCH: TypeRef = TypeRef {
        name: "SwitchParameter",
        ty: Ty::Switch,
    };
    const STRING: TypeRef = TypeRef {
        name: "String",
        ty: Ty::String,
    };

    static PARAMS: [ParamSpec; 5] = [
        p("Identity", &XDS, &[], 0),
        p("Enabled", &BOOL, &[], 0),
        p("Force", &SWITCH, &[], 0),
        p("Name", &STRING, &[], 0),
        p("Mandatory", &SWITCH, &[], 0),
    ];

    static SETS: [ParameterSetSpec; 2] = [
        ParameterSetSpec {
            name: "Identity",
            is_default: true,
            members: &[m(1, -1, 0), m(0, 1, 0), m(2, -1, 0)],
        },
        ParameterSetSpec {
            name: "Other",
            is_default: false,
            members: &[m(3, -1, M), m(0, 2, M), m(4, -1, M), m(1, -1, 0)],
        },
    ];

    static SPEC: CmdletSpec = CmdletSpec {
        name: "Set-CsThing",
        verb: "Set",
        noun: "CsThing",
        module: Module::Lync,
        supports_should_process: true,
        confirm_impact: ConfirmImpact::Medium,
        default_set: Some(0),
        sets: &SETS,
        params: &PARAMS,
        constraints: &[],
        source: "",
    };

    #[test]
    fn help_order_follows_the_reference() {
        assert_eq!(
            syntax_lines(&SPEC),
            vec![
                "Set-CsThing [-Enabled <Boolean>] [[-Identity] <XdsIdentity>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
                "Set-CsThing -Name <String> [-Identity] <XdsIdentity> -Mandatory [-Enabled <Boolean>] [-WhatIf] [-Confirm] [<CommonParameters>]",
            ]
        );
    }

    #[test]
    fn command_order_puts_positional_then_mandatory_first() {
        assert_eq!(
            command_syntax_lines(&SPEC),
            vec![
                "Set-CsThing [[-Identity] <XdsIdentity>] [-Enabled <Boolean>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
                "Set-CsThing [-Identity] <XdsIdentity> -Name <String> -Mandatory [-Enabled <Boolean>] [-WhatIf] [-Confirm] [<CommonParameters>]",
            ]
        );
    }

    #[test]
    fn positional_switch_is_shown_as_a_switch() {
        let member = m(0, 0, 0);
        assert_eq!(format_parameter(&PARAMS[2], &member), "[-Force]");
    }
}
