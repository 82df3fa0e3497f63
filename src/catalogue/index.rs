//! The lookups and evaluation orders built once the items are valid: ids to positions, facts
//! to the questions that set them and the rules that read them, and decisions (then
//! capabilities) ordered so that each comes after everything its rules read.

use super::{Capability, Catalogue, Cond, Decision, Fact, Question, Requirement, Tool};
use crate::condition::Subject;
use crate::problem::{Code, Place, Problem};
use compact_str::{CompactString, format_compact};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An item found by its id.
pub(crate) trait Named {
    fn id(&self) -> &str;
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}
named!(Fact, Requirement, Decision, Tool, Question, Capability);

/// The positions of a list's items in the order of their ids, so an id is found by binary
/// search: four bytes per item, where a map from ids would hold a copy of every id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct ById(Vec<u32>);

impl ById {
    fn of<T: Named>(items: &[T]) -> ById {
        let mut order: Vec<u32> = (0..items.len()).map(position).collect();
        order.sort_by(|&a, &b| items[a as usize].id().cmp(items[b as usize].id()));
        ById(order)
    }

    /// Where the item with this id is in `items` (the list this was built from).
    pub(crate) fn position<T: Named>(&self, items: &[T], id: &str) -> Option<usize> {
        let at = self
            .0
            .binary_search_by(|&i| items[i as usize].id().cmp(id))
            .ok()?;
        Some(self.0[at] as usize)
    }

    pub(crate) fn get<'a, T: Named>(&self, items: &'a [T], id: &str) -> Option<&'a T> {
        self.position(items, id).map(|i| &items[i])
    }
}

/// Links from the items of one list to positions in another (a fact to the questions that set
/// it, ...), as pairs of positions in order: the items linked from one item are a run.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Links(Vec<(u32, u32)>);

impl Links {
    /// The positions linked from the item at `from` (none for `None`), in order.
    pub(crate) fn from(&self, from: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        let run = from.map_or(&[][..], |from| {
            let from = position(from);
            let start = self.0.partition_point(|&(f, _)| f < from);
            let end = self.0.partition_point(|&(f, _)| f <= from);
            &self.0[start..end]
        });
        run.iter().map(|&(_, to)| to as usize)
    }

    /// The positions linked from any item, in order, each once.
    pub(crate) fn to_any(&self) -> impl Iterator<Item = usize> + '_ {
        let mut to: Vec<usize> = self.0.iter().map(|&(_, to)| to as usize).collect();
        to.sort_unstable();
        to.dedup();
        to.into_iter()
    }

    /// Links made in any order, each kept once.
    fn of(mut pairs: Vec<(u32, u32)>) -> Links {
        pairs.sort_unstable();
        pairs.dedup();
        Links(pairs)
    }
}

/// A position as the index holds it: lists are far shorter than four billion items.
fn position(i: usize) -> u32 {
    u32::try_from(i).expect("a catalogue list of fewer than 2^32 items")
}

/// After a duplicate-id problem the later item is dropped, so lookups stay unambiguous while
/// the remaining checks run.
pub(super) fn dedup_first(c: &mut Catalogue) {
    fn keep_first<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &str) {
        let mut seen = std::collections::HashSet::new();
        let keep: Vec<bool> = items.iter().map(|item| seen.insert(id(item))).collect();
        drop(seen);
        let mut keep = keep.into_iter();
        items.retain(|_| keep.next().unwrap_or(true));
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
    let facts = ById::of(&c.facts);
    let decisions = ById::of(&c.decisions);
    let questions = ById::of(&c.questions);
    let fact = |id: &str| facts.position(&c.facts, id);
    let decision = |id: &str| decisions.position(&c.decisions, id);
    let question = |id: &str| questions.position(&c.questions, id);
    // (from, to) pairs: each key an item resolves to, with the item's own position.
    fn links<'a, T: 'a>(
        items: &'a [T],
        keys: impl Fn(&'a T) -> Vec<&'a str>,
        resolve: impl Fn(&str) -> Option<usize>,
    ) -> Links {
        let mut pairs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            for key in keys(item) {
                if let Some(from) = resolve(key) {
                    pairs.push((position(from), position(i)));
                }
            }
        }
        Links::of(pairs)
    }
    fn strs(ids: &[CompactString]) -> Vec<&str> {
        ids.iter().map(CompactString::as_str).collect()
    }
    let asked_by = links(&c.questions, |q| strs(&q.sets), fact);
    let questions_naming = links(&c.questions, |q| strs(&q.decisions), decision);
    let decisions_reading = links(
        &c.decisions,
        |d| d.conditions().flat_map(|w| w.condition.facts()).collect(),
        fact,
    );
    let decisions_listing = links(&c.decisions, |d| strs(&d.questions), question);
    // What a decision's rules and needs read besides facts: the outcomes of decisions, and
    // (rarely) the verdicts of capabilities.
    fn reads(d: &Decision, decisions: bool) -> Vec<&str> {
        let subjects = d.conditions().flat_map(|w| w.condition.subjects());
        subjects
            .filter_map(|s| match s {
                Subject::Decision(id) if decisions => Some(id.as_str()),
                Subject::Capability(id) if !decisions => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }
    let capabilities = ById::of(&c.capabilities);
    let capability = |id: &str| capabilities.position(&c.capabilities, id);
    let decisions_reading_decisions = links(&c.decisions, |d| reads(d, true), decision);
    let decisions_reading_capabilities = links(&c.decisions, |d| reads(d, false), capability);
    let capabilities_reading = links(
        &c.capabilities,
        |cap| {
            let needs = cap.options.iter().flat_map(|o| &o.needs);
            let choose = cap.choose.iter().flat_map(|ch| &ch.unless);
            (cap.unless.iter().map(|r| &r.when))
                .chain(choose.map(|r| &r.when))
                .chain(needs.map(|n| &n.when))
                .flat_map(|w| w.condition.facts())
                .collect()
        },
        fact,
    );
    let capabilities_listing = links(&c.capabilities, |cap| strs(&cap.questions), question);
    let ix = &mut c.index;
    ix.requirements = ById::of(&c.requirements);
    ix.tools = ById::of(&c.tools);
    ix.capabilities = capabilities;
    ix.decisions_reading_decisions = decisions_reading_decisions;
    ix.decisions_reading_capabilities = decisions_reading_capabilities;
    ix.asked_by = asked_by;
    ix.questions_naming = questions_naming;
    ix.decisions_reading = decisions_reading;
    ix.decisions_listing = decisions_listing;
    ix.capabilities_reading = capabilities_reading;
    ix.capabilities_listing = capabilities_listing;
    ix.facts = facts;
    ix.decisions = decisions;
    ix.questions = questions;
}

/// Orders decisions (then capabilities) so that each comes after everything its rules and its
/// options' needs read.
/// Ties keep source order, so the result is deterministic. A cycle is a problem.
pub(super) fn order(
    c: &mut Catalogue,
    places: &HashMap<CompactString, Place>,
    problems: &mut Vec<Problem>,
) {
    let decision_deps: Vec<Vec<usize>> = c
        .decisions
        .iter()
        .map(|d| {
            deps(d.conditions(), |s| match s {
                Subject::Decision(id) => c.index.decisions.position(&c.decisions, id),
                _ => None,
            })
        })
        .collect();
    let names: Vec<&str> = c.decisions.iter().map(|d| d.id.as_str()).collect();
    c.index.decision_order = topological(&decision_deps, &names, "decision", places, problems);

    let capability_deps: Vec<Vec<usize>> = c
        .capabilities
        .iter()
        .map(|cap| {
            deps(cap.unless.iter().map(|r| &r.when), |s| match s {
                Subject::Capability(id) => c.index.capabilities.position(&c.capabilities, id),
                _ => None,
            })
        })
        .collect();
    let names: Vec<CompactString> = c
        .capabilities
        .iter()
        .map(|x| format_compact!("capability.{}", x.id))
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
    names: &[impl AsRef<str>],
    kind: &str,
    places: &HashMap<CompactString, Place>,
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
            .map(|i| names[i].as_ref())
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
