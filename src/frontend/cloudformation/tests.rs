//! End-to-end tests of [`analyse`](super::analyse): template text in, model
//! out.

use super::{CfnOptions, analyse};
use crate::model::{Model, ResourceKind, UserId};
use crate::source::{Position, Source, SourceFile};

fn source(text: &str) -> Source {
    SourceFile::new("t".into(), "t".into(), text.into())
}

/// The model of a template (in YAML or JSON: `analyse` tells them apart).
fn template(text: &str) -> Model {
    analyse(&source(text), &CfnOptions::default())
        .unwrap()
        .unwrap()
}

fn yaml(text: &str) -> Model {
    assert!(!text.trim_start().starts_with('{'));
    template(text)
}

fn json(text: &str) -> Model {
    assert!(text.trim_start().starts_with('{'));
    template(text)
}

/// Access keys as `address user-key active|inactive`.
fn keys(model: &Model) -> Vec<String> {
    model
        .access_keys
        .iter()
        .map(|k| {
            let state = if k.active { "active" } else { "inactive" };
            format!("{} {} {state}", model.decl(k.decl).address, k.user.key)
        })
        .collect()
}

/// Login profiles as `address user-key`.
fn profiles(model: &Model) -> Vec<String> {
    model
        .login_profiles
        .iter()
        .map(|p| format!("{} {}", model.decl(p.decl).address, p.user.key))
        .collect()
}

/// Unresolved items as `address: reason`.
fn unresolved(model: &Model) -> Vec<String> {
    model
        .unresolved
        .iter()
        .map(|u| format!("{}: {}", u.address, u.reason))
        .collect()
}

#[test]
fn other_documents_are_not_templates() {
    for text in [
        "apiVersion: v1\nkind: Pod\nResources: {}\n",
        "Resources:\n  X: {Type: Custom::Thing}\n",
        "- a\n- b\n",
        "",
        r#"{"name": "pkg", "Resources": "AWS::"}"#,
        "[1, 2]",
    ] {
        assert!(
            analyse(&source(text), &CfnOptions::default())
                .unwrap()
                .is_none(),
            "{text}"
        );
    }
}

#[test]
fn templates_without_iam_give_an_empty_model() {
    let model = yaml("AWSTemplateFormatVersion: '2010-09-09'\n");
    assert!(model.declarations.is_empty() && model.unresolved.is_empty());
    let model = json(r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#);
    assert!(model.access_keys.is_empty() && model.login_profiles.is_empty());
}

#[test]
fn keys_and_profiles_of_one_user() {
    let model = yaml(
        "Resources:\n  Alice:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: {Password: x}\n  K1:\n    Type: AWS::IAM::AccessKey\n    Properties: {UserName: !Ref Alice}\n  K2:\n    Type: AWS::IAM::AccessKey\n    Properties: {UserName: {Ref: Alice}, Status: Inactive}\n",
    );
    assert_eq!(
        keys(&model),
        ["K1 ref:Alice active", "K2 ref:Alice inactive"]
    );
    assert_eq!(profiles(&model), ["Alice ref:Alice"]);
    assert_eq!(model.access_keys[0].user.display, "Alice");
    assert!(
        model
            .access_keys
            .iter()
            .all(|k| k.instance.is_none() && !k.existing)
    );
    assert_eq!(
        model.decl(model.login_profiles[0].decl).kind,
        ResourceKind::LoginProfile
    );
    assert_eq!(
        model.decl(model.access_keys[0].decl).kind,
        ResourceKind::AccessKey
    );
}

#[test]
fn literal_user_name_is_not_the_logical_id_of_an_unnamed_user() {
    // `myuser` has no UserName: CloudFormation generates its name, so the
    // literal "myuser" names another, external user.
    let model = json(
        r#"{"Resources": {
            "k1": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "myuser"}},
            "myuser": {"Type": "AWS::IAM::User", "Properties": {"LoginProfile": {"Password": "p"}}},
            "k2": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "myuser"}}
        }}"#,
    );
    assert_eq!(
        keys(&model),
        ["k1 name:myuser active", "k2 name:myuser active"]
    );
    assert_eq!(profiles(&model), ["myuser ref:myuser"]);
}

#[test]
fn named_users_match_literal_and_referenced_names() {
    let model = yaml(
        "Parameters:\n  Env: {Type: String, Default: prod}\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Sub '${Env}-deployer'\n      LoginProfile: {Password: x}\n  ByRef: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Ref U}}\n  ByName: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: prod-deployer}}\n",
    );
    assert_eq!(
        keys(&model),
        [
            "ByRef name:prod-deployer active",
            "ByName name:prod-deployer active"
        ]
    );
    assert_eq!(profiles(&model), ["U name:prod-deployer"]);
}

#[test]
fn users_named_by_a_parameter_without_a_value_are_one_user() {
    let model = yaml(
        "Parameters:\n  Name: {Type: String}\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Ref Name\n      LoginProfile: {Password: x}\n  K: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Ref U}}\n  Direct: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Ref Name}}\n",
    );
    // `!Ref Name` is one value wherever it is written: the user of U,
    // whatever it is, is the user of K and of Direct.
    assert_eq!(
        keys(&model),
        [
            "K ref:parameter Name active",
            "Direct ref:parameter Name active"
        ]
    );
    assert_eq!(profiles(&model), ["U ref:parameter Name"]);
    assert_eq!(
        unresolved(&model),
        [
            "U: UserName is not known (parameter `Name` has no default; its value is given at deploy time): keys that refer to this user resource are compared with each other only, not with users known by name",
            "Direct: UserName is `!Ref Name`, a parameter whose value is not known: compared only with keys and users named by the same value, not with users known by name",
        ]
    );
    assert!(model.unresolved[0].partly);
}

#[test]
fn unresolvable_users_and_statuses_are_recorded() {
    let model = yaml(
        "Parameters:\n  S: {Type: String}\nResources:\n  B: {Type: 'AWS::S3::Bucket'}\n  NotUser: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Ref B}}\n  Att: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !GetAtt B.Arn}}\n  Region: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Sub 'u-${AWS::Region}'}}\n  Dyn: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: '{{resolve:ssm:u}}'}}\n  NoUser: {Type: 'AWS::IAM::AccessKey'}\n  Status: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: u, Status: !Ref S}}\n  Bad: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: u, Status: Paused}}\n",
    );
    assert!(keys(&model).is_empty());
    let reasons = unresolved(&model);
    let expected = [
        "NotUser: UserName refers to `B`, a AWS::S3::Bucket, not an AWS::IAM::User",
        "Att: UserName is not known: Fn::GetAtt B.Arn is only known at deploy time",
        "Region: UserName is not known: pseudo parameter AWS::Region is only known at deploy time",
        "Dyn: UserName is not known: dynamic reference `{{resolve:ssm:u}}` is resolved at deploy time",
        "NoUser: access key has no UserName",
        "Status: Status is not known: parameter `S` has no default; its value is given at deploy time",
        "Bad: Status `Paused` is neither Active nor Inactive",
    ];
    assert_eq!(reasons, expected);
}

#[test]
fn resource_conditions_decide_what_exists() {
    let model = yaml(
        "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]\n  InUs: !Equals [!Ref 'AWS::Region', us-east-1]\nResources:\n  U:\n    Type: AWS::IAM::User\n    Condition: IsProd\n    Properties: {LoginProfile: {Password: x}}\n  Kept: {Type: 'AWS::IAM::AccessKey', Condition: IsDev, Properties: {UserName: !Ref U}}\n  Dropped: {Type: 'AWS::IAM::AccessKey', Condition: IsProd, Properties: {UserName: a}}\n  Maybe: {Type: 'AWS::IAM::AccessKey', Condition: InUs, Properties: {UserName: a}}\n",
    );
    // The user is not created, but its identity is still what Kept names.
    assert_eq!(keys(&model), ["Kept ref:U active"]);
    assert!(profiles(&model).is_empty());
    let reasons = unresolved(&model);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0]
            .starts_with("Maybe: condition `InUs` is not known: pseudo parameter AWS::Region")
    );
}

#[test]
fn login_profiles_removed_by_no_value_or_unknown() {
    let model = yaml(
        "Conditions:\n  Never: !Equals [a, b]\n  Maybe: !Equals [!Ref 'AWS::AccountId', '1']\nResources:\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: !If [Never, {Password: x}, !Ref 'AWS::NoValue']\n  B:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: !If [Maybe, {Password: x}, !Ref 'AWS::NoValue']\n  C:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: !If [Maybe, {Password: x}, {Password: y}]\n  D:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: {Ref: 'AWS::NoValue'}\n",
    );
    assert_eq!(profiles(&model), ["C ref:C"]);
    let reasons = unresolved(&model);
    assert_eq!(reasons.len(), 1);
    assert!(reasons[0].starts_with("B: LoginProfile is not known: condition `Maybe` is not known"));
}

#[test]
fn locations_in_yaml_after_multibyte_text_with_crlf() {
    let text = "Description: \"Zugänge für 日本\"\r\nResources:\r\n  Üser:\r\n    Type: AWS::IAM::User\r\n    Properties:\r\n      LoginProfile:\r\n        Password: pässword\r\n  Schlüssel:\r\n    Type: AWS::IAM::AccessKey\r\n    Properties:\r\n      UserName: !Ref Üser\r\n";
    let src = source(text);
    let model = analyse(&src, &CfnOptions::default()).unwrap().unwrap();
    let key = model.decl(model.access_keys[0].decl);
    assert_eq!(key.address, "Schlüssel");
    let (start, end) = key.location.range();
    assert_eq!(start, Position { line: 8, column: 3 });
    assert_eq!(
        end,
        Position {
            line: 11,
            column: 26
        }
    );
    assert!(src.text[key.location.span.clone()].starts_with("Schlüssel:"));
    assert!(src.text[key.location.span.clone()].ends_with("!Ref Üser"));
    let profile = model.decl(model.login_profiles[0].decl);
    assert_eq!(profile.location.start(), Position { line: 6, column: 7 });
    assert!(src.text[profile.location.span.clone()].ends_with("pässword"));
    assert_eq!(model.access_keys[0].user, model.login_profiles[0].user);
}

#[test]
fn locations_in_json_after_multibyte_text_with_crlf() {
    let text = "{\r\n \"Description\": \"Zugänge für 日本\",\r\n \"Resources\": {\r\n  \"Schlüssel\": {\"Type\": \"AWS::IAM::AccessKey\", \"Properties\": {\"UserName\": \"ü\"}}\r\n }\r\n}\r\n";
    let src = source(text);
    let model = analyse(&src, &CfnOptions::default()).unwrap().unwrap();
    let key = model.decl(model.access_keys[0].decl);
    assert_eq!(key.location.start(), Position { line: 4, column: 3 });
    let snippet = &src.text[key.location.span.clone()];
    assert!(
        snippet.starts_with("\"Schlüssel\": {") && snippet.ends_with("\"ü\"}}"),
        "{snippet}"
    );
    assert_eq!(model.access_keys[0].user, UserId::named("ü"));
}

#[test]
fn syntax_errors_are_input_errors_with_spans() {
    let src = source("Resources:\n  K: {Type: a\n");
    let e = analyse(&src, &CfnOptions::default()).unwrap_err();
    assert!(e.message.starts_with("invalid YAML: "), "{}", e.message);
    assert!(e.snippet.is_some());
    let src = source("{\"Resources\": {},}");
    let e = analyse(&src, &CfnOptions::default()).unwrap_err();
    assert_eq!(e.message, "invalid JSON: Trailing commas are not allowed");
    assert_eq!(
        e.position,
        Some(Position {
            line: 1,
            column: 17
        })
    );
}

#[test]
fn for_each_expands_keys_per_user() {
    let model = yaml(
        "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Users:\n    - Name\n    - [ci, ops]\n    - User${Name}:\n        Type: AWS::IAM::User\n        Properties:\n          UserName: !Sub '${Name}-bot'\n          LoginProfile: {Password: x}\n      Key${Name}:\n        Type: AWS::IAM::AccessKey\n        Properties:\n          UserName: !Ref Name\n  Extra:\n    Type: AWS::IAM::AccessKey\n    Properties: {UserName: !Ref Userops}\n",
    );
    assert_eq!(
        keys(&model),
        [
            "Keyci name:ci active",
            "Keyops name:ops active",
            "Extra name:ops-bot active"
        ]
    );
    assert_eq!(
        profiles(&model),
        ["Userci name:ci-bot", "Userops name:ops-bot"]
    );
}

#[test]
fn for_each_with_unknown_collection_stands_for_each_value() {
    let model = yaml(
        "Parameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::Keys:\n    - Name\n    - !Ref Names\n    - Key${Name}: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: !Ref Name}}\n",
    );
    assert_eq!(
        keys(&model),
        ["Key${Name} ref:Name of Fn::ForEach::Keys active"]
    );
    let every: Vec<&str> = model.access_keys[0]
        .every
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(every, ["Fn::ForEach::Keys"]);
    assert_eq!(model.unresolved[0].address, "Fn::ForEach::Keys");
    assert!(model.unresolved[0].partly);
}

#[test]
fn no_echo_parameters_are_compared_but_never_shown() {
    let text = "Parameters:\n  Who:\n    Type: String\n    NoEcho: 'true'\n    Default: hidden-name\n  Shown:\n    Type: String\n    Default: open-name\nResources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Sub '${Who}-ci'\n  L:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Shown\n";
    let source = source(text);
    let model = analyse(&source, &CfnOptions::default()).unwrap().unwrap();
    let users: Vec<(&str, &str)> = model
        .access_keys
        .iter()
        .map(|k| (k.user.key.as_str(), k.user.display.as_str()))
        .collect();
    assert_eq!(
        users,
        [
            ("name:hidden-name-ci", "!Sub '${Who}-ci' (sensitive)"),
            ("name:open-name", "open-name")
        ]
    );
    // The default is masked wherever the template is quoted; the other is not.
    assert!(source.shown_text().contains("Default: ***********\n"));
    assert!(source.shown_text().contains("Default: open-name\n"));
}

#[test]
fn nested_stacks_are_followed_inside_the_boundary_only() {
    let dir = tempfile::tempdir().unwrap();
    let child = "Parameters:\n  Who:\n    Type: String\nResources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref Who\n  U:\n    Type: AWS::IAM::User\n  UK:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref U\n";
    std::fs::write(dir.path().join("child.yaml"), child).unwrap();
    let parent = "Parameters:\n  Secret:\n    Type: String\n    NoEcho: true\n    Default: s3cret\nResources:\n  U:\n    Type: AWS::IAM::User\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n      Parameters:\n        Who: alice\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n      Parameters:\n        Who: !Ref Secret\n  C:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n      Parameters:\n        Who: !GetAtt U.Arn\n";
    let path = dir.path().join("parent.yaml");
    let source = SourceFile::new(path, "parent.yaml".into(), parent.into());
    let model = analyse(&source, &CfnOptions::default()).unwrap().unwrap();
    let users: Vec<(String, &str, &str)> = model
        .access_keys
        .iter()
        .map(|k| {
            let address = model.decl(k.decl).address.clone();
            (address, k.user.key.as_str(), k.user.display.as_str())
        })
        .collect();
    assert_eq!(
        users,
        [
            ("A/K".to_owned(), "name:alice", "alice"),
            ("A/UK".to_owned(), "ref:A/U", "A/U"),
            ("B/K".to_owned(), "name:s3cret", "!Ref Who (sensitive)"),
            ("B/UK".to_owned(), "ref:B/U", "B/U"),
            // Given a value the parent knows only at deploy time: one
            // value within stack C, compared within it only.
            ("C/K".to_owned(), "ref:C/parameter Who", "C/!Ref Who"),
            ("C/UK".to_owned(), "ref:C/U", "C/U"),
        ]
    );
    assert!(
        unresolved(&model)
            .iter()
            .any(|u| u
                .starts_with("C/K: UserName is `!Ref Who`, a parameter whose value is not known")),
        "{:?}",
        unresolved(&model)
    );
    let declaration = &model.declarations[model.access_keys[0].decl];
    assert_eq!(declaration.location.source.name, "child.yaml");
    assert_eq!(declaration.via.len(), 1);
    // The same parent scanned from elsewhere: the child is outside.
    let elsewhere = tempfile::tempdir().unwrap();
    let nesting = super::Nesting::new(
        crate::paths::Boundary::of_scan(&[elsewhere.path().to_path_buf()]),
        1 << 20,
    );
    let model = super::analyse_in(&source, &CfnOptions::default(), &nesting)
        .unwrap()
        .unwrap();
    assert!(model.access_keys.is_empty());
    assert!(unresolved(&model)[0].contains("outside the directories being scanned"));
}

#[test]
fn loops_of_nested_stacks_are_told_apart_by_stack() {
    // Two stacks of one template, each with a loop over a list its parent
    // gives but does not know: one loop each, not one loop twice.
    let dir = tempfile::tempdir().unwrap();
    let child = "Transform: AWS::LanguageExtensions\nParameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::Keys:\n    - Name\n    - !Ref Names\n    - Key${Name}: {Type: 'AWS::IAM::AccessKey', Properties: {UserName: ci}}\n";
    std::fs::write(dir.path().join("child.yaml"), child).unwrap();
    let parent = "Parameters:\n  Teams: {Type: CommaDelimitedList}\nResources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n      Parameters: {Names: !Join [',', !Ref Teams]}\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.yaml\n      Parameters: {Names: !Join [',', !Ref Teams]}\n";
    let path = dir.path().join("parent.yaml");
    let source = SourceFile::new(path, "parent.yaml".into(), parent.into());
    let model = analyse(&source, &CfnOptions::default()).unwrap().unwrap();
    let every: Vec<Vec<&str>> = model
        .access_keys
        .iter()
        .map(|k| k.every.iter().map(|q| q.id.as_str()).collect())
        .collect();
    assert_eq!(every, [["A/Fn::ForEach::Keys"], ["B/Fn::ForEach::Keys"]]);
}
