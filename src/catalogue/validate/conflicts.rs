//! Conflicts: exactly one recommended resolution, and their conditions.

use super::Validator;
use super::conditions::never;
use super::ids::Refs;
use crate::catalogue::raw::RawConflict;
use crate::catalogue::{Conflict, Resolution};
use crate::problem::{Code, Problem};

impl Validator<'_> {
    pub(super) fn conflict(&mut self, raw: &RawConflict, r: &Refs<'_>) -> Conflict {
        let id = &raw.id.value;
        self.one_line(&raw.id, "conflict", "title", &raw.title);
        let mut resolutions = Vec::new();
        for res in &raw.resolutions {
            self.declare_in(id, "resolution", &res.id).then(|| {
                resolutions.push(Resolution {
                    id: res.id.value.clone(),
                    text: res.text.clone(),
                    recommended: res.recommended,
                })
            });
        }
        if raw.resolutions.iter().filter(|r| r.recommended).count() != 1 {
            self.push(Problem::new(
                self.place(&raw.id),
                Code::NotOneRecommended,
                format!("conflict `{id}` must mark exactly one resolution `recommended: true`"),
            ));
        }
        let when = self.cond(&raw.when, r.vocab);
        Conflict {
            id: id.clone(),
            title: raw.title.clone(),
            between: self.refs("requirement", &raw.between, &r.ids.requirements),
            when: when.unwrap_or_else(never),
            resolved_when: raw
                .resolved_when
                .as_ref()
                .and_then(|c| self.cond(c, r.vocab)),
            once_answered: self.refs("fact", &raw.once_answered, &r.ids.facts),
            impact: raw.impact.clone(),
            resolutions,
            validation: raw.validation.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
