//! lyncshell: an emulator of the Lync Server 2013 Management Shell.
//!
//! The crate parses the PowerShell that Lync administrators write and (in later layers) runs
//! the Cs* cmdlets against an in-memory deployment.

pub mod cli;
pub mod syntax;
