//! The instances of resources and module calls: `count` and `for_each`.

use std::rc::Rc;

use super::{Evaluator, Instance, InstanceKey, Instances, ModuleInstance, Scope, Slot};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::config::Expr;
use crate::frontend::terraform::value::Value;

impl Evaluator<'_> {
    /// The instances of resource `idx`, memoised.
    pub fn instances(&self, m: &ModuleInstance, idx: usize) -> Rc<Instances> {
        if let Some(slot) = m.instances.borrow().get(&idx) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::InProgress => Rc::new(Instances::Unknown(
                    "count or for_each refers to itself".into(),
                )),
            };
        }
        m.instances.borrow_mut().insert(idx, Slot::InProgress);
        let resource = &m.config.resources[idx];
        let result = Rc::new(self.expand(
            m,
            resource.count.as_ref(),
            resource.for_each.as_ref(),
            &Scope::default(),
        ));
        m.instances
            .borrow_mut()
            .insert(idx, Slot::Done(result.clone()));
        result
    }

    /// Expands `count` / `for_each` into instances.
    pub fn expand(
        &self,
        m: &ModuleInstance,
        count: Option<&Expr>,
        for_each: Option<&Expr>,
        scope: &Scope,
    ) -> Instances {
        if let Some(count) = count {
            // A sensitive count is allowed, and instance numbers show nothing.
            let (v, _) = self.eval_marked(m, &count.expr, scope);
            return match v.as_number().and_then(|n| n.to_i64()) {
                Some(n) if (0..=100_000).contains(&n) && budget::elements(n as usize) => {
                    Instances::Known(
                        (0..n as usize)
                            .map(|i| Instance {
                                key: Some(InstanceKey::Index(i)),
                                count_index: Some(i),
                                each: None,
                            })
                            .collect(),
                    )
                }
                _ => Instances::Unknown(format!(
                    "count = {} could not be resolved{}",
                    count.text(),
                    reason_of(&v)
                )),
            };
        }
        if let Some(for_each) = for_each {
            return self.for_each_instances(m, for_each, scope);
        }
        Instances::Known(vec![Instance {
            key: None,
            count_index: None,
            each: None,
        }])
    }

    /// The instances of a `for_each`: one per map key or set element.
    fn for_each_instances(&self, m: &ModuleInstance, for_each: &Expr, scope: &Scope) -> Instances {
        let (v, taint) = self.eval_marked(m, &for_each.expr, scope);
        if taint.sensitive {
            // Instance keys are shown in addresses. Terraform rejects
            // sensitive keys but allows sensitive values in a map, and
            // keylint cannot tell the two apart.
            return Instances::Unknown(format!(
                "for_each = {} is derived from a sensitive value, and its keys would be shown",
                for_each.text()
            ));
        }
        let why = reason_of(&v);
        let reason = || {
            Instances::Unknown(format!(
                "for_each = {} could not be resolved{why}",
                for_each.text()
            ))
        };
        if !v.is_wholly_known() && !matches!(v, Value::Map(_)) {
            return reason();
        }
        match v {
            Value::Map(entries) => Instances::Known(
                entries
                    .iter()
                    .map(|(k, v)| Instance {
                        key: Some(InstanceKey::Key(k.clone())),
                        count_index: None,
                        each: Some((Value::string(k.as_str()), v.clone())),
                    })
                    .collect(),
            ),
            Value::List(_) => Instances::Unknown(format!(
                "for_each = {} is a list; Terraform requires a map or a set (toset(...))",
                for_each.text()
            )),
            Value::Set(items) => {
                let mut keys: Vec<Rc<str>> = Vec::new();
                for item in items.iter() {
                    match item {
                        Value::String(s) => keys.push(s.clone()),
                        _ => return reason(),
                    }
                }
                Instances::Known(
                    keys.into_iter()
                        .map(|k| Instance {
                            key: Some(InstanceKey::Key(k.to_string())),
                            count_index: None,
                            each: Some((Value::String(k.clone()), Value::String(k))),
                        })
                        .collect(),
                )
            }
            _ => reason(),
        }
    }
}

/// `: <why>` for an error value, else nothing.
fn reason_of(value: &Value) -> String {
    match value {
        Value::Error(reason) => format!(": {reason}"),
        _ => String::new(),
    }
}
