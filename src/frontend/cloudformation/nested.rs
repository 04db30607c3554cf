//! Nested stacks: `AWS::CloudFormation::Stack` with a local `TemplateURL`
//! (as written before `aws cloudformation package` uploads the template)
//! and SAM's `AWS::Serverless::Application` with a local `Location`. Each
//! is analysed with the parameters its parent gives it, and its IAM facts
//! join the parent's: a stack and its nested stacks deploy into one
//! account, so one user name is one user across them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::eval::{Evaluator, Truth, Value};
use super::resources::{Expansion, Resource};
use super::tree::{Node, entry_span};
use super::{CfnOptions, analyse_in};
use crate::error::read_text;
use crate::model::{Model, UserId};
use crate::paths::{Boundary, normalize_display};
use crate::source::{Location, Source, SourceFile};

/// Nested stacks deeper than this are not followed (a template that nests
/// itself would otherwise never end).
const MAX_DEPTH: usize = 8;

/// Nested stacks followed from one template, at all depths together: a
/// template that nests itself several times would otherwise be read a
/// number of times exponential in the depth.
pub(super) const MAX_STACKS: usize = 100;

/// What analysing a template may read beyond it: the templates of its
/// nested stacks, inside a boundary.
#[derive(Debug, Clone)]
pub struct Nesting {
    boundary: Boundary,
    max_file_size: u64,
    depth: usize,
    /// Nested stacks followed so far from the outermost template, shared
    /// by every level.
    followed: Arc<AtomicUsize>,
}

impl Nesting {
    /// Nested templates inside `boundary`, of at most `max_file_size` bytes.
    pub fn new(boundary: Boundary, max_file_size: u64) -> Self {
        Nesting {
            boundary,
            max_file_size,
            depth: 0,
            followed: Arc::default(),
        }
    }

    /// The same limits for another analysis of the outermost template (one
    /// scenario of `--all-inputs`), with a count of its own.
    pub fn again(&self) -> Self {
        Nesting {
            boundary: self.boundary.clone(),
            max_file_size: self.max_file_size,
            depth: self.depth,
            followed: Arc::default(),
        }
    }

    /// Whether this is the outermost template.
    pub(super) fn is_outermost(&self) -> bool {
        self.depth == 0
    }

    /// Whether more nested stacks were met than [`MAX_STACKS`].
    pub(super) fn spent(&self) -> bool {
        self.followed.load(Ordering::Relaxed) > MAX_STACKS
    }

    fn deeper(&self) -> Nesting {
        Nesting {
            depth: self.depth + 1,
            ..self.clone()
        }
    }
}

/// The property that names a nested stack's template, by resource type.
fn template_property(node: &Node) -> Option<&'static str> {
    match super::iam::resource_type(node)? {
        "AWS::CloudFormation::Stack" => Some("TemplateURL"),
        "AWS::Serverless::Application" => Some("Location"),
        _ => None,
    }
}

/// Adds the IAM facts of every nested stack of `expansion` to `model`, or
/// a note saying why a nested stack was not followed.
pub(super) fn follow(
    source: &Source,
    eval: &Evaluator<'_>,
    expansion: &Expansion<'_>,
    nesting: &Nesting,
    model: &mut Model,
) {
    for resource in &expansion.resources {
        let Some(property) = template_property(resource.node) else {
            continue;
        };
        let location = Location::new(source, entry_span(resource.key, resource.node));
        let stack = Stack {
            source,
            eval,
            expansion,
            resource,
        };
        match stack.model(property, nesting) {
            Ok(Some(child)) => merge(model, child, &resource.logical_id, &location),
            Ok(None) => {}
            Err(reason) => model.unresolved(
                location,
                &resource.logical_id,
                format!("nested stack not followed: {reason}"),
            ),
        }
    }
}

/// One nested stack resource of a parent template.
struct Stack<'a, 't> {
    source: &'a Source,
    eval: &'a Evaluator<'t>,
    expansion: &'a Expansion<'t>,
    resource: &'a Resource<'t>,
}

impl Stack<'_, '_> {
    /// The nested template's model (`None`: the stack is not created), or
    /// why it cannot be had.
    fn model(&self, property: &str, nesting: &Nesting) -> Result<Option<Model>, String> {
        if !self.created()? {
            return Ok(None);
        }
        let url = self.template_url(property)?;
        if nesting.depth >= MAX_DEPTH {
            return Err(format!("stacks nest deeper than {MAX_DEPTH} levels"));
        }
        if nesting.followed.fetch_add(1, Ordering::Relaxed) >= MAX_STACKS {
            return Err(format!("more than {MAX_STACKS} nested stacks in all"));
        }
        let dir = self.source.path.parent().unwrap_or(Path::new("."));
        let path: PathBuf = dir.join(&url);
        if !path.is_file() {
            return Err(format!("its template `{url}` is not a file"));
        }
        if !nesting.boundary.contains(&path) {
            return Err(format!(
                "its template `{url}` is outside the directories being scanned (and the current directory), so it is not read"
            ));
        }
        let parent_dir = Path::new(&self.source.name).parent();
        let shown_dir = parent_dir.map(|d| d.to_string_lossy().into_owned());
        let name = match shown_dir.filter(|d| !d.is_empty()) {
            Some(d) => normalize_display(&format!("{d}/{url}")),
            None => normalize_display(&url),
        };
        let text = read_text(&path, &name, nesting.max_file_size).map_err(|e| e.message)?;
        let child = SourceFile::new(path, name.clone(), text);
        let options = self.parameters()?;
        match analyse_in(&child, &options, &nesting.deeper()) {
            Ok(Some(model)) => Ok(Some(model)),
            Ok(None) => Err(format!("{name} is not a CloudFormation template")),
            Err(e) => Err(format!("{name} could not be read: {}", e.message)),
        }
    }

    /// Whether the stack's `Condition` lets it be created.
    fn created(&self) -> Result<bool, String> {
        let Some(condition) = self.resource.node.get("Condition") else {
            return Ok(true);
        };
        let Some(name) = condition.as_str() else {
            return Err("Condition is not a condition name".into());
        };
        match self.eval.condition(name) {
            Truth::True => Ok(true),
            Truth::False => Ok(false),
            Truth::Unknown(reason) => Err(format!("condition `{name}` is not known: {reason}")),
        }
    }

    fn property(&self, name: &str) -> Option<&Node> {
        self.resource.node.get("Properties")?.get(name)
    }

    /// The template's local path, as written.
    fn template_url(&self, property: &str) -> Result<String, String> {
        let Some(node) = self.property(property) else {
            return Err(format!("it has no {property}"));
        };
        let url = match self.eval.eval(node, &self.resource.env) {
            Value::Str(url) => url,
            Value::Structured => {
                return Err(format!(
                    "{property} names an application of the Serverless Application Repository"
                ));
            }
            Value::Unknown(reason) => return Err(format!("{property} is not known: {reason}")),
            _ => return Err(format!("{property} is not a string")),
        };
        if url.contains("://") || url.starts_with("s3:") {
            return Err(format!(
                "{property} `{url}` is not a local file (lint the template where it is written)"
            ));
        }
        Ok(url)
    }

    /// The parameter values the stack gives its template.
    fn parameters(&self) -> Result<CfnOptions, String> {
        let mut options = CfnOptions::default();
        let Some(parameters) = self.property("Parameters") else {
            return Ok(options);
        };
        let Some(entries) = parameters
            .as_map()
            .filter(|_| parameters.intrinsic().is_none())
        else {
            return Err("its Parameters are computed by a function".into());
        };
        for (key, node) in entries {
            let name = key.text.clone();
            let (value, sensitive) = self.eval.eval_marked(node, &self.resource.env);
            if sensitive {
                options.sensitive_parameters.insert(name.clone());
            }
            match self.parameter_text(value) {
                Ok(Some(text)) => _ = options.parameters.insert(name, text),
                // `AWS::NoValue`: the nested template's default applies.
                Ok(None) => {}
                Err(reason) => {
                    let reason = format!("parameter `{name}` given by the parent stack: {reason}");
                    options.unknown_parameters.insert(name, reason);
                }
            }
        }
        Ok(options)
    }

    /// A parameter value as text (`None`: no value given), or why it is
    /// not known.
    fn parameter_text(&self, value: Value) -> Result<Option<String>, String> {
        match value {
            Value::Str(text) => Ok(Some(text)),
            Value::Absent => Ok(None),
            Value::List(items) => {
                let texts: Result<Vec<String>, String> = items
                    .into_iter()
                    .map(|item| match item {
                        Value::Str(text) => Ok(text),
                        _ => Err("a list item is not a known string".to_owned()),
                    })
                    .collect();
                texts.map(|t| Some(t.join(",")))
            }
            Value::Resource(id) => self.user_name(&id).map(Some),
            Value::Unknown(reason) => Err(reason),
            Value::Structured => Err("not a string".into()),
        }
    }

    /// The name of the user resource `id` of the parent (the physical id
    /// that `Ref` gives), when it is written in the template.
    fn user_name(&self, id: &str) -> Result<String, String> {
        let deploy_time = || format!("the physical id of `{id}` is only known at deploy time");
        let user = self
            .expansion
            .resources
            .iter()
            .find(|r| r.logical_id == id)
            .filter(|r| super::iam::resource_type(r.node) == Some(USER))
            .ok_or_else(deploy_time)?;
        let name = user.node.get("Properties").and_then(|p| p.get("UserName"));
        match name.map(|n| self.eval.eval(n, &user.env)) {
            Some(Value::Str(name)) => Ok(name),
            _ => Err(deploy_time()),
        }
    }
}

/// The resource type of IAM users.
const USER: &str = crate::model::ResourceKind::User.cloudformation_type();

/// Adds a nested stack's model to its parent's: addresses and users known
/// only by their resource get the stack's logical id as a prefix, and
/// every declaration is reached through the stack.
fn merge(parent: &mut Model, child: Model, stack_id: &str, stack: &Location) {
    let offset = parent.declarations.len();
    let scoped = |address: &str| format!("{stack_id}/{address}");
    for mut decl in child.declarations {
        decl.address = scoped(&decl.address);
        decl.via.insert(0, stack.clone());
        parent.declarations.push(decl);
    }
    // A loop of one stack is not the same loop in another stack of the
    // same template: its collection is that stack's.
    let scoped_every = |every: &mut Vec<crate::model::Quantifier>| {
        for q in every {
            q.id = scoped(&q.id);
            q.shown = format!("{} in stack `{stack_id}`", q.shown);
        }
    };
    for mut key in child.access_keys {
        key.decl += offset;
        key.user = scoped_user(key.user, stack_id);
        scoped_every(&mut key.every);
        parent.access_keys.push(key);
    }
    for mut profile in child.login_profiles {
        profile.decl += offset;
        profile.user = scoped_user(profile.user, stack_id);
        scoped_every(&mut profile.every);
        parent.login_profiles.push(profile);
    }
    for mut note in child.unresolved {
        note.address = scoped(&note.address);
        parent.unresolved.push(note);
    }
    parent.suppressions.extend(child.suppressions);
}

/// A nested stack's user as its parent sees it: a user with a name is that
/// name in any stack; one known by its resource is that stack's resource.
fn scoped_user(user: UserId, stack_id: &str) -> UserId {
    match user.key.strip_prefix("ref:") {
        Some(identity) => {
            let mut scoped = UserId::by_identity(
                &format!("{stack_id}/{identity}"),
                &format!("{stack_id}/{}", user.display),
            );
            // The display already names where a hidden name comes from.
            scoped.hidden = user.hidden;
            scoped
        }
        None => user,
    }
}
