//! keylint: stops risky AWS IAM access keys before they are deployed.
//!
//! The pipeline runs one way: [`discover`] files, parse them with one
//! [`frontend`] per format into one [`model`], run the [`rules`], and hand the
//! findings to a [`report`]er.

pub mod error;
pub mod frontend;
pub mod model;
pub mod source;
