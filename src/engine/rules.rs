//! "Use X unless Y": settling one outcome from a default and ordered rules, and asking what
//! would change it.
//!
//! The first rule whose condition is true wins; if none is, the default stands. A rule that
//! cannot be evaluated (it reads an unanswered fact) does not fire, but if it comes before the
//! winner and would choose something else, the outcome is provisional on that fact.

use crate::advice::{Flip, Pending, RuleTrace, Ruling, Status, WhatIf};
use crate::catalogue::{Catalogue, Outcome, Rule};
use crate::condition::{Context, Evaluation, Subject, Truth};
use crate::fact::Value;

/// The outcome of one default-plus-rules table.
pub(super) struct Settled<'c> {
    /// The outcome's name: the option id, or the verdict.
    pub outcome: &'c str,
    /// Index of the rule that chose, or `None` for the default.
    pub chosen: Option<usize>,
    pub evaluations: Vec<Evaluation>,
    pub status: Status,
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

    pub(super) fn rule_id<O>(&self, rules: &'c [Rule<O>]) -> &'c str {
        self.chosen.map_or("default", |i| rules[i].id.as_str())
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
    pub(super) fn deciding(&self) -> &[Evaluation] {
        match self.chosen {
            Some(i) => &self.evaluations[..=i],
            None => &self.evaluations,
        }
    }

    /// Unanswered facts read by rules that could still change the outcome.
    pub(super) fn open_facts<O: Outcome>(&self, rules: &[Rule<O>]) -> Vec<String> {
        let until = self.chosen.unwrap_or(rules.len());
        let mut facts = Vec::new();
        for (rule, evaluation) in rules.iter().zip(&self.evaluations).take(until) {
            if evaluation.result != Truth::Unknown || rule.use_.name() == self.outcome {
                continue;
            }
            for check in &evaluation.checks {
                // Outcomes of other decisions are never unanswered; only facts can be.
                if check.seen.is_none() && !facts.contains(&check.reads) {
                    facts.push(check.reads.clone());
                }
            }
        }
        facts
    }
}

/// A context that answers one fact differently from the base.
struct With<'a> {
    base: &'a dyn Context,
    fact: &'a str,
    value: &'a Value,
}

impl Context for With<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        if id == self.fact {
            Some(self.value)
        } else {
            self.base.fact(id)
        }
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.base.decision(id)
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.base.capability(id)
    }
}

/// Values worth trying for `fact`, given every threshold the rules compare it with.
fn candidates<O>(
    catalogue: &Catalogue,
    rules: &[Rule<O>],
    fact: &str,
    current: Option<&Value>,
) -> Vec<Value> {
    let Some(declared) = catalogue.fact(fact) else {
        return Vec::new();
    };
    let thresholds: Vec<i64> = rules
        .iter()
        .flat_map(|r| r.when.condition.thresholds(fact))
        .collect();
    declared.candidates(current, &thresholds)
}

/// For each unanswered fact that keeps the outcome open: what each answer would lead to.
pub(super) fn pending<'c, O: Outcome>(
    catalogue: &'c Catalogue,
    default: &'c O,
    rules: &'c [Rule<O>],
    settled: &Settled<'c>,
    ctx: &dyn Context,
) -> Vec<Pending<'c>> {
    settled
        .open_facts(rules)
        .into_iter()
        .filter_map(|fact| catalogue.fact(&fact))
        .map(|fact| {
            let outcomes = candidates(catalogue, rules, &fact.id, None)
                .into_iter()
                .map(|value| {
                    let what_if = settle(
                        default,
                        rules,
                        &With {
                            base: ctx,
                            fact: &fact.id,
                            value: &value,
                        },
                    );
                    WhatIf {
                        outcome: what_if.outcome,
                        rule: what_if.rule_id(rules),
                        still_provisional: what_if.status == Status::Provisional,
                        value,
                    }
                })
                .collect();
            Pending {
                fact: &fact.id,
                ask: &fact.ask,
                question: catalogue.questions_setting(&fact.id).next(),
                outcomes,
            }
        })
        .collect()
}

/// Single answered-fact changes that would change the outcome: for each fact the rules read,
/// each other value worth trying; the first value reaching each new outcome is kept.
pub(super) fn flips<'c, O: Outcome>(
    catalogue: &'c Catalogue,
    default: &'c O,
    rules: &'c [Rule<O>],
    settled: &Settled<'c>,
    ctx: &dyn Context,
) -> Vec<Flip<'c>> {
    let mut facts: Vec<&'c str> = Vec::new();
    for rule in rules {
        for subject in rule.when.condition.subjects() {
            if let Subject::Fact(id) = subject
                && ctx.fact(id).is_some()
                && !facts.contains(&id.as_str())
            {
                facts.push(id);
            }
        }
    }
    let mut out: Vec<Flip> = Vec::new();
    for fact in facts {
        let current = ctx.fact(fact).cloned();
        for value in candidates(catalogue, rules, fact, current.as_ref()) {
            if Some(&value) == current.as_ref() {
                continue;
            }
            let what_if = settle(
                default,
                rules,
                &With {
                    base: ctx,
                    fact,
                    value: &value,
                },
            );
            if what_if.outcome == settled.outcome
                || out
                    .iter()
                    .any(|f| f.fact == fact && f.outcome == what_if.outcome)
            {
                continue;
            }
            out.push(Flip {
                fact,
                from: current.clone(),
                to: value,
                outcome: what_if.outcome,
                rule: what_if.rule_id(rules),
            });
        }
    }
    out
}
