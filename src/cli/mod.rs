//! The command-line front end: `lyncshell [run | -c | parse | check | plan | test | …]`.

pub mod generate;
pub mod run;

const USAGE: &str = "\
lyncshell — a Lync Server 2013 Management Shell emulator

Usage:
  lyncshell                          start the interactive shell (REPL)
  lyncshell run FILE.ps1 [FILE…]     run scripts in one session
  lyncshell -c 'COMMANDS'            run a command string
  lyncshell parse FILE… [--quiet]    check syntax only
  lyncshell check FILE… [--format json]   bind commands statically, report problems
  lyncshell plan FILE.ps1 [--format json] dry run: what would change
  lyncshell test DIR [--update]      replay X.ps1 against X.out (and X.after.json)
  lyncshell generate large [FILE]    write the 100,000-user deployment (default
                                     fixtures/deployments/large.json, about 25 MB)
  lyncshell --help | --version

Options for run, -c, plan and the REPL:
  --state FILE.json     start from this deployment (default: built-in Litware Inc.)
  --save FILE.json      write the final deployment (atomically)
  --credential USER     user name Get-Credential returns without a terminal
  --confirm yes|no      answer to confirmation prompts without a terminal (default yes)
  --culture C           en-US (default), zh-TW or fr-FR for Lync fault descriptions
  --journal FILE.json   write every Lync cmdlet call with its parameters and outcome
  --width N             console width for formatting (default 120)
  --max-steps N  --max-depth N  --max-output N   raise the safety limits

Exit status: 0 success; 1 an error record was written (run, -c) or problems found
(parse, check, test); 2 usage problems (run, -c, parse) or changes planned (plan);
64 usage problems (plan, check, test).
";

/// Words that select a subcommand.
const SUBCOMMANDS: &[&str] = &[
    "run", "plan", "check", "test", "parse", "-c", "-Command", "-command",
];

/// Dispatches the command line; returns the process exit status. Options may come before the
/// subcommand (`lyncshell --state lab.json run x.ps1`): they are moved after it.
pub fn main(args: &[String]) -> i32 {
    let mut args = args.to_vec();
    if args
        .first()
        .is_some_and(|a| a.starts_with("--") && a != "--help" && a != "--version")
        && let Some(i) = args.iter().position(|a| SUBCOMMANDS.contains(&a.as_str()))
    {
        let sub = args.remove(i);
        let lead: Vec<String> = args.drain(..i).collect();
        args.insert(0, sub);
        // `-c` takes its command string first; the moved options follow it.
        let at = if args.first().is_some_and(|a| a.starts_with('-')) {
            2.min(args.len())
        } else {
            1
        };
        for (k, o) in lead.into_iter().enumerate() {
            args.insert(at + k, o);
        }
    }
    let args = args.as_slice();
    match args.first().map(|s| s.as_str()) {
        Some("run") => run::run_files(&args[1..]),
        Some("plan") => run::plan(&args[1..]),
        Some("check") => run::check(&args[1..]),
        Some("test") => run::test(&args[1..]),
        Some("parse") => run::parse(&args[1..]),
        Some("generate") => generate::generate(&args[1..]),
        Some("-c") | Some("-Command") | Some("-command") => run::run_command(&args[1..]),
        Some("--help") | Some("-h") | Some("help") => {
            print!("{}", USAGE);
            0
        }
        Some("--version") | Some("-V") => {
            println!("lyncshell {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(s) if s.starts_with('-') && !s.starts_with("--") => {
            eprintln!("lyncshell: unknown option '{}' (see lyncshell --help)", s);
            2
        }
        _ => run::repl(args),
    }
}
