//! Evaluation of Terraform expressions within module instances.
//!
//! Everything is lazy and memoised: a local, a resource's instances or a child
//! module is evaluated the first time something refers to it. Cycles and
//! anything not statically knowable evaluate to [`Value::Unknown`].
//!
//! This file holds the evaluator's state and the expression dispatch; each
//! concern is a file of its own: `expressions` (operators, conditionals,
//! calls, `for`), `templates`, `references` (variables, locals,
//! resource attributes, splats), `instances` (`count` / `for_each`),
//! `modules` (child module instances and their outputs) and [`convert`]
//! (type conversion of inputs).

mod convert;
mod expressions;
mod instances;
mod modules;
mod providers;
mod references;
mod templates;
#[cfg(test)]
pub(crate) mod tests;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use hcl_edit::expr::Expression;

use super::budget;
use super::config::{Mode, ModuleConfig, Resource};
use super::loader::Loader;
use super::value::{Number, Value};
use crate::error::InputError;
use crate::source::Location;

pub use convert::convert;
pub use providers::ResolvedProvider;

/// Deeper expressions than this evaluate to unknown rather than risk the stack.
pub(super) const MAX_DEPTH: usize = 128;
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
    /// The instance for any one element of a collection that is not known
    /// (see [`Instances::Every`]): `binding` is the identity of its
    /// `each.key` or `count.index`, `shown` how addresses write it.
    Every {
        /// The identity of the element's key or index.
        binding: Rc<str>,
        /// `each.key` or `count.index`.
        shown: &'static str,
    },
}

impl InstanceKey {
    /// The address suffix, `[0]`, `["a"]` or `[each.key]`.
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", serde_json::Value::String(k.clone())),
            InstanceKey::Every { shown, .. } => format!("[{shown}]"),
        }
    }

    /// Whether this is the instance standing for every element.
    pub fn is_every(&self) -> bool {
        matches!(self, InstanceKey::Every { .. })
    }

    fn matches(&self, v: &Value) -> bool {
        match (self, v) {
            (InstanceKey::Index(i), v) => v.as_number().and_then(|n| n.to_i64()) == Some(*i as i64),
            (InstanceKey::Key(k), Value::String(s)) => **k == **s,
            (InstanceKey::Every { binding, .. }, Value::Unknown(Some(id))) => binding == id,
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
    /// `count.index` of the instance for any element of a count that is
    /// not known: its identity.
    pub every_index: Option<Rc<str>>,
}

/// The instances of a block, or why they are not known.
#[derive(Debug, Clone)]
pub enum Instances {
    /// The instances, possibly none (`count = 0`).
    Known(Vec<Instance>),
    /// A `count` or `for_each` whose value is not known (a variable without
    /// a value): one instance that stands for each element, whose
    /// `each.key`, `each.value` or `count.index` are unknowns with
    /// identities of their own, so that blocks over the same collection
    /// meet element by element.
    Every(Instance, Vec<crate::model::Quantifier>),
    /// `count` / `for_each` could not be resolved; the reason says which.
    Unknown(String),
}

/// Names visible to an expression besides the module's own.
#[derive(Clone, Default)]
pub struct Scope {
    count_index: Option<usize>,
    every_index: Option<Rc<str>>,
    each: Option<(Value, Value)>,
    bindings: Vec<(String, Value)>,
}

impl Scope {
    /// The scope of one instance of a block.
    pub fn of(instance: &Instance) -> Self {
        Scope {
            count_index: instance.count_index,
            every_index: instance.every_index.clone(),
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

/// A memoised value, or the mark that it is being computed (a cycle when
/// met again).
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
    /// The collections this instance ranges over: a module call whose
    /// `count` or `for_each` is not known stands for each of its elements.
    pub every: Vec<crate::model::Quantifier>,
    depth: usize,
    /// Provider configurations the caller passed (or its defaults), by the
    /// names this module uses.
    inherited: HashMap<String, ResolvedProvider>,
    providers: RefCell<HashMap<String, ResolvedProvider>>,
    /// Variables whose values keylint must not show: declared sensitive,
    /// given a value derived from a sensitive one, or given at run time.
    var_taints: HashMap<String, Taint>,
    /// Locals, with whether each is derived from a sensitive value.
    locals: RefCell<HashMap<String, Slot<(Value, Taint)>>>,
    instances: RefCell<HashMap<usize, Slot<Rc<Instances>>>>,
    children: RefCell<HashMap<String, Slot<Rc<ChildCalls>>>>,
    /// Resource arguments by resource, instance key and argument name, with
    /// whether each is derived from a sensitive value: a chain of resources
    /// each reading the previous one twice must cost n evaluations, not 2^n.
    arguments: RefCell<HashMap<ArgumentKey, Slot<(Value, Taint)>>>,
}

/// A resource's index, an instance's key suffix (`[0]`, `["a"]`, or empty)
/// and an argument's name.
type ArgumentKey = (usize, String, String);

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
            every: Vec::new(),
            depth,
            inherited: HashMap::new(),
            var_taints: HashMap::new(),
            providers: RefCell::default(),
            locals: RefCell::default(),
            instances: RefCell::default(),
            children: RefCell::default(),
            arguments: RefCell::default(),
        }
    }

    /// This instance, standing for one element of each of these collections.
    pub fn with_every(mut self, every: Vec<crate::model::Quantifier>) -> Self {
        self.every = every;
        self
    }

    /// This instance with these variables' values tainted.
    pub fn with_var_taints(mut self, taints: HashMap<String, Taint>) -> Self {
        self.var_taints = taints;
        self
    }

    /// This instance with the provider configurations its caller gives it.
    pub fn with_providers(mut self, inherited: HashMap<String, ResolvedProvider>) -> Self {
        self.inherited = inherited;
        self
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
    /// What resource attributes evaluate to beyond their arguments.
    pub attributes: &'l dyn Attributes,
    /// The root module of this configuration.
    pub root: Arc<ModuleConfig>,
    /// Errors met while reading child modules.
    pub errors: RefCell<Vec<InputError>>,
    /// How many evaluations are under way inside each other (a local that
    /// refers to a local that refers to ...), to bound the stack.
    pub reentry: std::cell::Cell<usize>,
    /// What was read since the last [`Evaluator::eval_marked`] began:
    /// whatever is derived from a sensitive or given value is tainted, and
    /// keylint must not show it.
    taint: std::cell::Cell<Taint>,
}

/// Why a value must not be shown: what it is derived from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Taint {
    /// A sensitive value, as Terraform marks them (a `sensitive = true`
    /// variable or output, `sensitive(...)`): Terraform refuses it as
    /// `for_each` keys.
    pub sensitive: bool,
    /// A value given at run time (`TF_VAR_*`, `--var`, `--var-file`),
    /// where CI passes secrets: not sensitive to Terraform, but not shown.
    pub given: bool,
}

impl Taint {
    /// Derived from a sensitive value.
    pub const SENSITIVE: Taint = Taint {
        sensitive: true,
        given: false,
    };
    /// Derived from a value given at run time.
    pub const GIVEN: Taint = Taint {
        sensitive: false,
        given: true,
    };

    /// Whether the value must not be shown.
    pub fn hidden(self) -> bool {
        self.sensitive || self.given
    }

    /// Derived from both.
    pub fn union(self, other: Taint) -> Taint {
        Taint {
            sensitive: self.sensitive || other.sensitive,
            given: self.given || other.given,
        }
    }
}

/// What a resource attribute evaluates to, as the provider defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute<'a> {
    /// The value of the argument of this name, as written (most attributes
    /// echo their argument).
    Argument(&'a str),
    /// The argument of this name; when that is not a known string, an
    /// unknown carrying the instance's identity, so that two references to
    /// the same instance are known to be equal (a user's `name`).
    Identifying(&'a str),
    /// Not known before apply.
    Unknown,
}

/// The front-end's knowledge of the provider: what resource attributes
/// evaluate to. The evaluator itself knows no resource type.
pub trait Attributes {
    /// What attribute `attr` of a `resource` block evaluates to.
    fn attribute<'a>(&self, mode: Mode, rtype: &str, attr: &'a str) -> Attribute<'a>;

    /// Attributes that are not arguments but are known from them (a user's
    /// `id` is its name), listed in a resource instance used as an object.
    fn echoed(&self, _mode: Mode, _rtype: &str) -> &'static [&'static str] {
        &[]
    }
}

/// Every attribute is its argument: a provider nothing is known about.
pub struct PlainAttributes;

impl Attributes for PlainAttributes {
    fn attribute<'a>(&self, _mode: Mode, _rtype: &str, attr: &'a str) -> Attribute<'a> {
        Attribute::Argument(attr)
    }
}

impl<'l> Evaluator<'l> {
    /// An evaluator for the configuration whose root module is `root`.
    pub fn new(
        loader: &'l Loader,
        root: Arc<ModuleConfig>,
        attributes: &'l dyn Attributes,
    ) -> Self {
        Evaluator {
            loader,
            attributes,
            root,
            errors: RefCell::default(),
            reentry: std::cell::Cell::default(),
            taint: std::cell::Cell::default(),
        }
    }

    /// Evaluates an expression, and says whether its value is derived from
    /// a sensitive one (a `sensitive = true` variable or output, or
    /// `sensitive(...)`). Errs on the side of sensitive: any sensitive value
    /// read on the way counts, even one that does not reach the result.
    pub fn eval_marked(
        &self,
        m: &ModuleInstance,
        expr: &Expression,
        scope: &Scope,
    ) -> (Value, Taint) {
        self.marked(|| self.eval(m, expr, scope))
    }

    /// Runs `f` in a fresh taint window: the result, and what tainted
    /// values `f` read. The enclosing window is left as it was.
    pub(super) fn marked<T>(&self, f: impl FnOnce() -> T) -> (T, Taint) {
        let outer = self.taint.replace(Taint::default());
        let value = f();
        (value, self.taint.replace(outer))
    }

    /// Notes that a tainted value was read.
    pub(super) fn read_taint(&self, taint: Taint) {
        self.taint.set(self.taint.get().union(taint));
    }

    /// Evaluates an expression in a module instance and scope.
    pub fn eval(&self, m: &ModuleInstance, expr: &Expression, scope: &Scope) -> Value {
        let depth = self.reentry.get();
        if depth >= MAX_REENTRY {
            budget::spend("references followed inside each other more than 64 deep");
            return Value::UNKNOWN;
        }
        self.reentry.set(depth + 1);
        let value = self.eval_at(m, expr, scope, 0);
        self.reentry.set(depth);
        value
    }

    fn eval_at(&self, m: &ModuleInstance, expr: &Expression, scope: &Scope, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            budget::spend("expressions nested more than 128 deep");
            return Value::UNKNOWN;
        }
        if !budget::step() {
            return Value::UNKNOWN;
        }
        let d = depth + 1;
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(**b),
            Expression::Number(n) => literal_number(n),
            Expression::String(s) => Value::string(s.as_str()),
            Expression::Array(items) => {
                let values: Vec<Value> =
                    items.iter().map(|e| self.eval_at(m, e, scope, d)).collect();
                match values.iter().find(|v| matches!(v, Value::Error(_))) {
                    Some(error) => error.clone(),
                    None => Value::list(values),
                }
            }
            Expression::Object(object) => self.object(m, object, scope, d),
            Expression::StringTemplate(t) => self.template(m, t, scope, d),
            Expression::HeredocTemplate(h) => self.template(m, &h.template, scope, d),
            Expression::Parenthesis(p) => self.eval_at(m, p.inner(), scope, d),
            Expression::Variable(v) => self.variable(m, v.as_str(), scope),
            Expression::Conditional(c) => self.conditional(m, c, scope, d),
            Expression::FuncCall(call) => self.call(m, call, scope, d),
            Expression::Traversal(t) => self.traversal(m, &t.expr, &t.operators, scope, d),
            Expression::UnaryOp(op) => self.unary(m, op, scope, d),
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
}

/// A number literal, read from its text as Terraform reads it (512 bits);
/// unknown when keylint does not compute with it (too long or too large).
fn literal_number(n: &hcl_edit::Formatted<hcl_edit::Number>) -> Value {
    let text = n
        .as_repr()
        .map_or_else(|| n.value().to_string(), |raw| raw.to_string());
    // A negative literal's text keeps what came between `-` and digits.
    let number = match text.strip_prefix('-') {
        Some(magnitude) => Number::parse(magnitude.trim()).map(|n| n.neg()),
        None => Number::parse(&text),
    };
    number.map_or(Value::UNKNOWN, Value::Number)
}
