//! keylint's side of the differential test against HashiCorp's HCL
//! (`scripts/hcl-differential.sh`): parses each `.tf` file given with
//! keylint's own front-end (`parse_hcl_body`, hcl-edit) and prints one JSON
//! line per file in the shape `scripts/hcl-oracle` prints: whether it parsed,
//! the error, and the span of every top-level block and of the blocks
//! directly inside them, as keylint reports them (`SourceFile::range`:
//! 1-based lines, columns in characters, the end one past the last one).
//!
//! ```sh
//! cargo run --example hcl_blocks -- testdata/tf-count/main.tf
//! ```

use hcl_edit::Span;
use hcl_edit::structure::{Body, Structure};
use keylint::frontend::terraform::config::parse_hcl_body;
use keylint::source::{Source, SourceFile};
use serde_json::{Value, json};

fn blocks(body: &Body, source: &Source, depth: usize, out: &mut Vec<Value>) {
    for structure in body.iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let (start, end) = source.range(&block.span().unwrap_or(0..0));
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        out.push(json!({
            "type": block.ident.as_str(),
            "labels": labels,
            "depth": depth,
            "start": [start.line, start.column],
            "end": [end.line, end.column],
        }));
        if depth == 0 {
            blocks(&block.body, source, 1, out);
        }
    }
}

fn main() {
    let mut status = 0;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                let line = json!({"file": path, "ok": false, "errors": [
                    {"line": 0, "column": 0, "message": "not UTF-8"}], "blocks": []});
                println!("{line}");
                continue;
            }
            Err(e) => {
                eprintln!("hcl_blocks: {path}: {e}");
                status = 1;
                continue;
            }
        };
        let source = SourceFile::new(path.clone().into(), path.clone(), text);
        let mut out = Vec::new();
        let (ok, errors) = match parse_hcl_body(&source) {
            Ok(body) => {
                blocks(&body, &source, 0, &mut out);
                (true, vec![])
            }
            Err(e) => {
                let (line, column) = e.position.map_or((0, 0), |p| (p.line, p.column));
                (
                    false,
                    vec![json!({"line": line, "column": column, "message": e.message})],
                )
            }
        };
        let line = json!({"file": path, "ok": ok, "errors": errors, "blocks": out});
        println!("{line}");
    }
    std::process::exit(status);
}
