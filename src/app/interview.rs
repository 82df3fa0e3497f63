//! `kubecompass interview`: the open questions, one prompt per unanswered fact, read from the
//! terminal line by line (or given with `--answer`), each answer written into the profile file
//! at once. Prompts and reports go to stderr; stdout stays free.
//!
//! Two runs may answer one profile at the same time. Each answer is written under a lock on the
//! profile, into the text re-read under that lock, so no run replaces the file with a copy
//! that lacks another's answer; a run that finds the lock held says so and waits (`--wait`).

mod prompt;

use super::{Failure, Io, OK, load_catalogue};
use crate::catalogue::Catalogue;
use crate::cli::{Interview, Only};
use crate::engine;
use crate::fact::{Fact, Refusal, Value};
use crate::files::{is_stdin, lock_file, read_text, write_atomic};
use crate::interview::{self, Level, Prompt};
use crate::problem::{Code, Place, Problem, Problems, did_you_mean};
use crate::profile::{Profile, edit};
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::time::Duration;

pub(super) fn run(
    global: &crate::cli::Global,
    args: &Interview,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    if is_stdin(&args.profile) {
        return Err(Problem::general(
            Code::BadArgument,
            "`interview` writes its answers into the profile file, and `-` (standard input) is no file",
        )
        .with_help("save the profile as a file and answer that: kubecompass interview profile.yaml")
        .into());
    }
    let catalogue = load_catalogue(global)?;
    let name = args.profile.display().to_string();
    let text = read_text(&args.profile)?;
    let profile = Profile::from_yaml(&name, &text, &catalogue)?;
    let mut session = Session {
        catalogue: &catalogue,
        path: &args.profile,
        name,
        text,
        profile,
        wait: Duration::from_secs(args.wait),
    };

    if !args.answers.is_empty() {
        return session.answer_all(&args.answers, io);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Problem::general(Code::NoTerminal, "the interview needs a terminal, and standard input is not one")
            .with_help("answer without a terminal with --answer ID=VALUE, e.g. --answer P1-Q26=mysql (repeatable)")
            .into());
    }
    let level = match args.only {
        Only::Blocking => Level::Blocking,
        Only::Important => Level::Important,
        Only::All => Level::All,
    };
    session.ask(level, &mut stdin.lock(), io)
}

/// The profile being answered: its file, its text and what that text says.
struct Session<'c> {
    catalogue: &'c Catalogue,
    path: &'c Path,
    name: String,
    text: String,
    profile: Profile,
    /// How long to wait for another run that holds the profile's lock.
    wait: Duration,
}

impl<'c> Session<'c> {
    /// Applies one answer to the text, checks the result reads back, and keeps both in memory.
    fn apply(&mut self, fact: &Fact, value: &Value) -> Result<(), Failure> {
        let invalid = |message: String| {
            Failure::from(Problem::new(
                Place::file(&self.name),
                Code::Uneditable,
                message,
            ))
        };
        let text = edit::set_answer(&self.text, fact, value).map_err(invalid)?;
        let profile = edit::verify(
            &self.name,
            &text,
            self.catalogue,
            &self.profile,
            &fact.id,
            value,
        )
        .map_err(invalid)?;
        self.text = text;
        self.profile = profile;
        Ok(())
    }

    /// Runs `change` under the profile's lock, on the profile as it is now: another run may have
    /// answered since it was read.
    fn under_lock<T>(
        &mut self,
        io: &mut Io<'_>,
        change: impl FnOnce(&mut Self) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let name = &self.name;
        let cannot = |e: std::io::Error| {
            Problem::new(
                Place::file(name),
                Code::Unreadable,
                format!("cannot lock: {e}"),
            )
            .with_help("check the path")
        };
        let waiting = || {
            let _ = writeln!(
                io.err,
                "waiting for another kubecompass run that is writing {name} (at most {} s)",
                self.wait.as_secs()
            );
        };
        let Some(lock) = lock_file(self.path, self.wait, waiting).map_err(cannot)? else {
            return Err(Problem::new(
                Place::file(name),
                Code::ProfileLocked,
                format!(
                    "another kubecompass run is writing the profile and held it for {} s; nothing was saved",
                    self.wait.as_secs()
                ),
            )
            .with_help("let the other run finish and answer again, or wait longer with --wait SECONDS")
            .into());
        };
        self.text = read_text(self.path)?;
        self.profile = Profile::from_yaml(&self.name, &self.text, self.catalogue)?;
        let result = change(self);
        drop(lock);
        result
    }

    fn save(&self) -> Result<(), Failure> {
        write_atomic(self.path, self.text.as_bytes())
            .map_err(|e| Failure::Output(format!("cannot write `{}`: {e}", self.name), e.kind()))
    }

    /// `--answer ID=VALUE ...`: every answer is checked first; if all are valid they are written
    /// in one atomic replacement, otherwise nothing is written.
    fn answer_all(&mut self, answers: &[String], io: &mut Io<'_>) -> Result<u8, Failure> {
        let mut parsed: Vec<(&Fact, Value, &str)> = Vec::new();
        let mut problems = Vec::new();
        for raw in answers {
            match self.resolve(raw) {
                Ok((fact, value)) => {
                    // Two answers for one fact (by its id or its question's) must agree: the
                    // last one would win silently, and the report would name both as saved.
                    match parsed.iter().find(|(f, _, _)| f.id == fact.id) {
                        Some((_, earlier, _)) if *earlier == value => {}
                        Some((_, _, first)) => problems.push(
                            Problem::general(
                                Code::BadArgument,
                                format!(
                                    "`--answer {raw}` contradicts `--answer {first}`: both answer {}",
                                    fact.id
                                ),
                            )
                            .with_help("give one answer per fact"),
                        ),
                        None => parsed.push((fact, value, raw)),
                    }
                }
                Err(mut p) => problems.append(&mut p),
            }
        }
        if !problems.is_empty() {
            return Err(Problems(problems).into());
        }
        let (before, after) = self.under_lock(io, |s| {
            let before = engine::outcomes(s.catalogue, &s.profile);
            for (fact, value, _) in &parsed {
                s.apply(fact, value)?;
            }
            s.save()?;
            Ok((before, engine::outcomes(s.catalogue, &s.profile)))
        })?;
        let mut report = String::new();
        for (fact, value, _) in &parsed {
            report.push_str(&format!("saved {} = {value}\n", fact.id));
        }
        for change in interview::diff(self.catalogue, &before, &after, &self.profile) {
            report.push_str(&format!("  {change}\n"));
        }
        io.err
            .write_all(report.as_bytes())
            .map_err(|e| Failure::Output(format!("cannot write to stderr: {e}"), e.kind()))?;
        Ok(OK)
    }

    /// `ID=VALUE` as a fact and a typed value, with the errors a user can act on. The value is
    /// typed exactly as the profile file would type it.
    fn resolve(&self, raw: &str) -> Result<(&'c Fact, Value), Vec<Problem>> {
        let Some((id, value)) = raw.split_once('=') else {
            return Err(vec![
                Problem::general(Code::BadArgument, format!("`{raw}` is not ID=VALUE"))
                    .with_help("write e.g. --answer P1-Q26=mysql"),
            ]);
        };
        let id = id.trim();
        let fact = match (self.catalogue.fact(id), self.catalogue.question(id)) {
            (Some(fact), _) => fact,
            (None, Some(q)) if q.sets.len() == 1 => {
                self.catalogue.fact(&q.sets[0]).expect("validated")
            }
            (None, Some(q)) => {
                return Err(vec![
                    Problem::general(
                        Code::AmbiguousAnswer,
                        format!("{id} records several facts: {}", q.sets.join(", ")),
                    )
                    .with_help(format!(
                        "answer each by its fact id, e.g. --answer {}=...",
                        q.sets[0]
                    )),
                ]);
            }
            (None, None) => {
                let ids = self
                    .catalogue
                    .facts
                    .iter()
                    .map(|f| f.id.as_str())
                    .chain(self.catalogue.questions.iter().map(|q| q.id.as_str()));
                let help = did_you_mean(id, ids).unwrap_or_else(|| "use a question id such as P1-Q26 or a fact id such as data.current-database".into());
                return Err(vec![
                    Problem::general(Code::UnknownId, format!("no question or fact `{id}`"))
                        .with_help(help),
                ]);
            }
        };
        let value = fact.read_scalar(value).map_err(|refused| {
            refused
                .into_iter()
                .map(Refusal::unplaced)
                .collect::<Vec<_>>()
        })?;
        Ok((fact, value))
    }

    /// The interactive loop.
    fn ask(
        &mut self,
        level: Level,
        input: &mut dyn BufRead,
        io: &mut Io<'_>,
    ) -> Result<u8, Failure> {
        let steps: Vec<Prompt<'c>> = interview::steps(self.catalogue, &self.profile, level);
        let say = |io: &mut Io<'_>, text: &str| {
            io.err
                .write_all(text.as_bytes())
                .map_err(|e| Failure::Output(format!("cannot write to stderr: {e}"), e.kind()))
        };
        if steps.is_empty() {
            say(
                io,
                "Nothing to ask: every question at this level is answered.\n",
            )?;
            return Ok(OK);
        }
        say(
            io,
            &format!(
                "{} unanswered fact{} in the open questions of {}. Each answer is saved at once.\n\
             Type a number or a value to answer, Enter or s to skip, b to go back, q to quit, ? for help.\n",
                steps.len(),
                if steps.len() == 1 { "" } else { "s" },
                self.name
            ),
        )?;
        let (mut answered, mut skipped) = (0usize, 0usize);
        let mut history: Vec<usize> = Vec::new();
        let mut i = 0;
        let mut shown_question = String::new();
        while i < steps.len() {
            let step = steps[i];
            let (prompt, choices) = prompt::prompt(
                self.catalogue,
                &self.profile,
                &step,
                i,
                steps.len(),
                &mut shown_question,
            );
            say(io, &prompt)?;
            let mut line = String::new();
            let read = input.read_line(&mut line).map_err(|e| {
                Problem::general(Code::Unreadable, format!("cannot read the terminal: {e}"))
            })?;
            let reply = line.trim();
            if read == 0 || reply == "q" {
                break;
            }
            match reply {
                "" | "s" => {
                    skipped += 1;
                    history.push(i);
                    i += 1;
                }
                "b" => match history.pop() {
                    Some(previous) => {
                        i = previous;
                        shown_question.clear();
                    }
                    None => say(io, "  (this is the first question)\n")?,
                },
                "?" => {
                    let help = [
                        step.question.help.as_deref(),
                        step.fact.help.as_deref(),
                        Some(step.question.impact.as_str()),
                    ];
                    let text: Vec<&str> = help.into_iter().flatten().collect();
                    say(io, &format!("  {}\n", text.join("\n  ")))?;
                }
                _ => match prompt::read_reply(step.fact, &choices, reply) {
                    Ok(value) => {
                        let (before, after) = self.under_lock(io, |s| {
                            let before = engine::outcomes(s.catalogue, &s.profile);
                            s.apply(step.fact, &value)?;
                            s.save()?;
                            Ok((before, engine::outcomes(s.catalogue, &s.profile)))
                        })?;
                        answered += 1;
                        let mut report = format!("  saved {} = {value}\n", step.fact.id);
                        for change in
                            interview::diff(self.catalogue, &before, &after, &self.profile)
                        {
                            report.push_str(&format!("    {change}\n"));
                        }
                        say(io, &report)?;
                        history.push(i);
                        i += 1;
                    }
                    Err(refused) => {
                        for r in refused {
                            say(io, &format!("  {}\n", r.message))?;
                            if let Some(help) = r.help {
                                say(io, &format!("    help: {help}\n"))?;
                            }
                        }
                    }
                },
            }
        }
        say(
            io,
            &format!(
                "{answered} answered, {skipped} skipped; saved in {}. Run `kubecompass advise {}` for the full advice.\n",
                self.name, self.name
            ),
        )?;
        Ok(OK)
    }
}
