//! PowerShell's operators on values (PS: engine/runtime/Operations/*.cs).

use super::errors::{ErrorCategory, ErrorInfo};
use super::value::Value;
use crate::syntax::ast;

/// Checks that a pattern compiles as a .NET regex; the error is .NET's message.
pub fn check_regex(_pattern: &str) -> Result<(), String> {
    Ok(())
}

/// A binary operator. `matches` receives `$Matches` when a scalar `-match` succeeds.
pub fn binary(
    _op: ast::BinaryOp,
    _left: &Value,
    _right: &Value,
    _matches: &mut Option<Value>,
) -> Result<Value, ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}

/// A unary operator (increments are the evaluator's, through `binary(Add)`).
pub fn unary(_op: ast::UnaryOp, _v: &Value) -> Result<Value, ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}

/// Ordering used by Sort-Object and the comparison operators.
pub fn compare_values(_a: &Value, _b: &Value, _case_sensitive: bool) -> std::cmp::Ordering {
    std::cmp::Ordering::Equal
}

/// `-eq` semantics (left operand decides the type).
pub fn equals(_a: &Value, _b: &Value, _case_sensitive: bool) -> bool {
    false
}
