//! YAML merge keys (`<<: *defaults`), as PyYAML applies them.
//!
//! CloudFormation itself rejects them, but the tools that deploy YAML
//! templates (`aws cloudformation package`, SAM) and cfn-lint read templates
//! with PyYAML, which merges: a template that uses `<<` to share properties
//! deploys with the merged properties, so keylint must see them too.
//!
//! PyYAML's rules: the value of `<<` is a mapping or a list of mappings (an
//! alias to one, usually); anything else is an error. Keys written in the
//! mapping itself win over merged ones; of two `<<` keys the later wins.
//! Of the mappings in a list, YAML's merge-key specification and PyYAML up
//! to 6.0.2 let the earlier win, PyYAML 6.0.4 (today's cfn-lint, SAM and
//! `aws cloudformation package`) the later: where two mappings of one list
//! give a key different values, the tools disagree, and keylint does not
//! guess: the value is [`AMBIGUOUS_MERGE`] of the earlier one, which the
//! evaluator reads as unknown. A mapping that merges may repeat a key
//! (the last one wins) where any other mapping may not.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::Tag;

use crate::frontend::cloudformation::tree::{AMBIGUOUS_MERGE, Key, Node, NodeValue};

/// The message of a merge key whose value cannot be merged.
pub(super) const NOT_MERGEABLE: &str =
    "invalid YAML merge: the value of `<<` must be a mapping or a list of mappings";

/// Whether a key is YAML's merge key: a plain `<<`, or one tagged `!!merge`.
pub(super) fn is_merge_key(text: &str, plain: bool, tag: Option<&Tag>) -> bool {
    match tag {
        Some(tag) => tag.is_yaml_core_schema() && tag.suffix == "merge",
        None => plain && text == "<<",
    }
}

/// The entries of a mapping with `merges` (the values of its `<<` keys, in
/// order) merged in. `Err` holds the span of a value that is no mapping.
pub(super) fn flatten(
    entries: Vec<(Key, Node)>,
    merges: Vec<Node>,
) -> Result<Vec<(Key, Node)>, Range<usize>> {
    let mut all = Vec::new();
    for merge in merges {
        match merge.value {
            NodeValue::Map(merged) => all.extend(merged),
            NodeValue::Seq(items) => {
                let mut maps = Vec::with_capacity(items.len());
                for item in items {
                    match item.value {
                        NodeValue::Map(merged) => maps.push(merged),
                        _ => return Err(item.span),
                    }
                }
                all.extend(merge_list(maps));
            }
            _ => return Err(merge.span),
        }
    }
    all.extend(entries);
    // Like a Python dict: a key keeps the place where it first appeared
    // and takes the value that came last.
    let mut place: HashMap<String, usize> = HashMap::with_capacity(all.len());
    let mut out: Vec<(Key, Node)> = Vec::with_capacity(all.len());
    for (key, value) in all {
        match place.get(&key.text) {
            Some(&i) => out[i] = (key, value),
            None => {
                place.insert(key.text.clone(), out.len());
                out.push((key, value));
            }
        }
    }
    Ok(out)
}

/// The entries of a list of merged mappings: a key that only one mapping
/// gives (or that all give the same value) keeps it; a key they give
/// different values becomes [`AMBIGUOUS_MERGE`].
fn merge_list(maps: Vec<Vec<(Key, Node)>>) -> Vec<(Key, Node)> {
    let mut place: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(Key, Node)> = Vec::new();
    for (key, value) in maps.into_iter().flatten() {
        match place.get(&key.text) {
            Some(&i) => {
                let earlier = &mut out[i].1;
                if !same(earlier, &value) && !is_ambiguous(earlier) {
                    let span = earlier.span.clone();
                    let wrapped = std::mem::replace(earlier, Node::new(NodeValue::Null, 0..0));
                    let name = Key {
                        text: AMBIGUOUS_MERGE.into(),
                        span: span.clone(),
                    };
                    *earlier = Node::new(NodeValue::Map(vec![(name, wrapped)]), span);
                }
            }
            None => {
                place.insert(key.text.clone(), out.len());
                out.push((key, value));
            }
        }
    }
    out
}

fn is_ambiguous(node: &Node) -> bool {
    node.intrinsic().is_some_and(|(f, _)| f == AMBIGUOUS_MERGE)
}

/// Whether two nodes hold the same value, wherever they are written.
fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (NodeValue::Seq(x), NodeValue::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (NodeValue::Map(x), NodeValue::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka.text == kb.text && same(a, b))
        }
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> Node {
        let entries = entries
            .iter()
            .map(|(k, v)| {
                let key = Key {
                    text: (*k).into(),
                    span: 0..0,
                };
                (key, Node::new(NodeValue::String((*v).into()), 0..0))
            })
            .collect();
        Node::new(NodeValue::Map(entries), 0..0)
    }

    fn show(entries: &[(Key, Node)]) -> String {
        entries
            .iter()
            .map(|(k, v)| format!("{}={}", k.text, v.as_str().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn explicit(entries: &[(&str, &str)]) -> Vec<(Key, Node)> {
        map(entries).as_map().unwrap().to_vec()
    }

    #[test]
    fn own_keys_win_and_keys_mappings_of_a_list_disagree_on_are_ambiguous() {
        let a = map(&[("U", "a"), ("S", "a"), ("V", "same")]);
        let b = map(&[("U", "b"), ("T", "b"), ("S", "b"), ("V", "same")]);
        let list = Node::new(NodeValue::Seq(vec![a, b]), 0..0);
        let merged = flatten(explicit(&[("S", "own")]), vec![list]).unwrap();
        assert_eq!(show(&merged), "U=? S=own V=same T=b");
        let (function, earlier) = merged[0].1.intrinsic().unwrap();
        assert_eq!((function, earlier.as_str()), (AMBIGUOUS_MERGE, Some("a")));
    }

    #[test]
    fn the_later_merge_key_wins_and_repeated_keys_take_the_last_value() {
        let a = map(&[("U", "a")]);
        let b = map(&[("U", "b")]);
        let merged = flatten(explicit(&[("S", "1"), ("S", "2")]), vec![a, b]).unwrap();
        assert_eq!(show(&merged), "U=b S=2");
    }

    #[test]
    fn only_mappings_merge() {
        let scalar = Node::new(NodeValue::String("x".into()), 3..4);
        assert_eq!(flatten(vec![], vec![scalar]), Err(3..4));
        let null = Node::new(NodeValue::Null, 5..5);
        let list = Node::new(NodeValue::Seq(vec![map(&[]), null]), 0..9);
        assert_eq!(flatten(vec![], vec![list]), Err(5..5));
        let tag = |handle: &str, suffix: &str| Tag {
            handle: handle.into(),
            suffix: suffix.into(),
        };
        let core = "tag:yaml.org,2002:";
        assert!(is_merge_key("<<", true, None));
        assert!(!is_merge_key("<<", false, None));
        assert!(is_merge_key("<<", false, Some(&tag(core, "merge"))));
        assert!(!is_merge_key("<<", true, Some(&tag(core, "str"))));
        assert!(!is_merge_key("<<", true, Some(&tag("!", "merge"))));
    }
}
