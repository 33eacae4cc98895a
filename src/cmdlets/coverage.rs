//! COVERAGE.md, derived from the registry (never written by hand).
//!
//! Cmdlets are grouped into noun families. The family key is the noun without its `Cs`
//! prefix, cut after its first CamelCase word (`CsVoicePolicy`, `CsVoiceRoute` → `Voice`;
//! `CsLisSubnet` → `Lis`). When that first word is only a qualifier (`Persistent`, `Dial`,
//! `Address`, …, see [`QUALIFIERS`]) the second word is kept too (`PersistentChat`,
//! `DialPlan`, `AddressBook`). The key is coarse on purpose: it names the unit of work
//! (one `cmdlets/<family>.rs`), not a precise taxonomy.
//!
//! Status per cmdlet: `emulated` when a family module implements it, `generic` when it runs
//! on the generic store of scoped documents, otherwise `binding-only` (the signature is
//! declared, arguments bind, running it reports that it is not emulated).

use super::{CmdletSpec, Module, all, behaviour};

/// First words that do not name a family on their own.
pub const QUALIFIERS: &[&str] = &[
    "Access",
    "Address",
    "Allowed",
    "Blocked",
    "Call",
    "Client",
    "Conference",
    "Device",
    "Dial",
    "External",
    "Hosted",
    "Network",
    "Persistent",
    "Push",
    "Server",
    "Simple",
    "Trusted",
    "Unassigned",
    "User",
    "Web",
];

/// The family key of a noun, e.g. `CsPersistentChatRoom` → `PersistentChat`.
pub fn family_of(noun: &str) -> String {
    let stem = noun.strip_prefix("Cs").unwrap_or(noun);
    let words = camel_words(stem);
    match words.as_slice() {
        [] => stem.to_string(),
        [first, second, ..] if QUALIFIERS.contains(first) => format!("{first}{second}"),
        [first, ..] => (*first).to_string(),
    }
}

fn camel_words(s: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if k == 0 || !c.is_ascii_uppercase() {
            continue;
        }
        // An uppercase letter starts a word unless it continues an acronym (`XMPP`, `IM`)
        // that is not followed by a lowercase letter.
        let prev_upper = chars
            .get(k - 1)
            .is_some_and(|(_, p)| p.is_ascii_uppercase());
        let next_lower = chars
            .get(k + 1)
            .is_some_and(|(_, n)| n.is_ascii_lowercase());
        if !prev_upper || next_lower {
            words.push(&s[start..i]);
            start = i;
        }
    }
    if start < s.len() {
        words.push(&s[start..]);
    }
    words
}

/// Implementation status of one cmdlet.
pub fn status(spec: &CmdletSpec) -> &'static str {
    match behaviour(spec.name) {
        Some(b) if b.generic => "generic",
        Some(_) => "emulated",
        None => "binding-only",
    }
}

/// The full text of COVERAGE.md.
pub fn render() -> String {
    let mut families: Vec<(String, Vec<&'static CmdletSpec>)> = Vec::new();
    for spec in all() {
        let key = family_of(spec.noun);
        match families.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(spec),
            None => families.push((key, vec![spec])),
        }
    }
    families.sort_by_key(|(key, _)| key.to_ascii_lowercase());

    let total = all().count();
    let lync = all().filter(|c| c.module == Module::Lync).count();
    let count = |st: &str| all().filter(|c| status(c) == st).count();
    let (emulated, generic) = (count("emulated"), count("generic"));

    let mut out = String::new();
    out.push_str("# Cmdlet coverage\n\n");
    out.push_str(
        "Generated from the cmdlet registry by `tests/coverage.rs`; do not edit by hand.\n",
    );
    out.push_str("Regenerate with `UPDATE_COVERAGE=1 cargo test --test coverage`.\n\n");
    out.push_str(
        "`emulated`: behaviour of its own. `generic`: runs on the generic store of scoped \
         configuration and policy documents. `binding-only`: the signature is declared and \
         arguments bind, but running the cmdlet reports that it is not emulated.\n\n",
    );
    out.push_str(&format!(
        "**Totals:** {total} cmdlets ({lync} Lync Server 2013, {} Lync Online) in {} families; \
         {emulated} emulated, {generic} generic, {} binding-only.\n\n",
        total - lync,
        families.len(),
        total - emulated - generic
    ));
    out.push_str("| Family | Cmdlets | Emulated | Generic |\n|---|---:|---:|---:|\n");
    for (key, list) in &families {
        let n = |st: &str| list.iter().filter(|c| status(c) == st).count();
        out.push_str(&format!(
            "| {key} | {} | {} | {} |\n",
            list.len(),
            n("emulated"),
            n("generic")
        ));
    }
    for (key, list) in &families {
        out.push_str(&format!(
            "\n## {key}\n\n| Cmdlet | Module | Status |\n|---|---|---|\n"
        ));
        for spec in list {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                spec.name,
                spec.module.display_name(),
                status(spec)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        assert_eq!(family_of("CsVoicePolicy"), "Voice");
        assert_eq!(family_of("CsPersistentChatRoom"), "PersistentChat");
        assert_eq!(family_of("CsDialPlan"), "DialPlan");
        assert_eq!(family_of("CsXmppIM"), "Xmpp");
        assert_eq!(family_of("CsIM"), "IM");
        assert_eq!(family_of("CsUser"), "User");
        assert_eq!(family_of("CsUserReplicatorConfiguration"), "UserReplicator");
        assert_eq!(family_of("CsASConference"), "AS");
    }
}
