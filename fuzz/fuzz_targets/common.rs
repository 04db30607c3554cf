//! What the fuzz targets share.

use keylint::frontend::{FileText, analyse_with};

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
