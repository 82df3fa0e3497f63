//! Where the team's ADR folder is, which layout it holds, what is in it, and the lock a run
//! that writes takes on it.

use crate::adr::{self, Dialect, Existing};
use crate::app::Failure;
use crate::files::{is_temp_name, read_text};
use crate::problem::{Code, Place, Problem};
use std::path::{Component, Path, PathBuf};

/// The folder and dialect to write, and how they were found.
pub(super) fn locate(
    root: &Path,
    dir: Option<&Path>,
    dialect: Option<Dialect>,
    sniff: &dyn Fn(&Path) -> Option<Dialect>,
) -> Result<(PathBuf, Dialect, String), Problem> {
    let (folder, default, found) = if let Some(dir) = dir {
        (dir.to_path_buf(), Dialect::Nygard, "--dir".to_string())
    } else if let Some(path) = config_folder(root, ".adr-dir", |text| {
        text.lines().next().map(str::trim).map(String::from)
    })? {
        (path, Dialect::Nygard, "from .adr-dir".into())
    } else if let Some(path) = config_folder(root, ".log4brains.yml", |text| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix("adrFolder:"))
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
    })? {
        (path, Dialect::Log4brains, "from .log4brains.yml".into())
    } else if let Some(known) = ["doc/adr", "docs/decisions", "docs/adr"]
        .into_iter()
        .find(|d| root.join(d).is_dir())
    {
        let default = if known == "docs/decisions" {
            Dialect::Madr
        } else {
            Dialect::Nygard
        };
        (root.join(known), default, format!("found {known}"))
    } else {
        let d = dialect.unwrap_or(Dialect::Nygard);
        (root.join(d.default_folder()), d, "new folder".into())
    };
    let folder = folder
        .strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or(folder);
    if folder.exists() && !folder.is_dir() {
        return Err(Problem::new(
            Place::file(folder.display().to_string()),
            Code::NotAFolder,
            "is a file, not a folder for records",
        )
        .with_help("name a folder (new or existing) for the records"));
    }
    if dir.is_none() && leaves(root, &folder) {
        return Err(Problem::new(
            Place::file(folder.display().to_string()),
            Code::OutsideRepository,
            "the ADR folder leads outside the repository through a symbolic link",
        )
        .with_help("kubecompass writes only inside the repository unless --dir names the folder"));
    }
    if dir.is_some_and(|d| d.components().any(|c| c.as_os_str() == ".git")) {
        return Err(git_folder(&folder.display().to_string()));
    }
    let present = sniff(&folder);
    if default == Dialect::Log4brains
        && let Some(asked) = dialect.filter(|&d| d != Dialect::Log4brains)
    {
        return Err(Problem::new(
            Place::file(folder.display().to_string()),
            Code::AdrLayoutConflict,
            format!(
                "`.log4brains.yml` names this folder, and log4brains reads `* Status:` bullets, not {} records",
                dialect_name(asked)
            ),
        )
        .with_help("drop --dialect: records for log4brains are written in the layout it reads"));
    }
    match (dialect, present) {
        (Some(asked), Some(there)) if asked != there => Err(Problem::new(
            Place::file(folder.display().to_string()),
            Code::AdrLayoutConflict,
            format!(
                "the folder holds {} records; writing {} records there would mix two layouts",
                dialect_name(there),
                dialect_name(asked)
            ),
        )
        .with_help("drop --dialect to write in the folder's own layout, or choose another --dir")),
        (Some(asked), _) => Ok((folder, asked, found)),
        (None, Some(there)) => Ok((folder, there, format!("{found}, detected from its records"))),
        (None, None) => Ok((folder, default, found)),
    }
}

/// The ADR folder named by a tool's configuration file in `root`, if there is one. A folder
/// outside the repository is refused.
fn config_folder(
    root: &Path,
    name: &str,
    parse: impl Fn(&str) -> Option<String>,
) -> Result<Option<PathBuf>, Problem> {
    let path = root.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let text = read_text(&path)?;
    let Some(value) = parse(&text).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let rel = Path::new(&value);
    let escapes = rel.is_absolute() || rel.components().any(|c| matches!(c, Component::ParentDir));
    let parts: Vec<Component> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if !escapes && parts.is_empty() {
        return Err(Problem::new(
            Place::file(name),
            Code::OutsideRepository,
            format!("the ADR folder `{value}` is the repository's root"),
        )
        .with_help("name a folder for the records below the root, such as doc/adr"));
    }
    if !escapes && parts.iter().any(|c| c.as_os_str() == ".git") {
        return Err(git_folder(name));
    }
    if escapes {
        return Err(Problem::new(
            Place::file(name),
            Code::OutsideRepository,
            format!("the ADR folder `{value}` is outside the repository"),
        )
        .with_help(
            "kubecompass writes only inside the repository; point it at a folder below this one",
        ));
    }
    Ok(Some(root.join(rel)))
}

/// Whether `path` (or the nearest part of it that exists) resolves outside `root`.
fn leaves(root: &Path, path: &Path) -> bool {
    let Ok(root) = std::fs::canonicalize(root) else {
        return false;
    };
    let mut at = root.join(path);
    loop {
        if let Ok(real) = std::fs::canonicalize(&at) {
            return !real.starts_with(&root);
        }
        if !at.pop() {
            return false;
        }
    }
}

/// The dialect of the records already in a folder, if any.
pub(super) fn sniff(existing: &[Existing]) -> Option<Dialect> {
    existing.iter().find_map(|f| {
        if f.text.starts_with("---\n") {
            Some(Dialect::Madr)
        } else if f.text.contains("\n## Status") {
            Some(Dialect::Nygard)
        } else if f.layout() == Dialect::Log4brains {
            Some(Dialect::Log4brains)
        } else {
            None
        }
    })
}

/// Every ADR file of a folder (names starting with digits). A symlink is never followed: it is
/// counted for numbering and otherwise left alone, like any file kubecompass did not write.
pub(super) fn read_folder(folder: &Path) -> Result<Vec<Existing>, Problem> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(number) = adr::number_of(&name) else {
            continue;
        };
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).map_err(|e| {
            Problem::new(
                Place::file(path.display().to_string()),
                Code::Unreadable,
                e.to_string(),
            )
        })?;
        let text = if meta.is_file() {
            read_text(&path).unwrap_or_default()
        } else {
            String::new()
        };
        if meta.is_dir() {
            continue;
        }
        out.push(Existing {
            file: name,
            number,
            text,
        });
    }
    out.sort_by(|a, b| (a.number, &a.file).cmp(&(b.number, &b.file)));
    Ok(out)
}

/// The temporary files an interrupted run (`kill -9` between writing and renaming) left in the
/// folder, by name. Only regular files are counted: a link or a folder with such a name is not
/// one of ours.
pub(super) fn leftover_temps(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_temp_name(name))
        .collect();
    out.sort();
    out
}

pub(super) fn remove_leftovers(folder: &Path, leftovers: &[String]) -> Result<(), Failure> {
    for file in leftovers {
        let path = folder.join(file);
        match std::fs::remove_file(&path) {
            // Another run may have finished with it in the meantime.
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Failure::Output(
                    format!("cannot remove `{}`: {e}", path.display()),
                    e.kind(),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The problem of an ADR folder inside `.git`, where git keeps its own files.
fn git_folder(place: &str) -> Problem {
    Problem::new(
        Place::file(place),
        Code::OutsideRepository,
        "the ADR folder is inside `.git`, where git keeps its own files",
    )
    .with_help("name a folder for the records in the working tree, such as doc/adr")
}

pub(super) fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Nygard => "Nygard",
        Dialect::Madr => "MADR",
        Dialect::Log4brains => "log4brains",
    }
}

/// Creates the folder if needed and takes its lock, held until the returned file is dropped
/// (when the run ends, or the process dies). The lock is an advisory `flock` on the folder
/// itself, so no lock file is left for `git add` to pick up. A second run does not wait: it
/// says another run holds the folder and writes nothing.
pub(super) fn lock(folder: &Path) -> Result<std::fs::File, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::Output(
            format!("cannot create or open `{}`: {e}", folder.display()),
            e.kind(),
        )
    };
    std::fs::create_dir_all(folder).map_err(cannot)?;
    let handle = std::fs::File::open(folder).map_err(cannot)?;
    match handle.try_lock() {
        Ok(()) => Ok(handle),
        Err(std::fs::TryLockError::WouldBlock) => Err(Problem::new(
            Place::file(folder.display().to_string()),
            Code::AdrFolderBusy,
            "another kubecompass run is writing this ADR folder",
        )
        .with_help("wait for it to finish, then run again; nothing was written")
        .into()),
        Err(std::fs::TryLockError::Error(e)) => Err(cannot(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_folder_outside_the_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".adr-dir"), "../elsewhere\n").unwrap();
        let err = config_folder(dir.path(), ".adr-dir", |t| {
            t.lines().next().map(String::from)
        })
        .unwrap_err();
        assert_eq!(err.code, Code::OutsideRepository);
        std::fs::write(dir.path().join(".adr-dir"), "architecture/decisions\n").unwrap();
        let ok = config_folder(dir.path(), ".adr-dir", |t| {
            t.lines().next().map(String::from)
        })
        .unwrap();
        assert_eq!(ok, Some(dir.path().join("architecture/decisions")));
    }
}
