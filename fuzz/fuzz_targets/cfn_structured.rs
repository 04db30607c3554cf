//! A generated CloudFormation template (see `gen_cfn`) → `template.json` or
//! `template.yaml` in a scratch directory → `lint` of that directory, as the
//! command line runs it → every output format.
#![no_main]

use keylint_fuzz::gen_cfn::{Program, render};

libfuzzer_sys::fuzz_target!(|program: Program| {
    let _ = keylint_fuzz::lint_files("cfn", &render(&program));
});
