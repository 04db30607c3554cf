//! String functions. Lengths, offsets and reversal count grapheme clusters,
//! as Terraform does (`length("é")` is 1 however `é` is encoded).

use std::collections::BTreeMap;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::{Function, arity, integer, items, string};
use crate::frontend::terraform::budget;
use crate::frontend::terraform::value::Value;

pub(super) const TABLE: &[(&str, Function)] = &[
    ("chomp", |a| {
        map_one(a, |s| s.trim_end_matches(['\n', '\r']).to_owned())
    }),
    ("endswith", |a| test_two(a, |s, x| s.ends_with(x))),
    ("indent", indent),
    ("join", join),
    ("lower", |a| map_one(a, str::to_lowercase)),
    ("regex", |a| regex_fn(a, false)),
    ("regexall", |a| regex_fn(a, true)),
    ("replace", replace),
    ("split", split),
    ("startswith", |a| test_two(a, |s, x| s.starts_with(x))),
    ("strcontains", |a| test_two(a, |s, x| s.contains(x))),
    ("strrev", |a| {
        map_one(a, |s| graphemes(s).into_iter().rev().collect())
    }),
    ("substr", substr),
    ("title", |a| map_one(a, title)),
    ("trim", trim),
    ("trimprefix", |a| cut(a, |s, x| s.strip_prefix(x))),
    ("trimspace", |a| map_one(a, |s| s.trim().to_owned())),
    ("trimsuffix", |a| cut(a, |s, x| s.strip_suffix(x))),
    ("upper", |a| map_one(a, str::to_uppercase)),
];

/// The grapheme clusters of a string.
pub(super) fn graphemes(s: &str) -> Vec<&str> {
    s.graphemes(true).collect()
}

fn map_one(args: &[Value], f: impl Fn(&str) -> String) -> Result<Value, String> {
    arity(args, 1)?;
    Ok(Value::string(f(&string(&args[0])?)))
}

fn test_two(args: &[Value], f: impl Fn(&str, &str) -> bool) -> Result<Value, String> {
    arity(args, 2)?;
    let [s, x] = [string(&args[0])?, string(&args[1])?];
    Ok(Value::Bool(f(&s, &x)))
}

fn cut(
    args: &[Value],
    f: impl for<'a> Fn(&'a str, &str) -> Option<&'a str>,
) -> Result<Value, String> {
    arity(args, 2)?;
    let [s, x] = [string(&args[0])?, string(&args[1])?];
    Ok(Value::string(f(&s, &x).unwrap_or(&s)))
}

fn indent(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let width = usize::try_from(integer(&args[0])?.max(0)).unwrap_or(usize::MAX);
    let text = string(&args[1])?;
    let lines = text.matches('\n').count();
    if !budget::room_for_string(text.len().saturating_add(lines.saturating_mul(width))) {
        return Ok(Value::UNKNOWN);
    }
    let spaces = " ".repeat(width);
    Ok(Value::string(text.replace('\n', &format!("\n{spaces}"))))
}

fn join(args: &[Value]) -> Result<Value, String> {
    let Some((sep, lists)) = args.split_first() else {
        return Err("takes a separator and at least one list".into());
    };
    if lists.is_empty() {
        return Err("takes at least one list".into());
    }
    let sep = string(sep)?;
    let mut parts = Vec::new();
    for list in lists {
        for item in items(list)? {
            if matches!(item, Value::Null) {
                return Err("an element is null".into());
            }
            parts.push(string(item)?);
        }
    }
    let len = parts.iter().fold(0usize, |n, p| n.saturating_add(p.len()));
    let seps = sep.len().saturating_mul(parts.len().saturating_sub(1));
    if !budget::room_for_string(len.saturating_add(seps)) {
        return Ok(Value::UNKNOWN);
    }
    let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
    Ok(Value::string(parts.join(&sep)))
}

/// A `/.../` pattern of `replace`, or `None` for a plain substring.
fn slash_pattern(s: &str) -> Option<&str> {
    (s.len() > 1).then(|| s.strip_prefix('/')?.strip_suffix('/'))?
}

fn compile(pattern: &str) -> Result<Regex, String> {
    // Patterns come from untrusted files: bound the compiled size.
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regular expression: {e}"))
}

fn replace(args: &[Value]) -> Result<Value, String> {
    arity(args, 3)?;
    let [s, from, to] = [string(&args[0])?, string(&args[1])?, string(&args[2])?];
    match slash_pattern(&from) {
        Some(pattern) => {
            let re = compile(pattern)?;
            // Each match becomes `to`, whose `$` references each copy at
            // most a match: the matches together are at most `s`.
            let matches = re.find_iter(&s).count();
            let references = to.matches('$').count();
            let bound = s
                .len()
                .saturating_add(matches.saturating_mul(to.len()))
                .saturating_add(references.saturating_mul(s.len()));
            if !budget::room_for_string(bound) {
                return Ok(Value::UNKNOWN);
            }
            Ok(Value::string(re.replace_all(&s, &*to).into_owned()))
        }
        None => {
            let matches = if from.is_empty() {
                s.chars().count() + 1
            } else {
                s.matches(&*from).count()
            };
            if !budget::room_for_string(s.len().saturating_add(matches.saturating_mul(to.len()))) {
                return Ok(Value::UNKNOWN);
            }
            Ok(Value::string(s.replace(&*from, &to)))
        }
    }
}

/// `regex` (the first match) and `regexall` (every match): a string when
/// the pattern has no capture groups, a list of them when they are
/// unnamed, a map when they are named.
fn regex_fn(args: &[Value], all: bool) -> Result<Value, String> {
    arity(args, 2)?;
    let [pattern, s] = [string(&args[0])?, string(&args[1])?];
    let re = compile(&pattern)?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().filter(|n| n.is_some()).count();
    if named != 0 && named != names.len() {
        return Err("cannot mix named and unnamed capture groups".into());
    }
    let result = |caps: regex::Captures<'_>| -> Value {
        let group = |i: usize| {
            caps.get(i)
                .map_or(Value::Null, |m| Value::string(m.as_str()))
        };
        if names.is_empty() {
            return group(0);
        }
        if named == 0 {
            return Value::list((1..=names.len()).map(group).collect());
        }
        let map: BTreeMap<String, Value> = names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some(((*n)?.to_owned(), group(i + 1))))
            .collect();
        Value::map(map)
    };
    if all {
        return Ok(Value::list(re.captures_iter(&s).map(result).collect()));
    }
    re.captures(&s)
        .map(result)
        .ok_or_else(|| "the pattern did not match".into())
}

fn split(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let [sep, s] = [string(&args[0])?, string(&args[1])?];
    let parts: Vec<Value> = if sep.is_empty() {
        // Every character on its own, as Go's strings.Split does.
        s.chars().map(|c| Value::string(c.to_string())).collect()
    } else {
        s.split(&*sep).map(Value::string).collect()
    };
    Ok(Value::list(parts))
}

fn substr(args: &[Value]) -> Result<Value, String> {
    arity(args, 3)?;
    let s = string(&args[0])?;
    let (offset, length) = (integer(&args[1])?, integer(&args[2])?);
    let clusters = graphemes(&s);
    let total = clusters.len() as i64;
    let start = if offset < 0 { total + offset } else { offset }.clamp(0, total) as usize;
    let rest = &clusters[start..];
    let taken: String = if length < 0 {
        rest.concat()
    } else {
        rest.iter().take(length as usize).copied().collect()
    };
    Ok(Value::string(taken))
}

fn trim(args: &[Value]) -> Result<Value, String> {
    arity(args, 2)?;
    let [s, cutset] = [string(&args[0])?, string(&args[1])?];
    let trimmed = s.trim_matches(|c| cutset.contains(c));
    Ok(Value::string(trimmed))
}

/// Go's `strings.Title`: a letter after anything that is not a letter,
/// digit or underscore starts a word.
fn title(s: &str) -> String {
    let separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            !c.is_alphanumeric() && c.is_whitespace()
        }
    };
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if separator(prev) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}
