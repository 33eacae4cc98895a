//! Bulk user move: `cargo bench --bench bulk [-- N]` (default N = 100,000).
//!
//! Runs `Get-CsUser | Move-CsUser -Target atl-cs-002.litwareinc.com -Confirm:$false` on
//! `model::generate::large(N)` and prints the time of the pipeline alone (the deployment is
//! generated beforehand), then checks that every user moved. `--family` also times the users
//! family's own share without the interpreter. Peak memory: run the built bench binary under
//! `/usr/bin/time -v`.

use std::time::Instant;

use lyncshell::model::generate;
use lyncshell::{Engine, EngineOptions};

const TARGET: &str = "atl-cs-002.litwareinc.com";

fn main() {
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let deployment = generate::large(n);
    let users = deployment.users.len();
    println!("generate {users} users: {:?}", t.elapsed());

    if std::env::args().any(|a| a == "--family") {
        family_path(&deployment);
    }

    let mut engine = Engine::with_deployment(deployment, EngineOptions::default());
    let script = format!("Get-CsUser | Move-CsUser -Target {TARGET} -Confirm:$false");
    let t = Instant::now();
    let outcome = engine.run_script(&script);
    let elapsed = t.elapsed();
    let moved = engine
        .deployment()
        .users
        .iter()
        .filter(|u| u.registrar_pool.as_deref() == Some(TARGET))
        .count();
    println!("{script}: {elapsed:?} ({moved} of {users} users moved)");
    if !outcome.error_text.is_empty() {
        let first: String = outcome
            .error_text
            .lines()
            .take(8)
            .collect::<Vec<_>>()
            .join("\n");
        println!("errors ({}):\n{first}", outcome.errors.len());
    }
}

/// The users family's own share of the work, without the interpreter: build every Get-CsUser
/// object, resolve each by its Identity, check the move and apply it.
fn family_path(deployment: &lyncshell::model::Deployment) {
    use lyncshell::cmdlets::users::{cmdlets, ops};
    let mut d = deployment.clone();
    let shape = cmdlets::UserShape::default();
    let t = Instant::now();
    let found = ops::select(&d, &ops::Query::default()).unwrap_or_default();
    let mut moved = 0usize;
    for p in found {
        let Some(u) = d.users.get(p) else { continue };
        let obj = shape.object(&d, u);
        let id = cmdlets::identity_text(&obj);
        let Ok(pos) = ops::resolve_one(&d, &id) else {
            continue;
        };
        let request = ops::MoveRequest {
            target: TARGET.to_string(),
            ..ops::MoveRequest::default()
        };
        if let Ok(plan) = ops::plan_move(&d, pos, &request)
            && ops::apply_move(&mut d, pos, &plan).is_ok()
        {
            moved += 1;
        }
    }
    println!(
        "family path (objects, resolve, plan, apply): {:?} ({moved} moved)",
        t.elapsed()
    );
}
