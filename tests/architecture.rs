//! The architecture, checked: `ARCHITECTURE.md`'s invariants hold for every
//! file in `src/`, so that a change that breaks one fails here, not in review.
//!
//! - Layers: front-ends know formats, not rules, reporters or the outcome;
//!   rules know the model, not formats or reporters; reporters know the
//!   outcome, not rules, formats or the model; the model knows no stage; the
//!   pipeline and discovery name no particular format.
//! - No import cycles between modules (a reference between two files counts
//!   as one between the sibling modules that contain them; a module and its
//!   own submodules may refer to each other).
//! - No rule id outside `src/rules/`: everything else reads the registry.
//! - No file over 500 lines, no function over 80.
//!
//! Files are parsed with `syn`; every path in them (`use` items, types,
//! expressions, patterns) that names a crate module is an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

const MAX_FILE_LINES: usize = 500;
const MAX_FN_LINES: usize = 80;

/// Modules that `from` (and everything below it) must not refer to.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "frontend",
        &[
            "rules", "report", "outcome", "settings", "lint", "cli", "discover",
        ],
    ),
    (
        "rules",
        &["frontend", "report", "settings", "lint", "cli", "discover"],
    ),
    (
        "report",
        &[
            "frontend", "rules", "model", "settings", "lint", "cli", "discover",
        ],
    ),
    (
        "model",
        &[
            "frontend", "rules", "report", "outcome", "settings", "lint", "cli", "discover",
        ],
    ),
    (
        "outcome",
        &[
            "frontend", "rules", "report", "settings", "lint", "cli", "discover",
        ],
    ),
    (
        "settings",
        &["frontend", "report", "lint", "cli", "discover"],
    ),
    (
        "discover",
        &["rules", "report", "outcome", "settings", "lint", "cli"],
    ),
    ("lint", &["cli"]),
];

/// Modules that must reach front-ends only through `crate::frontend` itself
/// (its registry and trait), never one format's module.
const FORMAT_BLIND: &[&str] = &["lint", "discover", "cli", "settings", "report", "rules"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// One source file of the library.
struct File {
    path: PathBuf,
    /// Its module path, `["frontend", "plan"]` for `src/frontend/plan/mod.rs`.
    module: Vec<String>,
    text: String,
    syntax: syn::File,
}

fn files() -> Vec<File> {
    let mut out = Vec::new();
    let mut pending = vec![src()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("main.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let syntax =
                    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push(File {
                    module: module_of(&path),
                    path,
                    text,
                    syntax,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn module_of(path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    match last.as_str() {
        "lib.rs" | "mod.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_owned()),
    }
    parts
}

/// A path as written, with the module it was written in (a file's module,
/// or an inline module inside it such as `mod tests { ... }`).
struct Written {
    module: Vec<String>,
    path: Vec<String>,
    /// From a `use` item: the name it brings into scope (`None` for a glob).
    imports: Option<String>,
}

/// Every path in a file: in `use` items, types, expressions, patterns, and
/// in the tokens of macro calls (`format!`, `assert!`, ...).
struct Paths {
    module: Vec<String>,
    found: Vec<Written>,
}

impl Paths {
    fn add(&mut self, path: Vec<String>, imports: Option<String>) {
        self.found.push(Written {
            module: self.module.clone(),
            path,
            imports,
        });
    }

    /// `a::b::c` runs of identifiers in a macro's tokens.
    fn macro_paths(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut current: Vec<String> = Vec::new();
        let mut colons = 0;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    if colons != 2 && !current.is_empty() {
                        self.add(std::mem::take(&mut current), None);
                    }
                    current.push(ident.to_string());
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && colons < 2 => colons += 1,
                other => {
                    if !current.is_empty() {
                        self.add(std::mem::take(&mut current), None);
                    }
                    colons = 0;
                    if let TokenTree::Group(group) = other {
                        self.macro_paths(group.stream());
                    }
                }
            }
        }
        if !current.is_empty() {
            self.add(current, None);
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.module.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.module.pop();
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.add(
            path.segments.iter().map(|s| s.ident.to_string()).collect(),
            None,
        );
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.macro_paths(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }

    fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
        fn walk(paths: &mut Paths, tree: &syn::UseTree, prefix: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    walk(paths, &p.tree, prefix);
                    prefix.pop();
                }
                // `use a::b::{self}` brings `b` into scope.
                syn::UseTree::Name(n) if n.ident == "self" => {
                    paths.add(prefix.clone(), prefix.last().cloned());
                }
                syn::UseTree::Name(n) => {
                    let mut path = prefix.clone();
                    path.push(n.ident.to_string());
                    paths.add(path, Some(n.ident.to_string()));
                }
                syn::UseTree::Rename(r) => {
                    let mut path = prefix.clone();
                    path.push(r.ident.to_string());
                    paths.add(path, Some(r.rename.to_string()));
                }
                syn::UseTree::Glob(_) => paths.add(prefix.clone(), None),
                syn::UseTree::Group(g) => {
                    for item in &g.items {
                        walk(paths, item, prefix);
                    }
                }
            }
        }
        walk(self, tree, &mut Vec::new());
    }
}

/// A path made absolute: `crate`, `super` and `self` resolved against the
/// module it was written in, a name brought in by `use` replaced by what it
/// stands for, and a child module named from its parent kept. `None` for
/// anything else (std, other crates, local names).
fn absolute(
    written: &Written,
    imports: &BTreeMap<(Vec<String>, String), Vec<String>>,
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let path = &written.path;
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "super" | "self" => {
            let mut base = written.module.clone();
            let mut rest = &path[..];
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        name => {
            if let Some(target) = imports.get(&(written.module.clone(), name.to_owned())) {
                let mut base = target.clone();
                base.extend(path[1..].iter().cloned());
                return Some(base);
            }
            // A child module named from its parent (`terraform::Terraform`).
            let mut base = written.module.clone();
            base.push(name.to_owned());
            modules.contains(&base).then(|| {
                base.extend(path[1..].iter().cloned());
                base
            })
        }
    }
}

/// The crate modules a file refers to: each path resolved to the deepest
/// known module it names.
fn references(file: &File, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut paths = Paths {
        module: file.module.clone(),
        found: Vec::new(),
    };
    paths.visit_file(&file.syntax);
    // What each `use` brings into scope, resolved without imports (a use
    // path starts at `crate`, `super`, `self`, a child module or elsewhere).
    let no_imports = BTreeMap::new();
    let imports: BTreeMap<(Vec<String>, String), Vec<String>> = paths
        .found
        .iter()
        .filter_map(|w| {
            let name = w.imports.clone()?;
            Some(((w.module.clone(), name), absolute(w, &no_imports, modules)?))
        })
        .collect();
    let mut out = BTreeSet::new();
    for written in &paths.found {
        let Some(absolute) = absolute(written, &imports, modules) else {
            continue;
        };
        let target = (0..=absolute.len())
            .rev()
            .map(|n| absolute[..n].to_vec())
            .find(|prefix| modules.contains(prefix));
        if let Some(target) = target.filter(|t| *t != file.module) {
            out.insert(target);
        }
    }
    out
}

fn starts_with(module: &[String], prefix: &[&str]) -> bool {
    module.len() >= prefix.len() && module.iter().zip(prefix).all(|(a, b)| a == b)
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// Every module-to-module reference of the library.
fn edges() -> Vec<(Vec<String>, Vec<String>)> {
    let files = files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    files
        .iter()
        .flat_map(|f| {
            references(f, &modules)
                .into_iter()
                .map(|to| (f.module.clone(), to))
        })
        .collect()
}

#[test]
fn layers_refer_only_downwards() {
    let mut wrong = Vec::new();
    for (from, to) in edges() {
        for (layer, forbidden) in FORBIDDEN {
            if starts_with(&from, &[layer]) && forbidden.iter().any(|f| starts_with(&to, &[f])) {
                wrong.push(format!("{} -> {}", name(&from), name(&to)));
            }
        }
        let names_a_format = to.len() > 1 && to[0] == "frontend" && from.first() != Some(&to[0]);
        if FORMAT_BLIND.iter().any(|m| starts_with(&from, &[m])) && names_a_format {
            wrong.push(format!("{} -> {} (a format)", name(&from), name(&to)));
        }
    }
    assert!(
        wrong.is_empty(),
        "references against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_cycles_between_modules() {
    // Lift every edge to the two sibling modules that contain its ends.
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, to) in edges() {
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common == from.len() || common == to.len() {
            continue; // a module and its own descendant
        }
        let a = from[..=common].to_vec();
        let b = to[..=common].to_vec();
        graph.entry(a).or_default().insert(b);
    }
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let names: Vec<String> = path.iter().map(|m| name(m)).collect();
                    cycles.push(format!("{} -> {}", names.join(" -> "), name(start)));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn rule_ids_appear_only_in_the_rules() {
    let mut found = Vec::new();
    for file in files() {
        if starts_with(&file.module, &["rules"]) {
            continue;
        }
        for (i, line) in file.text.lines().enumerate() {
            let bytes = line.as_bytes();
            let mentions = bytes
                .windows(5)
                .any(|w| w.starts_with(b"KL") && w[2..].iter().all(u8::is_ascii_digit));
            if mentions {
                found.push(format!(
                    "{}:{}: {}",
                    file.path.display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rule ids outside src/rules/:\n{}",
        found.join("\n")
    );
}

#[test]
fn files_and_functions_stay_small() {
    let mut large = Vec::new();
    for file in files() {
        let lines = file.text.lines().count();
        if lines > MAX_FILE_LINES {
            large.push(format!("{}: {lines} lines", file.path.display()));
        }
        let mut functions = Functions::default();
        functions.visit_file(&file.syntax);
        for (fn_name, lines) in functions.0 {
            if lines > MAX_FN_LINES {
                large.push(format!(
                    "{}: fn {fn_name}: {lines} lines",
                    file.path.display()
                ));
            }
        }
    }
    assert!(
        large.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function:\n{}",
        large.join("\n")
    );
}

/// Every function with a body, and how many lines it spans from `fn` to
/// its closing brace.
#[derive(Default)]
struct Functions(Vec<(String, usize)>);

impl Functions {
    fn add(&mut self, sig: &syn::Signature, block: &syn::Block) {
        use syn::spanned::Spanned;
        let start = sig.fn_token.span.start().line;
        let end = block.span().end().line;
        self.0.push((sig.ident.to_string(), end - start + 1));
    }
}

impl<'ast> Visit<'ast> for Functions {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.add(&f.sig, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.add(&f.sig, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.add(&f.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

#[test]
fn the_checks_see_the_code() {
    // Guards against a parser or resolver that silently sees nothing.
    let edges = edges();
    let has = |from: &[&str], to: &[&str]| {
        edges
            .iter()
            .any(|(f, t)| starts_with(f, from) && starts_with(t, to))
    };
    assert!(has(&["lint"], &["frontend"]));
    assert!(has(&["rules"], &["model"]));
    assert!(has(&["report"], &["outcome"]));
    assert!(has(&["frontend", "plan"], &["frontend", "terraform"]));
    // Through a name brought in by `use` (`use crate::frontend::{self, ..}`
    // then `frontend::all()`), and inside a macro call.
    assert!(has(&["discover"], &["frontend"]));
    assert!(has(&["cli", "check"], &["frontend"]));
    assert!(files().len() > 50);
}
