//! The records as the real ADR tools read them: Debian's adr-tools, adr-viewer (PyPI) and
//! adr-log (npm). `.ci/run` installs all three. Where a tool is missing, a local run skips its
//! test with a message, and a CI run (`CI` set) fails, so CI never passes without them.

use crate::support::{Case, Run};
use std::path::PathBuf;
use std::process::Command;

/// The tool's path, or `None` after saying why the test is skipped.
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or(None);
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(!ci, "{name} is not installed; .ci/run installs it");
        eprintln!("skipped: {name} is not installed (bash .ci/run installs it)");
    }
    found
}

fn output(run: &Run, program: &PathBuf, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(run.path("."))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program:?} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The webshop's records, then the CNI flipped so one record supersedes another.
fn superseded(dialect: &str) -> Run {
    let first = Case::new()
        .example("webshop.yaml")
        .args(&[
            "adr",
            "webshop.yaml",
            "--dialect",
            dialect,
            "--date",
            "2026-11-22",
        ])
        .run();
    first.success();
    let text = std::fs::read_to_string(first.path("webshop.yaml"))
        .unwrap()
        .replacen("bgp-routing: false", "bgp-routing: true", 1);
    std::fs::write(first.path("webshop.yaml"), text).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second.success();
    second
}

#[test]
fn adr_tools_reads_titles_statuses_and_supersede_links() {
    let Some(adr) = tool("adr") else { return };
    let run = superseded("nygard");
    let list = output(&run, &adr, &["list"]);
    assert_eq!(list.lines().count(), 6, "{list}");
    assert!(
        list.contains("doc/adr/0006-pod-network-cni-calico.md"),
        "{list}"
    );
    let toc = output(&run, &adr, &["generate", "toc"]);
    assert!(
        toc.contains("* [2. Pod network (CNI): Cilium](0002-pod-network-cni-cilium.md)\n"),
        "{toc}"
    );
    assert!(
        toc.contains("* [6. Pod network (CNI): Calico](0006-pod-network-cni-calico.md)\n"),
        "{toc}"
    );
    let graph = output(&run, &adr, &["generate", "graph"]);
    assert!(graph.contains("_6 -> _2 [label=\"Supersedes\""), "{graph}");
    // adr-tools' own status reader, where the Debian package installs it.
    let status = PathBuf::from("/usr/libexec/adr-tools/_adr_status");
    if status.is_file() {
        assert_eq!(
            output(&run, &status, &["2"]),
            "Superseded\nSuperseded by [6. Pod network (CNI): Calico](0006-pod-network-cni-calico.md)\n"
        );
        assert_eq!(
            output(&run, &status, &["6"]),
            "Accepted\nSupersedes [2. Pod network (CNI): Cilium](0002-pod-network-cni-cilium.md)\n"
        );
        assert_eq!(output(&run, &status, &["5"]), "Proposed\n");
    }
}

#[test]
fn adr_viewer_reads_the_statuses() {
    let Some(viewer) = tool("adr-viewer") else {
        return;
    };
    let run = superseded("nygard");
    output(
        &run,
        &viewer,
        &[
            "--adr-path",
            "doc/adr",
            "--output",
            "viewer.html",
            "--title",
            "webshop",
        ],
    );
    let html = run.read("viewer.html");
    let classes: Vec<&str> = html
        .match_indices("panel-heading adr-")
        .map(|(i, _)| {
            html[i + "panel-heading adr-".len()..]
                .split(['"', ' '])
                .next()
                .unwrap()
        })
        .collect();
    // Records 1-6 in order, then the index README.md, which adr-viewer lists as "unknown".
    assert_eq!(
        classes,
        [
            "accepted",
            "superseded",
            "accepted",
            "accepted",
            "pending",
            "accepted",
            "unknown"
        ],
        "{html}"
    );
}

#[test]
fn adr_log_reads_the_titles_of_both_dialects() {
    let Some(adr_log) = tool("adr-log") else {
        return;
    };
    for (dialect, folder) in [("nygard", "doc/adr"), ("madr", "docs/decisions")] {
        let run = superseded(dialect);
        let log = output(&run, &adr_log, &["-d", folder, "-e", "README.md"]);
        assert!(
            log.contains(
                "* [ADR-0002](0002-pod-network-cni-cilium.md) - Pod network (CNI): Cilium\n"
            ),
            "{dialect}: {log}"
        );
        assert!(
            log.contains(
                "* [ADR-0006](0006-pod-network-cni-calico.md) - Pod network (CNI): Calico\n"
            ),
            "{dialect}: {log}"
        );
    }
}
