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
use crate::catalogue::{Catalogue, Cond, Criticality, Decision, Verdict};
use crate::condition::{Context, Truth};
use crate::fact::Value;
use crate::profile::Profile;
use compact_str::CompactString;
use needs::Chosen;
use rules::{Settled, settle};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
pub use together::outcomes_with;
use view::View;

/// The profile's facts plus every outcome settled so far.
///
/// Settling reads these maps thousands of times per advice (every preview settles again), so
/// they are hashed with Fx rather than SipHash: the keys are catalogue ids, not outside input
/// chosen to collide.
struct State<'a> {
    profile: &'a Profile,
    /// The profile's answers: a preview borrows its base's, since building the map again for
    /// every combination it previews was a large part of a preview on a large profile.
    facts: Facts<'a>,
    /// Previewed answers, laid over the profile's.
    answers: &'a [(&'a str, Value)],
    decisions: FxHashMap<&'a str, &'a str>,
    capabilities: FxHashMap<&'a str, Verdict>,
}

impl<'a> State<'a> {
    /// `answers` over the profile's own, read from `base`'s state when there is one.
    fn new(
        catalogue: &Catalogue,
        profile: &'a Profile,
        answers: &'a [(&'a str, Value)],
        base: Option<&'a State<'a>>,
    ) -> State<'a> {
        let facts = match base {
            Some(base) => Facts::Base(base.facts.map()),
            None => Facts::Own(profile.values().collect()),
        };
        State {
            profile,
            facts,
            answers,
            decisions: sized(catalogue.decisions.len()),
            capabilities: sized(catalogue.capabilities.len()),
        }
    }
}

/// The profile's answers by fact: made from the profile, or borrowed from a base's state.
enum Facts<'a> {
    Own(FxHashMap<&'a str, &'a Value>),
    Base(&'a FxHashMap<&'a str, &'a Value>),
}

impl<'a> Facts<'a> {
    fn map(&self) -> &FxHashMap<&'a str, &'a Value> {
        match self {
            Facts::Own(map) => map,
            Facts::Base(map) => map,
        }
    }
}

/// A map with room for `n` entries: each settlement fills its maps with every decision and
/// capability, so they are sized once instead of grown.
fn sized<K, V>(n: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(n, Default::default())
}

impl Context for State<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        match self.answers.iter().find(|(f, _)| *f == id) {
            Some((_, v)) => Some(v),
            None => self.facts.map().get(id).copied(),
        }
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.decisions.get(id).copied()
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.capabilities.get(id).map(|v| v.as_str())
    }
}

/// Every decision and capability settled, in dependency order.
struct Settlement<'a> {
    state: State<'a>,
    /// A preview's settlement borrows the choices it shares with the settlement it previews
    /// from (see [`settle_all`]).
    decisions: FxHashMap<&'a str, Held<'a>>,
    /// Verdicts as the rules gave them, before sequencing.
    capabilities: FxHashMap<&'a str, Settled<'a>>,
    /// Of each capability whose rules say `now`: its place in the sequence.
    sequence: FxHashMap<&'a str, Sequenced<'a>>,
    /// Unanswered facts that leave open whether Layer 1 is ready.
    ready_open: Vec<CompactString>,
    /// The option of each capability that is not skipped and has option rules.
    options: FxHashMap<&'a str, Chosen<'a>>,
}

/// A decision's choice: settled anew, or kept from the settlement a preview starts from.
enum Held<'a> {
    Settled(Chosen<'a>),
    Kept(&'a Chosen<'a>),
}

impl<'a> std::ops::Deref for Held<'a> {
    type Target = Chosen<'a>;
    fn deref(&self) -> &Chosen<'a> {
        match self {
            Held::Settled(c) => c,
            Held::Kept(c) => c,
        }
    }
}

/// `answers` are laid over the profile's own: what a preview asks about. A preview settles
/// from `base`, the profile's own settlement: a decision none of whose rules and needs reads
/// an answered fact or a decision the preview moved (to another option or status) keeps the
/// base's choice, since it would be settled on the same values. Most of a preview's answers
/// reach a few decisions, and the rest need no settling.
fn settle_all<'a>(
    catalogue: &'a Catalogue,
    profile: &'a Profile,
    answers: &'a [(&'a str, Value)],
    base: Option<&'a Settlement<'a>>,
) -> Settlement<'a> {
    let mut state = State::new(catalogue, profile, answers, base.map(|b| &b.state));
    let mut decisions: FxHashMap<&str, Held> = sized(catalogue.decisions.len());
    let mut provisional = FxHashSet::default();
    // With a base, the decisions to settle again: those that read an answered fact or a
    // capability, and those that read a decision the preview moved, marked as it moves.
    let mut again = vec![false; catalogue.decisions.len()];
    if base.is_some() {
        let reading = answers
            .iter()
            .flat_map(|(f, _)| catalogue.decisions_reading_fact(f));
        for i in reading.chain(catalogue.decisions_reading_capabilities()) {
            again[i] = true;
        }
    }
    for i in catalogue.decision_positions_in_order() {
        let d = &catalogue.decisions[i];
        let kept = base.filter(|_| !again[i]);
        let chosen = match kept {
            Some(base) => Held::Kept(&base.decisions[d.id.as_str()]),
            None => {
                let options = d.option_needs();
                let chosen =
                    needs::choose_following(&d.default, &d.unless, &options, &provisional, &state);
                let was = base.map(|b| &b.decisions[d.id.as_str()].settled);
                if was.is_some_and(|w| {
                    (w.outcome, w.status) != (chosen.settled.outcome, chosen.settled.status)
                }) {
                    for reader in catalogue.decisions_reading_decision(i) {
                        again[reader] = true;
                    }
                }
                Held::Settled(chosen)
            }
        };
        if chosen.settled.status == Status::Provisional {
            provisional.insert(d.id.as_str());
        }
        state.decisions.insert(&d.id, chosen.settled.outcome);
        decisions.insert(&d.id, chosen);
    }
    let mut capabilities: FxHashMap<&str, Settled> = sized(catalogue.capabilities.len());
    for c in catalogue.capabilities_in_order() {
        let s = settle(&c.default, &c.unless, &state);
        state
            .capabilities
            .insert(&c.id, *s.pick(&c.default, &c.unless));
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
    let mut placements = FxHashMap::default();
    for (c, p) in catalogue.capabilities.iter().zip(placed) {
        if let Some(p) = p {
            if p.held.is_some() {
                state.capabilities.insert(&c.id, Verdict::Later);
            }
            placements.insert(c.id.as_str(), p);
        }
    }
    let mut options: FxHashMap<&str, Chosen> = FxHashMap::default();
    for c in &catalogue.capabilities {
        let (Some(rules), false) = (
            &c.choose,
            state.capabilities[c.id.as_str()] == Verdict::Skip,
        ) else {
            continue;
        };
        let needs = c.option_needs();
        let chosen =
            needs::choose_following(&rules.default, &rules.unless, &needs, &provisional, &state);
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
    pub decisions: Vec<(CompactString, CompactString, Status)>,
    /// Capability id, verdict, status; in catalogue order.
    pub capabilities: Vec<(CompactString, Verdict, Status)>,
    /// Capability id, option id, status of the option; for the capabilities not skipped that
    /// choose an option, in catalogue order.
    pub capability_options: Vec<(CompactString, CompactString, Status)>,
    /// Capabilities that are `now` by a rule stating a hard requirement from day one.
    pub day_one: Vec<CompactString>,
    /// Conflict id, whether it holds, whether it is resolved; in catalogue order.
    pub conflicts: Vec<(CompactString, Truth, bool)>,
    /// Unanswered facts that keep some decision or capability provisional (none in the
    /// outcomes of a joint preview, which does not read them: see `choices_of`).
    pub pending_facts: Vec<CompactString>,
}

pub fn outcomes(catalogue: &Catalogue, profile: &Profile) -> Outcomes {
    outcomes_of(catalogue, &settle_all(catalogue, profile, &[], None))
}

/// The outcomes of a settlement.
fn outcomes_of(catalogue: &Catalogue, s: &Settlement) -> Outcomes {
    Outcomes {
        pending_facts: pending_facts(catalogue, s),
        ..choices_of(catalogue, s)
    }
}

/// The unanswered facts that keep some decision or capability of a settlement provisional,
/// each once, in the order the decisions and then the capabilities read them.
fn pending_facts(catalogue: &Catalogue, s: &Settlement) -> Vec<CompactString> {
    let mut pending_facts: Vec<CompactString> = Vec::new();
    let mut noted: FxHashSet<CompactString> = FxHashSet::default();
    let mut note = |facts: Vec<CompactString>| {
        for f in facts {
            if noted.insert(f.clone()) {
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
    pending_facts
}

/// The outcomes of a settlement but its pending facts, which a preview's changes do not read:
/// noting them was about half of each preview's outcomes on a large catalogue.
fn choices_of(catalogue: &Catalogue, s: &Settlement) -> Outcomes {
    Outcomes {
        decisions: catalogue
            .decisions
            .iter()
            .map(|d| {
                let settled = &s.decisions[d.id.as_str()].settled;
                (d.id.clone(), settled.outcome.into(), settled.status)
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
                    chosen.settled.outcome.into(),
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
        pending_facts: Vec::new(),
    }
}

pub fn evaluate<'c>(catalogue: &'c Catalogue, profile: &'c Profile) -> Advice<'c> {
    let settlement = settle_all(catalogue, profile, &[], None);
    let state = &settlement.state;

    let applies: HashMap<&str, Truth> = catalogue
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), holds(r.applies_when.as_ref(), state)))
        .collect();
    let view = View {
        catalogue,
        settlement: &settlement,
        applies: &applies,
    };

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
    let traceability = view.traceability(&capabilities);
    let tools = view.tools();

    // Read from the settlement: the decisions' advice is made when written (see `Decisions`).
    let chosen = |d: &'c Decision| &settlement.decisions[d.id.as_str()];
    let summary = Summary {
        decisions: catalogue.decisions.len(),
        provisional: catalogue
            .decisions
            .iter()
            .filter(|&d| chosen(d).settled.status == Status::Provisional)
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
        aged_choices: catalogue
            .decisions
            .iter()
            .filter(|&d| !view.aged_tools(View::choice(d, chosen(d))).is_empty())
            .count(),
        capabilities_now: capabilities
            .iter()
            .filter(|c| c.verdict == Verdict::Now)
            .count(),
    };
    let decisions = Decisions::new(catalogue.decisions.len(), move |i, only| {
        let d = &catalogue.decisions[i];
        let view = View {
            catalogue,
            settlement: &settlement,
            applies: &applies,
        };
        view.decision(d, &settlement.decisions[d.id.as_str()], only)
    });
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
