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

Exit codes:
  0  success
  1  a gate failed (`advise --fail-on`)
  2  invalid input, or a file that cannot be read or written

Environment:
  NO_COLOR   when set, messages are never coloured";

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
    /// When to colour messages on stderr
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
        after_help = "Examples:\n  kubecompass advise examples/webshop.yaml\n  kubecompass advise profile.yaml --format json -o advice.json\n  kubecompass advise profile.yaml --fail-on blocking --fail-on conflicts"
    )]
    Advise(Advise),
    /// Print one decision's full reasoning for a profile
    #[command(after_help = "Example:\n  kubecompass explain database examples/webshop.yaml")]
    Explain(Explain),
    /// Check the catalogue (and any profiles given) and print every problem
    #[command(
        after_help = "Examples:\n  kubecompass validate\n  kubecompass validate profiles/*.yaml --catalogue our-rules/"
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Gate {
    /// Blocking questions are unanswered
    Blocking,
    /// A conflict holds and the profile records no resolution
    Conflicts,
    /// A chosen tool is retired, end-of-life, deprecated, archived or changed licence
    Aged,
    /// A decision is provisional on an unanswered fact
    Provisional,
}

#[derive(Debug, Args)]
pub struct Advise {
    /// The team profile (YAML)
    pub profile: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Write to FILE (atomically) instead of stdout
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
    /// The team profile (YAML)
    pub profile: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Override shipped templates with files of the same name in DIR
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct Validate {
    /// Profiles to check as well as the catalogue
    pub profiles: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct Init {
    /// Write to FILE instead of stdout (refuses to overwrite an existing file)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListCatalogue {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}
