//! The CloudFormation front-end on the shared real-world corpus
//! (`../shared/corpus`, when it is checked out beside the repository): every
//! template reads, and its model supports exactly the findings
//! `EXPECTED.tsv` lists, checked with the two rules at their simplest
//! (independently of keylint's rules). Also a long mutation fuzz, run by hand.

use std::path::{Path, PathBuf};

use keylint::frontend::Frontend;
use keylint::frontend::cloudformation::{CfnOptions, CloudFormation, analyse};
use keylint::model::{Model, UserId};
use keylint::source::SourceFile;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn analyse_file(path: &Path) -> Option<Model> {
    let text = std::fs::read_to_string(path).unwrap();
    if !CloudFormation.recognises(&text) {
        return None;
    }
    let src = SourceFile::new(path.to_owned(), path.display().to_string(), text);
    match analyse(&src, &CfnOptions::default()) {
        Ok(model) => model,
        Err(e) => panic!("{}: {}", path.display(), e.message),
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn key_user(model: &Model, address: &str) -> UserId {
    let key = model
        .access_keys
        .iter()
        .find(|k| model.decl(k.decl).address == address);
    key.unwrap_or_else(|| panic!("no key {address}"))
        .user
        .clone()
}

fn profile_user(model: &Model, address: &str) -> UserId {
    let profile = model
        .login_profiles
        .iter()
        .find(|p| model.decl(p.decl).address == address);
    profile
        .unwrap_or_else(|| panic!("no login profile {address}"))
        .user
        .clone()
}

#[test]
fn corpus_templates_analyse() {
    let cases = corpus_dir().join("cases/cfn");
    if !cases.is_dir() {
        return;
    }
    for path in files_under(&cases) {
        let model = analyse_file(&path);
        assert!(
            model.is_some(),
            "{} is not read as a template",
            path.display()
        );
    }

    let model =
        analyse_file(&cases.join("kics/iam_user_too_many_access_keys/positive2.json")).unwrap();
    let named = UserId::named("myuser");
    assert_eq!(key_user(&model, "firstKey"), named);
    assert_eq!(key_user(&model, "secondKey"), named);
    assert_eq!(model.login_profiles.len(), 1);
    assert_ne!(model.login_profiles[0].user.key, named.key);

    let model =
        analyse_file(&cases.join("aws-cfn-templates/2016/IAM_Users_Groups_and_Policies.yaml"))
            .unwrap();
    assert_eq!(key_user(&model, "CFNKeys"), profile_user(&model, "CFNUser"));
}

/// Checks the expectations of `EXPECTED.tsv` for `cfn/` units with the two
/// rules at their simplest: KL001 = an active key of a user with a login
/// profile; KL002 = a user with more than one active key.
#[test]
fn corpus_expectations_hold_for_the_model() {
    let Ok(expected) = std::fs::read_to_string(corpus_dir().join("EXPECTED.tsv")) else {
        return;
    };
    let mut units: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for line in expected.lines().filter(|l| l.starts_with("cfn/")) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (unit, rule, address) = (fields[0], fields[1], fields[2]);
        match units.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, findings)) => findings.push((rule, address)),
            None => units.push((unit, vec![(rule, address)])),
        }
    }
    for (unit, findings) in units {
        let model = analyse_file(&corpus_dir().join("cases").join(unit)).unwrap();
        let mut actual = Vec::new();
        for key in model.access_keys.iter().filter(|k| k.active) {
            let address = model.decl(key.decl).address.as_str();
            if model.login_profiles.iter().any(|p| p.user == key.user) {
                actual.push(("KL001", address));
            }
            let active = model
                .access_keys
                .iter()
                .filter(|k| k.active && k.user == key.user);
            if active.count() > 1 {
                actual.push(("KL002", address));
            }
        }
        let mut wanted: Vec<(&str, &str)> = findings
            .into_iter()
            .filter(|(rule, _)| *rule != "clean")
            .collect();
        wanted.sort();
        actual.sort();
        assert_eq!(actual, wanted, "{unit}");
    }
}

#[test]
#[ignore = "long-running mutation fuzz; run by hand"]
fn fuzz_mutations_never_panic() {
    let mut seeds: Vec<String> = vec![
        "Resources:\n  U: !If [C, {Type: 'AWS::IAM::User'}, &a {x: *a}]\n  K: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Sub ['${X}', {X: !Ref U}], Status: !Select [0, !Split [',', 'Active,b']]}}\nConditions:\n  C: !Or [!Condition C, !Equals [!FindInMap [M, a, b], '1']]\n".into(),
        r#"{"Resources": {"Fn::ForEach::L": ["N", ["a", "b"], {"K${N}": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "N"}}}}]}}"#.into(),
    ];
    let cases = corpus_dir().join("cases/cfn");
    if cases.is_dir() {
        for path in files_under(&cases) {
            seeds.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    let pieces = [
        "!Ref ",
        "!If [",
        "&a ",
        "*a",
        "{",
        "}",
        "[",
        "]",
        ":",
        "\n  ",
        "'",
        "\"",
        "Fn::ForEach::X",
        "${",
        "é",
        "日",
        "\r\n",
        "- ",
        "? ",
        "!GetAtt ",
        ",",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let iterations: usize = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    for _ in 0..iterations {
        let seed = &seeds[next(seeds.len())];
        let mut text = seed.clone();
        for _ in 0..1 + next(4) {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match next(3) {
                0 => text.insert_str(at, pieces[next(pieces.len())]),
                1 => {
                    let mut end = (at + next(20)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.truncate(at),
            }
        }
        let source = SourceFile::new("t".into(), "t".into(), text);
        let _ = analyse(&source, &CfnOptions::default());
    }
}
