//! `--all-inputs`: a module's findings for every way its inputs may be
//! set. Defaults are one possible value among others, so they are dropped;
//! boolean variables that decide what exists (`count = var.create ? 1 : 0`)
//! are enumerated, each combination one scenario; other variables stay
//! unknown (collections then stand for each of their elements). The
//! pipeline compares the scenarios' findings and states the condition of
//! each that does not hold in all of them.

use std::collections::HashMap;

use hcl_edit::Span;

use super::config::ModuleConfig;
use super::eval::Taint;
use super::value::Value;
use super::var_uses;
use crate::model::Model;
use crate::model::ResourceKind;
use crate::source::Location;

/// At most this many booleans are enumerated (64 scenarios): each is a
/// whole analysis of the unit.
pub const MAX_ENUMERATED: usize = 6;

/// A variable to enumerate, and which two values it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumerated {
    /// The variable's name.
    pub name: String,
    /// What its two values are.
    pub kind: Kind,
    /// Whether they are all it can take: a nullable `bool` the module
    /// compares or passes on may also be null, which matters.
    pub complete: bool,
}

/// The two values an enumerated variable takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `bool`: `false` and `true`.
    Bool,
    /// A string that is a key's `status` (`status = var.key_status`): the
    /// provider accepts `"Active"`, `"Inactive"` and null (the default,
    /// active), so `"Inactive"` or not decides everything.
    Status,
}

impl Enumerated {
    /// Its value in the scenarios whose bit for it is `bit`, and how a
    /// condition writes that value.
    pub fn value(&self, bit: bool) -> (Value, String) {
        match (self.kind, bit) {
            (Kind::Bool, _) => (Value::Bool(bit), bit.to_string()),
            (Kind::Status, false) => (Value::string("Inactive"), "`\"Inactive\"`".to_owned()),
            (Kind::Status, true) => (Value::string("Active"), "not `\"Inactive\"`".to_owned()),
        }
    }
}

/// The variables to enumerate, not given a value: `type = bool` ones named
/// in a `count`, `for_each`, `user` or `status` of the root module (what
/// decides whether and whose a key or password is), and strings that are
/// exactly a key's `status` and decide nothing else; by name, at most
/// [`MAX_ENUMERATED`]. Then the names of those beyond, which stay unknown.
pub fn enumerated(
    config: &ModuleConfig,
    given: &HashMap<String, (Value, Taint)>,
) -> (Vec<Enumerated>, Vec<String>) {
    let mut statuses: Vec<String> = Vec::new();
    let mut deciding: Vec<String> = Vec::new();
    for r in &config.resources {
        let status = r.attrs.get("status").map(|e| e.text());
        let of_key = r.rtype == ResourceKind::AccessKey.terraform_type();
        if let Some(name) = status.as_deref().and_then(|t| t.strip_prefix("var."))
            && of_key
        {
            statuses.push(name.to_owned());
        }
        let user = r.attrs.get("user").map(|e| e.text());
        deciding.extend(r.count.iter().chain(&r.for_each).map(|e| e.text()));
        deciding.extend(user.into_iter().chain(status));
    }
    for c in &config.modules {
        deciding.extend(
            c.count
                .iter()
                .chain(&c.for_each)
                .chain(c.args.values())
                .map(|e| e.text()),
        );
    }
    let mentioned = |name: &str, texts: &[String]| {
        texts
            .iter()
            .any(|text| mentions(text, &format!("var.{name}")))
    };
    let mut found: Vec<Enumerated> = config
        .variables
        .iter()
        .filter(|(name, _)| !given.contains_key(*name))
        .filter_map(|(name, v)| {
            let declared = v.type_expr.as_ref().map(|t| t.text());
            let (kind, complete) = match declared.as_deref().map(str::trim) {
                Some("bool") if mentioned(name, &deciding) => {
                    let not_null = v.nullable.as_ref().is_some_and(|n| n.text() == "false");
                    (
                        Kind::Bool,
                        not_null || var_uses::null_fails_everywhere(config, name),
                    )
                }
                // Only where it is nothing but a status ("Active" and null
                // are then alike).
                Some("string") | None
                    if statuses.contains(name) && var_uses::only_status(config, name) =>
                {
                    (Kind::Status, true)
                }
                _ => return None,
            };
            Some(Enumerated {
                name: name.clone(),
                kind,
                complete,
            })
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let beyond = found.split_off(MAX_ENUMERATED.min(found.len()));
    (found, beyond.into_iter().map(|e| e.name).collect())
}

/// Notes in `model` that the deciding variables `beyond` were not
/// enumerated, at their `type`.
pub fn note_beyond(config: &ModuleConfig, beyond: &[String], model: &mut Model) {
    for name in beyond {
        let Some(declared) = config
            .variables
            .get(name)
            .and_then(|v| v.type_expr.as_ref())
        else {
            continue;
        };
        let span = declared.expr.span().unwrap_or_default();
        let reason = format!(
            "not enumerated: --all-inputs enumerates at most {MAX_ENUMERATED} variables (the first by name); its value stays unknown"
        );
        let location = Location::new(&declared.source, span);
        model.unresolved(location, &format!("var.{name}"), reason);
    }
}

/// Whether `text` refers to `reference` (not to a longer name it begins).
fn mentions(text: &str, reference: &str) -> bool {
    text.match_indices(reference).any(|(at, _)| {
        let after = text[at + reference.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// The values of scenario `index` of the variables `inputs`: bit i of the
/// index decides the value of `inputs[i]`. Each with its bit and how a
/// condition writes its value.
pub fn assignment(inputs: &[Enumerated], index: usize) -> Vec<(&Enumerated, Value, bool, String)> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let bit = index >> i & 1 == 1;
            let (value, shown) = input.value(bit);
            (input, value, bit, shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_not_a_longer_name() {
        assert!(mentions("var.create ? 1 : 0", "var.create"));
        assert!(!mentions("var.create_key ? 1 : 0", "var.create"));
        assert!(mentions("var.a && var.create", "var.create"));
    }

    #[test]
    fn scenarios_count_in_binary() {
        let input = |name: &str, kind| Enumerated {
            name: name.to_owned(),
            kind,
            complete: true,
        };
        let inputs = [input("a", Kind::Bool), input("b", Kind::Status)];
        let set: Vec<(String, bool, String)> = assignment(&inputs, 1)
            .into_iter()
            .map(|(input, _, bit, shown)| (input.name.clone(), bit, shown))
            .collect();
        assert_eq!(
            set,
            [
                ("a".to_owned(), true, "true".to_owned()),
                ("b".to_owned(), false, "`\"Inactive\"`".to_owned())
            ]
        );
    }
}
