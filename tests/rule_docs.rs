//! Every rule of the registry is documented, and its documentation is tested:
//! every `bad` example in `rules/<ID>.md` must fire its rule and nothing
//! else, every `good` example must fire nothing; `keylint explain` prints
//! the file; the README's rule table lists exactly the registry's rules.
//!
//! An example is a fenced block whose info string is `<lang> <verdict>
//! [file name [options...]]`: the body is written to that file in an empty
//! directory and linted, with the options (`--as-of=...` for a credential
//! report, whose rules measure ages). A block whose verdict is `part` is a
//! file of the next example (`hcl part infra/main.tf`): for rules that read
//! several inputs together. Without a file name, `hcl` is written to `main.tf` and `yaml` and
//! `json` to a template; a format with another language (say, `csv` for a
//! credential report) names its file, so a new input format needs no change
//! here. A rule's document has a bad and a good example in every language
//! it uses.

use std::path::Path;
use std::process::Command;

struct Example {
    rule: String,
    lang: String,
    file: String,
    bad: bool,
    line: usize,
    body: String,
    args: Vec<String>,
    /// Files written beside it (`part` blocks before it): name and body.
    parts: Vec<(String, String)>,
    /// Whether this block is itself a part of the next example.
    part: bool,
}

fn examples(rule: &str, doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut current: Option<Example> = None;
    let mut parts: Vec<(String, String)> = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        if let Some(mut example) = current.take() {
            if line.trim_start().starts_with("```") {
                if example.part {
                    parts.push((example.file, example.body));
                    continue;
                }
                example.parts = std::mem::take(&mut parts);
                out.push(example);
            } else {
                example.body.push_str(line);
                example.body.push('\n');
                current = Some(example);
            }
            continue;
        }
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let mut words = info.split_whitespace();
        let (Some(lang), Some(verdict)) = (words.next(), words.next()) else {
            continue;
        };
        if !matches!(verdict, "bad" | "good" | "part") {
            continue;
        }
        let file = match (words.next(), lang) {
            (Some(file), _) => file,
            (None, "hcl") => "main.tf",
            (None, "yaml") => "template.yaml",
            (None, "json") => "template.json",
            (None, other) => panic!("{rule} line {}: a `{other}` example names its file", i + 1),
        };
        current = Some(Example {
            rule: rule.to_owned(),
            lang: lang.to_owned(),
            file: file.to_owned(),
            bad: verdict == "bad",
            line: i + 1,
            body: String::new(),
            args: words.map(str::to_owned).collect(),
            parts: Vec::new(),
            part: verdict == "part",
        });
    }
    out
}

fn findings(example: &Example) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (file, body) in &example.parts {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    std::fs::write(dir.path().join(&example.file), &example.body).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        // Not into the job summary of a CI run on GitHub Actions.
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["check", "--format", "json"])
        .args(&example.args)
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{} line {}: output is not JSON ({e}): {}",
            example.rule,
            example.line,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(
        doc["errors"].as_array().map(Vec::len),
        Some(0),
        "{} line {}: {}",
        example.rule,
        example.line,
        doc["errors"]
    );
    assert_eq!(
        doc["summary"]["files"],
        1 + example.parts.len(),
        "{} line {}: the example was not recognised",
        example.rule,
        example.line
    );
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_rule_doc_example_behaves_as_labelled() {
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut checked = 0;
    for meta in keylint::rules::metadata() {
        let rule = meta.id;
        let doc = std::fs::read_to_string(rules_dir.join(format!("{rule}.md"))).unwrap();
        assert_eq!(doc, meta.doc, "{rule}: the binary embeds rules/{rule}.md");
        let examples = examples(rule, &doc);
        assert!(!examples.is_empty(), "{rule}.md has no examples");
        let mut langs: Vec<&str> = examples.iter().map(|e| e.lang.as_str()).collect();
        langs.sort();
        langs.dedup();
        for lang in langs {
            for bad in [true, false] {
                assert!(
                    examples.iter().any(|e| e.lang == lang && e.bad == bad),
                    "{rule}.md lacks a {} {lang} example",
                    if bad { "bad" } else { "good" }
                );
            }
        }
        for example in &examples {
            let rules = findings(example);
            if example.bad {
                assert!(
                    !rules.is_empty(),
                    "{rule}.md line {}: bad example fires nothing",
                    example.line
                );
                assert!(
                    rules.iter().all(|r| r == rule),
                    "{rule}.md line {}: bad example fires {rules:?}",
                    example.line
                );
            } else {
                assert!(
                    rules.is_empty(),
                    "{rule}.md line {}: good example fires {rules:?}",
                    example.line
                );
            }
            checked += 1;
        }
    }
    let wanted = 2 * keylint::rules::all().len();
    assert!(checked >= wanted, "only {checked} examples found");
}

#[test]
fn every_markdown_file_in_rules_is_a_registered_rule() {
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut documented: Vec<String> = std::fs::read_dir(&rules_dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_owned))
        .collect();
    documented.sort();
    let registered: Vec<&str> = keylint::rules::metadata().map(|m| m.id).collect();
    assert_eq!(documented, registered);
}

/// The README's rule table row of a rule, as generated from its metadata.
fn readme_row(meta: &keylint::outcome::RuleMeta) -> String {
    let mut what = meta.summary.to_owned();
    if let Some(first) = what.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    format!(
        "| [{id}](rules/{id}.md) | `{name}` | {severity} | {what} | {control} |",
        id = meta.id,
        name = meta.name,
        severity = meta.severity.as_str(),
        control = meta.control,
    )
}

#[test]
fn the_readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let header = "| Rule | Name | Severity | What it flags | Control |";
    let table: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != header)
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let wanted: Vec<String> = keylint::rules::metadata().map(readme_row).collect();
    assert_eq!(table, wanted, "the README's rule table (after `{header}`)");
}

#[test]
fn rules_lists_every_rule() {
    let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .arg("rules")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let registered: Vec<&str> = keylint::rules::metadata().map(|m| m.id).collect();
    assert_eq!(listed, registered);
}

#[test]
fn explain_prints_the_rule_doc() {
    for meta in keylint::rules::metadata() {
        for name in [meta.id.to_lowercase(), meta.name.to_owned()] {
            let output = Command::new(env!("CARGO_BIN_EXE_keylint"))
                .args(["explain", &name])
                .output()
                .unwrap();
            assert!(output.status.success(), "{name}");
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{}.md", meta.id));
            let doc = std::fs::read_to_string(path).unwrap();
            assert_eq!(String::from_utf8_lossy(&output.stdout), doc);
        }
    }
    let unknown = Command::new(env!("CARGO_BIN_EXE_keylint"))
        .args(["explain", "KL999"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}
