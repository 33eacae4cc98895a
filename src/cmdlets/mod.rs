//! The cmdlet registry: every cmdlet's signature, and (later) its behaviour.
//!
//! # What this module owns
//!
//! - [`spec`]: the signature types ([`CmdletSpec`], [`ParamSpec`], [`Ty`], …).
//! - `catalog_data.rs`: the generated catalog of the 751 Lync Server 2013 cmdlets and the 3
//!   Lync Online ones, as `static` tables (no parsing at start-up). It is written by
//!   `UPDATE_CATALOG=1 cargo test --test catalog_reference` from
//!   `../shared/reference/cmdlets.json` and is never edited by hand.
//! - [`deviations`]: the one table of knowing differences from that reference.
//! - [`syntax`]: `Get-Command -Syntax` / `Get-Help` SYNTAX lines rendered from a spec.
//! - [`coverage`]: the COVERAGE.md text, derived from the registry.
//!
//! # What it must not do
//!
//! It does not bind arguments, touch the deployment or print anything. Readers (binder, help,
//! completion, checker) only read these structures.
//!
//! # Attaching behaviour
//!
//! Signatures are generated data; behaviour is hand-written code. The two are joined by
//! cmdlet name, never by editing the generated file: each noun-family module has a table of
//! `(name, Behaviour)` listed in [`FAMILIES`], and the runtime asks [`behaviour`] for the body
//! to run. A cmdlet without an entry still binds (so typos and wrong parameter sets are
//! reported faithfully) and then fails with a "recognised but not emulated" error.

pub mod coverage;
pub mod deviations;
pub mod entity;
pub mod federation;
pub mod generic;
pub mod help;
pub mod infra;
pub mod objects;
pub mod online;
pub mod spec;
pub mod syntax;
pub mod synthetic;
pub mod topology;
pub mod userdata;
pub mod users;

// Generated; formatted by its generator, not by rustfmt.
#[rustfmt::skip]
mod catalog_data;

pub use spec::{
    CmdletSpec, CompletionSource, ConfirmImpact, Constraint, Module, ParamSpec, ParameterSetSpec,
    SetMember, Ty,
};

/// How a cmdlet behaves: a constructor for the body the runtime calls with bound parameters.
#[derive(Clone, Copy)]
pub struct Behaviour {
    pub make: fn() -> Box<dyn crate::runtime::commands::CmdletBody>,
    /// True when the cmdlet runs on the generic store of scoped documents (a configuration or
    /// policy family) rather than on code of its own; COVERAGE.md reports the two apart.
    pub generic: bool,
}

impl std::fmt::Debug for Behaviour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Behaviour")
            .field("generic", &self.generic)
            .finish()
    }
}

/// The behaviour tables of the noun families: cmdlet name (exact casing) → implementation.
/// Each family module owns its table; this list is the only place that joins them.
pub static FAMILIES: &[&[(&str, Behaviour)]] = &[
    federation::FAMILY,
    users::TABLE,
    topology::TABLE,
    infra::TABLE,
    online::TABLE,
    entity::TABLE,
    synthetic::TABLE,
    userdata::TABLE,
];

/// The implementation attached to a cmdlet, if any (case-insensitive): a family's own
/// behaviour first, then the generic store of scoped documents ([`generic::covers`]).
pub fn behaviour(name: &str) -> Option<Behaviour> {
    FAMILIES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, b)| *b)
        .or_else(|| lookup(name).and_then(generic::behaviour_for))
}

/// The default views of every type the shell knows: PowerShell's built-in ones plus those the
/// noun families declare for their Lync types (each family adds its own in [`VIEW_TABLES`]).
pub fn views() -> crate::runtime::format::ViewRegistry {
    let mut reg = crate::runtime::format::ViewRegistry::default();
    for register in VIEW_TABLES {
        register(&mut reg);
    }
    reg
}

/// Functions that register the default views of a family's types.
pub static VIEW_TABLES: &[fn(&mut crate::runtime::format::ViewRegistry)] = &[
    generic::register_views,
    help::register_views,
    federation::register_views,
    infra::register_views,
    online::register_views,
    entity::register_views,
];

/// The signature of a cmdlet, by name (case-insensitive, no wildcards, no prefix matching).
pub fn lookup(name: &str) -> Option<&'static CmdletSpec> {
    let key = name.to_ascii_lowercase();
    let index = catalog_data::BY_LOWER_NAME
        .binary_search_by(|(n, _)| (*n).cmp(key.as_str()))
        .ok()?;
    let (_, i) = catalog_data::BY_LOWER_NAME.get(index)?;
    catalog_data::CMDLETS.get(usize::from(*i))
}

/// Every cmdlet in the catalog, sorted by name.
pub fn all() -> impl Iterator<Item = &'static CmdletSpec> {
    catalog_data::CMDLETS.iter()
}

/// Cmdlets whose name matches a PowerShell wildcard pattern (`Get-Cs*`, `*-CsUser`, `?et-*`),
/// case-insensitively, sorted by name. A pattern without wildcards matches exactly.
pub fn matching(pattern: &str) -> impl Iterator<Item = &'static CmdletSpec> + use<> {
    // Without wildcards this is a plain lookup; otherwise the pattern is prepared once.
    let exact = if has_wildcards(pattern) {
        None
    } else {
        Some(lookup(pattern))
    };
    let compiled = WildcardPattern::new(pattern);
    all().filter(move |c| match exact {
        Some(found) => found.is_some_and(|f| std::ptr::eq(f, *c)),
        None => compiled.matches(c.name),
    })
}

/// Cmdlets with this verb (case-insensitive).
pub fn by_verb(verb: &str) -> impl Iterator<Item = &'static CmdletSpec> + use<'_> {
    all().filter(move |c| c.verb.eq_ignore_ascii_case(verb))
}

/// Cmdlets with this noun (case-insensitive).
pub fn by_noun(noun: &str) -> impl Iterator<Item = &'static CmdletSpec> + use<'_> {
    all().filter(move |c| c.noun.eq_ignore_ascii_case(noun))
}

/// Splits `Verb-Noun` at the first hyphen.
pub fn split_verb_noun(name: &str) -> Option<(&str, &str)> {
    name.split_once('-')
        .filter(|(v, n)| !v.is_empty() && !n.is_empty())
}

/// PowerShell's simple wildcards, case-insensitive: `*` any run, `?` one character,
/// `[abc]` / `[a-z]` one character from a set. A malformed `[` matches itself literally.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    WildcardPattern::new(pattern).matches(text)
}

/// A wildcard pattern prepared once (lowercased) for matching many names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WildcardPattern(Vec<char>);

impl WildcardPattern {
    pub fn new(pattern: &str) -> Self {
        WildcardPattern(pattern.chars().flat_map(char::to_lowercase).collect())
    }

    /// Case-insensitive match of the whole `text`.
    pub fn matches(&self, text: &str) -> bool {
        if text.is_ascii() {
            // Cmdlet and parameter names are ASCII: no allocation on this path.
            let bytes = text.as_bytes();
            match_from(&self.0, bytes.len(), |i| {
                char::from(bytes[i].to_ascii_lowercase())
            })
        } else {
            let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
            match_from(&self.0, t.len(), |i| t[i])
        }
    }
}

/// True when `pattern` contains a wildcard character.
pub fn has_wildcards(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

fn match_from(p: &[char], len: usize, at: impl Fn(usize) -> char) -> bool {
    // Iterative matcher with single-star backtracking: linear in practice, never recursive
    // on `*`, so hostile patterns cannot blow the stack.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < len {
        let c = at(ti);
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => match class_at(p, pi) {
                Some((members, width)) if members.matches(c) => Some(width),
                Some(_) => None,
                None if c == '[' => Some(1),
                None => None,
            },
            Some(pc) if *pc == c => Some(1),
            _ => None,
        };
        match step {
            Some(width) => {
                pi += width;
                ti += 1;
            }
            None => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|c| *c == '*')
}

struct CharClass<'a>(&'a [char]);

impl CharClass<'_> {
    fn matches(&self, c: char) -> bool {
        let s = self.0;
        let mut i = 0;
        while i < s.len() {
            if i + 2 < s.len() && s[i + 1] == '-' {
                if s[i] <= c && c <= s[i + 2] {
                    return true;
                }
                i += 3;
            } else {
                if s[i] == c {
                    return true;
                }
                i += 1;
            }
        }
        false
    }
}

/// The character class starting at `p[at] == '['`: its members and its length in the pattern.
fn class_at(p: &[char], at: usize) -> Option<(CharClass<'_>, usize)> {
    let rest = p.get(at + 1..)?;
    let close = rest.iter().position(|c| *c == ']')?;
    if close == 0 {
        return None;
    }
    Some((CharClass(&rest[..close]), close + 2))
}

/// Action-preference words accepted by `-ErrorAction` / `-WarningAction` in PowerShell 3.0/4.0.
pub const ACTION_PREFERENCE: &[&str] = &[
    "SilentlyContinue",
    "Stop",
    "Continue",
    "Inquire",
    "Ignore",
    "Suspend",
];

const ACTION_PREFERENCE_TY: spec::TypeRef = spec::TypeRef {
    name: "ActionPreference",
    ty: Ty::Enum(ACTION_PREFERENCE),
};
const SWITCH_TY: spec::TypeRef = spec::TypeRef {
    name: "SwitchParameter",
    ty: Ty::Switch,
};
const STRING_TY: spec::TypeRef = spec::TypeRef {
    name: "String",
    ty: Ty::String,
};
const INT32_TY: spec::TypeRef = spec::TypeRef {
    name: "Int32",
    ty: Ty::Int32,
};

/// The PowerShell 4.0 common parameters in the order `Get-Help` lists them, followed by the
/// two ShouldProcess parameters.
static COMMON_PARAMETERS: [ParamSpec; 11] = [
    spec::p("Verbose", &SWITCH_TY, &["vb"], 0),
    spec::p("Debug", &SWITCH_TY, &["db"], 0),
    spec::p("ErrorAction", &ACTION_PREFERENCE_TY, &["ea"], 0),
    spec::p("WarningAction", &ACTION_PREFERENCE_TY, &["wa"], 0),
    spec::p("ErrorVariable", &STRING_TY, &["ev"], 0),
    spec::p("WarningVariable", &STRING_TY, &["wv"], 0),
    spec::p("OutVariable", &STRING_TY, &["ov"], 0),
    spec::p("OutBuffer", &INT32_TY, &["ob"], 0),
    spec::p("PipelineVariable", &STRING_TY, &["pv"], 0),
    spec::p("WhatIf", &SWITCH_TY, &["wi"], 0),
    spec::p("Confirm", &SWITCH_TY, &["cf"], 0),
];

/// Number of common parameters that every cmdlet has (the rest are ShouldProcess ones).
const ALWAYS_COMMON: usize = 9;

/// The parameters the binder adds to every cmdlet: the common parameters, plus `-WhatIf` and
/// `-Confirm` when `should_process` is true. All are named, optional and in every set.
pub fn common_parameters(should_process: bool) -> &'static [ParamSpec] {
    if should_process {
        &COMMON_PARAMETERS
    } else {
        &COMMON_PARAMETERS[..ALWAYS_COMMON]
    }
}

/// True when `name` is one of the common or ShouldProcess parameters (not aliases).
pub fn is_common_parameter(name: &str) -> bool {
    COMMON_PARAMETERS
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(name))
}

/// The outcome of resolving a `-Name` on a cmdlet's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamResolution {
    /// The cmdlet's own parameter.
    Own(&'static ParamSpec),
    /// A common (or WhatIf/Confirm) parameter.
    Common(&'static ParamSpec),
    /// Several parameters start with the prefix: their names, cmdlet's own first.
    Ambiguous(Vec<&'static str>),
    Unknown,
}

/// Resolves a parameter name as PowerShell's binder does: an exact name or alias wins
/// (the cmdlet's own before the common ones), otherwise a prefix of exactly one parameter
/// name or alias, counting the common parameters too (so `-v` is ambiguous on a cmdlet with
/// `-Version`, as in PowerShell). Case-insensitive.
pub fn resolve_parameter(spec: &CmdletSpec, name: &str) -> ParamResolution {
    let common = common_parameters(spec.supports_should_process);
    if let Some(p) = spec.param(name) {
        return ParamResolution::Own(p);
    }
    if let Some(p) = common.iter().find(|p| p.answers_to(name)) {
        return ParamResolution::Common(p);
    }
    let prefix_of = |p: &ParamSpec| {
        starts_with_ignore_case(p.name, name)
            || p.aliases.iter().any(|a| starts_with_ignore_case(a, name))
    };
    let own: Vec<&'static ParamSpec> = spec.params.iter().filter(|p| prefix_of(p)).collect();
    let com: Vec<&'static ParamSpec> = common.iter().filter(|p| prefix_of(p)).collect();
    match (own.as_slice(), com.as_slice()) {
        ([p], []) => ParamResolution::Own(p),
        ([], [p]) => ParamResolution::Common(p),
        ([], []) => ParamResolution::Unknown,
        _ => ParamResolution::Ambiguous(own.iter().chain(com.iter()).map(|p| p.name).collect()),
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A parameter the Lync 2013 catalog leaves out because its page says it belongs to other
/// products only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcludedParameter {
    pub cmdlet: &'static str,
    pub parameter: &'static str,
    /// The page's product list for the parameter, comma-separated.
    pub applicable: &'static str,
}

/// The `applicable` text of parameters excluded by a `deviations::Change::NotInLync2013`
/// entry rather than by the page's own product list (the generator writes it).
pub const NOT_IN_LYNC_2013: &str = "later products (deviations.rs)";

/// Every parameter excluded by the Lync-2013 rule, sorted by cmdlet then parameter.
pub fn excluded_parameters() -> impl Iterator<Item = ExcludedParameter> {
    catalog_data::EXCLUDED_PARAMS
        .iter()
        .map(|(cmdlet, parameter, applicable)| ExcludedParameter {
            cmdlet,
            parameter,
            applicable,
        })
}

/// Parameter sets dropped because the exclusion left them without a distinguishing
/// parameter: `(cmdlet, set)`.
pub fn dropped_parameter_sets() -> &'static [(&'static str, &'static str)] {
    catalog_data::DROPPED_SETS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("Get-Cs*", "get-csuser"));
        assert!(wildcard_match("*-CsUser", "Get-CsUser"));
        assert!(wildcard_match("?et-*", "Set-CsUser"));
        assert!(wildcard_match("[gs]et-csuser", "Set-CsUser"));
        assert!(wildcard_match("[a-h]et-csuser", "Get-CsUser"));
        assert!(!wildcard_match("[a-h]et-csuser", "Set-CsUser"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*b*c", "aXbYc"));
        assert!(!wildcard_match("a*b*c", "aXbY"));
        assert!(wildcard_match("a[", "a["));
        assert!(!wildcard_match("Get-CsUser", "Get-CsUserX"));
        assert!(wildcard_match("**x", "x"));
    }

    #[test]
    fn common_parameter_sets() {
        assert_eq!(common_parameters(false).len(), 9);
        let all = common_parameters(true);
        assert_eq!(all.len(), 11);
        assert!(all.iter().any(|p| p.answers_to("wi")));
        assert!(all.iter().any(|p| p.answers_to("cf")));
        assert!(
            common_parameters(false)
                .iter()
                .all(|p| !p.answers_to("WhatIf"))
        );
        assert!(is_common_parameter("erroraction"));
        let ea = all.iter().find(|p| p.name == "ErrorAction");
        assert_eq!(ea.map(|p| p.allowed_values().len()), Some(6));
    }

    #[test]
    fn parameter_resolution() {
        let spec = lookup("Set-CsUser").expect("known cmdlet");
        assert!(
            matches!(resolve_parameter(spec, "identity"), ParamResolution::Own(p) if p.name == "Identity")
        );
        assert!(
            matches!(resolve_parameter(spec, "EnterpriseVoiceEn"), ParamResolution::Own(p) if p.name == "EnterpriseVoiceEnabled")
        );
        assert!(
            matches!(resolve_parameter(spec, "ea"), ParamResolution::Common(p) if p.name == "ErrorAction")
        );
        assert!(
            matches!(resolve_parameter(spec, "wi"), ParamResolution::Common(p) if p.name == "WhatIf")
        );
        assert!(matches!(
            resolve_parameter(spec, "E"),
            ParamResolution::Ambiguous(_)
        ));
        assert_eq!(
            resolve_parameter(spec, "NoSuchThing"),
            ParamResolution::Unknown
        );
        assert_eq!(resolve_parameter(spec, "ÿ"), ParamResolution::Unknown);
        let get = lookup("Get-CsUser").expect("known cmdlet");
        assert!(matches!(
            resolve_parameter(get, "WhatIf"),
            ParamResolution::Unknown
        ));
    }

    #[test]
    fn verb_noun() {
        assert_eq!(split_verb_noun("Get-CsUser"), Some(("Get", "CsUser")));
        assert_eq!(split_verb_noun("Get-"), None);
        assert_eq!(split_verb_noun("nohyphen"), None);
    }
}
