//! What an account records about its access keys (the IAM credential
//! report, Terraform state): when each key was created and last used, and
//! whether its user has a console password. The facts behind the rules on
//! unused, unrotated and root keys, and behind the report's own reading of
//! the console-login and two-keys controls.

use super::{DeclId, UserId};

/// A point in time: nanoseconds since the Unix epoch, UTC (years 1678 to
/// 2262). Reports give times with offsets; they are compared as instants,
/// fractions of a second included (rounding both to the second could move
/// a time across a limit).
pub type Instant = i64;

/// A second, in [`Instant`] units.
pub const SECOND: i64 = 1_000_000_000;

/// A day: ages in days are counted in whole 86,400-second days.
pub const DAY: i64 = 86_400 * SECOND;

/// When a key was last used, as the account recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastUsed {
    /// Never (`N/A` in a credential report).
    Never,
    /// At this time.
    At(Instant),
    /// Not recorded: `no_information` (keys unused since before AWS began
    /// tracking it), or a source that does not say (Terraform state).
    Unknown,
}

/// One existing access key as its account records it.
#[derive(Debug, Clone)]
pub struct KeyRecord {
    /// The key's declaration: its place in the report or state.
    pub decl: DeclId,
    /// The instance key (`[0]`, `["a"]`) when the declaration has several.
    pub instance: Option<String>,
    /// The declaration that stands for the key's user (a report row), for
    /// findings about the user rather than one key.
    pub user_decl: DeclId,
    /// Whose key it is.
    pub user: UserId,
    /// Whether the key can sign requests.
    pub active: bool,
    /// Whether it is a key of the account's root user.
    pub root: bool,
    /// When it was created (a report's `last_rotated`, state's
    /// `create_date`), when known.
    pub created: Option<Instant>,
    /// When it was last used.
    pub last_used: LastUsed,
    /// When its user was created, when known.
    pub user_created: Option<Instant>,
    /// Whether its user has a console password: `Some(true)` or
    /// `Some(false)` when the source says, `None` when it does not
    /// (Terraform state, whose login profiles are facts of their own).
    pub password_enabled: Option<bool>,
    /// Whether the key is also an access key fact of the model (Terraform
    /// state): rules that count declared keys count it already.
    pub declared: bool,
    /// How many active keys the code linted in the same run declares for
    /// this user in this account, when that is known: the account is
    /// provably the same and the code was wholly resolved (set by
    /// [`link`](super::link)).
    pub code_keys: Option<usize>,
}

/// Reads an RFC 3339 time (`2024-05-01T12:00:00Z`, `...+02:00`, with or
/// without fractions of a second) as an instant.
pub fn parse_time(text: &str) -> Result<Instant, String> {
    use time::format_description::well_known::Rfc3339;
    let time = time::OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|e| format!("not an RFC 3339 time ({e})"))?;
    i64::try_from(time.unix_timestamp_nanos())
        .map_err(|_| "a time out of range (years 1678 to 2262)".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_instants_with_their_offsets_honoured() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(
            parse_time("2024-02-29T23:59:59.999-00:30"),
            Ok(1_709_253_000 * SECOND - 1_000_000)
        );
        assert!(parse_time("9999-01-01T00:00:00Z").is_err());
        assert!(parse_time("2023-02-29T00:00:00Z").is_err());
        assert!(parse_time("2024-01-01 00:00:00").is_err());
        assert!(parse_time("N/A").is_err());
    }
}
