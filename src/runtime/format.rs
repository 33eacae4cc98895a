//! PowerShell's default output formatter (Out-Default / Out-String / Format-Table / Format-List).

use std::collections::HashMap;

use super::value::Value;

/// A type's declared default view.
#[derive(Debug, Clone)]
pub enum View {
    Table { columns: Vec<String> },
    List { properties: Vec<String> },
}

/// Type name (full .NET name, case-insensitive) → default view.
#[derive(Debug, Clone, Default)]
pub struct ViewRegistry {
    views: HashMap<String, View>,
}

impl ViewRegistry {
    pub fn register(&mut self, type_name: &str, view: View) {
        self.views.insert(type_name.to_ascii_lowercase(), view);
    }

    pub fn get(&self, type_name: &str) -> Option<&View> {
        self.views.get(&type_name.to_ascii_lowercase())
    }
}

#[derive(Debug, Clone)]
pub struct FormatOptions {
    /// Console width (PowerShell's host buffer width); 120 by default.
    pub width: usize,
    /// `$FormatEnumerationLimit`, 4 by default.
    pub enumeration_limit: usize,
    pub views: ViewRegistry,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            width: 120,
            enumeration_limit: 4,
            views: ViewRegistry::default(),
        }
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

/// Out-Default of a pipeline's output.
pub fn format_default(_values: &[Value], _opts: &FormatOptions) -> String {
    String::new()
}

/// Format-Table.
pub fn format_table(
    _values: &[Value],
    _properties: Option<&[PropSel]>,
    _autosize: bool,
    _opts: &FormatOptions,
) -> String {
    String::new()
}

/// Format-List.
pub fn format_list(
    _values: &[Value],
    _properties: Option<&[PropSel]>,
    _opts: &FormatOptions,
) -> String {
    String::new()
}
