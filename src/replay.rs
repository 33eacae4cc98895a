//! Replay tests: every `X.ps1` with an `X.out` beside it runs on a fresh engine; the
//! interleaved output and error text must equal `X.out`, and when `X.after.json` exists the
//! final deployment must equal it. Used by `lyncshell test DIR` and by the crate's own
//! golden-transcript test.
//!
//! A script chooses its starting deployment with an opening comment `# deployment: NAME`
//! (`default` — the built-in Litware one, also used when absent —, `small`, or a JSON file
//! path relative to the script), and may set `# culture: zh-TW` (as `--culture`),
//! `# confirm: no` (as `--confirm no`) and `# credential: USER` (as `--credential USER`).

use std::path::{Path, PathBuf};

use crate::engine::{Engine, EngineOptions};
use crate::model::Deployment;

/// The result of one script.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub script: PathBuf,
    /// `None` when it passed; otherwise a readable explanation with a diff.
    pub failure: Option<String>,
}

/// Results of a directory.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cases: Vec<CaseResult>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.failure.is_none()).count()
    }

    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }

    /// The closing line: `N passed, M failed`.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Every `*.ps1` under `dir` (recursively, sorted) that has an `.out` beside it.
pub fn collect(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "ps1") && p.with_extension("out").exists() {
            out.push(p);
        }
    }
}

/// A `# key: value` setting among the comment lines that open a script.
fn header(src: &str, key: &str) -> Option<String> {
    src.lines()
        .map(str::trim)
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.trim_start_matches('#').split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(key)
                .then(|| v.trim().to_string())
        })
        .next()
}

/// The deployment a script asks for in its opening comments.
pub fn starting_deployment(script: &Path, src: &str) -> Result<Deployment, String> {
    let name = header(src, "deployment");
    match name.as_deref() {
        None | Some("default") | Some("litware") => Ok(Deployment::litware()),
        Some("small") => Ok(crate::model::default::small()),
        Some(file) => {
            let path = script.parent().unwrap_or(Path::new(".")).join(file);
            crate::state::load(&path).map_err(|e| e.to_string())
        }
    }
}

/// Runs one script; `origin` is the path shown in error positions.
pub fn run_case(script: &Path, origin: &str, update: bool) -> CaseResult {
    let fail = |msg: String| CaseResult {
        script: script.to_path_buf(),
        failure: Some(msg),
    };
    let src = match std::fs::read_to_string(script) {
        Ok(s) => s,
        Err(e) => return fail(format!("cannot read the script: {}", e)),
    };
    let deployment = match starting_deployment(script, &src) {
        Ok(d) => d,
        Err(e) => return fail(format!("cannot load its deployment: {}", e)),
    };
    let mut engine = Engine::with_deployment(deployment, EngineOptions::default());
    // Scripts write files in a scratch copy of their directory, never in the fixtures.
    let scratch = scratch_dir(script);
    engine.set_workdir(scratch.clone());
    // `# culture: zh-TW` runs the script as `--culture zh-TW` would.
    if let Some(c) =
        header(&src, "culture").and_then(|c| crate::runtime::interp::Culture::parse(&c))
    {
        engine.set_culture(c);
    }
    // `# confirm: no` answers confirmation prompts as `--confirm no` does.
    if let Some(c) = header(&src, "confirm") {
        engine.set_confirm_default(!c.trim().eq_ignore_ascii_case("no"));
    }
    if let Some(u) = header(&src, "credential") {
        engine.set_credential(Some(u.trim().to_string()));
    }
    let outcome = engine.run_file(origin, &src);
    if let Some(dir) = &scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let out_path = script.with_extension("out");
    let after_path = script.with_extension("after.json");
    if update {
        let mut problems = Vec::new();
        if let Err(e) = std::fs::write(&out_path, &outcome.transcript) {
            problems.push(format!("cannot write {}: {}", out_path.display(), e));
        }
        if after_path.exists()
            && let Err(e) = crate::state::save(&after_path, engine.deployment())
        {
            problems.push(e.to_string());
        }
        return CaseResult {
            script: script.to_path_buf(),
            failure: (!problems.is_empty()).then(|| problems.join("\n")),
        };
    }
    let expected = std::fs::read_to_string(&out_path).unwrap_or_default();
    let mut failures = Vec::new();
    if expected != outcome.transcript {
        failures.push(format!(
            "output differs from {} (- expected, + got):\n{}",
            out_path.display(),
            line_diff(&expected, &outcome.transcript)
        ));
    }
    if after_path.exists() {
        match crate::state::load(&after_path) {
            Ok(want) => {
                let changes = crate::plan::diff(&want, engine.deployment());
                if !changes.is_empty() {
                    let plan = crate::plan::Plan {
                        changes,
                        failures: Vec::new(),
                    };
                    failures.push(format!(
                        "final deployment differs from {} (changes from expected to got):\n{}",
                        after_path.display(),
                        plan.render()
                    ));
                }
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    CaseResult {
        script: script.to_path_buf(),
        failure: (!failures.is_empty()).then(|| failures.join("\n")),
    }
}

/// A fresh directory holding copies of the data files beside `script` (not scripts or
/// expected outputs), used as the script's sandbox.
fn scratch_dir(script: &Path) -> Option<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "lyncshell-replay-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).ok()?;
    if let Some(src) = script.parent()
        && let Ok(entries) = std::fs::read_dir(src)
    {
        for e in entries.filter_map(|e| e.ok()) {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let skip =
                name.ends_with(".ps1") || name.ends_with(".out") || name.ends_with(".after.json");
            if p.is_file() && !skip {
                let _ = std::fs::copy(&p, dir.join(name));
            }
        }
    }
    Some(dir)
}

/// Runs every case under `dir`; origins are paths relative to `base`.
pub fn run_dir(dir: &Path, base: &Path, update: bool) -> Report {
    let mut report = Report::default();
    for script in collect(dir) {
        let origin = script
            .strip_prefix(base)
            .unwrap_or(&script)
            .to_string_lossy()
            .replace('\\', "/");
        report.cases.push(run_case(&script, &origin, update));
    }
    report
}

/// A line diff (longest common subsequence) with `-`/`+`/` ` prefixes; long runs of equal
/// lines are elided.
pub fn line_diff(expected: &str, got: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > 4_000_000 {
        return format!("--- expected\n{}+++ got\n{}", expected, got);
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else if j < m {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    let mut out = String::new();
    for (k, (c, l)) in lines.iter().enumerate() {
        let near = lines[k.saturating_sub(2)..(k + 3).min(lines.len())]
            .iter()
            .any(|(c, _)| *c != ' ');
        if *c != ' ' || near {
            let text = l.strip_suffix('\n').unwrap_or(l);
            out.push_str(&format!("{}{}\n", c, text));
        } else if out.ends_with("...\n") {
        } else {
            out.push_str("...\n");
        }
    }
    if !expected.ends_with('\n') || !got.ends_with('\n') {
        out.push_str("(a file does not end with a newline)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_changed_lines() {
        let d = line_diff("a\nb\nc\n", "a\nB\nc\n");
        assert!(d.contains("-b\n+B\n"), "{}", d);
    }

    #[test]
    fn first_line_picks_the_deployment() {
        let d = starting_deployment(Path::new("x.ps1"), "# deployment: small\nGet-CsUser\n");
        assert!(d.is_ok_and(|d| d.users.len() < 10));
    }
}
