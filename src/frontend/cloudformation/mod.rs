//! CloudFormation templates in JSON and YAML (incl. SAM and CDK output).

// Readers into a format-neutral tree, and analysis over it (in progress).
#[allow(dead_code)]
mod eval;
#[allow(dead_code)]
mod json;
#[allow(dead_code)]
mod resources;
#[allow(dead_code)]
mod tree;
#[allow(dead_code)]
mod yaml;

use crate::error::InputError;
use crate::model::Model;
use crate::source::Source;

/// Reads the IAM facts of one template. `Ok(None)` means the file turned out
/// not to be a CloudFormation template after all (skipped silently).
/// (Work in progress.)
pub fn analyse(_source: &Source) -> Result<Option<Model>, InputError> {
    Ok(None)
}
