use super::*;
use crate::fact::FactType;
use crate::problem::Code;
use std::collections::{BTreeMap, HashMap};

fn types() -> Vec<(&'static str, FactType)> {
    let words = |ws: &[&str]| ws.iter().map(|&w| w.into()).collect::<Vec<_>>();
    vec![
        (
            "team.size",
            FactType::Integer {
                min: Some(1),
                max: None,
            },
        ),
        (
            "team.experience",
            FactType::Enum(words(&["none", "basic", "intermediate", "expert"])),
        ),
        (
            "team.expertise",
            FactType::Set(words(&["calico", "flux", "vault"])),
        ),
        ("team.consultant", FactType::Bool),
        ("org.name", FactType::Text),
    ]
}

fn check(text: &str) -> Result<Condition, ConditionError> {
    let types = types();
    let mut vocab = Vocabulary {
        facts: types.iter().map(|(id, t)| (*id, t)).collect(),
        ..Default::default()
    };
    vocab.decisions = BTreeMap::from([("cni", vec!["cilium", "calico"])]);
    vocab.capabilities.insert("service-mesh");
    parse(text, &vocab)
}

struct Facts(HashMap<&'static str, Value>);

impl Context for Facts {
    fn fact(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }
    fn decision(&self, id: &str) -> Option<&str> {
        (id == "cni").then_some("cilium")
    }
    fn capability(&self, _: &str) -> Option<&str> {
        Some("later")
    }
}

fn webshop() -> Facts {
    Facts(HashMap::from([
        ("team.size", Value::Int(10)),
        ("team.experience", Value::Word("none".into())),
        ("team.expertise", Value::Set(["vault".to_string()].into())),
        ("org.name", Value::Text("shop".into())),
    ]))
}

fn eval(text: &str) -> Truth {
    check(text)
        .unwrap_or_else(|e| panic!("{text}: {e:?}"))
        .evaluate(&webshop())
        .result
}

#[test]
fn evaluates_each_operator() {
    let cases = [
        ("team.size >= 10", Truth::True),
        ("team.size > 10", Truth::False),
        ("team.size < 3", Truth::False),
        ("team.size <= 10", Truth::True),
        ("team.size == 10", Truth::True),
        ("team.size != 10", Truth::False),
        ("team.size in [5, 10]", Truth::True),
        ("team.experience in [none, basic]", Truth::True),
        ("team.experience not in [none, basic]", Truth::False),
        ("team.experience >= intermediate", Truth::False),
        ("team.experience < basic", Truth::True),
        ("team.expertise contains vault", Truth::True),
        ("team.expertise contains calico", Truth::False),
        ("org.name == shop", Truth::True),
        ("org.name == \"other shop\"", Truth::False),
        ("decision.cni == cilium", Truth::True),
        ("capability.service-mesh != now", Truth::True),
    ];
    for (text, want) in cases {
        assert_eq!(eval(text), want, "{text}");
    }
}

#[test]
fn unanswered_facts_are_unknown_not_false() {
    assert_eq!(eval("team.consultant"), Truth::Unknown);
    assert_eq!(eval("not team.consultant"), Truth::Unknown);
    // Kleene logic: a known false settles `and`, a known true settles `or`.
    assert_eq!(eval("team.consultant and team.size < 3"), Truth::False);
    assert_eq!(eval("team.consultant or team.size >= 3"), Truth::True);
    assert_eq!(eval("team.consultant and team.size >= 3"), Truth::Unknown);
    assert_eq!(eval("team.consultant or team.size < 3"), Truth::Unknown);
}

#[test]
fn precedence_is_not_then_and_then_or() {
    assert_eq!(
        eval("team.size < 3 and team.size > 3 or team.size == 10"),
        Truth::True
    );
    assert_eq!(
        eval("team.size < 3 and (team.size > 3 or team.size == 10)"),
        Truth::False
    );
    assert_eq!(eval("not team.size < 3 and team.size == 10"), Truth::True);
}

#[test]
fn the_trace_holds_every_leaf_with_what_it_saw() {
    let condition = check("team.consultant and team.size < 3").unwrap();
    let evaluation = condition.evaluate(&webshop());
    assert_eq!(
        evaluation.checks.len(),
        2,
        "leaves after a settled outcome are still traced"
    );
    assert_eq!(evaluation.checks[0].subject.reads(), "team.consultant");
    assert_eq!(evaluation.checks[0].seen, None);
    assert_eq!(evaluation.checks[0].result, Truth::Unknown);
    assert_eq!(evaluation.checks[1].of.text, "team.size < 3");
    assert_eq!(evaluation.checks[1].seen, Some(Value::Int(10)));
}

#[test]
fn a_leaf_under_not_counts_negated_so_the_failing_leaves_are_those_not_true() {
    // team.size is 10: `team.size > 5` holds, so `not team.size > 5` is what fails.
    let condition = check("team.size < 20 and not (team.size > 5 and not team.size > 50)").unwrap();
    let evaluation = condition.evaluate(&webshop());
    assert_eq!(evaluation.result, Truth::False);
    let counted: Vec<(&str, Truth, bool)> = evaluation
        .checks
        .iter()
        .map(|c| (c.of.text.as_str(), c.result, c.negated))
        .collect();
    assert_eq!(
        counted,
        [
            ("team.size < 20", Truth::True, false),
            ("team.size > 5", Truth::False, true),
            ("team.size > 50", Truth::False, false),
        ]
    );
}

#[test]
fn reports_facts_and_thresholds_read() {
    let condition =
        check("team.size < 3 or (team.experience == none and team.size in [8, 12])").unwrap();
    assert_eq!(condition.facts(), vec!["team.size", "team.experience"]);
    assert_eq!(
        condition
            .thresholds("team.size")
            .into_iter()
            .collect::<Vec<_>>(),
        vec![3, 8, 12]
    );
}

#[test]
fn rejects_bad_conditions_with_a_code_a_place_and_a_fix() {
    let cases: [(&str, Code, usize, Option<&str>); 14] = [
        (
            "team.sise > 3",
            Code::UnknownFact,
            0,
            Some("did you mean `team.size`?"),
        ),
        (
            "team.experience == expret",
            Code::UnknownValue,
            19,
            Some("did you mean `expert`?"),
        ),
        (
            "team.size > many",
            Code::TypeMismatch,
            12,
            Some("compare it with a whole number"),
        ),
        (
            "team.size",
            Code::TypeMismatch,
            0,
            Some("compare it, e.g. `team.size >= 5`"),
        ),
        (
            "team.expertise == calico",
            Code::TypeMismatch,
            18,
            Some("write `team.expertise contains calico`"),
        ),
        (
            "team.size contains 3",
            Code::TypeMismatch,
            19,
            Some("use `==` or `in` instead"),
        ),
        (
            "team.consultant > true",
            Code::TypeMismatch,
            18,
            Some("use `==`, `!=` or `in` instead"),
        ),
        (
            "decision.cnii == cilium",
            Code::UnknownId,
            0,
            Some("did you mean `cni`?"),
        ),
        (
            "decision.cni == flannel",
            Code::UnknownValue,
            16,
            Some("use one of `cilium`, `calico`"),
        ),
        (
            "team.size > 3 team.size < 5",
            Code::ConditionSyntax,
            14,
            Some("join tests with `and` or `or`"),
        ),
        ("(team.size > 3", Code::ConditionSyntax, 0, None),
        ("team.size in [3, 3]", Code::RepeatedValue, 17, None),
        (
            "team.size = 3",
            Code::ConditionSyntax,
            10,
            Some("write `==` to compare"),
        ),
        ("", Code::ConditionSyntax, 0, None),
    ];
    for (text, code, offset, help) in cases {
        let err = check(text).expect_err(text);
        assert_eq!(
            (err.code, err.offset, err.help.as_deref()),
            (code, offset, help),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn problems_are_reported_in_reading_order() {
    // A test is checked before the text after it is: a misspelt fact comes before a syntax
    // problem later on, even one inside the same test or located before it.
    let cases = [
        ("team.sise > 3 and (", Code::UnknownFact, 0),
        ("team.sise >", Code::UnknownFact, 0),
        ("team.sise in [a", Code::UnknownFact, 0),
        ("(team.size > many", Code::TypeMismatch, 13),
        ("team.size > 3 and (team.size >", Code::ConditionSyntax, 30),
        ("team.size > 3 team.sise", Code::ConditionSyntax, 14),
    ];
    for (text, code, offset) in cases {
        let err = check(text).expect_err(text);
        assert_eq!((err.code, err.offset), (code, offset), "{text}: {err:?}");
    }
}

const TOO_DEEP: &str = "the condition nests `(` and `not` more than 64 levels deep";
const TOO_DEEP_HELP: &str =
    "drop brackets that are not needed, and pairs of `not`, which cancel out";

fn nested(levels: usize) -> String {
    format!(
        "{}team.consultant{}",
        "(".repeat(levels),
        ")".repeat(levels)
    )
}

fn negated(times: usize) -> String {
    format!("{}team.consultant", "not ".repeat(times))
}

#[test]
fn deep_brackets_are_refused_at_the_first_level_past_the_bound() {
    let err = check(&nested(10_000)).unwrap_err();
    assert_eq!(err.code, Code::ConditionSyntax);
    assert_eq!(err.offset, 64, "at the 65th `(`");
    assert_eq!(err.message, TOO_DEEP);
    assert_eq!(err.help.as_deref(), Some(TOO_DEEP_HELP));
}

#[test]
fn a_long_not_chain_is_refused_at_the_first_level_past_the_bound() {
    let err = check(&negated(100_000)).unwrap_err();
    assert_eq!(err.code, Code::ConditionSyntax);
    assert_eq!(err.offset, 64 * "not ".len(), "at the 65th `not`");
    assert_eq!(err.message, TOO_DEEP);
    assert_eq!(err.help.as_deref(), Some(TOO_DEEP_HELP));
}

#[test]
fn brackets_and_not_count_together_up_to_sixty_four_levels() {
    assert!(check(&nested(64)).is_ok());
    assert!(check(&negated(64)).is_ok());
    assert!(
        check(&format!(
            "{}{}",
            "not (".repeat(32),
            nested(0) + &")".repeat(32)
        ))
        .is_ok()
    );
    assert_eq!(check(&nested(65)).unwrap_err().message, TOO_DEEP);
    assert_eq!(check(&negated(65)).unwrap_err().message, TOO_DEEP);
    let mixed = format!("not {}", nested(64));
    assert_eq!(check(&mixed).unwrap_err().offset, 4 + 63);
}

/// The accepted condition with the deepest tree: every bracket holds an `or` of an `and`, so
/// each of the 64 levels adds two nodes.
fn deepest() -> String {
    let mut text = "team.expertise contains vault".to_string();
    for level in (0..=64).rev() {
        text = format!("team.size < {level} or team.consultant and {text}");
        if level > 0 {
            text = format!("({text})");
        }
    }
    text
}

#[test]
fn the_deepest_accepted_condition_evaluates_walks_and_round_trips() {
    // Everything that recurses over a condition, on a quarter of a test thread's stack (an
    // eighth of the main thread's): the debug build gets by with half of this.
    let walks = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(|| {
            let condition = check(&deepest()).unwrap();
            let evaluation = condition.evaluate(&webshop());
            assert_eq!(evaluation.result, Truth::Unknown);
            assert_eq!(evaluation.checks.len(), 2 * 65 + 1);
            assert_eq!(
                condition.facts(),
                vec!["team.size", "team.consultant", "team.expertise"]
            );
            assert_eq!(condition.thresholds("team.size").len(), 65);
            assert!(format!("{condition:?}").contains(r#"Contains("vault")"#));
            assert_eq!(condition.clone(), condition);
            let bytes = postcard::to_allocvec(&condition).unwrap();
            assert_eq!(
                postcard::from_bytes::<Condition>(&bytes).unwrap(),
                condition
            );
            assert_eq!(check(&nested(10_000)).unwrap_err().message, TOO_DEEP);
        })
        .unwrap()
        .join();
    assert!(walks.is_ok());
}

#[test]
fn a_condition_reads_back_as_written_through_json_and_postcard() {
    let condition = check(
        "team.consultant and team.size >= 3 and team.size in [5, 10] \
         and team.experience < intermediate and team.experience not in [expert] \
         and not team.expertise contains vault and org.name == \"none\" and org.name != shop \
         or decision.cni == cilium or capability.service-mesh != now",
    )
    .unwrap();
    let json = serde_json::to_string(&condition).unwrap();
    assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), condition);
    // `none` the word and `"none"` the text stay apart.
    assert!(json.contains(r#"{"Word":"none"}"#) && json.contains(r#"{"Text":"none"}"#));
    let bytes = postcard::to_allocvec(&condition).unwrap();
    assert_eq!(
        postcard::from_bytes::<Condition>(&bytes).unwrap(),
        condition
    );
}
