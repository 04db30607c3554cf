//! What the fuzz targets share.

pub mod arb;
pub mod gen_cfn;
pub mod gen_tf;

use std::path::{Path, PathBuf};

use keylint::frontend::{FileText, analyse_with};
use keylint::lint::{LintOptions, lint};
use keylint::outcome::Outcome;
use keylint::report::{Format, ReportOptions, human, summary};

/// Bytes → one front-end's analysis of a file named `name`, with no
/// discovery and no recognition step: every input reaches the parser. The
/// file sits in a directory that does not exist, so nothing beside it is
/// read. Bytes that are not UTF-8 are left out: `read_text` rejects them
/// before any front-end sees them.
pub fn frontend(frontend: &str, name: &str, data: &[u8]) {
    let Ok(text) = String::from_utf8(data.to_vec()) else {
        return;
    };
    let file = FileText {
        path: format!("/nonexistent-keylint-fuzz/{name}").into(),
        name: name.to_owned(),
        text,
    };
    let _ = analyse_with(frontend, file);
}

/// Renders `result` in every output format (human with and without
/// colour), the `--verbose` notes and the job summary, paths shown from
/// `base`.
pub fn report_everything(result: &Outcome, base: &Path) {
    for color in [true, false] {
        let options = ReportOptions {
            color,
            width: 80,
            summary: true,
            base: Some(base.to_path_buf()),
        };
        for format in Format::all() {
            let _ = format.reporter().render(result, &options);
        }
    }
    let mut notes = String::new();
    human::render_notes(result, &mut notes);
    let _ = summary::markdown(result, Some(base), &|_| None);
}

/// Set to print every generated program on stderr before it is linted.
pub const PRINT_ENV: &str = "KEYLINT_FUZZ_PRINT";

/// Writes `files` (paths relative to the directory, and their text) into
/// this process's scratch directory `keylint-fuzz-<tag>-<pid>` under the
/// temporary directory, emptied first, then lints that directory as the
/// command line would and renders the outcome in every format. `None` when
/// the files could not be written.
pub fn lint_files(tag: &str, files: &[(String, String)]) -> Option<Outcome> {
    let dir = std::env::temp_dir().join(format!("keylint-fuzz-{tag}-{}", std::process::id()));
    write_files(&dir, files).ok()?;
    if std::env::var_os(PRINT_ENV).is_some() {
        for (path, text) in files {
            eprintln!("==> {path} <==\n{text}");
        }
    }
    let options = LintOptions {
        paths: vec![dir.clone()],
        ..Default::default()
    };
    let result = lint(&options);
    report_everything(&result, &dir);
    Some(result)
}

/// Replaces the contents of `dir` with `files`.
fn write_files(dir: &PathBuf, files: &[(String, String)]) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::create_dir_all(dir)?;
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
