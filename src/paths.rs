//! Paths as keylint handles them: a place on disk with the name people see,
//! and lexical normalisation (symbolic links are never resolved).

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
