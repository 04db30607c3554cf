//! String templates: interpolations and the `%{if}` and `%{for}`
//! directives, with their whitespace strip markers (`~`).

use hcl_edit::template::{Directive, Element, ForDirective, IfDirective, Template};

use super::{Evaluator, ModuleInstance, Scope};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::value::Value;

/// Which ends of a template's text its surroundings strip: `%{ if c ~}`
/// strips the start of the body, `%{~ endif }` its end.
#[derive(Clone, Copy, Default)]
struct Trim {
    start: bool,
    end: bool,
}

/// Why a template has no known text: unknown, or an error (the value).
type Rendered = Result<(), Value>;

impl Evaluator<'_> {
    pub(super) fn template(
        &self,
        m: &ModuleInstance,
        t: &Template,
        scope: &Scope,
        d: usize,
    ) -> Value {
        // `"${x}"` is x itself, not its string form: identities survive.
        if let [Element::Interpolation(i)] = t.iter().collect::<Vec<_>>().as_slice() {
            return self.eval_at(m, &i.expr, scope, d);
        }
        let mut out = String::new();
        match self.render(m, t, scope, d, Trim::default(), &mut out) {
            Ok(()) => Value::string(out),
            Err(value) => value,
        }
    }

    /// Appends a template's text to `out`.
    fn render(
        &self,
        m: &ModuleInstance,
        t: &Template,
        scope: &Scope,
        d: usize,
        trim: Trim,
        out: &mut String,
    ) -> Rendered {
        let elements: Vec<&Element> = t.iter().collect();
        // Set by a sequence ending in `~`: the next literal loses its
        // leading white space.
        let mut strip_next = trim.start;
        // Where the text of the latest literal starts in `out`.
        let mut literal_start = out.len();
        for (i, element) in elements.iter().enumerate() {
            // Each piece is a value of at most 1 MiB: checked as it grows.
            if !budget::room_for_string(out.len()) {
                return Err(Value::UNKNOWN);
            }
            let last = i + 1 == elements.len();
            let strips_before = match element {
                Element::Literal(_) => false,
                Element::Interpolation(interp) => interp.strip.strip_start(),
                Element::Directive(directive) => match &**directive {
                    Directive::If(ifd) => ifd.if_expr.strip.strip_start(),
                    Directive::For(ford) => ford.for_expr.strip.strip_start(),
                },
            };
            if strips_before && i > 0 && matches!(elements[i - 1], Element::Literal(_)) {
                let kept = out[literal_start..].trim_end().len();
                out.truncate(literal_start + kept);
            }
            match element {
                Element::Literal(lit) => {
                    let mut text = lit.as_str();
                    if std::mem::take(&mut strip_next) {
                        text = text.trim_start();
                    }
                    if last && trim.end {
                        text = text.trim_end();
                    }
                    literal_start = out.len();
                    out.push_str(text);
                    continue;
                }
                Element::Interpolation(interp) => {
                    let value = self.eval_at(m, &interp.expr, scope, d);
                    out.push_str(&interpolated(value)?);
                    strip_next = interp.strip.strip_end();
                }
                Element::Directive(directive) => {
                    strip_next = match &**directive {
                        Directive::If(ifd) => self.if_directive(m, ifd, scope, d, out)?,
                        Directive::For(ford) => self.for_directive(m, ford, scope, d, out)?,
                    };
                }
            }
        }
        Ok(())
    }

    /// `%{ if c }...%{ else }...%{ endif }`; whether the text after it is
    /// stripped.
    fn if_directive(
        &self,
        m: &ModuleInstance,
        ifd: &IfDirective,
        scope: &Scope,
        d: usize,
        out: &mut String,
    ) -> Result<bool, Value> {
        let cond = self.eval_at(m, &ifd.if_expr.cond_expr, scope, d);
        let closing = ifd.endif_expr.strip;
        let else_strip = ifd.else_expr.as_ref().map(|e| e.strip);
        let branch = match (cond.as_bool(), &cond) {
            (_, Value::Error(_)) => return Err(cond),
            (Some(true), _) => Some((
                &ifd.if_expr.template,
                Trim {
                    start: ifd.if_expr.strip.strip_end(),
                    end: else_strip.unwrap_or(closing).strip_start(),
                },
            )),
            (Some(false), _) => ifd.else_expr.as_ref().map(|e| {
                let trim = Trim {
                    start: e.strip.strip_end(),
                    end: closing.strip_start(),
                };
                (&e.template, trim)
            }),
            (None, Value::Null) => {
                return Err(Value::error("the condition of %{if} is null"));
            }
            (None, _) => return Err(Value::UNKNOWN),
        };
        if let Some((template, trim)) = branch {
            self.render(m, template, scope, d, trim, out)?;
        }
        Ok(closing.strip_end())
    }

    /// `%{ for k, v in c }...%{ endfor }`; whether the text after it is
    /// stripped.
    fn for_directive(
        &self,
        m: &ModuleInstance,
        ford: &ForDirective,
        scope: &Scope,
        d: usize,
        out: &mut String,
    ) -> Result<bool, Value> {
        let f = &ford.for_expr;
        let collection = self.eval_at(m, &f.collection_expr, scope, d);
        let pairs = super::expressions::pairs(&collection)?;
        let trim = Trim {
            start: f.strip.strip_end(),
            end: ford.endfor_expr.strip.strip_start(),
        };
        for (k, v) in pairs {
            let mut names = vec![(f.value_var.as_str().to_owned(), v)];
            if let Some(key_var) = &f.key_var {
                names.push((key_var.as_str().to_owned(), k));
            }
            self.render(m, &f.template, &scope.bind(&names), d, trim, out)?;
        }
        Ok(ford.endfor_expr.strip.strip_end())
    }
}

/// A value's text in a template: strings, numbers and booleans; an unknown
/// makes the template unknown; anything else is an error in Terraform.
fn interpolated(value: Value) -> Result<std::rc::Rc<str>, Value> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    match value {
        Value::Unknown(_) => Err(Value::UNKNOWN),
        Value::Error(_) => Err(value),
        other => Err(Value::error(format!(
            "a {} cannot be part of a string",
            other.type_name()
        ))),
    }
}
