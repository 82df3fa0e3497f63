//! A question's answers together: what the advice would become if a question that sets several
//! facts were answered whole, rather than one fact at a time.
//!
//! A question's facts often matter only together (P1-Q1: a named provider is chosen only when
//! the criteria it needs are answered too), so one fact at a time previews "no change" where
//! the whole answer changes a decision. Each combination is the advice settled again from the
//! profile's own settlement, keeping the decisions its answers cannot reach (see
//! [`settle_all`]); the interview previews the same way from the profile ([`outcomes_with`]),
//! and a unit test holds the two to the same outcomes. The combinations grow
//! as the product of the facts' answers, so past [`MOST`] they are chosen so that every pair
//! of answers to two of the question's facts appears in at least one (a pairwise covering
//! set, built greedily), and the advice says how many of how many it previewed.

use super::{Outcomes, Settlement, choices_of, outcomes_of, settle_all};
use crate::advice::{Answer, Change, ChangeKind, Together, TogetherOutcome};
use crate::catalogue::{Catalogue, Question};
use crate::condition::Truth;
use crate::fact::{Fact, FactType, Value};
use crate::profile::Profile;
use compact_str::CompactString;
use std::collections::BTreeSet;

/// judgement: at most 16 combinations per question. Each is the advice settled again (about
/// a tenth of a millisecond for the shipped catalogue), and 16 rows cover every pair of
/// answers of the shipped questions (P1-Q1's six facts need 12); a report with a dozen such
/// questions stays within a few tens of milliseconds.
pub(super) const MOST: usize = 16;

/// The outcomes with `answers` set in the profile: how every preview of an answer is computed.
pub fn outcomes_with(
    catalogue: &Catalogue,
    profile: &Profile,
    answers: &[(&str, Value)],
) -> Outcomes {
    outcomes_of(catalogue, &settle_all(catalogue, profile, answers, None))
}

/// The unanswered facts of `question` whose answers can be listed (words and yes/no); sets
/// are answered as whole lists and numbers freely, so neither is combined.
fn listable<'c>(
    catalogue: &'c Catalogue,
    profile: &Profile,
    question: &Question,
) -> Vec<(&'c Fact, Vec<Value>)> {
    question
        .sets
        .iter()
        .filter(|f| profile.get(f).is_none())
        .filter_map(|f| catalogue.fact(f))
        .filter_map(|fact| {
            let values = match &fact.ty {
                FactType::Enum(words) => words.iter().map(|w| Value::Word(w.clone())).collect(),
                FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
                _ => return None,
            };
            Some((fact, values))
        })
        .collect()
}

/// The question's answers together, for a question with two or more listable unanswered
/// facts; `base` is the profile's own settlement and `before` its outcomes.
pub(super) fn preview<'c>(
    catalogue: &'c Catalogue,
    profile: &Profile,
    base: &Settlement,
    before: &Outcomes,
    question: &Question,
) -> Option<Together<'c>> {
    let facts = listable(catalogue, profile, question);
    if facts.len() < 2 {
        return None;
    }
    let sizes: Vec<usize> = facts.iter().map(|(_, v)| v.len()).collect();
    let combinations = sizes
        .iter()
        .try_fold(1u64, |n, &s| n.checked_mul(s as u64))
        .unwrap_or(u64::MAX);
    let rows = rows(&sizes);
    let mut outcomes: Vec<TogetherOutcome> = Vec::new();
    for row in &rows {
        let answers: Vec<(&str, Value)> = facts
            .iter()
            .zip(row)
            .map(|((fact, values), &i)| (fact.id.as_str(), values[i].clone()))
            .collect();
        let after = choices_of(
            catalogue,
            &settle_all(catalogue, profile, &answers, Some(base)),
        );
        let changes = changes(catalogue, before, &after);
        if let Some(same) = outcomes.iter_mut().find(|o| o.changes == changes) {
            same.also += 1;
            continue;
        }
        outcomes.push(TogetherOutcome {
            answers: facts
                .iter()
                .zip(answers)
                .map(|((fact, _), (_, value))| Answer {
                    fact: &fact.id,
                    value,
                })
                .collect(),
            also: 0,
            changes,
        });
    }
    Some(Together {
        combinations,
        previewed: rows.len(),
        outcomes,
    })
}

/// Which answer of each fact each combination takes: every combination when there are at most
/// [`MOST`], otherwise a greedy pairwise covering set of at most [`MOST`] rows.
fn rows(sizes: &[usize]) -> Vec<Vec<usize>> {
    let total = sizes.iter().try_fold(1usize, |n, &s| n.checked_mul(s));
    if let Some(total) = total.filter(|&t| t <= MOST) {
        return (0..total)
            .map(|mut n| {
                let mut row = vec![0; sizes.len()];
                for (slot, &size) in row.iter_mut().zip(sizes).rev() {
                    *slot = n % size;
                    n /= size;
                }
                row
            })
            .collect();
    }
    // Every (fact, answer, later fact, answer) not yet in a row.
    let mut open: BTreeSet<(usize, usize, usize, usize)> = BTreeSet::new();
    for (f, &a) in sizes.iter().enumerate() {
        for (g, &b) in sizes.iter().enumerate().skip(f + 1) {
            for i in 0..a {
                for j in 0..b {
                    open.insert((f, i, g, j));
                }
            }
        }
    }
    let mut out = Vec::new();
    while let Some(&(f, i, g, j)) = open.first() {
        if out.len() == MOST {
            break;
        }
        let mut row: Vec<Option<usize>> = vec![None; sizes.len()];
        row[f] = Some(i);
        row[g] = Some(j);
        for h in 0..sizes.len() {
            if row[h].is_some() {
                continue;
            }
            // The answer that covers most open pairs with the answers already in the row.
            let gain = |k: usize| {
                row.iter()
                    .enumerate()
                    .filter_map(|(e, v)| v.map(|v| (e, v)))
                    .filter(|&(e, v)| {
                        let pair = if e < h { (e, v, h, k) } else { (h, k, e, v) };
                        open.contains(&pair)
                    })
                    .count()
            };
            let best = (0..sizes[h]).max_by_key(|&k| (gain(k), std::cmp::Reverse(k)));
            row[h] = best;
        }
        let row: Vec<usize> = row.into_iter().map(|v| v.unwrap_or(0)).collect();
        for (e, &v) in row.iter().enumerate() {
            for (h, &k) in row.iter().enumerate().skip(e + 1) {
                open.remove(&(e, v, h, k));
            }
        }
        out.push(row);
    }
    out
}

/// What differs between two outcomes: decisions (option or status), verdicts, conflicts.
fn changes(catalogue: &Catalogue, before: &Outcomes, after: &Outcomes) -> Vec<Change> {
    let mut out = Vec::new();
    for ((id, from, was), (_, to, now)) in before.decisions.iter().zip(&after.decisions) {
        if from != to || was != now {
            out.push(Change {
                kind: ChangeKind::Decision,
                title: catalogue
                    .decision(id)
                    .map_or_else(CompactString::default, |d| d.title.clone()),
                id: id.clone(),
                from: from.clone(),
                to: to.clone(),
                status: *now,
            });
        }
    }
    for ((id, from, _), (_, to, now)) in before.capabilities.iter().zip(&after.capabilities) {
        if from != to {
            out.push(Change {
                kind: ChangeKind::Capability,
                title: catalogue
                    .capability(id)
                    .map_or_else(CompactString::default, |c| c.title.clone()),
                id: id.clone(),
                from: from.as_str().into(),
                to: to.as_str().into(),
                status: *now,
            });
        }
    }
    for ((id, held, _), (_, holds, _)) in before.conflicts.iter().zip(&after.conflicts) {
        if held != holds {
            let word = |t: &Truth| {
                match t {
                    Truth::True => "holds",
                    Truth::False => "does not hold",
                    Truth::Unknown => "may hold",
                }
                .to_string()
            };
            out.push(Change {
                kind: ChangeKind::Conflict,
                title: catalogue
                    .conflicts
                    .iter()
                    .find(|c| c.id == id)
                    .map_or_else(CompactString::default, |c| c.title.clone()),
                id: id.clone(),
                from: word(held).into(),
                to: word(holds).into(),
                status: crate::advice::Status::Decided,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of answers of two facts is in some row.
    fn covers_pairs(sizes: &[usize], rows: &[Vec<usize>]) -> bool {
        (0..sizes.len()).all(|f| {
            (f + 1..sizes.len()).all(|g| {
                (0..sizes[f])
                    .all(|i| (0..sizes[g]).all(|j| rows.iter().any(|r| r[f] == i && r[g] == j)))
            })
        })
    }

    #[test]
    fn small_questions_get_every_combination_and_large_ones_every_pair() {
        let all = rows(&[2, 3, 2]);
        assert_eq!(all.len(), 12);
        assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), 12);
        // P1-Q1's shape: a six-word provider and five yes/no criteria.
        let q1 = rows(&[6, 2, 2, 2, 2, 2]);
        assert!(q1.len() <= MOST, "{} rows", q1.len());
        assert!(covers_pairs(&[6, 2, 2, 2, 2, 2], &q1));
        // Too many pairs for the bound: the rows stop at it.
        assert_eq!(rows(&[9, 9, 9]).len(), MOST);
    }
}
