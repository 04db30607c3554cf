//! The lenient reading: YAML that libyaml (PyYAML's `CSafeLoader`, and so
//! cfn-lint, SAM and the AWS CLI) accepts and saphyr (strict YAML 1.2)
//! rejects, made readable by saphyr without changing what it means.
//!
//! Inside a flow collection (`[...]`, `{...}`) or a quoted scalar that spans
//! lines, indentation means nothing: leading white space of a continuation
//! line is folded away. libyaml therefore accepts continuation lines at any
//! column, even column 0, and with leading tabs; YAML 1.2 (saphyr) wants them
//! indented past the enclosing block. Likewise libyaml takes a tab after
//! `key:` as the separator, and a `#` right after a closing quote or bracket
//! as a comment.
//!
//! When a strict parse fails, [`rewrite`] makes a copy of the text where
//! 1. every continuation line inside a flow collection or quoted scalar is
//!    indented past the column its construct opened at (spaces inserted at
//!    the line start, its leading tabs made spaces), except a line starting
//!    with a document marker, which libyaml rejects there too;
//! 2. a tab between `key:` and a value on the same line is made a space;
//! 3. a comment glued to a closing quote or bracket gets a space before it.
//!
//! Lines keep their numbers and every character keeps its column, save the
//! inserted spaces, which [`super::geometry::Geometry`] takes off again.
//!
//! The scan here is a sketch of YAML's lexical structure (quotes, brackets,
//! comments, block scalars), not a parser: it may be wrong on odd input. So
//! each change comes with a [`Check`] that the parse of the copy must
//! confirm: an indented line lies inside a flow collection or quoted scalar
//! begun on an earlier line, a comment given a space follows one that ends
//! right there, a replaced tab lies between a key and its value. If any check
//! fails, the lenient reading is void and the strict error stands.

/// A copy of the text for saphyr to read, with the changes to confirm.
#[derive(Debug)]
pub(super) struct Rewrite {
    /// The text to parse.
    pub(super) text: String,
    /// `(line, column, spaces)` inserted, by 1-based line and 0-based
    /// column of the original text; sorted.
    pub(super) inserts: Vec<(usize, usize, usize)>,
    /// What the parse of `text` must confirm.
    pub(super) checks: Vec<Check>,
}

/// A fact the parse of a [`Rewrite`] must confirm for it to stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// This 1-based line lies inside a flow collection or quoted scalar that
    /// began on an earlier line.
    Inside(usize),
    /// A flow collection or quoted scalar ends at this byte offset of the
    /// original text, where a comment follows it.
    EndsAt(usize),
    /// This byte offset of the original text lies between a mapping key and
    /// its value.
    Separates(usize),
}

/// Lexical state carried from line to line.
#[derive(Default)]
struct Scan {
    /// Open flow collections.
    depth: usize,
    /// The quote of an open quoted scalar.
    quote: Option<char>,
    /// Column of the outermost open bracket or quote.
    outer_col: usize,
    /// A plain scalar in a flow collection, which goes on across lines.
    flow_plain: bool,
    /// A quote or bracket closed just before the current character.
    closed: bool,
    /// Content lines of a block scalar are indented past this.
    block_scalar: Option<usize>,
    /// Byte offsets of tabs to make spaces.
    tabs: Vec<usize>,
    /// `(byte offset, line, column, spaces)` to insert.
    inserts: Vec<(usize, usize, usize, usize)>,
    checks: Vec<Check>,
}

/// Where the scan of a line stands.
struct Token {
    /// Column of the current character.
    col: usize,
    /// What the current word is.
    word: Word,
    /// The previous character was blank (or there was none).
    after_blank: bool,
}

/// The kind of word being scanned outside quotes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    /// None: the next character starts a token.
    None,
    /// A plain scalar.
    Plain,
    /// A tag, anchor or alias.
    Property,
}

/// What a character means for the scan of its line.
enum Step {
    Go,
    /// A `:` value indicator.
    Value,
    /// A comment: the rest of the line is skipped.
    Comment,
    /// A comment right after a closing quote or bracket.
    GluedComment,
    /// A block scalar header: the lines below are its content.
    BlockScalar,
}

/// The lenient copy of `text`, or `None` when there is nothing to change.
pub(super) fn rewrite(text: &str) -> Option<Rewrite> {
    let mut scan = Scan::default();
    let mut start = 0;
    let mut number = 1;
    while start < text.len() || number == 1 {
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| start + i);
        scan.line(&text[start..end], start, number);
        let next = match text.as_bytes().get(end) {
            Some(b'\r') if text.as_bytes().get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => break,
        };
        start = next;
        number += 1;
    }
    if scan.inserts.is_empty() && scan.tabs.is_empty() {
        return None;
    }
    Some(scan.build(text))
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line[3..].chars().next().is_none_or(is_blank)
}

impl Scan {
    fn line(&mut self, line: &str, base: usize, number: usize) {
        let lead = line.len() - line.trim_start_matches(is_blank).len();
        let content = &line[lead..];
        if self.quote.is_some() || self.depth > 0 {
            self.continuation(line, lead, base, number);
        } else if let Some(indent) = self.block_scalar {
            if content.is_empty() || line[..lead].chars().filter(|&c| c == ' ').count() > indent {
                return;
            }
            self.block_scalar = None;
        }
        if self.quote.is_none() && self.depth == 0 {
            if line.starts_with('%') {
                return;
            }
            if is_document_marker(line) {
                self.tokens(line, 3, (base, number), lead);
                return;
            }
        }
        self.tokens(line, lead, (base, number), lead);
    }

    /// A line that begins inside a flow collection or quoted scalar: indent
    /// it past the construct's opening column, with spaces only.
    fn continuation(&mut self, line: &str, lead: usize, base: usize, number: usize) {
        if is_document_marker(line) {
            return;
        }
        let required = self.outer_col + 1;
        let has_tab = line[..lead].contains('\t');
        let has_content = lead < line.len();
        if !has_tab && (!has_content || lead >= required) {
            return;
        }
        for (i, c) in line[..lead].char_indices() {
            if c == '\t' {
                self.tabs.push(base + i);
            }
        }
        if has_content && lead < required {
            self.inserts.push((base, number, 0, required - lead));
        }
        self.checks.push(Check::Inside(number));
    }

    /// Scans the tokens of a line from byte `from`; `lead` is its indentation.
    fn tokens(&mut self, line: &str, from: usize, (base, number): (usize, usize), lead: usize) {
        let mut chars = line[from..]
            .char_indices()
            .map(|(i, c)| (from + i, c))
            .peekable();
        let mut at = Token {
            col: line[..from].chars().count(),
            word: if self.flow_plain {
                Word::Plain
            } else {
                Word::None
            },
            after_blank: true,
        };
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            if self.quote.is_some() {
                if self.quoted(c, next) {
                    chars.next();
                    at.col += 1;
                }
                at.col += 1;
                continue;
            }
            let step = self.token_char(c, next, &mut at);
            match step {
                Step::Go => {}
                Step::Value => self.tab_after_value_indicator(line, i + 1, base),
                Step::Comment => break,
                Step::GluedComment => {
                    self.inserts.push((base + i, number, at.col, 1));
                    self.checks.push(Check::EndsAt(base + i));
                    break;
                }
                Step::BlockScalar => {
                    let indent = line[..lead].chars().filter(|&c| c == ' ').count();
                    self.block_scalar = Some(indent);
                    break;
                }
            }
            at.col += 1;
        }
        self.flow_plain = at.word == Word::Plain && self.depth > 0;
    }

    /// One character inside a quoted scalar; `true` when it escapes the next
    /// one (`''`, or `\` in double quotes), which is then skipped.
    fn quoted(&mut self, c: char, next: Option<char>) -> bool {
        let quote = self.quote.unwrap_or('"');
        if c == quote && quote == '\'' && next == Some('\'') {
            return true;
        }
        if c == quote {
            self.quote = None;
            self.closed = true;
            return false;
        }
        c == '\\' && quote == '"' && next.is_some()
    }

    /// One character outside quotes.
    fn token_char(&mut self, c: char, next: Option<char>, at: &mut Token) -> Step {
        let glued = std::mem::take(&mut self.closed);
        let blank_before = std::mem::replace(&mut at.after_blank, is_blank(c));
        let token_start = at.word == Word::None;
        let in_flow = self.depth > 0;
        match c {
            ' ' | '\t' => {
                if at.word == Word::Property {
                    at.word = Word::None;
                }
            }
            '#' if blank_before => {
                at.word = Word::None;
                return Step::Comment;
            }
            '#' if glued => return Step::GluedComment,
            ':' if next.is_none_or(is_blank)
                || (in_flow && (glued || next.is_some_and(|n| ",[]{}".contains(n)))) =>
            {
                at.word = Word::None;
                return Step::Value;
            }
            ',' | '[' | '{' | ']' | '}' if in_flow => {
                at.word = Word::None;
                match c {
                    '[' | '{' => self.depth += 1,
                    ']' | '}' => {
                        self.depth -= 1;
                        self.closed = true;
                    }
                    _ => {}
                }
            }
            '[' | '{' if token_start => {
                self.outer_col = at.col;
                self.depth = 1;
            }
            '"' | '\'' if token_start => {
                if !in_flow {
                    self.outer_col = at.col;
                }
                self.quote = Some(c);
            }
            '|' | '>' if token_start && !in_flow => return Step::BlockScalar,
            '-' | '?' if token_start && next.is_none_or(is_blank) => {}
            '!' | '&' | '*' if token_start => at.word = Word::Property,
            _ if at.word == Word::Property => {}
            _ => at.word = Word::Plain,
        }
        Step::Go
    }

    /// `key:<tab>value`: the tabs before the value become spaces.
    fn tab_after_value_indicator(&mut self, line: &str, after: usize, base: usize) {
        let rest = &line[after..];
        let gap = rest.len() - rest.trim_start_matches(is_blank).len();
        let value = rest[gap..].chars().next();
        if !rest[..gap].contains('\t') || value.is_none_or(|v| v == '#') {
            return;
        }
        for (i, c) in rest[..gap].char_indices() {
            if c == '\t' {
                self.tabs.push(base + after + i);
            }
        }
        self.checks.push(Check::Separates(base + after));
    }

    /// The copy of `text` with the spaces inserted and the tabs replaced.
    fn build(mut self, text: &str) -> Rewrite {
        self.inserts.sort_unstable();
        self.tabs.sort_unstable();
        let inserted: usize = self.inserts.iter().map(|i| i.3).sum();
        let mut out = String::with_capacity(text.len() + inserted);
        let mut at = 0;
        let mut tabs = self.tabs.iter().peekable();
        for &(offset, _, _, spaces) in &self.inserts {
            while let Some(&&tab) = tabs.peek().filter(|&&&t| t < offset) {
                out.push_str(&text[at..tab]);
                out.push(' ');
                at = tab + 1;
                tabs.next();
            }
            out.push_str(&text[at..offset]);
            out.extend(std::iter::repeat_n(' ', spaces));
            at = offset;
        }
        for &tab in tabs {
            out.push_str(&text[at..tab]);
            out.push(' ');
            at = tab + 1;
        }
        out.push_str(&text[at..]);
        Rewrite {
            text: out,
            inserts: self
                .inserts
                .iter()
                .map(|&(_, line, col, spaces)| (line, col, spaces))
                .collect(),
            checks: self.checks,
        }
    }
}
