//! The catalogue exactly as written in YAML: strict about keys, permissive about meaning.
//!
//! These structs only mirror the file format. Ids and conditions keep their source position
//! ([`Spanned`]) so that validation can point at the line that is wrong.

use super::kinds::{
    CheckKind, Criticality, Lifecycle, LockIn, Priority, RequirementKind, Reversibility, Timing,
};
use crate::yaml::Spanned;
use compact_str::CompactString;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;

pub(crate) type Id = Spanned<CompactString>;

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
    pub ready: Spanned<CompactString>,
    pub because: CompactString,
    #[serde(default)]
    pub order: Vec<Id>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// A need of an option: a condition that must not be false for the option to be chosen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawNeed {
    pub when: Spanned<CompactString>,
    pub because: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
}

/// A capability's option rules: a default option and ordered rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawChoose {
    pub default: Id,
    pub because: CompactString,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
    #[serde(default)]
    pub unless: Vec<RawRule>,
}

/// A public document the catalogue cites.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSourceDoc {
    pub id: Id,
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
    pub meaning: CompactString,
    pub ask: CompactString,
    pub help: Option<CompactString>,
    pub unit: Option<CompactString>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

/// An ordered `word: meaning` mapping (the order of enum words matters).
#[derive(Debug, Default)]
pub(crate) struct Words(pub Vec<(CompactString, CompactString)>);

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
                while let Some((k, v)) = map.next_entry::<CompactString, CompactString>()? {
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
    pub title: CompactString,
    pub statement: CompactString,
    pub implication: Option<CompactString>,
    pub success: Option<CompactString>,
    pub applies_when: Option<Spanned<CompactString>>,
    /// Non-goals: in words, when the item stops being a non-goal.
    pub becomes_relevant: Option<CompactString>,
    /// Non-goals: the same as a condition, so the advice can say "this now matters".
    pub relevant_when: Option<Spanned<CompactString>>,
    pub criticality: Option<CompactString>,
    pub rpo: Option<CompactString>,
    pub rto: Option<CompactString>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawDecision {
    pub id: Id,
    pub title: CompactString,
    pub asks: CompactString,
    pub domain: CompactString,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<CompactString>,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub questions: Vec<Id>,
    pub default: Id,
    pub because: CompactString,
    #[serde(default)]
    pub unless: Vec<RawRule>,
    pub options: Vec<RawOption>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
    #[serde(default)]
    pub notes: Vec<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRule {
    pub id: Id,
    pub when: Spanned<CompactString>,
    #[serde(rename = "use")]
    pub use_: Id,
    pub because: CompactString,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
    /// Layer 2 verdict rules only: a hard requirement that holds from day one.
    pub day_one: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawOption {
    pub id: Id,
    pub name: CompactString,
    #[serde(default)]
    pub tools: Vec<Id>,
    pub summary: CompactString,
    #[serde(default)]
    pub pros: Vec<CompactString>,
    #[serde(default)]
    pub cons: Vec<CompactString>,
    pub lock_in: LockIn,
    pub exit: Option<CompactString>,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub needs: Vec<RawNeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawTool {
    pub id: Id,
    pub name: CompactString,
    pub licence: CompactString,
    pub governance: CompactString,
    pub lifecycle: Lifecycle,
    pub since: Option<CompactString>,
    #[serde(default)]
    pub successors: Vec<Id>,
    pub note: Option<CompactString>,
    /// The tool's own documentation, an `https://` URL.
    pub docs: Option<Spanned<CompactString>>,
    pub reviewed: CompactString,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawQuestion {
    pub id: Id,
    pub text: CompactString,
    pub help: Option<CompactString>,
    pub criticality: Criticality,
    /// Where the classification comes from, or why we classified it.
    pub criticality_reason: CompactString,
    /// Why no rule, conflict, check or trigger reads the answer, for a question asked only
    /// to inform the team; such a question is never blocking.
    pub informational: Option<CompactString>,
    pub sets: Vec<Id>,
    #[serde(default)]
    pub decisions: Vec<Id>,
    pub impact: CompactString,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConflict {
    pub id: Id,
    pub title: CompactString,
    pub between: Vec<Id>,
    pub when: Spanned<CompactString>,
    pub resolved_when: Option<Spanned<CompactString>>,
    /// Facts that must be answered before the conflict can hold: it is about an answer.
    #[serde(default)]
    pub once_answered: Vec<Id>,
    pub impact: CompactString,
    pub resolutions: Vec<RawResolution>,
    #[serde(default)]
    pub validation: Vec<CompactString>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawResolution {
    pub id: Id,
    pub text: CompactString,
    #[serde(default)]
    pub recommended: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCapability {
    pub id: Id,
    pub title: CompactString,
    pub summary: CompactString,
    #[serde(default)]
    pub serves: Vec<Id>,
    #[serde(default)]
    pub builds_on: Vec<Id>,
    pub complexity: CompactString,
    pub trigger: CompactString,
    pub skip_if: CompactString,
    pub default: Id,
    pub because: CompactString,
    #[serde(default)]
    pub unless: Vec<RawRule>,
    #[serde(default)]
    pub options: Vec<RawCapabilityOption>,
    pub choose: Option<RawChoose>,
    #[serde(default)]
    pub decision_points: Vec<CompactString>,
    #[serde(default)]
    pub questions: Vec<Id>,
    pub timing: CompactString,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
    #[serde(default)]
    pub notes: Vec<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawCapabilityOption {
    pub id: Id,
    pub name: CompactString,
    #[serde(default)]
    pub tools: Vec<Id>,
    #[serde(default)]
    pub pros: Vec<CompactString>,
    #[serde(default)]
    pub cons: Vec<CompactString>,
    pub use_when: CompactString,
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
    pub title: CompactString,
    pub applies_when: Option<Spanned<CompactString>>,
    pub priority: Option<Priority>,
    pub why: CompactString,
    #[serde(default)]
    pub checklist: Vec<CompactString>,
    #[serde(default)]
    pub serves: Vec<Id>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRoadmap {
    pub id: Id,
    pub title: CompactString,
    pub summary: CompactString,
    pub applies_when: Option<Spanned<CompactString>>,
    pub phases: Vec<RawPhase>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawPhase {
    pub id: Id,
    pub title: CompactString,
    pub summary: CompactString,
    pub steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawStep {
    pub id: Id,
    pub title: CompactString,
    pub goal: CompactString,
    #[serde(default)]
    pub recommendations: Vec<CompactString>,
    #[serde(default)]
    pub deliverables: Vec<CompactString>,
    #[serde(default)]
    pub metrics: Vec<CompactString>,
    /// The decisions this step puts in place.
    #[serde(default)]
    pub decisions: Vec<Id>,
    /// When the profile shows the step is done.
    pub done_when: Option<Spanned<CompactString>>,
    pub source: CompactString,
    /// Where the item is the catalogue's own judgement (an order, a threshold, a narrowing of a
    /// source's rule), that judgement and its reason; never passed off as a citation.
    pub judgement: Option<CompactString>,
}
