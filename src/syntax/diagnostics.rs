//! Parse diagnostics: PowerShell's parser error ids and message texts, and their rendering as
//! Windows PowerShell prints a ParseException.

use super::ast::{Script, Span};

/// One parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// PowerShell's ParserError id, e.g. `MissingEndCurlyBrace` (the FullyQualifiedErrorId).
    pub id: &'static str,
    /// The message text as Windows PowerShell prints it.
    pub message: String,
    /// Where the error is reported (PowerShell's extent; often empty, just a position).
    pub span: Span,
    /// True when the error only says the input ended too early (open brace, string, here-string,
    /// trailing backtick…), so an interactive shell should read another line.
    pub incomplete: bool,
}

/// The result of parsing: always a tree, plus every diagnostic in source order.
#[derive(Debug, Clone)]
pub struct ParseOutput {
    pub script: Script,
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseOutput {
    /// True when the only problems are that the input ended too early.
    pub fn is_incomplete(&self) -> bool {
        !self.diagnostics.is_empty() && self.diagnostics.iter().all(|d| d.incomplete)
    }
}

/// Builds a diagnostic (a shorthand for the lexer and parser).
pub fn make(id: &'static str, message: String, span: Span, incomplete: bool) -> Diagnostic {
    Diagnostic {
        id,
        message,
        span,
        incomplete,
    }
}

/// PowerShell lists at most this many parse errors, then says there were more.
const MAX_REPORTED: usize = 10;

/// Renders diagnostics the way Windows PowerShell prints a ParseException: one
/// `At …`/`+ line`/`+ ~~~`/message group per error (at most ten, blank-line separated), then the
/// CategoryInfo / FullyQualifiedErrorId lines of the first error.
///
/// `origin` is the script path; `None` means a command string (`At line:1 char:9`).
pub fn render(diags: &[Diagnostic], src: &str, origin: Option<&str>) -> String {
    let origin = origin.unwrap_or("");
    let Some(first) = diags.first() else {
        return String::new();
    };
    let map = super::SourceMap::new(src);
    let mut out = String::new();
    for (i, d) in diags.iter().take(MAX_REPORTED).enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&position_message(&map, src, origin, d.span));
        out.push('\n');
        out.push_str(&d.message);
    }
    if diags.len() > MAX_REPORTED {
        out.push_str(
            "\n\nNot all parse errors were reported.  Correct the reported errors and try again.",
        );
    }
    out.push_str("\n    + CategoryInfo          : ParserError: (:) [], ParseException\n");
    out.push_str("    + FullyQualifiedErrorId : ");
    out.push_str(first.id);
    out.push('\n');
    out
}

/// `At file:line char:col`, the source line and the `~` marker, following PowerShell's
/// `PositionUtilities.VerboseMessage`: tabs become four spaces, lines longer than 69 characters
/// are cut around the error with `…`, and an empty extent still gets one `~`.
fn position_message(map: &super::SourceMap, src: &str, origin: &str, span: Span) -> String {
    let start = (span.start as usize).min(src.len());
    let end = (span.end as usize).clamp(start, src.len());
    let (line, col) = map.line_col(src, start);
    let (end_line, end_col) = map.line_col(src, end);
    let file = if origin.is_empty() { "line" } else { origin };
    let source: Vec<char> = map.line_text(src, line).trim_end().chars().collect();
    let mut body = String::new();
    if !source.is_empty() {
        let mut before = col - 1;
        let mut len = if line == end_line && end_col <= source.len() + 1 {
            end_col.saturating_sub(col)
        } else {
            (source.len() + 1).saturating_sub(col)
        };
        let mut text: Vec<char> = source;
        if text.contains(&'\t') {
            let b = before.min(text.len());
            let e = (before + len).min(text.len());
            let expand = |s: &[char]| -> Vec<char> {
                s.iter()
                    .flat_map(|&c| if c == '\t' { vec![' '; 4] } else { vec![c] })
                    .collect()
            };
            let pre = expand(text.get(..b).unwrap_or(&[]));
            let err = expand(text.get(b..e).unwrap_or(&[]));
            let post = expand(text.get(e..).unwrap_or(&[]));
            before = pre.len();
            len = err.len();
            text = [pre, err, post].concat();
        }
        const MAX: usize = 69;
        let mut prefix_dots = false;
        let mut suffix_dots = false;
        if text.len() > MAX {
            let total_prefix = before;
            let mut prefix = total_prefix.min(12);
            let total_suffix = text.len().saturating_sub(len + before);
            let mut suffix = total_suffix.min(8);
            let mut candidate = prefix + len + suffix;
            if candidate >= MAX {
                if prefix + len >= MAX {
                    len = MAX - prefix;
                }
                suffix_dots = true;
            } else {
                let available = total_prefix - prefix;
                if available > 0 {
                    prefix += available.min(MAX - candidate);
                    candidate = prefix + len + suffix;
                }
                if candidate < MAX && total_suffix > 0 {
                    suffix += total_suffix.min(MAX - candidate);
                }
                suffix_dots = suffix < total_suffix;
            }
            prefix_dots = prefix < total_prefix;
            let start_index = before.saturating_sub(prefix);
            let stop = (start_index + MAX).min(text.len());
            text = text.get(start_index..stop).unwrap_or(&[]).to_vec();
            before = before.min(prefix);
            len = len.min(MAX - before);
        }
        if prefix_dots {
            body.push_str("\u{2026} ");
        }
        body.extend(text.iter());
        if suffix_dots {
            body.push_str(" \u{2026}");
        }
        body.push_str("\n+ ");
        body.extend(std::iter::repeat_n(
            ' ',
            before + if prefix_dots { 2 } else { 0 },
        ));
        body.extend(std::iter::repeat_n('~', len.max(1)));
    }
    format!("At {file}:{line} char:{col}\n+ {body}")
}
