//! How a root module uses one of its variables, read from its files' text:
//! whether `--all-inputs` may stand for all of the variable's values with
//! two. A `bool` may also be null (unless `nullable = false`), and null
//! matters only where Terraform does not fail on it; a key status may be
//! `"Active"`, `"Inactive"` or null, and only `"Inactive"` or not matters
//! where it is nothing but a key's status. Anything the reading cannot
//! place counts as a use where every value matters.

use super::config::ModuleConfig;

/// How one reference `var.NAME` is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// An operand of `&&`, `||` or `!`, or the condition of `? :`:
    /// Terraform fails on null there.
    Logical,
    /// `status = var.NAME` on a line of its own.
    Status,
    /// Anything else (a comparison, an argument, a module input, a local).
    Other,
}

/// Whether null is no value of `name` that matters: Terraform fails
/// wherever the module reads it as null.
pub fn null_fails_everywhere(config: &ModuleConfig, name: &str) -> bool {
    uses(config, name).iter().all(|u| *u == Use::Logical)
}

/// Whether `name` is read only as a key's `status`, each time alone.
pub fn only_status(config: &ModuleConfig, name: &str) -> bool {
    let uses = uses(config, name);
    !uses.is_empty() && uses.iter().all(|u| *u == Use::Status)
}

/// Every reference to `var.NAME` in the module's files, classified.
fn uses(config: &ModuleConfig, name: &str) -> Vec<Use> {
    let reference = format!("var.{name}");
    let mut out = Vec::new();
    for file in &config.files {
        let text = file.text.as_str();
        for (at, _) in text.match_indices(&reference) {
            let end = at + reference.len();
            let longer = text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
            let part_of_name = text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if !longer && !part_of_name {
                out.push(classify(&text[..at], &text[end..]));
            }
        }
    }
    out
}

/// The use of a reference between `before` and `after` on its line.
fn classify(before: &str, after: &str) -> Use {
    let line_before = before.rsplit('\n').next().unwrap_or_default();
    let line_after = after.split('\n').next().unwrap_or_default();
    let after_rest = line_after.trim();
    let alone =
        after_rest.is_empty() || after_rest.starts_with('#') || after_rest.starts_with("//");
    let assigned = line_before.trim_end().strip_suffix('=');
    if alone && assigned.is_some_and(|key| key.trim() == "status") {
        return Use::Status;
    }
    let prev = operator_before(line_before);
    let next = operator_after(line_after);
    let comparison = |op: &str| ["==", "!=", "<", ">", "<=", ">="].contains(&op);
    if comparison(prev) || comparison(next) {
        return Use::Other;
    }
    if ["&&", "||", "!"].contains(&prev) || ["&&", "||"].contains(&next) {
        return Use::Logical;
    }
    // The condition of `? :`: at the start of an argument or of a branch.
    let starts = ["=", "?", ":", "("].contains(&prev);
    if next == "?" && starts {
        return Use::Logical;
    }
    Use::Other
}

/// The operator characters right before a reference (spaces skipped).
fn operator_before(line: &str) -> &str {
    let trimmed = line.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| "=!<>&|?:(".contains(*c))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

/// The operator characters right after a reference (spaces skipped).
fn operator_after(line: &str) -> &str {
    let trimmed = line.trim_start();
    let end = trimmed
        .char_indices()
        .find(|(_, c)| !"=!<>&|?:".contains(*c))
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(line: &str) -> Use {
        let at = line.find("var.x").expect("a reference");
        classify(&line[..at], &line[at + "var.x".len()..])
    }

    #[test]
    fn null_fails_in_conditions_and_logic_only() {
        assert_eq!(class("  count = var.x ? 1 : 0"), Use::Logical);
        assert_eq!(class("  count = var.a && var.x ? 1 : 0"), Use::Logical);
        assert_eq!(class("  count = var.x && var.a ? 1 : 0"), Use::Logical);
        assert_eq!(class("  count = !var.x ? 1 : 0"), Use::Logical);
        assert_eq!(class("  count = var.a ? 1 : var.x ? 2 : 0"), Use::Logical);
        // Null is a value to compare, pass on or choose.
        assert_eq!(class("  count = var.x == false ? 0 : 1"), Use::Other);
        assert_eq!(class("  count = var.a == var.x ? 0 : 1"), Use::Other);
        assert_eq!(
            class("  count = var.x != null && var.a ? 1 : 0"),
            Use::Other
        );
        assert_eq!(class("  create = var.x"), Use::Other);
        assert_eq!(class("  count = coalesce(var.x, true) ? 1 : 0"), Use::Other);
        assert_eq!(class("  user = var.a ? var.x : \"b\""), Use::Other);
    }

    #[test]
    fn a_status_is_alone_on_its_line() {
        assert_eq!(class("  status = var.x"), Use::Status);
        assert_eq!(class("  status  = var.x # rotation"), Use::Status);
        assert_eq!(
            class("  status = var.x == null ? \"Active\" : var.x"),
            Use::Other
        );
        assert_eq!(class("  rotating = var.x == null ? 1 : 0"), Use::Other);
    }
}
