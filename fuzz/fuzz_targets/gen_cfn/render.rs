//! A [`Program`] to a template file.
//!
//! Names declared twice in one mapping are written once: a duplicate key is
//! a plain parse error, not an interesting one.

use std::cell::Cell;

use super::node::{Node, Yaml, json};
use super::{
    Collection, Cond, CondCompound, CondKind, Condition, Key, Login, Loop, Mapping, Param,
    ParamType, Program, Resource, Status, Syntax, Transform, UserVal,
};
use super::{CondName, MapName, ParamName, UserId};
use crate::arb::{MAX_DEPTH, Pooled, declared};

/// Most stacks that nest the template itself, none of them in a loop. `n`
/// such stacks once cost `n^8` analyses (four or more ran out of memory:
/// found by this target); the analysis now follows at most 100 nested
/// stacks in all.
const MAX_SELF_STACKS: usize = 8;

/// The template file: its name and text.
pub fn render(program: &Program) -> Vec<(String, String)> {
    let file = match program.syntax {
        Syntax::Json => "template.json",
        Syntax::Yaml | Syntax::YamlFlow => "template.yaml",
    };
    let writer = Writer {
        loose: program.loose < 32,
        file,
        self_stacks: Cell::new(0),
        declared: declarations(program),
    };
    let doc = writer.document(program);
    let yaml = |flow_from| Yaml {
        short_tags: program.short_tags,
        plain: program.plain,
        flow_from,
    };
    let text = match program.syntax {
        Syntax::Json => {
            let mut text = String::new();
            json(&doc, 0, &mut text);
            text.push('\n');
            text
        }
        Syntax::Yaml => yaml(usize::MAX).document(&doc),
        Syntax::YamlFlow => yaml(4).document(&doc),
    };
    vec![(file.to_owned(), text)]
}

/// Loop identifiers in scope, and how deep the value being written is.
#[derive(Clone, Default)]
pub(super) struct Scope {
    pub(super) loops: Vec<&'static str>,
    pub(super) depth: u32,
}

impl Scope {
    pub(super) fn deeper(&self) -> Scope {
        Scope {
            depth: self.depth + 1,
            ..self.clone()
        }
    }
}

/// A resource's condition name, if it has one.
fn condition_name(condition: &Condition) -> Option<CondName> {
    match condition {
        Condition::Some(name) => Some(*name),
        Condition::None | Condition::None2 | Condition::None3 => None,
    }
}

/// Builds the tree of a template.
pub(super) struct Writer {
    /// References whatever the scope.
    pub(super) loose: bool,
    /// The template's own file name (for a stack that nests itself).
    file: &'static str,
    /// Stacks written so far that nest the template itself.
    self_stacks: Cell<usize>,
    /// What the template declares.
    declared: Declared,
}

/// What a template declares: references are made to name one of these
/// (unless the program is loose), so that most of them resolve.
#[derive(Default)]
struct Declared {
    users: Vec<UserId>,
    conditions: Vec<CondName>,
    params: Vec<ParamName>,
    mappings: Vec<MapName>,
}

/// What `p` declares (users outside loops only).
fn declarations(p: &Program) -> Declared {
    let users = p.resources.iter().filter_map(|r| match r {
        Resource::User { id, .. } | Resource::User2 { id, .. } => Some(*id),
        _ => None,
    });
    Declared {
        users: users.collect(),
        conditions: p.conditions.iter().map(|(name, _)| *name).collect(),
        params: p.parameters.iter().map(|param| param.name).collect(),
        mappings: p.mappings.iter().map(|m| m.name).collect(),
    }
}

/// Mapping entries with later duplicates of a key left out.
pub(super) fn entries(items: impl IntoIterator<Item = (String, Node)>) -> Node {
    let mut out: Vec<(String, Node)> = Vec::new();
    for (key, value) in items {
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, value));
        }
    }
    Node::Map(out)
}

impl Writer {
    /// `name`, or a declared one instead unless the program is loose.
    fn pick<T: Pooled>(&self, name: T, names: &[T]) -> T {
        if self.loose {
            name
        } else {
            declared(name, names)
        }
    }

    pub(super) fn user_id(&self, id: UserId) -> &'static str {
        self.pick(id, &self.declared.users).as_str()
    }

    pub(super) fn param_name(&self, name: ParamName) -> &'static str {
        self.pick(name, &self.declared.params).as_str()
    }

    pub(super) fn map_name(&self, name: MapName) -> &'static str {
        self.pick(name, &self.declared.mappings).as_str()
    }

    pub(super) fn cond_name(&self, name: CondName) -> &'static str {
        self.pick(name, &self.declared.conditions).as_str()
    }

    /// A resource's `Condition`: none when the template declares none
    /// (unless the program is loose).
    fn resource_condition(&self, condition: &Condition) -> Option<&'static str> {
        let name = condition_name(condition)?;
        (self.loose || !self.declared.conditions.is_empty()).then(|| self.cond_name(name))
    }

    fn document(&self, p: &Program) -> Node {
        let mut doc = Vec::new();
        if p.version {
            doc.push(("AWSTemplateFormatVersion".into(), Node::str("2010-09-09")));
        }
        let language = Node::str("AWS::LanguageExtensions");
        let sam = Node::str("AWS::Serverless-2016-10-31");
        match p.transform {
            Transform::None => {}
            Transform::Language | Transform::Language2 => {
                doc.push(("Transform".into(), language));
            }
            Transform::Sam => doc.push(("Transform".into(), sam)),
            Transform::Both => doc.push(("Transform".into(), Node::Seq(vec![language, sam]))),
        }
        let scope = Scope::default();
        let params = p.parameters.iter().map(|param| self.param(param));
        let mappings = p.mappings.iter().map(|m| self.mapping(m));
        let conditions = p
            .conditions
            .iter()
            .map(|(name, c)| (name.as_str().to_owned(), self.cond(c, &scope)));
        let resources = self.resources(&p.resources.0, &scope, "");
        let outputs = p.outputs.iter().map(|(name, value)| {
            let output = Node::map([("Value", self.val(value, &scope))]);
            (name.as_str().to_owned(), output)
        });
        for (section, node) in [
            ("Parameters", entries(params)),
            ("Mappings", entries(mappings)),
            ("Conditions", entries(conditions)),
            ("Resources", resources),
            ("Outputs", entries(outputs)),
        ] {
            if section == "Resources" || !matches!(&node, Node::Map(e) if e.is_empty()) {
                doc.push((section.into(), node));
            }
        }
        Node::Map(doc)
    }

    fn param(&self, p: &Param) -> (String, Node) {
        let ty = match p.ty {
            ParamType::String | ParamType::String2 => "String",
            ParamType::List => "CommaDelimitedList",
            ParamType::Number => "Number",
            ParamType::Ssm => "AWS::SSM::Parameter::Value<String>",
        };
        let mut node = vec![("Type", Node::str(ty))];
        if let Some(words) = &p.default {
            let words: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
            node.push(("Default", Node::str(words.join(","))));
        }
        if p.no_echo {
            node.push(("NoEcho", Node::Bool(true)));
        }
        if let Some(words) = &p.allowed {
            let words = words.iter().map(|w| Node::str(w.as_str())).collect();
            node.push(("AllowedValues", Node::Seq(words)));
        }
        (p.name.as_str().to_owned(), Node::map(node))
    }

    fn mapping(&self, m: &Mapping) -> (String, Node) {
        let top = m.entries.iter().map(|(key, second)| {
            let second = second.iter().map(|(key, words)| {
                let value = match words.0.as_slice() {
                    [] => Node::str(""),
                    [one] => Node::str(one.as_str()),
                    many => Node::Seq(many.iter().map(|w| Node::str(w.as_str())).collect()),
                };
                (key.as_str().to_owned(), value)
            });
            (key.as_str().to_owned(), entries(second))
        });
        (m.name.as_str().to_owned(), entries(top))
    }

    pub(super) fn cond(&self, c: &Cond, sc: &Scope) -> Node {
        let inner = sc.deeper();
        let Some(kind) = c.get().filter(|_| sc.depth <= MAX_DEPTH) else {
            return Node::call(
                "Fn::Equals",
                Node::Seq(vec![Node::str("a"), Node::str("a")]),
            );
        };
        match kind {
            CondKind::Equals(a, b) => Node::call(
                "Fn::Equals",
                Node::Seq(vec![self.val(a, &inner), self.val(b, &inner)]),
            ),
            CondKind::Condition(name) => Node::call("Condition", Node::str(self.cond_name(*name))),
            CondKind::Compound(CondCompound::And(items)) => Node::call(
                "Fn::And",
                Node::Seq(items.iter().map(|c| self.cond(c, &inner)).collect()),
            ),
            CondKind::Compound(CondCompound::Or(items)) => Node::call(
                "Fn::Or",
                Node::Seq(items.iter().map(|c| self.cond(c, &inner)).collect()),
            ),
            CondKind::Compound(CondCompound::Not(c)) => {
                Node::call("Fn::Not", Node::Seq(vec![self.cond(c, &inner)]))
            }
        }
    }

    /// The entries of a `Resources` mapping (or a loop's output mapping),
    /// logical ids followed by `suffix`.
    fn resources(&self, list: &[Resource], sc: &Scope, suffix: &str) -> Node {
        let items = list.iter().map(|r| self.resource(r, sc, suffix));
        entries(items)
    }

    fn resource(&self, r: &Resource, sc: &Scope, suffix: &str) -> (String, Node) {
        let typed = |id: &str, ty: &str, condition: Option<&str>, props: Vec<(&str, Node)>| {
            let mut node = vec![("Type", Node::str(ty))];
            if let Some(condition) = condition {
                node.push(("Condition", Node::str(condition)));
            }
            node.push(("Properties", Node::map(props)));
            (format!("{id}{suffix}"), Node::map(node))
        };
        match r {
            Resource::User {
                id,
                name,
                login,
                condition,
            } => {
                let mut props = Vec::new();
                if let Some(name) = name {
                    props.push(("UserName", self.user(name, sc)));
                }
                if let Some(login) = login {
                    props.push(("LoginProfile", self.login(login, sc)));
                }
                let condition = self.resource_condition(condition);
                typed(id.as_str(), "AWS::IAM::User", condition, props)
            }
            Resource::User2 { id, login } => {
                let props = vec![("LoginProfile", self.login(login, sc))];
                typed(id.as_str(), "AWS::IAM::User", None, props)
            }
            Resource::Key(key) | Resource::Key2(key) | Resource::Key3(key) => {
                self.key(key, sc, suffix)
            }
            Resource::Group { id, users } => {
                let users = users.iter().map(|u| self.val(u, sc)).collect();
                let props = vec![
                    ("GroupName", Node::str("admins")),
                    ("Users", Node::Seq(users)),
                ];
                typed(id.as_str(), "AWS::IAM::UserToGroupAddition", None, props)
            }
            Resource::Loop(l) => self.for_each(l, sc, suffix),
            Resource::Function(id) => {
                let props = vec![
                    ("Runtime", Node::str("python3.12")),
                    ("Handler", Node::str("app.handler")),
                    ("CodeUri", Node::str("src/")),
                ];
                typed(id.as_str(), "AWS::Serverless::Function", None, props)
            }
            Resource::Stack(id, itself) => {
                let itself =
                    *itself && sc.loops.is_empty() && self.self_stacks.get() < MAX_SELF_STACKS;
                let url = if itself {
                    self.self_stacks.set(self.self_stacks.get() + 1);
                    format!("./{}", self.file)
                } else {
                    "https://s3.amazonaws.com/bucket/stack.yaml".into()
                };
                let props = vec![
                    ("TemplateURL", Node::str(url)),
                    ("Parameters", Node::map([("Env", Node::str("prod"))])),
                ];
                typed(id.as_str(), "AWS::CloudFormation::Stack", None, props)
            }
        }
    }

    fn key(&self, key: &Key, sc: &Scope, suffix: &str) -> (String, Node) {
        let mut node = vec![("Type", Node::str("AWS::IAM::AccessKey"))];
        if let Some(condition) = self.resource_condition(&key.condition) {
            node.push(("Condition", Node::str(condition)));
        }
        let mut props = vec![("UserName", self.user(&key.user, sc))];
        let status = match &key.status {
            Status::Default | Status::Default2 => None,
            Status::Active => Some(Node::str("Active")),
            Status::Inactive => Some(Node::str("Inactive")),
            Status::Val(v) => Some(self.val(v, sc)),
        };
        if let Some(status) = status {
            props.push(("Status", status));
        }
        node.push(("Properties", Node::map(props)));
        (format!("{}{suffix}", key.id.as_str()), Node::map(node))
    }

    fn user(&self, user: &UserVal, sc: &Scope) -> Node {
        match user {
            // No user to refer to: a user name instead.
            UserVal::Ref(id) | UserVal::Ref2(id)
                if !self.loose && self.declared.users.is_empty() =>
            {
                Node::str(id.as_str().to_lowercase())
            }
            UserVal::Ref(id) | UserVal::Ref2(id) => Node::call("Ref", Node::str(self.user_id(*id))),
            UserVal::Name(name) => Node::str(name.as_str()),
            UserVal::Val(v) => self.val(v, sc),
        }
    }

    fn login(&self, login: &Login, sc: &Scope) -> Node {
        match login {
            Login::Password(v) => Node::map([("Password", self.val(v, sc))]),
            Login::If(_) if !self.loose && self.declared.conditions.is_empty() => {
                Node::map([("Password", Node::str("x"))])
            }
            Login::If(c) => Node::call(
                "Fn::If",
                Node::Seq(vec![
                    Node::str(self.cond_name(*c)),
                    Node::map([("Password", Node::str("x"))]),
                    Node::call("Ref", Node::str("AWS::NoValue")),
                ]),
            ),
            Login::Resolve => Node::map([(
                "Password",
                Node::str("{{resolve:secretsmanager:ops-password}}"),
            )]),
        }
    }

    fn for_each(&self, l: &Loop, sc: &Scope, suffix: &str) -> (String, Node) {
        let var = l.var.as_str();
        let collection = match &l.collection {
            Collection::List(words) => {
                Node::Seq(words.iter().map(|w| Node::str(w.as_str())).collect())
            }
            Collection::Param(p) => Node::call("Ref", Node::str(self.param_name(*p))),
            Collection::Val(v) => self.val(v, sc),
        };
        let mut inner = sc.deeper();
        inner.loops.push(var);
        let marker = if l.ampersand { '&' } else { '$' };
        let suffix = format!("{suffix}{marker}{{{var}}}");
        let body = match l.body.get() {
            Some(body) if sc.depth <= MAX_DEPTH => self.resources(&body.0, &inner, &suffix),
            _ => Node::Map(Vec::new()),
        };
        let node = Node::Seq(vec![Node::str(var), collection, body]);
        (format!("Fn::ForEach::{}", l.name.as_str()), node)
    }
}
