//! The reader's state: plain data, no I/O. `update` changes it, the views
//! only read it. One file per concern, named as in `update/` and `view/`.

pub mod bookmarks;
pub mod history;
pub mod list;
pub mod overview;
pub mod prompt;
pub mod reader;
pub mod session;
pub mod thread;
pub mod triage;

use crate::cable::parse::ids;
use crate::library::{Bookmark, ListRow};

use super::document::{self, Document};
use super::effect::Tickets;
use super::keymap::{Keymap, Scope};

pub use history::{History, HistoryEntry, ManyCables, ViewBefore};
pub use list::{ListSource, ListState, LocalItem, LocalKind, LocalList, LocalRow};
pub use overview::OverviewState;
pub use prompt::{Prompt, PromptKind};
pub use reader::{LoadedCable, ReaderState, RefStatus, RefView};

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

/// The layer that takes the keys: the panes, or one layer over them. One
/// at a time; what each holds is the state of that layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The panes: keys go to the focused pane's scope, then `anywhere`.
    Normal,
    /// The help overlay, scrolled to this line.
    Help { scroll: usize },
    /// A prompt or editor (search, note): it takes every printable key.
    Prompt(Box<Prompt>),
    /// `f` was pressed: the next letter follows a reference.
    FollowLetter,
    /// `;` was pressed: the next key (of the `selection` scope) acts on
    /// the selection.
    Selection,
    /// The overview (`App::overview`) takes the keys: its own first, then
    /// `anywhere`'s.
    Overview,
}

impl Mode {
    /// The scope of the layer's own keys; `None` for the panes, whose
    /// scope is the focused pane's.
    pub fn scope(&self) -> Option<Scope> {
        match self {
            Mode::Normal => None,
            Mode::Help { .. } => Some(Scope::Help),
            // A letter after `f` is typed like a prompt's: Esc and Ctrl-c
            // are the prompt's.
            Mode::Prompt(_) | Mode::FollowLetter => Some(Scope::Prompt),
            Mode::Selection => Some(Scope::Selection),
            Mode::Overview => Some(Scope::Overview),
        }
    }
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
    pub mode: Mode,
    pub list: ListState,
    pub reader: ReaderState,
    pub history: History,
    /// The list views left for the one shown, newest last (`Esc`).
    pub views_before: Vec<ViewBefore>,
    pub status: Option<StatusMessage>,
    /// `s`: `None` follows the width (shown from 110 columns).
    pub sidebar: Option<bool>,
    /// The overview of the list (`O`), in place of the sidebar while it is
    /// open. It stays open under the help and a prompt (a search typed
    /// there is counted as it runs); the keys are its own again when they
    /// close.
    pub overview: Option<Box<OverviewState>>,
    /// The Details sidebar's item under the cursor (of
    /// `overview::details_items`), when it is focused.
    pub sidebar_cursor: usize,
    pub zoom: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Earlier queries, oldest first.
    pub query_history: Vec<String>,
    /// Words and phrases of the current search, to highlight.
    pub terms: Vec<Vec<String>>,
    /// Every bookmark of the library, oldest first.
    pub bookmarks: Vec<Bookmark>,
    /// The list rows of the bookmarked cables (date, class, origin,
    /// subject), by ID, for the bookmarks view.
    pub bookmarked_cables: std::collections::HashMap<String, ListRow>,
    pub keymap: Keymap,
    /// Colours of the views (from the configuration; none under NO_COLOR).
    pub theme: super::view::theme::Theme,
    /// The library holds only the bundled samples.
    pub samples: bool,
    pub should_quit: bool,
    /// The current ticket of each lane of effects.
    pub tickets: Tickets,
    /// Why a copy (OSC 52) may not reach the clipboard, found once at
    /// start (tmux without `set-clipboard on`…); `None` when nothing
    /// stands in its way that the reader can see.
    pub clipboard_caveat: Option<String>,
    /// Read marks, saved searches, the selection.
    pub triage: triage::Triage,
}

impl App {
    pub fn new(size: (u16, u16), keymap: Keymap, samples: bool) -> App {
        App {
            focus: Pane::List,
            mode: Mode::Normal,
            list: ListState::default(),
            reader: ReaderState::default(),
            history: History::default(),
            views_before: Vec::new(),
            status: None,
            sidebar: None,
            overview: None,
            sidebar_cursor: 0,
            zoom: false,
            size,
            query_history: Vec::new(),
            terms: Vec::new(),
            bookmarks: Vec::new(),
            bookmarked_cables: std::collections::HashMap::new(),
            keymap,
            theme: super::view::theme::Theme::current(),
            samples,
            should_quit: false,
            tickets: Tickets::default(),
            clipboard_caveat: None,
            triage: triage::Triage::default(),
        }
    }

    /// The scope of the keys in the panes: the focused pane's, and the
    /// thread view's while the list pane shows a thread.
    pub fn pane_scope(&self) -> Scope {
        match (self.focus, self.list.local_kind()) {
            (Pane::List, Some(LocalKind::Thread)) => Scope::Thread,
            (pane, _) => pane.scope(),
        }
    }

    /// The prompt or editor, while one is open.
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.mode {
            Mode::Prompt(p) => Some(p),
            _ => None,
        }
    }

    /// The overview, while it is open.
    pub fn overview(&self) -> Option<&OverviewState> {
        self.overview.as_deref()
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        matches!(self.mode, Mode::Help { .. })
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

    /// The ID of the cable in the reader (of a document of many, the one
    /// under the cursor).
    pub fn current_id(&self) -> Option<&str> {
        self.reader.cable().map(|c| c.id())
    }

    /// The previous cable of the history, for the status line.
    pub fn back_id(&self) -> Option<&str> {
        self.history.back_id()
    }

    /// Lays the reader's text out again when the cable, width, raw mode or
    /// search terms changed.
    pub fn relayout(&mut self) {
        let width = self.reader_text_width();
        self.reader.doc_width = width;
        self.reader.doc = match self.reader.cables.as_slice() {
            [] => Document::default(),
            [one] => document::layout(one, width, self.reader.raw, &self.terms),
            many => document::layout_many(many, width, self.reader.raw, &self.terms),
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
mod tests {
    use super::*;

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
