//! Golden corpus: `tests/corpus/ok/*` parse cleanly; `tests/corpus/errors/*.ps1` produce
//! exactly the rendered diagnostics of their sibling `.err` file (`UPDATE_GOLDEN=1` rewrites).

use std::path::{Path, PathBuf};

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "ps1" || e == "psm1" || e == "psd1")
    });
    out.sort();
    out
}

#[test]
fn ok_corpus_parses_without_diagnostics() {
    let mut failures = Vec::new();
    let all = files("ok");
    assert!(all.len() >= 10, "corpus missing");
    for f in &all {
        let src = std::fs::read_to_string(f).expect("readable corpus file");
        let out = lyncshell::syntax::parse(&src);
        if !out.diagnostics.is_empty() {
            let origin = f.display().to_string();
            failures.push(lyncshell::syntax::diagnostics::render(
                &out.diagnostics,
                &src,
                Some(&origin),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_corpus_matches_golden() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for f in files("errors") {
        let src = std::fs::read_to_string(&f).expect("readable corpus file");
        let out = lyncshell::syntax::parse(&src);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let got = lyncshell::syntax::diagnostics::render(&out.diagnostics, &src, Some(&name));
        let golden = f.with_extension("err");
        if update {
            std::fs::write(&golden, &got).expect("writable golden file");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}\nexpected:\n```\n{want}```\ngot:\n```\n{got}```",
                f.display()
            ));
        }
        assert!(
            !out.diagnostics.is_empty(),
            "{} has no diagnostic",
            f.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
