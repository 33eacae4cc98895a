//! The command-line front end (temporary home until the parser's `parse` command merges).
pub mod run;
