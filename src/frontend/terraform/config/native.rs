//! Native HCL (`.tf`), parsed with hcl-edit.

use std::ops::Range;

use hcl_edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::{Ident, Span};

use super::{
    Attrs, Expr, Mode, ModuleCall, ModuleConfig, Output, ProviderConfig, Resource, Variable,
};
use crate::error::InputError;
use crate::source::{Location, Source};

/// Adds the blocks of one native file to `config`.
pub(super) fn collect(config: &mut ModuleConfig, source: &Source) -> Result<(), InputError> {
    let body = parse_hcl_body(source)?;
    collect_body(config, source, body);
    Ok(())
}

/// Parses native HCL, turning a syntax error into an error at its position.
pub fn parse_hcl_body(source: &Source) -> Result<Body, InputError> {
    hcl_edit::parser::parse_body(&source.text).map_err(|e| {
        let offset = e.location().offset().min(source.text.len());
        InputError::at(
            source,
            offset..offset,
            format!("invalid HCL: {}", e.message()),
        )
    })
}

fn collect_body(config: &mut ModuleConfig, source: &Source, body: Body) {
    for structure in body.into_iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let span = block.span().unwrap_or(0..0);
        let labels: Vec<String> = block.labels.iter().map(|l| l.as_str().to_owned()).collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [rtype, name]) => {
                config
                    .resources
                    .push(resource(Mode::Managed, rtype, name, block, source, span))
            }
            ("data", [rtype, name]) => {
                config
                    .resources
                    .push(resource(Mode::Data, rtype, name, block, source, span))
            }
            ("variable", [name]) => {
                let variable = Variable::from_attrs(attributes(block.body, source));
                config.variables.insert(name.clone(), variable);
            }
            ("locals", []) => config.locals.extend(attributes(block.body, source)),
            ("output", [name]) => {
                let output = Output::from_attrs(attributes(block.body, source));
                config.outputs.insert(name.clone(), output);
            }
            ("module", [name]) => config.modules.push(module_call(name, block, source, span)),
            ("provider", [name]) => {
                let attrs = attributes_and_blocks(block.body, source);
                let location = Location::new(source, span);
                config
                    .providers
                    .push(ProviderConfig::new(name, attrs, location));
            }
            _ => {}
        }
    }
}

fn attributes(body: Body, source: &Source) -> Attrs {
    body.into_iter()
        .filter_map(|s| match s {
            Structure::Attribute(a) => Some((
                a.key.as_str().to_owned(),
                Expr {
                    expr: a.value,
                    source: source.clone(),
                },
            )),
            Structure::Block(_) => None,
        })
        .collect()
}

/// Attributes, with nested blocks as object-valued attributes (a block
/// type written more than once: a list of objects).
fn attributes_and_blocks(body: Body, source: &Source) -> Attrs {
    let mut attrs = Attrs::default();
    let mut blocks: Vec<(String, Vec<Expression>)> = Vec::new();
    for structure in body {
        match structure {
            Structure::Attribute(a) => {
                let expr = Expr {
                    expr: a.value,
                    source: source.clone(),
                };
                attrs.insert(a.key.as_str().to_owned(), expr);
            }
            Structure::Block(b) => {
                let ident = b.ident.as_str().to_owned();
                let object = block_object(b.body);
                match blocks.iter_mut().find(|(i, _)| *i == ident) {
                    Some((_, list)) => list.push(object),
                    None => blocks.push((ident, vec![object])),
                }
            }
        }
    }
    for (ident, mut objects) in blocks {
        let expr = match objects.len() {
            1 => objects.remove(0),
            _ => Expression::from(Array::from(objects)),
        };
        let expr = Expr {
            expr,
            source: source.clone(),
        };
        attrs.entry(ident).or_insert(expr);
    }
    attrs
}

/// A nested block's body as an object expression.
fn block_object(body: Body) -> Expression {
    let mut object = Object::new();
    for structure in body {
        let (key, value) = match structure {
            Structure::Attribute(a) => (a.key.as_str().to_owned(), a.value),
            Structure::Block(b) => (b.ident.as_str().to_owned(), block_object(b.body)),
        };
        object.insert(ObjectKey::from(Ident::new(key)), ObjectValue::new(value));
    }
    Expression::from(object)
}

fn resource(
    mode: Mode,
    rtype: &str,
    name: &str,
    block: Block,
    source: &Source,
    span: Range<usize>,
) -> Resource {
    let attrs = attributes(block.body, source);
    Resource::new(mode, rtype, name, attrs, Location::new(source, span))
}

fn module_call(name: &str, block: Block, source: &Source, span: Range<usize>) -> ModuleCall {
    let args = attributes(block.body, source);
    ModuleCall::new(name, args, Location::new(source, span))
}

/// Parses one file's text as a whole module (for tests).
#[cfg(test)]
pub(crate) fn parse_module_text(text: &str) -> ModuleConfig {
    let source = crate::source::SourceFile::new("main.tf".into(), "main.tf".into(), text.into());
    let mut config = ModuleConfig::default();
    let body = parse_hcl_body(&source).expect("parses");
    collect_body(&mut config, &source, body);
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ModuleConfig {
        parse_module_text(text)
    }

    #[test]
    fn block_spans_start_at_the_resource_keyword() {
        let config = parse(
            "# Zugänge für 日本\nvariable \"n\" { default = 2 }\n\n  resource \"aws_iam_access_key\" \"k\" {\n  count = var.n\n  user = \"é\"\n}\n",
        );
        let r = &config.resources[0];
        let (start, end) = r.location.range();
        assert_eq!(
            (start.line, start.column, end.line, end.column),
            (4, 3, 7, 2)
        );
        assert!(r.count.is_some());
        assert_eq!(r.attrs["user"].text(), "\"é\"");
        assert!(config.variables["n"].default.is_some());
    }

    #[test]
    fn syntax_error_has_position() {
        let source = crate::source::SourceFile::new(
            "bad.tf".into(),
            "bad.tf".into(),
            "resource \"a\" \"b\" {\n  user = \n}\n".into(),
        );
        let err = parse_hcl_body(&source).unwrap_err();
        let pos = err.position.unwrap();
        assert_eq!(pos.line, 2, "{}", err.message);
        assert!(err.message.starts_with("invalid HCL"));
    }
}
