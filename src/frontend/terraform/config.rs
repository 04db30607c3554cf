//! A Terraform module directory, parsed: the blocks keylint evaluates, with
//! their source locations. Native syntax is parsed with `hcl-edit`; JSON
//! syntax is converted into the same expression tree, so the evaluator has
//! one input language.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};

use super::{json, suppressions};
use crate::error::{InputError, read_text};
use crate::model::Suppression;
use crate::source::{Location, Source, SourceFile, SourceKind};

/// Attributes by name. foldhash rather than SipHash: these maps are built
/// for every block of every file, and foldhash is several times faster on
/// short keys while still seeded per process against crafted collisions.
pub type Attrs = HashMap<String, Expr, foldhash::fast::RandomState>;

/// Whether a resource block is `resource` or `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            Some(span) if self.source.kind == SourceKind::Hcl => {
                let text = self.source.text.get(span).unwrap_or("?");
                collapse_whitespace(text)
            }
            _ => self.expr.to_string().trim().to_owned(),
        }
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(120));
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > 120 {
            out.truncate(117);
            out.push_str("...");
            break;
        }
    }
    out
}

/// A `variable` block.
#[derive(Debug)]
pub struct Variable {
    /// `default = ...`, if any.
    pub default: Option<Expr>,
    /// `type = ...`, if any.
    pub type_expr: Option<Expr>,
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
            attrs,
            location,
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
        for meta in ["version", "providers", "depends_on"] {
            args.remove(meta);
        }
        ModuleCall {
            name: name.to_owned(),
            source,
            count: args.remove("count"),
            for_each: args.remove("for_each"),
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
    /// `output` values by name.
    pub outputs: HashMap<String, Expr>,
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
            }
        }
        self.locals.extend(overrides.locals);
        self.outputs.extend(overrides.outputs);
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

/// The `.tf` and `.tf.json` files of a directory, sorted by name, override
/// files last (as Terraform applies them); symlinks are left out.
pub fn module_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if !file_type.is_file() {
            continue;
        }
        // Read by the real path even when the name is not UTF-8.
        if crate::frontend::is_terraform_file(&entry.file_name().to_string_lossy()) {
            files.push(entry.path());
        }
    }
    files.sort_by_key(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (is_override_file(&name), name)
    });
    Ok(files)
}

/// Override files (`override.tf`, `*_override.tf`) merge into the blocks
/// the other files declare.
fn is_override_file(name: &str) -> bool {
    let stem = name.trim_end_matches(".json").trim_end_matches(".tf");
    stem == "override" || stem.ends_with("_override")
}

/// Reads and parses every file of a module directory. Files that cannot be
/// read or parsed are reported and left out; the rest still count.
pub fn load_module(
    dir: &Path,
    display_dir: &str,
    max_file_size: u64,
) -> (ModuleConfig, Vec<InputError>) {
    let mut config = ModuleConfig {
        dir: dir.to_path_buf(),
        display_dir: display_dir.to_owned(),
        ..ModuleConfig::default()
    };
    let mut errors = Vec::new();
    let files = match module_files(dir) {
        Ok(files) => files,
        Err(e) => {
            errors.push(InputError::file(
                display_dir,
                format!("cannot read directory: {e}"),
            ));
            return (config, errors);
        }
    };
    config.files_attempted = files.len();
    for path in files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = file_name.as_str();
        let name = join_display(display_dir, file_name);
        let text = match read_text(&path, &name, max_file_size) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let kind = if file_name.ends_with(".json") {
            SourceKind::HclJson
        } else {
            SourceKind::Hcl
        };
        let source = SourceFile::new(path.clone(), name, text, kind);
        add_file(
            &mut config,
            source,
            is_override_file(file_name),
            &mut errors,
        );
    }
    config.suppressions = block_suppressions(&config);
    (config, errors)
}

/// Parses one file (its kind says native or JSON syntax) into `config`; an
/// override file is read into a module of its own, then merged.
fn add_file(
    config: &mut ModuleConfig,
    source: Source,
    is_override: bool,
    errors: &mut Vec<InputError>,
) {
    let mut overrides = ModuleConfig::default();
    let target = if is_override {
        &mut overrides
    } else {
        &mut *config
    };
    let parsed = if source.kind == SourceKind::HclJson {
        json::collect(target, &source)
    } else {
        parse_hcl_body(&source).map(|body| collect_body(target, &source, body))
    };
    if let Err(e) = parsed {
        errors.push(e);
    }
    config.merge_override(overrides);
    config.files.push(source);
}

/// A module made of one in-memory file, as if it were alone in `source.path`'s
/// directory: what fuzzing and embedding need, with no directory to read.
pub fn single_file_module(source: Source) -> (ModuleConfig, Vec<InputError>) {
    let dir = source
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut config = ModuleConfig {
        dir,
        display_dir: String::new(),
        files_attempted: 1,
        ..ModuleConfig::default()
    };
    let mut errors = Vec::new();
    add_file(&mut config, source, false, &mut errors);
    config.suppressions = block_suppressions(&config);
    (config, errors)
}

/// The suppression comments of every resource and module block, looked for
/// only in files that mention the marker at all.
fn block_suppressions(config: &ModuleConfig) -> Vec<Suppression> {
    // One search per file, not one per block: files with hundreds of blocks
    // and no marker (nearly all of them) cost a single pass.
    let marked: Vec<&Source> = config
        .files
        .iter()
        .filter(|f| f.text.contains(suppressions::MARKER))
        .collect();
    if marked.is_empty() {
        return Vec::new();
    }
    let spans = config
        .resources
        .iter()
        .map(|r| &r.location)
        .chain(config.modules.iter().map(|m| &m.location));
    spans
        .filter(|l| marked.iter().any(|f| std::sync::Arc::ptr_eq(f, &l.source)))
        .flat_map(|l| suppressions::for_block(&l.source, &l.span))
        .collect()
}

/// Joins a display directory and a file name with `/`.
pub fn join_display(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_owned()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Parses native HCL, turning a syntax error into an error at its position.
pub fn parse_hcl_body(source: &Source) -> Result<Body, InputError> {
    hcl_edit::parser::parse_body(&source.text).map_err(|e| {
        let offset = e.location().offset().min(source.text.len());
        InputError::at(
            source,
            offset..offset,
            format!("invalid HCL: {}", e.message()),
        )
    })
}

fn collect_body(config: &mut ModuleConfig, source: &Source, body: Body) {
    for structure in body.into_iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let span = block.span().unwrap_or(0..0);
        let labels: Vec<String> = block.labels.iter().map(|l| l.as_str().to_owned()).collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [rtype, name]) => {
                config
                    .resources
                    .push(resource(Mode::Managed, rtype, name, block, source, span))
            }
            ("data", [rtype, name]) => {
                config
                    .resources
                    .push(resource(Mode::Data, rtype, name, block, source, span))
            }
            ("variable", [name]) => {
                let mut attrs = attributes(block.body, source);
                config.variables.insert(
                    name.clone(),
                    Variable {
                        default: attrs.remove("default"),
                        type_expr: attrs.remove("type"),
                    },
                );
            }
            ("locals", []) => config.locals.extend(attributes(block.body, source)),
            ("output", [name]) => {
                if let Some(value) = attributes(block.body, source).remove("value") {
                    config.outputs.insert(name.clone(), value);
                }
            }
            ("module", [name]) => config.modules.push(module_call(name, block, source, span)),
            _ => {}
        }
    }
}

fn attributes(body: Body, source: &Source) -> Attrs {
    body.into_iter()
        .filter_map(|s| match s {
            Structure::Attribute(a) => Some((
                a.key.as_str().to_owned(),
                Expr {
                    expr: a.value,
                    source: source.clone(),
                },
            )),
            Structure::Block(_) => None,
        })
        .collect()
}

fn resource(
    mode: Mode,
    rtype: &str,
    name: &str,
    block: Block,
    source: &Source,
    span: Range<usize>,
) -> Resource {
    let attrs = attributes(block.body, source);
    Resource::new(mode, rtype, name, attrs, Location::new(source, span))
}

fn module_call(name: &str, block: Block, source: &Source, span: Range<usize>) -> ModuleCall {
    let args = attributes(block.body, source);
    ModuleCall::new(name, args, Location::new(source, span))
}

/// Parses one file's text as a whole module (for tests).
#[cfg(test)]
pub(crate) fn parse_module_text(text: &str) -> ModuleConfig {
    let source = SourceFile::new(
        "main.tf".into(),
        "main.tf".into(),
        text.into(),
        SourceKind::Hcl,
    );
    let mut config = ModuleConfig::default();
    let body = parse_hcl_body(&source).expect("parses");
    collect_body(&mut config, &source, body);
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ModuleConfig {
        parse_module_text(text)
    }

    #[test]
    fn block_spans_start_at_the_resource_keyword() {
        let config = parse(
            "# Zugänge für 日本\nvariable \"n\" { default = 2 }\n\n  resource \"aws_iam_access_key\" \"k\" {\n  count = var.n\n  user = \"é\"\n}\n",
        );
        let r = &config.resources[0];
        let (start, end) = r.location.range();
        assert_eq!(
            (start.line, start.column, end.line, end.column),
            (4, 3, 7, 2)
        );
        assert!(r.count.is_some());
        assert_eq!(r.attrs["user"].text(), "\"é\"");
        assert!(config.variables["n"].default.is_some());
    }

    #[test]
    fn syntax_error_has_position() {
        let source = SourceFile::new(
            "bad.tf".into(),
            "bad.tf".into(),
            "resource \"a\" \"b\" {\n  user = \n}\n".into(),
            SourceKind::Hcl,
        );
        let err = parse_hcl_body(&source).unwrap_err();
        let pos = err.position.unwrap();
        assert_eq!(pos.line, 2, "{}", err.message);
        assert!(err.message.starts_with("invalid HCL"));
    }

    #[test]
    fn override_files_are_recognised() {
        assert!(is_override_file("override.tf"));
        assert!(is_override_file("x_override.tf.json"));
        assert!(!is_override_file("main.tf"));
    }
}
