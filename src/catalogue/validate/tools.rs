//! Tools: their lifecycle, successors and documentation link.

use super::Validator;
use super::ids::Refs;
use crate::catalogue::Tool;
use crate::catalogue::kinds::Lifecycle;
use crate::catalogue::raw::RawTool;
use crate::problem::{Code, Problem};
use crate::yaml::Spanned;
use compact_str::CompactString;

impl Validator<'_> {
    pub(super) fn tool(&mut self, raw: &RawTool, r: &Refs<'_>) -> Tool {
        self.one_line(&raw.id, "tool", "name", &raw.name);
        if raw.lifecycle != Lifecycle::Active && raw.since.is_none() {
            self.push(
                Problem::new(
                    self.place(&raw.id),
                    Code::MissingKey,
                    format!(
                        "tool `{}` is {:?} but says not `since` when",
                        raw.id.value, raw.lifecycle
                    ),
                )
                .with_help("add `since: YYYY-MM`"),
            );
        }
        // A link a reader follows from the advice: only https, and nothing that is not a URL.
        let bad_url = |d: &&Spanned<CompactString>| {
            !d.value.starts_with("https://") || d.value.contains(char::is_whitespace)
        };
        if let Some(docs) = raw.docs.as_ref().filter(bad_url) {
            self.push(
                Problem::new(
                    self.place(docs),
                    Code::BadUrl,
                    format!("`docs` of tool `{}` is not an https:// URL", raw.id.value),
                )
                .with_help("link the tool's documentation as `https://...`"),
            );
        }
        Tool {
            id: raw.id.value.clone(),
            name: raw.name.clone(),
            licence: raw.licence.clone(),
            governance: raw.governance.clone(),
            lifecycle: raw.lifecycle,
            since: raw.since.clone(),
            successors: self.refs("tool", &raw.successors, &r.ids.tools),
            note: raw.note.clone(),
            docs: raw.docs.as_ref().map(|d| d.value.clone()),
            reviewed: raw.reviewed.clone(),
            source: self.cite(&raw.source, &raw.id),
            judgement: raw.judgement.clone(),
        }
    }
}
