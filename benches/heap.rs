//! Where the memory of a large `--catalogue` goes: the heap in use after each stage of
//! `advise`, and the highest it reached, counted by dhat's allocator.
//!
//! Resident memory (what `cargo bench --bench scale` reports from GNU time) is higher than the
//! heap: the allocator keeps what was freed for reuse, per thread. The heap says how much each
//! stage holds, whatever the allocator does with it.
//!
//! `HEAP_DIR=DIR cargo bench --bench heap` reads `DIR/syn` (a catalogue laid over the shipped
//! one) and `DIR/p.yaml`, as `BENCH_KEEP=DIR` leaves them for each size of the scale benchmark
//! (`DIR/nN`). `HEAP_FORMAT=markdown` (or `full`) writes the Markdown report (or the full one)
//! instead of the JSON. dhat records every allocation, so this is slow: minutes at N = 25 000.

// A benchmark's job is to print its figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use kubecompass::catalogue::Catalogue;
use kubecompass::engine;
use kubecompass::profile::Profile;
use kubecompass::render::{Renderer, Report};
use kubecompass::shipped;
use std::path::PathBuf;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn main() {
    let Some(dir) = std::env::var_os("HEAP_DIR").map(PathBuf::from) else {
        println!("heap: skipped, set HEAP_DIR to a folder the scale benchmark kept (BENCH_KEEP)");
        return;
    };
    let _profiler = dhat::Profiler::builder().testing().build();
    let stage = |label: &str| {
        let h = dhat::HeapStats::get();
        println!(
            "  {label:<34} in use {:>8.1} MB   highest so far {:>8.1} MB",
            h.curr_bytes as f64 / 1e6,
            h.max_bytes as f64 / 1e6
        );
    };
    println!("heap of advise on {}:", dir.display());
    let sources = shipped::load(Some(&dir.join("syn"))).expect("the catalogue reads");
    stage("catalogue files read");
    // Kept to the end, as in `advise`: the report's template reads the advice where it lies.
    let catalogue: &'static Catalogue = Box::leak(Box::new(
        Catalogue::from_sources(sources).unwrap_or_else(|p| panic!("{p}")),
    ));
    stage("catalogue validated, texts dropped");
    let text = std::fs::read_to_string(dir.join("p.yaml")).expect("the profile reads");
    let profile: &'static Profile = Box::leak(Box::new(
        Profile::from_yaml("p.yaml", &text, catalogue).unwrap_or_else(|p| panic!("{p}")),
    ));
    stage("profile typed");
    let advice = engine::evaluate(catalogue, profile);
    stage("advice evaluated");
    match std::env::var("HEAP_FORMAT").as_deref() {
        Ok("markdown" | "full") => {
            let full = std::env::var("HEAP_FORMAT").as_deref() == Ok("full");
            let advice: &'static _ = Box::leak(Box::new(advice));
            let report = Box::leak(Box::new(Report {
                advice,
                profile_path: "p.yaml".into(),
            }));
            let renderer = Renderer::new(None).expect("the shipped templates");
            let name = if full {
                "report-full.md.j2"
            } else {
                "report.md.j2"
            };
            let written = renderer.write_report(name, report, &mut std::io::sink());
            written.unwrap_or_else(|p| panic!("{p}")).expect("writes");
            stage(if full {
                "written, full report"
            } else {
                "written, summary"
            });
        }
        _ => {
            serde_json::to_writer(std::io::sink(), &advice).expect("the advice serialises");
            stage("written as JSON (made in turn)");
            advice.decisions.all();
            stage("every decision made and kept");
            drop(advice);
            stage("advice dropped");
        }
    }
}
