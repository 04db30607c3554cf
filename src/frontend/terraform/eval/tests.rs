//! Unit tests of the evaluator, on small modules parsed from text.

use super::*;
use crate::frontend::terraform::config::parse_module_text;

/// A provider whose `thing` resources are known by their `name` (also as
/// `id`), and whose `serial` is known only after apply.
struct Things;

impl Attributes for Things {
    fn attribute<'a>(&self, _mode: Mode, rtype: &str, attr: &'a str) -> Attribute<'a> {
        match (rtype, attr) {
            ("thing", "name" | "id") => Attribute::Identifying("name"),
            ("thing", "serial") => Attribute::Unknown,
            _ => Attribute::Argument(attr),
        }
    }
}

/// Evaluates `expr` in a module made of `module_text`, whose variables
/// take their defaults (or stay unknown).
fn eval_in(module_text: &str, expr: &str) -> Value {
    eval_with(&Things, module_text, expr)
}

/// Evaluates `expr` in a module made of `module_text`, with the provider
/// knowledge of `attributes`.
pub(crate) fn eval_with(attributes: &dyn Attributes, module_text: &str, expr: &str) -> Value {
    let loader = Loader::default();
    let config = Arc::new(parse_module_text(module_text));
    let ev = Evaluator::new(&loader, config.clone(), attributes);
    let vars = ev.module_vars(&config, "", |_| None);
    let m = ModuleInstance::new(config, String::new(), String::new(), Vec::new(), vars, 0);
    let expr = hcl_edit::parser::parse_expr(expr).expect("expression parses");
    ev.eval(&m, &expr, &Scope::default())
}

const VARS: &str = r#"
variable "unknown" {}
variable "yes" { default = "yes" }
variable "flag" {
  type    = bool
  default = "true"
}
variable "opts" {
  type = object({ name = string, status = optional(string, "Active") })
  default = { name = "n" }
}
locals {
  a = local.b
  b = local.a
  name = "${var.yes}-user"
}
resource "thing" "known" { name = "kim" }
resource "thing" "unnamed" { name = var.unknown }
resource "thing" "many" {
  count = 2
  name  = "u${count.index}"
}
"#;

fn s(v: &str) -> Value {
    Value::string(v)
}

#[test]
fn three_valued_logic_short_circuits() {
    assert_eq!(eval_in(VARS, "false && var.unknown"), Value::Bool(false));
    assert_eq!(eval_in(VARS, "var.unknown && false"), Value::Bool(false));
    assert_eq!(eval_in(VARS, "true || var.unknown"), Value::Bool(true));
    assert_eq!(eval_in(VARS, "true && var.unknown"), Value::UNKNOWN);
    assert_eq!(eval_in(VARS, "var.unknown == \"x\""), Value::UNKNOWN);
    assert_eq!(eval_in(VARS, "var.yes == \"yes\" ? 1 : 0"), Value::int(1));
}

#[test]
fn unknown_condition_with_equal_branches_is_known() {
    assert_eq!(eval_in(VARS, "var.unknown ? 1 : 1"), Value::int(1));
    assert_eq!(eval_in(VARS, "var.unknown ? 1 : 0"), Value::UNKNOWN);
}

#[test]
fn identities_survive_only_plain_references() {
    assert_eq!(
        eval_in(VARS, "var.unknown"),
        Value::unknown_as("var.unknown")
    );
    assert_eq!(
        eval_in(VARS, "\"${var.unknown}\""),
        Value::unknown_as("var.unknown")
    );
    assert_eq!(eval_in(VARS, "\"${var.unknown}-x\""), Value::UNKNOWN);
    assert_eq!(eval_in(VARS, "lower(var.unknown)"), Value::UNKNOWN);
}

#[test]
fn identifying_attributes_fall_back_to_the_instance() {
    assert_eq!(eval_in(VARS, "thing.known.name"), s("kim"));
    assert_eq!(eval_in(VARS, "thing.known.id"), s("kim"));
    assert_eq!(eval_in(VARS, "thing.known.serial"), Value::UNKNOWN);
    assert_eq!(
        eval_in(VARS, "thing.unnamed.name"),
        Value::unknown_as("thing.unnamed")
    );
    assert_eq!(eval_in(VARS, "thing.many[1].name"), s("u1"));
    // No such instance, or a counted resource used without an index: what
    // Terraform fails on (an error, which `try` catches).
    assert!(matches!(
        eval_in(VARS, "thing.many[5].name"),
        Value::Error(_)
    ));
    assert!(matches!(eval_in(VARS, "thing.many.name"), Value::Error(_)));
    assert_eq!(
        eval_in(VARS, "try(thing.many[5].name, \"none\")"),
        s("none")
    );
}

#[test]
fn whole_resources_are_objects_lists_and_maps() {
    let text = format!(
        "{VARS}\nresource \"thing\" \"byname\" {{\n  for_each = toset([\"p\", \"q\"])\n  name = \"n-${{each.key}}\"\n}}\n"
    );
    assert_eq!(
        eval_in(&text, "thing.many[*].name"),
        Value::list(vec![s("u0"), s("u1")])
    );
    assert_eq!(
        eval_in(&text, "thing.many.*.name"),
        Value::list(vec![s("u0"), s("u1")])
    );
    assert_eq!(eval_in(&text, "thing.many.*.name[1]"), s("u1"));
    assert_eq!(
        eval_in(&text, "element(concat(thing.many.*.name, [\"\"]), 0)"),
        s("u0")
    );
    assert_eq!(eval_in(&text, "one(thing.known[*].name)"), s("kim"));
    assert_eq!(eval_in(&text, "thing.byname[\"q\"].name"), s("n-q"));
    assert_eq!(
        eval_in(&text, "[for k, u in thing.byname : \"${k}=${u.name}\"]"),
        Value::list(vec![s("p=n-p"), s("q=n-q")])
    );
    // An attribute not written is not known; the object is not either.
    assert_eq!(eval_in(&text, "thing.known.serial"), Value::UNKNOWN);
    assert_eq!(eval_in(&text, "thing.known.color"), Value::UNKNOWN);
    assert_eq!(eval_in(&text, "length(thing.known)"), Value::UNKNOWN);
    // The identity of an unnamed instance survives a lookup.
    assert_eq!(
        eval_in(&text, "thing.unnamed[*].name"),
        Value::list(vec![Value::unknown_as("thing.unnamed")])
    );
}

#[test]
fn errors_are_values_that_try_and_can_catch() {
    let text = format!("{VARS}\nlocals {{\n  m = {{ a = 1 }}\n  l = [\"x\"]\n}}\n");
    assert_eq!(eval_in(&text, "try(local.m.missing, \"d\")"), s("d"));
    assert_eq!(
        eval_in(&text, "try(local.m[\"b\"], local.m.a)"),
        Value::int(1)
    );
    assert_eq!(eval_in(&text, "try(local.l[3], \"i\")"), s("i"));
    assert_eq!(eval_in(&text, "can(local.m.missing)"), Value::Bool(false));
    assert_eq!(eval_in(&text, "can(local.m.a)"), Value::Bool(true));
    // An unknown cannot be told to fail: `try` and `can` stay unknown.
    assert_eq!(eval_in(&text, "can(var.unknown)"), Value::UNKNOWN);
    assert_eq!(
        eval_in(&text, "try(var.unknown, \"d\")"),
        Value::unknown_as("var.unknown")
    );
    // An error anywhere in an expression is the expression's error.
    assert!(matches!(
        eval_in(&text, "\"a-${local.m.missing}\""),
        Value::Error(_)
    ));
    assert!(matches!(eval_in(&text, "[1, local.l[9]]"), Value::Error(_)));
    assert!(matches!(
        eval_in(&text, "upper(local.m.b)"),
        Value::Error(_)
    ));
}

#[test]
fn template_directives_and_strip_markers() {
    assert_eq!(
        eval_in(
            VARS,
            "\"%{ for k in [\"a\", \"b\"] ~} ${k}, %{~ endfor }!\""
        ),
        s("a,b,!")
    );
    assert_eq!(
        eval_in(
            VARS,
            "\"%{ for k, v in { x = 1, y = 2 } }${k}${v};%{ endfor }\""
        ),
        s("x1;y2;")
    );
    assert_eq!(
        eval_in(
            VARS,
            "\"a %{~ if var.yes == \"yes\" ~} b %{~ else ~} c %{~ endif ~} d\""
        ),
        s("abd")
    );
    assert_eq!(
        eval_in(VARS, "\"x%{ for k in var.unknown }${k}%{ endfor }\""),
        Value::UNKNOWN
    );
    assert!(matches!(eval_in(VARS, "\"x${[1]}\""), Value::Error(_)));
}

#[test]
fn without_provider_knowledge_attributes_are_their_arguments() {
    assert_eq!(
        eval_with(&PlainAttributes, VARS, "thing.known.name"),
        s("kim")
    );
    assert_eq!(
        eval_with(&PlainAttributes, VARS, "thing.known.id"),
        Value::UNKNOWN
    );
    assert_eq!(
        eval_with(&PlainAttributes, VARS, "thing.unnamed.name"),
        Value::unknown_as("var.unknown")
    );
}

#[test]
fn locals_templates_and_cycles() {
    assert_eq!(eval_in(VARS, "local.name"), s("yes-user"));
    assert_eq!(eval_in(VARS, "local.a"), Value::UNKNOWN);
}

#[test]
fn variable_types_convert_and_fill_optional_defaults() {
    assert_eq!(eval_in(VARS, "var.flag"), Value::Bool(true));
    assert_eq!(eval_in(VARS, "var.opts.status"), s("Active"));
    assert_eq!(eval_in(VARS, "var.opts.name"), s("n"));
}

#[test]
fn for_expressions_and_splats() {
    assert_eq!(
        eval_in(VARS, "[for s in [\"a\", \"b\"] : upper(s) if s != \"b\"]"),
        Value::list(vec![s("A")])
    );
    let map = eval_in(VARS, "{ for k, v in { x = 1 } : v => k }");
    assert_eq!(
        map,
        Value::map([("1".to_string(), s("x"))].into_iter().collect())
    );
    assert_eq!(
        eval_in(VARS, "[{ n = 1 }, { n = 2 }][*].n"),
        Value::list(vec![Value::int(1), Value::int(2)])
    );
    assert_eq!(eval_in(VARS, "[for s in var.unknown : s]"), Value::UNKNOWN);
}

#[test]
fn deep_nesting_evaluates_within_the_parser_limit() {
    let deep = format!("{}1{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(eval_in(VARS, &deep), Value::int(1));
}

#[test]
fn long_chains_of_locals_are_unknown_not_a_stack_overflow() {
    let mut text = String::from("locals {\n  l0 = \"end\"\n");
    for i in 1..5000 {
        text.push_str(&format!("  l{i} = local.l{}\n", i - 1));
    }
    text.push_str("}\n");
    assert_eq!(eval_in(&text, "local.l10"), Value::string("end"));
    assert_eq!(eval_in(&text, "local.l4999"), Value::UNKNOWN);
}

#[test]
fn numbers_compute_and_print_as_terraform() {
    // Each expected text is what Terraform 1.11's console gives.
    let cases: &[(&str, &str)] = &[
        ("format(\"%v\", 1/3)", &format!("0.{}5", "3".repeat(154))),
        ("format(\"%v\", 9007199254740993)", "9.007199254740993e+15"),
        ("format(\"%d\", 9007199254740993)", "9007199254740993"),
        ("format(\"%f\", 1/3)", "0.333333"),
        ("format(\"%v\", 1e21)", "1e+21"),
        ("format(\"%v\", 123456789)", "1.23456789e+08"),
        ("format(\"%e\", 9007199254740993)", "9.007199e+15"),
        ("format(\"%.30f\", 0.1)", "0.100000000000000000000000000000"),
        ("format(\"%x\", 9007199254740993)", "20000000000001"),
        ("format(\"%v\", 1e-7)", "1e-07"),
        ("format(\"%v\", pow(2, 0.5))", "1.4142135623730951"),
        ("format(\"%.3g\", 1234.5678)", "1.23e+03"),
        ("format(\"%G\", 1e-10)", "1E-10"),
        (
            "format(\"%8.2f|%-8.2f|%+.1e\", 3.14159, 2.5, -12345.678)",
            "    3.14|2.50    |-1.2e+04",
        ),
        ("format(\"%.0f %.0f %.0f\", 0.5, 1.5, 2.5)", "0 2 2"),
        ("format(\"%.1f\", 0.05)", "0.1"),
        ("format(\"%g\", 100000)", "100000"),
        ("format(\"%g\", 1000000)", "1e+06"),
        ("format(\"%.2e\", 0)", "0.00e+00"),
        (
            "tostring(range(0, 1, 0.1)[7])",
            &format!("0.7{}6", "0".repeat(153)),
        ),
        (
            "tostring(parseint(\"zzzzzzzzzzzzzzzzzzzzzz\", 36))",
            "17324272922341479351919144385642495",
        ),
        ("tostring(7.5 % 2)", "1.5"),
        ("tostring(-7 % 3)", "-1"),
        ("tostring(7 % -3)", "1"),
        ("tostring(pow(2, 64))", "18446744073709550000"),
        (
            "tostring(length([1]) / length([1, 1, 1]))",
            "0.33333333333333333334",
        ),
        ("tostring(2 / 3 * 3)", "2"),
        ("tostring(floor(-2.5) + ceil(2.1))", "0"),
        ("tostring(max(1, 2.5, -3))", "2.5"),
        ("tostring(sum([0.1, 0.2, 0.3]))", "0.6"),
        (
            "tostring(jsondecode(\"12345678901234567890\"))",
            "12345678901234567890",
        ),
        ("jsonencode(0.1 + 0.7)", "0.8"),
        ("tostring(tonumber(\"1e3\"))", "1000"),
    ];
    for (expression, expected) in cases {
        assert_eq!(eval_in(VARS, expression), s(expected), "{expression}");
    }
}

#[test]
fn sensitive_values_are_marked_through_locals_and_functions() {
    let module = r#"
variable "secret" {
  default   = "s3cret-name"
  sensitive = true
}
variable "plain" { default = "open" }
locals {
  derived = upper("${var.secret}-x")
  mixed   = [var.plain, sensitive("y")]
}
"#;
    let marked = |expr: &str| {
        let loader = Loader::default();
        let config = Arc::new(parse_module_text(module));
        let ev = Evaluator::new(&loader, config.clone(), &Things);
        let vars = ev.module_vars(&config, "", |_| None);
        let taints = ev.var_taints(&config, |_| Default::default());
        let m = ModuleInstance::new(config, String::new(), String::new(), Vec::new(), vars, 0)
            .with_var_taints(taints);
        let expr = hcl_edit::parser::parse_expr(expr).expect("expression parses");
        let (value, taint) = ev.eval_marked(&m, &expr, &Scope::default());
        (value, taint.sensitive)
    };
    assert_eq!(marked("var.plain"), (s("open"), false));
    assert_eq!(marked("local.derived"), (s("S3CRET-NAME-X"), true));
    // Memoised locals stay marked when read again.
    assert_eq!(
        marked("[local.derived, local.derived][1]"),
        (s("S3CRET-NAME-X"), true)
    );
    // Errs on the side of sensitive: the element read is not, the local is.
    assert_eq!(marked("local.mixed[0]"), (s("open"), true));
    assert_eq!(
        marked("nonsensitive(var.secret)"),
        (s("s3cret-name"), false)
    );
    assert_eq!(marked("issensitive(var.plain)"), (Value::UNKNOWN, false));
    assert_eq!(marked("length(var.plain)"), (Value::int(4), false));
}
