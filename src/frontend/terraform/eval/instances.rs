//! The instances of resources and module calls: `count` and `for_each`.

use std::rc::Rc;

use hcl_edit::expr::Expression;

use super::{Evaluator, Instance, InstanceKey, Instances, ModuleInstance, Scope, Slot};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::config::Expr;
use crate::frontend::terraform::value::Value;
use crate::model::Quantifier;

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
                                every_index: None,
                            })
                            .collect(),
                    )
                }
                _ => every_index(m, count, &v).unwrap_or_else(|| {
                    Instances::Unknown(format!(
                        "count = {} could not be resolved{}",
                        count.text(),
                        reason_of(&v)
                    ))
                }),
            };
        }
        if let Some(for_each) = for_each {
            return self.for_each_instances(m, for_each, scope);
        }
        Instances::Known(vec![Instance {
            key: None,
            count_index: None,
            each: None,
            every_index: None,
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
            let every = self.every_passing_entry(m, for_each, scope);
            every
                .or_else(|| every_entry(m, for_each, &v))
                .unwrap_or_else(|| {
                    Instances::Unknown(format!(
                        "for_each = {} could not be resolved{why}",
                        for_each.text()
                    ))
                })
        };
        if !v.is_wholly_known() && !matches!(v, Value::Map(_)) {
            return reason();
        }
        match &v {
            Value::Map(entries) => Instances::Known(
                entries
                    .iter()
                    .map(|(k, v)| Instance {
                        key: Some(InstanceKey::Key(k.clone())),
                        count_index: None,
                        each: Some((Value::string(k.as_str()), v.clone())),
                        every_index: None,
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
                            every_index: None,
                        })
                        .collect(),
                )
            }
            _ => reason(),
        }
    }

    /// The one instance standing for every element of a collection not
    /// known that passes a filter: `for_each = { for k, v in var.users : k
    /// => v if v.console }`. Its elements are the collection's own (the
    /// same keys, so blocks over the collection meet it element by
    /// element), and it ranges over the collection and over the filter.
    /// `None` for any other shape (it then stands for its own collection).
    fn every_passing_entry(
        &self,
        m: &ModuleInstance,
        for_each: &Expr,
        scope: &Scope,
    ) -> Option<Instances> {
        let Expression::ForExpr(f) = &for_each.expr else {
            return None;
        };
        let cond = f.cond.as_ref()?;
        let key_var = f.intro.key_var.as_ref()?;
        // The keys must be the collection's own, one value each.
        let same_key =
            matches!(&f.key_expr, Some(Expression::Variable(k)) if k.as_str() == key_var.as_str());
        if !same_key || f.grouping {
            return None;
        }
        let source = self.eval(m, &f.intro.collection_expr, scope);
        let Value::Unknown(Some(id)) = source else {
            return None;
        };
        let whole = Expr {
            expr: f.intro.collection_expr.clone(),
            source: for_each.source.clone(),
        };
        let (id, shown) = collection(m, &whole, &Value::Unknown(Some(id)), "")?;
        let value_is_element = matches!(&f.value_expr, Expression::Variable(v) if v.as_str() == f.intro.value_var.as_str());
        let value = match value_is_element {
            true => Value::unknown_as(format!("each.value of {id}")),
            false => Value::UNKNOWN,
        };
        let filter = Expr {
            expr: cond.expr.clone(),
            source: for_each.source.clone(),
        };
        let collection = Quantifier {
            shown: format!("every entry of {shown}"),
            id: id.clone(),
            filter: false,
        };
        // A filter that does not depend on the element (`if var.console`,
        // enumerated by --all-inputs) keeps every element or none.
        let element = [
            (
                key_var.as_str().to_owned(),
                Value::unknown_as(format!("each.key of {id}")),
            ),
            (
                f.intro.value_var.as_str().to_owned(),
                Value::unknown_as(format!("each.value of {id}")),
            ),
        ];
        match self.eval(m, &cond.expr, &scope.bind(&element)).as_bool() {
            Some(true) => return Some(Instances::Every(entry_of(&id, value), vec![collection])),
            Some(false) => return Some(Instances::Known(Vec::new())),
            None => {}
        }
        let quantifiers = vec![
            collection,
            Quantifier {
                shown: format!("that passes `if {}`", filter.text()),
                // The whole `for`: its names are the filter's.
                id: format!("{id} {}{}", m.path, for_each.exact_text()),
                filter: true,
            },
        ];
        Some(Instances::Every(entry_of(&id, value), quantifiers))
    }
}

/// The instance for any element of collection `id`, whose `each.value` is
/// `value`.
fn entry_of(id: &str, value: Value) -> Instance {
    let key: Rc<str> = format!("each.key of {id}").into();
    Instance {
        key: Some(InstanceKey::Every {
            binding: key.clone(),
            shown: "each.key",
        }),
        count_index: None,
        each: Some((Value::Unknown(Some(key)), value)),
        every_index: None,
    }
}

/// The item of `list` (instances of a resource or module call, in
/// expansion order) whose key is `key`. A block is referenced once per
/// instance of another, so it is looked up, not scanned: `count` instances
/// are numbered in order, and `for_each` ones sorted by key (map keys and
/// set elements both are).
pub(super) fn find_keyed<'a, T>(
    list: &'a [T],
    key_of: impl Fn(&T) -> Option<&InstanceKey>,
    key: &Value,
) -> Option<&'a T> {
    match key_of(list.first()?)? {
        InstanceKey::Index(_) => {
            let at = usize::try_from(key.as_number()?.to_i64()?).ok()?;
            let item = list.get(at)?;
            key_of(item).is_some_and(|k| k.matches(key)).then_some(item)
        }
        InstanceKey::Key(_) => {
            let Value::String(wanted) = key else {
                return None;
            };
            let at = list
                .binary_search_by(|item| match key_of(item) {
                    Some(InstanceKey::Key(k)) => k.as_str().cmp(wanted),
                    _ => std::cmp::Ordering::Less,
                })
                .ok()?;
            Some(&list[at])
        }
        InstanceKey::Every { .. } => list
            .iter()
            .find(|item| key_of(item).is_some_and(|k| k.matches(key))),
    }
}

/// The identity of a collection whose value is not known, and how to name
/// it: its value's identity, else (a function of unknowns, such as
/// `toset(var.users)`) its expression's text in this module instance, which
/// Terraform evaluates to the same value wherever it is written. Errors are
/// what Terraform fails on, and impure functions give a new value at each
/// call: neither is a collection. Messages name it as `` `PREFIX TEXT` ``
/// and the module instance it is in.
fn collection(
    m: &ModuleInstance,
    expr: &Expr,
    value: &Value,
    prefix: &str,
) -> Option<(String, String)> {
    let text = expr.text();
    let id = match value {
        Value::Unknown(Some(id)) => id.to_string(),
        Value::Error(_) => return None,
        _ if value.is_wholly_known() => return None,
        _ if ["uuid(", "timestamp(", "bcrypt("]
            .iter()
            .any(|f| expr.exact_text().contains(f)) =>
        {
            return None;
        }
        // The whole text: `text` is cut short for messages.
        _ => format!("{}{}", m.path, expr.exact_text()),
    };
    let place = match m.path.strip_suffix('.') {
        Some(path) => format!(" in `{path}`"),
        None => String::new(),
    };
    Some((id, format!("`{prefix}{text}`{place}")))
}

/// The one instance standing for every element of a `for_each` whose value
/// is not known.
fn every_entry(m: &ModuleInstance, for_each: &Expr, value: &Value) -> Option<Instances> {
    let (id, shown) = collection(m, for_each, value, "")?;
    let instance = entry_of(&id, Value::unknown_as(format!("each.value of {id}")));
    let quantifier = Quantifier {
        shown: format!("every entry of {shown}"),
        id,
        filter: false,
    };
    Some(Instances::Every(instance, vec![quantifier]))
}

/// The one instance standing for every instance of a `count` whose value
/// is not known.
fn every_index(m: &ModuleInstance, count: &Expr, value: &Value) -> Option<Instances> {
    let (id, shown) = collection(m, count, value, "count = ")?;
    let index: Rc<str> = format!("count.index of {id}").into();
    let instance = Instance {
        key: Some(InstanceKey::Every {
            binding: index.clone(),
            shown: "count.index",
        }),
        count_index: None,
        each: None,
        every_index: Some(index),
    };
    let quantifier = Quantifier {
        shown: format!("every instance of {shown}"),
        id: format!("count {id}"),
        filter: false,
    };
    Some(Instances::Every(instance, vec![quantifier]))
}

/// `: <why>` for an error value, else nothing.
fn reason_of(value: &Value) -> String {
    match value {
        Value::Error(reason) => format!(": {reason}"),
        _ => String::new(),
    }
}
