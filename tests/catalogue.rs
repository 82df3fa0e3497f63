//! The shipped catalogue: it validates, it holds what the sources hold (a counting test of the
//! minimum content), every choice traces to a requirement, and every rule, conflict, trigger,
//! check and roadmap step is reached by at least one profile in the repository.

use crate::support::{root, run_in_root};
use serde_json::Value;
use std::collections::BTreeSet;

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&run_in_root(args)).unwrap()
}

fn catalogue() -> Value {
    json(&["catalogue", "--format", "json"])
}

fn items<'a>(c: &'a Value, key: &str) -> &'a Vec<Value> {
    c[key].as_array().unwrap_or_else(|| panic!("no {key}"))
}

fn ids(list: &[Value]) -> BTreeSet<String> {
    list.iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn layer_0_holds_the_webshop_goals_constraints_principles_and_data_classes() {
    let c = catalogue();
    let reqs = items(&c, "requirements");
    let of = |kind: &str| {
        reqs.iter()
            .filter(|r| r["kind"] == kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&of("goal").into_iter().cloned().collect::<Vec<_>>()),
        ["G1", "G2", "G3", "G4", "G5"].map(String::from).into()
    );
    assert!(of("secondary-goal").len() >= 4);
    let non_goals = of("non-goal");
    assert_eq!(non_goals.len(), 6);
    assert!(
        non_goals.iter().all(|n| n["becomes_relevant"].is_string()),
        "every non-goal says when it becomes relevant"
    );
    let constraints = ids(&of("constraint").into_iter().cloned().collect::<Vec<_>>());
    for id in [
        "HC-VI", "HC-GDPR", "HC-BC", "HC-SEC", "HC-OWN", "HC-BUD", "HC-TM",
    ] {
        assert!(constraints.contains(id), "{id}");
    }
    assert!(of("principle").len() >= 5);
    let classes = of("data-class");
    assert!(
        classes.len() >= 4
            && classes
                .iter()
                .all(|d| d["rpo"].is_string() && d["rto"].is_string())
    );
}

#[test]
fn layer_1_holds_every_decision_of_the_sources() {
    let c = catalogue();
    let decisions = ids(items(&c, "decisions"));
    let expected = [
        "kubernetes-distribution",
        "managed-provider",
        "kubernetes-version",
        "infrastructure-as-code",
        "node-pools",
        "cni",
        "ingress",
        "tls-certificates",
        "service-mesh",
        "network-policies",
        "gitops",
        "ci-cd",
        "container-registry",
        "metrics-alerting",
        "dashboards",
        "logging",
        "uptime-monitoring",
        "identity-rbac",
        "secrets",
        "image-scanning",
        "pod-security",
        "storage",
        "database",
        "backup-dr",
        "caching",
        "cost-monitoring",
    ];
    for id in expected {
        assert!(decisions.contains(id), "missing decision {id}");
    }
    assert!(decisions.len() >= 24);
    for d in items(&c, "decisions") {
        let id = d["id"].as_str().unwrap();
        assert!(
            d["source"].as_str().is_some_and(|s| !s.is_empty()),
            "{id} names its source"
        );
        for r in d["unless"].as_array().unwrap() {
            assert!(
                r["source"].as_str().is_some_and(|s| !s.is_empty()),
                "{id}/{} names its source",
                r["id"]
            );
        }
        // Every choice is traced to at least one Layer 0 item.
        for o in d["options"].as_array().unwrap() {
            let served =
                d["serves"].as_array().unwrap().len() + o["serves"].as_array().unwrap().len();
            assert!(served > 0, "{id}/{} serves no requirement", o["id"]);
        }
        assert!(!d["options"].as_array().unwrap().is_empty());
    }
}

#[test]
fn tools_record_what_has_aged_since_the_sources() {
    let c = catalogue();
    let tools = items(&c, "tools");
    let tool = |id: &str| {
        tools
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("no tool {id}"))
    };
    let aged = |id: &str, lifecycle: &str, since: &str| {
        let t = tool(id);
        assert_eq!(
            (t["lifecycle"].as_str(), t["since"].as_str()),
            (Some(lifecycle), Some(since)),
            "{id}"
        );
        assert!(
            !t["successors"].as_array().unwrap().is_empty(),
            "{id} names a successor"
        );
    };
    aged("ingress-nginx", "retired", "2026-03");
    aged("promtail", "end-of-life", "2026-03");
    aged("terraform", "licence-changed", "2023-08");
    aged("vault", "licence-changed", "2023-08");
    assert!(
        tool("flux")["note"]
            .as_str()
            .unwrap()
            .contains("Weaveworks")
    );
    assert!(tools.iter().all(|t| t["reviewed"].is_string()
        && t["licence"].is_string()
        && t["governance"].is_string()));
}

#[test]
fn every_question_of_seed_000_is_there_except_the_missing_q11() {
    let c = catalogue();
    let questions = items(&c, "questions");
    let p1: BTreeSet<u32> = questions
        .iter()
        .filter_map(|q| {
            q["id"]
                .as_str()
                .unwrap()
                .strip_prefix("P1-Q")
                .map(|n| n.parse().unwrap())
        })
        .collect();
    let expected: BTreeSet<u32> = (1..=44).filter(|&n| n != 11).collect();
    assert_eq!(p1, expected);
    let class = |id: &str| {
        questions.iter().find(|q| q["id"] == id).unwrap()["criticality"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for n in [1, 5, 26, 31, 32, 33, 34, 44] {
        assert_eq!(class(&format!("P1-Q{n}")), "blocking", "Q{n}");
    }
    // The sources rank Q43 critical too; it feeds the approval (Q44) but no rule reads it, so it
    // is informational, and an informational question is never blocking.
    assert_eq!(class("P1-Q43"), "important");
    for n in [10, 14, 18, 39] {
        assert_eq!(class(&format!("P1-Q{n}")), "important", "Q{n}");
    }
    for n in [7, 12, 42] {
        assert_eq!(class(&format!("P1-Q{n}")), "later", "Q{n}");
    }
    for q in questions {
        assert!(
            q["criticality_reason"]
                .as_str()
                .is_some_and(|r| !r.is_empty()),
            "{} says why",
            q["id"]
        );
        assert!(
            !q["sets"].as_array().unwrap().is_empty(),
            "{} records its answer",
            q["id"]
        );
    }
    // The three validation prompts of kubecompass-improvement-points §8.
    for id in [
        "VP-vendor-independence-tradeoff",
        "VP-budget-clarification",
        "VP-cilium-learning-curve",
    ] {
        assert!(questions.iter().any(|q| q["id"] == id), "{id}");
    }
}

#[test]
fn conflicts_checks_capabilities_and_roadmaps_hold_the_sources() {
    let c = catalogue();
    let from = |key: &str, prefix: &str| {
        items(&c, key)
            .iter()
            .filter(|x| x["source"].as_str().unwrap().contains(prefix))
            .count()
    };
    assert!(from("conflicts", "kubecompass-improvement-points §1") >= 4);
    assert!(from("conflicts", "kubecompass-improvement-points §3") >= 3);
    for conflict in items(&c, "conflicts") {
        assert_eq!(
            conflict["resolutions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["recommended"] == true)
                .count(),
            1
        );
    }
    let checks = items(&c, "checks");
    let count = |kind: &str, source: &str| {
        checks
            .iter()
            .filter(|k| k["kind"] == kind && k["source"].as_str().unwrap().contains(source))
            .count()
    };
    assert!(count("assumption", "kubecompass-improvement-points §2") >= 5);
    assert!(count("documentation-gap", "kubecompass-improvement-points §4") >= 5);
    assert!(count("risk", "kubecompass-improvement-points §5") >= 5);
    assert!(count("recommendation", "kubecompass-improvement-points §6") >= 3);
    assert!(count("lock-in", "kubecompass-webshop-p1") >= 6);
    assert!(
        count("strategy", "kubecompass-webshop-p1") >= 6,
        "3 lock-in matrix branches and 3 scenario strategies"
    );
    assert!(count("success-criterion", "kubecompass-webshop-p1") >= 5);
    let capabilities = ids(items(&c, "capabilities"));
    for id in [
        "service-mesh",
        "distributed-tracing",
        "chaos-engineering",
        "policy-enforcement",
        "cost-visibility",
        "multi-region",
        "observability-maturity",
        "auditing",
    ] {
        assert!(capabilities.contains(id), "{id}");
    }
    for cap in items(&c, "capabilities") {
        for o in cap["options"].as_array().unwrap() {
            let served =
                cap["serves"].as_array().unwrap().len() + o["serves"].as_array().unwrap().len();
            assert!(
                served > 0,
                "{}/{} serves no requirement",
                cap["id"],
                o["id"]
            );
        }
    }
    let roadmaps = items(&c, "roadmaps");
    let phases = |id: &str| {
        roadmaps.iter().find(|m| m["id"] == id).unwrap()["phases"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert_eq!(phases("migration").len(), 5);
    let pe = phases("platform-engineering");
    assert_eq!(pe.len(), 3);
    assert_eq!(
        pe.iter()
            .map(|p| p["steps"].as_array().unwrap().len())
            .sum::<usize>(),
        10
    );
}

/// The profiles that exercise the catalogue: the examples and the test fixtures.
fn profiles() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/profiles"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                out.push(
                    path.strip_prefix(root())
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_rule_conflict_trigger_choice_check_and_step_is_reached_by_some_profile() {
    let c = catalogue();
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for d in items(&c, "decisions") {
        for r in d["unless"].as_array().unwrap() {
            wanted.insert(format!(
                "rule {}/{}",
                d["id"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            ));
        }
    }
    for cap in items(&c, "capabilities") {
        for r in cap["unless"].as_array().unwrap() {
            wanted.insert(format!(
                "trigger {}/{}",
                cap["id"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            ));
        }
        for r in cap["choose"]["unless"].as_array().into_iter().flatten() {
            wanted.insert(format!(
                "choice {}/{}",
                cap["id"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            ));
        }
    }
    for x in items(&c, "conflicts") {
        wanted.insert(format!("conflict {}", x["id"].as_str().unwrap()));
    }
    for x in items(&c, "checks") {
        wanted.insert(format!("check {}", x["id"].as_str().unwrap()));
    }
    for m in items(&c, "roadmaps") {
        for p in m["phases"].as_array().unwrap() {
            for s in p["steps"].as_array().unwrap() {
                wanted.insert(format!(
                    "step {}/{}",
                    m["id"].as_str().unwrap(),
                    s["id"].as_str().unwrap()
                ));
            }
        }
    }

    let mut reached: BTreeSet<String> = BTreeSet::new();
    for profile in profiles() {
        let a = json(&["advise", &profile, "--format", "json"]);
        for d in a["decisions"].as_array().unwrap() {
            for r in d["rules"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["chose"] == true)
            {
                reached.insert(format!(
                    "rule {}/{}",
                    d["id"].as_str().unwrap(),
                    r["id"].as_str().unwrap()
                ));
            }
        }
        for cap in a["capabilities"].as_array().unwrap() {
            reached.insert(format!(
                "trigger {}/{}",
                cap["id"].as_str().unwrap(),
                cap["ruling"]["rule"].as_str().unwrap()
            ));
            if let Some(rule) = cap["choice"]["ruling"]["rule"].as_str() {
                reached.insert(format!("choice {}/{rule}", cap["id"].as_str().unwrap()));
            }
        }
        for x in a["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["holds"] == "true")
        {
            reached.insert(format!("conflict {}", x["id"].as_str().unwrap()));
        }
        for x in a["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["applies"] == "true")
        {
            reached.insert(format!("check {}", x["id"].as_str().unwrap()));
        }
        for m in a["roadmaps"].as_array().unwrap() {
            for p in m["phases"].as_array().unwrap() {
                for s in p["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["status"] != "unknown")
                {
                    reached.insert(format!(
                        "step {}/{}",
                        m["id"].as_str().unwrap(),
                        s["id"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    let never: Vec<&String> = wanted.difference(&reached).collect();
    assert!(
        never.is_empty(),
        "never reached by any profile in examples/ or tests/fixtures/profiles/:\n{never:#?}"
    );
}

/// Every question matters: some rule, trigger, conflict, check, requirement or roadmap step
/// reads a fact it sets, or it is marked informational with its reason, and then it is never
/// blocking (validation refuses that). Conditions are read from the catalogue's JSON, where
/// each holds the text it was written as.
#[test]
fn every_question_is_read_by_a_condition_or_marked_informational() {
    let c = catalogue();
    let facts = ids(items(&c, "facts"));
    let mut conditions: Vec<String> = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    let condition_key = k == "when" || (k.ends_with("_when") && k != "use_when");
                    match x {
                        Value::String(text) if condition_key => out.push(text.clone()),
                        _ => walk(x, out),
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    for key in [
        "requirements",
        "decisions",
        "conflicts",
        "capabilities",
        "checks",
        "roadmaps",
    ] {
        walk(&c[key], &mut conditions);
    }
    assert!(conditions.len() > 200, "{} conditions", conditions.len());
    let read: BTreeSet<&str> = conditions
        .iter()
        .flat_map(|text| {
            text.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '-' || ch == '.'))
                .filter(|word| facts.contains(*word))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut unread = Vec::new();
    for q in items(&c, "questions") {
        let sets: Vec<&str> = q["sets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let informational = q["informational"].as_str().is_some_and(|r| !r.is_empty());
        if informational {
            assert_ne!(q["criticality"], "blocking", "{}", q["id"]);
        } else if !sets.iter().any(|f| read.contains(f)) {
            unread.push(q["id"].as_str().unwrap().to_string());
        }
    }
    assert!(
        unread.is_empty(),
        "questions whose answers no condition reads, not marked informational: {unread:?}"
    );
    // The questions that change no advice are named, so a rule that starts reading one is noticed.
    let informational: BTreeSet<String> = items(&c, "questions")
        .iter()
        .filter(|q| q["informational"].is_string())
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect();
    assert!(informational.contains("P1-Q43"), "{informational:?}");
    assert!(!informational.contains("P1-Q3"), "{informational:?}");
}
