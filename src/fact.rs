//! Facts: the vocabulary a profile is written in, declared by the catalogue.
//!
//! A fact has an id (`team.size`), a type, and for enums and sets the allowed words in a
//! meaningful order. Values are typed once, at load, so the engine never sees a string where a
//! number belongs. An unanswered fact has no value at all; it is never a silent default.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// What kind of value a fact holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactType {
    /// One word out of an ordered list (the order allows `<`, `>=`, ...).
    Enum(Vec<String>),
    /// `true` or `false`.
    Bool,
    /// A whole number, optionally bounded.
    Integer { min: Option<i64>, max: Option<i64> },
    /// Any number of words out of a list, without repeats.
    Set(Vec<String>),
    /// Free text, compared only for equality.
    Text,
}

impl FactType {
    /// The keyword used in the catalogue and in messages.
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Enum(_) => "enum",
            FactType::Bool => "bool",
            FactType::Integer { .. } => "integer",
            FactType::Set(_) => "set",
            FactType::Text => "text",
        }
    }

    /// The allowed words of an enum or set; empty for other types.
    pub fn words(&self) -> &[String] {
        match self {
            FactType::Enum(words) | FactType::Set(words) => words,
            _ => &[],
        }
    }

    /// Whether `word` is an allowed word (always false for types without words).
    pub fn allows(&self, word: &str) -> bool {
        self.words().iter().any(|w| w == word)
    }

    /// Position of an enum word in the declared order.
    pub fn rank(&self, word: &str) -> Option<usize> {
        match self {
            FactType::Enum(words) => words.iter().position(|w| w == word),
            _ => None,
        }
    }
}

/// A typed fact value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
    /// An enum word.
    Word(String),
    Set(BTreeSet<String>),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Word(w) => f.write_str(w),
            Value::Set(words) => {
                let list: Vec<&str> = words.iter().map(String::as_str).collect();
                write!(f, "[{}]", list.join(", "))
            }
            Value::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// One declared fact. Its derived serde form is the one the build embeds; people see
/// [`listing`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fact {
    pub id: String,
    pub ty: FactType,
    /// Meaning of each allowed word, parallel to [`FactType::words`].
    pub meanings: Vec<String>,
    /// What the fact means, in one sentence.
    pub meaning: String,
    /// The prompt that asks for it.
    pub ask: String,
    /// Longer help for the interview.
    pub help: Option<String>,
    pub unit: Option<String>,
    pub source: String,
    pub judgement: Option<String>,
}

/// The catalogue's facts as people read them (`kubecompass catalogue --format json`): the type
/// by name, the allowed words with their meaning in declared order, and the bounds of an
/// integer. The binary form the build embeds keeps the derived shape.
pub fn listing<S: serde::Serializer>(facts: &[Fact], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        s.collect_seq(facts.iter().map(Listed))
    } else {
        facts.serialize(s)
    }
}

struct Listed<'a>(&'a Fact);

impl Serialize for Listed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Listed(fact) = self;
        #[derive(Serialize)]
        struct Word<'a> {
            word: &'a str,
            meaning: &'a str,
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &fact.id)?;
        map.serialize_entry("type", fact.ty.name())?;
        let words: Vec<Word<'_>> = fact
            .ty
            .words()
            .iter()
            .zip(&fact.meanings)
            .map(|(w, m)| Word {
                word: w,
                meaning: m,
            })
            .collect();
        if !words.is_empty() {
            map.serialize_entry("values", &words)?;
        }
        if let FactType::Integer { min, max } = fact.ty {
            map.serialize_entry("min", &min)?;
            map.serialize_entry("max", &max)?;
        }
        map.serialize_entry("meaning", &fact.meaning)?;
        map.serialize_entry("ask", &fact.ask)?;
        map.serialize_entry("help", &fact.help)?;
        map.serialize_entry("unit", &fact.unit)?;
        map.serialize_entry("source", &fact.source)?;
        map.serialize_entry("judgement", &fact.judgement)?;
        map.end()
    }
}

impl Fact {
    /// The group a fact belongs to: `team` for `team.size`.
    pub fn group(&self) -> &str {
        self.id.split_once('.').map_or(&self.id, |(g, _)| g)
    }

    /// The key inside its group: `size` for `team.size`.
    pub fn key(&self) -> &str {
        self.id.split_once('.').map_or(&self.id, |(_, k)| k)
    }

    /// The meaning of one allowed word.
    pub fn meaning_of(&self, word: &str) -> Option<&str> {
        let i = self.ty.words().iter().position(|w| w == word)?;
        self.meanings.get(i).map(String::as_str)
    }

    /// Reads an answer typed by a person (`--answer` or the interview) as this fact's type.
    /// Enum and set words must be allowed ones; a yes/no fact takes yes, no, true or false; an
    /// empty set is `[]` or `none`. The error says what is allowed.
    pub fn parse_answer(&self, text: &str) -> Result<Value, String> {
        let text = text.trim();
        let word = |w: &str| -> Result<String, String> {
            if self.ty.allows(w) {
                return Ok(w.to_string());
            }
            let words = self.ty.words();
            let hint = crate::problem::did_you_mean(w, words.iter().map(String::as_str))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            Err(format!(
                "`{w}` is not a value of `{}`: use one of {}{hint}",
                self.id,
                crate::problem::one_of(words)
            ))
        };
        match &self.ty {
            FactType::Enum(_) => word(text).map(Value::Word),
            FactType::Bool => match text.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" => Ok(Value::Bool(true)),
                "no" | "n" | "false" => Ok(Value::Bool(false)),
                _ => Err(format!("`{}` is yes or no, not `{text}`", self.id)),
            },
            FactType::Integer { min, max } => {
                let n: i64 = text.parse().map_err(|_| {
                    format!(
                        "`{}` is a whole number{}, not `{text}`",
                        self.id,
                        self.unit
                            .as_ref()
                            .map(|u| format!(" of {u}"))
                            .unwrap_or_default()
                    )
                })?;
                if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                    let range = match (min, max) {
                        (Some(a), Some(b)) => format!("from {a} to {b}"),
                        (Some(a), None) => format!("at least {a}"),
                        (None, Some(b)) => format!("at most {b}"),
                        (None, None) => String::new(),
                    };
                    return Err(format!("`{}` must be {range}, not {n}", self.id));
                }
                Ok(Value::Int(n))
            }
            FactType::Set(_) => {
                let inner = text.trim_start_matches('[').trim_end_matches(']').trim();
                let mut set = BTreeSet::new();
                if !matches!(inner, "" | "none" | "-") {
                    for w in inner
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|w| !w.is_empty())
                    {
                        set.insert(word(w)?);
                    }
                }
                Ok(Value::Set(set))
            }
            FactType::Text if text.is_empty() => Err(format!("`{}` needs some text", self.id)),
            FactType::Text => Ok(Value::Text(text.to_string())),
        }
    }

    /// Every value worth trying when asking "what if this fact were different":
    /// all words of an enum, both booleans, each single word of a set toggled in or out of
    /// `current`, and integers just either side of the `thresholds` the catalogue compares with.
    pub fn candidates(&self, current: Option<&Value>, thresholds: &[i64]) -> Vec<Value> {
        let mut out = match &self.ty {
            FactType::Enum(words) => words.iter().map(|w| Value::Word(w.clone())).collect(),
            FactType::Bool => vec![Value::Bool(false), Value::Bool(true)],
            FactType::Set(words) => {
                let base = match current {
                    Some(Value::Set(s)) => s.clone(),
                    _ => BTreeSet::new(),
                };
                let mut out = vec![Value::Set(base.clone())];
                for w in words {
                    let mut toggled = base.clone();
                    if !toggled.remove(w) {
                        toggled.insert(w.clone());
                    }
                    out.push(Value::Set(toggled));
                }
                out
            }
            FactType::Integer { min, max } => {
                let mut ints: BTreeSet<i64> = BTreeSet::new();
                for &t in thresholds {
                    ints.extend([t.saturating_sub(1), t, t.saturating_add(1)]);
                }
                ints.into_iter()
                    .filter(|i| min.is_none_or(|m| *i >= m) && max.is_none_or(|m| *i <= m))
                    .map(Value::Int)
                    .collect()
            }
            FactType::Text => Vec::new(),
        };
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(ty: FactType) -> Fact {
        Fact {
            id: "team.x".into(),
            ty,
            meanings: vec![],
            meaning: String::new(),
            ask: String::new(),
            help: None,
            unit: None,
            source: String::new(),
            judgement: None,
        }
    }

    #[test]
    fn integer_candidates_straddle_thresholds_within_bounds() {
        let f = fact(FactType::Integer {
            min: Some(1),
            max: None,
        });
        assert_eq!(
            f.candidates(None, &[1, 5]),
            vec![
                Value::Int(1),
                Value::Int(2),
                Value::Int(4),
                Value::Int(5),
                Value::Int(6)
            ]
        );
    }

    #[test]
    fn set_candidates_toggle_one_word_at_a_time() {
        let f = fact(FactType::Set(vec!["a".into(), "b".into()]));
        let current = Value::Set(["a".to_string()].into());
        let got = f.candidates(Some(&current), &[]);
        assert_eq!(got.len(), 3);
        assert!(got.contains(&Value::Set(BTreeSet::new())));
        assert!(got.contains(&Value::Set(["a".to_string(), "b".to_string()].into())));
    }

    #[test]
    fn answers_are_read_as_the_fact_type() {
        let words = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let db = fact(FactType::Enum(words(&["postgresql", "mysql"])));
        assert_eq!(db.parse_answer(" mysql "), Ok(Value::Word("mysql".into())));
        assert_eq!(
            db.parse_answer("mysq").unwrap_err(),
            "`mysq` is not a value of `team.x`: use one of `postgresql`, `mysql`; did you mean `mysql`?"
        );
        assert_eq!(
            fact(FactType::Bool).parse_answer("Yes"),
            Ok(Value::Bool(true))
        );
        assert!(fact(FactType::Bool).parse_answer("maybe").is_err());
        let size = fact(FactType::Integer {
            min: Some(1),
            max: None,
        });
        assert_eq!(size.parse_answer("12"), Ok(Value::Int(12)));
        assert_eq!(
            size.parse_answer("0").unwrap_err(),
            "`team.x` must be at least 1, not 0"
        );
        let skills = fact(FactType::Set(words(&["calico", "flux"])));
        assert_eq!(
            skills.parse_answer("flux, calico"),
            Ok(Value::Set(
                ["calico".to_string(), "flux".to_string()].into()
            ))
        );
        assert_eq!(skills.parse_answer("[]"), Ok(Value::Set(BTreeSet::new())));
        assert_eq!(
            fact(FactType::Text).parse_answer(" Stripe, PostNL "),
            Ok(Value::Text("Stripe, PostNL".into()))
        );
    }

    #[test]
    fn values_display_as_written() {
        assert_eq!(
            Value::Set(["b".to_string(), "a".to_string()].into()).to_string(),
            "[a, b]"
        );
        assert_eq!(Value::Text("x y".into()).to_string(), "\"x y\"");
    }
}
