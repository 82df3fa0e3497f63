//! Any text as a team profile against the shipped catalogue: reading it must return a profile
//! or problems, never panic; a profile that reads must evaluate and serialise.
#![no_main]

use common::catalogue;
use kubecompass::profile::Profile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|text: &str| {
    match Profile::from_yaml("p.yaml", text, catalogue()) {
        Ok(profile) => {
            let advice = kubecompass::engine::evaluate(catalogue(), &profile);
            serde_json::to_string(&advice).expect("advice serialises");
        }
        Err(problems) => {
            assert!(!problems.0.is_empty());
            let _ = problems.to_string();
        }
    }
});
