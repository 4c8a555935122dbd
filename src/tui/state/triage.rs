//! Triage as the reader holds it: the read marks and the cable being
//! timed for one, the saved searches with their counts, and the selection
//! (cable IDs, never rows).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::library::{ListCounts, ListQuery, ListRow, ReadMarks, SavedSearch};

use super::list::{LocalItem, LocalRow};
use super::App;

/// How long a cable is shown before it counts as read, unless
/// `read_after` in config.toml says otherwise.
pub const DEFAULT_READ_AFTER: Duration = Duration::from_secs(2);

/// `*` on a list longer than this asks first.
pub const SELECT_ALL_ASKS_ABOVE: usize = 1_000;

/// The cable in the reader, until it counts as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub id: String,
    /// The first tick it was seen on screen; `None` until then.
    pub since: Option<Instant>,
}

/// The triage state.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    /// The cables read, as the store last gave them (with this reader's
    /// own marks applied at once, before the store answers).
    pub read: ReadMarks,
    /// Whether `read` came from the store yet: until then no row is shown
    /// unread (nothing is known).
    pub read_loaded: bool,
    /// How long a cable is shown before it is marked read; zero marks it
    /// on open.
    pub read_after: Duration,
    /// The cable being timed, when it is not read yet.
    pub reading: Option<Reading>,
    /// The unread count of the list shown, with the list it counts.
    pub unread: Option<(ListQuery, usize)>,
    /// The list ticket the last unread count was asked with.
    pub unread_ticket: Option<crate::tui::effect::Ticket>,
    /// The saved searches, oldest first.
    pub saved: Vec<SavedSearch>,
    /// The live counts of each saved query, by query.
    pub saved_counts: HashMap<String, ListCounts>,
    /// The selected cables, in the order selected.
    pub selection: Vec<String>,
    /// `*` was pressed once on a list longer than
    /// [`SELECT_ALL_ASKS_ABOVE`]: the next `*` selects all of it.
    pub select_all_asked: bool,
    /// Where `;e` writes (config.toml's `export_dir`); `None`: the
    /// current directory.
    pub export_dir: Option<PathBuf>,
    /// The bookmarks view shows only the bookmarks with this `#label`.
    pub label: Option<String>,
}

impl Default for Triage {
    fn default() -> Self {
        Triage {
            read: ReadMarks::default(),
            read_loaded: false,
            read_after: DEFAULT_READ_AFTER,
            reading: None,
            unread: None,
            unread_ticket: None,
            saved: Vec::new(),
            saved_counts: HashMap::new(),
            selection: Vec::new(),
            select_all_asked: false,
            export_dir: None,
            label: None,
        }
    }
}

impl Triage {
    /// Whether the cable `id` (canonical) is shown as unread.
    pub fn is_unread(&self, id: &str) -> bool {
        self.read_loaded && !self.read.contains(id)
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.selection.iter().any(|s| s == id)
    }

    /// Whether a cable is being timed: the runtime then sends ticks.
    pub fn wants_ticks(&self) -> bool {
        self.reading.is_some()
    }
}

/// The rows of the saved-searches view, oldest first: one per saved
/// search (no cable, so the reader does not follow it).
pub fn saved_rows(saved: &[SavedSearch]) -> Vec<LocalRow> {
    saved
        .iter()
        .map(|s| LocalRow {
            row: ListRow {
                id: String::new(),
                created: None,
                classification: None,
                origin: None,
                subject: Some(s.query.clone()),
            },
            item: LocalItem::Saved(s.clone()),
        })
        .collect()
}

impl App {
    /// The rows of the bookmarks view: every bookmark, or those with the
    /// label the view is filtered by.
    pub fn bookmark_view_rows(&self) -> Vec<LocalRow> {
        let rows = super::bookmarks::bookmark_rows(&self.bookmarks, &self.bookmarked_cables);
        match &self.triage.label {
            None => rows,
            Some(label) => rows
                .into_iter()
                .filter(|r| matches!(&r.item, LocalItem::Bookmark(b) if b.labels().contains(label)))
                .collect(),
        }
    }

    /// The cables `;` acts on: the selection, else the highlighted cable
    /// (the list's selected row in the list, the reader's cable elsewhere).
    pub fn selection_targets(&self) -> Vec<String> {
        if !self.triage.selection.is_empty() {
            return self.triage.selection.clone();
        }
        let highlighted = match self.focus {
            super::Pane::List => self.list.selected_row().map(|r| r.id.clone()),
            _ => self.current_id().map(str::to_string),
        };
        highlighted
            .into_iter()
            .filter(|id| !id.is_empty())
            .collect()
    }
}
