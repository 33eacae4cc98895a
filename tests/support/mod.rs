//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod catalog_gen;
pub mod example_check;
