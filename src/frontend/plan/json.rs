//! Borrowing serde types for the few parts of a plan that keylint reads.
//!
//! Plans can be 100+ MB on one line, so nothing here builds a generic JSON
//! tree. Unknown fields are skipped by serde without allocating, resource
//! lists keep only IAM resources while they are read, and `values`,
//! `after_unknown` and `expressions` stay raw slices of the input that are
//! parsed only for those few resources. Strings borrow from the input unless
//! they hold escapes.
//!
//! Secrets (`secret`, `ses_smtp_password_v4`, `password`, `encrypted_*`) are
//! never fields of any type here, so they are skipped like any other field.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::borrowed::{Filtered, RawStr, Relevant, Str};
use crate::model::ResourceKind;

/// The IAM kind of a managed resource, or `None` for anything else
/// (including data sources, which create nothing).
pub(super) fn iam_kind(mode: Option<&Str<'_>>, rtype: &Str<'_>) -> Option<ResourceKind> {
    if mode.is_some_and(|m| m.0 != "managed") {
        return None;
    }
    ResourceKind::from_terraform_type(&rtype.0)
}

/// Whether a resource is a key or a login profile (not a user).
fn is_key_or_profile(mode: Option<&Str<'_>>, rtype: &Str<'_>) -> bool {
    matches!(
        iam_kind(mode, rtype),
        Some(ResourceKind::AccessKey | ResourceKind::LoginProfile)
    )
}

/// A whole plan document, which must be a JSON object: serde would also
/// read a struct from an array, field by position.
#[derive(Debug)]
pub(super) struct Document<'a>(pub Plan<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for Document<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DocumentVisitor<'a>(PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for DocumentVisitor<'a> {
            type Value = Document<'a>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a Terraform plan (a JSON object)")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Plan::deserialize(MapAccessDeserializer::new(map)).map(Document)
            }
        }

        deserializer.deserialize_map(DocumentVisitor(PhantomData))
    }
}

/// The top level of `terraform show -json plan.out`.
#[derive(Debug, Deserialize)]
pub(super) struct Plan<'a> {
    /// `"0.1"` to `"1.2"` in the versions keylint knows.
    #[serde(borrow)]
    pub format_version: Option<Str<'a>>,
    /// What exists after apply.
    #[serde(borrow)]
    pub planned_values: Option<StateValues<'a>>,
    /// One change per resource instance (IAM keys and profiles only).
    #[serde(borrow)]
    pub resource_changes: Option<Filtered<ResourceChange<'a>>>,
    /// What exists before apply.
    #[serde(borrow)]
    pub prior_state: Option<PriorState<'a>>,
    /// The configuration, for expressions whose value is unknown.
    #[serde(borrow)]
    pub configuration: Option<Configuration<'a>>,
}

/// `prior_state`: a state representation.
#[derive(Debug, Deserialize)]
pub(super) struct PriorState<'a> {
    /// The resources, by module.
    #[serde(borrow)]
    pub values: Option<StateValues<'a>>,
}

/// `planned_values` or `prior_state.values`.
#[derive(Debug, Deserialize)]
pub(super) struct StateValues<'a> {
    /// The root module (absent in some plans of empty configurations).
    #[serde(borrow)]
    pub root_module: Option<Module<'a>>,
}

/// A module instance of a state representation.
#[derive(Debug, Deserialize)]
pub(super) struct Module<'a> {
    /// Its IAM resources.
    #[serde(borrow)]
    pub resources: Option<Filtered<Resource<'a>>>,
    /// The module instances it calls.
    #[serde(borrow)]
    pub child_modules: Option<Vec<Module<'a>>>,
}

/// A resource instance of a state representation.
#[derive(Debug, Deserialize)]
pub(super) struct Resource<'a> {
    /// Full instance address, e.g. `module.a.aws_iam_access_key.k[0]`.
    #[serde(borrow)]
    pub address: RawStr<'a>,
    /// `managed` or `data`.
    #[serde(borrow)]
    pub mode: Option<Str<'a>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub kind: Str<'a>,
    /// Attribute values, read later only for IAM resources.
    #[serde(borrow)]
    pub values: Option<&'a RawValue>,
    /// Which attribute values are sensitive (not to be shown).
    #[serde(borrow)]
    pub sensitive_values: Option<&'a RawValue>,
}

impl Resource<'_> {
    /// The IAM type of this resource, if it is one.
    pub(super) fn iam_kind(&self) -> Option<ResourceKind> {
        iam_kind(self.mode.as_ref(), &self.kind)
    }
}

impl Relevant for Resource<'_> {
    fn relevant(&self) -> bool {
        self.iam_kind().is_some()
    }
}

/// One entry of `resource_changes`.
#[derive(Debug, Deserialize)]
pub(super) struct ResourceChange<'a> {
    /// Full instance address.
    #[serde(borrow)]
    pub address: RawStr<'a>,
    /// `managed` or `data`.
    #[serde(borrow)]
    pub mode: Option<Str<'a>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub kind: Str<'a>,
    /// Set for a deposed object (left by `create_before_destroy`), which is
    /// not the current object at this address.
    pub deposed: Option<IgnoredAny>,
    /// What happens to it.
    #[serde(borrow)]
    pub change: Change<'a>,
}

impl Relevant for ResourceChange<'_> {
    fn relevant(&self) -> bool {
        self.deposed.is_none() && is_key_or_profile(self.mode.as_ref(), &self.kind)
    }
}

/// `resource_changes[].change`.
#[derive(Debug, Deserialize)]
pub(super) struct Change<'a> {
    /// The planned actions.
    pub actions: Action,
    /// Which attributes of `after` are unknown until apply.
    #[serde(borrow)]
    pub after_unknown: Option<&'a RawValue>,
}

/// What a plan does to one resource instance (`change.actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// `["no-op"]`.
    NoOp,
    /// `["create"]`.
    Create,
    /// `["read"]`.
    Read,
    /// `["update"]`.
    Update,
    /// Exactly `["delete"]`: the object is gone after apply.
    Delete,
    /// `delete` and `create` in either order: one new object.
    Replace,
    /// `["forget"]`: removed from state, left in AWS.
    Forget,
    /// Any other combination, or actions this version does not know.
    Other,
}

impl Action {
    /// Whether the object that exists before apply is still the same object
    /// after apply.
    pub(super) fn keeps_object(self) -> bool {
        matches!(
            self,
            Action::NoOp | Action::Read | Action::Update | Action::Forget
        )
    }

    fn from_flags(flags: u8, count: usize) -> Action {
        const ONE_OF: [(u8, Action); 6] = [
            (NO_OP, Action::NoOp),
            (CREATE, Action::Create),
            (READ, Action::Read),
            (UPDATE, Action::Update),
            (DELETE, Action::Delete),
            (FORGET, Action::Forget),
        ];
        if count == 2 && flags == CREATE | DELETE {
            return Action::Replace;
        }
        if count != 1 {
            return Action::Other;
        }
        ONE_OF
            .iter()
            .find(|(flag, _)| *flag == flags)
            .map_or(Action::Other, |&(_, action)| action)
    }
}

const NO_OP: u8 = 1;
const CREATE: u8 = 2;
const READ: u8 = 4;
const UPDATE: u8 = 8;
const DELETE: u8 = 16;
const FORGET: u8 = 32;
const UNKNOWN: u8 = 64;

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ActionsVisitor;

        impl<'de> Visitor<'de> for ActionsVisitor {
            type Value = Action;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of actions")
            }

            // Folded into flags as it is read: no vector per resource change.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Action, A::Error> {
                let (mut flags, mut count) = (0u8, 0usize);
                while let Some(action) = seq.next_element::<Str<'de>>()? {
                    count += 1;
                    flags |= match action.0.as_ref() {
                        "no-op" => NO_OP,
                        "create" => CREATE,
                        "read" => READ,
                        "update" => UPDATE,
                        "delete" => DELETE,
                        "forget" => FORGET,
                        _ => UNKNOWN,
                    };
                }
                Ok(Action::from_flags(flags, count))
            }
        }

        deserializer.deserialize_seq(ActionsVisitor)
    }
}

/// The attributes of IAM resources that the rules read, parsed from a raw
/// `values` object. Everything else, secrets included, is skipped.
#[derive(Debug, Default, Deserialize)]
pub(super) struct IamValues<'a> {
    /// The user of a key or login profile.
    #[serde(borrow)]
    pub user: Option<Str<'a>>,
    /// `Active` or `Inactive` for a key.
    #[serde(borrow)]
    pub status: Option<Str<'a>>,
    /// The name of a user.
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
}

/// Which of the names that matter are sensitive, from `sensitive_values`:
/// Terraform marks values derived from sensitive ones, and keylint must not
/// show them.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct SensitiveNames {
    /// The `user` of a key or login profile.
    pub user: bool,
    /// The `name` of a user.
    pub name: bool,
}

impl SensitiveNames {
    /// Reads `sensitive_values`: an object of the sensitive attributes, or
    /// a bare `true` for a value sensitive as a whole. Anything unreadable
    /// is taken as sensitive: showing a secret is worse than hiding a name.
    pub(super) fn parse(raw: Option<&RawValue>) -> Self {
        #[derive(Deserialize)]
        struct Marks<'a> {
            #[serde(borrow)]
            user: Option<&'a RawValue>,
            #[serde(borrow)]
            name: Option<&'a RawValue>,
        }
        let Some(raw) = raw else {
            return SensitiveNames::default();
        };
        let all = SensitiveNames {
            user: true,
            name: true,
        };
        match raw.get() {
            "true" => all,
            "false" => SensitiveNames::default(),
            text => match serde_json::from_str::<Marks>(text) {
                Ok(marks) => SensitiveNames {
                    user: is_true(marks.user),
                    name: is_true(marks.name),
                },
                Err(_) => all,
            },
        }
    }
}

/// The attributes of `after_unknown` that matter: `true` when unknown.
#[derive(Debug, Default, Deserialize)]
pub(super) struct UnknownValues<'a> {
    #[serde(borrow)]
    user: Option<&'a RawValue>,
    #[serde(borrow)]
    status: Option<&'a RawValue>,
}

impl<'a> UnknownValues<'a> {
    /// Parses `after_unknown`: usually an object of the unknown attributes,
    /// but Terraform writes a bare `true` for a value unknown as a whole.
    pub(super) fn parse(raw: &'a RawValue) -> serde_json::Result<Self> {
        match raw.get() {
            "true" => Ok(UnknownValues {
                user: Some(raw),
                status: Some(raw),
            }),
            "false" => Ok(UnknownValues::default()),
            text => serde_json::from_str(text),
        }
    }

    /// Whether the user is unknown until apply.
    pub(super) fn user(&self) -> bool {
        is_true(self.user)
    }

    /// Whether the status is unknown until apply.
    pub(super) fn status(&self) -> bool {
        is_true(self.status)
    }
}

fn is_true(raw: Option<&RawValue>) -> bool {
    raw.is_some_and(|r| r.get() == "true")
}

/// `configuration`.
#[derive(Debug, Deserialize)]
pub(super) struct Configuration<'a> {
    /// The root module's configuration.
    #[serde(borrow)]
    pub root_module: Option<ConfigModule<'a>>,
    /// Every provider configuration, by the key resources refer to it with
    /// (`aws`, `aws.prod`, `module.a:aws`).
    #[serde(borrow)]
    pub provider_config: Option<BTreeMap<Str<'a>, ProviderEntry<'a>>>,
}

/// `configuration.provider_config.<key>`.
#[derive(Debug, Deserialize)]
pub(super) struct ProviderEntry<'a> {
    /// Its argument expressions: `constant_value`s, or references.
    #[serde(borrow)]
    pub expressions: Option<&'a RawValue>,
}

/// One module's configuration (shared by all its instances).
#[derive(Debug, Deserialize)]
pub(super) struct ConfigModule<'a> {
    /// Its key and login profile blocks.
    #[serde(borrow)]
    pub resources: Option<Filtered<ConfigResource<'a>>>,
    /// The modules it calls, by call name.
    #[serde(borrow)]
    pub module_calls: Option<BTreeMap<Str<'a>, ModuleCall<'a>>>,
}

/// `module_calls.<name>`.
#[derive(Debug, Deserialize)]
pub(super) struct ModuleCall<'a> {
    /// The called module's configuration.
    #[serde(borrow)]
    pub module: Option<ConfigModule<'a>>,
}

/// A resource block of the configuration.
#[derive(Debug, Deserialize)]
pub(super) struct ConfigResource<'a> {
    /// Address relative to its module, without instance key.
    #[serde(borrow)]
    pub address: Str<'a>,
    /// `managed` or `data`.
    #[serde(borrow)]
    pub mode: Option<Str<'a>>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub kind: Str<'a>,
    /// Its argument expressions, read only when needed.
    #[serde(borrow)]
    pub expressions: Option<&'a RawValue>,
    /// The key of the provider configuration it uses.
    #[serde(borrow)]
    pub provider_config_key: Option<Str<'a>>,
}

impl Relevant for ConfigResource<'_> {
    fn relevant(&self) -> bool {
        is_key_or_profile(self.mode.as_ref(), &self.kind)
    }
}

/// The expressions of a key or login profile block that matter.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Expressions<'a> {
    /// The `user` argument.
    #[serde(borrow)]
    pub user: Option<Expression<'a>>,
}

/// One argument expression of the configuration.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Expression<'a> {
    /// What it refers to, e.g. `["aws_iam_user.x.name", "aws_iam_user.x"]`.
    #[serde(borrow, default)]
    pub references: Vec<Str<'a>>,
}
