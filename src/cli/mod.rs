//! The command line: `keylint check`, `keylint rules`, `keylint explain`,
//! `keylint init`, `keylint completions`.

mod aws;
mod check;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::{frontend, rules, settings};
use check::CheckArgs;
use output::write_stdout;

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
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id or name, as `keylint rules` lists them.
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

/// The whole command line: the derived arguments, plus every front-end's
/// options on `keylint check`.
fn command() -> clap::Command {
    Cli::command().mut_subcommand("check", |check| {
        frontend::all()
            .iter()
            .fold(check, |check, frontend| check.args(frontend.options()))
    })
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let parsed = command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    ExitCode::from(run(cli, &matches))
}

fn run(cli: Cli, matches: &ArgMatches) -> u8 {
    match cli.command {
        Command::Check(args) => match matches.subcommand_matches("check") {
            Some(check_matches) => check::check(*args, check_matches),
            None => EXIT_ERROR,
        },
        Command::Rules { format } => write_stdout(&list_rules(format)),
        Command::Init { force } => init(force),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "keylint", &mut out);
            write_stdout(&String::from_utf8_lossy(&out))
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(meta) => write_stdout(meta.doc),
            None => {
                eprintln!(
                    "error: unknown rule `{rule}` (known: {})",
                    rules::known_ids()
                );
                EXIT_ERROR
            }
        },
    }
}

fn init(force: bool) -> u8 {
    let path = PathBuf::from(settings::config::FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "error: {} exists; use --force to overwrite it",
            path.display()
        );
        return EXIT_ERROR;
    }
    match std::fs::write(&path, settings::config::default_config()) {
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

/// How `keylint rules` prints.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RulesFormat {
    /// A line per rule.
    Text,
    /// A JSON array: id, name, severity, summary, control, help, url.
    Json,
}

/// Every rule, as `keylint rules` prints them.
fn list_rules(format: RulesFormat) -> String {
    match format {
        RulesFormat::Text => rules::metadata()
            .map(|m| {
                format!(
                    "{}  {:<32} {:<8} {} ({})\n",
                    m.id,
                    m.name,
                    m.severity.as_str(),
                    m.summary,
                    m.control
                )
            })
            .collect(),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::metadata()
                .map(|m| {
                    serde_json::json!({
                        "id": m.id,
                        "name": m.name,
                        "severity": m.severity.as_str(),
                        "summary": m.summary,
                        "control": m.control,
                        "help": m.help,
                        "url": m.url(),
                    })
                })
                .collect();
            format!("{:#}\n", serde_json::Value::Array(list))
        }
    }
}
