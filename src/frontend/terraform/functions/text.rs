//! `textencodebase64` and `textdecodebase64`: text in another character
//! encoding, as base64. The encodings evaluated are UTF-8, UTF-16 (BE, LE,
//! and with a byte order mark), ISO-8859-1 and US-ASCII, under every name
//! and alias Go's IANA index gives them; any other name is unknown (it may
//! name one of the dozens of other encodings Terraform knows, or none).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::encoding::go_base64;
use super::{Function, arity, string};
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] =
    &[("textdecodebase64", decode), ("textencodebase64", encode)];

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    /// UTF-16 big-endian; a byte order mark is written, and read if there.
    Utf16,
    Utf16Be,
    Utf16Le,
    Latin1,
    Ascii,
}

impl Encoding {
    /// Go's `ianaindex.IANA.Encoding`: spaces trimmed, case ignored.
    fn named(name: &str) -> Option<Encoding> {
        let name = name.trim().to_lowercase();
        Some(match name.as_str() {
            "utf-8" | "csutf8" => Encoding::Utf8,
            "utf-16" | "csutf16" => Encoding::Utf16,
            "utf-16be" | "csutf16be" => Encoding::Utf16Be,
            "utf-16le" | "csutf16le" => Encoding::Utf16Le,
            "iso_8859-1:1987" | "iso-ir-100" | "iso_8859-1" | "iso-8859-1" | "latin1" | "l1"
            | "ibm819" | "cp819" | "csisolatin1" => Encoding::Latin1,
            "us-ascii" | "iso-ir-6" | "ansi_x3.4-1968" | "ansi_x3.4-1986" | "iso_646.irv:1991"
            | "iso646-us" | "us" | "ibm367" | "cp367" | "csascii" => Encoding::Ascii,
            _ => return None,
        })
    }

    /// The IANA name, as Terraform's messages give it.
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 => "UTF-16",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Ascii => "US-ASCII",
        }
    }
}

fn encode(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let text = string(&args[0])?;
    let Some(encoding) = Encoding::named(&string(&args[1])?) else {
        return Ok(Value::UNKNOWN);
    };
    let units = |big: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    let narrow = |max: u32| -> Option<Vec<u8>> {
        text.chars()
            .map(|c| {
                u8::try_from(u32::from(c))
                    .ok()
                    .filter(|b| u32::from(*b) <= max)
            })
            .collect()
    };
    let bytes = match encoding {
        Encoding::Utf8 => Some(text.as_bytes().to_vec()),
        Encoding::Utf16 => Some([[0xfe, 0xff].as_slice(), &units(true)].concat()),
        Encoding::Utf16Be => Some(units(true)),
        Encoding::Utf16Le => Some(units(false)),
        Encoding::Latin1 => narrow(0xff),
        Encoding::Ascii => narrow(0x7f),
    };
    let bytes = bytes.ok_or_else(|| {
        format!(
            "the given string contains characters that cannot be represented in {}",
            encoding.name()
        )
    })?;
    Ok(Value::string(BASE64.encode(bytes)))
}

fn decode(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let source = string(&args[0])?;
    let Some(encoding) = Encoding::named(&string(&args[1])?) else {
        return Ok(Value::UNKNOWN);
    };
    let bytes = go_base64(&source).ok_or("the given value has invalid base64 data")?;
    // Terraform refuses text with any replacement character in it, which
    // is what its decoders put in place of what does not decode.
    decode_bytes(&bytes, encoding)
        .filter(|text| !text.contains('\u{fffd}'))
        .map(Value::string)
        .ok_or_else(|| {
            format!(
                "the given string contains symbols that are not defined for {}",
                encoding.name()
            )
        })
}

fn decode_bytes(bytes: &[u8], encoding: Encoding) -> Option<String> {
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).ok(),
        Encoding::Utf16 => match bytes {
            [0xfe, 0xff, rest @ ..] => utf16(rest, true),
            [0xff, 0xfe, rest @ ..] => utf16(rest, false),
            _ => utf16(bytes, true),
        },
        Encoding::Utf16Be => utf16(bytes, true),
        Encoding::Utf16Le => utf16(bytes, false),
        Encoding::Latin1 => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        Encoding::Ascii => bytes
            .iter()
            .map(|b| b.is_ascii().then_some(char::from(*b)))
            .collect(),
    }
}

/// Strict UTF-16: an odd byte or an unpaired surrogate fails.
fn utf16(bytes: &[u8], big: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|p| {
        let pair = [p[0], p[1]];
        if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}
