//! The report's context, converted only where the template reads it.
//!
//! The summary report reads a few fields of each decision; converting the whole advice first
//! (every rule's trace, every alternative, every catalogue text) was most of the work of the
//! report, and on a catalogue of thousands of decisions most of its memory. Here each list of
//! the advice is read entry by entry, and each entry (and everything else) field by field, each
//! field converted when the template reads it ([`super::value::field`]). The advice must live
//! as long as the process for that ([`Report`] is `'static`): a template keeps what it reads.

use super::Report;
use super::value::{field, keys};
use crate::advice::{
    CapabilityAdvice, CheckAdvice, ConflictAdvice, DecisionAdvice, Pending, QuestionAdvice,
    RequirementAdvice, RoadmapAdvice, ToolAdvice, TraceRow,
};
use crate::catalogue::Question;
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
                "decisions" => List::of(a.decisions.all()),
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
    fn part(&'static self, _key: &str) -> Option<Value> {
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

/// The summary keeps every provisional decision for the whole render and reads, of each of
/// its pending facts, the question's id and criticality: converted whole, the pending facts
/// with their "what if" outcomes and questions were a fifth of the report's memory at 25 000
/// decisions.
impl Parts for DecisionAdvice<'static> {
    fn part(&'static self, key: &str) -> Option<Value> {
        (key == "pending").then(|| List::of(&self.pending))
    }
}

impl Parts for Pending<'static> {
    fn part(&'static self, key: &str) -> Option<Value> {
        (key == "question").then(|| self.question.map_or(Value::from(()), Entry::of))
    }
}

/// A struct read field by field.
#[derive(Debug)]
struct Entry<T: 'static> {
    item: &'static T,
    kept: Kept,
}

impl<T: Parts> Entry<T> {
    fn of(item: &'static T) -> Value {
        Value::from_object(Entry {
            item,
            kept: Kept::default(),
        })
    }
}

impl<T: Parts> Object for Entry<T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        self.kept.get_or(key, || {
            self.item.part(key).or_else(|| field(self.item, key))
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(keys(self.item))
    }
}

/// A list read entry by entry. An entry, and what was read of it, is kept while the template
/// holds it (a loop's variable, a list it `set`), so reading it again converts nothing; an
/// entry no longer held is made again when read again. Keeping every entry for the whole
/// render held every field the full report reads of every decision: about half a gigabyte at
/// 25 000 decisions.
#[derive(Debug)]
struct List<T: 'static> {
    items: &'static [T],
    entries: Mutex<Vec<Weak<Entry<T>>>>,
}

impl<T: Parts> List<T> {
    fn of(items: &'static [T]) -> Value {
        Value::from_object(List {
            items,
            entries: Mutex::new(items.iter().map(|_| Weak::new()).collect()),
        })
    }
}

impl<T: Parts> Object for List<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // As minijinja indexes its own lists: from the end when negative.
        let i = key.as_i64()?;
        let i = if i < 0 {
            self.items
                .len()
                .checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
        } else {
            usize::try_from(i).ok()?
        };
        let item = self.items.get(i)?;
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let held = entries.get_mut(i)?;
        let entry = held.upgrade().unwrap_or_else(|| {
            let entry = Arc::new(Entry {
                item,
                kept: Kept::default(),
            });
            *held = Arc::downgrade(&entry);
            entry
        });
        Some(Value::from_dyn_object(entry))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.items.len())
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
