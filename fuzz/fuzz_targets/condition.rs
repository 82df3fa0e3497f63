//! Any text as a rule condition over a small vocabulary with one fact of each type: parsing
//! must return a condition or an error at an offset inside the text, never panic.
#![no_main]

use kubecompass::condition::{Vocabulary, parse};
use kubecompass::fact::FactType;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct Types {
    level: FactType,
    flag: FactType,
    size: FactType,
    skills: FactType,
    name: FactType,
}

fn types() -> &'static Types {
    static TYPES: OnceLock<Types> = OnceLock::new();
    TYPES.get_or_init(|| Types {
        level: FactType::Enum(vec!["none".into(), "basic".into(), "expert".into()]),
        flag: FactType::Bool,
        size: FactType::Integer {
            min: Some(1),
            max: Some(10_000),
        },
        skills: FactType::Set(vec!["calico".into(), "flux".into()]),
        name: FactType::Text,
    })
}

fuzz_target!(|text: &str| {
    let t = types();
    let vocab = Vocabulary {
        facts: [
            ("team.level", &t.level),
            ("net.bgp", &t.flag),
            ("team.size", &t.size),
            ("team.skills", &t.skills),
            ("org.name", &t.name),
        ]
        .into_iter()
        .collect(),
        decisions: [("cni", vec!["cilium", "calico"])].into_iter().collect(),
        capabilities: ["tracing"].into_iter().collect(),
    };
    match parse(text, &vocab) {
        Ok(condition) => {
            let _ = condition.facts();
            let _ = condition.subjects();
            let _ = condition.thresholds("team.size");
        }
        Err(error) => assert!(error.offset <= text.len(), "{error:?}"),
    }
});
