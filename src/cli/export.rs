//! `cablegram export [QUERY] [--ids FILE] --format md|csv|jsonl|csl-json|bibtex
//! [--full] [-o FILE]`: the arguments and where the export goes; the
//! formats and the streaming are the library's (`library::export`).

use std::io;
use std::path::PathBuf;

use super::search::query_error;
use super::{CommandError, Output};
use crate::library::export::{self, ExportError, Format, QueryCables};
use crate::library::store::atomic_write_with;
use crate::library::{Library, LibraryError, ListQuery};

/// The long help of `cablegram export --help`, before the options.
pub const LONG_ABOUT: &str = "Writes a set of cables in a format for notes, spreadsheets or \
reference managers: the cables of a QUERY (the query language of `search`), those listed in \
an --ids file, or, with neither, every cable. A query's cables come newest first; an --ids \
file's in its order.

Formats: md (one citation line per cable: ID · classification · date · origin · subject; with \
--full the cleaned text under each), csv (RFC 4180, header \
id,created,classification,origin,subject,tags,references; tags and references joined by |), \
jsonl (the `show --json` object per line), csl-json (an array of CSL items for Zotero or \
pandoc), bibtex (one @misc entry per cable).

Cables are read and written one at a time, so the whole release exports in little memory. \
With -o the file is replaced only once the export is complete.";

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The query (as for `search`); none exports every cable
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,

    /// A file of cable IDs, one a line (blank lines and # comments skipped)
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub ids: Option<PathBuf>,

    /// The format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: FormatArg,

    /// With --format md: each cable's text under its citation line
    #[arg(long)]
    pub full: bool,

    /// Write to FILE (replaced whole when the export is done) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Csv,
    Jsonl,
    CslJson,
    Bibtex,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Md => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::CslJson => Format::CslJson,
            FormatArg::Bibtex => Format::Bibtex,
        }
    }
}

pub fn run(lib: &Library, args: &ExportArgs, o: &mut Output) -> Result<(), CommandError> {
    if args.full && args.format != FormatArg::Md {
        return Err(CommandError::User(
            "--full goes with --format md (the other formats carry no text)".into(),
        ));
    }
    let query = args.query.join(" ");
    let format = Format::from(args.format);
    // A bad ID list or query fails before a byte is written.
    let list = if query.trim().is_empty() {
        ListQuery::All
    } else {
        ListQuery::Search(query.clone())
    };
    match &args.ids {
        Some(path) => {
            export::check_id_file(lib, path).map_err(|e| command_error(&query, e))?;
        }
        None => {
            lib.count(&list).map_err(|e| query_error(&query, e))?;
        }
    }
    let write = |out: &mut dyn io::Write| -> Result<usize, ExportError> {
        match &args.ids {
            Some(path) => {
                let cables = export::cables_of_id_file(lib, path)?;
                export::export(lib, cables, format, args.full, out)
            }
            None => export::export(
                lib,
                QueryCables::new(lib, list.clone()),
                format,
                args.full,
                out,
            ),
        }
    };
    match &args.output {
        None => {
            write(&mut *o.out).map_err(|e| command_error(&query, e))?;
        }
        Some(path) => {
            // The export's own error, kept while the atomic write removes
            // its temporary file and leaves `path` as it was.
            let mut failed: Option<ExportError> = None;
            let mut written = 0;
            let result = atomic_write_with(path, |f| {
                let mut buffered = io::BufWriter::new(f);
                match write(&mut buffered) {
                    Ok(n) => {
                        written = n;
                        Ok(())
                    }
                    Err(e) => {
                        failed = Some(e);
                        Err(io::Error::other("export failed"))
                    }
                }
            });
            if let Some(e) = failed {
                return Err(command_error(&query, e));
            }
            result?;
            let _ = writeln!(
                o.err,
                "wrote {} {} to {}",
                crate::text::thousands(written as u64),
                if written == 1 { "cable" } else { "cables" },
                path.display()
            );
        }
    }
    Ok(())
}

/// An export error as the CLI reports it: a failed write of stdout stays
/// an I/O error (a closed pipe ends quietly), the rest is one sentence.
fn command_error(query: &str, e: ExportError) -> CommandError {
    match e {
        ExportError::Write(e) => CommandError::Io(e),
        ExportError::Library(e @ LibraryError::Query(_)) => query_error(query, e),
        e => CommandError::User(e.to_string()),
    }
}
