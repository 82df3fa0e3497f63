//! `kubecompass adr`: find the team's ADR folder and dialect, lock it, read it, plan with
//! [`crate::adr`], then write the planned files as one staged set (or only report them).

mod commit;
mod folder;

use super::{Failure, GATE_FAILED, Io, OK, load_catalogue, load_profile};
use crate::adr::{self, Action, Change, Dialect, Draft, Header, INDEX_START};
use crate::advice::{Advice, ItemKind, Status};
use crate::cli::{Adr, Global};
use crate::engine;
use crate::files::read_text;
use crate::problem::{Code, Problem};
use crate::render::Renderer;
use folder::{dialect_name, leftover_temps, locate, read_folder, sniff};
use serde_json::json;

use std::path::{Component, Path, PathBuf};

/// The index of the folder. Not `README.md`: adr-log, adr-viewer and log4brains read every
/// `*.md` file of the folder as a record, while GitHub still shows a `README.markdown` as the
/// folder's page.
const INDEX_FILE: &str = "README.markdown";
/// Where earlier versions kept the index; a `README.md` holding our index is moved.
const OLD_INDEX_FILE: &str = "README.md";
/// The file adrs and adr-tools read to find an ADR folder other than `doc/adr`.
const ADR_DIR_FILE: &str = ".adr-dir";

pub(super) fn run(global: &Global, args: &Adr, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let renderer = Renderer::new(args.templates.as_deref())?;
    let profile = load_profile(&args.profile, &catalogue)?;
    let advice = engine::evaluate(&catalogue, &profile);
    let today = match &args.date {
        Some(date) => valid_date(date)?,
        None => today(),
    };
    let mode = if args.check {
        Mode::Check
    } else if args.dry_run {
        Mode::DryRun
    } else {
        Mode::Write
    };

    let root = Path::new(".");
    let existing_dialect = |dir: &Path| sniff(&read_folder(dir).unwrap_or_default());
    let (folder, dialect, found) = locate(
        root,
        args.dir.as_deref(),
        args.dialect.map(Into::into),
        &existing_dialect,
    )?;
    let new_folder = !folder.exists();
    // A run that writes holds the folder's lock from before it reads the folder until its last
    // write, so two runs never number from the same listing.
    let _lock = match mode {
        Mode::Write => Some(folder::lock(&folder)?),
        _ => None,
    };
    let result = write_records(&Run {
        advice: &advice,
        renderer: &renderer,
        folder: &folder,
        dialect,
        found: &found,
        new_folder,
        today: &today,
        force: args.force,
        mode,
    });
    if result.is_err() && new_folder {
        // Only an empty folder is removed: the one this run made.
        let _ = std::fs::remove_dir(&folder);
    }
    let (report, stale) = result?;
    io.out
        .write_all(report.as_bytes())
        .map_err(|e| Failure::Output(format!("cannot write to stdout: {e}"), e.kind()))?;
    Ok(if mode == Mode::Check && stale {
        GATE_FAILED
    } else {
        OK
    })
}

/// What one run works with once the folder is found.
struct Run<'a, 'c> {
    advice: &'a Advice<'c>,
    renderer: &'a Renderer,
    folder: &'a Path,
    dialect: Dialect,
    found: &'a str,
    new_folder: bool,
    today: &'a str,
    force: bool,
    mode: Mode,
}

/// Plans the folder, writes it (in `Mode::Write`), and returns the report and whether anything
/// was stale.
fn write_records(run: &Run<'_, '_>) -> Result<(String, bool), Failure> {
    let (advice, folder, dialect, mode) = (run.advice, run.folder, run.dialect, run.mode);
    let existing = read_folder(folder)?;
    let drafts = drafts(advice);
    let template = match dialect {
        Dialect::Nygard => "adr-nygard.md.j2",
        Dialect::Madr | Dialect::Log4brains => "adr-madr.md.j2",
    };
    let render = |i: usize, header: &Header| {
        let draft = &drafts[i];
        let decision = (draft.kind == ItemKind::Decision)
            .then(|| {
                advice
                    .decisions
                    .all()
                    .iter()
                    .find(|d| d.decision.id == draft.id)
            })
            .flatten();
        let capability = (draft.kind == ItemKind::Capability)
            .then(|| {
                advice
                    .capabilities
                    .iter()
                    .find(|c| c.capability.id == draft.id)
            })
            .flatten();
        run.renderer.render(template, &json!({ "header": header, "decision": decision, "capability": capability, "tools": advice.tools, "sources": advice.sources }))
    };
    let mut actions = adr::plan(&existing, &drafts, dialect, run.today, run.force, &render)?;

    // The index, moved out of a `README.md` an earlier version wrote it into.
    let index_path = folder.join(INDEX_FILE);
    let old_path = folder.join(OLD_INDEX_FILE);
    let read_if_there = |path: &Path| match std::fs::symlink_metadata(path) {
        Ok(_) => read_text(path).map(Some),
        Err(_) => Ok(None),
    };
    let mut old_index = read_if_there(&index_path)?;
    if old_index.is_none()
        && let Some(text) = read_if_there(&old_path)?
        && text.contains(INDEX_START)
    {
        old_index = Some(text);
        actions.push(Action {
            file: OLD_INDEX_FILE.into(),
            change: Change::Index,
            content: None,
            note: Some(format!(
                "moved to {INDEX_FILE}, which ADR tools do not take for a record"
            )),
        });
    }
    let block = run.renderer.render(
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
    let adr_dir = adr_dir_file(run);

    let leftovers = leftover_temps(folder);
    let removes = |a: &Action| a.change == Change::Index && a.content.is_none();
    let stale = actions.iter().any(|a| a.writes() || removes(a))
        || !leftovers.is_empty()
        || adr_dir.is_some();
    let mut report = format!(
        "{} ({}, {}){}\n",
        folder.display(),
        dialect_name(dialect),
        run.found,
        if mode == Mode::Write {
            ""
        } else {
            "; nothing written"
        }
    );
    for a in &actions {
        if mode == Mode::Check && !a.writes() && !removes(a) {
            continue;
        }
        let verb = verb(a, mode != Mode::Write);
        let note = a
            .note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        report.push_str(&format!("  {verb:<18} {}{note}\n", a.file));
    }
    if let Some((_, text)) = &adr_dir {
        let verb = if mode == Mode::Write {
            "created"
        } else {
            "would create"
        };
        report.push_str(&format!(
            "  {verb:<18} {ADR_DIR_FILE} (in the repository's root: `{}`, so adrs and adr-tools find the folder)\n",
            text.trim_end()
        ));
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
    report.push_str(&summary(&actions, leftovers.len(), mode, stale));
    if mode == Mode::Write {
        folder::remove_leftovers(folder, &leftovers)?;
        commit::commit(&changes(folder, &actions, adr_dir))?;
    }
    Ok((report, stale))
}

/// The `.adr-dir` to write, if any: for a folder this run starts, other than adrs' and
/// adr-tools' default `doc/adr`, in a repository that names no ADR folder yet.
fn adr_dir_file(run: &Run<'_, '_>) -> Option<(PathBuf, String)> {
    let relative = run.folder.is_relative()
        && run
            .folder
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let named = [ADR_DIR_FILE, "adrs.toml", ".log4brains.yml"]
        .iter()
        .any(|f| std::fs::symlink_metadata(f).is_ok());
    let text = run.folder.to_str()?;
    (run.new_folder
        && relative
        && !named
        && run.dialect != Dialect::Log4brains
        && run.folder != Path::new("doc/adr"))
    .then(|| (PathBuf::from(ADR_DIR_FILE), format!("{text}\n")))
}

/// The files to write, in the order that keeps a half-finished run repairable: new records,
/// then updated ones, then the records that link to them, the index, `.adr-dir`, and last the
/// old index file the index moved out of.
fn changes(
    folder: &Path,
    actions: &[Action],
    adr_dir: Option<(PathBuf, String)>,
) -> Vec<commit::Change> {
    let order = |a: &Action| match (a.change, a.content.is_some()) {
        (Change::Create, _) => 0,
        (Change::Update, _) => 1,
        (Change::Supersede, _) => 2,
        (_, true) => 3,
        (_, false) => 5,
    };
    let mut writes: Vec<&Action> = actions
        .iter()
        .filter(|a| a.writes() || a.change == Change::Index)
        .collect();
    writes.sort_by_key(|a| order(a));
    let mut out: Vec<commit::Change> = writes
        .iter()
        .map(|a| commit::Change {
            path: folder.join(&a.file),
            text: a.content.clone(),
        })
        .collect();
    if let Some((path, text)) = adr_dir {
        let at = out
            .iter()
            .position(|c| c.text.is_none())
            .unwrap_or(out.len());
        out.insert(
            at,
            commit::Change {
                path,
                text: Some(text),
            },
        );
    }
    out
}

/// One draft per decision, then one per capability the advice says to adopt now.
fn drafts(advice: &Advice) -> Vec<Draft> {
    let decisions = advice.decisions.all().iter().map(|d| Draft {
        kind: ItemKind::Decision,
        id: d.decision.id.to_string(),
        choice: d.choice.id.to_string(),
        title: format!("{}: {}", d.decision.title, d.choice.name),
        proposed: d.status == Status::Provisional,
    });
    let capabilities = advice
        .capabilities
        .iter()
        .filter(|c| c.verdict == crate::catalogue::Verdict::Now)
        .map(|c| Draft {
            kind: ItemKind::Capability,
            id: c.capability.id.to_string(),
            choice: "now".into(),
            title: format!("{}: adopt now", c.capability.title),
            proposed: c.status == Status::Provisional,
        });
    decisions.chain(capabilities).collect()
}

fn verb(action: &Action, would: bool) -> &'static str {
    match (action.change, would) {
        (Change::Create, false) => "created",
        (Change::Create, true) => "would create",
        (Change::Update, false) => "updated",
        (Change::Update, true) => "would update",
        (Change::Supersede, false) => "superseded",
        (Change::Supersede, true) => "would supersede",
        (Change::Index, false) if action.content.is_none() => "index moved",
        (Change::Index, true) if action.content.is_none() => "would move index",
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

fn summary(actions: &[Action], leftovers: usize, mode: Mode, stale: bool) -> String {
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
        Mode::Check if stale => {
            format!("stale: {line} would change; run `kubecompass adr` to update\n")
        }
        Mode::Check => "up to date\n".into(),
        Mode::DryRun => format!("would be: {line}\n"),
        Mode::Write => format!("{line}\n"),
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
}
