//! The two filter languages of Get-CsUser, evaluated over a user's properties:
//! `-Filter` (OPATH-like: `{Attr -op value}` or `"Attr -op value"`, combined with `-and`,
//! `-or`, `-not` and parentheses) and `-LdapFilter` (`(attr=value)`, `(&…)`, `(|…)`, `(!…)`,
//! `*` wildcards, and the bare `attr=value` form the reference examples use).
//! Both are parsed once into a tree, then evaluated per user; neither panics on any input.

use crate::model::wildcard::Pattern;

/// What a property lookup returns: `None` is `$null` / an absent attribute.
pub type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Like,
    NotLike,
    Gt,
    Lt,
    Ge,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Null,
    Bool(bool),
    Text(String),
}

/// A parsed `-Filter`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Cmp {
        attr: String,
        op: Op,
        value: Operand,
    },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Dash(String),
    Var(String),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            '"' | '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("a quoted value is not closed".into()),
                        // A doubled quote is a literal quote, as in PowerShell strings.
                        Some(&q) if q == c && chars.get(i + 1) == Some(&c) => {
                            s.push(c);
                            i += 2;
                        }
                        Some(&q) if q == c => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Quoted(s));
            }
            '-' | '$' => {
                let start = i + 1;
                i += 1;
                while chars
                    .get(i)
                    .is_some_and(|ch| ch.is_alphanumeric() || *ch == '_')
                {
                    i += 1;
                }
                let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
                if word.is_empty() {
                    return Err(format!("unexpected '{c}'"));
                }
                out.push(if c == '-' {
                    Tok::Dash(word.to_ascii_lowercase())
                } else {
                    Tok::Var(word.to_ascii_lowercase())
                });
            }
            _ => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|ch| !ch.is_whitespace() && *ch != '(' && *ch != ')')
                {
                    i += 1;
                }
                out.push(Tok::Word(
                    chars.get(start..i).unwrap_or_default().iter().collect(),
                ));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }
    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some(Tok::Dash(w)) if w == "or") {
            self.at += 1;
            let right = self.and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while matches!(self.peek(), Some(Tok::Dash(w)) if w == "and") {
            self.at += 1;
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn unary(&mut self) -> Result<Filter, String> {
        match self.next() {
            Some(Tok::Dash(w)) if w == "not" => Ok(Filter::Not(Box::new(self.unary()?))),
            Some(Tok::Word(w)) if w == "!" => Ok(Filter::Not(Box::new(self.unary()?))),
            Some(Tok::Open) => {
                let f = self.or()?;
                match self.next() {
                    Some(Tok::Close) => Ok(f),
                    _ => Err("a '(' is not closed".into()),
                }
            }
            Some(Tok::Word(attr)) => {
                let op = match self.next() {
                    Some(Tok::Dash(w)) => match w.as_str() {
                        "eq" | "ieq" | "ceq" => Op::Eq,
                        "ne" | "ine" | "cne" => Op::Ne,
                        "like" | "ilike" | "clike" => Op::Like,
                        "notlike" | "inotlike" | "cnotlike" => Op::NotLike,
                        "gt" => Op::Gt,
                        "lt" => Op::Lt,
                        "ge" => Op::Ge,
                        "le" => Op::Le,
                        other => return Err(format!("the operator '-{other}' is not supported")),
                    },
                    _ => return Err(format!("an operator is expected after '{attr}'")),
                };
                let value = match self.next() {
                    Some(Tok::Var(v)) if v == "true" => Operand::Bool(true),
                    Some(Tok::Var(v)) if v == "false" => Operand::Bool(false),
                    Some(Tok::Var(v)) if v == "null" => Operand::Null,
                    Some(Tok::Var(v)) => {
                        return Err(format!("the variable '${v}' cannot be used in a filter"));
                    }
                    Some(Tok::Quoted(s)) | Some(Tok::Word(s)) => Operand::Text(s),
                    _ => return Err(format!("a value is expected after '{attr}'")),
                };
                Ok(Filter::Cmp { attr, op, value })
            }
            Some(other) => Err(format!("unexpected {}", describe(&other))),
            None => Err("the filter ends too early".into()),
        }
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Word(w) | Tok::Quoted(w) => format!("'{w}'"),
        Tok::Dash(w) => format!("'-{w}'"),
        Tok::Var(w) => format!("'${w}'"),
        Tok::Open => "'('".into(),
        Tok::Close => "')'".into(),
    }
}

impl Filter {
    /// Parses a `-Filter` text; the braces of a script block are removed first.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let t = text.trim();
        let t = t
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(t);
        let mut p = Parser {
            toks: tokenize(t)?,
            at: 0,
        };
        let f = p.or()?;
        match p.peek() {
            None => Ok(f),
            Some(t) => Err(format!("unexpected {}", describe(t))),
        }
    }

    /// The first attribute name for which `known` is false, if any.
    pub fn unknown_attribute(&self, known: &dyn Fn(&str) -> bool) -> Option<String> {
        match self {
            Filter::And(a, b) | Filter::Or(a, b) => a
                .unknown_attribute(known)
                .or_else(|| b.unknown_attribute(known)),
            Filter::Not(a) => a.unknown_attribute(known),
            Filter::Cmp { attr, .. } => (!known(attr)).then(|| attr.clone()),
        }
    }

    /// True when a user with these properties passes the filter.
    pub fn matches(&self, get: &Lookup<'_>) -> bool {
        match self {
            Filter::And(a, b) => a.matches(get) && b.matches(get),
            Filter::Or(a, b) => a.matches(get) || b.matches(get),
            Filter::Not(a) => !a.matches(get),
            Filter::Cmp { attr, op, value } => compare(get(attr), *op, value),
        }
    }
}

fn compare(actual: Option<String>, op: Op, value: &Operand) -> bool {
    let actual = actual.filter(|s| !s.is_empty());
    let wanted: Option<String> = match value {
        Operand::Null => None,
        Operand::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Operand::Text(t) if t.is_empty() => None,
        Operand::Text(t) => Some(t.clone()),
    };
    match op {
        Op::Eq => eq(&actual, &wanted),
        Op::Ne => !eq(&actual, &wanted),
        Op::Like | Op::NotLike => {
            let hit = match (&actual, &wanted) {
                (Some(a), Some(w)) => Pattern::new(w).is_some_and(|p| p.matches(a)),
                (None, None) => true,
                _ => false,
            };
            hit == (op == Op::Like)
        }
        Op::Gt | Op::Lt | Op::Ge | Op::Le => {
            let (Some(a), Some(w)) = (&actual, &wanted) else {
                return false;
            };
            let ord = match (a.parse::<f64>(), w.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.partial_cmp(&y),
                _ => Some(a.to_lowercase().cmp(&w.to_lowercase())),
            };
            let Some(ord) = ord else {
                return false;
            };
            match op {
                Op::Gt => ord.is_gt(),
                Op::Lt => ord.is_lt(),
                Op::Ge => ord.is_ge(),
                _ => ord.is_le(),
            }
        }
    }
}

fn eq(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.to_lowercase() == y.to_lowercase(),
        _ => false,
    }
}

/// A parsed `-LdapFilter`.
#[derive(Debug, Clone, PartialEq)]
pub enum Ldap {
    And(Vec<Ldap>),
    Or(Vec<Ldap>),
    Not(Box<Ldap>),
    /// `attr=value`; `*` alone tests presence, other `*` are wildcards.
    Eq {
        attr: String,
        value: String,
    },
}

impl Ldap {
    /// Parses an RFC 4515-style filter (without extensible matches or `>=`/`<=`); a text
    /// without the outer parentheses is accepted, as the reference examples use it.
    pub fn parse(text: &str) -> Option<Ldap> {
        let t = text.trim();
        let chars: Vec<char> = if t.starts_with('(') {
            t.chars().collect()
        } else {
            format!("({t})").chars().collect()
        };
        let mut at = 0;
        let f = ldap_item(&chars, &mut at, 0)?;
        (at == chars.len()).then_some(f)
    }

    pub fn matches(&self, get: &Lookup<'_>) -> bool {
        match self {
            Ldap::And(items) => items.iter().all(|f| f.matches(get)),
            Ldap::Or(items) => items.iter().any(|f| f.matches(get)),
            Ldap::Not(f) => !f.matches(get),
            Ldap::Eq { attr, value } => match get(attr).filter(|s| !s.is_empty()) {
                None => false,
                Some(_) if value == "*" => true,
                Some(a) if value.contains('*') => {
                    // LDAP has only `*`; escape the other PowerShell wildcard characters.
                    let p: String = value
                        .chars()
                        .flat_map(|c| match c {
                            '?' | '[' | ']' | '`' => vec!['`', c],
                            c => vec![c],
                        })
                        .collect();
                    Pattern::new(&p).is_some_and(|p| p.matches(&a))
                }
                Some(a) => a.to_lowercase() == value.to_lowercase(),
            },
        }
    }
}

fn ldap_item(c: &[char], at: &mut usize, depth: usize) -> Option<Ldap> {
    if depth > 64 || c.get(*at) != Some(&'(') {
        return None;
    }
    *at += 1;
    let f = match c.get(*at)? {
        '&' | '|' => {
            let and = c.get(*at) == Some(&'&');
            *at += 1;
            let mut items = Vec::new();
            while c.get(*at) == Some(&'(') {
                items.push(ldap_item(c, at, depth + 1)?);
            }
            if items.is_empty() {
                return None;
            }
            if and {
                Ldap::And(items)
            } else {
                Ldap::Or(items)
            }
        }
        '!' => {
            *at += 1;
            Ldap::Not(Box::new(ldap_item(c, at, depth + 1)?))
        }
        _ => {
            let start = *at;
            while c.get(*at).is_some_and(|ch| *ch != ')') {
                *at += 1;
            }
            let body: String = c.get(start..*at)?.iter().collect();
            let (attr, value) = body.split_once('=')?;
            let attr = attr.trim();
            if attr.is_empty() || attr.ends_with(['<', '>', '~', ':']) {
                return None;
            }
            Ldap::Eq {
                attr: attr.to_string(),
                value: value.to_string(),
            }
        }
    };
    if c.get(*at) != Some(&')') {
        return None;
    }
    *at += 1;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(name: &str) -> Option<String> {
        match name.to_ascii_lowercase().as_str() {
            "displayname" => Some("Ken Myer".into()),
            "enabled" => Some("True".into()),
            "lineuri" => None,
            "title" => Some("Sales Representative".into()),
            "siteid" => Some("12".into()),
            _ => None,
        }
    }

    #[test]
    fn opath_filters() {
        let ok = |t: &str| Filter::parse(t).map(|f| f.matches(&props));
        assert_eq!(ok("{DisplayName -like '*Myer'}"), Ok(true));
        assert_eq!(
            ok("DisplayName -eq \"ken myer\" -and Enabled -eq $true"),
            Ok(true)
        );
        assert_eq!(ok("Enabled -eq $false -or LineURI -eq $null"), Ok(true));
        assert_eq!(ok("-not (Enabled -eq $true)"), Ok(false));
        assert_eq!(ok("DisplayName -notlike 'K*'"), Ok(false));
        assert_eq!(ok("SiteId -gt 9"), Ok(true));
        assert!(Filter::parse("DisplayName -match 'x'").is_err());
        assert!(Filter::parse("DisplayName -eq").is_err());
        assert!(Filter::parse("(DisplayName -eq 'x'").is_err());
        assert!(Filter::parse("'unclosed").is_err());
    }

    #[test]
    fn ldap_filters() {
        let ok = |t: &str| Ldap::parse(t).map(|f| f.matches(&props));
        assert_eq!(ok("Title=Sales Representative"), Some(true));
        assert_eq!(ok("(&(title=Sales*)(displayName=Ken*))"), Some(true));
        assert_eq!(ok("(|(title=x)(department=*))"), Some(false));
        assert_eq!(ok("(!(title=x))"), Some(true));
        assert_eq!(ok("(title=*)"), Some(true));
        assert_eq!(ok("(&)"), None);
        assert_eq!(ok("(title=x"), None);
        assert_eq!(ok("(title>=x)"), None);
    }
}
