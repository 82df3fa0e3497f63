use crate::support::{Case, advise_json};
use serde_json::Value;

fn decision<'a>(advice: &'a Value, id: &str) -> &'a Value {
    advice["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no decision {id}"))
}

fn read_value<'a>(d: &'a Value, fact: &str) -> &'a Value {
    &d["facts_read"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"] == fact)
        .unwrap_or_else(|| panic!("{fact} not read"))["value"]
}

#[test]
fn the_advice_reproduces_the_sources_choices() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run();
    let advice = run.success().json();
    assert_eq!(advice["schema_version"], 2);
    let expected = [
        ("kubernetes-distribution", "managed-eu"),
        ("cni", "cilium"),
        ("gitops", "argocd"),
        ("secrets", "vault-eso"),
        ("database", "managed-postgresql"),
    ];
    for (id, choice) in expected {
        let d = decision(&advice, id);
        assert_eq!(d["choice"]["id"], choice, "{id}");
        // Every decision says which rule chose it, what it read, what it serves, what is open.
        assert!(d["ruling"]["rule"].is_string(), "{id}");
        assert!(!d["facts_read"].as_array().unwrap().is_empty(), "{id}");
        assert!(!d["serving"].as_array().unwrap().is_empty(), "{id}");
        assert!(d["open_questions"].is_array(), "{id}");
    }
}

#[test]
fn calico_expertise_and_bgp_switch_the_cni_and_the_trace_names_the_rule_and_facts() {
    let profile = std::fs::read_to_string(crate::support::root().join("examples/webshop.yaml"))
        .unwrap()
        .replacen("expertise: []", "expertise: [calico]", 1)
        .replacen("bgp-routing: false", "bgp-routing: true", 1);
    let case = || Case::new().file("calico.yaml", &profile);
    let json = case()
        .args(&["advise", "calico.yaml", "--format", "json"])
        .run();
    let advice = json.success().json();
    let cni = decision(&advice, "cni");
    assert_eq!(cni["choice"]["id"], "calico");
    assert_eq!(cni["ruling"]["rule"], "bgp-routing");
    assert_eq!(cni["status"], "decided");
    assert_eq!(read_value(cni, "network.bgp-routing"), true);
    assert_eq!(
        read_value(cni, "team.expertise"),
        &serde_json::json!(["calico"])
    );

    case()
        .args(&["advise", "calico.yaml", "--detail", "full"])
        .run()
        .success()
        .stdout_has("### Pod network (CNI): Calico")
        .stdout_has("**Chosen by:** `cni/bgp-routing`")
        .stdout_has("| `network.bgp-routing` | true |");
}

#[test]
fn an_unanswered_fact_makes_the_decision_provisional_and_names_its_question() {
    let run = Case::new()
        .example_with("webshop.yaml", "bgp-routing: false", "bgp-routing: ~")
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run();
    let advice = run.success().json();
    let cni = decision(&advice, "cni");
    assert_eq!(
        (cni["choice"]["id"].as_str(), cni["status"].as_str()),
        (Some("cilium"), Some("provisional"))
    );
    let pending = &cni["pending"][0];
    assert_eq!(pending["fact"], "network.bgp-routing");
    let outcomes: Vec<(bool, &str)> = pending["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["value"].as_bool().unwrap(),
                w["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(outcomes, [(false, "cilium"), (true, "calico")]);

    // The shipped webshop leaves the current database open, as the sources do.
    let shipped = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run();
    let advice = shipped.success().json();
    let database = decision(&advice, "database");
    assert_eq!(database["status"], "provisional");
    let questions: Vec<&str> = database["pending"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["question"]["id"].as_str())
        .collect();
    assert!(questions.contains(&"P1-Q26"), "{questions:?}");
}

#[test]
fn two_runs_give_byte_identical_output() {
    for format in ["markdown", "json"] {
        let first = Case::new()
            .example("webshop.yaml")
            .args(&["advise", "webshop.yaml", "--format", format])
            .run();
        let second = Case::new()
            .example("webshop.yaml")
            .args(&["advise", "webshop.yaml", "--format", format])
            .run();
        first.success();
        assert_eq!(first.stdout, second.stdout, "{format}");
    }
}

#[test]
fn the_report_has_every_section() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "--detail", "full"])
        .run();
    run.success();
    for heading in [
        "## Summary",
        "## Decisions",
        "## Conflicts",
        "## Open questions",
        "### Blocking",
        "## Layer 2 capabilities",
        "## Requirements (Layer 0)",
        "## Traceability",
        "## Requirement chains",
        "```mermaid",
    ] {
        run.stdout_has(heading);
    }
    // Seed 001's conflicts that apply to the webshop, with their recommended resolution.
    run.stdout_has("### Vendor independence versus a managed database: holds, resolved");
    // The sources leave outside help open (P1-Q42), so the Cilium conflict stays unresolved.
    run.stdout_has("### Team maturity versus Cilium's complexity: **holds, unresolved**");
    run.stdout_has("**Recommended:**");
    // The aged tool is flagged next to the sources' choice.
    run.stdout_has(
        "> **Aged choice:** HashiCorp Vault is licence-changed since 2023-08. Successor: OpenBao.",
    );
}

#[test]
fn the_readme_excerpt_is_real_output() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let excerpt = readme
        .split("```markdown\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml"])
        .run();
    run.success();
    for line in excerpt.lines().filter(|l| !l.trim().is_empty()) {
        run.stdout_has(line);
    }
}

/// The webshop with P1-Q1's provider answered, and optionally whether a US company is
/// acceptable.
fn webshop_with_provider(provider: &str, us_acceptable: Option<bool>) -> Value {
    let mut profile = std::fs::read_to_string(crate::support::root().join("examples/webshop.yaml"))
        .unwrap()
        .replacen(
            "  provider: ~                     # P1-Q1 is blocking and still open",
            &format!("  provider: {provider}"),
            1,
        );
    assert!(profile.contains(&format!("provider: {provider}\n")));
    if let Some(us) = us_acceptable {
        profile = profile.replacen(
            "vendor:\n",
            &format!("vendor:\n  us-provider-acceptable: {us}\n"),
            1,
        );
    }
    advise_json(&profile)
}

fn conflict_holds(advice: &Value, id: &str) -> String {
    advice["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .map_or("false".into(), |c| c["holds"].as_str().unwrap().to_string())
}

#[test]
fn answering_p1_q1_with_digitalocean_uses_it_or_says_why_not() {
    // Accepted: DigitalOcean is used.
    let yes = webshop_with_provider("digitalocean", Some(true));
    let d = decision(&yes, "managed-provider");
    assert_eq!(d["choice"]["id"], "digitalocean");
    assert_eq!(conflict_holds(&yes, "chosen-provider-refused"), "false");
    // Refused: TransIP stays, the need that failed is shown, and the conflict holds.
    let no = webshop_with_provider("digitalocean", Some(false));
    let d = decision(&no, "managed-provider");
    assert_eq!(d["choice"]["id"], "transip");
    let passed = d["passed_over"].as_array().unwrap();
    assert!(
        passed
            .iter()
            .any(|p| p["option"] == "digitalocean" && p["rule"] == "chose-digitalocean"),
        "{passed:?}"
    );
    assert_eq!(conflict_holds(&no, "chosen-provider-refused"), "true");
    // Not yet said: DigitalOcean, provisional on that one fact, whose answers are previewed.
    let open = webshop_with_provider("digitalocean", None);
    let d = decision(&open, "managed-provider");
    assert_eq!(d["choice"]["id"], "digitalocean");
    assert_eq!(d["status"], "provisional");
    let pending = d["pending"].as_array().unwrap();
    let us = pending
        .iter()
        .find(|p| p["fact"] == "vendor.us-provider-acceptable")
        .unwrap_or_else(|| panic!("{pending:?}"));
    let outcome = |v: bool| {
        us["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["value"] == v)
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(outcome(true), "digitalocean");
    assert_eq!(outcome(false), "transip");
}

#[test]
fn the_report_previews_p1_q1_answered_whole() {
    let advice = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run()
        .success()
        .json();
    let q1 = advice["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "P1-Q1")
        .unwrap();
    let whole = &q1["together"];
    let previewed = whole["previewed"].as_u64().unwrap();
    assert!(previewed <= 16 && previewed < whole["combinations"].as_u64().unwrap());
    let answer = |o: &Value, fact: &str| {
        o["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["fact"] == fact)
            .unwrap()["value"]
            .clone()
    };
    let change = |o: &Value, id: &str| {
        o["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["to"].clone())
    };
    let outcomes = whole["outcomes"].as_array().unwrap();
    // Every pair of answers is previewed, so DigitalOcean with and without a US company
    // accepted both are; each outcome is what answering so gives.
    let digitalocean = |us: bool| {
        outcomes
            .iter()
            .find(|o| {
                answer(o, "infra.provider") == "digitalocean"
                    && answer(o, "vendor.us-provider-acceptable") == us
            })
            .unwrap_or_else(|| panic!("digitalocean, us {us}: {outcomes:?}"))
    };
    assert_eq!(
        change(digitalocean(true), "managed-provider"),
        Some("digitalocean".into())
    );
    assert_eq!(
        change(digitalocean(false), "managed-provider"),
        Some("transip".into())
    );
    assert_eq!(
        change(digitalocean(false), "chosen-provider-refused"),
        Some("holds".into())
    );
    // The Markdown summary shows the same, under the question.
    Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml"])
        .run()
        .success()
        .stdout_has(
            "Answered whole (10 of 160 combinations previewed, every pair of answers among them):",
        );
}
