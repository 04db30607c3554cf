//! What a front-end is given besides its unit: its own options, and state
//! shared by the units of one run. Both are keyed by type, so that the
//! pipeline carries them without naming any front-end.

use std::any::{Any, TypeId};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::paths::{Boundary, Target};

/// Front-end options, one value per type: each front-end keeps its own
/// options type here (`configure` puts it in, `analyse` reads it back).
#[derive(Default)]
pub struct FrontendOptions(HashMap<TypeId, Box<dyn Any + Send + Sync>>);

impl FrontendOptions {
    /// Sets the options of type `T`, replacing earlier ones.
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        self.0.insert(TypeId::of::<T>(), Box::new(value));
    }

    /// The options of type `T`, if set.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>())?.downcast_ref()
    }

    /// The options of type `T`, or its defaults when none were set (as when
    /// keylint is used as a library without a command line).
    pub fn get_or_default<T: Any + Send + Sync + Clone + Default>(&self) -> Cow<'_, T> {
        match self.get::<T>() {
            Some(value) => Cow::Borrowed(value),
            None => Cow::Owned(T::default()),
        }
    }
}

impl fmt::Debug for FrontendOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FrontendOptions({} set)", self.0.len())
    }
}

/// A directory analysed as one unit, and the front-end that claimed it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DirectoryUnit {
    /// The directory.
    pub target: Target,
    /// The name of the front-end that analyses it.
    pub frontend: &'static str,
}

/// State for one run, shared by every unit of every front-end: created
/// empty, filled on first use (such as Terraform's parsed child modules).
#[derive(Default)]
struct RunCache(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

/// Everything a front-end may use while analysing one unit.
pub struct Context<'a> {
    /// Options of every front-end; each reads its own type.
    pub options: &'a FrontendOptions,
    /// Files bigger than this many bytes are not read.
    pub max_file_size: u64,
    /// Where front-ends may read beyond their unit (child modules, nested
    /// templates).
    pub boundary: Boundary,
    directories: &'a BTreeSet<DirectoryUnit>,
    cache: RunCache,
}

/// No directories: for a run over one file's text.
static NO_DIRECTORIES: BTreeSet<DirectoryUnit> = BTreeSet::new();

impl<'a> Context<'a> {
    /// The context of one run over the given directory units.
    pub fn new(
        options: &'a FrontendOptions,
        max_file_size: u64,
        boundary: Boundary,
        directories: &'a BTreeSet<DirectoryUnit>,
    ) -> Self {
        Context {
            options,
            max_file_size,
            boundary,
            directories,
            cache: RunCache::default(),
        }
    }

    /// The context of a run with no directory units.
    pub fn without_directories(
        options: &'a FrontendOptions,
        max_file_size: u64,
        boundary: Boundary,
    ) -> Self {
        Context::new(options, max_file_size, boundary, &NO_DIRECTORIES)
    }

    /// The directories of this run that the front-end named `frontend`
    /// analyses (a plan looks for the Terraform module it was made from).
    pub fn directories<'f>(
        &self,
        frontend: &'f str,
    ) -> impl Iterator<Item = &'a Target> + use<'a, 'f> {
        self.directories
            .iter()
            .filter(move |d| d.frontend == frontend)
            .map(|d| &d.target)
    }

    /// This run's shared value of type `T`, made with `T::default()` on
    /// first use.
    pub fn shared<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        let mut map = self.cache.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        // The entry under T's TypeId always holds a T.
        Arc::clone(entry)
            .downcast::<T>()
            .unwrap_or_else(|_| Arc::new(T::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Default, PartialEq)]
    struct Opts(u32);

    #[test]
    fn options_by_type() {
        let mut options = FrontendOptions::default();
        assert_eq!(*options.get_or_default::<Opts>(), Opts(0));
        options.insert(Opts(3));
        assert_eq!(options.get::<Opts>(), Some(&Opts(3)));
        assert_eq!(options.get::<String>(), None);
    }

    #[test]
    fn shared_state_is_made_once_per_run() {
        let options = FrontendOptions::default();
        let dirs = BTreeSet::from([DirectoryUnit {
            target: Target::new(std::path::Path::new("m")),
            frontend: "x",
        }]);
        let ctx = Context::new(&options, 1, Boundary::anywhere(), &dirs);
        let a = ctx.shared::<Mutex<Vec<u8>>>();
        a.lock().unwrap().push(1);
        assert_eq!(*ctx.shared::<Mutex<Vec<u8>>>().lock().unwrap(), [1]);
        assert_eq!(ctx.directories("x").count(), 1);
        assert_eq!(ctx.directories("y").count(), 0);
        let other = Context::without_directories(&options, 1, Boundary::anywhere());
        assert!(other.shared::<Mutex<Vec<u8>>>().lock().unwrap().is_empty());
    }
}
