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
/// Without a readme, a new one; without a marker pair, the block is appended. Merging the same
/// block twice gives the same bytes.
///
/// The pair is the last start marker and the first end marker after it, so a stray or
/// truncated marker earlier in the file never makes the replaced span swallow the team's text.
pub fn merge_index(readme: Option<&str>, block: &str) -> String {
    // A title in the block that spells a marker would break the pairing on the next run.
    let block = block.replace("<!-- kubecompass:", "<!-- kubecompass ");
    let fenced = format!("{INDEX_START}\n{block}{INDEX_END}\n");
    let Some(text) = readme else {
        return format!("# Architecture decision records\n\n{fenced}");
    };
    let pair = text.rfind(INDEX_START).and_then(|start| {
        let end = start + text[start..].find(INDEX_END)?;
        Some((start, end))
    });
    match pair {
        Some((start, end)) => {
            let after = text[end + INDEX_END.len()..]
                .strip_prefix('\n')
                .unwrap_or(&text[end + INDEX_END.len()..]);
            format!("{}{fenced}{after}", &text[..start])
        }
        None => {
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

    #[test]
    fn a_stray_start_marker_never_swallows_the_text_after_it() {
        // Found by fuzzing: a start marker without its end used to pair with the end marker of
        // the block appended on the first run, so the second run deleted the text between.
        let readme = format!("# Ours\n{INDEX_START}\n* half an index, cut off\n\nOur notes.\n");
        let once = merge_index(Some(&readme), "* a\n");
        assert!(once.starts_with(&readme), "{once}");
        assert_eq!(merge_index(Some(&once), "* a\n"), once);
    }

    #[test]
    fn a_title_spelling_a_marker_cannot_break_the_pair() {
        let block = format!("* [1. {INDEX_END}](0001-x.md)\n");
        let once = merge_index(None, &block);
        assert_eq!(once.matches(INDEX_END).count(), 1, "{once}");
        assert_eq!(merge_index(Some(&once), &block), once);
    }
}
