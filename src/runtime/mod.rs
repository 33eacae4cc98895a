//! The interpreter: values, conversions, operators, the pipeline, the parameter binder,
//! error records and output formatting.

pub mod binder;
pub mod builtins;
pub mod builtins_discovery;
pub mod builtins_host;
pub mod commands;
pub mod convert;
pub mod dates;
pub mod errors;
pub mod format;
pub mod host_commands;
pub mod interp;
pub mod members;
pub mod ops;
pub mod pipeline;
pub mod scope;
pub mod server_disk;
pub mod should_process;
pub mod value;
