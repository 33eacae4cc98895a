//! Golden tests of `lyncshell plan` and `lyncshell check`, run through the real binary so the
//! exit status is pinned with the output.
//!
//! Every `fixtures/plan/X.ps1` has `X.plan` (the text plan) and `X.json` (`--format json`);
//! every `fixtures/check/X.ps1` has `X.txt` and `X.json`. The first line of each script says
//! the exit status it must produce (`# exit: 2`); a line `# args: …` adds options (e.g.
//! `--state`). Absolute paths of the checkout are written as `<root>/`, so the files do not
//! depend on where the repository lives.
//!
//! `UPDATE_GOLDEN=1 cargo test --test plan_check_golden` rewrites the expected files (as for
//! the golden transcripts) — review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `# exit:` and `# args:` header lines of a fixture.
fn header(script: &Path) -> (i32, Vec<String>) {
    let text = std::fs::read_to_string(script).unwrap_or_default();
    let mut exit = None;
    let mut args = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(v) = line.strip_prefix("# exit:") {
            exit = v.trim().parse().ok();
        } else if let Some(v) = line.strip_prefix("# args:") {
            args.extend(v.split_whitespace().map(str::to_string));
        }
    }
    let Some(exit) = exit else {
        panic!("{}: first lines need '# exit: N'", script.display());
    };
    (exit, args)
}

fn scripts(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ps1"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in {}", dir);
    v
}

/// Runs `lyncshell ARGS` in the checkout; stdout with the checkout's path neutralised, and
/// the exit status.
fn lyncshell(args: &[String]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_lyncshell"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the lyncshell binary runs");
    let prefix = format!("{}/", root().display());
    let text = String::from_utf8_lossy(&out.stdout).replace(&prefix, "<root>/");
    (text, out.status.code().unwrap_or(-1))
}

/// Compares (or, with UPDATE_GOLDEN, rewrites) one expected file; returns a failure text.
fn compare(expected: &Path, got: &str) -> Option<String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Err(e) = std::fs::write(expected, got) {
            return Some(format!("cannot write {}: {}", expected.display(), e));
        }
        return None;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_default();
    if want == got {
        return None;
    }
    let mut diff = format!("--- {} (expected) / got\n", expected.display());
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        match (w.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => {
                diff.push_str(&format!(
                    "{:>4}- {}\n{:>4}+ {}\n",
                    i + 1,
                    a.unwrap_or(&"<none>"),
                    i + 1,
                    b.unwrap_or(&"<none>")
                ));
            }
        }
    }
    Some(diff)
}

fn run_golden(subcommand: &str, dir: &str, text_ext: &str) {
    let mut failures = Vec::new();
    for script in scripts(dir) {
        let (exit, extra) = header(&script);
        let rel = script
            .strip_prefix(root())
            .unwrap_or(&script)
            .to_string_lossy()
            .into_owned();
        for (format, ext) in [("text", text_ext), ("json", "json")] {
            let mut args = vec![subcommand.to_string(), rel.clone()];
            args.extend(extra.iter().cloned());
            args.extend(["--format".to_string(), format.to_string()]);
            let (out, code) = lyncshell(&args);
            if code != exit {
                failures.push(format!(
                    "{} ({}): exit status {}, expected {}\n{}",
                    rel, format, code, exit, out
                ));
            }
            if let Some(f) = compare(&script.with_extension(ext), &out) {
                failures.push(f);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn plan_fixtures() {
    run_golden("plan", "fixtures/plan", "plan");
}

#[test]
fn check_fixtures() {
    run_golden("check", "fixtures/check", "txt");
}

/// The JSON forms parse, and agree with the exit statuses' meaning.
#[test]
fn json_is_well_formed() {
    for script in scripts("fixtures/plan") {
        let (exit, _) = header(&script);
        let text = std::fs::read_to_string(script.with_extension("json")).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&text).expect("plan JSON parses");
        let failed = v["failures"].as_array().map_or(0, Vec::len);
        let changes = v["changes"].as_array().map_or(0, Vec::len);
        let want = if failed > 0 {
            1
        } else if changes > 0 {
            2
        } else {
            0
        };
        assert_eq!(want, exit, "{}", script.display());
    }
    for script in scripts("fixtures/check") {
        let (exit, _) = header(&script);
        let text = std::fs::read_to_string(script.with_extension("json")).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&text).expect("check JSON parses");
        let n = v.as_array().map_or(0, Vec::len);
        assert_eq!(i32::from(n > 0), exit, "{}", script.display());
    }
}
