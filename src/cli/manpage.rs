//! `cablegram manpage`: the manual page, generated from the clap
//! definitions (`clap_mangen`), so that it cannot drift from `--help`.
//!
//! One page holds everything: the top-level page that `clap_mangen`
//! renders (name, synopsis, description, options), then a COMMANDS
//! section with each subcommand's synopsis, description and options, so
//! that `man cablegram` alone documents the tool (clap_mangen's own
//! subcommand list would point at `cablegram-search(1)` pages that a
//! single `cablegram manpage > cablegram.1` does not install).

use std::io::{self, Write};
use std::process::ExitCode;

use super::{is_broken_pipe, EXIT_INTERNAL_ERROR};

/// The long help of `cablegram manpage --help`.
pub const LONG_ABOUT: &str = "Prints the manual page of cablegram, in roff, on standard output: \
every command with its options, and the query language of search.

Install it where man looks, for example:
  cablegram manpage > ~/.local/share/man/man1/cablegram.1
or read it at once with `cablegram manpage | man -l -`.";

/// Writes the manual page of `cmd` (the whole command line interface).
pub fn render(cmd: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    // Building names every subcommand `cablegram search` for its synopsis
    // and gives each its `--help`.
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    writeln!(page, ".SH COMMANDS")?;
    for sub in visible_subcommands(&cmd) {
        render_command(sub, &mut page)?;
    }
    man.render_version_section(&mut page)?;
    // Each piece rendered alone starts with the same two-line string
    // definition (`Aq`, the apostrophe); the page needs it once.
    let page = String::from_utf8_lossy(&page);
    let mut seen = Vec::new();
    for line in page.lines() {
        if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
            if seen.contains(&line) {
                continue;
            }
            seen.push(line);
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One subcommand (and its own subcommands) under COMMANDS: a `.SS`
/// heading with its full name, then its synopsis, description and options
/// without their `.SH` headings.
fn render_command(cmd: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    writeln!(out, ".SS \"{}\"", name.replace('"', ""))?;
    // The global options (--library, --config) are documented once, at
    // the top of the page.
    let own = cmd
        .clone()
        .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a });
    let man = clap_mangen::Man::new(own);
    let mut body = Vec::new();
    man.render_synopsis_section(&mut body)?;
    man.render_description_section(&mut body)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut body)?;
    }
    if cmd.get_after_long_help().is_some() {
        // Laid out in columns (the query language): kept line by line.
        let mut extra = Vec::new();
        man.render_extra_section(&mut extra)?;
        body.extend_from_slice(b".SH\n.nf\n");
        let extra = String::from_utf8_lossy(&extra);
        for line in extra.lines().filter(|l| !l.starts_with(".SH")) {
            body.extend_from_slice(line.as_bytes());
            body.push(b'\n');
        }
        body.extend_from_slice(b".fi\n");
    }
    let body = String::from_utf8_lossy(&body);
    for line in body.lines() {
        if line.starts_with(".SH ") || line == ".SH" {
            // The section headings of a stand-alone page; here one command
            // is a subsection, and a paragraph break takes their place.
            writeln!(out, ".PP")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    for sub in visible_subcommands(cmd) {
        render_command(sub, out)?;
    }
    Ok(())
}

fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// Prints the page on standard output; a closed pipe ends quietly.
pub fn run_stdio(cmd: clap::Command) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match render(cmd, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the manual page: {e}");
            ExitCode::from(EXIT_INTERNAL_ERROR)
        }
    }
}
