//! Needs between outcomes: an option is never chosen while one of its needs is false.
//!
//! The rules settle a decision as always ("use X unless Y"); then, when the option they point
//! at needs something the profile or another outcome denies, the next rule that holds gets its
//! turn, then the default, then the options in catalogue order. Every option passed over is
//! kept with the need that failed, so the advice can say what was chosen instead and why. A
//! need that reads an unanswered fact does not stop the option, but leaves it provisional.
//! What each answer to such a fact would choose is previewed with the rules' facts, by the
//! sweep in [`whatif`](super::whatif).

use super::rules::{Settled, settle};
use compact_str::CompactString;

use crate::advice::{PassedOver, Status};
use crate::catalogue::{Need, Rule};
use crate::condition::{Checks, Condition, Context, Subject, Truth};
use crate::fact::Value;
use rustc_hash::FxHashSet;

/// How the option of one decision (or one Layer 2 capability) was chosen.
pub(super) struct Chosen<'c> {
    /// As the rules settled it, redirected to the option actually chosen.
    pub settled: Settled<'c>,
    /// The options the rules pointed at first, with the need that failed.
    pub passed_over: Vec<PassedOver<'c>>,
    /// Unanswered facts the chosen option's needs read.
    pub open_needs: Vec<CompactString>,
    /// Neither a rule's option nor the default could be chosen: the first option in
    /// catalogue order whose needs do not fail was.
    pub fallback: bool,
    /// Provisional decisions this choice was settled on (see [`follow`]).
    pub follows: Vec<&'c str>,
}

/// An option and what it needs.
pub(super) type Needs<'c> = (&'c str, &'c [Need]);

/// All of an option's needs, tested together.
pub(super) struct Tested<'c> {
    pub truth: Truth,
    /// The first need that failed, with its checks.
    pub failed: Option<(&'c Need, Checks<'c>)>,
    /// Unanswered facts the needs read.
    pub open: Vec<CompactString>,
}

pub(super) fn test<'c>(needs: &'c [Need], ctx: &dyn Context) -> Tested<'c> {
    let mut truth = Truth::True;
    let mut open = Vec::new();
    for need in needs {
        let e = need.when.condition.evaluate(ctx);
        match e.result {
            Truth::False => {
                return Tested {
                    truth: Truth::False,
                    failed: Some((need, e.checks)),
                    open: Vec::new(),
                };
            }
            Truth::Unknown => {
                truth = Truth::Unknown;
                for check in e.checks.iter().filter(|c| c.seen.is_none()) {
                    let fact = check.subject.reads();
                    if !open.iter().any(|f| *f == fact) {
                        open.push(CompactString::from(fact));
                    }
                }
            }
            Truth::True => {}
        }
    }
    Tested {
        truth,
        failed: None,
        open,
    }
}

fn needs_of<'c>(options: &[Needs<'c>], id: &str) -> &'c [Need] {
    options
        .iter()
        .find(|(o, _)| *o == id)
        .map_or(&[], |(_, n)| n)
}

pub(super) fn choose<'c>(
    default: &'c CompactString,
    rules: &'c [Rule],
    options: &[Needs<'c>],
    ctx: &dyn Context,
) -> Chosen<'c> {
    let mut settled = settle(default, rules, ctx);
    // Candidates in turn: each rule that holds, the default, then every option.
    let holding = (0..rules.len()).filter(|&i| settled.evaluations[i].result == Truth::True);
    let candidates = holding
        .map(|i| (Some(i), rules[i].use_.as_str()))
        .chain(std::iter::once((None, default.as_str())))
        .chain(options.iter().map(|(o, _)| (None, *o)));
    let mut passed_over: Vec<PassedOver> = Vec::new();
    let mut picked = None;
    for (rule, option) in candidates {
        if passed_over.iter().any(|p| p.option == option) {
            continue;
        }
        let Tested {
            truth,
            failed,
            open,
        } = test(needs_of(options, option), ctx);
        if let Some((need, checks)) = failed {
            let by = match rule {
                Some(i) => rules[i].id.as_str(),
                None if option == default.as_str() => "default",
                None => "fallback",
            };
            passed_over.push(PassedOver {
                option,
                rule: by,
                need,
                checks,
            });
            continue;
        }
        let fallback = rule.is_none() && option != default.as_str();
        picked = Some((rule, option, truth, open, fallback));
        break;
    }
    // Every option's needs fail (validation cannot rule that out for every profile): the
    // rules' choice stands, and the passed-over list says which needs it misses.
    let Some((rule, option, truth, open_needs, fallback)) = picked else {
        return Chosen {
            settled,
            passed_over,
            open_needs: Vec::new(),
            fallback: false,
            follows: Vec::new(),
        };
    };
    // An earlier rule left open by an unanswered fact could still win, unless its own option
    // fails a need: then no answer to that fact changes the choice.
    let until = rule.unwrap_or(rules.len());
    let unknown =
        |i: &usize| settled.evaluations[*i].result == Truth::Unknown && rules[*i].use_ != option;
    let (closed, open): (Vec<usize>, Vec<usize>) = (0..until)
        .filter(unknown)
        .partition(|&i| test(needs_of(options, &rules[i].use_), ctx).truth == Truth::False);
    let open_rule = !open.is_empty();
    settled.closed = closed;
    let status = if open_rule || truth == Truth::Unknown {
        Status::Provisional
    } else {
        Status::Decided
    };
    if passed_over.is_empty() {
        settled.status = status;
        return Chosen {
            settled,
            passed_over,
            open_needs,
            fallback,
            follows: Vec::new(),
        };
    }
    settled.outcome = option;
    settled.chosen = rule;
    settled.status = status;
    Chosen {
        settled,
        passed_over,
        open_needs,
        fallback,
        follows: Vec::new(),
    }
}

/// The choice of one table as settling gives it: [`choose`], then [`follow`] the provisional
/// decisions it rests on.
pub(super) fn choose_following<'c>(
    default: &'c CompactString,
    rules: &'c [Rule],
    options: &[Needs<'c>],
    provisional: &FxHashSet<&str>,
    ctx: &dyn Context,
) -> Chosen<'c> {
    let mut chosen = choose(default, rules, options, ctx);
    follow(&mut chosen, default, rules, options, provisional, ctx);
    chosen
}

/// A choice that is decided may rest on another decision's choice that is itself provisional:
/// it is then provisional too, and says which decisions it follows. It rests on them when,
/// with their choices left open, the same rules and needs could no longer settle it (a rule
/// that could choose otherwise, or a need, would be unknown).
fn follow<'c>(
    chosen: &mut Chosen<'c>,
    default: &'c CompactString,
    rules: &'c [Rule],
    options: &[Needs<'c>],
    provisional: &FxHashSet<&str>,
    ctx: &dyn Context,
) {
    if chosen.settled.status != Status::Decided {
        return;
    }
    // Most tables read no provisional decision at all: they need no second settling.
    let reads_provisional = |c: &&Condition| {
        c.subjects()
            .iter()
            .any(|s| matches!(s, Subject::Decision(id) if provisional.contains(id.as_str())))
    };
    let every_need = options.iter().flat_map(|(_, needs)| needs.iter());
    if !rules
        .iter()
        .map(|r| &r.when.condition)
        .chain(every_need.map(|n| &n.when.condition))
        .any(|c| reads_provisional(&c))
    {
        return;
    }
    let unsettled = Unsettled {
        base: ctx,
        provisional,
    };
    let open = choose(default, rules, options, &unsettled);
    if open.settled.status != Status::Provisional {
        return;
    }
    let pointed =
        std::iter::once(open.settled.outcome).chain(open.passed_over.iter().map(|p| p.option));
    let needs = pointed.flat_map(|o| needs_of(options, o));
    let conditions = rules
        .iter()
        .map(|r| &r.when.condition)
        .chain(needs.map(|n| &n.when.condition));
    for condition in conditions {
        if condition.evaluate(&unsettled).result != Truth::Unknown {
            continue;
        }
        for subject in condition.subjects() {
            if let Subject::Decision(id) = subject
                && provisional.contains(id.as_str())
                && !chosen.follows.contains(&id.as_str())
            {
                chosen.follows.push(id);
            }
        }
    }
    chosen.settled.status = Status::Provisional;
}

/// The context with the choices of provisional decisions left open.
struct Unsettled<'a> {
    base: &'a dyn Context,
    provisional: &'a FxHashSet<&'a str>,
}

impl Context for Unsettled<'_> {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.base.fact(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        if self.provisional.contains(id) {
            None
        } else {
            self.base.decision(id)
        }
    }
    fn capability(&self, id: &str) -> Option<&str> {
        self.base.capability(id)
    }
}
