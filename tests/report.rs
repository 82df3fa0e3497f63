//! The Markdown reports as people and tools read them: the default report fits a screen or two,
//! every report passes markdownlint-cli2 with the committed settings, and every Mermaid diagram
//! is small and renders with the real renderer (mermaid-cli). `.ci/run` installs both tools;
//! where one is missing, a local run skips its test with a message and a CI run fails.

use crate::examples::examples;
use crate::support::{BIN, root, run_in_root as run, tool};
use std::collections::BTreeSet;
use std::process::Command;

/// The most lines the default report of any example may have (issue: a screen or two).
const SUMMARY_LINES: usize = 250;
/// The most nodes one diagram may have, so it can be read at the width GitHub shows.
const DIAGRAM_NODES: usize = 40;

/// (name, Markdown) for every example's default and full report, one `explain`, the
/// catalogue listing, and the reports of the hostile catalogue.
fn reports() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rel in examples() {
        let stem = rel
            .trim_start_matches("examples/")
            .trim_end_matches(".yaml");
        out.push((format!("{stem}.md"), run(&["advise", &rel])));
        out.push((
            format!("{stem}-full.md"),
            run(&["advise", &rel, "--detail", "full"]),
        ));
    }
    out.push((
        "explain-database.md".into(),
        run(&["explain", "database", "examples/webshop.yaml"]),
    ));
    out.push(("catalogue.md".into(), run(&["catalogue"])));
    // Hostile catalogue text must not make a report fail the linter either.
    let (catalogue, profile) = (format!("{HOSTILE}/cat"), format!("{HOSTILE}/p.yaml"));
    for detail in ["summary", "full"] {
        out.push((
            format!("hostile-{detail}.md"),
            run(&[
                "--catalogue",
                &catalogue,
                "advise",
                &profile,
                "--detail",
                detail,
            ]),
        ));
    }
    out
}

#[test]
fn the_default_report_fits_a_screen_or_two_and_the_full_one_holds_everything() {
    for rel in examples() {
        let short = run(&["advise", &rel]);
        let full = run(&["advise", &rel, "--detail", "full"]);
        let lines = short.lines().count();
        assert!(lines <= SUMMARY_LINES, "{rel}: {lines} lines");
        assert!(full.lines().count() > 4 * lines, "{rel}: the full report");
        for needle in [
            "## The stack",
            "## Conflicts to resolve",
            "## Decisions",
            "--detail full",
        ] {
            assert!(short.contains(needle), "{rel} lacks {needle}");
        }
        for needle in ["**Rules, in order**", "## Traceability", "```mermaid"] {
            assert!(full.contains(needle), "{rel} --detail full lacks {needle}");
            assert!(!short.contains(needle), "{rel} has {needle}");
        }
        // Every decision has its line and anchor, and every link inside the report lands.
        let json = run(&["advise", &rel, "--format", "json"]);
        let advice: serde_json::Value = serde_json::from_str(&json).unwrap();
        for d in advice["decisions"].as_array().unwrap() {
            let anchor = format!("<a id=\"decision-{}\"></a>", d["id"].as_str().unwrap());
            assert!(short.contains(&anchor), "{rel}: {anchor}");
        }
        for text in [&short, &full] {
            for target in text.split("](#").skip(1) {
                let id = target.split(')').next().unwrap();
                assert!(
                    text.contains(&format!("<a id=\"{id}\"></a>")),
                    "{rel}: #{id} goes nowhere"
                );
            }
        }
    }
}

#[test]
fn every_report_passes_markdownlint() {
    let Some(lint) = tool("markdownlint-cli2") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, text) in reports() {
        std::fs::write(dir.path().join(&name), text).unwrap();
        files.push(name);
    }
    let out = Command::new(lint)
        .arg("--config")
        .arg(root().join(".markdownlint-cli2.yaml"))
        .args(&files)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!("Linting: {} file(s)", files.len()))
            || said.contains(&format!("Linting: {} files", files.len())),
        "{said}"
    );
    assert!(
        said.contains("Summary: 0 issue(s)") || said.contains("Summary: 0 issues"),
        "{said}"
    );
}

/// Every ```mermaid block of the reports, once each.
fn diagrams() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, text) in reports() {
        for block in text.split("```mermaid\n").skip(1) {
            out.insert(block.split("\n```").next().unwrap().to_string());
        }
    }
    out
}

/// The node ids a flowchart declares or links: the first word of each side of an edge.
fn nodes(diagram: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in diagram.lines().skip(1) {
        for side in line.split("-->") {
            let id: String = side
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !id.is_empty() {
                out.insert(id);
            }
        }
    }
    out
}

#[test]
fn every_diagram_is_small_and_its_nodes_are_named_by_kind() {
    let diagrams = diagrams();
    assert!(diagrams.len() >= 10, "{} diagrams", diagrams.len());
    for d in &diagrams {
        let nodes = nodes(d);
        assert!(nodes.len() <= DIAGRAM_NODES, "{} nodes:\n{d}", nodes.len());
        for n in &nodes {
            assert!(
                ["req_", "decision_", "capability_", "tool_"]
                    .iter()
                    .any(|k| n.starts_with(k)),
                "node {n} is not named by its kind:\n{d}"
            );
        }
    }
}

/// How many diagrams one run of mermaid-cli renders: it renders a file's diagrams at once, and
/// a hundred pages at once time out on a small machine.
const DIAGRAMS_PER_RUN: usize = 10;

/// Every diagram of every report rendered by mermaid-cli, a few per run (one browser start
/// each); every run must succeed and write one SVG per diagram.
#[test]
fn every_diagram_renders_with_mermaid_cli() {
    let (Some(mmdc), Some(chromium)) = (tool("mmdc"), tool("chromium")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = serde_json::json!({
        "executablePath": chromium,
        "args": ["--no-sandbox", "--disable-gpu"],
        // A loaded machine is slow, not broken.
        "protocolTimeout": 600_000,
    });
    std::fs::write(dir.path().join("puppeteer.json"), config.to_string()).unwrap();
    let diagrams: Vec<String> = diagrams().into_iter().collect();
    for (n, part) in diagrams.chunks(DIAGRAMS_PER_RUN).enumerate() {
        let markdown: String = part
            .iter()
            .map(|d| format!("```mermaid\n{d}\n```\n\n"))
            .collect();
        let (input, output) = (format!("part{n}.md"), format!("part{n}-out.md"));
        std::fs::write(dir.path().join(&input), markdown).unwrap();
        let out = Command::new(&mmdc)
            .args(["-p", "puppeteer.json", "-i", &input, "-o", &output])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "mmdc failed on:\n{}\n{said}",
            part.join("\n\n")
        );
        let svgs = (1..=part.len())
            .filter(|i| dir.path().join(format!("part{n}-out-{i}.svg")).is_file())
            .count();
        assert_eq!(svgs, part.len(), "{said}");
    }
}

/// The fixture whose catalogue text tries to break out of its cell, line and link.
const HOSTILE: &str = "tests/fixtures/hostile/report-hostile-catalogue-text";

/// The hostile catalogue's text stays in its place in the full report and in `explain`: the
/// requirements table stays one table, no heading, list item or HTML element is injected, and
/// no link leads anywhere but http(s).
#[test]
fn hostile_catalogue_text_stays_in_its_cell_line_and_link() {
    let catalogue = format!("{HOSTILE}/cat");
    let profile = format!("{HOSTILE}/p.yaml");
    let full = run(&[
        "--catalogue",
        &catalogue,
        "advise",
        &profile,
        "--detail",
        "full",
    ]);
    let explain = run(&["--catalogue", &catalogue, "explain", "database", &profile]);
    let listing = run(&["--catalogue", &catalogue, "catalogue"]);
    assert!(listing.contains("| `hostile-source` | A source whose link runs script |"));
    for text in [&full, &explain, &listing] {
        for line in text.lines() {
            assert!(!line.starts_with("# Injected"), "{line}");
            assert!(!line.starts_with("## Forged"), "{line}");
            assert!(!line.starts_with("- forged"), "{line}");
        }
        for html in ["<script", "<img"] {
            assert!(!text.contains(html), "{html} reached the report");
        }
        // `\\](javascript:` is escaped text, not a link.
        let links = text.matches("](javascript:").count();
        let escaped = text.matches("\\](javascript:").count();
        assert_eq!(links, escaped, "a javascript: link");
    }
    // The requirements table: a header, a rule, one row per requirement, then a blank line.
    let table = full
        .split("## Requirements (Layer 0)\n\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let rows: Vec<&str> = table.lines().collect();
    assert!(
        rows.iter()
            .all(|r| r.starts_with("| ") && r.ends_with(" |"))
    );
    let hostile = rows
        .iter()
        .find(|r| r.starts_with("| DC-hostile |"))
        .unwrap();
    // Five pipes that are not escaped: the row keeps its four columns.
    let columns = hostile.replace("\\|", "").matches('|').count();
    assert_eq!(columns, 5, "{hostile}");
    assert!(
        hostile.contains("RPO 15 minutes \\| x  # Injected heading"),
        "{hostile}"
    );
    // A requirement `end` (a Mermaid keyword) and a requirement `decision-database` are nodes
    // of their own kind, apart from the decision `database` (every diagram of this report is
    // also rendered by mermaid-cli, below).
    for (requirement, node) in [
        ("end", "req_end"),
        ("decision-database", "req_decision_database"),
    ] {
        let diagram = full
            .split(&format!("### {requirement} "))
            .nth(1)
            .and_then(|d| d.split("```mermaid\n").nth(1))
            .and_then(|d| d.split("\n```").next())
            .unwrap_or_else(|| panic!("a diagram for {requirement}"));
        assert_eq!(
            nodes(diagram),
            BTreeSet::from([node.to_string(), "decision_database".to_string()]),
            "{diagram}"
        );
    }
    // The source with a javascript: url is named, not linked; the other citation still links.
    assert!(
        explain.contains("_Source: hostile-source §2 \\[x\\](javascript:alert(1)); [kubecompass-webshop-p1 §6.2](https://"),
        "{explain}"
    );
}

/// On a terminal, the report goes through $PAGER, coloured unless NO_COLOR is set; with
/// --no-pager it is written straight to the terminal.
#[test]
fn on_a_terminal_the_report_is_coloured_and_paged() {
    let shown = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(["advise", "examples/webshop.yaml"])
            .args(args)
            .current_dir(root())
            .env_remove("NO_COLOR")
            .env("PAGER", "sed 's/^/paged: /'");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
        p.exp_eof().unwrap()
    };
    let coloured = shown(&[], &[]);
    assert!(
        coloured.contains("paged: \x1b[1;4;36mPlatform advice for Dutch webshop\x1b[0m"),
        "{coloured}"
    );
    assert!(!coloured.contains("<a id="), "anchors are for browsers");
    let plain = shown(&[("NO_COLOR", "1")], &[]);
    assert!(
        plain.contains("paged: # Platform advice for Dutch webshop"),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "{plain}");
    let never = shown(&[], &["--color", "never", "--no-pager"]);
    assert!(
        never.starts_with("# Platform advice for Dutch webshop"),
        "{never}"
    );
    assert!(!never.contains("paged: "), "{never}");
    // Piped, the same command writes the Markdown as it is.
    assert!(run(&["advise", "examples/webshop.yaml"]).starts_with("# Platform advice"));
}
