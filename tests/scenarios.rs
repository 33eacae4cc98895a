//! Golden transcripts: every `fixtures/scenarios/**/X.ps1` with an `X.out` beside it replays
//! through `lyncshell::replay` (the same code as `lyncshell test`).
//! `UPDATE_GOLDEN=1 cargo test --test scenarios` rewrites the expected files — review the diff.

use std::path::Path;

#[test]
fn golden_transcripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let report = lyncshell::replay::run_dir(&root.join("fixtures/scenarios"), root, update);
    assert!(!report.cases.is_empty(), "no scenarios found");
    let failures: Vec<String> = report
        .cases
        .iter()
        .filter_map(|c| {
            c.failure
                .as_ref()
                .map(|f| format!("--- {}\n{}", c.script.display(), f))
        })
        .collect();
    println!("{}", report.summary());
    assert!(
        failures.is_empty(),
        "{}\n{}",
        failures.join("\n"),
        report.summary()
    );
}
