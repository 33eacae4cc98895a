//! PowerShell wildcard patterns (`*`, `?`, `[abc]`, `[a-z]`, backtick escapes), matched
//! without case, as `-Identity "* Smith"` and `-Filter "tag:*"` use them.
//! Kept in the model only because user lookup needs it; the runtime may reuse it.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Any,
    One,
    Set(Vec<(char, char)>),
    Lit(char),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

/// True when the text contains an unescaped wildcard character.
pub fn has_wildcards(text: &str) -> bool {
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if c == '`' {
            escaped = true;
        } else if matches!(c, '*' | '?' | '[') {
            return true;
        }
    }
    false
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl Pattern {
    /// Compiles a pattern; `None` for an unterminated `[` set (PowerShell reports it invalid).
    pub fn new(pattern: &str) -> Option<Pattern> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => {
                    if tokens.last() != Some(&Token::Any) {
                        tokens.push(Token::Any);
                    }
                }
                '?' => tokens.push(Token::One),
                '`' => tokens.push(Token::Lit(fold(chars.next().unwrap_or('`')))),
                '[' => {
                    let mut ranges = Vec::new();
                    let mut closed = false;
                    while let Some(d) = chars.next() {
                        if d == ']' {
                            closed = true;
                            break;
                        }
                        let d = if d == '`' { chars.next()? } else { d };
                        if chars.peek() == Some(&'-') {
                            chars.next();
                            match chars.peek() {
                                Some(&']') | None => {
                                    ranges.push((fold(d), fold(d)));
                                    ranges.push(('-', '-'));
                                }
                                Some(_) => {
                                    let e = chars.next()?;
                                    ranges.push((fold(d), fold(e)));
                                }
                            }
                        } else {
                            ranges.push((fold(d), fold(d)));
                        }
                    }
                    if !closed {
                        return None;
                    }
                    tokens.push(Token::Set(ranges));
                }
                other => tokens.push(Token::Lit(fold(other))),
            }
        }
        Some(Pattern { tokens })
    }

    /// Whole-text match without case.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().map(fold).collect();
        // Iterative matcher with single-star backtracking.
        let (mut t, mut p) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            let ok = match self.tokens.get(p) {
                Some(Token::Any) => {
                    star = Some((p, t));
                    p += 1;
                    continue;
                }
                Some(Token::One) => true,
                Some(Token::Lit(c)) => text.get(t) == Some(c),
                Some(Token::Set(r)) => text
                    .get(t)
                    .is_some_and(|c| r.iter().any(|(lo, hi)| lo <= c && c <= hi)),
                None => false,
            };
            if ok {
                t += 1;
                p += 1;
            } else if let Some((sp, st)) = star {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            } else {
                return false;
            }
        }
        self.tokens
            .get(p..)
            .is_some_and(|rest| rest.iter().all(|x| *x == Token::Any))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::new(p).is_some_and(|p| p.matches(t))
    }

    #[test]
    fn matches_like_powershell() {
        assert!(m("* Smith", "Jeff Smith"));
        assert!(!m("* Smith", "Smith"));
        assert!(m("tag:*", "Tag:Sales"));
        assert!(m("*.com", "fabrikam.com"));
        assert!(m("Fabri*", "fabrikam.com"));
        assert!(m("[rg]*", "Redmond"));
        assert!(!m("[rg]*", "Dublin"));
        assert!(m("[a-c]?x", "BZX"));
        assert!(m("a`*b", "a*b"));
        assert!(!m("a`*b", "axb"));
        assert!(m("*", ""));
        assert!(Pattern::new("[ab").is_none());
        assert!(has_wildcards("* Smith"));
        assert!(!has_wildcards("a`*b"));
    }
}
