//! Any text as a profile the interview writes an answer into: the edit must return text or an
//! error, never panic; when the profile was valid and the edit succeeded, the edited text must
//! read back with the answer and every other fact unchanged.
#![no_main]

use common::catalogue;
use kubecompass::profile::{Profile, edit};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|input: (u16, u8, &str)| {
    let (which, pick, text) = input;
    let catalogue = catalogue();
    let fact = &catalogue.facts[usize::from(which) % catalogue.facts.len()];
    let candidates = fact.candidates(None, &[1, 10, 100]);
    let Some(value) = candidates.get(usize::from(pick) % candidates.len().max(1)) else {
        return;
    };
    let Ok(before) = Profile::from_yaml("p.yaml", text, catalogue) else {
        let _ = edit::set_answer(text, fact, value);
        return;
    };
    if let Ok(edited) = edit::set_answer(text, fact, value) {
        if let Err(e) = edit::verify("p.yaml", &edited, catalogue, &before, &fact.id, value) {
            panic!("{e}\n--- before\n{text}\n--- after\n{edited}");
        }
    }
});
