//! References: `var.*`, `local.*`, `count.index`, `each.*`, resource and
//! data attributes, module outputs, and the index, attribute and splat
//! operators applied to them.

use hcl_edit::Decorated;
use hcl_edit::expr::{Expression, TraversalOperator};

use super::instances::find_keyed;
use super::{
    Attribute, Evaluator, Instance, InstanceKey, Instances, MAX_DEPTH, ModuleInstance, Scope, Slot,
};
use crate::frontend::terraform::budget;
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
                Some(name) => {
                    self.read_taint(m.var_taints.get(name).copied().unwrap_or_default());
                    (m.vars.get(name).cloned().unwrap_or(Value::UNKNOWN), 1)
                }
                None => (Value::UNKNOWN, ops.len()),
            },
            "local" => match attr(0) {
                Some(name) => (self.local(m, name), 1),
                None => (Value::UNKNOWN, ops.len()),
            },
            "count" => match (attr(0), scope.count_index, &scope.every_index) {
                (Some("index"), Some(i), _) => (Value::int(i as i64), 1),
                (Some("index"), None, Some(id)) => (Value::Unknown(Some(id.clone())), 1),
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

    /// Applies attribute, index and splat operators to a value. An
    /// attribute or a known key of an unknown with an identity has an
    /// identity of its own (`each.value.name`: the same value wherever it is
    /// read); other operations on an unknown give an unknown without
    /// identity; a value looked up unchanged (a map entry) keeps its
    /// identity; an error stays an error.
    pub(super) fn apply_ops(
        &self,
        m: &ModuleInstance,
        mut value: Value,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> Value {
        let mut i = 0;
        while i < ops.len() {
            match value {
                Value::Error(_) => return value,
                Value::Unknown(Some(id)) => {
                    match self.derived_identity(m, &id, &ops[i], scope, d) {
                        Some(derived) => {
                            value = Value::unknown_as(derived);
                            i += 1;
                            continue;
                        }
                        None => return Value::UNKNOWN,
                    }
                }
                Value::Unknown(None) => return Value::UNKNOWN,
                _ => {}
            }
            value = match &*ops[i] {
                TraversalOperator::GetAttr(name) => attribute(&value, name.as_str()),
                TraversalOperator::Index(e) => index(&value, &self.eval_at(m, e, scope, d)),
                TraversalOperator::LegacyIndex(n) => index(&value, &Value::int(**n as i64)),
                // `[*]` applies every operator after it to each element.
                TraversalOperator::FullSplat(_) => {
                    return self.splat(m, value, &ops[i + 1..], scope, d);
                }
                // `.*` applies only the attribute accesses right after it;
                // an index after them indexes the resulting list.
                TraversalOperator::AttrSplat(_) => {
                    let attrs = ops[i + 1..]
                        .iter()
                        .take_while(|o| matches!(***o, TraversalOperator::GetAttr(_)))
                        .count();
                    let applied = self.splat(m, value, &ops[i + 1..i + 1 + attrs], scope, d);
                    i += 1 + attrs;
                    value = applied;
                    continue;
                }
            };
            i += 1;
        }
        value
    }

    /// The identity of `.name` or `[key]` (a known string or number, or an
    /// unknown with an identity) applied to an unknown with identity `id`.
    fn derived_identity(
        &self,
        m: &ModuleInstance,
        id: &str,
        op: &TraversalOperator,
        scope: &Scope,
        d: usize,
    ) -> Option<String> {
        let key = match op {
            TraversalOperator::GetAttr(name) => return Some(format!("{id}.{}", name.as_str())),
            TraversalOperator::Index(e) => self.eval_at(m, e, scope, d),
            TraversalOperator::LegacyIndex(n) => Value::int(**n as i64),
            _ => return None,
        };
        match key {
            Value::String(k) => Some(format!("{id}[{}]", serde_json::Value::from(&*k))),
            Value::Number(n) => Some(format!("{id}[{n}]")),
            // `var.names[count.index]` for the instance standing for each.
            Value::Unknown(Some(k)) => Some(format!("{id}[{k}]")),
            _ => None,
        }
    }

    /// A splat: `ops` applied to each element of a list or set (a null is
    /// an empty list, any other value a list of itself).
    fn splat(
        &self,
        m: &ModuleInstance,
        value: Value,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> Value {
        if d > MAX_DEPTH {
            budget::spend("splats nested more than 128 deep");
            return Value::UNKNOWN;
        }
        let d = d + 1;
        let items = match &value {
            Value::List(items) | Value::Set(items) => items.to_vec(),
            Value::Null => Vec::new(),
            Value::Unknown(_) => return Value::UNKNOWN,
            Value::Error(_) => return value,
            _ => vec![value],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match self.apply_ops(m, item, ops, scope, d) {
                error @ Value::Error(_) => return error,
                v => out.push(v),
            }
        }
        Value::list(out)
    }

    /// A local value, memoised; cycles are unknown.
    pub fn local(&self, m: &ModuleInstance, name: &str) -> Value {
        if let Some(slot) = m.locals.borrow().get(name) {
            return match slot {
                Slot::Done((v, taint)) => {
                    self.read_taint(*taint);
                    v.clone()
                }
                Slot::InProgress => Value::UNKNOWN,
            };
        }
        let Some(expr) = m.config.locals.get(name) else {
            return Value::UNKNOWN;
        };
        m.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::InProgress);
        let (value, taint) = self.eval_marked(m, &expr.expr, &Scope::default());
        self.read_taint(taint);
        m.locals
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done((value.clone(), taint)));
        value
    }

    /// `TYPE.NAME[key].attr...`: selects the instance, then the attribute.
    /// Without an attribute it is the instance as an object; without a key,
    /// a counted resource is the list of its instances and one with
    /// `for_each` the map of them.
    fn resource_value(
        &self,
        m: &ModuleInstance,
        idx: usize,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> (Value, usize) {
        let instances = self.instances(m, idx);
        // Borrowed: a resource is referenced once per instance of another,
        // and copying its instances each time would be quadratic.
        let (list, every): (&[Instance], bool) = match &*instances {
            Instances::Known(list) => (list, false),
            Instances::Every(instance, _) => (std::slice::from_ref(instance), true),
            Instances::Unknown(_) => return (Value::UNKNOWN, ops.len()),
        };
        let counted = list.first().is_some_and(|i| i.key.is_some()) || list.is_empty();
        let (instance, used) = if counted {
            let key = match ops.first().map(|o| &**o) {
                Some(TraversalOperator::Index(e)) => self.eval_at(m, e, scope, d),
                Some(TraversalOperator::LegacyIndex(n)) => Value::int(**n as i64),
                // How many instances, and which, is not known.
                _ if every => return (Value::UNKNOWN, ops.len()),
                _ => return (self.resource_collection(m, idx, list), 0),
            };
            match find_keyed(list, |i| i.key.as_ref(), &key) {
                Some(instance) => (instance, 1),
                // Only the element's own key selects the instance standing
                // for it; whether any other key exists is not known.
                None if every || !key.is_wholly_known() => {
                    let value = match key {
                        Value::Error(_) => key,
                        _ => Value::UNKNOWN,
                    };
                    return (value, ops.len());
                }
                None => {
                    let address = m.address(&m.config.resources[idx]);
                    let error = Value::error(format!("{address} has no instance for this key"));
                    return (error, ops.len());
                }
            }
        } else {
            (&list[0], 0)
        };
        match ops.get(used).map(|o| &**o) {
            Some(TraversalOperator::GetAttr(attr)) => (
                self.resource_attr(m, idx, instance, attr.as_str()),
                used + 1,
            ),
            _ => (self.resource_object(m, idx, instance), used),
        }
    }

    /// Every instance of a resource: a list (`count`) or a map (`for_each`)
    /// of instance objects.
    fn resource_collection(&self, m: &ModuleInstance, idx: usize, list: &[Instance]) -> Value {
        let objects = list.iter().map(|i| (i, self.resource_object(m, idx, i)));
        if m.config.resources[idx].for_each.is_some() {
            let entries = objects
                .filter_map(|(i, object)| match &i.key {
                    Some(InstanceKey::Key(k)) => Some((k.clone(), object)),
                    _ => None,
                })
                .collect();
            Value::map(entries)
        } else {
            Value::list(objects.map(|(_, object)| object).collect())
        }
    }

    /// One resource instance as an object: its arguments and the attributes
    /// the provider is known to echo; any other attribute is unknown.
    fn resource_object(&self, m: &ModuleInstance, idx: usize, instance: &Instance) -> Value {
        let resource = &m.config.resources[idx];
        let names = resource.attrs.keys().map(String::as_str).chain(
            self.attributes
                .echoed(resource.mode, &resource.rtype)
                .iter()
                .copied(),
        );
        let entries = names
            .map(|name| (name.to_owned(), self.resource_attr(m, idx, instance, name)))
            .collect();
        Value::Partial(std::rc::Rc::new(entries))
    }

    /// One argument of one resource instance, memoised; cycles are unknown.
    pub fn argument(
        &self,
        m: &ModuleInstance,
        idx: usize,
        instance: &Instance,
        name: &str,
    ) -> Value {
        let Some(expr) = m.config.resources[idx].attrs.get(name) else {
            return Value::UNKNOWN;
        };
        let suffix = instance
            .key
            .as_ref()
            .map(InstanceKey::suffix)
            .unwrap_or_default();
        let key = (idx, suffix, name.to_owned());
        if let Some(slot) = m.arguments.borrow().get(&key) {
            return match slot {
                Slot::Done((v, taint)) => {
                    self.read_taint(*taint);
                    v.clone()
                }
                Slot::InProgress => Value::UNKNOWN,
            };
        }
        m.arguments
            .borrow_mut()
            .insert(key.clone(), Slot::InProgress);
        let (value, taint) = self.eval_marked(m, &expr.expr, &Scope::of(instance));
        self.read_taint(taint);
        m.arguments
            .borrow_mut()
            .insert(key, Slot::Done((value.clone(), taint)));
        value
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
        let value = self.argument(m, idx, instance, argument);
        match value {
            // An empty name is a placeholder (no IAM user has it): the
            // user is known by its address instead.
            Value::String(ref s) if identifying && s.is_empty() => {
                let suffix = instance.key.as_ref().map(InstanceKey::suffix);
                Value::unknown_as(format!(
                    "{}{}",
                    m.address(resource),
                    suffix.unwrap_or_default()
                ))
            }
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

/// `value.name`: an object's attribute or a map's entry; missing, it is an
/// error (unknown in a partial object).
fn attribute(value: &Value, name: &str) -> Value {
    match value {
        Value::Map(entries) => entries
            .get(name)
            .cloned()
            .unwrap_or_else(|| Value::error(format!("no attribute or key \"{name}\""))),
        Value::Partial(entries) => entries.get(name).cloned().unwrap_or(Value::UNKNOWN),
        Value::Unknown(_) => Value::UNKNOWN,
        Value::Error(_) => value.clone(),
        Value::Null => Value::error(format!("attribute \"{name}\" of null")),
        other => Value::error(format!("a {} has no attributes", other.type_name())),
    }
}

/// `value[key]`: a list element or a map entry; out of range or missing, it
/// is an error.
fn index(value: &Value, key: &Value) -> Value {
    match key {
        Value::Error(_) => return key.clone(),
        Value::Unknown(_) | Value::Partial(_) => return Value::UNKNOWN,
        _ => {}
    }
    match value {
        Value::List(items) => match key.as_number().and_then(|n| n.to_i64()) {
            Some(n) if n >= 0 => items
                .get(n as usize)
                .cloned()
                .unwrap_or_else(|| Value::error("index out of range")),
            _ => Value::error("a list index must be a whole number"),
        },
        Value::Map(entries) => match key.as_string() {
            Some(k) => entries
                .get(&*k)
                .cloned()
                .unwrap_or_else(|| Value::error(format!("no key \"{k}\""))),
            None => Value::error("a map key must be a string"),
        },
        Value::Partial(entries) => match key.as_string() {
            Some(k) => entries.get(&*k).cloned().unwrap_or(Value::UNKNOWN),
            None => Value::error("an object key must be a string"),
        },
        Value::Unknown(_) => Value::UNKNOWN,
        Value::Error(_) => value.clone(),
        other => Value::error(format!("a {} cannot be indexed", other.type_name())),
    }
}
