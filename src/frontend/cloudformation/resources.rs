//! The `Resources` section as a flat list of logical resources, with
//! `Fn::ForEach::<Name>` loops (the `AWS::LanguageExtensions` transform)
//! expanded.
//!
//! A loop is `[Identifier, Collection, {OutputKey: Template}]`. Each value of
//! the collection gives one copy of every output key, with `${Identifier}`
//! (or `&{Identifier}`, which keeps only letters and digits) replaced in the
//! key. Templates are not copied: each resource carries the loop variables in
//! scope, and the evaluator reads them for `Ref: Identifier` and
//! `${Identifier}`. Loops nest; they are walked with an explicit stack and
//! the expansion is bounded.

use std::collections::HashSet;
use std::ops::Range;

use super::eval::{Env, Evaluator, Value, strings_of};
use super::tree::{Key, Node, entry_span};

/// Most resources and pending loop bodies one template may expand to.
pub const MAX_EXPANDED: usize = 10_000;
const FOR_EACH: &str = "Fn::ForEach::";

/// One logical resource after loop expansion.
#[derive(Debug)]
pub struct Resource<'t> {
    /// The logical id, with loop variables replaced.
    pub logical_id: String,
    /// The key that declares it (the output key for loop copies).
    pub key: &'t Key,
    /// The resource definition (`Type`, `Properties`, ...).
    pub node: &'t Node,
    /// Loop variables in scope.
    pub env: Env,
}

/// Something in `Resources` that could not be expanded.
#[derive(Debug)]
pub struct Skipped {
    /// Where.
    pub span: Range<usize>,
    /// The loop or logical id concerned.
    pub address: String,
    /// Why.
    pub reason: String,
}

/// The expanded `Resources` section.
#[derive(Debug, Default)]
pub struct Expansion<'t> {
    /// Resources in document order.
    pub resources: Vec<Resource<'t>>,
    /// Loops and copies left out.
    pub skipped: Vec<Skipped>,
    /// Loops over a collection that is not known, each expanded to one copy
    /// standing for every value: where, and the loop's key.
    pub every: Vec<(Range<usize>, String)>,
}

/// A mapping being walked: its entries, the next one to read and the loop
/// variables in scope.
struct Frame<'t> {
    entries: &'t [(Key, Node)],
    next: usize,
    env: Env,
}

/// Lists the resources of the `Resources` mapping `section`.
pub fn expand<'t>(section: &'t [(Key, Node)], eval: &Evaluator<'_>) -> Expansion<'t> {
    let mut out = Expansion::default();
    let mut seen: HashSet<String> = section.iter().map(|(k, _)| k.text.clone()).collect();
    let mut stack = vec![Frame {
        entries: section,
        next: 0,
        env: Env::default(),
    }];
    let mut work = 0usize;
    while let Some(mut frame) = stack.pop() {
        let Some((key, node)) = frame.entries.get(frame.next) else {
            continue;
        };
        frame.next += 1;
        let env = frame.env.clone();
        stack.push(frame);
        work += 1;
        if work > MAX_EXPANDED {
            out.skipped.push(Skipped {
                span: key.span.clone(),
                address: key.text.clone(),
                reason: format!("Fn::ForEach expands to more than {MAX_EXPANDED} resources"),
            });
            break;
        }
        if key.text.starts_with(FOR_EACH) {
            match loop_bodies(key, node, &env, eval) {
                Ok((bodies, _)) if bodies.len() + work > MAX_EXPANDED => {
                    out.skipped.push(Skipped {
                        span: entry_span(key, node),
                        address: key.text.clone(),
                        reason: format!(
                            "Fn::ForEach expands to more than {MAX_EXPANDED} resources"
                        ),
                    })
                }
                Ok((bodies, every)) => {
                    if every {
                        out.every.push((entry_span(key, node), key.text.clone()));
                    }
                    stack.extend(bodies.into_iter().rev());
                }
                Err(reason) => out.skipped.push(Skipped {
                    span: entry_span(key, node),
                    address: key.text.clone(),
                    reason,
                }),
            }
            continue;
        }
        let logical_id = output_key(&key.text, &env);
        // Copies are checked against everything seen; top-level keys are
        // unique already (the readers reject duplicate keys).
        if !env.is_empty() && !seen.insert(logical_id.clone()) {
            out.skipped.push(Skipped {
                span: key.span.clone(),
                address: logical_id.clone(),
                reason: format!("Fn::ForEach produces logical id `{logical_id}` more than once"),
            });
            continue;
        }
        out.resources.push(Resource {
            logical_id,
            key,
            node,
            env,
        });
    }
    out
}

/// One frame per collection value, each over the loop's output mapping;
/// or, for a collection that is not known, one frame standing for every
/// value (then `true`).
fn loop_bodies<'t>(
    key: &Key,
    node: &'t Node,
    env: &Env,
    eval: &Evaluator<'_>,
) -> Result<(Vec<Frame<'t>>, bool), String> {
    let Some([identifier, collection, body]) = node.as_seq() else {
        return Err(format!(
            "{} is not [Identifier, Collection, Template]",
            key.text
        ));
    };
    let (Some(identifier), Some(entries)) = (identifier.as_str(), body.as_map()) else {
        return Err(format!(
            "{} is not [Identifier, Collection, Template]",
            key.text
        ));
    };
    let value = eval.eval(collection, env);
    if collection_unknown(&value) {
        // One copy standing for each value, its logical id keeping the
        // placeholders (`Key${Name}`).
        let every = Frame {
            entries,
            next: 0,
            env: env.bind_every(identifier, &key.text),
        };
        return Ok((vec![every], true));
    }
    let values = strings_of(value)
        .map_err(|reason| format!("{} collection is not known: {reason}", key.text))?;
    let frames = values
        .into_iter()
        .map(|value| Frame {
            entries,
            next: 0,
            env: env.bind(identifier, &value),
        })
        .collect();
    Ok((frames, false))
}

/// Whether a loop's collection is a list that is not known, or has items
/// that are not (a parameter without a value): not a malformed one.
fn collection_unknown(value: &Value) -> bool {
    match value {
        Value::Unknown(_) => true,
        Value::List(items) => items.iter().any(|i| matches!(i, Value::Unknown(_))),
        _ => false,
    }
}

/// An output key with `${Identifier}` and `&{Identifier}` replaced (loop
/// variables over unknown collections stay as written).
fn output_key(key: &str, env: &Env) -> String {
    let mut out = key.to_owned();
    // Innermost first, so that an inner loop shadows an outer one.
    for (identifier, value) in env.iter() {
        out = out.replace(&format!("${{{identifier}}}"), value);
        let alphanumeric: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
        out = out.replace(&format!("&{{{identifier}}}"), &alphanumeric);
    }
    out
}

#[cfg(test)]
mod tests {
    static NO_PARAMETERS: std::sync::LazyLock<std::collections::HashMap<String, String>> =
        std::sync::LazyLock::new(Default::default);
    use super::*;
    use crate::frontend::cloudformation::yaml;
    use crate::source::SourceFile;

    /// Expands the `Resources` of a YAML template; returns the logical ids
    /// with their loop variables, and the reasons of what was skipped.
    fn expand_text(text: &str) -> (Vec<String>, Vec<String>) {
        let source = SourceFile::new("t".into(), "t".into(), text.into());
        let root = yaml::parse(&source).unwrap();
        let evaluator = Evaluator::new(&root, &NO_PARAMETERS);
        let section = root.get("Resources").and_then(Node::as_map).unwrap();
        let expansion = expand(section, &evaluator);
        let ids = expansion
            .resources
            .iter()
            .map(|r| {
                let mut env: Vec<String> = r.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
                env.reverse();
                format!("{}[{}]", r.logical_id, env.join(","))
            })
            .collect();
        (
            ids,
            expansion.skipped.into_iter().map(|s| s.reason).collect(),
        )
    }

    #[test]
    fn for_each_copies_output_keys_per_value() {
        let (ids, skipped) = expand_text(
            "Resources:\n  Before: {Type: 'AWS::IAM::User'}\n  Fn::ForEach::Keys:\n    - Name\n    - [ci, 'deploy-bot']\n    - Key${Name}: {Type: 'AWS::IAM::AccessKey'}\n      Alnum&{Name}: {Type: 'AWS::IAM::AccessKey'}\n  After: {Type: 'AWS::IAM::User'}\n",
        );
        assert_eq!(
            ids,
            [
                "Before[]",
                "Keyci[Name=ci]",
                "Alnumci[Name=ci]",
                "Keydeploy-bot[Name=deploy-bot]",
                "Alnumdeploybot[Name=deploy-bot]",
                "After[]"
            ]
        );
        assert!(skipped.is_empty());
    }

    #[test]
    fn for_each_collections_may_come_from_parameters_and_nest() {
        let (ids, _) = expand_text(
            "Parameters:\n  Teams: {Type: CommaDelimitedList, Default: 'a,b'}\nResources:\n  Fn::ForEach::Outer:\n    - Team\n    - !Ref Teams\n    - Fn::ForEach::Inner:\n        - Env\n        - [x, y]\n        - ${Team}${Env}: {Type: 'AWS::IAM::User'}\n",
        );
        assert_eq!(
            ids,
            [
                "ax[Team=a,Env=x]",
                "ay[Team=a,Env=y]",
                "bx[Team=b,Env=x]",
                "by[Team=b,Env=y]"
            ]
        );
    }

    #[test]
    fn unknown_loops_stand_for_each_value_and_malformed_ones_are_skipped() {
        let (ids, skipped) = expand_text(
            "Parameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::A: [N, !Ref Names, {'U${N}': {Type: 'AWS::IAM::User'}, 'V&{N}': {Type: 'AWS::IAM::User'}}]\n  Fn::ForEach::B: [N, [a]]\n  Fn::ForEach::C: [N, [a, a], {'U${N}': {Type: 'AWS::IAM::User'}}]\n  Fn::ForEach::D: [N, 'not a list', {'W${N}': {Type: 'AWS::IAM::User'}}]\n",
        );
        // A collection that is not known: one copy, its id keeps the
        // placeholders (the known bindings list none).
        assert_eq!(ids, ["U${N}[]", "V&{N}[]", "Ua[N=a]"]);
        assert!(
            skipped[0].contains("is not [Identifier, Collection, Template]"),
            "{skipped:?}"
        );
        assert!(skipped[1].contains("more than once"), "{skipped:?}");
        assert!(
            skipped[2].contains("Fn::ForEach::D collection is not known"),
            "{skipped:?}"
        );
    }

    #[test]
    fn expansion_is_bounded() {
        let values = vec!["v"; 200].join(", ");
        let text = format!(
            "Resources:\n  Fn::ForEach::A:\n    - X\n    - [{values}]\n    - Fn::ForEach::B:\n        - Y\n        - [{values}]\n        - R${{X}}${{Y}}: {{Type: 'AWS::IAM::User'}}\n"
        );
        let (ids, skipped) = expand_text(&text);
        assert!(ids.len() < MAX_EXPANDED);
        assert!(
            skipped.iter().any(|s| s.contains("more than 10000")),
            "{skipped:?}"
        );
    }
}
