//! Tab-completion latency over the full catalog and the live deployment.
//!
//! `cargo bench --bench complete`: for each case, completes a line many times on one session
//! and prints the median and 99th percentile, on the built-in Litware deployment and on the
//! generated large one (100,000 users). The REPL's budget is well under 10 ms per Tab.
//! Wall-clock times include waiting for a CPU on a busy machine, so the mean on-CPU time per
//! completion (from Linux's `/proc/thread-self/schedstat`) is printed beside them.

use std::time::Instant;

use lyncshell::engine::{Engine, EngineOptions};

/// (label, line): the cursor is at the end of the line.
const CASES: &[(&str, &str)] = &[
    ("cmdlet-name prefix", "Get-CsAcc"),
    ("Get-Cs* wildcard", "Get-Cs*"),
    ("every command", ""),
    ("parameter names", "Set-CsAccessEdgeConfiguration -"),
    ("parameter prefix", "Set-CsAccessEdgeConfiguration -Allow"),
    ("enum value", "New-CsHostingProvider -VerificationLevel "),
    ("variables", "$"),
    ("user identity prefix", "Get-CsUser -Identity sip:ken"),
    ("every user identity", "Get-CsUser -Identity "),
    ("document identities", "Set-CsClientPolicy -Identity "),
    ("pool FQDNs", "Move-CsUser -Identity x -Target "),
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Nanoseconds this thread has spent on a CPU (Linux), if known.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn run(label: &str, engine: &mut Engine, iterations: usize) -> f64 {
    println!("\n{label}");
    println!(
        "  {:<22} {:>10} {:>10} {:>10} {:>12}",
        "case", "candidates", "median ms", "p99 ms", "cpu mean ms"
    );
    let mut worst: f64 = 0.0;
    for (name, line) in CASES {
        let n = engine.complete(line, line.len()).candidates.len();
        let cpu_before = cpu_ns();
        let mut times: Vec<f64> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                let c = engine.complete(line, line.len());
                let ms = t.elapsed().as_secs_f64() * 1e3;
                std::hint::black_box(c);
                ms
            })
            .collect();
        let cpu = match (cpu_before, cpu_ns()) {
            (Some(a), Some(b)) => format!("{:.3}", (b - a) as f64 / 1e6 / iterations as f64),
            _ => "-".to_string(),
        };
        times.sort_by(f64::total_cmp);
        let (median, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
        worst = worst.max(p99);
        println!(
            "  {:<22} {:>10} {:>10.3} {:>10.3} {:>12}",
            name, n, median, p99, cpu
        );
    }
    worst
}

fn main() {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "completion latency (load average: {})",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut small = Engine::new();
    let w1 = run("default deployment (Litware)", &mut small, 300);
    let users = lyncshell::model::generate::LARGE_USERS;
    let mut large = Engine::with_deployment(
        lyncshell::model::generate::large(users),
        EngineOptions::default(),
    );
    let w2 = run(
        &format!("large deployment ({} users)", users),
        &mut large,
        60,
    );
    println!("\nworst p99: {:.3} ms", w1.max(w2));
}
