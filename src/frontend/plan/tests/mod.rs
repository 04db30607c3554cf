//! Tests of the plan front-end, on hand-modelled plans under
//! `testdata/plan-*/` and small inline ones.

mod reading;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::analyse;
use crate::error::InputError;
use crate::model::{Model, UserId};
use crate::source::{Position, Source, SourceFile};

fn source(name: &str, text: &str) -> Source {
    SourceFile::never_quoted(PathBuf::from(name), name.to_owned(), text.to_owned())
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

/// A user's key without its account (tests of accounts read that apart).
fn user_key(user: &UserId) -> String {
    match &user.account {
        Some(account) => user.key.trim_end_matches(&format!("@{account}")).to_owned(),
        None => user.key.clone(),
    }
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
            format!("{address} {} {flags}", user_key(&k.user))
        })
        .collect()
}

fn profiles(model: &Model) -> Vec<String> {
    model
        .login_profiles
        .iter()
        .map(|p| {
            let address = model.instance_address(p.decl, p.instance.as_deref());
            format!("{address} {}", user_key(&p.user))
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
    assert_eq!(
        m.access_keys[0].user,
        UserId::named("ci-bot").in_account("config:{}")
    );
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
