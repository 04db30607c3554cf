//! A CSV reader (RFC 4180) that keeps where every field is: diagnostics
//! point at the exact field of a report, which the `csv` crate's records do
//! not say (they keep unescaped text, not source offsets). Linear in the
//! input; quoted fields may hold commas, quotes (`""`) and line breaks.

use std::borrow::Cow;
use std::ops::Range;

/// One field: its text (unquoted, `""` made `"`) and where it is written
/// (inside the quotes for a quoted field).
#[derive(Debug, PartialEq, Eq)]
pub struct Field<'a> {
    /// The value.
    pub text: Cow<'a, str>,
    /// Byte range in the input.
    pub span: Range<usize>,
}

/// One record: its fields and the whole line (without its line break).
#[derive(Debug)]
pub struct Record<'a> {
    /// The fields, in order.
    pub fields: Vec<Field<'a>>,
    /// Byte range of the record in the input.
    pub span: Range<usize>,
}

/// Where and why a record could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvError {
    /// Byte range of the problem.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// The records of `text` from byte `at`, in order. Blank lines are
/// skipped.
pub struct Records<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Records<'a> {
    /// Records from byte `at` of `text` (after a byte-order mark, say).
    pub fn new(text: &'a str, at: usize) -> Self {
        Records { text, at }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        // Blank lines (a final line break, CRLF included) hold no record.
        while self.at < bytes.len() && matches!(bytes[self.at], b'\n' | b'\r') {
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        let mut fields = Vec::new();
        loop {
            let field = match bytes[self.at..].first() {
                Some(b'"') => self.quoted(),
                _ => Ok(self.plain()),
            };
            match field {
                Ok(field) => fields.push(field),
                Err(e) => {
                    // Nothing after a broken record can be trusted to start
                    // a record: stop here.
                    self.at = bytes.len();
                    return Some(Err(e));
                }
            }
            match bytes.get(self.at) {
                Some(b',') => self.at += 1,
                _ => break,
            }
        }
        let end = self.at;
        match bytes.get(self.at) {
            Some(b'\r') if bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            Some(b'\n' | b'\r') => self.at += 1,
            _ => {}
        }
        Some(Ok(Record {
            fields,
            span: start..end,
        }))
    }
}

impl<'a> Records<'a> {
    /// A field without quotes: up to the next comma or line break.
    fn plain(&mut self) -> Field<'a> {
        let start = self.at;
        let rest = &self.text.as_bytes()[start..];
        let len = memchr::memchr3(b',', b'\n', b'\r', rest).unwrap_or(rest.len());
        self.at = start + len;
        Field {
            text: Cow::Borrowed(&self.text[start..self.at]),
            span: start..self.at,
        }
    }

    /// A field in double quotes, where `""` stands for `"`.
    fn quoted(&mut self) -> Result<Field<'a>, CsvError> {
        let open = self.at;
        let start = open + 1;
        let bytes = self.text.as_bytes();
        let mut at = start;
        let mut unescaped: Option<String> = None;
        loop {
            let Some(offset) = memchr::memchr(b'"', &bytes[at..]) else {
                return Err(CsvError {
                    span: open..open + 1,
                    message: "a quoted field is never closed".into(),
                });
            };
            let quote = at + offset;
            if bytes.get(quote + 1) == Some(&b'"') {
                unescaped
                    .get_or_insert_with(String::new)
                    .push_str(&self.text[at..=quote]);
                at = quote + 2;
                continue;
            }
            let text = match unescaped {
                Some(mut s) => {
                    s.push_str(&self.text[at..quote]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&self.text[start..quote]),
            };
            self.at = quote + 1;
            if !matches!(bytes.get(self.at), None | Some(b',' | b'\n' | b'\r')) {
                return Err(CsvError {
                    span: self.at..self.at + 1,
                    message: "a quoted field is followed by more text before the next comma".into(),
                });
            }
            return Ok(Field {
                text,
                span: start..quote,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Vec<(String, Range<usize>)>> {
        Records::new(text, 0)
            .map(|r| {
                r.unwrap()
                    .fields
                    .into_iter()
                    .map(|f| (f.text.into_owned(), f.span))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fields_keep_their_places() {
        assert_eq!(
            read("a,bc\r\n\"d,\"\"e\",\n\nf"),
            vec![
                vec![("a".into(), 0..1), ("bc".into(), 2..4)],
                vec![("d,\"e".into(), 7..12), (String::new(), 14..14)],
                vec![("f".into(), 16..17)],
            ]
        );
    }

    #[test]
    fn broken_quotes_are_errors_where_they_are() {
        let err = |text| Records::new(text, 0).find_map(Result::err).unwrap();
        assert_eq!(err("a,\"bc\n").span, 2..3);
        assert_eq!(err("a,\"b\"c,d\n").span, 5..6);
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        assert_eq!(
            read("\"a\nb\",c\n"),
            vec![vec![("a\nb".into(), 1..4), ("c".into(), 6..7)]]
        );
    }
}
