//! Test support: evaluates the expressions of `terraform console` checks
//! (literals and function calls; not the evaluator, which depends on this
//! module) and compares results with the text Terraform printed.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use hcl_edit::template::Element;

use super::call;
use crate::frontend::terraform::value::{Number, Value};

/// The value of a literal expression, function calls included.
pub(super) fn eval(text: &str) -> Value {
    let expr = hcl_edit::parser::parse_expr(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    value(&expr)
}

fn value(expr: &Expression) -> Value {
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(**b),
        Expression::Number(n) => {
            let text = n
                .as_repr()
                .map_or_else(|| n.value().to_string(), |r| r.to_string());
            Value::Number(Number::parse(&text).expect("a number"))
        }
        Expression::String(s) => Value::string(s.as_str()),
        Expression::StringTemplate(t) => template(t.iter()),
        Expression::HeredocTemplate(h) => template(h.template.iter()),
        Expression::Array(items) => Value::list(items.iter().map(value).collect()),
        Expression::Object(object) => {
            let entries: BTreeMap<String, Value> = object
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(e) => {
                            value(e).as_string().expect("a key").to_string()
                        }
                    };
                    (key, value(v.expr()))
                })
                .collect();
            Value::map(entries)
        }
        Expression::Parenthesis(p) => value(p.inner()),
        Expression::UnaryOp(op) => match op.operator.value() {
            UnaryOperator::Neg => {
                Value::Number(value(&op.expr).as_number().expect("a number").neg())
            }
            UnaryOperator::Not => Value::Bool(!value(&op.expr).as_bool().expect("a bool")),
        },
        Expression::FuncCall(f) => {
            let mut args: Vec<Value> = f.args.iter().map(value).collect();
            if f.args.expand_final()
                && let Some(Value::List(rest)) = args.pop()
            {
                args.extend(rest.iter().cloned());
            }
            call(f.name.name.as_str(), args)
        }
        other => panic!("not supported in tests: {other:?}"),
    }
}

fn template<'a>(elements: impl Iterator<Item = &'a Element>) -> Value {
    let mut out = String::new();
    for element in elements {
        match element {
            Element::Literal(l) => out.push_str(l.as_str()),
            other => panic!("not supported in tests: {other:?}"),
        }
    }
    Value::string(out)
}

/// Checks each expression against what `terraform console` printed for
/// `jsonencode(expression)`; `!` means Terraform failed, and `?` that the
/// result is unknown to keylint, wholly or in part.
pub(super) fn check(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (expr, expected) in cases {
        let got = eval(expr);
        let good = match (*expected, &got) {
            ("!", Value::Error(_)) => true,
            ("?", v) => !v.is_wholly_known() && v.first_error().is_none(),
            (json, v) if !matches!(v, Value::Error(_) | Value::Unknown(_)) => {
                call("jsonencode", vec![v.clone()]) == Value::string(json)
            }
            _ => false,
        };
        if !good {
            wrong.push(format!("{expr}\n  expected {expected}\n  got      {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
