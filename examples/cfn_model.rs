//! keylint's side of the differential test against cfn-lint
//! (`scripts/cfn-yaml-differential.sh`): reads each CloudFormation template
//! given (YAML or JSON) with keylint's own front-end and prints one JSON line
//! per file: whether it parsed, the error, and the IAM facts keylint drew
//! from it (declarations, access keys with user and status, login profiles,
//! what was left unresolved). Positions are left out, so that a YAML
//! template and the JSON that cfn-lint decoded it to can be compared.
//!
//! ```sh
//! cargo run --example cfn_model -- testdata/cfn-yaml-short-tags/template.yaml
//! ```

use keylint::error::read_text;
use keylint::frontend::cloudformation::{CfnOptions, analyse};
use keylint::model::Model;
use keylint::source::SourceFile;
use serde_json::{Value, json};

fn facts(model: &Model) -> Value {
    let mut declarations: Vec<String> = model
        .declarations
        .iter()
        .map(|d| format!("{} {:?}", d.address, d.kind))
        .collect();
    let mut keys: Vec<String> = model
        .access_keys
        .iter()
        .map(|k| {
            let address = model.instance_address(k.decl, k.instance.as_deref());
            let status = if k.active { "Active" } else { "Inactive" };
            format!("{address} user={} {status}", k.user.key)
        })
        .collect();
    let mut profiles: Vec<String> = model
        .login_profiles
        .iter()
        .map(|p| {
            let address = model.instance_address(p.decl, p.instance.as_deref());
            format!("{address} user={}", p.user.key)
        })
        .collect();
    let mut unresolved: Vec<String> = model
        .unresolved
        .iter()
        .map(|u| format!("{}: {}", u.address, u.reason))
        .collect();
    for list in [&mut declarations, &mut keys, &mut profiles, &mut unresolved] {
        list.sort();
    }
    json!({
        "declarations": declarations,
        "keys": keys,
        "profiles": profiles,
        "unresolved": unresolved,
    })
}

fn main() {
    for path in std::env::args().skip(1) {
        let read = read_text(&path.clone().into(), &path, u64::MAX);
        let result = read.and_then(|text| {
            let source = SourceFile::new(path.clone().into(), path.clone(), text);
            analyse(&source, &CfnOptions::default())
        });
        let line = match result {
            Ok(Some(model)) => json!({"file": path, "ok": true, "template": true,
                "facts": facts(&model)}),
            Ok(None) => json!({"file": path, "ok": true, "template": false}),
            Err(e) => {
                let (line, column) = e.position.map_or((0, 0), |p| (p.line, p.column));
                json!({"file": path, "ok": false,
                    "error": format!("{line}:{column}: {}", e.message)})
            }
        };
        println!("{line}");
    }
}
