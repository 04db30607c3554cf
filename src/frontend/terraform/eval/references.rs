//! References: `var.*`, `local.*`, `count.index`, `each.*`, resource and
//! data attributes, module outputs, and the index, attribute and splat
//! operators applied to them.

use hcl_edit::Decorated;
use hcl_edit::expr::{Expression, TraversalOperator};

use super::{Attribute, Evaluator, Instance, InstanceKey, Instances, ModuleInstance, Scope, Slot};
use crate::frontend::terraform::config::Mode;
use crate::frontend::terraform::value::Value;

impl Evaluator<'_> {
    pub(super) fn traversal(
        &self,
        m: &ModuleInstance,
        root: &Expression,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> Value {
        let (value, consumed) = match root {
            Expression::Variable(name) if scope.binding(name.as_str()).is_none() => {
                self.reference(m, name.as_str(), ops, scope, d)
            }
            _ => (self.eval_at(m, root, scope, d), 0),
        };
        self.apply_ops(m, value, &ops[consumed.min(ops.len())..], scope, d)
    }

    /// Resolves a reference such as `var.x`, `local.y`, `aws_iam_user.u[0].name`
    /// or `module.m.out`. Returns the value and how many operators it used.
    fn reference(
        &self,
        m: &ModuleInstance,
        root: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> (Value, usize) {
        let attr = |i: usize| match ops.get(i).map(|o| &**o) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        match root {
            "var" => match attr(0) {
                Some(name) => (m.vars.get(name).cloned().unwrap_or(Value::UNKNOWN), 1),
                None => (Value::UNKNOWN, ops.len()),
            },
            "local" => match attr(0) {
                Some(name) => (self.local(m, name), 1),
                None => (Value::UNKNOWN, ops.len()),
            },
            "count" => match (attr(0), scope.count_index) {
                (Some("index"), Some(i)) => (Value::Number(i as f64), 1),
                _ => (Value::UNKNOWN, ops.len()),
            },
            "each" => match (attr(0), &scope.each) {
                (Some("key"), Some((k, _))) => (k.clone(), 1),
                (Some("value"), Some((_, v))) => (v.clone(), 1),
                _ => (Value::UNKNOWN, ops.len()),
            },
            "module" => match attr(0) {
                Some(call) => self.module_output(m, call, &ops[1..], scope, d),
                None => (Value::UNKNOWN, ops.len()),
            },
            "data" => match (attr(0), attr(1)) {
                (Some(rtype), Some(name)) => match m.config.resource(Mode::Data, rtype, name) {
                    Some((idx, _)) => {
                        let (v, used) = self.resource_value(m, idx, &ops[2..], scope, d);
                        (v, used + 2)
                    }
                    None => (Value::UNKNOWN, ops.len()),
                },
                _ => (Value::UNKNOWN, ops.len()),
            },
            rtype => match attr(0).and_then(|name| m.config.resource(Mode::Managed, rtype, name)) {
                Some((idx, _)) => {
                    let (v, used) = self.resource_value(m, idx, &ops[1..], scope, d);
                    (v, used + 1)
                }
                // path.*, terraform.*, self.*, unknown resources: not knowable.
                None => (Value::UNKNOWN, ops.len()),
            },
        }
    }

    fn apply_ops(
        &self,
        m: &ModuleInstance,
        mut value: Value,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> Value {
        for (i, op) in ops.iter().enumerate() {
            value = match &**op {
                TraversalOperator::GetAttr(name) => match &value {
                    Value::Map(entries) => entries
                        .get(name.as_str())
                        .cloned()
                        .unwrap_or(Value::UNKNOWN),
                    _ => Value::UNKNOWN,
                },
                TraversalOperator::Index(e) => index(&value, &self.eval_at(m, e, scope, d)),
                TraversalOperator::LegacyIndex(n) => index(&value, &Value::Number(**n as f64)),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items = match &value {
                        Value::List(items) | Value::Set(items) => {
                            items.iter().cloned().collect::<Vec<_>>()
                        }
                        Value::Null => Vec::new(),
                        Value::Unknown(_) => return Value::UNKNOWN,
                        other => vec![other.clone()],
                    };
                    let rest = &ops[i + 1..];
                    return Value::list(
                        items
                            .into_iter()
                            .map(|v| self.apply_ops(m, v, rest, scope, d))
                            .collect(),
                    );
                }
            };
            if let Value::Unknown(_) = value {
                // Anything derived from an unknown is unknown, without identity.
                return Value::UNKNOWN;
            }
        }
        value
    }

    /// A local value, memoised; cycles are unknown.
    pub fn local(&self, m: &ModuleInstance, name: &str) -> Value {
        if let Some(slot) = m.locals.borrow().get(name) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => Value::UNKNOWN,
            };
        }
        let Some(expr) = m.config.locals.get(name) else {
            return Value::UNKNOWN;
        };
        m.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::InProgress);
        let value = self.eval(m, &expr.expr, &Scope::default());
        m.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done(value.clone()));
        value
    }

    /// `TYPE.NAME[key].attr...`: selects the instance, then the attribute.
    fn resource_value(
        &self,
        m: &ModuleInstance,
        idx: usize,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> (Value, usize) {
        let instances = self.instances(m, idx);
        let Instances::Known(list) = &*instances else {
            return (Value::UNKNOWN, ops.len());
        };
        let counted = list.first().is_some_and(|i| i.key.is_some()) || list.is_empty();
        let (instance, used) = if counted {
            let key = match ops.first().map(|o| &**o) {
                Some(TraversalOperator::Index(e)) => self.eval_at(m, e, scope, d),
                Some(TraversalOperator::LegacyIndex(n)) => Value::Number(**n as f64),
                _ => return (Value::UNKNOWN, ops.len()),
            };
            match list
                .iter()
                .find(|i| i.key.as_ref().is_some_and(|k| k.matches(&key)))
            {
                Some(instance) => (instance, 1),
                None => return (Value::UNKNOWN, ops.len()),
            }
        } else {
            match list.first() {
                Some(instance) => (instance, 0),
                None => return (Value::UNKNOWN, ops.len()),
            }
        };
        match ops.get(used).map(|o| &**o) {
            Some(TraversalOperator::GetAttr(attr)) => (
                self.resource_attr(m, idx, instance, attr.as_str()),
                used + 1,
            ),
            _ => (Value::UNKNOWN, ops.len()),
        }
    }

    /// One attribute of one resource instance, as the front-end's
    /// [`Attributes`](super::Attributes) define it.
    pub fn resource_attr(
        &self,
        m: &ModuleInstance,
        idx: usize,
        instance: &Instance,
        attr: &str,
    ) -> Value {
        let resource = &m.config.resources[idx];
        let (argument, identifying) =
            match self
                .attributes
                .attribute(resource.mode, &resource.rtype, attr)
            {
                Attribute::Argument(argument) => (argument, false),
                Attribute::Identifying(argument) => (argument, true),
                Attribute::Unknown => return Value::UNKNOWN,
            };
        let value = match resource.attrs.get(argument) {
            Some(expr) => self.eval(m, &expr.expr, &Scope::of(instance)),
            None => Value::UNKNOWN,
        };
        match value {
            Value::String(_) => value,
            _ if identifying => {
                let suffix = instance
                    .key
                    .as_ref()
                    .map(InstanceKey::suffix)
                    .unwrap_or_default();
                Value::unknown_as(format!("{}{}", m.address(resource), suffix))
            }
            other => other,
        }
    }
}

fn index(value: &Value, key: &Value) -> Value {
    match (value, key) {
        (Value::List(items), k) => match k.as_number() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                items.get(n as usize).cloned().unwrap_or(Value::UNKNOWN)
            }
            _ => Value::UNKNOWN,
        },
        (Value::Map(entries), k) => match k.as_string() {
            Some(s) => entries.get(&*s).cloned().unwrap_or(Value::UNKNOWN),
            None => Value::UNKNOWN,
        },
        _ => Value::UNKNOWN,
    }
}
