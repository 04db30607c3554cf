//! Terraform configurations: a directory of `.tf` / `.tf.json` files is a
//! module, and every such directory is analysed as a root module with the
//! modules it calls.

pub mod config;
pub mod eval;
pub mod functions;
pub mod json;
pub mod loader;
pub mod suppressions;
pub mod value;
mod vars;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use config::Mode;
use eval::{ChildCalls, Evaluator, InstanceKey, Instances, ModuleInstance, Scope};
use loader::Loader;
use value::Value;

use crate::frontend::Analysis;
use crate::model::{AccessKey, Declaration, LoginProfile, Model, ResourceKind, UserId};
use crate::source::Source;

/// Values for root-module variables given on the command line.
#[derive(Debug, Clone, Default)]
pub struct TerraformOptions {
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_*` environment variables (name without prefix, value).
    pub env_vars: Vec<(String, String)>,
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

/// Analyses one in-memory `.tf` or `.tf.json` file (by `source.kind`) as a
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
    errors: Vec<crate::error::InputError>,
    options: &TerraformOptions,
) -> Analysis {
    let mut analysis = Analysis {
        errors,
        files: config.files_attempted,
        ..Analysis::default()
    };
    let evaluator = Evaluator {
        loader,
        root: config.clone(),
        errors: Default::default(),
        reentry: Default::default(),
    };
    let given = vars::root_values(&evaluator, &config, options, &mut analysis.errors);
    let vars = evaluator.module_vars(&config, "", |name| given.get(name).cloned());
    let root = ModuleInstance::new(config, String::new(), String::new(), Vec::new(), vars, 0);
    extract(&evaluator, &root, &mut analysis.model);
    analysis.errors.extend(evaluator.errors.into_inner());
    analysis
}

/// Collects the IAM facts of a module instance and, recursively, its children.
fn extract(ev: &Evaluator<'_>, m: &ModuleInstance, model: &mut Model) {
    model
        .suppressions
        .extend(m.config.suppressions.iter().cloned());
    for (idx, resource) in m.config.resources.iter().enumerate() {
        if resource.mode != Mode::Managed {
            continue;
        }
        let kind = match resource.rtype.as_str() {
            "aws_iam_access_key" => ResourceKind::AccessKey,
            "aws_iam_user_login_profile" => ResourceKind::LoginProfile,
            _ => continue,
        };
        let address = m.address(resource);
        let instances = ev.instances(m, idx);
        let list = match &*instances {
            Instances::Known(list) if list.is_empty() => continue,
            Instances::Known(list) => list,
            Instances::Unknown(reason) => {
                model.unresolved(resource.location.clone(), &address, reason.clone());
                continue;
            }
        };
        let decl = model.declare(Declaration {
            address: address.clone(),
            kind,
            location: resource.location.clone(),
            via: m.via.clone(),
            notes: Vec::new(),
        });
        for instance in list {
            let suffix = instance.key.as_ref().map(InstanceKey::suffix);
            let instance_address = format!("{address}{}", suffix.as_deref().unwrap_or(""));
            let scope = Scope::of(instance);
            let user = match resource.attrs.get("user") {
                Some(expr) => match user_id(ev.eval(m, &expr.expr, &scope)) {
                    Some(user) => user,
                    None => {
                        let reason = format!("user = {} could not be resolved", expr.text());
                        model.unresolved(resource.location.clone(), &instance_address, reason);
                        continue;
                    }
                },
                None => {
                    model.unresolved(
                        resource.location.clone(),
                        &instance_address,
                        "no user argument",
                    );
                    continue;
                }
            };
            if kind == ResourceKind::LoginProfile {
                model.login_profiles.push(LoginProfile {
                    decl,
                    instance: suffix,
                    user,
                });
                continue;
            }
            let status = match resource.attrs.get("status") {
                Some(expr) => ev.eval(m, &expr.expr, &scope),
                None => Value::Null,
            };
            let active = match &status {
                Value::Null => true,
                Value::String(s) if &**s == "Active" => true,
                Value::String(s) if &**s == "Inactive" => false,
                _ => {
                    let text = resource
                        .attrs
                        .get("status")
                        .map(|e| e.text())
                        .unwrap_or_default();
                    model.unresolved(
                        resource.location.clone(),
                        &instance_address,
                        format!("status = {text} could not be resolved"),
                    );
                    continue;
                }
            };
            model.access_keys.push(AccessKey {
                decl,
                instance: suffix,
                user,
                active,
                existing: false,
            });
        }
    }
    for call in &m.config.modules {
        match &*ev.children(m, &call.name) {
            ChildCalls::Known(children) => {
                for (_, child) in children {
                    extract(ev, child, model);
                }
            }
            ChildCalls::Opaque(reason) => {
                let address = format!("{}module.{}", m.path, call.name);
                model.unresolved(
                    call.location.clone(),
                    &address,
                    format!("module not followed: {reason}"),
                );
            }
        }
    }
}

/// Turns the value of a `user` argument into a user identity, if known.
fn user_id(value: Value) -> Option<UserId> {
    match value {
        Value::String(name) => Some(UserId::named(&name)),
        Value::Unknown(Some(identity)) => Some(UserId::by_identity(&identity, &identity)),
        _ => None,
    }
}
