//! IAM facts of an expanded template: users with login profiles and access
//! keys with their user and status.
//!
//! A user's identity is its `UserName` when that is known. Without one,
//! CloudFormation generates a name, so the user is known only as "the user of
//! logical resource X": a literal `UserName: X` elsewhere names some other
//! (external) user, not this one.

use std::collections::HashMap;
use std::ops::Range;

use super::eval::{Evaluator, Truth, Value};
use super::resources::{Expansion, Resource};
use super::tree::{Node, entry_span};
use crate::model::{
    AccessKey, Declaration, KeyStatus, LoginProfile, Model, NESTED_STACK, Note, Quantifier,
    ResourceKind, UserId,
};
use crate::source::{Location, Source};

/// The resource type of IAM users.
const USER: &str = ResourceKind::User.cloudformation_type();

/// Reads the IAM facts of `expansion` into a model.
pub fn extract(source: &Source, eval: &Evaluator<'_>, expansion: &Expansion<'_>) -> Model {
    let mut walker = Walker {
        source,
        eval,
        users: HashMap::new(),
        model: Model::default(),
    };
    for skipped in &expansion.skipped {
        walker.unresolved(
            skipped.span.clone(),
            &skipped.address,
            skipped.reason.clone(),
        );
    }
    for (span, address) in &expansion.every {
        let reason = "its collection is not known: one copy stands for each value, and a finding on it holds for every one".to_owned();
        let location = Location::new(source, span.clone());
        walker.model.partly_checked(location, address, reason);
    }
    for resource in &expansion.resources {
        if resource_kind(resource.node) == Some(ResourceKind::User) {
            let user = walker.user_identity(resource);
            walker.users.insert(resource.logical_id.clone(), user);
        }
    }
    for resource in &expansion.resources {
        let suppressions = super::suppressions::of_resource(source, resource);
        walker.model.suppressions.extend(suppressions);
        let since = walker.model.unresolved.len();
        match resource_kind(resource.node) {
            Some(ResourceKind::User) => walker.user(resource),
            Some(ResourceKind::AccessKey) => walker.access_key(resource),
            _ => {}
        }
        if let Some(kind) = resource_kind(resource.node) {
            walker.model.notes_concern(since, kind);
        }
    }
    walker.model
}

/// The `Type` of a resource definition.
pub fn resource_type(node: &Node) -> Option<&str> {
    node.get("Type").and_then(Node::as_str)
}

/// The IAM kind of a resource definition, if it is one the rules read.
fn resource_kind(node: &Node) -> Option<ResourceKind> {
    resource_type(node).and_then(ResourceKind::from_cloudformation_type)
}

/// A property as evaluated, with the span of its entry.
struct Property {
    value: Value,
    span: Range<usize>,
    /// Where the value is written, when it derives from a `NoEcho`
    /// parameter: it is not shown, the text there is shown instead.
    sensitive: Option<Range<usize>>,
}

struct Walker<'a, 't> {
    source: &'a Source,
    eval: &'a Evaluator<'t>,
    users: HashMap<String, UserId>,
    model: Model,
}

impl Walker<'_, '_> {
    fn unresolved(&mut self, span: Range<usize>, address: &str, reason: String) {
        let location = Location::new(self.source, span);
        self.model.unresolved(location, address, reason);
    }

    /// Evaluates property `name` of `resource`; `Value::Absent` when missing
    /// (the span is then the whole resource).
    /// The user called `name`; when the name derives from a `NoEcho`
    /// parameter, shown as the template's text at `written`.
    fn named(&self, name: &str, written: Option<&Range<usize>>) -> UserId {
        let user = UserId::named(name);
        match written {
            Some(span) => user.sensitive(self.source.text.get(span.clone()).unwrap_or("UserName")),
            None => user,
        }
    }

    fn property(&self, resource: &Resource<'_>, name: &str) -> Property {
        let absent = Property {
            value: Value::Absent,
            span: entry_span(resource.key, resource.node),
            sensitive: None,
        };
        let Some(properties) = resource.node.get("Properties") else {
            return absent;
        };
        if properties.intrinsic().is_some() {
            let value = Value::Unknown("Properties is computed by a function".into());
            let span = properties.span.clone();
            return Property {
                value,
                span,
                sensitive: None,
            };
        }
        match properties.entry(name) {
            Some((key, node)) => {
                let (value, sensitive) = self.eval.eval_marked(node, &resource.env);
                Property {
                    value,
                    span: entry_span(key, node),
                    sensitive: sensitive.then(|| node.span.clone()),
                }
            }
            None => absent,
        }
    }

    /// Whether the resource's `Condition` lets it be created. An unknown
    /// condition is recorded and counts as "not created".
    fn created(&mut self, resource: &Resource<'_>) -> bool {
        let Some((key, node)) = resource.node.entry("Condition") else {
            return true;
        };
        let Some(name) = node.as_str() else {
            let reason = "Condition is not a condition name".to_owned();
            self.unresolved(entry_span(key, node), &resource.logical_id, reason);
            return false;
        };
        match self.eval.condition(name) {
            Truth::True => true,
            Truth::False => false,
            Truth::Unknown(reason) => {
                let reason = format!("condition `{name}` is not known: {reason}");
                self.unresolved(entry_span(key, node), &resource.logical_id, reason);
                false
            }
        }
    }

    /// The user named by property `name` when it is written as `Ref` to a
    /// parameter without a value (no default, none given): every such
    /// `Ref` in the stack is the same value, so a key and a user named by
    /// it are one user whatever the value is.
    /// Also a `Ref` to the variable of a loop over an unknown collection:
    /// the same value in every resource of that loop's copy.
    fn parameter_user(&self, resource: &Resource<'_>, name: &str) -> Option<UserId> {
        self.unknown_value_user(resource, name)
            .map(|(user, _)| user)
    }

    /// [`parameter_user`](Self::parameter_user), with what the value is.
    fn unknown_value_user(
        &self,
        resource: &Resource<'_>,
        name: &str,
    ) -> Option<(UserId, &'static str)> {
        let node = resource.node.get("Properties")?.get(name)?;
        let ("Ref", arg) = node.intrinsic()? else {
            return None;
        };
        let parameter = arg.as_str()?;
        if let Some(every) = resource.env.every(parameter) {
            let identity = format!("{parameter} of {every}");
            let user = UserId::by_identity(&identity, &format!("!Ref {parameter}"));
            return Some((
                user,
                "the variable of a loop over a collection that is not known",
            ));
        }
        let is_parameter =
            resource.env.get(parameter).is_none() && self.eval.is_parameter(parameter);
        is_parameter.then(|| {
            let identity = format!("parameter {parameter}");
            let user = UserId::by_identity(&identity, &format!("!Ref {parameter}"));
            (user, "a parameter whose value is not known")
        })
    }

    /// The loops over unknown collections a resource is a copy of, as the
    /// collections its facts range over.
    fn every(resource: &Resource<'_>) -> Vec<Quantifier> {
        let loops = resource.env.loops();
        let quantifier = |every: &str| Quantifier {
            id: every.to_owned(),
            shown: format!("every value of the collection of `{every}`"),
            filter: false,
        };
        loops.into_iter().map(quantifier).collect()
    }

    /// Who a user resource is, whether or not it is created.
    fn user_identity(&self, resource: &Resource<'_>) -> UserId {
        let property = self.property(resource, "UserName");
        match property.value {
            Value::Str(name) => self.named(&name, property.sensitive.as_ref()),
            Value::Unknown(_) => self
                .parameter_user(resource, "UserName")
                .unwrap_or_else(|| UserId::by_identity(&resource.logical_id, &resource.logical_id)),
            // A generated or deploy-time name: still this one resource's user.
            _ => UserId::by_identity(&resource.logical_id, &resource.logical_id),
        }
    }

    fn user(&mut self, resource: &Resource<'_>) {
        let profile = self.property(resource, "LoginProfile");
        let name = self.property(resource, "UserName");
        let name_unknown = !matches!(name.value, Value::Str(_) | Value::Absent);
        if (profile.value == Value::Absent && !name_unknown) || !self.created(resource) {
            return;
        }
        if name_unknown {
            let why = match &name.value {
                Value::Unknown(reason) => reason.clone(),
                _ => "it is not a string".to_owned(),
            };
            let reason = format!(
                "UserName is not known ({why}): keys that refer to this user resource are compared with each other only, not with users known by name"
            );
            let location = Location::new(self.source, name.span);
            self.model
                .partly_checked(location, &resource.logical_id, reason);
        }
        if profile.value == Value::Absent {
            return;
        }
        if let Value::Unknown(reason) = profile.value {
            let reason = format!("LoginProfile is not known: {reason}");
            self.unresolved(profile.span, &resource.logical_id, reason);
            return;
        }
        let Some(user) = self.users.get(&resource.logical_id).cloned() else {
            return;
        };
        let decl = self.declare(resource, ResourceKind::LoginProfile, profile.span);
        self.model.login_profiles.push(LoginProfile {
            decl,
            instance: None,
            user,
            every: Self::every(resource),
        });
    }

    fn access_key(&mut self, resource: &Resource<'_>) {
        if !self.created(resource) {
            return;
        }
        let user = match self.key_user(resource) {
            Ok(user) => user,
            Err((span, reason)) => return self.unresolved(span, &resource.logical_id, reason),
        };
        if let Some((by_value, what)) = self.unknown_value_user(resource, "UserName")
            && by_value.key == user.key
        {
            let span = self.property(resource, "UserName").span;
            let reason = format!(
                "UserName is `{}`, {what}: compared only with keys and users named by the same value, not with users known by name",
                user.display
            );
            let location = Location::new(self.source, span);
            self.model
                .partly_checked(location, &resource.logical_id, reason);
        }
        let active = match self.key_status(resource) {
            Ok(active) => active,
            Err((span, reason)) => return self.unresolved(span, &resource.logical_id, reason),
        };
        let span = entry_span(resource.key, resource.node);
        let decl = self.declare(resource, ResourceKind::AccessKey, span);
        self.model.access_keys.push(AccessKey {
            decl,
            instance: None,
            user,
            active,
            existing: false,
            every: Self::every(resource),
        });
    }

    /// The user an access key belongs to, or where and why it is not known.
    fn key_user(&self, resource: &Resource<'_>) -> Result<UserId, (Range<usize>, String)> {
        let Property {
            value,
            span,
            sensitive,
        } = self.property(resource, "UserName");
        match value {
            Value::Str(name) => Ok(self.named(&name, sensitive.as_ref())),
            Value::Resource(id) => match self.users.get(&id) {
                Some(user) => Ok(user.clone()),
                None => {
                    let kind = self.eval.resource_type(&id).unwrap_or("resource");
                    Err((
                        span,
                        format!("UserName refers to `{id}`, a {kind}, not an {USER}"),
                    ))
                }
            },
            Value::Unknown(reason) => match self.parameter_user(resource, "UserName") {
                Some(user) => Ok(user),
                None => Err((span, format!("UserName is not known: {reason}"))),
            },
            Value::Absent => Err((span, "access key has no UserName".into())),
            Value::List(_) | Value::Structured => Err((span, "UserName is not a string".into())),
        }
    }

    /// Whether an access key is active (`Status` absent or `Active`).
    fn key_status(&self, resource: &Resource<'_>) -> Result<bool, (Range<usize>, String)> {
        let Property { value, span, .. } = self.property(resource, "Status");
        match value {
            Value::Absent => Ok(true),
            Value::Str(status) => match KeyStatus::parse(&status) {
                Some(status) => Ok(status.is_active()),
                None => Err((
                    span,
                    format!("Status `{status}` is neither Active nor Inactive"),
                )),
            },
            Value::Unknown(reason) => Err((span, format!("Status is not known: {reason}"))),
            _ => Err((span, "Status is not a string".into())),
        }
    }

    fn declare(
        &mut self,
        resource: &Resource<'_>,
        kind: ResourceKind,
        span: Range<usize>,
    ) -> usize {
        self.model.declare(Declaration {
            address: resource.logical_id.clone(),
            kind,
            location: Location::new(self.source, span),
            via: vec![],
            via_kind: NESTED_STACK,
            notes: self.construct_path(resource).into_iter().collect(),
        })
    }

    /// The CDK construct a synthesized resource comes from (its
    /// `aws:cdk:path` metadata), to find it in the CDK app, where the fix
    /// goes: the template is generated.
    fn construct_path(&self, resource: &Resource<'_>) -> Option<Note> {
        let (key, node) = resource.node.get("Metadata")?.entry("aws:cdk:path")?;
        let path = node.as_str()?;
        Some(Note {
            location: Location::new(self.source, entry_span(key, node)),
            message: format!("CDK construct `{path}`"),
        })
    }
}
