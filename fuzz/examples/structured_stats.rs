//! How the structure-aware generators fare: draws programs from random
//! bytes (or from the files of a corpus directory), lints each as the fuzz
//! target does, and counts the outcomes: no error, an error (by message),
//! the analysis budget spent, findings.
//!
//! usage: cargo run --release --example structured_stats -- tf|cfn [COUNT|DIR] [PRINT]
//!   COUNT  random inputs (default 2000), of 0 to 16 KiB
//!   DIR    a corpus: one input per file
//!   PRINT  print the first PRINT programs on stderr (default 0)
//!
//! The input being linted is kept in `$TMPDIR/keylint-fuzz-stats-<target>-last`,
//! so an input that kills the process (out of memory) can be replayed.

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use keylint_fuzz::{gen_cfn, gen_tf, lint_files};

/// A splitmix64 generator: reproducible random bytes without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The inputs: random buffers, or the files of a directory.
fn inputs(source: &str) -> Vec<Vec<u8>> {
    if let Ok(count) = source.parse::<usize>() {
        let mut rng = Rng(0x5eed);
        return (0..count)
            .map(|_| {
                let len = (rng.next() % 16384) as usize;
                (0..len).map(|_| rng.next() as u8).collect()
            })
            .collect();
    }
    let mut files: Vec<_> = std::fs::read_dir(source)
        .expect("a corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files.iter().filter_map(|f| std::fs::read(f).ok()).collect()
}

/// An error message without its numbers and names, to group alike ones.
fn shape(message: &str) -> String {
    let mut out: String = message.chars().take(60).collect();
    out.retain(|c| !c.is_ascii_digit());
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let target = args.first().map(String::as_str).unwrap_or("tf");
    let source = args.get(1).map(String::as_str).unwrap_or("2000");
    let print: usize = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let (mut total, mut clean, mut budget, mut findings, mut unresolved) = (0, 0, 0, 0, 0);
    let mut messages: BTreeMap<String, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let last = std::env::temp_dir().join(format!("keylint-fuzz-stats-{target}-last"));
    for (i, data) in inputs(source).iter().enumerate() {
        // Left behind if an input kills the process: its reproducer.
        let _ = std::fs::write(&last, data);
        let u = Unstructured::new(data);
        let files = match target {
            "tf" => gen_tf::render(&gen_tf::Program::arbitrary_take_rest(u).expect("a program")),
            _ => gen_cfn::render(&gen_cfn::Program::arbitrary_take_rest(u).expect("a program")),
        };
        if i < print {
            for (path, text) in &files {
                eprintln!("==> #{i} {path} <==\n{text}");
            }
        }
        let Some(outcome) = lint_files(target, &files) else {
            continue;
        };
        total += 1;
        clean += usize::from(outcome.errors.is_empty());
        budget += usize::from(
            outcome
                .errors
                .iter()
                .any(|e| e.message.contains("analysis budget")),
        );
        findings += usize::from(!outcome.findings.is_empty());
        unresolved += usize::from(!outcome.unresolved.is_empty());
        for e in &outcome.errors {
            *messages.entry(shape(&e.message)).or_default() += 1;
        }
        for u in &outcome.unresolved {
            *reasons.entry(shape(&u.reason)).or_default() += 1;
        }
        if i < print {
            for f in &outcome.findings {
                eprintln!("-- finding {}: {}", f.rule.id, f.message);
            }
            for e in &outcome.errors {
                eprintln!("-- error: {}", e.message);
            }
            for u in &outcome.unresolved {
                eprintln!("-- unresolved {}: {}", u.address, u.reason);
            }
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!("{target}: {total} programs");
    println!("  no error        {clean:6} ({:.1}%)", pct(clean));
    println!("  budget spent    {budget:6} ({:.1}%)", pct(budget));
    println!("  findings        {findings:6} ({:.1}%)", pct(findings));
    println!("  unresolved      {unresolved:6} ({:.1}%)", pct(unresolved));
    for (title, counts) in [("errors", messages), ("unresolved reasons", reasons)] {
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        println!("  most frequent {title}:");
        for (message, n) in counts.iter().take(12) {
            println!("    {n:6}  {message}");
        }
    }
}
