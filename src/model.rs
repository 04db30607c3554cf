//! The one model every front-end produces and every rule reads.
//!
//! A [`Model`] describes one *configuration*: a Terraform root module (with
//! the modules it calls), one plan, or one CloudFormation template. It holds
//! only facts: an access key is listed only when its existence, its user and
//! its status are all known. Whatever a front-end could not resolve goes to
//! [`Model::unresolved`] instead, so that rules never report on a guess and
//! `--verbose` can say why something was not checked.

use crate::source::Location;

/// What an IAM declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// `aws_iam_access_key` / `AWS::IAM::AccessKey`.
    AccessKey,
    /// `aws_iam_user_login_profile` / `AWS::IAM::User` with `LoginProfile`.
    LoginProfile,
    /// `aws_iam_user` / `AWS::IAM::User`.
    User,
}

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

/// Who a key or login profile belongs to.
///
/// Two values are the same user exactly when their `key`s are equal. The key
/// is either a resolved IAM user name (`name:bob`) or, when the name is not
/// known, the identity of the user resource instance or of the unresolved
/// expression that certainly yields the same name (`ref:aws_iam_user.x[0]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId {
    /// Canonical identity; equal keys mean the same IAM user.
    pub key: String,
    /// How to name the user to people: the resolved name, or the address or
    /// logical id of the user resource when the name is not known.
    pub display: String,
}

impl UserId {
    /// A user known by its IAM user name.
    pub fn named(name: &str) -> Self {
        UserId {
            key: format!("name:{name}"),
            display: name.to_owned(),
        }
    }

    /// A user whose name is unknown but whose identity is certain, such as a
    /// user resource instance (`aws_iam_user.x[0]`) or a CloudFormation user
    /// without `UserName` (a generated name).
    pub fn by_identity(identity: &str, display: &str) -> Self {
        UserId {
            key: format!("ref:{identity}"),
            display: display.to_owned(),
        }
    }
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
}

/// A request, written in the source, not to report some rules on a declaration:
/// `# keylint:ignore KL002 reason` in Terraform, `Metadata: {keylint: {ignore: ...}}`
/// in CloudFormation.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Rule ids it silences (empty when it names none it could recognise).
    pub rules: Vec<&'static str>,
    /// Why, as written; `None` when no reason was given (itself a warning).
    pub reason: Option<String>,
    /// Where the suppression is written.
    pub location: Location,
    /// The declaration it covers: findings starting inside it are silenced.
    pub target: Location,
}

/// Every IAM fact of one configuration.
#[derive(Debug, Default)]
pub struct Model {
    /// Declarations referred to by keys and profiles.
    pub declarations: Vec<Declaration>,
    /// Access key instances with known user and status.
    pub access_keys: Vec<AccessKey>,
    /// Login profile instances with known user.
    pub login_profiles: Vec<LoginProfile>,
    /// What was left out, and why.
    pub unresolved: Vec<Unresolved>,
    /// Suppressions written in the source.
    pub suppressions: Vec<Suppression>,
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
        });
    }

    /// The declaration with this id.
    pub fn decl(&self, id: DeclId) -> &Declaration {
        &self.declarations[id]
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
