//! Tests of the plan front-end, on hand-modelled plans under
//! `testdata/plan-*/` and small inline ones.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::analyse;
use super::json::{Action, Plan, Str};
use crate::error::InputError;
use crate::model::{Model, UserId};
use crate::source::{Position, Source, SourceFile, SourceKind};

fn source(name: &str, text: &str) -> Source {
    SourceFile::new(
        PathBuf::from(name),
        name.to_owned(),
        text.to_owned(),
        SourceKind::Plan,
    )
}

fn fixture(case: &str) -> Source {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(format!("plan-{case}"))
        .join("plan.json");
    let text = std::fs::read_to_string(&path).unwrap();
    source(&format!("plan-{case}/plan.json"), &text)
}

fn model(case: &str) -> Model {
    analyse(&fixture(case)).unwrap()
}

fn error(text: &str) -> InputError {
    analyse(&source("plan.json", text)).unwrap_err()
}

/// Each key as `address user active existing`, in model order.
fn keys(model: &Model) -> Vec<String> {
    model
        .access_keys
        .iter()
        .map(|k| {
            let address = model.instance_address(k.decl, k.instance.as_deref());
            let flags = match (k.active, k.existing) {
                (true, true) => "active existing",
                (true, false) => "active new",
                (false, true) => "inactive existing",
                (false, false) => "inactive new",
            };
            format!("{address} {} {flags}", k.user.key)
        })
        .collect()
}

fn profiles(model: &Model) -> Vec<String> {
    model
        .login_profiles
        .iter()
        .map(|p| {
            let address = model.instance_address(p.decl, p.instance.as_deref());
            format!("{address} {}", p.user.key)
        })
        .collect()
}

fn unresolved(model: &Model) -> Vec<String> {
    model
        .unresolved
        .iter()
        .map(|u| format!("{}: {}", u.address, u.reason))
        .collect()
}

/// Every string the model holds, to look for leaked secrets. (Its
/// locations hold the whole source, which holds them of course.)
fn dump(model: &Model) -> String {
    let mut out = String::new();
    for d in &model.declarations {
        let _ = writeln!(out, "{} {:?} {:?}", d.address, d.kind, d.location.span);
    }
    for k in &model.access_keys {
        let _ = writeln!(out, "{:?} {:?} {}", k.instance, k.user, k.active);
    }
    for p in &model.login_profiles {
        let _ = writeln!(out, "{:?} {:?}", p.instance, p.user);
    }
    for u in &model.unresolved {
        let _ = writeln!(out, "{} {}", u.address, u.reason);
    }
    out
}

#[test]
fn two_keys_of_one_user_known_by_name() {
    let m = model("two-keys-one-user");
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.primary name:ci-bot active new",
            "aws_iam_access_key.secondary name:ci-bot active new",
        ]
    );
    assert_eq!(m.access_keys[0].user, UserId::named("ci-bot"));
    assert_eq!(m.declarations.len(), 2);
    assert!(m.declarations.iter().all(|d| d.via.is_empty()));
    assert!(m.unresolved.is_empty());
}

#[test]
fn count_instances_share_one_declaration() {
    let m = model("count-keys");
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.deploy[0] name:deploy active new",
            "aws_iam_access_key.deploy[1] name:deploy active new",
        ]
    );
    assert_eq!(m.declarations.len(), 1);
    assert_eq!(m.declarations[0].address, "aws_iam_access_key.deploy");
    let instances: Vec<_> = m
        .access_keys
        .iter()
        .map(|k| k.instance.as_deref())
        .collect();
    assert_eq!(instances, [Some("[0]"), Some("[1]")]);
    // The declaration points at the first instance's address.
    let decl = &m.declarations[0].location;
    let text = &decl.source.text[decl.span.clone()];
    assert_eq!(text, r#""address": "aws_iam_access_key.deploy[0]""#);
    assert_eq!(
        decl.start(),
        Position {
            line: 8,
            column: 11
        }
    );
}

#[test]
fn a_deleted_key_does_not_count() {
    let m = model("deleted-key");
    assert_eq!(
        keys(&m),
        ["aws_iam_access_key.current name:svc active existing"]
    );
    assert!(m.unresolved.is_empty());
}

#[test]
fn a_replaced_key_counts_once_as_new() {
    let m = model("replaced-key");
    // `cbd` also has a deposed object being deleted: that is not the current
    // object, which is replaced (create before destroy).
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.cbd name:app active new",
            "aws_iam_access_key.rotating name:app active new",
        ]
    );
}

#[test]
fn existing_key_plus_new_key_and_existing_login_profile() {
    let m = model("existing-and-new");
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.new name:deploy active new",
            "aws_iam_access_key.old name:deploy active existing",
        ]
    );
    assert_eq!(
        profiles(&m),
        ["aws_iam_user_login_profile.deploy name:deploy"]
    );
    assert_eq!(
        m.declarations[2].kind,
        crate::model::ResourceKind::LoginProfile
    );
}

#[test]
fn key_in_prior_state_only_counts_as_existing() {
    // `-target` plans list untouched resources in prior state and planned
    // values but not in resource_changes; here it is only in prior state.
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{}},
"prior_state":{"values":{"root_module":{"child_modules":[{"address":"module.m",
"resources":[{"address":"module.m.aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key",
"name":"k","values":{"user":"u","status":"Active","secret":"s3cr3t"}}]}]}}}}"#;
    let m = analyse(&source("plan.json", text)).unwrap();
    assert_eq!(
        keys(&m),
        ["module.m.aws_iam_access_key.k name:u active existing"]
    );
    assert_eq!(
        m.declarations[0].location.start(),
        Position {
            line: 3,
            column: 15
        }
    );
}

#[test]
fn secrets_never_reach_the_model() {
    for case in ["existing-and-new", "deleted-key", "replaced-key"] {
        let m = model(case);
        let text = dump(&m);
        for secret in [
            "DoNotLeak",
            "DONOTLEAK",
            "wJalrXUtnFEMI",
            "BPxRfiCY",
            "wcBMA",
        ] {
            assert!(!text.contains(secret), "{case} leaks {secret}");
        }
    }
}

#[test]
fn unknown_users_are_tied_through_configuration() {
    let m = model("unknown-user");
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.ci ref:aws_iam_user.ci active new",
            "aws_iam_access_key.ops name:ops active new",
            r#"module.team["dev"].aws_iam_access_key.bot ref:module.team["dev"].aws_iam_user.bot active new"#,
            r#"module.team["dev"].aws_iam_access_key.member name:dev-member active new"#,
        ]
    );
    let ci = &m.access_keys[0].user;
    assert_eq!(ci.display, "aws_iam_user.ci");
    assert_eq!(
        m.declarations[2].address,
        r#"module.team["dev"].aws_iam_access_key.bot"#
    );
    assert_eq!(
        unresolved(&m),
        [
            r#"module.team["dev"].aws_iam_access_key.external: user is unknown until apply and its expression references var.external_user"#,
            r#"module.team["dev"].aws_iam_access_key.first: user is unknown until apply and its expression references aws_iam_user.many without an instance key, and that user has 2 instances"#,
        ]
    );
    // Unresolved entries point at the instance's address in planned values.
    let first = &m.unresolved[1].location;
    assert_eq!(
        &first.source.text[first.span.clone()],
        r#""address": "module.team[\"dev\"].aws_iam_access_key.first""#
    );
}

#[test]
fn unknown_user_without_configuration_is_unresolved() {
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{"status":"Active"}},
{"address":"aws_iam_access_key.j","mode":"managed","type":"aws_iam_access_key","name":"j","values":{"status":"Active"}},
{"address":"aws_iam_access_key.i","mode":"managed","type":"aws_iam_access_key","name":"i","values":{"status":"Active"}},
{"address":"aws_iam_user.a","mode":"managed","type":"aws_iam_user","name":"a","values":{"name":"a"}},
{"address":"aws_iam_user.b","mode":"managed","type":"aws_iam_user","name":"b","values":{"name":"b"}}]}},
"resource_changes":[
{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","change":{"actions":["create"],"after_unknown":{"user":true}}},
{"address":"aws_iam_access_key.j","mode":"managed","type":"aws_iam_access_key","name":"j","change":{"actions":["create"],"after_unknown":{"user":true}}},
{"address":"aws_iam_access_key.i","mode":"managed","type":"aws_iam_access_key","name":"i","change":{"actions":["create"],"after_unknown":{"user":true}}}],
"configuration":{"root_module":{"resources":[
{"address":"aws_iam_access_key.j","mode":"managed","type":"aws_iam_access_key","name":"j","expressions":{"user":{"references":["aws_iam_user.a.name","aws_iam_user.a","aws_iam_user.b.name","aws_iam_user.b"]}}},
{"address":"aws_iam_access_key.i","mode":"managed","type":"aws_iam_access_key","name":"i","expressions":{"user":{"references":["aws_iam_user.a[0].name","aws_iam_user.a[0]","aws_iam_user.a[1]","aws_iam_user.a"]}}}]}}}"#;
    let m = analyse(&source("plan.json", text)).unwrap();
    assert!(m.access_keys.is_empty());
    assert_eq!(
        unresolved(&m),
        [
            "aws_iam_access_key.k: user is unknown until apply and the plan has no configuration for aws_iam_access_key.k",
            "aws_iam_access_key.j: user is unknown until apply and its expression references several users: aws_iam_user.a, aws_iam_user.b",
            "aws_iam_access_key.i: user is unknown until apply and its expression references several instances of aws_iam_user.a",
        ]
    );
}

#[test]
fn after_unknown_may_be_a_bare_true() {
    let text = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","values":{}}]}},
"resource_changes":[{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key",
"name":"k","change":{"actions":["create"],"after":null,"after_unknown":true}}]}"#;
    let m = analyse(&source("plan.json", text)).unwrap();
    assert_eq!(
        unresolved(&m),
        [
            "aws_iam_access_key.k: user is unknown until apply and the plan has no configuration for aws_iam_access_key.k; status is unknown until apply"
        ]
    );
}

#[test]
fn statuses_and_escaped_user_names() {
    let m = model("status");
    assert_eq!(
        keys(&m),
        [
            "aws_iam_access_key.accent name:a\u{e9} active new",
            "aws_iam_access_key.disabled name:deploy inactive new",
        ]
    );
    assert_eq!(m.access_keys[0].user.display, "a\u{e9}");
    assert_eq!(
        profiles(&m),
        ["aws_iam_user_login_profile.accent name:a\u{e9}"]
    );
    assert_eq!(
        unresolved(&m),
        ["aws_iam_access_key.legacy: status is unknown until apply"]
    );
}

#[test]
fn one_line_plan_locations_count_characters() {
    let src = fixture("one-line");
    assert_eq!(src.line_starts().len(), 2, "one line and its newline");
    let m = analyse(&src).unwrap();
    assert_eq!(
        keys(&m),
        [r#"aws_iam_access_key.k["ci"] name:ci active new"#]
    );
    assert_eq!(m.access_keys[0].instance.as_deref(), Some(r#"["ci"]"#));
    assert_eq!(m.declarations[0].address, "aws_iam_access_key.k");
    let location = &m.declarations[0].location;
    let pair = r#""address":"aws_iam_access_key.k[\"ci\"]""#;
    let offset = src.text.find(pair).unwrap();
    assert_eq!(location.span, offset..offset + pair.len());
    // Columns count characters: `é` before it is one column, two bytes.
    let column = src.text[..offset].chars().count() + 1;
    assert!(column < offset + 1);
    assert_eq!(location.start(), Position { line: 1, column });
}

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
