//! PowerShell's conversion rules (`System.Management.Automation.LanguagePrimitives`):
//! truthiness, string conversion, numeric conversion, casts to named types and the .NET
//! type names of values.
//!
//! This module owns the invariant-culture text of values (`"$x"`, `[string]$x`). It must not
//! format for display (that is `format.rs`, which uses the en-US "current culture").

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::dates;
use super::errors::{ErrorCategory, ErrorInfo};
use super::value::{
    DateTime, DateTimeKind, Decimal, EnumValue, HashKey, Hashtable, OtherNumber, Property,
    PsObject, TypeValue, TypedList, Value,
};

/// The type name PowerShell shows for a PSCustomObject.
pub const PSCUSTOMOBJECT: &str = "System.Management.Automation.PSCustomObject";

// ---------------------------------------------------------------------------------------------
// Truthiness
// ---------------------------------------------------------------------------------------------

/// `LanguagePrimitives.IsTrue`: `$null`, zero, `""`, an empty collection and `$false` are
/// false; a one-element collection is its element's truth, except that a nested collection
/// there is true when it is non-empty; `"False"` and an empty hashtable are true.
pub fn is_true(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) | Value::Switch(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Long(i) => *i != 0,
        Value::Double(d) => *d != 0.0,
        Value::Decimal(d) => d.mantissa != 0,
        Value::OtherNumber(n) => other_to_f64(*n) != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => list_is_true(&a.borrow()),
        Value::List(l) => list_is_true(&l.borrow().items),
        // Type.GetTypeCode of an enum is its underlying integer type, so IsTrue treats an
        // enum as a number: the member with value 0 is false.
        Value::Enum(e) => e.value != 0,
        _ => true,
    }
}

fn list_is_true(items: &[Value]) -> bool {
    match items {
        [] => false,
        [one] => match one {
            Value::Array(a) => !a.borrow().is_empty(),
            Value::List(l) => !l.borrow().items.is_empty(),
            other => is_true(other),
        },
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/// PowerShell's string conversion in the invariant culture (`"$v"`, `[string]$v`): arrays are
/// joined with spaces ($OFS), nested collections inside them print their type name, doubles
/// print as .NET Framework's `Double.ToString()` (15 significant digits), dates as
/// `MM/dd/yyyy HH:mm:ss`.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::Array(a) => join_items(&a.borrow(), " "),
        Value::List(l) => join_items(&l.borrow().items, " "),
        other => scalar_to_string(other),
    }
}

/// Joins collection items as `$OFS` joining does: each item by its `ToString()`.
pub fn join_items(items: &[Value], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&scalar_to_string(item));
    }
    out
}

/// The `ToString()` of one value: a collection gives its type name, not its items.
pub fn scalar_to_string(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) | Value::Switch(b) => bool_str(*b).to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => format_double(*d),
        Value::Decimal(d) => format_decimal(*d),
        Value::OtherNumber(n) => match n {
            OtherNumber::Byte(x) => x.to_string(),
            OtherNumber::SByte(x) => x.to_string(),
            OtherNumber::Int16(x) => x.to_string(),
            OtherNumber::UInt16(x) => x.to_string(),
            OtherNumber::UInt32(x) => x.to_string(),
            OtherNumber::UInt64(x) => x.to_string(),
            OtherNumber::Single(x) => format_g(f64::from(*x), 7),
        },
        Value::String(s) => s.to_string(),
        Value::Char(c) => c.to_string(),
        Value::Array(_) | Value::List(_) | Value::Hashtable(_) => type_name(v),
        Value::Object(o) => object_to_string(&o.borrow()),
        Value::ScriptBlock(sb) => {
            let span = sb.block.span;
            let text = sb
                .source
                .text
                .get(span.start as usize..span.end as usize)
                .unwrap_or("");
            // `"$sb"` is the text between the braces.
            match text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(inner) => inner.to_string(),
                None => text.to_string(),
            }
        }
        Value::SecureString(_) | Value::Credential(_) => type_name(v),
        Value::DateTime(d) => dates::format_datetime(*d, "G", dates::Culture::Invariant),
        Value::TimeSpan(t) => dates::format_timespan(*t),
        Value::Guid(g) => format_guid(*g),
        Value::Enum(e) => e.name.to_string(),
        Value::Type(t) => type_display_name(&t.full_name),
    }
}

/// How PowerShell writes a type in a string (PS: ToStringCodeMethods.Type): C#-style
/// keywords for the built-in types (`int`, `string`, `int[]`), generic arguments in
/// brackets, the full name otherwise.
pub fn type_display_name(full: &str) -> String {
    if let Some(elem) = full.strip_suffix("[]") {
        return format!("{}[]", type_display_name(elem));
    }
    if let Some(rest) = full.strip_prefix("System.Collections.Generic.List`1[[")
        && let Some(arg) = rest.split(',').next()
    {
        return format!(
            "System.Collections.Generic.List[{}]",
            type_display_name(arg)
        );
    }
    match full {
        "System.Boolean" => "bool",
        "System.Byte" => "byte",
        "System.Char" => "char",
        "System.Decimal" => "decimal",
        "System.Double" => "double",
        "System.Single" => "float",
        "System.Int32" => "int",
        "System.Int64" => "long",
        "System.Object" => "System.Object",
        "System.SByte" => "sbyte",
        "System.Int16" => "short",
        "System.String" => "string",
        "System.UInt32" => "uint",
        "System.UInt64" => "ulong",
        "System.UInt16" => "ushort",
        "System.Void" => "void",
        other => other,
    }
    .to_string()
}

pub fn bool_str(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn object_to_string(o: &PsObject) -> String {
    if let Some(s) = &o.to_string {
        return s.to_string();
    }
    // `Select-Object` output is typed `Selected.<T>` but still a property bag.
    let is_custom =
        o.type_names.is_empty() || o.type_names.iter().any(|t| t.as_ref() == PSCUSTOMOBJECT);
    if is_custom {
        // PSObject.ToString for a property bag: `@{a=1; b=2}` (PS: engine/MshObject.cs).
        let mut out = String::from("@{");
        for (i, p) in o.properties.values().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            out.push_str(&p.name);
            out.push('=');
            out.push_str(&scalar_to_string(&p.value));
        }
        out.push('}');
        return out;
    }
    o.type_names
        .first()
        .map(|t| t.to_string())
        .unwrap_or_default()
}

pub fn format_guid(g: u128) -> String {
    let h = format!("{g:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `Double.ToString()` of .NET Framework: the "G" format with 15 significant digits.
pub fn format_double(d: f64) -> String {
    format_g(d, 15)
}

/// .NET's "G<precision>" format (invariant): fixed notation when the exponent is in
/// [-5, precision), else `d.dddE+XX` with at least two exponent digits.
pub fn format_g(d: f64, precision: usize) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if d == 0.0 {
        // .NET Framework prints negative zero as "0".
        return "0".into();
    }
    let p = precision.clamp(1, 17);
    let sci = format!("{:.*e}", p - 1, d);
    let (mant, exp) = match sci.split_once('e') {
        Some(x) => x,
        None => return sci,
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp > -5 && exp < p as i32 {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    }
    out
}

pub fn format_decimal(d: Decimal) -> String {
    let neg = d.mantissa < 0;
    let digits = d.mantissa.unsigned_abs().to_string();
    let scale = d.scale as usize;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(&digits);
    } else if digits.len() > scale {
        out.push_str(&digits[..digits.len() - scale]);
        out.push('.');
        out.push_str(&digits[digits.len() - scale..]);
    } else {
        out.push_str("0.");
        for _ in digits.len()..scale {
            out.push('0');
        }
        out.push_str(&digits);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

pub(crate) fn other_to_f64(n: OtherNumber) -> f64 {
    match n {
        OtherNumber::Byte(x) => f64::from(x),
        OtherNumber::SByte(x) => f64::from(x),
        OtherNumber::Int16(x) => f64::from(x),
        OtherNumber::UInt16(x) => f64::from(x),
        OtherNumber::UInt32(x) => f64::from(x),
        OtherNumber::UInt64(x) => x as f64,
        OtherNumber::Single(x) => f64::from(x),
    }
}

pub fn decimal_to_f64(d: Decimal) -> f64 {
    d.mantissa as f64 / 10f64.powi(d.scale as i32)
}

/// A double as a Decimal (28 significant digits at most), or `None` when out of range.
pub fn f64_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() || f.abs() >= 7.9e28 {
        return None;
    }
    // Through the 15-digit text, as .NET's Decimal(double) keeps 15 significant digits.
    parse_decimal(&format!("{:.15e}", f).replace('e', "E")).or_else(|| {
        let s = format_g(f, 15);
        parse_decimal(&s)
    })
}

/// Parses `[-]digits[.digits][E±n]` to a Decimal.
pub fn parse_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(p) => (&s[..p], s[p + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, mant.strip_prefix('+').unwrap_or(mant)),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut m: i128 = 0;
    for c in int.chars().chain(frac.chars()) {
        m = m.checked_mul(10)?.checked_add(i128::from(c as u8 - b'0'))?;
    }
    let mut scale = frac.len() as i32 - exp;
    while scale < 0 {
        m = m.checked_mul(10)?;
        scale += 1;
    }
    while scale > 28 {
        m /= 10;
        scale -= 1;
    }
    // 96-bit limit of System.Decimal.
    if m >= (1i128 << 96) {
        return None;
    }
    Some(Decimal {
        mantissa: if neg { -m } else { m },
        scale: scale as u32,
    })
}

/// Converts a value to a number for arithmetic (`LanguagePrimitives` numeric conversion):
/// numbers stay as they are, `$null`/`""` become 0, booleans 0/1, characters their code,
/// strings are parsed as PowerShell parses numbers (`0x1F`, `1kb`, `1e3`, `10l`, `1.5d`),
/// Int32 when the value fits, else Int64, else Double.
pub fn to_number(v: &Value) -> Result<Value, ErrorInfo> {
    match v {
        Value::Null => Ok(Value::Int(0)),
        Value::Bool(b) | Value::Switch(b) => Ok(Value::Int(i32::from(*b))),
        Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_) => Ok(v.clone()),
        Value::OtherNumber(n) => Ok(match n {
            OtherNumber::Byte(x) => Value::Int(i32::from(*x)),
            OtherNumber::SByte(x) => Value::Int(i32::from(*x)),
            OtherNumber::Int16(x) => Value::Int(i32::from(*x)),
            OtherNumber::UInt16(x) => Value::Int(i32::from(*x)),
            OtherNumber::UInt32(x) => Value::Long(i64::from(*x)),
            OtherNumber::UInt64(x) => match i64::try_from(*x) {
                Ok(l) => Value::Long(l),
                Err(_) => Value::Double(*x as f64),
            },
            OtherNumber::Single(x) => Value::Double(f64::from(*x)),
        }),
        Value::Char(c) => Ok(Value::Int(*c as i32)),
        Value::Enum(e) => Ok(match i32::try_from(e.value) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Long(e.value),
        }),
        Value::String(s) => {
            parse_number(s).ok_or_else(|| invalid_cast_string_to_int(s, "System.Int32"))
        }
        Value::Array(a) => {
            let items = a.borrow();
            match items.as_slice() {
                [one] => to_number(one),
                _ => Err(invalid_cast(v, "System.Int32")),
            }
        }
        _ => Err(invalid_cast(v, "System.Int32")),
    }
}

/// `Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a
/// correct format."` (ExtendedTypeSystem.resx InvalidCastExceptionWithInnerException; id from
/// LanguagePrimitives.ConvertStringToInteger).
fn invalid_cast_string_to_int(s: &str, ty: &str) -> ErrorInfo {
    cast_error(
        s,
        ty,
        "Input string was not in a correct format.",
        "InvalidCastFromStringToInteger",
    )
}

/// `Cannot convert value "{0}" to type "{1}". Error: "{2}"`.
pub fn cast_error(value_text: &str, ty: &str, inner: &str, id: &'static str) -> ErrorInfo {
    ErrorInfo::new(
        format!("Cannot convert value \"{value_text}\" to type \"{ty}\". Error: \"{inner}\""),
        id,
        ErrorCategory::InvalidArgument,
    )
}

/// `Cannot convert the "{0}" value of type "{1}" to type "{2}".` (InvalidCastException;
/// id ConvertToFinalInvalidCastException, LanguagePrimitives.ConvertNoConversion).
pub fn invalid_cast(v: &Value, ty: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!(
            "Cannot convert the \"{}\" value of type \"{}\" to type \"{}\".",
            to_string(v),
            type_name(v),
            ty
        ),
        "ConvertToFinalInvalidCastException",
        ErrorCategory::InvalidArgument,
    )
}

/// Parses a number the way PowerShell's tokenizer does when a string is used as a number
/// (PS: engine/parser/tokenizer.cs ScanNumber via LanguagePrimitives): surrounding
/// whitespace allowed, `""` is 0, hex `0x…`, `kb mb gb tb pb` multipliers, `l`/`d` type
/// suffixes, decimal point or exponent ⇒ Double.
pub fn parse_number(s: &str) -> Option<Value> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Value::Int(0));
    }
    let lower = t.to_ascii_lowercase();
    let (neg, body) = match lower.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    let mut body = body.to_string();
    let mut multiplier: i64 = 1;
    for (suffix, m) in [
        ("kb", 1i64 << 10),
        ("mb", 1 << 20),
        ("gb", 1 << 30),
        ("tb", 1 << 40),
        ("pb", 1 << 50),
    ] {
        if let Some(r) = body.strip_suffix(suffix) {
            body = r.to_string();
            multiplier = m;
            break;
        }
    }
    if let Some(hex) = body.strip_prefix("0x") {
        let (hex, long) = match hex.strip_suffix('l') {
            Some(h) => (h, true),
            None => (hex, false),
        };
        if hex.is_empty() || hex.len() > 16 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let raw = u64::from_str_radix(hex, 16).ok()?;
        // 0xFFFFFFFF is -1 as Int32: PowerShell reinterprets 8-digit hex as signed.
        let v: i64 = if !long && hex.len() <= 8 {
            i64::from(raw as u32 as i32)
        } else {
            raw as i64
        };
        let v = v.checked_mul(multiplier)?;
        let v = if neg { v.checked_neg()? } else { v };
        return Some(int_or_long(v, long));
    }
    if let Some(d) = body.strip_suffix('d') {
        let dec = parse_decimal(d)?;
        let dec = decimal_mul_int(dec, multiplier)?;
        return Some(Value::Decimal(if neg { decimal_neg(dec) } else { dec }));
    }
    let (body, long) = match body.strip_suffix('l') {
        Some(b) => (b, true),
        None => (body.as_str(), false),
    };
    if body.is_empty() {
        return None;
    }
    if body.chars().all(|c| c.is_ascii_digit()) {
        if let Some(v) = body
            .parse::<i64>()
            .ok()
            .and_then(|v| v.checked_mul(multiplier))
        {
            let v = if neg { -v } else { v };
            return Some(int_or_long(v, long));
        }
        let f: f64 = body.parse().ok()?;
        let f = f * multiplier as f64;
        return Some(Value::Double(if neg { -f } else { f }));
    }
    // Real: digits with '.', exponent.
    let valid = body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == 'e' || c == '-' || c == '+')
        && body.chars().any(|c| c.is_ascii_digit())
        && !body.starts_with('e');
    if !valid || long {
        return None;
    }
    let f: f64 = body.parse().ok()?;
    let f = f * multiplier as f64;
    Some(Value::Double(if neg { -f } else { f }))
}

fn int_or_long(v: i64, force_long: bool) -> Value {
    match i32::try_from(v) {
        Ok(i) if !force_long => Value::Int(i),
        _ => Value::Long(v),
    }
}

pub fn decimal_neg(d: Decimal) -> Decimal {
    Decimal {
        mantissa: -d.mantissa,
        scale: d.scale,
    }
}

fn decimal_mul_int(d: Decimal, m: i64) -> Option<Decimal> {
    Some(Decimal {
        mantissa: d.mantissa.checked_mul(i128::from(m))?,
        scale: d.scale,
    })
}

/// A number value as f64 (for Double arithmetic and comparisons).
pub fn num_to_f64(v: &Value) -> Option<f64> {
    Some(match v {
        Value::Int(i) => f64::from(*i),
        Value::Long(l) => *l as f64,
        Value::Double(d) => *d,
        Value::Decimal(d) => decimal_to_f64(*d),
        Value::OtherNumber(n) => other_to_f64(*n),
        _ => return None,
    })
}

/// Rounds half to even, as .NET's Convert.ToInt32(double) does.
pub fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/// The .NET full type name of a value, as `$x.GetType().FullName` prints it; `""` for `$null`.
pub fn type_name(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(_) => "System.Boolean".into(),
        Value::Int(_) => "System.Int32".into(),
        Value::Long(_) => "System.Int64".into(),
        Value::Double(_) => "System.Double".into(),
        Value::Decimal(_) => "System.Decimal".into(),
        Value::OtherNumber(n) => match n {
            OtherNumber::Byte(_) => "System.Byte",
            OtherNumber::SByte(_) => "System.SByte",
            OtherNumber::Int16(_) => "System.Int16",
            OtherNumber::UInt16(_) => "System.UInt16",
            OtherNumber::UInt32(_) => "System.UInt32",
            OtherNumber::UInt64(_) => "System.UInt64",
            OtherNumber::Single(_) => "System.Single",
        }
        .into(),
        Value::String(_) => "System.String".into(),
        Value::Char(_) => "System.Char".into(),
        Value::Array(_) => "System.Object[]".into(),
        Value::List(l) => list_type_name(&l.borrow().element_type),
        Value::Hashtable(h) => {
            if h.borrow().ordered {
                "System.Collections.Specialized.OrderedDictionary".into()
            } else {
                "System.Collections.Hashtable".into()
            }
        }
        Value::Object(o) => {
            let o = o.borrow();
            // GetType() of a property bag is PSCustomObject even when its first type name is
            // `Selected.<T>` (Select-Object) or a name added with PSTypeNames.Insert.
            if o.type_names.is_empty() || o.type_names.iter().any(|t| t.as_ref() == PSCUSTOMOBJECT)
            {
                PSCUSTOMOBJECT.into()
            } else {
                o.type_names
                    .first()
                    .map(|t| t.to_string())
                    .unwrap_or_default()
            }
        }
        Value::ScriptBlock(_) => "System.Management.Automation.ScriptBlock".into(),
        Value::SecureString(_) => "System.Security.SecureString".into(),
        Value::Credential(_) => "System.Management.Automation.PSCredential".into(),
        Value::DateTime(_) => "System.DateTime".into(),
        Value::TimeSpan(_) => "System.TimeSpan".into(),
        Value::Guid(_) => "System.Guid".into(),
        Value::Enum(e) => e.type_name.to_string(),
        Value::Type(_) => "System.RuntimeType".into(),
        Value::Switch(_) => "System.Management.Automation.SwitchParameter".into(),
    }
}

/// An ArrayList is carried as a [`TypedList`] whose element type is empty.
pub const ARRAYLIST_ELEMENT: &str = "";

fn list_type_name(element: &str) -> String {
    if element == ARRAYLIST_ELEMENT {
        return "System.Collections.ArrayList".into();
    }
    let full = resolve_type(element)
        .map(|t| t.full_name())
        .unwrap_or_else(|| element.to_string());
    format!(
        "System.Collections.Generic.List`1[[{full}, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]"
    )
}

/// The types the emulator knows by name (PowerShell's type accelerators and the full names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Object,
    Bool,
    Int,
    Long,
    Double,
    Single,
    Decimal,
    Byte,
    SByte,
    Int16,
    UInt16,
    UInt32,
    UInt64,
    String,
    Char,
    /// `T[]`.
    ArrayOf(Box<Ty>),
    /// System.Array (`[array]`).
    Array,
    Hashtable,
    Ordered,
    PsCustomObject,
    PsObject,
    DateTime,
    TimeSpan,
    Guid,
    Regex,
    Version,
    Switch,
    ScriptBlock,
    Void,
    Type,
    SecureString,
    Credential,
    /// `System.Collections.Generic.List[T]`.
    List(Box<Ty>),
    ArrayList,
    /// A type used only for its static members (`[math]`, `[convert]`…): its full name.
    Static(&'static str),
}

impl Ty {
    pub fn full_name(&self) -> String {
        match self {
            Ty::Object => "System.Object".into(),
            Ty::Bool => "System.Boolean".into(),
            Ty::Int => "System.Int32".into(),
            Ty::Long => "System.Int64".into(),
            Ty::Double => "System.Double".into(),
            Ty::Single => "System.Single".into(),
            Ty::Decimal => "System.Decimal".into(),
            Ty::Byte => "System.Byte".into(),
            Ty::SByte => "System.SByte".into(),
            Ty::Int16 => "System.Int16".into(),
            Ty::UInt16 => "System.UInt16".into(),
            Ty::UInt32 => "System.UInt32".into(),
            Ty::UInt64 => "System.UInt64".into(),
            Ty::String => "System.String".into(),
            Ty::Char => "System.Char".into(),
            Ty::ArrayOf(t) => format!("{}[]", t.full_name()),
            Ty::Array => "System.Array".into(),
            Ty::Hashtable => "System.Collections.Hashtable".into(),
            Ty::Ordered => "System.Collections.Specialized.OrderedDictionary".into(),
            Ty::PsCustomObject => PSCUSTOMOBJECT.into(),
            Ty::PsObject => "System.Management.Automation.PSObject".into(),
            Ty::DateTime => "System.DateTime".into(),
            Ty::TimeSpan => "System.TimeSpan".into(),
            Ty::Guid => "System.Guid".into(),
            Ty::Regex => "System.Text.RegularExpressions.Regex".into(),
            Ty::Version => "System.Version".into(),
            Ty::Switch => "System.Management.Automation.SwitchParameter".into(),
            Ty::ScriptBlock => "System.Management.Automation.ScriptBlock".into(),
            Ty::Void => "System.Void".into(),
            Ty::Type => "System.Type".into(),
            Ty::SecureString => "System.Security.SecureString".into(),
            Ty::Credential => "System.Management.Automation.PSCredential".into(),
            Ty::List(t) => list_type_name(&t.full_name()),
            Ty::ArrayList => "System.Collections.ArrayList".into(),
            Ty::Static(n) => (*n).into(),
        }
    }
}

/// Resolves a type name as written in `[...]` (case-insensitive; accelerators, full names,
/// `System.` optional as PowerShell allows, `T[]`, `List[T]`).
pub fn resolve_type(name: &str) -> Option<Ty> {
    let n = name.trim();
    let n = n
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(n)
        .trim();
    if let Some(elem) = n.strip_suffix("[]") {
        return Some(Ty::ArrayOf(Box::new(resolve_type(elem)?)));
    }
    // The .NET spelling of a generic list, as `type_name` produces it.
    if let Some((base, rest)) = n.split_once("`1[[")
        && base
            .to_ascii_lowercase()
            .ends_with("collections.generic.list")
    {
        let arg = rest.split(',').next()?.trim_end_matches(']');
        return Some(Ty::List(Box::new(resolve_type(arg)?)));
    }
    if let Some(open) = n.find('[')
        && n.ends_with(']')
    {
        let base = n[..open].to_ascii_lowercase();
        let arg = &n[open + 1..n.len() - 1];
        let base = base.strip_prefix("system.").unwrap_or(&base);
        let base = base.strip_suffix("`1").unwrap_or(base);
        if base == "collections.generic.list" {
            return Some(Ty::List(Box::new(resolve_type(arg)?)));
        }
        return None;
    }
    let lower = n.to_ascii_lowercase();
    let short = lower.strip_prefix("system.").unwrap_or(&lower);
    Some(match short {
        "object" => Ty::Object,
        "bool" | "boolean" => Ty::Bool,
        "int" | "int32" => Ty::Int,
        "long" | "int64" => Ty::Long,
        "double" => Ty::Double,
        // PowerShell's [float] is System.Single.
        "float" | "single" => Ty::Single,
        "decimal" => Ty::Decimal,
        "byte" => Ty::Byte,
        "sbyte" => Ty::SByte,
        "short" | "int16" => Ty::Int16,
        "ushort" | "uint16" => Ty::UInt16,
        "uint" | "uint32" => Ty::UInt32,
        "ulong" | "uint64" => Ty::UInt64,
        "string" => Ty::String,
        "char" => Ty::Char,
        "array" => Ty::Array,
        "hashtable" | "collections.hashtable" => Ty::Hashtable,
        "ordered" | "collections.specialized.ordereddictionary" => Ty::Ordered,
        "pscustomobject" | "management.automation.pscustomobject" => Ty::PsCustomObject,
        "psobject" | "management.automation.psobject" => Ty::PsObject,
        "datetime" => Ty::DateTime,
        "timespan" => Ty::TimeSpan,
        "guid" => Ty::Guid,
        "regex" | "text.regularexpressions.regex" => Ty::Regex,
        "version" => Ty::Version,
        "switch" | "management.automation.switchparameter" => Ty::Switch,
        "scriptblock" | "management.automation.scriptblock" => Ty::ScriptBlock,
        "void" => Ty::Void,
        "type" | "runtimetype" => Ty::Type,
        "securestring" | "security.securestring" => Ty::SecureString,
        "pscredential" | "management.automation.pscredential" => Ty::Credential,
        "collections.arraylist" => Ty::ArrayList,
        "math" => Ty::Static("System.Math"),
        "convert" => Ty::Static("System.Convert"),
        "environment" => Ty::Static("System.Environment"),
        "io.path" => Ty::Static("System.IO.Path"),
        "io.file" => Ty::Static("System.IO.File"),
        "text.encoding" => Ty::Static("System.Text.Encoding"),
        "management.automation.actionpreference" => {
            Ty::Static("System.Management.Automation.ActionPreference")
        }
        "dayofweek" => Ty::Static("System.DayOfWeek"),
        "stringsplitoptions" => Ty::Static("System.StringSplitOptions"),
        "consolecolor" => Ty::Static("System.ConsoleColor"),
        _ => return None,
    })
}

/// `Unable to find type [X]. Make sure that the assembly that contains this type is loaded.`
/// (ParserStrings.resx TypeNotFound; category InvalidOperation, target `X` as a TypeName).
pub fn type_not_found(name: &str) -> ErrorInfo {
    let name = name.trim();
    let name = name
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(name);
    ErrorInfo::new(
        format!(
            "Unable to find type [{name}]. Make sure that the assembly that contains this type is loaded."
        ),
        "TypeNotFound",
        ErrorCategory::InvalidOperation,
    )
    .target(Value::str(name))
}

/// A type value for a resolved name (`[string]` as an expression).
pub fn type_value(name: &str) -> Result<Value, ErrorInfo> {
    let ty = resolve_type(name).ok_or_else(|| type_not_found(name))?;
    Ok(Value::Type(Rc::new(TypeValue {
        full_name: Rc::from(ty.full_name()),
    })))
}

/// Is `v` an instance of the named type (`-is`)? Unknown names are a TypeNotFound error.
pub fn is_instance(v: &Value, type_name_text: &str) -> Result<bool, ErrorInfo> {
    if !v.is_null() && type_name(v).eq_ignore_ascii_case(type_name_text.trim()) {
        return Ok(true);
    }
    let Some(ty) = resolve_type(type_name_text) else {
        // A type the emulator does not model but an object claims (Lync types).
        if let Value::Object(o) = v {
            let want = type_name_text
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']');
            let o = o.borrow();
            if o.type_names.iter().any(|t| {
                t.eq_ignore_ascii_case(want)
                    || t.rsplit('.')
                        .next()
                        .is_some_and(|s| s.eq_ignore_ascii_case(want))
            }) {
                return Ok(true);
            }
        }
        if let Value::Enum(e) = v
            && e.type_name.eq_ignore_ascii_case(type_name_text.trim())
        {
            return Ok(true);
        }
        return Err(type_not_found(type_name_text));
    };
    Ok(match (&ty, v) {
        (_, Value::Null) => false,
        (Ty::Object | Ty::PsObject, _) => true,
        (Ty::Array, Value::Array(_)) => true,
        (Ty::ArrayOf(e), Value::Array(_)) => **e == Ty::Object,
        (Ty::Type, Value::Type(_)) => true,
        (Ty::Hashtable, Value::Hashtable(h)) => !h.borrow().ordered,
        (Ty::Ordered, Value::Hashtable(h)) => h.borrow().ordered,
        (Ty::Static(n), Value::Enum(e)) => e.type_name.as_ref() == *n,
        _ => type_name(v) == ty.full_name(),
    })
}

// ---------------------------------------------------------------------------------------------
// Casts
// ---------------------------------------------------------------------------------------------

/// `[T]$v`: converts a value to a named type with PowerShell's rules and error texts.
pub fn convert_to_type(v: &Value, type_name_text: &str) -> Result<Value, ErrorInfo> {
    let ty = resolve_type(type_name_text).ok_or_else(|| type_not_found(type_name_text))?;
    convert_to(v, &ty)
}

/// Converts to a resolved type.
pub fn convert_to(v: &Value, ty: &Ty) -> Result<Value, ErrorInfo> {
    let full = ty.full_name();
    match ty {
        Ty::Object | Ty::PsObject => Ok(v.clone()),
        Ty::Void => Ok(Value::Null),
        Ty::String => Ok(match v {
            // `[string]$null` is the empty string (LanguagePrimitives.ConvertNullToString).
            Value::Null => Value::str(""),
            Value::String(_) => v.clone(),
            _ => Value::String(Rc::from(to_string(v))),
        }),
        Ty::Bool => Ok(Value::Bool(is_true(v))),
        Ty::Switch => Ok(Value::Switch(is_true(v))),
        Ty::Int | Ty::Long | Ty::Byte | Ty::SByte | Ty::Int16 | Ty::UInt16 | Ty::UInt32 | Ty::UInt64 => {
            to_integer(v, ty, &full)
        }
        Ty::Double | Ty::Single => {
            let n = numeric_for_cast(v, &full, "InvalidCastFromStringToDoubleOrSingle")?;
            let f = num_to_f64(&n).unwrap_or(0.0);
            Ok(if *ty == Ty::Single {
                Value::OtherNumber(OtherNumber::Single(f as f32))
            } else {
                Value::Double(f)
            })
        }
        Ty::Decimal => {
            if let Value::String(s) = v
                && let Some(d) = parse_decimal(s)
            {
                return Ok(Value::Decimal(d));
            }
            let n = numeric_for_cast(v, &full, "InvalidCastFromStringToDecimal")?;
            match n {
                Value::Int(i) => Ok(Value::Decimal(Decimal {
                    mantissa: i128::from(i),
                    scale: 0,
                })),
                Value::Long(i) => Ok(Value::Decimal(Decimal {
                    mantissa: i128::from(i),
                    scale: 0,
                })),
                Value::Decimal(d) => Ok(Value::Decimal(d)),
                other => {
                    let f = num_to_f64(&other).unwrap_or(0.0);
                    f64_to_decimal(f).map(Value::Decimal).ok_or_else(|| {
                        cast_error(
                            &to_string(v),
                            &full,
                            "Value was either too large or too small for a Decimal.",
                            "InvalidCastIConvertible",
                        )
                    })
                }
            }
        }
        Ty::Char => match v {
            Value::Char(_) => Ok(v.clone()),
            Value::String(s) => {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => Ok(Value::Char(c)),
                    _ => Err(cast_error(
                        s,
                        &full,
                        "String must be exactly one character long.",
                        "InvalidCastParseTargetInvocation",
                    )),
                }
            }
            Value::Null => Ok(Value::Char('\0')),
            _ => {
                let n = to_integer(v, &Ty::UInt16, "System.Char")?;
                let code = match n {
                    Value::OtherNumber(OtherNumber::UInt16(c)) => u32::from(c),
                    _ => 0,
                };
                Ok(Value::Char(char::from_u32(code).unwrap_or('\u{fffd}')))
            }
        },
        Ty::Array | Ty::ArrayOf(_) => {
            let items: Vec<Value> = match v {
                // A null stays null for reference types.
                Value::Null => return Ok(Value::Null),
                Value::Array(a) => a.borrow().clone(),
                Value::List(l) => l.borrow().items.clone(),
                other => vec![other.clone()],
            };
            let items = match ty {
                Ty::ArrayOf(elem) if **elem != Ty::Object => items
                    .iter()
                    .map(|x| convert_to(x, elem))
                    .collect::<Result<Vec<_>, _>>()?,
                _ => {
                    if let Value::Array(_) = v {
                        // `[object[]]$a` / `[array]$a` keeps the same array.
                        return Ok(v.clone());
                    }
                    items
                }
            };
            Ok(Value::array(items))
        }
        Ty::List(elem) => {
            let items: Vec<Value> = match v {
                Value::Null => return Ok(Value::Null),
                Value::Array(a) => a.borrow().clone(),
                Value::List(l) => l.borrow().items.clone(),
                other => vec![other.clone()],
            };
            let items = if **elem == Ty::Object {
                items
            } else {
                items
                    .iter()
                    .map(|x| convert_to(x, elem))
                    .collect::<Result<Vec<_>, _>>()?
            };
            Ok(Value::List(Rc::new(RefCell::new(TypedList {
                element_type: Rc::from(elem.full_name()),
                items,
            }))))
        }
        Ty::ArrayList => {
            let items: Vec<Value> = match v {
                Value::Null => return Ok(Value::Null),
                Value::Array(a) => a.borrow().clone(),
                Value::List(l) => l.borrow().items.clone(),
                other => vec![other.clone()],
            };
            Ok(Value::List(Rc::new(RefCell::new(TypedList {
                element_type: Rc::from(ARRAYLIST_ELEMENT),
                items,
            }))))
        }
        Ty::Hashtable | Ty::Ordered => match v {
            Value::Null => Ok(Value::Null),
            Value::Hashtable(h) => {
                if *ty == Ty::Ordered && !h.borrow().ordered {
                    let mut copy = h.borrow().clone();
                    copy.ordered = true;
                    Ok(Value::Hashtable(Rc::new(RefCell::new(copy))))
                } else {
                    Ok(v.clone())
                }
            }
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::PsCustomObject => match v {
            Value::Hashtable(h) => Ok(object_from_hashtable(&h.borrow())),
            // `[pscustomobject]` on anything else returns the value itself (wrapped in a
            // PSObject in the real engine, which is invisible here).
            _ => Ok(v.clone()),
        },
        Ty::DateTime => match v {
            Value::DateTime(_) => Ok(v.clone()),
            Value::String(s) => dates::parse_datetime(s).map(Value::DateTime).ok_or_else(|| {
                cast_error(
                    s,
                    &full,
                    "String was not recognized as a valid DateTime.",
                    "InvalidCastParseTargetInvocation",
                )
            }),
            Value::Long(t) if (0..=dates::MAX_TICKS).contains(t) => Ok(Value::DateTime(DateTime {
                ticks: *t,
                kind: DateTimeKind::Unspecified,
            })),
            Value::Int(t) if *t >= 0 => Ok(Value::DateTime(DateTime {
                ticks: i64::from(*t),
                kind: DateTimeKind::Unspecified,
            })),
            Value::Null => Err(null_cast(&full)),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::TimeSpan => match v {
            Value::TimeSpan(_) => Ok(v.clone()),
            Value::String(s) => dates::parse_timespan(s).map(Value::TimeSpan).ok_or_else(|| {
                cast_error(
                    s,
                    &full,
                    "String was not recognized as a valid TimeSpan.",
                    "InvalidCastParseTargetInvocation",
                )
            }),
            Value::Int(t) => Ok(Value::TimeSpan(i64::from(*t))),
            Value::Long(t) => Ok(Value::TimeSpan(*t)),
            Value::Null => Err(null_cast(&full)),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::Guid => match v {
            Value::Guid(_) => Ok(v.clone()),
            Value::String(s) => parse_guid(s).map(Value::Guid).ok_or_else(|| {
                cast_error(
                    s,
                    &full,
                    "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
                    "InvalidCastParseTargetInvocation",
                )
            }),
            Value::Null => Err(null_cast(&full)),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::Regex => {
            if let Value::Object(o) = v
                && o.borrow().type_names.first().is_some_and(|t| t.as_ref() == full)
            {
                return Ok(v.clone());
            }
            let pattern = to_string(v);
            if let Err(msg) = super::ops::check_regex(&pattern) {
                return Err(ErrorInfo::new(
                    format!(
                        "Cannot convert value \"{pattern}\" to type \"{full}\". Error: \"{msg}\""
                    ),
                    "InvalidCastConstructorException",
                    ErrorCategory::InvalidArgument,
                ));
            }
            Ok(regex_object(&pattern))
        }
        Ty::Version => {
            let s = to_string(v);
            parse_version(&s).ok_or_else(|| {
                cast_error(
                    &s,
                    &full,
                    "Version string portion was too short or too long.",
                    "InvalidCastParseTargetInvocation",
                )
            })
        }
        Ty::ScriptBlock => match v {
            Value::ScriptBlock(_) => Ok(v.clone()),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::Type => match v {
            Value::Type(_) => Ok(v.clone()),
            Value::String(s) => type_value(s),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::SecureString => match v {
            Value::SecureString(_) => Ok(v.clone()),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::Credential => match v {
            Value::Credential(_) => Ok(v.clone()),
            _ => Err(invalid_cast(v, &full)),
        },
        Ty::Static(_) => match v {
            Value::Enum(e) if e.type_name.as_ref() == full => Ok(v.clone()),
            _ => Err(invalid_cast(v, &full)),
        },
    }
}

/// `Cannot convert null to type "{0}".` (ExtendedTypeSystem.resx InvalidCastFromNull).
fn null_cast(ty: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!("Cannot convert null to type \"{ty}\"."),
        "nullToObjectInvalidCast",
        ErrorCategory::InvalidArgument,
    )
}

/// A PSCustomObject whose properties are the hashtable's entries in key order.
pub fn object_from_hashtable(h: &Hashtable) -> Value {
    let mut props = IndexMap::new();
    for (k, val) in h.entries.values() {
        let name: Rc<str> = Rc::from(to_string(k));
        props.insert(
            name.clone(),
            Property {
                name,
                value: val.clone(),
                type_name: None,
                settable: true,
            },
        );
    }
    Value::object(PsObject {
        type_names: vec![Rc::from(PSCUSTOMOBJECT), Rc::from("System.Object")],
        properties: props,
        to_string: None,
        hidden: None,
    })
}

/// A System.Text.RegularExpressions.Regex value: an object whose string form is the pattern.
pub fn regex_object(pattern: &str) -> Value {
    let mut props = IndexMap::new();
    let name: Rc<str> = Rc::from("Options");
    props.insert(
        name.clone(),
        Property {
            name,
            value: Value::str("None"),
            type_name: Some(Rc::from("System.Text.RegularExpressions.RegexOptions")),
            settable: false,
        },
    );
    Value::object(PsObject {
        type_names: vec![
            Rc::from("System.Text.RegularExpressions.Regex"),
            Rc::from("System.Object"),
        ],
        properties: props,
        to_string: Some(Rc::from(pattern)),
        hidden: None,
    })
}

fn parse_version(s: &str) -> Option<Value> {
    let parts: Vec<&str> = s.trim().split('.').collect();
    if !(2..=4).contains(&parts.len()) {
        return None;
    }
    let nums: Vec<i32> = parts
        .iter()
        .map(|p| p.parse::<i32>().ok().filter(|n| *n >= 0))
        .collect::<Option<Vec<_>>>()?;
    let mut props = IndexMap::new();
    for (i, n) in ["Major", "Minor", "Build", "Revision"].iter().enumerate() {
        let name: Rc<str> = Rc::from(*n);
        props.insert(
            name.clone(),
            Property {
                name,
                value: Value::Int(nums.get(i).copied().unwrap_or(-1)),
                type_name: Some(Rc::from("System.Int32")),
                settable: false,
            },
        );
    }
    Some(Value::object(PsObject {
        type_names: vec![Rc::from("System.Version"), Rc::from("System.Object")],
        properties: props,
        to_string: Some(Rc::from(
            nums.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("."),
        )),
        hidden: None,
    }))
}

/// Parses the `D`, `N`, `B` and `P` forms of a GUID.
pub fn parse_guid(s: &str) -> Option<u128> {
    let t = s.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .or_else(|| t.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
        .unwrap_or(t);
    let hex: String = if t.len() == 36 {
        let b = t.as_bytes();
        if [8, 13, 18, 23].iter().any(|&i| b.get(i) != Some(&b'-')) {
            return None;
        }
        t.chars().filter(|c| *c != '-').collect()
    } else if t.len() == 32 {
        t.to_string()
    } else {
        return None;
    };
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok()
}

/// Converts to a number for a numeric cast; strings failing to parse give `id`.
fn numeric_for_cast(v: &Value, full: &str, id: &'static str) -> Result<Value, ErrorInfo> {
    match v {
        Value::String(s) => parse_number(s)
            .ok_or_else(|| cast_error(s, full, "Input string was not in a correct format.", id)),
        Value::Null | Value::Bool(_) | Value::Switch(_) | Value::Char(_) | Value::Enum(_) => {
            to_number(v)
        }
        Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::OtherNumber(_) => to_number(v),
        _ => Err(invalid_cast(v, full)),
    }
}

/// Integer casts: doubles are rounded half to even (Convert.ToInt32), out-of-range values are
/// an error naming the target type.
fn to_integer(v: &Value, ty: &Ty, full: &str) -> Result<Value, ErrorInfo> {
    let n = numeric_for_cast(v, full, "InvalidCastFromStringToInteger")?;
    let wide: i128 = match &n {
        Value::Int(i) => i128::from(*i),
        Value::Long(l) => i128::from(*l),
        Value::Decimal(d) => {
            let f = decimal_to_f64(*d);
            round_half_even(f) as i128
        }
        other => {
            let f = num_to_f64(other).unwrap_or(0.0);
            if !f.is_finite() || f.abs() > 1.9e19 {
                return Err(overflow(v, ty, full));
            }
            round_half_even(f) as i128
        }
    };
    let out = match ty {
        Ty::Int => i32::try_from(wide).ok().map(Value::Int),
        Ty::Long => i64::try_from(wide).ok().map(Value::Long),
        Ty::Byte => u8::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::Byte(x))),
        Ty::SByte => i8::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::SByte(x))),
        Ty::Int16 => i16::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::Int16(x))),
        Ty::UInt16 => u16::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::UInt16(x))),
        Ty::UInt32 => u32::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::UInt32(x))),
        Ty::UInt64 => u64::try_from(wide)
            .ok()
            .map(|x| Value::OtherNumber(OtherNumber::UInt64(x))),
        _ => None,
    };
    out.ok_or_else(|| overflow(v, ty, full))
}

fn overflow(v: &Value, ty: &Ty, full: &str) -> ErrorInfo {
    let short = full.strip_prefix("System.").unwrap_or(full);
    let article = if matches!(
        ty,
        Ty::Int | Ty::Int16 | Ty::UInt16 | Ty::UInt32 | Ty::UInt64
    ) {
        if short.starts_with('I') || short.starts_with('U') {
            "an"
        } else {
            "a"
        }
    } else {
        "a"
    };
    // .NET's OverflowException text, e.g. "Value was either too large or too small for an
    // Int32." (mscorlib Overflow_Int32), wrapped by PowerShell's InvalidCastIConvertible.
    cast_error(
        &to_string(v),
        full,
        &format!("Value was either too large or too small for {article} {short}."),
        "InvalidCastIConvertible",
    )
}

/// Converts a value to a member of an enum type: names match case-insensitively; a
/// comma-separated list combines flags (its value is the OR of the members' positions as
/// stand-in values); a number selects by position. Failure gives PowerShell's text
/// (LanguagePrimitives + EnumMinimumDisambiguation; the list follows a line break in Windows
/// PowerShell).
pub fn convert_to_enum(v: &Value, enum_type: &str, names: &[&str]) -> Result<Value, ErrorInfo> {
    if let Value::Enum(e) = v
        && e.type_name.eq_ignore_ascii_case(enum_type)
    {
        return Ok(v.clone());
    }
    let make = |idx: usize, name: &str| -> Value {
        Value::Enum(Rc::new(EnumValue {
            type_name: Rc::from(enum_type),
            name: Rc::from(name),
            value: idx as i64,
        }))
    };
    match v {
        Value::Int(_) | Value::Long(_) => {
            let n = match v {
                Value::Int(i) => i64::from(*i),
                Value::Long(l) => *l,
                _ => 0,
            };
            if let Some(name) = usize::try_from(n).ok().and_then(|i| names.get(i)) {
                return Ok(make(n as usize, name));
            }
            return Err(ErrorInfo::new(
                format!(
                    "Cannot convert value \"{n}\" to type \"{enum_type}\" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are \"{}\".",
                    names.join(", ")
                ),
                "RuntimeException",
                ErrorCategory::InvalidArgument,
            ));
        }
        Value::Null => {
            return Err(ErrorInfo::new(
                format!(
                    "Cannot convert null to type \"{enum_type}\" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are \"{}\".",
                    names.join(", ")
                ),
                "RuntimeException",
                ErrorCategory::InvalidArgument,
            ));
        }
        _ => {}
    }
    let text = to_string(v);
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let mut found: Vec<(usize, &str)> = Vec::new();
    for part in &parts {
        // Exact names win; otherwise a unique prefix is accepted and several prefixes are an
        // error (PS: engine/EnumMinimumDisambiguation.cs).
        let exact = names.iter().position(|n| n.eq_ignore_ascii_case(part));
        let prefixed: Vec<usize> = if exact.is_some() || part.is_empty() {
            Vec::new()
        } else {
            let lp = part.to_lowercase();
            names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.to_lowercase().starts_with(&lp))
                .map(|(i, _)| i)
                .collect()
        };
        if prefixed.len() > 1 {
            let list: Vec<&str> = prefixed
                .iter()
                .filter_map(|i| names.get(*i).copied())
                .collect();
            return Err(cast_error(
                &text,
                enum_type,
                &format!(
                    "The identifier name {part} cannot be processed because it is either too similar or identical to the following enumerator names: {}. Use a more specific identifier name.",
                    list.join(", ")
                ),
                "RuntimeException",
            ));
        }
        match exact.or(prefixed.first().copied()) {
            Some(i) => found.push((i, names.get(i).copied().unwrap_or(part))),
            None => {
                return Err(cast_error(
                    &text,
                    enum_type,
                    &format!(
                        "Unable to match the identifier name {part} to a valid enumerator name. Specify one of the following enumerator names and try again:\n{}",
                        names.join(", ")
                    ),
                    "RuntimeException",
                ));
            }
        }
    }
    match found.as_slice() {
        [(i, name)] => Ok(make(*i, name)),
        _ => {
            let joined: Vec<&str> = found.iter().map(|(_, n)| *n).collect();
            let value = found
                .iter()
                .fold(0i64, |acc, (i, _)| acc | (1i64 << (*i).min(62)));
            Ok(Value::Enum(Rc::new(EnumValue {
                type_name: Rc::from(enum_type),
                name: Rc::from(joined.join(", ")),
                value,
            })))
        }
    }
}

/// The normalised key a value has in a hashtable.
pub fn hash_key(k: &Value) -> HashKey {
    match k {
        Value::Null => HashKey::Null,
        Value::String(s) => HashKey::Str(s.to_lowercase()),
        Value::Char(c) => HashKey::Other(format!("char:{c}")),
        Value::Int(i) => HashKey::Int(i64::from(*i)),
        Value::Long(l) => HashKey::Int(*l),
        Value::Bool(b) => HashKey::Bool(*b),
        other => HashKey::Other(format!("{}:{}", type_name(other), to_string(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(items: Vec<Value>) -> Value {
        Value::array(items)
    }

    #[test]
    fn truthiness() {
        assert!(!is_true(&Value::Null));
        assert!(!is_true(&Value::Int(0)));
        assert!(is_true(&Value::Int(-1)));
        assert!(!is_true(&Value::str("")));
        assert!(is_true(&Value::str("False")));
        assert!(is_true(&Value::str("0")));
        assert!(!is_true(&arr(vec![])));
        assert!(!is_true(&arr(vec![Value::Int(0)])));
        assert!(is_true(&arr(vec![Value::Int(0), Value::Int(0)])));
        assert!(!is_true(&arr(vec![arr(vec![])])));
        assert!(is_true(&arr(vec![arr(vec![Value::Int(0)])])));
        assert!(is_true(&Value::Hashtable(Default::default())));
        assert!(!is_true(&Value::Double(0.0)));
        assert!(!is_true(&Value::Switch(false)));
        assert!(is_true(&Value::Char('\0')));
        let e = |v| {
            Value::Enum(Rc::new(EnumValue {
                type_name: Rc::from("System.ConsoleColor"),
                name: Rc::from("X"),
                value: v,
            }))
        };
        assert!(!is_true(&e(0)));
        assert!(is_true(&e(4)));
    }

    #[test]
    fn doubles_print_like_dotnet_framework() {
        assert_eq!(format_double(1.5), "1.5");
        assert_eq!(format_double(1e20), "1E+20");
        assert_eq!(format_double(0.1), "0.1");
        assert_eq!(format_double(0.1 + 0.2), "0.3");
        assert_eq!(format_double(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_double(100000.0), "100000");
        assert_eq!(format_double(1e15), "1E+15");
        assert_eq!(format_double(123456789012345.0), "123456789012345");
        assert_eq!(format_double(0.0001), "0.0001");
        assert_eq!(format_double(0.00001), "1E-05");
        assert_eq!(format_double(-2.5), "-2.5");
        assert_eq!(format_double(f64::NAN), "NaN");
        assert_eq!(format_double(2147483648.0), "2147483648");
    }

    #[test]
    fn strings() {
        assert_eq!(to_string(&Value::Bool(true)), "True");
        assert_eq!(to_string(&Value::Null), "");
        assert_eq!(
            to_string(&arr(vec![Value::Int(1), Value::Null, Value::str("a")])),
            "1  a"
        );
        assert_eq!(
            to_string(&arr(vec![arr(vec![Value::Int(1)]), Value::Int(3)])),
            "System.Object[] 3"
        );
        assert_eq!(
            to_string(&Value::Hashtable(Default::default())),
            "System.Collections.Hashtable"
        );
        let mut h = Hashtable::default();
        h.entries
            .insert(hash_key(&Value::str("a")), (Value::str("a"), Value::Int(1)));
        h.entries.insert(
            hash_key(&Value::str("b")),
            (Value::str("b"), arr(vec![Value::Int(1), Value::Int(2)])),
        );
        assert_eq!(
            to_string(&object_from_hashtable(&h)),
            "@{a=1; b=System.Object[]}"
        );
        let d = dates::ticks_from_parts(2013, 7, 22, 15, 48, 14, 0).unwrap();
        assert_eq!(
            to_string(&Value::DateTime(DateTime {
                ticks: d,
                kind: DateTimeKind::Local
            })),
            "07/22/2013 15:48:14"
        );
        assert_eq!(
            to_string(&Value::Guid(0x0123456789abcdef0123456789abcdef)),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
        assert_eq!(
            to_string(&Value::Decimal(Decimal {
                mantissa: 150,
                scale: 2
            })),
            "1.50"
        );
    }

    #[test]
    fn numbers_from_strings() {
        let n = |s: &str| to_number(&Value::str(s)).map(|v| to_string(&v));
        assert_eq!(n("42").unwrap(), "42");
        assert!(matches!(to_number(&Value::str(" 42 ")), Ok(Value::Int(42))));
        assert!(matches!(to_number(&Value::str("")), Ok(Value::Int(0))));
        assert!(matches!(to_number(&Value::str("0x10")), Ok(Value::Int(16))));
        assert!(matches!(
            to_number(&Value::str("0xFFFFFFFF")),
            Ok(Value::Int(-1))
        ));
        assert!(matches!(
            to_number(&Value::str("1kb")),
            Ok(Value::Int(1024))
        ));
        assert!(matches!(
            to_number(&Value::str("3000000000")),
            Ok(Value::Long(3_000_000_000))
        ));
        assert!(matches!(to_number(&Value::str("1.5")), Ok(Value::Double(x)) if x == 1.5));
        assert!(matches!(to_number(&Value::str("1e3")), Ok(Value::Double(x)) if x == 1000.0));
        assert!(matches!(to_number(&Value::str("10l")), Ok(Value::Long(10))));
        assert!(matches!(to_number(&Value::Bool(true)), Ok(Value::Int(1))));
        assert!(matches!(to_number(&Value::Null), Ok(Value::Int(0))));
        let e = to_number(&Value::str("abc")).unwrap_err();
        assert_eq!(
            e.message,
            "Cannot convert value \"abc\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\""
        );
        assert_eq!(e.error_id, "InvalidCastFromStringToInteger");
        assert_eq!(e.category, ErrorCategory::InvalidArgument);
    }

    #[test]
    fn casts() {
        let c = |v: Value, t: &str| convert_to_type(&v, t);
        assert!(matches!(c(Value::str("12"), "int"), Ok(Value::Int(12))));
        assert!(matches!(
            c(Value::str("12"), "System.Int32"),
            Ok(Value::Int(12))
        ));
        assert!(matches!(c(Value::Double(2.5), "int"), Ok(Value::Int(2))));
        assert!(matches!(c(Value::Double(3.5), "int"), Ok(Value::Int(4))));
        assert!(matches!(c(Value::str("1.5"), "int"), Ok(Value::Int(2))));
        assert!(matches!(c(Value::Int(5), "LONG"), Ok(Value::Long(5))));
        assert!(matches!(c(Value::str("x"), "char"), Ok(Value::Char('x'))));
        assert!(matches!(c(Value::Int(65), "char"), Ok(Value::Char('A'))));
        assert!(matches!(
            c(Value::str("False"), "bool"),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(c(Value::Int(0), "bool"), Ok(Value::Bool(false))));
        assert!(matches!(c(Value::Int(1), "string"), Ok(Value::String(s)) if &*s == "1"));
        assert!(matches!(c(Value::Null, "string"), Ok(Value::String(s)) if s.is_empty()));
        assert!(matches!(c(Value::Null, "string[]"), Ok(Value::Null)));
        assert!(matches!(c(Value::Null, "int"), Ok(Value::Int(0))));
        let e = c(Value::str("abc"), "int").unwrap_err();
        assert_eq!(e.error_id, "InvalidCastFromStringToInteger");
        let e = c(Value::Long(1 << 40), "int").unwrap_err();
        assert_eq!(
            e.message,
            "Cannot convert value \"1099511627776\" to type \"System.Int32\". Error: \"Value was either too large or too small for an Int32.\""
        );
        let e = c(Value::Int(300), "byte").unwrap_err();
        assert!(e.message.ends_with("too small for a Byte.\""));
        let e = c(Value::Int(1), "Foo.Bar").unwrap_err();
        assert_eq!(
            e.message,
            "Unable to find type [Foo.Bar]. Make sure that the assembly that contains this type is loaded."
        );
        assert_eq!(e.error_id, "TypeNotFound");
        assert_eq!(e.category, ErrorCategory::InvalidOperation);
        // Arrays
        let a = c(Value::str("5"), "int[]").unwrap();
        assert_eq!(type_name(&a), "System.Object[]");
        assert_eq!(to_string(&a), "5");
        let a = c(arr(vec![Value::str("1"), Value::str("2")]), "int[]").unwrap();
        assert!(matches!(&a, Value::Array(x) if matches!(x.borrow()[1], Value::Int(2))));
        let l = c(
            arr(vec![Value::Int(1)]),
            "System.Collections.Generic.List[string]",
        )
        .unwrap();
        assert!(
            matches!(&l, Value::List(x) if matches!(&x.borrow().items[0], Value::String(s) if &**s == "1"))
        );
        assert!(
            type_name(&l).starts_with("System.Collections.Generic.List`1[[System.String, mscorlib")
        );
        // Dates and friends
        let d = c(Value::str("2013-07-22"), "datetime").unwrap();
        assert_eq!(to_string(&d), "07/22/2013 00:00:00");
        let e = c(Value::str("nope"), "datetime").unwrap_err();
        assert_eq!(
            e.message,
            "Cannot convert value \"nope\" to type \"System.DateTime\". Error: \"String was not recognized as a valid DateTime.\""
        );
        assert_eq!(
            to_string(&c(Value::str("01:30:00"), "timespan").unwrap()),
            "01:30:00"
        );
        let g = c(Value::str("{01234567-89AB-CDEF-0123-456789ABCDEF}"), "guid").unwrap();
        assert_eq!(to_string(&g), "01234567-89ab-cdef-0123-456789abcdef");
        assert_eq!(
            to_string(&c(Value::str("1.2.3"), "version").unwrap()),
            "1.2.3"
        );
        assert!(matches!(c(Value::Int(1), "void"), Ok(Value::Null)));
        assert!(matches!(
            c(Value::str("1.25"), "decimal"),
            Ok(Value::Decimal(Decimal {
                mantissa: 125,
                scale: 2
            }))
        ));
    }

    #[test]
    fn selected_objects_are_property_bags() {
        let mut h = Hashtable::default();
        h.entries.insert(
            hash_key(&Value::str("Name")),
            (Value::str("Name"), Value::str("x")),
        );
        let o = object_from_hashtable(&h);
        if let Value::Object(x) = &o {
            x.borrow_mut()
                .type_names
                .insert(0, Rc::from("Selected.Microsoft.Rtc.Thing"));
        }
        assert_eq!(to_string(&o), "@{Name=x}");
        assert_eq!(type_name(&o), PSCUSTOMOBJECT);
    }

    #[test]
    fn hashtable_to_pscustomobject_keeps_key_order() {
        let mut h = Hashtable::default();
        for k in ["z", "a", "m"] {
            h.entries
                .insert(hash_key(&Value::str(k)), (Value::str(k), Value::Int(1)));
        }
        let o = convert_to_type(
            &Value::Hashtable(Rc::new(RefCell::new(h))),
            "pscustomobject",
        )
        .unwrap();
        let Value::Object(o) = o else { panic!() };
        let names: Vec<String> = o
            .borrow()
            .properties
            .keys()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(names, ["z", "a", "m"]);
        assert_eq!(type_name(&Value::Object(o)), PSCUSTOMOBJECT);
    }

    #[test]
    fn type_names_and_is() {
        assert_eq!(type_name(&Value::Int(1)), "System.Int32");
        assert_eq!(to_string(&type_value("int").unwrap()), "int");
        assert_eq!(to_string(&type_value("string[]").unwrap()), "string[]");
        assert_eq!(
            to_string(&type_value("hashtable").unwrap()),
            "System.Collections.Hashtable"
        );
        assert_eq!(type_name(&arr(vec![])), "System.Object[]");
        assert!(is_instance(&Value::Int(1), "int").unwrap());
        assert!(is_instance(&Value::Int(1), "System.Object").unwrap());
        assert!(!is_instance(&Value::Null, "object").unwrap());
        assert!(!is_instance(&Value::Int(1), "string").unwrap());
        assert!(is_instance(&arr(vec![]), "array").unwrap());
        assert!(is_instance(&arr(vec![]), "object[]").unwrap());
        assert!(is_instance(&Value::str("a"), "STRING").unwrap());
        assert!(is_instance(&Value::Int(1), "nosuch").is_err());
        let l = convert_to_type(&arr(vec![]), "Collections.Generic.List[string]").unwrap();
        let Value::Type(t) = type_value("System.Collections.Generic.List[string]").unwrap() else {
            panic!()
        };
        assert!(is_instance(&l, &t.full_name).unwrap());
        assert!(is_instance(&l, "System.Collections.Generic.List[string]").unwrap());
    }

    #[test]
    fn enums() {
        let names = [
            "AlwaysVerifiable",
            "AlwaysUnverifiable",
            "UseSourceVerification",
        ];
        let v = convert_to_enum(&Value::str("alwaysverifiable"), "T.Level", &names).unwrap();
        assert_eq!(to_string(&v), "AlwaysVerifiable");
        let e = convert_to_enum(&Value::str("Foo"), "T.Level", &names).unwrap_err();
        assert_eq!(
            e.message,
            "Cannot convert value \"Foo\" to type \"T.Level\". Error: \"Unable to match the identifier name Foo to a valid enumerator name. Specify one of the following enumerator names and try again:\nAlwaysVerifiable, AlwaysUnverifiable, UseSourceVerification\""
        );
        let v = convert_to_enum(
            &Value::str("AlwaysVerifiable, UseSourceVerification"),
            "T",
            &names,
        )
        .unwrap();
        assert_eq!(to_string(&v), "AlwaysVerifiable, UseSourceVerification");
    }
}
