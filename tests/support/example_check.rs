//! A crude static check of example command lines against the catalog.
//!
//! This is a one-off analysis tool, not the binder: it splits text on whitespace outside
//! quotes and brackets, recurses into `{…}` and `(…)`, and for every Cs* cmdlet call checks
//! that named parameters exist (unique prefix, aliases, common parameters), that some
//! parameter set contains them all, that the set's mandatory parameters are given (by name,
//! by position, or — when the command is not first in a pipeline — by pipeline input), and
//! that the positional arguments fit the set's positions.

use lyncshell::cmdlets::{self, CmdletSpec, ParamResolution, ParamSpec, ParameterSetSpec};

/// One problem found in one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub cmdlet: String,
    pub kind: &'static str,
    pub detail: String,
    pub command: String,
}

/// Splits `src` into statements, each a list of pipeline elements, each a list of tokens.
fn split(src: &str) -> Vec<Vec<Vec<String>>> {
    let mut statements = Vec::new();
    let mut pipeline: Vec<Vec<String>> = Vec::new();
    let mut command: Vec<String> = Vec::new();
    let mut token = String::new();
    let mut depth: i32 = 0;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let flush_token = |token: &mut String, command: &mut Vec<String>| {
        if !token.is_empty() {
            command.push(std::mem::take(token));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            token.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '`' => {
                // Escape or line continuation: keep the next character literally.
                if let Some(n) = chars.get(i + 1)
                    && *n != '\n'
                    && *n != '\r'
                {
                    token.push(*n);
                }
                i += 2;
                continue;
            }
            '"' | '\'' => {
                quote = Some(c);
                token.push(c);
            }
            '(' | '{' | '[' => {
                depth += 1;
                token.push(c);
            }
            ')' | '}' | ']' => {
                depth -= 1;
                token.push(c);
            }
            '#' if depth == 0 && token.is_empty() => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            ' ' | '\t' if depth == 0 => flush_token(&mut token, &mut command),
            '\r' | '\n' | ';' if depth == 0 => {
                flush_token(&mut token, &mut command);
                if !command.is_empty() {
                    pipeline.push(std::mem::take(&mut command));
                }
                // A line ending in `|` continues the pipeline.
                let continues = c != ';' && pipeline.is_empty() && command.is_empty();
                if !pipeline.is_empty() && !continues {
                    statements.push(std::mem::take(&mut pipeline));
                }
            }
            '|' if depth == 0 => {
                flush_token(&mut token, &mut command);
                pipeline.push(std::mem::take(&mut command));
                // Skip whitespace and newlines after a pipe.
                while chars.get(i + 1).is_some_and(|n| n.is_whitespace()) {
                    i += 1;
                }
            }
            _ => token.push(c),
        }
        i += 1;
    }
    flush_token(&mut token, &mut command);
    if !command.is_empty() {
        pipeline.push(command);
    }
    if !pipeline.is_empty() {
        statements.push(pipeline);
    }
    statements
}

/// The text inside a bracketed token (`{…}`, `(…)`, `@(…)`, `$(…)`), to analyse recursively.
fn inner(token: &str) -> Option<&str> {
    let t = token.trim_start_matches(['@', '$']);
    let open = t.chars().next()?;
    let close = match open {
        '{' => '}',
        '(' => ')',
        _ => return None,
    };
    if t.ends_with(close) && t.len() >= 2 {
        Some(&t[1..t.len() - 1])
    } else {
        // A token like `{...}.Something` or `(...)[0]`: analyse the bracketed part.
        let end = t.rfind(close)?;
        Some(&t[1..end])
    }
}

fn is_param_token(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// Checks one call: `tokens[0]` is the cmdlet name.
fn check_call(
    spec: &'static CmdletSpec,
    tokens: &[String],
    piped: bool,
    command: &str,
    out: &mut Vec<Finding>,
) {
    let mut named: Vec<&'static ParamSpec> = Vec::new();
    let mut positional = 0usize;
    let mut i = 1;
    let finding = |kind: &'static str, detail: String| Finding {
        cmdlet: spec.name.to_string(),
        kind,
        detail,
        command: command.to_string(),
    };
    while i < tokens.len() {
        let t = &tokens[i];
        if is_param_token(t) {
            // `-HolidayList($x)`: PowerShell ends a parameter name at `(`.
            let t = t.split('(').next().unwrap_or(t);
            let (name, inline_value) = match t[1..].split_once(':') {
                Some((n, _)) => (n, true),
                None => (&t[1..], false),
            };
            match cmdlets::resolve_parameter(spec, name) {
                ParamResolution::Own(p) => {
                    named.push(p);
                    if !p.is_switch() && !inline_value {
                        i += 1;
                        // `a, b` and `a ,b` lists.
                        while i < tokens.len()
                            && (tokens[i].ends_with(',')
                                || tokens.get(i + 1).is_some_and(|n| n.starts_with(',')))
                        {
                            i += 1;
                        }
                    }
                }
                ParamResolution::Common(p) => {
                    if !p.is_switch() && !inline_value {
                        i += 1;
                    }
                }
                ParamResolution::Ambiguous(c) => {
                    out.push(finding("ambiguous-parameter", format!("-{name}: {c:?}")))
                }
                _ => out.push(finding("unknown-parameter", format!("-{name}"))),
            }
        } else if t != "," {
            positional += 1;
            while i < tokens.len()
                && (tokens[i].ends_with(',')
                    || tokens.get(i + 1).is_some_and(|n| n.starts_with(',')))
            {
                i += 1;
            }
        }
        i += 1;
    }

    let fits = |set: &ParameterSetSpec| -> Result<(), String> {
        for p in &named {
            if !set
                .members
                .iter()
                .any(|m| spec.member_param(m).is_some_and(|q| q.name == p.name))
            {
                return Err(format!("-{} not in set", p.name));
            }
        }
        let given = |name: &str| named.iter().any(|p| p.name == name);
        // Positional slots not taken by name, in position order.
        let mut slots: Vec<_> = set
            .members
            .iter()
            .filter(|m| m.position.is_some())
            .filter(|m| spec.member_param(m).is_some_and(|p| !given(p.name)))
            .collect();
        slots.sort_by_key(|m| m.position);
        if positional > slots.len() {
            return Err(format!(
                "{positional} positional args, {} slots",
                slots.len()
            ));
        }
        let by_position: Vec<&str> = slots
            .iter()
            .take(positional)
            .filter_map(|m| spec.member_param(m).map(|p| p.name))
            .collect();
        let mut pipeline_used = false;
        for m in set.members.iter().filter(|m| m.mandatory) {
            let Some(p) = spec.member_param(m) else {
                continue;
            };
            if given(p.name) || by_position.contains(&p.name) {
                continue;
            }
            if piped && (m.from_pipeline || m.from_pipeline_by_property_name) {
                pipeline_used = true;
                continue;
            }
            return Err(format!("mandatory -{} missing", p.name));
        }
        let _ = pipeline_used;
        Ok(())
    };

    let results: Vec<(&str, Result<(), String>)> =
        spec.sets.iter().map(|s| (s.name, fits(s))).collect();
    let viable: Vec<&str> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(n, _)| *n)
        .collect();
    if viable.len() == 1 {
        return;
    }
    if viable.len() > 1 {
        // PowerShell picks the default set when it is among the survivors; piped input can
        // narrow the choice further, which this crude check does not model.
        let default = spec.default_parameter_set().map(|s| s.name);
        if piped || default.is_some_and(|d| viable.contains(&d)) {
            return;
        }
        out.push(finding("ambiguous-set", format!("{viable:?}")));
        return;
    }
    let detail = results
        .iter()
        .map(|(n, r)| format!("{n}: {}", r.as_ref().err().map_or("", String::as_str)))
        .collect::<Vec<_>>()
        .join("; ");
    out.push(finding("no-parameter-set", detail));
}

/// All findings for one example's code.
pub fn check_code(src: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    check_into(src, &mut out, 0);
    out
}

fn check_into(src: &str, out: &mut Vec<Finding>, depth: usize) {
    if depth > 20 {
        return;
    }
    for statement in split(src) {
        for (k, command) in statement.iter().enumerate() {
            for t in command {
                if let Some(inner) = inner(t) {
                    check_into(inner, out, depth + 1);
                }
            }
            // The cmdlet is the first token, or follows `$x =` / `[void]` style prefixes.
            let start = command
                .iter()
                .position(|t| cmdlets::lookup(t).is_some())
                .filter(|&p| p == 0 || command[..p].iter().any(|t| t == "="));
            if let Some(start) = start {
                let tokens = &command[start..];
                if let Some(spec) = cmdlets::lookup(&tokens[0]) {
                    let text = tokens.join(" ");
                    check_call(spec, tokens, k > 0, &text, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting() {
        let s = split("Get-CsUser | Set-CsUser -Enabled $true; Get-X `\n -A \"a b\"");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].len(), 2);
        assert_eq!(s[1][0], vec!["Get-X", "-A", "\"a b\""]);
    }
}
