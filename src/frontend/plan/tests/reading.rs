//! Reading plans: syntax and structure errors, string decoding, actions,
//! filtering, damaged and huge plans, and the corpus.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{error, fixture, keys, source};
use crate::frontend::plan::analyse;
use crate::frontend::plan::borrowed::Str;
use crate::frontend::plan::json::{Action, Plan};
use crate::source::Position;

#[test]
fn syntax_errors_have_line_and_column() {
    let text = "{\n  \"format_version\": \"1.2\",\n  \"x\": \"é\" \"y\"\n}\n";
    let e = error(text);
    assert_eq!(
        e.position,
        Some(Position {
            line: 3,
            column: 12
        })
    );
    assert!(
        e.message
            .starts_with("invalid plan JSON: expected `,` or `}`"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("line"), "{}", e.message);
    assert_eq!(e.file, "plan.json");
}

#[test]
fn truncated_plan_is_an_error_at_its_end() {
    let text = "{\"format_version\":\"1.2\",\"planned_values\":{";
    let e = error(text);
    assert_eq!(e.message, "invalid plan JSON: EOF while parsing an object");
    assert_eq!(
        e.position,
        Some(Position {
            line: 1,
            column: 42
        })
    );
    let e = error("");
    assert_eq!(e.position, Some(Position { line: 1, column: 1 }));
}

#[test]
fn json_that_is_not_a_plan_is_an_error() {
    let cases = [
        (
            "[]",
            "unexpected plan structure: invalid type: sequence, expected a Terraform plan",
        ),
        ("{}", "not a Terraform plan: \"format_version\" is missing"),
        (
            r#"{"format_version":"1.2"}"#,
            "\"planned_values\" is missing",
        ),
        (
            r#"{"format_version":"2.0","planned_values":{}}"#,
            "unsupported plan format_version \"2.0\"",
        ),
        (
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":{}}}}"#,
            "unexpected plan structure: invalid type: map, expected a list",
        ),
        (
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":7,"type":"x"}]}}}"#,
            "unexpected plan structure: invalid type: 7, expected a string",
        ),
        (
            r#"{"format_version":1,"planned_values":{}}"#,
            "unexpected plan structure: invalid type: integer `1`, expected a string",
        ),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message.contains(message), "{text}: {}", e.message);
        assert!(e.position.is_some());
    }
}

#[test]
fn malformed_values_of_an_iam_resource_are_an_error_where_they_are() {
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k",
 "values":{"user":
   42}}]}}}"#;
    let e = error(text);
    assert_eq!(
        e.message,
        "unexpected plan structure: invalid type: integer `42`, expected a string"
    );
    assert_eq!(e.position, Some(Position { line: 4, column: 5 }));
}

#[test]
fn data_sources_and_other_types_are_ignored() {
    let text = r#"{"format_version":"0.1","planned_values":{"root_module":{"resources":[
{"address":"data.aws_iam_access_key.k","mode":"data","type":"aws_iam_access_key","name":"k","values":{"user":"u"}},
{"address":"aws_iam_group.g","mode":"managed","type":"aws_iam_group","name":"g","values":{"name":"g","user":"u"}}]}}}"#;
    let m = analyse(&source("plan.json", text)).unwrap();
    assert!(m.access_keys.is_empty() && m.unresolved.is_empty() && m.declarations.is_empty());
}

#[test]
fn strings_borrow_from_the_input_unless_escaped() {
    let plain: Str = serde_json::from_str(r#""aws_iam_user.x""#).unwrap();
    assert!(matches!(plain.0, Cow::Borrowed("aws_iam_user.x")));
    let escaped: Str = serde_json::from_str(r#""a\u00e9""#).unwrap();
    assert!(matches!(escaped.0, Cow::Owned(ref s) if s == "a\u{e9}"));
}

#[test]
fn actions_fold_into_one_value() {
    let action = |json: &str| serde_json::from_str::<Action>(json).unwrap();
    assert_eq!(action(r#"["delete"]"#), Action::Delete);
    assert_eq!(action(r#"["delete","create"]"#), Action::Replace);
    assert_eq!(action(r#"["create","delete"]"#), Action::Replace);
    assert_eq!(action(r#"["no-op"]"#), Action::NoOp);
    assert_eq!(action(r#"["forget"]"#), Action::Forget);
    assert_eq!(action(r#"["delete","delete"]"#), Action::Other);
    assert_eq!(action(r#"["teleport"]"#), Action::Other);
    assert_eq!(action("[]"), Action::Other);
}

#[test]
fn only_iam_resources_are_kept() {
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"b"}},
{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"name":"u"}}]}},
"resource_changes":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","change":{"actions":["create"]}}]}"#;
    let plan: Plan = serde_json::from_str(text).unwrap();
    let root = plan.planned_values.unwrap().root_module.unwrap();
    assert_eq!(root.resources.unwrap().0.len(), 1);
    assert!(plan.resource_changes.unwrap().0.is_empty());
}

#[test]
fn damaged_plans_never_panic() {
    // Prefixes of a pretty plan with modules, and every few bytes of a
    // one-line plan swapped for something JSON-significant.
    let text = fixture("unknown-user").text.clone();
    let cuts = (0..=text.len()).filter(|&i| text.is_char_boundary(i));
    for end in cuts.step_by(31) {
        let _ = analyse(&source("cut.json", &text[..end]));
    }
    let text = fixture("one-line").text.clone();
    for (i, b) in text.bytes().enumerate().step_by(3) {
        if !b.is_ascii() {
            continue;
        }
        for c in ["\"", "]", "}", "[", "\\", "1", "null"] {
            let damaged = format!("{}{c}{}", &text[..i], &text[i + 1..]);
            let _ = analyse(&source("damaged.json", &damaged));
        }
    }
}

/// A one-line plan of `n` unrelated resources with two keys at the end, the
/// shape of the 100 MB plans the front-end must read quickly.
fn big_plan(n: usize) -> String {
    let mut text =
        String::from(r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":["#);
    let mut changes = String::new();
    for i in 0..n {
        let _ = write!(
            text,
            r#"{{"address":"aws_s3_object.o[{i}]","mode":"managed","type":"aws_s3_object","name":"o","index":{i},"values":{{"key":"k/{i}\u00e9","tags":{{"a":"b"}},"content":"{}"}}}},"#,
            "x".repeat(64)
        );
        let _ = write!(
            changes,
            r#"{{"address":"aws_s3_object.o[{i}]","mode":"managed","type":"aws_s3_object","name":"o","index":{i},"change":{{"actions":["create"],"before":null,"after":{{"key":"k/{i}"}},"after_unknown":{{"id":true}}}}}},"#
        );
    }
    text.push_str(
        r#"{"address":"aws_iam_access_key.a","mode":"managed","type":"aws_iam_access_key","name":"a","values":{"user":"u","status":"Active"}},
{"address":"aws_iam_access_key.b","mode":"managed","type":"aws_iam_access_key","name":"b","values":{"user":"u"}}]}},"resource_changes":["#,
    );
    text.push_str(&changes);
    text.push_str(r#"{"address":"aws_iam_access_key.a","mode":"managed","type":"aws_iam_access_key","name":"a","change":{"actions":["create"]}}]}"#);
    text.replace('\n', "")
}

#[test]
fn big_one_line_plan() {
    let src = source("big.json", &big_plan(20_000));
    let m = analyse(&src).unwrap();
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.a name:u active new",
            "aws_iam_access_key.b name:u active new"
        ]
    );
    assert_eq!(m.access_keys[1].decl, 1);
    assert_eq!(m.declarations[1].location.start().line, 1);
}

/// Plans from public projects (none of them has a key whose user and
/// status are both known): all must be read without error.
#[test]
fn corpus_plans_are_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cases/plan");
    if !dir.is_dir() {
        return;
    }
    let mut files = Vec::new();
    collect_json(&dir, &mut files);
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let m = analyse(&source(&name, &text)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(m.access_keys.is_empty(), "{name}: {:?}", keys(&m));
        assert!(m.login_profiles.is_empty(), "{name}");
    }
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}
