//! The interface every rule implements, and the settings rules read.

use crate::model::{DAY, Instant, Model};
use crate::outcome::{Finding, RuleMeta};

/// A lint rule: static metadata and a check over one configuration's model.
pub trait Rule: Sync {
    /// The rule's description: id, name, default severity, control,
    /// labels and documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Adds the rule's findings for one configuration to `out`, at the
    /// rule's default severity (the pipeline applies configured ones).
    fn check(&self, model: &Model, settings: &RuleSettings, out: &mut Vec<Finding>);

    /// Whether `finding`, which this rule did not report on `model`, may
    /// still hold for some values of the inputs `model` leaves unknown (a
    /// number, a collection, a name that may equal another): `--all-inputs`
    /// states a condition as exact only when this is `false` wherever the
    /// condition fails. `true` unless the rule can tell.
    fn may_hold(&self, _model: &Model, _finding: &Finding) -> bool {
        true
    }

    /// The rule's findings for one model with the default settings, in a
    /// vector of their own.
    fn findings(&self, model: &Model) -> Vec<Finding> {
        self.findings_with(model, &RuleSettings::default())
    }

    /// The rule's findings for one model, in a vector of their own.
    fn findings_with(&self, model: &Model, settings: &RuleSettings) -> Vec<Finding> {
        let mut out = Vec::new();
        self.check(model, settings, &mut out);
        out
    }
}

/// What the rules on deployed keys measure against (`[audit]` in
/// `keylint.toml`, `--as-of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSettings {
    /// The time ages are measured at (`--as-of`); when `None`, the time the
    /// account's record was made, if the input says, else `now`.
    pub as_of: Option<Instant>,
    /// When the run started.
    pub now: Instant,
    /// A key unused for this many days is unused (CIS 1.12: 45).
    pub unused_days: u32,
    /// A key older than this many days is due for rotation (CIS 1.14: 90).
    pub rotation_days: u32,
    /// A key created less than this many seconds after its user was
    /// created with the user (the console's user wizard).
    pub setup_window_seconds: u32,
}

impl RuleSettings {
    /// The default days and window, measured at `now`.
    pub fn at(now: Instant) -> Self {
        RuleSettings {
            as_of: None,
            now,
            unused_days: 45,
            rotation_days: 90,
            setup_window_seconds: 10,
        }
    }

    /// The time ages are measured at, for one model.
    pub fn as_of(&self, model: &Model) -> Instant {
        self.as_of.or(model.recorded_at).unwrap_or(self.now)
    }

    /// Whether `time` is at least `days` whole days before `as_of`.
    pub fn days_before(time: Instant, as_of: Instant, days: u32) -> bool {
        as_of.saturating_sub(time) >= i64::from(days) * DAY
    }
}

impl Default for RuleSettings {
    /// The defaults, measured at the current time.
    fn default() -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        RuleSettings::at(now)
    }
}
