//! What one line of plain text is: the shape of every name and title, in the catalogue and in
//! a profile. A name lands in headings, table cells, ADR titles and file names, where a line
//! break forges structure (a `## Status` heading inside an option's name) and other control
//! characters hide or reorder what a reader sees.
//!
//! Refused: every Unicode control character (C0, DEL and C1: line feed, carriage return, tab,
//! NUL, escape, next line, ...), the line and paragraph separators U+2028 and U+2029, and the
//! bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069.
//!
//! judgement: the bidirectional controls are refused because they make text display in another
//! order than it is stored (the "Trojan Source" attack, CVE-2021-42574), and a name never needs
//! them: right-to-left script is laid out by the bidirectional algorithm on its own. The
//! invisible marks U+200E, U+200F and U+061C, which right-to-left names may legitimately carry,
//! and zero-width joiners, which some scripts and emoji need, are kept. A tab is refused with
//! the line breaks: names are words separated by spaces, and a tab renders differently in every
//! viewer.

/// The longest name a profile may give its team, in characters.
///
/// judgement: 200 characters holds any team or product name with room to spare, and keeps the
/// name, which every ADR repeats, from multiplying a large input into a larger output.
pub const MAX_NAME_CHARS: usize = 200;

/// The first character that makes `text` more than one line of plain text, with its index in
/// characters.
pub fn forbidden(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| is_forbidden(*c))
}

fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A forbidden character as a reader can identify it: "a line break (U+000A)".
pub fn describe(c: char) -> String {
    let what = match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break",
        '\t' => "a tab",
        '\0' => "a NUL character",
        '\u{1b}' => "an escape character",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a bidirectional override",
        _ => "a control character",
    };
    format!("{what} (U+{:04X})", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_in_any_script_pass() {
        for name in [
            "Managed PostgreSQL",
            "Cilium (eBPF)",
            "Grüne Wiese – Äpfel",
            "شبكة",
            "\u{200F}שלום",
            "👩\u{200D}💻 team",
        ] {
            assert_eq!(forbidden(name), None, "{name}");
        }
    }

    #[test]
    fn breaks_controls_and_overrides_are_found_where_they_are() {
        assert_eq!(forbidden("Cilium\n\n## Status"), Some((6, '\n')));
        assert_eq!(forbidden("a\tb"), Some((1, '\t')));
        assert_eq!(forbidden("nul\0"), Some((3, '\0')));
        assert_eq!(forbidden("\u{1b}[31mred"), Some((0, '\u{1b}')));
        assert_eq!(forbidden("x\u{85}y"), Some((1, '\u{85}')));
        assert_eq!(forbidden("x\u{2028}y"), Some((1, '\u{2028}')));
        assert_eq!(forbidden("abc\u{202E}fdp.exe"), Some((3, '\u{202E}')));
        assert_eq!(forbidden("\u{2066}x"), Some((0, '\u{2066}')));
        assert_eq!(describe('\n'), "a line break (U+000A)");
        assert_eq!(describe('\u{202E}'), "a bidirectional override (U+202E)");
    }
}
