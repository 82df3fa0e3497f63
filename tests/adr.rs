use crate::support::{Case, Run};

const DATE: &[&str] = &["--date", "2026-11-22"];

fn webshop() -> Case {
    Case::new().example("webshop.yaml")
}

/// The webshop with the CNI flipped to Calico (BGP routing needed).
fn flipped() -> String {
    std::fs::read_to_string(crate::support::root().join("examples/webshop.yaml"))
        .unwrap()
        .replacen("bgp-routing: false", "bgp-routing: true", 1)
}

/// The record in `dir` whose file name ends with `-slug.md`: its number and file name.
pub(crate) fn record(run: &Run, dir: &str, slug: &str) -> (u32, String) {
    let file = run
        .files()
        .into_iter()
        .filter_map(|f| f.strip_prefix(&format!("{dir}/")).map(String::from))
        .find(|f| f.ends_with(&format!("-{slug}.md")))
        .unwrap_or_else(|| panic!("no record *-{slug}.md in {dir}: {:?}", run.files()));
    (file[..4].parse().unwrap(), file)
}

/// How many records the advice asks for: every decision, and every capability to adopt now.
fn expected_records() -> usize {
    let run = webshop()
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run();
    let advice = run.success().json();
    let now = advice["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "now")
        .count();
    advice["decisions"].as_array().unwrap().len() + now
}

fn summary(created: usize, superseded: usize, unchanged: usize, kept: usize) -> String {
    format!(
        "{created} created, 0 updated, {superseded} superseded, {unchanged} unchanged, {kept} kept\n"
    )
}

#[test]
fn a_fresh_write_creates_one_record_per_decision_and_an_index() {
    let n = expected_records();
    let run = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.success()
        .stdout_has("doc/adr (Nygard, new folder)\n")
        .stdout_has(&summary(n, 0, 0, 0));
    let records: Vec<String> = run
        .files()
        .into_iter()
        .filter(|f| f.starts_with("doc/adr/0"))
        .collect();
    assert_eq!(records.len(), n, "{records:?}");
    assert!(
        records[0].starts_with("doc/adr/0001-")
            && records[n - 1].starts_with(&format!("doc/adr/{n:04}-"))
    );
    let (number, file) = record(&run, "doc/adr", "pod-network-cni-cilium");
    let cni = run.read(&format!("doc/adr/{file}"));
    let head = format!(
        "# {number}. Pod network (CNI): Cilium\n\nDate: 2026-11-22\n\n## Status\n\nProposed\n\n## Context\n"
    );
    assert!(cni.starts_with(&head), "{cni}");
    assert!(cni.contains("Chosen by the rule `cni/default`"));
    assert!(cni.contains("In one sentence: In the context of Pod network (CNI)"));
    assert!(
        cni.ends_with("-->\n")
            && cni.contains("\n\n<!-- kubecompass: decision=cni choice=cilium hash=")
    );
    // A provisional decision is proposed, not accepted; a capability to adopt now has a record.
    let (_, database) = record(&run, "doc/adr", "database-managed-postgresql");
    assert!(
        run.read(&format!("doc/adr/{database}"))
            .contains("## Status\n\nProposed\n")
    );
    record(&run, "doc/adr", "policy-enforcement-adopt-now");
    let index = run.read("doc/adr/README.markdown");
    assert!(
        index.contains(&format!(
            "* [{number}. Pod network (CNI): Cilium]({file}) (Proposed)\n"
        )),
        "{index}"
    );
    assert_eq!(index.matches("\n* [").count(), n);
}

#[test]
fn the_same_inputs_change_no_byte() {
    let n = expected_records();
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    first.success();
    let before: Vec<(String, String)> = first
        .files()
        .into_iter()
        .map(|f| (f.clone(), first.read(&f)))
        .collect();
    // A later day does not change the dates of records whose content did not change.
    let second = first.again(&["adr", "webshop.yaml", "--date", "2027-01-01"]);
    second.success().stdout_has(&summary(0, 0, n, 0));
    let after: Vec<(String, String)> = second
        .files()
        .into_iter()
        .map(|f| (f.clone(), second.read(&f)))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn a_flipped_choice_supersedes_the_old_record_with_links_both_ways() {
    let n = expected_records();
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    first.success();
    let (old, old_file) = record(&first, "doc/adr", "pod-network-cni-cilium");
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second.success();
    let (new, new_file) = record(&second, "doc/adr", "pod-network-cni-calico");
    assert_eq!(
        new as usize,
        n + 1,
        "the new record is numbered after the highest"
    );
    second
        .stdout_has(&format!(
            "  superseded         {old_file} (superseded by {new_file})\n"
        ))
        .stdout_has(&format!(
            "  created            {new_file} (supersedes {old_file})\n"
        ));
    let old_text = second.read(&format!("doc/adr/{old_file}"));
    let link = format!(
        "## Status\n\nSuperseded\n\nSuperseded by [{new}. Pod network (CNI): Calico]({new_file})\n\n## Context"
    );
    assert!(old_text.contains(&link), "{old_text}");
    let new_text = second.read(&format!("doc/adr/{new_file}"));
    let head = format!(
        "# {new}. Pod network (CNI): Calico\n\nDate: 2026-12-01\n\n## Status\n\nAccepted\n\nSupersedes [{old}. Pod network (CNI): Cilium]({old_file})\n"
    );
    assert!(new_text.starts_with(&head), "{new_text}");
    assert!(
        second
            .read("doc/adr/README.markdown")
            .contains(&format!("({old_file}) (Superseded)"))
    );
    let third = second.again(&["adr", "webshop.yaml", "--date", "2026-12-02"]);
    third.success().stdout_has(&summary(0, 0, n + 1, 0));
}

/// A record someone named and titled to break out of its index entry: the index links it as one
/// relative file (the name percent-encoded, so no `)` or space ends the target and no `:` makes
/// it a scheme), with its title and status inside the link's text.
#[test]
fn the_index_links_a_hostile_record_name_as_one_relative_file() {
    let name = "0009-a](javascript:alert(1)) <b>x.md";
    let record = "# 9. a](javascript:alert(1)) [b <img src=x>\n\nDate: 2026-01-01\n\n## Status\n\nAccepted](javascript:alert(2))\n";
    let run = webshop()
        .file(&format!("doc/adr/{name}"), record)
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success();
    let index = run.read("doc/adr/README.markdown");
    let line = index
        .lines()
        .find(|l| l.starts_with("* [9. "))
        .unwrap_or_else(|| panic!("{index}"));
    assert_eq!(
        line,
        "* [9. a\\](javascript:alert(1)) \\[b &lt;img src=x>](0009-a%5D%28javascript%3Aalert%281%29%29%20%3Cb%3Ex.md) (Accepted\\](javascript:alert(2)))"
    );
    assert_eq!(
        run.read(&format!("doc/adr/{name}")),
        record,
        "never touched"
    );
    // The entries kubecompass wrote, numbered after it, are linked as before.
    assert!(
        index.contains(
            "\n* [10. Kubernetes distribution: Managed Kubernetes at a European provider](0010-kubernetes-distribution-managed-kubernetes-at-a-european.md) (Accepted)\n"
        ),
        "{index}"
    );
}

/// A record someone renamed to a hostile name, then superseded: the new record's link to it
/// is one relative file, and its text cannot close the link.
#[test]
fn a_supersede_link_to_a_hostile_record_name_stays_one_relative_file() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    first.success();
    let (_, old) = record(&first, "doc/adr", "pod-network-cni-cilium");
    let hostile = format!("{}-a](javascript:alert(1)).md", &old[..4]);
    rename(&first, &old, &hostile);
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-11-22"]);
    second.success();
    let (_, new) = record(&second, "doc/adr", "pod-network-cni-calico");
    let text = second.read(&format!("doc/adr/{new}"));
    let link = text
        .lines()
        .find(|l| l.starts_with("Supersedes ["))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        link.ends_with(&format!(
            "]({}-a%5D%28javascript%3Aalert%281%29%29.md)",
            &old[..4]
        )),
        "{link}"
    );
}

/// The contents of the ADR folder, name and text, sorted.
fn folder(run: &Run) -> Vec<(String, String)> {
    run.files()
        .into_iter()
        .filter(|f| f.starts_with("doc/adr/"))
        .map(|f| {
            let text = run.read(&f);
            (f, text)
        })
        .collect()
}

/// A run stopped between its renames (the new record renamed into place, the record it
/// supersedes and the index not yet) is completed by the next run, which leaves the folder as one
/// uninterrupted run would have: no second new record, the old one linked, the index whole.
#[test]
fn a_run_stopped_between_renames_is_completed_by_the_next() {
    let whole = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    whole.success();
    std::fs::write(whole.path("webshop.yaml"), flipped()).unwrap();
    let whole = whole.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    whole.success();
    let (_, new_file) = record(&whole, "doc/adr", "pod-network-cni-calico");

    let stopped = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    stopped.success();
    std::fs::write(stopped.path("webshop.yaml"), flipped()).unwrap();
    // New records are renamed first: this is what a run stopped after its first rename leaves.
    let new_path = format!("doc/adr/{new_file}");
    std::fs::write(stopped.path(&new_path), whole.read(&new_path)).unwrap();
    assert_ne!(folder(&stopped), folder(&whole));
    let completed = stopped.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    completed.success();
    assert_eq!(folder(&completed), folder(&whole));
}

#[test]
fn a_hand_edit_is_kept_and_reported_unless_forced() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    let (_, argo) = record(&first, "doc/adr", "gitops-engine-argo-cd");
    let path = format!("doc/adr/{argo}");
    let edited = first.read(&path).replace(
        "## Consequences\n",
        "## Consequences\n\n- Our platform team reviewed this on 2026-11-30.\n",
    );
    std::fs::write(first.path(&path), &edited).unwrap();
    // The profile changes in a way that flips the GitOps choice: the edited record is not touched.
    let text = std::fs::read_to_string(first.path("webshop.yaml"))
        .unwrap()
        .replacen("deploy-ui-needed: true", "deploy-ui-needed: false", 1);
    std::fs::write(first.path("webshop.yaml"), text).unwrap();
    let second = first.again(&["adr", "webshop.yaml"]);
    second.success();
    let (flux, flux_file) = record(&second, "doc/adr", "gitops-engine-flux");
    second.stdout_has(&format!("  kept               {argo} (edited by hand, so it is not marked superseded by {flux_file}; --force marks it)\n"));
    assert_eq!(second.read(&path), edited);
    let forced = second.again(&["adr", "webshop.yaml", "--force"]);
    forced
        .success()
        .stdout_has(&format!("  superseded         {argo}"));
    let after = forced.read(&path);
    assert!(after.contains("Our platform team reviewed this"), "{after}");
    assert!(
        after.contains(&format!("Superseded by [{flux}. GitOps engine: Flux]")),
        "{after}"
    );
}

#[test]
fn records_kubecompass_did_not_write_are_numbered_around_and_never_touched() {
    let init = "# 1. Record architecture decisions\n\nDate: 2026-01-05\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n";
    let kafka = "# 7. Use Kafka\n\nDate: 2026-02-01\n\n## Status\n\nAccepted\n";
    let run = webshop()
        .file("doc/adr/0001-record-architecture-decisions.md", init)
        .file("doc/adr/0007-use-kafka.md", kafka)
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success()
        .stdout_has("doc/adr (Nygard, found doc/adr, detected from its records)\n")
        .stdout_has("  created            0008-kubernetes-distribution");
    assert_eq!(
        run.read("doc/adr/0001-record-architecture-decisions.md"),
        init
    );
    assert_eq!(run.read("doc/adr/0007-use-kafka.md"), kafka);
    let index = run.read("doc/adr/README.markdown");
    assert!(index.contains("* [1. Record architecture decisions](0001-record-architecture-decisions.md) (Accepted)\n* [7. Use Kafka]"), "{index}");
}

#[test]
fn madr_records_have_front_matter_and_supersede_in_madr_form() {
    let first = webshop()
        .args(&["adr", "webshop.yaml", "--dialect", "madr"])
        .args(DATE)
        .run();
    first
        .success()
        .stdout_has("docs/decisions (MADR, new folder)\n");
    let (old, old_file) = record(&first, "docs/decisions", "pod-network-cni-cilium");
    let cni = first.read(&format!("docs/decisions/{old_file}"));
    let head = format!(
        "---\nnumber: {old}\nstatus: proposed\ndate: 2026-11-22\n---\n# Pod network (CNI): Cilium\n\n## Context and Problem Statement\n"
    );
    assert!(cni.starts_with(&head), "{cni}");
    for section in [
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## Pros and Cons of the Options",
        "## More Information",
    ] {
        assert!(cni.contains(section), "{section}");
    }
    // The folder is named in .adr-dir, where adrs and adr-tools look for it.
    assert_eq!(first.read(".adr-dir"), "docs/decisions\n");
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    // The folder's own layout is detected on the next run.
    let second = first.again(&["adr", "webshop.yaml"]);
    second
        .success()
        .stdout_has("docs/decisions (MADR, from .adr-dir, detected from its records)\n");
    let (new, new_file) = record(&second, "docs/decisions", "pod-network-cni-calico");
    let old_text = second.read(&format!("docs/decisions/{old_file}"));
    assert!(
        old_text.contains(&format!(
            "status: superseded\ndate: 2026-11-22\nlinks:\n  - target: {new}\n    kind: supersededby\n---\n"
        )),
        "{old_text}"
    );
    assert!(
        old_text.contains(&format!("Superseded by [ADR-{new:04}]({new_file}).")),
        "{old_text}"
    );
    let new_text = second.read(&format!("docs/decisions/{new_file}"));
    assert!(
        new_text.contains(&format!(
            "links:\n  - target: {old}\n    kind: supersedes\n---\n"
        )),
        "{new_text}"
    );
    assert!(new_text.contains(&format!("Supersedes [ADR-{old:04}]({old_file}).")));
}

#[test]
fn the_folder_comes_from_adr_dir_and_mixing_layouts_is_refused() {
    let run = webshop()
        .file(".adr-dir", "architecture/decisions\n")
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success()
        .stdout_has("architecture/decisions (Nygard, from .adr-dir)\n");
    record(&run, "architecture/decisions", "pod-network-cni-cilium");
    let mixed = run.again(&["adr", "webshop.yaml", "--dialect", "madr"]);
    mixed
        .code(2)
        .stderr_has("error[adr-layout-conflict]: architecture/decisions: the folder holds Nygard records; writing MADR records there would mix two layouts\n");
    let outside = webshop()
        .file(".adr-dir", "../elsewhere\n")
        .args(&["adr", "webshop.yaml"])
        .run();
    outside.code(2).stderr_has(
        "error[outside-repository]: .adr-dir: the ADR folder `../elsewhere` is outside the repository\n",
    );
}

#[test]
fn dry_run_and_check_write_nothing_and_check_gates_on_staleness() {
    let n = expected_records();
    let dry = webshop()
        .args(&["adr", "webshop.yaml", "--dry-run"])
        .args(DATE)
        .run();
    dry.success()
        .stdout_has("doc/adr (Nygard, new folder); nothing written\n")
        .stdout_has("  would create       0001-")
        .stdout_has(&format!("would be: {n} created"));
    assert_eq!(dry.files(), ["webshop.yaml"]);
    let check = dry.again(&["adr", "webshop.yaml", "--check"]);
    check.code(1).stdout_has(&format!(
        "stale: {} would change; run `kubecompass adr` to update\n",
        summary(n, 0, 0, 0).trim_end()
    ));
    assert_eq!(check.files(), ["webshop.yaml"]);
    let written = check.again(&["adr", "webshop.yaml"]);
    written.success();
    written
        .again(&["adr", "webshop.yaml", "--check"])
        .success()
        .stdout_has("up to date\n");
}

#[test]
fn the_index_keeps_the_teams_text_around_the_markers() {
    let readme = "# Decisions\n\nWritten by the platform team.\n\n<!-- kubecompass:index -->\nold\n<!-- kubecompass:index-end -->\n\nSee also the wiki.\n";
    let run = webshop()
        .file("doc/adr/README.markdown", readme)
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success();
    let index = run.read("doc/adr/README.markdown");
    assert!(
        index.starts_with(
            "# Decisions\n\nWritten by the platform team.\n\n<!-- kubecompass:index -->\n\n* [1. "
        ),
        "{index}"
    );
    assert!(
        index.ends_with(")\n\n<!-- kubecompass:index-end -->\n\nSee also the wiki.\n"),
        "{index}"
    );
}

#[test]
fn a_symlink_in_the_folder_is_never_written_through() {
    let case = webshop()
        .file("outside.md", "precious\n")
        .file("doc/adr/.keep", "");
    std::os::unix::fs::symlink(
        case.path("outside.md"),
        case.path("doc/adr/README.markdown"),
    )
    .unwrap();
    let run = case.args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.code(2).stderr_has("README.markdown: is a symbolic link; kubecompass does not write through links in the ADR folder\n");
    assert_eq!(run.read("outside.md"), "precious\n");
    assert!(
        !run.files().iter().any(|f| f.starts_with("doc/adr/0")),
        "nothing written: {:?}",
        run.files()
    );
}

/// A named pipe with a record's name is counted and listed by its name, never opened: a
/// reader of the pipe would wait for a writer that never comes.
#[test]
fn a_named_pipe_named_like_a_record_is_listed_and_never_opened() {
    use std::os::unix::fs::FileTypeExt;
    let case = webshop().file("doc/adr/.keep", "");
    let made = std::process::Command::new("mkfifo")
        .arg(case.path("doc/adr/0099-a-pipe.md"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = case.args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.success();
    let index = run.read("doc/adr/README.markdown");
    assert!(
        index.contains("\n* [0099-a-pipe.md](0099-a-pipe.md)\n"),
        "{index}"
    );
    let pipe = std::fs::symlink_metadata(run.path("doc/adr/0099-a-pipe.md")).unwrap();
    assert!(pipe.file_type().is_fifo(), "still a pipe");
    let check = run.again(&["adr", "webshop.yaml", "--date", "2026-11-22", "--check"]);
    check.success().stdout_has("up to date\n");
}

#[test]
fn no_temporary_file_is_left_behind() {
    let run = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.success();
    assert!(
        run.files().iter().all(|f| !f.contains(".kubecompass-")),
        "{:?}",
        run.files()
    );
}

/// A run killed between writing a temporary file and renaming it leaves the temporary file in
/// the folder: `--check` calls the folder stale for it, and the next run removes it.
#[test]
fn a_temporary_file_left_by_a_killed_run_is_stale_and_removed() {
    let written = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    written.success();
    let leftover = written.path("doc/adr/.kubecompass-Xk3j9Q.tmp");
    std::fs::write(&leftover, "# 1. Half a rec").unwrap();
    let check = written.again(&["adr", "webshop.yaml", "--check"]);
    check
        .code(1)
        .stdout_has("  would remove       .kubecompass-Xk3j9Q.tmp (left by an interrupted run)\n")
        .stdout_has(", 1 leftover temporary file would change;");
    assert!(leftover.exists(), "--check removed a file");
    let again = check.again(&["adr", "webshop.yaml"]);
    again
        .success()
        .stdout_has("  removed            .kubecompass-Xk3j9Q.tmp");
    assert!(!leftover.exists());
    again
        .again(&["adr", "webshop.yaml", "--check"])
        .success()
        .stdout_has("up to date\n");
}

/// The index an earlier version kept in `README.md` (which adr-log and adr-viewer take for a
/// record) moves to `README.markdown`, with the team's text around it.
#[test]
fn an_index_in_readme_md_moves_to_readme_markdown() {
    let readme = "# Decisions\n\nOurs.\n\n<!-- kubecompass:index -->\n* old\n<!-- kubecompass:index-end -->\n";
    let run = webshop()
        .file("doc/adr/README.md", readme)
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success().stdout_has(
        "  index moved        README.md (moved to README.markdown, which ADR tools do not take for a record)\n",
    );
    assert!(!run.path("doc/adr/README.md").exists());
    let index = run.read("doc/adr/README.markdown");
    assert!(index.starts_with("# Decisions\n\nOurs.\n\n<!-- kubecompass:index -->\n\n* [1. "));
    // A README.md of the team's own, without the markers, is theirs and stays.
    let theirs = webshop()
        .file("doc/adr/README.md", "# Our notes\n")
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    theirs.success();
    assert_eq!(theirs.read("doc/adr/README.md"), "# Our notes\n");
}

/// The successor a record names, read from its `Superseded by` link.
fn successor_of(run: &Run, file: &str) -> Option<String> {
    let text = run.read(&format!("doc/adr/{file}"));
    let line = text.lines().find(|l| l.starts_with("Superseded by ["))?;
    Some(line.split("](").nth(1)?.trim_end_matches(')').to_string())
}

fn rename(run: &Run, from: &str, to: &str) {
    std::fs::rename(
        run.path(&format!("doc/adr/{from}")),
        run.path(&format!("doc/adr/{to}")),
    )
    .unwrap();
}

/// Renaming a superseded record to a number above its successor used to make the two
/// supersede each other; the chain follows the links, not the numbers.
#[test]
fn a_renamed_superseded_record_makes_no_circle() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second.success();
    let (_, old_file) = record(&second, "doc/adr", "pod-network-cni-cilium");
    let (_, new_file) = record(&second, "doc/adr", "pod-network-cni-calico");
    rename(&second, &old_file, "0050-pod-network-cni-cilium.md");
    let third = second.again(&["adr", "webshop.yaml", "--date", "2026-12-02"]);
    third.success();
    assert_eq!(
        successor_of(&third, "0050-pod-network-cni-cilium.md").as_deref(),
        Some(new_file.as_str())
    );
    assert_eq!(successor_of(&third, &new_file), None, "the current record");
    let new_text = third.read(&format!("doc/adr/{new_file}"));
    assert!(
        new_text.contains(
            "\nSupersedes [50. Pod network (CNI): Cilium](0050-pod-network-cni-cilium.md)\n"
        ),
        "{new_text}"
    );
    let fourth = third.again(&["adr", "webshop.yaml", "--date", "2026-12-03", "--check"]);
    fourth.success().stdout_has("up to date\n");
}

/// Renaming the current record (the successor) leaves its predecessor's link pointing at
/// nothing: the next run points it at the renamed file, and links it back.
#[test]
fn a_renamed_successor_is_linked_again() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second.success();
    let (_, old_file) = record(&second, "doc/adr", "pod-network-cni-cilium");
    let (_, new_file) = record(&second, "doc/adr", "pod-network-cni-calico");
    rename(&second, &new_file, "0050-pod-network-cni-calico.md");
    let third = second.again(&["adr", "webshop.yaml", "--date", "2026-12-02"]);
    third.success().stdout_has(&format!(
        "  superseded         {old_file} (superseded by 0050-pod-network-cni-calico.md)\n"
    ));
    assert_eq!(
        successor_of(&third, &old_file).as_deref(),
        Some("0050-pod-network-cni-calico.md")
    );
    let new_text = third.read("doc/adr/0050-pod-network-cni-calico.md");
    assert!(
        new_text.starts_with("# 50. Pod network (CNI): Calico\n"),
        "{new_text}"
    );
    assert!(new_text.contains(&format!("]({old_file})\n")), "{new_text}");
    third
        .again(&["adr", "webshop.yaml", "--date", "2026-12-03", "--check"])
        .success()
        .stdout_has("up to date\n");
}

/// Deleting the current record leaves a link to nothing on the record it superseded: the next
/// run does not count that link, and either links a new record both ways or, when the advice
/// is back to the old choice, makes the old record current again.
#[test]
fn deleting_the_current_record_leaves_no_one_way_link() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second.success();
    let (_, old_file) = record(&second, "doc/adr", "pod-network-cni-cilium");
    let (new, new_file) = record(&second, "doc/adr", "pod-network-cni-calico");
    std::fs::remove_file(second.path(&format!("doc/adr/{new_file}"))).unwrap();
    // Still Calico: a new record, and the old one's link names it.
    let third = second.again(&["adr", "webshop.yaml", "--date", "2026-12-02"]);
    third.success();
    let (newer, newer_file) = record(&third, "doc/adr", "pod-network-cni-calico");
    assert_eq!(newer, new, "the number of the deleted record is free again");
    assert_eq!(successor_of(&third, &old_file), Some(newer_file.clone()));
    let old_text = third.read(&format!("doc/adr/{old_file}"));
    assert_eq!(old_text.matches("Superseded by").count(), 1, "{old_text}");
    // Deleted again, and the advice back to Cilium: the old record is current again.
    std::fs::remove_file(third.path(&format!("doc/adr/{newer_file}"))).unwrap();
    let back =
        std::fs::read_to_string(crate::support::root().join("examples/webshop.yaml")).unwrap();
    std::fs::write(third.path("webshop.yaml"), back).unwrap();
    let fourth = third.again(&["adr", "webshop.yaml", "--date", "2026-12-03"]);
    fourth
        .success()
        .stdout_has(&format!("  updated            {old_file}\n"));
    let old_text = fourth.read(&format!("doc/adr/{old_file}"));
    // Proposed, as the advice has it: the webshop's CNI waits on an open question.
    assert!(
        old_text.contains("## Status\n\nProposed\n\n## Context"),
        "{old_text}"
    );
    assert!(!old_text.contains("Superseded"), "{old_text}");
}

/// The profile name is not copied into the records: a name at its length limit appears in none,
/// and a 7 MB name is refused before anything is written.
#[test]
fn a_long_profile_name_is_not_repeated_in_the_records() {
    let profile = std::fs::read_to_string(crate::support::root().join("examples/webshop.yaml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("name:"))
        .collect::<Vec<_>>()
        .join("\n");
    let name = "n".repeat(200);
    let run = Case::new()
        .file("p.yaml", format!("name: {name}\n{profile}\n"))
        .args(&["adr", "p.yaml"])
        .args(DATE)
        .run();
    run.success();
    let records: Vec<String> = run
        .files()
        .into_iter()
        .filter(|f| f.starts_with("doc/adr/"))
        .collect();
    assert!(records.len() > 10, "{records:?}");
    for record in &records {
        assert!(
            !run.read(record).contains(&name),
            "{record} repeats the name"
        );
    }
    let huge = "n".repeat(7 * 1024 * 1024);
    let refused = Case::new()
        .file("p.yaml", format!("name: {huge}\n{profile}\n"))
        .args(&["adr", "p.yaml"])
        .args(DATE)
        .run();
    refused.code(2).stderr_has("error[bad-name]");
    assert!(!refused.files().iter().any(|f| f.starts_with("doc/")));
}

/// A run that cannot write one file (here a file size limit, as a full disk would) changes no
/// file: every file is staged before any is renamed into place.
#[test]
fn a_write_that_fails_part_way_changes_nothing() {
    let kafka = "# 1. Use Kafka\n\nDate: 2026-02-01\n\n## Status\n\nAccepted\n";
    let case = webshop().file("doc/adr/0001-use-kafka.md", kafka);
    let dir = case.path(".");
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 4; exec \"$0\" adr webshop.yaml --date 2026-11-22",
            crate::support::BIN,
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("File too large") && stderr.contains("; no file was changed\n"),
        "{stderr}"
    );
    let left: Vec<String> = std::fs::read_dir(dir.join("doc/adr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        left,
        ["0001-use-kafka.md"],
        "nothing written, no temporary file left"
    );
}

/// While one run holds the folder's lock, another says so and writes nothing.
#[test]
fn a_second_run_while_the_folder_is_locked_says_so() {
    let case = webshop().file("doc/adr/.keep", "");
    let held = std::fs::File::open(case.path("doc/adr")).unwrap();
    held.lock().unwrap();
    let run = case.args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.code(2);
    insta::assert_snapshot!(run.stderr.clone());
    assert_eq!(run.files(), ["doc/adr/.keep", "webshop.yaml"]);
    drop(held);
}

/// The folder's lock belongs to a process: a holder killed with `kill -9` leaves no lock and
/// no lock file behind, and the next run writes. (`flock(1)` takes the same advisory lock; the
/// shell then becomes `sleep`, so the process killed is the one process holding the lock.)
#[test]
fn a_killed_lock_holder_leaves_no_lock_behind() {
    let case = webshop().file("doc/adr/.keep", "");
    let mut holder = std::process::Command::new("sh")
        .args(["-c", "exec 9<doc/adr && flock -x 9 && exec sleep 60"])
        .current_dir(case.path("."))
        .spawn()
        .expect("sh and flock (util-linux) run");
    let held = std::fs::File::open(case.path("doc/adr")).unwrap();
    // Wait until the holder has the lock.
    while held.try_lock().is_ok() {
        held.unlock().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(held);
    holder.kill().unwrap();
    holder.wait().unwrap();
    let run = case.args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.success();
    let left: Vec<String> = run
        .files()
        .into_iter()
        .filter(|f| !f.starts_with("doc/adr/0") && f != "doc/adr/README.markdown")
        .collect();
    assert_eq!(left, ["doc/adr/.keep", "webshop.yaml"]);
}

/// Two real runs at once, many times: never the same number twice, never an index entry lost.
/// Each run either writes or says the folder is busy.
#[test]
fn concurrent_runs_never_share_a_number_or_lose_an_index_entry() {
    let n = expected_records();
    for round in 0..6 {
        let case = webshop();
        let dir = case.path(".");
        let start = || {
            std::process::Command::new(crate::support::BIN)
                .args(["adr", "webshop.yaml", "--date", "2026-11-22"])
                .current_dir(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() || stderr.starts_with("error[adr-folder-busy]"),
                "round {round}: {stderr}"
            );
        }
        let records: Vec<String> = std::fs::read_dir(dir.join("doc/adr"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|f| f.starts_with('0'))
            .collect();
        assert_eq!(records.len(), n, "round {round}: {records:?}");
        let mut numbers: Vec<&str> = records.iter().map(|f| &f[..4]).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), n, "round {round}: the same number twice");
        let index = std::fs::read_to_string(dir.join("doc/adr/README.markdown")).unwrap();
        assert_eq!(index.matches("\n* [").count(), n, "round {round}: {index}");
    }
}

/// A capability's record names the option its rules chose, and a decision's record names the
/// option a rule pointed at first and the need that passed it over, in both layouts.
#[test]
fn records_name_the_capability_option_and_the_options_passed_over() {
    let profile = std::fs::read_to_string(crate::support::root().join("examples/regulated.yaml"))
        .unwrap()
        .replacen(
            "  encrypted-secrets-in-git: false",
            "  encrypted-secrets-in-git: false\n  secrets-preference: simplest",
            1,
        );
    assert!(profile.contains("secrets-preference: simplest"));
    for (dialect, dir, capability, passed) in [
        (
            "nygard",
            "doc/adr",
            "We will adopt it now, with Kyverno. Chosen by the rule `policy-enforcement/compliance`",
            "- `sealed-secrets` (by `simplest-wanted`) needs `security.encrypted-secrets-in-git`: Sealed Secrets keeps",
        ),
        (
            "madr",
            "docs/decisions",
            "Chosen option: \"Kyverno\", because the rule `policy-enforcement/default` applies",
            "* Passed over `sealed-secrets` (by `simplest-wanted`): it needs `security.encrypted-secrets-in-git`. Sealed Secrets keeps",
        ),
    ] {
        let run = Case::new()
            .file("p.yaml", &profile)
            .args(&["adr", "p.yaml", "--dialect", dialect])
            .args(DATE)
            .run();
        run.success();
        let (_, policy) = record(&run, dir, "policy-enforcement-adopt-now");
        let text = run.read(&format!("{dir}/{policy}"));
        assert!(text.contains(capability), "{dialect}: {text}");
        let secrets = run
            .files()
            .into_iter()
            .find(|f| f.starts_with(&format!("{dir}/")) && f.contains("-secrets-management-"))
            .unwrap();
        let text = run.read(&secrets);
        assert!(text.contains(passed), "{dialect}: {text}");
    }
}
