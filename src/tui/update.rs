//! All behaviour of the reader: `update(&mut App, Msg) -> Vec<Effect>`.
//! Messages come from the terminal and from finished work; effects are
//! work for the runtime (load a page, load a cable, run a search, quit).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::library::query::parse_query;
use crate::library::{Bookmark, ListQuery, ListRow, Page, Session, SessionView, Sort};

use super::app::{
    App, HistoryEntry, ListState, ListView, LoadedCable, Pane, Prompt, PromptKind, RefStatus,
    StatusMessage,
};
use super::document::ItemKind;
use super::keymap::{Action, Key};

/// Rows fetched around the selection when the list moves.
pub const WINDOW: usize = 200;

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A page of a list arrived. `search_seq` is set for the searches typed
    /// at the prompt.
    PageLoaded {
        list_seq: u64,
        search_seq: Option<u64>,
        query: ListQuery,
        result: Result<Page, String>,
    },
    /// The bookmarks after a change (or at start), with a notice when a
    /// damaged file was set aside.
    BookmarksChanged {
        result: Result<Vec<Bookmark>, String>,
        notice: Option<String>,
    },
    /// A cable was loaded (`None`: not in the library).
    CableLoaded {
        id: String,
        intent: Intent,
        result: Result<Option<Box<LoadedCable>>, String>,
    },
}

/// Why a cable is loaded, which decides what happens to the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// The list selection moved: the current history entry is replaced.
    Select,
    /// The first page arrived: show its first cable unless the reader
    /// already shows one (the cable asked for on the command line).
    Initial,
    /// A reference was followed or a cable opened: a new history entry.
    Follow,
    /// Back or forward along the history, to this place in the cable.
    History { cursor: usize, scroll: usize },
    /// Opened from a bookmark: a new history entry, the cursor on this
    /// paragraph (position from 1).
    Paragraph(usize),
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadPage {
        list_seq: u64,
        search_seq: Option<u64>,
        query: ListQuery,
        sort: Option<Sort>,
        offset: usize,
        limit: usize,
    },
    LoadCable {
        id: String,
        intent: Intent,
    },
    Redraw,
    Suspend,
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    SaveBookmark(Bookmark),
    RemoveBookmark {
        id: String,
        paragraph: usize,
    },
}

/// The effects to start the reader: the first page of the whole library,
/// and the cable asked for on the command line.
pub fn init(app: &mut App, start_id: Option<&str>) -> Vec<Effect> {
    app.relayout();
    let mut effects = vec![load_list(app, 0)];
    if let Some(id) = start_id {
        app.focus = Pane::Reader;
        effects.push(Effect::LoadCable {
            id: id.to_string(),
            intent: Intent::Follow,
        });
    }
    effects
}

/// The effects to start the reader where the last session left it: the
/// same list, the same cable at the same place, the same history. A cable
/// asked for on the command line wins over the remembered one.
pub fn restore(app: &mut App, session: &Session, start_id: Option<&str>) -> Vec<Effect> {
    app.relayout();
    app.query_history = session.query_history.clone();
    app.list.view = match (&session.view, &session.query, &session.cited_id) {
        (SessionView::Search, Some(q), _) => {
            app.terms = parse_query(q)
                .map(|e| e.highlight_terms())
                .unwrap_or_default();
            ListView::Search(q.clone())
        }
        (SessionView::CitedBy, _, Some(id)) => ListView::CitedBy(id.clone()),
        (SessionView::Bookmarks, _, _) => ListView::Bookmarks,
        _ => ListView::All,
    };
    app.restore_selection = session.selected.clone();
    app.history = session
        .history
        .iter()
        .map(|p| HistoryEntry {
            id: p.id.clone(),
            cursor: p.cursor,
            scroll: p.scroll,
        })
        .collect();
    app.history_pos = session.history_pos.min(app.history.len().saturating_sub(1));
    let mut effects = Vec::new();
    if app.list.view != ListView::Bookmarks {
        effects.push(load_list(app, 0));
    }
    match (start_id, &session.reader) {
        (Some(id), _) => {
            app.focus = Pane::Reader;
            effects.push(Effect::LoadCable {
                id: id.to_string(),
                intent: Intent::Follow,
            });
        }
        (None, Some(id)) => {
            app.focus = Pane::Reader;
            effects.push(Effect::LoadCable {
                id: id.clone(),
                intent: Intent::History {
                    cursor: session.cursor,
                    scroll: session.scroll,
                },
            });
        }
        (None, None) => {}
    }
    effects
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Mouse(m) => on_mouse(app, m),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.relayout();
            keep_selection_visible(app);
            keep_cursor_visible(app);
            Vec::new()
        }
        Msg::PageLoaded {
            list_seq,
            search_seq,
            query,
            result,
        } => on_page(app, list_seq, search_seq, query, result),
        Msg::CableLoaded { id, intent, result } => on_cable(app, id, intent, result),
        Msg::BookmarksChanged { result, notice } => {
            match result {
                Ok(b) => {
                    app.bookmarks = b;
                    if app.list.view == ListView::Bookmarks {
                        fill_bookmarks_list(app);
                        if let Some(id) = app.restore_selection.take() {
                            if let Some(i) = app.list.rows.iter().position(|r| r.id == id) {
                                app.list.selected = i;
                            }
                        }
                        keep_selection_visible(app);
                    }
                }
                Err(e) => say(app, &e, true),
            }
            if let Some(n) = notice {
                say(app, &n, true);
            }
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // Ctrl-c always quits, whatever is open.
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        app.should_quit = true;
        return vec![Effect::Quit];
    }
    if app.prompt.is_some() {
        return on_prompt_key(app, key);
    }
    app.status = None;
    if app.show_help {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') => {
                app.show_help = false;
                app.help_scroll = 0;
            }
            KeyCode::Char('j') | KeyCode::Down => app.help_scroll += 1,
            KeyCode::Char('k') | KeyCode::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => app.help_scroll += 10,
            KeyCode::PageUp => app.help_scroll = app.help_scroll.saturating_sub(10),
            KeyCode::Char('g') | KeyCode::Home => app.help_scroll = 0,
            _ => {}
        }
        return Vec::new();
    }
    if app.reader.awaiting_letter {
        app.reader.awaiting_letter = false;
        if let KeyCode::Char(c) = key.code {
            if c.is_ascii_alphabetic() {
                return follow_letter(app, c.to_ascii_uppercase());
            }
        }
        return Vec::new();
    }
    let Some(action) = app.keymap.action(app.focus.scope(), Key::from_event(&key)) else {
        return Vec::new();
    };
    act(app, action)
}

fn contains(r: &Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// Click selects, focuses and follows; the wheel scrolls the pane under
/// the pointer.
fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if app.prompt.is_some() || app.show_help {
        return Vec::new();
    }
    let areas = super::view::areas(app);
    let under = |r: Option<Rect>| r.filter(|r| contains(r, m.column, m.row));
    let wheel = match m.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    if let Some(down) = wheel {
        if under(areas.list).is_some() {
            let last = app.list.total.saturating_sub(1);
            app.list.selected = if down {
                (app.list.selected + 3).min(last)
            } else {
                app.list.selected.saturating_sub(3)
            };
            keep_selection_visible(app);
            return selection_changed(app);
        }
        if under(areas.reader).is_some() {
            let max = app
                .reader
                .doc
                .lines
                .len()
                .saturating_sub(app.reader_height().max(1));
            app.reader.scroll = if down {
                (app.reader.scroll + 3).min(max)
            } else {
                app.reader.scroll.saturating_sub(3)
            };
        }
        return Vec::new();
    }
    if m.kind != MouseEventKind::Down(MouseButton::Left) {
        return Vec::new();
    }
    app.status = None;
    if let Some(r) = under(areas.list) {
        app.focus = Pane::List;
        let row = usize::from(m.row - r.y);
        if row >= 1 && row + 1 < usize::from(r.height) {
            let index = app.list.top + row - 1;
            if index < app.list.total {
                app.list.selected = index;
                return selection_changed(app);
            }
        }
    } else if let Some(r) = under(areas.reader) {
        app.focus = Pane::Reader;
        let row = usize::from(m.row - r.y);
        if row >= 1 && row + 1 < usize::from(r.height) {
            let line = app.reader.scroll + row - 1;
            let hit = app
                .reader
                .doc
                .items
                .iter()
                .position(|it| it.first_line <= line && line <= it.last_line);
            if let Some(i) = hit {
                app.reader.cursor = i;
                if let Some(ItemKind::Reference(r)) = cursor_item(app) {
                    return follow(app, r);
                }
            }
        }
    } else if under(areas.sidebar).is_some() {
        app.focus = Pane::Sidebar;
    }
    Vec::new()
}

/// Performs one action of the keymap.
pub fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            app.should_quit = true;
            vec![Effect::Quit]
        }
        Action::Help => {
            app.show_help = true;
            Vec::new()
        }
        Action::FocusNext => {
            cycle_focus(app, true);
            Vec::new()
        }
        Action::FocusPrev => {
            cycle_focus(app, false);
            Vec::new()
        }
        Action::Search => {
            open_prompt(app);
            Vec::new()
        }
        Action::Down | Action::Up | Action::Top | Action::Bottom => match app.focus {
            Pane::List => move_selection(app, action),
            Pane::Reader => {
                move_cursor(app, action);
                Vec::new()
            }
            Pane::Sidebar => Vec::new(),
        },
        Action::HalfPageDown | Action::HalfPageUp | Action::PageDown | Action::PageUp => {
            match app.focus {
                Pane::List => move_selection(app, action),
                Pane::Reader => {
                    page_reader(app, action);
                    Vec::new()
                }
                Pane::Sidebar => Vec::new(),
            }
        }
        Action::Open => {
            if let Some(b) = selected_bookmark(app).cloned() {
                app.focus = Pane::Reader;
                save_place(app);
                return vec![Effect::LoadCable {
                    id: b.id,
                    intent: Intent::Paragraph(b.paragraph),
                }];
            }
            app.focus = Pane::Reader;
            match app.list.selected_row() {
                Some(row) if app.current_id() != Some(row.id.as_str()) => vec![Effect::LoadCable {
                    id: row.id.clone(),
                    intent: Intent::Follow,
                }],
                _ => Vec::new(),
            }
        }
        Action::NextCable => step_cable(app, 1),
        Action::PrevCable => step_cable(app, -1),
        Action::ToggleRaw => {
            app.reader.raw = !app.reader.raw;
            app.reader.scroll = 0;
            app.relayout();
            Vec::new()
        }
        Action::ToggleOrder => toggle_order(app),
        Action::Follow => match cursor_item(app) {
            Some(ItemKind::Reference(i)) => follow(app, i),
            Some(ItemKind::Paragraph(_)) | None => {
                say(
                    app,
                    "the cursor is not on a reference (j/k step to one)",
                    false,
                );
                Vec::new()
            }
        },
        Action::FollowLetter => {
            let refs = app.reader.cable.as_ref().map_or(0, |c| c.refs.len());
            if refs == 0 {
                say(app, "this cable has no references", false);
            } else {
                app.reader.awaiting_letter = true;
                let letters: String = app
                    .reader
                    .cable
                    .iter()
                    .flat_map(|c| c.refs.iter().map(|r| r.letter))
                    .collect();
                say(app, &format!("follow which reference? ({letters})"), false);
            }
            Vec::new()
        }
        Action::Back => go_history(app, -1),
        Action::Forward => go_history(app, 1),
        Action::CitedBy => cited_by(app),
        Action::NextHit => {
            step_hit(app, true);
            Vec::new()
        }
        Action::PrevHit => {
            step_hit(app, false);
            Vec::new()
        }
        Action::ToggleSidebar => {
            app.sidebar = Some(!app.sidebar_shown());
            app.zoom = false;
            app.relayout();
            Vec::new()
        }
        Action::Zoom => {
            app.zoom = !app.zoom;
            if app.zoom {
                app.focus = Pane::Reader;
            }
            app.relayout();
            Vec::new()
        }
        Action::Redraw => {
            // Ctrl-l also shows what an import running elsewhere committed.
            let mut effects = vec![Effect::Redraw];
            if app.list.view != ListView::Bookmarks {
                effects.push(load_list(app, app.list.selected));
            }
            effects
        }
        Action::Suspend => vec![Effect::Suspend],
        Action::Copy => copy_paragraph(app),
        Action::Bookmark => {
            match cursor_item(app) {
                Some(ItemKind::Paragraph(pos)) => open_note_editor(app, pos),
                _ => say(
                    app,
                    "the cursor is not on a paragraph (j/k step to one)",
                    false,
                ),
            }
            Vec::new()
        }
        Action::Unbookmark => {
            let (Some(ItemKind::Paragraph(pos)), Some(id)) =
                (cursor_item(app), app.current_id().map(str::to_string))
            else {
                say(app, "the cursor is not on a paragraph", false);
                return Vec::new();
            };
            if !app.is_bookmarked(pos) {
                say(app, "this paragraph has no bookmark", false);
                return Vec::new();
            }
            say(app, "bookmark removed", false);
            vec![Effect::RemoveBookmark {
                id,
                paragraph: pos + 1,
            }]
        }
        Action::Bookmarks => {
            app.list = ListState {
                view: ListView::Bookmarks,
                seq: app.list.seq + 1,
                ..ListState::default()
            };
            fill_bookmarks_list(app);
            app.focus = Pane::List;
            if app.bookmarks.is_empty() {
                say(app, "no bookmarks yet: m on a paragraph adds one", false);
            }
            Vec::new()
        }
        Action::DeleteBookmark | Action::EditNote => {
            let Some(b) = selected_bookmark(app).cloned() else {
                say(app, "d and e work in the bookmarks view (B)", false);
                return Vec::new();
            };
            if action == Action::DeleteBookmark {
                say(
                    app,
                    &format!("deleted the bookmark on {} {}", b.id, b.label()),
                    false,
                );
                return vec![Effect::RemoveBookmark {
                    id: b.id,
                    paragraph: b.paragraph,
                }];
            }
            let kind = PromptKind::Note {
                id: b.id,
                paragraph: b.paragraph,
                number: b.number,
            };
            open_editor(app, kind, b.note);
            Vec::new()
        }
    }
}

/// The bookmarks view, newest first.
fn bookmarks_newest_first(app: &App) -> Vec<&Bookmark> {
    let mut v: Vec<&Bookmark> = app.bookmarks.iter().collect();
    v.reverse();
    v
}

/// Rows of the bookmarks view (their IDs drive the reader like any list).
fn fill_bookmarks_list(app: &mut App) {
    let rows: Vec<ListRow> = bookmarks_newest_first(app)
        .into_iter()
        .map(|b| ListRow {
            id: b.id.clone(),
            created: None,
            classification: None,
            subject: Some(b.note.clone()),
        })
        .collect();
    app.list.total = rows.len();
    app.list.rows = rows;
    app.list.window_offset = 0;
    if app.list.selected >= app.list.total {
        app.list.selected = app.list.total.saturating_sub(1);
    }
}

fn selected_bookmark(app: &App) -> Option<&Bookmark> {
    if app.list.view != ListView::Bookmarks || app.focus != Pane::List {
        return None;
    }
    bookmarks_newest_first(app).get(app.list.selected).copied()
}

/// `m`: the note editor for paragraph `pos` (from 0), with the note it has.
fn open_note_editor(app: &mut App, pos: usize) {
    let Some(cable) = &app.reader.cable else {
        return;
    };
    let id = cable.id().to_string();
    let number = cable
        .stored
        .cable
        .paragraphs
        .get(pos)
        .and_then(|p| p.number.clone());
    let note = app
        .bookmarks
        .iter()
        .find(|b| b.id == id && b.paragraph == pos + 1)
        .map(|b| b.note.clone())
        .unwrap_or_default();
    let kind = PromptKind::Note {
        id,
        paragraph: pos + 1,
        number,
    };
    open_editor(app, kind, note);
}

/// `y`: the citation (`07MOSCOW1026 ¶2`), a blank line and the paragraph's
/// text, for the clipboard.
fn copy_paragraph(app: &mut App) -> Vec<Effect> {
    let Some(ItemKind::Paragraph(pos)) = cursor_item(app) else {
        say(
            app,
            "the cursor is not on a paragraph (j/k step to one)",
            false,
        );
        return Vec::new();
    };
    let Some(cable) = &app.reader.cable else {
        return Vec::new();
    };
    let Some(p) = cable.stored.cable.paragraphs.get(pos) else {
        return Vec::new();
    };
    let citation = crate::text::paragraph_citation(cable.id(), pos + 1, p.number.as_deref());
    let text = format!("{citation}\n\n{}", p.text);
    say(app, &format!("copied {citation}"), false);
    vec![Effect::Copy(text)]
}

fn say(app: &mut App, text: &str, error: bool) {
    app.status = Some(StatusMessage {
        text: text.to_string(),
        error,
    });
}

fn cycle_focus(app: &mut App, forward: bool) {
    let mut panes = vec![Pane::List, Pane::Reader];
    if app.sidebar_shown() {
        panes.push(Pane::Sidebar);
    }
    if app.zoom {
        panes = vec![Pane::Reader];
    }
    let at = panes.iter().position(|p| *p == app.focus).unwrap_or(0);
    let n = panes.len();
    let next = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    app.focus = panes[next];
}

// ---- the list ---------------------------------------------------------

/// The page request for the current list, around `index`.
fn load_list(app: &mut App, index: usize) -> Effect {
    app.list.loading = true;
    Effect::LoadPage {
        list_seq: app.list.seq,
        search_seq: None,
        query: app.list.view.query(),
        sort: app.list.sort,
        offset: index.saturating_sub(WINDOW / 4),
        limit: WINDOW,
    }
}

fn move_selection(app: &mut App, action: Action) -> Vec<Effect> {
    if app.list.total == 0 {
        return Vec::new();
    }
    let h = app.list_height().max(1);
    let last = app.list.total - 1;
    let sel = app.list.selected;
    app.list.selected = match action {
        Action::Down => (sel + 1).min(last),
        Action::Up => sel.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        Action::HalfPageDown => (sel + h / 2).min(last),
        Action::HalfPageUp => sel.saturating_sub(h / 2),
        Action::PageDown => (sel + h).min(last),
        Action::PageUp => sel.saturating_sub(h),
        _ => sel,
    };
    keep_selection_visible(app);
    selection_changed(app)
}

fn keep_selection_visible(app: &mut App) {
    let h = app.list_height().max(1);
    let l = &mut app.list;
    if l.selected < l.top {
        l.top = l.selected;
    } else if l.selected >= l.top + h {
        l.top = l.selected + 1 - h;
    }
}

/// After the selection moved: load the rows around it when they are not
/// there, and the cable into the reader.
fn selection_changed(app: &mut App) -> Vec<Effect> {
    let mut effects = Vec::new();
    let h = app.list_height().max(1);
    let visible_end = (app.list.top + h).min(app.list.total);
    let window_end = app.list.window_offset + app.list.rows.len();
    let covered = app.list.top >= app.list.window_offset && visible_end <= window_end;
    if !covered && !app.list.loading {
        effects.push(load_list(app, app.list.selected));
    }
    if let Some(row) = app.list.selected_row() {
        if app.current_id() != Some(row.id.as_str()) {
            effects.push(Effect::LoadCable {
                id: row.id.clone(),
                intent: Intent::Select,
            });
        }
    }
    effects
}

fn step_cable(app: &mut App, delta: i64) -> Vec<Effect> {
    if app.list.total == 0 {
        return Vec::new();
    }
    let last = app.list.total - 1;
    app.list.selected = if delta > 0 {
        (app.list.selected + 1).min(last)
    } else {
        app.list.selected.saturating_sub(1)
    };
    keep_selection_visible(app);
    selection_changed(app)
}

fn toggle_order(app: &mut App) -> Vec<Effect> {
    let next = match app.list.effective_sort {
        Sort::Date => Sort::Relevance,
        Sort::Relevance => Sort::Date,
    };
    let has_text = match &app.list.view {
        ListView::Search(q) => parse_query(q).map(|e| e.has_free_text()).unwrap_or(false),
        _ => false,
    };
    if next == Sort::Relevance && !has_text {
        say(
            app,
            "relevance needs a search with words; this list is by date",
            false,
        );
        return Vec::new();
    }
    app.list.sort = Some(next);
    app.list.seq += 1;
    app.list.selected = 0;
    app.list.top = 0;
    vec![load_list(app, 0)]
}

fn on_page(
    app: &mut App,
    list_seq: u64,
    search_seq: Option<u64>,
    query: ListQuery,
    result: Result<Page, String>,
) -> Vec<Effect> {
    if let Some(seq) = search_seq {
        // A search typed at the prompt: only the newest counts.
        if seq != app.search_seq {
            return Vec::new();
        }
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                say(app, &e, true);
                return Vec::new();
            }
        };
        let ListQuery::Search(text) = query else {
            return Vec::new();
        };
        // The prompt was closed and the list already shows this query: a
        // late copy of its results must not move the selection.
        if app.prompt.is_none() && app.list.view == ListView::Search(text.clone()) {
            return Vec::new();
        }
        let keep = if app.prompt.is_none() {
            app.list.selected_row().map(|r| r.id.clone())
        } else {
            None
        };
        app.terms = parse_query(&text)
            .map(|e| e.highlight_terms())
            .unwrap_or_default();
        let seq = app.list.seq + 1;
        app.list = ListState {
            view: ListView::Search(text),
            sort: None,
            effective_sort: page.sort,
            total: page.total,
            selected: 0,
            top: 0,
            window_offset: page.offset,
            rows: page.rows,
            seq,
            loading: false,
        };
        if let Some(id) = keep {
            if let Some(i) = app.list.rows.iter().position(|r| r.id == id) {
                app.list.selected = app.list.window_offset + i;
                keep_selection_visible(app);
            }
        }
        app.relayout();
        return selection_changed(app);
    }
    if list_seq != app.list.seq {
        return Vec::new();
    }
    app.list.loading = false;
    match result {
        Ok(page) => {
            app.list.total = page.total;
            app.list.window_offset = page.offset;
            app.list.rows = page.rows;
            app.list.effective_sort = page.sort;
            if let Some(id) = app.restore_selection.take() {
                if let Some(i) = app.list.rows.iter().position(|r| r.id == id) {
                    app.list.selected = app.list.window_offset + i;
                }
            }
            if app.list.selected >= page.total {
                app.list.selected = page.total.saturating_sub(1);
            }
            keep_selection_visible(app);
            // The reader follows the selection, unless it shows a cable
            // reached otherwise (a followed reference, the history).
            match (&app.reader.cable, app.list.selected_row()) {
                (None, Some(row)) => vec![Effect::LoadCable {
                    id: row.id.clone(),
                    intent: Intent::Initial,
                }],
                _ => Vec::new(),
            }
        }
        Err(e) => {
            say(app, &e, true);
            Vec::new()
        }
    }
}

fn cited_by(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        return Vec::new();
    };
    let n = app.reader.cable.as_ref().map_or(0, |c| c.cited_by.len());
    if n == 0 {
        say(app, &format!("no cable in the library cites {id}"), false);
        return Vec::new();
    }
    app.list = ListState {
        view: ListView::CitedBy(id),
        seq: app.list.seq + 1,
        ..ListState::default()
    };
    app.focus = Pane::List;
    vec![load_list(app, 0)]
}

// ---- the prompt -------------------------------------------------------

fn open_prompt(app: &mut App) {
    let input = match &app.list.view {
        ListView::Search(q) => q.clone(),
        _ => String::new(),
    };
    open_editor(app, PromptKind::Search, input);
}

/// Opens the one-line editor on `input`, remembering the list and the
/// search terms to restore if it is left with `Esc`.
fn open_editor(app: &mut App, kind: PromptKind, input: String) {
    app.prompt = Some(Prompt {
        kind,
        cursor: input.chars().count(),
        draft: input.clone(),
        input,
        history_index: None,
        saved_list: app.list.clone(),
        saved_terms: app.terms.clone(),
    });
}

fn on_prompt_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(prompt) = app.prompt.as_mut() else {
        return Vec::new();
    };
    if let PromptKind::Note { .. } = prompt.kind {
        match key.code {
            KeyCode::Esc => {
                app.prompt = None;
                say(app, "not saved", false);
                return Vec::new();
            }
            KeyCode::Enter => {
                let Some(p) = app.prompt.take() else {
                    return Vec::new();
                };
                let PromptKind::Note {
                    id,
                    paragraph,
                    number,
                } = p.kind
                else {
                    return Vec::new();
                };
                let b = Bookmark::new(&id, paragraph, number, p.input.trim());
                say(app, &format!("bookmarked {id} {}", b.label()), false);
                return vec![Effect::SaveBookmark(b)];
            }
            _ => {
                edit_line(prompt, key);
                return Vec::new();
            }
        }
    }
    match key.code {
        KeyCode::Esc => {
            let Some(p) = app.prompt.take() else {
                return Vec::new();
            };
            app.search_seq += 1; // results still under way are dropped
            app.list = p.saved_list;
            app.terms = p.saved_terms;
            app.status = None;
            app.relayout();
            return selection_changed(app);
        }
        KeyCode::Enter => {
            let Some(p) = app.prompt.take() else {
                return Vec::new();
            };
            let q = p.input.trim().to_string();
            if !q.is_empty() && app.query_history.last() != Some(&q) {
                app.query_history.push(q);
            }
            app.focus = Pane::List;
            return Vec::new();
        }
        KeyCode::Up | KeyCode::Down => {
            let n = app.query_history.len();
            if n == 0 {
                return Vec::new();
            }
            let next = match (key.code, prompt.history_index) {
                (KeyCode::Up, None) => Some(n - 1),
                (KeyCode::Up, Some(i)) => Some(i.saturating_sub(1)),
                (KeyCode::Down, Some(i)) if i + 1 < n => Some(i + 1),
                _ => None,
            };
            if prompt.history_index.is_none() {
                prompt.draft = prompt.input.clone();
            }
            prompt.history_index = next;
            prompt.input = match next {
                Some(i) => app.query_history[i].clone(),
                None => prompt.draft.clone(),
            };
            prompt.cursor = prompt.input.chars().count();
        }
        _ => {
            if !edit_line(prompt, key) {
                return Vec::new();
            }
        }
    }
    start_search(app)
}

/// The editing keys of the one-line editor; false when the key is not one.
fn edit_line(prompt: &mut Prompt, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Left => prompt.cursor = prompt.cursor.saturating_sub(1),
        KeyCode::Right => prompt.cursor = (prompt.cursor + 1).min(prompt.input.chars().count()),
        KeyCode::Home => prompt.cursor = 0,
        KeyCode::End => prompt.cursor = prompt.input.chars().count(),
        KeyCode::Char('u') if ctrl => {
            prompt.input.clear();
            prompt.cursor = 0;
        }
        KeyCode::Char('a') if ctrl => prompt.cursor = 0,
        KeyCode::Char('e') if ctrl => prompt.cursor = prompt.input.chars().count(),
        KeyCode::Backspace => {
            if prompt.cursor == 0 {
                return false;
            }
            let at = byte_index(&prompt.input, prompt.cursor - 1);
            prompt.input.remove(at);
            prompt.cursor -= 1;
        }
        KeyCode::Delete => {
            if prompt.cursor < prompt.input.chars().count() {
                let at = byte_index(&prompt.input, prompt.cursor);
                prompt.input.remove(at);
            }
        }
        KeyCode::Char(c) if !ctrl => {
            let at = byte_index(&prompt.input, prompt.cursor);
            prompt.input.insert(at, c);
            prompt.cursor += 1;
        }
        _ => return false,
    }
    true
}

fn byte_index(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// Runs the query being typed; an empty prompt shows the list it started on.
fn start_search(app: &mut App) -> Vec<Effect> {
    let Some(prompt) = &app.prompt else {
        return Vec::new();
    };
    app.search_seq += 1;
    let text = prompt.input.trim().to_string();
    if text.is_empty() {
        let saved = prompt.saved_list.clone();
        app.list = saved;
        app.terms.clear();
        app.status = None;
        app.relayout();
        return Vec::new();
    }
    app.status = None;
    vec![Effect::LoadPage {
        list_seq: app.list.seq,
        search_seq: Some(app.search_seq),
        query: ListQuery::Search(text),
        sort: None,
        offset: 0,
        limit: WINDOW,
    }]
}

// ---- the reader -------------------------------------------------------

fn cursor_item(app: &App) -> Option<ItemKind> {
    app.reader
        .doc
        .items
        .get(app.reader.cursor)
        .map(|i| i.kind.clone())
}

fn move_cursor(app: &mut App, action: Action) {
    let items = app.reader.doc.items.len();
    if items == 0 {
        // Nothing to step over (raw view): scroll by lines.
        let max = app.reader.doc.lines.len().saturating_sub(1);
        app.reader.scroll = match action {
            Action::Down => (app.reader.scroll + 1).min(max),
            Action::Up => app.reader.scroll.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => max.saturating_sub(app.reader_height().saturating_sub(1)),
            _ => app.reader.scroll,
        };
        return;
    }
    let c = app.reader.cursor;
    app.reader.cursor = match action {
        Action::Down => (c + 1).min(items - 1),
        Action::Up => c.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => items - 1,
        _ => c,
    };
    if action == Action::Top {
        app.reader.scroll = 0;
    }
    keep_cursor_visible(app);
}

/// Scrolls so that the cursor's item is on screen (its first line, when it
/// is taller than the pane).
fn keep_cursor_visible(app: &mut App) {
    let h = app.reader_height().max(1);
    let Some(item) = app.reader.doc.items.get(app.reader.cursor) else {
        return;
    };
    let (first, last) = (item.first_line, item.last_line);
    let r = &mut app.reader;
    if first < r.scroll {
        r.scroll = first;
    } else if last >= r.scroll + h {
        r.scroll = if last - first + 1 > h {
            first
        } else {
            last + 1 - h
        };
    }
}

fn page_reader(app: &mut App, action: Action) {
    let h = app.reader_height().max(1);
    let max = app.reader.doc.lines.len().saturating_sub(h);
    let s = app.reader.scroll;
    app.reader.scroll = match action {
        Action::PageDown => (s + h).min(max),
        Action::PageUp => s.saturating_sub(h),
        Action::HalfPageDown => (s + h / 2).min(max),
        Action::HalfPageUp => s.saturating_sub(h / 2),
        _ => s,
    };
    // The cursor goes to the first item that starts on screen.
    let scroll = app.reader.scroll;
    if let Some(i) = app
        .reader
        .doc
        .items
        .iter()
        .position(|it| it.first_line >= scroll && it.first_line < scroll + h)
    {
        app.reader.cursor = i;
    }
}

fn step_hit(app: &mut App, forward: bool) {
    let n = app.reader.doc.hit_lines.len();
    if n == 0 {
        say(app, "no search hit in this cable", false);
        return;
    }
    let next = match (app.reader.hit, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    app.reader.hit = Some(next);
    let line = app.reader.doc.hit_lines[next];
    if let Some(i) = app
        .reader
        .doc
        .items
        .iter()
        .position(|it| it.first_line <= line && line <= it.last_line)
    {
        app.reader.cursor = i;
    }
    let h = app.reader_height().max(1);
    if line < app.reader.scroll || line >= app.reader.scroll + h {
        app.reader.scroll = line.saturating_sub(h / 3);
    }
    say(app, &format!("hit {} of {n}", next + 1), false);
}

fn follow_letter(app: &mut App, letter: char) -> Vec<Effect> {
    let index = app
        .reader
        .cable
        .as_ref()
        .and_then(|c| c.refs.iter().position(|r| r.letter == letter));
    match index {
        Some(i) => follow(app, i),
        None => {
            say(app, &format!("this cable has no reference {letter}"), false);
            Vec::new()
        }
    }
}

fn follow(app: &mut App, index: usize) -> Vec<Effect> {
    let Some(r) = app.reader.cable.as_ref().and_then(|c| c.refs.get(index)) else {
        return Vec::new();
    };
    match r.status.clone() {
        RefStatus::Present(id) => {
            save_place(app);
            vec![Effect::LoadCable {
                id,
                intent: Intent::Follow,
            }]
        }
        RefStatus::Missing(id) => {
            say(app, &format!("{id} is not in the library"), false);
            Vec::new()
        }
        RefStatus::NotACable => {
            let text = r.text.clone();
            say(
                app,
                &format!("REF {}: \"{text}\" is not a cable", r.letter),
                false,
            );
            Vec::new()
        }
    }
}

/// Records the cursor and scroll of the current cable in its history entry.
fn save_place(app: &mut App) {
    let (cursor, scroll) = (app.reader.cursor, app.reader.scroll);
    if let Some(e) = app.history.get_mut(app.history_pos) {
        e.cursor = cursor;
        e.scroll = scroll;
    }
}

fn go_history(app: &mut App, delta: i64) -> Vec<Effect> {
    let target = app.history_pos as i64 + delta;
    if target < 0 || target as usize >= app.history.len() {
        say(
            app,
            if delta < 0 {
                "nothing further back"
            } else {
                "nothing further forward"
            },
            false,
        );
        return Vec::new();
    }
    save_place(app);
    app.history_pos = target as usize;
    let e = app.history[app.history_pos].clone();
    vec![Effect::LoadCable {
        id: e.id,
        intent: Intent::History {
            cursor: e.cursor,
            scroll: e.scroll,
        },
    }]
}

fn on_cable(
    app: &mut App,
    id: String,
    intent: Intent,
    result: Result<Option<Box<LoadedCable>>, String>,
) -> Vec<Effect> {
    let cable = match result {
        Ok(Some(c)) => *c,
        Ok(None) => {
            say(app, &format!("{id} is not in the library"), false);
            return Vec::new();
        }
        Err(e) => {
            say(app, &e, true);
            return Vec::new();
        }
    };
    if intent == Intent::Initial && app.reader.cable.is_some() {
        return Vec::new();
    }
    // A selection that moved on while the cable loaded is not shown.
    if intent == Intent::Select
        && app
            .list
            .selected_row()
            .is_some_and(|r| !App::same_id(&r.id, &id))
    {
        return Vec::new();
    }
    let new_id = cable.id().to_string();
    app.reader.cable = Some(cable);
    app.reader.awaiting_letter = false;
    let (cursor, scroll) = match intent {
        Intent::History { cursor, scroll } => (cursor, scroll),
        _ => (0, 0),
    };
    app.reader.cursor = cursor;
    app.reader.scroll = scroll;
    app.relayout();
    if let Intent::Paragraph(n) = intent {
        if let Some(i) = app
            .reader
            .doc
            .items
            .iter()
            .position(|it| it.kind == ItemKind::Paragraph(n.saturating_sub(1)))
        {
            app.reader.cursor = i;
            keep_cursor_visible(app);
        }
    }
    let (cursor, scroll) = (app.reader.cursor, app.reader.scroll);
    let entry = HistoryEntry {
        id: new_id,
        cursor,
        scroll,
    };
    match intent {
        Intent::Select | Intent::Initial => {
            if app.history.is_empty() {
                app.history.push(entry);
                app.history_pos = 0;
            } else {
                let pos = app.history_pos.min(app.history.len() - 1);
                app.history[pos] = entry;
            }
        }
        Intent::Follow | Intent::Paragraph(_) => {
            if !app.history.is_empty() {
                app.history.truncate(app.history_pos + 1);
            }
            app.history.push(entry);
            app.history_pos = app.history.len() - 1;
        }
        Intent::History { .. } => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::tests::loaded;
    use crate::tui::keymap::Keymap;

    fn key(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn code(c: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Msg {
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn rows(ids: &[&str]) -> Vec<ListRow> {
        ids.iter()
            .map(|id| ListRow {
                id: id.to_string(),
                created: None,
                classification: None,
                subject: Some(format!("subject of {id}")),
            })
            .collect()
    }

    /// An app with a list of the samples and the first one in the reader.
    fn app() -> App {
        let mut app = App::new((120, 40), Keymap::default(), true);
        let ids = [
            "07MOSCOW1026",
            "07MOSCOW5349",
            "05MOSCOW11807",
            "09MOSCOW501",
            "08MOSCOW820",
        ];
        app.list.rows = rows(&ids);
        app.list.total = ids.len();
        let effects = update(
            &mut app,
            Msg::CableLoaded {
                id: ids[0].into(),
                intent: Intent::Select,
                result: Ok(Some(Box::new(loaded(ids[0])))),
            },
        );
        assert!(effects.is_empty());
        app
    }

    fn deliver(app: &mut App, effects: Vec<Effect>) {
        for e in effects {
            if let Effect::LoadCable { id, intent } = e {
                let more = update(
                    app,
                    Msg::CableLoaded {
                        result: Ok(Some(Box::new(loaded(&id)))),
                        id,
                        intent,
                    },
                );
                deliver(app, more);
            }
        }
    }

    #[test]
    fn j_and_k_move_the_list_and_the_reader_follows() {
        let mut a = app();
        let effects = update(&mut a, key('j'));
        assert_eq!(a.list.selected, 1);
        assert_eq!(
            effects,
            vec![Effect::LoadCable {
                id: "07MOSCOW5349".into(),
                intent: Intent::Select
            }]
        );
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW5349"));
        update(&mut a, key('k'));
        assert_eq!(a.list.selected, 0);
        // Browsing replaces the history entry instead of growing it.
        assert_eq!(a.history.len(), 1);
    }

    #[test]
    fn g_and_shift_g_go_to_top_and_bottom() {
        let mut a = app();
        update(&mut a, key('G'));
        assert_eq!(a.list.selected, 4);
        update(&mut a, key('g'));
        assert_eq!(a.list.selected, 0);
        update(&mut a, code(KeyCode::PageDown));
        assert_eq!(a.list.selected, 4);
        update(&mut a, ctrl('u'));
        assert_eq!(a.list.selected, 0);
    }

    #[test]
    fn moving_past_the_loaded_window_asks_for_rows() {
        let mut a = app();
        a.list.total = 10_000;
        let effects = update(&mut a, key('G'));
        assert!(effects
            .iter()
            .any(|e| matches!(e, Effect::LoadPage { offset, .. } if *offset > 9_000)));
    }

    #[test]
    fn enter_focuses_the_reader_and_j_steps_over_items() {
        let mut a = app();
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.focus, Pane::Reader);
        assert_eq!(a.reader.cursor, 0);
        update(&mut a, key('j'));
        assert_eq!(a.reader.cursor, 1);
        update(&mut a, key('G'));
        assert_eq!(a.reader.cursor, a.reader.doc.items.len() - 1);
        update(&mut a, key('g'));
        assert_eq!((a.reader.cursor, a.reader.scroll), (0, 0));
    }

    #[test]
    fn tab_cycles_the_visible_panes() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::Sidebar);
        update(&mut a, code(KeyCode::BackTab));
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, key('s'));
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::List);
    }

    #[test]
    fn following_a_present_reference_pushes_history_and_back_restores_the_place() {
        let mut a = app();
        // Make 07MOSCOW1026's reference A point at a present cable.
        if let Some(c) = a.reader.cable.as_mut() {
            c.refs[0].status = RefStatus::Present("07MOSCOW5349".into());
        }
        a.relayout();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('j')); // cursor on REF B
        update(&mut a, key('k')); // back on REF A
        a.reader.scroll = 1;
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            effects,
            vec![Effect::LoadCable {
                id: "07MOSCOW5349".into(),
                intent: Intent::Follow
            }]
        );
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW5349"));
        assert_eq!(a.back_id(), Some("07MOSCOW1026"));
        let effects = update(&mut a, code(KeyCode::Backspace));
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        assert_eq!((a.reader.cursor, a.reader.scroll), (0, 1));
        let effects = update(&mut a, key('L'));
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW5349"));
        let effects = update(&mut a, ctrl('o'));
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        let effects = update(&mut a, key('H'));
        assert!(effects.is_empty());
        assert!(a
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("nothing further back"));
    }

    #[test]
    fn following_a_missing_reference_stays_and_says_so() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(effects.is_empty());
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07MOSCOW977 is not in the library"
        );
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
    }

    #[test]
    fn f_then_a_letter_follows_that_reference() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('f'));
        assert!(a.reader.awaiting_letter);
        update(&mut a, key('b'));
        assert!(!a.reader.awaiting_letter);
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07STATE26466 is not in the library"
        );
        update(&mut a, key('f'));
        update(&mut a, key('x'));
        assert!(a.status.as_ref().unwrap().text.contains("no reference X"));
    }

    #[test]
    fn capital_j_and_k_step_through_the_list_from_the_reader() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, key('J'));
        assert_eq!(a.list.selected, 1);
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("07MOSCOW5349"));
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, key('K'));
        assert_eq!(a.list.selected, 0);
    }

    #[test]
    fn v_toggles_the_raw_text() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('v'));
        assert!(a.reader.raw);
        assert!(a.reader.doc.items.is_empty());
        update(&mut a, key('v'));
        assert!(!a.reader.raw);
    }

    #[test]
    fn search_prompt_runs_as_you_type_and_drops_stale_results() {
        let mut a = app();
        update(&mut a, key('/'));
        assert!(a.prompt.is_some());
        let e1 = update(&mut a, key('a'));
        let e2 = update(&mut a, key('r'));
        let seq_of = |e: &[Effect]| match &e[0] {
            Effect::LoadPage { search_seq, .. } => search_seq.unwrap(),
            other => panic!("{other:?}"),
        };
        let (s1, s2) = (seq_of(&e1), seq_of(&e2));
        assert!(s2 > s1);
        let page = |ids: &[&str]| Page {
            total: ids.len(),
            offset: 0,
            rows: rows(ids),
            sort: Sort::Relevance,
        };
        // The older search answers last: it is dropped.
        update(
            &mut a,
            Msg::PageLoaded {
                list_seq: 0,
                search_seq: Some(s2),
                query: ListQuery::Search("ar".into()),
                result: Ok(page(&["09MOSCOW501"])),
            },
        );
        update(
            &mut a,
            Msg::PageLoaded {
                list_seq: 0,
                search_seq: Some(s1),
                query: ListQuery::Search("a".into()),
                result: Ok(page(&["07MOSCOW1026", "08MOSCOW820"])),
            },
        );
        assert_eq!(a.list.view, ListView::Search("ar".into()));
        assert_eq!(a.list.total, 1);
        assert_eq!(a.terms, vec![vec!["ar".to_string()]]);
        update(&mut a, code(KeyCode::Enter));
        assert!(a.prompt.is_none());
        assert_eq!(a.query_history, vec!["ar".to_string()]);
    }

    #[test]
    fn late_results_of_the_kept_query_do_not_move_the_selection() {
        let mut a = app();
        update(&mut a, key('/'));
        let e = update(&mut a, key('x'));
        let Effect::LoadPage { search_seq, .. } = e[0].clone() else {
            panic!()
        };
        let page = Page {
            total: 3,
            offset: 0,
            rows: rows(&["07MOSCOW1026", "07MOSCOW5349", "09MOSCOW501"]),
            sort: Sort::Relevance,
        };
        let loaded = |page: Page| Msg::PageLoaded {
            list_seq: 0,
            search_seq,
            query: ListQuery::Search("x".into()),
            result: Ok(page),
        };
        update(&mut a, loaded(page.clone()));
        update(&mut a, code(KeyCode::Enter));
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        assert_eq!(a.list.selected, 2);
        // The worker answers the same query once more, late.
        let effects = update(&mut a, loaded(page));
        assert!(effects.is_empty());
        assert_eq!(a.list.selected, 2);
    }

    #[test]
    fn escape_restores_the_previous_list() {
        let mut a = app();
        let before = a.list.clone();
        update(&mut a, key('/'));
        let e = update(&mut a, key('x'));
        let Effect::LoadPage { search_seq, .. } = e[0].clone() else {
            panic!()
        };
        update(
            &mut a,
            Msg::PageLoaded {
                list_seq: 0,
                search_seq,
                query: ListQuery::Search("x".into()),
                result: Ok(Page {
                    total: 0,
                    offset: 0,
                    rows: vec![],
                    sort: Sort::Relevance,
                }),
            },
        );
        assert_eq!(a.list.total, 0);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt.is_none());
        assert_eq!(a.list, before);
    }

    #[test]
    fn a_bad_query_shows_its_error_and_keeps_the_list() {
        let mut a = app();
        update(&mut a, key('/'));
        let e = update(&mut a, key('('));
        let Effect::LoadPage { search_seq, .. } = e[0].clone() else {
            panic!()
        };
        update(
            &mut a,
            Msg::PageLoaded {
                list_seq: 0,
                search_seq,
                query: ListQuery::Search("(".into()),
                result: Err("column 1: \"(\" without \")\"".into()),
            },
        );
        assert!(a.status.as_ref().unwrap().error);
        assert_eq!(a.list.total, 5);
        // The prompt takes every printable key, q included.
        update(&mut a, key('q'));
        assert!(!a.should_quit);
        assert_eq!(a.prompt.as_ref().unwrap().input, "(q");
    }

    #[test]
    fn up_and_down_walk_earlier_queries() {
        let mut a = app();
        a.query_history = vec!["first".into(), "second".into()];
        update(&mut a, key('/'));
        update(&mut a, key('z'));
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt.as_ref().unwrap().input, "second");
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt.as_ref().unwrap().input, "first");
        update(&mut a, code(KeyCode::Down));
        update(&mut a, code(KeyCode::Down));
        assert_eq!(a.prompt.as_ref().unwrap().input, "z");
    }

    #[test]
    fn n_steps_through_the_search_hits() {
        let mut a = app();
        a.terms = vec![vec!["petlyakov".into()]];
        a.relayout();
        update(&mut a, code(KeyCode::Tab));
        let first_hit = a.reader.doc.hit_lines[0];
        update(&mut a, key('n'));
        let item = &a.reader.doc.items[a.reader.cursor];
        assert!(item.first_line <= first_hit && first_hit <= item.last_line);
        assert_eq!(a.reader.hit, Some(0));
        update(&mut a, key('n'));
        assert_eq!(a.reader.hit, Some(1));
        update(&mut a, key('N'));
        assert_eq!(a.reader.hit, Some(0));
        assert!(a.status.as_ref().unwrap().text.starts_with("hit 1 of"));
        // Backwards from the first wraps to the last.
        update(&mut a, key('N'));
        assert_eq!(a.reader.hit, Some(a.reader.doc.hit_lines.len() - 1));
    }

    #[test]
    fn c_lists_the_citing_cables_or_says_there_are_none() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, key('c'));
        assert!(effects.is_empty());
        assert!(a
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no cable in the library cites"));
        if let Some(c) = a.reader.cable.as_mut() {
            c.cited_by = vec!["07MOSCOW5349".into()];
        }
        let effects = update(&mut a, key('c'));
        assert_eq!(a.list.view, ListView::CitedBy("07MOSCOW1026".into()));
        assert_eq!(a.focus, Pane::List);
        assert!(
            matches!(&effects[0], Effect::LoadPage { query: ListQuery::CitedBy(id), .. } if id == "07MOSCOW1026")
        );
    }

    #[test]
    fn o_toggles_the_order_only_for_searches_with_words() {
        let mut a = app();
        let effects = update(&mut a, key('o'));
        assert!(effects.is_empty());
        assert!(a.status.is_some());
        a.list.view = ListView::Search("moscow".into());
        a.list.effective_sort = Sort::Relevance;
        let effects = update(&mut a, key('o'));
        assert_eq!(a.list.sort, Some(Sort::Date));
        assert!(matches!(
            &effects[0],
            Effect::LoadPage {
                sort: Some(Sort::Date),
                ..
            }
        ));
    }

    #[test]
    fn s_z_ctrl_l_ctrl_z_and_q() {
        let mut a = app();
        update(&mut a, key('s'));
        assert!(!a.sidebar_shown());
        update(&mut a, key('z'));
        assert!(a.zoom);
        assert_eq!(a.focus, Pane::Reader);
        let effects = update(&mut a, ctrl('l'));
        assert_eq!(effects[0], Effect::Redraw);
        assert!(
            matches!(effects[1], Effect::LoadPage { .. }),
            "the list is read again"
        );
        assert_eq!(update(&mut a, ctrl('z')), vec![Effect::Suspend]);
        assert_eq!(update(&mut a, key('q')), vec![Effect::Quit]);
        assert!(a.should_quit);
    }

    #[test]
    fn question_mark_opens_help_and_esc_closes_it() {
        let mut a = app();
        update(&mut a, key('?'));
        assert!(a.show_help);
        update(&mut a, key('j'));
        assert_eq!(a.list.selected, 0, "keys go to the help while it is open");
        assert_eq!(a.help_scroll, 1, "j scrolls the help");
        update(&mut a, code(KeyCode::Esc));
        assert!(!a.show_help);
    }

    #[test]
    fn ctrl_c_quits_even_from_the_prompt() {
        let mut a = app();
        update(&mut a, key('/'));
        assert_eq!(update(&mut a, ctrl('c')), vec![Effect::Quit]);
    }

    fn click(column: u16, row: u16) -> Msg {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn a_click_in_the_list_selects_and_focuses() {
        let mut a = app();
        a.focus = Pane::Reader;
        let effects = update(&mut a, click(3, 3));
        assert_eq!(a.focus, Pane::List);
        assert_eq!(a.list.selected, 2);
        assert!(matches!(&effects[0], Effect::LoadCable { id, .. } if id == "05MOSCOW11807"));
    }

    #[test]
    fn a_click_on_a_reference_follows_it() {
        let mut a = app();
        let reader = crate::tui::view::areas(&a).reader.unwrap();
        let line = a.reader.doc.items[1].first_line; // REF B
        update(&mut a, click(reader.x + 5, reader.y + 1 + line as u16));
        assert_eq!(a.focus, Pane::Reader);
        assert_eq!(a.reader.cursor, 1);
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07STATE26466 is not in the library"
        );
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer() {
        let mut a = app();
        update(&mut a, Msg::Resize(120, 12));
        let reader = crate::tui::view::areas(&a).reader.unwrap();
        let wheel = |kind, column, row| {
            Msg::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(
            &mut a,
            wheel(MouseEventKind::ScrollDown, reader.x + 2, reader.y + 2),
        );
        assert_eq!(a.reader.scroll, 3);
        update(
            &mut a,
            wheel(MouseEventKind::ScrollUp, reader.x + 2, reader.y + 2),
        );
        assert_eq!(a.reader.scroll, 0);
        update(&mut a, wheel(MouseEventKind::ScrollDown, 2, 2));
        assert_eq!(a.list.selected, 3);
    }

    #[test]
    fn y_copies_the_citation_and_the_paragraph() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, key('y'));
        assert!(effects.is_empty(), "the cursor starts on a reference");
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let effects = update(&mut a, key('y'));
        let Effect::Copy(text) = &effects[0] else {
            panic!("{effects:?}")
        };
        assert!(text.starts_with("07MOSCOW1026 ¶1\n\nSergey Petlyakov"));
        assert_eq!(a.status.as_ref().unwrap().text, "copied 07MOSCOW1026 ¶1");
    }

    #[test]
    fn the_cable_asked_for_at_start_is_not_replaced_by_the_first_row() {
        let mut a = App::new((120, 40), Keymap::default(), true);
        let effects = init(&mut a, Some("09MOSCOW501"));
        assert_eq!(a.focus, Pane::Reader);
        // The start cable arrives first, then the first page.
        deliver(
            &mut a,
            effects
                .into_iter()
                .filter(|e| matches!(e, Effect::LoadCable { .. }))
                .collect(),
        );
        let more = update(
            &mut a,
            Msg::PageLoaded {
                list_seq: 0,
                search_seq: None,
                query: ListQuery::All,
                result: Ok(Page {
                    total: 2,
                    offset: 0,
                    rows: rows(&["07MOSCOW1026", "07MOSCOW5349"]),
                    sort: Sort::Date,
                }),
            },
        );
        assert!(more.is_empty());
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
        // And a late Initial load does not replace it either.
        deliver(
            &mut a,
            vec![Effect::LoadCable {
                id: "07MOSCOW1026".into(),
                intent: Intent::Initial,
            }],
        );
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
    }

    fn bookmarks_of(effects: &[Effect], app: &mut App) {
        // What the store would answer: apply saves and removals in memory.
        let mut all = app.bookmarks.clone();
        for e in effects {
            match e {
                Effect::SaveBookmark(b) => {
                    all.retain(|x| !(x.id == b.id && x.paragraph == b.paragraph));
                    all.push(b.clone());
                }
                Effect::RemoveBookmark { id, paragraph } => {
                    all.retain(|x| !(&x.id == id && x.paragraph == *paragraph))
                }
                _ => {}
            }
        }
        update(
            app,
            Msg::BookmarksChanged {
                result: Ok(all),
                notice: None,
            },
        );
    }

    #[test]
    fn m_bookmarks_a_paragraph_with_a_note_and_capital_m_removes_it() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('m'));
        assert!(a
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("not on a paragraph"));
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        update(&mut a, key('j')); // ¶2
        update(&mut a, key('m'));
        assert!(matches!(
            a.prompt.as_ref().unwrap().kind,
            PromptKind::Note { paragraph: 2, .. }
        ));
        for c in "arms to Iran".chars() {
            assert!(
                update(&mut a, key(c)).is_empty(),
                "typing a note runs no search"
            );
        }
        let effects = update(&mut a, code(KeyCode::Enter));
        let Effect::SaveBookmark(b) = &effects[0] else {
            panic!("{effects:?}")
        };
        assert_eq!(
            (
                b.id.as_str(),
                b.paragraph,
                b.number.as_deref(),
                b.note.as_str()
            ),
            ("07MOSCOW1026", 2, Some("2"), "arms to Iran")
        );
        bookmarks_of(&effects, &mut a);
        assert!(a.is_bookmarked(1));
        // m again edits the same note; Esc keeps it.
        update(&mut a, key('m'));
        assert_eq!(a.prompt.as_ref().unwrap().input, "arms to Iran");
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt.is_none());
        let effects = update(&mut a, key('M'));
        assert_eq!(
            effects,
            vec![Effect::RemoveBookmark {
                id: "07MOSCOW1026".into(),
                paragraph: 2
            }]
        );
        bookmarks_of(&effects, &mut a);
        assert!(!a.is_bookmarked(1));
    }

    #[test]
    fn capital_b_lists_bookmarks_enter_opens_at_the_paragraph_d_and_e_work() {
        let mut a = app();
        a.bookmarks = vec![
            Bookmark::new("09MOSCOW501", 7, Some("7".into()), "manpower"),
            Bookmark::new("07MOSCOW5349", 3, Some("3".into()), "denisov"),
        ];
        update(&mut a, key('B'));
        assert_eq!(a.list.view, ListView::Bookmarks);
        assert_eq!(a.focus, Pane::List);
        assert_eq!(a.list.total, 2);
        // Newest first: the one added last is on top.
        assert_eq!(a.list.rows[0].id, "07MOSCOW5349");
        update(&mut a, key('j'));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            effects,
            vec![Effect::LoadCable {
                id: "09MOSCOW501".into(),
                intent: Intent::Paragraph(7)
            }]
        );
        deliver(&mut a, effects);
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
        assert_eq!(
            a.reader.doc.items[a.reader.cursor].kind,
            ItemKind::Paragraph(6)
        );
        // e edits the note of the selected bookmark, d deletes it.
        update(&mut a, code(KeyCode::Tab)); // sidebar
        update(&mut a, code(KeyCode::Tab)); // list
        update(&mut a, key('e'));
        assert_eq!(a.prompt.as_ref().unwrap().input, "manpower");
        update(&mut a, key('!'));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(matches!(&effects[0], Effect::SaveBookmark(b) if b.note == "manpower!"));
        let effects = update(&mut a, key('d'));
        assert_eq!(
            effects,
            vec![Effect::RemoveBookmark {
                id: "09MOSCOW501".into(),
                paragraph: 7
            }]
        );
        bookmarks_of(&effects, &mut a);
        assert_eq!(a.list.total, 1);
    }

    #[test]
    fn the_session_round_trips_view_place_and_history() {
        let mut a = app();
        a.query_history = vec!["moscow".into()];
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let session = a.session();
        assert_eq!(session.reader.as_deref(), Some("07MOSCOW1026"));
        assert_eq!(session.cursor, 2);
        let mut b = App::new((120, 40), Keymap::default(), true);
        let effects = restore(&mut b, &session, None);
        assert_eq!(b.query_history, vec!["moscow".to_string()]);
        assert!(effects.iter().any(|e| matches!(e, Effect::LoadCable { id, intent: Intent::History { cursor: 2, .. } } if id == "07MOSCOW1026")));
        deliver(&mut b, effects);
        assert_eq!(b.current_id(), Some("07MOSCOW1026"));
        assert_eq!(b.reader.cursor, 2);
        assert_eq!(b.focus, Pane::Reader);
        // A cable given on the command line wins.
        let mut c = App::new((120, 40), Keymap::default(), true);
        let effects = restore(&mut c, &session, Some("08MOSCOW820"));
        deliver(&mut c, effects);
        assert_eq!(c.current_id(), Some("08MOSCOW820"));
    }

    #[test]
    fn resize_relays_out_the_reader() {
        let mut a = app();
        update(&mut a, Msg::Resize(60, 20));
        assert_eq!(a.size, (60, 20));
        assert_eq!(a.reader.doc_width, a.reader_text_width());
    }

    #[test]
    fn page_keys_scroll_the_reader() {
        let mut a = app();
        update(&mut a, Msg::Resize(80, 12));
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, code(KeyCode::PageDown));
        assert!(a.reader.scroll > 0);
        update(&mut a, code(KeyCode::PageUp));
        assert_eq!(a.reader.scroll, 0);
        update(&mut a, ctrl('d'));
        assert!(a.reader.scroll > 0);
    }
}
