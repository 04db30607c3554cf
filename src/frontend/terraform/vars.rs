//! Values of root-module variables, from every place Terraform takes them.
//!
//! Later sources win, as in Terraform: `TF_VAR_*` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in
//! name order, then `--var-file` and `--var` from the command line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::Structure;

use super::TerraformOptions;
use super::config::{
    ModuleConfig, Syntax, join_display, parse_hcl_body, parse_json, to_expression,
};
use super::eval::{Evaluator, ModuleInstance, Scope, Taint};
use super::value::Value;
use crate::error::{InputError, read_text};
use crate::source::SourceFile;

/// The values given for the root module's variables (before type
/// conversion), each with its taint: a value given at run time (the
/// environment's `TF_VAR_*`, `--var-file`, `--var`), which is where CI
/// passes secrets, is compared as usual and never shown.
/// `terraform.tfvars` and `*.auto.tfvars` are code: shown.
pub fn root_values(
    ev: &Evaluator<'_>,
    config: &ModuleConfig,
    options: &TerraformOptions,
    errors: &mut Vec<InputError>,
) -> HashMap<String, (Value, Taint)> {
    let constants = ModuleInstance::constants();
    let raw_values = |raw: &[(String, String)]| -> HashMap<String, Value> {
        raw.iter()
            .filter_map(|(name, raw)| {
                Some((name.clone(), raw_value(ev, &constants, config, name, raw)?))
            })
            .collect()
    };
    let mut values = HashMap::new();
    let mut given = |stage: HashMap<String, Value>, taint: Taint| {
        values.extend(stage.into_iter().map(|(name, v)| (name, (v, taint))));
    };
    given(raw_values(&options.env_vars), Taint::GIVEN);
    let mut stage = HashMap::new();
    for (path, display) in tfvars_files(&config.dir, &config.display_dir) {
        read_tfvars(ev, &constants, &path, &display, &mut stage, errors);
    }
    given(stage, Taint::default());
    let mut stage = HashMap::new();
    for path in &options.var_files {
        let display = path.to_string_lossy().replace('\\', "/");
        read_tfvars(ev, &constants, path, &display, &mut stage, errors);
    }
    given(stage, Taint::GIVEN);
    given(raw_values(&options.vars), Taint::GIVEN);
    values
}

/// `terraform.tfvars(.json)` then `*.auto.tfvars(.json)` in name order.
fn tfvars_files(dir: &Path, display_dir: &str) -> Vec<(PathBuf, String)> {
    let mut auto: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
        .collect();
    auto.sort();
    ["terraform.tfvars", "terraform.tfvars.json"]
        .into_iter()
        .map(str::to_owned)
        // Links too, as Terraform reads them; one that leads out of the
        // scanned tree is an error of this module (`read_tfvars`), never a
        // silent skip.
        .filter(|n| {
            std::fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_file() || m.is_symlink())
        })
        .chain(auto)
        .map(|n| (dir.join(&n), join_display(display_dir, &n)))
        .collect()
}

fn read_tfvars(
    ev: &Evaluator<'_>,
    constants: &ModuleInstance,
    path: &Path,
    display: &str,
    values: &mut HashMap<String, Value>,
    errors: &mut Vec<InputError>,
) {
    if !ev.loader.admits_file(path) {
        let why = "a symbolic link to a file outside the scanned directories: not read";
        return errors.push(InputError::file(display, why));
    }
    let text = match read_text(&path.to_path_buf(), display, ev.loader.max_file_size()) {
        Ok(text) => text,
        Err(e) => return errors.push(e),
    };
    let source = SourceFile::new(path.to_path_buf(), display.to_owned(), text);
    if Syntax::of_file(display) == Syntax::Json {
        match parse_json(&source).and_then(|v| to_expression(&v, &source)) {
            Ok(Expression::Object(object)) => {
                for (key, value) in object.iter() {
                    if let Some(name) = key_name(key) {
                        values.insert(name, ev.eval(constants, value.expr(), &Scope::default()));
                    }
                }
            }
            Ok(_) => errors.push(InputError::at(
                &source,
                0..1,
                "a .tfvars.json file must hold a JSON object",
            )),
            Err(e) => errors.push(e),
        }
        return;
    }
    match parse_hcl_body(&source) {
        Ok(body) => {
            for structure in body.iter() {
                if let Structure::Attribute(attr) = structure {
                    values.insert(
                        attr.key.as_str().to_owned(),
                        ev.eval(constants, &attr.value, &Scope::default()),
                    );
                }
            }
        }
        Err(e) => errors.push(e),
    }
}

fn key_name(key: &hcl_edit::expr::ObjectKey) -> Option<String> {
    match key {
        hcl_edit::expr::ObjectKey::Ident(i) => Some(i.as_str().to_owned()),
        hcl_edit::expr::ObjectKey::Expression(e) => e.as_str().map(str::to_owned),
    }
}

/// A value from `--var` or `TF_VAR_`: a plain string for string (or
/// untyped) variables, an HCL expression for other types, as Terraform does.
fn raw_value(
    ev: &Evaluator<'_>,
    constants: &ModuleInstance,
    config: &ModuleConfig,
    name: &str,
    raw: &str,
) -> Option<Value> {
    let variable = config.variables.get(name)?;
    let is_string = match variable.type_expr.as_ref().map(|t| &t.expr) {
        None => true,
        Some(Expression::Variable(v)) => v.as_str() == "string",
        Some(_) => false,
    };
    if is_string {
        return Some(Value::string(raw));
    }
    Some(match hcl_edit::parser::parse_expr(raw) {
        Ok(expr) => ev.eval(constants, &expr, &Scope::default()),
        Err(_) => Value::string(raw),
    })
}
