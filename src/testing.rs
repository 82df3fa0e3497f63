//! A small catalogue written inline, shared by the unit tests of the pure core.

use crate::catalogue::{Catalogue, Source};
use crate::profile::Profile;

/// A few facts, two decisions (the first reads the second, so order matters), a question, a requirement, a
/// conflict and a capability: enough to exercise every path of the engine.
pub(crate) const TINY: &str = r#"
facts:
  - id: team.size
    type: integer
    min: 1
    meaning: People in the team.
    ask: How many people?
    source: test §1
  - id: team.experience
    type: enum
    values: {none: No experience., some: Some experience., expert: Experts.}
    meaning: Kubernetes experience.
    ask: How experienced?
    source: test §1
  - id: team.skills
    type: set
    values: {calico: Calico., flux: Flux.}
    meaning: Skills.
    ask: Which skills?
    source: test §1
  - id: net.bgp
    type: bool
    meaning: BGP needed.
    ask: Is BGP needed?
    source: test §1
  - id: org.name
    type: text
    meaning: A name.
    ask: What name?
    source: test §1
requirements:
  - id: R1
    kind: goal
    title: Secure network
    statement: Traffic is restricted.
    source: test §1
  - id: R2
    kind: constraint
    title: Small team
    statement: The team is small.
    applies-when: team.size < 5
    source: test §1
decisions:
  - id: mesh-tool
    title: Mesh tool
    asks: Which mesh?
    domain: networking
    timing: when-needed
    reversibility: easy
    default: linkerd
    because: Simple.
    source: test §1
    unless:
      - id: on-cilium
        when: decision.cni == cilium and team.size >= 10
        use: cilium-mesh
        because: Already on Cilium.
        source: test §1
    options:
      - {id: linkerd, name: Linkerd, summary: Small., lock-in: low}
      - {id: cilium-mesh, name: Cilium mesh, summary: Integrated., lock-in: low}
  - id: cni
    title: CNI
    asks: Which CNI?
    domain: networking
    timing: day-1
    reversibility: hard
    serves: [R1]
    default: cilium
    because: Fast and capable.
    source: test §1
    unless:
      - id: calico-skills
        when: team.skills contains calico and team.experience <= some
        use: calico
        because: They know Calico.
        source: test §1
      - id: bgp
        when: net.bgp
        use: calico
        because: BGP.
        source: test §1
    options:
      - {id: cilium, name: Cilium, summary: eBPF., lock-in: low, serves: [R2]}
      - {id: calico, name: Calico, summary: BGP., lock-in: low}
      - {id: flannel, name: Flannel, summary: Simple., lock-in: low}
questions:
  - id: Q1
    text: Is BGP needed?
    criticality: blocking
    criticality-reason: test
    sets: [net.bgp]
    impact: The CNI.
    source: test §1
conflicts:
  - id: small-team-cilium
    title: Small team versus Cilium
    between: [R2]
    when: decision.cni == cilium and team.size < 5
    resolved-when: team.experience == expert
    impact: Hard to learn.
    resolutions:
      - {id: train, text: Train., recommended: true}
      - {id: switch, text: Switch.}
    source: test §1
capabilities:
  - id: mesh
    title: Mesh
    summary: A mesh.
    complexity: high
    trigger: Many services.
    skip-if: Few services.
    default: later
    because: Not yet.
    unless:
      - {id: big, when: team.size > 20, use: now, because: Big., source: test §1}
      - {id: tiny, when: team.size < 3, use: skip, because: Tiny., source: test §1}
    timing: Later.
    source: test §1
sources:
  - {id: test, title: The test sources, date: 2026, language: en}
roadmaps:
  - id: plan
    title: Plan
    summary: A plan.
    source: test §1
    phases:
      - id: one
        title: One
        summary: First.
        steps:
          - {id: a, title: A, goal: a., done-when: team.size > 1, decisions: [cni], source: test §1}
          - {id: b, title: B, goal: b., done-when: net.bgp, source: test §1}
      - id: two
        title: Two
        summary: Second.
        steps:
          - {id: c, title: C, goal: c., source: test §1}
"#;

pub(crate) fn catalogue(text: &str) -> Catalogue {
    Catalogue::from_sources(vec![Source {
        name: "test.yaml".into(),
        text: text.into(),
    }])
    .unwrap_or_else(|p| panic!("{p}"))
}

pub(crate) fn tiny() -> Catalogue {
    catalogue(TINY)
}

pub(crate) fn profile(catalogue: &Catalogue, yaml: &str) -> Profile {
    Profile::from_yaml("profile.yaml", yaml, catalogue).unwrap_or_else(|p| panic!("{p}"))
}
