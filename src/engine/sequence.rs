//! Layer 2 one at a time, after Layer 1: of the capabilities whose rules say `now`, only the
//! first in the catalogue's sequence stays `now`; the others wait their turn, each with its
//! place. None is `now` before Layer 1 runs in production, unless the rule that made it `now`
//! states a hard requirement from day one.

use crate::advice::{HeldBack, Sequenced};
use crate::catalogue::{Capability, Catalogue, Sequence, Verdict};
use crate::condition::{Context, Truth};
use compact_str::CompactString;

/// The verdicts as their rules gave them, by capability in catalogue order, and the id of the
/// rule that gave each (`None`: the default).
pub(super) struct Raw<'c> {
    pub capability: &'c Capability,
    pub verdict: Verdict,
    pub rule: Option<&'c str>,
}

/// Where each capability that holds (its rules say `now`) is placed; in catalogue order, `None`
/// for those that do not hold.
pub(super) fn place<'c>(
    catalogue: &'c Catalogue,
    raw: &[Raw<'c>],
    ctx: &dyn Context,
) -> (Vec<Option<Sequenced<'c>>>, Vec<CompactString>) {
    let mut out: Vec<Option<Sequenced>> = raw.iter().map(|_| None).collect();
    let Some(sequence) = &catalogue.sequence else {
        return (out, Vec::new());
    };
    let ready = sequence.ready.condition.evaluate(ctx);
    let open: Vec<CompactString> = ready
        .checks
        .iter()
        .filter(|c| c.seen.is_none())
        .map(|c| CompactString::from(c.subject.reads()))
        .collect();
    fn day_one<'c>(r: &Raw<'c>) -> Option<&'c str> {
        r.rule
            .filter(|id| r.capability.day_one.iter().any(|d| d == id))
    }
    let mut holding: Vec<usize> = (0..raw.len())
        .filter(|&i| raw[i].verdict == Verdict::Now)
        .collect();
    holding.sort_by_key(|&i| {
        (
            day_one(&raw[i]).is_none(),
            rank(sequence, &raw[i].capability.id),
            i,
        )
    });
    let of = holding.len();
    let mut first_now: Option<&str> = None;
    for (k, &i) in holding.iter().enumerate() {
        let r = &raw[i];
        let day_one = day_one(r);
        let held = if day_one.is_some() {
            None
        } else if ready.result != Truth::True {
            Some(HeldBack::LayerOneFirst {
                ready: &sequence.ready.text,
                result: ready.result,
                because: &sequence.because,
            })
        } else {
            first_now.map(|after| HeldBack::OneAtATime { after })
        };
        if held.is_none() && first_now.is_none() {
            first_now = Some(&r.capability.id);
        }
        out[i] = Some(Sequenced {
            place: k + 1,
            of,
            day_one,
            held,
        });
    }
    (out, open)
}

fn rank(sequence: &Sequence, id: &str) -> usize {
    sequence
        .order
        .iter()
        .position(|o| o == id)
        .unwrap_or(sequence.order.len())
}
