//! One prompt of the interview as text: the question, the fact asked, each choice with what it
//! would change, and how to answer; and the reply typed at it, read back as a value. Pure: the
//! session in the parent module does the terminal and the file.

use crate::catalogue::{Catalogue, Criticality, Question};
use crate::engine;
use crate::fact::{Fact, FactType, Refusal, Value};
use crate::interview::{self, Prompt};
use crate::profile::Profile;
use compact_str::{CompactString, ToCompactString};

/// The text of one prompt and the options it numbers.
pub(super) fn prompt(
    catalogue: &Catalogue,
    profile: &Profile,
    step: &Prompt<'_>,
    i: usize,
    total: usize,
    shown: &mut String,
) -> (String, Vec<Value>) {
    let mut out = String::new();
    if *shown != step.question.id {
        *shown = step.question.id.to_string();
        out.push_str(&format!(
            "\n[{}/{}] {} ({}) {}\n",
            i + 1,
            total,
            step.question.id,
            criticality(step.question),
            step.question.text
        ));
        out.push_str(&format!("  Why it matters: {}\n", step.question.impact));
        let affects = interview::affects(catalogue, step);
        if !affects.is_empty() {
            out.push_str(&format!("  Affects: {}\n", affects.join(", ")));
        }
    }
    let fact = step.fact;
    let now = profile
        .get(&fact.id)
        .map(|v| format!(" (now {v})"))
        .unwrap_or_default();
    out.push_str(&format!("  {}: {}{now}\n", fact.id, fact.ask));
    let choices = interview::choices(fact);
    let before = engine::outcomes(catalogue, profile);
    for (n, value) in choices.iter().enumerate() {
        let word = match value {
            Value::Set(w) => w.iter().next().cloned().unwrap_or_default(),
            v => v.to_compact_string(),
        };
        let meaning = fact.meaning_of(&word).unwrap_or("");
        let effect = match value {
            // A set is answered as a whole list; previewing one word alone would mislead.
            Value::Set(_) => String::new(),
            v => {
                let changes = interview::preview(catalogue, profile, &before, &fact.id, v);
                let said = |effects: &[interview::Effect]| {
                    let text: Vec<String> = effects.iter().map(ToString::to_string).collect();
                    if text.is_empty() {
                        "no change".to_string()
                    } else {
                        text.join("; ")
                    }
                };
                // The question's other answers, where together they change more.
                let together: String =
                    interview::preview_together(catalogue, profile, &before, *step, v)
                        .iter()
                        .map(|(with, effects)| format!("\n         with {with}: {}", said(effects)))
                        .collect();
                format!("  -> {}{together}", said(&changes))
            }
        };
        out.push_str(&format!("    {}) {word:<16} {meaning}{effect}\n", n + 1));
    }
    let how = match &fact.ty {
        FactType::Enum(_) | FactType::Bool => format!("1-{}", choices.len()),
        FactType::Set(_) => "numbers or words, comma-separated; none for an empty list".into(),
        FactType::Integer { .. } => format!(
            "a whole number{}",
            fact.unit
                .as_ref()
                .map(|u| format!(" of {u}"))
                .unwrap_or_default()
        ),
        FactType::Text => "text".into(),
    };
    out.push_str(&format!(
        "  answer ({how}; s skip, b back, q quit, ? help): "
    ));
    (out, choices)
}

fn criticality(q: &Question) -> &'static str {
    match q.criticality {
        Criticality::Blocking => "blocking",
        Criticality::Important => "important",
        Criticality::Later => "later",
    }
}

/// A reply at the prompt: option numbers (several for a set) or a typed value.
pub(super) fn read_reply(
    fact: &Fact,
    choices: &[Value],
    reply: &str,
) -> Result<Value, Vec<Refusal>> {
    let by_number = |token: &str| {
        token
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=choices.len()).contains(n))
            .map(|n| &choices[n - 1])
    };
    match &fact.ty {
        FactType::Enum(_) | FactType::Bool => match by_number(reply) {
            Some(v) => Ok(v.clone()),
            None => fact.read_scalar(reply),
        },
        FactType::Set(_) => {
            let words: Vec<CompactString> = reply
                .split([',', ' '])
                .filter(|t| !t.trim().is_empty())
                .map(|t| match by_number(t.trim()) {
                    Some(Value::Set(w)) => w.iter().next().cloned().unwrap_or_default(),
                    _ => t.trim().into(),
                })
                .collect();
            fact.read_scalar(&words.join(","))
        }
        FactType::Integer { .. } | FactType::Text => fact.read_scalar(reply),
    }
}
