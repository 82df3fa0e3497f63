//! The decision catalogue: facts, Layer 0 requirements, Layer 1 decisions, tools, open
//! questions, conflicts, Layer 2 capabilities and checklists.
//!
//! [`Catalogue::from_sources`] turns YAML texts into a catalogue that cannot be invalid: every
//! id it refers to exists, every condition is type-checked, decisions depend on each other
//! without cycles. All problems of all files are reported together. Reading files and the
//! copy embedded in the binary is in [`sources`]; this module and its validation do no I/O.

pub mod citation;
mod index;
mod raw;
mod validate;

pub use raw::{CheckKind, Criticality, Lifecycle, LockIn, RequirementKind, Reversibility, Timing};

use crate::condition::Condition;
use crate::fact::Fact;
use crate::problem::Problems;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;

/// One catalogue file: where it came from (for messages) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name used in messages, e.g. `decisions/layer1/cni.yaml`.
    pub name: String,
    pub text: String,
}

/// A condition together with the text it was written as.
#[derive(Clone, Debug)]
pub struct Cond {
    pub text: String,
    pub condition: Condition,
}

/// People (JSON, templates) see the text a condition was written as; the binary form the
/// build embeds keeps the checked condition too, so it is not parsed again at run time.
impl Serialize for Cond {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.text)
        } else {
            (&self.text, &self.condition).serialize(s)
        }
    }
}

/// Only the binary form reads back: a condition in text must go through validation.
impl<'de> Deserialize<'de> for Cond {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cond, D::Error> {
        if d.is_human_readable() {
            return Err(serde::de::Error::custom(
                "a condition reads back only from the build's binary form",
            ));
        }
        let (text, condition) = <(String, Condition)>::deserialize(d)?;
        Ok(Cond { text, condition })
    }
}

/// A condition is shown as the text it was written as.
impl JsonSchema for Cond {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A condition over facts and outcomes, as written in the catalogue (see decisions/README.md, Conditions)."
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Requirement {
    pub id: String,
    pub kind: RequirementKind,
    pub title: String,
    pub statement: String,
    pub implication: Option<String>,
    pub success: Option<String>,
    pub applies_when: Option<Cond>,
    pub becomes_relevant: Option<String>,
    pub relevant_when: Option<Cond>,
    pub criticality: Option<String>,
    pub rpo: Option<String>,
    pub rto: Option<String>,
    pub source: String,
    pub judgement: Option<String>,
}

/// A "use X unless Y" rule: of a decision, where it chooses an option (`Rule<String>`, the
/// option id), or of a capability, where it gives a [`Verdict`].
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Rule<O = String> {
    pub id: String,
    pub when: Cond,
    #[serde(rename = "use")]
    pub use_: O,
    pub because: String,
    pub source: String,
    pub judgement: Option<String>,
}

/// One option of a decision.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub tools: Vec<String>,
    pub summary: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub lock_in: LockIn,
    pub exit: Option<String>,
    pub serves: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Decision {
    pub id: String,
    pub title: String,
    pub asks: String,
    pub domain: String,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<String>,
    pub serves: Vec<String>,
    pub questions: Vec<String>,
    pub default: String,
    pub because: String,
    pub unless: Vec<Rule>,
    pub options: Vec<Choice>,
    pub source: String,
    pub judgement: Option<String>,
    pub notes: Vec<String>,
}

impl Decision {
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Tool {
    pub id: String,
    pub name: String,
    pub licence: String,
    pub governance: String,
    pub lifecycle: Lifecycle,
    pub since: Option<String>,
    pub successors: Vec<String>,
    pub note: Option<String>,
    /// The tool's own documentation: an `https://` URL.
    pub docs: Option<String>,
    pub reviewed: String,
    pub source: String,
    pub judgement: Option<String>,
}

impl Tool {
    /// Anything but `active` (retired, end of life, relicensed…) makes a choice using it aged.
    pub fn is_aged(&self) -> bool {
        self.lifecycle != Lifecycle::Active
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub criticality: Criticality,
    pub criticality_reason: String,
    pub sets: Vec<String>,
    pub decisions: Vec<String>,
    pub impact: String,
    pub source: String,
    pub judgement: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Resolution {
    pub id: String,
    pub text: String,
    pub recommended: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    pub id: String,
    pub title: String,
    pub between: Vec<String>,
    pub when: Cond,
    pub resolved_when: Option<Cond>,
    pub impact: String,
    pub resolutions: Vec<Resolution>,
    pub validation: Vec<String>,
    pub source: String,
    pub judgement: Option<String>,
}

/// What the advice says about a Layer 2 capability.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Now,
    Later,
    Skip,
}

impl Verdict {
    pub fn parse(word: &str) -> Option<Verdict> {
        match word {
            "now" => Some(Verdict::Now),
            "later" => Some(Verdict::Later),
            "skip" => Some(Verdict::Skip),
            _ => None,
        }
    }

    pub const ALL: [Verdict; 3] = [Verdict::Now, Verdict::Later, Verdict::Skip];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Now => "now",
            Verdict::Later => "later",
            Verdict::Skip => "skip",
        }
    }
}

/// What a rule table settles: an option id, or a verdict.
pub trait Outcome: PartialEq {
    /// As conditions (`decision.cni == cilium`, `capability.tracing == now`) and the advice
    /// name it.
    fn name(&self) -> &str;
}

impl Outcome for String {
    fn name(&self) -> &str {
        self
    }
}

impl Outcome for Verdict {
    fn name(&self) -> &str {
        self.as_str()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CapabilityOption {
    pub id: String,
    pub name: String,
    pub tools: Vec<String>,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub use_when: String,
    pub serves: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Capability {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub serves: Vec<String>,
    pub builds_on: Vec<String>,
    pub complexity: String,
    pub trigger: String,
    pub skip_if: String,
    pub default: Verdict,
    pub because: String,
    pub unless: Vec<Rule<Verdict>>,
    pub options: Vec<CapabilityOption>,
    pub decision_points: Vec<String>,
    pub questions: Vec<String>,
    pub timing: String,
    pub source: String,
    pub judgement: Option<String>,
    pub notes: Vec<String>,
}

/// An assumption, gap, risk or recommendation to work through when it applies.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Checklist {
    pub id: String,
    pub kind: CheckKind,
    pub title: String,
    pub applies_when: Option<Cond>,
    pub why: String,
    pub checklist: Vec<String>,
    pub serves: Vec<String>,
    pub source: String,
    pub judgement: Option<String>,
}

/// A sequence of phases a team works through (a migration plan, a maturity path).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Roadmap {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub applies_when: Option<Cond>,
    pub phases: Vec<Phase>,
    pub source: String,
    pub judgement: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub recommendations: Vec<String>,
    pub deliverables: Vec<String>,
    pub metrics: Vec<String>,
    pub decisions: Vec<String>,
    pub done_when: Option<Cond>,
    pub source: String,
    pub judgement: Option<String>,
}

/// A public document the catalogue cites: a repository file at a pinned commit, a book, an
/// announcement.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SourceDoc {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub repository: Option<String>,
    pub path: Option<String>,
    pub commit: Option<String>,
    pub date: String,
    pub language: String,
    pub licence: Option<String>,
    pub note: Option<String>,
}

/// A validated catalogue. Items keep their source order (files sorted by name, then the order
/// inside each file), which is also the order of the advice.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
    #[serde(skip)]
    index: Index,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Index {
    facts: HashMap<String, usize>,
    requirements: HashMap<String, usize>,
    decisions: HashMap<String, usize>,
    tools: HashMap<String, usize>,
    questions: HashMap<String, usize>,
    capabilities: HashMap<String, usize>,
    /// Fact id -> the questions that set it.
    asked_by: HashMap<String, Vec<usize>>,
    /// Fact id -> the decisions (and capabilities) whose rules read it.
    decisions_reading: HashMap<String, Vec<usize>>,
    capabilities_reading: HashMap<String, Vec<usize>>,
    /// Decision id -> the questions that name it.
    questions_naming: HashMap<String, Vec<usize>>,
    /// Question id -> the decisions (and capabilities) that list it.
    decisions_listing: HashMap<String, Vec<usize>>,
    capabilities_listing: HashMap<String, Vec<usize>>,
    /// Decisions in an order where every decision comes after those its rules read.
    decision_order: Vec<usize>,
    capability_order: Vec<usize>,
}

impl Catalogue {
    /// Validates catalogue files, reporting every problem of every file at once.
    pub fn from_sources(sources: &[Source]) -> Result<Catalogue, Problems> {
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
        self.index.facts.get(id).map(|&i| &self.facts[i])
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.index
            .requirements
            .get(id)
            .map(|&i| &self.requirements[i])
    }

    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.index.decisions.get(id).map(|&i| &self.decisions[i])
    }

    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.index.tools.get(id).map(|&i| &self.tools[i])
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index.questions.get(id).map(|&i| &self.questions[i])
    }

    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.index
            .capabilities
            .get(id)
            .map(|&i| &self.capabilities[i])
    }

    /// The questions whose answers set this fact.
    pub fn questions_setting(&self, fact: &str) -> impl Iterator<Item = &Question> {
        self.questions_setting_index(fact)
            .map(|i| &self.questions[i])
    }

    /// Indexes (in catalogue order) of the decisions a question affects: those it names, those
    /// that list it, and those whose rules read a fact it sets.
    pub fn decisions_affected_by(&self, question: &Question) -> Vec<usize> {
        let named = question
            .decisions
            .iter()
            .filter_map(|d| self.index.decisions.get(d));
        let mut out: Vec<usize> = named
            .copied()
            .chain(lookup(&self.index.decisions_listing, &question.id))
            .chain(
                question
                    .sets
                    .iter()
                    .flat_map(|f| lookup(&self.index.decisions_reading, f)),
            )
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Indexes (in catalogue order) of the capabilities a question affects: those that list it
    /// and those whose rules read a fact it sets.
    pub fn capabilities_affected_by(&self, question: &Question) -> Vec<usize> {
        let mut out: Vec<usize> = lookup(&self.index.capabilities_listing, &question.id)
            .chain(
                question
                    .sets
                    .iter()
                    .flat_map(|f| lookup(&self.index.capabilities_reading, f)),
            )
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Indexes (in catalogue order) of the questions that name decision `id`.
    pub fn questions_naming(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        lookup(&self.index.questions_naming, id)
    }

    /// Indexes of the questions that set `fact`, in catalogue order.
    pub fn questions_setting_index(&self, fact: &str) -> impl Iterator<Item = usize> + '_ {
        lookup(&self.index.asked_by, fact)
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
        self.index
            .decision_order
            .iter()
            .map(|&i| &self.decisions[i])
    }

    /// Capabilities in dependency order.
    pub fn capabilities_in_order(&self) -> impl Iterator<Item = &Capability> {
        self.index
            .capability_order
            .iter()
            .map(|&i| &self.capabilities[i])
    }
}

fn lookup<'a>(map: &'a HashMap<String, Vec<usize>>, key: &str) -> impl Iterator<Item = usize> + 'a {
    map.get(key).into_iter().flatten().copied()
}

#[cfg(test)]
mod tests;
