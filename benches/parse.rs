//! Parse throughput on a large generated admin script.
//!
//! `cargo bench --bench parse [-- PATH]`: without a path, generates `target/bench/bulk10.ps1`
//! (10 MB) with `../shared/bench/gen_bulk.py` if it is missing.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn input() -> Option<PathBuf> {
    if let Some(p) = std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        return Some(PathBuf::from(p));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/bench/bulk10.ps1");
    if out.exists() {
        return Some(out);
    }
    let script = [
        root.join("../shared/bench/gen_bulk.py"),
        root.join("../../shared/bench/gen_bulk.py"),
    ]
    .into_iter()
    .find(|p| p.exists())?;
    std::fs::create_dir_all(out.parent()?).ok()?;
    let status = std::process::Command::new("python3")
        .arg(script)
        .arg(&out)
        .arg("10")
        .status()
        .ok()?;
    status.success().then_some(out)
}

fn count_statements(sb: &lyncshell::syntax::ast::ScriptBlock) -> usize {
    sb.end.as_ref().map_or(0, |b| b.statements.len())
}

fn main() {
    let Some(path) = input() else {
        println!("SKIPPED: no input and gen_bulk.py not found");
        return;
    };
    let src = std::fs::read_to_string(&path).unwrap_or_default();
    let mb = src.len() as f64 / 1e6;
    let mut best = f64::MAX;
    let mut stats = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let out = lyncshell::syntax::parse(&src);
        let secs = t.elapsed().as_secs_f64();
        best = best.min(secs);
        stats = (count_statements(&out.script.body), out.diagnostics.len());
    }
    println!(
        "{}: {:.1} MB, best of 5: {:.1} ms = {:.0} MB/s; {} top-level statements, {} diagnostics",
        path.display(),
        mb,
        best * 1e3,
        mb / best,
        stats.0,
        stats.1
    );
}
