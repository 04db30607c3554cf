//! `keylint check`: settings, the run, the report and the exit code, one
//! step each.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{ArgMatches, ValueEnum};

use super::output::{width, write_file, write_stdout};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::escape::{LogText, log_safe};
use crate::frontend::{self, FrontendOptions};
use crate::lint::{LintOptions, lint};
use crate::outcome::Outcome;
use crate::paths::Boundary;
use crate::report::human::{self, HumanOptions};
use crate::report::{Format, ReportOptions, summary};
use crate::rules::RuleSettings;
use crate::settings::{Baseline, Config, FailOn};

/// The arguments of `keylint check` (front-ends add their own options).
#[derive(Debug, clap::Args)]
pub(super) struct CheckArgs {
    /// Files or directories to lint.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Also list what could not be resolved, unused suppressions and stale
    /// baseline entries, and why (to stderr).
    #[arg(short, long)]
    verbose: bool,
    /// Print findings only: no summary line.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Which findings fail the run (exit code 1) [default: from keylint.toml, else error].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// Settings file [default: the nearest keylint.toml above the first path].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report only findings that this baseline file does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in a baseline file, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Files bigger than this are not read (an error): bytes, or with K, M, G
    /// [default: from keylint.toml, else 256M].
    #[arg(long, value_name = "SIZE", value_parser = crate::error::parse_size)]
    max_file_size: Option<u64>,
    /// For untrusted code (pull requests from forks): ignore what the
    /// scanned repository can switch off, keylint.toml, suppression comments,
    /// .gitignore and .ignore files.
    #[arg(long, conflicts_with = "config")]
    strict: bool,
    /// Measure the ages of deployed keys (unused, unrotated) at this RFC 3339
    /// time [default: when the credential report was generated, if it says,
    /// else now].
    #[arg(long, value_name = "TIME", value_parser = crate::model::parse_time)]
    as_of: Option<crate::model::Instant>,
    /// Apply keylint.toml's `exclude` to the paths named here too (for
    /// pre-commit, which names every changed file).
    #[arg(long)]
    force_exclude: bool,
    /// Run only these rules (ids or names, comma-separated or repeated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (ids or names, comma-separated or repeated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Fetch the account's IAM credential report with the AWS SDK (standard
    /// credential chain), save it to FILE and lint it with the paths
    /// (needs the `aws` feature).
    #[arg(long, value_name = "FILE")]
    aws_credential_report: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Runs `keylint check`; `matches` holds the front-ends' options too.
pub(super) fn check(mut args: CheckArgs, matches: &ArgMatches) -> u8 {
    if let Some(path) = &args.aws_credential_report {
        if let Err(e) = super::aws::fetch(path) {
            eprintln!("error: {}", log_safe(&e, LogText::Prose));
            return EXIT_ERROR;
        }
        args.paths.push(path.clone());
    }
    let (options, fail_on) = match lint_options(&args, matches) {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("error: {}", log_safe(&e, LogText::Prose));
            return EXIT_ERROR;
        }
    };
    let outcome = lint(&options);
    if let Some(path) = &args.write_baseline {
        return write_baseline(&outcome, path);
    }
    let cwd = std::env::current_dir().ok();
    let rendered = args
        .format
        .reporter()
        .render(&outcome, &report_options(&args, cwd.clone()));
    if args.verbose {
        let mut notes = String::new();
        human::render_notes(&outcome, &mut notes);
        eprint!("{}", log_safe(&notes, LogText::Prose));
    }
    let env = |name: &str| std::env::var(name).ok();
    if let Err(e) = summary::append(&outcome, cwd.as_deref(), &env) {
        eprintln!("warning: cannot append to GITHUB_STEP_SUMMARY: {e}");
    }
    let written = match &args.output {
        Some(path) => write_file(path, &rendered),
        None => write_stdout(&log_safe(&rendered, args.format.log_text())),
    };
    if written != EXIT_CLEAN {
        return EXIT_ERROR;
    }
    let code = exit_code(&outcome, fail_on);
    // The process ends now: freeing every finding's source text one by one
    // would only delay the exit (noticeably on large trees).
    std::mem::forget(outcome);
    code
}

/// Settings, baseline and front-end options, in that order; the first
/// problem is bad usage.
fn lint_options(args: &CheckArgs, matches: &ArgMatches) -> Result<(LintOptions, FailOn), String> {
    let start = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let boundary = Boundary::of_scan(&args.paths);
    let mut config = if args.strict {
        Config::default()
    } else {
        Config::load(args.config.as_deref(), start, &boundary)?
    };
    config.select(&args.select, &args.ignore)?;
    config.force_exclude |= args.force_exclude;
    let baseline = args
        .baseline
        .as_deref()
        .map(|path| Baseline::read(path, &boundary))
        .transpose()?;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let inputs = frontend_options(matches)?;
    let options = LintOptions {
        paths: args.paths.clone(),
        inputs,
        max_file_size: args.max_file_size.or(config.max_file_size),
        baseline,
        // Never in pipes, CI logs or machine-readable output.
        progress: matches!(args.format, Format::Human)
            && !args.quiet
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none(),
        strict: args.strict,
        rules: config.audit.apply(RuleSettings {
            as_of: args.as_of,
            ..RuleSettings::default()
        }),
        config,
    };
    Ok((options, fail_on))
}

/// Every front-end's options, from the command line and the environment.
fn frontend_options(matches: &ArgMatches) -> Result<FrontendOptions, String> {
    // Variables that are not UTF-8 cannot be values keylint reads.
    let env: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    let mut options = FrontendOptions::default();
    for frontend in frontend::all() {
        frontend.configure(matches, &env, &mut options)?;
    }
    Ok(options)
}

/// How to render, from the arguments and the terminal.
fn report_options(args: &CheckArgs, cwd: Option<PathBuf>) -> ReportOptions {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    ReportOptions {
        color,
        width: width(),
        summary: !args.quiet,
        base: cwd,
    }
}

/// `--write-baseline`: records the findings, unless some file could not be
/// read (a baseline must not silently miss them).
fn write_baseline(outcome: &Outcome, path: &Path) -> u8 {
    if !outcome.errors.is_empty() {
        let mut out = String::new();
        let options = HumanOptions {
            color: false,
            width: width(),
            summary: false,
        };
        human::render(outcome, options, &mut out);
        eprint!("{out}");
        eprintln!("error: not writing a baseline while files cannot be read or parsed");
        return EXIT_ERROR;
    }
    match Baseline::of(&outcome.findings, path).write(path) {
        Ok(()) => {
            eprintln!(
                "wrote {} with {} findings",
                path.display(),
                outcome.findings.len()
            );
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// The exit code for a finished run: 2 for unreadable input, else 1 when a
/// finding (or a warning about a suppression) reaches the threshold.
fn exit_code(outcome: &Outcome, fail_on: FailOn) -> u8 {
    if !outcome.errors.is_empty() {
        return EXIT_ERROR;
    }
    let failing = match fail_on {
        FailOn::Never => false,
        FailOn::Error => outcome.has_errors(),
        FailOn::Warning => !outcome.findings.is_empty() || !outcome.warnings.is_empty(),
    };
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}
