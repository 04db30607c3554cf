//! The IAM vocabulary every front-end shares: what kinds of resources the
//! rules read, how each input format names them, key statuses, and who a
//! user is.

/// What an IAM declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// An access key: `aws_iam_access_key` / `AWS::IAM::AccessKey`.
    AccessKey,
    /// A console password: `aws_iam_user_login_profile`, or the
    /// `LoginProfile` property of an `AWS::IAM::User`.
    LoginProfile,
    /// A user: `aws_iam_user` / `AWS::IAM::User`.
    User,
}

impl ResourceKind {
    /// The Terraform resource type (`hashicorp/aws` provider) of this kind.
    pub const fn terraform_type(self) -> &'static str {
        match self {
            ResourceKind::AccessKey => "aws_iam_access_key",
            ResourceKind::LoginProfile => "aws_iam_user_login_profile",
            ResourceKind::User => "aws_iam_user",
        }
    }

    /// The kind of a Terraform resource type, if it is one the rules read.
    pub fn from_terraform_type(rtype: &str) -> Option<Self> {
        [
            ResourceKind::AccessKey,
            ResourceKind::LoginProfile,
            ResourceKind::User,
        ]
        .into_iter()
        .find(|kind| kind.terraform_type() == rtype)
    }

    /// The CloudFormation resource type of this kind. A login profile is not
    /// a resource of its own there, but a property of its user.
    pub const fn cloudformation_type(self) -> &'static str {
        match self {
            ResourceKind::AccessKey => "AWS::IAM::AccessKey",
            ResourceKind::LoginProfile | ResourceKind::User => "AWS::IAM::User",
        }
    }

    /// The kind of a CloudFormation resource type: an access key or a user.
    pub fn from_cloudformation_type(rtype: &str) -> Option<Self> {
        [ResourceKind::AccessKey, ResourceKind::User]
            .into_iter()
            .find(|kind| kind.cloudformation_type() == rtype)
    }
}

/// Arguments of an AWS provider configuration that do not change the
/// account it targets: IAM is global, so two configurations that differ
/// only in these target the same account.
pub const ACCOUNT_NEUTRAL_ARGUMENTS: &[&str] = &["region", "alias", "default_tags", "ignore_tags"];

/// The account id in an IAM ARN (`arn:aws:iam::111122223333:role/x`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// An access key's status, as every format spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// `Active`, also the default when no status is given.
    Active,
    /// `Inactive`: the key exists but cannot sign requests.
    Inactive,
}

impl KeyStatus {
    /// Reads `Active` or `Inactive` (exactly: the AWS API and both
    /// providers reject other spellings); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Active" => Some(KeyStatus::Active),
            "Inactive" => Some(KeyStatus::Inactive),
            _ => None,
        }
    }

    /// Whether a key with this status can sign requests.
    pub fn is_active(self) -> bool {
        self == KeyStatus::Active
    }
}

/// The longest expression quoted in place of a sensitive name, in bytes.
const SENSITIVE_SOURCE_MAX: usize = 60;

/// Who a key or login profile belongs to.
///
/// Two values are the same user exactly when their `key`s are equal. The key
/// is either a resolved IAM user name (`name:bob`) or, when the name is not
/// known, the identity of the user resource instance or of the unresolved
/// expression that certainly yields the same name (`ref:aws_iam_user.x[0]`),
/// and, where a configuration may span accounts, the account (one name in
/// two accounts is two users).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId {
    /// Canonical identity; equal keys mean the same IAM user.
    pub key: String,
    /// How to name the user to people: the resolved name, or the address or
    /// logical id of the user resource when the name is not known.
    pub display: String,
    /// The account, when it was told apart: equal accounts are provably the
    /// same account.
    pub account: Option<String>,
    /// Whether the name is sensitive: `display` then names where the name
    /// comes from, never the name (see [`UserId::sensitive`]).
    pub hidden: bool,
}

impl UserId {
    /// A user known by its IAM user name.
    pub fn named(name: &str) -> Self {
        UserId {
            key: format!("name:{name}"),
            display: name.to_owned(),
            account: None,
            hidden: false,
        }
    }

    /// A user whose name is unknown but whose identity is certain, such as a
    /// user resource instance (`aws_iam_user.x[0]`) or a CloudFormation user
    /// without `UserName` (a generated name).
    pub fn by_identity(identity: &str, display: &str) -> Self {
        UserId {
            key: format!("ref:{identity}"),
            display: display.to_owned(),
            account: None,
            hidden: false,
        }
    }

    /// This user, named to people without its name: the name is derived
    /// from a sensitive value (a Terraform `sensitive` variable or output,
    /// a value given at run time, a CloudFormation `NoEcho` parameter).
    /// People see `source` instead, the expression or address the name
    /// comes from (`var.db_password`, `aws_iam_user.x.name`), on one line
    /// and shortened, followed by `(sensitive)`. Still compared by name.
    pub fn sensitive(mut self, source: &str) -> Self {
        let source = crate::source::one_line(source, SENSITIVE_SOURCE_MAX);
        self.display = format!("{source} (sensitive)");
        self.hidden = true;
        self
    }

    /// Whether the user's name is not shown (see [`UserId::sensitive`]).
    pub fn is_sensitive(&self) -> bool {
        self.hidden
    }

    /// The key without the account: the same name in any account.
    pub fn name_key(&self) -> &str {
        match &self.account {
            Some(account) => self
                .key
                .strip_suffix(account.as_str())
                .and_then(|k| k.strip_suffix('@'))
                .unwrap_or(&self.key),
            None => &self.key,
        }
    }

    /// This user in one account (a key that provably names the account).
    pub fn in_account(mut self, account: &str) -> Self {
        self.key = format!("{}@{account}", self.key);
        self.account = Some(account.to_owned());
        self
    }
}

impl From<&str> for UserId {
    /// A user known by name.
    fn from(name: &str) -> Self {
        UserId::named(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_of_both_formats() {
        for kind in [
            ResourceKind::AccessKey,
            ResourceKind::LoginProfile,
            ResourceKind::User,
        ] {
            assert_eq!(
                ResourceKind::from_terraform_type(kind.terraform_type()),
                Some(kind)
            );
        }
        assert_eq!(ResourceKind::from_terraform_type("aws_iam_group"), None);
        assert_eq!(
            ResourceKind::from_cloudformation_type("AWS::IAM::User"),
            Some(ResourceKind::User)
        );
        assert_eq!(
            ResourceKind::from_cloudformation_type("AWS::IAM::AccessKey"),
            Some(ResourceKind::AccessKey)
        );
        assert_eq!(
            ResourceKind::from_cloudformation_type("AWS::IAM::Role"),
            None
        );
    }

    #[test]
    fn accounts_of_arns() {
        assert_eq!(
            arn_account("arn:aws:iam::111122223333:role/deploy"),
            Some("111122223333")
        );
        assert_eq!(arn_account("arn:aws:iam::x:role/deploy"), None);
        assert_eq!(arn_account("not an arn"), None);
    }

    #[test]
    fn statuses_are_exact() {
        assert_eq!(KeyStatus::parse("Active"), Some(KeyStatus::Active));
        assert_eq!(KeyStatus::parse("Inactive"), Some(KeyStatus::Inactive));
        assert_eq!(KeyStatus::parse("active"), None);
        assert!(!KeyStatus::Inactive.is_active());
    }

    #[test]
    fn users_by_name_and_identity_never_collide() {
        let named = UserId::named("aws_iam_user.x");
        let identity = UserId::by_identity("aws_iam_user.x", "aws_iam_user.x");
        assert_ne!(named, identity);
        assert_eq!(named.display, identity.display);
        assert_eq!(UserId::from("bob"), UserId::named("bob"));
    }
}
