//! Evaluation of Terraform expressions within module instances.
//!
//! Everything is lazy and memoised: a local, a resource's instances or a child
//! module is evaluated the first time something refers to it. Cycles and
//! anything not statically knowable evaluate to [`Value::Unknown`].

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};

use super::config::{Expr, Mode, ModuleCall, ModuleConfig, Resource};
use super::functions;
use super::loader::Loader;
use super::value::{Value, equals};
use crate::error::InputError;
use crate::source::Location;

/// Deeper expressions than this evaluate to unknown rather than risk the stack.
const MAX_DEPTH: usize = 128;
/// References followed inside each other (locals, resources, module outputs)
/// beyond this evaluate to unknown: a 10,000-long chain of locals must not
/// overflow the stack.
const MAX_REENTRY: usize = 64;
/// Module calls nested deeper than this are not followed (a module calling itself).
pub const MAX_MODULE_DEPTH: usize = 32;

/// The key of one instance of a resource or module with `count` or `for_each`.
#[derive(Debug, Clone, PartialEq)]
pub enum InstanceKey {
    /// `count` index.
    Index(usize),
    /// `for_each` key.
    Key(String),
}

impl InstanceKey {
    /// The address suffix, `[0]` or `["a"]`.
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", serde_json::Value::String(k.clone())),
        }
    }

    fn matches(&self, v: &Value) -> bool {
        match (self, v) {
            (InstanceKey::Index(i), v) => v.as_number() == Some(*i as f64),
            (InstanceKey::Key(k), Value::String(s)) => **k == **s,
            _ => false,
        }
    }
}

/// One instance of a resource or module call: its key and its `count.index` / `each`.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `None` for a block without `count` / `for_each`.
    pub key: Option<InstanceKey>,
    /// `count.index`, when counted.
    pub count_index: Option<usize>,
    /// `each.key` and `each.value`, when iterated.
    pub each: Option<(Value, Value)>,
}

/// The instances of a block, or why they are not known.
#[derive(Debug, Clone)]
pub enum Instances {
    /// The instances, possibly none (`count = 0`).
    Known(Vec<Instance>),
    /// `count` / `for_each` could not be resolved; the reason says which.
    Unknown(String),
}

/// Names visible to an expression besides the module's own.
#[derive(Clone, Default)]
pub struct Scope {
    count_index: Option<usize>,
    each: Option<(Value, Value)>,
    bindings: Vec<(String, Value)>,
}

impl Scope {
    /// The scope of one instance of a block.
    pub fn of(instance: &Instance) -> Self {
        Scope {
            count_index: instance.count_index,
            each: instance.each.clone(),
            bindings: Vec::new(),
        }
    }

    fn bind(&self, names: &[(String, Value)]) -> Self {
        let mut scope = self.clone();
        scope.bindings.extend(names.iter().cloned());
        scope
    }

    fn binding(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// The child module instances of one `module` block.
pub enum ChildCalls {
    /// Instantiated children with their keys.
    Known(Vec<(Option<InstanceKey>, Rc<ModuleInstance>)>),
    /// Not followed; the reason says why.
    Opaque(String),
}

enum Slot<T> {
    InProgress,
    Done(T),
}

/// One instance of a module: its configuration and input values.
pub struct ModuleInstance {
    /// The module's configuration.
    pub config: Arc<ModuleConfig>,
    /// The address prefix: empty for the root, else `module.a.` or `module.a["k"].`.
    pub path: String,
    /// The module calls through which this instance was reached.
    pub via: Vec<Location>,
    /// The module key as `modules.json` records it (`a.b`), empty for the root.
    pub key: String,
    /// Input variable values.
    pub vars: HashMap<String, Value>,
    depth: usize,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    instances: RefCell<HashMap<usize, Slot<Rc<Instances>>>>,
    children: RefCell<HashMap<String, Slot<Rc<ChildCalls>>>>,
}

impl ModuleInstance {
    /// A module instance with the given input values.
    pub fn new(
        config: Arc<ModuleConfig>,
        path: String,
        key: String,
        via: Vec<Location>,
        vars: HashMap<String, Value>,
        depth: usize,
    ) -> Self {
        ModuleInstance {
            config,
            path,
            key,
            via,
            vars,
            depth,
            locals: RefCell::default(),
            instances: RefCell::default(),
            children: RefCell::default(),
        }
    }

    /// An empty module, to evaluate constant expressions (defaults, tfvars).
    pub fn constants() -> Self {
        ModuleInstance::new(
            Arc::new(ModuleConfig::default()),
            String::new(),
            String::new(),
            Vec::new(),
            HashMap::new(),
            0,
        )
    }

    /// The full address of a resource of this module instance.
    pub fn address(&self, resource: &Resource) -> String {
        format!("{}{}", self.path, resource.local_address())
    }
}

/// Evaluates expressions of one configuration (a root module and its children).
pub struct Evaluator<'l> {
    /// Finds and parses child modules.
    pub loader: &'l Loader,
    /// The root module of this configuration.
    pub root: Arc<ModuleConfig>,
    /// Errors met while reading child modules.
    pub errors: RefCell<Vec<InputError>>,
    /// How many evaluations are under way inside each other (a local that
    /// refers to a local that refers to ...), to bound the stack.
    pub reentry: std::cell::Cell<usize>,
}

impl Evaluator<'_> {
    /// Evaluates an expression in a module instance and scope.
    pub fn eval(&self, m: &ModuleInstance, expr: &Expression, scope: &Scope) -> Value {
        let depth = self.reentry.get();
        if depth >= MAX_REENTRY {
            return Value::UNKNOWN;
        }
        self.reentry.set(depth + 1);
        let value = self.eval_at(m, expr, scope, 0);
        self.reentry.set(depth);
        value
    }

    fn eval_at(&self, m: &ModuleInstance, expr: &Expression, scope: &Scope, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::UNKNOWN;
        }
        let d = depth + 1;
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(**b),
            Expression::Number(n) => n.as_f64().map_or(Value::UNKNOWN, Value::Number),
            Expression::String(s) => Value::string(s.as_str()),
            Expression::Array(items) => {
                Value::list(items.iter().map(|e| self.eval_at(m, e, scope, d)).collect())
            }
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => Value::string(ident.as_str()),
                        ObjectKey::Expression(e) => self.eval_at(m, e, scope, d),
                    };
                    let Some(key) = key.as_string() else {
                        return Value::UNKNOWN;
                    };
                    map.insert(key.to_string(), self.eval_at(m, value.expr(), scope, d));
                }
                Value::map(map)
            }
            Expression::StringTemplate(t) => self.template(m, t, scope, d),
            Expression::HeredocTemplate(h) => self.template(m, &h.template, scope, d),
            Expression::Parenthesis(p) => self.eval_at(m, p.inner(), scope, d),
            Expression::Variable(v) => self.variable(m, v.as_str(), scope),
            Expression::Conditional(c) => {
                let cond = self.eval_at(m, &c.cond_expr, scope, d);
                match cond.as_bool() {
                    Some(true) => self.eval_at(m, &c.true_expr, scope, d),
                    Some(false) => self.eval_at(m, &c.false_expr, scope, d),
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
            Expression::FuncCall(call) => {
                let mut args: Vec<Value> = call
                    .args
                    .iter()
                    .map(|a| self.eval_at(m, a, scope, d))
                    .collect();
                if call.args.expand_final() {
                    match args.pop() {
                        Some(Value::List(rest) | Value::Set(rest)) => {
                            args.extend(rest.iter().cloned())
                        }
                        _ => return Value::UNKNOWN,
                    }
                }
                if !call.name.namespace.is_empty() {
                    return Value::UNKNOWN;
                }
                functions::call(call.name.name.as_str(), args)
            }
            Expression::Traversal(t) => self.traversal(m, &t.expr, &t.operators, scope, d),
            Expression::UnaryOp(op) => {
                let v = self.eval_at(m, &op.expr, scope, d);
                match *op.operator.value() {
                    UnaryOperator::Not => v.as_bool().map_or(Value::UNKNOWN, |b| Value::Bool(!b)),
                    UnaryOperator::Neg => {
                        v.as_number().map_or(Value::UNKNOWN, |n| Value::Number(-n))
                    }
                }
            }
            Expression::BinaryOp(op) => self.binary(
                m,
                &op.lhs_expr,
                *op.operator.value(),
                &op.rhs_expr,
                scope,
                d,
            ),
            Expression::ForExpr(f) => self.for_expr(m, f, scope, d),
        }
    }

    fn binary(
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
                    return Value::UNKNOWN;
                };
                match op {
                    Plus => Value::Number(a + b),
                    Minus => Value::Number(a - b),
                    Mul => Value::Number(a * b),
                    Div if b != 0.0 => Value::Number(a / b),
                    Mod if b != 0.0 => Value::Number(a % b),
                    Less => Value::Bool(a < b),
                    LessEq => Value::Bool(a <= b),
                    Greater => Value::Bool(a > b),
                    GreaterEq => Value::Bool(a >= b),
                    _ => Value::UNKNOWN,
                }
            }
        }
    }

    fn template(&self, m: &ModuleInstance, t: &Template, scope: &Scope, d: usize) -> Value {
        let elements: Vec<&Element> = t.iter().collect();
        // `"${x}"` is x itself, not its string form: identities survive.
        if let [Element::Interpolation(i)] = elements.as_slice() {
            return self.eval_at(m, &i.expr, scope, d);
        }
        let mut out = String::new();
        for element in elements {
            match element {
                Element::Literal(lit) => out.push_str(lit.as_str()),
                Element::Interpolation(i) => match self.eval_at(m, &i.expr, scope, d).as_string() {
                    Some(s) => out.push_str(&s),
                    None => return Value::UNKNOWN,
                },
                Element::Directive(directive) => match &**directive {
                    Directive::If(ifd) => {
                        let cond = self.eval_at(m, &ifd.if_expr.cond_expr, scope, d);
                        let branch = match cond.as_bool() {
                            Some(true) => Some(&ifd.if_expr.template),
                            Some(false) => ifd.else_expr.as_ref().map(|e| &e.template),
                            None => return Value::UNKNOWN,
                        };
                        if let Some(branch) = branch {
                            match self.template_string(m, branch, scope, d) {
                                Some(s) => out.push_str(&s),
                                None => return Value::UNKNOWN,
                            }
                        }
                    }
                    Directive::For(_) => return Value::UNKNOWN,
                },
            }
        }
        Value::string(out)
    }

    fn template_string(
        &self,
        m: &ModuleInstance,
        t: &Template,
        scope: &Scope,
        d: usize,
    ) -> Option<Rc<str>> {
        self.template(m, t, scope, d).as_string()
    }

    fn for_expr(
        &self,
        m: &ModuleInstance,
        f: &hcl_edit::expr::ForExpr,
        scope: &Scope,
        d: usize,
    ) -> Value {
        let collection = self.eval_at(m, &f.intro.collection_expr, scope, d);
        let pairs: Vec<(Value, Value)> = match &collection {
            // A set's elements are their own keys.
            Value::Set(items) => items.iter().map(|v| (v.clone(), v.clone())).collect(),
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| (Value::string(k.as_str()), v.clone()))
                .collect(),
            _ => return Value::UNKNOWN,
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
                match self.eval_at(m, &cond.expr, &inner, d).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::UNKNOWN,
                }
            }
            let value = self.eval_at(m, &f.value_expr, &inner, d);
            match &f.key_expr {
                Some(key_expr) => {
                    let Some(key) = self.eval_at(m, key_expr, &inner, d).as_string() else {
                        return Value::UNKNOWN;
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
    fn variable(&self, _m: &ModuleInstance, name: &str, scope: &Scope) -> Value {
        scope.binding(name).cloned().unwrap_or(Value::UNKNOWN)
    }

    fn traversal(
        &self,
        m: &ModuleInstance,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
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
        ops: &[hcl_edit::Decorated<TraversalOperator>],
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
        ops: &[hcl_edit::Decorated<TraversalOperator>],
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

    /// The instances of resource `idx`, memoised.
    pub fn instances(&self, m: &ModuleInstance, idx: usize) -> Rc<Instances> {
        if let Some(slot) = m.instances.borrow().get(&idx) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => Rc::new(Instances::Unknown(
                    "count or for_each refers to itself".into(),
                )),
            };
        }
        m.instances.borrow_mut().insert(idx, Slot::InProgress);
        let resource = &m.config.resources[idx];
        let result = Rc::new(self.expand(
            m,
            resource.count.as_ref(),
            resource.for_each.as_ref(),
            &Scope::default(),
        ));
        m.instances
            .borrow_mut()
            .insert(idx, Slot::Done(result.clone()));
        result
    }

    /// Expands `count` / `for_each` into instances.
    pub fn expand(
        &self,
        m: &ModuleInstance,
        count: Option<&Expr>,
        for_each: Option<&Expr>,
        scope: &Scope,
    ) -> Instances {
        if let Some(count) = count {
            let v = self.eval(m, &count.expr, scope);
            return match v.as_number() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 100_000.0 => Instances::Known(
                    (0..n as usize)
                        .map(|i| Instance {
                            key: Some(InstanceKey::Index(i)),
                            count_index: Some(i),
                            each: None,
                        })
                        .collect(),
                ),
                _ => Instances::Unknown(format!("count = {} could not be resolved", count.text())),
            };
        }
        if let Some(for_each) = for_each {
            let v = self.eval(m, &for_each.expr, scope);
            let reason = || {
                Instances::Unknown(format!(
                    "for_each = {} could not be resolved",
                    for_each.text()
                ))
            };
            if !v.is_wholly_known() && !matches!(v, Value::Map(_)) {
                return reason();
            }
            return match v {
                Value::Map(entries) => Instances::Known(
                    entries
                        .iter()
                        .map(|(k, v)| Instance {
                            key: Some(InstanceKey::Key(k.clone())),
                            count_index: None,
                            each: Some((Value::string(k.as_str()), v.clone())),
                        })
                        .collect(),
                ),
                Value::List(_) => Instances::Unknown(format!(
                    "for_each = {} is a list; Terraform requires a map or a set (toset(...))",
                    for_each.text()
                )),
                Value::Set(items) => {
                    let mut keys: Vec<Rc<str>> = Vec::new();
                    for item in items.iter() {
                        match item {
                            Value::String(s) => keys.push(s.clone()),
                            _ => return reason(),
                        }
                    }
                    Instances::Known(
                        keys.into_iter()
                            .map(|k| Instance {
                                key: Some(InstanceKey::Key(k.to_string())),
                                count_index: None,
                                each: Some((Value::String(k.clone()), Value::String(k))),
                            })
                            .collect(),
                    )
                }
                _ => reason(),
            };
        }
        Instances::Known(vec![Instance {
            key: None,
            count_index: None,
            each: None,
        }])
    }

    /// `TYPE.NAME[key].attr...`: selects the instance, then the attribute.
    fn resource_value(
        &self,
        m: &ModuleInstance,
        idx: usize,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
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

    /// One attribute of one resource instance. IAM user names fall back to
    /// the user's identity, so that keys referring to the same user resource
    /// are known to share a user even when its name is not known.
    pub fn resource_attr(
        &self,
        m: &ModuleInstance,
        idx: usize,
        instance: &Instance,
        attr: &str,
    ) -> Value {
        let resource = &m.config.resources[idx];
        let scope = Scope::of(instance);
        let is_user = resource.mode == Mode::Managed && resource.rtype == "aws_iam_user";
        let source_attr = match (resource.mode, resource.rtype.as_str(), attr) {
            (Mode::Managed, "aws_iam_user", "name" | "id") => "name",
            (Mode::Managed, "aws_iam_user", _) => return Value::UNKNOWN,
            (Mode::Data, "aws_iam_user", "user_name") => "user_name",
            (Mode::Data, "aws_iam_user", _) => return Value::UNKNOWN,
            (_, _, a) => a,
        };
        let value = match resource.attrs.get(source_attr) {
            Some(expr) => self.eval(m, &expr.expr, &scope),
            None => Value::UNKNOWN,
        };
        match value {
            Value::String(_) => value,
            _ if is_user => {
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

    /// `module.NAME[key].OUTPUT`.
    fn module_output(
        &self,
        m: &ModuleInstance,
        call: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
        d: usize,
    ) -> (Value, usize) {
        let children = self.children(m, call);
        let ChildCalls::Known(list) = &*children else {
            return (Value::UNKNOWN, ops.len() + 1);
        };
        let keyed = list.first().is_some_and(|(k, _)| k.is_some()) || list.is_empty();
        let (child, used) = if keyed {
            let key = match ops.first().map(|o| &**o) {
                Some(TraversalOperator::Index(e)) => self.eval_at(m, e, scope, d),
                Some(TraversalOperator::LegacyIndex(n)) => Value::Number(**n as f64),
                _ => return (Value::UNKNOWN, ops.len() + 1),
            };
            match list
                .iter()
                .find(|(k, _)| k.as_ref().is_some_and(|k| k.matches(&key)))
            {
                Some((_, child)) => (child.clone(), 1),
                None => return (Value::UNKNOWN, ops.len() + 1),
            }
        } else {
            match list.first() {
                Some((_, child)) => (child.clone(), 0),
                None => return (Value::UNKNOWN, ops.len() + 1),
            }
        };
        match ops.get(used).map(|o| &**o) {
            Some(TraversalOperator::GetAttr(output)) => {
                let value = match child.config.outputs.get(output.as_str()) {
                    Some(expr) => self.eval(&child, &expr.expr, &Scope::default()),
                    None => Value::UNKNOWN,
                };
                (value, used + 2)
            }
            _ => (Value::UNKNOWN, ops.len() + 1),
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
        let instances = match self.expand(
            m,
            call.count.as_ref(),
            call.for_each.as_ref(),
            &Scope::default(),
        ) {
            Instances::Known(list) => list,
            Instances::Unknown(reason) => return ChildCalls::Opaque(reason),
        };
        let mut children = Vec::with_capacity(instances.len());
        for instance in instances {
            let suffix = instance
                .key
                .as_ref()
                .map(InstanceKey::suffix)
                .unwrap_or_default();
            let path = format!("{}module.{}{}.", m.path, call.name, suffix);
            let scope = Scope::of(&instance);
            let args: HashMap<&str, Value> = call
                .args
                .iter()
                .map(|(k, e)| (k.as_str(), self.eval(m, &e.expr, &scope)))
                .collect();
            let vars = self.module_vars(&config, &path, |name| args.get(name).cloned());
            let mut via = m.via.clone();
            via.push(call.location.clone());
            children.push((
                instance.key,
                Rc::new(ModuleInstance::new(
                    config.clone(),
                    path,
                    key.clone(),
                    via,
                    vars,
                    m.depth + 1,
                )),
            ));
        }
        ChildCalls::Known(children)
    }

    /// Values of a module's variables: given values (converted to the
    /// declared type), else defaults, else unknown with the variable's identity.
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
            let value = match given(name) {
                Some(Value::Null) | None => variable
                    .default
                    .as_ref()
                    .map(|d| self.eval(&constants, &d.expr, &Scope::default())),
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

/// Converts a value to a variable's declared type, as Terraform does for
/// inputs: primitives convert from strings, `optional(type, default)` object
/// attributes get their defaults, sets are deduplicated and sorted.
pub fn convert(
    ev: &Evaluator<'_>,
    constants: &ModuleInstance,
    value: Value,
    type_expr: Option<&Expression>,
) -> Value {
    let Some(type_expr) = type_expr else {
        return value;
    };
    if value.is_unknown() || value == Value::Null {
        return value;
    }
    match type_expr {
        Expression::Variable(name) => match name.as_str() {
            "string" => value.as_string().map_or(value, Value::String),
            "number" => value.as_number().map_or(value, Value::Number),
            "bool" => value.as_bool().map_or(value, Value::Bool),
            _ => value,
        },
        Expression::FuncCall(call) => {
            let args: Vec<&Expression> = call.args.iter().collect();
            match (call.name.name.as_str(), args.as_slice(), &value) {
                ("list" | "set", [elem], Value::List(items) | Value::Set(items)) => {
                    let items: Vec<Value> = items
                        .iter()
                        .map(|v| convert(ev, constants, v.clone(), Some(elem)))
                        .collect();
                    if call.name.name.as_str() == "set" {
                        Value::set(items)
                    } else {
                        Value::list(items)
                    }
                }
                ("map", [elem], Value::Map(entries)) => Value::map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), convert(ev, constants, v.clone(), Some(elem))))
                        .collect(),
                ),
                ("object", [Expression::Object(attrs)], Value::Map(entries)) => {
                    let mut out = BTreeMap::new();
                    for (key, attr_type) in attrs.iter() {
                        let key = match key {
                            ObjectKey::Ident(i) => i.as_str().to_owned(),
                            ObjectKey::Expression(e) => match e.as_str() {
                                Some(s) => s.to_owned(),
                                None => continue,
                            },
                        };
                        let attr_type = attr_type.expr();
                        let given = entries.get(&key).cloned();
                        let value = match (given, optional_parts(attr_type)) {
                            (Some(v), (ty, _)) if v != Value::Null => {
                                convert(ev, constants, v, Some(ty))
                            }
                            (_, (ty, Some(default))) => convert(
                                ev,
                                constants,
                                ev.eval(constants, default, &Scope::default()),
                                Some(ty),
                            ),
                            _ => Value::Null,
                        };
                        out.insert(key, value);
                    }
                    Value::map(out)
                }
                _ => value,
            }
        }
        _ => value,
    }
}

/// `optional(type, default)` → (type, default); any other type → (itself, None).
fn optional_parts(type_expr: &Expression) -> (&Expression, Option<&Expression>) {
    if let Expression::FuncCall(call) = type_expr
        && call.name.name.as_str() == "optional"
    {
        let mut args = call.args.iter();
        if let Some(ty) = args.next() {
            return (ty, args.next());
        }
    }
    (type_expr, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::terraform::config::parse_module_text;

    /// Evaluates `expr` in a module made of `module_text`, whose variables
    /// take their defaults (or stay unknown).
    fn eval_in(module_text: &str, expr: &str) -> Value {
        let loader = Loader::default();
        let config = Arc::new(parse_module_text(module_text));
        let ev = Evaluator {
            loader: &loader,
            root: config.clone(),
            errors: RefCell::default(),
            reentry: Default::default(),
        };
        let vars = ev.module_vars(&config, "", |_| None);
        let m = ModuleInstance::new(config, String::new(), String::new(), Vec::new(), vars, 0);
        let expr = hcl_edit::parser::parse_expr(expr).expect("expression parses");
        ev.eval(&m, &expr, &Scope::default())
    }

    const VARS: &str = r#"
variable "unknown" {}
variable "yes" { default = "yes" }
variable "flag" {
  type    = bool
  default = "true"
}
variable "opts" {
  type = object({ name = string, status = optional(string, "Active") })
  default = { name = "n" }
}
locals {
  a = local.b
  b = local.a
  name = "${var.yes}-user"
}
resource "aws_iam_user" "known" { name = "kim" }
resource "aws_iam_user" "unnamed" { name = var.unknown }
resource "aws_iam_user" "many" {
  count = 2
  name  = "u${count.index}"
}
"#;

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn three_valued_logic_short_circuits() {
        assert_eq!(eval_in(VARS, "false && var.unknown"), Value::Bool(false));
        assert_eq!(eval_in(VARS, "var.unknown && false"), Value::Bool(false));
        assert_eq!(eval_in(VARS, "true || var.unknown"), Value::Bool(true));
        assert_eq!(eval_in(VARS, "true && var.unknown"), Value::UNKNOWN);
        assert_eq!(eval_in(VARS, "var.unknown == \"x\""), Value::UNKNOWN);
        assert_eq!(
            eval_in(VARS, "var.yes == \"yes\" ? 1 : 0"),
            Value::Number(1.0)
        );
    }

    #[test]
    fn unknown_condition_with_equal_branches_is_known() {
        assert_eq!(eval_in(VARS, "var.unknown ? 1 : 1"), Value::Number(1.0));
        assert_eq!(eval_in(VARS, "var.unknown ? 1 : 0"), Value::UNKNOWN);
    }

    #[test]
    fn identities_survive_only_plain_references() {
        assert_eq!(
            eval_in(VARS, "var.unknown"),
            Value::unknown_as("var.unknown")
        );
        assert_eq!(
            eval_in(VARS, "\"${var.unknown}\""),
            Value::unknown_as("var.unknown")
        );
        assert_eq!(eval_in(VARS, "\"${var.unknown}-x\""), Value::UNKNOWN);
        assert_eq!(eval_in(VARS, "lower(var.unknown)"), Value::UNKNOWN);
    }

    #[test]
    fn user_resources_resolve_to_names_or_identities() {
        assert_eq!(eval_in(VARS, "aws_iam_user.known.name"), s("kim"));
        assert_eq!(eval_in(VARS, "aws_iam_user.known.id"), s("kim"));
        assert_eq!(eval_in(VARS, "aws_iam_user.known.arn"), Value::UNKNOWN);
        assert_eq!(
            eval_in(VARS, "aws_iam_user.unnamed.name"),
            Value::unknown_as("aws_iam_user.unnamed")
        );
        assert_eq!(eval_in(VARS, "aws_iam_user.many[1].name"), s("u1"));
        // no such instance, or a counted resource used without an index
        assert_eq!(eval_in(VARS, "aws_iam_user.many[5].name"), Value::UNKNOWN);
        assert_eq!(eval_in(VARS, "aws_iam_user.many.name"), Value::UNKNOWN);
    }

    #[test]
    fn locals_templates_and_cycles() {
        assert_eq!(eval_in(VARS, "local.name"), s("yes-user"));
        assert_eq!(eval_in(VARS, "local.a"), Value::UNKNOWN);
    }

    #[test]
    fn variable_types_convert_and_fill_optional_defaults() {
        assert_eq!(eval_in(VARS, "var.flag"), Value::Bool(true));
        assert_eq!(eval_in(VARS, "var.opts.status"), s("Active"));
        assert_eq!(eval_in(VARS, "var.opts.name"), s("n"));
    }

    #[test]
    fn for_expressions_and_splats() {
        assert_eq!(
            eval_in(VARS, "[for s in [\"a\", \"b\"] : upper(s) if s != \"b\"]"),
            Value::list(vec![s("A")])
        );
        let map = eval_in(VARS, "{ for k, v in { x = 1 } : v => k }");
        assert_eq!(
            map,
            Value::map([("1".to_string(), s("x"))].into_iter().collect())
        );
        assert_eq!(
            eval_in(VARS, "[{ n = 1 }, { n = 2 }][*].n"),
            Value::list(vec![Value::Number(1.0), Value::Number(2.0)])
        );
        assert_eq!(eval_in(VARS, "[for s in var.unknown : s]"), Value::UNKNOWN);
    }

    #[test]
    fn deep_nesting_evaluates_within_the_parser_limit() {
        let deep = format!("{}1{}", "(".repeat(60), ")".repeat(60));
        assert_eq!(eval_in(VARS, &deep), Value::Number(1.0));
    }

    #[test]
    fn long_chains_of_locals_are_unknown_not_a_stack_overflow() {
        let mut text = String::from("locals {\n  l0 = \"end\"\n");
        for i in 1..5000 {
            text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
        }
        text.push_str("}\n");
        assert_eq!(eval_in(&text, "local.l10"), Value::string("end"));
        assert_eq!(eval_in(&text, "local.l4999"), Value::UNKNOWN);
    }
}
