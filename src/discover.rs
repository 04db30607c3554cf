//! Finds what to lint below the paths given on the command line: the
//! directories and files the front-ends claim by name.
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
use crate::frontend::{self, Claim, DirectoryUnit};
use crate::paths::{Target, display_path, parent_dir, relative_to};

/// Directory names never descended into, whatever the format (front-ends
/// add their own, such as Terraform's `.terraform`).
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules"];

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Directories that are one unit each (a Terraform module), with the
    /// front-end that claimed them.
    pub directories: BTreeSet<DirectoryUnit>,
    /// Files worth reading, recognised by content later; explicit ones are
    /// read whatever their name.
    pub files: BTreeSet<Target>,
    /// Arguments that do not exist or cannot be read.
    pub errors: Vec<InputError>,
    /// Paths the configuration's `exclude` kept out of the walk, sorted.
    pub excluded: Vec<String>,
    /// Directory units claimed by a file named on the command line (as
    /// pre-commit names each changed file).
    pub named_directories: Vec<DirectoryUnit>,
}

/// What a file met or named is, by the front-ends' claims.
enum Found {
    /// A directory unit, claimed by this front-end.
    Directory(Target, &'static str),
    /// A file to read and recognise.
    File(Target),
}

/// How the front-ends claim a file met while walking (`explicit: false`)
/// or named on the command line.
fn classify(path: &Path, explicit: bool) -> Option<Found> {
    // Matched on a lossy copy (extensions are ASCII); read by the real path,
    // so a name that is not UTF-8 is still linted.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    match frontend::claim(&name, explicit) {
        Some((frontend, Claim::Directory)) => Some(Found::Directory(
            Target::new(parent_dir(path)),
            frontend.name(),
        )),
        Some((_, Claim::File)) => Some(Found::File(Target::new(path))),
        // A file named on the command line is always examined.
        None | Some((_, Claim::No | Claim::Ignore)) if explicit => {
            Some(Found::File(Target::new(path)))
        }
        _ => None,
    }
}

impl Extend<Found> for Discovered {
    fn extend<I: IntoIterator<Item = Found>>(&mut self, found: I) {
        found.into_iter().for_each(|f| self.add(f));
    }
}

impl Discovered {
    fn add(&mut self, found: Found) {
        match found {
            Found::Directory(target, frontend) => {
                self.directories.insert(DirectoryUnit { target, frontend });
            }
            Found::File(target) => {
                self.files.insert(target);
            }
        }
    }
}

/// Paths not to walk into: globs matched against paths relative to a root
/// (the directory of `keylint.toml`).
pub type Exclude = Option<(PathBuf, GlobSet)>;

/// Walks every path and sorts what it finds into modules and data files.
/// Excluded paths are skipped while walking; paths named explicitly are
/// always linted. `ignore_files`: whether `.gitignore`, `.ignore` and git's
/// excludes are honoured (not in strict mode: they are the repository's).
pub fn discover(paths: &[PathBuf], exclude: Exclude, ignore_files: bool) -> Discovered {
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
            walk(path, &exclude, ignore_files, &mut found);
        } else {
            // Named explicitly: its name as given (`./a.yaml` shows as `a.yaml`).
            if let Some(Found::Directory(target, frontend)) = classify(path, true) {
                // `a/main.tf` and `./a/variables.tf`: one module, linted once.
                let seen = |d: &DirectoryUnit| d.target.display == target.display;
                if !found.directories.iter().any(seen) {
                    let unit = DirectoryUnit { target, frontend };
                    found.named_directories.push(unit.clone());
                    found.directories.insert(unit);
                }
            } else {
                found.extend(classify(path, true));
            }
        }
    }
    found
}

fn walk(root: &Path, exclude: &Exclude, ignore_files: bool, found: &mut Discovered) {
    let collected = Mutex::new(Discovered::default());
    let exclude_files = exclude.clone();
    let exclude = exclude.clone();
    let excluded_paths = std::sync::Arc::new(Mutex::new(Vec::new()));
    let record = excluded_paths.clone();
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .ignore(ignore_files)
        .git_ignore(ignore_files)
        .git_exclude(ignore_files)
        .git_global(ignore_files)
        .parents(ignore_files)
        .filter_entry(move |entry| {
            let skipped_dir = entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n) || frontend::skips_directory(n));
            let excluded = !skipped_dir
                && exclude
                    .as_ref()
                    .is_some_and(|(base, set)| set.is_match(relative_to(entry.path(), base)));
            if excluded {
                // Named in the reports: a configuration from a pull request
                // must not keep files out unnoticed.
                lock(&record).push(display_path(entry.path()));
            }
            !(skipped_dir || excluded)
        })
        .build_parallel();
    walker.run(|| {
        let collected = &collected;
        let exclude_files = &exclude_files;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    lock(collected).errors.push(walk_error(&e));
                    return WalkState::Continue;
                }
            };
            // Claimed outside the lock: only the insertion is serialised.
            if entry.file_type().is_some_and(|t| t.is_file())
                && let Some(found) = classify(entry.path(), false)
            {
                lock(collected).add(found);
            }
            // Ignore files may prune directories from the walk, never hide
            // the files of a module in one that is walked: a pull request's
            // `.ignore` with `*.tf` must not switch keylint off.
            if ignore_files
                && entry.file_type().is_some_and(|t| t.is_dir())
                && let Some(found) = module_in(entry.path(), exclude_files)
            {
                lock(collected).add(found);
            }
            WalkState::Continue
        })
    });
    let collected = collected.into_inner().unwrap_or_else(|e| e.into_inner());
    found.directories.extend(collected.directories);
    found.files.extend(collected.files);
    found.errors.extend(collected.errors);
    found.excluded.extend(lock(&excluded_paths).drain(..));
    found.excluded.sort();
}

/// The module a directory holds when one of its regular files (not
/// excluded by the configuration) makes it one.
fn module_in(dir: &Path, exclude: &Exclude) -> Option<Found> {
    let excluded = |path: &Path| {
        exclude
            .as_ref()
            .is_some_and(|(base, set)| set.is_match(relative_to(path, base)))
    };
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && !excluded(&e.path()))
        .find_map(|e| match classify(&e.path(), false) {
            Some(found @ Found::Directory(..)) => Some(found),
            _ => None,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Variables files are read with their module, whatever their case.
        std::fs::write(root.join("mod/PROD.TFVARS.JSON"), "{}").unwrap();
        std::fs::write(root.join("notes.md"), "").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let found = discover(&[root.to_path_buf()], None, true);
        let dirs: Vec<_> = found
            .directories
            .iter()
            .map(|d| d.target.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(dirs, vec![PathBuf::from("mod")]);
        let files: Vec<_> = found
            .files
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
        let found = discover(&[dir.path().join("prod.tfvars")], None, true);
        let dirs: Vec<_> = found
            .directories
            .iter()
            .map(|d| d.target.path.clone())
            .collect();
        assert_eq!(dirs, vec![dir.path().to_path_buf()]);
        assert!(found.files.is_empty());
    }

    #[test]
    fn an_explicit_file_is_always_examined() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["notes.md", "PROD.TFVARS.JSON"] {
            let path = dir.path().join(name);
            std::fs::write(&path, "").unwrap();
            let found = discover(std::slice::from_ref(&path), None, true);
            let files: Vec<_> = found.files.iter().map(|t| t.path.clone()).collect();
            assert_eq!(files, [path], "{name}");
        }
    }

    #[test]
    fn missing_path_is_an_error() {
        let found = discover(&[PathBuf::from("/definitely/not/here")], None, true);
        assert_eq!(found.errors.len(), 1);
    }
}
