//! Ties a plan's resources to the Terraform source they were planned from.
//!
//! A plan is named by file and address only (it is often one huge line).
//! When the configuration it came from is at hand (the plan's own directory,
//! or the one Terraform directory being linted beside it), each declaration's
//! primary location becomes its `resource` block in the `.tf` file, and the
//! plan entry is kept as a note.

use std::path::{Path, PathBuf};

use super::address::Address;
use crate::frontend::Context;
use crate::frontend::terraform::config::Mode;
use crate::frontend::terraform::loader::Loader;
use crate::frontend::terraform::{self, is_module_dir};
use crate::model::{Model, Note};
use crate::paths::{display_path, parent_dir};

/// Ties the declarations of the plan at `plan_path` to the Terraform
/// configuration it was made from, when that is at hand.
pub(super) fn link(model: &mut Model, plan_path: &Path, ctx: &Context<'_>) {
    if let Some((dir, display)) = source_dir(plan_path, ctx) {
        link_to_source(model, &Loader::for_run(ctx), &dir, &display);
    }
}

/// The Terraform directory a plan was made from: the plan's own directory
/// when it holds `.tf` files, else the only Terraform directory linted.
fn source_dir(plan_path: &Path, ctx: &Context<'_>) -> Option<(PathBuf, String)> {
    let dir = parent_dir(plan_path);
    if is_module_dir(dir) {
        return Some((dir.to_path_buf(), display_path(dir)));
    }
    let mut modules = ctx.directories(terraform::NAME);
    match (modules.next(), modules.next()) {
        (Some(only), None) => Some((only.path.clone(), only.display.clone())),
        _ => None,
    }
}

/// Moves each declaration of `model` to its block in the module in `dir`,
/// when that block can be found; returns how many were moved.
fn link_to_source(model: &mut Model, loader: &Loader, dir: &Path, display_dir: &str) -> usize {
    let root = loader.load(dir, display_dir).config.clone();
    if root.resources.is_empty() && root.modules.is_empty() {
        return 0;
    }
    let mut moved = 0;
    for decl in &mut model.declarations {
        let Some(address) = Address::parse(&decl.address) else {
            continue;
        };
        let Some((rtype, name)) = address.type_and_name() else {
            continue;
        };
        // Follow the module calls down to the module that declares it.
        let mut config = root.clone();
        let mut key = String::new();
        let mut found = true;
        for call_name in address.modules() {
            key = if key.is_empty() {
                (*call_name).to_owned()
            } else {
                format!("{key}.{call_name}")
            };
            let child = config
                .module_call(call_name)
                .and_then(|call| loader.child(&root, &config, &key, call).ok());
            match child {
                Some(loaded) => config = loaded.config.clone(),
                None => {
                    found = false;
                    break;
                }
            }
        }
        let block = found
            .then(|| config.resource(Mode::Managed, rtype, name))
            .flatten();
        if let Some((_, resource)) = block {
            let plan_location = std::mem::replace(&mut decl.location, resource.location.clone());
            let message = format!(
                "planned as `{}` in {}",
                decl.address, plan_location.source.name
            );
            decl.notes.push(Note {
                location: plan_location,
                message,
            });
            moved += 1;
        }
    }
    moved
}
