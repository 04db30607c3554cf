//! What the Terraform front-end knows of IAM: the provider's attributes of
//! users (for the evaluator), and how key and login profile blocks of a
//! module instance become model facts.

use super::accounts;
use super::config::{Mode, Resource};
use super::eval::{
    Attribute, Attributes, ChildCalls, Evaluator, Instance, InstanceKey, Instances, ModuleInstance,
    Scope,
};
use super::value::Value;
use crate::model::{
    AccessKey, Declaration, DeclaredUser, KeyStatus, LoginProfile, MODULE_CALL, Model,
    ResourceKind, UserId,
};

/// The `hashicorp/aws` provider's attributes of IAM users: a user's `name`
/// and `id` are its name, known when its `name` argument is and otherwise
/// the identity of the user instance; its other attributes (`arn`,
/// `unique_id`) are known only after apply. The `aws_iam_user` data source
/// echoes `user_name`. Every other attribute is its argument.
pub struct IamAttributes;

impl Attributes for IamAttributes {
    fn attribute<'a>(&self, mode: Mode, rtype: &str, attr: &'a str) -> Attribute<'a> {
        if rtype != ResourceKind::User.terraform_type() {
            return Attribute::Argument(attr);
        }
        match (mode, attr) {
            (Mode::Managed, "name" | "id") => Attribute::Identifying("name"),
            (Mode::Data, "user_name") => Attribute::Argument("user_name"),
            _ => Attribute::Unknown,
        }
    }

    fn echoed(&self, mode: Mode, rtype: &str) -> &'static [&'static str] {
        match mode {
            Mode::Managed if rtype == ResourceKind::User.terraform_type() => &["id"],
            _ => &[],
        }
    }
}

/// Collects the IAM facts of a module instance and, recursively, its children.
pub(super) fn extract(ev: &Evaluator<'_>, m: &ModuleInstance, model: &mut Model) {
    model
        .suppressions
        .extend(m.config.suppressions.iter().cloned());
    for (idx, resource) in m.config.resources.iter().enumerate() {
        if resource.mode != Mode::Managed {
            continue;
        }
        match ResourceKind::from_terraform_type(&resource.rtype) {
            Some(kind @ (ResourceKind::AccessKey | ResourceKind::LoginProfile)) => {
                let since = model.unresolved.len();
                extract_resource(ev, m, idx, kind, model);
                model.notes_concern(since, kind);
            }
            Some(ResourceKind::User) => {
                let since = model.unresolved.len();
                users(ev, m, idx, model);
                model.notes_concern(since, ResourceKind::User);
            }
            None => {}
        }
    }
    for call in &m.config.modules {
        match &*ev.children(m, &call.name) {
            ChildCalls::Known(children) => {
                for (_, child) in children {
                    extract(ev, child, model);
                }
            }
            ChildCalls::Opaque(reason) => {
                let address = format!("{}module.{}", m.path, call.name);
                model.unresolved(
                    call.location.clone(),
                    &address,
                    format!("module not followed: {reason}"),
                );
            }
        }
    }
}

/// Records each instance of a user block whose name is known (what a
/// credential report is tied back to), and notes each whose name is not:
/// keys and login profiles that refer to it are then compared with each
/// other only, never with a user known by name (a literal `"alice"` may be
/// that user).
fn users(ev: &Evaluator<'_>, m: &ModuleInstance, idx: usize, model: &mut Model) {
    let resource = &m.config.resources[idx];
    let address = m.address(resource);
    let list = match &*ev.instances(m, idx) {
        Instances::Known(list) if m.every.is_empty() => list.clone(),
        // How many users, and which, is not known: none is tied to what an
        // account records (keys and profiles still meet them by identity).
        Instances::Known(_) | Instances::Every(..) => return,
        Instances::Unknown(reason) => {
            model.unresolved(resource.location.clone(), &address, reason.clone());
            return;
        }
    };
    let text = resource.attrs.get("name").map(|e| e.text());
    // Only a provably known account ties a user to a report's rows.
    let provider = ev.provider(m, &resource.provider_name());
    let account = accounts::account_of(&provider).ok();
    let mut decl = None;
    for instance in &list {
        let suffix = instance.key.as_ref().map(InstanceKey::suffix);
        if let Value::String(name) = ev.resource_attr(m, idx, instance, "name") {
            let decl = *decl.get_or_insert_with(|| {
                model.declare(Declaration {
                    address: address.clone(),
                    kind: ResourceKind::User,
                    location: resource.location.clone(),
                    via: m.via.clone(),
                    via_kind: MODULE_CALL,
                    notes: Vec::new(),
                })
            });
            let mut user = UserId::named(&name);
            if let Some(account) = &account {
                user = user.in_account(account);
            }
            model.users.push(DeclaredUser {
                decl,
                instance: suffix,
                user,
            });
            continue;
        }
        let suffix = suffix.unwrap_or_default();
        let reason = match &text {
            Some(text) => format!("name = {text} could not be resolved"),
            None => "the user has no name argument".to_owned(),
        };
        let reason = format!(
            "{reason}: keys and login profiles that refer to this user are compared with each other only, not with users known by name"
        );
        model.partly_checked(
            resource.location.clone(),
            &format!("{address}{suffix}"),
            reason,
        );
    }
}

/// The instances of one key or login profile block, each with its user
/// (and, for keys, status), or an unresolved note saying what is not known.
fn extract_resource(
    ev: &Evaluator<'_>,
    m: &ModuleInstance,
    idx: usize,
    kind: ResourceKind,
    model: &mut Model,
) {
    let resource = &m.config.resources[idx];
    let address = m.address(resource);
    let instances = ev.instances(m, idx);
    let mut every = m.every.clone();
    let list: &[Instance] = match &*instances {
        Instances::Known(list) if list.is_empty() => return,
        Instances::Known(list) => list,
        Instances::Every(instance, quantifiers) => {
            let shown: Vec<&str> = quantifiers.iter().map(|q| q.shown.as_str()).collect();
            let reason = format!(
                "how many instances, and which, is not known: one stands for {}, and a finding on it holds for each",
                shown.join(" ")
            );
            model.partly_checked(resource.location.clone(), &address, reason);
            every.extend(quantifiers.iter().cloned());
            std::slice::from_ref(instance)
        }
        Instances::Unknown(reason) => {
            model.unresolved(resource.location.clone(), &address, reason.clone());
            return;
        }
    };
    let decl = model.declare(Declaration {
        address: address.clone(),
        kind,
        location: resource.location.clone(),
        via: m.via.clone(),
        via_kind: MODULE_CALL,
        notes: Vec::new(),
    });
    let provider = ev.provider(m, &resource.provider_name());
    let account = accounts::account_of(&provider).unwrap_or_else(|why| {
        let reason = format!(
            "the account its provider configuration targets is not known ({why}): compared only with resources of the same configuration"
        );
        model.partly_checked(resource.location.clone(), &address, reason);
        format!("unknown:{}", provider.id)
    });
    for instance in list {
        let suffix = instance.key.as_ref().map(InstanceKey::suffix);
        let instance = Facts {
            ev,
            m,
            resource,
            scope: Scope::of(instance),
            address: format!("{address}{}", suffix.as_deref().unwrap_or("")),
        };
        let Some(user) = instance.user(model) else {
            continue;
        };
        let user = user.in_account(&account);
        if kind == ResourceKind::LoginProfile {
            model.login_profiles.push(LoginProfile {
                decl,
                instance: suffix,
                user,
                every: every.clone(),
            });
            continue;
        }
        let Some(active) = instance.active(model) else {
            continue;
        };
        model.access_keys.push(AccessKey {
            decl,
            instance: suffix,
            user,
            active,
            existing: false,
            every: every.clone(),
        });
    }
}

/// What an error says in place of its reason when the value is sensitive
/// (the reason may quote the value).
const SENSITIVE_REASON: &str = "(the reason is not shown: the value is sensitive)";

/// One instance of a key or login profile block, being read.
struct Facts<'e, 'l> {
    ev: &'e Evaluator<'l>,
    m: &'e ModuleInstance,
    resource: &'e Resource,
    scope: Scope,
    address: String,
}

impl Facts<'_, '_> {
    /// The user of the instance, or `None` (noted as unresolved).
    fn user(&self, model: &mut Model) -> Option<UserId> {
        let Some(expr) = self.resource.attrs.get("user") else {
            self.unresolved(model, "no user argument".to_owned());
            return None;
        };
        let (value, taint) = self.ev.eval_marked(self.m, &expr.expr, &self.scope);
        let sensitive = taint.hidden();
        let shown = |user: UserId| match sensitive {
            true => user.sensitive(&expr.text()),
            false => user,
        };
        match value {
            // No IAM user has an empty name: a module's `name = ""` default
            // is a placeholder for the caller's, which is the same
            // wherever the same expression is written in this module.
            Value::String(name) if name.is_empty() => {
                // Per instance when it depends on the instance.
                let text = expr.exact_text();
                let base = self.m.address(self.resource);
                let instance = match text.contains("each.") || text.contains("count.") {
                    true => self.address.strip_prefix(&base).unwrap_or(&self.address),
                    false => "",
                };
                let identity = format!("{}{text}{instance}", self.m.path);
                let reason = format!(
                    "the user's name is empty, a placeholder no IAM user can have: compared only with keys and login profiles whose user is written `{}` too",
                    expr.text()
                );
                model.partly_checked(self.resource.location.clone(), &self.address, reason);
                Some(shown(UserId::by_identity(&identity, &expr.text())))
            }
            Value::String(name) => Some(shown(UserId::named(&name))),
            Value::Unknown(Some(identity)) => {
                let reason = format!(
                    "the user's name is not known ({identity}): compared only with keys and login profiles of the same {identity}, not with users known by name"
                );
                let location = self.resource.location.clone();
                model.partly_checked(location, &self.address, reason);
                Some(shown(UserId::by_identity(&identity, &identity)))
            }
            Value::Error(reason) => {
                let text = expr.text();
                let reason = if sensitive {
                    SENSITIVE_REASON.into()
                } else {
                    reason
                };
                self.unresolved(model, format!("user = {text} fails in Terraform: {reason}"));
                None
            }
            _ => {
                self.unresolved(
                    model,
                    format!("user = {} could not be resolved", expr.text()),
                );
                None
            }
        }
    }

    /// Whether the key instance is active (no `status` means `Active`), or
    /// `None` (noted as unresolved).
    fn active(&self, model: &mut Model) -> Option<bool> {
        let expr = self.resource.attrs.get("status");
        let status = match expr {
            // Only whether the status is known matters: it is never shown.
            Some(expr) => self.ev.eval(self.m, &expr.expr, &self.scope),
            None => Value::Null,
        };
        let active = match &status {
            Value::Null => Some(true),
            Value::String(s) => KeyStatus::parse(s).map(KeyStatus::is_active),
            _ => None,
        };
        if active.is_none() {
            let text = expr.map(|e| e.text()).unwrap_or_default();
            self.unresolved(model, format!("status = {text} could not be resolved"));
        }
        active
    }

    fn unresolved(&self, model: &mut Model, reason: String) {
        model.unresolved(self.resource.location.clone(), &self.address, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::terraform::eval::tests::eval_with;

    const USERS: &str = r#"
variable "unknown" {}
resource "aws_iam_user" "known" { name = "kim" }
resource "aws_iam_user" "unnamed" { name = var.unknown }
resource "aws_iam_user" "many" {
  count = 2
  name  = "u${count.index}"
}
data "aws_iam_user" "looked_up" { user_name = "ops" }
resource "aws_iam_group" "g" { name = "devs" }
"#;

    fn eval(expr: &str) -> Value {
        eval_with(&IamAttributes, USERS, expr)
    }

    #[test]
    fn user_names_resolve_to_names_or_identities() {
        assert_eq!(eval("aws_iam_user.known.name"), Value::string("kim"));
        assert_eq!(eval("aws_iam_user.known.id"), Value::string("kim"));
        assert_eq!(eval("aws_iam_user.known.arn"), Value::UNKNOWN);
        assert_eq!(
            eval("aws_iam_user.unnamed.name"),
            Value::unknown_as("aws_iam_user.unnamed")
        );
        assert_eq!(eval("aws_iam_user.many[1].name"), Value::string("u1"));
        // No such instance, or a counted resource used without an index.
        assert!(matches!(eval("aws_iam_user.many[5].name"), Value::Error(_)));
        assert!(matches!(eval("aws_iam_user.many.name"), Value::Error(_)));
        // The instance as an object has its name and id, and nothing else.
        assert_eq!(eval("aws_iam_user.known.id"), Value::string("kim"));
        assert_eq!(
            eval("[for u in aws_iam_user.many : u.id]"),
            Value::list(vec![Value::string("u0"), Value::string("u1")])
        );
        assert_eq!(eval("aws_iam_user.many[0].arn"), Value::UNKNOWN);
    }

    #[test]
    fn data_sources_and_other_types_echo_their_arguments() {
        assert_eq!(
            eval("data.aws_iam_user.looked_up.user_name"),
            Value::string("ops")
        );
        assert_eq!(eval("data.aws_iam_user.looked_up.arn"), Value::UNKNOWN);
        assert_eq!(eval("aws_iam_group.g.name"), Value::string("devs"));
    }
}
