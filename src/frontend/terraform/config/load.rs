//! Reading a module directory: which files, in which order, and how
//! override files merge.

use std::path::{Path, PathBuf};

use super::{ModuleConfig, Syntax, json, native};
use crate::error::{InputError, read_text};
use crate::frontend::terraform::suppressions;
use crate::model::Suppression;
use crate::source::{Source, SourceFile};

/// The `.tf`, `.tf.json`, `.tofu` and `.tofu.json` files of a directory,
/// sorted by name, override files last (as Terraform applies them); a
/// `.tf` file that a `.tofu` file of the same name replaces is left out,
/// as OpenTofu does, and so are symlinks.
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
        if crate::frontend::terraform::is_module_file(&entry.file_name().to_string_lossy()) {
            files.push(entry.path());
        }
    }
    let name_of = |p: &PathBuf| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let names: std::collections::HashSet<String> = files.iter().map(name_of).collect();
    files.retain(|p| {
        let name = name_of(p);
        let tofu = match name.strip_suffix(".tf.json") {
            Some(stem) => format!("{stem}.tofu.json"),
            None => name
                .strip_suffix(".tf")
                .map_or(String::new(), |s| format!("{s}.tofu")),
        };
        !names.contains(&tofu)
    });
    files.sort_by_key(|p| {
        let name = name_of(p);
        (is_override_file(&name), name)
    });
    Ok(files)
}

/// Override files (`override.tf`, `*_override.tf`, and their `.tf.json`
/// and `.tofu` forms) merge into the blocks the other files declare.
fn is_override_file(name: &str) -> bool {
    let stem = name
        .trim_end_matches(".json")
        .trim_end_matches(".tf")
        .trim_end_matches(".tofu");
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
        let source = SourceFile::new(path.clone(), name, text);
        add_file(
            &mut config,
            source,
            is_override_file(file_name),
            &mut errors,
        );
    }
    reject_duplicates(&mut config, &mut errors);
    config.suppressions = block_suppressions(&config);
    (config, errors)
}

/// Terraform rejects a module whose resources or module calls share a
/// name; keylint says so (exit 2) and keeps the first of each. Analysing
/// both would count a key twice, and two calls named alike, one calling
/// its own module, would be followed again at every level.
fn reject_duplicates(config: &mut ModuleConfig, errors: &mut Vec<InputError>) {
    keep_first(
        &mut config.modules,
        |call| call.name.clone(),
        |call| &call.location,
        |call, first| {
            format!(
                "duplicate module call: a module call named `{}` is already declared at {first}",
                call.name
            )
        },
        errors,
    );
    keep_first(
        &mut config.resources,
        |r| (r.mode, r.rtype.clone(), r.name.clone()),
        |r| &r.location,
        |r, first| {
            let what = if r.mode == super::Mode::Data {
                "data source"
            } else {
                "resource"
            };
            format!(
                "duplicate {what}: `{}.{}` is already declared at {first}",
                r.rtype, r.name
            )
        },
        errors,
    );
}

/// Keeps the first of `items` with each key; each later one is an error at
/// its place, worded by `message` with where the first is.
fn keep_first<T, K: std::hash::Hash + Eq>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> K,
    location: impl Fn(&T) -> &crate::source::Location,
    message: impl Fn(&T, &str) -> String,
    errors: &mut Vec<InputError>,
) {
    let mut first = std::collections::HashMap::new();
    items.retain(|item| match first.entry(key(item)) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(location(item).clone());
            true
        }
        std::collections::hash_map::Entry::Occupied(seen) => {
            let here = location(item);
            let text = message(item, &at(seen.get()));
            errors.push(InputError::at(&here.source, here.span.clone(), text));
            false
        }
    });
}

/// `file:line:column` of a location, for a message.
fn at(location: &crate::source::Location) -> String {
    let start = location.start();
    format!("{}:{}:{}", location.source.name, start.line, start.column)
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
    let parsed = match Syntax::of_file(&source.name) {
        Syntax::Json => json::collect(target, &source),
        Syntax::Native => native::collect(target, &source),
    };
    if let Err(e) = parsed {
        errors.push(e);
    }
    config.merge_override(overrides);
    config.files.push(source);
}

/// The local `source` paths (`./x`, `../x`) of a module directory's
/// `module` blocks. This runs over every module of a repository, so only
/// files that mention such a path in quotes are parsed.
pub fn local_module_sources(dir: &Path, max_file_size: u64) -> Vec<String> {
    let is_local = |s: &String| s.starts_with("./") || s.starts_with("../");
    let Ok(files) = module_files(dir) else {
        return Vec::new();
    };
    files
        .into_iter()
        .filter_map(|path| {
            let name = path.to_string_lossy().into_owned();
            let text = read_text(&path, &name, max_file_size).ok()?;
            let mentions = text.contains("\"./") || text.contains("\"../");
            mentions.then(|| single_file_module(SourceFile::new(path, name, text)).0)
        })
        .flat_map(|config| config.modules)
        .filter_map(|call| call.source.filter(is_local))
        .collect()
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
    reject_duplicates(&mut config, &mut errors);
    config.suppressions = block_suppressions(&config);
    (config, errors)
}

/// The suppression comments of every resource and module block, looked for
/// only in files that mention the marker at all.
fn block_suppressions(config: &ModuleConfig) -> Vec<Suppression> {
    let near_misses: Vec<Suppression> = config
        .files
        .iter()
        .flat_map(suppressions::near_misses)
        .collect();
    let mut found = written_suppressions(config);
    found.extend(near_misses);
    found
}

/// The suppression comments of every resource and module block.
fn written_suppressions(config: &ModuleConfig) -> Vec<Suppression> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_files_are_recognised() {
        assert!(is_override_file("override.tf"));
        assert!(is_override_file("x_override.tf.json"));
        assert!(!is_override_file("main.tf"));
        assert!(is_override_file("x_override.tofu"));
    }

    #[test]
    fn a_tofu_file_replaces_the_tf_file_of_its_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "main.tf",
            "main.tofu",
            "keys.tf",
            "x.tf.json",
            "x.tofu.json",
            "notes.md",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let files = module_files(dir.path()).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["keys.tf", "main.tofu", "x.tofu.json"]);
    }
}
