//! CloudFormation templates in JSON and YAML (incl. SAM and CDK output).
//!
//! The pipeline: `yaml` or `json` reads the text into one format-neutral
//! `tree`; `resources` flattens `Resources` (expanding `Fn::ForEach`);
//! `eval` evaluates intrinsic functions and conditions against parameter
//! defaults; `iam` turns users and access keys into the shared model.

mod eval;
mod iam;
mod json;
mod nested;
mod resources;
mod scenarios;
mod suppressions;
mod tree;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches};

use crate::config_file;
use crate::error::{DEFAULT_MAX_FILE_SIZE, InputError};
use crate::frontend::{
    Analysis, Claim, Context, Frontend, FrontendOptions, Scenario, Setting, Unit, has_extension,
    is_json_object, parse_name_value,
};
use crate::model::Model;
use crate::paths::Boundary;
use crate::source::Source;
pub use nested::Nesting;
use tree::Node;

/// The front-end's name.
pub const NAME: &str = "cloudformation";

/// CloudFormation templates in JSON or YAML, one unit per file.
pub struct CloudFormation;

/// File names worth opening to look for templates (and plans).
const EXTENSIONS: &[&str] = &[".json", ".yaml", ".yml", ".template", ".cfn"];

impl Frontend for CloudFormation {
    fn name(&self) -> &'static str {
        NAME
    }

    fn claim(&self, file_name: &str, explicit: bool) -> Claim {
        if explicit || has_extension(file_name, EXTENSIONS) {
            Claim::File
        } else {
            Claim::No
        }
    }

    /// A template declares `AWSTemplateFormatVersion` or has `Resources`
    /// of an `AWS::` type; the parser confirms the structure.
    fn recognises(&self, text: &str) -> bool {
        let plain = if is_json_object(text) {
            text.contains("\"AWSTemplateFormatVersion\"")
                || (text.contains("\"Resources\"") && text.contains("AWS::"))
        } else {
            text.contains("AWSTemplateFormatVersion")
                || (text.contains("Resources") && text.contains("AWS::"))
        };
        // Keys and types may be spelled with escapes (`"\u0052esources"`):
        // only then is the text parsed to be sure.
        plain || (has_escapes(text) && parses_as_template(text))
    }

    fn analyse(&self, unit: Unit<'_>, ctx: &Context<'_>) -> Analysis {
        let Unit::File(file) = unit else {
            return Analysis::default();
        };
        let options = ctx.options.get_or_default::<CfnOptions>();
        let nesting = Nesting::new(ctx.boundary.clone(), ctx.max_file_size);
        let source = file.into_source();
        if options.all_inputs {
            return match analyse_all_inputs(&source, &options, &nesting) {
                Ok(Some(analysis)) => analysis,
                Ok(None) => Analysis::default(),
                Err(e) => Analysis::failed(e),
            };
        }
        match analyse_in(&source, &options, &nesting) {
            Ok(Some(model)) => Analysis::of_file(model),
            // Not a template after all: skipped silently.
            Ok(None) => Analysis::default(),
            Err(e) => Analysis::failed(e),
        }
    }

    fn options(&self) -> Vec<Arg> {
        vec![
            Arg::new("parameter")
                .long("parameter")
                .value_name("NAME=VALUE")
                .value_parser(parse_name_value)
                .action(ArgAction::Append)
                .help_heading("CloudFormation")
                .help("A CloudFormation parameter value, NAME=VALUE (repeatable; overrides defaults and --parameters-file)"),
            Arg::new("parameters-file")
                .long("parameters-file")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help_heading("CloudFormation")
                .help("A CloudFormation parameters file, as used by the AWS CLI (`[{\"ParameterKey\": ..., \"ParameterValue\": ...}]`) or a `{\"NAME\": \"VALUE\"}` object"),
        ]
    }

    fn configure(
        &self,
        args: &ArgMatches,
        _env: &[(String, String)],
        options: &mut FrontendOptions,
    ) -> Result<(), String> {
        let mut parameters = HashMap::new();
        if let Some(path) = args.get_one::<PathBuf>("parameters-file") {
            let scanned: Vec<PathBuf> = args
                .try_get_many::<PathBuf>("paths")
                .ok()
                .flatten()
                .map_or_else(Vec::new, |paths| paths.cloned().collect());
            let text = config_file::read(
                path,
                "parameters file (--parameters-file)",
                &Boundary::of_scan(&scanned),
            )?;
            let values = read_parameters_file(&text).map_err(|e| {
                config_file::parse_error(path, "parameters file (--parameters-file)", None, &e)
            })?;
            parameters.extend(values);
        }
        let given = args.get_many::<(String, String)>("parameter");
        parameters.extend(given.into_iter().flatten().cloned());
        // Given at run time, where CI passes secrets: compared as usual,
        // never shown (as a `NoEcho` parameter's).
        let sensitive_parameters = parameters.keys().cloned().collect();
        // Shared with Terraform, which defines it.
        let all_inputs = args.try_get_one::<bool>("all-inputs").ok().flatten() == Some(&true);
        options.insert(CfnOptions {
            parameters,
            sensitive_parameters,
            all_inputs,
            ..CfnOptions::default()
        });
        Ok(())
    }
}

/// Reads the IAM facts of one template, in JSON when the text is a JSON
/// object and in YAML otherwise. `Ok(None)` means the file turned out not to
/// be a CloudFormation template after all (skipped silently).
///
/// # Errors
///
/// An [`InputError`] at the offending span when the text is not valid YAML
/// or strict JSON, has a duplicate mapping key, nests too deeply, or expands
/// YAML aliases beyond the budget.
pub fn analyse(source: &Source, options: &CfnOptions) -> Result<Option<Model>, InputError> {
    let boundary = Boundary::of_scan(std::slice::from_ref(&source.path));
    analyse_in(
        source,
        options,
        &Nesting::new(boundary, DEFAULT_MAX_FILE_SIZE),
    )
}

/// [`analyse`], following nested stacks as `nesting` allows.
///
/// # Errors
///
/// As [`analyse`]; a nested template that cannot be read is a note on its
/// stack, not an error of this file.
pub fn analyse_in(
    source: &Source,
    options: &CfnOptions,
    nesting: &Nesting,
) -> Result<Option<Model>, InputError> {
    let Some(root) = parse(source)? else {
        return Ok(None);
    };
    facts(source, &root, options, nesting).map(Some)
}

/// [`analyse_in`] with `--all-inputs`: no parameter has its default, and
/// each combination of the values of the parameters that decide
/// conditions is one scenario.
///
/// # Errors
///
/// As [`analyse`].
fn analyse_all_inputs(
    source: &Source,
    options: &CfnOptions,
    nesting: &Nesting,
) -> Result<Option<Analysis>, InputError> {
    let Some(root) = parse(source)? else {
        return Ok(None);
    };
    let (enumerated, skipped) = scenarios::enumerated(&root, &options.parameters);
    let mut options = options.clone();
    let parameters = root
        .get("Parameters")
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (key, parameter) in parameters {
        // One without a default is unknown anyway, and says so.
        if parameter.get("Default").is_some() && !options.parameters.contains_key(&key.text) {
            let reason = format!(
                "parameter `{}` is set when the stack is deployed (--all-inputs: its default is one value among others)",
                key.text
            );
            options.unknown_parameters.insert(key.text.clone(), reason);
        }
    }
    for (name, why) in skipped {
        let reason = format!(
            "parameter `{name}` is set when the stack is deployed, and --all-inputs does not enumerate it: {why}"
        );
        options.unknown_parameters.insert(name, reason);
    }
    let mut analysis = Analysis::of_file(Model::default());
    for index in 0..1usize << enumerated.len() {
        let mut given = Vec::with_capacity(enumerated.len());
        for (i, parameter) in enumerated.iter().enumerate() {
            let bit = index >> i & 1 == 1;
            let value = parameter.values[usize::from(bit)].clone();
            options.unknown_parameters.remove(&parameter.name);
            options
                .parameters
                .insert(parameter.name.clone(), value.clone());
            given.push(Setting {
                input: parameter.name.clone(),
                bit,
                value: format!("`{value}`"),
                // CloudFormation accepts only the allowed values.
                complete: true,
            });
        }
        let mut model = facts(source, &root, &options, &nesting.again())?;
        model.all_inputs = true;
        analysis.scenarios.push(Scenario { given, model });
    }
    analysis.settle_scenarios();
    Ok(Some(analysis))
}

/// The template's tree, or `None` when the text is no template after all.
fn parse(source: &Source) -> Result<Option<Node>, InputError> {
    let root = if is_json_object(&source.text) {
        json::parse(source)?
    } else {
        yaml::parse(source)?
    };
    Ok(is_template(&root).then_some(root))
}

/// The facts of the template `root` (of `source`) with `options`.
fn facts(
    source: &Source,
    root: &Node,
    options: &CfnOptions,
    nesting: &Nesting,
) -> Result<Model, InputError> {
    let mut evaluator = eval::Evaluator::new(root, &options.parameters).with_parent_values(
        options.unknown_parameters.clone(),
        options.sensitive_parameters.clone(),
    );
    for range in evaluator.no_echo_defaults() {
        source.hide(range);
    }
    let section = root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (key, node) in section {
        if let Some(rtype) = iam::resource_type(node) {
            evaluator.add_resource(&key.text, rtype);
        }
    }
    let expansion = resources::expand(section, &evaluator);
    // Loop copies can be referred to by their expanded logical ids.
    for resource in expansion.resources.iter().filter(|r| !r.env.is_empty()) {
        if let Some(rtype) = iam::resource_type(resource.node) {
            evaluator.add_resource(&resource.logical_id, rtype);
        }
    }
    let mut model = iam::extract(source, &evaluator, &expansion);
    nested::follow(source, &evaluator, &expansion, nesting, &mut model);
    let stacks = format!("more than {} nested stacks", nested::MAX_STACKS);
    let spent = match evaluator.budget_spent() {
        Some(reason) => Some(reason.to_owned()),
        None if nesting.is_outermost() && nesting.spent() => Some(stacks),
        None => None,
    };
    if let Some(reason) = spent {
        // What was drawn before the budget ran out is incomplete.
        return Err(InputError::file(
            &source.name,
            format!("analysis budget exceeded ({reason}): this template is not checked"),
        ));
    }
    Ok(model)
}

/// Deploy-time inputs for templates.
#[derive(Debug, Clone, Default)]
pub struct CfnOptions {
    /// Parameter values (`--parameter K=V`, `--parameters-file`), overriding defaults.
    pub parameters: HashMap<String, String>,
    /// Parameters given values not known before deployment (a nested
    /// stack's, by its parent), with the reason.
    pub unknown_parameters: HashMap<String, String>,
    /// Parameters whose values are not shown: given on the command line
    /// (`--parameter`, `--parameters-file`), or given by a parent stack
    /// from a `NoEcho` parameter.
    pub sensitive_parameters: HashSet<String>,
    /// `--all-inputs`: defaults are dropped and the parameters that decide
    /// conditions are enumerated.
    pub all_inputs: bool,
}

/// Reads an AWS CLI parameters file: `[{"ParameterKey": "K", "ParameterValue": "V"}, ...]`
/// (entries with `UsePreviousValue` are left to defaults), or a plain
/// `{"K": "V"}` object.
pub fn read_parameters_file(text: &str) -> Result<HashMap<String, String>, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Entry {
        parameter_key: String,
        parameter_value: Option<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum File {
        List(Vec<Entry>),
        Map(HashMap<String, serde_json::Value>),
    }
    let scalar = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let file: File = serde_json::from_str(text).map_err(|e| {
        format!("expected [{{\"ParameterKey\": ..., \"ParameterValue\": ...}}] or {{\"Key\": \"Value\"}}: {e}")
    })?;
    Ok(match file {
        File::List(entries) => entries
            .into_iter()
            .filter_map(|e| Some((e.parameter_key, scalar(e.parameter_value?)?)))
            .collect(),
        File::Map(map) => map
            .into_iter()
            .filter_map(|(k, v)| Some((k, scalar(v)?)))
            .collect(),
    })
}

/// Whether text holds JSON or YAML escape sequences that could spell a key.
fn has_escapes(text: &str) -> bool {
    ["\\u", "\\U", "\\x"].iter().any(|e| text.contains(e))
}

/// Whether text parses as a template (escapes decoded).
fn parses_as_template(text: &str) -> bool {
    let source = crate::source::SourceFile::new(PathBuf::new(), String::new(), text.to_owned());
    let root = if is_json_object(text) {
        json::parse(&source)
    } else {
        yaml::parse(&source)
    };
    root.is_ok_and(|root| is_template(&root))
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
