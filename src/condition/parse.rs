//! The condition language: tokens, grammar and the type check against declared facts.
//!
//! ```text
//! or    := and ("or" and)*
//! and   := unary ("and" unary)*
//! unary := "not" unary | "(" or ")" | test
//! test  := subject                                 (a boolean fact)
//!        | subject ("==" | "!=" | "<" | "<=" | ">" | ">=") literal
//!        | subject ["not"] "in" "[" literal ("," literal)* "]"
//!        | subject "contains" literal              (a set fact)
//! subject := fact-id | "decision." id | "capability." id
//! literal := word | number | "quoted text" | true | false
//! ```

use super::{Cmp, Condition, Subject, Test, TestKind};
use crate::fact::{FactType, Value};
use crate::problem::{Code, did_you_mean, one_of};
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

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Number(i64),
    Str(String),
    Op(&'static str),
    Open,
    Close,
    LBracket,
    RBracket,
    Comma,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let single = |tok| Token {
            tok,
            start,
            end: start + 1,
        };
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => (out.push(single(Tok::Open)), i += 1).1,
            b')' => (out.push(single(Tok::Close)), i += 1).1,
            b'[' => (out.push(single(Tok::LBracket)), i += 1).1,
            b']' => (out.push(single(Tok::RBracket)), i += 1).1,
            b',' => (out.push(single(Tok::Comma)), i += 1).1,
            b'=' | b'!' | b'<' | b'>' => {
                let two = text.get(i..i + 2).unwrap_or("");
                let (op, len) = match two {
                    "==" => ("==", 2),
                    "!=" => ("!=", 2),
                    "<=" => ("<=", 2),
                    ">=" => (">=", 2),
                    _ if c == b'<' => ("<", 1),
                    _ if c == b'>' => (">", 1),
                    _ => {
                        let help = if c == b'=' {
                            "write `==` to compare"
                        } else {
                            "write `!=`, or `not` before a test"
                        };
                        return Err(ConditionError::new(
                            i,
                            Code::ConditionSyntax,
                            format!("unexpected `{}`", c as char),
                        )
                        .help(Some(help.into())));
                    }
                };
                out.push(Token {
                    tok: Tok::Op(op),
                    start,
                    end: start + len,
                });
                i += len;
            }
            b'"' | b'\'' => {
                let quote = c;
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != quote {
                    j += 1;
                }
                if j >= bytes.len() {
                    return Err(ConditionError::new(
                        i,
                        Code::ConditionSyntax,
                        "unterminated quoted text",
                    ));
                }
                out.push(Token {
                    tok: Tok::Str(text[i + 1..j].to_string()),
                    start,
                    end: j + 1,
                });
                i = j + 1;
            }
            b'0'..=b'9' | b'-' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                let number = text[i..j].parse::<i64>().map_err(|_| {
                    ConditionError::new(
                        i,
                        Code::ConditionSyntax,
                        format!("`{}` is not a whole number", &text[i..j]),
                    )
                })?;
                out.push(Token {
                    tok: Tok::Number(number),
                    start,
                    end: j,
                });
                i = j;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i + 1;
                while j < bytes.len()
                    && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'_' | b'-' | b'.'))
                {
                    j += 1;
                }
                out.push(Token {
                    tok: Tok::Ident(text[i..j].to_string()),
                    start,
                    end: j,
                });
                i = j;
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(ConditionError::new(
                    i,
                    Code::ConditionSyntax,
                    format!("unexpected `{ch}`"),
                ));
            }
        }
    }
    Ok(out)
}

struct Parser<'t, 'v> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    vocab: &'v Vocabulary<'v>,
}

/// Parses and type-checks one condition.
pub fn parse(text: &str, vocab: &Vocabulary<'_>) -> Result<Condition, ConditionError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(ConditionError::new(
            0,
            Code::ConditionSyntax,
            "the condition is empty",
        ));
    }
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        vocab,
    };
    let condition = parser.or()?;
    if let Some(extra) = parser.peek() {
        return Err(ConditionError::new(
            extra.start,
            Code::ConditionSyntax,
            format!("unexpected `{}`", &text[extra.start..extra.end]),
        )
        .help(Some("join tests with `and` or `or`".into())));
    }
    Ok(condition)
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn at_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Ident(w), .. }) if w == word)
    }

    fn end_offset(&self) -> usize {
        self.text.len()
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.and()?];
        while self.at_keyword("or") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::Any(parts)
        })
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.unary()?];
        while self.at_keyword("and") {
            self.pos += 1;
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Condition::All(parts)
        })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        if self.at_keyword("not") {
            self.pos += 1;
            return Ok(Condition::Not(Box::new(self.unary()?)));
        }
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Open) => {
                let open = self.next().map_or(0, |t| t.start);
                let inner = self.or()?;
                match self.next() {
                    Some(Token {
                        tok: Tok::Close, ..
                    }) => Ok(inner),
                    _ => Err(ConditionError::new(
                        open,
                        Code::ConditionSyntax,
                        "this `(` is never closed",
                    )),
                }
            }
            Some(Tok::Ident(_)) => self.test(),
            Some(_) => {
                let t = self.next().expect("peeked");
                Err(ConditionError::new(
                    t.start,
                    Code::ConditionSyntax,
                    format!("expected a fact, found `{}`", &self.text[t.start..t.end]),
                ))
            }
            None => Err(ConditionError::new(
                self.end_offset(),
                Code::ConditionSyntax,
                "the condition ends too early",
            )
            .help(Some("a test such as `team.size >= 5` is missing".into()))),
        }
    }

    fn test(&mut self) -> Result<Condition, ConditionError> {
        let subject_token = self.next().expect("caller peeked an identifier");
        let Tok::Ident(path) = &subject_token.tok else {
            unreachable!("caller checked")
        };
        if matches!(
            path.as_str(),
            "and" | "or" | "in" | "contains" | "true" | "false"
        ) {
            return Err(ConditionError::new(
                subject_token.start,
                Code::ConditionSyntax,
                format!("expected a fact, found the keyword `{path}`"),
            ));
        }
        let (subject, ty) = self.subject(path, subject_token.start)?;
        let start = subject_token.start;

        let kind = match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Op(op)) => {
                self.pos += 1;
                let literal = self.literal()?;
                self.comparison(&subject, &ty, op, literal)?
            }
            Some(Tok::Ident(w)) if w == "in" => {
                self.pos += 1;
                let list = self.list()?;
                TestKind::OneOf(self.members(&subject, &ty, list)?)
            }
            Some(Tok::Ident(w))
                if w == "not"
                    && self
                        .tokens
                        .get(self.pos + 1)
                        .is_some_and(|t| t.tok == Tok::Ident("in".into())) =>
            {
                self.pos += 2;
                let list = self.list()?;
                TestKind::NoneOf(self.members(&subject, &ty, list)?)
            }
            Some(Tok::Ident(w)) if w == "contains" => {
                self.pos += 1;
                let literal = self.literal()?;
                self.contains(&subject, &ty, literal)?
            }
            _ => match &ty {
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
        let end = self.tokens[self.pos - 1].end;
        Ok(Condition::Test(Test {
            subject,
            kind,
            text: self.text[start..end].to_string(),
        }))
    }

    fn subject(&self, path: &str, at: usize) -> Result<(Subject, SubjectType), ConditionError> {
        if let Some(id) = path.strip_prefix("decision.") {
            let options = self.vocab.decisions.get(id).ok_or_else(|| {
                ConditionError::new(at, Code::UnknownId, format!("unknown decision `{id}`"))
                    .help(did_you_mean(id, self.vocab.decisions.keys().copied()))
            })?;
            let words = options.iter().map(|s| s.to_string()).collect();
            return Ok((
                Subject::Decision(id.to_string()),
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
            let words = VERDICTS.iter().map(|s| s.to_string()).collect();
            return Ok((
                Subject::Capability(id.to_string()),
                SubjectType::Outcome(words),
            ));
        }
        match self.vocab.facts.get(path) {
            Some(ty) => Ok((
                Subject::Fact(path.to_string()),
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

    fn literal(&mut self) -> Result<Token, ConditionError> {
        match self.next() {
            Some(
                t @ Token {
                    tok: Tok::Ident(_) | Tok::Number(_) | Tok::Str(_),
                    ..
                },
            ) => Ok(t),
            Some(t) => Err(ConditionError::new(
                t.start,
                Code::ConditionSyntax,
                format!("expected a value, found `{}`", &self.text[t.start..t.end]),
            )),
            None => Err(ConditionError::new(
                self.end_offset(),
                Code::ConditionSyntax,
                "a value is missing at the end",
            )),
        }
    }

    fn list(&mut self) -> Result<Vec<Token>, ConditionError> {
        let open = match self.next() {
            Some(Token {
                tok: Tok::LBracket,
                start,
                ..
            }) => start,
            other => {
                let at = other.map_or(self.end_offset(), |t| t.start);
                return Err(ConditionError::new(
                    at,
                    Code::ConditionSyntax,
                    "expected a list such as `[a, b]` after `in`",
                ));
            }
        };
        let mut items = Vec::new();
        loop {
            if matches!(
                self.peek(),
                Some(Token {
                    tok: Tok::RBracket,
                    ..
                })
            ) {
                self.pos += 1;
                break;
            }
            items.push(self.literal()?);
            match self.next() {
                Some(Token {
                    tok: Tok::Comma, ..
                }) => continue,
                Some(Token {
                    tok: Tok::RBracket, ..
                }) => break,
                _ => {
                    return Err(ConditionError::new(
                        open,
                        Code::ConditionSyntax,
                        "this `[` is never closed",
                    ));
                }
            }
        }
        if items.is_empty() {
            return Err(ConditionError::new(
                open,
                Code::ConditionSyntax,
                "the list is empty",
            ));
        }
        Ok(items)
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
                Ok(Value::Text(s.clone()))
            }
            (SubjectType::Fact(FactType::Text), _) => Ok(Value::Text(raw.to_string())),
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
        words: &[String],
        word: &str,
        at: usize,
    ) -> Result<String, ConditionError> {
        if words.iter().any(|w| w == word) {
            return Ok(word.to_string());
        }
        let help = did_you_mean(word, words.iter().map(String::as_str))
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
        token: Token,
    ) -> Result<TestKind, ConditionError> {
        let value = self.value(subject, ty, &token)?;
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
                Ok(TestKind::OneOf(chosen.collect()))
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
        list: Vec<Token>,
    ) -> Result<Vec<Value>, ConditionError> {
        let mut values = Vec::with_capacity(list.len());
        for token in &list {
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
        token: Token,
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
    Outcome(Vec<String>),
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
                    words.first().map_or("x", String::as_str)
                )
            }
            SubjectType::Fact(FactType::Enum(words)) | SubjectType::Outcome(words) => {
                format!(
                    "compare it, e.g. `{path} == {}`",
                    words.first().map_or("x", String::as_str)
                )
            }
            _ => format!("compare it, e.g. `{path} == \"text\"`"),
        }
    }
}
