//! The records as the real ADR tools read them: Debian's adr-tools, adrs (crates.io),
//! log4brains and adr-log (npm), adr-viewer (PyPI). `.ci/run` installs each at a pinned version.
//! Where a tool is missing, a local run skips its test with a message, and a CI run (`CI` set)
//! fails, so CI never passes without them.

use crate::adr::record;
use crate::support::{Case, Run, tool};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn output(run: &Run, program: &Path, args: &[&str]) -> String {
    output_env(run, program, args, &[])
}

fn output_env(run: &Run, program: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
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
    flip(
        Case::new()
            .example("webshop.yaml")
            .args(&[
                "adr",
                "webshop.yaml",
                "--dialect",
                dialect,
                "--date",
                "2026-11-22",
            ])
            .run(),
    )
}

/// After a first run, the CNI flipped to Calico and the records written again.
fn flip(first: Run) -> Run {
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
    assert_eq!(
        list.lines().count(),
        records(&run, "doc/adr").len(),
        "{list}"
    );
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
    // Every record in order and nothing else (the index is no `*.md` file). Our status words
    // map one to one to adr-viewer's classes.
    let expected: Vec<&str> = run
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
        let log = output(&run, &adr_log, &["-d", folder]);
        assert_eq!(
            log.matches("* [ADR-").count(),
            records(&run, folder).len(),
            "{dialect}: adr-log counts exactly the records: {log}"
        );
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

/// The record files of a folder, in number order.
fn records(run: &Run, folder: &str) -> Vec<String> {
    run.files()
        .into_iter()
        .filter_map(|f| f.strip_prefix(&format!("{folder}/")).map(String::from))
        .filter(|f| f.starts_with(|c: char| c.is_ascii_digit()) && !f.contains('/'))
        .collect()
}

/// What the status of each record must be, by title, from the advice itself: provisional is
/// proposed, settled is accepted; `superseded` lists the titles of records another replaced.
fn expected_statuses(run: &Run, superseded: &[&str]) -> BTreeMap<String, &'static str> {
    let out = Command::new(crate::support::BIN)
        .args(["advise", "webshop.yaml", "--format", "json"])
        .current_dir(run.path("."))
        .output()
        .unwrap();
    let advice: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |item: &serde_json::Value| {
        if item["status"] == "provisional" {
            "proposed"
        } else {
            "accepted"
        }
    };
    let mut expected = BTreeMap::new();
    for d in advice["decisions"].as_array().unwrap() {
        let title = format!(
            "{}: {}",
            d["title"].as_str().unwrap(),
            d["choice"]["name"].as_str().unwrap()
        );
        expected.insert(title, status(d));
    }
    for c in advice["capabilities"].as_array().unwrap() {
        if c["verdict"] == "now" {
            let title = format!("{}: adopt now", c["title"].as_str().unwrap());
            expected.insert(title, status(c));
        }
    }
    for title in superseded {
        expected.insert((*title).to_string(), "superseded");
    }
    expected
}

#[test]
fn adrs_lists_every_record_and_its_doctor_finds_nothing_in_either_dialect() {
    let Some(adrs) = tool("adrs") else { return };
    for (dialect, folder) in [("nygard", "doc/adr"), ("madr", "docs/decisions")] {
        let run = superseded(dialect);
        let expected = expected_statuses(&run, &["Pod network (CNI): Cilium"]);
        // `list -l`: number, status, date, title; adrs finds docs/decisions through .adr-dir.
        let list = output(&run, &adrs, &["list", "-l"]);
        let mut read = BTreeMap::new();
        for line in list.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let title = fields[3..].join(" ");
            read.insert(title, fields[1].to_ascii_lowercase());
        }
        let expected: BTreeMap<String, String> = expected
            .into_iter()
            .map(|(t, s)| (t, s.to_string()))
            .collect();
        assert_eq!(read, expected, "{dialect}: {list}");
        assert_eq!(list.lines().count(), records(&run, folder).len());
        let doctor = output(&run, &adrs, &["doctor"]);
        assert!(
            doctor.contains("No issues found") || doctor.contains("Found 0 error(s), 0 warning(s)"),
            "{dialect}: {doctor}"
        );
    }
}

#[test]
fn log4brains_reads_every_status_and_the_supersede_chain() {
    let Some(log4brains) = tool("log4brains") else {
        return;
    };
    let Some(node) = tool("node") else { return };
    let config = "---\nproject:\n  name: webshop\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n";
    let first = Case::new()
        .example("webshop.yaml")
        .file(".log4brains.yml", config)
        .args(&["adr", "webshop.yaml", "--date", "2026-11-22"])
        .run();
    first
        .success()
        .stdout_has("docs/adr (log4brains, from .log4brains.yml)\n");
    let run = flip(first);
    let (_, old_file) = record(&run, "docs/adr", "pod-network-cni-cilium");
    let (_, new_file) = record(&run, "docs/adr", "pod-network-cni-calico");
    // log4brains' own reader, the one its CLI and static site use.
    let core = log4brains
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("@log4brains/core");
    let script = format!(
        "require({core:?}).Log4brains.create('.').searchAdrs().then(a => console.log(JSON.stringify(a.map(x => [x.slug, x.title, x.status, x.supersededBy]))))",
        core = core.display().to_string()
    );
    let read: Vec<(String, String, String, Option<String>)> =
        serde_json::from_str(&output(&run, &node, &["-e", &script])).unwrap();
    let slugs: Vec<&str> = read.iter().map(|r| r.0.as_str()).collect();
    let stems: Vec<String> = records(&run, "docs/adr")
        .iter()
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    let mut sorted = slugs.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, stems, "log4brains reads exactly the records");
    let statuses: BTreeMap<String, String> =
        read.iter().map(|r| (r.1.clone(), r.2.clone())).collect();
    let expected: BTreeMap<String, String> =
        expected_statuses(&run, &["Pod network (CNI): Cilium"])
            .into_iter()
            .map(|(t, s)| (t, s.to_string()))
            .collect();
    assert_eq!(statuses, expected);
    let stem = |f: &str| f.trim_end_matches(".md").to_string();
    for (slug, _, _, by) in &read {
        let want = (*slug == stem(&old_file)).then(|| stem(&new_file));
        assert_eq!(by, &want, "superseded by of {slug}");
    }
}

/// What adr-tools writes into our records is kept and shown: a record a person superseded with
/// `adr new -s` is superseded in the index and never superseded again, and `adr link` lines
/// survive `--force`.
#[test]
fn adr_tools_edits_are_respected() {
    let Some(adr) = tool("adr") else { return };
    let run = superseded("nygard");
    let (database, database_file) = record(&run, "doc/adr", "database-managed-postgresql");
    let (calico, calico_file) = record(&run, "doc/adr", "pod-network-cni-calico");
    let (argo, argo_file) = record(&run, "doc/adr", "gitops-engine-argo-cd");
    let before = records(&run, "doc/adr").len();
    let env = [
        ("VISUAL", "true"),
        ("EDITOR", "true"),
        ("ADR_DATE", "2026-12-02"),
    ];
    let number = |n: u32| format!("{n:04}");
    output_env(
        &run,
        &adr,
        &[
            "new",
            "-s",
            &number(calico),
            "Keep",
            "Calico",
            "with",
            "our",
            "tuning",
        ],
        &env,
    );
    let theirs = format!("{:04}-keep-calico-with-our-tuning.md", before + 1);
    output_env(
        &run,
        &adr,
        &[
            "link",
            &number(argo),
            "Amends",
            &number(database),
            "Amended by",
        ],
        &env,
    );
    let again = run.again(&["adr", "webshop.yaml", "--date", "2026-12-03"]);
    again.success().stdout_has(&format!(
        "  kept               {calico_file} (superseded by {theirs}, which kubecompass did not write; the decision is yours now)\n"
    ));
    assert_eq!(
        records(&again, "doc/adr").len(),
        before + 1,
        "no new record"
    );
    let index = again.read("doc/adr/README.markdown");
    assert!(
        index.contains(&format!("]({calico_file}) (Superseded)\n")),
        "{index}"
    );
    // The CNI flips back: the record the person superseded is not superseded a second time,
    // and --force regenerates the linked records keeping adr-tools' link lines in both.
    let back = std::fs::read_to_string(again.path("webshop.yaml"))
        .unwrap()
        .replacen("bgp-routing: true", "bgp-routing: false", 1);
    std::fs::write(again.path("webshop.yaml"), back).unwrap();
    let flipped = again.again(&["adr", "webshop.yaml", "--date", "2026-12-04", "--force"]);
    flipped.success();
    assert_eq!(
        records(&flipped, "doc/adr").len(),
        before + 1,
        "no new record"
    );
    let calico_text = flipped.read(&format!("doc/adr/{calico_file}"));
    assert_eq!(
        calico_text.matches("Superseded by").count(),
        1,
        "{calico_text}"
    );
    let argo_text = flipped.read(&format!("doc/adr/{argo_file}"));
    assert!(
        argo_text.contains(&format!("\nAmends [{database}. ")),
        "{argo_text}"
    );
    let database_text = flipped.read(&format!("doc/adr/{database_file}"));
    assert!(
        database_text.contains(&format!(
            "\nAmended by [{argo}. GitOps engine: Argo CD]({argo_file})\n"
        )),
        "{database_text}"
    );
    let graph = output(&flipped, &adr, &["generate", "graph"]);
    assert!(
        graph.contains(&format!("_{argo} -> _{database} [label=\"Amends\"")),
        "{graph}"
    );
}

/// The records and the index of every layout pass markdownlint-cli2's default rules, all but
/// MD013 (line length: a generated sentence is one line, as MADR's own lint setup allows).
#[test]
fn markdownlint_finds_nothing_in_the_records_or_the_index() {
    let Some(lint) = tool("markdownlint-cli2") else {
        return;
    };
    let log4brains = "---\nproject:\n  name: webshop\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n";
    let runs = [
        (superseded("nygard"), "doc/adr"),
        (superseded("madr"), "docs/decisions"),
        (
            flip(
                Case::new()
                    .example("webshop.yaml")
                    .file(".log4brains.yml", log4brains)
                    .args(&["adr", "webshop.yaml", "--date", "2026-11-22"])
                    .run(),
            ),
            "docs/adr",
        ),
    ];
    for (run, folder) in &runs {
        std::fs::write(
            run.path(".markdownlint-cli2.yaml"),
            "config:\n  MD013: false\n",
        )
        .unwrap();
        let out = Command::new(&lint)
            .args([
                format!("{folder}/*.md"),
                format!("{folder}/README.markdown"),
            ])
            .current_dir(run.path("."))
            .output()
            .unwrap();
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{folder}: {report}");
        assert!(
            report.contains(&format!(
                "Linting: {} files",
                records(run, folder).len() + 1
            )),
            "{folder}: {report}"
        );
    }
}

/// The hostile overlay of the corpus case `adr-hostile-catalogue-text`: decision and capability
/// prose carrying headings, status lines, links and HTML.
fn hostile_overlay(mut case: Case) -> Case {
    let repo =
        crate::support::root().join("tests/fixtures/hostile/adr-hostile-catalogue-text/repo");
    for rel in [
        "p.yaml",
        "cat/layer0/99-hostile.yaml",
        "cat/layer1/620-database.yaml",
        "cat/layer2/80-auditing.yaml",
        "cat/sources/99-hostile.yaml",
    ] {
        case = case.file(rel, std::fs::read(repo.join(rel)).unwrap());
    }
    case
}

/// Each tool reads the records written from hostile catalogue text with the status we wrote:
/// no forged `## Status` or `* Status:` line is read instead.
#[test]
fn the_tools_read_no_forged_status_from_catalogue_text() {
    let args = [
        "--catalogue",
        "cat",
        "adr",
        "p.yaml",
        "--date",
        "2026-01-01",
    ];
    if let Some(adr) = tool("adr") {
        let run = hostile_overlay(Case::new()).args(&args).run();
        run.success();
        let (database, _) = record(
            &run,
            "doc/adr",
            "database-managed-postgresql-script-alert-1-script-x",
        );
        let (auditing, _) = record(&run, "doc/adr", "security-auditing-adopt-now");
        let list = output(&run, &adr, &["list"]);
        assert_eq!(
            list.lines().count(),
            records(&run, "doc/adr").len(),
            "{list}"
        );
        let status = PathBuf::from("/usr/libexec/adr-tools/_adr_status");
        if status.is_file() {
            let of = |n: u32| output(&run, &status, &[&n.to_string()]);
            assert_eq!(of(database), "Proposed\n");
            assert_eq!(of(auditing), "Accepted\n");
        }
        if let Some(adrs) = tool("adrs") {
            let list = output(&run, &adrs, &["list", "-l"]);
            assert_eq!(
                list.lines().count(),
                records(&run, "doc/adr").len(),
                "{list}"
            );
            for line in list.lines() {
                let status = line.split_whitespace().nth(1).unwrap().to_ascii_lowercase();
                assert!(
                    ["accepted", "proposed"].contains(&status.as_str()),
                    "{line}"
                );
            }
        }
    }
    let (Some(log4brains), Some(node)) = (tool("log4brains"), tool("node")) else {
        return;
    };
    let config = "---\nproject:\n  name: webshop\n  tz: Etc/UTC\n  adrFolder: ./docs/adr\n";
    let run = hostile_overlay(Case::new())
        .file(".log4brains.yml", config)
        .args(&args)
        .run();
    run.success();
    let core = log4brains
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("@log4brains/core");
    let script = format!(
        "require({core:?}).Log4brains.create('.').searchAdrs().then(a => console.log(JSON.stringify(a.map(x => [x.slug, x.status, x.supersededBy]))))",
        core = core.display().to_string()
    );
    let read: Vec<(String, String, Option<String>)> =
        serde_json::from_str(&output(&run, &node, &["-e", &script])).unwrap();
    assert_eq!(read.len(), records(&run, "docs/adr").len());
    for (slug, status, by) in &read {
        let want = if slug.contains("database-managed-postgresql") {
            "proposed"
        } else if slug.contains("security-auditing") {
            "accepted"
        } else {
            status.as_str()
        };
        assert!(
            ["accepted", "proposed"].contains(&status.as_str()),
            "{slug}: {status}"
        );
        assert_eq!(status, want, "{slug}");
        assert_eq!(by, &None, "{slug}");
    }
}
