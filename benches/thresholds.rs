//! Flip and pending analysis against many thresholds: one decision of N rules, rule `i`
//! comparing a number with `i`, laid over the shipped catalogue and advised for the webshop
//! (`team.size` answered, `data.size-gb` and `network.bgp-routing` as the example has them).
//!
//! Two shapes: `bgp` is `team.size > i and network.bgp-routing` (flips try every answer of
//! `team.size`), `size-gb` is `team.size > i and data.size-gb > i` (flips try every answer of
//! `team.size`, pending answers every answer of the unanswered `data.size-gb`).
//!
//! `cargo bench --bench thresholds` runs N = 1 000, 4 000 and 10 000 (`BENCH_SIZES` picks
//! others) and prints medians of the release binary: `validate` (reading and checking the
//! overlay), `advise --format json`, and the engine alone in process. `BENCH_BEFORE=BIN` runs
//! an older binary on the same files in the same run (`BENCH_BEFORE_RUNS`, default 3, since
//! a quadratic one takes minutes at N = 10 000). BENCHMARKS.md records the figures.

// A benchmark's job is to print its figures.
#![allow(clippy::print_stdout)]

use kubecompass::catalogue::Catalogue;
use kubecompass::engine;
use kubecompass::profile::Profile;
use kubecompass::shipped as sources;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .map(|n| n.trim().parse().expect("a size"))
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 4_000, 10_000]);
    let before = std::env::var_os("BENCH_BEFORE").map(PathBuf::from);
    let before_runs: usize = std::env::var("BENCH_BEFORE_RUNS")
        .ok()
        .map_or(3, |s| s.parse().expect("a number of runs"));
    let bin = release_binary();
    let webshop = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/webshop.yaml");

    println!(
        "flips and pending against N thresholds (medians; {RUNS} runs, older binary {before_runs}):"
    );
    println!(
        "{:<8} {:>7} {:>10} {:>12} {:>12} {:>14}",
        "shape", "N", "validate", "advise json", "engine", "advise before"
    );
    for shape in ["bgp", "size-gb"] {
        for &n in &sizes {
            let dir = tempfile::tempdir().expect("temp dir");
            std::fs::create_dir_all(dir.path().join("syn")).expect("overlay folder");
            std::fs::write(dir.path().join("syn/thresholds.yaml"), overlay(shape, n))
                .expect("write the overlay");
            std::fs::copy(&webshop, dir.path().join("p.yaml")).expect("copy the example");
            let validate = ["--catalogue", "syn", "validate", "p.yaml"];
            let advise = ["--catalogue", "syn", "advise", "p.yaml", "--format", "json"];
            let time = |bin: &Path, args: &[&str], runs: usize| {
                median((0..runs).map(|_| run(bin, dir.path(), args)).collect())
            };
            let before = before
                .as_deref()
                .map_or("-".into(), |b| ms(time(b, &advise, before_runs)));
            println!(
                "{shape:<8} {n:>7} {:>10} {:>12} {:>12} {before:>14}",
                ms(time(&bin, &validate, RUNS)),
                ms(time(&bin, &advise, RUNS)),
                ms(engine_alone(dir.path())),
            );
        }
    }
}

/// One decision of `n` rules, citing a registered source so that older releases read it too.
fn overlay(shape: &str, n: usize) -> String {
    let mut text = String::from(
        "decisions:\n  - id: thresholds\n    title: Thresholds\n    asks: Which?\n    domain: networking\n    timing: day-1\n    reversibility: easy\n    default: a\n    because: The default.\n    source: kubecompass-webshop-p1 §2.1\n    options:\n      - {id: a, name: A, summary: A., lock-in: low}\n      - {id: b, name: B, summary: B., lock-in: low}\n      - {id: c, name: C, summary: C., lock-in: low}\n    unless:\n",
    );
    for i in 0..n {
        let second = match shape {
            "bgp" => "network.bgp-routing".to_string(),
            _ => format!("data.size-gb > {i}"),
        };
        let _ = writeln!(
            text,
            "      - {{id: r{i}, when: team.size > {i} and {second}, use: {}, because: R., source: kubecompass-webshop-p1 §2.1}}",
            if i % 2 == 0 { "b" } else { "c" }
        );
    }
    text
}

/// The engine on the same files, in this process: settling plus flips and pending.
fn engine_alone(dir: &Path) -> Duration {
    let sources = sources::load(Some(&dir.join("syn"))).expect("the overlay reads");
    let catalogue = Catalogue::from_sources(sources).unwrap_or_else(|p| panic!("{p}"));
    let text = std::fs::read_to_string(dir.join("p.yaml")).expect("the profile reads");
    let profile = Profile::from_yaml("p.yaml", &text, &catalogue).unwrap_or_else(|p| panic!("{p}"));
    median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(engine::evaluate(&catalogue, &profile));
                started.elapsed()
            })
            .collect(),
    )
}

fn run(bin: &Path, dir: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the binary runs");
    let elapsed = started.elapsed();
    assert!(
        status.success(),
        "{} {args:?} in {}",
        bin.display(),
        dir.display()
    );
    elapsed
}

fn release_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "kubecompass"])
        .current_dir(root)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the release build failed");
    root.join("target/release/kubecompass")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}
