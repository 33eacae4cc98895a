//! Recursive-descent parser: one `parse_<rule>` function per rule of
//! `grammar/powershell.ebnf`.
//!
//! The parser drives the lexer: expression-mode tokens come from [`Lexer::next_token`], while
//! command arguments (bare words such as `site:Redmond`, parameters, numbers that are only numbers
//! when a separator follows) are read here character by character, as PowerShell's tokenizer does
//! in command mode. It always returns a tree; errors become diagnostics with PowerShell's ids and
//! texts, and the parser resynchronises at the next newline, `;` or closing brace. Recursion is
//! bounded by [`MAX_DEPTH`] so hostile input cannot overflow the stack.

use super::ast::*;
use super::diagnostics::ParseOutput;
use super::lexer::{DashOp, Lexer, Tok, Token};

/// Nesting budget (statements, unary operators, strings each take one unit). Sized so that the
/// deepest accepted input still parses on a 2 MiB thread stack in a debug build.
pub const MAX_DEPTH: u32 = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Close {
    Eof,
    Curly,
    Paren,
}

struct Parser<'a> {
    lx: Lexer<'a>,
    depth: u32,
    aborted: bool,
    last_end: usize,
    statements_seen: bool,
    /// Nesting of generic argument lists being parsed (see `parse_type_name`).
    generic_depth: u32,
    /// Scratch stacks for the lists built most often: a list is pushed here while it is parsed
    /// (nested lists stack above it) and moved into a `Vec` of exactly its length at the end,
    /// which avoids regrowing the `Vec` and the unused capacity that doubling leaves behind.
    scratch_statements: Vec<Statement>,
    scratch_elements: Vec<PipelineElement>,
    scratch_args: Vec<CommandElement>,
}

/// Parses a whole script (see [`super::parse`]).
pub fn parse_script(src: &str) -> ParseOutput {
    let mut p = Parser {
        lx: Lexer::new(src),
        depth: 0,
        aborted: false,
        last_end: 0,
        statements_seen: false,
        generic_depth: 0,
        scratch_statements: Vec::new(),
        scratch_elements: Vec::new(),
        scratch_args: Vec::new(),
    };
    let script = p.parse_script_file();
    let mut diagnostics = std::mem::take(&mut p.lx.diags);
    diagnostics.sort_by_key(|d| d.span.start);
    ParseOutput {
        script,
        diagnostics,
    }
}

fn expr(kind: ExprKind, start: usize, end: usize) -> Expr {
    Expr {
        kind,
        span: Span::new(start, end),
    }
}

fn error_expr(at: usize) -> Expr {
    expr(ExprKind::Error, at, at)
}

/// Statements that close with their own `}` or `)` and so need no statement terminator.
fn ends_with_block(kind: &StatementKind) -> bool {
    !matches!(
        kind,
        StatementKind::Pipeline(_)
            | StatementKind::Assignment { .. }
            | StatementKind::Break(_)
            | StatementKind::Continue(_)
            | StatementKind::Return(_)
            | StatementKind::Exit(_)
            | StatementKind::Throw(_)
    )
}

/// `$name` / `${name}` / `@name` text (without the sigil) → variable path.
fn var_path(text: &str) -> VariablePath {
    let (inner, braced) = match text.strip_prefix('{') {
        Some(rest) => (rest.strip_suffix('}').unwrap_or(rest), true),
        None => (text, false),
    };
    let inner: std::borrow::Cow<str> = if braced && inner.contains('`') {
        let mut s = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '`' {
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            } else {
                s.push(c);
            }
        }
        s.into()
    } else {
        inner.into()
    };
    // An empty qualifier (`$:name`, `${:name}`) names the plain variable.
    if let Some(n) = inner.strip_prefix(':')
        && !n.is_empty()
    {
        return VariablePath {
            qualifier: None,
            name: Text::from(n),
        };
    }
    if let Some((q, n)) = inner.split_once(':')
        && !q.is_empty()
        && q.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        return VariablePath {
            qualifier: Some(Text::from(q)),
            name: Text::from(n),
        };
    }
    VariablePath {
        qualifier: None,
        name: Text::from(inner),
    }
}

fn is_keyword(word: &str, kw: &str) -> bool {
    word.eq_ignore_ascii_case(kw)
}

impl<'a> Parser<'a> {
    // ----- low-level helpers -------------------------------------------------------------

    fn pos(&self) -> usize {
        self.lx.pos
    }

    fn at(&self, i: usize) -> u8 {
        self.lx.at(i)
    }

    fn peek(&mut self) -> Token {
        self.lx.peek_token()
    }

    fn bump(&mut self, t: Token) {
        self.lx.pos = t.span.end as usize;
        self.last_end = self.lx.pos;
    }

    fn skip_ws(&mut self) {
        self.lx.skip_trivia(false);
    }

    fn skip_nl(&mut self) {
        self.lx.skip_trivia(true);
    }

    fn skip_nl_semi(&mut self) {
        loop {
            self.skip_nl();
            if self.at(self.pos()) == b';' {
                self.lx.pos += 1;
            } else {
                break;
            }
        }
    }

    fn error(&mut self, id: &'static str, message: String, span: Span) {
        if self.aborted {
            return;
        }
        let incomplete = span.start as usize >= self.lx.b.len();
        self.lx.report(id, message, span, incomplete);
    }

    /// Error whose extent is the empty position just after the last token read.
    fn error_after(&mut self, id: &'static str, message: &str) {
        let at = self.last_end;
        // Incomplete when nothing but trivia follows.
        let save = self.pos();
        self.skip_nl();
        let at_eof = self.lx.eof(self.pos());
        self.lx.pos = save;
        if self.aborted {
            return;
        }
        self.lx
            .report(id, message.to_string(), Span::new(at, at), at_eof);
    }

    fn enter(&mut self) -> bool {
        if self.aborted {
            return false;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let at = self.pos();
            self.lx.report(
                "ScriptTooComplicated",
                "Processing was stopped because the script is too complex.".to_string(),
                Span::new(at, at),
                false,
            );
            self.aborted = true;
            self.lx.pos = self.lx.b.len();
            self.depth -= 1;
            return false;
        }
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// End of a bare word starting at `i` ignoring quoting (for keyword detection).
    fn simple_word_end(&self, i: usize) -> usize {
        let mut j = i;
        loop {
            match self.lx.b.get(j) {
                None => return j,
                // ASCII needs no decoding: one table lookup per byte.
                Some(&c) if c < 0x80 => {
                    if super::lexer::ends_generic(c) {
                        return j;
                    }
                    j += 1;
                }
                Some(_) => {
                    if self.lx.generic_ends_at(j) {
                        return j;
                    }
                    j += self.lx.char_len(j);
                }
            }
        }
    }

    fn word_at(&self, i: usize) -> &'a str {
        let src: &'a str = self.lx.src;
        if !self.lx.ident_start_at(i) > 0 && self.lx.ident_start_at(i) == 0 {
            return "";
        }
        src.get(i..self.simple_word_end(i)).unwrap_or("")
    }

    /// The identifier (letters, digits, `_`) at `i`.
    fn ident_at(&self, i: usize) -> &'a str {
        let src: &'a str = self.lx.src;
        let mut j = i;
        loop {
            let n = self.lx.ident_char_at(j);
            if n == 0 {
                break;
            }
            j += n;
        }
        src.get(i..j).unwrap_or("")
    }

    fn token_text(&mut self, t: Token) -> String {
        if t.tok == Tok::Eof {
            return String::new();
        }
        self.lx.text(t.span).to_string()
    }

    fn unexpected(&mut self, t: Token) {
        let text = self.token_text(t);
        self.error(
            "UnexpectedToken",
            format!("Unexpected token '{text}' in expression or statement."),
            t.span,
        );
    }

    /// Skips to the next newline, `;`, or closing brace/paren (error recovery).
    fn recover(&mut self) {
        loop {
            let t = self.peek();
            match t.tok {
                Tok::Eof | Tok::NewLine | Tok::Semi | Tok::RCurly | Tok::RParen => return,
                Tok::LCurly => {
                    self.lx.pos = t.span.start as usize;
                    self.parse_statement_block();
                }
                Tok::DqStart | Tok::HereDqStart => {
                    self.parse_primary();
                }
                _ => {
                    self.bump(t);
                    if t.span.is_empty() {
                        self.lx.pos += 1;
                    }
                }
            }
        }
    }

    // ----- scripts and blocks ------------------------------------------------------------

    fn parse_script_file(&mut self) -> Script {
        let mut usings = Vec::new();
        loop {
            self.skip_nl_semi();
            let w = self.word_at(self.pos());
            if is_keyword(w, "using") {
                if let Some(u) = self.parse_using() {
                    usings.push(u);
                }
            } else {
                break;
            }
        }
        let body = self.parse_script_block_body(0, Close::Eof);
        let requires = std::mem::take(&mut self.lx.requires)
            .into_iter()
            .map(|span| Requires {
                text: self.lx.text(span).get(9..).unwrap_or("").trim().to_string(),
                span,
            })
            .collect();
        Script {
            requires,
            usings,
            body,
        }
    }

    fn parse_using(&mut self) -> Option<UsingStatement> {
        let start = self.pos();
        if self.statements_seen {
            self.error(
                "UsingMustBeAtStartOfScript",
                "A 'using' statement must appear before any other statements in a script."
                    .to_string(),
                Span::new(start, start + 5),
            );
        }
        self.lx.pos += 5;
        self.last_end = self.lx.pos;
        self.skip_ws();
        let kind = self.ident_at(self.pos()).to_ascii_lowercase();
        if kind.is_empty() {
            self.error_after("MissingUsingStatementDirective", "Missing using directive");
            self.recover();
            return None;
        }
        self.lx.pos += kind.len();
        self.last_end = self.lx.pos;
        self.skip_ws();
        let arg = self.parse_command_argument();
        let name = match arg.map(|e| e.kind) {
            Some(ExprKind::String { value, .. }) => value.into(),
            Some(_) => self.lx.text(Span::new(start, self.last_end)).to_string(),
            None => {
                self.error_after("MissingUsingItemName", "Missing using name");
                String::new()
            }
        };
        Some(UsingStatement {
            kind,
            name,
            span: Span::new(start, self.last_end),
        })
    }

    /// The inside of a script block: attributes, `param( )`, named blocks or statements.
    fn parse_script_block_body(&mut self, start: usize, close: Close) -> ScriptBlock {
        let mut sb = ScriptBlock::default();
        if !self.enter() {
            return sb;
        }
        self.skip_nl_semi();
        if self.at(self.pos()) == b'[' {
            let save = self.pos();
            let ndiag = self.lx.diags.len();
            let mut attrs = Vec::new();
            while self.at(self.pos()) == b'[' {
                match self.parse_attribute() {
                    AttributeOrType::Attribute(a) => attrs.push(a),
                    AttributeOrType::Type(_) => break,
                }
                self.skip_nl();
            }
            if is_keyword(self.word_at(self.pos()), "param") {
                sb.attributes = attrs;
            } else {
                self.lx.pos = save;
                self.lx.diags.truncate(ndiag);
                self.lx.forget_cached_token();
            }
        }
        if is_keyword(self.word_at(self.pos()), "param") {
            let save = self.pos();
            self.lx.pos += 5;
            self.skip_nl();
            if self.at(self.pos()) == b'(' {
                sb.param_block = Some(self.parse_param_block(save));
            } else {
                self.lx.pos = save;
            }
        }
        self.skip_nl_semi();
        if self.named_block_ahead() {
            loop {
                self.skip_nl_semi();
                let t = self.peek();
                if t.tok == Tok::Eof || (t.tok == Tok::RCurly && close == Close::Curly) {
                    break;
                }
                if !self.named_block_ahead() {
                    let text = self.token_text(t);
                    self.error(
                        "MissingNamedBlocks",
                        format!("unexpected token '{text}', expected 'begin', 'process', 'end', or 'dynamicparam'."),
                        t.span,
                    );
                    self.recover();
                    let t = self.peek();
                    if t.tok != Tok::Eof && !(t.tok == Tok::RCurly && close == Close::Curly) {
                        self.bump(t);
                    }
                    continue;
                }
                let nb = self.parse_named_block();
                let slot = match nb.kind {
                    BlockKind::DynamicParam => &mut sb.dynamic_param,
                    BlockKind::Begin => &mut sb.begin,
                    BlockKind::Process => &mut sb.process,
                    BlockKind::End => &mut sb.end,
                    BlockKind::Clean => &mut sb.clean,
                };
                *slot = Some(nb);
            }
        } else {
            let bstart = self.pos();
            let statements = self.parse_statement_list(close);
            sb.end = Some(NamedBlock {
                kind: BlockKind::End,
                unnamed: true,
                statements,
                span: Span::new(bstart, self.last_end.max(bstart)),
            });
        }
        sb.span = Span::new(start, self.pos());
        self.leave();
        sb
    }

    fn named_block_ahead(&mut self) -> bool {
        let w = self.word_at(self.pos());
        if !["begin", "process", "end", "dynamicparam", "clean"]
            .iter()
            .any(|k| is_keyword(w, k))
        {
            return false;
        }
        let save = self.pos();
        self.lx.pos += w.len();
        self.skip_nl();
        let ok = self.at(self.pos()) == b'{';
        self.lx.pos = save;
        ok
    }

    fn parse_named_block(&mut self) -> NamedBlock {
        let start = self.pos();
        let w = self.word_at(start).to_ascii_lowercase();
        let kind = match w.as_str() {
            "begin" => BlockKind::Begin,
            "process" => BlockKind::Process,
            "dynamicparam" => BlockKind::DynamicParam,
            "clean" => BlockKind::Clean,
            _ => BlockKind::End,
        };
        self.lx.pos += w.len();
        self.skip_nl();
        let block = self.parse_statement_block();
        NamedBlock {
            kind,
            unnamed: false,
            statements: block.statements,
            span: Span::new(start, self.last_end),
        }
    }

    fn parse_param_block(&mut self, start: usize) -> ParamBlock {
        let parameters = self.parse_parameter_list();
        ParamBlock {
            parameters,
            span: Span::new(start, self.last_end),
        }
    }

    /// `( [attrs] $name = default, … )` — the position is at `(`.
    fn parse_parameter_list(&mut self) -> Vec<ParameterDecl> {
        let mut params = Vec::new();
        self.lx.pos += 1;
        self.last_end = self.lx.pos;
        loop {
            self.skip_nl();
            let c = self.at(self.pos());
            if c == b')' {
                self.lx.pos += 1;
                self.last_end = self.lx.pos;
                break;
            }
            if c == b'[' || c == b'$' {
                let before = self.pos();
                params.push(self.parse_parameter());
                if self.pos() == before {
                    // `param($(`: nothing was consumed (the error is reported); skip to the
                    // closing parenthesis instead of looping on the same character.
                    self.recover_in_parens();
                    break;
                }
                self.skip_nl();
                if self.at(self.pos()) == b',' {
                    self.lx.pos += 1;
                }
                continue;
            }
            self.error_after(
                "MissingEndParenthesisInFunctionParameterList",
                "Missing ')' in function parameter list.",
            );
            if !self.lx.eof(self.pos()) {
                self.recover();
            }
            break;
        }
        params
    }

    fn parse_parameter(&mut self) -> ParameterDecl {
        let start = self.pos();
        let mut attributes = Vec::new();
        while self.at(self.pos()) == b'[' {
            attributes.push(self.parse_attribute());
            self.skip_nl();
        }
        let t = self.peek();
        let name = if t.tok == Tok::Variable {
            self.bump(t);
            var_path(self.lx.text(t.span).get(1..).unwrap_or(""))
        } else {
            self.error_after(
                "InvalidFunctionParameter",
                "Parameter declarations are a comma-separated list of variable names with optional initializer expressions.",
            );
            VariablePath {
                qualifier: None,
                name: Text::default(),
            }
        };
        self.skip_nl();
        let mut default = None;
        let t = self.peek();
        if t.tok == Tok::Assign(AssignOp::Assign) {
            self.bump(t);
            self.skip_nl();
            default = Some(self.parse_expression_or_error(false, "="));
        }
        ParameterDecl {
            attributes,
            name,
            default,
            span: Span::new(start, self.last_end),
        }
    }

    /// `[Name(args)]` or `[type]`; the position is at `[`.
    fn parse_attribute(&mut self) -> AttributeOrType {
        let start = self.pos();
        self.lx.pos += 1;
        self.skip_ws();
        let name = self.parse_type_name();
        if self.at(self.pos()) == b'(' {
            self.lx.pos += 1;
            let mut positional = Vec::new();
            let mut named = Vec::new();
            loop {
                self.skip_nl();
                let c = self.at(self.pos());
                if c == b')' {
                    self.lx.pos += 1;
                    break;
                }
                if self.lx.eof(self.pos()) {
                    self.error_after(
                        "MissingEndParenthesisInExpression",
                        "Missing closing ')' in expression.",
                    );
                    break;
                }
                let id = self.ident_at(self.pos());
                let astart = self.pos();
                if !id.is_empty() {
                    self.lx.pos += id.len();
                    self.last_end = self.lx.pos;
                    self.skip_nl();
                    let t = self.peek();
                    let value = if t.tok == Tok::Assign(AssignOp::Assign) {
                        self.bump(t);
                        self.skip_nl();
                        Some(self.parse_expression_or_error(false, "="))
                    } else {
                        None
                    };
                    named.push(NamedAttributeArg {
                        name: id.to_string(),
                        value,
                        span: Span::new(astart, self.last_end),
                    });
                } else {
                    match self.parse_expression(false) {
                        Some(e) => positional.push(e),
                        None => {
                            let t = self.peek();
                            self.unexpected(t);
                            self.recover_in_parens();
                            break;
                        }
                    }
                }
                self.skip_nl();
                if self.at(self.pos()) == b',' {
                    self.lx.pos += 1;
                }
            }
            self.last_end = self.lx.pos;
            self.skip_ws();
            self.expect_close_bracket();
            return AttributeOrType::Attribute(Attribute {
                name,
                positional,
                named,
                span: Span::new(start, self.last_end),
            });
        }
        self.skip_ws();
        self.expect_close_bracket();
        AttributeOrType::Type(TypeName {
            span: Span::new(start, self.last_end),
            ..name
        })
    }

    fn recover_in_parens(&mut self) {
        let mut depth = 0usize;
        loop {
            let t = self.peek();
            match t.tok {
                Tok::Eof => return,
                Tok::LParen => depth += 1,
                Tok::RParen => {
                    if depth == 0 {
                        self.bump(t);
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump(t);
            if t.span.is_empty() {
                self.lx.pos += 1;
            }
        }
    }

    fn expect_close_bracket(&mut self) {
        if self.at(self.pos()) == b']' {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
        } else {
            self.error_after(
                "EndSquareBracketExpectedAtEndOfAttribute",
                "Missing ] at end of attribute or type literal.",
            );
        }
    }

    /// A type name inside brackets: dotted name, generic arguments, array ranks.
    fn parse_type_name(&mut self) -> TypeName {
        let start = self.pos();
        let mut j = start;
        loop {
            let c = self.at(j);
            let n = self.lx.ident_char_at(j);
            if n > 0 {
                j += n;
            } else if matches!(c, b'.' | b'+' | b'`' | b'-') {
                j += 1;
            } else {
                break;
            }
        }
        let name = self.lx.text(Span::new(start, j)).to_string();
        if name.is_empty() {
            self.error(
                "MissingTypename",
                "Missing type name after '['.".to_string(),
                Span::new(start, start),
            );
        }
        self.lx.pos = j;
        self.last_end = j;
        let mut generic_args = Vec::new();
        let mut array_ranks = Vec::new();
        loop {
            self.skip_ws();
            if self.at(self.pos()) != b'[' {
                break;
            }
            let save = self.pos();
            self.lx.pos += 1;
            self.skip_ws();
            let c = self.at(self.pos());
            if c == b']' || c == b',' {
                let mut rank = 1;
                while self.at(self.pos()) == b',' {
                    rank += 1;
                    self.lx.pos += 1;
                    self.skip_ws();
                }
                if self.at(self.pos()) == b']' {
                    self.lx.pos += 1;
                    self.last_end = self.lx.pos;
                    array_ranks.push(rank);
                    continue;
                }
                self.lx.pos = save;
                break;
            }
            if !generic_args.is_empty() || !array_ranks.is_empty() {
                self.lx.pos = save;
                break;
            }
            loop {
                self.skip_nl();
                if self.at(self.pos()) == b'[' {
                    // `[[Type, Assembly]]`: an assembly-qualified argument.
                    self.lx.pos += 1;
                    self.skip_ws();
                    self.generic_depth += 1;
                    generic_args.push(self.parse_type_name());
                    self.generic_depth -= 1;
                    while !matches!(self.at(self.pos()), b']' | 0) {
                        self.lx.pos += 1;
                    }
                    if self.at(self.pos()) == b']' {
                        self.lx.pos += 1;
                    }
                } else {
                    // `[Dictionary[string,int]]`: the comma separates generic arguments, it
                    // does not start an assembly name.
                    self.generic_depth += 1;
                    generic_args.push(self.parse_type_name());
                    self.generic_depth -= 1;
                }
                self.skip_nl();
                match self.at(self.pos()) {
                    b',' => self.lx.pos += 1,
                    b']' => {
                        self.lx.pos += 1;
                        self.last_end = self.lx.pos;
                        break;
                    }
                    _ => {
                        self.error_after(
                            "EndSquareBracketExpectedAtEndOfType",
                            "Missing ] at end of type token.",
                        );
                        break;
                    }
                }
            }
        }
        // `[System.String, mscorlib]`: keep the assembly part as written.
        let mut name = name;
        if self.at(self.pos()) == b',' && generic_args.is_empty() && self.generic_depth == 0 {
            let s = self.pos();
            let mut j = s;
            while !matches!(self.at(j), b']' | b'\n' | 0) {
                j += 1;
            }
            name.push_str(self.lx.text(Span::new(s, j)));
            self.lx.pos = j;
        }
        TypeName {
            name,
            generic_args,
            array_ranks,
            span: Span::new(start, self.last_end),
        }
    }

    // ----- statements --------------------------------------------------------------------

    fn parse_statement_list(&mut self, close: Close) -> Vec<Statement> {
        let mark = self.scratch_statements.len();
        loop {
            self.skip_nl_semi();
            let t = self.peek();
            match t.tok {
                Tok::Eof => break,
                Tok::RCurly if close == Close::Curly => break,
                Tok::RParen if close == Close::Paren => break,
                Tok::RCurly | Tok::RParen => {
                    self.unexpected(t);
                    self.bump(t);
                    continue;
                }
                _ => {}
            }
            let before = self.pos();
            // A statement that ends with its own block (`if`, loops, `function`, `try`, …)
            // needs no terminator: PowerShell parses `if ($a) { 1 } 'next'` as two
            // statements. Pipelines and flow control must end at a newline, `;` or closer.
            let mut block_end = false;
            if let Some(s) = self.parse_statement() {
                block_end = ends_with_block(&s.kind);
                self.scratch_statements.push(s);
                self.statements_seen = true;
            }
            let t = self.peek();
            match t.tok {
                Tok::NewLine | Tok::Semi | Tok::Eof | Tok::RCurly | Tok::RParen => {}
                _ if block_end => {}
                _ => {
                    self.unexpected(t);
                    self.recover();
                }
            }
            if self.pos() == before {
                self.lx.pos += self.lx.char_len(before).max(1);
            }
        }
        take_from(&mut self.scratch_statements, mark)
    }

    fn parse_statement_block(&mut self) -> StatementBlock {
        let start = self.pos();
        if self.at(start) != b'{' {
            return StatementBlock {
                statements: Vec::new(),
                span: Span::new(start, start),
            };
        }
        self.lx.pos += 1;
        let statements = self.parse_statement_list(Close::Curly);
        self.expect_close_curly(start);
        StatementBlock {
            statements,
            span: Span::new(start, self.last_end),
        }
    }

    fn expect_close_curly(&mut self, open: usize) {
        self.skip_nl();
        if self.at(self.pos()) == b'}' {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
        } else if !self.aborted {
            let incomplete = self.lx.eof(self.pos());
            self.lx.report(
                "MissingEndCurlyBrace",
                "Missing closing '}' in statement block or type definition.".to_string(),
                Span::new(open, open + 1),
                incomplete,
            );
        }
    }

    fn parse_statement(&mut self) -> Option<Statement> {
        if !self.enter() {
            return None;
        }
        let start = self.pos();
        let kind = self.parse_statement_kind(None);
        self.leave();
        kind.map(|kind| Statement {
            kind,
            span: Span::new(start, self.last_end.max(start)),
        })
    }

    fn parse_statement_kind(&mut self, label: Option<String>) -> Option<StatementKind> {
        let start = self.pos();
        let c = self.at(start);
        if c == b':' && self.lx.ident_start_at(start + 1) > 0 && label.is_none() {
            let name = self.ident_at(start + 1).to_string();
            self.lx.pos = start + 1 + name.len();
            self.last_end = self.lx.pos;
            self.skip_nl();
            return self.parse_statement_kind(Some(name));
        }
        if c == b'['
            && let Some(k) = self.parse_attributed_type_definition()
        {
            return Some(k);
        }
        let w = self.word_at(start);
        if !w.is_empty() {
            // Keywords are short ASCII words: lower-case into a stack buffer, no allocation.
            let mut buf = [0u8; 16];
            let n = w.len().min(16);
            if let (Some(dst), Some(src)) = (buf.get_mut(..n), w.as_bytes().get(..n)) {
                dst.copy_from_slice(src);
                dst.make_ascii_lowercase();
            }
            let kw = if w.len() <= 16 {
                std::str::from_utf8(buf.get(..n).unwrap_or(&[])).unwrap_or("")
            } else {
                ""
            };
            let next_is_curly = || {
                let mut j = start + w.len();
                while lx_blank(self.at(j)) {
                    j += 1;
                }
                self.at(j) == b'{'
            };
            let handled = match kw {
                "if" => Some(self.parse_if()),
                "while" => Some(self.parse_while(label.clone())),
                "do" => Some(self.parse_do(label.clone())),
                "for" => Some(self.parse_for(label.clone())),
                "foreach" => Some(self.parse_foreach(label.clone())),
                "switch" => Some(self.parse_switch(label.clone())),
                "function" | "filter" | "workflow" => Some(self.parse_function()),
                "return" | "exit" | "throw" | "break" | "continue" => Some(self.parse_flow()),
                "try" => Some(self.parse_try()),
                "trap" => Some(self.parse_trap()),
                "data" => Some(self.parse_data()),
                "class" | "enum" => Some(self.parse_type_definition(Vec::new())),
                "configuration" => Some(self.parse_configuration()),
                "parallel" | "sequence" if next_is_curly() => Some(self.parse_block_statement()),
                "using" => {
                    self.parse_using();
                    return None;
                }
                _ => None,
            };
            if let Some(k) = handled {
                self.last_end = self.last_end.max(start);
                return Some(k);
            }
        }
        Some(self.parse_pipeline_chain())
    }

    fn keyword(&mut self) -> usize {
        let start = self.pos();
        let w = self.word_at(start);
        self.lx.pos = start + w.len();
        self.last_end = self.lx.pos;
        start
    }

    /// `( pipeline )` for if/while/switch conditions; reports with the statement's keyword.
    fn parse_condition(
        &mut self,
        kw: &str,
        missing_open: (&'static str, String),
    ) -> Option<Pipeline> {
        self.skip_nl();
        if self.at(self.pos()) != b'(' {
            self.error_after(missing_open.0, &missing_open.1);
            return None;
        }
        self.lx.pos += 1;
        self.last_end = self.lx.pos;
        self.skip_nl();
        if self.at(self.pos()) == b')' {
            let (id, msg) = if kw == "if" || kw == "elseif" {
                (
                    "IfStatementMissingCondition",
                    format!("Missing condition in if statement after '{kw} ('."),
                )
            } else {
                (
                    "MissingExpressionAfterKeyword",
                    format!("Missing expression after '{kw}' in loop."),
                )
            };
            self.error_after(id, &msg);
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
            return None;
        }
        let stmt = self.parse_statement();
        self.skip_nl();
        if self.at(self.pos()) == b')' {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
        } else {
            self.error_after(
                "MissingEndParenthesisAfterStatement",
                &format!("Missing closing ')' after expression in '{kw}' statement."),
            );
        }
        stmt.map(statement_to_pipeline)
    }

    fn parse_if(&mut self) -> StatementKind {
        self.keyword();
        let mut clauses = Vec::new();
        let mut else_block = None;
        let mut kw = "if";
        loop {
            let cond = self.parse_condition(
                kw,
                (
                    "MissingOpenParenthesisInIfStatement",
                    format!("Missing '(' after '{kw}' in if statement."),
                ),
            );
            self.skip_nl();
            if self.at(self.pos()) != b'{' {
                self.error_after(
                    "MissingStatementBlock",
                    &format!("Missing statement block after {kw} ( condition )."),
                );
                break;
            }
            let block = self.parse_statement_block();
            if let Some(c) = cond {
                clauses.push((c, block));
            }
            let save = self.pos();
            self.skip_nl();
            let w = self.word_at(self.pos());
            if is_keyword(w, "elseif") {
                self.keyword();
                kw = "elseif";
                continue;
            }
            if is_keyword(w, "else") {
                self.keyword();
                self.skip_nl();
                if self.at(self.pos()) == b'{' {
                    else_block = Some(self.parse_statement_block());
                } else {
                    self.error_after(
                        "MissingStatementBlockAfterElse",
                        "Missing statement block after 'else' keyword.",
                    );
                }
                break;
            }
            self.lx.pos = save;
            break;
        }
        StatementKind::If {
            clauses,
            else_block,
        }
    }

    fn loop_body(&mut self, kw: &str) -> StatementBlock {
        self.skip_nl();
        if self.at(self.pos()) != b'{' {
            self.error_after(
                "MissingLoopStatement",
                &format!("Missing statement body in {kw} loop."),
            );
            return StatementBlock::default();
        }
        self.parse_statement_block()
    }

    fn missing_paren(kw: &str) -> (&'static str, String) {
        (
            "MissingOpenParenthesisAfterKeyword",
            format!("Missing opening '(' after keyword '{kw}'."),
        )
    }

    fn parse_while(&mut self, label: Option<String>) -> StatementKind {
        self.keyword();
        let condition = self
            .parse_condition("while", Self::missing_paren("while"))
            .unwrap_or_else(empty_pipeline);
        let body = self.loop_body("while");
        StatementKind::While {
            label,
            condition,
            body,
        }
    }

    fn parse_do(&mut self, label: Option<String>) -> StatementKind {
        self.keyword();
        let body = self.loop_body("do");
        let save = self.pos();
        self.skip_nl();
        let w = self.word_at(self.pos()).to_ascii_lowercase();
        if w != "while" && w != "until" {
            self.lx.pos = save;
            self.error_after(
                "MissingWhileOrUntilInDoWhile",
                "Missing while or until keyword in do loop.",
            );
            return StatementKind::DoWhile {
                label,
                body,
                condition: empty_pipeline(),
            };
        }
        self.keyword();
        let condition = self
            .parse_condition(&w, Self::missing_paren(&w))
            .unwrap_or_else(empty_pipeline);
        if w == "while" {
            StatementKind::DoWhile {
                label,
                body,
                condition,
            }
        } else {
            StatementKind::DoUntil {
                label,
                body,
                condition,
            }
        }
    }

    fn parse_for(&mut self, label: Option<String>) -> StatementKind {
        self.keyword();
        self.skip_nl();
        let mut parts: [Option<Statement>; 3] = [None, None, None];
        if self.at(self.pos()) != b'(' {
            let (id, msg) = Self::missing_paren("for");
            self.error_after(id, &msg);
        } else {
            self.lx.pos += 1;
            let mut idx = 0;
            loop {
                self.skip_ws();
                let t = self.peek();
                match t.tok {
                    Tok::RParen => {
                        self.bump(t);
                        break;
                    }
                    Tok::Semi | Tok::NewLine => {
                        self.bump(t);
                        if t.tok == Tok::Semi {
                            idx += 1;
                        }
                        continue;
                    }
                    Tok::Eof => {
                        self.error_after(
                            "MissingEndParenthesisAfterStatement",
                            "Missing closing ')' after expression in 'for' statement.",
                        );
                        break;
                    }
                    _ => {}
                }
                let before = self.pos();
                let s = self.parse_statement();
                if let Some(slot) = parts.get_mut(idx)
                    && slot.is_none()
                {
                    *slot = s;
                } else {
                    self.unexpected(t);
                }
                self.skip_ws();
                let t = self.peek();
                match t.tok {
                    Tok::Semi => {
                        self.bump(t);
                        idx += 1;
                    }
                    Tok::NewLine => {
                        self.bump(t);
                        idx += 1;
                    }
                    Tok::RParen => {}
                    _ => {
                        if self.pos() == before {
                            self.unexpected(t);
                            self.recover_in_parens();
                            break;
                        }
                    }
                }
            }
        }
        let body = self.loop_body("for");
        let [init, cond, iter] = parts;
        StatementKind::For {
            label,
            init: init.map(Box::new),
            condition: cond.map(statement_to_pipeline),
            iterator: iter.map(Box::new),
            body,
        }
    }

    fn parse_foreach(&mut self, label: Option<String>) -> StatementKind {
        self.keyword();
        let mut flags = Vec::new();
        loop {
            self.skip_ws();
            let d = self.lx.dash_at(self.pos());
            if d > 0 && self.lx.ident_start_at(self.pos() + d) > 0 {
                let name = self.ident_at(self.pos() + d).to_ascii_lowercase();
                self.lx.pos += d + name.len();
                self.last_end = self.lx.pos;
                if name == "throttlelimit" {
                    self.skip_ws();
                    self.parse_command_arg_element();
                }
                flags.push(name);
            } else {
                break;
            }
        }
        self.skip_nl();
        let mut variable = VariablePath {
            qualifier: None,
            name: Text::default(),
        };
        let mut iterable = empty_pipeline();
        if self.at(self.pos()) != b'(' {
            let (id, msg) = Self::missing_paren("foreach");
            self.error_after(id, &msg);
        } else {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
            self.skip_nl();
            let t = self.peek();
            if t.tok == Tok::Variable {
                self.bump(t);
                variable = var_path(self.lx.text(t.span).get(1..).unwrap_or(""));
                self.skip_nl();
                if is_keyword(self.ident_at(self.pos()), "in") {
                    self.keyword();
                    self.skip_nl();
                    match self.parse_statement() {
                        Some(s) => iterable = statement_to_pipeline(s),
                        None => self.error_after(
                            "MissingForeachExpression",
                            "Missing expression in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
                        ),
                    }
                    self.skip_nl();
                    if self.at(self.pos()) == b')' {
                        self.lx.pos += 1;
                        self.last_end = self.lx.pos;
                    } else {
                        self.error_after(
                            "MissingEndParenthesisAfterForeach",
                            "Missing closing ')' after expression part of foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
                        );
                    }
                } else {
                    self.error_after(
                        "MissingInInForeach",
                        "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
                    );
                    self.recover_in_parens();
                }
            } else {
                self.error_after(
                    "MissingVariableNameAfterForeach",
                    "Missing variable name after foreach.\nThe correct form is: foreach ($a in $b) {...}",
                );
                self.recover_in_parens();
            }
        }
        self.skip_nl();
        let body = if self.at(self.pos()) == b'{' {
            self.parse_statement_block()
        } else {
            self.error_after(
                "MissingForeachStatement",
                "Missing statement body in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
            );
            StatementBlock::default()
        };
        StatementKind::Foreach(Box::new(ForeachStatement {
            label,
            flags,
            variable,
            iterable,
            body,
        }))
    }

    fn parse_switch(&mut self, label: Option<String>) -> StatementKind {
        self.keyword();
        let mut flags = Vec::new();
        let mut condition = None;
        loop {
            self.skip_nl();
            let d = self.lx.dash_at(self.pos());
            if d == 0 || self.lx.ident_start_at(self.pos() + d) == 0 {
                break;
            }
            let raw = self.ident_at(self.pos() + d).to_ascii_lowercase();
            self.lx.pos += d + raw.len();
            self.last_end = self.lx.pos;
            let known = [
                "regex",
                "wildcard",
                "exact",
                "casesensitive",
                "file",
                "parallel",
            ];
            let name = known
                .iter()
                .find(|k| k.starts_with(raw.as_str()))
                .map_or(raw.clone(), |k| k.to_string());
            if !known.contains(&name.as_str()) {
                self.error(
                    "InvalidSwitchFlag",
                    format!("The parameter -{raw} is not valid for the switch statement."),
                    Span::new(self.last_end - raw.len() - d, self.last_end),
                );
            }
            if name == "file" {
                self.skip_ws();
                match self.parse_command_arg_element() {
                    Some(e) => condition = Some(expr_pipeline(e)),
                    None => self.error_after(
                        "MissingFilenameOption",
                        "Cannot process the 'switch' statement because of a missing file name argument to the -file option.",
                    ),
                }
            }
            flags.push(name);
        }
        self.skip_nl();
        if condition.is_none() {
            if self.at(self.pos()) == b'(' {
                self.lx.pos += 1;
                self.skip_nl();
                condition = self.parse_statement().map(statement_to_pipeline);
                if condition.is_none() {
                    self.error_after(
                        "MissingSwitchValueExpression",
                        "Missing expression after '(' in switch statement.",
                    );
                }
                self.skip_nl();
                if self.at(self.pos()) == b')' {
                    self.lx.pos += 1;
                    self.last_end = self.lx.pos;
                } else {
                    self.error_after(
                        "MissingEndParenthesisInSwitchStatement",
                        "Missing ')' after expression in switch statement.",
                    );
                }
            } else {
                self.error_after(
                    "PipelineValueRequired",
                    "A switch statement must have one of the following:  '-file file_name' or '( expression )'.",
                );
            }
        }
        self.skip_nl();
        let mut clauses = Vec::new();
        let mut default = None;
        let open = self.pos();
        if self.at(open) != b'{' {
            self.error_after(
                "MissingCurlyBraceInSwitchStatement",
                "Missing '{' in switch statement.",
            );
        } else {
            self.lx.pos += 1;
            loop {
                self.skip_nl_semi();
                let c = self.at(self.pos());
                if c == b'}' || self.lx.eof(self.pos()) || self.aborted {
                    break;
                }
                let before = self.pos();
                let w = self.word_at(before);
                let is_default = is_keyword(w, "default") && {
                    let mut j = before + w.len();
                    while lx_blank(self.at(j)) || matches!(self.at(j), b'\n' | b'\r') {
                        j += 1;
                    }
                    self.at(j) == b'{'
                };
                let pattern = if is_default {
                    self.keyword();
                    None
                } else {
                    match self.parse_command_arg_element() {
                        Some(e) => Some(e),
                        None => {
                            self.error_after(
                                "MissingSwitchConditionExpression",
                                "Missing condition in switch statement clause.",
                            );
                            self.recover();
                            if self.pos() == before {
                                self.lx.pos += 1;
                            }
                            continue;
                        }
                    }
                };
                self.skip_nl();
                if self.at(self.pos()) != b'{' {
                    self.error_after(
                        "MissingSwitchStatementClause",
                        "Missing statement block in switch statement clause.",
                    );
                    self.recover();
                    if self.pos() == before {
                        self.lx.pos += 1;
                    }
                    continue;
                }
                let body = self.parse_statement_block();
                match pattern {
                    Some(pattern) => clauses.push(SwitchClause { pattern, body }),
                    None => {
                        if default.is_some() {
                            self.error(
                                "MultipleSwitchDefaultClauses",
                                "A switch statement can have only one default clause.".to_string(),
                                Span::new(before, before + 7),
                            );
                        }
                        default = Some(body);
                    }
                }
            }
            self.expect_close_curly(open);
        }
        StatementKind::Switch(Box::new(SwitchStatement {
            label,
            flags,
            condition: condition.unwrap_or_else(empty_pipeline),
            clauses,
            default,
        }))
    }

    fn parse_function(&mut self) -> StatementKind {
        let kw_start = self.pos();
        let kw = self.word_at(kw_start).to_ascii_lowercase();
        self.keyword();
        let kind = match kw.as_str() {
            "filter" => FunctionKind::Filter,
            "workflow" => FunctionKind::Workflow,
            _ => FunctionKind::Function,
        };
        self.skip_ws();
        let name_start = self.pos();
        let name_end = self.simple_word_end(name_start);
        let name = self.lx.text(Span::new(name_start, name_end)).to_string();
        if name.is_empty() {
            self.error_after(
                "MissingNameAfterKeyword",
                &format!("Missing name after {kw} keyword."),
            );
        }
        self.lx.pos = name_end;
        self.last_end = name_end;
        self.skip_nl();
        let mut parameters = Vec::new();
        if self.at(self.pos()) == b'(' {
            parameters = self.parse_parameter_list();
            self.skip_nl();
        }
        let body_start = self.pos();
        let body = if self.at(body_start) == b'{' {
            self.parse_script_block_expr_body()
        } else {
            self.error_after(
                "MissingFunctionBody",
                "Missing function body in function declaration.",
            );
            ScriptBlock::default()
        };
        StatementKind::Function(Box::new(FunctionDefinition {
            kind,
            name,
            parameters,
            body,
            name_span: Span::new(name_start, name_end),
        }))
    }

    /// `{ … }` as a script block (param block, named blocks); position at `{`.
    fn parse_script_block_expr_body(&mut self) -> ScriptBlock {
        let open = self.pos();
        self.lx.pos += 1;
        let mut sb = self.parse_script_block_body(open, Close::Curly);
        self.expect_close_curly(open);
        sb.span = Span::new(open, self.last_end.max(open));
        sb
    }

    fn parse_flow(&mut self) -> StatementKind {
        let w = self.word_at(self.pos()).to_ascii_lowercase();
        self.keyword();
        self.skip_ws();
        let t = self.peek();
        let has_operand = !matches!(
            t.tok,
            Tok::NewLine | Tok::Semi | Tok::Eof | Tok::RCurly | Tok::RParen | Tok::Pipe
        );
        match w.as_str() {
            "break" | "continue" => {
                let label = if has_operand {
                    self.parse_command_arg_element()
                } else {
                    None
                };
                if w == "break" {
                    StatementKind::Break(label)
                } else {
                    StatementKind::Continue(label)
                }
            }
            _ => {
                let value = if has_operand {
                    self.parse_statement().map(Box::new)
                } else {
                    None
                };
                match w.as_str() {
                    "return" => StatementKind::Return(value),
                    "exit" => StatementKind::Exit(value),
                    _ => StatementKind::Throw(value),
                }
            }
        }
    }

    fn parse_try(&mut self) -> StatementKind {
        self.keyword();
        self.skip_nl();
        let body = if self.at(self.pos()) == b'{' {
            self.parse_statement_block()
        } else {
            self.error_after(
                "MissingTryStatementBlock",
                "The Try statement is missing its statement block.",
            );
            StatementBlock::default()
        };
        let mut catches = Vec::new();
        let mut finally = None;
        loop {
            let save = self.pos();
            self.skip_nl();
            let w = self.word_at(self.pos());
            if is_keyword(w, "catch") {
                let cstart = self.keyword();
                let mut types = Vec::new();
                loop {
                    self.skip_nl();
                    if self.at(self.pos()) != b'[' {
                        break;
                    }
                    match self.parse_attribute() {
                        AttributeOrType::Type(t) => types.push(t),
                        AttributeOrType::Attribute(a) => types.push(a.name),
                    }
                    self.skip_nl();
                    if self.at(self.pos()) == b',' {
                        self.lx.pos += 1;
                    } else {
                        break;
                    }
                }
                self.skip_nl();
                if self.at(self.pos()) != b'{' {
                    self.error_after(
                        "MissingCatchHandlerBlock",
                        "The Catch block is missing its statement block.",
                    );
                    break;
                }
                let body = self.parse_statement_block();
                catches.push(CatchClause {
                    types,
                    body,
                    span: Span::new(cstart, self.last_end),
                });
            } else if is_keyword(w, "finally") {
                self.keyword();
                self.skip_nl();
                if self.at(self.pos()) == b'{' {
                    finally = Some(self.parse_statement_block());
                } else {
                    self.error_after(
                        "MissingFinallyStatementBlock",
                        "The Finally block is missing its statement block.",
                    );
                }
                break;
            } else {
                self.lx.pos = save;
                break;
            }
        }
        if catches.is_empty() && finally.is_none() {
            self.error_after(
                "MissingCatchOrFinally",
                "The Try statement is missing its Catch or Finally block.",
            );
        }
        StatementKind::Try {
            body,
            catches,
            finally,
        }
    }

    fn parse_trap(&mut self) -> StatementKind {
        self.keyword();
        self.skip_nl();
        let mut type_name = None;
        if self.at(self.pos()) == b'[' {
            type_name = Some(match self.parse_attribute() {
                AttributeOrType::Type(t) => t,
                AttributeOrType::Attribute(a) => a.name,
            });
            self.skip_nl();
        }
        let body = if self.at(self.pos()) == b'{' {
            self.parse_statement_block()
        } else {
            self.error_after(
                "MissingTrapStatement",
                "The 'trap' statement was incomplete. A trap statement requires a body.",
            );
            StatementBlock::default()
        };
        StatementKind::Trap { type_name, body }
    }

    fn parse_data(&mut self) -> StatementKind {
        self.keyword();
        self.skip_ws();
        let mut variable = None;
        let id = self.ident_at(self.pos());
        if !id.is_empty() {
            variable = Some(id.to_string());
            self.lx.pos += id.len();
            self.last_end = self.lx.pos;
        }
        let mut supported_commands = Vec::new();
        loop {
            self.skip_ws();
            let d = self.lx.dash_at(self.pos());
            if d == 0 {
                break;
            }
            let name = self.ident_at(self.pos() + d);
            self.lx.pos += d + name.len();
            self.skip_ws();
            if let Some(e) = self.parse_command_argument() {
                match e.kind {
                    ExprKind::ArrayLiteral(items) => supported_commands.extend(items),
                    other => supported_commands.push(Expr {
                        kind: other,
                        span: e.span,
                    }),
                }
            }
        }
        self.skip_nl();
        let body = if self.at(self.pos()) == b'{' {
            self.parse_statement_block()
        } else {
            self.error_after(
                "MissingStatementBlockForDataSection",
                "The Data section is missing its statement block.",
            );
            StatementBlock::default()
        };
        StatementKind::Data {
            variable,
            supported_commands,
            body,
        }
    }

    fn parse_configuration(&mut self) -> StatementKind {
        let start = self.keyword();
        self.skip_ws();
        let name = match self.parse_command_arg_element() {
            Some(e) => e,
            None => {
                self.error_after(
                    "MissingConfigurationName",
                    "The name for the configuration is missing. Provide the missing name as a simple name, string, or string-valued expression.",
                );
                error_expr(start)
            }
        };
        self.skip_nl();
        let body = if self.at(self.pos()) == b'{' {
            self.parse_script_block_expr_body()
        } else {
            self.error_after(
                "MissingCurlyInConfigurationStatement",
                "Missing '{' in configuration statement.",
            );
            ScriptBlock::default()
        };
        StatementKind::Configuration {
            name,
            body: Box::new(body),
        }
    }

    fn parse_block_statement(&mut self) -> StatementKind {
        let keyword = self.word_at(self.pos()).to_ascii_lowercase();
        self.keyword();
        self.skip_ws();
        let body = self.parse_statement_block();
        StatementKind::Block { keyword, body }
    }

    /// `[Attr()] class X {…}`: attributes before a type definition. Restores the position and
    /// returns `None` when the brackets start something else.
    fn parse_attributed_type_definition(&mut self) -> Option<StatementKind> {
        let save = self.pos();
        let ndiag = self.lx.diags.len();
        let mut attrs = Vec::new();
        while self.at(self.pos()) == b'[' {
            match self.parse_attribute() {
                AttributeOrType::Attribute(a) => attrs.push(a),
                AttributeOrType::Type(_) => break,
            }
            self.skip_nl();
        }
        let w = self.word_at(self.pos());
        if !attrs.is_empty() && (is_keyword(w, "class") || is_keyword(w, "enum")) {
            return Some(self.parse_type_definition(attrs));
        }
        self.lx.pos = save;
        self.lx.diags.truncate(ndiag);
        self.lx.forget_cached_token();
        None
    }

    fn parse_type_definition(&mut self, attributes: Vec<Attribute>) -> StatementKind {
        let kw = self.word_at(self.pos()).to_ascii_lowercase();
        self.keyword();
        let is_enum = kw == "enum";
        self.skip_ws();
        let name = self.ident_at(self.pos()).to_string();
        if name.is_empty() {
            self.error_after(
                "MissingNameAfterKeyword",
                &format!("Missing name after {kw} keyword."),
            );
        }
        self.lx.pos += name.len();
        self.last_end = self.lx.pos;
        self.skip_nl();
        let mut bases = Vec::new();
        if self.at(self.pos()) == b':' {
            self.lx.pos += 1;
            loop {
                self.skip_nl();
                // `class D : Base, IDisposable`: as in a generic argument list, the comma
                // separates names and does not start an assembly name.
                self.generic_depth += 1;
                bases.push(self.parse_type_name());
                self.generic_depth -= 1;
                self.skip_nl();
                if self.at(self.pos()) == b',' {
                    self.lx.pos += 1;
                } else {
                    break;
                }
            }
        }
        self.skip_nl();
        let open = self.pos();
        let mut members = Vec::new();
        if self.at(open) != b'{' {
            self.error_after(
                "MissingTypeBody",
                &format!("Missing '{kw}' body in '{kw}' declaration."),
            );
        } else {
            self.lx.pos += 1;
            loop {
                self.skip_nl_semi();
                if self.at(self.pos()) == b'}' || self.lx.eof(self.pos()) || self.aborted {
                    break;
                }
                let before = self.pos();
                let m = if is_enum {
                    self.parse_enum_member()
                } else {
                    self.parse_class_member()
                };
                match m {
                    Some(m) => members.push(m),
                    None => {
                        self.error_after(
                            "IncompleteMemberDefinition",
                            "Missing a property name or method definition.",
                        );
                        self.recover();
                    }
                }
                if self.pos() == before {
                    self.lx.pos += 1;
                }
            }
            self.expect_close_curly(open);
        }
        StatementKind::TypeDefinition(Box::new(TypeDefinition {
            is_enum,
            attributes,
            name,
            bases,
            members,
        }))
    }

    fn parse_enum_member(&mut self) -> Option<TypeMember> {
        let start = self.pos();
        while self.at(self.pos()) == b'[' {
            self.parse_attribute();
            self.skip_nl();
        }
        let name = self.ident_at(self.pos()).to_string();
        if name.is_empty() {
            return None;
        }
        self.lx.pos += name.len();
        self.last_end = self.lx.pos;
        self.skip_ws();
        let mut value = None;
        let t = self.peek();
        if t.tok == Tok::Assign(AssignOp::Assign) {
            self.bump(t);
            self.skip_nl();
            value = Some(self.parse_expression_or_error(false, "="));
        }
        Some(TypeMember::EnumValue {
            name,
            value,
            span: Span::new(start, self.last_end),
        })
    }

    fn parse_class_member(&mut self) -> Option<TypeMember> {
        let start = self.pos();
        let mut attributes = Vec::new();
        let mut is_static = false;
        loop {
            self.skip_nl();
            if self.at(self.pos()) == b'[' {
                attributes.push(self.parse_attribute());
                continue;
            }
            let w = self.ident_at(self.pos());
            if is_keyword(w, "static") || is_keyword(w, "hidden") {
                is_static |= is_keyword(w, "static");
                self.lx.pos += w.len();
                self.last_end = self.lx.pos;
                continue;
            }
            break;
        }
        let t = self.peek();
        if t.tok == Tok::Variable {
            self.bump(t);
            let name = var_path(self.lx.text(t.span).get(1..).unwrap_or("")).name;
            self.skip_ws();
            let mut default = None;
            let t = self.peek();
            if t.tok == Tok::Assign(AssignOp::Assign) {
                self.bump(t);
                self.skip_nl();
                default = Some(self.parse_expression_or_error(true, "="));
            }
            return Some(TypeMember::Property {
                name: name.to_string(),
                is_static,
                attributes,
                default,
                span: Span::new(start, self.last_end),
            });
        }
        let name = self.ident_at(self.pos()).to_string();
        if name.is_empty() {
            return None;
        }
        self.lx.pos += name.len();
        self.skip_ws();
        if self.at(self.pos()) != b'(' {
            self.error_after(
                "MissingMethodParameterList",
                "Missing '(' in class method parameter list.",
            );
            return None;
        }
        let parameters = self.parse_parameter_list();
        self.skip_nl();
        if self.at(self.pos()) == b':' {
            // Constructor chaining: `: base(args)`.
            self.lx.pos += 1;
            self.skip_nl();
            let w = self.ident_at(self.pos());
            self.lx.pos += w.len();
            self.skip_ws();
            if self.at(self.pos()) == b'(' {
                self.parse_method_arguments();
            }
            self.skip_nl();
        }
        let body = if self.at(self.pos()) == b'{' {
            self.parse_script_block_expr_body()
        } else {
            self.error_after(
                "MissingFunctionBody",
                "Missing function body in function declaration.",
            );
            ScriptBlock::default()
        };
        Some(TypeMember::Method {
            name,
            is_static,
            attributes,
            parameters,
            body,
            span: Span::new(start, self.last_end),
        })
    }

    // ----- pipelines and commands ----------------------------------------------------------

    fn parse_pipeline_chain(&mut self) -> StatementKind {
        let first = match self.parse_pipeline() {
            Ok(p) => p,
            Err(assign) => return *assign,
        };
        let mut rest = Vec::new();
        let mut background = false;
        loop {
            self.skip_ws();
            let t = self.peek();
            let op = match t.tok {
                Tok::AndAnd => ChainOp::And,
                Tok::OrOr => ChainOp::Or,
                Tok::Amp => {
                    self.bump(t);
                    background = true;
                    break;
                }
                _ => break,
            };
            self.bump(t);
            self.skip_nl();
            match self.parse_pipeline() {
                Ok(p) if !p.elements.is_empty() => rest.push((op, p)),
                _ => {
                    self.error_after(
                        "EmptyPipelineChainElement",
                        "A pipeline chain operator must be followed by a pipeline.",
                    );
                    break;
                }
            }
        }
        StatementKind::Pipeline(PipelineChain {
            first,
            rest,
            background,
        })
    }

    /// A pipeline, or (as `Err`) an assignment statement when the first element is an
    /// expression followed by an assignment operator.
    fn parse_pipeline(&mut self) -> Result<Pipeline, Box<StatementKind>> {
        let start = self.pos();
        let mark = self.scratch_elements.len();
        loop {
            let first = self.scratch_elements.len() == mark;
            let el = self.parse_pipeline_element(first);
            let Some(el) = el else {
                break;
            };
            if first
                && let PipelineElement::Expression { redirections, .. } = &el
                && redirections.is_empty()
            {
                self.skip_ws();
                let t = self.peek();
                if let Tok::Assign(op) = t.tok
                    && let PipelineElement::Expression { expr, .. } = el
                {
                    self.bump(t);
                    self.skip_nl();
                    let value = match self.parse_statement() {
                        Some(s) if !is_empty_statement(&s) => s,
                        _ => {
                            let text = self.token_text(t);
                            self.error_after(
                                "ExpectedValueExpression",
                                &format!(
                                    "You must provide a value expression following the '{text}' operator."
                                ),
                            );
                            Statement {
                                kind: StatementKind::Pipeline(PipelineChain {
                                    first: empty_pipeline(),
                                    rest: Vec::new(),
                                    background: false,
                                }),
                                span: Span::new(self.last_end, self.last_end),
                            }
                        }
                    };
                    self.scratch_elements.truncate(mark);
                    return Err(Box::new(StatementKind::Assignment {
                        target: expr,
                        op,
                        value: Box::new(value),
                    }));
                }
            }
            self.scratch_elements.push(el);
            self.skip_ws();
            let t = self.peek();
            if t.tok != Tok::Pipe {
                break;
            }
            self.bump(t);
            self.skip_nl();
            let n = self.peek();
            if matches!(
                n.tok,
                Tok::Eof | Tok::Semi | Tok::RCurly | Tok::RParen | Tok::Pipe | Tok::NewLine
            ) {
                let incomplete = n.tok == Tok::Eof;
                if !self.aborted {
                    self.lx.report(
                        "EmptyPipeElement",
                        "An empty pipe element is not allowed.".to_string(),
                        t.span,
                        incomplete,
                    );
                }
                break;
            }
        }
        Ok(Pipeline {
            elements: take_from(&mut self.scratch_elements, mark),
            span: Span::new(start, self.last_end.max(start)),
        })
    }

    /// Decides, from the first characters, whether a pipeline element is a command or an
    /// expression (PowerShell's tokenizer starts each statement in command mode).
    fn parse_pipeline_element(&mut self, first: bool) -> Option<PipelineElement> {
        self.skip_ws();
        let i = self.pos();
        let c = self.at(i);
        let c1 = self.at(i + 1);
        let is_command = match c {
            0 if self.lx.eof(i) => return None,
            b'\n' | b'\r' | b';' | b')' | b'}' | b'|' => return None,
            b'&' => c1 != b'&',
            b'.' => !c1.is_ascii_digit(),
            b'$' | b'(' | b'@' | b'[' | b'{' | b'+' | b'!' | b',' | b'"' | b'\'' | b'-' => false,
            b'0'..=b'9' => match lexer_number_len(self.lx.src.get(i..).unwrap_or("")) {
                Some(n) => {
                    let after = self.at(i + n);
                    after.is_ascii_alphanumeric() || matches!(after, b'_' | b'\\' | b':')
                }
                None => true,
            },
            _ => self.lx.dash_at(i) == 0 && self.lx.squote_at(i) == 0 && self.lx.dquote_at(i) == 0,
        };
        if is_command {
            return Some(PipelineElement::Command(self.parse_command()));
        }
        let e = match self.parse_expression(true) {
            Some(e) => e,
            None => {
                let t = self.peek();
                self.unexpected(t);
                self.bump(t);
                if t.span.is_empty() {
                    self.lx.pos += 1;
                }
                error_expr(i)
            }
        };
        if !first {
            self.error(
                "ExpressionsMustBeFirstInPipeline",
                "Expressions are only allowed as the first element of a pipeline.".to_string(),
                e.span,
            );
        }
        let mut redirections = Vec::new();
        loop {
            self.skip_ws();
            if self.lx.redirection_len(self.pos()) == 0 {
                break;
            }
            redirections.push(self.parse_redirection());
        }
        Some(PipelineElement::Expression {
            expr: e,
            redirections,
        })
    }

    fn parse_command(&mut self) -> Command {
        let start = self.pos();
        let c = self.at(start);
        let mut invocation = Invocation::Direct;
        if c == b'&' || (c == b'.' && !self.lx.generic_ends_at(start) && self.is_dot_source(start))
        {
            invocation = if c == b'&' {
                Invocation::Call
            } else {
                Invocation::DotSource
            };
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
            self.skip_ws();
        }
        let name = match self.parse_command_arg_element() {
            Some(e) => e,
            None => {
                let text = if invocation == Invocation::Call {
                    "&"
                } else {
                    "."
                };
                self.error_after(
                    "MissingExpression",
                    &format!("Missing expression after '{text}' in pipeline element."),
                );
                error_expr(self.pos())
            }
        };
        let mark = self.scratch_args.len();
        let mut redirections = Vec::new();
        loop {
            self.skip_ws();
            let i = self.pos();
            let c = self.at(i);
            match c {
                0 if self.lx.eof(i) => break,
                b'\n' | b'\r' | b';' | b')' | b'}' | b'|' => break,
                b'&' => break,
                b',' => {
                    let t = self.peek();
                    self.unexpected(t);
                    self.lx.pos += 1;
                    continue;
                }
                b'<' => {
                    self.error(
                        "RedirectionNotSupported",
                        "The '<' operator is reserved for future use.".to_string(),
                        Span::new(i, i + 1),
                    );
                    self.lx.pos += 1;
                    continue;
                }
                _ => {}
            }
            if self.lx.redirection_len(i) > 0 {
                redirections.push(self.parse_redirection());
                continue;
            }
            let d = self.lx.dash_at(i);
            if d > 0 {
                let n = self.at(i + d);
                if self.lx.dash_at(i + d) == 1 && self.at(i + d + 1) == b'%' {
                    // `--%`: the rest of the line is passed verbatim.
                    let s = i + d + 2;
                    let mut e = s;
                    while !matches!(self.at(e), b'\n' | b'\r') && !self.lx.eof(e) {
                        e += 1;
                    }
                    self.scratch_args.push(CommandElement::StopParsing {
                        text: self.lx.text(Span::new(s, e)).trim_start().to_string(),
                        span: Span::new(i, e),
                    });
                    self.lx.pos = e;
                    self.last_end = e;
                    continue;
                }
                if self.lx.ident_start_at(i + d) > 0 || n == b'?' {
                    let el = self.parse_parameter_argument(i, d);
                    self.scratch_args.push(el);
                    continue;
                }
            }
            match self.parse_command_argument() {
                Some(e) => {
                    if self.pos() == i {
                        // Nothing consumed: step over the character to guarantee progress.
                        self.unexpected(Token {
                            tok: Tok::Unknown,
                            span: Span::new(i, i + self.lx.char_len(i)),
                        });
                        self.lx.pos = i + self.lx.char_len(i);
                        continue;
                    }
                    self.scratch_args.push(CommandElement::Argument(e));
                }
                None => {
                    let t = self.peek();
                    self.unexpected(t);
                    self.bump(t);
                    if t.span.is_empty() {
                        self.lx.pos += 1;
                    }
                }
            }
        }
        Command {
            invocation,
            name,
            elements: take_from(&mut self.scratch_args, mark),
            redirections,
            span: Span::new(start, self.last_end.max(start)),
        }
    }

    fn is_dot_source(&self, i: usize) -> bool {
        let n = self.at(i + 1);
        self.lx.blank_at(i + 1) > 0
            || matches!(n, b'$' | b'{' | b'(' | b'"' | b'\'' | b'&')
            || self.lx.squote_at(i + 1) > 0
            || self.lx.dquote_at(i + 1) > 0
    }

    /// `-Name`, `-Name:value`.
    fn parse_parameter_argument(&mut self, i: usize, d: usize) -> CommandElement {
        let mut j = i + d;
        while !self.lx.generic_ends_at(j) && self.at(j) != b':' && !self.lx.eof(j) {
            j += self.lx.char_len(j);
        }
        let name = Text::from(self.lx.text(Span::new(i + d, j)));
        self.lx.pos = j;
        self.last_end = j;
        let mut argument = None;
        let mut colon = false;
        if self.at(j) == b':' {
            colon = true;
            self.lx.pos = j + 1;
            self.last_end = j + 1;
            self.skip_ws();
            argument = self.parse_command_argument();
        }
        CommandElement::Parameter {
            name,
            argument,
            colon,
            span: Span::new(i, self.last_end),
        }
    }

    fn parse_redirection(&mut self) -> Redirection {
        let start = self.pos();
        let len = self.lx.redirection_len(start);
        let text = self.lx.text(Span::new(start, start + len)).to_string();
        self.lx.pos = start + len;
        self.last_end = self.lx.pos;
        let stream = |c: u8| match c {
            b'*' => RedirectStream::All,
            b'2' => RedirectStream::Error,
            b'3' => RedirectStream::Warning,
            b'4' => RedirectStream::Verbose,
            b'5' => RedirectStream::Debug,
            b'6' => RedirectStream::Information,
            _ => RedirectStream::Output,
        };
        let from = stream(text.as_bytes().first().copied().unwrap_or(b'>'));
        let append = text.contains(">>");
        let target = if let Some(p) = text.find("&") {
            RedirectTarget::Stream(stream(text.as_bytes().get(p + 1).copied().unwrap_or(b'1')))
        } else {
            self.skip_ws();
            match self.parse_command_arg_element() {
                Some(e) => RedirectTarget::File(e),
                None => {
                    self.error_after(
                        "MissingFileSpecification",
                        "Missing file specification after redirection operator.",
                    );
                    RedirectTarget::File(error_expr(self.pos()))
                }
            }
        };
        Redirection {
            from,
            target,
            append,
            span: Span::new(start, self.last_end),
        }
    }

    /// A command argument, with `a,b,c` forming one array argument.
    fn parse_command_argument(&mut self) -> Option<Expr> {
        let first = self.parse_command_arg_element()?;
        let save = self.pos();
        self.skip_ws();
        if self.at(self.pos()) != b',' {
            self.lx.pos = save;
            return Some(first);
        }
        let start = first.span.start as usize;
        let mut items = vec![first];
        while self.at(self.pos()) == b',' {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
            self.skip_nl();
            match self.parse_command_arg_element() {
                Some(e) => items.push(e),
                None => {
                    self.error_after(
                        "MissingExpressionAfterToken",
                        "Missing expression after ','.",
                    );
                    break;
                }
            }
            let save = self.pos();
            self.skip_ws();
            if self.at(self.pos()) != b',' {
                self.lx.pos = save;
            }
        }
        Some(expr(ExprKind::ArrayLiteral(items), start, self.last_end))
    }

    /// One command-mode argument: a bare word, number, string, variable (with member access),
    /// `( )`, `$( )`, `@( )`, `@{ }`, `{ }` or `@splat`.
    fn parse_command_arg_element(&mut self) -> Option<Expr> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_command_arg_inner();
        self.leave();
        r
    }

    fn parse_command_arg_inner(&mut self) -> Option<Expr> {
        let i = self.pos();
        let c = self.at(i);
        let c1 = self.at(i + 1);
        match c {
            0 if self.lx.eof(i) => return None,
            b'\n' | b'\r' | b';' | b')' | b'}' | b'|' | b'&' | b',' => return None,
            b'$' | b'(' | b'{' | b'"' | b'\'' => {}
            b'@' if matches!(c1, b'(' | b'{' | b'\'' | b'"') => {}
            b'@' if self.lx.variable_name_len(i + 1) > 0 => {
                let n = self.lx.variable_name_len(i + 1);
                if self.lx.generic_ends_at(i + 1 + n) {
                    self.lx.pos = i + 1 + n;
                    self.last_end = self.lx.pos;
                    let path = var_path(self.lx.text(Span::new(i + 1, i + 1 + n)));
                    return Some(expr(ExprKind::Splat(path), i, self.last_end));
                }
                return Some(self.parse_bare_word(i));
            }
            _ => {
                if self.lx.squote_at(i) == 0 && self.lx.dquote_at(i) == 0 {
                    // Numbers are numbers only when a separator follows (`1.2.3.4` is a word).
                    let d = self.lx.dash_at(i);
                    let ns = i + d;
                    if self.at(ns).is_ascii_digit()
                        || (self.at(ns) == b'.' && self.at(ns + 1).is_ascii_digit())
                    {
                        let rest = self.lx.src.get(ns..).unwrap_or("");
                        if let Some(n) = lexer_number_len(rest)
                            && self.lx.generic_ends_at(ns + n)
                        {
                            self.lx.pos = ns;
                            let t = self.lx.next_token();
                            self.last_end = self.lx.pos;
                            if t.tok == Tok::Number {
                                let num = self.lx.number_value(t.span);
                                let v = expr(ExprKind::Number(num), ns, self.last_end);
                                if d > 0 {
                                    return Some(expr(
                                        ExprKind::Unary {
                                            op: UnaryOp::Negate,
                                            expr: Box::new(v),
                                        },
                                        i,
                                        self.last_end,
                                    ));
                                }
                                return Some(v);
                            }
                        }
                    }
                    return Some(self.parse_bare_word(i));
                }
            }
        }
        // An expression-like argument; if more word characters follow it directly, the whole
        // thing is one expandable bare word (`$env:TEMP\log.txt`, `"a"b`).
        let ndiag = self.lx.diags.len();
        let e = self.parse_primary()?;
        let e = if matches!(c, b'$' | b'(') || c == b'@' {
            self.parse_postfix(e)
        } else {
            e
        };
        if !self.lx.generic_ends_at(self.pos())
            && !self.lx.eof(self.pos())
            && !matches!(c, b'{' | b'(' | b'@')
        {
            self.lx.diags.truncate(ndiag);
            self.lx.forget_cached_token();
            self.lx.pos = i;
            return Some(self.parse_bare_word(i));
        }
        Some(e)
    }

    /// A bare word (generic token), possibly with `$var`, `$( )` or quoted parts.
    fn parse_bare_word(&mut self, start: usize) -> Expr {
        let (parts, tail, end) = self.scan_string_parts(start, QuoteKind::Bare, 0);
        self.lx.pos = end;
        self.last_end = end;
        string_expr_tail(parts, tail, QuoteKind::Bare, start, end)
    }

    // ----- expressions ---------------------------------------------------------------------

    fn parse_expression_or_error(&mut self, comma: bool, after: &str) -> Expr {
        match self.parse_expression(comma) {
            Some(e) => e,
            None => {
                self.error_after(
                    "ExpectedValueExpression",
                    &format!(
                        "You must provide a value expression following the '{after}' operator."
                    ),
                );
                error_expr(self.pos())
            }
        }
    }

    /// An expression, including the ternary operator.
    fn parse_expression(&mut self, comma: bool) -> Option<Expr> {
        let cond = self.parse_binary_expression(0, comma)?;
        let save = self.pos();
        self.skip_ws();
        let t = self.peek();
        if t.tok != Tok::Question {
            self.lx.pos = save;
            return Some(cond);
        }
        self.bump(t);
        self.skip_nl();
        let if_true = self.parse_expression_or_error(comma, "?");
        self.skip_nl();
        let t = self.peek();
        if t.tok != Tok::Colon {
            self.error_after(
                "MissingColonInTernaryExpression",
                "Missing ':' in the ternary expression.",
            );
            return Some(cond);
        }
        self.bump(t);
        self.skip_nl();
        let if_false = self.parse_expression_or_error(comma, ":");
        let (s, e) = (cond.span.start as usize, self.last_end);
        Some(expr(
            ExprKind::Ternary {
                condition: Box::new(cond),
                if_true: Box::new(if_true),
                if_false: Box::new(if_false),
            },
            s,
            e,
        ))
    }

    fn parse_binary_expression(&mut self, min_prec: u8, comma: bool) -> Option<Expr> {
        let mut left = self.parse_array_literal(comma)?;
        loop {
            let save = self.pos();
            let t = self.peek();
            let op = match t.tok {
                Tok::Plus => BinaryOp::Add,
                Tok::Minus => BinaryOp::Subtract,
                Tok::Star => BinaryOp::Multiply,
                Tok::Slash => BinaryOp::Divide,
                Tok::Percent => BinaryOp::Remainder,
                Tok::DotDot => BinaryOp::Range,
                Tok::QuestionQuestion => BinaryOp::NullCoalesce,
                Tok::DashOp(DashOp::Binary(op)) => op,
                _ => break,
            };
            let prec = precedence(op);
            if prec < min_prec {
                self.lx.pos = save;
                break;
            }
            self.bump(t);
            self.skip_nl();
            let right = match self.parse_binary_expression(prec + 1, comma) {
                Some(r) => r,
                None => {
                    let text = self.token_text(t);
                    self.error_after(
                        "ExpectedValueExpression",
                        &format!(
                            "You must provide a value expression following the '{text}' operator."
                        ),
                    );
                    error_expr(self.pos())
                }
            };
            let (s, e) = (left.span.start as usize, right.span.end as usize);
            left = expr(
                ExprKind::Binary {
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                },
                s,
                e.max(s),
            );
        }
        Some(left)
    }

    fn parse_array_literal(&mut self, comma: bool) -> Option<Expr> {
        let first = self.parse_unary_expression()?;
        if !comma {
            return Some(first);
        }
        let save = self.pos();
        let t = self.peek();
        if t.tok != Tok::Comma {
            self.lx.pos = save;
            return Some(first);
        }
        let start = first.span.start as usize;
        let mut items = vec![first];
        loop {
            let t = self.peek();
            if t.tok != Tok::Comma {
                break;
            }
            self.bump(t);
            self.skip_nl();
            match self.parse_unary_expression() {
                Some(e) => items.push(e),
                None => {
                    self.error_after(
                        "MissingExpressionAfterToken",
                        "Missing expression after ','.",
                    );
                    break;
                }
            }
        }
        Some(expr(ExprKind::ArrayLiteral(items), start, self.last_end))
    }

    fn parse_unary_expression(&mut self) -> Option<Expr> {
        if !self.enter() {
            return None;
        }
        let r = self.parse_unary_inner();
        self.leave();
        r
    }

    fn parse_unary_inner(&mut self) -> Option<Expr> {
        let t = self.peek();
        let op = match t.tok {
            Tok::Exclaim | Tok::DashOp(DashOp::Not) => Some(UnaryOp::Not),
            Tok::DashOp(DashOp::BNot) => Some(UnaryOp::BNot),
            Tok::DashOp(DashOp::Binary(BinaryOp::Compare(CompareOp::Split, _))) => {
                Some(UnaryOp::Split)
            }
            Tok::DashOp(DashOp::Binary(BinaryOp::Join)) => Some(UnaryOp::Join),
            Tok::Minus => Some(UnaryOp::Negate),
            Tok::Plus => Some(UnaryOp::Plus),
            Tok::PlusPlus => Some(UnaryOp::PreIncrement),
            Tok::MinusMinus => Some(UnaryOp::PreDecrement),
            Tok::Comma => Some(UnaryOp::Comma),
            _ => None,
        };
        if let Some(op) = op {
            self.bump(t);
            if op == UnaryOp::Comma {
                self.skip_nl();
            }
            let operand = match self.parse_unary_expression() {
                Some(e) => e,
                None => {
                    let text = self.token_text(t);
                    self.error_after(
                        "MissingExpressionAfterOperator",
                        &format!("Missing expression after unary operator '{text}'."),
                    );
                    error_expr(self.pos())
                }
            };
            let s = t.span.start as usize;
            return Some(expr(
                ExprKind::Unary {
                    op,
                    expr: Box::new(operand),
                },
                s,
                self.last_end,
            ));
        }
        let e = if t.tok == Tok::LBracket {
            self.parse_type_expression(t)?
        } else {
            let e = self.parse_primary()?;
            self.parse_postfix(e)
        };
        let t = self.peek();
        let post = match t.tok {
            Tok::PlusPlus => UnaryOp::PostIncrement,
            Tok::MinusMinus => UnaryOp::PostDecrement,
            _ => return Some(e),
        };
        self.bump(t);
        let s = e.span.start as usize;
        Some(expr(
            ExprKind::Unary {
                op: post,
                expr: Box::new(e),
            },
            s,
            self.last_end,
        ))
    }

    /// `[type]` as a literal, a cast `[int]$x`, or an attribute on an expression.
    fn parse_type_expression(&mut self, t: Token) -> Option<Expr> {
        let start = t.span.start as usize;
        self.lx.pos = start;
        let at = self.parse_attribute();
        let i = self.pos();
        if self.at(i) == b':' && self.at(i + 1) == b':' || self.at(i) == b'.' {
            let name = match at {
                AttributeOrType::Type(t) => t,
                AttributeOrType::Attribute(a) => a.name,
            };
            let lit = expr(ExprKind::TypeLiteral(Box::new(name)), start, self.last_end);
            return Some(self.parse_postfix(lit));
        }
        let save = self.pos();
        self.skip_ws();
        let j = self.pos();
        let c = self.at(j);
        let starts_operand = match c {
            b'$' | b'(' | b'@' | b'[' | b'\'' | b'"' | b'!' | b'{' | b'+' => true,
            b'0'..=b'9' => true,
            b'.' => self.at(j + 1).is_ascii_digit(),
            b',' => false,
            _ => {
                let d = self.lx.dash_at(j);
                if d > 0 {
                    let t = self.peek();
                    !matches!(t.tok, Tok::DashOp(DashOp::Binary(_)) | Tok::Assign(_))
                } else {
                    self.lx.squote_at(j) > 0 || self.lx.dquote_at(j) > 0
                }
            }
        };
        if !starts_operand {
            self.lx.pos = save;
            return Some(match at {
                AttributeOrType::Type(t) => {
                    let lit = expr(ExprKind::TypeLiteral(Box::new(t)), start, self.last_end);
                    self.parse_postfix(lit)
                }
                AttributeOrType::Attribute(a) => {
                    let end = self.last_end;
                    expr(ExprKind::TypeLiteral(Box::new(a.name)), start, end)
                }
            });
        }
        let operand = self
            .parse_unary_expression()
            .unwrap_or_else(|| error_expr(j));
        let end = self.last_end;
        Some(match at {
            AttributeOrType::Type(type_name) => expr(
                ExprKind::Convert {
                    type_name: Box::new(type_name),
                    expr: Box::new(operand),
                },
                start,
                end,
            ),
            AttributeOrType::Attribute(attribute) => expr(
                ExprKind::Attributed {
                    attribute: Box::new(attribute),
                    expr: Box::new(operand),
                },
                start,
                end,
            ),
        })
    }

    /// A primary expression; `None` (nothing consumed) when no expression starts here.
    fn parse_primary(&mut self) -> Option<Expr> {
        let t = self.peek();
        let s = t.span.start as usize;
        let e = t.span.end as usize;
        let kind = match t.tok {
            Tok::Variable => {
                self.bump(t);
                ExprKind::Variable(var_path(self.lx.text(t.span).get(1..).unwrap_or("")))
            }
            Tok::Splat => {
                self.bump(t);
                ExprKind::Splat(var_path(self.lx.text(t.span).get(1..).unwrap_or("")))
            }
            Tok::Number => {
                let n = self.lx.number_value(t.span);
                self.bump(t);
                ExprKind::Number(n)
            }
            Tok::SqString => {
                self.bump(t);
                ExprKind::String {
                    value: self.lx.sq_string_value(t.span),
                    quote: QuoteKind::Single,
                }
            }
            Tok::HereSq => {
                let (body, end) = self.lx.here_string_sq(s);
                self.lx.pos = end;
                self.last_end = end;
                return Some(expr(
                    ExprKind::String {
                        value: self.lx.text(body).into(),
                        quote: QuoteKind::HereSingle,
                    },
                    s,
                    end,
                ));
            }
            Tok::DqStart => {
                let (parts, tail, end) = self.scan_string_parts(e, QuoteKind::Double, s);
                self.lx.pos = end;
                self.last_end = end;
                return Some(string_expr_tail(parts, tail, QuoteKind::Double, s, end));
            }
            Tok::HereDqStart => {
                let (body, end) = self.lx.here_string(s, e - s, true);
                let (parts, tail, _) = self.scan_string_parts(
                    body.start as usize,
                    QuoteKind::HereDouble,
                    body.end as usize,
                );
                self.lx.pos = end;
                self.last_end = end;
                return Some(string_expr_tail(parts, tail, QuoteKind::HereDouble, s, end));
            }
            Tok::LParen => {
                self.bump(t);
                self.skip_nl();
                let n = self.peek();
                if n.tok == Tok::RParen {
                    self.error_after(
                        "ExpectedExpression",
                        "An expression was expected after '('.",
                    );
                    self.bump(n);
                    return Some(error_expr(s));
                }
                let stmt = self.parse_statement();
                self.skip_nl();
                let n = self.peek();
                if n.tok == Tok::RParen {
                    self.bump(n);
                } else {
                    self.error_after(
                        "MissingEndParenthesisInExpression",
                        "Missing closing ')' in expression.",
                    );
                }
                match stmt {
                    Some(st) => ExprKind::Paren(Box::new(st)),
                    None => ExprKind::Error,
                }
            }
            Tok::DollarParen | Tok::AtParen => {
                self.bump(t);
                let stmts = self.parse_statement_list(Close::Paren);
                let n = self.peek();
                if n.tok == Tok::RParen {
                    self.bump(n);
                } else {
                    self.error_after(
                        "MissingEndParenthesisInSubexpression",
                        "Missing closing ')' in subexpression.",
                    );
                }
                if t.tok == Tok::DollarParen {
                    ExprKind::Subexpression(stmts)
                } else {
                    ExprKind::ArraySubexpression(stmts)
                }
            }
            Tok::AtCurly => return Some(self.parse_hash_literal(s)),
            Tok::LCurly => {
                self.lx.pos = s;
                let sb = self.parse_script_block_expr_body();
                ExprKind::ScriptBlock(Box::new(sb))
            }
            _ => return None,
        };
        Some(expr(kind, s, self.last_end.max(e)))
    }

    fn parse_hash_literal(&mut self, start: usize) -> Expr {
        self.lx.pos = start + 2;
        let mut entries = Vec::new();
        loop {
            self.skip_nl_semi();
            let i = self.pos();
            if self.at(i) == b'}' {
                self.lx.pos += 1;
                self.last_end = self.lx.pos;
                break;
            }
            if self.lx.eof(i) || self.aborted {
                if !self.aborted {
                    self.lx.report(
                        "MissingEndCurlyBrace",
                        "Missing closing '}' in statement block or type definition.".to_string(),
                        Span::new(start, start + 2),
                        true,
                    );
                }
                break;
            }
            let key = if self.lx.ident_start_at(i) > 0 {
                let mut j = i;
                loop {
                    let n = self.lx.ident_char_at(j);
                    if n > 0 {
                        j += n;
                    } else if matches!(self.at(j), b'-' | b'.') {
                        j += 1;
                    } else {
                        break;
                    }
                }
                self.lx.pos = j;
                self.last_end = j;
                expr(
                    ExprKind::String {
                        value: self.lx.text(Span::new(i, j)).into(),
                        quote: QuoteKind::Bare,
                    },
                    i,
                    j,
                )
            } else {
                match self.parse_unary_expression() {
                    Some(k) => k,
                    None => {
                        let t = self.peek();
                        self.error(
                            "MissingKeyInHashLiteral",
                            "Missing key before '=' in hash literal.".to_string(),
                            t.span,
                        );
                        self.recover();
                        if self.pos() == i {
                            self.lx.pos += 1;
                        }
                        continue;
                    }
                }
            };
            self.skip_ws();
            let t = self.peek();
            if t.tok != Tok::Assign(AssignOp::Assign) {
                self.error_after(
                    "MissingEqualsInHashLiteral",
                    "Missing '=' operator after key in hash literal.",
                );
                self.recover();
                continue;
            }
            self.bump(t);
            self.skip_nl();
            let value = match self.parse_statement() {
                Some(v) => v,
                None => {
                    self.error_after(
                        "MissingStatementInHashLiteral",
                        "Missing statement after '=' in hash literal.",
                    );
                    continue;
                }
            };
            entries.push(HashEntry { key, value });
            self.skip_ws();
            let t = self.peek();
            if !matches!(t.tok, Tok::NewLine | Tok::Semi | Tok::RCurly | Tok::Eof) {
                self.unexpected(t);
                self.recover();
            }
        }
        expr(ExprKind::Hashtable(entries), start, self.last_end)
    }

    /// Member access, method calls and indexing directly after an expression.
    fn parse_postfix(&mut self, mut e: Expr) -> Expr {
        loop {
            let i = self.pos();
            let c = self.at(i);
            let c1 = self.at(i + 1);
            let (is_static, null_cond, skip) = match c {
                b'.' if c1 != b'.' => (false, false, 1),
                b':' if c1 == b':' => (true, false, 2),
                b'?' if c1 == b'.' => (false, true, 2),
                b'[' => {
                    e = self.parse_index(e, i + 1, false);
                    continue;
                }
                b'?' if c1 == b'[' => {
                    e = self.parse_index(e, i + 2, true);
                    continue;
                }
                _ => return e,
            };
            let ms = i + skip;
            self.lx.pos = ms;
            let member = if self.lx.ident_start_at(ms) > 0 {
                let id = self.ident_at(ms);
                self.lx.pos = ms + id.len();
                self.last_end = self.lx.pos;
                expr(
                    ExprKind::String {
                        value: id.into(),
                        quote: QuoteKind::Bare,
                    },
                    ms,
                    self.last_end,
                )
            } else {
                let ok = matches!(self.at(ms), b'$' | b'(' | b'"' | b'\'')
                    || self.lx.squote_at(ms) > 0
                    || self.lx.dquote_at(ms) > 0;
                match if ok { self.parse_primary() } else { None } {
                    Some(m) => m,
                    None => {
                        if c == b'.' {
                            // `1.` or `$x. ` — not a member access.
                            self.lx.pos = i;
                            return e;
                        }
                        self.error_after(
                            "MissingPropertyName",
                            "Missing property name after reference operator.",
                        );
                        return e;
                    }
                }
            };
            let s = e.span.start as usize;
            let j = self.pos();
            if self.at(j) == b'(' {
                self.lx.pos = j;
                let arguments = self.parse_method_arguments();
                e = expr(
                    ExprKind::InvokeMember {
                        target: Box::new(e),
                        member: Box::new(member),
                        arguments,
                        is_static,
                        null_conditional: null_cond,
                    },
                    s,
                    self.last_end,
                );
            } else if self.at(j) == b'{' {
                let arg = self.parse_primary().unwrap_or_else(|| error_expr(j));
                e = expr(
                    ExprKind::InvokeMember {
                        target: Box::new(e),
                        member: Box::new(member),
                        arguments: vec![arg],
                        is_static,
                        null_conditional: null_cond,
                    },
                    s,
                    self.last_end,
                );
            } else {
                e = expr(
                    ExprKind::Member {
                        target: Box::new(e),
                        member: Box::new(member),
                        is_static,
                        null_conditional: null_cond,
                    },
                    s,
                    self.last_end,
                );
            }
        }
    }

    fn parse_index(&mut self, target: Expr, after_bracket: usize, null_conditional: bool) -> Expr {
        self.lx.pos = after_bracket;
        self.last_end = after_bracket;
        self.skip_nl();
        let index = match self.parse_expression(true) {
            Some(ix) => ix,
            None => {
                // Do not swallow the next line's statement as an index.
                self.lx.pos = after_bracket;
                self.error_after(
                    "MissingArrayIndexExpression",
                    "Array index expression is missing or not valid.",
                );
                error_expr(self.pos())
            }
        };
        self.skip_nl();
        if self.at(self.pos()) == b']' {
            self.lx.pos += 1;
            self.last_end = self.lx.pos;
        } else {
            self.error_after(
                "MissingEndSquareBracket",
                "Missing ']' after array index expression.",
            );
        }
        let s = target.span.start as usize;
        expr(
            ExprKind::Index {
                target: Box::new(target),
                index: Box::new(index),
                null_conditional,
            },
            s,
            self.last_end,
        )
    }

    /// `( arg, arg )` after a method name; the position is at `(`.
    fn parse_method_arguments(&mut self) -> Vec<Expr> {
        self.lx.pos += 1;
        self.last_end = self.lx.pos;
        let mut args = Vec::new();
        loop {
            self.skip_nl();
            if self.at(self.pos()) == b')' {
                self.lx.pos += 1;
                self.last_end = self.lx.pos;
                break;
            }
            match self.parse_expression(false) {
                Some(a) => args.push(a),
                None => {
                    self.error_after(
                        "MissingEndParenthesisInMethodCall",
                        "Missing ')' in method call.",
                    );
                    if !self.lx.eof(self.pos()) {
                        self.recover_in_parens();
                    }
                    break;
                }
            }
            self.skip_nl();
            if self.at(self.pos()) == b',' {
                self.lx.pos += 1;
            } else if self.at(self.pos()) != b')' {
                self.error_after(
                    "MissingEndParenthesisInMethodCall",
                    "Missing ')' in method call.",
                );
                if !self.lx.eof(self.pos()) {
                    self.recover_in_parens();
                }
                break;
            }
        }
        args
    }

    /// The text of a double-quoted string (from after the quote), a here-string body (up to
    /// `limit`) or a bare word, split into literal text, `$var` and `$( )` parts.
    /// Returns the parts and the end offset (after the closing quote).
    fn parse_expandable_string(
        &mut self,
        start: usize,
        kind: QuoteKind,
        limit_or_open: usize,
    ) -> (Vec<StringPart>, usize) {
        let (mut parts, tail, end) = self.scan_string_parts(start, kind, limit_or_open);
        if !tail.is_empty() {
            parts.push(StringPart::Text(tail));
        }
        (parts, end)
    }

    /// The parts of an expandable string or bare word; the trailing text is returned apart
    /// so that a string without `$` parts needs no `Vec` at all.
    fn scan_string_parts(
        &mut self,
        start: usize,
        kind: QuoteKind,
        limit_or_open: usize,
    ) -> (Vec<StringPart>, Text, usize) {
        let mut parts = Vec::new();
        let mut buf = Text::default();
        if !self.enter() {
            return (parts, buf, self.lx.b.len());
        }
        let src: &'a str = self.lx.src;
        let bytes: &'a [u8] = self.lx.b;
        let (stops, limit) = match kind {
            QuoteKind::Bare => (&BARE_STOPS, bytes.len()),
            QuoteKind::HereDouble => (&HERE_STOPS, limit_or_open.min(bytes.len())),
            _ => (&DQ_STOPS, bytes.len()),
        };
        let mut i = start;
        let mut run = i;
        let end;
        loop {
            // Plain text needs no per-character decisions: skip it in one go.
            while i < limit {
                match bytes.get(i) {
                    Some(&b) if !stops[usize::from(b)] => i += 1,
                    _ => break,
                }
            }
            let c = self.at(i);
            match kind {
                QuoteKind::Double => {
                    if self.lx.eof(i) {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        if !self.aborted {
                            let d = super::lexer::unterminated_dq(
                                limit_or_open,
                                self.lx.b.len(),
                                false,
                            );
                            self.lx.report(d.id, d.message, d.span, true);
                        }
                        end = i;
                        break;
                    }
                    let q = if c == b'"' || c == 0xE2 {
                        self.lx.dquote_at(i)
                    } else {
                        0
                    };
                    if q > 0 {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        let q2 = self.lx.dquote_at(i + q);
                        if q2 > 0 {
                            buf.push('"');
                            i += q + q2;
                            run = i;
                            continue;
                        }
                        end = i + q;
                        break;
                    }
                }
                QuoteKind::HereDouble => {
                    if i >= limit_or_open {
                        buf.push_str(src.get(run..limit_or_open.max(run)).unwrap_or(""));
                        end = limit_or_open;
                        break;
                    }
                }
                _ => {
                    if self.lx.generic_ends_at(i) || self.lx.eof(i) {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        end = i;
                        break;
                    }
                    let sq = if c == b'\'' || c == 0xE2 {
                        self.lx.squote_at(i)
                    } else {
                        0
                    };
                    if sq > 0 {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        let j = self.lx.sq_string_end(i);
                        buf.push_str(&self.lx.sq_string_value(Span::new(i, j)));
                        i = j;
                        run = i;
                        continue;
                    }
                    let dq = if c == b'"' || c == 0xE2 {
                        self.lx.dquote_at(i)
                    } else {
                        0
                    };
                    if dq > 0 {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        let (inner, j) = self.parse_expandable_string(i + dq, QuoteKind::Double, i);
                        for p in inner {
                            match p {
                                StringPart::Text(t) => buf.push_str(&t),
                                other => {
                                    if !buf.is_empty() {
                                        parts.push(StringPart::Text(std::mem::take(&mut buf)));
                                    }
                                    parts.push(other);
                                }
                            }
                        }
                        i = j;
                        run = i;
                        continue;
                    }
                }
            }
            match c {
                b'`' => {
                    buf.push_str(src.get(run..i).unwrap_or(""));
                    let n = self.at(i + 1);
                    if kind == QuoteKind::Bare && matches!(n, b'\n' | b'\r' | 0) {
                        end = i;
                        break;
                    }
                    if self.lx.eof(i + 1) {
                        i += 1;
                        run = i;
                        continue;
                    }
                    let len = self.lx.char_len(i + 1);
                    let escaped = match n {
                        b'0' => Some('\0'),
                        b'a' => Some('\x07'),
                        b'b' => Some('\x08'),
                        b'e' => Some('\x1b'),
                        b'f' => Some('\x0c'),
                        b'n' => Some('\n'),
                        b'r' => Some('\r'),
                        b't' => Some('\t'),
                        b'v' => Some('\x0b'),
                        _ => None,
                    };
                    match escaped {
                        Some(ch) => buf.push(ch),
                        None => buf.push_str(src.get(i + 1..i + 1 + len).unwrap_or("")),
                    }
                    i += 1 + len;
                    run = i;
                }
                b'$' => {
                    let n = self.at(i + 1);
                    if n == b'(' {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        if !buf.is_empty() {
                            parts.push(StringPart::Text(std::mem::take(&mut buf)));
                        }
                        self.lx.pos = i + 2;
                        let statements = self.parse_statement_list(Close::Paren);
                        let t = self.peek();
                        if t.tok == Tok::RParen {
                            self.bump(t);
                        } else {
                            self.error_after(
                                "MissingEndParenthesisInSubexpression",
                                "Missing closing ')' in subexpression.",
                            );
                        }
                        let j = self.pos().max(i + 2);
                        parts.push(StringPart::Subexpression {
                            statements,
                            span: Span::new(i, j),
                        });
                        i = j;
                        run = i;
                    } else if n == b'{'
                        || matches!(n, b'$' | b'^' | b'?')
                        || self.lx.variable_name_len(i + 1) > 0
                    {
                        buf.push_str(src.get(run..i).unwrap_or(""));
                        if !buf.is_empty() {
                            parts.push(StringPart::Text(std::mem::take(&mut buf)));
                        }
                        let len = self.lx.variable_len(i);
                        let text = self.lx.text(Span::new(i + 1, i + len));
                        let text = text.strip_suffix(':').unwrap_or(text);
                        parts.push(StringPart::Variable {
                            path: var_path(text),
                            span: Span::new(i, i + len),
                        });
                        i += len.max(1);
                        run = i;
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        self.leave();
        (parts, buf, end)
    }
}

/// Bytes at which a bare word needs a closer look: word ends, quotes, escapes, `$`, and
/// non-ASCII bytes (Unicode blanks and quotes).
static BARE_STOPS: [bool; 256] = stop_table(b" \t\r\n\x0b\x0c{}();,|&>'\"`$", true);
/// … inside a double-quoted string.
static DQ_STOPS: [bool; 256] = stop_table(b"\"`$\xE2", false);
/// … inside an expandable here-string (only the body limit ends it).
static HERE_STOPS: [bool; 256] = stop_table(b"`$", false);

const fn stop_table(stops: &[u8], non_ascii: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    if non_ascii {
        let mut b = 0x80;
        while b < 256 {
            t[b] = true;
            b += 1;
        }
    }
    t
}

fn lx_blank(c: u8) -> bool {
    super::lexer::is_blank(c)
}

fn lexer_number_len(s: &str) -> Option<usize> {
    super::lexer::scan_number(s).map(|(n, _)| n)
}

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => 1,
        BinaryOp::NullCoalesce => 2,
        BinaryOp::BAnd | BinaryOp::BOr | BinaryOp::BXor => 3,
        BinaryOp::Compare(..)
        | BinaryOp::Is
        | BinaryOp::IsNot
        | BinaryOp::As
        | BinaryOp::Join
        | BinaryOp::Shl
        | BinaryOp::Shr => 4,
        BinaryOp::Add | BinaryOp::Subtract => 5,
        BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Remainder => 6,
        BinaryOp::Format => 7,
        BinaryOp::Range => 8,
    }
}

/// A string expression from its parts and trailing text: a plain `String` when nothing is
/// expanded (without allocating a `Vec` of parts for it).
fn string_expr_tail(
    mut parts: Vec<StringPart>,
    tail: Text,
    quote: QuoteKind,
    start: usize,
    end: usize,
) -> Expr {
    if parts.is_empty() {
        return expr(ExprKind::String { value: tail, quote }, start, end);
    }
    if !tail.is_empty() {
        parts.push(StringPart::Text(tail));
    }
    let kind = if parts.iter().all(|p| matches!(p, StringPart::Text(_))) {
        let value = match parts.pop() {
            Some(StringPart::Text(t)) if parts.is_empty() => t,
            Some(StringPart::Text(t)) => {
                let mut s = Text::default();
                for p in &parts {
                    if let StringPart::Text(x) = p {
                        s.push_str(x);
                    }
                }
                s.push_str(&t);
                s
            }
            _ => Text::default(),
        };
        ExprKind::String { value, quote }
    } else {
        ExprKind::ExpandableString { parts, quote }
    };
    expr(kind, start, end)
}

/// Moves the items above `mark` out of a scratch stack into an exactly sized `Vec`.
fn take_from<T>(scratch: &mut Vec<T>, mark: usize) -> Vec<T> {
    if scratch.len() <= mark {
        return Vec::new();
    }
    if mark == 0 && scratch.len() > 4096 {
        // A long outermost list (a big script's statements): hand over the buffer itself
        // rather than holding it and a copy at once, which would double the peak. Short lists
        // are copied so that the scratch buffer keeps its capacity for the next one.
        let mut all = std::mem::take(scratch);
        all.shrink_to_fit();
        return all;
    }
    scratch.drain(mark..).collect()
}

/// A statement that consumed nothing (`$x =` followed by the end of the line).
fn is_empty_statement(s: &Statement) -> bool {
    matches!(&s.kind, StatementKind::Pipeline(c)
        if c.first.elements.is_empty() && c.rest.is_empty())
}

fn empty_pipeline() -> Pipeline {
    Pipeline {
        elements: Vec::new(),
        span: Span::default(),
    }
}

fn expr_pipeline(e: Expr) -> Pipeline {
    let span = e.span;
    Pipeline {
        elements: vec![PipelineElement::Expression {
            expr: e,
            redirections: Vec::new(),
        }],
        span,
    }
}

/// A condition is a pipeline; an assignment or keyword statement used as a condition
/// (`if ($m = …)`) is wrapped as a parenthesised expression.
fn statement_to_pipeline(s: Statement) -> Pipeline {
    match s.kind {
        StatementKind::Pipeline(chain) if chain.rest.is_empty() && !chain.background => chain.first,
        kind => {
            let span = s.span;
            expr_pipeline(Expr {
                kind: ExprKind::Paren(Box::new(Statement { kind, span })),
                span,
            })
        }
    }
}
