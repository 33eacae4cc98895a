//! `lyncshell` binary: everything lives in [`lyncshell::cli`].

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(lyncshell::cli::run(&args));
}
