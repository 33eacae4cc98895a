fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(|s| s.as_str()) {
        Some("run") => lyncshell::cli::run::run_files(&args[1..]),
        Some("-c") | Some("-Command") => lyncshell::cli::run::run_command(&args[1..]),
        _ => lyncshell::cli::run::repl(&args),
    };
    std::process::exit(code);
}
