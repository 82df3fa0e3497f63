//! Ids and references: every item's id is declared once (shape and duplicates checked), every
//! id of every kind is registered before any reference is resolved, and references resolve
//! against those registers with a suggestion for a near miss.

use super::Validator;
use crate::catalogue::raw::{Id, RawFile};
use crate::condition::Vocabulary;
use crate::problem::{Code, Place, Problem, did_you_mean};
use crate::yaml::Spanned;
use compact_str::{CompactString, format_compact};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The ids of every kind, collected before references are resolved.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) facts: Known,
    pub(super) requirements: Known,
    pub(super) decisions: Known,
    /// Decision id -> its option ids.
    pub(super) options: BTreeMap<CompactString, Vec<CompactString>>,
    pub(super) tools: Known,
    pub(super) questions: Known,
    pub(super) capabilities: Known,
    /// Where each decision and capability is declared, for cycle messages.
    pub(super) places: HashMap<CompactString, Place>,
}

/// The declared ids of one kind: in source order for suggestions, hashed for lookups, so that
/// resolving every reference stays linear in the size of the catalogue.
#[derive(Default)]
pub(super) struct Known {
    pub(super) order: Vec<CompactString>,
    pub(super) set: HashSet<CompactString>,
}

impl Known {
    pub(super) fn push(&mut self, id: CompactString) {
        if self.set.insert(id.clone()) {
            self.order.push(id);
        }
    }

    pub(super) fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(CompactString::as_str)
    }
}

impl FromIterator<CompactString> for Known {
    fn from_iter<I: IntoIterator<Item = CompactString>>(ids: I) -> Known {
        let mut known = Known::default();
        ids.into_iter().for_each(|id| known.push(id));
        known
    }
}

pub(super) struct Refs<'a> {
    pub(super) ids: &'a Ids,
    pub(super) vocab: &'a Vocabulary<'a>,
}

/// What an id must look like.
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// `managed-postgresql`
    Kebab,
    /// `HC-VI`, `G1`, `P1-Q26`: the capitals the sources use.
    Label,
    /// Shape checked by the caller.
    Checked,
}

pub(super) fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

pub(super) fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Validator<'_> {
    /// Records an id of one kind; reports a malformed id, and a duplicate with the place of
    /// the first.
    pub(super) fn declare(&mut self, kind: &'static str, id: &Id, shape: Shape) -> bool {
        let place = self.place(id);
        let problem = match shape {
            Shape::Kebab if !is_kebab(&id.value) => Some("lowercase words joined by dashes"),
            Shape::Label if !is_label(&id.value) => Some("letters, digits and dashes"),
            _ => None,
        };
        if let Some(shape) = problem {
            self.push(Problem::new(
                place.clone(),
                Code::BadIdShape,
                format!("{kind} id `{}` is not {shape}", id.value),
            ));
        }
        let key = (kind, id.value.clone());
        match self.seen.get(&key) {
            Some(&(file, span)) => {
                let first = span.place(file).to_string();
                self.push(
                    Problem::new(
                        place,
                        Code::DuplicateId,
                        format!("duplicate {kind} id `{}`", id.value),
                    )
                    .with_help(format!(
                        "it is first declared at {first}; ids must be unique"
                    )),
                );
                false
            }
            None => {
                self.seen.insert(key, (&self.source.name, id.span));
                true
            }
        }
    }

    pub(super) fn register(&mut self, file: &RawFile, ids: &mut Ids) {
        for r in &file.requirements {
            self.declare("requirement", &r.id, Shape::Label)
                .then(|| ids.requirements.push(r.id.value.clone()));
        }
        for d in &file.decisions {
            if self.declare("decision", &d.id, Shape::Kebab) {
                ids.decisions.push(d.id.value.clone());
                ids.places.insert(d.id.value.clone(), self.place(&d.id));
                let mut options = Vec::new();
                for o in &d.options {
                    if self.declare_in(&d.id.value, "option", &o.id) {
                        options.push(o.id.value.clone());
                    }
                }
                ids.options.insert(d.id.value.clone(), options);
            }
        }
        for t in &file.tools {
            self.declare("tool", &t.id, Shape::Kebab)
                .then(|| ids.tools.push(t.id.value.clone()));
        }
        for q in &file.questions {
            self.declare("question", &q.id, Shape::Label)
                .then(|| ids.questions.push(q.id.value.clone()));
        }
        for c in &file.capabilities {
            if self.declare("capability", &c.id, Shape::Kebab) {
                ids.capabilities.push(c.id.value.clone());
                ids.places.insert(
                    format_compact!("capability.{}", c.id.value),
                    self.place(&c.id),
                );
            }
        }
        for c in &file.conflicts {
            self.declare("conflict", &c.id, Shape::Kebab);
        }
        for c in &file.checks {
            self.declare("check", &c.id, Shape::Kebab);
        }
        for m in &file.roadmaps {
            self.declare("roadmap", &m.id, Shape::Kebab);
        }
        for s in &file.sources {
            self.declare("source", &s.id, Shape::Kebab);
        }
    }

    /// Declares an id that only has to be unique inside its parent (options, rules).
    pub(super) fn declare_in(&mut self, parent: &str, kind: &'static str, id: &Id) -> bool {
        let ok = is_kebab(&id.value);
        if !ok {
            self.push(Problem::new(
                self.place(id),
                Code::BadIdShape,
                format!(
                    "{kind} id `{}` is not lowercase words joined by dashes",
                    id.value
                ),
            ));
        }
        let scoped = Spanned {
            value: format_compact!("{parent}/{}", id.value),
            span: id.span,
        };
        self.declare(kind, &scoped, Shape::Checked) && ok
    }

    /// Resolves a list of references of one kind, reporting the unknown ones.
    pub(super) fn refs(&mut self, what: &str, list: &[Id], known: &Known) -> Vec<CompactString> {
        let mut out = Vec::new();
        for r in list {
            if known.contains(&r.value) {
                if !out.contains(&r.value) {
                    out.push(r.value.clone());
                }
            } else {
                let help = did_you_mean(&r.value, known.iter());
                self.push(
                    Problem::new(
                        self.place(r),
                        Code::UnknownId,
                        format!("unknown {what} `{}`", r.value),
                    )
                    .with_help_opt(help),
                );
            }
        }
        // Kept by the catalogue: a list grown by pushes holds room for four.
        out.shrink_to_fit();
        out
    }

    pub(super) fn one_ref(&mut self, what: &str, r: &Id, known: &Known) -> CompactString {
        self.refs(what, std::slice::from_ref(r), known);
        r.value.clone()
    }
}
