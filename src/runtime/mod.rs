//! The interpreter: values, conversions, operators, the pipeline, the parameter binder,
//! error records and output formatting.

pub mod convert;
pub mod dates;
pub mod errors;
pub mod format;
pub mod members;
pub mod ops;
pub mod value;
