//! Syntax colouring of a command line, from the parser's tree: commands, parameters,
//! strings, variables, numbers and parse errors each get their colour (as the Windows
//! PowerShell console of later versions colours them).

use owo_colors::OwoColorize;

use crate::syntax::{self, ast};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Command,
    Parameter,
    String,
    Variable,
    Number,
    Error,
}

/// Coloured spans of `line`, sorted by start, not overlapping.
pub fn classify(line: &str) -> Vec<(usize, usize, Class)> {
    let parsed = syntax::parse(line);
    let mut spans = Vec::new();
    visit_block(&parsed.script.body, &mut spans);
    for d in &parsed.diagnostics {
        if !d.incomplete {
            let s = d.span.start as usize;
            let e = (d.span.end as usize).max(s + 1).min(line.len());
            if s < e {
                spans.push((s, e, Class::Error));
            }
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out: Vec<(usize, usize, Class)> = Vec::new();
    for s in spans {
        if out.last().is_some_and(|l| s.0 < l.1) {
            continue;
        }
        out.push(s);
    }
    out
}

/// `line` with ANSI colours.
pub fn highlight(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 32);
    let mut at = 0;
    for (s, e, class) in classify(line) {
        let (Some(before), Some(text)) = (line.get(at..s), line.get(s..e)) else {
            continue;
        };
        out.push_str(before);
        let coloured = match class {
            Class::Command => text.yellow().to_string(),
            Class::Parameter => text.bright_black().to_string(),
            Class::String => text.cyan().to_string(),
            Class::Variable => text.green().to_string(),
            Class::Number => text.bright_white().to_string(),
            Class::Error => text.red().underline().to_string(),
        };
        out.push_str(&coloured);
        at = e;
    }
    out.push_str(line.get(at..).unwrap_or(""));
    out
}

fn push(spans: &mut Vec<(usize, usize, Class)>, span: ast::Span, class: Class) {
    if span.end > span.start {
        spans.push((span.start as usize, span.end as usize, class));
    }
}

fn visit_block(b: &ast::ScriptBlock, spans: &mut Vec<(usize, usize, Class)>) {
    for nb in [&b.begin, &b.process, &b.end, &b.dynamic_param, &b.clean]
        .into_iter()
        .flatten()
    {
        visit_statements(&nb.statements, spans);
    }
}

fn visit_statements(stmts: &[ast::Statement], spans: &mut Vec<(usize, usize, Class)>) {
    for s in stmts {
        visit_statement(s, spans);
    }
}

fn visit_pipeline(p: &ast::Pipeline, spans: &mut Vec<(usize, usize, Class)>) {
    for el in &p.elements {
        match el {
            ast::PipelineElement::Command(c) => {
                match &c.name.kind {
                    ast::ExprKind::String { .. } => push(spans, c.name.span, Class::Command),
                    _ => visit_expr(&c.name, spans),
                }
                for e in &c.elements {
                    match e {
                        ast::CommandElement::Parameter { span, argument, .. } => {
                            push(spans, *span, Class::Parameter);
                            if let Some(a) = argument {
                                visit_expr(a, spans);
                            }
                        }
                        ast::CommandElement::Argument(a) => visit_expr(a, spans),
                        ast::CommandElement::StopParsing { .. } => {}
                    }
                }
            }
            ast::PipelineElement::Expression { expr, .. } => visit_expr(expr, spans),
        }
    }
}

fn visit_statement(s: &ast::Statement, spans: &mut Vec<(usize, usize, Class)>) {
    use ast::StatementKind as K;
    match &s.kind {
        K::Pipeline(chain) => {
            visit_pipeline(&chain.first, spans);
            for (_, p) in &chain.rest {
                visit_pipeline(p, spans);
            }
        }
        K::Assignment { target, value, .. } => {
            visit_expr(target, spans);
            visit_statement(value, spans);
        }
        K::If {
            clauses,
            else_block,
        } => {
            for (c, b) in clauses {
                visit_pipeline(c, spans);
                visit_statements(&b.statements, spans);
            }
            if let Some(b) = else_block {
                visit_statements(&b.statements, spans);
            }
        }
        K::While {
            condition, body, ..
        }
        | K::DoWhile {
            condition, body, ..
        }
        | K::DoUntil {
            condition, body, ..
        } => {
            visit_pipeline(condition, spans);
            visit_statements(&body.statements, spans);
        }
        K::Foreach(f) => {
            visit_pipeline(&f.iterable, spans);
            visit_statements(&f.body.statements, spans);
        }
        K::For {
            init,
            condition,
            iterator,
            body,
            ..
        } => {
            if let Some(i) = init {
                visit_statement(i, spans);
            }
            if let Some(c) = condition {
                visit_pipeline(c, spans);
            }
            if let Some(i) = iterator {
                visit_statement(i, spans);
            }
            visit_statements(&body.statements, spans);
        }
        K::Try {
            body,
            catches,
            finally,
        } => {
            visit_statements(&body.statements, spans);
            for c in catches {
                visit_statements(&c.body.statements, spans);
            }
            if let Some(f) = finally {
                visit_statements(&f.statements, spans);
            }
        }
        K::Function(f) => visit_block(&f.body, spans),
        K::Return(Some(v)) | K::Exit(Some(v)) | K::Throw(Some(v)) => visit_statement(v, spans),
        _ => {}
    }
}

fn visit_expr(e: &ast::Expr, spans: &mut Vec<(usize, usize, Class)>) {
    use ast::ExprKind as K;
    match &e.kind {
        K::Number(_) => push(spans, e.span, Class::Number),
        K::String { quote, .. } if *quote != ast::QuoteKind::Bare => {
            push(spans, e.span, Class::String)
        }
        K::ExpandableString { quote, .. } if *quote != ast::QuoteKind::Bare => {
            push(spans, e.span, Class::String)
        }
        K::Variable(_) | K::Splat(_) => push(spans, e.span, Class::Variable),
        K::ArrayLiteral(items) => items.iter().for_each(|i| visit_expr(i, spans)),
        K::ArraySubexpression(s) | K::Subexpression(s) => visit_statements(s, spans),
        K::Paren(s) => visit_statement(s, spans),
        K::ScriptBlock(b) => visit_block(b, spans),
        K::Unary { expr, .. } | K::Convert { expr, .. } => visit_expr(expr, spans),
        K::Binary { left, right, .. } => {
            visit_expr(left, spans);
            visit_expr(right, spans);
        }
        K::Member { target, .. } | K::InvokeMember { target, .. } | K::Index { target, .. } => {
            visit_expr(target, spans)
        }
        K::Hashtable(entries) => {
            for en in entries {
                visit_expr(&en.key, spans);
                visit_statement(&en.value, spans);
            }
        }
        _ => {}
    }
}
