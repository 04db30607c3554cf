//! Expressions and templates to HCL text.
//!
//! Every compound expression is parenthesised, so precedence never changes
//! what was generated, and heredocs sit in parentheses, where the newline
//! after the closing marker means nothing. References to names that are not
//! in scope (`each.key` outside a `for_each` block, a `for` variable outside
//! its `for`) are written as literals unless the program is loose.

use std::fmt::Write as _;
use std::rc::Rc;

use super::expr::{
    Compound, Expr, ExprKind, ForExpr, ForVar, Leaf, Lit, ObjKey, Part, Ref, Shaped,
};
use super::{LocalName, ModName, ResName, VarName};
use crate::arb::{MAX_DEPTH, Pooled, declared};

/// What a module declares: references are made to name one of these
/// (unless the program is loose), so that most of them resolve.
#[derive(Default)]
pub struct Declared {
    /// `aws_iam_user` resources.
    pub users: Vec<ResName>,
    /// Variables.
    pub vars: Vec<VarName>,
    /// Local values.
    pub locals: Vec<LocalName>,
    /// Module calls.
    pub modules: Vec<ModName>,
}

/// What an expression may refer to, and where it is written.
#[derive(Clone, Default)]
pub struct Scope {
    /// `for` variables in scope.
    pub for_vars: Vec<ForVar>,
    /// `each` is defined.
    pub each: bool,
    /// `count` is defined.
    pub count: bool,
    /// Write references whatever the scope.
    pub loose: bool,
    /// No references at all (a variable's default).
    pub constant: bool,
    /// A template file: only its variables, as bare names.
    pub file: bool,
    /// Inside a template: no heredocs.
    pub in_template: bool,
    /// Nesting of the expression being written.
    pub depth: u32,
    /// What the module declares.
    pub declared: Rc<Declared>,
}

impl Scope {
    /// `name`, or a declared one instead unless the program is loose.
    fn pick<T: Pooled>(&self, name: T, names: &[T]) -> T {
        if self.loose {
            name
        } else {
            declared(name, names)
        }
    }

    /// A variable's name.
    pub fn var(&self, name: VarName) -> &'static str {
        self.pick(name, &self.declared.vars).as_str()
    }

    /// A local value's name.
    pub fn local(&self, name: LocalName) -> &'static str {
        self.pick(name, &self.declared.locals).as_str()
    }

    /// An `aws_iam_user` resource's name.
    pub fn user(&self, name: ResName) -> &'static str {
        self.pick(name, &self.declared.users).as_str()
    }

    /// A module call's name.
    pub fn module(&self, name: ModName) -> &'static str {
        self.pick(name, &self.declared.modules).as_str()
    }

    /// The scope one level deeper.
    fn deeper(&self) -> Scope {
        Scope {
            depth: self.depth + 1,
            ..self.clone()
        }
    }

    /// The scope with `vars` bound too.
    fn binding(&self, vars: &[ForVar]) -> Scope {
        let mut scope = self.deeper();
        scope.for_vars.extend_from_slice(vars);
        scope
    }

    /// Inside a template.
    fn templated(&self) -> Scope {
        Scope {
            in_template: true,
            ..self.deeper()
        }
    }
}

/// `s` as an HCL quoted string.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    template_text(s, true, &mut out);
    out.push('"');
    out
}

/// Literal template text: escapes for a quoted string, or only the
/// template sequences (`${`, `%{`) for a heredoc or template file.
fn template_text(s: &str, quoted: bool, out: &mut String) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            '"' if quoted => out.push_str("\\\""),
            '\\' if quoted => out.push_str("\\\\"),
            '\n' if quoted => out.push_str("\\n"),
            c if quoted && (c as u32) < 0x20 => _ = write!(out, "\\u{:04x}", c as u32),
            c => out.push(c),
        }
    }
}

/// The leaf written for an expression below the nesting limit.
const LEAF: &str = "\"ci\"";

/// Writes an expression.
pub fn expr(e: &Expr, sc: &Scope, out: &mut String) {
    match e.get() {
        Some(kind) if sc.depth <= MAX_DEPTH => kind_of(kind, sc, out),
        _ => out.push_str(LEAF),
    }
}

/// An expression as a string of its own.
pub fn expr_text(e: &Expr, sc: &Scope) -> String {
    let mut out = String::new();
    expr(e, sc, &mut out);
    out
}

fn kind_of(kind: &ExprKind, sc: &Scope, out: &mut String) {
    match kind {
        ExprKind::Leaf(Leaf::Lit(lit)) => out.push_str(&literal(lit)),
        ExprKind::Leaf(Leaf::Ref(r) | Leaf::Ref2(r)) => reference(r, sc, out),
        ExprKind::Compound(c) => compound(c, sc, out),
    }
}

fn compound(kind: &Compound, sc: &Scope, out: &mut String) {
    let inner = sc.deeper();
    match kind {
        Compound::Template(parts) => {
            out.push('"');
            template(&parts.0, &sc.templated(), true, out);
            out.push('"');
        }
        Compound::Heredoc(parts, indented) if !sc.in_template => {
            out.push_str(if *indented { "(<<-EOT\n" } else { "(<<EOT\n" });
            template(&parts.0, &sc.templated(), false, out);
            out.push_str(if *indented { "\n  EOT\n)" } else { "\nEOT\n)" });
        }
        Compound::Heredoc(parts, _) => {
            out.push('"');
            template(&parts.0, &sc.templated(), true, out);
            out.push('"');
        }
        Compound::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                expr(item, &inner, out);
            }
            out.push(']');
        }
        Compound::Object(entries) => object(&entries.0, sc, out),
        Compound::For(f) => for_expr(f, sc, out),
        Compound::Splat(base, attr, legacy) => {
            postfix(base, &inner, out);
            match (attr, legacy) {
                (Some(a), true) => _ = write!(out, ".*.{}", a.as_str()),
                (Some(a), false) => _ = write!(out, "[*].{}", a.as_str()),
                (None, _) => out.push_str("[*]"),
            }
        }
        Compound::Cond(c, a, b) => {
            out.push('(');
            expr(c, &inner, out);
            out.push_str(" ? ");
            expr(a, &inner, out);
            out.push_str(" : ");
            expr(b, &inner, out);
            out.push(')');
        }
        Compound::Binary(op, a, b) => {
            out.push('(');
            expr(a, &inner, out);
            _ = write!(out, " {} ", op.as_str());
            expr(b, &inner, out);
            out.push(')');
        }
        Compound::Not(a) | Compound::Neg(a) => {
            out.push_str(if matches!(kind, Compound::Not(_)) {
                "!("
            } else {
                "-("
            });
            expr(a, &inner, out);
            out.push(')');
        }
        Compound::Index(base, index) => {
            postfix(base, &inner, out);
            out.push('[');
            expr(index, &inner, out);
            out.push(']');
        }
        Compound::Attr(base, attr) => {
            postfix(base, &inner, out);
            _ = write!(out, ".{}", attr.as_str());
        }
        Compound::Call(func, args, expand) => {
            let args: Vec<String> = args.iter().map(|a| expr_text(a, &inner)).collect();
            let dots = if *expand && !args.is_empty() {
                "..."
            } else {
                ""
            };
            _ = write!(out, "{}({}{dots})", func.as_str(), args.join(", "));
        }
        Compound::Shaped(shaped) | Compound::Shaped2(shaped) => shaped_call(shaped, &inner, out),
    }
}

/// Writes `base` where a traversal follows it: bare when it is a name or a
/// traversal already, else in parentheses.
fn postfix(base: &Expr, sc: &Scope, out: &mut String) {
    let text = expr_text(base, sc);
    let bare = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if bare {
        out.push_str(&text);
    } else {
        _ = write!(out, "({text})");
    }
}

fn literal(lit: &Lit) -> String {
    match lit {
        Lit::Word(w) => quoted(w.as_str()),
        Lit::Int(i) => i.to_string(),
        Lit::Frac(i) => format!("{i}.5"),
        Lit::Huge => "123456789012345678901234567890.25".into(),
        Lit::Bool(b) => b.to_string(),
        Lit::Null => "null".into(),
    }
}

/// Writes a reference, or a literal where it would mean nothing.
fn reference(r: &Ref, sc: &Scope, out: &mut String) {
    if sc.constant {
        out.push_str("\"ops\"");
        return;
    }
    if sc.file {
        // A template file sees only the variables `templatefile` passes.
        let var = match r {
            Ref::ForVar(v) => *v,
            _ => ForVar::X,
        };
        out.push_str(var.as_str());
        return;
    }
    let text = match r {
        Ref::Var(v) => format!("var.{}", sc.var(*v)),
        Ref::VarAttr(v, a) => format!("var.{}.{}", sc.var(*v), a.as_str()),
        Ref::Local(l) | Ref::Local2(l) => format!("local.{}", sc.local(*l)),
        Ref::EachKey if sc.each || sc.loose => "each.key".into(),
        Ref::EachValue if sc.each || sc.loose => "each.value".into(),
        Ref::EachKey | Ref::EachValue => "\"alice\"".into(),
        Ref::CountIndex if sc.count || sc.loose => "count.index".into(),
        Ref::CountIndex => "0".into(),
        Ref::ForVar(v) if sc.loose || sc.for_vars.contains(v) => v.as_str().into(),
        Ref::ForVar(_) => match sc.for_vars.last() {
            Some(v) => v.as_str().into(),
            None => "\"bob\"".into(),
        },
        Ref::User(name, attr) => format!("aws_iam_user.{}.{}", sc.user(*name), attr.as_str()),
        Ref::UserAll(name) => format!("aws_iam_user.{}", sc.user(*name)),
        Ref::Key(name, attr) => format!("aws_iam_access_key.{}.{}", name.as_str(), attr.as_str()),
        Ref::Module(m, o) => format!("module.{}.{}", sc.module(*m), o.as_str()),
        Ref::ModuleAll(m) => format!("module.{}", sc.module(*m)),
        Ref::Data(d) => format!("data.aws_iam_user.{}.user_name", d.as_str()),
        Ref::Caller => "data.aws_caller_identity.current.account_id".into(),
        Ref::PathModule => "path.module".into(),
        Ref::Workspace => "terraform.workspace".into(),
    };
    out.push_str(&text);
}

/// Writes template parts: for a quoted string (`quoted`) or a heredoc or
/// template file.
pub fn template(parts: &[Part], sc: &Scope, quoted: bool, out: &mut String) {
    for part in parts {
        match part {
            Part::Text(w) | Part::Text2(w) => template_text(w.as_str(), quoted, out),
            Part::Interp(e, strip) | Part::Interp2(e, strip) => {
                out.push_str(if *strip { "${~ " } else { "${" });
                expr(e, sc, out);
                out.push_str(if *strip { " ~}" } else { "}" });
            }
            Part::For(var, collection, body) => {
                _ = write!(out, "%{{ for {} in ", var.as_str());
                expr(collection, sc, out);
                out.push_str(" }");
                if let Some(body) = body.get() {
                    template(&body.0, &sc.binding(&[*var]), quoted, out);
                }
                out.push_str("%{ endfor }");
            }
            Part::If(cond, then, otherwise) => {
                out.push_str("%{ if ");
                expr(cond, sc, out);
                out.push_str(" }");
                if let Some(then) = then.get() {
                    template(&then.0, &sc.deeper(), quoted, out);
                }
                if let Some(otherwise) = otherwise {
                    out.push_str("%{ else }");
                    if let Some(otherwise) = otherwise.get() {
                        template(&otherwise.0, &sc.deeper(), quoted, out);
                    }
                }
                out.push_str("%{ endif }");
            }
        }
    }
}

fn object(entries: &[(ObjKey, Expr)], sc: &Scope, out: &mut String) {
    let inner = sc.deeper();
    let mut seen = Vec::new();
    out.push('{');
    for (key, value) in entries {
        let key = match key {
            ObjKey::Name(name) => name.as_str().to_owned(),
            ObjKey::Word(word) => quoted(word.as_str()),
            ObjKey::Expr(e) => format!("({})", expr_text(e, &inner)),
        };
        if seen.contains(&key) {
            continue;
        }
        if !seen.is_empty() {
            out.push_str(", ");
        }
        _ = write!(out, " {key} = ");
        expr(value, &inner, out);
        seen.push(key);
    }
    out.push_str(" }");
}

fn for_expr(f: &ForExpr, sc: &Scope, out: &mut String) {
    let key = f.key.filter(|k| sc.loose || *k != f.value);
    let vars: Vec<ForVar> = key.into_iter().chain([f.value]).collect();
    let body = sc.binding(&vars);
    let names: Vec<&str> = vars.iter().map(|v| v.as_str()).collect();
    out.push_str(if f.object_key.is_some() {
        "{for "
    } else {
        "[for "
    });
    _ = write!(out, "{} in ", names.join(", "));
    expr(&f.collection, &sc.deeper(), out);
    out.push_str(" : ");
    if let Some(k) = &f.object_key {
        expr(k, &body, out);
        out.push_str(" => ");
    }
    expr(&f.body, &body, out);
    if f.group && f.object_key.is_some() {
        out.push_str("...");
    }
    if let Some(filter) = &f.filter {
        out.push_str(" if ");
        expr(filter, &body, out);
    }
    out.push(if f.object_key.is_some() { '}' } else { ']' });
}

fn shaped_call(shaped: &Shaped, sc: &Scope, out: &mut String) {
    let e = |x: &Expr| expr_text(x, sc);
    let text = match shaped {
        Shaped::Format(a, b) => format!("format(\"%s-%s\", {}, {})", e(a), e(b)),
        Shaped::Join(a) => format!("join(\",\", {})", e(a)),
        Shaped::Split(a) => format!("split(\",\", {})", e(a)),
        Shaped::Cidr(a) => format!("cidrsubnet(\"10.0.0.0/16\", 8, {})", e(a)),
        Shaped::Regexall(a) => format!("regexall(\"[a-z]+\", {})", e(a)),
        Shaped::Templatefile(vars) => {
            let mut seen = Vec::new();
            let mut args = Vec::new();
            for (name, value) in vars.iter() {
                if !seen.contains(name) {
                    seen.push(*name);
                    args.push(format!("{} = {}", name.as_str(), e(value)));
                }
            }
            format!(
                "templatefile(\"${{path.module}}/t.tftpl\", {{ {} }})",
                args.join(", ")
            )
        }
        Shaped::Json(a) => format!("jsondecode(jsonencode({}))", e(a)),
        Shaped::Yaml(a) => format!("yamldecode(yamlencode({}))", e(a)),
        Shaped::Range(a, b) => format!("range({a}, {b})"),
        Shaped::Lookup(m, k, d) => format!("lookup({}, \"{}\", {})", e(m), k.as_str(), e(d)),
        Shaped::Try(a, b) => format!("try({}, {})", e(a), e(b)),
        Shaped::Setproduct(a, b) => format!("setproduct({}, {})", e(a), e(b)),
        Shaped::Merge(a, b) => format!("merge({}, {})", e(a), e(b)),
        Shaped::Zipmap(a, b) => format!("zipmap({}, {})", e(a), e(b)),
        Shaped::Formatlist(a) => format!("formatlist(\"%s-x\", {})", e(a)),
        Shaped::Flatten(a, b) => format!("flatten([{}, [{}]])", e(a), e(b)),
    };
    out.push_str(&text);
}
