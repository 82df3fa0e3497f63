//! The one integration-test binary: every test runs the real `kubecompass` on real files.

mod support;

/// Architecture Decision Records written into a repository, re-run, superseded and kept.
mod adr;
/// The shipped catalogue: minimum content, traceability, and every rule reached by a profile.
mod catalogue;
/// Each command through the binary: output, exit codes, files written.
mod commands;
/// Completions, manual pages, JSON Schemas checked by a real validator, colour, version.
mod conventions;
/// Every shipped example evaluates, renders and matches its reviewed snapshot.
mod examples;
/// The hostile-input corpus of tests/fixtures/hostile: exact messages, bounds, nothing written.
mod hostile;
/// The records as Debian's adr-tools, adr-viewer and adr-log read them.
mod interop;
/// The interview through a pseudo-terminal and through --answer.
mod interview;
/// The Markdown reports: length, markdownlint, Mermaid diagrams rendered by mermaid-cli, the
/// terminal view, and hostile catalogue text kept in its place.
mod report;
/// The sources' "use X unless Y" rules: stating Y yields X, unless a need of X fails.
mod seed_rules;
/// Thousands of generated profiles, each evaluated in process: every one gets coherent advice.
mod sweep;
/// What the advice says for variations of the webshop profile.
mod webshop;
