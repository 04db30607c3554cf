//! Provider configurations and the meta-arguments that choose them:
//! `provider "aws" { alias = "prod" ... }`, `provider = aws.prod` on a
//! resource, `providers = { aws = aws.prod }` on a module call.

use hcl_edit::expr::{Expression, ObjectKey};

use super::{Attrs, Expr};
use crate::source::Location;

/// One `provider` block.
#[derive(Debug)]
pub struct ProviderConfig {
    /// How resources name it: `aws`, or `aws.<alias>`.
    pub name: String,
    /// Its arguments; nested blocks (`assume_role { ... }`) are arguments
    /// whose value is an object (a list of objects when repeated).
    pub attrs: Attrs,
    /// The whole block.
    pub location: Location,
}

impl ProviderConfig {
    /// A `provider "<provider>"` block with these arguments.
    pub fn new(provider: &str, mut attrs: Attrs, location: Location) -> Self {
        let alias = attrs.remove("alias").and_then(|a| literal(&a));
        let name = match alias {
            Some(alias) => format!("{provider}.{alias}"),
            None => provider.to_owned(),
        };
        ProviderConfig {
            name,
            attrs,
            location,
        }
    }
}

/// The text of a reference written as a traversal (`aws.prod`) or, in JSON
/// syntax, as a string (`"aws.prod"`).
pub fn reference_text(expr: &Expr) -> Option<String> {
    if let Some(s) = expr.expr.as_str() {
        return Some(s.to_owned());
    }
    match &expr.expr {
        Expression::Traversal(_) | Expression::Variable(_) => Some(expr.text()),
        _ => None,
    }
}

/// A literal string argument (`alias = "prod"`).
fn literal(expr: &Expr) -> Option<String> {
    expr.expr.as_str().map(str::to_owned)
}

/// `providers = { aws = aws.prod, aws.east = aws.east }` as pairs of the
/// child's name and the caller's.
pub fn provider_map(expr: &Expr) -> Vec<(String, String)> {
    let Expression::Object(object) = &expr.expr else {
        return Vec::new();
    };
    object
        .iter()
        .filter_map(|(key, value)| {
            let child = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                ObjectKey::Expression(e) => match e.as_str() {
                    Some(s) => s.to_owned(),
                    None => e.to_string().trim().to_owned(),
                },
            };
            let parent = Expr {
                expr: value.expr().clone(),
                source: expr.source.clone(),
            };
            Some((child, reference_text(&parent)?))
        })
        .collect()
}
