//! Dry-run a script from Rust and print the plan: `cargo run --example dry_run -- SCRIPT.ps1`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/federation-with-lync-online.ps1".into());
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    // A session on the built-in Litware deployment; `plan` runs the script on a copy of it.
    let engine = lyncshell::Engine::new();
    let plan = engine.plan(Some(&path), &src);
    print!("{}", plan.render());
    std::process::exit(plan.exit_code());
}
