//! Conditions of rules, triggers, conflicts, checks and roadmap steps: parsed and type-checked
//! against the catalogue's vocabulary, with problems placed at the column that is wrong.

use super::Validator;
use crate::catalogue::Cond;
use crate::condition::{self, Vocabulary};
use crate::problem::{Place, Problem};
use crate::yaml::Spanned;
use compact_str::CompactString;

impl Validator<'_> {
    pub(super) fn cond(
        &mut self,
        raw: &Spanned<CompactString>,
        vocab: &Vocabulary<'_>,
    ) -> Option<Cond> {
        match condition::parse(&raw.value, vocab) {
            Ok(condition) => Some(Cond {
                text: raw.value.clone(),
                condition,
            }),
            Err(e) => {
                let place = self.cond_place(raw, e.offset);
                self.push(Problem::new(place, e.code, e.message).with_help_opt(e.help));
                None
            }
        }
    }

    /// The place of a byte offset inside a condition: exact for a condition on one line, the
    /// start of the value otherwise.
    pub(super) fn cond_place(&self, raw: &Spanned<CompactString>, offset: usize) -> Place {
        let mut place = self.place(raw);
        let line = self
            .source
            .text
            .lines()
            .nth(place.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let rest: String = line
            .chars()
            .skip(place.column.saturating_sub(1) as usize)
            .collect();
        let shift = if rest.starts_with(raw.value.as_str()) {
            Some(offset)
        } else if rest
            .get(1..)
            .is_some_and(|r| r.starts_with(raw.value.as_str()))
        {
            Some(offset + 1)
        } else {
            None
        };
        if let Some(shift) = shift {
            place.column += raw.value[..offset.min(raw.value.len())].chars().count() as u64
                + (shift - offset) as u64;
        }
        place
    }
}

/// A placeholder for a condition that failed to parse; the catalogue is rejected anyway.
pub(super) fn never() -> Cond {
    Cond {
        text: CompactString::default(),
        condition: crate::condition::Condition::Any(Vec::new()),
    }
}
