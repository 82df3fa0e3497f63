//! The sweep against its definition: settling the whole table again for every value.

use super::*;
use crate::advice::Status;
use crate::catalogue::{Catalogue, Source};
use crate::engine::needs::Chosen;
use crate::testing::profile;
use compact_str::CompactString;
use std::fmt::Write as _;

/// What [`needs::choose`] gives with `fact` set to `value`: the definition the sweep meets.
fn choose_with<'c>(
    table: &Table<'c, '_, CompactString>,
    ctx: &dyn Context,
    fact: &str,
    value: &Value,
) -> (Try<'c>, bool) {
    let with = With {
        base: ctx,
        fact,
        value,
    };
    let c = needs::choose(table.default, table.rules, table.options, &with);
    let rule = match (c.fallback, c.settled.chosen) {
        (true, _) => "fallback",
        (false, Some(i)) => table.rules[i].id.as_str(),
        (false, None) => "default",
    };
    let t = Try {
        outcome: c.settled.outcome,
        rule,
        provisional: c.settled.status == Status::Provisional,
        meetable: c.passed_over.len() < table.options.len(),
    };
    (t, c.passed_over.is_empty())
}

/// The definition of [`pending`]: choose once per value.
fn pending_by_choosing<'c>(
    catalogue: &'c Catalogue,
    table: &Table<'c, '_, CompactString>,
    chosen: &Chosen<'c>,
    ctx: &dyn Context,
) -> Vec<Pending<'c>> {
    let readers = Readers::of(table.rules, table.options);
    let mut open = chosen.settled.open_facts(table.rules);
    for f in &chosen.open_needs {
        if !open.contains(f) {
            open.push(f.clone());
        }
    }
    open.into_iter()
        .filter_map(|fact| catalogue.fact(&fact))
        .map(|fact| Pending {
            fact: &fact.id,
            ask: &fact.ask,
            question: catalogue.questions_setting(&fact.id).next(),
            outcomes: readers
                .candidates(catalogue, &fact.id, None)
                .into_iter()
                .map(|value| {
                    let (t, _) = choose_with(table, ctx, &fact.id, &value);
                    WhatIf {
                        outcome: t.outcome,
                        rule: t.rule,
                        still_provisional: t.provisional,
                        value,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The definition of [`flips`]: choose once per other value.
fn flips_by_choosing<'c>(
    catalogue: &'c Catalogue,
    table: &Table<'c, '_, CompactString>,
    settled: &Settled<'c>,
    ctx: &dyn Context,
) -> Vec<Flip<'c>> {
    let readers = Readers::of(table.rules, table.options);
    let mut out: Vec<Flip> = Vec::new();
    for &fact in &readers.order {
        let Some(current) = ctx.fact(fact) else {
            continue;
        };
        for value in readers.candidates(catalogue, fact, Some(current)) {
            let (t, _) = choose_with(table, ctx, fact, &value);
            if &value == current
                || !t.meetable
                || t.outcome == settled.outcome
                || out.iter().any(|f| f.fact == fact && f.outcome == t.outcome)
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
    out
}

/// A small deterministic generator, so a failure can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FACTS: &str = r#"
facts:
  - {id: n.i, type: integer, min: 0, max: 12, meaning: I., ask: I?, source: test §1}
  - {id: n.j, type: integer, meaning: J., ask: J?, source: test §1}
  - {id: n.e, type: enum, values: {a: A., b: B., c: C., d: D.}, meaning: E., ask: E?, source: test §1}
  - {id: n.s, type: set, values: {x: X., y: Y., z: Z.}, meaning: S., ask: S?, source: test §1}
  - {id: n.b, type: bool, meaning: B., ask: B?, source: test §1}
  - {id: n.c, type: bool, meaning: C., ask: C?, source: test §1}
sources:
  - {id: test, title: Test, date: 2026, language: en}
"#;

fn test(rng: &mut Lcg) -> String {
    let n = rng.below(16) as i64 - 2;
    match rng.below(9) {
        0 => format!("n.i {} {n}", rng.pick(&["<", "<=", ">", ">=", "==", "!="])),
        1 => format!("n.i in [{n}, {}]", n + 1 + rng.below(4) as i64),
        2 => format!("n.j {} {n}", rng.pick(&[">", "<=", "=="])),
        3 => format!(
            "n.e {} {}",
            rng.pick(&["==", "!=", ">=", "<"]),
            rng.pick(&["a", "b", "c", "d"])
        ),
        4 => format!("n.e not in [{}, d]", rng.pick(&["a", "b", "c"])),
        5 => format!("n.s contains {}", rng.pick(&["x", "y", "z"])),
        6 => rng.pick(&["n.b", "n.c"]).to_string(),
        7 => format!("decision.base == {}", rng.pick(&["p", "q"])),
        _ => format!("not n.{}", rng.pick(&["b", "c"])),
    }
}

fn condition(rng: &mut Lcg) -> String {
    let mut text = test(rng);
    for _ in 0..rng.below(3) {
        let op = rng.pick(&["and", "or", "and not"]);
        text = format!("({text}) {op} {}", test(rng));
    }
    text
}

fn generated(rng: &mut Lcg) -> (String, String) {
    let mut text = String::from(FACTS);
    text.push_str("decisions:\n");
    text.push_str("  - {id: base, title: B, asks: B?, domain: d, timing: day-1, reversibility: easy, default: p, because: B., source: test §1, options: [{id: p, name: P, summary: P., lock-in: low}, {id: q, name: Q, summary: Q., lock-in: low}], unless: [{id: r, when: n.c, use: q, because: C., source: test §1}]}\n");
    text.push_str("  - id: d\n    title: D\n    asks: D?\n    domain: d\n    timing: day-1\n    reversibility: easy\n    default: o1\n    because: D.\n    source: test §1\n    options:\n");
    for o in ["o1", "o2", "o3"] {
        // Half the options need something, so that options are passed over.
        let needs = if rng.below(2) == 0 {
            format!(
                ", needs: [{{when: '{}', because: N., source: test §1}}]",
                condition(rng)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "      - {{id: {o}, name: {o}, summary: {o}., lock-in: low{needs}}}"
        );
    }
    text.push_str("    unless:\n");
    for r in 0..1 + rng.below(8) {
        let _ = writeln!(
            text,
            "      - {{id: r{r}, when: '{}', use: {}, because: R., source: test §1}}",
            condition(rng),
            rng.pick(&["o1", "o2", "o3"])
        );
    }
    let values = [
        format!("  i: {}\n", rng.below(13)),
        format!("  j: {}\n", rng.below(15)),
        format!("  e: {}\n", rng.pick(&["a", "b", "c", "d"])),
        format!("  s: {}\n", rng.pick(&["[]", "[x]", "[y, z]", "[x, z]"])),
        format!("  b: {}\n", rng.below(2) == 0),
        format!("  c: {}\n", rng.below(2) == 0),
    ];
    let mut p = String::new();
    for v in values {
        if rng.below(3) > 0 {
            p.push_str(&v);
        }
    }
    (text, format!("n:\n{p}"))
}

#[test]
fn the_sweep_gives_what_settling_every_value_gives() {
    let mut rng = Lcg(7);
    let mut compared = 0;
    let mut passed_over = 0;
    for round in 0..400 {
        let (text, answers) = generated(&mut rng);
        // A random table may hold a rule an earlier one shadows, which validation refuses.
        let Ok(c) = Catalogue::from_sources(vec![Source {
            name: "test.yaml".into(),
            text: text.clone(),
        }]) else {
            continue;
        };
        compared += 1;
        let p = profile(&c, if answers == "n:\n" { "{}" } else { &answers });
        let state = crate::engine::settle_all(&c, &p, &[], None);
        let d = c.decision("d").unwrap();
        let chosen = &state.decisions["d"];
        let s = &chosen.settled;
        let ctx = &state.state;
        let options = d.option_needs();
        let table = Table {
            default: &d.default,
            rules: &d.unless,
            options: &options,
        };
        let sweep = pending(&c, &table, s, &chosen.open_needs, ctx);
        for p in &sweep {
            for w in &p.outcomes {
                if !choose_with(&table, ctx, p.fact, &w.value).1 {
                    passed_over += 1;
                }
            }
        }
        assert_eq!(
            json(&sweep),
            json(&pending_by_choosing(&c, &table, chosen, ctx)),
            "pending, round {round}\n{text}\n{answers}"
        );
        assert_eq!(
            json(&flips(&c, &table, s, ctx)),
            json(&flips_by_choosing(&c, &table, s, ctx)),
            "flips, round {round}\n{text}\n{answers}"
        );
    }
    assert!(compared >= 200, "only {compared} of 400 tables were valid");
    // The comparison means something only if needs did pass options over.
    assert!(
        passed_over >= 100,
        "only {passed_over} previews passed an option over"
    );
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}
