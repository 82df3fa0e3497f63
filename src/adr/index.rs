//! The index of an ADR folder (`README.md`): a list kubecompass regenerates between two marker
//! lines, leaving everything else in the file as the team wrote it.

use serde::Serialize;

pub const INDEX_START: &str = "<!-- kubecompass:index -->";
pub const INDEX_END: &str = "<!-- kubecompass:index-end -->";

/// One line of the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    pub number: u32,
    pub title: String,
    pub file: String,
    pub status: String,
}

/// `readme` with the text between the markers replaced by `block` (which ends in a newline).
/// Without a readme, a new one; without markers, the block is appended. Merging the same block
/// twice gives the same bytes.
pub fn merge_index(readme: Option<&str>, block: &str) -> String {
    let fenced = format!("{INDEX_START}\n{block}{INDEX_END}\n");
    let Some(text) = readme else {
        return format!("# Architecture decision records\n\n{fenced}");
    };
    match (text.find(INDEX_START), text.find(INDEX_END)) {
        (Some(start), Some(end)) if start < end => {
            let after = text[end + INDEX_END.len()..]
                .strip_prefix('\n')
                .unwrap_or(&text[end + INDEX_END.len()..]);
            format!("{}{fenced}{after}", &text[..start])
        }
        _ => {
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{text}{sep}{fenced}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_readme_holds_only_the_index() {
        assert_eq!(
            merge_index(None, "* a\n"),
            format!("# Architecture decision records\n\n{INDEX_START}\n* a\n{INDEX_END}\n")
        );
    }

    #[test]
    fn text_outside_the_markers_is_kept_byte_for_byte() {
        let readme =
            format!("# Our decisions\r\n\nIntro.\n\n{INDEX_START}\n* old\n{INDEX_END}\nOutro.\n");
        let merged = merge_index(Some(&readme), "* new\n");
        assert_eq!(
            merged,
            format!("# Our decisions\r\n\nIntro.\n\n{INDEX_START}\n* new\n{INDEX_END}\nOutro.\n")
        );
        assert_eq!(merge_index(Some(&merged), "* new\n"), merged, "idempotent");
    }

    #[test]
    fn a_readme_without_markers_gets_the_index_appended() {
        assert_eq!(
            merge_index(Some("# Ours\nText"), "* a\n"),
            format!("# Ours\nText\n\n{INDEX_START}\n* a\n{INDEX_END}\n")
        );
    }
}
