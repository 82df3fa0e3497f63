//! The public documents the catalogue cites (`sources:`), and the citations that name them.

use super::Validator;
use crate::catalogue::SourceDoc;
use crate::catalogue::citation::citations;
use crate::catalogue::raw::{Id, RawSourceDoc};
use crate::problem::{Code, Problem, did_you_mean};
use compact_str::CompactString;

impl Validator<'_> {
    /// A `source` text whose every citation names a registered source with a section.
    pub(super) fn cite(&mut self, text: &str, item: &Id) -> CompactString {
        for citation in citations(text) {
            let problem = match citation {
                Ok(c) if self.registry.contains(c.source) => continue,
                Ok(c) => Problem::new(
                    self.place(item),
                    Code::UnknownId,
                    format!(
                        "`{}` cites `{}`, which is not a registered source",
                        item.value, c.source
                    ),
                )
                .with_help(
                    did_you_mean(c.source, self.registry.iter()).unwrap_or_else(|| {
                        "register the document under `sources:` in a catalogue file".into()
                    }),
                ),
                Err(part) => Problem::new(
                    self.place(item),
                    Code::BadCitation,
                    format!("`{}` cites `{part}` without a section", item.value),
                )
                .with_help(
                    "write the id of a registered source, a space and the section: `SOURCE-ID §2.1`",
                ),
            };
            self.push(problem);
        }
        text.into()
    }

    pub(super) fn source_doc(&mut self, raw: &RawSourceDoc) -> SourceDoc {
        self.one_line(&raw.id, "source", "title", &raw.title);
        SourceDoc {
            id: raw.id.value.clone(),
            title: raw.title.clone(),
            url: raw.url.clone(),
            repository: raw.repository.clone(),
            path: raw.path.clone(),
            commit: raw.commit.clone(),
            date: raw.date.clone(),
            language: raw.language.clone(),
            licence: raw.licence.clone(),
            note: raw.note.clone(),
        }
    }
}
