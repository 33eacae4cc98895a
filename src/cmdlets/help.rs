//! Discovery text: the command model that `Get-Command` and `Get-Help` read, built from the
//! one signature source (the catalog for Lync cmdlets, the binder signatures of the core
//! cmdlets), and the help text rendered from it.
//!
//! All prose here (synopses, descriptions, example remarks) is lyncshell's own, generated
//! from short per-verb templates; nothing is copied from the Lync or PowerShell help files.
//! Layouts follow Windows PowerShell 4's help views: `NAME` / `SYNOPSIS` / `SYNTAX` /
//! `DESCRIPTION` / `RELATED LINKS` / `REMARKS`, parameter details as `-Name <Type>` then the
//! five attribute lines with labels padded to 29 columns.

use super::spec::{CmdletSpec, Module, Ty};
use crate::runtime::binder::{PType, Signature};

/// One parameter of a command, as discovery shows it.
#[derive(Debug, Clone)]
pub struct HelpParam {
    pub name: String,
    /// The type as the help file spells it (`String`, `XdsIdentity`, `Unlimited[UInt32]`).
    pub type_name: String,
    pub is_switch: bool,
    pub aliases: Vec<String>,
    pub wildcards: bool,
    pub default: Option<String>,
}

/// A parameter's membership in one set.
#[derive(Debug, Clone)]
pub struct HelpMember {
    pub param: usize,
    /// As the help shows it: 1-based, or `None` for named.
    pub position: Option<u32>,
    pub mandatory: bool,
    pub by_value: bool,
    pub by_name: bool,
}

#[derive(Debug, Clone)]
pub struct HelpSet {
    pub name: String,
    pub is_default: bool,
    pub members: Vec<HelpMember>,
}

/// What `Get-Command` / `Get-Help` know about a cmdlet.
#[derive(Debug, Clone)]
pub struct CommandModel {
    pub name: String,
    pub verb: String,
    pub noun: String,
    pub module: String,
    pub implementing_type: String,
    pub params: Vec<HelpParam>,
    pub sets: Vec<HelpSet>,
    pub should_process: bool,
    pub synopsis: String,
    pub description: String,
    pub examples: Vec<(String, String)>,
}

impl CommandModel {
    /// The model of a catalog cmdlet.
    pub fn from_spec(spec: &'static CmdletSpec) -> CommandModel {
        let params = spec
            .params
            .iter()
            .map(|p| HelpParam {
                name: p.name.to_string(),
                type_name: p.type_name.to_string(),
                is_switch: p.is_switch(),
                aliases: p.aliases.iter().map(|a| a.to_string()).collect(),
                wildcards: p.accepts_wildcards,
                default: p.default_value.map(str::to_string),
            })
            .collect();
        let default = spec.default_parameter_set().map(|s| s.name);
        let sets = spec
            .sets
            .iter()
            .map(|s| HelpSet {
                name: s.name.to_string(),
                is_default: Some(s.name) == default,
                members: s
                    .members
                    .iter()
                    .map(|m| HelpMember {
                        param: usize::from(m.param),
                        position: m.position.map(u32::from),
                        mandatory: m.mandatory,
                        by_value: m.from_pipeline,
                        by_name: m.from_pipeline_by_property_name,
                    })
                    .collect(),
            })
            .collect();
        CommandModel {
            name: spec.name.to_string(),
            verb: spec.verb.to_string(),
            noun: spec.noun.to_string(),
            module: spec.module.display_name().to_string(),
            implementing_type: crate::runtime::host_commands::class_name(spec),
            params,
            sets,
            should_process: spec.supports_should_process,
            synopsis: lync_synopsis(spec),
            description: lync_description(spec),
            examples: lync_examples(spec),
        }
    }

    /// The model of a core cmdlet from its binder signature.
    pub fn from_signature(sig: &Signature) -> CommandModel {
        let params: Vec<HelpParam> = sig
            .params
            .iter()
            .map(|p| HelpParam {
                name: p.name.clone(),
                type_name: ptype_name(&p.ty),
                is_switch: p.ty == PType::Switch,
                aliases: p.aliases.clone(),
                wildcards: false,
                default: None,
            })
            .collect();
        let set_names: Vec<String> = if sig.sets.is_empty() {
            vec!["__AllParameterSets".to_string()]
        } else {
            sig.sets.clone()
        };
        let sets = set_names
            .iter()
            .enumerate()
            .map(|(i, set)| {
                let mut members = Vec::new();
                for (pi, p) in sig.params.iter().enumerate() {
                    let entry = p
                        .sets
                        .iter()
                        .find(|s| s.set.as_deref().is_none_or(|n| n.eq_ignore_ascii_case(set)));
                    if let Some(e) = entry {
                        members.push(HelpMember {
                            param: pi,
                            position: e.position.map(|n| n + 1),
                            mandatory: e.mandatory,
                            by_value: e.from_pipeline,
                            by_name: e.from_pipeline_by_name,
                        });
                    }
                }
                HelpSet {
                    name: set.clone(),
                    is_default: match &sig.default_set {
                        Some(d) => d.eq_ignore_ascii_case(set),
                        None => i == 0,
                    },
                    members,
                }
            })
            .collect();
        let (verb, noun) = sig.name.split_once('-').unwrap_or((sig.name.as_str(), ""));
        CommandModel {
            name: sig.name.clone(),
            verb: verb.to_string(),
            noun: noun.to_string(),
            module: core_module(&sig.name).to_string(),
            implementing_type: sig.class_name.clone(),
            params,
            sets,
            should_process: sig.should_process,
            synopsis: core_synopsis(&sig.name),
            description: format!(
                "{} is a Windows PowerShell cmdlet that lyncshell implements itself, so scripts written for the Lync Server Management Shell can use it around the Cs cmdlets. Its parameters are those listed under SYNTAX; see docs/ in the lyncshell repository for the parts of its behaviour that differ from Windows PowerShell.",
                sig.name
            ),
            examples: Vec::new(),
        }
    }

    fn param(&self, m: &HelpMember) -> Option<&HelpParam> {
        self.params.get(m.param)
    }

    /// `Get-Help` SYNTAX lines: one per set, parameters in the help file's order.
    pub fn help_syntax(&self) -> Vec<String> {
        self.sets
            .iter()
            .map(|s| self.render_set(s.members.iter().collect(), false))
            .collect()
    }

    /// `Get-Command -Syntax` lines: positional parameters by position, then named mandatory,
    /// then named optional ones; type names with PowerShell's accelerators.
    pub fn command_syntax(&self) -> Vec<String> {
        self.sets
            .iter()
            .map(|s| {
                let mut positional: Vec<&HelpMember> =
                    s.members.iter().filter(|m| m.position.is_some()).collect();
                positional.sort_by_key(|m| m.position);
                let mandatory = s
                    .members
                    .iter()
                    .filter(|m| m.position.is_none() && m.mandatory);
                let optional = s
                    .members
                    .iter()
                    .filter(|m| m.position.is_none() && !m.mandatory);
                self.render_set(
                    positional
                        .into_iter()
                        .chain(mandatory)
                        .chain(optional)
                        .collect(),
                    true,
                )
            })
            .collect()
    }

    fn render_set(&self, members: Vec<&HelpMember>, accelerators: bool) -> String {
        let mut line = self.name.clone();
        for m in members {
            let Some(p) = self.param(m) else { continue };
            let ty = if accelerators {
                accelerator_name(&p.type_name)
            } else {
                p.type_name.clone()
            };
            let text = if p.is_switch {
                if m.mandatory {
                    format!("-{}", p.name)
                } else {
                    format!("[-{}]", p.name)
                }
            } else {
                match (m.mandatory, m.position.is_some()) {
                    (true, true) => format!("[-{}] <{}>", p.name, ty),
                    (true, false) => format!("-{} <{}>", p.name, ty),
                    (false, true) => format!("[[-{}] <{}>]", p.name, ty),
                    (false, false) => format!("[-{} <{}>]", p.name, ty),
                }
            };
            line.push(' ');
            line.push_str(&text);
        }
        if self.should_process {
            line.push_str(" [-WhatIf] [-Confirm]");
        }
        line.push_str(" [<CommonParameters>]");
        line
    }

    /// The facts of one parameter over all its sets: required anywhere, first position,
    /// pipeline input.
    fn param_facts(&self, index: usize) -> (bool, Option<u32>, bool, bool) {
        let mut required = false;
        let mut position = None;
        let (mut by_value, mut by_name) = (false, false);
        for s in &self.sets {
            for m in s.members.iter().filter(|m| m.param == index) {
                required |= m.mandatory;
                position = position.or(m.position);
                by_value |= m.by_value;
                by_name |= m.by_name;
            }
        }
        (required, position, by_value, by_name)
    }

    /// `Get-Help NAME -Parameter P`: the block of one parameter, indented by `indent`.
    pub fn parameter_block(&self, index: usize, indent: &str) -> String {
        let Some(p) = self.params.get(index) else {
            return String::new();
        };
        let (required, position, by_value, by_name) = self.param_facts(index);
        let head = if p.is_switch {
            format!("{indent}-{} [<SwitchParameter>]", p.name)
        } else {
            format!("{indent}-{} <{}>", p.name, p.type_name)
        };
        let pipeline = match (by_value, by_name) {
            (false, false) => "false".to_string(),
            (true, false) => "true (ByValue)".to_string(),
            (false, true) => "true (ByPropertyName)".to_string(),
            (true, true) => "true (ByValue, ByPropertyName)".to_string(),
        };
        let row = |label: &str, value: &str| {
            format!("{indent}    {:<29}{}", label, value)
                .trim_end()
                .to_string()
        };
        let mut lines = vec![
            head,
            format!("{indent}    {}", parameter_prose(self, p)),
            String::new(),
            row("Required?", if required { "true" } else { "false" }),
            row(
                "Position?",
                &position.map_or_else(|| "named".to_string(), |n| n.to_string()),
            ),
            row("Default value", p.default.as_deref().unwrap_or("")),
            row("Accept pipeline input?", &pipeline),
            row(
                "Accept wildcard characters?",
                if p.wildcards { "true" } else { "false" },
            ),
        ];
        if !p.aliases.is_empty() {
            lines.push(row("Aliases", &p.aliases.join(", ")));
        }
        lines.join("\n")
    }

    /// `Get-Help NAME` (default view).
    pub fn help_text(&self, width: usize) -> String {
        let mut out = String::new();
        out.push_str(&format!("\nNAME\n    {}\n\nSYNOPSIS\n", self.name));
        out.push_str(&wrap_indented(&self.synopsis, 4, width));
        out.push_str("\n\nSYNTAX\n");
        for line in self.help_syntax() {
            out.push_str(&wrap_indented(&line, 4, width));
            out.push_str("\n\n");
        }
        out.push_str("\nDESCRIPTION\n");
        out.push_str(&wrap_indented(&self.description, 4, width));
        out.push_str("\n\n\nRELATED LINKS\n");
        for other in related(self) {
            out.push_str(&format!("    {other}\n"));
        }
        out.push_str("\nREMARKS\n");
        let lower = self.name.to_ascii_lowercase();
        out.push_str(&format!(
            "    To see the examples, type: \"get-help {lower} -examples\".\n    For more information, type: \"get-help {lower} -detailed\".\n    For technical information, type: \"get-help {lower} -full\".\n\n"
        ));
        out
    }

    /// `Get-Help NAME -Detailed` / `-Full`: the default view plus PARAMETERS and EXAMPLES.
    pub fn full_text(&self, width: usize) -> String {
        let mut out = String::new();
        out.push_str(&format!("\nNAME\n    {}\n\nSYNOPSIS\n", self.name));
        out.push_str(&wrap_indented(&self.synopsis, 4, width));
        out.push_str("\n\nSYNTAX\n");
        for line in self.help_syntax() {
            out.push_str(&wrap_indented(&line, 4, width));
            out.push_str("\n\n");
        }
        out.push_str("\nDESCRIPTION\n");
        out.push_str(&wrap_indented(&self.description, 4, width));
        out.push_str("\n\n\nPARAMETERS\n");
        for i in 0..self.params.len() {
            out.push_str(&self.parameter_block(i, "    "));
            out.push_str("\n\n");
        }
        if self.should_process {
            out.push_str("    -WhatIf [<SwitchParameter>]\n        Shows what the command would change without changing anything.\n\n    -Confirm [<SwitchParameter>]\n        Asks for confirmation before each change.\n\n");
        }
        out.push_str("    <CommonParameters>\n        This cmdlet supports the common parameters: Verbose, Debug,\n        ErrorAction, ErrorVariable, WarningAction, WarningVariable,\n        OutBuffer, PipelineVariable, and OutVariable. For more information, see\n        about_CommonParameters (http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");
        out.push_str(&self.examples_section(width));
        out
    }

    fn examples_section(&self, width: usize) -> String {
        let mut out = String::new();
        for (i, (code, remark)) in self.examples.iter().enumerate() {
            out.push_str(&format!(
                "    -------------------------- EXAMPLE {} --------------------------\n\n    PS C:\\>{}\n\n",
                i + 1,
                code
            ));
            out.push_str(&wrap_indented(remark, 4, width));
            out.push_str("\n\n\n");
        }
        out
    }

    /// `Get-Help NAME -Examples`.
    pub fn examples_text(&self, width: usize) -> String {
        let mut out = format!("\nNAME\n    {}\n\nSYNOPSIS\n", self.name);
        out.push_str(&wrap_indented(&self.synopsis, 4, width));
        out.push_str("\n\n");
        out.push_str(&self.examples_section(width));
        out
    }
}

/// The table view of command objects (PS: PowerShellCore_format_ps1xml.cs, CommandInfo view,
/// as Windows PowerShell 4 shows it: CommandType 15 columns, Name 50, ModuleName the rest).
/// Aliases show their DisplayName (`gcm -> Get-Command`) under Name.
pub fn register_views(reg: &mut crate::runtime::format::ViewRegistry) {
    use crate::runtime::format::{Column, View};
    for t in [
        "System.Management.Automation.CmdletInfo",
        "System.Management.Automation.FunctionInfo",
    ] {
        reg.register(
            t,
            View::Table {
                columns: vec![
                    Column::new("CommandType").width(15),
                    Column::new("Name").width(50),
                    Column::new("ModuleName"),
                ],
            },
        );
    }
    reg.register(
        "System.Management.Automation.AliasInfo",
        View::Table {
            columns: vec![
                Column::new("CommandType").width(15),
                Column::new("DisplayName").label("Name").width(50),
                Column::new("ModuleName"),
            ],
        },
    );
}

/// Wraps text inside a frame indented by `indent`, as the help views do: words move to the
/// next line when the console line (`width` columns, the last one never used) is full.
fn wrap_indented(text: &str, indent: usize, width: usize) -> String {
    let pad = " ".repeat(indent);
    let width = width.saturating_sub(1 + indent).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(format!("{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(format!("{pad}{line}"));
    }
    lines.join("\n")
}

/// The type name `Get-Command -Syntax` prints: PowerShell's accelerator for the common .NET
/// types (`string`, `bool`, `int`, `switch`…), the short name otherwise.
pub fn accelerator_name(type_name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let mapped = match word.as_str() {
            "String" => "string",
            "Boolean" => "bool",
            "Int32" => "int",
            "Int64" => "long",
            "Int16" => "int16",
            "UInt16" => "uint16",
            "UInt32" => "uint32",
            "UInt64" => "uint64",
            "Byte" => "byte",
            "Double" => "double",
            "Char" => "char",
            "Guid" => "guid",
            "DateTime" => "datetime",
            "TimeSpan" => "timespan",
            "Hashtable" => "hashtable",
            "ScriptBlock" => "scriptblock",
            "Uri" => "uri",
            "PSObject" => "psobject",
            "PSCredential" => "pscredential",
            "SwitchParameter" => "switch",
            "SecureString" => "securestring",
            other => other,
        };
        out.push_str(mapped);
        word.clear();
    };
    for c in type_name.chars() {
        if c.is_alphanumeric() || c == '.' || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn ptype_name(t: &PType) -> String {
    match t {
        PType::Any => "Object".into(),
        PType::Switch => "SwitchParameter".into(),
        PType::Bool | PType::ScriptBool => "Boolean".into(),
        PType::String => "String".into(),
        PType::Convert(t) => match t.to_ascii_lowercase().as_str() {
            "int" | "int32" => "Int32".into(),
            "long" | "int64" => "Int64".into(),
            "double" => "Double".into(),
            "datetime" => "DateTime".into(),
            "timespan" => "TimeSpan".into(),
            "hashtable" => "Hashtable".into(),
            "pscredential" => "PSCredential".into(),
            "securestring" => "SecureString".into(),
            _ => t.rsplit('.').next().unwrap_or(t).to_string(),
        },
        PType::Enum { type_name, .. } => type_name.rsplit('.').next().unwrap_or(type_name).into(),
        PType::Array(inner) => format!("{}[]", ptype_name(inner)),
        PType::ScriptBlock => "ScriptBlock".into(),
        PType::Identity(n) => n.clone(),
        PType::ListModifier(inner) => format!("PSListModifier[{}]", ptype_name(inner)),
    }
}

/// The module of a core cmdlet, as Windows PowerShell 4 files it.
pub fn core_module(name: &str) -> &'static str {
    const CORE: &[&str] = &[
        "Where-Object",
        "ForEach-Object",
        "Get-Help",
        "Get-Command",
        "Get-Module",
        "Import-Module",
        "Add-PSSnapin",
        "Out-Null",
        "Out-Default",
        "Out-Host",
        "Set-StrictMode",
    ];
    const MANAGEMENT: &[&str] = &[
        "Get-Content",
        "Set-Content",
        "Add-Content",
        "Test-Path",
        "Join-Path",
        "Split-Path",
    ];
    const SECURITY: &[&str] = &["Get-Credential", "ConvertTo-SecureString"];
    let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    if is(CORE) {
        "Microsoft.PowerShell.Core"
    } else if is(MANAGEMENT) {
        "Microsoft.PowerShell.Management"
    } else if is(SECURITY) {
        "Microsoft.PowerShell.Security"
    } else {
        "Microsoft.PowerShell.Utility"
    }
}

/// Our one-line synopses of the core cmdlets.
fn core_synopsis(name: &str) -> String {
    const SYNOPSES: &[(&str, &str)] = &[
        (
            "Get-Command",
            "Lists the commands of the session: Lync cmdlets, core cmdlets, functions and aliases.",
        ),
        (
            "Get-Help",
            "Shows the syntax, parameters and examples of a command.",
        ),
        (
            "Get-Member",
            "Lists the properties and methods of the objects it receives.",
        ),
        (
            "Where-Object",
            "Passes on only the objects for which a condition holds.",
        ),
        (
            "ForEach-Object",
            "Runs a script block once for every object it receives.",
        ),
        (
            "Select-Object",
            "Picks properties, or the first or last objects, of its input.",
        ),
        ("Sort-Object", "Sorts its input by property values."),
        (
            "Measure-Object",
            "Counts its input and sums or averages numeric properties.",
        ),
        (
            "Group-Object",
            "Groups its input by the value of a property.",
        ),
        ("Format-List", "Shows each object as a list of properties."),
        (
            "Format-Table",
            "Shows objects as a table with one column per property.",
        ),
        ("Write-Output", "Sends objects down the pipeline."),
        ("Write-Host", "Writes text to the console."),
        ("Write-Warning", "Writes a warning message."),
        ("Write-Error", "Writes an error record to the error stream."),
        (
            "Import-Csv",
            "Reads objects from a CSV file in the working directory.",
        ),
        (
            "Export-Csv",
            "Writes objects to a CSV file in the working directory.",
        ),
    ];
    SYNOPSES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or_else(
            || format!("The Windows PowerShell cmdlet {name}, as lyncshell implements it."),
            |(_, s)| s.to_string(),
        )
}

/// A noun as words: `CsClientPolicy` → `client policy`; acronyms keep their case.
pub fn noun_phrase(noun: &str) -> String {
    let stem = noun.strip_prefix("Cs").unwrap_or(noun);
    let chars: Vec<char> = stem.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        if i > 0 && c.is_ascii_uppercase() && (!prev_upper || next_lower) {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
        .iter()
        .map(|w| {
            if w.len() > 1
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                w.clone()
            } else {
                w.to_ascii_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(phrase: &str) -> &'static str {
    match phrase.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

fn lync_synopsis(spec: &CmdletSpec) -> String {
    let what = noun_phrase(spec.noun);
    let a = article(&what);
    match spec.verb {
        "Get" => format!("Returns the {what} settings stored in the deployment."),
        "Set" => format!("Changes the properties of an existing {what}."),
        "New" => format!("Creates {a} {what}."),
        "Remove" => format!("Deletes {a} {what}."),
        "Grant" => format!("Assigns a per-user {what} to users."),
        "Enable" => format!("Enables {a} {what}."),
        "Disable" => format!("Disables {a} {what}."),
        "Test" => format!("Checks {a} {what} and reports whether it works."),
        "Move" => format!("Moves {a} {what} to another place in the deployment."),
        "Import" => format!("Loads {what} data from a file."),
        "Export" => format!("Saves {what} data to a file."),
        verb => format!("Runs the {verb} operation on {a} {what}."),
    }
}

fn lync_description(spec: &CmdletSpec) -> String {
    let what = noun_phrase(spec.noun);
    let module = match spec.module {
        Module::LyncOnline => "Lync Online",
        _ => "Lync Server 2013",
    };
    // The identity rule depends only on the signatures, so the text stays the same whichever
    // module implements the cmdlet.
    let how = if super::generic::is_document_noun(spec.noun) {
        let kind = super::generic::kind_of(spec.noun);
        let scopes = match kind.shape {
            super::generic::Shape::Scoped if kind.is_policy => {
                "Global, site:<SiteName> or tag:<PolicyName> (a bare name means tag:)"
            }
            super::generic::Shape::Scoped => "Global, site:<SiteName> or service:<Role>:<PoolFqdn>",
            super::generic::Shape::Child => "<Parent>/<Name>, for example site:Redmond/Rule1",
            super::generic::Shape::Named => "plain names relative to the Global scope",
        };
        format!(
            "These objects are documents of the Central Management Store; their identities are {scopes}."
        )
    } else {
        String::new()
    };
    format!(
        "{} works with the {} objects of a {} deployment. {}",
        spec.name, what, module, how
    )
    .trim_end()
    .to_string()
}

/// A sample value for a parameter in a generated example.
fn sample_value(spec: &CmdletSpec, p: &super::spec::ParamSpec) -> String {
    let policy = spec.noun.ends_with("Policy");
    match p.ty.element() {
        Ty::Boolean => "$true".into(),
        Ty::XdsIdentity if p.name == "Identity" && policy => "RedmondPolicy".into(),
        Ty::XdsIdentity => "site:Redmond".into(),
        Ty::XdsGlobalRelativeIdentity => "Example".into(),
        Ty::UserId => "kenmyer@litwareinc.com".into(),
        Ty::Fqdn => "atl-cs-001.litwareinc.com".into(),
        Ty::Int16 | Ty::Int32 | Ty::Int64 | Ty::UInt16 | Ty::UInt32 | Ty::UInt64 | Ty::Byte => {
            "10".into()
        }
        Ty::Enum(words) if !words.is_empty() => words[0].to_string(),
        _ if p.name == "PolicyName" => "RedmondPolicy".into(),
        _ => "\"Example\"".into(),
    }
}

fn lync_examples(spec: &'static CmdletSpec) -> Vec<(String, String)> {
    let what = noun_phrase(spec.noun);
    let first_bool = spec
        .params
        .iter()
        .find(|p| p.ty == Ty::Boolean)
        .map(|p| p.name);
    let generic = super::generic::covers(spec);
    let policy = spec.noun.ends_with("Policy");
    let mut out = Vec::new();
    match (spec.verb, generic) {
        ("Get", true) => {
            out.push((
                spec.name.to_string(),
                format!("Lists every {what}, the Global one first."),
            ));
            out.push((
                format!("{} -Identity Global", spec.name),
                format!("Shows the Global {what}."),
            ));
            out.push((
                format!(
                    "{} -Filter \"{}*\"",
                    spec.name,
                    if policy { "tag:" } else { "site:" }
                ),
                format!("Lists the {what} documents whose Identity matches the wildcard pattern."),
            ));
        }
        ("Set", true) => {
            let prop = first_bool.map_or_else(String::new, |b| format!(" -{b} $true"));
            out.push((
                format!("{} -Identity site:Redmond{prop}", spec.name),
                format!("Changes the {what} of the Redmond site."),
            ));
            out.push((
                format!("Get-{} -Filter \"site:*\" | {}{prop}", spec.noun, spec.name),
                format!("Changes every site-scoped {what} read from the pipeline."),
            ));
        }
        ("New", true) => {
            let prop = first_bool.map_or_else(String::new, |b| format!(" -{b} $true"));
            let id = if policy {
                "RedmondPolicy"
            } else {
                "site:Redmond"
            };
            out.push((
                format!("{} -Identity {id}{prop}", spec.name),
                format!(
                    "Creates {} {what} with the given settings; the others take their defaults.",
                    article(&what)
                ),
            ));
            out.push((
                format!("$x = {} -Identity {id} -InMemory", spec.name),
                format!(
                    "Builds {} {what} in memory only; Set-{} -Instance $x stores it later.",
                    article(&what),
                    spec.noun
                ),
            ));
        }
        ("Remove", true) => {
            out.push((
                format!(
                    "{} -Identity {}",
                    spec.name,
                    if policy {
                        "RedmondPolicy"
                    } else {
                        "site:Redmond"
                    }
                ),
                format!("Deletes that {what}."),
            ));
            out.push((
                format!("{} -Identity Global", spec.name),
                format!("The Global {what} cannot be deleted: it is reset to its default values, with a warning."),
            ));
        }
        ("Grant", true) => {
            out.push((
                format!(
                    "{} -Identity kenmyer@litwareinc.com -PolicyName RedmondPolicy",
                    spec.name
                ),
                format!("Assigns the per-user {what} RedmondPolicy to Ken Myer."),
            ));
            out.push((
                format!(
                    "Get-CsUser -OU \"OU=Finance,DC=litwareinc,DC=com\" | {} -PolicyName $null",
                    spec.name
                ),
                format!("Removes the per-user {what} of every Finance user, who then fall back to the site or Global one."),
            ));
        }
        _ => {
            let mut line = spec.name.to_string();
            if let Some(set) = spec.default_parameter_set() {
                for m in set.members.iter().filter(|m| m.mandatory) {
                    if let Some(p) = spec.member_param(m) {
                        if p.is_switch() {
                            line.push_str(&format!(" -{}", p.name));
                        } else {
                            line.push_str(&format!(" -{} {}", p.name, sample_value(spec, p)));
                        }
                    }
                }
            }
            out.push((
                line,
                format!(
                    "Runs {} with the mandatory parameters of its default parameter set.",
                    spec.name
                ),
            ));
        }
    }
    out
}

fn parameter_prose(model: &CommandModel, p: &HelpParam) -> String {
    let what = noun_phrase(&model.noun);
    match p.name.as_str() {
        "Identity" => format!("The Identity of the {what} the command works on."),
        "Filter" => "A wildcard pattern matched against the Identity (for example \"tag:*\" or \"site:*\").".to_string(),
        "Instance" => format!("An object of the {what} type, e.g. one returned by Get-{} or made with -InMemory.", model.noun),
        "Force" => "Suppresses the confirmation questions the command would otherwise ask.".to_string(),
        "InMemory" => "Returns the new object without storing it; store it later with the Set- cmdlet's -Instance.".to_string(),
        "PolicyName" => "The name of the per-user policy to assign, without the tag: prefix; $null removes the assignment.".to_string(),
        "Tenant" => "The Office 365 tenant the command applies to (Lync Online only).".to_string(),
        "LocalStore" => "Reads from the local replica of the Central Management Store instead of the master.".to_string(),
        _ if p.is_switch => format!("A switch of {} (present or absent).", model.name),
        _ => format!("Sets the {} property ({}).", p.name, p.type_name),
    }
}

fn related(model: &CommandModel) -> Vec<String> {
    let mut out = Vec::new();
    for verb in ["Get", "Set", "New", "Remove", "Grant"] {
        let name = format!("{verb}-{}", model.noun);
        if name != model.name && super::lookup(&name).is_some() {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases() {
        assert_eq!(noun_phrase("CsClientPolicy"), "client policy");
        assert_eq!(noun_phrase("CsXmppAllowedPartner"), "xmpp allowed partner");
        assert_eq!(
            noun_phrase("CsAVEdgeConfiguration"),
            "AV edge configuration"
        );
    }

    #[test]
    fn accelerators() {
        assert_eq!(accelerator_name("String[]"), "string[]");
        assert_eq!(accelerator_name("Unlimited[UInt32]"), "Unlimited[uint32]");
        assert_eq!(accelerator_name("UserIdParameter"), "UserIdParameter");
    }

    #[test]
    fn parameter_block_layout() {
        let spec = super::super::lookup("Grant-CsExternalAccessPolicy").expect("catalog");
        let model = CommandModel::from_spec(spec);
        let i = model
            .params
            .iter()
            .position(|p| p.name == "PolicyName")
            .expect("param");
        let block = model.parameter_block(i, "");
        assert!(block.starts_with("-PolicyName <String>\n"));
        assert!(block.contains("\n    Required?                    "));
        assert!(block.contains("\n    Accept wildcard characters?  false"));
    }
}
