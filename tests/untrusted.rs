//! An untrusted checkout (a pull request from a fork): its settings files
//! and variables files may be symbolic links to the machine's secrets or to
//! endless devices, and its names may hold terminal and workflow commands.
//! keylint must refuse them with a clear error (exit 2), never quote what
//! they point to, and keep linting the good files.

use std::path::Path;
use std::process::{Command, Output};

/// Planted in the files outside the checkout: must never be printed.
const SECRET: &str = "PLANTED-OUTSIDE-SECRET";

/// One KL002 finding (two active keys for `good-user`).
const GOOD_TF: &str = "resource \"aws_iam_access_key\" \"a\" {\n  user = \"good-user\"\n}\n\nresource \"aws_iam_access_key\" \"b\" {\n  user = \"good-user\"\n}\n";

fn keylint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .expect("keylint runs")
}

/// A checkout with a good module, and a directory outside it holding a
/// secret file.
fn checkout() -> (tempfile::TempDir, tempfile::TempDir) {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("good")).unwrap();
    std::fs::write(repo.path().join("good/main.tf"), GOOD_TF).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret"), format!("TOKEN={SECRET}\n")).unwrap();
    (repo, outside)
}

fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_refused(out: &Output, file: &str, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(out));
    assert!(!all.contains(SECRET), "the secret was printed:\n{all}");
    assert!(
        stderr(out).contains(&format!(
            "{file}: {what} is a symbolic link to a file outside the scanned directories"
        )),
        "{}",
        stderr(out)
    );
}

#[test]
fn settings_files_that_link_out_of_the_checkout_are_not_read() {
    let (repo, outside) = checkout();
    let secret = outside.path().join("secret");
    link(&secret, &repo.path().join("keylint.toml"));
    assert_refused(
        &keylint(repo.path(), &["."]),
        "keylint.toml",
        "configuration",
    );

    let (repo, outside) = checkout();
    let secret = outside.path().join("secret");
    link(&secret, &repo.path().join("baseline.json"));
    let out = keylint(repo.path(), &["--baseline", "baseline.json", "."]);
    assert_refused(&out, "baseline.json", "baseline");
    link(&secret, &repo.path().join("params.json"));
    let out = keylint(repo.path(), &["--parameters-file", "params.json", "."]);
    assert_refused(&out, "params.json", "parameters file (--parameters-file)");
}

#[test]
fn a_tfvars_file_that_links_out_is_an_error_of_its_module_only() {
    let (repo, outside) = checkout();
    std::fs::create_dir(repo.path().join("bad")).unwrap();
    std::fs::write(
        repo.path().join("bad/main.tf"),
        "variable \"u\" {}\nresource \"aws_iam_access_key\" \"k\" {\n  user = var.u\n}\n",
    )
    .unwrap();
    link(
        &outside.path().join("secret"),
        &repo.path().join("bad/terraform.tfvars"),
    );
    let out = keylint(repo.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!report.to_string().contains(SECRET));
    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().into(),
                e["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [(
            "bad/terraform.tfvars".to_owned(),
            "a symbolic link to a file outside the scanned directories: not read".to_owned()
        )]
    );
    let users: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["user"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["good-user", "good-user"]);
}

#[test]
fn endless_devices_are_not_read() {
    let (repo, _outside) = checkout();
    link(Path::new("/dev/zero"), &repo.path().join("zero.json"));
    // `--baseline` named outright: the user's choice of file, but not a
    // regular one.
    let out = keylint(repo.path(), &["--baseline", "/dev/zero", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: /dev/zero: cannot read baseline: cannot read file: not a regular file\n"
    );
}

#[test]
fn settings_errors_give_a_position_never_the_text_and_escape_names() {
    let (repo, _outside) = checkout();
    let config = repo.path().join("keylint.toml");
    std::fs::write(&config, "fail_on = \"TEXT-OF-THE-FILE\n").unwrap();
    let out = keylint(repo.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let shown = stderr(&out);
    assert!(!shown.contains("TEXT-OF-THE-FILE"), "{shown}");
    assert!(
        shown.contains("keylint.toml: invalid configuration at line 1, column 28: "),
        "{shown}"
    );

    // A rule name that would retitle the terminal and, on a line of its
    // own, stop GitHub's workflow commands.
    std::fs::write(
        &config,
        "[rules]\n\"\\u001b]0;pwn\\u0007\\n::stop-commands::x\" = \"off\"\n",
    )
    .unwrap();
    let out = keylint(repo.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).ends_with(
            "keylint.toml: unknown rule `\\x1b]0;pwn\\x07\\n::stop-commands::x` in [rules] \
             (known: KL001, KL002)\n"
        ),
        "{}",
        stderr(&out)
    );
}
