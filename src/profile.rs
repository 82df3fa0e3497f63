//! A team profile: the facts a team states about itself, typed by the catalogue's declarations.
//!
//! A profile is YAML grouped by the first part of each fact id:
//!
//! ```yaml
//! name: Dutch webshop
//! team:
//!   size: 10
//!   kubernetes-experience: none
//! ```
//!
//! Because the vocabulary is declared in the catalogue, the profile is read into a small
//! spanned tree first and then typed fact by fact, so every mistake is reported with its line.
//! A fact left out or written as `~` is unanswered, which the engine treats as unknown.

pub mod edit;
mod starter;

pub use starter::{Starter, starter};

use crate::catalogue::Catalogue;
use crate::fact::{Fact, FactType, Value};
use crate::problem::{Code, Place, Problem, Problems, did_you_mean, one_of};
use crate::yaml;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Top-level keys that are not fact groups.
const META_KEYS: [&str; 2] = ["name", "description"];

/// A validated profile: every value has the type its fact declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: Option<String>,
    pub description: Option<String>,
    values: BTreeMap<String, Value>,
}

impl Profile {
    /// An empty profile (every fact unanswered).
    pub fn new() -> Profile {
        Profile::default()
    }

    pub fn get(&self, fact: &str) -> Option<&Value> {
        self.values.get(fact)
    }

    pub fn set(&mut self, fact: &str, value: Value) {
        self.values.insert(fact.to_string(), value);
    }

    pub fn unset(&mut self, fact: &str) {
        self.values.remove(fact);
    }

    /// Answered facts in id order.
    pub fn values(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Reads and types a profile; every problem in the file is reported.
    pub fn from_yaml(file: &str, text: &str, catalogue: &Catalogue) -> Result<Profile, Problems> {
        let root: Spanned<Node> = yaml::parse(file, text).map_err(Problems::one)?;
        let mut reader = Reader {
            file,
            text,
            catalogue,
            problems: Vec::new(),
        };
        let profile = reader.profile(&root);
        if reader.problems.is_empty() {
            Ok(profile)
        } else {
            Err(Problems(reader.problems).sorted())
        }
    }
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    catalogue: &'a Catalogue,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn place<T>(&self, s: &Spanned<T>) -> Place {
        yaml::place(self.file, &s.referenced)
    }

    fn problem(&mut self, at: Place, code: Code, message: String, help: Option<String>) {
        self.problems
            .push(Problem::new(at, code, message).with_help_opt(help));
    }

    fn profile(&mut self, root: &Spanned<Node>) -> Profile {
        let mut profile = Profile::new();
        let Node::Map(entries) = &root.value else {
            let found = root.value.describe();
            self.problem(
                self.place(root),
                Code::WrongType,
                format!("a profile is a mapping of fact groups, found {found}"),
                Some("start from `kubecompass init`".into()),
            );
            return profile;
        };
        let groups: BTreeSet<&str> = self.catalogue.facts.iter().map(Fact::group).collect();
        for (key, value) in entries {
            match key.value.as_str() {
                "name" => profile.name = self.text_value(key, value),
                "description" => profile.description = self.text_value(key, value),
                group if groups.contains(group) => self.group(group, value, &mut profile),
                other => {
                    let candidates = groups.iter().copied().chain(META_KEYS);
                    let help = did_you_mean(other, candidates).or_else(|| {
                        Some(format!(
                            "the groups are {}",
                            one_of(&groups.iter().collect::<Vec<_>>())
                        ))
                    });
                    self.problem(
                        self.place(key),
                        Code::UnknownFact,
                        format!("unknown fact group `{other}`"),
                        help,
                    );
                }
            }
        }
        profile
    }

    fn text_value(&mut self, key: &Spanned<String>, value: &Spanned<Node>) -> Option<String> {
        match &value.value {
            Node::Str(s) => Some(s.clone()),
            Node::Null => None,
            other => {
                let found = other.describe();
                self.problem(
                    self.place(value),
                    Code::WrongType,
                    format!("`{}` must be text, found {found}", key.value),
                    None,
                );
                None
            }
        }
    }

    fn group(&mut self, group: &str, node: &Spanned<Node>, profile: &mut Profile) {
        let entries = match &node.value {
            Node::Map(entries) => entries,
            Node::Null => return,
            other => {
                let found = other.describe();
                self.problem(
                    self.place(node),
                    Code::WrongType,
                    format!("`{group}` must be a mapping of facts, found {found}"),
                    Some(format!(
                        "write the facts of `{group}` indented below it, one per line"
                    )),
                );
                return;
            }
        };
        for (key, value) in entries {
            let id = format!("{group}.{}", key.value);
            let Some(fact) = self.catalogue.fact(&id) else {
                let in_group: Vec<&str> = self
                    .catalogue
                    .facts
                    .iter()
                    .filter(|f| f.group() == group)
                    .map(Fact::key)
                    .collect();
                let help = did_you_mean(&key.value, in_group.iter().copied())
                    .or_else(|| Some(format!("the facts of `{group}` are {}", one_of(&in_group))));
                self.problem(
                    self.place(key),
                    Code::UnknownFact,
                    format!("unknown fact `{id}`"),
                    help,
                );
                continue;
            };
            if let Some(v) = self.value(fact, value) {
                profile.set(&id, v);
            }
        }
    }

    /// Types one value; `None` for unanswered or wrong (the latter is reported).
    fn value(&mut self, fact: &Fact, node: &Spanned<Node>) -> Option<Value> {
        if matches!(node.value, Node::Null) {
            return None;
        }
        let at = self.place(node);
        let id = &fact.id;
        let found = node.value.describe();
        let result: Result<Value, (Code, String, Option<String>)> = match (&fact.ty, &node.value) {
            (FactType::Enum(words), Node::Str(w)) => self.word(id, words, w).map(Value::Word),
            (FactType::Enum(words), _) => Err((
                Code::WrongType,
                format!("`{id}` takes one word, found {found}"),
                Some(format!("use one of {}", one_of(words))),
            )),
            (FactType::Bool, Node::Bool(b)) => Ok(Value::Bool(*b)),
            // YAML 1.2 reads `yes`/`no` as words; for a declared yes/no fact they are unambiguous.
            (FactType::Bool, Node::Str(s)) => match s.to_ascii_lowercase().as_str() {
                "yes" | "on" => Ok(Value::Bool(true)),
                "no" | "off" => Ok(Value::Bool(false)),
                _ => Err((
                    Code::WrongType,
                    format!("`{id}` is yes/no, found `{s}`"),
                    Some("write `true` or `false`".into()),
                )),
            },
            (FactType::Bool, _) => Err((
                Code::WrongType,
                format!("`{id}` is yes/no, found {found}"),
                Some("write `true` or `false`".into()),
            )),
            (FactType::Integer { min, max }, Node::Int(i)) => match i64::try_from(*i) {
                Ok(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => Err((
                    Code::UnknownValue,
                    format!("`{id}` is {n}, outside {}", range(*min, *max)),
                    None,
                )),
                Ok(n) => Ok(Value::Int(n)),
                Err(_) => Err((Code::UnknownValue, format!("`{id}` is too large"), None)),
            },
            (FactType::Integer { .. }, _) => Err((
                Code::WrongType,
                format!("`{id}` is a whole number, found {found}"),
                fact.unit
                    .as_ref()
                    .map(|u| format!("write the number of {u}, e.g. `{}: 3`", fact.key())),
            )),
            (FactType::Set(words), Node::Seq(items)) => self.set(fact, words, items),
            (FactType::Set(words), Node::Str(w)) => Err((
                Code::WrongType,
                format!("`{id}` is a list, found a single word"),
                Some(if words.contains(w) {
                    format!("write `[{w}]`")
                } else {
                    format!("write a list such as `[{}]`", words[0])
                }),
            )),
            (FactType::Set(_), _) => Err((
                Code::WrongType,
                format!("`{id}` is a list of words, found {found}"),
                Some("write `[a, b]`, or `[]` for none".into()),
            )),
            (FactType::Text, Node::Str(s)) => Ok(Value::Text(s.clone())),
            // A plain `1.10` or `true` under a text fact keeps its spelling, not its number.
            (FactType::Text, Node::Int(_) | Node::Float(_) | Node::Bool(_)) => {
                Ok(Value::Text(self.raw(node).to_string()))
            }
            (FactType::Text, _) => Err((
                Code::WrongType,
                format!("`{id}` is text, found {found}"),
                None,
            )),
        };
        match result {
            Ok(v) => Some(v),
            Err((code, message, help)) => {
                self.problem(at, code, message, help);
                None
            }
        }
    }

    fn word(
        &self,
        id: &str,
        words: &[String],
        word: &str,
    ) -> Result<String, (Code, String, Option<String>)> {
        if words.iter().any(|w| w == word) {
            return Ok(word.to_string());
        }
        let help = did_you_mean(word, words.iter().map(String::as_str))
            .unwrap_or_else(|| format!("use one of {}", one_of(words)));
        Err((
            Code::UnknownValue,
            format!("`{word}` is not a value of `{id}`"),
            Some(help),
        ))
    }

    fn set(
        &mut self,
        fact: &Fact,
        words: &[String],
        items: &[Spanned<Node>],
    ) -> Result<Value, (Code, String, Option<String>)> {
        let mut out = BTreeSet::new();
        for item in items {
            let word = match &item.value {
                Node::Str(w) => self.word(&fact.id, words, w),
                other => Err((
                    Code::WrongType,
                    format!("`{}` holds words, found {}", fact.id, other.describe()),
                    None,
                )),
            };
            match word {
                Ok(w) if !out.insert(w.clone()) => {
                    self.problem(
                        self.place(item),
                        Code::Invalid,
                        format!("`{w}` is listed twice in `{}`", fact.id),
                        None,
                    );
                }
                Ok(_) => {}
                Err((code, message, help)) => self.problem(self.place(item), code, message, help),
            }
        }
        Ok(Value::Set(out))
    }

    /// The text of a plain scalar exactly as written.
    fn raw<'t>(&'t self, node: &'t Spanned<Node>) -> std::borrow::Cow<'t, str> {
        let span = node.referenced.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(at), Some(len)) => match self.text.get(at as usize..(at + len) as usize) {
                Some(s) if !s.is_empty() => s.trim().into(),
                _ => node.value.scalar_text().into(),
            },
            _ => node.value.scalar_text().into(),
        }
    }
}

fn range(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}..{b}"),
        (Some(a), None) => format!("the minimum of {a}"),
        (None, Some(b)) => format!("the maximum of {b}"),
        (None, None) => "any range".into(),
    }
}

/// The shape of a profile before typing: YAML with the position of every node.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    fn describe(&self) -> String {
        match self {
            Node::Null => "nothing".into(),
            Node::Bool(b) => format!("`{b}`"),
            Node::Int(i) => format!("the number {i}"),
            Node::Float(f) => format!("the number {f}"),
            Node::Str(s) => format!("`{s}`"),
            Node::Seq(_) => "a list".into(),
            Node::Map(_) => "a mapping".into(),
        }
    }

    fn scalar_text(&self) -> String {
        match self {
            Node::Bool(b) => b.to_string(),
            Node::Int(i) => i.to_string(),
            Node::Float(f) => f.to_string(),
            Node::Str(s) => s.clone(),
            _ => String::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(i128::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests;
