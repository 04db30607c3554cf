//! `csvdecode`: Go's `encoding/csv` reader as Terraform configures it (a
//! comma, no comments, strict quotes, every record as wide as the
//! header), which differs from other CSV readers in the details that decide
//! success: a quote inside an unquoted field fails, empty lines are
//! skipped, `\r\n` ends a line but a lone `\r` is data. No CSV crate
//! reproduces those, so this is a port of Go's `readRecord`.

use std::collections::{BTreeMap, HashSet};

use super::{Function, arity, string};
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] = &[("csvdecode", csvdecode)];

const BARE_QUOTE: &str = "bare \" in non-quoted-field";
const QUOTE: &str = "extraneous or missing \" in quoted-field";

fn csvdecode(args: &[Value]) -> Result<Value, String> {
    arity(args, 1)?;
    let text = string(&args[0])?;
    let mut reader = Reader {
        rest: &text,
        line: 0,
        record_line: 0,
    };
    let header = reader.record()?.ok_or("missing header line")?;
    let mut seen = HashSet::new();
    if let Some(name) = header.iter().find(|name| !seen.insert(name.as_str())) {
        return Err(format!("duplicate column name {name:?}"));
    }
    let mut rows = Vec::new();
    while let Some(fields) = reader.record()? {
        if fields.len() != header.len() {
            return Err(format!(
                "CSV parse error on line {}: wrong number of fields",
                reader.record_line
            ));
        }
        let row: BTreeMap<String, Value> = header
            .iter()
            .cloned()
            .zip(fields.into_iter().map(Value::string))
            .collect();
        rows.push(Value::map(row));
    }
    Ok(Value::list(rows))
}

struct Reader<'a> {
    rest: &'a str,
    /// Lines read so far, for messages.
    line: usize,
    /// The line the latest record started on.
    record_line: usize,
}

impl<'a> Reader<'a> {
    /// Go's `readLine`: a line with its `\n` (`\r\n` becomes `\n`; a last
    /// line without one loses a final `\r`), or `None` at the end.
    fn read_line(&mut self) -> Option<String> {
        if self.rest.is_empty() {
            return None;
        }
        self.line += 1;
        let (line, at_end) = match self.rest.find('\n') {
            Some(i) => (&self.rest[..=i], false),
            None => (self.rest, true),
        };
        self.rest = &self.rest[line.len()..];
        let mut line = line.to_owned();
        if at_end && line.ends_with('\r') {
            line.pop();
        }
        if line.ends_with("\r\n") {
            line.truncate(line.len() - 2);
            line.push('\n');
        }
        Some(line)
    }

    /// Go's `readRecord`: the fields of the next record, skipping empty
    /// lines; `None` at the end of the text.
    fn record(&mut self) -> Result<Option<Vec<String>>, String> {
        let mut line = loop {
            match self.read_line() {
                None => return Ok(None),
                // Empty lines are skipped (a last line of just `\r` too).
                Some(l) if l.is_empty() || l == "\n" => continue,
                Some(l) => break l,
            }
        };
        self.record_line = self.line;
        let mut fields = Vec::new();
        // Where the next field starts in `line`.
        let mut at = 0;
        loop {
            let rest = &line[at..];
            if let Some(quoted) = rest.strip_prefix('"') {
                let start = line.len() - quoted.len();
                let (field, next) = self.quoted(&mut line, start)?;
                fields.push(field);
                match next {
                    Some(next) => at = next,
                    None => return Ok(Some(fields)),
                }
                continue;
            }
            let (field, next) = match rest.find(',') {
                Some(i) => (&rest[..i], Some(at + i + 1)),
                None => (rest.strip_suffix('\n').unwrap_or(rest), None),
            };
            if field.contains('"') {
                return Err(self.error(BARE_QUOTE));
            }
            fields.push(field.to_owned());
            match next {
                Some(next) => at = next,
                None => return Ok(Some(fields)),
            }
        }
    }

    /// A quoted field from `start` (after its opening quote) in `line`,
    /// which becomes the field's last line: the field's text, and where the
    /// next field starts in `line` if a comma followed (`None` at the end
    /// of the record).
    fn quoted(
        &mut self,
        line: &mut String,
        mut at: usize,
    ) -> Result<(String, Option<usize>), String> {
        let mut field = String::new();
        loop {
            let rest = &line[at..];
            if let Some(i) = rest.find('"') {
                field.push_str(&rest[..i]);
                let after = &rest[i + 1..];
                if after.starts_with('"') {
                    field.push('"');
                    at += i + 2;
                } else if after.starts_with(',') {
                    return Ok((field, Some(at + i + 2)));
                } else if after.is_empty() || after == "\n" {
                    return Ok((field, None));
                } else {
                    return Err(self.error(QUOTE));
                }
            } else if !rest.is_empty() {
                // The field goes on over the next line.
                field.push_str(rest);
                *line = self.read_line().unwrap_or_default();
                at = 0;
            } else {
                return Err(self.error(QUOTE));
            }
        }
    }

    fn error(&self, what: &str) -> String {
        format!("CSV parse error on line {}: {what}", self.line)
    }
}
