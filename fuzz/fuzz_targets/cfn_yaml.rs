//! Bytes → a CloudFormation template in YAML (no sniffing: every input
//! reaches the parser).
#![no_main]

use keylint::frontend::cloudformation::{CfnOptions, analyse};
use keylint::source::{SourceFile, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return;
    };
    let path = "/nonexistent-keylint-fuzz/template.yaml".into();
    let source = SourceFile::new(path, "template.yaml".into(), text, SourceKind::CfnYaml);
    let _ = analyse(&source, &CfnOptions::default());
});
