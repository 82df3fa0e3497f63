//! The engine: a pure, deterministic function from (catalogue, profile) to [`Advice`].
//!
//! It does no I/O and cannot fail. Decisions are settled in dependency order, then Layer 2
//! capabilities, then everything that may read outcomes: requirements, conflicts, checklists.
//! Output order is catalogue order, so the same inputs always give the same advice.

mod overview;
mod rules;

use crate::advice::*;
use crate::catalogue::{
    Capability, Catalogue, Checklist, Choice, Cond, Conflict, Criticality, Decision, Question,
    Requirement, Rule, Verdict,
};
use crate::condition::{Context, Evaluation, Truth};
use crate::fact::Value;
use crate::profile::Profile;
use rules::{Settled, flips, pending, settle};
use std::collections::{HashMap, HashSet};

/// The profile's facts plus every outcome settled so far.
struct State<'a> {
    profile: &'a Profile,
    decisions: HashMap<String, String>,
    capabilities: HashMap<String, &'static str>,
}

impl Context for State<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.profile.get(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.decisions.get(id).map(String::as_str)
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.capabilities.get(id).copied()
    }
}

/// Evaluates a profile against the catalogue.
/// Every decision and capability settled, in dependency order.
struct Settlement<'a> {
    state: State<'a>,
    decisions: HashMap<&'a str, Settled<'a>>,
    capabilities: HashMap<&'a str, Settled<'a>>,
}

fn settle_all<'a>(catalogue: &'a Catalogue, profile: &'a Profile) -> Settlement<'a> {
    let mut state = State {
        profile,
        decisions: HashMap::new(),
        capabilities: HashMap::new(),
    };
    let mut decisions: HashMap<&str, Settled> = HashMap::new();
    for d in catalogue.decisions_in_order() {
        let s = settle(&d.default, &d.unless, &state);
        state.decisions.insert(d.id.clone(), s.outcome.to_string());
        decisions.insert(&d.id, s);
    }
    let mut capabilities: HashMap<&str, Settled> = HashMap::new();
    for c in catalogue.capabilities_in_order() {
        let s = settle(c.default.as_str(), &c.unless, &state);
        let verdict = Verdict::parse(s.outcome).unwrap_or(c.default).as_str();
        state.capabilities.insert(c.id.clone(), verdict);
        capabilities.insert(&c.id, s);
    }
    Settlement {
        state,
        decisions,
        capabilities,
    }
}

/// The outcomes alone, without explanations: cheap enough to compute once per possible answer
/// when the interview previews what each option would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcomes {
    /// Decision id, chosen option id, status; in catalogue order.
    pub decisions: Vec<(String, String, Status)>,
    /// Capability id, verdict, status; in catalogue order.
    pub capabilities: Vec<(String, Verdict, Status)>,
    /// Conflict id, whether it holds, whether it is resolved; in catalogue order.
    pub conflicts: Vec<(String, Truth, bool)>,
    /// Unanswered facts that keep some decision or capability provisional.
    pub pending_facts: Vec<String>,
}

pub fn outcomes(catalogue: &Catalogue, profile: &Profile) -> Outcomes {
    let s = settle_all(catalogue, profile);
    let mut pending_facts: Vec<String> = Vec::new();
    let mut note = |facts: Vec<String>| {
        for f in facts {
            if !pending_facts.contains(&f) {
                pending_facts.push(f);
            }
        }
    };
    for d in &catalogue.decisions {
        note(s.decisions[d.id.as_str()].open_facts(&d.unless));
    }
    for c in &catalogue.capabilities {
        note(s.capabilities[c.id.as_str()].open_facts(&c.unless));
    }
    Outcomes {
        decisions: catalogue
            .decisions
            .iter()
            .map(|d| {
                let settled = &s.decisions[d.id.as_str()];
                (d.id.clone(), settled.outcome.to_string(), settled.status)
            })
            .collect(),
        capabilities: catalogue
            .capabilities
            .iter()
            .map(|c| {
                let settled = &s.capabilities[c.id.as_str()];
                let verdict = Verdict::parse(settled.outcome).unwrap_or(c.default);
                (c.id.clone(), verdict, settled.status)
            })
            .collect(),
        conflicts: catalogue
            .conflicts
            .iter()
            .map(|c| {
                let holds = c.when.condition.evaluate(&s.state).result;
                let resolved = c
                    .resolved_when
                    .as_ref()
                    .is_some_and(|r| r.condition.evaluate(&s.state).result == Truth::True);
                (c.id.clone(), holds, resolved)
            })
            .collect(),
        pending_facts,
    }
}

pub fn evaluate<'c>(catalogue: &'c Catalogue, profile: &'c Profile) -> Advice<'c> {
    let Settlement {
        state,
        decisions: settled_decisions,
        capabilities: settled_capabilities,
    } = settle_all(catalogue, profile);

    let applies: HashMap<&str, Truth> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), holds(r.applies_when.as_ref(), &state)))
        .collect();
    let view = View {
        catalogue,
        state: &state,
        applies: &applies,
    };

    let decisions: Vec<DecisionAdvice> = catalogue
        .decisions
        .iter()
        .map(|d| view.decision(d, &settled_decisions[d.id.as_str()]))
        .collect();
    let capabilities: Vec<CapabilityAdvice> = catalogue
        .capabilities
        .iter()
        .map(|c| view.capability(c, &settled_capabilities[c.id.as_str()]))
        .collect();
    let requirements: Vec<RequirementAdvice> = catalogue
        .requirements
        .iter()
        .map(|r| view.requirement(r))
        .collect();
    let conflicts: Vec<ConflictAdvice> = catalogue
        .conflicts
        .iter()
        .map(|c| view.conflict(c))
        .filter(|c| c.holds != Truth::False)
        .collect();
    let questions = view.open_questions();
    let checks: Vec<CheckAdvice> = catalogue
        .checks
        .iter()
        .map(|c| view.check(c))
        .filter(|c| c.applies != Truth::False)
        .collect();
    let roadmaps: Vec<RoadmapAdvice> = catalogue
        .roadmaps
        .iter()
        .filter(|m| holds(m.applies_when.as_ref(), &state) != Truth::False)
        .map(|m| view.roadmap(m))
        .collect();
    let traceability = view.traceability(&decisions, &capabilities);
    let tools = view.tools();

    let summary = Summary {
        decisions: decisions.len(),
        provisional: decisions
            .iter()
            .filter(|d| d.status == Status::Provisional)
            .count(),
        conflicts_holding: conflicts.iter().filter(|c| c.holds == Truth::True).count(),
        conflicts_unresolved: conflicts
            .iter()
            .filter(|c| c.holds == Truth::True && !c.resolved)
            .count(),
        questions_open: questions.len(),
        blocking_open: questions
            .iter()
            .filter(|q| q.question.criticality == Criticality::Blocking)
            .count(),
        aged_choices: decisions
            .iter()
            .filter(|d| !d.aged_tools.is_empty())
            .count(),
        capabilities_now: capabilities
            .iter()
            .filter(|c| c.verdict == Verdict::Now)
            .count(),
    };
    Advice {
        schema_version: SCHEMA_VERSION,
        generator: format!("kubecompass {}", env!("CARGO_PKG_VERSION")),
        profile: ProfileSummary {
            name: profile.name.as_deref(),
            description: profile.description.as_deref(),
            facts_answered: profile.values().count(),
            facts_declared: catalogue.facts.len(),
        },
        summary,
        decisions,
        requirements,
        conflicts,
        questions,
        capabilities,
        checks,
        roadmaps,
        traceability,
        tools,
    }
}

/// Whether an optional condition holds; no condition always holds.
fn holds(when: Option<&Cond>, state: &State<'_>) -> Truth {
    when.map_or(Truth::True, |c| c.condition.evaluate(state).result)
}

/// Read-only helpers that add what the engine computed to catalogue items.
struct View<'a, 's> {
    catalogue: &'a Catalogue,
    state: &'s State<'a>,
    applies: &'s HashMap<&'a str, Truth>,
}

impl<'a> View<'a, '_> {
    /// The requirements named by `ids`, each once, in the order first named.
    fn serving(&self, ids: impl IntoIterator<Item = &'a String>) -> Vec<Served<'a>> {
        let mut out: Vec<Served> = Vec::new();
        for r in ids
            .into_iter()
            .filter_map(|id| self.catalogue.requirement(id))
        {
            if !out.iter().any(|s| std::ptr::eq(s.requirement, r)) {
                out.push(Served {
                    requirement: r,
                    applies: self.applies[r.id.as_str()],
                });
            }
        }
        out
    }

    /// Every tool an option names, and their successors, in catalogue order.
    fn tools(&self) -> Vec<ToolAdvice<'a>> {
        let c = self.catalogue;
        let named: HashSet<&str> = c
            .decisions
            .iter()
            .flat_map(|d| d.options.iter().flat_map(|o| &o.tools))
            .chain(
                c.capabilities
                    .iter()
                    .flat_map(|c| c.options.iter().flat_map(|o| &o.tools)),
            )
            .flat_map(|id| c.tool(id))
            .flat_map(|t| std::iter::once(&t.id).chain(&t.successors))
            .map(String::as_str)
            .collect();
        c.tools
            .iter()
            .filter(|t| named.contains(t.id.as_str()))
            .map(|tool| ToolAdvice {
                tool,
                aged: tool.is_aged(),
            })
            .collect()
    }

    fn is_open(&self, question: &Question) -> bool {
        question
            .sets
            .iter()
            .any(|f| self.state.profile.get(f).is_none())
    }

    /// Unanswered questions that name this item, set a fact its rules read, or list it.
    fn open_questions_for(&self, id: &str, named: &[String], rules: &[Rule]) -> Vec<&'a Question> {
        let c = self.catalogue;
        let mut found: Vec<usize> = c
            .questions_naming(id)
            .chain(
                rules
                    .iter()
                    .flat_map(|r| r.when.condition.facts())
                    .flat_map(|f| c.questions_setting_index(f)),
            )
            .collect();
        found.sort_unstable();
        found.dedup();
        let mut out: Vec<&Question> = named.iter().filter_map(|q| c.question(q)).collect();
        for q in found.into_iter().map(|i| &c.questions[i]) {
            if !named.contains(&q.id) {
                out.push(q);
            }
        }
        out.retain(|q| self.is_open(q));
        out.sort_by_key(|q| q.criticality);
        out
    }

    fn facts_read(&self, evaluations: &[Evaluation]) -> Vec<FactRead<'a>> {
        let mut out: Vec<FactRead> = Vec::new();
        for check in evaluations.iter().flat_map(|e| &e.checks) {
            if out.iter().any(|f| f.fact == check.reads) {
                continue;
            }
            out.push(FactRead {
                fact: check.reads.clone(),
                value: check.seen.clone(),
                question: self
                    .catalogue
                    .questions_setting(&check.reads)
                    .next()
                    .map(|q| q.id.as_str()),
            });
        }
        out
    }

    fn decision(&self, d: &'a Decision, s: &Settled<'a>) -> DecisionAdvice<'a> {
        let choice = d
            .option(s.outcome)
            .expect("validated: rules use declared options");
        let traces = s.traces(&d.unless);
        let alternatives = d
            .options
            .iter()
            .filter(|o| o.id != s.outcome)
            .map(|o| Alternative {
                option: o,
                why_not: why_not(d, o, &traces, s),
            })
            .collect();
        let aged_tools = choice
            .tools
            .iter()
            .filter_map(|t| self.catalogue.tool(t))
            .filter(|t| t.is_aged())
            .map(|tool| AgedTool {
                tool,
                successors: tool
                    .successors
                    .iter()
                    .filter_map(|s| self.catalogue.tool(s))
                    .collect(),
            })
            .collect();
        DecisionAdvice {
            decision: d,
            status: s.status,
            choice,
            ruling: s.ruling(&d.unless, &d.because, &d.source),
            facts_read: self.facts_read(s.deciding()),
            rules: traces,
            alternatives,
            serving: self.serving(d.serves.iter().chain(&choice.serves)),
            open_questions: self.open_questions_for(&d.id, &d.questions, &d.unless),
            pending: pending(self.catalogue, &d.default, &d.unless, s, self.state),
            flips: flips(self.catalogue, &d.default, &d.unless, s, self.state),
            aged_tools,
        }
    }

    fn capability(&self, c: &'a Capability, s: &Settled<'a>) -> CapabilityAdvice<'a> {
        CapabilityAdvice {
            capability: c,
            verdict: Verdict::parse(s.outcome).unwrap_or(c.default),
            status: s.status,
            ruling: s.ruling(&c.unless, &c.because, &c.source),
            rules: s.traces(&c.unless),
            pending: pending(self.catalogue, c.default.as_str(), &c.unless, s, self.state),
            flips: flips(self.catalogue, c.default.as_str(), &c.unless, s, self.state),
            serving: self.serving(
                c.serves
                    .iter()
                    .chain(c.options.iter().flat_map(|o| &o.serves)),
            ),
            open_questions: self.open_questions_for(&c.id, &c.questions, &c.unless),
            foundations: c
                .builds_on
                .iter()
                .filter_map(|id| self.catalogue.decision(id))
                .map(|d| Foundation {
                    decision: &d.id,
                    title: &d.title,
                    choice: self
                        .state
                        .decisions
                        .get(&d.id)
                        .and_then(|o| d.option(o))
                        .map_or("", |o| o.name.as_str()),
                })
                .collect(),
        }
    }

    fn requirement(&self, r: &'a Requirement) -> RequirementAdvice<'a> {
        RequirementAdvice {
            requirement: r,
            applies: self.applies[r.id.as_str()],
            now_relevant: r
                .relevant_when
                .as_ref()
                .map(|c| c.condition.evaluate(self.state).result),
        }
    }

    fn conflict(&self, c: &'a Conflict) -> ConflictAdvice<'a> {
        let evaluation = c.when.condition.evaluate(self.state);
        ConflictAdvice {
            conflict: c,
            holds: evaluation.result,
            resolved: c
                .resolved_when
                .as_ref()
                .is_some_and(|r| r.condition.evaluate(self.state).result == Truth::True),
            checks: evaluation.checks,
        }
    }

    fn check(&self, c: &'a Checklist) -> CheckAdvice<'a> {
        let (applies, settled_by) = self.applies(c.applies_when.as_ref());
        CheckAdvice {
            check: c,
            applies,
            settled_by,
        }
    }

    /// Whether an optional condition holds, and the unanswered facts it is waiting on.
    fn applies(&self, when: Option<&'a Cond>) -> (Truth, Vec<&'a str>) {
        let Some(when) = when else {
            return (Truth::True, Vec::new());
        };
        let evaluation = when.condition.evaluate(self.state);
        let mut open: Vec<&str> = Vec::new();
        if evaluation.result == Truth::Unknown {
            for check in evaluation
                .checks
                .iter()
                .filter(|c| c.result == Truth::Unknown)
            {
                if let Some(fact) = self.catalogue.fact(&check.reads)
                    && !open.contains(&fact.id.as_str())
                {
                    open.push(&fact.id);
                }
            }
        }
        (evaluation.result, open)
    }
}

/// Why an option other than the outcome was not chosen.
fn why_not<'c>(
    d: &'c Decision,
    o: &Choice,
    traces: &[RuleTrace<'c>],
    s: &Settled<'c>,
) -> Vec<Reason<'c>> {
    let failing = |t: &RuleTrace| {
        t.checks
            .iter()
            .filter(|c| c.result != Truth::True)
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut reasons: Vec<Reason> = traces
        .iter()
        .filter(|t| t.rule.use_ == o.id)
        .map(|t| {
            let (code, checks) = match t.result {
                Truth::False => (ReasonCode::RuleFalse, failing(t)),
                Truth::Unknown => (ReasonCode::RuleUnknown, failing(t)),
                Truth::True => (ReasonCode::Outranked, Vec::new()),
            };
            Reason {
                code,
                rule: Some(&t.rule.id),
                checks,
            }
        })
        .collect();
    if o.id == d.default && s.chosen.is_some() {
        reasons.insert(
            0,
            Reason {
                code: ReasonCode::DefaultOverridden,
                rule: s.chosen.map(|i| d.unless[i].id.as_str()),
                checks: Vec::new(),
            },
        );
    }
    if reasons.is_empty() {
        reasons.push(Reason {
            code: ReasonCode::NoRule,
            rule: None,
            checks: Vec::new(),
        });
    }
    reasons
}

#[cfg(test)]
mod tests;
