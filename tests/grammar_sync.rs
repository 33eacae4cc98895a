//! `grammar/powershell.ebnf` has exactly one rule per `fn parse_*` of the parser, and carries
//! a hash of the parser's function list, so changing one without the other fails here.

use std::collections::BTreeSet;

fn parser_functions(src: &str) -> BTreeSet<String> {
    src.split("fn parse_")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then(|| format!("parse_{name}"))
        })
        .collect()
}

fn ebnf_rules(src: &str) -> BTreeSet<String> {
    src.lines()
        .filter_map(|l| {
            let (lhs, _) = l.split_once(" = ")?;
            let lhs = lhs.trim();
            lhs.starts_with("parse_").then(|| lhs.to_string())
        })
        .collect()
}

/// FNV-1a of the sorted rule names, one per line.
fn hash(names: &BTreeSet<String>) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for n in names {
        for b in n.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

#[test]
fn grammar_matches_parser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let parser = std::fs::read_to_string(root.join("src/syntax/parser.rs")).expect("parser.rs");
    let ebnf = std::fs::read_to_string(root.join("grammar/powershell.ebnf")).expect("ebnf");
    let fns = parser_functions(&parser);
    let rules = ebnf_rules(&ebnf);
    let missing: Vec<_> = fns.difference(&rules).collect();
    let extra: Vec<_> = rules.difference(&fns).collect();
    assert!(
        missing.is_empty(),
        "parse functions without an EBNF rule: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "EBNF rules without a parse function: {extra:?}"
    );
    let line = format!("(* parser-hash: {} *)", hash(&fns));
    assert!(
        ebnf.contains(&line),
        "update the hash line of grammar/powershell.ebnf to: {line}"
    );
}
