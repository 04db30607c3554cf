//! Unit tests of the evaluator, on small templates.

static NO_PARAMETERS: std::sync::LazyLock<std::collections::HashMap<String, String>> =
    std::sync::LazyLock::new(Default::default);
use super::functions::substitute;
use super::*;
use crate::frontend::cloudformation::yaml;
use crate::source::SourceFile;

const TEMPLATE: &str = r#"
Parameters:
  Env: {Type: String, Default: prod}
  Count: {Type: Number, Default: 3}
  NoDefault: {Type: String}
  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /my/param}
  Names: {Type: CommaDelimitedList, Default: 'alice, bob'}
Mappings:
  Users:
    prod: {name: deployer}
    dev: {name: dev-deployer}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  InRegion: !Equals [!Ref 'AWS::Region', eu-west-1]
  NotDev: !Not [!Condition IsDev]
  Both: !And [!Condition IsProd, !Condition NotDev]
  Either: !Or [!Condition IsDev, !Condition InRegion]
  Decided: !Or [!Condition InRegion, !Condition IsProd]
  Neither: !And [!Condition InRegion, !Condition IsDev]
  Loop1: !Condition Loop2
  Loop2: !Not [!Condition Loop1]
  Undefined: !Condition Nowhere
Resources:
  User: {Type: 'AWS::IAM::User'}
"#;

/// Evaluates the YAML `expr` in the context of [`TEMPLATE`].
fn eval(expr: &str) -> Value {
    let text = format!("{TEMPLATE}Expr: {expr}\n");
    let source = SourceFile::new("t".into(), "t".into(), text);
    let root = yaml::parse(&source).unwrap();
    let mut evaluator = Evaluator::new(&root, &NO_PARAMETERS);
    evaluator.add_resource("User", "AWS::IAM::User");
    evaluator.eval(
        root.get("Expr").unwrap(),
        &Env::default().bind("Loop", "looped"),
    )
}

fn condition(name: &str) -> Truth {
    let source = SourceFile::new("t".into(), "t".into(), TEMPLATE.into());
    let root = yaml::parse(&source).unwrap();
    Evaluator::new(&root, &NO_PARAMETERS).condition(name)
}

fn str(s: &str) -> Value {
    Value::Str(s.into())
}

fn unknown_mentions(value: Value, text: &str) {
    match value {
        Value::Unknown(reason) => assert!(reason.contains(text), "{reason:?} lacks {text:?}"),
        other => panic!("expected unknown, got {other:?}"),
    }
}

#[test]
fn literals() {
    assert_eq!(eval("bob"), str("bob"));
    assert_eq!(eval("12"), str("12"));
    assert_eq!(eval("true"), str("true"));
    assert_eq!(eval("~"), Value::Absent);
    assert_eq!(eval("{Password: x}"), Value::Structured);
    assert_eq!(
        eval("[a, !Ref 'AWS::NoValue', b]"),
        Value::List(vec![str("a"), str("b")])
    );
    unknown_mentions(
        eval("'{{resolve:ssm:/users/name:1}}'"),
        "{{resolve:ssm:/users/name:1}}",
    );
}

#[test]
fn refs() {
    assert_eq!(eval("!Ref Env"), str("prod"));
    assert_eq!(eval("!Ref Count"), str("3"));
    assert_eq!(eval("!Ref User"), Value::Resource("User".into()));
    assert_eq!(eval("!Ref Loop"), str("looped"));
    assert_eq!(eval("{Ref: 'AWS::NoValue'}"), Value::Absent);
    assert_eq!(
        eval("!Ref Names"),
        Value::List(vec![str("alice"), str("bob")])
    );
    unknown_mentions(eval("!Ref NoDefault"), "has no default");
    unknown_mentions(eval("!Ref FromSsm"), "SSM");
    unknown_mentions(eval("!Ref 'AWS::Region'"), "AWS::Region");
    unknown_mentions(eval("!Ref 'AWS::AccountId'"), "AWS::AccountId");
    unknown_mentions(eval("!Ref Missing"), "neither a parameter nor a resource");
}

#[test]
fn sub_uses_parameter_defaults() {
    assert_eq!(eval("!Sub '${Env}-deployer'"), str("prod-deployer"));
    assert_eq!(eval("!Sub 'ci-${Loop}-${Count}'"), str("ci-looped-3"));
    assert_eq!(
        eval("!Sub ['${Who}-${Env}', {Who: !Ref Env}]"),
        str("prod-prod")
    );
    assert_eq!(
        eval("!Sub 'literal ${!Env} and ${Env}'"),
        str("literal ${Env} and prod")
    );
    assert_eq!(eval("!Sub 'no placeholders'"), str("no placeholders"));
    assert_eq!(eval("!Sub '${User}'"), Value::Resource("User".into()));
    unknown_mentions(eval("!Sub 'x-${AWS::Region}'"), "AWS::Region");
    unknown_mentions(eval("!Sub '${User.Arn}'"), "resource attribute");
    unknown_mentions(eval("!Sub 'name-${User}'"), "physical id");
    unknown_mentions(
        eval("!Sub '${Env}-{{resolve:ssm:n:1}}'"),
        "dynamic reference",
    );
}

#[test]
fn list_functions() {
    assert_eq!(eval("!Join ['-', [a, !Ref Env]]"), str("a-prod"));
    assert_eq!(eval("!Join [',', !Ref Names]"), str("alice,bob"));
    assert_eq!(eval("!Select [1, [a, b, c]]"), str("b"));
    assert_eq!(eval("!Select ['0', !Split [',', 'x,y']]"), str("x"));
    assert_eq!(
        eval("!Split ['/', 'a/b']"),
        Value::List(vec![str("a"), str("b")])
    );
    unknown_mentions(eval("!Select [5, [a]]"), "out of range");
    unknown_mentions(
        eval("!Join ['', [a, !GetAtt User.Arn]]"),
        "Fn::GetAtt User.Arn",
    );
}

#[test]
fn find_in_map() {
    assert_eq!(eval("!FindInMap [Users, !Ref Env, name]"), str("deployer"));
    assert_eq!(
        eval("!FindInMap [Users, test, name, {DefaultValue: other}]"),
        str("other")
    );
    unknown_mentions(eval("!FindInMap [Users, test, name]"), "no entry");
    unknown_mentions(
        eval("!FindInMap [Users, !Ref 'AWS::Region', name]"),
        "AWS::Region",
    );
}

#[test]
fn deploy_time_functions_are_unknown() {
    for expr in [
        "!GetAtt User.Arn",
        "!ImportValue Shared",
        "!GetAZs ''",
        "!Base64 abc",
        "!Cidr [a, 1, 2]",
        "!Select [0, !GetAZs '']",
    ] {
        assert!(matches!(eval(expr), Value::Unknown(_)), "{expr}");
    }
}

#[test]
fn if_picks_a_branch_by_condition() {
    assert_eq!(eval("!If [IsProd, a, b]"), str("a"));
    assert_eq!(eval("!If [IsDev, a, b]"), str("b"));
    assert_eq!(eval("!If [IsDev, a, !Ref 'AWS::NoValue']"), Value::Absent);
    assert_eq!(eval("!If [InRegion, same, same]"), str("same"));
    unknown_mentions(
        eval("!If [InRegion, a, b]"),
        "condition `InRegion` is not known",
    );
}

#[test]
fn conditions_are_three_valued() {
    assert_eq!(condition("IsProd"), Truth::True);
    assert_eq!(condition("IsDev"), Truth::False);
    assert_eq!(condition("NotDev"), Truth::True);
    assert_eq!(condition("Both"), Truth::True);
    assert!(matches!(condition("InRegion"), Truth::Unknown(_)));
    assert!(matches!(condition("Either"), Truth::Unknown(_)));
    // One decisive operand decides, whatever the unknown ones are.
    assert_eq!(condition("Decided"), Truth::True);
    assert_eq!(condition("Neither"), Truth::False);
    assert!(matches!(condition("Undefined"), Truth::Unknown(r) if r.contains("not defined")));
}

#[test]
fn condition_cycles_are_unknown() {
    assert!(matches!(condition("Loop1"), Truth::Unknown(r) if r.contains("depends on itself")));
}

#[test]
fn long_condition_chains_stop_at_the_depth_limit() {
    let mut text = String::from("Conditions:\n  C0: !Equals [a, a]\n");
    for i in 1..5_000 {
        text.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
    }
    let source = SourceFile::new("t".into(), "t".into(), text);
    let root = yaml::parse(&source).unwrap();
    let evaluator = Evaluator::new(&root, &NO_PARAMETERS);
    assert!(matches!(evaluator.condition("C4999"), Truth::Unknown(r) if r.contains("too deeply")));
    assert_eq!(evaluator.condition("C10"), Truth::True);
    assert_eq!(evaluator.condition("C11"), Truth::False);
}

/// Evaluates `Expr` of a whole template, on a thread with a small stack.
fn eval_template(text: String) -> Value {
    eval_counting_steps(text).0
}

/// The value of `Expr` in a template, and the evaluation steps it took.
fn eval_counting_steps(text: String) -> (Value, usize) {
    let run = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let source = SourceFile::new("t".into(), "t".into(), text);
            let root = yaml::parse(&source).unwrap();
            let evaluator = Evaluator::new(&root, &NO_PARAMETERS);
            let value = evaluator.eval(root.get("Expr").unwrap(), &Env::default());
            (value, evaluator.steps())
        });
    run.unwrap().join().unwrap()
}

#[test]
fn deep_expressions_stop_at_the_depth_limit() {
    let nested = format!(
        "Expr: {}x{}\n",
        "!Join ['', [".repeat(120),
        "]]".repeat(120)
    );
    unknown_mentions(eval_template(nested), "nested too deeply");
    let ifs = format!("Expr: {}x{}\n", "!If [C, a, ".repeat(240), "]".repeat(240));
    unknown_mentions(
        eval_template(format!(
            "Conditions:\n  C: !Equals [!Ref 'AWS::Region', r]\n{ifs}"
        )),
        "",
    );
}

#[test]
fn work_stays_linear_on_hostile_templates() {
    // Each level uses the next one ten times; without caching, that is
    // 10^40 evaluations.
    let mut text = String::from("Expr: !Sub\n  - '");
    text.push_str(&"${V0}".repeat(10));
    text.push_str("'\n  - V0: !Sub\n");
    let mut indent = 6;
    for level in 1..40 {
        let pad = " ".repeat(indent);
        text.push_str(&format!(
            "{pad}- '{}'\n{pad}- V{level}: !Sub\n",
            format!("${{V{level}}}").repeat(10)
        ));
        indent += 4;
    }
    let pad = " ".repeat(indent);
    text.push_str(&format!("{pad}- 'x'\n{pad}- {{}}\n"));
    let (value, steps) = eval_counting_steps(text);
    // Two steps a level (the `Fn::Sub` and its template string), each
    // variable evaluated once.
    assert!(steps <= 2 * 41, "{steps} steps");
    assert!(
        matches!(value, Value::Unknown(_) | Value::Str(_)),
        "{value:?}"
    );
    // A mapping that names itself is read as a literal, not evaluated.
    let text = "Mappings:\n  M:\n    a:\n      b: {'Fn::Join': ['', [{'Fn::FindInMap': [M, a, b]}, {'Fn::FindInMap': [M, a, b]}]]}\nExpr: !FindInMap [M, a, b]\n";
    assert_eq!(eval_template(text.into()), Value::Structured);
}

#[test]
fn substitute_edge_cases() {
    let lookup = |name: &str| Ok(format!("<{name}>"));
    assert_eq!(substitute("a${b}c", lookup), Ok("a<b>c".into()));
    assert_eq!(substitute("${ b }", lookup), Ok("<b>".into()));
    assert_eq!(substitute("open ${b", lookup), Ok("open ${b".into()));
    assert_eq!(substitute("${!x}${y}", lookup), Ok("${x}<y>".into()));
    assert_eq!(substitute("日本${x}é", lookup), Ok("日本<x>é".into()));
}
