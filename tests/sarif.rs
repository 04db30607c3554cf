//! `--format sarif`: documents validate against the SARIF 2.1.0 schema (a
//! copy in `tests/data/sarif/`), carry what GitHub code scanning needs,
//! count columns in UTF-16 code units and keep fingerprints stable across
//! unrelated edits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn testdata() -> PathBuf {
    repo().join("testdata")
}

/// Runs `keylint check --format sarif ARGS` in `dir`: exit code and document.
fn sarif_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env_clear()
        .args(["check", "--format", "sarif"])
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

fn sarif(case: &str) -> (i32, Value) {
    sarif_in(&testdata(), &[case])
}

/// The schema validator, from the copy of the OASIS schema kept in the
/// repository (`tests/data/sarif/`, with its notice).
fn validator() -> jsonschema::Validator {
    let path = repo().join("tests/data/sarif/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).expect("the schema is in the repository");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    // The SARIF schema is draft-04; formats (uri, uri-reference) are checked too.
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn assert_schema_valid(what: &str, doc: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: {} schema errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn run0(doc: &Value) -> &Value {
    &doc["runs"][0]
}

fn results(doc: &Value) -> &Vec<Value> {
    run0(doc)["results"].as_array().expect("results")
}

/// Every object key anywhere in the document.
fn keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// What GitHub code scanning reads, present and well-formed.
fn assert_github_fields(what: &str, doc: &Value) {
    let run = run0(doc);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "keylint", "{what}");
    assert_eq!(run["columnKind"], "utf16CodeUnits", "{what}");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{what}: {base}"
    );
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        keylint::rules::all().len(),
        "{what}: every rule"
    );
    for rule in rules {
        for field in ["id", "name", "helpUri"] {
            assert!(rule[field].is_string(), "{what}: rule {field}");
        }
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(rule[field]["text"].is_string(), "{what}: rule {field}");
        }
        assert!(rule["help"]["markdown"].is_string(), "{what}");
        let severity: f64 = rule["properties"]["security-severity"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("security-severity is a number in a string");
        assert!((0.1..=10.0).contains(&severity), "{what}: {severity}");
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(tags.contains(&Value::from("security")), "{what}");
        // The control the rule checks (a CIS control, or what it compares).
        let meta = keylint::rules::find(rule["id"].as_str().unwrap()).unwrap();
        assert!(tags.contains(&Value::from(meta.control)), "{what}");
    }
    for result in results(doc) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{what}: ruleIndex");
        assert!(result["message"]["text"].is_string());
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/'), "{what}: relative uri {uri}");
        // Percent-encoded: the draft-04 schema cannot check `uri-reference`.
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b);
        assert!(uri.bytes().all(allowed), "{what}: encoded uri {uri}");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                physical["region"][field].as_u64().unwrap() >= 1,
                "{what}: {field}"
            );
        }
        let hash = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hash.ends_with(":1") && hash.len() == 18, "{what}: {hash}");
        assert!(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string());
        assert!(result["properties"]["user"].is_string());
    }
    let mut all_keys = Vec::new();
    keys(doc, &mut all_keys);
    for forbidden in ["snippet", "contents", "contextRegion"] {
        assert!(
            !all_keys.iter().any(|k| k == forbidden),
            "{what}: {forbidden}"
        );
    }
}

#[test]
fn testdata_cases_are_valid_sarif_with_what_github_needs() {
    for case in [
        "tf-reference-kl001",
        "tf-modules",
        "tf-utf8-crlf",
        "cfn-yaml-short-tags",
        "cfn-json-generated-name",
        "plan-existing-and-new",
        "plan-beside-source",
        "secrets-never-shown",
    ] {
        let (code, doc) = sarif(case);
        assert_eq!(code, 1, "{case}: findings");
        assert!(!results(&doc).is_empty(), "{case}");
        assert_schema_valid(case, &doc);
        assert_github_fields(case, &doc);
        assert_eq!(run0(&doc)["invocations"][0]["executionSuccessful"], true);
    }
    // No findings is still a full run, with every rule.
    let (code, doc) = sarif("plan-one-line");
    assert_eq!(code, 0);
    assert!(results(&doc).is_empty());
    assert_schema_valid("plan-one-line", &doc);
    assert_github_fields("plan-one-line", &doc);
}

#[test]
fn the_schema_check_catches_mistakes() {
    let (_, mut doc) = sarif("tf-count");
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    let errors = validator().iter_errors(&doc).count();
    assert_eq!(errors, 2);
    // Formats are checked (`uri`; draft-04 knows no `uri-reference`).
    doc["runs"][0]["tool"]["driver"]["informationUri"] = Value::from("no uri");
    let errors = validator().iter_errors(&doc).count();
    assert_eq!(errors, 3);
}

#[test]
fn one_line_plans_have_regions() {
    let plan =
        std::fs::read_to_string(testdata().join("plan-two-keys-one-user/plan.json")).unwrap();
    let value: Value = serde_json::from_str(&plan).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.json"),
        serde_json::to_string(&value).unwrap(),
    )
    .unwrap();
    let (code, doc) = sarif_in(dir.path(), &["plan.json"]);
    assert_eq!(code, 1);
    assert_schema_valid("one-line plan", &doc);
    assert_github_fields("one-line plan", &doc);
    for result in results(&doc) {
        let (start_line, start_column, end_line, end_column) = region(result);
        assert_eq!((start_line, end_line), (1, 1));
        assert!(start_column > 100 && end_column > start_column);
    }
}

#[test]
fn all_of_testdata_is_valid_sarif() {
    let (_, doc) = sarif(".");
    assert!(results(&doc).len() > 20);
    assert_schema_valid("testdata", &doc);
    assert_github_fields("testdata", &doc);
}

#[test]
fn the_real_world_corpus_is_valid_sarif() {
    let corpus = repo().join("../shared/corpus/cases");
    if !corpus.is_dir() {
        eprintln!("../shared/corpus/cases not found: skipped");
        return;
    }
    let (code, doc) = sarif_in(&repo(), &["../shared/corpus/cases"]);
    assert!(code == 1 || code == 2, "exit {code}");
    assert!(!results(&doc).is_empty());
    assert_schema_valid("corpus", &doc);
    // Outside the current directory: absolute file URIs, no base.
    let location = &results(&doc)[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(location["uri"].as_str().unwrap().starts_with("file:///"));
    assert!(location.get("uriBaseId").is_none());
}

#[test]
fn related_locations_and_module_calls() {
    let (_, doc) = sarif("tf-modules");
    let with_via = results(&doc)
        .iter()
        .find(|r| {
            r["relatedLocations"].as_array().is_some_and(|rel| {
                rel.iter()
                    .any(|l| l["message"]["text"] == "reached through this module call.")
            })
        })
        .expect("a finding reached through a module call");
    let related = with_via["relatedLocations"].as_array().unwrap();
    let ids: Vec<u64> = related.iter().map(|l| l["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=related.len() as u64).collect::<Vec<_>>());
    for l in related {
        assert!(l["physicalLocation"]["region"]["startLine"].is_u64());
    }
}

#[test]
fn parse_errors_become_notifications() {
    let (code, doc) = sarif("tf-parse-error");
    assert_eq!(code, 2);
    assert_schema_valid("tf-parse-error", &doc);
    let invocation = &run0(&doc)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("invalid HCL")
    );
    let physical = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "tf-parse-error/broken/main.tf"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], 5);
    assert_eq!(physical["region"]["startColumn"], 10);
    // The good module beside it is still linted.
    assert_eq!(results(&doc).len(), 2);
    // A missing path has no position.
    let (_, doc) = sarif("no-such-dir");
    let note = &run0(&doc)["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such-dir"
    );
    assert!(
        note["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
}

fn region(result: &Value) -> (u64, u64, u64, u64) {
    let r = &result["locations"][0]["physicalLocation"]["region"];
    let n = |f: &str| r[f].as_u64().unwrap();
    (
        n("startLine"),
        n("startColumn"),
        n("endLine"),
        n("endColumn"),
    )
}

#[test]
fn columns_are_utf16_code_units() {
    // Only BMP characters (ü, 日): UTF-16 columns equal character columns.
    let (_, doc) = sarif("tf-utf8-crlf");
    assert_eq!(region(&results(&doc)[0]), (10, 5, 10, 69));
    assert_eq!(
        results(&doc)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tf-utf8-crlf/main.tf"
    );

    // Astral characters count twice: a comment holding 🔑 before the block
    // on its line, and 😀 inside it.
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("émoji keys");
    std::fs::create_dir(&case).unwrap();
    std::fs::write(
        case.join("main.tf"),
        "resource \"aws_iam_user_login_profile\" \"p\" {\n  user = \"😀ops\"\n}\n\
         /* 🔑 */ resource \"aws_iam_access_key\" \"k\" { user = \"😀ops\" }\n",
    )
    .unwrap();
    let (code, doc) = sarif_in(dir.path(), &["émoji keys"]);
    assert_eq!(code, 1);
    assert_schema_valid("emoji", &doc);
    let result = &results(&doc)[0];
    // `/* 🔑 */ ` is 8 characters but 9 code units, so the block starts at
    // column 10 (the JSON format says 9); the block is 51 characters, 52
    // code units, so it ends at 10 + 52.
    assert_eq!(region(result), (4, 10, 4, 62));
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%C3%A9moji%20keys/main.tf"
    );
}

/// Fingerprint and start line per (rule, resource).
fn fingerprints(doc: &Value) -> BTreeMap<(String, String), (String, u64)> {
    results(doc)
        .iter()
        .map(|r| {
            (
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["properties"]["resource"].as_str().unwrap().to_owned(),
                ),
                (
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    region(r).0,
                ),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_a_line_inserted_above() {
    for (case, file, comment) in [
        ("tf-reference-kl001", "main.tf", "# a new comment\n"),
        ("tf-count", "main.tf", "# a new comment\n"),
        ("cfn-yaml-short-tags", "template.yaml", "# a new comment\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(case)).unwrap();
        let original = std::fs::read_to_string(testdata().join(case).join(file)).unwrap();
        let path = dir.path().join(case).join(file);
        std::fs::write(&path, &original).unwrap();
        let (_, before) = sarif_in(dir.path(), &[case]);
        std::fs::write(&path, format!("{comment}{original}")).unwrap();
        let (_, after) = sarif_in(dir.path(), &[case]);
        let (before, after) = (fingerprints(&before), fingerprints(&after));
        assert!(!before.is_empty(), "{case}");
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>()
        );
        for (key, (hash, line)) in &before {
            let (hash_after, line_after) = &after[key];
            assert_eq!(hash, hash_after, "{case} {key:?}: fingerprint changed");
            assert_eq!(line + 1, *line_after, "{case} {key:?}: line should move");
        }
    }
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keylint.sarif");
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(testdata())
        .env_clear()
        .args(["check", "--format", "sarif", "--output"])
        .arg(&out)
        .arg("tf-count")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(results(&doc).len(), 1);

    // A file that cannot be written is a clear error, exit 2.
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(testdata())
        .env_clear()
        .args(["check", "--format", "sarif", "--output"])
        .arg(dir.path().join("missing-dir/out.sarif"))
        .arg("tf-count")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write --output"), "{stderr}");
}
