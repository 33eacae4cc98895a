//! The interpreter: values, conversions, operators, the pipeline, the parameter binder,
//! error records and output formatting.

pub mod binder;
pub mod builtins;
pub mod commands;
pub mod errors;
pub mod host_commands;
pub mod interp;
pub mod pipeline;
pub mod scope;
pub mod value;
