//! Micro-benchmarks: each front-end on realistic input, the whole pipeline on
//! a small tree, and rendering 10,000 findings. `cargo bench`.
//!
//! Whole-process timings (and the comparison with checkov) are in
//! `scripts/bench.sh`; these isolate one stage each.

mod support;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use keylint::frontend::cloudformation::{self, CfnOptions};
use keylint::frontend::plan;
use keylint::frontend::terraform::{TerraformOptions, analyse_root, loader::Loader};
use keylint::lint::{LintOptions, lint};
use keylint::report::{human, json};
use keylint::source::{Source, SourceFile};
use support::generate::{self, Rng};

fn main() {
    divan::main();
}

/// A `small` tree (100 modules, 50 templates) written once per run.
static SMALL_TREE: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let size = generate::named("small").expect("size");
    generate::tree(dir.path(), &mut Rng(7), &size);
    let path = dir.path().to_path_buf();
    (dir, path)
});

fn source(text: String) -> Source {
    SourceFile::new("bench".into(), "bench".into(), text)
}

/// One module directory with IAM users, keys and unrelated resources.
#[divan::bench]
fn terraform_module(bencher: Bencher) {
    let dir = SMALL_TREE.1.join("live");
    let module = walk_first_module(&dir);
    bencher.bench(|| {
        // A fresh loader each time: parsing is what is measured.
        let loader = Loader::default();
        analyse_root(&loader, &module, "m", &TerraformOptions::default())
    });
}

fn walk_first_module(dir: &std::path::Path) -> PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)
            .expect("read dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        if entries
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "tf"))
        {
            return d;
        }
        stack.extend(entries.into_iter().filter(|p| p.is_dir()));
    }
    panic!("no module under {}", dir.display());
}

#[divan::bench(args = ["yaml", "json"])]
fn cloudformation_template(bencher: Bencher, format: &str) {
    let mut rng = Rng(3);
    let text = match format {
        "yaml" => generate::template_yaml(&mut rng, true),
        _ => generate::template_json(&mut rng, true),
    };
    let src = source(text);
    let options = CfnOptions::default();
    bencher.bench(|| cloudformation::analyse(&src, &options));
}

/// A 10 MB single-line plan: bytes per second matter here.
#[divan::bench]
fn plan_10mb(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = generate::plan(dir.path(), &mut Rng(5), 10 << 20);
    let text = std::fs::read_to_string(dir.path().join("plan.json")).expect("plan");
    let src = SourceFile::never_quoted("bench".into(), "bench".into(), text);
    bencher
        .counter(divan::counter::BytesCount::new(bytes as usize))
        .bench(|| plan::analyse(&src));
}

/// The whole pipeline on the `small` tree (discovery, parsing, rules).
#[divan::bench]
fn lint_small_tree(bencher: Bencher) {
    let options = LintOptions {
        paths: vec![SMALL_TREE.1.clone()],
        ..LintOptions::default()
    };
    bencher.bench(|| lint(&options));
}

/// 10,000 findings: 5,000 users with two keys each, in one template.
static MANY_FINDINGS: LazyLock<(tempfile::TempDir, LintOptions)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut resources = Vec::new();
    for u in 0..5_000 {
        for k in 0..2 {
            resources.push(format!(
                "  \"Key{u}x{k}\": {{\"Type\": \"AWS::IAM::AccessKey\", \"Properties\": {{\"UserName\": \"user-{u}\"}}}}"
            ));
        }
    }
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\n{}\n}}}}\n",
        resources.join(",\n")
    );
    std::fs::write(dir.path().join("many.template.json"), text).expect("write");
    let options = LintOptions {
        paths: vec![dir.path().to_path_buf()],
        ..LintOptions::default()
    };
    (dir, options)
});

#[divan::bench(args = ["human", "json"])]
fn render_10k_findings(bencher: Bencher, format: &str) {
    let result = lint(&MANY_FINDINGS.1);
    assert_eq!(result.findings.len(), 10_000);
    bencher.bench(|| match format {
        "human" => {
            let mut out = String::new();
            let options = human::HumanOptions {
                color: false,
                width: 100,
                summary: true,
            };
            human::render(&result, options, &mut out);
            out
        }
        _ => json::render(&result),
    });
}
