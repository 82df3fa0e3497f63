//! The hostile-input corpus: every folder of `tests/fixtures/hostile` is one case, copied into a
//! temporary directory and run through the real binary. Each case's snapshot holds its exact
//! messages, exit code and the files the run changed; every case must also stay within a time
//! and memory bound, and a refused input (exit 2) must change no file at all.
//!
//! A case is its input files plus a `case` file (see `tests/fixtures/hostile/README.md`).

use crate::support::{BIN, root, tool};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// No case may use more processor time than this (user and system, debug build). The real
/// figures are far lower (see BENCHMARKS.md); this catches an expansion. Processor time, not
/// wall time, because the cases run beside other builds and tests on a loaded machine, where
/// wall time measures the scheduler as much as the program.
const CPU_LIMIT: Duration = Duration::from_secs(5);
/// No case may take longer than this on the clock: this catches a hang, in which a blocked
/// process uses no processor time at all.
const WALL_LIMIT: Duration = Duration::from_secs(30);
/// No case may use more memory than this (peak resident set).
const MEMORY_LIMIT_KB: u64 = 100 * 1024;

#[derive(Debug, Default)]
struct Spec {
    why: String,
    run: Vec<String>,
    exit: i32,
    cwd: Option<String>,
    /// (path, kind, size): inputs too big or too regular to keep in the repository.
    generate: Vec<(String, String, usize)>,
    /// (path, mode): modes git does not keep.
    chmod: Vec<(String, u32)>,
    /// Named pipes to make: git cannot keep them.
    mkfifo: Vec<String>,
    /// Files this test holds locked while the case runs, as another run would.
    lock: Vec<String>,
    /// A second run after the first, in the same folder: it must exit 0 and change nothing.
    then: Vec<String>,
    /// Files (relative to the case) whose text the snapshot shows after the runs.
    show: Vec<String>,
}

fn spec(name: &str, text: &str) -> Spec {
    let mut spec = Spec::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{name}/case: `{line}` is not `key: value`"));
        let words: Vec<String> = value.split_whitespace().map(String::from).collect();
        match key {
            "why" => spec.why = value.to_string(),
            "run" => spec.run = words,
            "exit" => spec.exit = value.parse().expect("exit is a number"),
            "cwd" => spec.cwd = Some(value.to_string()),
            "generate" => spec.generate.push((
                words[0].clone(),
                words[1].clone(),
                words[2].parse().expect("a size"),
            )),
            "chmod" => spec.chmod.push((
                words[0].clone(),
                u32::from_str_radix(&words[1], 8).expect("an octal mode"),
            )),
            "mkfifo" => spec.mkfifo.push(value.to_string()),
            "lock" => spec.lock.push(value.to_string()),
            "then" => spec.then = words,
            "show" => spec.show.push(value.to_string()),
            other => panic!("{name}/case: unknown key `{other}`"),
        }
    }
    assert!(
        !spec.why.is_empty() && !spec.run.is_empty(),
        "{name}/case needs why and run"
    );
    spec
}

#[test]
fn every_hostile_input_is_handled_within_bounds() {
    let corpus = root().join("tests/fixtures/hostile");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the corpus holds {} cases", names.len());
    // GNU time (Debian package `time`) measures each run's peak memory.
    let time = tool("time");
    for name in names {
        run_case(&corpus.join(&name), &name, time.as_deref());
    }
}

fn run_case(source: &Path, name: &str, time: Option<&Path>) {
    let spec = spec(name, &std::fs::read_to_string(source.join("case")).unwrap());
    let dir = tempfile::tempdir().unwrap();
    copy_tree(source, dir.path());
    for (path, kind, size) in &spec.generate {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, generate(kind, *size)).unwrap();
    }
    for path in &spec.mkfifo {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let made = Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "{name}: mkfifo {}", path.display());
    }
    let unprivileged = !spec.chmod.is_empty() && running_as_root();
    for (path, mode) in &spec.chmod {
        set_mode(&dir.path().join(path), *mode);
    }
    let held: Vec<std::fs::File> = spec
        .lock
        .iter()
        .map(|path| {
            let file = std::fs::File::open(dir.path().join(path)).unwrap();
            file.lock().unwrap();
            file
        })
        .collect();
    let before = tree(dir.path());

    let measure = tempfile::NamedTempFile::new().unwrap();
    let bin_copy = tempfile::tempdir().unwrap();
    let mut command = if let Some(time) = time {
        let mut c = Command::new(time);
        c.args(["-f", "%e %U %S %M", "-o"]).arg(measure.path());
        c
    } else {
        Command::new("env")
    };
    if unprivileged {
        // Root reads any file, so an unreadable file is only unreadable to another user. That
        // user needs a binary and a folder it may enter.
        let bin = bin_copy.path().join("kubecompass");
        std::fs::copy(BIN, &bin).unwrap();
        set_mode(bin_copy.path(), 0o755);
        set_mode(dir.path(), 0o755);
        command.args([
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ]);
        command.arg(bin);
    } else {
        command.arg(BIN);
    }
    let cwd = match &spec.cwd {
        Some(sub) => dir.path().join(sub),
        None => dir.path().to_path_buf(),
    };
    let output = command
        .args(&spec.run)
        .current_dir(&cwd)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    drop(held);
    let after = tree(dir.path());
    // Files outside the case are not in `tree`; the one an `-o` case names must survive as the
    // device it is (as root, a rename would have replaced it).
    {
        use std::os::unix::fs::FileTypeExt;
        let null = std::fs::symlink_metadata("/dev/null").unwrap();
        assert!(
            null.file_type().is_char_device(),
            "{name}: /dev/null is no longer a device"
        );
    }

    let shown = dir.path().display().to_string();
    let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&shown, "[case]");
    let code = output.status.code();
    let (stdout, stderr) = (clean(&output.stdout), clean(&output.stderr));
    assert!(
        !stderr.contains("panicked"),
        "{name}: the binary panicked\n{stderr}"
    );
    assert_eq!(
        code,
        Some(spec.exit),
        "{name}: exit code\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    let changes = changes(&before, &after);
    if spec.exit == 2 {
        assert!(
            changes.is_empty(),
            "{name}: a refused input changed files: {changes:?}"
        );
    }
    if time.is_some() {
        let measured = std::fs::read_to_string(measure.path()).unwrap();
        let mut figures = measured.lines().last().unwrap_or("").split_whitespace();
        let mut seconds = || -> f64 { figures.next().and_then(|s| s.parse().ok()).unwrap() };
        let (wall, user, system) = (seconds(), seconds(), seconds());
        let kb: u64 = figures.next().and_then(|s| s.parse().ok()).unwrap();
        if std::env::var_os("KUBECOMPASS_CASE_TIMES").is_some() {
            // To the process's stderr itself, past the harness's capture, like a skip notice.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "{:.2} s processor, {wall:.2} s wall, {kb} KB: {name}",
                user + system
            );
        }
        assert!(
            Duration::from_secs_f64(user + system) < CPU_LIMIT,
            "{name}: used {user} s user and {system} s system time"
        );
        assert!(
            Duration::from_secs_f64(wall) < WALL_LIMIT,
            "{name}: took {wall} s on the clock"
        );
        assert!(kb < MEMORY_LIMIT_KB, "{name}: peak memory {kb} KB");
    }

    let mut report = format!(
        "why: {}\nrun: kubecompass {}\nexit: {}\n--- stderr\n{stderr}--- stdout\n{stdout}--- files changed\n{}\n",
        spec.why,
        spec.run.join(" "),
        code.unwrap_or(-1),
        if changes.is_empty() {
            "none".to_string()
        } else {
            changes.join("\n")
        }
    );
    if !spec.then.is_empty() {
        assert!(!unprivileged, "{name}: `then` runs as the test's own user");
        let again = Command::new(BIN)
            .args(&spec.then)
            .current_dir(&cwd)
            .env_remove("NO_COLOR")
            .env("COLUMNS", "100")
            .output()
            .expect("the binary runs");
        let (stdout, stderr) = (clean(&again.stdout), clean(&again.stderr));
        assert_eq!(
            again.status.code(),
            Some(0),
            "{name}: the second run\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
        let changed = self::changes(&after, &tree(dir.path()));
        assert!(
            changed.is_empty(),
            "{name}: the second run changed {changed:?}"
        );
        report.push_str(&format!(
            "--- then: kubecompass {}\n--- stderr\n{stderr}--- stdout\n{stdout}",
            spec.then.join(" ")
        ));
    }
    for path in &spec.show {
        let text = std::fs::read_to_string(dir.path().join(path))
            .unwrap_or_else(|e| panic!("{name}: show {path}: {e}"));
        assert_one_title_and_status(name, path, &text);
        report.push_str(&format!("--- {path}\n{text}"));
    }
    insta::with_settings!({ snapshot_path => "snapshots/hostile", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, report);
    });
}

/// A record shown by a case holds one title line and one status, whatever its text says: a
/// heading or status line in catalogue text must not reach the start of a line.
fn assert_one_title_and_status(name: &str, path: &str, text: &str) {
    let count = |starts: &[&str]| {
        text.lines()
            .filter(|l| starts.iter().any(|s| l.starts_with(s)))
            .count()
    };
    assert_eq!(count(&["# "]), 1, "{name}: {path} has more than one title");
    assert_eq!(
        count(&["## Status", "* Status:", "- Status:", "status:"]),
        1,
        "{name}: {path} states its status more than once"
    );
}

/// Big or highly regular inputs, made on the spot.
fn generate(kind: &str, size: usize) -> Vec<u8> {
    match kind {
        // `size` nested flow sequences.
        "deep" => format!("{}{}\n", "[".repeat(size), "]".repeat(size)).into_bytes(),
        // `size` nested flow mappings.
        "deep-map" => format!("{}1{}\n", "{a: ".repeat(size), "}".repeat(size)).into_bytes(),
        // A valid profile followed by comment lines up to `size` bytes.
        "padding" => {
            let mut text = String::from("team:\n  size: 3\n");
            let line = "# padding that only makes the file big\n";
            while text.len() + line.len() <= size {
                text.push_str(line);
            }
            text.push_str(&"#".repeat(size - text.len()));
            text.into_bytes()
        }
        // A decision whose one rule is a condition `size` levels deep: `size` brackets around
        // one comparison, or `size` chained `not`s before one fact.
        "brackets" | "not-chain" => {
            let condition = if kind == "brackets" {
                format!("{}team.size > 3{}", "(".repeat(size), ")".repeat(size))
            } else {
                format!("{}network.bgp-routing", "not ".repeat(size))
            };
            format!(
                "decisions:\n  - id: extra\n    title: Extra\n    asks: Which extra?\n    domain: platform\n    timing: day-1\n    reversibility: easy\n    default: a\n    because: Simple.\n    source: kubecompass-webshop-p1 §1\n    unless:\n      - {{id: r, when: \"{condition}\", use: b, because: c, source: kubecompass-webshop-p1 §1}}\n    options:\n      - {{id: a, name: A, summary: A., lock-in: low}}\n      - {{id: b, name: B, summary: B., lock-in: low}}\n"
            )
            .into_bytes()
        }
        // A valid profile whose `name` is `size` bytes.
        "long-name" => format!("name: {}\nteam:\n  size: 3\n", "n".repeat(size)).into_bytes(),
        // A decision of `size` rules `team.size > i and data.size-gb > i`: with the first
        // answered and the second not, flips try every answer of the first and pending
        // answers every answer of the second, each compared with `size` thresholds.
        "thresholds" => {
            let mut text = String::from(
                "decisions:\n  - id: thresholds\n    title: Thresholds\n    asks: Which?\n    domain: networking\n    timing: day-1\n    reversibility: easy\n    default: a\n    because: The default.\n    source: kubecompass-webshop-p1 §2.1\n    options:\n      - {id: a, name: A, summary: A., lock-in: low}\n      - {id: b, name: B, summary: B., lock-in: low}\n      - {id: c, name: C, summary: C., lock-in: low}\n    unless:\n",
            );
            // Highest threshold first: in ascending order each rule would be shadowed by the
            // one before it, which validation refuses.
            for i in (0..size).rev() {
                let use_ = if i % 2 == 0 { "b" } else { "c" };
                text.push_str(&format!(
                    "      - {{id: r{i}, when: team.size > {i} and data.size-gb > {i}, use: {use_}, because: R., source: kubecompass-webshop-p1 §2.1}}\n"
                ));
            }
            text.into_bytes()
        }
        other => panic!("unknown generator `{other}`"),
    }
}

/// Copies a case's inputs (not its `case` file), keeping symbolic links as links.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&source, &target);
        } else if entry.file_name() != "case" {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}

/// Every path below `dir` with what identifies its state: a link's target, a file's size,
/// modification time and mode. Links are never followed.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            let state = if meta.file_type().is_symlink() {
                format!("link to {}", std::fs::read_link(&path).unwrap().display())
            } else if meta.is_dir() {
                stack.push(path);
                format!("folder {:o}", meta.mode())
            } else {
                // The inode and the content too: a file replaced by one of the same size
                // within one tick of the clock file times are kept in has the same time.
                format!(
                    "file {} bytes, {}.{}, {:o}, inode {}, content {:x}",
                    meta.len(),
                    meta.mtime(),
                    meta.mtime_nsec(),
                    meta.mode(),
                    meta.ino(),
                    if meta.is_file() { digest(&path) } else { 0 }
                )
            };
            out.insert(rel, state);
        }
    }
    out
}

/// A digest of a regular file's bytes (an unreadable one has none), to tell a changed file
/// from one that only looks the same. A named pipe is never read: that would wait for a writer.
fn digest(path: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(path).ok().hash(&mut h);
    h.finish()
}

fn changes(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, state) in after {
        match before.get(path) {
            None => out.push(format!("created {}", path.display())),
            Some(old) if old != state => out.push(format!("changed {}", path.display())),
            _ => {}
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        out.push(format!("removed {}", path.display()));
    }
    out
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Every problem code is shown to a user by at least one committed snapshot (almost all of
/// them cases of this corpus), and no snapshot shows a code that does not exist, so a code
/// nobody can produce, or one renamed without its snapshots, fails here.
#[test]
fn every_problem_code_is_produced_by_a_snapshot() {
    use kubecompass::problem::Code;
    let mut files = Vec::new();
    let mut folders = vec![root().join("tests/snapshots")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "snap") {
                files.push(path);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // A problem is a line of its own; `error[CODE]` inside help text is not one.
        let codes = text
            .lines()
            .filter_map(|line| line.strip_prefix("error["))
            .filter_map(|rest| rest.split_once(']'));
        seen.extend(codes.map(|(code, _)| code.to_string()));
    }
    let known: std::collections::BTreeSet<String> =
        Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    let never: Vec<&String> = known.difference(&seen).collect();
    assert!(
        never.is_empty(),
        "no snapshot shows error[{never:?}]: add a case to tests/fixtures/hostile"
    );
    let unknown: Vec<&String> = seen.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "snapshots show codes that do not exist: {unknown:?}"
    );
}
