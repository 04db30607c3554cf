//! CloudFormation templates as data, drawn from the fuzzer's bytes and
//! rendered to JSON or YAML (block or flow style, long-form functions or
//! short-form tags): parameters, conditions, mappings, IAM users with login
//! profiles, access keys, group memberships, `Fn::ForEach` loops of the
//! `AWS::LanguageExtensions` transform, SAM resources, nested stacks and
//! outputs. Identifiers come from small pools so that references usually
//! resolve.

mod node;
mod render;
mod values;

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::arb::{Few, Sub, nest, pool};
pub use render::render;

pool!(
    /// Parameter names.
    ParamName {
        Env => "Env", UserName => "UserName", Names => "Names",
        Password => "Password", Console => "Console", Status => "Status",
    }
);

pool!(
    /// Condition names.
    CondName { IsProd => "IsProd", IsDev => "IsDev", WantsConsole => "WantsConsole", Always => "Always" }
);

pool!(
    /// User names, few so that keys and login profiles meet.
    UserWord { Alice => "alice", Bob => "bob", Ci => "ci", Ops => "ops" }
);

pool!(
    /// Mapping names.
    MapName { Users => "Users", Envs => "Envs" }
);

pool!(
    /// Keys of mappings (both levels).
    MapKey { Prod => "prod", Dev => "dev", Name => "name", Status => "status" }
);

pool!(
    /// Logical ids of users.
    UserId { Alice => "Alice", Bob => "Bob", Ci => "Ci", Ops => "Ops" }
);

pool!(
    /// Logical ids of other resources.
    LogicalId { Key => "Key", KeyTwo => "KeyTwo", Old => "Old", Team => "Team" }
);

pool!(
    /// `Fn::ForEach` identifiers (one shares a parameter's name).
    LoopVar { Name => "Name", Slot => "Slot", Env => "Env" }
);

pool!(
    /// `Fn::ForEach::<name>` loop names.
    LoopName { Users => "Users", Keys => "Keys", Slots => "Slots" }
);

pool!(
    /// Names a `Fn::Sub` variable map binds.
    SubVar { U => "U", V => "V" }
);

pool!(
    /// Attributes `Fn::GetAtt` reads.
    Attr { Arn => "Arn", Secret => "SecretAccessKey", UserName => "UserName" }
);

pool!(
    /// Output names.
    OutName { User => "UserOut", KeyId => "KeyId", Secret => "Secret" }
);

pool!(
    /// String literals.
    Word {
        Alice => "alice", Bob => "bob", Ci => "ci", Ops => "ops", Active => "Active",
        Inactive => "Inactive", Empty => "", Prod => "prod", Dev => "dev", Csv => "alice,bob",
        Yes => "yes", No => "no", Blue => "Blue", Green => "Green", Number => "1e3",
        True => "true", Null => "null", Unicode => "ü✓", Colon => "a: b", Hash => "x #y",
    }
);

/// How the template is written.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML in block style.
    Yaml,
    /// YAML in block style, resources in flow style.
    YamlFlow,
}

/// The `Transform` section.
#[derive(Debug, Arbitrary)]
pub enum Transform {
    /// None.
    None,
    /// `AWS::LanguageExtensions`, drawn twice as often.
    Language,
    /// `AWS::LanguageExtensions`.
    Language2,
    /// `AWS::Serverless-2016-10-31`.
    Sam,
    /// Both, in a list.
    Both,
}

/// A template (resources before the sections they refer to: the bytes are
/// drawn in field order, and the last fields get what is left).
#[derive(Debug, Arbitrary)]
pub struct Program {
    /// JSON or YAML.
    pub syntax: Syntax,
    /// YAML: short-form tags (`!Ref`) rather than long-form keys.
    pub short_tags: bool,
    /// YAML: plain scalars where they are safe, rather than quoted ones.
    pub plain: bool,
    /// `AWSTemplateFormatVersion`.
    pub version: bool,
    /// `Transform`.
    pub transform: Transform,
    /// `Resources`.
    pub resources: Few<Resource, 8>,
    /// `Parameters`.
    pub parameters: Few<Param, 4>,
    /// `Conditions`.
    pub conditions: Few<(CondName, Cond), 3>,
    /// `Mappings`.
    pub mappings: Few<Mapping, 2>,
    /// `Outputs`.
    pub outputs: Few<(OutName, Val), 2>,
    /// Below 32: references are written even where they mean nothing (a
    /// loop variable outside its loop).
    pub loose: u8,
}

/// A parameter's type.
#[derive(Debug, Arbitrary)]
pub enum ParamType {
    /// `String`.
    String,
    /// `String`, drawn twice as often.
    String2,
    /// `CommaDelimitedList`.
    List,
    /// `Number`.
    Number,
    /// `AWS::SSM::Parameter::Value<String>`.
    Ssm,
}

/// A parameter.
#[derive(Debug, Arbitrary)]
pub struct Param {
    /// Its name.
    pub name: ParamName,
    /// `Type`.
    pub ty: ParamType,
    /// `Default` (words joined with commas).
    pub default: Option<Few<Word, 3>>,
    /// `NoEcho: true`.
    pub no_echo: bool,
    /// `AllowedValues`.
    pub allowed: Option<Few<Word, 3>>,
}

/// A condition.
pub type Cond = Sub<CondKind>;

/// A condition: `Fn::Equals` or `Condition`, or compound (more likely
/// near the top).
#[derive(Debug)]
pub enum CondKind {
    /// `Fn::Equals`.
    Equals(Val, Val),
    /// `Condition: <name>`.
    Condition(CondName),
    /// `Fn::And`, `Fn::Or` or `Fn::Not`.
    Compound(CondCompound),
}

impl<'a> Arbitrary<'a> for CondKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if nest(u)? {
            return Ok(CondKind::Compound(CondCompound::arbitrary(u)?));
        }
        Ok(if u.arbitrary()? {
            CondKind::Equals(Val::arbitrary(u)?, Val::arbitrary(u)?)
        } else {
            CondKind::Condition(CondName::arbitrary(u)?)
        })
    }
}

/// A condition made of conditions.
#[derive(Debug, Arbitrary)]
pub enum CondCompound {
    /// `Fn::And`.
    And(Few<Cond, 3>),
    /// `Fn::Or`.
    Or(Few<Cond, 3>),
    /// `Fn::Not`.
    Not(Cond),
}

/// The second level of a mapping: keys, then a word or a list of words.
pub type MapLevel = Few<(MapKey, Few<Word, 2>), 3>;

/// A mapping: two levels of keys, then a word or a list of words.
#[derive(Debug, Arbitrary)]
pub struct Mapping {
    /// Its name.
    pub name: MapName,
    /// Its entries.
    pub entries: Few<(MapKey, MapLevel), 3>,
}

/// A user's `LoginProfile`.
#[derive(Debug, Arbitrary)]
pub enum Login {
    /// `{ Password: .. }`.
    Password(Val),
    /// `Fn::If [cond, { Password: .. }, AWS::NoValue]`.
    If(CondName),
    /// A password from Secrets Manager (a dynamic reference).
    Resolve,
}

/// A resource, or a loop of them.
#[derive(Debug, Arbitrary)]
pub enum Resource {
    /// `AWS::IAM::User`.
    User {
        /// The logical id.
        id: UserId,
        /// `UserName`.
        name: Option<UserVal>,
        /// `LoginProfile`.
        login: Option<Login>,
        /// `Condition`.
        condition: Condition,
    },
    /// `AWS::IAM::User`, drawn twice as often.
    User2 {
        /// The logical id.
        id: UserId,
        /// `LoginProfile`.
        login: Login,
    },
    /// `AWS::IAM::AccessKey`.
    Key(Key),
    /// `AWS::IAM::AccessKey`, drawn twice as often.
    Key2(Key),
    /// `AWS::IAM::AccessKey`, drawn three times as often.
    Key3(Key),
    /// `AWS::IAM::UserToGroupAddition`.
    Group {
        /// The logical id.
        id: LogicalId,
        /// `Users`.
        users: Few<Val, 3>,
    },
    /// `Fn::ForEach::<name>`.
    Loop(Box<Loop>),
    /// `AWS::Serverless::Function`.
    Function(LogicalId),
    /// `AWS::CloudFormation::Stack` naming this very template (`true`) or
    /// a template in S3.
    Stack(LogicalId, bool),
}

/// An access key.
#[derive(Debug, Arbitrary)]
pub struct Key {
    /// The logical id.
    pub id: LogicalId,
    /// `UserName`.
    pub user: UserVal,
    /// `Status`.
    pub status: Status,
    /// `Condition`.
    pub condition: Condition,
}

/// A resource's `Condition`, mostly none.
#[derive(Debug, Arbitrary)]
pub enum Condition {
    /// None.
    None,
    /// None, drawn twice as often.
    None2,
    /// None, drawn three times as often.
    None3,
    /// A condition.
    Some(CondName),
}

/// A user name, or what names a user.
#[derive(Debug, Arbitrary)]
pub enum UserVal {
    /// `Ref` to a user.
    Ref(UserId),
    /// `Ref` to a user, drawn twice as often.
    Ref2(UserId),
    /// A user name.
    Name(UserWord),
    /// Any value.
    Val(Val),
}

/// An access key's `Status`.
#[derive(Debug, Arbitrary)]
pub enum Status {
    /// None: active.
    Default,
    /// None, drawn twice as often.
    Default2,
    /// `Active`.
    Active,
    /// `Inactive`.
    Inactive,
    /// Any value.
    Val(Val),
}

/// What a loop iterates over.
#[derive(Debug, Arbitrary)]
pub enum Collection {
    /// A list of words.
    List(Few<Word, 3>),
    /// `Ref` to a parameter.
    Param(ParamName),
    /// Any value.
    Val(Val),
}

/// A `Fn::ForEach` loop.
#[derive(Debug, Arbitrary)]
pub struct Loop {
    /// `Fn::ForEach::<name>`.
    pub name: LoopName,
    /// The identifier.
    pub var: LoopVar,
    /// The collection.
    pub collection: Collection,
    /// `&{..}` rather than `${..}` in output keys.
    pub ampersand: bool,
    /// The resources of each copy (their logical ids get the identifier).
    pub body: Sub<Few<Resource, 3>>,
}

/// A value.
pub type Val = Sub<ValKind>;

/// What `Ref` names.
#[derive(Debug, Arbitrary)]
pub enum RefTarget {
    /// A user.
    User(UserId),
    /// A user, drawn twice as often.
    User2(UserId),
    /// Another resource.
    Other(LogicalId),
    /// A copy a loop made (`Alice` + `Blue`).
    Copy(UserId, Word),
    /// A parameter.
    Param(ParamName),
    /// A loop identifier.
    Loop(LoopVar),
    /// `AWS::AccountId`.
    Account,
    /// `AWS::StackName`.
    StackName,
    /// `AWS::NoValue`.
    NoValue,
}

/// A piece of a `Fn::Sub` template.
#[derive(Debug, Arbitrary)]
pub enum SubPart {
    /// Literal text.
    Text(Word),
    /// `${Param}`, `${Resource}` and the like.
    Ref(RefTarget),
    /// `${Resource.Attr}`.
    Attr(UserId, Attr),
    /// `${U}`, from the variable map.
    Var(SubVar),
    /// `${!Literal}`.
    Bang,
}

/// A value: a leaf, or compound (more likely near the top).
#[derive(Debug)]
pub enum ValKind {
    /// A value without values inside.
    Leaf(Leaf),
    /// A value made of values.
    Compound(Compound),
}

impl<'a> Arbitrary<'a> for ValKind {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if nest(u)? {
            ValKind::Compound(Compound::arbitrary(u)?)
        } else {
            ValKind::Leaf(Leaf::arbitrary(u)?)
        })
    }
}

/// A value without values inside.
#[derive(Debug, Arbitrary)]
pub enum Leaf {
    /// A string.
    Lit(Word),
    /// A string, drawn twice as often.
    Lit2(Word),
    /// `Ref`.
    Ref(RefTarget),
    /// `Ref`, drawn twice as often.
    Ref2(RefTarget),
    /// `Ref`, drawn three times as often.
    Ref3(RefTarget),
    /// `Fn::GetAtt`.
    GetAtt(UserId, Attr),
    /// `Fn::Sub` without a variable map.
    Sub(Few<SubPart, 3>),
    /// `Fn::FindInMap` with keys from the pool.
    FindKeys(MapName, MapKey, MapKey),
    /// `Fn::GetAZs`.
    GetAzs,
    /// A number.
    Number(i8),
    /// A boolean.
    Bool(bool),
}

/// A value made of values.
#[derive(Debug, Arbitrary)]
pub enum Compound {
    /// `Fn::Sub`, with a variable map when there are variables.
    Sub(Few<SubPart, 3>, Few<(SubVar, Val), 2>),
    /// `Fn::Join`.
    Join(Word, Few<Val, 3>),
    /// `Fn::Select`.
    Select(u8, Val),
    /// `Fn::Split`.
    Split(Val),
    /// `Fn::If`.
    If(CondName, Val, Val),
    /// `Fn::FindInMap`, with a `DefaultValue` sometimes.
    FindInMap(MapName, Val, Val, Option<Val>),
    /// `Fn::ImportValue`.
    ImportValue(Val),
    /// `Fn::Length`.
    Length(Val),
    /// `Fn::ToJsonString`.
    ToJsonString(Val),
    /// `Fn::Base64`.
    Base64(Val),
    /// A list.
    List(Few<Val, 3>),
}
