//! The lexer: condition text into tokens, each with the byte span it covers, and the problems
//! found at that level (a stray character, unterminated quoted text, a number too large).
//!
//! Words may hold `.`, `-` and `_`, so `team.kubernetes-experience` and `decision.cni` are one
//! token each; keywords (`and`, `not`, `in`, ...) are words too and get their meaning in the
//! parser.

use super::ConditionError;
use crate::problem::Code;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
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

/// A token and the bytes `start..end` it was read from: every problem is located by them.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
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
