//! The decisions' advice, made from the engine's settlement when it is read: in turn, field
//! by field, or once and kept (see [`Decisions`]).

use super::DecisionAdvice;
use serde::Serialize;
use std::sync::{Mutex, OnceLock, PoisonError};

/// Every Layer 1 decision's advice, in catalogue order, made when needed. Written as JSON
/// before anything else reads it, each decision's advice is made, written and dropped in turn:
/// the advice of a large catalogue is most of its memory, and the output need not hold it
/// whole. A report reads it field by field ([`Decisions::read`]), each made alone when read.
/// Read whole any other way ([`Decisions::all`]), it is made once and kept, and what made it
/// (the settlement of every decision) is dropped.
pub struct Decisions<'c> {
    len: usize,
    make: Mutex<Option<Maker<'c>>>,
    made: OnceLock<Vec<DecisionAdvice<'c>>>,
}

/// Makes the `i`th decision's advice: whole, or with only the lists of one field computed.
type Maker<'c> = Box<dyn Fn(usize, Option<&str>) -> DecisionAdvice<'c> + Send + 'c>;

impl<'c> Decisions<'c> {
    /// `len` decisions, the `i`th made by `make(i, None)`. `make(i, Some(field))` may leave
    /// empty every list but `field`'s: a field read alone does not need the others.
    pub fn new(
        len: usize,
        make: impl Fn(usize, Option<&str>) -> DecisionAdvice<'c> + Send + 'c,
    ) -> Self {
        Decisions {
            len,
            make: Mutex::new(Some(Box::new(make))),
            made: OnceLock::new(),
        }
    }

    /// Every decision's advice, made the first time it is asked for.
    pub fn all(&self) -> &[DecisionAdvice<'c>] {
        self.made.get_or_init(|| {
            let make = self.maker().take().expect("made once, then dropped");
            (0..self.len).map(|i| make(i, None)).collect()
        })
    }

    /// `read` of the `i`th decision's advice, in which only `field` (and whatever is not a list)
    /// need be as [`Decisions::all`] holds it: the other lists may be left empty. With no
    /// `field`, it is whole.
    pub fn read<R>(
        &self,
        i: usize,
        field: Option<&str>,
        read: impl FnOnce(&DecisionAdvice<'c>) -> R,
    ) -> R {
        if let Some(all) = self.made.get() {
            return read(&all[i]);
        }
        let made = {
            let maker = self.maker();
            let make = maker.as_ref().expect("kept until all are made");
            make(i, field)
        };
        read(&made)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn maker(&self) -> std::sync::MutexGuard<'_, Option<Maker<'c>>> {
        self.make.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Serialize for Decisions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        if let Some(all) = self.made.get() {
            return all.serialize(s);
        }
        let maker = self.maker();
        let make = maker.as_ref().expect("kept until all are made");
        let mut seq = s.serialize_seq(Some(self.len))?;
        for i in 0..self.len {
            seq.serialize_element(&make(i, None))?;
        }
        seq.end()
    }
}

impl std::fmt::Debug for Decisions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.all()).finish()
    }
}
