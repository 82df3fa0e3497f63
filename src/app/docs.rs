//! The commands that describe rather than advise: a starter profile (`init`), the catalogue
//! listing, the JSON schemas, shell completions, the manual and `validate --explain CODE`.

use super::output::{emit, json};
use super::{Failure, Io, OK, load_catalogue};
use crate::advice::SCHEMA_VERSION;
use crate::catalogue::Catalogue;
use crate::catalogue::citation::citations as citations_in;
use crate::cli::{Completions, Format, Global, Init, ListCatalogue, Man, Schema, SchemaKind};
use crate::files::write_atomic;
use crate::problem::{Code, Place, Problem, did_you_mean, one_of};
use crate::render::Renderer;
use serde::Serialize;
use std::collections::BTreeMap;

/// `validate --explain CODE`: the one line that says what a problem code means.
pub(super) fn explain_code(name: &str, io: &mut Io<'_>) -> Result<u8, Failure> {
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

pub(super) fn init(global: &Global, args: &Init, io: &mut Io<'_>) -> Result<u8, Failure> {
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

pub(super) fn list(global: &Global, args: &ListCatalogue, io: &mut Io<'_>) -> Result<u8, Failure> {
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

pub(super) fn schema(global: &Global, args: &Schema, io: &mut Io<'_>) -> Result<u8, Failure> {
    let value = match args.kind {
        SchemaKind::Profile => crate::schema::profile(&*load_catalogue(global)?),
        SchemaKind::Advice => crate::schema::advice(),
    };
    emit(&json(&value), None, io)?;
    Ok(OK)
}

pub(super) fn completions(args: &Completions, io: &mut Io<'_>) -> Result<u8, Failure> {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "kubecompass", &mut script);
    io.out
        .write_all(&script)
        .map_err(|e| Failure::Output(format!("cannot write to stdout: {e}"), e.kind()))?;
    Ok(OK)
}

/// The manual: the top page on stdout, or with `--dir` every page, written atomically.
pub(super) fn man(args: &Man, io: &mut Io<'_>) -> Result<u8, Failure> {
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
