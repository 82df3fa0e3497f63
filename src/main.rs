//! The `kubecompass` binary: parse arguments, run the command, turn the result into an exit code.

use clap::Parser;
use kubecompass::app::{self, Failure, Io};
use kubecompass::cli::{Cli, ColorChoice};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Exit status for invalid input and unwritable output.
const INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let terminal = stdout.is_terminal();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let result = app::run(
        &cli.global,
        &cli.command,
        &mut Io {
            out: &mut out,
            err: &mut err,
            terminal,
        },
    );
    let _ = out.flush();
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`kubecompass advise p.yaml | head`) is the reader's choice, not an error.
        Err(Failure::Output(_, std::io::ErrorKind::BrokenPipe)) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(err, "{}", app::describe(&failure, color));
            ExitCode::from(INVALID)
        }
    }
}
