//! The type check: each test of a syntax tree against the declared facts, decisions and
//! capabilities (the [`Vocabulary`]), turning it into a typed [`Test`]. Literals become values
//! of the subject's type, enum comparisons become the words they select, and unknown ids and
//! values get a suggestion.

use super::lexer::{Tok, Token};
use super::parser::{Expr, Path, RawTest, Syntax, Tail};
use super::{Cmp, Condition, ConditionError, Subject, Test, TestKind};
use crate::fact::{FactType, Value};
use crate::problem::{Code, did_you_mean, one_of};
use compact_str::{CompactString, ToCompactString};
use std::collections::{BTreeMap, BTreeSet};

/// The words a condition may use: declared facts, decisions with their options, capabilities.
#[derive(Default)]
pub struct Vocabulary<'a> {
    pub facts: BTreeMap<&'a str, &'a FactType>,
    pub decisions: BTreeMap<&'a str, Vec<&'a str>>,
    pub capabilities: BTreeSet<&'a str>,
}

/// The verdicts a capability can have, as condition literals.
pub const VERDICTS: [&str; 3] = ["now", "later", "skip"];

/// Types what the parser read from `text`: the tests it read, in order, then its syntax
/// problem if it had one, so the first problem met in reading order is the one reported.
pub(super) fn check(
    text: &str,
    syntax: Syntax,
    vocab: &Vocabulary<'_>,
) -> Result<Condition, ConditionError> {
    let checker = Checker { text, vocab };
    let tests = syntax
        .tests
        .iter()
        .map(|raw| checker.test(raw))
        .collect::<Result<Vec<Test>, _>>()?;
    if let Some(Path { text, at }) = &syntax.cut_short {
        checker.subject(text, *at)?;
    }
    let tree = syntax.tree?;
    let mut tests = tests.into_iter();
    let condition = assemble(tree, &mut tests);
    debug_assert!(tests.next().is_none(), "one typed test per leaf");
    Ok(condition)
}

/// Puts the typed tests into the tree's leaves, which hold them in the same order.
fn assemble(expr: Expr, tests: &mut impl Iterator<Item = Test>) -> Condition {
    let mut all = |parts: Vec<Expr>| parts.into_iter().map(|p| assemble(p, tests)).collect();
    match expr {
        Expr::All(parts) => Condition::All(all(parts)),
        Expr::Any(parts) => Condition::Any(all(parts)),
        Expr::Not(inner) => match assemble(*inner, tests) {
            Condition::Test(test) => Condition::NotTest(test),
            inner => Condition::Not(Box::new(inner)),
        },
        Expr::Test => Condition::Test(tests.next().expect("one typed test per leaf")),
    }
}

struct Checker<'t, 'v> {
    text: &'t str,
    vocab: &'v Vocabulary<'v>,
}

impl Checker<'_, '_> {
    fn test(&self, raw: &RawTest) -> Result<Test, ConditionError> {
        let path = raw.subject.text.as_str();
        let start = raw.subject.at;
        let (subject, ty) = self.subject(path, start)?;
        let kind = match &raw.tail {
            Tail::Compare(op, literal) => self.comparison(&subject, &ty, op, literal)?,
            Tail::In(list) => TestKind::OneOf(self.members(&subject, &ty, list)?),
            Tail::NotIn(list) => TestKind::NoneOf(self.members(&subject, &ty, list)?),
            Tail::Contains(literal) => self.contains(&subject, &ty, literal)?,
            Tail::Bare => match &ty {
                SubjectType::Fact(FactType::Bool) => TestKind::IsTrue,
                _ => {
                    return Err(ConditionError::new(
                        start,
                        Code::TypeMismatch,
                        format!("`{path}` is {}, not a yes/no fact", ty.describe()),
                    )
                    .help(Some(ty.example(path))));
                }
            },
        };
        Ok(Test {
            subject,
            kind,
            text: self.text[start..raw.end].to_compact_string(),
        })
    }

    fn subject(&self, path: &str, at: usize) -> Result<(Subject, SubjectType), ConditionError> {
        if let Some(id) = path.strip_prefix("decision.") {
            let options = self.vocab.decisions.get(id).ok_or_else(|| {
                ConditionError::new(at, Code::UnknownId, format!("unknown decision `{id}`"))
                    .help(did_you_mean(id, self.vocab.decisions.keys().copied()))
            })?;
            let words = options.iter().map(|s| s.to_compact_string()).collect();
            return Ok((
                Subject::Decision(id.to_compact_string()),
                SubjectType::Outcome(words),
            ));
        }
        if let Some(id) = path.strip_prefix("capability.") {
            if !self.vocab.capabilities.contains(id) {
                return Err(ConditionError::new(
                    at,
                    Code::UnknownId,
                    format!("unknown capability `{id}`"),
                )
                .help(did_you_mean(id, self.vocab.capabilities.iter().copied())));
            }
            let words = VERDICTS.iter().map(|s| s.to_compact_string()).collect();
            return Ok((
                Subject::Capability(id.to_compact_string()),
                SubjectType::Outcome(words),
            ));
        }
        match self.vocab.facts.get(path) {
            Some(ty) => Ok((
                Subject::Fact(path.to_compact_string()),
                SubjectType::Fact((*ty).clone()),
            )),
            None => {
                Err(
                    ConditionError::new(at, Code::UnknownFact, format!("unknown fact `{path}`"))
                        .help(did_you_mean(path, self.vocab.facts.keys().copied())),
                )
            }
        }
    }

    /// Types one literal against the subject it is compared with.
    fn value(
        &self,
        subject: &Subject,
        ty: &SubjectType,
        token: &Token,
    ) -> Result<Value, ConditionError> {
        let raw = &self.text[token.start..token.end];
        let mismatch = |what: &str| {
            ConditionError::new(
                token.start,
                Code::TypeMismatch,
                format!(
                    "`{}` is {}, so `{raw}` cannot be {what}",
                    subject.path(),
                    ty.describe()
                ),
            )
        };
        match (ty, &token.tok) {
            (SubjectType::Fact(FactType::Bool), Tok::Ident(w)) if w == "true" || w == "false" => {
                Ok(Value::Bool(w == "true"))
            }
            (SubjectType::Fact(FactType::Bool), _) => {
                Err(mismatch("its value").help(Some("use `true` or `false`".into())))
            }
            (SubjectType::Fact(FactType::Integer { .. }), Tok::Number(n)) => Ok(Value::Int(*n)),
            (SubjectType::Fact(FactType::Integer { .. }), _) => {
                Err(mismatch("its value").help(Some("compare it with a whole number".into())))
            }
            (SubjectType::Fact(FactType::Text), Tok::Str(s) | Tok::Ident(s)) => {
                Ok(Value::Text(s.as_str().into()))
            }
            (SubjectType::Fact(FactType::Text), _) => Ok(Value::Text(raw.to_compact_string())),
            (SubjectType::Fact(FactType::Enum(words)), Tok::Ident(w) | Tok::Str(w)) => {
                self.word(subject, words, w, token.start).map(Value::Word)
            }
            (SubjectType::Outcome(words), Tok::Ident(w) | Tok::Str(w)) => {
                self.word(subject, words, w, token.start).map(Value::Word)
            }
            (SubjectType::Fact(FactType::Enum(words)) | SubjectType::Outcome(words), _) => {
                Err(mismatch("its value").help(Some(format!("use one of {}", one_of(words)))))
            }
            (SubjectType::Fact(FactType::Set(_)), _) => Err(ConditionError::new(
                token.start,
                Code::TypeMismatch,
                format!(
                    "`{}` is a set; test membership with `contains`",
                    subject.path()
                ),
            )
            .help(Some(format!("write `{} contains {raw}`", subject.path())))),
        }
    }

    fn word(
        &self,
        subject: &Subject,
        words: &[CompactString],
        word: &str,
        at: usize,
    ) -> Result<CompactString, ConditionError> {
        if words.iter().any(|w| w == word) {
            return Ok(word.into());
        }
        let help = did_you_mean(word, words.iter().map(CompactString::as_str))
            .unwrap_or_else(|| format!("use one of {}", one_of(words)));
        Err(ConditionError::new(
            at,
            Code::UnknownValue,
            format!("`{word}` is not a value of `{}`", subject.path()),
        )
        .help(Some(help)))
    }

    fn comparison(
        &self,
        subject: &Subject,
        ty: &SubjectType,
        op: &str,
        token: &Token,
    ) -> Result<TestKind, ConditionError> {
        let value = self.value(subject, ty, token)?;
        let cmp = match op {
            "==" => return Ok(TestKind::OneOf(vec![value])),
            "!=" => return Ok(TestKind::NoneOf(vec![value])),
            "<" => Cmp::Lt,
            "<=" => Cmp::Le,
            ">" => Cmp::Gt,
            _ => Cmp::Ge,
        };
        match (ty, value) {
            (SubjectType::Fact(FactType::Integer { .. }), Value::Int(n)) => {
                Ok(TestKind::Compare(cmp, n))
            }
            // Enum words are ordered as declared, so `experience >= intermediate` is the
            // set of words at or after `intermediate`.
            (SubjectType::Fact(FactType::Enum(words)), Value::Word(w)) => {
                let rank = words
                    .iter()
                    .position(|x| *x == w)
                    .expect("checked by value()");
                let keep = |i: usize| match cmp {
                    Cmp::Lt => i < rank,
                    Cmp::Le => i <= rank,
                    Cmp::Gt => i > rank,
                    Cmp::Ge => i >= rank,
                };
                let chosen = words
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keep(*i))
                    .map(|(_, w)| Value::Word(w.clone()));
                // Kept by the catalogue: a filtered list is collected with room for four.
                let mut chosen: Vec<Value> = chosen.collect();
                chosen.shrink_to_fit();
                Ok(TestKind::OneOf(chosen))
            }
            _ => Err(ConditionError::new(
                token.start,
                Code::TypeMismatch,
                format!(
                    "`{}` is {}; `{op}` needs a number or an ordered word list",
                    subject.path(),
                    ty.describe()
                ),
            )
            .help(Some("use `==`, `!=` or `in` instead".into()))),
        }
    }

    fn members(
        &self,
        subject: &Subject,
        ty: &SubjectType,
        list: &[Token],
    ) -> Result<Vec<Value>, ConditionError> {
        let mut values = Vec::with_capacity(list.len());
        for token in list {
            let value = self.value(subject, ty, token)?;
            if values.contains(&value) {
                return Err(ConditionError::new(
                    token.start,
                    Code::RepeatedValue,
                    format!("`{value}` is listed twice"),
                ));
            }
            values.push(value);
        }
        Ok(values)
    }

    fn contains(
        &self,
        subject: &Subject,
        ty: &SubjectType,
        token: &Token,
    ) -> Result<TestKind, ConditionError> {
        match (ty, &token.tok) {
            (SubjectType::Fact(FactType::Set(words)), Tok::Ident(w) | Tok::Str(w)) => self
                .word(subject, words, w, token.start)
                .map(TestKind::Contains),
            (SubjectType::Fact(FactType::Set(words)), _) => Err(ConditionError::new(
                token.start,
                Code::TypeMismatch,
                format!("`{}` holds words", subject.path()),
            )
            .help(Some(format!("use one of {}", one_of(words))))),
            _ => Err(ConditionError::new(
                token.start,
                Code::TypeMismatch,
                format!(
                    "`contains` needs a set fact, but `{}` is {}",
                    subject.path(),
                    ty.describe()
                ),
            )
            .help(Some("use `==` or `in` instead".into()))),
        }
    }
}

enum SubjectType {
    Fact(FactType),
    /// A decision's options or a capability's verdicts.
    Outcome(Vec<CompactString>),
}

impl SubjectType {
    fn describe(&self) -> String {
        match self {
            SubjectType::Fact(FactType::Enum(_)) => "an enum".into(),
            SubjectType::Fact(FactType::Bool) => "a yes/no fact".into(),
            SubjectType::Fact(FactType::Integer { .. }) => "an integer".into(),
            SubjectType::Fact(FactType::Set(_)) => "a set".into(),
            SubjectType::Fact(FactType::Text) => "text".into(),
            SubjectType::Outcome(_) => "an outcome".into(),
        }
    }

    fn example(&self, path: &str) -> String {
        match self {
            SubjectType::Fact(FactType::Integer { .. }) => {
                format!("compare it, e.g. `{path} >= 5`")
            }
            SubjectType::Fact(FactType::Set(words)) => {
                format!(
                    "test membership, e.g. `{path} contains {}`",
                    words.first().map_or("x", CompactString::as_str)
                )
            }
            SubjectType::Fact(FactType::Enum(words)) | SubjectType::Outcome(words) => {
                format!(
                    "compare it, e.g. `{path} == {}`",
                    words.first().map_or("x", CompactString::as_str)
                )
            }
            _ => format!("compare it, e.g. `{path} == \"text\"`"),
        }
    }
}
