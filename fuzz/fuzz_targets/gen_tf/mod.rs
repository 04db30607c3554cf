//! Terraform configurations as data, drawn from the fuzzer's bytes and
//! rendered to HCL: a root module and up to three local child modules that
//! call each other (and themselves), variables, locals that refer to each
//! other, IAM users, login profiles and access keys under `count` and
//! `for_each`, providers, data sources and outputs. Identifiers come from
//! small pools so that references usually resolve.

pub mod expr;
mod render;
mod render_expr;

use arbitrary::Arbitrary;

use crate::arb::{Few, pool};
use expr::{Expr, Part, Word};
pub use render::render;

pool!(
    /// Variable names (the arguments of module calls too).
    VarName {
        Name => "name", Names => "names", Console => "console", Keys => "keys",
        Users => "users", Status => "status",
    }
);

pool!(
    /// Local value names.
    LocalName {
        A => "a", B => "b", C => "c", Names => "names", Users => "users",
        Status => "status", Prefix => "prefix", Cfg => "cfg",
    }
);

pool!(
    /// Resource names (of every resource type).
    ResName { This => "this", Ci => "ci", Ops => "ops", Admin => "admin" }
);

pool!(
    /// Module call names.
    ModName { M => "m", Team => "team", Child => "child", Again => "again" }
);

pool!(
    /// Output names.
    OutName { Name => "name", Names => "names", Users => "users", Key => "key", All => "all" }
);

pool!(
    /// Data source names.
    DataName { Current => "current", This => "this", Ci => "ci" }
);

pool!(
    /// User names, few so that keys and login profiles meet.
    UserWord { Alice => "alice", Bob => "bob", Ci => "ci", Ops => "ops" }
);

pool!(
    /// Provider aliases.
    Alias { West => "west", Prod => "prod" }
);

/// A configuration: the root module (in the scanned directory) and its
/// local children, in `m1/`, `m2/` and `m3/`.
#[derive(Debug, Arbitrary)]
pub struct Program {
    /// The root module.
    pub root: Module,
    /// The child modules.
    pub children: Few<Module, 3>,
    /// Below 32: references are written even where they mean nothing
    /// (`each.key` without `for_each`, a `for` variable out of scope), and
    /// blocks twice, to reach the error paths.
    pub loose: u8,
}

/// One module's blocks (the IAM resources first: the bytes are drawn in
/// field order, and the last fields get what is left).
#[derive(Debug, Arbitrary)]
pub struct Module {
    /// `resource` blocks.
    pub resources: Few<Resource, 8>,
    /// The `locals` block.
    pub locals: Few<(LocalName, Expr), 6>,
    /// `variable` blocks.
    pub variables: Few<Variable, 5>,
    /// `module` blocks.
    pub calls: Few<ModuleCall, 2>,
    /// `output` blocks.
    pub outputs: Few<Output, 3>,
    /// `provider "aws"` blocks.
    pub providers: Few<Provider, 2>,
    /// `data` blocks.
    pub data: Few<Data, 2>,
    /// `t.tftpl`, read by `templatefile`.
    pub template: Option<Few<Part, 4>>,
}

/// A type constraint.
#[derive(Debug, Arbitrary)]
pub enum TypeCon {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(string)`.
    ListString,
    /// `set(string)`.
    SetString,
    /// `map(string)`.
    MapString,
    /// `any`.
    Any,
    /// `object({ name = string, keys = optional(number, 1) })`.
    Object,
    /// `list(object({ name = string, console = optional(bool) }))`.
    ListObject,
    /// `map(any)`.
    MapAny,
}

/// A variable's `type`.
#[derive(Debug, Arbitrary)]
pub enum Type {
    /// None.
    None,
    /// The type of the default.
    OfDefault,
    /// The type of the default, drawn twice as often.
    OfDefault2,
    /// Any type.
    Other(TypeCon),
}

/// A `variable` block.
#[derive(Debug, Arbitrary)]
pub struct Variable {
    /// Its name.
    pub name: VarName,
    /// `type`.
    pub ty: Type,
    /// `default`.
    pub default: Default,
    /// Below 64: `sensitive = true`.
    pub sensitive: u8,
}

/// A variable's default.
#[derive(Debug, Arbitrary)]
pub enum Default {
    /// None: the variable has no value.
    None,
    /// A user name.
    User(UserWord),
    /// A user name, drawn twice as often.
    User2(UserWord),
    /// `true` or `false`.
    Bool(bool),
    /// A small number.
    Number(u8),
    /// A list of user names.
    List(Few<UserWord, 3>),
    /// A map from user names to statuses (`true`: `Active`).
    Map(Few<(UserWord, bool), 3>),
    /// `{ name = .., keys = .. }`.
    Object(UserWord, u8),
    /// Any expression (references written as literals).
    Expr(Expr),
}

/// A provider's `region`.
#[derive(Debug, Arbitrary)]
pub enum Region {
    /// `us-east-1`.
    UsEast1,
    /// `eu-west-1`.
    EuWest1,
    /// Any expression.
    Expr(Expr),
}

/// A `provider "aws"` block.
#[derive(Debug, Arbitrary)]
pub struct Provider {
    /// `alias`.
    pub alias: Option<Alias>,
    /// `region`.
    pub region: Option<Region>,
    /// `assume_role { role_arn = .. }`.
    pub role: Option<Role>,
    /// `profile = "dev"`.
    pub profile: bool,
}

/// The role a provider assumes.
#[derive(Debug, Arbitrary)]
pub enum Role {
    /// A role in account 111111111111 (`false`) or 222222222222 (`true`).
    Account(bool),
    /// The same, drawn twice as often.
    Account2(bool),
    /// Any expression.
    Expr(Expr),
}

/// `count`, `for_each` or neither.
#[derive(Debug, Arbitrary)]
pub enum Meta {
    /// Neither.
    Single,
    /// Neither, drawn twice as often.
    Single2,
    /// Neither, drawn three times as often.
    Single3,
    /// `count`.
    Count(Count),
    /// `for_each`.
    ForEach(ForEach),
}

/// A `count` value.
#[derive(Debug, Arbitrary)]
pub enum Count {
    /// A number (0 to 3).
    Lit(u8),
    /// `var.<name> ? 1 : 0`.
    Flag(VarName),
    /// `length(var.<name>)`.
    Length(VarName),
    /// Any expression.
    Expr(Expr),
}

/// A `for_each` value.
#[derive(Debug, Arbitrary)]
pub enum ForEach {
    /// `toset([..])`.
    Set(Few<Word, 3>),
    /// `{ k = "v" }`.
    Map(Few<(Word, Word), 3>),
    /// `toset(var.<name>)`.
    Var(VarName),
    /// `local.<name>`.
    Local(LocalName),
    /// `aws_iam_user.<name>` (chaining over another `for_each`).
    Resource(ResName),
    /// Any expression.
    Expr(Expr),
}

/// The user an access key or login profile belongs to, or a user's name.
#[derive(Debug, Arbitrary)]
pub enum UserRef {
    /// A user name.
    Known(UserWord),
    /// A user name, drawn twice as often.
    Known2(UserWord),
    /// A user name, drawn three times as often.
    Known3(UserWord),
    /// A user name, drawn four times as often.
    Known4(UserWord),
    /// Any string.
    Lit(Word),
    /// `aws_iam_user.<name>.name`.
    Name(ResName),
    /// `aws_iam_user.<name>.name`, drawn twice as often.
    Name2(ResName),
    /// `aws_iam_user.<name>.name`, drawn three times as often.
    Name3(ResName),
    /// A splat over the user's instances, narrowed to one.
    Splat(ResName, u8),
    /// `aws_iam_user.<name>[i].name`.
    Index(ResName, u8),
    /// `each.key`.
    EachKey,
    /// `each.value`.
    EachValue,
    /// `aws_iam_user.<name>[each.key].name`.
    EachOf(ResName),
    /// `aws_iam_user.<name>[count.index].name`.
    CountOf(ResName),
    /// `module.<name>.<output>`.
    Module(ModName, OutName),
    /// `module.<name>[i].<output>`.
    ModuleIndexed(ModName, u8, OutName),
    /// `var.<name>`.
    Var(VarName),
    /// `local.<name>`.
    Local(LocalName),
    /// `data.aws_iam_user.<name>.user_name`.
    Data(DataName),
    /// Any expression.
    Expr(Expr),
}

/// An access key's `status`.
#[derive(Debug, Arbitrary)]
pub enum Status {
    /// None: active.
    Default,
    /// None, drawn twice as often.
    Default2,
    /// None, drawn three times as often.
    Default3,
    /// `"Active"`.
    Active,
    /// `"Inactive"`.
    Inactive,
    /// `var.<name> ? "Active" : "Inactive"`.
    Flag(VarName),
    /// Any expression.
    Expr(Expr),
}

/// The IAM resource types.
#[derive(Debug, Arbitrary)]
pub enum ResKind {
    /// `aws_iam_user`.
    User,
    /// `aws_iam_user_login_profile`.
    Profile,
    /// `aws_iam_access_key`.
    Key,
    /// `aws_iam_access_key`, drawn twice as often.
    Key2,
}

/// Something `depends_on` names.
#[derive(Debug, Arbitrary)]
pub enum Dep {
    /// `aws_iam_user.<name>`.
    User(ResName),
    /// `aws_iam_access_key.<name>`.
    Key(ResName),
    /// `module.<name>`.
    Module(ModName),
}

/// A `resource` block.
#[derive(Debug, Arbitrary)]
pub struct Resource {
    /// Its type.
    pub kind: ResKind,
    /// Its name.
    pub name: ResName,
    /// `count` or `for_each`.
    pub meta: Meta,
    /// `user` (`name` for a user).
    pub user: UserRef,
    /// `status` (access keys only).
    pub status: Status,
    /// `depends_on`.
    pub depends_on: Few<Dep, 2>,
    /// `provider = aws.<alias>`.
    pub provider: Option<Alias>,
}

/// A `module` block.
#[derive(Debug, Arbitrary)]
pub struct ModuleCall {
    /// Its name.
    pub name: ModName,
    /// Picks `source`: mostly a child module, sometimes the calling module
    /// itself, the root, a registry module or a directory that is missing.
    pub source: u8,
    /// `count` or `for_each`.
    pub meta: Meta,
    /// Arguments (the child's variables).
    pub args: Few<(VarName, Expr), 4>,
    /// `providers = { aws = aws.<alias> }`.
    pub providers: Option<Alias>,
    /// `depends_on`.
    pub depends_on: Few<Dep, 1>,
}

/// A `data` block.
#[derive(Debug, Arbitrary)]
pub enum Data {
    /// `data "aws_iam_user" "<name>" { user_name = .. }`.
    User(DataName, Expr),
    /// `data "aws_caller_identity" "current" {}`.
    Caller,
    /// `data "aws_region" "current" {}`.
    Region,
}

/// An `output` block.
#[derive(Debug, Arbitrary)]
pub struct Output {
    /// Its name.
    pub name: OutName,
    /// `value`.
    pub value: Expr,
    /// `sensitive = true`.
    pub sensitive: bool,
}
