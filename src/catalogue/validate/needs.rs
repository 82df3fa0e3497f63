//! Needs of options (what an option needs of the profile or of other outcomes), the `day-one`
//! mark of Layer 2 verdict rules, and the Layer 2 sequence.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::raw::{RawNeed, RawRule, RawSequence};
use crate::catalogue::{Need, Sequence};
use crate::condition::Subject;
use crate::problem::{Code, Problem};

impl Validator<'_> {
    /// The needs of option `option` of `parent`; `layer1` refuses a need that reads a Layer 2
    /// verdict, which is settled only after the decisions.
    pub(super) fn needs(
        &mut self,
        parent: &str,
        option: &str,
        raw: &[RawNeed],
        layer1: bool,
        r: &Refs<'_>,
    ) -> Vec<Need> {
        let mut out = Vec::new();
        for need in raw {
            let Some(when) = self.cond(&need.when, r.vocab) else {
                continue;
            };
            if layer1
                && let Some(c) = when.condition.subjects().into_iter().find_map(|s| match s {
                    Subject::Capability(c) => Some(c),
                    _ => None,
                })
            {
                self.push(
                    Problem::new(
                        self.place(&need.when),
                        Code::DecisionReadsCapability,
                        format!("a need of `{parent}/{option}` reads `capability.{c}`"),
                    )
                    .with_help("Layer 1 decisions are settled before Layer 2 verdicts; test facts or other decisions instead"),
                );
                continue;
            }
            out.push(Need {
                when,
                because: need.because.clone(),
                source: self.cite(&need.source, &need.when),
                judgement: need.judgement.clone(),
            });
        }
        out
    }

    /// Refuses `day-one` where only a Layer 2 verdict rule may carry it.
    pub(super) fn no_day_one(&mut self, parent: &str, rules: &[RawRule]) {
        for rule in rules {
            if let Some(mark) = &rule.day_one {
                self.push(
                    Problem::new(
                        self.place(mark),
                        Code::MisplacedKey,
                        format!("rule `{parent}/{}` is marked `day-one`", rule.id.value),
                    )
                    .with_help("only a Layer 2 capability's verdict rules take `day-one`"),
                );
            }
        }
    }

    pub(super) fn sequence(&mut self, raw: &RawSequence, r: &Refs<'_>) -> Option<Sequence> {
        let order = self.refs("capability", &raw.order, &r.ids.capabilities);
        let source = self.cite(&raw.source, &raw.ready);
        let ready = self.cond(&raw.ready, r.vocab)?;
        Some(Sequence {
            ready,
            because: raw.because.clone(),
            order,
            source,
            judgement: raw.judgement.clone(),
        })
    }
}
