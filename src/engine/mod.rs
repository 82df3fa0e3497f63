//! The engine: a pure, deterministic function from (catalogue, profile) to [`Advice`].
//!
//! It does no I/O and cannot fail. Decisions are settled in dependency order, then Layer 2
//! capabilities, then everything that may read outcomes: requirements, conflicts, checklists.
//! Output order is catalogue order, so the same inputs always give the same advice.

mod overview;
mod rules;
mod view;

use crate::advice::*;
use crate::catalogue::{Catalogue, Cond, Criticality, Verdict};
use crate::condition::{Context, Truth};
use crate::fact::Value;
use crate::profile::Profile;
use rules::{Settled, settle};
use std::collections::HashMap;
use view::View;

/// The profile's facts plus every outcome settled so far.
struct State<'a> {
    profile: &'a Profile,
    decisions: HashMap<String, String>,
    capabilities: HashMap<String, Verdict>,
}

impl Context for State<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.profile.get(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.decisions.get(id).map(String::as_str)
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.capabilities.get(id).map(|v| v.as_str())
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
        let s = settle(&c.default, &c.unless, &state);
        state
            .capabilities
            .insert(c.id.clone(), *s.pick(&c.default, &c.unless));
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
                let verdict = *settled.pick(&c.default, &c.unless);
                (c.id.clone(), verdict, settled.status)
            })
            .collect(),
        conflicts: catalogue
            .conflicts
            .iter()
            .map(|c| {
                let (evaluation, resolved) = view::conflict(c, &s.state);
                (c.id.clone(), evaluation.result, resolved)
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
        sources: &catalogue.sources,
    }
}

/// Whether an optional condition holds; no condition always holds.
fn holds(when: Option<&Cond>, state: &State<'_>) -> Truth {
    when.map_or(Truth::True, |c| c.condition.evaluate(state).result)
}

#[cfg(test)]
mod tests;
