//! The parser: tokens into a syntax tree, and the syntax problems. It knows the grammar and
//! nothing of facts; the type check gives each test its meaning.
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

use super::ConditionError;
use super::lexer::{Tok, Token};
use crate::problem::Code;

/// How deep `(` and `not` may nest. The parser, the type check, evaluation and every walk over a
/// condition recurse once per level, so an unbounded depth lets a long enough condition
/// overflow the stack. Real rules nest three or four levels; 64 leaves room for generated
/// ones while the deepest condition accepted stays far from any stack limit.
pub(super) const MAX_DEPTH: usize = 64;

/// A condition's shape before its tests are typed.
#[derive(Debug)]
pub(super) enum Expr {
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    /// The next of [`Syntax::tests`]: the tree and that list are both in source order.
    Test,
}

/// A subject as written and where it starts.
#[derive(Debug)]
pub(super) struct Path {
    pub(super) text: String,
    pub(super) at: usize,
}

/// One test as written: its subject and what follows it.
#[derive(Debug)]
pub(super) struct RawTest {
    pub(super) subject: Path,
    pub(super) tail: Tail,
    /// Where the test's text ends (it starts at its subject).
    pub(super) end: usize,
}

#[derive(Debug)]
pub(super) enum Tail {
    /// Nothing: the subject is a boolean fact.
    Bare,
    /// `==`, `!=`, `<`, `<=`, `>`, `>=` and a literal.
    Compare(&'static str, Token),
    In(Vec<Token>),
    NotIn(Vec<Token>),
    Contains(Token),
}

/// What the parser read, even when it stopped at a syntax problem: the type check looks at the
/// tests read before that problem first, so that problems are reported in the order the text
/// is read (a misspelt fact before a bracket that is never closed after it).
#[derive(Debug)]
pub(super) struct Syntax {
    /// Every complete test read, in source order.
    pub(super) tests: Vec<RawTest>,
    /// The subject of a test the syntax problem cut short.
    pub(super) cut_short: Option<Path>,
    pub(super) tree: Result<Expr, ConditionError>,
}

/// Parses a condition's tokens; `text` is what they were read from.
pub(super) fn parse(text: &str, tokens: Vec<Token>) -> Syntax {
    let mut parser = Parser {
        text,
        tokens,
        pos: 0,
        tests: Vec::new(),
        cut_short: None,
    };
    let tree = parser.condition();
    Syntax {
        tests: parser.tests,
        cut_short: parser.cut_short,
        tree,
    }
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    pos: usize,
    tests: Vec<RawTest>,
    cut_short: Option<Path>,
}

impl Parser<'_> {
    fn condition(&mut self) -> Result<Expr, ConditionError> {
        if self.tokens.is_empty() {
            return Err(ConditionError::new(
                0,
                Code::ConditionSyntax,
                "the condition is empty",
            ));
        }
        let tree = self.or(0)?;
        if let Some(extra) = self.peek() {
            return Err(ConditionError::new(
                extra.start,
                Code::ConditionSyntax,
                format!("unexpected `{}`", &self.text[extra.start..extra.end]),
            )
            .help(Some("join tests with `and` or `or`".into())));
        }
        Ok(tree)
    }

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

    /// `depth` counts the `(` and `not` around the current position.
    fn or(&mut self, depth: usize) -> Result<Expr, ConditionError> {
        let mut parts = vec![self.and(depth)?];
        while self.at_keyword("or") {
            self.pos += 1;
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Any(parts)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, ConditionError> {
        let mut parts = vec![self.unary(depth)?];
        while self.at_keyword("and") {
            self.pos += 1;
            parts.push(self.unary(depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::All(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, ConditionError> {
        let nests = self.at_keyword("not") || matches!(self.peek(), Some(t) if t.tok == Tok::Open);
        if nests && depth == MAX_DEPTH {
            let at = self.peek().map_or(0, |t| t.start);
            return Err(ConditionError::new(
                at,
                Code::ConditionSyntax,
                format!("the condition nests `(` and `not` more than {MAX_DEPTH} levels deep"),
            )
            .help(Some(
                "drop brackets that are not needed, and pairs of `not`, which cancel out".into(),
            )));
        }
        if self.at_keyword("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Open) => {
                let open = self.next().map_or(0, |t| t.start);
                let inner = self.or(depth + 1)?;
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

    fn test(&mut self) -> Result<Expr, ConditionError> {
        let subject_token = self.next().expect("caller peeked an identifier");
        let Tok::Ident(path) = subject_token.tok else {
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
        let subject = Path {
            text: path,
            at: subject_token.start,
        };
        match self.tail() {
            Ok(tail) => {
                let end = self.tokens[self.pos - 1].end;
                self.tests.push(RawTest { subject, tail, end });
                Ok(Expr::Test)
            }
            Err(error) => {
                self.cut_short = Some(subject);
                Err(error)
            }
        }
    }

    fn tail(&mut self) -> Result<Tail, ConditionError> {
        Ok(match self.peek().map(|t| t.tok.clone()) {
            Some(Tok::Op(op)) => {
                self.pos += 1;
                Tail::Compare(op, self.literal()?)
            }
            Some(Tok::Ident(w)) if w == "in" => {
                self.pos += 1;
                Tail::In(self.list()?)
            }
            Some(Tok::Ident(w))
                if w == "not"
                    && self
                        .tokens
                        .get(self.pos + 1)
                        .is_some_and(|t| t.tok == Tok::Ident("in".into())) =>
            {
                self.pos += 2;
                Tail::NotIn(self.list()?)
            }
            Some(Tok::Ident(w)) if w == "contains" => {
                self.pos += 1;
                Tail::Contains(self.literal()?)
            }
            _ => Tail::Bare,
        })
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
}
