use super::*;
use crate::advice::ItemKind;

/// A stand-in for the Nygard template: enough structure for the status and link rules.
fn render(h: &Header, detail: &str) -> String {
    let link = h
        .supersedes
        .as_ref()
        .map(|l| format!("Supersedes [{}. {}]({})\n\n", l.number, l.title, l.file))
        .unwrap_or_default();
    format!(
        "# {}. {}\n\nDate: {}\n\n## Status\n\n{}\n\n{link}## Context\n\n{detail}\n",
        h.number, h.title, h.date, h.status
    )
}

fn draft(key: &str, choice: &str, title: &str) -> Draft {
    let (kind, id) = key.split_once('/').unwrap();
    Draft {
        kind: match kind {
            "decision" => ItemKind::Decision,
            _ => ItemKind::Capability,
        },
        id: id.into(),
        choice: choice.into(),
        title: title.into(),
        proposed: false,
    }
}

/// Runs the plan and applies it to an in-memory folder.
fn apply(
    folder: &mut Vec<Existing>,
    drafts: &[Draft],
    today: &str,
    detail: &str,
    force: bool,
) -> Vec<(String, Change)> {
    let actions = plan(folder, drafts, Dialect::Nygard, today, force, &|_, h| {
        Ok(render(h, detail))
    })
    .unwrap();
    for a in &actions {
        if let Some(text) = &a.content {
            match folder.iter_mut().find(|f| f.file == a.file) {
                Some(f) => f.text = text.clone(),
                None => folder.push(Existing {
                    file: a.file.clone(),
                    number: number_of(&a.file).unwrap(),
                    text: text.clone(),
                }),
            }
        }
    }
    actions.into_iter().map(|a| (a.file, a.change)).collect()
}

fn text<'a>(folder: &'a [Existing], file: &str) -> &'a str {
    &folder.iter().find(|f| f.file == file).unwrap().text
}

/// The text of a file in the folder, to edit as a person (or a crash) would.
fn text_mut<'a>(folder: &'a mut [Existing], file: &str) -> &'a mut String {
    &mut folder.iter_mut().find(|f| f.file == file).unwrap().text
}

fn two() -> Vec<Draft> {
    vec![
        draft("decision/cni", "cilium", "CNI: Cilium"),
        draft("decision/gitops", "argocd", "GitOps: Argo CD"),
    ]
}

#[test]
fn a_fresh_folder_gets_one_record_per_draft_then_a_rerun_changes_nothing() {
    let mut folder = Vec::new();
    let first = apply(&mut folder, &two(), "2026-01-01", "x", false);
    assert_eq!(
        first,
        [
            ("0001-cni-cilium.md".into(), Change::Create),
            ("0002-gitops-argo-cd.md".into(), Change::Create)
        ]
    );
    let before = folder.clone();
    let second = apply(&mut folder, &two(), "2026-02-02", "x", false);
    assert!(
        second.iter().all(|(_, c)| *c == Change::Unchanged),
        "{second:?}"
    );
    assert_eq!(
        text(&folder, "0001-cni-cilium.md"),
        text(&before, "0001-cni-cilium.md"),
        "the date is not bumped"
    );
}

#[test]
fn foreign_records_are_numbered_around_and_never_touched() {
    let foreign = Existing {
        file: "0007-use-kafka.md".into(),
        number: 7,
        text: "# 7. Use Kafka\n\n## Status\n\nAccepted\n".into(),
    };
    let mut folder = vec![foreign.clone()];
    let actions = apply(&mut folder, &two(), "2026-01-01", "x", false);
    assert_eq!(actions[0].0, "0008-cni-cilium.md");
    assert!(actions.iter().all(|(f, _)| f != "0007-use-kafka.md"));
    assert_eq!(text(&folder, "0007-use-kafka.md"), foreign.text);
}

#[test]
fn a_changed_reasoning_regenerates_an_untouched_record_with_a_new_date() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let changes = apply(&mut folder, &two(), "2026-03-03", "y", false);
    assert_eq!(changes[0], ("0001-cni-cilium.md".into(), Change::Update));
    assert!(text(&folder, "0001-cni-cilium.md").contains("Date: 2026-03-03\n"));
}

#[test]
fn a_hand_edit_is_kept_unless_forced() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let t = text_mut(&mut folder, "0001-cni-cilium.md");
    *t = t.replace("## Context\n\nx", "## Context\n\nx, and our notes");
    let edited = t.clone();
    let kept = apply(&mut folder, &two(), "2026-03-03", "y", false);
    assert_eq!(kept[0], ("0001-cni-cilium.md".into(), Change::KeptEdited));
    assert_eq!(text(&folder, "0001-cni-cilium.md"), edited);
    let forced = apply(&mut folder, &two(), "2026-03-03", "y", true);
    assert_eq!(forced[0], ("0001-cni-cilium.md".into(), Change::Update));
}

#[test]
fn a_flipped_choice_gets_a_new_record_that_supersedes_the_old_with_links_both_ways() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let flipped = vec![
        draft("decision/cni", "calico", "CNI: Calico"),
        two()[1].clone(),
    ];
    let changes = apply(&mut folder, &flipped, "2026-04-04", "x", false);
    assert_eq!(
        changes,
        [
            ("0001-cni-cilium.md".into(), Change::Supersede),
            ("0002-gitops-argo-cd.md".into(), Change::Unchanged),
            ("0003-cni-calico.md".into(), Change::Create),
        ]
    );
    assert!(text(&folder, "0001-cni-cilium.md").contains(
        "## Status\n\nSuperseded\n\nSuperseded by [3. CNI: Calico](0003-cni-calico.md)\n"
    ));
    assert!(
        text(&folder, "0003-cni-calico.md")
            .contains("Supersedes [1. CNI: Cilium](0001-cni-cilium.md)\n")
    );
    // Flipping back supersedes the second record with a third; the rerun is then stable.
    apply(&mut folder, &two(), "2026-05-05", "x", false);
    assert!(
        text(&folder, "0003-cni-calico.md")
            .contains("Superseded by [4. CNI: Cilium](0004-cni-cilium.md)")
    );
    assert!(
        apply(&mut folder, &two(), "2026-06-06", "x", false)
            .iter()
            .all(|(_, c)| *c == Change::Unchanged)
    );
}

#[test]
fn an_edited_record_whose_choice_flipped_is_not_marked_superseded_without_force() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let t = text_mut(&mut folder, "0001-cni-cilium.md");
    *t = t.replace("x\n", "x\n\nOur own paragraph.\n");
    let flipped = vec![
        draft("decision/cni", "calico", "CNI: Calico"),
        two()[1].clone(),
    ];
    let changes = apply(&mut folder, &flipped, "2026-04-04", "x", false);
    assert!(
        changes.contains(&("0001-cni-cilium.md".into(), Change::KeptEdited)),
        "{changes:?}"
    );
    assert!(changes.contains(&("0003-cni-calico.md".into(), Change::Create)));
    assert!(!text(&folder, "0001-cni-cilium.md").contains("Superseded"));
    let forced = apply(&mut folder, &flipped, "2026-04-04", "x", true);
    assert!(
        forced.contains(&("0001-cni-cilium.md".into(), Change::Supersede)),
        "{forced:?}"
    );
    let old = text(&folder, "0001-cni-cilium.md");
    assert!(
        old.contains("Our own paragraph.") && old.contains("Superseded by [3. CNI: Calico]"),
        "the supersede edits only the status"
    );
}

#[test]
fn a_run_that_stopped_between_two_writes_is_repaired() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let flipped = vec![
        draft("decision/cni", "calico", "CNI: Calico"),
        two()[1].clone(),
    ];
    let before_flip = text(&folder, "0001-cni-cilium.md").to_string();
    apply(&mut folder, &flipped, "2026-04-04", "x", false);
    // As if the run had written the new record but died before updating the old one.
    *text_mut(&mut folder, "0001-cni-cilium.md") = before_flip;
    let repair = apply(&mut folder, &flipped, "2026-04-04", "x", false);
    assert!(
        repair.contains(&("0001-cni-cilium.md".into(), Change::Supersede)),
        "{repair:?}"
    );
    assert!(
        !repair.iter().any(|(_, c)| *c == Change::Create),
        "no second successor"
    );
}

#[test]
fn a_record_nothing_asks_for_any_more_is_reported_and_kept() {
    let mut folder = Vec::new();
    apply(&mut folder, &two(), "2026-01-01", "x", false);
    let changes = apply(&mut folder, &two()[..1], "2026-01-01", "x", false);
    assert!(
        changes.contains(&("0002-gitops-argo-cd.md".into(), Change::KeptStale)),
        "{changes:?}"
    );
    assert!(folder.iter().any(|f| f.file == "0002-gitops-argo-cd.md"));
}

#[test]
fn the_index_lists_every_record_after_the_changes() {
    let foreign = Existing {
        file: "0001-record.md".into(),
        number: 1,
        text: "# 1. Record decisions\n\n## Status\n\nAccepted\n".into(),
    };
    let actions = plan(
        std::slice::from_ref(&foreign),
        &two(),
        Dialect::Nygard,
        "2026-01-01",
        false,
        &|_, h| Ok(render(h, "x")),
    )
    .unwrap();
    let got: Vec<(u32, String, String)> = entries(&[foreign], &actions)
        .into_iter()
        .map(|e| (e.number, e.title, e.status))
        .collect();
    assert_eq!(
        got,
        [
            (1, "1. Record decisions".into(), "Accepted".into()),
            (2, "2. CNI: Cilium".into(), "Accepted".into()),
            (3, "3. GitOps: Argo CD".into(), "Accepted".into())
        ]
    );
}
