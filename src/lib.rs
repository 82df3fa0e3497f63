//! kubecompass: traceable platform advice for teams moving onto Kubernetes.
//!
//! The pure core reads nothing and prints nothing: [`catalogue`] validates the decision
//! catalogue, [`profile`] types a team profile against it, [`engine`] evaluates the two into
//! [`advice`], and [`render`] turns advice into Markdown. Files are touched only in [`files`],
//! [`shipped`] and the command layer in [`app`];
//! [`terminal`] colours and pages Markdown for a person at a terminal.

pub mod adr;
pub mod advice;
pub mod app;
pub mod catalogue;
pub mod cli;
pub mod condition;
pub mod engine;
pub mod fact;
pub mod files;
pub mod interview;
pub mod json;
pub mod line;
pub mod manual;
pub mod problem;
pub mod profile;
pub mod render;
pub mod schema;
pub mod shipped;
pub mod terminal;
pub mod words;
pub mod yaml;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

#[cfg(test)]
mod testing;
