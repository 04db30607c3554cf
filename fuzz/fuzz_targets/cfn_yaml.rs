//! Bytes → the CloudFormation front-end, no recognition step: every input
//! reaches a parser (YAML, unless the text is a JSON object).
#![no_main]

use keylint::frontend::{FileText, analyse_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return; // read_text rejects it before any front-end sees it
    };
    // A directory that does not exist: nothing beside the file is read.
    let file = FileText {
        path: "/nonexistent-keylint-fuzz/template.yaml".into(),
        name: "template.yaml".into(),
        text,
    };
    let _ = analyse_with("cloudformation", file);
});
