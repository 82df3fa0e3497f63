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
//! Because the vocabulary is declared in the catalogue, the profile is read into a spanned YAML
//! tree first ([`yaml::Node`]) and then typed fact by fact, so every mistake is reported with
//! its line. This module owns the profile's structure (groups, facts, lists); what a scalar
//! means for a fact is [`Fact::read_scalar`]'s, shared with `interview --answer`. A fact left
//! out or written as `~` is unanswered, which the engine treats as unknown.

pub mod edit;
mod starter;

pub use starter::{Starter, starter};

use crate::catalogue::Catalogue;
use crate::fact::{Fact, FactType, Value};
use crate::line;
use crate::problem::{Code, Place, Problem, Problems, did_you_mean, one_of};
use crate::yaml::{self, Node, Spanned};
use std::collections::{BTreeMap, BTreeSet};

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

    /// Answered facts in id order.
    pub fn values(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Reads and types a profile; every problem in the file is reported.
    pub fn from_yaml(file: &str, text: &str, catalogue: &Catalogue) -> Result<Profile, Problems> {
        let root: Spanned<Node> = yaml::parse(file, text).map_err(Problems::one)?;
        let mut reader = Reader {
            file,
            text: yaml::body(text),
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
        s.place(self.file)
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
                "name" => {
                    profile.name = self.text_value(key, value);
                    if let Some(name) = &profile.name {
                        self.check_name(name, value);
                    }
                }
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

    /// The team's name heads the report and every ADR: one line, and short.
    fn check_name(&mut self, name: &str, value: &Spanned<Node>) {
        let place = self.place(value);
        if let Some((index, c)) = line::forbidden(name) {
            self.problem(
                place,
                Code::BadName,
                format!(
                    "`name` holds {} at character {}; the name is one line of plain text",
                    line::describe(c),
                    index + 1
                ),
                Some("write the name on one line; put longer text in `description`".into()),
            );
        } else if name.chars().count() > line::MAX_NAME_CHARS {
            self.problem(
                place,
                Code::BadName,
                format!(
                    "`name` is {} characters long; the limit is {}",
                    name.chars().count(),
                    line::MAX_NAME_CHARS
                ),
                Some(
                    "name the team or product in a few words; put the rest in `description`".into(),
                ),
            );
        }
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

    /// Types one value; `None` for unanswered or wrong (the latter is reported). The shape (a
    /// scalar, a list) is checked here; the scalar itself is typed by the fact.
    fn value(&mut self, fact: &Fact, node: &Spanned<Node>) -> Option<Value> {
        let id = &fact.id;
        let shape = match (&fact.ty, &node.value) {
            (_, Node::Null) => return None,
            (FactType::Set(_), Node::Seq(items)) => return self.list(fact, items),
            (FactType::Set(_), Node::Map(_)) => (
                format!("`{id}` is a list of words, found a mapping"),
                Some("write `[a, b]`, or `[]` for none".to_string()),
            ),
            (FactType::Enum(words), Node::Seq(_) | Node::Map(_)) => (
                format!("`{id}` takes one word, found {}", node.value.describe()),
                Some(format!("use one of {}", one_of(words))),
            ),
            (FactType::Bool, Node::Seq(_) | Node::Map(_)) => (
                format!("`{id}` is yes/no, found {}", node.value.describe()),
                Some("write `true` or `false`".to_string()),
            ),
            (FactType::Integer { .. }, Node::Seq(_) | Node::Map(_)) => (
                format!("`{id}` is a whole number, found {}", node.value.describe()),
                None,
            ),
            (FactType::Text, Node::Seq(_) | Node::Map(_)) => (
                format!("`{id}` is text, found {}", node.value.describe()),
                None,
            ),
            (_, _) => {
                let text = node.scalar_text(self.text).expect("a scalar");
                return match fact.read_scalar(&text) {
                    Ok(value) => Some(value),
                    Err(refused) => {
                        let at = self.place(node);
                        for r in refused {
                            self.problems.push(r.at(at.clone()));
                        }
                        None
                    }
                };
            }
        };
        let (message, help) = shape;
        self.problem(self.place(node), Code::WrongType, message, help);
        None
    }

    /// A set written as a YAML list: every item must be a word; each refused item is reported
    /// at its own place.
    fn list(&mut self, fact: &Fact, items: &[Spanned<Node>]) -> Option<Value> {
        let mut words = Vec::new();
        let mut places = Vec::new();
        for item in items {
            match item.scalar_text(self.text) {
                Some(text) => {
                    words.push(text);
                    places.push(self.place(item));
                }
                None => self.problem(
                    self.place(item),
                    Code::WrongType,
                    format!("`{}` holds words, found {}", fact.id, item.value.describe()),
                    None,
                ),
            }
        }
        match fact.read_list(words.iter().map(|w| w.as_ref())) {
            Ok(value) => Some(value),
            Err(refused) => {
                for (i, r) in refused {
                    self.problems.push(r.at(places[i].clone()));
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
