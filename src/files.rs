//! The filesystem edge: reading a user's file with every check it deserves, and writing output
//! so that a crash or a full disk never leaves a half-written file behind.

use crate::problem::{Code, Place, Problem};
use crate::yaml::MAX_FILE_BYTES;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Reads a text file: it must exist, be a file, be small, and be UTF-8.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    read_file(
        path,
        "pass the path of a regular file; pipes and devices are not read",
    )
}

/// [`read_text`], with the help a refused pipe or device gets.
fn read_file(path: &Path, special_help: &str) -> Result<String, Problem> {
    let place = Place::file(path.display().to_string());
    let unreadable = |message: String, help: &str| {
        Problem::new(place.clone(), Code::Unreadable, message).with_help(help)
    };
    let io_problem = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => unreadable("no such file".into(), "check the path"),
        std::io::ErrorKind::PermissionDenied => {
            unreadable("permission denied".into(), "make the file readable")
        }
        _ => unreadable(format!("cannot read: {e}"), "check the path"),
    };
    let meta = std::fs::metadata(path).map_err(io_problem)?;
    if meta.is_dir() {
        return Err(unreadable(
            "is a directory, not a file".into(),
            "pass the path of a YAML file",
        ));
    }
    // A named pipe blocks on open until someone writes to it, and a device may never end, so
    // anything but a regular file is refused before it is opened.
    if !meta.is_file() {
        return Err(unreadable(
            format!("is {}, not a regular file", special_kind(&meta)),
            special_help,
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(unreadable(
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                meta.len()
            ),
            "profiles and catalogue files are small; is this the right file?",
        ));
    }
    // The file may have grown since it was measured, so the read itself is bounded too.
    let file = std::fs::File::open(path).map_err(io_problem)?;
    read_bounded(file, &place, "the file")
}

/// How a profile read from standard input (`-`) is named in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether a path argument means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a profile: a file as [`read_text`] does, or standard input for `-`, under the same
/// bound. Returns the name messages give it and its text.
pub fn read_profile(path: &Path) -> Result<(String, String), Problem> {
    if is_stdin(path) {
        let text = read_bounded(
            std::io::stdin().lock(),
            &Place::file(STDIN_NAME),
            "standard input",
        )?;
        return Ok((STDIN_NAME.to_string(), text));
    }
    // A shell's `<(...)` is a named pipe: the way to pipe a profile in is `-`.
    let help = "pass the path of a regular file, or pipe the profile into `-` (standard input)";
    Ok((path.display().to_string(), read_file(path, help)?))
}

/// Reads at most the size limit and checks the text is UTF-8: one byte past the limit is enough
/// to know it is exceeded, so a stream that never ends is read no further.
fn read_bounded(input: impl Read, place: &Place, what: &str) -> Result<String, Problem> {
    let unreadable = |message: String, help: &str| {
        Problem::new(place.clone(), Code::Unreadable, message).with_help(help)
    };
    let mut bytes = Vec::new();
    input
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(format!("cannot read: {e}"), "check the input"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(unreadable(
            format!("the input is longer than the limit of {MAX_FILE_BYTES} bytes"),
            "profiles and catalogue files are small; is this the right file?",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        unreadable(
            format!("{what} is not valid UTF-8 (first bad byte at offset {at})"),
            "save the file as UTF-8",
        )
    })
}

/// What a file that is not a regular file is, for a message: "a named pipe", "a device", ...
#[cfg(unix)]
pub fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_char_device() {
        "a character device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
pub fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Writes an output file (`-o`): a regular file, or a new one, atomically; a character device
/// (`/dev/null`, `/dev/stdout`) or a named pipe as a stream, since replacing one with a file
/// would destroy it. A pipe waits for its reader, as a shell's `>` does. A block device or a
/// socket is refused: neither is an output anyone means.
pub fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => meta,
        _ => return write_atomic_with(path, write),
    };
    if !is_stream(&meta) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {}, not a file to write", special_kind(&meta)),
        ));
    }
    // No create, no truncate: the device or pipe stays what it is.
    let mut file = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
    write(&mut file)?;
    file.flush()
}

/// How the temporary files of [`write_atomic`] are named. A run killed between creating one and
/// renaming it leaves it behind; the name says it is ours to remove.
pub const TEMP_PREFIX: &str = ".kubecompass-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Whether a file name is one [`write_atomic`] gives its temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Whether a file is written as a stream: a character device or a named pipe.
#[cfg(unix)]
fn is_stream(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device() || meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_: &std::fs::Metadata) -> bool {
    false
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over the target. An existing file keeps its permissions; a symlink is written
/// through to the file it points at.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// [`write_atomic`] with the contents written by `write`, so large output (the JSON advice of a
/// big catalogue) streams to the file instead of being built in memory first.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder `{}` does not exist", dir.display()),
        ));
    }
    if target.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    // Renaming over a pipe or a device would replace it with a file.
    if let Ok(meta) = std::fs::metadata(&target)
        && !meta.is_file()
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {}, not a regular file", special_kind(&meta)),
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)?;
    let mut out = std::io::BufWriter::new(tmp.as_file_mut());
    write(&mut out)?;
    out.flush()?;
    drop(out);
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(&target) {
        keep_owner(tmp.as_file(), &meta)?;
        tmp.as_file().set_permissions(meta.permissions())?;
    } else {
        set_default_permissions(tmp.as_file())?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Gives the replacement the owner and group of the file it replaces, so a profile answered by
/// root stays its owner's. Only root may give a file away; another user keeps the group where it
/// is a member of it and otherwise writes the file as its own, as any editor that saves by
/// renaming does. Runs before the mode is set: a change of owner clears set-id bits.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

/// The file a path finally names, following symlinks when the link exists.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// A new file gets the usual 0644 (less the umask's effect is not needed: tempfile made it 0600).
#[cfg(unix)]
fn set_default_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// An exclusive lock on a file that is replaced by renaming a new file over it (a profile that
/// `interview` answers). Released when dropped.
///
/// The lock is taken on the file itself, which needs no lock file beside it. A rename gives the
/// path a new file, so a lock on the old one no longer guards the path: after the lock is
/// granted, the path is checked to still name the locked file, and a run that waited while
/// another replaced it locks the new one instead.
#[derive(Debug)]
pub struct FileLock {
    _file: std::fs::File,
}

/// How often a held lock is tried again while waiting.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_millis(20);

/// Locks the regular file at `path` for writing, waiting at most `wait` for another process
/// that holds it; `on_wait` is called once when the lock is found held. `Ok(None)` when it is
/// still held after `wait`.
pub fn lock_file(
    path: &Path,
    wait: std::time::Duration,
    mut on_wait: impl FnMut(),
) -> std::io::Result<Option<FileLock>> {
    // A wait too long to add to the clock (`--wait` of many years) has no deadline.
    let deadline = std::time::Instant::now().checked_add(wait);
    let mut told = false;
    loop {
        // Opening a named pipe would block; only a regular file is a profile.
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("is {}, not a regular file", special_kind(&meta)),
            ));
        }
        let file = std::fs::File::open(path)?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                        return Ok(None);
                    }
                    if !told {
                        told = true;
                        on_wait();
                    }
                    std::thread::sleep(LOCK_POLL);
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
        if same_file(&file, path)? {
            return Ok(Some(FileLock { _file: file }));
        }
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (open, named) = (file.metadata()?, std::fs::metadata(path)?);
    Ok((open.dev(), open.ino()) == (named.dev(), named.ino()))
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, _: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// Pretty JSON and a final newline, written as it is serialised: the advice on a large
/// catalogue is hundreds of megabytes of text, more than the advice itself. See [`crate::json`].
pub fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> std::io::Result<()> {
    crate::json::to_writer_pretty(value, out).map_err(|e| match e {
        crate::json::Error::Io(e) => e,
        e => panic!("advice serialises: no maps with non-string keys: {e}"),
    })?;
    out.write_all(b"\n")
}
