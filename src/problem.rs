//! Findings about the user's input files: what is wrong, where, and how to fix it.
//!
//! Loaders never stop at the first mistake. They collect [`Problem`]s, and the caller reports
//! them all before failing once, so a user fixes a file in one pass instead of one error per run.
//! Every problem carries a stable [`Code`] that tests, docs and scripts can name.

use std::fmt;

/// A stable identifier for a kind of problem. The kebab-case spelling is part of the CLI contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The file could not be read (missing, a directory, no permission, not UTF-8, too large).
    Unreadable,
    /// The text is not well-formed YAML.
    YamlSyntax,
    /// A YAML limit was hit: alias expansion, nesting depth, document size.
    LimitExceeded,
    /// A mapping key that the format does not define.
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value of the wrong kind (a list where a word is expected, text where a number is).
    WrongType,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// A profile or condition names a fact the catalogue does not declare.
    UnknownFact,
    /// A value outside the allowed set of a fact or field.
    UnknownValue,
    /// A reference to a decision, option, requirement, question or tool that does not exist.
    UnknownId,
    /// Two catalogue items share an id.
    DuplicateId,
    /// A condition that does not parse.
    ConditionSyntax,
    /// A condition that compares a fact with a value or operator of the wrong type.
    TypeMismatch,
    /// Decisions whose conditions depend on each other in a circle.
    Cycle,
    /// An item that is well-formed but unusable (empty option list, unreachable default...).
    Invalid,
    /// A template that does not parse or does not render.
    Template,
}

impl Code {
    /// Every code, in a stable order (used by docs and tests).
    pub const ALL: [Code; 16] = [
        Code::Unreadable,
        Code::YamlSyntax,
        Code::LimitExceeded,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::DuplicateKey,
        Code::UnknownFact,
        Code::UnknownValue,
        Code::UnknownId,
        Code::DuplicateId,
        Code::ConditionSyntax,
        Code::TypeMismatch,
        Code::Cycle,
        Code::Invalid,
        Code::Template,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "unreadable",
            Code::YamlSyntax => "yaml-syntax",
            Code::LimitExceeded => "limit-exceeded",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::DuplicateKey => "duplicate-key",
            Code::UnknownFact => "unknown-fact",
            Code::UnknownValue => "unknown-value",
            Code::UnknownId => "unknown-id",
            Code::DuplicateId => "duplicate-id",
            Code::ConditionSyntax => "condition-syntax",
            Code::TypeMismatch => "type-mismatch",
            Code::Cycle => "cycle",
            Code::Invalid => "invalid",
            Code::Template => "template",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in which file. Line and column are 1-based; 0 means "not known".
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl Place {
    pub fn file(file: impl Into<String>) -> Place {
        Place {
            file: file.into(),
            line: 0,
            column: 0,
        }
    }

    pub fn at(file: impl Into<String>, line: u64, column: u64) -> Place {
        Place {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, 0) => write!(f, "{}:{line}", self.file),
            (line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// One finding: where, what kind, what, and (when we can tell) how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(place: Place, code: Code, message: impl Into<String>) -> Problem {
        Problem {
            place,
            code,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Problem {
        self.help = help;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}: {}", self.code, self.place, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A non-empty list of problems: the error type of every loader.
#[derive(Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn one(problem: Problem) -> Problems {
        Problems(vec![problem])
    }

    /// Problems in file order, so output is stable whatever order checks ran in.
    pub fn sorted(mut self) -> Problems {
        self.0
            .sort_by(|a, b| (&a.place, a.code, &a.message).cmp(&(&b.place, b.code, &b.message)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Problems {}

/// The closest candidate to a misspelt word, if any is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// A short list of the allowed words, for messages such as "expected one of ...".
pub fn one_of<S: AsRef<str>>(allowed: &[S]) -> String {
    const SHOWN: usize = 12;
    let mut out = allowed
        .iter()
        .take(SHOWN)
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if allowed.len() > SHOWN {
        out.push_str(&format!(" and {} more", allowed.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_word_only_when_close() {
        let words = [
            "team.size",
            "team.kubernetes-experience",
            "vendor.independence",
        ];
        assert_eq!(closest("team.sise", words), Some("team.size"));
        assert_eq!(
            closest("team.kubernetes-experiance", words),
            Some("team.kubernetes-experience")
        );
        assert_eq!(closest("budget", words), None);
    }

    #[test]
    fn displays_code_place_message_and_help() {
        let p = Problem::new(
            Place::at("p.yaml", 3, 5),
            Code::UnknownFact,
            "unknown fact `team.sise`",
        )
        .with_help("did you mean `team.size`?");
        assert_eq!(
            p.to_string(),
            "error[unknown-fact]: p.yaml:3:5: unknown fact `team.sise`\n  help: did you mean `team.size`?"
        );
    }

    #[test]
    fn codes_are_unique_kebab_words() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
