//! All behaviour of the reader: `update(&mut App, Msg) -> Vec<Effect>`.
//! Messages come from the terminal and from finished work; effects are
//! work for the runtime (load a page, load a cable, run a search, quit).
//! This module routes; each concern has its file, named as in `state/` and
//! `view/`.

mod bookmarks;
pub mod document;
mod help;
mod history;
mod input;
mod list;
mod overview;
mod panes;
mod prompt;
mod reader;
mod related;
mod session;
mod thread;
pub mod triage;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::library::thread::Thread;
use crate::library::{Bookmark, ListQuery, ListRow, Overview, Page, Step};

use super::effect::{Effect, Intent, Ticket};
use super::keymap::Action;
use super::state::{App, LoadedCable, Pane, StatusMessage};

pub use list::WINDOW;
pub use related::SIMILAR_LIMIT;
pub use session::{init, restore};

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A page of a list arrived, with the ticket it was asked with (its
    /// lane says whether it is a search typed at the prompt).
    PageLoaded {
        ticket: Ticket,
        query: ListQuery,
        select: Option<String>,
        result: Result<Page, String>,
    },
    /// The bookmarks after a change (or at start), with a notice when a
    /// damaged file was set aside, and the row to select in the bookmarks
    /// view (a restored session's).
    BookmarksChanged {
        result: Result<Vec<Bookmark>, String>,
        /// The list rows of the bookmarked cables the library has.
        cables: Vec<ListRow>,
        notice: Option<String>,
        select: Option<String>,
    },
    /// A cable was loaded (`None`: not in the library).
    CableLoaded {
        id: String,
        intent: Intent,
        result: Result<Option<Box<LoadedCable>>, String>,
    },
    /// Saving the session failed (why).
    SessionNotSaved(String),
    /// The thread of a cable arrived (`T`).
    ThreadLoaded {
        ticket: Ticket,
        result: Result<Thread, String>,
    },
    /// The cables closest in content to `id` arrived (`R`), best first;
    /// `None`: the library does not have `id`.
    SimilarLoaded {
        ticket: Ticket,
        id: String,
        result: Result<Option<Vec<ListRow>>, String>,
    },
    /// The cables of a document of many arrived, in its order (`ids`
    /// those asked for).
    DocumentLoaded {
        ticket: Ticket,
        ids: Vec<String>,
        title: String,
        at: Option<String>,
        intent: Intent,
        result: Result<Vec<LoadedCable>, String>,
    },
    /// The cable from the same post before or after `id` (`[`, `]`);
    /// `None` at either end.
    NeighbourFound {
        id: String,
        step: Step,
        result: Result<Option<ListRow>, String>,
    },
    /// Read marks, saved searches, the selection.
    Triage(triage::TriageMsg),
    /// The overview's counts of a list arrived, with the ticket they were
    /// asked with.
    OverviewLoaded {
        ticket: Ticket,
        query: ListQuery,
        result: Result<Overview, String>,
    },
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut effects = route(app, msg);
    // The overview counts the list shown, whatever changed it.
    effects.extend(overview::follow_list(app));
    effects
}

fn route(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => input::on_key(app, key),
        Msg::Mouse(m) => input::on_mouse(app, m),
        Msg::Resize(w, h) => panes::resize(app, w, h),
        Msg::PageLoaded {
            ticket,
            query,
            select,
            result,
        } => {
            if !app.tickets.is_current(ticket) {
                return Vec::new();
            }
            let mut effects = match ticket.lane {
                super::effect::Lane::Search => prompt::on_search_page(app, query, result),
                _ => list::on_page(app, select, result),
            };
            effects.extend(triage::after_page(app));
            effects
        }
        Msg::CableLoaded { id, intent, result } => {
            let mut effects = reader::on_cable(app, id, intent, result);
            effects.extend(triage::on_shown(app));
            effects
        }
        Msg::Triage(m) => triage::on_msg(app, m),
        Msg::BookmarksChanged {
            result,
            cables,
            notice,
            select,
        } => bookmarks::on_changed(app, result, cables, notice, select),
        Msg::ThreadLoaded { ticket, result } if app.tickets.is_current(ticket) => {
            thread::on_thread(app, result)
        }
        Msg::SimilarLoaded { ticket, id, result } if app.tickets.is_current(ticket) => {
            related::on_similar(app, id, result)
        }
        Msg::DocumentLoaded {
            ticket,
            ids,
            title,
            at,
            intent,
            result,
        } if app.tickets.is_current(ticket) => {
            let many = crate::tui::state::ManyCables { ids, title };
            document::on_document(app, many, at, intent, result)
        }
        // An answer for a request a newer one replaced.
        Msg::ThreadLoaded { .. } | Msg::SimilarLoaded { .. } | Msg::DocumentLoaded { .. } => {
            Vec::new()
        }
        Msg::NeighbourFound { id, step, result } => related::on_neighbour(app, id, step, result),
        Msg::SessionNotSaved(why) => {
            say(app, &format!("the session was not saved: {why}"), true);
            Vec::new()
        }
        Msg::OverviewLoaded {
            ticket,
            query,
            result,
        } => overview::on_counts(app, ticket, query, result),
    }
}

/// Performs one action of the keymap in the panes (the layers over them
/// route their own: `input`).
pub fn act(app: &mut App, action: Action) -> Vec<Effect> {
    use Action::*;
    if action != SelectAll {
        app.triage.select_all_asked = false;
    }
    match action {
        Quit => panes::quit(app),
        Help => help::open(app),
        FocusNext => panes::cycle_focus(app, true),
        FocusPrev => panes::cycle_focus(app, false),
        Search => prompt::open_search(app),
        Down | Up | Top | Bottom | HalfPageDown | HalfPageUp | PageDown | PageUp => {
            match app.focus {
                Pane::List => list::move_selection(app, action),
                Pane::Reader => {
                    let mut effects = reader::move_by(app, action);
                    effects.extend(triage::scrolled(app));
                    effects
                }
                Pane::Sidebar => overview::move_in_sidebar(app, action),
            }
        }
        Open => list::open(app),
        NextCable if app.focus == Pane::Reader && app.reader.is_many() => document::step(app, 1),
        PrevCable if app.focus == Pane::Reader && app.reader.is_many() => document::step(app, -1),
        NextCable => list::step_cable(app, 1),
        PrevCable => list::step_cable(app, -1),
        ToggleRaw => reader::toggle_raw(app),
        ToggleOrder => list::toggle_order(app),
        Follow => reader::follow_cursor(app),
        FollowLetter => reader::ask_letter(app),
        Back => history::go(app, -1),
        Forward => history::go(app, 1),
        CitedBy => list::cited_by(app),
        NextHit => reader::step_hit(app, true),
        PrevHit => reader::step_hit(app, false),
        ToggleSidebar => panes::toggle_sidebar(app),
        Zoom => panes::zoom(app),
        Redraw => panes::redraw(app),
        Suspend => vec![Effect::Suspend],
        Copy => reader::copy_paragraph(app),
        Bookmark => bookmarks::bookmark_cursor(app),
        Unbookmark => bookmarks::unbookmark_cursor(app),
        Bookmarks => bookmarks::show(app),
        ViewBack => history::view_back(app),
        GoToId => reader::ask_id(app),
        DeleteItem => list::delete_item(app),
        EditItem => list::edit_item(app),
        Thread => thread::show(app),
        ReadThread => thread::read(app),
        SamePostPrev => related::same_post(app, Step::Previous),
        SamePostNext => related::same_post(app, Step::Next),
        Similar => related::similar(app),
        ToggleRead => triage::toggle_read(app),
        SaveSearch => triage::save_search(app),
        SavedSearches => triage::show_saved(app),
        ToggleSelect => triage::toggle_select(app),
        SelectAll => triage::select_all(app),
        SelectionPrefix => triage::prefix(app),
        FilterLabel => triage::ask_label(app),
        // The `selection` scope's own actions, after `;` (input).
        ExportSelection | ReadSelection | UnreadSelection | BookmarkSelection
        | ReadSelectionAsOne => Vec::new(),
        Overview => overview::open(app),
        // The layers' own actions: nothing to do in the panes.
        Cancel | Accept | HistoryPrev | HistoryNext | CursorLeft | CursorRight | LineStart
        | LineEnd | DeleteBack | DeleteForward | ClearLine | WordBack | WordForward
        | DeleteWordBack | DeleteWordForward | DeleteToStart | DeleteToEnd | Yank | PrevBar
        | NextBar | MarkRange => Vec::new(),
        Narrow | Exclude if app.focus == Pane::Sidebar => {
            overview::narrow_from_sidebar(app, action == Exclude)
        }
        Narrow | Exclude => Vec::new(),
    }
}

/// A message in the status line.
fn say(app: &mut App, text: &str, error: bool) {
    app.status = Some(StatusMessage {
        text: text.to_string(),
        error,
    });
}

/// What a lookup of cable `id` found; a cable the library does not have,
/// or an error, is said in the status line instead.
fn found<T>(app: &mut App, id: &str, result: Result<Option<T>, String>) -> Option<T> {
    match result {
        Ok(Some(found)) => Some(found),
        Ok(None) => {
            say(app, &format!("{id} is not in the library"), false);
            None
        }
        Err(e) => {
            say(app, &e, true);
            None
        }
    }
}
