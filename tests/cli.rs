//! Command-line behaviour: exit codes, environment variables, usage errors.

use std::path::Path;
use std::process::{Command, Output};

fn keylint(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keylint"));
    command
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata"))
        .env_clear();
    for (k, v) in envs {
        command.env(k, v);
    }
    command.args(args).output().expect("keylint runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn rules_and_users(output: &Output) -> Vec<(String, String)> {
    json(output)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["user"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn exit_codes() {
    assert_eq!(
        keylint(&["check", "tf-inactive"], &[]).status.code(),
        Some(0)
    );
    assert_eq!(keylint(&["check", "tf-count"], &[]).status.code(), Some(1));
    assert_eq!(
        keylint(&["check", "tf-parse-error"], &[]).status.code(),
        Some(2)
    );
    assert_eq!(
        keylint(&["check", "no-such-dir"], &[]).status.code(),
        Some(2)
    );
    assert_eq!(
        keylint(&["check", "--format", "xml", "tf-count"], &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(keylint(&["frobnicate"], &[]).status.code(), Some(2));
    assert_eq!(keylint(&["--version"], &[]).status.code(), Some(0));
}

#[test]
fn a_missing_path_is_reported_with_the_others_still_linted() {
    let output = keylint(
        &["check", "--format", "json", "no-such-dir", "tf-count"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let doc = json(&output);
    assert_eq!(doc["errors"][0]["file"], "no-such-dir");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn tf_var_environment_variables_set_root_variables() {
    let without = keylint(&["check", "--format", "json", "tf-cli-vars"], &[]);
    assert_eq!(rules_and_users(&without), vec![]);
    let with = keylint(
        &["check", "--format", "json", "tf-cli-vars"],
        &[
            ("TF_VAR_console_access", "true"),
            ("TF_VAR_user_name", "env-admin"),
            ("TF_VAR_key_slots", "[\"a\"]"),
        ],
    );
    assert_eq!(
        rules_and_users(&with),
        vec![("KL001".to_owned(), "env-admin".to_owned())]
    );
    // --var wins over the environment
    let both = keylint(
        &[
            "check",
            "--format",
            "json",
            "--var",
            "user_name=cli-admin",
            "tf-cli-vars",
        ],
        &[
            ("TF_VAR_console_access", "true"),
            ("TF_VAR_user_name", "env-admin"),
            ("TF_VAR_key_slots", "[\"a\"]"),
        ],
    );
    assert_eq!(
        rules_and_users(&both),
        vec![("KL001".to_owned(), "cli-admin".to_owned())]
    );
}

#[test]
fn bad_cli_inputs_are_clear_errors() {
    let output = keylint(&["check", "--var", "novalue", "tf-count"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("NAME=VALUE"));
    let output = keylint(
        &["check", "--parameters-file", "tf-count/main.tf", "tf-count"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--parameters-file"));
    let output = keylint(
        &[
            "check",
            "--format",
            "json",
            "--var-file",
            "missing.tfvars",
            "tf-count",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json(&output)["errors"][0]["file"], "missing.tfvars");
}

#[test]
fn rules_lists_every_rule() {
    let output = keylint(&["rules"], &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("KL001  access-key-with-console-login"),
        "{text}"
    );
    assert!(
        text.contains("KL002  multiple-active-access-keys"),
        "{text}"
    );
}

#[test]
fn colour_only_when_asked() {
    let plain = keylint(&["check", "tf-count"], &[]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let coloured = keylint(&["check", "--color", "always", "tf-count"], &[]);
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}
