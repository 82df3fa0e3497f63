//! Changing the status section of a record as a supersede does, in each layout, and keeping
//! the relation lines another tool added when a record is regenerated.

use super::Dialect;
use super::record::{bullet_status, front_links, front_matter, superseded_by_line};

/// Marks a body as superseded by ADR `number` (`file`, `title`), in the dialect's form, replacing
/// any earlier successor it named (one whose file is gone):
/// - Nygard: the status word becomes `Superseded` and `## Status` gains a `Superseded by` link;
/// - MADR: `status: superseded` and a `links:` entry of kind `supersededby` in the front matter
///   (what adrs reads), and the link in prose under `## More Information`;
/// - log4brains: `- Status: superseded by [stem](file)`, the link text being the file's stem.
pub fn supersede(body: &str, dialect: Dialect, number: u32, file: &str, title: &str) -> String {
    match dialect {
        Dialect::Nygard => {
            let link = format!("Superseded by [{number}. {title}]({file})");
            let Some((start, end)) = status_bounds(body) else {
                return format!("{body}\n{link}\n");
            };
            let mut lines: Vec<String> = Vec::new();
            for line in body[start..end].lines() {
                let word = line.trim();
                if superseded_by_line(word).is_some() {
                    continue;
                }
                if matches!(word, "Accepted" | "Proposed" | "Deprecated") {
                    lines.push("Superseded".to_string());
                } else {
                    lines.push(line.to_string());
                }
            }
            push_paragraph(&mut lines, link);
            format!("{}{}\n{}", &body[..start], lines.join("\n"), &body[end..])
        }
        Dialect::Madr => {
            let Some(front) = front_matter(body) else {
                return body.to_string();
            };
            let rest = &body[4 + front.len() + 5..];
            // Top-level entries of the front matter, each with its indented lines.
            let mut entries: Vec<String> = Vec::new();
            for line in front.lines() {
                match entries.last_mut() {
                    Some(last) if line.starts_with(' ') || line.starts_with('-') => {
                        last.push('\n');
                        last.push_str(line);
                    }
                    _ => entries.push(line.to_string()),
                }
            }
            let mut links: Vec<(u32, String)> = front_links(front)
                .into_iter()
                .filter(|(_, kind)| kind != "supersededby")
                .collect();
            links.push((number, "supersededby".into()));
            let links_entry = std::iter::once("links:".to_string())
                .chain(
                    links
                        .iter()
                        .map(|(t, k)| format!("  - target: {t}\n    kind: {k}")),
                )
                .collect::<Vec<_>>()
                .join("\n");
            entries.retain(|e| e != "links:" && !e.starts_with("links:\n"));
            for e in &mut entries {
                if e.starts_with("status:") {
                    *e = "status: superseded".into();
                }
            }
            let at = entries
                .iter()
                .position(|e| e.starts_with("date:"))
                .map_or(entries.len(), |i| i + 1);
            entries.insert(at, links_entry);
            let mut out = format!("---\n{}\n---\n", entries.join("\n"));
            let mut dropped = false;
            for line in rest.lines() {
                if line.starts_with("Superseded by [ADR-") || (dropped && line.is_empty()) {
                    dropped = !dropped;
                    continue;
                }
                dropped = false;
                out.push_str(line);
                out.push('\n');
            }
            let link = format!("Superseded by [ADR-{number:04}]({file}).\n");
            if out.contains("\n## More Information\n") {
                out = out.replacen(
                    "\n## More Information\n",
                    &format!("\n## More Information\n\n{link}"),
                    1,
                );
            } else {
                out.push_str(&format!("\n## More Information\n\n{link}"));
            }
            out
        }
        Dialect::Log4brains => {
            let stem = file.strip_suffix(".md").unwrap_or(file);
            let mut done = false;
            let mut out = String::new();
            for line in body.lines() {
                if !done && bullet_status(line).is_some() {
                    out.push_str(&format!("* Status: superseded by [{stem}]({file})\n"));
                    done = true;
                } else {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            out
        }
    }
}

/// `body` with `lines` (relation links another tool or a person added) kept in its Nygard
/// `## Status` section, each its own paragraph as adr-tools writes them, unless already there.
pub fn keep_relations(body: &str, lines: &[String]) -> String {
    let Some((start, end)) = status_bounds(body) else {
        return body.to_string();
    };
    let section = &body[start..end];
    let missing: Vec<&String> = lines
        .iter()
        .filter(|l| !section.lines().any(|s| s.trim() == l.as_str()))
        .collect();
    if missing.is_empty() {
        return body.to_string();
    }
    let mut out: Vec<String> = section.lines().map(String::from).collect();
    for line in missing {
        push_paragraph(&mut out, line.clone());
    }
    format!("{}{}\n{}", &body[..start], out.join("\n"), &body[end..])
}

/// Appends `line` as its own paragraph to the lines of a section, which then ends in a blank.
fn push_paragraph(lines: &mut Vec<String>, line: String) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.push(String::new());
    lines.push(line);
    lines.push(String::new());
}

/// The byte range of the text of a `## Status` section, after its heading line up to the next
/// `## ` heading (or the end).
fn status_bounds(body: &str) -> Option<(usize, usize)> {
    let start = body.find("\n## Status\n")? + "\n## Status\n".len();
    let end = body[start..]
        .find("\n## ")
        .map_or(body.len(), |i| start + i + 1);
    Some((start, end))
}
