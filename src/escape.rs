//! Escaping of everything that comes from input (file names, resource and
//! user names, parser messages) for each place output goes: a terminal, a
//! GitHub workflow command, a Markdown table cell. One place, so that no
//! reporter forgets a character.

use std::fmt::Write as _;

/// Characters that input must not put on a terminal or into a log as they
/// are: control characters (ESC starts colour codes, CR rewrites a line) and
/// bidirectional overrides (they reorder what is shown).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `\u{1b}`: how an unsafe character is shown when nothing shorter applies.
fn push_unicode_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Copies `text`, letting `special` write the characters it handles.
fn escape_with(text: &str, special: impl Fn(char, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !special(c, &mut out) {
            out.push(c);
        }
    }
    out
}

/// Text made safe for a terminal: control characters, which could move the
/// cursor, recolour or retitle the terminal or start a line that looks like
/// output of its own, are shown as escapes (`\x1b`, `\r`, `\n`, `\u{9b}`),
/// and so are bidirectional overrides.
pub fn terminal(text: &str) -> String {
    terminal_escape(text, false)
}

/// Like [`terminal`], but line breaks stay (multi-line parser messages).
pub fn terminal_lines(text: &str) -> String {
    terminal_escape(text, true)
}

fn terminal_escape(text: &str, keep_newlines: bool) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_owned();
    }
    escape_with(text, |c, out| {
        match c {
            '\n' if keep_newlines => return false,
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if is_unsafe_char(c) => push_unicode_escape(out, c),
            _ => return false,
        }
        true
    })
}

/// Escapes a workflow command's message as `escapeData` in GitHub's
/// `@actions/core` does (`%`, CR, LF). Other control characters (an ESC
/// from a file name would colour or spoof the log, which renders ANSI
/// codes) and bidirectional overrides are shown as `\u{1b}` instead.
pub fn workflow_data(value: &str) -> String {
    escape_with(value, |c, out| {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe_char(c) => push_unicode_escape(out, c),
            _ => return false,
        }
        true
    })
}

/// Escapes a workflow command's property value as `escapeProperty` in
/// `@actions/core` does: as data, plus `:` and `,`, which end a value.
pub fn workflow_property(value: &str) -> String {
    workflow_data(value).replace(':', "%3A").replace(',', "%2C")
}

/// Text safe in a Markdown table cell: `|` would end the cell, a line break
/// the row, and `<` could open raw HTML. Brackets are escaped everywhere: a
/// resource named `![x](https://...)` must not become an image or a link.
pub fn markdown_cell(text: &str) -> String {
    terminal(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_shows_controls_as_escapes() {
        assert_eq!(terminal("plain é"), "plain é");
        assert_eq!(
            terminal("a\u{1b}[31m\r\n\t\u{9b}\u{202e}"),
            "a\\x1b[31m\\r\\n\\t\\u{9b}\\u{202e}"
        );
        assert_eq!(terminal_lines("a\nb\u{7}"), "a\nb\\x07");
    }

    #[test]
    fn workflow_commands_escape_like_the_toolkit() {
        assert_eq!(workflow_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        // `%` first, so an escape already in the text is not decoded by GitHub.
        assert_eq!(workflow_data("%0A::error::x"), "%250A::error::x");
        assert_eq!(
            workflow_data("a\u{1b}[31mb\u{202e}"),
            "a\\u{1b}[31mb\\u{202e}"
        );
        assert_eq!(workflow_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
        assert_eq!(workflow_property("R1 name"), "R1 name");
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(
            markdown_cell("a|b\r\nc\nd<e>"),
            "a\\|b\\\\r\\\\nc\\\\nd&lt;e>"
        );
        assert_eq!(
            markdown_cell("![x](https://t/p.png)"),
            "!\\[x\\](https://t/p.png)"
        );
        assert_eq!(markdown_cell("x\\|"), "x\\\\\\|");
        assert_eq!(markdown_cell("a]b[c"), "a\\]b\\[c");
    }
}
