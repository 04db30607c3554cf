//! Hostile and broken input: every case sits beside a good module with a
//! finding, and the good module must still be linted and reported.
//!
//! The inputs are built in temporary directories at test time: binary bytes,
//! huge files, symlinks, permissions and odd names do not live in git well.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A module with one finding (KL002: two active keys for `good-user`).
const GOOD_TF: &str = "resource \"aws_iam_user\" \"u\" {\n  name = \"good-user\"\n}\n\nresource \"aws_iam_access_key\" \"a\" {\n  user = aws_iam_user.u.name\n}\n\nresource \"aws_iam_access_key\" \"b\" {\n  user = aws_iam_user.u.name\n}\n";

/// 50 MB, as the hardening brief asks for a long single line.
const HUGE: usize = 50 << 20;

/// A temporary tree with `good/main.tf` in it.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good/main.tf", GOOD_TF);
    dir
}

fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

fn keylint_in(dir: &Path, args: &[&str]) -> Output {
    keylint_os(dir, args.iter().map(std::ffi::OsStr::new))
}

fn keylint_os<'a>(dir: &Path, args: impl IntoIterator<Item = &'a std::ffi::OsStr>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keylint"))
        .current_dir(dir)
        .env("COLUMNS", "120")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .arg("check")
        .args(args)
        .output()
        .expect("keylint runs")
}

/// `keylint check --format json .` in `dir`.
fn json_run(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    if !extra.iter().any(|a| !a.starts_with('-')) {
        args.push(".");
    }
    let out = keylint_in(dir, &args);
    let value: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), value)
}

/// The users with findings, sorted, each once (KL002 reports every key).
fn users(v: &Value) -> Vec<String> {
    let mut users: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["user"].as_str().unwrap().to_owned())
        .collect();
    users.sort();
    users.dedup();
    users
}

fn assert_good_reported(v: &Value) {
    let good =
        v["findings"].as_array().unwrap().iter().any(|f| {
            f["user"] == "good-user" && f["file"].as_str().unwrap().ends_with("good/main.tf")
        });
    assert!(good, "the good module's finding is missing: {v:#}");
}

/// `(file, line, column, message)` of every error.
fn errors(v: &Value) -> Vec<(String, Option<u64>, Option<u64>, String)> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_owned(),
                e["line"].as_u64(),
                e["column"].as_u64(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Exactly one error, about `file`; returns its line, column and message.
fn one_error(v: &Value, file: &str) -> (Option<u64>, Option<u64>, String) {
    let errors = errors(v);
    assert_eq!(errors.len(), 1, "expected one error: {errors:#?}");
    let (f, line, column, message) = errors.into_iter().next().unwrap();
    assert_eq!(f, file);
    (line, column, message)
}

fn expect_error(dir: &Path, file: &str) -> (Option<u64>, Option<u64>, String) {
    let (code, v) = json_run(dir, &[]);
    assert_good_reported(&v);
    let error = one_error(&v, file);
    assert_eq!(code, 2, "{v:#}");
    error
}

fn expect_clean(dir: &Path) -> Value {
    let (code, v) = json_run(dir, &[]);
    assert_good_reported(&v);
    assert_eq!(errors(&v), vec![], "no errors expected");
    assert_eq!(code, 1);
    v
}

/// Human output in both colour modes must not panic; returns `--color never`.
fn human(dir: &Path, extra: &[&str]) -> String {
    for color in ["always", "never"] {
        let mut args = vec!["--color", color];
        args.extend_from_slice(extra);
        args.push(".");
        let out = keylint_in(dir, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(matches!(out.status.code(), Some(1 | 2)), "{stderr}");
        if color == "never" {
            return String::from_utf8(out.stdout).expect("human output is UTF-8");
        }
    }
    unreachable!()
}

fn cfn_json_keys(user: &str, padding: &str) -> String {
    format!(
        r#"{{"AWSTemplateFormatVersion":"2010-09-09","Description":"{padding}","Resources":{{"U":{{"Type":"AWS::IAM::User","Properties":{{"UserName":"{user}"}}}},"K1":{{"Type":"AWS::IAM::AccessKey","Properties":{{"UserName":{{"Ref":"U"}}}}}},"K2":{{"Type":"AWS::IAM::AccessKey","Properties":{{"UserName":{{"Ref":"U"}}}}}}}}}}"#
    )
}

// 1. Empty and whitespace-only files.

#[test]
fn empty_and_whitespace_only_files_are_fine() {
    let dir = tree();
    write(dir.path(), "empty/main.tf", "");
    write(dir.path(), "blank/main.tf", " \n\t\r\n\n");
    // Nothing says these are templates: skipped like any other JSON or YAML.
    write(dir.path(), "cfn/template.yaml", "");
    write(dir.path(), "cfn/template.json", "");
    write(dir.path(), "cfn/blank.yaml", "  \n\n");
    let v = expect_clean(dir.path());
    assert_eq!(users(&v), ["good-user"]);
    // An empty `.tf.json` is not JSON: Terraform rejects it too.
    write(dir.path(), "blank/other.tf.json", " \n");
    let (line, column, message) = expect_error(dir.path(), "blank/other.tf.json");
    assert_eq!((line, column), (Some(1), Some(1)));
    assert_eq!(message, "invalid JSON: the file is empty");
}

// 2. Binary bytes, invalid UTF-8, BOM, CRLF.

#[test]
fn nul_bytes_in_a_tf_file_are_a_parse_error() {
    let dir = tree();
    write(
        dir.path(),
        "bad/main.tf",
        b"resource \"aws_iam_user\" \"x\" {\n  name = \"x\"\n}\n\x00\x00\x01\x02binary\x00\n",
    );
    let (line, _, message) = expect_error(dir.path(), "bad/main.tf");
    assert_eq!(line, Some(4), "{message}");
    human(dir.path(), &[]);
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let dir = tree();
    write(
        dir.path(),
        "bad/main.tf",
        b"# ok\nlocals {\n  x = \"ab\xffcd\"\n}\n",
    );
    let (line, column, message) = expect_error(dir.path(), "bad/main.tf");
    assert_eq!((line, column), (Some(3), Some(10)));
    assert_eq!(message, "file is not valid UTF-8 text");
    // The same in a template, after a BOM (which is not a column).
    let dir = tree();
    write(
        dir.path(),
        "cfn/t.yaml",
        b"\xef\xbb\xbfAWSTemplateFormatVersion: \xc3(\n",
    );
    let (line, column, _) = expect_error(dir.path(), "cfn/t.yaml");
    assert_eq!((line, column), (Some(1), Some(27)));
}

/// `(line, column, end_line, end_column)` of the good finding.
fn good_span(v: &Value) -> Vec<(u64, u64, u64, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["user"] == "good-user")
        .map(|f| {
            let n = |k: &str| f[k].as_u64().unwrap();
            (n("line"), n("column"), n("end_line"), n("end_column"))
        })
        .collect()
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let plain = tree();
    let (_, plain) = json_run(plain.path(), &[]);
    let expected = good_span(&plain);
    assert_eq!(expected.len(), 2);
    assert_eq!((expected[0].0, expected[0].1), (5, 1));
    for text in [
        format!("\u{feff}{GOOD_TF}"),
        GOOD_TF.replace('\n', "\r\n"),
        format!("\u{feff}{}", GOOD_TF.replace('\n', "\r\n")),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "good/main.tf", &text);
        let v = expect_clean(dir.path());
        assert_eq!(good_span(&v), expected, "{text:?}");
        human(dir.path(), &[]);
    }
}

// 3. A 50 MB single line.

#[test]
fn a_50_mb_line_in_terraform_is_linted_without_a_snippet() {
    let dir = tree();
    let mut text = String::with_capacity(HUGE + 200);
    text.push_str("locals { pad = \"");
    text.extend(std::iter::repeat_n('A', HUGE));
    text.push_str("\" }\n");
    text.push_str(GOOD_TF);
    write(dir.path(), "big/main.tf", &text);
    let v = expect_clean(dir.path());
    assert_eq!(users(&v), ["good-user"]);
    // A parse error at the end of the long line is named, never quoted.
    text.truncate(HUGE + 16);
    text.push_str("\" = }\n");
    write(dir.path(), "big/main.tf", &text);
    let (line, _, _) = expect_error(dir.path(), "big/main.tf");
    assert_eq!(line, Some(1));
    let shown = human(dir.path(), &[]);
    assert!(shown.len() < 100_000, "the long line was quoted");
}

#[test]
fn a_50_mb_one_line_template_is_linted_without_a_snippet() {
    let dir = tree();
    write(
        dir.path(),
        "cfn/template.json",
        cfn_json_keys("cfn-user", &"A".repeat(HUGE)),
    );
    let v = expect_clean(dir.path());
    assert!(users(&v).contains(&"cfn-user".to_owned()));
    let shown = human(dir.path(), &[]);
    assert!(shown.contains("cfn-user"));
    assert!(shown.len() < 100_000, "the long line was quoted");
}

// 4. Nesting 100,000 levels deep.

fn deep(open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(100_000), close.repeat(100_000))
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let cases = [
        (
            "deep/main.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("[", "]")),
        ),
        (
            "deep/main.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("(", ")")),
        ),
        (
            "deep/main.tf",
            format!("locals {{\n  x = {}\n}}\n", deep("{a=", "}")),
        ),
        (
            "deep/main.tf.json",
            format!("{{\"locals\":{{\"x\":{}}}}}", deep("[", "]")),
        ),
        (
            "cfn/t.json",
            format!(
                "{{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{{\"U\":{{\"Type\":\"AWS::IAM::User\",\"Properties\":{{\"Tags\":{}}}}}}}}}",
                deep("[", "]")
            ),
        ),
        (
            "cfn/t.yaml",
            format!(
                "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      Tags: {}\n",
                deep("[", "]")
            ),
        ),
        (
            "cfn/t.yaml",
            format!(
                "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U: {}\n",
                deep("{a: ", "}")
            ),
        ),
    ];
    for (file, text) in cases {
        let dir = tree();
        write(dir.path(), file, &text);
        let (code, v) = json_run(dir.path(), &[]);
        assert_eq!(
            (code, errors(&v).len()),
            (2, 1),
            "{file} {}: {v:#}",
            &text[..60]
        );
        let (_, _, message) = expect_error(dir.path(), file);
        assert!(
            message.contains("deep") || message.contains("nest") || message.contains("recursion"),
            "{file}: {message}"
        );
        human(dir.path(), &[]);
    }
    // A plan is never built into a tree: serde_json skips what keylint does
    // not read without recursing, so deep nesting there is harmless.
    let dir = tree();
    let text = format!(
        "{{\"format_version\":\"1.2\",\"planned_values\":{{\"root_module\":{{\"resources\":[{{\"address\":\"aws_iam_user.x\",\"mode\":\"managed\",\"type\":\"aws_iam_user\",\"name\":\"x\",\"values\":{{\"name\":{}}}}}]}}}},\"x\":{}}}",
        deep("[", "]"),
        deep("{\"a\":", "}").replacen(":}", ":0}", 1)
    );
    write(dir.path(), "plan.json", text);
    expect_clean(dir.path());
}

// 5. A YAML alias bomb.

#[test]
fn a_yaml_alias_bomb_is_bounded() {
    let dir = tree();
    let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n");
    text.push_str(
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        let items = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("  {name}: &{name} [{items}]\n"));
    }
    text.push_str("Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      Tags: *i\n");
    write(dir.path(), "cfn/bomb.yaml", &text);
    let (line, _, message) = expect_error(dir.path(), "cfn/bomb.yaml");
    assert!(line.is_some());
    assert!(message.contains("alias"), "{message}");
}

// 6. Duplicate keys.

#[test]
fn duplicate_keys_are_an_error_at_the_second_key() {
    let dir = tree();
    write(
        dir.path(),
        "cfn/t.json",
        "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"U\": {\"Type\": \"AWS::IAM::User\"},\n    \"U\": {\"Type\": \"AWS::IAM::User\"}\n  }\n}\n",
    );
    let (line, column, message) = expect_error(dir.path(), "cfn/t.json");
    assert_eq!((line, column), (Some(5), Some(5)), "{message}");
    assert!(message.contains("duplicate"), "{message}");
    let dir = tree();
    write(
        dir.path(),
        "cfn/t.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U:\n    Type: AWS::IAM::User\n  U:\n    Type: AWS::IAM::User\n",
    );
    let (line, column, message) = expect_error(dir.path(), "cfn/t.yaml");
    assert_eq!((line, column), (Some(5), Some(3)), "{message}");
    assert!(message.contains("duplicate"), "{message}");
}

// 7. The size limit.

#[test]
fn files_over_the_size_limit_are_not_read() {
    let dir = tree();
    write(
        dir.path(),
        "big/main.tf",
        format!("# {}\n", "x".repeat(5_000)),
    );
    write(
        dir.path(),
        "cfn/t.json",
        cfn_json_keys("cfn-user", &"x".repeat(5_000)),
    );
    let (code, v) = json_run(dir.path(), &["--max-file-size", "4K", "."]);
    assert_eq!(code, 2);
    assert_good_reported(&v);
    let errors = errors(&v);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, "big/main.tf");
    assert_eq!(
        errors[0].3,
        "file is 5003 bytes, over the limit of 4096 (--max-file-size)"
    );
    assert_eq!(errors[1].0, "cfn/t.json");
    // The same from keylint.toml; the command line wins over it.
    write(dir.path(), "keylint.toml", "max_file_size = \"4K\"\n");
    let (code, v) = json_run(dir.path(), &[]);
    assert_eq!((code, super_len(&v)), (2, 2));
    let (code, v) = json_run(dir.path(), &["--max-file-size", "1M", "."]);
    assert_eq!((code, super_len(&v)), (1, 0));
    assert!(users(&v).contains(&"cfn-user".to_owned()));
    // Nonsense is a usage error.
    let out = keylint_in(dir.path(), &["--max-file-size", "lots", "."]);
    assert_eq!(out.status.code(), Some(2));
}

fn super_len(v: &Value) -> usize {
    errors(v).len()
}

// 8. and 9. Symlinks.

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed() {
    let dir = tree();
    std::os::unix::fs::symlink("..", dir.path().join("good/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    let v = expect_clean(dir.path());
    assert_eq!(users(&v), ["good-user"]);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let out_tf = write(
        outside.path(),
        "mod/main.tf",
        GOOD_TF.replace("good-user", "outside-user"),
    );
    let out_cfn = write(outside.path(), "t.json", cfn_json_keys("outside-cfn", ""));
    let dir = tree();
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    };
    link(&out_tf, "good/linked.tf");
    link(out_tf.parent().unwrap(), "linked-dir");
    link(&out_cfn, "linked.json");
    link(&out_cfn, "good/linked.json");
    let v = expect_clean(dir.path());
    assert_eq!(users(&v), ["good-user"]);
    // Named on the command line, a symlinked file is read: the user asked for it.
    let (code, v) = json_run(dir.path(), &["linked.json"]);
    assert_eq!(code, 1);
    assert!(users(&v).contains(&"outside-cfn".to_owned()), "{v:#}");
    // And so is a symlinked directory.
    let (code, v) = json_run(dir.path(), &["linked-dir"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(users(&v), ["outside-user"]);
}

// 10. An unreadable file.

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree();
    let path = write(dir.path(), "bad/main.tf", GOOD_TF);
    let cfn = write(dir.path(), "cfn/t.json", cfn_json_keys("cfn-user", ""));
    for p in [&path, &cfn] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, chmod 000 does not stop reading");
        return;
    }
    let (code, v) = json_run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_good_reported(&v);
    let errors = errors(&v);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].0, "bad/main.tf");
    assert_eq!(errors[1].0, "cfn/t.json");
    for e in &errors {
        assert!(e.3.contains("cannot read file: Permission denied"), "{e:?}");
    }
    for p in [&path, &cfn] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

// 11. Directories with file names.

#[test]
fn directories_named_like_files_are_not_files() {
    let dir = tree();
    for name in ["x.tf", "x.tf.json", "x.yaml", "x.json", "good/y.tf"] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
    }
    let v = expect_clean(dir.path());
    assert_eq!(users(&v), ["good-user"]);
}

// 12. A file gone by the time it is read.

#[test]
fn a_file_deleted_during_the_scan_is_a_clear_error() {
    let dir = tree();
    let err = keylint::error::read_text(
        &dir.path().join("gone.tf"),
        "gone.tf",
        keylint::error::DEFAULT_MAX_FILE_SIZE,
    )
    .unwrap_err();
    assert_eq!(err.file, "gone.tf");
    assert!(
        err.message.starts_with("cannot read file: No such file"),
        "{}",
        err.message
    );
    // Named on the command line but missing: the same, and the rest is linted.
    let (code, v) = json_run(dir.path(), &["good", "gone.yaml"]);
    assert_eq!(code, 2);
    assert_good_reported(&v);
    let (_, _, message) = one_error(&v, "gone.yaml");
    assert!(message.contains("No such file"), "{message}");
}

// 13. Odd names.

const ODD_DIRS: &[&str] = &[
    "with space/and more",
    "ünïcödé/日本",
    "new\nline/Found 0 findings",
    "esc\x1b[31mred\x1b[0m",
    "cr\rhere",
];

#[cfg(unix)]
#[test]
fn odd_names_are_linted_and_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in ODD_DIRS.iter().enumerate() {
        write(
            dir.path(),
            &format!("{name}/main.tf"),
            GOOD_TF.replace("good-user", &format!("user-{i}")),
        );
    }
    write(dir.path(), "good/main.tf", GOOD_TF);
    let (code, v) = json_run(dir.path(), &[]);
    assert_eq!(code, 1);
    let files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    for name in ODD_DIRS {
        assert!(
            files.contains(&format!("{name}/main.tf").as_str()),
            "{files:?}"
        );
    }
    // Human: no raw control character from a name reaches the terminal.
    let shown = human(dir.path(), &[]);
    assert!(!shown.contains('\x1b') && !shown.contains('\r'));
    assert!(
        shown.contains("new\\nline/Found 0 findings/main.tf"),
        "{shown}"
    );
    assert!(shown.contains("esc\\x1b[31mred\\x1b[0m/main.tf"), "{shown}");
    assert!(!shown.lines().any(|l| l.starts_with("line/Found")));
    // SARIF stays valid JSON.
    let out = keylint_in(dir.path(), &["--format", "sarif", "."]);
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 12);
}

#[cfg(unix)]
#[test]
fn non_utf8_names_are_linted_by_their_real_path() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree();
    let odd = std::ffi::OsStr::from_bytes(b"bad\xffname");
    let module = dir.path().join(odd);
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        module.join(std::ffi::OsStr::from_bytes(b"m\xfe.tf")),
        GOOD_TF.replace("good-user", "odd-user"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(std::ffi::OsStr::from_bytes(b"t\xfe.json")),
        cfn_json_keys("odd-cfn", ""),
    )
    .unwrap();
    let (code, v) = json_run(dir.path(), &[]);
    assert_eq!(code, 1, "{v:#}");
    let mut found = users(&v);
    found.sort();
    assert_eq!(found, ["good-user", "odd-cfn", "odd-user"]);
    let out = keylint_in(dir.path(), &["--format", "sarif", "."]);
    serde_json::from_slice::<Value>(&out.stdout).expect("SARIF is JSON");
    human(dir.path(), &[]);
}

#[cfg(unix)]
#[test]
fn github_format_names_cannot_inject_commands() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x\n::error file=evil.tf::pwned,y/main.tf",
        GOOD_TF,
    );
    let out = keylint_in(dir.path(), &["--format", "github", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 2, "{stdout}");
    assert!(
        commands[0]
            .starts_with("::error file=x%0A%3A%3Aerror file=evil.tf%3A%3Apwned%2Cy/main.tf,"),
        "{stdout}"
    );
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("::error file=evil.tf"))
    );
}

// 14. Module loops.

#[test]
fn module_source_loops_are_bounded() {
    let dir = tree();
    write(
        dir.path(),
        "self/main.tf",
        "module \"a\" {\n  source = \"./\"\n}\n",
    );
    write(
        dir.path(),
        "pair/a/main.tf",
        "module \"b\" {\n  source = \"../b\"\n}\n",
    );
    write(
        dir.path(),
        "pair/b/main.tf",
        "module \"a\" {\n  source = \"../a\"\n}\n",
    );
    let (code, v) = json_run(dir.path(), &[]);
    assert!(matches!(code, 1 | 2), "{v:#}");
    assert_good_reported(&v);
    human(dir.path(), &[]);
}

// Safe output.

#[test]
fn control_characters_in_contents_never_reach_the_terminal() {
    let dir = tree();
    let text = GOOD_TF
        .replace("good-user", "evil\\u001b[31m\\r\\u009bX")
        .replace("\"a\" {", "\"a\" { # raw \x1b[2J here and \x07\u{9b}1m")
        + "# \x1b]0;title\x07\n";
    write(dir.path(), "evil/main.tf", &text);
    // A parse error quoting a line with control characters.
    write(
        dir.path(),
        "err/main.tf",
        "locals {\n  x = \"\x1b[31m\" = \n}\n",
    );
    let out = keylint_in(dir.path(), &["--color", "never", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(!stdout.contains('\r') && !stdout.contains('\x07') && !stdout.contains('\u{9b}'));
    assert!(stdout.contains("evil\\x1b[31m\\r\\u{9b}X"), "{stdout}");
    assert!(stdout.contains("# raw ?[2J here and ???1m"), "{stdout}");
    assert_eq!(out.status.code(), Some(2));
    // With colours, every ESC starts one of keylint's own SGR sequences.
    let out = keylint_in(dir.path(), &["--color", "always", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (i, _) in stdout.match_indices('\x1b') {
        let rest = &stdout[i + 1..];
        let sgr = rest.strip_prefix('[').is_some_and(|r| {
            let end = r.find(|c: char| !(c.is_ascii_digit() || c == ';'));
            end.is_some_and(|e| r[e..].starts_with('m'))
        });
        assert!(
            sgr,
            "foreign escape at {i}: {:?}",
            &stdout[i..(i + 12).min(stdout.len())]
        );
    }
    assert!(!stdout.contains("\x1b[31m\\r") && !stdout.contains("\x1b[2J"));
    // JSON keeps the real value, escaped as JSON.
    let (_, v) = json_run(dir.path(), &[]);
    assert!(users(&v).contains(&"evil\x1b[31m\r\u{9b}X".to_owned()));
}

/// A digest of every file below `root` (paths, contents and permissions).
fn digest(root: &Path) -> Vec<(PathBuf, Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut all = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            let content = if meta.is_dir() {
                stack.push(entry.path());
                Vec::new()
            } else if meta.is_file() {
                std::fs::read(entry.path()).unwrap()
            } else {
                Vec::new()
            };
            all.push((entry.path(), content, meta.permissions().mode()));
        }
    }
    all.sort();
    all
}

#[cfg(unix)]
#[test]
fn keylint_never_writes_to_or_runs_anything_from_the_scanned_tree() {
    let dir = tree();
    let marker = std::env::temp_dir().join(format!("keylint-pwned-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let m = marker.display();
    write(
        dir.path(),
        "exec/main.tf",
        format!(
            "resource \"null_resource\" \"x\" {{\n  provisioner \"local-exec\" {{\n    command = \"touch {m}\"\n  }}\n}}\n\ndata \"external\" \"x\" {{\n  program = [\"sh\", \"-c\", \"touch {m}\"]\n}}\n\nresource \"aws_iam_access_key\" \"k\" {{\n  user = data.external.x.result.user\n}}\n"
        ),
    );
    write(
        dir.path(),
        "cfn/t.json",
        cfn_json_keys("cfn-user", "$(touch /tmp/x)"),
    );
    let before = digest(dir.path());
    let outside = tempfile::tempdir().unwrap();
    let baseline = outside.path().join("baseline.json");
    for args in [
        vec!["--format", "json", "."],
        vec!["--format", "sarif", "."],
        vec!["--format", "github", "."],
        vec!["--format", "gitlab", "."],
        vec!["--format", "junit", "."],
        vec!["--color", "always", "--verbose", "."],
        vec!["--write-baseline", baseline.to_str().unwrap(), "."],
    ] {
        let out = keylint_in(dir.path(), &args);
        assert!(matches!(out.status.code(), Some(0..=1)), "{args:?}");
    }
    assert!(baseline.exists());
    let out = keylint_in(dir.path(), &["--baseline", baseline.to_str().unwrap(), "."]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(digest(dir.path()), before, "the scanned tree changed");
    assert!(
        !marker.exists(),
        "keylint ran a command from the scanned tree"
    );
}

#[test]
fn parse_errors_never_quote_secret_values() {
    let dir = tree();
    let secret = "Hunter2-PARSE-LEAK";
    write(
        dir.path(),
        "cfn/t.json",
        format!(
            "{{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{{\"U\":{{\"Type\":\"AWS::IAM::User\",\"Properties\":{{\"LoginProfile\":{{\"Password\": {secret}}}}}}}}}}}"
        ),
    );
    write(
        dir.path(),
        "cfn/t.yaml",
        format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile:\n        Password: \"{secret}\n      x: [\n"
        ),
    );
    write(
        dir.path(),
        "cfn/t2.yaml",
        format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile:\n        Password: {secret}: {secret}\n"
        ),
    );
    write(
        dir.path(),
        "plan.json",
        format!(
            "{{\"format_version\":\"1.2\",\"planned_values\":{{\"root_module\":{{\"resources\":[{{\"values\":{{\"password\": {secret}}}}}]}}}}}}"
        ),
    );
    write(
        dir.path(),
        "tf/main.tf",
        format!("resource \"aws_iam_user_login_profile\" \"x\" {{\n  password = {secret}-\"\n}}\n"),
    );
    let (code, v) = json_run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_good_reported(&v);
    assert_eq!(errors(&v).len(), 5, "{v:#}");
    for args in [
        &["--format", "json", "."][..],
        &["--format", "sarif", "."],
        &["--format", "github", "."],
        &["--format", "gitlab", "."],
        &["--format", "junit", "."],
        &["--color", "never", "."],
        &["--color", "always", "."],
    ] {
        let out = keylint_in(dir.path(), args);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("PARSE-LEAK"), "{args:?}: {all}");
    }
}
