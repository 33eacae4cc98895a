//! "Did you mean": the catalog names nearest to a mistyped cmdlet or parameter name.
//!
//! PowerShell itself prints no suggestion for these errors; the REPL and `lyncshell check`
//! add one as an extra line after PowerShell's own text, which stays unchanged (transcripts
//! of `lyncshell run` show no suggestions at all).

use crate::runtime::binder::Signature;
use crate::runtime::errors::ErrorRecord;
use crate::runtime::interp::Interp;

/// At most this many suggestions.
const MAX: usize = 3;

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), ignoring
/// ASCII case.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidates nearest to `word`: a small edit distance (about one typo in four
/// characters), or one is the start of the other (a truncated name, or one with more glued
/// on). Best first: fewer
/// edits, then the closer length, then alphabetical; at most three; never `word` itself.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    if word.is_empty() {
        return Vec::new();
    }
    let limit = (word.chars().count() / 4).max(1);
    let lower = word.to_ascii_lowercase();
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for c in candidates {
        if c.eq_ignore_ascii_case(word) {
            continue;
        }
        // A truncated name, or one with something glued on (`Set-CsUser-Identity`).
        let c_lower = c.to_ascii_lowercase();
        let prefix = (word.len() >= 4 && c_lower.starts_with(&lower))
            || (c.len() >= 8 && lower.starts_with(&c_lower));
        let d = distance(word, c);
        let score = if prefix { d.min(limit) } else { d };
        if prefix || d <= limit {
            scored.push((score, c.len().abs_diff(word.len()), c));
        }
    }
    scored.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| a.2.to_ascii_lowercase().cmp(&b.2.to_ascii_lowercase()))
    });
    let mut out: Vec<String> = Vec::new();
    for (_, _, c) in scored {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
            out.push(c.to_string());
        }
        if out.len() == MAX {
            break;
        }
    }
    out
}

/// Command names near `name` (cmdlets of the catalog, built-ins, aliases, functions).
pub fn commands(it: &Interp, name: &str) -> Vec<String> {
    let names = super::complete::command_names(it);
    nearest(name, names.iter().map(String::as_str))
}

/// Parameter names of `sig` near `name` (which may carry its leading `-`), as `-Name`.
pub fn parameters(sig: &Signature, name: &str) -> Vec<String> {
    let name = name.trim_start_matches('-');
    let name = name.split_once(':').map_or(name, |(n, _)| n);
    let names = super::complete::parameter_names(sig);
    nearest(name, names.iter().map(String::as_str))
        .into_iter()
        .map(|n| format!("-{}", n))
        .collect()
}

/// Suggestions for an error record: a command that was not found, or a parameter name that
/// matched nothing. Empty for every other error.
pub fn for_record(it: &mut Interp, rec: &ErrorRecord) -> Vec<String> {
    match rec.info.error_id {
        "CommandNotFoundException" => {
            let name = match &rec.info.target {
                Some(crate::runtime::value::Value::String(s)) => s.to_string(),
                _ => rec.command.clone().unwrap_or_default(),
            };
            commands(it, &name)
        }
        "NamedParameterNotFound" => {
            let (Some(cmd), Some(pos)) = (&rec.command, &rec.position) else {
                return Vec::new();
            };
            let text = pos
                .source
                .text
                .get(pos.span.start as usize..pos.span.end as usize)
                .unwrap_or("");
            if !text.starts_with('-') {
                return Vec::new();
            }
            match crate::runtime::commands::signature_for(it, cmd) {
                Some(sig) => parameters(&sig, text),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// The extra line shown under the error: `Did you mean: Get-CsUser?`.
pub fn line(suggestions: &[String]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("Did you mean: {}?", one)),
        many => Some(format!("Did you mean one of: {}?", many.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    #[test]
    fn distances() {
        assert_eq!(distance("Get-CsUsr", "get-csuser"), 1);
        assert_eq!(distance("Identiyt", "Identity"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn nearest_names() {
        let names = ["Get-CsUser", "Get-CsAdUser", "Set-CsUser", "Get-CsPool"];
        assert_eq!(
            nearest("Get-CsUsr", names),
            vec!["Get-CsUser", "Set-CsUser"]
        );
        assert_eq!(nearest("get-cspoo", names), vec!["Get-CsPool"]);
        assert!(nearest("Frobnicate", names).is_empty());
        assert!(
            nearest("Get-CsUser", names)
                .iter()
                .all(|n| n != "Get-CsUser")
        );
    }

    #[test]
    fn commands_and_parameters_of_the_catalog() {
        let mut e = Engine::new();
        let out = e.run_script("Get-CsAccesEdgeConfiguration");
        let rec = &out.errors[0];
        let s = e.suggestions(rec);
        assert_eq!(s[0], "Get-CsAccessEdgeConfiguration");
        let out = e.run_script("Set-CsAccessEdgeConfiguration -AllowFederatedUsrs $true");
        let s = e.suggestions(&out.errors[0]);
        assert_eq!(s, vec!["-AllowFederatedUsers"]);
        let out = e.run_script("Get-CsUser -Identiy x");
        assert_eq!(e.suggestions(&out.errors[0]), vec!["-Identity"]);
        // Other errors get none.
        let out = e.run_script("Get-CsUser -Identity nobody@nowhere.example");
        assert!(out.errors.iter().all(|r| e.suggestions(r).is_empty()));
    }
}
