//! PowerShell's operators on values (PS: engine/runtime/Operations/{NumericOps,StringOps,
//! ArrayOps,MiscOps}.cs and engine/LanguagePrimitives.cs for comparisons).
//!
//! The evaluator short-circuits `-and`/`-or` and performs assignments and increments; this
//! module only computes results from already evaluated operands.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use super::convert::{
    self, PSCUSTOMOBJECT, decimal_to_f64, hash_key, is_true, num_to_f64, to_number, to_string,
    type_name,
};
use super::dates::{self, Culture};
use super::errors::{ErrorCategory, ErrorInfo};
use super::value::{DateTime, Decimal, Hashtable, OtherNumber, Value};
use crate::syntax::ast::{BinaryOp, CaseMode, CompareOp, UnaryOp};

/// The largest range `a..b` the emulator builds (PowerShell itself is limited only by memory).
pub const MAX_RANGE: u64 = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// The type name PowerShell prints in `Method invocation failed because [T] …`.
fn method_type_name(v: &Value) -> String {
    let t = type_name(v);
    if t == PSCUSTOMOBJECT {
        // Operators see the PSObject wrapper of a custom object.
        "System.Management.Automation.PSObject".into()
    } else {
        t
    }
}

/// `Method invocation failed because [{0}] doesn't contain a method named '{1}'.`
/// (ParserStrings.resx MethodNotFound, Windows PowerShell wording; id MethodNotFound).
pub fn method_not_found(type_text: &str, method: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!("Method invocation failed because [{type_text}] doesn't contain a method named '{method}'."),
        "MethodNotFound",
        ErrorCategory::InvalidOperation,
    )
    .target(Value::str(method))
}

fn op_missing(v: &Value, op: &str) -> ErrorInfo {
    method_not_found(&method_type_name(v), op)
}

/// `Attempted to divide by zero.` (System.DivideByZeroException wrapped in RuntimeException).
pub fn divide_by_zero() -> ErrorInfo {
    ErrorInfo::new(
        "Attempted to divide by zero.",
        "RuntimeException",
        ErrorCategory::NotSpecified,
    )
}

/// `The regular expression pattern {0} is not valid.` (ParserStrings.resx
/// InvalidRegularExpression).
fn bad_regex(pattern: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!("The regular expression pattern {pattern} is not valid."),
        "InvalidRegularExpression",
        ErrorCategory::InvalidOperation,
    )
    .target(Value::str(pattern))
}

// ---------------------------------------------------------------------------------------------
// Regex cache
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// Compiled regexes, one map per case mode, keyed by pattern. `Where-Object { $_.X -match
    /// 'p' }` over 100k objects compiles `p` once and looks it up without allocating. A map
    /// is cleared wholesale when it grows past 512 entries.
    static REGEX_CACHE: RefCell<[HashMap<String, Rc<fancy_regex::Regex>>; 2]> =
        RefCell::new([HashMap::new(), HashMap::new()]);
}

/// Translates the .NET constructs fancy-regex spells differently.
fn translate_dotnet(pattern: &str) -> String {
    // `(?<name>…)` and `\k<name>` are shared; .NET's `(?'name'…)` is not.
    let mut out = String::with_capacity(pattern.len());
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            out.push(c);
            if let Some(&n) = chars.get(i + 1) {
                out.push(n);
            }
            i += 2;
            continue;
        }
        if c == '(' && chars.get(i + 1) == Some(&'?') && chars.get(i + 2) == Some(&'\'') {
            out.push_str("(?<");
            i += 3;
            while let Some(&n) = chars.get(i) {
                i += 1;
                if n == '\'' {
                    break;
                }
                out.push(n);
            }
            out.push('>');
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A compiled regex from the cache (case-insensitive unless `case_sensitive`).
pub fn regex(pattern: &str, case_sensitive: bool) -> Result<Rc<fancy_regex::Regex>, ErrorInfo> {
    let slot = usize::from(case_sensitive);
    if let Some(r) = REGEX_CACHE.with(|c| c.borrow()[slot].get(pattern).cloned()) {
        return Ok(r);
    }
    let translated = translate_dotnet(pattern);
    let src = if case_sensitive {
        translated
    } else {
        format!("(?i){translated}")
    };
    let re = fancy_regex::Regex::new(&src).map_err(|_| bad_regex(pattern))?;
    let re = Rc::new(re);
    REGEX_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let map = &mut c[slot];
        if map.len() >= 512 {
            map.clear();
        }
        map.insert(pattern.to_string(), re.clone());
    });
    Ok(re)
}

/// Checks that a pattern compiles as a regex; the error is a short reason.
pub fn check_regex(pattern: &str) -> Result<(), String> {
    regex(pattern, true)
        .map(|_| ())
        .map_err(|_| format!("parsing \"{pattern}\" - invalid pattern."))
}

/// .NET group numbering: unnamed groups get 1, 2, … in order, then named groups follow.
/// Returns, for each fancy-regex group index, its .NET key (number or name).
pub(crate) fn group_keys(re: &fancy_regex::Regex) -> Vec<Value> {
    let mut keys = Vec::new();
    let mut n = 0;
    for (i, name) in re.capture_names().enumerate() {
        if i == 0 {
            keys.push(Value::Int(0));
            continue;
        }
        match name {
            Some(name) => keys.push(Value::str(name)),
            None => {
                n += 1;
                keys.push(Value::Int(n));
            }
        }
    }
    keys
}

/// Builds `$Matches` from a successful match: keys are group names or .NET group numbers,
/// listed as Windows PowerShell's Hashtable shows them (named groups, then numbers
/// descending, `0` last).
fn matches_table(re: &fancy_regex::Regex, caps: &fancy_regex::Captures<'_, str>) -> Value {
    let keys = group_keys(re);
    let mut named = Vec::new();
    let mut numbered = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(m) = caps.get(i) {
            let entry = (key.clone(), Value::str(m.as_str()));
            if matches!(key, Value::Int(_)) {
                numbered.push(entry);
            } else {
                named.push(entry);
            }
        }
    }
    let mut h = Hashtable::default();
    for (k, v) in named.into_iter().rev().chain(numbered.into_iter().rev()) {
        h.entries.insert(hash_key(&k), (k, v));
    }
    Value::Hashtable(Rc::new(RefCell::new(h)))
}

// ---------------------------------------------------------------------------------------------
// Binary operators
// ---------------------------------------------------------------------------------------------

/// A binary operator. `matches` receives `$Matches` when a scalar `-match` succeeds (it is
/// left untouched otherwise, as PowerShell leaves `$Matches` alone on a failed match).
pub fn binary(
    op: BinaryOp,
    left: &Value,
    right: &Value,
    matches: &mut Option<Value>,
) -> Result<Value, ErrorInfo> {
    match op {
        BinaryOp::Add => add(left, right),
        BinaryOp::Subtract => arith(left, right, Arith::Sub),
        BinaryOp::Multiply => multiply(left, right),
        BinaryOp::Divide => arith(left, right, Arith::Div),
        BinaryOp::Remainder => arith(left, right, Arith::Rem),
        BinaryOp::Range => range(left, right),
        BinaryOp::Format => {
            let args: Vec<Value> = match right {
                Value::Array(a) => a.borrow().clone(),
                Value::List(l) => l.borrow().items.clone(),
                other => vec![other.clone()],
            };
            format_string(&to_string(left), &args).map(|s| Value::String(Rc::from(s)))
        }
        BinaryOp::And => Ok(Value::Bool(is_true(left) && is_true(right))),
        BinaryOp::Or => Ok(Value::Bool(is_true(left) || is_true(right))),
        BinaryOp::Xor => Ok(Value::Bool(is_true(left) != is_true(right))),
        BinaryOp::BAnd | BinaryOp::BOr | BinaryOp::BXor | BinaryOp::Shl | BinaryOp::Shr => {
            bitwise(op, left, right)
        }
        BinaryOp::Is | BinaryOp::IsNot => {
            let name = type_operand(op, right)?;
            let r = convert::is_instance(left, &name)?;
            Ok(Value::Bool(if op == BinaryOp::Is { r } else { !r }))
        }
        BinaryOp::As => {
            let name = type_operand(op, right)?;
            let ty = convert::resolve_type(&name).ok_or_else(|| convert::type_not_found(&name))?;
            Ok(convert::convert_to(left, &ty).unwrap_or(Value::Null))
        }
        BinaryOp::Join => Ok(Value::String(Rc::from(join(left, &to_string(right))))),
        BinaryOp::NullCoalesce => Ok(if left.is_null() {
            right.clone()
        } else {
            left.clone()
        }),
        BinaryOp::Compare(cop, mode) => {
            compare_op(cop, mode != CaseMode::Sensitive, left, right, matches)
        }
    }
}

fn type_operand(op: BinaryOp, v: &Value) -> Result<String, ErrorInfo> {
    match v {
        Value::Type(t) => Ok(t.full_name.to_string()),
        Value::String(s) => Ok(s.to_string()),
        // ParserStrings.resx IsOperatorRequiresType / AsOperatorRequiresType.
        _ if op == BinaryOp::As => Err(ErrorInfo::new(
            "The right operand of '-as' must be a type.",
            "AsOperatorRequiresType",
            ErrorCategory::InvalidOperation,
        )),
        _ => Err(ErrorInfo::new(
            "The right operand of '-is' must be a type.",
            "IsOperatorRequiresType",
            ErrorCategory::InvalidOperation,
        )),
    }
}

fn items_of(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.borrow().clone()),
        Value::List(l) => Some(l.borrow().items.clone()),
        _ => None,
    }
}

fn add(left: &Value, right: &Value) -> Result<Value, ErrorInfo> {
    match left {
        Value::Null => Ok(right.clone()),
        Value::String(s) => {
            let mut out = String::with_capacity(s.len() + 8);
            out.push_str(s);
            out.push_str(&to_string(right));
            Ok(Value::String(Rc::from(out)))
        }
        Value::Array(_) | Value::List(_) => {
            let mut items = items_of(left).unwrap_or_default();
            match items_of(right) {
                Some(r) => items.extend(r),
                None => items.push(right.clone()),
            }
            Ok(Value::array(items))
        }
        Value::Hashtable(h) => {
            let Value::Hashtable(r) = right else {
                return Err(ErrorInfo::new(
                    "A hash table can only be added to another hash table.",
                    "AddHashTableToNonHashTable",
                    ErrorCategory::InvalidOperation,
                ));
            };
            let mut out = h.borrow().clone();
            for (key, (k, v)) in r.borrow().entries.iter() {
                if let Some((existing, _)) = out.entries.get(key) {
                    // Hashtable.Add's ArgumentException, reported as PowerShell reports an
                    // uncaught .NET exception (OperationStopped, id = exception type).
                    return Err(ErrorInfo::new(
                        format!(
                            "Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                            to_string(existing),
                            to_string(k)
                        ),
                        "System.ArgumentException",
                        ErrorCategory::OperationStopped,
                    )
                    .exception("System.ArgumentException"));
                }
                out.entries.insert(key.clone(), (k.clone(), v.clone()));
            }
            Ok(Value::Hashtable(Rc::new(RefCell::new(out))))
        }
        Value::DateTime(d) => match right {
            Value::TimeSpan(t) => date_add(*d, *t),
            _ => Err(op_missing(left, "op_Addition")),
        },
        Value::TimeSpan(t) => match right {
            Value::TimeSpan(u) => t
                .checked_add(*u)
                .map(Value::TimeSpan)
                .ok_or_else(timespan_overflow),
            _ => Err(op_missing(left, "op_Addition")),
        },
        _ if is_numeric_like(left) => arith(left, right, Arith::Add),
        _ => Err(op_missing(left, "op_Addition")),
    }
}

fn timespan_overflow() -> ErrorInfo {
    ErrorInfo::new(
        "TimeSpan overflowed because the duration is too long.",
        "RuntimeException",
        ErrorCategory::NotSpecified,
    )
}

fn date_add(d: DateTime, ticks: i64) -> Result<Value, ErrorInfo> {
    match d.ticks.checked_add(ticks) {
        Some(t) if (0..=dates::MAX_TICKS).contains(&t) => Ok(Value::DateTime(DateTime {
            ticks: t,
            kind: d.kind,
        })),
        _ => Err(ErrorInfo::new(
            "The added or subtracted value results in an un-representable DateTime.",
            "RuntimeException",
            ErrorCategory::NotSpecified,
        )),
    }
}

fn is_numeric_like(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_)
            | Value::Long(_)
            | Value::Double(_)
            | Value::Decimal(_)
            | Value::OtherNumber(_)
            | Value::Bool(_)
            | Value::Switch(_)
            | Value::Char(_)
            | Value::Enum(_)
            | Value::String(_)
            | Value::Null
    )
}

fn multiply(left: &Value, right: &Value) -> Result<Value, ErrorInfo> {
    match left {
        Value::String(s) => {
            let n = repeat_count(right)?;
            let total = s.len().checked_mul(n).filter(|t| *t <= 256 * 1024 * 1024);
            match total {
                Some(_) => Ok(Value::String(Rc::from(s.repeat(n)))),
                None => Err(too_large()),
            }
        }
        Value::Array(_) | Value::List(_) => {
            let items = items_of(left).unwrap_or_default();
            let n = repeat_count(right)?;
            if items
                .len()
                .checked_mul(n)
                .is_none_or(|t| t as u64 > MAX_RANGE)
            {
                return Err(too_large());
            }
            let mut out = Vec::with_capacity(items.len() * n);
            for _ in 0..n {
                out.extend(items.iter().cloned());
            }
            Ok(Value::array(out))
        }
        Value::Null => Ok(Value::Null),
        _ if is_numeric_like(left) => arith(left, right, Arith::Mul),
        _ => Err(op_missing(left, "op_Multiply")),
    }
}

fn too_large() -> ErrorInfo {
    // Not a PowerShell text: the emulator bounds memory where the real engine would run out.
    ErrorInfo::new(
        "The result is too large: lyncshell limits strings and arrays built by operators.",
        "RuntimeException",
        ErrorCategory::LimitsExceeded,
    )
}

fn repeat_count(v: &Value) -> Result<usize, ErrorInfo> {
    let n = convert::convert_to_type(v, "int")?;
    match n {
        Value::Int(i) if i >= 0 => Ok(i as usize),
        Value::Int(_) => Ok(0),
        _ => Ok(0),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl Arith {
    fn op_name(self) -> &'static str {
        match self {
            Arith::Add => "op_Addition",
            Arith::Sub => "op_Subtraction",
            Arith::Mul => "op_Multiply",
            Arith::Div => "op_Division",
            Arith::Rem => "op_Modulus",
        }
    }
}

/// Numeric arithmetic with PowerShell's widening: Int32 results that overflow become Double
/// (NumericOps.cs IntOps: `return (double)result`), Int64 likewise; `/` stays integral only
/// when exact; Decimal wins over integers, Double over everything.
fn arith(left: &Value, right: &Value, op: Arith) -> Result<Value, ErrorInfo> {
    // DateTime / TimeSpan subtraction.
    if op == Arith::Sub {
        match (left, right) {
            (Value::DateTime(a), Value::DateTime(b)) => {
                return Ok(Value::TimeSpan(a.ticks - b.ticks));
            }
            (Value::DateTime(a), Value::TimeSpan(t)) => {
                return date_add(*a, t.checked_neg().unwrap_or(i64::MAX));
            }
            (Value::TimeSpan(a), Value::TimeSpan(b)) => {
                return a
                    .checked_sub(*b)
                    .map(Value::TimeSpan)
                    .ok_or_else(timespan_overflow);
            }
            _ => {}
        }
    }
    if !is_numeric_like(left) {
        return Err(op_missing(left, op.op_name()));
    }
    if matches!(
        right,
        Value::Array(_) | Value::List(_) | Value::Hashtable(_) | Value::Object(_)
    ) {
        return Err(convert::invalid_cast(right, &type_name(&to_number(left)?)));
    }
    let l = to_number(left)?;
    let r = to_number(right)?;
    numeric(&l, &r, op)
}

fn numeric(l: &Value, r: &Value, op: Arith) -> Result<Value, ErrorInfo> {
    let is_double = |v: &Value| {
        matches!(
            v,
            Value::Double(_) | Value::OtherNumber(OtherNumber::Single(_))
        )
    };
    if is_double(l) || is_double(r) {
        let a = num_to_f64(l).unwrap_or(0.0);
        let b = num_to_f64(r).unwrap_or(0.0);
        return Ok(Value::Double(match op {
            Arith::Add => a + b,
            Arith::Sub => a - b,
            Arith::Mul => a * b,
            Arith::Div => a / b,
            Arith::Rem => a % b,
        }));
    }
    if let (Value::Decimal(_), _) | (_, Value::Decimal(_)) = (l, r) {
        let a = to_decimal(l);
        let b = to_decimal(r);
        return decimal_op(a, b, op).map(Value::Decimal);
    }
    let both_int = matches!((l, r), (Value::Int(_), Value::Int(_)));
    let a = int_of(l);
    let b = int_of(r);
    let wide = match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => {
            if b == 0 {
                return Err(divide_by_zero());
            }
            if a % b != 0 {
                return Ok(Value::Double(a as f64 / b as f64));
            }
            a / b
        }
        Arith::Rem => {
            if b == 0 {
                return Err(divide_by_zero());
            }
            a % b
        }
    };
    if both_int && let Ok(i) = i32::try_from(wide) {
        return Ok(Value::Int(i));
    }
    if !both_int && let Ok(i) = i64::try_from(wide) {
        return Ok(Value::Long(i));
    }
    Ok(Value::Double(wide as f64))
}

fn int_of(v: &Value) -> i128 {
    match v {
        Value::Int(i) => i128::from(*i),
        Value::Long(l) => i128::from(*l),
        other => num_to_f64(other).unwrap_or(0.0) as i128,
    }
}

fn to_decimal(v: &Value) -> Decimal {
    match v {
        Value::Decimal(d) => *d,
        Value::Int(i) => Decimal {
            mantissa: i128::from(*i),
            scale: 0,
        },
        Value::Long(l) => Decimal {
            mantissa: i128::from(*l),
            scale: 0,
        },
        other => convert::f64_to_decimal(num_to_f64(other).unwrap_or(0.0)).unwrap_or(Decimal {
            mantissa: 0,
            scale: 0,
        }),
    }
}

fn decimal_overflow() -> ErrorInfo {
    ErrorInfo::new(
        "Value was either too large or too small for a Decimal.",
        "RuntimeException",
        ErrorCategory::NotSpecified,
    )
}

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

fn rescale(d: Decimal, scale: u32) -> Option<i128> {
    d.mantissa.checked_mul(pow10(scale.checked_sub(d.scale)?)?)
}

fn normalize_decimal(mut m: i128, mut scale: u32, min_scale: u32) -> Option<Decimal> {
    while scale > 28 || (scale > min_scale && m % 10 == 0 && scale > 0) {
        m /= 10;
        scale -= 1;
    }
    if m.unsigned_abs() >= (1u128 << 96) {
        return None;
    }
    Some(Decimal { mantissa: m, scale })
}

/// Minimal System.Decimal arithmetic on (mantissa, scale); results keep .NET's scale rules
/// for +, -, * (max / sum of scales) and drop trailing zeros after division.
fn decimal_op(a: Decimal, b: Decimal, op: Arith) -> Result<Decimal, ErrorInfo> {
    let res = match op {
        Arith::Add | Arith::Sub | Arith::Rem => {
            let s = a.scale.max(b.scale);
            let (x, y) = match (rescale(a, s), rescale(b, s)) {
                (Some(x), Some(y)) => (x, y),
                _ => return Err(decimal_overflow()),
            };
            let m = match op {
                Arith::Add => x.checked_add(y),
                Arith::Sub => x.checked_sub(y),
                _ => {
                    if y == 0 {
                        return Err(divide_by_zero());
                    }
                    x.checked_rem(y)
                }
            };
            m.and_then(|m| normalize_decimal(m, s, s))
        }
        Arith::Mul => a
            .mantissa
            .checked_mul(b.mantissa)
            .and_then(|m| normalize_decimal(m, a.scale + b.scale, (a.scale + b.scale).min(28))),
        Arith::Div => {
            if b.mantissa == 0 {
                return Err(divide_by_zero());
            }
            // Scale the dividend up as far as i128 allows, then divide.
            let mut m = a.mantissa;
            let mut scale = a.scale;
            while scale < 28 + b.scale {
                match m.checked_mul(10) {
                    Some(x) if x.unsigned_abs() < (1u128 << 120) => {
                        m = x;
                        scale += 1;
                    }
                    _ => break,
                }
            }
            let q = m / b.mantissa;
            let s = scale.saturating_sub(b.scale);
            normalize_decimal(q, s, a.scale.saturating_sub(b.scale))
        }
    };
    res.ok_or_else(decimal_overflow)
}

fn bitwise(op: BinaryOp, left: &Value, right: &Value) -> Result<Value, ErrorInfo> {
    let l = convert::convert_to_type(&to_number(left)?, "long")?;
    let r = convert::convert_to_type(&to_number(right)?, "long")?;
    let (Value::Long(a), Value::Long(b)) = (l, r) else {
        return Ok(Value::Null);
    };
    let long = matches!(left, Value::Long(_))
        || matches!(right, Value::Long(_))
        || i32::try_from(a).is_err()
        || i32::try_from(b).is_err();
    let res = match op {
        BinaryOp::BAnd => a & b,
        BinaryOp::BOr => a | b,
        BinaryOp::BXor => a ^ b,
        BinaryOp::Shl => {
            if long {
                a.wrapping_shl((b & 63) as u32)
            } else {
                i64::from((a as i32).wrapping_shl((b & 31) as u32))
            }
        }
        _ => {
            if long {
                a.wrapping_shr((b & 63) as u32)
            } else {
                i64::from((a as i32).wrapping_shr((b & 31) as u32))
            }
        }
    };
    if let (Value::Enum(e), BinaryOp::BAnd | BinaryOp::BOr | BinaryOp::BXor) = (left, op) {
        let _ = e;
    }
    Ok(if long {
        Value::Long(res)
    } else {
        Value::Int(res as i32)
    })
}

fn range(left: &Value, right: &Value) -> Result<Value, ErrorInfo> {
    let a = range_bound(left)?;
    let b = range_bound(right)?;
    let len = (i64::from(a) - i64::from(b)).unsigned_abs() + 1;
    if len > MAX_RANGE {
        return Err(ErrorInfo::new(
            format!(
                "The range {a}..{b} has {len} elements; lyncshell builds ranges of at most {MAX_RANGE} elements."
            ),
            "RuntimeException",
            ErrorCategory::LimitsExceeded,
        ));
    }
    let items: Vec<Value> = if a <= b {
        (a..=b).map(Value::Int).collect()
    } else {
        (b..=a).rev().map(Value::Int).collect()
    };
    Ok(Value::array(items))
}

fn range_bound(v: &Value) -> Result<i32, ErrorInfo> {
    match convert::convert_to_type(v, "int")? {
        Value::Int(i) => Ok(i),
        _ => Ok(0),
    }
}

fn join(left: &Value, sep: &str) -> String {
    match left {
        Value::Array(a) => convert::join_items(&a.borrow(), sep),
        Value::List(l) => convert::join_items(&l.borrow().items, sep),
        other => to_string(other),
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison operators
// ---------------------------------------------------------------------------------------------

fn compare_op(
    op: CompareOp,
    ignore_case: bool,
    left: &Value,
    right: &Value,
    matches: &mut Option<Value>,
) -> Result<Value, ErrorInfo> {
    match op {
        CompareOp::Contains | CompareOp::NotContains => {
            let found = contains(left, right, ignore_case);
            Ok(Value::Bool(found == (op == CompareOp::Contains)))
        }
        CompareOp::In | CompareOp::NotIn => {
            let found = contains(right, left, ignore_case);
            Ok(Value::Bool(found == (op == CompareOp::In)))
        }
        CompareOp::Replace => replace(left, right, ignore_case),
        CompareOp::Split => split(left, right, ignore_case),
        _ => {
            let (pattern_re, wildcard) = prepare_pattern(op, right, ignore_case)?;
            let test = |l: &Value, set: &mut Option<Value>| -> Result<bool, ErrorInfo> {
                scalar_compare(
                    op,
                    ignore_case,
                    l,
                    right,
                    pattern_re.as_deref(),
                    wildcard.as_ref(),
                    set,
                )
            };
            match left {
                Value::Array(_) | Value::List(_) => {
                    let items = items_of(left).unwrap_or_default();
                    let mut out = Vec::new();
                    let mut none = None;
                    for item in items {
                        if test(&item, &mut none)? {
                            out.push(item);
                        }
                    }
                    Ok(Value::array(out))
                }
                _ => Ok(Value::Bool(test(left, matches)?)),
            }
        }
    }
}

type Pattern = (Option<Rc<fancy_regex::Regex>>, Option<Wildcard>);

fn prepare_pattern(op: CompareOp, right: &Value, ignore_case: bool) -> Result<Pattern, ErrorInfo> {
    Ok(match op {
        CompareOp::Match | CompareOp::NotMatch => {
            (Some(regex(&to_string(right), !ignore_case)?), None)
        }
        CompareOp::Like | CompareOp::NotLike => {
            (None, Some(Wildcard::new(&to_string(right), ignore_case)))
        }
        _ => (None, None),
    })
}

#[allow(clippy::too_many_arguments)]
fn scalar_compare(
    op: CompareOp,
    ignore_case: bool,
    left: &Value,
    right: &Value,
    re: Option<&fancy_regex::Regex>,
    wildcard: Option<&Wildcard>,
    matches: &mut Option<Value>,
) -> Result<bool, ErrorInfo> {
    Ok(match op {
        CompareOp::Eq => equals_ci(left, right, ignore_case),
        CompareOp::Ne => !equals_ci(left, right, ignore_case),
        CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le => {
            let ord = compare_checked(left, right, ignore_case)?;
            match op {
                CompareOp::Gt => ord == Ordering::Greater,
                CompareOp::Ge => ord != Ordering::Less,
                CompareOp::Lt => ord == Ordering::Less,
                _ => ord != Ordering::Greater,
            }
        }
        CompareOp::Like | CompareOp::NotLike => {
            let s = text_of(left);
            let hit = wildcard.is_some_and(|w| w.is_match(&s));
            hit == (op == CompareOp::Like)
        }
        CompareOp::Match | CompareOp::NotMatch => {
            let Some(re) = re else { return Ok(false) };
            let s = text_of(left);
            let caps = re.captures(s.as_ref()).ok().flatten();
            let hit = caps.is_some();
            if let Some(c) = &caps {
                *matches = Some(matches_table(re, c));
            }
            hit == (op == CompareOp::Match)
        }
        _ => false,
    })
}

/// The string form of an operand, borrowed when it already is a string (hot path of
/// `Where-Object { $_.SipAddress -match … }`).
fn text_of(v: &Value) -> std::borrow::Cow<'_, str> {
    match v {
        Value::String(s) => std::borrow::Cow::Borrowed(s),
        other => std::borrow::Cow::Owned(to_string(other)),
    }
}

fn contains(collection: &Value, item: &Value, ignore_case: bool) -> bool {
    match collection {
        Value::Array(a) => a.borrow().iter().any(|x| equals_ci(x, item, ignore_case)),
        Value::List(l) => l
            .borrow()
            .items
            .iter()
            .any(|x| equals_ci(x, item, ignore_case)),
        other => equals_ci(other, item, ignore_case),
    }
}

/// `-eq` semantics, case-insensitive unless `case_sensitive`.
pub fn equals(a: &Value, b: &Value, case_sensitive: bool) -> bool {
    equals_ci(a, b, !case_sensitive)
}

/// Equality as `LanguagePrimitives.Equals`: the right operand is converted to the left's
/// type; a failed conversion is simply "not equal".
fn equals_ci(a: &Value, b: &Value, ignore_case: bool) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::String(x), _) => {
            let y = match b {
                Value::String(y) => return str_eq(x, y, ignore_case),
                other => to_string(other),
            };
            str_eq(x, &y, ignore_case)
        }
        (Value::Char(x), _) => {
            let y = to_string(b);
            str_eq(&x.to_string(), &y, ignore_case)
        }
        (Value::Bool(x), _) | (Value::Switch(x), _) => *x == is_true(b),
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Enum(x), _) => match b {
            Value::Enum(y) => x.type_name == y.type_name && x.value == y.value,
            Value::String(s) => x.name.eq_ignore_ascii_case(s.trim()),
            other => to_number(other)
                .ok()
                .and_then(|n| num_to_f64(&n))
                .is_some_and(|f| f == x.value as f64),
        },
        _ if is_number(a) => {
            let Ok(r) = to_number(b) else { return false };
            if matches!(b, Value::Object(_) | Value::Hashtable(_) | Value::Array(_)) {
                return false;
            }
            num_cmp(a, &r) == Some(Ordering::Equal)
        }
        (Value::DateTime(x), _) => convert::convert_to_type(b, "datetime")
            .ok()
            .is_some_and(|v| matches!(v, Value::DateTime(y) if y.ticks == x.ticks)),
        (Value::TimeSpan(x), _) => convert::convert_to_type(b, "timespan")
            .ok()
            .is_some_and(|v| matches!(v, Value::TimeSpan(y) if y == *x)),
        (Value::Guid(x), _) => convert::convert_to_type(b, "guid")
            .ok()
            .is_some_and(|v| matches!(v, Value::Guid(y) if y == *x)),
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        (Value::Hashtable(x), Value::Hashtable(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => {
            Rc::ptr_eq(x, y)
                || (x.borrow().to_string.is_some()
                    && x.borrow().to_string == y.borrow().to_string
                    && x.borrow().type_names.first() == y.borrow().type_names.first())
        }
        (Value::Object(x), Value::String(s)) => {
            // Typed objects with a string form (identities) compare by it, as their
            // .NET Equals does for string-convertible identity types.
            x.borrow()
                .to_string
                .as_deref()
                .is_some_and(|t| str_eq(t, s, ignore_case))
        }
        (Value::Type(x), Value::Type(y)) => x.full_name == y.full_name,
        (Value::Type(x), Value::String(s)) => {
            convert::resolve_type(s).is_some_and(|t| t.full_name() == x.full_name.as_ref())
        }
        (Value::ScriptBlock(x), Value::ScriptBlock(y)) => Rc::ptr_eq(x, y),
        (Value::SecureString(x), Value::SecureString(y)) => Rc::ptr_eq(x, y),
        (Value::Credential(x), Value::Credential(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_)
            | Value::Long(_)
            | Value::Double(_)
            | Value::Decimal(_)
            | Value::OtherNumber(_)
    )
}

fn num_cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Long(_), Value::Int(_) | Value::Long(_)) => {
            Some(int_of(a).cmp(&int_of(b)))
        }
        (Value::Decimal(x), Value::Decimal(y)) => {
            decimal_to_f64(*x).partial_cmp(&decimal_to_f64(*y))
        }
        _ => num_to_f64(a)?.partial_cmp(&num_to_f64(b)?),
    }
}

fn str_eq(a: &str, b: &str, ignore_case: bool) -> bool {
    if ignore_case {
        if a.len() == b.len() && a.eq_ignore_ascii_case(b) {
            return true;
        }
        if a.is_ascii() && b.is_ascii() {
            return false;
        }
        a.to_lowercase() == b.to_lowercase()
    } else {
        a == b
    }
}

/// String ordering close to .NET's culture-sensitive comparison (en-US / invariant): letters
/// compare case-insensitively first; when case-sensitive, lower case sorts before upper case
/// for otherwise equal strings.
pub fn compare_strings(a: &str, b: &str, case_sensitive: bool) -> Ordering {
    let primary = a
        .chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase));
    if primary != Ordering::Equal || !case_sensitive {
        return primary;
    }
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            return if x.is_lowercase() {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
    }
    Ordering::Equal
}

/// `-lt`/`-gt` comparison: right converted to left's type, failures are PowerShell's
/// `Could not compare "{0}" to "{1}". Error: "{2}"` (ExtendedTypeSystem.resx
/// ComparisonFailure) or `Cannot compare "{0}" because it is not IComparable.`
fn compare_checked(a: &Value, b: &Value, ignore_case: bool) -> Result<Ordering, ErrorInfo> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(Ordering::Equal),
        (Value::Null, _) => Ok(Ordering::Less),
        (_, Value::Null) => Ok(Ordering::Greater),
        (Value::String(x), _) => Ok(compare_strings(x, &to_string(b), !ignore_case)),
        (Value::Char(x), _) => Ok(compare_strings(&x.to_string(), &to_string(b), !ignore_case)),
        (Value::Bool(x), _) | (Value::Switch(x), _) => Ok(x.cmp(&is_true(b))),
        (Value::Enum(x), _) => {
            let y = match b {
                Value::Enum(e) => e.value as f64,
                other => {
                    let n = to_number(other).map_err(|e| comparison_failure(a, b, &e.message))?;
                    num_to_f64(&n).unwrap_or(0.0)
                }
            };
            Ok((x.value as f64).partial_cmp(&y).unwrap_or(Ordering::Equal))
        }
        _ if is_number(a) => {
            let r = if is_number(b) {
                b.clone()
            } else {
                match b {
                    Value::Array(_) | Value::List(_) | Value::Hashtable(_) | Value::Object(_) => {
                        return Err(comparison_failure(
                            a,
                            b,
                            &convert::invalid_cast(b, &type_name(a)).message,
                        ));
                    }
                    _ => to_number(b).map_err(|e| comparison_failure(a, b, &e.message))?,
                }
            };
            Ok(num_cmp(a, &r).unwrap_or(Ordering::Equal))
        }
        (Value::DateTime(x), _) => match convert::convert_to_type(b, "datetime") {
            Ok(Value::DateTime(y)) => Ok(x.ticks.cmp(&y.ticks)),
            Ok(_) => Ok(Ordering::Equal),
            Err(e) => Err(comparison_failure(a, b, &e.message)),
        },
        (Value::TimeSpan(x), _) => match convert::convert_to_type(b, "timespan") {
            Ok(Value::TimeSpan(y)) => Ok(x.cmp(&y)),
            Ok(_) => Ok(Ordering::Equal),
            Err(e) => Err(comparison_failure(a, b, &e.message)),
        },
        (Value::Guid(x), _) => match convert::convert_to_type(b, "guid") {
            Ok(Value::Guid(y)) => Ok(x.cmp(&y)),
            Ok(_) => Ok(Ordering::Equal),
            Err(e) => Err(comparison_failure(a, b, &e.message)),
        },
        (Value::Object(o), _) if o.borrow().to_string.is_some() => {
            Ok(compare_strings(&to_string(a), &to_string(b), !ignore_case))
        }
        _ => Err(ErrorInfo::new(
            format!(
                "Cannot compare \"{}\" because it is not IComparable.",
                to_string(a)
            ),
            "NotIcomparable",
            ErrorCategory::InvalidOperation,
        )),
    }
}

fn comparison_failure(a: &Value, b: &Value, inner: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!(
            "Could not compare \"{}\" to \"{}\". Error: \"{}\"",
            to_string(a),
            to_string(b),
            inner
        ),
        "ComparisonFailure",
        ErrorCategory::InvalidOperation,
    )
}

/// Total ordering for Sort-Object: `$null` first, then by the left value's type rules;
/// incomparable pairs fall back to their string forms.
pub fn compare_values(a: &Value, b: &Value, case_sensitive: bool) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::String(x), Value::String(y)) => compare_strings(x, y, case_sensitive),
        _ => compare_checked(a, b, !case_sensitive)
            .unwrap_or_else(|_| compare_strings(&to_string(a), &to_string(b), case_sensitive)),
    }
}

// ---------------------------------------------------------------------------------------------
// Wildcards
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum WildTok {
    Star,
    One,
    Lit(char),
    Set {
        negate: bool,
        items: Vec<(char, char)>,
    },
}

/// A PowerShell wildcard pattern (`*`, `?`, `[abc]`, `[a-z]`, backtick escapes), as
/// System.Management.Automation.WildcardPattern interprets it.
#[derive(Debug, Clone)]
pub struct Wildcard {
    toks: Vec<WildTok>,
    ignore_case: bool,
}

fn fold(c: char, ignore_case: bool) -> char {
    if ignore_case {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

impl Wildcard {
    pub fn new(pattern: &str, ignore_case: bool) -> Wildcard {
        let mut toks = Vec::new();
        let mut it = pattern.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '*' => {
                    if toks.last() != Some(&WildTok::Star) {
                        toks.push(WildTok::Star);
                    }
                }
                '?' => toks.push(WildTok::One),
                '`' => match it.next() {
                    Some(n) => toks.push(WildTok::Lit(fold(n, ignore_case))),
                    None => toks.push(WildTok::Lit('`')),
                },
                '[' => {
                    let mut items = Vec::new();
                    let mut negate = false;
                    let mut closed = false;
                    let mut raw = vec!['['];
                    if it.peek() == Some(&'!') {
                        negate = true;
                        raw.push('!');
                        it.next();
                    }
                    while let Some(n) = it.next() {
                        raw.push(n);
                        if n == ']' {
                            closed = true;
                            break;
                        }
                        let n = if n == '`' {
                            match it.next() {
                                Some(e) => {
                                    raw.push(e);
                                    e
                                }
                                None => n,
                            }
                        } else {
                            n
                        };
                        if it.peek() == Some(&'-') {
                            it.next();
                            raw.push('-');
                            match it.peek().copied() {
                                Some(']') | None => {
                                    items.push((n, n));
                                    items.push(('-', '-'));
                                }
                                Some(hi) => {
                                    it.next();
                                    raw.push(hi);
                                    items.push((n, hi));
                                }
                            }
                        } else {
                            items.push((n, n));
                        }
                    }
                    if closed {
                        let items = items
                            .into_iter()
                            .map(|(a, b)| (fold(a, ignore_case), fold(b, ignore_case)))
                            .collect();
                        toks.push(WildTok::Set { negate, items });
                    } else {
                        toks.extend(raw.into_iter().map(|c| WildTok::Lit(fold(c, ignore_case))));
                    }
                }
                c => toks.push(WildTok::Lit(fold(c, ignore_case))),
            }
        }
        Wildcard { toks, ignore_case }
    }

    /// True when the pattern has no wildcard characters.
    pub fn is_literal(&self) -> bool {
        self.toks.iter().all(|t| matches!(t, WildTok::Lit(_)))
    }

    pub fn is_match(&self, s: &str) -> bool {
        let text: Vec<char> = s.chars().map(|c| fold(c, self.ignore_case)).collect();
        // Iterative matcher with single-star backtracking.
        let (mut ti, mut pi) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while ti < text.len() {
            let ok = match self.toks.get(pi) {
                Some(WildTok::Star) => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                Some(WildTok::One) => true,
                Some(WildTok::Lit(c)) => text.get(ti) == Some(c),
                Some(WildTok::Set { negate, items }) => {
                    let c = text.get(ti).copied().unwrap_or('\0');
                    items.iter().any(|(a, b)| *a <= c && c <= *b) != *negate
                }
                None => false,
            };
            if ok {
                ti += 1;
                pi += 1;
            } else if let Some((sp, st)) = star {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            } else {
                return false;
            }
        }
        self.toks
            .get(pi..)
            .is_some_and(|rest| rest.iter().all(|t| *t == WildTok::Star))
    }
}

// ---------------------------------------------------------------------------------------------
// -replace and -split
// ---------------------------------------------------------------------------------------------

fn replace(left: &Value, right: &Value, ignore_case: bool) -> Result<Value, ErrorInfo> {
    let (pattern, replacement) = match right {
        Value::Array(a) => {
            let a = a.borrow();
            match a.as_slice() {
                [p] => (to_string(p), String::new()),
                [p, r] => (to_string(p), to_string(r)),
                _ => {
                    return Err(ErrorInfo::new(
                        format!(
                            "The -replace operator allows only two elements to follow it, not {}.",
                            a.len()
                        ),
                        "BadReplaceArgument",
                        ErrorCategory::InvalidOperation,
                    ));
                }
            }
        }
        other => (to_string(other), String::new()),
    };
    let re = regex(&pattern, !ignore_case)?;
    let one = |v: &Value| -> Value {
        Value::String(Rc::from(regex_replace(&re, &to_string(v), &replacement)))
    };
    Ok(match left {
        Value::Array(_) | Value::List(_) => {
            Value::array(items_of(left).unwrap_or_default().iter().map(one).collect())
        }
        other => one(other),
    })
}

/// Regex.Replace with .NET substitutions: `$1`, `${name}`, `$0`/`$&`, `$$`, `` $` ``, `$'`,
/// `$_`; an unknown group reference stays literal, as in .NET.
pub fn regex_replace(re: &fancy_regex::Regex, input: &str, replacement: &str) -> String {
    let keys = group_keys(re);
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    for caps in re.captures_iter(input) {
        let Ok(caps) = caps else { break };
        let Some(m) = caps.get(0) else { continue };
        out.push_str(input.get(last..m.start()).unwrap_or(""));
        expand_replacement(
            replacement,
            &caps,
            &keys,
            input,
            m.start(),
            m.end(),
            &mut out,
        );
        last = m.end();
    }
    out.push_str(input.get(last..).unwrap_or(""));
    out
}

fn group_text<'a>(
    caps: &fancy_regex::Captures<'a, str>,
    keys: &[Value],
    key: &Value,
) -> Option<&'a str> {
    let idx = keys.iter().position(|k| match (k, key) {
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        _ => false,
    })?;
    Some(caps.get(idx).map(|m| m.as_str()).unwrap_or(""))
}

fn expand_replacement(
    rep: &str,
    caps: &fancy_regex::Captures<'_, str>,
    keys: &[Value],
    input: &str,
    start: usize,
    end: usize,
    out: &mut String,
) {
    let chars: Vec<char> = rep.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('&') => {
                out.push_str(input.get(start..end).unwrap_or(""));
                i += 2;
            }
            Some('`') => {
                out.push_str(input.get(..start).unwrap_or(""));
                i += 2;
            }
            Some('\'') => {
                out.push_str(input.get(end..).unwrap_or(""));
                i += 2;
            }
            Some('_') => {
                out.push_str(input);
                i += 2;
            }
            Some('{') => {
                let close = chars[i + 2..].iter().position(|&x| x == '}');
                match close {
                    Some(len) => {
                        let name: String = chars[i + 2..i + 2 + len].iter().collect();
                        let key = match name.parse::<i32>() {
                            Ok(n) => Value::Int(n),
                            Err(_) => Value::str(&name),
                        };
                        match group_text(caps, keys, &key) {
                            Some(t) => out.push_str(t),
                            None => {
                                out.push_str("${");
                                out.push_str(&name);
                                out.push('}');
                            }
                        }
                        i += 3 + len;
                    }
                    None => {
                        out.push('$');
                        i += 1;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                // .NET takes the longest digit run that names an existing group.
                let mut j = i + 1;
                while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                let mut done = false;
                while j > i + 1 {
                    let digits: String = chars[i + 1..j].iter().collect();
                    if let Ok(n) = digits.parse::<i32>()
                        && let Some(t) = group_text(caps, keys, &Value::Int(n))
                    {
                        out.push_str(t);
                        i = j;
                        done = true;
                        break;
                    }
                    j -= 1;
                }
                if !done {
                    out.push('$');
                    i += 1;
                }
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
}

fn split(left: &Value, right: &Value, ignore_case: bool) -> Result<Value, ErrorInfo> {
    let (pattern, max, simple) = match right {
        Value::Array(a) => {
            let a = a.borrow();
            let pattern = a.first().map(to_string).unwrap_or_default();
            let max = match a.get(1) {
                Some(v) => match convert::convert_to_type(v, "int")? {
                    Value::Int(i) => i,
                    _ => 0,
                },
                None => 0,
            };
            let simple = a
                .get(2)
                .is_some_and(|o| to_string(o).to_ascii_lowercase().contains("simplematch"));
            (pattern, max, simple)
        }
        other => (to_string(other), 0, false),
    };
    let pattern = if simple {
        escape_regex(&pattern)
    } else {
        pattern
    };
    let re = regex(&pattern, !ignore_case)?;
    let mut out = Vec::new();
    let inputs = items_of(left).unwrap_or_else(|| vec![left.clone()]);
    for v in inputs {
        for part in regex_split(&re, &to_string(&v), max) {
            out.push(Value::String(Rc::from(part)));
        }
    }
    Ok(Value::array(out))
}

/// Regex.Split: captured groups are included in the result; `max` > 0 limits the number of
/// substrings (the last one holds the rest).
pub fn regex_split(re: &fancy_regex::Regex, input: &str, max: i32) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut count = 1;
    for caps in re.captures_iter(input) {
        if max > 0 && count >= max {
            break;
        }
        let Ok(caps) = caps else { break };
        let Some(m) = caps.get(0) else { continue };
        if m.end() == 0 && m.start() == 0 && input.is_empty() {
            break;
        }
        out.push(input.get(last..m.start()).unwrap_or("").to_string());
        for i in 1..caps.len() {
            if let Some(g) = caps.get(i) {
                out.push(g.as_str().to_string());
            }
        }
        last = m.end();
        count += 1;
    }
    out.push(input.get(last..).unwrap_or("").to_string());
    out
}

/// Regex.Escape.
pub fn escape_regex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '+' | '?' | '|' | '{' | '[' | '(' | ')' | '^' | '$' | '.' | '#' | ' ' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Unary operators
// ---------------------------------------------------------------------------------------------

/// A unary operator (increments are the evaluator's, through `binary(Add)`).
pub fn unary(op: UnaryOp, v: &Value) -> Result<Value, ErrorInfo> {
    match op {
        UnaryOp::Not => Ok(Value::Bool(!is_true(v))),
        UnaryOp::BNot => match to_number(v)? {
            Value::Int(i) => Ok(Value::Int(!i)),
            Value::Long(l) => Ok(Value::Long(!l)),
            other => match convert::convert_to_type(&other, "long")? {
                Value::Long(l) => Ok(match i32::try_from(l) {
                    Ok(i) => Value::Int(!i),
                    Err(_) => Value::Long(!l),
                }),
                x => Ok(x),
            },
        },
        UnaryOp::Negate => {
            if !is_numeric_like(v) {
                if let Value::TimeSpan(t) = v {
                    return Ok(Value::TimeSpan(t.checked_neg().unwrap_or(i64::MAX)));
                }
                return Err(op_missing(v, "op_UnaryNegation"));
            }
            arith(&Value::Int(0), &to_number(v)?, Arith::Sub)
        }
        UnaryOp::Plus => {
            if is_numeric_like(v) {
                to_number(v)
            } else {
                Ok(v.clone())
            }
        }
        UnaryOp::Split => {
            let inputs = items_of(v).unwrap_or_else(|| vec![v.clone()]);
            let mut out = Vec::new();
            for i in inputs {
                for part in to_string(&i).split_whitespace() {
                    out.push(Value::str(part));
                }
            }
            Ok(Value::array(out))
        }
        UnaryOp::Join => Ok(Value::String(Rc::from(join(v, "")))),
        UnaryOp::Comma => Ok(Value::array(vec![v.clone()])),
        UnaryOp::PreIncrement | UnaryOp::PostIncrement => add(v, &Value::Int(1)),
        UnaryOp::PreDecrement | UnaryOp::PostDecrement => arith(v, &Value::Int(1), Arith::Sub),
    }
}

// ---------------------------------------------------------------------------------------------
// -f: .NET composite formatting
// ---------------------------------------------------------------------------------------------

/// `Error formatting a string: {0}.` (ParserStrings.resx FormatError). The inner .NET
/// message ends with its own period, hence the doubled one PowerShell prints.
fn format_error(inner: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!("Error formatting a string: {inner}."),
        "FormatError",
        ErrorCategory::InvalidOperation,
    )
}

/// String.Format with the en-US culture.
pub fn format_string(fmt: &str, args: &[Value]) -> Result<String, ErrorInfo> {
    const BAD: &str = "Input string was not in a correct format.";
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '{' => {
                if chars.get(i + 1) == Some(&'{') {
                    out.push('{');
                    i += 2;
                    continue;
                }
                let close = chars[i + 1..]
                    .iter()
                    .position(|&x| x == '}')
                    .ok_or_else(|| format_error(BAD))?;
                let spec: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                let (head, f) = match spec.split_once(':') {
                    Some((h, f)) => (h, Some(f)),
                    None => (spec.as_str(), None),
                };
                let (idx, align) = match head.split_once(',') {
                    Some((n, a)) => (n.trim(), Some(a.trim())),
                    None => (head.trim(), None),
                };
                let idx: usize = idx.parse().map_err(|_| format_error(BAD))?;
                let arg = args.get(idx).ok_or_else(|| {
                    format_error(
                        "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.",
                    )
                })?;
                let text = format_value(arg, f.unwrap_or(""));
                match align {
                    Some(a) => {
                        let w: i64 = a.parse().map_err(|_| format_error(BAD))?;
                        let width = w.unsigned_abs().min(10_000) as usize;
                        let len = text.chars().count();
                        let pad = " ".repeat(width.saturating_sub(len));
                        if w < 0 {
                            out.push_str(&text);
                            out.push_str(&pad);
                        } else {
                            out.push_str(&pad);
                            out.push_str(&text);
                        }
                    }
                    None => out.push_str(&text),
                }
            }
            '}' => {
                if chars.get(i + 1) == Some(&'}') {
                    out.push('}');
                    i += 2;
                } else {
                    return Err(format_error(BAD));
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `IFormattable.ToString(format, en-US)` for one value; values that are not formattable
/// use their string form.
pub fn format_value(v: &Value, f: &str) -> String {
    match v {
        Value::DateTime(d) => dates::format_datetime(*d, f, Culture::EnUs),
        Value::TimeSpan(t) => super::members::format_timespan_with(*t, f),
        Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::OtherNumber(_)
            if !f.is_empty() =>
        {
            format_number(v, f).unwrap_or_else(|| to_string(v))
        }
        Value::Array(_) | Value::List(_) => type_name(v),
        _ => to_string(v),
    }
}

fn group_thousands(int_digits: &str) -> String {
    let mut out = String::new();
    let n = int_digits.len();
    for (i, c) in int_digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Fixed-point text of |x| with `decimals` digits, rounded half away from zero as .NET does.
fn fixed(x: f64, decimals: usize) -> String {
    let decimals = decimals.min(20);
    let factor = 10f64.powi(decimals as i32);
    let scaled = (x.abs() * factor).round();
    if scaled < 1e17 {
        let s = format!("{:.0}", scaled);
        let s = format!("{:0>width$}", s, width = decimals + 1);
        let (i, f) = s.split_at(s.len() - decimals);
        if decimals == 0 {
            i.to_string()
        } else {
            format!("{i}.{f}")
        }
    } else {
        format!("{:.*}", decimals, x.abs())
    }
}

/// Standard numeric formats (C D E F G N P R X) and simple custom patterns (`0.00`, `#,##0`).
pub fn format_number(v: &Value, f: &str) -> Option<String> {
    let x = num_to_f64(v)?;
    let mut chars = f.chars();
    let kind = chars.next()?;
    let rest: String = chars.collect();
    let prec: Option<usize> = if rest.is_empty() {
        None
    } else {
        rest.parse().ok()
    };
    let standard = rest.is_empty() || prec.is_some();
    let neg = x < 0.0;
    let sign = if neg { "-" } else { "" };
    if standard {
        match kind.to_ascii_uppercase() {
            'D' => {
                let i = match v {
                    Value::Int(i) => i64::from(*i),
                    Value::Long(l) => *l,
                    Value::OtherNumber(_) => x as i64,
                    _ => return None,
                };
                let digits = i.unsigned_abs().to_string();
                let w = prec.unwrap_or(0);
                return Some(format!("{}{:0>w$}", if i < 0 { "-" } else { "" }, digits));
            }
            'X' => {
                let i = match v {
                    Value::Int(i) => i64::from(*i as u32),
                    Value::Long(l) => *l,
                    Value::OtherNumber(_) => x as i64,
                    _ => return None,
                };
                let w = prec.unwrap_or(0);
                let s = if kind == 'X' {
                    format!("{:X}", i)
                } else {
                    format!("{:x}", i)
                };
                return Some(format!("{s:0>w$}"));
            }
            'F' => return Some(format!("{sign}{}", fixed(x, prec.unwrap_or(2)))),
            'N' => {
                let s = fixed(x, prec.unwrap_or(2));
                let (i, f) = s.split_once('.').unwrap_or((&s, ""));
                let g = group_thousands(i);
                return Some(if f.is_empty() {
                    format!("{sign}{g}")
                } else {
                    format!("{sign}{g}.{f}")
                });
            }
            'C' => {
                let s = fixed(x, prec.unwrap_or(2));
                let (i, f) = s.split_once('.').unwrap_or((&s, ""));
                let g = group_thousands(i);
                let body = if f.is_empty() {
                    format!("${g}")
                } else {
                    format!("${g}.{f}")
                };
                // en-US (.NET Framework) negative currency is parenthesised.
                return Some(if neg { format!("({body})") } else { body });
            }
            'P' => {
                let s = fixed(x * 100.0, prec.unwrap_or(2));
                let (i, f) = s.split_once('.').unwrap_or((&s, ""));
                let g = group_thousands(i);
                return Some(if f.is_empty() {
                    format!("{sign}{g} %")
                } else {
                    format!("{sign}{g}.{f} %")
                });
            }
            'E' => {
                let p = prec.unwrap_or(6);
                let s = format!("{:.*e}", p, x.abs());
                let (m, e) = s.split_once('e')?;
                let e: i32 = e.parse().ok()?;
                let letter = if kind == 'e' { 'e' } else { 'E' };
                return Some(format!(
                    "{sign}{m}{letter}{}{:03}",
                    if e < 0 { '-' } else { '+' },
                    e.unsigned_abs()
                ));
            }
            'G' | 'R' => {
                return Some(match (v, prec) {
                    (_, Some(p)) if p > 0 => convert::format_g(x, p),
                    _ => to_string(v),
                });
            }
            _ => {}
        }
    }
    Some(format_custom_number(x, f))
}

/// Custom numeric patterns: `0` (digit), `#` (optional digit), `.`, `,` (grouping), `%`,
/// literal text; enough for `0.00`, `#,##0.0`, `000`, `0%`.
fn format_custom_number(x: f64, f: &str) -> String {
    let section = f.split(';').next().unwrap_or(f);
    let percent = section.contains('%');
    let x = if percent { x * 100.0 } else { x };
    let first_digit = section.find(['0', '#']);
    let last_digit = section.rfind(['0', '#', ',', '.']);
    let (Some(a), Some(b)) = (first_digit, last_digit) else {
        return section.to_string();
    };
    let prefix = &section[..a];
    let body = &section[a..=b.max(a)];
    let suffix = &section[(b + 1).min(section.len())..];
    let (int_pat, frac_pat) = body.split_once('.').unwrap_or((body, ""));
    let grouping = int_pat.contains(',');
    let min_int = int_pat.chars().filter(|c| *c == '0').count();
    let max_frac = frac_pat.chars().filter(|c| *c == '0' || *c == '#').count();
    let min_frac = frac_pat.chars().take_while(|c| *c == '0').count();
    let s = fixed(x, max_frac);
    let (i, fr) = s.split_once('.').unwrap_or((&s, ""));
    let mut fr = fr.to_string();
    while fr.len() > min_frac && fr.ends_with('0') {
        fr.pop();
    }
    let mut i = i.trim_start_matches('0').to_string();
    while i.len() < min_int {
        i.insert(0, '0');
    }
    if grouping {
        i = group_thousands(&i);
    }
    let neg = x < 0.0
        && (i.chars().any(|c| c.is_ascii_digit() && c != '0') || fr.chars().any(|c| c != '0'));
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(prefix);
    out.push_str(&i);
    if !fr.is_empty() {
        out.push('.');
        out.push_str(&fr);
    }
    out.push_str(suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::value::TypeValue;

    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn arr(items: Vec<Value>) -> Value {
        Value::array(items)
    }
    fn bin(op: BinaryOp, l: Value, r: Value) -> Result<Value, ErrorInfo> {
        binary(op, &l, &r, &mut None)
    }
    fn text(v: Result<Value, ErrorInfo>) -> String {
        to_string(&v.unwrap())
    }
    fn cmp(op: CompareOp) -> BinaryOp {
        BinaryOp::Compare(op, CaseMode::Default)
    }
    fn ccmp(op: CompareOp) -> BinaryOp {
        BinaryOp::Compare(op, CaseMode::Sensitive)
    }

    #[test]
    fn arithmetic_widening() {
        assert!(matches!(
            bin(BinaryOp::Add, Value::Int(1), Value::Int(2)),
            Ok(Value::Int(3))
        ));
        // IntOps.Add: overflow goes to Double, not Int64.
        assert!(matches!(
            bin(BinaryOp::Add, Value::Int(i32::MAX), Value::Int(1)),
            Ok(Value::Double(x)) if x == 2147483648.0
        ));
        assert!(matches!(
            bin(BinaryOp::Add, Value::Int(1), Value::Long(2)),
            Ok(Value::Long(3))
        ));
        assert!(matches!(
            bin(BinaryOp::Multiply, Value::Long(i64::MAX), Value::Int(2)),
            Ok(Value::Double(_))
        ));
        assert!(matches!(
            bin(BinaryOp::Divide, Value::Int(6), Value::Int(3)),
            Ok(Value::Int(2))
        ));
        assert!(
            matches!(bin(BinaryOp::Divide, Value::Int(7), Value::Int(2)), Ok(Value::Double(x)) if x == 3.5)
        );
        assert!(matches!(
            bin(BinaryOp::Remainder, Value::Int(7), Value::Int(3)),
            Ok(Value::Int(1))
        ));
        assert!(matches!(
            bin(BinaryOp::Subtract, s("10"), Value::Int(1)),
            Ok(Value::Int(9))
        ));
        assert!(matches!(
            bin(BinaryOp::Add, Value::Int(1), s("2")),
            Ok(Value::Int(3))
        ));
        assert!(
            matches!(bin(BinaryOp::Add, Value::Int(1), s("1.5")), Ok(Value::Double(x)) if x == 2.5)
        );
        assert!(matches!(
            bin(BinaryOp::Add, Value::Bool(true), Value::Int(1)),
            Ok(Value::Int(2))
        ));
        assert_eq!(
            text(bin(BinaryOp::Add, Value::Double(0.1), Value::Double(0.2))),
            "0.3"
        );
        let e = bin(BinaryOp::Divide, Value::Int(1), Value::Int(0)).unwrap_err();
        assert_eq!(e.message, "Attempted to divide by zero.");
        assert_eq!(e.error_id, "RuntimeException");
        let e = bin(BinaryOp::Subtract, s("abc"), Value::Int(1)).unwrap_err();
        assert_eq!(e.error_id, "InvalidCastFromStringToInteger");
        let d = |m, sc| {
            Value::Decimal(Decimal {
                mantissa: m,
                scale: sc,
            })
        };
        assert_eq!(text(bin(BinaryOp::Add, d(150, 2), Value::Int(1))), "2.50");
        assert_eq!(
            text(bin(BinaryOp::Divide, d(1, 0), d(3, 0))),
            "0.3333333333333333333333333333"
        );
        assert_eq!(text(bin(BinaryOp::Divide, d(10, 0), d(4, 0))), "2.5");
        assert_eq!(text(bin(BinaryOp::Multiply, d(15, 1), d(15, 1))), "2.25");
    }

    #[test]
    fn strings_arrays_hashtables() {
        assert_eq!(text(bin(BinaryOp::Add, s("a"), Value::Int(1))), "a1");
        assert_eq!(
            text(bin(BinaryOp::Multiply, s("ab"), Value::Int(3))),
            "ababab"
        );
        let a = bin(BinaryOp::Add, arr(vec![Value::Int(1)]), Value::Int(2)).unwrap();
        assert_eq!(to_string(&a), "1 2");
        let a = bin(
            BinaryOp::Add,
            arr(vec![Value::Int(1)]),
            arr(vec![Value::Int(2), Value::Int(3)]),
        )
        .unwrap();
        assert_eq!(to_string(&a), "1 2 3");
        assert_eq!(
            text(bin(
                BinaryOp::Multiply,
                arr(vec![Value::Int(1), Value::Int(2)]),
                Value::Int(2)
            )),
            "1 2 1 2"
        );
        let e = bin(BinaryOp::Subtract, arr(vec![]), Value::Int(1)).unwrap_err();
        assert_eq!(
            e.message,
            "Method invocation failed because [System.Object[]] doesn't contain a method named 'op_Subtraction'."
        );
        assert_eq!(e.error_id, "MethodNotFound");
        assert!(matches!(
            bin(BinaryOp::Add, Value::Null, Value::Int(5)),
            Ok(Value::Int(5))
        ));
        let mk = |k: &str| {
            let mut h = Hashtable::default();
            h.entries.insert(hash_key(&s(k)), (s(k), Value::Int(1)));
            Value::Hashtable(Rc::new(RefCell::new(h)))
        };
        let h = bin(BinaryOp::Add, mk("a"), mk("b")).unwrap();
        assert!(matches!(&h, Value::Hashtable(x) if x.borrow().entries.len() == 2));
        let e = bin(BinaryOp::Add, mk("a"), mk("A")).unwrap_err();
        assert_eq!(
            e.message,
            "Item has already been added. Key in dictionary: 'a'  Key being added: 'A'"
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            text(bin(BinaryOp::Range, Value::Int(1), Value::Int(3))),
            "1 2 3"
        );
        assert_eq!(
            text(bin(BinaryOp::Range, Value::Int(3), Value::Int(1))),
            "3 2 1"
        );
        assert_eq!(text(bin(BinaryOp::Range, s("2"), Value::Int(4))), "2 3 4");
        assert!(bin(BinaryOp::Range, Value::Int(0), Value::Int(i32::MAX)).is_err());
    }

    #[test]
    fn comparisons_left_operand_decides() {
        let t = |op, l, r| matches!(bin(op, l, r), Ok(Value::Bool(true)));
        assert!(t(cmp(CompareOp::Eq), s("abc"), s("ABC")));
        assert!(!t(ccmp(CompareOp::Eq), s("abc"), s("ABC")));
        assert!(t(cmp(CompareOp::Eq), Value::Int(1), s("1")));
        assert!(t(cmp(CompareOp::Eq), s("1"), Value::Int(1)));
        assert!(!t(cmp(CompareOp::Eq), s("1.0"), Value::Double(1.0)));
        assert!(t(cmp(CompareOp::Eq), Value::Double(1.0), s("1.0")));
        assert!(t(cmp(CompareOp::Eq), Value::Bool(true), s("false")));
        assert!(!t(cmp(CompareOp::Eq), Value::Int(1), s("abc")));
        assert!(t(cmp(CompareOp::Eq), Value::Null, Value::Null));
        assert!(!t(cmp(CompareOp::Eq), Value::Int(0), Value::Null));
        assert!(t(cmp(CompareOp::Lt), Value::Int(2), s("10")));
        assert!(!t(cmp(CompareOp::Lt), s("2"), s("10")));
        assert!(t(cmp(CompareOp::Lt), Value::Null, Value::Int(1)));
        assert!(t(cmp(CompareOp::Gt), s("b"), s("A")));
        let e = bin(cmp(CompareOp::Lt), Value::Int(1), s("abc")).unwrap_err();
        assert_eq!(
            e.message,
            "Could not compare \"1\" to \"abc\". Error: \"Cannot convert value \"abc\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"\""
        );
        assert_eq!(e.error_id, "ComparisonFailure");
    }

    #[test]
    fn array_left_operand_filters() {
        let a = arr(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            Value::Int(2),
        ]);
        assert_eq!(
            text(bin(cmp(CompareOp::Eq), a.clone(), Value::Int(2))),
            "2 2"
        );
        assert_eq!(
            text(bin(cmp(CompareOp::Gt), a.clone(), Value::Int(1))),
            "2 3 2"
        );
        let r = bin(cmp(CompareOp::Eq), a.clone(), Value::Int(9)).unwrap();
        assert!(matches!(&r, Value::Array(x) if x.borrow().is_empty()));
        assert!(matches!(
            bin(cmp(CompareOp::Contains), a.clone(), s("3")),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            bin(cmp(CompareOp::In), Value::Int(4), a.clone()),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            bin(cmp(CompareOp::NotContains), a, Value::Int(4)),
            Ok(Value::Bool(true))
        ));
        let names = arr(vec![s("sip:a@x.com"), s("sip:b@y.com")]);
        let mut m = None;
        let r = binary(cmp(CompareOp::Match), &names, &s("@x\\."), &mut m).unwrap();
        assert_eq!(to_string(&r), "sip:a@x.com");
        assert!(m.is_none(), "array -match leaves $Matches alone");
    }

    #[test]
    fn wildcards() {
        let w = |p: &str, t: &str| Wildcard::new(p, true).is_match(t);
        assert!(w("a*", "ABC"));
        assert!(w("*b*", "abc"));
        assert!(w("a?c", "abc"));
        assert!(!w("a?c", "ac"));
        assert!(w("[a-c]x", "Bx"));
        assert!(!w("[!a-c]x", "bx"));
        assert!(w("a`*", "a*"));
        assert!(!w("a`*", "ab"));
        assert!(w("*", ""));
        assert!(w("sip:*@contoso.com", "sip:kenmyer@contoso.com"));
        assert!(!Wildcard::new("A*", false).is_match("abc"));
        assert!(matches!(
            bin(cmp(CompareOp::NotLike), s("abc"), s("x*")),
            Ok(Value::Bool(true))
        ));
    }

    #[test]
    fn match_sets_matches() {
        let mut m = None;
        let r = binary(
            cmp(CompareOp::Match),
            &s("user@contoso.com"),
            &s("^(\\w+)@(?<dom>.+)$"),
            &mut m,
        )
        .unwrap();
        assert!(matches!(r, Value::Bool(true)));
        let Some(Value::Hashtable(h)) = m else {
            panic!("matches")
        };
        let h = h.borrow();
        let keys: Vec<String> = h.entries.values().map(|(k, _)| to_string(k)).collect();
        assert_eq!(keys, ["dom", "1", "0"]);
        let v: Vec<String> = h.entries.values().map(|(_, v)| to_string(v)).collect();
        assert_eq!(v, ["contoso.com", "user", "user@contoso.com"]);
        let e = bin(cmp(CompareOp::Match), s("a"), s("(")).unwrap_err();
        assert_eq!(e.message, "The regular expression pattern ( is not valid.");
        assert_eq!(e.error_id, "InvalidRegularExpression");
        assert!(matches!(
            bin(ccmp(CompareOp::Match), s("ABC"), s("b")),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            bin(cmp(CompareOp::Match), s("foobar"), s("(?<=foo)bar")),
            Ok(Value::Bool(true))
        ));
    }

    #[test]
    fn replace_and_split() {
        let pair = |a: &str, b: &str| arr(vec![s(a), s(b)]);
        assert_eq!(
            text(bin(
                cmp(CompareOp::Replace),
                s("John Smith"),
                pair("(\\w+) (\\w+)", "$2, $1")
            )),
            "Smith, John"
        );
        assert_eq!(
            text(bin(
                cmp(CompareOp::Replace),
                s("abc"),
                pair("(?<x>b)", "[${x}]")
            )),
            "a[b]c"
        );
        assert_eq!(
            text(bin(cmp(CompareOp::Replace), s("abc"), pair("B", "$0$0"))),
            "abbc"
        );
        assert_eq!(text(bin(cmp(CompareOp::Replace), s("a.b"), s("\\."))), "ab");
        assert_eq!(
            text(bin(cmp(CompareOp::Replace), s("abc"), pair("b", "$$"))),
            "a$c"
        );
        assert_eq!(
            text(bin(ccmp(CompareOp::Replace), s("aA"), pair("a", "x"))),
            "xA"
        );
        let r = bin(
            cmp(CompareOp::Replace),
            arr(vec![s("a1"), s("b2")]),
            pair("\\d", ""),
        )
        .unwrap();
        assert_eq!(to_string(&r), "a b");
        let r = bin(cmp(CompareOp::Split), s("a,b,,c"), s(",")).unwrap();
        assert!(matches!(&r, Value::Array(x) if x.borrow().len() == 4));
        assert_eq!(to_string(&r), "a b  c");
        let r = bin(
            cmp(CompareOp::Split),
            s("a,b,c"),
            arr(vec![s(","), Value::Int(2)]),
        )
        .unwrap();
        assert!(matches!(&r, Value::Array(x) if to_string(&x.borrow()[1]) == "b,c"));
        assert_eq!(
            text(bin(cmp(CompareOp::Split), s("aXbxc"), s("x"))),
            "a b c"
        );
        assert_eq!(
            text(bin(ccmp(CompareOp::Split), s("aXbxc"), s("x"))),
            "aXb c"
        );
        assert_eq!(
            text(bin(cmp(CompareOp::Split), s("a1b"), s("(\\d)"))),
            "a 1 b"
        );
        assert_eq!(text(unary(UnaryOp::Split, &s("  a  b "))), "a b");
        assert_eq!(
            text(bin(
                BinaryOp::Join,
                arr(vec![Value::Int(1), Value::Int(2)]),
                s(", ")
            )),
            "1, 2"
        );
        assert_eq!(text(unary(UnaryOp::Join, &arr(vec![s("a"), s("b")]))), "ab");
    }

    #[test]
    fn format_operator() {
        let f = |fmt: &str, args: Vec<Value>| format_string(fmt, &args).unwrap();
        assert_eq!(f("{0} and {1}", vec![s("a"), Value::Int(2)]), "a and 2");
        assert_eq!(f("[{0,-5}]", vec![s("ab")]), "[ab   ]");
        assert_eq!(f("[{0,5}]", vec![s("ab")]), "[   ab]");
        assert_eq!(f("{0:N2}", vec![Value::Double(1234.567)]), "1,234.57");
        assert_eq!(f("{0:N0}", vec![Value::Int(1234567)]), "1,234,567");
        assert_eq!(f("{0:D3}", vec![Value::Int(7)]), "007");
        assert_eq!(f("{0:X4}", vec![Value::Int(255)]), "00FF");
        assert_eq!(f("{0:x}", vec![Value::Int(255)]), "ff");
        assert_eq!(f("{0:P1}", vec![Value::Double(0.123)]), "12.3 %");
        assert_eq!(f("{0:F2}", vec![Value::Double(2.0)]), "2.00");
        assert_eq!(f("{0:0.00}", vec![Value::Double(1.23556)]), "1.24");
        assert_eq!(f("{0:#,##0}", vec![Value::Int(1234)]), "1,234");
        assert_eq!(f("{0:000}", vec![Value::Int(5)]), "005");
        assert_eq!(f("{{{0}}}", vec![Value::Int(1)]), "{1}");
        assert_eq!(
            f(
                "{0:hh\\:mm}",
                vec![Value::TimeSpan(90 * dates::TICKS_PER_MINUTE)]
            ),
            "01:30"
        );
        let d = DateTime {
            ticks: dates::ticks_from_parts(2026, 11, 23, 9, 5, 0, 0).unwrap(),
            kind: crate::runtime::value::DateTimeKind::Local,
        };
        assert_eq!(
            f("{0:yyyy-MM-dd HH:mm}", vec![Value::DateTime(d)]),
            "2026-11-23 09:05"
        );
        let e = format_string("{1}", &[Value::Int(1)]).unwrap_err();
        assert_eq!(
            e.message,
            "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list.."
        );
        assert_eq!(e.error_id, "FormatError");
        // The -f operator spreads an array right operand.
        let r = bin(
            BinaryOp::Format,
            s("{0}-{1}"),
            arr(vec![Value::Int(1), Value::Int(2)]),
        );
        assert_eq!(text(r), "1-2");
    }

    #[test]
    fn type_operators_and_logic() {
        let ty = Value::Type(Rc::new(TypeValue {
            full_name: Rc::from("System.Int32"),
        }));
        assert!(matches!(
            bin(BinaryOp::Is, Value::Int(1), ty.clone()),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            bin(BinaryOp::IsNot, s("1"), ty),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            bin(BinaryOp::As, s("12"), s("int")),
            Ok(Value::Int(12))
        ));
        assert!(matches!(
            bin(BinaryOp::As, s("x"), s("int")),
            Ok(Value::Null)
        ));
        assert!(matches!(
            bin(BinaryOp::Xor, Value::Bool(true), Value::Int(1)),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            bin(BinaryOp::BOr, Value::Int(5), Value::Int(2)),
            Ok(Value::Int(7))
        ));
        assert!(matches!(
            bin(BinaryOp::Shl, Value::Int(1), Value::Int(4)),
            Ok(Value::Int(16))
        ));
        assert!(matches!(
            unary(UnaryOp::BNot, &Value::Int(0)),
            Ok(Value::Int(-1))
        ));
        assert!(matches!(
            unary(UnaryOp::Negate, &s("5")),
            Ok(Value::Int(-5))
        ));
        assert!(matches!(unary(UnaryOp::Not, &s("")), Ok(Value::Bool(true))));
    }

    #[test]
    fn sorting_order() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_values(&s("apple"), &s("Banana"), false), Less);
        assert_eq!(compare_values(&Value::Null, &Value::Int(1), false), Less);
        assert_eq!(
            compare_values(&Value::Int(10), &Value::Int(9), false),
            Greater
        );
        assert_eq!(compare_values(&s("a"), &s("A"), true), Less);
        assert!(equals(&s("A"), &s("a"), false));
        assert!(!equals(&s("A"), &s("a"), true));
    }
}
