//! `cablegram parse FILE... [--year YYYY] [--json]`: parses inputs without
//! touching the library and prints what was understood, one cable at a time
//! as the inputs are read (a CSV is streamed row by row).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;

use super::{is_broken_pipe, terminal_safe, Status};
use crate::cable::{parse_with, Cable, ParseOptions};
use crate::library::import::parse_for_import;
use crate::source::{self, Input, Location, RawCable, SourceError};

/// The long help of `cablegram parse --help`.
pub const LONG_ABOUT: &str = "Parses cable files without touching the library and prints what was \
understood.

A FILE may be a plain-text cable, a release HTML page, a Markdown-ish copy, a partial cable \
(a header fragment, a REF block), or a release cables.csv (also .csv.gz), read row by row with \
its release metadata; `-` reads standard input.

Without --json, a summary per cable. With --json, one JSON object per cable; with several \
cables, JSON Lines (one object per line). A bad input or CSV row is reported on stderr and the \
others are still parsed; the exit code is then 1.";

#[derive(Debug, Clone, clap::Args)]
pub struct ParseArgs {
    /// Cable files, release cables.csv(.gz) files, or `-` for standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Year to assume for references and dates when the input has none (no DTG, no date, no ID)
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<u16>,

    /// Print one JSON object per cable (JSON Lines when there are several)
    #[arg(long)]
    pub json: bool,
}

/// `--year` takes a four-digit year: a two-digit one would be ambiguous.
pub(crate) fn parse_year(s: &str) -> Result<u16, String> {
    let s = s.trim();
    match s.parse::<u16>() {
        Ok(year) if s.len() == 4 && (1900..=2099).contains(&year) => Ok(year),
        _ => Err(format!(
            "{s:?} is not a four-digit year between 1900 and 2099 (for example 2007)"
        )),
    }
}

/// Runs `parse` on the process's standard output and error.
pub fn run_stdio(args: &ParseArgs) -> anyhow::Result<Status> {
    let stdout = io::stdout();
    // On a terminal each cable shows up as soon as it is parsed; into a pipe
    // the output is written in large blocks.
    let interactive = stdout.is_terminal();
    let mut out = io::BufWriter::with_capacity(128 << 10, stdout.lock());
    let mut err = io::stderr().lock();
    run(args, &mut out, &mut err, interactive)
}

/// Parses every input of `args` and writes the result to `out`, errors (one
/// line each, `error: <file>: <row>: <what>`) to `err`. A bad input does not
/// stop the others. When `out` is closed by its reader the run stops
/// quietly with the status so far. An `Err` is an internal error.
pub fn run(
    args: &ParseArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    flush_each: bool,
) -> anyhow::Result<Status> {
    let mut status = Status::Success;
    for arg in &args.files {
        let input = Input::from_arg(arg);
        let cables = match source::open(&input) {
            Ok(cables) => cables,
            Err(e) => {
                status = Status::InputErrors;
                if report(out, err, &e).is_err() {
                    return Ok(status);
                }
                continue;
            }
        };
        for item in cables {
            let written = match item {
                Ok(raw) => {
                    let opts = ParseOptions {
                        year: args.year,
                        metadata: raw.metadata.clone(),
                    };
                    let cable = parse_with(&raw.text, &opts);
                    let note = name_note(&raw, &cable, args.year);
                    write_cable(out, &raw.origin, &cable, args.json, note.as_deref())
                        .and_then(|()| match (&note, args.json) {
                            // The JSON reports the text alone (docs/cli.md);
                            // the hint goes to stderr, after the object.
                            (Some(note), true) => {
                                out.flush()?;
                                let origin = terminal_safe(&raw.origin.to_string()).into_owned();
                                let _ = writeln!(err, "note: {origin}: {note}");
                                Ok(())
                            }
                            _ => Ok(()),
                        })
                        .and_then(|()| if flush_each { out.flush() } else { Ok(()) })
                }
                Err(e) => {
                    status = Status::InputErrors;
                    report(out, err, &e)
                }
            };
            match written {
                Ok(()) => {}
                Err(e) if is_broken_pipe(&e) => return Ok(status),
                Err(e) => return Err(e).context("cannot write the output"),
            }
        }
    }
    match out.flush() {
        Ok(()) => Ok(status),
        Err(e) if is_broken_pipe(&e) => Ok(status),
        Err(e) => Err(e).context("cannot write the output"),
    }
}

/// One error line on `err`, after flushing `out` so that on a terminal the
/// message appears after the cables before it. A failure to write to stderr
/// is ignored (there is nowhere left to report it); a failure to flush `out`
/// is returned.
fn report(out: &mut dyn Write, err: &mut dyn Write, e: &SourceError) -> io::Result<()> {
    out.flush()?;
    let _ = writeln!(err, "error: {}", terminal_safe(&e.to_string()));
    Ok(())
}

/// For a cable whose text gives no ID: the ID its file name gives it in an
/// import (`09BERLIN1296.txt`), as a hint. The import's own rule decides
/// ([`parse_for_import`]); `parse` itself reports the text alone.
fn name_note(raw: &RawCable, cable: &Cable, year: Option<u16>) -> Option<String> {
    if cable.id.is_some() {
        return None;
    }
    let id = parse_for_import(raw, None).id?;
    Some(match year {
        None => format!("import would file it as {id}; --year YYYY sets the year"),
        Some(_) => format!("import would file it as {id}"),
    })
}

fn write_cable(
    out: &mut dyn Write,
    origin: &Location,
    cable: &Cable,
    json: bool,
    note: Option<&str>,
) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, cable).map_err(io::Error::from)?;
        out.write_all(b"\n")
    } else {
        write_summary(out, origin, cable, note)
    }
}

const NONE: &str = "-";

/// The readable summary of one cable: the facts a reader checks first,
/// and the hint of [`name_note`] under the ID it is about.
fn write_summary(
    out: &mut dyn Write,
    origin: &Location,
    cable: &Cable,
    note: Option<&str>,
) -> io::Result<()> {
    let id = cable.id.as_deref().unwrap_or("(no ID)");
    writeln!(
        out,
        "{}  [{}]",
        terminal_safe(id),
        terminal_safe(&origin.to_string())
    )?;
    if let Some(note) = note {
        field(out, "note", note)?;
    }
    let created = cable.created.map(|t| t.to_string());
    let classification = cable.classification.map(|c| c.as_str());
    let fields: [(&str, Option<&str>); 4] = [
        ("created", created.as_deref()),
        ("classification", classification),
        ("origin", cable.origin.as_deref()),
        ("subject", cable.subject.as_deref()),
    ];
    for (name, value) in fields {
        field(out, name, value.unwrap_or(NONE))?;
    }
    let tags = cable.tags.join(" ");
    field(out, "tags", if tags.is_empty() { NONE } else { &tags })?;
    if cable.references.is_empty() {
        field(out, "references", NONE)?;
    }
    for (i, r) in cable.references.iter().enumerate() {
        let label = r
            .label
            .as_deref()
            .map(|l| format!("{l}. "))
            .unwrap_or_default();
        let id = r.id.as_deref().unwrap_or("(no ID)");
        let line = format!("{label}{} -> {id}", r.text);
        field(out, if i == 0 { "references" } else { "" }, &line)?;
    }
    field(out, "paragraphs", &cable.paragraphs.len().to_string())?;
    let signers = cable.signers.join(", ");
    field(
        out,
        "signers",
        if signers.is_empty() { NONE } else { &signers },
    )?;
    writeln!(out)
}

fn field(out: &mut dyn Write, name: &str, value: &str) -> io::Result<()> {
    writeln!(out, "  {name:<15} {}", terminal_safe(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Classification, Reference, Timestamp};

    #[test]
    fn year_must_have_four_digits() {
        assert_eq!(parse_year("2007"), Ok(2007));
        assert!(parse_year("07").is_err());
        assert!(parse_year("20071").is_err());
        assert!(parse_year("1850").is_err());
        assert!(parse_year("soon").is_err());
    }

    #[test]
    fn summary_lists_the_main_facts() {
        let cable = Cable {
            id: Some("07FICTIONIA115".into()),
            created: Timestamp::new(2007, 3, 20, 10, 45),
            classification: Some(Classification::SecretNoforn),
            subject: Some("TURNIP\x1b[2J TALKS".into()),
            tags: vec!["PREL".into(), "XF".into()],
            references: vec![
                Reference {
                    label: Some("A".into()),
                    text: "FICTIONIA 101".into(),
                    id: Some("07FICTIONIA101".into()),
                },
                Reference {
                    label: Some("B".into()),
                    text: "EMAIL OF 03/14/07".into(),
                    id: None,
                },
            ],
            signers: vec!["EXAMPLE".into()],
            ..Cable::default()
        };
        let origin = Location {
            path: "b.txt".into(),
            row: None,
            line: 1,
        };
        let mut out = Vec::new();
        write_summary(&mut out, &origin, &cable, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "07FICTIONIA115  [b.txt]\n\
             \x20 created         2007-03-20T10:45:00Z\n\
             \x20 classification  SECRET//NOFORN\n\
             \x20 origin          -\n\
             \x20 subject         TURNIP\u{FFFD}[2J TALKS\n\
             \x20 tags            PREL XF\n\
             \x20 references      A. FICTIONIA 101 -> 07FICTIONIA101\n\
             \x20                 B. EMAIL OF 03/14/07 -> (no ID)\n\
             \x20 paragraphs      0\n\
             \x20 signers         EXAMPLE\n\n"
        );
    }

    #[test]
    fn a_closed_output_ends_the_run_quietly() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "SUBJECT: TURNIPS\n").unwrap();
        let args = ParseArgs {
            files: vec![file.clone(), file],
            year: None,
            json: true,
        };
        let mut err = Vec::new();
        let status = run(&args, &mut Closed, &mut err, true).unwrap();
        assert_eq!(status, Status::Success);
        assert!(err.is_empty());
    }
}
