//! `--all-inputs` for templates: a template's parameters are set when it is
//! deployed, so defaults are one value among others and are dropped; the
//! parameters with two allowed values that decide what exists or whose it
//! is (named in `Conditions`, or in an access key's `Status`) are
//! enumerated, each combination one scenario. The pipeline compares the
//! scenarios' findings and states the condition of each that does not hold
//! in all of them.

use std::collections::{HashMap, HashSet};

use super::tree::Node;

/// At most this many parameters are enumerated (64 scenarios): each is a
/// whole analysis of the template.
pub const MAX_ENUMERATED: usize = 6;

/// A parameter to enumerate, with its two allowed values.
pub struct Enumerated {
    /// The parameter's name.
    pub name: String,
    /// Its `AllowedValues`, in the template's order.
    pub values: [String; 2],
}

/// The parameters to enumerate: not given a value, with exactly two
/// `AllowedValues`, and named by a `Ref` in `Conditions` or in a resource's
/// `Status`; by name, at most [`MAX_ENUMERATED`]. Also the others that
/// decide, each with why it is not enumerated.
pub fn enumerated(
    root: &Node,
    given: &HashMap<String, String>,
) -> (Vec<Enumerated>, Vec<(String, String)>) {
    let mut deciding = HashSet::new();
    if let Some(conditions) = root.get("Conditions") {
        refs_in(conditions, &mut deciding);
    }
    let resources = root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default();
    for (_, resource) in resources {
        let status = resource.get("Properties").and_then(|p| p.get("Status"));
        if let Some(status) = status {
            refs_in(status, &mut deciding);
        }
    }
    let parameters = root
        .get("Parameters")
        .and_then(Node::as_map)
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let deciding = parameters
        .iter()
        .filter(|(key, _)| deciding.contains(key.text.as_str()) && !given.contains_key(&key.text));
    for (key, parameter) in deciding {
        match two_values(parameter) {
            Ok(values) => found.push(Enumerated {
                name: key.text.clone(),
                values,
            }),
            Err(why) => skipped.push((key.text.clone(), why.to_owned())),
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    for extra in found.split_off(MAX_ENUMERATED.min(found.len())) {
        let why = "at most 6 parameters are enumerated (the first by name)";
        skipped.push((extra.name, why.to_owned()));
    }
    (found, skipped)
}

/// A parameter's two allowed values, or why it has not.
fn two_values(parameter: &Node) -> Result<[String; 2], &'static str> {
    // Its value is not to be shown, not even as a condition.
    let no_echo = parameter.get("NoEcho").and_then(|n| n.scalar_text());
    if no_echo.is_some_and(|t| t.eq_ignore_ascii_case("true")) {
        return Err("it is NoEcho, and a condition would show its value");
    }
    let allowed = parameter.get("AllowedValues").and_then(Node::as_seq);
    let not_two = "only parameters with two AllowedValues are enumerated";
    let Some([a, b]) = allowed else {
        return Err(not_two);
    };
    match (a.scalar_text(), b.scalar_text()) {
        (Some(a), Some(b)) if a != b => Ok([a.into_owned(), b.into_owned()]),
        _ => Err(not_two),
    }
}

/// The names `node` refers to with `Ref` (and `!Ref`), at any depth.
fn refs_in<'n>(node: &'n Node, out: &mut HashSet<&'n str>) {
    // A stack, not recursion: the parsers bound the depth, but a wide
    // template should not cost more than one pass.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        if let Some(("Ref", arg)) = node.intrinsic() {
            if let Some(name) = arg.as_str() {
                out.insert(name);
            }
            continue;
        }
        if let Some(entries) = node.as_map() {
            stack.extend(entries.iter().map(|(_, v)| v));
        } else if let Some(items) = node.as_seq() {
            stack.extend(items);
        }
    }
}
