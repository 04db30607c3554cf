//! Escaping of everything that comes from input (file names, resource and
//! user names, parser messages) for each place output goes: a terminal, a
//! GitHub workflow command, a Markdown table cell, an XML document. One
//! place, so that no reporter forgets a character.

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

/// Text safe in a Markdown table cell, shown as written: `|` would end the
/// cell, a line break the row, `<` open raw HTML and `&` an entity; the
/// characters that start emphasis, code, math, links and images
/// (`` \ ` * _ ~ $ [ ] ( ) ! ``) are escaped with `\\` (CommonMark shows them
/// as themselves); and the patterns GitHub turns into links on their own
/// (`https://`, `www.`, `a@b.c`) get an invisible word joiner (U+2060) that
/// breaks them.
pub fn markdown_cell(text: &str) -> String {
    // Whether `out` ends with `word`, in any case.
    let ends_with = |out: &str, word: &str| {
        out.get(out.len().saturating_sub(word.len())..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(word))
    };
    let text = terminal(text);
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            ':' if ends_with(&out, "http") || ends_with(&out, "https") => {
                out.push_str("\u{2060}\\:");
            }
            '@' => out.push_str("\\@\u{2060}"),
            '.' if ends_with(&out, "www") => out.push_str("\u{2060}\\."),
            '\\' | '`' | '*' | '_' | '~' | '$' | '[' | ']' | '(' | ')' | '!' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A message safe in a Markdown table cell whose `` `quoted` `` parts are
/// shown as code: each pair of backticks becomes a code span whose text is
/// shown as is (no backslash escapes, which Markdown would show inside
/// code; `|` stays escaped, as GitHub's tables need), everything else is a
/// [`markdown_cell`]. Inside a code span nothing is a link, emphasis or
/// HTML, and a span holds no backtick, so no input can end it early; an
/// unpaired backtick is escaped as text.
pub fn markdown_cell_with_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut parts = text.split('`').peekable();
    let mut inside = false;
    while let Some(part) = parts.next() {
        // The last part after an odd number of backticks has no closing one.
        let unpaired = inside && parts.peek().is_none();
        if unpaired {
            out.push_str("\\`");
        }
        if inside && !unpaired && !part.is_empty() {
            let code = terminal(part).replace('|', "\\|");
            out.push('`');
            out.push_str(&code);
            out.push('`');
        } else {
            out.push_str(&markdown_cell(part));
        }
        inside = !inside;
    }
    out
}

/// Text safe anywhere in an XML 1.0 document, in element content and in
/// attribute values alike: the five characters XML gives a meaning to
/// (`& < > " '`) become entities, so no input can end a value or an element,
/// or close a section with `]]>`; tab, line feed and carriage return become
/// character references, which attribute-value normalisation would
/// otherwise turn into spaces (and line-end handling CR into LF). Characters
/// XML 1.0 forbids outright (C0 controls such as ESC, U+FFFE, U+FFFF: no
/// parser accepts them, even as references), other control characters and
/// bidirectional overrides are shown as `\u{1b}`, as in workflow commands.
pub fn xml(text: &str) -> String {
    escape_with(text, |c, out| {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{fffe}' | '\u{ffff}' => push_unicode_escape(out, c),
            c if is_unsafe_char(c) => push_unicode_escape(out, c),
            _ => return false,
        }
        true
    })
}

/// How text is written to a CI log, whose runner reads every line of
/// standard output and error for commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogText {
    /// Prose (human output, notes, errors): a line that starts, after
    /// white space, with `::` would be a workflow command.
    Prose,
    /// JSON (JSON and SARIF reports): `[` after `##` can only be inside a
    /// string, where `\u005b` says the same.
    Json,
    /// Workflow commands made on purpose (`--format github`): only the
    /// legacy form inside them is neutralised.
    Commands,
}

/// Text that a GitHub Actions runner will not act on: the legacy
/// `##[command]` form, which the runner finds anywhere in a line, gets an
/// invisible word joiner (U+2060) after `##` (or a JSON escape of its `[`),
/// and in prose a line whose first non-blank characters are `::` gets one
/// before them. A quoted source line such as `# ##[stop-commands]tok` can
/// then not stop the annotations that follow.
pub fn log_safe(text: &str, kind: LogText) -> std::borrow::Cow<'_, str> {
    let command_line = |line: &str| kind == LogText::Prose && line.trim_start().starts_with("::");
    if !text.contains("##[") && !text.lines().any(command_line) {
        return std::borrow::Cow::Borrowed(text);
    }
    let legacy = if kind == LogText::Json {
        "##\\u005b"
    } else {
        "##\u{2060}["
    };
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        if command_line(line) {
            let blank = line.len() - line.trim_start().len();
            out.push_str(&line[..blank]);
            out.push('\u{2060}');
            out.push_str(&line[blank..].replace("##[", legacy));
        } else {
            out.push_str(&line.replace("##[", legacy));
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_parts_of_a_message_are_code_spans_shown_as_written() {
        assert_eq!(
            markdown_cell_with_code("user `a[1]_b` has *2* keys: `k|x`"),
            "user `a[1]_b` has \\*2\\* keys: `k\\|x`"
        );
        // Markup inside a span is inert; an unpaired backtick is text.
        assert_eq!(
            markdown_cell_with_code("`<b>@x https://e` and `odd"),
            "`<b>@x https://e` and \\`odd"
        );
        assert_eq!(markdown_cell_with_code("a\nb ``"), "a\\\\nb ");
    }

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
            "\\!\\[x\\]\\(https\u{2060}\\://t/p.png\\)"
        );
        assert_eq!(markdown_cell("x\\|"), "x\\\\\\|");
        assert_eq!(markdown_cell("a]b[c"), "a\\]b\\[c");
        // Emphasis, code, HTML entities and the links GitHub makes on its own.
        assert_eq!(
            markdown_cell("**b** `c` &amp; WWW.x.io a@b.c aws_iam_user.u"),
            "\\*\\*b\\*\\* \\`c\\` &amp;amp; WWW\u{2060}\\.x.io a\\@\u{2060}b.c aws\\_iam\\_user.u"
        );
    }

    #[test]
    fn xml_text_can_end_nothing_and_holds_only_xml_characters() {
        assert_eq!(
            xml("a&b<c>d\"e'f ]]> é 日"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f ]]&gt; é 日"
        );
        assert_eq!(xml("a\tb\r\nc"), "a&#9;b&#13;&#10;c");
        assert_eq!(
            xml("\u{0}\u{1b}[31m\u{7f}\u{9b}\u{202e}\u{fffe}\u{ffff}"),
            "\\u{0}\\u{1b}[31m\\u{7f}\\u{9b}\\u{202e}\\u{fffe}\\u{ffff}"
        );
        // An entity already in the text is shown as written, not decoded.
        assert_eq!(xml("&amp;"), "&amp;amp;");
    }

    #[test]
    fn ci_logs_get_no_workflow_commands_from_input() {
        let prose = " 3 │ # ##[stop-commands]tok\n  ::error::fake\nnote: fine :: here\n";
        assert_eq!(
            log_safe(prose, LogText::Prose),
            " 3 │ # ##\u{2060}[stop-commands]tok\n  \u{2060}::error::fake\nnote: fine :: here\n"
        );
        let json = "{\"message\": \"a ##[group]b\"}\n";
        let safe = log_safe(json, LogText::Json);
        assert_eq!(safe, "{\"message\": \"a ##\\u005bgroup]b\"}\n");
        let same: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(same["message"], "a ##[group]b");
        let commands = "::error file=a.tf::x ##[endgroup]\n";
        assert_eq!(
            log_safe(commands, LogText::Commands),
            "::error file=a.tf::x ##\u{2060}[endgroup]\n"
        );
        assert!(matches!(
            log_safe("plain\n", LogText::Prose),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
