//! Import: inputs → parsed cables → the index, streamed.
//!
//! A reader thread walks the inputs and reads them (files, directories,
//! release CSVs, standard input) into batches of raw cables, through a
//! bounded channel; the calling thread parses each batch (in parallel with
//! rayon when there are cores to spare besides tantivy's indexing threads),
//! adds the cables one by one in input order, and commits every
//! [`ImportOptions::commit_every`] changed cables and at the end. At most a
//! few batches are in memory at once, whatever the size of the input.
//!
//! A commit is the unit of durability: killed at any moment, the library
//! holds every cable of the last commit, and re-running the same import
//! completes it (the cables already stored are duplicates).
//!
//! Which copy of a cable wins when it arrives again: a copy of higher
//! [`SourceRank`] replaces a lower one (release CSV row > release page >
//! other text); between different copies of equal rank the one from the
//! later import wins, and within one import the first one met, so that
//! importing the same inputs again changes nothing.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{bounded, RecvTimeoutError, Sender};
use rayon::prelude::*;
use serde::Serialize;

use super::index::{SourceRank, StoredCable};
use super::writer::{content_hash, AddOutcome, LibraryWriter};
use super::{parse_named, rebuild_index, Library, LibraryError, Result};
use crate::cable::{parse_with, Cable, ParseOptions};
use crate::source::walk::{self, Walk};
use crate::source::{Input, RawCable, SourceError};

/// Commit after this many added or updated cables (and at the end). A
/// commit flushes the indexing threads' segments early, and smaller
/// segments cost merges: on the full release, committing every 50,000
/// cost more than committing every 100,000, which loses at most about 20 s
/// of an import killed before its next commit.
pub const DEFAULT_COMMIT_EVERY: usize = 100_000;

/// Environment variable that overrides [`DEFAULT_COMMIT_EVERY`]: a positive
/// number of cables. Meant for tests that need several commits from a small
/// input (the SIGKILL test of `tests/import.rs` sets it).
pub const COMMIT_EVERY_ENV: &str = "CABLEGRAM_COMMIT_EVERY";

/// Test-only: when this environment variable is set, the import writes
/// `cablegram-trace: handed N` to stderr after handing the Nth cable to the
/// index and `cablegram-trace: committed N` after each commit (N cables
/// then stored), so that a test can kill it at a chosen point
/// (`tests/crash_import.rs`). Nothing sets it in normal use.
pub const TRACE_ENV: &str = "CABLEGRAM_TEST_TRACE_IMPORT";

/// A batch of raw cables handed from the reader thread to the parsers.
const BATCH_CABLES: usize = 1024;
/// A batch also ends when its texts add up to this many bytes.
const BATCH_BYTES: usize = 16 << 20;
/// Batches read ahead of the parsers.
const BATCHES_AHEAD: usize = 2;
/// How often progress is reported while waiting for input.
const TICK: Duration = Duration::from_millis(100);

/// What the caller chooses.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The year to assume for a cable whose text has none and whose file
    /// name is no cable ID (`--year`).
    pub year: Option<u16>,
    /// Drop the index first and start over (`--rebuild`); every other file
    /// of the library directory is kept.
    pub rebuild: bool,
    /// Commit after this many added or updated cables.
    pub commit_every: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            year: None,
            rebuild: false,
            commit_every: DEFAULT_COMMIT_EVERY,
        }
    }
}

impl ImportOptions {
    /// [`COMMIT_EVERY_ENV`] when it holds a positive number, else
    /// [`DEFAULT_COMMIT_EVERY`].
    pub fn commit_every_from_env() -> usize {
        std::env::var(COMMIT_EVERY_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_COMMIT_EVERY)
    }
}

/// The report of an import: the `--json` object of docs/cli.md. Every cable
/// or input met is counted once in `read` and once in exactly one of the
/// other four: `read = added + updated + duplicates + rejected.len()`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub read: u64,
    pub added: u64,
    pub updated: u64,
    pub duplicates: u64,
    pub rejected: Vec<Rejected>,
}

/// A cable, CSV row or input that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The file as given (or found in a directory); `<stdin>` for standard
    /// input.
    pub path: String,
    /// The 1-based data row of a CSV.
    pub row: Option<u64>,
    /// One sentence, without the path and row.
    pub reason: String,
}

impl fmt::Display for Rejected {
    /// `cables.csv: row 2: broken quote …`, or `a.txt: the file is empty`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(row) => write!(f, "{}: row {row}: {}", self.path, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// How an import ended.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub report: ImportReport,
    /// Stopped by the interruption flag; what was read is committed.
    pub interrupted: bool,
    /// The bundled samples were removed (the first import).
    pub samples_removed: bool,
    /// Cables in the library afterwards.
    pub cables: u64,
}

/// Where an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read from the inputs (compressed bytes for a `.gz`).
    pub bytes_read: u64,
    /// Their total size; `None` when unknown (standard input, a pipe).
    pub bytes_total: Option<u64>,
    /// Cables (and rejected inputs) handled so far.
    pub cables: u64,
    /// True while a commit is being written.
    pub committing: bool,
}

/// What an import tells its caller while it runs.
#[derive(Debug)]
pub enum ImportEvent<'a> {
    Progress(Progress),
    /// An input or cable was rejected (it is also in the report).
    Rejected(&'a Rejected),
    /// The bundled samples were removed before the first cable was added.
    SamplesRemoved,
}

/// Imports `inputs` into the library in `dir` (created when it does not
/// exist). Reports progress and rejections through `on_event`; stops
/// reading when `interrupt` becomes true, commits what was added and
/// returns with `interrupted` set.
///
/// Errors: the library cannot be opened (not a library, another schema
/// without `rebuild`, busy with another import) or written. A bad input is
/// no error: it is rejected in the report and the others go on.
pub fn import(
    dir: &Path,
    inputs: &[Input],
    opts: &ImportOptions,
    on_event: &mut dyn FnMut(ImportEvent<'_>),
    interrupt: &Arc<AtomicBool>,
) -> Result<ImportOutcome> {
    let mut lib = open_for_import(dir, opts.rebuild)?;
    let mut writer = lib.writer()?;
    let bytes_total = walk::total_bytes(inputs);
    let bytes_read = Arc::new(AtomicU64::new(0));

    let (tx, rx) = bounded::<Batch>(BATCHES_AHEAD);
    let reader = {
        let inputs = inputs.to_vec();
        let bytes_read = Arc::clone(&bytes_read);
        let interrupt = Arc::clone(interrupt);
        std::thread::Builder::new()
            .name("cablegram-import-reader".into())
            .spawn(move || read_inputs(inputs, &bytes_read, &interrupt, tx))
            .map_err(|source| LibraryError::Io {
                path: dir.to_path_buf(),
                source,
            })?
    };

    let mut run = Run {
        writer: &mut writer,
        report: ImportReport::default(),
        seen: HashSet::new(),
        since_commit: 0,
        samples_removed: false,
        commit_every: opts.commit_every.max(1),
        bytes_done: 0,
    };
    let progress = |run: &Run, committing: bool| Progress {
        bytes_read: run.bytes_done,
        bytes_total,
        cables: run.report.read,
        committing,
    };
    let parsers = parse_pool();
    let trace = std::env::var_os(TRACE_ENV).is_some();
    let mut interrupted = false;
    loop {
        if interrupt.load(Ordering::Relaxed) {
            interrupted = true;
            break;
        }
        let batch = match rx.recv_timeout(TICK) {
            Ok(batch) => {
                run.bytes_done = batch.bytes_read;
                batch.items
            }
            Err(RecvTimeoutError::Timeout) => {
                on_event(ImportEvent::Progress(progress(&run, false)));
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                run.bytes_done = bytes_read.load(Ordering::Relaxed);
                break;
            }
        };
        let year = opts.year;
        let prepared: Vec<Prepared> = match &parsers {
            Some(pool) => pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|item| prepare(item, year))
                    .collect()
            }),
            None => batch.into_iter().map(|item| prepare(item, year)).collect(),
        };
        for p in prepared {
            run.take(p, on_event)?;
            if trace {
                eprintln!("cablegram-trace: handed {}", run.report.read);
            }
            if run.since_commit >= run.commit_every {
                on_event(ImportEvent::Progress(progress(&run, true)));
                run.writer.commit()?;
                run.since_commit = 0;
                if trace {
                    eprintln!("cablegram-trace: committed {}", run.writer.len());
                }
            }
        }
        on_event(ImportEvent::Progress(progress(&run, false)));
    }
    on_event(ImportEvent::Progress(progress(&run, true)));
    let Run {
        report,
        samples_removed,
        ..
    } = run;
    if interrupted {
        // The reader may be blocked on standard input: leave it behind (it
        // ends with the process, or at its next send into the dropped
        // channel). Commit without waiting for background merges.
        drop(rx);
        writer.commit()?;
        drop(writer);
    } else {
        if reader.join().is_err() {
            return Err(LibraryError::Io {
                path: dir.to_path_buf(),
                source: io::Error::other("the thread reading the inputs stopped unexpectedly"),
            });
        }
        let stored = writer.len();
        writer.finish()?;
        if trace {
            eprintln!("cablegram-trace: committed {stored}");
        }
    }
    lib.reload()?;
    Ok(ImportOutcome {
        report,
        interrupted,
        samples_removed,
        cables: lib.len(),
    })
}

/// The threads that parse: the cores left over by tantivy's two indexing
/// threads (`writer.rs`), which are the bottleneck. With no core left over
/// (`None`) the calling thread parses: on two cores a parallel parse gains
/// no time, only fills tantivy's queue of pending documents (up to 10,000)
/// faster and spreads allocations over more malloc arenas, which cost
/// about 600 MB more peak RSS on the full release.
fn parse_pool() -> Option<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let spare = cores.saturating_sub(2);
    if spare < 2 {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(spare)
        .thread_name(|i| format!("cablegram-parse-{i}"))
        .build()
        .ok()
}

/// Opens the library for an import; with `rebuild`, first drops its index
/// (a library that cannot be read because of its schema or a damaged index
/// is rebuilt; a directory that is not a library is still refused).
fn open_for_import(dir: &Path, rebuild: bool) -> Result<Library> {
    if rebuild {
        match Library::open(dir) {
            Ok(_)
            | Err(LibraryError::OldSchema { .. })
            | Err(LibraryError::Damaged(..))
            | Err(LibraryError::Index { .. }) => {}
            Err(e) => return Err(e),
        }
        rebuild_index(dir)?;
    }
    Library::open(dir)
}

/// The state of one import on the writing side.
struct Run<'w> {
    writer: &'w mut LibraryWriter,
    report: ImportReport,
    /// IDs met in this import: between two different copies of equal rank
    /// in one import, the first one wins.
    seen: HashSet<String>,
    /// Cables added or updated since the last commit.
    since_commit: usize,
    /// Input bytes read up to the end of the last batch handled.
    bytes_done: u64,
    samples_removed: bool,
    commit_every: usize,
}

impl Run<'_> {
    fn take(&mut self, p: Prepared, on_event: &mut dyn FnMut(ImportEvent<'_>)) -> Result<()> {
        self.report.read += 1;
        let stored = match p {
            Prepared::Cable(stored) => stored,
            Prepared::Rejected(r) => {
                on_event(ImportEvent::Rejected(&r));
                self.report.rejected.push(r);
                return Ok(());
            }
        };
        if self.writer.has_samples() {
            self.writer.clear()?;
            self.samples_removed = true;
            on_event(ImportEvent::SamplesRemoved);
        }
        let id = stored.cable.id.clone().unwrap_or_default();
        let first_copy_wins = self.seen.contains(&id)
            && self
                .writer
                .stored(&id)
                .is_some_and(|(rank, hash)| rank == stored.rank && hash != stored.hash);
        let outcome = if first_copy_wins {
            AddOutcome::Duplicate
        } else {
            self.writer.add(*stored)?
        };
        self.seen.insert(id);
        match outcome {
            AddOutcome::Added => self.report.added += 1,
            AddOutcome::Updated => self.report.updated += 1,
            AddOutcome::Duplicate => self.report.duplicates += 1,
        }
        if outcome != AddOutcome::Duplicate {
            self.since_commit += 1;
        }
        Ok(())
    }
}

type Item = std::result::Result<RawCable, SourceError>;

/// Raw cables on their way to the parsers, and how far the reader was in
/// the inputs when it sent them (progress follows the cables handled, not
/// the reader running ahead).
struct Batch {
    items: Vec<Item>,
    bytes_read: u64,
}

/// A cable ready for the index, or why it is not.
enum Prepared {
    Cable(Box<StoredCable>),
    Rejected(Rejected),
}

/// Parses one raw cable (or turns a source error into a rejection).
fn prepare(item: Item, year: Option<u16>) -> Prepared {
    let raw = match item {
        Ok(raw) => raw,
        Err(e) => return Prepared::Rejected(rejected_from_source(&e)),
    };
    let cable = parse_for_import(&raw, year);
    if cable.id.is_none() {
        return Prepared::Rejected(Rejected {
            path: raw.origin.path.to_string_lossy().into_owned(),
            row: raw.origin.row,
            reason: no_id_reason(&raw, year).to_string(),
        });
    }
    let rank = rank_of(&raw);
    Prepared::Cable(Box::new(StoredCable {
        hash: content_hash(&raw.text, raw.metadata.as_ref()),
        cable,
        raw: raw.text,
        rank,
    }))
}

/// Which kind of copy a raw cable is.
fn rank_of(raw: &RawCable) -> SourceRank {
    if raw.metadata.is_some() {
        SourceRank::ReleaseCsv
    } else if is_release_page(&raw.text) {
        SourceRank::ReleasePage
    } else {
        SourceRank::Text
    }
}

/// A release web page carries the release's metadata table.
fn is_release_page(text: &str) -> bool {
    text.contains("<table class='cable'>") || text.contains("<table class=\"cable\">")
}

/// Parses a cable for the library: the text's own ID wins; a file named
/// after its ID (`09BERLIN1296.txt`) supplies ID and year when the text has
/// none; `year` (`--year`) comes last.
pub fn parse_for_import(raw: &RawCable, year: Option<u16>) -> Cable {
    let name = file_name_id(raw);
    let cable = parse_named(&raw.text, name.as_deref(), raw.metadata.clone());
    if cable.id.is_some() || year.is_none() {
        return cable;
    }
    parse_with(
        &raw.text,
        &ParseOptions {
            year,
            metadata: raw.metadata.clone(),
        },
    )
}

/// The file name of a single-cable file, without a `.gz`, for
/// `parse_named` to try as an ID (it drops the extension itself).
fn file_name_id(raw: &RawCable) -> Option<String> {
    if raw.origin.row.is_some() {
        return None;
    }
    let name = raw.origin.path.file_name()?.to_string_lossy();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Some(name.to_string())
}

/// Why a parsed cable has no ID, as one sentence.
fn no_id_reason(raw: &RawCable, year: Option<u16>) -> &'static str {
    // Would a year have helped? Only then is `--year` worth suggesting.
    let with_year = parse_with(
        &raw.text,
        &ParseOptions {
            year: Some(2000),
            metadata: raw.metadata.clone(),
        },
    );
    let year_helps = year.is_none() && with_year.id.is_some();
    match (raw.origin.row.is_some(), year_helps) {
        (false, true) => {
            "no ID: its text has no year and its file name is no cable ID; give the year with --year"
        }
        (true, true) => {
            "no ID: the row's ID column is empty and its text has no year; give the year with --year"
        }
        (false, false) => {
            "no ID: its text names no station and serial number and its file name is no cable ID"
        }
        (true, false) => {
            "no ID: the row's ID column is empty and its text names no station and serial number"
        }
    }
}

/// A source error as a rejection: the message without its leading path
/// and row, which the rejection carries as fields.
fn rejected_from_source(e: &SourceError) -> Rejected {
    let path = e.path().to_string_lossy().into_owned();
    let row = e.row();
    let message = e.to_string();
    let mut reason = message.as_str();
    if let Some(rest) = reason.strip_prefix(&format!("{path}: ")) {
        reason = rest;
    }
    if let Some(row) = row {
        if let Some(rest) = reason.strip_prefix(&format!("row {row} ")) {
            reason = rest;
            // `(line 12): ` — the row's first line, which the row implies.
            if let Some(end) = reason
                .strip_prefix("(line ")
                .and_then(|r| r.find("): ").map(|i| i + "(line ".len() + 3))
            {
                reason = &reason[end..];
            }
        }
    }
    Rejected {
        path,
        row,
        reason: reason.to_string(),
    }
}

/// The reader thread: every input in order, into batches.
fn read_inputs(
    inputs: Vec<Input>,
    bytes_read: &Arc<AtomicU64>,
    interrupt: &AtomicBool,
    tx: Sender<Batch>,
) {
    let mut out = Batcher {
        tx,
        bytes_read: Arc::clone(bytes_read),
        batch: Vec::new(),
        bytes: 0,
        interrupt,
    };
    for input in inputs {
        let go_on = match input {
            Input::Stdin => out.push_all(walk::open_stdin_counted(Arc::clone(bytes_read))),
            Input::Path(path) => read_path(path, bytes_read, &mut out),
        };
        if !go_on {
            return;
        }
    }
    out.flush();
}

/// Every file under `path`; false when the import stops.
fn read_path(path: PathBuf, bytes_read: &Arc<AtomicU64>, out: &mut Batcher) -> bool {
    for item in Walk::new([path]) {
        let go_on = match item {
            Ok(file) => {
                let before = bytes_read.load(Ordering::Relaxed);
                let size = fs::metadata(&file)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len());
                let go_on = out.push_all(walk::open_counted(&file, Arc::clone(bytes_read)));
                // A file rejected after its first bytes still counts whole.
                if let Some(size) = size {
                    bytes_read.store(before + size, Ordering::Relaxed);
                }
                go_on
            }
            Err(e) => out.push(Err(e)),
        };
        if !go_on {
            return false;
        }
    }
    true
}

/// Collects items into batches and sends them.
struct Batcher<'a> {
    tx: Sender<Batch>,
    bytes_read: Arc<AtomicU64>,
    batch: Vec<Item>,
    bytes: usize,
    interrupt: &'a AtomicBool,
}

impl Batcher<'_> {
    /// The cables of one opened input; false when the import stops.
    fn push_all(
        &mut self,
        opened: std::result::Result<crate::source::Cables, SourceError>,
    ) -> bool {
        match opened {
            Ok(cables) => {
                for item in cables {
                    if !self.push(item) {
                        return false;
                    }
                }
                true
            }
            Err(e) => self.push(Err(e)),
        }
    }

    /// One item; false when the import stops (interrupted, or the
    /// receiving side is gone).
    fn push(&mut self, item: Item) -> bool {
        if self.interrupt.load(Ordering::Relaxed) {
            return false;
        }
        self.bytes += item.as_ref().map_or(0, |raw| raw.text.len());
        self.batch.push(item);
        if self.batch.len() >= BATCH_CABLES || self.bytes >= BATCH_BYTES {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        self.bytes = 0;
        if self.batch.is_empty() {
            return true;
        }
        let batch = Batch {
            items: std::mem::take(&mut self.batch),
            bytes_read: self.bytes_read.load(Ordering::Relaxed),
        };
        self.tx.send(batch).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::Metadata;
    use crate::source::Location;

    fn raw(path: &str, row: Option<u64>, text: &str, metadata: Option<Metadata>) -> RawCable {
        RawCable {
            origin: Location {
                path: path.into(),
                row,
                line: 1,
            },
            text: text.to_string(),
            metadata,
        }
    }

    const PARTIAL: &str = "CONFIDENTIAL FICTIONIA 000142\n\nSUBJECT: TURNIPS\n\n1. (C) Invented.\n";

    fn quiet() -> impl FnMut(ImportEvent<'_>) {
        |_| {}
    }

    fn no_interrupt() -> Arc<AtomicBool> {
        Arc::new(AtomicBool::new(false))
    }

    #[test]
    fn the_texts_own_id_wins_over_the_file_name() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/07FICTIONIA101.txt"
        ))
        .unwrap();
        let cable = parse_for_import(&raw("dir/07FICTIONIA999.txt", None, &text, None), None);
        assert_eq!(cable.id.as_deref(), Some("07FICTIONIA101"));
    }

    #[test]
    fn a_file_named_after_its_id_supplies_it_and_year_comes_last() {
        let by_name = parse_for_import(
            &raw("d/07FICTIONIA142.txt", None, PARTIAL, None),
            Some(2003),
        );
        assert_eq!(by_name.id.as_deref(), Some("07FICTIONIA142"));
        let gz = parse_for_import(&raw("d/07FICTIONIA142.txt.gz", None, PARTIAL, None), None);
        assert_eq!(gz.id.as_deref(), Some("07FICTIONIA142"));
        let by_year = parse_for_import(&raw("d/partial.txt", None, PARTIAL, None), Some(2003));
        assert_eq!(by_year.id.as_deref(), Some("03FICTIONIA142"));
        let none = parse_for_import(&raw("d/partial.txt", None, PARTIAL, None), None);
        assert_eq!(none.id, None);
    }

    #[test]
    fn a_cable_without_id_is_rejected_with_a_reason_that_fits() {
        let Prepared::Rejected(r) = prepare(Ok(raw("d/partial.txt", None, PARTIAL, None)), None)
        else {
            panic!("accepted a cable without ID");
        };
        assert_eq!(r.path, "d/partial.txt");
        assert_eq!(r.row, None);
        assert!(r.reason.contains("--year"), "{}", r.reason);
        let Prepared::Rejected(r) = prepare(
            Ok(raw("d/notes.txt", None, "just some notes\n", None)),
            Some(2007),
        ) else {
            panic!("accepted a cable without ID");
        };
        assert!(!r.reason.contains("--year"), "{}", r.reason);
        assert!(r.reason.starts_with("no ID: "), "{}", r.reason);
    }

    #[test]
    fn ranks_follow_the_kind_of_copy() {
        let meta = Metadata {
            id: Some("07FICTIONIA142".into()),
            ..Metadata::default()
        };
        assert_eq!(
            rank_of(&raw("c.csv", Some(1), PARTIAL, Some(meta))),
            SourceRank::ReleaseCsv
        );
        let page = "<html><table class='cable'><tr><td>07FICTIONIA142</td></tr></table>";
        assert_eq!(
            rank_of(&raw("p.html", None, page, None)),
            SourceRank::ReleasePage
        );
        assert_eq!(
            rank_of(&raw("p.txt", None, PARTIAL, None)),
            SourceRank::Text
        );
    }

    #[test]
    fn a_source_error_becomes_a_rejection_without_repeating_path_and_row() {
        let e = SourceError::Truncated {
            location: Location {
                path: "x/cables.csv".into(),
                row: Some(2),
                line: 12,
            },
        };
        let r = rejected_from_source(&e);
        assert_eq!(r.path, "x/cables.csv");
        assert_eq!(r.row, Some(2));
        assert_eq!(
            r.reason,
            "the file ends in the middle of this row; it is truncated"
        );
        assert_eq!(
            r.to_string(),
            "x/cables.csv: row 2: the file ends in the middle of this row; it is truncated"
        );
        let e = SourceError::Empty {
            path: "e.txt".into(),
        };
        assert_eq!(
            rejected_from_source(&e).to_string(),
            "e.txt: the file is empty"
        );
    }

    #[test]
    fn the_report_serialises_as_the_contract_says() {
        let report = ImportReport {
            read: 2,
            added: 1,
            updated: 0,
            duplicates: 0,
            rejected: vec![Rejected {
                path: "a.csv".into(),
                row: Some(3),
                reason: "bad".into(),
            }],
        };
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            r#"{"read":2,"added":1,"updated":0,"duplicates":0,"rejected":[{"path":"a.csv","row":3,"reason":"bad"}]}"#
        );
    }

    fn fixture(name: &str) -> Input {
        Input::Path(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(name),
        )
    }

    #[test]
    fn an_import_removes_the_samples_and_a_second_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = [fixture("cables.csv")];
        let mut removed = 0;
        let out = import(
            dir.path(),
            &inputs,
            &ImportOptions::default(),
            &mut |e| {
                if matches!(e, ImportEvent::SamplesRemoved) {
                    removed += 1;
                }
            },
            &no_interrupt(),
        )
        .unwrap();
        assert_eq!(removed, 1);
        assert!(out.samples_removed);
        assert_eq!((out.report.read, out.report.added), (5, 5));
        assert_eq!(out.cables, 5);
        let again = import(
            dir.path(),
            &inputs,
            &ImportOptions::default(),
            &mut quiet(),
            &no_interrupt(),
        )
        .unwrap();
        assert!(!again.samples_removed);
        assert_eq!(
            (
                again.report.read,
                again.report.added,
                again.report.updated,
                again.report.duplicates
            ),
            (5, 0, 0, 5)
        );
        assert_eq!(again.cables, 5);
    }

    #[test]
    fn two_copies_of_equal_rank_in_one_import_do_not_flip_on_a_rerun() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = [fixture("07FICTIONIA130.md"), fixture("07FICTIONIA130.txt")];
        let first = import(
            dir.path(),
            &inputs,
            &ImportOptions::default(),
            &mut quiet(),
            &no_interrupt(),
        )
        .unwrap();
        assert_eq!((first.report.added, first.report.duplicates), (1, 1));
        let again = import(
            dir.path(),
            &inputs,
            &ImportOptions::default(),
            &mut quiet(),
            &no_interrupt(),
        )
        .unwrap();
        assert_eq!((again.report.updated, again.report.duplicates), (0, 2));
        let lib = Library::open(dir.path()).unwrap();
        let stored = lib.get("07FICTIONIA130").unwrap().unwrap();
        assert!(
            stored.raw.contains("[EAGR](#)"),
            "the first copy met is kept"
        );
    }

    #[test]
    fn an_interrupted_import_commits_nothing_more_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let stop = Arc::new(AtomicBool::new(true));
        let out = import(
            dir.path(),
            &[fixture("cables.csv")],
            &ImportOptions::default(),
            &mut quiet(),
            &stop,
        )
        .unwrap();
        assert!(out.interrupted);
        assert_eq!(out.report.read, 0);
        // Nothing was added, so the samples are still there.
        assert!(!out.samples_removed);
        assert!(Library::open(dir.path()).unwrap().is_samples());
    }
}
