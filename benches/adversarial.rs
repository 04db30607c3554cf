//! Hostile inputs at 1x, 2x and 4x their size: the time of each family
//! must grow linearly (or stay flat once the analysis budget stops it),
//! never exponentially. `cargo bench --bench adversarial`; memory is
//! measured whole-process in `scripts/bench.sh`-style runs (README,
//! Reliability).

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

fn terraform(bencher: Bencher, text: String) {
    let source = source("main.tf", text);
    let options = TerraformOptions::default();
    bencher.bench(|| analyse_source(&source, &options));
}

/// Locals that each read the previous one twice: memoised, so n
/// evaluations, not 2^n.
#[divan::bench(args = SIZES)]
fn locals_read_twice(bencher: Bencher, scale: usize) {
    let n = 1000 * scale;
    let mut text = String::from("locals {\n  l0 = \"abcde\"\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "  l{i} = substr(\"${{local.l{p}}}${{local.l{p}}}\", 0, 5)\n"
        ));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = local.l{}\n}}\n",
        n - 1
    ));
    terraform(bencher, text);
}

/// Resources that each read the previous one's name twice.
#[divan::bench(args = SIZES)]
fn resources_read_twice(bencher: Bencher, scale: usize) {
    let n = 40 * scale;
    let mut text = String::from("resource \"aws_iam_user\" \"u0\" {\n  name = \"abcde\"\n}\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "resource \"aws_iam_user\" \"u{i}\" {{\n  name = substr(\"${{aws_iam_user.u{p}.name}}${{aws_iam_user.u{p}.name}}\", 0, 5)\n}}\n"
        ));
    }
    terraform(bencher, text);
}

/// Strings that double: stopped by the budget at 1 MiB whatever the length
/// of the chain.
#[divan::bench(args = SIZES)]
fn doubling_strings(bencher: Bencher, scale: usize) {
    let n = 40 * scale;
    let mut text = String::from("locals {\n  p0 = \"a,b\"\n");
    for i in 1..n {
        let p = i - 1;
        text.push_str(&format!(
            "  p{i} = join(local.p{p}, split(\",\", local.p{p}))\n"
        ));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = substr(local.p{}, 0, 3)\n}}\n",
        n - 1
    ));
    terraform(bencher, text);
}

/// Chained splats: stopped by the nesting limit.
#[divan::bench(args = SIZES)]
fn chained_splats(bencher: Bencher, scale: usize) {
    let text = format!(
        "locals {{\n  x = [{{ a = 1 }}]\n}}\nresource \"aws_iam_access_key\" \"k\" {{\n  user = local.x{}\n}}\n",
        "[*]".repeat(25_000 * scale)
    );
    terraform(bencher, text);
}

/// Many users with keys and login profiles: KL001's join is by hash.
#[divan::bench(args = SIZES)]
fn many_users(bencher: Bencher, scale: usize) {
    let mut text = String::new();
    for i in 0..5_000 * scale {
        text.push_str(&format!(
            "resource \"aws_iam_access_key\" \"k{i}\" {{\n  user = \"u{i}\"\n}}\nresource \"aws_iam_user_login_profile\" \"p{i}\" {{\n  user = \"u{i}\"\n}}\n"
        ));
    }
    terraform(bencher, text);
}

/// CloudFormation `Fn::Join` with a long delimiter between many items:
/// refused before it is built.
#[divan::bench(args = SIZES)]
fn cloudformation_join(bencher: Bencher, scale: usize) {
    let text = format!(
        "Parameters:\n  P:\n    Type: String\n    Default: \"{}\"\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Join [!Ref P, !Split [\",\", !Ref P]]\n",
        ",".repeat(150_000 * scale)
    );
    let source = source("template.yaml", text);
    let options = CfnOptions::default();
    bencher.bench(|| cloudformation::analyse(&source, &options));
}
