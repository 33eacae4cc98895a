//! The `lyncshell` command line: argument dispatch and the `parse` subcommand.
//!
//! Arguments are parsed by hand (a `match` on the first word), so new subcommands (`run`, `-c`,
//! the REPL) are one more arm and one more function.

use std::io::Write;

use crate::syntax;

const USAGE: &str = "\
lyncshell - a Lync Server 2013 Management Shell emulator

Usage:
  lyncshell parse [--quiet] FILE...   check that scripts parse; print every parse error
  lyncshell --help                    show this text
  lyncshell --version                 show the version

Exit status of `parse`: 0 when every file parses cleanly, 1 when any file has a
parse error, 2 when a file cannot be read or the command line is wrong.
";

/// Runs the command line and returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("parse") => parse_command(args.get(1..).unwrap_or(&[])),
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            0
        }
        Some("--version" | "-V") => {
            println!("lyncshell {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(other) => {
            eprintln!("lyncshell: unknown command '{other}'\n\n{USAGE}");
            2
        }
        None => {
            eprint!("{USAGE}");
            2
        }
    }
}

fn parse_command(args: &[String]) -> i32 {
    let mut quiet = false;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--quiet" | "-q" => quiet = true,
            s if s.starts_with("--") => {
                eprintln!("lyncshell parse: unknown option '{s}'");
                return 2;
            }
            s => files.push(s),
        }
    }
    if files.is_empty() {
        eprintln!("lyncshell parse: no files given\n\n{USAGE}");
        return 2;
    }
    let mut with_errors = 0;
    let mut unreadable = false;
    let stderr = std::io::stderr();
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("lyncshell parse: cannot read {f}: {e}");
                unreadable = true;
                continue;
            }
        };
        let src = String::from_utf8_lossy(&bytes);
        let out = syntax::parse(&src);
        if !out.diagnostics.is_empty() {
            with_errors += 1;
            if !quiet {
                let text = syntax::diagnostics::render(&out.diagnostics, &src, f);
                let mut h = stderr.lock();
                let _ = writeln!(h, "{text}");
            }
        }
    }
    if quiet {
        println!("{} files, {} with errors", files.len(), with_errors);
    }
    if unreadable {
        2
    } else if with_errors > 0 {
        1
    } else {
        0
    }
}
