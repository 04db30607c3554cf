//! String templates: interpolations and `%{if}` directives.

use std::rc::Rc;

use hcl_edit::template::{Directive, Element, Template};

use super::{Evaluator, ModuleInstance, Scope};
use crate::frontend::terraform::value::Value;

impl Evaluator<'_> {
    pub(super) fn template(
        &self,
        m: &ModuleInstance,
        t: &Template,
        scope: &Scope,
        d: usize,
    ) -> Value {
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
}
