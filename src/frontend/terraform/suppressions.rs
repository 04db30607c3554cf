//! `# keylint:ignore <rule> <reason>` comments in Terraform files.
//!
//! A suppression applies to a `resource` or `module` block when it is written
//! in a comment (`#`, `//` or `/* */`) on the lines directly above the block
//! or anywhere inside it. On a `module` block it covers everything reached
//! through that call.

use std::ops::Range;

use crate::model::{Suppression, SuppressionRequest};
use crate::source::{Location, Source};

/// The marker that starts a suppression.
pub const MARKER: &str = "keylint:ignore";

/// Comments in `source` that look like a suppression but are not one
/// (`# keylint-ignore: <rule>`, `// keylint: ignore`, `KEYLINT:IGNORE`): each
/// becomes a suppression that covers nothing, so that the run warns
/// instead of silently ignoring it.
pub fn near_misses(source: &Source) -> Vec<Suppression> {
    static NEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)keylint[ \t]*[-_:.]?[ \t]*ignore").expect("a valid pattern")
    });
    NEAR.find_iter(&source.text)
        .filter(|m| m.as_str() != MARKER)
        .map(|m| Suppression {
            request: SuppressionRequest::Malformed(m.as_str().to_owned()),
            location: Location::new(source, m.range()),
            target: Location::new(source, m.start()..m.start()),
        })
        .collect()
}

/// Suppressions covering the block at `span` of `source`.
pub fn for_block(source: &Source, span: &Range<usize>) -> Vec<Suppression> {
    let text = &source.text;
    let mut found = Vec::new();
    let first_line = source.line_index(span.start);
    // Comment lines directly above the block.
    let mut line = first_line;
    while line > 0 {
        let range = line_range(source, line - 1);
        let content = text[range.clone()].trim();
        if !is_comment_line(content) {
            break;
        }
        line -= 1;
    }
    let above_start = source.line_starts()[line];
    scan(
        source,
        above_start..span.end.min(text.len()),
        span,
        &mut found,
    );
    found
}

fn line_range(source: &Source, line: usize) -> Range<usize> {
    let starts = source.line_starts();
    let start = starts[line];
    let end = starts.get(line + 1).copied().unwrap_or(source.text.len());
    start..end
}

fn is_comment_line(trimmed: &str) -> bool {
    trimmed.starts_with('#')
        || trimmed.starts_with("//")
        || trimmed.starts_with("/*")
        || trimmed.starts_with('*')
}

/// Finds every marker in `range` that stands in a comment.
fn scan(source: &Source, range: Range<usize>, target: &Range<usize>, out: &mut Vec<Suppression>) {
    let text = &source.text;
    let mut from = range.start;
    while let Some(offset) = text[from..range.end].find(MARKER) {
        let at = from + offset;
        from = at + MARKER.len();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..at].trim_end();
        let in_comment = before.ends_with('#')
            || before.ends_with("//")
            || before.ends_with("/*")
            || before.ends_with('*');
        if !in_comment {
            continue;
        }
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let directive = text[at + MARKER.len()..line_end].trim_end_matches('\r');
        let directive = directive.split("*/").next().unwrap_or("");
        out.push(Suppression {
            request: SuppressionRequest::Directive(directive.to_owned()),
            location: Location::new(source, at..line_end),
            target: Location::new(source, target.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn source(text: &str) -> Source {
        SourceFile::new("main.tf".into(), "main.tf".into(), text.into())
    }

    #[test]
    fn comments_above_and_inside_count_strings_do_not() {
        let text = "resource \"a\" \"before\" {}\n\n# keylint:ignore R2 above\n// second line\nresource \"a\" \"b\" {\n  user = \"x\" /* keylint:ignore R1 inline */\n  tag = \"keylint:ignore R1 not a comment\"\n}\n";
        let s = source(text);
        let start = text.find("resource \"a\" \"b\"").unwrap();
        let found = for_block(&s, &(start..text.len()));
        let requests: Vec<_> = found.iter().map(|f| f.request.clone()).collect();
        assert_eq!(
            requests,
            [
                SuppressionRequest::Directive(" R2 above".into()),
                SuppressionRequest::Directive(" R1 inline ".into()),
            ]
        );
        assert_eq!(found[0].location.start().line, 3);
    }

    #[test]
    fn a_blank_line_ends_the_comments_above() {
        let text = "# keylint:ignore R2 far away\n\nresource \"a\" \"b\" {\n}\n";
        let s = source(text);
        let start = text.find("resource").unwrap();
        assert!(for_block(&s, &(start..text.len())).is_empty());
    }
}
