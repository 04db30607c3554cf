//! Values (`Ref`, `Fn::Sub`, `Fn::Join`, ...) to template nodes.

use super::node::Node;
use super::render::{Scope, Writer, entries};
use super::{Compound, Leaf, RefTarget, SubPart, SubVar, Val, ValKind};
use crate::arb::MAX_DEPTH;

impl Writer {
    /// The name a `Ref` (or `${..}`) names, or `None` for a loop identifier
    /// out of scope.
    pub(super) fn ref_name(&self, t: &RefTarget, sc: &Scope) -> Option<String> {
        Some(match t {
            RefTarget::User(id) | RefTarget::User2(id) => self.user_id(*id).into(),
            RefTarget::Other(id) => id.as_str().into(),
            RefTarget::Copy(id, w) => format!("{}{}", id.as_str(), w.as_str()),
            RefTarget::Param(p) => self.param_name(*p).into(),
            RefTarget::Loop(v) if self.loose || sc.loops.contains(&v.as_str()) => v.as_str().into(),
            RefTarget::Loop(_) => return None,
            RefTarget::Account => "AWS::AccountId".into(),
            RefTarget::StackName => "AWS::StackName".into(),
            RefTarget::NoValue => "AWS::NoValue".into(),
        })
    }

    pub(super) fn val(&self, v: &Val, sc: &Scope) -> Node {
        let inner = sc.deeper();
        let Some(kind) = v.get().filter(|_| sc.depth <= MAX_DEPTH) else {
            return Node::str("ci");
        };
        match kind {
            ValKind::Leaf(leaf) => self.leaf(leaf, sc),
            ValKind::Compound(compound) => self.compound(compound, &inner),
        }
    }

    fn leaf(&self, leaf: &Leaf, sc: &Scope) -> Node {
        let call = |name, args: Vec<Node>| Node::call(name, Node::Seq(args));
        match leaf {
            Leaf::Lit(w) | Leaf::Lit2(w) => Node::str(w.as_str()),
            Leaf::Ref(t) | Leaf::Ref2(t) | Leaf::Ref3(t) => match self.ref_name(t, sc) {
                Some(name) => Node::call("Ref", Node::str(name)),
                None => Node::str("alice"),
            },
            Leaf::GetAtt(id, attr) => call(
                "Fn::GetAtt",
                vec![Node::str(self.user_id(*id)), Node::str(attr.as_str())],
            ),
            Leaf::Sub(parts) => self.sub(&parts.0, &[], sc),
            Leaf::FindKeys(m, a, b) => call(
                "Fn::FindInMap",
                vec![
                    Node::str(self.map_name(*m)),
                    Node::str(a.as_str()),
                    Node::str(b.as_str()),
                ],
            ),
            Leaf::GetAzs => Node::call("Fn::GetAZs", Node::str("")),
            Leaf::Number(n) => Node::Num(i64::from(*n)),
            Leaf::Bool(b) => Node::Bool(*b),
        }
    }

    /// A value made of values, `inner` the scope of its parts.
    fn compound(&self, compound: &Compound, inner: &Scope) -> Node {
        let call = |name, args: Vec<Node>| Node::call(name, Node::Seq(args));
        match compound {
            Compound::Sub(parts, vars) => self.sub(&parts.0, &vars.0, inner),
            Compound::Join(delimiter, items) => {
                let items = items.iter().map(|i| self.val(i, inner)).collect();
                call(
                    "Fn::Join",
                    vec![Node::str(delimiter.as_str()), Node::Seq(items)],
                )
            }
            Compound::Select(i, list) => {
                let index = if *i < 128 {
                    Node::Num(i64::from(i % 3))
                } else {
                    Node::str((i % 3).to_string())
                };
                call("Fn::Select", vec![index, self.val(list, inner)])
            }
            Compound::Split(s) => call("Fn::Split", vec![Node::str(","), self.val(s, inner)]),
            Compound::If(c, a, b) => call(
                "Fn::If",
                vec![
                    Node::str(self.cond_name(*c)),
                    self.val(a, inner),
                    self.val(b, inner),
                ],
            ),
            Compound::FindInMap(m, a, b, default) => {
                let map = Node::str(self.map_name(*m));
                let mut args = vec![map, self.val(a, inner), self.val(b, inner)];
                if let Some(d) = default {
                    args.push(Node::map([("DefaultValue", self.val(d, inner))]));
                }
                call("Fn::FindInMap", args)
            }
            Compound::ImportValue(v) => Node::call("Fn::ImportValue", self.val(v, inner)),
            Compound::Length(v) => Node::call("Fn::Length", self.val(v, inner)),
            Compound::ToJsonString(v) => Node::call("Fn::ToJsonString", self.val(v, inner)),
            Compound::Base64(v) => Node::call("Fn::Base64", self.val(v, inner)),
            Compound::List(items) => Node::Seq(items.iter().map(|i| self.val(i, inner)).collect()),
        }
    }

    /// `Fn::Sub`: a template string, with a variable map when there are
    /// variables.
    fn sub(&self, parts: &[SubPart], vars: &[(SubVar, Val)], sc: &Scope) -> Node {
        let mut text = String::new();
        for part in parts {
            match part {
                SubPart::Text(w) => text.push_str(w.as_str()),
                SubPart::Ref(t) => match self.ref_name(t, sc) {
                    Some(name) => text.push_str(&format!("${{{name}}}")),
                    None => text.push_str("bob"),
                },
                SubPart::Attr(id, attr) => {
                    text.push_str(&format!("${{{}.{}}}", self.user_id(*id), attr.as_str()))
                }
                SubPart::Var(v) => text.push_str(&format!("${{{}}}", v.as_str())),
                SubPart::Bang => text.push_str("${!Literal}"),
            }
        }
        if vars.is_empty() {
            return Node::call("Fn::Sub", Node::str(text));
        }
        let inner = sc.deeper();
        let vars = vars
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), self.val(value, &inner)));
        Node::call("Fn::Sub", Node::Seq(vec![Node::str(text), entries(vars)]))
    }
}
