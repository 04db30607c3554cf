//! A credential report's rows as facts: one record per existing access key,
//! each located at its `access_key_N_active` field, and each user at its
//! `user` field. Columns are found by name; extra columns are ignored.

use std::ops::Range;

use super::csv::{Field, Record, Records};
use crate::error::InputError;
use crate::model::{
    Declaration, Instant, KeyRecord, LastUsed, MODULE_CALL, Model, ResourceKind, UserId,
    arn_account, parse_time,
};
use crate::source::{Location, Source};

/// The user name of the account's root user in a report.
pub const ROOT: &str = "<root_account>";

/// The columns read, by name.
const COLUMNS: [&str; 10] = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
];
const USER: usize = 0;
const ARN: usize = 1;
const USER_CREATED: usize = 2;
const PASSWORD: usize = 3;
/// The first of each key slot's three columns (active, last rotated, last
/// used).
const SLOTS: [usize; 2] = [4, 7];

/// Reads the report in `source` into a model. A missing column, a row
/// whose field count is not the header's, or a value that is not what its
/// column holds is an error at that place.
pub fn read(source: &Source) -> Result<Model, InputError> {
    let error = |span: Range<usize>, message: String| InputError::at(source, span, message);
    let mut records = Records::new(&source.text, 0);
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(error(e.span, e.message)),
        None => return Err(error(0..0, "the credential report is empty".into())),
    };
    let columns = columns(&header).map_err(|name| {
        error(
            header.span.clone(),
            format!("the credential report has no `{name}` column"),
        )
    })?;
    let mut model = Model::default();
    for record in records {
        let record = record.map_err(|e| error(e.span, e.message))?;
        if record.fields.len() != header.fields.len() {
            let message = format!(
                "this row has {} fields, the header {}",
                record.fields.len(),
                header.fields.len()
            );
            return Err(error(record.span, message));
        }
        let fields: Vec<&Field<'_>> = columns.iter().map(|&i| &record.fields[i]).collect();
        row(source, &fields, &mut model).map_err(|(column, span, message)| {
            error(span, format!("{}: {message}", COLUMNS[column]))
        })?;
    }
    Ok(model)
}

/// Where each of [`COLUMNS`] is, or the name of one that is missing.
fn columns(header: &Record<'_>) -> Result<[usize; 10], &'static str> {
    let mut at = [0; 10];
    for (slot, name) in at.iter_mut().zip(COLUMNS) {
        *slot = header
            .fields
            .iter()
            .position(|f| f.text.trim() == name)
            .ok_or(name)?;
    }
    Ok(at)
}

/// A value that is not what its column holds: the column (an index into
/// [`COLUMNS`]), where, and why.
type RowError = (usize, Range<usize>, String);

/// A value's error, with its column.
fn in_column<T>(column: usize, result: Result<T, ValueError>) -> Result<T, RowError> {
    result.map_err(|(span, message)| (column, span, message))
}

type ValueError = (Range<usize>, String);

/// One user's row: a declaration for the user, and one for each key that
/// exists (active, or inactive with a creation time).
fn row(source: &Source, fields: &[&Field<'_>], model: &mut Model) -> Result<(), RowError> {
    let name = fields[USER].text.as_ref();
    let root = name == ROOT;
    let mut user = UserId::named(name);
    if let Some(account) = arn_account(&fields[ARN].text) {
        user = user.in_account(&format!("account:{account}"));
    }
    let user_created = in_column(USER_CREATED, time(fields[USER_CREATED]))?;
    let password_enabled = in_column(PASSWORD, password(fields[PASSWORD]))?;
    let declare = |model: &mut Model, address: String, kind, span: &Range<usize>| {
        model.declare(Declaration {
            address,
            kind,
            location: Location::new(source, span.clone()),
            via: Vec::new(),
            via_kind: MODULE_CALL,
            notes: Vec::new(),
        })
    };
    let user_decl = declare(
        model,
        name.to_owned(),
        ResourceKind::User,
        &fields[USER].span,
    );
    for (n, &first) in SLOTS.iter().enumerate() {
        let active = in_column(first, boolean(fields[first]))?;
        let created = in_column(first + 1, time(fields[first + 1]))?;
        let last_used = in_column(first + 2, last_used(fields[first + 2]))?;
        if !active && created.is_none() {
            continue;
        }
        let address = format!("{name}/access_key_{}", n + 1);
        let decl = declare(model, address, ResourceKind::AccessKey, &fields[first].span);
        model.key_records.push(KeyRecord {
            decl,
            instance: None,
            user_decl,
            user: user.clone(),
            active,
            root,
            created,
            last_used,
            user_created,
            password_enabled: Some(password_enabled),
            declared: false,
            code_keys: None,
        });
    }
    Ok(())
}

/// `true` or `false`, in any case.
fn boolean(field: &Field<'_>) -> Result<bool, ValueError> {
    match field.text.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(unexpected(field, "`true` or `false`")),
    }
}

/// `password_enabled`: a boolean, or `not_supported` (the root user's row,
/// whose console password is not an IAM password: not counted).
fn password(field: &Field<'_>) -> Result<bool, ValueError> {
    match field.text.as_ref() {
        "not_supported" => Ok(false),
        _ => boolean(field),
    }
}

/// A time, or `N/A`, `no_information` or `not_supported` (none).
fn time(field: &Field<'_>) -> Result<Option<Instant>, ValueError> {
    match field.text.as_ref() {
        "N/A" | "no_information" | "not_supported" => Ok(None),
        text => parse_time(text)
            .map(Some)
            .map_err(|e| (field.span.clone(), e)),
    }
}

/// A last-used date: a time, `N/A` (never used) or `no_information`.
fn last_used(field: &Field<'_>) -> Result<LastUsed, ValueError> {
    match field.text.as_ref() {
        "N/A" => Ok(LastUsed::Never),
        "no_information" | "not_supported" => Ok(LastUsed::Unknown),
        _ => time(field).map(|t| t.map_or(LastUsed::Unknown, LastUsed::At)),
    }
}

fn unexpected(field: &Field<'_>, wanted: &str) -> ValueError {
    let shown: String = crate::escape::terminal(&field.text)
        .chars()
        .take(40)
        .collect();
    (
        field.span.clone(),
        format!("expected {wanted}, found `{shown}`"),
    )
}
