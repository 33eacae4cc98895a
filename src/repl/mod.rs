//! The practice REPL: completion, hints, multi-line input and colouring on top of rustyline.

pub mod colour;
pub mod complete;
pub mod helper;
pub mod suggest;
