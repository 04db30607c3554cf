//! Front-ends: one per input format. Each turns source text into a [`Model`];
//! none knows about rules.

pub mod cloudformation;
pub mod plan;
pub mod strict_json;
pub mod terraform;

use crate::error::InputError;
use crate::model::Model;

/// The formats keylint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terraform native syntax, analysed per module directory.
    Terraform,
    /// Terraform plan JSON.
    Plan,
    /// CloudFormation template in JSON.
    CfnJson,
    /// CloudFormation template in YAML.
    CfnYaml,
}

/// What analysing one configuration produced.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The facts found.
    pub model: Model,
    /// Files of this configuration that could not be read or parsed.
    pub errors: Vec<InputError>,
    /// How many files were read.
    pub files: usize,
}

/// Whether a file name belongs to a Terraform module (`.tf`, `.tf.json`).
pub fn is_terraform_file(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// File names worth opening to look for plans and templates.
pub fn is_candidate_data_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".json", ".yaml", ".yml", ".template", ".cfn"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        && !lower.ends_with(".tfvars.json")
}

/// Recognises a plan or a template by its content. Returns `None` for any
/// other JSON or YAML (package.json, Kubernetes manifests, workflows, ...),
/// which keylint skips silently.
///
/// This is a cheap byte-level sniff; the front-end then confirms the
/// structure. It decides whether a parse error is worth reporting: a file that
/// looks like a template but does not parse is an error, a tsconfig with
/// comments is not ours.
pub fn sniff(text: &str) -> Option<Format> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with('{') {
        if text.contains("\"format_version\"")
            && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
        {
            return Some(Format::Plan);
        }
        if text.contains("\"AWSTemplateFormatVersion\"")
            || (text.contains("\"Resources\"") && text.contains("AWS::"))
        {
            return Some(Format::CfnJson);
        }
        return None;
    }
    if text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
    {
        return Some(Format::CfnYaml);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats_by_content() {
        assert_eq!(
            sniff(r#"{"format_version":"1.2","planned_values":{}}"#),
            Some(Format::Plan)
        );
        assert_eq!(
            sniff(r#"{"Resources":{"U":{"Type":"AWS::IAM::User"}}}"#),
            Some(Format::CfnJson)
        );
        assert_eq!(
            sniff("AWSTemplateFormatVersion: '2010-09-09'\n"),
            Some(Format::CfnYaml)
        );
        assert_eq!(
            sniff("Resources:\n  U:\n    Type: AWS::IAM::User\n"),
            Some(Format::CfnYaml)
        );
        assert_eq!(sniff(r#"{"name":"pkg","version":"1.0.0"}"#), None);
        assert_eq!(sniff("apiVersion: v1\nkind: Pod\n"), None);
        assert_eq!(sniff("on: push\njobs: {}\n"), None);
    }

    #[test]
    fn candidate_names() {
        assert!(is_candidate_data_file("stack.template.json"));
        assert!(is_candidate_data_file("t.YAML"));
        assert!(is_candidate_data_file("x.template"));
        assert!(!is_candidate_data_file("prod.tfvars.json"));
        assert!(!is_candidate_data_file("main.tf"));
        assert!(is_terraform_file("main.tf.json"));
    }
}
