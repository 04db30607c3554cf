//! The tree builder: parser events in, nodes out, with an explicit stack,
//! duplicate-key checks and the alias budget.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use saphyr_parser::{Event, Span, Tag};

use super::scalars::{cfn_function, long_form, scalar};
use super::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH, builder_offset};
use crate::error::InputError;
use crate::frontend::cloudformation::tree::{Key, Node, NodeValue};
use crate::source::Source;

/// Size of a finished subtree, kept so that copying it for an alias can be
/// charged to the budget and checked against the depth limit.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    nodes: usize,
    bytes: usize,
    height: usize,
}

impl Stats {
    fn add_child(&mut self, child: Stats) {
        self.nodes += child.nodes;
        self.bytes += child.bytes;
        self.height = self.height.max(child.height);
    }
}

enum Container {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Key, Node)>,
        seen: HashSet<String>,
        pending: Option<Key>,
    },
}

struct Frame {
    container: Container,
    start: usize,
    /// End of the start event: the span of an empty block collection.
    start_end: usize,
    tag: Option<Tag>,
    anchor: usize,
    stats: Stats,
}

struct Anchored {
    node: Node,
    stats: Stats,
}

pub(super) struct Builder<'s> {
    source: &'s Source,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    copied_nodes: usize,
    copied_bytes: usize,
}

impl<'s> Builder<'s> {
    pub(super) fn new(source: &'s Source) -> Self {
        Builder {
            source,
            stack: Vec::new(),
            anchors: HashMap::new(),
            copied_nodes: 0,
            copied_bytes: 0,
        }
    }

    fn span(&self, span: &Span) -> Range<usize> {
        let start = builder_offset(self.source, &span.start);
        let end = builder_offset(self.source, &span.end).max(start);
        start..end
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> InputError {
        InputError::at(self.source, span, message)
    }

    /// Handles one event; returns the root once the first document's root
    /// node is complete.
    pub(super) fn event(
        &mut self,
        event: Event<'_>,
        span: Span,
    ) -> Result<Option<Node>, InputError> {
        let range = self.span(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if self.expects_key() {
                    self.key(text.into_owned(), range)?;
                    return Ok(None);
                }
                let tag = tag.map(Cow::into_owned);
                let bytes = text.len();
                let node = scalar(&text, style, tag.as_ref(), range);
                let stats = Stats {
                    nodes: 1,
                    bytes,
                    height: 0,
                };
                self.finish(node, stats, tag.as_ref(), anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(
                    Container::Seq(Vec::new()),
                    range,
                    tag.map(Cow::into_owned),
                    anchor,
                )?;
                Ok(None)
            }
            Event::MappingStart(anchor, tag) => {
                let map = Container::Map {
                    entries: Vec::new(),
                    seen: HashSet::new(),
                    pending: None,
                };
                self.open(map, range, tag.map(Cow::into_owned), anchor)?;
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(range),
            Event::Alias(id) => self.alias(id, range),
            Event::StreamEnd => Ok(Some(Node::new(NodeValue::Null, 0..0))),
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd => {
                Ok(None)
            }
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map { pending: None, .. },
                ..
            })
        )
    }

    fn key(&mut self, text: String, span: Range<usize>) -> Result<(), InputError> {
        let duplicate = match self.stack.last_mut() {
            Some(Frame {
                container: Container::Map { seen, pending, .. },
                stats,
                ..
            }) => {
                stats.bytes += text.len();
                let duplicate = !seen.insert(text.clone());
                *pending = Some(Key {
                    text: text.clone(),
                    span: span.clone(),
                });
                duplicate
            }
            _ => false,
        };
        if duplicate {
            return Err(self.error(span, format!("duplicate key `{text}`")));
        }
        Ok(())
    }

    fn open(
        &mut self,
        container: Container,
        span: Range<usize>,
        tag: Option<Tag>,
        anchor: usize,
    ) -> Result<(), InputError> {
        if self.expects_key() {
            return Err(self.error(span, "unsupported YAML: mapping keys must be scalars"));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                span,
                format!("YAML nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(Frame {
            container,
            start: span.start,
            start_end: span.end,
            tag,
            anchor,
            stats: Stats::default(),
        });
        Ok(())
    }

    fn close(&mut self, end_span: Range<usize>) -> Result<Option<Node>, InputError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(None);
        };
        let (value, last_end) = match frame.container {
            Container::Seq(items) => {
                let last = items.last().map(|n| n.span.end);
                (NodeValue::Seq(items), last)
            }
            Container::Map { entries, .. } => {
                let last = entries.last().map(|(_, v)| v.span.end);
                (NodeValue::Map(entries), last)
            }
        };
        // Block collections end with an empty marker at the next token, which
        // may be lines further down; flow collections end at their bracket.
        let end = if end_span.is_empty() {
            last_end.unwrap_or(frame.start_end)
        } else {
            end_span.end
        };
        let node = Node::new(value, frame.start..end.max(frame.start));
        let mut stats = frame.stats;
        stats.nodes += 1;
        stats.height += 1;
        self.finish(node, stats, frame.tag.as_ref(), frame.anchor)
    }

    fn alias(&mut self, id: usize, span: Range<usize>) -> Result<Option<Node>, InputError> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(self.error(span, "invalid YAML: alias to an unknown anchor"));
        };
        let stats = anchored.stats;
        if self.expects_key() {
            let Some(text) = anchored.node.scalar_text().map(Cow::into_owned) else {
                return Err(self.error(span, "unsupported YAML: mapping keys must be scalars"));
            };
            self.key(text, span)?;
            return Ok(None);
        }
        if self.stack.len() + stats.height > MAX_DEPTH {
            return Err(self.error(
                span,
                format!("YAML aliases nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        // Charge before copying, so that an alias bomb stops before it grows.
        self.charge(stats, &span)?;
        let Some(anchored) = self.anchors.get(&id) else {
            return Ok(None);
        };
        let mut node = anchored.node.clone();
        node.span = span;
        Ok(self.deliver(node, stats))
    }

    /// Counts a copy against the alias budget.
    fn charge(&mut self, stats: Stats, span: &Range<usize>) -> Result<(), InputError> {
        self.copied_nodes = self.copied_nodes.saturating_add(stats.nodes);
        self.copied_bytes = self.copied_bytes.saturating_add(stats.bytes);
        if self.copied_nodes > MAX_ALIAS_NODES {
            return Err(self.error(span.clone(), "YAML aliases expand to too many nodes"));
        }
        if self.copied_bytes > MAX_ALIAS_BYTES {
            return Err(self.error(span.clone(), "YAML aliases expand to too much text"));
        }
        Ok(())
    }

    /// Applies the tag and anchor of a complete node and hands it to its
    /// parent.
    fn finish(
        &mut self,
        node: Node,
        mut stats: Stats,
        tag: Option<&Tag>,
        anchor: usize,
    ) -> Result<Option<Node>, InputError> {
        let node = match tag.and_then(cfn_function) {
            Some(function) => {
                stats.nodes += 1;
                stats.height += 1;
                long_form(self.source, function, node)
            }
            None => node,
        };
        if anchor > 0 {
            // The anchored copy is charged too: nested anchors over a large
            // subtree would otherwise copy it once per level.
            self.charge(stats, &node.span)?;
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    stats,
                },
            );
        }
        Ok(self.deliver(node, stats))
    }

    fn deliver(&mut self, node: Node, stats: Stats) -> Option<Node> {
        let Some(frame) = self.stack.last_mut() else {
            return Some(node);
        };
        frame.stats.add_child(stats);
        match &mut frame.container {
            Container::Seq(items) => items.push(node),
            Container::Map {
                entries, pending, ..
            } => {
                if let Some(key) = pending.take() {
                    entries.push((key, node));
                }
            }
        }
        None
    }
}
