use super::*;
use crate::condition::Subject;
use crate::problem::Code;
use crate::testing::TINY;

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let sources: Vec<Source> = files
        .iter()
        .map(|(n, t)| Source {
            name: n.to_string(),
            text: t.to_string(),
        })
        .collect();
    match Catalogue::from_sources(sources) {
        Ok(_) => panic!("expected problems"),
        Err(p) => p.0.iter().map(|p| p.to_string()).collect(),
    }
}

/// The tiny catalogue with one piece of text replaced.
fn tiny_with(old: &str, new: &str) -> String {
    assert!(TINY.contains(old), "TINY lacks {old:?}");
    TINY.replacen(old, new, 1)
}

#[test]
fn the_tiny_catalogue_is_valid_and_ordered_by_dependencies() {
    let c = crate::testing::tiny();
    let order: Vec<&str> = c.decisions_in_order().map(|d| d.id.as_str()).collect();
    assert_eq!(order, ["cni", "mesh-tool"]);
    assert_eq!(
        c.decisions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["mesh-tool", "cni"]
    );
    assert_eq!(
        c.questions_setting("net.bgp")
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>(),
        ["Q1"]
    );
}

#[test]
fn an_unknown_key_names_the_line_and_the_near_miss() {
    let got = problems(&[(
        "a.yaml",
        &tiny_with(
            "    because: Fast and capable.",
            "    becuase: Fast and capable.",
        ),
    )]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("error[unknown-key]: a.yaml:"),
        "{}",
        got[0]
    );
    assert!(got[0].contains("did you mean `because`?"), "{}", got[0]);
}

#[test]
fn duplicate_ids_across_files_point_at_the_first() {
    let extra = "tools:\n  - {id: t1, name: T, licence: MIT, governance: x, lifecycle: active, reviewed: 2026-01-01, source: test §1}\n";
    let registry = "sources:\n  - {id: test, title: T, date: 2026, language: en}\n";
    let got = problems(&[("a.yaml", extra), ("b.yaml", extra), ("c.yaml", registry)]);
    assert_eq!(
        got,
        [
            "error[duplicate-id]: b.yaml:2:10: duplicate tool id `t1`\n  help: it is first declared at a.yaml:2:10; ids must be unique"
        ]
    );
}

#[test]
fn conditions_are_checked_against_facts_with_the_exact_column() {
    let got = problems(&[("a.yaml", &tiny_with("when: net.bgp\n", "when: net.bpg\n"))]);
    let line = TINY
        .lines()
        .position(|l| l.contains("when: net.bgp"))
        .unwrap()
        + 1;
    assert_eq!(
        got,
        [format!(
            "error[unknown-fact]: a.yaml:{line}:15: unknown fact `net.bpg`\n  help: did you mean `net.bgp`?"
        )]
    );
}

/// The column of a problem inside a condition is exact however the condition is written on
/// one line, and the start of the value where the written text differs from the value.
#[test]
fn a_problem_inside_a_condition_is_placed_at_its_column_as_written() {
    let line = TINY
        .lines()
        .position(|l| l.contains("when: net.bgp"))
        .unwrap()
        + 1;
    let at = |written: &str| {
        let got = problems(&[(
            "a.yaml",
            &tiny_with("when: net.bgp\n", &format!("when: {written}\n")),
        )]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("unknown fact `net.bpg`"), "{got:?}");
        let place = got[0].split(": ").nth(1).unwrap().to_string();
        place
            .strip_prefix(&format!("a.yaml:{line}:"))
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    // The value starts at column 15; `net.bpg` is 12 characters into it.
    assert_eq!(at("net.bgp and net.bpg"), 27);
    assert_eq!(at("'net.bgp and net.bpg'"), 28);
    assert_eq!(at("\"net.bgp and net.bpg\""), 28);
    // Written otherwise than it reads: the start of the value.
    assert_eq!(at("\"net.bgp and \\x6eet.bpg\""), 15);
    assert_eq!(at("net.bgp\n          and net.bpg"), 15);
    assert_eq!(at("'net.bgp\n          and net.bpg'"), 15);
}

#[test]
fn a_rule_must_use_a_declared_option() {
    let got = problems(&[(
        "a.yaml",
        &tiny_with(
            "use: calico\n        because: BGP.",
            "use: calicoo\n        because: BGP.",
        ),
    )]);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].contains("rule `bgp` uses unknown option `calicoo`")
            && got[0].contains("did you mean `calico`?"),
        "{}",
        got[0]
    );
}

#[test]
fn decisions_reading_each_other_in_a_circle_are_refused() {
    let text = tiny_with("when: net.bgp\n", "when: decision.mesh-tool == linkerd\n");
    let got = problems(&[("a.yaml", &text)]);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("error[cycle]:") && got[0].contains("mesh-tool, cni"),
        "{}",
        got[0]
    );
}

#[test]
fn references_to_unknown_ids_are_reported_with_suggestions() {
    let got = problems(&[("a.yaml", &tiny_with("serves: [R1]", "serves: [R11, R3x]"))]);
    assert_eq!(got.len(), 2);
    assert!(
        got[0].contains("unknown requirement `R11`") && got[0].contains("did you mean `R1`?"),
        "{}",
        got[0]
    );
    assert!(got[1].contains("unknown requirement `R3x`"), "{}", got[1]);
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let broken_yaml = "facts: [\n";
    let bad_fact = "facts:\n  - {id: Team.Size, type: enum, meaning: m, ask: a, source: test §1}\n";
    let got = problems(&[
        ("a.yaml", broken_yaml),
        ("b.yaml", bad_fact),
        (
            "c.yaml",
            &tiny_with("recommended: true", "recommended: false"),
        ),
    ]);
    let codes: Vec<&str> = got.iter().map(|p| p.split(']').next().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "error[yaml-syntax",
            "error[missing-key",
            "error[bad-id-shape",
            "error[not-one-recommended"
        ],
        "{got:#?}"
    );
    assert!(got[3].contains("exactly one resolution"), "{}", got[3]);
}

#[test]
fn item_rules_are_enforced() {
    let cases: [(&str, &str, Code, &str); 5] = [
        (
            "    sets: [net.bgp]",
            "    sets: []",
            Code::QuestionWithoutFact,
            "sets no fact",
        ),
        (
            "lifecycle: active",
            "lifecycle: retired",
            Code::MissingKey,
            "says not `since`",
        ),
        (
            "when: team.size > 20",
            "when: capability.mesh == now and team.size > 20",
            Code::DecisionReadsCapability,
            "reads `capability.mesh`",
        ),
        (
            "type: bool\n    meaning: BGP needed.",
            "type: bool\n    values: {a: b}\n    meaning: BGP needed.",
            Code::MisplacedKey,
            "cannot have `values`",
        ),
        (
            "reviewed: 2026-01-01",
            "docs: http://t1.example, reviewed: 2026-01-01",
            Code::BadUrl,
            "`docs` of tool `t1` is not an https:// URL",
        ),
    ];
    let tool = "tools:\n  - {id: t1, name: T, licence: MIT, governance: x, lifecycle: active, reviewed: 2026-01-01, source: test §1}\n";
    for (old, new, code, message) in cases {
        let base = format!("{TINY}{tool}");
        assert!(base.contains(old), "{old}");
        let text = base.replacen(old, new, 1);
        let text = if new.contains("capability.") {
            // A capability reading another is fine; a decision reading one is not.
            text.replacen(
                "when: decision.cni == cilium and team.size >= 10",
                "when: capability.mesh == now",
                1,
            )
        } else {
            text
        };
        let got = problems(&[("a.yaml", &text)]);
        assert!(
            got.iter()
                .any(|p| p.starts_with(&format!("error[{code}]")) && p.contains(message)),
            "{old} -> {new}: {got:#?}"
        );
    }
}

#[test]
fn a_citation_must_name_a_registered_source_with_a_section() {
    let got = problems(&[(
        "a.yaml",
        &tiny_with("source: test §1", "source: tets §1; test"),
    )]);
    assert_eq!(
        got,
        [
            "error[unknown-id]: a.yaml:3:9: `team.size` cites `tets`, which is not a registered source\n  help: did you mean `test`?",
            "error[bad-citation]: a.yaml:3:9: `team.size` cites `test` without a section\n  help: write the id of a registered source, a space and the section: `SOURCE-ID §2.1`"
        ]
    );
}

#[test]
fn a_tool_keeps_its_documentation_link() {
    let text = format!(
        "{TINY}tools:\n  - {{id: t1, name: T, licence: MIT, governance: x, lifecycle: active, docs: 'https://t1.example/docs', reviewed: 2026-01-01, source: test §1}}\n"
    );
    let c = Catalogue::from_sources(vec![Source {
        name: "a.yaml".into(),
        text,
    }])
    .unwrap();
    assert_eq!(
        c.tool("t1").unwrap().docs.as_deref(),
        Some("https://t1.example/docs")
    );
}

#[test]
fn checklists_are_ordered_by_their_due_tier_and_questions_keep_why_they_are_informational() {
    let extra = "checks:\n  - {id: later, kind: risk, title: L, why: W, source: test §1}\n  - {id: months, kind: risk, priority: months-2-3, title: M, why: W, source: test §1}\n  - {id: week, kind: risk, priority: week-1, title: W, why: W, source: test §1}\nquestions:\n  - {id: Q9, text: T, criticality: later, criticality-reason: R, informational: No rule reads it., sets: [net.bgp], impact: I, source: test §1}\n";
    let source = |name: &str, text: &str| Source {
        name: name.into(),
        text: text.into(),
    };
    let c = Catalogue::from_sources(vec![source("a.yaml", TINY), source("b.yaml", extra)]).unwrap();
    let order: Vec<&str> = c.checks.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(order, ["week", "months", "later"]);
    let q = c.questions.iter().find(|q| q.id == "Q9").unwrap();
    assert_eq!(q.informational.as_deref(), Some("No rule reads it."));

    let blocking = extra.replace("criticality: later", "criticality: blocking");
    let got = problems(&[("a.yaml", TINY), ("b.yaml", &blocking)]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("error[informational-blocking]"),
        "{got:?}"
    );
}

#[test]
fn a_conflict_waits_only_for_declared_facts() {
    let got = problems(&[(
        "a.yaml",
        &tiny_with(
            "    resolved-when: team.experience == expert\n",
            "    resolved-when: team.experience == expert\n    once-answered: [team.sise]\n",
        ),
    )]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("unknown fact `team.sise`"), "{}", got[0]);
}

/// Positions of the decisions a subject of whose rules or needs passes `reads`.
fn readers(c: &Catalogue, reads: impl Fn(&Subject) -> bool) -> Vec<usize> {
    (0..c.decisions.len())
        .filter(|&d| {
            let mut subjects = c.decisions[d]
                .conditions()
                .flat_map(|w| w.condition.subjects());
            subjects.any(&reads)
        })
        .collect()
}

/// The index finds what a scan of the lists finds, for every item of the shipped catalogue:
/// the build's own index, as embedded, and one built again from the items.
#[test]
fn the_index_finds_what_a_scan_finds() {
    let shipped = crate::shipped::catalogue();
    let mut rebuilt = shipped.clone();
    index::index(&mut rebuilt);
    for c in [shipped, &rebuilt] {
        for (i, f) in c.facts.iter().enumerate() {
            assert!(std::ptr::eq(c.fact(&f.id).unwrap(), &c.facts[i]));
            let setting: Vec<usize> = (0..c.questions.len())
                .filter(|&q| c.questions[q].sets.contains(&f.id))
                .collect();
            assert_eq!(
                c.questions_setting_index(&f.id).collect::<Vec<_>>(),
                setting
            );
            let reading = readers(c, |s| matches!(s, Subject::Fact(x) if *x == f.id));
            assert_eq!(c.decisions_reading_fact(&f.id).collect::<Vec<_>>(), reading);
        }
        let mut read = 0;
        for i in 0..c.decisions.len() {
            let id = &c.decisions[i].id;
            let reading = readers(c, |s| matches!(s, Subject::Decision(x) if x == id));
            assert_eq!(c.decisions_reading_decision(i).collect::<Vec<_>>(), reading);
            read += reading.len();
        }
        assert!(read > 10, "only {read} decisions read another's outcome");
        let reading = readers(c, |s| matches!(s, Subject::Capability(_)));
        assert_eq!(
            c.decisions_reading_capabilities().collect::<Vec<_>>(),
            reading
        );
        for (i, d) in c.decisions.iter().enumerate() {
            assert!(std::ptr::eq(c.decision(&d.id).unwrap(), &c.decisions[i]));
            let naming: Vec<usize> = (0..c.questions.len())
                .filter(|&q| c.questions[q].decisions.contains(&d.id))
                .collect();
            assert_eq!(c.questions_naming(&d.id).collect::<Vec<_>>(), naming);
        }
        for q in &c.questions {
            assert!(std::ptr::eq(c.question(&q.id).unwrap(), q));
            let affected: Vec<usize> = (0..c.decisions.len())
                .filter(|&d| {
                    let d = &c.decisions[d];
                    q.decisions.contains(&d.id)
                        || d.questions.contains(&q.id)
                        || d.conditions()
                            .flat_map(|w| w.condition.facts())
                            .any(|f| q.sets.iter().any(|s| s == f))
                })
                .collect();
            assert_eq!(c.decisions_affected_by(q), affected, "{}", q.id);
        }
        for r in &c.requirements {
            assert!(std::ptr::eq(c.requirement(&r.id).unwrap(), r));
        }
        for t in &c.tools {
            assert!(std::ptr::eq(c.tool(&t.id).unwrap(), t));
        }
        for x in &c.capabilities {
            assert!(std::ptr::eq(c.capability(&x.id).unwrap(), x));
        }
        for missing in ["", "zzz", "cni-", "team", "0"] {
            assert!(c.fact(missing).is_none() && c.decision(missing).is_none());
            assert_eq!(c.questions_naming(missing).count(), 0);
        }
    }
}
