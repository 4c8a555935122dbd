//! The saved searches (`saved-searches.json`): a JSON array of a name, a
//! query of the query language and when it was saved, oldest first. Names
//! are unique; changed only under the store lock.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{now_iso, Store};
use crate::library::query::parse_query;
use crate::library::{LibraryError, Result};

const SAVED_FILE: &str = "saved-searches.json";

/// A saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    /// What the user called it; unique, compared as written.
    pub name: String,
    /// A query of the query language.
    pub query: String,
    /// When it was saved, ISO 8601 UTC.
    #[serde(default)]
    pub created: String,
}

/// The name and query trimmed, or why they are no saved search: an empty
/// name, or a query that does not parse (with its column).
fn checked(name: &str, query: &str) -> Result<(String, String)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(LibraryError::BadSavedSearch(
            "a saved search needs a name".into(),
        ));
    }
    let query = query.trim();
    parse_query(query)?;
    Ok((name.to_string(), query.to_string()))
}

impl Store {
    pub fn saved_searches_path(&self) -> PathBuf {
        self.dir.join(SAVED_FILE)
    }

    /// The saved searches, oldest first.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let path = self.saved_searches_path();
        Ok(self.read::<Vec<SavedSearch>>(&path)?.unwrap_or_default())
    }

    /// Saves `query` under `name`; a search of that name has its query
    /// replaced and keeps its date. The query must parse.
    pub fn save_search(&self, name: &str, query: &str) -> Result<()> {
        let (name, query) = checked(name, query)?;
        self.change_saved(|list| match list.iter_mut().find(|s| s.name == name) {
            Some(s) => {
                let changed = s.query != query;
                s.query = query;
                ((), changed)
            }
            None => {
                list.push(SavedSearch {
                    name,
                    query,
                    created: now_iso(),
                });
                ((), true)
            }
        })
    }

    /// Renames the search `old` and replaces its query; false when there is
    /// no such search. A new name that another search has is refused.
    pub fn edit_saved_search(&self, old: &str, name: &str, query: &str) -> Result<bool> {
        let (name, query) = checked(name, query)?;
        self.change_saved(|list| {
            if name != old && list.iter().any(|s| s.name == name) {
                return (
                    Err(LibraryError::BadSavedSearch(format!(
                        "a saved search is called {name:?} already"
                    ))),
                    false,
                );
            }
            match list.iter_mut().find(|s| s.name == old) {
                Some(s) => {
                    let changed = s.name != name || s.query != query;
                    s.name = name;
                    s.query = query;
                    (Ok(true), changed)
                }
                None => (Ok(false), false),
            }
        })?
    }

    /// Removes the search `name`; false when there was none.
    pub fn remove_saved_search(&self, name: &str) -> Result<bool> {
        let name = name.trim();
        self.change_saved(|list| {
            let before = list.len();
            list.retain(|s| s.name != name);
            let removed = list.len() != before;
            (removed, removed)
        })
    }

    /// Read, change and write the saved searches under the lock; only a
    /// change is written.
    fn change_saved<T>(
        &self,
        change: impl FnOnce(&mut Vec<SavedSearch>) -> (T, bool),
    ) -> Result<T> {
        self.change_json(&self.saved_searches_path(), change)
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn saved_searches_round_trip_and_a_name_saved_again_takes_the_new_query() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert!(store.saved_searches().unwrap().is_empty());
        store.save_search("darfur", "darfur tag:PREL").unwrap();
        store.save_search(" syria ", " syria ").unwrap();
        store.save_search("darfur", "darfur").unwrap();
        let list = store.saved_searches().unwrap();
        let pairs: Vec<(&str, &str)> = list
            .iter()
            .map(|s| (s.name.as_str(), s.query.as_str()))
            .collect();
        assert_eq!(pairs, [("darfur", "darfur"), ("syria", "syria")]);
        assert!(list[0].created.starts_with("20"), "{}", list[0].created);
    }

    #[test]
    fn a_query_that_does_not_parse_is_refused_with_its_column() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let e = store.save_search("bad", "tag:PREL (").unwrap_err();
        assert!(e.to_string().contains("column 10"), "{e}");
        let e = store.save_search("  ", "x").unwrap_err();
        assert!(e.to_string().contains("name"), "{e}");
        assert!(!store.saved_searches_path().exists());
    }

    #[test]
    fn edit_renames_and_remove_says_whether_it_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store.save_search("a", "x").unwrap();
        store.save_search("b", "y").unwrap();
        assert!(store.edit_saved_search("a", "c", "z").unwrap());
        assert!(!store.edit_saved_search("nope", "d", "z").unwrap());
        assert!(store.edit_saved_search("c", "b", "z").is_err());
        let names: Vec<String> = store
            .saved_searches()
            .unwrap()
            .into_iter()
            .map(|s| format!("{}={}", s.name, s.query))
            .collect();
        assert_eq!(names, ["c=z", "b=y"]);
        assert!(store.remove_saved_search("c").unwrap());
        assert!(!store.remove_saved_search("c").unwrap());
    }

    #[test]
    fn a_damaged_saved_searches_file_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        fs::write(store.saved_searches_path(), "[{\"name\": 1}]").unwrap();
        let e = store.saved_searches().unwrap_err();
        assert!(matches!(e, LibraryError::SetAside { .. }), "{e}");
        assert!(store.saved_searches().unwrap().is_empty());
    }
}
