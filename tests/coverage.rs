//! COVERAGE.md is generated from the registry; this test fails when the committed file is
//! stale. `UPDATE_COVERAGE=1 cargo test --test coverage` rewrites it.

use std::path::PathBuf;

#[test]
fn coverage_md_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("COVERAGE.md");
    let expected = lyncshell::cmdlets::coverage::render();
    if std::env::var_os("UPDATE_COVERAGE").is_some() {
        std::fs::write(&path, &expected).expect("write COVERAGE.md");
        println!("UPDATED {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != expected {
        let first = committed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(expected.lines().count()));
        panic!(
            "COVERAGE.md is stale (first difference at line {}); run `UPDATE_COVERAGE=1 cargo test --test coverage`\n```expected\n{}\n```\n```committed\n{}\n```",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            committed.lines().nth(first).unwrap_or("")
        );
    }
}
