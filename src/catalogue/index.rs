//! The lookups and evaluation orders built once the items are valid: ids to positions, facts
//! to the questions that set them and the rules that read them, and decisions (then
//! capabilities) ordered so that each comes after everything its rules read.

use super::{Catalogue, Cond};
use crate::condition::Subject;
use crate::problem::{Code, Place, Problem};
use std::collections::HashMap;

/// After a duplicate-id problem the later item is dropped, so lookups stay unambiguous while
/// the remaining checks run.
pub(super) fn dedup_first(c: &mut Catalogue) {
    fn keep_first<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &str) {
        let mut seen = std::collections::HashSet::new();
        items.retain(|item| seen.insert(id(item).to_string()));
    }
    keep_first(&mut c.requirements, |x| &x.id);
    keep_first(&mut c.decisions, |x| &x.id);
    keep_first(&mut c.tools, |x| &x.id);
    keep_first(&mut c.questions, |x| &x.id);
    keep_first(&mut c.conflicts, |x| &x.id);
    keep_first(&mut c.capabilities, |x| &x.id);
    keep_first(&mut c.checks, |x| &x.id);
    keep_first(&mut c.roadmaps, |x| &x.id);
}

pub(super) fn index(c: &mut Catalogue) {
    fn positions<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
        items
            .iter()
            .enumerate()
            .map(|(i, x)| (id(x).to_string(), i))
            .collect()
    }
    c.index.facts = positions(&c.facts, |x| &x.id);
    c.index.requirements = positions(&c.requirements, |x| &x.id);
    c.index.decisions = positions(&c.decisions, |x| &x.id);
    c.index.tools = positions(&c.tools, |x| &x.id);
    c.index.questions = positions(&c.questions, |x| &x.id);
    c.index.capabilities = positions(&c.capabilities, |x| &x.id);
    fn push(map: &mut HashMap<String, Vec<usize>>, key: &str, i: usize) {
        let list = map.entry(key.to_string()).or_default();
        if list.last() != Some(&i) {
            list.push(i);
        }
    }
    let ix = &mut c.index;
    for (i, q) in c.questions.iter().enumerate() {
        for fact in &q.sets {
            push(&mut ix.asked_by, fact, i);
        }
        for d in &q.decisions {
            push(&mut ix.questions_naming, d, i);
        }
    }
    for (i, d) in c.decisions.iter().enumerate() {
        for fact in d.conditions().flat_map(|w| w.condition.facts()) {
            push(&mut ix.decisions_reading, fact, i);
        }
        for q in &d.questions {
            push(&mut ix.decisions_listing, q, i);
        }
    }
    for (i, cap) in c.capabilities.iter().enumerate() {
        let needs = cap.options.iter().flat_map(|o| &o.needs);
        let choose = cap.choose.iter().flat_map(|ch| &ch.unless);
        let read = (cap.unless.iter().map(|r| &r.when))
            .chain(choose.map(|r| &r.when))
            .chain(needs.map(|n| &n.when));
        for fact in read.flat_map(|w| w.condition.facts()) {
            push(&mut ix.capabilities_reading, fact, i);
        }
        for q in &cap.questions {
            push(&mut ix.capabilities_listing, q, i);
        }
    }
}

/// Orders decisions (then capabilities) so that each comes after everything its rules and its
/// options' needs read.
/// Ties keep source order, so the result is deterministic. A cycle is a problem.
pub(super) fn order(
    c: &mut Catalogue,
    places: &HashMap<String, Place>,
    problems: &mut Vec<Problem>,
) {
    let decision_deps: Vec<Vec<usize>> = c
        .decisions
        .iter()
        .map(|d| {
            deps(d.conditions(), |s| match s {
                Subject::Decision(id) => c.index.decisions.get(id).copied(),
                _ => None,
            })
        })
        .collect();
    let names: Vec<String> = c.decisions.iter().map(|d| d.id.clone()).collect();
    c.index.decision_order = topological(&decision_deps, &names, "decision", places, problems);

    let capability_deps: Vec<Vec<usize>> = c
        .capabilities
        .iter()
        .map(|cap| {
            deps(cap.unless.iter().map(|r| &r.when), |s| match s {
                Subject::Capability(id) => c.index.capabilities.get(id).copied(),
                _ => None,
            })
        })
        .collect();
    let names: Vec<String> = c
        .capabilities
        .iter()
        .map(|x| format!("capability.{}", x.id))
        .collect();
    c.index.capability_order =
        topological(&capability_deps, &names, "capability", places, problems);
}

fn deps<'a>(
    conditions: impl Iterator<Item = &'a Cond>,
    resolve: impl Fn(&Subject) -> Option<usize>,
) -> Vec<usize> {
    let mut out: Vec<usize> = conditions
        .flat_map(|w| w.condition.subjects())
        .filter_map(&resolve)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn topological(
    deps: &[Vec<usize>],
    names: &[String],
    kind: &str,
    places: &HashMap<String, Place>,
    problems: &mut Vec<Problem>,
) -> Vec<usize> {
    // Kahn's algorithm; the ready set is ordered so ties keep source order.
    let n = deps.len();
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(i);
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &j in &dependents[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.insert(j);
            }
        }
    }
    if order.len() < n {
        let stuck: Vec<&str> = (0..n)
            .filter(|&i| waiting[i] > 0)
            .map(|i| names[i].as_str())
            .collect();
        let place = places.get(stuck[0]).cloned().unwrap_or_default();
        problems.push(
            Problem::new(place, Code::Cycle, format!("{kind}s depend on each other in a circle: {}", stuck.join(", ")))
                .with_help("a rule or an option's need may only read decisions that do not, directly or through others, read it back"),
        );
        order.extend((0..n).filter(|&i| waiting[i] > 0));
    }
    order
}
