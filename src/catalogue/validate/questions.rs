//! Open questions: each records its answer in at least one fact.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::Question;
use crate::catalogue::raw::RawQuestion;
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
        Question {
            id: raw.id.value.clone(),
            text: raw.text.clone(),
            help: raw.help.clone(),
            criticality: raw.criticality,
            criticality_reason: raw.criticality_reason.clone(),
            sets,
            decisions: self.refs("decision", &raw.decisions, &r.ids.decisions),
            impact: raw.impact.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
