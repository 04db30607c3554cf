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
use crate::model::Model;
use crate::source::Location;

/// At most this many booleans are enumerated (64 scenarios): each is a
/// whole analysis of the unit.
pub const MAX_ENUMERATED: usize = 6;

/// The boolean variables to enumerate: declared `type = bool`, not given a
/// value, and named in a `count`, `for_each`, `user` or `status` of the
/// root module (what decides whether and whose a key or password is), by
/// name, at most [`MAX_ENUMERATED`]; then those beyond, which stay unknown.
pub fn enumerated(
    config: &ModuleConfig,
    given: &HashMap<String, (Value, Taint)>,
) -> (Vec<String>, Vec<String>) {
    let deciding: Vec<String> = config
        .resources
        .iter()
        .flat_map(|r| {
            let attrs = ["user", "status"]
                .into_iter()
                .filter_map(|a| r.attrs.get(a));
            r.count.iter().chain(&r.for_each).chain(attrs)
        })
        .chain(
            config
                .modules
                .iter()
                .flat_map(|c| c.count.iter().chain(&c.for_each).chain(c.args.values())),
        )
        .map(|e| e.text())
        .collect();
    let mut names: Vec<String> = config
        .variables
        .iter()
        .filter(|(name, v)| {
            v.type_expr
                .as_ref()
                .is_some_and(|t| t.text().trim() == "bool")
                && !given.contains_key(*name)
                && deciding
                    .iter()
                    .any(|text| mentions(text, &format!("var.{name}")))
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    let beyond = names.split_off(MAX_ENUMERATED.min(names.len()));
    (names, beyond)
}

/// Notes in `model` that the deciding booleans `beyond` were not
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
            "not enumerated: --all-inputs enumerates at most {MAX_ENUMERATED} boolean variables (the first by name); its value stays unknown"
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

/// The values of scenario `index` of the variables `names`: bit i of the
/// index is the value of `names[i]`.
pub fn assignment(names: &[String], index: usize) -> Vec<(String, bool)> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), index >> i & 1 == 1))
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
        let names = ["a".to_owned(), "b".to_owned()];
        assert_eq!(
            assignment(&names, 2),
            [("a".to_owned(), false), ("b".to_owned(), true)]
        );
    }
}
