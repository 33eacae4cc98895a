//! lyncshell: an emulator of the Lync Server 2013 Management Shell.
//!
//! The crate parses the PowerShell that Lync administrators write and runs it — the generic
//! PowerShell around the Cs* cmdlets and, layer by layer, the cmdlets themselves — against an
//! in-memory deployment.
//!
//! It serves three uses: a practice shell (`lyncshell` starts a REPL), dry runs and static
//! checks of scripts for CI (`lyncshell plan`, `lyncshell check`), and embedding through
//! [`Engine`]. A dry run from Rust:
//!
//! ```
//! use lyncshell::Engine;
//!
//! let engine = Engine::new(); // the built-in Litware Inc. deployment
//! let script = "New-CsAllowedDomain -Identity fabrikam.com\n\
//!               Set-CsAccessEdgeConfiguration -AllowFederatedUsers $true";
//! let plan = engine.plan(Some("change.ps1"), script);
//! assert_eq!(plan.exit_code(), 2); // 0 = no changes, 2 = changes, 1 = a step would fail
//! let text = plan.render();
//! assert!(text.contains("~ AllowFederatedUsers = False -> True"));
//! assert!(text.ends_with("Plan: 1 to add, 1 to change, 0 to destroy.\n"));
//! // The plan ran on a copy: the session's deployment is unchanged.
//! assert!(engine.deployment().documents("AllowedDomain").is_empty());
//!
//! // A failing step is reported with its error record and position.
//! let plan = engine.plan(Some("bad.ps1"), "Remove-CsAllowedDomain -Identity nowhere.example");
//! assert_eq!(plan.exit_code(), 1);
//! assert_eq!(plan.failures[0].line, Some(1));
//! ```

pub mod check;
pub mod cli;
pub mod cmdlets;
pub mod engine;
pub mod model;
pub mod plan;
pub mod repl;
pub mod replay;
pub mod runtime;
pub mod state;
pub mod syntax;

pub use engine::{Engine, EngineOptions, RunOutcome};
