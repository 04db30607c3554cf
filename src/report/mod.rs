//! Reporters: turn the [`Outcome`] of a run into output. They know the
//! outcome, not rules or input formats.
//!
//! One file per output format, each a [`Reporter`]; [`Format`] names them
//! for `--format`. Escaping of input text lives in [`escape`], positions
//! and paths as other tools count them in [`locate`].

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod locate;
pub mod sarif;
pub mod summary;

use std::path::PathBuf;

use crate::escape::LogText;
use crate::outcome::Outcome;

/// How to render, whatever the format.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Use ANSI colours (human output).
    pub color: bool,
    /// Wrap at this many columns (human output).
    pub width: usize,
    /// End with the summary line (off with `--quiet`).
    pub summary: bool,
    /// The directory relative paths are relative to (the current
    /// directory, normally the repository root), for formats that name
    /// files by URI.
    pub base: Option<PathBuf>,
}

/// An output format.
pub trait Reporter {
    /// The whole report of a run.
    fn render(&self, outcome: &Outcome, options: &ReportOptions) -> String;
}

/// The formats `--format` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette diagnostics for people.
    Human,
    /// One JSON document for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality (JSON), for `artifacts:reports:codequality`.
    Gitlab,
    /// JUnit XML, for CI test reports (GitLab, Jenkins, Azure Pipelines).
    Junit,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub fn all() -> &'static [Format] {
        <Format as clap::ValueEnum>::value_variants()
    }

    /// The reporter of this format.
    pub fn reporter(self) -> &'static dyn Reporter {
        match self {
            Format::Human => &human::Human,
            Format::Json => &json::Json,
            Format::Sarif => &sarif::Sarif,
            Format::Github => &github::Github,
            Format::Gitlab => &gitlab::Gitlab,
            Format::Junit => &junit::Junit,
        }
    }

    /// What the report is to a CI log that reads standard output for
    /// commands, so that `escape::log_safe` neutralises what input put there.
    pub fn log_text(self) -> LogText {
        match self {
            // JUnit's element text has lines of input, as prose does.
            Format::Human | Format::Junit => LogText::Prose,
            Format::Json | Format::Sarif | Format::Gitlab => LogText::Json,
            Format::Github => LogText::Commands,
        }
    }
}
