//! Findings about the user's input files: what is wrong, where, and how to fix it.
//!
//! Loaders never stop at the first mistake. They collect [`Problem`]s, and the caller reports
//! them all before failing once, so a user fixes a file in one pass instead of one error per run.
//! Every problem carries a stable [`Code`] that tests, docs and scripts can name.

use std::fmt;

/// Declares [`Code`] from one list: each code's variant, its kebab-case spelling and the one
/// line a user reads for it (`validate --explain`, the README table). Spelling, description and
/// [`Code::ALL`] cannot drift apart because they are written once.
macro_rules! codes {
    ($($variant:ident = $name:literal: $description:literal,)*) => {
        /// A stable identifier for one kind of problem. The kebab-case spelling is part of the
        /// CLI contract; each code means one thing, so a script can act on it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $description] $variant,)*
        }

        impl Code {
            /// Every code, in a stable order (the order of the README table).
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// What the code means, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)*
                }
            }
        }
    };
}

codes! {
    Unreadable = "unreadable": "A file or folder cannot be read: missing, a directory, named pipe or device where a file belongs, no permission, not UTF-8, or too large.",
    YamlSyntax = "yaml-syntax": "The text is not well-formed YAML, is empty, or holds more than one document.",
    LimitExceeded = "limit-exceeded": "The YAML exceeds a safety limit: alias expansion, nesting depth, number of values or size.",
    UnknownKey = "unknown-key": "A mapping key the format does not define.",
    MissingKey = "missing-key": "A required key is absent.",
    MisplacedKey = "misplaced-key": "A key the item's type does not take: `values` on a fact that is no enum or set, `min` or `max` on one that is no integer.",
    WrongType = "wrong-type": "A value of the wrong kind: a list where a word belongs, text where a whole number belongs.",
    DuplicateKey = "duplicate-key": "The same key twice in one mapping.",
    UnknownFact = "unknown-fact": "A profile or condition names a fact, or a group of facts, the catalogue does not declare.",
    UnknownValue = "unknown-value": "A word that is not one of the allowed words of a fact or field.",
    OutOfRange = "out-of-range": "A whole number outside the bounds its fact declares.",
    RepeatedValue = "repeated-value": "A list names the same value twice.",
    UnknownId = "unknown-id": "A reference to a decision, option, requirement, question, tool, fact or capability that does not exist.",
    DuplicateId = "duplicate-id": "Two catalogue items of one kind share an id.",
    BadIdShape = "bad-id-shape": "An id is not written as its kind requires: lowercase words joined by dashes, a label such as `P1-Q26`, or `group.name` for a fact.",
    BadWordShape = "bad-word-shape": "An allowed word of an enum or set fact is not lowercase words joined by dashes.",
    BadName = "bad-name": "A name or title is not one short line of plain text: it holds a line break, tab, NUL, escape or other control character or a bidirectional override, or a profile's `name` is longer than 200 characters.",
    BadRange = "bad-range": "An integer fact's `min` is greater than its `max`, so no value is allowed.",
    BadUrl = "bad-url": "A link that is not an `https://` URL.",
    BadCitation = "bad-citation": "A `source` citation that is not a registered source id followed by a section, as in `SOURCE-ID §2.1`.",
    EmptyOptions = "empty-options": "A decision lists no options to choose from.",
    QuestionWithoutFact = "question-without-fact": "A question sets no fact, so its answer could not be recorded.",
    InformationalBlocking = "informational-blocking": "A question marked `informational` (no rule reads its answer) is classified blocking.",
    NotOneRecommended = "not-one-recommended": "A conflict does not mark exactly one resolution `recommended: true`.",
    DecisionReadsCapability = "decision-reads-capability": "A Layer 1 decision's rule, or a need of one of its options, reads a Layer 2 verdict, which is settled only after the decisions.",
    ConditionSyntax = "condition-syntax": "A condition that does not parse.",
    TypeMismatch = "type-mismatch": "A condition compares a fact with a value or an operator of the wrong type.",
    Cycle = "cycle": "Decisions or capabilities whose rules, or whose options' needs, read each other in a circle.",
    UnmeetableNeed = "unmeetable-need": "An option needs a condition that no profile can meet, so it could never be chosen.",
    ShadowedRule = "shadowed-rule": "A rule that can never decide: whenever it holds, an earlier rule whose choice nothing passes over holds too.",
    Template = "template": "A template that does not parse or does not render.",
    BadArgument = "bad-argument": "A command-line value is not in the form its option takes, such as `--answer ID=VALUE` or `--date YYYY-MM-DD`.",
    UnknownCode = "unknown-code": "`validate --explain` names a problem code that does not exist.",
    AmbiguousAnswer = "ambiguous-answer": "An `--answer` names a question that sets several facts; answer each fact by its id.",
    NoTerminal = "no-terminal": "`interview` needs a terminal to ask its questions, or `--answer` to be given the answers.",
    Uneditable = "uneditable": "An answer cannot be written into the profile so that it reads back with every other line unchanged.",
    ProfileLocked = "profile-locked": "Another `interview` run kept the profile locked for longer than `--wait` allows; answers are written one run at a time so none is lost.",
    FileExists = "file-exists": "`init -o` names a file that already exists; init never overwrites one.",
    OutputIsInput = "output-is-input": "The output file is an input of the same run, which writing would destroy: the profile, a template override in use or a `--catalogue` file.",
    Unwritable = "unwritable": "An output cannot be written: its folder is missing, it is a directory, block device or socket, or the system refused (a full disk, `/dev/full`).",
    NotAFolder = "not-a-folder": "The folder for the ADR records is a file.",
    OutsideRepository = "outside-repository": "The ADR folder, named by `.adr-dir` or `.log4brains.yml` or reached through a symbolic link, lies outside the repository, or is the repository's root or its `.git` folder.",
    AdrLayoutConflict = "adr-layout-conflict": "The ADR folder holds records in one layout (Nygard or MADR) and `--dialect` asks for another, or `--dialect` asks for other than log4brains' layout in a folder `.log4brains.yml` names.",
    SymlinkInAdrFolder = "symlink-in-adr-folder": "A file kubecompass would write in the ADR folder is a symbolic link, which it never writes through.",
    AdrSupersedeCycle = "adr-supersede-cycle": "Records of the ADR folder supersede each other in a circle (after a file was renamed or a link edited), so none is current; kubecompass refuses rather than add to it.",
    AdrFolderBusy = "adr-folder-busy": "Another `kubecompass adr` run is writing the same ADR folder; it holds the folder's lock until it ends.",
    AdrFileInTheWay = "adr-file-in-the-way": "Where kubecompass would write a record or the index there is a folder, named pipe or device, not a regular file.",
}

impl Code {
    /// The code spelt `name`, if there is one.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// Every code with its description as a Markdown table: the one in README.md, which a test
    /// keeps equal to this.
    pub fn table() -> String {
        let mut out = String::from("| Code | Meaning |\n| --- | --- |\n");
        for code in Code::ALL {
            out.push_str(&format!("| `{code}` | {} |\n", code.description()));
        }
        out
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
    /// `None` for a problem with no file: a command-line argument, a missing terminal.
    pub place: Option<Place>,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(place: Place, code: Code, message: impl Into<String>) -> Problem {
        Problem {
            place: Some(place),
            code,
            message: message.into(),
            help: None,
        }
    }

    /// A problem in no file: with the command line or the environment it runs in.
    pub fn general(code: Code, message: impl Into<String>) -> Problem {
        Problem {
            place: None,
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
        match &self.place {
            Some(place) => write!(f, "error[{}]: {place}: {}", self.code, self.message)?,
            None => write!(f, "error[{}]: {}", self.code, self.message)?,
        }
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

    /// Problems in file order (those in no file first), so output is stable whatever order
    /// checks ran in.
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
    fn a_problem_in_no_file_names_no_file() {
        let p = Problem::general(Code::BadArgument, "`x` is not ID=VALUE");
        assert_eq!(p.to_string(), "error[bad-argument]: `x` is not ID=VALUE");
    }

    #[test]
    fn every_code_reads_back_from_its_spelling_and_has_one_line() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            let d = code.description();
            assert!(!d.contains('\n') && d.ends_with('.'), "{code}: {d}");
        }
        assert_eq!(Code::parse("invalid"), None);
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
