//! Where cables come from: a single file (plain text, a release HTML page, a
//! Markdown-ish copy), standard input, or a release `cables.csv` (also
//! gzipped). Each source yields one `Result<RawCable, SourceError>` per
//! cable, so one bad row does not stop the others; a CSV is streamed.
//!
//! This layer knows bytes and files, not cables: it decides whether an input
//! is text at all and which encoding it is in, splits a CSV into rows, and
//! hands the text (plus any release metadata) to the parser.

pub mod cables_csv;
pub mod text;
pub mod walk;

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use thiserror::Error;

use crate::cable::Metadata;

pub use cables_csv::{is_row_start, parse_created, CsvReader};

/// How standard input is named in locations and error messages.
pub const STDIN_NAME: &str = "<stdin>";

/// A single cable file larger than this is not a cable (the longest real one
/// is well under 1 MiB); it is rejected rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// How much of an input is looked at to tell text from binary and a CSV from
/// a single cable.
const HEAD_BYTES: usize = 8 << 10;

const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One cable as it comes from its source, before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCable {
    /// Where it came from.
    pub origin: Location,
    /// The text for the parser. For a CSV row: header + `"\n\n"` + body.
    pub text: String,
    /// Release metadata (the CSV columns), when the source has it.
    pub metadata: Option<Metadata>,
}

/// A place in an input: the file, and for a CSV the row (1-based data row)
/// and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The path as given (`<stdin>` for standard input).
    pub path: PathBuf,
    /// The 1-based data row of a CSV; `None` for a single-cable file.
    pub row: Option<u64>,
    /// The 1-based line where the cable starts (1 for a single-cable file).
    pub line: u64,
}

impl fmt::Display for Location {
    /// `cables.csv: row 17 (line 2301)` for a CSV row, the path alone for a
    /// file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(row) => write!(f, "{}: row {row} (line {})", self.path.display(), self.line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Everything that can be wrong with an input. Each message is one sentence
/// that starts with the file (and row/line) at fault.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("{}: cannot be read: {}", path.display(), io_reason(source))]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: is a directory, not a cable file", path.display())]
    Directory { path: PathBuf },
    #[error(
        "{}: is a symbolic link back to {}, which contains it; skipped",
        path.display(),
        ancestor.display()
    )]
    LinkLoop { path: PathBuf, ancestor: PathBuf },
    #[error(
        "{}: is a symbolic link to {}, which does not exist",
        path.display(),
        target.display()
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}: the file is binary, not text ({})", path.display(), why.phrase())]
    Binary { path: PathBuf, why: text::NotText },
    #[error(
        "{}: the file is larger than {max} MiB, too large for one cable",
        path.display(),
        max = MAX_FILE_BYTES >> 20
    )]
    TooLarge { path: PathBuf },
    #[error("{location}: broken quote at line {at_line}: {detail}")]
    BrokenQuote {
        location: Location,
        /// The line where the break was noticed.
        at_line: u64,
        detail: String,
    },
    #[error(
        "{location}: wrong number of columns ({found}, expected {})",
        cables_csv::COLUMNS
    )]
    ColumnCount { location: Location, found: usize },
    #[error("{location}: the file ends in the middle of this row; it is truncated")]
    Truncated { location: Location },
    #[error("{location}: bad date {value:?} in the created column (expected M/D/YYYY H:MM)")]
    BadDate { location: Location, value: String },
    #[error("{location}: column {column} is longer than {max_mib} MiB; a closing quote is probably missing")]
    FieldTooLong {
        location: Location,
        column: usize,
        max_mib: usize,
    },
    #[error(
        "{}: line {line}: not the start of a row of the release CSV (\"N\",\"…); skipped to the next row",
        path.display()
    )]
    NotARow { path: PathBuf, line: u64 },
    #[error("{location}: cannot read further: {}", io_reason(source))]
    ReadFailed {
        location: Location,
        #[source]
        source: io::Error,
    },
}

impl SourceError {
    /// The file at fault.
    pub fn path(&self) -> &Path {
        match self {
            SourceError::Unreadable { path, .. }
            | SourceError::Directory { path }
            | SourceError::LinkLoop { path, .. }
            | SourceError::DanglingLink { path, .. }
            | SourceError::Empty { path }
            | SourceError::Binary { path, .. }
            | SourceError::TooLarge { path }
            | SourceError::NotARow { path, .. } => path,
            SourceError::BrokenQuote { location, .. }
            | SourceError::ColumnCount { location, .. }
            | SourceError::Truncated { location }
            | SourceError::BadDate { location, .. }
            | SourceError::FieldTooLong { location, .. }
            | SourceError::ReadFailed { location, .. } => &location.path,
        }
    }

    /// The CSV row at fault, if the error is about one row.
    pub fn row(&self) -> Option<u64> {
        match self {
            SourceError::BrokenQuote { location, .. }
            | SourceError::ColumnCount { location, .. }
            | SourceError::Truncated { location }
            | SourceError::BadDate { location, .. }
            | SourceError::FieldTooLong { location, .. }
            | SourceError::ReadFailed { location, .. } => location.row,
            _ => None,
        }
    }
}

/// An I/O error as a short lower-case phrase, without the `(os error N)`.
fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error") {
                Some(i) => &text[..i],
                None => &text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "unknown error".to_string(),
            }
        }
    }
}

/// An input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(arg: impl Into<PathBuf>) -> Input {
        let path = arg.into();
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(path)
        }
    }

    /// The name used in locations and messages.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Input::Stdin => PathBuf::from(STDIN_NAME),
            Input::Path(p) => p.clone(),
        }
    }
}

/// Opens an input: checks that it is readable, non-empty text, and whether
/// it is a release CSV (by a `.csv`/`.csv.gz` name or a first line that
/// starts `"N","`). Gzip is recognised by its magic bytes.
pub fn open(input: &Input) -> Result<Cables, SourceError> {
    match input {
        Input::Stdin => from_reader(io::stdin(), STDIN_NAME, false),
        Input::Path(path) => {
            let unreadable = |source| SourceError::Unreadable {
                path: path.clone(),
                source,
            };
            let meta = fs::metadata(path).map_err(unreadable)?;
            if meta.is_dir() {
                return Err(SourceError::Directory { path: path.clone() });
            }
            let file = File::open(path).map_err(unreadable)?;
            from_reader(file, path.clone(), has_csv_name(path))
        }
    }
}

/// Whether a file name says release CSV: `*.csv` or `*.csv.gz`.
pub fn has_csv_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".csv") || name.ends_with(".csv.gz")
}

/// Like [`open`], over any reader; `path` names it in messages and
/// `csv_by_name` forces CSV reading.
pub fn from_reader(
    reader: impl Read + Send + 'static,
    path: impl Into<PathBuf>,
    csv_by_name: bool,
) -> Result<Cables, SourceError> {
    let path = path.into();
    let unreadable = |source| SourceError::Unreadable {
        path: path.clone(),
        source,
    };
    let mut reader: Box<dyn Read + Send> = Box::new(reader);
    let mut head = read_head(&mut reader).map_err(unreadable)?;
    if head.starts_with(&GZIP_MAGIC) {
        reader = Box::new(MultiGzDecoder::new(Cursor::new(head).chain(reader)));
        head = read_head(&mut reader).map_err(unreadable)?;
    }
    if head.is_empty() {
        return Err(SourceError::Empty { path });
    }
    if let Err(why) = text::check_text(&head) {
        return Err(SourceError::Binary { path, why });
    }
    let starts_a_row = is_row_start(head.strip_prefix(UTF8_BOM).unwrap_or(&head));
    let mut reader: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(reader));
    if csv_by_name || starts_a_row {
        return Ok(Cables {
            inner: Inner::Csv(Box::new(CsvReader::new(reader, path))),
        });
    }
    let mut bytes = Vec::new();
    (&mut reader)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge { path });
    }
    if let Err(why) = text::check_text(&bytes) {
        return Err(SourceError::Binary { path, why });
    }
    Ok(Cables {
        inner: Inner::One(Some(RawCable {
            origin: Location {
                path,
                row: None,
                line: 1,
            },
            text: text::decode(&bytes),
            metadata: None,
        })),
    })
}

/// Reads up to `HEAD_BYTES` (fewer only at the end of the input).
fn read_head(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    reader.take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The cables of one input, in order.
pub struct Cables {
    inner: Inner,
}

enum Inner {
    One(Option<RawCable>),
    Csv(Box<CsvReader<Box<dyn Read + Send>>>),
}

impl Cables {
    /// Whether the input is read as a release CSV (one cable per row).
    pub fn is_csv(&self) -> bool {
        matches!(self.inner, Inner::Csv(_))
    }
}

impl Iterator for Cables {
    type Item = Result<RawCable, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::One(cable) => cable.take().map(Ok),
            Inner::Csv(reader) => reader.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn csv_row(seq: u32, body: &str) -> String {
        format!("\"{seq}\",\"3/12/2007 13:00\",\"07FICTIONIA101\",\"Embassy Fictionia\",\"CONFIDENTIAL\",\"\",\"O 121300Z MAR 07\",\"{body}\"\n")
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn collect(cables: Cables) -> Vec<RawCable> {
        cables.map(|r| r.unwrap()).collect()
    }

    #[test]
    fn a_text_file_is_one_cable_without_metadata() {
        let cables = from_reader(&b"CONFIDENTIAL FICTIONIA 000101\n"[..], "a.txt", false).unwrap();
        assert!(!cables.is_csv());
        let all = collect(cables);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].text, "CONFIDENTIAL FICTIONIA 000101\n");
        assert_eq!(all[0].metadata, None);
        assert_eq!(all[0].origin.to_string(), "a.txt");
    }

    #[test]
    fn a_csv_is_recognised_by_its_first_line() {
        let data = csv_row(1, "b1") + &csv_row(2, "b2");
        let cables = from_reader(Cursor::new(data.into_bytes()), "rows.txt", false).unwrap();
        assert!(cables.is_csv());
        assert_eq!(collect(cables).len(), 2);
    }

    #[test]
    fn a_csv_is_recognised_by_its_name() {
        assert!(has_csv_name(Path::new("dir/cables.csv")));
        assert!(has_csv_name(Path::new("CABLES.CSV.GZ")));
        assert!(!has_csv_name(Path::new("cables.txt")));
        let cables = from_reader(&b"junk line\n"[..], "x.csv", true).unwrap();
        assert!(cables.is_csv());
    }

    #[test]
    fn a_gzipped_csv_is_read_through() {
        let data = csv_row(1, "it\\'s") + &csv_row(2, "b2");
        let gz = gzip(data.as_bytes());
        let all = collect(from_reader(Cursor::new(gz), "c.csv.gz", true).unwrap());
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].text, "O 121300Z MAR 07\n\nit's");
    }

    #[test]
    fn a_gzipped_text_file_is_one_cable() {
        let gz = gzip(b"SUBJECT: TURNIPS\n");
        let all = collect(from_reader(Cursor::new(gz), "a.txt.gz", false).unwrap());
        assert_eq!(all[0].text, "SUBJECT: TURNIPS\n");
    }

    #[test]
    fn an_empty_input_is_an_error_naming_it() {
        let err = from_reader(&b""[..], "empty.txt", false).err().unwrap();
        assert_eq!(err.to_string(), "empty.txt: the file is empty");
        let err = from_reader(Cursor::new(gzip(b"")), "e.csv.gz", true)
            .err()
            .unwrap();
        assert!(matches!(err, SourceError::Empty { .. }));
    }

    #[test]
    fn binary_input_is_an_error_naming_it() {
        let err = from_reader(&b"\x7FELF\x02\x01\x01\0\0\0"[..], "junk.bin", false)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "junk.bin: the file is binary, not text (it contains NUL bytes)"
        );
    }

    #[test]
    fn a_nul_byte_after_the_head_still_makes_a_file_binary() {
        let mut data = vec![b'a'; HEAD_BYTES + 100];
        data.push(0);
        let err = from_reader(Cursor::new(data), "late.txt", false)
            .err()
            .unwrap();
        assert!(matches!(err, SourceError::Binary { .. }));
    }

    #[test]
    fn a_latin1_file_is_decoded() {
        let all = collect(from_reader(&b"SUBJECT: BOGOT\xC1\n"[..], "l.txt", false).unwrap());
        assert_eq!(all[0].text, "SUBJECT: BOGOTÁ\n");
    }

    #[test]
    fn a_missing_file_is_unreadable() {
        let err = open(&Input::Path("no/such/cable.txt".into()))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "no/such/cable.txt: cannot be read: no such file or directory"
        );
    }

    #[test]
    fn a_directory_is_not_a_cable_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = open(&Input::Path(dir.path().to_path_buf())).err().unwrap();
        assert!(matches!(err, SourceError::Directory { .. }));
        assert!(err
            .to_string()
            .ends_with(": is a directory, not a cable file"));
    }

    #[test]
    fn dash_is_stdin() {
        assert_eq!(Input::from_arg("-"), Input::Stdin);
        assert_eq!(Input::from_arg("a.txt"), Input::Path("a.txt".into()));
        assert_eq!(Input::Stdin.display_path(), PathBuf::from("<stdin>"));
    }

    #[test]
    fn row_errors_expose_path_and_row() {
        let data = csv_row(1, "b1") + "\"2\",\"\",\"\",\"\",\"\",\"\",\"h\"\n";
        let results: Vec<_> = from_reader(Cursor::new(data.into_bytes()), "c.csv", true)
            .unwrap()
            .collect();
        let err = results[1].as_ref().err().unwrap();
        assert_eq!(err.path(), Path::new("c.csv"));
        assert_eq!(err.row(), Some(2));
    }
}
