//! Finds and parses module directories, each once per run.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::config::{ModuleCall, ModuleConfig, load_module};
use crate::error::{DEFAULT_MAX_FILE_SIZE, InputError};
use crate::frontend::Context;
use crate::paths::{Boundary, normalize, normalize_display};

/// Why a module is not read: see [`Boundary`].
const OUTSIDE: &str = "leads outside the directories being scanned (and the current directory), so it is not read: scan a directory that holds both";

/// A parsed module directory and the errors met while reading it.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration (files that failed to parse are left out).
    pub config: Arc<ModuleConfig>,
    /// Files that could not be read or parsed.
    pub errors: Vec<InputError>,
}

/// The modules parsed so far in one run, by normalised directory.
#[derive(Default)]
pub struct ModuleCache(Mutex<HashMap<PathBuf, Arc<Loaded>>>);

/// Parses module directories on demand. Modules called as children are
/// cached for the whole run, because many roots tend to call the same few
/// modules; a root's own configuration is not, so that memory holds only the
/// roots being analysed right now plus the shared modules (a tree of 20,000
/// root modules must not keep 20,000 syntax trees alive).
pub struct Loader {
    cache: Arc<ModuleCache>,
    max_file_size: u64,
    boundary: Boundary,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new(DEFAULT_MAX_FILE_SIZE)
    }
}

impl Loader {
    /// A loader with a cache of its own that refuses files over
    /// `max_file_size` bytes.
    pub fn new(max_file_size: u64) -> Self {
        Loader {
            cache: Arc::default(),
            max_file_size,
            boundary: Boundary::anywhere(),
        }
    }

    /// The loader of a run: every unit of the run (Terraform modules and the
    /// plans tied back to them) shares its cache.
    pub fn for_run(ctx: &Context<'_>) -> Self {
        Loader {
            cache: ctx.shared::<ModuleCache>(),
            max_file_size: ctx.max_file_size,
            boundary: ctx.boundary.clone(),
        }
    }

    /// Whether a variables file may be read (see [`Boundary::admits_file`]).
    pub fn admits_file(&self, path: &Path) -> bool {
        self.boundary.admits_file(path)
    }

    /// The size above which files are refused (also for tfvars files).
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Loads (or returns the cached) module in `dir`, called as a child.
    pub fn load(&self, dir: &Path, display_dir: &str) -> Arc<Loaded> {
        let key = normalize(dir);
        if let Some(hit) = self.lock().get(&key) {
            return hit.clone();
        }
        // Parse outside the lock: other threads keep going meanwhile. Two
        // threads may rarely parse the same directory; the first one wins.
        let loaded = Arc::new(parse(&key, display_dir, self.max_file_size));
        self.lock().entry(key).or_insert(loaded).clone()
    }

    /// Loads the module in `dir` to analyse it as a root: from the cache
    /// when some root already called it, else parsed and not cached.
    pub fn load_root(&self, dir: &Path, display_dir: &str) -> Arc<Loaded> {
        let key = normalize(dir);
        if let Some(hit) = self.lock().get(&key) {
            return hit.clone();
        }
        Arc::new(parse(&key, display_dir, self.max_file_size))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Loaded>>> {
        // A panic elsewhere cannot leave the map half-written; keep using it.
        self.cache.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The module a `module` block calls, from the directory of `parent`.
    /// `root` is the root module (where `.terraform/modules` lives) and
    /// `key` the call's module key (`a.b`) as recorded in `modules.json`.
    pub fn child(
        &self,
        root: &ModuleConfig,
        parent: &ModuleConfig,
        key: &str,
        call: &ModuleCall,
    ) -> Result<Arc<Loaded>, String> {
        let Some(source) = call.source.as_deref() else {
            return Err(format!("module \"{}\" has no literal source", call.name));
        };
        if source.starts_with("./") || source.starts_with("../") {
            let dir = parent.dir.join(source);
            if !dir.is_dir() {
                return Err(format!("module source \"{source}\" is not a directory"));
            }
            if !self.boundary.contains(&dir) {
                return Err(format!("module source \"{source}\" {OUTSIDE}"));
            }
            let display = format!("{}/{}", parent.display_dir, source);
            return Ok(self.load(&dir, &display));
        }
        match installed_module_dir(&root.dir, key) {
            Installed::Dir(rel) => {
                let dir = root.dir.join(&rel);
                if !dir.is_dir() {
                    return Err(format!(
                        "module \"{key}\" is recorded in .terraform/modules/modules.json but {} is missing",
                        rel
                    ));
                }
                if !self.boundary.contains(&dir) {
                    return Err(format!(
                        "module \"{key}\" is installed in {rel}, which {OUTSIDE}"
                    ));
                }
                let display = format!("{}/{}", root.display_dir, rel);
                Ok(self.load(&dir, &display))
            }
            Installed::NotRecorded => Err(format!(
                "module source \"{source}\" is not local and .terraform/modules/modules.json has no entry \"{key}\"; run terraform init again to let keylint follow it"
            )),
            Installed::NoManifest => Err(format!(
                "module source \"{source}\" is not local and the root module is not initialised (.terraform/modules/modules.json); run terraform init to let keylint follow it"
            )),
        }
    }
}

/// Where `terraform init` installed a module, if it did.
enum Installed {
    /// The module's directory, relative to the root module.
    Dir(String),
    /// The manifest exists but does not list this module (or lists an unsafe path).
    NotRecorded,
    /// No readable `.terraform/modules/modules.json`.
    NoManifest,
}

fn parse(dir: &Path, display_dir: &str, max_file_size: u64) -> Loaded {
    let (config, errors) = load_module(dir, &normalize_display(display_dir), max_file_size);
    Loaded {
        config: Arc::new(config),
        errors,
    }
}

/// Looks up a module key in the root's `.terraform/modules/modules.json`.
fn installed_module_dir(root: &Path, key: &str) -> Installed {
    match manifest_dir(root, key) {
        Ok(Some(dir)) => Installed::Dir(dir),
        Ok(None) => Installed::NotRecorded,
        Err(()) => Installed::NoManifest,
    }
}

fn manifest_dir(root: &Path, key: &str) -> Result<Option<String>, ()> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(rename = "Modules")]
        modules: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Key")]
        key: String,
        #[serde(rename = "Dir")]
        dir: String,
    }
    let text =
        std::fs::read_to_string(root.join(".terraform/modules/modules.json")).map_err(|_| ())?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|_| ())?;
    let Some(dir) = manifest
        .modules
        .into_iter()
        .find(|m| m.key == key)
        .map(|m| m.dir)
    else {
        return Ok(None);
    };
    // The manifest is input like any other: never leave the root through it.
    let path = Path::new(&dir);
    if path.is_absolute() || path.components().any(|c| c == Component::ParentDir) {
        return Ok(None);
    }
    Ok(Some(dir.replace('\\', "/")))
}
