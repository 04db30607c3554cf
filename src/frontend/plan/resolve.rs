//! From the parsed plan to the model: which key and login profile instances
//! exist after apply, whose they are, and whether they are active.
//!
//! Only facts reach the model. A key whose user or status is unknown until
//! apply, and cannot be tied to a user resource through the configuration
//! without guessing, goes to [`Model::unresolved`] with the reason.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::accounts::Accounts;
use super::address::{Address, ResourceRef};
use super::borrowed::{RawStr, Str, raw_span};
use super::json::{
    Action, ConfigModule, Expressions, IamValues, Module, Plan, SensitiveNames, UnknownValues,
};
use super::nested_error;
use crate::error::InputError;
use crate::model::{
    AccessKey, DeclId, Declaration, KeyStatus, LoginProfile, MODULE_CALL, Model, ResourceKind,
    UserId,
};

/// The resource type of IAM users, as it appears in references.
const USER_TYPE: &str = ResourceKind::User.terraform_type();
use crate::source::{Location, Source};

/// Builds the model of a parsed plan read from `source`.
pub(super) fn build<'a>(source: &Source, plan: &Plan<'a>) -> Result<Model, InputError> {
    let text = source.text.as_str();
    let mut inventory = Inventory::default();
    // Planned values first: they describe the objects after apply, and they
    // give the location of every instance that still exists.
    if let Some(root) = plan
        .planned_values
        .as_ref()
        .and_then(|v| v.root_module.as_ref())
    {
        inventory.collect(text, root, true);
    }
    if let Some(root) = plan
        .prior_state
        .as_ref()
        .and_then(|s| s.values.as_ref())
        .and_then(|v| v.root_module.as_ref())
    {
        inventory.collect(text, root, false);
    }
    let instances = std::mem::take(&mut inventory.instances);
    let mut builder = Builder {
        source,
        changes: changes(plan),
        config: config_index(plan),
        accounts: Accounts::of(plan),
        inventory,
        decls: HashMap::new(),
        model: Model::default(),
    };
    for instance in &instances {
        builder.add(instance)?;
    }
    crate::model::note_names_across_accounts(&mut builder.model);
    Ok(builder.model)
}

/// What a plan does to each key and login profile instance, by address.
/// Deposed objects are left out: they share the address of the current
/// object, and their deletion says nothing about it.
fn changes<'a>(plan: &Plan<'a>) -> HashMap<Cow<'a, str>, Change<'a>> {
    let entries = plan.resource_changes.as_ref().map_or(&[][..], |c| &c.0);
    entries
        .iter()
        .map(|rc| {
            let change = Change {
                action: rc.change.actions,
                after_unknown: rc.change.after_unknown,
            };
            (rc.address.decode(), change)
        })
        .collect()
}

/// The part of a resource change that matters.
#[derive(Debug, Clone, Copy)]
struct Change<'a> {
    action: Action,
    after_unknown: Option<&'a RawValue>,
}

/// The raw `expressions` of every key and profile block of the
/// configuration, by module-qualified address (`module.a.aws_iam_access_key.k`).
fn config_index<'a>(plan: &Plan<'a>) -> HashMap<String, Option<&'a RawValue>> {
    let mut index = HashMap::new();
    let root = plan
        .configuration
        .as_ref()
        .and_then(|c| c.root_module.as_ref());
    if let Some(root) = root {
        index_config_module(root, &mut String::new(), &mut index);
    }
    index
}

fn index_config_module<'a>(
    module: &ConfigModule<'a>,
    prefix: &mut String,
    index: &mut HashMap<String, Option<&'a RawValue>>,
) {
    for resource in module.resources.iter().flat_map(|r| &r.0) {
        index.insert(
            format!("{prefix}{}", resource.address.0),
            resource.expressions,
        );
    }
    for (name, call) in module.module_calls.iter().flatten() {
        if let Some(child) = &call.module {
            let len = prefix.len();
            prefix.push_str("module.");
            prefix.push_str(&name.0);
            prefix.push('.');
            index_config_module(child, prefix, index);
            prefix.truncate(len);
        }
    }
}

/// A key or login profile instance found in planned values or prior state.
#[derive(Debug)]
struct Instance<'a> {
    address: Cow<'a, str>,
    kind: ResourceKind,
    values: Option<&'a RawValue>,
    /// Which of its names are sensitive.
    sensitive: SensitiveNames,
    /// The `"address": "..."` pair that names it.
    span: Range<usize>,
    /// Found in planned values (else only in prior state).
    planned: bool,
}

/// Every IAM resource instance of the plan, each address once.
#[derive(Debug, Default)]
struct Inventory<'a> {
    /// Keys and login profiles, in the order of the file.
    instances: Vec<Instance<'a>>,
    seen: HashSet<Cow<'a, str>>,
    /// Keys and login profiles that exist before apply.
    prior: HashSet<Cow<'a, str>>,
    /// Planned user instances: their raw values, and whether their names
    /// are sensitive.
    users: HashMap<Cow<'a, str>, (Option<&'a RawValue>, bool)>,
    /// How many keyed instances (`count`, `for_each`) each planned user
    /// block has, by block address in its module instance.
    keyed_users: HashMap<String, usize>,
}

impl<'a> Inventory<'a> {
    fn collect(&mut self, text: &str, module: &Module<'a>, planned: bool) {
        for resource in module.resources.iter().flat_map(|r| &r.0) {
            let Some(kind) = resource.iam_kind() else {
                continue;
            };
            let address = resource.address.decode();
            if kind == ResourceKind::User {
                if planned {
                    let sensitive = SensitiveNames::parse(resource.sensitive_values).name;
                    self.add_user(address, (resource.values, sensitive));
                }
                continue;
            }
            if !planned {
                self.prior.insert(address.clone());
            }
            if self.seen.insert(address.clone()) {
                self.instances.push(Instance {
                    address,
                    kind,
                    values: resource.values,
                    sensitive: SensitiveNames::parse(resource.sensitive_values),
                    span: address_span(text, &resource.address),
                    planned,
                });
            }
        }
        for child in module.child_modules.iter().flatten() {
            self.collect(text, child, planned);
        }
    }

    fn add_user(&mut self, address: Cow<'a, str>, values: (Option<&'a RawValue>, bool)) {
        if let Some(parsed) = Address::parse(&address)
            && parsed.instance().is_some()
        {
            *self
                .keyed_users
                .entry(parsed.block().to_owned())
                .or_default() += 1;
        }
        self.users.insert(address, values);
    }
}

/// The span of the `"address": "..."` pair whose value is `address` (else of the value).
fn address_span(text: &str, address: &RawStr<'_>) -> Range<usize> {
    let Some(value) = address.span_in(text) else {
        return 0..0;
    };
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let key = text
        .get(..value.start)
        .map(|before| before.trim_end_matches(is_space))
        .and_then(|s| s.strip_suffix(':'))
        .map(|s| s.trim_end_matches(is_space))
        .and_then(|s| s.strip_suffix("\"address\""));
    match key {
        Some(before) => before.len()..value.end,
        None => value,
    }
}

struct Builder<'s, 'a> {
    source: &'s Source,
    changes: HashMap<Cow<'a, str>, Change<'a>>,
    config: HashMap<String, Option<&'a RawValue>>,
    accounts: Accounts,
    inventory: Inventory<'a>,
    /// Declarations made so far, by block address.
    decls: HashMap<String, DeclId>,
    model: Model,
}

impl<'a> Builder<'_, 'a> {
    /// Adds one instance to the model, or to `unresolved`, unless it is
    /// gone after apply.
    fn add(&mut self, instance: &Instance<'a>) -> Result<(), InputError> {
        let change = self.changes.get(instance.address.as_ref()).copied();
        if change.is_some_and(|c| c.action == Action::Delete) {
            return Ok(());
        }
        let existing = self.inventory.prior.contains(&instance.address)
            && change.is_none_or(|c| c.action.keeps_object());
        let values: IamValues = parse_raw(self.source, instance.values)?;
        // Prior state holds only known values; `after_unknown` is about the
        // planned object.
        let unknown: UnknownValues = match change {
            Some(Change {
                after_unknown: Some(raw),
                ..
            }) if instance.planned => {
                UnknownValues::parse(raw).map_err(|e| raw_error(self.source, raw, &e))?
            }
            _ => UnknownValues::default(),
        };
        let location = Location::new(self.source, instance.span.clone());
        let Some(address) = Address::parse(&instance.address) else {
            let reason = "its address cannot be read";
            self.model.unresolved(location, &instance.address, reason);
            return Ok(());
        };
        let user = self
            .resolve_user(&address, &values, &unknown)
            .map(|user| match instance.sensitive.user {
                true => user.sensitive(&format!("{}.user", instance.address)),
                false => user,
            })
            .map(|user| self.in_account(user, &address, &location));
        let active = match instance.kind {
            ResourceKind::AccessKey => resolve_status(&values, &unknown),
            _ => Ok(true),
        };
        match (user, active) {
            (Ok(user), Ok(active)) => {
                let decl = self.declare(&address, instance.kind, location);
                self.push(decl, &address, instance.kind, user, active, existing);
            }
            (user, active) => {
                let reasons: Vec<String> =
                    [user.err(), active.err()].into_iter().flatten().collect();
                self.model
                    .unresolved(location, &instance.address, reasons.join("; "));
            }
        }
        Ok(())
    }

    fn push(
        &mut self,
        decl: DeclId,
        address: &Address<'_>,
        kind: ResourceKind,
        user: UserId,
        active: bool,
        existing: bool,
    ) {
        let instance = address.instance().map(str::to_owned);
        if kind == ResourceKind::AccessKey {
            self.model.access_keys.push(AccessKey {
                decl,
                instance,
                user,
                active,
                existing,
                every: Vec::new(),
            });
        } else {
            self.model.login_profiles.push(LoginProfile {
                decl,
                instance,
                user,
                every: Vec::new(),
            });
        }
    }

    /// The user in the account of the block's provider configuration; a
    /// configuration that does not tell its account is noted, and its
    /// users are compared only with users of the same configuration.
    fn in_account(&mut self, user: UserId, address: &Address<'_>, location: &Location) -> UserId {
        let block = address.config_address();
        match self.accounts.of_block(&block) {
            Ok(None) => user,
            Ok(Some(account)) => user.in_account(&account),
            Err(why) => {
                let reason = format!(
                    "the account its provider configuration targets is not known ({why}): compared only with resources of the same configuration"
                );
                self.model
                    .partly_checked(location.clone(), address.block(), reason);
                user.in_account(&format!("unknown:{block}"))
            }
        }
    }

    /// The declaration of the block of `address`, made at the first instance seen.
    fn declare(&mut self, address: &Address<'_>, kind: ResourceKind, location: Location) -> DeclId {
        let block = address.block();
        if let Some(&id) = self.decls.get(block) {
            return id;
        }
        let id = self.model.declare(Declaration {
            address: block.to_owned(),
            kind,
            location,
            via: Vec::new(),
            via_kind: MODULE_CALL,
            notes: Vec::new(),
        });
        self.decls.insert(block.to_owned(), id);
        id
    }

    /// The user of a key or profile: its known `user`, or the user resource
    /// its configuration names when the value is unknown until apply.
    fn resolve_user(
        &self,
        address: &Address<'_>,
        values: &IamValues<'_>,
        unknown: &UnknownValues<'_>,
    ) -> Result<UserId, String> {
        if let Some(user) = &values.user {
            return Ok(UserId::named(&user.0));
        }
        if !unknown.user() {
            return Err("user is not set".to_owned());
        }
        self.user_from_config(address)
            .map_err(|why| format!("user is unknown until apply and {why}"))
    }

    /// Follows the `user` expression of the configuration to exactly one
    /// `aws_iam_user` instance of the same module instance.
    fn user_from_config(&self, address: &Address<'_>) -> Result<UserId, String> {
        let config_address = address.config_address();
        let Some(&raw) = self.config.get(&config_address) else {
            return Err(format!(
                "the plan has no configuration for {config_address}"
            ));
        };
        let expressions: Expressions = match raw.map(|r| serde_json::from_str(r.get())) {
            None => Expressions::default(),
            Some(Ok(e)) => e,
            Some(Err(_)) => return Err("its expression cannot be read".to_owned()),
        };
        let references = expressions.user.map(|e| e.references).unwrap_or_default();
        let target = pick_user(&references)?;
        let block = format!("{}{USER_TYPE}.{}", address.module_prefix(), target.name);
        let user_address = format!("{block}{}", target.key.unwrap_or(""));
        if let Some(&(values, sensitive)) = self.inventory.users.get(user_address.as_str()) {
            let user = user_identity(&user_address, values);
            return Ok(match sensitive {
                true => user.sensitive(&format!("{user_address}.name")),
                false => user,
            });
        }
        match self.inventory.keyed_users.get(&block) {
            Some(n) if target.key.is_none() => Err(format!(
                "its expression references {USER_TYPE}.{} without an instance key, and that user has {n} instance{}",
                target.name,
                if *n == 1 { "" } else { "s" }
            )),
            _ => Err(format!("{user_address} is not in the planned values")),
        }
    }
}

/// The one user resource named by the references of a `user` expression.
///
/// Terraform lists a reference with each of its prefixes
/// (`aws_iam_user.x[0].name`, `aws_iam_user.x[0]`, `aws_iam_user.x`), so the
/// keyed form wins over the bare one; two different keys, two users, or any
/// other reference (a variable, `count.index`, a module output) make the
/// value depend on more than one user, and nothing is guessed.
fn pick_user<'r>(references: &'r [Str<'_>]) -> Result<ResourceRef<'r>, String> {
    let mut names: Vec<&str> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for reference in references {
        match ResourceRef::parse(&reference.0, USER_TYPE) {
            Some(r) => {
                push_new(&mut names, r.name);
                if let Some(key) = r.key {
                    push_new(&mut keys, key);
                }
            }
            None => push_new(&mut others, &reference.0),
        }
    }
    if !others.is_empty() {
        return Err(format!("its expression references {}", others.join(", ")));
    }
    match (names.as_slice(), keys.as_slice()) {
        ([], _) => Err("its expression references no user".to_owned()),
        ([name], []) => Ok(ResourceRef { name, key: None }),
        ([name], [key]) => Ok(ResourceRef {
            name,
            key: Some(key),
        }),
        ([name], _) => Err(format!(
            "its expression references several instances of {USER_TYPE}.{name}"
        )),
        _ => {
            let users: Vec<String> = names.iter().map(|n| format!("{USER_TYPE}.{n}")).collect();
            Err(format!(
                "its expression references several users: {}",
                users.join(", ")
            ))
        }
    }
}

fn push_new<'r>(list: &mut Vec<&'r str>, item: &'r str) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// A planned user instance: by name when its name is known, else by the
/// identity of the instance itself.
fn user_identity(address: &str, values: Option<&RawValue>) -> UserId {
    let name = values
        .and_then(|raw| serde_json::from_str::<IamValues>(raw.get()).ok())
        .and_then(|v| v.name);
    match name {
        Some(name) => UserId::named(&name.0),
        None => UserId::by_identity(address, address),
    }
}

/// `true` for an active key. A status absent from the values is the
/// provider's default (`Active`) unless the plan says it is unknown.
fn resolve_status(values: &IamValues<'_>, unknown: &UnknownValues<'_>) -> Result<bool, String> {
    match values.status.as_ref().map(|s| s.0.as_ref()) {
        Some(text) => KeyStatus::parse(text)
            .map(KeyStatus::is_active)
            .ok_or_else(|| format!("status has the unexpected value {text:?}")),
        None if unknown.status() => Err("status is unknown until apply".to_owned()),
        None => Ok(true),
    }
}

/// Parses a raw object of the plan into `T`; absent or `null` gives the
/// default.
fn parse_raw<'a, T>(source: &Source, raw: Option<&'a RawValue>) -> Result<T, InputError>
where
    T: Deserialize<'a> + Default,
{
    let Some(raw) = raw else {
        return Ok(T::default());
    };
    serde_json::from_str(raw.get()).map_err(|e| raw_error(source, raw, &e))
}

/// An error of serde_json reading `raw`, placed in the source.
fn raw_error(source: &Source, raw: &RawValue, error: &serde_json::Error) -> InputError {
    nested_error(source, raw_span(&source.text, raw), raw.get(), error)
}
