//! Open questions: each records its answer in at least one fact.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::raw::RawQuestion;
use crate::catalogue::{Criticality, Question};
use crate::problem::{Code, Problem};

impl Validator<'_> {
    pub(super) fn question(&mut self, raw: &RawQuestion, r: &Refs<'_>) -> Question {
        self.one_line(&raw.id, "question", "text", &raw.text);
        let sets = self.refs("fact", &raw.sets, &r.ids.facts);
        if raw.sets.is_empty() {
            self.push(
                Problem::new(
                    self.place(&raw.id),
                    Code::QuestionWithoutFact,
                    format!("question `{}` sets no fact", raw.id.value),
                )
                .with_help(
                    "an answer must be recorded somewhere: list the facts it sets under `sets`",
                ),
            );
        }
        if raw.informational.is_some() && raw.criticality == Criticality::Blocking {
            self.push(
                Problem::new(
                    self.place(&raw.id),
                    Code::InformationalBlocking,
                    format!("question `{}` is informational and blocking", raw.id.value),
                )
                .with_help("an answer no rule reads cannot block the advice: classify it important or later, or drop `informational`"),
            );
        }
        Question {
            id: raw.id.value.clone(),
            text: raw.text.clone(),
            help: raw.help.clone(),
            criticality: raw.criticality,
            criticality_reason: raw.criticality_reason.clone(),
            informational: raw.informational.clone(),
            sets,
            decisions: self.refs("decision", &raw.decisions, &r.ids.decisions),
            impact: raw.impact.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
