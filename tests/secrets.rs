//! keylint never prints secrets: passwords in templates, secrets in plan
//! state. Planted values must not appear in any output format.

use std::path::Path;
use std::process::Command;

/// Planted in testdata: a CloudFormation `LoginProfile.Password` literal, a
/// Terraform `password` attribute, access-key secrets in plan state, and
/// user names given to sensitive Terraform variables.
const PLANTED: &[&str] = &[
    "Hunter2-SECRET",
    "TF-SECRET-PW",
    "SecretDoNotLeak",
    "SENSITIVE",
    "NOECHO",
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
    ] {
        for args in [
            &["--format", "json"][..],
            &["--format", "sarif"],
            &["--format", "github"],
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
