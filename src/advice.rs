//! The advice: everything the engine concluded for one profile, and why.
//!
//! This is the one model every output is made from. JSON output is this model serialised (its
//! shape is versioned by [`SCHEMA_VERSION`]); Markdown reports and ADRs are templates over it.
//!
//! The advice refers to catalogue items instead of copying them: each entry holds `&'c` the
//! item and serialises its fields flattened, then adds only what the engine computed for this
//! profile (status, ruling, rule traces, why-not, pending answers, flips). A field added to a
//! catalogue item therefore reaches JSON, the schema and every template without code here.
//! Ids the catalogue holds (a decision's `serves`, a conflict's `between`, an option's
//! `tools`) stay ids; the items they name are listed once in the advice (`requirements`,
//! `tools`) and templates look them up with the `lookup` filter.

use crate::catalogue::{
    Capability, CapabilityOption, Catalogue, Checklist, Choice, Conflict, Decision, Need, Question,
    Requirement, Roadmap, Rule, SourceDoc, Tool, Verdict,
};
use crate::condition::{Check, Checks, Subject, Truth};
use crate::fact::Value;
use compact_str::CompactString;
use schemars::JsonSchema;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

mod decisions;
pub use decisions::Decisions;

/// Bumped whenever a field is renamed or removed, or its meaning changes.
/// 2: entries embed their catalogue item's fields; references are ids looked up in
/// `requirements` and `tools`.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything the engine concluded for one profile. Lists keep the catalogue's order.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Advice<'c> {
    /// The shape of this document; see `kubecompass schema advice`.
    pub schema_version: u32,
    /// `kubecompass` and its version.
    pub generator: String,
    pub profile: ProfileSummary<'c>,
    /// Counts a CI gate or a dashboard reads.
    pub summary: Summary,
    /// Every Layer 1 decision: what to use, which rule chose it, and why not the others.
    #[schemars(with = "Vec<DecisionAdvice<'c>>")]
    pub decisions: Decisions<'c>,
    /// Layer 0: goals, non-goals, constraints, principles, and whether each applies.
    pub requirements: Vec<RequirementAdvice<'c>>,
    /// Known conflicts between requirements and choices, holding or possibly holding.
    pub conflicts: Vec<ConflictAdvice<'c>>,
    /// Unanswered questions, blocking first.
    pub questions: Vec<QuestionAdvice<'c>>,
    /// Layer 2 enhancements: adopt now, later, or skip.
    pub capabilities: Vec<CapabilityAdvice<'c>>,
    /// Checklists (assumptions, risks, gaps, success criteria) that apply or may apply.
    pub checks: Vec<CheckAdvice<'c>>,
    /// Roadmaps that apply or may apply, with where the team stands.
    pub roadmaps: Vec<RoadmapAdvice<'c>>,
    /// For each requirement, the decisions and capabilities that serve it.
    pub traceability: Vec<TraceRow<'c>>,
    /// Every tool an option of a decision or capability names, and their successors.
    pub tools: Vec<ToolAdvice<'c>>,
    /// The public documents the catalogue cites; every `source` names them by id.
    pub sources: &'c [SourceDoc],
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ProfileSummary<'c> {
    pub name: Option<&'c str>,
    pub description: Option<&'c str>,
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
    /// Decisions whose choice uses a retired, end-of-life, deprecated, archived, unmaintained or relicensed tool (`--fail-on aged`).
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

/// A requirement an item serves, with whether it applies to this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Served<'c> {
    #[serde(flatten)]
    pub requirement: &'c Requirement,
    pub applies: Truth,
}

/// A tool, and whether it is aged (anything but `active`: retired, end of life, relicensed…).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ToolAdvice<'c> {
    #[serde(flatten)]
    pub tool: &'c Tool,
    pub aged: bool,
}

/// The rule that settled an outcome: a rule of the item, or its default.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Ruling<'c> {
    /// The rule id, or `default`.
    pub rule: &'c str,
    pub because: &'c str,
    pub source: &'c str,
    /// Where the rule is the catalogue's own call rather than the source's, that judgement.
    pub judgement: Option<&'c str>,
}

/// One rule as evaluated for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RuleTrace<'c, O = CompactString> {
    #[serde(flatten)]
    pub rule: &'c Rule<O>,
    pub result: Truth,
    /// Whether this rule settled the outcome.
    pub chose: bool,
    pub checks: Checks<'c>,
}

/// A fact (or another decision's outcome, `decision.ID`) a rule read, with its value (`None`
/// when unanswered).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FactRead<'c> {
    pub fact: Cow<'c, str>,
    pub value: Option<Value>,
    /// The question that asks for it, if any.
    pub question: Option<&'c str>,
}

/// The facts the deciding rules read, each once, with the values they saw. They are read from
/// those rules' checks, which the advice holds anyway, when shown: a copy kept beside them was
/// an eighth of the advice of a large catalogue.
#[derive(Clone)]
pub struct FactsRead<'c> {
    deciding: Box<[Checks<'c>]>,
    catalogue: &'c Catalogue,
}

impl<'c> FactsRead<'c> {
    pub fn of(deciding: impl IntoIterator<Item = Checks<'c>>, catalogue: &'c Catalogue) -> Self {
        FactsRead {
            deciding: deciding.into_iter().collect(),
            catalogue,
        }
    }

    /// In the order the rules read them.
    pub fn iter(&self) -> impl Iterator<Item = FactRead<'c>> + '_ {
        let mut seen: Vec<&Subject> = Vec::new();
        let checks = self.deciding.iter().flat_map(|c| c.iter());
        checks.filter_map(move |check| {
            if seen.contains(&check.subject) {
                return None;
            }
            seen.push(check.subject);
            let fact = check.subject.reads();
            let question = self.catalogue.questions_setting(&fact).next();
            Some(FactRead {
                value: check.seen.clone(),
                question: question.map(|q| q.id.as_str()),
                fact,
            })
        })
    }
}

impl Serialize for FactsRead<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for FactsRead<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Why an alternative was not chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// Its rule did not apply.
    RuleFalse,
    /// Its rule reads an unanswered fact.
    RuleUnknown,
    /// Its rule applies but an earlier rule settled the decision.
    Outranked,
    /// It is the default and a rule chose otherwise.
    DefaultOverridden,
    /// No rule selects it for any profile.
    NoRule,
    /// One of its needs is false for this profile, so no rule can choose it.
    NeedFailed,
}

/// Where a capability whose rules say `now` stands in the one-at-a-time sequence.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Sequenced<'c> {
    /// 1 for the first to adopt.
    pub place: usize,
    /// How many capabilities hold.
    pub of: usize,
    /// The rule that states a hard requirement from day one, if that is why it is `now`.
    pub day_one: Option<&'c str>,
    /// Why it waits (its verdict is then `later`); none when it is `now`.
    pub held: Option<HeldBack<'c>>,
}

/// Why a capability whose rules say `now` waits.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum HeldBack<'c> {
    /// Layer 1 does not yet run in production (or that is not known).
    LayerOneFirst {
        /// The condition under which Layer 1 counts as ready.
        ready: &'c str,
        result: Truth,
        because: &'c str,
    },
    /// Another capability comes first: adopt this one once that one is in place.
    OneAtATime { after: &'c str },
}

/// The option a Layer 2 capability that is not skipped recommends, chosen like a Layer 1
/// decision.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CapabilityChoice<'c> {
    pub option: &'c CapabilityOption,
    pub status: Status,
    pub ruling: Ruling<'c>,
    pub rules: Vec<RuleTrace<'c>>,
    pub passed_over: Vec<PassedOver<'c>>,
    /// Unanswered facts that keep the option provisional.
    pub open: Vec<CompactString>,
    /// Provisional decisions (by id) whose choice the option's rules read.
    pub follows: Vec<&'c str>,
}

/// An option a rule (or the default) pointed at but that could not be chosen, because one of
/// its needs is false.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PassedOver<'c> {
    pub option: &'c str,
    /// The rule that pointed at it: a rule id, `default`, or `fallback`.
    pub rule: &'c str,
    /// The need that failed.
    pub need: &'c Need,
    /// Its tests, with the values they saw.
    pub checks: Checks<'c>,
}

/// One reason an alternative was not chosen.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Reason<'c> {
    pub code: ReasonCode,
    pub rule: Option<&'c str>,
    /// The tests that failed or could not be evaluated.
    #[schemars(with = "Vec<Check<'c>>")]
    pub checks: Shown<'c>,
}

/// The checks a reason shows: those of a rule's trace or of a need, shared with it rather
/// than copied (see [`Checks`]); of a rule, only those that did not hold.
#[derive(Clone, Debug)]
pub struct Shown<'c> {
    all: Checks<'c>,
    failing_only: bool,
}

impl<'c> Shown<'c> {
    pub fn all(checks: Checks<'c>) -> Shown<'c> {
        Shown {
            all: checks,
            failing_only: false,
        }
    }

    pub fn failing(checks: Checks<'c>) -> Shown<'c> {
        Shown {
            all: checks,
            failing_only: true,
        }
    }

    pub fn none() -> Shown<'c> {
        Shown::all(Checks::default())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Check<'c>> {
        self.all
            .iter()
            .filter(|c| !self.failing_only || c.result != Truth::True)
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// An option not chosen, and every reason it was not.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Alternative<'c> {
    #[serde(flatten)]
    pub option: &'c Choice,
    pub why_not: Vec<Reason<'c>>,
}

/// What the outcome would be if one unanswered fact were answered with `value`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WhatIf<'c> {
    pub value: Value,
    /// The option id (decisions) or verdict (capabilities) it would give.
    pub outcome: &'c str,
    pub rule: &'c str,
    /// Other unanswered facts still leave the outcome open.
    pub still_provisional: bool,
}

/// An unanswered fact that keeps an outcome provisional.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Pending<'c> {
    pub fact: &'c str,
    pub ask: &'c str,
    pub question: Option<&'c Question>,
    pub outcomes: Vec<WhatIf<'c>>,
}

/// A single change to the profile that would change the outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Flip<'c> {
    pub fact: &'c str,
    pub from: Option<Value>,
    pub to: Value,
    pub outcome: &'c str,
    pub rule: &'c str,
}

/// One Layer 1 decision for this profile: the catalogue's decision (flattened) and its outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DecisionAdvice<'c> {
    #[serde(flatten)]
    pub decision: &'c Decision,
    pub status: Status,
    /// The option to use.
    pub choice: &'c Choice,
    /// The tools of the chosen option.
    pub choice_tools: Vec<&'c Tool>,
    /// The rule that chose it (or `default`).
    pub ruling: Ruling<'c>,
    /// The facts the deciding rules read, with the values they saw.
    #[schemars(with = "Vec<FactRead<'c>>")]
    pub facts_read: FactsRead<'c>,
    /// Every rule in order, as evaluated.
    pub rules: Vec<RuleTrace<'c>>,
    /// The other options and why each was not chosen.
    pub alternatives: Vec<Alternative<'c>>,
    /// The requirements the decision and its choice serve.
    pub serving: Vec<Served<'c>>,
    /// Unanswered questions that could change the choice, most critical first.
    pub open_questions: Vec<&'c Question>,
    /// For a provisional choice: each unanswered fact and what each answer would choose.
    pub pending: Vec<Pending<'c>>,
    /// Single changes to answered facts that would change the choice.
    pub flips: Vec<Flip<'c>>,
    /// Options the rules pointed at first but whose needs failed, in the order passed over.
    pub passed_over: Vec<PassedOver<'c>>,
    /// Provisional decisions (by id) whose choice this one read: it may change with theirs,
    /// so it is provisional too.
    pub follows: Vec<&'c str>,
    /// The chosen option's tools that are aged.
    pub aged_tools: Vec<AgedTool<'c>>,
}

/// A tool that is no longer `active`, and the tools the sources name as its successors.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AgedTool<'c> {
    pub tool: &'c Tool,
    pub successors: Vec<&'c Tool>,
}

/// A decision a capability builds on, and what this profile chose for it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Foundation<'c> {
    pub decision: &'c str,
    pub title: &'c str,
    /// The chosen option's name.
    pub choice: &'c str,
}

/// A Layer 0 requirement and whether it applies.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RequirementAdvice<'c> {
    #[serde(flatten)]
    pub requirement: &'c Requirement,
    pub applies: Truth,
    /// Non-goals: whether the condition that makes it relevant now holds.
    pub now_relevant: Option<Truth>,
}

/// A known conflict that holds (or may hold) for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConflictAdvice<'c> {
    #[serde(flatten)]
    pub conflict: &'c Conflict,
    /// `true` when the conflict holds, `unknown` when it may hold once questions are answered.
    pub holds: Truth,
    /// The profile records a resolution.
    pub resolved: bool,
    pub checks: Checks<'c>,
}

/// An unanswered question and what its answer affects.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QuestionAdvice<'c> {
    #[serde(flatten)]
    pub question: &'c Question,
    /// The decisions (by id) and capabilities (`capability.ID`) whose rules read what this
    /// question sets, or that name it or list it.
    pub affects: Vec<CompactString>,
    /// What answering the question whole would change: for a question with two or more
    /// unanswered facts that take a word or yes/no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub together: Option<Together<'c>>,
}

/// A question's answers together, as the interview previews them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Together<'c> {
    /// Combinations of the question's answers in all.
    pub combinations: u64,
    /// How many were previewed: all, or (past a bound) a set in which every pair of answers
    /// to two of its facts appears.
    pub previewed: usize,
    /// Each distinct result, with the first combination that gives it.
    pub outcomes: Vec<TogetherOutcome<'c>>,
}

/// One result of answering a question whole.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TogetherOutcome<'c> {
    pub answers: Vec<Answer<'c>>,
    /// How many other previewed combinations give the same result.
    pub also: usize,
    /// What would differ from the advice as it is; empty: nothing.
    pub changes: Vec<Change>,
}

/// One fact's answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Answer<'c> {
    pub fact: &'c str,
    pub value: Value,
}

/// One outcome that would differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Change {
    pub kind: ChangeKind,
    /// The decision, capability or conflict id.
    pub id: CompactString,
    pub title: CompactString,
    /// Option id, verdict, or whether the conflict holds.
    pub from: CompactString,
    pub to: CompactString,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Decision,
    Capability,
    Conflict,
}

/// A Layer 2 enhancement and its verdict for this profile.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CapabilityAdvice<'c> {
    #[serde(flatten)]
    pub capability: &'c Capability,
    pub verdict: Verdict,
    pub status: Status,
    pub ruling: Ruling<'c>,
    pub rules: Vec<RuleTrace<'c, Verdict>>,
    pub pending: Vec<Pending<'c>>,
    pub flips: Vec<Flip<'c>>,
    /// The requirements the capability and its options serve.
    pub serving: Vec<Served<'c>>,
    pub open_questions: Vec<&'c Question>,
    /// The decisions it builds on, with this profile's choice for each.
    pub foundations: Vec<Foundation<'c>>,
    /// When its rules say `now`: its place in the sequence, and why it waits if it does.
    pub sequence: Option<Sequenced<'c>>,
    /// The option to use, unless the verdict is `skip`.
    pub choice: Option<CapabilityChoice<'c>>,
}

/// A checklist that applies or may apply.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckAdvice<'c> {
    #[serde(flatten)]
    pub check: &'c Checklist,
    pub applies: Truth,
    /// When it may apply: the unanswered facts that would settle it.
    pub settled_by: Vec<&'c str>,
}

/// One requirement and what serves it: the traceability matrix and the Mermaid chains.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TraceRow<'c> {
    pub requirement: &'c Requirement,
    pub links: Vec<TraceLink<'c>>,
}

/// The kind of item a trace links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Decision,
    Capability,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Decision => "decision",
            ItemKind::Capability => "capability",
        }
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TraceLink<'c> {
    pub kind: ItemKind,
    pub id: &'c str,
    pub title: &'c str,
    /// The chosen option's name, or the verdict.
    pub outcome: &'c str,
    /// The chosen option's tools.
    pub tools: Vec<&'c Tool>,
    pub open_questions: Vec<&'c str>,
    /// Whether this is the item's first link among the rows of requirements of this kind, so
    /// a diagram (one per kind) declares each node once.
    pub first: bool,
}

/// Where a team stands on a roadmap: each step done, next, to do, or unknown.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RoadmapAdvice<'c> {
    #[serde(flatten)]
    pub roadmap: &'c Roadmap,
    /// `unknown` when the condition that makes the roadmap apply reads unanswered facts.
    pub applies: Truth,
    /// Those facts.
    pub settled_by: Vec<&'c str>,
    /// The phase of the first step not yet done; `None` when every step is done.
    pub current_phase: Option<&'c str>,
    /// Each step's status, by step id.
    pub step_status: BTreeMap<&'c str, StepStatus>,
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
