//! One function per subcommand: read inputs, call the pure core, render, write. This is the
//! only module that sequences I/O; everything it calls is testable on strings.

mod adr;
mod docs;
mod interview;
mod output;

use output::{emit, emit_with, json, refuse_to_replace, show, write_json};

use crate::advice::Advice;
use crate::catalogue::Catalogue;
use crate::cli::{Advise, Command, Detail, Explain, Format, Gate, Global, Validate};
use crate::engine;
use crate::files::{is_stdin, read_profile};
use crate::problem::{Code, Problem, Problems, did_you_mean};
use crate::profile::Profile;
use crate::render::{Renderer, Report};
use crate::shipped;
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
        Command::Init(args) => docs::init(global, args, io),
        Command::Catalogue(args) => docs::list(global, args, io),
        Command::Adr(args) => adr::run(global, args, io),
        Command::Interview(args) => interview::run(global, args, io),
        Command::Schema(args) => docs::schema(global, args, io),
        Command::Completions(args) => docs::completions(args, io),
        Command::Man(args) => docs::man(args, io),
    }
}

/// The shipped catalogue with `--catalogue` applied, validated.
pub fn load_catalogue(global: &Global) -> Result<Loaded, Problems> {
    match global.catalogue.as_deref() {
        None => Ok(Loaded::Shipped(shipped::catalogue())),
        Some(overlay) => Catalogue::from_sources(shipped::load(Some(overlay))?)
            .map(|c| Loaded::Overlaid(Box::new(c))),
    }
}

/// The catalogue a command reads: the shipped one, which lives as long as the process, or
/// the shipped one with a `--catalogue` overlay.
pub enum Loaded {
    Shipped(&'static Catalogue),
    Overlaid(Box<Catalogue>),
}

impl Loaded {
    /// The catalogue, kept until the process ends.
    pub fn for_the_process(self) -> &'static Catalogue {
        match self {
            Loaded::Shipped(c) => c,
            Loaded::Overlaid(c) => Box::leak(c),
        }
    }
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

fn advise(global: &Global, args: &Advise, io: &mut Io<'_>) -> Result<u8, Failure> {
    // The catalogue, the profile and the advice live as long as the process, as the shipped
    // catalogue does: the report's template reads the advice where it lies, field by field.
    let catalogue = load_catalogue(global)?.for_the_process();
    let renderer = match args.format {
        Format::Markdown => Some(Renderer::new(args.templates.as_deref())?),
        Format::Json => None,
    };
    let profile: &'static Profile = Box::leak(Box::new(load_profile(&args.profile, catalogue)?));
    let advice: &'static Advice = Box::leak(Box::new(engine::evaluate(catalogue, profile)));
    let template = match args.detail {
        Detail::Summary => "report.md.j2",
        Detail::Full => "report-full.md.j2",
    };
    match &renderer {
        Some(r) => {
            let report = Box::leak(Box::new(Report {
                advice,
                profile_path: args.profile.display().to_string(),
            }));
            let to_stdout = args.output.as_deref().is_none_or(is_stdin);
            if to_stdout && (io.terminal || args.templates.is_some()) {
                // Whole before it is shown: a terminal's colours and pager take all of it, and
                // an override template may fail halfway, which standard output cannot take
                // back (a file written in place of `-o` can: see `write_report`).
                let text = r.render_report(template, report)?;
                show(&text, args.output.as_deref(), args.no_pager, global, io)?;
            } else {
                write_report(r, template, report, args, global, io)?;
            }
        }
        None => {
            if let Some(output) = &args.output {
                refuse_to_replace(output, &args.profile, global, None)?;
            }
            emit_with(|w| write_json(advice, w), args.output.as_deref(), io)?;
        }
    }
    let failed: Vec<String> = args
        .fail_on
        .iter()
        .filter_map(|gate| gate_failure(*gate, advice))
        .collect();
    for reason in &failed {
        let _ = writeln!(io.err, "gate failed: {reason}");
    }
    Ok(if failed.is_empty() { OK } else { GATE_FAILED })
}

/// The report written as it is rendered, never held whole: to `-o` (a file is replaced only
/// once the render succeeded and the file is found to be none of the run's inputs, which the
/// render tells) or to standard output.
fn write_report(
    renderer: &Renderer,
    template: &str,
    report: &'static Report<'static, 'static>,
    args: &Advise,
    global: &Global,
    io: &mut Io<'_>,
) -> Result<(), Failure> {
    // The inputs known before the render, first: a named pipe or a device is written as the
    // report renders, with nothing to take back.
    if let Some(output) = &args.output {
        refuse_to_replace(output, &args.profile, global, None)?;
    }
    let mut problem = None;
    let written = emit_with(
        |w| {
            let refused = match renderer.write_report(template, report, w) {
                Ok(Ok(())) => match &args.output {
                    // Then the template overrides, which the render is what reads.
                    Some(output) => {
                        refuse_to_replace(output, &args.profile, global, Some(renderer))
                    }
                    None => Ok(()),
                },
                Ok(Err(failed)) => return Err(failed),
                Err(template) => Err(template),
            };
            refused.map_err(|p| {
                problem = Some(p);
                std::io::Error::other("not written")
            })
        },
        args.output.as_deref(),
        io,
    );
    match problem {
        Some(p) => Err(p.into()),
        None => written,
    }
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
        .all()
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
        return docs::explain_code(name, io);
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
