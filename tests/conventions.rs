//! What a user of command-line tools expects: shell completions, manual pages, JSON Schemas
//! that real validators accept, colour only where it belongs, a version. The outside tools
//! (bash, groff, mandoc, check-jsonschema, ajv) are installed by `.ci/run`; locally a missing one
//! skips its test with a message.

use crate::support::{BIN, Case, root, tool};
use std::path::Path;
use std::process::Command;

fn run_tool(program: &Path, args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = Case::new().args(&["completions", shell]).run();
        run.success();
        for command in ["advise", "interview", "adr", "schema", "fail-on"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let Some(bash) = tool("bash") else { return };
    let run = Case::new().args(&["completions", "bash"]).run();
    std::fs::write(run.path("k.bash"), &run.stdout).unwrap();
    // The script must parse, and once sourced, complete `kubecompass adv` to `advise`.
    let script = "source k.bash; COMP_WORDS=(kubecompass adv); COMP_CWORD=1; _kubecompass kubecompass adv kubecompass; echo \"${COMPREPLY[@]}\"";
    let (ok, out) = run_tool(&bash, &["-c", script], &run.path("."));
    assert!(ok, "{out}");
    assert_eq!(out.trim(), "advise");
}

#[test]
fn manual_pages_render_without_warnings() {
    let run = Case::new().args(&["man", "--dir", "."]).run();
    run.success();
    let mut pages = run.files();
    pages.retain(|f| f.ends_with(".1"));
    assert_eq!(
        pages.len(),
        11,
        "one page for kubecompass and one per command: {pages:?}"
    );
    let top = Case::new().args(&["man"]).run();
    top.success();
    assert_eq!(
        top.stdout,
        run.read("kubecompass.1"),
        "stdout is the top page"
    );
    assert!(
        !top.stdout.contains("kubecompass\\-help"),
        "no page is named that is not written"
    );
    if let Some(mandoc) = tool("mandoc") {
        let mut args = vec!["-Tlint"];
        args.extend(pages.iter().map(String::as_str));
        let (ok, out) = run_tool(&mandoc, &args, &run.path("."));
        assert!(ok && out.is_empty(), "mandoc -Tlint:\n{out}");
    }
    let Some(groff) = tool("groff") else { return };
    for page in &pages {
        let (ok, out) = run_tool(
            &groff,
            &["-man", "-Tutf8", "-wall", "-P-c", page],
            &run.path("."),
        );
        assert!(ok, "{page}: {out}");
        assert!(!out.contains("warning"), "{page}: {out}");
    }
    let (_, text) = run_tool(
        &groff,
        &["-man", "-Tutf8", "-P-cbou", "kubecompass.1"],
        &run.path("."),
    );
    for needle in [
        "EXIT CODES",
        "2  invalid input",
        "NO_COLOR",
        "kubecompass-advise(1)",
    ] {
        assert!(text.contains(needle), "the page lacks {needle:?}:\n{text}");
    }
}

#[test]
fn the_profile_schema_accepts_every_profile_we_ship_and_rejects_mistakes() {
    let Some(validator) = tool("check-jsonschema") else {
        return;
    };
    let run = Case::new().args(&["schema"]).run();
    run.success();
    std::fs::write(run.path("profile.schema.json"), &run.stdout).unwrap();
    let schema = run.path("profile.schema.json");
    let mut profiles: Vec<String> = Vec::new();
    for folder in ["examples", "tests/fixtures/profiles"] {
        for entry in std::fs::read_dir(root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                profiles.push(path.display().to_string());
            }
        }
    }
    assert!(profiles.len() > 50, "{}", profiles.len());
    let mut args = vec!["--schemafile", schema.to_str().unwrap()];
    args.extend(profiles.iter().map(String::as_str));
    let (ok, out) = run_tool(&validator, &args, &run.path("."));
    assert!(ok, "{out}");

    std::fs::write(
        run.path("typo.yaml"),
        "team:\n  sise: 3\n  kubernetes-experience: expertt\n",
    )
    .unwrap();
    let (ok, out) = run_tool(
        &validator,
        &["--schemafile", "profile.schema.json", "typo.yaml"],
        &run.path("."),
    );
    assert!(!ok, "{out}");
    assert!(out.contains("'sise' was unexpected"), "{out}");
    assert!(out.contains("'expertt' is not one of"), "{out}");
}

#[test]
fn the_advice_schema_describes_the_json_of_every_example() {
    let Some(validator) = tool("check-jsonschema") else {
        return;
    };
    let mut case = Case::new();
    let examples = ["webshop", "startup", "regulated", "calico-bgp", "scale-up"];
    for name in examples {
        case = case.example(&format!("{name}.yaml"));
    }
    let run = case.args(&["schema", "advice"]).run();
    run.success();
    assert!(run.stdout.contains("\"schema_version\""));
    std::fs::write(run.path("advice.schema.json"), &run.stdout).unwrap();
    let mut outputs = Vec::new();
    for name in examples {
        let out = Command::new(BIN)
            .args(["advise", &format!("{name}.yaml"), "--format", "json"])
            .current_dir(run.path("."))
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(run.path(&format!("{name}.json")), out.stdout).unwrap();
        outputs.push(format!("{name}.json"));
    }
    let mut args = vec!["--schemafile", "advice.schema.json"];
    args.extend(outputs.iter().map(String::as_str));
    let (ok, out) = run_tool(&validator, &args, &run.path("."));
    assert!(ok, "{out}");

    // The check can fail: a document missing its decisions is not advice.
    let broken = run
        .read("webshop.json")
        .replacen("\"decisions\":", "\"decision\":", 1);
    std::fs::write(run.path("broken.json"), broken).unwrap();
    let (ok, out) = run_tool(
        &validator,
        &["--schemafile", "advice.schema.json", "broken.json"],
        &run.path("."),
    );
    assert!(!ok, "{out}");
    assert!(out.contains("'decisions' is a required property"), "{out}");
}

#[test]
fn no_color_turns_colour_off_even_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "team: {size: x}\n").unwrap();
    let on_terminal = |no_color: Option<&str>| {
        let mut command = Command::new(BIN);
        command
            .args(["validate", "bad.yaml"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let mut session = rexpect::session::spawn_command(command, Some(10_000)).unwrap();
        let (_, text) = session.exp_eof().map(|t| ((), t)).unwrap();
        text
    };
    assert!(on_terminal(None).contains("\x1b[1;31merror\x1b[0m"));
    let plain = on_terminal(Some("1"));
    assert!(plain.contains("error[wrong-type]"), "{plain}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

/// README.md's table of problem codes is `Code::ALL` with its descriptions, no more, no less,
/// and `validate --explain` prints the same line for every code.
#[test]
fn the_readme_lists_every_problem_code_and_explain_prints_it() {
    use kubecompass::problem::Code;
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = "<!-- problem-codes: generated from Code::ALL -->\n";
    let table = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("<!-- /problem-codes -->"))
        .map(|(table, _)| table)
        .expect("README.md holds the problem-codes block");
    assert_eq!(
        table,
        Code::table(),
        "README.md's problem codes differ from Code::ALL; replace the block with:\n{}",
        Code::table()
    );
    for code in Code::ALL {
        let run = Case::new()
            .args(&["validate", "--explain", code.as_str()])
            .run();
        run.success();
        assert_eq!(run.stdout, format!("{code}: {}\n", code.description()));
    }
    Case::new()
        .args(&["validate", "--explain", "unknown-vlaue"])
        .run()
        .code(2)
        .stderr_is("error[unknown-code]: no problem code `unknown-vlaue`\n  help: did you mean `unknown-value`?\n1 problem found\n");
}

/// The examples in `--help` and in error hints name catalogue items (a decision to explain, a
/// question and an answer, a fact). The catalogue is data and may change; this fails when it
/// no longer has what the Rust text names, instead of the help going stale.
#[test]
fn help_and_hints_name_only_what_the_catalogue_has() {
    let listing: serde_json::Value = serde_json::from_str(&crate::support::run_in_root(&[
        "catalogue",
        "--format",
        "json",
    ]))
    .unwrap();
    let ids = |key: &str| -> Vec<String> {
        listing[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (decisions, capabilities, questions, facts) = (
        ids("decisions"),
        ids("capabilities"),
        ids("questions"),
        ids("facts"),
    );
    // The fact a question or fact id stands for, and the words it allows.
    let fact_of = |id: &str| -> Option<serde_json::Value> {
        let fact = match listing["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
        {
            Some(q) => q["sets"][0].as_str().unwrap().to_string(),
            None => id.to_string(),
        };
        listing["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == fact)
            .cloned()
    };
    let word = |s: &str| {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-.".contains(*c))
            .collect::<String>()
            .trim_end_matches('.')
            .to_string()
    };
    let mut checked = 0;
    for file in ["src/cli.rs", "src/app/interview.rs", "src/app/mod.rs"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        for (i, _) in text.match_indices("kubecompass explain ") {
            let id = word(&text[i + "kubecompass explain ".len()..]);
            assert!(
                decisions.contains(&id) || capabilities.contains(&id),
                "{file}: `explain {id}` names no decision or capability"
            );
            checked += 1;
        }
        for (i, _) in text.match_indices("--answer ") {
            let rest = &text[i + "--answer ".len()..];
            let Some((id, value)) = rest.split_once('=') else {
                continue;
            };
            // `ID=VALUE` and `{}=...` are placeholders, not catalogue names.
            if id.contains(char::is_whitespace) || id == "ID" || id.contains('{') {
                continue;
            }
            let fact = fact_of(id)
                .unwrap_or_else(|| panic!("{file}: `--answer {id}` names no question or fact"));
            let value = word(value);
            let allowed = match fact["values"].as_array() {
                Some(words) => words.iter().any(|w| w["word"] == value.as_str()),
                None => fact["type"] == "integer" && value.parse::<i64>().is_ok(),
            };
            assert!(
                allowed,
                "{file}: `--answer {id}={value}` is not an allowed answer"
            );
            checked += 1;
        }
        for (i, _) in text.match_indices("such as ") {
            let id = word(&text[i + "such as ".len()..]);
            if id.contains('.') {
                assert!(facts.contains(&id), "{file}: `{id}` names no fact");
                checked += 1;
            } else if id.starts_with("P1-Q") || id.starts_with("P0-Q") {
                assert!(questions.contains(&id), "{file}: `{id}` names no question");
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 6,
        "only {checked} catalogue names found in help and hints"
    );
}

#[test]
fn man_dir_makes_a_missing_folder() {
    let run = Case::new().args(&["man", "--dir", "share/man/man1"]).run();
    run.success();
    assert!(run.path("share/man/man1/kubecompass-advise.1").is_file());
    assert_eq!(run.stdout.lines().count(), 11, "{}", run.stdout);
}

/// The README's commands for shell completion and the manual, run as written on an account
/// that has none of the folders yet.
#[test]
fn the_readme_install_commands_work_on_a_fresh_account() {
    let Some(bash) = tool("bash") else { return };
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let commands: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("$ "))
        .filter(|l| {
            l.contains("kubecompass completions")
                || l.contains("kubecompass man --dir")
                || l.starts_with("mkdir -p ~/")
        })
        .collect();
    assert!(commands.len() >= 3, "{commands:?}");
    let home = tempfile::tempdir().unwrap();
    let bin = Path::new(BIN).parent().unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    for command in &commands {
        let out = Command::new(&bash)
            .args(["-ec", command])
            .env("HOME", home.path())
            .env("PATH", &path)
            .current_dir(home.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for file in [
        ".local/share/bash-completion/completions/kubecompass",
        ".local/share/man/man1/kubecompass.1",
    ] {
        assert!(home.path().join(file).is_file(), "{file} is not written");
    }
}

/// ajv in strict mode refuses what looser validators pass over: unknown formats and keywords.
#[test]
fn every_schema_compiles_in_ajv_strict_mode() {
    let Some(ajv) = tool("ajv") else { return };
    let run = Case::new().args(&["schema", "profile"]).run();
    run.success();
    std::fs::write(run.path("profile.schema.json"), &run.stdout).unwrap();
    let advice = run.again(&["schema", "advice"]);
    advice.success();
    std::fs::write(advice.path("advice.schema.json"), &advice.stdout).unwrap();
    for schema in ["profile.schema.json", "advice.schema.json"] {
        let (ok, out) = run_tool(
            &ajv,
            &["compile", "--spec=draft7", "--strict=true", "-s", schema],
            &advice.path("."),
        );
        assert!(ok && out.contains("is valid"), "{schema}: {out}");
    }
    // The check can fail: a format ajv does not know is refused.
    let text = advice.read("advice.schema.json").replacen(
        "\"type\": \"integer\"",
        "\"type\": \"integer\", \"format\": \"uint32\"",
        1,
    );
    std::fs::write(advice.path("bad.schema.json"), text).unwrap();
    let (ok, out) = run_tool(
        &ajv,
        &[
            "compile",
            "--spec=draft7",
            "--strict=true",
            "-s",
            "bad.schema.json",
        ],
        &advice.path("."),
    );
    assert!(!ok && out.contains("unknown format"), "{out}");
}

/// No source file other than tests holds more than 450 lines of code (not counting blank
/// lines, comments, and a trailing `#[cfg(test)]` module): past that a file wants splitting
/// along a noun.
#[test]
fn no_source_file_is_longer_than_450_lines_of_code() {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut all = Vec::new();
    files(&root().join("src"), &mut all);
    let tests = |p: &Path| {
        p.file_name()
            .is_some_and(|n| n == "tests.rs" || n == "testing.rs")
    };
    let mut long = Vec::new();
    for path in all.iter().filter(|p| !tests(p)) {
        let text = std::fs::read_to_string(path).unwrap();
        let code = text
            .lines()
            .take_while(|l| l.trim() != "#[cfg(test)]")
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
            .count();
        if code > 450 {
            let name = path.strip_prefix(root()).unwrap_or(path);
            long.push(format!("{} ({code})", name.display()));
        }
    }
    assert!(all.len() > 50, "only {} source files found", all.len());
    assert!(long.is_empty(), "past 450 lines of code: {long:?}");
}
