//! `--format gitlab`: GitLab Code Quality reports. Every testdata case gives
//! a report that GitLab's own schema accepts (a copy in `tests/data/gitlab/`,
//! with its notice) and that meets what GitLab's documentation asks beyond
//! it; each issue is a finding of the JSON report, with its fingerprint.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

mod support;
use support::{case_args, cases, testdata};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `keylint check --format FORMAT ARGS` in `dir`: exit code and JSON.
fn run(dir: &Path, format: &str, args: &[String]) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env_clear()
        .args(["check", "--format", format])
        .args(args)
        .output()
        .expect("keylint runs");
    let doc = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().unwrap_or(-1), doc)
}

/// GitLab's schema of one issue (draft-07), from the copy kept in the
/// repository.
fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("tests/data/gitlab/codeclimate.json"))
        .expect("the schema is in the repository");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// Schema errors in a report, as GitLab checks it: the whole is an array,
/// and each element is validated on its own.
fn schema_errors(report: &Value) -> Vec<String> {
    let Some(issues) = report.as_array() else {
        return vec!["the report is not an array".to_owned()];
    };
    let validator = validator();
    issues
        .iter()
        .enumerate()
        .flat_map(|(i, issue)| {
            validator
                .iter_errors(issue)
                .map(move |e| format!("[{i}]{}: {e}", e.instance_path()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What GitLab's documentation asks beyond the schema, and what keylint
/// promises: rules by id, a severity of the scale, relative paths, lines,
/// unique fingerprints, the Code Climate `type` and `categories`.
fn assert_documented_fields(what: &str, report: &Value) {
    let mut fingerprints = BTreeSet::new();
    for issue in report.as_array().unwrap() {
        let rule = issue["check_name"].as_str().expect("check_name");
        let meta = keylint::rules::find(rule).unwrap_or_else(|| panic!("{what}: rule {rule}"));
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{what}: {severity}"
        );
        assert!(!issue["description"].as_str().unwrap().is_empty());
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            !path.starts_with('/') && !path.starts_with("./") && !path.contains('\\'),
            "{what}: {path}"
        );
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        let end = issue["location"]["lines"]["end"].as_u64().unwrap();
        assert!(begin >= 1 && end >= begin, "{what}: lines {begin}-{end}");
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "{what}: fingerprint {fingerprint} twice"
        );
        assert_eq!(issue["type"], "issue", "{what}");
        assert_eq!(issue["categories"], json!(["Security"]), "{what}");
        assert!(!meta.name.is_empty());
    }
}

/// The issues as (rule, path, line, severity, fingerprint), and the JSON
/// report's findings the same way, for comparison.
type Row = (String, String, u64, String, String);

fn issue_rows(report: &Value) -> Vec<Row> {
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                s(&i["check_name"]),
                s(&i["location"]["path"]),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
                s(&i["severity"]),
                // A second issue with a finding's fingerprint gets `-2`
                // (one key found twice by --all-inputs, with other keys).
                s(&i["fingerprint"]).split('-').next().unwrap().to_owned(),
            )
        })
        .collect()
}

fn finding_rows(json: &Value) -> Vec<Row> {
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let severity = match f["severity"].as_str().unwrap() {
                "error" => "critical",
                _ => "major",
            };
            (
                s(&f["rule"]),
                s(&f["file"]),
                f["line"].as_u64().unwrap(),
                severity.to_owned(),
                s(&f["fingerprint"]),
            )
        })
        .collect()
}

#[test]
fn every_testdata_case_is_a_valid_code_quality_report() {
    let cases = cases();
    assert!(cases.len() > 50, "{cases:?}");
    let mut issues = 0;
    for case in &cases {
        let args = case_args(case);
        let (code, report) = run(&testdata(), "gitlab", &args);
        let errors = schema_errors(&report);
        assert!(errors.is_empty(), "{case}: {}", errors.join("\n"));
        assert_documented_fields(case, &report);
        // One issue per finding of the JSON report, nothing else (input
        // errors and suppressed findings are not issues), and the same
        // exit code.
        let (json_code, json) = run(&testdata(), "json", &args);
        assert_eq!(code, json_code, "{case}");
        assert_eq!(issue_rows(&report), finding_rows(&json), "{case}");
        issues += report.as_array().unwrap().len();
    }
    assert!(issues > 50, "{issues} issues in all of testdata");
}

#[test]
fn a_report_in_full_leaves_input_errors_out() {
    let (code, report) = run(&testdata(), "gitlab", &["tf-parse-error".to_owned()]);
    assert_eq!(code, 2, "a file that cannot be parsed still fails the run");
    let issue = |line: u64, end: u64, fingerprint: &str| {
        json!({
            "description": "user `dup` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b",
            "check_name": "KL002",
            "fingerprint": fingerprint,
            "severity": "critical",
            "location": {
                "path": "tf-parse-error/good/main.tf",
                "lines": {"begin": line, "end": end},
            },
            "type": "issue",
            "categories": ["Security"],
        })
    };
    assert_eq!(
        report,
        json!([
            issue(1, 3, "cbae78a374065ea5"),
            issue(5, 7, "ec787447a634c3d7"),
        ])
    );
    // Field order as GitLab's documentation shows it.
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(testdata())
        .args(["check", "--format", "gitlab", "tf-count"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap();
    assert!(at("description") < at("check_name") && at("check_name") < at("fingerprint"));
    assert!(at("severity") < at("location") && at("location") < at("type"));
}

#[test]
fn no_findings_is_an_empty_array() {
    let (code, report) = run(&testdata(), "gitlab", &["plan-one-line".to_owned()]);
    assert_eq!(code, 0);
    assert_eq!(report, json!([]));
    // Suppressed findings are left out too.
    let (_, report) = run(&testdata(), "gitlab", &["tf-suppressions".to_owned()]);
    let (_, json) = run(&testdata(), "json", &["tf-suppressions".to_owned()]);
    assert!(!json["suppressed"].as_array().unwrap().is_empty());
    assert_eq!(issue_rows(&report), finding_rows(&json));
}

#[test]
fn the_schema_check_catches_mistakes() {
    let (_, mut report) = run(&testdata(), "gitlab", &["tf-count".to_owned()]);
    assert!(schema_errors(&report).is_empty());
    report[0].as_object_mut().unwrap().remove("fingerprint");
    report[0]["location"]["lines"]["begin"] = json!("1");
    assert_eq!(schema_errors(&report).len(), 2, "{report:#}");
    assert_eq!(schema_errors(&json!({"issues": []})).len(), 1);
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    // From the repository root, as a CI job runs it.
    let (_, report) = run(&repo(), "gitlab", &["testdata/tf-utf8-crlf".to_owned()]);
    assert_eq!(
        report[0]["location"]["path"],
        "testdata/tf-utf8-crlf/main.tf"
    );
    assert_eq!(
        report[0]["location"]["lines"],
        json!({"begin": 10, "end": 10})
    );
    // `./` and `..` back into the directory are cleaned away.
    let dir = testdata().join("tf-count");
    let (_, report) = run(&dir, "gitlab", &["./../tf-count/.".to_owned()]);
    assert_eq!(report[0]["location"]["path"], "main.tf");
    // Outside it, the path stays absolute: no relative path would be right.
    let (_, report) = run(&dir, "gitlab", &["../tf-utf8-crlf".to_owned()]);
    let path = report[0]["location"]["path"].as_str().unwrap();
    assert!(
        path.starts_with('/') || path.as_bytes().get(1) == Some(&b':'),
        "{path}"
    );
    assert!(path.ends_with("testdata/tf-utf8-crlf/main.tf"), "{path}");
}

#[cfg(unix)]
#[test]
fn hostile_names_stay_json_strings() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("a\"b'c&d<e>");
    std::fs::create_dir(&module).unwrap();
    std::fs::write(
        module.join("main.tf"),
        "resource \"aws_iam_access_key\" \"a\" {\n  user = \"x\\\"\\u001b[31m]]>\\n##[group]\"\n}\n\
         resource \"aws_iam_access_key\" \"b\" {\n  user = \"x\\\"\\u001b[31m]]>\\n##[group]\"\n}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir.path())
        .args(["check", "--format", "gitlab", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains("##["), "{text}");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert!(schema_errors(&report).is_empty());
    assert_eq!(report[0]["location"]["path"], "a\"b'c&d<e>/main.tf");
    let description = report[0]["description"].as_str().unwrap();
    assert!(
        description.contains("x\"\u{1b}[31m]]>\n##[group]"),
        "{description}"
    );
}
