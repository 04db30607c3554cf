//! YAML merge keys (`<<: *defaults`), as PyYAML applies them.
//!
//! CloudFormation itself rejects them, but the tools that deploy YAML
//! templates (`aws cloudformation package`, SAM) and cfn-lint read templates
//! with PyYAML, which merges: a template that uses `<<` to share properties
//! deploys with the merged properties, so keylint must see them too.
//!
//! PyYAML's rules: the value of `<<` is a mapping or a list of mappings (an
//! alias to one, usually); anything else is an error. Keys written in the
//! mapping itself win over merged ones; of the mappings in a list the
//! earlier wins (YAML's merge-key specification and PyYAML up to 6.0.2;
//! PyYAML 6.0.4 lets the later one win: see scripts/cfn-yaml-differential-known.tsv);
//! of two `<<` keys the later wins. A mapping that merges may repeat a key
//! (the last one wins) where any other mapping may not.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::Tag;

use crate::frontend::cloudformation::tree::{Key, Node, NodeValue};

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
                // Reversed, so that the earlier mapping's entry comes last
                // and wins.
                for item in items.into_iter().rev() {
                    match item.value {
                        NodeValue::Map(merged) => all.extend(merged),
                        _ => return Err(item.span),
                    }
                }
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
    fn own_keys_win_then_earlier_mappings_of_a_list() {
        let a = map(&[("U", "a"), ("S", "a")]);
        let b = map(&[("U", "b"), ("T", "b")]);
        let list = Node::new(NodeValue::Seq(vec![a, b]), 0..0);
        let merged = flatten(explicit(&[("S", "own")]), vec![list]).unwrap();
        assert_eq!(show(&merged), "U=a T=b S=own");
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
