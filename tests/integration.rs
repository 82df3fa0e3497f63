//! The one integration-test binary: every test runs the real `kubecompass` on real files.

mod support;

/// Bad input of every kind: one clear message, exit 2, nothing written.
mod bad_input;
/// Each command through the binary: output, exit codes, files written.
mod commands;
/// Every shipped example evaluates, renders and matches its reviewed snapshot.
mod examples;
/// What the advice says for variations of the webshop profile.
mod webshop;
