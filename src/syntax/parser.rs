//! Recursive-descent parser (written by the parser issue).

use super::ast::{Script, ScriptBlock, Span};
use super::diagnostics::ParseOutput;

pub fn parse_script(src: &str) -> ParseOutput {
    ParseOutput {
        script: Script {
            requires: Vec::new(),
            usings: Vec::new(),
            body: ScriptBlock {
                span: Span::new(0, src.len()),
                ..ScriptBlock::default()
            },
        },
        diagnostics: Vec::new(),
    }
}
