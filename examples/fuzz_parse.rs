//! A stable, dependency-free mutation fuzzer for the parser and the interpreter.
//!
//! `cargo run --example fuzz_parse -- SECONDS [SEED] [--parse-only]`
//!
//! Starts from every script of `tests/corpus`, `fixtures/` and the Lync reference examples
//! (`../shared/reference/doc-examples.json` when present), mutates them (byte flips, inserted
//! bytes and tokens, deleted, duplicated and spliced ranges, truncation, deep nesting), and runs
//! each result through `lyncshell::syntax::parse` and then `Engine::run_script` with small
//! limits. A panic is caught, minimised by delta debugging and saved as
//! `fuzz_panic_N.ps1` in the output directory (`$FUZZ_OUT`, default `/tmp`); an input that takes
//! longer than 2 s is saved as `fuzz_slow_N.ps1` (a watchdog reports it even if it never ends,
//! and stops the process after 60 s). Run it from a scratch directory: scripts may write files
//! (the engine keeps them inside the working directory).
//! A debug build is preferable: arithmetic overflow then panics too.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static LAST_PANIC: Mutex<String> = Mutex::new(String::new());
static CURRENT: Mutex<Option<(Instant, String)>> = Mutex::new(None);

const SLOW: Duration = Duration::from_secs(2);

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "ps1" || x == "psm1" || x == "txt")
            && let Ok(s) = std::fs::read_to_string(&p)
        {
            out.push(s);
        }
    }
}

fn doc_examples(root: &Path, out: &mut Vec<String>) {
    for p in [
        root.join("../shared/reference/doc-examples.json"),
        root.join("../../shared/reference/doc-examples.json"),
    ] {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        if let Some(list) = v.get("examples").and_then(|e| e.as_array()) {
            out.extend(
                list.iter()
                    .filter_map(|e| e.get("code").and_then(|c| c.as_str()))
                    .map(str::to_string),
            );
        }
        return;
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that mean something to the tokenizer, including the first bytes of the Unicode dashes
/// and quotes it accepts.
const SPECIAL: &[u8] = b"$@{}()[]\"'`#<>|&;,.:=+-*/%!?\n\r\t 0123456789\xe2\x80\x93\x9c\xc2\xa0";

const TOKENS: &[&str] = &[
    "$null",
    "@()",
    "@{}",
    "[int]",
    "'x'",
    "0",
    "-1",
    "1e308",
    "0x",
    "1..",
    "[int]::MaxValue",
    "$x",
    "$_",
    "${a b}",
    "$env:X",
    "$using:y",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "|",
    ";",
    "\n",
    ",",
    ".",
    "..",
    "::",
    "?.",
    "??",
    "-f",
    "-split",
    "-join",
    "-replace",
    "-eq",
    "-like",
    "*",
    "/",
    "%",
    "+",
    "-",
    "=",
    "+=",
    "++",
    "--",
    "!",
    "-not",
    "$(",
    "@(",
    "\"$x $(1)\"",
    "@\"\n$a\n\"@",
    "@'\nx\n'@",
    "<#",
    "#>",
    "`",
    "--%",
    "2>&1",
    "*>",
    "[string[]]",
    "[Collections.Generic.List[string]]",
    "[Parameter(Mandatory)]",
    "param(",
    "begin {",
    "process {",
    "end {",
    "dynamicparam {",
    "function f",
    "filter g",
    "workflow w",
    "class C {",
    "enum E {",
    "configuration C {",
    "using namespace System",
    "Get-CsUser",
    "-Identity",
    "-Confirm:$false",
    "foreach ($i in 1..3) {",
    "for (;;) {",
    "while ($true) {",
    "do {",
    "} until (1)",
    "break",
    "continue",
    "return",
    "exit",
    "throw",
    "trap {",
    "try {",
    "} catch [Exception] {",
    "} finally {",
    "switch -regex ($x) {",
    "default {",
    "data {",
    "$args",
    "[math]::Pow(2, 64)",
    "'a' * 1000",
    "1..1000",
    "$h = @{a=1}; $h.a.b.c",
    "$a[-100]",
    "&",
    ". ",
    "& {",
    "\u{2013}eq",
    "\u{201c}",
    "\u{2019}",
];

/// Openers for deep nesting.
const NEST: &[&str] = &[
    "(", "{", "$(", "@(", "[", "-", "!", ",", "-not ", "[int]", "\"$(", "@{a=", "if(1){", "& {",
    "$a.", "$a[", "f(",
];

fn mutate(rng: &mut Rng, pool: &[String]) -> Vec<u8> {
    let mut v: Vec<u8> = pool[rng.below(pool.len())].as_bytes().to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = v.len();
        let i = rng.below(len + 1);
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.insert(i, SPECIAL[rng.below(SPECIAL.len())]),
            2 if len > 0 => {
                let j = (i + 1 + rng.below(64)).min(len);
                v.drain(i.min(len)..j.max(i.min(len)));
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(200)).min(len);
                let chunk = v[a..b].to_vec();
                v.splice(i..i, chunk);
            }
            4 => {
                let other = pool[rng.below(pool.len())].as_bytes();
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(400)).min(other.len());
                    v.splice(i..i, other[a..b].iter().copied());
                }
            }
            5 => v.truncate(i),
            6 => {
                let open = NEST[rng.below(NEST.len())];
                let max = if rng.below(4) == 0 { 5000 } else { 150 };
                let n = 1 + rng.below(max);
                let text = open.repeat(n);
                v.splice(i..i, text.bytes());
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(i..i, t.bytes());
            }
        }
    }
    v
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Ok,
    Panic,
    Slow,
}

fn run(src: &str, engine: bool) -> Outcome {
    if let Ok(mut cur) = CURRENT.lock() {
        *cur = Some((Instant::now(), src.to_string()));
    }
    let t = Instant::now();
    let r = catch_unwind(AssertUnwindSafe(|| {
        let out = lyncshell::syntax::parse(src);
        let _ = lyncshell::syntax::diagnostics::render(&out.diagnostics, src, Some("fuzz.ps1"));
        if engine {
            let mut opts = lyncshell::EngineOptions::default();
            opts.limits.max_steps = 5_000;
            opts.limits.max_output = 20_000;
            opts.limits.max_collection = 100_000;
            opts.limits.max_call_depth = 50;
            let mut e = lyncshell::Engine::with_options(opts);
            let _ = e.run_script(src);
        }
    }));
    if let Ok(mut cur) = CURRENT.lock() {
        *cur = None;
    }
    if r.is_err() {
        Outcome::Panic
    } else if t.elapsed() > SLOW {
        Outcome::Slow
    } else {
        Outcome::Ok
    }
}

/// Delta debugging on characters: removes ever smaller chunks while the outcome persists.
fn minimise(src: &str, want: Outcome, engine: bool, budget: usize) -> String {
    let mut cur: Vec<char> = src.chars().collect();
    let mut chunk = (cur.len() / 2).max(1);
    let mut tries = 0;
    while chunk >= 1 && tries < budget {
        let mut i = 0;
        let mut removed = false;
        while i < cur.len() && tries < budget {
            let mut cand = cur.clone();
            cand.drain(i..(i + chunk).min(cur.len()));
            let s: String = cand.iter().collect();
            tries += 1;
            if run(&s, engine) == want {
                cur = cand;
                removed = true;
            } else {
                i += chunk;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    cur.into_iter().collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let engine = !args.iter().any(|a| a == "--parse-only");
    let nums: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let secs = nums.first().copied().unwrap_or(60);
    let seed = nums.get(1).copied().unwrap_or(0x9e37_79b9_7f4a_7c15).max(1);
    let mut rng = Rng(seed);
    let out_dir = PathBuf::from(std::env::var("FUZZ_OUT").unwrap_or_else(|_| "/tmp".into()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pool = Vec::new();
    collect(&root.join("tests/corpus"), &mut pool);
    collect(&root.join("fixtures"), &mut pool);
    doc_examples(root, &mut pool);
    if pool.is_empty() {
        println!("no scripts");
        return;
    }
    println!("{} seed scripts, seed {seed}, engine {engine}", pool.len());
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut m) = LAST_PANIC.lock() {
            *m = info.to_string();
        }
    }));
    {
        let out_dir = out_dir.clone();
        std::thread::spawn(move || {
            let mut reported: Option<Instant> = None;
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let Ok(cur) = CURRENT.lock() else { continue };
                if let Some((start, src)) = cur.as_ref() {
                    let age = start.elapsed();
                    if age > SLOW && reported != Some(*start) {
                        reported = Some(*start);
                        let f = out_dir.join(format!("fuzz_running_{}.ps1", std::process::id()));
                        let _ = std::fs::write(&f, src);
                        println!("slow (still running): {}", f.display());
                    }
                    if age > Duration::from_secs(60) {
                        println!("hang: input left in fuzz_running_*.ps1, stopping");
                        std::process::exit(3);
                    }
                }
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut panics, mut slow) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let bytes = mutate(&mut rng, &pool);
        let src = String::from_utf8_lossy(&bytes).into_owned();
        runs += 1;
        let mut outcome = run(&src, engine);
        if outcome == Outcome::Slow {
            // On a loaded machine a debug build can exceed the budget now and then: only an
            // input that is slow twice in a row counts.
            outcome = run(&src, engine);
        }
        if outcome == Outcome::Ok {
            continue;
        }
        let msg = LAST_PANIC.lock().map(|m| m.clone()).unwrap_or_default();
        let small = minimise(
            &src,
            outcome,
            engine,
            if outcome == Outcome::Slow { 40 } else { 4000 },
        );
        let (kind, n) = if outcome == Outcome::Panic {
            panics += 1;
            ("panic", panics)
        } else {
            slow += 1;
            ("slow", slow)
        };
        let f = out_dir.join(format!("fuzz_{kind}_{seed}_{n}.ps1"));
        let _ = std::fs::write(&f, &small);
        println!(
            "{kind}: {} ({} -> {} bytes){}",
            f.display(),
            src.len(),
            small.len(),
            if outcome == Outcome::Panic {
                format!(": {msg}")
            } else {
                String::new()
            }
        );
    }
    println!("{runs} runs, {panics} panics, {slow} slower than 2 s");
}
