//! Fixture deployments: golden files, JSON round trips, state-file errors.
//!
//! `UPDATE_GOLDEN=1 cargo test --test deployments` rewrites the fixture files from the code.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lyncshell::model::{Deployment, default, generate};
use lyncshell::state::{self, StateError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/deployments")
        .join(name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares a fixture file with the serialized deployment, or rewrites it under UPDATE_GOLDEN=1.
fn golden(name: &str, expected: &str) {
    let path = fixture(name);
    if updating() {
        assert!(state::write_atomically(&path, expected.as_bytes()).is_ok());
        return;
    }
    let got = fs::read_to_string(&path).unwrap_or_default();
    if got != expected {
        let line = got
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{} differs from the code's deployment (first difference at line {line}); \
             run UPDATE_GOLDEN=1 cargo test --test deployments and review the diff",
            path.display()
        );
    }
}

fn pretty(d: &Deployment) -> String {
    state::to_json(d).unwrap_or_default()
}

#[test]
fn default_fixture_is_litware() {
    golden("default.json", &pretty(&default::litware()));
}

#[test]
fn small_fixture_is_small() {
    golden("small.json", &pretty(&default::small()));
}

/// FNV-1a 64 of the bytes, for the large fixture's committed fingerprint.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The large fixture is not committed (about 25 MB); `large.fingerprint` pins its exact bytes
/// (size, user count, FNV-1a hash of the compact JSON) so any change to the generator or the
/// serialized form shows up as a reviewed diff. The file itself is written to the target
/// directory, where the round-trip test and benchmarks load it.
fn large_fixture_path() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("large.json");
    let d = generate::large(generate::LARGE_USERS);
    let text = state::to_compact_json(&d).unwrap_or_default();
    if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        assert!(state::write_atomically(&path, text.as_bytes()).is_ok());
    }
    path
}

#[test]
fn large_fixture_matches_its_fingerprint() {
    let d = generate::large(generate::LARGE_USERS);
    let text = state::to_compact_json(&d).unwrap_or_default();
    let fingerprint = format!(
        "users {}\nbytes {}\nfnv1a64 {:016x}\n",
        d.users.len(),
        text.len(),
        fnv64(text.as_bytes())
    );
    golden("large.fingerprint", &fingerprint);
}

#[test]
fn every_fixture_round_trips_byte_for_byte() {
    for (name, compact) in [
        ("default.json", false),
        ("small.json", false),
        ("large.json", true),
    ] {
        let path = if compact {
            large_fixture_path()
        } else {
            fixture(name)
        };
        let text = fs::read_to_string(&path).unwrap_or_default();
        let start = Instant::now();
        let loaded = state::load(&path);
        let elapsed = start.elapsed();
        let d = match loaded {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        eprintln!(
            "loaded {name}: {} users, {} bytes in {elapsed:?}",
            d.users.len(),
            text.len()
        );
        let again = if compact {
            state::to_compact_json(&d)
        } else {
            state::to_json(&d)
        };
        assert_eq!(again.ok().as_deref(), Some(text.as_str()), "{name}");
        let start = Instant::now();
        let copy = d.clone();
        eprintln!("cloned {name} in {:?}", start.elapsed());
        assert_eq!(copy, d);
    }
}

#[test]
fn large_fixture_supports_bulk_lookups_and_moves() {
    let mut d = generate::large(generate::LARGE_USERS);
    assert!(d.users.len() > 100_000);
    let positions: Vec<usize> = d
        .users
        .iter()
        .enumerate()
        .filter(|(_, u)| u.is_lync_enabled())
        .map(|(i, _)| i)
        .collect();
    let identities: Vec<String> = positions
        .iter()
        .filter_map(|&p| d.users.get(p).map(|u| u.identity.clone()))
        .collect();
    let start = Instant::now();
    let resolved: Vec<_> = identities
        .iter()
        .map(|dn| d.resolve_lync_user(dn))
        .collect();
    eprintln!(
        "resolved {} users by DN in {:?}",
        resolved.len(),
        start.elapsed()
    );
    let start = Instant::now();
    for (r, &p) in resolved.iter().zip(&positions) {
        assert_eq!(r.as_ref().ok(), Some(&p));
        let moved = d
            .users
            .move_user(p, Some("atl-cs-002.litwareinc.com"), "SRV:");
        assert!(moved.is_ok());
    }
    eprintln!("moved {} users in {:?}", positions.len(), start.elapsed());
    let start = Instant::now();
    let p = positions.first().copied().unwrap_or_default();
    for _ in 0..1000 {
        let r = d.users.modify(p, |u| {
            u.enterprise_voice_enabled = !u.enterprise_voice_enabled
        });
        assert!(r.is_ok());
    }
    eprintln!("1000 general modifies in {:?}", start.elapsed());
    assert!(
        d.users
            .iter()
            .filter(|u| u.is_lync_enabled())
            .all(|u| u.registrar_pool.as_deref() == Some("atl-cs-002.litwareinc.com"))
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lyncshell-it-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::create_dir_all(&dir);
    dir
}

fn load_text(name: &str, text: &str) -> (PathBuf, Result<Deployment, StateError>) {
    let dir = scratch(name);
    let path = dir.join("broken.json");
    assert!(fs::write(&path, text).is_ok());
    let r = state::load(&path);
    let _ = fs::remove_dir_all(&dir);
    (path, r)
}

fn small_json() -> String {
    pretty(&default::small())
}

#[test]
fn missing_field_is_named_with_file_and_line() {
    let text = small_json().replace("  \"clock\": {", "  \"klock\": {");
    let (path, r) = load_text("missing", &text);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("unknown field `klock`"), "{msg}");
    assert!(msg.contains("line "), "{msg}");

    let without_users: String = {
        let d = default::small();
        let mut v = serde_json::to_value(&d).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("users");
        }
        serde_json::to_string_pretty(&v).unwrap_or_default()
    };
    let (_, r) = load_text("missing2", &without_users);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("missing field `users`"), "{msg}");
}

#[test]
fn bad_values_are_explained() {
    let text = small_json().replace("\"Kind\": \"Central\"", "\"Kind\": \"Satellite\"");
    let (_, r) = load_text("variant", &text);
    match r {
        Err(StateError::Invalid { message, line, .. }) => {
            assert!(message.contains("unknown variant `Satellite`"), "{message}");
            let expected_line = text
                .lines()
                .position(|l| l.contains("Satellite"))
                .map_or(0, |i| i + 1);
            assert_eq!(line, expected_line);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let text = small_json().replace("\"identity\": \"Global\"", "\"identity\": \"site:\"");
    let (_, r) = load_text("identity", &text);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("site:"), "{msg}");

    let dup = small_json().replace("sip:pilar@litwareinc.com", "sip:kenmyer@litwareinc.com");
    let (_, r) = load_text("dup", &dup);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("SipAddress") && msg.contains("kenmyer@litwareinc.com"),
        "{msg}"
    );

    let (_, r) = load_text("garbage", "{ not json");
    assert!(matches!(r, Err(StateError::Invalid { line: 1, .. })));
}

#[test]
fn dangling_references_are_refused() {
    let text = small_json().replace(
        "\"RegistrarPool\": \"atl-cs-001.litwareinc.com\"",
        "\"RegistrarPool\": \"atl-cs-404.litwareinc.com\"",
    );
    let (path, r) = load_text("dangling", &text);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(
        msg.contains("RegistrarPool \"atl-cs-404.litwareinc.com\""),
        "{msg}"
    );
}

#[test]
fn unsupported_schema_version_is_reported_first() {
    let text = small_json().replace("\"schema_version\": 1", "\"schema_version\": 99");
    let (path, r) = load_text("schema", &text);
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("schema_version 99"), "{msg}");
    assert!(msg.contains("reads schema_version 1"), "{msg}");

    let (_, r) = load_text("noschema", "{}");
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("missing field `schema_version`"), "{msg}");
}

#[test]
fn unreadable_file_names_the_path() {
    let path = Path::new("/nonexistent/lyncshell/state.json");
    let msg = state::load(path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("/nonexistent/lyncshell/state.json"), "{msg}");
}

#[test]
fn failed_save_leaves_existing_target_alone() {
    // Renaming a file over a non-empty directory fails on every platform.
    let dir = scratch("savefail");
    let target = dir.join("state.json");
    assert!(fs::create_dir_all(target.join("keep")).is_ok());
    let r = state::save(&target, &default::small());
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("state.json"), "{msg}");
    assert!(target.join("keep").is_dir());
    let names: Vec<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(names, ["state.json"]);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn scripts_are_reproducible_from_the_same_state() {
    let run = || {
        let mut d = default::litware();
        let g = d.next_guid();
        d.advance_clock(90);
        (g, d.now(), state::to_json(&d).unwrap_or_default())
    };
    assert_eq!(run(), run());
}

/// `lyncshell generate large FILE` writes the large deployment on demand (it is not
/// committed), byte for byte what `large.fingerprint` pins, and `--state` loads it with
/// more than 100,000 Lync users.
#[test]
fn generated_large_file_loads_with_state() {
    let exe = env!("CARGO_BIN_EXE_lyncshell");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("large-cli.json");
    let out = std::process::Command::new(exe)
        .args(["generate", "large"])
        .arg(&path)
        .output()
        .expect("run lyncshell generate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = fs::read(&path).unwrap_or_default();
    let fingerprint = format!(
        "users {}\nbytes {}\nfnv1a64 {:016x}\n",
        generate::large(generate::LARGE_USERS).users.len(),
        bytes.len(),
        fnv64(&bytes)
    );
    let pinned = fs::read_to_string(fixture("large.fingerprint")).unwrap_or_default();
    assert_eq!(fingerprint, pinned);
    let out = std::process::Command::new(exe)
        .arg("-c")
        .arg("(Get-CsUser).Count -ge 100000; (Get-CsUser -Identity sip:user100000@litwareinc.com).DisplayName")
        .arg("--state")
        .arg(&path)
        .output()
        .expect("run lyncshell -c --state");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "True\nUser 100000\n");
    let out = std::process::Command::new(exe)
        .args(["generate", "small"])
        .output()
        .expect("run lyncshell generate small");
    assert_eq!(out.status.code(), Some(64));
}
