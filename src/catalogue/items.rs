//! The validated items of the catalogue: what a decision, rule, option, tool, question,
//! conflict, capability, checklist, roadmap and cited source hold once they cannot be invalid.
//! Their serde forms are what `kubecompass catalogue --format json` lists, what the advice
//! embeds, and (for conditions, in the binary form) what the build stores.

use super::kinds::{
    CheckKind, Criticality, Lifecycle, LockIn, Priority, RequirementKind, Reversibility, Timing,
};
use crate::condition::Condition;
use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// A condition together with the text it was written as.
#[derive(Clone, Debug)]
pub struct Cond {
    pub text: CompactString,
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
        let (text, condition) = <(CompactString, Condition)>::deserialize(d)?;
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
    pub id: CompactString,
    pub kind: RequirementKind,
    pub title: CompactString,
    pub statement: CompactString,
    pub implication: Option<CompactString>,
    pub success: Option<CompactString>,
    pub applies_when: Option<Cond>,
    pub becomes_relevant: Option<CompactString>,
    pub relevant_when: Option<Cond>,
    pub criticality: Option<CompactString>,
    pub rpo: Option<CompactString>,
    pub rto: Option<CompactString>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// A "use X unless Y" rule: of a decision, where it chooses an option (`use` names the
/// option by its id), or of a capability, where it gives a [`Verdict`].
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Rule<O = CompactString> {
    pub id: CompactString,
    pub when: Cond,
    #[serde(rename = "use")]
    pub use_: O,
    pub because: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// What an option needs of the profile or of other outcomes to be chosen at all: a hyperscaler's
/// own monitoring needs the cluster at that hyperscaler. An option whose need is false is
/// passed over, whichever rule points at it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Need {
    pub when: Cond,
    pub because: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// One option of a decision.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Choice {
    pub id: CompactString,
    pub name: CompactString,
    pub tools: Vec<CompactString>,
    pub summary: CompactString,
    pub pros: Vec<CompactString>,
    pub cons: Vec<CompactString>,
    pub lock_in: LockIn,
    pub exit: Option<CompactString>,
    pub serves: Vec<CompactString>,
    pub needs: Vec<Need>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Decision {
    pub id: CompactString,
    pub title: CompactString,
    pub asks: CompactString,
    pub domain: CompactString,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<CompactString>,
    pub serves: Vec<CompactString>,
    pub questions: Vec<CompactString>,
    pub default: CompactString,
    pub because: CompactString,
    pub unless: Vec<Rule>,
    pub options: Vec<Choice>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
    pub notes: Vec<CompactString>,
}

impl Decision {
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }

    /// Each option's id with its needs, in catalogue order.
    pub fn option_needs(&self) -> Vec<(&str, &[Need])> {
        self.options
            .iter()
            .map(|o| (o.id.as_str(), o.needs.as_slice()))
            .collect()
    }

    /// Every condition the choice reads: its rules', then its options' needs'.
    pub fn conditions(&self) -> impl Iterator<Item = &Cond> {
        let needs = self.options.iter().flat_map(|o| &o.needs);
        self.unless
            .iter()
            .map(|r| &r.when)
            .chain(needs.map(|n| &n.when))
    }
}

impl Capability {
    pub fn option(&self, id: &str) -> Option<&CapabilityOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// Each option's id with its needs, in catalogue order.
    pub fn option_needs(&self) -> Vec<(&str, &[Need])> {
        self.options
            .iter()
            .map(|o| (o.id.as_str(), o.needs.as_slice()))
            .collect()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Tool {
    pub id: CompactString,
    pub name: CompactString,
    pub licence: CompactString,
    pub governance: CompactString,
    pub lifecycle: Lifecycle,
    pub since: Option<CompactString>,
    pub successors: Vec<CompactString>,
    pub note: Option<CompactString>,
    /// The tool's own documentation: an `https://` URL.
    pub docs: Option<CompactString>,
    pub reviewed: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

impl Tool {
    /// Anything but `active` (retired, end of life, relicensed…) makes a choice using it aged.
    pub fn is_aged(&self) -> bool {
        self.lifecycle != Lifecycle::Active
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    pub id: CompactString,
    pub text: CompactString,
    pub help: Option<CompactString>,
    pub criticality: Criticality,
    pub criticality_reason: CompactString,
    pub informational: Option<CompactString>,
    pub sets: Vec<CompactString>,
    pub decisions: Vec<CompactString>,
    pub impact: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Resolution {
    pub id: CompactString,
    pub text: CompactString,
    pub recommended: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    pub id: CompactString,
    pub title: CompactString,
    pub between: Vec<CompactString>,
    pub when: Cond,
    pub resolved_when: Option<Cond>,
    /// Facts whose answer the conflict is about: while one is unanswered the conflict does not
    /// hold (not even "may hold"), since it can only arise from that answer.
    pub once_answered: Vec<CompactString>,
    pub impact: CompactString,
    pub resolutions: Vec<Resolution>,
    pub validation: Vec<CompactString>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
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

impl Outcome for CompactString {
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
    pub id: CompactString,
    pub name: CompactString,
    pub tools: Vec<CompactString>,
    pub pros: Vec<CompactString>,
    pub cons: Vec<CompactString>,
    pub use_when: CompactString,
    pub serves: Vec<CompactString>,
    pub needs: Vec<Need>,
}

/// How a capability that is not skipped picks one of its options: "use X unless Y", like a
/// Layer 1 decision.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct OptionRules {
    pub default: CompactString,
    pub because: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
    pub unless: Vec<Rule>,
}

/// Seed-level sequencing of Layer 2: nothing is adopted before the platform is ready (unless a
/// day-one rule demands it), and of the capabilities that hold, one at a time in this order.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Sequence {
    /// When Layer 1 counts as running in production.
    pub ready: Cond,
    pub because: CompactString,
    /// Capability ids, first adopted first; those not named follow in catalogue order.
    pub order: Vec<CompactString>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Capability {
    pub id: CompactString,
    pub title: CompactString,
    pub summary: CompactString,
    pub serves: Vec<CompactString>,
    pub builds_on: Vec<CompactString>,
    pub complexity: CompactString,
    pub trigger: CompactString,
    pub skip_if: CompactString,
    pub default: Verdict,
    pub because: CompactString,
    pub unless: Vec<Rule<Verdict>>,
    /// Ids of the rules that state a hard requirement from day one: their `now` does not wait
    /// for Layer 1 nor for its turn.
    pub day_one: Vec<CompactString>,
    pub options: Vec<CapabilityOption>,
    pub choose: Option<OptionRules>,
    pub decision_points: Vec<CompactString>,
    pub questions: Vec<CompactString>,
    pub timing: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
    pub notes: Vec<CompactString>,
}

/// An assumption, gap, risk or recommendation to work through when it applies.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Checklist {
    pub id: CompactString,
    pub kind: CheckKind,
    pub title: CompactString,
    pub applies_when: Option<Cond>,
    pub priority: Option<Priority>,
    pub why: CompactString,
    pub checklist: Vec<CompactString>,
    pub serves: Vec<CompactString>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// A sequence of phases a team works through (a migration plan, a maturity path).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Roadmap {
    pub id: CompactString,
    pub title: CompactString,
    pub summary: CompactString,
    pub applies_when: Option<Cond>,
    pub phases: Vec<Phase>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Phase {
    pub id: CompactString,
    pub title: CompactString,
    pub summary: CompactString,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    pub id: CompactString,
    pub title: CompactString,
    pub goal: CompactString,
    pub recommendations: Vec<CompactString>,
    pub deliverables: Vec<CompactString>,
    pub metrics: Vec<CompactString>,
    pub decisions: Vec<CompactString>,
    pub done_when: Option<Cond>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// A public document the catalogue cites: a repository file at a pinned commit, a book, an
/// announcement.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct SourceDoc {
    pub id: CompactString,
    pub title: CompactString,
    pub url: Option<CompactString>,
    pub repository: Option<CompactString>,
    pub path: Option<CompactString>,
    pub commit: Option<CompactString>,
    pub date: CompactString,
    pub language: CompactString,
    pub licence: Option<CompactString>,
    pub note: Option<CompactString>,
}
