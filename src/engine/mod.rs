//! The engine: a pure, deterministic function from (catalogue, profile) to [`Advice`].
//!
//! It does no I/O and cannot fail. Decisions are settled in dependency order, then Layer 2
//! capabilities, then everything that may read outcomes: requirements, conflicts, checklists.
//! Output order is catalogue order, so the same inputs always give the same advice.

mod overview;
mod rules;

use crate::advice::*;
use crate::catalogue::{
    Capability, Catalogue, Choice, Criticality, Decision, Requirement, Rule, Tool, Verdict,
};
use crate::condition::{Context, Evaluation, Truth};
use crate::fact::Value;
use crate::profile::Profile;
use rules::{Settled, flips, pending, settle};
use std::collections::HashMap;

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
    decisions: HashMap<&'a str, Settled>,
    capabilities: HashMap<&'a str, Settled>,
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
        state.decisions.insert(d.id.clone(), s.outcome.clone());
        decisions.insert(&d.id, s);
    }
    let mut capabilities: HashMap<&str, Settled> = HashMap::new();
    for c in catalogue.capabilities_in_order() {
        let s = settle(c.default.as_str(), &c.unless, &state);
        let verdict = Verdict::parse(&s.outcome).unwrap_or(c.default).as_str();
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
                (d.id.clone(), settled.outcome.clone(), settled.status)
            })
            .collect(),
        capabilities: catalogue
            .capabilities
            .iter()
            .map(|c| {
                let settled = &s.capabilities[c.id.as_str()];
                let verdict = Verdict::parse(&settled.outcome).unwrap_or(c.default);
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

pub fn evaluate(catalogue: &Catalogue, profile: &Profile) -> Advice {
    let Settlement {
        state,
        decisions: settled_decisions,
        capabilities: settled_capabilities,
    } = settle_all(catalogue, profile);

    let applies: HashMap<&str, Truth> = catalogue
        .requirements
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.applies_when
                    .as_ref()
                    .map_or(Truth::True, |c| c.condition.evaluate(&state).result),
            )
        })
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
    let requirements: Vec<RequirementStatus> = catalogue
        .requirements
        .iter()
        .map(|r| view.requirement(r))
        .collect();
    let conflicts: Vec<ConflictStatus> = catalogue
        .conflicts
        .iter()
        .map(|c| view.conflict(c))
        .filter(|c| c.holds != Truth::False)
        .collect();
    let questions = view.open_questions();
    let checks: Vec<CheckStatus> = catalogue
        .checks
        .iter()
        .map(|c| view.check(c))
        .filter(|c| c.applies != Truth::False)
        .collect();
    let roadmaps: Vec<RoadmapAdvice> = catalogue
        .roadmaps
        .iter()
        .filter(|m| {
            m.applies_when
                .as_ref()
                .is_none_or(|c| c.condition.evaluate(&state).result != Truth::False)
        })
        .map(|m| view.roadmap(m))
        .collect();
    let traceability = view.traceability(&decisions, &capabilities);

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
            .filter(|q| q.criticality == Criticality::Blocking)
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
            name: profile.name.clone(),
            description: profile.description.clone(),
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
    }
}

/// Read-only helpers that turn settled outcomes into advice records.
struct View<'a> {
    catalogue: &'a Catalogue,
    state: &'a State<'a>,
    applies: &'a HashMap<&'a str, Truth>,
}

impl View<'_> {
    fn requirement_refs<'i>(
        &self,
        ids: impl IntoIterator<Item = &'i String>,
    ) -> Vec<RequirementRef> {
        let mut out: Vec<RequirementRef> = Vec::new();
        for id in ids {
            if out.iter().any(|r| &r.id == id) {
                continue;
            }
            if let Some(r) = self.catalogue.requirement(id) {
                out.push(RequirementRef {
                    id: r.id.clone(),
                    kind: r.kind,
                    title: r.title.clone(),
                    applies: self.applies[r.id.as_str()],
                });
            }
        }
        out
    }

    fn tool(&self, tool: &Tool) -> ToolStatus {
        ToolStatus {
            id: tool.id.clone(),
            name: tool.name.clone(),
            licence: tool.licence.clone(),
            governance: tool.governance.clone(),
            lifecycle: tool.lifecycle,
            since: tool.since.clone(),
            successors: tool
                .successors
                .iter()
                .filter_map(|s| self.catalogue.tool(s))
                .map(|t| ToolName {
                    id: t.id.clone(),
                    name: t.name.clone(),
                })
                .collect(),
            note: tool.note.clone(),
            reviewed: tool.reviewed.clone(),
        }
    }

    fn tools(&self, ids: &[String]) -> Vec<ToolStatus> {
        ids.iter()
            .filter_map(|id| self.catalogue.tool(id))
            .map(|t| self.tool(t))
            .collect()
    }

    fn option(&self, o: &Choice) -> OptionSummary {
        OptionSummary {
            id: o.id.clone(),
            name: o.name.clone(),
            summary: o.summary.clone(),
            pros: o.pros.clone(),
            cons: o.cons.clone(),
            lock_in: o.lock_in,
            exit: o.exit.clone(),
            tools: self.tools(&o.tools),
        }
    }

    fn question_ref(&self, id: &str) -> Option<QuestionRef> {
        self.catalogue.question(id).map(|q| QuestionRef {
            id: q.id.clone(),
            text: q.text.clone(),
            criticality: q.criticality,
        })
    }

    fn is_open(&self, question: &str) -> bool {
        self.catalogue
            .question(question)
            .is_some_and(|q| q.sets.iter().any(|f| self.state.profile.get(f).is_none()))
    }

    /// Unanswered questions that name this item, set a fact its rules read, or list it.
    fn open_questions_for(&self, id: &str, named: &[String], rules: &[Rule]) -> Vec<QuestionRef> {
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
        let mut ids: Vec<&str> = named.iter().map(String::as_str).collect();
        for q in found.into_iter().map(|i| c.questions[i].id.as_str()) {
            if !named.iter().any(|n| n == q) {
                ids.push(q);
            }
        }
        let mut out: Vec<QuestionRef> = ids
            .into_iter()
            .filter(|q| self.is_open(q))
            .filter_map(|q| self.question_ref(q))
            .collect();
        out.sort_by_key(|q| q.criticality);
        out
    }

    fn facts_read(&self, evaluations: &[Evaluation]) -> Vec<FactRead> {
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
                    .map(|q| q.id.clone()),
            });
        }
        out
    }

    fn decision(&self, d: &Decision, s: &Settled) -> DecisionAdvice {
        let chosen = d
            .option(&s.outcome)
            .expect("validated: rules use declared options");
        let traces = s.traces(&d.unless);
        let alternatives = d
            .options
            .iter()
            .filter(|o| o.id != s.outcome)
            .map(|o| Alternative {
                option: self.option(o),
                why_not: why_not(d, o, &traces, s),
            })
            .collect();
        let option = self.option(chosen);
        let aged_tools = option
            .tools
            .iter()
            .filter(|t| t.is_aged())
            .cloned()
            .collect();
        DecisionAdvice {
            id: d.id.clone(),
            title: d.title.clone(),
            asks: d.asks.clone(),
            domain: d.domain.clone(),
            status: s.status,
            ruling: s.ruling(&d.unless, &d.because, &d.source),
            facts_read: self.facts_read(s.deciding()),
            rules: traces,
            alternatives,
            serves: self.requirement_refs(d.serves.iter().chain(&chosen.serves)),
            open_questions: self.open_questions_for(&d.id, &d.questions, &d.unless),
            pending: pending(self.catalogue, &d.default, &d.unless, s, self.state),
            flips: flips(self.catalogue, &d.default, &d.unless, s, self.state),
            timing: d.timing,
            reversibility: d.reversibility,
            reversibility_note: d.reversibility_note.clone(),
            aged_tools,
            choice: option,
            source: d.source.clone(),
            notes: d.notes.clone(),
        }
    }

    fn capability(&self, c: &Capability, s: &Settled) -> CapabilityAdvice {
        let verdict = Verdict::parse(&s.outcome).unwrap_or(c.default);
        CapabilityAdvice {
            id: c.id.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            verdict,
            status: s.status,
            ruling: s.ruling(&c.unless, &c.because, &c.source),
            rules: s.traces(&c.unless),
            pending: pending(self.catalogue, c.default.as_str(), &c.unless, s, self.state),
            flips: flips(self.catalogue, c.default.as_str(), &c.unless, s, self.state),
            trigger: c.trigger.clone(),
            skip_if: c.skip_if.clone(),
            complexity: c.complexity.clone(),
            builds_on: self.built(&c.builds_on),
            options: c
                .options
                .iter()
                .map(|o| CapabilityOptionSummary {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    use_when: o.use_when.clone(),
                    pros: o.pros.clone(),
                    cons: o.cons.clone(),
                    tools: self.tools(&o.tools),
                })
                .collect(),
            decision_points: c.decision_points.clone(),
            serves: self.requirement_refs(
                c.serves
                    .iter()
                    .chain(c.options.iter().flat_map(|o| &o.serves)),
            ),
            open_questions: self.open_questions_for(&c.id, &c.questions, &c.unless),
            timing: c.timing.clone(),
            source: c.source.clone(),
            notes: c.notes.clone(),
        }
    }

    fn requirement(&self, r: &Requirement) -> RequirementStatus {
        RequirementStatus {
            id: r.id.clone(),
            kind: r.kind,
            title: r.title.clone(),
            statement: r.statement.clone(),
            implication: r.implication.clone(),
            success: r.success.clone(),
            applies: self.applies[r.id.as_str()],
            now_relevant: r
                .relevant_when
                .as_ref()
                .map(|c| c.condition.evaluate(self.state).result),
            becomes_relevant: r.becomes_relevant.clone(),
            criticality: r.criticality.clone(),
            rpo: r.rpo.clone(),
            rto: r.rto.clone(),
            source: r.source.clone(),
        }
    }

    fn conflict(&self, c: &crate::catalogue::Conflict) -> ConflictStatus {
        let evaluation = c.when.condition.evaluate(self.state);
        let resolved = c
            .resolved_when
            .as_ref()
            .is_some_and(|r| r.condition.evaluate(self.state).result == Truth::True);
        ConflictStatus {
            id: c.id.clone(),
            title: c.title.clone(),
            between: self.requirement_refs(&c.between),
            holds: evaluation.result,
            resolved,
            checks: evaluation.checks,
            impact: c.impact.clone(),
            resolutions: c
                .resolutions
                .iter()
                .map(|r| ResolutionStatus {
                    id: r.id.clone(),
                    text: r.text.clone(),
                    recommended: r.recommended,
                })
                .collect(),
            validation: c.validation.clone(),
            source: c.source.clone(),
        }
    }

    fn check(&self, c: &crate::catalogue::Checklist) -> CheckStatus {
        let (applies, settled_by) = self.applies(c.applies_when.as_ref());
        CheckStatus {
            id: c.id.clone(),
            kind: c.kind,
            title: c.title.clone(),
            applies,
            settled_by,
            why: c.why.clone(),
            checklist: c.checklist.clone(),
            source: c.source.clone(),
        }
    }

    /// Whether an optional condition holds, and the unanswered facts it is waiting on.
    fn applies(&self, when: Option<&crate::catalogue::Cond>) -> (Truth, Vec<String>) {
        let Some(when) = when else {
            return (Truth::True, Vec::new());
        };
        let evaluation = when.condition.evaluate(self.state);
        let mut open: Vec<String> = Vec::new();
        if evaluation.result == Truth::Unknown {
            for check in evaluation
                .checks
                .iter()
                .filter(|c| c.result == Truth::Unknown)
            {
                if !open.contains(&check.reads) {
                    open.push(check.reads.clone());
                }
            }
        }
        (evaluation.result, open)
    }

    fn built(&self, ids: &[String]) -> Vec<BuildsOn> {
        ids.iter()
            .filter_map(|id| self.catalogue.decision(id))
            .map(|d| {
                let choice = self
                    .state
                    .decision(&d.id)
                    .and_then(|o| d.option(o))
                    .map_or_else(String::new, |o| o.name.clone());
                BuildsOn {
                    decision: d.id.clone(),
                    title: d.title.clone(),
                    choice,
                }
            })
            .collect()
    }
}

/// Why an option other than the outcome was not chosen.
fn why_not(d: &Decision, o: &Choice, traces: &[RuleTrace], s: &Settled) -> Vec<Reason> {
    let failing = |t: &RuleTrace| {
        t.checks
            .iter()
            .filter(|c| c.result != Truth::True)
            .cloned()
            .collect::<Vec<_>>()
    };
    let mut reasons: Vec<Reason> = traces
        .iter()
        .filter(|t| t.use_ == o.id)
        .map(|t| match t.result {
            Truth::False => Reason {
                code: "rule-false",
                rule: Some(t.id.clone()),
                checks: failing(t),
            },
            Truth::Unknown => Reason {
                code: "rule-unknown",
                rule: Some(t.id.clone()),
                checks: failing(t),
            },
            Truth::True => Reason {
                code: "outranked",
                rule: Some(t.id.clone()),
                checks: Vec::new(),
            },
        })
        .collect();
    if o.id == d.default && s.chosen.is_some() {
        reasons.insert(
            0,
            Reason {
                code: "default-overridden",
                rule: s.chosen.map(|i| d.unless[i].id.clone()),
                checks: Vec::new(),
            },
        );
    }
    if reasons.is_empty() {
        reasons.push(Reason {
            code: "no-rule",
            rule: None,
            checks: Vec::new(),
        });
    }
    reasons
}

#[cfg(test)]
mod tests;
