//! Bytes → a Terraform plan (`terraform show -json`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| keylint_fuzz::frontend("plan", "plan.json", data));
