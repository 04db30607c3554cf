//! A template as a tree, and the tree as JSON or YAML text.

use crate::arb::json_string;

/// A node of a template.
#[derive(Debug, Clone)]
pub enum Node {
    /// A string.
    Str(String),
    /// A number.
    Num(i64),
    /// A boolean.
    Bool(bool),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in order.
    Map(Vec<(String, Node)>),
    /// An intrinsic function (`Ref`, `Condition`, `Fn::Join`, ...) and its
    /// argument: a one-key mapping, or a short-form tag in YAML.
    Fn(&'static str, Box<Node>),
}

impl Node {
    /// A string node.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// A function node.
    pub fn call(name: &'static str, arg: Node) -> Node {
        Node::Fn(name, Box::new(arg))
    }

    /// A mapping node from borrowed keys.
    pub fn map<'a>(entries: impl IntoIterator<Item = (&'a str, Node)>) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }
}

/// Functions YAML has a short-form tag for.
const SHORT: &[&str] = &[
    "Ref",
    "Condition",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::If",
    "Fn::FindInMap",
    "Fn::ImportValue",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::Base64",
];

/// `node` as JSON.
pub fn json(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent + 2);
    match node {
        Node::Str(s) => out.push_str(&json_string(s)),
        Node::Num(n) => out.push_str(&n.to_string()),
        Node::Bool(b) => out.push_str(&b.to_string()),
        Node::Seq(items) if items.is_empty() => out.push_str("[]"),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&pad);
                json(item, indent + 2, out);
            }
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&pad);
                out.push_str(&json_string(key));
                out.push_str(": ");
                json(value, indent + 2, out);
            }
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
        Node::Fn(name, arg) => json(&Node::map([(*name, (**arg).clone())]), indent, out),
    }
}

/// How YAML is written.
#[derive(Clone, Copy)]
pub struct Yaml {
    /// Short-form tags for the functions that have one.
    pub short_tags: bool,
    /// Plain scalars where they are safe.
    pub plain: bool,
    /// Collections this deep (in indentation) or deeper in flow style.
    pub flow_from: usize,
}

impl Yaml {
    /// A scalar: plain when that is allowed and safe, else double-quoted.
    fn scalar(&self, s: &str, flow: bool) -> String {
        let safe = !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.chars().all(|c| {
                c.is_alphanumeric() || "-_./".contains(c) || (!flow && "${}&".contains(c))
            });
        if self.plain && safe {
            s.to_owned()
        } else {
            json_string(s)
        }
    }

    /// A mapping key: plain when it is a simple name (as logical ids and
    /// `Fn::ForEach::Name` are), else double-quoted.
    fn key(&self, s: &str) -> String {
        if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == ':') {
            s.to_owned()
        } else {
            json_string(s)
        }
    }

    /// The short tag of a function, if written with one: not when its
    /// argument is a tagged node too (a node has one tag).
    fn tag(&self, name: &str, arg: &Node) -> Option<String> {
        let nested = matches!(arg, Node::Fn(inner, _) if self.short_tags && SHORT.contains(inner));
        (self.short_tags && SHORT.contains(&name) && !nested)
            .then(|| format!("!{}", name.strip_prefix("Fn::").unwrap_or(name)))
    }

    /// The whole document (a mapping at the top).
    pub fn document(&self, node: &Node) -> String {
        let mut out = String::new();
        if let Node::Map(entries) = node {
            for (key, value) in entries {
                out.push_str(&self.key(key));
                out.push(':');
                self.value(value, 2, &mut out);
            }
        }
        out
    }

    /// Writes `node` after `key:` or `-` (nested lines at `indent`),
    /// ending with a newline.
    fn value(&self, node: &Node, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match node {
            Node::Seq(items) if indent >= self.flow_from || items.is_empty() => {
                out.push(' ');
                out.push_str(&self.flow(node));
                out.push('\n');
            }
            Node::Map(entries) if indent >= self.flow_from || entries.is_empty() => {
                out.push(' ');
                out.push_str(&self.flow(node));
                out.push('\n');
            }
            Node::Seq(items) => {
                out.push('\n');
                for item in items {
                    out.push_str(&pad);
                    out.push('-');
                    self.value(item, indent + 2, out);
                }
            }
            Node::Map(entries) => {
                out.push('\n');
                for (key, value) in entries {
                    out.push_str(&pad);
                    out.push_str(&self.key(key));
                    out.push(':');
                    self.value(value, indent + 2, out);
                }
            }
            Node::Fn(name, arg) => match self.tag(name, arg) {
                Some(tag) => {
                    out.push(' ');
                    out.push_str(&tag);
                    self.value(arg, indent, out);
                }
                None => self.value(&Node::map([(*name, (**arg).clone())]), indent, out),
            },
            scalar => {
                out.push(' ');
                out.push_str(&self.flow(scalar));
                out.push('\n');
            }
        }
    }

    /// `node` in flow style, on one line.
    fn flow(&self, node: &Node) -> String {
        match node {
            Node::Str(s) => self.scalar(s, true),
            Node::Num(n) => n.to_string(),
            Node::Bool(b) => b.to_string(),
            Node::Seq(items) => {
                let items: Vec<String> = items.iter().map(|i| self.flow(i)).collect();
                format!("[{}]", items.join(", "))
            }
            Node::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", json_string(k), self.flow(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
            Node::Fn(name, arg) => match self.tag(name, arg) {
                Some(tag) => format!("{tag} {}", self.flow(arg)),
                None => self.flow(&Node::map([(*name, (**arg).clone())])),
            },
        }
    }
}
