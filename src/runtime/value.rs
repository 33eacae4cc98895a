//! Runtime values: what flows through pipelines and lives in variables.
//!
//! The set of kinds is closed (STYLE §4): no `String` that happens to hold a bool. Reference
//! types of .NET (arrays, hashtables, objects, lists) are shared through `Rc<RefCell<…>>`, so
//! that `$b = $a; $b[0] = 5` changes `$a` as it does in PowerShell; value types (numbers,
//! strings, dates) are copied.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::syntax::ast;

/// One PowerShell value.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    /// System.Int32.
    Int(i32),
    /// System.Int64.
    Long(i64),
    /// System.Double.
    Double(f64),
    /// System.Decimal: mantissa / 10^scale (scale ≤ 28), like .NET's 96-bit decimal.
    Decimal(Decimal),
    /// System.Byte, UInt16, UInt32, UInt64, Int16, SByte and Single are rare in scripts; they
    /// are carried with their type so that casts round-trip and Get-Member shows the type.
    OtherNumber(OtherNumber),
    String(Rc<str>),
    Char(char),
    /// System.Object[] (also the result of `@( )` and `,`).
    Array(Rc<RefCell<Vec<Value>>>),
    /// System.Collections.Generic.List[T]: element type name and items.
    List(Rc<RefCell<TypedList>>),
    /// System.Collections.Hashtable or, when `ordered`, OrderedDictionary.
    Hashtable(Rc<RefCell<Hashtable>>),
    /// PSCustomObject, a typed Lync object, an ErrorRecord…: see [`PsObject`].
    Object(Rc<RefCell<PsObject>>),
    ScriptBlock(Rc<ScriptBlockValue>),
    /// System.Security.SecureString; the clear text is kept only so that a credential's
    /// password can be compared by the emulated services — it is never displayed.
    SecureString(Rc<str>),
    /// System.Management.Automation.PSCredential.
    Credential(Rc<Credential>),
    /// System.DateTime as .NET ticks (100 ns since 0001-01-01), with its kind.
    DateTime(DateTime),
    /// System.TimeSpan as ticks.
    TimeSpan(i64),
    /// System.Guid.
    Guid(u128),
    /// A value of an enum type, e.g. `UseSourceVerification` of
    /// `Microsoft.Rtc.Management.WritableConfig.Policy.Edge.VerificationLevel` (or an
    /// ActionPreference).
    Enum(Rc<EnumValue>),
    /// `[string]` used as a value (System.RuntimeType).
    Type(Rc<TypeValue>),
    /// System.Management.Automation.SwitchParameter.
    Switch(bool),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OtherNumber {
    Byte(u8),
    SByte(i8),
    Int16(i16),
    UInt16(u16),
    UInt32(u32),
    UInt64(u64),
    Single(f32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub ticks: i64,
    pub kind: DateTimeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateTimeKind {
    Unspecified,
    Utc,
    Local,
}

#[derive(Debug, Clone)]
pub struct TypedList {
    /// The element type as PowerShell names it, e.g. `string`, `System.String`.
    pub element_type: Rc<str>,
    pub items: Vec<Value>,
}

/// A hashtable: keys compare as PowerShell's default hashtable compares them (strings
/// case-insensitively). Insertion order is kept for every table; `ordered` only decides the
/// type name (OrderedDictionary) — a plain Hashtable's display order in Windows PowerShell is
/// hash order, which the formatter imitates from the keys.
#[derive(Debug, Clone, Default)]
pub struct Hashtable {
    pub ordered: bool,
    /// Keyed by the normalised key (see `HashKey`), holding the original key and the value.
    pub entries: IndexMap<HashKey, (Value, Value)>,
}

/// A normalised hashtable key: strings lower-cased (invariant culture), numbers by value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HashKey {
    Null,
    Str(String),
    Int(i64),
    Bool(bool),
    /// Any other value, by its string form.
    Other(String),
}

/// A PowerShell object: type names (most derived first, as `$obj.PSObject.TypeNames`) and
/// properties in display order.
#[derive(Debug, Clone, Default)]
pub struct PsObject {
    /// E.g. `["Microsoft.Rtc.Management.WritableConfig.Policy.ExternalAccess.ExternalAccessPolicy",
    /// "System.Object"]`; a PSCustomObject has `["System.Management.Automation.PSCustomObject",
    /// "System.Object"]`.
    pub type_names: Vec<Rc<str>>,
    pub properties: IndexMap<Rc<str>, Property>,
    /// What the object prints as in a string context (`"$obj"`), when not its type name,
    /// e.g. an ErrorRecord's message or a Lync identity.
    pub to_string: Option<Rc<str>>,
    /// The engine record behind an ErrorRecord object, so `throw $_` rethrows it unchanged.
    pub hidden: Option<Box<crate::runtime::errors::ErrorRecord>>,
}

#[derive(Debug, Clone)]
pub struct Property {
    /// The declared name with its original casing.
    pub name: Rc<str>,
    pub value: Value,
    /// The .NET type shown by Get-Member (`System.Boolean`, `System.String`, …), when known.
    pub type_name: Option<Rc<str>>,
    pub settable: bool,
}

/// A script block value: its tree and the source it came from (for error positions).
#[derive(Debug)]
pub struct ScriptBlockValue {
    pub block: ast::ScriptBlock,
    pub source: Rc<Source>,
}

/// A source text with its origin (`C:\path\script.ps1` style name or none for a command line).
#[derive(Debug)]
pub struct Source {
    pub origin: Option<String>,
    pub text: String,
    pub map: crate::syntax::SourceMap,
}

#[derive(Debug, Clone)]
pub struct Credential {
    pub user_name: Rc<str>,
    pub password: Rc<str>,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Full .NET type name.
    pub type_name: Rc<str>,
    /// The member name as declared (casing preserved).
    pub name: Rc<str>,
    pub value: i64,
}

#[derive(Debug, Clone)]
pub struct TypeValue {
    /// Full .NET name, e.g. `System.String`, `System.Collections.Generic.List[System.String]`.
    pub full_name: Rc<str>,
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::String(Rc::from(s))
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(items)))
    }

    pub fn object(obj: PsObject) -> Value {
        Value::Object(Rc::new(RefCell::new(obj)))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl PsObject {
    /// Appends a settable property (replacing one of the same name, case-insensitively).
    pub fn add(&mut self, name: &str, value: Value) {
        let key: Rc<str> = Rc::from(name);
        if let Some(existing) = self
            .properties
            .values_mut()
            .find(|p| p.name.eq_ignore_ascii_case(name))
        {
            existing.value = value;
            return;
        }
        self.properties.insert(
            key.clone(),
            Property {
                name: key,
                value,
                type_name: None,
                settable: true,
            },
        );
    }
}

impl Hashtable {
    /// Sets `key` (replacing an existing entry with an equal key, keeping its position).
    pub fn insert(&mut self, key: Value, value: Value) {
        let k = crate::runtime::convert::hash_key(&key);
        match self.entries.get_mut(&k) {
            Some(slot) => slot.1 = value,
            None => {
                self.entries.insert(k, (key, value));
            }
        }
    }

    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.entries
            .get(&crate::runtime::convert::hash_key(key))
            .map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &Value) -> bool {
        self.entries
            .contains_key(&crate::runtime::convert::hash_key(key))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
