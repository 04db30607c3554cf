//! `keylint.toml`: project settings, found upward from the scanned path or
//! given with `--config`.
//!
//! ```toml
//! exclude = ["legacy/**"]   # globs, relative to this file's directory
//! fail_on = "error"         # error | warning | never
//! max_file_size = "256M"    # bytes, or with K, M, G
//! force_exclude = false     # true: `exclude` applies to named paths too
//!
//! [rules]
//! <rule> = "warning"        # error | warning | off, by rule id or name
//!
//! [audit]                   # the rules on deployed keys
//! unused_days = 45          # a key unused this long is unused
//! rotation_days = 90        # a key this old is due for rotation
//! setup_window_seconds = 10 # a key this close after its user came with it
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::config_file as file;
use crate::escape;
use crate::outcome::{RuleMeta, Severity};
use crate::paths::Boundary;
use crate::rules::{self, RuleSettings};

/// The file name looked for.
pub const FILE_NAME: &str = "keylint.toml";

/// Which findings make the run fail (exit code 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Findings of severity error.
    Error,
    /// Findings of severity warning or error.
    Warning,
    /// Never: report, but exit 0 (errors reading files still exit 2).
    Never,
}

/// A rule's setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    /// Report as errors.
    Error,
    /// Report as warnings.
    Warning,
    /// Do not run the rule.
    Off,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    exclude: Vec<String>,
    fail_on: Option<FailOn>,
    #[serde(default)]
    rules: HashMap<String, RuleSetting>,
    max_file_size: Option<Size>,
    #[serde(default)]
    audit: Audit,
    #[serde(default)]
    force_exclude: bool,
}

/// `[audit]`: what the rules on deployed keys measure against; unset
/// values keep the rules' defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// Days after which a key is unused.
    pub unused_days: Option<u32>,
    /// Days after which a key is due for rotation.
    pub rotation_days: Option<u32>,
    /// Seconds after its user within which a key was created with it.
    pub setup_window_seconds: Option<u32>,
}

impl Audit {
    /// `settings` with the values this section sets.
    pub fn apply(&self, settings: RuleSettings) -> RuleSettings {
        RuleSettings {
            unused_days: self.unused_days.unwrap_or(settings.unused_days),
            rotation_days: self.rotation_days.unwrap_or(settings.rotation_days),
            setup_window_seconds: self
                .setup_window_seconds
                .unwrap_or(settings.setup_window_seconds),
            ..settings
        }
    }
}

/// A size in `keylint.toml`: bytes, or a string such as `"10M"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

/// Settings in effect for a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file they came from, if any.
    pub path: Option<PathBuf>,
    /// Paths matching these globs (relative to `root`) are not walked into.
    pub exclude: Option<(PathBuf, GlobSet)>,
    /// The configured failure threshold.
    pub fail_on: Option<FailOn>,
    /// Per-rule settings, by rule id.
    pub rules: HashMap<&'static str, RuleSetting>,
    /// Files bigger than this many bytes are not read.
    pub max_file_size: Option<u64>,
    /// What the rules on deployed keys measure against.
    pub audit: Audit,
    /// Whether `exclude` also applies to paths named on the command line
    /// (`force_exclude = true`, `--force-exclude`; as ruff's option).
    pub force_exclude: bool,
    /// Rules switched off on the command line (`--select`, `--ignore`): the
    /// run's own choice, not the repository's, so not traced as overrides.
    pub off_by_command_line: Vec<&'static str>,
}

impl Config {
    /// Switches rules off as `--select` (all but these, when any) and
    /// `--ignore` (these) ask; names are rule ids or names.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), String> {
        let resolve = |flag: &str, names: &[String]| -> Result<Vec<&'static str>, String> {
            names
                .iter()
                .map(|name| {
                    rules::find(name).map(|m| m.id).ok_or_else(|| {
                        format!(
                            "{flag}: unknown rule `{}` (known: {})",
                            escape::terminal(name),
                            rules::known_ids()
                        )
                    })
                })
                .collect()
        };
        let selected = resolve("--select", select)?;
        let ignored = resolve("--ignore", ignore)?;
        self.off_by_command_line = rules::metadata()
            .map(|m| m.id)
            .filter(|id| (!selected.is_empty() && !selected.contains(id)) || ignored.contains(id))
            .collect();
        Ok(())
    }

    /// Reads `--config FILE`, or the nearest `keylint.toml` above `start`,
    /// or returns the defaults when there is none.
    pub fn load(
        explicit: Option<&Path>,
        start: &Path,
        boundary: &Boundary,
    ) -> Result<Config, String> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => find_upward(start),
        };
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = file::read(&path, "configuration", boundary)?;
        Config::parse(&text, &path)
    }

    /// Parses settings read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let position = e.span().map(|span| line_column(text, span.start));
            file::parse_error(path, "configuration", position, e.message())
        })?;
        let mut rules_map = HashMap::new();
        for (key, setting) in raw.rules {
            let meta = rules::find(&key).ok_or_else(|| {
                format!(
                    "{}: unknown rule `{}` in [rules] (known: {})",
                    escape::terminal(&path.display().to_string()),
                    escape::terminal(&key),
                    rules::known_ids()
                )
            })?;
            rules_map.insert(meta.id, setting);
        }
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let exclude = if raw.exclude.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for pattern in &raw.exclude {
                let glob = Glob::new(pattern).map_err(|e| {
                    let message = format!("exclude pattern `{pattern}`: {e}");
                    file::parse_error(path, "configuration", None, &message)
                })?;
                builder.add(glob);
            }
            let set = builder
                .build()
                .map_err(|e| format!("{}: exclude: {e}", path.display()))?;
            Some((root, set))
        };
        let max_file_size = match raw.max_file_size {
            None => None,
            Some(Size::Bytes(n)) => Some(n),
            Some(Size::Text(text)) => Some(
                crate::error::parse_size(&text)
                    .map_err(|e| format!("{}: max_file_size: {e}", path.display()))?,
            ),
        };
        Ok(Config {
            path: Some(path.to_path_buf()),
            max_file_size,
            exclude,
            fail_on: raw.fail_on,
            rules: rules_map,
            audit: raw.audit,
            force_exclude: raw.force_exclude,
            off_by_command_line: Vec::new(),
        })
    }

    /// The severity a rule's findings get, or `None` when it is off.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        if self.off_by_command_line.contains(&rule.id) {
            return None;
        }
        match self.rules.get(rule.id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Warning) => Some(Severity::Warning),
            Some(RuleSetting::Error) => Some(Severity::Error),
            None => Some(rule.severity),
        }
    }

    /// Whether a walked path is excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some((root, set)) = &self.exclude else {
            return false;
        };
        set.is_match(crate::paths::relative_to(path, root))
    }
}

/// The nearest `keylint.toml` in `start` or a directory above it.
/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn find_upward(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        // Whatever it is (a link to `/dev/zero`, a directory): reading it
        // says what is wrong, rather than running without it unnoticed.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// The commented default written by `keylint init`: every setting at its
/// default, and every rule of the registry.
pub fn default_config() -> String {
    let mut text = String::from(DEFAULT_CONFIG_HEAD);
    for meta in rules::metadata() {
        text.push_str(&format!(
            "{} = \"{}\" # {} ({})\n",
            meta.id,
            meta.severity.as_str(),
            meta.name,
            meta.control
        ));
    }
    text
}

const DEFAULT_CONFIG_HEAD: &str = r#"# keylint configuration. Found upward from the scanned path, or given with --config.

# Paths not to lint, as globs relative to this file's directory.
# Files named on the command line are always linted.
exclude = [
  # "legacy/**",
  # "**/testdata/**",
]

# Which findings fail the run (exit code 1): "error", "warning" or "never".
# --fail-on on the command line wins.
fail_on = "error"

# Files bigger than this are not read (an error, exit code 2): bytes, or
# a number with K, M or G. --max-file-size on the command line wins.
max_file_size = "256M"

# Per rule: "error", "warning" or "off".
[rules]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_parses_and_changes_nothing() {
        let text = default_config();
        let config = Config::parse(&text, Path::new("keylint.toml")).unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Error));
        for meta in rules::metadata() {
            assert_eq!(config.severity(meta), Some(meta.severity));
            assert!(
                text.contains(&format!(
                    "\n{} = \"{}\" # {} (",
                    meta.id,
                    meta.severity.as_str(),
                    meta.name
                )),
                "{text}"
            );
        }
        assert!(config.exclude.is_none());
        assert_eq!(
            config.max_file_size,
            Some(crate::error::DEFAULT_MAX_FILE_SIZE)
        );
    }

    #[test]
    fn max_file_size_in_bytes_or_with_a_suffix() {
        let p = Path::new("k.toml");
        let size = |text: &str| Config::parse(text, p).map(|c| c.max_file_size);
        assert_eq!(size("max_file_size = 1000\n"), Ok(Some(1000)));
        assert_eq!(size("max_file_size = \"10M\"\n"), Ok(Some(10 << 20)));
        assert_eq!(size(""), Ok(None));
        let bad = size("max_file_size = \"huge\"\n").unwrap_err();
        assert!(
            bad.contains("max_file_size") && bad.contains("huge"),
            "{bad}"
        );
    }

    #[test]
    fn rules_by_id_or_name_and_exclude_globs() {
        let mut metas = rules::metadata();
        let (first, second) = (metas.next().unwrap(), metas.next().unwrap());
        let text = format!(
            "exclude = [\"legacy/**\"]\n[rules]\n{} = \"warning\"\n{} = \"off\"\n",
            second.name, first.id
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let config = Config::parse(&text, &path).unwrap();
        assert_eq!(config.severity(first), None);
        assert_eq!(config.severity(second), Some(Severity::Warning));
        assert!(config.is_excluded(&dir.path().join("legacy/a/main.tf")));
        assert!(!config.is_excluded(&dir.path().join("live/main.tf")));
    }

    #[test]
    fn mistakes_are_clear_errors() {
        let unknown_key = Config::parse("exlude = []\n", Path::new("k.toml")).unwrap_err();
        assert!(unknown_key.contains("exlude"), "{unknown_key}");
        let unknown_rule =
            Config::parse("[rules]\nno-such-rule = \"off\"\n", Path::new("k.toml")).unwrap_err();
        assert!(unknown_rule.contains("no-such-rule"), "{unknown_rule}");
        let bad_value =
            Config::parse("fail_on = \"sometimes\"\n", Path::new("k.toml")).unwrap_err();
        assert!(
            bad_value.contains("sometimes") || bad_value.contains("fail_on"),
            "{bad_value}"
        );
    }

    #[test]
    fn found_upward() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "fail_on = \"never\"\n").unwrap();
        let config = Config::load(None, &dir.path().join("a/b"), &Boundary::anywhere()).unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Never));
    }
}
