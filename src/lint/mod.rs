//! The pipeline: discover → analyse each unit with its front-end → model →
//! rules → outcome. Units are analysed in parallel; results are sorted so
//! the output never depends on thread timing. Nothing here names an input
//! format: front-ends are reached through [`crate::frontend`]'s registry.

mod callers;
mod conditions;
mod gather;
mod progress;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::discover::{Discovered, discover};
use crate::error::{DEFAULT_MAX_FILE_SIZE, InputError, read_text};
use crate::frontend::{self, Analysis, Context, FileText, FrontendOptions, Unit};
use crate::outcome::{Finding, Notice, Outcome, RuleOverride};
use crate::paths::{Boundary, Target};
use crate::rules;
use crate::settings::{Baseline, Config};
use progress::Progress;

/// Stack size of the worker threads.
const WORKER_STACK: usize = 32 << 20;

/// What to lint and how.
#[derive(Debug, Default)]
pub struct LintOptions {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// Options of the front-ends (variable values, template parameters),
    /// each front-end's own type.
    pub inputs: FrontendOptions,
    /// Project settings (`keylint.toml`).
    pub config: Config,
    /// Findings to leave out because they were already known.
    pub baseline: Option<Baseline>,
    /// Files bigger than this many bytes are not read [default:
    /// [`DEFAULT_MAX_FILE_SIZE`]].
    pub max_file_size: Option<u64>,
    /// Show a progress bar on stderr when the scan takes a while (the CLI
    /// turns this on only for people at a terminal).
    pub progress: bool,
    /// Ignore what the scanned repository can switch off: suppression
    /// comments and ignore files (the CLI also leaves `keylint.toml` out).
    pub strict: bool,
    /// What the rules on deployed keys measure against.
    pub rules: rules::RuleSettings,
}

impl LintOptions {
    fn max_file_size(&self) -> u64 {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// Lints the given paths.
pub fn lint(options: &LintOptions) -> Outcome {
    let started = std::time::Instant::now();
    let (paths, forced_out) = force_exclude(options);
    let mut found = discover(&paths, options.config.exclude.clone(), !options.strict);
    found.excluded.extend(forced_out);
    found.excluded.sort();
    let boundary = Boundary::of_scan(&options.paths);
    callers::add_callers(
        &mut found,
        &options.config.exclude,
        !options.strict,
        &boundary,
        options.max_file_size(),
    );
    let ctx = Context::new(
        &options.inputs,
        options.max_file_size(),
        boundary,
        &found.directories,
    );
    let units = units(&found);
    let progress = Progress::new(options.progress, units.len(), started);
    let analyse = || run(&units, &ctx, options, &progress);
    // Evaluation recurses through expressions a hostile file controls; the
    // bounds in the evaluators keep it finite, a roomy stack keeps it safe.
    let (analyses, unrecognised) = match rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build()
    {
        Ok(pool) => pool.install(analyse),
        Err(_) => analyse(),
    };
    progress.finish();
    let unused = unused_inputs(&analyses, &options.inputs);
    let mut outcome = gather::gather(analyses, found.errors, options);
    outcome
        .warnings
        .extend(silent_no_ops(&outcome, unrecognised));
    outcome.warnings.extend(unused);
    outcome.rule_overrides = rule_overrides(&options.config);
    outcome.excluded = found.excluded;
    outcome.elapsed = started.elapsed();
    outcome
}

/// The paths to walk: with `force_exclude`, those named on the command line
/// that the configuration's `exclude` matches are left out too (pre-commit
/// names every changed file, excluded or not), and listed.
fn force_exclude(options: &LintOptions) -> (Vec<PathBuf>, Vec<String>) {
    if !options.config.force_exclude {
        return (options.paths.clone(), Vec::new());
    }
    let (out, kept): (Vec<&PathBuf>, Vec<&PathBuf>) = options
        .paths
        .iter()
        .partition(|p| options.config.is_excluded(p));
    let shown = out.iter().map(|p| crate::paths::display_path(p)).collect();
    (kept.into_iter().cloned().collect(), shown)
}

/// Analyses every unit in parallel, ties the models together, then runs
/// the rules on each: the analyses with their findings, and the files
/// named on the command line that no front-end recognised.
fn run(
    units: &[Work<'_>],
    ctx: &Context<'_>,
    options: &LintOptions,
    progress: &Progress,
) -> (Vec<(Analysis, Vec<Finding>)>, Vec<String>) {
    let mut analyses: Vec<Analysis> = units
        .par_iter()
        .map(|unit| {
            let analysis = contained(unit, || analyse(unit, ctx), Analysis::failed);
            progress.tick();
            analysis
        })
        .collect();
    let unrecognised = units
        .iter()
        .zip(&analyses)
        .filter_map(|(unit, analysis)| not_recognised(unit, analysis, &options.paths))
        .collect();
    // What an account records is tied to the code of the same run before
    // any rule reads it.
    // With `--all-inputs`, every scenario's users count: the code declares
    // a user if some inputs create it, and at most the most keys any does.
    let mut models: Vec<&mut crate::model::Model> = analyses
        .iter_mut()
        .flat_map(|a| {
            let scenarios = a.scenarios.iter_mut().map(|s| &mut s.model);
            std::iter::once(&mut a.model).chain(scenarios)
        })
        .collect();
    crate::model::link(&mut models);
    let checked = analyses
        .into_par_iter()
        .zip(units.par_iter())
        .map(|(mut analysis, unit)| {
            let work = || {
                let findings = check(&mut analysis, options);
                (analysis, findings)
            };
            contained(unit, work, |e| (Analysis::failed(e), Vec::new()))
        })
        .collect();
    (checked, unrecognised)
}

/// A file named on the command line that no front-end recognised.
fn not_recognised(unit: &Work<'_>, analysis: &Analysis, paths: &[PathBuf]) -> Option<String> {
    let Work::File(target) = unit else {
        return None;
    };
    let named = paths.contains(&target.path);
    (named && analysis.files == 0 && analysis.errors.is_empty()).then(|| target.display.clone())
}

/// Warnings for a run that linted nothing, which would otherwise pass
/// without a word: each file named on the command line that is not an
/// input keylint reads, or else what may have hidden the inputs. (When
/// other files were linted, files named but not recognised stay silent:
/// pre-commit names every changed `.json` and `.yaml`.)
fn silent_no_ops(outcome: &Outcome, unrecognised: Vec<String>) -> Vec<Notice> {
    if outcome.files > 0 || !outcome.errors.is_empty() {
        return Vec::new();
    }
    let mut warnings: Vec<Notice> = unrecognised
        .into_iter()
        .map(|file| Notice {
            location: None,
            message: format!(
                "{}: not linted: not a Terraform file, plan, state, CloudFormation template or IAM credential report",
                crate::escape::terminal(&file)
            ),
        })
        .collect();
    if warnings.is_empty() {
        warnings.push(Notice {
            location: None,
            message: "nothing was linted: no Terraform module, plan, state, CloudFormation template or credential report was found (.gitignore and .ignore keep directories out: a CDK project ignores cdk.out, so run `cdk synth`, then `keylint check cdk.out`)".into(),
        });
    }
    warnings
}

/// Warnings for values given on the command line for inputs that no unit
/// of the run declares (`--var nmae=...`): they change nothing, and a typo
/// there would otherwise pass without a word.
fn unused_inputs(analyses: &[(Analysis, Vec<Finding>)], inputs: &FrontendOptions) -> Vec<Notice> {
    let declared: std::collections::HashSet<&str> = analyses
        .iter()
        .flat_map(|(analysis, _)| analysis.declared_inputs.iter().map(String::as_str))
        .collect();
    let mut warned = std::collections::HashSet::new();
    frontend::all()
        .iter()
        .flat_map(|f| f.given_inputs(inputs))
        .filter(|(_, name)| !declared.contains(name.as_str()))
        .filter(|given| warned.insert(given.clone()))
        .map(|(option, name)| Notice {
            location: None,
            message: format!(
                "{option} {}: no root module linted declares this variable, so the value is not used",
                crate::escape::terminal(&name)
            ),
        })
        .collect()
}

/// The rules the configuration switches off or gives another severity
/// than their own, in id order.
fn rule_overrides(config: &Config) -> Vec<RuleOverride> {
    let Some(path) = &config.path else {
        return Vec::new();
    };
    // Found by walking up from an argument, the path is absolute: shown
    // from the current directory, like every other file.
    let cwd = std::env::current_dir().unwrap_or_default();
    let file = crate::paths::display_path(&crate::paths::relative_to(path, &cwd));
    rules::metadata()
        .filter(|rule| !config.off_by_command_line.contains(&rule.id))
        .filter_map(|rule| {
            let setting = match (config.severity(rule), rule.severity) {
                (None, _) => "off",
                (Some(s), default) if s == default => return None,
                (Some(s), _) => s.as_str(),
            };
            Some(RuleOverride {
                rule,
                setting,
                file: file.clone(),
            })
        })
        .collect()
}

/// Lints one file's text, as `lint` would lint a file of that name holding
/// it, for fuzzing and embedding. A file that a front-end treats as part of
/// a directory unit (a `.tf` or `.tf.json` name) is analysed as a unit of
/// its own; anything else is recognised by content like any other file. The
/// text itself is not read from disk, but front-ends still look beside
/// `path` for what they would read there (local child modules and
/// `terraform.tfvars`, the Terraform configuration a plan was made from):
/// give a path in a directory that does not exist to read nothing at all.
pub fn lint_text(path: PathBuf, name: String, text: String, options: &LintOptions) -> Outcome {
    let started = std::time::Instant::now();
    let boundary = Boundary::of_scan(std::slice::from_ref(&path));
    let ctx = Context::without_directories(&options.inputs, options.max_file_size(), boundary);
    let mut analysis = frontend::analyse_file(FileText { path, name, text }, &ctx);
    let findings = check(&mut analysis, options);
    let mut outcome = gather::gather(vec![(analysis, findings)], Vec::new(), options);
    outcome.elapsed = started.elapsed();
    outcome
}

/// A unit of work: a directory some front-end claimed, or a file to read
/// and recognise by content.
enum Work<'a> {
    Directory(&'a Target, &'static str),
    File(&'a Target),
}

/// Directories first, then files, each in path order.
fn units(found: &Discovered) -> Vec<Work<'_>> {
    found
        .directories
        .iter()
        .map(|d| Work::Directory(&d.target, d.frontend))
        .chain(found.files.iter().map(Work::File))
        .collect()
}

/// Runs `work` on one unit; if it panics (a bug), the unit gets an error
/// of its own (exit 2, made by `failed`) and every other unit is still
/// analysed and reported, as ruff does per file. The panic hook has already
/// printed the message.
fn contained<T>(
    unit: &Work<'_>,
    work: impl FnOnce() -> T,
    failed: impl FnOnce(InputError) -> T,
) -> T {
    // Nothing a panicking unit half-built is read afterwards: it is dropped.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(_) => {
            let target = match *unit {
                Work::Directory(target, _) | Work::File(target) => target,
            };
            let message = "keylint crashed while analysing this (a bug in keylint: please report it); the other files were analysed";
            failed(InputError::file(target.display.clone(), message))
        }
    }
}

/// Analyses one unit with its front-end.
fn analyse(unit: &Work<'_>, ctx: &Context<'_>) -> Analysis {
    match *unit {
        Work::Directory(target, name) => match frontend::by_name(name) {
            Some(frontend) => frontend.analyse(Unit::Directory(target), ctx),
            None => Analysis::default(),
        },
        Work::File(target) => match read_text(&target.path, &target.display, ctx.max_file_size) {
            Ok(text) => {
                let file = FileText {
                    path: target.path.clone(),
                    name: target.display.clone(),
                    text,
                };
                frontend::analyse_file(file, ctx)
            }
            Err(e) => Analysis::failed(e),
        },
    }
}

/// Runs every enabled rule on one analysis, at the configured severities:
/// on its model, or on each of its scenarios (`--all-inputs`), merged.
fn check(analysis: &mut Analysis, options: &LintOptions) -> Vec<Finding> {
    if analysis.scenarios.is_empty() {
        return check_model(&mut analysis.model, options);
    }
    let found = analysis
        .scenarios
        .iter_mut()
        .map(|s| check_model(&mut s.model, options))
        .collect();
    let scenarios = &analysis.scenarios;
    let may_hold = |s: usize, f: &Finding| {
        let rule = rules::all().iter().find(|r| r.meta().id == f.rule.id);
        rule.is_none_or(|r| r.may_hold(&scenarios[s].model, f))
    };
    conditions::merge(scenarios, found, may_hold)
}

/// Runs every enabled rule on one model.
fn check_model(model: &mut crate::model::Model, options: &LintOptions) -> Vec<Finding> {
    // Before any rule words a message: no name marked sensitive in one
    // place may be shown because it is written plainly in another.
    model.hide_sensitive_names();
    // Suppression comments are the repository's: not in strict mode.
    if !options.strict {
        crate::settings::suppressions::mark_silenced(model);
    }
    let mut findings = Vec::new();
    for rule in rules::all() {
        let Some(severity) = options.config.severity(rule.meta()) else {
            continue;
        };
        let start = findings.len();
        rule.check(model, &options.rules, &mut findings);
        findings[start..]
            .iter_mut()
            .for_each(|f| f.severity = severity);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_that_panics_becomes_an_error_of_its_own() {
        let target = Target {
            path: "m".into(),
            display: "modules/m".into(),
        };
        let failed = |e| (Analysis::failed(e), Vec::<Finding>::new());
        let (analysis, findings) = contained(&Work::File(&target), || panic!("a bug"), failed);
        assert!(findings.is_empty());
        let errors: Vec<_> = analysis
            .errors
            .iter()
            .map(|e| (e.file.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            [(
                "modules/m",
                "keylint crashed while analysing this (a bug in keylint: please report it); the other files were analysed"
            )]
        );
    }
}
