//! Provider configurations as a module instance sees them: its own
//! `provider` blocks, those its caller passes (`providers = { ... }`, or
//! the caller's default configurations), and the implied empty default.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::{Evaluator, ModuleInstance, Scope};
use crate::frontend::terraform::config::{ModuleCall, ProviderConfig};
use crate::frontend::terraform::value::Value;

/// One provider configuration, as resolved for a module instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedProvider {
    /// Which configuration it is: the block's address
    /// (`module.a.provider.aws.prod`), or `provider.aws` for the implied
    /// default that no block declares.
    pub id: Rc<str>,
    /// Its arguments, evaluated (an object); unknown for an aliased
    /// configuration that no block declares.
    pub value: Value,
}

impl Evaluator<'_> {
    /// The configuration a module instance knows by `name` (`aws`,
    /// `aws.prod`), memoised.
    pub fn provider(&self, m: &ModuleInstance, name: &str) -> ResolvedProvider {
        if let Some(hit) = m.providers.borrow().get(name) {
            return hit.clone();
        }
        let resolved = match m.config.providers.iter().find(|p| p.name == name) {
            Some(block) => ResolvedProvider {
                id: format!("{}provider.{name}", m.path).into(),
                value: self.provider_value(m, block),
            },
            None => match m.inherited.get(name) {
                Some(inherited) => inherited.clone(),
                // The implied default configuration: no arguments.
                None if !name.contains('.') => ResolvedProvider {
                    id: format!("provider.{name}").into(),
                    value: Value::map(BTreeMap::new()),
                },
                None => ResolvedProvider {
                    id: format!("{}provider.{name}", m.path).into(),
                    value: Value::UNKNOWN,
                },
            },
        };
        m.providers
            .borrow_mut()
            .insert(name.to_owned(), resolved.clone());
        resolved
    }

    fn provider_value(&self, m: &ModuleInstance, block: &ProviderConfig) -> Value {
        let entries = block
            .attrs
            .iter()
            .map(|(k, e)| (k.clone(), self.eval(m, &e.expr, &Scope::default())))
            .collect();
        Value::map(entries)
    }

    /// The configurations the instances of `call` get: those it names in
    /// `providers`, else every default (unaliased) configuration of the
    /// caller.
    pub(super) fn child_providers(
        &self,
        m: &ModuleInstance,
        call: &ModuleCall,
    ) -> HashMap<String, ResolvedProvider> {
        if !call.providers.is_empty() {
            return call
                .providers
                .iter()
                .map(|(child, parent)| (child.clone(), self.provider(m, parent)))
                .collect();
        }
        let names: Vec<String> = m
            .config
            .providers
            .iter()
            .map(|p| p.name.clone())
            .chain(m.inherited.keys().cloned())
            .filter(|n| !n.contains('.'))
            .collect();
        names
            .into_iter()
            .map(|n| {
                let resolved = self.provider(m, &n);
                (n, resolved)
            })
            .collect()
    }
}
