//! The parts of a state keylint reads, borrowing from the text. Attribute
//! values are kept raw and read only for keys and login profiles, and then
//! only `user`, `status` and `create_date`: secrets are skipped unread.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A raw state (`terraform.tfstate`).
#[derive(Deserialize)]
pub(super) struct RawState<'a> {
    /// The format version: 4 since Terraform 0.12.
    pub version: u64,
    /// Every resource, with its module path.
    #[serde(borrow, default)]
    pub resources: Vec<RawResource<'a>>,
}

/// A resource of a raw state.
#[derive(Deserialize)]
pub(super) struct RawResource<'a> {
    /// The module instance path, absent for the root module.
    #[serde(borrow)]
    pub module: Option<Cow<'a, str>>,
    /// `managed` or `data`.
    #[serde(borrow)]
    pub mode: Cow<'a, str>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub kind: Cow<'a, str>,
    /// The resource name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The provider configuration, alias included.
    #[serde(borrow, default)]
    pub provider: Cow<'a, str>,
    /// Its instances.
    #[serde(borrow, default)]
    pub instances: Vec<RawInstance<'a>>,
}

/// An instance of a raw state's resource.
#[derive(Deserialize)]
pub(super) struct RawInstance<'a> {
    /// `count.index` or `each.key`, as JSON.
    #[serde(borrow)]
    pub index_key: Option<&'a RawValue>,
    /// The attribute values.
    #[serde(borrow)]
    pub attributes: Option<&'a RawValue>,
    /// Paths of sensitive attributes.
    #[serde(borrow)]
    pub sensitive_attributes: Option<&'a RawValue>,
}

/// `terraform show -json` of a state.
#[derive(Deserialize)]
pub(super) struct Shown<'a> {
    /// The resources, by module.
    #[serde(borrow)]
    pub values: Option<ShownValues<'a>>,
}

/// `values` of a shown state.
#[derive(Deserialize)]
pub(super) struct ShownValues<'a> {
    /// The root module.
    #[serde(borrow)]
    pub root_module: Option<ShownModule<'a>>,
}

/// A module of a shown state.
#[derive(Deserialize)]
pub(super) struct ShownModule<'a> {
    /// Its resource instances.
    #[serde(borrow, default)]
    pub resources: Vec<ShownResource<'a>>,
    /// The module instances it calls.
    #[serde(borrow, default)]
    pub child_modules: Vec<ShownModule<'a>>,
}

/// A resource instance of a shown state.
#[derive(Deserialize)]
pub(super) struct ShownResource<'a> {
    /// Full instance address.
    #[serde(borrow)]
    pub address: Cow<'a, str>,
    /// `managed` or `data`.
    #[serde(borrow)]
    pub mode: Cow<'a, str>,
    /// The resource type.
    #[serde(borrow, rename = "type")]
    pub kind: Cow<'a, str>,
    /// `count.index` or `each.key`, as JSON.
    #[serde(borrow)]
    pub index: Option<&'a RawValue>,
    /// The attribute values.
    #[serde(borrow)]
    pub values: Option<&'a RawValue>,
    /// Which attributes are sensitive.
    #[serde(borrow)]
    pub sensitive_values: Option<&'a RawValue>,
}

/// The attributes read from a key or login profile.
#[derive(Deserialize)]
pub(super) struct Attributes<'a> {
    /// The user name.
    #[serde(borrow)]
    pub user: Option<Cow<'a, str>>,
    /// `Active` or `Inactive` (keys).
    #[serde(borrow)]
    pub status: Option<Cow<'a, str>>,
    /// When the key was created (keys).
    #[serde(borrow)]
    pub create_date: Option<Cow<'a, str>>,
}
