//! A small builder that reads like a spec: files in a temporary directory, arguments, then
//! assertions on the exit code, stdout, stderr and the files left behind.

use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_kubecompass");

/// The tool's path, or `None` after saying why the test is skipped.
pub(crate) fn tool(name: &str) -> Option<PathBuf> {
    // Where `.ci/run` installs the tools that are not Debian packages, then PATH.
    let installed = [
        "target/ci-tools/node_modules/.bin",
        "target/ci-tools/adrs/bin",
    ]
    .map(|d| root().join(d));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = installed
        .into_iter()
        .chain(std::env::split_paths(&path))
        .map(|d| d.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        skipped(&format!(
            "{name} is not installed (bash .ci/run installs it)"
        ));
    }
    found
}

/// Says that a check is skipped, and why; under CI, where nothing may be skipped, fails.
pub(crate) fn skipped(why: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "skipped under CI: {why}");
    // Written to the process's stderr itself: the test harness captures `eprintln!` and
    // shows it only for a failed test, and a skipped check must be seen where it ran.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// The repository root, for shipped examples.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in the repository root on shipped files; it must succeed. Returns stdout.
/// The JSON advice for a profile given as text.
pub(crate) fn advise_json(profile: &str) -> serde_json::Value {
    Case::new()
        .file("p.yaml", profile)
        .args(&["advise", "p.yaml", "--format", "json"])
        .run()
        .success()
        .json()
}

pub(crate) fn run_in_root(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) struct Case {
    dir: tempfile::TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

impl Case {
    pub(crate) fn new() -> Case {
        Case {
            dir: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// Writes a file (creating folders) inside the case's directory.
    pub(crate) fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Case {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, contents).unwrap();
        self
    }

    /// Copies a shipped example into the case's directory under the same name.
    pub(crate) fn example(self, name: &str) -> Case {
        let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        self.file(name, text)
    }

    /// Copies a shipped example, replacing one piece of text (which must occur).
    pub(crate) fn example_with(self, name: &str, old: &str, new: &str) -> Case {
        let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        assert!(text.contains(old), "{name} does not contain {old:?}");
        self.file(name, text.replacen(old, new, 1))
    }

    pub(crate) fn args(mut self, args: &[&str]) -> Case {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub(crate) fn env(mut self, key: &str, value: &str) -> Case {
        self.env.push((key.into(), value.into()));
        self
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub(crate) fn run(self) -> Run {
        let output = Command::new(BIN)
            .args(&self.args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("the binary runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            case: self,
        }
    }
}

pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    case: Case,
}

impl Run {
    #[track_caller]
    pub(crate) fn code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn success(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub(crate) fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub(crate) fn stderr_is(&self, expected: &str) -> &Run {
        assert_eq!(self.stderr, expected);
        self
    }

    #[track_caller]
    pub(crate) fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub(crate) fn stdout_empty(&self) -> &Run {
        assert_eq!(self.stdout, "", "stdout should be empty");
        self
    }

    /// A path inside the case's directory.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.case.path(rel)
    }

    /// Runs the binary again in the same directory with other arguments.
    pub(crate) fn again(self, args: &[&str]) -> Run {
        let mut case = self.case;
        case.args = args.iter().map(|a| a.to_string()).collect();
        case.run()
    }

    /// The files in the case's directory, relative, sorted.
    pub(crate) fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(self.case.dir.path(), self.case.dir.path(), &mut out);
        out.sort();
        out
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.case.path(rel)).unwrap()
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}
