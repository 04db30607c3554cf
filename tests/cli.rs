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
    // A value from the environment is where CI passes secrets: compared,
    // never shown.
    assert_eq!(
        rules_and_users(&with),
        vec![(
            "KL001".to_owned(),
            "aws_iam_user.this.name (sensitive)".to_owned()
        )]
    );
    assert!(!String::from_utf8_lossy(&with.stdout).contains("env-admin"));
    // --var wins over the environment
    let both = keylint(
        &[
            "check",
            "--format",
            "json",
            "--var",
            "console_access=false",
            "tf-cli-vars",
        ],
        &[
            ("TF_VAR_console_access", "true"),
            ("TF_VAR_user_name", "env-admin"),
            ("TF_VAR_key_slots", "[\"a\"]"),
        ],
    );
    assert_eq!(rules_and_users(&both), vec![]);
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

/// Copies a testdata case into a temporary directory (outside any keylint.toml).
fn copy_case(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(case);
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn keylint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env_clear()
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn baseline_reports_only_new_findings_and_notes_stale_entries() {
    let dir = copy_case("tf-literal-names");
    let written = keylint_in(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 3);

    // Nothing new: clean, and the summary says what the baseline holds.
    let again = keylint_in(dir.path(), &["check", "--baseline", "baseline.json", "."]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("3 in the baseline"));

    // An unrelated edit above the resources keeps the fingerprints.
    let keys = dir.path().join("keys.tf");
    let text = std::fs::read_to_string(&keys).unwrap();
    std::fs::write(&keys, format!("# a new comment line\n\n{text}")).unwrap();
    assert_eq!(
        keylint_in(dir.path(), &["check", "--baseline", "baseline.json", "."])
            .status
            .code(),
        Some(0)
    );

    // A new key for "root" is new; the fixed bob key leaves a stale entry.
    let text = std::fs::read_to_string(&keys)
        .unwrap()
        .replace("user = \"bob\"", "user = \"bob\"\n  status = \"Inactive\"");
    std::fs::write(
        &keys,
        format!("{text}\nresource \"aws_iam_access_key\" \"root_3\" {{\n  user = \"root\"\n}}\n"),
    )
    .unwrap();
    let output = keylint_in(
        dir.path(),
        &[
            "check",
            "--verbose",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            ".",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let doc = json(&output);
    let resources: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    // root_1 and root_2 changed message (3 keys now) but keep their fingerprints.
    assert_eq!(resources, vec!["aws_iam_access_key.root_3"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("baseline entry") && stderr.contains("bob_literal"),
        "{stderr}"
    );
}

#[test]
fn fail_on_decides_the_exit_code() {
    assert_eq!(
        keylint(&["check", "--fail-on", "never", "tf-count"], &[])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        keylint(&["check", "--fail-on", "warning", "tf-count"], &[])
            .status
            .code(),
        Some(1)
    );
    // config-file makes KL002 a warning: only --fail-on warning fails.
    assert_eq!(
        keylint(&["check", "config-file"], &[]).status.code(),
        Some(0)
    );
    assert_eq!(
        keylint(&["check", "--fail-on", "warning", "config-file"], &[])
            .status
            .code(),
        Some(1)
    );
    // a suppression without a reason is a warning
    assert_eq!(
        keylint(&["check", "cfn-suppressions"], &[]).status.code(),
        Some(0)
    );
    assert_eq!(
        keylint(&["check", "--fail-on", "warning", "cfn-suppressions"], &[])
            .status
            .code(),
        Some(1)
    );
    // errors reading files are not findings: still 2
    assert_eq!(
        keylint(&["check", "--fail-on", "never", "tf-parse-error"], &[])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_findings_only() {
    let output = keylint(&["check", "--quiet", "tf-count"], &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("KL002"));
    assert!(!text.contains("Found 1 finding"), "{text}");
}

#[test]
fn init_writes_a_config_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keylint_in(dir.path(), &["init"]).status.code(), Some(0));
    assert_eq!(
        keylint_in(dir.path(), &["init"]).status.code(),
        Some(2),
        "refuses to overwrite"
    );
    assert_eq!(
        keylint_in(dir.path(), &["init", "--force"]).status.code(),
        Some(0)
    );
    let check = keylint_in(dir.path(), &["check", "."]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_broken_config_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("keylint.toml"),
        "[rules]\nKL007 = \"off\"\n",
    )
    .unwrap();
    let output = keylint_in(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown rule `KL007`"));
}

#[test]
fn completions_for_common_shells() {
    for shell in ["bash", "zsh", "fish"] {
        let output = keylint(&["completions", shell], &[]);
        assert_eq!(output.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&output.stdout).contains("keylint"));
    }
}

/// The README's first command lints `demo/`: it must show one finding of
/// each kind a newcomer should see, in each format, and exit 1.
#[test]
fn the_readme_demo_shows_a_finding_in_each_format() {
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--format", "json", "demo"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc = json(&output);
    let mut found: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("rule"), s("file"), s("resource"))
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "KL001".into(),
                "demo/terraform/main.tf".into(),
                "aws_iam_access_key.alice".into()
            ),
            (
                "KL002".into(),
                "demo/cloudformation/template.yaml".into(),
                "KeyBlue".into()
            ),
            (
                "KL002".into(),
                "demo/cloudformation/template.yaml".into(),
                "KeyGreen".into()
            ),
        ]
    );
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    assert!(
        readme
            .unwrap()
            .contains("cargo run --release -- check demo")
    );
}

/// A run that lints nothing says so (a CDK project's `cdk.out` is in its
/// `.gitignore`), and names a file given on the command line that is not
/// an input keylint reads; the exit code stays 0.
#[test]
fn a_run_that_lints_nothing_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_keylint"))
            .current_dir(dir.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .arg("check")
            .args(["--format", "json"])
            .args(args)
            .output()
            .unwrap()
    };
    let warnings = |out: &Output| -> Vec<String> {
        assert_eq!(out.status.code(), Some(0));
        json(out)["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        warnings(&run(&["package.json"])),
        [
            "package.json: not linted: not a Terraform file, plan, state, CloudFormation template or IAM credential report"
        ]
    );
    let walked = warnings(&run(&["."]));
    assert_eq!(walked.len(), 1);
    assert!(walked[0].starts_with("nothing was linted:"), "{walked:?}");
    assert!(walked[0].contains("keylint check cdk.out"), "{walked:?}");
}

/// `--var` for a variable that no linted root module declares changes
/// nothing: the run says so (once per name, escaped), and the exit code is
/// the findings' alone. `TF_VAR_*` for other configurations stays silent.
#[test]
fn a_var_no_root_module_declares_is_a_warning() {
    let warnings = |args: &[&str], envs: &[(&str, &str)]| -> (Option<i32>, Vec<String>) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = keylint(&all, envs);
        let messages = json(&out)["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap().to_owned())
            .collect();
        (out.status.code(), messages)
    };
    let declared = ["--var", "console_access=true", "tf-cli-vars"];
    assert_eq!(warnings(&declared, &[]), (Some(0), vec![]));
    let typo = [
        "--var",
        "console_acess=true",
        "--var",
        "console_acess=false",
        "--var",
        "bad\x1b[31m=1",
        "tf-cli-vars",
    ];
    assert_eq!(
        warnings(&typo, &[("TF_VAR_unrelated", "1")]),
        (
            Some(0),
            vec![
                "--var console_acess: no root module linted declares this variable, so the value is not used".to_owned(),
                "--var bad\\x1b[31m: no root module linted declares this variable, so the value is not used".to_owned(),
            ]
        )
    );
    // A plan's variables were set when it was made: --var is not used.
    let (_, plan) = warnings(
        &["--var", "console_access=true", "plan-two-keys-one-user"],
        &[],
    );
    assert_eq!(plan.len(), 1, "{plan:?}");
}

/// `--select` runs only the named rules, `--ignore` leaves some out (ids or
/// names, comma-separated or repeated); an unknown name is bad usage.
#[test]
fn select_and_ignore_choose_the_rules_that_run() {
    let rules_of = |args: &[&str]| -> Vec<String> {
        let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "--format", "json", "demo"])
            .args(args)
            .output()
            .unwrap();
        let mut ids: Vec<String> = json(&output)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(rules_of(&[]), ["KL001", "KL002"]);
    assert_eq!(rules_of(&["--select", "KL002"]), ["KL002"]);
    assert_eq!(
        rules_of(&["--select", "kl001,multiple-active-access-keys"]),
        ["KL001", "KL002"]
    );
    assert_eq!(
        rules_of(&["--ignore", "KL001", "--ignore", "KL003"]),
        ["KL002"]
    );
    assert!(rules_of(&["--select", "KL001", "--ignore", "KL001"]).is_empty());
    let bad = keylint(&["check", "--select", "KL9", "tf-count"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--select: unknown rule `KL9`"));
}

#[test]
fn rules_lists_every_rule_as_json() {
    let output = keylint(&["rules", "--format", "json"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let registry: Vec<&str> = keylint::rules::metadata().map(|m| m.id).collect();
    assert_eq!(ids, registry);
    assert_eq!(
        list[0]["url"],
        keylint::rules::metadata().next().unwrap().url()
    );
}

/// A baseline names files relative to itself: written from `infra/`, it
/// matches a run from the repository root, and the other way round.
#[test]
fn baselines_match_from_any_directory() {
    let repo = tempfile::tempdir().unwrap();
    let infra = repo.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/terraform/main.tf");
    std::fs::copy(demo, infra.join("main.tf")).unwrap();
    let run = |dir: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_keylint"))
            .current_dir(dir)
            .env_remove("GITHUB_STEP_SUMMARY")
            .arg("check")
            .args(args)
            .output()
            .unwrap()
    };
    assert_eq!(
        run(&infra, &["--write-baseline", "b.json", "."])
            .status
            .code(),
        Some(0)
    );
    let from_root = run(repo.path(), &["--baseline", "infra/b.json", "infra"]);
    assert_eq!(
        from_root.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_root.stdout)
    );
    assert_eq!(
        run(repo.path(), &["--write-baseline", "root.json", "infra"])
            .status
            .code(),
        Some(0)
    );
    let from_infra = run(&infra, &["--baseline", "../root.json", "."]);
    assert_eq!(
        from_infra.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_infra.stdout)
    );
    let text = std::fs::read_to_string(infra.join("b.json")).unwrap();
    assert!(
        text.contains("\"version\": 2") && text.contains("\"file\": \"main.tf\""),
        "{text}"
    );
}

/// Comments that look like suppressions but are not (`keylint-ignore:`,
/// `keylint: ignore`, upper case) silence nothing, and say so.
#[test]
fn near_miss_suppressions_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "# keylint-ignore: KL002 rotation\nresource \"aws_iam_access_key\" \"a\" {\n  user = \"x\"\n}\n// KEYLINT:IGNORE KL002\nresource \"aws_iam_access_key\" \"b\" {\n  user = \"x\"\n}\n# keylint:ignore KL001 a real one, unused\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir.path())
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let doc = json(&output);
    let warnings: Vec<(u64, String)> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["line"].as_u64().unwrap(),
                w["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let hint = "is not a suppression and silences nothing: write `keylint:ignore <rule> <reason>`";
    assert_eq!(
        warnings,
        [
            (1, format!("`keylint-ignore` {hint}")),
            (5, format!("`KEYLINT:IGNORE` {hint}"))
        ]
    );
    assert_eq!(doc["findings"].as_array().unwrap().len(), 2);
}

/// `--force-exclude` (or `force_exclude = true`) applies keylint.toml's
/// `exclude` to paths named on the command line too, as pre-commit names
/// every changed file; without it a named path is always linted.
#[test]
fn force_exclude_applies_exclude_to_named_paths() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::write(
        repo.path().join("keylint.toml"),
        "exclude = [\"legacy/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir(repo.path().join("legacy")).unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/terraform/main.tf");
    std::fs::copy(demo, repo.path().join("legacy/main.tf")).unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
            .current_dir(repo.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        (output.status.code(), json(&output))
    };
    let (code, named) = run(&["legacy/main.tf"]);
    assert_eq!(code, Some(1));
    assert_eq!(named["findings"].as_array().unwrap().len(), 1);
    let (code, forced) = run(&["--force-exclude", "legacy/main.tf"]);
    assert_eq!(code, Some(0));
    assert_eq!(forced["excluded"], serde_json::json!(["legacy/main.tf"]));
    std::fs::write(
        repo.path().join("keylint.toml"),
        "exclude = [\"legacy/**\"]\nforce_exclude = true\n",
    )
    .unwrap();
    assert_eq!(run(&["legacy/main.tf"]).0, Some(0));
}

/// pre-commit names the changed files of a shared module: the root modules
/// of the repository that call it (directly or through another module,
/// found from `source` paths) are linted too, since only they give it its
/// values. Modules that do not call it, or that the configuration excludes,
/// are not; outside a git repository nothing is searched.
#[test]
fn a_named_module_is_linted_with_the_modules_that_call_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "modules/iam/main.tf",
        "variable \"name\" {}\nvariable \"console\" { default = false }\n\
         resource \"aws_iam_user\" \"u\" { name = var.name }\n\
         resource \"aws_iam_user_login_profile\" \"p\" {\n  count = var.console ? 1 : 0\n  user  = aws_iam_user.u.name\n}\n\
         resource \"aws_iam_access_key\" \"k\" { user = aws_iam_user.u.name }\n",
    );
    write(
        "wrapper/main.tf",
        "variable \"who\" {}\nmodule \"iam\" {\n  source  = \"../modules/iam\"\n  name    = var.who\n  console = var.who != \"\"\n}\n",
    );
    write(
        "envs/prod/main.tf",
        "module \"w\" {\n  source = \"../../wrapper\"\n  who    = \"prod-admin\"\n}\n",
    );
    write(
        "envs/dev/main.tf",
        "module \"direct\" {\n  source = \"./../../modules/iam\"\n  name   = \"dev-bot\"\n}\n",
    );
    write(
        "envs/staging/main.tf",
        "module \"direct\" {\n  source  = \"../../modules/iam\"\n  name    = \"stage-admin\"\n  console = true\n}\n",
    );
    write(
        "other/main.tf",
        "resource \"aws_iam_user\" \"x\" { name = \"x\" }\n\
         resource \"aws_iam_access_key\" \"a\" { user = aws_iam_user.x.name }\n\
         resource \"aws_iam_access_key\" \"b\" { user = aws_iam_user.x.name }\n",
    );
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_keylint"))
            .current_dir(root)
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let doc = json(&out);
        let mut users: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["user"].as_str().unwrap().to_owned())
            .collect();
        users.sort();
        (out.status.code(), doc["summary"]["files"].as_u64(), users)
    };
    let named = ["modules/iam/main.tf"];
    // Not a repository: only the named module, which is clean on its own.
    assert_eq!(run(&named), (Some(0), Some(1), vec![]));
    std::fs::create_dir(root.join(".git")).unwrap();
    // modules/iam, wrapper, envs/prod, envs/dev, envs/staging; not other.
    assert_eq!(
        run(&named),
        (
            Some(1),
            Some(5),
            vec!["prod-admin".to_owned(), "stage-admin".to_owned()]
        )
    );
    // Named twice, or with its caller named too: each module once.
    let twice = [
        "modules/iam/main.tf",
        "./modules/iam/main.tf",
        "envs/prod/main.tf",
    ];
    assert_eq!(run(&twice).1, Some(5));
    // A caller the configuration excludes stays out, with --force-exclude
    // as without.
    write("keylint.toml", "exclude = [\"envs/staging\"]\n");
    assert_eq!(
        run(&["--force-exclude", "modules/iam/main.tf"]),
        (Some(1), Some(4), vec!["prod-admin".to_owned()])
    );
}

#[test]
fn a_credential_report_is_tied_to_code_linted_with_all_inputs() {
    // The key is created only when var.create_key is true: with
    // --all-inputs each combination is a model of its own, and the report
    // is still tied to the user they declare, with the most keys any of
    // them declares (two in the account are more than any).
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("infra")).unwrap();
    std::fs::write(
        dir.path().join("infra/main.tf"),
        r#"provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]
}

variable "create_key" {
  type    = bool
  default = false
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  count = var.create_key ? 1 : 0
  user  = aws_iam_user.ci.name
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("report.csv"),
        "user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n\
         ci,arn:aws:iam::123456789012:user/ci,2024-05-01T00:00:00+00:00,false,true,2024-05-01T00:00:05+00:00,2024-05-31T00:00:00+00:00,true,2024-05-02T00:00:00+00:00,2024-05-31T00:00:00+00:00\n",
    )
    .unwrap();
    let args = [
        "check",
        "--format",
        "json",
        "--as-of",
        "2024-06-01T00:00:00Z",
    ];
    for all_inputs in [false, true] {
        let mut args = args.to_vec();
        if all_inputs {
            args.push("--all-inputs");
        }
        args.push(".");
        let output = keylint_in(dir.path(), &args);
        let report = json(&output);
        let drift: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "KL006")
            .collect();
        assert_eq!(drift.len(), 1, "all_inputs {all_inputs}: {report}");
        // At the default, none; for some inputs, one: the most it may.
        let declared = if all_inputs { 1 } else { 0 };
        let message = drift[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("and the code declares {declared}")),
            "{message}"
        );
        let related = drift[0]["related"].to_string();
        assert!(related.contains("main.tf"), "{related}");
    }
}
