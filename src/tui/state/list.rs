//! The list pane's state: which cables it shows — a query of the index or a
//! list held here — and the window of rows loaded.

use crate::library::{Bookmark, ListQuery, ListRow, SavedSearch, Sort};

/// Where the rows of a list come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    /// A query of the index: rows arrive a window at a time.
    Index(ListQuery),
    /// Rows held here, all of them (the bookmarks; a thread, the marked
    /// cables and the saved searches are local lists too).
    Local(LocalList),
}

/// What a local list is: its title, its empty message, and what keeps it
/// up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalKind {
    /// The bookmarks, newest first, rebuilt whenever they change.
    Bookmarks,
    /// The thread of a cable (`T`), as the library laid it out when asked.
    Thread,
    /// The cables closest in content to a cable (`R`), best first.
    Similar,
    /// The saved searches, with their live counts.
    Saved,
}

/// A list held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalList {
    pub kind: LocalKind,
    pub rows: Vec<LocalRow>,
}

/// One row of a local list: the cable it shows, and what the row stands
/// for, which decides what opening, deleting and editing it do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalRow {
    pub row: ListRow,
    pub item: LocalItem,
}

/// What a row of a local list stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalItem {
    /// A bookmark: Enter opens its paragraph, `d` deletes it, `e` edits its
    /// note.
    Bookmark(Bookmark),
    /// A cable of a thread: Enter opens it, or says it is not in the
    /// library.
    Thread(super::thread::ThreadRow),
    /// A cable similar to the cable `to`.
    Similar { to: String },
    /// A saved search: Enter runs it, `d` deletes it, `e` edits its name
    /// and query. It stands for no cable.
    Saved(SavedSearch),
}

impl LocalItem {
    /// Whether the row shows a cable (the reader follows it).
    pub fn is_cable(&self) -> bool {
        !matches!(self, LocalItem::Saved(_))
    }
}

/// The list pane: a window of rows of a list that may be very long.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub source: ListSource,
    /// The order asked for with `o`; `None` is the view's default.
    pub sort: Option<Sort>,
    /// The order the rows are in.
    pub effective_sort: Sort,
    pub total: usize,
    pub selected: usize,
    /// The first row shown.
    pub top: usize,
    /// Index in the list of `rows[0]` (an index list's window).
    pub window_offset: usize,
    /// The loaded window of an index list (a local list holds its own).
    pub rows: Vec<ListRow>,
    /// A page request is under way.
    pub loading: bool,
    /// The selection moved onto a row not loaded yet: the reader follows
    /// it when its page arrives.
    pub follow_pending: bool,
}

impl Default for ListState {
    fn default() -> Self {
        ListState::index(ListQuery::All)
    }
}

impl ListState {
    /// A query of the index, nothing loaded yet.
    pub fn index(query: ListQuery) -> ListState {
        ListState {
            source: ListSource::Index(query),
            sort: None,
            effective_sort: Sort::Date,
            total: 0,
            selected: 0,
            top: 0,
            window_offset: 0,
            rows: Vec::new(),
            loading: false,
            follow_pending: false,
        }
    }

    /// A local list, every row there.
    pub fn local(kind: LocalKind, rows: Vec<LocalRow>) -> ListState {
        let mut list = ListState {
            source: ListSource::Local(LocalList {
                kind,
                rows: Vec::new(),
            }),
            ..ListState::default()
        };
        list.set_local_rows(rows);
        list
    }

    /// The query, for an index list.
    pub fn query(&self) -> Option<&ListQuery> {
        match &self.source {
            ListSource::Index(q) => Some(q),
            ListSource::Local(_) => None,
        }
    }

    /// The kind, for a local list.
    pub fn local_kind(&self) -> Option<LocalKind> {
        match &self.source {
            ListSource::Local(l) => Some(l.kind),
            ListSource::Index(_) => None,
        }
    }

    /// The text of the search shown, if the list is one.
    pub fn search_text(&self) -> Option<&str> {
        match &self.source {
            ListSource::Index(ListQuery::Search(q)) => Some(q),
            _ => None,
        }
    }

    /// Replaces the rows of a local list, keeping the selection in range.
    pub fn set_local_rows(&mut self, rows: Vec<LocalRow>) {
        if let ListSource::Local(l) = &mut self.source {
            self.total = rows.len();
            l.rows = rows;
            if self.selected >= self.total {
                self.selected = self.total.saturating_sub(1);
            }
        }
    }

    /// The row at a list index, when it is loaded.
    pub fn row(&self, index: usize) -> Option<&ListRow> {
        match &self.source {
            ListSource::Index(_) => index
                .checked_sub(self.window_offset)
                .and_then(|i| self.rows.get(i)),
            ListSource::Local(l) => l
                .rows
                .get(index)
                .filter(|r| r.item.is_cable())
                .map(|r| &r.row),
        }
    }

    /// The row of a local list at an index.
    pub fn local_row(&self, index: usize) -> Option<&LocalRow> {
        match &self.source {
            ListSource::Local(l) => l.rows.get(index),
            ListSource::Index(_) => None,
        }
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        self.row(self.selected)
    }

    /// The index of the row of cable `id`, when it is loaded.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        match &self.source {
            ListSource::Index(_) => self
                .rows
                .iter()
                .position(|r| r.id == id)
                .map(|i| self.window_offset + i),
            ListSource::Local(l) => l.rows.iter().position(|r| r.row.id == id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bookmark_row(id: &str) -> LocalRow {
        LocalRow {
            row: ListRow {
                id: id.into(),
                created: None,
                classification: None,
                origin: None,
                subject: None,
            },
            item: LocalItem::Bookmark(Bookmark::new(id, 1, None, "")),
        }
    }

    #[test]
    fn a_local_list_holds_all_its_rows_and_keeps_the_selection_in_range() {
        let mut l = ListState::local(
            LocalKind::Bookmarks,
            vec![bookmark_row("07MOSCOW1026"), bookmark_row("09MOSCOW501")],
        );
        assert_eq!(l.total, 2);
        assert_eq!(l.row(1).map(|r| r.id.as_str()), Some("09MOSCOW501"));
        assert_eq!(l.position_of("09MOSCOW501"), Some(1));
        l.selected = 1;
        l.set_local_rows(vec![bookmark_row("07MOSCOW1026")]);
        assert_eq!((l.total, l.selected), (1, 0));
        assert_eq!(l.query(), None);
    }
}
