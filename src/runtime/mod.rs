//! The interpreter: values, conversions, operators, the pipeline, the parameter binder,
//! error records and output formatting.

pub mod errors;
pub mod value;
