//! Terraform configurations: a directory of `.tf` / `.tf.json` files is a
//! module, and every such directory is analysed as a root module with the
//! modules it calls.
//!
//! [`config`] parses a module directory (native and JSON syntax into one
//! expression tree), [`loader`] finds and caches child modules, [`eval`]
//! evaluates expressions with unknowns, `vars` gathers root-module
//! variable values, and [`iam`] turns key and login profile blocks into
//! model facts.

mod accounts;
pub mod budget;
pub mod config;
pub mod eval;
pub mod functions;
pub mod iam;
pub mod loader;
pub mod number;
mod scenarios;
pub mod suppressions;
mod user_names;
pub mod value;
mod var_uses;
mod vars;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Arg, ArgAction, ArgMatches};

use eval::{Evaluator, ModuleInstance, Taint};
use loader::Loader;
use value::Value;

use crate::error::InputError;
use crate::frontend::{
    Analysis, Claim, Context, Frontend, FrontendOptions, Scenario, Setting, Unit, has_extension,
};
use crate::model::Model;
use crate::source::Source;

/// The front-end's name.
pub const NAME: &str = "terraform";

/// Terraform configurations (`.tf`, `.tf.json`), one unit per module
/// directory.
pub struct Terraform;

/// Values for root-module variables given on the command line.
#[derive(Debug, Clone, Default)]
pub struct TerraformOptions {
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_*` environment variables (name without prefix, value).
    pub env_vars: Vec<(String, String)>,
    /// `--all-inputs`: defaults are one possible value, and the booleans
    /// that decide what exists are enumerated ([`scenarios`]).
    pub all_inputs: bool,
}

/// Whether a file belongs to a module: `.tf`, `.tf.json`, or OpenTofu's
/// `.tofu`, `.tofu.json`.
pub fn is_module_file(name: &str) -> bool {
    [".tf", ".tf.json", ".tofu", ".tofu.json"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Whether a file holds variable values (`.tfvars`, `.tfvars.json`).
fn is_variables_file(name: &str) -> bool {
    name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// Whether a directory holds a module (one `.tf` or `.tf.json` file).
pub fn is_module_dir(dir: &Path) -> bool {
    config::module_files(dir).is_ok_and(|files| !files.is_empty())
}

impl Frontend for Terraform {
    fn name(&self) -> &'static str {
        NAME
    }

    fn claim(&self, file_name: &str, explicit: bool) -> Claim {
        if is_module_file(file_name) {
            Claim::Directory
        } else if explicit && is_variables_file(file_name) {
            // A variables file named on the command line (as pre-commit
            // passes a changed one) means: lint its module.
            Claim::Directory
        } else if has_extension(file_name, &[".tfvars", ".tfvars.json"]) {
            // Read with its module (any case: `PROD.TFVARS.JSON` is no plan).
            Claim::Ignore
        } else {
            Claim::No
        }
    }

    /// `.terraform` holds what `terraform init` installed: modules are read
    /// from there only when a module block calls them.
    fn skips_directory(&self, dir_name: &str) -> bool {
        dir_name == ".terraform"
    }

    fn analyse(&self, unit: Unit<'_>, ctx: &Context<'_>) -> Analysis {
        let options = ctx.options.get_or_default::<TerraformOptions>();
        match unit {
            Unit::Directory(target) => {
                let loader = Loader::for_run(ctx);
                analyse_root(&loader, &target.path, &target.display, &options)
            }
            Unit::File(file) => analyse_source(&file.into_source(), &options),
        }
    }

    fn options(&self) -> Vec<Arg> {
        vec![
            Arg::new("var-file")
                .long("var-file")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append)
                .help_heading("Terraform")
                .help("A Terraform variables file for root modules (repeatable)"),
            Arg::new("var")
                .long("var")
                .value_name("NAME=VALUE")
                .value_parser(crate::frontend::parse_name_value)
                .action(ArgAction::Append)
                .help_heading("Terraform")
                .help("A Terraform variable for root modules, NAME=VALUE (repeatable)"),
            Arg::new("all-inputs")
                .long("all-inputs")
                .action(ArgAction::SetTrue)
                .help_heading("Terraform")
                .help("Also report findings that hold only for some inputs, with their condition (defaults are one value among others); Terraform variables and CloudFormation parameters"),
        ]
    }

    fn configure(
        &self,
        args: &ArgMatches,
        env: &[(String, String)],
        options: &mut FrontendOptions,
    ) -> Result<(), String> {
        options.insert(TerraformOptions {
            var_files: args
                .get_many::<PathBuf>("var-file")
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            vars: args
                .get_many::<(String, String)>("var")
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            env_vars: env
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("TF_VAR_")?.to_owned(), v.clone())))
                .collect(),
            all_inputs: args.get_flag("all-inputs"),
        });
        Ok(())
    }

    /// Only local sources: a registry or git module is not part of the
    /// repository, and its installed copy is read by its caller anyway.
    fn local_dependencies(&self, dir: &Path, max_file_size: u64) -> Vec<PathBuf> {
        let sources = config::local_module_sources(dir, max_file_size);
        sources.iter().map(|source| dir.join(source)).collect()
    }

    /// `--var` only: a `TF_VAR_*` variable meant for another configuration
    /// is ordinary in CI (Terraform ignores it too), and a variables file
    /// may set what only some of the modules it is used with declare.
    fn given_inputs(&self, options: &FrontendOptions) -> Vec<(&'static str, String)> {
        let options = options.get_or_default::<TerraformOptions>();
        let names = options.vars.iter().map(|(name, _)| ("--var", name.clone()));
        names.collect()
    }
}

/// Analyses the module in `dir` as a root module, with the modules it calls.
pub fn analyse_root(
    loader: &Loader,
    dir: &Path,
    display_dir: &str,
    options: &TerraformOptions,
) -> Analysis {
    let loaded = loader.load_root(dir, display_dir);
    analyse_config(
        loader,
        loaded.config.clone(),
        loaded.errors.clone(),
        options,
    )
}

/// The facts of the root module `config` with the values `given` for its
/// variables and the enumerated ones `set` (with `--all-inputs`: no
/// defaults), and
/// the evaluation's errors.
fn facts(
    loader: &Loader,
    config: &Arc<config::ModuleConfig>,
    given: &HashMap<String, (Value, Taint)>,
    options: &TerraformOptions,
    set: &[(String, Value)],
) -> (Model, Vec<InputError>) {
    let evaluator = Evaluator::new(loader, config.clone(), &iam::IamAttributes);
    let mut vars =
        evaluator.module_vars(config, "", |name| given.get(name).map(|(v, _)| v.clone()));
    if options.all_inputs {
        for (name, variable) in &config.variables {
            if variable.default.is_some() && !given.contains_key(name) {
                vars.insert(name.clone(), Value::unknown_as(format!("var.{name}")));
            }
        }
        vars.extend(set.iter().cloned());
    }
    let taints = evaluator.var_taints(config, |name| {
        given.get(name).map(|(_, taint)| *taint).unwrap_or_default()
    });
    let root = ModuleInstance::new(
        config.clone(),
        String::new(),
        String::new(),
        Vec::new(),
        vars,
        0,
    )
    .with_var_taints(taints);
    let mut model = Model {
        all_inputs: options.all_inputs,
        ..Model::default()
    };
    iam::extract(&evaluator, &root, &mut model);
    user_names::unify(&evaluator, &root, &mut model);
    crate::model::note_names_across_accounts(&mut model);
    (model, evaluator.errors.into_inner())
}

/// Analyses one in-memory `.tf` or `.tf.json` file (by its name) as a
/// root module on its own. Nothing is read from disk except what the file
/// itself points at (local child modules, `terraform.tfvars`) relative to
/// `source.path`'s directory; give a path in a directory that does not exist
/// to read nothing at all.
pub fn analyse_source(source: &Source, options: &TerraformOptions) -> Analysis {
    let (config, errors) = config::single_file_module(source.clone());
    analyse_config(&Loader::default(), Arc::new(config), errors, options)
}

fn analyse_config(
    loader: &Loader,
    config: Arc<config::ModuleConfig>,
    errors: Vec<InputError>,
    options: &TerraformOptions,
) -> Analysis {
    let mut analysis = Analysis {
        errors,
        files: config.files_attempted,
        declared_inputs: config.variables.keys().cloned().collect(),
        ..Analysis::default()
    };
    budget::start();
    let unit_name = match config.display_dir.as_str() {
        "" => ".".to_owned(),
        dir => dir.to_owned(),
    };
    let given_values = {
        let evaluator = Evaluator::new(loader, config.clone(), &iam::IamAttributes);
        vars::root_values(&evaluator, &config, options, &mut analysis.errors)
    };
    if options.all_inputs {
        let (names, beyond) = scenarios::enumerated(&config, &given_values);
        for index in 0..1usize << names.len() {
            let mut set = Vec::with_capacity(names.len());
            let mut given = Vec::with_capacity(names.len());
            for (input, value, bit, shown) in scenarios::assignment(&names, index) {
                given.push(Setting {
                    input: format!("var.{}", input.name),
                    bit,
                    value: shown,
                    complete: input.complete,
                });
                set.push((input.name.clone(), value));
            }
            let (model, errors) = facts(loader, &config, &given_values, options, &set);
            if index == 0 {
                analysis.errors.extend(errors);
            }
            analysis.scenarios.push(Scenario { given, model });
        }
        analysis.settle_scenarios();
        scenarios::note_beyond(&config, &beyond, &mut analysis.model);
    } else {
        let (model, errors) = facts(loader, &config, &given_values, options, &[]);
        analysis.model = model;
        analysis.errors.extend(errors);
    }
    if let Some(reason) = budget::finish() {
        // What was drawn before the budget ran out is incomplete: no
        // findings from it, one clear error instead.
        analysis.model = Default::default();
        analysis
            .errors
            .push(InputError::file(&unit_name, budget::message(reason)));
    }
    analysis
}
