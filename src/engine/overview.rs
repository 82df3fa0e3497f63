//! The views that cut across items: where a team stands on each roadmap, the open questions
//! with everything each affects, and the traceability from requirements to what serves them.

use super::{View, together};
use crate::advice::*;
use crate::catalogue::{RequirementKind, Roadmap};
use crate::condition::Truth;
use compact_str::format_compact;
use std::collections::{BTreeMap, HashMap, HashSet};

impl<'a> View<'a, '_> {
    pub(super) fn roadmap(&self, m: &'a Roadmap) -> RoadmapAdvice<'a> {
        let mut current_phase = None;
        let mut step_status = BTreeMap::new();
        for p in &m.phases {
            for s in &p.steps {
                let done = s
                    .done_when
                    .as_ref()
                    .map_or(Truth::False, |c| c.condition.evaluate(self.state()).result);
                // The team stands at the first step not known to be done; that step is `next`
                // unless it may already be done (`unknown`).
                let first_open = done != Truth::True && current_phase.is_none();
                if first_open {
                    current_phase = Some(p.id.as_str());
                }
                let status = match done {
                    Truth::True => StepStatus::Done,
                    Truth::Unknown => StepStatus::Unknown,
                    Truth::False if first_open => StepStatus::Next,
                    Truth::False => StepStatus::Todo,
                };
                step_status.insert(s.id.as_str(), status);
            }
        }
        let (applies, settled_by) = self.applies(m.applies_when.as_ref());
        RoadmapAdvice {
            roadmap: m,
            applies,
            settled_by,
            current_phase,
            step_status,
        }
    }

    /// Unanswered questions, most critical first, each with what it affects.
    pub(super) fn open_questions(&self) -> Vec<QuestionAdvice<'a>> {
        let c = self.catalogue;
        let profile = self.state().profile;
        let before = std::cell::OnceCell::new();
        let mut out: Vec<QuestionAdvice> = c
            .questions
            .iter()
            .filter(|q| self.is_open(q))
            .map(|q| {
                let decisions = c
                    .decisions_affected_by(q)
                    .into_iter()
                    .map(|i| c.decisions[i].id.clone());
                let capabilities = c
                    .capabilities_affected_by(q)
                    .into_iter()
                    .map(|i| format_compact!("capability.{}", c.capabilities[i].id));
                QuestionAdvice {
                    question: q,
                    affects: decisions.chain(capabilities).collect(),
                    together: together::preview(
                        c,
                        profile,
                        self.settlement,
                        before.get_or_init(|| super::choices_of(c, self.settlement)),
                        q,
                    ),
                }
            })
            .collect();
        out.sort_by_key(|q| q.question.criticality);
        out
    }

    /// For each requirement, the decisions and capabilities that serve it. A decision's part is
    /// read from its settlement, not from its advice, which may not be made (see
    /// [`super::Decisions`]).
    pub(super) fn traceability(&self, capabilities: &[CapabilityAdvice<'a>]) -> Vec<TraceRow<'a>> {
        // `serving` lists each requirement once per item, so an item links to it once.
        let mut links: HashMap<&str, Vec<TraceLink>> = HashMap::new();
        for d in &self.catalogue.decisions {
            let choice = View::choice(d, &self.settlement.decisions[d.id.as_str()]);
            let open: Vec<&str> = self
                .decision_questions(d)
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            for s in self.decision_serving(d, choice) {
                links.entry(&s.requirement.id).or_default().push(TraceLink {
                    kind: ItemKind::Decision,
                    id: &d.id,
                    title: &d.title,
                    outcome: &choice.name,
                    tools: self.tools_of(choice),
                    open_questions: open.clone(),
                    first: false,
                });
            }
        }
        for c in capabilities {
            for s in &c.serving {
                links.entry(&s.requirement.id).or_default().push(TraceLink {
                    kind: ItemKind::Capability,
                    id: &c.capability.id,
                    title: &c.capability.title,
                    outcome: c.verdict.as_str(),
                    tools: Vec::new(),
                    open_questions: c.open_questions.iter().map(|q| q.id.as_str()).collect(),
                    first: false,
                });
            }
        }
        let mut seen = HashSet::new();
        self.catalogue
            .requirements
            .iter()
            // A non-goal is something not to build, so nothing is expected to serve it.
            .filter(|r| {
                r.kind != RequirementKind::NonGoal && self.applies[r.id.as_str()] != Truth::False
            })
            .map(|r| {
                let mut links = links.remove(r.id.as_str()).unwrap_or_default();
                for l in &mut links {
                    l.first = seen.insert((r.kind, l.kind, l.id));
                }
                TraceRow {
                    requirement: r,
                    links,
                }
            })
            .collect()
    }
}
