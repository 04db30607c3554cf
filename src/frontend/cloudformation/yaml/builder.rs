//! The tree builder: parser events in, nodes out, with an explicit stack,
//! duplicate-key checks, merge keys and the alias budget.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use saphyr_parser::{Event, ScalarStyle, Span, Tag};

use super::geometry::Geometry;
use super::merge::{self, NOT_MERGEABLE, is_merge_key};
use super::scalars::{cfn_function, long_form, quoted_span, scalar, scalar_value};
use super::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_DEPTH};
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
        pending: Option<Pending>,
        /// Values of `<<` keys, to merge when the mapping closes.
        merges: Vec<Node>,
        /// The first repeated key: an error unless the mapping merges.
        duplicate: Option<Key>,
    },
}

/// What the next value of a mapping belongs to.
enum Pending {
    Key(Key),
    Merge,
}

/// Where the flow collections, quoted scalars and key-to-value gaps of a
/// document are, for confirming a lenient reading ([`super::lenient`]).
#[derive(Debug, Default)]
pub(super) struct Constructs {
    /// Spans of flow collections and quoted scalars.
    pub(super) spans: Vec<Range<usize>>,
    /// From the end of each mapping key to the start of its value.
    pub(super) gaps: Vec<Range<usize>>,
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
    geometry: &'s Geometry<'s>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    copied_nodes: usize,
    copied_bytes: usize,
    /// Recorded only when reading a lenient copy.
    pub(super) constructs: Option<Constructs>,
}

impl<'s> Builder<'s> {
    pub(super) fn new(source: &'s Source, geometry: &'s Geometry<'s>) -> Self {
        Builder {
            source,
            geometry,
            stack: Vec::new(),
            anchors: HashMap::new(),
            copied_nodes: 0,
            copied_bytes: 0,
            constructs: None,
        }
    }

    fn span(&self, span: &Span) -> Range<usize> {
        let start = self.geometry.offset(&span.start);
        let end = self.geometry.offset(&span.end).max(start);
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
                let range = quoted_span(&self.source.text, range, style);
                if self.expects_key() {
                    self.key(&text, style, tag.as_deref(), range)?;
                    return Ok(None);
                }
                if let (Some(seen), ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) =
                    (&mut self.constructs, style)
                {
                    seen.spans.push(range.clone());
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
                    merges: Vec::new(),
                    duplicate: None,
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

    fn expects_merge(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                container: Container::Map {
                    pending: Some(Pending::Merge),
                    ..
                },
                ..
            })
        )
    }

    /// A mapping key, typed as a value is (`yes:` is the key `true`, `010:`
    /// is `8`): PyYAML types keys, and two keys are the same when their
    /// values are. A null key is an error, as in cfn-lint.
    fn key(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Range<usize>,
    ) -> Result<(), InputError> {
        if is_merge_key(text, style == ScalarStyle::Plain, tag) {
            if let Some(Frame {
                container: Container::Map { pending, .. },
                ..
            }) = self.stack.last_mut()
            {
                *pending = Some(Pending::Merge);
            }
            return Ok(());
        }
        let typed = Node::new(scalar_value(text, style, tag), span.clone());
        match typed.scalar_text() {
            Some(key) => self.add_key(key.into_owned(), span),
            None => Err(self.error(span, "unsupported YAML: a mapping key is null")),
        }
    }

    fn add_key(&mut self, text: String, span: Range<usize>) -> Result<(), InputError> {
        if let Some(Frame {
            container:
                Container::Map {
                    seen,
                    pending,
                    duplicate,
                    ..
                },
            stats,
            ..
        }) = self.stack.last_mut()
        {
            stats.bytes += text.len();
            let key = Key { text, span };
            // Repeats are an error only once it is known that the mapping
            // does not merge (a `<<` may come later).
            if !seen.insert(key.text.clone()) && duplicate.is_none() {
                *duplicate = Some(key.clone());
            }
            *pending = Some(Pending::Key(key));
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
            Container::Map {
                entries,
                merges,
                duplicate,
                ..
            } => {
                // Merged entries keep the spans of their anchor, earlier in
                // the text: the mapping ends with what is written in it.
                let written = entries
                    .iter()
                    .map(|(_, v)| &v.span)
                    .chain(merges.iter().map(|m| &m.span));
                let last = written.map(|span| span.end).max();
                let entries = if merges.is_empty() {
                    if let Some(key) = duplicate {
                        return Err(self.error(key.span, format!("duplicate key `{}`", key.text)));
                    }
                    entries
                } else {
                    merge::flatten(entries, merges).map_err(|at| self.error(at, NOT_MERGEABLE))?
                };
                (NodeValue::Map(entries), last)
            }
        };
        // Block collections end with an empty marker at the next token, which
        // may be lines further down; flow collections end at their bracket
        // (saphyr's end marker is past the blanks and comment after it).
        let end = if end_span.is_empty() {
            last_end.unwrap_or(frame.start_end)
        } else {
            let bracket = self.source.text.as_bytes().get(end_span.start);
            let end = match bracket {
                Some(b']' | b'}') => end_span.start + 1,
                _ => end_span.end,
            };
            if let Some(seen) = &mut self.constructs {
                seen.spans.push(frame.start..end);
            }
            end
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
            self.add_key(text, span)?;
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
        // A merged mapping is taken as written: PyYAML merges a tagged
        // mapping's entries too.
        let function = tag.and_then(cfn_function).filter(|_| !self.expects_merge());
        let node = match function {
            Some(function) => {
                stats.nodes += 1;
                stats.height += 1;
                long_form(self.source, &function, node)
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
                entries,
                pending,
                merges,
                ..
            } => match pending.take() {
                Some(Pending::Key(key)) => {
                    if let Some(seen) = &mut self.constructs {
                        seen.gaps.push(key.span.end..node.span.start);
                    }
                    entries.push((key, node));
                }
                Some(Pending::Merge) => merges.push(node),
                None => {}
            },
        }
        None
    }
}
