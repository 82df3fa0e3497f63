//! Raw catalogue files -> a [`Catalogue`] that cannot be invalid.
//!
//! Validation runs every check on every file and collects the problems instead of stopping at
//! the first, so a catalogue author sees the whole list. Order: parse all files, declare facts,
//! register every id (duplicates), then resolve references and conditions, then order the
//! decisions so each is evaluated after the decisions its rules read.
//!
//! This module owns that order and the [`Validator`] each step runs with. What an id looks like
//! and what it refers to is [`ids`]; conditions are read in [`conditions`]; each other file
//! checks one kind of item, so a new check on an item goes next to the others on it.

mod capabilities;
mod conditions;
mod conflicts;
mod decisions;
mod facts;
mod ids;
mod needs;
mod plans;
mod questions;
mod reach;
mod requirements;
mod source_docs;
mod tools;

use super::raw::{Id, RawFile};
use super::{Catalogue, Problems, Source, index};
use crate::condition::Vocabulary;
use crate::fact::Fact;
use crate::line;
use crate::problem::{Code, Place, Problem};
use crate::yaml::{self, Span, Spanned};
use compact_str::CompactString;
use ids::{Ids, Known, Refs};
use std::collections::HashMap;

struct Validator<'s> {
    problems: Vec<Problem>,
    /// The ids of the registered sources, which every citation must name.
    registry: &'s Known,
    seen: Seen<'s>,
    source: &'s Source,
}

/// Where each id of each kind was first declared (file and span), for duplicate messages.
/// A large catalogue declares hundreds of thousands of ids, so the file is its name as the
/// source holds it, not a copy.
type Seen<'s> = HashMap<(&'static str, CompactString), (&'s str, Span)>;

pub(super) fn catalogue(mut sources: Vec<Source>) -> Result<Catalogue, Problems> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let parsed = parse_files(&mut sources);
    for (source, parsed) in sources.iter().zip(parsed) {
        match parsed {
            Ok(file) => files.push((source, file)),
            Err(p) => problems.push(p),
        }
    }

    let registry: Known = files
        .iter()
        .flat_map(|(_, f)| &f.sources)
        .map(|s| s.id.value.clone())
        .collect();
    // The ids declared so far, carried from file to file so a duplicate names the first.
    let mut seen = HashMap::new();
    let mut facts = Vec::new();
    each_file(&files, &registry, &mut seen, &mut problems, |v, file| {
        facts.extend(file.facts.iter().filter_map(|f| v.fact(f)));
    });

    // Every id of every kind is registered before any reference is resolved, so the order of
    // files never matters.
    let mut ids = Ids {
        facts: facts.iter().map(|f: &Fact| f.id.clone()).collect(),
        ..Ids::default()
    };
    each_file(&files, &registry, &mut seen, &mut problems, |v, file| {
        v.register(file, &mut ids)
    });

    let vocab = Vocabulary {
        facts: facts
            .iter()
            .map(|f: &Fact| (f.id.as_str(), &f.ty))
            .collect(),
        decisions: ids
            .options
            .iter()
            .map(|(d, opts)| (d.as_str(), opts.iter().map(CompactString::as_str).collect()))
            .collect(),
        capabilities: ids.capabilities.iter().collect(),
    };

    // From here on each file is validated on its own, and its raw form dropped once its items
    // are validated: the raw and the validated forms of a large catalogue are not held whole
    // at the same time.
    drop(seen);
    let r = Refs {
        ids: &ids,
        vocab: &vocab,
    };
    let parts: Vec<Part> = files
        .into_iter()
        .map(|(source, file)| Part::of(source, &file, &registry, &r))
        .collect();
    let mut out = Catalogue::default();
    for mut part in parts {
        let items = part.items;
        out.requirements.extend(items.requirements);
        out.decisions.extend(items.decisions);
        out.tools.extend(items.tools);
        out.questions.extend(items.questions);
        out.conflicts.extend(items.conflicts);
        out.capabilities.extend(items.capabilities);
        out.checks.extend(items.checks);
        out.roadmaps.extend(items.roadmaps);
        out.sources.extend(items.sources);
        problems.append(&mut part.problems);
        // The catalogue has one sequence: once one is in, a later file's is only refused.
        if let Some((place, mut sequence_problems)) = part.sequence {
            if out.sequence.is_some() {
                problems.push(
                    Problem::new(
                        place,
                        Code::DuplicateId,
                        "a second Layer 2 `sequence`; the catalogue has one",
                    )
                    .with_help("keep one `sequence:` in one file of the catalogue"),
                );
            } else {
                out.sequence = items.sequence;
                problems.append(&mut sequence_problems);
            }
        }
    }
    out.facts = facts;
    // Checklists with a due tier come first, by tier; the rest keep their reading order.
    out.checks
        .sort_by_key(|c| (c.priority.is_none(), c.priority));
    index::dedup_first(&mut out);
    index::index(&mut out);
    index::order(&mut out, &ids.places, &mut problems);
    if problems.is_empty() {
        reach::check(&out, &ids.places, &mut problems);
    }

    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems).sorted())
    }
}

/// Runs `step` over every file in order with a validator that carries `seen` across files,
/// collecting every problem.
fn each_file<'s>(
    files: &[(&'s Source, RawFile)],
    registry: &'s Known,
    seen: &mut Seen<'s>,
    problems: &mut Vec<Problem>,
    mut step: impl FnMut(&mut Validator<'_>, &RawFile),
) {
    for (source, file) in files {
        let mut v = Validator {
            problems: Vec::new(),
            seen: std::mem::take(seen),
            source,
            registry,
        };
        step(&mut v, file);
        *seen = std::mem::take(&mut v.seen);
        problems.append(&mut v.problems);
    }
}

/// Parses every file, in order, then drops the texts: validation reads only names and the
/// places the parse recorded.
///
/// On one thread, though the files are independent: glibc's allocator keeps an arena per
/// thread and reuses what a thread frees only in that thread's arena, so raw files parsed on
/// other cores left their memory there once freed, unused by the advice built after (at 25 000
/// decisions `advise` peaked 17 MB higher, for a load a fifth faster; BENCHMARKS.md). The
/// texts go together after the parse: each dropped as its parse ended, `advise` peaked 7 MB
/// higher (freed in turn, they leave holes between the raw files that followed them).
fn parse_files(sources: &mut [Source]) -> Vec<Result<RawFile, Problem>> {
    let parsed = sources
        .iter()
        .map(|s| yaml::parse::<RawFile>(&s.name, &s.text))
        .collect();
    for s in sources {
        s.text = String::new();
    }
    parsed
}

/// One file's items, validated on their own: nothing a file's items need from the others
/// (ids, vocabulary, registered sources) changes while they are validated.
struct Part {
    /// Its items; no facts (declared in the first step) and no index.
    items: Catalogue,
    /// Where its `sequence` is, and that sequence's problems, kept apart: the catalogue has
    /// one, and a later file's is refused rather than validated.
    sequence: Option<(Place, Vec<Problem>)>,
    problems: Vec<Problem>,
}

impl Part {
    fn of(source: &Source, file: &RawFile, registry: &Known, r: &Refs<'_>) -> Part {
        let validator = || Validator {
            problems: Vec::new(),
            seen: HashMap::new(),
            source,
            registry,
        };
        let mut v = validator();
        let mut items = Catalogue {
            requirements: file
                .requirements
                .iter()
                .map(|x| v.requirement(x, r))
                .collect(),
            decisions: file.decisions.iter().map(|x| v.decision(x, r)).collect(),
            tools: file.tools.iter().map(|x| v.tool(x, r)).collect(),
            questions: file.questions.iter().map(|x| v.question(x, r)).collect(),
            conflicts: file.conflicts.iter().map(|x| v.conflict(x, r)).collect(),
            capabilities: file
                .capabilities
                .iter()
                .map(|x| v.capability(x, r))
                .collect(),
            checks: file.checks.iter().map(|x| v.checklist(x, r)).collect(),
            roadmaps: file.roadmaps.iter().map(|x| v.roadmap(x, r)).collect(),
            sources: file.sources.iter().map(|x| v.source_doc(x)).collect(),
            ..Catalogue::default()
        };
        let sequence = file.sequence.as_ref().map(|raw| {
            let mut s = validator();
            items.sequence = s.sequence(raw, r);
            (s.place(&raw.ready), s.problems)
        });
        Part {
            items,
            sequence,
            problems: v.problems,
        }
    }
}

impl<'s> Validator<'s> {
    fn place<T>(&self, spanned: &Spanned<T>) -> Place {
        spanned.place(&self.source.name)
    }

    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Refuses a name or title that is not one line of plain text: it is printed in headings,
    /// table cells and ADR titles, where a line break would forge a heading or a status.
    fn one_line(&mut self, at: &Id, kind: &str, field: &str, text: &str) {
        if let Some((index, c)) = line::forbidden(text) {
            self.push(
                Problem::new(
                    self.place(at),
                    Code::BadName,
                    format!(
                        "`{field}` of {kind} `{}` holds {} at character {}; names and titles are one line of plain text",
                        at.value,
                        line::describe(c),
                        index + 1
                    ),
                )
                .with_help("write it on one line without control characters; longer text belongs in the item's summary or notes"),
            );
        }
    }
}
