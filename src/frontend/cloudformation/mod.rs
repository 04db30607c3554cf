//! CloudFormation templates in JSON and YAML (incl. SAM and CDK output).
//!
//! The pipeline: [`yaml`] or [`json`] reads the text into one format-neutral
//! [`tree`]; [`resources`] flattens `Resources` (expanding `Fn::ForEach`);
//! [`eval`] evaluates intrinsic functions and conditions against parameter
//! defaults; [`iam`] turns users and access keys into the shared model.

mod eval;
mod iam;
mod json;
mod resources;
mod tree;
mod yaml;

#[cfg(test)]
mod tests;

use crate::error::InputError;
use crate::model::Model;
use crate::source::{Source, SourceKind};
use tree::Node;

/// Reads the IAM facts of one template. `Ok(None)` means the file turned out
/// not to be a CloudFormation template after all (skipped silently).
///
/// # Errors
///
/// An [`InputError`] at the offending span when the text is not valid YAML
/// or strict JSON, has a duplicate mapping key, nests too deeply, or expands
/// YAML aliases beyond the budget.
pub fn analyse(source: &Source) -> Result<Option<Model>, InputError> {
    let root = match source.kind {
        SourceKind::CfnJson => json::parse(source)?,
        _ => yaml::parse(source)?,
    };
    if !is_template(&root) {
        return Ok(None);
    }
    let mut evaluator = eval::Evaluator::new(&root);
    let section = root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (key, node) in section {
        if let Some(kind) = iam::resource_type(node) {
            evaluator.add_resource(&key.text, kind);
        }
    }
    let expansion = resources::expand(section, &evaluator);
    // Loop copies can be referred to by their expanded logical ids.
    for resource in expansion.resources.iter().filter(|r| !r.env.is_empty()) {
        if let Some(kind) = iam::resource_type(resource.node) {
            evaluator.add_resource(&resource.logical_id, kind);
        }
    }
    Ok(Some(iam::extract(source, &evaluator, &expansion)))
}

/// Whether a document is a CloudFormation template: it declares
/// `AWSTemplateFormatVersion`, or its `Resources` holds an `AWS::` resource
/// or an `Fn::ForEach` loop.
fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(section) = root.get("Resources").and_then(Node::as_map) else {
        return false;
    };
    section.iter().any(|(key, node)| {
        key.text.starts_with("Fn::ForEach::")
            || iam::resource_type(node).is_some_and(|t| t.starts_with("AWS::"))
    })
}
