//! The one façade over a library directory: the tantivy index of cables,
//! and beside it the library's own small files. The CLI and the TUI talk to
//! `Library` only.
//!
//! Layout of a library directory:
//!
//! ```text
//! library.json   what this is: schema version, samples or not, last import
//! index/         the tantivy index
//! import.lock    held (OS file lock, pid inside) by the one writer
//! bookmarks.json the paragraph bookmarks (store/), outside the index
//! session.json   where the reader was (store/)
//! read-marks.txt the cables read (store/)
//! saved-searches.json the saved searches (store/)
//! bookmarks.lock held (OS file lock) around changes to those files
//! ```

mod cable_store;
pub mod export;
pub mod import;
pub mod index;
mod lock;
mod marks;
mod overview;
mod page;
pub mod query;
pub mod refs;
pub mod related;
mod search;
pub mod store;
pub mod thread;
mod writer;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::cable::parse::ids;
use crate::cable::{parse_with, Metadata, ParseOptions, Timestamp};
pub use import::{
    import, ImportEvent, ImportOptions, ImportOutcome, ImportReport, Progress, Rejected,
};
pub use index::{SourceRank, StoredCable};
pub use lock::ImportLock;
pub use marks::ListCounts;
pub use overview::{FacetCount, FacetKind, Overview};
pub use page::{ListQuery, ListRow, Page};
pub use refs::RefStatus;
pub use related::Step;
pub use search::{matches as match_ranges, Hit, SearchResults, Snippet, Sort};
pub use store::{
    atomic_write, now_iso, read_backup, retry_set_aside, Bookmark, ImportCounts, ReadMarks,
    SavedSearch, Session, SessionPlace, SessionView, Store,
};
pub use writer::{content_hash, rebuild as rebuild_index, AddOutcome, LibraryWriter};

const META_FILE: &str = "library.json";
const INDEX_DIR: &str = "index";

/// What can go wrong with a library. Each message is one sentence naming
/// the directory or file at fault.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{0} exists, is not empty and is not a cablegram library; choose another directory with --library")]
    NotALibrary(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0} is damaged ({1}); move it away and run `cablegram import --rebuild`")]
    Damaged(PathBuf, String),
    #[error("the library in {dir} was written by another version of cablegram (schema {found}, this version reads {expected}); run `cablegram import --rebuild PATH...` to rebuild it")]
    OldSchema {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("the library is busy (import running, pid {pid}); wait for it to finish")]
    Busy { pid: String },
    #[error("the index in {dir} cannot be read: {message}")]
    Index { dir: PathBuf, message: String },
    #[error(transparent)]
    Query(#[from] query::QueryError),
    #[error(
        "no home directory to put the library in; set CABLEGRAM_LIBRARY or pass --library DIR"
    )]
    NoHome,
    #[error("{path} could not be read ({reason}), so it was set aside as {moved_to}; a new one is started in its place")]
    SetAside {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
    #[error("{path} is not a valid bookmarks backup: {reason}")]
    BadBackup { path: PathBuf, reason: String },
    #[error("{0}")]
    BadBookmark(String),
    #[error("{0}")]
    BadSavedSearch(String),
}

pub type Result<T> = std::result::Result<T, LibraryError>;

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> LibraryError + '_ {
    move |source| LibraryError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn index_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> LibraryError + '_ {
    move |e| LibraryError::Index {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    }
}

/// The library directory: `--library DIR`, else `CABLEGRAM_LIBRARY`, else
/// the platform data directory.
pub fn locate(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("CABLEGRAM_LIBRARY").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "cablegram", "cablegram")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(LibraryError::NoHome)
}

/// `library.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LibraryMeta {
    pub schema_version: u32,
    /// True while the library holds only the bundled samples.
    pub samples: bool,
    /// When the last import finished or was interrupted (ISO 8601, UTC).
    pub last_import: Option<String>,
}

/// The five seed cables, bundled so that a fresh install has something to
/// read; the file name gives the ID where the text has no year.
pub const SAMPLES: [(&str, &str); 5] = [
    (
        "07MOSCOW1026",
        include_str!("../../assets/samples/07MOSCOW1026.txt"),
    ),
    (
        "07MOSCOW5349",
        include_str!("../../assets/samples/07MOSCOW5349.txt"),
    ),
    (
        "05MOSCOW11807",
        include_str!("../../assets/samples/05MOSCOW11807.txt"),
    ),
    (
        "09MOSCOW501",
        include_str!("../../assets/samples/09MOSCOW501.txt"),
    ),
    (
        "08MOSCOW820",
        include_str!("../../assets/samples/08MOSCOW820.txt"),
    ),
];

/// Parses a cable whose file name may be its ID: the text's own ID wins;
/// a name that is an ID supplies ID and year when the text has none.
pub fn parse_named(text: &str, name_id: Option<&str>, metadata: Option<Metadata>) -> crate::Cable {
    let opts = ParseOptions {
        year: None,
        metadata: metadata.clone(),
    };
    let cable = parse_with(text, &opts);
    if cable.id.is_some() {
        return cable;
    }
    let Some(id) = name_id.and_then(ids::normalize_id) else {
        return cable;
    };
    let year = id.get(..2).and_then(ids::full_year);
    let mut meta = metadata.unwrap_or_default();
    meta.id = Some(id);
    parse_with(
        text,
        &ParseOptions {
            year,
            metadata: Some(meta),
        },
    )
}

/// A library directory opened for reading (and for writing through
/// [`Library::writer`]).
pub struct Library {
    dir: PathBuf,
    meta: LibraryMeta,
    index: Index,
    fields: index::Fields,
    reader: IndexReader,
    /// The cables themselves; "store" alone means the user's files.
    cables: cable_store::CableStore,
    /// The citation counts of the newest searcher generation asked for
    /// (`citedby:`, `cites:missing`), kept until the index changes.
    citations: std::sync::Mutex<Option<std::sync::Arc<refs::Citations>>>,
    /// The read cables as bit sets of the newest searcher and marks asked
    /// for (the unread counts), kept until either changes.
    read_docs: std::sync::Mutex<Option<std::sync::Arc<marks::ReadDocs>>>,
}

impl Library {
    /// Opens the library in `dir`, creating it (with the bundled samples)
    /// when the directory does not exist or is empty.
    pub fn open(dir: &Path) -> Result<Library> {
        let meta_path = dir.join(META_FILE);
        if !meta_path.exists() {
            let empty = match fs::read_dir(dir) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => true,
                Err(e) => return Err(io_err(dir)(e)),
            };
            if !empty {
                return Err(LibraryError::NotALibrary(dir.to_path_buf()));
            }
            fs::create_dir_all(dir).map_err(io_err(dir))?;
            Library::create_with_samples(dir)?;
        }
        let meta = read_meta(dir)?;
        if meta.schema_version != index::SCHEMA_VERSION {
            return Err(LibraryError::OldSchema {
                dir: dir.to_path_buf(),
                found: meta.schema_version,
                expected: index::SCHEMA_VERSION,
            });
        }
        let index_dir = dir.join(INDEX_DIR);
        let (index, fields) = index::open(&index_dir).map_err(index_err(&index_dir))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_err(&index_dir))?;
        let store_path = dir.join(cable_store::STORE_FILE);
        let cables = cable_store::CableStore::open(&store_path).map_err(io_err(&store_path))?;
        Ok(Library {
            dir: dir.to_path_buf(),
            meta,
            index,
            fields,
            reader,
            cables,
            citations: std::sync::Mutex::new(None),
            read_docs: std::sync::Mutex::new(None),
        })
    }

    /// A new library holding the samples. Two processes starting on one
    /// empty directory at once: the lock lets one create it.
    fn create_with_samples(dir: &Path) -> Result<()> {
        let lock = ImportLock::acquire(dir)?;
        if dir.join(META_FILE).exists() {
            return Ok(());
        }
        let index_dir = dir.join(INDEX_DIR);
        if index_dir.exists() {
            // Left over from a creation that was killed half-way.
            fs::remove_dir_all(&index_dir).map_err(io_err(&index_dir))?;
        }
        fs::create_dir_all(&index_dir).map_err(io_err(&index_dir))?;
        let (index, fields) = index::create(&index_dir).map_err(index_err(&index_dir))?;
        let store_path = dir.join(cable_store::STORE_FILE);
        let _ = fs::remove_file(&store_path);
        let mut appender =
            cable_store::StoreAppender::open(&store_path).map_err(io_err(&store_path))?;
        let mut writer: tantivy::IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .map_err(index_err(&index_dir))?;
        for (id, text) in SAMPLES {
            let cable = parse_named(text, Some(id), None);
            let stored = StoredCable {
                hash: writer::content_hash(text, None),
                cable,
                raw: text.to_string(),
                rank: SourceRank::Sample,
            };
            let place = appender
                .append(&stored.cable, &stored.raw)
                .map_err(io_err(&store_path))?;
            let doc = index::document(&fields, &stored, place);
            writer.add_document(doc).map_err(index_err(&index_dir))?;
        }
        appender.sync().map_err(io_err(&store_path))?;
        writer.commit().map_err(index_err(&index_dir))?;
        writer
            .wait_merging_threads()
            .map_err(index_err(&index_dir))?;
        write_meta(
            dir,
            &LibraryMeta {
                schema_version: index::SCHEMA_VERSION,
                samples: true,
                last_import: None,
            },
        )?;
        drop(lock);
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn meta(&self) -> &LibraryMeta {
        &self.meta
    }

    /// True while the library shows only the bundled sample cables.
    pub fn is_samples(&self) -> bool {
        self.meta.samples
    }

    pub fn fields(&self) -> &index::Fields {
        &self.fields
    }

    pub(crate) fn cables(&self) -> &cable_store::CableStore {
        &self.cables
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Picks up what an import committed since the library was opened.
    pub fn reload(&mut self) -> Result<()> {
        self.reader
            .reload()
            .map_err(index_err(&self.dir.join(INDEX_DIR)))?;
        if let Ok(meta) = read_meta(&self.dir) {
            self.meta = meta;
        }
        Ok(())
    }

    /// Picks up what an import committed since the library was opened,
    /// without taking the library mutably (the reader shares it).
    pub fn refresh(&self) -> Result<()> {
        self.reader
            .reload()
            .map_err(index_err(&self.dir.join(INDEX_DIR)))
    }

    /// The number of cables.
    pub fn len(&self) -> u64 {
        self.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cable with this ID (any spelling `normalize_id` accepts).
    pub fn get(&self, id: &str) -> Result<Option<StoredCable>> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(None);
        };
        let searcher = self.searcher();
        let term = Term::from_field_text(self.fields.id, &id);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(self.index_error())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        index::stored_cable(&searcher, &self.cables, *address).map_err(self.index_error())
    }

    /// Whether a cable is in the library.
    pub fn contains(&self, id: &str) -> Result<bool> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(false);
        };
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, &id),
            IndexRecordOption::Basic,
        );
        let n = self
            .searcher()
            .search(&query, &Count)
            .map_err(self.index_error())?;
        Ok(n > 0)
    }

    /// Runs a query of the query language.
    pub fn search(&self, query: &str, limit: usize, sort: Option<Sort>) -> Result<SearchResults> {
        search::run(self, query, limit, sort)
    }

    /// Facts about the library for `info`.
    pub fn info(&self) -> Result<Info> {
        let searcher = self.searcher();
        let mut first: Option<i64> = None;
        let mut last: Option<i64> = None;
        for segment in searcher.segment_readers() {
            let column = segment
                .fast_fields()
                .date("created")
                .map_err(self.index_error())?;
            if segment.num_docs() > 0 && column.values.num_vals() > 0 {
                let lo = column.min_value().into_timestamp_secs();
                let hi = column.max_value().into_timestamp_secs();
                first = Some(first.map_or(lo, |f| f.min(lo)));
                last = Some(last.map_or(hi, |l| l.max(hi)));
            }
        }
        Ok(Info {
            path: self.dir.clone(),
            cables: searcher.num_docs(),
            samples: self.meta.samples,
            first: first.and_then(index::timestamp_of),
            last: last.and_then(index::timestamp_of),
            size_bytes: dir_size(&self.dir),
            last_import: self.meta.last_import.clone(),
            schema_version: self.meta.schema_version,
        })
    }

    /// Opens the library for writing: takes the import lock.
    pub fn writer(&self) -> Result<LibraryWriter> {
        LibraryWriter::open(self)
    }

    fn index_error(&self) -> impl Fn(tantivy::TantivyError) -> LibraryError + '_ {
        move |e| LibraryError::Index {
            dir: self.dir.join(INDEX_DIR),
            message: e.to_string(),
        }
    }
}

/// `cablegram info`.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    pub path: PathBuf,
    pub cables: u64,
    pub samples: bool,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub size_bytes: u64,
    pub last_import: Option<String>,
    pub schema_version: u32,
}

fn read_meta(dir: &Path) -> Result<LibraryMeta> {
    let path = dir.join(META_FILE);
    let text = fs::read_to_string(&path).map_err(io_err(&path))?;
    serde_json::from_str(&text).map_err(|e| LibraryError::Damaged(path, e.to_string()))
}

/// Writes `library.json` atomically (temporary file, fsync, rename).
fn write_meta(dir: &Path, meta: &LibraryMeta) -> Result<()> {
    let path = dir.join(META_FILE);
    let json = serde_json::to_vec_pretty(meta)
        .map_err(|e| LibraryError::Damaged(path.clone(), e.to_string()))?;
    atomic_write(&path, &json)
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    for entry in entries.flatten() {
        match entry.metadata() {
            Ok(m) if m.is_dir() => total += dir_size(&entry.path()),
            Ok(m) => total += m.len(),
            Err(_) => {}
        }
    }
    total
}
