//! The public documents the catalogue cites (`sources:`).

use super::Validator;
use crate::catalogue::SourceDoc;
use crate::catalogue::raw::RawSourceDoc;

impl Validator<'_> {
    pub(super) fn source_doc(&mut self, raw: &RawSourceDoc) -> SourceDoc {
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
