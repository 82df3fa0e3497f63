//! Raw catalogue files -> a [`Catalogue`] that cannot be invalid.
//!
//! Validation runs every check on every file and collects the problems instead of stopping at
//! the first, so a catalogue author sees the whole list. Order: parse all files, declare facts,
//! register every id (duplicates), then resolve references and conditions, then order the
//! decisions so each is evaluated after the decisions its rules read.

use super::citation::citations;
use super::raw::*;
use super::*;
use crate::condition::{self, Subject, Vocabulary};
use crate::fact::{Fact, FactType};
use crate::problem::{Code, Place, Problem, did_you_mean};
use crate::yaml;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap, HashSet};

struct Validator<'s> {
    problems: Vec<Problem>,
    /// The ids of the registered sources, which every citation must name.
    registry: &'s Known,
    /// Where each id of each kind was first declared, for duplicate messages.
    seen: HashMap<(&'static str, String), Place>,
    source: &'s Source,
}

pub(super) fn catalogue(sources: &[Source]) -> Result<Catalogue, Problems> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (source, parsed) in sources.iter().zip(parse_files(sources)) {
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
    let mut seen = HashMap::new();
    let mut facts = Vec::new();
    for (source, file) in &files {
        let mut v = Validator {
            problems: Vec::new(),
            seen: std::mem::take(&mut seen),
            source,
            registry: &registry,
        };
        facts.extend(file.facts.iter().filter_map(|f| v.fact(f)));
        seen = std::mem::take(&mut v.seen);
        problems.append(&mut v.problems);
    }

    // Every id of every kind is registered before any reference is resolved, so the order of
    // files never matters.
    let mut ids = Ids {
        facts: facts.iter().map(|f: &Fact| f.id.clone()).collect(),
        ..Ids::default()
    };
    for (source, file) in &files {
        let mut v = Validator {
            problems: Vec::new(),
            seen: std::mem::take(&mut seen),
            source,
            registry: &registry,
        };
        v.register(file, &mut ids);
        seen = std::mem::take(&mut v.seen);
        problems.append(&mut v.problems);
    }

    let vocab = Vocabulary {
        facts: facts
            .iter()
            .map(|f: &Fact| (f.id.as_str(), &f.ty))
            .collect(),
        decisions: ids
            .options
            .iter()
            .map(|(d, opts)| (d.as_str(), opts.iter().map(String::as_str).collect()))
            .collect(),
        capabilities: ids.capabilities.iter().collect(),
    };

    let mut out = Catalogue {
        facts: Vec::new(),
        requirements: Vec::new(),
        decisions: Vec::new(),
        tools: Vec::new(),
        questions: Vec::new(),
        conflicts: Vec::new(),
        capabilities: Vec::new(),
        checks: Vec::new(),
        roadmaps: Vec::new(),
        sources: Vec::new(),
        index: Index::default(),
    };
    for (source, file) in &files {
        let mut v = Validator {
            problems: Vec::new(),
            seen: HashMap::new(),
            source,
            registry: &registry,
        };
        let r = Refs {
            ids: &ids,
            vocab: &vocab,
        };
        out.requirements
            .extend(file.requirements.iter().map(|x| v.requirement(x, &r)));
        out.decisions
            .extend(file.decisions.iter().map(|x| v.decision(x, &r)));
        out.tools.extend(file.tools.iter().map(|x| v.tool(x, &r)));
        out.questions
            .extend(file.questions.iter().map(|x| v.question(x, &r)));
        out.conflicts
            .extend(file.conflicts.iter().map(|x| v.conflict(x, &r)));
        out.capabilities
            .extend(file.capabilities.iter().map(|x| v.capability(x, &r)));
        out.checks
            .extend(file.checks.iter().map(|x| v.checklist(x, &r)));
        out.roadmaps
            .extend(file.roadmaps.iter().map(|x| v.roadmap(x, &r)));
        out.sources
            .extend(file.sources.iter().map(|x| v.source_doc(x)));

        problems.append(&mut v.problems);
    }
    out.facts = facts;
    index::dedup_first(&mut out);
    index::index(&mut out);
    index::order(&mut out, &ids.places, &mut problems);

    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems).sorted())
    }
}

/// The ids of every kind, collected before references are resolved.
#[derive(Default)]
struct Ids {
    facts: Known,
    requirements: Known,
    decisions: Known,
    /// Decision id -> its option ids.
    options: BTreeMap<String, Vec<String>>,
    tools: Known,
    questions: Known,
    capabilities: Known,
    /// Where each decision and capability is declared, for cycle messages.
    places: HashMap<String, Place>,
}

/// The declared ids of one kind: in source order for suggestions, hashed for lookups, so that
/// resolving every reference stays linear in the size of the catalogue.
#[derive(Default)]
struct Known {
    order: Vec<String>,
    set: HashSet<String>,
}

impl Known {
    fn push(&mut self, id: String) {
        if self.set.insert(id.clone()) {
            self.order.push(id);
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}

impl FromIterator<String> for Known {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Known {
        let mut known = Known::default();
        ids.into_iter().for_each(|id| known.push(id));
        known
    }
}

struct Refs<'a> {
    ids: &'a Ids,
    vocab: &'a Vocabulary<'a>,
}

/// What an id must look like.
#[derive(Clone, Copy)]
enum Shape {
    /// `managed-postgresql`
    Kebab,
    /// `HC-VI`, `G1`, `P1-Q26`: the capitals the sources use.
    Label,
    /// Shape checked by the caller.
    Checked,
}

/// Parses every file, in order. Parsing is most of the cost of loading a catalogue and the
/// files are independent, so they are shared out over the machine's cores.
fn parse_files(sources: &[Source]) -> Vec<Result<RawFile, Problem>> {
    let parse = |s: &Source| yaml::parse::<RawFile>(&s.name, &s.text);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // A thread is worth starting for a handful of files, not for one.
    let per_thread = sources.len().div_ceil(threads).max(8);
    if sources.len() <= per_thread {
        return sources.iter().map(parse).collect();
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = sources
            .chunks(per_thread)
            .map(|chunk| scope.spawn(move || chunk.iter().map(parse).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl<'s> Validator<'s> {
    fn place<T>(&self, spanned: &Spanned<T>) -> Place {
        yaml::place(&self.source.name, &spanned.referenced)
    }

    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Records an id of one kind; reports a malformed id, and a duplicate with the place of
    /// the first.
    fn declare(&mut self, kind: &'static str, id: &Id, shape: Shape) -> bool {
        let place = self.place(id);
        let problem = match shape {
            Shape::Kebab if !is_kebab(&id.value) => Some("lowercase words joined by dashes"),
            Shape::Label if !is_label(&id.value) => Some("letters, digits and dashes"),
            _ => None,
        };
        if let Some(shape) = problem {
            self.push(Problem::new(
                place.clone(),
                Code::Invalid,
                format!("{kind} id `{}` is not {shape}", id.value),
            ));
        }
        match self.seen.get(&(kind, id.value.clone())) {
            Some(first) => {
                let first = first.to_string();
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
                self.seen.insert((kind, id.value.clone()), place);
                true
            }
        }
    }

    fn fact(&mut self, raw: &RawFact) -> Option<Fact> {
        let id = &raw.id.value;
        let place = self.place(&raw.id);
        let shape_ok = id
            .split_once('.')
            .is_some_and(|(g, k)| is_kebab(g) && is_kebab(k));
        if !shape_ok {
            self.push(
                Problem::new(
                    place.clone(),
                    Code::Invalid,
                    format!("fact id `{id}` must be `group.name`"),
                )
                .with_help("two lowercase words joined by a dot, e.g. `team.size`"),
            );
        }
        let fresh = self.declare("fact", &raw.id, Shape::Checked);
        let words = raw.values.as_ref().map(|w| &w.value.0);
        let (ty, meanings) = match (raw.ty.value, words) {
            (RawFactType::Enum | RawFactType::Set, Some(words)) if !words.is_empty() => {
                let list: Vec<String> = words.iter().map(|(w, _)| w.clone()).collect();
                for w in &list {
                    if !is_kebab(w) && !matches!(w.as_str(), "true" | "false") {
                        self.push(Problem::new(
                            place.clone(),
                            Code::Invalid,
                            format!("value `{w}` of `{id}` is not a lowercase word"),
                        ));
                    }
                }
                let meanings = words.iter().map(|(_, m)| m.clone()).collect();
                let ty = if raw.ty.value == RawFactType::Enum {
                    FactType::Enum(list)
                } else {
                    FactType::Set(list)
                };
                (ty, meanings)
            }
            (RawFactType::Enum | RawFactType::Set, _) => {
                self.push(
                    Problem::new(
                        place.clone(),
                        Code::MissingKey,
                        format!("fact `{id}` needs `values`"),
                    )
                    .with_help("list the allowed words with a line of meaning each"),
                );
                return None;
            }
            (other, Some(_)) => {
                self.push(Problem::new(
                    self.place(raw.values.as_ref().expect("matched Some")),
                    Code::Invalid,
                    format!("fact `{id}` is {} and cannot have `values`", name(other)),
                ));
                return None;
            }
            (RawFactType::Bool, None) => (FactType::Bool, Vec::new()),
            (RawFactType::Text, None) => (FactType::Text, Vec::new()),
            (RawFactType::Integer, None) => (
                FactType::Integer {
                    min: raw.min,
                    max: raw.max,
                },
                Vec::new(),
            ),
        };
        if raw.ty.value != RawFactType::Integer && (raw.min.is_some() || raw.max.is_some()) {
            self.push(Problem::new(
                place.clone(),
                Code::Invalid,
                format!(
                    "only integer facts take `min` and `max`; `{id}` is {}",
                    ty.name()
                ),
            ));
        }
        (fresh && shape_ok).then(|| Fact {
            id: id.clone(),
            ty,
            meanings,
            meaning: raw.meaning.clone(),
            ask: raw.ask.clone(),
            help: raw.help.clone(),
            unit: raw.unit.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        })
    }

    fn register(&mut self, file: &RawFile, ids: &mut Ids) {
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
                ids.places
                    .insert(format!("capability.{}", c.id.value), self.place(&c.id));
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
    fn declare_in(&mut self, parent: &str, kind: &'static str, id: &Id) -> bool {
        let ok = is_kebab(&id.value);
        if !ok {
            self.push(Problem::new(
                self.place(id),
                Code::Invalid,
                format!(
                    "{kind} id `{}` is not lowercase words joined by dashes",
                    id.value
                ),
            ));
        }
        let scoped = Spanned {
            value: format!("{parent}/{}", id.value),
            referenced: id.referenced,
            defined: id.defined,
        };
        self.declare(kind, &scoped, Shape::Checked) && ok
    }

    /// Resolves a list of references of one kind, reporting the unknown ones.
    fn refs(&mut self, what: &str, list: &[Id], known: &Known) -> Vec<String> {
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
        out
    }

    fn one_ref(&mut self, what: &str, r: &Id, known: &Known) -> String {
        self.refs(what, std::slice::from_ref(r), known);
        r.value.clone()
    }

    fn cond(&mut self, raw: &Spanned<String>, vocab: &Vocabulary<'_>) -> Option<Cond> {
        match condition::parse(&raw.value, vocab) {
            Ok(condition) => Some(Cond {
                text: raw.value.clone(),
                condition,
            }),
            Err(e) => {
                let place = self.cond_place(raw, e.offset);
                self.push(Problem::new(place, e.code, e.message).with_help_opt(e.help));
                None
            }
        }
    }

    /// The place of a byte offset inside a condition: exact for a condition on one line, the
    /// start of the value otherwise.
    fn cond_place(&self, raw: &Spanned<String>, offset: usize) -> Place {
        let mut place = self.place(raw);
        let line = self
            .source
            .text
            .lines()
            .nth(place.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let rest: String = line
            .chars()
            .skip(place.column.saturating_sub(1) as usize)
            .collect();
        let shift = if rest.starts_with(raw.value.as_str()) {
            Some(offset)
        } else if rest
            .get(1..)
            .is_some_and(|r| r.starts_with(raw.value.as_str()))
        {
            Some(offset + 1)
        } else {
            None
        };
        if let Some(shift) = shift {
            place.column += raw.value[..offset.min(raw.value.len())].chars().count() as u64
                + (shift - offset) as u64;
        }
        place
    }

    fn rules(
        &mut self,
        parent: &str,
        raw: &[RawRule],
        allowed: &[String],
        what: &str,
        vocab: &Vocabulary<'_>,
    ) -> Vec<Rule> {
        let mut out = Vec::new();
        for rule in raw {
            let fresh = self.declare_in(parent, "rule", &rule.id);
            let known = allowed.contains(&rule.use_.value);
            if !known {
                let help = did_you_mean(&rule.use_.value, allowed.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("use one of {}", crate::problem::one_of(allowed)));
                self.push(
                    Problem::new(
                        self.place(&rule.use_),
                        Code::UnknownId,
                        format!(
                            "rule `{}` uses unknown {what} `{}`",
                            rule.id.value, rule.use_.value
                        ),
                    )
                    .with_help(help),
                );
            }
            let when = self.cond(&rule.when, vocab);
            if let (true, true, Some(when)) = (fresh, known, when) {
                out.push(Rule {
                    id: rule.id.value.clone(),
                    when,
                    use_: rule.use_.value.clone(),
                    because: rule.because.clone(),
                    source: self.cite(&rule.source, &rule.id),
                    judgement: rule.judgement.clone(),
                });
            }
        }
        out
    }

    fn requirement(&mut self, raw: &RawRequirement, r: &Refs<'_>) -> Requirement {
        Requirement {
            id: raw.id.value.clone(),
            kind: raw.kind,
            title: raw.title.clone(),
            statement: raw.statement.clone(),
            implication: raw.implication.clone(),
            success: raw.success.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            becomes_relevant: raw.becomes_relevant.clone(),
            relevant_when: raw
                .relevant_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            criticality: raw.criticality.clone(),
            rpo: raw.rpo.clone(),
            rto: raw.rto.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }

    fn decision(&mut self, raw: &RawDecision, r: &Refs<'_>) -> Decision {
        let id = &raw.id.value;
        let option_ids: Vec<String> = raw.options.iter().map(|o| o.id.value.clone()).collect();
        if raw.options.is_empty() {
            self.push(Problem::new(
                self.place(&raw.id),
                Code::Invalid,
                format!("decision `{id}` has no options"),
            ));
        }
        let default = self.one_ref(
            &format!("option of `{id}`"),
            &raw.default,
            &option_ids.iter().cloned().collect(),
        );
        let options = raw
            .options
            .iter()
            .map(|o| Choice {
                id: o.id.value.clone(),
                name: o.name.clone(),
                tools: self.refs("tool", &o.tools, &r.ids.tools),
                summary: o.summary.clone(),
                pros: o.pros.clone(),
                cons: o.cons.clone(),
                lock_in: o.lock_in,
                exit: o.exit.clone(),
                serves: self.refs("requirement", &o.serves, &r.ids.requirements),
            })
            .collect();
        let unless = self.rules(id, &raw.unless, &option_ids, "option", r.vocab);
        for rule in &unless {
            for subject in rule.when.condition.subjects() {
                if let Subject::Capability(c) = subject {
                    self.push(
                        Problem::new(self.place(&raw.id), Code::Invalid, format!("rule `{id}/{}` reads `capability.{c}`", rule.id))
                            .with_help("Layer 1 decisions are settled before Layer 2 verdicts; test facts or other decisions instead"),
                    );
                }
            }
        }
        Decision {
            id: id.clone(),
            title: raw.title.clone(),
            asks: raw.asks.clone(),
            domain: raw.domain.clone(),
            timing: raw.timing,
            reversibility: raw.reversibility,
            reversibility_note: raw.reversibility_note.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            questions: self.refs("question", &raw.questions, &r.ids.questions),
            default,
            because: raw.because.clone(),
            unless,
            options,
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
            notes: raw.notes.clone(),
        }
    }

    fn tool(&mut self, raw: &RawTool, r: &Refs<'_>) -> Tool {
        if raw.lifecycle != Lifecycle::Active && raw.since.is_none() {
            self.push(
                Problem::new(
                    self.place(&raw.id),
                    Code::MissingKey,
                    format!(
                        "tool `{}` is {:?} but says not `since` when",
                        raw.id.value, raw.lifecycle
                    ),
                )
                .with_help("add `since: YYYY-MM`"),
            );
        }
        if let Some(docs) = raw.docs.as_deref().filter(|d| !d.starts_with("https://")) {
            self.push(Problem::new(
                self.place(&raw.id),
                Code::WrongType,
                format!(
                    "tool `{}` has `docs: {docs}`, which is not an https:// link",
                    raw.id.value
                ),
            ));
        }
        Tool {
            id: raw.id.value.clone(),
            name: raw.name.clone(),
            docs: raw.docs.clone(),
            licence: raw.licence.clone(),
            governance: raw.governance.clone(),
            lifecycle: raw.lifecycle,
            since: raw.since.clone(),
            successors: self.refs("tool", &raw.successors, &r.ids.tools),
            note: raw.note.clone(),
            reviewed: raw.reviewed.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }

    /// A `source` text whose every citation names a registered source with a locator.
    fn cite(&mut self, text: &str, item: &Id) -> String {
        for citation in citations(text) {
            let problem = match citation {
                Ok(c) if self.registry.contains(c.source) => continue,
                Ok(c) => Problem::new(
                    self.place(item),
                    Code::UnknownId,
                    format!(
                        "`{}` cites `{}`, which is not a registered source",
                        item.value, c.source
                    ),
                )
                .with_help(
                    did_you_mean(c.source, self.registry.iter()).unwrap_or_else(|| {
                        "register the document under `sources:` in decisions/sources/".into()
                    }),
                ),
                Err(part) => Problem::new(
                    self.place(item),
                    Code::MissingKey,
                    format!("`{}` cites `{part}` without a section", item.value),
                )
                .with_help(
                    "write the source id, a space and the section: `kubecompass-webshop-p1 §2.1`",
                ),
            };
            self.push(problem);
        }
        text.to_string()
    }

    fn source_doc(&mut self, raw: &RawSourceDoc) -> SourceDoc {
        SourceDoc {
            id: raw.id.value.clone(),
            title: raw.title.clone(),
            url: raw.url.clone(),
            repository: raw.repository.clone(),
            path: raw.path.clone(),
            commit: raw.commit.clone(),
            date: raw.date.clone(),
            language: raw.language.clone(),
            licence: raw.licence.clone(),
            note: raw.note.clone(),
        }
    }

    fn question(&mut self, raw: &RawQuestion, r: &Refs<'_>) -> Question {
        let sets = self.refs("fact", &raw.sets, &r.ids.facts);
        if raw.sets.is_empty() {
            self.push(
                Problem::new(
                    self.place(&raw.id),
                    Code::Invalid,
                    format!("question `{}` sets no fact", raw.id.value),
                )
                .with_help(
                    "an answer must be recorded somewhere: list the facts it sets under `sets`",
                ),
            );
        }
        Question {
            id: raw.id.value.clone(),
            text: raw.text.clone(),
            help: raw.help.clone(),
            criticality: raw.criticality,
            criticality_reason: raw.criticality_reason.clone(),
            sets,
            decisions: self.refs("decision", &raw.decisions, &r.ids.decisions),
            impact: raw.impact.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }

    fn conflict(&mut self, raw: &RawConflict, r: &Refs<'_>) -> Conflict {
        let id = &raw.id.value;
        let mut resolutions = Vec::new();
        for res in &raw.resolutions {
            self.declare_in(id, "resolution", &res.id).then(|| {
                resolutions.push(Resolution {
                    id: res.id.value.clone(),
                    text: res.text.clone(),
                    recommended: res.recommended,
                })
            });
        }
        if raw.resolutions.iter().filter(|r| r.recommended).count() != 1 {
            self.push(Problem::new(
                self.place(&raw.id),
                Code::Invalid,
                format!("conflict `{id}` must mark exactly one resolution `recommended: true`"),
            ));
        }
        let when = self.cond(&raw.when, r.vocab);
        Conflict {
            id: id.clone(),
            title: raw.title.clone(),
            between: self.refs("requirement", &raw.between, &r.ids.requirements),
            when: when.unwrap_or_else(never),
            resolved_when: raw
                .resolved_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            impact: raw.impact.clone(),
            resolutions,
            validation: raw.validation.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }

    fn capability(&mut self, raw: &RawCapability, r: &Refs<'_>) -> Capability {
        let id = &raw.id.value;
        let verdicts: Vec<String> = condition::VERDICTS.iter().map(|s| s.to_string()).collect();
        let default = self.one_ref("verdict", &raw.default, &verdicts.iter().cloned().collect());
        let mut options = Vec::new();
        for o in &raw.options {
            if self.declare_in(id, "option", &o.id) {
                options.push(CapabilityOption {
                    id: o.id.value.clone(),
                    name: o.name.clone(),
                    tools: self.refs("tool", &o.tools, &r.ids.tools),
                    pros: o.pros.clone(),
                    cons: o.cons.clone(),
                    use_when: o.use_when.clone(),
                    serves: self.refs("requirement", &o.serves, &r.ids.requirements),
                });
            }
        }
        Capability {
            id: id.clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            builds_on: self.refs("decision", &raw.builds_on, &r.ids.decisions),
            complexity: raw.complexity.clone(),
            trigger: raw.trigger.clone(),
            skip_if: raw.skip_if.clone(),
            default: Verdict::parse(&default).unwrap_or(Verdict::Later),
            because: raw.because.clone(),
            unless: self.rules(id, &raw.unless, &verdicts, "verdict", r.vocab),
            options,
            decision_points: raw.decision_points.clone(),
            questions: self.refs("question", &raw.questions, &r.ids.questions),
            timing: raw.timing.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
            notes: raw.notes.clone(),
        }
    }

    fn checklist(&mut self, raw: &RawCheck, r: &Refs<'_>) -> Checklist {
        Checklist {
            id: raw.id.value.clone(),
            kind: raw.kind,
            title: raw.title.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            why: raw.why.clone(),
            checklist: raw.checklist.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}

impl Validator<'_> {
    fn roadmap(&mut self, raw: &RawRoadmap, r: &Refs<'_>) -> Roadmap {
        let id = &raw.id.value;
        let mut phases = Vec::new();
        for phase in &raw.phases {
            if !self.declare_in(id, "phase", &phase.id) {
                continue;
            }
            let mut steps = Vec::new();
            for step in &phase.steps {
                if self.declare_in(id, "step", &step.id) {
                    steps.push(Step {
                        id: step.id.value.clone(),
                        title: step.title.clone(),
                        goal: step.goal.clone(),
                        recommendations: step.recommendations.clone(),
                        deliverables: step.deliverables.clone(),
                        metrics: step.metrics.clone(),
                        decisions: self.refs("decision", &step.decisions, &r.ids.decisions),
                        done_when: step.done_when.as_ref().and_then(|c| self.cond(c, r.vocab)),
                        source: self.cite(&step.source, &step.id),
                        judgement: step.judgement.clone(),
                    });
                }
            }
            phases.push(Phase {
                id: phase.id.value.clone(),
                title: phase.title.clone(),
                summary: phase.summary.clone(),
                steps,
            });
        }
        Roadmap {
            id: id.clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            phases,
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}

fn name(ty: RawFactType) -> &'static str {
    match ty {
        RawFactType::Enum => "an enum",
        RawFactType::Bool => "a bool",
        RawFactType::Integer => "an integer",
        RawFactType::Set => "a set",
        RawFactType::Text => "text",
    }
}

/// A placeholder for a condition that failed to parse; the catalogue is rejected anyway.
fn never() -> Cond {
    Cond {
        text: String::new(),
        condition: crate::condition::Condition::Any(Vec::new()),
    }
}
