//! The value of a set fact: a set of words, kept as a sorted list.
//!
//! A set in a profile holds a handful of words, and the advice keeps a copy of a set value in
//! every check that read it and in every "what if" that tries one: thousands of copies for a
//! large catalogue. A `BTreeSet` spends a tree node of some 280 bytes on the first word of each
//! copy; a sorted list spends the words alone. Ordering, equality and the serialised form are
//! those of the `BTreeSet` it replaces: the words in order.

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Words in order, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Words(Vec<CompactString>);

impl Words {
    pub fn new() -> Words {
        Words::default()
    }

    pub fn contains(&self, word: &str) -> bool {
        self.find(word).is_ok()
    }

    /// Adds `word`; false if it was already there.
    pub fn insert(&mut self, word: CompactString) -> bool {
        match self.find(&word) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, word);
                true
            }
        }
    }

    /// Takes `word` out; false if it was not there.
    pub fn remove(&mut self, word: &str) -> bool {
        match self.find(word) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, CompactString> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The one word in exactly one of the two sets, when there is exactly one: the word that
    /// turns one set into the other.
    pub fn toggled<'a>(&'a self, other: &'a Words) -> Option<&'a CompactString> {
        let (more, fewer) = if self.len() > other.len() {
            (self, other)
        } else {
            (other, self)
        };
        if more.len() != fewer.len() + 1 {
            return None;
        }
        let mut extra = more.iter().filter(|w| !fewer.contains(w));
        match (extra.next(), extra.next()) {
            (Some(word), None) => Some(word),
            _ => None,
        }
    }

    fn find(&self, word: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|w| w.as_str().cmp(word))
    }
}

impl<S: Into<CompactString>> FromIterator<S> for Words {
    fn from_iter<I: IntoIterator<Item = S>>(words: I) -> Words {
        let mut list: Vec<CompactString> = words.into_iter().map(Into::into).collect();
        list.sort_unstable();
        list.dedup();
        Words(list)
    }
}

impl<S: Into<CompactString>, const N: usize> From<[S; N]> for Words {
    fn from(words: [S; N]) -> Words {
        words.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a CompactString;
    type IntoIter = std::slice::Iter<'a, CompactString>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Read back into order, whatever order the words were written in.
impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Words, D::Error> {
        Ok(Vec::<CompactString>::deserialize(d)?.into_iter().collect())
    }
}

/// The schema of the set it stands for: an array of distinct strings.
impl JsonSchema for Words {
    fn inline_schema() -> bool {
        <BTreeSet<String>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <BTreeSet<String>>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <BTreeSet<String>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Words;
    use std::collections::BTreeSet;

    fn words(list: &[&str]) -> Words {
        list.iter().map(|w| w.to_string()).collect()
    }

    fn tree(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn keeps_each_word_once_in_order_as_a_tree_set_does() {
        let mut w = words(&["flux", "argo", "flux"]);
        assert_eq!(w.iter().collect::<Vec<_>>(), ["argo", "flux"]);
        assert!(w.insert("calico".into()));
        assert!(!w.insert("argo".into()));
        assert!(w.remove("flux"));
        assert!(!w.remove("flux"));
        assert_eq!(w.iter().collect::<Vec<_>>(), ["argo", "calico"]);
        assert!(w.contains("calico") && !w.contains("flux"));
        assert_eq!(w.len(), 2);
        assert!(Words::new().is_empty());
    }

    #[test]
    fn names_the_one_word_that_turns_one_set_into_the_other() {
        let base = words(&["a", "c"]);
        assert_eq!(base.toggled(&words(&["a", "b", "c"])).unwrap(), "b");
        assert_eq!(base.toggled(&words(&["a"])).unwrap(), "c");
        assert_eq!(words(&["a"]).toggled(&base).unwrap(), "c");
        assert_eq!(base.toggled(&base), None);
        assert_eq!(base.toggled(&words(&["a", "b"])), None);
        assert_eq!(base.toggled(&words(&["a", "b", "c", "d"])), None);
        assert_eq!(Words::new().toggled(&words(&["x"])).unwrap(), "x");
    }

    #[test]
    fn orders_serialises_and_reads_back_as_the_tree_set_it_replaces() {
        let cases: [&[&str]; 5] = [&[], &["a"], &["a", "b"], &["b"], &["a", "c"]];
        for x in cases {
            for y in cases {
                assert_eq!(
                    words(x).cmp(&words(y)),
                    tree(x).cmp(&tree(y)),
                    "{x:?} {y:?}"
                );
            }
            assert_eq!(
                serde_json::to_string(&words(x)).unwrap(),
                serde_json::to_string(&tree(x)).unwrap()
            );
        }
        let read: Words = serde_json::from_str(r#"["c", "a", "c"]"#).unwrap();
        assert_eq!(read, words(&["a", "c"]));
    }
}
