use crate::support::{root, run_in_root as run};

/// The shipped example profiles, as paths relative to the repository root.
pub(crate) fn examples() -> Vec<String> {
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
            format!("{stem}-full.md"),
            run(&["advise", &rel, "--detail", "full"])
        );
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

/// Every citation a user sees names a public document: no output names the private seed
/// files or the internal digest. (That every citation resolves is validation's job: the
/// shipped catalogue would not load otherwise.)
#[test]
fn no_output_cites_what_a_user_cannot_open() {
    let private = |text: &str| {
        [
            "reference §",
            "seed 000",
            "seed 001",
            "seed 002",
            "seed 003",
            "seed 004",
        ]
        .into_iter()
        .filter(|p| text.contains(p))
        .collect::<Vec<_>>()
    };
    let mut outputs = vec![
        (
            "catalogue json".to_string(),
            run(&["catalogue", "--format", "json"]),
        ),
        ("catalogue".to_string(), run(&["catalogue"])),
    ];
    for rel in examples() {
        outputs.push((format!("{rel} md"), run(&["advise", &rel])));
        outputs.push((
            format!("{rel} md full"),
            run(&["advise", &rel, "--detail", "full"]),
        ));
        outputs.push((
            format!("{rel} json"),
            run(&["advise", &rel, "--format", "json"]),
        ));
    }
    for (name, text) in &outputs {
        assert_eq!(private(text), Vec::<&str>::new(), "{name}");
    }
}

/// The webshop report links at least one public source for every decision.
#[test]
fn the_webshop_report_links_a_source_for_every_decision() {
    let report = run(&["advise", "examples/webshop.yaml", "--detail", "full"]);
    let sections: Vec<&str> = report.split("<a id=\"decision-").skip(1).collect();
    assert!(sections.len() >= 20, "{} decisions", sections.len());
    for section in sections {
        let id = section.split('"').next().unwrap();
        let own = section.split("<a id=").next().unwrap();
        assert!(
            own.contains("](https://github.com/vanhoutenbos/KubeCompass/blob/"),
            "decision {id} links no source"
        );
    }
}
