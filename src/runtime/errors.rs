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
