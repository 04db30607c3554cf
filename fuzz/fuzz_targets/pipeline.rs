//! Bytes → file → `read_text` → sniff → front-end → rules → suppressions →
//! every output format: the whole path from a file's bytes to what is shown.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use keylint::error::read_text;
use keylint::frontend::sniff;
use keylint::lint::{LintOptions, LintResult, lint_text};
use keylint::report::{github, human, json, sarif, summary};
use libfuzzer_sys::fuzz_target;

/// One scratch file per process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        std::env::temp_dir().join(format!("keylint-fuzz-{}.bin", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let file = scratch();
    if std::fs::write(file, data).is_err() {
        return;
    }
    let options = LintOptions::default();
    // Not in any directory that exists: nothing beside the file is read.
    let dir = PathBuf::from("/nonexistent-keylint-fuzz");
    let result = match read_text(file, "input", keylint::error::DEFAULT_MAX_FILE_SIZE) {
        Ok(text) => {
            // Data files are recognised by content; the rest is taken as
            // Terraform (JSON syntax when it looks like JSON).
            let name = match sniff(&text) {
                Some(_) => "input.template",
                None if text.trim_start().starts_with('{') => "main.tf.json",
                None => "main.tf",
            };
            lint_text(dir.join(name), name.to_owned(), text, &options)
        }
        Err(e) => LintResult {
            errors: vec![e],
            files: 1,
            ..LintResult::default()
        },
    };
    for color in [true, false] {
        let mut out = String::new();
        let options = human::HumanOptions {
            color,
            width: 80,
            summary: true,
        };
        human::render(&result, options, &mut out);
        human::render_unresolved(&result, &mut out);
    }
    let _ = json::render(&result);
    let _ = sarif::render(&result, Some(&dir));
    let _ = github::render(&result);
    let _ = summary::markdown(&result, Some(&dir), &|_| None);
});
