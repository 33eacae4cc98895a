//! Every example of the official Lync cmdlet documentation parses without a diagnostic.

use std::path::PathBuf;

/// Examples that are not valid PowerShell as published (typos in the docs), by cmdlet and
/// example number, with the reason.
const KNOWN_BAD: &[(&str, u64, &str)] = &[
    (
        "New-CsRgsHolidaySet",
        1,
        "starts with a stray line `-HolidayList($x, $y, $z)`: a parameter without a command",
    ),
    (
        "Remove-CsClsRegion",
        3,
        "the Where-Object script block is never closed (missing `}` before the second pipe)",
    ),
    (
        "Remove-CsReportingConfiguration",
        3,
        "the Where-Object script block is never closed (missing `}` before the second pipe)",
    ),
];

fn reference() -> Option<PathBuf> {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        base.join("../shared/reference/doc-examples.json"),
        base.join("shared/reference/doc-examples.json"),
        // Git worktrees live one level deeper than the main checkout.
        base.join("../../shared/reference/doc-examples.json"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

#[test]
fn doc_examples_parse() {
    let Some(path) = reference() else {
        println!("SKIPPED: ../shared/reference/doc-examples.json not found");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("readable reference file");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let examples = json["examples"].as_array().expect("examples array");
    let mut failures = Vec::new();
    let mut passed = 0;
    for ex in examples {
        let cmdlet = ex["cmdlet"].as_str().unwrap_or("");
        let number = ex["example_number"].as_u64().unwrap_or(0);
        let code = ex["code"].as_str().unwrap_or("");
        let out = lyncshell::syntax::parse(code);
        let known = KNOWN_BAD
            .iter()
            .any(|(c, n, _)| *c == cmdlet && *n == number);
        if out.diagnostics.is_empty() {
            passed += 1;
            assert!(!known, "{cmdlet} #{number} is listed as bad but parses");
        } else if !known {
            let rendered = lyncshell::syntax::diagnostics::render(&out.diagnostics, code, None);
            failures.push(format!("{cmdlet} #{number}:\n{code}\n{rendered}"));
        }
    }
    println!("{passed} of {} doc examples parse", examples.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
