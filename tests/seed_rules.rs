//! The sources' "use X unless Y" rules, as written: a profile that states Y gets X, unless a
//! need of X fails, and then the trace names the need and what was chosen instead. One row
//! per rule of the mapping's summary (kubecompass-layer-mapping §12) and of the Priority 1
//! case, each on a shipped example with only the facts of Y changed.

use crate::support::{Case, advise_json, root};
use serde_json::Value;

/// Sets `group.key: value` in a profile written as the examples are (one level of groups).
fn set(profile: &str, fact: &str, value: &str) -> String {
    let (group, key) = fact.split_once('.').unwrap();
    let mut out: Vec<String> = Vec::new();
    let (mut in_group, mut seen_group, mut done) = (false, false, false);
    for line in profile.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            if in_group && !done {
                out.push(format!("  {key}: {value}"));
                done = true;
            }
            in_group = line == format!("{group}:");
            seen_group |= in_group;
        }
        if in_group
            && !done
            && line.trim_start().starts_with(&format!("{key}:"))
            && line.starts_with("  ")
            && !line.starts_with("   ")
        {
            out.push(format!("  {key}: {value}"));
            done = true;
            continue;
        }
        out.push(line.to_string());
    }
    if !done {
        if !seen_group {
            out.push(format!("{group}:"));
        }
        out.push(format!("  {key}: {value}"));
    }
    out.join("\n") + "\n"
}

fn advise(example: &str, facts: &[(&str, &str)]) -> Value {
    let mut profile = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
    for (fact, value) in facts {
        profile = set(&profile, fact, value);
    }
    advise_json(&profile)
}

fn find<'a>(advice: &'a Value, list: &str, id: &str) -> &'a Value {
    advice[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[test]
fn a_setter_replaces_or_adds_a_fact() {
    let p = "team:\n  size: 3  # small\n  expertise: []\nvendor:\n  independence: high\n";
    let q = set(
        &set(&set(p, "team.size", "7"), "vendor.lock", "x"),
        "budget.level",
        "low",
    );
    assert_eq!(
        q,
        "team:\n  size: 7\n  expertise: []\nvendor:\n  independence: high\n  lock: x\nbudget:\n  level: low\n"
    );
}

/// An example, the facts a case sets on it, a decision, and two option or rule ids the case
/// expects.
type Row = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    &'static str,
);

#[test]
fn stating_y_yields_x_for_every_seed_rule() {
    // (example, facts that state Y, decision, expected option, expected rule)
    let rows: &[Row] = &[
        // CNI: use Cilium unless
        (
            "webshop.yaml",
            &[
                ("team.expertise", "[calico]"),
                ("team.learning-budget", "false"),
            ],
            "cni",
            "calico",
            "calico-expertise",
        ),
        (
            "webshop.yaml",
            &[("network.bgp-routing", "true")],
            "cni",
            "calico",
            "bgp-routing",
        ),
        (
            "webshop.yaml",
            &[
                ("platform.simplicity", "essential"),
                ("network.policies-required", "false"),
            ],
            "cni",
            "flannel",
            "absolute-simplicity",
        ),
        // GitOps: use Argo CD unless
        (
            "webshop.yaml",
            &[("delivery.deploy-ui-needed", "false")],
            "gitops",
            "flux",
            "gitops-pure",
        ),
        (
            "webshop.yaml",
            &[("delivery.helm-image-automation", "true")],
            "gitops",
            "flux",
            "helm-image-automation",
        ),
        (
            "webshop.yaml",
            &[("delivery.minimal-footprint", "true")],
            "gitops",
            "flux",
            "minimal-footprint",
        ),
        // Observability: use Prometheus, Grafana and Loki unless
        (
            "webshop.yaml",
            &[("observability.operator", "saas")],
            "metrics-alerting",
            "saas-apm",
            "vendor-saas-wanted",
        ),
        (
            "startup-hyperscaler.yaml",
            &[("observability.operator", "cloud-provider")],
            "metrics-alerting",
            "cloud-monitoring",
            "single-cloud",
        ),
        // Secrets: use Vault with External Secrets unless
        (
            "startup-hyperscaler.yaml",
            &[("security.secrets-preference", "cloud-provider")],
            "secrets",
            "cloud-secret-manager",
            "cloud-provider-wanted",
        ),
        (
            "webshop.yaml",
            &[
                ("security.secrets-preference", "simplest"),
                ("security.encrypted-secrets-in-git", "true"),
            ],
            "secrets",
            "sealed-secrets",
            "simplest-wanted",
        ),
        // Database: use managed PostgreSQL unless
        (
            "webshop.yaml",
            &[("vendor.independence", "absolute")],
            "database",
            "statefulset-operator",
            "absolute-independence",
        ),
        // Container registry: use Harbor unless
        (
            "webshop.yaml",
            &[
                ("delivery.registry-capacity", "false"),
                ("vendor.independence", "medium"),
            ],
            "container-registry",
            "cloud-registry",
            "no-registry-capacity",
        ),
        (
            "webshop.yaml",
            &[
                ("delivery.registry-capacity", "true"),
                ("delivery.git-platform", "gitlab"),
                ("budget.tooling-saas", "true"),
                ("vendor.independence", "medium"),
            ],
            "container-registry",
            "saas-registry",
            "saas-registry",
        ),
        (
            "webshop.yaml",
            &[
                ("infra.cloud-strategy", "multi-cloud"),
                ("vendor.independence", "medium"),
            ],
            "container-registry",
            "multi-registry",
            "multi-cloud",
        ),
        (
            "enterprise-multi-cloud.yaml",
            &[("infra.cloud-strategy", "air-gapped")],
            "container-registry",
            "harbor",
            "air-gapped",
        ),
        // Ingress: the sources' NGINX unless
        (
            "webshop.yaml",
            &[("network.ingress-requirements", "[dynamic-reconfiguration]")],
            "ingress",
            "traefik",
            "dynamic-configuration",
        ),
        (
            "webshop.yaml",
            &[("network.ingress-requirements", "[envoy-standard]")],
            "ingress",
            "envoy-gateway",
            "envoy-ecosystem",
        ),
        // Infrastructure as code: use Terraform unless
        (
            "webshop.yaml",
            &[("infra.iac-style", "programming-language")],
            "infrastructure-as-code",
            "pulumi",
            "programming-language",
        ),
        (
            "scale-up.yaml",
            &[("infra.iac-style", "kubernetes-native")],
            "infrastructure-as-code",
            "crossplane",
            "kubernetes-native",
        ),
    ];
    let mut wrong = Vec::new();
    for (example, facts, decision, option, rule) in rows {
        let advice = advise(example, facts);
        let d = find(&advice, "decisions", decision);
        let got = (
            d["choice"]["id"].as_str().unwrap(),
            d["ruling"]["rule"].as_str().unwrap(),
        );
        if got != (*option, *rule) {
            wrong.push(format!(
                "{example} {facts:?}: {decision} is {got:?}, want ({option}, {rule})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_failed_need_passes_the_seed_choice_over_and_says_why() {
    // (example, facts, decision, option passed over, option chosen instead)
    let rows: &[Row] = &[
        // No registry capacity, but vendor independence is high: Harbor stays.
        (
            "webshop.yaml",
            &[
                ("delivery.registry-capacity", "false"),
                ("vendor.independence", "high"),
            ],
            "container-registry",
            "cloud-registry",
            "harbor",
        ),
        // Kubernetes-native infrastructure, but nobody in the team knows Kubernetes yet.
        (
            "webshop.yaml",
            &[
                ("infra.iac-style", "kubernetes-native"),
                ("team.consultant", "none"),
            ],
            "infrastructure-as-code",
            "crossplane",
            "terraform",
        ),
        // The simplest secrets, but not even encrypted secrets may live in Git.
        (
            "webshop.yaml",
            &[
                ("security.secrets-preference", "simplest"),
                ("security.encrypted-secrets-in-git", "false"),
            ],
            "secrets",
            "sealed-secrets",
            "vault-eso",
        ),
        // Absolute simplicity, but network policies are required.
        (
            "webshop.yaml",
            &[
                ("platform.simplicity", "essential"),
                ("network.policies-required", "true"),
            ],
            "cni",
            "flannel",
            "cilium",
        ),
    ];
    let mut wrong = Vec::new();
    for (example, facts, decision, passed, chosen) in rows {
        let advice = advise(example, facts);
        let d = find(&advice, "decisions", decision);
        let over: Vec<&str> = d["passed_over"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["option"].as_str().or_else(|| p["option"]["id"].as_str()))
            .collect();
        if d["choice"]["id"] != *chosen || !over.contains(passed) {
            wrong.push(format!(
                "{facts:?}: {decision} is {}, passed over {over:?}; want {chosen}, {passed} passed over",
                d["choice"]["id"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_policy_engine_or_mesh_already_running_is_kept() {
    let gatekeeper = advise(
        "enterprise-multi-cloud.yaml",
        &[("platform.tools-in-use", "[opa-gatekeeper]")],
    );
    let policy = find(&gatekeeper, "capabilities", "policy-enforcement");
    assert_eq!(policy["choice"]["option"]["id"], "opa-gatekeeper");
    assert_eq!(policy["choice"]["ruling"]["rule"], "gatekeeper-running");
    let kyverno = advise(
        "enterprise-multi-cloud.yaml",
        &[
            ("platform.tools-in-use", "[kyverno]"),
            ("team.expertise", "[rego]"),
        ],
    );
    let policy = find(&kyverno, "capabilities", "policy-enforcement");
    assert_eq!(policy["choice"]["ruling"]["rule"], "kyverno-running");
    assert_eq!(policy["choice"]["option"]["id"], "kyverno");
}

#[test]
fn a_monolith_with_a_few_services_skips_the_mesh_and_more_services_do_not() {
    let few = advise(
        "startup-hyperscaler.yaml",
        &[
            ("app.architecture", "monolith-with-services"),
            ("app.service-count", "4"),
        ],
    );
    let mesh = find(&few, "capabilities", "service-mesh");
    assert_eq!(mesh["verdict"], "skip");
    assert_eq!(mesh["ruling"]["rule"], "monolith-with-few-services");
    let many = advise(
        "startup-hyperscaler.yaml",
        &[
            ("app.architecture", "monolith-with-services"),
            ("app.service-count", "8"),
        ],
    );
    assert_ne!(
        find(&many, "capabilities", "service-mesh")["verdict"],
        "skip"
    );
}

#[test]
fn a_recovery_objective_asks_for_a_second_region_only_for_a_lost_region() {
    let inside = advise("webshop.yaml", &[]);
    let region = find(&inside, "capabilities", "multi-region");
    assert_eq!(region["ruling"]["rule"], "prepare-only");
    let lost = advise(
        "webshop.yaml",
        &[("availability.region-loss-recovery", "true")],
    );
    let region = find(&lost, "capabilities", "multi-region");
    assert_eq!(region["ruling"]["rule"], "recovery-under-an-hour");
}

#[test]
fn a_conflict_about_an_answer_waits_for_it() {
    let open = advise(
        "webshop.yaml",
        &[
            ("infra.provider", "~"),
            ("vendor.us-provider-acceptable", "false"),
        ],
    );
    let ids: Vec<&str> = open["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"chosen-provider-refused"), "{ids:?}");
    let chosen = advise(
        "webshop.yaml",
        &[
            ("infra.provider", "digitalocean"),
            ("vendor.us-provider-acceptable", "false"),
        ],
    );
    let c = find(&chosen, "conflicts", "chosen-provider-refused");
    assert_eq!(c["holds"], "true");
}

/// `explain` shows the option a rule pointed at first, the need that failed with the value it
/// saw, and what was chosen instead.
#[test]
fn explain_shows_an_option_passed_over_with_its_need() {
    let mut profile = std::fs::read_to_string(root().join("examples/webshop.yaml")).unwrap();
    profile = set(&profile, "security.secrets-preference", "simplest");
    Case::new()
        .file("p.yaml", &profile)
        .args(&["explain", "secrets", "p.yaml"])
        .run()
        .success()
        .stdout_has("**Passed over for a failed need** (the rules pointed here first; HashiCorp Vault (or OpenBao) with the External Secrets Operator was chosen instead)")
        .stdout_has("- `sealed-secrets` (by `simplest-wanted`) needs `security.encrypted-secrets-in-git` (saw `security.encrypted-secrets-in-git` = false): Sealed Secrets keeps the encrypted secrets in Git");
}
