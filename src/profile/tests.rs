use crate::fact::Value;
use crate::problem::Code;
use crate::testing::{profile, tiny};

fn problems(yaml: &str) -> Vec<(u64, Code, String, Option<String>)> {
    let c = tiny();
    match super::Profile::from_yaml("p.yaml", yaml, &c) {
        Ok(_) => panic!("expected problems for {yaml:?}"),
        Err(p) => {
            p.0.into_iter()
                .map(|p| (p.place.line, p.code, p.message, p.help))
                .collect()
        }
    }
}

#[test]
fn values_are_typed_by_their_fact() {
    let c = tiny();
    let p = profile(
        &c,
        "name: Shop\nteam:\n  size: 10\n  experience: some\n  skills: [flux, calico]\nnet:\n  bgp: false\norg:\n  name: 1.10\n",
    );
    assert_eq!(p.name.as_deref(), Some("Shop"));
    assert_eq!(p.get("team.size"), Some(&Value::Int(10)));
    assert_eq!(p.get("team.experience"), Some(&Value::Word("some".into())));
    assert_eq!(
        p.get("team.skills"),
        Some(&Value::Set(
            ["calico".to_string(), "flux".to_string()].into()
        ))
    );
    assert_eq!(p.get("net.bgp"), Some(&Value::Bool(false)));
    // A text fact keeps the spelling, not the float 1.1.
    assert_eq!(p.get("org.name"), Some(&Value::Text("1.10".into())));
}

#[test]
fn unanswered_facts_have_no_value() {
    let c = tiny();
    let p = profile(&c, "team:\n  size: ~\n  experience:\nnet: ~\n");
    assert_eq!(p.values().count(), 0);
}

#[test]
fn yes_and_no_are_accepted_only_where_a_yes_no_fact_expects_them() {
    let c = tiny();
    assert_eq!(
        profile(&c, "net: {bgp: no}\n").get("net.bgp"),
        Some(&Value::Bool(false))
    );
    assert_eq!(
        profile(&c, "net: {bgp: yes}\n").get("net.bgp"),
        Some(&Value::Bool(true))
    );
    // `no` under a text fact stays the word "no".
    assert_eq!(
        profile(&c, "org: {name: no}\n").get("org.name"),
        Some(&Value::Text("no".into()))
    );
}

#[test]
fn every_mistake_is_reported_with_its_line_and_a_fix() {
    let got = problems(
        "team:\n  sise: 3\n  experience: expret\n  skills: calico\nnet:\n  bgp: maybe\nteem: {}\n",
    );
    assert_eq!(
        got,
        vec![
            (
                2,
                Code::UnknownFact,
                "unknown fact `team.sise`".into(),
                Some("did you mean `size`?".into())
            ),
            (
                3,
                Code::UnknownValue,
                "`expret` is not a value of `team.experience`".into(),
                Some("did you mean `expert`?".into())
            ),
            (
                4,
                Code::WrongType,
                "`team.skills` is a list, found a single word".into(),
                Some("write `[calico]`".into())
            ),
            (
                6,
                Code::WrongType,
                "`net.bgp` is yes/no, found `maybe`".into(),
                Some("write `true` or `false`".into())
            ),
            (
                7,
                Code::UnknownFact,
                "unknown fact group `teem`".into(),
                Some("did you mean `team`?".into())
            ),
        ]
    );
}

#[test]
fn numbers_are_checked_against_bounds_and_kind() {
    assert_eq!(problems("team: {size: 0}\n")[0].1, Code::UnknownValue);
    assert_eq!(problems("team: {size: 2.5}\n")[0].1, Code::WrongType);
    assert_eq!(problems("team: {size: ten}\n")[0].1, Code::WrongType);
}

#[test]
fn sets_refuse_repeats_and_unknown_words() {
    let got = problems("team: {skills: [flux, flux, cillium]}\n");
    assert_eq!(
        got.iter().map(|p| p.1).collect::<Vec<_>>(),
        [Code::Invalid, Code::UnknownValue]
    );
}

#[test]
fn the_top_level_must_be_a_mapping() {
    let got = problems("- team\n- size\n");
    assert_eq!(
        (got[0].1, got[0].2.as_str()),
        (
            Code::WrongType,
            "a profile is a mapping of fact groups, found a list"
        )
    );
}
