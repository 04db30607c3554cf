//! The Python distribution stays in step with Cargo.toml: `pyproject.toml`
//! (the wheel, built by maturin) repeats the crate's metadata, and the
//! wheel-based pre-commit hook in `pre-commit-wheel/` pins this version of
//! keylint and is the same hook as `.pre-commit-hooks.yaml` but for its
//! language. `scripts/test-wheel.sh` and `scripts/test-pre-commit-wheel.sh`
//! build and run them.

use std::path::Path;

use saphyr_parser::{Event, Parser};
use toml::{Table, Value};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn toml_file(path: &str) -> Table {
    toml::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `table.a.b.c`, which must exist.
fn get<'t>(table: &'t Table, dotted: &str) -> &'t Value {
    let mut keys = dotted.split('.');
    let first = keys.next().unwrap();
    let mut value = table.get(first);
    for key in keys {
        value = value.and_then(|v| v.get(key));
    }
    value.unwrap_or_else(|| panic!("`{dotted}` is missing"))
}

fn string<'t>(table: &'t Table, dotted: &str) -> &'t str {
    get(table, dotted)
        .as_str()
        .unwrap_or_else(|| panic!("`{dotted}` is not a string"))
}

fn cargo_version() -> String {
    string(&toml_file("Cargo.toml"), "package.version").to_owned()
}

#[test]
fn pyproject_builds_the_binary_with_maturin_and_repeats_cargo_metadata() {
    let cargo = toml_file("Cargo.toml");
    let py = toml_file("pyproject.toml");
    assert_eq!(string(&py, "build-system.build-backend"), "maturin");
    let requires = get(&py, "build-system.requires").as_array().unwrap();
    assert!(
        requires
            .iter()
            .any(|r| r.as_str().is_some_and(|r| r.starts_with("maturin"))),
        "build-system.requires names maturin: {requires:?}"
    );
    assert_eq!(string(&py, "tool.maturin.bindings"), "bin");
    assert_eq!(get(&py, "tool.maturin.locked").as_bool(), Some(true));

    assert_eq!(string(&py, "project.name"), string(&cargo, "package.name"));
    // The version is Cargo's, never written twice.
    assert!(get(&py, "project").get("version").is_none());
    let dynamic = get(&py, "project.dynamic").as_array().unwrap();
    assert!(dynamic.iter().any(|d| d.as_str() == Some("version")));
    for (py_key, cargo_key) in [
        ("project.description", "package.description"),
        ("project.license", "package.license"),
        ("project.readme", "package.readme"),
        ("project.urls.Repository", "package.repository"),
        ("project.urls.Homepage", "package.homepage"),
        ("project.urls.Documentation", "package.documentation"),
    ] {
        assert_eq!(string(&py, py_key), string(&cargo, cargo_key), "{py_key}");
    }
    assert_eq!(
        get(&py, "project.keywords"),
        get(&cargo, "package.keywords")
    );
    assert!(string(&py, "project.requires-python").starts_with(">="));
}

#[test]
fn the_wheel_hook_pins_this_version_of_keylint() {
    let version = cargo_version();
    let stub = toml_file("pre-commit-wheel/pyproject.toml");
    assert_eq!(string(&stub, "project.version"), version);
    let dependencies: Vec<&str> = get(&stub, "project.dependencies")
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(dependencies, [format!("keylint=={version}")]);
    let readme = read("pre-commit-wheel/README.md");
    assert!(
        readme.contains(&format!("rev: v{version}")),
        "pre-commit-wheel/README.md shows `rev: v{version}`"
    );
}

#[test]
fn the_wheel_hook_is_the_rust_hook_but_for_its_language() {
    let mut rust = the_hook(".pre-commit-hooks.yaml");
    let mut python = the_hook("pre-commit-wheel/.pre-commit-hooks.yaml");
    assert_eq!(take(&mut rust, "language").as_deref(), Some("rust"));
    assert_eq!(take(&mut python, "language").as_deref(), Some("python"));
    for field in [
        "entry",
        "files",
        "types",
        "require_serial",
        "pass_filenames",
    ] {
        assert!(
            rust.iter().any(|(k, _)| k == field),
            "the rust hook has no `{field}`"
        );
    }
    assert_eq!(python, rust, "every field but `language` is the same");
}

/// A YAML value, as much as a hook manifest needs.
#[derive(Debug, PartialEq)]
enum Yaml {
    Scalar(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

/// The manifest's one hook (`id: keylint`), its fields sorted by name.
fn the_hook(path: &str) -> Vec<(String, Yaml)> {
    let text = read(path);
    let mut parser = Parser::new_from_str(&text);
    let Yaml::Seq(hooks) = parse(&mut parser) else {
        panic!("{path}: not a list of hooks");
    };
    let [Yaml::Map(hook)] = <[Yaml; 1]>::try_from(hooks).expect("one hook") else {
        panic!("{path}: the hook is not a mapping");
    };
    let mut hook = hook;
    hook.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        hook.iter().find(|(k, _)| k == "id").map(|(_, v)| v),
        Some(&Yaml::Scalar("keylint".to_owned())),
        "{path}"
    );
    hook
}

fn take(hook: &mut Vec<(String, Yaml)>, key: &str) -> Option<String> {
    let at = hook.iter().position(|(k, _)| k == key)?;
    match hook.remove(at).1 {
        Yaml::Scalar(s) => Some(s),
        other => panic!("`{key}` is not a scalar: {other:?}"),
    }
}

/// The next complete value of the stream (the document's root first).
fn parse(parser: &mut Parser<'_, saphyr_parser::StrInput<'_>>) -> Yaml {
    loop {
        let (event, _) = parser.next_event().expect("a value").expect("valid YAML");
        match event {
            Event::Scalar(text, ..) => return Yaml::Scalar(text.into_owned()),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                while let Some(item) = next_or_end(parser) {
                    items.push(item);
                }
                return Yaml::Seq(items);
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                while let Some(key) = next_or_end(parser) {
                    let Yaml::Scalar(key) = key else {
                        panic!("a key is not a scalar: {key:?}");
                    };
                    entries.push((key, parse(parser)));
                }
                return Yaml::Map(entries);
            }
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => {}
            other => panic!("unexpected YAML event {other:?}"),
        }
    }
}

/// The next value of a collection, or `None` at its end.
fn next_or_end(parser: &mut Parser<'_, saphyr_parser::StrInput<'_>>) -> Option<Yaml> {
    match parser.peek().expect("a value").expect("valid YAML").0 {
        Event::SequenceEnd | Event::MappingEnd => {
            parser.next_event();
            None
        }
        _ => Some(parse(parser)),
    }
}
