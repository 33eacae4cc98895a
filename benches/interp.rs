//! Interpreter throughput: `cargo bench --bench interp`.
//!
//! Prints wall time for a 1,000,000-iteration loop and for 100,000 objects through
//! `Where-Object` / `Select-Object`, each the best of three runs on a fresh engine.

use std::time::{Duration, Instant};

fn best_of(runs: usize, src: &str) -> (Duration, String) {
    let mut best = Duration::MAX;
    let mut out = String::new();
    for _ in 0..runs {
        let mut e = lyncshell::Engine::new();
        let t = Instant::now();
        let o = e.run_script(src);
        let d = t.elapsed();
        if !o.error_text.is_empty() {
            eprintln!("errors:\n{}", o.error_text);
        }
        out = o.output;
        best = best.min(d);
    }
    (best, out)
}

fn main() {
    let cases = [
        (
            "loop: 1,000,000 iterations of $sum += $i",
            "$sum = 0; for ($i = 0; $i -lt 1000000; $i++) { $sum += $i }; $sum",
            1_000_000u64,
        ),
        (
            "pipeline: 100,000 objects through Where-Object | Select-Object",
            "$n = (1..100000 | ForEach-Object { [pscustomobject]@{ Id = $_; Pool = 'pool' + ($_ % 4) } } | Where-Object { $_.Pool -eq 'pool1' } | Select-Object Id, Pool | Measure-Object).Count; $n",
            100_000,
        ),
    ];
    for (name, src, n) in cases {
        let (d, out) = best_of(3, src);
        println!(
            "{:<66} {:>9.1} ms  {:>8.2} M items/s  (result {})",
            name,
            d.as_secs_f64() * 1000.0,
            n as f64 / d.as_secs_f64() / 1e6,
            out.trim()
        );
    }
}
