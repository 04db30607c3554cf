//! Rules: each reads a [`Model`] and reports [`Finding`]s. Rules know the
//! model, never the input formats.

mod access_key_with_console_login;
mod multiple_active_access_keys;

use std::collections::BTreeMap;

use crate::model::{AccessKey, DeclId, Model};
use crate::source::Location;

pub use access_key_with_console_login::AccessKeyWithConsoleLogin;
pub use multiple_active_access_keys::MultipleActiveAccessKeys;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// Fails the check.
    Error,
}

impl Severity {
    /// `"error"` / `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What describes a rule to people and tools.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, e.g. `KL001`.
    pub id: &'static str,
    /// Kebab-case name, e.g. `access-key-with-console-login`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The CIS AWS Foundations Benchmark control.
    pub cis: &'static str,
    /// How to fix a finding, in one or two sentences.
    pub help: &'static str,
    /// The rule's full documentation (`rules/<ID>.md`).
    pub doc: &'static str,
}

impl RuleMeta {
    /// Where the rule's documentation is published.
    pub fn url(&self) -> String {
        format!("{}/blob/main/rules/{}.md", crate::REPOSITORY, self.id)
    }
}

/// A related place shown beside a finding.
#[derive(Debug, Clone)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What it is, e.g. `console login profile`.
    pub message: String,
}

/// One problem found by a rule.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static RuleMeta,
    /// How serious it is: the rule's default, or as configured.
    pub severity: Severity,
    /// What is wrong, naming the user.
    pub message: String,
    /// The offending declaration.
    pub location: Location,
    /// Its address or logical id (with an instance key where that matters).
    pub resource: String,
    /// The user's resolved name, or its address / logical id.
    pub user: String,
    /// Other declarations involved.
    pub related: Vec<Related>,
    /// Module calls through which the resource was reached, outermost first.
    pub via: Vec<Location>,
}

/// How much of the declaration's first line a fingerprint covers: enough to
/// tell declarations apart, bounded for single-line plans.
const FINGERPRINT_TEXT: usize = 200;

impl Finding {
    /// A fingerprint that identifies the finding across runs and unrelated
    /// edits: rule, file, resource, user and the text of the declaration's
    /// first line, but not its line number. Used by baselines and as SARIF's
    /// `primaryLocationLineHash`. FNV-1a, so it never changes between builds.
    pub fn fingerprint(&self) -> String {
        let first_line = self
            .location
            .source
            .line_text_from(self.location.span.start, FINGERPRINT_TEXT);
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [
            self.rule.id,
            &self.location.source.name,
            &self.resource,
            &self.user,
            first_line,
        ] {
            for byte in part.bytes().chain(std::iter::once(0)) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

/// A lint rule.
pub trait Rule: Sync {
    /// The rule's description.
    fn meta(&self) -> &'static RuleMeta;
    /// Adds the rule's findings for one configuration to `out`.
    fn check(&self, model: &Model, out: &mut Vec<Finding>);
}

/// Every rule, in id order.
pub fn all() -> &'static [&'static dyn Rule] {
    &[&AccessKeyWithConsoleLogin, &MultipleActiveAccessKeys]
}

/// Looks a rule up by id (`KL001`) or name, case-insensitively.
pub fn find(id_or_name: &str) -> Option<&'static RuleMeta> {
    all()
        .iter()
        .map(|r| r.meta())
        .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name.eq_ignore_ascii_case(id_or_name))
}

/// Active key instances grouped by declaration, in declaration order: the
/// unit a finding is reported on.
fn group_by_decl<'m>(
    keys: impl Iterator<Item = &'m AccessKey>,
) -> BTreeMap<DeclId, Vec<&'m AccessKey>> {
    let mut groups: BTreeMap<DeclId, Vec<&AccessKey>> = BTreeMap::new();
    for key in keys {
        groups.entry(key.decl).or_default().push(key);
    }
    groups
}

/// The address to report for some instances of a declaration: the
/// declaration's address when they are all of its instances for this user,
/// or the single instance's address when the declaration's instances belong
/// to several users.
fn reported_address(model: &Model, decl: DeclId, instances: &[&AccessKey]) -> String {
    let total = model.access_keys.iter().filter(|k| k.decl == decl).count();
    match instances {
        [one] if total > 1 => model.instance_address(decl, one.instance.as_deref()),
        _ => model.decl(decl).address.clone(),
    }
}

/// A declaration's own notes (e.g. its plan entry), as related places.
fn notes(model: &Model, decl: DeclId) -> impl Iterator<Item = Related> + '_ {
    model.decl(decl).notes.iter().map(|n| Related {
        location: n.location.clone(),
        message: n.message.clone(),
    })
}

/// Related places shown at most per finding.
const MAX_RELATED: usize = 8;

/// Joins names for a message: `a, b and 3 more`.
fn list_names(names: &[String]) -> String {
    const SHOWN: usize = 4;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}
