//! The interview: which open questions to ask, in which order, and what each possible answer
//! would change in the advice. Pure; the terminal loop and the saving are in `app`.

use crate::advice::Status;
use crate::catalogue::{Catalogue, Criticality, Question};
use crate::condition::Truth;
use crate::engine::{self, Outcomes};
use crate::fact::{Fact, FactType, Value};
use crate::profile::Profile;
use compact_str::{CompactString, format_compact};
use std::fmt;

/// How far down the criticality list the interview goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Blocking,
    Important,
    All,
}

impl Level {
    fn includes(self, c: Criticality) -> bool {
        match self {
            Level::Blocking => c == Criticality::Blocking,
            Level::Important => c <= Criticality::Important,
            Level::All => true,
        }
    }
}

/// One prompt: a fact to answer, under the question that asks for it.
#[derive(Clone, Copy, Debug)]
pub struct Prompt<'c> {
    pub question: &'c Question,
    pub fact: &'c Fact,
}

/// The unanswered facts of the open questions: blocking questions first, then important, then
/// later, each in catalogue order. A fact two questions set is asked once, under the first.
pub fn steps<'c>(catalogue: &'c Catalogue, profile: &Profile, level: Level) -> Vec<Prompt<'c>> {
    let mut questions: Vec<&Question> = catalogue
        .questions
        .iter()
        .filter(|q| level.includes(q.criticality))
        .collect();
    questions.sort_by_key(|q| q.criticality);
    let mut out: Vec<Prompt<'c>> = Vec::new();
    for q in questions {
        for id in &q.sets {
            let Some(fact) = catalogue.fact(id) else {
                continue;
            };
            if profile.get(id).is_none() && !out.iter().any(|s| s.fact.id == *id) {
                out.push(Prompt { question: q, fact });
            }
        }
    }
    out
}

/// The titles of the decisions and capabilities an answer to `step` can affect: the ones the
/// catalogue says its question affects (the report's "Affects" column says the same).
pub fn affects(catalogue: &Catalogue, step: &Prompt<'_>) -> Vec<CompactString> {
    let decisions = catalogue
        .decisions_affected_by(step.question)
        .into_iter()
        .map(|i| catalogue.decisions[i].title.clone());
    let capabilities = catalogue
        .capabilities_affected_by(step.question)
        .into_iter()
        .map(|i| format_compact!("{} (Layer 2)", catalogue.capabilities[i].title));
    decisions.chain(capabilities).collect()
}

/// The answers offered as options: the words of an enum, yes and no, or each word of a set
/// (a set is answered with a list). Integers and text are typed freely.
pub fn choices(fact: &Fact) -> Vec<Value> {
    match &fact.ty {
        FactType::Enum(words) => words.iter().map(|w| Value::Word(w.clone())).collect(),
        FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactType::Set(words) => words
            .iter()
            .map(|w| Value::Set([w.clone()].into()))
            .collect(),
        FactType::Integer { .. } | FactType::Text => Vec::new(),
    }
}

/// One thing an answer changed, or would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Decision {
        title: CompactString,
        from: CompactString,
        to: CompactString,
    },
    Settled {
        title: CompactString,
        choice: CompactString,
    },
    Verdict {
        title: CompactString,
        from: CompactString,
        to: CompactString,
    },
    ConflictHolds {
        title: CompactString,
    },
    ConflictResolved {
        title: CompactString,
    },
    ConflictGone {
        title: CompactString,
    },
    NoLongerMatters {
        question: CompactString,
        text: CompactString,
    },
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Decision { title, from, to } => write!(f, "{title}: {to} (was {from})"),
            Effect::Settled { title, choice } => write!(f, "{title}: {choice} is now decided"),
            Effect::Verdict { title, from, to } => write!(f, "{title}: {to} (was {from})"),
            Effect::ConflictHolds { title } => write!(f, "conflict now holds: {title}"),
            Effect::ConflictResolved { title } => write!(f, "conflict resolved: {title}"),
            Effect::ConflictGone { title } => write!(f, "conflict no longer holds: {title}"),
            Effect::NoLongerMatters { question, text } => {
                write!(f, "{question} no longer changes any decision: {text}")
            }
        }
    }
}

/// What changed from `before` to `after`, in catalogue order.
pub fn diff(
    catalogue: &Catalogue,
    before: &Outcomes,
    after: &Outcomes,
    profile: &Profile,
) -> Vec<Effect> {
    let mut out = Vec::new();
    for ((id, from, was), (_, to, now)) in before.decisions.iter().zip(&after.decisions) {
        let Some(d) = catalogue.decision(id) else {
            continue;
        };
        let name = |o: &str| d.option(o).map_or_else(|| o.into(), |o| o.name.clone());
        if from != to {
            out.push(Effect::Decision {
                title: d.title.clone(),
                from: name(from),
                to: name(to),
            });
        } else if *was == Status::Provisional && *now == Status::Decided {
            out.push(Effect::Settled {
                title: d.title.clone(),
                choice: name(to),
            });
        }
    }
    for ((id, from, _), (_, to, _)) in before.capabilities.iter().zip(&after.capabilities) {
        if from != to {
            let title = catalogue
                .capability(id)
                .map_or_else(|| id.clone(), |c| c.title.clone());
            out.push(Effect::Verdict {
                title,
                from: from.as_str().into(),
                to: to.as_str().into(),
            });
        }
    }
    for ((id, held, was_resolved), (_, holds, resolved)) in
        before.conflicts.iter().zip(&after.conflicts)
    {
        let title = catalogue
            .conflicts
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.clone(), |c| c.title.clone());
        match (held, holds) {
            (Truth::True, Truth::True) if !was_resolved && *resolved => {
                out.push(Effect::ConflictResolved { title })
            }
            (Truth::True, Truth::False) => out.push(Effect::ConflictGone { title }),
            (Truth::False | Truth::Unknown, Truth::True) => {
                out.push(Effect::ConflictHolds { title })
            }
            _ => {}
        }
    }
    for q in &catalogue.questions {
        let open = q.sets.iter().any(|f| profile.get(f).is_none());
        let pending = |o: &Outcomes| q.sets.iter().any(|f| o.pending_facts.contains(f));
        if open && pending(before) && !pending(after) {
            out.push(Effect::NoLongerMatters {
                question: q.id.clone(),
                text: q.text.clone(),
            });
        }
    }
    out
}

/// What answering `fact` with `value` would change, from the outcomes of `profile`.
pub fn preview(
    catalogue: &Catalogue,
    profile: &Profile,
    before: &Outcomes,
    fact: &str,
    value: &Value,
) -> Vec<Effect> {
    let answer = [(fact, value.clone())];
    let after = engine::outcomes_with(catalogue, profile, &answer);
    let mut changed = profile.clone();
    changed.set(fact, value.clone());
    diff(catalogue, before, &after, &changed)
        .into_iter()
        .filter(|c| matches!(c, Effect::Decision { .. } | Effect::Verdict { .. }))
        .collect()
}

/// For a question that sets several facts: what answering `fact` with `value` would change
/// together with each answer to one other unanswered fact of the question (enums and
/// booleans), where that differs from answering `fact` alone. Each entry names the other
/// answer, as `fact = value`, and the changes.
pub fn preview_together(
    catalogue: &Catalogue,
    profile: &Profile,
    before: &Outcomes,
    prompt: Prompt<'_>,
    value: &Value,
) -> Vec<(String, Vec<Effect>)> {
    let others = prompt
        .question
        .sets
        .iter()
        .filter(|f| **f != prompt.fact.id && profile.get(f).is_none())
        .filter_map(|f| catalogue.fact(f))
        .filter(|f| matches!(f.ty, FactType::Enum(_) | FactType::Bool));
    let alone = preview(catalogue, profile, before, &prompt.fact.id, value);
    let mut out = Vec::new();
    for other in others {
        for v in choices(other) {
            let answers = [
                (prompt.fact.id.as_str(), value.clone()),
                (other.id.as_str(), v.clone()),
            ];
            let after = engine::outcomes_with(catalogue, profile, &answers);
            let mut changed = profile.clone();
            for (fact, value) in &answers {
                changed.set(fact, value.clone());
            }
            let effects: Vec<Effect> = diff(catalogue, before, &after, &changed)
                .into_iter()
                .filter(|c| matches!(c, Effect::Decision { .. } | Effect::Verdict { .. }))
                .collect();
            if effects != alone {
                out.push((format!("{} = {v}", other.id), effects));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{TINY, catalogue, profile, tiny};

    #[test]
    fn open_questions_come_blocking_first_and_each_fact_once() {
        let extra = "  - id: Q0\n    text: How experienced?\n    criticality: later\n    criticality-reason: test\n    sets: [team.experience, net.bgp]\n    impact: x\n    source: test §1\n  - id: Q2\n    text: Skills?\n    criticality: important\n    criticality-reason: test\n    sets: [team.skills]\n    impact: x\n    source: test §1\n";
        let c = catalogue(&TINY.replace("questions:\n", &format!("questions:\n{extra}")));
        let order = |yaml: &str, level: Level| {
            steps(&c, &profile(&c, yaml), level)
                .iter()
                .map(|s| format!("{}:{}", s.question.id, s.fact.id))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            order("team: {size: 3}\n", Level::All),
            ["Q1:net.bgp", "Q2:team.skills", "Q0:team.experience"]
        );
        assert_eq!(
            order("team: {size: 3}\n", Level::Important),
            ["Q1:net.bgp", "Q2:team.skills"]
        );
        assert_eq!(order("team: {size: 3}\n", Level::Blocking), ["Q1:net.bgp"]);
        assert_eq!(
            order("net: {bgp: true}\nteam: {skills: []}\n", Level::All),
            ["Q0:team.experience"]
        );
    }

    #[test]
    fn the_preview_says_what_each_option_would_change() {
        let c = tiny();
        let p = profile(&c, "team: {size: 8, experience: none, skills: []}\n");
        let before = engine::outcomes(&c, &p);
        let previews: Vec<(String, Vec<String>)> = choices(c.fact("net.bgp").unwrap())
            .into_iter()
            .map(|v| {
                (
                    v.to_string(),
                    preview(&c, &p, &before, "net.bgp", &v)
                        .iter()
                        .map(|x| x.to_string())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            previews,
            [
                (
                    "true".to_string(),
                    vec!["CNI: Calico (was Cilium)".to_string()]
                ),
                ("false".to_string(), vec![])
            ]
        );
    }

    #[test]
    fn an_answer_reports_flips_settlements_conflicts_and_questions_that_stop_mattering() {
        let c = tiny();
        let before_profile = profile(&c, "team: {size: 3, experience: none, skills: []}\n");
        let before = engine::outcomes(&c, &before_profile);
        let mut after_profile = before_profile.clone();
        after_profile.set("net.bgp", Value::Bool(true));
        let after = engine::outcomes(&c, &after_profile);
        let changes: Vec<String> = diff(&c, &before, &after, &after_profile)
            .iter()
            .map(|x| x.to_string())
            .collect();
        assert_eq!(
            changes,
            [
                "CNI: Calico (was Cilium)",
                "conflict no longer holds: Small team versus Cilium"
            ]
        );
        // Answering false settles the provisional decision instead.
        let mut settled = before_profile.clone();
        settled.set("net.bgp", Value::Bool(false));
        let changes: Vec<String> = diff(&c, &before, &engine::outcomes(&c, &settled), &settled)
            .iter()
            .map(|x| x.to_string())
            .collect();
        assert_eq!(changes, ["CNI: Cilium is now decided"]);
    }
}
