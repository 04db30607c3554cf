//! What several integration tests share: the `testdata/` cases and the
//! arguments each is linted with. (A folder, so cargo does not build it as
//! a test of its own.)

// Each test file uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `testdata/` folder.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

/// Every case folder, fuzzing regressions included.
pub fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(testdata())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    cases.sort();
    cases
}

/// The arguments `tests/testdata.rs` runs a case with: its `args` file, and
/// the case folder unless the arguments name its paths.
pub fn case_args(case: &str) -> Vec<String> {
    let mut args: Vec<String> = std::fs::read_to_string(testdata().join(case).join("args"))
        .map(|s| {
            s.lines()
                .filter(|l| !l.is_empty())
                .map(Into::into)
                .collect()
        })
        .unwrap_or_default();
    if !args.iter().any(|a| a.starts_with(case)) {
        args.push(case.to_owned());
    }
    args
}
