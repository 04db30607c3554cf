//! Suppressions in CloudFormation resource metadata:
//!
//! ```yaml
//! Metadata:
//!   keylint:
//!     ignore:
//!       - rule: <rule id or name>
//!         reason: rotation in progress, see OPS-123
//! ```
//!
//! `rules: [<rule>, <rule>]` is accepted too.

use super::resources::Resource;
use super::tree::{Node, entry_span};
use crate::model::{Suppression, SuppressionRequest};
use crate::source::{Location, Source};

/// The suppressions a resource's `Metadata.keylint.ignore` declares.
pub fn of_resource(source: &Source, resource: &Resource<'_>) -> Vec<Suppression> {
    let Some(items) = resource
        .node
        .get("Metadata")
        .and_then(|m| m.get("keylint"))
        .and_then(|k| k.get("ignore"))
        .and_then(Node::as_seq)
    else {
        return Vec::new();
    };
    let target = Location::new(source, entry_span(resource.key, resource.node));
    items
        .iter()
        .map(|item| {
            let mut names: Vec<&str> = item
                .get("rule")
                .and_then(Node::as_str)
                .into_iter()
                .collect();
            if let Some(list) = item.get("rules").and_then(Node::as_seq) {
                names.extend(list.iter().filter_map(Node::as_str));
            }
            let reason = item
                .get("reason")
                .and_then(Node::as_str)
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned);
            Suppression {
                request: SuppressionRequest::Listed {
                    rules: names.iter().map(|n| (*n).to_owned()).collect(),
                    reason,
                },
                location: Location::new(source, item.span.clone()),
                target: target.clone(),
            }
        })
        .collect()
}
