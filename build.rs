//! Embeds `decisions/` and `templates/` into the binary, so it runs from any directory, and
//! validates the shipped catalogue once, here: a broken catalogue fails the build with the
//! same located messages `kubecompass validate` prints, and a run without `--catalogue` reads
//! the validated catalogue in its compact form instead of parsing and checking the YAML again.
//!
//! The validation is the crate's own: its pure modules are compiled into this script.

// The script uses a small part of the modules it includes, and their `pub` items are reachable
// only from the crate (so lints for private items apply here and not there); printing is how a
// build script talks to cargo.
#![allow(
    dead_code,
    unused_imports,
    unreachable_pub,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::enum_variant_names
)]

#[path = "src/catalogue/mod.rs"]
mod catalogue;
#[path = "src/condition/mod.rs"]
mod condition;
#[path = "src/fact.rs"]
mod fact;
#[path = "src/line.rs"]
mod line;
#[path = "src/problem.rs"]
mod problem;
#[path = "src/words.rs"]
mod words;
#[path = "src/yaml.rs"]
mod yaml;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(root, &path, out);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
        {
            out.push(path.strip_prefix(root).expect("inside root").to_path_buf());
        }
    }
}

/// The files of a folder: (path relative to it with `/` separators, absolute path).
fn listing(dir: &str) -> Vec<(String, PathBuf)> {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut list = Vec::new();
    files(&root, &root, &mut list);
    let mut out: Vec<(String, PathBuf)> = list
        .into_iter()
        .map(|rel| {
            let key = rel.to_str().expect("UTF-8 file name").replace('\\', "/");
            (key, root.join(rel))
        })
        .collect();
    out.sort();
    out
}

fn table(name: &str, files: &[(String, PathBuf)]) -> String {
    let mut out = format!("pub(crate) static {name}: &[(&str, &str)] = &[\n");
    for (key, path) in files {
        writeln!(out, "    ({key:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    out
}

/// Validates the shipped catalogue as `kubecompass validate` would, and writes its compact form.
fn catalogue(files: &[(String, PathBuf)], out: &Path) {
    let sources: Vec<catalogue::Source> = files
        .iter()
        .filter(|(key, _)| key.ends_with(".yaml") || key.ends_with(".yml"))
        .map(|(key, path)| catalogue::Source {
            name: format!("decisions/{key}"),
            text: fs::read_to_string(path).expect("readable catalogue file"),
        })
        .collect();
    match catalogue::Catalogue::from_sources(sources) {
        Ok(c) => fs::write(out.join("catalogue.bin"), c.to_binary()).expect("writable OUT_DIR"),
        Err(problems) => {
            eprintln!("{problems}");
            panic!("the shipped catalogue in decisions/ is invalid; see the problems above");
        }
    }
}

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    let decisions = listing("decisions");
    catalogue(&decisions, &out);
    let code = table("DECISIONS", &decisions)
        + &table("TEMPLATES", &listing("templates"))
        + "pub(crate) static CATALOGUE: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/catalogue.bin\"));\n";
    fs::write(out.join("embedded.rs"), code).expect("writable OUT_DIR");
}
