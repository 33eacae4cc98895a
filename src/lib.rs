//! lyncshell: an emulator of the Lync Server 2013 Management Shell.
//!
//! The crate parses the PowerShell that Lync administrators write and runs it — the generic
//! PowerShell around the Cs* cmdlets and, layer by layer, the cmdlets themselves — against an
//! in-memory deployment.

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
