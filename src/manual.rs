//! The manual pages, made from the command-line definition so they never drift from `--help`.
//!
//! clap_mangen renders the name, synopsis, options and subcommands; the text after the options
//! in `--help` (examples, exit codes, environment) is laid out here instead, because those
//! blocks are columns that must not be refilled: each block headed `Heading:` becomes a section
//! of unfilled lines.
//!
//! The pages are held clean under `mandoc -Tlint`: a dated `.TH` with the title in capitals, no
//! trailing spaces, no paragraph macros that cancel each other, text lines of at most 80 bytes,
//! and no page named that is not written (clap's own `help` command has none).

use clap::Command;
use clap_mangen::Man;

/// The date of this version, from `[package.metadata.kubecompass] release-date` in Cargo.toml:
/// a page's date must be the same in every build of one version, so it is neither the build's
/// day nor a file's time, and it sits beside the version it goes with.
pub fn release_date() -> &'static str {
    const MANIFEST: &str = include_str!("../Cargo.toml");
    MANIFEST
        .lines()
        .find_map(|line| line.strip_prefix("release-date = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("Cargo.toml states the release date")
}

/// The page of `command` in roff; `source` names the program and version in the footer.
pub fn page(command: &Command, source: &str) -> Vec<u8> {
    let command = command.clone().disable_help_subcommand(true);
    let man = Man::new(command.clone())
        .title(
            command
                .get_display_name()
                .unwrap_or(command.get_name())
                .to_uppercase(),
        )
        .date(release_date())
        .source(source);
    let mut out = Vec::new();
    let io = |r: std::io::Result<()>| r.expect("rendering into memory cannot fail");
    io(man.render_title(&mut out));
    io(man.render_name_section(&mut out));
    io(man.render_synopsis_section(&mut out));
    io(man.render_description_section(&mut out));
    io(man.render_options_section(&mut out));
    if command.get_subcommands().next().is_some() {
        io(man.render_subcommands_section(&mut out));
    }
    if let Some(text) = command.get_after_help() {
        out.extend(sections(&text.to_string()).into_bytes());
    }
    if command.get_version().is_some() {
        io(man.render_version_section(&mut out));
    }
    tidy(&String::from_utf8(out).expect("roff is text")).into_bytes()
}

/// The longest text line a page holds; mandoc's style check asks for 80 bytes.
const MAX_LINE: usize = 80;

/// clap_mangen's roff made lint-clean: trailing spaces dropped, the `.br`, blank line, `.br`
/// it puts between an option's help and its values written as the one `.sp` it means, and
/// filled text lines wrapped (a line break in filled text is a space, so wrapping changes
/// nothing on the page; unfilled `.nf` blocks are left as they are).
fn tidy(roff: &str) -> String {
    let roff = roff.replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut out = String::new();
    let mut filled = true;
    for line in roff.lines() {
        let line = line.trim_end();
        match line {
            ".nf" => filled = false,
            ".fi" => filled = true,
            _ => {}
        }
        let request = line.starts_with('.') || line.starts_with('\'');
        if filled && !request && line.len() > MAX_LINE {
            wrap(line, &mut out);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Breaks a filled text line at spaces into lines of at most [`MAX_LINE`] bytes where its words
/// allow; a line that would start with a control character is escaped.
fn wrap(line: &str, out: &mut String) {
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > MAX_LINE {
            out.push_str(&current);
            out.push('\n');
            current.clear();
        }
        if current.is_empty() {
            if word.starts_with('.') || word.starts_with('\'') {
                current.push_str("\\&");
            }
        } else {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push_str(&current);
    out.push('\n');
}

/// The footer's program and version, as the top command states them.
pub fn source(top: &Command) -> String {
    format!(
        "{} {}",
        top.get_name(),
        top.get_version().unwrap_or_default()
    )
}

/// The top page and one page per command, as (file name, roff).
pub fn pages(top: &Command) -> Vec<(String, Vec<u8>)> {
    let source = source(top);
    let mut out = vec![(format!("{}.1", top.get_name()), page(top, &source))];
    for sub in top.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{}-{}", top.get_name(), sub.get_name());
        let sub = sub.clone().display_name(name.clone()).bin_name(format!(
            "{} {}",
            top.get_name(),
            sub.get_name()
        ));
        out.push((format!("{name}.1"), page(&sub, &source)));
    }
    out
}

/// `--help`'s closing text as roff: a block whose first line is `Heading:` becomes section
/// HEADING; any other block is a paragraph under DETAILS.
fn sections(text: &str) -> String {
    let mut out = String::new();
    let mut in_details = false;
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let first = lines.next().unwrap_or_default();
        match first.strip_suffix(':').filter(|h| h.len() < 30) {
            Some(heading) => {
                in_details = false;
                out.push_str(&format!(".SH \"{}\"\n.nf\n", heading.to_uppercase()));
                for line in lines {
                    out.push_str(&escape(line.strip_prefix("  ").unwrap_or(line)));
                    out.push('\n');
                }
                out.push_str(".fi\n");
            }
            None => {
                out.push_str(if in_details { ".PP\n" } else { ".SH DETAILS\n" });
                in_details = true;
                out.push_str(&escape(&block.replace('\n', " ")));
                out.push('\n');
            }
        }
    }
    out
}

/// Text safe on a roff line: backslashes and hyphens escaped, no line taken as a request.
fn escape(line: &str) -> String {
    let text = line.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headed_blocks_become_unfilled_sections() {
        let roff = sections("Examples:\n  tool run -x\n  .hidden\n\nExit codes:\n  0  ok");
        assert_eq!(
            roff,
            ".SH \"EXAMPLES\"\n.nf\ntool run \\-x\n\\&.hidden\n.fi\n.SH \"EXIT CODES\"\n.nf\n0  ok\n.fi\n"
        );
    }

    #[test]
    fn long_filled_lines_are_wrapped_and_unfilled_ones_kept() {
        let long = format!("{} .dot", "word ".repeat(16).trim_end());
        let roff = tidy(&format!(".SH X  \n{long}\n.nf\n{long}\n.fi\n"));
        assert_eq!(
            roff,
            format!(
                ".SH X\n{}\n\\&.dot\n.nf\n{long}\n.fi\n",
                "word ".repeat(16).trim_end()
            )
        );
        assert!(roff.lines().all(|l| l.len() <= MAX_LINE || l == long));
    }

    #[test]
    fn the_release_date_is_a_date() {
        let date = release_date();
        assert_eq!(date.len(), 10, "{date}");
        assert!(date.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }));
    }

    #[test]
    fn other_blocks_are_paragraphs() {
        assert_eq!(
            sections("Some words\nwrapped.\n\nMore."),
            ".SH DETAILS\nSome words wrapped.\n.PP\nMore.\n"
        );
    }
}
