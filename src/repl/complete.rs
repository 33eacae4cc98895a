//! Tab completion for the REPL: command names, parameter names (with the common ones), enum
//! values, `$true`/`$false`, variables and identities from the live deployment. Everything is
//! derived from the signatures the binder uses, so completion never disagrees with binding.

use crate::model::{Deployment, Identity};
use crate::runtime::binder::{PType, ParamDef, Signature};
use crate::runtime::commands;
use crate::runtime::interp::Interp;

/// Common parameters offered after `-` (their order in PowerShell's completion list).
const COMMON: &[&str] = &[
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "ErrorVariable",
    "WarningVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
];

/// Where the identities offered for a parameter's value come from, read from the live
/// deployment at completion time (so a provider created a moment ago completes at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identities {
    /// Users: SIP addresses (the UPN of accounts not enabled for Lync) and display names.
    Users,
    /// The identities of the documents of one kind (`Global`, `Site:Redmond`, `Tag:Sales`,
    /// provider and domain names); `global` adds `Global`, which every scoped kind has.
    Documents { kind: String, global: bool },
    /// The tag policies of one kind, by bare name (`Grant-CsClientPolicy -PolicyName`).
    PolicyNames { kind: String },
    /// Every scope of the deployment: `Global`, its sites and services, and the tags in use.
    Scopes,
    /// Sites by name (`Get-CsSite`).
    Sites,
    /// Services as `Role:PoolFqdn` (`Get-CsService`).
    Services,
    /// Pool FQDNs; with `providers`, also the hosting providers' proxy FQDNs
    /// (`Move-CsUser -Target sipfed.online.lync.com`).
    Pools { providers: bool },
    /// Computer FQDNs.
    Computers,
}

impl Identities {
    /// What to offer for `param` of `command`; the catalog cmdlet's noun names the kind of
    /// document (`Set-CsHostingProvider -Identity` offers hosting providers).
    pub fn for_parameter(command: &str, param: &ParamDef) -> Option<Identities> {
        let noun = crate::cmdlets::lookup(command).map(|s| s.noun);
        let kind = noun.map(|n| n.strip_prefix("Cs").unwrap_or(n).to_string());
        let mut ty = &param.ty;
        while let PType::Array(inner) | PType::ListModifier(inner) = ty {
            ty = inner;
        }
        let name = param.name.as_str();
        match ty {
            PType::Identity(t) if t == "UserIdParameter" => Some(Identities::Users),
            PType::Identity(t) if t.starts_with("Xds") => Some(match kind.as_deref() {
                Some("Site") => Identities::Sites,
                Some("Service") => Identities::Services,
                Some("Pool") => Identities::Pools { providers: false },
                Some("Computer") => Identities::Computers,
                Some(k) if name.eq_ignore_ascii_case("Identity") => Identities::Documents {
                    kind: k.to_string(),
                    global: t == "XdsIdentity",
                },
                _ => Identities::Scopes,
            }),
            PType::Identity(t) if t == "Fqdn" => {
                if name.eq_ignore_ascii_case("DomainController") {
                    None
                } else if name.to_ascii_lowercase().contains("computer") {
                    Some(Identities::Computers)
                } else {
                    Some(Identities::Pools {
                        providers: name.eq_ignore_ascii_case("Target"),
                    })
                }
            }
            PType::String if name.eq_ignore_ascii_case("PolicyName") => {
                kind.map(|kind| Identities::PolicyNames { kind })
            }
            _ => None,
        }
    }

    /// Appends the identities matching `word` (case-insensitive prefix or wildcard),
    /// unquoted: at most [`MAX_IDENTITIES`] of them, plus the few further ones needed so that
    /// their common prefix is that of every match (the line editor inserts that prefix, which
    /// must not exclude a match that was left out).
    pub fn collect(&self, d: &Deployment, word: &str, out: &mut Vec<String>) {
        let mut sink = Capped {
            out,
            kept: 0,
            lcp: None,
            typed: word.len(),
        };
        self.gather(d, word, &Matcher::new(word), &mut sink);
    }

    fn gather(&self, d: &Deployment, word: &str, m: &Matcher, sink: &mut Capped<'_>) {
        let mut offer = |c: &str| {
            if m.hit(c) {
                sink.push(c);
            }
        };
        match self {
            Identities::Users => {
                let scheme = word.len() >= 4 && word.as_bytes()[..4].eq_ignore_ascii_case(b"sip:");
                for u in d.users.iter() {
                    if sink.full() {
                        break;
                    }
                    match &u.sip_address {
                        Some(sip) => {
                            let bare = sip.get(4..).unwrap_or("");
                            if m.hit(sip) || (!scheme && m.hit(bare)) {
                                sink.push(sip);
                            }
                        }
                        None if !scheme && m.hit(&u.user_principal_name) => {
                            sink.push(&u.user_principal_name)
                        }
                        None => {}
                    }
                    if !scheme && m.hit(&u.display_name) {
                        sink.push(&u.display_name);
                    }
                }
            }
            Identities::Documents { kind, global } => {
                let docs = d.cms.list(kind);
                if docs.is_empty() && *global {
                    return Identities::Scopes.gather(d, word, m, sink);
                }
                if *global && !docs.iter().any(|x| x.identity == Identity::Global) {
                    offer("Global");
                }
                let scoped = word.contains(':');
                for doc in docs {
                    match &doc.identity {
                        // A bare name means tag: for policies; `tag:` typed keeps the prefix.
                        Identity::Tag(n) if !scoped => offer(n),
                        other => offer(&other.to_string()),
                    }
                }
            }
            Identities::PolicyNames { kind } => {
                for doc in d.cms.list(kind) {
                    if let Identity::Tag(n) = &doc.identity {
                        offer(n);
                    }
                }
            }
            Identities::Scopes => {
                offer("Global");
                for s in &d.topology.sites {
                    offer(&format!("Site:{}", s.name));
                }
                for s in &d.topology.services {
                    offer(&format!("Service:{}", s.identity()));
                }
                let mut tags: Vec<String> = d
                    .cms
                    .documents()
                    .kinds()
                    .flat_map(|k| d.cms.list(k))
                    .filter_map(|doc| match &doc.identity {
                        Identity::Tag(_) => Some(doc.identity.to_string()),
                        _ => None,
                    })
                    .collect();
                tags.sort();
                tags.dedup();
                tags.iter().for_each(|t| offer(t));
            }
            Identities::Sites => d.topology.sites.iter().for_each(|s| offer(&s.name)),
            Identities::Services => d
                .topology
                .services
                .iter()
                .for_each(|s| offer(&s.identity())),
            Identities::Pools { providers } => {
                d.topology.pools.iter().for_each(|p| offer(&p.fqdn));
                if *providers {
                    for doc in d.cms.list(crate::model::kinds::HOSTING_PROVIDER) {
                        if let Some((_, crate::model::PropValue::Str(v))) = doc.get_ci("ProxyFqdn")
                        {
                            offer(v);
                        }
                    }
                }
            }
            Identities::Computers => d.topology.computers.iter().for_each(|c| offer(&c.fqdn)),
        }
    }
}

/// A completion: where the replaced word starts and the candidates, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// At most this many identities are offered for one Tab (a large deployment has 100,000
/// users); typing more of the name narrows the list.
pub const MAX_IDENTITIES: usize = 200;

/// A typed word prepared once for matching many candidates: a case-insensitive prefix, or a
/// wildcard pattern (with an implied trailing `*`).
struct Matcher {
    wildcard: Option<crate::cmdlets::WildcardPattern>,
    prefix: String,
}

impl Matcher {
    fn new(word: &str) -> Matcher {
        let wildcard = word.contains(['*', '?']).then(|| {
            let p = if word.ends_with('*') {
                word.to_string()
            } else {
                format!("{}*", word)
            };
            crate::cmdlets::WildcardPattern::new(&p)
        });
        Matcher {
            wildcard,
            prefix: word.to_string(),
        }
    }

    fn hit(&self, candidate: &str) -> bool {
        match &self.wildcard {
            Some(w) => w.matches(candidate),
            None => candidate
                .as_bytes()
                .get(..self.prefix.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(self.prefix.as_bytes())),
        }
    }
}

/// Case-insensitive prefix or wildcard match.
fn matches(pattern: &str, candidate: &str) -> bool {
    Matcher::new(pattern).hit(candidate)
}

/// Collects matches up to [`MAX_IDENTITIES`], always keeping a match that shortens the
/// common prefix of all matches seen so far.
struct Capped<'o> {
    out: &'o mut Vec<String>,
    kept: usize,
    lcp: Option<String>,
    /// The length of the typed word: a common prefix no longer than it inserts nothing.
    typed: usize,
}

impl Capped<'_> {
    /// True when further matches can change nothing: the list is full and the common prefix
    /// is already no longer than what was typed.
    fn full(&self) -> bool {
        self.kept >= MAX_IDENTITIES && self.lcp.as_ref().is_some_and(|l| l.len() <= self.typed)
    }

    fn push(&mut self, c: &str) {
        let shortens = match &mut self.lcp {
            None => {
                self.lcp = Some(c.to_string());
                false
            }
            Some(l) => {
                let n = l
                    .char_indices()
                    .zip(c.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(l.len().min(c.len()), |((i, _), _)| i);
                let shorter = n < l.len();
                l.truncate(n);
                shorter
            }
        };
        if self.kept < MAX_IDENTITIES || shortens {
            self.kept += 1;
            self.out.push(c.to_string());
        }
    }
}

/// Characters that end a word for completion purposes.
fn is_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | ';' | '(' | ')' | '{' | '}' | '=' | ',')
}

/// All command names: built-ins, aliases, functions and the Lync catalog.
pub fn command_names(it: &Interp) -> Vec<String> {
    let mut names: Vec<String> = crate::runtime::builtins::names()
        .map(str::to_string)
        .collect();
    names.extend(commands::ALIASES.iter().map(|(a, _)| a.to_string()));
    names.extend(it.aliases.keys().cloned());
    names.extend(it.scopes.functions().iter().map(|f| f.name.clone()));
    names.extend(crate::cmdlets::all().map(|c| c.name.to_string()));
    names
}

/// Where the word being completed starts: after the last break character, or at an opening
/// quote that is not closed yet (`-Identity 'Ken My`).
fn word_start(before: &str) -> usize {
    let mut quote: Option<(usize, char)> = None;
    for (i, c) in before.char_indices() {
        match quote {
            Some((_, q)) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some((i, c)),
            None => {}
        }
    }
    if let Some((i, _)) = quote {
        return i;
    }
    before
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

/// A value as it must be typed: quoted when it holds blanks or PowerShell's special
/// characters, or when the user opened a quote.
fn quoted(value: &str, quote: Option<char>) -> String {
    let special = value.starts_with(['@', '#', '-'])
        || value
            .chars()
            .any(|c| c.is_whitespace() || "'\"`$,;|&(){}<>".contains(c));
    match quote {
        Some('"') => format!("\"{}\"", value.replace('"', "`\"")),
        Some(_) => format!("'{}'", value.replace('\'', "''")),
        None if special => format!("'{}'", value.replace('\'', "''")),
        None => value.to_string(),
    }
}

/// The parameter `name` designates: its exact name or alias, or a unique prefix.
fn find_param<'s>(sig: &'s Signature, name: &str) -> Option<&'s ParamDef> {
    let exact = sig.params.iter().find(|p| {
        p.name.eq_ignore_ascii_case(name) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    });
    if exact.is_some() {
        return exact;
    }
    let mut prefixed = sig
        .params
        .iter()
        .filter(|p| matches(name, &p.name) && !name.contains(['*', '?']));
    match (prefixed.next(), prefixed.next()) {
        (Some(p), None) => Some(p),
        _ => None,
    }
}

/// Completes `line` at byte offset `pos`, reading identities from the session's deployment.
pub fn complete(it: &mut Interp, line: &str, pos: usize) -> Completion {
    let mut pos = pos.min(line.len());
    while !line.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &line[..pos];
    let start = word_start(before);
    let word = &before[start..];
    let quote = word.chars().next().filter(|c| *c == '\'' || *c == '"');
    let bare = quote.map_or(word, |q| &word[q.len_utf8()..]);
    // The current pipeline segment and its words before the word being completed.
    let seg_start = before[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '|' | ';' | '{' | '('))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let segment = &before[seg_start..start];
    let words: Vec<&str> = segment.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    if let Some(var) = word.strip_prefix('$') {
        let mut names: Vec<String> = it.scopes.visible().into_iter().map(|(n, _)| n).collect();
        names.extend(["true", "false", "null"].map(String::from));
        for n in names {
            if matches(var, &n) {
                out.push(format!("${}", n));
            }
        }
    } else if words.is_empty() {
        for n in command_names(it) {
            if matches(word, &n) {
                out.push(n);
            }
        }
    } else if let Some(sig) = commands::signature_for(it, words[0]) {
        let command = commands::resolve_alias(it, words[0]).unwrap_or_else(|| words[0].to_string());
        let value_of = |param: &ParamDef, out: &mut Vec<String>| {
            for v in fixed_values(&param.ty) {
                if matches(bare, &v) {
                    out.push(v);
                }
            }
            if let Some(ids) = Identities::for_parameter(&command, param) {
                let mut found = Vec::new();
                ids.collect(&it.deployment, bare, &mut found);
                out.extend(found.iter().map(|v| quoted(v, quote)));
            }
        };
        if let Some(p) = word.strip_prefix('-') {
            let (name, _) = p.split_once(':').unwrap_or((p, ""));
            for c in parameter_names(&sig) {
                if matches(name, &c) {
                    out.push(format!("-{}", c));
                }
            }
        } else if let Some(prev) = words.last().and_then(|w| w.strip_prefix('-')) {
            if let Some(param) = find_param(&sig, prev) {
                value_of(param, &mut out);
            }
        } else if words.len() == 1 {
            // A positional identity (`Get-CsUser sip:…`).
            if let Some(first) = sig
                .params
                .iter()
                .filter_map(|p| {
                    p.sets
                        .iter()
                        .filter_map(|s| s.position)
                        .min()
                        .map(|n| (n, p))
                })
                .min_by_key(|(n, _)| *n)
                .map(|(_, p)| p)
            {
                value_of(first, &mut out);
            }
        }
    }
    out.sort_by_cached_key(|a| a.to_ascii_lowercase());
    out.dedup();
    Completion {
        start,
        candidates: out,
    }
}

/// Parameter names of a signature, then the common ones.
pub fn parameter_names(sig: &Signature) -> Vec<String> {
    let mut v: Vec<String> = sig.params.iter().map(|p| p.name.clone()).collect();
    if sig.cmdlet_binding {
        v.extend(COMMON.iter().map(|s| s.to_string()));
        if sig.should_process {
            v.push("WhatIf".into());
            v.push("Confirm".into());
        }
    }
    v
}

/// The fixed words a parameter type takes: enum names and the Boolean constants.
fn fixed_values(ty: &PType) -> Vec<String> {
    match ty {
        PType::Enum { names, .. } => names.clone(),
        PType::Bool | PType::ScriptBool | PType::Switch => vec!["$true".into(), "$false".into()],
        PType::Array(inner) | PType::ListModifier(inner) => fixed_values(inner),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::Engine;

    fn complete(line: &str) -> Vec<String> {
        let mut e = Engine::new();
        e.complete(line, line.len()).candidates
    }

    #[test]
    fn command_names_case_insensitive_and_wildcards() {
        let c = complete("get-csaccessedge");
        assert_eq!(c, vec!["Get-CsAccessEdgeConfiguration".to_string()]);
        let c = complete("*HostingProv");
        assert!(c.contains(&"New-CsHostingProvider".to_string()), "{:?}", c);
        assert!(complete("where-o").contains(&"Where-Object".to_string()));
    }

    #[test]
    fn parameter_names_include_common_ones() {
        let c = complete("Set-CsAccessEdgeConfiguration -AllowF");
        assert_eq!(c, vec!["-AllowFederatedUsers".to_string()]);
        let c = complete("Set-CsAccessEdgeConfiguration -Wh");
        assert_eq!(c, vec!["-WhatIf".to_string()]);
        let c = complete("Get-CsUser | Move-CsUser -Targ");
        assert_eq!(c, vec!["-Target".to_string()]);
    }

    #[test]
    fn enum_values_and_booleans() {
        let c = complete("New-CsHostingProvider -VerificationLevel Use");
        assert_eq!(c, vec!["UseSourceVerification".to_string()]);
        let c = complete("Set-CsAccessEdgeConfiguration -AllowFederatedUsers $t");
        assert_eq!(c, vec!["$true".to_string()]);
    }

    fn complete_in(e: &mut Engine, line: &str) -> Vec<String> {
        e.complete(line, line.len()).candidates
    }

    #[test]
    fn users_by_sip_address_and_display_name() {
        let c = complete("Get-CsUser -Identity sip:kenm");
        assert_eq!(c, vec!["sip:kenmyer@litwareinc.com".to_string()]);
        // Without the scheme, and positionally.
        let c = complete("Get-CsUser kenm");
        assert_eq!(c, vec!["sip:kenmyer@litwareinc.com".to_string()]);
        // Display names are quoted; an opened quote is kept.
        let c = complete("Move-CsUser -Identity Ken");
        assert!(c.contains(&"'Ken Myer'".to_string()), "{:?}", c);
        let c = complete("Move-CsUser -Identity 'Ken M");
        assert_eq!(c, vec!["'Ken Myer'".to_string()]);
        let c = complete("Grant-CsClientPolicy -Ident sip:PIL");
        assert_eq!(c, vec!["sip:pilar@litwareinc.com".to_string()]);
    }

    #[test]
    fn documents_of_the_cmdlets_kind() {
        let c = complete("Set-CsClientPolicy -Identity ");
        assert!(c.contains(&"Global".to_string()), "{:?}", c);
        assert!(c.contains(&"SalesPolicy".to_string()), "{:?}", c);
        assert_eq!(
            complete("Set-CsClientPolicy -Identity tag:s"),
            vec!["Tag:SalesPolicy".to_string()]
        );
        assert_eq!(
            complete("Grant-CsClientPolicy -PolicyName Sa"),
            vec!["SalesPolicy".to_string()]
        );
        assert_eq!(
            complete("Get-CsSite -Identity D"),
            vec!["Dublin".to_string()]
        );
    }

    #[test]
    fn live_deployment_is_read_at_completion_time() {
        let mut e = Engine::new();
        assert!(complete_in(&mut e, "Set-CsHostingProvider -Identity Lync").is_empty());
        let out = e.run_script(
            "New-CsHostingProvider -Identity LyncOnline -ProxyFqdn sipfed.online.lync.com -Enabled $true | Out-Null",
        );
        assert!(out.succeeded(), "{}", out.error_text);
        assert_eq!(
            complete_in(&mut e, "Set-CsHostingProvider -Identity lync"),
            vec!["LyncOnline".to_string()]
        );
        assert_eq!(
            complete_in(&mut e, "Get-CsHostingProvider *onl"),
            vec!["LyncOnline".to_string()]
        );
        let c = complete_in(
            &mut e,
            "Move-CsUser -Identity sip:kenmyer@litwareinc.com -Target sip",
        );
        assert_eq!(c, vec!["sipfed.online.lync.com".to_string()]);
    }

    #[test]
    fn pools_scopes_and_wildcards() {
        let c = complete("Move-CsUser -Identity x -Target atl-cs");
        assert_eq!(
            c,
            vec![
                "atl-cs-001.litwareinc.com".to_string(),
                "atl-cs-002.litwareinc.com".to_string()
            ]
        );
        let c = complete("Enable-CsUser -Identity x -RegistrarPool *002");
        assert_eq!(c, vec!["atl-cs-002.litwareinc.com".to_string()]);
        let c = complete("Get-CsPool -Identity atl-e");
        assert_eq!(c, vec!["atl-edge-001.litwareinc.com".to_string()]);
        let c = complete("Set-CsRegistrarConfiguration -Identity site:r");
        assert!(c.contains(&"Site:Redmond".to_string()), "{:?}", c);
    }

    #[test]
    fn identities_are_capped_without_a_misleading_common_prefix() {
        let d = crate::model::generate::large(1000);
        let mut e = Engine::with_deployment(d, crate::EngineOptions::default());
        let all = complete_in(&mut e, "Get-CsUser -Identity sip:");
        assert!(all.len() >= super::MAX_IDENTITIES, "{}", all.len());
        assert!(all.len() < 400, "{}", all.len());
        // The candidates' common prefix is that of every user: nothing beyond `sip:`
        // unless every SIP address shares it.
        let mut expected: Option<String> = None;
        for u in e.deployment().users.iter() {
            if let Some(sip) = &u.sip_address {
                expected = Some(match expected {
                    None => sip.clone(),
                    Some(p) => p
                        .chars()
                        .zip(sip.chars())
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a)
                        .collect(),
                });
            }
        }
        let got = all.iter().skip(1).fold(all[0].clone(), |p, c| {
            p.chars()
                .zip(c.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        });
        assert_eq!(Some(got), expected);
    }
}
