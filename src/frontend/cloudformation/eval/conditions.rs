//! Conditions: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` and
//! `Condition` references, three-valued and memoised.

use super::values::describe;
use super::{Env, Evaluator, Memo, Truth, Value};
use crate::frontend::cloudformation::tree::Node;

impl Evaluator<'_> {
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
        let _guard = match self.enter() {
            Ok(guard) => guard,
            Err(why) => return Truth::Unknown(format!("condition is {why}")),
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
