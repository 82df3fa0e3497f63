//! Layer 0 requirements: their conditions.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::Requirement;
use crate::catalogue::raw::RawRequirement;

impl Validator<'_> {
    pub(super) fn requirement(&mut self, raw: &RawRequirement, r: &Refs<'_>) -> Requirement {
        self.one_line(&raw.id, "requirement", "title", &raw.title);
        Requirement {
            id: raw.id.value.clone(),
            kind: raw.kind,
            title: raw.title.clone(),
            statement: raw.statement.clone(),
            implication: raw.implication.clone(),
            success: raw.success.clone(),
            applies_when: raw
                .applies_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            becomes_relevant: raw.becomes_relevant.clone(),
            relevant_when: raw
                .relevant_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            criticality: raw.criticality.clone(),
            rpo: raw.rpo.clone(),
            rto: raw.rto.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
