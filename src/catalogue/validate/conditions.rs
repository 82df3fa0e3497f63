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

    /// The place of a byte offset inside a condition: exact where the condition is written as
    /// it reads (a plain scalar on one line, or quoted without escapes), the start of the
    /// value otherwise. The file's text is dropped once parsed, so which it is is told from
    /// the length written. A plain scalar as long as its value is written verbatim: folding a
    /// line break shortens it. A quoted one two longer is its quotes around the value: an
    /// escape lengthens what is written, a fold in quotes shortens the value by at least the
    /// line's indentation, and a block scalar adds its header, a line break and an indentation
    /// of at least three (a condition is never at the top level of a catalogue file).
    pub(super) fn cond_place(&self, raw: &Spanned<CompactString>, offset: usize) -> Place {
        let mut place = self.place(raw);
        let value = raw.value.as_str();
        let quotes = match raw.span.written_len() {
            Some(n) if n == value.len() && !value.contains('\n') => Some(0),
            Some(n) if n == value.len() + 2 && !value.contains('\n') => Some(1),
            _ => None,
        };
        if let Some(quotes) = quotes {
            place.column += value[..offset.min(value.len())].chars().count() as u64 + quotes;
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
