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

/// Renders parse errors as Windows PowerShell prints a ParseException (placeholder until the
/// parser's renderer lands: one `At …` block per error, then the category lines).
pub fn render(diags: &[Diagnostic], src: &str, origin: Option<&str>) -> String {
    let map = super::SourceMap::new(src);
    let mut out = String::new();
    for (i, d) in diags.iter().take(10).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (line, col) = map.line_col(src, d.span.start as usize);
        match origin {
            Some(o) => out.push_str(&format!("At {}:{} char:{}\n", o, line, col)),
            None => out.push_str(&format!("At line:{} char:{}\n", line, col)),
        }
        let text = map.line_text(src, line);
        out.push_str(&format!(
            "+ {}\n+ {}~\n{}\n",
            text,
            " ".repeat(col - 1),
            d.message
        ));
    }
    if let Some(first) = diags.first() {
        out.push_str("    + CategoryInfo          : ParserError: (:) [], ParseException\n");
        out.push_str(&format!("    + FullyQualifiedErrorId : {}\n\n", first.id));
    }
    out
}
