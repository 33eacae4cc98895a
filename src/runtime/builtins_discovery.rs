//! Discovery cmdlets: `Get-Command` and `Get-Help`, declared like every core cmdlet and reading
//! the one signature source (the Lync catalog and the core cmdlets' binder signatures) through
//! [`crate::cmdlets::help::CommandModel`].

use std::rc::Rc;

use super::binder::{Bound, PType, Signature};
use super::builtins::{FORMATTED_TEXT, param, sig, switch};
use super::commands::{ALIASES, Builtin, CmdletBody};
use super::convert;
use super::errors::{ErrorCategory, ErrorInfo, ErrorRecord};
use super::interp::{Flow, Interp};
use super::ops::Wildcard;
use super::pipeline::Sink;
use super::value::{EnumValue, PsObject, Value};
use crate::cmdlets::help::{CommandModel, core_module};

use super::builtins::builtin;

type R<T> = Result<T, Flow>;

pub fn table() -> &'static [(&'static str, Builtin)] {
    static TABLE: &[(&str, Builtin)] = &[
        ("Get-Command", builtin!(get_command_sig, GetCommand)),
        ("Get-Help", builtin!(get_help_sig, GetHelp)),
    ];
    TABLE
}

const COMMAND_TYPES: &[(&str, i64)] = &[
    ("Alias", 1),
    ("Function", 2),
    ("Filter", 4),
    ("Cmdlet", 8),
    ("ExternalScript", 16),
    ("Application", 32),
    ("Script", 64),
    ("Workflow", 128),
    ("All", 255),
];

fn string_array() -> PType {
    PType::Array(Box::new(PType::String))
}

fn get_command_sig() -> Signature {
    sig(
        "Get-Command",
        "Microsoft.PowerShell.Commands.GetCommandCommand",
    )
    .default_set("CmdletSet")
    .with(
        param("Name", string_array())
            .set("AllCommandSet")
            .pos(0)
            .by_name(),
    )
    .with(
        param("ArgumentList", PType::Array(Box::new(PType::Any)))
            .alias("Args")
            .set("AllCommandSet")
            .pos(1)
            .set("CmdletSet")
            .pos(1),
    )
    .with(param("Verb", string_array()).set("CmdletSet").by_name())
    .with(param("Noun", string_array()).set("CmdletSet").by_name())
    .with(param("Module", string_array()).alias("PSSnapin").by_name())
    .with(
        param(
            "CommandType",
            PType::Array(Box::new(PType::Enum {
                type_name: "System.Management.Automation.CommandTypes".into(),
                names: COMMAND_TYPES.iter().map(|(n, _)| n.to_string()).collect(),
            })),
        )
        .alias("Type")
        .set("AllCommandSet")
        .by_name(),
    )
    .with(param("TotalCount", PType::Convert("int".into())))
    .with(switch("Syntax"))
    .with(switch("All"))
    .with(switch("ListImported"))
    .with(param("ParameterName", string_array()))
    .with(param("ParameterType", string_array()))
}

fn get_help_sig() -> Signature {
    sig("Get-Help", "Microsoft.PowerShell.Commands.GetHelpCommand")
        .default_set("AllUsersView")
        .with(param("Name", PType::String).pos(0))
        .with(param("Path", PType::String))
        .with(param("Category", string_array()))
        .with(param("Component", string_array()))
        .with(param("Functionality", string_array()))
        .with(param("Role", string_array()))
        .with(switch("Full").set("AllUsersView"))
        .with(switch("Detailed").set("DetailedView").mandatory())
        .with(switch("Examples").set("Examples").mandatory())
        .with(
            param("Parameter", PType::String)
                .set("Parameters")
                .mandatory(),
        )
        .with(switch("Online").set("Online").mandatory())
        .with(switch("ShowWindow").set("ShowWindow").mandatory())
}

fn get<'a>(b: &'a Bound, name: &str) -> Option<&'a Value> {
    b.values.get(name).filter(|v| !v.is_null())
}

fn flag(b: &Bound, name: &str) -> bool {
    b.values.get(name).is_some_and(convert::is_true)
}

fn strings(b: &Bound, name: &str) -> Vec<String> {
    get(b, name)
        .map(|v| {
            super::interp::enumerate_for_loop(v)
                .iter()
                .map(convert::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn error(it: &Interp, message: String, id: &'static str, category: ErrorCategory) -> ErrorRecord {
    let mut rec = ErrorRecord::new(ErrorInfo::new(message, id, category));
    if let Some(f) = it.frames.last() {
        rec.command = Some(f.command.clone());
        rec.activity = f.command.clone();
        rec.position = f.position.clone();
    }
    rec
}

/// One command the session knows.
#[derive(Clone)]
enum Found {
    Alias { name: String, target: String },
    Function { name: String },
    Core(&'static str),
    Lync(&'static crate::cmdlets::CmdletSpec),
}

impl Found {
    fn name(&self) -> &str {
        match self {
            Found::Alias { name, .. } | Found::Function { name } => name,
            Found::Core(n) => n,
            Found::Lync(s) => s.name,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Found::Alias { .. } => "Alias",
            Found::Function { .. } => "Function",
            _ => "Cmdlet",
        }
    }

    fn module(&self) -> &'static str {
        match self {
            Found::Alias { .. } | Found::Function { .. } => "",
            Found::Core(n) => core_module(n),
            Found::Lync(s) => s.module.display_name(),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Found::Alias { .. } => 0,
            Found::Function { .. } => 1,
            _ => 2,
        }
    }

    fn model(&self) -> Option<CommandModel> {
        match self {
            Found::Core(n) => {
                super::builtins::lookup(n).map(|b| CommandModel::from_signature(&(b.signature)()))
            }
            Found::Lync(spec) => Some(CommandModel::from_spec(spec)),
            _ => None,
        }
    }
}

/// Every command of the session, in Get-Command's order (aliases, functions, cmdlets; by
/// name within each).
fn all_commands(it: &Interp) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for (a, t) in ALIASES {
        out.push(Found::Alias {
            name: a.to_string(),
            target: t.to_string(),
        });
    }
    for (a, t) in &it.aliases {
        out.retain(|f| !f.name().eq_ignore_ascii_case(a));
        out.push(Found::Alias {
            name: a.clone(),
            target: t.clone(),
        });
    }
    for f in it.scopes.functions() {
        out.push(Found::Function {
            name: f.name.clone(),
        });
    }
    for n in super::builtins::names() {
        out.push(Found::Core(n));
    }
    for spec in crate::cmdlets::all() {
        out.push(Found::Lync(spec));
    }
    out.sort_by(|a, b| {
        a.rank().cmp(&b.rank()).then_with(|| {
            a.name()
                .to_ascii_lowercase()
                .cmp(&b.name().to_ascii_lowercase())
        })
    });
    out
}

fn command_type(name: &str) -> Value {
    let value = COMMAND_TYPES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0, |(_, v)| *v);
    Value::Enum(Rc::new(EnumValue {
        type_name: Rc::from("System.Management.Automation.CommandTypes"),
        name: Rc::from(name),
        value,
    }))
}

/// The `-Syntax` text of a command: each parameter set on its own line, each preceded by an
/// empty line (CommandInfo.Syntax).
fn syntax_text(found: &Found) -> String {
    match found {
        Found::Alias { target, .. } => target.clone(),
        Found::Function { name } => format!("\n{name}\n"),
        other => match other.model() {
            Some(m) => {
                let mut s = String::new();
                for line in m.command_syntax() {
                    s.push('\n');
                    s.push_str(&line);
                    s.push('\n');
                }
                s
            }
            None => String::new(),
        },
    }
}

/// The CmdletInfo / FunctionInfo / AliasInfo object of a command.
fn command_object(found: &Found) -> Value {
    let kind = found.kind();
    let type_name = match kind {
        "Alias" => "System.Management.Automation.AliasInfo",
        "Function" => "System.Management.Automation.FunctionInfo",
        _ => "System.Management.Automation.CmdletInfo",
    };
    let mut o = PsObject {
        type_names: vec![
            Rc::from(type_name),
            Rc::from("System.Management.Automation.CommandInfo"),
            Rc::from("System.Object"),
        ],
        to_string: Some(Rc::from(found.name())),
        ..PsObject::default()
    };
    match found {
        Found::Alias { name, target } => {
            o.add("DisplayName", Value::str(&format!("{name} -> {target}")));
            o.add("ReferencedCommand", Value::str(target));
            o.add("ResolvedCommandName", Value::str(target));
            o.add("Definition", Value::str(target));
        }
        Found::Function { .. } => {
            o.add("Verb", Value::str(""));
            o.add("Noun", Value::str(""));
        }
        other => {
            if let Some(m) = other.model() {
                o.add("Verb", Value::str(&m.verb));
                o.add("Noun", Value::str(&m.noun));
                o.add("ImplementingType", Value::str(&m.implementing_type));
                o.add("Definition", Value::str(&syntax_text(other)));
                let default = m
                    .sets
                    .iter()
                    .find(|s| s.is_default)
                    .map_or("__AllParameterSets", |s| s.name.as_str());
                o.add("DefaultParameterSet", Value::str(default));
            }
        }
    }
    o.add("Name", Value::str(found.name()));
    o.add("CommandType", command_type(kind));
    o.add("ModuleName", Value::str(found.module()));
    Value::object(o)
}

#[derive(Default)]
struct GetCommand;

impl CmdletBody for GetCommand {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        for unmodelled in ["ArgumentList", "ParameterName", "ParameterType"] {
            if get(b, unmodelled).is_some() {
                let rec = error(
                    it,
                    format!(
                        "The parameter '{unmodelled}' of Get-Command is not emulated by lyncshell."
                    ),
                    "NotEmulated",
                    ErrorCategory::NotImplemented,
                );
                return it.write_error(rec);
            }
        }
        let names = strings(b, "Name");
        let verbs = strings(b, "Verb");
        let nouns = strings(b, "Noun");
        let modules = strings(b, "Module");
        let types: Vec<String> = strings(b, "CommandType");
        let total = get(b, "TotalCount")
            .and_then(convert::num_to_f64)
            .map(|n| n.max(0.0) as usize);
        let syntax = flag(b, "Syntax");
        let matches_any = |patterns: &[String], text: &str| {
            patterns.is_empty()
                || patterns
                    .iter()
                    .any(|p| Wildcard::new(p, true).is_match(text))
        };
        let commands = all_commands(it);
        let mut written = 0usize;
        let mut unmatched: Vec<&String> = names
            .iter()
            .filter(|n| Wildcard::new(n, true).is_literal())
            .collect();
        for found in &commands {
            if total.is_some_and(|t| written >= t) {
                break;
            }
            let name = found.name();
            if !matches_any(&names, name) || !matches_any(&modules, found.module()) {
                continue;
            }
            if !verbs.is_empty() || !nouns.is_empty() {
                if matches!(found, Found::Alias { .. }) {
                    continue;
                }
                let (v, n) = name.split_once('-').unwrap_or((name, ""));
                if !matches_any(&verbs, v) || !matches_any(&nouns, n) {
                    continue;
                }
            }
            // Without -CommandType, an exact -Name finds an alias and its cmdlet; the default
            // type list is Alias, Function, Cmdlet.
            if !types.is_empty()
                && !types
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case("All") || t.eq_ignore_ascii_case(found.kind()))
            {
                continue;
            }
            unmatched.retain(|n| !n.eq_ignore_ascii_case(name));
            written += 1;
            if syntax {
                out.push(it, Value::str(&syntax_text(found)))?;
            } else {
                out.push(it, command_object(found))?;
            }
        }
        for name in unmatched {
            let mut rec = error(
                it,
                format!(
                    "The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
                ),
                "CommandNotFoundException",
                ErrorCategory::ObjectNotFound,
            );
            rec.info = rec
                .info
                .clone()
                .exception("System.Management.Automation.CommandNotFoundException")
                .target(Value::str(name));
            rec.class_name = Some("Microsoft.PowerShell.Commands.GetCommandCommand".into());
            it.write_error(rec)?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct GetHelp;

fn text(content: String, name: &str, synopsis: &str, module: &str) -> Value {
    let mut o = PsObject {
        type_names: vec![Rc::from(FORMATTED_TEXT)],
        to_string: Some(Rc::from(content)),
        ..PsObject::default()
    };
    o.add("Name", Value::str(name));
    o.add("Category", Value::str("Cmdlet"));
    o.add("Synopsis", Value::str(synopsis));
    o.add("ModuleName", Value::str(module));
    Value::object(o)
}

/// lyncshell's own short help topic for `Get-Help` without a name.
const HELP_TOPIC: &str = "\nTOPIC\n    lyncshell help\n\nSHORT DESCRIPTION\n    Shows how to find and read help on Lync and Windows PowerShell commands.\n\nLONG DESCRIPTION\n    Get-Help <command> shows a command's syntax and description.\n    Get-Help <command> -Parameter <name> describes one parameter.\n    Get-Help <command> -Examples shows examples.\n    Get-Help <command> -Full shows everything.\n    Get-Command -Module Lync lists the Lync cmdlets; Get-Command *Policy* finds\n    commands by name.\n\n";

impl CmdletBody for GetHelp {
    fn process(
        &mut self,
        it: &mut Interp,
        b: &Bound,
        _input: Option<&Value>,
        out: &mut dyn Sink,
    ) -> R<()> {
        if flag(b, "Online") || flag(b, "ShowWindow") || get(b, "Path").is_some() {
            let which = if flag(b, "Online") {
                "Online"
            } else if flag(b, "ShowWindow") {
                "ShowWindow"
            } else {
                "Path"
            };
            let rec = error(
                it,
                format!(
                    "The parameter '{which}' of Get-Help is not emulated by lyncshell: it opens a browser, a window or a file."
                ),
                "NotEmulated",
                ErrorCategory::NotImplemented,
            );
            return it.write_error(rec);
        }
        let Some(name) = get(b, "Name").map(convert::to_string) else {
            return out.push(it, text(HELP_TOPIC.to_string(), "default", "", ""));
        };
        let resolved = super::commands::resolve_alias(it, &name).unwrap_or_else(|| name.clone());
        let found: Vec<Found> = all_commands(it)
            .into_iter()
            .filter(|f| !matches!(f, Found::Alias { .. }))
            .filter(|f| Wildcard::new(&resolved, true).is_match(f.name()))
            .collect();
        let models: Vec<CommandModel> = found.iter().filter_map(Found::model).collect();
        match models.as_slice() {
            [] => {
                let mut rec = error(
                    it,
                    format!(
                        "Get-Help could not find {name} in a help file in this session. To download updated help topics type: \"Update-Help\". To get help online, search for the help topic in the TechNet library at http://go.microsoft.com/fwlink/?LinkID=107116."
                    ),
                    "HelpNotFound",
                    ErrorCategory::ResourceUnavailable,
                );
                rec.info = rec
                    .info
                    .clone()
                    .exception("Microsoft.PowerShell.Commands.HelpNotFoundException")
                    .target(Value::str(&name));
                rec.class_name = Some("Microsoft.PowerShell.Commands.GetHelpCommand".into());
                it.write_error(rec)
            }
            [model] => {
                let width = it.host.width();
                let content = if let Some(p) = get(b, "Parameter").map(convert::to_string) {
                    let pattern = Wildcard::new(&p, true);
                    let blocks: Vec<String> = (0..model.params.len())
                        .filter(|&i| {
                            model
                                .params
                                .get(i)
                                .is_some_and(|q| pattern.is_match(&q.name))
                        })
                        .map(|i| model.parameter_block(i, ""))
                        .collect();
                    if blocks.is_empty() {
                        let mut rec = error(
                            it,
                            format!("No parameter matches criteria {p}."),
                            "NoParmsFound",
                            ErrorCategory::ObjectNotFound,
                        );
                        rec.info = rec
                            .info
                            .clone()
                            .exception("System.ArgumentException")
                            .target(Value::str(&p));
                        rec.class_name =
                            Some("Microsoft.PowerShell.Commands.GetHelpCommand".into());
                        return it.write_error(rec);
                    }
                    let mut s = String::new();
                    for block in blocks {
                        s.push('\n');
                        s.push_str(&block);
                        s.push_str("\n\n");
                    }
                    s
                } else if flag(b, "Examples") {
                    model.examples_text(width)
                } else if flag(b, "Full") || flag(b, "Detailed") {
                    model.full_text(width)
                } else {
                    model.help_text(width)
                };
                out.push(
                    it,
                    text(content, &model.name, &model.synopsis, &model.module),
                )
            }
            many => {
                for m in many {
                    let mut o = PsObject {
                        type_names: vec![Rc::from("HelpInfoShort")],
                        to_string: Some(Rc::from(m.name.as_str())),
                        ..PsObject::default()
                    };
                    o.add("Name", Value::str(&m.name));
                    o.add("Category", Value::str("Cmdlet"));
                    o.add("Module", Value::str(&m.module));
                    o.add("Synopsis", Value::str(&m.synopsis));
                    out.push(it, Value::object(o))?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::super::binder::Arg;
    use super::super::commands::BuiltinProcessor;
    use super::super::interp::{Host, Interp};
    use super::super::value::Value;
    use crate::syntax::ast::Span;

    #[derive(Clone, Default)]
    struct TestHost(Rc<RefCell<String>>);

    impl Host for TestHost {
        fn write_output(&mut self, text: &str) {
            self.0.borrow_mut().push_str(text);
        }
        fn write_error(&mut self, text: &str) {
            self.0.borrow_mut().push_str(text);
        }
        fn write_host(&mut self, text: &str) {
            self.0.borrow_mut().push_str(text);
        }
        fn read_line(&mut self, _prompt: &str) -> Option<String> {
            None
        }
        fn read_secret(&mut self, _prompt: &str) -> Option<String> {
            None
        }
    }

    /// Runs a discovery cmdlet and returns what Out-Default would print, plus errors.
    pub(crate) fn run(name: &str, args: &[(&str, Option<Value>)], positional: &[&str]) -> String {
        let host = TestHost::default();
        let mut it = Interp::new(Box::new(host.clone()));
        let Some(b) = super::super::builtins::lookup(name) else {
            return String::new();
        };
        let mut list: Vec<Arg> = positional
            .iter()
            .map(|p| Arg::Positional {
                value: Value::str(p),
                span: Span::new(0, 0),
            })
            .collect();
        list.extend(args.iter().map(|(n, v)| Arg::Named {
            name: n.to_string(),
            value: v.clone(),
            span: Span::new(0, 0),
        }));
        let mut out: Vec<Value> = Vec::new();
        match BuiltinProcessor::new(
            &mut it,
            Rc::new((b.signature)()),
            (b.make)(),
            list,
            false,
            None,
        ) {
            Ok(mut p) => {
                use super::super::pipeline::Processor;
                let _ = p.begin(&mut it, &mut out);
                let _ = p.process(&mut it, None, &mut out);
                let _ = p.end(&mut it, &mut out);
            }
            Err(_) => return "binding failed".into(),
        }
        let text = super::super::builtins::render_default(&it, &out);
        let errors = host.0.borrow().clone();
        format!("{text}{errors}")
    }

    #[test]
    fn get_command_by_module_and_noun() {
        let got = run(
            "Get-Command",
            &[
                ("Module", Some(Value::str("Lync"))),
                ("Noun", Some(Value::str("CsHostingProvider"))),
            ],
            &[],
        );
        println!("{got}");
        assert!(got.contains(
            "CommandType     Name                                               ModuleName\n"
        ));
        assert!(got.contains("Cmdlet          Disable-CsHostingProvider"));
    }

    #[test]
    fn get_command_syntax_and_help() {
        let got = run("Get-Command", &[("Syntax", None)], &["Get-CsUser"]);
        println!("{got}");
        assert!(got.starts_with("\nGet-CsUser [[-Identity] <UserIdParameter>]"));
        let help = run("Get-Help", &[], &["New-CsHostingProvider"]);
        println!("{help}");
        assert!(help.contains("\nNAME\n    New-CsHostingProvider\n"));
        let p = run(
            "Get-Help",
            &[("Parameter", Some(Value::str("PolicyName")))],
            &["Grant-CsExternalAccessPolicy"],
        );
        println!("{p}");
        assert!(p.contains("-PolicyName <String>"));
        let e = run("Get-Help", &[("Examples", None)], &["Grant-CsClientPolicy"]);
        println!("{e}");
        let core = run("Get-Help", &[], &["Where-Object"]);
        println!("{core}");
        let missing = run("Get-Command", &[], &["Get-NoSuchThing"]);
        println!("{missing}");
        assert!(missing.contains("is not recognized"));
    }
}
