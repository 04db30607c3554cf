//! Front-ends: one per input format. Each claims files during discovery,
//! recognises its format by content, and turns a unit (a directory or one
//! file) into a [`Model`]; none knows about rules, reporters or the other
//! formats (except that a plan is tied back to the Terraform it came from).
//!
//! Adding a format is one folder or file here implementing [`Frontend`],
//! plus one line in [`all`].

pub mod cloudformation;
mod context;
pub mod credential_report;
pub mod plan;
pub mod state;
pub mod strict_json;
pub mod terraform;

use std::path::PathBuf;

pub use context::{Context, DirectoryUnit, FrontendOptions};

use crate::error::InputError;
use crate::model::Model;
use crate::paths::Target;
use crate::source::{Source, SourceFile};

/// Every front-end, in the order they are asked to claim file names and to
/// recognise content: the first that answers wins.
pub fn all() -> &'static [&'static dyn Frontend] {
    &[
        &terraform::Terraform,
        &plan::Plan,
        &state::State,
        &credential_report::CredentialReport,
        &cloudformation::CloudFormation,
    ]
}

/// One input format.
pub trait Frontend: Sync {
    /// A short, stable name (`terraform`, `plan`, `cloudformation`).
    fn name(&self) -> &'static str;

    /// What discovery should do with a file of this name: `explicit` when
    /// the file was named on the command line rather than met while walking.
    fn claim(&self, file_name: &str, explicit: bool) -> Claim;

    /// Whether discovery must not descend into directories of this name
    /// (a tool's own working directory, such as Terraform's `.terraform`).
    fn skips_directory(&self, _dir_name: &str) -> bool {
        false
    }

    /// Whether a file's text is in this format: a cheap byte-level sniff,
    /// asked of every front-end in turn for files read as [`Claim::File`].
    /// It decides whether a parse error is worth reporting: a file that
    /// looks like this format but does not parse is an error, anything else
    /// is skipped silently.
    fn recognises(&self, _text: &str) -> bool {
        false
    }

    /// Analyses one unit: a directory it claimed, or one file's text (a
    /// file it recognised, or, for a directory front-end, a lone file of its
    /// kind analysed as a unit of its own).
    fn analyse(&self, unit: Unit<'_>, ctx: &Context<'_>) -> Analysis;

    /// Its command-line options, added to `keylint check` under a heading
    /// of their own.
    fn options(&self) -> Vec<clap::Arg> {
        Vec::new()
    }

    /// Reads its options from the parsed command line and the environment
    /// into `options`. An error is bad usage (exit code 2).
    fn configure(
        &self,
        _args: &clap::ArgMatches,
        _env: &[(String, String)],
        _options: &mut FrontendOptions,
    ) -> Result<(), String> {
        Ok(())
    }

    /// The directories a unit in `dir` reads as units of their own kind (a
    /// Terraform module's local child modules, `source = "../x"`), as
    /// joined to `dir`. Used the other way round: when a file of a shared
    /// module is named (pre-commit names the changed files), the units that
    /// read it are linted too, because only they give it its values.
    fn local_dependencies(&self, _dir: &std::path::Path, _max_file_size: u64) -> Vec<PathBuf> {
        Vec::new()
    }

    /// The values its options give for named inputs, as `(option, name)`
    /// (`("--var", "env")`): a name that no unit of the run declares (see
    /// [`Analysis::declared_inputs`]) is a value that changes nothing, and
    /// the run warns about it.
    fn given_inputs(&self, _options: &FrontendOptions) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// What a front-end says about a file name during discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Not this front-end's.
    No,
    /// The file's directory is one unit for this front-end (a Terraform
    /// module); the file is read as part of it.
    Directory,
    /// A file worth reading: its content decides which front-end, if any,
    /// analyses it.
    File,
    /// This front-end's, but read along with something else (a `.tfvars`
    /// file, with its module): not a unit of its own.
    Ignore,
}

/// What a front-end analyses.
#[derive(Debug)]
pub enum Unit<'a> {
    /// A directory it claimed.
    Directory(&'a Target),
    /// One file's text.
    File(FileText),
}

/// A file's text as read by the pipeline, before any front-end parsed it.
#[derive(Debug)]
pub struct FileText {
    /// Where it is on disk (for files beside it, such as child modules).
    pub path: PathBuf,
    /// The name people see.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl FileText {
    /// The text as a source file that may be quoted in snippets.
    pub fn into_source(self) -> Source {
        SourceFile::new(self.path, self.name, self.text)
    }
}

/// What analysing one unit produced.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The facts found.
    pub model: Model,
    /// Files of this unit that could not be read or parsed.
    pub errors: Vec<InputError>,
    /// How many files were read.
    pub files: usize,
    /// The names of the inputs this unit declares that a front-end option
    /// can set (a Terraform root module's variables).
    pub declared_inputs: Vec<String>,
    /// With `--all-inputs`: the facts under each way some boolean inputs
    /// may be set, one scenario per combination (then `model` is the
    /// first's, for what it could not resolve); empty otherwise.
    pub scenarios: Vec<Scenario>,
}

/// One combination of two-valued inputs, and the facts that hold under it.
#[derive(Debug, Default)]
pub struct Scenario {
    /// The inputs and the value each is given; every scenario of a unit
    /// lists the same inputs in the same order.
    pub given: Vec<Setting>,
    /// The facts.
    pub model: Model,
}

/// One input of a [`Scenario`], set to one of its two values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The input as messages name it (`var.create_key`, `CreateKey`).
    pub input: String,
    /// Which of its two values it has: the scenarios of a unit count in
    /// binary, input `i` being bit `i` of the scenario's index.
    pub bit: bool,
    /// That value as messages write it (`true`, `` `Yes` ``).
    pub value: String,
    /// Whether the input's two values are all it can take: a nullable
    /// Terraform `bool` that the module compares or passes on may also be
    /// null, and a condition over it is then only sufficient.
    pub complete: bool,
}

impl Analysis {
    /// The analysis of one file that could not be read or parsed.
    pub fn failed(error: InputError) -> Self {
        Analysis {
            errors: vec![error],
            files: 1,
            ..Analysis::default()
        }
    }

    /// Once every scenario is pushed: a single one (nothing enumerated) is
    /// the model itself; of several, `model` keeps what could not be
    /// resolved, once (the same in every scenario).
    pub fn settle_scenarios(&mut self) {
        if self.scenarios.len() == 1 {
            self.model = self.scenarios.pop().unwrap_or_default().model;
        } else if let Some(first) = self.scenarios.first() {
            self.model.unresolved = first.model.unresolved.clone();
        }
    }

    /// The analysis of one file that parsed into `model`.
    pub fn of_file(model: Model) -> Self {
        Analysis {
            model,
            files: 1,
            ..Analysis::default()
        }
    }
}

/// The front-end named `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Frontend> {
    all().iter().copied().find(|f| f.name() == name)
}

/// The first front-end that claims a file name, and how.
pub fn claim(file_name: &str, explicit: bool) -> Option<(&'static dyn Frontend, Claim)> {
    all()
        .iter()
        .map(|&f| (f, f.claim(file_name, explicit)))
        .find(|(_, claim)| *claim != Claim::No)
}

/// Whether some front-end keeps discovery out of directories of this name.
pub fn skips_directory(dir_name: &str) -> bool {
    all().iter().any(|f| f.skips_directory(dir_name))
}

/// Analyses one file's text: by the front-end that treats a file of this
/// name as a unit of its own (a lone `.tf` file), else by the first
/// front-end that recognises its content. Text no front-end recognises is
/// skipped silently (no files, no errors).
pub fn analyse_file(file: FileText, ctx: &Context<'_>) -> Analysis {
    let by_name = claim(&file.name, false)
        .filter(|(_, claim)| *claim == Claim::Directory)
        .map(|(f, _)| f);
    let frontend = by_name.or_else(|| all().iter().copied().find(|f| f.recognises(&file.text)));
    match frontend {
        Some(frontend) => frontend.analyse(Unit::File(file), ctx),
        None => Analysis::default(),
    }
}

/// Analyses one file's text with the front-end named `frontend`, with its
/// default options, skipping discovery and recognition: for fuzzing and
/// embedding. `None` when there is no such front-end.
pub fn analyse_with(frontend: &str, file: FileText) -> Option<Analysis> {
    let options = FrontendOptions::default();
    // Nothing beside the file is read when its path is not a real one; a
    // caller that wants more uses `lint::lint_text`.
    let boundary = crate::paths::Boundary::of_scan(std::slice::from_ref(&file.path));
    let ctx = Context::without_directories(&options, crate::error::DEFAULT_MAX_FILE_SIZE, boundary);
    Some(by_name(frontend)?.analyse(Unit::File(file), &ctx))
}

/// Parses `NAME=VALUE` (a command-line variable or parameter).
pub fn parse_name_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Whether text is a JSON object (after a BOM and white space): how the
/// formats that come in JSON and YAML tell which one they got.
pub fn is_json_object(text: &str) -> bool {
    text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .starts_with('{')
}

/// Where `value` is in `text` when it is a slice of it (a string serde
/// borrowed from the text); `None` for a string made elsewhere (one serde
/// had to unescape).
pub fn span_in(text: &str, value: &str) -> Option<std::ops::Range<usize>> {
    let start = (value.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start.checked_add(value.len())?;
    (end <= text.len()).then_some(start..end)
}

/// Whether a file name ends with one of `extensions` (given in lower
/// case), ignoring ASCII case.
pub fn has_extension(file_name: &str, extensions: &[&str]) -> bool {
    let name = file_name.as_bytes();
    extensions.iter().any(|ext| {
        name.len() >= ext.len()
            && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recognised(text: &str) -> Option<&'static str> {
        all().iter().find(|f| f.recognises(text)).map(|f| f.name())
    }

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(
            recognised(r#"{"format_version":"1.2","planned_values":{}}"#),
            Some(plan::NAME)
        );
        assert_eq!(
            recognised(r#"{"Resources":{"U":{"Type":"AWS::IAM::User"}}}"#),
            Some(cloudformation::NAME)
        );
        assert_eq!(
            recognised("AWSTemplateFormatVersion: '2010-09-09'\n"),
            Some(cloudformation::NAME)
        );
        assert_eq!(
            recognised("Resources:\n  U:\n    Type: AWS::IAM::User\n"),
            Some(cloudformation::NAME)
        );
        // Keys and type names spelled with escapes are decoded first.
        assert_eq!(
            recognised(r#"{"\u0052esources":{"K":{"Type":"\u0041WS::IAM::AccessKey"}}}"#),
            Some(cloudformation::NAME)
        );
        assert_eq!(
            recognised("\"\\x52esources\": {K: {Type: \"\\x41WS::IAM::User\"}}\n"),
            Some(cloudformation::NAME)
        );
        assert_eq!(recognised(r#"{"\u0052esources":{}}"#), None);
        assert_eq!(recognised(r#"{"name":"pkg","version":"1.0.0"}"#), None);
        assert_eq!(recognised("apiVersion: v1\nkind: Pod\n"), None);
        assert_eq!(recognised("on: push\njobs: {}\n"), None);
    }

    #[test]
    fn file_names_are_claimed_in_order() {
        let claimed =
            |name: &str, explicit: bool| claim(name, explicit).map(|(f, c)| (f.name(), c));
        let tf = Some((terraform::NAME, Claim::Directory));
        assert_eq!(claimed("main.tf", false), tf);
        assert_eq!(claimed("main.tf.json", false), tf);
        assert_eq!(
            claimed("prod.tfvars.json", false),
            Some((terraform::NAME, Claim::Ignore))
        );
        assert_eq!(claimed("prod.tfvars", true), tf);
        assert_eq!(claimed("plan.json", false), Some((plan::NAME, Claim::File)));
        for name in ["stack.template.json", "t.YAML", "x.template", "y.cfn"] {
            assert_eq!(
                claimed(name, false).map(|(_, c)| c),
                Some(Claim::File),
                "{name}"
            );
        }
        assert_eq!(claimed("notes.md", false), None);
        assert_eq!(claimed("notes.md", true).map(|(_, c)| c), Some(Claim::File));
    }

    #[test]
    fn every_frontend_is_found_by_its_name() {
        for f in all() {
            assert_eq!(by_name(f.name()).map(|g| g.name()), Some(f.name()));
        }
    }
}
