//! Layer 2 capabilities: a verdict by default and by rule, and their options.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::raw::RawCapability;
use crate::catalogue::raw::RawChoose;
use crate::catalogue::{Capability, CapabilityOption, OptionRules, Verdict};
use crate::condition;
use compact_str::{CompactString, ToCompactString};

impl Validator<'_> {
    pub(super) fn capability(&mut self, raw: &RawCapability, r: &Refs<'_>) -> Capability {
        let id = &raw.id.value;
        self.one_line(&raw.id, "capability", "title", &raw.title);
        let verdicts: Vec<CompactString> = condition::VERDICTS
            .iter()
            .map(|s| s.to_compact_string())
            .collect();
        let default = self.one_ref("verdict", &raw.default, &verdicts.iter().cloned().collect());
        let verdict_words: Vec<(CompactString, Verdict)> = Verdict::ALL
            .iter()
            .map(|v| (v.as_str().to_compact_string(), *v))
            .collect();
        let mut options = Vec::new();
        for o in &raw.options {
            self.one_line(&o.id, "option", "name", &o.name);
            if self.declare_in(id, "option", &o.id) {
                options.push(CapabilityOption {
                    id: o.id.value.clone(),
                    name: o.name.clone(),
                    tools: self.refs("tool", &o.tools, &r.ids.tools),
                    pros: o.pros.clone(),
                    cons: o.cons.clone(),
                    use_when: o.use_when.clone(),
                    serves: self.refs("requirement", &o.serves, &r.ids.requirements),
                    needs: self.needs(id, &o.id.value, &o.needs, false, r),
                });
            }
        }
        let day_one = raw
            .unless
            .iter()
            .filter(|rule| rule.day_one.as_ref().is_some_and(|m| m.value))
            .map(|rule| rule.id.value.clone())
            .collect();
        let option_ids: Vec<CompactString> = options.iter().map(|o| o.id.clone()).collect();
        let choose = raw
            .choose
            .as_ref()
            .map(|c| self.choose(id, c, &option_ids, r));
        Capability {
            id: id.clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            serves: self.refs("requirement", &raw.serves, &r.ids.requirements),
            builds_on: self.refs("decision", &raw.builds_on, &r.ids.decisions),
            complexity: raw.complexity.clone(),
            trigger: raw.trigger.clone(),
            skip_if: raw.skip_if.clone(),
            default: Verdict::parse(&default).unwrap_or(Verdict::Later),
            because: raw.because.clone(),
            unless: self.rules(id, &raw.unless, &verdict_words, "verdict", r.vocab),
            day_one,
            options,
            choose,
            decision_points: raw.decision_points.clone(),
            questions: self.refs("question", &raw.questions, &r.ids.questions),
            timing: raw.timing.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
            notes: raw.notes.clone(),
        }
    }
}

impl Validator<'_> {
    /// A capability's option rules: the default and every rule name one of its options.
    fn choose(
        &mut self,
        id: &str,
        raw: &RawChoose,
        options: &[CompactString],
        r: &Refs<'_>,
    ) -> OptionRules {
        let default = self.one_ref(
            &format!("option of capability `{id}`"),
            &raw.default,
            &options.iter().cloned().collect(),
        );
        self.no_day_one(id, &raw.unless);
        let choices: Vec<(CompactString, CompactString)> =
            options.iter().map(|o| (o.clone(), o.clone())).collect();
        OptionRules {
            default,
            because: raw.because.clone(),
            source: self.cite(&raw.source, &raw.default),
            judgement: raw.judgement.clone(),
            unless: self.rules(id, &raw.unless, &choices, "option", r.vocab),
        }
    }
}
