//! End-to-end cases: every folder under `testdata/` is linted by the real
//! binary, and its JSON and human output (fixed width, no colour) and exit
//! code are compared with the snapshots in the case's `expected/` folder.
//!
//! A case may hold an `args` file with extra command-line arguments, one per
//! line. Update snapshots with `INSTA_UPDATE=always cargo test --test testdata`
//! and review the diff.

use std::process::Command;

mod support;
use support::{case_args, testdata};

/// Every case but the fuzzing regressions, which have no snapshots
/// (tests/fuzz_regressions.rs).
fn cases() -> Vec<String> {
    let mut cases = support::cases();
    cases.retain(|name| name != "fuzz-regressions");
    cases
}

/// Runs keylint from `testdata/` on one case, returning `exit: N` + stdout + stderr.
fn run(case: &str, format_args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keylint"));
    command
        .current_dir(testdata())
        .env_clear()
        .env("COLUMNS", "100")
        .arg("check")
        .args(format_args)
        // The case's `args`, and the case unless they name its paths.
        .args(case_args(case));
    let output = command.output().expect("keylint runs");
    let mut text = format!("exit: {}\n", output.status.code().unwrap_or(-1));
    text.push_str(&stable_time(&String::from_utf8_lossy(&output.stdout)));
    if !output.stderr.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    text
}

/// The summary line ends with the time taken, e.g. `(0.02s)`: replaced by
/// `([time])` so snapshots do not depend on the machine's speed.
fn stable_time(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let timed = body
            .rsplit_once(" (")
            .filter(|(_, t)| t.ends_with("s)") && t[..t.len() - 2].parse::<f64>().is_ok());
        match timed {
            Some((head, _)) => {
                out.push_str(head);
                out.push_str(" ([time])");
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

fn assert_case(case: &str, name: &str, args: &[&str]) {
    let output = run(case, args);
    insta::with_settings!({
        snapshot_path => testdata().join(case).join("expected"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("keylint check {} {case}", args.join(" ")),
    }, {
        insta::assert_snapshot!(name, output);
    });
}

#[test]
fn every_case_matches_its_snapshots() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "testdata/ should hold the end-to-end cases, found {}",
        cases.len()
    );
    for case in &cases {
        assert_case(case, "json", &["--format", "json"]);
        assert_case(case, "human", &["--color", "never"]);
    }
}
