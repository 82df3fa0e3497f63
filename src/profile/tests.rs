use crate::fact::Value;
use crate::problem::Code;
use crate::testing::{profile, tiny};

fn problems(yaml: &str) -> Vec<(u64, Code, String, Option<String>)> {
    let c = tiny();
    match super::Profile::from_yaml("p.yaml", yaml, &c) {
        Ok(_) => panic!("expected problems for {yaml:?}"),
        Err(p) => {
            p.0.into_iter()
                .map(|p| {
                    (
                        p.place.as_ref().map_or(0, |at| at.line),
                        p.code,
                        p.message,
                        p.help,
                    )
                })
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
        "team:\n  sise: 3\n  experience: expret\n  skills: {calico: yes}\nnet:\n  bgp: maybe\nteem: {}\n",
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
                "`team.skills` is a list of words, found a mapping".into(),
                Some("write `[a, b]`, or `[]` for none".into())
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
    assert_eq!(
        problems("team: {size: 0}\n")[0],
        (
            1,
            Code::OutOfRange,
            "`team.size` must be at least 1, found 0".into(),
            None
        )
    );
    assert_eq!(problems("team: {size: 2.5}\n")[0].1, Code::WrongType);
    assert_eq!(problems("team: {size: ten}\n")[0].1, Code::WrongType);
}

#[test]
fn sets_refuse_repeats_and_unknown_words() {
    let got = problems("team: {skills: [flux, flux, cillium]}\n");
    assert_eq!(
        got.iter().map(|p| p.1).collect::<Vec<_>>(),
        [Code::RepeatedValue, Code::UnknownValue]
    );
}

/// A profile value and an `--answer` (which calls [`crate::fact::Fact::read_scalar`] on its
/// text) accept the same spellings and refuse them with the same code, message and help.
#[test]
fn a_profile_and_an_answer_type_the_same_text_alike() {
    type Outcome = Result<Value, Vec<(Code, String, Option<String>)>>;
    let c = tiny();
    let cases: [(&str, &[&str]); 5] = [
        (
            "team.size",
            &[
                "10",
                "0",
                "-1",
                "+4",
                "ten",
                "3.5",
                "1_000",
                "99999999999999999999",
            ],
        ),
        (
            "net.bgp",
            &[
                "true", "False", "yes", "NO", "on", "off", "y", "n", "maybe", "1",
            ],
        ),
        ("team.experience", &["some", "som", "1", "true"]),
        (
            "team.skills",
            &[
                "flux, calico",
                "calico flux",
                "[flux, calico]",
                "[]",
                "none",
                "[flux, flux]",
                "[calcio, flux]",
                "calcio",
            ],
        ),
        ("org.name", &["1.10", "Stripe", "no", "true"]),
    ];
    for (id, texts) in cases {
        let fact = c.fact(id).unwrap();
        for text in texts {
            let answered: Outcome = fact.read_scalar(text).map_err(|refused| {
                refused
                    .into_iter()
                    .map(|r| (r.code, r.message, r.help))
                    .collect()
            });
            let yaml = format!("{}:\n  {}: {text}\n", fact.group(), fact.key());
            let written: Outcome = match super::Profile::from_yaml("p.yaml", &yaml, &c) {
                Ok(p) => Ok(p.get(id).cloned().expect("answered")),
                Err(p) => Err(p
                    .0
                    .into_iter()
                    .map(|p| (p.code, p.message, p.help))
                    .collect()),
            };
            assert_eq!(written, answered, "{id}: {text}");
        }
    }
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

#[test]
fn an_alias_is_read_as_the_value_it_names() {
    let c = tiny();
    let p = profile(
        &c,
        "org: {name: &n 4}\nteam:\n  size: *n\nnet: {bgp: &b true}\n",
    );
    assert_eq!(p.get("org.name"), Some(&Value::Text("4".into())));
    assert_eq!(p.get("team.size"), Some(&Value::Int(4)));
    assert_eq!(p.get("net.bgp"), Some(&Value::Bool(true)));
}

#[test]
fn an_answer_keeps_the_comments_before_a_document_start() {
    let c = tiny();
    let fact = c.fact("team.size").unwrap();
    let text = "# our team\n\n---\nteam:\n  size: 3\n";
    let edited = super::edit::set_answer(text, fact, &Value::Int(4)).unwrap();
    assert_eq!(edited, "# our team\n\n---\nteam:\n  size: 4\n");
    // Without a `---`, leading comments are part of the document and stay there too.
    let plain = super::edit::set_answer("# ours\nteam:\n  size: 3\n", fact, &Value::Int(4));
    assert_eq!(plain.unwrap(), "# ours\nteam:\n  size: 4\n");
}
