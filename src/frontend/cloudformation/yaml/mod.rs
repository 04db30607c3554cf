//! Builds the document [`Node`] tree of a YAML template from saphyr parser
//! events.
//!
//! The tree is built with an explicit stack, never by recursion, so a hostile
//! file cannot overflow the call stack; nesting is bounded anyway. Anchors are
//! expanded by copying, within a budget, so that an alias bomb ("billion
//! laughs") fails fast instead of exhausting memory. CloudFormation short tags
//! are rewritten to their long form as they are read.
//!
//! YAML is read as CloudFormation's tools read it (PyYAML with libyaml, as
//! in cfn-lint, SAM and the AWS CLI), not as strict YAML 1.2: scalars are
//! typed as YAML 1.1 ([`resolve`]), merge keys merge ([`merge`]), and where
//! saphyr rejects what libyaml accepts (continuation lines of flow
//! collections and quoted scalars at any indentation, tabs as separators),
//! a second, lenient reading takes over ([`lenient`]).
//!
//! saphyr markers count characters, not bytes: every marker goes through
//! [`Geometry`].

mod builder;
mod geometry;
mod lenient;
mod merge;
mod resolve;
mod scalars;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_lenient;

use saphyr_parser::{Parser, ScanError};

use super::tree::{Node, NodeValue};
use crate::error::InputError;
use crate::source::Source;
use builder::{Builder, Constructs};
use geometry::Geometry;
use lenient::{Check, Rewrite};

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 1_000;
/// Most nodes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_NODES: usize = 1_000_000;
/// Most scalar bytes that anchors and aliases may copy in one document.
pub const MAX_ALIAS_BYTES: usize = 64 * 1024 * 1024;

/// Parses the first YAML document of `source` into a tree. An empty stream
/// gives a `Null` root.
///
/// When saphyr rejects the text, it is read again leniently (see
/// [`lenient`]); that reading stands only if the parse confirms every change
/// it made. Otherwise the first error stands, unless the lenient reading
/// failed further into the file: it then got past the first error as
/// libyaml does, and its error is the one cfn-lint would report.
pub fn parse(source: &Source) -> Result<Node, InputError> {
    let geometry = Geometry::new(&source.text);
    let strict = match read(source, &source.text, &geometry, false) {
        Ok((root, _)) => return Ok(root),
        Err(Failed::Build(e)) => return Err(e),
        Err(Failed::Scan(e)) => e,
    };
    let Some(Rewrite {
        text,
        inserts,
        checks,
    }) = lenient::rewrite(&source.text)
    else {
        return Err(strict);
    };
    let geometry = Geometry::shifted(&source.text, inserts);
    match read(source, &text, &geometry, true) {
        Ok((root, Some(seen))) if confirmed(&checks, &seen, &geometry) => Ok(root),
        Ok(_) => Err(strict),
        Err(Failed::Build(e) | Failed::Scan(e)) if start(&e) > start(&strict) => Err(e),
        Err(_) => Err(strict),
    }
}

/// Why a reading failed: the YAML syntax, or what was built from it.
enum Failed {
    Scan(InputError),
    Build(InputError),
}

fn start(e: &InputError) -> usize {
    e.snippet.as_ref().map_or(0, |(_, span)| span.start)
}

/// Parses `text` (the source's, or a lenient copy of it whose markers
/// `geometry` maps back into the source).
fn read(
    source: &Source,
    text: &str,
    geometry: &Geometry<'_>,
    track: bool,
) -> Result<(Node, Option<Constructs>), Failed> {
    let mut builder = Builder::new(source, geometry);
    if track {
        builder.constructs = Some(Constructs::default());
    }
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = match parser.next_event() {
            Some(Ok(next)) => next,
            Some(Err(e)) => return Err(Failed::Scan(scan_error(source, geometry, &e))),
            None => return Ok((Node::new(NodeValue::Null, 0..0), builder.constructs)),
        };
        if let Some(root) = builder.event(event, span).map_err(Failed::Build)? {
            return Ok((root, builder.constructs));
        }
    }
}

/// Whether the parse of a lenient copy confirms each of its changes.
fn confirmed(checks: &[Check], seen: &Constructs, geometry: &Geometry<'_>) -> bool {
    let lines = checks.iter().filter_map(|c| match c {
        Check::Inside(line) => Some(*line),
        _ => None,
    });
    let last_line = lines.max().unwrap_or(0);
    // covered[l]: how many multi-line constructs line l lies inside, begun
    // on an earlier line (a difference array, summed below).
    let mut covered = vec![0i64; last_line + 2];
    for span in &seen.spans {
        let first = geometry.line_of(span.start);
        let last = geometry.line_of(span.end.saturating_sub(1).max(span.start));
        if first < last && first < last_line {
            covered[first + 1] += 1;
            covered[(last + 1).min(last_line + 1)] -= 1;
        }
    }
    for l in 1..covered.len() {
        covered[l] += covered[l - 1];
    }
    let mut gaps: Vec<&std::ops::Range<usize>> = seen.gaps.iter().collect();
    gaps.sort_unstable_by_key(|g| g.start);
    let ends: std::collections::HashSet<usize> = seen.spans.iter().map(|s| s.end).collect();
    checks.iter().all(|check| match *check {
        Check::Inside(line) => covered[line] > 0,
        Check::EndsAt(offset) => ends.contains(&offset),
        Check::Separates(offset) => {
            let before = gaps.partition_point(|g| g.start <= offset);
            before > 0 && gaps[before - 1].end > offset
        }
    })
}

fn scan_error(source: &Source, geometry: &Geometry<'_>, e: &ScanError) -> InputError {
    let at = geometry.offset(e.marker());
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
