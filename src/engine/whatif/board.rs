//! The board of a sweep: every rule's current result, kept in ordered sets so that the
//! outcome for each value along the sweep is found in a few set operations.

use super::{Table, Try};
use crate::catalogue::{Outcome, Rule};
use crate::condition::Truth;
use crate::engine::rules::Settled;
use std::collections::{BTreeSet, HashMap};

/// The current result of every rule, kept so that the first rule that holds, and the first
/// rule that cannot be evaluated and would choose differently, are found in a few steps.
pub(super) struct Board<'c> {
    names: Vec<&'c str>,
    results: Vec<Truth>,
    holding: BTreeSet<usize>,
    /// The holding rules by the outcome they choose: the first whose option's needs do not
    /// fail is found by looking at one rule per option.
    holding_by: HashMap<&'c str, BTreeSet<usize>>,
    /// Rules that cannot be evaluated, by the outcome they would choose.
    open: HashMap<&'c str, BTreeSet<usize>>,
    /// The first of each `open` group, with the outcome: the first whose outcome differs from
    /// any one outcome is among the first two.
    open_firsts: BTreeSet<(usize, &'c str)>,
}

impl<'c> Board<'c> {
    pub(super) fn new<O: Outcome>(rules: &'c [Rule<O>], settled: &Settled<'c>) -> Board<'c> {
        let mut board = Board {
            names: rules.iter().map(|r| r.use_.name()).collect(),
            results: vec![Truth::False; rules.len()],
            holding: BTreeSet::new(),
            holding_by: HashMap::new(),
            open: HashMap::new(),
            open_firsts: BTreeSet::new(),
        };
        for (i, e) in settled.evaluations.iter().enumerate() {
            board.set(i, e.result);
        }
        board
    }

    pub(super) fn set(&mut self, i: usize, result: Truth) {
        let name = self.names[i];
        match std::mem::replace(&mut self.results[i], result) {
            Truth::True => {
                self.holding.remove(&i);
                self.holding_by.entry(name).or_default().remove(&i);
            }
            Truth::Unknown => self.regroup(name, |group| {
                group.remove(&i);
            }),
            Truth::False => {}
        }
        match result {
            Truth::True => {
                self.holding.insert(i);
                self.holding_by.entry(name).or_default().insert(i);
            }
            Truth::Unknown => self.regroup(name, |group| {
                group.insert(i);
            }),
            Truth::False => {}
        }
    }

    fn regroup(&mut self, name: &'c str, change: impl FnOnce(&mut BTreeSet<usize>)) {
        let group = self.open.entry(name).or_default();
        if let Some(&first) = group.first() {
            self.open_firsts.remove(&(first, name));
        }
        change(group);
        if let Some(&first) = group.first() {
            self.open_firsts.insert((first, name));
        }
    }

    /// What [`settle`](super::rules::settle) would conclude from the current results.
    fn settle<O: Outcome>(&self, default: &'c O, rules: &'c [Rule<O>]) -> Try<'c> {
        let chosen = self.holding.first().copied();
        let outcome = chosen.map_or(default.name(), |i| self.names[i]);
        let until = chosen.unwrap_or(rules.len());
        let provisional = self
            .open_firsts
            .iter()
            .find(|(_, name)| *name != outcome)
            .is_some_and(|&(i, _)| i < until);
        Try {
            outcome,
            rule: chosen.map_or("default", |i| rules[i].id.as_str()),
            provisional,
            meetable: true,
        }
    }

    /// What [`choose`](super::needs::choose) would conclude from the current results, given
    /// the truth of each option's needs (by the option's place in `table.options`).
    pub(super) fn choose<O: Outcome>(
        &self,
        table: &Table<'c, '_, O>,
        need: impl Fn(usize) -> Truth,
    ) -> Try<'c> {
        let by_rules = self.settle(table.default, table.rules);
        let of = |name: &str| {
            table
                .options
                .iter()
                .position(|(o, _)| *o == name)
                .map_or(Truth::True, &need)
        };
        let meets = |name: &str| of(name) != Truth::False;
        // An earlier rule left open still counts only if its own option can be chosen.
        let open_before = |outcome: &str, until: usize| {
            self.open_firsts
                .iter()
                .find(|(_, name)| *name != outcome && meets(name))
                .is_some_and(|&(i, _)| i < until)
        };
        let first = of(by_rules.outcome);
        if first != Truth::False {
            let until = self.holding.first().copied().unwrap_or(table.rules.len());
            return Try {
                provisional: open_before(by_rules.outcome, until) || first == Truth::Unknown,
                ..by_rules
            };
        }
        // Passed over: the first holding rule whose option can be chosen, the default, then
        // the options in catalogue order.
        let default = table.default.name();
        let picked = self
            .holding_by
            .iter()
            .filter(|(name, _)| meets(name))
            .filter_map(|(name, rules)| rules.first().map(|&i| (i, *name)))
            .min()
            .map(|(i, name)| (Some(i), name))
            .or_else(|| meets(default).then_some((None, default)))
            .or_else(|| {
                let first = table.options.iter().find(|(o, _)| meets(o));
                first.map(|(o, _)| (None, *o))
            });
        let Some((rule, outcome)) = picked else {
            return Try {
                meetable: false,
                ..by_rules
            };
        };
        let open_rule = open_before(outcome, rule.unwrap_or(table.rules.len()));
        Try {
            outcome,
            rule: match rule {
                Some(i) => table.rules[i].id.as_str(),
                None if outcome == default => "default",
                None => "fallback",
            },
            provisional: open_rule || of(outcome) == Truth::Unknown,
            meetable: true,
        }
    }
}
