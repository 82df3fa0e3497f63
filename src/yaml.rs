//! The one place that talks to the YAML library.
//!
//! Everything else deserialises through [`parse`], which fixes the parser options that keep
//! hostile or ambiguous input harmless (YAML 1.2 booleans only, alias and depth budgets, duplicate
//! keys rejected) and turns the library's errors into [`Problem`]s with our codes and wording.

use crate::problem::{Code, Place, Problem, did_you_mean, one_of};
use serde::de::DeserializeOwned;
use serde_saphyr::{Error, Location};

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
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
        },
    }
}

/// Deserialises one YAML document. An empty document reads as `T::default()`-like input only if
/// `T` accepts an empty mapping; callers decide whether emptiness is an error.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            Problem::new(Place::file(file), Code::YamlSyntax, "the file is empty")
                .with_help("write at least one key; `kubecompass init` prints a starter profile"),
        );
    }
    serde_saphyr::from_str_with_options(text, options()).map_err(|err| to_problem(file, &err))
}

/// Line and column of a span, as a [`Place`] in `file`.
pub fn place(file: &str, location: &Location) -> Place {
    Place::at(file, location.line(), location.column())
}

fn to_problem(file: &str, err: &Error) -> Problem {
    let at = err
        .location()
        .map_or_else(|| Place::file(file), |l| place(file, &l));
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
        assert_eq!(p.place.line, 2);
        assert_eq!(p.help.as_deref(), Some("did you mean `size`?"));
    }

    #[test]
    fn wrong_type_names_both_sides() {
        let p = problem("name: a\nsize: many\n");
        assert_eq!(p.code, Code::WrongType);
        assert_eq!(p.place.line, 2);
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
