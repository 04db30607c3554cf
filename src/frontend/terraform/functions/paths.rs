//! `basename` and `dirname`: Go's `filepath.Base` and `filepath.Dir` as
//! Terraform runs them on Linux and macOS (`/` separates; on Windows `\`
//! would too, and `dirname` would answer with backslashes). `abspath` and
//! `pathexpand` depend on the machine and are not evaluated.

use super::{Function, arity, string};
use crate::frontend::terraform::value::Value;
use crate::paths::clean_slashed;

pub(super) const TABLE: &[(&str, Function)] = &[
    ("basename", |a| path(a, basename)),
    ("dirname", |a| path(a, dirname)),
];

fn path(args: &[Value], f: fn(&str) -> String) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::string(f(&string(&args[0])?)))
}

/// `filepath.Base`: the last element, trailing slashes aside.
fn basename(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_owned(),
        None => trimmed.to_owned(),
    }
}

/// `filepath.Dir`: everything before the last element, cleaned.
fn dirname(path: &str) -> String {
    let end = path.rfind('/').map_or(0, |i| i + 1);
    clean_slashed(&path[..end])
}
