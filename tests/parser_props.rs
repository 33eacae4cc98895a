//! The parser never panics, never hangs and always returns a tree, whatever the input; deep
//! nesting yields the "too complex" diagnostic instead of a stack overflow.

use proptest::prelude::*;

/// The corpus, read once: reading it again for every case made `corpus_mutations` spend its
/// time in file I/O (30,000 cases did not finish in 40 s).
fn corpus() -> &'static [String] {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/ok");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

const TOKENS: &[&str] = &[
    "$x",
    "${a b}",
    "@x",
    "@(",
    "@{",
    "$(",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "[int]",
    "'s'",
    "\"d $x\"",
    "@'\n",
    "\n'@",
    "@\"\n",
    "\n\"@",
    "`",
    "`\n",
    "#c\n",
    "<#",
    "#>",
    "|",
    "||",
    "&&",
    "&",
    ".",
    "..",
    "::",
    ",",
    ";",
    "\n",
    " ",
    "-eq",
    "-not",
    "-",
    "--",
    "--%",
    "+",
    "++",
    "=",
    "+=",
    "?",
    "??",
    "?.",
    ":",
    ":lbl",
    "if",
    "else",
    "elseif",
    "foreach",
    "in",
    "for",
    "while",
    "do",
    "until",
    "switch",
    "default",
    "function",
    "param",
    "begin",
    "process",
    "end",
    "try",
    "catch",
    "finally",
    "trap",
    "class",
    "enum",
    "data",
    "using",
    "return",
    "break",
    "2>&1",
    ">",
    ">>",
    "1e5",
    "0x1F",
    "10kb",
    "Get-CsUser",
    "-Identity",
    "-Name:",
    "site:Redmond",
    "*.contoso.com",
    "–",
    "“",
    "‘",
];

fn check(src: &str) {
    let out = lyncshell::syntax::parse(src);
    // Spans stay inside the source.
    for d in &out.diagnostics {
        assert!(d.span.end as usize <= src.len() + 1, "{d:?}");
    }
    let _ = lyncshell::syntax::diagnostics::render(&out.diagnostics, src, Some("x.ps1"));
}

proptest! {
    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup(idx in proptest::collection::vec(0..TOKENS.len(), 0..80)) {
        let src: String = idx.iter().filter_map(|&i| TOKENS.get(i).copied()).collect::<Vec<_>>().join(" ");
        check(&src);
        let tight: String = idx.iter().filter_map(|&i| TOKENS.get(i).copied()).collect();
        check(&tight);
    }

    #[test]
    fn corpus_mutations(file in 0usize..64, edits in proptest::collection::vec((any::<u16>(), 0u8..3, any::<u8>()), 1..8)) {
        let files = corpus();
        prop_assume!(!files.is_empty());
        let mut text: Vec<char> = files[file % files.len()].chars().collect();
        for (at, kind, b) in edits {
            if text.is_empty() { break; }
            let i = at as usize % text.len();
            match kind {
                0 => { text.remove(i); }
                1 => text.insert(i, char::from(b % 96 + 32)),
                _ => { let c = text[i]; text.insert(i, c); }
            }
        }
        check(&text.into_iter().collect::<String>());
    }
}

fn deep(unit: &str, close: &str) {
    let n = 100_000;
    let src = format!("{}1{}", unit.repeat(n), close.repeat(n));
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || lyncshell::syntax::parse(&src).diagnostics)
        .expect("thread");
    let diags = handle.join().expect("no stack overflow or panic");
    assert!(
        diags.iter().any(|d| d.id == "ScriptTooComplicated"),
        "{unit}: {:?}",
        diags.first()
    );
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    deep("(", ")");
    deep("{", "}");
    deep("-", "");
    deep("!", "");
    deep("\"$(", ")\"");
    deep("@(", ")");
    deep("[int]", "");
    deep("$x.a(", ")");
    deep("if (1) {", "}");
    deep("@{a=", "}");
}

#[test]
fn nesting_under_the_limit_parses() {
    let src = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    let out = lyncshell::syntax::parse(&src);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}
