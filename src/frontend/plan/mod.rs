//! Terraform plan JSON (`terraform show -json plan.out`).

use crate::error::InputError;
use crate::model::Model;
use crate::source::Source;

/// Reads the IAM facts of one plan. (Work in progress.)
pub fn analyse(_source: &Source) -> Result<Model, InputError> {
    Ok(Model::default())
}
