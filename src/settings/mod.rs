//! The settings of a run, below the pipeline: `keylint.toml`, baselines,
//! and the suppressions written in source, whose rule names are resolved
//! here against the rule registry (front-ends record them as written).

pub mod baseline;
pub mod config;
pub mod suppressions;

pub use baseline::Baseline;
pub use config::{Audit, Config, FailOn, RuleSetting};
