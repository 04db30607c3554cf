//! Hostile inputs at 1x, 2x and 4x their size: the time of each family
//! must grow linearly (or stay flat once the analysis budget stops it),
//! never exponentially. `cargo bench --bench adversarial`; time and peak
//! memory of the whole process: `scripts/bench-adversarial.sh` (README,
//! Reliability). The inputs are in `support/adversarial.rs`.

#[path = "support/adversarial.rs"]
mod inputs;

use divan::Bencher;
use keylint::frontend::cloudformation::{self, CfnOptions};
use keylint::frontend::terraform::{TerraformOptions, analyse_source};
use keylint::source::{Source, SourceFile};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1, 2, 4];

fn source(name: &str, text: String) -> Source {
    // A directory that does not exist: nothing beside the file is read.
    let path = std::path::PathBuf::from("/nonexistent-keylint-bench").join(name);
    SourceFile::new(path, name.into(), text)
}

/// Analyses a family's input at a scale, with its front-end.
fn bench(bencher: Bencher, family: &str, scale: usize) {
    let family = inputs::family(family).expect("a known family");
    let source = source(family.file, (family.text)(scale));
    if family.file.ends_with(".tf") {
        let options = TerraformOptions::default();
        bencher.bench(|| analyse_source(&source, &options));
    } else if family.file.ends_with(".csv") || family.file.ends_with("plan.json") {
        let text = source.text.clone();
        bencher.bench(|| {
            keylint::lint::lint_text(
                source.path.clone(),
                family.file.into(),
                text.clone(),
                &Default::default(),
            )
        });
    } else {
        let options = CfnOptions::default();
        bencher.bench(|| cloudformation::analyse(&source, &options));
    }
}

#[divan::bench(args = SIZES)]
fn locals_read_twice(bencher: Bencher, scale: usize) {
    bench(bencher, "locals_read_twice", scale);
}

#[divan::bench(args = SIZES)]
fn resources_read_twice(bencher: Bencher, scale: usize) {
    bench(bencher, "resources_read_twice", scale);
}

#[divan::bench(args = SIZES)]
fn doubling_strings(bencher: Bencher, scale: usize) {
    bench(bencher, "doubling_strings", scale);
}

#[divan::bench(args = SIZES)]
fn chained_splats(bencher: Bencher, scale: usize) {
    bench(bencher, "chained_splats", scale);
}

#[divan::bench(args = SIZES)]
fn distinct_strings(bencher: Bencher, scale: usize) {
    bench(bencher, "distinct_strings", scale);
}

#[divan::bench(args = SIZES)]
fn many_users(bencher: Bencher, scale: usize) {
    bench(bencher, "many_users", scale);
}

#[divan::bench(args = SIZES)]
fn for_each_users(bencher: Bencher, scale: usize) {
    bench(bencher, "for_each_users", scale);
}

#[divan::bench(args = SIZES)]
fn cloudformation_join(bencher: Bencher, scale: usize) {
    bench(bencher, "cloudformation_join", scale);
}

#[divan::bench(args = SIZES)]
fn plan_references(bencher: Bencher, scale: usize) {
    bench(bencher, "plan_references", scale);
}

#[divan::bench(args = SIZES)]
fn credential_report(bencher: Bencher, scale: usize) {
    bench(bencher, "credential_report", scale);
}

#[divan::bench(args = SIZES)]
fn cloudformation_for_each(bencher: Bencher, scale: usize) {
    bench(bencher, "cloudformation_for_each", scale);
}
