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

/// The report's errors as (file, message), sorted.
fn errors_of(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = report["errors"]
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
    errors.sort();
    errors
}

/// The good module's two findings are in the report.
fn assert_good_reported(report: &serde_json::Value) {
    let users: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["user"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["good-user", "good-user"]);
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
    let errors = errors_of(&report);
    assert_eq!(
        errors,
        [(
            "bad/terraform.tfvars".to_owned(),
            "a symbolic link to a file outside the scanned directories: not read".to_owned()
        )]
    );
    assert_good_reported(&report);
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
             (known: KL001, KL002, KL003, KL004, KL005, KL006)\n"
        ),
        "{}",
        stderr(&out)
    );
}

/// Terraform inputs of a few lines whose naive evaluation is exponential
/// or unbounded, with the limit each must stop at.
fn hostile_modules() -> Vec<(&'static str, String, &'static str)> {
    let chain = |first: &str, next: &dyn Fn(usize) -> String, last: &str| {
        let mut text = format!("locals {{\n  p0 = {first}\n");
        for i in 1..=40 {
            text.push_str(&format!("  p{i} = {}\n", next(i - 1)));
        }
        text + &format!("}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = {last}\n}}\n")
    };
    let doubling = chain(
        "\"x\"",
        &|p| format!("\"${{local.p{p}}}${{local.p{p}}}\""),
        "substr(local.p40, 0, 3)",
    );
    let join_split = chain(
        "\"a,b\"",
        &|p| format!("join(local.p{p}, split(\",\", local.p{p}))"),
        "substr(local.p40, 0, 3)",
    );
    let splats = format!(
        "locals {{\n  x = [{{ a = 1 }}]\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = local.x{}\n}}\n",
        "[*]".repeat(100_000)
    );
    let self_call = "module \"again\" {\n  source = \"./\"\n  count  = 2\n}\nresource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n}\n".to_owned();
    let wide = "locals {\n  r = range(1000)\n  l = [for a in local.r : [for b in local.r : [for c in local.r : c]]]\n}\nresource \"aws_iam_access_key\" \"k\" {\n  user = length(local.l)\n}\n".to_owned();
    // A list of one shared 1 MB string a thousand times: 1 GB of text.
    let shared = format!(
        "locals {{\n  s  = join(\"\", [for i in range(1000) : \"{}\"])\n  l1 = [for i in range(1000) : local.s]\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = substr(jsonencode(local.l1), 0, 3)\n}}\n",
        "0123456789".repeat(100)
    );
    let shared_yaml = shared.replace("jsonencode", "yamlencode");
    let indent =
        "resource \"aws_iam_access_key\" \"k\" {\n  user = indent(1000000000000, \"a\\nb\")\n}\n"
            .to_owned();
    let product = "locals {\n  r = range(1000)\n}\nresource \"aws_iam_access_key\" \"k\" {\n  user = length(setproduct(local.r, local.r, local.r))\n}\n".to_owned();
    let mut counted = String::new();
    for i in 0..50 {
        counted.push_str(&format!(
            "resource \"aws_iam_access_key\" \"k{i}\" {{\n  count = 100000\n  user  = \"u\"\n}}\n"
        ));
    }
    vec![
        ("doubling-locals", doubling, "a string longer than 1 MiB"),
        ("join-split", join_split, "a string longer than 1 MiB"),
        ("splats", splats, "splats nested more than 128 deep"),
        ("self-call", self_call, "more than 10,000 module instances"),
        (
            "nested-for",
            wide,
            "more than 4,000,000 collection elements",
        ),
        ("shared-jsonencode", shared, "a string longer than 1 MiB"),
        (
            "shared-yamlencode",
            shared_yaml,
            "a string longer than 1 MiB",
        ),
        ("indent", indent, "a string longer than 1 MiB"),
        (
            "setproduct",
            product,
            "a setproduct of more than 100,000 elements",
        ),
        ("counts", counted, "more than 4,000,000 collection elements"),
    ]
}

#[test]
fn hostile_modules_spend_their_budget_and_the_others_are_still_reported() {
    let (repo, _outside) = checkout();
    let families = hostile_modules();
    for (name, text, _) in &families {
        std::fs::create_dir(repo.path().join(name)).unwrap();
        std::fs::write(repo.path().join(name).join("main.tf"), text).unwrap();
    }
    let out = keylint(repo.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = errors_of(&report);
    let mut expected: Vec<(String, String)> = families
        .iter()
        .map(|(name, _, reason)| {
            let message = format!(
                "analysis budget exceeded ({reason}): this module is not checked; \
                 a real configuration stays far below the limits"
            );
            ((*name).to_owned(), message)
        })
        .collect();
    expected.sort();
    assert_eq!(errors, expected);
    assert_good_reported(&report);
}

#[test]
fn a_cloudformation_join_is_bounded_before_it_is_built() {
    // 600,000 empty items joined by a 600 KB delimiter: 360 GB if built.
    let (repo, _outside) = checkout();
    let template = format!(
        "Parameters:\n  P:\n    Type: String\n    Default: \"{}\"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Join [!Ref P, !Split [\",\", !Ref P]]\n",
        ",".repeat(600_000)
    );
    std::fs::write(repo.path().join("template.yaml"), template).unwrap();
    let out = keylint(repo.path(), &["--verbose", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "template.yaml:9:7: Key: not checked: UserName is not known: string is too long to evaluate"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nothing_from_input_becomes_a_workflow_command_in_the_log() {
    let (repo, _outside) = checkout();
    std::fs::write(
        repo.path().join("good/main.tf"),
        "# ##[stop-commands]tok\nresource \"aws_iam_access_key\" \"a\" {\n  user = \"##[group]x\"\n}\nresource \"aws_iam_access_key\" \"b\" {\n  user = \"##[group]x\"\n}\n",
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
        let out = keylint(repo.path(), &["--format", format, "."]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("##["), "{format}:\n{text}");
        let neutralised = if matches!(format, "json" | "sarif" | "gitlab") {
            "##\\u005bgroup]x"
        } else {
            "##\u{2060}[group]x"
        };
        assert!(text.contains(neutralised), "{format}:\n{text}");
    }
    let human = keylint(repo.path(), &["--format", "human", "."]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("# ##\u{2060}[stop-commands]tok"));
}

/// A pull request that switches keylint off four ways: a configuration
/// turning a rule off, an `.ignore` hiding every `.tf`, a suppression
/// comment and nothing else. Each is reported, with the file that did it;
/// `--strict` honours none of them.
#[test]
fn switches_in_the_repository_leave_a_trace_and_strict_ignores_them() {
    let (repo, _outside) = checkout();
    let dir = repo.path();
    std::fs::write(dir.join("keylint.toml"), "[rules]\nKL001 = \"off\"\n").unwrap();
    std::fs::write(dir.join(".ignore"), "*.tf\n").unwrap();
    std::fs::create_dir(dir.join("console")).unwrap();
    std::fs::write(
        dir.join("console/main.tf"),
        "resource \"aws_iam_user_login_profile\" \"p\" {\n  user = \"ops\"\n}\n# keylint:ignore KL001 reviewed\nresource \"aws_iam_access_key\" \"k\" {\n  user = \"ops\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("good/main.tf"),
        format!("# keylint:ignore KL002 rotation (OPS-1)\n{GOOD_TF}"),
    )
    .unwrap();

    let out = keylint(dir, &["--format", "json", "."]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The `.ignore` hid no module: both were analysed.
    assert_eq!(report["summary"]["files"], 2);
    let findings: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect();
    // The suppressed key no longer counts: `b` alone is one key.
    assert_eq!(findings, []);
    let suppressed: Vec<(&str, &str, &str)> = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["resource"].as_str().unwrap(),
                s["suppression"]["kind"].as_str().unwrap(),
                s["suppression"]["justification"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        [("aws_iam_access_key.a", "inSource", "rotation (OPS-1)")]
    );
    assert_eq!(
        report["rule_overrides"],
        serde_json::json!([{"rule": "KL001", "setting": "off", "file": "keylint.toml"}])
    );

    let human = keylint(dir, &["."]);
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains(
            "No findings in 2 files; 1 suppressed. Rules changed by keylint.toml: KL001 off."
        ),
        "{human}"
    );

    let sarif = keylint(dir, &["--format", "sarif", "."]);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "the suppressed result stays, marked");
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "rotation (OPS-1)"
    );
    let overrides = &run["invocations"][0]["ruleConfigurationOverrides"];
    assert_eq!(overrides[0]["descriptor"]["id"], "KL001");
    assert_eq!(overrides[0]["configuration"]["enabled"], false);

    let strict = keylint(dir, &["--strict", "--format", "json", "."]);
    let strict: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    let mut all: Vec<(&str, &str)> = strict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["resource"].as_str().unwrap()))
        .collect();
    all.sort();
    assert_eq!(
        all,
        [
            ("KL001", "aws_iam_access_key.k"),
            ("KL002", "aws_iam_access_key.a"),
            ("KL002", "aws_iam_access_key.b"),
        ]
    );
    assert!(strict.get("suppressed").is_none() && strict.get("rule_overrides").is_none());
}

#[test]
fn a_template_that_spends_its_budget_is_an_error_of_its_own() {
    let (repo, _outside) = checkout();
    // YAML blocks nest up to 1,000 levels; evaluation stops at 200 (the
    // condition is false: each `!If` takes its third item, the next `!If`).
    let mut template = String::from(
        "Conditions:\n  C: !Equals [a, b]\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName:",
    );
    for level in 0..250 {
        let indent = " ".repeat(8 + 2 * level);
        template.push_str(&format!(" !If\n{indent}- C\n{indent}- y\n{indent}-"));
    }
    template.push_str(" x\n");
    std::fs::write(repo.path().join("template.yaml"), template).unwrap();
    let out = keylint(repo.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        errors_of(&report),
        [(
            "template.yaml".to_owned(),
            "analysis budget exceeded (expressions nested more than 200 deep): this template is not checked".to_owned()
        )]
    );
    assert_good_reported(&report);
}

#[test]
fn a_long_expression_is_shortened_at_a_character_boundary() {
    let (repo, _outside) = checkout();
    // The note quotes the expression cut to 117 bytes: byte 117 falls inside
    // an "é" (7 bytes of `upper("`, 109 of `a`, then two-byte characters).
    // This once panicked and ended the whole run.
    let name = format!("{}{}", "a".repeat(109), "é".repeat(10));
    let tf =
        format!("resource \"aws_iam_access_key\" \"k\" {{\n  user = upper(\"{name}\", 1)\n}}\n");
    std::fs::create_dir(repo.path().join("long")).unwrap();
    std::fs::write(repo.path().join("long/main.tf"), tf).unwrap();
    let out = keylint(repo.path(), &["--format", "json", "--verbose", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_good_reported(&report);
    let shown = format!("user = upper(\"{}... fails in Terraform", "a".repeat(109));
    assert!(stderr(&out).contains(&shown), "{}", stderr(&out));
}

/// Found by the structure-aware fuzzers: two module calls of one name, one
/// calling its own module, were followed again at every level (gigabytes
/// in seconds); a template nesting itself five times was read 5^8 times.
/// Terraform rejects the first, CloudFormation would never finish the
/// second: both are errors of their unit, in milliseconds.
#[test]
fn duplicate_blocks_and_self_nesting_stacks_are_errors() {
    let (repo, _outside) = checkout();
    let write = |dir: &str, file: &str, text: &str| {
        std::fs::create_dir_all(repo.path().join(dir)).unwrap();
        std::fs::write(repo.path().join(dir).join(file), text).unwrap();
    };
    write(
        "calls",
        "main.tf",
        "module \"m\" {\n  source = \"./\"\n}\nmodule \"m\" {\n  source = \"./\"\n}\n",
    );
    // Two blocks of one resource would count one key twice (a false KL002).
    write(
        "keys",
        "main.tf",
        "resource \"aws_iam_access_key\" \"a\" {\n  user = \"x\"\n}\nresource \"aws_iam_access_key\" \"a\" {\n  user = \"x\"\n}\n",
    );
    let stacks: String = (0..6)
        .map(|i| format!("  S{i}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./template.yaml\n"))
        .collect();
    write("stacks", "template.yaml", &format!("Resources:\n{stacks}"));
    let out = keylint(repo.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        errors_of(&report),
        [
            (
                "calls/main.tf".to_owned(),
                "duplicate module call: a module call named `m` is already declared at calls/main.tf:1:1".to_owned()
            ),
            (
                "keys/main.tf".to_owned(),
                "duplicate resource: `aws_iam_access_key.a` is already declared at keys/main.tf:1:1".to_owned()
            ),
            (
                "stacks/template.yaml".to_owned(),
                "analysis budget exceeded (more than 100 nested stacks): this template is not checked".to_owned()
            ),
        ]
    );
    assert_good_reported(&report);
}
