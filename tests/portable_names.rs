//! Every file of the repository can be checked out on Windows: no name is
//! reserved there (`nul.tf` once broke the pre-commit hook and the Action on
//! Windows runners, which cannot check it out), and none holds a character
//! Windows forbids or ends in a dot or a space.

use std::path::Path;

/// Names Windows reserves, whatever their extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

fn problems(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Build output and local state, never checked out.
        if matches!(
            name.as_str(),
            ".git" | "target" | "corpus" | "artifacts" | "logs" | "coverage"
        ) {
            continue;
        }
        let stem = name.split('.').next().unwrap_or("").to_ascii_lowercase();
        if RESERVED.contains(&stem.as_str())
            || name.contains(['<', '>', ':', '"', '|', '?', '*', '\\'])
            || name.ends_with(['.', ' '])
        {
            out.push(entry.path().display().to_string());
        }
        if entry.file_type().unwrap().is_dir() {
            problems(&entry.path(), out);
        }
    }
}

#[test]
fn no_file_name_is_reserved_or_forbidden_on_windows() {
    let mut out = Vec::new();
    problems(Path::new(env!("CARGO_MANIFEST_DIR")), &mut out);
    assert!(out.is_empty(), "not portable to Windows: {out:?}");
}
