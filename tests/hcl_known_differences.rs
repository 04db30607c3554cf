//! keylint's behaviour on the inputs where its HCL front-end (hcl-edit)
//! knowingly differs from HashiCorp's HCL: one test per line of
//! `scripts/hcl-differential-known.tsv`, on the same file under `tests/hcl/`.
//! `scripts/hcl-differential.sh` runs both parsers on every file there.

use std::path::{Path, PathBuf};

use keylint::frontend::terraform::config::{load_module, parse_hcl_body};
use keylint::source::{Source, SourceFile};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hcl")
        .join(name)
}

fn source(name: &str) -> Source {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    SourceFile::new(path, name.into(), text)
}

/// HCL counts columns in grapheme clusters (`e` + U+0301, `👍🏽`, `🇩🇪` and
/// `👨‍👩‍👧` are one column each); keylint counts Unicode scalar values, as
/// `src/source.rs` documents and as SARIF's `unicodeCodePoints` does. Block
/// spans therefore end further right on lines holding such clusters.
#[test]
fn columns_count_scalar_values_not_grapheme_clusters() {
    for (name, line, hcl_end, keylint_end) in [
        // `a { x = "é👍🏽" }`: 👍🏽 is two scalar values.
        ("grapheme-one-line-block.tf", 0, 15, 16),
        // `locals { a = "é" }` with `e` + U+0301.
        ("grapheme-clusters.tf", 0, 19, 20),
    ] {
        let source = source(name);
        let body = parse_hcl_body(&source).expect("parses");
        let block = body.blocks().next().expect("a block");
        let span = hcl_edit::Span::span(block).expect("span");
        let (start, end) = source.range(&span);
        assert_eq!((start.line, start.column), (line + 1, 1), "{name}");
        assert_eq!(end.column, keylint_end, "{name}: HCL says {hcl_end}");
        let text = source.text.lines().nth(line).unwrap();
        assert_eq!(end.column, text.trim_end().chars().count() + 1, "{name}");
    }
}

/// Provider-defined functions (`provider::aws::arn_parse(...)`) came with
/// HCL 2.20 and Terraform 1.8; Debian's HCL (2.14) predates them and rejects
/// the file. keylint must read such modules.
#[test]
fn provider_defined_functions_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("provider-function.tf"), dir.path().join("main.tf")).unwrap();
    let (config, errors) = load_module(dir.path(), ".", keylint::error::DEFAULT_MAX_FILE_SIZE);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.resources.len(), 1);
    assert!(
        config.locals["arn"]
            .text()
            .starts_with("provider::aws::arn_parse(")
    );
}

/// `a.b.0.1`: HCL scans `0.1` as one number and rejects chained legacy
/// indexes; hcl-edit reads two indexes. keylint is the more lenient, which
/// costs nothing: `terraform validate` rejects the file anyway.
#[test]
fn chained_legacy_indexes_are_accepted() {
    assert!(parse_hcl_body(&source("legacy-index-chain.tf")).is_ok());
}

/// `1e400` is beyond `f64`: HCL keeps arbitrary-precision numbers, hcl-edit
/// cannot read it as a float, falls back to the integer `1` and then fails on
/// `e400`. keylint reports the file as invalid HCL there (and lints the
/// module's other files) instead of reading it; no real configuration needs
/// such a number, and the fix belongs in hcl-edit.
#[test]
fn numbers_beyond_f64_are_rejected_at_the_number() {
    let err = parse_hcl_body(&source("number-beyond-f64.tf")).unwrap_err();
    let pos = err.position.expect("position");
    assert_eq!((pos.line, pos.column), (3, 8), "{}", err.message);
    assert!(err.message.starts_with("invalid HCL"));
}
