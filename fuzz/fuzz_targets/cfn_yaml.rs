//! Bytes → the CloudFormation front-end (YAML, unless the text is a JSON object).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| keylint_fuzz::frontend(
    "cloudformation",
    "template.yaml",
    data
));
