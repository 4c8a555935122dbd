//! The read marks (`read-marks.txt`): which cables the user has read. A
//! header line, then the canonical IDs of the cables read, sorted, one a
//! line — about 14 bytes a cable, 3.5 MB for the whole release, and a file
//! `grep` and `comm` can read. Changed only under the store lock, re-read
//! there, so that two readers marking at once keep each other's marks.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{atomic_write_with, read_parsed, Read, Store};
use crate::cable::parse::ids;
use crate::library::Result;

const MARKS_FILE: &str = "read-marks.txt";

/// The first line of the file: what it is, and the version of its format.
const HEADER: &str = "# cablegram read marks, format 1: one cable ID a line, sorted";

/// The cables read: canonical IDs, sorted, once each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadMarks {
    ids: Vec<String>,
}

impl ReadMarks {
    /// The marks of these IDs (any spelling `normalize_id` accepts; what is
    /// no ID is left out).
    pub fn from_ids<I: IntoIterator<Item = S>, S: AsRef<str>>(ids: I) -> ReadMarks {
        let mut ids: Vec<String> = ids
            .into_iter()
            .filter_map(|id| ids::normalize_id(id.as_ref()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ReadMarks { ids }
    }

    /// Whether the cable `id` (canonical) is read.
    pub fn contains(&self, id: &str) -> bool {
        self.ids
            .binary_search_by(|probe| probe.as_str().cmp(id))
            .is_ok()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The IDs read, sorted.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// A hash of the marks, to tell within a process whether they changed
    /// (what the library keeps built from them is kept while they do not).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.ids.hash(&mut h);
        h.finish()
    }

    /// Marks (`read`) or unmarks the cables `ids` (canonical); whether
    /// that changed anything.
    pub fn set(&mut self, ids: &[String], read: bool) -> bool {
        let mut changed = false;
        for id in ids {
            match (self.ids.binary_search(id), read) {
                (Err(at), true) => {
                    self.ids.insert(at, id.clone());
                    changed = true;
                }
                (Ok(at), false) => {
                    self.ids.remove(at);
                    changed = true;
                }
                _ => {}
            }
        }
        changed
    }
}

/// The file's text as marks, or why it is not a marks file.
fn parse(bytes: &[u8]) -> std::result::Result<ReadMarks, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e})"))?;
    let mut lines = text.lines();
    match lines.next() {
        Some(first) if first.trim_end() == HEADER => {}
        Some(first) => {
            return Err(format!(
                "line 1 is {:?}, not the header of a read-marks file",
                crate::text::terminal_safe(first.chars().take(60).collect::<String>().as_str())
            ))
        }
        None => return Ok(ReadMarks::default()),
    }
    let mut ids = Vec::new();
    for (n, line) in lines.enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // Lines this file writes are canonical already: taken as they are,
        // as normalising 251,287 IDs costs more than reading them.
        if is_canonical_shape(line) {
            ids.push(line.to_string());
            continue;
        }
        match ids::normalize_id(line) {
            Some(id) => ids.push(id),
            None => {
                return Err(format!(
                    "line {}: {:?} is not a cable ID",
                    n + 2,
                    crate::text::terminal_safe(line.chars().take(60).collect::<String>().as_str())
                ))
            }
        }
    }
    // A hand-edited file may be out of order: sorted here, written sorted.
    if !ids.is_sorted() {
        ids.sort_unstable();
    }
    ids.dedup();
    Ok(ReadMarks { ids })
}

/// Whether a line looks like a canonical ID as this file writes them: two
/// year digits, upper-case letters, a serial without leading zero.
fn is_canonical_shape(line: &str) -> bool {
    let b = line.as_bytes();
    let letters = b.get(2..).unwrap_or_default();
    let station = letters
        .iter()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    let serial = &letters[station..];
    b.len() > 3
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && station > 0
        && !serial.is_empty()
        && serial[0] != b'0'
        && serial.iter().all(u8::is_ascii_digit)
}

fn read_marks_file(path: &Path) -> Result<Read<ReadMarks>> {
    read_parsed(path, parse)
}

impl Store {
    pub fn read_marks_path(&self) -> PathBuf {
        self.dir.join(MARKS_FILE)
    }

    /// The cables read (none before the first mark).
    pub fn read_marks(&self) -> Result<ReadMarks> {
        let path = self.read_marks_path();
        Ok(self.read_with(&path, read_marks_file)?.unwrap_or_default())
    }

    /// Marks the cables `ids` read (`read`) or unread, under the lock and
    /// on the file as it is then; returns the marks after the change, the
    /// other readers' included. IDs are made canonical; what is no ID is
    /// ignored.
    pub fn set_read(&self, ids: &[String], read: bool) -> Result<ReadMarks> {
        let ids = ReadMarks::from_ids(ids).ids;
        self.change_file(
            &self.read_marks_path(),
            read_marks_file,
            write_marks_file,
            |marks: &mut ReadMarks| {
                let changed = marks.set(&ids, read);
                (marks.clone(), changed)
            },
        )
    }
}

/// Writes the marks: the header, then one ID a line.
fn write_marks_file(path: &Path, marks: &ReadMarks) -> Result<()> {
    atomic_write_with(path, |f| {
        let mut out = std::io::BufWriter::new(f);
        writeln!(out, "{HEADER}")?;
        for id in &marks.ids {
            writeln!(out, "{id}")?;
        }
        out.flush()
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::library::LibraryError;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn marks_round_trip_sorted_and_canonical() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert!(store.read_marks().unwrap().is_empty());
        store
            .set_read(&ids(&["09moscow000501", "07MOSCOW1026", "not an id"]), true)
            .unwrap();
        let marks = store.read_marks().unwrap();
        assert_eq!(marks.ids(), ["07MOSCOW1026", "09MOSCOW501"]);
        assert!(marks.contains("09MOSCOW501"));
        let text = fs::read_to_string(store.read_marks_path()).unwrap();
        assert_eq!(text, format!("{HEADER}\n07MOSCOW1026\n09MOSCOW501\n"));
        store.set_read(&ids(&["07MOSCOW1026"]), false).unwrap();
        assert_eq!(store.read_marks().unwrap().ids(), ["09MOSCOW501"]);
    }

    #[test]
    fn a_mark_changes_the_file_as_it_is_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Store::new(dir.path()), Store::new(dir.path()));
        a.set_read(&ids(&["07MOSCOW1026"]), true).unwrap();
        // b never read the file before: it still keeps a's mark.
        let after = b.set_read(&ids(&["08MOSCOW820"]), true).unwrap();
        assert_eq!(after.ids(), ["07MOSCOW1026", "08MOSCOW820"]);
    }

    #[test]
    fn a_damaged_marks_file_is_set_aside_and_the_next_mark_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let damaged = format!("{HEADER}\n07MOSCOW1026\n{{\"json\": true}}\n");
        fs::write(store.read_marks_path(), &damaged).unwrap();
        let e = store.read_marks().unwrap_err();
        let LibraryError::SetAside {
            moved_to, reason, ..
        } = &e
        else {
            panic!("expected SetAside, got {e}");
        };
        assert!(reason.contains("line 3"), "{reason}");
        assert_eq!(fs::read_to_string(moved_to).unwrap(), damaged);
        let name = moved_to.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("read-marks.txt.damaged-"), "{name}");
        store.set_read(&ids(&["09MOSCOW501"]), true).unwrap();
        assert_eq!(store.read_marks().unwrap().ids(), ["09MOSCOW501"]);
    }

    #[test]
    fn a_file_of_another_kind_is_damaged_not_read_as_no_marks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(store.read_marks_path(), "07MOSCOW1026\n").unwrap();
        let (result, notice) =
            crate::library::retry_set_aside(|| store.set_read(&ids(&["08MOSCOW820"]), true));
        assert_eq!(result.unwrap().ids(), ["08MOSCOW820"]);
        assert!(matches!(notice, Some(LibraryError::SetAside { .. })));
    }

    #[test]
    fn the_whole_release_fits_in_a_few_megabytes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let all: Vec<String> = (1..=251_287).map(|i| format!("09FICTION{i}")).collect();
        store.set_read(&all, true).unwrap();
        let size = fs::metadata(store.read_marks_path()).unwrap().len();
        assert!(size < 4_500_000, "{size} bytes");
        assert_eq!(store.read_marks().unwrap().len(), 251_287);
    }
}
