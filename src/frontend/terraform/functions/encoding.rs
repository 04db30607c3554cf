//! Encoding and hashing functions: base64, JSON, URL encoding, digests,
//! name-based UUIDs.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use md5::Digest as _;

use super::{Function, arity, string};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::value::{Number, Value};

pub(super) const TABLE: &[(&str, Function)] = &[
    ("base64decode", base64decode),
    ("base64encode", |a| text(a, |s| BASE64.encode(s))),
    ("base64sha256", |a| {
        text(a, |s| BASE64.encode(sha2::Sha256::digest(s)))
    }),
    ("base64sha512", |a| {
        text(a, |s| BASE64.encode(sha2::Sha512::digest(s)))
    }),
    ("jsondecode", jsondecode),
    ("jsonencode", jsonencode),
    ("md5", |a| text(a, |s| hex(&md5::Md5::digest(s)))),
    ("sha1", |a| text(a, |s| hex(&sha1::Sha1::digest(s)))),
    ("sha256", |a| text(a, |s| hex(&sha2::Sha256::digest(s)))),
    ("sha512", |a| text(a, |s| hex(&sha2::Sha512::digest(s)))),
    ("urlencode", |a| text(a, urlencode)),
    ("uuidv5", uuidv5),
];

/// Deepest JSON `jsondecode` reads (the text comes from untrusted files).
const MAX_JSON_DEPTH: usize = 128;

fn text(args: &[Value], f: fn(&str) -> String) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::string(f(&string(&args[0])?)))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn base64decode(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let text = string(&args[0])?;
    let bytes = go_base64(&text).ok_or_else(|| format!("failed to decode base64 data {text:?}"))?;
    String::from_utf8(bytes)
        .map(Value::string)
        .map_err(|_| "the result of decoding the provided string is not valid UTF-8".into())
}

/// Go's `base64.StdEncoding.DecodeString`: line breaks are skipped,
/// padding is required, and the unused bits of the last character may be
/// anything.
pub(super) fn go_base64(text: &str) -> Option<Vec<u8>> {
    const GO: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    let compact: Vec<u8> = text
        .bytes()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    GO.decode(compact).ok()
}

/// `uuidv5(namespace, name)`: a name-based (SHA-1) UUID in a namespace
/// given by name (`dns`, `url`, `oid`, `x500`) or as a UUID, read as
/// Go's `uuid.Parse` reads it.
fn uuidv5(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let namespace = string(&args[0])?;
    let id = match &*namespace {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        text => {
            go_uuid(text).map_err(|e| format!("uuidv5() doesn't support namespace {text} ({e})"))?
        }
    };
    let name = string(&args[1])?;
    Ok(Value::string(
        uuid::Uuid::new_v5(&id, name.as_bytes())
            .hyphenated()
            .to_string(),
    ))
}

/// Go's `uuid.Parse`: 32 hex digits, or 36 with hyphens, optionally after
/// `urn:uuid:` (any case) or between two characters that are not checked.
fn go_uuid(text: &str) -> Result<uuid::Uuid, String> {
    let b = text.as_bytes();
    let invalid = || "invalid UUID format".to_owned();
    let hex = |i: usize| -> Result<u8, String> {
        let digit = |c: u8| char::from(c).to_digit(16);
        match (digit(b[i]), digit(b[i + 1])) {
            (Some(h), Some(l)) => Ok((h * 16 + l) as u8),
            _ => Err(invalid()),
        }
    };
    let mut out = [0u8; 16];
    let start = match b.len() {
        32 => {
            for (i, byte) in out.iter_mut().enumerate() {
                *byte = hex(i * 2)?;
            }
            return Ok(uuid::Uuid::from_bytes(out));
        }
        36 => 0,
        38 => 1,
        45 if b[..9].eq_ignore_ascii_case(b"urn:uuid:") => 9,
        45 => {
            return Err(format!(
                "invalid urn prefix: {:?}",
                String::from_utf8_lossy(&b[..9])
            ));
        }
        n => return Err(format!("invalid UUID length: {n}")),
    };
    if [8, 13, 18, 23].iter().any(|i| b[start + i] != b'-') {
        return Err(invalid());
    }
    let offsets = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
    for (byte, offset) in out.iter_mut().zip(offsets) {
        *byte = hex(start + offset)?;
    }
    Ok(uuid::Uuid::from_bytes(out))
}

/// Go's `url.QueryEscape`: unreserved characters stay, a space becomes `+`,
/// every other byte is `%XX`.
fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

fn jsondecode(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let text = string(&args[0])?;
    let parsed: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))?;
    from_json(&parsed, 0)
}

fn from_json(v: &serde_json::Value, depth: usize) -> Result<Value, String> {
    if depth > MAX_JSON_DEPTH {
        // Terraform reads it; keylint bounds its work.
        return Ok(Value::UNKNOWN);
    }
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        // Whole numbers are exact; others come as the nearest 64-bit float,
        // whose shortest text reads back as the number that was written.
        serde_json::Value::Number(n) => {
            Number::parse(&n.to_string()).map_or(Value::UNKNOWN, Value::Number)
        }
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(items) => Value::list(
            items
                .iter()
                .map(|i| from_json(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(entries) => Value::map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), from_json(v, depth + 1)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

fn jsonencode(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let mut out = String::new();
    to_json(&args[0], &mut out)?;
    Ok(Value::string(out))
}

/// JSON as Terraform writes it: keys sorted, no spaces, and `<`, `>`, `&`,
/// U+2028 and U+2029 escaped (Go's HTML-safe encoding).
pub(super) fn to_json(v: &Value, out: &mut String) -> Result<(), String> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => json_string(s, out),
        Value::List(items) | Value::Set(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                too_long(out)?;
                to_json(item, out)?;
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                too_long(out)?;
                json_string(k, out);
                out.push(':');
                to_json(item, out)?;
            }
            out.push('}');
        }
        other => return Err(format!("cannot encode a {}", other.type_name())),
    }
    Ok(())
}

/// Stops an encoding that passed the longest string: a list may hold one
/// shared value many times, so the text can be far larger than the values.
fn too_long(out: &str) -> Result<(), String> {
    if budget::room_for_string(out.len()) {
        Ok(())
    } else {
        Err("the encoding is too long".into())
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
