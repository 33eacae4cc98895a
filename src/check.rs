//! Script checks without running: parse, then bind every command whose name and arguments
//! can be known statically, and report unknown cmdlets, cmdlets of later products, binding
//! errors and malformed identities, each with its position. Silent where it cannot know
//! (splatted variables, names computed at run time, arguments that are not literals).

use serde::Serialize;

use crate::runtime::binder::{self, Arg, ErrCtx, PType};
use crate::runtime::commands;
use crate::runtime::interp::Interp;
use crate::runtime::value::Value;
use crate::syntax::{self, SourceMap, ast};

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `ParseError`, `UnknownCommand`, `NotInLync2013`, a binder error id
    /// (`NamedParameterNotFound`, …), or `BadIdentity`.
    pub kind: String,
    pub message: String,
}

impl Finding {
    pub fn render(&self) -> String {
        format!(
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.kind, self.message
        )
    }
}

/// Noun prefixes of cmdlets that exist only in later products (Skype for Business Online,
/// Teams): the reference lists only Lync Server 2013's own, so these are recognised by name.
const LATER_PRODUCT_NOUNS: &[&str] = &[
    "CsTeams",
    "CsOnline",
    "CsTenant",
    "CsHybrid",
    "CsCallQueue",
    "CsAutoAttendant",
    "CsApplicationInstance",
    "CsPhoneNumber",
    "Team",
];

/// Binder errors that depend on argument values the checker only approximates.
const VALUE_ERRORS: &[&str] = &[
    "CannotConvertArgument",
    "CannotConvertArgumentNoMessage",
    "ParameterArgumentTransformationError",
    "ParameterArgumentValidationError",
    "ParameterArgumentValidationErrorNullNotAllowed",
    "ParameterArgumentValidationErrorEmptyStringNotAllowed",
];

/// Checks one script. `it` supplies the command tables (functions defined in the script are
/// declared on it as they are found).
pub fn check_script(it: &mut Interp, file: &str, src: &str) -> Vec<Finding> {
    let parsed = syntax::parse(src);
    let map = SourceMap::new(src);
    // Binding errors carry the extent of the offending argument through this source.
    let source = std::rc::Rc::new(crate::runtime::value::Source {
        origin: Some(file.to_string()),
        text: src.to_string(),
        map: SourceMap::new(src),
    });
    let mut out = Vec::new();
    let at = |span: ast::Span| map.line_col(src, span.start as usize);
    for d in &parsed.diagnostics {
        let (line, column) = at(d.span);
        out.push(Finding {
            file: file.to_string(),
            line,
            column,
            kind: "ParseError".into(),
            message: d.message.clone(),
        });
    }
    if !parsed.diagnostics.is_empty() {
        return out;
    }
    let mut commands = Vec::new();
    collect_block(&parsed.script.body, &mut commands, it);
    for cmd in commands {
        let ast::ExprKind::String { value: name, .. } = &cmd.name.kind else {
            continue;
        };
        let (line, column) = at(cmd.name.span);
        let finding = |kind: &str, message: String, span: Option<ast::Span>| {
            let (line, column) = span.map(at).unwrap_or((line, column));
            Finding {
                file: file.to_string(),
                line,
                column,
                kind: kind.to_string(),
                message,
            }
        };
        let Some(sig) = commands::signature_for(it, name) else {
            if crate::runtime::builtins_host::refused(name).is_some() {
                continue;
            }
            let noun = name.split_once('-').map(|(_, n)| n).unwrap_or("");
            if LATER_PRODUCT_NOUNS
                .iter()
                .any(|p| noun.len() >= p.len() && noun[..p.len()].eq_ignore_ascii_case(p))
            {
                out.push(finding(
                    "NotInLync2013",
                    format!("'{}' is not a Lync Server 2013 cmdlet (it belongs to a later Skype for Business or Teams module).", name),
                    None,
                ));
            } else {
                out.push(finding(
                    "UnknownCommand",
                    format!("The term '{}' is not recognized as the name of a cmdlet, function, script file, or operable program.", name),
                    None,
                ));
            }
            continue;
        };
        // Arguments: literals keep their value; anything computed is a placeholder whose
        // value-dependent errors are not reported. A splat makes the call unknowable.
        let mut args = Vec::new();
        let mut dynamic_spans = Vec::new();
        let mut splatted = false;
        for el in &cmd.elements {
            match el {
                ast::CommandElement::Parameter {
                    name,
                    argument,
                    span,
                    ..
                } => {
                    let value = argument.as_ref().map(|a| {
                        let v = literal(a);
                        if v.is_none() {
                            dynamic_spans.push(a.span);
                        }
                        v.unwrap_or(Value::Null)
                    });
                    args.push(Arg::Named {
                        name: name.to_string(),
                        value,
                        span: *span,
                    });
                }
                ast::CommandElement::Argument(a) => {
                    if matches!(a.kind, ast::ExprKind::Splat(_)) {
                        splatted = true;
                        break;
                    }
                    let v = literal(a);
                    if v.is_none() {
                        dynamic_spans.push(a.span);
                    }
                    args.push(Arg::Positional {
                        value: v.unwrap_or(Value::Null),
                        span: a.span,
                    });
                }
                ast::CommandElement::StopParsing { .. } => {}
            }
        }
        if splatted {
            continue;
        }
        let ctx = ErrCtx {
            sig: &sig,
            position: Some(crate::runtime::errors::Position {
                source: source.clone(),
                span: cmd.span,
            }),
        };
        match binder::bind_command_line(&sig, args.clone(), true, &ctx) {
            Err(rec) => {
                let span = rec.position.as_ref().map(|p| p.span);
                let dynamic = span.is_some_and(|s| dynamic_spans.contains(&s));
                if !(dynamic && VALUE_ERRORS.contains(&rec.info.error_id)) {
                    out.push(finding(rec.info.error_id, rec.info.message.clone(), span));
                }
            }
            Ok(bound) => {
                for (pname, v) in &bound.values {
                    let Some(p) = sig.param(pname) else { continue };
                    let PType::Identity(t) = &p.ty else { continue };
                    let Value::String(s) = v else { continue };
                    if t.starts_with("Xds") && crate::model::identity::Identity::parse(s).is_err() {
                        let span = args.iter().find_map(|a| match a {
                            Arg::Named { name, span, .. } if name.eq_ignore_ascii_case(pname) => {
                                Some(*span)
                            }
                            _ => None,
                        });
                        out.push(finding(
                            "BadIdentity",
                            format!("'{}' is not a valid identity for parameter '{}' (use Global, site:Name, service:Role:fqdn or tag:Name).", s, pname),
                            span,
                        ));
                    }
                }
            }
        }
    }
    out.sort_by_key(|f| (f.line, f.column));
    out
}

/// The value of a literal argument, `None` when it is computed at run time.
fn literal(e: &ast::Expr) -> Option<Value> {
    match &e.kind {
        ast::ExprKind::Number(n) => Some(crate::runtime::interp::number_value(n)),
        ast::ExprKind::String { value, .. } => Some(Value::str(value)),
        ast::ExprKind::Variable(p) if p.qualifier.is_none() => {
            match p.name.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            }
        }
        ast::ExprKind::ArrayLiteral(items) => items
            .iter()
            .map(literal)
            .collect::<Option<Vec<_>>>()
            .map(Value::array),
        ast::ExprKind::ScriptBlock(_) => None,
        _ => None,
    }
}

fn collect_block<'a>(b: &'a ast::ScriptBlock, out: &mut Vec<&'a ast::Command>, it: &mut Interp) {
    for nb in [&b.begin, &b.process, &b.end, &b.dynamic_param, &b.clean]
        .into_iter()
        .flatten()
    {
        collect_statements(&nb.statements, out, it);
    }
}

fn collect_statements<'a>(
    stmts: &'a [ast::Statement],
    out: &mut Vec<&'a ast::Command>,
    it: &mut Interp,
) {
    for s in stmts {
        collect_statement(s, out, it);
    }
}

fn collect_pipeline<'a>(p: &'a ast::Pipeline, out: &mut Vec<&'a ast::Command>, it: &mut Interp) {
    for el in &p.elements {
        match el {
            ast::PipelineElement::Command(c) => {
                out.push(c);
                for e in &c.elements {
                    match e {
                        ast::CommandElement::Parameter {
                            argument: Some(a), ..
                        }
                        | ast::CommandElement::Argument(a) => collect_expr(a, out, it),
                        _ => {}
                    }
                }
            }
            ast::PipelineElement::Expression { expr, .. } => collect_expr(expr, out, it),
        }
    }
}

fn collect_statement<'a>(s: &'a ast::Statement, out: &mut Vec<&'a ast::Command>, it: &mut Interp) {
    use ast::StatementKind as K;
    match &s.kind {
        K::Pipeline(chain) => {
            collect_pipeline(&chain.first, out, it);
            for (_, p) in &chain.rest {
                collect_pipeline(p, out, it);
            }
        }
        K::Assignment { target, value, .. } => {
            collect_expr(target, out, it);
            collect_statement(value, out, it);
        }
        K::If {
            clauses,
            else_block,
        } => {
            for (c, b) in clauses {
                collect_pipeline(c, out, it);
                collect_statements(&b.statements, out, it);
            }
            if let Some(b) = else_block {
                collect_statements(&b.statements, out, it);
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
            collect_pipeline(condition, out, it);
            collect_statements(&body.statements, out, it);
        }
        K::Foreach(f) => {
            collect_pipeline(&f.iterable, out, it);
            collect_statements(&f.body.statements, out, it);
        }
        K::For {
            init,
            condition,
            iterator,
            body,
            ..
        } => {
            if let Some(i) = init {
                collect_statement(i, out, it);
            }
            if let Some(c) = condition {
                collect_pipeline(c, out, it);
            }
            if let Some(i) = iterator {
                collect_statement(i, out, it);
            }
            collect_statements(&body.statements, out, it);
        }
        K::Switch(sw) => {
            collect_pipeline(&sw.condition, out, it);
            for c in &sw.clauses {
                collect_statements(&c.body.statements, out, it);
            }
            if let Some(d) = &sw.default {
                collect_statements(&d.statements, out, it);
            }
        }
        K::Try {
            body,
            catches,
            finally,
        } => {
            collect_statements(&body.statements, out, it);
            for c in catches {
                collect_statements(&c.body.statements, out, it);
            }
            if let Some(f) = finally {
                collect_statements(&f.statements, out, it);
            }
        }
        K::Trap { body, .. } | K::Block { body, .. } | K::Data { body, .. } => {
            collect_statements(&body.statements, out, it)
        }
        K::Function(f) => {
            // Functions defined anywhere in the script are known to every call.
            it.define_function(f);
            collect_block(&f.body, out, it);
        }
        K::Return(Some(v)) | K::Exit(Some(v)) | K::Throw(Some(v)) => collect_statement(v, out, it),
        _ => {}
    }
}

fn collect_expr<'a>(e: &'a ast::Expr, out: &mut Vec<&'a ast::Command>, it: &mut Interp) {
    use ast::ExprKind as K;
    match &e.kind {
        K::ArraySubexpression(s) | K::Subexpression(s) => collect_statements(s, out, it),
        K::Paren(s) => collect_statement(s, out, it),
        K::ScriptBlock(b) => collect_block(b, out, it),
        K::ExpandableString { parts, .. } => {
            for p in parts {
                if let ast::StringPart::Subexpression { statements, .. } = p {
                    collect_statements(statements, out, it);
                }
            }
        }
        K::ArrayLiteral(items) => items.iter().for_each(|i| collect_expr(i, out, it)),
        K::Unary { expr, .. } | K::Convert { expr, .. } | K::Attributed { expr, .. } => {
            collect_expr(expr, out, it)
        }
        K::Binary { left, right, .. } => {
            collect_expr(left, out, it);
            collect_expr(right, out, it);
        }
        K::Hashtable(entries) => {
            for en in entries {
                collect_statement(&en.value, out, it);
            }
        }
        K::Member { target, .. } | K::Index { target, .. } => collect_expr(target, out, it),
        K::InvokeMember {
            target, arguments, ..
        } => {
            collect_expr(target, out, it);
            arguments.iter().for_each(|a| collect_expr(a, out, it));
        }
        _ => {}
    }
}
