//! Inputs found by `examples/fuzz_parse.rs` that once panicked or hung, minimised. Each must
//! parse and run to completion (errors are fine, a panic is not).

fn run(src: &str) {
    let out = lyncshell::syntax::parse(src);
    let _ = lyncshell::syntax::diagnostics::render(&out.diagnostics, src, Some("fuzz.ps1"));
    let mut opts = lyncshell::EngineOptions::default();
    opts.limits.max_steps = 5_000;
    let mut engine = lyncshell::Engine::with_options(opts);
    let _ = engine.run_script(src);
}

/// A generic identity starting `glo:` followed by a multi-byte character: the `Global/`
/// prefix check sliced the name at byte 7, inside the character.
#[test]
fn identity_prefix_inside_multibyte_character() {
    run("$x=Get-CsPresenceProvider -d \"glo::\u{FFFD}\"");
}
