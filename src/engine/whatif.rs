//! What would change an outcome: for one fact at a time, the outcome each value worth trying
//! would give, with the options' needs applied as [`choose`](super::needs::choose) applies
//! them. Pending answers try the unanswered facts that keep an outcome open (read by a rule or
//! by a need of the chosen option); flips try other values for the answered facts the rules
//! and the needs read. This is the one way the engine answers "what if this fact took this
//! value".
//!
//! Settling the whole table again for every value costs rules × values, and both grow with
//! the thresholds a catalogue compares a fact with: quadratic. Instead, only the rules that
//! read the fact are evaluated again, each only where its result can change (at its own
//! thresholds and once per stretch between them), and one sweep along the values keeps the
//! rules that hold and the rules that cannot be evaluated in ordered sets, so each value costs
//! a few set operations. Needs are evaluated the same way, only where their result can
//! change, and an option whose needs fail is passed over by looking at the first holding rule
//! of each other option (options are few). The answers are those of
//! [`choose`](super::needs::choose) run per value; a test checks the two against each other.

use super::needs::{self, Needs};
use super::rules::Settled;
use crate::advice::{Flip, Pending, WhatIf};
use crate::catalogue::{Catalogue, Outcome, Rule};
use crate::condition::{Condition, Context, Subject, TestKind, Truth};
use crate::fact::Value;
use board::Board;
use compact_str::CompactString;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A context that answers one fact differently from the base.
pub(super) struct With<'a> {
    pub base: &'a dyn Context,
    pub fact: &'a str,
    pub value: &'a Value,
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

/// For each fact the rules of one table read: which rules read it and the integers they
/// compare it with, gathered in one walk over the rules.
struct Readers<'c> {
    /// Facts in the order the rules first read them.
    order: Vec<&'c str>,
    by_fact: HashMap<&'c str, Reading>,
}

#[derive(Default)]
struct Reading {
    /// Indexes of the rules that read the fact, ascending, each once.
    rules: Vec<usize>,
    thresholds: Vec<i64>,
}

impl<'c> Readers<'c> {
    /// The rules' facts first, in the order they read them, then those only the needs read.
    fn of<O>(rules: &'c [Rule<O>], options: &[Needs<'c>]) -> Readers<'c> {
        let mut readers = Readers {
            order: Vec::new(),
            by_fact: HashMap::new(),
        };
        let conditions = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| (Some(i), &rule.when.condition))
            .chain(
                options
                    .iter()
                    .flat_map(|(_, needs)| needs.iter())
                    .map(|need| (None, &need.when.condition)),
            );
        for (rule, condition) in conditions {
            condition.walk(&mut |test| {
                let Subject::Fact(id) = &test.subject else {
                    return;
                };
                let reading = readers.by_fact.entry(id).or_insert_with(|| {
                    readers.order.push(id);
                    Reading::default()
                });
                if let Some(i) = rule
                    && reading.rules.last() != Some(&i)
                {
                    reading.rules.push(i);
                }
                match &test.kind {
                    TestKind::Compare(_, n) => reading.thresholds.push(*n),
                    TestKind::OneOf(values) | TestKind::NoneOf(values) => {
                        reading
                            .thresholds
                            .extend(values.iter().filter_map(|v| match v {
                                Value::Int(n) => Some(*n),
                                _ => None,
                            }));
                    }
                    _ => {}
                }
            });
        }
        readers
    }

    /// Values worth trying for `fact`, given every threshold the rules compare it with.
    fn candidates(&self, catalogue: &Catalogue, fact: &str, current: Option<&Value>) -> Vec<Value> {
        let thresholds = self.by_fact.get(fact).map_or(&[][..], |r| &r.thresholds);
        catalogue.fact(fact).map_or_else(Vec::new, |declared| {
            declared.candidates(current, thresholds)
        })
    }

    /// The rules that read `fact`.
    fn rules(&self, fact: &str) -> &[usize] {
        self.by_fact.get(fact).map_or(&[], |r| &r.rules)
    }
}

/// One table: a default, ordered rules, and the options with their needs (none for verdicts).
pub(super) struct Table<'c, 'o, O> {
    pub default: &'c O,
    pub rules: &'c [Rule<O>],
    pub options: &'o [Needs<'c>],
}

/// What choosing would give with the fact set to one candidate value.
struct Try<'c> {
    outcome: &'c str,
    rule: &'c str,
    provisional: bool,
    /// Some option's needs hold (or may): when none do, the rules' choice stands unmet.
    meetable: bool,
}

/// Chooses once per value of `fact`, as if the profile said so; see the module documentation
/// for how.
fn sweep<'c, O: Outcome>(
    table: &Table<'c, '_, O>,
    settled: &Settled<'c>,
    ctx: &dyn Context,
    fact: &str,
    readers: &[usize],
    values: &[Value],
) -> Vec<Try<'c>> {
    let rules = table.rules;
    let places = Places::of(values);
    // (value index, rule, result from there on), for the rules that read the fact.
    let mut events: Vec<(usize, usize, Truth)> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    for &i in readers {
        places.breaks_of([&rules[i].when.condition], fact, &mut breaks);
        for &at in &breaks {
            let with = With {
                base: ctx,
                fact,
                value: &values[at],
            };
            events.push((at, i, rules[i].when.condition.truth(&with)));
        }
    }
    events.sort_unstable_by_key(|&(at, i, _)| (at, i));
    // Each option's needs at every value, evaluated only where their result can change.
    let needs: Vec<Vec<Truth>> = table
        .options
        .iter()
        .map(|(_, needs)| {
            let conditions = needs.iter().map(|n| &n.when.condition);
            places.breaks_of(conditions, fact, &mut breaks);
            let mut truth = Truth::True;
            let mut at_breaks = breaks.iter().peekable();
            (0..values.len())
                .map(|at| {
                    if at_breaks.next_if(|&&b| b == at).is_some() {
                        let with = With {
                            base: ctx,
                            fact,
                            value: &values[at],
                        };
                        truth = needs::test(needs, &with).truth;
                    }
                    truth
                })
                .collect()
        })
        .collect();

    let mut board = Board::new(rules, settled);
    let mut events = events.into_iter().peekable();
    (0..values.len())
        .map(|at| {
            while let Some((_, i, result)) = events.next_if(|e| e.0 == at) {
                board.set(i, result);
            }
            board.choose(table, |k| needs[k][at])
        })
        .collect()
}

/// Where in the candidate list a value a test names lies, so that a rule is evaluated only
/// where its result can change: integer candidates are ascending, and every other candidate is
/// one value (a word, a set) or the current set with one word toggled.
struct Places<'v> {
    values: &'v [Value],
    at: BTreeMap<&'v Value, usize>,
    /// For set candidates: the word each toggles, relative to the first (the current set).
    toggles: HashMap<&'v str, usize>,
}

impl<'v> Places<'v> {
    fn of(values: &'v [Value]) -> Places<'v> {
        let mut toggles = HashMap::new();
        if let Some(Value::Set(base)) = values.first() {
            for (i, value) in values.iter().enumerate().skip(1) {
                if let Value::Set(set) = value
                    && let Some(word) = base.toggled(set)
                {
                    toggles.insert(word.as_str(), i);
                }
            }
        }
        let at = match values.first() {
            Some(Value::Int(_)) | None => BTreeMap::new(),
            _ => values.iter().enumerate().map(|(i, v)| (v, i)).collect(),
        };
        Places {
            values,
            at,
            toggles,
        }
    }

    /// The indexes (within the candidates, ascending, from 0) where the result of a
    /// condition may differ from the candidate before, as far as it reads `fact`.
    fn breaks_of<'x>(
        &self,
        conditions: impl IntoIterator<Item = &'x Condition>,
        fact: &str,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        out.push(0);
        for condition in conditions {
            condition.walk(&mut |test| match &test.subject {
                Subject::Fact(id) if id == fact => self.breaks(&test.kind, out),
                _ => {}
            });
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&at| at < self.values.len());
    }

    /// Adds the indexes where a test's result may differ from the candidate before.
    fn breaks(&self, kind: &TestKind, out: &mut Vec<usize>) {
        match kind {
            TestKind::Compare(_, n) => self.around_int(*n, out),
            TestKind::OneOf(named) | TestKind::NoneOf(named) => {
                for value in named {
                    match value {
                        Value::Int(n) => self.around_int(*n, out),
                        other => {
                            if let Some(&i) = self.at.get(other) {
                                out.extend([i, i + 1]);
                            }
                        }
                    }
                }
            }
            TestKind::Contains(word) => {
                if let Some(&i) = self.toggles.get(word.as_str()) {
                    out.extend([i, i + 1]);
                }
            }
            TestKind::IsTrue => out.extend(0..self.values.len()),
        }
    }

    /// Integer candidates are ascending: those below `n`, equal to it and above it each give
    /// one result.
    fn around_int(&self, n: i64, out: &mut Vec<usize>) {
        out.push(self.values.partition_point(|v| v < &Value::Int(n)));
        out.push(self.values.partition_point(|v| v <= &Value::Int(n)));
    }
}

/// For each unanswered fact that keeps the outcome open (read by a rule that could still
/// change it, or by a need of the chosen option): what each answer would lead to.
pub(super) fn pending<'c, O: Outcome>(
    catalogue: &'c Catalogue,
    table: &Table<'c, '_, O>,
    settled: &Settled<'c>,
    open_needs: &[CompactString],
    ctx: &dyn Context,
) -> Vec<Pending<'c>> {
    let mut open = settled.open_facts(table.rules);
    for fact in open_needs {
        if !open.contains(fact) {
            open.push(fact.clone());
        }
    }
    if open.is_empty() {
        return Vec::new();
    }
    let readers = Readers::of(table.rules, table.options);
    let mut pending: Vec<Pending> = open
        .into_iter()
        .filter_map(|fact| catalogue.fact(&fact))
        .map(|fact| {
            let values = readers.candidates(catalogue, &fact.id, None);
            let tries = sweep(
                table,
                settled,
                ctx,
                &fact.id,
                readers.rules(&fact.id),
                &values,
            );
            let outcomes = values
                .into_iter()
                .zip(tries)
                .map(|(value, t)| WhatIf {
                    value,
                    outcome: t.outcome,
                    rule: t.rule,
                    still_provisional: t.provisional,
                })
                .collect();
            Pending {
                fact: &fact.id,
                ask: &fact.ask,
                question: catalogue.questions_setting(&fact.id).next(),
                outcomes,
            }
        })
        .collect();
    // Kept for every decision of the advice: a filtered list is collected with room for four.
    pending.shrink_to_fit();
    pending
}

/// Single answered-fact changes that would change the outcome: for each fact the rules or the
/// needs read, each other value worth trying; the first value reaching each new outcome is
/// kept. A value that leaves no option whose needs can hold is no flip.
pub(super) fn flips<'c, O: Outcome>(
    catalogue: &'c Catalogue,
    table: &Table<'c, '_, O>,
    settled: &Settled<'c>,
    ctx: &dyn Context,
) -> Vec<Flip<'c>> {
    let readers = Readers::of(table.rules, table.options);
    let mut out: Vec<Flip> = Vec::new();
    let mut reached: HashSet<(&str, &str)> = HashSet::new();
    for &fact in &readers.order {
        let Some(current) = ctx.fact(fact) else {
            continue;
        };
        let values = readers.candidates(catalogue, fact, Some(current));
        let tries = sweep(table, settled, ctx, fact, readers.rules(fact), &values);
        for (value, t) in values.into_iter().zip(tries) {
            if &value == current
                || !t.meetable
                || t.outcome == settled.outcome
                || !reached.insert((fact, t.outcome))
            {
                continue;
            }
            out.push(Flip {
                fact,
                from: Some(current.clone()),
                to: value,
                outcome: t.outcome,
                rule: t.rule,
            });
        }
    }
    // Kept for every decision of the advice: no room left over from growing.
    out.shrink_to_fit();
    out
}

mod board;

#[cfg(test)]
mod tests;
