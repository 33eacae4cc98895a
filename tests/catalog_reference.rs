//! The generated catalog against the reference extracted from the Lync cmdlet pages.
//!
//! - `catalog_is_up_to_date`: `src/cmdlets/catalog_data.rs` is exactly what the generator
//!   writes from `cmdlets.json` (rewrite it with `UPDATE_CATALOG=1`).
//! - `catalog_matches_reference`: through the public registry API, every cmdlet's names,
//!   sets, types, positions, mandatory flags, aliases and pipeline input equal the reference,
//!   except for parameters excluded by the Lync-2013 rule and the recorded deviations.
//!
//! Both print a visible `SKIPPED` line when the reference is not present.

mod support;

use lyncshell::cmdlets::deviations::{ADDED_CMDLETS, Change};
use lyncshell::cmdlets::{self, deviations::DEVIATIONS, excluded_parameters};
use serde_json::Value;
use std::path::PathBuf;
use support::catalog_gen;

/// `CARGO_MANIFEST_DIR/../shared/reference/cmdlets.json`; from a git worktree under
/// `wt/<name>` the same file is one level further up, so that is tried second.
fn reference_path() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("../shared/reference/cmdlets.json"),
        root.join("../../shared/reference/cmdlets.json"),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .unwrap_or(&candidates[0])
        .clone()
}

fn load_reference() -> Option<Value> {
    let path = reference_path();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(_) => {
            println!("SKIPPED: reference {} not found", path.display());
            return None;
        }
    };
    match serde_json::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => panic!("reference {} is not valid JSON: {e}", path.display()),
    }
}

#[test]
fn catalog_is_up_to_date() {
    let Some(reference) = load_reference() else {
        return;
    };
    let generated = catalog_gen::render(&reference);
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/cmdlets/catalog_data.rs");
    if std::env::var_os("UPDATE_CATALOG").is_some() {
        std::fs::write(&target, &generated).expect("write catalog_data.rs");
        println!("UPDATED {}", target.display());
        return;
    }
    let committed = std::fs::read_to_string(&target).unwrap_or_default();
    assert!(
        committed == generated,
        "src/cmdlets/catalog_data.rs is stale: run `UPDATE_CATALOG=1 cargo test --test catalog_reference`"
    );
}

fn per_set<'a>(v: &'a Value, set: &str) -> &'a Value {
    match v {
        Value::Object(map) => map.get(set).unwrap_or(&Value::Null),
        other => other,
    }
}

fn has_deviation(cmdlet: &str, param: &str) -> bool {
    DEVIATIONS
        .iter()
        .any(|d| d.cmdlet == cmdlet && d.parameter == param)
}

/// Differences between one reference cmdlet and the catalog: `(explained, text)`.
fn compare(c: &Value) -> Vec<(bool, String)> {
    let name = c["name"].as_str().unwrap_or("");
    let mut diffs = Vec::new();
    let Some(spec) = cmdlets::lookup(name) else {
        return vec![(false, format!("{name}: missing from the catalog"))];
    };
    if spec.name != name {
        diffs.push((false, format!("{name}: catalog spells it {}", spec.name)));
    }
    if spec.verb != c["verb"].as_str().unwrap_or("")
        || spec.noun != c["noun"].as_str().unwrap_or("")
    {
        diffs.push((false, format!("{name}: verb/noun differ")));
    }
    let sp = c["supports_should_process"].as_bool().unwrap_or(false);
    if spec.supports_should_process != sp {
        diffs.push((false, format!("{name}: supports_should_process")));
    }
    let excluded: Vec<String> = excluded_parameters()
        .filter(|e| e.cmdlet == name)
        .map(|e| e.parameter.to_string())
        .collect();
    let dropped: Vec<&str> = cmdlets::dropped_parameter_sets()
        .iter()
        .filter(|(c, _)| *c == name)
        .map(|(_, s)| *s)
        .collect();
    let skip = |p: &str| p == "WhatIf" || p == "Confirm" || excluded.iter().any(|e| e == p);

    let params = c["parameters"].as_object().cloned().unwrap_or_default();
    for (pname, pv) in &params {
        if skip(pname) {
            if spec.param(pname).is_some_and(|p| p.name == pname) {
                diffs.push((false, format!("{name} -{pname}: excluded but present")));
            }
            continue;
        }
        let explained = has_deviation(name, pname);
        let Some(p) = spec.param(pname).filter(|p| p.name == pname) else {
            diffs.push((explained, format!("{name} -{pname}: missing")));
            continue;
        };
        if p.type_name != pv["type"].as_str().unwrap_or("") {
            diffs.push((
                explained,
                format!("{name} -{pname}: type {} vs {}", p.type_name, pv["type"]),
            ));
        }
        let aliases: Vec<&str> = pv["aliases"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if p.aliases != aliases.as_slice() {
            diffs.push((explained, format!("{name} -{pname}: aliases")));
        }
        if p.documented_only != pv["documented_only"].as_bool().unwrap_or(false)
            || p.undocumented != pv["undocumented"].as_bool().unwrap_or(false)
        {
            diffs.push((
                explained,
                format!("{name} -{pname}: documented_only/undocumented"),
            ));
        }
        if p.accepts_wildcards != pv["accepts_wildcards"].as_bool().unwrap_or(false) {
            diffs.push((explained, format!("{name} -{pname}: wildcards")));
        }
    }
    // No parameter that the reference does not have.
    for p in spec.params {
        if !params.contains_key(p.name) {
            diffs.push((
                has_deviation(name, p.name),
                format!("{name} -{}: not in reference", p.name),
            ));
        }
    }

    let sets = c["parameter_sets"].as_array().cloned().unwrap_or_default();
    // Default set: the page's flag, else the inferred Identity/ServerPlatform convention.
    let flagged = sets
        .iter()
        .find(|s| s["is_default"].as_bool().unwrap_or(false))
        .and_then(|s| s["name"].as_str());
    let inferred = || {
        (spec.sets.len() > 1)
            .then(|| {
                catalog_gen::INFERRED_DEFAULT_SETS
                    .iter()
                    .find(|n| spec.sets.iter().any(|s| s.name == **n))
                    .copied()
            })
            .flatten()
    };
    let expected_default = match flagged {
        Some(f) if !dropped.contains(&f) => Some(f),
        Some(_) | None => inferred(),
    };
    let actual_default = spec
        .default_set
        .and_then(|i| spec.sets.get(usize::from(i)))
        .map(|s| s.name);
    if actual_default != expected_default {
        diffs.push((
            has_deviation(name, ""),
            format!("{name}: default set {actual_default:?} vs {expected_default:?}"),
        ));
    }
    let kept: Vec<&Value> = sets
        .iter()
        .filter(|s| !dropped.contains(&s["name"].as_str().unwrap_or("")))
        .collect();
    if kept.len() != spec.sets.len() {
        diffs.push((
            false,
            format!("{name}: {} sets vs {}", spec.sets.len(), kept.len()),
        ));
    }
    for (set, cat) in kept.iter().zip(spec.sets) {
        let sname = set["name"].as_str().unwrap_or("");
        if cat.name != sname || cat.is_default != set["is_default"].as_bool().unwrap_or(false) {
            diffs.push((false, format!("{name}: set {} vs {sname}", cat.name)));
            continue;
        }
        let members: Vec<&str> = set["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter(|p| !skip(p))
                    .filter(|p| {
                        !DEVIATIONS.iter().any(|d| {
                            d.cmdlet == name
                                && d.parameter == *p
                                && matches!(d.change, Change::Added(..))
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Members the reference has too (parameters added by a deviation left out).
        let kept_members: Vec<_> = cat
            .members
            .iter()
            .filter(|m| {
                spec.member_param(m).is_some_and(|p| {
                    !DEVIATIONS.iter().any(|d| {
                        d.cmdlet == name
                            && d.parameter == p.name
                            && matches!(d.change, Change::Added(..))
                    })
                })
            })
            .collect();
        let cat_members: Vec<&str> = kept_members
            .iter()
            .filter_map(|m| spec.member_param(m).map(|p| p.name))
            .collect();
        if members != cat_members {
            diffs.push((
                false,
                format!("{name} [{sname}]: members {cat_members:?} vs {members:?}"),
            ));
            continue;
        }
        for (pname, m) in members.iter().zip(kept_members) {
            let pv = &params[*pname];
            let explained = has_deviation(name, pname);
            let required = per_set(&pv["required"], sname).as_bool().unwrap_or(false);
            if m.mandatory != required {
                diffs.push((
                    explained,
                    format!("{name} [{sname}] -{pname}: mandatory {}", m.mandatory),
                ));
            }
            let position = per_set(&pv["position"], sname).as_u64();
            if m.position.map(u64::from) != position {
                diffs.push((
                    explained,
                    format!("{name} [{sname}] -{pname}: position {:?}", m.position),
                ));
            }
            let pipeline = pv["pipeline_input"].as_str().unwrap_or("");
            if m.from_pipeline != pipeline.contains("ByValue")
                || m.from_pipeline_by_property_name != pipeline.contains("ByPropertyName")
            {
                diffs.push((
                    explained,
                    format!("{name} [{sname}] -{pname}: pipeline input"),
                ));
            }
        }
    }
    diffs
}

#[test]
fn catalog_matches_reference() {
    let Some(reference) = load_reference() else {
        return;
    };
    let all = reference["cmdlets"].as_array().cloned().unwrap_or_default();
    let mut exact = 0;
    let mut with_deviation = 0;
    let mut failures = Vec::new();
    for module in ["lync", "online"] {
        let subset: Vec<&Value> = all.iter().filter(|c| c["module"] == module).collect();
        let mut ok = 0;
        for c in &subset {
            let diffs = compare(c);
            if diffs.is_empty() {
                exact += 1;
                ok += 1;
            } else if diffs.iter().all(|(explained, _)| *explained) {
                with_deviation += 1;
                ok += 1;
            } else {
                failures.extend(diffs.into_iter().filter(|(e, _)| !e).map(|(_, t)| t));
            }
        }
        println!(
            "{module}: {ok}/{} cmdlets match the reference",
            subset.len()
        );
    }
    println!(
        "exact: {exact}, with documented deviations: {with_deviation}, excluded parameters: {}, dropped sets: {}",
        excluded_parameters().count(),
        cmdlets::dropped_parameter_sets().len()
    );
    // The reference plus the cmdlets deviations.rs adds, each of which must be in the
    // catalog under its own name.
    for a in ADDED_CMDLETS {
        assert!(
            cmdlets::lookup(a.name).is_some_and(|s| s.name == a.name),
            "added cmdlet {} missing",
            a.name
        );
        assert!(
            !all.iter().any(|c| c["name"] == a.name),
            "{} is in the reference now: drop it from ADDED_CMDLETS",
            a.name
        );
    }
    assert_eq!(
        cmdlets::all().count(),
        all.len() + ADDED_CMDLETS.len(),
        "catalog has extra cmdlets"
    );
    assert!(
        failures.is_empty(),
        "unexplained differences:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_deviation_names_a_real_parameter() {
    for d in DEVIATIONS {
        let spec = cmdlets::lookup(d.cmdlet);
        if let Change::DefaultSet(set) = d.change {
            assert!(d.parameter.is_empty(), "DefaultSet is cmdlet-level");
            assert!(
                spec.and_then(|s| s.default_parameter_set()).map(|s| s.name) == Some(set),
                "default set of {} is not {set}",
                d.cmdlet
            );
            continue;
        }
        if d.change == Change::NotInLync2013 {
            // Left out of the catalog, listed with the excluded parameters instead.
            assert!(
                spec.is_some_and(|s| s.param(d.parameter).is_none_or(|p| p.name != d.parameter)),
                "{} -{} is marked NotInLync2013 but still in the catalog",
                d.cmdlet,
                d.parameter
            );
            assert!(
                excluded_parameters().any(|e| e.cmdlet == d.cmdlet && e.parameter == d.parameter),
                "{} -{} is marked NotInLync2013 but not listed as excluded",
                d.cmdlet,
                d.parameter
            );
            continue;
        }
        assert!(
            spec.is_some_and(|s| s.param(d.parameter).is_some()),
            "deviation for unknown {} -{}",
            d.cmdlet,
            d.parameter
        );
    }
}
