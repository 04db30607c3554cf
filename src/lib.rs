//! keylint: stops risky AWS IAM access keys before they are deployed.
//!
//! The pipeline runs one way: [`discover`] files, analyse them with one
//! [`frontend`] per format into one [`model`], run the [`rules`], gather an
//! [`outcome`] (applying the [`settings`]: configuration, suppressions,
//! baseline), and hand it to a [`report`]er. [`lint`] wires the stages
//! together and [`cli`] is the command line. `ARCHITECTURE.md` is the map.

#![warn(missing_docs)]

pub mod cli;
pub mod config_file;
pub mod discover;
pub mod error;
pub mod escape;
pub mod frontend;
pub mod lint;
pub mod model;
pub mod outcome;
pub mod paths;
pub mod redact;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;

/// Where keylint's source and rule documentation live.
pub const REPOSITORY: &str = "https://github.com/keylint/keylint";
