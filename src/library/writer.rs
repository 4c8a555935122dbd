//! Writing to the library: one writer at a time (the import lock), cables
//! added in batches and committed, duplicates recognised by ID and content.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::{Index, IndexWriter, TantivyDocument, Term};
use xxhash_rust::xxh3::Xxh3;

use super::cable_store::{StoreAppender, STORE_FILE};
use super::index::{self, Fields, SourceRank, StoredCable};
use super::lock::ImportLock;
use super::{
    index_err, io_err, now_iso, read_meta, write_meta, Library, LibraryError, LibraryMeta, Result,
};
use crate::cable::Metadata;

/// Memory for tantivy's indexing threads, in all. Larger segments mean
/// fewer merges (the full release: 5-6 segments instead of 8, about a
/// tenth less CPU than with 200 MB); the import of the full release peaks
/// at 0.7-0.9 GB of RSS with it.
const WRITER_MEMORY: usize = 500_000_000;
const WRITER_THREADS: usize = 2;

/// What adding one cable did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// A cable the library did not have.
    Added,
    /// A better or newer copy replaced the stored one.
    Updated,
    /// The same copy, or a lesser one: nothing changed.
    Duplicate,
}

/// A stable 64-bit hash (xxh3) of an imported copy: its text and the
/// metadata that came with it. Stored in the index, so it must not change
/// without a new schema version.
pub fn content_hash(text: &str, metadata: Option<&Metadata>) -> u64 {
    let mut h = Xxh3::new();
    let mut eat = |bytes: &[u8]| {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    eat(text.as_bytes());
    if let Some(m) = metadata {
        eat(m.id.as_deref().unwrap_or("").as_bytes());
        eat(m
            .created
            .map(|t| t.to_string())
            .unwrap_or_default()
            .as_bytes());
        eat(m.origin.as_deref().unwrap_or("").as_bytes());
        eat(m
            .classification
            .map(|c| c.as_str())
            .unwrap_or("")
            .as_bytes());
    }
    h.digest()
}

/// The library opened for writing. Holds the import lock until dropped.
pub struct LibraryWriter {
    dir: PathBuf,
    fields: Fields,
    writer: IndexWriter<TantivyDocument>,
    /// Every stored cable: its rank and content hash.
    existing: HashMap<String, (SourceRank, u64)>,
    meta: LibraryMeta,
    cables: StoreAppender,
    _lock: ImportLock,
}

impl LibraryWriter {
    pub(super) fn open(lib: &Library) -> Result<LibraryWriter> {
        let lock = ImportLock::acquire(&lib.dir)?;
        let index_dir = lib.dir.join(super::INDEX_DIR);
        let writer = lib
            .index
            .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)
            .map_err(index_err(&index_dir))?;
        // Re-read what is committed now: another import may have finished
        // since this library was opened.
        let existing = existing_cables(&lib.index).map_err(index_err(&index_dir))?;
        let meta = read_meta(&lib.dir)?;
        let store_path = lib.dir.join(STORE_FILE);
        let cables = StoreAppender::open(&store_path).map_err(io_err(&store_path))?;
        Ok(LibraryWriter {
            cables,
            dir: lib.dir.clone(),
            fields: lib.fields,
            writer,
            existing,
            meta,
            _lock: lock,
        })
    }

    /// The number of cables stored (committed or pending).
    pub fn len(&self) -> usize {
        self.existing.len()
    }

    pub fn is_empty(&self) -> bool {
        self.existing.is_empty()
    }

    /// The rank and content hash of the stored copy of `id` (committed or
    /// pending), if any.
    pub fn stored(&self, id: &str) -> Option<(SourceRank, u64)> {
        self.existing.get(id).copied()
    }

    /// Whether the library still holds only the bundled samples.
    pub fn has_samples(&self) -> bool {
        self.meta.samples
    }

    /// Drops every cable (the first import removes the samples; `--rebuild`
    /// starts over). Takes effect at the next commit.
    pub fn clear(&mut self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map_err(index_err(&self.dir))?;
        self.existing.clear();
        self.meta.samples = false;
        Ok(())
    }

    /// Adds one cable (it must have an ID), replacing a lesser copy.
    pub fn add(&mut self, stored: StoredCable) -> Result<AddOutcome> {
        let Some(id) = stored.cable.id.clone() else {
            return Err(LibraryError::Damaged(
                self.dir.clone(),
                "a cable without ID was handed to the index".into(),
            ));
        };
        let outcome = match self.existing.get(&id) {
            None => AddOutcome::Added,
            Some(&(_, hash)) if hash == stored.hash => AddOutcome::Duplicate,
            Some(&(rank, _)) if rank > stored.rank => AddOutcome::Duplicate,
            Some(_) => AddOutcome::Updated,
        };
        if outcome == AddOutcome::Duplicate {
            return Ok(outcome);
        }
        if outcome == AddOutcome::Updated {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, &id));
        }
        let store_path = self.dir.join(STORE_FILE);
        let place = self
            .cables
            .append(&stored.cable, &stored.raw)
            .map_err(io_err(&store_path))?;
        let doc = index::document(&self.fields, &stored, place);
        self.writer
            .add_document(doc)
            .map_err(index_err(&self.dir))?;
        self.existing.insert(id, (stored.rank, stored.hash));
        Ok(outcome)
    }

    /// Makes everything added so far durable; a crash after this keeps it.
    pub fn commit(&mut self) -> Result<()> {
        // Records first: a committed document must find its record.
        let store_path = self.dir.join(STORE_FILE);
        self.cables.sync().map_err(io_err(&store_path))?;
        self.writer.commit().map_err(index_err(&self.dir))?;
        self.meta.last_import = Some(now_iso());
        write_meta(&self.dir, &self.meta)
    }

    /// Commits and waits for background merges, then releases the lock.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .map_err(index_err(&self.dir))?;
        Ok(())
    }
}

/// ID → (rank, hash) of every live document, from the fast fields.
fn existing_cables(index: &Index) -> tantivy::Result<HashMap<String, (SourceRank, u64)>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::with_capacity(searcher.num_docs() as usize);
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(ids) = fast.str("id")? else {
            continue;
        };
        let ranks = fast.u64("rank")?;
        let hashes = fast.u64("hash")?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let Some(ord) = ids.term_ords(doc).next() else {
                continue;
            };
            id.clear();
            if !ids.ord_to_str(ord, &mut id)? {
                continue;
            }
            let rank = SourceRank::from_u64(ranks.first(doc).unwrap_or(0));
            out.insert(id.clone(), (rank, hashes.first(doc).unwrap_or(0)));
        }
    }
    Ok(out)
}

/// Drops the index of the library in `dir` and creates an empty one in the
/// current schema, keeping every other file (bookmarks, session). For a
/// library written by another version, which cannot be opened.
pub fn rebuild(dir: &Path) -> Result<()> {
    let lock = ImportLock::acquire(dir)?;
    let index_dir = dir.join(super::INDEX_DIR);
    if index_dir.exists() {
        fs::remove_dir_all(&index_dir).map_err(io_err(&index_dir))?;
    }
    fs::create_dir_all(&index_dir).map_err(io_err(&index_dir))?;
    index::create(&index_dir).map_err(index_err(&index_dir))?;
    let store_path = dir.join(STORE_FILE);
    match fs::remove_file(&store_path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&store_path)(e)),
    }
    write_meta(
        dir,
        &LibraryMeta {
            schema_version: index::SCHEMA_VERSION,
            samples: false,
            last_import: None,
        },
    )?;
    drop(lock);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::parse_named;

    fn stored(id: &str, text: &str, rank: SourceRank) -> StoredCable {
        let mut cable = parse_named(text, Some(id), None);
        cable.id = Some(id.to_string());
        StoredCable {
            hash: content_hash(text, None),
            cable,
            raw: text.to_string(),
            rank,
        }
    }

    #[test]
    fn the_same_copy_twice_is_a_duplicate_and_a_better_copy_an_update() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let mut w = lib.writer().unwrap();
        w.clear().unwrap();
        let text = "CONFIDENTIAL FICTIONIA 000101\n\n1. (C) Invented.";
        assert_eq!(
            w.add(stored("07FICTIONIA101", text, SourceRank::Text))
                .unwrap(),
            AddOutcome::Added
        );
        assert_eq!(
            w.add(stored("07FICTIONIA101", text, SourceRank::Text))
                .unwrap(),
            AddOutcome::Duplicate
        );
        let better = stored(
            "07FICTIONIA101",
            "CONFIDENTIAL FICTIONIA 000101\n\n1. (C) Invented, CSV.",
            SourceRank::ReleaseCsv,
        );
        assert_eq!(w.add(better).unwrap(), AddOutcome::Updated);
        let worse = stored("07FICTIONIA101", "other page", SourceRank::ReleasePage);
        assert_eq!(w.add(worse).unwrap(), AddOutcome::Duplicate);
        w.finish().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        lib.reload().unwrap();
        assert_eq!(lib.len(), 1);
        let got = lib.get("07FICTIONIA101").unwrap().unwrap();
        assert_eq!(got.rank, SourceRank::ReleaseCsv);
        assert!(!lib.is_samples());
    }

    #[test]
    fn content_hash_separates_fields() {
        assert_ne!(content_hash("ab", None), content_hash("a", None));
        let m = Metadata {
            id: Some("07X1".into()),
            ..Metadata::default()
        };
        assert_ne!(content_hash("ab", None), content_hash("ab", Some(&m)));
    }
}
