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
    /// "Did you mean": the nearest cmdlet or parameter names (at most three).
    pub suggestions: Vec<String>,
}

impl Finding {
    pub fn render(&self) -> String {
        let mut text = format!(
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.kind, self.message
        );
        if let Some(hint) = crate::repl::suggest::line(&self.suggestions) {
            text.push_str("\n    ");
            text.push_str(&hint);
        }
        text
    }
}

/// Noun prefixes of cmdlets that exist only in later products. The reference holds every
/// cmdlet page that lists Lync Server 2013, so a name outside it is not a Lync 2013 cmdlet;
/// these prefixes tell the ones that do exist elsewhere from typos. The first group are the
/// Skype for Business Online and Teams modules; the second are nouns of pages in the Skype for
/// Business Server documentation that are not in the reference, i.e. do not list Lync Server
/// 2013 (taken from the first part, A–Get-CsD, of the documentation folder's file listing; the
/// list is not exhaustive, and a later-product cmdlet outside it is reported as unknown).
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
    // Skype for Business Server 2015 / 2019.
    "CsSlaDelegates",
    "CsDataConference",
    "CsStorageService",
    "CsUnifiedContactStore",
    "CsAdditionalInternalDomain",
    "CsAddressBookNormalization",
    "CsAudioConferencingProvider",
    "CsAuthConfig",
    "CsBroadcastMeeting",
    "CsBusyOptions",
    "CsCallViaWork",
    "CsCloudCallDataConnector",
    "CsCloudMeeting",
    "CsClsAgentStatus",
    "CsConversationHistory",
    // Skype for Business Online (the tenant federation builders).
    "CsEdgeDomainPattern",
    "CsEdgeAllowAllKnownDomains",
    "CsEdgeAllowList",
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
            suggestions: Vec::new(),
        });
    }
    if !parsed.diagnostics.is_empty() {
        return out;
    }
    let mut commands = Vec::new();
    collect_block(&parsed.script.body, &mut commands, it);
    let plain: Vec<&ast::Command> = commands.iter().map(|(c, _)| *c).collect();
    let prefixes = import_prefixes(&plain);
    for (cmd, first) in commands {
        let ast::ExprKind::String { value: name, .. } = &cmd.name.kind else {
            continue;
        };
        // A command imported from the online session under `Import-PSSession -Prefix X`
        // (`Set-XCsTenant…`) is checked as the command it stands for; commands only the
        // online endpoint has (Get-CsTenant, Get-CsOnlineUser) are not known here.
        let unprefixed = remote_name(name, &prefixes);
        let name = unprefixed.as_deref().unwrap_or(name);
        if crate::cmdlets::lookup(name).is_none()
            && crate::cmdlets::online::session::EXPORTED
                .iter()
                .any(|e| e.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let (line, column) = at(cmd.name.span);
        let finding = |kind: &str, message: String, span: Option<ast::Span>| {
            let (line, column) = span.map(at).unwrap_or((line, column));
            Finding {
                file: file.to_string(),
                line,
                column,
                kind: kind.to_string(),
                message,
                suggestions: Vec::new(),
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
                let mut f = finding(
                    "UnknownCommand",
                    format!(
                        "The term '{}' is not recognized as the name of a cmdlet, function, script file, or operable program.",
                        name
                    ),
                    None,
                );
                f.suggestions = crate::repl::suggest::commands(it, name);
                out.push(f);
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
        match binder::bind_command_line(&sig, args.clone(), !first, &ctx) {
            Err(rec) => {
                let span = rec.position.as_ref().map(|p| p.span);
                let dynamic = span.is_some_and(|s| dynamic_spans.contains(&s));
                if dynamic && VALUE_ERRORS.contains(&rec.info.error_id) {
                    continue;
                }
                if rec.info.error_id == "NamedParameterNotFound"
                    && let Some(text) = later_parameter(&sig.name, &args, span)
                {
                    out.push(finding("NotInLync2013", text, span));
                    continue;
                }
                let mut f = finding(rec.info.error_id, rec.info.message.clone(), span);
                if rec.info.error_id == "NamedParameterNotFound" {
                    f.suggestions = crate::repl::suggest::for_record(it, &rec);
                }
                out.push(f);
            }
            Ok(bound) => {
                // Mandatory parameters, for a command first in its pipeline (later ones may
                // get them from pipeline objects, which the reference does not always mark)
                // and when every argument is a literal (a computed one may bind elsewhere).
                if first
                    && dynamic_spans.is_empty()
                    && let Ok(set) = binder::resolve_set(&sig, &bound, &ctx, false)
                {
                    let missing = binder::missing_mandatory(&sig, &bound, &set);
                    if !missing.is_empty() {
                        out.push(finding(
                            "MissingMandatoryParameter",
                            format!(
                                "Cannot process command because of one or more missing mandatory parameters:{}.",
                                missing.iter().map(|m| format!(" {}", m)).collect::<String>()
                            ),
                            None,
                        ));
                    }
                }
                out.extend(bad_identities(&sig, &bound, &args, &finding));
            }
        }
    }
    out.sort_by_key(|f| (f.line, f.column));
    out
}

/// For a `NamedParameterNotFound` at `span`: when the unknown parameter is one the catalog
/// leaves out because it arrived after Lync Server 2013 (excluded by the reference's product
/// lists or by a `NotInLync2013` deviation), the message saying so.
fn later_parameter(cmdlet: &str, args: &[Arg], span: Option<ast::Span>) -> Option<String> {
    let name = args.iter().find_map(|a| match a {
        Arg::Named { name, span: s, .. } if Some(*s) == span => Some(name.as_str()),
        _ => None,
    })?;
    // The name as typed may be a prefix (`-MoveTo`), as PowerShell accepts for real ones.
    let lower = name.to_ascii_lowercase();
    let e = crate::cmdlets::excluded_parameters().find(|e| {
        e.cmdlet.eq_ignore_ascii_case(cmdlet)
            && e.parameter.to_ascii_lowercase().starts_with(&lower)
    })?;
    let origin = if e.applicable == crate::cmdlets::NOT_IN_LYNC_2013 {
        "it arrived in a later Skype for Business or Teams release".to_string()
    } else {
        format!("it belongs to {}", e.applicable)
    };
    Some(format!(
        "'-{}' of {} is not available in Lync Server 2013 ({}); the real cmdlet rejects it: A parameter cannot be found that matches parameter name '{}'.",
        e.parameter, e.cmdlet, origin, name
    ))
}

/// The literal `-Prefix` values of the script's `Import-PSSession` calls.
fn import_prefixes(commands: &[&ast::Command]) -> Vec<String> {
    let mut out = Vec::new();
    for cmd in commands {
        let ast::ExprKind::String { value: name, .. } = &cmd.name.kind else {
            continue;
        };
        if !name.eq_ignore_ascii_case("Import-PSSession") {
            continue;
        }
        let mut elements = cmd.elements.iter();
        while let Some(el) = elements.next() {
            let ast::CommandElement::Parameter { name, argument, .. } = el else {
                continue;
            };
            if !"prefix".starts_with(name.to_ascii_lowercase().as_str()) || name.len() < 2 {
                continue;
            }
            let value = match argument {
                Some(a) => literal(a),
                None => match elements.next() {
                    Some(ast::CommandElement::Argument(a)) => literal(a),
                    _ => None,
                },
            };
            if let Some(v) = value {
                out.push(crate::runtime::convert::to_string(&v));
            }
        }
    }
    out
}

/// Literal configuration identities that cannot be parsed (`site:` without a name, a
/// malformed `service:` identity).
fn bad_identities(
    sig: &binder::Signature,
    bound: &binder::Bound,
    args: &[Arg],
    finding: &dyn Fn(&str, String, Option<ast::Span>) -> Finding,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pname, v) in &bound.values {
        let Some(p) = sig.param(pname) else { continue };
        let PType::Identity(t) = &p.ty else { continue };
        let Value::String(s) = v else { continue };
        if t.starts_with("Xds") && crate::model::identity::Identity::parse(s).is_err() {
            let span = args.iter().find_map(|a| match a {
                Arg::Named { name, span, .. } if name.eq_ignore_ascii_case(pname) => Some(*span),
                _ => None,
            });
            out.push(finding(
                "BadIdentity",
                format!("'{}' is not a valid identity for parameter '{}' (use Global, site:Name, service:Role:fqdn or tag:Name).", s, pname),
                span,
            ));
        }
    }
    out
}

/// `Verb-<Prefix>Noun` → `Verb-Noun` for an online-session command imported with a prefix.
fn remote_name(name: &str, prefixes: &[String]) -> Option<String> {
    let (verb, noun) = name.split_once('-')?;
    prefixes.iter().find_map(|p| {
        let rest = noun
            .get(..p.len())?
            .eq_ignore_ascii_case(p)
            .then(|| &noun[p.len()..])?;
        let plain = format!("{verb}-{rest}");
        crate::cmdlets::online::session::EXPORTED
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&plain))
            .then_some(plain)
    })
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

fn collect_block<'a>(
    b: &'a ast::ScriptBlock,
    out: &mut Vec<(&'a ast::Command, bool)>,
    it: &mut Interp,
) {
    for nb in [&b.begin, &b.process, &b.end, &b.dynamic_param, &b.clean]
        .into_iter()
        .flatten()
    {
        collect_statements(&nb.statements, out, it);
    }
}

fn collect_statements<'a>(
    stmts: &'a [ast::Statement],
    out: &mut Vec<(&'a ast::Command, bool)>,
    it: &mut Interp,
) {
    for s in stmts {
        collect_statement(s, out, it);
    }
}

fn collect_pipeline<'a>(
    p: &'a ast::Pipeline,
    out: &mut Vec<(&'a ast::Command, bool)>,
    it: &mut Interp,
) {
    for (i, el) in p.elements.iter().enumerate() {
        match el {
            ast::PipelineElement::Command(c) => {
                out.push((c, i == 0));
                // `-Filter {SipAddress -eq …}` is an OPATH filter, not script.
                let mut after_filter = false;
                for e in &c.elements {
                    let filter = std::mem::take(&mut after_filter);
                    match e {
                        ast::CommandElement::Parameter { name, argument, .. } => {
                            let is_filter = name.eq_ignore_ascii_case("Filter");
                            match argument {
                                Some(a)
                                    if is_filter
                                        && matches!(a.kind, ast::ExprKind::ScriptBlock(_)) => {}
                                Some(a) => collect_expr(a, out, it),
                                None => after_filter = is_filter,
                            }
                        }
                        ast::CommandElement::Argument(a)
                            if filter && matches!(a.kind, ast::ExprKind::ScriptBlock(_)) => {}
                        ast::CommandElement::Argument(a) => collect_expr(a, out, it),
                        ast::CommandElement::StopParsing { .. } => {}
                    }
                }
            }
            ast::PipelineElement::Expression { expr, .. } => collect_expr(expr, out, it),
        }
    }
}

fn collect_statement<'a>(
    s: &'a ast::Statement,
    out: &mut Vec<(&'a ast::Command, bool)>,
    it: &mut Interp,
) {
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

fn collect_expr<'a>(e: &'a ast::Expr, out: &mut Vec<(&'a ast::Command, bool)>, it: &mut Interp) {
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
