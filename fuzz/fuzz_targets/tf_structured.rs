//! A generated Terraform configuration (a root module and local child
//! modules, see `gen_tf`) → HCL files in a scratch directory → `lint` of
//! that directory, as the command line runs it → every output format.
#![no_main]

use keylint_fuzz::gen_tf::{Program, render};

libfuzzer_sys::fuzz_target!(|program: Program| {
    let _ = keylint_fuzz::lint_files("tf", &render(&program));
});
