//! The cables themselves, kept outside tantivy: one append-only file of
//! records, each the zstd-compressed JSON of a parsed cable and its text as
//! imported. The index keeps each cable's place in the file as fast fields.
//!
//! Why not tantivy's document store: its merges read every stored block
//! back through memory maps, which made an import of the full release peak
//! far above its memory budget, and fetching one cable meant decompressing
//! a whole block of several. Here a merge never touches the cables, and a
//! cable is one positioned read and one small decompression.
//!
//! Records are only appended. A cable replaced by a better copy leaves its
//! old record behind, unreferenced; `import --rebuild` starts a new file.
//! The file is synced before the index commits, so a committed document
//! always finds its record, whatever happens after.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cable::{Cable, Reference};

/// The file's name in the library directory.
pub const STORE_FILE: &str = "cables.store";

/// zstd level: fast to decompress, and the body, paragraphs and raw text of
/// one cable compress against each other within a record.
const LEVEL: i32 = 1;

/// Where a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub offset: u64,
    pub len: u64,
}

#[derive(Serialize, Deserialize)]
struct Record<'a> {
    cable: std::borrow::Cow<'a, Cable>,
    raw: std::borrow::Cow<'a, str>,
}

/// Reading records.
#[derive(Debug)]
pub struct CableStore {
    path: PathBuf,
    file: File,
}

impl CableStore {
    /// Opens the store of a library (an empty one if there is none yet).
    pub fn open(path: &Path) -> io::Result<CableStore> {
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        Ok(CableStore {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Reads the record at `place`: the cable and its raw text.
    pub fn read(&self, place: Place) -> io::Result<(Cable, String)> {
        let json = self.read_json(place)?;
        let record: Record = serde_json::from_slice(&json)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok((record.cable.into_owned(), record.raw.into_owned()))
    }

    /// Reads the ID and the REF entries of the record at `place`: what the
    /// reference graph needs, without building the text, paragraphs and
    /// the rest (a thread reads the references of hundreds of cables).
    pub fn read_references(&self, place: Place) -> io::Result<(Option<String>, Vec<Reference>)> {
        #[derive(Deserialize)]
        struct Refs {
            id: Option<String>,
            references: Vec<Reference>,
        }
        #[derive(Deserialize)]
        struct RefsRecord {
            cable: Refs,
        }
        let json = self.read_json(place)?;
        let record: RefsRecord = serde_json::from_slice(&json)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok((record.cable.id, record.cable.references))
    }

    /// The decompressed JSON of the record at `place`.
    fn read_json(&self, place: Place) -> io::Result<Vec<u8>> {
        let file_len = self.file.metadata()?.len();
        if place
            .offset
            .checked_add(place.len)
            .is_none_or(|end| end > file_len)
        {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{} ends before the record it should hold",
                    self.path.display()
                ),
            ));
        }
        let len = usize::try_from(place.len)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "record too large"))?;
        let mut buf = vec![0u8; len];
        self.file.read_exact_at(&mut buf, place.offset)?;
        // One decompression context per thread, reused: creating one per
        // record was a noticeable part of a search's time.
        thread_local! {
            static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
                const { std::cell::RefCell::new(None) };
        }
        let json = DECOMPRESSOR.with(|cell| -> io::Result<Vec<u8>> {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                *slot = Some(zstd::bulk::Decompressor::new()?);
            }
            match slot.as_mut() {
                Some(d) => d.decompress(&buf, 64 << 20),
                None => zstd::bulk::decompress(&buf, 64 << 20),
            }
        })?;
        Ok(json)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Appending records, for the one writer.
pub struct StoreAppender {
    file: BufWriter<File>,
    end: u64,
    compressor: zstd::bulk::Compressor<'static>,
}

impl StoreAppender {
    pub fn open(path: &Path) -> io::Result<StoreAppender> {
        let file = OpenOptions::new().append(true).create(true).open(path)?;
        let end = file.metadata()?.len();
        Ok(StoreAppender {
            file: BufWriter::with_capacity(1 << 20, file),
            end,
            compressor: zstd::bulk::Compressor::new(LEVEL)?,
        })
    }

    /// Appends a cable and its raw text; returns where they went.
    pub fn append(&mut self, cable: &Cable, raw: &str) -> io::Result<Place> {
        let record = Record {
            cable: std::borrow::Cow::Borrowed(cable),
            raw: std::borrow::Cow::Borrowed(raw),
        };
        let json = serde_json::to_vec(&record).map_err(io::Error::other)?;
        let compressed = self.compressor.compress(&json)?;
        self.file.write_all(&compressed)?;
        let place = Place {
            offset: self.end,
            len: compressed.len() as u64,
        };
        self.end += place.len;
        Ok(place)
    }

    /// Makes every appended record durable (before the index commits).
    pub fn sync(&mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_follow_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        let mut w = StoreAppender::open(&path).unwrap();
        let a = crate::cable::parse("S E C R E T MOSCOW 001026\n\n1. (S) One.");
        let b = crate::cable::parse("CONFIDENTIAL MOSCOW 005349\n\n1. (C) Two.");
        let pa = w.append(&a, "raw a").unwrap();
        let pb = w.append(&b, "raw b ¶").unwrap();
        assert_eq!(pb.offset, pa.offset + pa.len);
        w.sync().unwrap();
        let store = CableStore::open(&path).unwrap();
        assert_eq!(store.read(pb).unwrap(), (b, "raw b ¶".to_string()));
        assert_eq!(store.read(pa).unwrap(), (a, "raw a".to_string()));
        // Reopened for appending, it goes on at the end.
        let mut w2 = StoreAppender::open(&path).unwrap();
        let pc = w2.append(&Cable::default(), "").unwrap();
        assert_eq!(pc.offset, pb.offset + pb.len);
    }

    #[test]
    fn a_place_outside_the_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let store = CableStore::open(&dir.path().join(STORE_FILE)).unwrap();
        assert!(store.read(Place { offset: 10, len: 5 }).is_err());
        assert!(store
            .read(Place {
                offset: 0,
                len: u64::MAX
            })
            .is_err());
    }
}
