//! The one gate every change goes through: `-WhatIf`, `-Confirm`, `$WhatIfPreference` and
//! `$ConfirmPreference` are decided here, so no cmdlet can forget them.

use super::binder::Bound;
use super::convert;
use super::interp::{Flow, Interp};
use super::scope::Target;

/// The ConfirmImpact of a change; Lync cmdlets declare Medium unless stated otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    None,
    Low,
    Medium,
    High,
}

fn preference_impact(it: &Interp) -> Impact {
    match it
        .scopes
        .get("ConfirmPreference", Target::Any)
        .map(|v| convert::to_string(&v.value).to_ascii_lowercase())
        .as_deref()
    {
        Some("none") => Impact::High,
        Some("low") => Impact::Low,
        Some("medium") => Impact::Medium,
        _ => Impact::High,
    }
}

/// Asks whether the cmdlet may perform `action` on `target`. Prints the WhatIf line and
/// returns false under `-WhatIf`; prompts under `-Confirm` (or when the impact reaches
/// `$ConfirmPreference`); otherwise true.
pub fn should_process(
    it: &mut Interp,
    _b: &Bound,
    action: &str,
    target: &str,
) -> Result<bool, Flow> {
    should_process_impact(it, action, target, Impact::Medium)
}

/// The gate itself, reading `-WhatIf` / `-Confirm` from the running command's frame and the
/// preference variables.
pub fn should_process_impact(
    it: &mut Interp,
    action: &str,
    target: &str,
    impact: Impact,
) -> Result<bool, Flow> {
    let frame_whatif = it.frames.last().and_then(|f| f.whatif);
    let frame_confirm = it.frames.last().and_then(|f| f.confirm);
    let whatif = frame_whatif.unwrap_or_else(|| {
        it.scopes
            .get("WhatIfPreference", Target::Any)
            .is_some_and(|v| convert::is_true(&v.value))
    });
    let line = format!(
        "Performing the operation \"{}\" on target \"{}\".",
        action, target
    );
    if whatif {
        it.write_host_text(&format!("What if: {}\n", line));
        return Ok(false);
    }
    let confirm = match frame_confirm {
        Some(c) => c,
        None => impact >= preference_impact(it) && impact != Impact::None,
    };
    if !confirm {
        return Ok(true);
    }
    let prompt = "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is \"Y\"): ";
    it.write_host_text(&format!(
        "\nConfirm\nAre you sure you want to perform this action?\n{}\n",
        line
    ));
    loop {
        let answer = match it.host.read_line(prompt) {
            Some(a) => a,
            None => {
                // Nobody at the terminal: the --confirm answer (default yes), shown in the
                // transcript as if typed.
                let a = if it.confirm_default { "Y" } else { "N" };
                it.write_host_text(&format!("{}{}\n", prompt, a));
                a.to_string()
            }
        };
        match answer.trim().to_ascii_uppercase().as_str() {
            "" | "Y" | "A" => return Ok(true),
            "N" | "L" => return Ok(false),
            "S" => return Ok(false),
            _ => {
                it.write_host_text(
                    "Y - Continue with only the next step of the operation.\nA - Continue with all the steps of the operation.\nN - Skip this operation and proceed with the next operation.\nL - Skip this operation and all subsequent operations.\nS - Pause the current pipeline and return to the command prompt. Type \"exit\" to resume the pipeline.\n",
                );
                if !it.interactive {
                    return Ok(false);
                }
            }
        }
    }
}
