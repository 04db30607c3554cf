//! Bytes → a Terraform plan (`terraform show -json`), no sniffing.
#![no_main]

use keylint::frontend::plan::analyse;
use keylint::source::{SourceFile, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return;
    };
    let path = "/nonexistent-keylint-fuzz/plan.json".into();
    let source = SourceFile::new(path, "plan.json".into(), text, SourceKind::Plan);
    let _ = analyse(&source);
});
