//! The one model every front-end produces and every rule reads.
//!
//! A [`Model`] describes one *configuration*: a Terraform root module (with
//! the modules it calls), one plan, or one CloudFormation template. It holds
//! only facts: an access key is listed only when its existence, its user and
//! its status are all known. Whatever a front-end could not resolve goes to
//! [`Model::unresolved`] instead, so that rules never report on a guess and
//! `--verbose` can say why something was not checked.

mod accounts;
mod builder;
mod deployed;
mod iam;
mod link;

pub use accounts::note_names_across_accounts;
pub use builder::ModelBuilder;
pub use deployed::{DAY, Instant, KeyRecord, LastUsed, SECOND, parse_time};
pub use iam::{ACCOUNT_NEUTRAL_ARGUMENTS, KeyStatus, ResourceKind, UserId, arn_account};
pub use link::link;

use std::collections::{HashMap, HashSet};

use crate::source::Location;

/// Index of a [`Declaration`] in [`Model::declarations`].
pub type DeclId = usize;

/// One declaration in source: a resource block, a logical resource, or a plan
/// resource. Instances (`count`, `for_each`) share their declaration.
#[derive(Debug, Clone)]
pub struct Declaration {
    /// The Terraform address with its module path (`module.ci.aws_iam_access_key.this`)
    /// or the CloudFormation logical id.
    pub address: String,
    /// What is declared.
    pub kind: ResourceKind,
    /// Where: the whole block, logical-id entry, or plan resource.
    pub location: Location,
    /// The chain of module calls through which it was reached, outermost
    /// first (empty for the root module).
    pub via: Vec<Location>,
    /// What each place in `via` is, in words: [`MODULE_CALL`] or
    /// [`NESTED_STACK`].
    pub via_kind: &'static str,
    /// Other places that describe the same declaration, e.g. the plan entry
    /// of a resource whose primary location is its `.tf` block.
    pub notes: Vec<Note>,
}

/// A place worth showing beside a declaration, with what it is.
#[derive(Debug, Clone)]
pub struct Note {
    /// Where.
    pub location: Location,
    /// What it is, e.g. ``planned as `aws_iam_access_key.k[0]` in plan.json``.
    pub message: String,
}

/// A collection whose elements a fact ranges over: the fact stands for one
/// instance per element (a Terraform resource with `for_each` over a
/// variable that has no value), and holds for every element. Wherever the
/// same collection (by `id`) appears in one model, the same element is
/// meant: a key and a login profile that both range over `var.users` are,
/// element by element, the key and the profile of the same entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantifier {
    /// What identifies the collection within the model.
    pub id: String,
    /// How messages name it, e.g. ``every entry of `var.users` ``.
    pub shown: String,
    /// `true` for a condition on the element rather than a collection: a
    /// `for ... if` filter, which keeps only the elements that pass it
    /// (shown as ``that passes `if v.console` ``). A fact that ranges over
    /// it exists for those elements of the collection beside it only.
    pub filter: bool,
}

/// Whether a fact that ranges over `over` exists whenever one that ranges
/// over `anchor` does: when each collection it ranges over is one the
/// anchor ranges over too (the same element is then meant). A fact that
/// ranges over nothing always exists.
pub fn exists_with(over: &[Quantifier], anchor: &[Quantifier]) -> bool {
    exists_when(over, anchor).is_some_and(|filters| filters.is_empty())
}

/// The filters under which a fact that ranges over `over` exists whenever
/// one that ranges over `anchor` does, when only filters stand between
/// them: `Some(vec![])` when it always does, `Some(filters)` when it does
/// for the elements that pass those `over` has and `anchor` has not, `None`
/// when a collection of `over` is not `anchor`'s (it may create nothing),
/// and when `anchor` is behind a filter of its own: two filters may
/// exclude each other (`if v.console`, `if !v.console`), and no element
/// need pass both.
pub fn exists_when<'a>(
    over: &'a [Quantifier],
    anchor: &[Quantifier],
) -> Option<Vec<&'a Quantifier>> {
    let mut filters = Vec::new();
    for q in over {
        if anchor.iter().any(|a| a.id == q.id) {
            continue;
        }
        if !q.filter {
            return None;
        }
        filters.push(q);
    }
    if !filters.is_empty() && anchor.iter().any(|a| a.filter) {
        return None;
    }
    Some(filters)
}

/// One instance of an access key whose user and status are known.
#[derive(Debug, Clone)]
pub struct AccessKey {
    /// The declaration this instance comes from.
    pub decl: DeclId,
    /// The instance key: `[0]`, `["a"]`, or `None` for a single instance.
    pub instance: Option<String>,
    /// Whose key it is.
    pub user: UserId,
    /// `false` when the status is `Inactive`.
    pub active: bool,
    /// `true` when the key already exists (in a plan's prior state) rather
    /// than being created by this change.
    pub existing: bool,
    /// The collections it ranges over (empty: one concrete instance).
    pub every: Vec<Quantifier>,
}

/// One instance of a user declared in code whose name is known: what a
/// credential report's rows are tied back to.
#[derive(Debug, Clone)]
pub struct DeclaredUser {
    /// The user's declaration.
    pub decl: DeclId,
    /// The instance key, or `None` for a single instance.
    pub instance: Option<String>,
    /// Who it is (by name, with the account when it was told apart).
    pub user: UserId,
}

/// One instance of a console login profile whose user is known.
#[derive(Debug, Clone)]
pub struct LoginProfile {
    /// The declaration this instance comes from.
    pub decl: DeclId,
    /// The instance key, or `None` for a single instance.
    pub instance: Option<String>,
    /// Whose console password it is.
    pub user: UserId,
    /// The collections it ranges over (empty: one concrete instance).
    pub every: Vec<Quantifier>,
}

/// Something a front-end could not resolve, with the reason. Shown under
/// `--verbose`; never a finding.
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// Where the unresolved declaration or expression is.
    pub location: Location,
    /// The address or logical id it concerns.
    pub address: String,
    /// Why it was left out, e.g. `count depends on var.enabled, which has no value`.
    pub reason: String,
    /// What kind of resource it concerns, when it concerns one (a module
    /// call not followed may hold anything).
    pub kind: Option<ResourceKind>,
    /// `true` when it was checked, but only against what shares its
    /// identity (a user known only as `var.user_name`, or by its resource
    /// address), not against users known by name.
    pub partly: bool,
}

/// A request, written in the source, not to report some rules on a
/// declaration: a `# keylint:ignore <rule> <reason>` comment in Terraform,
/// `Metadata: {keylint: {ignore: ...}}` in CloudFormation. Front-ends record
/// it as written; the settings resolve the rule names, after the rules ran.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// What it asks for, as written.
    pub request: SuppressionRequest,
    /// Where the suppression is written.
    pub location: Location,
    /// The declaration it covers: findings starting inside it are silenced.
    pub target: Location,
}

/// The words of a suppression, before rule names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuppressionRequest {
    /// Free text after the marker: rule ids or names, then the reason
    /// (`<rule>, <rule>: why`). Where the rules end and the reason begins is
    /// decided by which words name rules.
    Directive(String),
    /// A comment that looks like a suppression but is not one
    /// (`keylint-ignore`, `keylint: ignore`), as written: it silences
    /// nothing, and says so.
    Malformed(String),
    /// Rule names and the reason given apart (CloudFormation metadata).
    Listed {
        /// Rule ids or names, as written.
        rules: Vec<String>,
        /// Why, as written (trimmed; `None` when empty or absent).
        reason: Option<String>,
    },
}

/// A Terraform `module` block, as a place a declaration is reached through.
pub const MODULE_CALL: &str = "module call";

/// A CloudFormation nested stack, as a place a declaration is reached through.
pub const NESTED_STACK: &str = "nested stack";

/// Every IAM fact of one configuration.
#[derive(Debug, Default)]
pub struct Model {
    /// Declarations referred to by keys and profiles.
    pub declarations: Vec<Declaration>,
    /// Access key instances with known user and status.
    pub access_keys: Vec<AccessKey>,
    /// Login profile instances with known user.
    pub login_profiles: Vec<LoginProfile>,
    /// Users declared in code whose names are known.
    pub users: Vec<DeclaredUser>,
    /// What was left out, and why.
    pub unresolved: Vec<Unresolved>,
    /// Suppressions written in the source.
    pub suppressions: Vec<Suppression>,
    /// Existing keys as their account records them (credential report,
    /// Terraform state), active or not.
    pub key_records: Vec<KeyRecord>,
    /// When the account's record was made (a credential report's
    /// `GeneratedTime`), when the input says: the default time ages are
    /// measured at.
    pub recorded_at: Option<Instant>,
    /// Declarations a suppression comment covers, with the rule it names:
    /// set by the pipeline before the rules run, for rules whose verdict on
    /// one declaration depends on others (a key suppressed for the
    /// two-keys rule no longer counts toward its user's keys).
    pub silenced: HashSet<(DeclId, &'static str)>,
    /// Findings that hold only for some inputs are wanted (`--all-inputs`):
    /// rules then also report a fact that exists only for the elements
    /// that pass a filter, saying so.
    pub all_inputs: bool,
}

impl Model {
    /// Adds a declaration and returns its id.
    pub fn declare(&mut self, decl: Declaration) -> DeclId {
        self.declarations.push(decl);
        self.declarations.len() - 1
    }

    /// Records something left unresolved.
    pub fn unresolved(&mut self, location: Location, address: &str, reason: impl Into<String>) {
        self.unresolved.push(Unresolved {
            location,
            address: address.to_owned(),
            reason: reason.into(),
            kind: None,
            partly: false,
        });
    }

    /// Says that the notes recorded since there were `since` of them
    /// concern a resource of `kind` (those that do not say already).
    pub fn notes_concern(&mut self, since: usize, kind: ResourceKind) {
        for note in self.unresolved.iter_mut().skip(since) {
            note.kind.get_or_insert(kind);
        }
    }

    /// Records something checked only against what shares its identity.
    pub fn partly_checked(&mut self, location: Location, address: &str, reason: impl Into<String>) {
        self.unresolved(location, address, reason);
        if let Some(last) = self.unresolved.last_mut() {
            last.partly = true;
        }
    }

    /// Whether a suppression comment covers `decl` for the rule `rule_id`.
    pub fn is_silenced(&self, decl: DeclId, rule_id: &'static str) -> bool {
        self.silenced.contains(&(decl, rule_id))
    }

    /// The declaration with this id.
    pub fn decl(&self, id: DeclId) -> &Declaration {
        &self.declarations[id]
    }

    /// Names every user to people without its name wherever one of its keys
    /// or login profiles has a sensitive name: a key written with the
    /// literal name must not show what another marks sensitive. Every
    /// mention of such a user is named as the first one that hides it.
    pub fn hide_sensitive_names(&mut self) {
        let mut hidden: HashMap<String, String> = HashMap::new();
        for user in self.users_mut().filter(|u| u.is_sensitive()) {
            hidden
                .entry(user.key.clone())
                .or_insert_with(|| user.display.clone());
        }
        if hidden.is_empty() {
            return;
        }
        for user in self.users_mut() {
            if let Some(display) = hidden.get(&user.key) {
                user.display.clone_from(display);
                user.hidden = true;
            }
        }
    }

    /// The users of every key and login profile.
    fn users_mut(&mut self) -> impl Iterator<Item = &mut UserId> {
        let keys = self.access_keys.iter_mut().map(|k| &mut k.user);
        keys.chain(self.login_profiles.iter_mut().map(|p| &mut p.user))
    }

    /// The address of a key or profile instance, with its instance suffix.
    pub fn instance_address(&self, decl: DeclId, instance: Option<&str>) -> String {
        let base = &self.declarations[decl].address;
        match instance {
            Some(i) => format!("{base}{i}"),
            None => base.clone(),
        }
    }
}
