//! The release `cables.csv`, streamed row by row.
//!
//! The dialect (docs/cables.md): 8 columns, every field in double quotes,
//! `\"`, `\'` and `\\` as escapes inside a field (a quote is never doubled),
//! raw newlines inside fields, and a row ends with `"` and a newline.
//!
//! The `csv` crate decodes this dialect (`double_quote(false)`,
//! `escape(Some(b'\\'))`; a test below checks that both agree), but it is
//! lenient by design: a stray quote or a file cut inside a field is not an
//! error there, and after one it cannot find its way back to the next row.
//! A release file of 1.7 GB must not lose all rows after one broken one, so
//! this reader is a small state machine of its own: it knows where each row
//! and line starts, reports a broken row as an error, and resynchronises at
//! the next line that starts a row (`"N","`). It holds one row at a time.

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::PathBuf;

use super::{Location, RawCable, SourceError};
use crate::cable::{Classification, Metadata, Timestamp};

/// Columns of a release row.
pub const COLUMNS: usize = 8;

/// A field longer than this is taken for a missing quote that swallowed the
/// rows after it; the longest real cable is well under 1 MiB.
pub const MAX_FIELD_BYTES: usize = 32 << 20;

const BUFFER_BYTES: usize = 64 << 10;

/// How many bytes a line must show to tell whether it starts a row:
/// `"` + a sequence number + `","`.
const ROW_START_PEEK: usize = 24;

/// Whether `bytes` (the start of a line) start a release row: `"N","`.
pub fn is_row_start(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"\"") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].starts_with(b"\",\"")
}

/// Parses the release `created` column: `12/28/1966 18:48`, `2/25/1972 9:30`
/// (month, day and hour not zero-padded). `None` unless it is a real date.
pub fn parse_created(s: &str) -> Option<Timestamp> {
    let (date, time) = s.trim().split_once(' ')?;
    let mut date = date.split('/');
    let month = small_number(date.next()?, 1, 2)?;
    let day = small_number(date.next()?, 1, 2)?;
    let year = date.next()?;
    if date.next().is_some() || year.len() != 4 {
        return None;
    }
    let year: u16 = year.parse().ok()?;
    let (hour, minute) = time.trim().split_once(':')?;
    let hour = small_number(hour, 1, 2)?;
    let minute = small_number(minute, 2, 2)?;
    Timestamp::new(year, month, day, hour, minute)
}

/// A number of `min..=max` ASCII digits (no sign, no spaces).
fn small_number(s: &str, min: usize, max: usize) -> Option<u8> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Streams the rows of a release CSV as `RawCable`s, one `Result` per row.
/// After an error in a row it continues with the next row; after a read
/// error or a truncated file it ends.
pub struct CsvReader<R> {
    input: Bytes<R>,
    path: PathBuf,
    /// The line the next unread byte is on (1-based).
    line: u64,
    /// Rows started so far; the current row's number.
    row: u64,
    fields: Vec<Vec<u8>>,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of the file.
    Start,
    /// At the start of a line that is known to start a row (or at the end).
    AtRow,
    /// After a broken row: skip lines up to the next row start.
    Resync,
    Done,
}

/// How a row went wrong, before it becomes a `SourceError`.
enum RowError {
    Source(SourceError),
    /// The rest of the file cannot be read.
    Fatal(SourceError),
}

impl<R: Read> CsvReader<R> {
    /// A reader over `input`; `path` names the file in errors and locations.
    pub fn new(input: R, path: impl Into<PathBuf>) -> CsvReader<R> {
        CsvReader {
            input: Bytes::new(input),
            path: path.into(),
            line: 1,
            row: 0,
            fields: (0..COLUMNS).map(|_| Vec::new()).collect(),
            state: State::Start,
        }
    }

    fn location(&self, line: u64) -> Location {
        Location {
            path: self.path.clone(),
            row: Some(self.row),
            line,
        }
    }

    fn read_failed(&self, source: io::Error) -> SourceError {
        SourceError::ReadFailed {
            location: Location {
                path: self.path.clone(),
                row: (self.row > 0).then_some(self.row),
                line: self.line,
            },
            source,
        }
    }

    /// Skips blank lines; true when the next line starts a row or the input
    /// has ended.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            let head = self.input.peek(ROW_START_PEEK)?;
            match head {
                [] => return Ok(true),
                [b'\n', ..] => self.consume_newline(1),
                [b'\r', b'\n', ..] => self.consume_newline(2),
                _ => return Ok(is_row_start(head)),
            }
        }
    }

    fn consume_newline(&mut self, n: usize) {
        self.input.consume(n);
        self.line += 1;
    }

    /// Skips to the next line that starts a row (or the end of the input).
    fn resync(&mut self) -> io::Result<()> {
        loop {
            self.skip_rest_of_line()?;
            if self.skip_blank_lines()? {
                return Ok(());
            }
        }
    }

    /// Consumes up to and including the next newline.
    fn skip_rest_of_line(&mut self) -> io::Result<()> {
        loop {
            let avail = self.input.fill()?;
            if avail.is_empty() {
                return Ok(());
            }
            if let Some(i) = memchr::memchr(b'\n', avail) {
                self.consume_newline(i + 1);
                return Ok(());
            }
            let n = avail.len();
            self.input.consume(n);
        }
    }

    /// Reads one row starting at the current position (a row start).
    fn read_row(&mut self) -> Result<RawCable, RowError> {
        self.row += 1;
        let start_line = self.line;
        let mut columns = 0;
        loop {
            let at = self.line;
            let (next, n) = self.lookahead::<1>()?;
            if n == 0 {
                // The input ends after a separator, inside the row.
                return Err(RowError::Fatal(SourceError::Truncated {
                    location: self.location(start_line),
                }));
            }
            if next[0] != b'"' {
                return Err(self.broken(
                    start_line,
                    at,
                    format!("column {} does not start with a quote", columns + 1),
                ));
            }
            self.input.consume(1);
            self.read_quoted(columns, start_line)?;
            columns += 1;
            let after = self.line;
            let (next, n) = self.lookahead::<2>()?;
            match &next[..n] {
                [b',', ..] => self.input.consume(1),
                [b'\n', ..] => {
                    self.consume_newline(1);
                    break;
                }
                [b'\r', b'\n', ..] => {
                    self.consume_newline(2);
                    break;
                }
                [] => break,
                [c, ..] => {
                    let c = char::from(*c);
                    return Err(self.broken(
                        start_line,
                        after,
                        format!("an unescaped quote inside column {columns} (followed by {c:?})"),
                    ));
                }
            }
        }
        // A row ends with `"` and a newline only if the next line starts a
        // row: a quote left unescaped at the end of a line inside a field
        // would otherwise end the row early, silently.
        let row_follows = self
            .skip_blank_lines()
            .map_err(|e| RowError::Fatal(self.read_failed(e)))?;
        if !row_follows {
            let at = self.line;
            return Err(self.broken(
                start_line,
                at,
                "text goes on after the row's closing quote (an unescaped quote inside a field?)"
                    .to_string(),
            ));
        }
        if columns != COLUMNS {
            return Err(RowError::Source(SourceError::ColumnCount {
                location: self.location(start_line),
                found: columns,
            }));
        }
        self.row_to_cable(start_line).map_err(RowError::Source)
    }

    /// The next `N` bytes (fewer only at the end of the input), copied.
    fn lookahead<const N: usize>(&mut self) -> Result<([u8; N], usize), RowError> {
        match self.input.peek(N) {
            Ok(bytes) => {
                let n = bytes.len().min(N);
                let mut copy = [0; N];
                copy[..n].copy_from_slice(&bytes[..n]);
                Ok((copy, n))
            }
            Err(e) => Err(RowError::Fatal(self.read_failed(e))),
        }
    }

    fn broken(&mut self, start_line: u64, at_line: u64, detail: String) -> RowError {
        let error = SourceError::BrokenQuote {
            location: self.location(start_line),
            at_line,
            detail,
        };
        self.state = State::Resync;
        RowError::Source(error)
    }

    /// Reads the inside of a quoted field (after the opening quote) into
    /// column `column`, consuming the closing quote.
    fn read_quoted(&mut self, column: usize, start_line: u64) -> Result<(), RowError> {
        let truncated = |me: &Self| {
            RowError::Fatal(SourceError::Truncated {
                location: me.location(start_line),
            })
        };
        if column >= self.fields.len() {
            // Extra columns are read (to find the row's end) but not kept.
            self.fields.push(Vec::new());
        }
        self.fields[column].clear();
        loop {
            let avail = match self.input.fill() {
                Ok(a) => a,
                Err(e) => return Err(RowError::Fatal(self.read_failed(e))),
            };
            if avail.is_empty() {
                return Err(truncated(self));
            }
            let stop = memchr::memchr2(b'"', b'\\', avail);
            let run = &avail[..stop.unwrap_or(avail.len())];
            let newlines = memchr::memchr_iter(b'\n', run).count() as u64;
            let field = &mut self.fields[column];
            field.extend_from_slice(run);
            let run_len = run.len();
            self.line += newlines;
            self.input.consume(run_len);
            if field.len() > MAX_FIELD_BYTES {
                let error = SourceError::FieldTooLong {
                    location: self.location(start_line),
                    column: column + 1,
                    max_mib: MAX_FIELD_BYTES >> 20,
                };
                self.state = State::Resync;
                return Err(RowError::Source(error));
            }
            if stop.is_none() {
                continue;
            }
            let pair = match self.input.peek(2) {
                Ok(p) => p,
                Err(e) => return Err(RowError::Fatal(self.read_failed(e))),
            };
            match *pair {
                [b'"', ..] => {
                    self.input.consume(1);
                    return Ok(());
                }
                [b'\\', escaped, ..] => {
                    let field = &mut self.fields[column];
                    match escaped {
                        b'"' | b'\'' | b'\\' => field.push(escaped),
                        // Not an escape of the dialect: keep it as written.
                        other => field.extend_from_slice(&[b'\\', other]),
                    }
                    if escaped == b'\n' {
                        self.line += 1;
                    }
                    self.input.consume(2);
                }
                // A backslash as the last byte of the input.
                _ => return Err(truncated(self)),
            }
        }
    }

    /// The fields of a complete 8-column row as a `RawCable`.
    fn row_to_cable(&self, start_line: u64) -> Result<RawCable, SourceError> {
        let field = |i: usize| text_of(&self.fields[i]);
        let non_empty = |i: usize| {
            let s = field(i);
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let created_text = field(1);
        let created = if created_text.trim().is_empty() {
            None
        } else {
            match parse_created(&created_text) {
                Some(t) => Some(t),
                None => {
                    return Err(SourceError::BadDate {
                        location: self.location(start_line),
                        value: created_text.into_owned(),
                    })
                }
            }
        };
        let metadata = Metadata {
            id: non_empty(2),
            created,
            origin: non_empty(3),
            classification: Classification::from_release(&field(4)),
        };
        let (header, body) = (field(6), field(7));
        let mut text = String::with_capacity(header.len() + 2 + body.len());
        text.push_str(&header);
        text.push_str("\n\n");
        text.push_str(&body);
        Ok(RawCable {
            origin: self.location(start_line),
            text,
            metadata: Some(metadata),
        })
    }

    fn next_row(&mut self) -> Option<Result<RawCable, SourceError>> {
        loop {
            match self.state {
                State::Done => return None,
                State::Start => {
                    let start = self.input.peek(3 + ROW_START_PEEK);
                    match start {
                        Ok(head) if head.starts_with(b"\xEF\xBB\xBF") => self.input.consume(3),
                        Ok(_) => {}
                        Err(e) => {
                            self.state = State::Done;
                            return Some(Err(self.read_failed(e)));
                        }
                    }
                    match self.skip_blank_lines() {
                        Ok(true) => self.state = State::AtRow,
                        Ok(false) => {
                            let error = SourceError::NotARow {
                                path: self.path.clone(),
                                line: self.line,
                            };
                            self.state = State::Resync;
                            return Some(Err(error));
                        }
                        Err(e) => {
                            self.state = State::Done;
                            return Some(Err(self.read_failed(e)));
                        }
                    }
                }
                State::Resync => match self.resync() {
                    Ok(()) => self.state = State::AtRow,
                    Err(e) => {
                        self.state = State::Done;
                        return Some(Err(self.read_failed(e)));
                    }
                },
                State::AtRow => {
                    match self.input.peek(1) {
                        Ok([]) => {
                            self.state = State::Done;
                            return None;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            self.state = State::Done;
                            return Some(Err(self.read_failed(e)));
                        }
                    }
                    return Some(match self.read_row() {
                        Ok(cable) => Ok(cable),
                        Err(RowError::Source(e)) => Err(e),
                        Err(RowError::Fatal(e)) => {
                            self.state = State::Done;
                            Err(e)
                        }
                    });
                }
            }
        }
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<RawCable, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

/// A read buffer that can show a few bytes ahead across refills.
struct Bytes<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Bytes<R> {
    fn new(inner: R) -> Bytes<R> {
        Bytes {
            inner,
            buf: vec![0; BUFFER_BYTES],
            pos: 0,
            end: 0,
            eof: false,
        }
    }

    /// The buffered bytes, refilled when empty; empty only at the end.
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.end {
            self.pos = 0;
            self.end = 0;
            self.read_more()?;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    /// At least `n` bytes when the input has that many (fewer only at the end).
    fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.end - self.pos < n && !self.eof {
            if self.buf.len() - self.pos < n {
                self.buf.copy_within(self.pos..self.end, 0);
                self.end -= self.pos;
                self.pos = 0;
            }
            self.read_more()?;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    fn read_more(&mut self) -> io::Result<()> {
        if self.eof || self.end == self.buf.len() {
            return Ok(());
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.end);
    }
}

/// A field's text: as it is when it is UTF-8 (nearly always; the standard
/// library's check of that has a fast path for ASCII), else with U+FFFD
/// for each bad sequence (`from_utf8_lossy` alone walks every byte, a tenth
/// of reading the release).
fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: u32, created: &str, id: &str, header: &str, body: &str) -> String {
        format!(
            "\"{seq}\",\"{created}\",\"{id}\",\"Embassy Fictionia\",\"CONFIDENTIAL\",\"\",\"{header}\",\"{body}\"\n"
        )
    }

    fn read_all(data: &str) -> Vec<Result<RawCable, SourceError>> {
        CsvReader::new(data.as_bytes(), "t.csv").collect()
    }

    fn texts(results: &[Result<RawCable, SourceError>]) -> Vec<String> {
        results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|c| c.text.clone())
            .collect()
    }

    fn errors(results: &[Result<RawCable, SourceError>]) -> Vec<String> {
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect()
    }

    /// A reader that hands out one byte per call, to cross every buffer edge.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn a_field_that_is_not_utf8_keeps_its_text_with_replacement_characters() {
        let mut data = row(1, "1/2/2008 10:00", "08ROME1", "UNCLAS", "CAFE").into_bytes();
        // `CAFE` → `CAF\xe9 \xff`: Latin-1 bytes, not UTF-8.
        let at = data.windows(4).position(|w| w == b"CAFE").unwrap();
        data.splice(at + 3..at + 4, [0xe9, b' ', 0xff]);
        let rows: Vec<_> = CsvReader::new(&data[..], "t.csv").collect();
        assert_eq!(texts(&rows), ["UNCLAS\n\nCAF\u{fffd} \u{fffd}"]);
        // And UTF-8 comes through as it is.
        let rows = read_all(&row(1, "1/2/2008 10:00", "08ROME1", "UNCLAS", "CAFÉ ¶"));
        assert_eq!(texts(&rows), ["UNCLAS\n\nCAFÉ ¶"]);
    }

    #[test]
    fn created_column_is_parsed_without_zero_padding() {
        assert_eq!(
            parse_created("12/28/1966 18:48"),
            Timestamp::new(1966, 12, 28, 18, 48)
        );
        assert_eq!(
            parse_created("2/25/1972 9:30"),
            Timestamp::new(1972, 2, 25, 9, 30)
        );
    }

    #[test]
    fn impossible_or_malformed_created_values_are_rejected() {
        for bad in [
            "2/30/2007 9:30",
            "13/1/2007 9:30",
            "1/1/2007 24:00",
            "1/1/2007 9:3",
            "1/1/07 9:30",
            "2007-01-01 09:30",
            "1/1/2007",
            "",
        ] {
            assert_eq!(parse_created(bad), None, "{bad}");
        }
    }

    #[test]
    fn row_start_needs_quote_digits_quote_comma_quote() {
        assert!(is_row_start(b"\"17\",\"1/1/2007 9:30\""));
        assert!(!is_row_start(b"\"We said\",\"no\""));
        assert!(!is_row_start(b"17,\"x\""));
        assert!(!is_row_start(b"\"\",\""));
    }

    #[test]
    fn escapes_and_raw_newlines_decode() {
        let data = row(
            1,
            "3/12/2007 13:00",
            "07FICTIONIA101",
            "O 121300Z MAR 07\nFM AMEMBASSY FICTIONIA",
            r#"He said \"no\",\nit\'s C:\\TURNIPS\\2007 and a\\"#,
        );
        let results = read_all(&data);
        assert_eq!(errors(&results), Vec::<String>::new());
        assert_eq!(
            texts(&results),
            ["O 121300Z MAR 07\nFM AMEMBASSY FICTIONIA\n\nHe said \"no\",\\nit's C:\\TURNIPS\\2007 and a\\"]
        );
    }

    #[test]
    fn a_backslash_before_another_character_is_kept() {
        let results = read_all(&row(1, "", "", "H", r"a\tb"));
        assert_eq!(texts(&results), ["H\n\na\\tb"]);
    }

    #[test]
    fn metadata_columns_become_metadata() {
        let data = "\"1\",\"2/25/1972 9:30\",\"72TEHRAN1164\",\"Embassy Tehran\",\"UNCLASSIFIED\",\"72MOSCOW1603|72TEHRAN263\",\"H\",\"B\"\n";
        let results = read_all(data);
        let cable = results[0].as_ref().unwrap();
        assert_eq!(
            cable.metadata,
            Some(Metadata {
                id: Some("72TEHRAN1164".into()),
                created: Timestamp::new(1972, 2, 25, 9, 30),
                origin: Some("Embassy Tehran".into()),
                classification: Some(Classification::Unclassified),
            })
        );
        assert_eq!(cable.text, "H\n\nB");
    }

    #[test]
    fn empty_metadata_columns_are_none() {
        let results = read_all("\"1\",\"\",\"\",\" \",\"\",\"\",\"H\",\"B\"\n");
        let cable = results[0].as_ref().unwrap();
        assert_eq!(cable.metadata, Some(Metadata::default()));
    }

    #[test]
    fn rows_carry_their_row_number_and_start_line() {
        let data = row(1, "", "", "a\nb", "c\nd\ne") + &row(2, "", "", "f", "g");
        let results = read_all(&data);
        let origins: Vec<_> = results
            .iter()
            .map(|r| {
                let c = r.as_ref().unwrap();
                (c.origin.row, c.origin.line)
            })
            .collect();
        assert_eq!(origins, [(Some(1), 1), (Some(2), 5)]);
        assert_eq!(
            results[1].as_ref().unwrap().origin.to_string(),
            "t.csv: row 2 (line 5)"
        );
    }

    #[test]
    fn agrees_with_the_csv_crate_in_the_release_dialect() {
        let data = row(
            1,
            "1/2/1988 12:58",
            "88X1",
            "R 021258Z JAN 88\nFM X",
            r#"it\'s \"so\" \\ ok"#,
        ) + &row(
            2,
            "1/3/1988 9:00",
            "88X2",
            "H",
            "line one\n\nline \\\"two\\\"",
        );
        let ours: Vec<String> = texts(&read_all(&data));
        let theirs: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .double_quote(false)
            .escape(Some(b'\\'))
            .from_reader(data.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                format!("{}\n\n{}", &r[6], &r[7])
            })
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 2);
    }

    #[test]
    fn one_byte_reads_give_the_same_rows() {
        let data = row(1, "1/2/1988 12:58", "A", "h\r\nh", r#"x\"y\'z\\"#)
            + &row(2, "", "B", "h", &"long ".repeat(5000));
        let whole: Vec<String> = texts(&read_all(&data));
        let trickled: Vec<String> =
            texts(&CsvReader::new(OneByte(data.as_bytes()), "t.csv").collect::<Vec<_>>());
        assert_eq!(whole.len(), 2);
        assert_eq!(whole, trickled);
    }

    #[test]
    fn crlf_row_ends_and_a_bom_are_accepted() {
        let data = format!("\u{FEFF}{}", row(1, "", "", "h", "b").replace('\n', "\r\n"))
            + &row(2, "", "", "h2", "b2");
        let results = read_all(&data);
        assert_eq!(errors(&results), Vec::<String>::new());
        assert_eq!(texts(&results), ["h\n\nb", "h2\n\nb2"]);
    }

    #[test]
    fn broken_quote_is_reported_and_the_next_row_is_read() {
        let data = row(1, "", "", "h1", "b1")
            + &row(2, "", "", "h2", "he said \"no\" and\nleft")
            + &row(3, "", "", "h3", "b3");
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h1\n\nb1", "h3\n\nb3"]);
        let errs = errors(&results);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("t.csv: row 2 (line 2): broken quote at line 2:"),
            "{}",
            errs[0]
        );
        assert_eq!(results[2].as_ref().unwrap().origin.row, Some(3));
    }

    #[test]
    fn a_quote_at_a_line_end_inside_a_field_is_a_broken_row() {
        // `said "` ends the body at the line end; the rest of the body follows.
        let data = row(1, "", "", "h1", "he said \"\nthe rest\n") + &row(2, "", "", "h2", "b2");
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h2\n\nb2"]);
        let errs = errors(&results);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("t.csv: row 1 (line 1): broken quote at line 2:"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn wrong_column_count_names_row_line_and_counts() {
        let data = row(1, "", "", "h1", "b1")
            + "\"2\",\"\",\"X\",\"Embassy\",\"SECRET\",\"h2\",\"b2\"\n"
            + &row(3, "", "", "h3", "b3");
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h1\n\nb1", "h3\n\nb3"]);
        assert_eq!(
            errors(&results),
            ["t.csv: row 2 (line 2): wrong number of columns (7, expected 8)"]
        );
    }

    #[test]
    fn a_truncated_file_names_the_last_row() {
        let data =
            row(1, "", "", "h1", "b1") + "\"2\",\"\",\"\",\"\",\"\",\"\",\"h2\",\"cut off\nhere";
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h1\n\nb1"]);
        let errs = errors(&results);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("t.csv: row 2 (line 2): "),
            "{}",
            errs[0]
        );
        assert!(errs[0].contains("truncated"), "{}", errs[0]);
    }

    #[test]
    fn a_file_ending_after_a_separator_is_truncated() {
        let results = read_all("\"1\",\"\",");
        assert_eq!(
            errors(&results),
            ["t.csv: row 1 (line 1): the file ends in the middle of this row; it is truncated"]
        );
    }

    #[test]
    fn text_after_blank_lines_is_reported_on_its_own_line() {
        let data = row(1, "", "", "h1", "b1") + "\n\nstray text\n" + &row(2, "", "", "h2", "b2");
        let results = read_all(&data);
        let errs = errors(&results);
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("t.csv: row 1 (line 1): broken quote at line 4: "),
            "{}",
            errs[0]
        );
        assert_eq!(texts(&results), ["h2\n\nb2"]);
    }

    #[test]
    fn a_file_ending_after_a_backslash_is_truncated() {
        let results = read_all("\"1\",\"\",\"\",\"\",\"\",\"\",\"h\",\"b\\");
        assert!(errors(&results)[0].contains("truncated"));
    }

    #[test]
    fn a_bad_date_names_the_row_and_the_value() {
        let data = row(1, "2/30/2007 9:30", "", "h", "b") + &row(2, "3/1/2007 9:30", "", "h", "b");
        let results = read_all(&data);
        assert_eq!(
            errors(&results),
            ["t.csv: row 1 (line 1): bad date \"2/30/2007 9:30\" in the created column (expected M/D/YYYY H:MM)"]
        );
        assert_eq!(texts(&results).len(), 1);
    }

    #[test]
    fn leading_junk_is_one_error_then_rows_are_read() {
        let data = "seq,created,id\nmore junk\n".to_string() + &row(1, "", "", "h", "b");
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h\n\nb"]);
        let errs = errors(&results);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("t.csv: line 1: "), "{}", errs[0]);
        assert_eq!(results[1].as_ref().unwrap().origin.line, 3);
    }

    #[test]
    fn blank_lines_between_rows_and_at_the_end_are_ignored() {
        let data = row(1, "", "", "h1", "b1") + "\n\n" + &row(2, "", "", "h2", "b2") + "\n";
        let results = read_all(&data);
        assert_eq!(errors(&results), Vec::<String>::new());
        assert_eq!(results[1].as_ref().unwrap().origin.line, 4);
    }

    #[test]
    fn an_empty_input_has_no_rows() {
        assert!(read_all("").is_empty());
    }

    #[test]
    fn rows_stream_from_an_endless_input() {
        // An input that never ends: the first rows must come out anyway.
        struct Endless(u64, Vec<u8>);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.1.is_empty() {
                    self.0 += 1;
                    self.1 = row(self.0 as u32, "", "", "h", &"x".repeat(1000)).into_bytes();
                }
                let n = buf.len().min(self.1.len());
                buf[..n].copy_from_slice(&self.1[..n]);
                self.1.drain(..n);
                Ok(n)
            }
        }
        let rows: Vec<_> = CsvReader::new(Endless(0, Vec::new()), "t.csv")
            .take(3)
            .map(|r| r.unwrap().origin.row)
            .collect();
        assert_eq!(rows, [Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn an_overlong_field_is_an_error_and_reading_goes_on() {
        let mut data = String::from("\"1\",\"\",\"\",\"\",\"\",\"\",\"h\",\"");
        data.push_str(&"y".repeat(MAX_FIELD_BYTES + 10));
        data.push_str("\"\n");
        data.push_str(&row(2, "", "", "h2", "b2"));
        let results = read_all(&data);
        assert_eq!(texts(&results), ["h2\n\nb2"]);
        assert!(errors(&results)[0].contains("column 8 is longer than 32 MiB"));
    }
}
