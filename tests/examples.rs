use crate::support::{root, run_in_root as run};

/// The shipped example profiles, as paths relative to the repository root.
fn examples() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

/// Reviewed snapshots of the Markdown and JSON advice for every example profile.
#[test]
fn every_example_renders_as_reviewed() {
    for rel in examples() {
        let stem = rel
            .trim_start_matches("examples/")
            .trim_end_matches(".yaml");
        insta::assert_snapshot!(format!("{stem}.md"), run(&["advise", &rel]));
        insta::assert_snapshot!(
            format!("{stem}.json"),
            run(&["advise", &rel, "--format", "json"])
        );
    }
}

#[test]
fn every_example_validates() {
    for rel in examples() {
        let out = run(&["validate", &rel]);
        assert!(out.contains(&format!("{rel}: ok")), "{out}");
    }
}
