//! The command line: argument types only. Doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  kubecompass init > profile.yaml            start a profile from the catalogue's facts
  kubecompass advise profile.yaml            print the advice as Markdown
  kubecompass advise profile.yaml -o advice.md --format markdown
  kubecompass advise profile.yaml --format json | jq '.decisions[] | {id, choice: .choice.id}'
  kubecompass explain cni profile.yaml       one decision's full reasoning
  kubecompass validate profile.yaml          check the catalogue and profiles, list every problem
  kubecompass interview profile.yaml         answer the open questions, blocking first
  kubecompass adr profile.yaml               write Architecture Decision Records into doc/adr
  kubecompass schema > profile.schema.json   a JSON Schema so editors complete profiles

Exit codes:
  0  success
  1  a gate failed (`advise --fail-on`, `adr --check`)
  2  invalid input, or a file that cannot be read or written

Environment:
  NO_COLOR   when set, nothing is coloured
  PAGER      the pager for Markdown on a terminal (default `less -FRX`; empty or `cat`: none)";

/// A command-line advisor for teams moving onto Kubernetes: traceable platform advice from a
/// team profile and a decision catalogue.
#[derive(Debug, Parser)]
#[command(name = "kubecompass", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Add catalogue files from DIR; a file with a shipped file's relative path replaces it
    #[arg(long, global = true, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// When to colour messages on stderr, and Markdown shown on a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a profile against the catalogue and print the advice
    #[command(
        after_help = "On a terminal the Markdown is coloured and shown through $PAGER (default `less -FRX`); piped or written with -o it is plain Markdown.\n\nExamples:\n  kubecompass advise examples/webshop.yaml\n  kubecompass advise profile.yaml --detail full -o advice.md\n  kubecompass advise profile.yaml --format json -o advice.json\n  kubecompass advise profile.yaml --fail-on blocking --fail-on conflicts"
    )]
    Advise(Advise),
    /// Print one decision's full reasoning for a profile
    #[command(after_help = "Example:\n  kubecompass explain database examples/webshop.yaml")]
    Explain(Explain),
    /// Check the catalogue (and any profiles given) and print every problem
    #[command(
        after_help = "Examples:\n  kubecompass validate\n  kubecompass validate profiles/*.yaml --catalogue our-rules/\n  kubecompass validate --explain unknown-value"
    )]
    Validate(Validate),
    /// Print a commented starter profile with every fact the catalogue declares
    #[command(after_help = "Example:\n  kubecompass init -o profile.yaml")]
    Init(Init),
    /// List the catalogue: decisions, questions, conflicts, capabilities, checks, tools, facts
    #[command(
        after_help = "Example:\n  kubecompass catalogue --format json | jq '.decisions | length'"
    )]
    Catalogue(ListCatalogue),
    /// Ask the open questions in the terminal and save each answer into the profile
    #[command(after_help = INTERVIEW_HELP)]
    Interview(Interview),
    /// Write Architecture Decision Records for the advice into the repository
    #[command(after_help = ADR_HELP)]
    Adr(Adr),
    /// Print a JSON Schema: the profile's (for editors) or the JSON advice's (for scripts)
    #[command(after_help = SCHEMA_HELP)]
    Schema(Schema),
    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(Completions),
    /// Print the manual page (roff), or write one page per command into a folder
    #[command(
        after_help = "Examples:\n  kubecompass man | man -l -\n  kubecompass man --dir ~/.local/share/man/man1      (the folder is made if missing)"
    )]
    Man(Man),
}

const SCHEMA_HELP: &str = "\
The profile schema is derived from the catalogue's facts (with --catalogue applied), so an
editor with YAML language support completes fact names and values and flags typos. The advice
schema describes `advise --format json`; its `schema_version` changes only when a field is
renamed or removed or changes meaning.

Examples:
  kubecompass schema > profile.schema.json
      then put `# yaml-language-server: $schema=profile.schema.json` atop the profile
  kubecompass schema advice > advice.schema.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The team profile (YAML), derived from the catalogue's facts
    Profile,
    /// The output of `advise --format json`
    Advice,
}

#[derive(Debug, Args)]
pub struct Schema {
    /// Which schema to print
    #[arg(value_enum, default_value_t = SchemaKind::Profile)]
    pub kind: SchemaKind,
}

const COMPLETIONS_HELP: &str = "\
The script goes to stdout; the shell's completion folder may not exist yet on a new account.

Examples:
  mkdir -p ~/.local/share/bash-completion/completions
  kubecompass completions bash > ~/.local/share/bash-completion/completions/kubecompass
  mkdir -p ~/.config/fish/completions
  kubecompass completions fish > ~/.config/fish/completions/kubecompass.fish";

#[derive(Debug, Args)]
pub struct Completions {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct Man {
    /// Write kubecompass.1 and one kubecompass-COMMAND.1 per command into DIR, made if missing
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// What a platform lead reads: the stack, what is open, conflicts, aged tools, Layer 2
    Summary,
    /// Every rule, fact, alternative, conflict, checklist, roadmap, requirement and diagram
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Gate {
    /// Blocking questions are unanswered
    Blocking,
    /// A conflict holds and the profile records no resolution
    Conflicts,
    /// A chosen tool is retired, end-of-life, deprecated, archived, unmaintained or changed licence
    Aged,
    /// A decision is provisional on an unanswered fact
    Provisional,
}

#[derive(Debug, Args)]
pub struct Advise {
    /// The team profile (YAML); `-` reads it from standard input
    pub profile: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// How much of the Markdown to write (JSON always holds everything)
    #[arg(long, value_enum, default_value_t = Detail::Summary)]
    pub detail: Detail,
    /// Write the Markdown to the terminal as it is, without $PAGER
    #[arg(long)]
    pub no_pager: bool,
    /// Write to FILE (atomically) instead of stdout; `-` is stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Override shipped templates with files of the same name in DIR
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Exit 1 (after writing the advice) when this holds; repeatable
    #[arg(long, value_enum, value_name = "GATE")]
    pub fail_on: Vec<Gate>,
}

#[derive(Debug, Args)]
pub struct Explain {
    /// The decision or capability id (see `kubecompass catalogue`)
    pub decision: String,
    /// The team profile (YAML); `-` reads it from standard input
    pub profile: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Write the Markdown to the terminal as it is, without $PAGER
    #[arg(long)]
    pub no_pager: bool,
    /// Override shipped templates with files of the same name in DIR
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct Validate {
    /// Profiles to check as well as the catalogue; `-` reads one from standard input
    pub profiles: Vec<PathBuf>,
    /// Print what the problem code CODE (the word in `error[CODE]`) means, and check nothing
    #[arg(long, value_name = "CODE", conflicts_with = "profiles")]
    pub explain: Option<String>,
}

#[derive(Debug, Args)]
pub struct Init {
    /// Write to FILE instead of stdout (refuses to overwrite an existing file)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const INTERVIEW_HELP: &str = "\
The open questions come blocking first, then important, then later. Each shows its options and
what the advice would become with each. Every answer is written into the profile at once,
keeping its comments and every other line as they are, so quitting or Ctrl-C loses nothing.
At the prompt: a number or a value answers, `s` (or Enter) skips, `b` goes back, `q` quits,
`?` shows the help text.

Without a terminal, answer with --answer: the value is checked exactly as in the interview.

Examples:
  kubecompass interview profile.yaml
  kubecompass interview profile.yaml --only blocking
  kubecompass interview profile.yaml --answer P1-Q26=mysql --answer team.size=12";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Only {
    /// Blocking questions only
    Blocking,
    /// Blocking and important questions
    Important,
    /// Every open question
    All,
}

#[derive(Debug, Args)]
pub struct Interview {
    /// The team profile (YAML); answers are written into it, so it is a file, not `-`
    pub profile: PathBuf,
    /// Which questions to ask
    #[arg(long, value_enum, default_value_t = Only::All)]
    pub only: Only,
    /// Answer without a terminal: a question id (one that records one fact) or a fact id, and
    /// its value; repeatable
    #[arg(long = "answer", value_name = "ID=VALUE")]
    pub answers: Vec<String>,
    /// How long to wait, in seconds, while another run is writing the same profile
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub wait: u64,
}

const ADR_HELP: &str = "\
One record per decision, and per Layer 2 capability to adopt now. Run it from the repository
root. The folder and layout are detected: .adr-dir, .log4brains.yml, doc/adr, docs/decisions,
docs/adr; otherwise a new doc/adr (Nygard) or docs/decisions (MADR) is made.

Re-runs change no byte when nothing changed. A record kubecompass wrote and nobody edited is
regenerated; an edited record is kept and reported (unless --force); a decision whose choice
changed gets a new record that supersedes the old one. Records kubecompass did not write are
never touched, only numbered around. README.md in the folder gets an index between markers.

Examples:
  kubecompass adr profile.yaml
  kubecompass adr profile.yaml --dialect madr --dry-run
  kubecompass adr profile.yaml --check      # in CI: exit 1 when the records are stale";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// adr-tools layout (`# N. Title`, `## Status`), default folder doc/adr
    Nygard,
    /// MADR 4 (front matter), default folder docs/decisions
    Madr,
}

impl From<DialectArg> for crate::adr::Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Nygard => crate::adr::Dialect::Nygard,
            DialectArg::Madr => crate::adr::Dialect::Madr,
        }
    }
}

#[derive(Debug, Args)]
pub struct Adr {
    /// The team profile (YAML); `-` reads it from standard input
    pub profile: PathBuf,
    /// The ADR folder (default: detected, see below)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The record layout (default: the folder's own, else nygard)
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// List what would be created, updated, superseded or kept; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing; exit 1 when the records are stale for the profile
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Regenerate records even where a person edited them
    #[arg(long)]
    pub force: bool,
    /// The date for new and updated records (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Override shipped templates with files of the same name in DIR
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListCatalogue {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}
