//! Each kind of bad input gets one clear message naming the file, the line and the fix; exit 2;
//! nothing written (`-o` is given, and no file appears); no panic.

use crate::support::Case;

/// Runs `advise p.yaml -o out.md` (plus `extra` options) and checks the contract; returns stderr.
fn refused_with(case: Case, extra: &[&str]) -> String {
    let run = case
        .args(&["advise", "p.yaml", "-o", "out.md"])
        .args(extra)
        .run();
    run.code(2).stdout_empty();
    assert!(
        !run.files()
            .iter()
            .any(|f| f.starts_with("out.md") || f.contains(".kubecompass-")),
        "{:?}",
        run.files()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr.clone()
}

fn refused(case: Case) -> String {
    refused_with(case, &[])
}

fn profile(text: &str) -> String {
    refused(Case::new().file("p.yaml", text))
}

#[test]
fn malformed_yaml() {
    assert_eq!(
        profile("team:\n  size: [3\n"),
        "error[yaml-syntax]: p.yaml:2:9: unclosed bracket '['\n1 problem found\n"
    );
}

#[test]
fn unknown_key() {
    assert_eq!(
        profile("team:\n  sise: 3\n"),
        "error[unknown-fact]: p.yaml:2:3: unknown fact `team.sise`\n  help: did you mean `size`?\n1 problem found\n"
    );
}

#[test]
fn wrong_type() {
    assert_eq!(
        profile("team:\n  kubernetes-experience: [none]\n"),
        "error[wrong-type]: p.yaml:2:26: `team.kubernetes-experience` takes one word, found a list\n  help: use one of `none`, `basic`, `intermediate`, `expert`\n1 problem found\n"
    );
}

#[test]
fn value_outside_the_allowed_set() {
    assert_eq!(
        profile("vendor:\n  independence: absolut\n"),
        "error[unknown-value]: p.yaml:2:17: `absolut` is not a value of `vendor.independence`\n  help: did you mean `absolute`?\n1 problem found\n"
    );
}

#[test]
fn norway_words_where_words_are_expected() {
    // `no` is a value of availability.multi-region; `yes` is not, and is not read as true.
    let ok = Case::new()
        .file("p.yaml", "availability:\n  multi-region: no\n")
        .args(&["validate", "p.yaml"])
        .run();
    ok.success();
    assert_eq!(
        profile("availability:\n  multi-region: yes\n"),
        "error[unknown-value]: p.yaml:2:17: `yes` is not a value of `availability.multi-region`\n  help: use one of `no`, `prepare`, `required`\n1 problem found\n"
    );
}

#[test]
fn duplicate_keys() {
    assert_eq!(
        profile("team:\n  size: 3\n  size: 4\n"),
        "error[duplicate-key]: p.yaml:3:3: duplicate key `size`\n  help: each key may appear once in a mapping; remove or merge the repeats\n1 problem found\n"
    );
}

#[test]
fn unknown_id_in_a_condition() {
    let rule = "decisions:\n  - id: extra\n    title: Extra\n    asks: What?\n    domain: x\n    timing: day-1\n    reversibility: easy\n    default: a\n    because: b\n    source: s\n    unless:\n      - {id: r, when: decision.cnii == cilium, use: b, because: c, source: s}\n    options:\n      - {id: a, name: A, summary: a., lock-in: low}\n      - {id: b, name: B, summary: b., lock-in: low}\n";
    let stderr = refused(
        Case::new()
            .example("webshop.yaml")
            .file("p.yaml", "team: {size: 3}\n")
            .file("ours/extra.yaml", rule)
            .args(&["--catalogue", "ours"]),
    );
    assert_eq!(
        stderr,
        "error[unknown-id]: ours/extra.yaml:12:23: unknown decision `cnii`\n  help: did you mean `cni`?\n1 problem found\n"
    );
}

#[test]
fn duplicate_ids() {
    let dup = "questions:\n  - id: P1-Q1\n    text: Again?\n    criticality: later\n    criticality-reason: r\n    sets: [team.size]\n    impact: i\n    source: s\n";
    let stderr = refused(
        Case::new()
            .file("p.yaml", "team: {size: 3}\n")
            .file("ours/dup.yaml", dup)
            .args(&["--catalogue", "ours"]),
    );
    assert_eq!(
        stderr,
        "error[duplicate-id]: ours/dup.yaml:2:9: duplicate question id `P1-Q1`\n  help: it is first declared at decisions/questions/p1-01-infrastructure.yaml:3:9; ids must be unique\n1 problem found\n"
    );
}

#[test]
fn missing_file() {
    let stderr = refused(Case::new().file("other.yaml", "x"));
    assert_eq!(
        stderr,
        "error[unreadable]: p.yaml: no such file\n  help: check the path\n1 problem found\n"
    );
}

#[test]
fn a_directory_instead_of_a_file() {
    let stderr = refused(Case::new().file("p.yaml/inner.yaml", "x"));
    assert_eq!(
        stderr,
        "error[unreadable]: p.yaml: is a directory, not a file\n  help: pass the path of a YAML file\n1 problem found\n"
    );
}

#[test]
fn alias_bomb() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let started = std::time::Instant::now();
    let stderr = profile(&text);
    assert!(
        stderr.starts_with("error[limit-exceeded]: p.yaml:"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn deep_nesting() {
    let text = format!("team: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let stderr = profile(&text);
    assert_eq!(
        stderr,
        "error[limit-exceeded]: p.yaml:1:262: refused: the YAML nests deeper than any profile or catalogue needs\n1 problem found\n"
    );
}

#[test]
fn empty_file() {
    assert_eq!(
        profile(""),
        "error[yaml-syntax]: p.yaml: the file is empty\n  help: write at least one key; `kubecompass init` prints a starter profile\n1 problem found\n"
    );
}

#[test]
fn invalid_utf8() {
    let stderr = refused(Case::new().file("p.yaml", b"team:\n  size: \xff\xfe\n"));
    assert_eq!(
        stderr,
        "error[unreadable]: p.yaml: the file is not valid UTF-8 (first bad byte at offset 14)\n  help: save the file as UTF-8\n1 problem found\n"
    );
}

#[test]
fn several_mistakes_are_reported_together() {
    let stderr = profile(
        "team:\n  size: -1\n  expertise: [calico, calico]\nvendor:\n  independance: high\n",
    );
    assert_eq!(
        stderr,
        "error[unknown-value]: p.yaml:2:9: `team.size` is -1, outside the minimum of 1\n\
         error[invalid]: p.yaml:3:23: `calico` is listed twice in `team.expertise`\n\
         error[unknown-fact]: p.yaml:5:3: unknown fact `vendor.independance`\n  help: did you mean `independence`?\n\
         3 problems found\n"
    );
}

#[test]
fn a_missing_catalogue_directory() {
    let stderr = refused(
        Case::new()
            .file("p.yaml", "team: {size: 3}\n")
            .args(&["--catalogue", "nope"]),
    );
    assert_eq!(
        stderr,
        "error[unreadable]: nope: catalogue directory does not exist\n  help: pass a directory of catalogue `.yaml` files to `--catalogue`\n1 problem found\n"
    );
}

#[test]
fn a_broken_template_override() {
    let template = "{% for d in decisions %}\n{{ d.nope }}\n{% endfor %}\n";
    let stderr = refused_with(
        Case::new()
            .file("p.yaml", "team: {size: 3}\n")
            .file("tpl/report.md.j2", template),
        &["--templates", "tpl"],
    );
    assert!(
        stderr.starts_with("error[template]: tpl/report.md.j2:2: undefined value"),
        "{stderr}"
    );
}
