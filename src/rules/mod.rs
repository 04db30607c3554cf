//! Rules: each reads a [`Model`](crate::model::Model) and reports
//! [`Finding`](crate::outcome::Finding)s. Rules know the model, never the
//! input formats.
//!
//! A rule is one file here plus `rules/<ID>.md`, and one line in [`all`]:
//! the command line (`keylint rules`, `keylint explain`), configuration
//! checks, SARIF's rule list and the documentation tests all read this
//! registry.

mod access_key_not_rotated;
mod access_key_outside_code;
mod access_key_with_console_login;
mod common;
mod multiple_active_access_keys;
mod root_access_key;
mod rule;
mod unused_access_key;

use crate::outcome::RuleMeta;

pub use access_key_not_rotated::AccessKeyNotRotated;
pub use access_key_outside_code::AccessKeyOutsideCode;
pub use access_key_with_console_login::AccessKeyWithConsoleLogin;
pub use multiple_active_access_keys::MultipleActiveAccessKeys;
pub use root_access_key::RootAccessKey;
pub use rule::{Rule, RuleSettings};
pub use unused_access_key::UnusedAccessKey;

/// Every rule, in id order.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &AccessKeyWithConsoleLogin,
        &MultipleActiveAccessKeys,
        &UnusedAccessKey,
        &RootAccessKey,
        &AccessKeyNotRotated,
        &AccessKeyOutsideCode,
    ]
}

/// Every rule's metadata, in id order.
pub fn metadata() -> impl Iterator<Item = &'static RuleMeta> {
    all().iter().map(|rule| rule.meta())
}

/// Looks a rule up by id or name, case-insensitively.
pub fn find(id_or_name: &str) -> Option<&'static RuleMeta> {
    metadata()
        .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name.eq_ignore_ascii_case(id_or_name))
}

/// The ids of every rule, for messages: `A, B`.
pub fn known_ids() -> String {
    metadata().map(|m| m.id).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_sorted() {
        let metas: Vec<&RuleMeta> = metadata().collect();
        for pair in metas.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for meta in &metas {
            assert_eq!(find(meta.id).map(|m| m.id), Some(meta.id));
            assert_eq!(find(&meta.name.to_uppercase()).map(|m| m.id), Some(meta.id));
            assert!(
                meta.doc.starts_with(&format!("# {}", meta.id)),
                "{}",
                meta.id
            );
        }
        assert!(find("no-such-rule").is_none());
    }
}
