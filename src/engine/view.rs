//! What the engine adds to each catalogue item for one profile: the chosen option and why
//! not the others, the requirements served, the open questions, what would change the outcome.

use super::needs::{self, Chosen};
use super::whatif::{Table, flips, pending};
use super::{Settlement, State};
use crate::advice::*;
use crate::catalogue::{
    Capability, Catalogue, Checklist, Choice, Cond, Conflict, Decision, Question, Requirement,
    Rule, Tool,
};
use crate::condition::{Context, Evaluation, Truth};
use compact_str::CompactString;
use std::collections::{HashMap, HashSet};

/// Read-only helpers that add what the engine computed to catalogue items.
pub(super) struct View<'a, 's> {
    pub catalogue: &'a Catalogue,
    /// The profile's own settlement, which previews start from.
    pub settlement: &'s Settlement<'a>,
    pub applies: &'s HashMap<&'a str, Truth>,
}

impl<'a, 's> View<'a, 's> {
    /// The facts and outcomes the settlement read and settled.
    pub(super) fn state(&self) -> &'s State<'a> {
        &self.settlement.state
    }
}

impl<'a> View<'a, '_> {
    /// The requirements named by `ids`, each once, in the order first named.
    fn serving(&self, ids: impl IntoIterator<Item = &'a CompactString>) -> Vec<Served<'a>> {
        let mut out: Vec<Served> = Vec::new();
        for r in ids
            .into_iter()
            .filter_map(|id| self.catalogue.requirement(id))
        {
            if !out.iter().any(|s| std::ptr::eq(s.requirement, r)) {
                out.push(Served {
                    requirement: r,
                    applies: self.applies[r.id.as_str()],
                });
            }
        }
        out
    }

    /// Every tool an option names, and their successors, in catalogue order.
    pub(super) fn tools(&self) -> Vec<ToolAdvice<'a>> {
        let c = self.catalogue;
        let named: HashSet<&str> = c
            .decisions
            .iter()
            .flat_map(|d| d.options.iter().flat_map(|o| &o.tools))
            .chain(
                c.capabilities
                    .iter()
                    .flat_map(|c| c.options.iter().flat_map(|o| &o.tools)),
            )
            .flat_map(|id| c.tool(id))
            .flat_map(|t| std::iter::once(&t.id).chain(&t.successors))
            .map(CompactString::as_str)
            .collect();
        c.tools
            .iter()
            .filter(|t| named.contains(t.id.as_str()))
            .map(|tool| ToolAdvice {
                tool,
                aged: tool.is_aged(),
            })
            .collect()
    }

    pub(super) fn is_open(&self, question: &Question) -> bool {
        question
            .sets
            .iter()
            .any(|f| self.state().profile.get(f).is_none())
    }

    /// Unanswered questions that name this item, set a fact its rules read, or list it.
    fn open_questions_for<O>(
        &self,
        id: &str,
        named: &[CompactString],
        rules: &[Rule<O>],
    ) -> Vec<&'a Question> {
        let c = self.catalogue;
        let mut found: Vec<usize> = c
            .questions_naming(id)
            .chain(
                rules
                    .iter()
                    .flat_map(|r| r.when.condition.facts())
                    .flat_map(|f| c.questions_setting_index(f)),
            )
            .collect();
        found.sort_unstable();
        found.dedup();
        let mut out: Vec<&Question> = named.iter().filter_map(|q| c.question(q)).collect();
        for q in found.into_iter().map(|i| &c.questions[i]) {
            if !named.contains(&q.id) {
                out.push(q);
            }
        }
        out.retain(|q| self.is_open(q));
        out.sort_by_key(|q| q.criticality);
        out
    }

    /// The option `chosen` chose of `d`.
    pub(super) fn choice(d: &'a Decision, chosen: &Chosen<'a>) -> &'a Choice {
        d.option(chosen.settled.outcome)
            .expect("validated: rules use declared options")
    }

    /// The tools an option names.
    pub(super) fn tools_of(&self, choice: &'a Choice) -> Vec<&'a Tool> {
        choice
            .tools
            .iter()
            .filter_map(|t| self.catalogue.tool(t))
            .collect()
    }

    /// The tools an option names that are aged, each with its successors.
    pub(super) fn aged_tools(&self, choice: &'a Choice) -> Vec<AgedTool<'a>> {
        self.tools_of(choice)
            .into_iter()
            .filter(|t| t.is_aged())
            .map(|tool| AgedTool {
                tool,
                successors: tool
                    .successors
                    .iter()
                    .filter_map(|s| self.catalogue.tool(s))
                    .collect(),
            })
            .collect()
    }

    /// The requirements a decision and its choice serve.
    pub(super) fn decision_serving(&self, d: &'a Decision, choice: &'a Choice) -> Vec<Served<'a>> {
        self.serving(d.serves.iter().chain(&choice.serves))
    }

    /// Open questions that could change a decision's choice.
    pub(super) fn decision_questions(&self, d: &'a Decision) -> Vec<&'a Question> {
        self.open_questions_for(&d.id, &d.questions, &d.unless)
    }

    /// A decision's advice; with `only`, its lists other than that field are left empty, as
    /// a field read alone does not need them (see [`crate::advice::Decisions::read`]).
    pub(super) fn decision(
        &self,
        d: &'a Decision,
        chosen: &Chosen<'a>,
        only: Option<&str>,
    ) -> DecisionAdvice<'a> {
        let want = |field: &str| only.is_none_or(|o| o == field);
        let s = &chosen.settled;
        let choice = View::choice(d, chosen);
        let traces = if want("rules") || want("alternatives") {
            s.traces(&d.unless)
        } else {
            Vec::new()
        };
        let options = if want("pending") || want("flips") {
            d.option_needs()
        } else {
            Vec::new()
        };
        let table = Table {
            default: &d.default,
            rules: &d.unless,
            options: &options,
        };
        let alternatives = wanted(only, "alternatives", || {
            d.options
                .iter()
                .filter(|o| o.id != s.outcome)
                .map(|o| Alternative {
                    option: o,
                    why_not: why_not(d, o, &traces, chosen, self.state()),
                })
                .collect()
        });
        DecisionAdvice {
            decision: d,
            status: s.status,
            choice,
            choice_tools: wanted(only, "choice_tools", || self.tools_of(choice)),
            ruling: ruling(
                chosen,
                &d.unless,
                &d.because,
                &d.source,
                d.judgement.as_deref(),
            ),
            facts_read: FactsRead::of(
                if want("facts_read") {
                    s.deciding()
                } else {
                    &[]
                }
                .iter()
                .map(|e| e.checks.clone()),
                self.catalogue,
            ),
            rules: wanted(only, "rules", || traces),
            alternatives,
            serving: wanted(only, "serving", || self.decision_serving(d, choice)),
            open_questions: wanted(only, "open_questions", || self.decision_questions(d)),
            pending: wanted(only, "pending", || {
                pending(self.catalogue, &table, s, &chosen.open_needs, self.state())
            }),
            flips: wanted(only, "flips", || {
                flips(self.catalogue, &table, s, self.state())
            }),
            passed_over: wanted(only, "passed_over", || chosen.passed_over.clone()),
            follows: wanted(only, "follows", || chosen.follows.clone()),
            aged_tools: wanted(only, "aged_tools", || self.aged_tools(choice)),
        }
    }

    pub(super) fn capability(
        &self,
        c: &'a Capability,
        all: &Settlement<'a>,
    ) -> CapabilityAdvice<'a> {
        let s = &all.capabilities[c.id.as_str()];
        let verdicts = Table {
            default: &c.default,
            rules: &c.unless,
            options: &[],
        };
        let choice = c.choose.as_ref().and_then(|rules| {
            let chosen = all.options.get(c.id.as_str())?;
            let mut open = chosen.settled.open_facts(&rules.unless);
            open.extend(chosen.open_needs.iter().cloned());
            Some(CapabilityChoice {
                option: c.option(chosen.settled.outcome)?,
                status: chosen.settled.status,
                ruling: ruling(
                    chosen,
                    &rules.unless,
                    &rules.because,
                    &rules.source,
                    rules.judgement.as_deref(),
                ),
                rules: chosen.settled.traces(&rules.unless),
                passed_over: chosen.passed_over.clone(),
                open,
                follows: chosen.follows.clone(),
            })
        });
        CapabilityAdvice {
            capability: c,
            verdict: all.verdict(&c.id),
            status: all.capability_status(&c.id),
            sequence: all.sequence.get(c.id.as_str()).cloned(),
            choice,
            ruling: s.ruling(&c.unless, &c.because, &c.source, c.judgement.as_deref()),
            rules: s.traces(&c.unless),
            pending: pending(self.catalogue, &verdicts, s, &[], self.state()),
            flips: flips(self.catalogue, &verdicts, s, self.state()),
            serving: self.serving(
                c.serves
                    .iter()
                    .chain(c.options.iter().flat_map(|o| &o.serves)),
            ),
            open_questions: self.open_questions_for(&c.id, &c.questions, &c.unless),
            foundations: c
                .builds_on
                .iter()
                .filter_map(|id| self.catalogue.decision(id))
                .map(|d| Foundation {
                    decision: &d.id,
                    title: &d.title,
                    choice: self
                        .state()
                        .decisions
                        .get(d.id.as_str())
                        .and_then(|o| d.option(o))
                        .map_or("", |o| o.name.as_str()),
                })
                .collect(),
        }
    }

    pub(super) fn requirement(&self, r: &'a Requirement) -> RequirementAdvice<'a> {
        RequirementAdvice {
            requirement: r,
            applies: self.applies[r.id.as_str()],
            now_relevant: r
                .relevant_when
                .as_ref()
                .map(|c| c.condition.evaluate(self.state()).result),
        }
    }

    pub(super) fn conflict(&self, c: &'a Conflict) -> ConflictAdvice<'a> {
        let (evaluation, resolved) = conflict(c, self.state());
        ConflictAdvice {
            conflict: c,
            holds: evaluation.result,
            resolved,
            checks: evaluation.checks,
        }
    }

    pub(super) fn check(&self, c: &'a Checklist) -> CheckAdvice<'a> {
        let (applies, settled_by) = self.applies(c.applies_when.as_ref());
        CheckAdvice {
            check: c,
            applies,
            settled_by,
        }
    }

    /// Whether an optional condition holds, and the unanswered facts it is waiting on.
    pub(super) fn applies(&self, when: Option<&'a Cond>) -> (Truth, Vec<&'a str>) {
        let Some(when) = when else {
            return (Truth::True, Vec::new());
        };
        let evaluation = when.condition.evaluate(self.state());
        let mut open: Vec<&str> = Vec::new();
        if evaluation.result == Truth::Unknown {
            for check in evaluation
                .checks
                .iter()
                .filter(|c| c.result == Truth::Unknown)
            {
                if let Some(fact) = self.catalogue.fact(&check.subject.reads())
                    && !open.contains(&fact.id.as_str())
                {
                    open.push(&fact.id);
                }
            }
        }
        (evaluation.result, open)
    }
}

/// Whether a conflict holds, and whether the profile records a resolution for it.
pub(super) fn conflict<'c>(c: &'c Conflict, state: &State<'_>) -> (Evaluation<'c>, bool) {
    let resolved = c
        .resolved_when
        .as_ref()
        .is_some_and(|r| r.condition.evaluate(state).result == Truth::True);
    let mut evaluation = c.when.condition.evaluate(state);
    if c.once_answered.iter().any(|f| state.fact(f).is_none()) {
        evaluation.result = Truth::False;
    }
    (evaluation, resolved)
}

/// `make()`, unless `only` names another field than `field`: then empty.
fn wanted<T: Default>(only: Option<&str>, field: &str, make: impl FnOnce() -> T) -> T {
    if only.is_none_or(|o| o == field) {
        make()
    } else {
        T::default()
    }
}

/// The rule that chose; for a fallback, why none of the rules' options could be.
fn ruling<'c, O>(
    chosen: &Chosen<'c>,
    rules: &'c [Rule<O>],
    because: &'c str,
    source: &'c str,
    judgement: Option<&'c str>,
) -> Ruling<'c> {
    if chosen.fallback {
        return Ruling {
            rule: "fallback",
            because: "Every option the rules and the default point at needs something this profile rules out; this is the first option, in the catalogue's order, whose needs do not fail.",
            source,
            judgement,
        };
    }
    chosen.settled.ruling(rules, because, source, judgement)
}

/// Why an option other than the outcome was not chosen.
fn why_not<'c>(
    d: &'c Decision,
    o: &'c Choice,
    traces: &[RuleTrace<'c>],
    chosen: &Chosen<'c>,
    state: &State<'_>,
) -> Vec<Reason<'c>> {
    let s = &chosen.settled;
    let failing = |t: &RuleTrace<'c>| Shown::failing(t.checks.clone());
    let passed = |rule: &str| {
        chosen
            .passed_over
            .iter()
            .find(|p| p.option == o.id && p.rule == rule)
    };
    let mut reasons: Vec<Reason> = traces
        .iter()
        .filter(|t| t.rule.use_ == o.id)
        .map(|t| {
            let (code, checks) = match t.result {
                Truth::False => (ReasonCode::RuleFalse, failing(t)),
                Truth::Unknown => (ReasonCode::RuleUnknown, failing(t)),
                Truth::True if passed(&t.rule.id).is_some() => (
                    ReasonCode::NeedFailed,
                    passed(&t.rule.id).map_or_else(Shown::none, |p| Shown::all(p.checks.clone())),
                ),
                Truth::True => (ReasonCode::Outranked, Shown::none()),
            };
            Reason {
                code,
                rule: Some(&t.rule.id),
                checks,
            }
        })
        .collect();
    if o.id == d.default && s.chosen.is_some() {
        reasons.insert(
            0,
            Reason {
                code: ReasonCode::DefaultOverridden,
                rule: s.chosen.map(|i| d.unless[i].id.as_str()),
                checks: Shown::none(),
            },
        );
    }
    let needs_fail = reasons.iter().any(|r| r.code == ReasonCode::NeedFailed);
    if !needs_fail && let Some((_, checks)) = needs::test(&o.needs, state).failed {
        reasons.push(Reason {
            code: ReasonCode::NeedFailed,
            rule: None,
            checks: Shown::all(checks),
        });
    }
    if reasons.is_empty() {
        reasons.push(Reason {
            code: ReasonCode::NoRule,
            rule: None,
            checks: Shown::none(),
        });
    }
    // Kept for every alternative of the advice: no room left over from growing.
    reasons.shrink_to_fit();
    reasons
}
