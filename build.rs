//! Embeds `decisions/` and `templates/` into the binary, so it runs from any directory.
//! Generates `embedded.rs` with one `(relative path, include_str!)` pair per file.

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

fn table(name: &str, dir: &str) -> String {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join(dir);
    println!("cargo:rerun-if-changed={dir}");
    let mut list = Vec::new();
    files(&root, &root, &mut list);
    let mut out = format!("pub(crate) static {name}: &[(&str, &str)] = &[\n");
    for rel in list {
        let key = rel.to_str().expect("UTF-8 file name").replace('\\', "/");
        writeln!(out, "    ({key:?}, include_str!({:?})),", root.join(&rel)).unwrap();
    }
    out.push_str("];\n");
    out
}

fn main() {
    let code = table("DECISIONS", "decisions") + &table("TEMPLATES", "templates");
    fs::write(
        Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("embedded.rs"),
        code,
    )
    .expect("writable OUT_DIR");
}
