//! "Use X unless Y": settling one outcome from a default and ordered rules, and asking what
//! would change it.
//!
//! The first rule whose condition is true wins; if none is, the default stands. A rule that
//! cannot be evaluated (it reads an unanswered fact) does not fire, but if it comes before the
//! winner and would choose something else, the outcome is provisional on that fact.

use crate::advice::{RuleTrace, Ruling, Status};
use crate::catalogue::{Outcome, Rule};
use crate::condition::{Context, Evaluation, Truth};
use compact_str::CompactString;

/// The outcome of one default-plus-rules table.
pub(super) struct Settled<'c> {
    /// The outcome's name: the option id, or the verdict.
    pub outcome: &'c str,
    /// Index of the rule that chose, or `None` for the default.
    pub chosen: Option<usize>,
    pub evaluations: Vec<Evaluation<'c>>,
    pub status: Status,
    /// Rules left open by an unanswered fact whose option fails a need: no answer lets them
    /// change the outcome, so their facts are not asked for.
    pub closed: Vec<usize>,
}

/// Evaluates every rule (for a complete trace) and settles the outcome.
pub(super) fn settle<'c, O: Outcome>(
    default: &'c O,
    rules: &'c [Rule<O>],
    ctx: &dyn Context,
) -> Settled<'c> {
    let evaluations: Vec<Evaluation> = rules
        .iter()
        .map(|r| r.when.condition.evaluate(ctx))
        .collect();
    let chosen = evaluations.iter().position(|e| e.result == Truth::True);
    let outcome = chosen.map_or(default, |i| &rules[i].use_).name();
    let until = chosen.unwrap_or(rules.len());
    let open = (0..until)
        .any(|i| evaluations[i].result == Truth::Unknown && rules[i].use_.name() != outcome);
    let status = if open {
        Status::Provisional
    } else {
        Status::Decided
    };
    Settled {
        outcome,
        chosen,
        evaluations,
        status,
        closed: Vec::new(),
    }
}

impl<'c> Settled<'c> {
    /// The outcome itself: the default, or what the rule that chose uses.
    pub(super) fn pick<O>(&self, default: &'c O, rules: &'c [Rule<O>]) -> &'c O {
        self.chosen.map_or(default, |i| &rules[i].use_)
    }

    pub(super) fn ruling<O>(
        &self,
        rules: &'c [Rule<O>],
        default_because: &'c str,
        source: &'c str,
        judgement: Option<&'c str>,
    ) -> Ruling<'c> {
        match self.chosen {
            Some(i) => Ruling {
                rule: &rules[i].id,
                because: &rules[i].because,
                source: &rules[i].source,
                judgement: rules[i].judgement.as_deref(),
            },
            None => Ruling {
                rule: "default",
                because: default_because,
                source,
                judgement,
            },
        }
    }

    pub(super) fn traces<O>(&self, rules: &'c [Rule<O>]) -> Vec<RuleTrace<'c, O>> {
        rules
            .iter()
            .zip(&self.evaluations)
            .enumerate()
            .map(|(i, (rule, e))| RuleTrace {
                rule,
                result: e.result,
                chose: self.chosen == Some(i),
                checks: e.checks.clone(),
            })
            .collect()
    }

    /// Rules that were evaluated to reach the outcome: all before the winner, and the winner.
    pub(super) fn deciding(&self) -> &[Evaluation<'c>] {
        match self.chosen {
            Some(i) => &self.evaluations[..=i],
            None => &self.evaluations,
        }
    }

    /// Unanswered facts read by rules that could still change the outcome.
    pub(super) fn open_facts<O: Outcome>(&self, rules: &[Rule<O>]) -> Vec<CompactString> {
        let until = self.chosen.unwrap_or(rules.len());
        let mut facts = Vec::new();
        for (i, (rule, evaluation)) in rules.iter().zip(&self.evaluations).enumerate().take(until) {
            if evaluation.result != Truth::Unknown
                || rule.use_.name() == self.outcome
                || self.closed.contains(&i)
            {
                continue;
            }
            for check in evaluation.checks.iter() {
                // Outcomes of other decisions are never unanswered; only facts can be.
                if check.seen.is_none() && !facts.iter().any(|f| *f == check.subject.reads()) {
                    facts.push(CompactString::from(check.subject.reads()));
                }
            }
        }
        facts
    }
}
