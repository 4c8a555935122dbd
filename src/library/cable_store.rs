//! The cables themselves, kept outside tantivy: one append-only file of
//! records, each the zstd-compressed postcard encoding of a parsed cable and
//! its text as imported. The index keeps each cable's place in the file as
//! fast fields. Postcard, not JSON: the import writes a record for every
//! cable and a search reads one for every hit, and a binary form is several
//! times faster both ways (no escaping, no field names, smaller to compress).
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

use crate::cable::{Cable, Classification, Reference, Timestamp};

/// A record that does not decode: the file is damaged.
fn invalid(e: postcard::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

/// The file's name in the library directory.
pub const STORE_FILE: &str = "cables.store";

/// zstd level: fast to decompress, and the body, paragraphs and raw text of
/// one cable compress against each other within a record.
const LEVEL: i32 = 1;

/// The largest decompressed record read back (a cable is at most a few
/// megabytes with its text as imported).
const MAX_RECORD: usize = 64 << 20;

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
        let bytes = self.read_bytes(place)?;
        let record: Record = postcard::from_bytes(&bytes).map_err(invalid)?;
        Ok((record.cable.into_owned(), record.raw.into_owned()))
    }

    /// Reads the cable of the record at `place`, leaving its raw text
    /// undecoded (postcard reads a record's leading fields).
    pub fn read_cable(&self, place: Place) -> io::Result<Cable> {
        let bytes = self.read_bytes(place)?;
        let (cable, _raw): (Cable, _) = postcard::take_from_bytes(&bytes).map_err(invalid)?;
        Ok(cable)
    }

    /// Reads the ID and the REF entries of the record at `place`: what the
    /// reference graph needs, without building the text, paragraphs and
    /// the rest (a thread reads the references of hundreds of cables).
    pub fn read_references(&self, place: Place) -> io::Result<(Option<String>, Vec<Reference>)> {
        // The fields of `Cable` up to its references, in its order: postcard
        // reads a record's leading fields and leaves the rest unread.
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct UpToReferences {
            id: Option<String>,
            aliases: Vec<String>,
            created: Option<Timestamp>,
            origin: Option<String>,
            classification: Option<Classification>,
            handling: Vec<String>,
            subject: Option<String>,
            tags: Vec<String>,
            references: Vec<Reference>,
        }
        let bytes = self.read_bytes(place)?;
        let (cable, _rest): (UpToReferences, _) =
            postcard::take_from_bytes(&bytes).map_err(invalid)?;
        Ok((cable.id, cable.references))
    }

    /// The decompressed bytes of the record at `place`.
    fn read_bytes(&self, place: Place) -> io::Result<Vec<u8>> {
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
        DECOMPRESSOR.with(|cell| -> io::Result<Vec<u8>> {
            let mut slot = cell.borrow_mut();
            let decompressor = match slot.as_mut() {
                Some(d) => d,
                None => slot.insert(zstd::bulk::Decompressor::new()?),
            };
            // The frame says its size (the appender's compressor writes it):
            // a buffer of that size, not of the largest a record may have,
            // which cost a fresh 64 MB mapping and its page faults per read.
            let size = match zstd::zstd_safe::get_frame_content_size(&buf) {
                Ok(Some(size)) if size <= MAX_RECORD as u64 => size as usize,
                _ => MAX_RECORD,
            };
            let mut out = Vec::with_capacity(size);
            decompressor.decompress_to_buffer(&buf, &mut out)?;
            Ok(out)
        })
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
    /// The encoded and the compressed record, kept between appends: growing
    /// new buffers for every cable was a good part of the import's copying.
    encoded: Vec<u8>,
    compressed: Vec<u8>,
}

impl StoreAppender {
    pub fn open(path: &Path) -> io::Result<StoreAppender> {
        let file = OpenOptions::new().append(true).create(true).open(path)?;
        let end = file.metadata()?.len();
        Ok(StoreAppender {
            file: BufWriter::with_capacity(1 << 20, file),
            end,
            compressor: zstd::bulk::Compressor::new(LEVEL)?,
            encoded: Vec::new(),
            compressed: Vec::new(),
        })
    }

    /// Appends a cable and its raw text; returns where they went.
    pub fn append(&mut self, cable: &Cable, raw: &str) -> io::Result<Place> {
        let record = Record {
            cable: std::borrow::Cow::Borrowed(cable),
            raw: std::borrow::Cow::Borrowed(raw),
        };
        let mut encoded = std::mem::take(&mut self.encoded);
        encoded.clear();
        let encoded = postcard::to_extend(&record, encoded).map_err(io::Error::other)?;
        self.compressed.clear();
        self.compressed
            .reserve(zstd::zstd_safe::compress_bound(encoded.len()));
        let written = self
            .compressor
            .compress_to_buffer(&encoded, &mut self.compressed);
        self.encoded = encoded;
        written?;
        self.file.write_all(&self.compressed)?;
        let place = Place {
            offset: self.end,
            len: self.compressed.len() as u64,
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

    #[test]
    fn the_references_are_read_from_the_leading_fields_of_a_full_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        let mut w = StoreAppender::open(&path).unwrap();
        let text = "C O N F I D E N T I A L MOSCOW 001026\n\nSIPDIS\n\nE.O. 12958: DECL: 03/12/2017\n\
                    TAGS: PREL, PARM, RS\nSUBJECT: ARMS TALKS\n\nREF: A. STATE 26466 B. MOSCOW 977\n\n\
                    Classified By: Ambassador William J. Burns for reasons 1.4 (b) and (d).\n\n\
                    1. (C) See ref A. BURNS\n";
        let mut cable = crate::cable::parse(text);
        cable.aliases = vec!["07MOSCOW01026".into()];
        assert!(cable.references.len() == 2 && !cable.tags.is_empty() && cable.subject.is_some());
        let place = w.append(&cable, text).unwrap();
        w.sync().unwrap();
        let store = CableStore::open(&path).unwrap();
        assert_eq!(
            store.read_references(place).unwrap(),
            (cable.id.clone(), cable.references.clone())
        );
        assert_eq!(store.read_cable(place).unwrap(), cable);
        assert_eq!(store.read(place).unwrap(), (cable, text.to_string()));
    }

    #[test]
    fn a_record_that_does_not_decode_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STORE_FILE);
        let junk = zstd::bulk::compress(&[0xff; 40], LEVEL).unwrap();
        std::fs::write(&path, &junk).unwrap();
        let store = CableStore::open(&path).unwrap();
        let place = Place {
            offset: 0,
            len: junk.len() as u64,
        };
        assert_eq!(
            store.read(place).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        assert!(store.read_references(place).is_err());
    }
}
