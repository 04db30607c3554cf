//! `--format github`: workflow commands as the Actions runner reads them, no
//! way for a file name or file content to inject a command, and the job
//! summary appended to `GITHUB_STEP_SUMMARY`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

fn keylint(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keylint"));
    command
        .current_dir(dir)
        .env_clear()
        .envs(envs.iter().copied());
    command
        .arg("check")
        .args(args)
        .output()
        .expect("keylint runs")
}

/// Standard output, with the time taken (` (0.01s)`, ending the summary
/// line) removed so that comparisons do not depend on the machine's speed.
fn stdout(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stdout);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.rsplit_once(" (") {
            Some((head, tail))
                if tail.ends_with("s)") && tail[..tail.len() - 2].parse::<f64>().is_ok() =>
            {
                head
            }
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn one_command_per_finding_and_error_then_the_summary() {
    let output = keylint(
        &testdata(),
        &[
            "--format",
            "github",
            "tf-reference-kl001",
            "tf-utf8-crlf",
            "tf-parse-error",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let expected = "\
::error file=tf-parse-error/good/main.tf,line=1,endLine=3,title=KL002 multiple-active-access-keys::user `dup` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b
::error file=tf-parse-error/good/main.tf,line=5,endLine=7,title=KL002 multiple-active-access-keys::user `dup` has 2 active access keys: aws_iam_access_key.a, aws_iam_access_key.b
::error file=tf-reference-kl001/main.tf,line=10,endLine=12,title=KL001 access-key-with-console-login::access key `aws_iam_access_key.ops` is active for user `ops-oncall`, who also has a console password
::error file=tf-utf8-crlf/main.tf,line=10,endLine=10,col=5,endColumn=69,title=KL001 access-key-with-console-login::access key `aws_iam_access_key.ü` is active for user `jürgen-日本`, who also has a console password
::error file=tf-parse-error/broken/main.tf,line=5,col=10,title=keylint input error::invalid HCL: invalid expression; expected `\"`, `[`, `{`, `-`, `!`, `(`, `_`, `<`, letter or digit
Found 4 findings (KL001: 2, KL002: 2) in 5 files. 1 file could not be read or parsed.
";
    assert_eq!(stdout(&output), expected);
}

/// A workflow command as the runner parses it (`ActionCommand.TryParseV2`):
/// name, unescaped properties, unescaped data.
struct Parsed {
    name: String,
    properties: BTreeMap<String, String>,
    data: String,
}

fn parse(line: &str) -> Option<Parsed> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::")?;
    let (head, data) = (&rest[..end], &rest[end + 2..]);
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let properties = props
        .split(',')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_owned(), unescape_property(v)))
        .collect();
    Some(Parsed {
        name: name.to_owned(),
        properties,
        data: unescape_data(data),
    })
}

fn unescape_data(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

fn unescape_property(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn file_names_and_contents_cannot_inject_commands() {
    const EVIL: &str = "x%0A::error::pwned\\n::warning::pwned2\\r::error::pwned3";
    let dir = tempfile::tempdir().unwrap();
    let case = "a,b:c%d\n::error::from-path";
    std::fs::create_dir(dir.path().join(case)).unwrap();
    std::fs::write(
        dir.path().join(case).join("main.tf"),
        format!(
            "resource \"aws_iam_user_login_profile\" \"p\" {{\n  user = \"{EVIL}\"\n}}\n\n\
             resource \"aws_iam_access_key\" \"k\" {{\n  user = \"{EVIL}\"\n}}\n"
        ),
    )
    .unwrap();

    let json = keylint(dir.path(), &["--format", "json", case], &[]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = &json["findings"][0];
    let user = finding["user"].as_str().unwrap();
    assert!(user.contains('\n') && user.contains('\r'), "{user:?}");

    let output = keylint(dir.path(), &["--format", "github", case], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 1, "only the finding's command:\n{text}");
    assert_eq!(
        text.lines().count(),
        2,
        "the command and the summary:\n{text}"
    );
    assert!(text.ends_with("Found 1 finding (KL001: 1) in 1 file.\n"));

    let line = commands[0];
    assert!(
        line.starts_with(
            "::error file=a%2Cb%3Ac%25d%0A%3A%3Aerror%3A%3Afrom-path/main.tf,line=5,endLine=7,"
        ),
        "{line}"
    );
    assert!(
        line.contains("x%250A::error::pwned%0A::warning::pwned2%0D::error::pwned3"),
        "{line}"
    );
    // What the runner reads back is exactly what keylint meant.
    let parsed = parse(line).unwrap();
    assert_eq!(parsed.name, "error");
    assert_eq!(parsed.properties["file"], finding["file"].as_str().unwrap());
    assert_eq!(parsed.properties["line"], "5");
    assert_eq!(
        parsed.properties["title"],
        "KL001 access-key-with-console-login"
    );
    assert_eq!(parsed.data, finding["message"].as_str().unwrap());
    assert_eq!(
        parsed.properties.keys().collect::<Vec<_>>(),
        ["endLine", "file", "line", "title"]
    );
}

#[test]
fn input_error_paths_are_escaped_too() {
    let output = keylint(
        &testdata(),
        &["--format", "github", "no,such:dir%0A::error::x"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=no%2Csuch%3Adir%250A%3A%3Aerror%3A%3Ax,title=keylint input error::"
        ),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("::")).count(), 1);
}

#[test]
fn the_job_summary_is_appended_whatever_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("step-summary.md");
    std::fs::write(&summary, "# Earlier step\n").unwrap();
    let summary_path = summary.to_string_lossy().into_owned();
    let workspace = testdata().to_string_lossy().into_owned();
    let output = keylint(
        &testdata(),
        &["--format", "json", "tf-reference-kl001", "tf-parse-error"],
        &[
            ("GITHUB_STEP_SUMMARY", &summary_path),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "octo/infra"),
            ("GITHUB_SHA", "0123abc"),
            ("GITHUB_WORKSPACE", &workspace),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    // Standard output is still the JSON document alone.
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["summary"]["findings"], 3);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("# Earlier step\n\n## keylint\n"), "{text}");
    assert!(
        text.contains("| KL001 | access-key-with-console-login | 1 |"),
        "{text}"
    );
    assert!(
        text.contains("| KL002 | multiple-active-access-keys | 2 |"),
        "{text}"
    );
    assert!(
        text.contains(
            "| KL001 | aws\\_iam\\_access\\_key.ops | ops-oncall | access key `aws_iam_access_key.ops` \
             is active for user `ops-oncall`, who also has a console password | \
             [tf-reference-kl001/main.tf:10](https://github.com/octo/infra/blob/0123abc/tf-reference-kl001/main.tf#L10) |"
        ),
        "{text}"
    );
    assert!(
        text.contains("### Files that could not be read or parsed"),
        "{text}"
    );
    assert!(
        text.contains("[tf-parse-error/broken/main.tf:5]("),
        "{text}"
    );

    // Unset: nothing written, nothing said.
    let output = keylint(&testdata(), &["--format", "github", "tf-count"], &[]);
    assert!(output.stderr.is_empty());
    // Unwritable: a warning, the exit code unchanged.
    let output = keylint(
        &testdata(),
        &["--format", "github", "tf-count"],
        &[("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md")],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("GITHUB_STEP_SUMMARY"));
}
