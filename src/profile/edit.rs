//! Writing an answer into the profile file itself, keeping every comment and every other line
//! as the user wrote it. The edit works on a lossless syntax tree of the text; the caller
//! re-reads the result as a profile before it replaces the file.

use super::Profile;
use crate::catalogue::Catalogue;
use crate::fact::{Fact, Value};
use std::str::FromStr;
use yaml_edit::{Document, ScalarValue, YamlValue};

/// The profile text with `fact` set to `value`: the value replaced in place when the key is
/// there, the key added to its group when the group is there, the group added at the end
/// otherwise.
pub fn set_answer(text: &str, fact: &Fact, value: &Value) -> Result<String, String> {
    // The editor's `Document` refuses comments before a `---` document start (they belong to
    // the stream, not the document), so they are set aside and put back unchanged.
    let (head, text) = text.split_at(stream_head(text));
    let doc = Document::from_str(text).map_err(|e| format!("the profile cannot be edited: {e}"))?;
    let root = doc
        .as_mapping()
        .ok_or("the profile is not a mapping of fact groups")?;
    let (group, key) = (fact.group(), fact.key());
    match root.get_mapping(group) {
        Some(mapping) => {
            if !replace_scalar(&mapping, key, value) {
                set(&|k, v| mapping.set(k, v), key, value);
            }
        }
        None => {
            let path = format!("{group}.{key}");
            let result = match value {
                Value::Bool(b) => yaml_edit::path::YamlPath::try_set_path(&doc, &path, *b),
                Value::Int(i) => yaml_edit::path::YamlPath::try_set_path(&doc, &path, *i),
                Value::Word(w) | Value::Text(w) => {
                    yaml_edit::path::YamlPath::try_set_path(&doc, &path, w.as_str())
                }
                Value::Set(words) => {
                    yaml_edit::path::YamlPath::try_set_path(&doc, &path, sequence(words))
                }
            };
            result.map_err(|e| format!("cannot add `{}`: {e}", fact.id))?;
        }
    }
    let mut out = doc.to_string();
    if text.ends_with('\n') && !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(format!("{head}{out}"))
}

/// The length of the comment and blank lines before a first `---` line; 0 without one.
fn stream_head(text: &str) -> usize {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if content == "---" || content.starts_with("--- #") {
            return at;
        }
        if !(content.is_empty() || content.starts_with('#')) {
            return 0;
        }
        at += line.len();
    }
    0
}

/// Replaces a scalar value's own text and nothing around it, so a comment after a value written
/// on the line below its key (`size: # people` then `~ # unknown`) stays: replacing the whole
/// value, as the editor's `set` does, takes such a comment with it. Returns false where the
/// value is no single scalar (a list, a block scalar, missing), for `set` to handle.
fn replace_scalar(mapping: &yaml_edit::Mapping, key: &str, value: &Value) -> bool {
    let rendered = match value {
        Value::Bool(b) => ScalarValue::from(*b),
        Value::Int(i) => ScalarValue::from(*i),
        Value::Word(w) | Value::Text(w) => ScalarValue::from(w.as_str()),
        Value::Set(_) => return false,
    }
    .to_yaml_string();
    // A rendering over several lines would need the value's indentation.
    if rendered.contains('\n') {
        return false;
    }
    let Some(node) = mapping.find_entry_by_key(key).and_then(|e| e.value_node()) else {
        return false;
    };
    match node.as_scalar() {
        Some(scalar) if !scalar.is_block() => {
            scalar.set_value(&rendered);
            true
        }
        _ => false,
    }
}

fn set(put: &dyn Fn(&str, &dyn yaml_edit::AsYaml), key: &str, value: &Value) {
    match value {
        Value::Bool(b) => put(key, b),
        Value::Int(i) => put(key, i),
        Value::Word(w) | Value::Text(w) => put(key, &w.as_str()),
        Value::Set(words) => put(key, &sequence(words)),
    }
}

fn sequence(words: &crate::words::Words) -> Vec<YamlValue> {
    words
        .iter()
        .map(|w| YamlValue::Scalar(ScalarValue::from(w.as_str())))
        .collect()
}

/// Checks an edited profile: it must read back with `fact` = `value` and every other fact as
/// it was. Returns the profile read from the new text.
pub fn verify(
    file: &str,
    text: &str,
    catalogue: &Catalogue,
    before: &Profile,
    fact: &str,
    value: &Value,
) -> Result<Profile, String> {
    let after = Profile::from_yaml(file, text, catalogue)
        .map_err(|p| format!("the edited profile does not read back:\n{p}"))?;
    if after.get(fact) != Some(value) {
        return Err(format!(
            "the edited profile reads `{fact}` as {:?}, not {value}",
            after.get(fact)
        ));
    }
    for f in &catalogue.facts {
        if f.id != fact && after.get(&f.id) != before.get(&f.id) {
            return Err(format!("editing `{fact}` changed `{}`", f.id));
        }
    }
    if after.name != before.name || after.description != before.description {
        return Err(format!(
            "editing `{fact}` changed the profile's name or description"
        ));
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{profile, tiny};

    fn answer(text: &str, fact: &str, value: Value) -> String {
        let c = tiny();
        let before = profile(&c, text);
        let out = set_answer(text, c.fact(fact).unwrap(), &value).unwrap();
        verify("p.yaml", &out, &c, &before, fact, &value).unwrap_or_else(|e| panic!("{e}\n{out}"));
        out
    }

    #[test]
    fn an_answer_replaces_only_its_value() {
        let text = "# Our team\nteam:\n  size: ~        # how many?\n  # the rest later\n  experience: none\n";
        assert_eq!(
            answer(text, "team.size", Value::Int(12)),
            "# Our team\nteam:\n  size: 12        # how many?\n  # the rest later\n  experience: none\n"
        );
    }

    #[test]
    fn a_new_key_joins_its_group_and_a_new_group_goes_last() {
        let text = "team:\n  size: 3   # people\n\norg: {name: Shop}\n";
        let out = answer(text, "team.experience", Value::Word("expert".into()));
        assert!(
            out.starts_with("team:\n  size: 3   # people\n  experience: expert\n"),
            "{out}"
        );
        let out = answer(&out, "net.bgp", Value::Bool(false));
        assert!(
            out.ends_with("org: {name: Shop}\nnet:\n  bgp: false\n"),
            "{out}"
        );
    }

    #[test]
    fn a_comment_after_a_value_on_the_next_line_stays() {
        let text = "team:\n  size: # c3\n    ~ # c4\n  experience: none\n";
        assert_eq!(
            answer(text, "team.size", Value::Int(5)),
            "team:\n  size: # c3\n    5 # c4\n  experience: none\n"
        );
        let out = answer(
            "team:\n  size: \"3\"  # quoted\n",
            "team.size",
            Value::Int(4),
        );
        assert_eq!(out, "team:\n  size: 4  # quoted\n");
    }

    #[test]
    fn words_yaml_would_misread_are_quoted() {
        let out = answer("org:\n  name: ~\n", "org.name", Value::Text("no".into()));
        assert_eq!(out, "org:\n  name: 'no'\n");
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let out = answer(
            "team:\r\n  size: ~\r\n  experience: none\r\n",
            "team.size",
            Value::Int(4),
        );
        assert_eq!(out, "team:\r\n  size: 4\r\n  experience: none\r\n");
    }

    #[test]
    fn sets_are_written_as_lists() {
        let out = answer(
            "team:\n  skills: []\n",
            "team.skills",
            Value::Set(["flux".to_string()].into()),
        );
        assert_eq!(
            profile(&tiny(), &out).get("team.skills"),
            Some(&Value::Set(["flux".to_string()].into()))
        );
    }
}
