//! Tab completion for the REPL: command names, parameter names (with the common ones), enum
//! values, `$true`/`$false`, variables and identities from the live deployment. Everything is
//! derived from the signatures the binder uses, so completion never disagrees with binding.

use crate::runtime::binder::{PType, Signature};
use crate::runtime::commands;
use crate::runtime::interp::Interp;

/// Common parameters offered after `-` (their order in PowerShell's completion list).
const COMMON: &[&str] = &[
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "ErrorVariable",
    "WarningVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
];

/// Identities of the live deployment offered for identity-typed parameters.
#[derive(Debug, Clone, Default)]
pub struct Identities {
    /// `Global`, `site:Redmond`, `tag:…`, `service:…`.
    pub scopes: Vec<String>,
    /// `sip:kenmyer@litwareinc.com`, …
    pub users: Vec<String>,
    /// Provider, domain and other plain identities.
    pub names: Vec<String>,
}

/// A completion: where the replaced word starts and the candidates, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// Case-insensitive prefix or wildcard match.
fn matches(pattern: &str, candidate: &str) -> bool {
    if pattern.contains(['*', '?']) {
        let p = if pattern.ends_with('*') {
            pattern.to_string()
        } else {
            format!("{}*", pattern)
        };
        crate::cmdlets::wildcard_match(&p, candidate)
    } else {
        candidate.len() >= pattern.len()
            && candidate.as_bytes()[..pattern.len()].eq_ignore_ascii_case(pattern.as_bytes())
    }
}

/// Characters that end a word for completion purposes.
fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | ';' | '(' | ')' | '{' | '}' | '=' | ',')
}

/// All command names: built-ins, aliases, functions and the Lync catalog.
pub fn command_names(it: &Interp) -> Vec<String> {
    let mut names: Vec<String> = crate::runtime::builtins::names()
        .map(str::to_string)
        .collect();
    names.extend(commands::ALIASES.iter().map(|(a, _)| a.to_string()));
    names.extend(it.aliases.keys().cloned());
    names.extend(it.scopes.functions().iter().map(|f| f.name.clone()));
    names.extend(crate::cmdlets::all().map(|c| c.name.to_string()));
    names
}

/// Completes `line` at byte offset `pos`.
pub fn complete(it: &mut Interp, line: &str, pos: usize, ids: &Identities) -> Completion {
    let pos = pos.min(line.len());
    let before = line.get(..pos).unwrap_or(line);
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let word = &before[start..];
    // The current pipeline segment and its words before the word being completed.
    let seg_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '|' | ';' | '{' | '('))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let segment = &before[seg_start..start];
    let words: Vec<&str> = segment.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    if let Some(var) = word.strip_prefix('$') {
        let mut names: Vec<String> = it.scopes.visible().into_iter().map(|(n, _)| n).collect();
        names.extend(["true", "false", "null"].map(String::from));
        for n in names {
            if matches(var, &n) {
                out.push(format!("${}", n));
            }
        }
    } else if words.is_empty() {
        for n in command_names(it) {
            if matches(word, &n) {
                out.push(n);
            }
        }
    } else if let Some(sig) = commands::signature_for(it, words[0]) {
        if let Some(p) = word.strip_prefix('-') {
            let (name, _) = p.split_once(':').unwrap_or((p, ""));
            for c in parameter_names(&sig) {
                if matches(name, &c) {
                    out.push(format!("-{}", c));
                }
            }
        } else if let Some(prev) = words.last().and_then(|w| w.strip_prefix('-')) {
            if let Some(param) = sig
                .params
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(prev))
            {
                for v in values_for(&param.ty, ids) {
                    if matches(word, &v) {
                        out.push(v);
                    }
                }
            }
        } else if words.len() == 1 {
            // A positional identity (`Get-CsUser sip:…`).
            if let Some(first) = sig
                .params
                .iter()
                .find(|p| p.sets.iter().any(|s| s.position == Some(0)))
            {
                for v in values_for(&first.ty, ids) {
                    if matches(word, &v) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out.sort_by_key(|a| a.to_ascii_lowercase());
    out.dedup();
    Completion {
        start,
        candidates: out,
    }
}

/// Parameter names of a signature, then the common ones.
pub fn parameter_names(sig: &Signature) -> Vec<String> {
    let mut v: Vec<String> = sig.params.iter().map(|p| p.name.clone()).collect();
    if sig.cmdlet_binding {
        v.extend(COMMON.iter().map(|s| s.to_string()));
        if sig.should_process {
            v.push("WhatIf".into());
            v.push("Confirm".into());
        }
    }
    v
}

fn values_for(ty: &PType, ids: &Identities) -> Vec<String> {
    match ty {
        PType::Enum { names, .. } => names.clone(),
        PType::Bool | PType::ScriptBool | PType::Switch => vec!["$true".into(), "$false".into()],
        PType::Array(inner) | PType::ListModifier(inner) => values_for(inner, ids),
        PType::Identity(t) => {
            let t = t.to_ascii_lowercase();
            if t.contains("userid") {
                ids.users.clone()
            } else if t.contains("xds") {
                let mut v = ids.scopes.clone();
                v.extend(ids.names.iter().cloned());
                v
            } else {
                ids.names.clone()
            }
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    fn complete(line: &str) -> Vec<String> {
        let mut e = Engine::new();
        e.complete(line, line.len()).candidates
    }

    #[test]
    fn command_names_case_insensitive_and_wildcards() {
        let c = complete("get-csaccessedge");
        assert_eq!(c, vec!["Get-CsAccessEdgeConfiguration".to_string()]);
        let c = complete("*HostingProv");
        assert!(c.contains(&"New-CsHostingProvider".to_string()), "{:?}", c);
        assert!(complete("where-o").contains(&"Where-Object".to_string()));
    }

    #[test]
    fn parameter_names_include_common_ones() {
        let c = complete("Set-CsAccessEdgeConfiguration -AllowF");
        assert_eq!(c, vec!["-AllowFederatedUsers".to_string()]);
        let c = complete("Set-CsAccessEdgeConfiguration -Wh");
        assert_eq!(c, vec!["-WhatIf".to_string()]);
        let c = complete("Get-CsUser | Move-CsUser -Targ");
        assert_eq!(c, vec!["-Target".to_string()]);
    }

    #[test]
    fn enum_values_and_booleans() {
        let c = complete("New-CsHostingProvider -VerificationLevel Use");
        assert_eq!(c, vec!["UseSourceVerification".to_string()]);
        let c = complete("Set-CsAccessEdgeConfiguration -AllowFederatedUsers $t");
        assert_eq!(c, vec!["$true".to_string()]);
    }
}
