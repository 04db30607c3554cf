//! The IAM credential report: the CSV that `aws iam get-credential-report`
//! returns (base64 in `Content`), or that JSON response itself. One unit
//! per file, recognised by content whatever its name.
//!
//! ```sh
//! aws iam generate-credential-report
//! aws iam get-credential-report --query Content --output text | base64 -d > report.csv
//! aws iam get-credential-report > report.json
//! ```

mod csv;
mod rows;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use base64::Engine;
use serde::Deserialize;

use crate::error::InputError;
use crate::frontend::{
    Analysis, Claim, Context, FileText, Frontend, Unit, has_extension, is_json_object, span_in,
};
use crate::model::{Model, parse_time};
use crate::source::{Location, SourceFile};

pub use rows::ROOT;

/// The front-end's name.
pub const NAME: &str = "credential-report";

/// Credential reports, CSV or the JSON response around one.
pub struct CredentialReport;

impl Frontend for CredentialReport {
    fn name(&self) -> &'static str {
        NAME
    }

    fn claim(&self, file_name: &str, explicit: bool) -> Claim {
        if explicit || has_extension(file_name, &[".csv", ".json"]) {
            Claim::File
        } else {
            Claim::No
        }
    }

    fn recognises(&self, text: &str) -> bool {
        if is_json_object(text) {
            return text.contains("\"Content\"") && text.contains("\"ReportFormat\"");
        }
        // The header: `user,arn,user_creation_time,...` (columns by name).
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("");
        let mut names = first.split(',').map(|n| n.trim().trim_matches('"'));
        names.clone().any(|n| n == "user") && names.any(|n| n == "access_key_1_active")
    }

    fn analyse(&self, unit: Unit<'_>, _ctx: &Context<'_>) -> Analysis {
        let Unit::File(file) = unit else {
            return Analysis::default();
        };
        let result = if is_json_object(&file.text) {
            from_response(file)
        } else {
            rows::read(&file.into_source())
        };
        match result {
            Ok(model) => Analysis::of_file(model),
            Err(e) => Analysis::failed(e),
        }
    }
}

/// The JSON response of `aws iam get-credential-report`.
#[derive(Deserialize)]
struct Response<'a> {
    #[serde(rename = "Content", borrow)]
    content: Cow<'a, str>,
    #[serde(rename = "GeneratedTime", borrow)]
    generated_time: Option<Cow<'a, str>>,
}

/// A report inside the JSON response: its `Content` decoded and read, every
/// place in it shown at the `Content` value (the decoded text is not a file
/// anyone can open), and `GeneratedTime` as the time the report was made.
fn from_response(file: FileText) -> Result<Model, InputError> {
    let source = SourceFile::never_quoted(file.path, file.name, file.text);
    let whole = 0..source.text.len();
    let response: Response<'_> = serde_json::from_str(&source.text).map_err(|e| {
        let message = format!("not a credential report response: {e}");
        InputError::at(&source, whole.clone(), message)
    })?;
    // An unescaped value is not in the text: shown at its key instead.
    let content = span_in(&source.text, &response.content).unwrap_or_else(|| {
        let at = source.text.find("\"Content\"").unwrap_or(0);
        at..at + "\"Content\"".len()
    });
    let at_content = |message: String| InputError::at(&source, content.clone(), message);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(response.content.trim())
        .map_err(|e| at_content(format!("Content is not base64: {e}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| at_content("Content is not UTF-8 text".into()))?;
    let decoded = SourceFile::new(source.path.clone(), source.name.clone(), text);
    let mut model = rows::read(&decoded).map_err(|e| {
        let at = e.position.map_or(String::new(), |p| {
            format!(" (line {}, column {})", p.line, p.column)
        });
        at_content(format!("in the decoded Content{at}: {}", e.message))
    })?;
    for declaration in &mut model.declarations {
        declaration.location = Location::new(&source, content.clone());
    }
    if let Some(time) = response.generated_time {
        let time = parse_time(&time).map_err(|e| at_content(format!("GeneratedTime is {e}")))?;
        model.recorded_at = Some(time);
    }
    Ok(model)
}
