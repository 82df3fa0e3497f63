use crate::support::Case;

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

#[test]
fn a_fresh_write_creates_one_record_per_decision_and_an_index() {
    let run = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.success()
        .stdout_has("doc/adr (Nygard, new folder)\n")
        .stdout_has("5 created, 0 updated, 0 superseded, 0 unchanged, 0 kept\n");
    let records: Vec<String> = run
        .files()
        .into_iter()
        .filter(|f| f.starts_with("doc/adr/0"))
        .collect();
    assert_eq!(records.len(), 5, "{records:?}");
    let cni = run.read("doc/adr/0002-pod-network-cni-cilium.md");
    assert!(cni.starts_with("# 2. Pod network (CNI): Cilium\n\nDate: 2026-11-22\n\n## Status\n\nAccepted\n\n## Context\n"), "{cni}");
    assert!(cni.contains("Chosen by the rule `cni/default`"));
    assert!(cni.contains("In one sentence: In the context of Pod network (CNI)"));
    assert!(
        cni.ends_with("-->\n")
            && cni.contains("\n\n<!-- kubecompass: decision=cni choice=cilium hash=")
    );
    // A provisional decision is proposed, not accepted.
    assert!(
        run.read("doc/adr/0005-database-managed-postgresql.md")
            .contains("## Status\n\nProposed\n")
    );
    let index = run.read("doc/adr/README.md");
    assert!(
        index.contains(
            "* [2. Pod network (CNI): Cilium](0002-pod-network-cni-cilium.md) (Accepted)\n"
        ),
        "{index}"
    );
}

#[test]
fn the_same_inputs_change_no_byte() {
    let case = webshop().args(&["adr", "webshop.yaml"]).args(DATE);
    let first = case.run();
    first.success();
    let snapshot: Vec<(String, String)> = first
        .files()
        .into_iter()
        .map(|f| (f.clone(), first.read(&f)))
        .collect();
    // A later day does not change the dates of records whose content did not change.
    let second = first.again(&["adr", "webshop.yaml", "--date", "2027-01-01"]);
    second
        .success()
        .stdout_has("0 created, 0 updated, 0 superseded, 5 unchanged, 0 kept\n");
    let after: Vec<(String, String)> = second
        .files()
        .into_iter()
        .map(|f| (f.clone(), second.read(&f)))
        .collect();
    assert_eq!(snapshot, after);
}

#[test]
fn a_flipped_choice_supersedes_the_old_record_with_links_both_ways() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    first.success();
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    let second = first.again(&["adr", "webshop.yaml", "--date", "2026-12-01"]);
    second
        .success()
        .stdout_has("  superseded         0002-pod-network-cni-cilium.md (superseded by 0006-pod-network-cni-calico.md)\n")
        .stdout_has("  created            0006-pod-network-cni-calico.md (supersedes 0002-pod-network-cni-cilium.md)\n");
    let old = second.read("doc/adr/0002-pod-network-cni-cilium.md");
    assert!(old.contains("## Status\n\nSuperseded\n\nSuperseded by [6. Pod network (CNI): Calico](0006-pod-network-cni-calico.md)\n\n## Context"), "{old}");
    let new = second.read("doc/adr/0006-pod-network-cni-calico.md");
    assert!(new.starts_with("# 6. Pod network (CNI): Calico\n\nDate: 2026-12-01\n\n## Status\n\nAccepted\n\nSupersedes [2. Pod network (CNI): Cilium](0002-pod-network-cni-cilium.md)\n"), "{new}");
    assert!(
        second
            .read("doc/adr/README.md")
            .contains("(0002-pod-network-cni-cilium.md) (Superseded)")
    );
    second
        .again(&["adr", "webshop.yaml", "--date", "2026-12-02"])
        .success()
        .stdout_has("0 created, 0 updated, 0 superseded, 6 unchanged, 0 kept\n");
}

#[test]
fn a_hand_edit_is_kept_and_reported_unless_forced() {
    let first = webshop().args(&["adr", "webshop.yaml"]).args(DATE).run();
    let path = "doc/adr/0003-gitops-engine-argo-cd.md";
    let edited = first.read(path).replace(
        "## Consequences\n",
        "## Consequences\n\n- Our platform team reviewed this on 2026-11-30.\n",
    );
    std::fs::write(first.path(path), &edited).unwrap();
    // The profile changes in a way that flips the GitOps choice: the edited record is not touched.
    let text = std::fs::read_to_string(first.path("webshop.yaml"))
        .unwrap()
        .replacen("deploy-ui-needed: true", "deploy-ui-needed: false", 1);
    std::fs::write(first.path("webshop.yaml"), text).unwrap();
    let second = first.again(&["adr", "webshop.yaml"]);
    second.success().stdout_has("  kept               0003-gitops-engine-argo-cd.md (edited by hand, so it is not marked superseded by 0006-gitops-engine-flux.md; --force marks it)\n");
    assert_eq!(second.read(path), edited);
    let forced = second.again(&["adr", "webshop.yaml", "--force"]);
    forced
        .success()
        .stdout_has("  superseded         0003-gitops-engine-argo-cd.md");
    let after = forced.read(path);
    assert!(
        after.contains("Our platform team reviewed this")
            && after.contains("Superseded by [6. GitOps engine: Flux]"),
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
    let index = run.read("doc/adr/README.md");
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
    let cni = first.read("docs/decisions/0002-pod-network-cni-cilium.md");
    assert!(cni.starts_with("---\nnumber: 2\nstatus: accepted\ndate: 2026-11-22\n---\n# Pod network (CNI): Cilium\n\n## Context and Problem Statement\n"), "{cni}");
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
    std::fs::write(first.path("webshop.yaml"), flipped()).unwrap();
    // The folder's own layout is detected on the next run.
    let second = first.again(&["adr", "webshop.yaml"]);
    second
        .success()
        .stdout_has("docs/decisions (MADR, found docs/decisions, detected from its records)\n");
    let old = second.read("docs/decisions/0002-pod-network-cni-cilium.md");
    assert!(
        old.contains("status: superseded by ADR-0006\n")
            && old.contains("Superseded by [ADR-0006](0006-pod-network-cni-calico.md)."),
        "{old}"
    );
    assert!(
        second
            .read("docs/decisions/0006-pod-network-cni-calico.md")
            .contains("Supersedes [ADR-0002](0002-pod-network-cni-cilium.md).")
    );
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
    assert!(run.files().contains(&"architecture/decisions/0001-kubernetes-distribution-managed-kubernetes-at-a-european.md".to_string()));
    let mixed = run.again(&["adr", "webshop.yaml", "--dialect", "madr"]);
    mixed.code(2).stderr_has("error[invalid]: architecture/decisions: the folder holds Nygard records; writing MADR records there would mix two layouts\n");
    let outside = webshop()
        .file(".adr-dir", "../elsewhere\n")
        .args(&["adr", "webshop.yaml"])
        .run();
    outside.code(2).stderr_has(
        "error[invalid]: .adr-dir: the ADR folder `../elsewhere` is outside the repository\n",
    );
}

#[test]
fn dry_run_and_check_write_nothing_and_check_gates_on_staleness() {
    let dry = webshop()
        .args(&["adr", "webshop.yaml", "--dry-run"])
        .args(DATE)
        .run();
    dry.success()
        .stdout_has("doc/adr (Nygard, new folder); nothing written\n")
        .stdout_has("  would create       0001-")
        .stdout_has("would be: 5 created");
    assert_eq!(dry.files(), ["webshop.yaml"]);
    let check = dry.again(&["adr", "webshop.yaml", "--check"]);
    check.code(1).stdout_has("stale: 5 created, 0 updated, 0 superseded, 0 unchanged, 0 kept would change; run `kubecompass adr` to update\n");
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
        .file("doc/adr/README.md", readme)
        .args(&["adr", "webshop.yaml"])
        .args(DATE)
        .run();
    run.success();
    let index = run.read("doc/adr/README.md");
    assert!(
        index.starts_with(
            "# Decisions\n\nWritten by the platform team.\n\n<!-- kubecompass:index -->\n* [1. "
        ),
        "{index}"
    );
    assert!(
        index.ends_with("<!-- kubecompass:index-end -->\n\nSee also the wiki.\n"),
        "{index}"
    );
}

#[test]
fn a_symlink_in_the_folder_is_never_written_through() {
    let case = webshop()
        .file("outside.md", "precious\n")
        .file("doc/adr/.keep", "");
    std::os::unix::fs::symlink(case.path("outside.md"), case.path("doc/adr/README.md")).unwrap();
    let run = case.args(&["adr", "webshop.yaml"]).args(DATE).run();
    run.code(2).stderr_has("README.md: is a symbolic link; kubecompass does not write through links in the ADR folder\n");
    assert_eq!(run.read("outside.md"), "precious\n");
    assert!(
        !run.files().iter().any(|f| f.starts_with("doc/adr/0")),
        "nothing written: {:?}",
        run.files()
    );
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
