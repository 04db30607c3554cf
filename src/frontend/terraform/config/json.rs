//! Terraform JSON syntax (`.tf.json`): the same blocks as native syntax,
//! spelled as JSON objects. Strings are templates (`"${var.x}"`), so they are
//! parsed into the same expression tree as native HCL.

use hcl_edit::expr::{Array, Expression, Object, ObjectKey, ObjectValue};
use hcl_edit::template::{Element, StringTemplate};
use jsonc_parser::ast::{ObjectProp, Value as Json};

use super::{
    Attrs, Expr, Mode, ModuleCall, ModuleConfig, Output, ProviderConfig, Resource, Variable,
};
use crate::error::InputError;
use crate::frontend::strict_json;
use crate::source::{Location, Source};

/// Parses strict JSON into an AST with byte ranges.
pub fn parse(source: &Source) -> Result<Json<'_>, InputError> {
    strict_json::parse(source)?
        .ok_or_else(|| InputError::at(source, 0..0, "invalid JSON: the file is empty"))
}

/// Adds the blocks of one `.tf.json` file to `config`.
pub(super) fn collect(config: &mut ModuleConfig, source: &Source) -> Result<(), InputError> {
    let root = parse(source)?;
    let Json::Object(root) = root else {
        return Err(InputError::at(
            source,
            0..1,
            "a .tf.json file must hold a JSON object",
        ));
    };
    for prop in &root.properties {
        let section = prop.name.as_str();
        match section {
            "resource" | "data" => {
                let mode = if section == "resource" {
                    Mode::Managed
                } else {
                    Mode::Data
                };
                for (rtype, name, body, span) in two_level(prop) {
                    let attrs = attributes(body, source)?;
                    let location = Location::new(source, span);
                    config
                        .resources
                        .push(Resource::new(mode, rtype, name, attrs, location));
                }
            }
            "variable" => {
                for (name, body, _) in one_level(prop) {
                    let variable = Variable::from_attrs(attributes(body, source)?);
                    if variable.is_declared_sensitive() {
                        hide_default(body, source);
                    }
                    config.variables.insert(name.to_owned(), variable);
                }
            }
            "locals" => {
                for body in bodies(&prop.value) {
                    config.locals.extend(attributes(body, source)?);
                }
            }
            "output" => {
                for (name, body, _) in one_level(prop) {
                    let output = Output::from_attrs(attributes(body, source)?);
                    config.outputs.insert(name.to_owned(), output);
                }
            }
            "module" => {
                for (name, body, span) in one_level(prop) {
                    let args = attributes(body, source)?;
                    let location = Location::new(source, span);
                    config.modules.push(ModuleCall::new(name, args, location));
                }
            }
            "provider" => {
                for (name, body, span) in one_level(prop) {
                    let attrs = attributes(body, source)?;
                    let location = Location::new(source, span);
                    config
                        .providers
                        .push(ProviderConfig::new(name, attrs, location));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

type Span = std::ops::Range<usize>;

/// A block's body may be one object or an array of objects.
fn bodies<'a, 'b>(value: &'b Json<'a>) -> Vec<&'b jsonc_parser::ast::Object<'a>> {
    match value {
        Json::Object(o) => vec![o],
        Json::Array(a) => a
            .elements
            .iter()
            .filter_map(|e| match e {
                Json::Object(o) => Some(o),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `"variable": {"name": {...}}` → (name, body, span of the `"name": {...}` property).
fn one_level<'a, 'b>(
    prop: &'b ObjectProp<'a>,
) -> Vec<(&'b str, &'b jsonc_parser::ast::Object<'a>, Span)> {
    let mut out = Vec::new();
    for outer in bodies(&prop.value) {
        for named in &outer.properties {
            for body in bodies(&named.value) {
                out.push((
                    named.name.as_str(),
                    body,
                    named.range.start..named.range.end,
                ));
            }
        }
    }
    out
}

/// `"resource": {"type": {"name": {...}}}` → (type, name, body, span of `"name": {...}`).
fn two_level<'a, 'b>(
    prop: &'b ObjectProp<'a>,
) -> Vec<(&'b str, &'b str, &'b jsonc_parser::ast::Object<'a>, Span)> {
    let mut out = Vec::new();
    for outer in bodies(&prop.value) {
        for typed in &outer.properties {
            // Each label level may be an object or an array of objects.
            for types in bodies(&typed.value) {
                for named in &types.properties {
                    for body in bodies(&named.value) {
                        let span = named.range.start..named.range.end;
                        out.push((typed.name.as_str(), named.name.as_str(), body, span));
                    }
                }
            }
        }
    }
    out
}

fn attributes(body: &jsonc_parser::ast::Object<'_>, source: &Source) -> Result<Attrs, InputError> {
    let mut attrs = Attrs::default();
    for prop in &body.properties {
        let expr = expression(&prop.value, source)?;
        attrs.insert(
            prop.name.as_str().to_owned(),
            Expr {
                expr,
                source: source.clone(),
            },
        );
    }
    Ok(attrs)
}

/// Masks a sensitive variable's `"default"` wherever the file is quoted
/// (JSON expressions carry no spans of their own).
fn hide_default(body: &jsonc_parser::ast::Object<'_>, source: &Source) {
    use jsonc_parser::common::Ranged;
    for prop in body
        .properties
        .iter()
        .filter(|p| p.name.as_str() == "default")
    {
        let range = prop.value.range();
        source.hide(range.start..range.end);
    }
}

/// Converts a JSON value into an HCL expression, parsing strings as templates.
pub fn to_expression(value: &Json<'_>, source: &Source) -> Result<Expression, InputError> {
    expression(value, source)
}

fn expression(value: &Json<'_>, source: &Source) -> Result<Expression, InputError> {
    Ok(match value {
        Json::NullKeyword(_) => Expression::null(),
        Json::BooleanLit(b) => Expression::from(b.value),
        // Parsed as HCL so that the literal keeps its text: Terraform reads
        // JSON numbers exactly, as it reads HCL ones.
        Json::NumberLit(n) => match hcl_edit::parser::parse_expr(n.value) {
            Ok(number @ Expression::Number(_)) => number,
            _ => too_complex(),
        },
        Json::StringLit(s) => template(&s.value, source, s.range.start..s.range.end)?,
        Json::Array(a) => {
            let items = a
                .elements
                .iter()
                .map(|e| expression(e, source))
                .collect::<Result<Vec<_>, _>>()?;
            Expression::from(Array::from(items))
        }
        Json::Object(o) => {
            let mut object = Object::new();
            for prop in &o.properties {
                let key = ObjectKey::from(Expression::from(prop.name.as_str()));
                object.insert(key, ObjectValue::new(expression(&prop.value, source)?));
            }
            Expression::from(object)
        }
    })
}

/// More `${` and `%{` openers than this in one JSON string and the string is
/// not parsed. hcl-edit's template parser backtracks exponentially on some
/// malformed templates (found by fuzzing, with `%{` and with `${`: 16
/// openers take 0.04 s, 24 take 4 s, each 4 more ten times longer); real
/// Terraform JSON strings hold a handful at most.
const MAX_TEMPLATE_OPENERS: usize = 16;

/// What a string keylint declines to parse evaluates to: an unbound name,
/// which is unknown (never a guess) and says why in `--verbose`.
fn too_complex() -> Expression {
    Expression::from(hcl_edit::Ident::new("template_too_complex_to_analyse"))
}

fn template(text: &str, source: &Source, span: Span) -> Result<Expression, InputError> {
    if !text.contains("${") && !text.contains("%{") {
        return Ok(Expression::from(text));
    }
    if text.matches("%{").count() + text.matches("${").count() > MAX_TEMPLATE_OPENERS {
        return Ok(too_complex());
    }
    let parsed = hcl_edit::parser::parse_template(text).map_err(|e| {
        InputError::at(
            source,
            span,
            format!("invalid template in JSON string: {}", e.message()),
        )
    })?;
    Ok(match parsed.iter().collect::<Vec<_>>().as_slice() {
        [Element::Literal(literal)] => Expression::from(literal.as_str()),
        _ => Expression::from(StringTemplate::from(parsed)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn resources_and_templates_from_json() {
        let text = r#"{
  "resource": {
    "aws_iam_access_key": {
      "k": {"count": 2, "user": "${aws_iam_user.u.name}"}
    }
  },
  "variable": {"v": {"default": "x"}}
}"#;
        let source = SourceFile::new("m.tf.json".into(), "m.tf.json".into(), text.into());
        let mut config = ModuleConfig::default();
        collect(&mut config, &source).unwrap();
        let r = &config.resources[0];
        assert_eq!(
            (r.rtype.as_str(), r.name.as_str()),
            ("aws_iam_access_key", "k")
        );
        assert_eq!(r.location.start().line, 4);
        assert!(matches!(
            r.attrs["user"].expr,
            Expression::StringTemplate(_)
        ));
        assert!(config.variables.contains_key("v"));
    }

    /// The `user` expression of a one-key `.tf.json` module.
    fn key_user(user: &str) -> Expression {
        let text = format!(
            "{{\"resource\": {{\"aws_iam_access_key\": {{\"k\": {{\"user\": \"{user}\"}}}}}}}}"
        );
        let source = SourceFile::new("m.tf.json".into(), "m.tf.json".into(), text);
        let mut config = ModuleConfig::default();
        collect(&mut config, &source).unwrap();
        config
            .resources
            .remove(0)
            .attrs
            .remove("user")
            .unwrap()
            .expr
    }

    #[test]
    fn templates_with_too_many_openers_are_unknown_not_parsed() {
        let directives = key_user(&format!("${{a+{}", "%{x+".repeat(40)));
        assert_eq!(
            directives.to_string().trim(),
            "template_too_complex_to_analyse"
        );
        // The same with interpolations; a few of them are parsed as usual.
        for (openers, parsed) in [(17, false), (3, true)] {
            let expr = key_user(&"${a}-".repeat(openers));
            assert_eq!(
                matches!(expr, Expression::StringTemplate(_)),
                parsed,
                "{openers} openers"
            );
        }
    }

    #[test]
    fn label_levels_may_be_arrays_and_names_may_be_escaped() {
        let text = r#"{"resource": [{"aws_iam_access_key": [{"a": {"user": "x"}}, {"b": [{"user": "y"}]}]}], "\u0072esource": {"aws_iam_user": {"\u0075": {"name": "u"}}}}"#;
        let source = SourceFile::new("m.tf.json".into(), "m.tf.json".into(), text.into());
        let mut config = ModuleConfig::default();
        collect(&mut config, &source).unwrap();
        let found: Vec<String> = config.resources.iter().map(|r| r.local_address()).collect();
        assert_eq!(
            found,
            [
                "aws_iam_access_key.a",
                "aws_iam_access_key.b",
                "aws_iam_user.u"
            ]
        );
    }

    #[test]
    fn comments_are_rejected_in_strict_json() {
        let source = SourceFile::new(
            "m.tf.json".into(),
            "m.tf.json".into(),
            "{\n // no\n}".into(),
        );
        let err = collect(&mut ModuleConfig::default(), &source).unwrap_err();
        assert_eq!(err.position.unwrap().line, 2);
    }
}
