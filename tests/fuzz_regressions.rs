//! Inputs found by fuzzing (`scripts/fuzz.sh`), and the in-memory entry
//! points the fuzz targets use.
//!
//! Every file under `testdata/fuzz-regressions/<bug>/` is linted by the real
//! binary in every output format, and in process with `lint_text`: keylint
//! must end with exit code 0, 1 or 2, never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use keylint::lint::{LintOptions, lint, lint_text};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

fn regression_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for case in std::fs::read_dir(testdata().join("fuzz-regressions")).unwrap() {
        let case = case.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&case).unwrap() {
            files.push(file.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn fuzz_regressions_end_without_a_panic() {
    for file in regression_files() {
        for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
            for color in ["always", "never"] {
                let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
                    .arg("--format")
                    .arg(format)
                    .arg("--color")
                    .arg(color)
                    .arg(&file)
                    .env_remove("GITHUB_ACTIONS")
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert!(
                    matches!(output.status.code(), Some(0..=2)) && !stderr.contains("panicked"),
                    "{} --format {format} --color {color}: {:?}\n{stderr}",
                    file.display(),
                    output.status
                );
            }
        }
        // In process too, as the fuzz targets call it.
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let _ = lint_text(file.clone(), name, text, &LintOptions::default());
    }
}

/// Rule ids and lines of the findings, and the errors' count.
fn summary(result: &keylint::outcome::Outcome) -> (Vec<(String, usize)>, usize) {
    let findings = result
        .findings
        .iter()
        .map(|f| (f.rule.id.to_owned(), f.location.start().line))
        .collect();
    (findings, result.errors.len())
}

#[test]
fn lint_text_agrees_with_lint_on_one_file() {
    for (case, file) in [
        ("tf-reference-kl001", "main.tf"),
        ("tf-json", "main.tf.json"),
        ("cfn-conditions", "template.yaml"),
        ("plan-two-keys-one-user", "plan.json"),
    ] {
        let path = testdata().join(case).join(file);
        if !path.exists() {
            continue;
        }
        let on_disk = lint(&LintOptions {
            paths: vec![path.clone()],
            ..LintOptions::default()
        });
        let text = std::fs::read_to_string(&path).unwrap();
        let in_memory = lint_text(path, file.to_owned(), text, &LintOptions::default());
        assert_eq!(summary(&in_memory), summary(&on_disk), "{case}/{file}");
        assert!(
            !in_memory.findings.is_empty() || case.starts_with("plan"),
            "{case}"
        );
    }
}
