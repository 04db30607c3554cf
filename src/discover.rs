//! Finds what to lint: Terraform module directories and candidate plan or
//! template files, below the paths given on the command line.
//!
//! Directories are walked in parallel with `ignore`: `.gitignore` (also
//! outside a git repository), `.ignore` and global excludes are respected,
//! symlinks are never followed, and `.git`, `.terraform` and `node_modules`
//! are skipped. A path named explicitly is always linted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::GlobSet;
use ignore::{WalkBuilder, WalkState};

use crate::error::InputError;
use crate::frontend::{is_candidate_data_file, is_terraform_file};

/// Directory names never descended into.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules"];

/// A path on disk with the name people should see.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Where it is.
    pub path: PathBuf,
    /// How it was reached from the argument, `/`-separated, no leading `./`.
    pub display: String,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Directories holding `.tf` / `.tf.json` files: each a root module.
    pub terraform_dirs: BTreeSet<Target>,
    /// Files that may be plans or templates (sniffed later); explicit ones
    /// are linted whatever their name.
    pub data_files: BTreeSet<Target>,
    /// Arguments that do not exist or cannot be read.
    pub errors: Vec<InputError>,
}

/// Paths not to walk into: globs matched against paths relative to a root
/// (the directory of `keylint.toml`).
pub type Exclude = Option<(PathBuf, GlobSet)>;

/// Walks every path and sorts what it finds into modules and data files.
/// Excluded paths are skipped while walking; paths named explicitly are
/// always linted.
pub fn discover(paths: &[PathBuf], exclude: Exclude) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        let display = display_path(path);
        // A path named on the command line is followed even when it is a
        // symlink: the user asked for it. Links met while walking never are.
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                found
                    .errors
                    .push(InputError::file(display, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, &exclude, &mut found);
        } else {
            add_explicit_file(path, &display, &mut found);
        }
    }
    found
}

fn add_explicit_file(path: &Path, display: &str, found: &mut Discovered) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name = name.as_ref();
    // A changed variables file (as pre-commit passes it) means: lint its module.
    let is_tfvars = name.ends_with(".tfvars") || name.ends_with(".tfvars.json");
    if is_terraform_file(name) || is_tfvars {
        // Given a file, analyse its whole module directory.
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        found.terraform_dirs.insert(Target {
            path: dir.to_path_buf(),
            display: display_path(dir),
        });
    } else {
        found.data_files.insert(Target {
            path: path.to_path_buf(),
            display: display.to_owned(),
        });
    }
}

fn walk(root: &Path, exclude: &Exclude, found: &mut Discovered) {
    let collected = Mutex::new(Discovered::default());
    let exclude = exclude.clone();
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let skipped_dir = entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n));
            let excluded = exclude
                .as_ref()
                .is_some_and(|(base, set)| set.is_match(relative_to(entry.path(), base)));
            !(skipped_dir || excluded)
        })
        .build_parallel();
    walker.run(|| {
        let collected = &collected;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    lock(collected).errors.push(walk_error(&e));
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            // Matched on a lossy copy (extensions are ASCII); read by the
            // real path, so a name that is not UTF-8 is still linted.
            let name = entry.file_name().to_string_lossy();
            if is_terraform_file(&name) {
                let dir = entry.path().parent().unwrap_or(root);
                let target = Target {
                    path: dir.to_path_buf(),
                    display: display_path(dir),
                };
                lock(collected).terraform_dirs.insert(target);
            } else if is_candidate_data_file(&name) {
                let target = Target {
                    path: entry.path().to_path_buf(),
                    display: display_path(entry.path()),
                };
                lock(collected).data_files.insert(target);
            }
            WalkState::Continue
        })
    });
    let collected = collected.into_inner().unwrap_or_else(|e| e.into_inner());
    found.terraform_dirs.extend(collected.terraform_dirs);
    found.data_files.extend(collected.data_files);
    found.errors.extend(collected.errors);
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn walk_error(e: &ignore::Error) -> InputError {
    let path = match e {
        ignore::Error::WithPath { path, .. } => display_path(path),
        _ => String::from("."),
    };
    InputError::file(path, format!("cannot read: {e}"))
}

/// `path` relative to `base` when it is inside it (both made absolute).
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        std::path::absolute(p).map(|a| crate::frontend::terraform::loader::normalize(&a))
    };
    match (absolute(path), absolute(base)) {
        (Ok(p), Ok(b)) => p.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(p),
        _ => path.to_path_buf(),
    }
}

/// `/` separators, no leading `./`, no trailing `/`.
pub fn display_path(path: &Path) -> String {
    let mut s = path.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_owned();
    }
    while s.len() > 1 && s.ends_with('/') {
        s.pop();
    }
    if s.is_empty() { ".".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path(Path::new("./a/b/")), "a/b");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("/abs/x")), "/abs/x");
    }

    #[test]
    fn walks_modules_and_data_files_respecting_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("mod/.terraform/modules/x")).unwrap();
        std::fs::create_dir_all(root.join("node_modules/p")).unwrap();
        std::fs::create_dir_all(root.join("ignored")).unwrap();
        std::fs::write(root.join("mod/main.tf"), "").unwrap();
        std::fs::write(root.join("mod/.terraform/modules/x/main.tf"), "").unwrap();
        std::fs::write(root.join("node_modules/p/x.tf"), "").unwrap();
        std::fs::write(root.join("ignored/y.tf"), "").unwrap();
        std::fs::write(root.join("stack.yaml"), "").unwrap();
        std::fs::write(root.join("notes.md"), "").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let found = discover(&[root.to_path_buf()], None);
        let dirs: Vec<_> = found
            .terraform_dirs
            .iter()
            .map(|t| t.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(dirs, vec![PathBuf::from("mod")]);
        let files: Vec<_> = found
            .data_files
            .iter()
            .map(|t| t.path.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(files, vec![std::ffi::OsString::from("stack.yaml")]);
        assert!(found.errors.is_empty());
    }

    #[test]
    fn an_explicit_tfvars_file_brings_in_its_module() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), "").unwrap();
        std::fs::write(dir.path().join("prod.tfvars"), "").unwrap();
        let found = discover(&[dir.path().join("prod.tfvars")], None);
        let dirs: Vec<_> = found
            .terraform_dirs
            .iter()
            .map(|t| t.path.clone())
            .collect();
        assert_eq!(dirs, vec![dir.path().to_path_buf()]);
        assert!(found.data_files.is_empty());
    }

    #[test]
    fn missing_path_is_an_error() {
        let found = discover(&[PathBuf::from("/definitely/not/here")], None);
        assert_eq!(found.errors.len(), 1);
    }
}
