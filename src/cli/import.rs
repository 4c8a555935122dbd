//! `cablegram import PATH... [--year YYYY] [--rebuild] [--json]`: adds
//! cables to the library. A progress bar on stderr when it is a terminal;
//! the report on stdout; one `error: …` sentence on stderr per rejected
//! input.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::parse::parse_year;
use super::{is_broken_pipe, terminal_safe, EXIT_INTERNAL_ERROR, EXIT_USER_ERROR};
use crate::library::{
    self, ImportEvent, ImportOptions, ImportOutcome, ImportReport, LibraryError, Progress,
};
use crate::source::Input;
use crate::text::thousands;

/// Exit code after Ctrl-C: what a shell reports for a process ended by
/// SIGINT (128 + 2), so that scripts tell an interruption from an error.
pub const EXIT_INTERRUPTED: u8 = 130;

/// The long help of `cablegram import --help`.
pub const LONG_ABOUT: &str = "Adds cables to the library.

A PATH may be a cable file (plain text, a release HTML page, a Markdown-ish copy), a directory \
(walked recursively in name order, following symbolic links; hidden files and directories \
are skipped; a link back up the tree, a dangling link or an unreadable directory is rejected \
by name and the rest is read), a release cables.csv (also cables.csv.gz), or `-` for standard input. A file named after its cable \
(09BERLIN1296.txt) supplies the ID when the text has no year; --year supplies the year when \
neither does.

The report (read, added, updated, duplicates, rejected with file, row and reason) goes to stdout, \
as one JSON object with --json. Each rejected input or row also gets one sentence on stderr, and \
the exit code is then 1; the other inputs are still imported.

Importing the same input again changes nothing: the cables are counted as duplicates. When a \
cable arrives in another copy, the release CSV row beats the release page, which beats any \
other copy; between different copies of the same kind the later import wins (within one import, \
the first copy met).

Ctrl-C stops reading and keeps what was imported so far (exit code 130); run the same command \
again to finish. Only one import runs at a time.";

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Cable files, directories, release cables.csv(.gz) files, or `-` for standard input
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Year to assume for a cable whose text has no year and whose file name is no cable ID
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<u16>,

    /// Drop the index first (after a schema change); bookmarks and session are kept
    #[arg(long)]
    pub rebuild: bool,

    /// Print the report as one JSON object
    #[arg(long)]
    pub json: bool,
}

/// Runs `import` on the process's standard streams, with Ctrl-C handling:
/// the first Ctrl-C stops the import cleanly, a second one ends the
/// process at once (the library keeps its last commit either way).
pub fn run_stdio(library: Option<&Path>, args: &ImportArgs) -> ExitCode {
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupt);
    // Without a handler (one is already set), Ctrl-C simply kills the
    // process, which leaves the library at its last commit.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let show_progress = err.is_terminal();
    let code = run(library, args, &mut out, &mut err, show_progress, &interrupt);
    match out.flush() {
        Err(e) if !is_broken_pipe(&e) => {
            let _ = writeln!(err, "error: cannot write the report: {e}");
            ExitCode::from(EXIT_INTERNAL_ERROR)
        }
        _ => ExitCode::from(code),
    }
}

/// Runs the import and writes the report to `out`, notes and errors to
/// `err`; returns the exit code.
pub fn run(
    library: Option<&Path>,
    args: &ImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    show_progress: bool,
    interrupt: &Arc<AtomicBool>,
) -> u8 {
    let dir = match library::locate(library) {
        Ok(dir) => dir,
        Err(e) => return library_error(err, &e),
    };
    let inputs: Vec<Input> = args.paths.iter().map(Input::from_arg).collect();
    let opts = ImportOptions {
        year: args.year,
        rebuild: args.rebuild,
        commit_every: ImportOptions::commit_every_from_env(),
    };
    let bar = show_progress.then(progress_bar);
    let started = Instant::now();
    let mut on_event = |event: ImportEvent<'_>| match event {
        ImportEvent::Progress(p) => {
            if let Some(bar) = &bar {
                show(bar, &p, started.elapsed());
            }
        }
        ImportEvent::Rejected(r) => {
            let line = format!("error: {}", terminal_safe(&r.to_string()));
            say(bar.as_ref(), err, &line);
        }
        ImportEvent::SamplesRemoved => say(
            bar.as_ref(),
            err,
            "note: the bundled sample cables were removed; the library now holds what you import",
        ),
    };
    let result = library::import(&dir, &inputs, &opts, &mut on_event, interrupt);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => return library_error(err, &e),
    };
    let written = if args.json {
        serde_json::to_writer(&mut *out, &outcome.report)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        write_report(out, &outcome, &dir)
    };
    if let Err(e) = written {
        if !is_broken_pipe(&e) {
            let _ = writeln!(err, "error: cannot write the report: {e}");
            return EXIT_INTERNAL_ERROR;
        }
    }
    if outcome.interrupted {
        let _ = out.flush();
        let _ = writeln!(
            err,
            "interrupted: the {} cables imported so far are kept; run the same command again to finish (cables already in the library count as duplicates)",
            thousands(outcome.report.added + outcome.report.updated)
        );
        return EXIT_INTERRUPTED;
    }
    if outcome.report.rejected.is_empty() {
        0
    } else {
        EXIT_USER_ERROR
    }
}

/// A library that cannot be opened or written: one sentence, exit code 1
/// (2 when tantivy itself failed).
fn library_error(err: &mut dyn Write, e: &LibraryError) -> u8 {
    let _ = writeln!(err, "error: {}", terminal_safe(&e.to_string()));
    match e {
        LibraryError::Index { .. } => EXIT_INTERNAL_ERROR,
        _ => EXIT_USER_ERROR,
    }
}

/// A line on stderr, above the progress bar when there is one.
fn say(bar: Option<&ProgressBar>, err: &mut dyn Write, line: &str) {
    match bar {
        Some(bar) => bar.suspend(|| {
            let _ = writeln!(err, "{line}");
        }),
        None => {
            let _ = writeln!(err, "{line}");
        }
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Updates the bar: bytes of the total (bar, rate, ETA) when the total is
/// known, a spinner with the bytes read when it is not; cables and cables
/// per second in the message.
fn show(bar: &ProgressBar, p: &Progress, elapsed: Duration) {
    match p.bytes_total {
        Some(total) if bar.length() != Some(total) => {
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{wide_bar}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_length(total);
        }
        None if bar.length().is_some() => {}
        None => bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {elapsed_precise} {binary_bytes} {binary_bytes_per_sec} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
        Some(_) => {}
    }
    bar.set_position(p.bytes_read);
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        (p.cables as f64 / secs) as u64
    } else {
        0
    };
    let mut msg = format!("{} cables {}/s", thousands(p.cables), thousands(rate));
    if p.committing {
        msg.push_str(" (committing)");
    }
    bar.set_message(msg);
}

/// The readable report.
pub fn write_report(out: &mut dyn Write, outcome: &ImportOutcome, dir: &Path) -> io::Result<()> {
    let r: &ImportReport = &outcome.report;
    writeln!(out, "read        {}", thousands(r.read))?;
    writeln!(out, "added       {}", thousands(r.added))?;
    writeln!(out, "updated     {}", thousands(r.updated))?;
    writeln!(out, "duplicates  {}", thousands(r.duplicates))?;
    writeln!(out, "rejected    {}", thousands(r.rejected.len() as u64))?;
    for rejected in &r.rejected {
        writeln!(out, "  {}", terminal_safe(&rejected.to_string()))?;
    }
    writeln!(
        out,
        "library     {} cables in {}",
        thousands(outcome.cables),
        terminal_safe(&dir.display().to_string())
    )?;
    if r.added == 0 && r.updated == 0 && r.duplicates > 0 && !outcome.interrupted {
        writeln!(
            out,
            "nothing changed: the library already held every cable read"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Rejected;

    fn outcome(report: ImportReport) -> ImportOutcome {
        ImportOutcome {
            report,
            interrupted: false,
            samples_removed: false,
            cables: 1030,
        }
    }

    fn text(outcome: &ImportOutcome) -> String {
        let mut out = Vec::new();
        write_report(&mut out, outcome, Path::new("/lib")).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_report_lists_counts_and_each_rejection() {
        let report = ImportReport {
            read: 1032,
            added: 1030,
            updated: 0,
            duplicates: 0,
            rejected: vec![
                Rejected {
                    path: "bad/junk.bin".into(),
                    row: None,
                    reason: "the file is binary, not text (it contains NUL bytes)".into(),
                },
                Rejected {
                    path: "bad\x1b[2J.csv".into(),
                    row: Some(2),
                    reason: "the file ends in the middle of this row; it is truncated".into(),
                },
            ],
        };
        assert_eq!(
            text(&outcome(report)),
            "read        1,032\n\
             added       1,030\n\
             updated     0\n\
             duplicates  0\n\
             rejected    2\n\
             \x20 bad/junk.bin: the file is binary, not text (it contains NUL bytes)\n\
             \x20 bad\u{FFFD}[2J.csv: row 2: the file ends in the middle of this row; it is truncated\n\
             library     1,030 cables in /lib\n"
        );
    }

    #[test]
    fn a_second_run_says_nothing_changed() {
        let report = ImportReport {
            read: 5,
            duplicates: 5,
            ..ImportReport::default()
        };
        assert!(text(&outcome(report))
            .ends_with("nothing changed: the library already held every cable read\n"));
        let report = ImportReport {
            read: 5,
            added: 1,
            duplicates: 4,
            ..ImportReport::default()
        };
        assert!(!text(&outcome(report)).contains("nothing changed"));
    }
}
