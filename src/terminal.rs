//! Markdown shown to a person at a terminal: coloured the way a Markdown viewer would show it,
//! and paged the way git pages (`$PAGER`, else `less -FRX`). Piped or written to a file, the
//! Markdown stays as it is; this module is only for the terminal.

use std::io::Write;
use std::process::{Command, Stdio};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const UNDERLINE: &str = "\x1b[4m";
const HEADING: &str = "\x1b[1;36m";
const TITLE: &str = "\x1b[1;4;36m";
const CODE: &str = "\x1b[33m";
const QUOTE: &str = "\x1b[35m";

/// The pager to use: `$PAGER`, or `less -FRX` (quit when it fits one screen, keep colours,
/// leave the text on the screen) when it is unset. An empty `$PAGER` or `cat` means none.
pub fn pager(env: Option<&str>) -> Option<String> {
    match env.map(str::trim) {
        None => Some("less -FRX".into()),
        Some("" | "cat") => None,
        Some(command) => Some(command.into()),
    }
}

/// Writes `text` through `pager` (a shell command line, as git runs `$PAGER`). Returns `false`
/// when the pager could not be started, so the caller writes the text itself. A reader who
/// quits the pager early is not an error.
pub fn page(pager: &str, text: &str) -> std::io::Result<bool> {
    let child = Command::new("sh")
        .args(["-c", pager])
        .stdin(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Ok(false);
    };
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
            _ => {}
        }
    }
    let status = child.wait()?;
    // `sh` exits 127 when the pager command does not exist.
    Ok(status.code() != Some(127))
}

/// Markdown with ANSI colours: headings bold and coloured, `**strong**` bold, `` `code` ``
/// yellow, links underlined with their target dropped, quotes magenta, code blocks and table
/// rules dim; anchors and escapes removed. Line for line, so the reader sees the same document.
pub fn colour(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    let mut fenced = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            out.push_str(&format!("{DIM}{line}{RESET}\n"));
            continue;
        }
        if fenced {
            out.push_str(&format!("{DIM}{line}{RESET}\n"));
            continue;
        }
        let styled = if let Some(rest) = line.strip_prefix("# ") {
            format!("{TITLE}{}{RESET}", plain(rest))
        } else if line.starts_with('#') {
            format!("{HEADING}{}{RESET}", plain(line))
        } else if line.starts_with("|-") || line.starts_with("| -") {
            format!("{DIM}{line}{RESET}")
        } else if let Some(rest) = line.strip_prefix("> ") {
            format!("{QUOTE}│{RESET} {}", inline(rest, QUOTE))
        } else {
            inline(line, "")
        };
        out.push_str(&styled);
        out.push('\n');
    }
    out
}

/// A heading's text without inline markup (the whole line is styled already).
fn plain(text: &str) -> String {
    strip_anchors(text).replace("**", "").replace("\\", "")
}

/// Removes `<a id="..."></a>` anchors, which only a browser needs.
fn strip_anchors(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<a id=\"") {
        let Some(end) = rest[start..].find("</a>") else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + end + "</a>".len()..];
    }
    out.push_str(rest);
    out
}

/// Inline markup of one line; `base` is the line's own colour, restored after each span.
fn inline(line: &str, base: &str) -> String {
    let line = strip_anchors(line);
    let mut out = String::from(base);
    let chars: Vec<char> = line.chars().collect();
    let (mut i, mut bold, mut code) = (0, false, false);
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if code {
            if c == '`' {
                code = false;
                out.push_str(RESET);
                out.push_str(base);
                if bold {
                    out.push_str(BOLD);
                }
            } else {
                out.push(c);
            }
            i += 1;
            continue;
        }
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(next.unwrap_or(c));
                i += 2;
                continue;
            }
            '*' if next == Some('*') => {
                bold = !bold;
                out.push_str(if bold { BOLD } else { RESET });
                if !bold {
                    out.push_str(base);
                }
                i += 2;
                continue;
            }
            '`' => {
                code = true;
                out.push_str(CODE);
            }
            '[' => {
                // `[label](target)`: the label underlined, the target dropped.
                let rest: String = chars[i..].iter().collect();
                if let Some((label, len)) = link(&rest) {
                    out.push_str(UNDERLINE);
                    out.push_str(&label);
                    out.push_str(RESET);
                    out.push_str(base);
                    if bold {
                        out.push_str(BOLD);
                    }
                    i += len;
                    continue;
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out.push_str(RESET);
    out.replace("&lt;", "<")
}

/// The label of a link at the start of `text`, and how many characters the link spans.
fn link(text: &str) -> Option<(String, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let end = close + text[close..].find(')')?;
    let label = label.replace('\\', "");
    Some((label, text[..=end].chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_is_pagers_or_less() {
        assert_eq!(pager(None).as_deref(), Some("less -FRX"));
        assert_eq!(pager(Some("more")).as_deref(), Some("more"));
        assert_eq!(pager(Some("")), None);
        assert_eq!(pager(Some("cat")), None);
    }

    #[test]
    fn markdown_is_coloured_line_for_line() {
        let text = "# Advice\n\n## Stack\n\n- <a id=\"decision-cni\"></a>**CNI**: `cilium`, see [docs](https://x.org)\n";
        let shown = colour(text);
        assert_eq!(shown.lines().count(), text.lines().count());
        assert!(
            shown.starts_with("\x1b[1;4;36mAdvice\x1b[0m\n"),
            "{shown:?}"
        );
        assert!(shown.contains("\x1b[1mCNI\x1b[0m"), "{shown:?}");
        assert!(shown.contains("\x1b[33mcilium\x1b[0m"), "{shown:?}");
        assert!(shown.contains("\x1b[4mdocs\x1b[0m"), "{shown:?}");
        assert!(!shown.contains("<a id"), "{shown:?}");
        assert!(!shown.contains("https://x.org"), "{shown:?}");
    }
}
