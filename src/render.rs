//! Markdown output through minijinja templates. Nothing else in the crate imports minijinja.
//!
//! Templates are embedded in the binary; `--templates DIR` overrides them file by file (a file
//! in DIR with a template's name is used instead of the shipped one). Undefined variables are
//! errors, so a misspelt field fails loudly instead of rendering as nothing.

mod lazy;
mod value;

use crate::catalogue::citation::citations;
use crate::embedded::TEMPLATES;
use crate::files::read_text;
use crate::problem::{Code, Place, Problem};
use minijinja::value::{Value as JinjaValue, ValueKind};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Fuel an override template gets before any data: the shipped report uses about 65 000 on a
/// full profile, so this is generous for any honest template and still stops a runaway loop
/// within a second or so and about 64 MB (minijinja charges one fuel per 64 bytes it creates).
const FUEL_BASE: u64 = 1_000_000;
/// Extra fuel per byte of the context (as JSON), so big catalogues can still be rendered.
const FUEL_PER_CONTEXT_BYTE: u64 = 2;

/// What the report templates (`report.md.j2`, `report-full.md.j2`) see: the advice, and the
/// profile's path as the user gave it, so the report can name the commands that show more.
#[derive(Debug, Serialize)]
pub struct Report<'a, 'c> {
    #[serde(flatten)]
    pub advice: &'a crate::advice::Advice<'c>,
    pub profile_path: String,
}

/// The template environment: shipped templates, optional overrides, our filters.
pub struct Renderer {
    env: RefCell<Environment<'static>>,
    overrides: Option<PathBuf>,
    read: Arc<Mutex<Read>>,
}

impl Renderer {
    /// `overrides` must be an existing directory.
    pub fn new(overrides: Option<&Path>) -> Result<Renderer, Problem> {
        if let Some(dir) = overrides
            && !dir.is_dir()
        {
            return Err(Problem::new(
                Place::file(dir.display().to_string()),
                Code::Unreadable,
                "template directory does not exist",
            )
            .with_help("pass a directory holding the templates to override, e.g. `report.md.j2`"));
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("static syntax configuration is valid"),
        );
        let dir = overrides.map(Path::to_path_buf);
        let user = dir.clone();
        let read = Arc::new(Mutex::new(Read::default()));
        let record = Arc::clone(&read);
        env.set_loader(move |name| {
            if let Some(dir) = &user
                && let Some(text) = read_override(dir, name, &record)?
            {
                return Ok(Some(minijinja::TemplateSource::from(text)));
            }
            Ok(builtin(name).map(|s| minijinja::TemplateSource::from(s.to_string())))
        });
        env.add_filter("show", show);
        env.add_filter("text", text);
        env.add_filter("cell", cell);
        env.add_filter("href", href);
        env.add_filter("link_text", link_text);
        env.add_filter("link", link);
        env.add_filter("code", code);
        env.add_filter("flatten", flatten);
        env.add_filter("node", node);
        env.add_filter("label", label);
        env.add_filter("saw", saw);
        env.add_filter("lookup", lookup);
        env.add_filter("cite", cite);
        Ok(Renderer {
            env: RefCell::new(env),
            overrides: dir,
            read,
        })
    }

    /// The override files the renders so far have read: inputs an output must not replace.
    pub fn overrides_read(&self) -> Vec<PathBuf> {
        self.read
            .lock()
            .map(|r| r.files.clone())
            .unwrap_or_default()
    }

    /// Renders template `name` with `context` as its only variable set. With overrides, the
    /// render runs on a fuel budget sized to the context: a user's template is input like any
    /// other, and a loop of a billion steps must end in an error, not a hang.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Problem> {
        let value = value::to_value(context).map_err(|e| self.problem(name, &e))?;
        self.render_value(name, context, value)
    }

    /// Renders the report (`report.md.j2` or `report-full.md.j2`): the advice is converted
    /// only where the template reads it (see the `lazy` module).
    pub fn render_report(
        &self,
        name: &str,
        report: &'static Report<'static, 'static>,
    ) -> Result<String, Problem> {
        let value = lazy::ReportContext::of(report);
        self.render_value(name, report, value)
    }

    /// [`Renderer::render_report`] written to `out` as it is rendered, so that a large report
    /// is never held whole. `Err` is the template's problem; `Ok(Err(_))`, `out`'s failure.
    pub fn write_report(
        &self,
        name: &str,
        report: &'static Report<'static, 'static>,
        out: &mut dyn std::io::Write,
    ) -> Result<std::io::Result<()>, Problem> {
        self.budget(report);
        let env = self.env.borrow();
        let template = env.get_template(name).map_err(|e| self.problem(name, &e))?;
        let mut out = Recorded { out, failed: None };
        match template.render_captured_to(lazy::ReportContext::of(report), &mut out) {
            Ok(_) => Ok(Ok(())),
            Err(e) => match out.failed {
                Some(failed) => Ok(Err(failed)),
                None => Err(self.problem(name, &e)),
            },
        }
    }

    fn render_value(
        &self,
        name: &str,
        context: &impl Serialize,
        value: JinjaValue,
    ) -> Result<String, Problem> {
        self.budget(context);
        let env = self.env.borrow();
        let template = env.get_template(name).map_err(|e| self.problem(name, &e))?;
        template.render(value).map_err(|e| self.problem(name, &e))
    }

    /// With overrides, the fuel the render of `context` may burn.
    fn budget(&self, context: &impl Serialize) {
        if self.overrides.is_some() {
            let size = json_size(context);
            let fuel = FUEL_BASE.saturating_add(size.saturating_mul(FUEL_PER_CONTEXT_BYTE));
            self.env.borrow_mut().set_fuel(Some(fuel));
        }
    }

    fn problem(&self, name: &str, e: &minijinja::Error) -> Problem {
        // An override that could not be read carries its own, located problem.
        if let Some(p) = self.read.lock().ok().and_then(|mut r| r.failed.take()) {
            return p;
        }
        // The error may sit in an included template rather than the one asked for.
        let failing = e.name().unwrap_or(name);
        let file = match &self.overrides {
            Some(dir) if dir.join(failing).is_file() => dir.join(failing).display().to_string(),
            _ => format!("templates/{failing}"),
        };
        let place = Place::at(file, e.line().unwrap_or(0) as u64, 0);
        if e.kind() == minijinja::ErrorKind::OutOfFuel {
            return Problem::new(place, Code::LimitExceeded, "the template did more work than its budget allows")
                .with_help("a loop or recursion in the template runs away; the budget grows with the size of the advice");
        }
        let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
        Problem::new(place, Code::Template, format!("{}{detail}", e.kind()))
            .with_help("fix the template, or remove the override to use the shipped one")
    }
}

/// A writer that keeps its first failure, to tell it apart from the template's.
struct Recorded<'w> {
    out: &'w mut dyn std::io::Write,
    failed: Option<std::io::Error>,
}

impl std::io::Write for Recorded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.failed
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// What the loader did with override files: the ones it read, and the first it could not.
#[derive(Default)]
struct Read {
    files: Vec<PathBuf>,
    failed: Option<Problem>,
}

/// The text of override template `name` in `dir`, or `None` to use the shipped one. The file
/// is read like a profile (a regular file, bounded in size, UTF-8), so a link to `/dev/zero` or a
/// named pipe is refused rather than read without end. A name with a segment starting with `.`
/// or holding a backslash could leave `dir`, so it is never looked up there (as in minijinja's
/// own path loader).
fn read_override(
    dir: &Path,
    name: &str,
    read: &Mutex<Read>,
) -> Result<Option<String>, minijinja::Error> {
    let mut path = dir.to_path_buf();
    for segment in name.split('/') {
        if segment.is_empty() || segment.starts_with('.') || segment.contains('\\') {
            return Ok(None);
        }
        path.push(segment);
    }
    // A dangling link is an override that cannot be read, not a missing one.
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let mut read = read.lock().map_err(|_| {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "loader poisoned")
    })?;
    match read_text(&path) {
        Ok(text) => {
            read.files.push(path);
            Ok(Some(text))
        }
        Err(problem) => {
            let message = problem.to_string();
            read.failed.get_or_insert(problem);
            Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                message,
            ))
        }
    }
}

/// A shipped template by name.
pub fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The names of the shipped templates.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    TEMPLATES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.ends_with(".j2"))
}

/// A fact value as written in a profile; nothing at all reads as "unanswered". Text (the
/// profile's own words) is escaped as [`text`], since it lands in prose.
fn show(value: JinjaValue) -> String {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => "unanswered".into(),
        ValueKind::String => text(value.to_string()),
        ValueKind::Bool => value.is_true().to_string(),
        ValueKind::Seq => {
            let items: Vec<String> = value
                .try_iter()
                .map(|it| it.map(show).collect())
                .unwrap_or_default();
            format!("[{}]", items.join(", "))
        }
        _ => value.to_string(),
    }
}

/// What a list of condition checks read: "saw `team.size` = 10, `team.consultant` = unanswered".
fn saw(checks: JinjaValue) -> Result<String, minijinja::Error> {
    let mut parts = Vec::new();
    for check in checks.try_iter()? {
        parts.push(format!(
            "`{}` = {}",
            check.get_attr("reads")?,
            show(check.get_attr("seen")?)
        ));
    }
    Ok(if parts.is_empty() {
        String::new()
    } else {
        format!("saw {}", parts.join(", "))
    })
}

/// The item of `list` whose `id` is `id`: how templates follow an id the advice holds (a
/// conflict's requirements, an option's tools) to the item it names. A missing id is an error,
/// not an empty cell.
fn lookup(id: String, list: JinjaValue) -> Result<JinjaValue, minijinja::Error> {
    for item in list.try_iter()? {
        if item.get_attr("id")?.as_str() == Some(id.as_str()) {
            return Ok(item);
        }
    }
    Err(minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("no item with id `{id}` in the list"),
    ))
}

/// A `source` text as Markdown: each citation a link to the public document it names, the
/// section as the link text (escaped as [`text`], so the result is safe in prose and in a table
/// cell alike). Reads the registry from the template's `sources` variable; a
/// citation of a source without a location stays text.
fn cite(state: &minijinja::State<'_, '_>, source: String) -> Result<String, minijinja::Error> {
    let sources = state.lookup("sources").ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "`cite` needs the `sources` registry in the template's context",
        )
    })?;
    let mut out = Vec::new();
    for citation in citations(&source) {
        let c = match citation {
            Ok(c) => c,
            Err(part) => {
                out.push(part.to_string());
                continue;
            }
        };
        let url = sources
            .try_iter()?
            .find(|s| s.get_attr("id").is_ok_and(|v| v.as_str() == Some(c.source)))
            .and_then(|s| s.get_attr("url").ok())
            .filter(|url| !url.is_none() && !url.is_undefined());
        let shown = text(format!("{} {}", c.source, c.locator));
        out.push(
            match url.as_ref().and_then(|u| u.as_str()).and_then(safe_url) {
                Some(url) => format!("[{shown}]({url})"),
                None => shown,
            },
        );
    }
    Ok(out.join("; "))
}

/// Catalogue or profile text made safe for one line of Markdown prose or a heading: line
/// breaks become spaces (so no blank line can start a heading or a block of its own), `<`
/// becomes `&lt;` (so no raw HTML reaches the reader), brackets are escaped (so no text turns
/// into a link), and a character that would open a block at the start of a line is escaped.
/// Backticks and emphasis stay: inline code and bold in a sentence harm nothing.
fn text(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            // Harmless in prose (it shows as `|`), and keeps a table row's columns.
            '|' => out.push_str("\\|"),
            // Line breaks and tabs among them.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    let trimmed = out.trim_start();
    let mut chars = trimmed.chars();
    let (first, second) = (chars.next(), chars.next());
    let bullet = matches!(first, Some('-' | '+' | '*'))
        && (second.is_none() || second == Some(' ') || second == first);
    if bullet || trimmed.starts_with(['#', '>', '=', '`', '~']) {
        return format!("\\{trimmed}");
    }
    // `1. ` or `1) ` would start an ordered list: escape the delimiter.
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let rest = &trimmed[digits..];
    if digits > 0 && rest.starts_with(['.', ')']) && (rest.len() == 1 || rest[1..].starts_with(' '))
    {
        return format!("{}\\{rest}", &trimmed[..digits]);
    }
    trimmed.to_string()
}

/// A file name as a relative link target: every byte but ASCII letters, digits and `.-_~`
/// percent-encoded, so no space, bracket or `)` in a name someone gave a file ends the target
/// early, and a `:` cannot make it a scheme (`javascript:`). Names kubecompass gives its own
/// files (`0007-pod-network-cni-cilium.md`) are unchanged.
fn href(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Markdown text read from a file (a record's title or status) made safe as a link's text:
/// brackets not yet escaped are escaped, so the text cannot close the link or open one of its
/// own, `<` becomes `&lt;` and line breaks become spaces. What is escaped already (`\[` in a
/// title kubecompass wrote) stays as it is, so nothing is escaped twice.
fn link_text(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                match chars.next() {
                    Some(n) if n.is_control() => out.push(' '),
                    Some('<') => out.push_str("&lt;"),
                    Some(n) => out.push(n),
                    None => {}
                }
            }
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text made safe for one Markdown table cell: [`text`] escapes `|` already, so a template
/// says which context it means and both stay safe.
fn cell(value: String) -> String {
    text(value)
}

/// The items of a list of lists, in order: how a template gathers, say, the pending answers
/// of every decision in one pass (adding lists in a loop would copy them each time).
fn flatten(lists: JinjaValue) -> Result<JinjaValue, minijinja::Error> {
    let mut out = Vec::new();
    for list in lists.try_iter()? {
        out.extend(list.try_iter()?);
    }
    Ok(JinjaValue::from(out))
}

/// Text for inside a code span (a condition, a fact id): one line, no backtick to end the span
/// early, `|` escaped for a table cell (GitHub removes the backslash there). Nothing else is
/// escaped: a code span shows its text as it is, and HTML inside one is never HTML.
fn code(value: String) -> String {
    value
        .chars()
        .map(|c| match c {
            '`' => "'".to_string(),
            '|' => "\\|".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A Markdown link `[label](url)`, or the label alone when the target is not one a reader may
/// follow: only `http://`, `https://` and relative targets link; `javascript:`, `data:` and every
/// other scheme stay text. The label is escaped as [`text`].
fn link(label: String, url: JinjaValue) -> String {
    let label = text(label);
    match url.as_str().and_then(safe_url) {
        Some(url) => format!("[{label}]({url})"),
        None => label,
    }
}

/// `url` as a Markdown link target, when it is one a reader may follow: `http(s)://` or a
/// relative path (no scheme before the first `/`, `?` or `#`). Characters that would end the
/// target early are percent-encoded.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    // A scheme other than http(s) (`javascript:`, `data:`) comes before any `/`, `?` or `#`.
    let other_scheme = !web && head.contains(':');
    if url.is_empty() || other_scheme || url.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            c => out.push(c),
        }
    }
    Some(out)
}

/// An id usable as a Mermaid node name.
fn node(value: String) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Text usable inside a quoted Mermaid label: quotes, angle brackets, pipes and brackets as
/// Mermaid's entity codes (a label may hold HTML, and none of them ends it), line breaks as
/// spaces.
fn label(value: String) -> String {
    value
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('|', "#124;")
        .replace('[', "#91;")
        .replace(']', "#93;")
        .replace(['\n', '\r'], " ")
}

/// The size of `value` as JSON, counted as it is written rather than held: the advice of a
/// large catalogue is hundreds of megabytes of JSON.
fn json_size(value: &impl Serialize) -> u64 {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len() as u64;
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).map_or(0, |()| count.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_a_relative_target_that_nothing_in_it_can_end_or_turn_into_a_scheme() {
        assert_eq!(
            href("0007-pod-network-cni-cilium.md".into()),
            "0007-pod-network-cni-cilium.md"
        );
        assert_eq!(
            href("0009-a](javascript:alert(1)) <b>x.md".into()),
            "0009-a%5D%28javascript%3Aalert%281%29%29%20%3Cb%3Ex.md"
        );
        assert_eq!(href("0009-café.md".into()), "0009-caf%C3%A9.md");
    }

    #[test]
    fn link_text_escapes_brackets_and_html_once() {
        assert_eq!(
            link_text("9. a](javascript:alert(1)) [b <i>".into()),
            "9. a\\](javascript:alert(1)) \\[b &lt;i>"
        );
        // Text kubecompass escaped when it wrote the record is left as it is.
        assert_eq!(
            link_text("3. Cache: \\[x\\] &lt;script>".into()),
            "3. Cache: \\[x\\] &lt;script>"
        );
        assert_eq!(link_text("a\\\nb\tc".into()), "a\\ b c");
    }

    #[test]
    fn every_shipped_template_parses() {
        let r = Renderer::new(None).unwrap();
        for name in builtin_names() {
            r.env
                .borrow()
                .get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }

    #[test]
    fn filters_shape_values_for_markdown() {
        assert_eq!(show(JinjaValue::from(())), "unanswered");
        assert_eq!(show(JinjaValue::from(vec!["a", "b"])), "[a, b]");
        assert_eq!(show(JinjaValue::from(false)), "false");
        assert_eq!(cell("a|b\nc".into()), "a\\|b c");
        assert_eq!(
            cell("15 minutes | x\n\n# Injected heading".into()),
            "15 minutes \\| x  # Injected heading"
        );
        assert_eq!(text("# Title".into()), "\\# Title");
        assert_eq!(text("1. item".into()), "1\\. item");
        assert_eq!(text("1.5 GB".into()), "1.5 GB");
        assert_eq!(
            text("Cilium <script>alert(1)</script>".into()),
            "Cilium &lt;script>alert(1)&lt;/script>"
        );
        assert_eq!(
            text("see [x](javascript:y)".into()),
            "see \\[x\\](javascript:y)"
        );
        assert_eq!(label("a \"b\" <c>".into()), "a #quot;b#quot; #lt;c#gt;");
        assert_eq!(node("P1-Q26".into()), "P1_Q26");
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn only_web_and_relative_targets_link() {
        let to = |u: &str| link("docs".into(), JinjaValue::from(u));
        assert_eq!(
            to("https://example.org/a b"),
            "[docs](https://example.org/a%20b)"
        );
        assert_eq!(to("0001-x.md"), "[docs](0001-x.md)");
        assert_eq!(to("javascript:alert(1)"), "docs");
        assert_eq!(to("JavaScript:alert(1)"), "docs");
        assert_eq!(to("data:text/html,x"), "docs");
        assert_eq!(to(""), "docs");
        assert_eq!(link("x".into(), JinjaValue::from(())), "x");
    }
}
