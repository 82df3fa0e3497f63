//! The decision catalogue: facts, Layer 0 requirements, Layer 1 decisions, tools, open
//! questions, conflicts, Layer 2 capabilities and checklists.
//!
//! [`Catalogue::from_sources`] turns YAML texts into a catalogue that cannot be invalid: every
//! id it refers to exists, every condition is type-checked, decisions depend on each other
//! without cycles. All problems of all files are reported together. Reading files and the
//! copy embedded in the binary is in [`shipped`](crate::shipped); this module and its
//! validation do no I/O.

pub mod citation;
mod index;
mod items;
mod kinds;
mod raw;
mod validate;

pub use items::*;
pub use kinds::{
    CheckKind, Criticality, Lifecycle, LockIn, Priority, RequirementKind, Reversibility, Timing,
};

use crate::fact::Fact;
use crate::problem::Problems;
use index::{ById, Links};
use serde::{Deserialize, Serialize};

/// One catalogue file: where it came from (for messages) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name used in messages, e.g. `decisions/layer1/cni.yaml`.
    pub name: String,
    pub text: String,
}

/// A validated catalogue. Items keep their source order (files sorted by name, then the order
/// inside each file), which is also the order of the advice.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Catalogue {
    #[serde(serialize_with = "crate::fact::listing")]
    pub facts: Vec<Fact>,
    pub requirements: Vec<Requirement>,
    pub decisions: Vec<Decision>,
    pub tools: Vec<Tool>,
    pub questions: Vec<Question>,
    pub conflicts: Vec<Conflict>,
    pub capabilities: Vec<Capability>,
    pub checks: Vec<Checklist>,
    pub roadmaps: Vec<Roadmap>,
    pub sources: Vec<SourceDoc>,
    /// The order Layer 2 capabilities are adopted in; none: all at once, as their rules say.
    pub sequence: Option<Sequence>,
    #[serde(skip)]
    index: Index,
}

/// Lookups by id, and links between items, held as positions: the items hold their ids
/// already, and a large catalogue has hundreds of thousands (see [`index::ById`]).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Index {
    facts: ById,
    requirements: ById,
    decisions: ById,
    tools: ById,
    questions: ById,
    capabilities: ById,
    /// Fact -> the questions that set it.
    asked_by: Links,
    /// Fact -> the decisions (and capabilities) whose rules read it.
    decisions_reading: Links,
    capabilities_reading: Links,
    /// Decision -> the questions that name it.
    questions_naming: Links,
    /// Decision -> the decisions whose rules or needs read its outcome.
    decisions_reading_decisions: Links,
    /// Capability -> the decisions whose rules or needs read its verdict.
    decisions_reading_capabilities: Links,
    /// Question -> the decisions (and capabilities) that list it.
    decisions_listing: Links,
    capabilities_listing: Links,
    /// Decisions in an order where every decision comes after those its rules read.
    decision_order: Vec<usize>,
    capability_order: Vec<usize>,
}

impl Catalogue {
    /// Validates catalogue files, reporting every problem of every file at once. The texts are
    /// dropped once every file is parsed: messages need only the files' names and the places
    /// the parse recorded, and a large catalogue's texts are tens of megabytes.
    pub fn from_sources(sources: Vec<Source>) -> Result<Catalogue, Problems> {
        validate::catalogue(sources)
    }

    /// The compact form the build embeds: the validated items and their lookups, so a run
    /// without `--catalogue` neither parses YAML nor validates.
    pub fn to_binary(&self) -> Vec<u8> {
        postcard::to_allocvec(&(self, &self.index)).expect("a catalogue always serialises")
    }

    /// Reads [`Catalogue::to_binary`] back. Only for bytes this build wrote: nothing is
    /// checked again.
    pub fn from_binary(bytes: &[u8]) -> Result<Catalogue, postcard::Error> {
        let (mut catalogue, index): (Catalogue, Index) = postcard::from_bytes(bytes)?;
        catalogue.index = index;
        Ok(catalogue)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.index.facts.get(&self.facts, id)
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.index.requirements.get(&self.requirements, id)
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.index.decisions.get(&self.decisions, id)
    }

    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.index.tools.get(&self.tools, id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index.questions.get(&self.questions, id)
    }

    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.index.capabilities.get(&self.capabilities, id)
    }

    /// The questions whose answers set this fact.
    pub fn questions_setting(&self, fact: &str) -> impl Iterator<Item = &Question> {
        self.questions_setting_index(fact)
            .map(|i| &self.questions[i])
    }

    /// Indexes (in catalogue order) of the decisions a question affects: those it names, those
    /// that list it, and those whose rules read a fact it sets.
    pub fn decisions_affected_by(&self, question: &Question) -> Vec<usize> {
        let ix = &self.index;
        let named = question
            .decisions
            .iter()
            .filter_map(|d| ix.decisions.position(&self.decisions, d));
        let listing = ix.questions.position(&self.questions, &question.id);
        let mut out: Vec<usize> = named
            .chain(ix.decisions_listing.from(listing))
            .chain(
                question
                    .sets
                    .iter()
                    .flat_map(|f| ix.decisions_reading.from(ix.facts.position(&self.facts, f))),
            )
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Positions of the decisions whose rules or needs read fact `id`.
    pub(crate) fn decisions_reading_fact(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        let ix = &self.index;
        ix.decisions_reading
            .from(ix.facts.position(&self.facts, id))
    }

    /// Positions of the decisions whose rules or needs read the outcome of the decision at
    /// position `i`.
    pub(crate) fn decisions_reading_decision(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.index.decisions_reading_decisions.from(Some(i))
    }

    /// Positions of the decisions whose rules or needs read a capability's verdict.
    pub(crate) fn decisions_reading_capabilities(&self) -> impl Iterator<Item = usize> + '_ {
        self.index.decisions_reading_capabilities.to_any()
    }

    /// Indexes (in catalogue order) of the capabilities a question affects: those that list it
    /// and those whose rules read a fact it sets.
    pub fn capabilities_affected_by(&self, question: &Question) -> Vec<usize> {
        let ix = &self.index;
        let listing = ix.questions.position(&self.questions, &question.id);
        let mut out: Vec<usize> = ix
            .capabilities_listing
            .from(listing)
            .chain(question.sets.iter().flat_map(|f| {
                ix.capabilities_reading
                    .from(ix.facts.position(&self.facts, f))
            }))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Indexes (in catalogue order) of the questions that name decision `id`.
    pub fn questions_naming(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        let ix = &self.index;
        ix.questions_naming
            .from(ix.decisions.position(&self.decisions, id))
    }

    /// Indexes of the questions that set `fact`, in catalogue order.
    pub fn questions_setting_index(&self, fact: &str) -> impl Iterator<Item = usize> + '_ {
        let ix = &self.index;
        ix.asked_by.from(ix.facts.position(&self.facts, fact))
    }

    /// Every `source` text of every item, rules and roadmap steps included.
    pub fn source_texts(&self) -> impl Iterator<Item = &str> {
        self.facts
            .iter()
            .map(|x| x.source.as_str())
            .chain(self.requirements.iter().map(|x| x.source.as_str()))
            .chain(self.decisions.iter().flat_map(|x| {
                std::iter::once(x.source.as_str()).chain(x.unless.iter().map(|r| r.source.as_str()))
            }))
            .chain(self.tools.iter().map(|x| x.source.as_str()))
            .chain(self.questions.iter().map(|x| x.source.as_str()))
            .chain(self.conflicts.iter().map(|x| x.source.as_str()))
            .chain(self.capabilities.iter().flat_map(|x| {
                std::iter::once(x.source.as_str()).chain(x.unless.iter().map(|r| r.source.as_str()))
            }))
            .chain(self.checks.iter().map(|x| x.source.as_str()))
            .chain(self.roadmaps.iter().flat_map(|m| {
                std::iter::once(m.source.as_str()).chain(
                    m.phases
                        .iter()
                        .flat_map(|p| p.steps.iter().map(|s| s.source.as_str())),
                )
            }))
    }

    /// Decisions in dependency order: each after every decision its rules read.
    pub fn decisions_in_order(&self) -> impl Iterator<Item = &Decision> {
        self.decision_positions_in_order()
            .map(|i| &self.decisions[i])
    }

    /// The positions of [`Catalogue::decisions_in_order`].
    pub(crate) fn decision_positions_in_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.index.decision_order.iter().copied()
    }

    /// Capabilities in dependency order.
    pub fn capabilities_in_order(&self) -> impl Iterator<Item = &Capability> {
        self.index
            .capability_order
            .iter()
            .map(|&i| &self.capabilities[i])
    }
}

#[cfg(test)]
mod tests;
