//! Child module instances: following `module` blocks, their inputs and
//! their outputs.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use hcl_edit::Decorated;
use hcl_edit::expr::TraversalOperator;

use super::convert::convert;
use super::instances::find_keyed;
use super::{
    ChildCalls, Evaluator, InstanceKey, Instances, MAX_MODULE_DEPTH, ModuleInstance, Scope, Slot,
    Taint,
};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::config::{Expr, ModuleCall, ModuleConfig, Variable};
use crate::frontend::terraform::value::Value;

impl Evaluator<'_> {
    /// `module.NAME[key].OUTPUT`. Without an output it is the instance as
    /// an object of its outputs; without a key, a call with `count` is the
    /// list of its instances and one with `for_each` the map of them.
    pub(super) fn module_output(
        &self,
        m: &ModuleInstance,
        call: &str,
        ops: &[Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> (Value, usize) {
        let children = self.children(m, call);
        let ChildCalls::Known(list) = &*children else {
            return (Value::UNKNOWN, ops.len() + 1);
        };
        let keyed = list.first().is_some_and(|(k, _)| k.is_some()) || list.is_empty();
        let every = list
            .iter()
            .any(|(k, _)| k.as_ref().is_some_and(InstanceKey::is_every));
        let (child, used) = if keyed {
            let key = match ops.first().map(|o| &**o) {
                Some(TraversalOperator::Index(e)) => self.eval_at(m, e, scope, d),
                Some(TraversalOperator::LegacyIndex(n)) => Value::int(**n as i64),
                // How many elements, and which, is not known.
                _ if every => return (Value::UNKNOWN, ops.len() + 1),
                _ => return (self.module_collection(m, call, list), 1),
            };
            match find_keyed(list, |(k, _)| k.as_ref(), &key) {
                Some((_, child)) => (child.clone(), 1),
                // Only the element's own key selects the instance standing
                // for it; whether any other key exists is not known.
                None if every || !key.is_wholly_known() => {
                    let value = match key {
                        Value::Error(_) => key,
                        _ => Value::UNKNOWN,
                    };
                    return (value, ops.len() + 1);
                }
                None => {
                    let error = Value::error(format!("module.{call} has no instance for this key"));
                    return (error, ops.len() + 1);
                }
            }
        } else {
            match list.first() {
                Some((_, child)) => (child.clone(), 0),
                None => return (Value::UNKNOWN, ops.len() + 1),
            }
        };
        match ops.get(used).map(|o| &**o) {
            Some(TraversalOperator::GetAttr(output)) => {
                (self.output(&child, output.as_str()), used + 2)
            }
            _ => (self.module_object(&child), used + 1),
        }
    }

    /// One output of a module instance (unknown if it has none of that
    /// name). An output that says `sensitive = true` is sensitive to its
    /// caller, whatever its value.
    fn output(&self, child: &ModuleInstance, name: &str) -> Value {
        let Some(output) = child.config.outputs.get(name) else {
            return Value::UNKNOWN;
        };
        if self.says_true(output.sensitive.as_ref()) {
            self.read_taint(Taint::SENSITIVE);
        }
        match &output.value {
            Some(expr) => self.eval(child, &expr.expr, &Scope::default()),
            None => Value::UNKNOWN,
        }
    }

    /// Whether an optional boolean argument (`sensitive`, `nullable`) is
    /// given and evaluates to `value`.
    fn argument_is(&self, argument: Option<&Expr>, value: bool) -> bool {
        argument.is_some_and(|e| {
            let constants = ModuleInstance::constants();
            self.eval(&constants, &e.expr, &Scope::default()).as_bool() == Some(value)
        })
    }

    /// Whether an optional boolean argument is given and `true`.
    fn says_true(&self, argument: Option<&Expr>) -> bool {
        self.argument_is(argument, true)
    }

    /// The taints of a module's variables: sensitive when declared
    /// `sensitive = true`, and whatever the value `given` carries.
    pub fn var_taints(
        &self,
        config: &ModuleConfig,
        given: impl Fn(&str) -> Taint,
    ) -> HashMap<String, Taint> {
        config
            .variables
            .iter()
            .map(|(name, v)| {
                let declared = if self.says_true(v.sensitive.as_ref()) {
                    Taint::SENSITIVE
                } else {
                    Taint::default()
                };
                (name.clone(), given(name).union(declared))
            })
            .filter(|(_, taint)| taint.hidden())
            .collect()
    }

    /// A module instance as an object of its outputs.
    fn module_object(&self, child: &ModuleInstance) -> Value {
        let outputs = child
            .config
            .outputs
            .keys()
            .map(|name| (name.clone(), self.output(child, name)))
            .collect();
        Value::map(outputs)
    }

    /// Every instance of a module call: a list (`count`) or a map
    /// (`for_each`) of output objects.
    fn module_collection(
        &self,
        m: &ModuleInstance,
        call: &str,
        list: &[(Option<InstanceKey>, Rc<ModuleInstance>)],
    ) -> Value {
        let by_key = m
            .config
            .module_call(call)
            .is_some_and(|c| c.for_each.is_some());
        let objects = list.iter().map(|(k, child)| (k, self.module_object(child)));
        if by_key {
            let entries = objects
                .filter_map(|(k, object)| match k {
                    Some(InstanceKey::Key(k)) => Some((k.clone(), object)),
                    _ => None,
                })
                .collect();
            Value::map(entries)
        } else {
            Value::list(objects.map(|(_, object)| object).collect())
        }
    }

    /// The child module instances of call `name`, memoised.
    pub fn children(&self, m: &ModuleInstance, name: &str) -> Rc<ChildCalls> {
        if let Some(slot) = m.children.borrow().get(name) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => Rc::new(ChildCalls::Opaque(
                    "the module's inputs refer to its own outputs".into(),
                )),
            };
        }
        let Some(call) = m.config.module_call(name) else {
            return Rc::new(ChildCalls::Opaque(format!(
                "no module \"{name}\" in this module"
            )));
        };
        m.children
            .borrow_mut()
            .insert(name.to_owned(), Slot::InProgress);
        let result = Rc::new(self.instantiate(m, call));
        m.children
            .borrow_mut()
            .insert(name.to_owned(), Slot::Done(result.clone()));
        result
    }

    fn instantiate(&self, m: &ModuleInstance, call: &ModuleCall) -> ChildCalls {
        if m.depth >= MAX_MODULE_DEPTH {
            return ChildCalls::Opaque(format!(
                "modules nest deeper than {MAX_MODULE_DEPTH} levels"
            ));
        }
        let key = if m.key.is_empty() {
            call.name.clone()
        } else {
            format!("{}.{}", m.key, call.name)
        };
        let config = match self.loader.child(&self.root, &m.config, &key, call) {
            Ok(loaded) => {
                self.errors
                    .borrow_mut()
                    .extend(loaded.errors.iter().cloned());
                loaded.config.clone()
            }
            Err(reason) => return ChildCalls::Opaque(reason),
        };
        let mut every = m.every.clone();
        let instances = match self.expand(
            m,
            call.count.as_ref(),
            call.for_each.as_ref(),
            &Scope::default(),
        ) {
            Instances::Known(list) => list,
            Instances::Every(instance, quantifiers) => {
                every.extend(quantifiers);
                vec![instance]
            }
            Instances::Unknown(reason) => return ChildCalls::Opaque(reason),
        };
        if !budget::module_instances(instances.len()) {
            return ChildCalls::Opaque("the analysis budget is spent".into());
        }
        let mut children = Vec::with_capacity(instances.len());
        for instance in instances {
            let suffix = instance
                .key
                .as_ref()
                .map(InstanceKey::suffix)
                .unwrap_or_default();
            let path = format!("{}module.{}{}.", m.path, call.name, suffix);
            let scope = Scope::of(&instance);
            let args: HashMap<&str, (Value, Taint)> = call
                .args
                .iter()
                .map(|(k, e)| (k.as_str(), self.eval_marked(m, &e.expr, &scope)))
                .collect();
            let vars = self.module_vars(&config, &path, |name| {
                args.get(name).map(|(value, _)| value.clone())
            });
            let taints = self.var_taints(&config, |name| {
                args.get(name).map(|(_, taint)| *taint).unwrap_or_default()
            });
            let mut via = m.via.clone();
            via.push(call.location.clone());
            let child =
                ModuleInstance::new(config.clone(), path, key.clone(), via, vars, m.depth + 1)
                    .with_providers(self.child_providers(m, call))
                    .with_var_taints(taints)
                    .with_every(every.clone());
            children.push((instance.key, Rc::new(child)));
        }
        ChildCalls::Known(children)
    }

    /// Values of a module's variables: given values (converted to the
    /// declared type), else defaults, else unknown with the variable's
    /// identity. A given `null` is the value, unless the variable says
    /// `nullable = false` (then the default is used).
    pub fn module_vars(
        &self,
        config: &Arc<ModuleConfig>,
        path: &str,
        mut given: impl FnMut(&str) -> Option<Value>,
    ) -> HashMap<String, Value> {
        let constants = ModuleInstance::constants();
        let mut vars = HashMap::with_capacity(config.variables.len());
        for (name, variable) in &config.variables {
            let type_value = variable.type_expr.as_ref().map(|t| &t.expr);
            let default = || {
                variable
                    .default
                    .as_ref()
                    .map(|d| self.eval(&constants, &d.expr, &Scope::default()))
            };
            let value = match given(name) {
                None => default(),
                Some(Value::Null) if self.not_nullable(variable) => default(),
                Some(v) => Some(v),
            };
            let value = match value {
                Some(v) => convert(self, &constants, v, type_value),
                None => Value::unknown_as(format!("{path}var.{name}")),
            };
            vars.insert(name.clone(), value);
        }
        vars
    }

    /// Whether a variable says `nullable = false`.
    fn not_nullable(&self, variable: &Variable) -> bool {
        self.argument_is(variable.nullable.as_ref(), false)
    }
}
