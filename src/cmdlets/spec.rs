//! Signature types: what a cmdlet accepts, as plain `'static` data.
//!
//! Everything here is `Copy`-able data that can live in `static` tables, so the generated
//! catalog costs nothing at start-up. The binder, `Get-Help`, `Get-Command`, completion, the
//! static checker and COVERAGE.md read these structures; none of them should need to know how
//! the catalog was produced.
//!
//! Per-set facts (position, mandatory, pipeline input) live on [`SetMember`], because
//! PowerShell declares them per parameter set (`[Parameter(ParameterSetName = …)]`). Facts
//! that hold for the parameter in every set (name, type, aliases, wildcards) live on
//! [`ParamSpec`].

/// Where a cmdlet comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Module {
    /// The Lync Server 2013 module (`Lync`).
    Lync,
    /// A cmdlet that a Lync admin gets by importing a Lync Online / Skype for Business
    /// Online session (`New-CsOnlineSession`, `*-CsTenantFederationConfiguration`).
    LyncOnline,
    /// Core Windows PowerShell (Get-Help, Where-Object, …); not in the generated catalog.
    Core,
}

impl Module {
    /// The module name PowerShell shows in `Get-Command` output.
    pub fn display_name(self) -> &'static str {
        match self {
            Module::Lync => "Lync",
            Module::LyncOnline => "LyncOnline",
            Module::Core => "Microsoft.PowerShell.Core",
        }
    }
}

/// `[CmdletBinding(ConfirmImpact = …)]`.
///
/// The reference does not publish the impact, so the catalog uses PowerShell's default
/// (`Medium`) for every cmdlet that supports ShouldProcess and `None` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConfirmImpact {
    None,
    Low,
    Medium,
    High,
}

/// The semantic type of a parameter.
///
/// The original spelling (`Unlimited[UInt32]`, `PSListModifier[String]`, …) is kept in
/// [`ParamSpec::type_name`] for help output; `Ty` is what the binder converts arguments to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ty {
    /// `SwitchParameter`: present or `-X:$false`; never takes the next token as its value.
    Switch,
    Boolean,
    String,
    Byte,
    Int16,
    Int32,
    Int64,
    UInt16,
    UInt32,
    UInt64,
    Double,
    TimeSpan,
    DateTime,
    Uri,
    Guid,
    IpAddress,
    /// A Lync configuration identity: `global`, `site:Redmond`, `tag:Name`, `service:…`.
    XdsIdentity,
    /// An identity relative to global (`Name` for a global child item, or `site:…/Name`).
    XdsGlobalRelativeIdentity,
    /// A user: SIP address, UPN, `domain\account`, display name or DN.
    UserId,
    /// A fully qualified domain name of a computer or pool.
    Fqdn,
    /// An Active Directory organizational unit (`OUIdParameter`).
    OrganizationalUnit,
    /// A Response Group identity (`service:ApplicationServer:pool/guid`).
    RgsIdentity,
    /// `Unlimited[T]`: a `T` or the word `Unlimited`.
    Unlimited(&'static Ty),
    /// `Nullable[T]`: a `T` or `$null`.
    Nullable(&'static Ty),
    /// `T[]`: one value or a list of values.
    Array(&'static Ty),
    /// `Collection[T]`, `List[T]`, `MultiValuedProperty[T]`.
    Collection(&'static Ty),
    /// `PSListModifier[T]`: a list, or `@{Add=…; Remove=…; Replace=…}`.
    ListModifier(&'static Ty),
    /// A .NET enum. The words are those the reference lists for this parameter; an empty
    /// list means the words are not known and any string is passed on for the cmdlet to check.
    Enum(&'static [&'static str]),
    /// `PSCredential`.
    Credential,
    /// `SecureString`.
    SecureString,
    /// `ScriptBlock`.
    ScriptBlock,
    /// `Hashtable`.
    Hashtable,
    /// `PSObject` / `Object`: any value, typically a pipeline object of the cmdlet's noun.
    Object,
    /// Another object type, named by [`ParamSpec::type_name`] (e.g. `AcpInfo`, `Route`).
    Named,
}

/// What tab completion offers for a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CompletionSource {
    None,
    /// A fixed list of words (enum values, `$true`/`$false`).
    Values(&'static [&'static str]),
    /// `global`, `site:…`, `tag:…`, `service:…` from the live deployment.
    XdsScopes,
    /// User SIP addresses from the live deployment.
    Users,
    /// Computer and pool FQDNs from the live deployment.
    Fqdns,
}

impl Ty {
    /// The element type of a list-like type, or `self`.
    pub fn element(&self) -> &Ty {
        match self {
            Ty::Unlimited(t)
            | Ty::Nullable(t)
            | Ty::Array(t)
            | Ty::Collection(t)
            | Ty::ListModifier(t) => t.element(),
            other => other,
        }
    }

    /// True for types that accept several values (`a, b` on the command line).
    pub fn is_multi_valued(&self) -> bool {
        matches!(self, Ty::Array(_) | Ty::Collection(_) | Ty::ListModifier(_))
    }

    /// Where completion for a value of this type comes from.
    pub fn completion(&self) -> CompletionSource {
        match self.element() {
            Ty::Enum(values) if !values.is_empty() => CompletionSource::Values(values),
            Ty::Boolean => CompletionSource::Values(&["$true", "$false"]),
            Ty::XdsIdentity | Ty::XdsGlobalRelativeIdentity => CompletionSource::XdsScopes,
            Ty::UserId => CompletionSource::Users,
            Ty::Fqdn => CompletionSource::Fqdns,
            _ => CompletionSource::None,
        }
    }
}

/// One parameter of a cmdlet, with the facts that hold in every parameter set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// Exact PowerShell casing, e.g. `EnableSQMData`.
    pub name: &'static str,
    /// The type as help shows it (`XdsIdentity`, `Unlimited[UInt32]`).
    pub type_name: &'static str,
    pub ty: Ty,
    pub aliases: &'static [&'static str],
    pub accepts_wildcards: bool,
    /// Listed in the parameter reference but in no syntax block (the page's syntax omitted
    /// it); kept because the cmdlet accepts it.
    pub documented_only: bool,
    /// Shown in a syntax block but without parameter metadata on the page; its type and
    /// flags are the extractor's best guess.
    pub undocumented: bool,
    /// The documented default, when it is a short literal (e.g. `False`, `14`).
    pub default_value: Option<&'static str>,
}

impl ParamSpec {
    pub fn is_switch(&self) -> bool {
        matches!(self.ty, Ty::Switch)
    }

    /// Values allowed by a `ValidateSet`-like enum, empty when unrestricted.
    pub fn allowed_values(&self) -> &'static [&'static str] {
        match self.ty.element() {
            Ty::Enum(values) => values,
            _ => &[],
        }
    }

    pub fn completion(&self) -> CompletionSource {
        self.ty.completion()
    }

    /// True when `name` is the parameter's name or one of its aliases (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// A parameter's membership in one parameter set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetMember {
    /// Index into [`CmdletSpec::params`].
    pub param: u16,
    /// `Some(n)` when the parameter may be given positionally in this set.
    pub position: Option<u8>,
    pub mandatory: bool,
    /// `ValueFromPipeline`.
    pub from_pipeline: bool,
    /// `ValueFromPipelineByPropertyName`.
    pub from_pipeline_by_property_name: bool,
}

/// One parameter set. Members are in the reference's syntax order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterSetSpec {
    /// `__AllParameterSets` when the cmdlet has a single unnamed set.
    pub name: &'static str,
    pub is_default: bool,
    pub members: &'static [SetMember],
}

/// A rule between parameters that the parameter sets cannot express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// Either none or all of these parameters must be given.
    Together(&'static [&'static str]),
}

/// A cmdlet's whole signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CmdletSpec {
    /// Exact casing, e.g. `Set-CsAccessEdgeConfiguration`.
    pub name: &'static str,
    pub verb: &'static str,
    pub noun: &'static str,
    pub module: Module,
    /// Adds `-WhatIf`/`-Confirm` (see [`super::common_parameters`]); these two are never in
    /// [`CmdletSpec::params`].
    pub supports_should_process: bool,
    pub confirm_impact: ConfirmImpact,
    /// Index into `sets` of `DefaultParameterSetName`. The page's flag when it has one;
    /// otherwise, for cmdlets with several sets, the `Identity` set, or the `ServerPlatform`
    /// set for `Test-Cs*` (Lync's convention, see docs/catalog.md). `None` when neither
    /// applies. [`ParameterSetSpec::is_default`] keeps the page's own flag.
    pub default_set: Option<u8>,
    pub sets: &'static [ParameterSetSpec],
    /// All parameters, in order of first appearance in the syntax.
    pub params: &'static [ParamSpec],
    pub constraints: &'static [Constraint],
    /// Page of the cmdlet in MicrosoftDocs/office-docs-powershell, for citations.
    pub source: &'static str,
}

impl CmdletSpec {
    /// The parameter with this exact name or alias (case-insensitive); no prefix matching.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.answers_to(name))
    }

    /// Index of a parameter in [`CmdletSpec::params`] (exact name, case-insensitive).
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params
            .iter()
            .position(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub fn set(&self, name: &str) -> Option<&'static ParameterSetSpec> {
        self.sets.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The parameter a set member refers to.
    pub fn member_param(&self, member: &SetMember) -> Option<&'static ParamSpec> {
        self.params.get(usize::from(member.param))
    }

    /// The default set (see [`CmdletSpec::default_set`]), or the only set.
    pub fn default_parameter_set(&self) -> Option<&'static ParameterSetSpec> {
        match self.default_set {
            Some(i) => self.sets.get(usize::from(i)),
            None if self.sets.len() == 1 => self.sets.first(),
            None => None,
        }
    }

    /// Names of the sets a parameter belongs to.
    pub fn sets_of(&self, param_name: &str) -> impl Iterator<Item = &'static str> + use<> {
        let idx = self.param_index(param_name);
        let sets = self.sets;
        sets.iter()
            .filter(move |s| {
                idx.is_some_and(|i| s.members.iter().any(|m| usize::from(m.param) == i))
            })
            .map(|s| s.name)
    }
}

// Small `const fn` constructors keep the generated catalog compact and readable.

/// Set-member flag: mandatory.
pub const M: u8 = 1;
/// Set-member flag: `ValueFromPipeline`.
pub const V: u8 = 2;
/// Set-member flag: `ValueFromPipelineByPropertyName`.
pub const N: u8 = 4;

/// A set member: parameter index, position (`-1` = named), flags (`M | V | N`).
pub const fn m(param: u16, position: i8, flags: u8) -> SetMember {
    SetMember {
        param,
        position: if position < 0 {
            None
        } else {
            Some(position as u8)
        },
        mandatory: flags & M != 0,
        from_pipeline: flags & V != 0,
        from_pipeline_by_property_name: flags & N != 0,
    }
}

/// A type spelled `type_name` with semantics `ty`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeRef {
    pub name: &'static str,
    pub ty: Ty,
}

/// Parameter flag: accepts wildcards.
pub const W: u8 = 1;
/// Parameter flag: documented only (absent from every syntax block).
pub const D: u8 = 2;
/// Parameter flag: undocumented (in a syntax block, without metadata).
pub const U: u8 = 4;

/// A parameter: name, type, aliases, flags (`W | D | U`).
pub const fn p(
    name: &'static str,
    ty: &TypeRef,
    aliases: &'static [&'static str],
    flags: u8,
) -> ParamSpec {
    ParamSpec {
        name,
        type_name: ty.name,
        ty: ty.ty,
        aliases,
        accepts_wildcards: flags & W != 0,
        documented_only: flags & D != 0,
        undocumented: flags & U != 0,
        default_value: None,
    }
}

/// [`p`] with a documented default value.
pub const fn pd(
    name: &'static str,
    ty: &TypeRef,
    aliases: &'static [&'static str],
    flags: u8,
    default_value: &'static str,
) -> ParamSpec {
    let mut spec = p(name, ty, aliases, flags);
    spec.default_value = Some(default_value);
    spec
}
