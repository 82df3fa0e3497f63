//! One ADR file as text: reading what other tools read (number, title, status, supersede
//! links), the marker that says kubecompass wrote it, and the status change of a supersede.
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

    /// The status: the first line of a Nygard `## Status` section, or MADR's `status:`.
    pub fn status(&self) -> String {
        if let Some(front) = front_matter(&self.text) {
            return front
                .lines()
                .find_map(|l| l.strip_prefix("status:"))
                .map(|s| s.trim().trim_matches('"').to_string())
                .unwrap_or_default();
        }
        status_section(&self.text)
            .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("")
            .to_string()
    }

    /// Whether another ADR supersedes this one (either spelling adr-tools has used).
    pub fn superseded(&self) -> bool {
        let status = self.status().to_ascii_lowercase();
        status.starts_with("superseded") || status.starts_with("superceded")
    }
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

/// Marks a body as superseded by ADR `number` (`file`, `title`), in the dialect's form:
/// Nygard replaces the status word and adds a `Superseded by` link in `## Status`; MADR sets
/// `status: superseded by ADR-NNNN` and adds the link under `## More Information`.
pub fn supersede(body: &str, dialect: Dialect, number: u32, file: &str, title: &str) -> String {
    match dialect {
        Dialect::Nygard => {
            let link = format!("Superseded by [{number}. {title}]({file})");
            let Some(start) = body.find("\n## Status\n") else {
                return format!("{body}\n{link}\n");
            };
            let section_start = start + "\n## Status\n".len();
            let section_end = body[section_start..]
                .find("\n## ")
                .map_or(body.len(), |i| section_start + i + 1);
            let mut lines: Vec<String> = Vec::new();
            for line in body[section_start..section_end].lines() {
                let word = line.trim();
                if matches!(word, "Accepted" | "Proposed" | "Deprecated") {
                    lines.push("Superseded".to_string());
                } else {
                    lines.push(line.to_string());
                }
            }
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            lines.push(String::new());
            lines.push(link);
            lines.push(String::new());
            format!(
                "{}{}\n{}",
                &body[..section_start],
                lines.join("\n"),
                &body[section_end..]
            )
        }
        Dialect::Madr => {
            let mut out = String::new();
            let mut in_front = false;
            for (i, line) in body.lines().enumerate() {
                if i == 0 && line == "---" {
                    in_front = true;
                } else if in_front && line == "---" {
                    in_front = false;
                } else if in_front && line.starts_with("status:") {
                    out.push_str(&format!("status: superseded by ADR-{number:04}\n"));
                    continue;
                }
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
    }
}

fn front_matter(text: &str) -> Option<&str> {
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
        assert!(out.contains("status: superseded by ADR-0007\n"), "{out}");
        assert!(
            out.contains(
                "## More Information\n\nSuperseded by [ADR-0007](0007-calico.md).\n\nText.\n"
            ),
            "{out}"
        );
        assert!(existing(&out).superseded());
    }
}
