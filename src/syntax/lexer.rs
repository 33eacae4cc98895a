//! Tokens of PowerShell.
//!
//! PowerShell's tokenizer is mode-dependent: the same characters mean different things in
//! expression mode (`5kb`, `-eq`, `$a.b`) and in command (argument) mode (`site:Redmond`,
//! `-Identity`, `1.2.3.4`). So there is no separate lexing pass: the parser asks for one token at
//! a time, at a byte position, and decides itself how to read command arguments (see
//! `Parser::parse_command_argument`). This module owns the character classes, trivia
//! (whitespace, comments, line continuations), expression-mode tokens and the token primitives
//! (numbers, variables, single-quoted and here-strings) that both modes share.
//!
//! Tokens carry spans only; values are computed from the source text on demand, so lexing does
//! not allocate. Like PowerShell, en dash, em dash and horizontal bar count as `-`, and the
//! typographic quotes count as `'` and `"` (scripts copied from web pages contain them).

use nom::IResult;
use nom::Parser as _;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while1};
use nom::combinator::{opt, recognize};

use super::ast::{AssignOp, BinaryOp, CaseMode, CompareOp, DecimalLiteral, Number, Span, Text};
use super::diagnostics::{self, Diagnostic};

/// An expression-mode token. Strings that need unescaping or expansion are not lexed whole:
/// `DqStart`/`HereDqStart` cover only the opening quote and the parser reads the content.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tok {
    Eof,
    NewLine,
    Semi,
    LParen,
    RParen,
    LCurly,
    RCurly,
    LBracket,
    RBracket,
    /// `@(`
    AtParen,
    /// `@{`
    AtCurly,
    /// `$(`
    DollarParen,
    Comma,
    Dot,
    DotDot,
    ColonColon,
    Colon,
    Pipe,
    Amp,
    AndAnd,
    OrOr,
    /// `$name`, `${any name}`, `$scope:name`.
    Variable,
    /// `@name`.
    Splat,
    /// A numeric literal; its value comes from [`Lexer::number_value`] (keeping it out of the
    /// token keeps tokens small: they are copied on every peek).
    Number,
    /// `'…'` (complete token).
    SqString,
    /// `@'…'@` (complete token).
    HereSq,
    /// The opening `"` of a double-quoted string.
    DqStart,
    /// The `@"` header of an expandable here-string.
    HereDqStart,
    /// `[\p{L}_][\p{L}\d_]*`
    Ident,
    /// `:name` (a loop label at statement start).
    Label,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Exclaim,
    PlusPlus,
    MinusMinus,
    Assign(AssignOp),
    DashOp(DashOp),
    /// `-name` that is not an operator.
    Parameter,
    Question,
    QuestionDot,
    QuestionLBracket,
    QuestionQuestion,
    /// `>`, `>>` and `2>&1`-style redirections.
    Redirect,
    /// A character that starts no token.
    Unknown,
}

/// Operators spelled `-word`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashOp {
    Binary(BinaryOp),
    Not,
    BNot,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The shared scanning state: the source, the current byte offset, and what the scanner found
/// on the side (diagnostics, `#Requires` comments).
pub struct Lexer<'a> {
    pub src: &'a str,
    pub b: &'a [u8],
    pub pos: usize,
    pub diags: Vec<Diagnostic>,
    /// Spans of `#Requires` comments.
    pub requires: Vec<Span>,
    /// The last token read by [`Lexer::next_token`] / [`Lexer::peek_token`] and the position it
    /// was read from: the parser peeks before it consumes, so most tokens would otherwise be
    /// lexed twice. Lexing depends only on the position, so the cache never goes stale; it is
    /// dropped when the parser discards diagnostics (a re-lex must report them again).
    cache: Option<(usize, Token)>,
}

/// True for bytes PowerShell treats as blanks between tokens (ASCII part).
#[inline]
pub fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

#[inline]
pub fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

#[inline]
pub fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Characters that end a bare word in command mode (PowerShell's `ForceStartNewToken`).
#[inline]
pub fn ends_generic(b: u8) -> bool {
    ENDS_GENERIC[usize::from(b)]
}

/// Bytes that may start trivia (blanks, backtick, `#`, `<#`, non-ASCII blanks); newlines are
/// checked apart because whether they count depends on the caller.
static TRIVIA_START: [bool; 256] = {
    let mut t = [false; 256];
    let starts = b" \t\x0b\x0c`#<";
    let mut k = 0;
    while k < starts.len() {
        t[starts[k] as usize] = true;
        k += 1;
    }
    let mut b = 0x80;
    while b < 256 {
        t[b] = true;
        b += 1;
    }
    t
};

static ENDS_GENERIC: [bool; 256] = {
    let mut t = [false; 256];
    let ends = b" \t\r\n\x0b\x0c{}();,|&>";
    let mut k = 0;
    while k < ends.len() {
        t[ends[k] as usize] = true;
        k += 1;
    }
    t
};

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src,
            b: src.as_bytes(),
            pos: 0,
            diags: Vec::new(),
            requires: Vec::new(),
            cache: None,
        }
    }

    /// The byte at `i`, or 0 past the end (0 never starts a token).
    #[inline]
    pub fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    #[inline]
    pub fn eof(&self, i: usize) -> bool {
        i >= self.b.len()
    }

    /// Length of a dash at `i`: `-` (1), or en dash, em dash, horizontal bar (3), else 0.
    #[inline]
    pub fn dash_at(&self, i: usize) -> usize {
        match self.at(i) {
            b'-' => 1,
            0xE2 if self.at(i + 1) == 0x80 && matches!(self.at(i + 2), 0x93..=0x95) => 3,
            _ => 0,
        }
    }

    /// Length of a single quote at `i`: `'` or ‘ ’ ‚ ‛.
    #[inline]
    pub fn squote_at(&self, i: usize) -> usize {
        match self.at(i) {
            b'\'' => 1,
            0xE2 if self.at(i + 1) == 0x80 && matches!(self.at(i + 2), 0x98..=0x9B) => 3,
            _ => 0,
        }
    }

    /// Length of a double quote at `i`: `"` or “ ” „.
    #[inline]
    pub fn dquote_at(&self, i: usize) -> usize {
        match self.at(i) {
            b'"' => 1,
            0xE2 if self.at(i + 1) == 0x80 && matches!(self.at(i + 2), 0x9C..=0x9E) => 3,
            _ => 0,
        }
    }

    /// Length of a non-ASCII blank at `i` (no-break space, byte order mark), else 0.
    #[inline]
    fn unicode_blank_at(&self, i: usize) -> usize {
        match self.at(i) {
            0xC2 if self.at(i + 1) == 0xA0 => 2,
            0xEF if self.at(i + 1) == 0xBB && self.at(i + 2) == 0xBF => 3,
            0xE2 if self.at(i + 1) == 0x80 && matches!(self.at(i + 2), 0x80..=0x8A | 0xAF) => 3,
            _ => 0,
        }
    }

    /// Length of a blank at `i` (ASCII or Unicode), else 0.
    #[inline]
    pub fn blank_at(&self, i: usize) -> usize {
        let c = self.at(i);
        if is_blank(c) {
            1
        } else if c >= 0x80 {
            self.unicode_blank_at(i)
        } else {
            0
        }
    }

    /// True when a bare word (command-mode generic token) ends at `i`.
    #[inline]
    pub fn generic_ends_at(&self, i: usize) -> bool {
        if i >= self.b.len() {
            return true;
        }
        let c = self.at(i);
        if c < 0x80 {
            ends_generic(c)
        } else {
            self.unicode_blank_at(i) > 0
        }
    }

    /// Length of an identifier character (letter, digit, `_`, non-ASCII letter) at `i`.
    #[inline]
    pub fn ident_char_at(&self, i: usize) -> usize {
        let c = self.at(i);
        if c < 0x80 {
            usize::from(is_ident_char(c))
        } else {
            self.alpha_char_len(i)
        }
    }

    /// Length of an identifier start character at `i`.
    #[inline]
    pub fn ident_start_at(&self, i: usize) -> usize {
        let c = self.at(i);
        if c < 0x80 {
            usize::from(is_ident_start(c))
        } else {
            self.alpha_char_len(i)
        }
    }

    /// Length of the non-ASCII character at `i` if it is alphanumeric.
    fn alpha_char_len(&self, i: usize) -> usize {
        let Some(rest) = self.src.get(i..) else {
            return 0;
        };
        match rest.chars().next() {
            Some(ch) if ch.is_alphanumeric() => ch.len_utf8(),
            _ => 0,
        }
    }

    /// Length of the (possibly multi-byte) character at `i`, at least 1 inside the source.
    #[inline]
    pub fn char_len(&self, i: usize) -> usize {
        let c = self.at(i);
        if c < 0x80 {
            1
        } else {
            self.src
                .get(i..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8)
        }
    }

    pub fn text(&self, span: Span) -> &'a str {
        self.src
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// Records a diagnostic unless the same one was just recorded (a token may be lexed twice
    /// when the parser peeks in one mode and reads in another).
    pub fn report(&mut self, id: &'static str, message: String, span: Span, incomplete: bool) {
        if self
            .diags
            .iter()
            .rev()
            .take(4)
            .any(|d| d.id == id && d.span == span)
        {
            return;
        }
        self.diags.push(Diagnostic {
            id,
            message,
            span,
            incomplete,
        });
    }

    /// Skips blanks, comments and line continuations; newlines too when `newlines` is set.
    #[inline]
    pub fn skip_trivia(&mut self, newlines: bool) {
        // Most calls find a token right away: decide that without entering the loop.
        let c = self.at(self.pos);
        if !TRIVIA_START[usize::from(c)] && !(newlines && (c == b'\n' || c == b'\r')) {
            return;
        }
        self.skip_trivia_from(newlines);
    }

    fn skip_trivia_from(&mut self, newlines: bool) {
        let mut i = self.pos;
        loop {
            let c = self.at(i);
            match c {
                b' ' | b'\t' | 0x0b | 0x0c => i += 1,
                b'\r' | b'\n' if newlines => i += 1,
                b'`' => match self.at(i + 1) {
                    b'\n' => i += 2,
                    b'\r' => i += if self.at(i + 2) == b'\n' { 3 } else { 2 },
                    0 if self.eof(i + 1) => {
                        // A trailing backtick asks for another line, like PowerShell's prompt.
                        self.report(
                            "IncompleteLineContinuation",
                            "The line continuation character '`' is not followed by a line."
                                .to_string(),
                            Span::new(i, i + 1),
                            true,
                        );
                        i += 1;
                    }
                    _ => break,
                },
                b'#' => i = self.skip_line_comment(i),
                b'<' if self.at(i + 1) == b'#' => i = self.skip_block_comment(i),
                0x80.. => {
                    let n = self.unicode_blank_at(i);
                    if n == 0 {
                        break;
                    }
                    i += n;
                }
                _ => break,
            }
        }
        self.pos = i;
    }

    fn skip_line_comment(&mut self, start: usize) -> usize {
        let rest = self.b.get(start..).unwrap_or(&[]);
        let len = rest
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .unwrap_or(rest.len());
        let end = start + len;
        // `#Requires` is a comment to the tokenizer but a directive to the script.
        if len >= 9
            && rest
                .get(1..9)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"requires"))
            && !rest.get(9).is_some_and(|c| is_ident_char(*c))
        {
            let span = Span::new(start, end);
            if self.requires.last() != Some(&span) {
                self.requires.push(span);
            }
        }
        end
    }

    fn skip_block_comment(&mut self, start: usize) -> usize {
        let mut i = start + 2;
        loop {
            match self
                .b
                .get(i..)
                .and_then(|r| r.iter().position(|&c| c == b'#'))
            {
                Some(off) => {
                    i += off;
                    if self.at(i + 1) == b'>' {
                        return i + 2;
                    }
                    i += 1;
                }
                None => {
                    self.report(
                        "MissingTerminatorMultiLineComment",
                        "The terminator '#>' is missing from the multiline comment.".to_string(),
                        Span::new(start, self.b.len()),
                        true,
                    );
                    return self.b.len();
                }
            }
        }
    }

    /// Reads the next expression-mode token (after trivia, not newlines) and moves past it.
    pub fn next_token(&mut self) -> Token {
        if let Some((at, t)) = self.cache
            && at == self.pos
        {
            self.pos = t.span.end as usize;
            return t;
        }
        let from = self.pos;
        let t = self.lex_next();
        self.cache = Some((from, t));
        t
    }

    /// Forgets the cached token (after the parser truncated the diagnostics).
    pub fn forget_cached_token(&mut self) {
        self.cache = None;
    }

    fn lex_next(&mut self) -> Token {
        self.skip_trivia(false);
        let start = self.pos;
        let (tok, len) = self.lex_at(start);
        self.pos = start + len;
        Token {
            tok,
            span: Span::new(start, start + len),
        }
    }

    /// The next expression-mode token, without moving.
    pub fn peek_token(&mut self) -> Token {
        let save = self.pos;
        let t = self.next_token();
        self.pos = save;
        t
    }

    /// Lexes one expression-mode token at `i` (no trivia there); returns its kind and length.
    fn lex_at(&mut self, i: usize) -> (Tok, usize) {
        let c = self.at(i);
        let c1 = self.at(i + 1);
        match c {
            0 if self.eof(i) => (Tok::Eof, 0),
            b'\n' => (Tok::NewLine, 1),
            b'\r' => (Tok::NewLine, if c1 == b'\n' { 2 } else { 1 }),
            b';' => (Tok::Semi, 1),
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b'{' => (Tok::LCurly, 1),
            b'}' => (Tok::RCurly, 1),
            b'[' => (Tok::LBracket, 1),
            b']' => (Tok::RBracket, 1),
            b',' => (Tok::Comma, 1),
            b'@' => match c1 {
                b'(' => (Tok::AtParen, 2),
                b'{' => (Tok::AtCurly, 2),
                _ if self.squote_at(i + 1) > 0 => {
                    let (_, end) = self.here_string_sq(i);
                    (Tok::HereSq, end - i)
                }
                _ if self.dquote_at(i + 1) > 0 => (Tok::HereDqStart, 1 + self.dquote_at(i + 1)),
                _ => {
                    let n = self.variable_name_len(i + 1);
                    if n > 0 {
                        (Tok::Splat, 1 + n)
                    } else {
                        (Tok::Unknown, 1)
                    }
                }
            },
            b'$' => {
                if c1 == b'(' {
                    (Tok::DollarParen, 2)
                } else {
                    (Tok::Variable, self.variable_len(i))
                }
            }
            b'.' => {
                if c1 == b'.' {
                    (Tok::DotDot, 2)
                } else if c1.is_ascii_digit() {
                    self.number_token(i)
                } else {
                    (Tok::Dot, 1)
                }
            }
            b':' => {
                if c1 == b':' {
                    (Tok::ColonColon, 2)
                } else if self.ident_start_at(i + 1) > 0 {
                    let mut j = i + 1;
                    loop {
                        let n = self.ident_char_at(j);
                        if n == 0 {
                            break;
                        }
                        j += n;
                    }
                    (Tok::Label, j - i)
                } else {
                    (Tok::Colon, 1)
                }
            }
            b'|' => {
                if c1 == b'|' {
                    (Tok::OrOr, 2)
                } else {
                    (Tok::Pipe, 1)
                }
            }
            b'&' => {
                if c1 == b'&' {
                    (Tok::AndAnd, 2)
                } else {
                    (Tok::Amp, 1)
                }
            }
            b'+' => match c1 {
                b'+' => (Tok::PlusPlus, 2),
                b'=' => (Tok::Assign(AssignOp::Add), 2),
                _ => (Tok::Plus, 1),
            },
            b'*' => match c1 {
                b'=' => (Tok::Assign(AssignOp::Multiply), 2),
                b'>' => (Tok::Redirect, self.redirection_len(i)),
                _ => (Tok::Star, 1),
            },
            b'/' => {
                if c1 == b'=' {
                    (Tok::Assign(AssignOp::Divide), 2)
                } else {
                    (Tok::Slash, 1)
                }
            }
            b'%' => {
                if c1 == b'=' {
                    (Tok::Assign(AssignOp::Remainder), 2)
                } else {
                    (Tok::Percent, 1)
                }
            }
            b'=' => (Tok::Assign(AssignOp::Assign), 1),
            b'!' => (Tok::Exclaim, 1),
            b'?' => match c1 {
                b'.' => (Tok::QuestionDot, 2),
                b'[' => (Tok::QuestionLBracket, 2),
                b'?' => {
                    if self.at(i + 2) == b'=' {
                        (Tok::Assign(AssignOp::NullCoalesce), 3)
                    } else {
                        (Tok::QuestionQuestion, 2)
                    }
                }
                _ => (Tok::Question, 1),
            },
            b'>' => (Tok::Redirect, self.redirection_len(i)),
            b'0'..=b'9' => self.number_token(i),
            b'\'' => (Tok::SqString, self.sq_string_end(i) - i),
            b'"' => (Tok::DqStart, 1),
            _ => {
                let d = self.dash_at(i);
                if d > 0 {
                    return self.dash_token(i, d);
                }
                let q = self.squote_at(i);
                if q > 0 {
                    return (Tok::SqString, self.sq_string_end(i) - i);
                }
                let q = self.dquote_at(i);
                if q > 0 {
                    return (Tok::DqStart, q);
                }
                let n = self.ident_start_at(i);
                if n > 0 {
                    let mut j = i + n;
                    loop {
                        let m = self.ident_char_at(j);
                        if m == 0 {
                            break;
                        }
                        j += m;
                    }
                    return (Tok::Ident, j - i);
                }
                (Tok::Unknown, self.char_len(i).max(1))
            }
        }
    }

    /// A token starting with a dash: `--`, `-=`, `-eq`-style operators, `-name`, or `-`.
    fn dash_token(&mut self, i: usize, d: usize) -> (Tok, usize) {
        let next = i + d;
        if self.dash_at(next) > 0 {
            return (Tok::MinusMinus, d + self.dash_at(next));
        }
        if self.at(next) == b'=' {
            return (Tok::Assign(AssignOp::Subtract), d + 1);
        }
        if self.at(next).is_ascii_alphabetic() {
            let mut j = next;
            while self.at(j).is_ascii_alphabetic() {
                j += 1;
            }
            let word = self.b.get(next..j).unwrap_or(&[]);
            if let Some(op) = dash_operator(word) {
                return (Tok::DashOp(op), j - i);
            }
            // Parameter-like text in expression mode: read to the end of the word.
            while !self.generic_ends_at(j) && self.at(j) != b':' && !self.eof(j) {
                j += self.char_len(j);
            }
            return (Tok::Parameter, j - i);
        }
        (Tok::Minus, d)
    }

    /// Length of a redirection operator at `i`: `[*1-6]?>>?` or `[*1-6]?>&[1-6]`.
    pub fn redirection_len(&self, i: usize) -> usize {
        let mut j = i;
        if matches!(self.at(j), b'*' | b'1'..=b'6') {
            j += 1;
        }
        if self.at(j) != b'>' {
            return 0;
        }
        j += 1;
        if self.at(j) == b'>' {
            return j + 1 - i;
        }
        if self.at(j) == b'&' && matches!(self.at(j + 1), b'1'..=b'6') {
            return j + 2 - i;
        }
        j - i
    }

    fn number_token(&mut self, i: usize) -> (Tok, usize) {
        let rest = self.src.get(i..).unwrap_or("");
        match scan_number(rest) {
            Some((len, value)) => match value {
                Some(_) => (Tok::Number, len),
                None => {
                    let text = rest.get(..len).unwrap_or("").to_string();
                    self.report(
                        "BadNumericConstant",
                        format!("The numeric constant {text} is not valid."),
                        Span::new(i, i + len),
                        false,
                    );
                    (Tok::Number, len)
                }
            },
            None => (Tok::Unknown, 1),
        }
    }

    /// The value of the number token at `span` (0 when it is malformed: that was reported
    /// when it was lexed).
    pub fn number_value(&self, span: Span) -> Number {
        scan_number(self.text(span))
            .and_then(|(_, v)| v)
            .unwrap_or(Number::Int32(0))
    }

    /// Length of a simple variable name at `i` (after `$` or `@`): name characters, `?`, and an
    /// optional `scope:` prefix. 0 when none.
    pub fn variable_name_len(&self, i: usize) -> usize {
        // A leading colon is an empty qualifier: `$:name` is the plain variable `name`.
        if self.at(i) == b':' && self.at(i + 1) != b':' {
            let n = self.variable_name_len(i + 1);
            return if n > 0 && !self.b.get(i + 1..i + 1 + n).unwrap_or(&[]).contains(&b':') {
                n + 1
            } else {
                0
            };
        }
        let mut j = i;
        loop {
            let n = self.ident_char_at(j);
            if n > 0 {
                j += n;
            } else if self.at(j) == b'?' {
                j += 1;
            } else {
                break;
            }
        }
        if j > i && self.at(j) == b':' && self.at(j + 1) != b':' {
            let mut k = j + 1;
            loop {
                let n = self.ident_char_at(k);
                if n > 0 {
                    k += n;
                } else if self.at(k) == b'?' {
                    k += 1;
                } else {
                    break;
                }
            }
            if k > j + 1 {
                return k - i;
            }
        }
        j - i
    }

    /// Length of the variable token starting with `$` at `i`; reports malformed references.
    pub fn variable_len(&mut self, i: usize) -> usize {
        let c1 = self.at(i + 1);
        if c1 == b'{' {
            let mut j = i + 2;
            loop {
                match self.at(j) {
                    b'}' => return j + 1 - i,
                    b'`' => j += 2,
                    0 if self.eof(j) => {
                        self.report(
                            "IncompleteDollarVariableReference",
                            "${variable} reference starting is missing the closing '}'."
                                .to_string(),
                            Span::new(i, self.b.len()),
                            true,
                        );
                        return self.b.len() - i;
                    }
                    _ => j += 1,
                }
            }
        }
        if matches!(c1, b'$' | b'^' | b'?') {
            return 2;
        }
        let n = self.variable_name_len(i + 1);
        if n == 0 {
            self.report(
                "InvalidVariableReference",
                "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name.".to_string(),
                Span::new(i, i + 1),
                false,
            );
            return 1;
        }
        let end = i + 1 + n;
        // `$name:` with nothing after the colon is an error in PowerShell ("$x: text").
        if self.at(end) == b':' && self.at(end + 1) != b':' {
            let name = self.b.get(i + 1..end).unwrap_or(&[]);
            if !name.contains(&b':') {
                self.report(
                    "InvalidVariableReferenceWithDrive",
                    "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.".to_string(),
                    Span::new(i, end + 1),
                    false,
                );
                return end + 1 - i;
            }
        }
        end - i
    }

    /// End offset of a single-quoted string starting at `i` (reports an unterminated one).
    pub fn sq_string_end(&mut self, i: usize) -> usize {
        let mut j = i + self.squote_at(i);
        loop {
            let c = self.at(j);
            if c == 0 && self.eof(j) {
                self.report(
                    "TerminatorExpectedAtEndOfString",
                    "The string is missing the terminator: '.".to_string(),
                    Span::new(i, self.b.len()),
                    true,
                );
                return self.b.len();
            }
            let q = if c == b'\'' || c == 0xE2 {
                self.squote_at(j)
            } else {
                0
            };
            if q > 0 {
                // A doubled quote is an escaped quote.
                let q2 = self.squote_at(j + q);
                if q2 > 0 {
                    j += q + q2;
                    continue;
                }
                return j + q;
            }
            j += 1;
        }
    }

    /// Unescaped value of a single-quoted string token.
    pub fn sq_string_value(&self, span: Span) -> Text {
        let (s, e) = (span.start as usize, span.end as usize);
        let open = self.squote_at(s);
        let mut end = e;
        // Drop the closing quote if present (absent when unterminated).
        if e > s + open {
            for q in [1usize, 3] {
                if e >= s + open + q && self.squote_at(e - q) == q {
                    end = e - q;
                    break;
                }
            }
        }
        let body = self.src.get(s + open..end).unwrap_or("");
        if !body.contains(['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}']) {
            return Text::from(body);
        }
        let mut out = Text::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        while let Some(ch) = chars.next() {
            out.push(ch);
            if is_squote_char(ch) && chars.peek().is_some_and(|c| is_squote_char(*c)) {
                chars.next();
            }
        }
        out
    }

    /// Here-string `@'…'@` at `i`: returns (content span, end offset).
    pub fn here_string_sq(&mut self, i: usize) -> (Span, usize) {
        let q = self.squote_at(i + 1);
        self.here_string(i, 1 + q, false)
    }

    /// Finds the body of a here-string whose header (`@'`/`@"`) is `header` bytes long.
    /// Returns the content span and the end of the footer.
    pub fn here_string(&mut self, i: usize, header: usize, double: bool) -> (Span, usize) {
        let mut j = i + header;
        while is_blank(self.at(j)) {
            j += 1;
        }
        match self.at(j) {
            b'\n' => j += 1,
            b'\r' => j += if self.at(j + 1) == b'\n' { 2 } else { 1 },
            0 if self.eof(j) => {}
            _ => {
                self.report(
                    "UnexpectedCharactersAfterHereStringHeader",
                    "No characters are allowed after a here-string header but before the end of the line.".to_string(),
                    Span::new(j, j + 1),
                    false,
                );
                while !matches!(self.at(j), b'\n' | b'\r') && !self.eof(j) {
                    j += 1;
                }
                if self.at(j) == b'\r' {
                    j += 1;
                }
                if self.at(j) == b'\n' {
                    j += 1;
                }
            }
        }
        let body_start = j;
        // The footer is a quote and `@` at the very start of a line.
        let mut line = body_start;
        loop {
            let q = if double {
                self.dquote_at(line)
            } else {
                self.squote_at(line)
            };
            if q > 0 && self.at(line + q) == b'@' {
                let mut body_end = line;
                if body_end > body_start && self.at(body_end - 1) == b'\n' {
                    body_end -= 1;
                    if body_end > body_start && self.at(body_end - 1) == b'\r' {
                        body_end -= 1;
                    }
                } else if body_end > body_start && self.at(body_end - 1) == b'\r' {
                    body_end -= 1;
                }
                return (
                    Span::new(body_start, body_end.max(body_start)),
                    line + q + 1,
                );
            }
            match self
                .b
                .get(line..)
                .and_then(|r| r.iter().position(|&c| c == b'\n' || c == b'\r'))
            {
                Some(off) => line += off + 1,
                None => {
                    let term = if double { "\"@" } else { "'@" };
                    self.report(
                        "TerminatorExpectedAtEndOfString",
                        format!("The string is missing the terminator: {term}."),
                        Span::new(i, self.b.len()),
                        true,
                    );
                    return (
                        Span::new(body_start.min(self.b.len()), self.b.len()),
                        self.b.len(),
                    );
                }
            }
        }
    }
}

pub fn is_squote_char(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

pub fn is_dquote_char(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// Maps the word after a dash to an operator, e.g. `ceq` → case-sensitive `-eq`.
pub fn dash_operator(word: &[u8]) -> Option<DashOp> {
    let lower = |w: &[u8], s: &str| w.eq_ignore_ascii_case(s.as_bytes());
    let simple = [
        ("and", BinaryOp::And),
        ("or", BinaryOp::Or),
        ("xor", BinaryOp::Xor),
        ("band", BinaryOp::BAnd),
        ("bor", BinaryOp::BOr),
        ("bxor", BinaryOp::BXor),
        ("shl", BinaryOp::Shl),
        ("shr", BinaryOp::Shr),
        ("is", BinaryOp::Is),
        ("isnot", BinaryOp::IsNot),
        ("as", BinaryOp::As),
        ("f", BinaryOp::Format),
        ("join", BinaryOp::Join),
    ];
    for (name, op) in simple {
        if lower(word, name) {
            return Some(DashOp::Binary(op));
        }
    }
    if lower(word, "not") {
        return Some(DashOp::Not);
    }
    if lower(word, "bnot") {
        return Some(DashOp::BNot);
    }
    let (mode, rest) = match word.first().map(u8::to_ascii_lowercase) {
        Some(b'c') => (CaseMode::Sensitive, word.get(1..).unwrap_or(&[])),
        Some(b'i') => (CaseMode::Insensitive, word.get(1..).unwrap_or(&[])),
        _ => (CaseMode::Default, word),
    };
    let compare = [
        ("eq", CompareOp::Eq),
        ("ne", CompareOp::Ne),
        ("gt", CompareOp::Gt),
        ("ge", CompareOp::Ge),
        ("lt", CompareOp::Lt),
        ("le", CompareOp::Le),
        ("like", CompareOp::Like),
        ("notlike", CompareOp::NotLike),
        ("match", CompareOp::Match),
        ("notmatch", CompareOp::NotMatch),
        ("contains", CompareOp::Contains),
        ("notcontains", CompareOp::NotContains),
        ("in", CompareOp::In),
        ("notin", CompareOp::NotIn),
        ("replace", CompareOp::Replace),
        ("split", CompareOp::Split),
    ];
    let try_compare = |w: &[u8], m: CaseMode| {
        compare
            .iter()
            .find(|(n, _)| lower(w, n))
            .map(|(_, op)| DashOp::Binary(BinaryOp::Compare(*op, m)))
    };
    if mode != CaseMode::Default
        && let Some(op) = try_compare(rest, mode)
    {
        return Some(op);
    }
    // `-in` / `-is` start with `i` but are not `-i` + `n`: try the whole word too.
    try_compare(word, CaseMode::Default)
}

fn digits(s: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_digit()).parse(s)
}

fn multiplier(s: &str) -> IResult<&str, &str> {
    alt((
        tag_no_case("kb"),
        tag_no_case("mb"),
        tag_no_case("gb"),
        tag_no_case("tb"),
        tag_no_case("pb"),
    ))
    .parse(s)
}

fn multiplier_value(m: &str) -> i64 {
    match m.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'k') => 1 << 10,
        Some(b'm') => 1 << 20,
        Some(b'g') => 1 << 30,
        Some(b't') => 1 << 40,
        _ => 1 << 50,
    }
}

/// Narrowest integer type PowerShell gives an integer value: Int32, else Int64, else Double.
fn int_number(v: i128, force_long: bool) -> Number {
    if !force_long && let Ok(x) = i32::try_from(v) {
        return Number::Int32(x);
    }
    match i64::try_from(v) {
        Ok(x) => Number::Int64(x),
        Err(_) => Number::Double(v as f64),
    }
}

/// Scans a numeric literal at the start of `s` (decimal, real, hex, with `l`/`d` type
/// suffixes and `kb`…`pb` multipliers). Returns its length and value (`None` when it is
/// malformed, e.g. too many hex digits); `None` overall when `s` does not start a number.
pub fn scan_number(s: &str) -> Option<(usize, Option<Number>)> {
    // Fast path for the common case, a short run of decimal digits ending the literal (no
    // fraction, exponent, suffix or multiplier): an Int32 without the general scanner.
    let b = s.as_bytes();
    let digits_len = b.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits_len)
        && !b
            .get(digits_len)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'_')
    {
        let v = b
            .get(..digits_len)
            .unwrap_or(&[])
            .iter()
            .fold(0i32, |acc, c| acc * 10 + i32::from(c - b'0'));
        return Some((digits_len, Some(Number::Int32(v))));
    }
    if let Ok((rest, hex)) = recognize((
        tag_no_case::<_, _, nom::error::Error<&str>>("0x"),
        take_while1(|c: char| c.is_ascii_hexdigit()),
    ))
    .parse(s)
    {
        let (rest, long) = opt(tag_no_case::<_, _, nom::error::Error<&str>>("l"))
            .parse(rest)
            .unwrap_or((rest, None));
        let (rest, mult) = opt(multiplier).parse(rest).unwrap_or((rest, None));
        let len = s.len() - rest.len();
        let digits = hex.get(2..).unwrap_or("");
        let Ok(bits) = u64::from_str_radix(digits, 16) else {
            return Some((len, None));
        };
        // PowerShell keeps the bit pattern: 0xFFFFFFFF is Int32 -1.
        let base: i128 = if long.is_none() && digits.len() <= 8 {
            i128::from(bits as u32 as i32)
        } else {
            i128::from(bits as i64)
        };
        let v = base * i128::from(mult.map_or(1, multiplier_value));
        return Some((len, Some(int_number(v, long.is_some()))));
    }
    let frac = (
        tag::<_, _, nom::error::Error<&str>>("."),
        take_while(|c: char| c.is_ascii_digit()),
    );
    let exponent = (
        tag_no_case::<_, _, nom::error::Error<&str>>("e"),
        opt(alt((tag("+"), tag("-")))),
        digits,
    );
    let mut mantissa = recognize((
        take_while(|c: char| c.is_ascii_digit()),
        opt(frac),
        opt(exponent),
    ));
    let Ok((rest, text)) = mantissa.parse(s) else {
        return None;
    };
    // `1..10` is a range: the dot belongs to `..`, not to the number.
    let (rest, text) = if let Some(dot) = text.find('.') {
        if s.as_bytes().get(dot + 1) == Some(&b'.') {
            (s.get(dot..).unwrap_or(""), s.get(..dot).unwrap_or(""))
        } else {
            (rest, text)
        }
    } else {
        (rest, text)
    };
    if !text.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // `5.` is not a number followed by member access in PowerShell only if a digit follows;
    // keep the dot when the literal ends there.
    let (rest, suffix) = opt(alt((
        tag_no_case::<_, _, nom::error::Error<&str>>("l"),
        tag_no_case("d"),
    )))
    .parse(rest)
    .unwrap_or((rest, None));
    let (rest, mult) = opt(multiplier).parse(rest).unwrap_or((rest, None));
    let len = s.len() - rest.len();
    let m = i128::from(mult.map_or(1, multiplier_value));
    let is_real = text.contains(['.', 'e', 'E']);
    let value = match suffix.map(|x| x.as_bytes().first().map(u8::to_ascii_lowercase)) {
        Some(Some(b'd')) => decimal(text, m),
        Some(_) => {
            if is_real {
                text.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                    .map(|f| int_number(f as i128 * m, true))
            } else {
                text.parse::<i128>().ok().map(|v| int_number(v * m, true))
            }
        }
        None => {
            if is_real {
                text.parse::<f64>()
                    .ok()
                    .map(|f| Number::Double(f * m as f64))
            } else {
                match text.parse::<i128>() {
                    Ok(v) if mult.is_none() && i64::try_from(v).is_err() => {
                        // Too big for a long: PowerShell tries decimal, then double.
                        decimal(text, 1).or(Some(Number::Double(v as f64)))
                    }
                    Ok(v) => Some(int_number(v * m, false)),
                    Err(_) => text.parse::<f64>().ok().map(Number::Double),
                }
            }
        }
    };
    Some((len, value))
}

/// A `d`-suffixed literal as mantissa and scale.
fn decimal(text: &str, mult: i128) -> Option<Number> {
    let (num, exp) = match text.find(['e', 'E']) {
        Some(p) => (
            text.get(..p).unwrap_or(""),
            text.get(p + 1..).unwrap_or("0").parse::<i32>().ok()?,
        ),
        None => (text, 0),
    };
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let digits = format!("{int}{frac}");
    let mut mantissa: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let mut scale = frac.len() as i32 - exp;
    while scale < 0 {
        mantissa = mantissa.checked_mul(10)?;
        scale += 1;
    }
    mantissa = mantissa.checked_mul(mult)?;
    Some(Number::Decimal(DecimalLiteral::new(mantissa, scale as u32)))
}

/// The diagnostic for an unterminated double-quoted string starting at `start`.
pub fn unterminated_dq(start: usize, len: usize, here: bool) -> Diagnostic {
    let term = if here { "\"@" } else { "\"" };
    diagnostics::make(
        "TerminatorExpectedAtEndOfString",
        format!("The string is missing the terminator: {term}."),
        Span::new(start, len),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token();
            if t.tok == Tok::Eof {
                break;
            }
            out.push(t.tok);
        }
        out
    }

    fn num(s: &str) -> Number {
        match scan_number(s) {
            Some((_, Some(n))) => n,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num("42"), Number::Int32(42));
        assert_eq!(num("0x1F"), Number::Int32(31));
        assert_eq!(num("0xFFFFFFFF"), Number::Int32(-1));
        assert_eq!(num("0x100000000"), Number::Int64(0x1_0000_0000));
        assert_eq!(num("10kb"), Number::Int32(10240));
        assert_eq!(num("1MB"), Number::Int32(1 << 20));
        assert_eq!(num("5L"), Number::Int64(5));
        assert_eq!(num("1e5"), Number::Double(100000.0));
        assert_eq!(num(".5"), Number::Double(0.5));
        assert_eq!(num("1.5GB"), Number::Double(1.5 * 1073741824.0));
        assert_eq!(num("1.5d"), Number::Decimal(DecimalLiteral::new(15, 1)));
        assert_eq!(num("3000000000"), Number::Int64(3_000_000_000));
        assert_eq!(num("10TB"), Number::Int64(10 << 40));
        assert_eq!(scan_number("1..10").map(|x| x.0), Some(1));
        assert_eq!(scan_number("0x1FFFFFFFFFFFFFFFF").map(|x| x.1), Some(None));
    }

    #[test]
    fn operators_and_unicode_dashes() {
        assert_eq!(
            toks("$a -eq 1"),
            vec![
                Tok::Variable,
                Tok::DashOp(DashOp::Binary(BinaryOp::Compare(
                    CompareOp::Eq,
                    CaseMode::Default
                ))),
                Tok::Number
            ]
        );
        assert_eq!(
            toks("\u{2013}ceq \u{2014}notin -in -is"),
            vec![
                Tok::DashOp(DashOp::Binary(BinaryOp::Compare(
                    CompareOp::Eq,
                    CaseMode::Sensitive
                ))),
                Tok::DashOp(DashOp::Binary(BinaryOp::Compare(
                    CompareOp::NotIn,
                    CaseMode::Default
                ))),
                Tok::DashOp(DashOp::Binary(BinaryOp::Compare(
                    CompareOp::In,
                    CaseMode::Default
                ))),
                Tok::DashOp(DashOp::Binary(BinaryOp::Is)),
            ]
        );
        assert_eq!(
            toks("++ -- += ?? ??= ?. :: .. && ||"),
            vec![
                Tok::PlusPlus,
                Tok::MinusMinus,
                Tok::Assign(AssignOp::Add),
                Tok::QuestionQuestion,
                Tok::Assign(AssignOp::NullCoalesce),
                Tok::QuestionDot,
                Tok::ColonColon,
                Tok::DotDot,
                Tok::AndAnd,
                Tok::OrOr
            ]
        );
    }

    #[test]
    fn trivia_and_requires() {
        let mut lx = Lexer::new("#Requires -Version 3\n<# block\n#> `\n 1 # tail");
        assert_eq!(lx.next_token().tok, Tok::NewLine);
        let t = lx.next_token();
        assert_eq!(t.tok, Tok::Number);
        assert_eq!(lx.number_value(t.span), Number::Int32(1));
        assert_eq!(lx.next_token().tok, Tok::Eof);
        assert_eq!(lx.requires.len(), 1);
    }

    #[test]
    fn variables_and_strings() {
        let mut lx =
            Lexer::new("$env:ProgramFiles ${env:ProgramFiles(x86)} $$ $? $_ 'it''s' ‘smart’");
        let mut spans = Vec::new();
        loop {
            let t = lx.next_token();
            if t.tok == Tok::Eof {
                break;
            }
            spans.push((t.tok, lx.text(t.span)));
        }
        assert_eq!(spans[0], (Tok::Variable, "$env:ProgramFiles"));
        assert_eq!(spans[1], (Tok::Variable, "${env:ProgramFiles(x86)}"));
        assert_eq!(spans[2], (Tok::Variable, "$$"));
        assert_eq!(spans[3], (Tok::Variable, "$?"));
        assert_eq!(spans[4], (Tok::Variable, "$_"));
        assert_eq!(spans[5].0, Tok::SqString);
        let sp = Span::new(
            lx.src.find("'it").unwrap_or(0),
            lx.src.find(" ‘").unwrap_or(0),
        );
        assert_eq!(lx.sq_string_value(sp), "it's");
        assert!(lx.diags.is_empty());
    }

    #[test]
    fn here_string_and_errors() {
        let mut lx = Lexer::new("@'\nline 1\n'@ x");
        let t = lx.next_token();
        assert_eq!(t.tok, Tok::HereSq);
        assert_eq!(lx.text(t.span), "@'\nline 1\n'@");
        let mut lx = Lexer::new("'abc");
        lx.next_token();
        assert_eq!(lx.diags[0].id, "TerminatorExpectedAtEndOfString");
        assert!(lx.diags[0].incomplete);
    }
}
