//! Bytes → the CloudFormation front-end, seeded and given a dictionary for JSON.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| keylint_fuzz::frontend(
    "cloudformation",
    "template.json",
    data
));
