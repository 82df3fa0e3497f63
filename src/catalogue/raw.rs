//! The catalogue exactly as written in YAML: strict about keys, permissive about meaning.
//!
//! These structs only mirror the file format. Ids and conditions keep their source position
//! ([`Spanned`]) so that validation can point at the line that is wrong.

use super::kinds::{
    CheckKind, Criticality, Lifecycle, LockIn, Priority, RequirementKind, Reversibility, Timing,
};
use crate::yaml::Spanned;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;

pub(crate) type Id = Spanned<String>;

/// One catalogue file. Every section is optional, so a file holds one concern.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawFile {
    #[serde(default)]
    pub facts: Vec<RawFact>,
    #[serde(default)]
    pub requirements: Vec<RawRequirement>,
    #[serde(default)]
    pub decisions: Vec<RawDecision>,
    #[serde(default)]
    pub tools: Vec<RawTool>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    #[serde(default)]
    pub conflicts: Vec<RawConflict>,
    #[serde(default)]
    pub capabilities: Vec<RawCapability>,
    #[serde(default)]
    pub checks: Vec<RawCheck>,
    #[serde(default)]
    pub roadmaps: Vec<RawRoadmap>,
    #[serde(default)]
    pub sources: Vec<RawSourceDoc>,
    pub sequence: Option<RawSequence>,
}

/// The order Layer 2 capabilities are adopted in, and when Layer 1 counts as ready.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSequence {
    pub ready: Spanned<String>,
    pub because: String,
    #[serde(default)]
    pub order: Vec<Id>,
    pub source: String,
    pub judgement: Option<String>,
}

/// A need of an option: a condition that must not be false for the option to be chosen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawNeed {
    pub when: Spanned<String>,
    pub because: String,
    pub source: String,
    pub judgement: Option<String>,
}

/// A capability's option rules: a default option and ordered rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawChoose {
    pub default: Id,
    pub because: String,
    pub source: String,
    pub judgement: Option<String>,
    #[serde(default)]
    pub unless: Vec<RawRule>,
}

/// A public document the catalogue cites.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSourceDoc {
    pub id: Id,
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

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawFactType {
    Enum,
    Bool,
    Integer,
    Set,
    Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawFact {
    pub id: Id,
    #[serde(rename = "type")]
    pub ty: Spanned<RawFactType>,
    pub values: Option<Spanned<Words>>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub meaning: String,
    pub ask: String,
    pub help: Option<String>,
    pub unit: Option<String>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

/// An ordered `word: meaning` mapping (the order of enum words matters).
#[derive(Debug, Default)]
pub(crate) struct Words(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Words, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Words;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of allowed words to their meaning")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Words, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(Words(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRequirement {
    pub id: Id,
    pub kind: RequirementKind,
    pub title: String,
    pub statement: String,
    pub implication: Option<String>,
    pub success: Option<String>,
    pub applies_when: Option<Spanned<String>>,
    /// Non-goals: in words, when the item stops being a non-goal.
    pub becomes_relevant: Option<String>,
    /// Non-goals: the same as a condition, so the advice can say "this now matters".
    pub relevant_when: Option<Spanned<String>>,
    pub criticality: Option<String>,
    pub rpo: Option<String>,
    pub rto: Option<String>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawDecision {
    pub id: Id,
    pub title: String,
    pub asks: String,
    pub domain: String,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<String>,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub questions: Vec<Id>,
    pub default: Id,
    pub because: String,
    #[serde(default)]
    pub unless: Vec<RawRule>,
    pub options: Vec<RawOption>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRule {
    pub id: Id,
    pub when: Spanned<String>,
    #[serde(rename = "use")]
    pub use_: Id,
    pub because: String,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
    /// Layer 2 verdict rules only: a hard requirement that holds from day one.
    pub day_one: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawOption {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub tools: Vec<Id>,
    pub summary: String,
    #[serde(default)]
    pub pros: Vec<String>,
    #[serde(default)]
    pub cons: Vec<String>,
    pub lock_in: LockIn,
    pub exit: Option<String>,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub needs: Vec<RawNeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawTool {
    pub id: Id,
    pub name: String,
    pub licence: String,
    pub governance: String,
    pub lifecycle: Lifecycle,
    pub since: Option<String>,
    #[serde(default)]
    pub successors: Vec<Id>,
    pub note: Option<String>,
    /// The tool's own documentation, an `https://` URL.
    pub docs: Option<Spanned<String>>,
    pub reviewed: String,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawQuestion {
    pub id: Id,
    pub text: String,
    pub help: Option<String>,
    pub criticality: Criticality,
    /// Where the classification comes from, or why we classified it.
    pub criticality_reason: String,
    /// Why no rule, conflict, check or trigger reads the answer, for a question asked only
    /// to inform the team; such a question is never blocking.
    pub informational: Option<String>,
    pub sets: Vec<Id>,
    #[serde(default)]
    pub decisions: Vec<Id>,
    pub impact: String,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConflict {
    pub id: Id,
    pub title: String,
    pub between: Vec<Id>,
    pub when: Spanned<String>,
    pub resolved_when: Option<Spanned<String>>,
    /// Facts that must be answered before the conflict can hold: it is about an answer.
    #[serde(default)]
    pub once_answered: Vec<Id>,
    pub impact: String,
    pub resolutions: Vec<RawResolution>,
    #[serde(default)]
    pub validation: Vec<String>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawResolution {
    pub id: Id,
    pub text: String,
    #[serde(default)]
    pub recommended: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCapability {
    pub id: Id,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub builds_on: Vec<Id>,
    pub complexity: String,
    pub trigger: String,
    pub skip_if: String,
    pub default: Id,
    pub because: String,
    #[serde(default)]
    pub unless: Vec<RawRule>,
    #[serde(default)]
    pub options: Vec<RawCapabilityOption>,
    pub choose: Option<RawChoose>,
    #[serde(default)]
    pub decision_points: Vec<String>,
    #[serde(default)]
    pub questions: Vec<Id>,
    pub timing: String,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCapabilityOption {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub tools: Vec<Id>,
    #[serde(default)]
    pub pros: Vec<String>,
    #[serde(default)]
    pub cons: Vec<String>,
    pub use_when: String,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub needs: Vec<RawNeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCheck {
    pub id: Id,
    pub kind: CheckKind,
    pub title: String,
    pub applies_when: Option<Spanned<String>>,
    pub priority: Option<Priority>,
    pub why: String,
    #[serde(default)]
    pub checklist: Vec<String>,
    #[serde(default)]
    pub serves: Vec<Id>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRoadmap {
    pub id: Id,
    pub title: String,
    pub summary: String,
    pub applies_when: Option<Spanned<String>>,
    pub phases: Vec<RawPhase>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPhase {
    pub id: Id,
    pub title: String,
    pub summary: String,
    pub steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawStep {
    pub id: Id,
    pub title: String,
    pub goal: String,
    #[serde(default)]
    pub recommendations: Vec<String>,
    #[serde(default)]
    pub deliverables: Vec<String>,
    #[serde(default)]
    pub metrics: Vec<String>,
    /// The decisions this step puts in place.
    #[serde(default)]
    pub decisions: Vec<Id>,
    /// When the profile shows the step is done.
    pub done_when: Option<Spanned<String>>,
    pub source: String,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<String>,
}
