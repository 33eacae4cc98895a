//! Golden transcripts: every `fixtures/scenarios/**/X.ps1` with an `X.out` beside it runs on a
//! fresh engine; the interleaved output and error stream must equal `X.out` byte for byte.
//! `UPDATE_GOLDEN=1 cargo test --test scenarios` rewrites the expected files (review the diff).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "ps1") && p.with_extension("out").exists() {
            out.push(p);
        }
    }
}

#[test]
fn golden_transcripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scripts = Vec::new();
    collect(&root.join("fixtures/scenarios"), &mut scripts);
    assert!(!scripts.is_empty(), "no scenarios found");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for script in &scripts {
        let rel = script
            .strip_prefix(root)
            .unwrap_or(script)
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(script).unwrap_or_default();
        let mut engine = lyncshell::Engine::new();
        let outcome = engine.run_file(&rel, &src);
        let got = outcome.transcript;
        let expected_path = script.with_extension("out");
        if update {
            std::fs::write(&expected_path, &got).unwrap_or_default();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "--- {}\nexpected:\n```\n{}```\ngot:\n```\n{}```",
                rel, expected, got
            ));
        }
    }
    println!("{} scenarios checked", scripts.len());
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ:\n{}",
        failures.len(),
        scripts.len(),
        failures.join("\n")
    );
}
