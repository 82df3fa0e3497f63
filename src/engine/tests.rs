use super::*;
use crate::testing::{profile, tiny};
use compact_str::CompactString;

/// The advice borrows its catalogue and profile; a test keeps both for the rest of the run.
fn advise(yaml: &str) -> Advice<'static> {
    let c: &'static Catalogue = Box::leak(Box::new(tiny()));
    evaluate(c, Box::leak(Box::new(profile(c, yaml))))
}

fn decision<'a>(a: &'a Advice<'static>, id: &str) -> &'a DecisionAdvice<'static> {
    a.decisions
        .all()
        .iter()
        .find(|d| d.decision.id == id)
        .unwrap()
}

#[test]
fn the_default_stands_when_no_rule_holds() {
    let a = advise("team: {size: 8, experience: none, skills: []}\nnet: {bgp: false}\n");
    let cni = decision(&a, "cni");
    assert_eq!(
        (cni.choice.id.as_str(), cni.ruling.rule, cni.status),
        ("cilium", "default", Status::Decided)
    );
    // The default was reached by reading every rule.
    let facts: Vec<_> = cni.facts_read.iter().collect();
    let read: Vec<&str> = facts.iter().map(|f| f.fact.as_ref()).collect();
    assert_eq!(read, ["team.skills", "team.experience", "net.bgp"]);
    assert_eq!(facts[2].question, Some("Q1"));
}

#[test]
fn the_first_rule_that_holds_decides_and_names_what_it_read() {
    let a = advise("team: {size: 8, experience: some, skills: [calico]}\nnet: {bgp: true}\n");
    let cni = decision(&a, "cni");
    assert_eq!(
        (cni.choice.id.as_str(), cni.ruling.rule),
        ("calico", "calico-skills")
    );
    let facts: Vec<_> = cni.facts_read.iter().collect();
    let read: Vec<(&str, String)> = facts
        .iter()
        .map(|f| (f.fact.as_ref(), f.value.as_ref().unwrap().to_string()))
        .collect();
    assert_eq!(
        read,
        [
            ("team.skills", "[calico]".into()),
            ("team.experience", "some".into())
        ]
    );
    assert!(cni.rules[0].chose && !cni.rules[1].chose);
    // The later rule also holds; the trace says so instead of hiding it.
    assert_eq!(cni.rules[1].result, Truth::True);
    let cilium = cni
        .alternatives
        .iter()
        .find(|a| a.option.id == "cilium")
        .unwrap();
    assert_eq!(cilium.why_not[0].code, ReasonCode::DefaultOverridden);
}

#[test]
fn an_unanswered_fact_makes_the_decision_provisional_and_names_its_question() {
    let a = advise("team: {size: 8, experience: none, skills: []}\n");
    let cni = decision(&a, "cni");
    assert_eq!(
        (cni.choice.id.as_str(), cni.status),
        ("cilium", Status::Provisional)
    );
    assert_eq!(cni.pending.len(), 1);
    let p = &cni.pending[0];
    assert_eq!((p.fact, p.question.unwrap().id.as_str()), ("net.bgp", "Q1"));
    let outcomes: Vec<(String, &str)> = p
        .outcomes
        .iter()
        .map(|w| (w.value.to_string(), w.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [("false".into(), "cilium"), ("true".into(), "calico")]
    );
    assert!(cni.open_questions.iter().any(|q| q.id == "Q1"));
    let calico = cni
        .alternatives
        .iter()
        .find(|a| a.option.id == "calico")
        .unwrap();
    assert_eq!(
        calico.why_not.iter().map(|r| r.code).collect::<Vec<_>>(),
        [ReasonCode::RuleFalse, ReasonCode::RuleUnknown]
    );
}

#[test]
fn an_unknown_rule_that_would_choose_the_same_option_does_not_make_it_provisional() {
    // calico-skills holds; the later bgp rule is unknown, but it could only choose calico too.
    let a = advise("team: {size: 8, experience: none, skills: [calico]}\n");
    let cni = decision(&a, "cni");
    assert_eq!(
        (cni.choice.id.as_str(), cni.status),
        ("calico", Status::Decided)
    );
    assert!(cni.pending.is_empty());
}

#[test]
fn flips_are_single_changes_that_change_the_choice() {
    let a = advise("team: {size: 8, experience: none, skills: []}\nnet: {bgp: false}\n");
    let flips: Vec<(String, String, String)> = decision(&a, "cni")
        .flips
        .iter()
        .map(|f| (f.fact.to_string(), f.to.to_string(), f.outcome.to_string()))
        .collect();
    assert_eq!(
        flips,
        [
            ("team.skills".into(), "[calico]".into(), "calico".into()),
            ("net.bgp".into(), "true".into(), "calico".into())
        ]
    );
}

#[test]
fn integer_flips_cross_the_thresholds_the_rules_compare_with() {
    let a = advise("team: {size: 12, experience: none, skills: []}\nnet: {bgp: false}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(mesh.choice.id, "cilium-mesh");
    let flip = &mesh.flips[0];
    assert_eq!(
        (flip.fact, flip.to.to_string(), flip.outcome),
        ("team.size", "9".into(), "linkerd")
    );
}

#[test]
fn decisions_read_other_decisions_settled_before_them() {
    let a = advise("team: {size: 12, experience: none, skills: [calico]}\nnet: {bgp: false}\n");
    // cni is calico, so the mesh rule reading `decision.cni == cilium` does not hold.
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(mesh.choice.id, "linkerd");
    assert_eq!(
        mesh.rules[0].checks[0].seen,
        Some(Value::Word("calico".into()))
    );
}

#[test]
fn conflicts_hold_may_hold_or_are_resolved() {
    let holds = advise("team: {size: 3, experience: none, skills: []}\nnet: {bgp: false}\n");
    assert_eq!(
        (holds.conflicts[0].holds, holds.conflicts[0].resolved),
        (Truth::True, false)
    );
    assert_eq!(holds.summary.conflicts_unresolved, 1);
    let resolved = advise("team: {size: 3, experience: expert, skills: []}\nnet: {bgp: false}\n");
    assert!(resolved.conflicts[0].resolved);
    assert_eq!(resolved.summary.conflicts_unresolved, 0);
    let maybe = advise("team: {experience: none, skills: []}\nnet: {bgp: false}\n");
    assert_eq!(maybe.conflicts[0].holds, Truth::Unknown);
    let none = advise("team: {size: 9, experience: none, skills: []}\nnet: {bgp: false}\n");
    assert!(none.conflicts.is_empty());
}

#[test]
fn a_conflict_about_an_answer_does_not_hold_while_it_is_open() {
    let text = crate::testing::TINY.replacen(
        "    resolved-when: team.experience == expert\n",
        "    resolved-when: team.experience == expert\n    once-answered: [team.size]\n",
        1,
    );
    let c: &'static Catalogue = Box::leak(Box::new(
        Catalogue::from_sources(vec![crate::catalogue::Source {
            name: "t.yaml".into(),
            text,
        }])
        .unwrap(),
    ));
    let run = |yaml: &str| evaluate(c, Box::leak(Box::new(profile(c, yaml))));
    assert!(
        run("team: {experience: none, skills: []}\nnet: {bgp: false}\n")
            .conflicts
            .is_empty()
    );
    let answered = run("team: {size: 3, experience: none, skills: []}\nnet: {bgp: false}\n");
    assert_eq!(answered.conflicts[0].holds, Truth::True);
}

#[test]
fn capabilities_get_a_verdict_with_its_rule() {
    let verdict = |yaml: &str| {
        let a = advise(yaml);
        (
            a.capabilities[0].verdict,
            a.capabilities[0].ruling.rule.to_string(),
            a.capabilities[0].status,
        )
    };
    assert_eq!(
        verdict("team: {size: 30}\n"),
        (Verdict::Now, "big".into(), Status::Decided)
    );
    assert_eq!(
        verdict("team: {size: 2}\n"),
        (Verdict::Skip, "tiny".into(), Status::Decided)
    );
    assert_eq!(
        verdict("team: {size: 8}\n"),
        (Verdict::Later, "default".into(), Status::Decided)
    );
    assert_eq!(
        verdict("net: {bgp: true}\n"),
        (Verdict::Later, "default".into(), Status::Provisional)
    );
}

#[test]
fn requirements_apply_by_condition_and_feed_the_traceability_matrix() {
    let a = advise("team: {size: 8, experience: none, skills: []}\nnet: {bgp: false}\n");
    let r2 = a
        .requirements
        .iter()
        .find(|r| r.requirement.id == "R2")
        .unwrap();
    assert_eq!(r2.applies, Truth::False);
    assert_eq!(
        a.traceability
            .iter()
            .map(|r| r.requirement.id.as_str())
            .collect::<Vec<_>>(),
        ["R1"]
    );
    assert_eq!(a.traceability[0].links[0].id, "cni");
}

#[test]
fn open_questions_are_listed_until_answered() {
    assert_eq!(advise("team: {size: 8}\n").questions.len(), 1);
    assert_eq!(advise("net: {bgp: false}\n").questions.len(), 0);
}

#[test]
fn the_same_inputs_give_the_same_advice() {
    let yaml = "team: {size: 4, experience: some, skills: [flux]}\n";
    let one = serde_json::to_string(&advise(yaml)).unwrap();
    let two = serde_json::to_string(&advise(yaml)).unwrap();
    assert_eq!(one, two);
}

#[test]
fn a_roadmap_places_the_team_at_its_first_step_not_done() {
    let status = |yaml: &str| {
        let a = advise(yaml);
        let m = &a.roadmaps[0];
        let steps: Vec<StepStatus> = m
            .roadmap
            .phases
            .iter()
            .flat_map(|p| p.steps.iter().map(|s| m.step_status[s.id.as_str()]))
            .collect();
        (m.current_phase.map(String::from), steps)
    };
    use StepStatus::*;
    assert_eq!(
        status("team: {size: 5}\nnet: {bgp: false}\n"),
        (Some("one".into()), vec![Done, Next, Todo])
    );
    assert_eq!(
        status("team: {size: 5}\nnet: {bgp: true}\n"),
        (Some("two".into()), vec![Done, Done, Next])
    );
    // A step that may be done holds the team in its phase; nothing is `next` until it is known.
    assert_eq!(
        status("team: {size: 5}\n"),
        (Some("one".into()), vec![Done, Unknown, Todo])
    );
    let a = advise("team: {size: 5}\n");
    let step = &a.roadmaps[0].roadmap.phases[0].steps[0];
    assert_eq!(decision(&a, &step.decisions[0]).choice.name, "Cilium");
}

/// TINY with needs: the Cilium mesh needs some experience, Linkerd a team under 100.
fn advise_with_needs(yaml: &str) -> Advice<'static> {
    let text = crate::testing::TINY
        .replace(
            "      - {id: linkerd, name: Linkerd, summary: Small., lock-in: low}",
            "      - {id: linkerd, name: Linkerd, summary: Small., lock-in: low, needs: [{when: team.size < 100, because: Small teams., source: test §1}]}",
        )
        .replace(
            "      - {id: cilium-mesh, name: Cilium mesh, summary: Integrated., lock-in: low}",
            "      - {id: cilium-mesh, name: Cilium mesh, summary: Integrated., lock-in: low, needs: [{when: team.experience >= some, because: Experience., source: test §1}]}",
        );
    let c: &'static Catalogue = Box::leak(Box::new(crate::testing::catalogue(&text)));
    evaluate(c, Box::leak(Box::new(profile(c, yaml))))
}

#[test]
fn an_option_whose_need_fails_is_passed_over_for_the_next_and_the_trace_says_which_need() {
    let a =
        advise_with_needs("team: {size: 12, experience: none, skills: []}\nnet: {bgp: false}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.ruling.rule, mesh.status),
        ("linkerd", "default", Status::Decided)
    );
    let passed: Vec<(&str, &str, &str)> = mesh
        .passed_over
        .iter()
        .map(|p| (p.option, p.rule, p.need.when.text.as_str()))
        .collect();
    assert_eq!(
        passed,
        [("cilium-mesh", "on-cilium", "team.experience >= some")]
    );
    let alternative = &mesh.alternatives[0];
    assert_eq!(alternative.why_not[0].code, ReasonCode::NeedFailed);
}

#[test]
fn an_unanswered_need_leaves_the_choice_provisional_on_its_question() {
    let a = advise_with_needs("team: {size: 12, skills: []}\nnet: {bgp: false}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.status),
        ("cilium-mesh", Status::Provisional)
    );
    let pending: Vec<&str> = mesh.pending.iter().map(|p| p.fact).collect();
    assert!(pending.contains(&"team.experience"), "{pending:?}");
    let none = mesh
        .pending
        .iter()
        .find(|p| p.fact == "team.experience")
        .unwrap();
    assert_eq!(none.outcomes[0].outcome, "linkerd");
}

#[test]
fn when_the_default_fails_its_need_the_first_option_that_meets_its_needs_is_the_fallback() {
    let a =
        advise_with_needs("team: {size: 150, experience: some, skills: []}\nnet: {bgp: true}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.ruling.rule),
        ("cilium-mesh", "fallback")
    );
    assert_eq!(mesh.passed_over[0].option, "linkerd");
}

/// TINY with a second capability whose `now` is a day-one requirement, and a sequence.
fn advise_in_sequence(yaml: &str) -> Advice<'static> {
    let text = crate::testing::TINY.replace(
        "sources:\n",
        "  - id: audit\n    title: Audit\n    summary: An audit trail.\n    complexity: low\n    trigger: Compliance.\n    skip-if: None.\n    default: later\n    because: Not yet.\n    unless:\n      - {id: big, when: team.size > 20, use: now, day-one: true, because: Big., source: test §1}\n    options:\n      - {id: logs, name: Logs, use-when: Always.}\n    choose: {default: logs, because: Start here., source: test §1}\n    timing: Now.\n    source: test §1\nsequence:\n  ready: team.experience >= some\n  because: Layer 1 first.\n  order: [audit, mesh]\n  source: test §1\nsources:\n",
    );
    let c: &'static Catalogue = Box::leak(Box::new(crate::testing::catalogue(&text)));
    evaluate(c, Box::leak(Box::new(profile(c, yaml))))
}

#[test]
fn layer_2_waits_for_layer_1_and_comes_one_at_a_time_unless_day_one() {
    let verdicts = |a: &Advice| -> Vec<(CompactString, Verdict)> {
        a.capabilities
            .iter()
            .map(|c| (c.capability.id.clone(), c.verdict))
            .collect()
    };
    // Layer 1 not ready: the mesh waits, the day-one audit does not.
    let a = advise_in_sequence("team: {size: 30, experience: none, skills: []}\n");
    assert_eq!(
        verdicts(&a),
        [
            ("mesh".into(), Verdict::Later),
            ("audit".into(), Verdict::Now)
        ]
    );
    let mesh = &a.capabilities[0];
    assert!(matches!(
        mesh.sequence.as_ref().unwrap().held,
        Some(HeldBack::LayerOneFirst { .. })
    ));
    assert_eq!(a.capabilities[1].choice.as_ref().unwrap().option.id, "logs");
    // Layer 1 ready: the mesh still waits its turn behind the audit trail.
    let a = advise_in_sequence("team: {size: 30, experience: expert, skills: []}\n");
    let mesh = a.capabilities[0].sequence.as_ref().unwrap();
    assert_eq!((mesh.place, mesh.of), (2, 2));
    assert!(matches!(
        mesh.held,
        Some(HeldBack::OneAtATime { after: "audit" })
    ));
    // Readiness unknown: the wait is provisional.
    let a = advise_in_sequence("team: {size: 30, skills: []}\n");
    assert_eq!(a.capabilities[0].status, Status::Provisional);
}

#[test]
fn a_choice_resting_on_a_provisional_choice_follows_it() {
    // BGP unanswered: the CNI is provisional (Cilium for now). With ten people, the mesh rule
    // `decision.cni == cilium and team.size >= 10` holds only while the CNI stays Cilium.
    let a = advise("team: {size: 12, experience: none, skills: []}\n");
    assert_eq!(decision(&a, "cni").status, Status::Provisional);
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.status, mesh.follows.clone()),
        ("cilium-mesh", Status::Provisional, vec!["cni"])
    );
    assert!(mesh.pending.is_empty(), "no fact of its own is open");
    // With three people the rule fails whatever the CNI: the mesh is decided.
    let a = advise("team: {size: 3, experience: none, skills: []}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.status, mesh.follows.len()),
        ("linkerd", Status::Decided, 0)
    );
    // Once the CNI is decided, so is the mesh.
    let a = advise("team: {size: 12, experience: none, skills: []}\nnet: {bgp: false}\n");
    let mesh = decision(&a, "mesh-tool");
    assert_eq!(
        (mesh.choice.id.as_str(), mesh.status, mesh.follows.len()),
        ("cilium-mesh", Status::Decided, 0)
    );
}

/// A preview settled from the profile's own settlement (keeping every decision its answers
/// cannot reach) has the same outcomes as settling the whole advice again, for every shipped
/// example and every combination of every open question's answers.
#[test]
fn a_preview_from_the_base_settlement_equals_settling_everything_again() {
    let c = crate::shipped::catalogue();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut compared = 0;
    for entry in std::fs::read_dir(examples).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let p = Profile::from_yaml("p.yaml", &text, c).unwrap();
        let base = settle_all(c, &p, &[], None);
        for q in &c.questions {
            let open: Vec<&crate::fact::Fact> = q
                .sets
                .iter()
                .filter(|f| p.get(f).is_none())
                .filter_map(|f| c.fact(f))
                .collect();
            for fact in &open {
                for value in fact.candidates(None, &[]) {
                    // Alone, and with every other open fact of the question at its first value.
                    let mut answers = vec![(fact.id.as_str(), value.clone())];
                    let alone = answers.clone();
                    for other in open.iter().filter(|o| o.id != fact.id) {
                        if let Some(v) = other.candidates(None, &[]).into_iter().next() {
                            answers.push((other.id.as_str(), v));
                        }
                    }
                    for a in [&alone, &answers] {
                        let kept = outcomes_of(c, &settle_all(c, &p, a, Some(&base)));
                        let again = outcomes_of(c, &settle_all(c, &p, a, None));
                        assert_eq!(kept, again, "{} with {a:?}", path.display());
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} previews compared");
}

/// Every shipped example, by name.
fn examples() -> [(&'static str, &'static str); 8] {
    macro_rules! example {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("../../examples/", $name, ".yaml")),
            )
        };
    }
    [
        example!("webshop"),
        example!("startup"),
        example!("startup-hyperscaler"),
        example!("scale-up"),
        example!("regulated"),
        example!("enterprise-multi-cloud"),
        example!("government-own-hardware"),
        example!("calico-bgp"),
    ]
}

/// The decisions' advice reads the same written as each is made (nothing read it before) and
/// written from the list kept once something did, for every shipped example.
#[test]
fn the_decisions_write_the_same_made_in_turn_as_kept() {
    let c = crate::shipped::catalogue();
    for (name, text) in examples() {
        let p = crate::profile::Profile::from_yaml(name, text, c).unwrap();
        let a = evaluate(c, &p);
        let in_turn = serde_json::to_string(&a).unwrap();
        assert_eq!(a.decisions.all().len(), c.decisions.len());
        let kept = serde_json::to_string(&a).unwrap();
        assert_eq!(in_turn, kept, "{name}");
        assert!(in_turn.contains("\"pending\":"), "{name}");
    }
}

/// A field of a decision read alone (as a report reads it) is the field of the whole advice,
/// for every field of every decision of every shipped example; and a field read alone does
/// not make the others' lists.
#[test]
fn a_decisions_field_read_alone_is_as_in_the_whole_advice() {
    let c = crate::shipped::catalogue();
    let mut lighter = 0;
    for (name, text) in examples() {
        let p = crate::profile::Profile::from_yaml(name, text, c).unwrap();
        let alone = evaluate(c, &p);
        let whole = evaluate(c, &p);
        for (i, d) in whole.decisions.all().iter().enumerate() {
            let serde_json::Value::Object(fields) = serde_json::to_value(d).unwrap() else {
                panic!("a decision's advice is an object");
            };
            for (key, value) in &fields {
                let read = alone.decisions.read(i, Some(key), |d| {
                    serde_json::to_value(d).unwrap()[key].clone()
                });
                assert_eq!(&read, value, "{name}: {} {key}", d.decision.id);
            }
            let rules = alone.decisions.read(i, Some("title"), |d| d.rules.len());
            if rules < d.rules.len() {
                lighter += 1;
            }
        }
    }
    assert!(lighter > 100, "only {lighter} decisions read lighter alone");
}
