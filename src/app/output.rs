//! Where a command's result goes: standard output (buffered, or through the pager with colour
//! on a terminal) or the `-o` file, written whole or not at all; and the refusal to write over
//! an input of the same run.

use super::{Failure, Io};
use crate::cli::{ColorChoice, Global};
use crate::files::{is_stdin, write_output};
use crate::problem::{Code, Place, Problem};
use crate::render::Renderer;
use crate::shipped;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

pub(super) fn emit(text: &str, output: Option<&Path>, io: &mut Io<'_>) -> Result<(), Failure> {
    emit_with(|w| w.write_all(text.as_bytes()), output, io)
}

/// Markdown for a person: on a terminal (no `-o`), coloured unless `--color never` or
/// `NO_COLOR` says otherwise, and shown through the pager unless `--no-pager`; anywhere else
/// the Markdown as it is.
pub(super) fn show(
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
pub(super) fn emit_with(
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
pub(super) fn refuse_to_replace(
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

pub(super) fn json(value: &impl Serialize) -> String {
    let mut text = Vec::new();
    write_json(value, &mut text).expect("writing to memory cannot fail");
    String::from_utf8(text).expect("JSON is UTF-8")
}

pub(super) use crate::files::write_json;
