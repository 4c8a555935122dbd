//! The paragraph bookmarks (`bookmarks.json`, the JSON array of
//! docs/cli.md): kept by (cable, paragraph position), changed only under
//! the store lock.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{now_iso, Store};
use crate::cable::parse::ids;
use crate::library::{io_err, LibraryError, Result};

const BOOKMARKS_FILE: &str = "bookmarks.json";

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
            created: now_iso(),
        }
    }

    /// How the paragraph is cited: `¶2`, or `block 3` when it has no number.
    pub fn label(&self) -> String {
        crate::text::paragraph_label(self.paragraph, self.number.as_deref())
    }

    /// The labels of the note: its `#words`, lower case, once each.
    pub fn labels(&self) -> Vec<String> {
        labels_of(&self.note)
    }

    fn is(&self, id: &str, paragraph: usize) -> bool {
        self.id == id && self.paragraph == paragraph
    }
}

/// The order bookmarks are listed in, by the reader and by `cablegram
/// bookmarks` alike: newest first (the one just made is on top), then by
/// cable and paragraph.
pub fn listing_order(bookmarks: &mut [Bookmark]) {
    bookmarks.sort_by(|a, b| {
        b.created
            .cmp(&a.created)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.paragraph.cmp(&b.paragraph))
    });
}

/// What [`Store::import_bookmarks`] did.
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

/// The labels of a note: each `#word` (letters, digits, `-` and `_` after
/// the `#`), lower case, once each, in the order written. `#` alone or
/// before a space is no label.
pub fn labels_of(note: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = note;
    while let Some(at) = rest.find('#') {
        let after = &rest[at + 1..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        let label = after[..end].to_lowercase();
        if !label.is_empty() && !out.contains(&label) {
            out.push(label);
        }
        rest = &after[end..];
    }
    out
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
        b.created = now_iso();
    }
    Ok(b)
}

impl Store {
    pub fn bookmarks_path(&self) -> PathBuf {
        self.dir.join(BOOKMARKS_FILE)
    }

    /// All bookmarks, oldest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>> {
        let path = self.bookmarks_path();
        let mut list = self.read::<Vec<Bookmark>>(&path)?.unwrap_or_default();
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

    /// Read, change and write the bookmarks under the lock. `change` says
    /// whether it changed something; only then is the file written (or
    /// when a hand-edited file held duplicates, dropped here).
    fn change_bookmarks<T>(
        &self,
        change: impl FnOnce(&mut Vec<Bookmark>) -> (T, bool),
    ) -> Result<T> {
        self.change_json(&self.bookmarks_path(), |list: &mut Vec<Bookmark>| {
            let deduplicated = dedup(list);
            let (out, changed) = change(list);
            (out, changed || deduplicated)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Library, Session};

    fn bm(id: &str, paragraph: usize, note: &str) -> Bookmark {
        Bookmark::new(id, paragraph, Some(paragraph.to_string()), note)
    }

    #[test]
    fn the_listing_order_is_newest_first_then_by_cable_and_paragraph() {
        let at = |id: &str, paragraph: usize, created: &str| Bookmark {
            created: created.to_string(),
            ..Bookmark::new(id, paragraph, None, "")
        };
        let mut list = vec![
            at("07B1", 1, "2026-01-01T00:00:00Z"),
            at("07A1", 2, "2026-03-01T00:00:00Z"),
            at("07A1", 1, "2026-03-01T00:00:00Z"),
        ];
        listing_order(&mut list);
        let keys: Vec<(&str, usize)> = list.iter().map(|b| (b.id.as_str(), b.paragraph)).collect();
        assert_eq!(keys, [("07A1", 1), ("07A1", 2), ("07B1", 1)]);
    }

    #[test]
    fn hash_words_of_a_note_are_its_labels() {
        assert_eq!(
            labels_of("#Germany coalition #arms-sales, #germany again # and#x"),
            ["germany", "arms-sales", "x"]
        );
        assert!(labels_of("no labels # here").is_empty());
        assert_eq!(bm("07MOSCOW1026", 1, "#syria").labels(), ["syria"]);
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
        lib.store()
            .add_bookmark(bm("07MOSCOW1026", 2, "kept"))
            .unwrap();
        lib.store()
            .save_session(&Session {
                reader: Some("07MOSCOW1026".into()),
                ..Session::default()
            })
            .unwrap();
        drop(lib);
        crate::library::rebuild_index(dir.path()).unwrap();
        let lib = Library::open(dir.path()).unwrap();
        assert!(lib.is_empty());
        assert_eq!(lib.store().bookmarks().unwrap()[0].note, "kept");
        assert_eq!(
            lib.store()
                .load_session()
                .unwrap()
                .unwrap()
                .reader
                .as_deref(),
            Some("07MOSCOW1026")
        );
    }
}
