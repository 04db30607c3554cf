//! The pipeline: discover → parse (one front-end per format) → model →
//! rules. Configurations are analysed in parallel; results are sorted so the
//! output never depends on thread timing.

use std::path::PathBuf;

use rayon::prelude::*;

use std::collections::BTreeSet;

use crate::baseline::Baseline;
use crate::config::Config;
use crate::discover::{Target, discover, display_path};
use crate::error::{InputError, read_text};
use crate::frontend::cloudformation::CfnOptions;
use crate::frontend::plan::source_link::link_to_source;
use crate::frontend::terraform::config::module_files;
use crate::frontend::terraform::{TerraformOptions, analyse_root, loader::Loader};
use crate::frontend::{Analysis, Format, cloudformation, plan, sniff};
use crate::model::Unresolved;
use crate::rules::{self, Finding};
use crate::source::{Location, SourceFile, SourceKind};
use crate::suppress;

/// Stack size of the worker threads.
const WORKER_STACK: usize = 32 << 20;

/// What to lint and how.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// Variable values for Terraform root modules.
    pub terraform: TerraformOptions,
    /// Parameter values for CloudFormation templates.
    pub cloudformation: CfnOptions,
    /// Project settings (`keylint.toml`).
    pub config: Config,
    /// Findings to leave out because they were already known.
    pub baseline: Option<Baseline>,
    /// Files bigger than this many bytes are not read [default:
    /// [`DEFAULT_MAX_FILE_SIZE`](crate::error::DEFAULT_MAX_FILE_SIZE)].
    pub max_file_size: Option<u64>,
    /// Show a progress bar on stderr when the scan takes a while (the CLI
    /// turns this on only for people at a terminal).
    pub progress: bool,
}

/// A message about the run itself, tied to a place when there is one:
/// a suppression without a reason, an unused suppression, a stale baseline entry.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Where, when it is about a place in a file.
    pub location: Option<Location>,
    /// What.
    pub message: String,
}

/// Everything a reporter needs.
#[derive(Debug, Default)]
pub struct LintResult {
    /// Findings, sorted by file, line and rule.
    pub findings: Vec<Finding>,
    /// Files that could not be read or parsed, sorted by file.
    pub errors: Vec<InputError>,
    /// What was left unresolved, sorted by file and line.
    pub unresolved: Vec<Unresolved>,
    /// How many files were read.
    pub files: usize,
    /// How long linting took (discovery to sorted results).
    pub elapsed: std::time::Duration,
    /// Problems with suppressions (they count as warnings for `--fail-on`).
    pub warnings: Vec<Notice>,
    /// What `--verbose` adds: unused suppressions, stale baseline entries.
    pub notes: Vec<Notice>,
    /// Findings silenced by suppressions.
    pub suppressed: usize,
    /// Findings left out because the baseline has them.
    pub baselined: usize,
}

enum Unit<'a> {
    Terraform(&'a Target),
    File(&'a Target),
}

/// Lints the given paths.
pub fn lint(options: &LintOptions) -> LintResult {
    let started = std::time::Instant::now();
    let found = discover(&options.paths, options.config.exclude.clone());
    let units: Vec<Unit<'_>> = found
        .terraform_dirs
        .iter()
        .map(Unit::Terraform)
        .chain(found.data_files.iter().map(Unit::File))
        .collect();
    let max_file_size = options
        .max_file_size
        .unwrap_or(crate::error::DEFAULT_MAX_FILE_SIZE);
    let loader = Loader::new(max_file_size);
    let progress = Progress::new(options.progress, units.len(), started);
    let analyse = || -> Vec<(Analysis, Vec<Finding>)> {
        units
            .par_iter()
            .map(|unit| {
                let analysis = match unit {
                    Unit::Terraform(target) => {
                        analyse_root(&loader, &target.path, &target.display, &options.terraform)
                    }
                    Unit::File(target) => {
                        let mut analysis =
                            analyse_file(target, &options.cloudformation, max_file_size);
                        if let Some((dir, display)) =
                            plan_source_dir(target, &found.terraform_dirs, &analysis)
                        {
                            link_to_source(&mut analysis.model, &loader, &dir, &display);
                        }
                        analysis
                    }
                };
                let findings = check(&analysis, options);
                progress.tick();
                (analysis, findings)
            })
            .collect()
    };
    // Evaluation recurses through expressions a hostile file controls; the
    // bounds in the evaluator keep it finite, a roomy stack keeps it safe.
    let analyses = match rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build()
    {
        Ok(pool) => pool.install(analyse),
        Err(_) => analyse(),
    };
    progress.finish();
    let mut result = gather(analyses, found.errors, options);
    result.elapsed = started.elapsed();
    result
}

/// Lints one file's text, as `lint` would lint a file of that name holding
/// it, without touching the disk: a `.tf` or `.tf.json` name is analysed as a
/// Terraform module of its own (local child modules and `terraform.tfvars`
/// are still looked for beside `path`), anything else is sniffed like a data
/// file. For fuzzing and embedding.
pub fn lint_text(path: PathBuf, name: String, text: String, options: &LintOptions) -> LintResult {
    let started = std::time::Instant::now();
    let analysis = if crate::frontend::is_terraform_file(&name) {
        let kind = if name.ends_with(".json") {
            SourceKind::HclJson
        } else {
            SourceKind::Hcl
        };
        let source = SourceFile::new(path, name, text, kind);
        crate::frontend::terraform::analyse_source(&source, &options.terraform)
    } else {
        analyse_text(path, name, text, &options.cloudformation)
    };
    let findings = check(&analysis, options);
    let mut result = gather(vec![(analysis, findings)], Vec::new(), options);
    result.elapsed = started.elapsed();
    result
}

/// Runs every enabled rule on one analysis, at the configured severities.
fn check(analysis: &Analysis, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules::all() {
        let Some(severity) = options.config.severity(rule.meta()) else {
            continue;
        };
        let start = findings.len();
        rule.check(&analysis.model, &mut findings);
        findings[start..]
            .iter_mut()
            .for_each(|f| f.severity = severity);
    }
    findings
}

/// Merges the analyses, sorts, and applies suppressions and the baseline.
fn gather(
    analyses: Vec<(Analysis, Vec<Finding>)>,
    errors: Vec<InputError>,
    options: &LintOptions,
) -> LintResult {
    let mut result = LintResult {
        errors,
        ..LintResult::default()
    };
    let mut suppressions = Vec::new();
    for (analysis, findings) in analyses {
        result.files += analysis.files;
        result.errors.extend(analysis.errors);
        result.unresolved.extend(analysis.model.unresolved);
        suppressions.extend(analysis.model.suppressions);
        result.findings.extend(findings);
    }
    finish(&mut result);
    let outcome = suppress::apply(&mut result.findings, &suppressions);
    result.suppressed = outcome.suppressed;
    result.warnings = outcome.warnings;
    result.notes = outcome.unused;
    if let Some(baseline) = &options.baseline {
        let (removed, stale) = baseline.apply(&mut result.findings);
        result.baselined = removed;
        result.notes.extend(stale.into_iter().map(|e| Notice {
            location: None,
            message: format!(
                "baseline entry {} ({} {} in {}) matches no finding: fixed, or changed; rewrite the baseline",
                e.fingerprint, e.rule, e.resource, e.file
            ),
        }));
    }
    result
}

/// A progress bar that appears only once a scan has taken half a second:
/// quick runs (most pre-commit runs) never flash one.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_millis(500);

    fn new(enabled: bool, total: usize, started: std::time::Instant) -> Self {
        let bar = enabled.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} configurations {wide_bar} {elapsed}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started,
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.started.elapsed() > Self::DELAY
            && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Sorts and removes duplicates: a module that is both a root and called
/// from another root is analysed twice, and its file errors are met twice.
fn finish(result: &mut LintResult) {
    let finding_key = |f: &Finding| {
        let p = f.location.start();
        (
            f.location.source.name.clone(),
            p.line,
            p.column,
            f.rule.id,
            f.resource.clone(),
            f.user.clone(),
        )
    };
    result.findings.sort_by_cached_key(finding_key);
    result
        .findings
        .dedup_by(|a, b| finding_key(a) == finding_key(b));
    let error_key = |e: &InputError| (e.file.clone(), e.position, e.message.clone());
    result.errors.sort_by_cached_key(error_key);
    result.errors.dedup_by(|a, b| error_key(a) == error_key(b));
    let unresolved_key = |u: &Unresolved| {
        (
            u.location.source.name.clone(),
            u.location.start(),
            u.address.clone(),
            u.reason.clone(),
        )
    };
    result.unresolved.sort_by_cached_key(unresolved_key);
    result
        .unresolved
        .dedup_by(|a, b| unresolved_key(a) == unresolved_key(b));
}

/// The Terraform directory a plan was made from: the plan's own directory
/// when it holds `.tf` files, else the only Terraform directory linted.
fn plan_source_dir(
    plan: &Target,
    terraform_dirs: &BTreeSet<Target>,
    analysis: &Analysis,
) -> Option<(PathBuf, String)> {
    let is_plan = analysis.model.declarations.first()?.location.source.kind == SourceKind::Plan;
    if !is_plan {
        return None;
    }
    let dir = plan
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let has_tf = module_files(dir).is_ok_and(|files| !files.is_empty());
    if has_tf {
        return Some((dir.to_path_buf(), display_path(dir)));
    }
    match terraform_dirs.iter().collect::<Vec<_>>().as_slice() {
        [only] => Some((only.path.clone(), only.display.clone())),
        _ => None,
    }
}

/// Reads one candidate file, recognises it by content and analyses it.
fn analyse_file(target: &Target, cfn: &CfnOptions, max_file_size: u64) -> Analysis {
    let text = match read_text(&target.path, &target.display, max_file_size) {
        Ok(text) => text,
        Err(e) => {
            return Analysis {
                files: 1,
                errors: vec![e],
                ..Analysis::default()
            };
        }
    };
    analyse_text(target.path.clone(), target.display.clone(), text, cfn)
}

/// Recognises a data file's text by content and analyses it.
fn analyse_text(path: PathBuf, name: String, text: String, cfn: &CfnOptions) -> Analysis {
    let mut analysis = Analysis::default();
    let Some(format) = sniff(&text) else {
        return analysis; // not ours: skipped silently
    };
    analysis.files = 1;
    let kind = match format {
        Format::Plan => SourceKind::Plan,
        Format::CfnJson => SourceKind::CfnJson,
        Format::CfnYaml => SourceKind::CfnYaml,
        Format::Terraform => SourceKind::Hcl,
    };
    let source = SourceFile::new(path, name, text, kind);
    let model = match format {
        Format::Plan => plan::analyse(&source).map(Some),
        _ => cloudformation::analyse(&source, cfn),
    };
    match model {
        Ok(Some(model)) => analysis.model = model,
        Ok(None) => analysis.files = 0,
        Err(e) => analysis.errors.push(e),
    }
    analysis
}
