//! `lyncshell generate large [FILE]`: writes the generated 100,000-user deployment
//! (`model::generate::large`) as compact JSON, atomically. The file is about 25 MB, so it is
//! not committed; this command recreates it on demand, by default at
//! `fixtures/deployments/large.json` (ignored by git), byte for byte what
//! `fixtures/deployments/large.fingerprint` pins.

use std::path::Path;

use crate::model::generate;
use crate::state;

/// Where the large deployment goes when no file is named.
pub const DEFAULT_LARGE_PATH: &str = "fixtures/deployments/large.json";

pub fn generate(args: &[String]) -> i32 {
    let (what, file) = match args {
        [w] => (w.as_str(), DEFAULT_LARGE_PATH),
        [w, f] => (w.as_str(), f.as_str()),
        _ => ("", ""),
    };
    if what != "large" {
        eprintln!("usage: lyncshell generate large [FILE.json]");
        return 64;
    }
    let d = generate::large(generate::LARGE_USERS);
    let text = match state::to_compact_json(&d) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("lyncshell generate: {e}");
            return 1;
        }
    };
    match state::write_atomically(Path::new(file), text.as_bytes()) {
        Ok(()) => {
            println!(
                "wrote {file}: {} users, {} bytes",
                d.users.len(),
                text.len()
            );
            0
        }
        Err(e) => {
            eprintln!("lyncshell generate: {e}");
            1
        }
    }
}
