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
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::Serialize;
use std::fmt::Debug;
use std::sync::Arc;

/// The root of the report's context.
#[derive(Debug)]
pub(super) struct ReportContext(pub &'static Report<'static, 'static>);

impl Object for ReportContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let a = self.0.advice;
        Some(match key.as_str()? {
            "decisions" => List::of(&a.decisions),
            "requirements" => List::of(&a.requirements),
            "conflicts" => List::of(&a.conflicts),
            "questions" => List::of(&a.questions),
            "capabilities" => List::of(&a.capabilities),
            "checks" => List::of(&a.checks),
            "roadmaps" => List::of(&a.roadmaps),
            "traceability" => List::of(&a.traceability),
            "tools" => List::of(&a.tools),
            key => return field(self.0, key),
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(keys(self.0))
    }
}

/// A struct read field by field.
#[derive(Debug)]
struct Entry<T: 'static>(&'static T);

impl<T: Serialize + Debug + Send + Sync> Object for Entry<T> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        field(self.0, key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(keys(self.0))
    }
}

/// A list read entry by entry.
#[derive(Debug)]
struct List<T: 'static>(&'static [T]);

impl<T: Serialize + Debug + Send + Sync> List<T> {
    fn of(items: &'static [T]) -> Value {
        Value::from_object(List(items))
    }
}

impl<T: Serialize + Debug + Send + Sync> Object for List<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // As minijinja indexes its own lists: from the end when negative.
        let i = key.as_i64()?;
        let i = if i < 0 {
            self.0
                .len()
                .checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
        } else {
            usize::try_from(i).ok()?
        };
        self.0.get(i).map(|item| Value::from_object(Entry(item)))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}
