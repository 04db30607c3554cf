//! Evaluation of intrinsic functions and conditions against parameter
//! defaults.
//!
//! Evaluation never guesses: whatever is only known at deploy time (pseudo
//! parameters, resource attributes, imports, dynamic references, parameters
//! without a default) makes the result [`Value::Unknown`], with a reason that
//! `--verbose` can show. Recursion follows the document tree, which the
//! readers bound; a depth guard bounds it again, because condition references
//! can chain without nesting in the document.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::tree::{Node, NodeValue as N};

/// Deepest evaluation accepted; real templates nest a handful of levels.
const MAX_EVAL_DEPTH: usize = 200;
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
    outer: Env,
}

impl Env {
    /// This environment with `identifier` bound to `value`.
    pub fn bind(&self, identifier: &str, value: &str) -> Env {
        Env(Some(Rc::new(Binding {
            identifier: identifier.to_owned(),
            value: value.to_owned(),
            outer: self.clone(),
        })))
    }

    /// Whether no loop variable is bound.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The bindings as (identifier, value), innermost first.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::successors(self.0.as_deref(), |b| b.outer.0.as_deref())
            .map(|b| (b.identifier.as_str(), b.value.as_str()))
    }

    /// The value of the innermost binding of `identifier`.
    pub fn get(&self, identifier: &str) -> Option<&str> {
        self.iter()
            .find(|(id, _)| *id == identifier)
            .map(|(_, v)| v)
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
}

/// Decrements the evaluation depth when an evaluation step returns.
struct DepthGuard<'a>(&'a Cell<usize>);

impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
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
        }
    }

    /// Declares a resource logical id (with its type), so that `Ref` to it
    /// evaluates to [`Value::Resource`].
    pub fn add_resource(&mut self, logical_id: &str, resource_type: &str) {
        self.resources
            .insert(logical_id.to_owned(), resource_type.to_owned());
    }

    /// The type of a declared resource.
    pub fn resource_type(&self, logical_id: &str) -> Option<&str> {
        self.resources.get(logical_id).map(String::as_str)
    }

    fn enter(&self) -> Option<DepthGuard<'_>> {
        let depth = self.depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return None;
        }
        self.depth.set(depth + 1);
        Some(DepthGuard(&self.depth))
    }

    /// Evaluates `node` with the loop variables `env`.
    pub fn eval(&self, node: &Node, env: &Env) -> Value {
        let Some(_guard) = self.enter() else {
            return Value::Unknown("expression is nested too deeply to evaluate".into());
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
            other => Value::Unknown(format!("{other} is not evaluated")),
        }
    }

    /// `Ref`: a loop variable, parameter, pseudo parameter or resource.
    fn reference(&self, arg: &Node, env: &Env) -> Value {
        match self.string_arg(arg, env) {
            Ok(name) => self.resolve_name(&name, env),
            Err(reason) => Value::Unknown(format!("Ref target is not known: {reason}")),
        }
    }

    /// What a name used in `Ref` or `${name}` stands for.
    fn resolve_name(&self, name: &str, env: &Env) -> Value {
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
        match self.eval(arg, env) {
            Value::List(items) => items.into_iter().map(known_string).collect(),
            Value::Unknown(reason) => Err(reason),
            other => Err(format!("expected a list, found {}", describe(&other))),
        }
    }

    fn sub(&self, arg: &Node, env: &Env) -> Value {
        let (template, vars) = match (arg.as_str(), arg.as_seq()) {
            (Some(t), _) => (t, None),
            (None, Some([t, vars])) => match t.as_str() {
                Some(t) => (t, Some(vars)),
                None => return Value::Unknown("Fn::Sub template is not a string".into()),
            },
            _ => return Value::Unknown("Fn::Sub has an unexpected form".into()),
        };
        if let Some(name) = whole_placeholder(template) {
            // `!Sub '${User}'` is `!Ref User`, which names the user itself.
            if vars.and_then(|v| v.get(name)).is_none()
                && let value @ Value::Resource(_) = self.resolve_name(name, env)
            {
                return value;
            }
        }
        // Each variable is evaluated once, however often it is used: nested
        // `Fn::Sub` variables would otherwise multiply the work per level.
        let mut known: HashMap<String, String> = HashMap::new();
        let lookup = |name: &str| {
            if let Some(value) = known.get(name) {
                return Ok(value.clone());
            }
            let value = self.sub_var(name, vars, env)?;
            known.insert(name.to_owned(), value.clone());
            Ok(value)
        };
        match substitute(template, lookup) {
            Ok(s) => literal(s),
            Err(reason) => Value::Unknown(reason),
        }
    }

    fn sub_var(&self, name: &str, vars: Option<&Node>, env: &Env) -> Result<String, String> {
        if let Some(var) = vars.and_then(|v| v.get(name)) {
            return self.string_arg(var, env);
        }
        if name.contains('.') && !name.starts_with("AWS::") {
            return Err(format!(
                "`${{{name}}}` is a resource attribute, only known at deploy time"
            ));
        }
        match self.resolve_name(name, env) {
            Value::Str(s) => Ok(s),
            Value::Unknown(reason) => Err(reason),
            Value::Resource(id) => Err(format!(
                "the physical id of `{id}` is only known at deploy time"
            )),
            other => Err(format!("`${{{name}}}` is {}", describe(&other))),
        }
    }

    fn join(&self, arg: &Node, env: &Env) -> Value {
        let Some([delimiter, list]) = arg.as_seq() else {
            return Value::Unknown("Fn::Join needs a delimiter and a list".into());
        };
        let joined = self
            .string_arg(delimiter, env)
            .and_then(|d| Ok((d, self.strings(list, env)?)))
            .and_then(|(d, items)| bounded(items.join(&d)));
        joined.map_or_else(Value::Unknown, Value::Str)
    }

    fn select(&self, arg: &Node, env: &Env) -> Value {
        let Some([index, list]) = arg.as_seq() else {
            return Value::Unknown("Fn::Select needs an index and a list".into());
        };
        let index = match self
            .string_arg(index, env)
            .map(|i| i.trim().parse::<usize>())
        {
            Ok(Ok(i)) => i,
            Ok(Err(_)) => return Value::Unknown("Fn::Select index is not a number".into()),
            Err(reason) => return Value::Unknown(reason),
        };
        match self.eval(list, env) {
            Value::List(mut items) if index < items.len() => items.swap_remove(index),
            Value::List(_) => Value::Unknown("Fn::Select index is out of range".into()),
            Value::Unknown(reason) => Value::Unknown(reason),
            other => Value::Unknown(format!(
                "Fn::Select expects a list, found {}",
                describe(&other)
            )),
        }
    }

    fn split(&self, arg: &Node, env: &Env) -> Value {
        let Some([delimiter, text]) = arg.as_seq() else {
            return Value::Unknown("Fn::Split needs a delimiter and a string".into());
        };
        match (self.string_arg(delimiter, env), self.string_arg(text, env)) {
            (Ok(d), Ok(_)) if d.is_empty() => Value::Unknown("Fn::Split delimiter is empty".into()),
            (Ok(d), Ok(t)) => Value::List(
                t.split(d.as_str())
                    .map(|s| Value::Str(s.to_owned()))
                    .collect(),
            ),
            (Err(reason), _) | (_, Err(reason)) => Value::Unknown(reason),
        }
    }

    fn if_(&self, arg: &Node, env: &Env) -> Value {
        let Some([condition, then, otherwise]) = arg.as_seq() else {
            return Value::Unknown("Fn::If needs a condition and two values".into());
        };
        let Some(name) = condition.as_str() else {
            return Value::Unknown("Fn::If condition is not a name".into());
        };
        match self.condition(name) {
            Truth::True => self.eval(then, env),
            Truth::False => self.eval(otherwise, env),
            Truth::Unknown(reason) => {
                // Both branches may agree, e.g. two spellings of one name.
                let (a, b) = (self.eval(then, env), self.eval(otherwise, env));
                if a == b && !matches!(a, Value::Unknown(_)) {
                    a
                } else {
                    Value::Unknown(format!("condition `{name}` is not known: {reason}"))
                }
            }
        }
    }

    fn find_in_map(&self, arg: &Node, env: &Env) -> Value {
        let Some(args) = arg.as_seq().filter(|a| a.len() == 3 || a.len() == 4) else {
            return Value::Unknown("Fn::FindInMap needs a map name and two keys".into());
        };
        let mut keys = Vec::with_capacity(3);
        for key in &args[..3] {
            match self.string_arg(key, env) {
                Ok(k) => keys.push(k),
                Err(reason) => {
                    return Value::Unknown(format!("Fn::FindInMap key is not known: {reason}"));
                }
            }
        }
        let found = keys
            .iter()
            .try_fold(self.mappings, |node, key| node.map(|n| n.get(key)));
        match (
            found.flatten(),
            args.get(3).and_then(|o| o.get("DefaultValue")),
        ) {
            // Mappings hold literals only; not evaluating them also keeps a
            // mapping that "calls itself" from multiplying work.
            (Some(value), _) => mapping_value(value),
            (None, Some(default)) => self.eval(default, env),
            (None, None) => Value::Unknown(format!(
                "Fn::FindInMap finds no entry {} in Mappings",
                keys.join(".")
            )),
        }
    }

    /// The truth of the condition named `name` in `Conditions`.
    pub fn condition(&self, name: &str) -> Truth {
        match self.memo.borrow().get(name) {
            Some(Memo::Done(truth)) => return truth.clone(),
            Some(Memo::InProgress) => {
                return Truth::Unknown(format!("condition `{name}` depends on itself"));
            }
            None => {}
        }
        let Some(&definition) = self.conditions.get(name) else {
            return Truth::Unknown(format!("condition `{name}` is not defined"));
        };
        self.memo
            .borrow_mut()
            .insert(name.to_owned(), Memo::InProgress);
        let truth = self.truth(definition);
        self.memo
            .borrow_mut()
            .insert(name.to_owned(), Memo::Done(truth.clone()));
        truth
    }

    /// The truth of a condition expression (`Fn::Equals`, `Fn::Not`,
    /// `Fn::And`, `Fn::Or`, `Condition`).
    fn truth(&self, node: &Node) -> Truth {
        let Some(_guard) = self.enter() else {
            return Truth::Unknown("condition is nested too deeply to evaluate".into());
        };
        let Some((function, arg)) = node.intrinsic() else {
            return match node.scalar_text().as_deref() {
                Some("true") => Truth::True,
                Some("false") => Truth::False,
                _ => Truth::Unknown("condition is not a condition function".into()),
            };
        };
        let operands = arg.as_seq().unwrap_or_default();
        match function {
            "Fn::Equals" => self.equals(operands),
            "Fn::Not" => match operands {
                [operand] => self.truth(operand).not(),
                _ => Truth::Unknown("Fn::Not needs one condition".into()),
            },
            "Fn::And" => self.all(operands, true),
            "Fn::Or" => self.all(operands, false),
            "Condition" => match arg.as_str() {
                Some(name) => self.condition(name),
                None => Truth::Unknown("Condition reference is not a name".into()),
            },
            other => Truth::Unknown(format!("{other} is not a condition function")),
        }
    }

    fn equals(&self, operands: &[Node]) -> Truth {
        let [a, b] = operands else {
            return Truth::Unknown("Fn::Equals needs two values".into());
        };
        match (self.eval(a, &Env::default()), self.eval(b, &Env::default())) {
            (Value::Unknown(reason), _) | (_, Value::Unknown(reason)) => Truth::Unknown(reason),
            (a @ (Value::Str(_) | Value::List(_)), b @ (Value::Str(_) | Value::List(_))) => {
                Truth::from_bool(a == b)
            }
            (a, b) => Truth::Unknown(format!(
                "Fn::Equals compares {} with {}",
                describe(&a),
                describe(&b)
            )),
        }
    }

    /// `Fn::And` (`conjunction`) or `Fn::Or`: decided as soon as one operand
    /// decides it, unknown only if no operand does.
    fn all(&self, operands: &[Node], conjunction: bool) -> Truth {
        let decisive = Truth::from_bool(!conjunction);
        let mut unknown = None;
        for operand in operands {
            match self.truth(operand) {
                Truth::Unknown(reason) => unknown = unknown.or(Some(reason)),
                t if t == decisive => return decisive,
                _ => {}
            }
        }
        match unknown {
            Some(reason) => Truth::Unknown(reason),
            None => Truth::from_bool(conjunction),
        }
    }
}

/// A literal string, unless it holds a dynamic reference, which
/// CloudFormation resolves at deploy time.
fn literal(s: String) -> Value {
    match s.find("{{resolve:") {
        Some(at) => {
            let reference: String = s[at..].chars().take(60).collect();
            let reference = reference.split_inclusive("}}").next().unwrap_or_default();
            Value::Unknown(format!(
                "dynamic reference `{reference}` is resolved at deploy time"
            ))
        }
        None => Value::Str(s),
    }
}

fn known_string(value: Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s),
        Value::Unknown(reason) => Err(reason),
        other => Err(format!("expected a string, found {}", describe(&other))),
    }
}

fn bounded(s: String) -> Result<String, String> {
    if s.len() > MAX_STRING {
        return Err("string is too long to evaluate".into());
    }
    Ok(s)
}

/// How a value is named in reasons.
fn describe(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("the string `{s}`"),
        Value::List(_) => "a list".into(),
        Value::Resource(id) => format!("the resource `{id}`"),
        Value::Absent => "AWS::NoValue".into(),
        Value::Structured => "a mapping".into(),
        Value::Unknown(reason) => reason.clone(),
    }
}

fn get_att_name(arg: &Node) -> String {
    match (arg.as_str(), arg.as_seq()) {
        (Some(s), _) => s.to_owned(),
        (None, Some(parts)) => parts
            .iter()
            .map(|p| p.as_str().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join("."),
        _ => "?".into(),
    }
}

/// The value of a parameter: the value given for it, else its default,
/// unless deploy time decides.
fn parameter_value(name: &str, parameter: &Node, given: Option<&str>) -> Value {
    let kind = parameter
        .get("Type")
        .and_then(Node::as_str)
        .unwrap_or("String");
    if kind.starts_with("AWS::SSM::Parameter::Value") {
        return Value::Unknown(format!(
            "parameter `{name}` is read from SSM Parameter Store at deploy time"
        ));
    }
    let is_list = kind == "CommaDelimitedList" || kind.starts_with("List<");
    if let Some(text) = given {
        return if is_list {
            Value::List(
                text.split(',')
                    .map(|item| literal(item.trim().to_owned()))
                    .collect(),
            )
        } else {
            literal(text.to_owned())
        };
    }
    let Some(default) = parameter.get("Default") else {
        return Value::Unknown(format!(
            "parameter `{name}` has no default; its value is given at deploy time"
        ));
    };
    match (default.scalar_text(), default.as_seq()) {
        (Some(text), _) if is_list => Value::List(
            text.split(',')
                .map(|item| literal(item.trim().to_owned()))
                .collect(),
        ),
        (Some(text), _) => literal(text.into_owned()),
        (None, Some(items)) => Value::List(
            items
                .iter()
                .map(|i| {
                    i.scalar_text()
                        .map_or(Value::Structured, |t| literal(t.into_owned()))
                })
                .collect(),
        ),
        (None, None) => Value::Unknown(format!("parameter `{name}` has no usable default")),
    }
}

/// A value of the `Mappings` section: a literal string or list of strings.
fn mapping_value(node: &Node) -> Value {
    let scalar = |n: &Node| n.scalar_text().map(|t| literal(t.into_owned()));
    match (&node.value, node.as_seq()) {
        (N::Null, _) => Value::Absent,
        (_, Some(items)) => Value::List(
            items
                .iter()
                .map(|i| scalar(i).unwrap_or(Value::Structured))
                .collect(),
        ),
        _ => scalar(node).unwrap_or(Value::Structured),
    }
}

/// The name of a template that is exactly one `${name}` placeholder.
fn whole_placeholder(template: &str) -> Option<&str> {
    let name = template.strip_prefix("${")?.strip_suffix('}')?;
    (!name.starts_with('!') && !name.contains(['{', '}'])).then_some(name)
}

/// Replaces the `${name}` placeholders of an `Fn::Sub` template with
/// `lookup(name)`; `${!text}` stands for the literal `${text}`. The first
/// failed lookup fails the whole substitution.
pub fn substitute(
    template: &str,
    mut lookup: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // An unterminated placeholder is plain text.
            out.push_str(&rest[start..]);
            return bounded(out);
        };
        let name = &after[..end];
        match name.strip_prefix('!') {
            Some(literal) => {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            }
            None => out.push_str(&lookup(name.trim())?),
        }
        if out.len() > MAX_STRING {
            return Err("string is too long to evaluate".into());
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    bounded(out)
}

#[cfg(test)]
mod tests {
    static NO_PARAMETERS: std::sync::LazyLock<std::collections::HashMap<String, String>> =
        std::sync::LazyLock::new(Default::default);
    use super::*;
    use crate::frontend::cloudformation::yaml;
    use crate::source::SourceFile;

    const TEMPLATE: &str = r#"
Parameters:
  Env: {Type: String, Default: prod}
  Count: {Type: Number, Default: 3}
  NoDefault: {Type: String}
  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /my/param}
  Names: {Type: CommaDelimitedList, Default: 'alice, bob'}
Mappings:
  Users:
    prod: {name: deployer}
    dev: {name: dev-deployer}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  InRegion: !Equals [!Ref 'AWS::Region', eu-west-1]
  NotDev: !Not [!Condition IsDev]
  Both: !And [!Condition IsProd, !Condition NotDev]
  Either: !Or [!Condition IsDev, !Condition InRegion]
  Decided: !Or [!Condition InRegion, !Condition IsProd]
  Neither: !And [!Condition InRegion, !Condition IsDev]
  Loop1: !Condition Loop2
  Loop2: !Not [!Condition Loop1]
  Undefined: !Condition Nowhere
Resources:
  User: {Type: 'AWS::IAM::User'}
"#;

    /// Evaluates the YAML `expr` in the context of [`TEMPLATE`].
    fn eval(expr: &str) -> Value {
        let text = format!("{TEMPLATE}Expr: {expr}\n");
        let source = SourceFile::new("t".into(), "t".into(), text);
        let root = yaml::parse(&source).unwrap();
        let mut evaluator = Evaluator::new(&root, &NO_PARAMETERS);
        evaluator.add_resource("User", "AWS::IAM::User");
        evaluator.eval(
            root.get("Expr").unwrap(),
            &Env::default().bind("Loop", "looped"),
        )
    }

    fn condition(name: &str) -> Truth {
        let source = SourceFile::new("t".into(), "t".into(), TEMPLATE.into());
        let root = yaml::parse(&source).unwrap();
        Evaluator::new(&root, &NO_PARAMETERS).condition(name)
    }

    fn str(s: &str) -> Value {
        Value::Str(s.into())
    }

    fn unknown_mentions(value: Value, text: &str) {
        match value {
            Value::Unknown(reason) => assert!(reason.contains(text), "{reason:?} lacks {text:?}"),
            other => panic!("expected unknown, got {other:?}"),
        }
    }

    #[test]
    fn literals() {
        assert_eq!(eval("bob"), str("bob"));
        assert_eq!(eval("12"), str("12"));
        assert_eq!(eval("true"), str("true"));
        assert_eq!(eval("~"), Value::Absent);
        assert_eq!(eval("{Password: x}"), Value::Structured);
        assert_eq!(
            eval("[a, !Ref 'AWS::NoValue', b]"),
            Value::List(vec![str("a"), str("b")])
        );
        unknown_mentions(
            eval("'{{resolve:ssm:/users/name:1}}'"),
            "{{resolve:ssm:/users/name:1}}",
        );
    }

    #[test]
    fn refs() {
        assert_eq!(eval("!Ref Env"), str("prod"));
        assert_eq!(eval("!Ref Count"), str("3"));
        assert_eq!(eval("!Ref User"), Value::Resource("User".into()));
        assert_eq!(eval("!Ref Loop"), str("looped"));
        assert_eq!(eval("{Ref: 'AWS::NoValue'}"), Value::Absent);
        assert_eq!(
            eval("!Ref Names"),
            Value::List(vec![str("alice"), str("bob")])
        );
        unknown_mentions(eval("!Ref NoDefault"), "has no default");
        unknown_mentions(eval("!Ref FromSsm"), "SSM");
        unknown_mentions(eval("!Ref 'AWS::Region'"), "AWS::Region");
        unknown_mentions(eval("!Ref 'AWS::AccountId'"), "AWS::AccountId");
        unknown_mentions(eval("!Ref Missing"), "neither a parameter nor a resource");
    }

    #[test]
    fn sub_uses_parameter_defaults() {
        assert_eq!(eval("!Sub '${Env}-deployer'"), str("prod-deployer"));
        assert_eq!(eval("!Sub 'ci-${Loop}-${Count}'"), str("ci-looped-3"));
        assert_eq!(
            eval("!Sub ['${Who}-${Env}', {Who: !Ref Env}]"),
            str("prod-prod")
        );
        assert_eq!(
            eval("!Sub 'literal ${!Env} and ${Env}'"),
            str("literal ${Env} and prod")
        );
        assert_eq!(eval("!Sub 'no placeholders'"), str("no placeholders"));
        assert_eq!(eval("!Sub '${User}'"), Value::Resource("User".into()));
        unknown_mentions(eval("!Sub 'x-${AWS::Region}'"), "AWS::Region");
        unknown_mentions(eval("!Sub '${User.Arn}'"), "resource attribute");
        unknown_mentions(eval("!Sub 'name-${User}'"), "physical id");
        unknown_mentions(
            eval("!Sub '${Env}-{{resolve:ssm:n:1}}'"),
            "dynamic reference",
        );
    }

    #[test]
    fn list_functions() {
        assert_eq!(eval("!Join ['-', [a, !Ref Env]]"), str("a-prod"));
        assert_eq!(eval("!Join [',', !Ref Names]"), str("alice,bob"));
        assert_eq!(eval("!Select [1, [a, b, c]]"), str("b"));
        assert_eq!(eval("!Select ['0', !Split [',', 'x,y']]"), str("x"));
        assert_eq!(
            eval("!Split ['/', 'a/b']"),
            Value::List(vec![str("a"), str("b")])
        );
        unknown_mentions(eval("!Select [5, [a]]"), "out of range");
        unknown_mentions(
            eval("!Join ['', [a, !GetAtt User.Arn]]"),
            "Fn::GetAtt User.Arn",
        );
    }

    #[test]
    fn find_in_map() {
        assert_eq!(eval("!FindInMap [Users, !Ref Env, name]"), str("deployer"));
        assert_eq!(
            eval("!FindInMap [Users, test, name, {DefaultValue: other}]"),
            str("other")
        );
        unknown_mentions(eval("!FindInMap [Users, test, name]"), "no entry");
        unknown_mentions(
            eval("!FindInMap [Users, !Ref 'AWS::Region', name]"),
            "AWS::Region",
        );
    }

    #[test]
    fn deploy_time_functions_are_unknown() {
        for expr in [
            "!GetAtt User.Arn",
            "!ImportValue Shared",
            "!GetAZs ''",
            "!Base64 abc",
            "!Cidr [a, 1, 2]",
            "!Select [0, !GetAZs '']",
        ] {
            assert!(matches!(eval(expr), Value::Unknown(_)), "{expr}");
        }
    }

    #[test]
    fn if_picks_a_branch_by_condition() {
        assert_eq!(eval("!If [IsProd, a, b]"), str("a"));
        assert_eq!(eval("!If [IsDev, a, b]"), str("b"));
        assert_eq!(eval("!If [IsDev, a, !Ref 'AWS::NoValue']"), Value::Absent);
        assert_eq!(eval("!If [InRegion, same, same]"), str("same"));
        unknown_mentions(
            eval("!If [InRegion, a, b]"),
            "condition `InRegion` is not known",
        );
    }

    #[test]
    fn conditions_are_three_valued() {
        assert_eq!(condition("IsProd"), Truth::True);
        assert_eq!(condition("IsDev"), Truth::False);
        assert_eq!(condition("NotDev"), Truth::True);
        assert_eq!(condition("Both"), Truth::True);
        assert!(matches!(condition("InRegion"), Truth::Unknown(_)));
        assert!(matches!(condition("Either"), Truth::Unknown(_)));
        // One decisive operand decides, whatever the unknown ones are.
        assert_eq!(condition("Decided"), Truth::True);
        assert_eq!(condition("Neither"), Truth::False);
        assert!(matches!(condition("Undefined"), Truth::Unknown(r) if r.contains("not defined")));
    }

    #[test]
    fn condition_cycles_are_unknown() {
        assert!(matches!(condition("Loop1"), Truth::Unknown(r) if r.contains("depends on itself")));
    }

    #[test]
    fn long_condition_chains_stop_at_the_depth_limit() {
        let mut text = String::from("Conditions:\n  C0: !Equals [a, a]\n");
        for i in 1..5_000 {
            text.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
        }
        let source = SourceFile::new("t".into(), "t".into(), text);
        let root = yaml::parse(&source).unwrap();
        let evaluator = Evaluator::new(&root, &NO_PARAMETERS);
        assert!(
            matches!(evaluator.condition("C4999"), Truth::Unknown(r) if r.contains("too deeply"))
        );
        assert_eq!(evaluator.condition("C10"), Truth::True);
        assert_eq!(evaluator.condition("C11"), Truth::False);
    }

    /// Evaluates `Expr` of a whole template, on a thread with a small stack.
    fn eval_template(text: String) -> Value {
        let run = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let source = SourceFile::new("t".into(), "t".into(), text);
                let root = yaml::parse(&source).unwrap();
                Evaluator::new(&root, &NO_PARAMETERS)
                    .eval(root.get("Expr").unwrap(), &Env::default())
            });
        run.unwrap().join().unwrap()
    }

    #[test]
    fn deep_expressions_stop_at_the_depth_limit() {
        let nested = format!(
            "Expr: {}x{}\n",
            "!Join ['', [".repeat(120),
            "]]".repeat(120)
        );
        unknown_mentions(eval_template(nested), "nested too deeply");
        let ifs = format!("Expr: {}x{}\n", "!If [C, a, ".repeat(240), "]".repeat(240));
        unknown_mentions(
            eval_template(format!(
                "Conditions:\n  C: !Equals [!Ref 'AWS::Region', r]\n{ifs}"
            )),
            "",
        );
    }

    #[test]
    fn work_stays_linear_on_hostile_templates() {
        // Each level uses the next one ten times; without caching, that is
        // 10^40 evaluations.
        let mut text = String::from("Expr: !Sub\n  - '");
        text.push_str(&"${V0}".repeat(10));
        text.push_str("'\n  - V0: !Sub\n");
        let mut indent = 6;
        for level in 1..40 {
            let pad = " ".repeat(indent);
            text.push_str(&format!(
                "{pad}- '{}'\n{pad}- V{level}: !Sub\n",
                format!("${{V{level}}}").repeat(10)
            ));
            indent += 4;
        }
        let pad = " ".repeat(indent);
        text.push_str(&format!("{pad}- 'x'\n{pad}- {{}}\n"));
        let started = std::time::Instant::now();
        let value = eval_template(text);
        assert!(started.elapsed().as_secs() < 5);
        assert!(
            matches!(value, Value::Unknown(_) | Value::Str(_)),
            "{value:?}"
        );
        // A mapping that names itself is read as a literal, not evaluated.
        let text = "Mappings:\n  M:\n    a:\n      b: {'Fn::Join': ['', [{'Fn::FindInMap': [M, a, b]}, {'Fn::FindInMap': [M, a, b]}]]}\nExpr: !FindInMap [M, a, b]\n";
        assert_eq!(eval_template(text.into()), Value::Structured);
    }

    #[test]
    fn substitute_edge_cases() {
        let lookup = |name: &str| Ok(format!("<{name}>"));
        assert_eq!(substitute("a${b}c", lookup), Ok("a<b>c".into()));
        assert_eq!(substitute("${ b }", lookup), Ok("<b>".into()));
        assert_eq!(substitute("open ${b", lookup), Ok("open ${b".into()));
        assert_eq!(substitute("${!x}${y}", lookup), Ok("${x}<y>".into()));
        assert_eq!(substitute("日本${x}é", lookup), Ok("日本<x>é".into()));
    }
}
