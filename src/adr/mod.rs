//! Architecture Decision Records in a team's repository: what to create, regenerate, supersede
//! or keep, decided from the files already in the folder and the advice.
//!
//! [`plan`] is pure: it takes the ADR files found (name and text), one [`Draft`] per decision
//! that should have a record, and a renderer, and returns the [`Action`]s with the exact new
//! text of every file. The folder is read and the actions are written in `app`, atomically.
//!
//! The rules: a file without our marker is someone else's and is never touched, only numbered
//! around. A file with our marker whose text is unchanged is ours to regenerate. A file with our
//! marker that a person edited is kept and reported, unless `force`. A decision whose choice
//! changed gets a new record that supersedes the old one, with links both ways.

mod index;
mod record;
mod supersede;

pub use index::{INDEX_END, INDEX_START, IndexEntry, merge_index};
pub use record::{Existing, Marker, file_name, hash, number_of, seal};
pub use supersede::{keep_relations, supersede};

use crate::advice::ItemKind;
use crate::problem::{Code, Place, Problem};
use serde::Serialize;

/// The file layout of the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// adr-tools: `# N. Title`, `Date:`, `## Status`; folder `doc/adr`.
    Nygard,
    /// MADR 4: front matter with `number`, `status`, `date` and adrs' `links`; folder
    /// `docs/decisions`.
    Madr,
    /// The MADR 2 form log4brains reads: no front matter, `- Status:` and `- Date:` bullets
    /// under the title. Written only where a `.log4brains.yml` names the folder.
    Log4brains,
}

impl Dialect {
    pub fn default_folder(self) -> &'static str {
        match self {
            Dialect::Nygard => "doc/adr",
            Dialect::Madr => "docs/decisions",
            Dialect::Log4brains => "docs/adr",
        }
    }

    /// The status word for a record, as the dialect writes it.
    fn status(self, proposed: bool) -> &'static str {
        match (self, proposed) {
            (Dialect::Nygard, false) => "Accepted",
            (Dialect::Nygard, true) => "Proposed",
            (Dialect::Madr | Dialect::Log4brains, false) => "accepted",
            (Dialect::Madr | Dialect::Log4brains, true) => "proposed",
        }
    }
}

/// A record the advice asks for.
#[derive(Clone, Debug)]
pub struct Draft {
    pub kind: ItemKind,
    /// The decision or capability id.
    pub id: String,
    /// The chosen option (or `now` for a capability).
    pub choice: String,
    /// A title that states the choice.
    pub title: String,
    /// The decision is provisional: the record is proposed, not accepted.
    pub proposed: bool,
}

impl Draft {
    /// The key its records carry in their marker: `decision/cni`, `capability/auditing`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.kind.as_str(), self.id)
    }
}

/// Another record a record links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub number: u32,
    pub title: String,
    pub file: String,
}

/// Everything about a record that depends on the folder rather than on the decision.
#[derive(Clone, Debug, Serialize)]
pub struct Header {
    pub number: u32,
    pub title: String,
    pub date: String,
    pub status: &'static str,
    pub supersedes: Option<Link>,
    pub dialect: Dialect,
}

/// What happens to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Create,
    Update,
    Supersede,
    Unchanged,
    /// A person edited it; it stays as it is.
    KeptEdited,
    /// Ours, but nothing in the advice asks for it any more.
    KeptStale,
    /// The index file.
    Index,
}

#[derive(Clone, Debug, Serialize)]
pub struct Action {
    pub file: String,
    pub change: Change,
    /// The new text, for changes that write.
    #[serde(skip)]
    pub content: Option<String>,
    pub note: Option<String>,
}

impl Action {
    /// Whether applying it writes a file.
    pub fn writes(&self) -> bool {
        self.content.is_some()
    }
}

/// Renders the body (everything above the marker) of draft `index` under `header`.
pub type Render<'a> = dyn Fn(usize, &Header) -> Result<String, Problem> + 'a;

/// Decides every file change. `existing` must hold every ADR file of the folder (by number).
///
/// A record's successor is the record its own supersede link names, so the chain is read from
/// the files, whatever their numbers: a renamed file does not reorder it. A link to a file that
/// is gone (a person deleted the current record) does not count: that record is current again
/// and its link is replaced. A plan whose result would make records supersede each other in a
/// circle is refused.
pub fn plan(
    existing: &[Existing],
    drafts: &[Draft],
    dialect: Dialect,
    today: &str,
    force: bool,
    render: &Render<'_>,
) -> Result<Vec<Action>, Problem> {
    let mut files: Vec<Existing> = existing.to_vec();
    files.sort_by(|a, b| (a.number, &a.file).cmp(&(b.number, &b.file)));
    let mut next = files.iter().map(|f| f.number).max().unwrap_or(0) + 1;
    let mut actions: Vec<Action> = Vec::new();

    for (i, draft) in drafts.iter().enumerate() {
        let key = draft.key();
        let ours = |files: &[Existing]| -> Vec<usize> {
            (0..files.len())
                .filter(|&k| files[k].marker().is_some_and(|m| m.key == key))
                .collect()
        };
        let mine = ours(&files);
        let current = mine
            .iter()
            .rev()
            .copied()
            .find(|&k| !superseded_in(&files, k));
        // A person (or adr-tools' `adr new -s`) superseded our record with a record of their own:
        // the decision is theirs now, and no record of ours supersedes it again.
        if current.is_none()
            && let Some(k) = mine.iter().copied().find(|&k| {
                successor_in(&files, k)
                    .is_some_and(|s| files[s].marker().is_none_or(|m| m.key != key))
            })
        {
            let by = &files[successor_in(&files, k).expect("found")].file;
            actions.push(Action {
                file: files[k].file.clone(),
                change: Change::KeptEdited,
                content: None,
                note: Some(format!(
                    "superseded by {by}, which kubecompass did not write; the decision is yours now"
                )),
            });
            continue;
        }
        let status = dialect.status(draft.proposed);
        let head = match current {
            Some(k) if files[k].marker().is_some_and(|m| m.choice == draft.choice) => {
                // The record it supersedes: the one whose link names it, else the newest older
                // record still waiting to be marked.
                let previous = mine.iter().rev().copied().find(|&p| {
                    p != k
                        && (successor_in(&files, p) == Some(k)
                            || (!superseded_in(&files, p) && files[p].number < files[k].number))
                });
                let mut header = Header {
                    number: files[k].number,
                    title: draft.title.clone(),
                    date: date_of(&files[k]).unwrap_or_else(|| today.to_string()),
                    status,
                    supersedes: previous.map(|p| link(&files[p], dialect)),
                    dialect,
                };
                // Relations another tool or a person added to the status are kept.
                let relations: Vec<String> = files[k]
                    .relation_lines()
                    .into_iter()
                    .filter(|(_, n)| files.iter().any(|f| f.number == *n))
                    .map(|(line, _)| line)
                    .collect();
                let body_of = |header: &Header| -> Result<String, Problem> {
                    let body = render(i, header)?;
                    Ok(match dialect {
                        Dialect::Nygard => keep_relations(&body, &relations),
                        _ => body,
                    })
                };
                let mut body = body_of(&header)?;
                if body != files[k].body() && header.date != today {
                    header.date = today.to_string();
                    body = body_of(&header)?;
                }
                let action = if body == files[k].body() {
                    Action {
                        file: files[k].file.clone(),
                        change: Change::Unchanged,
                        content: None,
                        note: None,
                    }
                } else if files[k].untouched() || force {
                    let text = seal(&body, &key, &draft.choice);
                    files[k].text = text.clone();
                    Action {
                        file: files[k].file.clone(),
                        change: Change::Update,
                        content: Some(text),
                        note: None,
                    }
                } else {
                    Action {
                        file: files[k].file.clone(),
                        change: Change::KeptEdited,
                        content: None,
                        note: Some(
                            "edited by hand, so it is kept as it is; --force regenerates it".into(),
                        ),
                    }
                };
                actions.push(action);
                k
            }
            _ => {
                let number = next;
                next += 1;
                let header = Header {
                    number,
                    title: draft.title.clone(),
                    date: today.to_string(),
                    status,
                    supersedes: current.map(|k| link(&files[k], dialect)),
                    dialect,
                };
                let file = file_name(number, &draft.title);
                let text = seal(&render(i, &header)?, &key, &draft.choice);
                actions.push(Action {
                    file: file.clone(),
                    change: Change::Create,
                    content: Some(text.clone()),
                    note: current.map(|k| format!("supersedes {}", files[k].file)),
                });
                files.push(Existing { file, number, text });
                files.len() - 1
            }
        };
        // Every other record of this decision not yet superseded is marked superseded by the
        // current one. This also repairs a run that stopped between writing two files, and a
        // record whose successor was deleted.
        let by = link(&files[head], dialect);
        for old in ours(&files) {
            if old == head || superseded_in(&files, old) {
                continue;
            }
            if files[old].untouched() || force {
                let marker = files[old].marker().expect("ours");
                let body = supersede(files[old].body(), dialect, by.number, &by.file, &by.title);
                let text = seal(&body, &marker.key, &marker.choice);
                files[old].text = text.clone();
                actions.push(Action {
                    file: files[old].file.clone(),
                    change: Change::Supersede,
                    content: Some(text),
                    note: Some(format!("superseded by {}", by.file)),
                });
            } else {
                actions.push(Action {
                    file: files[old].file.clone(),
                    change: Change::KeptEdited,
                    content: None,
                    note: Some(format!(
                        "edited by hand, so it is not marked superseded by {}; --force marks it",
                        by.file
                    )),
                });
            }
        }
    }
    if let Some(circle) = supersede_circle(&files) {
        return Err(Problem::new(
            Place::file(circle[0].clone()),
            Code::AdrSupersedeCycle,
            format!(
                "these records supersede each other in a circle, so none of them is current: {}",
                circle.join(" -> ")
            ),
        )
        .with_help(
            "edit the `Superseded by` link of one of them to name the record that replaced it, \
             or remove that link; nothing was written",
        ));
    }

    // Our records that no draft asks for any more (a capability no longer advised now, a
    // decision gone from the catalogue) are reported, never deleted; superseded ones are
    // history and reported as unchanged.
    for f in &files {
        let Some(m) = f.marker() else { continue };
        if actions.iter().any(|a| a.file == f.file) {
            continue;
        }
        if f.superseded() {
            actions.push(Action {
                file: f.file.clone(),
                change: Change::Unchanged,
                content: None,
                note: Some("superseded".into()),
            });
        } else if !drafts.iter().any(|d| d.key() == m.key) {
            actions.push(Action {
                file: f.file.clone(),
                change: Change::KeptStale,
                content: None,
                note: Some(format!(
                    "the advice no longer asks for `{}`; kept as it is",
                    m.key
                )),
            });
        }
    }
    actions.sort_by(|a, b| {
        (number_of(&a.file), &a.file, a.change as u8).cmp(&(
            number_of(&b.file),
            &b.file,
            b.change as u8,
        ))
    });
    Ok(actions)
}

/// The index in `files` of the record that file `k` says supersedes it, if that file exists.
fn successor_in(files: &[Existing], k: usize) -> Option<usize> {
    let n = files[k].successor()?;
    files.iter().position(|f| f.number == n)
}

/// Whether record `k` is superseded: its successor exists, or it says so without a link.
fn superseded_in(files: &[Existing], k: usize) -> bool {
    match files[k].successor() {
        Some(_) => successor_in(files, k).is_some(),
        None => files[k].superseded(),
    }
}

/// The files of a circle of supersede links, if the folder holds one.
fn supersede_circle(files: &[Existing]) -> Option<Vec<String>> {
    for start in 0..files.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(next) = successor_in(files, at) {
            if let Some(pos) = path.iter().position(|&p| p == next) {
                let mut circle: Vec<String> =
                    path[pos..].iter().map(|&p| files[p].file.clone()).collect();
                circle.push(files[next].file.clone());
                return Some(circle);
            }
            if path.len() > files.len() {
                break;
            }
            path.push(next);
            at = next;
        }
    }
    None
}

/// The index entries of the folder after `actions`, in number order.
pub fn entries(existing: &[Existing], actions: &[Action]) -> Vec<IndexEntry> {
    let mut files: Vec<Existing> = existing.to_vec();
    for a in actions {
        if let Some(text) = &a.content {
            match files.iter_mut().find(|f| f.file == a.file) {
                Some(f) => f.text = text.clone(),
                None => files.push(Existing {
                    file: a.file.clone(),
                    number: number_of(&a.file).unwrap_or(0),
                    text: text.clone(),
                }),
            }
        }
    }
    files.sort_by(|a, b| (a.number, &a.file).cmp(&(b.number, &b.file)));
    files
        .iter()
        .map(|f| {
            let title = f.title();
            IndexEntry {
                number: f.number,
                // A record without a title line (one that is not text, or not a file at all)
                // is still listed, by its name: a link with no text is no link to a reader.
                title: if title.is_empty() {
                    f.file.clone()
                } else {
                    title
                },
                file: f.file.clone(),
                status: f.status(),
            }
        })
        .collect()
}

fn link(f: &Existing, dialect: Dialect) -> Link {
    let title = match dialect {
        // The Nygard title carries its number ("3. Title"); links repeat it themselves.
        Dialect::Nygard => f
            .title()
            .split_once(". ")
            .map_or_else(|| f.title(), |(_, t)| t.to_string()),
        Dialect::Madr | Dialect::Log4brains => f.title(),
    };
    Link {
        number: f.number,
        title,
        file: f.file.clone(),
    }
}

/// The date a record carries (a `Date: ` line, `date:` front matter or a `* Date:` bullet).
fn date_of(f: &Existing) -> Option<String> {
    f.text
        .lines()
        .take(16)
        .find_map(|l| {
            let l = l.strip_prefix("* ").unwrap_or(l);
            l.strip_prefix("Date: ")
                .or_else(|| l.strip_prefix("date: "))
        })
        .map(|d| d.trim().to_string())
}

#[cfg(test)]
mod tests;
