//! The `lyncshell` binary: a thin client of the library (see `cli`).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The tree-walking interpreter recurses with the script; a large stack keeps deep but
    // legitimate scripts (and the nesting limits) well clear of an overflow.
    let worker = std::thread::Builder::new()
        .name("lyncshell".into())
        .stack_size(512 * 1024 * 1024)
        .spawn(move || lyncshell::cli::main(&args));
    let code = match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("lyncshell: internal error");
            70
        }
    };
    std::process::exit(code);
}
