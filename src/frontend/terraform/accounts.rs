//! Which AWS account a provider configuration targets, as far as it can be
//! proven: one user name in two accounts is two users, so keys and login
//! profiles are paired only under configurations that provably target the
//! same account.

use std::collections::BTreeMap;

use super::eval::ResolvedProvider;
use super::value::Value;
use crate::model::{ACCOUNT_NEUTRAL_ARGUMENTS, arn_account};

/// A key for the account a configuration targets: equal keys provably
/// target the same account. The account id itself when the configuration
/// names it (`allowed_account_ids` with one id, or an `assume_role` role
/// ARN); else the configuration's arguments other than the region and
/// tags. `Err` with the reason when they are not all known.
pub(super) fn account_of(provider: &ResolvedProvider) -> Result<String, String> {
    let Value::Map(args) = &provider.value else {
        return Err(format!("{} is not declared", provider.id));
    };
    if let Some(id) = named_account(args) {
        return Ok(format!("account:{id}"));
    }
    let rest: BTreeMap<String, Value> = args
        .iter()
        .filter(|(k, _)| !ACCOUNT_NEUTRAL_ARGUMENTS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let rest = Value::map(rest);
    if !rest.is_wholly_known() {
        return Err(format!("{} has arguments that are not known", provider.id));
    }
    let mut key = String::from("config:");
    rest.render(&mut key);
    Ok(key)
}

/// The account id a configuration names: `allowed_account_ids` with a
/// single id, or the account of an `assume_role` role ARN
/// (`arn:aws:iam::<id>:role/...`).
fn named_account(args: &BTreeMap<String, Value>) -> Option<String> {
    if let Some(ids) = args.get("allowed_account_ids").and_then(Value::items)
        && let [id] = ids
    {
        return id.as_string().map(|s| s.to_string());
    }
    let role = match args.get("assume_role")? {
        Value::Map(block) => block.get("role_arn")?.as_string()?,
        _ => return None,
    };
    arn_account(&role).map(str::to_owned)
}
