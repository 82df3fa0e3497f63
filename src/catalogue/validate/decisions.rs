//! Layer 1 decisions with their options and ordered rules. The rules check is shared with
//! Layer 2 capabilities, whose rules choose a verdict instead of an option.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::raw::{RawDecision, RawRule};
use crate::catalogue::{Choice, Decision, Rule};
use crate::condition::{Subject, Vocabulary};
use crate::problem::{Code, Problem, did_you_mean};
use compact_str::CompactString;

impl Validator<'_> {
    /// The rules of a decision or capability; `allowed` pairs each word a rule may `use` with
    /// the outcome it stands for.
    pub(super) fn rules<O: Clone>(
        &mut self,
        parent: &str,
        raw: &[RawRule],
        allowed: &[(CompactString, O)],
        what: &str,
        vocab: &Vocabulary<'_>,
    ) -> Vec<Rule<O>> {
        let mut out = Vec::new();
        for rule in raw {
            let fresh = self.declare_in(parent, "rule", &rule.id);
            let known = allowed
                .iter()
                .find(|(word, _)| *word == rule.use_.value)
                .map(|(_, o)| o.clone());
            if known.is_none() {
                let words: Vec<CompactString> = allowed.iter().map(|(w, _)| w.clone()).collect();
                let help = did_you_mean(&rule.use_.value, words.iter().map(CompactString::as_str))
                    .unwrap_or_else(|| format!("use one of {}", crate::problem::one_of(&words)));
                self.push(
                    Problem::new(
                        self.place(&rule.use_),
                        Code::UnknownId,
                        format!(
                            "rule `{}` uses unknown {what} `{}`",
                            rule.id.value, rule.use_.value
                        ),
                    )
                    .with_help(help),
                );
            }
            let when = self.cond(&rule.when, vocab);
            if let (true, Some(use_), Some(when)) = (fresh, known, when) {
                out.push(Rule {
                    id: rule.id.value.clone(),
                    when,
                    use_,
                    because: rule.because.clone(),
                    source: self.cite(&rule.source, &rule.id),
                    judgement: rule.judgement.clone(),
                });
            }
        }
        out
    }

    pub(super) fn decision(&mut self, raw: &RawDecision, r: &Refs<'_>) -> Decision {
        let id = &raw.id.value;
        self.one_line(&raw.id, "decision", "title", &raw.title);
        for o in &raw.options {
            self.one_line(&o.id, "option", "name", &o.name);
        }
        let option_ids: Vec<CompactString> =
            raw.options.iter().map(|o| o.id.value.clone()).collect();
        if raw.options.is_empty() {
            self.push(Problem::new(
                self.place(&raw.id),
                Code::EmptyOptions,
                format!("decision `{id}` has no options"),
            ));
        }
        let default = self.one_ref(
            &format!("option of `{id}`"),
            &raw.default,
            &option_ids.iter().cloned().collect(),
        );
        let options = raw
            .options
            .iter()
            .map(|o| Choice {
                id: o.id.value.clone(),
                name: o.name.clone(),
                tools: self.refs("tool", &o.tools, &r.ids.tools),
                summary: o.summary.clone(),
                pros: o.pros.clone(),
                cons: o.cons.clone(),
                lock_in: o.lock_in,
                exit: o.exit.clone(),
                serves: self.refs("requirement", &o.serves, &r.ids.requirements),
                needs: self.needs(id, &o.id.value, &o.needs, true, r),
            })
            .collect();
        let choices: Vec<(CompactString, CompactString)> =
            option_ids.iter().map(|o| (o.clone(), o.clone())).collect();
        self.no_day_one(id, &raw.unless);
        let unless = self.rules(id, &raw.unless, &choices, "option", r.vocab);
        for rule in &unless {
            for subject in rule.when.condition.subjects() {
                if let Subject::Capability(c) = subject {
                    self.push(
                        Problem::new(self.place(&raw.id), Code::DecisionReadsCapability, format!("rule `{id}/{}` reads `capability.{c}`", rule.id))
                            .with_help("Layer 1 decisions are settled before Layer 2 verdicts; test facts or other decisions instead"),
                    );
                }
            }
        }
        Decision {
            id: id.clone(),
            title: raw.title.clone(),
            asks: raw.asks.clone(),
            domain: raw.domain.clone(),
            timing: raw.timing,
            reversibility: raw.reversibility,
            reversibility_note: raw.reversibility_note.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            questions: self.refs("question", &raw.questions, &r.ids.questions),
            default,
            because: raw.because.clone(),
            unless,
            options,
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
            notes: raw.notes.clone(),
        }
    }
}
