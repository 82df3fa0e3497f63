//! Fact declarations: the id is `group.name`, enums and sets list their words, only integers
//! take bounds.

use super::Validator;
use super::ids::{Shape, is_kebab};
use crate::catalogue::raw::{RawFact, RawFactType};
use crate::fact::{Fact, FactType};
use crate::problem::{Code, Problem};
use compact_str::CompactString;

impl Validator<'_> {
    pub(super) fn fact(&mut self, raw: &RawFact) -> Option<Fact> {
        let id = &raw.id.value;
        let place = self.place(&raw.id);
        let shape_ok = id
            .split_once('.')
            .is_some_and(|(g, k)| is_kebab(g) && is_kebab(k));
        if !shape_ok {
            self.push(
                Problem::new(
                    place.clone(),
                    Code::BadIdShape,
                    format!("fact id `{id}` must be `group.name`"),
                )
                .with_help("two lowercase words joined by a dot, e.g. `team.size`"),
            );
        }
        let fresh = self.declare("fact", &raw.id, Shape::Checked);
        let words = raw.values.as_ref().map(|w| &w.value.0);
        let (ty, meanings) = match (raw.ty.value, words) {
            (RawFactType::Enum | RawFactType::Set, Some(words)) if !words.is_empty() => {
                let list: Vec<CompactString> = words.iter().map(|(w, _)| w.clone()).collect();
                for w in &list {
                    if !is_kebab(w) && !matches!(w.as_str(), "true" | "false") {
                        self.push(Problem::new(
                            place.clone(),
                            Code::BadWordShape,
                            format!("value `{w}` of `{id}` is not a lowercase word"),
                        ));
                    }
                }
                let meanings = words.iter().map(|(_, m)| m.clone()).collect();
                let ty = if raw.ty.value == RawFactType::Enum {
                    FactType::Enum(list)
                } else {
                    FactType::Set(list)
                };
                (ty, meanings)
            }
            (RawFactType::Enum | RawFactType::Set, _) => {
                self.push(
                    Problem::new(
                        place.clone(),
                        Code::MissingKey,
                        format!("fact `{id}` needs `values`"),
                    )
                    .with_help("list the allowed words with a line of meaning each"),
                );
                return None;
            }
            (other, Some(_)) => {
                self.push(Problem::new(
                    self.place(raw.values.as_ref().expect("matched Some")),
                    Code::MisplacedKey,
                    format!("fact `{id}` is {} and cannot have `values`", name(other)),
                ));
                return None;
            }
            (RawFactType::Bool, None) => (FactType::Bool, Vec::new()),
            (RawFactType::Text, None) => (FactType::Text, Vec::new()),
            (RawFactType::Integer, None) => (
                FactType::Integer {
                    min: raw.min,
                    max: raw.max,
                },
                Vec::new(),
            ),
        };
        if let (Some(min), Some(max)) = (raw.min, raw.max)
            && min > max
        {
            // No value could answer the fact, and every profile that tries would be refused.
            self.push(
                Problem::new(
                    place.clone(),
                    Code::BadRange,
                    format!("fact `{id}` has `min: {min}` above `max: {max}`"),
                )
                .with_help("swap the bounds, or drop the one that is wrong"),
            );
        }
        if raw.ty.value != RawFactType::Integer && (raw.min.is_some() || raw.max.is_some()) {
            self.push(Problem::new(
                place.clone(),
                Code::MisplacedKey,
                format!(
                    "only integer facts take `min` and `max`; `{id}` is {}",
                    ty.name()
                ),
            ));
        }
        (fresh && shape_ok).then(|| Fact {
            id: id.clone(),
            ty,
            meanings,
            meaning: raw.meaning.clone(),
            ask: raw.ask.clone(),
            help: raw.help.clone(),
            unit: raw.unit.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        })
    }
}

fn name(ty: RawFactType) -> &'static str {
    match ty {
        RawFactType::Enum => "an enum",
        RawFactType::Bool => "a bool",
        RawFactType::Integer => "an integer",
        RawFactType::Set => "a set",
        RawFactType::Text => "text",
    }
}
