//! `yamldecode` and `yamlencode`. `yamldecode` decodes as Terraform's
//! go-cty-yaml does: one document,
//! mappings as objects (string keys only; `<<` merges a mapping, later
//! keys winning), sequences as tuples, scalars resolved the YAML 1.1 way
//! ([`scalars`]), block scalars (`|`, `>`) as strings, anchors by name.
//!
//! The text is parsed by saphyr, a YAML 1.2 parser, where Terraform uses
//! a port of libyaml (YAML 1.1). Where they may disagree, the result is
//! unknown: text saphyr rejects, and text with what the two read
//! differently (directives, tabs, `:` before a flow indicator, NEL and
//! Unicode line separators, the `\/` escape, anchor names libyaml
//! refuses, control characters, a block scalar ending the text).
//!
//! `yamlencode` is in [`encode`].

mod encode;
mod scalars;
mod source;

use std::collections::{BTreeMap, HashMap};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::{Function, arity, string};
use crate::frontend::terraform::value::Value;
use scalars::{MAP, SEQ, Scalar, resolve};
use source::{Source, read_alike};

pub(super) const TABLE: &[(&str, Function)] = &[
    ("yamldecode", yamldecode),
    ("yamlencode", |a| {
        arity(a, 1)?;
        Ok(encode::encode(&a[0]).map_or(Value::UNKNOWN, Value::string))
    }),
];

/// Longest text decoded.
const MAX_TEXT: usize = 1 << 20;
/// Most nodes in the result, counting each copy an alias makes.
const MAX_NODES: usize = 100_000;
/// Deepest nesting of the result.
const MAX_DEPTH: usize = 128;

/// Why there is no value: Terraform's error, or unknown.
enum Fail {
    Error(String),
    Unknown,
}

impl From<String> for Fail {
    fn from(reason: String) -> Self {
        Fail::Error(reason)
    }
}

fn yamldecode(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let text = string(&args[0])?;
    if text.len() > MAX_TEXT || !read_alike(&text) {
        return Ok(Value::UNKNOWN);
    }
    match Builder::new(&text).document() {
        Ok(value) => Ok(value),
        Err(Fail::Error(reason)) => Err(reason),
        Err(Fail::Unknown) => Ok(Value::UNKNOWN),
    }
}

/// What a mapping waits for.
enum Awaiting {
    Key,
    Value(String),
    Merge,
}

enum Collection {
    Seq(Vec<Value>),
    Map(BTreeMap<String, Value>, Awaiting),
}

struct Frame {
    collection: Collection,
    anchor: Option<String>,
    /// Nodes counted before this one started.
    nodes_before: usize,
    /// A flow collection (`[...]`, `{...}`).
    flow: bool,
    /// Where the latest key ended (a character index).
    key_end: usize,
}

struct Builder<'t> {
    source: Source<'t>,
    parser: Parser<'t, saphyr_parser::StrInput<'t>>,
    stack: Vec<Frame>,
    /// Anchors being defined, by name, and how many times over.
    pending: HashMap<String, usize>,
    /// Defined anchors: the latest value of each name, and its node count.
    anchors: HashMap<String, (Value, usize)>,
    nodes: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            source: Source::new(text),
            parser: Parser::new_from_str(text),
            stack: Vec::new(),
            pending: HashMap::new(),
            anchors: HashMap::new(),
            nodes: 0,
        }
    }

    /// The next event; a parse error is unknown (libyaml may differ).
    fn next(&mut self) -> Result<(Event<'t>, Span), Fail> {
        match self.parser.next() {
            Some(Ok(event)) => Ok(event),
            _ => Err(Fail::Unknown),
        }
    }

    /// The stream: exactly one document.
    fn document(&mut self) -> Result<Value, Fail> {
        if !matches!(self.next()?.0, Event::StreamStart) {
            return Err(Fail::Unknown);
        }
        match self.next()?.0 {
            Event::DocumentStart(_) => {}
            Event::StreamEnd => return Err("missing start of document".to_owned().into()),
            _ => return Err(Fail::Unknown),
        }
        let root = self.root()?;
        match self.next()?.0 {
            Event::DocumentEnd => {}
            Event::DocumentStart(_) => {
                return Err("only a single document is allowed".to_owned().into());
            }
            _ => return Err(Fail::Unknown),
        }
        match self.next()?.0 {
            Event::StreamEnd => Ok(root),
            _ => Err("unexpected extra content after value".to_owned().into()),
        }
    }

    /// The document's node, from the events that make it.
    fn root(&mut self) -> Result<Value, Fail> {
        loop {
            let (event, span) = self.next()?;
            self.check(&event, &span)?;
            let awaiting_key = matches!(
                self.stack.last(),
                Some(Frame {
                    collection: Collection::Map(_, Awaiting::Key),
                    ..
                })
            );
            let done = match event {
                Event::Scalar(text, style, _, tag) if awaiting_key => {
                    self.key(&text, style, tag.as_deref(), &span)?;
                    None
                }
                Event::MappingEnd if awaiting_key => Some(self.close()?),
                Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_)
                    if awaiting_key =>
                {
                    return Err("only strings are allowed as mapping keys".to_owned().into());
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let value = self.scalar(&text, style, tag.as_deref())?;
                    self.count(1)?;
                    if anchor > 0 {
                        let name = self.anchor_name(&span, '&')?;
                        self.anchors.insert(name, (value.clone(), 1));
                    }
                    Some(value)
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(anchor, tag.as_deref(), &span, false)?;
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(anchor, tag.as_deref(), &span, true)?;
                    None
                }
                Event::SequenceEnd => Some(self.close()?),
                Event::Alias(_) => Some(self.alias(&span)?),
                _ => return Err(Fail::Unknown),
            };
            if let Some(value) = done
                && let Some(root) = self.deliver(value)?
            {
                return Ok(root);
            }
        }
    }

    /// Unknown where libyaml may read the event otherwise (see [`source`]).
    fn check(&self, event: &Event<'_>, span: &Span) -> Result<(), Fail> {
        let top = self.stack.last();
        let flow = top.is_some_and(|f| f.flow);
        let value_of_flow_key = top.is_some_and(|f| {
            f.flow
                && matches!(
                    f.collection,
                    Collection::Map(_, Awaiting::Value(_) | Awaiting::Merge)
                )
        });
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        );
        if starts_node
            && value_of_flow_key
            && let Some(f) = top
            && self
                .source
                .line_break_between(f.key_end, span.start.index())
        {
            return Err(Fail::Unknown);
        }
        let alike = match event {
            Event::Scalar(value, style, anchor, _) => {
                self.source
                    .same_scalar(value, *style, span, self.stack.is_empty(), flow)
                    && (*anchor == 0 || self.source.anchor_name(span, '&').is_some())
            }
            _ => true,
        };
        if alike { Ok(()) } else { Err(Fail::Unknown) }
    }

    fn anchor_name(&self, span: &Span, sigil: char) -> Result<String, Fail> {
        self.source.anchor_name(span, sigil).ok_or(Fail::Unknown)
    }

    fn count(&mut self, n: usize) -> Result<(), Fail> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Fail::Unknown);
        }
        Ok(())
    }

    /// A mapping key: a string, or `<<` (a merge).
    fn key(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &Span,
    ) -> Result<(), Fail> {
        if !self.source.same_key(span) {
            return Err(Fail::Unknown);
        }
        let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
        let awaiting = match resolve(&full_tag(tag), text, quoted)? {
            Scalar::Merge => Awaiting::Merge,
            Scalar::Value(Value::Null) => {
                return Err("mapping key cannot be null".to_owned().into());
            }
            Scalar::Value(v) => Awaiting::Value(v.as_string().ok_or(Fail::Unknown)?.to_string()),
        };
        if let Some(Frame {
            collection: Collection::Map(_, a),
            key_end,
            ..
        }) = self.stack.last_mut()
        {
            *a = awaiting;
            *key_end = span.end.index();
        }
        Ok(())
    }

    /// A scalar node's value. A block scalar without a tag is a string in
    /// Terraform, converted from what it resolves to (`|-\n 1.50` is "1.5",
    /// `|-\n .inf` is "+Inf").
    fn scalar(&self, text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, Fail> {
        let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        if block && tag.is_none() {
            match text {
                ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                    return Ok(Value::string("+Inf"));
                }
                "-.inf" | "-.Inf" | "-.INF" => return Ok(Value::string("-Inf")),
                _ => {}
            }
        }
        let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
        let value = match resolve(&full_tag(tag), text, quoted)? {
            Scalar::Merge => Value::string("<<"),
            Scalar::Value(v) => v,
        };
        Ok(match value {
            Value::Number(_) | Value::Bool(_) if block && tag.is_none() => {
                Value::String(value.as_string().ok_or(Fail::Unknown)?)
            }
            other => other,
        })
    }

    fn open(
        &mut self,
        anchor: usize,
        tag: Option<&Tag>,
        span: &Span,
        map: bool,
    ) -> Result<(), Fail> {
        let tag = full_tag(tag);
        let (expected, kind) = if map {
            (MAP, "mapping")
        } else {
            (SEQ, "sequence")
        };
        if !tag.is_empty() && tag != expected {
            return Err(format!("can't interpret {kind} as {tag}").into());
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Fail::Unknown);
        }
        self.count(1)?;
        let anchor = match anchor {
            0 => None,
            _ => {
                let name = self.anchor_name(span, '&')?;
                *self.pending.entry(name.clone()).or_default() += 1;
                Some(name)
            }
        };
        let collection = if map {
            Collection::Map(BTreeMap::new(), Awaiting::Key)
        } else {
            Collection::Seq(Vec::new())
        };
        let flow = self.source.is_flow(span);
        self.stack.push(Frame {
            collection,
            anchor,
            nodes_before: self.nodes - 1,
            flow,
            key_end: 0,
        });
        Ok(())
    }

    /// The collection that ends, its anchor defined.
    fn close(&mut self) -> Result<Value, Fail> {
        let frame = self.stack.pop().ok_or(Fail::Unknown)?;
        let value = match frame.collection {
            Collection::Seq(items) => Value::list(items),
            Collection::Map(entries, _) => Value::map(entries),
        };
        if let Some(name) = frame.anchor {
            if let Some(n) = self.pending.get_mut(&name) {
                *n -= 1;
                if *n == 0 {
                    self.pending.remove(&name);
                }
            }
            let size = self.nodes - frame.nodes_before;
            self.anchors.insert(name, (value.clone(), size));
        }
        Ok(value)
    }

    fn alias(&mut self, span: &Span) -> Result<Value, Fail> {
        let name = self.anchor_name(span, '*')?;
        if self.pending.contains_key(&name) {
            return Err(
                format!("cannot refer to anchor {name:?} from inside its own definition").into(),
            );
        }
        let (value, size) = self
            .anchors
            .get(&name)
            .cloned()
            .ok_or_else(|| format!("reference to undefined anchor {name:?}"))?;
        self.count(size)?;
        Ok(value)
    }

    /// Hands a finished node to its parent; the root when there is none.
    fn deliver(&mut self, value: Value) -> Result<Option<Value>, Fail> {
        let Some(frame) = self.stack.last_mut() else {
            return Ok(Some(value));
        };
        match &mut frame.collection {
            Collection::Seq(items) => items.push(value),
            Collection::Map(entries, awaiting) => {
                match std::mem::replace(awaiting, Awaiting::Key) {
                    Awaiting::Value(key) => {
                        entries.insert(key, value);
                    }
                    Awaiting::Merge => match value {
                        Value::Map(merged) => {
                            entries.extend(merged.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                        Value::Unknown(_) => return Err(Fail::Unknown),
                        other => {
                            let kind = match other {
                                Value::List(_) => "tuple",
                                Value::Null => "dynamic",
                                other => other.type_name(),
                            };
                            return Err(format!("cannot merge {kind} into mapping").into());
                        }
                    },
                    Awaiting::Key => return Err(Fail::Unknown),
                }
            }
        }
        Ok(None)
    }
}

/// The whole tag (`tag:yaml.org,2002:str` for `!!str`), or "" for none.
fn full_tag(tag: Option<&Tag>) -> String {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
        .unwrap_or_default()
}
