//! Conditions: the short expressions that rules, triggers and conflicts are written in.
//!
//! `team.kubernetes-experience in [none, basic] and not team.consultant == none` is parsed once
//! ([`parse`]) into a typed tree, checked against the declared facts at load time, and evaluated
//! with three-valued logic: a test on an unanswered fact is [`Truth::Unknown`], never false.
//! Every leaf is evaluated, even after the outcome is settled, so the trace shows each
//! comparison with the value it saw.
//!
//! Reading a condition takes three steps, one module each: the `lexer` cuts the text into
//! tokens, the `parser` builds the syntax tree and bounds its depth, and the `typecheck`
//! types each test against the [`Vocabulary`]. This module holds the typed tree and its
//! evaluation.

mod lexer;
mod parser;
mod typecheck;

pub use typecheck::{VERDICTS, Vocabulary};

use crate::fact::Value;
use crate::problem::Code;
use compact_str::{CompactString, ToCompactString};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

/// A problem in one condition, located by byte offset within its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionError {
    pub offset: usize,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl ConditionError {
    fn new(offset: usize, code: Code, message: impl Into<String>) -> ConditionError {
        ConditionError {
            offset,
            code,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: Option<String>) -> ConditionError {
        self.help = help;
        self
    }
}

/// Parses and type-checks one condition.
pub fn parse(text: &str, vocab: &Vocabulary<'_>) -> Result<Condition, ConditionError> {
    let tokens = lexer::tokenize(text)?;
    typecheck::check(text, parser::parse(text, tokens), vocab)
}

/// Kleene's three truth values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// Three-valued "and": false wins, then unknown.
    fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }

    /// Three-valued "or": true wins, then unknown.
    fn or(self, other: Truth) -> Truth {
        self.not().and(other.not()).not()
    }

    fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// What a test looks at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Subject {
    Fact(CompactString),
    /// The chosen option of another decision.
    Decision(CompactString),
    /// The verdict (`now`, `later`, `skip`) of a Layer 2 capability.
    Capability(CompactString),
}

impl Subject {
    /// [`Subject::path`], borrowed where it can be: a fact's path is its id.
    pub fn reads(&self) -> Cow<'_, str> {
        match self {
            Subject::Fact(id) => Cow::Borrowed(id),
            _ => Cow::Owned(self.path()),
        }
    }

    /// The subject as written in a condition.
    pub fn path(&self) -> String {
        match self {
            Subject::Fact(id) => id.to_string(),
            Subject::Decision(id) => format!("decision.{id}"),
            Subject::Capability(id) => format!("capability.{id}"),
        }
    }
}

/// How a leaf compares its subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TestKind {
    /// A bare boolean fact.
    IsTrue,
    /// Equal to one of these (`==`, `in`, and ordered comparisons on enums).
    OneOf(#[serde(with = "values")] Vec<Value>),
    /// Equal to none of these (`!=`, `not in`).
    NoneOf(#[serde(with = "values")] Vec<Value>),
    /// An ordered comparison on an integer fact.
    Compare(Cmp, i64),
    /// A set fact that holds this word.
    Contains(CompactString),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

/// One comparison, with the text it was written as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Test {
    pub subject: Subject,
    pub kind: TestKind,
    pub text: CompactString,
}

/// A parsed, type-checked condition.
///
/// It serialises in a form that reads back, also through formats that are not self-describing
/// (postcard, bincode), so a validated catalogue can be stored compactly. Reading one back
/// does not check it again, nor bound its depth: read only what was written from a condition
/// [`parse`] accepted. (`serde_json` refuses to read back the deepest ones: its default
/// recursion limit of 128 is below their nesting in JSON.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Test(Test),
    /// `not` of one test, the commonest negation, held without a box of its own: a large
    /// catalogue has one in most of its rules.
    NotTest(Test),
}

/// Where evaluation reads facts and other outcomes from.
pub trait Context {
    fn fact(&self, id: &str) -> Option<&Value>;
    fn decision(&self, id: &str) -> Option<&str>;
    fn capability(&self, id: &str) -> Option<&str>;
}

/// One leaf as evaluated: what it read and what it concluded. It borrows its text from the
/// condition, since advice holds one check per test of every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Check<'c> {
    /// The comparison as written.
    #[serde(rename = "test", serialize_with = "as_written")]
    #[schemars(rename = "test", with = "&str")]
    pub of: &'c Test,
    /// The fact or outcome it read (`team.size`, `decision.cni`).
    #[serde(rename = "reads", serialize_with = "as_read")]
    #[schemars(rename = "reads", with = "Cow<'c, str>")]
    pub subject: &'c Subject,
    /// The value it saw; `None` when unanswered.
    pub seen: Option<Value>,
    /// What the leaf counts for in its condition: the comparison's result, negated when the
    /// leaf stands under an odd number of `not` (then `negated` is true). So the leaves that
    /// made a condition fail are those whose result is not true, with or without `not`.
    pub result: Truth,
    /// The leaf stands under `not`: `result` is the negation of the comparison as written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

// A check points at its test and subject rather than holding their texts: the advice of a
// large catalogue holds hundreds of thousands of checks, and a pointer is a third of a text.
fn as_written<S: serde::Serializer>(test: &&Test, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&test.text)
}

fn as_read<S: serde::Serializer>(subject: &&Subject, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&subject.reads())
}

/// The checks of one evaluation, shared rather than copied: the advice shows a rule's checks
/// in its trace and again in each reason an option was not chosen, and the advice of a large
/// catalogue holds hundreds of thousands.
pub type Checks<'c> = Arc<[Check<'c>]>;

/// The result of evaluating a condition, with every leaf's check in source order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation<'c> {
    pub result: Truth,
    pub checks: Checks<'c>,
}

impl Condition {
    pub fn evaluate(&self, ctx: &dyn Context) -> Evaluation<'_> {
        let mut checks = Vec::new();
        let result = self.eval(ctx, &mut checks);
        Evaluation {
            result,
            checks: checks.into(),
        }
    }

    fn eval<'c>(&'c self, ctx: &dyn Context, checks: &mut Vec<Check<'c>>) -> Truth {
        match self {
            // Every part is evaluated, not only up to the first that settles the result, so
            // that the trace shows every leaf.
            Condition::All(parts) => parts
                .iter()
                .fold(Truth::True, |acc, p| acc.and(p.eval(ctx, checks))),
            Condition::Any(parts) => parts
                .iter()
                .fold(Truth::False, |acc, p| acc.or(p.eval(ctx, checks))),
            Condition::Not(inner) => {
                let first = checks.len();
                let truth = inner.eval(ctx, checks).not();
                // By De Morgan, `not (a and b)` is `not a or not b`: each leaf counts negated.
                for check in &mut checks[first..] {
                    check.negated = !check.negated;
                    check.result = check.result.not();
                }
                truth
            }
            Condition::Test(test) => {
                let check = test.check(ctx);
                let result = check.result;
                checks.push(check);
                result
            }
            Condition::NotTest(test) => {
                let mut check = test.check(ctx);
                check.negated = true;
                check.result = check.result.not();
                let result = check.result;
                checks.push(check);
                result
            }
        }
    }

    /// The result alone, without the checks: what "what if" analysis needs, many times over.
    /// Always equal to `evaluate(ctx).result`.
    pub fn truth(&self, ctx: &dyn Context) -> Truth {
        match self {
            Condition::All(parts) => parts
                .iter()
                .fold(Truth::True, |acc, p| acc.and(p.truth(ctx))),
            Condition::Any(parts) => parts
                .iter()
                .fold(Truth::False, |acc, p| acc.or(p.truth(ctx))),
            Condition::Not(inner) => inner.truth(ctx).not(),
            Condition::Test(test) => test.truth(ctx),
            Condition::NotTest(test) => test.truth(ctx).not(),
        }
    }

    /// Every subject this condition reads, each once, in source order.
    pub fn subjects(&self) -> Vec<&Subject> {
        let mut out = Vec::new();
        self.walk(&mut |t| {
            if !out.contains(&&t.subject) {
                out.push(&t.subject);
            }
        });
        out
    }

    /// The fact ids this condition reads.
    pub fn facts(&self) -> Vec<&str> {
        self.subjects()
            .into_iter()
            .filter_map(|s| match s {
                Subject::Fact(id) => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The integers an integer fact is compared with, for "what if" candidates.
    pub fn thresholds(&self, fact: &str) -> BTreeSet<i64> {
        let mut out = BTreeSet::new();
        self.walk(&mut |t| {
            if t.subject != Subject::Fact(fact.to_compact_string()) {
                return;
            }
            match &t.kind {
                TestKind::Compare(_, n) => {
                    out.insert(*n);
                }
                TestKind::OneOf(values) | TestKind::NoneOf(values) => {
                    out.extend(values.iter().filter_map(|v| match v {
                        Value::Int(i) => Some(*i),
                        _ => None,
                    }));
                }
                _ => {}
            }
        });
        out
    }

    /// Calls `f` on every test, in source order.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Test)) {
        match self {
            Condition::All(parts) | Condition::Any(parts) => parts.iter().for_each(|p| p.walk(f)),
            Condition::Not(inner) => inner.walk(f),
            Condition::Test(t) | Condition::NotTest(t) => f(t),
        }
    }
}

impl Test {
    fn check(&self, ctx: &dyn Context) -> Check<'_> {
        let seen: Option<Value> = match &self.subject {
            Subject::Fact(id) => ctx.fact(id).cloned(),
            Subject::Decision(id) => ctx.decision(id).map(|w| Value::Word(w.to_compact_string())),
            Subject::Capability(id) => ctx
                .capability(id)
                .map(|w| Value::Word(w.to_compact_string())),
        };
        let result = match &seen {
            None => Truth::Unknown,
            Some(value) => Truth::from_bool(self.holds(value)),
        };
        Check {
            of: self,
            subject: &self.subject,
            seen,
            result,
            negated: false,
        }
    }

    fn truth(&self, ctx: &dyn Context) -> Truth {
        let holds = match &self.subject {
            Subject::Fact(id) => ctx.fact(id).map(|v| self.holds(v)),
            Subject::Decision(id) => ctx.decision(id).map(|w| self.holds_word(w)),
            Subject::Capability(id) => ctx.capability(id).map(|w| self.holds_word(w)),
        };
        holds.map_or(Truth::Unknown, Truth::from_bool)
    }

    /// Whether an outcome (a word) passes, without building a [`Value`] for it.
    fn holds_word(&self, word: &str) -> bool {
        match &self.kind {
            TestKind::OneOf(values) => values
                .iter()
                .any(|v| matches!(v, Value::Word(w) if w == word)),
            TestKind::NoneOf(values) => !values
                .iter()
                .any(|v| matches!(v, Value::Word(w) if w == word)),
            _ => false,
        }
    }

    fn holds(&self, value: &Value) -> bool {
        match (&self.kind, value) {
            (TestKind::IsTrue, Value::Bool(b)) => *b,
            (TestKind::OneOf(values), v) => values.contains(v),
            (TestKind::NoneOf(values), v) => !values.contains(v),
            (TestKind::Compare(cmp, n), Value::Int(i)) => match cmp {
                Cmp::Lt => i < n,
                Cmp::Le => i <= n,
                Cmp::Gt => i > n,
                Cmp::Ge => i >= n,
            },
            (TestKind::Contains(word), Value::Set(words)) => words.contains(word),
            // The type check at load makes other pairs impossible for profile values.
            _ => false,
        }
    }
}

/// [`Value`]'s own `Serialize` leaves out the variant, which suits reports, but a word and a text
/// are then both plain strings, and formats that are not self-describing cannot read it back at
/// all. In a condition the variant is written out.
mod values {
    use crate::fact::Value;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    // `remote` makes the compiler check that these variants still match `Value`'s.
    #[derive(Serialize, Deserialize)]
    #[serde(remote = "Value")]
    enum Tagged {
        Bool(bool),
        Int(i64),
        Word(compact_str::CompactString),
        Set(crate::words::Words),
        Text(compact_str::CompactString),
    }

    #[derive(Serialize)]
    struct Out<'a>(#[serde(with = "Tagged")] &'a Value);

    #[derive(Deserialize)]
    struct In(#[serde(with = "Tagged")] Value);

    pub(super) fn serialize<S: Serializer>(values: &[Value], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(Out))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
        let values = Vec::<In>::deserialize(d)?;
        Ok(values.into_iter().map(|In(value)| value).collect())
    }
}

#[cfg(test)]
mod tests;
