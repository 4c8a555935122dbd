//! Where the reader was (`session.json`), to reopen there: view, query,
//! cable, scroll and history.

use std::io::Write;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{atomic_write_with, read_json, set_aside, to_json, Read, Store};
use crate::library::Result;

const SESSION_FILE: &str = "session.json";

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
    /// The saved searches.
    Saved,
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
    /// The cables selected (`Space`, `*`), by ID, in the order selected.
    pub selection: Vec<String>,
}

impl Store {
    pub fn session_path(&self) -> PathBuf {
        self.dir.join(SESSION_FILE)
    }

    /// The saved session; `None` before the first save.
    pub fn load_session(&self) -> Result<Option<Session>> {
        let path = self.session_path();
        self.read(&path)
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
        atomic_write_with(&path, |f| f.write_all(&json))
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::library::LibraryError;

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
            selection: vec!["07MOSCOW977".into()],
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
}
