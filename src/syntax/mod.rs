//! Lexing and parsing of the PowerShell language.
//!
//! This module owns text → tree. It knows nothing about cmdlets, values or the deployment:
//! `parse(src)` returns a [`ast::Script`] plus every [`Diagnostic`] found, never panics, and
//! marks diagnostics caused by input that simply ended too early (an open `{`, string or a
//! trailing backtick) as *incomplete*, so a REPL can ask for another line.

pub mod ast;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
pub mod source;

pub use diagnostics::{Diagnostic, ParseOutput};
pub use source::SourceMap;

/// Parses a whole script. Always returns a tree (with error placeholders where the parser
/// recovered) and the list of diagnostics, in source order.
pub fn parse(src: &str) -> ParseOutput {
    parser::parse_script(src)
}

#[cfg(test)]
mod parser_tests;
