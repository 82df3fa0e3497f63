//! Facts: the vocabulary a profile is written in, declared by the catalogue.
//!
//! A fact has an id (`team.size`), a type, and for enums and sets the allowed words in a
//! meaningful order. Values are typed once, at load, so the engine never sees a string where a
//! number belongs. An unanswered fact has no value at all; it is never a silent default.

use crate::problem::{Code, Place, Problem, did_you_mean, one_of};
use crate::words::Words;
use compact_str::{CompactString, ToCompactString};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// What a yes/no fact accepts for yes, in any case; [`FALSE_WORDS`] for no. These are the
/// spellings YAML 1.1 read as booleans, which people still write in files (`on`, `yes`) and
/// type at a prompt (`y`). The parser keeps them words (YAML 1.2); a declared yes/no fact
/// settles what they mean, and nowhere else does.
pub const TRUE_WORDS: [&str; 4] = ["true", "yes", "on", "y"];
/// What a yes/no fact accepts for no, in any case.
pub const FALSE_WORDS: [&str; 4] = ["false", "no", "off", "n"];

/// Why a written value is not a value of its fact. It holds no place: the caller knows where
/// the text came from (a line of a profile, an `--answer`) and turns it into a [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl Refusal {
    fn new(code: Code, message: String) -> Refusal {
        Refusal {
            code,
            message,
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Refusal {
        self.help = Some(help.into());
        self
    }

    /// The refusal as a problem at `place`.
    pub fn at(self, place: Place) -> Problem {
        Problem::new(place, self.code, self.message).with_help_opt(self.help)
    }

    /// The refusal as a problem in no file (a value given on the command line).
    pub fn unplaced(self) -> Problem {
        Problem::general(self.code, self.message).with_help_opt(self.help)
    }
}

/// "`x`" for a written value, "nothing" for an empty one.
fn found(text: &str) -> String {
    if text.is_empty() {
        "nothing".into()
    } else {
        format!("`{text}`")
    }
}

/// The bounds of an integer in words, for "must be ...".
fn range(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "a whole number".into(),
    }
}

/// What kind of value a fact holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactType {
    /// One word out of an ordered list (the order allows `<`, `>=`, ...).
    Enum(Vec<CompactString>),
    /// `true` or `false`.
    Bool,
    /// A whole number, optionally bounded.
    Integer { min: Option<i64>, max: Option<i64> },
    /// Any number of words out of a list, without repeats.
    Set(Vec<CompactString>),
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
    pub fn words(&self) -> &[CompactString] {
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
    Word(CompactString),
    Set(Words),
    Text(CompactString),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Word(w) => f.write_str(w),
            Value::Set(words) => {
                let list: Vec<&str> = words.iter().map(CompactString::as_str).collect();
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
    pub id: CompactString,
    pub ty: FactType,
    /// Meaning of each allowed word, parallel to [`FactType::words`].
    pub meanings: Vec<CompactString>,
    /// What the fact means, in one sentence.
    pub meaning: CompactString,
    /// The prompt that asks for it.
    pub ask: CompactString,
    /// Longer help for the interview.
    pub help: Option<CompactString>,
    pub unit: Option<CompactString>,
    pub source: CompactString,
    pub judgement: Option<CompactString>,
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
        self.meanings.get(i).map(CompactString::as_str)
    }

    /// Types one scalar written for this fact: a profile's value as written in the file, or an
    /// answer given with `--answer` or at the interview prompt. Both read through here so that
    /// they accept the same spellings and refuse with the same words and codes:
    ///
    /// - an enum takes one of its words;
    /// - a yes/no fact takes [`TRUE_WORDS`] and [`FALSE_WORDS`], in any case;
    /// - an integer takes a whole number within the fact's bounds;
    /// - a set takes its words separated by commas or spaces, optionally in brackets
    ///   (`[flux, calico]`), each once; `[]`, `none` or `-` is the empty set;
    /// - text takes any text but none.
    ///
    /// Surrounding spaces never matter. A set reports every refused word; the others one refusal.
    pub fn read_scalar(&self, text: &str) -> Result<Value, Vec<Refusal>> {
        let text = text.trim();
        let one = |r: Refusal| vec![r];
        match &self.ty {
            FactType::Enum(_) => self.read_word(text).map(Value::Word).map_err(one),
            FactType::Bool => self.read_bool(text).map(Value::Bool).map_err(one),
            FactType::Integer { min, max } => self
                .read_integer(text, *min, *max)
                .map(Value::Int)
                .map_err(one),
            FactType::Set(_) => self
                .read_list(self.split_list(text))
                .map_err(|refused| refused.into_iter().map(|(_, r)| r).collect()),
            FactType::Text if text.is_empty() => Err(one(Refusal::new(
                Code::WrongType,
                format!("`{}` is text, found nothing", self.id),
            )
            .help("write the text, or `~` to leave it unanswered"))),
            FactType::Text => Ok(Value::Text(text.to_compact_string())),
        }
    }

    /// Types the words of a set fact, given one by one (the items of a YAML list). Each refused
    /// word comes with its position in `words`, so the caller can point at it.
    pub fn read_list<'t>(
        &self,
        words: impl IntoIterator<Item = &'t str>,
    ) -> Result<Value, Vec<(usize, Refusal)>> {
        let mut set = Words::new();
        let mut refused = Vec::new();
        for (i, word) in words.into_iter().enumerate() {
            match self.read_word(word.trim()) {
                Ok(w) if set.contains(&w) => refused.push((
                    i,
                    Refusal::new(
                        Code::RepeatedValue,
                        format!("`{w}` is listed twice in `{}`", self.id),
                    ),
                )),
                Ok(w) => {
                    set.insert(w);
                }
                Err(r) => refused.push((i, r)),
            }
        }
        if refused.is_empty() {
            Ok(Value::Set(set))
        } else {
            Err(refused)
        }
    }

    /// The words of a set written on one line. `none` and `-` mean no words unless the fact
    /// itself allows them as words.
    fn split_list<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let inner = text.strip_prefix('[').unwrap_or(text);
        let inner = inner.strip_suffix(']').unwrap_or(inner).trim();
        if matches!(inner, "" | "none" | "-") && !self.ty.allows(inner) {
            return Vec::new();
        }
        inner
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn read_word(&self, word: &str) -> Result<CompactString, Refusal> {
        let words = self.ty.words();
        if self.ty.allows(word) {
            return Ok(word.into());
        }
        if word.is_empty() {
            return Err(Refusal::new(
                Code::WrongType,
                format!("`{}` takes one word, found nothing", self.id),
            )
            .help(format!("use one of {}", one_of(words))));
        }
        let help = did_you_mean(word, words.iter().map(CompactString::as_str))
            .unwrap_or_else(|| format!("use one of {}", one_of(words)));
        Err(Refusal::new(
            Code::UnknownValue,
            format!("`{word}` is not a value of `{}`", self.id),
        )
        .help(help))
    }

    fn read_bool(&self, text: &str) -> Result<bool, Refusal> {
        let lower = text.to_ascii_lowercase();
        if TRUE_WORDS.contains(&lower.as_str()) {
            Ok(true)
        } else if FALSE_WORDS.contains(&lower.as_str()) {
            Ok(false)
        } else {
            Err(Refusal::new(
                Code::WrongType,
                format!("`{}` is yes/no, found {}", self.id, found(text)),
            )
            .help("write `true` or `false`"))
        }
    }

    fn read_integer(&self, text: &str, min: Option<i64>, max: Option<i64>) -> Result<i64, Refusal> {
        use std::num::IntErrorKind;
        let outside = |low: Option<i64>, high: Option<i64>| {
            Refusal::new(
                Code::OutOfRange,
                format!("`{}` must be {}, found {text}", self.id, range(low, high)),
            )
        };
        match text.parse::<i64>() {
            Ok(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => {
                Err(outside(min, max))
            }
            Ok(n) => Ok(n),
            // A whole number too large to hold is outside the range too: the one every
            // integer has, whatever the fact declares.
            Err(e) if *e.kind() == IntErrorKind::PosOverflow => {
                Err(outside(min, Some(max.unwrap_or(i64::MAX))))
            }
            Err(e) if *e.kind() == IntErrorKind::NegOverflow => {
                Err(outside(Some(min.unwrap_or(i64::MIN)), max))
            }
            Err(_) => {
                let example = min.map_or(3, |m| m.max(3)).min(max.unwrap_or(i64::MAX));
                let what = match &self.unit {
                    Some(unit) => format!("the number of {unit}"),
                    None => "a whole number".to_string(),
                };
                Err(Refusal::new(
                    Code::WrongType,
                    format!("`{}` is a whole number, found {}", self.id, found(text)),
                )
                .help(format!("write {what}, e.g. `{example}`")))
            }
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
                    _ => Words::new(),
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
            meaning: CompactString::default(),
            ask: CompactString::default(),
            help: None,
            unit: None,
            source: CompactString::default(),
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
        assert!(got.contains(&Value::Set(Words::new())));
        assert!(got.contains(&Value::Set(["a".to_string(), "b".to_string()].into())));
    }

    fn words(ws: &[&str]) -> Vec<CompactString> {
        ws.iter().map(|&w| w.into()).collect()
    }

    fn refused(f: &Fact, text: &str) -> (Code, String, Option<String>) {
        let mut all = f.read_scalar(text).unwrap_err();
        assert_eq!(all.len(), 1, "{all:?}");
        let r = all.remove(0);
        (r.code, r.message, r.help)
    }

    #[test]
    fn scalars_are_read_as_the_fact_type() {
        let db = fact(FactType::Enum(words(&["postgresql", "mysql"])));
        assert_eq!(db.read_scalar(" mysql "), Ok(Value::Word("mysql".into())));
        assert_eq!(
            refused(&db, "mysq"),
            (
                Code::UnknownValue,
                "`mysq` is not a value of `team.x`".into(),
                Some("did you mean `mysql`?".into())
            )
        );
        let size = fact(FactType::Integer {
            min: Some(1),
            max: None,
        });
        assert_eq!(size.read_scalar("12"), Ok(Value::Int(12)));
        let skills = fact(FactType::Set(words(&["calico", "flux"])));
        let both = Value::Set(["calico".to_string(), "flux".to_string()].into());
        for written in ["flux, calico", "[calico, flux]", "calico flux"] {
            assert_eq!(skills.read_scalar(written), Ok(both.clone()), "{written}");
        }
        for empty in ["[]", "none", "-", ""] {
            assert_eq!(skills.read_scalar(empty), Ok(Value::Set(Words::new())));
        }
        assert_eq!(
            skills.read_list(["flux", "flux", "cilium"]).unwrap_err(),
            vec![
                (
                    1,
                    Refusal::new(
                        Code::RepeatedValue,
                        "`flux` is listed twice in `team.x`".into()
                    )
                ),
                (
                    2,
                    Refusal::new(
                        Code::UnknownValue,
                        "`cilium` is not a value of `team.x`".into()
                    )
                    .help("use one of `calico`, `flux`")
                ),
            ]
        );
        assert_eq!(
            fact(FactType::Text).read_scalar(" Stripe, PostNL "),
            Ok(Value::Text("Stripe, PostNL".into()))
        );
        assert_eq!(refused(&fact(FactType::Text), " ").0, Code::WrongType);
    }

    #[test]
    fn yes_no_facts_take_the_yaml_1_1_spellings_in_any_case() {
        let bgp = fact(FactType::Bool);
        for yes in ["true", "True", "yes", "YES", "on", "y", "Y"] {
            assert_eq!(bgp.read_scalar(yes), Ok(Value::Bool(true)), "{yes}");
        }
        for no in ["false", "FALSE", "no", "No", "off", "n"] {
            assert_eq!(bgp.read_scalar(no), Ok(Value::Bool(false)), "{no}");
        }
        assert_eq!(
            refused(&bgp, "maybe"),
            (
                Code::WrongType,
                "`team.x` is yes/no, found `maybe`".into(),
                Some("write `true` or `false`".into())
            )
        );
    }

    #[test]
    fn a_number_outside_the_range_is_told_the_range() {
        let size = fact(FactType::Integer {
            min: Some(1),
            max: Some(5),
        });
        assert_eq!(
            refused(&size, "10"),
            (
                Code::OutOfRange,
                "`team.x` must be from 1 to 5, found 10".into(),
                None
            )
        );
        assert_eq!(
            refused(&size, "0").1,
            "`team.x` must be from 1 to 5, found 0"
        );
        let at_least_one = fact(FactType::Integer {
            min: Some(1),
            max: None,
        });
        assert_eq!(
            refused(&at_least_one, "99999999999999999999").1,
            "`team.x` must be from 1 to 9223372036854775807, found 99999999999999999999"
        );
        let mut people = at_least_one.clone();
        people.unit = Some("people".into());
        for not_whole in ["ten", "3.5", "1_000"] {
            assert_eq!(
                refused(&people, not_whole),
                (
                    Code::WrongType,
                    format!("`team.x` is a whole number, found `{not_whole}`"),
                    Some("write the number of people, e.g. `3`".into())
                )
            );
        }
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
