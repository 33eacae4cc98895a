//! The command-line front end: `lyncshell [run FILE… | -c COMMANDS | parse FILE…]`.

pub mod run;

/// Dispatches the command line; returns the process exit status.
pub fn main(args: &[String]) -> i32 {
    match args.first().map(|s| s.as_str()) {
        Some("run") => run::run_files(&args[1..]),
        Some("plan") => run::plan(&args[1..]),
        Some("check") => run::check(&args[1..]),
        Some("test") => run::test(&args[1..]),
        Some("-c") | Some("-Command") | Some("-command") => run::run_command(&args[1..]),
        _ => run::repl(args),
    }
}
