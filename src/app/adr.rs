//! `kubecompass adr`: find the team's ADR folder and dialect, read it, plan with [`crate::adr`],
//! then write the planned files atomically (or only report them).

use super::{Failure, GATE_FAILED, Io, OK, load_catalogue, load_profile};
use crate::adr::{self, Action, Change, Dialect, Draft, Existing, Header};
use crate::advice::{Advice, ItemKind, Status};
use crate::cli::{Adr, Global};
use crate::engine;
use crate::files::{is_temp_name, read_text, write_atomic};
use crate::problem::{Code, Place, Problem};
use crate::render::Renderer;
use serde_json::json;

use std::path::{Component, Path, PathBuf};

const INDEX_FILE: &str = "README.md";

pub(super) fn run(global: &Global, args: &Adr, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let renderer = Renderer::new(args.templates.as_deref())?;
    let profile = load_profile(&args.profile, &catalogue)?;
    let advice = engine::evaluate(&catalogue, &profile);
    let today = match &args.date {
        Some(date) => valid_date(date)?,
        None => today(),
    };

    let root = Path::new(".");
    let existing_dialect = |dir: &Path| sniff(&read_folder(dir).unwrap_or_default());
    let (folder, dialect, found) = locate(
        root,
        args.dir.as_deref(),
        args.dialect.map(Into::into),
        &existing_dialect,
    )?;
    let existing = read_folder(&folder)?;
    let drafts = drafts(&advice);
    let template = match dialect {
        Dialect::Nygard => "adr-nygard.md.j2",
        Dialect::Madr => "adr-madr.md.j2",
    };
    let render = |i: usize, header: &Header| {
        let draft = &drafts[i];
        let decision = (draft.kind == ItemKind::Decision)
            .then(|| advice.decisions.iter().find(|d| d.decision.id == draft.id))
            .flatten();
        let capability = (draft.kind == ItemKind::Capability)
            .then(|| {
                advice
                    .capabilities
                    .iter()
                    .find(|c| c.capability.id == draft.id)
            })
            .flatten();
        renderer.render(template, &json!({ "header": header, "decision": decision, "capability": capability, "profile": advice.profile.name, "tools": advice.tools, "sources": advice.sources }))
    };
    let mut actions = adr::plan(&existing, &drafts, dialect, &today, args.force, &render)?;

    let index_path = folder.join(INDEX_FILE);
    let old_index = match std::fs::symlink_metadata(&index_path) {
        Ok(_) => Some(read_text(&index_path)?),
        Err(_) => None,
    };
    let block = renderer.render(
        "adr-index.md.j2",
        &json!({ "entries": adr::entries(&existing, &actions) }),
    )?;
    let new_index = adr::merge_index(old_index.as_deref(), &block);
    if old_index.as_deref() != Some(new_index.as_str()) {
        actions.push(Action {
            file: INDEX_FILE.into(),
            change: Change::Index,
            content: Some(new_index),
            note: None,
        });
    }

    let shown = folder.display().to_string();
    let leftovers = leftover_temps(&folder);
    let stale = actions.iter().any(Action::writes) || !leftovers.is_empty();
    let mode = if args.check {
        Mode::Check
    } else if args.dry_run {
        Mode::DryRun
    } else {
        Mode::Write
    };
    let mut report = format!(
        "{shown} ({}, {found}){}\n",
        dialect_name(dialect),
        if mode == Mode::Write {
            ""
        } else {
            "; nothing written"
        }
    );
    for a in &actions {
        if mode == Mode::Check && !a.writes() {
            continue;
        }
        let verb = verb(a.change, mode != Mode::Write);
        let note = a
            .note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        report.push_str(&format!("  {verb:<18} {}{note}\n", a.file));
    }
    for file in &leftovers {
        let verb = if mode == Mode::Write {
            "removed"
        } else {
            "would remove"
        };
        report.push_str(&format!(
            "  {verb:<18} {file} (left by an interrupted run)\n"
        ));
    }
    report.push_str(&summary(&actions, leftovers.len(), mode));
    if mode == Mode::Write {
        remove_leftovers(&folder, &leftovers)?;
        apply(&folder, &actions)?;
    }
    io.out
        .write_all(report.as_bytes())
        .map_err(|e| Failure::Output(format!("cannot write to stdout: {e}"), e.kind()))?;
    Ok(if mode == Mode::Check && stale {
        GATE_FAILED
    } else {
        OK
    })
}

/// One draft per decision, then one per capability the advice says to adopt now.
fn drafts(advice: &Advice) -> Vec<Draft> {
    let decisions = advice.decisions.iter().map(|d| Draft {
        kind: ItemKind::Decision,
        id: d.decision.id.clone(),
        choice: d.choice.id.clone(),
        title: format!("{}: {}", d.decision.title, d.choice.name),
        proposed: d.status == Status::Provisional,
    });
    let capabilities = advice
        .capabilities
        .iter()
        .filter(|c| c.verdict == crate::catalogue::Verdict::Now)
        .map(|c| Draft {
            kind: ItemKind::Capability,
            id: c.capability.id.clone(),
            choice: "now".into(),
            title: format!("{}: adopt now", c.capability.title),
            proposed: c.status == Status::Provisional,
        });
    decisions.chain(capabilities).collect()
}

/// The folder and dialect to write, and how they were found.
fn locate(
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
        (path, Dialect::Madr, "from .log4brains.yml".into())
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
    let present = sniff(&folder);
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
fn sniff(existing: &[Existing]) -> Option<Dialect> {
    existing.iter().find_map(|f| {
        if f.text.starts_with("---\n") {
            Some(Dialect::Madr)
        } else if f.text.contains("\n## Status") {
            Some(Dialect::Nygard)
        } else {
            None
        }
    })
}

/// Every ADR file of a folder (names starting with digits). A symlink is never followed: it is
/// counted for numbering and otherwise left alone, like any file kubecompass did not write.
fn read_folder(folder: &Path) -> Result<Vec<Existing>, Problem> {
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

/// Writes every planned file, after checking that none of them is a symlink (which could lead
/// out of the folder). Each file is written atomically; new records come before the records
/// that point at them, so a run that stops half-way is repaired by the next.
fn apply(folder: &Path, actions: &[Action]) -> Result<(), Failure> {
    for a in actions.iter().filter(|a| a.writes()) {
        let path = folder.join(&a.file);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Problem::new(
                Place::file(path.display().to_string()),
                Code::SymlinkInAdrFolder,
                "is a symbolic link; kubecompass does not write through links in the ADR folder",
            )
            .with_help("replace the link with the file it points to, or remove it")
            .into());
        }
    }
    std::fs::create_dir_all(folder).map_err(|e| {
        Failure::Output(
            format!("cannot create `{}`: {e}", folder.display()),
            e.kind(),
        )
    })?;
    let order = |c: Change| match c {
        Change::Create => 0,
        Change::Update => 1,
        Change::Supersede => 2,
        _ => 3,
    };
    let mut writes: Vec<&Action> = actions.iter().filter(|a| a.writes()).collect();
    writes.sort_by_key(|a| order(a.change));
    for a in writes {
        let path = folder.join(&a.file);
        let content = a.content.as_deref().expect("filtered on writes");
        write_atomic(&path, content.as_bytes()).map_err(|e| {
            Failure::Output(format!("cannot write `{}`: {e}", path.display()), e.kind())
        })?;
    }
    Ok(())
}

/// The temporary files an interrupted run (`kill -9` between writing and renaming) left in the
/// folder, by name. Only regular files are counted: a link or a folder with such a name is not
/// one of ours.
fn leftover_temps(folder: &Path) -> Vec<String> {
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

fn remove_leftovers(folder: &Path, leftovers: &[String]) -> Result<(), Failure> {
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

fn verb(change: Change, would: bool) -> &'static str {
    match (change, would) {
        (Change::Create, false) => "created",
        (Change::Create, true) => "would create",
        (Change::Update, false) => "updated",
        (Change::Update, true) => "would update",
        (Change::Supersede, false) => "superseded",
        (Change::Supersede, true) => "would supersede",
        (Change::Index, false) => "index updated",
        (Change::Index, true) => "would update index",
        (Change::Unchanged, _) => "unchanged",
        (Change::KeptEdited | Change::KeptStale, _) => "kept",
    }
}

/// What a run of `adr` may do: write the records, list what it would write, or only say
/// whether they are up to date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Write,
    DryRun,
    Check,
}

fn summary(actions: &[Action], leftovers: usize, mode: Mode) -> String {
    let count = |c: Change| actions.iter().filter(|a| a.change == c).count();
    let mut line = format!(
        "{} created, {} updated, {} superseded, {} unchanged, {} kept",
        count(Change::Create),
        count(Change::Update),
        count(Change::Supersede),
        count(Change::Unchanged),
        count(Change::KeptEdited) + count(Change::KeptStale)
    );
    if leftovers > 0 {
        let s = if leftovers == 1 { "" } else { "s" };
        line.push_str(&format!(", {leftovers} leftover temporary file{s}"));
    }
    match mode {
        Mode::Check if actions.iter().any(Action::writes) || leftovers > 0 => {
            format!("stale: {line} would change; run `kubecompass adr` to update\n")
        }
        Mode::Check => "up to date\n".into(),
        Mode::DryRun => format!("would be: {line}\n"),
        Mode::Write => format!("{line}\n"),
    }
}

fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Nygard => "Nygard",
        Dialect::Madr => "MADR",
    }
}

fn valid_date(text: &str) -> Result<String, Problem> {
    let ok = text.len() == 10
        && text.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
        && text[8..10]
            .parse::<u32>()
            .is_ok_and(|day| (1..=days_in_month(&text[..4], &text[5..7])).contains(&day));
    if ok {
        Ok(text.to_string())
    } else {
        Err(
            Problem::general(Code::BadArgument, format!("`{text}` is not a date"))
                .with_help("write --date as YYYY-MM-DD"),
        )
    }
}

/// The days of month `month` (`"01"` to `"12"`) of `year` in the Gregorian calendar; 0 for a
/// month that does not exist, so no day is valid in it.
fn days_in_month(year: &str, month: &str) -> u32 {
    let year: u32 = year.parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month.parse::<u32>() {
        Ok(1 | 3 | 5 | 7 | 8 | 10 | 12) => 31,
        Ok(4 | 6 | 9 | 11) => 30,
        Ok(2) if leap => 29,
        Ok(2) => 28,
        _ => 0,
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the civil-from-days algorithm.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        for good in ["2026-11-22", "2024-02-29", "2000-02-29", "2025-12-31"] {
            assert!(valid_date(good).is_ok(), "{good}");
        }
        for bad in [
            "2026-13-01",
            "26-11-22",
            "2026/11/22",
            "2026-11-3x",
            "2025-02-30",
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-00-10",
            "2025-01-00",
        ] {
            assert!(valid_date(bad).is_err(), "{bad}");
        }
        assert_eq!(today().len(), 10);
    }

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
