//! The views that cut across items: where a team stands on each roadmap, the open questions
//! with everything each affects, and the traceability from requirements to what serves them.

use super::View;
use crate::advice::*;
use crate::catalogue::RequirementKind;
use crate::condition::Truth;
use std::collections::HashMap;

impl View<'_> {
    pub(super) fn roadmap(&self, m: &crate::catalogue::Roadmap) -> RoadmapAdvice {
        let mut current_phase = None;
        let phases = m
            .phases
            .iter()
            .map(|p| PhaseAdvice {
                id: p.id.clone(),
                title: p.title.clone(),
                summary: p.summary.clone(),
                steps: p
                    .steps
                    .iter()
                    .map(|s| {
                        let done = s
                            .done_when
                            .as_ref()
                            .map_or(Truth::False, |c| c.condition.evaluate(self.state).result);
                        // The team stands at the first step not known to be done; that step
                        // is `next` unless it may already be done (`unknown`).
                        let first_open = done != Truth::True && current_phase.is_none();
                        if first_open {
                            current_phase = Some(p.id.clone());
                        }
                        let status = match done {
                            Truth::True => StepStatus::Done,
                            Truth::Unknown => StepStatus::Unknown,
                            Truth::False if first_open => StepStatus::Next,
                            Truth::False => StepStatus::Todo,
                        };
                        StepAdvice {
                            id: s.id.clone(),
                            title: s.title.clone(),
                            goal: s.goal.clone(),
                            status,
                            recommendations: s.recommendations.clone(),
                            deliverables: s.deliverables.clone(),
                            metrics: s.metrics.clone(),
                            decisions: self.built(&s.decisions),
                            source: s.source.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let (applies, settled_by) = self.applies(m.applies_when.as_ref());
        RoadmapAdvice {
            id: m.id.clone(),
            title: m.title.clone(),
            summary: m.summary.clone(),
            applies,
            settled_by,
            current_phase,
            phases,
            source: m.source.clone(),
        }
    }

    /// Unanswered questions, most critical first, each with what it affects.
    pub(super) fn open_questions(&self) -> Vec<OpenQuestion> {
        let mut out: Vec<OpenQuestion> = self
            .catalogue
            .questions
            .iter()
            .filter(|q| self.is_open(&q.id))
            .map(|q| {
                let decisions = self.catalogue.decisions_affected_by(q).into_iter();
                let capabilities = self.catalogue.capabilities_affected_by(q).into_iter();
                let affects: Vec<String> = decisions
                    .map(|i| self.catalogue.decisions[i].id.clone())
                    .chain(
                        capabilities
                            .map(|i| format!("capability.{}", self.catalogue.capabilities[i].id)),
                    )
                    .collect();
                OpenQuestion {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    help: q.help.clone(),
                    criticality: q.criticality,
                    criticality_reason: q.criticality_reason.clone(),
                    impact: q.impact.clone(),
                    sets: q.sets.clone(),
                    affects,
                    source: q.source.clone(),
                }
            })
            .collect();
        out.sort_by_key(|q| q.criticality);
        out
    }

    pub(super) fn traceability(
        &self,
        decisions: &[DecisionAdvice],
        capabilities: &[CapabilityAdvice],
    ) -> Vec<TraceRow> {
        let mut serving: HashMap<&str, (Vec<&DecisionAdvice>, Vec<&CapabilityAdvice>)> =
            HashMap::new();
        // A requirement listed twice by one item still links to it once.
        for d in decisions {
            for s in &d.serves {
                let list = &mut serving.entry(s.id.as_str()).or_default().0;
                if !list.last().is_some_and(|x| std::ptr::eq(*x, d)) {
                    list.push(d);
                }
            }
        }
        for c in capabilities {
            for s in &c.serves {
                let list = &mut serving.entry(s.id.as_str()).or_default().1;
                if !list.last().is_some_and(|x| std::ptr::eq(*x, c)) {
                    list.push(c);
                }
            }
        }
        let none = (Vec::new(), Vec::new());
        self.catalogue
            .requirements
            .iter()
            // A non-goal is something not to build, so nothing is expected to serve it.
            .filter(|r| {
                r.kind != RequirementKind::NonGoal && self.applies[r.id.as_str()] != Truth::False
            })
            .map(|r| {
                let mut links = Vec::new();
                let (decisions, capabilities) = serving.get(r.id.as_str()).unwrap_or(&none);
                for d in decisions {
                    links.push(TraceLink {
                        kind: "decision",
                        id: d.id.clone(),
                        title: d.title.clone(),
                        outcome: d.choice.name.clone(),
                        tools: d
                            .choice
                            .tools
                            .iter()
                            .map(|t| ToolName {
                                id: t.id.clone(),
                                name: t.name.clone(),
                            })
                            .collect(),
                        open_questions: d.open_questions.iter().map(|q| q.id.clone()).collect(),
                    });
                }
                for c in capabilities {
                    links.push(TraceLink {
                        kind: "capability",
                        id: c.id.clone(),
                        title: c.title.clone(),
                        outcome: c.verdict.as_str().to_string(),
                        tools: Vec::new(),
                        open_questions: c.open_questions.iter().map(|q| q.id.clone()).collect(),
                    });
                }
                TraceRow {
                    requirement: RequirementRef {
                        id: r.id.clone(),
                        kind: r.kind,
                        title: r.title.clone(),
                        applies: self.applies[r.id.as_str()],
                    },
                    links,
                }
            })
            .collect()
    }
}
