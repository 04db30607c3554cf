//! The cost floor for Terraform: read and parse every `.tf` file below a
//! directory with hcl-edit, in parallel as keylint does, and nothing else.
//! `scripts/bench.sh` compares keylint's whole run with this.
//!
//! ```sh
//! cargo run --release --example parse_only -- /tmp/keylint-bench/iam-dense
//! ```

use rayon::prelude::*;

// The same allocator as keylint, so the comparison is parser to parser.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only <dir>");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                files.push(path);
            }
        }
    }
    let (bytes, blocks) = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read");
            let body = hcl_edit::parser::parse_body(&text).expect("parses");
            (text.len(), body.len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "parsed {} files, {:.1} MB, {} top-level structures in {:.3?}",
        files.len(),
        bytes as f64 / 1e6,
        blocks,
        started.elapsed()
    );
}
