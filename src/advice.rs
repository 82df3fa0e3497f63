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
use schemars::JsonSchema;
use serde::Serialize;

/// Bumped whenever a field is renamed or removed, or its meaning changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the engine concluded for one profile. Lists keep the catalogue's order.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Advice {
    /// The shape of this document; see `kubecompass schema advice`.
    pub schema_version: u32,
    /// `kubecompass` and its version.
    pub generator: String,
    pub profile: ProfileSummary,
    /// Counts a CI gate or a dashboard reads.
    pub summary: Summary,
    /// Every Layer 1 decision: what to use, which rule chose it, and why not the others.
    pub decisions: Vec<DecisionAdvice>,
    /// Layer 0: goals, non-goals, constraints, principles, and whether each applies.
    pub requirements: Vec<RequirementStatus>,
    /// Known conflicts between requirements and choices, holding or possibly holding.
    pub conflicts: Vec<ConflictStatus>,
    /// Unanswered questions, blocking first.
    pub questions: Vec<OpenQuestion>,
    /// Layer 2 enhancements: adopt now, later, or skip.
    pub capabilities: Vec<CapabilityAdvice>,
    /// Checklists (assumptions, risks, gaps, success criteria) and whether each applies.
    pub checks: Vec<CheckStatus>,
    pub roadmaps: Vec<RoadmapAdvice>,
    /// For each requirement, the decisions and capabilities that serve it.
    pub traceability: Vec<TraceRow>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ProfileSummary {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Facts the profile answers.
    pub facts_answered: usize,
    /// Facts the catalogue declares.
    pub facts_declared: usize,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Summary {
    pub decisions: usize,
    /// Decisions whose choice could still change when an open question is answered.
    pub provisional: usize,
    /// Conflicts that hold for this profile.
    pub conflicts_holding: usize,
    /// Conflicts that hold and for which the profile records no resolution (`--fail-on conflicts`).
    pub conflicts_unresolved: usize,
    pub questions_open: usize,
    /// Open questions of criticality `blocking` (`--fail-on blocking`).
    pub blocking_open: usize,
    /// Decisions whose choice uses a retired, end-of-life, deprecated, archived or relicensed tool (`--fail-on aged`).
    pub aged_choices: usize,
    /// Capabilities to adopt now.
    pub capabilities_now: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every rule that could change the choice was evaluated on answered facts.
    Decided,
    /// A rule that could change the choice reads an unanswered fact.
    Provisional,
}

/// A reference to a requirement, with whether it applies to this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RequirementRef {
    pub id: String,
    pub kind: RequirementKind,
    pub title: String,
    pub applies: Truth,
}

/// A question, short: enough to point at it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QuestionRef {
    pub id: String,
    pub text: String,
    pub criticality: Criticality,
}

/// A tool an option uses, with its licence and where it is in its life.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ToolStatus {
    pub id: String,
    pub name: String,
    pub licence: String,
    pub governance: String,
    /// Anything but `active` makes the choice aged.
    pub lifecycle: Lifecycle,
    /// Since when the lifecycle state holds.
    pub since: Option<String>,
    /// The tools the sources name as its successors.
    pub successors: Vec<ToolName>,
    pub note: Option<String>,
    /// When the catalogue last checked these facts.
    pub reviewed: String,
}

impl ToolStatus {
    pub fn is_aged(&self) -> bool {
        self.lifecycle != Lifecycle::Active
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ToolName {
    pub id: String,
    pub name: String,
}

/// One option of a decision as shown in the advice.
#[derive(Clone, Debug, Serialize, JsonSchema)]
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
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Ruling {
    /// The rule id, or `default`.
    pub rule: String,
    pub because: String,
    pub source: String,
}

/// One rule as evaluated for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
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
#[derive(Clone, Debug, Serialize, JsonSchema)]
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
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Reason {
    pub code: &'static str,
    pub rule: Option<String>,
    /// The tests that failed or could not be evaluated.
    pub checks: Vec<Check>,
}

/// An option not chosen, and every reason it was not.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Alternative {
    #[serde(flatten)]
    pub option: OptionSummary,
    pub why_not: Vec<Reason>,
}

/// What the outcome would be if one unanswered fact were answered with `value`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WhatIf {
    pub value: Value,
    pub outcome: String,
    pub rule: String,
    /// Other unanswered facts still leave the outcome open.
    pub still_provisional: bool,
}

/// An unanswered fact that keeps an outcome provisional.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Pending {
    pub fact: String,
    pub ask: String,
    pub question: Option<QuestionRef>,
    pub outcomes: Vec<WhatIf>,
}

/// A single change to the profile that would change the outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Flip {
    pub fact: String,
    pub from: Option<Value>,
    pub to: Value,
    pub outcome: String,
    pub rule: String,
}

/// One Layer 1 decision for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DecisionAdvice {
    pub id: String,
    pub title: String,
    /// The question the decision answers.
    pub asks: String,
    pub domain: String,
    pub status: Status,
    /// The option to use.
    pub choice: OptionSummary,
    /// The rule that chose it (or `default`).
    pub ruling: Ruling,
    /// The facts the rules read, with the values they saw.
    pub facts_read: Vec<FactRead>,
    /// Every rule in order, as evaluated.
    pub rules: Vec<RuleTrace>,
    /// The other options and why each was not chosen.
    pub alternatives: Vec<Alternative>,
    /// The requirements the decision serves.
    pub serves: Vec<RequirementRef>,
    /// Unanswered questions that could change the choice.
    pub open_questions: Vec<QuestionRef>,
    /// For a provisional choice: each unanswered fact and what each answer would choose.
    pub pending: Vec<Pending>,
    /// Single changes to answered facts that would change the choice.
    pub flips: Vec<Flip>,
    pub timing: Timing,
    pub reversibility: Reversibility,
    pub reversibility_note: Option<String>,
    pub aged_tools: Vec<ToolStatus>,
    pub source: String,
    pub notes: Vec<String>,
}

/// A Layer 0 requirement and whether it applies.
#[derive(Clone, Debug, Serialize, JsonSchema)]
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

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ResolutionStatus {
    pub id: String,
    pub text: String,
    pub recommended: bool,
}

/// A known conflict that holds (or may hold) for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConflictStatus {
    pub id: String,
    pub title: String,
    pub between: Vec<RequirementRef>,
    /// `true` when the conflict holds, `unknown` when it may hold once questions are answered.
    pub holds: Truth,
    /// The profile records a resolution.
    pub resolved: bool,
    pub checks: Vec<Check>,
    pub impact: String,
    pub resolutions: Vec<ResolutionStatus>,
    pub validation: Vec<String>,
    pub source: String,
}

/// An unanswered question.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OpenQuestion {
    pub id: String,
    pub text: String,
    pub help: Option<String>,
    pub criticality: Criticality,
    pub criticality_reason: String,
    pub impact: String,
    /// The facts its answer sets.
    pub sets: Vec<String>,
    /// Decisions and capabilities whose rules read what this question sets, or that name it.
    pub affects: Vec<String>,
    pub source: String,
}

/// A Layer 2 enhancement and its verdict for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
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

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BuildsOn {
    pub decision: String,
    pub title: String,
    pub choice: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CapabilityOptionSummary {
    pub id: String,
    pub name: String,
    pub use_when: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub tools: Vec<ToolStatus>,
}

/// A checklist and whether it applies.
#[derive(Clone, Debug, Serialize, JsonSchema)]
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
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TraceRow {
    pub requirement: RequirementRef,
    pub links: Vec<TraceLink>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
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
#[derive(Clone, Debug, Serialize, JsonSchema)]
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

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PhaseAdvice {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<StepAdvice>,
}

/// `done` (its condition holds), `next` (the first step not done), `todo`, or `unknown` (its
/// condition reads an unanswered fact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    Done,
    Next,
    Todo,
    Unknown,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
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
