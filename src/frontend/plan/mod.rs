//! Terraform plan JSON (`terraform show -json plan.out`, format 0.1 to 1.2).
//!
//! Analysis runs in two phases that can be measured apart: `parse` reads
//! the JSON into borrowing types that keep only IAM resources, then
//! `resolve::build` decides which keys and login profiles exist after apply.
//! A plan is never shown as a snippet, so locations only need the right line
//! and column: the `"address": "..."` pair of each instance, found from the
//! position of the address string itself (serde_json hands out slices of the
//! input), without searching the text.

mod accounts;
mod address;
mod borrowed;
mod json;
mod resolve;
mod source_link;
#[cfg(test)]
mod tests;

use std::ops::Range;

use serde_json::error::Category;

use crate::error::InputError;
use crate::frontend::{Analysis, Claim, Context, Frontend, Unit, has_extension, is_json_object};
use crate::model::Model;
use crate::source::{Source, SourceFile};
use json::{Document, Plan as PlanDocument};

/// The front-end's name.
pub const NAME: &str = "plan";

/// Terraform plans in JSON (`terraform show -json plan.out`), one unit per
/// file, tied back to the Terraform configuration they were made from when
/// it is at hand.
pub struct Plan;

impl Frontend for Plan {
    fn name(&self) -> &'static str {
        NAME
    }

    fn claim(&self, file_name: &str, explicit: bool) -> Claim {
        if explicit || has_extension(file_name, &[".json"]) {
            Claim::File
        } else {
            Claim::No
        }
    }

    fn recognises(&self, text: &str) -> bool {
        is_json_object(text)
            && text.contains("\"format_version\"")
            && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
    }

    fn analyse(&self, unit: Unit<'_>, ctx: &Context<'_>) -> Analysis {
        let Unit::File(file) = unit else {
            return Analysis::default();
        };
        let path = file.path.clone();
        // A plan is often one huge line: named by position, never quoted.
        let source = SourceFile::never_quoted(file.path, file.name, file.text);
        match analyse(&source) {
            Ok(mut model) => {
                if !model.declarations.is_empty() {
                    source_link::link(&mut model, &path, ctx);
                }
                Analysis::of_file(model)
            }
            Err(e) => Analysis::failed(e),
        }
    }
}

/// Reads the IAM facts of one plan: the access keys and login profiles that
/// exist after apply, with their users and statuses.
///
/// A file that is not valid JSON, or not shaped like a plan, is an error at
/// the position where that shows.
pub fn analyse(source: &Source) -> Result<Model, InputError> {
    let plan = parse(source)?;
    check_format(source, &plan)?;
    resolve::build(source, &plan)
}

/// Parses the plan's JSON, borrowing from the source text.
fn parse(source: &Source) -> Result<PlanDocument<'_>, InputError> {
    serde_json::from_str::<Document>(&source.text)
        .map(|d| d.0)
        .map_err(|e| json_error(source, &e))
}

/// Rejects JSON that is not a plan of a format version keylint knows.
fn check_format(source: &Source, plan: &PlanDocument<'_>) -> Result<(), InputError> {
    let Some(version) = &plan.format_version else {
        return Err(file_error(
            source,
            "not a Terraform plan: \"format_version\" is missing",
        ));
    };
    if !matches!(version.0.split('.').next(), Some("0" | "1")) {
        let shown: String = version.0.chars().take(20).collect();
        let message =
            format!("unsupported plan format_version {shown:?}: keylint reads 0.x and 1.x");
        return Err(file_error(source, message));
    }
    if plan.planned_values.is_none() {
        return Err(file_error(
            source,
            "not a Terraform plan: \"planned_values\" is missing",
        ));
    }
    Ok(())
}

/// An error about the plan as a whole, shown at its first character.
fn file_error(source: &Source, message: impl Into<String>) -> InputError {
    InputError::at(source, char_span(&source.text, 0), message)
}

/// An error of serde_json reading the whole text: its line and column
/// (1-based, in bytes) become a byte offset through the line index.
fn json_error(source: &Source, error: &serde_json::Error) -> InputError {
    let line_start = error
        .line()
        .checked_sub(1)
        .and_then(|l| source.line_starts().get(l))
        .copied()
        .unwrap_or(0);
    let offset = line_start + error.column().saturating_sub(1);
    InputError::at(source, char_span(&source.text, offset), describe(error))
}

/// An error of serde_json reading `raw`, a slice of the source at `span`:
/// its line and column are relative to that slice.
fn nested_error(
    source: &Source,
    span: Option<Range<usize>>,
    raw: &str,
    error: &serde_json::Error,
) -> InputError {
    let line_start = match error.line() {
        0 | 1 => 0,
        n => raw
            .match_indices('\n')
            .nth(n - 2)
            .map_or(raw.len(), |(i, _)| i + 1),
    };
    let base = span.map_or(0, |s| s.start);
    let offset = base + line_start + error.column().saturating_sub(1);
    InputError::at(source, char_span(&source.text, offset), describe(error))
}

/// The message of a serde_json error, without the position it appends.
fn describe(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        Category::Data => "unexpected plan structure",
        Category::Syntax | Category::Eof | Category::Io => "invalid plan JSON",
    };
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&position).unwrap_or(&full);
    format!("{what}: {message}")
}

/// The span of the one character at `offset` (moved back to a character
/// boundary, and kept inside the text; empty for an empty text).
fn char_span(text: &str, offset: usize) -> Range<usize> {
    let mut start = crate::source::floor_char_boundary(text, offset.min(text.len()));
    if start == text.len() {
        start = text[..start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
    }
    let width = text[start..].chars().next().map_or(0, char::len_utf8);
    start..start + width
}
