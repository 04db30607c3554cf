//! Strict JSON with byte spans, shared by the front-ends that need spans
//! (CloudFormation JSON, Terraform `.tf.json` and `.tfvars.json`).
//!
//! jsonc-parser runs with every JSON5 extension off: comments, trailing
//! commas and the like are errors, as they are for CloudFormation and
//! Terraform. It parses recursively and stops by itself only at 512 levels,
//! which in a debug build takes more than 1 MiB of stack; so the bytes are
//! first scanned for nesting deeper than [`MAX_DEPTH`], outside strings, and
//! such a file is refused before jsonc-parser sees it.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Range as JsonRange;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use crate::error::InputError;
use crate::source::Source;

/// Deepest nesting of arrays and objects accepted. Real files nest a few
/// dozen levels at most; YAML flow collections stop at 255 too.
pub const MAX_DEPTH: usize = 256;

/// Parser options with every leniency off.
pub fn strict_options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses `source` as strict JSON into an AST with byte ranges; `None` for
/// an empty document.
pub fn parse(source: &Source) -> Result<Option<Value<'_>>, InputError> {
    check_depth(source)?;
    let parsed = parse_to_ast(&source.text, &CollectOptions::default(), &strict_options())
        .map_err(|e| parse_error(source, &e))?;
    Ok(parsed.value)
}

/// Refuses nesting deeper than [`MAX_DEPTH`], counting brackets outside
/// strings; a malformed file passes here and fails in the parser.
fn check_depth(source: &Source) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, byte) in source.text.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(InputError::at(source, at..at + 1, too_deep()));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The message for nesting past [`MAX_DEPTH`].
pub fn too_deep() -> String {
    format!("JSON nesting is deeper than {MAX_DEPTH} levels")
}

fn parse_error(source: &Source, e: &ParseError) -> InputError {
    let message = match e.kind() {
        ParseErrorKind::NestingDepthExceeded => too_deep(),
        kind => format!("invalid JSON: {kind}"),
    };
    InputError::at(source, span(source, e.range()), message)
}

/// A jsonc range as a span, clamped to the text so that a bad range can
/// never make a later slice panic.
pub fn span(source: &Source, range: JsonRange) -> std::ops::Range<usize> {
    let len = source.text.len();
    let start = range.start.min(len);
    start..range.end.clamp(start, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn source(text: String) -> Source {
        SourceFile::new("x.json".into(), "x.json".into(), text)
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = source(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)));
        let err = parse(&deep).unwrap_err();
        assert_eq!(err.message, too_deep());
        assert_eq!(err.position.unwrap().column, MAX_DEPTH + 1);
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        let text = source(format!("{{\"a\": \"{}\"}}", "[".repeat(1000)));
        assert!(parse(&text).unwrap().is_some());
    }

    #[test]
    fn leniencies_are_errors() {
        for text in ["{\"a\": 1,}", "{a: 1}", "// c\n{}", "{'a': 1}"] {
            assert!(parse(&source(text.into())).is_err(), "{text}");
        }
    }
}
