//! Writing one run's files as a whole: every new text is staged in a temporary file next to
//! its target first, and only when all are staged are they renamed into place.
//!
//! So a failure while writing (a full disk, a folder that refuses files, a file size limit)
//! leaves every file as it was. The renames that follow need no new space; should one still
//! fail, the files renamed before it stay, and the next run completes the set (new records are
//! renamed before the records that link to them).

use crate::app::Failure;
use crate::files::{TEMP_PREFIX, TEMP_SUFFIX, special_kind};
use crate::problem::{Code, Place, Problem, Problems};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file of the run: its new text, or `None` to remove it.
pub(super) struct Change {
    pub path: PathBuf,
    pub text: Option<String>,
}

/// Writes (or removes) every file of `changes`, in their order, as described above.
pub(super) fn commit(changes: &[Change]) -> Result<(), Failure> {
    let mut problems = Vec::new();
    for c in changes {
        let Ok(meta) = std::fs::symlink_metadata(&c.path) else {
            continue;
        };
        let place = Place::file(c.path.display().to_string());
        if meta.file_type().is_symlink() {
            problems.push(
                Problem::new(
                    place,
                    Code::SymlinkInAdrFolder,
                    "is a symbolic link; kubecompass does not write through links in the ADR folder",
                )
                .with_help("replace the link with the file it points to, or remove it"),
            );
        } else if !meta.is_file() {
            let what = if meta.is_dir() {
                "a folder"
            } else {
                special_kind(&meta)
            };
            problems.push(
                Problem::new(
                    place,
                    Code::AdrFileInTheWay,
                    format!("is {what} where kubecompass would write a file"),
                )
                .with_help("move it away, then run again; nothing was written"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems).sorted().into());
    }

    let mut staged = Vec::new();
    for c in changes {
        let Some(text) = &c.text else { continue };
        let temp = stage(&c.path, text).map_err(|e| {
            Failure::Output(
                format!(
                    "cannot write `{}`: {}; no file was changed",
                    c.path.display(),
                    cause(&e)
                ),
                e.kind(),
            )
        })?;
        staged.push(temp);
    }
    let total = changes.len();
    let mut staged = staged.into_iter();
    for (done, c) in changes.iter().enumerate() {
        let result = match &c.text {
            Some(_) => staged
                .next()
                .expect("one staged file per text")
                .persist(&c.path)
                .map(drop)
                .map_err(|e| e.error),
            None => match std::fs::remove_file(&c.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        result.map_err(|e| {
            Failure::Output(
                format!(
                    "cannot replace `{}`: {}; {done} of {total} files were changed, run again to complete them",
                    c.path.display(),
                    cause(&e)
                ),
                e.kind(),
            )
        })?;
    }
    for dir in folders(changes) {
        // Make the renames durable; a file system that cannot sync a folder loses nothing here.
        let _ = std::fs::File::open(&dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// `text` in a temporary file beside `path`, flushed to disk, with the permissions of the file
/// it will replace (0644 for a new one).
fn stage(path: &Path, text: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)?;
    temp.as_file_mut().write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    match std::fs::metadata(path) {
        Ok(meta) => temp.as_file().set_permissions(meta.permissions())?,
        Err(_) => default_permissions(temp.as_file())?,
    }
    Ok(temp)
}

/// The system's reason, without the temporary file's random name that some errors carry.
fn cause(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.split_once(" at path \"") {
        Some((reason, _)) => reason.to_string(),
        None => text,
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn folders(changes: &[Change]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = changes.iter().map(|c| parent(&c.path)).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(unix)]
fn default_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step that fails after the staging (here a removal under a path that is a file, not a
    /// folder) leaves the files renamed before it, and says how many.
    #[test]
    fn a_failing_step_after_staging_says_how_many_files_were_changed() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("0001-a.md");
        std::fs::write(dir.path().join("file"), "x").unwrap();
        let changes = [
            Change {
                path: record.clone(),
                text: Some("# 1. A\n".into()),
            },
            Change {
                path: dir.path().join("file/0002-b.md"),
                text: None,
            },
        ];
        let Err(Failure::Output(message, _)) = commit(&changes) else {
            panic!("the removal must fail");
        };
        assert!(
            message.ends_with("; 1 of 2 files were changed, run again to complete them"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(record).unwrap(), "# 1. A\n");
    }
}
