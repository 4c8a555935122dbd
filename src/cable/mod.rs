//! The domain: what a cable is, and how text becomes one.

pub mod model;
pub mod parse;
pub mod tags;

pub use model::*;
pub use parse::{parse, parse_with, ParseOptions};
