//! All behaviour of the reader: `update(&mut App, Msg) -> Vec<Effect>`.
//! Messages come from the terminal and from finished work; effects are
//! work for the runtime (load a page, load a cable, run a search, quit).
//! This module routes; each concern has its file, named as in `state/` and
//! `view/`.

mod bookmarks;
mod help;
mod history;
mod input;
mod list;
mod overview;
mod panes;
mod prompt;
mod reader;
mod session;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::library::{Bookmark, ListQuery, ListRow, Overview, Page};

use super::effect::{Effect, Intent, Ticket};
use super::keymap::Action;
use super::state::{App, LoadedCable, Pane, StatusMessage};

pub use list::WINDOW;
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
            match ticket.lane {
                super::effect::Lane::Search => prompt::on_search_page(app, query, result),
                _ => list::on_page(app, select, result),
            }
        }
        Msg::CableLoaded { id, intent, result } => reader::on_cable(app, id, intent, result),
        Msg::BookmarksChanged {
            result,
            cables,
            notice,
            select,
        } => bookmarks::on_changed(app, result, cables, notice, select),
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
    match action {
        Quit => panes::quit(app),
        Help => help::open(app),
        FocusNext => panes::cycle_focus(app, true),
        FocusPrev => panes::cycle_focus(app, false),
        Search => prompt::open_search(app),
        Down | Up | Top | Bottom | HalfPageDown | HalfPageUp | PageDown | PageUp => {
            match app.focus {
                Pane::List => list::move_selection(app, action),
                Pane::Reader => reader::move_by(app, action),
                Pane::Sidebar => overview::move_in_sidebar(app, action),
            }
        }
        Open => list::open(app),
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
