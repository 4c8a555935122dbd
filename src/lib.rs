//! cablegram: a terminal reader for the US diplomatic cables of the
//! Cablegate release. The binary is a thin shell over this library.

pub mod cable;
pub mod cli;
pub mod library;
pub mod source;
pub mod text;
pub mod tui;

pub use cable::{parse, parse_with, Cable, Classification, Metadata, ParseOptions, Timestamp};
