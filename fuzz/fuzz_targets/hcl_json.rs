//! Bytes → a `main.tf.json` analysed as a root module of its own.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| keylint_fuzz::frontend(
    "terraform",
    "main.tf.json",
    data
));
