//! One ADR file as text: reading what other tools read (number, title, status, supersede
//! links) and the marker that says kubecompass wrote it.
//!
//! Everything here works on strings; the folder is read and written in `app`.

use super::Dialect;

/// The last line of every ADR kubecompass writes. It says which decision the file records,
/// which option it chose, and a hash of everything above it, so a re-run can tell a file
/// nobody touched from one a person edited.
const MARKER: &str = "<!-- kubecompass:";

/// What kubecompass wrote into a file's marker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// `decision/cni` or `capability/distributed-tracing`.
    pub key: String,
    pub choice: String,
    pub hash: String,
}

/// An ADR file found in the folder.
#[derive(Clone, Debug)]
pub struct Existing {
    pub file: String,
    pub number: u32,
    pub text: String,
}

impl Existing {
    /// The marker, if kubecompass wrote this file.
    pub fn marker(&self) -> Option<Marker> {
        let line = self.text.trim_end().lines().last()?.trim();
        let body = line.strip_prefix(MARKER)?.strip_suffix("-->")?;
        let mut key = None;
        let mut choice = None;
        let mut hash = None;
        for part in body.split_whitespace() {
            match part.split_once('=') {
                Some(("decision", v)) => key = Some(format!("decision/{v}")),
                Some(("capability", v)) => key = Some(format!("capability/{v}")),
                Some(("choice", v)) => choice = Some(v.to_string()),
                Some(("hash", v)) => hash = Some(v.to_string()),
                _ => {}
            }
        }
        Some(Marker {
            key: key?,
            choice: choice?,
            hash: hash?,
        })
    }

    /// The text above the marker and the blank line before it: what the hash covers.
    pub fn body(&self) -> &str {
        match self.text.rfind(MARKER) {
            Some(at) => self.text[..at]
                .strip_suffix('\n')
                .unwrap_or(&self.text[..at]),
            None => &self.text,
        }
    }

    /// Whether the text above the marker is exactly what kubecompass wrote.
    pub fn untouched(&self) -> bool {
        self.marker().is_some_and(|m| m.hash == hash(self.body()))
    }

    /// The title as adr-tools shows it (`3. Use Cilium` for Nygard, `Use Cilium` for MADR).
    pub fn title(&self) -> String {
        let text = skip_front_matter(&self.text);
        text.lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The layout this file is written in: front matter is MADR, a `- Status:` bullet before
    /// the first section is log4brains, anything else Nygard.
    pub fn layout(&self) -> Dialect {
        if front_matter(&self.text).is_some() {
            Dialect::Madr
        } else if bullet_status(&self.text).is_some() {
            Dialect::Log4brains
        } else {
            Dialect::Nygard
        }
    }

    /// The status as the record states it, for the index: `Superseded` when a Nygard record
    /// carries a `Superseded by` link (adr-tools adds one and may leave `Proposed` above it),
    /// else the first status line; MADR's `status:`; log4brains' `- Status:` word.
    pub fn status(&self) -> String {
        match self.layout() {
            Dialect::Madr => front_matter(&self.text)
                .and_then(|front| front.lines().find_map(|l| l.strip_prefix("status:")))
                .map(|s| s.trim().trim_matches('"').to_string())
                .unwrap_or_default(),
            Dialect::Log4brains => {
                let status = bullet_status(&self.text).unwrap_or("").trim();
                let word = status.to_ascii_lowercase();
                if is_superseded_word(&word) {
                    "superseded".into()
                } else {
                    status.to_string()
                }
            }
            Dialect::Nygard => {
                let lines: Vec<&str> = status_section(&self.text)
                    .map(|s| s.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
                    .unwrap_or_default();
                if lines.iter().any(|l| superseded_by_line(l).is_some()) {
                    return "Superseded".into();
                }
                lines
                    .iter()
                    .find(|l| link_target(l).is_none())
                    .unwrap_or(&"")
                    .to_string()
            }
        }
    }

    /// The number of the record this one says supersedes it, if it names one: a Nygard
    /// `Superseded by` (or adr-tools' `Superceded by`) link, a MADR `links:` entry of kind
    /// `supersededby` or `status: superseded by ADR-NNNN`, a log4brains `superseded by` link.
    pub fn successor(&self) -> Option<u32> {
        match self.layout() {
            Dialect::Madr => {
                let front = front_matter(&self.text)?;
                front_links(front)
                    .into_iter()
                    .find(|(_, kind)| kind == "supersededby")
                    .map(|(target, _)| target)
                    .or_else(|| {
                        let status = front.lines().find_map(|l| l.strip_prefix("status:"))?;
                        let rest = status.trim().trim_matches('"').to_ascii_lowercase();
                        let id = rest.strip_prefix("superseded by")?.trim();
                        let digits: String = id
                            .trim_start_matches("adr-")
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        digits.parse().ok()
                    })
            }
            Dialect::Log4brains => {
                let status = bullet_status(&self.text)?;
                is_superseded_word(&status.trim().to_ascii_lowercase())
                    .then(|| link_target(status))
                    .flatten()
            }
            Dialect::Nygard => status_section(&self.text)?
                .lines()
                .find_map(|l| superseded_by_line(l.trim())),
        }
    }

    /// Whether the record says another supersedes it, by a link or by its status word alone.
    pub fn superseded(&self) -> bool {
        self.successor().is_some() || is_superseded_word(&self.status().to_ascii_lowercase())
    }

    /// The link lines of a Nygard `## Status` section that are not about superseding: the
    /// `Amends`, `Amended by` or other relations `adr link` or a person added.
    pub fn relation_lines(&self) -> Vec<(String, u32)> {
        status_section(&self.text)
            .map(|s| {
                s.lines()
                    .map(str::trim)
                    .filter(|l| {
                        let lower = l.to_ascii_lowercase();
                        !["superseded", "superceded", "supersedes", "supercedes"]
                            .iter()
                            .any(|v| lower.starts_with(v))
                    })
                    .filter_map(|l| link_target(l).map(|n| (l.to_string(), n)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn is_superseded_word(word: &str) -> bool {
    word.starts_with("superseded") || word.starts_with("superceded")
}

/// The number a status line links to: `Verb [text](NNNN-slug.md)`, the number read from the
/// link's file name as adr-tools does.
fn link_target(line: &str) -> Option<u32> {
    let (_, rest) = line.split_once("](")?;
    if !line.contains(" [") && !line.contains(": [") {
        return None;
    }
    number_of(rest.split(')').next()?.rsplit('/').next()?)
}

/// The successor a `Superseded by [..](NNNN-x.md)` line names (either spelling).
pub(super) fn superseded_by_line(line: &str) -> Option<u32> {
    let lower = line.to_ascii_lowercase();
    if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
        link_target(line)
    } else {
        None
    }
}

/// The value of log4brains' `- Status:` bullet: the first list before the first `##`.
pub(super) fn bullet_status(text: &str) -> Option<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("## "))
        .find_map(|l| {
            let item = l.strip_prefix("- ").or_else(|| l.strip_prefix("* "))?;
            let (key, value) = item.split_once(':')?;
            key.trim().eq_ignore_ascii_case("status").then_some(value)
        })
}

/// The `links:` entries of MADR front matter as (target, kind), in the form adrs reads.
pub(super) fn front_links(front: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut in_links = false;
    let mut item: (Option<u32>, Option<String>) = (None, None);
    let flush = |item: &mut (Option<u32>, Option<String>), out: &mut Vec<(u32, String)>| {
        if let (Some(t), Some(k)) = item.clone() {
            out.push((t, k));
        }
        *item = (None, None);
    };
    for line in front.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') {
            in_links = line.trim_end() == "links:";
            flush(&mut item, &mut out);
            continue;
        }
        if !in_links {
            continue;
        }
        let mut entry = line.trim();
        if let Some(rest) = entry.strip_prefix("- ") {
            flush(&mut item, &mut out);
            entry = rest.trim();
        }
        if let Some(v) = entry.strip_prefix("target:") {
            item.0 = v.trim().parse().ok();
        } else if let Some(v) = entry.strip_prefix("kind:") {
            item.1 = Some(v.trim().to_ascii_lowercase());
        }
    }
    flush(&mut item, &mut out);
    out
}

/// FNV-1a, 64 bits: enough to notice an edit; not a security boundary.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Appends the marker line, after a blank line, to a body.
pub fn seal(body: &str, key: &str, choice: &str) -> String {
    let (kind, id) = key.split_once('/').unwrap_or(("decision", key));
    format!(
        "{body}\n{MARKER} {kind}={id} choice={choice} hash={} -->\n",
        hash(body)
    )
}

/// `NNNN-slug.md`: four digits, lowercase ASCII words joined by dashes.
pub fn file_name(number: u32, title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > 60 {
        // Cut at a word boundary so the name stays readable.
        let cut = slug[..=60].rfind('-').unwrap_or(60);
        slug.truncate(cut);
    }

    if slug.is_empty() {
        slug.push_str("decision");
    }
    format!("{number:04}-{slug}.md")
}

/// Record numbers above this are not a sequence anyone keeps; refusing them keeps the next
/// number far from overflow whatever file names a folder holds.
const MAX_NUMBER: u32 = 9_999_999;

/// The number of an ADR file name (`0007-x.md` -> 7), if it is one.
pub fn number_of(file: &str) -> Option<u32> {
    let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || !file.ends_with(".md") {
        return None;
    }
    digits.parse().ok().filter(|n| *n <= MAX_NUMBER)
}

pub(super) fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[..end])
}

fn skip_front_matter(text: &str) -> &str {
    match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
    {
        Some(after) => after,
        None => text,
    }
}

fn status_section(text: &str) -> Option<&str> {
    let start = text.find("\n## Status\n")? + "\n## Status\n".len();
    let end = text[start..].find("\n#").map_or(text.len(), |i| start + i);
    Some(&text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adr::supersede::{keep_relations, supersede};

    fn existing(text: &str) -> Existing {
        Existing {
            file: "0003-x.md".into(),
            number: 3,
            text: text.into(),
        }
    }

    const NYGARD: &str = "# 3. Pod network: Cilium\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n";

    #[test]
    fn file_names_are_four_digits_and_a_lowercase_slug() {
        assert_eq!(
            file_name(3, "Pod network (CNI): Cilium"),
            "0003-pod-network-cni-cilium.md"
        );
        assert_eq!(file_name(12, "???"), "0012-decision.md");
        assert_eq!(number_of("0012-x.md"), Some(12));
        assert_eq!(number_of("README.md"), None);
    }

    #[test]
    fn a_sealed_file_is_untouched_until_someone_edits_it() {
        let sealed = existing(&seal(NYGARD, "decision/cni", "cilium"));
        assert_eq!(sealed.marker().unwrap().key, "decision/cni");
        assert!(sealed.untouched());
        let edited = existing(&sealed.text.replace("Why.", "Why, in our words."));
        assert!(edited.marker().is_some() && !edited.untouched());
        assert!(existing(NYGARD).marker().is_none());
    }

    #[test]
    fn reads_title_and_status_of_both_dialects() {
        let n = existing(NYGARD);
        assert_eq!(
            (n.title().as_str(), n.status().as_str()),
            ("3. Pod network: Cilium", "Accepted")
        );
        let m = existing(
            "---\nnumber: 3\nstatus: accepted\ndate: 2026-01-02\n---\n# Pod network: Cilium\n",
        );
        assert_eq!(
            (m.title().as_str(), m.status().as_str()),
            ("Pod network: Cilium", "accepted")
        );
    }

    #[test]
    fn superseding_a_nygard_record_replaces_the_status_word_and_links_the_successor() {
        let out = supersede(
            NYGARD,
            Dialect::Nygard,
            7,
            "0007-pod-network-calico.md",
            "Pod network: Calico",
        );
        assert_eq!(
            out,
            "# 3. Pod network: Cilium\n\nDate: 2026-01-02\n\n## Status\n\nSuperseded\n\nSuperseded by [7. Pod network: Calico](0007-pod-network-calico.md)\n\n## Context\n\nWhy.\n"
        );
        assert!(existing(&out).superseded());
    }

    #[test]
    fn superseding_a_madr_record_sets_the_status_and_adds_the_link() {
        let madr = "---\nnumber: 3\nstatus: accepted\ndate: 2026-01-02\n---\n# Cilium\n\n## More Information\n\nText.\n";
        let out = supersede(madr, Dialect::Madr, 7, "0007-calico.md", "Calico");
        assert!(
            out.starts_with("---\nnumber: 3\nstatus: superseded\ndate: 2026-01-02\nlinks:\n  - target: 7\n    kind: supersededby\n---\n"),
            "{out}"
        );
        assert_eq!(existing(&out).successor(), Some(7));
        // Superseding again (the successor was deleted) replaces the link rather than adding one.
        let again = supersede(&out, Dialect::Madr, 9, "0009-cilium.md", "Cilium");
        assert_eq!(again.matches("kind: supersededby").count(), 1, "{again}");
        assert_eq!(again.matches("Superseded by [ADR-").count(), 1, "{again}");
        assert_eq!(existing(&again).successor(), Some(9));
        assert!(
            out.contains(
                "## More Information\n\nSuperseded by [ADR-0007](0007-calico.md).\n\nText.\n"
            ),
            "{out}"
        );
        assert!(existing(&out).superseded());
    }

    #[test]
    fn the_successor_is_read_from_the_link_in_each_layout() {
        let adr_tools = existing(&NYGARD.replace(
            "Accepted\n",
            "Proposed\n\nSuperceded by [25. Ours](0025-ours.md)\n",
        ));
        assert_eq!(adr_tools.successor(), Some(25));
        assert_eq!(
            adr_tools.status(),
            "Superseded",
            "the link wins over Proposed"
        );
        let bullets = existing(
            "# Cilium\n\n* Status: superseded by [0007-calico](0007-calico.md)\n* Date: 2026-01-02\n\n## Context\n",
        );
        assert_eq!(bullets.layout(), Dialect::Log4brains);
        assert_eq!(
            (bullets.successor(), bullets.status().as_str()),
            (Some(7), "superseded")
        );
        let madr4 = existing("---\nnumber: 3\nstatus: superseded by ADR-0012\n---\n# X\n");
        assert_eq!(madr4.successor(), Some(12));
    }

    #[test]
    fn a_nygard_supersede_replaces_a_link_to_a_deleted_record() {
        let once = supersede(NYGARD, Dialect::Nygard, 7, "0007-a.md", "A");
        let twice = supersede(&once, Dialect::Nygard, 9, "0009-b.md", "B");
        assert_eq!(twice.matches("Superseded by").count(), 1, "{twice}");
        assert_eq!(existing(&twice).successor(), Some(9));
    }

    #[test]
    fn relations_another_tool_added_are_kept_once() {
        let linked = NYGARD.replace("Accepted\n", "Accepted\n\nAmends [1. Base](0001-base.md)\n");
        let relations: Vec<String> = existing(&linked)
            .relation_lines()
            .into_iter()
            .map(|(l, n)| {
                assert_eq!(n, 1);
                l
            })
            .collect();
        assert_eq!(relations, ["Amends [1. Base](0001-base.md)"]);
        let kept = keep_relations(NYGARD, &relations);
        assert!(
            kept.contains("## Status\n\nAccepted\n\nAmends [1. Base](0001-base.md)\n\n## Context"),
            "{kept}"
        );
        assert_eq!(keep_relations(&kept, &relations), kept);
    }
}
