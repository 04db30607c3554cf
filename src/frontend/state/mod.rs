//! Terraform state: a raw `terraform.tfstate` (format version 4, also what
//! `terraform state pull` prints) or `terraform show -json` of a state. The
//! keys and login profiles that exist, as keys already in state, and each
//! key's `create_date` for the rotation rule.
//!
//! State holds secrets (`secret`, `ses_smtp_password_v4`, passwords): only
//! the `user`, `status` and `create_date` attributes of keys and login
//! profiles are ever read into anything, and a state is never quoted.

mod json;

use std::ops::Range;

use json::{Attributes, RawState, Shown, ShownModule};
use serde_json::value::RawValue;

use crate::error::InputError;
use crate::frontend::{
    Analysis, Claim, Context, Frontend, Unit, has_extension, is_json_object, span_in,
};
use crate::model::{
    AccessKey, Declaration, KeyRecord, KeyStatus, LastUsed, LoginProfile, MODULE_CALL, Model,
    ResourceKind, UserId, parse_time,
};
use crate::source::{Location, Source, SourceFile};

/// The front-end's name.
pub const NAME: &str = "terraform-state";

/// Terraform state files, raw or as `terraform show -json` prints them.
pub struct State;

impl Frontend for State {
    fn name(&self) -> &'static str {
        NAME
    }

    fn claim(&self, file_name: &str, explicit: bool) -> Claim {
        // Not `.tfstate.backup`: an older copy would count its keys twice.
        if explicit || has_extension(file_name, &[".tfstate", ".json"]) {
            Claim::File
        } else {
            Claim::No
        }
    }

    fn recognises(&self, text: &str) -> bool {
        is_json_object(text)
            && ((text.contains("\"lineage\"") && text.contains("\"resources\""))
                || (text.contains("\"format_version\"") && text.contains("\"root_module\"")))
    }

    fn analyse(&self, unit: Unit<'_>, _ctx: &Context<'_>) -> Analysis {
        let Unit::File(file) = unit else {
            return Analysis::default();
        };
        // Never quoted: a state's lines hold secrets.
        let source = SourceFile::never_quoted(file.path, file.name, file.text);
        match analyse(&source) {
            Ok(model) => Analysis::of_file(model),
            Err(e) => Analysis::failed(e),
        }
    }
}

/// Reads the keys and login profiles of a state.
fn analyse(source: &Source) -> Result<Model, InputError> {
    let error = |e: serde_json::Error| {
        let message = format!("not a Terraform state: {}", describe(&e));
        InputError::at(source, 0..source.text.len().min(1), message)
    };
    let mut facts = Facts {
        source,
        model: Model::default(),
        scoped: false,
    };
    if source.text.contains("\"lineage\"") {
        let state: RawState<'_> = serde_json::from_str(&source.text).map_err(error)?;
        if state.version != 4 {
            let message = format!(
                "unsupported state version {}: keylint reads version 4",
                state.version
            );
            return Err(InputError::at(source, 0..1, message));
        }
        // One provider configuration is one account; with several (aliases),
        // a name in one is not provably the same user as in another.
        let mut providers: Vec<&str> = state
            .resources
            .iter()
            .map(|r| r.provider.as_ref())
            .collect();
        providers.sort_unstable();
        providers.dedup();
        facts.scoped = providers.len() > 1;
        for resource in &state.resources {
            let Some(kind) = iam_kind(&resource.mode, &resource.kind) else {
                continue;
            };
            let module = resource
                .module
                .as_deref()
                .map_or(String::new(), |m| format!("{m}."));
            let address = format!("{module}{}.{}", resource.kind, resource.name);
            let span = facts.span_of(&resource.name);
            let decl = facts.declare(&address, kind, span);
            for instance in &resource.instances {
                let key = instance.index_key.map(|k| format!("[{}]", k.get()));
                let sensitive = instance
                    .sensitive_attributes
                    .is_some_and(|s| s.get().contains("\"user\""));
                facts.instance(
                    decl,
                    key,
                    instance.attributes,
                    sensitive,
                    &resource.provider,
                );
            }
        }
    } else {
        let shown: Shown<'_> = serde_json::from_str(&source.text).map_err(error)?;
        let Some(root) = shown.values.and_then(|v| v.root_module) else {
            return Ok(facts.model);
        };
        facts.shown_module(&root);
        if let Some(first) = facts.model.declarations.first() {
            let location = first.location.clone();
            facts.model.unresolved(
                location,
                "state",
                "`terraform show -json` of a state does not say which provider configuration (account) each resource uses: keys are dated and counted within their own resource only, not compared with other resources' users (lint the raw state, from `terraform state pull`, for that)",
            );
        }
    }
    Ok(facts.model)
}

/// The model being built from one state.
struct Facts<'s> {
    source: &'s Source,
    model: Model,
    /// Whether users are told apart by provider configuration.
    scoped: bool,
}

impl Facts<'_> {
    /// Where a string read from the state's text is (its start, for one
    /// that had to be unescaped).
    fn span_of(&self, value: &str) -> Range<usize> {
        span_in(&self.source.text, value).unwrap_or(0..self.source.text.len().min(1))
    }

    fn declare(&mut self, address: &str, kind: ResourceKind, span: Range<usize>) -> usize {
        self.model.declare(Declaration {
            address: address.to_owned(),
            kind,
            location: Location::new(self.source, span),
            via: Vec::new(),
            via_kind: MODULE_CALL,
            notes: Vec::new(),
        })
    }

    /// Every IAM resource instance of a module of `terraform show -json`,
    /// and of the modules it calls. Such a state does not say which
    /// provider configuration (account) a resource uses, so a user is
    /// known only within its own resource: no key is compared with another
    /// resource's user.
    fn shown_module(&mut self, module: &ShownModule<'_>) {
        let mut decls: Vec<(String, usize)> = Vec::new();
        for resource in &module.resources {
            let Some(kind) = iam_kind(&resource.mode, &resource.kind) else {
                continue;
            };
            let index = resource.index.map(|i| format!("[{}]", i.get()));
            let address = resource.address.as_ref();
            let base = index
                .as_deref()
                .and_then(|i| address.strip_suffix(i))
                .unwrap_or(address)
                .to_owned();
            let decl = match decls.iter().find(|(a, _)| *a == base) {
                Some(&(_, decl)) => decl,
                None => {
                    let span = self.span_of(&resource.address);
                    let decl = self.declare(&base, kind, span);
                    decls.push((base.clone(), decl));
                    decl
                }
            };
            let sensitive = resource
                .sensitive_values
                .is_some_and(|s| s.get().contains("\"user\":true"));
            // All instances of one resource share its provider configuration.
            let provider = format!("shown:{base}");
            self.instance(decl, index, resource.values, sensitive, &provider);
        }
        for child in &module.child_modules {
            self.shown_module(child);
        }
    }

    /// One instance of a key or login profile.
    fn instance(
        &mut self,
        decl: usize,
        instance: Option<String>,
        attributes: Option<&RawValue>,
        sensitive: bool,
        provider: &str,
    ) {
        let address = self.model.instance_address(decl, instance.as_deref());
        let location = self.model.decl(decl).location.clone();
        let attributes: Attributes<'_> = match attributes.map(|a| serde_json::from_str(a.get())) {
            Some(Ok(a)) => a,
            _ => {
                self.model
                    .unresolved(location, &address, "its attributes cannot be read");
                return;
            }
        };
        let Some(name) = attributes.user.as_deref() else {
            self.model.unresolved(location, &address, "it has no user");
            return;
        };
        let mut user = UserId::named(name);
        if self.scoped || provider.starts_with("shown:") {
            // Told apart by provider configuration: one configuration is
            // one account, two may or may not be.
            user = user.in_account(&format!("state:{provider}"));
        }
        if sensitive {
            user = user.sensitive(&format!("{address}.user"));
        }
        match self.model.decl(decl).kind {
            ResourceKind::LoginProfile => self.model.login_profiles.push(LoginProfile {
                decl,
                instance,
                user,
                every: Vec::new(),
            }),
            _ => {
                let status = attributes.status.as_deref().unwrap_or("Active");
                let Some(status) = KeyStatus::parse(status) else {
                    self.model.unresolved(
                        location,
                        &address,
                        "its status is neither Active nor Inactive",
                    );
                    return;
                };
                let created = attributes
                    .create_date
                    .as_deref()
                    .and_then(|d| parse_time(d).ok());
                self.model.key_records.push(KeyRecord {
                    decl,
                    instance: instance.clone(),
                    user_decl: decl,
                    user: user.clone(),
                    active: status.is_active(),
                    root: false,
                    created,
                    last_used: LastUsed::Unknown,
                    user_created: None,
                    password_enabled: None,
                    declared: true,
                    code_keys: None,
                });
                self.model.access_keys.push(AccessKey {
                    decl,
                    instance,
                    user,
                    active: status.is_active(),
                    existing: true,
                    every: Vec::new(),
                });
            }
        }
    }
}

/// A key or login profile (not a user, not a data source).
fn iam_kind(mode: &str, kind: &str) -> Option<ResourceKind> {
    match (mode, ResourceKind::from_terraform_type(kind)) {
        ("managed", Some(k @ (ResourceKind::AccessKey | ResourceKind::LoginProfile))) => Some(k),
        _ => None,
    }
}

/// serde_json's message without the position it appends.
fn describe(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&position).unwrap_or(&full).to_owned()
}
