//! Builds a [`Model`] from a few calls, without parsing anything: rules are
//! unit-tested on models made this way.
//!
//! ```
//! use keylint::model::{KeyStatus, ModelBuilder};
//!
//! let mut b = ModelBuilder::new();
//! b.login_profile("aws_iam_user_login_profile.p", "bob");
//! b.access_key("aws_iam_access_key.k", "bob", KeyStatus::Active);
//! let model = b.build();
//! assert_eq!(model.access_keys.len(), 1);
//! assert_eq!(model.decl(0).location.start().line, 1);
//! ```
//!
//! Every declaration gets a line of its own in a made-up source file named
//! `model`, holding its address, so findings have distinct, stable places.

use super::{
    AccessKey, DeclId, Declaration, KeyRecord, KeyStatus, LastUsed, LoginProfile, Model,
    Quantifier, ResourceKind, UserId,
};
use crate::source::{Location, SourceFile};

/// A model under construction. Declarations are numbered in the order they
/// are declared, from 0.
#[derive(Debug, Default)]
pub struct ModelBuilder {
    declarations: Vec<(String, ResourceKind)>,
    access_keys: Vec<AccessKey>,
    login_profiles: Vec<LoginProfile>,
    key_records: Vec<KeyRecord>,
}

impl ModelBuilder {
    /// An empty model.
    pub fn new() -> Self {
        ModelBuilder::default()
    }

    /// Declares a resource; add its instances with [`key`](Self::key) or
    /// [`profile`](Self::profile).
    pub fn declare(&mut self, kind: ResourceKind, address: &str) -> DeclId {
        self.declarations.push((address.to_owned(), kind));
        self.declarations.len() - 1
    }

    /// Adds an access key instance of `decl` (`instance` is its key, such
    /// as `[0]`, or `None` for a single instance).
    pub fn key(
        &mut self,
        decl: DeclId,
        instance: Option<&str>,
        user: impl Into<UserId>,
        status: KeyStatus,
    ) -> &mut Self {
        self.access_keys.push(AccessKey {
            decl,
            instance: instance.map(str::to_owned),
            user: user.into(),
            active: status.is_active(),
            existing: false,
            every: Vec::new(),
        });
        self
    }

    /// Adds a key instance that already exists (in a plan's prior state).
    pub fn existing_key(
        &mut self,
        decl: DeclId,
        instance: Option<&str>,
        user: impl Into<UserId>,
    ) -> &mut Self {
        self.key(decl, instance, user, KeyStatus::Active);
        if let Some(key) = self.access_keys.last_mut() {
            key.existing = true;
        }
        self
    }

    /// Adds a login profile instance of `decl`.
    pub fn profile(
        &mut self,
        decl: DeclId,
        instance: Option<&str>,
        user: impl Into<UserId>,
    ) -> &mut Self {
        self.login_profiles.push(LoginProfile {
            decl,
            instance: instance.map(str::to_owned),
            user: user.into(),
            every: Vec::new(),
        });
        self
    }

    /// Declares a single access key of `user`.
    pub fn access_key(
        &mut self,
        address: &str,
        user: impl Into<UserId>,
        status: KeyStatus,
    ) -> DeclId {
        let decl = self.declare(ResourceKind::AccessKey, address);
        self.key(decl, None, user, status);
        decl
    }

    /// Makes every key and login profile of `decl` stand for each entry of
    /// collection `id` (shown as ``every entry of `id` ``), as a block with
    /// `for_each` over a variable without a value does.
    pub fn for_every(&mut self, decl: DeclId, id: &str) -> &mut Self {
        let quantifier = Quantifier {
            id: id.to_owned(),
            shown: format!("every entry of `{id}`"),
            filter: false,
        };
        let keys = self.access_keys.iter_mut().map(|k| (k.decl, &mut k.every));
        let profiles = self
            .login_profiles
            .iter_mut()
            .map(|p| (p.decl, &mut p.every));
        for (_, every) in keys.chain(profiles).filter(|(d, _)| *d == decl) {
            every.push(quantifier.clone());
        }
        self
    }

    /// Declares a single login profile of `user`.
    pub fn login_profile(&mut self, address: &str, user: impl Into<UserId>) -> DeclId {
        let decl = self.declare(ResourceKind::LoginProfile, address);
        self.profile(decl, None, user);
        decl
    }

    /// Records an existing key of `user` (as a credential report row would),
    /// declared at `address` (the user's declaration too): active, not
    /// root, no times known, no password, until `fill` says otherwise.
    pub fn record(
        &mut self,
        address: &str,
        user: impl Into<UserId>,
        fill: impl FnOnce(&mut KeyRecord),
    ) -> DeclId {
        let decl = self.declare(ResourceKind::AccessKey, address);
        let mut record = KeyRecord {
            decl,
            instance: None,
            user_decl: decl,
            user: user.into(),
            active: true,
            root: false,
            created: None,
            last_used: LastUsed::Unknown,
            user_created: None,
            password_enabled: Some(false),
            declared: false,
            code_keys: None,
        };
        fill(&mut record);
        self.key_records.push(record);
        decl
    }

    /// The model, each declaration located on its own line of `model`.
    pub fn build(self) -> Model {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.declarations.len());
        for (address, _) in &self.declarations {
            let start = text.len();
            text.push_str(address);
            spans.push(start..text.len());
            text.push('\n');
        }
        let source = SourceFile::new("model".into(), "model".into(), text);
        let declarations = self
            .declarations
            .into_iter()
            .zip(spans)
            .map(|((address, kind), span)| Declaration {
                address,
                kind,
                location: Location::new(&source, span),
                via: Vec::new(),
                via_kind: super::MODULE_CALL,
                notes: Vec::new(),
            })
            .collect();
        Model {
            declarations,
            access_keys: self.access_keys,
            login_profiles: self.login_profiles,
            key_records: self.key_records,
            ..Model::default()
        }
    }
}
