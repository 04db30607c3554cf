//! The rules on the IAM credential report, end to end from a report's
//! text: how keylint reads CIS 1.11 (setup keys) where Prowler and
//! Steampipe read it otherwise, and the root row.

use keylint::lint::{LintOptions, lint_text};
use keylint::model::parse_time;
use keylint::rules::RuleSettings;

const HEADER: &str = "user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date";

/// The rule ids and resources reported on a report of these rows, measured
/// at 2024-06-01.
fn lint(rows: &[&str]) -> Vec<(&'static str, String)> {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let options = LintOptions {
        rules: RuleSettings {
            as_of: parse_time("2024-06-01T00:00:00Z").ok(),
            ..RuleSettings::at(0)
        },
        ..LintOptions::default()
    };
    let path = "/nonexistent-keylint-test/report.csv".into();
    let outcome = lint_text(path, "report.csv".into(), text, &options);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    outcome
        .findings
        .into_iter()
        .map(|f| (f.rule.id, f.resource))
        .collect()
}

/// Where keylint, Prowler (`iam_user_no_setup_initial_access_key`: a key
/// never used) and Steampipe (`aws_compliance` 1.11: key 1 only, active or
/// not) differ on CIS 1.11.
#[test]
fn the_setup_key_control_reads_both_slots_and_only_active_keys() {
    let findings = lint(&[
        // A wizard key used since: keylint yes, Prowler no.
        "used,arn:aws:iam::123456789012:user/used,2024-05-01T09:00:00Z,true,true,2024-05-01T09:00:02Z,2024-05-30T00:00:00Z,false,N/A,N/A",
        // A key made later, on purpose, never used: keylint no, Prowler yes.
        "later,arn:aws:iam::123456789012:user/later,2024-05-01T09:00:00Z,true,true,2024-05-20T09:00:00Z,N/A,false,N/A,N/A",
        // A wizard key in slot 2: keylint yes, Steampipe no.
        "slot2,arn:aws:iam::123456789012:user/slot2,2024-05-01T09:00:00Z,true,false,N/A,N/A,true,2024-05-01T09:00:01Z,2024-05-30T00:00:00Z",
        // A deactivated wizard key: keylint no, Steampipe yes.
        "off,arn:aws:iam::123456789012:user/off,2024-05-01T09:00:00Z,true,false,2024-05-01T09:00:00Z,N/A,false,N/A,N/A",
        // The window is half open: 9 s yes, 10 s no; a key dated before its
        // user (clock skew) no.
        "nine,arn:aws:iam::123456789012:user/nine,2024-05-01T09:00:00Z,true,true,2024-05-01T11:00:09+02:00,2024-05-30T00:00:00Z,false,N/A,N/A",
        "ten,arn:aws:iam::123456789012:user/ten,2024-05-01T09:00:00Z,true,true,2024-05-01T09:00:10Z,2024-05-30T00:00:00Z,false,N/A,N/A",
        "skew,arn:aws:iam::123456789012:user/skew,2024-05-01T09:00:00Z,true,true,2024-05-01T08:59:59Z,2024-05-30T00:00:00Z,false,N/A,N/A",
        // Fractions count: 9.2 s yes, 0.7 s before no.
        "frac,arn:aws:iam::123456789012:user/frac,2024-05-01T09:00:00.9Z,true,true,2024-05-01T09:00:10.1Z,2024-05-30T00:00:00Z,false,N/A,N/A",
        "early,arn:aws:iam::123456789012:user/early,2024-05-01T09:00:00.7Z,true,true,2024-05-01T09:00:00Z,2024-05-30T00:00:00Z,false,N/A,N/A",
    ]);
    let kl001: Vec<String> = findings
        .into_iter()
        .filter(|(id, _)| *id == "KL001")
        .map(|(_, resource)| resource)
        .collect();
    assert_eq!(
        kl001,
        [
            "used/access_key_1",
            "slot2/access_key_2",
            "nine/access_key_1",
            "frac/access_key_1"
        ]
    );
}

#[test]
fn the_root_row_gets_the_root_rule_only() {
    let findings = lint(&[
        "<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00Z,not_supported,true,2019-01-01T00:00:01Z,2019-02-01T00:00:00Z,true,2019-01-01T00:00:02Z,N/A",
    ]);
    assert_eq!(
        findings,
        [
            ("KL004", "<root_account>/access_key_1".to_owned()),
            ("KL004", "<root_account>/access_key_2".to_owned())
        ]
    );
}
