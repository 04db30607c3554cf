//! `--format junit`: JUnit XML. Every testdata case gives a well-formed
//! document (read back by a strict XML 1.0 parser) whose counts add up and
//! whose test cases are the JSON report's findings, errors and suppressed
//! findings; names from input, however hostile, cannot break it.

use std::path::Path;
use std::process::{Command, Output};

use roxmltree::{Document, Node};
use serde_json::Value;

mod support;
use support::{case_args, cases, testdata};

fn keylint(dir: &Path, format: &str, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env_clear()
        .args(["check", "--format", format])
        .args(args)
        .output()
        .expect("keylint runs")
}

fn junit(dir: &Path, args: &[String]) -> (i32, String) {
    let output = keylint(dir, "junit", args);
    let text = String::from_utf8(output.stdout).expect("the document is UTF-8");
    (output.status.code().unwrap_or(-1), text)
}

fn json(dir: &Path, args: &[String]) -> Value {
    serde_json::from_slice(&keylint(dir, "json", args).stdout).expect("JSON")
}

fn count(node: Node<'_, '_>, attribute: &str) -> usize {
    node.attribute(attribute)
        .unwrap_or_else(|| panic!("{attribute} on <{}>", node.tag_name().name()))
        .parse()
        .unwrap()
}

fn elements<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

/// What each test case says: (status, rule id or `input error`, file, line).
type Row = (&'static str, String, String, Option<u64>);

/// Checks the shape and the counts of a document, and returns its cases.
fn read(what: &str, doc: &Document<'_>) -> Vec<Row> {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites", "{what}");
    assert_eq!(root.attribute("name"), Some("keylint"));
    let mut rows = Vec::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for suite in elements(root, "testsuite") {
        assert!(!suite.attribute("name").unwrap().is_empty(), "{what}");
        let cases = elements(suite, "testcase");
        assert_eq!(count(suite, "tests"), cases.len(), "{what}: tests");
        let mut counted = [0; 3];
        for case in cases {
            assert!(!case.attribute("name").unwrap().is_empty(), "{what}");
            assert!(!case.attribute("classname").unwrap().is_empty(), "{what}");
            let outcomes: Vec<Node> = case
                .children()
                .filter(|c| ["failure", "error", "skipped"].contains(&c.tag_name().name()))
                .collect();
            assert!(outcomes.len() <= 1, "{what}: one outcome per case");
            let file = case.attribute("file").unwrap_or("").to_owned();
            let line = case.attribute("line").map(|l| l.parse().unwrap());
            let Some(outcome) = outcomes.first() else {
                rows.push(("passed", String::new(), file, line));
                continue;
            };
            assert!(outcome.attribute("message").is_some(), "{what}");
            let status = match outcome.tag_name().name() {
                "failure" => 0,
                "error" => 1,
                _ => 2,
            };
            counted[status] += 1;
            // A finding's case is named by its rule first; its failure's
            // type names the rule too.
            let rule = match status {
                1 => "input",
                _ => case.attribute("name").unwrap().split(' ').next().unwrap(),
            };
            if status == 0 {
                let kind = outcome.attribute("type").unwrap();
                assert!(kind.starts_with(&format!("{rule} ")), "{what}: {kind}");
            }
            let name = ["failure", "error", "skipped"][status];
            rows.push((name, rule.to_owned(), file, line));
        }
        assert_eq!(count(suite, "failures"), counted[0], "{what}: failures");
        assert_eq!(count(suite, "errors"), counted[1], "{what}: errors");
        assert_eq!(count(suite, "skipped"), counted[2], "{what}: skipped");
        tests += count(suite, "tests");
        failures += counted[0];
        errors += counted[1];
    }
    assert_eq!(count(root, "tests"), tests, "{what}");
    assert_eq!(count(root, "failures"), failures, "{what}");
    assert_eq!(count(root, "errors"), errors, "{what}");
    rows.sort();
    rows
}

/// The rows the JSON report of the same run gives.
fn json_rows(v: &Value) -> Vec<Row> {
    let list = |key: &str| v[key].as_array().cloned().unwrap_or_default();
    let finding = |status: &'static str, f: &Value| {
        (
            status,
            f["rule"].as_str().unwrap().to_owned(),
            f["file"].as_str().unwrap().to_owned(),
            f["line"].as_u64(),
        )
    };
    let mut rows: Vec<Row> = list("findings")
        .iter()
        .map(|f| finding("failure", f))
        .chain(list("suppressed").iter().map(|f| finding("skipped", f)))
        .chain(list("errors").iter().map(|e| {
            let file = e["file"].as_str().unwrap().to_owned();
            ("error", "input".to_owned(), file, e["line"].as_u64())
        }))
        .collect();
    if list("findings").is_empty() && list("errors").is_empty() {
        rows.push(("passed", String::new(), String::new(), None));
    }
    rows.sort();
    rows
}

#[test]
fn every_testdata_case_is_well_formed_junit() {
    let cases = cases();
    assert!(cases.len() > 50, "{cases:?}");
    for case in &cases {
        let args = case_args(case);
        let (code, text) = junit(&testdata(), &args);
        let doc = Document::parse(&text).unwrap_or_else(|e| panic!("{case}: {e}\n{text}"));
        let rows = read(case, &doc);
        let v = json(&testdata(), &args);
        assert_eq!(rows, json_rows(&v), "{case}");
        let json_code = keylint(&testdata(), "json", &args).status.code();
        assert_eq!(Some(code), json_code, "{case}: exit code");
    }
}

#[test]
fn a_document_in_full() {
    let (code, text) = junit(&testdata(), &["tf-parse-error".to_owned()]);
    assert_eq!(code, 2);
    let failure = |resource: &str, line: u32, other: u32| {
        format!(
            "    <testcase name=\"KL002 multiple-active-access-keys: aws_iam_access_key.{resource}\" \
             classname=\"tf-parse-error/good/main.tf\" file=\"tf-parse-error/good/main.tf\" line=\"{line}\">\n\
             \x20     <failure message=\"user `dup` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b\" \
             type=\"KL002 multiple-active-access-keys\">\
             tf-parse-error/good/main.tf:{line}:1: error: user `dup` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b\n\
             tf-parse-error/good/main.tf:{other}:1: another active access key of `dup`\n\
             help: keep one active access key per user: delete the extra keys or set status = &quot;Inactive&quot; \
             on all but one (rotate by creating the new key, switching to it, then deactivating and deleting the old one)\n\
             https://github.com/keylint/keylint/blob/main/rules/KL002.md</failure>\n\
             \x20   </testcase>\n"
        )
    };
    let expected = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"keylint\" tests=\"3\" failures=\"2\" errors=\"1\">\n\
         \x20 <testsuite name=\"tf-parse-error/broken/main.tf\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n\
         \x20   <testcase name=\"could not be read or parsed\" classname=\"tf-parse-error/broken/main.tf\" \
         file=\"tf-parse-error/broken/main.tf\" line=\"5\">\n\
         \x20     <error message=\"invalid HCL: invalid expression; expected `&quot;`, `[`, `{{`, `-`, `!`, `(`, `_`, `&lt;`, letter or digit\" \
         type=\"input error\">tf-parse-error/broken/main.tf:5:10: invalid HCL: invalid expression; \
         expected `&quot;`, `[`, `{{`, `-`, `!`, `(`, `_`, `&lt;`, letter or digit</error>\n\
         \x20   </testcase>\n\
         \x20 </testsuite>\n\
         \x20 <testsuite name=\"tf-parse-error/good/main.tf\" tests=\"2\" failures=\"2\" errors=\"0\" skipped=\"0\">\n\
         {}{}\
         \x20 </testsuite>\n\
         </testsuites>\n",
        failure("a", 1, 5),
        failure("b", 5, 1),
    );
    assert_eq!(text, expected);
}

#[test]
fn a_clean_run_is_one_passing_test_and_suppressions_are_skipped() {
    let (code, text) = junit(&testdata(), &["plan-one-line".to_owned()]);
    assert_eq!(code, 0);
    let doc = Document::parse(&text).unwrap();
    let cases: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1, "{text}");
    assert_eq!(cases[0].attribute("name"), Some("no findings"));
    assert!(cases[0].children().all(|c| !c.has_tag_name("failure")));

    let (_, text) = junit(&testdata(), &["tf-suppressions".to_owned()]);
    let doc = Document::parse(&text).unwrap();
    let skipped: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .map(|n| n.attribute("message").unwrap())
        .collect();
    assert!(
        skipped.contains(&"suppressed by a comment: break-glass user, reviewed quarterly (SEC-7)"),
        "{skipped:?}"
    );
}

/// A module whose directory name, resource label and user name hold every
/// character XML gives a meaning to, controls it forbids, `]]>`, a line
/// break and what CI logs read as commands; beside it a broken file with
/// such a name. The document stays well-formed, shows every character
/// (controls as visible escapes) and starts no command.
#[cfg(unix)]
#[test]
fn hostile_names_cannot_break_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let name = "q\"a'p&l<g>]]>\u{1b}[31m\u{7}\rx\n::error::y";
    let module = dir.path().join(name);
    std::fs::create_dir(&module).unwrap();
    let user = r#"u\"]]>\u001b[0m\u0000\n::warning::w ##[group]g"#;
    std::fs::write(
        module.join("main.tf"),
        format!(
            "resource \"aws_iam_access_key\" \"a\" {{\n  user = \"{user}\"\n}}\n\
             resource \"aws_iam_access_key\" \"b\" {{\n  user = \"{user}\"\n}}\n"
        ),
    )
    .unwrap();
    std::fs::write(module.join("broken.tf"), "resource \"x\" {\n  a = = 1\n}\n").unwrap();
    let (code, text) = junit(dir.path(), &[".".to_owned()]);
    assert_eq!(code, 2, "{text}");
    // Only line breaks of the document's own; no raw control character.
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(!text.contains("]]>") && !text.contains("##["), "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("::")),
        "{text}"
    );
    let doc = Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let shown_name = "q\"a'p&l<g>]]>\\u{1b}[31m\\u{7}\rx\n::error::y";
    let files: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("file"))
        .collect();
    assert_eq!(
        files,
        [
            format!("{shown_name}/broken.tf"),
            format!("{shown_name}/main.tf"),
            format!("{shown_name}/main.tf"),
        ],
        "{text}"
    );
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let message = failure.attribute("message").unwrap();
    // As in human output, the legacy `##[` command form is broken by an
    // invisible word joiner on standard output.
    assert!(
        message.contains("u\"]]>\\u{1b}[0m\\u{0}\n::warning::w ##\u{2060}[group]g"),
        "{message:?}"
    );
    assert!(doc.descendants().any(|n| n.has_tag_name("error")));
}
