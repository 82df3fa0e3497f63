//! Any text as a whole catalogue file: validation must return a catalogue or problems, never
//! panic; a catalogue that validates must evaluate an empty profile.
#![no_main]

use kubecompass::catalogue::{Catalogue, Source};
use kubecompass::profile::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let source = Source {
        name: "fuzz.yaml".into(),
        text: text.into(),
    };
    match Catalogue::from_sources(vec![source]) {
        Ok(catalogue) => {
            let profile = Profile::new();
            let advice = kubecompass::engine::evaluate(&catalogue, &profile);
            serde_json::to_string(&advice).expect("advice serialises");
        }
        Err(problems) => {
            assert!(!problems.0.is_empty());
            let _ = problems.to_string();
        }
    }
});
