use crate::support::{BIN, Case};

#[test]
fn advise_writes_the_report_atomically_to_a_file() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "-o", "advice.md"])
        .run();
    run.success().stdout_empty();
    assert_eq!(
        run.files(),
        ["advice.md", "webshop.yaml"],
        "no temporary file is left behind"
    );
    let stdout = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml"])
        .run();
    assert_eq!(run.read("advice.md"), stdout.stdout);
}

#[test]
fn advise_replaces_an_existing_output_file() {
    let run = Case::new()
        .example("webshop.yaml")
        .file("advice.json", "old")
        .args(&[
            "advise",
            "webshop.yaml",
            "--format",
            "json",
            "-o",
            "advice.json",
        ])
        .run();
    run.success();
    assert!(
        run.read("advice.json")
            .starts_with("{\n  \"schema_version\": 2,")
    );
}

#[test]
fn advise_reports_an_output_path_it_cannot_write() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "-o", "missing/dir/advice.md"])
        .run();
    run.code(2)
        .stdout_empty()
        .stderr_has("error[unwritable]: cannot write `missing/dir/advice.md`");
    assert_eq!(run.files(), ["webshop.yaml"]);
}

#[test]
fn fail_on_gates_exit_1_after_writing_the_advice() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&[
            "advise",
            "webshop.yaml",
            "--fail-on",
            "blocking",
            "--fail-on",
            "aged",
        ])
        .run();
    run.code(1)
        .stdout_has("# Platform advice for Dutch webshop")
        .stderr_is(
            "gate failed: 10 blocking questions are open\ngate failed: 2 choices use an aged tool\n",
        );
    // The conflicts gate: an empty profile lets two conflicts hold unresolved; choosing
    // another provider and recording how production is approved settles both, and the gate
    // passes with exit 0.
    Case::new()
        .file("p.yaml", "name: x\n")
        .args(&[
            "advise",
            "p.yaml",
            "--fail-on",
            "conflicts",
            "--format",
            "json",
        ])
        .run()
        .code(1)
        .stderr_is("gate failed: 2 conflicts are unresolved\n");
    let settled =
        "infra:\n  provider: ovhcloud\ndelivery:\n  production-approval: manual-production\n";
    Case::new()
        .file("p.yaml", settled)
        .args(&[
            "advise",
            "p.yaml",
            "--fail-on",
            "conflicts",
            "--format",
            "json",
        ])
        .run()
        .success()
        .stderr_is("");
    Case::new()
        .file("p.yaml", settled)
        .args(&["advise", "p.yaml", "--fail-on", "provisional", "-o", "a.md"])
        .run()
        .code(1)
        .stderr_has("decisions are provisional");
}

#[test]
fn validate_checks_the_catalogue_and_every_profile() {
    Case::new()
        .args(&["validate"])
        .run()
        .success()
        .stdout_has("catalogue: ok (");
    let run = Case::new()
        .example("webshop.yaml")
        .file("bad.yaml", "team:\n  size: many\n")
        .args(&["validate", "webshop.yaml", "bad.yaml"])
        .run();
    run.code(2).stdout_has("webshop.yaml: ok (").stderr_is(
        "error[wrong-type]: bad.yaml:2:9: `team.size` is a whole number, found `many`\n  help: write the number of people, e.g. `3`\n1 problem found\n",
    );
}

#[test]
fn init_prints_a_starter_profile_that_validates() {
    let init = Case::new().args(&["init"]).run();
    init.success()
        .stdout_has("team:\n")
        .stdout_has("  kubernetes-experience: ~\n");
    Case::new()
        .file("p.yaml", &init.stdout)
        .args(&["validate", "p.yaml"])
        .run()
        .success()
        .stdout_has("p.yaml: ok (0 of ");
}

#[test]
fn init_never_overwrites() {
    let run = Case::new()
        .file("profile.yaml", "mine")
        .args(&["init", "-o", "profile.yaml"])
        .run();
    run.code(2)
        .stderr_has("error[file-exists]: profile.yaml: the file already exists");
    assert_eq!(run.read("profile.yaml"), "mine");
    let fresh = Case::new().args(&["init", "-o", "new.yaml"]).run();
    fresh.success();
    assert!(
        fresh
            .read("new.yaml")
            .starts_with("# A kubecompass team profile.")
    );
}

#[test]
fn explain_prints_one_decision_or_capability() {
    Case::new()
        .example("webshop.yaml")
        .args(&["explain", "database", "webshop.yaml"])
        .run()
        .success()
        .stdout_has("# Database: Managed PostgreSQL\n")
        .stdout_has("**Still open:**");
    Case::new()
        .example("webshop.yaml")
        .args(&["explain", "service-mesh", "webshop.yaml"])
        .run()
        .success()
        .stdout_has("# Service mesh (Layer 1 view): No service mesh\n")
        .stdout_has("\n## Service mesh: skip\n");
    let json = Case::new()
        .example("webshop.yaml")
        .args(&["explain", "cni", "webshop.yaml", "--format", "json"])
        .run();
    let explained = json.success().json();
    assert_eq!(explained["decision"]["choice"]["id"], "cilium");
    assert!(explained["capability"].is_null());
    Case::new()
        .example("webshop.yaml")
        .args(&["explain", "cnii", "webshop.yaml"])
        .run()
        .code(2)
        .stdout_empty()
        .stderr_is("error[unknown-id]: unknown decision or capability `cnii`\n  help: did you mean `cni`?\n1 problem found\n");
}

#[test]
fn catalogue_lists_everything_as_markdown_or_json() {
    let json = Case::new().args(&["catalogue", "--format", "json"]).run();
    let listing = json.success().json();
    for key in [
        "facts",
        "requirements",
        "decisions",
        "tools",
        "questions",
        "conflicts",
        "capabilities",
        "checks",
    ] {
        assert!(listing[key].is_array(), "{key}");
    }
    assert_eq!(
        listing["decisions"][0]["unless"][0]["when"],
        "vendor.independence == absolute"
    );
    Case::new()
        .args(&["catalogue"])
        .run()
        .success()
        .stdout_has("## Decisions (Layer 1)")
        .stdout_has("| `cni` |");
}

#[test]
fn a_catalogue_directory_overrides_a_shipped_file_or_adds_one() {
    let shipped =
        std::fs::read_to_string(crate::support::root().join("decisions/layer1/210-cni.yaml"))
            .unwrap();
    let calico_first = shipped.replacen("default: cilium", "default: calico", 1);
    let run = Case::new()
        .example("webshop.yaml")
        .file("ours/layer1/210-cni.yaml", calico_first)
        .args(&[
            "advise",
            "webshop.yaml",
            "--catalogue",
            "ours",
            "--format",
            "json",
        ])
        .run();
    let advice = run.success().json();
    let cni = advice["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cni")
        .unwrap();
    assert_eq!(cni["choice"]["id"], "calico");

    let extra = "requirements:\n  - {id: ORG-1, kind: principle, title: Our rule, statement: Ours., source: kubecompass-webshop-p0 §3}\n";
    Case::new()
        .file("ours/org.yaml", extra)
        .args(&["validate", "--catalogue", "ours"])
        .run()
        .success()
        .stdout_has("32 requirements");
}

#[test]
fn a_templates_directory_overrides_one_template() {
    let run = Case::new()
        .example("webshop.yaml")
        .file(
            "tpl/report.md.j2",
            "{{ profile.name }}: {{ decisions | map(attribute='choice.id') | join(' ') }}\n",
        )
        .args(&["advise", "webshop.yaml", "--templates", "tpl"])
        .run();
    run.success();
    let advice = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml", "--format", "json"])
        .run();
    let choices: Vec<String> = advice.success().json()["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["choice"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        run.stdout,
        format!("Dutch webshop: {}\n", choices.join(" "))
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let bad = || Case::new().file("p.yaml", "team: {size: x}\n");
    assert!(
        bad()
            .args(&["validate", "p.yaml", "--color", "always"])
            .run()
            .code(2)
            .stderr
            .contains("\x1b[1;31merror\x1b[0m")
    );
    assert!(
        !bad()
            .args(&["validate", "p.yaml"])
            .run()
            .code(2)
            .stderr
            .contains('\x1b')
    );
    assert!(
        !bad()
            .args(&["validate", "p.yaml"])
            .env("NO_COLOR", "1")
            .run()
            .code(2)
            .stderr
            .contains('\x1b')
    );
}

/// Scripts validate the JSON advice against this schema, so a change to it is read here before
/// it is accepted (and `schema_version` says whether it breaks them).
#[test]
fn the_advice_schema_changes_only_when_reviewed() {
    let run = Case::new().args(&["schema", "advice"]).run();
    run.success().stdout_has("\"schema_version\"");
    insta::assert_snapshot!("schema-advice", run.stdout);
}

#[test]
fn help_and_version() {
    let help = Case::new().args(&["--help"]).run();
    help.success()
        .stdout_has("Exit codes:")
        .stdout_has("NO_COLOR");
    insta::assert_snapshot!("help", help.stdout);
    for command in [
        "advise",
        "explain",
        "validate",
        "init",
        "catalogue",
        "adr",
        "interview",
        "schema",
        "completions",
        "man",
    ] {
        let run = Case::new().args(&[command, "--help"]).run();
        run.success().stdout_has("Example");
        insta::assert_snapshot!(format!("help-{command}"), run.stdout);
    }
    Case::new()
        .args(&["--version"])
        .run()
        .success()
        .stdout_has(concat!("kubecompass ", env!("CARGO_PKG_VERSION")));
    let _ = BIN;
}

/// Runs the binary in the repository root with `input` on standard input.
fn with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(crate::support::BIN)
        .args(args)
        .current_dir(crate::support::root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A refused input may be closed before it is all written.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_dash_reads_the_profile_from_standard_input() {
    let profile = std::fs::read(crate::support::root().join("examples/webshop.yaml")).unwrap();
    let from_file = crate::support::run_in_root(&["advise", "examples/webshop.yaml"]);
    let out = with_stdin(&["advise", "-", "-o", "-"], &profile);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The report names the profile in the commands it suggests; that is the only difference.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        from_file.replace("examples/webshop.yaml", "-")
    );

    let out = with_stdin(&["explain", "cni", "-", "--format", "json"], &profile);
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("\"decision\"")
    );

    let out = with_stdin(&["validate", "-"], b"team:\n  sise: 3\n");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error[unknown-fact]: <stdin>:2:3: unknown fact `team.sise`\n"),
        "{stderr}"
    );
    let out = with_stdin(&["validate", "-"], b"team:\n  size: 3\n");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("<stdin>: ok (")
    );
}

#[test]
fn standard_input_has_the_size_bound_of_a_file() {
    let mut big = b"team:\n  size: 3\n".to_vec();
    big.resize(9 * 1024 * 1024, b'#');
    let out = with_stdin(&["advise", "-"], &big);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error[unreadable]: <stdin>: the input is longer than the limit of 8388608 bytes\n  help: profiles and catalogue files are small; is this the right file?\n1 problem found\n"
    );
    assert!(out.stdout.is_empty());
}

/// `-o` naming a named pipe writes the advice into the pipe as a stream, for its reader, and
/// leaves the pipe a pipe (replacing it with a file would cut off whoever reads it).
#[test]
fn advise_writes_into_a_named_pipe_as_a_stream() {
    use std::os::unix::fs::FileTypeExt;
    let case = Case::new().example("webshop.yaml");
    let pipe = case.path("advice.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // The reader opens the pipe as a shell's `cat` would; the run's open waits for it.
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).unwrap())
    };
    let run = case
        .args(&["advise", "webshop.yaml", "-o", "advice.pipe"])
        .run();
    run.success().stdout_empty();
    let read = reader.join().unwrap();
    let stdout = Case::new()
        .example("webshop.yaml")
        .args(&["advise", "webshop.yaml"])
        .run();
    assert_eq!(read, stdout.stdout);
    assert!(
        std::fs::symlink_metadata(&pipe)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the pipe is still a pipe"
    );
    assert_eq!(run.files(), ["advice.pipe", "webshop.yaml"]);
}

/// `-o` naming a socket is refused with `unwritable`: a socket is no output anyone means, and
/// it is left as it was.
#[test]
fn advise_refuses_a_socket_as_output() {
    use std::os::unix::fs::FileTypeExt;
    let case = Case::new().example("webshop.yaml");
    let socket = case.path("advice.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let run = case
        .args(&["advise", "webshop.yaml", "-o", "advice.sock"])
        .run();
    run.code(2)
        .stdout_empty()
        .stderr_has("error[unwritable]: cannot write `advice.sock`");
    assert!(
        std::fs::symlink_metadata(&socket)
            .unwrap()
            .file_type()
            .is_socket()
    );
}

/// `adr -` reads the profile from standard input, as the other commands do, and writes the same
/// records as `adr` on the file.
#[test]
fn adr_reads_the_profile_from_standard_input() {
    use std::io::Write;
    let profile = std::fs::read(crate::support::root().join("examples/webshop.yaml")).unwrap();
    let from_file = Case::new()
        .example("webshop.yaml")
        .args(&["adr", "webshop.yaml", "--date", "2026-11-22"])
        .run();
    from_file.success();
    let case = Case::new();
    let mut child = std::process::Command::new(BIN)
        .args(["adr", "-", "--date", "2026-11-22"])
        .current_dir(case.path("."))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&profile).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = |dir: &std::path::Path| -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir.join("doc/adr"))
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                let name = e.file_name().into_string().unwrap();
                (name, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let from_stdin = records(&case.path("."));
    assert!(from_stdin.len() > 1, "records and the index are written");
    assert_eq!(from_stdin, records(&from_file.path(".")));
}
