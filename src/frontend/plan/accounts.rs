//! Which account each key and login profile of a plan is created in, from
//! the provider configuration its block uses (`provider_config_key`): one
//! user name in two accounts is two users. A plan records provider
//! arguments as expressions; only constant ones can tell an account.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;

use super::json::{ConfigModule, Plan};
use crate::model::{ACCOUNT_NEUTRAL_ARGUMENTS, arn_account};

/// The account of every key and login profile block, by its address in
/// the configuration (`module.a.aws_iam_access_key.k`).
pub(super) struct Accounts {
    /// `None` when the plan lists no provider configurations (all in one
    /// account, as before provider aliases existed).
    by_block: Option<HashMap<String, Result<String, String>>>,
}

impl Accounts {
    /// The accounts of a plan's blocks.
    pub(super) fn of(plan: &Plan<'_>) -> Self {
        let Some(configuration) = &plan.configuration else {
            return Accounts { by_block: None };
        };
        let Some(providers) = &configuration.provider_config else {
            return Accounts { by_block: None };
        };
        let accounts: HashMap<&str, Result<String, String>> = providers
            .iter()
            .map(|(key, entry)| {
                let expressions = entry.expressions.map(|raw| raw.get());
                (key.0.as_ref(), account_of(key.0.as_ref(), expressions))
            })
            .collect();
        let mut by_block = HashMap::new();
        if let Some(root) = &configuration.root_module {
            index(root, &mut String::new(), &accounts, &mut by_block);
        }
        Accounts {
            by_block: Some(by_block),
        }
    }

    /// The account key of the block at `config_address`: `Ok(None)` when
    /// the plan tells no accounts apart, `Err` with the reason when the
    /// block's configuration does not tell its account.
    pub(super) fn of_block(&self, config_address: &str) -> Result<Option<String>, String> {
        let Some(by_block) = &self.by_block else {
            return Ok(None);
        };
        match by_block.get(config_address) {
            Some(Ok(account)) => Ok(Some(account.clone())),
            Some(Err(why)) => Err(why.clone()),
            None => Err(format!(
                "the plan has no configuration for {config_address}"
            )),
        }
    }
}

fn index(
    module: &ConfigModule<'_>,
    prefix: &mut String,
    accounts: &HashMap<&str, Result<String, String>>,
    out: &mut HashMap<String, Result<String, String>>,
) {
    for resource in module.resources.iter().flat_map(|r| &r.0) {
        let account = match &resource.provider_config_key {
            Some(key) => inherited(key.0.as_ref(), accounts),
            None => Err("the plan does not say which provider configuration it uses".into()),
        };
        out.insert(format!("{prefix}{}", resource.address.0), account);
    }
    for (name, call) in module.module_calls.iter().flatten() {
        if let Some(child) = &call.module {
            let len = prefix.len();
            prefix.push_str(&format!("module.{}.", name.0));
            index(child, prefix, accounts, out);
            prefix.truncate(len);
        }
    }
}

/// The account of the configuration `key` (`module.a.module.b:aws`),
/// or, when the plan does not list it, of the configuration a module
/// without its own inherits: its caller's (`module.a:aws`, then `aws`).
fn inherited(
    key: &str,
    accounts: &HashMap<&str, Result<String, String>>,
) -> Result<String, String> {
    let mut current = key.to_owned();
    loop {
        if let Some(account) = accounts.get(current.as_str()) {
            return account.clone();
        }
        let Some((modules, provider)) = current.split_once(':') else {
            return Err(format!("provider configuration {key} is not in the plan"));
        };
        current = match modules.rfind(".module.") {
            Some(cut) => format!("{}:{provider}", &modules[..cut]),
            None => provider.to_owned(),
        };
    }
}

/// A key for the account a configuration targets (see the Terraform
/// front-end's rule): the account id it names, else its constant
/// arguments other than the region and tags; `Err` when an argument is a
/// reference, whose value a plan does not record.
fn account_of(key: &str, expressions: Option<&str>) -> Result<String, String> {
    let parsed: BTreeMap<String, Json> = match expressions {
        Some(text) => serde_json::from_str(text).map_err(|_| format!("{key} cannot be read"))?,
        None => BTreeMap::new(),
    };
    let mut constants = BTreeMap::new();
    for (name, expression) in parsed {
        let value = constant(&expression).ok_or_else(|| {
            format!("provider configuration {key} has arguments that are not constant")
        })?;
        constants.insert(name, value);
    }
    if let Some(id) = named_account(&constants) {
        return Ok(format!("account:{id}"));
    }
    constants.retain(|k, _| !ACCOUNT_NEUTRAL_ARGUMENTS.contains(&k.as_str()));
    Ok(format!(
        "config:{}",
        Json::Object(constants.into_iter().collect())
    ))
}

/// The value of a constant expression (`{"constant_value": ...}`, or a
/// nested block: a list of objects of expressions); `None` for a reference.
fn constant(expression: &Json) -> Option<Json> {
    match expression {
        Json::Object(fields) => fields.get("constant_value").cloned(),
        Json::Array(blocks) => blocks
            .iter()
            .map(|block| {
                let fields = block.as_object()?;
                let values = fields
                    .iter()
                    .map(|(k, e)| Some((k.clone(), constant(e)?)))
                    .collect::<Option<serde_json::Map<_, _>>>()?;
                Some(Json::Object(values))
            })
            .collect::<Option<Vec<_>>>()
            .map(Json::Array),
        _ => None,
    }
}

/// `allowed_account_ids` with one id, or an `assume_role` role ARN.
fn named_account(args: &BTreeMap<String, Json>) -> Option<String> {
    if let Some(Json::Array(ids)) = args.get("allowed_account_ids")
        && let [Json::String(id)] = ids.as_slice()
    {
        return Some(id.clone());
    }
    let role = args
        .get("assume_role")?
        .as_array()?
        .first()?
        .get("role_arn")?
        .as_str()?;
    arn_account(role).map(str::to_owned)
}
