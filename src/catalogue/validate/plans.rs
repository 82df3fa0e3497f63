//! Checklists and roadmaps: what applies when, and which steps are done.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::raw::{RawCheck, RawRoadmap};
use crate::catalogue::{Checklist, Phase, Roadmap, Step};

impl Validator<'_> {
    pub(super) fn checklist(&mut self, raw: &RawCheck, r: &Refs<'_>) -> Checklist {
        self.one_line(&raw.id, "check", "title", &raw.title);
        Checklist {
            id: raw.id.value.clone(),
            kind: raw.kind,
            title: raw.title.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            priority: raw.priority,
            why: raw.why.clone(),
            checklist: raw.checklist.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }

    pub(super) fn roadmap(&mut self, raw: &RawRoadmap, r: &Refs<'_>) -> Roadmap {
        let id = &raw.id.value;
        self.one_line(&raw.id, "roadmap", "title", &raw.title);
        let mut phases = Vec::new();
        for phase in &raw.phases {
            self.one_line(&phase.id, "phase", "title", &phase.title);
            if !self.declare_in(id, "phase", &phase.id) {
                continue;
            }
            let mut steps = Vec::new();
            for step in &phase.steps {
                self.one_line(&step.id, "step", "title", &step.title);
                if self.declare_in(id, "step", &step.id) {
                    steps.push(Step {
                        id: step.id.value.clone(),
                        title: step.title.clone(),
                        goal: step.goal.clone(),
                        recommendations: step.recommendations.clone(),
                        deliverables: step.deliverables.clone(),
                        metrics: step.metrics.clone(),
                        decisions: self.refs("decision", &step.decisions, &r.ids.decisions),
                        done_when: step.done_when.as_ref().and_then(|c| self.cond(c, r.vocab)),
                        source: self.cite(&step.source, &step.id),
                        judgement: step.judgement.clone(),
                    });
                }
            }
            phases.push(Phase {
                id: phase.id.value.clone(),
                title: phase.title.clone(),
                summary: phase.summary.clone(),
                steps,
            });
        }
        Roadmap {
            id: id.clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            phases,
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
