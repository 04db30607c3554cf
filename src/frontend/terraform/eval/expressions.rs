//! Operators, conditionals, object constructors, function calls and `for`
//! expressions.

use std::collections::BTreeMap;
use std::rc::Rc;

use hcl_edit::expr::{
    BinaryOperator, Conditional, Expression, ForExpr, FuncCall, Object, ObjectKey, UnaryOp,
    UnaryOperator,
};

use super::{Evaluator, ModuleInstance, Scope, Taint};
use crate::frontend::terraform::functions;
use crate::frontend::terraform::value::{Number, Value, equals};

impl Evaluator<'_> {
    pub(super) fn object(
        &self,
        m: &ModuleInstance,
        object: &Object,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let mut map = BTreeMap::new();
        for (key, value) in object.iter() {
            let key = match key {
                ObjectKey::Ident(ident) => Value::string(ident.as_str()),
                ObjectKey::Expression(e) => self.eval_at(m, e, scope, d),
            };
            let Some(key) = key.as_string() else {
                return failure(key, "an object key must be a string");
            };
            match self.eval_at(m, value.expr(), scope, d) {
                error @ Value::Error(_) => return error,
                value => map.insert(key.to_string(), value),
            };
        }
        Value::map(map)
    }

    pub(super) fn conditional(
        &self,
        m: &ModuleInstance,
        c: &Conditional,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let cond = self.eval_at(m, &c.cond_expr, scope, d);
        match cond.as_bool() {
            Some(true) => self.eval_at(m, &c.true_expr, scope, d),
            Some(false) => self.eval_at(m, &c.false_expr, scope, d),
            None if !matches!(cond, Value::Unknown(_)) => {
                failure(cond, "the condition is not a bool")
            }
            None => {
                // Unknown condition: still known if both branches agree.
                let t = self.eval_at(m, &c.true_expr, scope, d);
                let f = self.eval_at(m, &c.false_expr, scope, d);
                if equals(&t, &f) == Some(true) {
                    t
                } else {
                    Value::UNKNOWN
                }
            }
        }
    }

    pub(super) fn call(
        &self,
        m: &ModuleInstance,
        call: &FuncCall,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let name = call.name.name.as_str();
        if call.name.namespace.is_empty()
            && matches!(name, "sensitive" | "nonsensitive" | "issensitive")
        {
            return self.sensitivity_call(m, call, scope, d);
        }
        let mut args: Vec<Value> = call
            .args
            .iter()
            .map(|a| self.eval_at(m, a, scope, d))
            .collect();
        if call.args.expand_final() {
            match args.pop() {
                Some(Value::List(rest) | Value::Set(rest)) => args.extend(rest.iter().cloned()),
                Some(other) => return failure(other, "`...` expands a list"),
                None => return Value::UNKNOWN,
            }
        }
        if !call.name.namespace.is_empty() {
            return Value::UNKNOWN;
        }
        functions::call(call.name.name.as_str(), args)
    }

    /// `sensitive(x)` is `x`, sensitive; `nonsensitive(x)` is `x`, not
    /// sensitive; `issensitive(x)` is unknown, because keylint's notion of
    /// sensitive errs on the side of it and Terraform's is exact.
    fn sensitivity_call(
        &self,
        m: &ModuleInstance,
        call: &FuncCall,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
            return Value::error(format!("{}(): takes one argument", call.name.name));
        };
        if call.args.expand_final() {
            return Value::UNKNOWN;
        }
        let (value, taint) = self.marked(|| self.eval_at(m, arg, scope, d));
        match call.name.name.as_str() {
            "sensitive" => {
                self.read_taint(taint.union(Taint::SENSITIVE));
                value
            }
            // Not sensitive to Terraform any more; a value given at run
            // time is still not shown.
            "nonsensitive" => {
                self.read_taint(Taint {
                    sensitive: false,
                    ..taint
                });
                value
            }
            _ if value.first_error().is_some() => value,
            _ => Value::UNKNOWN,
        }
    }

    pub(super) fn unary(&self, m: &ModuleInstance, op: &UnaryOp, scope: &Scope, d: usize) -> Value {
        let v = self.eval_at(m, &op.expr, scope, d);
        match *op.operator.value() {
            UnaryOperator::Not => match v.as_bool() {
                Some(b) => Value::Bool(!b),
                None => failure(v, "`!` needs a bool"),
            },
            UnaryOperator::Neg => match v.as_number() {
                Some(n) => Value::Number(n.neg()),
                None => failure(v, "`-` needs a number"),
            },
        }
    }

    pub(super) fn binary(
        &self,
        m: &ModuleInstance,
        lhs: &Expression,
        op: BinaryOperator,
        rhs: &Expression,
        scope: &Scope,
        d: usize,
    ) -> Value {
        use BinaryOperator::*;
        let l = self.eval_at(m, lhs, scope, d);
        // Short-circuit with three-valued logic: `false && unknown` is false.
        match (op, l.as_bool()) {
            (And, Some(false)) => return Value::Bool(false),
            (Or, Some(true)) => return Value::Bool(true),
            _ => {}
        }
        let r = self.eval_at(m, rhs, scope, d);
        if let Some(error) = [&l, &r].into_iter().find(|v| matches!(v, Value::Error(_))) {
            return error.clone();
        }
        match op {
            And => match (l.as_bool(), r.as_bool()) {
                (_, Some(false)) => Value::Bool(false),
                (Some(a), Some(b)) => Value::Bool(a && b),
                _ => Value::UNKNOWN,
            },
            Or => match (l.as_bool(), r.as_bool()) {
                (_, Some(true)) => Value::Bool(true),
                (Some(a), Some(b)) => Value::Bool(a || b),
                _ => Value::UNKNOWN,
            },
            Eq => equals(&l, &r).map_or(Value::UNKNOWN, Value::Bool),
            NotEq => equals(&l, &r).map_or(Value::UNKNOWN, |b| Value::Bool(!b)),
            _ => {
                let (Some(a), Some(b)) = (l.as_number(), r.as_number()) else {
                    let known = l.is_wholly_known() && r.is_wholly_known();
                    return if known {
                        Value::error("arithmetic and comparison need numbers")
                    } else {
                        Value::UNKNOWN
                    };
                };
                let arithmetic = |result: Option<Number>| {
                    result.map_or_else(
                        || Value::error("division by zero, or a number out of range"),
                        Value::Number,
                    )
                };
                match op {
                    Plus => arithmetic(a.add(&b)),
                    Minus => arithmetic(a.sub(&b)),
                    Mul => arithmetic(a.mul(&b)),
                    Div => arithmetic(a.div(&b)),
                    Mod => arithmetic(a.rem(&b)),
                    Less => Value::Bool(a < b),
                    LessEq => Value::Bool(a <= b),
                    Greater => Value::Bool(a > b),
                    GreaterEq => Value::Bool(a >= b),
                    _ => Value::UNKNOWN,
                }
            }
        }
    }

    pub(super) fn for_expr(
        &self,
        m: &ModuleInstance,
        f: &ForExpr,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let collection = self.eval_at(m, &f.intro.collection_expr, scope, d);
        let pairs = match pairs(&collection) {
            Ok(pairs) => pairs,
            Err(value) => return value,
        };
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_owned());
        let value_var = f.intro.value_var.as_str().to_owned();
        let mut list = Vec::new();
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            let mut names = vec![(value_var.clone(), v)];
            if let Some(kv) = &key_var {
                names.push((kv.clone(), k));
            }
            let inner = scope.bind(&names);
            if let Some(cond) = &f.cond {
                let keep = self.eval_at(m, &cond.expr, &inner, d);
                match keep.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return failure(keep, "a `for` filter must be a bool"),
                }
            }
            let value = self.eval_at(m, &f.value_expr, &inner, d);
            if let Value::Error(_) = value {
                return value;
            }
            match &f.key_expr {
                Some(key_expr) => {
                    let key = self.eval_at(m, key_expr, &inner, d);
                    let Some(key) = key.as_string() else {
                        return failure(key, "a `for` key must be a string");
                    };
                    if f.grouping {
                        let entry = map
                            .entry(key.to_string())
                            .or_insert_with(|| Value::list(Vec::new()));
                        if let Value::List(items) = entry {
                            Rc::make_mut(items).push(value);
                        }
                    } else {
                        map.insert(key.to_string(), value);
                    }
                }
                None => list.push(value),
            }
        }
        if f.key_expr.is_some() {
            Value::map(map)
        } else {
            Value::list(list)
        }
    }

    /// A bare name: a `for` binding, or a root object that is unknown alone.
    pub(super) fn variable(&self, _m: &ModuleInstance, name: &str, scope: &Scope) -> Value {
        scope.binding(name).cloned().unwrap_or(Value::UNKNOWN)
    }
}

/// The elements of a collection with their keys, as `for` iterates them:
/// a list by index, a set by the elements themselves, a map by key. An
/// unknown collection is unknown; anything else is an error.
pub(super) fn pairs(collection: &Value) -> Result<Vec<(Value, Value)>, Value> {
    Ok(match collection {
        // A set's elements are their own keys.
        Value::Set(items) => items.iter().map(|v| (v.clone(), v.clone())).collect(),
        Value::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Value::int(i as i64), v.clone()))
            .collect(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
            .collect(),
        other => return Err(failure(other.clone(), "`for` iterates a list, set or map")),
    })
}

/// What an operation on `value` gives when `value` is not what it needs:
/// unknown if it is unknown, the error if it is one, else an error saying
/// `what`.
pub(super) fn failure(value: Value, what: &str) -> Value {
    match value {
        Value::Error(_) => value,
        v if !v.is_wholly_known() => Value::UNKNOWN,
        _ => Value::error(what),
    }
}
