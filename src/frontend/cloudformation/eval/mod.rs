//! Evaluation of intrinsic functions and conditions against parameter
//! defaults.
//!
//! Evaluation never guesses: whatever is only known at deploy time (pseudo
//! parameters, resource attributes, imports, dynamic references, parameters
//! without a default) makes the result [`Value::Unknown`], with a reason that
//! `--verbose` can show. Recursion follows the document tree, which the
//! readers bound; a depth guard bounds it again, because condition references
//! can chain without nesting in the document.

mod conditions;
mod functions;
#[cfg(test)]
mod tests;
mod values;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::tree::{AMBIGUOUS_MERGE, Node, NodeValue as N};
use values::{describe, get_att_name, known_string, literal, parameter_value};

/// Deepest evaluation accepted; real templates nest a handful of levels.
const MAX_EVAL_DEPTH: usize = 200;
/// Most evaluation steps for one template: far more than a real template
/// takes (each step is one node; variables and conditions are evaluated
/// once), and a bound on the work a hostile one can cause.
const MAX_EVAL_STEPS: usize = 1_000_000;
/// Longest string evaluation may build, so that joins and substitutions of
/// large defaults cannot multiply memory use.
const MAX_STRING: usize = 1024 * 1024;

/// The value of an expression, as far as it is known before deployment.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A known string (numbers and booleans are strings once deployed).
    Str(String),
    /// A list.
    List(Vec<Value>),
    /// `Ref` to the resource with this logical id.
    Resource(String),
    /// `Ref: AWS::NoValue` or null: the property is removed.
    Absent,
    /// A mapping or another present value that is not a string.
    Structured,
    /// Not known before deployment, with the reason.
    Unknown(String),
}

/// `template` when each of its placeholders is a loop variable standing for
/// each value of an unknown collection (the logical id of that loop's copy,
/// which keeps its placeholders), else `None`.
fn every_copy<'a>(template: &'a str, env: &Env) -> Option<&'a str> {
    let mut rest = template;
    let mut any = false;
    while let Some(start) = rest.find("${") {
        let end = rest[start..].find('}')? + start;
        env.every(&rest[start + 2..end])?;
        any = true;
        rest = &rest[end + 1..];
    }
    any.then_some(template)
}

/// The three-valued result of a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Truth {
    /// Known to hold.
    True,
    /// Known not to hold.
    False,
    /// Not known before deployment, with the reason.
    Unknown(String),
}

impl Truth {
    fn from_bool(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }

    fn not(self) -> Self {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            unknown => unknown,
        }
    }
}

/// Values bound by enclosing `Fn::ForEach` loops. A persistent list, so
/// that every expanded resource can hold its loop variables without copying
/// them (nested loops would otherwise copy them once per copy).
#[derive(Debug, Clone, Default)]
pub struct Env(Option<Rc<Binding>>);

#[derive(Debug)]
struct Binding {
    identifier: String,
    value: String,
    /// For a loop over a collection that is not known: the loop (its key,
    /// `Fn::ForEach::Users`), whose one copy stands for each value.
    every: Option<String>,
    outer: Env,
}

impl Env {
    /// This environment with `identifier` bound to `value`.
    pub fn bind(&self, identifier: &str, value: &str) -> Env {
        Env(Some(Rc::new(Binding {
            identifier: identifier.to_owned(),
            value: value.to_owned(),
            every: None,
            outer: self.clone(),
        })))
    }

    /// This environment with `identifier` standing for each value of the
    /// collection of loop `every`, which is not known.
    pub fn bind_every(&self, identifier: &str, every: &str) -> Env {
        Env(Some(Rc::new(Binding {
            identifier: identifier.to_owned(),
            value: String::new(),
            every: Some(every.to_owned()),
            outer: self.clone(),
        })))
    }

    /// The loop whose unknown collection the innermost binding of
    /// `identifier` ranges over, if it does.
    pub fn every(&self, identifier: &str) -> Option<&str> {
        self.bindings()
            .find(|b| b.identifier == identifier)
            .and_then(|b| b.every.as_deref())
    }

    /// The loops over unknown collections in scope, outermost first.
    pub fn loops(&self) -> Vec<&str> {
        let mut loops: Vec<&str> = self.bindings().filter_map(|b| b.every.as_deref()).collect();
        loops.reverse();
        loops
    }

    fn bindings(&self) -> impl Iterator<Item = &Binding> {
        std::iter::successors(self.0.as_deref(), |b| b.outer.0.as_deref())
    }

    /// Whether no loop variable is bound.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The known bindings as (identifier, value), innermost first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bindings()
            .filter(|b| b.every.is_none())
            .map(|b| (b.identifier.as_str(), b.value.as_str()))
    }

    /// The value of the innermost binding of `identifier`, when known.
    pub fn get(&self, identifier: &str) -> Option<&str> {
        let binding = self.bindings().find(|b| b.identifier == identifier)?;
        binding.every.is_none().then_some(binding.value.as_str())
    }
}

enum Memo {
    InProgress,
    Done(Truth),
}

/// Evaluates expressions of one template.
pub struct Evaluator<'t> {
    parameters: HashMap<&'t str, &'t Node>,
    given: &'t HashMap<String, String>,
    mappings: Option<&'t Node>,
    conditions: HashMap<&'t str, &'t Node>,
    resources: HashMap<String, String>,
    memo: RefCell<HashMap<String, Memo>>,
    depth: Cell<usize>,
    steps: Cell<usize>,
    /// The first limit passed, if one was: the template is then an error.
    spent: Cell<Option<&'static str>>,
    /// Whether what was evaluated since the last [`Evaluator::eval_marked`]
    /// began read a `NoEcho` parameter.
    sensitive: Cell<bool>,
    /// Parameters a parent stack gives values not known before deployment,
    /// with the reason.
    unknown_given: HashMap<String, String>,
    /// Parameters a parent stack gives sensitive values.
    sensitive_given: HashSet<String>,
}

/// Decrements the evaluation depth when an evaluation step returns.
struct DepthGuard<'a>(&'a Cell<usize>);

impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// Whether a parameter says `NoEcho: true` (CloudFormation also reads the
/// string `"true"`, in any case).
fn is_no_echo(parameter: &Node) -> bool {
    parameter
        .get("NoEcho")
        .and_then(|n| n.scalar_text())
        .is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

fn section<'t>(root: &'t Node, name: &str) -> HashMap<&'t str, &'t Node> {
    root.get(name)
        .and_then(Node::as_map)
        .map(|entries| entries.iter().map(|(k, v)| (k.text.as_str(), v)).collect())
        .unwrap_or_default()
}

impl<'t> Evaluator<'t> {
    /// An evaluator over the `Parameters`, `Mappings` and `Conditions` of
    /// the template `root`, with parameter values `given` at deploy time
    /// (they override defaults). Resources are added with [`Self::add_resource`].
    pub fn new(root: &'t Node, given: &'t HashMap<String, String>) -> Self {
        Evaluator {
            parameters: section(root, "Parameters"),
            given,
            mappings: root.get("Mappings"),
            conditions: section(root, "Conditions"),
            resources: HashMap::new(),
            memo: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            steps: Cell::new(0),
            spent: Cell::new(None),
            sensitive: Cell::new(false),
            unknown_given: HashMap::new(),
            sensitive_given: HashSet::new(),
        }
    }

    /// This evaluator for a nested stack, whose parent gives the parameters
    /// in `unknown` values not known before deployment (with the reason),
    /// and those in `sensitive` sensitive ones.
    pub fn with_parent_values(
        mut self,
        unknown: HashMap<String, String>,
        sensitive: HashSet<String>,
    ) -> Self {
        self.unknown_given = unknown;
        self.sensitive_given = sensitive;
        self
    }

    /// Evaluates `node`, and says whether its value is derived from a
    /// `NoEcho` parameter (whose value must not be shown).
    pub fn eval_marked(&self, node: &Node, env: &Env) -> (Value, bool) {
        let outer = self.sensitive.replace(false);
        let value = self.eval(node, env);
        (value, self.sensitive.replace(outer))
    }

    /// The byte ranges of the defaults of `NoEcho` parameters: secrets
    /// written in the template, never to be quoted.
    pub fn no_echo_defaults(&self) -> Vec<std::ops::Range<usize>> {
        self.parameters
            .values()
            .filter(|p| is_no_echo(p))
            .filter_map(|p| p.get("Default").map(|d| d.span.clone()))
            .collect()
    }

    /// Declares a resource logical id (with its type), so that `Ref` to it
    /// evaluates to [`Value::Resource`].
    pub fn add_resource(&mut self, logical_id: &str, resource_type: &str) {
        self.resources
            .insert(logical_id.to_owned(), resource_type.to_owned());
    }

    /// Whether the template declares parameter `name`.
    pub fn is_parameter(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
    }

    /// The type of a declared resource.
    pub fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id).map(String::as_str)
    }

    /// One more evaluation step, or why there may be none.
    fn enter(&self) -> Result<DepthGuard<'_>, &'static str> {
        let (depth, steps) = (self.depth.get(), self.steps.get());
        let spend = |reason: &'static str, why: &'static str| {
            if self.spent.get().is_none() {
                self.spent.set(Some(reason));
            }
            Err(why)
        };
        if depth >= MAX_EVAL_DEPTH {
            return spend(
                "expressions nested more than 200 deep",
                "nested too deeply to evaluate",
            );
        }
        if steps >= MAX_EVAL_STEPS {
            return spend(
                "more than 1,000,000 evaluation steps",
                "too much work to evaluate",
            );
        }
        self.depth.set(depth + 1);
        self.steps.set(steps + 1);
        Ok(DepthGuard(&self.depth))
    }

    /// The limit the evaluation passed, if it passed one.
    pub fn budget_spent(&self) -> Option<&'static str> {
        self.spent.get()
    }

    /// The evaluation steps taken so far.
    #[cfg(test)]
    pub(super) fn steps(&self) -> usize {
        self.steps.get()
    }

    /// Evaluates `node` with the loop variables `env`.
    pub fn eval(&self, node: &Node, env: &Env) -> Value {
        let _guard = match self.enter() {
            Ok(guard) => guard,
            Err(why) => return Value::Unknown(format!("expression is {why}")),
        };
        match &node.value {
            N::Null => Value::Absent,
            N::Bool(_) | N::Number(_) | N::String(_) => {
                literal(node.scalar_text().unwrap_or_default().into_owned())
            }
            N::Seq(items) => self.eval_list(items, env),
            N::Map(_) => match node.intrinsic() {
                Some((function, arg)) => self.function(function, arg, env),
                None => Value::Structured,
            },
        }
    }

    /// Evaluates list items; `AWS::NoValue` items are dropped, as
    /// CloudFormation drops them.
    fn eval_list(&self, items: &[Node], env: &Env) -> Value {
        let values = items
            .iter()
            .map(|item| self.eval(item, env))
            .filter(|v| *v != Value::Absent)
            .collect();
        Value::List(values)
    }

    fn function(&self, function: &str, arg: &Node, env: &Env) -> Value {
        match function {
            "Ref" => self.reference(arg, env),
            "Fn::Sub" => self.sub(arg, env),
            "Fn::Join" => self.join(arg, env),
            "Fn::Select" => self.select(arg, env),
            "Fn::Split" => self.split(arg, env),
            "Fn::If" => self.if_(arg, env),
            "Fn::FindInMap" => self.find_in_map(arg, env),
            "Condition" => Value::Structured,
            "Fn::GetAtt" => Value::Unknown(format!(
                "Fn::GetAtt {} is only known at deploy time",
                get_att_name(arg)
            )),
            "Fn::ImportValue" => {
                Value::Unknown("Fn::ImportValue is only known at deploy time".into())
            }
            "Fn::GetAZs" => Value::Unknown("Fn::GetAZs is only known at deploy time".into()),
            AMBIGUOUS_MERGE => Value::Unknown(
                "YAML tools disagree on it: two mappings merged with `<<` give it different \
                 values, and PyYAML 6.0.4 takes the later where the YAML specification takes \
                 the earlier"
                    .into(),
            ),
            other => Value::Unknown(format!("{other} is not evaluated")),
        }
    }

    /// `Ref`: a loop variable, parameter, pseudo parameter or resource.
    fn reference(&self, arg: &Node, env: &Env) -> Value {
        // `Ref: !Sub 'User${Name}'` in a loop over an unknown collection:
        // the copy of `User${Name}` made for the same value.
        if let Some(("Fn::Sub", template)) = arg.intrinsic()
            && let Some(template) = template.as_str()
            && let Some(id) = every_copy(template, env)
            && self.resources.contains_key(id)
        {
            return Value::Resource(id.to_owned());
        }
        match self.string_arg(arg, env) {
            Ok(name) => self.resolve_name(&name, env),
            Err(reason) => Value::Unknown(format!("Ref target is not known: {reason}")),
        }
    }

    /// What a name used in `Ref` or `${name}` stands for.
    fn resolve_name(&self, name: &str, env: &Env) -> Value {
        if let Some(every) = env.every(name) {
            return Value::Unknown(format!(
                "`{name}` stands for each value of the collection of {every}, which is not known"
            ));
        }
        if let Some(value) = env.get(name) {
            return Value::Str(value.to_owned());
        }
        if name == "AWS::NoValue" {
            return Value::Absent;
        }
        if name.starts_with("AWS::") {
            return Value::Unknown(format!(
                "pseudo parameter {name} is only known at deploy time"
            ));
        }
        if let Some(parameter) = self.parameters.get(name) {
            if is_no_echo(parameter) || self.sensitive_given.contains(name) {
                self.sensitive.set(true);
            }
            if let Some(reason) = self.unknown_given.get(name) {
                return Value::Unknown(reason.clone());
            }
            return parameter_value(name, parameter, self.given.get(name).map(String::as_str));
        }
        if self.resources.contains_key(name) {
            return Value::Resource(name.to_owned());
        }
        Value::Unknown(format!("`{name}` is neither a parameter nor a resource"))
    }

    /// An argument that must evaluate to a known string.
    fn string_arg(&self, arg: &Node, env: &Env) -> Result<String, String> {
        match self.eval(arg, env) {
            Value::Str(s) => Ok(s),
            Value::Unknown(reason) => Err(reason),
            other => Err(format!("expected a string, found {}", describe(&other))),
        }
    }

    /// Evaluates `arg` to a list of known strings, or says why it is not one.
    pub fn strings(&self, arg: &Node, env: &Env) -> Result<Vec<String>, String> {
        strings_of(self.eval(arg, env))
    }
}

/// A value that is a list of known strings, or why it is not one.
pub fn strings_of(value: Value) -> Result<Vec<String>, String> {
    match value {
        Value::List(items) => items.into_iter().map(known_string).collect(),
        Value::Unknown(reason) => Err(reason),
        other => Err(format!("expected a list, found {}", describe(&other))),
    }
}
