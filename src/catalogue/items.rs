//! The validated items of the catalogue: what a decision, rule, option, tool, question,
//! conflict, capability, checklist, roadmap and cited source hold once they cannot be invalid.
//! Their serde forms are what `kubecompass catalogue --format json` lists, what the advice
//! embeds, and (for conditions, in the binary form) what the build stores.

use super::kinds::{
    CheckKind, Criticality, Lifecycle, LockIn, Priority, RequirementKind, Reversibility, Timing,
};
use crate::condition::Condition;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

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

/// What an option needs of the profile or of other outcomes to be chosen at all: a hyperscaler's
/// own monitoring needs the cluster at that hyperscaler. An option whose need is false is
/// passed over, whichever rule points at it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Need {
    pub when: Cond,
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
    pub needs: Vec<Need>,
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
    pub informational: Option<String>,
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
    /// Facts whose answer the conflict is about: while one is unanswered the conflict does not
    /// hold (not even "may hold"), since it can only arise from that answer.
    pub once_answered: Vec<String>,
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
    pub needs: Vec<Need>,
}

/// How a capability that is not skipped picks one of its options: "use X unless Y", like a
/// Layer 1 decision.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct OptionRules {
    pub default: String,
    pub because: String,
    pub source: String,
    pub judgement: Option<String>,
    pub unless: Vec<Rule>,
}

/// Seed-level sequencing of Layer 2: nothing is adopted before the platform is ready (unless a
/// day-one rule demands it), and of the capabilities that hold, one at a time in this order.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Sequence {
    /// When Layer 1 counts as running in production.
    pub ready: Cond,
    pub because: String,
    /// Capability ids, first adopted first; those not named follow in catalogue order.
    pub order: Vec<String>,
    pub source: String,
    pub judgement: Option<String>,
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
    /// Ids of the rules that state a hard requirement from day one: their `now` does not wait
    /// for Layer 1 nor for its turn.
    pub day_one: Vec<String>,
    pub options: Vec<CapabilityOption>,
    pub choose: Option<OptionRules>,
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
    pub priority: Option<Priority>,
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
