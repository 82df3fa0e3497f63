//! Any text as the files of an ADR folder (split at NUL bytes) and its README: reading the
//! records, planning the changes and merging the index must never panic, and a second plan over
//! the planned result must write nothing.
#![no_main]

use kubecompass::adr::{Dialect, Draft, Existing, Header, merge_index, number_of, plan};
use kubecompass::advice::ItemKind;
use kubecompass::problem::Problem;
use libfuzzer_sys::fuzz_target;

fn drafts() -> Vec<Draft> {
    [
        (ItemKind::Decision, "cni", "cilium", false),
        (ItemKind::Capability, "tracing", "now", true),
    ]
    .into_iter()
    .map(|(kind, id, choice, proposed)| Draft {
        kind,
        id: id.into(),
        choice: choice.into(),
        title: format!("{id}: {choice}"),
        proposed,
    })
    .collect()
}

fuzz_target!(|text: &str| {
    let mut parts = text.split('\0');
    let readme = parts.next().unwrap_or_default();
    let existing: Vec<Existing> = parts
        .enumerate()
        .map(|(i, part)| {
            // The first line names the file, as the folder would.
            let (name, body) = part.split_once('\n').unwrap_or((part, ""));
            let file = if number_of(name).is_some() {
                name.to_string()
            } else {
                format!("{:04}-record-{i}.md", i + 1)
            };
            Existing {
                number: number_of(&file).unwrap_or(0),
                file,
                text: body.to_string(),
            }
        })
        .collect();
    for f in &existing {
        let _ = (
            f.marker(),
            f.title(),
            f.status(),
            f.superseded(),
            f.untouched(),
        );
    }
    let drafts = drafts();
    let render = |i: usize, h: &Header| -> Result<String, Problem> {
        Ok(format!(
            "# {}. {}\n\nDate: {}\n\n## Status\n\n{}\n\n## Decision\n\n{}\n",
            h.number, h.title, h.date, h.status, drafts[i].choice
        ))
    };
    for dialect in [Dialect::Nygard, Dialect::Madr] {
        let Ok(actions) = plan(&existing, &drafts, dialect, "2026-01-01", false, &render) else {
            continue;
        };
        // Apply the plan in memory, then plan again: the second run must be a no-op.
        let mut after: Vec<Existing> = existing.clone();
        for a in actions.iter().filter(|a| a.writes()) {
            let content = a.content.clone().unwrap_or_default();
            match after.iter_mut().find(|f| f.file == a.file) {
                Some(f) => f.text = content,
                None => after.push(Existing {
                    number: number_of(&a.file).expect("planned files are numbered"),
                    file: a.file.clone(),
                    text: content,
                }),
            }
        }
        let again =
            plan(&after, &drafts, dialect, "2026-01-01", false, &render).expect("plans again");
        assert!(
            again.iter().all(|a| !a.writes()),
            "second run writes: {:?}",
            again
                .iter()
                .filter(|a| a.writes())
                .map(|a| (&a.file, a.change))
                .collect::<Vec<_>>()
        );
    }
    // The index lists the records' own titles, which are the folder's text, not ours.
    let block: String = existing
        .iter()
        .map(|f| format!("* [{}]({}) ({})\n", f.title(), f.file, f.status()))
        .collect();
    let once = merge_index(Some(readme), &block);
    assert!(once.contains(&block.replace("<!-- kubecompass:", "<!-- kubecompass ")));
    assert_eq!(
        merge_index(Some(&once), &block),
        once,
        "merging the index twice changes it"
    );
});
