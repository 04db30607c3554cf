//! Hostile inputs, each a family that grows with a scale factor: shared by
//! `cargo bench --bench adversarial` (time, in process) and
//! `scripts/bench-adversarial.sh` (time and peak memory, whole process, via
//! `cargo run --example adversarial`).

/// One family of hostile inputs.
pub struct Family {
    /// Its name, as benchmarks and the script show it.
    pub name: &'static str,
    /// The file name its text is written to.
    pub file: &'static str,
    /// Its text at a scale (1, 2, 4, ...).
    pub text: fn(usize) -> String,
}

/// Every family, in the order the README lists them.
pub const FAMILIES: &[Family] = &[
    Family {
        name: "locals_read_twice",
        file: "main.tf",
        text: locals_read_twice,
    },
    Family {
        name: "resources_read_twice",
        file: "main.tf",
        text: resources_read_twice,
    },
    Family {
        name: "doubling_strings",
        file: "main.tf",
        text: doubling_strings,
    },
    Family {
        name: "chained_splats",
        file: "main.tf",
        text: chained_splats,
    },
    Family {
        name: "distinct_strings",
        file: "main.tf",
        text: distinct_strings,
    },
    Family {
        name: "module_calls_itself",
        file: "main.tf",
        text: module_calls_itself,
    },
    Family {
        name: "many_users",
        file: "main.tf",
        text: many_users,
    },
    Family {
        name: "for_each_users",
        file: "main.tf",
        text: for_each_users,
    },
    Family {
        name: "indexed_references",
        file: "main.tf",
        text: indexed_references,
    },
    Family {
        name: "cloudformation_join",
        file: "template.yaml",
        text: cloudformation_join,
    },
    Family {
        name: "cloudformation_for_each",
        file: "template.yaml",
        text: cloudformation_for_each,
    },
    Family {
        name: "plan_references",
        file: "plan.json",
        text: plan_references,
    },
    Family {
        name: "credential_report",
        file: "report.csv",
        text: credential_report,
    },
];

/// The family called `name`.
pub fn family(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.name == name)
}

/// Locals that each read the previous one twice: memoised, so n
/// evaluations, not 2^n.
pub fn locals_read_twice(scale: usize) -> String {
    let n = 1000 * scale;
    let mut text = String::from("locals {\n  l0 = \"abcde\"\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "  l{i} = substr(\"${{local.l{p}}}${{local.l{p}}}\", 0, 5)\n"
        ));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = local.l{}\n}}\n",
        n - 1
    ));
    text
}

/// Resources that each read the previous one's name twice.
pub fn resources_read_twice(scale: usize) -> String {
    let n = 40 * scale;
    let mut text = String::from("resource \"aws_iam_user\" \"u0\" {\n  name = \"abcde\"\n}\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "resource \"aws_iam_user\" \"u{i}\" {{\n  name = substr(\"${{aws_iam_user.u{p}.name}}${{aws_iam_user.u{p}.name}}\", 0, 5)\n}}\n"
        ));
    }
    text
}

/// Strings that double: stopped by the budget at 1 MiB whatever the length
/// of the chain.
pub fn doubling_strings(scale: usize) -> String {
    let n = 40 * scale;
    let mut text = String::from("locals {\n  p0 = \"a,b\"\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "  p{i} = join(local.p{p}, split(\",\", local.p{p}))\n"
        ));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = substr(local.p{}, 0, 3)\n}}\n",
        n - 1
    ));
    text
}

/// Chained splats: stopped by the nesting limit.
pub fn chained_splats(scale: usize) -> String {
    format!(
        "locals {{\n  x = [{{ a = 1 }}]\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = local.x{}\n}}\n",
        "[*]".repeat(25_000 * scale)
    )
}

/// `distinct` over 20,000 strings per scale, half of them repeated: by
/// hash, not by comparing each with every other (once quadratic).
pub fn distinct_strings(scale: usize) -> String {
    let items: Vec<String> = (0..20_000 * scale)
        .map(|i| format!("\"s{}\"", i / 2))
        .collect();
    format!(
        "locals {{\n  l = [{}]\n}}\nresource \"aws_iam_access_key\" \"a\" {{\n  user = \"u${{length(distinct(local.l))}}\"\n}}\nresource \"aws_iam_access_key\" \"b\" {{\n  user = \"u{}\"\n}}\n",
        items.join(", "),
        10_000 * scale
    )
}

/// A module that calls itself `2 * scale` times: instances grow as a power
/// of the depth, so the module-instance budget stops it.
pub fn module_calls_itself(scale: usize) -> String {
    format!(
        "module \"again\" {{\n  source = \"./\"\n  count  = {}\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = \"u\"\n}}\n",
        2 * scale
    )
}

/// Many users, each with a key and a login profile: KL001's join is by hash.
pub fn many_users(scale: usize) -> String {
    let mut text = String::new();
    for i in 0..5_000 * scale {
        text.push_str(&format!(
            "resource \"aws_iam_access_key\" \"k{i}\" {{\n  user = \"u{i}\"\n}}\nresource \"aws_iam_user_login_profile\" \"p{i}\" {{\n  user = \"u{i}\"\n}}\n"
        ));
    }
    text
}

/// One user, login profile and key declaration, each with `for_each` over
/// the same 5,000 names: one declaration holds the keys of many users.
pub fn for_each_users(scale: usize) -> String {
    // A literal list: Terraform's `range` stops at 1,024 elements.
    let names: Vec<String> = (0..5_000 * scale).map(|i| format!("\"u{i}\"")).collect();
    format!(
        "locals {{\n  names = toset([{}])\n}}\nresource \"aws_iam_user\" \"u\" {{\n  for_each = local.names\n  name     = each.key\n}}\nresource \"aws_iam_user_login_profile\" \"p\" {{\n  for_each = aws_iam_user.u\n  user     = each.value.name\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  for_each = aws_iam_user.u\n  user     = each.value.name\n}}\n",
        names.join(", ")
    )
}

/// 10,000 users per scale by `count`, each with a key and a password that
/// name their user by index, and 5,000 by `for_each` by key: each
/// reference is a lookup, not a scan of the instances (quadratic before).
pub fn indexed_references(scale: usize) -> String {
    let names: Vec<String> = (0..5_000 * scale).map(|i| format!("\"v{i}\"")).collect();
    format!(
        "resource \"aws_iam_user\" \"u\" {{\n  count = {n}\n  name  = \"u${{count.index}}\"\n}}\nresource \"aws_iam_user_login_profile\" \"p\" {{\n  count = {n}\n  user  = aws_iam_user.u[count.index].name\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  count = {n}\n  user  = aws_iam_user.u[count.index].name\n}}\nresource \"aws_iam_user\" \"v\" {{\n  for_each = toset([{names}])\n  name     = each.key\n}}\nresource \"aws_iam_access_key\" \"kv\" {{\n  for_each = aws_iam_user.v\n  user     = aws_iam_user.v[each.key].name\n}}\n",
        n = 10_000 * scale,
        names = names.join(", ")
    )
}

/// CloudFormation `Fn::Join` with a long delimiter between many items:
/// refused before it is built.
pub fn cloudformation_join(scale: usize) -> String {
    format!(
        "Parameters:\n  P:\n    Type: String\n    Default: \"{}\"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Join [!Ref P, !Split [\",\", !Ref P]]\n",
        ",".repeat(150_000 * scale)
    )
}

/// CloudFormation `Fn::ForEach` over 1,000 names per scale, each a user
/// with a login profile and a key.
pub fn cloudformation_for_each(scale: usize) -> String {
    let names: Vec<String> = (0..1_000 * scale).map(|i| format!("u{i}")).collect();
    format!(
        "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Users:\n    - Name\n    - [{}]\n    - User${{Name}}:\n        Type: AWS::IAM::User\n        Properties:\n          UserName: !Ref Name\n          LoginProfile:\n            Password: '{{{{resolve:secretsmanager:p}}}}'\n      Key${{Name}}:\n        Type: AWS::IAM::AccessKey\n        Properties:\n          UserName: !Ref Name\n",
        names.join(", ")
    )
}

/// A credential report of 5,000 users per scale (an account's maximum at
/// 1x), every one with two keys, a password and findings of every rule.
pub fn credential_report(scale: usize) -> String {
    let mut text = String::from(
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n",
    );
    for i in 0..5_000 * scale {
        text.push_str(&format!(
            "user-{i},arn:aws:iam::123456789012:user/user-{i},2023-01-01T00:00:00+00:00,true,2024-05-01T00:00:00+00:00,2023-01-01T00:00:00+00:00,N/A,false,true,2023-01-01T00:00:0{}+00:00,2024-01-01T00:00:00+00:00,us-east-1,s3,true,2023-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n",
            i % 10
        ));
    }
    text
}

/// A plan (as `terraform show -json` writes it, on one line) with 200 key
/// instances per scale of one `count`ed block, whose user's name is not
/// known until apply: each instance's user is found through the
/// configuration's references (once quadratic: 200 instances took 83 s).
pub fn plan_references(scale: usize) -> String {
    const PROVIDER: &str = "registry.terraform.io/hashicorp/aws";
    let n = 200 * scale;
    let mut planned = Vec::with_capacity(n + 2);
    let mut changes = Vec::with_capacity(n + 2);
    for i in 0..n {
        planned.push(format!(
            r#"{{"address":"aws_iam_access_key.k[{i}]","mode":"managed","type":"aws_iam_access_key","name":"k","index":{i},"provider_name":"{PROVIDER}","schema_version":0,"values":{{"pgp_key":null,"status":"Active"}},"sensitive_values":{{"secret":true,"ses_smtp_password_v4":true}}}}"#
        ));
        changes.push(format!(
            r#"{{"address":"aws_iam_access_key.k[{i}]","mode":"managed","type":"aws_iam_access_key","name":"k","index":{i},"provider_name":"{PROVIDER}","change":{{"actions":["create"],"before":null,"after":{{"pgp_key":null,"status":"Active"}},"after_unknown":{{"id":true,"secret":true,"user":true}},"before_sensitive":false,"after_sensitive":{{"secret":true}}}}}}"#
        ));
    }
    planned.push(format!(
        r#"{{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_name":"{PROVIDER}","schema_version":0,"values":{{"path":"/"}},"sensitive_values":{{}}}}"#
    ));
    changes.push(format!(
        r#"{{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_name":"{PROVIDER}","change":{{"actions":["create"],"before":null,"after":{{"path":"/"}},"after_unknown":{{"name":true}},"before_sensitive":false,"after_sensitive":{{}}}}}}"#
    ));
    planned.push(format!(
        r#"{{"address":"aws_iam_user_login_profile.p","mode":"managed","type":"aws_iam_user_login_profile","name":"p","provider_name":"{PROVIDER}","schema_version":0,"values":{{"pgp_key":null}},"sensitive_values":{{"password":true}}}}"#
    ));
    changes.push(format!(
        r#"{{"address":"aws_iam_user_login_profile.p","mode":"managed","type":"aws_iam_user_login_profile","name":"p","provider_name":"{PROVIDER}","change":{{"actions":["create"],"before":null,"after":{{"pgp_key":null}},"after_unknown":{{"user":true}},"before_sensitive":false,"after_sensitive":{{"password":true}}}}}}"#
    ));
    let references = r#"{"user":{"references":["aws_iam_user.u.name","aws_iam_user.u"]}}"#;
    let configuration = format!(
        r#"{{"provider_config":{{"aws":{{"name":"aws","full_name":"{PROVIDER}","expressions":{{"region":{{"constant_value":"us-east-1"}}}}}}}},"root_module":{{"resources":[{{"address":"aws_iam_access_key.k","mode":"managed","type":"aws_iam_access_key","name":"k","provider_config_key":"aws","expressions":{references},"schema_version":0,"count_expression":{{"constant_value":{n}}}}},{{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","provider_config_key":"aws","expressions":{{"name":{{}}}},"schema_version":0}},{{"address":"aws_iam_user_login_profile.p","mode":"managed","type":"aws_iam_user_login_profile","name":"p","provider_config_key":"aws","expressions":{references},"schema_version":0}}]}}}}"#
    );
    format!(
        r#"{{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{{"root_module":{{"resources":[{}]}}}},"resource_changes":[{}],"configuration":{configuration}}}"#,
        planned.join(","),
        changes.join(",")
    ) + "\n"
}
