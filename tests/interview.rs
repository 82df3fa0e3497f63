use crate::support::{BIN, Case, root};
use std::process::Command;

/// The allowed words of a fact, from the catalogue listing.
fn words(fact: &str) -> Vec<String> {
    let out = Command::new(BIN)
        .args(["catalogue", "--format", "json"])
        .current_dir(root())
        .output()
        .unwrap();
    let listing: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fact = listing["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fact)
        .unwrap();
    // Enum words in declared order, as the interview numbers them.
    fact["values"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|w| w["word"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The fact a prompt asks for: the last "  group.key: ..." line before "answer (".
fn asked(screen: &str) -> String {
    // The pseudo-terminal does not echo the reply, so a prompt continues the previous line.
    screen
        .replace("help): ", "help):\n")
        .lines()
        .filter_map(|l| {
            l.strip_prefix("  ")
                .and_then(|l| l.split_once(": "))
                .map(|(id, _)| id.trim())
        })
        .rfind(|id| id.contains('.') && !id.contains(' '))
        .unwrap_or_else(|| panic!("no fact in {screen:?}"))
        .to_string()
}

#[test]
fn a_terminal_session_answers_skips_goes_back_and_quits() {
    let case = Case::new().example("webshop.yaml");
    let dir = case.path(".");
    let mut cmd = Command::new(BIN);
    cmd.args(["interview", "webshop.yaml", "--only", "blocking"])
        .current_dir(&dir)
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();

    let first = asked(&p.exp_string("answer (").unwrap());
    let first_words = words(&first);
    p.send_line("1").unwrap();
    p.exp_string(&format!("saved {first} = {}", first_words[0]))
        .unwrap();

    let second = asked(&p.exp_string("answer (").unwrap());
    p.send_line("s").unwrap();
    let third = asked(&p.exp_string("answer (").unwrap());
    assert_ne!(second, third);
    // Back to the skipped one, and answer it this time.
    p.send_line("b").unwrap();
    let again = asked(&p.exp_string("answer (").unwrap());
    assert_eq!(again, second);
    // Option 2: the second word of an enum, or "false" of a yes/no fact.
    let value = words(&second)
        .get(1)
        .cloned()
        .unwrap_or_else(|| "false".into());
    p.send_line("2").unwrap();
    p.exp_string(&format!("saved {second} = ")).unwrap();
    p.exp_string("answer (").unwrap();
    p.send_line("q").unwrap();
    p.exp_string("2 answered, 1 skipped").unwrap();
    p.exp_eof().unwrap();

    let text = std::fs::read_to_string(dir.join("webshop.yaml")).unwrap();
    let (group, key) = first.split_once('.').unwrap();
    assert!(
        text.contains(&format!("\n{group}:"))
            && text.contains(&format!("  {key}: {}", first_words[0])),
        "{text}"
    );
    let (_, key) = second.split_once('.').unwrap();
    assert!(text.contains(&format!("  {key}: {value}")), "{text}");
    let check = Command::new(BIN)
        .args(["validate", "webshop.yaml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn quitting_at_once_loses_nothing_and_changes_nothing() {
    let case = Case::new().example("webshop.yaml");
    let dir = case.path(".");
    let before = std::fs::read_to_string(dir.join("webshop.yaml")).unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(["interview", "webshop.yaml"]).current_dir(&dir);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let screen = p.exp_string("answer (").unwrap();
    assert!(
        screen.contains("(blocking)")
            && screen.contains("Why it matters:")
            && screen.contains("-> "),
        "{screen}"
    );
    p.send_line("q").unwrap();
    p.exp_string("0 answered, 0 skipped").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("webshop.yaml")).unwrap(),
        before
    );
}

/// A profile full of comments and odd formatting; the answers go to `~` values, a missing key
/// and a missing group.
const ODD: &str = "\
# Our profile   (hand-written, do not reformat)
name:   \"Odd shop\"    # quoted, extra spaces

team:
    size: 7        # four-space indentation
    kubernetes-experience:    basic
    # a comment between keys
    expertise: [ calico ,flux ]   # odd list spacing

data:
  current-database: ~        # answer me
  criticality: high
vendor: {independence: medium}   # a flow mapping
description: |
  Two lines of
  description.
";

#[test]
fn answers_keep_every_other_line_byte_for_byte() {
    let run = Case::new()
        .file("odd.yaml", ODD)
        .args(&[
            "interview",
            "odd.yaml",
            "--answer",
            "P1-Q26=mysql",
            "--answer",
            "team.consultant=none",
            "--answer",
            "network.bgp-routing=no",
        ])
        .run();
    run.success()
        .stderr_has("saved data.current-database = mysql\n");
    let after = run.read("odd.yaml");
    let expected = ODD
        .replace(
            "  current-database: ~        # answer me",
            "  current-database: mysql        # answer me",
        )
        .replace(
            "    expertise: [ calico ,flux ]   # odd list spacing\n",
            "    expertise: [ calico ,flux ]   # odd list spacing\n    consultant: none\n",
        );
    assert_eq!(after, format!("{expected}network:\n  bgp-routing: false\n"));
}

#[test]
fn an_invalid_answer_lists_the_allowed_values_and_writes_nothing() {
    let run = Case::new()
        .file("odd.yaml", ODD)
        .args(&[
            "interview",
            "odd.yaml",
            "--answer",
            "P1-Q26=mysql",
            "--answer",
            "P1-Q26=orcale",
        ])
        .run();
    run.code(2).stderr_is(
        "error[unknown-value]: `orcale` is not a value of `data.current-database`\n  help: use one of `postgresql`, `mysql`, `mariadb`, `sql-server`, `other`\n1 problem found\n",
    );
    assert_eq!(run.read("odd.yaml"), ODD);
}

#[test]
fn free_form_answers_keep_their_declared_type() {
    let run = Case::new()
        .file("p.yaml", "name: Shop\n")
        .args(&[
            "interview",
            "p.yaml",
            "--answer",
            "data.size-gb=120",
            "--answer",
            "delivery.hotfix-process=Branch from the release tag, PR, manual sync",
        ])
        .run();
    run.success();
    assert_eq!(
        run.read("p.yaml"),
        "name: Shop\ndata:\n  size-gb: 120\ndelivery:\n  hotfix-process: Branch from the release tag, PR, manual sync\n"
    );
    let bad = Case::new()
        .file("p.yaml", "name: Shop\n")
        .args(&["interview", "p.yaml", "--answer", "data.size-gb=lots"])
        .run();
    bad.code(2)
        .stderr_has("error[wrong-type]: `data.size-gb` is a whole number, found `lots`\n  help: write the number of GB, e.g. `3`\n");
}

#[test]
fn without_a_terminal_and_without_answers_it_points_to_answer() {
    let run = Case::new()
        .example("webshop.yaml")
        .args(&["interview", "webshop.yaml"])
        .run();
    run.code(2).stderr_is(
        "error[no-terminal]: the interview needs a terminal, and standard input is not one\n  help: answer without a terminal with --answer ID=VALUE, e.g. --answer P1-Q26=mysql (repeatable)\n1 problem found\n",
    );
}

#[test]
fn ctrl_c_keeps_every_answer_given_so_far() {
    let case = Case::new().example("webshop.yaml");
    let dir = case.path(".");
    let mut cmd = Command::new(BIN);
    cmd.args(["interview", "webshop.yaml"]).current_dir(&dir);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let first = asked(&p.exp_string("answer (").unwrap());
    p.send_line("1").unwrap();
    p.exp_string(&format!("saved {first} = ")).unwrap();
    p.exp_string("answer (").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let text = std::fs::read_to_string(dir.join("webshop.yaml")).unwrap();
    let (_, key) = first.split_once('.').unwrap();
    assert!(
        text.contains(&format!("  {key}: {}", words(&first)[0])),
        "{text}"
    );
}
