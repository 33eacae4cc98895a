//! Runs mutated corpus and scenario scripts through the interpreter with small limits and
//! reports inputs that panic. `cargo run --release --example engine_smoke -- SECONDS [SEED]`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

fn scripts(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            scripts(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "ps1" || x == "psm1" || x == "txt")
            && let Ok(s) = std::fs::read_to_string(&p)
        {
            out.push(s);
        }
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

const SNIPPETS: &[&str] = &[
    "$null",
    "@()",
    "@{}",
    "[int]",
    "'x'",
    "0",
    "-1",
    "1e308",
    "[int]::MaxValue",
    "$x",
    "$_",
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
    "-f",
    "-split",
    "-join",
    "-replace",
    "*",
    "/",
    "%",
    "+",
    "-",
    "=",
    "+=",
    "++",
    "!",
    "-not",
    "$(",
    "@(",
    "\"$x\"",
    "[string]",
    "[char]",
    "[datetime]",
    "[regex]",
    "Get-CsUser",
    "-Identity",
    "foreach ($i in 1..3) {",
    "while ($true) {",
    "break",
    "continue",
    "return",
    "throw",
    "trap {",
    "switch (1) {",
    "$args",
    "[math]::Pow(2, 64)",
    "'a' * 1000",
    "1..1000",
    "$h = @{a=1}; $h.a.b.c",
    "$a[-100]",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let secs: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let mut rng = Rng(args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pool = Vec::new();
    scripts(&root.join("tests/corpus/ok"), &mut pool);
    scripts(&root.join("fixtures/scenarios"), &mut pool);
    if pool.is_empty() {
        println!("no scripts");
        return;
    }
    std::panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut panics, mut slow) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let base = &pool[rng.below(pool.len())];
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..1 + rng.below(6) {
            if text.is_empty() {
                break;
            }
            let i = rng.below(text.len());
            match rng.below(4) {
                0 => {
                    text.remove(i);
                }
                1 => text.insert(i, char::from(32 + rng.below(95) as u8)),
                2 => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    for (k, c) in s.chars().enumerate() {
                        text.insert(i + k, c);
                    }
                }
                _ => {
                    let j = rng.below(text.len());
                    text.swap(i, j);
                }
            }
        }
        let src: String = text.into_iter().collect();
        let mut opts = lyncshell::EngineOptions::default();
        opts.limits.max_steps = 20_000;
        opts.limits.max_output = 20_000;
        opts.limits.max_collection = 100_000;
        opts.limits.max_call_depth = 50;
        // The input being run, so that a hang can be found after killing the process.
        let _ = std::fs::write("/tmp/engine_current.ps1", &src);
        let t = Instant::now();
        let r = catch_unwind(AssertUnwindSafe(|| {
            let mut e = lyncshell::Engine::with_options(opts);
            let _ = e.run_script(&src);
        }));
        runs += 1;
        if t.elapsed() > Duration::from_secs(2) {
            slow += 1;
            let _ = std::fs::write(format!("/tmp/engine_slow_{slow}.ps1"), &src);
        }
        if let Err(p) = r {
            panics += 1;
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let file = format!("/tmp/engine_panic_{panics}.ps1");
            let _ = std::fs::write(&file, &src);
            println!("panic: {msg} ({file})");
        }
    }
    println!("{runs} runs, {panics} panics, {slow} slower than 2 s");
}
