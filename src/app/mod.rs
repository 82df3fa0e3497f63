//! One function per subcommand: read inputs, call the pure core, render, write. This is the
//! only module that sequences I/O; everything it calls is testable on strings.

mod adr;
mod interview;

use crate::advice::{Advice, SCHEMA_VERSION};
use crate::catalogue::Catalogue;
use crate::catalogue::citation::citations as citations_in;
use crate::cli::{
    Advise, ColorChoice, Command, Completions, Detail, Explain, Format, Gate, Global, Init,
    ListCatalogue, Man, Schema, SchemaKind, Validate,
};
use crate::engine;
use crate::files::{is_stdin, read_profile, write_atomic, write_output};
use crate::problem::{Code, Place, Problem, Problems, did_you_mean, one_of};
use crate::profile::Profile;
use crate::render::{Renderer, Report};
use crate::shipped;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Exit status of a command that ran to the end.
pub const OK: u8 = 0;
/// A gate (`--fail-on`) failed.
pub const GATE_FAILED: u8 = 1;

/// What a command failed with; the caller prints it and exits with 2.
#[derive(Debug)]
pub enum Failure {
    /// Invalid input: every problem found.
    Problems(Problems),
    /// Output could not be written: the message and the kind of I/O error.
    Output(String, std::io::ErrorKind),
}

impl From<Problems> for Failure {
    fn from(p: Problems) -> Failure {
        Failure::Problems(p)
    }
}

impl From<Problem> for Failure {
    fn from(p: Problem) -> Failure {
        Failure::Problems(Problems::one(p))
    }
}

/// The message for a failure, with `error` and `help` coloured when `color` is set.
pub fn describe(failure: &Failure, color: bool) -> String {
    let text = match failure {
        Failure::Problems(problems) => problems.to_string(),
        Failure::Output(message, _) => format!("error[{}]: {message}", Code::Unwritable),
    };
    if !color {
        return text;
    }
    text.lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("error") {
                format!("\x1b[1;31merror\x1b[0m{rest}")
            } else if let Some(rest) = line.strip_prefix("  help:") {
                format!("  \x1b[1;36mhelp:\x1b[0m{rest}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a command writes: stdout for results, stderr for messages.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Stdout is a terminal: Markdown for a person is coloured and paged there.
    pub terminal: bool,
}

pub fn run(global: &Global, command: &Command, io: &mut Io<'_>) -> Result<u8, Failure> {
    match command {
        Command::Advise(args) => advise(global, args, io),
        Command::Explain(args) => explain(global, args, io),
        Command::Validate(args) => validate(global, args, io),
        Command::Init(args) => init(global, args, io),
        Command::Catalogue(args) => list(global, args, io),
        Command::Adr(args) => adr::run(global, args, io),
        Command::Interview(args) => interview::run(global, args, io),
        Command::Schema(args) => schema(global, args, io),
        Command::Completions(args) => completions(args, io),
        Command::Man(args) => man(args, io),
    }
}

/// The shipped catalogue with `--catalogue` applied, validated.
pub fn load_catalogue(global: &Global) -> Result<Loaded, Problems> {
    match global.catalogue.as_deref() {
        None => Ok(Loaded::Shipped(shipped::catalogue())),
        Some(overlay) => Catalogue::from_sources(&shipped::load(Some(overlay))?)
            .map(|c| Loaded::Overlaid(Box::new(c))),
    }
}

/// The catalogue a command reads: the shipped one, which lives as long as the process, or
/// the shipped one with a `--catalogue` overlay.
pub enum Loaded {
    Shipped(&'static Catalogue),
    Overlaid(Box<Catalogue>),
}

impl std::ops::Deref for Loaded {
    type Target = Catalogue;
    fn deref(&self) -> &Catalogue {
        match self {
            Loaded::Shipped(c) => c,
            Loaded::Overlaid(c) => c,
        }
    }
}

/// Reads and types a profile: a file, or standard input for `-`.
pub fn load_profile(path: &Path, catalogue: &Catalogue) -> Result<Profile, Problems> {
    let (name, text) = read_profile(path).map_err(Problems::one)?;
    Profile::from_yaml(&name, &text, catalogue)
}

fn emit(text: &str, output: Option<&Path>, io: &mut Io<'_>) -> Result<(), Failure> {
    emit_with(|w| w.write_all(text.as_bytes()), output, io)
}

/// Markdown for a person: on a terminal (no `-o`), coloured unless `--color never` or
/// `NO_COLOR` says otherwise, and shown through the pager unless `--no-pager`; anywhere else
/// the Markdown as it is.
fn show(
    markdown: &str,
    output: Option<&Path>,
    no_pager: bool,
    global: &Global,
    io: &mut Io<'_>,
) -> Result<(), Failure> {
    if output.is_some() || !io.terminal {
        return emit(markdown, output, io);
    }
    let colour = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let text = if colour {
        crate::terminal::colour(markdown)
    } else {
        markdown.to_string()
    };
    let pager = std::env::var("PAGER").ok();
    if let Some(pager) = crate::terminal::pager(pager.as_deref()).filter(|_| !no_pager) {
        // Stdout goes to the pager from here on; what was written before must come first.
        let _ = io.out.flush();
        match crate::terminal::page(&pager, &text) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => {
                return Err(Failure::Output(
                    format!("cannot write to the pager `{pager}`: {e}"),
                    e.kind(),
                ));
            }
        }
    }
    emit(&text, None, io)
}

/// [`emit`] with the output written by `write` as it is produced.
fn emit_with(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    output: Option<&Path>,
    io: &mut Io<'_>,
) -> Result<(), Failure> {
    match output {
        Some(path) if !is_stdin(path) => write_output(path, write).map_err(|e| {
            Failure::Output(format!("cannot write `{}`: {e}", path.display()), e.kind())
        }),
        // `-o -` is standard output, as `-` is standard input.
        _ => {
            // Stdout is line-buffered, and JSON has a line per value.
            let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut *io.out);
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::Output(format!("cannot write to stdout: {e}"), e.kind()))
        }
    }
}

/// Refuses an output path that names an input file of this run (directly, through a link or
/// another spelling): the profile, a template override it read, or a file of the `--catalogue`
/// folder. Writing the advice there would destroy the input.
fn refuse_to_replace(
    output: &Path,
    profile: &Path,
    global: &Global,
    renderer: Option<&Renderer>,
) -> Result<(), Problem> {
    if is_stdin(output) {
        return Ok(());
    }
    let Ok(target) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    let same =
        |input: &Path| !is_stdin(input) && std::fs::canonicalize(input).is_ok_and(|p| p == target);
    let shown = output.display();
    let what = if same(profile) {
        format!("`-o {shown}` is the profile itself")
    } else if let Some(t) = renderer
        .into_iter()
        .flat_map(Renderer::overrides_read)
        .find(|t| same(t))
    {
        format!(
            "`-o {shown}` is the template override `{}` in use",
            t.display()
        )
    } else if let Some(c) = global
        .catalogue
        .as_deref()
        .into_iter()
        .flat_map(shipped::files)
        .find(|c| same(c))
    {
        format!(
            "`-o {shown}` is the catalogue file `{}` in use",
            c.display()
        )
    } else {
        return Ok(());
    };
    Err(Problem::new(
        Place::file(output.display().to_string()),
        Code::OutputIsInput,
        format!("{what}; writing the advice there would replace it"),
    )
    .with_help("choose another output file, e.g. `-o advice.md`"))
}

fn json(value: &impl Serialize) -> String {
    let mut text = Vec::new();
    crate::files::write_json(value, &mut text).expect("writing to memory cannot fail");
    String::from_utf8(text).expect("JSON is UTF-8")
}

fn advise(global: &Global, args: &Advise, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let renderer = match args.format {
        Format::Markdown => Some(Renderer::new(args.templates.as_deref())?),
        Format::Json => None,
    };
    let profile = load_profile(&args.profile, &catalogue)?;
    let advice = engine::evaluate(&catalogue, &profile);
    let template = match args.detail {
        Detail::Summary => "report.md.j2",
        Detail::Full => "report-full.md.j2",
    };
    let report = Report {
        advice: &advice,
        profile_path: args.profile.display().to_string(),
    };
    let text = match &renderer {
        Some(r) => Some(r.render(template, &report)?),
        None => None,
    };
    // After the render, which is what reads the template overrides.
    if let Some(output) = &args.output {
        refuse_to_replace(output, &args.profile, global, renderer.as_ref())?;
    }
    match text {
        Some(text) => show(&text, args.output.as_deref(), args.no_pager, global, io)?,
        None => emit_with(
            |w| crate::files::write_json(&advice, w),
            args.output.as_deref(),
            io,
        )?,
    }
    let failed: Vec<String> = args
        .fail_on
        .iter()
        .filter_map(|gate| gate_failure(*gate, &advice))
        .collect();
    for reason in &failed {
        let _ = writeln!(io.err, "gate failed: {reason}");
    }
    Ok(if failed.is_empty() { OK } else { GATE_FAILED })
}

fn gate_failure(gate: Gate, advice: &Advice) -> Option<String> {
    let s = &advice.summary;
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match gate {
        Gate::Blocking if s.blocking_open > 0 => Some(format!(
            "{} open",
            plural(
                s.blocking_open,
                "blocking question is",
                "blocking questions are"
            )
        )),
        Gate::Conflicts if s.conflicts_unresolved > 0 => Some(format!(
            "{} unresolved",
            plural(s.conflicts_unresolved, "conflict is", "conflicts are")
        )),
        Gate::Aged if s.aged_choices > 0 => Some(format!(
            "{} an aged tool",
            plural(s.aged_choices, "choice uses", "choices use")
        )),
        Gate::Provisional if s.provisional > 0 => Some(format!(
            "{} provisional",
            plural(s.provisional, "decision is", "decisions are")
        )),
        _ => None,
    }
}

fn explain(global: &Global, args: &Explain, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let known = catalogue.decision(&args.decision).is_some()
        || catalogue.capability(&args.decision).is_some();
    if !known {
        let ids = catalogue
            .decisions
            .iter()
            .map(|d| d.id.as_str())
            .chain(catalogue.capabilities.iter().map(|c| c.id.as_str()));
        let help = did_you_mean(&args.decision, ids).unwrap_or_else(|| {
            "`kubecompass catalogue` lists the decisions and capabilities".into()
        });
        return Err(Problem::general(
            Code::UnknownId,
            format!("unknown decision or capability `{}`", args.decision),
        )
        .with_help(help)
        .into());
    }
    let renderer = match args.format {
        Format::Markdown => Some(Renderer::new(args.templates.as_deref())?),
        Format::Json => None,
    };
    let profile = load_profile(&args.profile, &catalogue)?;
    let advice = engine::evaluate(&catalogue, &profile);
    let decision = advice
        .decisions
        .iter()
        .find(|d| d.decision.id == args.decision);
    let capability = advice
        .capabilities
        .iter()
        .find(|c| c.capability.id == args.decision);
    let both = serde_json::json!({ "decision": decision, "capability": capability, "tools": advice.tools, "sources": advice.sources });
    match &renderer {
        Some(r) => show(
            &r.render("explain.md.j2", &both)?,
            None,
            args.no_pager,
            global,
            io,
        )?,
        None => emit(&json(&both), None, io)?,
    }
    Ok(OK)
}

fn validate(global: &Global, args: &Validate, io: &mut Io<'_>) -> Result<u8, Failure> {
    if let Some(name) = &args.explain {
        return explain_code(name, io);
    }
    let catalogue = load_catalogue(global)?;
    let mut problems = Vec::new();
    let mut report = format!(
        "catalogue: ok ({} facts, {} requirements, {} decisions, {} tools, {} questions, {} conflicts, {} capabilities, {} checks)\n",
        catalogue.facts.len(),
        catalogue.requirements.len(),
        catalogue.decisions.len(),
        catalogue.tools.len(),
        catalogue.questions.len(),
        catalogue.conflicts.len(),
        catalogue.capabilities.len(),
        catalogue.checks.len(),
    );
    for path in &args.profiles {
        match load_profile(path, &catalogue) {
            Ok(p) => report.push_str(&format!(
                "{}: ok ({} of {} facts answered)\n",
                if is_stdin(path) {
                    crate::files::STDIN_NAME.to_string()
                } else {
                    path.display().to_string()
                },
                p.values().count(),
                catalogue.facts.len()
            )),
            Err(Problems(mut found)) => problems.append(&mut found),
        }
    }
    emit(&report, None, io)?;
    if problems.is_empty() {
        Ok(OK)
    } else {
        Err(Problems(problems).into())
    }
}

/// `validate --explain CODE`: the one line that says what a problem code means.
fn explain_code(name: &str, io: &mut Io<'_>) -> Result<u8, Failure> {
    let Some(code) = Code::parse(name.trim()) else {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let help = did_you_mean(name.trim(), names.iter().copied()).unwrap_or_else(|| {
            format!(
                "the codes are {}; README.md lists each with its meaning",
                one_of(&names)
            )
        });
        return Err(
            Problem::general(Code::UnknownCode, format!("no problem code `{name}`"))
                .with_help(help)
                .into(),
        );
    };
    emit(&format!("{code}: {}\n", code.description()), None, io)?;
    Ok(OK)
}

fn init(global: &Global, args: &Init, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let text = Renderer::new(None)?.render("init.yaml.j2", &crate::profile::starter(&catalogue))?;
    if let Some(path) = &args.output
        && path.exists()
    {
        return Err(Problem::new(
            Place::file(path.display().to_string()),
            Code::FileExists,
            "the file already exists",
        )
        .with_help("init never overwrites a file; choose another name or remove it first")
        .into());
    }
    emit(&text, args.output.as_deref(), io)?;
    Ok(OK)
}

#[derive(Serialize)]
struct Listing<'a> {
    schema_version: u32,
    #[serde(flatten)]
    catalogue: &'a Catalogue,
    /// Source id -> how many items (rules and roadmap steps included) cite it.
    citations: BTreeMap<&'a str, usize>,
}

fn list(global: &Global, args: &ListCatalogue, io: &mut Io<'_>) -> Result<u8, Failure> {
    let catalogue = load_catalogue(global)?;
    let mut citations: BTreeMap<&str, usize> = catalogue
        .sources
        .iter()
        .map(|s| (s.id.as_str(), 0))
        .collect();
    for text in catalogue.source_texts() {
        // An item citing two sections of one document counts once for it.
        let mut cited: Vec<&str> = citations_in(text).flatten().map(|c| c.source).collect();
        cited.sort_unstable();
        cited.dedup();
        for id in cited {
            *citations.entry(id).or_default() += 1;
        }
    }
    let listing = Listing {
        schema_version: SCHEMA_VERSION,
        catalogue: &catalogue,
        citations,
    };
    let text = match args.format {
        Format::Markdown => Renderer::new(None)?.render("catalogue.md.j2", &listing)?,
        Format::Json => json(&listing),
    };
    emit(&text, None, io)?;
    Ok(OK)
}

fn schema(global: &Global, args: &Schema, io: &mut Io<'_>) -> Result<u8, Failure> {
    let value = match args.kind {
        SchemaKind::Profile => crate::schema::profile(&*load_catalogue(global)?),
        SchemaKind::Advice => crate::schema::advice(),
    };
    emit(&json(&value), None, io)?;
    Ok(OK)
}

fn completions(args: &Completions, io: &mut Io<'_>) -> Result<u8, Failure> {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "kubecompass", &mut script);
    io.out
        .write_all(&script)
        .map_err(|e| Failure::Output(format!("cannot write to stdout: {e}"), e.kind()))?;
    Ok(OK)
}

/// The manual: the top page on stdout, or with `--dir` every page, written atomically.
fn man(args: &Man, io: &mut Io<'_>) -> Result<u8, Failure> {
    let command = <crate::cli::Cli as clap::CommandFactory>::command();
    let Some(dir) = &args.dir else {
        let page = crate::manual::page(&command, &crate::manual::source(&command));
        let text = String::from_utf8(page).expect("roff is text");
        emit(&text, None, io)?;
        return Ok(OK);
    };
    // A fresh account has no manual folder of its own yet.
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::Output(
            format!("cannot make the folder `{}`: {e}", dir.display()),
            e.kind(),
        )
    })?;
    for (file, bytes) in crate::manual::pages(&command) {
        let path = dir.join(file);
        write_atomic(&path, &bytes).map_err(|e| {
            Failure::Output(format!("cannot write `{}`: {e}", path.display()), e.kind())
        })?;
        let _ = writeln!(io.out, "{}", path.display());
    }
    Ok(OK)
}
