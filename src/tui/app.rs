//! The reader's state: plain data, no I/O. `update` changes it, the views
//! only read it.

use crate::cable::parse::ids;
use crate::library::{
    Bookmark, ListQuery, ListRow, Session, SessionPlace, SessionView, Sort, StoredCable,
};

use super::document::{self, Document};
use super::keymap::{Keymap, Scope};

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Sidebar,
}

impl Pane {
    pub fn scope(self) -> Scope {
        match self {
            Pane::List => Scope::List,
            Pane::Reader => Scope::Reader,
            Pane::Sidebar => Scope::Sidebar,
        }
    }
}

/// Whether a reference is in the library: the library's one model.
pub use crate::library::RefStatus;

/// One reference as the reader shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefView {
    /// The letter for `f`: the cable's own label, else A, B, C… in order.
    pub letter: char,
    pub text: String,
    pub status: RefStatus,
}

/// A cable loaded for reading: the stored cable, the status of each of its
/// references and the cables that cite it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCable {
    pub stored: StoredCable,
    pub refs: Vec<RefView>,
    pub cited_by: Vec<String>,
}

impl LoadedCable {
    /// Builds the reader's view of a cable; `statuses` says where each of
    /// its references leads (`Library::follow`, one per reference).
    pub fn new(
        stored: StoredCable,
        statuses: Vec<RefStatus>,
        cited_by: Vec<String>,
    ) -> LoadedCable {
        let mut refs = Vec::new();
        for (i, (r, status)) in stored.cable.references.iter().zip(statuses).enumerate() {
            let letter = r
                .label
                .as_deref()
                .and_then(|l| l.chars().next())
                .filter(|c| c.is_ascii_alphabetic())
                .map(|c| c.to_ascii_uppercase())
                .unwrap_or_else(|| (b'A' + (i % 26) as u8) as char);
            refs.push(RefView {
                letter,
                text: r.text.clone(),
                status,
            });
        }
        LoadedCable {
            stored,
            refs,
            cited_by,
        }
    }

    pub fn id(&self) -> &str {
        self.stored.cable.id.as_deref().unwrap_or("")
    }
}

/// Which cables the list pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListView {
    All,
    Search(String),
    CitedBy(String),
    /// The bookmarks, newest first; rows come from `App::bookmarks`.
    Bookmarks,
}

impl ListView {
    pub fn query(&self) -> ListQuery {
        match self {
            ListView::All => ListQuery::All,
            ListView::Search(q) => ListQuery::Search(q.clone()),
            ListView::CitedBy(id) => ListQuery::CitedBy(id.clone()),
            // Not a query of the index: `update` fills these rows itself.
            ListView::Bookmarks => ListQuery::All,
        }
    }
}

/// The list pane: a window of rows of a list that may be very long.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub view: ListView,
    /// The order asked for with `o`; `None` is the view's default.
    pub sort: Option<Sort>,
    /// The order the rows are in.
    pub effective_sort: Sort,
    pub total: usize,
    pub selected: usize,
    /// The first row shown.
    pub top: usize,
    /// Index in the list of `rows[0]`.
    pub window_offset: usize,
    pub rows: Vec<ListRow>,
    /// Bumped when the view or order changes: pages of an older list are
    /// dropped when they arrive.
    pub seq: u64,
    /// A page request is under way.
    pub loading: bool,
}

impl Default for ListState {
    fn default() -> Self {
        ListState {
            view: ListView::All,
            sort: None,
            effective_sort: Sort::Date,
            total: 0,
            selected: 0,
            top: 0,
            window_offset: 0,
            rows: Vec::new(),
            seq: 0,
            loading: false,
        }
    }
}

impl ListState {
    /// The row at a list index, when it is loaded.
    pub fn row(&self, index: usize) -> Option<&ListRow> {
        index
            .checked_sub(self.window_offset)
            .and_then(|i| self.rows.get(i))
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        self.row(self.selected)
    }
}

/// The reader pane.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderState {
    pub cable: Option<LoadedCable>,
    /// The item (reference or paragraph) under the cursor.
    pub cursor: usize,
    /// The first line shown.
    pub scroll: usize,
    /// Raw text as imported instead of the reader view.
    pub raw: bool,
    /// `f` was pressed: the next letter follows a reference.
    pub awaiting_letter: bool,
    /// The search hit `n`/`N` last went to (an index into `doc.hit_lines`).
    pub hit: Option<usize>,
    /// The laid-out text for the current width (derived, kept in step by
    /// `update`).
    pub doc: Document,
    pub doc_width: usize,
}

/// What the one-line editor is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    /// The note of a bookmark on paragraph `paragraph` (from 1) of `id`.
    Note {
        id: String,
        paragraph: usize,
        number: Option<String>,
    },
}

/// The search prompt or the note editor while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Cursor position in characters.
    pub cursor: usize,
    /// Which earlier query `↑`/`↓` show; `None` is the one being typed.
    pub history_index: Option<usize>,
    /// What the input was before walking the history.
    pub draft: String,
    /// The list to restore on `Esc`.
    pub saved_list: ListState,
    pub saved_terms: Vec<Vec<String>>,
}

/// A place in the reading history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: String,
    pub cursor: usize,
    pub scroll: usize,
}

/// A message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub error: bool,
}

/// The whole state of the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub focus: Pane,
    pub list: ListState,
    pub reader: ReaderState,
    pub prompt: Option<Prompt>,
    pub history: Vec<HistoryEntry>,
    /// Index of the current entry of `history`.
    pub history_pos: usize,
    pub status: Option<StatusMessage>,
    /// `s`: `None` follows the width (shown from 110 columns).
    pub sidebar: Option<bool>,
    pub zoom: bool,
    pub show_help: bool,
    /// First line of the help overlay shown (it scrolls on short terminals).
    pub help_scroll: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Earlier queries, oldest first.
    pub query_history: Vec<String>,
    /// Words and phrases of the current search, to highlight.
    pub terms: Vec<Vec<String>>,
    /// Every bookmark of the library, oldest first.
    pub bookmarks: Vec<Bookmark>,
    pub keymap: Keymap,
    /// Colours of the views (from the configuration; none under NO_COLOR).
    pub theme: super::view::theme::Theme,
    /// The library holds only the bundled samples.
    pub samples: bool,
    pub should_quit: bool,
    /// Sequence number of the newest search typed at the prompt.
    pub search_seq: u64,
    /// The cable to select when the first page of a restored list arrives.
    pub restore_selection: Option<String>,
}

impl App {
    pub fn new(size: (u16, u16), keymap: Keymap, samples: bool) -> App {
        App {
            focus: Pane::List,
            list: ListState::default(),
            reader: ReaderState::default(),
            prompt: None,
            history: Vec::new(),
            history_pos: 0,
            status: None,
            sidebar: None,
            zoom: false,
            show_help: false,
            help_scroll: 0,
            size,
            query_history: Vec::new(),
            terms: Vec::new(),
            bookmarks: Vec::new(),
            keymap,
            theme: super::view::theme::Theme::current(),
            samples,
            should_quit: false,
            search_seq: 0,
            restore_selection: None,
        }
    }

    /// What to remember for the next start: view, query, selection, the
    /// place in the reader, the history.
    pub fn session(&self) -> Session {
        let (view, query, cited_id) = match &self.list.view {
            ListView::All => (SessionView::All, None, None),
            ListView::Search(q) => (SessionView::Search, Some(q.clone()), None),
            ListView::CitedBy(id) => (SessionView::CitedBy, None, Some(id.clone())),
            ListView::Bookmarks => (SessionView::Bookmarks, None, None),
        };
        let mut history: Vec<SessionPlace> = self
            .history
            .iter()
            .map(|h| SessionPlace {
                id: h.id.clone(),
                cursor: h.cursor,
                scroll: h.scroll,
            })
            .collect();
        // The current entry holds the place as it is now.
        if let Some(current) = history.get_mut(self.history_pos) {
            current.cursor = self.reader.cursor;
            current.scroll = self.reader.scroll;
        }
        Session {
            view,
            query,
            cited_id,
            selected: self.list.selected_row().map(|r| r.id.clone()),
            reader: self.current_id().map(str::to_string),
            cursor: self.reader.cursor,
            scroll: self.reader.scroll,
            history,
            history_pos: self.history_pos,
            query_history: self.query_history.clone(),
        }
    }

    /// Whether the sidebar is shown at the current width.
    pub fn sidebar_shown(&self) -> bool {
        !self.zoom && self.sidebar.unwrap_or(self.size.0 >= 110)
    }

    /// The reader's text width for the current terminal size (the view's
    /// layout computes the same).
    pub fn reader_text_width(&self) -> usize {
        super::view::reader_text_width(self)
    }

    /// The reader's height in lines.
    pub fn reader_height(&self) -> usize {
        super::view::reader_height(self)
    }

    /// The list's height in rows.
    pub fn list_height(&self) -> usize {
        super::view::list_height(self)
    }

    /// The ID of the cable in the reader.
    pub fn current_id(&self) -> Option<&str> {
        self.reader.cable.as_ref().map(|c| c.id())
    }

    /// The previous cable of the history, for the status line.
    pub fn back_id(&self) -> Option<&str> {
        self.history_pos
            .checked_sub(1)
            .and_then(|i| self.history.get(i))
            .map(|e| e.id.as_str())
    }

    /// Whether paragraph `position` (from 0) of the cable in the reader is
    /// bookmarked.
    pub fn is_bookmarked(&self, position: usize) -> bool {
        let Some(id) = self.current_id() else {
            return false;
        };
        self.bookmarks
            .iter()
            .any(|b| b.id == id && b.paragraph == position + 1)
    }

    /// The bookmarks of the cable in the reader, by paragraph.
    pub fn current_bookmarks(&self) -> Vec<&Bookmark> {
        let Some(id) = self.current_id() else {
            return Vec::new();
        };
        let mut v: Vec<&Bookmark> = self.bookmarks.iter().filter(|b| b.id == id).collect();
        v.sort_by_key(|b| b.paragraph);
        v
    }

    /// Lays the reader's text out again when the cable, width, raw mode or
    /// search terms changed.
    pub fn relayout(&mut self) {
        let width = self.reader_text_width();
        self.reader.doc_width = width;
        self.reader.doc = match &self.reader.cable {
            Some(c) => document::layout(c, width, self.reader.raw, &self.terms),
            None => Document::default(),
        };
        self.reader.hit = None;
        let items = self.reader.doc.items.len();
        if self.reader.cursor >= items {
            self.reader.cursor = items.saturating_sub(1);
        }
        let max_scroll = self.reader.doc.lines.len().saturating_sub(1);
        self.reader.scroll = self.reader.scroll.min(max_scroll);
    }

    /// Canonical form of an ID, for comparisons.
    pub fn same_id(a: &str, b: &str) -> bool {
        ids::normalize_id(a).as_deref().unwrap_or(a) == ids::normalize_id(b).as_deref().unwrap_or(b)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::library::{content_hash, parse_named, SourceRank, SAMPLES};

    /// A loaded sample cable; its references resolve among the samples.
    pub(crate) fn loaded(id: &str) -> LoadedCable {
        let (_, text) = SAMPLES.iter().find(|(i, _)| *i == id).expect("a sample");
        let cable = parse_named(text, Some(id), None);
        let stored = StoredCable {
            hash: content_hash(text, None),
            cable,
            raw: text.to_string(),
            rank: SourceRank::Sample,
        };
        let known: Vec<&str> = SAMPLES.iter().map(|(i, _)| *i).collect();
        let statuses = (stored.cable.references.iter())
            .map(|r| match &r.id {
                None => RefStatus::NotACable,
                Some(id) if known.contains(&id.as_str()) => RefStatus::Present(id.clone()),
                Some(id) => RefStatus::Missing(id.clone()),
            })
            .collect();
        LoadedCable::new(stored, statuses, Vec::new())
    }

    #[test]
    fn references_get_the_cable_letters_and_a_status() {
        let c = loaded("07MOSCOW1026");
        assert_eq!(c.refs[0].letter, 'A');
        assert_eq!(c.refs[1].letter, 'B');
        assert_eq!(c.refs[0].status, RefStatus::Missing("07MOSCOW977".into()));
        let c = loaded("09MOSCOW501");
        assert_eq!(c.refs[1].status, RefStatus::NotACable);
    }

    #[test]
    fn the_sidebar_follows_the_width_until_toggled() {
        let mut app = App::new((120, 40), Keymap::default(), false);
        assert!(app.sidebar_shown());
        app.size = (100, 40);
        assert!(!app.sidebar_shown());
        app.sidebar = Some(true);
        assert!(app.sidebar_shown());
    }
}
