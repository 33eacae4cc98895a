//! Variable and function scopes.
//!
//! PowerShell scopes are dynamic: a function sees the variables of its caller's scopes, and an
//! assignment without a qualifier creates the variable in the current scope. The stack here is
//! the call stack of scopes: index 0 is `global:`, each script file and function call pushes
//! one, and `script:` is the nearest scope marked as a script scope.

use std::collections::HashMap;
use std::rc::Rc;

use super::value::Value;
use crate::syntax::ast;

/// A user-defined function or filter.
#[derive(Debug)]
pub struct FunctionDef {
    pub name: String,
    pub def: ast::FunctionDefinition,
    pub source: Rc<super::value::Source>,
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub value: Value,
    /// Constant / read-only variables (`$true`, `$null`…) refuse assignment.
    pub read_only: bool,
}

#[derive(Debug, Default)]
pub struct Scope {
    pub vars: HashMap<String, Variable>,
    pub functions: HashMap<String, Rc<FunctionDef>>,
    pub is_script: bool,
}

/// Lower-cases a variable or function name for lookup, without allocating when it already is.
pub fn key(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii() {
        std::borrow::Cow::Owned(name.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

#[derive(Debug)]
pub struct Scopes {
    stack: Vec<Scope>,
}

/// Which scope an assignment or lookup addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Unqualified lookup: search from the current scope outwards.
    Any,
    Local,
    Script,
    Global,
}

impl Target {
    pub fn from_qualifier(q: Option<&str>) -> Option<Target> {
        match q.map(|q| q.to_ascii_lowercase()).as_deref() {
            None => Some(Target::Any),
            Some("local") | Some("private") => Some(Target::Local),
            Some("script") => Some(Target::Script),
            Some("global") => Some(Target::Global),
            Some("variable") => Some(Target::Any),
            _ => None,
        }
    }
}

impl Default for Scopes {
    fn default() -> Self {
        Scopes::new()
    }
}

impl Scopes {
    pub fn new() -> Scopes {
        Scopes {
            stack: vec![Scope {
                is_script: true,
                ..Scope::default()
            }],
        }
    }

    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    pub fn push(&mut self, is_script: bool) {
        self.stack.push(Scope {
            is_script,
            ..Scope::default()
        });
    }

    /// Pushes a scope that lives across several calls (a pipeline stage's function scope).
    pub fn push_scope(&mut self, scope: Scope) {
        self.stack.push(scope);
    }

    /// Pops and returns the innermost scope (never the global one).
    pub fn pop_scope(&mut self) -> Option<Scope> {
        if self.stack.len() > 1 {
            self.stack.pop()
        } else {
            None
        }
    }

    pub fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn index(&self, target: Target) -> usize {
        let top = self.stack.len() - 1;
        match target {
            Target::Any | Target::Local => top,
            Target::Global => 0,
            Target::Script => (0..=top)
                .rev()
                .find(|&i| self.stack[i].is_script)
                .unwrap_or(0),
        }
    }

    pub fn get(&self, name: &str, target: Target) -> Option<&Variable> {
        let k = key(name);
        match target {
            Target::Any => self.stack.iter().rev().find_map(|s| s.vars.get(k.as_ref())),
            t => self.stack[self.index(t)].vars.get(k.as_ref()),
        }
    }

    pub fn get_mut(&mut self, name: &str, target: Target) -> Option<&mut Variable> {
        let k = key(name);
        match target {
            Target::Any => self
                .stack
                .iter_mut()
                .rev()
                .find_map(|s| s.vars.get_mut(k.as_ref())),
            t => {
                let i = self.index(t);
                self.stack[i].vars.get_mut(k.as_ref())
            }
        }
    }

    /// Assigns following PowerShell's rule: unqualified assignment writes the current scope
    /// (a new local shadows an outer variable). Returns false when the variable is read-only.
    pub fn set(&mut self, name: &str, value: Value, target: Target) -> bool {
        let i = self.index(target);
        let k = key(name);
        if let Some(v) = self.stack[i].vars.get_mut(k.as_ref()) {
            if v.read_only {
                return false;
            }
            v.value = value;
            return true;
        }
        // A constant defined in an outer scope cannot be shadowed either ($true = 1 fails).
        if target == Target::Any
            && self
                .stack
                .iter()
                .any(|s| s.vars.get(k.as_ref()).is_some_and(|v| v.read_only))
        {
            return false;
        }
        self.stack[i].vars.insert(
            k.into_owned(),
            Variable {
                value,
                read_only: false,
            },
        );
        true
    }

    pub fn set_constant(&mut self, name: &str, value: Value) {
        self.stack[0].vars.insert(
            key(name).into_owned(),
            Variable {
                value,
                read_only: true,
            },
        );
    }

    pub fn remove(&mut self, name: &str, target: Target) -> bool {
        let k = key(name);
        match target {
            Target::Any => {
                for s in self.stack.iter_mut().rev() {
                    if s.vars.remove(k.as_ref()).is_some() {
                        return true;
                    }
                }
                false
            }
            t => {
                let i = self.index(t);
                self.stack[i].vars.remove(k.as_ref()).is_some()
            }
        }
    }

    /// All visible variables, innermost definition winning, sorted by name.
    pub fn visible(&self) -> Vec<(String, Value)> {
        let mut seen: HashMap<&str, &Variable> = HashMap::new();
        for s in &self.stack {
            for (k, v) in &s.vars {
                seen.insert(k.as_str(), v);
            }
        }
        let mut out: Vec<(String, Value)> = seen
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.value.clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    pub fn define_function(&mut self, def: Rc<FunctionDef>, target: Target) {
        let i = self.index(target);
        self.stack[i]
            .functions
            .insert(key(&def.name).into_owned(), def);
    }

    pub fn function(&self, name: &str) -> Option<Rc<FunctionDef>> {
        let k = key(name);
        self.stack
            .iter()
            .rev()
            .find_map(|s| s.functions.get(k.as_ref()).cloned())
    }

    pub fn functions(&self) -> Vec<Rc<FunctionDef>> {
        let mut seen: HashMap<&str, Rc<FunctionDef>> = HashMap::new();
        for s in &self.stack {
            for (k, f) in &s.functions {
                seen.insert(k.as_str(), f.clone());
            }
        }
        seen.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_scoping_and_shadowing() {
        let mut s = Scopes::new();
        s.set("X", Value::Int(1), Target::Any);
        s.push(false);
        assert!(matches!(
            s.get("x", Target::Any).map(|v| &v.value),
            Some(Value::Int(1))
        ));
        s.set("x", Value::Int(2), Target::Any);
        assert!(matches!(
            s.get("X", Target::Any).map(|v| &v.value),
            Some(Value::Int(2))
        ));
        s.pop();
        assert!(matches!(
            s.get("x", Target::Any).map(|v| &v.value),
            Some(Value::Int(1))
        ));
    }

    #[test]
    fn script_and_global_targets() {
        let mut s = Scopes::new();
        s.push(true);
        s.push(false);
        s.set("a", Value::Int(5), Target::Script);
        s.set("b", Value::Int(6), Target::Global);
        s.pop();
        assert!(s.get("a", Target::Local).is_some());
        s.pop();
        assert!(s.get("a", Target::Any).is_none());
        assert!(s.get("b", Target::Any).is_some());
    }

    #[test]
    fn constants_refuse_assignment() {
        let mut s = Scopes::new();
        s.set_constant("true", Value::Bool(true));
        s.push(false);
        assert!(!s.set("true", Value::Int(1), Target::Any));
    }
}
