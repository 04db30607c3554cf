//! Builds the document [`Node`] tree of a YAML template from saphyr parser
//! events.
//!
//! The tree is built with an explicit stack, never by recursion, so a hostile
//! file cannot overflow the call stack; nesting is bounded anyway. Anchors are
//! expanded by copying, within a budget, so that an alias bomb ("billion
//! laughs") fails fast instead of exhausting memory. CloudFormation short tags
//! are rewritten to their long form as they are read.
//!
//! saphyr markers count characters, not bytes: every marker goes through
//! [`SourceFile::offset_of_char_column`](crate::source::SourceFile::offset_of_char_column).

mod builder;
mod scalars;
#[cfg(test)]
mod tests;

use saphyr_parser::{Marker, Parser, ScanError};

use super::tree::{Node, NodeValue};
use crate::error::InputError;
use crate::source::Source;
use builder::Builder;

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 1_000;
/// Most nodes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_NODES: usize = 1_000_000;
/// Most scalar bytes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_BYTES: usize = 64 * 1024 * 1024;

/// Parses the first YAML document of `source` into a tree. An empty stream
/// gives a `Null` root.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    let mut builder = Builder::new(source);
    let mut parser = Parser::new_from_str(&source.text);
    loop {
        let (event, span) = match parser.next_event() {
            Some(Ok(next)) => next,
            Some(Err(e)) => return Err(scan_error(source, &e)),
            None => return Ok(Node::new(NodeValue::Null, 0..0)),
        };
        if let Some(root) = builder.event(event, span)? {
            return Ok(root);
        }
    }
}

fn scan_error(source: &Source, e: &ScanError) -> InputError {
    let at = builder_offset(source, e.marker());
    let end = source.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    let message = match e.info() {
        // saphyr counts flow levels in a u8.
        "recursion limit exceeded" => {
            "YAML nesting is too deep: flow collections ([...], {...}) nest at most 255 levels"
                .to_owned()
        }
        info => format!("invalid YAML: {info}"),
    };
    InputError::at(source, at..end, message)
}

fn builder_offset(source: &Source, marker: &Marker) -> usize {
    source.offset_of_char_column(marker.line(), marker.col())
}
