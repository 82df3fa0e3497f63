//! The advice: everything the engine concluded for one profile, and why.
//!
//! This is the one model every output is made from. JSON output is this model serialised (its
//! shape is versioned by [`SCHEMA_VERSION`]); Markdown reports and ADRs are templates over it.
//! Reasons carry stable kebab-case codes so templates word them and scripts can test them.

use crate::catalogue::{
    CheckKind, Criticality, Lifecycle, LockIn, RequirementKind, Reversibility, Timing, Verdict,
};
use crate::condition::{Check, Truth};
use crate::fact::Value;
use serde::Serialize;

/// Bumped whenever a field is renamed or removed, or its meaning changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct Advice {
    pub schema_version: u32,
    pub generator: String,
    pub profile: ProfileSummary,
    pub summary: Summary,
    pub decisions: Vec<DecisionAdvice>,
    pub requirements: Vec<RequirementStatus>,
    pub conflicts: Vec<ConflictStatus>,
    pub questions: Vec<OpenQuestion>,
    pub capabilities: Vec<CapabilityAdvice>,
    pub checks: Vec<CheckStatus>,
    pub roadmaps: Vec<RoadmapAdvice>,
    pub traceability: Vec<TraceRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProfileSummary {
    pub name: Option<String>,
    pub description: Option<String>,
    pub facts_answered: usize,
    pub facts_declared: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub decisions: usize,
    pub provisional: usize,
    pub conflicts_holding: usize,
    pub conflicts_unresolved: usize,
    pub questions_open: usize,
    pub blocking_open: usize,
    pub aged_choices: usize,
    pub capabilities_now: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every rule that could change the choice was evaluated on answered facts.
    Decided,
    /// A rule that could change the choice reads an unanswered fact.
    Provisional,
}

/// A reference to a requirement, with whether it applies to this profile.
#[derive(Clone, Debug, Serialize)]
pub struct RequirementRef {
    pub id: String,
    pub kind: RequirementKind,
    pub title: String,
    pub applies: Truth,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionRef {
    pub id: String,
    pub text: String,
    pub criticality: Criticality,
}

#[derive(Clone, Debug, Serialize)]
pub struct ToolStatus {
    pub id: String,
    pub name: String,
    pub licence: String,
    pub governance: String,
    pub lifecycle: Lifecycle,
    pub since: Option<String>,
    pub successors: Vec<ToolName>,
    pub note: Option<String>,
    pub reviewed: String,
}

impl ToolStatus {
    pub fn is_aged(&self) -> bool {
        self.lifecycle != Lifecycle::Active
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ToolName {
    pub id: String,
    pub name: String,
}

/// One option of a decision as shown in the advice.
#[derive(Clone, Debug, Serialize)]
pub struct OptionSummary {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub lock_in: LockIn,
    pub exit: Option<String>,
    pub tools: Vec<ToolStatus>,
}

/// The rule that settled an outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Ruling {
    /// The rule id, or `default`.
    pub rule: String,
    pub because: String,
    pub source: String,
}

/// One rule as evaluated for this profile.
#[derive(Clone, Debug, Serialize)]
pub struct RuleTrace {
    pub id: String,
    pub when: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub result: Truth,
    /// Whether this rule settled the outcome.
    pub chose: bool,
    pub checks: Vec<Check>,
    pub because: String,
    pub source: String,
}

/// A fact a rule read, with its value (`None` when unanswered).
#[derive(Clone, Debug, Serialize)]
pub struct FactRead {
    pub fact: String,
    pub value: Option<Value>,
    /// The question that asks for it, if any.
    pub question: Option<String>,
}

/// Why an alternative was not chosen. `code` is one of: `rule-false` (its rule did not apply),
/// `rule-unknown` (its rule reads an unanswered fact), `outranked` (its rule applies but an
/// earlier rule settled the decision), `default-overridden` (it is the default and a rule
/// chose otherwise), `no-rule` (no rule selects it for any profile).
#[derive(Clone, Debug, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub rule: Option<String>,
    /// The tests that failed or could not be evaluated.
    pub checks: Vec<Check>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alternative {
    #[serde(flatten)]
    pub option: OptionSummary,
    pub why_not: Vec<Reason>,
}

/// What the outcome would be if one unanswered fact were answered with `value`.
#[derive(Clone, Debug, Serialize)]
pub struct WhatIf {
    pub value: Value,
    pub outcome: String,
    pub rule: String,
    /// Other unanswered facts still leave the outcome open.
    pub still_provisional: bool,
}

/// An unanswered fact that keeps an outcome provisional.
#[derive(Clone, Debug, Serialize)]
pub struct Pending {
    pub fact: String,
    pub ask: String,
    pub question: Option<QuestionRef>,
    pub outcomes: Vec<WhatIf>,
}

/// A single change to the profile that would change the outcome.
#[derive(Clone, Debug, Serialize)]
pub struct Flip {
    pub fact: String,
    pub from: Option<Value>,
    pub to: Value,
    pub outcome: String,
    pub rule: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionAdvice {
    pub id: String,
    pub title: String,
    pub asks: String,
    pub domain: String,
    pub status: Status,
    pub choice: OptionSummary,
    pub ruling: Ruling,
    pub facts_read: Vec<FactRead>,
    pub rules: Vec<RuleTrace>,
    pub alternatives: Vec<Alternative>,
    pub serves: Vec<RequirementRef>,
    pub open_questions: Vec<QuestionRef>,
    pub pending: Vec<Pending>,
    pub flips: Vec<Flip>,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<String>,
    pub aged_tools: Vec<ToolStatus>,
    pub source: String,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RequirementStatus {
    pub id: String,
    pub kind: RequirementKind,
    pub title: String,
    pub statement: String,
    pub implication: Option<String>,
    pub success: Option<String>,
    pub applies: Truth,
    /// Non-goals: whether the condition that makes it relevant now holds.
    pub now_relevant: Option<Truth>,
    pub becomes_relevant: Option<String>,
    pub criticality: Option<String>,
    pub rpo: Option<String>,
    pub rto: Option<String>,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResolutionStatus {
    pub id: String,
    pub text: String,
    pub recommended: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConflictStatus {
    pub id: String,
    pub title: String,
    pub between: Vec<RequirementRef>,
    /// `true` when the conflict holds, `unknown` when it may hold once questions are answered.
    pub holds: Truth,
    pub resolved: bool,
    pub checks: Vec<Check>,
    pub impact: String,
    pub resolutions: Vec<ResolutionStatus>,
    pub validation: Vec<String>,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpenQuestion {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub criticality: Criticality,
    pub criticality_reason: String,
    pub impact: String,
    pub sets: Vec<String>,
    /// Decisions and capabilities whose rules read what this question sets, or that name it.
    pub affects: Vec<String>,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CapabilityAdvice {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub verdict: Verdict,
    pub status: Status,
    pub ruling: Ruling,
    pub rules: Vec<RuleTrace>,
    pub pending: Vec<Pending>,
    pub flips: Vec<Flip>,
    pub trigger: String,
    pub skip_if: String,
    pub complexity: String,
    pub builds_on: Vec<BuildsOn>,
    pub options: Vec<CapabilityOptionSummary>,
    pub decision_points: Vec<String>,
    pub serves: Vec<RequirementRef>,
    pub open_questions: Vec<QuestionRef>,
    pub timing: String,
    pub source: String,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BuildsOn {
    pub decision: String,
    pub title: String,
    pub choice: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CapabilityOptionSummary {
    pub id: String,
    pub name: String,
    pub use_when: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub tools: Vec<ToolStatus>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckStatus {
    pub id: String,
    pub kind: CheckKind,
    pub title: String,
    pub applies: Truth,
    /// When it may apply: the unanswered facts that would settle it.
    pub settled_by: Vec<String>,
    pub why: String,
    pub checklist: Vec<String>,
    pub source: String,
}

/// One requirement and what serves it: the traceability matrix and the Mermaid chains.
#[derive(Clone, Debug, Serialize)]
pub struct TraceRow {
    pub requirement: RequirementRef,
    pub links: Vec<TraceLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TraceLink {
    /// `decision` or `capability`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// The chosen option's name, or the verdict.
    pub outcome: String,
    pub tools: Vec<ToolName>,
    pub open_questions: Vec<String>,
}

/// Where a team stands on a roadmap: each step done, next, to do, or unknown.
#[derive(Clone, Debug, Serialize)]
pub struct RoadmapAdvice {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// `unknown` when the condition that makes the roadmap apply reads unanswered facts.
    pub applies: Truth,
    /// Those facts.
    pub settled_by: Vec<String>,
    /// The phase of the first step not yet done; `None` when every step is done.
    pub current_phase: Option<String>,
    pub phases: Vec<PhaseAdvice>,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PhaseAdvice {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<StepAdvice>,
}

/// `done` (its condition holds), `next` (the first step not done), `todo`, or `unknown` (its
/// condition reads an unanswered fact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    Done,
    Next,
    Todo,
    Unknown,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepAdvice {
    pub id: String,
    pub title: String,
    pub goal: String,
    pub status: StepStatus,
    pub recommendations: Vec<String>,
    pub deliverables: Vec<String>,
    pub metrics: Vec<String>,
    pub decisions: Vec<BuildsOn>,
    pub source: String,
}
