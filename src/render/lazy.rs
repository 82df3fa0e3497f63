//! The report's context, converted only where the template reads it.
//!
//! The summary report reads a few fields of each decision; converting the whole advice first
//! (every rule's trace, every alternative, every catalogue text) was most of the work of the
//! report, and on a catalogue of thousands of decisions most of its memory. Here each list of
//! the advice is read entry by entry, and each entry (and everything else) field by field, each
//! field converted when the template reads it ([`super::value::field`]); a decision's field is
//! not even made before it is read ([`DecisionList`]). The advice must live as long as the
//! process for that ([`Report`] is `'static`): a template keeps what it reads.

use super::Report;
use super::value::{field, keys};
use crate::advice::{
    CapabilityAdvice, CheckAdvice, ConflictAdvice, Decisions, Pending, QuestionAdvice,
    RequirementAdvice, RoadmapAdvice, ToolAdvice, TraceRow,
};
use crate::catalogue::{Choice, Question};
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// The root of the report's context.
#[derive(Debug)]
pub(super) struct ReportContext {
    report: &'static Report<'static, 'static>,
    kept: Kept,
}

impl ReportContext {
    pub(super) fn of(report: &'static Report<'static, 'static>) -> Value {
        Value::from_object(ReportContext {
            report,
            kept: Kept::default(),
        })
    }
}

impl Object for ReportContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.kept.get_or(key, || {
            let a = self.report.advice;
            Some(match key {
                "decisions" => DecisionList::of(&a.decisions),
                "requirements" => List::of(&a.requirements),
                "conflicts" => List::of(&a.conflicts),
                "questions" => List::of(&a.questions),
                "capabilities" => List::of(&a.capabilities),
                "checks" => List::of(&a.checks),
                "roadmaps" => List::of(&a.roadmaps),
                "traceability" => List::of(&a.traceability),
                "tools" => List::of(&a.tools),
                key => return field(self.report, key),
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(keys(self.report))
    }
}

/// What was read of an object, kept: a template reads the same field more than once (a
/// filter, then a table; the full report reads a decision's rules in three places), and
/// converting it again each time cost more than converting the whole advice up front.
#[derive(Debug, Default)]
struct Kept(Mutex<Vec<(Box<str>, Option<Value>)>>);

impl Kept {
    fn get_or(&self, key: &str, read: impl FnOnce() -> Option<Value>) -> Option<Value> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, value)) = kept.iter().find(|(k, _)| **k == *key) {
            return value.clone();
        }
        let value = read();
        kept.push((key.into(), value.clone()));
        value
    }
}

/// An item of the advice as the template reads it. A field that is itself read part by part
/// is a lazy list or entry too ([`Parts::part`]); any other field is converted whole.
trait Parts: Serialize + Debug + Send + Sync + 'static {
    fn part(&self, _key: &str) -> Option<Value> {
        None
    }
}

impl Parts for RequirementAdvice<'static> {}
impl Parts for ConflictAdvice<'static> {}
impl Parts for QuestionAdvice<'static> {}
impl Parts for CapabilityAdvice<'static> {}
impl Parts for CheckAdvice<'static> {}
impl Parts for RoadmapAdvice<'static> {}
impl Parts for TraceRow<'static> {}
impl Parts for ToolAdvice<'static> {}
impl Parts for Question {}
impl Parts for Choice {}

/// Of a pending fact the summary reads the question's id and criticality: converted whole,
/// the questions of every provisional decision's pending facts were a fifth of the report's
/// memory at 25 000 decisions.
impl Parts for Pending<'static> {
    fn part(&self, key: &str) -> Option<Value> {
        (key == "question").then(|| self.question.map_or(Value::from(()), Entry::of))
    }
}

/// The items of a list: the advice's own, or made for the template when read (a decision's
/// pending facts).
#[derive(Debug)]
enum Items<T: 'static> {
    Advice(&'static [T]),
    Made(Arc<[T]>),
}

impl<T> Items<T> {
    fn get(&self) -> &[T] {
        match self {
            Items::Advice(items) => items,
            Items::Made(items) => items,
        }
    }
}

impl<T> Clone for Items<T> {
    fn clone(&self) -> Self {
        match self {
            Items::Advice(items) => Items::Advice(items),
            Items::Made(items) => Items::Made(Arc::clone(items)),
        }
    }
}

/// A struct read field by field: the `i`th of `items`.
#[derive(Debug)]
struct Entry<T: 'static> {
    items: Items<T>,
    i: usize,
    kept: Kept,
}

impl<T: Parts> Entry<T> {
    fn of(item: &'static T) -> Value {
        Value::from_object(Entry {
            items: Items::Advice(std::slice::from_ref(item)),
            i: 0,
            kept: Kept::default(),
        })
    }

    fn item(&self) -> &T {
        &self.items.get()[self.i]
    }
}

impl<T: Parts> Object for Entry<T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.kept.get_or(key, || {
            self.item().part(key).or_else(|| field(self.item(), key))
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(keys(self.item()))
    }
}

/// A list read entry by entry. An entry, and what was read of it, is kept while the template
/// holds it (a loop's variable, a list it `set`), so reading it again converts nothing; an
/// entry no longer held is made again when read again. Keeping every entry for the whole
/// render held every field the full report reads of every decision: about half a gigabyte at
/// 25 000 decisions.
#[derive(Debug)]
struct List<T: 'static> {
    items: Items<T>,
    entries: Mutex<Vec<Weak<Entry<T>>>>,
}

impl<T: Parts> List<T> {
    fn of(items: &'static [T]) -> Value {
        List::from(Items::Advice(items))
    }

    fn made(items: Vec<T>) -> Value {
        List::from(Items::Made(items.into()))
    }

    fn from(items: Items<T>) -> Value {
        let entries = Mutex::new(items.get().iter().map(|_| Weak::new()).collect());
        Value::from_object(List { items, entries })
    }
}

impl<T: Parts> Object for List<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = index(key, self.items.get().len())?;
        let entry = held(&self.entries, i, || Entry {
            items: self.items.clone(),
            i,
            kept: Kept::default(),
        })?;
        Some(Value::from_dyn_object(entry))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.items.get().len())
    }
}

/// The position `key` names in a list of `len`: as minijinja indexes its own lists, from the
/// end when negative.
fn index(key: &Value, len: usize) -> Option<usize> {
    let i = key.as_i64()?;
    let i = if i < 0 {
        len.checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
    } else {
        usize::try_from(i).ok()?
    };
    (i < len).then_some(i)
}

/// The `i`th entry while something holds it, else one made now.
fn held<E>(entries: &Mutex<Vec<Weak<E>>>, i: usize, make: impl FnOnce() -> E) -> Option<Arc<E>> {
    let mut entries = entries.lock().unwrap_or_else(PoisonError::into_inner);
    let held = entries.get_mut(i)?;
    Some(held.upgrade().unwrap_or_else(|| {
        let entry = Arc::new(make());
        *held = Arc::downgrade(&entry);
        entry
    }))
}

/// The decisions, read as a [`List`] is, but nothing of a decision's advice is kept for the
/// render: each field read is made alone from the engine's settlement ([`Decisions::read`]).
/// Kept whole, the decisions' advice was as much memory as the settlement that makes it, and
/// made whole each time a template reads one, most of the summary's time.
#[derive(Debug)]
struct DecisionList {
    decisions: &'static Decisions<'static>,
    entries: Mutex<Vec<Weak<DecisionEntry>>>,
}

impl DecisionList {
    fn of(decisions: &'static Decisions<'static>) -> Value {
        let entries = Mutex::new((0..decisions.len()).map(|_| Weak::new()).collect());
        Value::from_object(DecisionList { decisions, entries })
    }
}

impl Object for DecisionList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = index(key, self.decisions.len())?;
        let entry = held(&self.entries, i, || DecisionEntry {
            decisions: self.decisions,
            i,
            kept: Kept::default(),
        })?;
        Some(Value::from_dyn_object(entry))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.decisions.len())
    }
}

/// One decision, read field by field.
#[derive(Debug)]
struct DecisionEntry {
    decisions: &'static Decisions<'static>,
    i: usize,
    kept: Kept,
}

impl Object for DecisionEntry {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.kept.get_or(key, || {
            self.decisions.read(self.i, Some(key), |d| match key {
                "choice" => Some(Entry::of(d.choice)),
                "pending" => Some(List::made(d.pending.clone())),
                _ => field(d, key),
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.decisions.read(self.i, None, keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::value::to_value;
    use minijinja::Environment;

    /// A template that reads the advice every way a user's template might (indexes from
    /// either end, filters, whole entries printed, `items`, tests for missing fields) renders
    /// the same from
    /// the lazy context as from the whole advice converted first.
    #[test]
    fn a_template_reads_the_same_from_the_lazy_context_as_from_the_converted_advice() {
        let c = crate::shipped::catalogue();
        let text = include_str!("../../examples/webshop.yaml");
        let profile = crate::profile::Profile::from_yaml("webshop.yaml", text, c).unwrap();
        let profile: &'static _ = Box::leak(Box::new(profile));
        let advice: &'static _ = Box::leak(Box::new(crate::engine::evaluate(c, profile)));
        let report: &'static _ = Box::leak(Box::new(Report {
            advice,
            profile_path: "webshop.yaml".into(),
        }));
        let probe = "{{ decisions | length }} {{ decisions[0].id }} {{ decisions[-1].id }} \
            {{ (decisions | last).status }} {{ decisions | map(attribute='id') | join(',') }}\n\
            {{ decisions[0] }}\n{{ decisions[3].rules }}\n\
            {% for k, v in summary | items %}{{ k }}={{ v }};{% endfor %}\n\
            {{ profile | dictsort }} {{ profile_path }}\n\
            {{ questions | selectattr('together', 'defined') | map(attribute='id') | join(',') }}\n\
            {{ decisions[0].nonexistent is defined }} {{ decisions[0] | list | join(',') }}\n\
            {{ conflicts | selectattr('holds', 'equalto', 'true') | list | length }} \
            {{ tools | sort(attribute='id') | map(attribute='id') | first }} \
            {{ capabilities | rejectattr('choice') | list | length }} {{ decisions[99] is defined }}\n\
            {% set p = (decisions | selectattr('pending') | first).pending %}{{ p | length }} \
            {{ p[0] }} {{ p[0].question }} {{ p[0].question.criticality }} {{ p | rejectattr('question') | list | length }}\n\
            {% for d in decisions %}{% for p in d.pending if p.question %}{{ p.question.id }},{% endfor %}{% endfor %}\n\
            {{ p | selectattr('question') | map(attribute='question') | unique(attribute='id', case_sensitive=true) | list }}\n\
            {{ decisions[0].pending }} {{ decisions[0].pending | list | length }}";
        let mut env = Environment::new();
        env.add_template("probe", probe).unwrap();
        let t = env.get_template("probe").unwrap();
        let lazy = t.render(ReportContext::of(report)).unwrap();
        let whole = t.render(to_value(report).unwrap()).unwrap();
        assert_eq!(lazy, whole);
        assert!(lazy.starts_with("27 "), "{lazy}");
        assert!(lazy.contains(" False\n"), "{lazy}");
        // The webshop has pending facts asked by questions: the lines above read some.
        assert!(lazy.contains("'criticality': 'blocking'"), "{lazy}");
    }

    /// An entry is made once while something holds it, so what was read of it is read once;
    /// once nothing does, it is freed with all it kept.
    #[test]
    fn an_entry_lives_as_long_as_the_template_holds_it() {
        #[derive(Debug, Serialize)]
        struct Item {
            id: u32,
        }
        impl Parts for Item {}
        let items: &'static [Item] = Box::leak(Box::new([Item { id: 7 }, Item { id: 8 }]));
        let list = List::of(items);
        let first = list.get_item(&Value::from(0)).unwrap();
        let again = list.get_item(&Value::from(0)).unwrap();
        let entry = |v: &Value| v.downcast_object::<Entry<Item>>().unwrap();
        assert!(Arc::ptr_eq(&entry(&first), &entry(&again)));
        assert_eq!(first.get_attr("id").unwrap(), Value::from(7));
        let held = |i: usize| {
            let list = list.downcast_object_ref::<List<Item>>().unwrap();
            let entries = list.entries.lock().unwrap();
            entries[i].strong_count()
        };
        assert_eq!(held(0), 2);
        assert_eq!(held(1), 0, "an entry never read is never made");
        drop((first, again));
        assert_eq!(held(0), 0, "an entry nothing holds is freed");
        let later = list.get_item(&Value::from(-1)).unwrap();
        assert_eq!(later.get_attr("id").unwrap(), Value::from(8));
        assert_eq!((held(0), held(1)), (0, 1));
    }
}
