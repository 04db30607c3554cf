//! keylint never prints secrets: passwords in templates, secrets in plan
//! state. Planted values must not appear in any output format.

use std::path::Path;
use std::process::Command;

/// Planted in testdata: a CloudFormation `LoginProfile.Password` literal, a
/// Terraform `password` attribute, access-key secrets in plan state and in
/// Terraform state (raw and shown), and user names given to sensitive
/// Terraform variables.
const PLANTED: &[&str] = &[
    "Hunter2-SECRET",
    "TF-SECRET-PW",
    "SecretDoNotLeak",
    "SENSITIVE",
    "NOECHO",
    "PLANTED-STATE-SECRET",
    "PLANTED-SMTP-SECRET",
    "PLANTED-PASSWORD",
];

fn output(args: &[&str], case: &str) -> String {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let out = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(&testdata)
        .env("COLUMNS", "200")
        // Not into the job summary of a CI run on GitHub Actions.
        .env_remove("GITHUB_STEP_SUMMARY")
        .arg("check")
        .arg("--verbose")
        .args(args)
        .arg(case)
        .output()
        .expect("keylint runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn planted_secrets_never_appear_in_any_format() {
    for case in [
        "secrets-never-shown",
        "plan-replaced-key",
        "tf-sensitive",
        "cfn-no-echo",
        "tf-state",
        "tf-state-shown",
    ] {
        for args in [
            &["--format", "json"][..],
            &["--format", "sarif"],
            &["--format", "github"],
            &["--format", "gitlab"],
            &["--format", "junit"],
            &["--color", "never"],
            &["--color", "always"],
        ] {
            let text = output(args, case);
            assert!(
                text.contains("access key"),
                "{case} {args:?}: expected findings, got {text}"
            );
            // The masked line itself is shown, so the test proves masking, not omission.
            if case == "secrets-never-shown" && args[0] == "--color" {
                assert!(
                    text.contains("Password: \"**************\""),
                    "{case}: masked line missing:\n{text}"
                );
            }
            for secret in PLANTED {
                assert!(
                    !text.contains(secret),
                    "{case} {args:?} prints {secret}:\n{text}"
                );
            }
        }
    }
}

/// Values given at run time (`TF_VAR_*`, `--var`, `--var-file`,
/// `--parameter`) are where CI passes secrets: a user name derived from
/// one, even spaced out so that log masking misses it, is never shown, in
/// any format or in the job summary.
#[test]
fn values_given_at_run_time_never_appear() {
    const GIVEN: &str = "RUNTIMEPW";
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("tf");
    std::fs::create_dir(&tf).unwrap();
    std::fs::write(
        tf.join("main.tf"),
        "variable \"db_password\" {}\nresource \"aws_iam_user\" \"u\" {\n  name = join(\" \", split(\"\", var.db_password))\n}\nresource \"aws_iam_user_login_profile\" \"p\" {\n  user = aws_iam_user.u.name\n}\nresource \"aws_iam_access_key\" \"k\" {\n  user = aws_iam_user.u.name\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("given.tfvars"),
        format!("db_password = \"{GIVEN}\"\n"),
    )
    .unwrap();
    let cfn = dir.path().join("cfn");
    std::fs::create_dir(&cfn).unwrap();
    std::fs::write(
        cfn.join("template.yaml"),
        "Parameters:\n  Name:\n    Type: String\nResources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Sub \"${Name}-svc\"\n      LoginProfile:\n        Password: \"{{resolve:secretsmanager:x}}\"\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref User\n",
    )
    .unwrap();
    let var = format!("db_password={GIVEN}");
    let parameter = format!("Name={GIVEN}");
    type Way<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let ways: [Way; 4] = [
        (&["tf"], &[("TF_VAR_db_password", GIVEN)]),
        (&["--var", &var, "tf"], &[]),
        (&["--var-file", "given.tfvars", "tf"], &[]),
        (&["--parameter", &parameter, "cfn"], &[]),
    ];
    let spaced: String = GIVEN.chars().map(|c| format!("{c} ")).collect();
    for (args, env) in ways {
        for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
            let summary = dir.path().join("summary.md");
            let out = Command::new(env!("CARGO_BIN_EXE_keylint"))
                .current_dir(dir.path())
                .envs(env.iter().copied())
                .env("GITHUB_STEP_SUMMARY", &summary)
                .args(["check", "--verbose", "--format", format])
                .args(args)
                .output()
                .expect("keylint runs");
            assert_eq!(
                out.status.code(),
                Some(1),
                "{args:?}: the findings are still made"
            );
            let text = format!(
                "{}{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                std::fs::read_to_string(&summary).unwrap_or_default()
            );
            // Named by the expression the name comes from, not by the name.
            let shown = match args.last() {
                Some(&"cfn") => "!Sub \"${Name}-svc\" (sensitive)",
                _ => "aws_iam_user.u.name (sensitive)",
            };
            let shown = match format {
                "json" | "sarif" | "gitlab" => serde_json::to_string(shown).unwrap(),
                "junit" => shown.replace('"', "&quot;"),
                _ => shown.to_owned(),
            };
            assert!(
                text.contains(shown.trim_matches('"')),
                "{args:?} {format}:\n{text}"
            );
            assert!(
                !text.contains(GIVEN) && !text.contains(spaced.trim_end()),
                "{args:?} {format} shows the given value:\n{text}"
            );
        }
    }
}
