//! Findings and the rule metadata that describes them: what rules produce
//! and reporters show.

use crate::source::Location;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// Fails the check.
    Error,
}

impl Severity {
    /// `"error"` / `"warning"`: the one spelling every output uses (the
    /// JSON `severity`, SARIF's `level`, GitHub's command names).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What describes a rule to people and tools. Each rule declares one,
/// statically; reporters read it from findings and from the outcome.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, such as the `KL` number documented in `rules/<ID>.md`.
    pub id: &'static str,
    /// Kebab-case name, e.g. `access-key-with-console-login`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The benchmark control it checks, e.g. `CIS AWS Foundations 1.11`.
    pub control: &'static str,
    /// How to fix a finding, in one or two sentences.
    pub help: &'static str,
    /// What a finding's primary location is, as a label under the
    /// snippet (e.g. `active access key`).
    pub label: &'static str,
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
    /// What each place in `via` is, in words (`module call`).
    pub via_kind: &'static str,
}

/// How much of the declaration's first line a fingerprint covers: enough to
/// tell declarations apart, bounded for single-line plans.
const FINGERPRINT_TEXT: usize = 200;

impl Finding {
    /// A fingerprint that identifies the finding across runs and unrelated
    /// edits: rule, file, resource, user and the text of the declaration's
    /// first line (within the declaration: what follows a report field or a
    /// plan's address on the same line changes from run to run), but not its
    /// line number. Used by baselines and as SARIF's
    /// `primaryLocationLineHash`. FNV-1a, so it never changes between builds.
    pub fn fingerprint(&self) -> String {
        self.fingerprint_as(&self.location.source.name)
    }

    /// [`fingerprint`](Self::fingerprint), with the file named `file`
    /// (baselines name it relative to themselves, whatever the directory
    /// keylint runs in).
    pub fn fingerprint_as(&self, file: &str) -> String {
        let span = &self.location.span;
        let first_line = self
            .location
            .source
            .line_text_from(span.start, FINGERPRINT_TEXT.min(span.len()));
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [self.rule.id, file, &self.resource, &self.user, first_line] {
            for byte in part.bytes().chain(std::iter::once(0)) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }
}

/// A rule's metadata for unit tests of what reads findings, so that they
/// depend on no real rule.
#[cfg(test)]
pub(crate) static EXAMPLE_RULE: RuleMeta = RuleMeta {
    id: "R1",
    name: "example-rule",
    severity: Severity::Error,
    summary: "An example",
    control: "Example control 1.1",
    help: "fix it",
    label: "example",
    doc: "# R1: example-rule\n",
};
