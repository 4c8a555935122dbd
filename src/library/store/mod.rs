//! The user's own files in the library directory, beside (never inside)
//! the index: an import, even `import --rebuild`, leaves them alone. One
//! file per kind, each in its module here (`bookmarks`, `session`); what
//! every kind shares is in this file: the one atomic replace, the one lock
//! and the one set-aside of a damaged file.
//!
//! ```text
//! bookmarks.json   the paragraph bookmarks: the JSON array of docs/cli.md
//! session.json     where the reader was: view, query, cable, scroll, history
//! read-marks.txt   the cables read: a header line, then sorted IDs, one a line
//! saved-searches.json  the saved searches: name, query, when saved
//! bookmarks.lock   OS file lock held around every change to the files above
//! ```
//!
//! Trust comes first, because researchers keep these for weeks:
//!
//! - every write replaces the file atomically (temporary file in the same
//!   directory, fsync, rename, fsync of the directory), so a crash leaves the
//!   old file or the new one, never half of one;
//! - a change is a read-modify-write under an exclusive OS lock on
//!   `bookmarks.lock`, re-reading the file under the lock, so two readers on
//!   one library never lose each other's changes. The import lock is not
//!   involved: reading and bookmarking go on during an import;
//! - a file that cannot be read (invalid JSON, wrong shape, not UTF-8) is
//!   moved aside to `<name>.damaged-<timestamp>`, never silently replaced or
//!   deleted, and the operation fails with [`LibraryError::SetAside`] saying
//!   where it went. Nothing else was done then; the same call made again
//!   works on a fresh file ([`retry_set_aside`] does exactly that).

mod bookmarks;
mod marks;
mod saved;
mod session;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{index, io_err, Library, LibraryError, Result};

pub use bookmarks::{labels_of, listing_order, read_backup, Bookmark, ImportCounts};
pub use marks::ReadMarks;
pub use saved::SavedSearch;
pub use session::{Session, SessionPlace, SessionView};

/// The lock file; named after the first kind it guarded, and kept so, as
/// two versions running at once must lock the same file.
const LOCK_FILE: &str = "bookmarks.lock";

/// The user's files of one library directory (bookmarks, session). It
/// works without opening the index; [`Library::store`] hands one out.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// A file as read: absent, parsed, or not readable as what it should be.
enum Read<T> {
    Absent,
    Parsed(T),
    Damaged(String),
}

impl Store {
    pub fn new(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
        }
    }

    /// The store lock: exclusive, blocking; released when dropped (and by
    /// the OS when the process dies). The lock file is never deleted, as
    /// deleting a lock file lets two processes lock two different files.
    fn lock(&self) -> Result<StoreLock> {
        let path = self.dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        file.lock().map_err(io_err(&path))?;
        Ok(StoreLock { file })
    }

    /// Reads a file of this store; a damaged one is set aside, but only
    /// under the lock and only if it is still damaged then: a writer may
    /// have replaced it meanwhile.
    fn read<T: serde::de::DeserializeOwned>(&self, path: &Path) -> Result<Option<T>> {
        self.read_with(path, read_json::<T>)
    }

    /// [`Store::read`] for a file of any format: `read` reads and parses it.
    fn read_with<T>(
        &self,
        path: &Path,
        read: impl Fn(&Path) -> Result<Read<T>>,
    ) -> Result<Option<T>> {
        // Writes are atomic renames, so an unlocked read sees a whole file.
        match read(path)? {
            Read::Absent => Ok(None),
            Read::Parsed(v) => Ok(Some(v)),
            Read::Damaged(_) => {
                let _lock = self.lock()?;
                match read(path)? {
                    Read::Absent => Ok(None),
                    Read::Parsed(v) => Ok(Some(v)),
                    Read::Damaged(reason) => Err(set_aside(path, reason)),
                }
            }
        }
    }
}

impl Store {
    /// A change of one file of this store: under the lock, on the file as
    /// it is then (absent: `T::default()`), written back (atomically, by
    /// `write`) only when `change` says it changed something. A damaged
    /// file is set aside and nothing is changed.
    fn change_file<T: Default, R>(
        &self,
        path: &Path,
        read: impl Fn(&Path) -> Result<Read<T>>,
        write: impl FnOnce(&Path, &T) -> Result<()>,
        change: impl FnOnce(&mut T) -> (R, bool),
    ) -> Result<R> {
        let _lock = self.lock()?;
        let mut value = match read(path)? {
            Read::Absent => T::default(),
            Read::Parsed(v) => v,
            Read::Damaged(reason) => return Err(set_aside(path, reason)),
        };
        let (out, changed) = change(&mut value);
        if changed {
            write(path, &value)?;
        }
        Ok(out)
    }

    /// [`Store::change_file`] for a JSON file.
    fn change_json<T, R>(&self, path: &Path, change: impl FnOnce(&mut T) -> (R, bool)) -> Result<R>
    where
        T: Default + Serialize + serde::de::DeserializeOwned,
    {
        self.change_file(path, read_json::<T>, write_json::<T>, change)
    }
}

/// Writes a value as this store's JSON files are written, atomically.
fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let json = to_json(path, value)?;
    atomic_write_with(path, |f| f.write_all(&json))
}

struct StoreLock {
    file: File,
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

impl Library {
    /// The user's files of this library: bookmarks, session, read marks
    /// and saved searches.
    pub fn store(&self) -> Store {
        Store::new(self.dir())
    }
}

/// Runs a store operation; when it found its file damaged (and set it
/// aside), runs it once more on the fresh file. Returns the outcome and
/// the [`LibraryError::SetAside`] to show the user, if any.
pub fn retry_set_aside<T>(mut op: impl FnMut() -> Result<T>) -> (Result<T>, Option<LibraryError>) {
    match op() {
        Err(e @ LibraryError::SetAside { .. }) => (op(), Some(e)),
        other => (other, None),
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Read<T>> {
    read_parsed(path, |bytes| {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    })
}

/// Reads a file of this store with `parse` (which says why bytes are not
/// what the file should hold): absent, parsed or damaged.
fn read_parsed<T>(
    path: &Path,
    parse: impl FnOnce(&[u8]) -> std::result::Result<T, String>,
) -> Result<Read<T>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Read::Absent),
        Err(e) => return Err(io_err(path)(e)),
    };
    // A file of only white space holds nothing to lose.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Read::Absent);
    }
    Ok(match parse(&bytes) {
        Ok(v) => Read::Parsed(v),
        Err(reason) => Read::Damaged(reason),
    })
}

fn to_json<T: Serialize>(path: &Path, value: &T) -> Result<Vec<u8>> {
    let mut json = serde_json::to_vec_pretty(value).map_err(|e| LibraryError::Io {
        path: path.to_path_buf(),
        source: io::Error::other(e),
    })?;
    json.push(b'\n');
    Ok(json)
}

/// Moves a damaged file to `<name>.damaged-<timestamp>` (a free name) and
/// returns the error that says so. Called under the store lock.
fn set_aside(path: &Path, reason: String) -> LibraryError {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = now_iso().replace(['-', ':'], "");
    let mut moved_to = path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while moved_to.exists() {
        n += 1;
        moved_to = path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
    }
    if let Err(e) = fs::rename(path, &moved_to) {
        return io_err(path)(e);
    }
    sync_dir(path);
    LibraryError::SetAside {
        path: path.to_path_buf(),
        moved_to,
        reason,
    }
}

/// Replaces `path` atomically with `bytes`: a reader sees the old or the
/// new content, never a half-written one, whatever happens in between.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, |f| f.write_all(bytes))
}

/// Replaces `path` atomically with what `write` writes: a temporary file of
/// its own in the same directory (so the rename cannot cross file
/// systems), fsync, rename over `path`, fsync of the directory. On failure
/// the temporary file is removed and `path` keeps its old content.
pub fn atomic_write_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err(dir))?;
    // The temporary file is deleted when `tmp` drops on any early return.
    write(tmp.as_file_mut()).map_err(io_err(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io_err(tmp.path()))?;
    tmp.persist(path).map_err(|e| io_err(path)(e.error))?;
    sync_dir(path);
    Ok(())
}

/// Makes a rename in `path`'s directory durable (best effort: not every
/// platform can open a directory).
fn sync_dir(path: &Path) {
    if let Some(parent) = path.parent() {
        if let Ok(d) = File::open(parent) {
            let _ = d.sync_all();
        }
    }
}

/// Now, ISO 8601 UTC to the second (`2026-05-01T12:34:56Z`): the date of a
/// bookmark, of a set-aside file and of the last import.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    match index::timestamp_of(secs) {
        Some(t) => format!(
            "{}T{:02}:{:02}:{:02}Z",
            t.date_string(),
            t.hour,
            t.minute,
            secs.rem_euclid(60)
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bm(id: &str, paragraph: usize, note: &str) -> Bookmark {
        Bookmark::new(id, paragraph, Some(paragraph.to_string()), note)
    }

    pub(super) fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn atomic_replace_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        for i in 1..=5 {
            store.add_bookmark(bm("07MOSCOW1026", i, "n")).unwrap();
        }
        store.save_session(&Session::default()).unwrap();
        assert_eq!(
            files_in(dir.path()),
            ["bookmarks.json", "bookmarks.lock", "session.json"]
        );
    }

    #[test]
    fn a_write_that_fails_half_way_keeps_the_old_content_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bookmarks.json");
        fs::write(&path, "old content").unwrap();
        let e = atomic_write_with(&path, |f| {
            f.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old content");
        assert_eq!(files_in(dir.path()), ["bookmarks.json"]);
        // And a write that succeeds replaces it whole.
        atomic_write_with(&path, |f| f.write_all(b"new content")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content");
        assert_eq!(files_in(dir.path()), ["bookmarks.json"]);
    }

    #[test]
    fn a_damaged_bookmarks_file_is_set_aside_and_the_error_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let damaged = "[{\"id\": \"07MOSCOW1026\", \"paragraph\": 2,";
        fs::write(store.bookmarks_path(), damaged).unwrap();
        let e = store.bookmarks().unwrap_err();
        let LibraryError::SetAside {
            path,
            moved_to,
            reason,
        } = &e
        else {
            panic!("expected SetAside, got {e}");
        };
        assert_eq!(path, &store.bookmarks_path());
        let name = moved_to.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("bookmarks.json.damaged-20"), "{name}");
        assert!(reason.contains("line 1"), "{reason}");
        // Never replaced or deleted: the damaged bytes are all there.
        assert_eq!(fs::read_to_string(moved_to).unwrap(), damaged);
        assert!(!path.exists());
        let message = e.to_string();
        assert!(
            message.contains(&moved_to.display().to_string()),
            "{message}"
        );
        // The next operation starts afresh.
        store.add_bookmark(bm("07MOSCOW1026", 2, "again")).unwrap();
        assert_eq!(store.bookmarks().unwrap().len(), 1);
    }

    #[test]
    fn a_change_on_a_damaged_file_sets_it_aside_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(store.bookmarks_path(), "{\"not\": \"an array\"}").unwrap();
        let (result, notice) =
            retry_set_aside(|| store.add_bookmark(bm("07MOSCOW1026", 2, "kept")));
        result.unwrap();
        assert!(matches!(notice, Some(LibraryError::SetAside { .. })));
        assert_eq!(store.bookmarks().unwrap()[0].note, "kept");
        let aside: Vec<String> = files_in(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("bookmarks.json.damaged-"))
            .collect();
        assert_eq!(aside.len(), 1);
    }

    #[test]
    fn two_damaged_files_in_one_second_get_two_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(store.bookmarks_path(), "junk 1").unwrap();
        let first = store.bookmarks().unwrap_err();
        fs::write(store.bookmarks_path(), "junk 2").unwrap();
        let second = store.bookmarks().unwrap_err();
        let (
            LibraryError::SetAside { moved_to: a, .. },
            LibraryError::SetAside { moved_to: b, .. },
        ) = (&first, &second)
        else {
            panic!("expected two SetAside");
        };
        assert_ne!(a, b);
        assert_eq!(fs::read_to_string(a).unwrap(), "junk 1");
        assert_eq!(fs::read_to_string(b).unwrap(), "junk 2");
    }
}
