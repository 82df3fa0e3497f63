//! The sweep: thousands of profiles drawn from the facts the shipped catalogue declares, each
//! evaluated in process, and what must hold for every team the profile can describe.
//!
//! The profiles come from a fixed seed, so a failure names a profile that fails again. The
//! first ones walk every value of every fact (and "unanswered") in turn; the rest are random.
//! `SWEEP_PROFILES` sets how many (default: 500 in a debug build, where it shares the machine with
//! timed tests, 12 000 in release);
//! `cargo test --release --test integration sweep -- --nocapture` prints the figures
//! BENCHMARKS.md quotes.

use kubecompass::advice::{Advice, HeldBack};
use kubecompass::catalogue::{Catalogue, Cond, Verdict};
use kubecompass::condition::{Context, Truth};
use kubecompass::engine::{Outcomes, evaluate, outcomes};
use kubecompass::fact::{Fact, FactType, Value};
use kubecompass::profile::Profile;
use kubecompass::words::Words;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// xorshift64*: a few lines, deterministic on every machine, good enough to spread profiles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every condition of the catalogue, for the integer thresholds worth trying.
fn conditions(c: &Catalogue) -> Vec<&Cond> {
    let mut out: Vec<&Cond> = Vec::new();
    for d in &c.decisions {
        out.extend(d.unless.iter().map(|r| &r.when));
        out.extend(
            d.options
                .iter()
                .flat_map(|o| o.needs.iter().map(|n| &n.when)),
        );
    }
    for cap in &c.capabilities {
        out.extend(cap.unless.iter().map(|r| &r.when));
        out.extend(
            cap.options
                .iter()
                .flat_map(|o| o.needs.iter().map(|n| &n.when)),
        );
        out.extend(
            cap.choose
                .iter()
                .flat_map(|ch| ch.unless.iter().map(|r| &r.when)),
        );
    }
    out.extend(c.conflicts.iter().map(|x| &x.when));
    out.extend(c.checks.iter().filter_map(|x| x.applies_when.as_ref()));
    out.extend(c.sequence.iter().map(|s| &s.ready));
    out
}

/// The answers worth drawing for a fact; `None` is "unanswered".
fn domain(fact: &Fact, conds: &[&Cond]) -> Vec<Option<Value>> {
    let mut out = vec![None];
    match &fact.ty {
        FactType::Set(words) => {
            out.push(Some(Value::Set(Words::new())));
            out.extend(
                words
                    .iter()
                    .map(|w| Some(Value::Set(Words::from([w.clone()])))),
            );
        }
        FactType::Text => out.push(Some(Value::Text("swept".into()))),
        _ => {
            let thresholds: Vec<i64> = conds
                .iter()
                .flat_map(|w| w.condition.thresholds(&fact.id))
                .collect();
            let mut values = fact.candidates(None, &thresholds);
            if values.is_empty()
                && let FactType::Integer { min, .. } = fact.ty
            {
                values.push(Value::Int(min.unwrap_or(0)));
            }
            out.extend(values.into_iter().map(Some));
        }
    }
    out
}

fn draw(
    c: &Catalogue,
    domains: &[Vec<Option<Value>>],
    walk: usize,
    i: usize,
    rng: &mut Rng,
) -> Profile {
    let mut p = Profile::new();
    for (fact, domain) in c.facts.iter().zip(domains) {
        // The first profiles walk each fact's values in turn, so every value is covered.
        let pick = if i < walk {
            i % domain.len()
        } else {
            rng.below(domain.len())
        };
        let mut value = domain[pick].clone();
        // Sets get a random mix of their words besides the walked singletons.
        if let (Some(Value::Set(set)), FactType::Set(words)) = (&mut value, &fact.ty)
            && i >= walk
        {
            for w in words {
                if rng.below(4) == 0 {
                    set.insert(w.clone());
                }
            }
        }
        if let Some(v) = value {
            p.set(&fact.id, v);
        }
    }
    p
}

/// The profile plus the outcomes the advice settled, as the needs read them.
struct Settled<'a> {
    profile: &'a Profile,
    decisions: HashMap<&'a str, &'a str>,
    capabilities: HashMap<&'a str, &'static str>,
}

impl Context for Settled<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.profile.get(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        self.decisions.get(id).copied()
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.capabilities.get(id).copied()
    }
}

/// Everything that must hold for one profile; each failure is a line naming the profile.
fn check(c: &Catalogue, p: &Profile, o: &Outcomes, n: usize, failures: &mut Vec<String>) {
    let ctx = Settled {
        profile: p,
        decisions: o
            .decisions
            .iter()
            .map(|(d, choice, _)| (d.as_str(), choice.as_str()))
            .collect(),
        capabilities: o
            .capabilities
            .iter()
            .map(|(id, verdict, _)| (id.as_str(), verdict.as_str()))
            .collect(),
    };
    let mut fail = |what: String| failures.push(format!("profile {n}: {what}"));
    for (id, choice, _) in &o.decisions {
        let Some(option) = c.decision(id).and_then(|d| d.option(choice)) else {
            fail(format!("decision `{id}` has no choice"));
            continue;
        };
        for need in &option.needs {
            if need.when.condition.evaluate(&ctx).result == Truth::False {
                fail(format!(
                    "`{id}` chose `{choice}` although it needs `{}`",
                    need.when.text
                ));
            }
        }
    }
    // Layer 1 first, then one at a time; a day-one requirement does not wait.
    if let Some(sequence) = &c.sequence {
        let ready = sequence.ready.condition.evaluate(&ctx).result;
        let waiting: Vec<&str> = o
            .capabilities
            .iter()
            .filter(|(id, v, _)| *v == Verdict::Now && !o.day_one.contains(id))
            .map(|(id, _, _)| id.as_str())
            .collect();
        for id in &waiting {
            if ready != Truth::True {
                fail(format!(
                    "capability `{id}` is now before Layer 1 runs in production"
                ));
            }
        }
        if waiting.len() > 1 || (!waiting.is_empty() && !o.day_one.is_empty()) {
            fail(format!(
                "capabilities {waiting:?} are now at once, next to day-one {:?}",
                o.day_one
            ));
        }
    }
    for (id, verdict, _) in &o.capabilities {
        let cap = c
            .capability(id)
            .expect("outcomes name catalogue capabilities");
        if *verdict == Verdict::Skip || cap.choose.is_none() {
            continue;
        }
        let Some((_, option, _)) = o.capability_options.iter().find(|(x, _, _)| x == id) else {
            fail(format!(
                "capability `{id}` is {verdict:?} and recommends no option"
            ));
            continue;
        };
        for need in cap.option(option).map_or(&[][..], |x| &x.needs[..]) {
            if need.when.condition.evaluate(&ctx).result == Truth::False {
                fail(format!(
                    "capability `{id}` uses `{option}` although it needs `{}`",
                    need.when.text
                ));
            }
        }
    }
}

/// The full advice (traces, previews) agrees with the outcomes, and each wait names a
/// capability that is `now`.
fn check_advice(o: &Outcomes, advice: &Advice<'_>, n: usize, failures: &mut Vec<String>) {
    let chosen = advice.decisions.all().iter().map(|d| d.choice.id.as_str());
    let verdicts = advice.capabilities.iter().map(|x| x.verdict);
    if !o.decisions.iter().map(|(_, x, _)| x.as_str()).eq(chosen)
        || !o.capabilities.iter().map(|(_, v, _)| *v).eq(verdicts)
    {
        failures.push(format!("profile {n}: the advice and its outcomes disagree"));
    }
    for x in &advice.capabilities {
        if let Some(s) = &x.sequence
            && let Some(HeldBack::OneAtATime { after }) = &s.held
            && !advice
                .capabilities
                .iter()
                .any(|y| y.capability.id == *after && y.verdict == Verdict::Now)
        {
            failures.push(format!(
                "profile {n}: capability `{}` waits for `{after}`, which is not now",
                x.capability.id
            ));
        }
    }
}

/// The figures BENCHMARKS.md quotes; shown with `--nocapture`.
#[allow(clippy::print_stdout)]
fn report(line: &str) {
    println!("{line}");
}

#[test]
fn every_profile_gets_coherent_advice() {
    let c = kubecompass::shipped::catalogue();
    let count: usize = std::env::var("SWEEP_PROFILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 500 } else { 12_000 });
    let conds = conditions(c);
    let domains: Vec<Vec<Option<Value>>> = c.facts.iter().map(|f| domain(f, &conds)).collect();
    let walk = domains.iter().map(Vec::len).max().unwrap_or(0);
    let mut rng = Rng(0x6b75_6265_636f_6d70);
    let mut failures = Vec::new();
    let mut distinct = HashSet::new();
    // The same choices and verdicts, whatever their status, previews and conflicts.
    let mut distinct_choices = HashSet::new();
    let mut seen_values: HashSet<(usize, usize)> = HashSet::new();
    let started = Instant::now();
    for n in 0..count {
        let p = draw(c, &domains, walk, n, &mut rng);
        for (i, (fact, domain)) in c.facts.iter().zip(&domains).enumerate() {
            if let Some(k) = domain.iter().position(|v| v.as_ref() == p.get(&fact.id)) {
                seen_values.insert((i, k));
            }
        }
        let first = outcomes(c, &p);
        check(c, &p, &first, n, &mut failures);
        if first != outcomes(c, &p) {
            failures.push(format!("profile {n}: two runs give different advice"));
        }
        // The full advice costs far more than its outcomes: every tenth profile.
        if n % 10 == 0 {
            check_advice(&first, &evaluate(c, &p), n, &mut failures);
        }
        distinct.insert(format!("{first:?}"));
        let choices: Vec<&str> = (first.decisions.iter().map(|(_, o, _)| o.as_str()))
            .chain(first.capabilities.iter().map(|(_, v, _)| v.as_str()))
            .chain(first.capability_options.iter().map(|(_, o, _)| o.as_str()))
            .collect();
        distinct_choices.insert(choices.join(" "));
        if failures.len() > 20 {
            break;
        }
    }
    let elapsed = started.elapsed();
    let values: usize = domains.iter().map(Vec::len).sum();
    report(&format!(
        "sweep: {count} profiles, {} facts, {}/{values} fact values covered (unanswered included), {} distinct advices ({} distinct sets of choices and verdicts), {:.1} s ({:.2} ms a profile)",
        c.facts.len(),
        seen_values.len(),
        distinct.len(),
        distinct_choices.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / count as f64
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        seen_values.len(),
        values,
        "some value of some fact was never drawn"
    );
}
