//! How kubecompass scales: synthetic catalogues of N decisions (M rules each, K facts) laid over
//! the shipped catalogue with `--catalogue`, measured two ways:
//!
//! - end to end: the release binary as a user runs it (`--version` as the process floor,
//!   `validate` as the parse-and-check floor, `advise` as JSON and as Markdown), median wall time
//!   and peak memory (from GNU time, when installed);
//! - in process: each stage alone (catalogue validation, profile typing, the engine, JSON,
//!   Markdown), median time.
//!
//! `cargo bench --bench scale` runs N = 25, 250, 2 500 and 25 000. `BENCH_SIZES=25,250` picks
//! sizes, `BENCH_RULES` sets M (default 4), `BENCH_FACTS` sets K as facts per decision
//! (default 2), `BENCH_KEEP=DIR` keeps the generated catalogues and profiles in DIR/nN.
//! BENCHMARKS.md records the figures.

// A benchmark's job is to print its figures.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use kubecompass::catalogue::Catalogue;
use kubecompass::engine;
use kubecompass::profile::Profile;
use kubecompass::render::{Renderer, Report};
use kubecompass::shipped as sources;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Decisions per generated file, so that no file comes near the per-file size limit.
const DECISIONS_PER_FILE: usize = 250;

struct Shape {
    decisions: usize,
    rules: usize,
    facts: usize,
}

fn main() {
    let sizes: Vec<usize> = env_list("BENCH_SIZES").unwrap_or_else(|| vec![25, 250, 2_500, 25_000]);
    let rules = env_number("BENCH_RULES").unwrap_or(4);
    let facts_per = env_number("BENCH_FACTS").unwrap_or(2);
    let bin = release_binary();
    let gnu_time = Path::new("/usr/bin/time").exists();

    println!(
        "kubecompass scale benchmark: M = {rules} rules per decision, K = {facts_per} x N facts"
    );
    println!("shipped catalogue alone (no --catalogue):");
    let shipped = tempfile::tempdir().expect("temp dir");
    let webshop = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/webshop.yaml");
    std::fs::copy(&webshop, shipped.path().join("p.yaml")).expect("copy the example");
    end_to_end(&bin, shipped.path(), &[], 31, gnu_time);

    hostile(&bin, gnu_time);

    let mut previous: Option<(usize, Duration)> = None;
    for n in sizes {
        let shape = Shape {
            decisions: n,
            rules,
            facts: (n * facts_per).max(10),
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let dir = match std::env::var_os("BENCH_KEEP") {
            Some(keep) => {
                let kept = PathBuf::from(keep).join(format!("n{n}"));
                std::fs::create_dir_all(&kept).expect("create the kept folder");
                kept
            }
            None => dir.path().to_path_buf(),
        };
        let bytes = write_catalogue(&dir, &shape);
        let runs = match n {
            0..=300 => 21,
            301..=3_000 => 7,
            _ => 3,
        };
        println!(
            "\nN = {n} decisions, {} rules, {} facts ({:.1} MB of YAML), {runs} runs each:",
            n * rules,
            shape.facts,
            bytes as f64 / 1e6
        );
        let advise = end_to_end(&bin, &dir, &["--catalogue", "syn"], runs, gnu_time);
        in_process(&dir, runs);
        if let Some((pn, pt)) = previous {
            println!(
                "  growth: N x{:.0} -> advise (json) time x{:.1}",
                n as f64 / pn as f64,
                advise.as_secs_f64() / pt.as_secs_f64()
            );
        }
        previous = Some((n, advise));
    }
}

/// The hostile inputs that could cost the most, refused by the release binary: median time of
/// 11 runs and peak memory. The alias bomb is the corpus's own file.
fn hostile(bin: &Path, gnu_time: bool) {
    println!("\nhostile inputs (advise p.yaml -o out.md, refused with exit 2), 11 runs each:");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let bomb = std::fs::read(corpus.join("profile-alias-bomb/p.yaml")).expect("the bomb");
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes();
    let mut big = b"team:\n  size: 3\n".to_vec();
    big.resize(100 * 1024 * 1024, b'#');
    for (label, bytes) in [
        ("alias bomb (9^12 nodes)", Some(bomb)),
        ("100 000-deep nesting", Some(deep)),
        ("100 MB file", Some(big)),
        ("/dev/zero", None),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = match bytes {
            Some(b) => {
                std::fs::write(dir.path().join("p.yaml"), b).expect("write the input");
                "p.yaml"
            }
            None => "/dev/zero",
        };
        let args = ["advise", input, "-o", "out.md"];
        let times: Vec<Duration> = (0..11).map(|_| run(bin, dir.path(), &args, 2)).collect();
        let memory = if gnu_time {
            peak_memory_kb(bin, dir.path(), &args)
                .map_or("?".into(), |kb| format!("{:.1} MiB", kb as f64 / 1024.0))
        } else {
            "n/a".into()
        };
        println!("  {label:<28} {:>10}   peak {memory}", ms(median(times)));
    }
}

/// Runs the binary in `dir` on `p.yaml`; prints medians (and peak memory); returns the median
/// of `advise --format json`.
fn end_to_end(bin: &Path, dir: &Path, extra: &[&str], runs: usize, gnu_time: bool) -> Duration {
    let commands: [(&str, Vec<&str>); 4] = [
        ("process floor (--version)", vec!["--version"]),
        ("parse floor (validate)", vec!["validate", "p.yaml"]),
        (
            "advise --format json",
            vec!["advise", "p.yaml", "--format", "json"],
        ),
        ("advise (markdown)", vec!["advise", "p.yaml"]),
    ];
    let mut json = Duration::ZERO;
    for (label, args) in commands {
        let args: Vec<&str> = extra.iter().copied().chain(args).collect();
        let times: Vec<Duration> = (0..runs).map(|_| run(bin, dir, &args, 0)).collect();
        let median = median(times);
        let memory = if gnu_time {
            peak_memory_kb(bin, dir, &args)
                .map_or("?".into(), |kb| format!("{:.1} MiB", kb as f64 / 1024.0))
        } else {
            "n/a".into()
        };
        println!("  {label:<28} {:>10}   peak {memory}", ms(median));
        if label.starts_with("advise --format json") {
            json = median;
        }
    }
    json
}

/// One run's wall time; the exit code must be `code`.
fn run(bin: &Path, dir: &Path, args: &[&str], code: i32) -> Duration {
    let started = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the binary runs");
    let elapsed = started.elapsed();
    assert_eq!(status.code(), Some(code), "{args:?} in {}", dir.display());
    elapsed
}

/// Peak resident memory of one run, in KiB, as GNU time reports it.
fn peak_memory_kb(bin: &Path, dir: &Path, args: &[&str]) -> Option<u64> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Each stage alone, in this process, on the same files the binary reads.
fn in_process(dir: &Path, runs: usize) {
    let sources = sources::load(Some(&dir.join("syn"))).expect("the generated catalogue reads");
    let profile_text = std::fs::read_to_string(dir.join("p.yaml")).expect("the profile reads");
    // The report reads the advice where it lies, as `advise` does: it lives as long as the
    // process.
    let catalogue: &'static Catalogue = Box::leak(Box::new(
        Catalogue::from_sources(sources.clone()).unwrap_or_else(|p| panic!("{p}")),
    ));
    let profile: &'static Profile = Box::leak(Box::new(
        Profile::from_yaml("p.yaml", &profile_text, catalogue).unwrap_or_else(|p| panic!("{p}")),
    ));
    let advice: &'static _ = Box::leak(Box::new(engine::evaluate(catalogue, profile)));
    let renderer = Renderer::new(None).expect("shipped templates");

    let stage = |label: &str, f: &dyn Fn()| {
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect();
        println!("  {label:<28} {:>10}", ms(median(times)));
    };
    stage("catalogue (parse, validate)", &|| {
        // Validation consumes its texts, so each run copies them: far cheaper than the parse.
        Catalogue::from_sources(sources.clone()).expect("valid");
    });
    stage("profile (parse, type)", &|| {
        Profile::from_yaml("p.yaml", &profile_text, catalogue).expect("valid");
    });
    stage("engine alone", &|| {
        std::hint::black_box(engine::evaluate(catalogue, profile));
    });
    stage("json", &|| {
        std::hint::black_box(serde_json::to_string_pretty(advice).expect("serialises"));
    });
    let report: &'static _ = Box::leak(Box::new(Report {
        advice,
        profile_path: "p.yaml".into(),
    }));
    let write = |template: &str| {
        let mut out = std::io::sink();
        let written = renderer.write_report(template, report, &mut out);
        written.expect("renders").expect("writes");
    };
    stage("markdown", &|| write("report.md.j2"));
    stage("markdown --detail full", &|| write("report-full.md.j2"));
}

/// Writes `syn/` (the catalogue) and `p.yaml` (a profile answering every other fact) into
/// `dir`; returns the catalogue's size in bytes.
fn write_catalogue(dir: &Path, shape: &Shape) -> usize {
    let syn = dir.join("syn");
    std::fs::create_dir_all(&syn).expect("create the catalogue folder");
    let mut bytes = 0;
    let mut put = |name: &str, text: String| {
        bytes += text.len();
        std::fs::write(syn.join(name), text).expect("write a catalogue file");
    };
    for (i, chunk) in (0..shape.facts)
        .collect::<Vec<_>>()
        .chunks(DECISIONS_PER_FILE * 2)
        .enumerate()
    {
        put(&format!("facts-{i:04}.yaml"), facts(chunk));
    }
    put(
        "sources.yaml",
        "sources:\n  - {id: synthetic, title: Synthetic, date: 2026, language: en}\n".into(),
    );
    put("requirements.yaml", requirements(shape));
    for (i, chunk) in (0..shape.decisions)
        .collect::<Vec<_>>()
        .chunks(DECISIONS_PER_FILE)
        .enumerate()
    {
        put(&format!("decisions-{i:04}.yaml"), decisions(chunk, shape));
        put(&format!("questions-{i:04}.yaml"), questions(chunk, shape));
    }
    put("conflicts.yaml", conflicts(shape));
    put("capabilities.yaml", capabilities(shape));
    std::fs::write(dir.join("p.yaml"), profile(shape)).expect("write the profile");
    bytes
}

fn fact_id(i: usize) -> String {
    format!("syn{}.f{i}", i / 50)
}

/// Facts cycle through the four kinds a rule can test: enum, bool, integer, set.
fn facts(ids: &[usize]) -> String {
    let mut out = String::from("facts:\n");
    for &i in ids {
        let id = fact_id(i);
        let _ = writeln!(
            out,
            "  - id: {id}\n    meaning: Synthetic fact {i}.\n    ask: What is fact {i}?\n    source: synthetic §1"
        );
        out.push_str(match i % 4 {
            0 => "    type: enum\n    values: {low: Low., mid: Middle., high: High.}\n",
            1 => "    type: bool\n",
            2 => "    type: integer\n    min: 0\n    max: 100\n",
            _ => "    type: set\n    values: {x: X., y: Y., z: Z.}\n",
        });
    }
    out
}

/// A test of fact `i` whose form suits its kind.
fn test(i: usize) -> String {
    let id = fact_id(i);
    match i % 4 {
        0 => format!("{id} >= mid"),
        1 => id,
        2 => format!("{id} > 50"),
        _ => format!("{id} contains y"),
    }
}

fn requirements(shape: &Shape) -> String {
    let mut out = String::from("requirements:\n");
    for r in 0..(shape.decisions / 5).max(1) {
        let _ = writeln!(
            out,
            "  - id: SYN-R{r}\n    kind: goal\n    title: Requirement {r}\n    statement: Synthetic requirement {r}.\n    applies-when: {}\n    source: synthetic §1",
            test(r % shape.facts)
        );
    }
    out
}

/// Decision `i` has three options and M rules over two facts each; every fifth decision also
/// reads the one before it, so the engine settles chains in order.
fn decisions(ids: &[usize], shape: &Shape) -> String {
    let mut out = String::from("decisions:\n");
    for &i in ids {
        let _ = writeln!(
            out,
            "  - id: syn-{i}\n    title: Synthetic decision {i}\n    asks: Which option for {i}?\n    domain: synthetic\n    timing: day-1\n    reversibility: easy\n    serves: [SYN-R{}]\n    default: a\n    because: The default.\n    source: synthetic §1\n    unless:",
            (i / 5) % (shape.decisions / 5).max(1)
        );
        for j in 0..shape.rules {
            let first = (i * shape.rules + j) % shape.facts;
            let second = (i * 7 + j * 3 + 1) % shape.facts;
            let mut when = format!("{} and not {}", test(first), test(second));
            if i % 5 == 4 && j == 0 {
                let _ = write!(when, " or decision.syn-{} == b", i - 1);
            }
            let _ = writeln!(
                out,
                "      - {{id: r{j}, when: {when}, use: {}, because: Rule {j}., source: synthetic §1}}",
                if j % 2 == 0 { "b" } else { "c" }
            );
        }
        out.push_str("    options:\n");
        for o in ["a", "b", "c"] {
            let _ = writeln!(
                out,
                "      - {{id: {o}, name: Option {o}, summary: Option {o}., lock-in: low}}"
            );
        }
    }
    out
}

/// One question per decision, setting the first fact its first rule reads.
fn questions(ids: &[usize], shape: &Shape) -> String {
    let mut out = String::from("questions:\n");
    for &i in ids {
        let criticality = ["blocking", "important", "later"][i % 3];
        let _ = writeln!(
            out,
            "  - id: SYN-Q{i}\n    text: Question {i}?\n    criticality: {criticality}\n    criticality-reason: synthetic\n    sets: [{}]\n    decisions: [syn-{i}]\n    impact: Decision {i}.\n    source: synthetic §1",
            fact_id((i * shape.rules) % shape.facts)
        );
    }
    out
}

/// One conflict per ten decisions, between two requirements, when two decisions chose b.
fn conflicts(shape: &Shape) -> String {
    let mut out = String::from("conflicts:\n");
    let requirements = (shape.decisions / 5).max(1);
    for c in 0..(shape.decisions / 10).max(1) {
        let (d1, d2) = (c * 10 % shape.decisions, (c * 10 + 1) % shape.decisions);
        let _ = writeln!(
            out,
            "  - id: syn-conflict-{c}\n    title: Conflict {c}\n    between: [SYN-R{}, SYN-R{}]\n    when: decision.syn-{d1} == b and decision.syn-{d2} != a\n    impact: Synthetic.\n    resolutions:\n      - {{id: pick, text: Pick one., recommended: true}}\n    source: synthetic §1",
            c % requirements,
            (c + 1) % requirements
        );
    }
    out
}

fn capabilities(shape: &Shape) -> String {
    let mut out = String::from("capabilities:\n");
    for c in 0..(shape.decisions / 10).max(1) {
        let _ = writeln!(
            out,
            "  - id: syn-cap-{c}\n    title: Capability {c}\n    summary: Synthetic.\n    complexity: low\n    trigger: Synthetic.\n    skip-if: Never.\n    default: later\n    because: Not yet.\n    timing: Later.\n    source: synthetic §1\n    unless:\n      - {{id: now, when: decision.syn-{} == b and {}, use: now, because: Needed., source: synthetic §1}}\n      - {{id: skip, when: {}, use: skip, because: Not needed., source: synthetic §1}}",
            c * 10 % shape.decisions,
            test(c % shape.facts),
            test((c + 3) % shape.facts)
        );
    }
    out
}

/// Answers every other fact, with values that make about half of the tests hold.
fn profile(shape: &Shape) -> String {
    let mut groups: std::collections::BTreeMap<usize, String> = Default::default();
    for i in (0..shape.facts).step_by(2) {
        let value = match i % 4 {
            0 => ["low", "mid", "high"][i / 4 % 3].to_string(),
            1 => (i / 4 % 2 == 0).to_string(),
            2 => format!("{}", (i * 37) % 101),
            _ => ["[x]", "[y, z]", "[]"][i / 4 % 3].to_string(),
        };
        let _ = writeln!(groups.entry(i / 50).or_default(), "  f{i}: {value}");
    }
    let mut out = String::from("name: Synthetic\n");
    for (g, body) in groups {
        let _ = write!(out, "syn{g}:\n{body}");
    }
    out
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
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}

fn env_list(name: &str) -> Option<Vec<usize>> {
    let text = std::env::var(name).ok()?;
    text.split(',').map(|s| s.trim().parse().ok()).collect()
}
