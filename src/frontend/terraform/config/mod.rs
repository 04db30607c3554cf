//! A Terraform module directory, parsed: the blocks keylint evaluates, with
//! their source locations. Native syntax is parsed with `hcl-edit`; JSON
//! syntax is converted into the same expression tree, so the evaluator has
//! one input language.

mod json;
mod load;
mod native;
mod providers;

use std::collections::HashMap;
use std::path::PathBuf;

use hcl_edit::Span;
use hcl_edit::expr::Expression;

pub use json::{parse as parse_json, to_expression};
pub use load::{join_display, load_module, local_module_sources, module_files, single_file_module};
pub use native::parse_hcl_body;
#[cfg(test)]
pub(crate) use native::parse_module_text;
pub use providers::ProviderConfig;

use crate::model::Suppression;
use crate::source::{Location, Source};

/// The two spellings of Terraform: native HCL, and JSON (`.tf.json`,
/// `.tfvars.json`), told apart by the file name as Terraform does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.tf`, `.tfvars`.
    Native,
    /// `.tf.json`, `.tfvars.json`.
    Json,
}

impl Syntax {
    /// The syntax of a file by its name.
    pub fn of_file(name: &str) -> Self {
        if name.ends_with(".json") {
            Syntax::Json
        } else {
            Syntax::Native
        }
    }
}

/// Attributes by name. foldhash rather than SipHash: these maps are built
/// for every block of every file, and foldhash is several times faster on
/// short keys while still seeded per process against crafted collisions.
pub type Attrs = HashMap<String, Expr, foldhash::fast::RandomState>;

/// Whether a resource block is `resource` or `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `resource "type" "name"`.
    Managed,
    /// `data "type" "name"`.
    Data,
}

/// An expression together with the file it was written in.
#[derive(Debug)]
pub struct Expr {
    /// The parsed expression.
    pub expr: Expression,
    /// The file, to quote the expression's text in messages.
    pub source: Source,
}

impl Expr {
    /// The expression's text as written, for `--verbose` messages.
    pub fn text(&self) -> String {
        match self.expr.span() {
            Some(span) if Syntax::of_file(&self.source.name) == Syntax::Native => {
                let text = self.source.text.get(span).unwrap_or("?");
                collapse_whitespace(text)
            }
            _ => self.expr.to_string().trim().to_owned(),
        }
    }
}

impl Expr {
    /// The expression's whole text as written (the native syntax's own
    /// characters, whitespace included), to tell expressions apart: two
    /// with the same text evaluate alike in one module instance.
    pub fn exact_text(&self) -> String {
        match self.expr.span() {
            Some(span) if Syntax::of_file(&self.source.name) == Syntax::Native => {
                self.source.text.get(span).unwrap_or("?").to_owned()
            }
            _ => self.expr.to_string(),
        }
    }
}

fn collapse_whitespace(text: &str) -> String {
    crate::source::one_line(text, 120)
}

/// A `variable` block.
#[derive(Debug)]
pub struct Variable {
    /// `default = ...`, if any.
    pub default: Option<Expr>,
    /// `type = ...`, if any.
    pub type_expr: Option<Expr>,
    /// `nullable = ...`, if any (Terraform's default is `true`: a caller's
    /// `null` is the value, and the default is not used).
    pub nullable: Option<Expr>,
    /// `sensitive = ...`, if any: its value must not be shown.
    pub sensitive: Option<Expr>,
}

impl Variable {
    /// A variable from its block's attributes.
    pub fn from_attrs(mut attrs: Attrs) -> Self {
        let variable = Variable {
            default: attrs.remove("default"),
            type_expr: attrs.remove("type"),
            nullable: attrs.remove("nullable"),
            sensitive: attrs.remove("sensitive"),
        };
        // A sensitive default is a secret written in the file: never quote it.
        if variable.is_declared_sensitive()
            && let Some(default) = &variable.default
            && let Some(span) = default.expr.span()
        {
            default.source.hide(span);
        }
        variable
    }

    /// Whether the variable says `sensitive = true`, literally.
    pub fn is_declared_sensitive(&self) -> bool {
        self.sensitive
            .as_ref()
            .is_some_and(|s| matches!(&s.expr, Expression::Bool(b) if **b))
    }
}

/// An `output` block.
#[derive(Debug, Default)]
pub struct Output {
    /// `value = ...` (an override block may leave it out).
    pub value: Option<Expr>,
    /// `sensitive = ...`, if any: the caller sees a sensitive value.
    pub sensitive: Option<Expr>,
}

impl Output {
    /// An output from its block's attributes.
    pub fn from_attrs(mut attrs: Attrs) -> Self {
        Output {
            value: attrs.remove("value"),
            sensitive: attrs.remove("sensitive"),
        }
    }
}

/// A `resource` or `data` block.
#[derive(Debug)]
pub struct Resource {
    /// Managed or data.
    pub mode: Mode,
    /// The resource type, e.g. `aws_iam_access_key`.
    pub rtype: String,
    /// The resource name (second label).
    pub name: String,
    /// `count`, if set.
    pub count: Option<Expr>,
    /// `for_each`, if set.
    pub for_each: Option<Expr>,
    /// `provider = aws.prod`: the configuration it uses, if not the default.
    pub provider: Option<String>,
    /// Top-level attributes (nested blocks are not needed by any rule).
    pub attrs: Attrs,
    /// The whole block.
    pub location: Location,
}

impl Resource {
    /// A block with its attributes; `count` and `for_each` are taken out of
    /// them, as they are meta-arguments rather than resource arguments.
    pub fn new(mode: Mode, rtype: &str, name: &str, mut attrs: Attrs, location: Location) -> Self {
        Resource {
            mode,
            rtype: rtype.to_owned(),
            name: name.to_owned(),
            count: attrs.remove("count"),
            for_each: attrs.remove("for_each"),
            provider: attrs
                .remove("provider")
                .and_then(|p| providers::reference_text(&p)),
            attrs,
            location,
        }
    }

    /// The provider configuration it uses: `provider = ...`, else the
    /// default configuration of the provider its type belongs to (`aws`
    /// for `aws_iam_user`).
    pub fn provider_name(&self) -> String {
        match &self.provider {
            Some(name) => name.clone(),
            None => self.rtype.split('_').next().unwrap_or_default().to_owned(),
        }
    }

    /// `type.name` or `data.type.name`.
    pub fn local_address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }
}

/// A `module` block.
#[derive(Debug)]
pub struct ModuleCall {
    /// The call's name (`module "name"`).
    pub name: String,
    /// `source = "..."`, when a literal string.
    pub source: Option<String>,
    /// `count`, if set.
    pub count: Option<Expr>,
    /// `for_each`, if set.
    pub for_each: Option<Expr>,
    /// `providers = { aws = aws.prod }`: the child's configurations, by the
    /// caller's names (empty: the child inherits the default ones).
    pub providers: Vec<(String, String)>,
    /// Every other attribute: the child module's input variables.
    pub args: Attrs,
    /// The whole block.
    pub location: Location,
}

impl ModuleCall {
    /// A call with its attributes: `source`, `count` and `for_each` are
    /// taken out, other meta-arguments dropped; the rest are the inputs.
    pub fn new(name: &str, mut args: Attrs, location: Location) -> Self {
        let source = args
            .remove("source")
            .and_then(|e| e.expr.as_str().map(str::to_owned));
        let providers = args
            .remove("providers")
            .map(|p| providers::provider_map(&p))
            .unwrap_or_default();
        for meta in ["version", "depends_on"] {
            args.remove(meta);
        }
        ModuleCall {
            name: name.to_owned(),
            source,
            count: args.remove("count"),
            for_each: args.remove("for_each"),
            providers,
            args,
            location,
        }
    }
}

/// One module directory's configuration.
#[derive(Debug, Default)]
pub struct ModuleConfig {
    /// The directory.
    pub dir: PathBuf,
    /// The directory as people should see it (relative to the argument).
    pub display_dir: String,
    /// The files read, in name order.
    pub files: Vec<Source>,
    /// How many files were tried, including unreadable ones.
    pub files_attempted: usize,
    /// `variable` blocks by name.
    pub variables: HashMap<String, Variable>,
    /// `locals` entries by name.
    pub locals: HashMap<String, Expr>,
    /// `resource` and `data` blocks, in file order.
    pub resources: Vec<Resource>,
    /// `module` blocks, in file order.
    pub modules: Vec<ModuleCall>,
    /// `provider` blocks, in file order.
    pub providers: Vec<ProviderConfig>,
    /// `output` blocks by name.
    pub outputs: HashMap<String, Output>,
    /// `# keylint:ignore` comments on resource and module blocks.
    pub suppressions: Vec<Suppression>,
}

impl ModuleConfig {
    /// Finds a resource by mode, type and name.
    pub fn resource(&self, mode: Mode, rtype: &str, name: &str) -> Option<(usize, &Resource)> {
        self.resources
            .iter()
            .enumerate()
            .find(|(_, r)| r.mode == mode && r.rtype == rtype && r.name == name)
    }

    /// Applies an override file, as Terraform does: each top-level argument
    /// of an override block replaces the same argument of the block it
    /// overrides; blocks with nothing to override are ignored.
    pub fn merge_override(&mut self, overrides: ModuleConfig) {
        for r in overrides.resources {
            let Some(original) = self
                .resources
                .iter_mut()
                .find(|o| o.mode == r.mode && o.rtype == r.rtype && o.name == r.name)
            else {
                continue;
            };
            original.attrs.extend(r.attrs);
            if r.count.is_some() {
                original.count = r.count;
            }
            if r.for_each.is_some() {
                original.for_each = r.for_each;
            }
        }
        for (name, v) in overrides.variables {
            if let Some(original) = self.variables.get_mut(&name) {
                if v.default.is_some() {
                    original.default = v.default;
                }
                if v.type_expr.is_some() {
                    original.type_expr = v.type_expr;
                }
                if v.nullable.is_some() {
                    original.nullable = v.nullable;
                }
                if v.sensitive.is_some() {
                    original.sensitive = v.sensitive;
                }
            }
        }
        self.locals.extend(overrides.locals);
        for (name, o) in overrides.outputs {
            if let Some(original) = self.outputs.get_mut(&name) {
                if o.value.is_some() {
                    original.value = o.value;
                }
                if o.sensitive.is_some() {
                    original.sensitive = o.sensitive;
                }
            }
        }
        for m in overrides.modules {
            let Some(original) = self.modules.iter_mut().find(|o| o.name == m.name) else {
                continue;
            };
            original.args.extend(m.args);
            if m.source.is_some() {
                original.source = m.source;
            }
            if m.count.is_some() {
                original.count = m.count;
            }
            if m.for_each.is_some() {
                original.for_each = m.for_each;
            }
        }
    }

    /// Finds a module call by name.
    pub fn module_call(&self, name: &str) -> Option<&ModuleCall> {
        self.modules.iter().find(|m| m.name == name)
    }
}
