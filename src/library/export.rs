//! Exports of a set of cables: Markdown citations (with `--full` the
//! cleaned text), CSV, JSON Lines, CSL-JSON and BibTeX, each written to any
//! [`io::Write`] one cable at a time.
//!
//! Streamed, so that exporting the whole release costs what exporting one
//! page costs: the cables of a query are read a page of IDs at a time
//! ([`QueryCables`]), those of an ID list one line at a time
//! ([`IdLines`]), and [`export`] writes each cable as it arrives and keeps
//! none. The CLI's `export` and the reader's `;e` both go through here.

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Library, LibraryError, ListQuery, Sort};
use crate::cable::parse::ids::normalize_id;
use crate::cable::Cable;
use crate::text::{cable_citation_line, portion_marked, terminal_safe};

/// The formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The citation line of each cable; with `full`, its text under it.
    Markdown,
    /// RFC 4180, with the [`CSV_HEADER`] row.
    Csv,
    /// The `show --json` object of each cable, one per line.
    Jsonl,
    /// One JSON array of CSL items (Zotero, pandoc-citeproc).
    CslJson,
    /// One `@misc` entry per cable.
    Bibtex,
}

/// The header row of the CSV export.
pub const CSV_HEADER: [&str; 7] = [
    "id",
    "created",
    "classification",
    "origin",
    "subject",
    "tags",
    "references",
];

/// The address of a cable's page in the release: its pages link to
/// themselves in this form (`http://cablegate.wikileaks.org/cable/2010/02/
/// 10WARSAW94.html` in the share links of every page of the corpus).
const RELEASE_SITE: &str = "http://cablegate.wikileaks.org";

/// How many cables of a query are looked up at once: memory holds one
/// page of IDs, whatever the size of the export. Each page is a top-docs
/// pass collecting `offset + PAGE` documents, so pages are large to keep
/// the passes over the whole release few (126 at 2,000).
const PAGE: usize = 2_000;

/// What can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error("{}, line {line}: {id} is not in the library", path.display())]
    UnknownId {
        path: PathBuf,
        line: usize,
        id: String,
    },
    #[error("{}, line {line}: {text:?} is not a cable ID (like 07MOSCOW1026)", path.display())]
    NotAnId {
        path: PathBuf,
        line: usize,
        text: String,
    },
    #[error("{id} is not in the library")]
    Missing { id: String },
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Writing the export failed (a closed pipe among the causes).
    #[error("cannot write the export: {0}")]
    Write(#[from] io::Error),
}

/// The `show --json` object: the `parse` object of the cable plus the
/// cables that cite it.
#[derive(Debug, Serialize)]
pub struct CableJson<'a> {
    #[serde(flatten)]
    pub cable: &'a Cable,
    pub cited_by: Vec<String>,
}

impl Library {
    /// The `show --json` object of a cable of this library.
    pub fn cable_json<'a>(&self, cable: &'a Cable) -> super::Result<CableJson<'a>> {
        let cited_by = match &cable.id {
            Some(id) => self.cited_by(id)?,
            None => Vec::new(),
        };
        Ok(CableJson { cable, cited_by })
    }
}

/// The cables of a list, newest first (the list's date order), looked up
/// a page of IDs at a time.
pub struct QueryCables<'a> {
    lib: &'a Library,
    list: ListQuery,
    offset: usize,
    page: usize,
    ids: VecDeque<String>,
    done: bool,
}

impl<'a> QueryCables<'a> {
    pub fn new(lib: &'a Library, list: ListQuery) -> QueryCables<'a> {
        QueryCables {
            lib,
            list,
            offset: 0,
            page: PAGE,
            ids: VecDeque::new(),
            done: false,
        }
    }

    /// Looks up `n` cables at a time (at least one) instead of 2,000.
    pub fn with_page_size(mut self, n: usize) -> QueryCables<'a> {
        self.page = n.max(1);
        self
    }

    fn fill(&mut self) -> super::Result<()> {
        let page = self
            .lib
            .page(&self.list, Some(Sort::Date), self.offset, self.page)?;
        self.offset += page.rows.len();
        // The page of the offset past the end still finds one row: stop at
        // the total, or at a short page.
        let rows = page.rows.len();
        self.ids.extend(page.rows.into_iter().map(|r| r.id));
        if self.offset >= page.total || rows < self.page {
            self.done = true;
        }
        Ok(())
    }
}

impl Iterator for QueryCables<'_> {
    type Item = Result<Cable, ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ids.is_empty() && !self.done {
            if let Err(e) = self.fill() {
                self.done = true;
                return Some(Err(e.into()));
            }
        }
        let id = self.ids.pop_front()?;
        Some(cable_of(self.lib, &id))
    }
}

/// The cables of a list of IDs, in its order; an ID the library does not
/// hold is an error.
pub fn cables_of_ids<'a, I>(
    lib: &'a Library,
    ids: I,
) -> impl Iterator<Item = Result<Cable, ExportError>> + 'a
where
    I: IntoIterator<Item = String>,
    I::IntoIter: 'a,
{
    ids.into_iter().map(move |id| cable_of(lib, &id))
}

fn cable_of(lib: &Library, id: &str) -> Result<Cable, ExportError> {
    lib.get(id)?
        .map(|s| s.cable)
        .ok_or_else(|| ExportError::Missing { id: id.to_string() })
}

/// The IDs of a file of IDs, one a line, with the line each stands on
/// (from 1); blank lines and lines starting with `#` are skipped, and a
/// line that is no ID is an error naming the file and the line.
pub struct IdLines<R> {
    path: PathBuf,
    lines: io::Lines<R>,
    line: usize,
}

impl IdLines<io::BufReader<std::fs::File>> {
    pub fn open(path: &Path) -> Result<Self, ExportError> {
        let file = std::fs::File::open(path).map_err(|source| ExportError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(IdLines::new(path, io::BufReader::new(file)))
    }
}

impl<R: BufRead> IdLines<R> {
    /// Reads IDs from `reader`; `path` names it in errors.
    pub fn new(path: &Path, reader: R) -> Self {
        IdLines {
            path: path.to_path_buf(),
            lines: reader.lines(),
            line: 0,
        }
    }

    /// Checks every ID against the library before anything is written, so
    /// that a bad list fails whole: the count of IDs, or the first bad line.
    pub fn check(self, lib: &Library) -> Result<usize, ExportError> {
        let path = self.path.clone();
        let mut n = 0;
        for item in self {
            let (line, id) = item?;
            if !lib.contains(&id)? {
                return Err(ExportError::UnknownId { path, line, id });
            }
            n += 1;
        }
        Ok(n)
    }
}

impl<R: BufRead> Iterator for IdLines<R> {
    type Item = Result<(usize, String), ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let text = match self.lines.next()? {
                Ok(t) => t,
                Err(source) => {
                    return Some(Err(ExportError::Read {
                        path: self.path.clone(),
                        source,
                    }))
                }
            };
            self.line += 1;
            let word = text.trim();
            if word.is_empty() || word.starts_with('#') {
                continue;
            }
            return Some(match normalize_id(word) {
                Some(id) => Ok((self.line, id)),
                None => Err(ExportError::NotAnId {
                    path: self.path.clone(),
                    line: self.line,
                    text: word.to_string(),
                }),
            });
        }
    }
}

/// The cables of an ID file after [`IdLines::check`]: an ID that went
/// missing since (an import in between) names its line.
pub fn cables_of_id_file<'a>(
    lib: &'a Library,
    path: &Path,
) -> Result<impl Iterator<Item = Result<Cable, ExportError>> + 'a, ExportError> {
    let path_buf = path.to_path_buf();
    Ok(IdLines::open(path)?.map(move |item| {
        let (line, id) = item?;
        cable_of(lib, &id).map_err(|e| match e {
            ExportError::Missing { id } => ExportError::UnknownId {
                path: path_buf.clone(),
                line,
                id,
            },
            e => e,
        })
    }))
}

/// Checks an ID file against the library: every line an ID it holds.
pub fn check_id_file(lib: &Library, path: &Path) -> Result<usize, ExportError> {
    IdLines::open(path)?.check(lib)
}

/// Writes `cables` in `format` to `out`, one cable at a time; with `full`,
/// the Markdown export carries each cable's text. Returns how many cables
/// were written.
pub fn export<W: Write>(
    lib: &Library,
    cables: impl Iterator<Item = Result<Cable, ExportError>>,
    format: Format,
    full: bool,
    out: W,
) -> Result<usize, ExportError> {
    let mut n = 0;
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_HEADER).map_err(io::Error::from)?;
            for cable in cables {
                write_csv(&mut w, &cable?)?;
                n += 1;
            }
            w.flush()?;
        }
        Format::CslJson => {
            let mut out = out;
            out.write_all(b"[")?;
            for cable in cables {
                out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                write_csl_item(&mut out, &cable?)?;
                n += 1;
            }
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
            out.flush()?;
        }
        Format::Markdown | Format::Jsonl | Format::Bibtex => {
            let mut out = out;
            for cable in cables {
                let cable = cable?;
                match format {
                    Format::Markdown => write_markdown(&mut out, &cable, full, n == 0)?,
                    Format::Jsonl => write_jsonl(&mut out, &lib.cable_json(&cable)?)?,
                    _ => write_bibtex(&mut out, &cable, n == 0)?,
                }
                n += 1;
            }
            out.flush()?;
        }
    }
    Ok(n)
}

/// One cable as Markdown: a list item of its citation line; with `full`, a
/// heading of the citation line and the cleaned text under it (subject,
/// references, the paragraphs with their numbers and portion marks).
pub fn write_markdown(
    out: &mut (impl Write + ?Sized),
    cable: &Cable,
    full: bool,
    first: bool,
) -> io::Result<()> {
    let id = cable.id.as_deref().unwrap_or("(no ID)");
    // An export to stdout may reach a terminal: every line of cable text
    // goes through `terminal_safe` (JSON escapes control characters itself).
    let head = cable_citation_line(id, Some(cable));
    let head = terminal_safe(&head);
    if !full {
        return writeln!(out, "- {head}");
    }
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "## {head}")?;
    writeln!(out)?;
    if let Some(subject) = &cable.subject {
        writeln!(out, "SUBJECT: {}", terminal_safe(subject))?;
        writeln!(out)?;
    }
    if !cable.references.is_empty() {
        writeln!(out, "REF:")?;
        writeln!(out)?;
        for r in &cable.references {
            let text = match &r.label {
                Some(l) => format!("{l}. {}", r.text),
                None => r.text.clone(),
            };
            writeln!(out, "- {}", terminal_safe(&text))?;
        }
        writeln!(out)?;
    }
    let mut blocks: Vec<String> = Vec::new();
    for p in &cable.paragraphs {
        let marked = portion_marked(p);
        let text = match &p.number {
            Some(n) => format!("¶{n} {marked}"),
            None => marked,
        };
        blocks.extend(text.split("\n\n").map(str::to_string));
    }
    if cable.paragraphs.is_empty() && !cable.body.trim().is_empty() {
        blocks.push(cable.body.trim().to_string());
    }
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for line in block.trim_end().lines() {
            writeln!(out, "{}", terminal_safe(line))?;
        }
    }
    Ok(())
}

/// One cable as a CSV record of the [`CSV_HEADER`] columns; tags and
/// references (the IDs of cables cited, else the entry as written) joined
/// by `|`.
pub fn write_csv<W: Write>(w: &mut csv::Writer<W>, cable: &Cable) -> io::Result<()> {
    let references: Vec<&str> = cable
        .references
        .iter()
        .map(|r| r.id.as_deref().unwrap_or(&r.text))
        .collect();
    let record = [
        cable.id.clone().unwrap_or_default(),
        cable.created.map(|t| t.to_string()).unwrap_or_default(),
        cable
            .classification
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        cable.origin.clone().unwrap_or_default(),
        cable.subject.clone().unwrap_or_default(),
        cable.tags.join("|"),
        references.join("|"),
    ];
    // One line per field: a CSV on stdout may reach a terminal.
    w.write_record(record.iter().map(|f| terminal_safe(f).into_owned()))
        .map_err(io::Error::from)
}

/// One `show --json` object on one line.
pub fn write_jsonl(out: &mut (impl Write + ?Sized), json: &CableJson<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, json).map_err(io::Error::from)?;
    writeln!(out)
}

/// A CSL-JSON item (the fields of the CSL data schema it fills).
#[derive(Debug, Serialize)]
pub struct CslItem {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<CslDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub number: String,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A CSL date: `{"date-parts": [[2007, 3, 12]]}`.
#[derive(Debug, Serialize)]
pub struct CslDate {
    #[serde(rename = "date-parts")]
    pub date_parts: [[u16; 3]; 1],
}

impl CslItem {
    pub fn of(cable: &Cable) -> CslItem {
        let id = cable.id.clone().unwrap_or_default();
        CslItem {
            title: cable.subject.clone(),
            issued: cable.created.map(|t| CslDate {
                date_parts: [[t.year, u16::from(t.month), u16::from(t.day)]],
            }),
            publisher: cable.origin.clone(),
            number: id.clone(),
            url: release_url(cable),
            kind: "report",
            id,
        }
    }
}

/// One CSL-JSON item (without the array's commas).
pub fn write_csl_item(out: &mut (impl Write + ?Sized), cable: &Cable) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &CslItem::of(cable)).map_err(io::Error::from)
}

/// The address of the cable's page in the release,
/// `…/cable/YYYY/MM/ID.html`; none without an ID and a date.
pub fn release_url(cable: &Cable) -> Option<String> {
    let id = cable.id.as_deref()?;
    let t = cable.created?;
    Some(format!(
        "{RELEASE_SITE}/cable/{:04}/{:02}/{id}.html",
        t.year, t.month
    ))
}

/// One cable as a BibTeX `@misc` entry keyed by its ID, with the fields of
/// the CSL item; the title in double braces keeps its capitals.
pub fn write_bibtex(out: &mut (impl Write + ?Sized), cable: &Cable, first: bool) -> io::Result<()> {
    let id = cable.id.as_deref().unwrap_or("");
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "@misc{{{},", bibtex_key(id))?;
    if let Some(subject) = &cable.subject {
        writeln!(out, "  title = {{{{{}}}}},", bibtex_escape(subject))?;
    }
    if let Some(origin) = &cable.origin {
        writeln!(out, "  publisher = {{{}}},", bibtex_escape(origin))?;
    }
    if let Some(t) = cable.created {
        writeln!(out, "  date = {{{}}},", t.date_string())?;
        writeln!(out, "  year = {{{}}},", t.year)?;
        writeln!(out, "  month = {{{}}},", t.month)?;
    }
    writeln!(out, "  number = {{{}}},", bibtex_escape(id))?;
    writeln!(out, "  type = {{report}},")?;
    if let Some(url) = release_url(cable) {
        writeln!(out, "  url = {{{url}}},")?;
    }
    writeln!(out, "}}")
}

/// A citation key: the ID, which is letters and digits; anything else
/// (never in a release ID) dropped, as BibTeX keys cannot hold it.
fn bibtex_key(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A value safe inside braces: the characters TeX treats specially are
/// escaped, so that an `&` or an unbalanced brace in a subject cannot
/// break the entry.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            // Line breaks and escape sequences have no place in a field.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cable_with_subject(subject: &str) -> Cable {
        let mut c = crate::cable::parse::parse("");
        c.id = Some("07FICTIONIA101".into());
        c.subject = Some(subject.into());
        c
    }

    #[test]
    fn markdown_and_csv_neutralise_escape_sequences() {
        let c = cable_with_subject("A\x1b[31mB");
        let mut md = Vec::new();
        write_markdown(&mut md, &c, false, true).unwrap();
        assert_eq!(
            String::from_utf8(md).unwrap(),
            "- 07FICTIONIA101 · A\u{FFFD}[31mB\n"
        );
        let mut w = csv::Writer::from_writer(Vec::new());
        write_csv(&mut w, &c).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(!text.contains('\x1b'), "{text:?}");
    }

    #[test]
    fn bibtex_specials_are_escaped() {
        assert_eq!(
            bibtex_escape("A & B {x} 50% #1 a_b $ ~ ^ \\"),
            "A \\& B \\{x\\} 50\\% \\#1 a\\_b \\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
    }

    #[test]
    fn id_lines_skip_blanks_and_comments_and_name_a_bad_line() {
        let text = "# mine\n\n07fictionia101\n  09MOSCOW100  \nnot an id\n";
        let lines: Vec<_> = IdLines::new(Path::new("ids.txt"), text.as_bytes()).collect();
        assert_eq!(
            lines[0].as_ref().unwrap(),
            &(3, "07FICTIONIA101".to_string())
        );
        assert_eq!(lines[1].as_ref().unwrap(), &(4, "09MOSCOW100".to_string()));
        let err = lines[2].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("ids.txt, line 5:"), "{err}");
    }
}
