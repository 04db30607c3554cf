//! The units that read a unit named on the command line. pre-commit names
//! the changed files of a shared module, but only the root modules calling
//! it give that module its values: linted alone, a violating change to it
//! passes. So the repository around a named unit is searched for the units
//! that read it, directly or through others, and those are linted too.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::discover::{Discovered, Exclude, discover};
use crate::frontend::{self, DirectoryUnit};
use crate::paths::Boundary;

/// Adds to `found` every directory unit of the repository (the nearest
/// directory above a named unit that holds `.git`, if the scan's boundary
/// contains it) that reads a unit named on the command line. The search
/// walks like discovery does: `exclude`, and ignore files when
/// `ignore_files`. Outside a repository nothing is searched: a directory
/// such as the home directory is no project to walk.
pub fn add_callers(
    found: &mut Discovered,
    exclude: &Exclude,
    ignore_files: bool,
    boundary: &Boundary,
    max_file_size: u64,
) {
    let mut roots: Vec<PathBuf> = found
        .named_directories
        .iter()
        .filter_map(|unit| repository_root(&unit.target.path))
        .filter(|root| boundary.contains(root))
        .collect();
    roots.sort();
    roots.dedup();
    let known: HashSet<PathBuf> = found
        .directories
        .iter()
        .filter_map(|unit| unit.target.path.canonicalize().ok())
        .collect();
    let named: Vec<PathBuf> = found
        .named_directories
        .iter()
        .filter_map(|unit| unit.target.path.canonicalize().ok())
        .collect();
    for root in roots {
        let candidates = discover(&[root], exclude.clone(), ignore_files).directories;
        for unit in readers(candidates.into_iter().collect(), &named, max_file_size) {
            let new = unit
                .target
                .path
                .canonicalize()
                .is_ok_and(|real| !known.contains(&real));
            if new {
                found.directories.insert(unit);
            }
        }
    }
}

/// The candidates that read one of `named` (canonical paths), directly or
/// through other candidates.
fn readers(
    candidates: Vec<DirectoryUnit>,
    named: &[PathBuf],
    max_file_size: u64,
) -> Vec<DirectoryUnit> {
    // Each candidate's own reading, in parallel: it parses the unit.
    let edges: Vec<(Option<PathBuf>, Vec<PathBuf>)> = candidates
        .par_iter()
        .map(|unit| {
            let reads = frontend::by_name(unit.frontend)
                .map(|f| f.local_dependencies(&unit.target.path, max_file_size))
                .unwrap_or_default();
            let reads = reads.iter().filter_map(|d| d.canonicalize().ok()).collect();
            (unit.target.path.canonicalize().ok(), reads)
        })
        .collect();
    let mut read_by: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (index, (_, reads)) in edges.iter().enumerate() {
        for dir in reads {
            read_by.entry(dir.as_path()).or_default().push(index);
        }
    }
    let mut reached = vec![false; candidates.len()];
    let mut queue: VecDeque<&Path> = named.iter().map(PathBuf::as_path).collect();
    while let Some(dir) = queue.pop_front() {
        for &index in read_by.get(dir).into_iter().flatten() {
            if !std::mem::replace(&mut reached[index], true)
                && let Some(reader) = &edges[index].0
            {
                queue.push_back(reader);
            }
        }
    }
    candidates
        .into_iter()
        .zip(reached)
        .filter_map(|(unit, reached)| reached.then_some(unit))
        .collect()
}

/// The nearest directory at or above `dir` that holds `.git` (a directory,
/// or a file in a worktree), walking the path as written, so a relative
/// path gives a relative root (`modules/iam` → `.` at the repository root).
fn repository_root(dir: &Path) -> Option<PathBuf> {
    let mut current = dir;
    loop {
        let here = if current.as_os_str().is_empty() {
            Path::new(".")
        } else {
            current
        };
        if here.join(".git").exists() {
            return Some(here.to_path_buf());
        }
        current = current.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_root_is_found_by_walking_the_path_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("modules/iam")).unwrap();
        assert_eq!(
            repository_root(&repo.join("modules/iam")),
            Some(repo.clone())
        );
        assert_eq!(repository_root(&repo), Some(repo.clone()));
        assert_eq!(repository_root(dir.path()), None);
    }
}
