//! PowerShell's default output formatter (Out-Default / Out-String / Format-Table /
//! Format-List), as Windows PowerShell 4 prints to a console.
//!
//! This is the only module that turns objects into display text (STYLE §1). It follows the
//! formatting protocol of PowerShell's `OutCommandInner`
//! (PS: FormatAndOutput/common/BaseOutputtingCommand.cs): a format sequence starts with an
//! empty line, a table group writes its header, a list group writes an empty line, every list
//! entry is followed by an empty line, and the group end and the format end each write an
//! empty line. Column widths follow `ColumnWidthManager.cs` (columns without a declared width
//! share the console width evenly, as Windows PowerShell 3/4 printed them before 5.0's
//! 300 ms auto-sizing), cells follow `TableWriter.cs` (numbers right-aligned, `...` when
//! clipped) and lists follow `ListWriter.cs` (labels padded to the longest, ` : `, word
//! wrapping under the value column).
//!
//! Error records are formatted by the evaluator, not here.

use std::collections::HashMap;
use std::rc::Rc;

use super::convert::{self, PSCUSTOMOBJECT, scalar_to_string, type_name};
use super::dates::{self, Culture};
use super::members;
use super::value::{DateTime, Value};

/// A type's declared default view.
#[derive(Debug, Clone)]
pub enum View {
    /// Columns in order; a width of 0 means "share the remaining width".
    Table {
        columns: Vec<Column>,
    },
    List {
        properties: Vec<String>,
    },
}

/// One column of a table view.
#[derive(Debug, Clone)]
pub struct Column {
    /// The property shown.
    pub property: String,
    /// The header, when different from the property name.
    pub label: Option<String>,
    /// Declared width (0 = automatic).
    pub width: usize,
    pub align: Align,
}

impl Column {
    pub fn new(property: &str) -> Column {
        Column {
            property: property.to_string(),
            label: None,
            width: 0,
            align: Align::Auto,
        }
    }

    pub fn width(mut self, width: usize) -> Column {
        self.width = width;
        self
    }

    pub fn label(mut self, label: &str) -> Column {
        self.label = Some(label.to_string());
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Right for numbers (judged on the first row), left otherwise.
    Auto,
    Left,
    Right,
}

/// Type name (full .NET name, case-insensitive) → default view. Cloning is cheap (the table
/// is shared until a clone registers a view), so the engine can hand a copy to every
/// Out-Default.
#[derive(Debug, Clone)]
pub struct ViewRegistry {
    views: Rc<HashMap<String, View>>,
}

impl Default for ViewRegistry {
    /// The registry with the views of DotNetTypes.format.ps1xml the emulator needs.
    fn default() -> Self {
        let mut r = ViewRegistry::empty();
        r.register(
            "System.Collections.DictionaryEntry",
            View::Table {
                columns: vec![Column::new("Name").width(30), Column::new("Value")],
            },
        );
        r.register(
            "System.Guid",
            View::Table {
                columns: vec![Column::new("Guid")],
            },
        );
        r.register(
            "System.TimeSpan",
            View::List {
                properties: [
                    "Days",
                    "Hours",
                    "Minutes",
                    "Seconds",
                    "Milliseconds",
                    "Ticks",
                    "TotalDays",
                    "TotalHours",
                    "TotalMinutes",
                    "TotalSeconds",
                    "TotalMilliseconds",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            },
        );
        r.register(
            "System.Version",
            View::Table {
                columns: vec![
                    Column::new("Major").width(6),
                    Column::new("Minor").width(6),
                    Column::new("Build").width(6),
                    Column::new("Revision").width(8),
                ],
            },
        );
        r.register(
            "System.RuntimeType",
            View::Table {
                columns: vec![
                    Column::new("IsPublic").width(8),
                    Column::new("IsSerial").width(8),
                    Column::new("Name").width(40),
                    Column::new("BaseType"),
                ],
            },
        );
        r
    }
}

impl ViewRegistry {
    /// An empty registry (no built-in views).
    pub fn empty() -> ViewRegistry {
        ViewRegistry {
            views: Rc::new(HashMap::new()),
        }
    }

    pub fn register(&mut self, type_name: &str, view: View) {
        Rc::make_mut(&mut self.views).insert(type_name.to_ascii_lowercase(), view);
    }

    pub fn get(&self, type_name: &str) -> Option<&View> {
        self.views.get(&type_name.to_ascii_lowercase())
    }
}

#[derive(Debug, Clone)]
pub struct FormatOptions {
    /// Console width (the host's buffer width); 120 by default. The console line output uses
    /// one column less so that no line ever fills the last column (PS: ConsoleLineOutput.cs
    /// ColumnNumber, "we subtract one").
    pub width: usize,
    /// `$FormatEnumerationLimit`, 4 by default; PowerShell's -1 (unlimited) is `usize::MAX`.
    pub enumeration_limit: usize,
    pub views: ViewRegistry,
    /// Size table columns to their content instead of sharing the width evenly: Windows
    /// PowerShell 5's behaviour (it measures the first objects for 300 ms), off by default
    /// because Windows PowerShell 3/4 spread the columns.
    pub table_autosize: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            width: 120,
            enumeration_limit: 4,
            views: ViewRegistry::default(),
            table_autosize: false,
        }
    }
}

impl FormatOptions {
    fn columns(&self) -> usize {
        self.width.saturating_sub(1).max(10)
    }
}

/// A column/property selection for Format-Table / Format-List.
#[derive(Debug, Clone)]
pub enum PropSel {
    /// A property name; may contain wildcards (`*` = all properties).
    Name(String),
    /// A calculated property: its label and the value for each input object, in order
    /// (the evaluator runs the script block).
    Computed { label: String, values: Vec<Value> },
}

// ---------------------------------------------------------------------------------------------
// Value rendering
// ---------------------------------------------------------------------------------------------

/// The text of a value inside a table cell or after a list label
/// (PS: FormatAndOutput/common/Utilities/MshObjectUtil.cs PSObjectHelper.SmartToString):
/// collections as `{a, b}` limited by `$FormatEnumerationLimit` (`{a, b, c, d...}`), null
/// elements as `$null`, hashtables as their DictionaryEntry items, dates in the current
/// culture (en-US), everything else by its `ToString()`.
pub fn format_field(v: &Value, opts: &FormatOptions) -> String {
    match v {
        Value::Null => String::new(),
        Value::Array(a) => enumerate_field(&a.borrow(), opts),
        Value::List(l) => enumerate_field(&l.borrow().items, opts),
        // A dictionary enumerates DictionaryEntry values, whose text is their type name.
        Value::Hashtable(h) => {
            let n = h.borrow().entries.len();
            let entries = vec![Value::str("System.Collections.DictionaryEntry"); n];
            enumerate_field(&entries, opts)
        }
        other => display_scalar(other),
    }
}

fn enumerate_field(items: &[Value], opts: &FormatOptions) -> String {
    let limit = opts.enumeration_limit;
    let mut out = String::from("{");
    for (i, item) in items.iter().enumerate() {
        if i >= limit {
            out.push_str("...");
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        // PSObjectHelper.GetObjectName writes a null element as "$null".
        if item.is_null() {
            out.push_str("$null");
        } else {
            out.push_str(&display_scalar(item));
        }
    }
    out.push('}');
    out
}

/// `ToString()` in the current culture (en-US): dates differ from the invariant string form.
fn display_scalar(v: &Value) -> String {
    match v {
        Value::DateTime(d) => dates::format_datetime(*d, "G", Culture::EnUs),
        other => scalar_to_string(other),
    }
}

/// The top-level DateTime view: `$_.DateTime` (long date and long time).
fn datetime_view(d: DateTime) -> String {
    dates::format_datetime(d, "F", Culture::EnUs)
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

/// How one value prints at the top level.
enum Shape {
    /// Text lines with no framing (strings, numbers, booleans…).
    Scalar(String),
    /// The DateTime custom view.
    Complex(String),
    Table(Vec<Column>),
    List(Vec<String>),
}

/// The properties of an object in display order, with the type name that identifies its
/// shape group.
fn properties_of(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .borrow()
            .properties
            .values()
            .map(|p| p.name.to_string())
            .collect(),
        Value::Credential(_) => vec!["UserName".into(), "Password".into()],
        Value::Switch(_) => vec!["IsPresent".into()],
        _ => Vec::new(),
    }
}

/// Every property of a value, as `*` expands them (used for out-of-band lists).
fn all_properties(v: &Value) -> Vec<String> {
    let names: &[&str] = match v {
        Value::DateTime(_) => &[
            "DisplayHint",
            "DateTime",
            "Date",
            "Day",
            "DayOfWeek",
            "DayOfYear",
            "Hour",
            "Kind",
            "Millisecond",
            "Minute",
            "Month",
            "Second",
            "Ticks",
            "TimeOfDay",
            "Year",
        ],
        Value::TimeSpan(_) => &[
            "Ticks",
            "Days",
            "Hours",
            "Milliseconds",
            "Minutes",
            "Seconds",
            "TotalDays",
            "TotalHours",
            "TotalMilliseconds",
            "TotalMinutes",
            "TotalSeconds",
        ],
        Value::Type(_) => &["IsPublic", "IsSerial", "Name", "BaseType", "FullName"],
        _ => return properties_of(v),
    };
    names.iter().map(|n| n.to_string()).collect()
}

fn is_scalar(v: &Value) -> bool {
    if let Value::Object(o) = v
        && o.borrow().properties.is_empty()
    {
        // An object without properties prints its ToString() (e.g. `New-Object object`).
        return true;
    }
    !matches!(
        v,
        Value::Object(_)
            | Value::Hashtable(_)
            | Value::DateTime(_)
            | Value::TimeSpan(_)
            | Value::Guid(_)
            | Value::Type(_)
            | Value::Credential(_)
            | Value::Switch(_)
    )
}

/// The name that groups objects and selects views: PSTypeNames[0] (for `Select-Object`
/// output that is `Selected.<T>`, not PSCustomObject).
fn group_type(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .borrow()
            .type_names
            .first()
            .map(|t| t.to_string())
            .unwrap_or_else(|| PSCUSTOMOBJECT.into()),
        other => type_name(other),
    }
}

fn shape_of(v: &Value, opts: &FormatOptions) -> Shape {
    if let Value::DateTime(d) = v {
        return Shape::Complex(datetime_view(*d));
    }
    if is_scalar(v) {
        return Shape::Scalar(scalar_to_string(v));
    }
    let tn = group_type(v);
    if let Some(view) = view_for(v, &tn, opts) {
        return match view {
            // Views align left unless they say otherwise (only generated tables right-align
            // numbers).
            View::Table { columns } => Shape::Table(
                columns
                    .iter()
                    .map(|c| {
                        let mut c = c.clone();
                        if c.align == Align::Auto {
                            c.align = Align::Left;
                        }
                        c
                    })
                    .collect(),
            ),
            View::List { properties } => Shape::List(properties.clone()),
        };
    }
    let props = properties_of(v);
    // PS: typeDataQuery.cs / FormatViewManager: no view, up to 4 properties → table.
    if props.len() <= 4 {
        Shape::Table(props.iter().map(|p| Column::new(p)).collect())
    } else {
        Shape::List(props)
    }
}

fn view_for<'a>(v: &Value, tn: &str, opts: &'a FormatOptions) -> Option<&'a View> {
    if let Some(view) = opts.views.get(tn) {
        return Some(view);
    }
    // Walk the rest of an object's type names (base types).
    if let Value::Object(o) = v {
        for t in o.borrow().type_names.iter().skip(1) {
            if let Some(view) = opts.views.get(t) {
                return Some(view);
            }
        }
    }
    None
}

/// Reads a property for display (views name properties; a few value kinds answer through
/// `members::get_member`).
fn property_value(v: &Value, name: &str) -> Value {
    match v {
        Value::Guid(g) if name.eq_ignore_ascii_case("Guid") => {
            Value::str(&convert::format_guid(*g))
        }
        Value::Type(t) => {
            let full = t.full_name.as_ref();
            match name.to_ascii_lowercase().as_str() {
                "ispublic" | "isserial" => Value::Bool(true),
                "basetype" => Value::str(base_type(full)),
                _ => members::get_member(v, name).unwrap_or(Value::Null),
            }
        }
        _ => members::get_member(v, name).unwrap_or(Value::Null),
    }
}

fn base_type(full: &str) -> &'static str {
    match full {
        "System.Object" => "",
        "System.Object[]" => "System.Array",
        "System.String" | "System.Collections.Hashtable" => "System.Object",
        t if t.starts_with("System.Int")
            || t.starts_with("System.UInt")
            || matches!(
                t,
                "System.Double"
                    | "System.Decimal"
                    | "System.Boolean"
                    | "System.Char"
                    | "System.Byte"
                    | "System.DateTime"
                    | "System.TimeSpan"
                    | "System.Guid"
            ) =>
        {
            "System.ValueType"
        }
        _ => "System.Object",
    }
}

/// Generated tables right-align a column whose first value is one of PowerShell's default
/// scalar types other than String (TableViewGenerator.ComputeDefaultAlignment with
/// DefaultScalarTypes: numbers, Char, Boolean, Decimal, SecureString, and enums).
fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_)
            | Value::Long(_)
            | Value::Double(_)
            | Value::Decimal(_)
            | Value::OtherNumber(_)
            | Value::Bool(_)
            | Value::Char(_)
            | Value::SecureString(_)
            | Value::Enum(_)
    )
}

// ---------------------------------------------------------------------------------------------
// Output building
// ---------------------------------------------------------------------------------------------

/// Collects lines; every line is trimmed at the end (the console shows no trailing blanks and
/// the test harness compares trimmed lines).
#[derive(Default)]
struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, s: &str) {
        self.lines.push(s.trim_end().to_string());
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    fn text(&mut self, s: &str) {
        for l in s.split('\n') {
            self.line(l.strip_suffix('\r').unwrap_or(l));
        }
    }

    fn finish(self) -> String {
        let mut s = String::new();
        for l in self.lines {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }
}

/// A table being written: column widths fixed by its first group.
struct TableState {
    columns: Vec<Column>,
    widths: Vec<usize>,
    right: Vec<bool>,
}

impl TableState {
    fn new(
        columns: Vec<Column>,
        first_rows: &[Vec<(String, bool)>],
        autosize: bool,
        total: usize,
    ) -> TableState {
        let n = columns.len();
        let mut widths: Vec<i64> = columns.iter().map(|c| c.width as i64).collect();
        let labels: Vec<String> = columns.iter().map(header_of).collect();
        if autosize {
            for (k, w) in widths.iter_mut().enumerate() {
                let mut m = labels.get(k).map(|l| l.chars().count()).unwrap_or(0);
                for row in first_rows {
                    if let Some((cell, _)) = row.get(k) {
                        m = m.max(cell.chars().count());
                    }
                }
                *w = m.max(1) as i64;
            }
        }
        calculate_widths(&mut widths, total as i64);
        let right = (0..n)
            .map(|k| match columns.get(k).map(|c| c.align) {
                Some(Align::Right) => true,
                Some(Align::Left) => false,
                _ => first_rows
                    .first()
                    .and_then(|r| r.get(k))
                    .is_some_and(|(_, num)| *num),
            })
            .collect();
        TableState {
            columns,
            widths: widths.into_iter().map(|w| w.max(0) as usize).collect(),
            right,
        }
    }

    /// The header labels wrap onto several lines when a column is narrower than its label
    /// (TableWriter.GenerateHeader writes the label row with multiLine = true, through
    /// StringManipulationHelper.GenerateLines); the dashes are as long as the label, clipped
    /// to the column.
    fn header(&self, out: &mut Out) {
        let labels: Vec<String> = self.columns.iter().map(header_of).collect();
        let wrapped: Vec<Vec<String>> = labels
            .iter()
            .zip(&self.widths)
            .map(|(l, w)| {
                if *w == 0 {
                    vec![String::new()]
                } else {
                    wrap(l, *w)
                }
            })
            .collect();
        let rows = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for r in 0..rows {
            let cells: Vec<String> = wrapped
                .iter()
                .map(|ls| ls.get(r).cloned().unwrap_or_default())
                .collect();
            out.line(&self.row_text(&cells));
        }
        let dashes: Vec<String> = labels
            .iter()
            .zip(&self.widths)
            .map(|(l, w)| "-".repeat(l.chars().count().min(*w)))
            .collect();
        out.line(&self.row_text(&dashes));
    }

    fn row_text(&self, cells: &[String]) -> String {
        let mut line = String::new();
        let mut first = true;
        for (k, w) in self.widths.iter().enumerate() {
            if *w == 0 {
                continue;
            }
            if !first {
                line.push(' ');
            }
            first = false;
            let cell = cells.get(k).map(String::as_str).unwrap_or("");
            line.push_str(&fit_cell(
                cell,
                *w,
                self.right.get(k).copied().unwrap_or(false),
            ));
        }
        line
    }
}

fn header_of(c: &Column) -> String {
    c.label.clone().unwrap_or_else(|| c.property.clone())
}

/// ColumnWidthManager.CalculateColumnWidths: unspecified (0) columns start at 1 and share the
/// free width round-robin; when too wide, the last visible column shrinks or is hidden (-1).
fn calculate_widths(widths: &mut [i64], table_width: i64) {
    let sep = 1i64;
    let current = |w: &[i64]| -> i64 {
        let vis: Vec<i64> = w.iter().copied().filter(|x| *x > 0).collect();
        vis.iter().sum::<i64>() + sep * (vis.len() as i64 - 1).max(0)
    };
    let all_specified = widths.iter().all(|w| *w > 0);
    if !all_specified {
        let fixed: Vec<bool> = widths.iter().map(|w| *w > 0).collect();
        for w in widths.iter_mut() {
            if *w == 0 {
                *w = 1;
            }
        }
        let mut available = table_width - current(widths);
        if available > 0 {
            'outer: while available > 0 {
                for (k, w) in widths.iter_mut().enumerate() {
                    if fixed[k] {
                        continue;
                    }
                    *w += 1;
                    available -= 1;
                    if available == 0 {
                        break 'outer;
                    }
                }
            }
            return;
        }
        if available == 0 {
            return;
        }
    } else if current(widths) <= table_width {
        return;
    }
    // TrimToFit.
    loop {
        let excess = current(widths) - table_width;
        if excess <= 0 {
            return;
        }
        let last = match widths.iter().position(|w| *w < 0) {
            Some(0) => return,
            Some(p) => p - 1,
            None => widths.len().saturating_sub(1),
        };
        let Some(w) = widths.get_mut(last) else {
            return;
        };
        let new = *w - excess;
        if new < 1 {
            *w = -1;
        } else {
            *w = new;
        }
    }
}

/// TableWriter.GenerateRowField: pad to the width, or clip with `...` (Windows PowerShell's
/// three-dot ellipsis) at the end (left-aligned) or the start (right-aligned).
fn fit_cell(value: &str, width: usize, right: bool) -> String {
    // StringManipulationHelper.TruncateAtNewLine: the first line, marked with "...".
    let first: String = match value.find(['\r', '\n']) {
        Some(p) => format!("{}...", &value[..p]),
        None => value.to_string(),
    };
    let s = first.as_str();
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len();
    if len <= width {
        let pad = " ".repeat(width - len);
        return if right {
            format!("{pad}{s}")
        } else {
            format!("{s}{pad}")
        };
    }
    if width > 3 {
        let keep = width - 3;
        if right {
            format!("...{}", chars[len - keep..].iter().collect::<String>())
        } else {
            format!("{}...", chars[..keep].iter().collect::<String>())
        }
    } else if right {
        chars[len - width..].iter().collect()
    } else {
        chars[..width].iter().collect()
    }
}

/// Word-wraps a value to `width` cells exactly as Windows PowerShell does for English
/// (PS: FormatAndOutput/common/Utilities StringManipulationHelper.GenerateLinesWithWordWrap):
/// each word carries its trailing blank or tab and moves to a new line when it does not fit
/// in what is left; a word longer than a whole line is poured character by character,
/// starting on the current line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let cleaned: String = text.chars().filter(|c| *c != '\r').collect();
    for line in cleaned.split('\n') {
        if line.chars().count() <= width {
            out.push(line.to_string());
            continue;
        }
        let mut rem = width;
        let mut b = String::new();
        // Words with their delimiter: split after each blank or tab.
        let mut words: Vec<String> = Vec::new();
        let mut cur = String::new();
        for c in line.chars() {
            cur.push(c);
            if c == ' ' || c == '\t' {
                words.push(std::mem::take(&mut cur));
            }
        }
        words.push(cur);
        for w in words {
            let n = w.chars().count();
            if n > width {
                for ch in w.chars() {
                    if rem < 1 {
                        out.push(std::mem::take(&mut b));
                        b.push(ch);
                        rem = width - 1;
                    } else {
                        b.push(ch);
                        rem -= 1;
                    }
                }
            } else if n > rem {
                out.push(std::mem::take(&mut b));
                b = w;
                rem = width - n;
            } else {
                b.push_str(&w);
                rem -= n;
            }
        }
        out.push(b);
    }
    out
}

/// ListWriter: one `label : value` line per property, labels padded to the longest label of
/// the entry, long values word-wrapped under the value column, embedded newlines kept.
fn write_list_entry(out: &mut Out, labels: &[String], values: &[String], opts: &FormatOptions) {
    let columns = opts.columns();
    let max_label = columns.saturating_sub(3 + 1);
    let label_len = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(max_label);
    let prefix_len = label_len + 3;
    let field = columns.saturating_sub(prefix_len).max(1);
    let pad = " ".repeat(prefix_len);
    for (k, label) in labels.iter().enumerate() {
        let lc: Vec<char> = label.chars().collect();
        let mut head: String = lc.iter().take(label_len).collect();
        for _ in lc.len()..label_len {
            head.push(' ');
        }
        head.push_str(" : ");
        let value = values.get(k).map(String::as_str).unwrap_or("");
        // ListWriter.WriteProperty: embedded newlines and wrapped pieces continue under the
        // value column.
        for (i, piece) in wrap(value, field).iter().enumerate() {
            if i == 0 {
                out.line(&format!("{head}{piece}"));
            } else {
                out.line(&format!("{pad}{piece}"));
            }
        }
    }
}

fn list_values(v: &Value, props: &[String], opts: &FormatOptions) -> Vec<String> {
    props
        .iter()
        .map(|p| format_field(&property_value(v, p), opts))
        .collect()
}

fn row_cells(v: &Value, columns: &[Column], opts: &FormatOptions) -> Vec<(String, bool)> {
    columns
        .iter()
        .map(|c| {
            let val = property_value(v, &c.property);
            (format_field(&val, opts), is_number(&val))
        })
        .collect()
}

/// Expands hashtables into their entries and unrolls one level of collections, as the
/// pipeline hands Out-Default the elements of an array.
fn flatten(values: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for v in values {
        match v {
            Value::Array(a) => {
                for item in a.borrow().iter() {
                    push_expanded(&mut out, item);
                }
            }
            Value::List(l) => {
                for item in l.borrow().items.iter() {
                    push_expanded(&mut out, item);
                }
            }
            other => push_expanded(&mut out, other),
        }
    }
    out
}

fn push_expanded(out: &mut Vec<Value>, v: &Value) {
    match v {
        Value::Hashtable(h) => {
            for (k, val) in h.borrow().entries.values() {
                out.push(members::dictionary_entry(k, val));
            }
        }
        Value::Null => {}
        other => out.push(other.clone()),
    }
}

/// The open group of Out-Default. `generated` marks a view made up from the first object's
/// properties: such a view accepts every later non-scalar object (ViewGenerator
/// .IsObjectApplicable returns true when there is no view), which is why later objects of
/// another type appear as rows under the first object's columns. A registered view accepts
/// objects whose type names include its type; others are written out of band.
enum Group {
    None,
    Table {
        type_name: String,
        table: TableState,
        generated: bool,
    },
    List {
        type_name: String,
        generated: bool,
    },
    Complex,
}

fn applicable(group_type_name: &str, generated: bool, v: &Value) -> bool {
    generated
        || members::type_names_of(v)
            .iter()
            .any(|t| t.eq_ignore_ascii_case(group_type_name))
}

/// Out-Default of a pipeline's output.
pub fn format_default(values: &[Value], opts: &FormatOptions) -> String {
    let items = flatten(values);
    let mut out = Out::default();
    let mut group = Group::None;
    let mut i = 0;
    while let Some(v) = items.get(i) {
        let tn = group_type(v);
        // Scalars are always written out of band, as their text
        // (ProcessOutOfBandObjectOutsideDocumentSequence).
        if is_scalar(v) {
            out.text(&scalar_to_string(v));
            i += 1;
            continue;
        }
        let in_group = match &group {
            Group::Table {
                type_name,
                generated,
                ..
            }
            | Group::List {
                type_name,
                generated,
            } => applicable(type_name, *generated, v),
            Group::Complex => matches!(v, Value::DateTime(_)),
            Group::None => false,
        };
        if in_group {
            match &group {
                Group::Table { table, .. } => {
                    let cells: Vec<String> = row_cells(v, &table.columns, opts)
                        .into_iter()
                        .map(|(c, _)| c)
                        .collect();
                    out.line(&table.row_text(&cells));
                }
                Group::List { .. } => {
                    let props = match shape_of(v, opts) {
                        Shape::List(p) => p,
                        _ => properties_of(v),
                    };
                    let values = list_values(v, &props, opts);
                    write_list_entry(&mut out, &props, &values, opts);
                    out.blank();
                }
                Group::Complex => {
                    if let Value::DateTime(d) = v {
                        out.text(&datetime_view(*d));
                    }
                }
                Group::None => {}
            }
            i += 1;
            continue;
        }
        let shape = shape_of(v, opts);
        match (&group, shape) {
            (_, Shape::Scalar(text)) => out.text(&text),
            (Group::None, Shape::Complex(text)) => {
                out.blank();
                out.text(&text);
                group = Group::Complex;
            }
            (Group::None, Shape::Table(columns)) => {
                // Widths come from the view (or are shared evenly); the first row decides
                // numeric alignment.
                let generated = view_for(v, &tn, opts).is_none();
                let mut first = vec![row_cells(v, &columns, opts)];
                if opts.table_autosize {
                    // Every later object of the group takes part in the measurement.
                    for w in items.iter().skip(i + 1) {
                        if !is_scalar(w) && applicable(&tn, generated, w) {
                            first.push(row_cells(w, &columns, opts));
                        }
                    }
                }
                let table = TableState::new(columns, &first, opts.table_autosize, opts.columns());
                out.blank();
                table.header(&mut out);
                let cells: Vec<String> = first[0].iter().map(|(c, _)| c.clone()).collect();
                out.line(&table.row_text(&cells));
                group = Group::Table {
                    type_name: tn,
                    table,
                    generated,
                };
            }
            (Group::None, Shape::List(props)) => {
                out.blank();
                out.blank();
                let values = list_values(v, &props, opts);
                write_list_entry(&mut out, &props, &values, opts);
                out.blank();
                group = Group::List {
                    generated: view_for(v, &tn, opts).is_none(),
                    type_name: tn,
                };
            }
            // Not applicable to the open group: out of band (OutOfBandFormatViewManager
            // .GenerateOutOfBandData with the ToString fallback): a list of all the object's
            // properties with an empty line before and after, or its text when it has none.
            (_, _) => {
                let props = all_properties(v);
                if props.is_empty() {
                    out.text(&display_scalar(v));
                } else {
                    let values = list_values(v, &props, opts);
                    out.blank();
                    write_list_entry(&mut out, &props, &values, opts);
                    out.blank();
                }
            }
        }
        i += 1;
    }
    if !matches!(group, Group::None) {
        out.blank();
        out.blank();
    }
    out.finish()
}

/// The columns a selection names for the first object (wildcards expanded in property order).
fn select_columns(
    first: Option<&Value>,
    properties: Option<&[PropSel]>,
    opts: &FormatOptions,
) -> Vec<(String, Option<usize>)> {
    let all: Vec<String> = match first {
        Some(v) => match shape_of(v, opts) {
            Shape::Table(cols) => cols.into_iter().map(|c| c.property).collect(),
            Shape::List(p) => p,
            _ => properties_of(v),
        },
        None => Vec::new(),
    };
    let Some(sel) = properties else {
        return all.into_iter().map(|p| (p, None)).collect();
    };
    let every: Vec<String> = first.map(all_properties).unwrap_or_default();
    let mut out = Vec::new();
    for (idx, s) in sel.iter().enumerate() {
        match s {
            PropSel::Name(n) => {
                let w = super::ops::Wildcard::new(n, true);
                if w.is_literal() {
                    let canonical = every
                        .iter()
                        .find(|p| p.eq_ignore_ascii_case(n))
                        .cloned()
                        .unwrap_or_else(|| n.clone());
                    out.push((canonical, None));
                } else {
                    let pool = if every.is_empty() { &all } else { &every };
                    for p in pool {
                        if w.is_match(p) {
                            out.push((p.clone(), None));
                        }
                    }
                }
            }
            PropSel::Computed { label, .. } => out.push((label.clone(), Some(idx))),
        }
    }
    out
}

fn cell_value(
    v: &Value,
    row: usize,
    col: &(String, Option<usize>),
    sel: Option<&[PropSel]>,
) -> Value {
    match col.1 {
        Some(idx) => match sel.and_then(|s| s.get(idx)) {
            Some(PropSel::Computed { values, .. }) => {
                values.get(row).cloned().unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        None => property_value(v, &col.0),
    }
}

/// Format-Table (its output as Out-Default then prints it).
pub fn format_table(
    values: &[Value],
    properties: Option<&[PropSel]>,
    autosize: bool,
    opts: &FormatOptions,
) -> String {
    let items = flatten(values);
    let mut out = Out::default();
    // Scalars are written out of band, as their text, where they occur.
    let Some(first) = items.iter().find(|v| !is_scalar(v)) else {
        for v in &items {
            out.text(&scalar_to_string(v));
        }
        return out.finish();
    };
    // Without a selection, a registered table view supplies widths and labels.
    let view_columns: Option<Vec<Column>> = match properties {
        None => match shape_of(first, opts) {
            Shape::Table(cols) => Some(cols),
            _ => None,
        },
        Some(_) => None,
    };
    let cols = select_columns(Some(first), properties, opts);
    let columns: Vec<Column> = match &view_columns {
        Some(vc) => vc.clone(),
        None => cols.iter().map(|(n, _)| Column::new(n)).collect(),
    };
    let rows: Vec<Option<Vec<(String, bool)>>> = items
        .iter()
        .enumerate()
        .map(|(r, v)| {
            (!is_scalar(v)).then(|| {
                cols.iter()
                    .map(|c| {
                        let val = cell_value(v, r, c, properties);
                        (format_field(&val, opts), is_number(&val))
                    })
                    .collect()
            })
        })
        .collect();
    let measured: Vec<Vec<(String, bool)>> = rows.iter().flatten().cloned().collect();
    let table = TableState::new(columns, &measured, autosize, opts.columns());
    let mut started = false;
    for (v, row) in items.iter().zip(&rows) {
        match row {
            None => out.text(&scalar_to_string(v)),
            Some(row) => {
                if !started {
                    out.blank();
                    table.header(&mut out);
                    started = true;
                }
                let cells: Vec<String> = row.iter().map(|(c, _)| c.clone()).collect();
                out.line(&table.row_text(&cells));
            }
        }
    }
    out.blank();
    out.blank();
    out.finish()
}

/// Format-List (its output as Out-Default then prints it). Without a selection every object
/// shows its own properties (or its list view).
pub fn format_list(
    values: &[Value],
    properties: Option<&[PropSel]>,
    opts: &FormatOptions,
) -> String {
    let items = flatten(values);
    let mut out = Out::default();
    let mut started = false;
    for (r, v) in items.iter().enumerate() {
        if is_scalar(v) {
            // Out of band: the text alone.
            out.text(&scalar_to_string(v));
            continue;
        }
        if !started {
            out.blank();
            out.blank();
            started = true;
        }
        let cols = match properties {
            Some(_) => select_columns(Some(v), properties, opts),
            None => {
                let props = match shape_of(v, opts) {
                    Shape::List(p) => p,
                    _ => all_properties(v),
                };
                props.into_iter().map(|p| (p, None)).collect()
            }
        };
        if cols.is_empty() {
            // A value without properties lists as its text.
            out.text(&display_scalar(v));
            out.blank();
            continue;
        }
        let labels: Vec<String> = cols.iter().map(|c| c.0.clone()).collect();
        let values: Vec<String> = cols
            .iter()
            .map(|c| format_field(&cell_value(v, r, c, properties), opts))
            .collect();
        write_list_entry(&mut out, &labels, &values, opts);
        out.blank();
    }
    if started {
        out.blank();
        out.blank();
    }
    out.finish()
}

/// Out-String's text for a single value used in a string context by cmdlets that print
/// objects (e.g. Write-Host of an object uses ToString, not this).
pub fn out_string(values: &[Value], opts: &FormatOptions) -> String {
    format_default(values, opts)
}

/// A PSCustomObject from (name, value) pairs, for callers building display objects.
pub fn custom_object(props: Vec<(&str, Value)>) -> Value {
    let mut h = super::value::Hashtable::default();
    for (name, v) in props {
        let key = Value::str(name);
        h.entries.insert(convert::hash_key(&key), (key, v));
    }
    convert::object_from_hashtable(&h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::convert::hash_key;
    use crate::runtime::value::{DateTimeKind, Hashtable};
    use std::cell::RefCell;
    use std::rc::Rc;

    fn opts() -> FormatOptions {
        FormatOptions::default()
    }

    fn narrow(width: usize) -> FormatOptions {
        FormatOptions {
            width,
            ..FormatOptions::default()
        }
    }

    /// Expected text written as lines (each followed by "\n").
    fn lines(ls: &[&str]) -> String {
        let mut s = String::new();
        for l in ls {
            s.push_str(l);
            s.push('\n');
        }
        s
    }

    fn obj(props: Vec<(&str, Value)>) -> Value {
        custom_object(props)
    }

    #[test]
    fn scalars_print_one_per_line() {
        let v = vec![
            Value::Bool(true),
            Value::Int(42),
            Value::Double(1.5),
            Value::str("text"),
            Value::Null,
            Value::array(vec![Value::Int(1), Value::Int(2)]),
        ];
        assert_eq!(
            format_default(&v, &opts()),
            lines(&["True", "42", "1.5", "text", "1", "2"])
        );
        assert_eq!(format_default(&[Value::Null], &opts()), "");
    }

    #[test]
    fn datetime_uses_the_long_view() {
        let d = DateTime {
            ticks: dates::ticks_from_parts(2026, 11, 23, 9, 30, 0, 0).unwrap(),
            kind: DateTimeKind::Local,
        };
        assert_eq!(
            format_default(&[Value::DateTime(d)], &opts()),
            lines(&["", "Monday, November 23, 2026 9:30:00 AM", "", ""])
        );
    }

    #[test]
    fn small_objects_make_a_table_with_shared_width() {
        // Two columns share 119 cells: 1 separator, 59 + 59 (ColumnWidthManager round-robin).
        let v = vec![
            obj(vec![
                ("Name", Value::str("alpha")),
                ("Count", Value::Int(3)),
            ]),
            obj(vec![("Name", Value::str("b")), ("Count", Value::Int(12))]),
        ];
        let pad = |s: &str, w: usize| format!("{s:<w$}");
        let rpad = |s: &str, w: usize| format!("{s:>w$}");
        let expected = lines(&[
            "",
            &format!("{} {}", pad("Name", 59), rpad("Count", 59)),
            &format!("{} {}", pad("----", 59), rpad("-----", 59)),
            &format!("{} {}", pad("alpha", 59), rpad("3", 59)),
            &format!("{} {}", pad("b", 59), rpad("12", 59)),
            "",
            "",
        ]);
        assert_eq!(format_default(&v, &opts()), expected);
    }

    #[test]
    fn five_properties_make_a_list() {
        let v = vec![
            obj(vec![
                ("Identity", Value::str("Global")),
                ("AllowFederatedUsers", Value::Bool(true)),
                ("EnablePublicCloudAccess", Value::Bool(false)),
                ("Tags", Value::array(vec![Value::str("a"), Value::str("b")])),
                ("Empty", Value::array(vec![])),
            ]),
            obj(vec![
                ("Identity", Value::str("Tag:Sales")),
                ("A", Value::Null),
                ("B", Value::Int(1)),
                ("C", Value::array((1..=6).map(Value::Int).collect())),
                ("D", Value::str("")),
            ]),
        ];
        let expected = lines(&[
            "",
            "",
            "Identity                : Global",
            "AllowFederatedUsers     : True",
            "EnablePublicCloudAccess : False",
            "Tags                    : {a, b}",
            "Empty                   : {}",
            "",
            "Identity : Tag:Sales",
            "A        :",
            "B        : 1",
            "C        : {1, 2, 3, 4...}",
            "D        :",
            "",
            "",
            "",
        ]);
        assert_eq!(format_default(&v, &opts()), expected);
    }

    #[test]
    fn collections_inside_cells() {
        let o = opts();
        let a = Value::array(vec![Value::str("a"), Value::Null, Value::Int(3)]);
        assert_eq!(format_field(&a, &o), "{a, $null, 3}");
        let mut h = Hashtable::default();
        h.entries
            .insert(hash_key(&Value::str("k")), (Value::str("k"), Value::Int(1)));
        let h = Value::Hashtable(Rc::new(RefCell::new(h)));
        assert_eq!(format_field(&h, &o), "{System.Collections.DictionaryEntry}");
        let unlimited = FormatOptions {
            enumeration_limit: usize::MAX,
            ..FormatOptions::default()
        };
        let many = Value::array((1..=6).map(Value::Int).collect());
        assert_eq!(format_field(&many, &unlimited), "{1, 2, 3, 4, 5, 6}");
        assert_eq!(format_field(&many, &o), "{1, 2, 3, 4...}");
    }

    #[test]
    fn hashtables_print_name_value() {
        let mut h = Hashtable::default();
        for (k, v) in [("a", Value::Int(1)), ("bb", Value::str("x"))] {
            h.entries
                .insert(hash_key(&Value::str(k)), (Value::str(k), v));
        }
        let v = Value::Hashtable(Rc::new(RefCell::new(h)));
        let expected = lines(&[
            "",
            &format!("{:<30} Value", "Name"),
            &format!("{:<30} -----", "----"),
            &format!("{:<30} 1", "a"),
            &format!("{:<30} x", "bb"),
            "",
            "",
        ]);
        assert_eq!(format_default(&[v], &opts()), expected);
    }

    #[test]
    fn autosize_table_and_clipping() {
        let v = vec![
            obj(vec![("Name", Value::str("alpha")), ("Size", Value::Int(3))]),
            obj(vec![("Name", Value::str("b")), ("Size", Value::Int(1200))]),
        ];
        assert_eq!(
            format_table(&v, None, true, &opts()),
            lines(&[
                "",
                "Name  Size",
                "----  ----",
                "alpha    3",
                "b     1200",
                "",
                ""
            ])
        );
        let sel = [
            PropSel::Name("Name".into()),
            PropSel::Computed {
                label: "Twice".into(),
                values: vec![Value::Int(6), Value::Int(2400)],
            },
        ];
        assert_eq!(
            format_table(&v, Some(&sel), true, &opts()),
            lines(&[
                "",
                "Name  Twice",
                "----  -----",
                "alpha     6",
                "b      2400",
                "",
                ""
            ])
        );
        // Width 21 → 20 usable cells: 1 separator, the other 19 shared round-robin from the
        // left (10 + 9); the long label wraps onto a second header line, long cell text is
        // clipped with "...".
        let long = vec![obj(vec![
            ("Name", Value::str("n")),
            ("Description", Value::str("a very long description")),
        ])];
        assert_eq!(
            format_default(&long, &narrow(21)),
            lines(&[
                "",
                "Name       Descripti",
                "           on",
                "----       ---------",
                "n          a very...",
                "",
                ""
            ])
        );
    }

    #[test]
    fn list_wraps_long_values_under_the_value_column() {
        let v = vec![obj(vec![
            (
                "Identity",
                Value::str("CN=user05,OU=Users,DC=contoso,DC=local"),
            ),
            ("A", Value::Int(1)),
            ("B", Value::Int(2)),
            ("C", Value::Int(3)),
            ("Text", Value::str("one two three four five six")),
        ])];
        // Width 31 → 30 usable; labels 8 + " : " = 11; values get 19 cells.
        let expected = lines(&[
            "",
            "",
            "Identity : CN=user05,OU=Users,",
            "           DC=contoso,DC=local",
            "A        : 1",
            "B        : 2",
            "C        : 3",
            "Text     : one two three four",
            "           five six",
            "",
            "",
            "",
        ]);
        assert_eq!(format_default(&v, &narrow(31)), expected);
    }

    #[test]
    fn wrapping_follows_generate_lines_with_word_wrap() {
        // "four " (with its blank) does not fit in the 4 cells left on an 18-cell line.
        assert_eq!(
            wrap("one two three four five", 18),
            ["one two three ", "four five"]
        );
        // A word longer than a line is poured from the current line on.
        assert_eq!(wrap("ab cdefghij", 5), ["ab cd", "efghi", "j"]);
        assert_eq!(wrap("x\r\ny", 5), ["x", "y"]);
        assert_eq!(wrap("", 5), [""]);
        // Cells show the first line of a multi-line value followed by "...".
        assert_eq!(fit_cell("a\nb", 6, false), "a...  ");
    }

    #[test]
    fn format_list_with_selection_and_wildcards() {
        let v = vec![obj(vec![
            ("Identity", Value::str("Global")),
            ("EnableFederationAccess", Value::Bool(true)),
            ("EnablePublicCloudAccess", Value::Bool(false)),
        ])];
        let sel = [
            PropSel::Name("identity".into()),
            PropSel::Name("Enable*".into()),
        ];
        assert_eq!(
            format_list(&v, Some(&sel), &opts()),
            lines(&[
                "",
                "",
                "Identity                : Global",
                "EnableFederationAccess  : True",
                "EnablePublicCloudAccess : False",
                "",
                "",
                "",
            ])
        );
    }

    #[test]
    fn later_objects_join_a_generated_table() {
        // The second object has other properties: it still becomes a row under the first
        // object's columns (an empty one), as in PowerShell.
        let v = vec![
            obj(vec![("A", Value::Int(1))]),
            obj(vec![("B", Value::Int(2))]),
        ];
        assert_eq!(
            format_default(&v, &narrow(11)),
            lines(&["", "         A", "         -", "         1", "", "", ""])
        );
    }

    #[test]
    fn mixed_types_go_out_of_band() {
        // A registered view (Guid) accepts only its type: the custom object that follows is
        // written out of band as a list, the string as text.
        let v = vec![
            Value::Guid(1),
            Value::str("between"),
            obj(vec![("A", Value::Int(1))]),
        ];
        let out = format_default(&v, &narrow(50));
        assert_eq!(
            out,
            lines(&[
                "",
                "Guid",
                "----",
                "00000000-0000-0000-0000-000000000001",
                "between",
                "",
                "A : 1",
                "",
                "",
                "",
            ])
        );
    }

    #[test]
    fn powershell5_style_autosize_option() {
        let mut o = opts();
        o.table_autosize = true;
        let v = vec![
            obj(vec![
                ("Name", Value::str("alpha")),
                ("Count", Value::Int(3)),
            ]),
            obj(vec![("Name", Value::str("b")), ("Count", Value::Int(12))]),
        ];
        assert_eq!(
            format_default(&v, &o),
            lines(&[
                "",
                "Name  Count",
                "----  -----",
                "alpha     3",
                "b        12",
                "",
                ""
            ])
        );
    }

    #[test]
    fn booleans_and_enums_right_align_in_generated_tables() {
        let v = vec![obj(vec![
            ("Enabled", Value::Bool(true)),
            ("Name", Value::str("x")),
        ])];
        let out = format_default(&v, &narrow(21));
        // 20 cells: Enabled 10 (right-aligned), Name 9.
        assert_eq!(
            out,
            lines(&[
                "",
                "   Enabled Name",
                "   ------- ----",
                "      True x",
                "",
                ""
            ])
        );
    }

    #[test]
    fn format_cmdlets_write_scalars_out_of_band() {
        let v = vec![
            Value::Int(1),
            obj(vec![("A", Value::Int(2))]),
            Value::str("x"),
        ];
        assert_eq!(
            format_list(&v, None, &opts()),
            lines(&["1", "", "", "A : 2", "", "x", "", ""])
        );
        assert_eq!(
            format_table(&[Value::Int(1), Value::Int(2)], None, true, &opts()),
            lines(&["1", "2"])
        );
        assert_eq!(
            format_table(&v, None, true, &opts()),
            lines(&["1", "", "A", "-", "2", "x", "", ""])
        );
    }

    #[test]
    fn version_view() {
        let v = convert::convert_to_type(&Value::str("1.2.3"), "version").unwrap();
        assert_eq!(
            format_default(&[v], &opts()),
            lines(&[
                "",
                "Major  Minor  Build  Revision",
                "-----  -----  -----  --------",
                "1      2      3      -1",
                "",
                ""
            ])
        );
    }

    #[test]
    fn registered_views_win() {
        let mut o = opts();
        o.views.register(
            "Microsoft.Rtc.Test.Thing",
            View::List {
                properties: vec!["B".into()],
            },
        );
        let thing = match obj(vec![("A", Value::Int(1)), ("B", Value::Int(2))]) {
            Value::Object(x) => {
                x.borrow_mut().type_names = vec![Rc::from("Microsoft.Rtc.Test.Thing")];
                Value::Object(x)
            }
            other => other,
        };
        assert_eq!(
            format_default(&[thing], &o),
            lines(&["", "", "B : 2", "", "", ""])
        );
    }
}
