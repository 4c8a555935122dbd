//! Bookmarks and the reader's session, on disk in the library directory,
//! beside (never inside) the index: an import, even `import --rebuild`,
//! leaves them alone.
//!
//! ```text
//! bookmarks.json   the paragraph bookmarks: the JSON array of docs/cli.md
//! session.json     where the reader was: view, query, cable, scroll, history
//! bookmarks.lock   OS file lock held around every change to the two files
//! ```
//!
//! Trust comes first, because researchers keep these for weeks:
//!
//! - every write replaces the file atomically (temporary file in the same
//!   directory, fsync, rename, fsync of the directory), so a crash leaves the
//!   old file or the new one, never half of one;
//! - a change to the bookmarks is a read-modify-write under an exclusive OS
//!   lock on `bookmarks.lock`, re-reading the file under the lock, so two
//!   readers on one library never lose each other's bookmarks. The import
//!   lock is not involved: reading and bookmarking go on during an import;
//! - a file that cannot be read (invalid JSON, wrong shape, not UTF-8) is
//!   moved aside to `<name>.damaged-<timestamp>`, never silently replaced or
//!   deleted, and the operation fails with [`LibraryError::SetAside`] saying
//!   where it went. Nothing else was done then; the same call made again
//!   works on a fresh file ([`retry_set_aside`] does exactly that).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{index, io_err, Library, LibraryError, Result};
use crate::cable::parse::ids;

const BOOKMARKS_FILE: &str = "bookmarks.json";
const SESSION_FILE: &str = "session.json";
const LOCK_FILE: &str = "bookmarks.lock";

/// A paragraph bookmark. The key is (`id`, `paragraph`): paragraph numbers
/// repeat or are missing in real cables, so the position is what counts.
/// Serialised with exactly the field names of docs/cli.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// The canonical cable ID (`07MOSCOW1026`).
    pub id: String,
    /// The paragraph's position in the cable, from 1.
    pub paragraph: usize,
    /// The paragraph number as written (`"2"`), for display; `None` for a
    /// block of a cable without numbered paragraphs (shown as `block N`).
    #[serde(default)]
    pub number: Option<String>,
    /// The user's note; may be empty.
    #[serde(default)]
    pub note: String,
    /// When the bookmark was made, ISO 8601 UTC (`2026-05-01T12:34:56Z`).
    #[serde(default)]
    pub created: String,
}

impl Bookmark {
    /// A bookmark made now.
    pub fn new(id: &str, paragraph: usize, number: Option<String>, note: &str) -> Bookmark {
        Bookmark {
            id: id.to_string(),
            paragraph,
            number,
            note: note.to_string(),
            created: now_iso_seconds(),
        }
    }

    /// How the paragraph is cited: `¶2`, or `block 3` when it has no number.
    pub fn label(&self) -> String {
        crate::text::paragraph_label(self.paragraph, self.number.as_deref())
    }

    fn is(&self, id: &str, paragraph: usize) -> bool {
        self.id == id && self.paragraph == paragraph
    }
}

/// What [`Library::import_bookmarks`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Bookmarks that were not there.
    pub added: usize,
    /// Bookmarks that were there with another note (or number); the
    /// imported one's note wins.
    pub updated: usize,
    /// Bookmarks that were there already, the same.
    pub unchanged: usize,
}

/// Which list the reader showed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionView {
    /// All cables.
    #[default]
    All,
    /// The hits of `Session::query`.
    Search,
    /// The cables citing `Session::cited_id`.
    CitedBy,
    /// The bookmarks.
    Bookmarks,
}

/// A place in the reader's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionPlace {
    pub id: String,
    pub cursor: usize,
    pub scroll: usize,
}

/// Where the reader was, to reopen there. Every field has a default, so a
/// file written by an older version (with fewer fields) still reads, and
/// fields this version does not know are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub view: SessionView,
    pub query: Option<String>,
    pub cited_id: Option<String>,
    /// The cable ID selected in the list.
    pub selected: Option<String>,
    /// The cable open in the reader.
    pub reader: Option<String>,
    pub cursor: usize,
    pub scroll: usize,
    pub history: Vec<SessionPlace>,
    pub history_pos: usize,
    pub query_history: Vec<String>,
}

/// The bookmarks and session files of one library directory. [`Library`]
/// hands out the same operations; this works without opening the index.
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

    pub fn bookmarks_path(&self) -> PathBuf {
        self.dir.join(BOOKMARKS_FILE)
    }

    pub fn session_path(&self) -> PathBuf {
        self.dir.join(SESSION_FILE)
    }

    /// All bookmarks, oldest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        let path = self.bookmarks_path();
        // Writes are atomic renames, so an unlocked read sees a whole file.
        let mut list = match read_json::<Vec<Bookmark>>(&path)? {
            Read::Absent => Vec::new(),
            Read::Parsed(list) => list,
            Read::Damaged(_) => {
                // Set aside only under the lock, and only if it is still
                // damaged: a writer may have replaced it meanwhile.
                let _lock = self.lock()?;
                match read_json::<Vec<Bookmark>>(&path)? {
                    Read::Absent => Vec::new(),
                    Read::Parsed(list) => list,
                    Read::Damaged(reason) => return Err(set_aside(&path, reason)),
                }
            }
        };
        dedup(&mut list);
        list.sort_by(|a, b| a.created.cmp(&b.created));
        Ok(list)
    }

    /// The bookmarks of one cable, by paragraph position.
    pub fn bookmarks_for(&self, id: &str) -> Result<Vec<Bookmark>> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(Vec::new());
        };
        let mut list: Vec<Bookmark> = self
            .bookmarks()?
            .into_iter()
            .filter(|b| b.id == id)
            .collect();
        list.sort_by_key(|b| b.paragraph);
        Ok(list)
    }

    /// Adds a bookmark; when (id, paragraph) is bookmarked already, its note
    /// (and number, when given) is replaced and its date kept. The ID is
    /// made canonical; an empty `created` becomes now.
    pub fn add_bookmark(&self, bookmark: Bookmark) -> Result<()> {
        let bookmark = canonical(bookmark)?;
        self.change_bookmarks(|list| {
            let merged = merge(list, bookmark);
            ((), !matches!(merged, Merged::Unchanged))
        })
    }

    /// Removes a bookmark; false when there was none.
    pub fn remove_bookmark(&self, id: &str, paragraph: usize) -> Result<bool> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(false);
        };
        self.change_bookmarks(|list| {
            let before = list.len();
            list.retain(|b| !b.is(&id, paragraph));
            let removed = list.len() != before;
            (removed, removed)
        })
    }

    /// Replaces the note of a bookmark; false when there is no such bookmark.
    pub fn set_bookmark_note(&self, id: &str, paragraph: usize, note: &str) -> Result<bool> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(false);
        };
        self.change_bookmarks(
            |list| match list.iter_mut().find(|b| b.is(&id, paragraph)) {
                Some(b) => {
                    let changed = b.note != note;
                    b.note = note.to_string();
                    (true, changed)
                }
                None => (false, false),
            },
        )
    }

    /// Merges bookmarks (a backup) into the library's: a new (id, paragraph)
    /// is added, a known one takes the imported note, nothing is duplicated.
    /// All or nothing: one invalid bookmark and none is imported.
    pub fn import_bookmarks(&self, bookmarks: Vec<Bookmark>) -> Result<ImportCounts> {
        let bookmarks = bookmarks
            .into_iter()
            .map(canonical)
            .collect::<Result<Vec<_>>>()?;
        self.change_bookmarks(|list| {
            let mut counts = ImportCounts::default();
            for b in bookmarks {
                match merge(list, b) {
                    Merged::Added => counts.added += 1,
                    Merged::Updated => counts.updated += 1,
                    Merged::Unchanged => counts.unchanged += 1,
                }
            }
            let changed = counts.added + counts.updated > 0;
            (counts, changed)
        })
    }

    /// The saved session; `None` before the first save.
    pub fn load_session(&self) -> Result<Option<Session>> {
        let path = self.session_path();
        match read_json::<Session>(&path)? {
            Read::Absent => Ok(None),
            Read::Parsed(s) => Ok(Some(s)),
            Read::Damaged(_) => {
                let _lock = self.lock()?;
                match read_json::<Session>(&path)? {
                    Read::Absent => Ok(None),
                    Read::Parsed(s) => Ok(Some(s)),
                    Read::Damaged(reason) => Err(set_aside(&path, reason)),
                }
            }
        }
    }

    /// Saves the session atomically. A damaged session file in the way is
    /// set aside first (and reported), never overwritten unseen.
    pub fn save_session(&self, session: &Session) -> Result<()> {
        let path = self.session_path();
        let json = to_json(&path, session)?;
        let _lock = self.lock()?;
        if let Read::Damaged(reason) = read_json::<Session>(&path)? {
            return Err(set_aside(&path, reason));
        }
        write_atomically(&path, |f| f.write_all(&json))
    }

    /// Read, change and write the bookmarks under the lock. `change` says
    /// whether it changed something; only then is the file written.
    fn change_bookmarks<T>(
        &self,
        change: impl FnOnce(&mut Vec<Bookmark>) -> (T, bool),
    ) -> Result<T> {
        let path = self.bookmarks_path();
        let _lock = self.lock()?;
        let mut list = match read_json::<Vec<Bookmark>>(&path)? {
            Read::Absent => Vec::new(),
            Read::Parsed(list) => list,
            Read::Damaged(reason) => return Err(set_aside(&path, reason)),
        };
        let deduplicated = dedup(&mut list);
        let (out, changed) = change(&mut list);
        if changed || deduplicated {
            let json = to_json(&path, &list)?;
            write_atomically(&path, |f| f.write_all(&json))?;
        }
        Ok(out)
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
    /// The bookmarks and session of this library.
    pub fn store(&self) -> Store {
        Store::new(&self.dir)
    }

    /// All bookmarks, oldest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        self.store().bookmarks()
    }

    /// The bookmarks of one cable, by paragraph position.
    pub fn bookmarks_for(&self, id: &str) -> Result<Vec<Bookmark>> {
        self.store().bookmarks_for(id)
    }

    /// See [`Store::add_bookmark`].
    pub fn add_bookmark(&self, bookmark: Bookmark) -> Result<()> {
        self.store().add_bookmark(bookmark)
    }

    /// Removes a bookmark; false when there was none.
    pub fn remove_bookmark(&self, id: &str, paragraph: usize) -> Result<bool> {
        self.store().remove_bookmark(id, paragraph)
    }

    /// Replaces the note of a bookmark; false when there is no such bookmark.
    pub fn set_bookmark_note(&self, id: &str, paragraph: usize, note: &str) -> Result<bool> {
        self.store().set_bookmark_note(id, paragraph, note)
    }

    /// See [`Store::import_bookmarks`].
    pub fn import_bookmarks(&self, bookmarks: Vec<Bookmark>) -> Result<ImportCounts> {
        self.store().import_bookmarks(bookmarks)
    }

    /// The saved session; `None` before the first save.
    pub fn load_session(&self) -> Result<Option<Session>> {
        self.store().load_session()
    }

    /// Saves the session atomically.
    pub fn save_session(&self, session: &Session) -> Result<()> {
        self.store().save_session(session)
    }
}

/// Reads a bookmarks backup (the JSON array of docs/cli.md, as written by
/// `bookmarks export --format json`). A file that is not one is
/// [`LibraryError::BadBackup`], with serde's line and column.
pub fn read_backup(path: &Path) -> Result<Vec<Bookmark>> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    let bad = |reason: String| LibraryError::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    let list: Vec<Bookmark> = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    for (i, b) in list.iter().enumerate() {
        if let Err(LibraryError::BadBookmark(reason)) = canonical(b.clone()) {
            return Err(bad(format!("bookmark {}: {reason}", i + 1)));
        }
    }
    Ok(list)
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

enum Merged {
    Added,
    Updated,
    Unchanged,
}

fn merge(list: &mut Vec<Bookmark>, new: Bookmark) -> Merged {
    match list.iter_mut().find(|b| b.is(&new.id, new.paragraph)) {
        None => {
            list.push(new);
            Merged::Added
        }
        Some(old) => {
            let number = new.number.or_else(|| old.number.clone());
            if old.note == new.note && old.number == number {
                Merged::Unchanged
            } else {
                old.note = new.note;
                old.number = number;
                Merged::Updated
            }
        }
    }
}

/// Keeps the first of bookmarks with the same key (a hand-edited file);
/// true when there were duplicates.
fn dedup(list: &mut Vec<Bookmark>) -> bool {
    let before = list.len();
    let mut seen = std::collections::HashSet::new();
    list.retain(|b| seen.insert((b.id.clone(), b.paragraph)));
    list.len() != before
}

/// The bookmark with its ID canonical and a date, or why it is no bookmark.
fn canonical(mut b: Bookmark) -> Result<Bookmark> {
    let Some(id) = ids::normalize_id(&b.id) else {
        return Err(LibraryError::BadBookmark(format!(
            "{:?} is not a cable ID (like 07MOSCOW1026)",
            b.id
        )));
    };
    if b.paragraph == 0 {
        return Err(LibraryError::BadBookmark(format!(
            "{id}: paragraph 0 does not exist (positions count from 1)"
        )));
    }
    b.id = id;
    if b.created.trim().is_empty() {
        b.created = now_iso_seconds();
    }
    Ok(b)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Read<T>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Read::Absent),
        Err(e) => return Err(io_err(path)(e)),
    };
    // A file of only white space holds nothing to lose.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Read::Absent);
    }
    Ok(match serde_json::from_slice(&bytes) {
        Ok(v) => Read::Parsed(v),
        Err(e) => Read::Damaged(e.to_string()),
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
    let stamp = now_iso_seconds().replace(['-', ':'], "");
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

/// Replaces `path` atomically with what `write` writes: a temporary file
/// in the same directory (a name of its own per process and call), fsync,
/// rename, fsync of the directory. On failure the temporary file is
/// removed and `path` keeps its old content.
fn write_atomically(path: &Path, write: impl FnOnce(&mut File) -> io::Result<()>) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io_err(&tmp))?;
        write(&mut f).map_err(io_err(&tmp))?;
        f.sync_all().map_err(io_err(&tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(io_err(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
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

/// Now, ISO 8601 UTC to the second (`2026-05-01T12:34:56Z`).
pub fn now_iso_seconds() -> String {
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

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn bookmarks_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert!(store.bookmarks().unwrap().is_empty());
        let a = Bookmark {
            id: "07MOSCOW1026".into(),
            paragraph: 2,
            number: Some("2".into()),
            note: "arms to Syria".into(),
            created: "2026-01-02T03:04:05Z".into(),
        };
        let b = Bookmark {
            id: "07MOSCOW1026".into(),
            paragraph: 7,
            number: None,
            note: String::new(),
            created: "2026-01-01T00:00:00Z".into(),
        };
        store.add_bookmark(a.clone()).unwrap();
        store.add_bookmark(b.clone()).unwrap();
        // Oldest first, whatever the order of adding.
        assert_eq!(store.bookmarks().unwrap(), vec![b.clone(), a.clone()]);
        assert_eq!(
            Store::new(dir.path())
                .bookmarks_for("07moscow001026")
                .unwrap(),
            vec![a, b]
        );
    }

    #[test]
    fn the_file_has_exactly_the_fields_of_the_contract() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.add_bookmark(bm("07MOSCOW1026", 2, "x")).unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(store.bookmarks_path()).unwrap()).unwrap();
        let obj = v[0].as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["created", "id", "note", "number", "paragraph"]);
        assert_eq!(v[0]["paragraph"], 2);
    }

    #[test]
    fn adding_a_known_paragraph_replaces_its_note_and_keeps_its_date() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let mut first = bm("07MOSCOW1026", 2, "first");
        first.created = "2020-01-01T00:00:00Z".into();
        store.add_bookmark(first).unwrap();
        store
            .add_bookmark(bm("07 MOSCOW 001026", 2, "second"))
            .unwrap();
        let list = store.bookmarks().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].note, "second");
        assert_eq!(list[0].created, "2020-01-01T00:00:00Z");
    }

    #[test]
    fn remove_and_set_note_report_whether_the_bookmark_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.add_bookmark(bm("07MOSCOW1026", 2, "a")).unwrap();
        assert!(store.set_bookmark_note("07MOSCOW1026", 2, "b").unwrap());
        assert!(!store.set_bookmark_note("07MOSCOW1026", 3, "b").unwrap());
        assert_eq!(store.bookmarks().unwrap()[0].note, "b");
        assert!(!store.remove_bookmark("07MOSCOW1026", 3).unwrap());
        assert!(store.remove_bookmark("07MOSCOW1026", 2).unwrap());
        assert!(store.bookmarks().unwrap().is_empty());
    }

    #[test]
    fn an_invalid_bookmark_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let e = store.add_bookmark(bm("NOT AN ID", 2, "")).unwrap_err();
        assert!(e.to_string().contains("not a cable ID"), "{e}");
        let e = store.add_bookmark(bm("07MOSCOW1026", 0, "")).unwrap_err();
        assert!(e.to_string().contains("from 1"), "{e}");
        assert!(!store.bookmarks_path().exists());
    }

    #[test]
    fn import_merges_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.add_bookmark(bm("07MOSCOW1026", 1, "same")).unwrap();
        store.add_bookmark(bm("07MOSCOW1026", 2, "old")).unwrap();
        let backup = vec![
            bm("07MOSCOW1026", 1, "same"),
            bm("07MOSCOW1026", 2, "new"),
            bm("07MOSCOW1026", 3, "added"),
            bm("07MOSCOW1026", 3, "added"),
        ];
        let counts = store.import_bookmarks(backup.clone()).unwrap();
        assert_eq!(
            counts,
            ImportCounts {
                added: 1,
                updated: 1,
                unchanged: 2
            }
        );
        let notes: Vec<String> = store
            .bookmarks_for("07MOSCOW1026")
            .unwrap()
            .into_iter()
            .map(|b| b.note)
            .collect();
        assert_eq!(notes, ["same", "new", "added"]);
        // Importing the same backup again changes nothing.
        let again = store.import_bookmarks(backup).unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 4));
        assert_eq!(store.bookmarks().unwrap().len(), 3);
    }

    #[test]
    fn an_import_with_one_invalid_bookmark_imports_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let backup = vec![bm("07MOSCOW1026", 1, ""), bm("nonsense", 1, "")];
        assert!(store.import_bookmarks(backup).is_err());
        assert!(store.bookmarks().unwrap().is_empty());
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
        let e = write_atomically(&path, |f| {
            f.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("disk full"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old content");
        assert_eq!(files_in(dir.path()), ["bookmarks.json"]);
        // And a write that succeeds replaces it whole.
        write_atomically(&path, |f| f.write_all(b"new content")).unwrap();
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

    #[test]
    fn session_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert_eq!(store.load_session().unwrap(), None);
        let session = Session {
            view: SessionView::CitedBy,
            query: Some("tag:PREL".into()),
            cited_id: Some("07MOSCOW977".into()),
            selected: Some("07MOSCOW1026".into()),
            reader: Some("07MOSCOW1026".into()),
            cursor: 3,
            scroll: 12,
            history: vec![SessionPlace {
                id: "07MOSCOW977".into(),
                cursor: 1,
                scroll: 4,
            }],
            history_pos: 1,
            query_history: vec!["turnip".into(), "tag:PREL".into()],
        };
        store.save_session(&session).unwrap();
        assert_eq!(store.load_session().unwrap(), Some(session));
        let text = fs::read_to_string(store.session_path()).unwrap();
        assert!(text.contains("\"view\": \"cited_by\""), "{text}");
    }

    #[test]
    fn a_session_file_missing_fields_reads_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(
            store.session_path(),
            r#"{"view": "search", "query": "turnip", "history": [{"id": "07MOSCOW977"}], "future": 1}"#,
        )
        .unwrap();
        let s = store.load_session().unwrap().unwrap();
        assert_eq!(s.view, SessionView::Search);
        assert_eq!(s.query.as_deref(), Some("turnip"));
        assert_eq!(s.reader, None);
        assert_eq!(s.cursor, 0);
        assert_eq!(s.history[0].id, "07MOSCOW977");
        assert_eq!(s.history[0].scroll, 0);
        assert!(s.query_history.is_empty());
    }

    #[test]
    fn a_damaged_session_is_set_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(store.session_path(), "{\"view\": ").unwrap();
        let e = store.save_session(&Session::default()).unwrap_err();
        let LibraryError::SetAside { moved_to, .. } = &e else {
            panic!("expected SetAside, got {e}");
        };
        assert_eq!(fs::read_to_string(moved_to).unwrap(), "{\"view\": ");
        store.save_session(&Session::default()).unwrap();
        assert_eq!(store.load_session().unwrap(), Some(Session::default()));

        fs::write(store.session_path(), "not json").unwrap();
        assert!(matches!(
            store.load_session(),
            Err(LibraryError::SetAside { .. })
        ));
        assert_eq!(store.load_session().unwrap(), None);
    }

    #[test]
    fn a_backup_that_is_not_one_names_the_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.json");
        fs::write(&path, "[\n  {\"id\": \"07MOSCOW1026\" \"paragraph\": 2}\n]").unwrap();
        let e = read_backup(&path).unwrap_err().to_string();
        assert!(e.contains("backup.json"), "{e}");
        assert!(e.contains("line 2 column"), "{e}");
        fs::write(&path, r#"[{"id": "07MOSCOW1026", "paragraph": 0}]"#).unwrap();
        let e = read_backup(&path).unwrap_err().to_string();
        assert!(e.contains("bookmark 1"), "{e}");
    }

    #[test]
    fn threads_adding_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let store = Store::new(dir.path());
                s.spawn(move || {
                    for i in 1..=25 {
                        store
                            .add_bookmark(bm(&format!("07FICTIONIA{}", 100 + t), i, "n"))
                            .unwrap();
                    }
                });
            }
        });
        assert_eq!(Store::new(dir.path()).bookmarks().unwrap().len(), 100);
    }

    #[test]
    fn bookmarks_survive_a_rebuild_of_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        lib.add_bookmark(bm("07MOSCOW1026", 2, "kept")).unwrap();
        lib.save_session(&Session {
            reader: Some("07MOSCOW1026".into()),
            ..Session::default()
        })
        .unwrap();
        drop(lib);
        super::super::rebuild_index(dir.path()).unwrap();
        let lib = Library::open(dir.path()).unwrap();
        assert!(lib.is_empty());
        assert_eq!(lib.bookmarks().unwrap()[0].note, "kept");
        assert_eq!(
            lib.load_session().unwrap().unwrap().reader.as_deref(),
            Some("07MOSCOW1026")
        );
    }
}
