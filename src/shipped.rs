//! The shipped catalogue and where catalogue files come from: the validated copy the build
//! embeds, or the embedded YAML overlaid by a directory.
//!
//! Without `--catalogue` the catalogue is read from the compact form the build wrote after
//! validating `decisions/` (see `build.rs`), so a run does not parse YAML at all.
//!
//! `--catalogue DIR` works file by file: a file in DIR with the same relative path as a shipped
//! file replaces it, any other file is added. So an organisation can change one decision, or
//! add its own, without copying the whole catalogue.

use crate::catalogue::{Catalogue, Source};
use crate::embedded::{CATALOGUE, DECISIONS};
use crate::files::read_text;
use crate::problem::{Code, Place, Problem, Problems};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep `--catalogue DIR` is searched; deeper folders are a mistake, not a catalogue.
const MAX_DEPTH: usize = 8;
/// How many files `--catalogue DIR` may hold.
const MAX_FILES: usize = 50_000;

/// The shipped catalogue, validated by the build. It is read once and lives as long as the
/// process: freeing its thousands of strings at exit cost a run more than the OS reclaiming
/// them does.
pub fn catalogue() -> &'static Catalogue {
    static SHIPPED: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(|| Catalogue::from_binary(CATALOGUE).expect("the build wrote this catalogue"))
}

/// The shipped catalogue's files, keyed by path relative to `decisions/`.
pub fn embedded() -> BTreeMap<String, Source> {
    DECISIONS
        .iter()
        .filter(|(path, _)| is_yaml(path))
        .map(|(path, text)| {
            (
                path.to_string(),
                Source {
                    name: format!("decisions/{path}"),
                    text: text.to_string(),
                },
            )
        })
        .collect()
}

/// The shipped catalogue with `overlay` applied: shipped files in name order (an overlay file
/// with the same path in their place), then the overlay's new files in name order. Shipped
/// items thus come first, and a clash reports the organisation's file as the duplicate.
pub fn load(overlay: Option<&Path>) -> Result<Vec<Source>, Problems> {
    let mut files = embedded();
    let mut added = Vec::new();
    if let Some(dir) = overlay {
        for (key, source) in read_dir(dir)? {
            match files.get_mut(&key) {
                Some(shipped) => *shipped = source,
                None => added.push(source),
            }
        }
    }
    Ok(files.into_values().chain(added).collect())
}

/// Every YAML file below `dir`, keyed by its path relative to `dir`.
pub fn read_dir(dir: &Path) -> Result<BTreeMap<String, Source>, Problems> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(Problems::one(
            Problem::new(
                Place::file(&shown),
                Code::Unreadable,
                format!("catalogue directory {what}"),
            )
            .with_help("pass a directory of catalogue `.yaml` files to `--catalogue`"),
        ));
    }
    let mut paths = Vec::new();
    collect(dir, 0, &mut paths)
        .map_err(|e| Problems::one(Problem::new(Place::file(&shown), Code::Unreadable, e)))?;
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let name = path.display().to_string();
        match read_text(&path) {
            Ok(text) => {
                out.insert(rel, Source { name, text });
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems))
    }
}

/// The catalogue files of `dir` that `read_dir` reads: inputs an output must not replace.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let _ = collect(dir, 0, &mut paths);
    paths
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("folders nest deeper than {MAX_DEPTH} levels"));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        // Folders reached through a symlink are skipped so a link cannot make the walk loop.
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.is_dir() {
            collect(&path, depth + 1, out)?;
        } else if is_yaml(&path.to_string_lossy()) {
            out.push(path);
            if out.len() > MAX_FILES {
                return Err(format!("more than {MAX_FILES} catalogue files"));
            }
        }
    }
    Ok(())
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}
