//! How a root module uses one of its variables: whether `--all-inputs` may
//! stand for all of the variable's values with two. A `bool` may also be
//! null (unless `nullable = false`), and null matters only where Terraform
//! does not fail on it; a key status may be `"Active"`, `"Inactive"` or
//! null, and only `"Inactive"` or not matters where it is nothing but an
//! access key's `status`.
//!
//! Uses are read from the parsed expressions, where precedence and
//! parentheses are Terraform's, and counted in the files' text as well:
//! a reference the expressions do not show (a nested block, a comment, a
//! template) is a use where every value matters.

use hcl_edit::expr::{BinaryOperator, Expression, TraversalOperator, UnaryOperator};

use super::config::{Expr, ModuleConfig};
use crate::model::ResourceKind;

/// How one reference `var.NAME` is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// An operand of `&&`, `||` or `!`, or the condition of `? :`, outside
    /// `try` and `can`: Terraform fails on null there.
    Logical,
    /// The whole `status` of an access key.
    Status,
    /// Anything else (a comparison, an argument, a module input, a local).
    Other,
}

/// Whether null is no value of `name` that matters: Terraform fails
/// wherever the module reads it as null.
pub fn null_fails_everywhere(config: &ModuleConfig, name: &str) -> bool {
    only(config, name, Use::Logical)
}

/// Whether `name` is read only as access keys' `status`, each time whole.
pub fn only_status(config: &ModuleConfig, name: &str) -> bool {
    only(config, name, Use::Status)
}

/// Whether every reference to `name` is a use of kind `kind`, and the
/// expressions show every reference the files' text has.
fn only(config: &ModuleConfig, name: &str, kind: Use) -> bool {
    let uses = uses(config, name);
    let written: usize = config
        .files
        .iter()
        .map(|f| references_in(&f.text, name))
        .sum();
    !uses.is_empty() && uses.len() == written && uses.iter().all(|u| *u == kind)
}

/// The uses of `var.NAME` the module's expressions show.
fn uses(config: &ModuleConfig, name: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    for r in &config.resources {
        exprs.extend(r.count.iter().chain(&r.for_each));
        let key = r.rtype == ResourceKind::AccessKey.terraform_type();
        for (attr, e) in &r.attrs {
            if key && attr == "status" && is_reference(&e.expr, name) {
                out.push(Use::Status);
            } else {
                exprs.push(e);
            }
        }
    }
    for c in &config.modules {
        exprs.extend(c.count.iter().chain(&c.for_each).chain(c.args.values()));
    }
    exprs.extend(config.locals.values());
    for o in config.outputs.values() {
        exprs.extend(o.value.iter().chain(&o.sensitive));
    }
    for p in &config.providers {
        exprs.extend(p.attrs.values());
    }
    for e in exprs {
        walk(&e.expr, false, name, &mut out);
    }
    out
}

/// Records the references to `var.NAME` in `expr` where it finds them:
/// through conditions, `&&`, `||`, `!` and parentheses (`logical`: the
/// value is read as a bool there); anywhere else it does not look, and the
/// count of the text tells that something was not seen.
fn walk(expr: &Expression, logical: bool, name: &str, out: &mut Vec<Use>) {
    match expr {
        _ if is_reference(expr, name) => out.push(if logical { Use::Logical } else { Use::Other }),
        Expression::Parenthesis(p) => walk(p.inner(), logical, name, out),
        Expression::Conditional(c) => {
            walk(&c.cond_expr, true, name, out);
            walk(&c.true_expr, false, name, out);
            walk(&c.false_expr, false, name, out);
        }
        Expression::BinaryOp(op) => {
            let logic = matches!(
                *op.operator.value(),
                BinaryOperator::And | BinaryOperator::Or
            );
            if logic {
                walk(&op.lhs_expr, true, name, out);
                walk(&op.rhs_expr, true, name, out);
            }
        }
        Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Not => {
            walk(&op.expr, true, name, out);
        }
        _ => {}
    }
}

/// Whether `expr` is `var.NAME` itself.
fn is_reference(expr: &Expression, name: &str) -> bool {
    let Expression::Traversal(t) = expr else {
        return false;
    };
    let root = matches!(&t.expr, Expression::Variable(v) if v.as_str() == "var");
    let attr = match t.operators.as_slice() {
        [op] => matches!(&**op, TraversalOperator::GetAttr(a) if a.as_str() == name),
        _ => false,
    };
    root && attr
}

/// How many times `text` refers to `var.NAME` (spaces around the dot
/// allowed, as Terraform does), comments and strings included.
fn references_in(text: &str, name: &str) -> usize {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut count = 0;
    for (at, _) in text.match_indices("var") {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| ident(c) || c == '.')
        {
            continue;
        }
        let rest = text[at + 3..].trim_start();
        let Some(rest) = rest.strip_prefix('.') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(name)
            && !after.chars().next().is_some_and(ident)
        {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::terraform::config;
    use crate::source::SourceFile;

    fn module(text: &str) -> ModuleConfig {
        let source = SourceFile::new("main.tf".into(), "main.tf".into(), text.to_owned());
        config::single_file_module(source).0
    }

    #[test]
    fn null_fails_in_conditions_and_logic_only() {
        let fails = |body: &str| {
            let text = format!("variable \"x\" {{\n  type = bool\n}}\n{body}");
            null_fails_everywhere(&module(&text), "x")
        };
        let key = |count: &str| {
            format!(
                "resource \"aws_iam_access_key\" \"k\" {{\n  count = {count}\n  user = \"u\"\n}}\n"
            )
        };
        assert!(fails(&key("var.x ? 1 : 0")));
        assert!(fails(&key("var.a && var.x ? 1 : 0")));
        assert!(fails(&key("(!var.x) ? 1 : 0")));
        assert!(fails(&key("var.a ? 1 : var.x ? 2 : 0")));
        // Null is a value to compare, pass on, choose or catch.
        assert!(!fails(&key("var.x == false ? 0 : 1")));
        assert!(!fails(&key("(true && var.x\n == false) ? 0 : 1")));
        assert!(!fails(&key("true && var.x /* c */ == false ? 0 : 1")));
        assert!(!fails(&key("try(var.x ? 0 : 1, 1)")));
        assert!(!fails(&key("coalesce(var.x, true) ? 1 : 0")));
        assert!(!fails(&key("var . x == false ? 0 : 1")));
        // A use the expressions do not show (a comment here) counts.
        assert!(!fails(&format!("# var.x\n{}", key("var.x ? 1 : 0"))));
        assert!(!fails(&format!(
            "locals {{\n  y = var.x\n}}\n{}",
            key("var.x ? 1 : 0")
        )));
    }

    #[test]
    fn a_status_is_an_access_keys_whole_status() {
        let only = |body: &str| {
            let text = format!("variable \"s\" {{\n  type = string\n}}\n{body}");
            only_status(&module(&text), "s")
        };
        let key =
            "resource \"aws_iam_access_key\" \"k\" {\n  user   = \"u\"\n  status = var.s\n}\n";
        assert!(only(key));
        assert!(!only(&format!("{key}locals {{\n  status = var.s\n}}\n")));
        assert!(!only(
            "resource \"aws_iam_signing_certificate\" \"c\" {\n  status = var.s\n}\n"
        ));
        assert!(!only(&format!(
            "{key}module \"m\" {{\n  source = \"./m\"\n  status = var.s\n}}\n"
        )));
    }
}
