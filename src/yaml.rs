//! The one place that talks to the YAML library.
//!
//! Everything else deserialises through [`parse`], which fixes the parser options that keep
//! hostile or ambiguous input harmless (YAML 1.2 booleans only, alias and depth budgets, duplicate
//! keys rejected) and turns the library's errors into [`Problem`]s with our codes and wording.
//! Positions come out as our own [`Spanned`] and [`Span`], and a value whose shape is only known
//! after reading (a profile) as a [`Node`] tree, so no other module names the library: swapping
//! it, or its next major version, touches this file alone.

use crate::problem::{Code, Place, Problem, did_you_mean, one_of};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Error;
use std::fmt;

/// Files larger than this are refused before parsing: no profile or catalogue file comes near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        // `no`, `on`, `yes` stay words; only `true`/`false` are booleans.
        strict_booleans: true,
        // `0755` and `1_000` keep their spelling when a field accepts any scalar.
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        budget: serde_saphyr::budget! {
            max_depth: 48,
            max_nodes: 200_000,
            max_aliases: 2_000,
            max_anchors: 2_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
            max_documents: 1,
        },
        // Each replayed event costs about 5 µs in a debug build (the tree is built as it
        // replays), so a bomb is stopped after 10 000 of them, within 0.1 s: no shipped file
        // uses an alias, and an honest profile or catalogue file replays a few hundred at most
        // (judgement). At 100 000 a bomb took 0.6 s, and 5 s on a loaded machine.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// Deserialises one YAML document. An empty document reads as `T::default()`-like input only if
/// `T` accepts an empty mapping; callers decide whether emptiness is an error.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    let text = body(text);
    if text.trim().is_empty() {
        return Err(
            Problem::new(Place::file(file), Code::YamlSyntax, "the file is empty")
                .with_help("write at least one key; `kubecompass init` prints a starter profile"),
        );
    }
    serde_saphyr::from_str_with_options(text, options()).map_err(|err| to_problem(file, &err))
}

/// The text the parser reads: without a byte order mark. [`Span`] byte positions count in it.
pub fn body(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A value together with where it was written, for messages that point at the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    /// Where the value is used: for an alias, the alias rather than its anchor.
    pub span: Span,
}

/// Where a value is written: 1-based line and column (0 when unknown), and its bytes in the
/// text when the parser knows them.
///
/// A raw catalogue file holds one span per scalar, so a span is kept small: no file is longer
/// than [`MAX_FILE_BYTES`], so every position fits in 32 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    line: u32,
    column: u32,
    /// Offset and length in bytes; a length of [`u32::MAX`] when unknown.
    at: u32,
    len: u32,
}

const UNKNOWN: u32 = u32::MAX;

impl Span {
    /// The span as a [`Place`] in `file`.
    pub fn place(&self, file: &str) -> Place {
        Place::at(file, self.line.into(), self.column.into())
    }

    /// How many bytes the value takes as written (quotes, escapes and folded line breaks
    /// included), if known.
    pub fn written_len(&self) -> Option<usize> {
        (self.len != UNKNOWN).then_some(self.len as usize)
    }

    /// The text of the value exactly as written in `text` (the parsed document), if known.
    pub fn text_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.len == UNKNOWN {
            return None;
        }
        let at = usize::try_from(self.at).ok()?;
        text.get(at..at.checked_add(usize::try_from(self.len).ok()?)?)
    }
}

impl From<serde_saphyr::Location> for Span {
    fn from(l: serde_saphyr::Location) -> Span {
        let small = |n: u64| u32::try_from(n).unwrap_or(0);
        let span = l.span();
        let bytes = match (span.byte_offset(), span.byte_len()) {
            (Some(at), Some(len)) => u32::try_from(at)
                .ok()
                .zip(u32::try_from(len).ok().filter(|&len| len != UNKNOWN)),
            _ => None,
        };
        let (at, len) = bytes.unwrap_or((0, UNKNOWN));
        Span {
            line: small(l.line()),
            column: small(l.column()),
            at,
            len,
        }
    }
}

impl<T> Spanned<T> {
    /// Where the value is, as a [`Place`] in `file`.
    pub fn place(&self, file: &str) -> Place {
        self.span.place(file)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Spanned<T>, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Spanned {
            value: spanned.value,
            span: spanned.referenced.into(),
        })
    }
}

/// Any YAML value with the position of every node, for input whose shape is only known once a
/// catalogue says what it may hold (a profile).
#[derive(Debug)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// The node in a few words, for "found ..." in messages.
    pub fn describe(&self) -> String {
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
}

impl Spanned<Node> {
    /// The text of a scalar as written in `text`: `1.10` stays `1.10`, `True` stays `True`, so
    /// whoever types it sees what the user wrote. `None` for nothing, a list or a mapping.
    pub fn scalar_text<'t>(&'t self, text: &'t str) -> Option<std::borrow::Cow<'t, str>> {
        let parsed = match &self.value {
            Node::Str(s) => return Some(s.as_str().into()),
            Node::Bool(b) => b.to_string(),
            Node::Int(i) => i.to_string(),
            Node::Float(f) => f.to_string(),
            Node::Null | Node::Seq(_) | Node::Map(_) => return None,
        };
        // An alias (or a merge key) is spanned where it is used, so the text there is `*name`,
        // not the value; an anchor or a tag is not part of the value either.
        match self.span.text_in(text).map(str::trim) {
            Some(written) if !written.is_empty() && !written.starts_with(['*', '&', '!']) => {
                Some(written.into())
            }
            _ => Some(parsed.into()),
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

fn to_problem(file: &str, err: &Error) -> Problem {
    let at = err
        .location()
        .map_or_else(|| Place::file(file), |l| Span::from(l).place(file));
    let mut err = err;
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = err {
        err = error;
    }
    match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                if expected.is_empty() {
                    "remove this key".to_string()
                } else {
                    format!("the keys allowed here are {}", one_of(expected))
                }
            });
            Problem::new(at, Code::UnknownKey, format!("unknown key `{field}`")).with_help(help)
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let help = did_you_mean(variant, expected.iter().copied())
                .unwrap_or_else(|| format!("use one of {}", one_of(expected)));
            Problem::new(at, Code::UnknownValue, format!("unknown value `{variant}`"))
                .with_help(help)
        }
        Error::SerdeMissingField { field, .. } => {
            Problem::new(at, Code::MissingKey, format!("missing key `{field}`"))
                .with_help(format!("add `{field}:` to this item"))
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Problem::new(
            at,
            Code::WrongType,
            format!("expected {expected}, found {unexpected}"),
        ),
        Error::NullIntoString { .. } => {
            Problem::new(at, Code::WrongType, "expected text, found nothing")
                .with_help("write a value after the colon, or remove the key")
        }
        Error::InvalidScalar { ty, .. } => Problem::new(
            at,
            Code::WrongType,
            format!("expected {}", describe_type(ty)),
        ),
        Error::InvalidBooleanStrict { .. } => {
            Problem::new(at, Code::WrongType, "expected `true` or `false`")
        }
        Error::DuplicateMappingKey { key, .. } => {
            let key = key
                .as_deref()
                .map(|k| format!(" `{k}`"))
                .unwrap_or_default();
            Problem::new(at, Code::DuplicateKey, format!("duplicate key{key}"))
                .with_help("each key may appear once in a mapping; remove or merge the repeats")
        }
        Error::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        }
        | Error::MultipleDocuments { .. } => Problem::new(
            at,
            Code::YamlSyntax,
            "the file holds more than one YAML document",
        )
        .with_help("remove the `---` separators: one file is one document"),
        Error::Unexpected { expected, .. } => {
            let wanted = match *expected {
                "string scalar" | "string" | "str expected" | "scalar" => "text",
                "sequence start" | "seq" => "a list",
                "map" | "mapping start" => "a mapping of keys to values",
                "an integer" => "a whole number",
                other => other,
            };
            Problem::new(at, Code::WrongType, format!("expected {wanted} here"))
        }
        Error::Budget { breach, .. } => Problem::new(
            at,
            Code::LimitExceeded,
            format!("refused: the file {}", breached(breach)),
        )
        .with_help(LIMIT_HELP),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => Problem::new(
            at,
            Code::LimitExceeded,
            "refused: the file's aliases expand to far more than it spells out",
        )
        .with_help(LIMIT_HELP),
        Error::InvalidUtf8Input => {
            Problem::new(at, Code::Unreadable, "the file is not valid UTF-8")
                .with_help("save the file as UTF-8")
        }
        Error::Eof { .. } => Problem::new(at, Code::YamlSyntax, "the file is empty"),
        other => {
            let message = first_line(&other.render());
            // The scanner reports its depth guard as a plain message.
            if message.contains("recursion limit") {
                Problem::new(
                    at,
                    Code::LimitExceeded,
                    "refused: the YAML nests deeper than any profile or catalogue needs",
                )
            } else {
                Problem::new(at, Code::YamlSyntax, message)
            }
        }
    }
}

const LIMIT_HELP: &str = "no profile or catalogue comes near this limit; write the values out instead of nesting or repeating aliases";

/// Which parser budget a file exceeded, in words.
fn breached(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => "nests deeper than any profile or catalogue needs".into(),
        B::Aliases { aliases } => format!("uses more than {} aliases", aliases - 1),
        B::Anchors { anchors } => format!("defines more than {} anchors", anchors - 1),
        B::AliasAnchorRatio { aliases, anchors } => {
            let s = if *anchors == 1 { "" } else { "s" };
            format!("repeats its anchors too often ({aliases} aliases of {anchors} anchor{s})")
        }
        B::Nodes { .. } | B::Events { .. } => {
            "holds more values than any profile or catalogue needs".into()
        }
        B::ScalarBytes { .. } | B::InputBytes { .. } => {
            "holds more text than any profile or catalogue needs".into()
        }
        other => format!("exceeds a parser limit ({other:?})"),
    }
}

fn describe_type(ty: &str) -> String {
    match ty {
        "bool" => "`true` or `false`".to_string(),
        t if t.starts_with('u') || t.starts_with('i') => "a whole number".to_string(),
        t if t.starts_with('f') => "a number".to_string(),
        t => format!("a value of type {t}"),
    }
}

/// The library's message without its location prefix or snippet, which we print ourselves.
fn first_line(rendered: &str) -> String {
    let line = rendered.lines().next().unwrap_or_default();
    let line = line.strip_prefix("error: ").unwrap_or(line);
    // "line 3 column 5: message" and "message at line 3, column 5" -> "message"
    let line = match line.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") => rest,
        _ => line,
    };
    match line.rfind(" at line ") {
        Some(at) => line[..at].to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        size: Option<u32>,
    }

    fn problem(text: &str) -> Problem {
        parse::<Item>("x.yaml", text).unwrap_err()
    }

    #[test]
    fn unknown_key_suggests_the_near_one() {
        let p = problem("name: a\nsise: 3\n");
        assert_eq!(p.code, Code::UnknownKey);
        assert_eq!(p.place.as_ref().map_or(0, |at| at.line), 2);
        assert_eq!(p.help.as_deref(), Some("did you mean `size`?"));
    }

    #[test]
    fn wrong_type_names_both_sides() {
        let p = problem("name: a\nsize: many\n");
        assert_eq!(p.code, Code::WrongType);
        assert_eq!(p.place.as_ref().map_or(0, |at| at.line), 2);
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let p = problem("name: a\nname: b\n");
        assert_eq!(p.code, Code::DuplicateKey);
    }

    #[test]
    fn norway_stays_a_word() {
        let item: Item = parse("x.yaml", "name: no\n").unwrap();
        assert_eq!(item.name, "no");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let p = parse::<serde_json::Value>("bomb.yaml", &text).unwrap_err();
        assert_eq!(p.code, Code::LimitExceeded, "{p}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let p = parse::<serde_json::Value>("deep.yaml", &text).unwrap_err();
        assert_eq!(p.code, Code::LimitExceeded, "{p}");
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(problem("  \n# only a comment\n").code, Code::YamlSyntax);
    }
}
