//! keylint: stops risky AWS IAM access keys before they are deployed.
//!
//! The pipeline runs one way: [`discover`] files, parse them with one
//! [`frontend`] per format into one [`model`], run the [`rules`], and hand the
//! findings to a [`report`]er. [`lint`] wires the stages together and
//! [`cli`] is the command line.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod discover;
pub mod error;
pub mod frontend;
pub mod lint;
pub mod model;
pub mod redact;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;

/// Where keylint's source and rule documentation live.
pub const REPOSITORY: &str = "https://github.com/keylint/keylint";
