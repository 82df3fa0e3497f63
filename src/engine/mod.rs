//! The engine: a pure, deterministic function from (catalogue, profile) to [`Advice`].
//!
//! It does no I/O and cannot fail. Decisions are settled in dependency order (an option whose
//! needs fail is passed over), then Layer 2 verdicts, their sequence (Layer 1 first, one at a
//! time) and their options, then everything that may read outcomes: requirements, conflicts,
//! checklists.
//! Output order is catalogue order, so the same inputs always give the same advice.

mod needs;
mod overview;
mod rules;
mod sequence;
mod together;
mod view;
mod whatif;

use crate::advice::*;
use crate::catalogue::{Catalogue, Cond, Criticality, Verdict};
use crate::condition::{Context, Truth};
use crate::fact::Value;
use crate::profile::Profile;
use needs::Chosen;
use rules::{Settled, settle};
use std::collections::{HashMap, HashSet};
pub use together::outcomes_with;
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

/// Every decision and capability settled, in dependency order.
struct Settlement<'a> {
    state: State<'a>,
    decisions: HashMap<&'a str, Chosen<'a>>,
    /// Verdicts as the rules gave them, before sequencing.
    capabilities: HashMap<&'a str, Settled<'a>>,
    /// Of each capability whose rules say `now`: its place in the sequence.
    sequence: HashMap<&'a str, Sequenced<'a>>,
    /// Unanswered facts that leave open whether Layer 1 is ready.
    ready_open: Vec<String>,
    /// The option of each capability that is not skipped and has option rules.
    options: HashMap<&'a str, Chosen<'a>>,
}

fn settle_all<'a>(catalogue: &'a Catalogue, profile: &'a Profile) -> Settlement<'a> {
    let mut state = State {
        profile,
        decisions: HashMap::new(),
        capabilities: HashMap::new(),
    };
    let mut decisions: HashMap<&str, Chosen> = HashMap::new();
    let mut provisional = HashSet::new();
    for d in catalogue.decisions_in_order() {
        let options = d.option_needs();
        let mut chosen = needs::choose(&d.default, &d.unless, &options, &state);
        needs::follow(
            &mut chosen,
            &d.default,
            &d.unless,
            &options,
            &provisional,
            &state,
        );
        if chosen.settled.status == Status::Provisional {
            provisional.insert(&d.id);
        }
        state
            .decisions
            .insert(d.id.clone(), chosen.settled.outcome.to_string());
        decisions.insert(&d.id, chosen);
    }
    let mut capabilities: HashMap<&str, Settled> = HashMap::new();
    for c in catalogue.capabilities_in_order() {
        let s = settle(&c.default, &c.unless, &state);
        state
            .capabilities
            .insert(c.id.clone(), *s.pick(&c.default, &c.unless));
        capabilities.insert(&c.id, s);
    }
    // One at a time, after Layer 1: the verdicts others read are the sequenced ones.
    let raw: Vec<sequence::Raw> = catalogue
        .capabilities
        .iter()
        .map(|c| {
            let s = &capabilities[c.id.as_str()];
            sequence::Raw {
                capability: c,
                verdict: *s.pick(&c.default, &c.unless),
                rule: s.chosen.map(|i| c.unless[i].id.as_str()),
            }
        })
        .collect();
    let (placed, ready_open) = sequence::place(catalogue, &raw, &state);
    let mut placements = HashMap::new();
    for (c, p) in catalogue.capabilities.iter().zip(placed) {
        if let Some(p) = p {
            if p.held.is_some() {
                state.capabilities.insert(c.id.clone(), Verdict::Later);
            }
            placements.insert(c.id.as_str(), p);
        }
    }
    let mut options: HashMap<&str, Chosen> = HashMap::new();
    for c in &catalogue.capabilities {
        let (Some(rules), false) = (&c.choose, state.capabilities[&c.id] == Verdict::Skip) else {
            continue;
        };
        let needs = c.option_needs();
        let mut chosen = needs::choose(&rules.default, &rules.unless, &needs, &state);
        needs::follow(
            &mut chosen,
            &rules.default,
            &rules.unless,
            &needs,
            &provisional,
            &state,
        );
        options.insert(&c.id, chosen);
    }
    Settlement {
        state,
        decisions,
        capabilities,
        sequence: placements,
        ready_open,
        options,
    }
}

impl Settlement<'_> {
    /// The verdict the advice gives: the rules', unless the sequence holds it back.
    fn verdict(&self, id: &str) -> Verdict {
        self.state.capabilities[id]
    }

    /// Whether the verdict is provisional: by its rules, or because it waits for Layer 1 and
    /// whether Layer 1 is ready is not known.
    fn capability_status(&self, id: &str) -> Status {
        let waits_unknown = self.sequence.get(id).is_some_and(|p| {
            matches!(
                p.held,
                Some(HeldBack::LayerOneFirst {
                    result: Truth::Unknown,
                    ..
                })
            )
        });
        if waits_unknown {
            Status::Provisional
        } else {
            self.capabilities[id].status
        }
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
    /// Capability id, option id, status of the option; for the capabilities not skipped that
    /// choose an option, in catalogue order.
    pub capability_options: Vec<(String, String, Status)>,
    /// Capabilities that are `now` by a rule stating a hard requirement from day one.
    pub day_one: Vec<String>,
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
        let chosen = &s.decisions[d.id.as_str()];
        note(chosen.settled.open_facts(&d.unless));
        note(chosen.open_needs.clone());
    }
    for c in &catalogue.capabilities {
        note(s.capabilities[c.id.as_str()].open_facts(&c.unless));
        if s.capability_status(&c.id) == Status::Provisional {
            note(s.ready_open.clone());
        }
        if let (Some(rules), Some(chosen)) = (&c.choose, s.options.get(c.id.as_str())) {
            note(chosen.settled.open_facts(&rules.unless));
            note(chosen.open_needs.clone());
        }
    }
    Outcomes {
        decisions: catalogue
            .decisions
            .iter()
            .map(|d| {
                let settled = &s.decisions[d.id.as_str()].settled;
                (d.id.clone(), settled.outcome.to_string(), settled.status)
            })
            .collect(),
        capabilities: catalogue
            .capabilities
            .iter()
            .map(|c| (c.id.clone(), s.verdict(&c.id), s.capability_status(&c.id)))
            .collect(),
        capability_options: catalogue
            .capabilities
            .iter()
            .filter_map(|c| {
                let chosen = s.options.get(c.id.as_str())?;
                Some((
                    c.id.clone(),
                    chosen.settled.outcome.to_string(),
                    chosen.settled.status,
                ))
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
        day_one: catalogue
            .capabilities
            .iter()
            .filter(|c| {
                s.sequence
                    .get(c.id.as_str())
                    .is_some_and(|p| p.day_one.is_some())
            })
            .map(|c| c.id.clone())
            .collect(),
        pending_facts,
    }
}

pub fn evaluate<'c>(catalogue: &'c Catalogue, profile: &'c Profile) -> Advice<'c> {
    let settlement = settle_all(catalogue, profile);
    let state = &settlement.state;

    let applies: HashMap<&str, Truth> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), holds(r.applies_when.as_ref(), state)))
        .collect();
    let view = View {
        catalogue,
        state,
        applies: &applies,
    };

    let decisions: Vec<DecisionAdvice> = catalogue
        .decisions
        .iter()
        .map(|d| view.decision(d, &settlement.decisions[d.id.as_str()]))
        .collect();
    let capabilities: Vec<CapabilityAdvice> = catalogue
        .capabilities
        .iter()
        .map(|c| view.capability(c, &settlement))
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
        .filter(|m| holds(m.applies_when.as_ref(), state) != Truth::False)
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
