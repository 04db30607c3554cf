//! The interface every rule implements.

use crate::model::Model;
use crate::outcome::{Finding, RuleMeta};

/// A lint rule: static metadata and a check over one configuration's model.
pub trait Rule: Sync {
    /// The rule's description: id, name, default severity, control,
    /// labels and documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Adds the rule's findings for one configuration to `out`, at the
    /// rule's default severity (the pipeline applies configured ones).
    fn check(&self, model: &Model, out: &mut Vec<Finding>);

    /// The rule's findings for one model, in a vector of their own.
    fn findings(&self, model: &Model) -> Vec<Finding> {
        let mut out = Vec::new();
        self.check(model, &mut out);
        out
    }
}
