//! A script that recurses to PowerShell's call-depth limit neither overflows the Rust stack
//! on an ordinary 8 MiB thread nor runs past the limit.

use lyncshell::{Engine, EngineOptions};

fn on_thread(stack: usize, src: &'static str, depth: usize) -> String {
    let h = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut opts = EngineOptions::default();
            opts.limits.max_call_depth = depth;
            let mut e = Engine::with_options(opts);
            let o = e.run_script(src);
            format!("{}{}", o.output, o.error_text)
        });
    match h.map(|h| h.join()) {
        Ok(Ok(s)) => s,
        _ => "thread failed".into(),
    }
}

#[test]
fn deep_recursion_fits_in_eight_megabytes() {
    let out = on_thread(
        8 << 20,
        "function r($n) { if ($n -lt 990) { r ($n + 1) } else { \"deep $n\" } }; r 0",
        1000,
    );
    assert_eq!(out.trim(), "deep 990");
}

#[test]
fn runaway_recursion_stops_at_the_limit() {
    let out = on_thread(8 << 20, "function r { r }; r", 1000);
    assert!(
        out.contains("The script failed due to call depth overflow.  The call depth reached 1001 and the maximum is 1000."),
        "{}",
        out
    );
}
