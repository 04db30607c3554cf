//! A [`Program`] to the files of a Terraform configuration.
//!
//! Attribute and object keys are written once (a duplicate is a parse
//! error, not an interesting one); blocks a module declares twice are
//! written once unless the program is loose.

use std::rc::Rc;

use super::expr::Word;
use super::render_expr::{Declared, Scope, expr_text, quoted, template};
use super::{
    Count, Data, Default, Dep, ForEach, Meta, Module, ModuleCall, Program, Provider, Region,
    ResKind, Resource, Role, Status, Type, TypeCon, UserRef, UserWord,
};
use crate::arb::Out;

/// Whether a loose program may call two modules by one name. Two `module
/// "m"` blocks, one with the calling module itself as its source, once made
/// the analysis walk the same child once per block at every level
/// (gigabytes within seconds: found by this target); Terraform rejects
/// duplicate calls, and so does keylint now.
const DUPLICATE_MODULE_CALLS: bool = true;

/// The files of the configuration: paths relative to the scanned directory
/// and their text.
pub fn render(program: &Program) -> Vec<(String, String)> {
    let loose = program.loose < 32;
    let children = program.children.0.len();
    let modules = std::iter::once(&program.root).chain(program.children.iter());
    let mut files = Vec::new();
    for (i, module) in modules.enumerate() {
        let me = i.checked_sub(1);
        let dir = me.map(|c| format!("m{}/", c + 1)).unwrap_or_default();
        let writer = Writer {
            me,
            children,
            loose,
            declared: Rc::new(declarations(module)),
        };
        files.push((format!("{dir}main.tf"), writer.module(module)));
        if let Some(parts) = &module.template {
            let scope = Scope {
                file: true,
                in_template: true,
                ..Scope::default()
            };
            let mut text = String::new();
            template(&parts.0, &scope, false, &mut text);
            files.push((format!("{dir}t.tftpl"), text));
        }
    }
    files
}

/// Writes one module.
struct Writer {
    /// Which child this is (`None` for the root).
    me: Option<usize>,
    /// How many children the program has.
    children: usize,
    /// References whatever the scope.
    loose: bool,
    /// What the module declares.
    declared: Rc<Declared>,
}

/// What `m` declares.
fn declarations(m: &Module) -> Declared {
    let mut declared = Declared::default();
    for v in m.variables.iter() {
        declared.vars.push(v.name);
    }
    for (name, _) in m.locals.iter() {
        declared.locals.push(*name);
    }
    for r in m
        .resources
        .iter()
        .filter(|r| matches!(r.kind, ResKind::User))
    {
        declared.users.push(r.name);
    }
    for call in m.calls.iter() {
        declared.modules.push(call.name);
    }
    declared
}

/// Whether to write `key`: it is new to `seen`, or `again` allows a
/// duplicate. Records it.
fn first<T: PartialEq>(seen: &mut Vec<T>, key: T, again: bool) -> bool {
    if seen.contains(&key) && !again {
        return false;
    }
    seen.push(key);
    true
}

impl Writer {
    fn scope(&self) -> Scope {
        Scope {
            loose: self.loose,
            declared: self.declared.clone(),
            ..Scope::default()
        }
    }

    fn module(&self, m: &Module) -> String {
        let mut out = Out::default();
        let mut seen = Vec::new();
        for v in m.variables.iter() {
            if first(&mut seen, v.name, self.loose) {
                out.block(format!("variable \"{}\"", v.name.as_str()), |out| {
                    if let Some(ty) = variable_type(&v.ty, &v.default) {
                        out.line(format!("type = {ty}"));
                    }
                    if let Some(default) = self.default(&v.default) {
                        out.line(format!("default = {default}"));
                    }
                    if v.sensitive < 64 {
                        out.line("sensitive = true");
                    }
                });
            }
        }
        if !m.locals.0.is_empty() {
            let mut seen = Vec::new();
            out.block("locals", |out| {
                for (name, value) in m.locals.iter() {
                    if first(&mut seen, *name, false) {
                        let value = expr_text(value, &self.scope());
                        out.line(format!("{} = {value}", name.as_str()));
                    }
                }
            });
        }
        let mut aliases = Vec::new();
        for p in m.providers.iter() {
            if first(&mut aliases, p.alias, self.loose) {
                self.provider(p, &mut out);
            }
        }
        let mut seen = Vec::new();
        for r in m.resources.iter() {
            let kind = match r.kind {
                ResKind::User => "aws_iam_user",
                ResKind::Profile => "aws_iam_user_login_profile",
                ResKind::Key | ResKind::Key2 => "aws_iam_access_key",
            };
            if first(&mut seen, (kind, r.name), self.loose) {
                self.resource(kind, r, &aliases, &mut out);
            }
        }
        let mut seen = Vec::new();
        for call in m.calls.iter() {
            if first(&mut seen, call.name, self.loose && DUPLICATE_MODULE_CALLS) {
                self.call(call, &aliases, &mut out);
            }
        }
        let mut seen = Vec::new();
        for d in m.data.iter() {
            let (kind, name, user) = match d {
                Data::User(name, user) => ("aws_iam_user", name.as_str(), Some(user)),
                Data::Caller => ("aws_caller_identity", "current", None),
                Data::Region => ("aws_region", "current", None),
            };
            if first(&mut seen, (kind, name), self.loose) {
                out.block(format!("data \"{kind}\" \"{name}\""), |out| {
                    if let Some(user) = user {
                        out.line(format!("user_name = {}", expr_text(user, &self.scope())));
                    }
                });
            }
        }
        let mut seen = Vec::new();
        for o in m.outputs.iter() {
            if first(&mut seen, o.name, self.loose) {
                out.block(format!("output \"{}\"", o.name.as_str()), |out| {
                    out.line(format!("value = {}", expr_text(&o.value, &self.scope())));
                    if o.sensitive {
                        out.line("sensitive = true");
                    }
                });
            }
        }
        out.text
    }

    fn provider(&self, p: &Provider, out: &mut Out) {
        out.block("provider \"aws\"", |out| {
            if let Some(alias) = p.alias {
                out.line(format!("alias = \"{}\"", alias.as_str()));
            }
            if let Some(region) = &p.region {
                let region = match region {
                    Region::UsEast1 => quoted("us-east-1"),
                    Region::EuWest1 => quoted("eu-west-1"),
                    Region::Expr(e) => expr_text(e, &self.scope()),
                };
                out.line(format!("region = {region}"));
            }
            if p.profile {
                out.line("profile = \"dev\"");
            }
            if let Some(role) = &p.role {
                let arn = match role {
                    Role::Account(false) | Role::Account2(false) => {
                        quoted("arn:aws:iam::111111111111:role/deploy")
                    }
                    Role::Account(true) | Role::Account2(true) => {
                        quoted("arn:aws:iam::222222222222:role/deploy")
                    }
                    Role::Expr(e) => expr_text(e, &self.scope()),
                };
                out.block("assume_role", |out| out.line(format!("role_arn = {arn}")));
            }
        });
    }

    /// A variable's default, references written as literals.
    fn default(&self, default: &Default) -> Option<String> {
        let names = |words: &mut dyn Iterator<Item = &UserWord>| {
            let words: Vec<String> = words.map(|w| quoted(w.as_str())).collect();
            format!("[{}]", words.join(", "))
        };
        Some(match default {
            Default::None => return None,
            Default::User(w) | Default::User2(w) => quoted(w.as_str()),
            Default::Bool(b) => b.to_string(),
            Default::Number(n) => (n % 4).to_string(),
            Default::List(words) => names(&mut words.iter()),
            Default::Map(pairs) => {
                let mut seen = Vec::new();
                let pairs: Vec<String> = pairs
                    .iter()
                    .filter(|(w, _)| first(&mut seen, *w, false))
                    .map(|(w, active)| {
                        let status = if *active { "Active" } else { "Inactive" };
                        format!("{} = \"{status}\"", w.as_str())
                    })
                    .collect();
                format!("{{ {} }}", pairs.join(", "))
            }
            Default::Object(w, n) => {
                format!("{{ name = {}, keys = {} }}", quoted(w.as_str()), n % 3)
            }
            Default::Expr(e) => {
                let constant = Scope {
                    constant: true,
                    ..self.scope()
                };
                expr_text(e, &constant)
            }
        })
    }

    /// Writes `count` or `for_each`; the scope of the block's body.
    fn meta(&self, meta: &Meta, out: &mut Out) -> Scope {
        let mut scope = self.scope();
        match meta {
            Meta::Single | Meta::Single2 | Meta::Single3 => {}
            Meta::Count(count) => {
                let value = match count {
                    Count::Lit(n) => (n % 4).to_string(),
                    Count::Flag(v) => format!("var.{} ? 1 : 0", scope.var(*v)),
                    Count::Length(v) => format!("length(var.{})", scope.var(*v)),
                    Count::Expr(e) => expr_text(e, &scope),
                };
                out.line(format!("count = {value}"));
                scope.count = true;
            }
            Meta::ForEach(for_each) => {
                let value = match for_each {
                    ForEach::Set(words) => {
                        let words: Vec<String> = words.iter().map(|w| quoted(w.as_str())).collect();
                        format!("toset([{}])", words.join(", "))
                    }
                    ForEach::Map(pairs) => {
                        let mut seen = Vec::new();
                        let pairs: Vec<String> = pairs
                            .iter()
                            .filter(|(k, _)| first(&mut seen, *k, false))
                            .map(|(k, v)| {
                                format!("{} = {}", quoted(k.as_str()), quoted(v.as_str()))
                            })
                            .collect();
                        format!("{{ {} }}", pairs.join(", "))
                    }
                    ForEach::Var(v) => format!("toset(var.{})", scope.var(*v)),
                    ForEach::Local(l) => format!("local.{}", scope.local(*l)),
                    ForEach::Resource(r) => format!("aws_iam_user.{}", scope.user(*r)),
                    ForEach::Expr(e) => expr_text(e, &scope),
                };
                out.line(format!("for_each = {value}"));
                scope.each = true;
            }
        }
        scope
    }

    fn resource(&self, kind: &str, r: &Resource, aliases: &[Option<super::Alias>], out: &mut Out) {
        out.block(
            format!("resource \"{kind}\" \"{}\"", r.name.as_str()),
            |out| {
                let scope = self.meta(&r.meta, out);
                let attribute = if matches!(r.kind, ResKind::User) {
                    "name"
                } else {
                    "user"
                };
                out.line(format!("{attribute} = {}", user_ref(&r.user, &scope)));
                if matches!(r.kind, ResKind::Key | ResKind::Key2) {
                    let value = match &r.status {
                        Status::Default | Status::Default2 | Status::Default3 => None,
                        Status::Active => Some(quoted("Active")),
                        Status::Inactive => Some(quoted("Inactive")),
                        Status::Flag(v) => {
                            Some(format!("var.{} ? \"Active\" : \"Inactive\"", scope.var(*v)))
                        }
                        Status::Expr(e) => Some(expr_text(e, &scope)),
                    };
                    if let Some(value) = value {
                        out.line(format!("status = {value}"));
                    }
                }
                if let Some(alias) = r
                    .provider
                    .filter(|a| self.loose || aliases.contains(&Some(*a)))
                {
                    out.line(format!("provider = aws.{}", alias.as_str()));
                }
                depends_on(r.depends_on.iter(), &scope, out);
            },
        );
    }

    /// The `source` of a module call: mostly a child module, sometimes the
    /// calling module itself, the root, a registry module or a directory
    /// that does not exist.
    fn source(&self, pick: u8) -> String {
        let up = if self.me.is_some() { "../" } else { "./" };
        let others: Vec<usize> = (0..self.children).filter(|&c| Some(c) != self.me).collect();
        match pick % 16 {
            0 => "./".into(),
            1 => up.into(),
            2 => "terraform-aws-modules/iam/aws//modules/iam-user".into(),
            3 => "./missing".into(),
            _ if others.is_empty() => "app.terraform.io/acme/users/aws".into(),
            _ => format!("{up}m{}", others[usize::from(pick / 16) % others.len()] + 1),
        }
    }

    fn call(&self, call: &ModuleCall, aliases: &[Option<super::Alias>], out: &mut Out) {
        out.block(format!("module \"{}\"", call.name.as_str()), |out| {
            let source = self.source(call.source);
            out.line(format!("source = {}", quoted(&source)));
            if !source.starts_with('.') {
                out.line("version = \"~> 5.0\"");
            }
            let scope = self.meta(&call.meta, out);
            let mut seen = Vec::new();
            for (name, value) in call.args.iter() {
                if first(&mut seen, *name, false) {
                    out.line(format!("{} = {}", name.as_str(), expr_text(value, &scope)));
                }
            }
            if let Some(alias) = call
                .providers
                .filter(|a| self.loose || aliases.contains(&Some(*a)))
            {
                out.line(format!("providers = {{ aws = aws.{} }}", alias.as_str()));
            }
            depends_on(call.depends_on.iter(), &scope, out);
        });
    }
}

fn depends_on<'a>(deps: impl Iterator<Item = &'a Dep>, sc: &Scope, out: &mut Out) {
    let deps: Vec<String> = deps
        .map(|d| match d {
            Dep::User(r) => format!("aws_iam_user.{}", sc.user(*r)),
            Dep::Key(r) => format!("aws_iam_access_key.{}", r.as_str()),
            Dep::Module(m) => format!("module.{}", sc.module(*m)),
        })
        .collect();
    if !deps.is_empty() {
        out.line(format!("depends_on = [{}]", deps.join(", ")));
    }
}

/// A variable's type constraint, if it has one.
fn variable_type(ty: &Type, default: &Default) -> Option<&'static str> {
    Some(match (ty, default) {
        (Type::None, _) => return None,
        (Type::Other(ty), _) => type_text(ty),
        (_, Default::None | Default::Expr(_)) => "any",
        (_, Default::User(_) | Default::User2(_)) => "string",
        (_, Default::Bool(_)) => "bool",
        (_, Default::Number(_)) => "number",
        (_, Default::List(_)) => "list(string)",
        (_, Default::Map(_)) => "map(string)",
        (_, Default::Object(..)) => type_text(&TypeCon::Object),
    })
}

fn type_text(ty: &TypeCon) -> &'static str {
    match ty {
        TypeCon::String => "string",
        TypeCon::Number => "number",
        TypeCon::Bool => "bool",
        TypeCon::ListString => "list(string)",
        TypeCon::SetString => "set(string)",
        TypeCon::MapString => "map(string)",
        TypeCon::Any => "any",
        TypeCon::Object => "object({ name = string, keys = optional(number, 1) })",
        TypeCon::ListObject => "list(object({ name = string, console = optional(bool) }))",
        TypeCon::MapAny => "map(any)",
    }
}

/// The user (or user name) an IAM resource names.
fn user_ref(user: &UserRef, sc: &Scope) -> String {
    let each = sc.each || sc.loose;
    let count = sc.count || sc.loose;
    match user {
        UserRef::Known(w) | UserRef::Known2(w) | UserRef::Known3(w) | UserRef::Known4(w) => {
            quoted(w.as_str())
        }
        UserRef::Lit(w) => quoted(w.as_str()),
        UserRef::Name(r) | UserRef::Name2(r) | UserRef::Name3(r) => {
            format!("aws_iam_user.{}.name", sc.user(*r))
        }
        UserRef::Splat(r, k) => match k % 3 {
            0 => format!("aws_iam_user.{}[*].name[0]", sc.user(*r)),
            1 => format!("one(aws_iam_user.{}[*].name)", sc.user(*r)),
            _ => format!("aws_iam_user.{}.*.name[0]", sc.user(*r)),
        },
        UserRef::Index(r, i) => format!("aws_iam_user.{}[{}].name", sc.user(*r), i % 3),
        UserRef::EachKey if each => "each.key".into(),
        UserRef::EachValue if each => "each.value".into(),
        UserRef::EachKey | UserRef::EachValue => quoted(Word::Ops.as_str()),
        UserRef::EachOf(r) if each => format!("aws_iam_user.{}[each.key].name", sc.user(*r)),
        UserRef::EachOf(r) => format!("aws_iam_user.{}.name", sc.user(*r)),
        UserRef::CountOf(r) if count => format!("aws_iam_user.{}[count.index].name", sc.user(*r)),
        UserRef::CountOf(r) => format!("aws_iam_user.{}[0].name", sc.user(*r)),
        UserRef::Module(m, o) => format!("module.{}.{}", sc.module(*m), o.as_str()),
        UserRef::ModuleIndexed(m, i, o) => {
            format!("module.{}[{}].{}", sc.module(*m), i % 2, o.as_str())
        }
        UserRef::Var(v) => format!("var.{}", sc.var(*v)),
        UserRef::Local(l) => format!("local.{}", sc.local(*l)),
        UserRef::Data(d) => format!("data.aws_iam_user.{}.user_name", d.as_str()),
        UserRef::Expr(e) => expr_text(e, sc),
    }
}
