//! Masks secrets in text that is shown to people.
//!
//! Diagnostics quote IaC snippets, and a template may hold a literal
//! `Password: hunter2` next to the line being labelled. Before any snippet is
//! shown, the values of sensitive keys (`password`, `secret`, `token`,
//! `private_key`, ...) are replaced by `*`, byte for byte, so every span and
//! line stays where it was. References (`!Ref Password`, `var.password`,
//! `{"Ref": ...}`) are not secrets and stay visible.

/// Key names whose literal values are never shown (matched case-insensitively,
/// ignoring `_` and `-`).
const SENSITIVE: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "privatekey",
    "apikey",
];

/// Returns `text` with sensitive literal values masked, or `None` when there
/// is nothing to mask (the common case: no copy is made).
pub fn redact(text: &str) -> Option<String> {
    let mut out: Option<Vec<u8>> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let ranges = secret_value(line)
            .into_iter()
            .chain(json_secret_values(line));
        for range in ranges {
            let buf = out.get_or_insert_with(|| text.as_bytes().to_vec());
            for b in &mut buf[line_start + range.start..line_start + range.end] {
                *b = b'*';
            }
        }
        line_start += line.len();
    }
    // Only whole UTF-8 sequences inside a value are replaced, so the result is
    // still valid UTF-8; fall back to not showing the text at all otherwise.
    out.map(|bytes| String::from_utf8(bytes).unwrap_or_else(|e| "*".repeat(e.into_bytes().len())))
}

/// `redacted` (the redacted `text`, or empty when nothing was redacted)
/// with the characters in `ranges` masked too; `None` when nothing was
/// masked at all.
pub fn mask(redacted: String, text: &str, ranges: &[std::ops::Range<usize>]) -> Option<String> {
    let mut out = match (redacted.is_empty(), ranges.is_empty()) {
        (true, true) => return None,
        (true, false) => text.to_owned(),
        (false, _) => redacted,
    };
    for range in ranges {
        let (start, end) = (range.start.min(out.len()), range.end.min(out.len()));
        if start >= end || !out.is_char_boundary(start) || !out.is_char_boundary(end) {
            continue;
        }
        let stars = "*".repeat(end - start);
        out.replace_range(start..end, &stars);
    }
    Some(out)
}

/// The byte range of a sensitive literal value on one line, if any.
fn secret_value(line: &str) -> Option<std::ops::Range<usize>> {
    let (key, sep_end) = key_and_separator(line)?;
    if !is_sensitive(key) {
        return None;
    }
    let rest = &line[sep_end..];
    let value_start = sep_end + (rest.len() - rest.trim_start().len());
    let value = line[value_start..].trim_end_matches(['\n', '\r']);
    let quote = value.chars().next()?;
    match quote {
        '"' | '\'' => {
            let body = &value[1..];
            let mut escaped = false;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    let closes = c == quote && !escaped;
                    escaped = c == '\\' && !escaped;
                    closes
                })
                .map_or(body.len(), |(i, _)| i);
            Some(value_start + 1..value_start + 1 + end)
        }
        // References, objects, lists, block scalars: not literal secrets.
        '!' | '{' | '[' | '$' | '|' | '>' | '&' | '*' => None,
        // A reference or call (`var.password`, `random_password.p.result`);
        // anything else unquoted (a broken file) is masked like a literal.
        _ if key_was_hcl(line) && (value.contains('.') || value.contains('(')) => None,
        _ => {
            // A YAML plain scalar: up to a trailing comment.
            let end = value.find(" #").unwrap_or(value.len());
            let trimmed = value[..end].trim_end().len();
            // A JSON key's bare value ends at the next `,`, `}` or `]`.
            let json_key = line.trim_start_matches([' ', '\t', '-']).starts_with('"');
            let bare = match json_key {
                true => value[..trimmed].split([',', '}', ']']).next().unwrap_or(""),
                false => &value[..trimmed],
            };
            let plain = plainly_not_secret(key, bare.trim_end());
            (trimmed > 0 && !plain).then(|| value_start..value_start + trimmed)
        }
    }
}

/// Finds `key =`, `key:` or `"key":` at the start of a line (after spaces or
/// a YAML list dash). Returns the key and the offset just past the separator.
fn key_and_separator(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t', '-']).len();
    let rest = &line[indent..];
    let (key, after_key) = if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], indent + 1 + end + 1)
    } else {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        (&rest[..end], indent + end)
    };
    if key.is_empty() {
        return None;
    }
    let after = &line[after_key..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    let sep = after[gap..].chars().next()?;
    // `==` is a comparison, not an assignment.
    if sep == ':' || (sep == '=' && !after[gap..].starts_with("==")) {
        Some((key, after_key + gap + 1))
    } else {
        None
    }
}

/// The values of sensitive `"key":` pairs anywhere on a line: minified JSON
/// holds a whole template on one line. Quoted values are masked inside the
/// quotes; bare ones (numbers, or a broken file's stray token) up to the
/// next `,`, `}`, `]` or space.
fn json_secret_values(line: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = line.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    // Walks the line string by string, so that `:` inside a value is skipped.
    while let Some(open) = memchr::memchr(b'"', &bytes[i..]).map(|o| i + o) {
        let Some(close) = string_end(bytes, open + 1) else {
            break;
        };
        i = close + 1;
        let after = &line[close + 1..];
        let gap = after.len() - after.trim_start().len();
        if !after[gap..].starts_with(':') || !is_sensitive(&line[open + 1..close]) {
            continue;
        }
        let rest = &after[gap + 1..];
        let start = close + 1 + gap + 1 + (rest.len() - rest.trim_start().len());
        let value = &line[start..];
        let range = if value.starts_with('"') {
            let end = string_end(bytes, start + 1).unwrap_or(line.trim_end().len());
            start + 1..end
        } else if value.starts_with(['{', '[']) {
            continue;
        } else {
            let len = value
                .find([',', '}', ']', ' ', '\t', '\r', '\n'])
                .unwrap_or(value.len());
            if plainly_not_secret(&line[open + 1..close], &value[..len]) {
                continue;
            }
            start..start + len
        };
        // Past the value, and past a closing quote.
        i = i.max(range.end + usize::from(bytes.get(range.end) == Some(&b'"')));
        ranges.push(range);
    }
    ranges
}

/// The index of the `"` closing a JSON string whose body starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 2,
            b'"' => return Some(k),
            _ => k += 1,
        }
    }
    None
}

/// Whether an unquoted value of a sensitive-sounding key is plainly not a
/// secret: a boolean or null (`password_reset_required = true`), or a
/// number under a key that names a measure (`minimum_password_length: 14`,
/// `max_password_age`). A bare number under `Password` is still masked.
fn plainly_not_secret(key: &str, value: &str) -> bool {
    const MEASURES: &[&str] = &[
        "length",
        "age",
        "reuse",
        "prevention",
        "days",
        "count",
        "size",
        "min",
        "max",
    ];
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
    ) {
        return true;
    }
    let key = key.to_ascii_lowercase();
    value.parse::<f64>().is_ok() && MEASURES.iter().any(|m| key.contains(m))
}

fn key_was_hcl(line: &str) -> bool {
    key_and_separator(line).is_some_and(|(_, end)| line[..end].ends_with('='))
}

fn is_sensitive(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SENSITIVE.iter().any(|s| folded.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_literal_secrets_in_every_syntax() {
        let text = "a: 1\n  Password: hunter2 # note\n  \"client_secret\": \"s3cr\\\"et\",\n  master_password = \"pw\"\n";
        let shown = redact(text).unwrap();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("s3cr"), "{shown}");
        assert!(!shown.contains("\"pw\""), "{shown}");
        assert!(shown.contains("# note"));
        assert_eq!(shown.len(), text.len());
    }

    #[test]
    fn keeps_references_and_unrelated_keys() {
        let text = "Password: !Ref Password\npassword = var.password\n\"Password\": {\"Ref\": \"P\"}\nuser = \"bob\"\nresource \"aws_iam_access_key\" \"k\" {\n";
        assert_eq!(redact(text), None);
    }

    #[test]
    fn masks_secrets_in_minified_json_and_broken_files() {
        let text = "{\"a\":\"x:y\",\"Password\":\"p\\\"w\",\"b\":1,\"api_key\": 12345, \"Token\": Stray-Token}\n";
        let shown = redact(text).unwrap();
        assert_eq!(
            shown,
            "{\"a\":\"x:y\",\"Password\":\"****\",\"b\":1,\"api_key\": *****, \"Token\": ***********}\n"
        );
        let hcl = "  password = Hunter2-oops\"\n  password = var.password\n";
        assert_eq!(
            redact(hcl).unwrap(),
            "  password = *************\n  password = var.password\n"
        );
    }

    #[test]
    fn booleans_and_measures_are_not_secrets() {
        let text = "password_reset_required = true\nminimum_password_length: 14\n\"MaxPasswordAge\": 90, \"RequireSymbols\": false\nPasswordResetRequired: False\n";
        assert_eq!(redact(text), None);
        // A bare number where a secret goes is still masked.
        let shown = redact("Password: 123456\n{\"api_key\": 12345}\n").unwrap();
        assert_eq!(shown, "Password: ******\n{\"api_key\": *****}\n");
    }

    #[test]
    fn multibyte_secrets_keep_their_byte_length() {
        let text = "Password: \"pässwörd\"\nnext: 1\n";
        let shown = redact(text).unwrap();
        assert_eq!(shown.len(), text.len());
        assert!(shown.ends_with("next: 1\n"));
        assert!(!shown.contains("pä"));
    }
}
