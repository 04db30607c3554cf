//! Paths as keylint handles them: a place on disk with the name people see,
//! lexical normalisation (symbolic links are not resolved), and the
//! boundary of what a scan may read (where they are).

use std::path::{Component, Path, PathBuf};

/// A path on disk with the name people should see.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// Where it is.
    pub path: PathBuf,
    /// How it was reached from the argument, `/`-separated, no leading `./`.
    pub display: String,
}

impl Target {
    /// A target whose display name is made from its path.
    pub fn new(path: &Path) -> Self {
        Target {
            path: path.to_path_buf(),
            display: display_path(path),
        }
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

/// The directory a file is in: `.` for a bare file name.
pub fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The directories keylint may read: those it was asked to scan (a file's
/// directory for a file) and the current directory. A module source, a
/// nested stack's template or a symlink that leads elsewhere is not
/// followed: input from an untrusted pull request must not make keylint
/// read, and quote, the files of the machine it runs on.
#[derive(Debug, Clone, Default)]
pub struct Boundary {
    /// Canonical roots; `None` for anywhere (a library caller's choice).
    roots: Option<Vec<PathBuf>>,
}

impl Boundary {
    /// No boundary at all.
    pub fn anywhere() -> Self {
        Boundary { roots: None }
    }

    /// The boundary of a scan of `paths`.
    pub fn of_scan(paths: &[PathBuf]) -> Self {
        let cwd = std::env::current_dir().ok();
        let dirs = paths.iter().map(|p| match p.is_dir() {
            true => p.as_path(),
            false => p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        });
        let roots = cwd
            .iter()
            .map(PathBuf::as_path)
            .chain(dirs)
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        Boundary { roots: Some(roots) }
    }

    /// Whether `path` (which must exist) is inside the boundary, symlinks
    /// resolved.
    /// Whether a file named on the command line or found by name may be
    /// read: anything but a symbolic link that leads out of the boundary.
    /// A file outside is the user's own (a configuration above the
    /// repository); a link from inside to elsewhere is what a pull request
    /// could plant.
    pub fn admits_file(&self, path: &Path) -> bool {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        !is_link || self.contains(path)
    }

    /// Whether `path`, with symbolic links resolved, is inside the boundary.
    pub fn contains(&self, path: &Path) -> bool {
        let Some(roots) = &self.roots else {
            return true;
        };
        path.canonicalize()
            .is_ok_and(|real| roots.iter().any(|root| real.starts_with(root)))
    }
}

/// A `/`-separated path cleaned lexically, as Go's `filepath.Clean` does on
/// Unix: one slash between elements, no `.` elements, `..` after a named
/// element removes it, leading `..` of a relative path stay, `..` above
/// the root are dropped, and nothing at all is `.`.
pub fn clean_slashed(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `path` relative to `base` when it is inside it (both made absolute).
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).map(|a| normalize(&a));
    match (absolute(path), absolute(base)) {
        (Ok(p), Ok(b)) => p.strip_prefix(&b).map(Path::to_path_buf).unwrap_or(p),
        _ => path.to_path_buf(),
    }
}

/// Removes `.` and resolves `..` lexically (symlinks are never followed).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The same lexical normalisation for a display path, with `/` separators.
pub fn normalize_display(path: &str) -> String {
    normalize(Path::new(path))
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_path(Path::new("./a/b/")), "a/b");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("/abs/x")), "/abs/x");
        assert_eq!(parent_dir(Path::new("main.tf")), Path::new("."));
        assert_eq!(parent_dir(Path::new("a/main.tf")), Path::new("a"));
    }

    #[test]
    fn lexical_normalisation() {
        assert_eq!(normalize_display("a/b/examples/full/../../"), "a/b");
        assert_eq!(normalize_display("./x/"), "x");
        assert_eq!(normalize_display("../x/./y/.."), "../x");
        assert_eq!(normalize_display("."), ".");
    }
}

#[cfg(test)]
mod boundary_tests {
    use super::*;

    #[test]
    fn a_scan_reads_inside_its_directories_only() {
        let outside = tempfile::tempdir().unwrap();
        let scanned = tempfile::tempdir().unwrap();
        let inside = scanned.path().join("modules/m");
        std::fs::create_dir_all(&inside).unwrap();
        let boundary = Boundary::of_scan(&[scanned.path().to_path_buf()]);
        assert!(boundary.contains(&inside));
        assert!(boundary.contains(&scanned.path().join("modules/../modules/m")));
        assert!(!boundary.contains(outside.path()));
        assert!(!boundary.contains(&scanned.path().join("missing")));
        // A symlink inside that leads outside is outside.
        #[cfg(unix)]
        {
            let link = scanned.path().join("link");
            std::os::unix::fs::symlink(outside.path(), &link).unwrap();
            assert!(!boundary.contains(&link));
        }
        // A file argument's directory is scanned; anywhere is anywhere.
        let file = scanned.path().join("modules/m/main.tf");
        std::fs::write(&file, "").unwrap();
        assert!(Boundary::of_scan(&[file]).contains(&inside));
        assert!(Boundary::anywhere().contains(outside.path()));
    }
}
