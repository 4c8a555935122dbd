//! `cablegram config`: the configuration file — a commented default to
//! start from (`--print-default`), and a check of the file in use
//! (`--check`), which reports the same errors the reader would.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{ArgGroup, Args};

use crate::tui::config::{self, Config, Location};
use crate::tui::keymap::Keymap;
use crate::tui::view::theme::{Element, Theme};

use super::{is_broken_pipe, EXIT_INTERNAL_ERROR, EXIT_USER_ERROR};

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true)))]
pub struct ConfigArgs {
    /// Print a commented config.toml with every key, colour and setting at
    /// its default
    #[arg(long, group = "what")]
    pub print_default: bool,

    /// Check the configuration file in use: where it is, what it changes,
    /// or the line at fault
    #[arg(long, group = "what")]
    pub check: bool,
}

/// Runs the command on the process's stdout/stderr; `flag` is `--config`.
pub fn run_stdio(flag: Option<&Path>, args: &ConfigArgs) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr().lock();
    let code = run(flag, args, &mut out, &mut err);
    match out.flush() {
        Err(e) if !is_broken_pipe(&e) => {
            let _ = writeln!(err, "error: cannot write the output: {e}");
            ExitCode::from(EXIT_INTERNAL_ERROR)
        }
        _ => code,
    }
}

/// Runs the command: output to `out`, errors to `err`.
pub fn run(
    flag: Option<&Path>,
    args: &ConfigArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let written = if args.print_default {
        out.write_all(config::default_file().as_bytes())
    } else {
        let location = config::locate(flag);
        match config::load(flag) {
            Ok(loaded) => writeln!(out, "{}", summary(&location, &loaded)),
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return ExitCode::from(EXIT_USER_ERROR);
            }
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the output: {e}");
            ExitCode::from(EXIT_INTERNAL_ERROR)
        }
    }
}

/// One line about the configuration in use: the file and what it changes.
fn summary(location: &Location, loaded: &Config) -> String {
    let file = match location.path() {
        Some(path) if path.is_file() => format!("{}: valid", path.display()),
        Some(path) => format!("{}: no such file, the defaults apply", path.display()),
        None => "no config directory, the defaults apply".to_string(),
    };
    let defaults = Keymap::default();
    let mut rebound: Vec<(_, _)> = Vec::new();
    for b in defaults.bindings.iter().chain(&loaded.keymap.bindings) {
        let keys = |km: &Keymap| -> Vec<_> {
            km.bindings
                .iter()
                .filter(|x| x.scope == b.scope && x.action == b.action)
                .map(|x| x.key)
                .collect()
        };
        if keys(&defaults) != keys(&loaded.keymap) && !rebound.contains(&(b.scope, b.action)) {
            rebound.push((b.scope, b.action));
        }
    }
    let theme = Theme::default();
    let colours = Element::ALL
        .iter()
        .filter(|&&e| loaded.theme.color_of(e) != theme.color_of(e))
        .count();
    format!(
        "{file}; {} rebound, {} changed, mouse {}, colour {}",
        plural(rebound.len(), "action"),
        plural(colours, "colour"),
        if loaded.mouse { "on" } else { "off" },
        if loaded.theme.color {
            "on"
        } else {
            "off (NO_COLOR)"
        },
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", crate::text::thousands(n as u64))
    }
}
