//! The records as the real ADR tools read them: Debian's adr-tools, adr-viewer (PyPI) and
//! adr-log (npm). `.ci/run` installs all three. Where a tool is missing, a local run skips its
//! test with a message, and a CI run (`CI` set) fails, so CI never passes without them.

use crate::adr::record;
use crate::support::{Case, Run, tool};
use std::path::PathBuf;
use std::process::Command;

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
    let (old, old_file) = record(&run, "doc/adr", "pod-network-cni-cilium");
    let (new, new_file) = record(&run, "doc/adr", "pod-network-cni-calico");
    let (database, _) = record(&run, "doc/adr", "database-managed-postgresql");
    let list = output(&run, &adr, &["list"]);
    assert_eq!(list.lines().count(), new as usize, "{list}");
    assert!(list.contains(&format!("doc/adr/{new_file}")), "{list}");
    let toc = output(&run, &adr, &["generate", "toc"]);
    assert!(
        toc.contains(&format!(
            "* [{old}. Pod network (CNI): Cilium]({old_file})\n"
        )),
        "{toc}"
    );
    assert!(
        toc.contains(&format!(
            "* [{new}. Pod network (CNI): Calico]({new_file})\n"
        )),
        "{toc}"
    );
    let graph = output(&run, &adr, &["generate", "graph"]);
    assert!(
        graph.contains(&format!("_{new} -> _{old} [label=\"Supersedes\"")),
        "{graph}"
    );
    // adr-tools' own status reader, where the Debian package installs it.
    let status = PathBuf::from("/usr/libexec/adr-tools/_adr_status");
    if status.is_file() {
        let of = |n: u32| output(&run, &status, &[&n.to_string()]);
        assert_eq!(
            of(old),
            format!("Superseded\nSuperseded by [{new}. Pod network (CNI): Calico]({new_file})\n")
        );
        assert_eq!(
            of(new),
            format!("Accepted\nSupersedes [{old}. Pod network (CNI): Cilium]({old_file})\n")
        );
        assert_eq!(of(database), "Proposed\n");
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
    let prefix = "panel-heading adr-";
    let classes: Vec<&str> = html
        .match_indices(prefix)
        .map(|(i, _)| html[i + prefix.len()..].split(['"', ' ']).next().unwrap())
        .collect();
    // Every record in order, then the index README.md, which adr-viewer lists as "unknown". Our
    // status words map one to one to adr-viewer's classes.
    let mut expected: Vec<&str> = run
        .files()
        .into_iter()
        .filter(|f| f.starts_with("doc/adr/0"))
        .map(|f| {
            match run
                .read(&f)
                .split("## Status\n\n")
                .nth(1)
                .unwrap()
                .lines()
                .next()
                .unwrap()
            {
                "Accepted" => "accepted",
                "Superseded" => "superseded",
                "Proposed" => "pending",
                other => panic!("unexpected status {other}"),
            }
        })
        .collect();
    expected.push("unknown");
    assert_eq!(classes, expected, "{html}");
    assert!(classes.contains(&"superseded") && classes.contains(&"pending"));
}

#[test]
fn adr_log_reads_the_titles_of_both_dialects() {
    let Some(adr_log) = tool("adr-log") else {
        return;
    };
    for (dialect, folder) in [("nygard", "doc/adr"), ("madr", "docs/decisions")] {
        let run = superseded(dialect);
        let (old, old_file) = record(&run, folder, "pod-network-cni-cilium");
        let (new, new_file) = record(&run, folder, "pod-network-cni-calico");
        let log = output(&run, &adr_log, &["-d", folder, "-e", "README.md"]);
        assert!(
            log.contains(&format!(
                "* [ADR-{old:04}]({old_file}) - Pod network (CNI): Cilium\n"
            )),
            "{dialect}: {log}"
        );
        assert!(
            log.contains(&format!(
                "* [ADR-{new:04}]({new_file}) - Pod network (CNI): Calico\n"
            )),
            "{dialect}: {log}"
        );
    }
}
