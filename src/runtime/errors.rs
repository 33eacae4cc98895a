//! Error payloads of the runtime and their PowerShell error categories.
//!
//! Every failure that reaches a user becomes an ErrorRecord: message, FullyQualifiedErrorId,
//! category, target and position. Lower layers (conversions, operators, member access)
//! return an [`ErrorInfo`]; the evaluator adds the position and the invocation, and decides
//! (with `-ErrorAction` / `$ErrorActionPreference`) what happens to it.

use super::value::Value;

/// PowerShell's `System.Management.Automation.ErrorCategory`, spelled as `CategoryInfo` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCategory {
    NotSpecified,
    OpenError,
    CloseError,
    DeviceError,
    DeadlockDetected,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    InvalidType,
    MetadataError,
    NotImplemented,
    NotInstalled,
    ObjectNotFound,
    OperationStopped,
    OperationTimeout,
    SyntaxError,
    ParserError,
    PermissionDenied,
    ResourceBusy,
    ResourceExists,
    ResourceUnavailable,
    ReadError,
    WriteError,
    FromStdErr,
    SecurityError,
    ProtocolError,
    ConnectionError,
    AuthenticationError,
    LimitsExceeded,
    QuotaExceeded,
    NotEnabled,
}

impl ErrorCategory {
    /// Every category, in the enum's order.
    pub const ALL: &'static [ErrorCategory] = {
        use ErrorCategory::*;
        &[
            NotSpecified,
            OpenError,
            CloseError,
            DeviceError,
            DeadlockDetected,
            InvalidArgument,
            InvalidData,
            InvalidOperation,
            InvalidResult,
            InvalidType,
            MetadataError,
            NotImplemented,
            NotInstalled,
            ObjectNotFound,
            OperationStopped,
            OperationTimeout,
            SyntaxError,
            ParserError,
            PermissionDenied,
            ResourceBusy,
            ResourceExists,
            ResourceUnavailable,
            ReadError,
            WriteError,
            FromStdErr,
            SecurityError,
            ProtocolError,
            ConnectionError,
            AuthenticationError,
            LimitsExceeded,
            QuotaExceeded,
            NotEnabled,
        ]
    };

    /// The category by name (case-insensitive).
    pub fn from_name(name: &str) -> Option<ErrorCategory> {
        ErrorCategory::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(name))
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCategory::*;
        match self {
            NotSpecified => "NotSpecified",
            OpenError => "OpenError",
            CloseError => "CloseError",
            DeviceError => "DeviceError",
            DeadlockDetected => "DeadlockDetected",
            InvalidArgument => "InvalidArgument",
            InvalidData => "InvalidData",
            InvalidOperation => "InvalidOperation",
            InvalidResult => "InvalidResult",
            InvalidType => "InvalidType",
            MetadataError => "MetadataError",
            NotImplemented => "NotImplemented",
            NotInstalled => "NotInstalled",
            ObjectNotFound => "ObjectNotFound",
            OperationStopped => "OperationStopped",
            OperationTimeout => "OperationTimeout",
            SyntaxError => "SyntaxError",
            ParserError => "ParserError",
            PermissionDenied => "PermissionDenied",
            ResourceBusy => "ResourceBusy",
            ResourceExists => "ResourceExists",
            ResourceUnavailable => "ResourceUnavailable",
            ReadError => "ReadError",
            WriteError => "WriteError",
            FromStdErr => "FromStdErr",
            SecurityError => "SecurityError",
            ProtocolError => "ProtocolError",
            ConnectionError => "ConnectionError",
            AuthenticationError => "AuthenticationError",
            LimitsExceeded => "LimitsExceeded",
            QuotaExceeded => "QuotaExceeded",
            NotEnabled => "NotEnabled",
        }
    }
}

/// What a lower layer knows about a failure: the evaluator turns it into an ErrorRecord.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The message exactly as PowerShell prints it.
    pub message: String,
    /// The FullyQualifiedErrorId (without the `,Command` suffix the engine adds).
    pub error_id: &'static str,
    pub category: ErrorCategory,
    /// The .NET exception type the real engine throws, e.g.
    /// `System.Management.Automation.RuntimeException`; `catch [Type]` matches on it.
    pub exception_type: &'static str,
    /// The CategoryInfo target object, when there is one.
    pub target: Option<Value>,
}

impl ErrorInfo {
    pub fn new(
        message: impl Into<String>,
        error_id: &'static str,
        category: ErrorCategory,
    ) -> ErrorInfo {
        ErrorInfo {
            message: message.into(),
            error_id,
            category,
            exception_type: "System.Management.Automation.RuntimeException",
            target: None,
        }
    }

    pub fn exception(mut self, exception_type: &'static str) -> ErrorInfo {
        self.exception_type = exception_type;
        self
    }

    pub fn target(mut self, target: Value) -> ErrorInfo {
        self.target = Some(target);
        self
    }
}

/// Where an error happened: a span in a source text.
#[derive(Debug, Clone)]
pub struct Position {
    pub source: std::rc::Rc<super::value::Source>,
    pub span: crate::syntax::ast::Span,
}

/// A PowerShell ErrorRecord: what `$Error[0]` holds and what the error stream prints.
#[derive(Debug, Clone)]
pub struct ErrorRecord {
    pub info: ErrorInfo,
    /// The prefix of the message line (`Move-CsUser : …`): the command that wrote the error.
    pub command: Option<String>,
    /// The `[Activity]` of CategoryInfo (usually the cmdlet name; empty for engine errors).
    pub activity: String,
    /// The implementing class appended to the FullyQualifiedErrorId
    /// (`NamedParameterNotFound,Microsoft.PowerShell.Commands.WriteOutputCommand`).
    pub class_name: Option<String>,
    pub position: Option<Position>,
    /// `PSComputerName` for errors of commands run through an imported remote session.
    pub computer_name: Option<String>,
    /// A FullyQualifiedErrorId that is not a static id (`throw 'text'` uses the text).
    pub id_override: Option<String>,
}

impl ErrorRecord {
    pub fn new(info: ErrorInfo) -> ErrorRecord {
        ErrorRecord {
            info,
            command: None,
            activity: String::new(),
            class_name: None,
            position: None,
            computer_name: None,
            id_override: None,
        }
    }

    pub fn at(mut self, position: Option<Position>) -> ErrorRecord {
        if self.position.is_none() {
            self.position = position;
        }
        self
    }

    pub fn fully_qualified_id(&self) -> String {
        if let Some(id) = &self.id_override {
            return id.clone();
        }
        match &self.class_name {
            Some(c) => format!("{},{}", self.info.error_id, c),
            None => self.info.error_id.to_string(),
        }
    }

    /// The short name of the exception type (`ParameterBindingException`).
    pub fn reason(&self) -> &str {
        self.info
            .exception_type
            .rsplit('.')
            .next()
            .unwrap_or(self.info.exception_type)
    }

    /// `Category: (TargetName:TargetType) [Activity], Reason`.
    pub fn category_info(&self) -> String {
        let (tname, ttype) = match &self.info.target {
            Some(t) => (
                super::convert::to_string(t),
                short_type_name(&super::convert::type_name(t)),
            ),
            None => (String::new(), String::new()),
        };
        format!(
            "{}: ({}:{}) [{}], {}",
            self.info.category.as_str(),
            abbreviate(&tname),
            abbreviate(&ttype),
            abbreviate(&self.activity),
            self.reason()
        )
    }

    /// The record as Windows PowerShell's NormalView prints it (without colour).
    pub fn render(&self, width: usize) -> String {
        let mut out = String::new();
        match &self.command {
            Some(c) => out.push_str(&wrap(&format!("{} : {}", c, self.info.message), width)),
            None => out.push_str(&wrap(&self.info.message, width)),
        }
        out.push('\n');
        if let Some(p) = &self.position {
            out.push_str(&position_message(p));
        }
        let indent_width = width.saturating_sub(6).max(20);
        out.push_str(&wrap_indented(
            &format!("    + CategoryInfo          : {}", self.category_info()),
            indent_width,
        ));
        out.push('\n');
        out.push_str(&wrap_indented(
            &format!(
                "    + FullyQualifiedErrorId : {}",
                self.fully_qualified_id()
            ),
            indent_width,
        ));
        out.push('\n');
        if let Some(c) = &self.computer_name {
            out.push_str(&format!("    + PSComputerName        : {}\n", c));
        }
        // The error view ends with an empty line.
        out.push('\n');
        out
    }
}

/// `System.String` → `String`.
fn short_type_name(full: &str) -> String {
    let base = full.split('[').next().unwrap_or(full);
    let short = base.rsplit('.').next().unwrap_or(base);
    if full.contains('[') {
        format!("{}{}", short, &full[base.len()..])
    } else {
        short.to_string()
    }
}

/// CategoryInfo abbreviates names longer than 40 characters to the first 15, `...`, the last
/// 15 (ErrorCategoryInfo.Ellipsize in PowerShell's ErrorPackage.cs).
fn abbreviate(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 40 {
        return s.to_string();
    }
    let head: String = chars[..15].iter().collect();
    let tail: String = chars[chars.len() - 15..].iter().collect();
    format!("{}...{}", head, tail)
}

/// Breaks a message at the host width, as the console does for long error lines.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        if width == 0 || chars.len() <= width {
            out.push_str(line);
            continue;
        }
        let mut rest: &[char] = &chars;
        let mut first = true;
        while !rest.is_empty() {
            if !first {
                out.push('\n');
            }
            first = false;
            if rest.len() <= width {
                out.extend(rest.iter());
                break;
            }
            // Break at the last space within the width, as the host's word wrap does.
            let cut = rest[..width]
                .iter()
                .rposition(|&c| c == ' ')
                .filter(|&p| p > 0)
                .unwrap_or(width);
            out.extend(rest[..cut].iter());
            rest = &rest[cut..];
            while rest.first() == Some(&' ') {
                rest = &rest[1..];
            }
        }
    }
    out
}

/// Continuation lines of the `+ CategoryInfo` block are indented under the value.
fn wrap_indented(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width + 6 {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest: &[char] = &chars;
    let mut first = true;
    while !rest.is_empty() {
        let w = if first { width + 6 } else { width };
        if !first {
            out.push_str("\n    ");
        }
        let take = w.min(rest.len());
        out.extend(rest[..take].iter());
        rest = &rest[take..];
        first = false;
    }
    out
}

/// `At FILE:LINE char:COL`, the source line clipped to 69 characters around the error, and a
/// `~` underline (PowerShell's PositionUtilities.VerboseMessage in engine/parser/Position.cs).
pub fn position_message(p: &Position) -> String {
    let src = &p.source.text;
    let start = (p.span.start as usize).min(src.len());
    let (line, col) = p.source.map.line_col(src, start);
    let origin = match &p.source.origin {
        Some(o) => format!("At {}:{} char:{}", o, line, col),
        None => format!("At line:{} char:{}", line, col),
    };
    let text = p.source.map.line_text(src, line);
    let text: Vec<char> = text.replace('\t', "    ").chars().collect();
    // Column in the tab-expanded line.
    let raw_line = p.source.map.line_text(src, line);
    let before: String = raw_line.chars().take(col - 1).collect();
    let err_col = before.replace('\t', "    ").chars().count();
    let end = (p.span.end as usize).min(src.len()).max(start);
    let span_text = src.get(start..end).unwrap_or("");
    let first_line_len = span_text.split('\n').next().unwrap_or("").chars().count();
    let err_len = first_line_len
        .min(text.len().saturating_sub(err_col))
        .max(1);
    let trimmed_end = text
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map(|p| p + 1)
        .unwrap_or(0);
    let line_chars = &text[..trimmed_end.max(err_col.min(text.len()))];
    const MAX: usize = 69;
    let (shown, marker_col, marker_len) = if line_chars.len() <= MAX {
        (line_chars.iter().collect::<String>(), err_col, err_len)
    } else {
        // Keep up to 12 characters before the error and 8 after it, then widen the prefix and
        // then the suffix until 69 characters are used.
        let err_end = (err_col + err_len).min(line_chars.len());
        let mut lo = err_col.saturating_sub(12);
        let mut hi = (err_end + 8).min(line_chars.len());
        // An extent wider than the window (a whole long command) is cut at 69 characters,
        // as the published Move-CsUser record shows (federation-model.md §5.3).
        if hi - lo > MAX {
            hi = lo + MAX;
        }
        let mut room = MAX.saturating_sub(hi - lo);
        let widen = room.min(lo);
        lo -= widen;
        room -= widen;
        hi = (hi + room).min(line_chars.len());
        let mut s = String::new();
        let mut mcol = err_col - lo;
        if lo > 0 {
            s.push_str("... ");
            mcol += 4;
        }
        s.extend(line_chars[lo..hi].iter());
        if hi < line_chars.len() {
            s.push_str(" ...");
        }
        let mlen = err_len.min(hi.saturating_sub(err_col)).max(1);
        (s, mcol, mlen)
    };
    format!(
        "{}\n+ {}\n+ {}{}\n",
        origin,
        shown,
        " ".repeat(marker_col),
        "~".repeat(marker_len)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Span;

    fn at(text: &str, start: usize, end: usize) -> String {
        let p = Position {
            source: std::rc::Rc::new(super::super::value::Source {
                origin: None,
                text: text.to_string(),
                map: crate::syntax::SourceMap::new(text),
            }),
            span: Span {
                start: start as u32,
                end: end as u32,
            },
        };
        position_message(&p)
    }

    #[test]
    fn a_whole_long_command_is_cut_at_69_characters() {
        // The published Move-CsUser record (federation-model.md §5.3) underlines 69 characters
        // and ends the line with " ..." (its text was shortened by anonymisation, the tildes
        // were not).
        let line = "Move-CsUser -Identity sip:user05@XXXXXXXX.click -Target sipfed.online.lync.com -Confirm:$false";
        let text = at(line, 0, line.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "At line:1 char:1");
        assert_eq!(
            lines[1],
            "+ Move-CsUser -Identity sip:user05@XXXXXXXX.click -Target sipfed.online ..."
        );
        assert_eq!(lines[2], format!("+ {}", "~".repeat(69)));
    }

    #[test]
    fn a_short_extent_keeps_its_context() {
        let line =
            r#"Set-CsHostingProvider -Identity LyncOnline -ProxyFqdn "sipfed2.online.lync.com""#;
        let text = at(line, 43, 53);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            r#"+ Set-CsHostingProvider -Identity LyncOnline -ProxyFqdn "sipfed2.online ..."#
        );
        assert_eq!(lines[2], format!("+ {}{}", " ".repeat(43), "~".repeat(10)));
    }
}
