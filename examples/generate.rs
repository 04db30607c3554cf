//! Writes deterministic, realistic IaC trees for benchmarks.
//!
//! ```sh
//! cargo run --release --example generate -- large /tmp/keylint-bench/large
//! cargo run --release --example generate -- plan-100mb /tmp/keylint-bench/plan
//! ```
//!
//! Sizes: small, large, huge, iam-dense, plan-100mb (see benches/support/generate.rs).

#[path = "../benches/support/generate.rs"]
mod generate;

use std::path::PathBuf;

use generate::Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: generate <small|large|huge|iam-dense|plan-100mb> <out-dir> [seed]");
        std::process::exit(2);
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64)
        | 1;
    let out = PathBuf::from(out);
    let mut rng = Rng(seed);
    let started = std::time::Instant::now();
    let written = match (size.as_str(), generate::named(size)) {
        ("plan-100mb", _) => generate::plan(&out, &mut rng, 100 << 20),
        (_, Some(size)) => generate::tree(&out, &mut rng, &size),
        (other, None) => {
            eprintln!("unknown size `{other}`");
            std::process::exit(2);
        }
    };
    eprintln!(
        "wrote {:.1} MB to {} in {:.1?}",
        written as f64 / 1e6,
        out.display(),
        started.elapsed()
    );
}
