//! What can be known of the rules without a profile: a need that no profile can meet, and a
//! rule that can never decide because an earlier rule always holds whenever it does.
//!
//! Each check tries every combination of the values the conditions read (every word of an
//! enum, both booleans, the integers around each threshold, sets around the declared words,
//! every option of a decision read, every verdict), so it is exact for the values it tries;
//! a check whose combinations would pass [`LIMIT`] is not made, nor the shadowed-rule check of
//! a table of more than [`PAIRS_LIMIT`] rules, since it compares every pair.

use super::super::{Catalogue, Cond, Rule};
use crate::condition::{Context, Subject, Truth};
use crate::fact::{FactType, Value};
use crate::problem::{Code, Place, Problem};
use crate::words::Words;
use compact_str::CompactString;
use std::collections::HashMap;

/// At most this many combinations per check, so that validation stays fast on any catalogue.
const LIMIT: usize = 50_000;

/// Tables of more rules than this are not checked for shadowed rules: the check compares each
/// rule with every earlier one, and a generated table of 10 000 rules would take minutes. No
/// hand-written table comes near it (the largest shipped one has 14 rules).
const PAIRS_LIMIT: usize = 500;

pub(super) fn check(
    c: &Catalogue,
    places: &HashMap<CompactString, Place>,
    problems: &mut Vec<Problem>,
) {
    let place = |id: &str| places.get(id).cloned().unwrap_or_default();
    for d in &c.decisions {
        for o in &d.options {
            for need in &o.needs {
                if never(c, &[&need.when]) {
                    problems.push(
                        Problem::new(
                            place(&d.id),
                            Code::UnmeetableNeed,
                            format!("option `{}/{}` needs `{}`, which no profile can meet", d.id, o.id, need.when.text),
                        )
                        .with_help("the option could never be chosen: correct the need, or remove the option"),
                    );
                }
            }
        }
        let free = |rule: &Rule| d.option(&rule.use_).is_none_or(|o| o.needs.is_empty());
        shadowed(c, &d.id, &d.unless, &free, place(&d.id), problems);
    }
    for cap in &c.capabilities {
        let key = format!("capability.{}", cap.id);
        for o in &cap.options {
            for need in &o.needs {
                if never(c, &[&need.when]) {
                    problems.push(
                        Problem::new(
                            place(&key),
                            Code::UnmeetableNeed,
                            format!("option `{}/{}` needs `{}`, which no profile can meet", cap.id, o.id, need.when.text),
                        )
                        .with_help("the option could never be chosen: correct the need, or remove the option"),
                    );
                }
            }
        }
        shadowed(c, &cap.id, &cap.unless, &|_| true, place(&key), problems);
        if let Some(rules) = &cap.choose {
            let free = |rule: &Rule| cap.option(&rule.use_).is_none_or(|o| o.needs.is_empty());
            shadowed(c, &cap.id, &rules.unless, &free, place(&key), problems);
        }
    }
}

/// Reports each rule that holds only where an earlier rule, whose choice nothing can pass
/// over (`free`), also holds: it can never decide.
fn shadowed<O>(
    c: &Catalogue,
    parent: &str,
    rules: &[Rule<O>],
    free: &dyn Fn(&Rule<O>) -> bool,
    place: Place,
    problems: &mut Vec<Problem>,
) {
    if rules.len() > PAIRS_LIMIT {
        return;
    }
    for (j, later) in rules.iter().enumerate() {
        let earlier = rules[..j]
            .iter()
            .filter(|r| free(r))
            .find(|r| implies(c, &later.when, &r.when));
        if let Some(earlier) = earlier {
            problems.push(
                Problem::new(
                    place.clone(),
                    Code::ShadowedRule,
                    format!(
                        "rule `{parent}/{}` can never decide: whenever it holds, the earlier rule `{}` holds too",
                        later.id, earlier.id
                    ),
                )
                .with_help("move the narrower rule before the wider one, or remove it"),
            );
        }
    }
}

/// Whether no combination of values makes every condition true at once.
fn never(c: &Catalogue, conds: &[&Cond]) -> bool {
    !combinations(c, conds, &mut |ctx| {
        conds
            .iter()
            .all(|w| w.condition.evaluate(ctx).result == Truth::True)
    })
    .unwrap_or(true)
}

/// Whether `a` holds only where `b` holds too (and `a` can hold at all).
fn implies(c: &Catalogue, a: &Cond, b: &Cond) -> bool {
    let counter = combinations(c, &[a, b], &mut |ctx| {
        a.condition.evaluate(ctx).result == Truth::True
            && b.condition.evaluate(ctx).result != Truth::True
    });
    counter == Some(false) && !never(c, &[a])
}

/// Tries every combination of the values `conds` read; `Some(true)` as soon as `found` holds
/// for one, `Some(false)` when it holds for none, `None` when the check is not made.
fn combinations(
    c: &Catalogue,
    conds: &[&Cond],
    found: &mut dyn FnMut(&Assignment) -> bool,
) -> Option<bool> {
    let mut subjects: Vec<&Subject> = Vec::new();
    for w in conds {
        for s in w.condition.subjects() {
            if !subjects.contains(&s) {
                subjects.push(s);
            }
        }
    }
    let mut domains: Vec<Vec<Value>> = Vec::new();
    for s in &subjects {
        let domain = domain(c, s, conds)?;
        if domain.is_empty() {
            return None;
        }
        domains.push(domain);
    }
    let total = domains
        .iter()
        .try_fold(1usize, |n, d| n.checked_mul(d.len()))?;
    if total > LIMIT {
        return None;
    }
    let mut at = Assignment::default();
    for i in 0..total {
        let mut rest = i;
        for (s, d) in subjects.iter().zip(&domains) {
            let value = d[rest % d.len()].clone();
            rest /= d.len();
            at.set(s, value);
        }
        if found(&at) {
            return Some(true);
        }
    }
    Some(false)
}

fn domain(c: &Catalogue, s: &Subject, conds: &[&Cond]) -> Option<Vec<Value>> {
    let words = |ws: &[CompactString]| ws.iter().map(|w| Value::Word(w.clone())).collect();
    Some(match s {
        Subject::Decision(id) => {
            let d = c.decision(id)?;
            d.options
                .iter()
                .map(|o| Value::Word(o.id.clone()))
                .collect()
        }
        Subject::Capability(_) => words(&["now".into(), "later".into(), "skip".into()]),
        Subject::Fact(id) => {
            let fact = c.fact(id)?;
            match &fact.ty {
                FactType::Set(all) => {
                    let full: Words = all.iter().cloned().collect();
                    let mut out = vec![Value::Set(Words::new()), Value::Set(full.clone())];
                    for w in all {
                        out.push(Value::Set(Words::from([w.clone()])));
                        let mut but = full.clone();
                        but.remove(w);
                        out.push(Value::Set(but));
                    }
                    out
                }
                FactType::Text => return None,
                _ => {
                    let thresholds: Vec<i64> = conds
                        .iter()
                        .flat_map(|w| w.condition.thresholds(id))
                        .collect();
                    fact.candidates(None, &thresholds)
                }
            }
        }
    })
}

/// One combination of values.
#[derive(Default)]
struct Assignment {
    facts: HashMap<CompactString, Value>,
    decisions: HashMap<CompactString, CompactString>,
    capabilities: HashMap<CompactString, CompactString>,
}

impl Assignment {
    fn set(&mut self, s: &Subject, v: Value) {
        match (s, v) {
            (Subject::Fact(id), v) => {
                self.facts.insert(id.clone(), v);
            }
            (Subject::Decision(id), Value::Word(w)) => {
                self.decisions.insert(id.clone(), w);
            }
            (Subject::Capability(id), Value::Word(w)) => {
                self.capabilities.insert(id.clone(), w);
            }
            _ => {}
        }
    }
}

impl Context for Assignment {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.facts.get(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.decisions.get(id).map(CompactString::as_str)
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.capabilities.get(id).map(CompactString::as_str)
    }
}
