//! Member access and .NET methods on values.

use super::errors::{ErrorCategory, ErrorInfo};
use super::value::{DateTime, Value};

/// What methods need from the engine (clock, ids, machine identity).
pub trait MethodHost {
    /// The virtual clock's local time.
    fn now(&mut self) -> DateTime;
    /// A new deterministic GUID.
    fn new_guid(&mut self) -> u128;
    fn machine_name(&self) -> String;
    fn user_name(&self) -> String;
}

/// `$v.Name` (case-insensitive; member enumeration over collections). `None` = no such member.
pub fn get_member(_v: &Value, _name: &str) -> Option<Value> {
    None
}

/// `$v.Name = new`.
pub fn set_member(_v: &Value, _name: &str, _new: Value) -> Result<(), ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}

/// `$v.Name(args)`.
pub fn invoke_method(
    _v: &Value,
    _name: &str,
    _args: &[Value],
    _host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}

/// `[Type]::Name(args)`.
pub fn invoke_static(
    _type_name: &str,
    _name: &str,
    _args: &[Value],
    _host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}

/// `[Type]::Name`.
pub fn get_static(
    _type_name: &str,
    _name: &str,
    _host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    Err(ErrorInfo::new(
        "not yet",
        "NotImplemented",
        ErrorCategory::NotImplemented,
    ))
}
