//! The `cablegram` binary: argument parsing and error reporting. Everything
//! else lives in the library (`cablegram::cli` for the commands).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use cablegram::cli;

/// A terminal reader for the US diplomatic cables of the Cablegate release.
#[derive(Debug, Parser)]
#[command(name = "cablegram", version)]
struct Cli {
    /// Library directory (index, bookmarks, history); `parse` does not use one
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse cable files without touching the library and print what was understood
    #[command(long_about = cli::parse::LONG_ABOUT)]
    Parse(cli::parse::ParseArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` come here too, on stdout, as success.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(cli::EXIT_USER_ERROR)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Accepted by every subcommand (docs/cli.md); the commands that open a
    // library arrive with it.
    let _library = cli.library;
    match cli.command {
        None => {
            // Until the TUI exists, `cablegram` alone shows the help.
            match Cli::command().print_help() {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(cli::EXIT_INTERNAL_ERROR),
            }
        }
        Some(Command::Parse(args)) => finish(cli::parse::run_stdio(&args)),
    }
}

/// The exit code of a command; an `Err` is an internal error.
fn finish(result: anyhow::Result<cli::Status>) -> ExitCode {
    match result {
        Ok(status) => status.exit_code(),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(cli::EXIT_INTERNAL_ERROR)
        }
    }
}
