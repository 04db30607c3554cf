//! The command line: `keylint check`, `keylint rules`, `keylint explain`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::config::{self, Config, FailOn};
use crate::lint::LintResult;
use crate::rules::Severity;

use crate::frontend::cloudformation::{CfnOptions, read_parameters_file};
use crate::frontend::terraform::TerraformOptions;
use crate::lint::{LintOptions, lint};
use crate::report::{github, human, json, sarif, summary};
use crate::rules;

/// Exit code: no findings.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a file could not be read or parsed, or bad usage.
pub const EXIT_ERROR: u8 = 2;

/// Stops risky AWS IAM access keys before they are deployed.
#[derive(Debug, Parser)]
#[command(name = "keylint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint Terraform, plan JSON and CloudFormation files or directories.
    Check(Box<CheckArgs>),
    /// List the rules.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// Rule id (KL001) or name (access-key-with-console-login).
        rule: String,
    },
    /// Write a commented default keylint.toml in the current directory.
    Init {
        /// Overwrite an existing keylint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
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
    /// A Terraform variables file for root modules (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// A Terraform variable for root modules, NAME=VALUE (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// A CloudFormation parameter value, NAME=VALUE (repeatable; overrides defaults and --parameters-file).
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parse_var)]
    parameters: Vec<(String, String)>,
    /// A CloudFormation parameters file, as used by the AWS CLI
    /// (`[{"ParameterKey": ..., "ParameterValue": ...}]`) or a `{"NAME": "VALUE"}` object.
    #[arg(long = "parameters-file", value_name = "FILE")]
    parameters_file: Option<PathBuf>,
    /// Files bigger than this are not read (an error): bytes, or with K, M, G
    /// [default: from keylint.toml, else 256M].
    #[arg(long, value_name = "SIZE", value_parser = crate::error::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// miette diagnostics for people.
    Human,
    /// One JSON document for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
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

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    ExitCode::from(run(cli))
}

fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules => {
            let mut out = String::new();
            for rule in rules::all() {
                let m = rule.meta();
                out.push_str(&format!(
                    "{}  {:<32} {:<8} {} ({})\n",
                    m.id,
                    m.name,
                    m.severity.as_str(),
                    m.summary,
                    m.cis
                ));
            }
            write_stdout(&out)
        }
        Command::Init { force } => init(force),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "keylint", &mut out);
            write_stdout(&String::from_utf8_lossy(&out))
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(meta) => write_stdout(meta.doc),
            None => {
                let known: Vec<&str> = rules::all().iter().map(|r| r.meta().id).collect();
                eprintln!("error: unknown rule `{rule}` (known: {})", known.join(", "));
                EXIT_ERROR
            }
        },
    }
}

fn init(force: bool) -> u8 {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "error: {} exists; use --force to overwrite it",
            path.display()
        );
        return EXIT_ERROR;
    }
    match std::fs::write(&path, config::DEFAULT_CONFIG) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

/// The exit code for a finished run: 2 for unreadable input, else 1 when a
/// finding (or a warning about a suppression) reaches the threshold.
fn exit_code(result: &LintResult, fail_on: FailOn) -> u8 {
    if !result.errors.is_empty() {
        return EXIT_ERROR;
    }
    let failing = match fail_on {
        FailOn::Never => false,
        FailOn::Error => result
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error),
        FailOn::Warning => !result.findings.is_empty() || !result.warnings.is_empty(),
    };
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}

fn check(args: CheckArgs) -> u8 {
    let start = args
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let config = match Config::load(args.config.as_deref(), &start) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let baseline = match args.baseline.as_deref().map(Baseline::read).transpose() {
        Ok(baseline) => baseline,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let mut parameters = std::collections::HashMap::new();
    if let Some(path) = &args.parameters_file {
        let read = std::fs::read_to_string(path).map_err(|e| e.to_string());
        match read.and_then(|text| read_parameters_file(&text)) {
            Ok(values) => parameters.extend(values),
            Err(e) => {
                eprintln!("error: --parameters-file {}: {e}", path.display());
                return EXIT_ERROR;
            }
        }
    }
    parameters.extend(args.parameters.iter().cloned());
    let options = LintOptions {
        paths: args.paths,
        terraform: TerraformOptions {
            var_files: args.var_files,
            vars: args.vars,
            env_vars: std::env::vars()
                .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|name| (name.to_owned(), v)))
                .collect(),
        },
        cloudformation: CfnOptions { parameters },
        max_file_size: args.max_file_size.or(config.max_file_size),
        config,
        baseline,
        // Never in pipes, CI logs or machine-readable output.
        progress: matches!(args.format, Format::Human)
            && !args.quiet
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none(),
    };
    let result = lint(&options);
    if let Some(path) = &args.write_baseline {
        if !result.errors.is_empty() {
            let mut out = String::new();
            human::render(
                &result,
                human::HumanOptions {
                    color: false,
                    width: width(),
                    summary: false,
                },
                &mut out,
            );
            eprint!("{out}");
            eprintln!("error: not writing a baseline while files cannot be read or parsed");
            return EXIT_ERROR;
        }
        return match Baseline::of(&result.findings).write(path) {
            Ok(()) => {
                eprintln!(
                    "wrote {} with {} findings",
                    path.display(),
                    result.findings.len()
                );
                EXIT_CLEAN
            }
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_ERROR
            }
        };
    }
    let cwd = std::env::current_dir().ok();
    let rendered = match args.format {
        Format::Json => json::render(&result),
        Format::Sarif => sarif::render(&result, cwd.as_deref()),
        Format::Github => github::render(&result),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    args.output.is_none()
                        && std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut out = String::new();
            let options = human::HumanOptions {
                color,
                width: width(),
                summary: !args.quiet,
            };
            human::render(&result, options, &mut out);
            out
        }
    };
    if args.verbose {
        let mut notes = String::new();
        human::render_unresolved(&result, &mut notes);
        eprint!("{notes}");
    }
    let env = |name: &str| std::env::var(name).ok();
    if let Err(e) = summary::append(&result, cwd.as_deref(), &env) {
        eprintln!("warning: cannot append to GITHUB_STEP_SUMMARY: {e}");
    }
    let written = match &args.output {
        Some(path) => write_file(path, &rendered),
        None => write_stdout(&rendered),
    };
    if written != EXIT_CLEAN {
        return EXIT_ERROR;
    }
    let code = exit_code(&result, fail_on);
    // The process ends now: freeing every finding's source text one by one
    // would only delay the exit (noticeably on large trees).
    std::mem::forget(result);
    code
}

/// `COLUMNS` if set, else the terminal's width, else 100.
fn width() -> usize {
    if let Some(cols) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return cols;
    }
    terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0))
}

fn write_file(path: &std::path::Path, text: &str) -> u8 {
    match std::fs::write(path, text) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: cannot write --output {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

fn write_stdout(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => EXIT_CLEAN,
        // A closed pipe (`keylint check | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}
