//! Member access (`$v.Name`, `$v.Name = x`) and the common .NET instance and static methods
//! that administrators' scripts call.
//!
//! Names match case-insensitively, as PowerShell's adapters do. Collections enumerate their
//! members (PowerShell 3+): `$users.SipAddress` maps over the elements. Anything that needs
//! the engine (the clock, new GUIDs, the machine's identity) goes through [`MethodHost`], so
//! two runs of a script are identical. Script-block methods (`.Where()`, `.ForEach()`,
//! `$sb.Invoke()`) belong to the evaluator; they reach this module only when unhandled.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use super::convert::{
    self, ARRAYLIST_ELEMENT, format_guid, hash_key, is_true, round_half_even, to_string, type_name,
};
use super::dates::{
    self, Culture, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND,
};
use super::errors::{ErrorCategory, ErrorInfo};
use super::ops::{self, method_not_found};
use super::value::{
    DateTime, DateTimeKind, Decimal, EnumValue, Hashtable, OtherNumber, Property, PsObject,
    TypeValue, Value,
};

/// What methods need from the engine (clock, ids, machine identity).
pub trait MethodHost {
    /// The virtual clock's local time.
    fn now(&mut self) -> DateTime;
    /// A new deterministic GUID.
    fn new_guid(&mut self) -> u128;
    fn machine_name(&self) -> String;
    fn user_name(&self) -> String;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// `Cannot find an overload for "{0}" and the argument count: "{1}".`
/// (ExtendedTypeSystem.resx MethodArgumentCountException; id MethodCountCouldNotFindBest).
pub fn no_overload(method: &str, count: usize) -> ErrorInfo {
    ErrorInfo::new(
        format!("Cannot find an overload for \"{method}\" and the argument count: \"{count}\"."),
        "MethodCountCouldNotFindBest",
        ErrorCategory::NotSpecified,
    )
    .exception("System.Management.Automation.MethodException")
}

/// `Exception calling "{0}" with "{1}" argument(s): "{2}"` (ExtendedTypeSystem.resx
/// MethodInvocationException); the id is the .NET exception's short type name.
pub fn method_exception(method: &str, count: usize, inner: &str, id: &'static str) -> ErrorInfo {
    ErrorInfo::new(
        format!("Exception calling \"{method}\" with \"{count}\" argument(s): \"{inner}\""),
        id,
        ErrorCategory::NotSpecified,
    )
    .exception("System.Management.Automation.MethodInvocationException")
}

/// `The property '{0}' cannot be found on this object. Verify that the property exists and can
/// be set.` (ParserStrings.resx PropertyNotFound).
pub fn property_not_found(name: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!(
            "The property '{name}' cannot be found on this object. Verify that the property exists and can be set."
        ),
        "PropertyNotFound",
        ErrorCategory::InvalidOperation,
    )
}

/// `'{0}' is a ReadOnly property.` (id PropertyAssignmentException).
pub fn read_only(name: &str) -> ErrorInfo {
    ErrorInfo::new(
        format!("'{name}' is a ReadOnly property."),
        "PropertyAssignmentException",
        ErrorCategory::InvalidOperation,
    )
}

/// `Cannot convert argument "{0}", with value: "{1}", for "{2}" to type "{3}": "{4}"`
/// (ExtendedTypeSystem.resx MethodArgumentConversionException).
fn arg_conversion(arg: &str, v: &Value, method: &str, ty: &str, inner: &ErrorInfo) -> ErrorInfo {
    ErrorInfo::new(
        format!(
            "Cannot convert argument \"{arg}\", with value: \"{}\", for \"{method}\" to type \"{ty}\": \"{}\"",
            to_string(v),
            inner.message
        ),
        "MethodArgumentConversionInvalidCastArgument",
        ErrorCategory::NotSpecified,
    )
    .exception("System.Management.Automation.MethodException")
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn s(x: impl Into<String>) -> Value {
    Value::String(Rc::from(x.into()))
}

fn find_prop<'a>(o: &'a PsObject, name: &str) -> Option<&'a Property> {
    o.properties.get(name).or_else(|| {
        o.properties
            .values()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    })
}

fn prop(name: &str, value: Value) -> (Rc<str>, Property) {
    let n: Rc<str> = Rc::from(name);
    (
        n.clone(),
        Property {
            name: n,
            value,
            type_name: None,
            settable: false,
        },
    )
}

/// Builds a read-only object of a .NET type with properties in order.
pub fn make_object(type_name: &str, props: Vec<(&str, Value)>, to_string: Option<String>) -> Value {
    let properties: IndexMap<Rc<str>, Property> =
        props.into_iter().map(|(n, v)| prop(n, v)).collect();
    Value::object(PsObject {
        type_names: vec![Rc::from(type_name), Rc::from("System.Object")],
        properties,
        to_string: to_string.map(Rc::from),
        hidden: None,
    })
}

fn enum_value(type_name: &str, name: &str, value: i64) -> Value {
    Value::Enum(Rc::new(EnumValue {
        type_name: Rc::from(type_name),
        name: Rc::from(name),
        value,
    }))
}

fn items_of(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.borrow().clone()),
        Value::List(l) => Some(l.borrow().items.clone()),
        _ => None,
    }
}

fn arg_int(method: &str, name: &str, v: &Value) -> Result<i64, ErrorInfo> {
    match convert::convert_to_type(v, "long") {
        Ok(Value::Long(l)) => Ok(l),
        Ok(_) => Ok(0),
        Err(e) => Err(arg_conversion(name, v, method, "System.Int32", &e)),
    }
}

fn arg_f64(method: &str, name: &str, v: &Value) -> Result<f64, ErrorInfo> {
    match convert::convert_to_type(v, "double") {
        Ok(Value::Double(d)) => Ok(d),
        Ok(_) => Ok(0.0),
        Err(e) => Err(arg_conversion(name, v, method, "System.Double", &e)),
    }
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn char_index(i: usize) -> Value {
    Value::Int(i32::try_from(i).unwrap_or(i32::MAX))
}

/// Object.Equals as collection methods (`Contains`, `IndexOf`, `Remove`) use it: same type,
/// same value, strings compared ordinally — no PowerShell conversion.
pub fn dotnet_equals(a: &Value, b: &Value) -> bool {
    if std::mem::discriminant(a) != std::mem::discriminant(b) {
        return false;
    }
    type_name(a) == type_name(b) && ops::equals(a, b, true)
}

// ---------------------------------------------------------------------------------------------
// Property access
// ---------------------------------------------------------------------------------------------

/// `$v.Name` (case-insensitive; member enumeration over collections). `None` = no such member.
pub fn get_member(v: &Value, name: &str) -> Option<Value> {
    let lname = |n: &str| name.eq_ignore_ascii_case(n);
    if lname("PSObject") && !v.is_null() {
        return Some(psobject_view(v));
    }
    if lname("PSTypeNames") && !v.is_null() {
        return Some(Value::array(type_names_of(v).into_iter().map(s).collect()));
    }
    match v {
        // PowerShell 3+: `$null.Count` and `$null.Length` are 0.
        Value::Null if lname("Count") || lname("Length") => Some(Value::Int(0)),
        Value::Null => None,
        Value::Array(a) => {
            if lname("Count") || lname("Length") || lname("LongLength") {
                return Some(char_index(a.borrow().len()));
            }
            if lname("Rank") {
                return Some(Value::Int(1));
            }
            if lname("IsFixedSize") || lname("IsReadOnly") {
                return Some(Value::Bool(lname("IsFixedSize")));
            }
            enumerate_member(&a.borrow(), name)
        }
        Value::List(l) => {
            if lname("Count") {
                return Some(char_index(l.borrow().items.len()));
            }
            if lname("Capacity") {
                return Some(char_index(l.borrow().items.capacity().max(4)));
            }
            enumerate_member(&l.borrow().items, name)
        }
        Value::Hashtable(h) => {
            let h = h.borrow();
            if let Some((_, val)) = h.entries.get(&hash_key(&Value::str(name))) {
                return Some(val.clone());
            }
            if lname("Count") {
                return Some(char_index(h.entries.len()));
            }
            if lname("Keys") {
                return Some(Value::array(
                    h.entries.values().map(|(k, _)| k.clone()).collect(),
                ));
            }
            if lname("Values") {
                return Some(Value::array(
                    h.entries.values().map(|(_, v)| v.clone()).collect(),
                ));
            }
            if lname("IsReadOnly") || lname("IsFixedSize") || lname("IsSynchronized") {
                return Some(Value::Bool(false));
            }
            // A missing key reads as $null, without error.
            Some(Value::Null)
        }
        Value::Object(o) => {
            let o = o.borrow();
            if let Some(p) = find_prop(&o, name) {
                return Some(p.value.clone());
            }
            scalar_common(v, name)
        }
        Value::String(st) => {
            if lname("Length") {
                return Some(char_index(st.chars().count()));
            }
            scalar_common(v, name)
        }
        Value::DateTime(d) => datetime_member(*d, name).or_else(|| scalar_common(v, name)),
        Value::TimeSpan(t) => timespan_member(*t, name).or_else(|| scalar_common(v, name)),
        Value::Enum(e) => {
            if lname("value__") {
                return Some(match i32::try_from(e.value) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::Long(e.value),
                });
            }
            scalar_common(v, name)
        }
        Value::Type(t) => {
            let full = t.full_name.as_ref();
            if lname("FullName") {
                return Some(Value::str(full));
            }
            if lname("Name") {
                return Some(Value::str(full.rsplit('.').next().unwrap_or(full)));
            }
            if lname("Namespace") {
                return Some(Value::str(
                    full.rsplit_once('.').map(|(a, _)| a).unwrap_or(""),
                ));
            }
            scalar_common(v, name)
        }
        Value::Credential(c) => {
            if lname("UserName") {
                return Some(Value::String(c.user_name.clone()));
            }
            if lname("Password") {
                return Some(Value::SecureString(c.password.clone()));
            }
            scalar_common(v, name)
        }
        Value::SecureString(p) => {
            if lname("Length") {
                return Some(char_index(p.chars().count()));
            }
            scalar_common(v, name)
        }
        Value::Switch(b) => {
            if lname("IsPresent") {
                return Some(Value::Bool(*b));
            }
            scalar_common(v, name)
        }
        _ => scalar_common(v, name),
    }
}

/// The type names of a value, most derived first (`$x.PSObject.TypeNames`).
pub fn type_names_of(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .borrow()
            .type_names
            .iter()
            .map(|t| t.to_string())
            .collect(),
        other => {
            let t = type_name(other);
            let mut names = vec![t.clone()];
            match other {
                Value::Array(_) => names.push("System.Array".into()),
                Value::Int(_)
                | Value::Long(_)
                | Value::Double(_)
                | Value::Decimal(_)
                | Value::Bool(_)
                | Value::Char(_)
                | Value::DateTime(_)
                | Value::TimeSpan(_)
                | Value::Guid(_)
                | Value::OtherNumber(_)
                | Value::Switch(_) => names.push("System.ValueType".into()),
                Value::Enum(_) => {
                    names.push("System.Enum".into());
                    names.push("System.ValueType".into());
                }
                _ => {}
            }
            if t != "System.Object" {
                names.push("System.Object".into());
            }
            names
        }
    }
}

/// `$x.PSObject`: its `TypeNames`, `BaseObject` and `Properties` (note properties with
/// `Name`, `Value`, `TypeNameOfValue`, `MemberType`, `IsSettable`, `IsGettable`), enough for
/// the `$obj.PSObject.Properties | ForEach-Object { $_.Name }` idiom.
fn psobject_view(v: &Value) -> Value {
    let props: Vec<Value> = match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .map(|p| {
                let tn = p
                    .type_name
                    .as_ref()
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| {
                        let t = type_name(&p.value);
                        if t.is_empty() {
                            "System.Object".into()
                        } else {
                            t
                        }
                    });
                make_object(
                    "System.Management.Automation.PSNoteProperty",
                    vec![
                        ("Value", p.value.clone()),
                        ("MemberType", Value::str("NoteProperty")),
                        ("IsSettable", Value::Bool(p.settable)),
                        ("IsGettable", Value::Bool(true)),
                        ("TypeNameOfValue", s(tn.clone())),
                        ("Name", Value::String(p.name.clone())),
                        ("IsInstance", Value::Bool(true)),
                    ],
                    Some(format!("{} {}={}", tn, p.name, to_string(&p.value))),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    make_object(
        "System.Management.Automation.PSObject",
        vec![
            ("BaseObject", v.clone()),
            (
                "TypeNames",
                Value::array(type_names_of(v).into_iter().map(s).collect()),
            ),
            ("Properties", Value::array(props)),
        ],
        Some(to_string(v)),
    )
}

/// PowerShell 3+ gives every scalar `Count` and `Length` 1.
fn scalar_common(_v: &Value, name: &str) -> Option<Value> {
    if name.eq_ignore_ascii_case("Count") || name.eq_ignore_ascii_case("Length") {
        Some(Value::Int(1))
    } else {
        None
    }
}

/// Member enumeration: the member of each element that has it, collections flattened one
/// level; one result is returned as itself (PS: engine/runtime/Binding/Binders.cs
/// PSGetMemberBinder, "member enumeration").
fn enumerate_member(items: &[Value], name: &str) -> Option<Value> {
    let mut out = Vec::new();
    let mut any = false;
    for item in items {
        if let Some(m) = get_member(item, name) {
            // Elements answer Count/Length 1 as scalars; that is not a real member for
            // enumeration purposes unless the element has it.
            any = true;
            match m {
                Value::Array(a) => out.extend(a.borrow().iter().cloned()),
                Value::Null => {}
                other => out.push(other),
            }
        }
    }
    if !any {
        return None;
    }
    Some(match out.len() {
        0 => Value::Null,
        1 => out.pop().unwrap_or(Value::Null),
        _ => Value::array(out),
    })
}

fn datetime_member(d: DateTime, name: &str) -> Option<Value> {
    let c = dates::civil(d.ticks);
    let n = name.to_ascii_lowercase();
    Some(match n.as_str() {
        "year" => Value::Int(c.year as i32),
        "month" => Value::Int(c.month as i32),
        "day" => Value::Int(c.day as i32),
        "hour" => Value::Int(c.hour as i32),
        "minute" => Value::Int(c.minute as i32),
        "second" => Value::Int(c.second as i32),
        "millisecond" => Value::Int((c.fraction / 10_000) as i32),
        "ticks" => Value::Long(d.ticks),
        "dayofyear" => Value::Int(dates::day_of_year(&c) as i32),
        "dayofweek" => {
            let w = dates::day_of_week(d.ticks);
            enum_value("System.DayOfWeek", dates::day_name(w), i64::from(w))
        }
        "date" => Value::DateTime(DateTime {
            ticks: d.ticks - d.ticks % TICKS_PER_DAY,
            kind: d.kind,
        }),
        "timeofday" => Value::TimeSpan(d.ticks % TICKS_PER_DAY),
        "kind" => {
            let (k, i) = match d.kind {
                DateTimeKind::Unspecified => ("Unspecified", 0),
                DateTimeKind::Utc => ("Utc", 1),
                DateTimeKind::Local => ("Local", 2),
            };
            enum_value("System.DateTimeKind", k, i)
        }
        // The DateTime script property of types.ps1xml: long date + long time.
        "datetime" => s(dates::format_datetime(d, "F", Culture::EnUs)),
        _ => return None,
    })
}

fn timespan_member(t: i64, name: &str) -> Option<Value> {
    let n = name.to_ascii_lowercase();
    let tf = t as f64;
    Some(match n.as_str() {
        "days" => Value::Int((t / TICKS_PER_DAY) as i32),
        "hours" => Value::Int((t % TICKS_PER_DAY / TICKS_PER_HOUR) as i32),
        "minutes" => Value::Int((t % TICKS_PER_HOUR / TICKS_PER_MINUTE) as i32),
        "seconds" => Value::Int((t % TICKS_PER_MINUTE / TICKS_PER_SECOND) as i32),
        "milliseconds" => Value::Int((t % TICKS_PER_SECOND / 10_000) as i32),
        "ticks" => Value::Long(t),
        "totaldays" => Value::Double(tf / TICKS_PER_DAY as f64),
        "totalhours" => Value::Double(tf / TICKS_PER_HOUR as f64),
        "totalminutes" => Value::Double(tf / TICKS_PER_MINUTE as f64),
        "totalseconds" => Value::Double(tf / TICKS_PER_SECOND as f64),
        "totalmilliseconds" => Value::Double(tf / 10_000.0),
        _ => return None,
    })
}

/// `$v.Name = new`.
pub fn set_member(v: &Value, name: &str, new: Value) -> Result<(), ErrorInfo> {
    match v {
        Value::Hashtable(h) => {
            let key = Value::str(name);
            let hk = hash_key(&key);
            let mut h = h.borrow_mut();
            match h.entries.get_mut(&hk) {
                Some(entry) => entry.1 = new,
                None => {
                    h.entries.insert(hk, (key, new));
                }
            }
            Ok(())
        }
        Value::Object(o) => {
            let mut o = o.borrow_mut();
            let key = o
                .properties
                .iter()
                .find(|(_, p)| p.name.eq_ignore_ascii_case(name))
                .map(|(k, _)| k.clone());
            let Some(key) = key else {
                return Err(property_not_found(name));
            };
            let Some(p) = o.properties.get_mut(&key) else {
                return Err(property_not_found(name));
            };
            if !p.settable {
                return Err(read_only(&p.name));
            }
            p.value = new;
            Ok(())
        }
        _ => {
            if get_member(v, name).is_some() && !matches!(v, Value::Array(_) | Value::List(_)) {
                let canonical = canonical_name(name);
                return Err(read_only(&canonical));
            }
            if matches!(v, Value::Array(_)) && get_member(v, name).is_some() {
                let n = canonical_name(name);
                if [
                    "Count",
                    "Length",
                    "LongLength",
                    "Rank",
                    "IsFixedSize",
                    "IsReadOnly",
                ]
                .contains(&n.as_str())
                {
                    return Err(read_only(&n));
                }
            }
            Err(property_not_found(name))
        }
    }
}

fn canonical_name(name: &str) -> String {
    const KNOWN: [&str; 12] = [
        "Count",
        "Length",
        "LongLength",
        "Rank",
        "IsFixedSize",
        "IsReadOnly",
        "Year",
        "Month",
        "Day",
        "Hour",
        "Minute",
        "Second",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name))
        .map(|k| (*k).to_string())
        .unwrap_or_else(|| name.to_string())
}

// ---------------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------------

/// `New-Object T(args)` / `[T]::new(args)` for the types scripts construct.
pub fn new_object(type_name: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
    use convert::Ty;
    let ty = convert::resolve_type(type_name).ok_or_else(|| convert::type_not_found(type_name))?;
    let full = ty.full_name();
    let n = args.len();
    let ctor_err = || {
        // ExtendedTypeSystem.resx MethodCountCouldNotFindBest for ".ctor".
        ErrorInfo::new(
            format!("Cannot find an overload for \"new\" and the argument count: \"{n}\"."),
            "MethodCountCouldNotFindBest",
            ErrorCategory::NotSpecified,
        )
        .exception("System.Management.Automation.MethodException")
    };
    let int_arg = |i: usize| -> Result<i64, ErrorInfo> {
        match args.get(i) {
            Some(a) => arg_int("new", "value", a),
            None => Ok(0),
        }
    };
    Ok(match (&ty, n) {
        (Ty::ArrayList, 0..=1) | (Ty::List(_), 0..=1) => {
            let element = match &ty {
                Ty::List(e) => e.full_name(),
                _ => ARRAYLIST_ELEMENT.to_string(),
            };
            let mut list = Value::List(Rc::new(RefCell::new(super::value::TypedList {
                element_type: Rc::from(element.as_str()),
                items: Vec::new(),
            })));
            // A collection argument initialises the list; a number is a capacity.
            if let Some(a) = args.first()
                && matches!(a, Value::Array(_) | Value::List(_))
            {
                list = convert::convert_to(a, &ty)?;
            }
            list
        }
        (Ty::Hashtable | Ty::Ordered, 0..=1) => {
            Value::Hashtable(Rc::new(RefCell::new(Hashtable {
                ordered: ty == Ty::Ordered,
                entries: Default::default(),
            })))
        }
        (Ty::PsObject | Ty::PsCustomObject | Ty::Object, 0) => {
            make_object(convert::PSCUSTOMOBJECT, vec![], None)
        }
        (Ty::Credential, 2) => {
            let user = to_string(&args[0]);
            let Value::SecureString(p) = &args[1] else {
                let e = convert::invalid_cast(&args[1], "System.Security.SecureString");
                return Err(arg_conversion(
                    "password",
                    &args[1],
                    "PSCredential",
                    "System.Security.SecureString",
                    &e,
                ));
            };
            Value::Credential(Rc::new(super::value::Credential {
                user_name: Rc::from(user),
                password: p.clone(),
            }))
        }
        (Ty::DateTime, 3 | 6) => {
            let p: Vec<i64> = (0..n).map(int_arg).collect::<Result<_, _>>()?;
            let get = |i: usize| p.get(i).copied().unwrap_or(0);
            let ticks = dates::ticks_from_parts(
                get(0),
                u32::try_from(get(1)).unwrap_or(0),
                u32::try_from(get(2)).unwrap_or(0),
                u32::try_from(get(3)).unwrap_or(99),
                u32::try_from(get(4)).unwrap_or(99),
                u32::try_from(get(5)).unwrap_or(99),
                0,
            )
            .ok_or_else(|| {
                method_exception(
                    ".ctor",
                    n,
                    "Year, Month, and Day parameters describe an un-representable DateTime.",
                    "ArgumentOutOfRangeException",
                )
            })?;
            Value::DateTime(DateTime {
                ticks,
                kind: DateTimeKind::Unspecified,
            })
        }
        (Ty::TimeSpan, 1 | 3 | 4 | 5) => {
            let p: Vec<i64> = (0..n).map(int_arg).collect::<Result<_, _>>()?;
            let t = match p.as_slice() {
                [t] => Some(*t),
                [h, m, sec] => {
                    Some(h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE + sec * TICKS_PER_SECOND)
                }
                [d, h, m, sec] => Some(
                    d * TICKS_PER_DAY
                        + h * TICKS_PER_HOUR
                        + m * TICKS_PER_MINUTE
                        + sec * TICKS_PER_SECOND,
                ),
                [d, h, m, sec, ms] => Some(
                    d * TICKS_PER_DAY
                        + h * TICKS_PER_HOUR
                        + m * TICKS_PER_MINUTE
                        + sec * TICKS_PER_SECOND
                        + ms * 10_000,
                ),
                _ => None,
            };
            Value::TimeSpan(t.ok_or_else(ctor_err)?)
        }
        (Ty::Guid | Ty::Version | Ty::Regex, 1) => convert::convert_to(&args[0], &ty)?,
        (Ty::Guid, 0) => Value::Guid(0),
        (Ty::String, 2) => {
            let c = to_string(&args[0]).chars().next().unwrap_or(' ');
            let count = usize::try_from(int_arg(1)?).unwrap_or(0).min(1 << 24);
            s(std::iter::repeat_n(c, count).collect::<String>())
        }
        _ => {
            if matches!(ty, Ty::Static(_)) {
                return Err(ErrorInfo::new(
                    format!(
                        "A constructor was not found. Cannot find an appropriate constructor for type {full}."
                    ),
                    "CannotFindAppropriateCtor",
                    ErrorCategory::ObjectNotFound,
                ));
            }
            return Err(ctor_err());
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Indexing
// ---------------------------------------------------------------------------------------------

/// `$v[index]`: arrays and lists by position (negative counts from the end, an array index
/// slices), strings by character, hashtables by key, and any other value as a one-element
/// collection (PowerShell 3+: `$scalar[0]` is the scalar). Out-of-range reads give `$null`.
pub fn get_index(v: &Value, index: &Value) -> Result<Value, ErrorInfo> {
    if let Value::Hashtable(h) = v {
        let h = h.borrow();
        let one = |k: &Value| -> Value {
            h.entries
                .get(&hash_key(k))
                .map(|(_, x)| x.clone())
                .unwrap_or(Value::Null)
        };
        return Ok(match index {
            Value::Array(keys) => Value::array(keys.borrow().iter().map(one).collect()),
            k => one(k),
        });
    }
    if v.is_null() {
        // ParserStrings.resx NullArray.
        return Err(ErrorInfo::new(
            "Cannot index into a null array.",
            "NullArray",
            ErrorCategory::InvalidOperation,
        ));
    }
    if let Value::Array(ix) = index {
        let mut out = Vec::new();
        for i in ix.borrow().iter() {
            let x = get_index(v, i)?;
            if !x.is_null() {
                out.push(x);
            }
        }
        return Ok(Value::array(out));
    }
    let position = |len: usize| -> Result<Option<usize>, ErrorInfo> {
        let i = match convert::convert_to_type(index, "int")? {
            Value::Int(i) => i64::from(i),
            _ => 0,
        };
        let len = len as i64;
        let i = if i < 0 { i + len } else { i };
        Ok((0..len).contains(&i).then_some(i as usize))
    };
    Ok(match v {
        Value::Array(a) => {
            let a = a.borrow();
            position(a.len())?
                .and_then(|i| a.get(i).cloned())
                .unwrap_or(Value::Null)
        }
        Value::List(l) => {
            let l = l.borrow();
            position(l.items.len())?
                .and_then(|i| l.items.get(i).cloned())
                .unwrap_or(Value::Null)
        }
        Value::String(st) => {
            let n = st.chars().count();
            position(n)?
                .and_then(|i| st.chars().nth(i))
                .map(Value::Char)
                .unwrap_or(Value::Null)
        }
        other => match position(1)? {
            Some(_) => other.clone(),
            None => Value::Null,
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Instance methods
// ---------------------------------------------------------------------------------------------

/// `$v.Name(args)`.
pub fn invoke_method(
    v: &Value,
    name: &str,
    args: &[Value],
    host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    let lname = name.to_ascii_lowercase();
    let n = args.len();
    // Methods every object has.
    match lname.as_str() {
        "gettype" if n == 0 => {
            return Ok(Value::Type(Rc::new(TypeValue {
                full_name: Rc::from(type_name(v)),
            })));
        }
        "gethashcode" if n == 0 => {
            let h = to_string(v)
                .bytes()
                .fold(5381i32, |a, b| a.wrapping_mul(33) ^ i32::from(b));
            return Ok(Value::Int(h));
        }
        "equals" if n == 1 && !matches!(v, Value::String(_)) => {
            return Ok(Value::Bool(ops::equals(v, &args[0], true)));
        }
        _ => {}
    }
    let result = match v {
        Value::Null => None,
        Value::String(st) => string_method(st, &lname, name, args)?,
        Value::Array(_) | Value::List(_) => collection_method(v, &lname, name, args)?,
        Value::Hashtable(h) => hashtable_method(v, h, &lname, name, args)?,
        Value::DateTime(d) => datetime_method(*d, &lname, name, args)?,
        Value::TimeSpan(t) => timespan_method(*t, &lname, name, args)?,
        Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::OtherNumber(_) => number_method(v, &lname, name, args)?,
        Value::Object(o) => {
            let tn = o
                .borrow()
                .type_names
                .first()
                .map(|t| t.to_string())
                .unwrap_or_default();
            object_method(v, &tn, &lname, name, args, host)?
        }
        Value::Credential(c) if lname == "getnetworkcredential" => Some(make_object(
            "System.Net.NetworkCredential",
            vec![
                ("UserName", Value::String(c.user_name.clone())),
                ("Password", Value::String(c.password.clone())),
                ("SecurePassword", Value::SecureString(c.password.clone())),
                ("Domain", Value::str("")),
            ],
            None,
        )),
        _ => None,
    };
    if let Some(r) = result {
        return Ok(r);
    }
    match lname.as_str() {
        "tostring" if n == 0 => Ok(s(match v {
            // Object.ToString uses the current culture (en-US) where "$v" is invariant.
            Value::DateTime(d) => dates::format_datetime(*d, "G", Culture::EnUs),
            Value::Array(_) | Value::List(_) | Value::Hashtable(_) => type_name(v),
            // Type.ToString() is the full name; only string conversion uses the short form.
            Value::Type(t) => t.full_name.to_string(),
            other => convert::scalar_to_string(other),
        })),
        "compareto" if n == 1 => Ok(Value::Int(match ops::compare_values(v, &args[0], true) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        })),
        _ => {
            if known_method(v, &lname) {
                Err(no_overload(name, n))
            } else {
                Err(method_not_found(&type_name(v), name))
            }
        }
    }
}

/// Methods that exist on the value's type (for "wrong argument count" vs "no such method").
fn known_method(v: &Value, lname: &str) -> bool {
    const COMMON: &[&str] = &["tostring", "gettype", "equals", "gethashcode", "compareto"];
    const STRING: &[&str] = &[
        "toupper",
        "tolower",
        "toupperinvariant",
        "tolowerinvariant",
        "trim",
        "trimstart",
        "trimend",
        "split",
        "replace",
        "contains",
        "startswith",
        "endswith",
        "substring",
        "indexof",
        "lastindexof",
        "indexofany",
        "padleft",
        "padright",
        "insert",
        "remove",
        "tochararray",
        "clone",
        "normalize",
        "isnormalized",
    ];
    const COLL: &[&str] = &[
        "add",
        "addrange",
        "remove",
        "removeat",
        "insert",
        "contains",
        "indexof",
        "clear",
        "toarray",
        "clone",
        "sort",
        "reverse",
        "getrange",
        "copyto",
        "getvalue",
        "setvalue",
        "lastindexof",
    ];
    const HASH: &[&str] = &[
        "add",
        "remove",
        "containskey",
        "containsvalue",
        "contains",
        "clear",
        "clone",
        "getenumerator",
    ];
    const DATE: &[&str] = &[
        "adddays",
        "addhours",
        "addminutes",
        "addseconds",
        "addmilliseconds",
        "addticks",
        "addmonths",
        "addyears",
        "add",
        "subtract",
        "touniversaltime",
        "tolocaltime",
        "toshortdatestring",
        "tolongdatestring",
        "toshorttimestring",
        "tolongtimestring",
        "tofiletime",
        "tofiletimeutc",
        "tooadate",
    ];
    const SPAN: &[&str] = &["add", "subtract", "negate", "duration"];
    COMMON.contains(&lname)
        || match v {
            Value::String(_) => STRING.contains(&lname),
            Value::Array(_) | Value::List(_) => COLL.contains(&lname),
            Value::Hashtable(_) => HASH.contains(&lname),
            Value::DateTime(_) => DATE.contains(&lname),
            Value::TimeSpan(_) => SPAN.contains(&lname),
            Value::Object(o) => {
                let t = o
                    .borrow()
                    .type_names
                    .first()
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                t == "System.Text.RegularExpressions.Regex"
                    && ["match", "matches", "replace", "ismatch", "split"].contains(&lname)
            }
            _ => false,
        }
}

/// Converts the arguments of String.Trim/Split to a char set (`"ab"` → `['a','b']`), as
/// PowerShell converts a string to `char[]`.
fn char_set(args: &[Value]) -> Vec<char> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Value::Array(x) => {
                for i in x.borrow().iter() {
                    out.extend(to_string(i).chars());
                }
            }
            other => out.extend(to_string(other).chars()),
        }
    }
    out
}

/// A `StringComparison` argument: `Some(true)` for the IgnoreCase members, `Some(false)`
/// for the others, `None` when the value is not a comparison.
fn string_comparison(v: &Value) -> Option<bool> {
    let name = match v {
        Value::Enum(e) if e.type_name.as_ref() == "System.StringComparison" => e.name.to_string(),
        Value::String(s) => s.to_string(),
        _ => return None,
    };
    let known = enum_names("System.StringComparison")?;
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name.trim()))
        .map(|k| k.ends_with("IgnoreCase"))
}

fn string_method(
    st: &str,
    lname: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let arg_s = |i: usize| args.get(i).map(to_string).unwrap_or_default();
    let chars = || chars_of(st);
    Ok(Some(match (lname, n) {
        ("toupper" | "toupperinvariant", 0) => s(st.to_uppercase()),
        ("tolower" | "tolowerinvariant", 0) => s(st.to_lowercase()),
        ("trim", 0) => s(st.trim()),
        ("trimstart", 0) => s(st.trim_start()),
        ("trimend", 0) => s(st.trim_end()),
        ("trim" | "trimstart" | "trimend", _) => {
            let set = char_set(args);
            let f = |c: char| set.contains(&c);
            s(match lname {
                "trim" => st.trim_matches(f),
                "trimstart" => st.trim_start_matches(f),
                _ => st.trim_end_matches(f),
            })
        }
        ("split", 0) => Value::array(st.split(char::is_whitespace).map(Value::str).collect()),
        ("split", 1..=3) => {
            // String.Split(char[] [, count] [, options]): every character of the argument
            // is a separator (Windows PowerShell has no Split(string) overload).
            let set = char_set(&args[..1]);
            let mut max = usize::MAX;
            let mut remove_empty = false;
            for a in &args[1..] {
                match a {
                    Value::Int(_) | Value::Long(_) => {
                        max = usize::try_from(arg_int(name, "count", a)?).unwrap_or(0);
                    }
                    other => {
                        remove_empty = to_string(other).eq_ignore_ascii_case("RemoveEmptyEntries")
                            || matches!(other, Value::Enum(e) if e.value == 1);
                    }
                }
            }
            let mut parts: Vec<String> = Vec::new();
            let mut cur = String::new();
            let cs: Vec<char> = chars();
            let mut i = 0;
            while let Some(&c) = cs.get(i) {
                if parts.len() + 1 >= max {
                    cur.extend(&cs[i..]);
                    break;
                }
                if set.contains(&c) {
                    if !(remove_empty && cur.is_empty()) {
                        parts.push(std::mem::take(&mut cur));
                    }
                } else {
                    cur.push(c);
                }
                i += 1;
            }
            if !(remove_empty && cur.is_empty()) {
                parts.push(cur);
            }
            if max == 0 {
                parts.clear();
            }
            Value::array(parts.into_iter().map(s).collect())
        }
        ("replace", 2) => {
            let old = arg_s(0);
            if old.is_empty() {
                return Err(method_exception(
                    name,
                    2,
                    "String cannot be of zero length.\nParameter name: oldValue",
                    "ArgumentException",
                ));
            }
            s(st.replace(&old, &arg_s(1)))
        }
        ("contains", 1) => Value::Bool(st.contains(&arg_s(0))),
        ("startswith" | "endswith", 1..=2) => {
            let p = arg_s(0);
            let ignore = args.get(1).is_some_and(|a| {
                matches!(a, Value::Bool(true))
                    || to_string(a).to_ascii_lowercase().ends_with("ignorecase")
            });
            let (a, b) = if ignore {
                (st.to_lowercase(), p.to_lowercase())
            } else {
                (st.to_string(), p)
            };
            Value::Bool(if lname == "startswith" {
                a.starts_with(&b)
            } else {
                a.ends_with(&b)
            })
        }
        ("substring", 1..=2) => {
            let cs = chars();
            let start = arg_int(name, "startIndex", &args[0])?;
            if start < 0 || start as usize > cs.len() {
                let msg = if start < 0 {
                    "StartIndex cannot be less than zero.\nParameter name: startIndex"
                } else {
                    "startIndex cannot be larger than length of string.\nParameter name: startIndex"
                };
                return Err(method_exception(
                    name,
                    n,
                    msg,
                    "ArgumentOutOfRangeException",
                ));
            }
            let start = start as usize;
            let len = match args.get(1) {
                Some(l) => {
                    let l = arg_int(name, "length", l)?;
                    if l < 0 || start.checked_add(l as usize).is_none_or(|e| e > cs.len()) {
                        let msg = if l < 0 {
                            "Length cannot be less than zero.\nParameter name: length"
                        } else {
                            "Index and length must refer to a location within the string.\nParameter name: length"
                        };
                        return Err(method_exception(
                            name,
                            n,
                            msg,
                            "ArgumentOutOfRangeException",
                        ));
                    }
                    l as usize
                }
                None => cs.len() - start,
            };
            s(cs[start..start + len].iter().collect::<String>())
        }
        ("indexof" | "lastindexof", 1..=2) => {
            // IndexOf(value, StringComparison): a comparison instead of a start index.
            let comparison = args.get(1).and_then(string_comparison);
            let ignore = comparison == Some(true);
            let fold = |t: &str| -> Vec<char> {
                if ignore {
                    t.chars().flat_map(char::to_lowercase).collect()
                } else {
                    chars_of(t)
                }
            };
            let cs = fold(st);
            let needle = fold(&arg_s(0));
            let from = match args.get(1).filter(|_| comparison.is_none()) {
                Some(a) => arg_int(name, "startIndex", a)?,
                None => {
                    if lname == "indexof" {
                        0
                    } else {
                        cs.len() as i64 - 1
                    }
                }
            };
            if from < 0 || from as usize > cs.len() {
                return Err(method_exception(
                    name,
                    n,
                    "Index was out of range. Must be non-negative and less than the size of the collection.\nParameter name: startIndex",
                    "ArgumentOutOfRangeException",
                ));
            }
            let from = from as usize;
            let found = if lname == "indexof" {
                (from..=cs.len().saturating_sub(needle.len()))
                    .find(|&i| cs.get(i..i + needle.len()) == Some(&needle[..]))
            } else {
                (0..=from.min(cs.len().saturating_sub(needle.len())))
                    .rev()
                    .find(|&i| cs.get(i..i + needle.len()) == Some(&needle[..]))
            };
            match found {
                Some(i) if needle.len() <= cs.len() => char_index(i),
                _ => Value::Int(-1),
            }
        }
        ("indexofany", 1) => {
            let set = char_set(args);
            match chars().iter().position(|c| set.contains(c)) {
                Some(i) => char_index(i),
                None => Value::Int(-1),
            }
        }
        ("padleft" | "padright", 1..=2) => {
            let w = arg_int(name, "totalWidth", &args[0])?;
            if w < 0 {
                return Err(method_exception(
                    name,
                    n,
                    "Non-negative number required.\nParameter name: totalWidth",
                    "ArgumentOutOfRangeException",
                ));
            }
            let pad = args
                .get(1)
                .and_then(|p| to_string(p).chars().next())
                .unwrap_or(' ');
            let len = st.chars().count();
            let fill: String =
                std::iter::repeat_n(pad, (w as usize).saturating_sub(len).min(1 << 24)).collect();
            s(if lname == "padleft" {
                format!("{fill}{st}")
            } else {
                format!("{st}{fill}")
            })
        }
        ("insert", 2) => {
            let cs = chars();
            let i = arg_int(name, "startIndex", &args[0])?;
            if i < 0 || i as usize > cs.len() {
                return Err(method_exception(
                    name,
                    n,
                    "Specified argument was out of the range of valid values.\nParameter name: startIndex",
                    "ArgumentOutOfRangeException",
                ));
            }
            let mut out: String = cs[..i as usize].iter().collect();
            out.push_str(&arg_s(1));
            out.extend(&cs[i as usize..]);
            s(out)
        }
        ("remove", 1..=2) => {
            let cs = chars();
            let i = arg_int(name, "startIndex", &args[0])?;
            let count = match args.get(1) {
                Some(c) => arg_int(name, "count", c)?,
                None => cs.len() as i64 - i,
            };
            if i < 0 || count < 0 || i.checked_add(count).is_none_or(|e| e as usize > cs.len()) {
                return Err(method_exception(
                    name,
                    n,
                    "Index and count must refer to a location within the string.\nParameter name: count",
                    "ArgumentOutOfRangeException",
                ));
            }
            let mut out: String = cs[..i as usize].iter().collect();
            out.extend(&cs[(i + count) as usize..]);
            s(out)
        }
        ("tochararray", 0) => Value::array(st.chars().map(Value::Char).collect()),
        ("clone", 0) => s(st),
        ("equals", 1..=2) => {
            let other = arg_s(0);
            let ignore = args
                .get(1)
                .is_some_and(|a| to_string(a).to_ascii_lowercase().ends_with("ignorecase"));
            Value::Bool(if ignore {
                st.to_lowercase() == other.to_lowercase()
            } else {
                matches!(&args[0], Value::String(_)) && st == other
            })
        }
        ("compareto", 1) => Value::Int(match ops::compare_strings(st, &arg_s(0), true) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }),
        ("tostring", 0..=1) => s(st),
        ("normalize", 0) => s(st),
        _ => return Ok(None),
    }))
}

fn fixed_size(name: &str, n: usize) -> ErrorInfo {
    method_exception(
        name,
        n,
        "Collection was of a fixed size.",
        "NotSupportedException",
    )
}

fn collection_method(
    v: &Value,
    lname: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let is_array = matches!(v, Value::Array(_));
    let (elem_type, is_arraylist) = match v {
        Value::List(l) => {
            let e = l.borrow().element_type.to_string();
            let al = e == ARRAYLIST_ELEMENT;
            (e, al)
        }
        _ => (String::new(), false),
    };
    let convert_item = |x: &Value| -> Result<Value, ErrorInfo> {
        if is_array || is_arraylist || elem_type.eq_ignore_ascii_case("System.Object") {
            return Ok(x.clone());
        }
        convert::convert_to_type(x, &elem_type)
            .map_err(|e| arg_conversion("item", x, name, &elem_type, &e))
    };
    let with_items = |f: &mut dyn FnMut(&mut Vec<Value>)| match v {
        Value::Array(a) => f(&mut a.borrow_mut()),
        Value::List(l) => f(&mut l.borrow_mut().items),
        _ => {}
    };
    let items = || items_of(v).unwrap_or_default();
    Ok(Some(match (lname, n) {
        ("add", 1)
        | ("addrange", 1)
        | ("insert", 2)
        | ("remove", 1)
        | ("removeat", 1)
        | ("clear", 0)
            if is_array =>
        {
            if lname == "clear" {
                // Array.Clear via IList sets elements to null in .NET; PowerShell calls
                // IList.Clear which is unsupported on arrays.
                return Err(fixed_size(name, n));
            }
            return Err(fixed_size(name, n));
        }
        ("add", 1) => {
            let item = convert_item(&args[0])?;
            let mut idx = 0;
            with_items(&mut |it| {
                idx = it.len();
                it.push(item.clone());
            });
            if is_arraylist {
                char_index(idx)
            } else {
                Value::Null
            }
        }
        ("addrange", 1) => {
            let src = items_of(&args[0]).unwrap_or_else(|| vec![args[0].clone()]);
            let conv = src
                .iter()
                .map(convert_item)
                .collect::<Result<Vec<_>, _>>()?;
            with_items(&mut |it| it.extend(conv.iter().cloned()));
            Value::Null
        }
        ("insert", 2) => {
            let i = arg_int(name, "index", &args[0])?;
            let item = convert_item(&args[1])?;
            let len = items().len();
            if i < 0 || i as usize > len {
                return Err(method_exception(
                    name,
                    n,
                    "Index must be within the bounds of the List.\nParameter name: index",
                    "ArgumentOutOfRangeException",
                ));
            }
            with_items(&mut |it| it.insert(i as usize, item.clone()));
            Value::Null
        }
        ("remove", 1) => {
            let mut removed = false;
            with_items(&mut |it| {
                if let Some(p) = it.iter().position(|x| dotnet_equals(x, &args[0])) {
                    it.remove(p);
                    removed = true;
                }
            });
            if is_arraylist {
                Value::Null
            } else {
                Value::Bool(removed)
            }
        }
        ("removeat", 1) => {
            let i = arg_int(name, "index", &args[0])?;
            let len = items().len();
            if i < 0 || i as usize >= len {
                return Err(method_exception(
                    name,
                    n,
                    "Index was out of range. Must be non-negative and less than the size of the collection.\nParameter name: index",
                    "ArgumentOutOfRangeException",
                ));
            }
            with_items(&mut |it| {
                it.remove(i as usize);
            });
            Value::Null
        }
        ("clear", 0) => {
            with_items(&mut |it| it.clear());
            Value::Null
        }
        ("contains", 1) => Value::Bool(items().iter().any(|x| dotnet_equals(x, &args[0]))),
        ("indexof", 1) => match items().iter().position(|x| dotnet_equals(x, &args[0])) {
            Some(i) => char_index(i),
            None => Value::Int(-1),
        },
        ("lastindexof", 1) => match items().iter().rposition(|x| dotnet_equals(x, &args[0])) {
            Some(i) => char_index(i),
            None => Value::Int(-1),
        },
        ("toarray", 0) => Value::array(items()),
        ("clone", 0) => match v {
            Value::List(l) => Value::List(Rc::new(RefCell::new(l.borrow().clone()))),
            _ => Value::array(items()),
        },
        ("sort", 0) => {
            with_items(&mut |it| it.sort_by(|a, b| ops::compare_values(a, b, false)));
            Value::Null
        }
        ("reverse", 0) => {
            with_items(&mut |it| it.reverse());
            Value::Null
        }
        ("getvalue", 1) => {
            let i = arg_int(name, "index", &args[0])?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items().get(i).cloned())
                .ok_or_else(|| {
                    method_exception(
                        name,
                        n,
                        "Index was outside the bounds of the array.",
                        "IndexOutOfRangeException",
                    )
                })?
        }
        ("getrange", 2) => {
            let i = arg_int(name, "index", &args[0])?;
            let c = arg_int(name, "count", &args[1])?;
            let all = items();
            if i < 0 || c < 0 || i.checked_add(c).is_none_or(|e| e as usize > all.len()) {
                return Err(method_exception(
                    name,
                    n,
                    "Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.",
                    "ArgumentException",
                ));
            }
            Value::List(Rc::new(RefCell::new(super::value::TypedList {
                element_type: Rc::from(elem_type.as_str()),
                items: all[i as usize..(i + c) as usize].to_vec(),
            })))
        }
        _ => return Ok(None),
    }))
}

fn hashtable_method(
    v: &Value,
    h: &Rc<RefCell<Hashtable>>,
    lname: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    Ok(Some(match (lname, n) {
        ("add", 2) => {
            let key = &args[0];
            if key.is_null() {
                return Err(method_exception(
                    name,
                    2,
                    "Key cannot be null.\nParameter name: key",
                    "ArgumentNullException",
                ));
            }
            let hk = hash_key(key);
            let mut t = h.borrow_mut();
            if let Some((existing, _)) = t.entries.get(&hk) {
                return Err(method_exception(
                    name,
                    2,
                    &format!(
                        "Item has already been added. Key in dictionary: '{}'  Key being added: '{}'",
                        to_string(existing),
                        to_string(key)
                    ),
                    "ArgumentException",
                ));
            }
            t.entries.insert(hk, (key.clone(), args[1].clone()));
            Value::Null
        }
        ("remove", 1) => {
            h.borrow_mut().entries.shift_remove(&hash_key(&args[0]));
            Value::Null
        }
        ("containskey" | "contains", 1) => {
            Value::Bool(h.borrow().entries.contains_key(&hash_key(&args[0])))
        }
        ("containsvalue", 1) => Value::Bool(
            h.borrow()
                .entries
                .values()
                .any(|(_, x)| dotnet_equals(x, &args[0])),
        ),
        ("clear", 0) => {
            h.borrow_mut().entries.clear();
            Value::Null
        }
        ("clone", 0) => Value::Hashtable(Rc::new(RefCell::new(h.borrow().clone()))),
        ("getenumerator", 0) => Value::array(
            h.borrow()
                .entries
                .values()
                .map(|(k, x)| dictionary_entry(k, x))
                .collect(),
        ),
        ("tostring", 0) => s(type_name(v)),
        _ => return Ok(None),
    }))
}

/// A System.Collections.DictionaryEntry as `GetEnumerator()` yields it (PowerShell adds the
/// `Name` alias of `Key`).
pub fn dictionary_entry(k: &Value, v: &Value) -> Value {
    make_object(
        "System.Collections.DictionaryEntry",
        vec![
            ("Name", k.clone()),
            ("Key", k.clone()),
            ("Value", v.clone()),
        ],
        Some("System.Collections.DictionaryEntry".into()),
    )
}

fn add_ticks(d: DateTime, name: &str, n: usize, ticks: Option<i64>) -> Result<Value, ErrorInfo> {
    match ticks.and_then(|t| d.ticks.checked_add(t)) {
        Some(t) if (0..=dates::MAX_TICKS).contains(&t) => Ok(Value::DateTime(DateTime {
            ticks: t,
            kind: d.kind,
        })),
        _ => Err(method_exception(
            name,
            n,
            "The added or subtracted value results in an un-representable DateTime.\nParameter name: value",
            "ArgumentOutOfRangeException",
        )),
    }
}

/// DateTime.Add<Unit>(double): .NET rounds the offset to whole milliseconds.
fn scaled_ticks(x: f64, unit: i64) -> Option<i64> {
    let ms = (x * (unit as f64 / 10_000.0)).round();
    if !ms.is_finite() || ms.abs() > 3.2e14 {
        return None;
    }
    Some(ms as i64 * 10_000)
}

fn datetime_method(
    d: DateTime,
    lname: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let unit = match lname {
        "adddays" => Some(TICKS_PER_DAY),
        "addhours" => Some(TICKS_PER_HOUR),
        "addminutes" => Some(TICKS_PER_MINUTE),
        "addseconds" => Some(TICKS_PER_SECOND),
        "addmilliseconds" => Some(10_000),
        _ => None,
    };
    if let Some(u) = unit {
        if n != 1 {
            return Err(no_overload(name, n));
        }
        let x = arg_f64(name, "value", &args[0])?;
        return add_ticks(d, name, n, scaled_ticks(x, u)).map(Some);
    }
    Ok(Some(match (lname, n) {
        ("addticks", 1) => add_ticks(d, name, n, Some(arg_int(name, "value", &args[0])?))?,
        ("addmonths" | "addyears", 1) => {
            let k = arg_int(name, "months", &args[0])?;
            let months = if lname == "addyears" {
                k.checked_mul(12)
            } else {
                Some(k)
            };
            match months.and_then(|m| dates::add_months(d.ticks, m)) {
                Some(t) => Value::DateTime(DateTime {
                    ticks: t,
                    kind: d.kind,
                }),
                None => {
                    return Err(method_exception(
                        name,
                        n,
                        "The added or subtracted value results in an un-representable DateTime.\nParameter name: months",
                        "ArgumentOutOfRangeException",
                    ));
                }
            }
        }
        ("add", 1) => match &args[0] {
            Value::TimeSpan(t) => add_ticks(d, name, n, Some(*t))?,
            other => {
                let e = convert::invalid_cast(other, "System.TimeSpan");
                return Err(arg_conversion("value", other, name, "System.TimeSpan", &e));
            }
        },
        ("subtract", 1) => match &args[0] {
            Value::DateTime(o) => Value::TimeSpan(d.ticks - o.ticks),
            Value::TimeSpan(t) => add_ticks(d, name, n, t.checked_neg())?,
            other => {
                let e = convert::invalid_cast(other, "System.DateTime");
                return Err(arg_conversion("value", other, name, "System.DateTime", &e));
            }
        },
        ("tostring", 0) => s(dates::format_datetime(d, "G", Culture::EnUs)),
        ("tostring", 1..=2) => s(dates::format_datetime(
            d,
            &to_string(&args[0]),
            Culture::EnUs,
        )),
        // The emulator's local time zone is UTC, so conversions only change the kind.
        ("touniversaltime", 0) => Value::DateTime(DateTime {
            ticks: d.ticks,
            kind: DateTimeKind::Utc,
        }),
        ("tolocaltime", 0) => Value::DateTime(DateTime {
            ticks: d.ticks,
            kind: DateTimeKind::Local,
        }),
        ("toshortdatestring", 0) => s(dates::format_datetime(d, "d", Culture::EnUs)),
        ("tolongdatestring", 0) => s(dates::format_datetime(d, "D", Culture::EnUs)),
        ("toshorttimestring", 0) => s(dates::format_datetime(d, "t", Culture::EnUs)),
        ("tolongtimestring", 0) => s(dates::format_datetime(d, "T", Culture::EnUs)),
        ("tofiletime" | "tofiletimeutc", 0) => {
            // Ticks since 1601-01-01.
            Value::Long(d.ticks - 504_911_232_000_000_000)
        }
        _ => return Ok(None),
    }))
}

/// TimeSpan.ToString(format): `c`/`t`/`T`, `g`, `G` and custom `d`, `hh`, `mm`, `ss`, `f…`
/// with `\` escapes and quoted literals.
pub fn format_timespan_with(t: i64, fmt: &str) -> String {
    match fmt {
        "" | "c" | "t" | "T" => return dates::format_timespan(t),
        "g" => {
            let base = dates::format_timespan(t);
            // [-][d:]h:mm:ss[.FFFFFFF]
            let neg = t < 0;
            let a = t.unsigned_abs() as i64;
            let days = a / TICKS_PER_DAY;
            let h = a % TICKS_PER_DAY / TICKS_PER_HOUR;
            let m = a % TICKS_PER_HOUR / TICKS_PER_MINUTE;
            let sec = a % TICKS_PER_MINUTE / TICKS_PER_SECOND;
            let f = a % TICKS_PER_SECOND;
            let _ = base;
            let mut out = String::new();
            if neg {
                out.push('-');
            }
            if days > 0 {
                out.push_str(&format!("{days}:"));
            }
            out.push_str(&format!("{h}:{m:02}:{sec:02}"));
            if f > 0 {
                out.push_str(format!(".{f:07}").trim_end_matches('0'));
            }
            return out;
        }
        _ => {}
    }
    let a = t.unsigned_abs() as i64;
    let days = a / TICKS_PER_DAY;
    let h = a % TICKS_PER_DAY / TICKS_PER_HOUR;
    let m = a % TICKS_PER_HOUR / TICKS_PER_MINUTE;
    let sec = a % TICKS_PER_MINUTE / TICKS_PER_SECOND;
    let frac = a % TICKS_PER_SECOND;
    let cs: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        let mut k = 1;
        while cs.get(i + k) == Some(&c) {
            k += 1;
        }
        match c {
            'd' => out.push_str(&format!("{:0w$}", days, w = k)),
            'h' => out.push_str(&format!("{:0w$}", h, w = k.min(2))),
            'm' => out.push_str(&format!("{:0w$}", m, w = k.min(2))),
            's' => out.push_str(&format!("{:0w$}", sec, w = k.min(2))),
            'f' | 'F' => {
                let digits = format!("{frac:07}");
                let take = digits.get(..k.min(7)).unwrap_or("");
                if c == 'F' {
                    out.push_str(take.trim_end_matches('0'));
                } else {
                    out.push_str(take);
                }
            }
            '\\' => {
                if let Some(&e) = cs.get(i + 1) {
                    out.push(e);
                }
                i += 2;
                continue;
            }
            '\'' | '"' => {
                let mut j = i + 1;
                while let Some(&q) = cs.get(j) {
                    if q == c {
                        break;
                    }
                    out.push(q);
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            other => {
                for _ in 0..k {
                    out.push(other);
                }
            }
        }
        i += k;
    }
    out
}

fn timespan_method(
    t: i64,
    lname: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let overflow = || {
        method_exception(
            name,
            n,
            "TimeSpan overflowed because the duration is too long.",
            "OverflowException",
        )
    };
    Ok(Some(match (lname, n) {
        ("add" | "subtract", 1) => {
            let Value::TimeSpan(o) = &args[0] else {
                let e = convert::invalid_cast(&args[0], "System.TimeSpan");
                return Err(arg_conversion("ts", &args[0], name, "System.TimeSpan", &e));
            };
            let r = if lname == "add" {
                t.checked_add(*o)
            } else {
                t.checked_sub(*o)
            };
            Value::TimeSpan(r.ok_or_else(overflow)?)
        }
        ("negate", 0) => Value::TimeSpan(t.checked_neg().ok_or_else(overflow)?),
        ("duration", 0) => Value::TimeSpan(t.checked_abs().ok_or_else(overflow)?),
        ("tostring", 0) => s(dates::format_timespan(t)),
        ("tostring", 1..=2) => s(format_timespan_with(t, &to_string(&args[0]))),
        _ => return Ok(None),
    }))
}

fn number_method(
    v: &Value,
    lname: &str,
    _name: &str,
    args: &[Value],
) -> Result<Option<Value>, ErrorInfo> {
    Ok(Some(match (lname, args.len()) {
        ("tostring", 1..=2) => {
            let f = to_string(&args[0]);
            s(ops::format_value(v, &f))
        }
        _ => return Ok(None),
    }))
}

fn object_method(
    v: &Value,
    tn: &str,
    lname: &str,
    name: &str,
    args: &[Value],
    host: &mut dyn MethodHost,
) -> Result<Option<Value>, ErrorInfo> {
    match tn {
        "System.Text.RegularExpressions.Regex" => {
            // $re.Match(input, …) is [regex]::Match(input, pattern, …) with the object's
            // pattern.
            let Some((input, rest)) = args.split_first() else {
                return Ok(None);
            };
            let mut call_args = vec![input.clone(), s(to_string(v))];
            call_args.extend(rest.iter().cloned());
            match lname {
                "match" | "matches" | "ismatch" | "split" | "replace" => {
                    regex_static(lname, name, &call_args).map(Some)
                }
                _ => Ok(None),
            }
        }
        "System.Text.UTF8Encoding"
        | "System.Text.ASCIIEncoding"
        | "System.Text.UnicodeEncoding" => encoding_method(tn, lname, args),
        // The logger a synthetic transaction leaves in `-OutLoggerVariable`.
        crate::cmdlets::synthetic::engine::LOGGER_TYPE
            if matches!(lname, "toxml" | "tohtml") && args.is_empty() =>
        {
            let lines: Vec<String> = get_member(v, "Messages")
                .and_then(|m| items_of(&m))
                .unwrap_or_default()
                .iter()
                .map(to_string)
                .collect();
            Ok(Some(s(crate::cmdlets::synthetic::engine::render_log(
                &lines,
                lname == "toxml",
            ))))
        }
        "System.Version" if lname == "tostring" && args.len() == 1 => {
            let count = arg_int(name, "fieldCount", &args[0])?.clamp(0, 4) as usize;
            let t = to_string(v);
            Ok(Some(s(t
                .split('.')
                .take(count)
                .collect::<Vec<_>>()
                .join("."))))
        }
        _ => {
            let _ = host;
            Ok(None)
        }
    }
}

fn bytes_of(v: &Value) -> Vec<u8> {
    items_of(v)
        .unwrap_or_else(|| vec![v.clone()])
        .iter()
        .map(|b| match convert::convert_to_type(b, "byte") {
            Ok(Value::OtherNumber(OtherNumber::Byte(x))) => x,
            _ => 0,
        })
        .collect()
}

fn byte_array(bytes: &[u8]) -> Value {
    Value::array(
        bytes
            .iter()
            .map(|b| Value::OtherNumber(OtherNumber::Byte(*b)))
            .collect(),
    )
}

fn encoding_method(tn: &str, lname: &str, args: &[Value]) -> Result<Option<Value>, ErrorInfo> {
    let unicode = tn == "System.Text.UnicodeEncoding";
    Ok(Some(match (lname, args.len()) {
        ("getbytes", 1) => {
            let st = to_string(&args[0]);
            let bytes: Vec<u8> = if unicode {
                st.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
            } else if tn == "System.Text.ASCIIEncoding" {
                st.chars()
                    .map(|c| if c.is_ascii() { c as u8 } else { b'?' })
                    .collect()
            } else {
                st.into_bytes()
            };
            byte_array(&bytes)
        }
        ("getstring", 1) => {
            let b = bytes_of(&args[0]);
            if unicode {
                let units: Vec<u16> = b
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                s(String::from_utf16_lossy(&units))
            } else {
                s(String::from_utf8_lossy(&b).into_owned())
            }
        }
        _ => return Ok(None),
    }))
}

// ---------------------------------------------------------------------------------------------
// Static members
// ---------------------------------------------------------------------------------------------

fn resolve_static(type_name: &str) -> Result<String, ErrorInfo> {
    match convert::resolve_type(type_name) {
        Some(t) => Ok(t.full_name()),
        None => {
            let t = type_name
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']');
            let l = t.to_ascii_lowercase();
            let l = l.strip_prefix("system.").unwrap_or(&l);
            Ok(match l {
                "text.regularexpressions.regexoptions" => {
                    "System.Text.RegularExpressions.RegexOptions".into()
                }
                "datetimekind" => "System.DateTimeKind".into(),
                "midpointrounding" => "System.MidpointRounding".into(),
                "stringcomparison" => "System.StringComparison".into(),
                "net.dns" => "System.Net.Dns".into(),
                _ => return Err(convert::type_not_found(t)),
            })
        }
    }
}

const ENUMS: &[(&str, &[&str])] = &[
    (
        "System.DayOfWeek",
        &[
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ],
    ),
    ("System.DateTimeKind", &["Unspecified", "Utc", "Local"]),
    ("System.StringSplitOptions", &["None", "RemoveEmptyEntries"]),
    ("System.MidpointRounding", &["ToEven", "AwayFromZero"]),
    (
        "System.StringComparison",
        &[
            "CurrentCulture",
            "CurrentCultureIgnoreCase",
            "InvariantCulture",
            "InvariantCultureIgnoreCase",
            "Ordinal",
            "OrdinalIgnoreCase",
        ],
    ),
    (
        "System.Management.Automation.ActionPreference",
        &[
            "SilentlyContinue",
            "Stop",
            "Continue",
            "Inquire",
            "Ignore",
            "Suspend",
        ],
    ),
    (
        "System.ConsoleColor",
        &[
            "Black",
            "DarkBlue",
            "DarkGreen",
            "DarkCyan",
            "DarkRed",
            "DarkMagenta",
            "DarkYellow",
            "Gray",
            "DarkGray",
            "Blue",
            "Green",
            "Cyan",
            "Red",
            "Magenta",
            "Yellow",
            "White",
        ],
    ),
];

/// The members of an enum type the emulator knows (for the binder and `[Enum]::…`).
pub fn enum_names(full_name: &str) -> Option<&'static [&'static str]> {
    ENUMS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(full_name))
        .map(|(_, n)| *n)
}

/// `[Type]::Name`: static properties and enum members. Unknown members of known types read
/// as `$null`, as in PowerShell outside strict mode.
pub fn get_static(
    type_name: &str,
    name: &str,
    host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    let full = resolve_static(type_name)?;
    if let Some(names) = enum_names(&full)
        && let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(name))
    {
        return Ok(enum_value(&full, names[i], i as i64));
    }
    let l = name.to_ascii_lowercase();
    let min_max = |min: Value, max: Value| -> Option<Value> {
        match l.as_str() {
            "minvalue" => Some(min),
            "maxvalue" => Some(max),
            _ => None,
        }
    };
    let v = match full.as_str() {
        "System.Int32" => min_max(Value::Int(i32::MIN), Value::Int(i32::MAX)),
        "System.Int64" => min_max(Value::Long(i64::MIN), Value::Long(i64::MAX)),
        "System.Byte" => min_max(
            Value::OtherNumber(OtherNumber::Byte(0)),
            Value::OtherNumber(OtherNumber::Byte(u8::MAX)),
        ),
        "System.Int16" => min_max(
            Value::OtherNumber(OtherNumber::Int16(i16::MIN)),
            Value::OtherNumber(OtherNumber::Int16(i16::MAX)),
        ),
        "System.UInt16" => min_max(
            Value::OtherNumber(OtherNumber::UInt16(0)),
            Value::OtherNumber(OtherNumber::UInt16(u16::MAX)),
        ),
        "System.UInt32" => min_max(
            Value::OtherNumber(OtherNumber::UInt32(0)),
            Value::OtherNumber(OtherNumber::UInt32(u32::MAX)),
        ),
        "System.UInt64" => min_max(
            Value::OtherNumber(OtherNumber::UInt64(0)),
            Value::OtherNumber(OtherNumber::UInt64(u64::MAX)),
        ),
        "System.Double" => match l.as_str() {
            "nan" => Some(Value::Double(f64::NAN)),
            "positiveinfinity" => Some(Value::Double(f64::INFINITY)),
            "negativeinfinity" => Some(Value::Double(f64::NEG_INFINITY)),
            "epsilon" => Some(Value::Double(f64::from_bits(1))),
            _ => min_max(Value::Double(f64::MIN), Value::Double(f64::MAX)),
        },
        "System.Decimal" => min_max(
            Value::Decimal(Decimal {
                mantissa: -((1i128 << 96) - 1),
                scale: 0,
            }),
            Value::Decimal(Decimal {
                mantissa: (1i128 << 96) - 1,
                scale: 0,
            }),
        ),
        "System.String" => (l == "empty").then(|| Value::str("")),
        "System.Math" => match l.as_str() {
            "pi" => Some(Value::Double(std::f64::consts::PI)),
            "e" => Some(Value::Double(std::f64::consts::E)),
            _ => None,
        },
        "System.Guid" => (l == "empty").then_some(Value::Guid(0)),
        "System.DateTime" => match l.as_str() {
            "now" => Some(Value::DateTime(host.now())),
            "utcnow" => {
                let n = host.now();
                Some(Value::DateTime(DateTime {
                    ticks: n.ticks,
                    kind: DateTimeKind::Utc,
                }))
            }
            "today" => {
                let n = host.now();
                Some(Value::DateTime(DateTime {
                    ticks: n.ticks - n.ticks % TICKS_PER_DAY,
                    kind: n.kind,
                }))
            }
            "minvalue" => Some(Value::DateTime(DateTime {
                ticks: 0,
                kind: DateTimeKind::Unspecified,
            })),
            "maxvalue" => Some(Value::DateTime(DateTime {
                ticks: dates::MAX_TICKS,
                kind: DateTimeKind::Unspecified,
            })),
            _ => None,
        },
        "System.TimeSpan" => match l.as_str() {
            "zero" => Some(Value::TimeSpan(0)),
            "maxvalue" => Some(Value::TimeSpan(i64::MAX)),
            "minvalue" => Some(Value::TimeSpan(i64::MIN)),
            _ => None,
        },
        "System.Environment" => match l.as_str() {
            // The emulator's console text uses "\n" line ends throughout.
            "newline" => Some(Value::str("\n")),
            "machinename" => Some(s(host.machine_name())),
            "username" => Some(s(host.user_name())),
            "userdomainname" => Some(s(host.machine_name().to_uppercase())),
            "is64bitprocess" | "is64bitoperatingsystem" => Some(Value::Bool(true)),
            _ => None,
        },
        "System.IO.Path" => match l.as_str() {
            "directoryseparatorchar" => Some(Value::Char('\\')),
            "altdirectoryseparatorchar" => Some(Value::Char('/')),
            "pathseparator" => Some(Value::Char(';')),
            _ => None,
        },
        "System.Text.Encoding" => match l.as_str() {
            "utf8" => Some(make_object(
                "System.Text.UTF8Encoding",
                vec![("EncodingName", Value::str("Unicode (UTF-8)"))],
                None,
            )),
            "ascii" => Some(make_object(
                "System.Text.ASCIIEncoding",
                vec![("EncodingName", Value::str("US-ASCII"))],
                None,
            )),
            "unicode" => Some(make_object(
                "System.Text.UnicodeEncoding",
                vec![("EncodingName", Value::str("Unicode"))],
                None,
            )),
            _ => None,
        },
        "System.Char" => min_max(Value::Char('\0'), Value::Char('\u{ffff}')),
        _ => None,
    };
    Ok(v.unwrap_or(Value::Null))
}

fn round_to(x: f64, digits: i64, away: bool) -> f64 {
    let f = 10f64.powi(digits.clamp(0, 15) as i32);
    let y = x * f;
    let r = if away { y.round() } else { round_half_even(y) };
    r / f
}

/// `[Type]::Name(args)`.
pub fn invoke_static(
    type_name: &str,
    name: &str,
    args: &[Value],
    host: &mut dyn MethodHost,
) -> Result<Value, ErrorInfo> {
    let full = resolve_static(type_name)?;
    let l = name.to_ascii_lowercase();
    let n = args.len();
    if l == "new" {
        return new_object(type_name, args);
    }
    let arg_s = |i: usize| args.get(i).map(to_string).unwrap_or_default();
    let r: Option<Value> = match full.as_str() {
        "System.String" => match (l.as_str(), n) {
            ("isnullorempty", 1) => Some(Value::Bool(args[0].is_null() || arg_s(0).is_empty())),
            ("isnullorwhitespace", 1) => Some(Value::Bool(args[0].is_null() || arg_s(0).trim().is_empty())),
            ("join", 2..) => {
                let sep = arg_s(0);
                let items: Vec<Value> = if n == 2 {
                    items_of(&args[1]).unwrap_or_else(|| vec![args[1].clone()])
                } else {
                    args[1..].to_vec()
                };
                Some(s(convert::join_items(&items, &sep)))
            }
            ("format", 1..) => {
                let rest: Vec<Value> = if n == 2 {
                    items_of(&args[1]).unwrap_or_else(|| vec![args[1].clone()])
                } else {
                    args[1..].to_vec()
                };
                Some(s(ops::format_string(&arg_s(0), &rest)?))
            }
            ("concat", _) => Some(s(args.iter().map(to_string).collect::<String>())),
            ("compare", 2..=3) => {
                let ignore = args.get(2).is_some_and(is_true);
                Some(Value::Int(match ops::compare_strings(&arg_s(0), &arg_s(1), !ignore) {
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                    std::cmp::Ordering::Greater => 1,
                }))
            }
            ("equals", 2) => Some(Value::Bool(arg_s(0) == arg_s(1))),
            _ => None,
        },
        "System.Math" => math_static(&l, name, args)?,
        "System.Guid" => match (l.as_str(), n) {
            ("newguid", 0) => Some(Value::Guid(host.new_guid())),
            ("parse", 1) => Some(convert::convert_to_type(&args[0], "guid").map_err(|_| {
                method_exception(
                    name,
                    1,
                    "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).",
                    "FormatException",
                )
            })?),
            _ => None,
        },
        "System.DateTime" => match (l.as_str(), n) {
            ("parse", 1..=2) => Some(
                dates::parse_datetime(&arg_s(0))
                    .map(Value::DateTime)
                    .ok_or_else(|| method_exception(name, n, "String was not recognized as a valid DateTime.", "FormatException"))?,
            ),
            ("parseexact", 2..=3) => Some(
                parse_exact(&arg_s(0), &arg_s(1))
                    .map(Value::DateTime)
                    .ok_or_else(|| method_exception(name, n, "String was not recognized as a valid DateTime.", "FormatException"))?,
            ),
            ("daysinmonth", 2) => {
                let y = arg_int(name, "year", &args[0])?;
                let m = arg_int(name, "month", &args[1])?;
                if !(1..=12).contains(&m) || !(1..=9999).contains(&y) {
                    return Err(method_exception(name, 2, "Month must be between one and twelve.\nParameter name: month", "ArgumentOutOfRangeException"));
                }
                Some(Value::Int(dates::days_in_month(y, m as u32) as i32))
            }
            ("isleapyear", 1) => Some(Value::Bool(dates::is_leap(arg_int(name, "year", &args[0])?))),
            ("specifykind", 2) => match &args[0] {
                Value::DateTime(d) => {
                    let k = arg_s(1).to_ascii_lowercase();
                    let kind = match k.as_str() {
                        "utc" => DateTimeKind::Utc,
                        "local" => DateTimeKind::Local,
                        _ => DateTimeKind::Unspecified,
                    };
                    Some(Value::DateTime(DateTime { ticks: d.ticks, kind }))
                }
                _ => None,
            },
            _ => None,
        },
        "System.TimeSpan" => {
            let unit = match l.as_str() {
                "fromdays" => Some(TICKS_PER_DAY),
                "fromhours" => Some(TICKS_PER_HOUR),
                "fromminutes" => Some(TICKS_PER_MINUTE),
                "fromseconds" => Some(TICKS_PER_SECOND),
                "frommilliseconds" => Some(10_000),
                "fromticks" => Some(1),
                _ => None,
            };
            match (unit, l.as_str(), n) {
                (Some(u), _, 1) => {
                    let x = arg_f64(name, "value", &args[0])?;
                    let t = if u == 1 { Some(x as i64) } else { scaled_ticks(x, u) };
                    Some(Value::TimeSpan(t.ok_or_else(|| {
                        method_exception(name, 1, "TimeSpan overflowed because the duration is too long.", "OverflowException")
                    })?))
                }
                (None, "parse", 1) => Some(
                    dates::parse_timespan(&arg_s(0))
                        .map(Value::TimeSpan)
                        .ok_or_else(|| method_exception(name, 1, "String was not recognized as a valid TimeSpan.", "FormatException"))?,
                ),
                _ => None,
            }
        }
        "System.Text.RegularExpressions.Regex" => match l.as_str() {
            "escape" if n == 1 => Some(s(ops::escape_regex(&arg_s(0)))),
            "unescape" if n == 1 => {
                let mut out = String::new();
                let text = arg_s(0);
                let mut it = text.chars().peekable();
                while let Some(c) = it.next() {
                    if c == '\\' {
                        match it.next() {
                            Some('n') => out.push('\n'),
                            Some('t') => out.push('\t'),
                            Some('r') => out.push('\r'),
                            Some(o) => out.push(o),
                            None => out.push('\\'),
                        }
                    } else {
                        out.push(c);
                    }
                }
                Some(s(out))
            }
            "match" | "matches" | "ismatch" | "split" | "replace" => Some(regex_static(&l, name, args)?),
            _ => None,
        },
        "System.Environment" => match (l.as_str(), n) {
            ("getenvironmentvariable", 1..=2) => Some(Value::Null),
            _ => None,
        },
        // Lync scripts ask for the local computer's name this way.
        "System.Net.Dns" => match (l.as_str(), n) {
            ("gethostname", 0) => Some(s(host.machine_name())),
            _ => None,
        },
        "System.IO.Path" => path_static(&l, args),
        "System.Convert" => convert_static(&l, name, args)?,
        "System.Char" => {
            let c = args.first().and_then(|a| to_string(a).chars().next());
            match (l.as_str(), n, c) {
                (_, 1, Some(c)) => match l.as_str() {
                    "isdigit" | "isnumber" => Some(Value::Bool(c.is_numeric())),
                    "isletter" => Some(Value::Bool(c.is_alphabetic())),
                    "isletterordigit" => Some(Value::Bool(c.is_alphanumeric())),
                    "iswhitespace" => Some(Value::Bool(c.is_whitespace())),
                    "isupper" => Some(Value::Bool(c.is_uppercase())),
                    "islower" => Some(Value::Bool(c.is_lowercase())),
                    "ispunctuation" => Some(Value::Bool(c.is_ascii_punctuation())),
                    "tolower" => Some(Value::Char(c.to_lowercase().next().unwrap_or(c))),
                    "toupper" => Some(Value::Char(c.to_uppercase().next().unwrap_or(c))),
                    _ => None,
                },
                _ => None,
            }
        }
        "System.Array" => match (l.as_str(), n) {
            ("indexof", 2) => Some(
                match items_of(&args[0]).unwrap_or_default().iter().position(|x| dotnet_equals(x, &args[1])) {
                    Some(i) => char_index(i),
                    None => Value::Int(-1),
                },
            ),
            ("reverse", 1) => {
                if let Value::Array(a) = &args[0] {
                    a.borrow_mut().reverse();
                }
                Some(Value::Null)
            }
            ("sort", 1) => {
                if let Value::Array(a) = &args[0] {
                    a.borrow_mut().sort_by(|x, y| ops::compare_values(x, y, false));
                }
                Some(Value::Null)
            }
            _ => None,
        },
        t if t.starts_with("System.Int") || t.starts_with("System.UInt") || t == "System.Double" || t == "System.Decimal" || t == "System.Byte" || t == "System.Boolean" => {
            match (l.as_str(), n) {
                ("parse", 1..=2) => Some(convert::convert_to_type(&Value::str(&arg_s(0)), t).map_err(|e| {
                    let inner = if e.message.contains("too large") {
                        format!("Value was either too large or too small for {}.", t.trim_start_matches("System."))
                    } else if t == "System.Boolean" {
                        "String was not recognized as a valid Boolean.".into()
                    } else {
                        "Input string was not in a correct format.".into()
                    };
                    method_exception(name, n, &inner, "FormatException")
                })?),
                _ => None,
            }
        }
        _ => None,
    };
    match r {
        Some(v) => Ok(v),
        None => {
            if static_known(&full, &l) {
                Err(no_overload(name, n))
            } else {
                Err(method_not_found(&full, name))
            }
        }
    }
}

fn static_known(full: &str, l: &str) -> bool {
    let list: &[&str] = match full {
        "System.String" => &[
            "isnullorempty",
            "isnullorwhitespace",
            "join",
            "format",
            "concat",
            "compare",
            "equals",
        ],
        "System.Math" => &[
            "round", "floor", "ceiling", "abs", "max", "min", "pow", "sqrt", "truncate", "log",
            "log10", "exp", "sign",
        ],
        "System.Guid" => &["newguid", "parse"],
        "System.DateTime" => &[
            "parse",
            "parseexact",
            "daysinmonth",
            "isleapyear",
            "specifykind",
        ],
        "System.TimeSpan" => &[
            "fromdays",
            "fromhours",
            "fromminutes",
            "fromseconds",
            "frommilliseconds",
            "fromticks",
            "parse",
        ],
        "System.Text.RegularExpressions.Regex" => &[
            "escape", "unescape", "match", "matches", "ismatch", "split", "replace",
        ],
        "System.IO.Path" => &[
            "combine",
            "getfilename",
            "getextension",
            "getdirectoryname",
            "getfilenamewithoutextension",
            "changeextension",
            "hasextension",
            "ispathrooted",
        ],
        "System.Convert" => &[
            "toint32",
            "toint64",
            "tostring",
            "todouble",
            "toboolean",
            "todecimal",
            "tobase64string",
            "frombase64string",
            "tobyte",
        ],
        "System.Array" => &["indexof", "reverse", "sort"],
        "System.Net.Dns" => &["gethostname"],
        _ => &["parse"],
    };
    list.contains(&l)
}

fn math_static(l: &str, name: &str, args: &[Value]) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let is_dec = |v: &Value| matches!(v, Value::Decimal(_));
    let f = |i: usize| -> Result<f64, ErrorInfo> {
        match args.get(i) {
            Some(v) => arg_f64(name, "value", v),
            None => Ok(0.0),
        }
    };
    let dbl_or_dec = |x: f64, dec: bool| -> Value {
        if dec {
            convert::f64_to_decimal(x)
                .map(Value::Decimal)
                .unwrap_or(Value::Double(x))
        } else {
            Value::Double(x)
        }
    };
    Ok(Some(match (l, n) {
        ("round", 1..=3) => {
            let x = f(0)?;
            let mut digits = 0;
            let mut away = false;
            for a in &args[1..] {
                match a {
                    Value::Int(_) | Value::Long(_) => digits = arg_int(name, "digits", a)?,
                    other => {
                        away = to_string(other).eq_ignore_ascii_case("AwayFromZero")
                            || matches!(other, Value::Enum(e) if e.value == 1)
                    }
                }
            }
            dbl_or_dec(round_to(x, digits, away), is_dec(&args[0]))
        }
        ("floor", 1) => dbl_or_dec(f(0)?.floor(), is_dec(&args[0])),
        ("ceiling", 1) => dbl_or_dec(f(0)?.ceil(), is_dec(&args[0])),
        ("truncate", 1) => dbl_or_dec(f(0)?.trunc(), is_dec(&args[0])),
        ("abs", 1) => match &args[0] {
            Value::Int(i) => Value::Int(i.checked_abs().ok_or_else(|| {
                method_exception(
                    name,
                    1,
                    "Negating the minimum value of a twos complement number is invalid.",
                    "OverflowException",
                )
            })?),
            Value::Long(i) => Value::Long(i.checked_abs().ok_or_else(|| {
                method_exception(
                    name,
                    1,
                    "Negating the minimum value of a twos complement number is invalid.",
                    "OverflowException",
                )
            })?),
            Value::Decimal(d) => Value::Decimal(Decimal {
                mantissa: d.mantissa.abs(),
                scale: d.scale,
            }),
            _ => Value::Double(f(0)?.abs()),
        },
        ("max" | "min", 2) => {
            let pick_max = l == "max";
            match (&args[0], &args[1]) {
                (Value::Int(a), Value::Int(b)) => {
                    Value::Int(if pick_max { *a.max(b) } else { *a.min(b) })
                }
                (Value::Int(_) | Value::Long(_), Value::Int(_) | Value::Long(_)) => {
                    let a = arg_int(name, "val1", &args[0])?;
                    let b = arg_int(name, "val2", &args[1])?;
                    Value::Long(if pick_max { a.max(b) } else { a.min(b) })
                }
                _ => {
                    let (a, b) = (f(0)?, f(1)?);
                    Value::Double(if pick_max { a.max(b) } else { a.min(b) })
                }
            }
        }
        ("pow", 2) => Value::Double(f(0)?.powf(f(1)?)),
        ("sqrt", 1) => Value::Double(f(0)?.sqrt()),
        ("exp", 1) => Value::Double(f(0)?.exp()),
        ("log10", 1) => Value::Double(f(0)?.log10()),
        ("log", 1) => Value::Double(f(0)?.ln()),
        ("log", 2) => Value::Double(f(0)?.ln() / f(1)?.ln()),
        ("sign", 1) => {
            let x = f(0)?;
            Value::Int(if x > 0.0 {
                1
            } else if x < 0.0 {
                -1
            } else {
                0
            })
        }
        _ => return Ok(None),
    }))
}

fn path_static(l: &str, args: &[Value]) -> Option<Value> {
    let p = |i: usize| args.get(i).map(to_string).unwrap_or_default();
    let file_name =
        |s: &str| -> String { s.rsplit(['\\', '/', ':']).next().unwrap_or("").to_string() };
    Some(match (l, args.len()) {
        ("combine", 1..) => {
            let mut out = String::new();
            for a in args {
                let part = to_string(a);
                if part.is_empty() {
                    continue;
                }
                // A rooted part restarts the path, as Path.Combine does.
                if part.starts_with('\\') || part.starts_with('/') || part.get(1..2) == Some(":") {
                    out = part;
                    continue;
                }
                if !out.is_empty() && !out.ends_with(['\\', '/', ':']) {
                    out.push('\\');
                }
                out.push_str(&part);
            }
            s(out)
        }
        ("getfilename", 1) => {
            if args[0].is_null() {
                return Some(Value::Null);
            }
            s(file_name(&p(0)))
        }
        ("getextension", 1) => {
            let f = file_name(&p(0));
            s(match f.rfind('.') {
                Some(i) if i + 1 < f.len() => f[i..].to_string(),
                _ => String::new(),
            })
        }
        ("getfilenamewithoutextension", 1) => {
            let f = file_name(&p(0));
            s(match f.rfind('.') {
                Some(i) => f[..i].to_string(),
                None => f,
            })
        }
        ("getdirectoryname", 1) => {
            let full = p(0);
            match full.rfind(['\\', '/']) {
                Some(0) => Value::Null,
                Some(i) => {
                    let dir = &full[..i];
                    if dir.ends_with(':') {
                        s(format!("{dir}\\"))
                    } else {
                        s(dir)
                    }
                }
                None => s(""),
            }
        }
        ("changeextension", 2) => {
            let full = p(0);
            let f = file_name(&full);
            let base = match f.rfind('.') {
                Some(i) => full[..full.len() - (f.len() - i)].to_string(),
                None => full,
            };
            let ext = p(1);
            if ext.is_empty() {
                s(base)
            } else if ext.starts_with('.') {
                s(format!("{base}{ext}"))
            } else {
                s(format!("{base}.{ext}"))
            }
        }
        ("hasextension", 1) => Value::Bool(file_name(&p(0)).contains('.')),
        ("ispathrooted", 1) => {
            let x = p(0);
            Value::Bool(x.starts_with('\\') || x.starts_with('/') || x.get(1..2) == Some(":"))
        }
        _ => return None,
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::new();
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        let mut pad = 0;
        for &c in chunk {
            let v = if c == b'=' {
                pad += 1;
                0
            } else {
                B64.iter().position(|&x| x == c)? as u32
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad.min(2)]);
    }
    Some(out)
}

fn convert_static(l: &str, name: &str, args: &[Value]) -> Result<Option<Value>, ErrorInfo> {
    let n = args.len();
    let to = |t: &str| -> Result<Value, ErrorInfo> {
        convert::convert_to_type(&args[0], t).map_err(|e| {
            let inner = if e.message.contains("too large") {
                format!("Value was either too large or too small for {}.", t)
            } else {
                "Input string was not in a correct format.".to_string()
            };
            method_exception(name, n, &inner, "FormatException")
        })
    };
    Ok(Some(match (l, n) {
        ("toint32" | "toint64", 2) => {
            let base = arg_int(name, "fromBase", &args[1])?;
            let text = to_string(&args[0]);
            let t = text.trim_start_matches("0x").trim_start_matches("0X");
            let radix = match base {
                2 | 8 | 10 | 16 => base as u32,
                _ => return Err(method_exception(name, 2, "Invalid Base.", "ArgumentException")),
            };
            let v = i64::from_str_radix(t, radix).map_err(|_| {
                method_exception(name, 2, "Could not find any recognizable digits.", "FormatException")
            })?;
            if l == "toint32" {
                Value::Int(i32::try_from(v).or_else(|_| u32::try_from(v).map(|u| u as i32)).map_err(|_| {
                    method_exception(name, 2, "Value was either too large or too small for an Int32.", "OverflowException")
                })?)
            } else {
                Value::Long(v)
            }
        }
        ("toint32", 1) => to("int")?,
        ("toint64", 1) => to("long")?,
        ("todouble", 1) => to("double")?,
        ("todecimal", 1) => to("decimal")?,
        ("tobyte", 1) => to("byte")?,
        ("toboolean", 1) => match &args[0] {
            Value::String(st) => match st.trim().to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(method_exception(name, 1, "String was not recognized as a valid Boolean.", "FormatException")),
            },
            other => Value::Bool(is_true(other)),
        },
        ("tostring", 1) => s(convert::scalar_to_string(&args[0])),
        ("tostring", 2) => {
            let base = arg_int(name, "toBase", &args[1])?;
            let v = arg_int(name, "value", &args[0])?;
            s(match base {
                2 => format!("{:b}", v),
                8 => format!("{:o}", v),
                16 => format!("{:x}", v),
                _ => v.to_string(),
            })
        }
        ("tobase64string", 1) => s(base64_encode(&bytes_of(&args[0]))),
        ("frombase64string", 1) => byte_array(&base64_decode(&to_string(&args[0])).ok_or_else(|| {
            method_exception(
                name,
                1,
                "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters. ",
                "FormatException",
            )
        })?),
        _ => return Ok(None),
    }))
}

/// DateTime.ParseExact for numeric patterns (`yyyy`, `MM`, `dd`, `HH`, `hh`, `mm`, `ss`,
/// `tt`, literals).
fn parse_exact(input: &str, fmt: &str) -> Option<DateTime> {
    let fc: Vec<char> = fmt.chars().collect();
    let ic: Vec<char> = input.trim().chars().collect();
    let (mut y, mut mo, mut d, mut h, mut mi, mut sec) = (1i64, 1u32, 1u32, 0u32, 0u32, 0u32);
    let mut pm: Option<bool> = None;
    let (mut i, mut j) = (0usize, 0usize);
    while let Some(&c) = fc.get(i) {
        let mut k = 1;
        while fc.get(i + k) == Some(&c) {
            k += 1;
        }
        let take_num = |j: &mut usize, min: usize, max: usize| -> Option<i64> {
            let start = *j;
            while *j < ic.len() && *j - start < max && ic[*j].is_ascii_digit() {
                *j += 1;
            }
            if *j - start < min {
                return None;
            }
            ic[start..*j].iter().collect::<String>().parse().ok()
        };
        match c {
            'y' => y = take_num(&mut j, k.min(4), k.max(4))?,
            'M' => mo = take_num(&mut j, k, 2)? as u32,
            'd' => d = take_num(&mut j, k, 2)? as u32,
            'H' | 'h' => h = take_num(&mut j, k, 2)? as u32,
            'm' => mi = take_num(&mut j, k, 2)? as u32,
            's' => sec = take_num(&mut j, k, 2)? as u32,
            't' => {
                let t: String = ic
                    .get(j..j + 2)?
                    .iter()
                    .collect::<String>()
                    .to_ascii_uppercase();
                pm = Some(t == "PM");
                j += 2;
            }
            '\\' => {
                if ic.get(j) != fc.get(i + 1) {
                    return None;
                }
                j += 1;
                i += 2;
                continue;
            }
            other => {
                for _ in 0..k {
                    if ic.get(j) != Some(&other) {
                        return None;
                    }
                    j += 1;
                }
            }
        }
        i += k;
    }
    if j != ic.len() {
        return None;
    }
    if let Some(p) = pm {
        h = match (p, h) {
            (false, 12) => 0,
            (true, x) if x < 12 => x + 12,
            (_, x) => x,
        };
    }
    let ticks = dates::ticks_from_parts(y, mo, d, h, mi, sec, 0)?;
    Some(DateTime {
        ticks,
        kind: DateTimeKind::Unspecified,
    })
}

/// The static Regex methods (case-sensitive unless an `IgnoreCase` option is passed).
fn regex_static(l: &str, name: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
    let n = args.len();
    let arg_s = |i: usize| args.get(i).map(to_string).unwrap_or_default();
    let opts_at = match l {
        "replace" => 3,
        _ => 2,
    };
    if n < opts_at || n > opts_at + 1 {
        return Err(no_overload(name, n));
    }
    let ignore = args
        .get(opts_at)
        .is_some_and(|o| to_string(o).to_ascii_lowercase().contains("ignorecase"));
    let input = arg_s(0);
    let pattern = arg_s(1);
    let re = ops::regex(&pattern, !ignore).map_err(|_| {
        method_exception(
            name,
            n,
            &format!("parsing \"{pattern}\" - invalid pattern."),
            "ArgumentException",
        )
    })?;
    Ok(match l {
        "ismatch" => Value::Bool(re.is_match(&input).unwrap_or(false)),
        "match" => match re.captures(input.as_str()).ok().flatten() {
            Some(c) => match_object(&re, &c),
            None => empty_match(),
        },
        "matches" => Value::array(
            re.captures_iter(input.as_str())
                .filter_map(Result::ok)
                .map(|c| match_object(&re, &c))
                .collect(),
        ),
        "split" => Value::array(
            ops::regex_split(&re, &input, 0)
                .into_iter()
                .map(s)
                .collect(),
        ),
        _ => s(ops::regex_replace(&re, &input, &arg_s(2))),
    })
}

fn group_object(name: &str, m: Option<fancy_regex::Match<'_>>) -> Value {
    let (ok, idx, len, val) = match m {
        Some(m) => (
            true,
            m.start(),
            m.as_str().chars().count(),
            m.as_str().to_string(),
        ),
        None => (false, 0, 0, String::new()),
    };
    make_object(
        "System.Text.RegularExpressions.Group",
        vec![
            ("Success", Value::Bool(ok)),
            ("Name", Value::str(name)),
            ("Captures", Value::array(Vec::new())),
            ("Index", char_index(idx)),
            ("Length", char_index(len)),
            ("Value", s(val.clone())),
        ],
        Some(val),
    )
}

fn match_object(re: &fancy_regex::Regex, c: &fancy_regex::Captures<'_, str>) -> Value {
    let keys = ops::group_keys(re);
    let groups: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| group_object(&to_string(k), c.get(i)))
        .collect();
    let whole = c.get(0);
    let val = whole.map(|m| m.as_str().to_string()).unwrap_or_default();
    let idx = whole.map(|m| m.start()).unwrap_or(0);
    make_object(
        "System.Text.RegularExpressions.Match",
        vec![
            ("Groups", Value::array(groups)),
            ("Success", Value::Bool(true)),
            ("Name", Value::str("0")),
            ("Captures", Value::array(Vec::new())),
            ("Index", char_index(idx)),
            ("Length", char_index(val.chars().count())),
            ("Value", s(val.clone())),
        ],
        Some(val),
    )
}

fn empty_match() -> Value {
    make_object(
        "System.Text.RegularExpressions.Match",
        vec![
            ("Groups", Value::array(Vec::new())),
            ("Success", Value::Bool(false)),
            ("Name", Value::str("0")),
            ("Captures", Value::array(Vec::new())),
            ("Index", Value::Int(0)),
            ("Length", Value::Int(0)),
            ("Value", Value::str("")),
        ],
        Some(String::new()),
    )
}

/// A GUID's text, for callers that need it without a Value.
pub fn guid_text(g: u128) -> String {
    format_guid(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Host;
    impl MethodHost for Host {
        fn now(&mut self) -> DateTime {
            DateTime {
                ticks: dates::ticks_from_parts(2026, 11, 23, 9, 30, 0, 0).unwrap(),
                kind: DateTimeKind::Local,
            }
        }
        fn new_guid(&mut self) -> u128 {
            0x11111111_2222_3333_4444_555555555555
        }
        fn machine_name(&self) -> String {
            "LYNC-FE01".into()
        }
        fn user_name(&self) -> String {
            "Administrator".into()
        }
    }

    fn call(v: &Value, m: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
        invoke_method(v, m, args, &mut Host)
    }
    fn st(v: &Value, m: &str, args: &[Value]) -> Result<Value, ErrorInfo> {
        invoke_static(v_str(v).as_str(), m, args, &mut Host)
    }
    fn v_str(v: &Value) -> String {
        to_string(v)
    }
    fn t(r: Result<Value, ErrorInfo>) -> String {
        to_string(&r.unwrap())
    }
    fn obj(props: Vec<(&str, Value)>) -> Value {
        let h: IndexMap<Rc<str>, Property> = props
            .into_iter()
            .map(|(n, v)| {
                let n: Rc<str> = Rc::from(n);
                (
                    n.clone(),
                    Property {
                        name: n,
                        value: v,
                        type_name: None,
                        settable: true,
                    },
                )
            })
            .collect();
        Value::object(PsObject {
            type_names: vec![Rc::from(convert::PSCUSTOMOBJECT)],
            properties: h,
            to_string: None,
            hidden: None,
        })
    }

    #[test]
    fn properties_and_member_enumeration() {
        let a = obj(vec![
            ("SipAddress", Value::str("sip:a@x.com")),
            ("Tags", Value::array(vec![Value::Int(1), Value::Int(2)])),
        ]);
        let b = obj(vec![
            ("SipAddress", Value::str("sip:b@x.com")),
            ("Tags", Value::Int(3)),
        ]);
        assert_eq!(
            to_string(&get_member(&a, "sipaddress").unwrap()),
            "sip:a@x.com"
        );
        let arr = Value::array(vec![a.clone(), b, Value::Int(5)]);
        assert_eq!(
            to_string(&get_member(&arr, "SipAddress").unwrap()),
            "sip:a@x.com sip:b@x.com"
        );
        assert_eq!(to_string(&get_member(&arr, "Tags").unwrap()), "1 2 3");
        assert!(matches!(get_member(&arr, "Count"), Some(Value::Int(3))));
        assert!(get_member(&arr, "Nope").is_none());
        assert!(matches!(
            get_member(&Value::Int(5), "Count"),
            Some(Value::Int(1))
        ));
        assert!(matches!(
            get_member(&Value::str("abc"), "Length"),
            Some(Value::Int(3))
        ));
        assert!(matches!(
            get_member(&Value::Null, "Count"),
            Some(Value::Int(0))
        ));
        assert!(get_member(&Value::Null, "Name").is_none());
        // One result comes back as itself.
        let one = Value::array(vec![a.clone()]);
        assert!(matches!(
            get_member(&one, "SipAddress"),
            Some(Value::String(_))
        ));
        set_member(&a, "SIPADDRESS", Value::str("sip:c@x.com")).unwrap();
        assert_eq!(
            to_string(&get_member(&a, "SipAddress").unwrap()),
            "sip:c@x.com"
        );
        let e = set_member(&a, "Nope", Value::Int(1)).unwrap_err();
        assert_eq!(
            e.message,
            "The property 'Nope' cannot be found on this object. Verify that the property exists and can be set."
        );
        assert_eq!(e.error_id, "PropertyNotFound");
        let e = set_member(&Value::str("x"), "length", Value::Int(1)).unwrap_err();
        assert_eq!(e.message, "'Length' is a ReadOnly property.");
    }

    #[test]
    fn construction() {
        let d = new_object(
            "datetime",
            &[Value::Int(2013), Value::Int(7), Value::Int(22)],
        )
        .unwrap();
        assert_eq!(to_string(&d), "07/22/2013 00:00:00");
        let t = invoke_static(
            "timespan",
            "new",
            &[Value::Int(1), Value::Int(30), Value::Int(0)],
            &mut Host,
        )
        .unwrap();
        assert_eq!(to_string(&t), "01:30:00");
        let l = new_object("System.Collections.Generic.List[string]", &[]).unwrap();
        assert_eq!(
            type_name(&l).split(',').next(),
            Some("System.Collections.Generic.List`1[[System.String")
        );
        let h = new_object("hashtable", &[]).unwrap();
        assert!(matches!(h, Value::Hashtable(_)));
        assert_eq!(
            type_name(&new_object("psobject", &[]).unwrap()),
            convert::PSCUSTOMOBJECT
        );
        let e = new_object("datetime", &[Value::Int(1)]).unwrap_err();
        assert_eq!(
            e.message,
            "Cannot find an overload for \"new\" and the argument count: \"1\"."
        );
    }

    #[test]
    fn psobject_properties() {
        let o = obj(vec![("A", Value::Int(1)), ("B", Value::str("x"))]);
        let props = get_member(&get_member(&o, "psobject").unwrap(), "Properties").unwrap();
        assert_eq!(to_string(&get_member(&props, "Name").unwrap()), "A B");
        assert_eq!(
            to_string(&get_member(&Value::Int(1), "PSTypeNames").unwrap()),
            "System.Int32 System.ValueType System.Object"
        );
    }

    #[test]
    fn indexing() {
        let a = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert!(matches!(get_index(&a, &Value::Int(-1)), Ok(Value::Int(3))));
        assert!(matches!(get_index(&a, &Value::Int(9)), Ok(Value::Null)));
        assert!(matches!(get_index(&a, &Value::str("1")), Ok(Value::Int(2))));
        let e = get_index(&a, &Value::str("key")).unwrap_err();
        assert_eq!(e.error_id, "InvalidCastFromStringToInteger");
        let sl = get_index(&a, &Value::array(vec![Value::Int(0), Value::Int(2)])).unwrap();
        assert_eq!(to_string(&sl), "1 3");
        assert!(matches!(
            get_index(&Value::str("abc"), &Value::Int(1)),
            Ok(Value::Char('b'))
        ));
        assert!(matches!(
            get_index(&Value::Int(7), &Value::Int(0)),
            Ok(Value::Int(7))
        ));
        let e = get_index(&Value::Null, &Value::Int(0)).unwrap_err();
        assert_eq!(e.message, "Cannot index into a null array.");
    }

    #[test]
    fn hashtable_members_and_methods() {
        let h = Value::Hashtable(Rc::new(RefCell::new(Hashtable::default())));
        set_member(&h, "Name", Value::str("x")).unwrap();
        call(&h, "Add", &[Value::str("Count"), Value::Int(9)]).unwrap();
        // A key wins over the Count property.
        assert!(matches!(get_member(&h, "count"), Some(Value::Int(9))));
        assert!(matches!(get_member(&h, "missing"), Some(Value::Null)));
        assert_eq!(t(Ok(get_member(&h, "Keys").unwrap())), "Name Count");
        let e = call(&h, "add", &[Value::str("name"), Value::Int(1)]).unwrap_err();
        assert_eq!(
            e.message,
            "Exception calling \"add\" with \"2\" argument(s): \"Item has already been added. Key in dictionary: 'Name'  Key being added: 'name'\""
        );
        assert!(matches!(
            call(&h, "ContainsKey", &[Value::str("NAME")]),
            Ok(Value::Bool(true))
        ));
        call(&h, "Remove", &[Value::str("name")]).unwrap();
        assert!(matches!(
            call(&h, "ContainsKey", &[Value::str("NAME")]),
            Ok(Value::Bool(false))
        ));
    }

    #[test]
    fn string_methods() {
        let x = Value::str("  Hello, World  ");
        assert_eq!(t(call(&x, "Trim", &[])), "Hello, World");
        assert_eq!(
            t(call(&Value::str("xxaxx"), "Trim", &[Value::str("x")])),
            "a"
        );
        assert_eq!(t(call(&x, "ToUpper", &[])), "  HELLO, WORLD  ");
        let sip = Value::str("sip:user@contoso.com");
        assert_eq!(
            t(call(&sip, "Substring", &[Value::Int(4)])),
            "user@contoso.com"
        );
        assert_eq!(
            t(call(&sip, "Substring", &[Value::Int(4), Value::Int(4)])),
            "user"
        );
        let cmp = get_static("StringComparison", "OrdinalIgnoreCase", &mut Host).unwrap();
        assert!(matches!(
            call(&sip, "IndexOf", &[Value::str("USER"), cmp]),
            Ok(Value::Int(4))
        ));
        assert!(matches!(
            call(&sip, "IndexOf", &[Value::str("@")]),
            Ok(Value::Int(8))
        ));
        assert!(matches!(
            call(&sip, "LastIndexOf", &[Value::str("o")]),
            Ok(Value::Int(18))
        ));
        assert_eq!(
            t(call(&sip, "Split", &[Value::str(":@")])),
            "sip user contoso.com"
        );
        assert_eq!(
            t(call(&sip, "Replace", &[Value::str("sip:"), Value::str("")])),
            "user@contoso.com"
        );
        assert!(matches!(
            call(&sip, "StartsWith", &[Value::str("sip:")]),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            call(&sip, "Contains", &[Value::str("SIP")]),
            Ok(Value::Bool(false))
        ));
        assert_eq!(
            t(call(
                &Value::str("7"),
                "PadLeft",
                &[Value::Int(3), Value::str("0")]
            )),
            "007"
        );
        let e = call(
            &sip,
            "Substring",
            &[Value::Int(1), Value::Int(2), Value::Int(3)],
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "Cannot find an overload for \"Substring\" and the argument count: \"3\"."
        );
        assert_eq!(e.error_id, "MethodCountCouldNotFindBest");
        let e = call(&sip, "Foo", &[]).unwrap_err();
        assert_eq!(
            e.message,
            "Method invocation failed because [System.String] doesn't contain a method named 'Foo'."
        );
        assert_eq!(e.error_id, "MethodNotFound");
        let e = call(&sip, "Substring", &[Value::Int(99)]).unwrap_err();
        assert_eq!(
            e.message,
            "Exception calling \"Substring\" with \"1\" argument(s): \"startIndex cannot be larger than length of string.\nParameter name: startIndex\""
        );
        assert_eq!(
            t(call(&Value::Int(5), "ToString", &[Value::str("D3")])),
            "005"
        );
        let ty = call(&Value::Int(5), "GetType", &[]).unwrap();
        assert_eq!(to_string(&ty), "int");
        assert_eq!(t(call(&ty, "ToString", &[])), "System.Int32");
        assert_eq!(
            to_string(&get_member(&ty, "FullName").unwrap()),
            "System.Int32"
        );
    }

    #[test]
    fn collections() {
        let a = Value::array(vec![Value::Int(1)]);
        let e = call(&a, "Add", &[Value::Int(2)]).unwrap_err();
        assert_eq!(
            e.message,
            "Exception calling \"Add\" with \"1\" argument(s): \"Collection was of a fixed size.\""
        );
        assert_eq!(e.error_id, "NotSupportedException");
        assert!(matches!(
            call(&a, "Contains", &[Value::str("1")]),
            Ok(Value::Bool(false))
        ));
        let l = new_object("System.Collections.Generic.List[int]", &[]).unwrap();
        assert!(matches!(
            call(&l, "Add", &[Value::str("5")]),
            Ok(Value::Null)
        ));
        assert!(matches!(get_member(&l, "Count"), Some(Value::Int(1))));
        let e = call(&l, "Add", &[Value::str("x")]).unwrap_err();
        assert!(e.message.starts_with("Cannot convert argument \"item\", with value: \"x\", for \"Add\" to type \"System.Int32\""));
        let al = new_object("System.Collections.ArrayList", &[]).unwrap();
        assert!(matches!(
            call(&al, "Add", &[Value::str("a")]),
            Ok(Value::Int(0))
        ));
        assert!(matches!(
            call(&al, "Add", &[Value::str("b")]),
            Ok(Value::Int(1))
        ));
        call(&al, "Remove", &[Value::str("A")]).unwrap();
        assert_eq!(to_string(&al), "a b", ".NET Equals is case-sensitive");
        call(&al, "Remove", &[Value::str("a")]).unwrap();
        assert_eq!(to_string(&al), "b");
    }

    #[test]
    fn dates_and_spans() {
        let now = Host.now();
        let d = Value::DateTime(now);
        assert_eq!(
            t(call(&d, "AddDays", &[Value::Int(-1)])),
            "11/22/2026 09:30:00"
        );
        assert_eq!(
            t(call(&d, "AddMonths", &[Value::Int(3)])),
            "02/23/2027 09:30:00"
        );
        assert_eq!(
            t(call(&d, "ToString", &[Value::str("yyyyMMdd")])),
            "20261123"
        );
        assert_eq!(t(call(&d, "ToString", &[])), "11/23/2026 9:30:00 AM");
        assert_eq!(t(call(&d, "ToShortDateString", &[])), "11/23/2026");
        assert_eq!(
            t(call(&d, "ToLongDateString", &[])),
            "Monday, November 23, 2026"
        );
        assert_eq!(t(Ok(get_member(&d, "DayOfWeek").unwrap())), "Monday");
        assert!(matches!(get_member(&d, "Year"), Some(Value::Int(2026))));
        let span = call(
            &d,
            "Subtract",
            &[call(&d, "AddHours", &[Value::Double(-1.5)]).unwrap()],
        )
        .unwrap();
        assert_eq!(to_string(&span), "01:30:00");
        assert!(matches!(get_member(&span, "TotalMinutes"), Some(Value::Double(x)) if x == 90.0));
        assert_eq!(
            t(call(&span, "ToString", &[Value::str("hh\\:mm")])),
            "01:30"
        );
    }

    #[test]
    fn statics() {
        let ty = |n: &str| Value::str(n);
        assert!(matches!(
            st(&ty("string"), "IsNullOrEmpty", &[Value::Null]),
            Ok(Value::Bool(true))
        ));
        assert_eq!(
            t(st(
                &ty("string"),
                "Join",
                &[
                    Value::str(", "),
                    Value::array(vec![Value::Int(1), Value::Int(2)])
                ]
            )),
            "1, 2"
        );
        assert_eq!(
            t(st(
                &ty("String"),
                "Format",
                &[Value::str("{0}-{1}"), Value::Int(1), Value::Int(2)]
            )),
            "1-2"
        );
        assert!(
            matches!(st(&ty("math"), "Round", &[Value::Double(2.5)]), Ok(Value::Double(x)) if x == 2.0)
        );
        assert!(
            matches!(st(&ty("math"), "Round", &[Value::Double(2.125), Value::Int(2)]), Ok(Value::Double(x)) if (x - 2.12).abs() < 1e-9)
        );
        assert!(matches!(
            st(&ty("Math"), "Max", &[Value::Int(2), Value::Int(5)]),
            Ok(Value::Int(5))
        ));
        assert_eq!(
            t(st(&ty("guid"), "NewGuid", &[])),
            "11111111-2222-3333-4444-555555555555"
        );
        assert_eq!(
            t(get_static("datetime", "Now", &mut Host)),
            "11/23/2026 09:30:00"
        );
        assert_eq!(
            t(st(&ty("System.Net.Dns"), "GetHostName", &[])),
            "LYNC-FE01"
        );
        assert_eq!(
            t(get_static("System.Environment", "MachineName", &mut Host)),
            "LYNC-FE01"
        );
        assert!(matches!(
            get_static("int", "MaxValue", &mut Host),
            Ok(Value::Int(i32::MAX))
        ));
        assert_eq!(
            t(st(&ty("regex"), "Escape", &[Value::str("a.b*c")])),
            "a\\.b\\*c"
        );
        let re = convert::convert_to_type(&Value::str("(\\d+)"), "regex").unwrap();
        assert_eq!(
            t(call(
                &re,
                "Replace",
                &[Value::str("a12b"), Value::str("<$1>")]
            )),
            "a<12>b"
        );
        assert!(matches!(
            st(
                &ty("regex"),
                "IsMatch",
                &[Value::str("ABC"), Value::str("b")]
            ),
            Ok(Value::Bool(false))
        ));
        let m = st(
            &ty("regex"),
            "Match",
            &[Value::str("user@contoso.com"), Value::str("@(.+)$")],
        )
        .unwrap();
        assert_eq!(to_string(&get_member(&m, "Value").unwrap()), "@contoso.com");
        let groups = get_member(&m, "Groups").unwrap();
        let Value::Array(g) = groups else { panic!() };
        assert_eq!(to_string(&g.borrow()[1]), "contoso.com");
        assert_eq!(
            t(st(
                &ty("System.IO.Path"),
                "Combine",
                &[Value::str("C:\\Logs"), Value::str("a.txt")]
            )),
            "C:\\Logs\\a.txt"
        );
        assert_eq!(
            t(st(
                &ty("IO.Path"),
                "GetExtension",
                &[Value::str("C:\\Logs\\a.txt")]
            )),
            ".txt"
        );
        assert_eq!(
            t(st(
                &ty("IO.Path"),
                "GetFileNameWithoutExtension",
                &[Value::str("C:\\Logs\\a.txt")]
            )),
            "a"
        );
        assert_eq!(
            t(st(
                &ty("IO.Path"),
                "GetDirectoryName",
                &[Value::str("C:\\Logs\\a.txt")]
            )),
            "C:\\Logs"
        );
        let b64 = st(
            &ty("convert"),
            "ToBase64String",
            &[st(
                &ty("convert"),
                "FromBase64String",
                &[Value::str("aGVsbG8=")],
            )
            .unwrap()],
        );
        assert_eq!(t(b64), "aGVsbG8=");
        let bytes = invoke_method(
            &get_static("Text.Encoding", "UTF8", &mut Host).unwrap(),
            "GetBytes",
            &[Value::str("hi")],
            &mut Host,
        )
        .unwrap();
        assert_eq!(t(st(&ty("convert"), "ToBase64String", &[bytes])), "aGk=");
        assert!(matches!(
            st(&ty("int"), "Parse", &[Value::str("42")]),
            Ok(Value::Int(42))
        ));
        let e = st(&ty("string"), "Nope", &[]).unwrap_err();
        assert_eq!(
            e.message,
            "Method invocation failed because [System.String] doesn't contain a method named 'Nope'."
        );
        let e = st(&ty("NoSuchType"), "X", &[]).unwrap_err();
        assert_eq!(e.error_id, "TypeNotFound");
        assert_eq!(
            t(get_static("System.DayOfWeek", "friday", &mut Host)),
            "Friday"
        );
        assert!(matches!(
            st(
                &ty("datetime"),
                "ParseExact",
                &[Value::str("20130722"), Value::str("yyyyMMdd"), Value::Null]
            ),
            Ok(Value::DateTime(_))
        ));
    }
}
