//! The manual pages, made from the command-line definition so they never drift from `--help`.
//!
//! clap_mangen renders the name, synopsis, options and subcommands; the text after the options
//! in `--help` (examples, exit codes, environment) is laid out here instead, because those
//! blocks are columns that must not be refilled: each block headed `Heading:` becomes a section
//! of unfilled lines.

use clap::Command;
use clap_mangen::Man;

/// The page of `command` in roff; `source` names the program and version in the footer.
pub fn page(command: &Command, source: &str) -> Vec<u8> {
    let man = Man::new(command.clone()).source(source);
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
    out
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
    fn other_blocks_are_paragraphs() {
        assert_eq!(
            sections("Some words\nwrapped.\n\nMore."),
            ".SH DETAILS\nSome words wrapped.\n.PP\nMore.\n"
        );
    }
}
