//! The syntax tree of the PowerShell that lyncshell accepts.
//!
//! The tree mirrors the shape of PowerShell's own `System.Management.Automation.Language`
//! AST (script block → named blocks → statements → pipelines → commands / expressions), so
//! that the interpreter can follow PowerShell's evaluation rules node by node.
//!
//! Invariants:
//! - every node that can be the subject of a diagnostic or an error record carries a [`Span`]
//!   of byte offsets into the source it was parsed from;
//! - the tree knows nothing about cmdlets, values or the deployment: a command name is just a
//!   word, a parameter is just `-Name`;
//! - literal text is already unescaped (backtick escapes, doubled quotes), so consumers never
//!   re-lex a string.

use serde::Serialize;

/// Text stored in the tree (names, literal string values). Short strings — nearly every
/// variable, parameter and command name — live inline without a heap allocation.
pub type Text = compact_str::CompactString;

/// A half-open range of byte offsets `[start, end)` into the parsed source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// A whole script file or command string.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    /// `#Requires` lines, in source order.
    pub requires: Vec<Requires>,
    /// `using namespace|module|assembly …` statements at the top of the script.
    pub usings: Vec<UsingStatement>,
    pub body: ScriptBlock,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requires {
    /// Everything after `#Requires`, trimmed (e.g. `-Version 3.0`, `-Modules Lync`).
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsingStatement {
    /// `namespace`, `module`, `assembly` (lower-cased).
    pub kind: String,
    pub name: String,
    pub span: Span,
}

/// The body of a script, a function or a `{ … }` script block literal.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ScriptBlock {
    /// Attributes before `param(…)`, e.g. `[CmdletBinding()]`.
    pub attributes: Vec<Attribute>,
    pub param_block: Option<ParamBlock>,
    pub dynamic_param: Option<NamedBlock>,
    pub begin: Option<NamedBlock>,
    pub process: Option<NamedBlock>,
    /// The `end` block; a script block without named blocks has all its statements here
    /// (with `unnamed` set), exactly as PowerShell treats it.
    pub end: Option<NamedBlock>,
    pub clean: Option<NamedBlock>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BlockKind {
    DynamicParam,
    Begin,
    Process,
    End,
    Clean,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedBlock {
    pub kind: BlockKind,
    /// True when the statements were not inside an explicit `end { }`.
    pub unnamed: bool,
    pub statements: Vec<Statement>,
    /// `trap` statements of this block (they also stay in `statements` in source order).
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamBlock {
    pub parameters: Vec<ParameterDecl>,
    pub span: Span,
}

/// One parameter of a `param( )` block or of `function f($a, [int]$b = 2)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterDecl {
    /// Attributes and type constraints in source order, e.g.
    /// `[Parameter(Mandatory=$true)]`, `[ValidateSet('a','b')]`, `[string[]]`.
    pub attributes: Vec<AttributeOrType>,
    pub name: VariablePath,
    pub default: Option<Expr>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum AttributeOrType {
    Attribute(Attribute),
    Type(TypeName),
}

/// `[Name(positional, Named = value, Flag)]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub name: TypeName,
    pub positional: Vec<Expr>,
    /// Named arguments; a bare `Flag` has no value (PowerShell treats it as `$true`).
    pub named: Vec<NamedAttributeArg>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedAttributeArg {
    pub name: String,
    pub value: Option<Expr>,
    pub span: Span,
}

/// A type as written between brackets: `string`, `string[]`,
/// `Collections.Generic.List[string]`, `System.Collections.Generic.Dictionary[string,int]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeName {
    /// The dotted name as written, without generic arguments or array brackets.
    pub name: String,
    pub generic_args: Vec<TypeName>,
    /// One entry per `[]` / `[,]` suffix: the rank of that array dimension (1 for `[]`).
    pub array_ranks: Vec<u32>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum StatementKind {
    /// A pipeline, possibly chained with `&&` / `||` (PowerShell 7), possibly backgrounded with `&`.
    Pipeline(PipelineChain),
    /// `target op value`; the value is itself a statement (`$x = if (…) {…}`, `$x = Get-CsUser`).
    Assignment {
        target: Expr,
        op: AssignOp,
        value: Box<Statement>,
    },
    If {
        clauses: Vec<(Pipeline, StatementBlock)>,
        else_block: Option<StatementBlock>,
    },
    While {
        label: Option<String>,
        condition: Pipeline,
        body: StatementBlock,
    },
    DoWhile {
        label: Option<String>,
        body: StatementBlock,
        condition: Pipeline,
    },
    DoUntil {
        label: Option<String>,
        body: StatementBlock,
        condition: Pipeline,
    },
    For {
        label: Option<String>,
        init: Option<Box<Statement>>,
        condition: Option<Pipeline>,
        iterator: Option<Box<Statement>>,
        body: StatementBlock,
    },
    /// Boxed: it is the largest statement and would make every statement node larger.
    Foreach(Box<ForeachStatement>),
    Switch(Box<SwitchStatement>),
    Try {
        body: StatementBlock,
        catches: Vec<CatchClause>,
        finally: Option<StatementBlock>,
    },
    Trap {
        type_name: Option<TypeName>,
        body: StatementBlock,
    },
    /// `break` / `continue` with an optional label (a word or an expression).
    Break(Option<Expr>),
    Continue(Option<Expr>),
    Return(Option<Box<Statement>>),
    Exit(Option<Box<Statement>>),
    Throw(Option<Box<Statement>>),
    Function(Box<FunctionDefinition>),
    /// `data [-SupportedCommand a,b] { … }` sections.
    Data {
        variable: Option<String>,
        supported_commands: Vec<Expr>,
        body: StatementBlock,
    },
    /// `class Name : Base { … }` and `enum Name { … }` (PowerShell 5); kept so scripts parse,
    /// members are recorded by name.
    TypeDefinition(Box<TypeDefinition>),
    /// `parallel { }`, `sequence { }` (workflows) and `inlinescript { }` blocks.
    Block {
        keyword: String,
        body: StatementBlock,
    },
    /// `configuration Name { … }` (DSC).
    Configuration {
        name: Expr,
        body: Box<ScriptBlock>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeachStatement {
    pub label: Option<String>,
    /// `-Parallel` (workflows) and other flags, lower-cased without the dash.
    pub flags: Vec<String>,
    pub variable: VariablePath,
    pub iterable: Pipeline,
    pub body: StatementBlock,
}

/// `{ statements }` as used by control flow.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StatementBlock {
    pub statements: Vec<Statement>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatchClause {
    /// Empty for a catch-all.
    pub types: Vec<TypeName>,
    pub body: StatementBlock,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchStatement {
    pub label: Option<String>,
    /// Flags such as `regex`, `wildcard`, `exact`, `casesensitive`, `file`, `parallel`,
    /// lower-cased, without the dash, as written (prefixes are expanded by the parser).
    pub flags: Vec<String>,
    /// The value switched on; with `-File` this is the file name expression.
    pub condition: Pipeline,
    pub clauses: Vec<SwitchClause>,
    pub default: Option<StatementBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchClause {
    /// A word, a literal, a variable, a script block `{ $_ -gt 5 }`, …
    pub pattern: Expr,
    pub body: StatementBlock,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionDefinition {
    pub kind: FunctionKind,
    pub name: String,
    /// Parameters written as `function f($a, $b)`; `body.param_block` holds a `param( )` block.
    pub parameters: Vec<ParameterDecl>,
    pub body: ScriptBlock,
    pub name_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FunctionKind {
    Function,
    Filter,
    Workflow,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDefinition {
    pub is_enum: bool,
    pub attributes: Vec<Attribute>,
    pub name: String,
    pub bases: Vec<TypeName>,
    pub members: Vec<TypeMember>,
}

/// Class members are rare; their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeMember {
    Property {
        name: String,
        is_static: bool,
        attributes: Vec<AttributeOrType>,
        default: Option<Expr>,
        span: Span,
    },
    Method {
        name: String,
        is_static: bool,
        attributes: Vec<AttributeOrType>,
        parameters: Vec<ParameterDecl>,
        body: ScriptBlock,
        span: Span,
    },
    EnumValue {
        name: String,
        value: Option<Expr>,
        span: Span,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AssignOp {
    Assign,
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    /// `??=` (PowerShell 7).
    NullCoalesce,
}

/// Pipelines joined by `&&` / `||`. A plain pipeline is a chain of one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineChain {
    pub first: Pipeline,
    pub rest: Vec<(ChainOp, Pipeline)>,
    /// Ends with `&` (run as a background job).
    pub background: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChainOp {
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pipeline {
    pub elements: Vec<PipelineElement>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PipelineElement {
    Command(Command),
    /// An expression in a pipeline position, e.g. `$users | …` or `1..10`.
    Expression {
        expr: Expr,
        redirections: Vec<Redirection>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command {
    /// `&` or `.` before the command name.
    pub invocation: Invocation,
    /// The command name: usually a bare word (`Get-CsUser`), but `& $sb` or `& "name"` take any
    /// expression.
    pub name: Expr,
    pub elements: Vec<CommandElement>,
    pub redirections: Vec<Redirection>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Invocation {
    /// Plain `Name args`.
    Direct,
    /// `& name args`.
    Call,
    /// `. name args`.
    DotSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CommandElement {
    /// `-Name`, or `-Name:value` (then `argument` is set and `colon` is true).
    Parameter {
        /// Name without the dash, as written.
        name: Text,
        argument: Option<Expr>,
        /// True when written `-Name:` (the value follows the colon, possibly after spaces).
        colon: bool,
        span: Span,
    },
    Argument(Expr),
    /// Everything after `--%`, verbatim.
    StopParsing {
        text: String,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redirection {
    /// The redirected stream: `*` is [`RedirectStream::All`].
    pub from: RedirectStream,
    pub target: RedirectTarget,
    /// `>>` rather than `>`.
    pub append: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RedirectStream {
    All,
    Output,
    Error,
    Warning,
    Verbose,
    Debug,
    Information,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RedirectTarget {
    /// `2>&1` merges into another stream.
    Stream(RedirectStream),
    /// `> file` (the file is an expression, often `$null`).
    File(Expr),
}

/// A variable reference: `$x`, `${x y}`, `$script:x`, `$env:PATH`, `$using:x`, `@splat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariablePath {
    /// The scope or drive qualifier (`global`, `script`, `local`, `private`, `env`, `using`,
    /// `function`, `variable`, …) as written; `None` when unqualified.
    pub qualifier: Option<Text>,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    Number(Number),
    /// A string without expansion: `'single'`, `@'here'@`, a bare word argument (`site:Redmond`),
    /// or a double-quoted string with nothing to expand.
    String {
        value: Text,
        quote: QuoteKind,
    },
    /// A double-quoted string (or bare word) with `$var` / `$( )` parts.
    ExpandableString {
        parts: Vec<StringPart>,
        quote: QuoteKind,
    },
    Variable(VariablePath),
    /// `@name` in a command argument.
    Splat(VariablePath),
    /// `a, b, c` (also unary `, a`).
    ArrayLiteral(Vec<Expr>),
    /// `@( statements )`.
    ArraySubexpression(Vec<Statement>),
    /// `$( statements )`.
    Subexpression(Vec<Statement>),
    /// `( pipeline )`; assignments are allowed inside, e.g. `($x = 5)`.
    Paren(Box<Statement>),
    Hashtable(Vec<HashEntry>),
    ScriptBlock(Box<ScriptBlock>),
    /// `[string]` used as a value.
    TypeLiteral(Box<TypeName>),
    /// `[int]$x`, `[ordered]@{…}`.
    Convert {
        type_name: Box<TypeName>,
        expr: Box<Expr>,
    },
    /// `[ValidateNotNull()]$x` (an attribute on an assignment target).
    Attributed {
        attribute: Box<Attribute>,
        expr: Box<Expr>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `cond ? a : b` (PowerShell 7).
    Ternary {
        condition: Box<Expr>,
        if_true: Box<Expr>,
        if_false: Box<Expr>,
    },
    /// `expr.Name`, `expr.$var`, `expr."quoted"`, `[type]::Name`.
    Member {
        target: Box<Expr>,
        member: Box<Expr>,
        is_static: bool,
        null_conditional: bool,
    },
    /// `expr.Method(args)`, `[type]::Method(args)`.
    InvokeMember {
        target: Box<Expr>,
        member: Box<Expr>,
        arguments: Vec<Expr>,
        is_static: bool,
        null_conditional: bool,
    },
    /// `expr[index]`.
    Index {
        target: Box<Expr>,
        index: Box<Expr>,
        null_conditional: bool,
    },
    /// An error placeholder where the parser recovered; never evaluated in a script with
    /// diagnostics.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Number {
    Int32(i32),
    Int64(i64),
    Double(f64),
    /// A `d`-suffixed literal (value = mantissa / 10^scale; see [`DecimalLiteral::mantissa`]).
    Decimal(DecimalLiteral),
}

/// The mantissa is kept as two 64-bit halves: an `i128` field would align every number, token
/// and expression node to 16 bytes and make them larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecimalLiteral {
    lo: u64,
    hi: i64,
    pub scale: u32,
}

impl DecimalLiteral {
    pub fn new(mantissa: i128, scale: u32) -> DecimalLiteral {
        DecimalLiteral {
            lo: mantissa as u64,
            hi: (mantissa >> 64) as i64,
            scale,
        }
    }

    pub fn mantissa(&self) -> i128 {
        (i128::from(self.hi) << 64) | i128::from(self.lo)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QuoteKind {
    Bare,
    Single,
    Double,
    HereSingle,
    HereDouble,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum StringPart {
    Text(Text),
    Variable {
        path: VariablePath,
        span: Span,
    },
    Subexpression {
        statements: Vec<Statement>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashEntry {
    pub key: Expr,
    pub value: Statement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnaryOp {
    /// `-not` and `!`.
    Not,
    /// `-bnot`.
    BNot,
    /// Unary `-`.
    Negate,
    /// Unary `+`.
    Plus,
    PreIncrement,
    PreDecrement,
    PostIncrement,
    PostDecrement,
    /// Unary `-split`.
    Split,
    /// Unary `-join`.
    Join,
    /// Unary `,` (a one-element array).
    Comma,
}

/// How a comparison treats case: the default is insensitive; `-ceq` is sensitive, `-ieq` is
/// explicitly insensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CaseMode {
    Default,
    Sensitive,
    Insensitive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    /// `..`
    Range,
    /// `-f`
    Format,
    And,
    Or,
    Xor,
    BAnd,
    BOr,
    BXor,
    Shl,
    Shr,
    Is,
    IsNot,
    As,
    /// Binary `-join` (it has no case-sensitive form).
    Join,
    /// `??` (PowerShell 7).
    NullCoalesce,
    Compare(CompareOp, CaseMode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
    Match,
    NotMatch,
    Contains,
    NotContains,
    In,
    NotIn,
    Replace,
    Split,
}
