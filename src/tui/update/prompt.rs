//! The prompt: the search typed as you go, and the one-line editor it
//! shares with the note of a bookmark. Its keys are the `prompt` scope's;
//! every printable key it does not bind is typed.

use tui_input::InputRequest;

use crate::library::query::parse_query;
use crate::library::{Bookmark, ListQuery, Page};
use crate::tui::effect::{Effect, Lane};
use crate::tui::keymap::Action;
use crate::tui::state::{App, ListState, Mode, Pane, Prompt, PromptKind};

use super::{list, panes, say, triage};

/// `/`: the search prompt, empty: what is typed starts a new query. The
/// query kept is one `↑` away (it is the newest of the earlier queries),
/// and the list shows it until the first key.
pub(super) fn open_search(app: &mut App) -> Vec<Effect> {
    open_editor(app, PromptKind::Search, String::new());
    Vec::new()
}

/// Opens the one-line editor on `input`, remembering the list and the
/// search terms to restore if it is left with `Esc`.
pub(super) fn open_editor(app: &mut App, kind: PromptKind, input: String) {
    let prompt = Prompt::new(kind, input, app.list.clone(), app.terms.clone());
    app.mode = Mode::Prompt(Box::new(prompt));
}

fn prompt_mut(app: &mut App) -> Option<&mut Prompt> {
    match &mut app.mode {
        Mode::Prompt(p) => Some(p),
        _ => None,
    }
}

/// Closes the prompt, handing back what it held.
fn take(app: &mut App) -> Option<Prompt> {
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Prompt(p) => Some(*p),
        other => {
            app.mode = other;
            None
        }
    }
}

/// An action of the prompt's scope.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(kind) = prompt_mut(app).map(|p| p.kind.clone()) else {
        return Vec::new();
    };
    match action {
        Action::Quit => panes::quit(app),
        Action::Cancel => cancel(app),
        Action::Accept => accept(app),
        Action::HistoryPrev | Action::HistoryNext if kind == PromptKind::Search => {
            walk_history(app, action == Action::HistoryPrev)
        }
        _ => {
            let changed = prompt_mut(app).is_some_and(|p| edit(p, action));
            if changed {
                input_changed(app)
            } else {
                Vec::new()
            }
        }
    }
}

/// A printable key the prompt does not bind: typed at the cursor.
pub(super) fn type_char(app: &mut App, c: char) -> Vec<Effect> {
    let Some(p) = prompt_mut(app) else {
        return Vec::new();
    };
    p.editor.handle(InputRequest::InsertChar(c));
    input_changed(app)
}

/// A search runs as it is typed; a note waits for Enter.
fn input_changed(app: &mut App) -> Vec<Effect> {
    match app.prompt().map(|p| &p.kind) {
        Some(PromptKind::Search) => start_search(app),
        _ => Vec::new(),
    }
}

/// The editing actions, as requests to the line editor; false when the
/// text did not change (a search runs again only when it did).
fn edit(prompt: &mut Prompt, action: Action) -> bool {
    let request = match action {
        Action::CursorLeft => InputRequest::GoToPrevChar,
        Action::CursorRight => InputRequest::GoToNextChar,
        Action::WordBack => InputRequest::GoToPrevWord,
        Action::WordForward => InputRequest::GoToNextWord,
        Action::LineStart => InputRequest::GoToStart,
        Action::LineEnd => InputRequest::GoToEnd,
        Action::DeleteBack => InputRequest::DeletePrevChar,
        Action::DeleteForward => InputRequest::DeleteNextChar,
        Action::DeleteWordBack => InputRequest::DeletePrevWord,
        Action::DeleteWordForward => InputRequest::DeleteNextWord,
        Action::DeleteToStart => InputRequest::DeleteFromStart,
        Action::DeleteToEnd => InputRequest::DeleteTillEnd,
        Action::ClearLine => InputRequest::DeleteLine,
        Action::Yank => InputRequest::Yank,
        _ => return false,
    };
    prompt.editor.handle(request)
}

/// `↑`/`↓`: earlier and later queries, back to the one being typed.
fn walk_history(app: &mut App, earlier: bool) -> Vec<Effect> {
    let history = earlier_queries(app);
    let n = history.len();
    if n == 0 {
        return Vec::new();
    }
    let Some(prompt) = prompt_mut(app) else {
        return Vec::new();
    };
    let next = match (earlier, prompt.history_index) {
        (true, None) => Some(n - 1),
        (true, Some(i)) => Some(i.saturating_sub(1)),
        (false, Some(i)) if i + 1 < n => Some(i + 1),
        _ => None,
    };
    if prompt.history_index.is_none() {
        prompt.draft = prompt.input().to_string();
    }
    prompt.history_index = next;
    let text = match next {
        Some(i) => history[i].clone(),
        None => prompt.draft.clone(),
    };
    prompt.set_input(&text);
    start_search(app)
}

/// The queries `↑` walks, oldest first: the remembered ones, and the one
/// the list shows when it is not the newest of them (so that the kept query
/// is always one `↑` away).
fn earlier_queries(app: &App) -> Vec<String> {
    let mut queries = app.query_history.clone();
    let kept = app
        .prompt()
        .and_then(|p| p.saved_list.search_text())
        .map(str::to_string);
    if let Some(kept) = kept {
        if queries.last() != Some(&kept) {
            queries.push(kept);
        }
    }
    queries
}

/// `Esc`: a search puts back the list it started on, a note is not saved.
fn cancel(app: &mut App) -> Vec<Effect> {
    let Some(p) = take(app) else {
        return Vec::new();
    };
    if p.kind.is_editor() {
        say(app, "not saved", false);
        return Vec::new();
    }
    // Results still under way are dropped.
    app.tickets.issue(Lane::Search);
    list::replace(app, p.saved_list);
    app.list.loading = false;
    app.terms = p.saved_terms;
    app.status = None;
    app.relayout();
    list::selection_changed(app)
}

/// `Enter`: a search is kept (and remembered), a note is saved.
fn accept(app: &mut App) -> Vec<Effect> {
    let Some(p) = take(app) else {
        return Vec::new();
    };
    let typed = p.input().trim().to_string();
    match p.kind {
        PromptKind::Note {
            id,
            paragraph,
            number,
        } => {
            let b = Bookmark::new(&id, paragraph, number, &typed);
            say(app, &format!("bookmarked {id} {}", b.label()), false);
            vec![Effect::SaveBookmark(b)]
        }
        PromptKind::GoTo => super::reader::go_to(app, p.input().trim()),
        PromptKind::SavedName { query, old } => triage::accept_name(app, typed, query, old),
        PromptKind::SavedQuery { old, name } => triage::accept_query(app, typed, old, name),
        PromptKind::Label => triage::accept_label(app, typed),
        PromptKind::Search => {
            let q = typed;
            if !q.is_empty() && app.query_history.last() != Some(&q) {
                app.query_history.push(q.clone());
            }
            // A search kept is the main list: nothing to go back to.
            if !q.is_empty() {
                app.views_before.clear();
            }
            app.focus = Pane::List;
            Vec::new()
        }
    }
}

/// Runs the query being typed; an empty prompt shows the list it started on.
fn start_search(app: &mut App) -> Vec<Effect> {
    let Some(prompt) = app.prompt() else {
        return Vec::new();
    };
    let text = prompt.input().trim().to_string();
    let saved = prompt.saved_list.clone();
    let ticket = app.tickets.issue(Lane::Search);
    app.status = None;
    if text.is_empty() {
        list::replace(app, saved);
        app.list.loading = false;
        app.terms.clear();
        app.relayout();
        return Vec::new();
    }
    vec![Effect::LoadPage {
        ticket,
        query: ListQuery::Search(text),
        sort: None,
        offset: 0,
        limit: list::WINDOW,
        select: None,
    }]
}

/// The answer to the newest search typed (older ones never get here).
pub(super) fn on_search_page(
    app: &mut App,
    query: ListQuery,
    result: Result<Page, String>,
) -> Vec<Effect> {
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
    let open = app.prompt().is_some();
    // The prompt was closed and the list already shows this query: a late
    // copy of its results must not move the selection.
    if !open && app.list.search_text() == Some(text.as_str()) {
        return Vec::new();
    }
    let keep = if open {
        None
    } else {
        app.list.selected_row().map(|r| r.id.clone())
    };
    app.terms = parse_query(&text)
        .map(|e| e.highlight_terms())
        .unwrap_or_default();
    let mut shown = ListState::index(ListQuery::Search(text));
    shown.effective_sort = page.sort;
    shown.total = page.total;
    shown.window_offset = page.offset;
    shown.rows = page.rows;
    list::replace(app, shown);
    if app.list.total == 0 {
        if let Some(hint) = app.list.search_text().and_then(list::no_match_hint) {
            say(app, &hint, false);
        }
    }
    if let Some(i) = keep.and_then(|id| app.list.position_of(&id)) {
        app.list.selected = i;
        list::keep_selection_visible(app);
    }
    app.relayout();
    list::selection_changed(app)
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::library::Sort;
    use crate::tui::effect::Ticket;
    use crate::tui::state::ListSource;
    use crate::tui::testing::{app, code, key, rows};
    use crate::tui::update::{update, Msg};

    fn ticket_of(e: &[Effect]) -> Ticket {
        match &e[0] {
            Effect::LoadPage { ticket, .. } => *ticket,
            other => panic!("{other:?}"),
        }
    }

    fn page(ids: &[&str]) -> Page {
        Page {
            total: ids.len(),
            offset: 0,
            rows: rows(ids),
            sort: Sort::Relevance,
        }
    }

    fn answer(ticket: Ticket, q: &str, result: Result<Page, String>) -> Msg {
        Msg::PageLoaded {
            ticket,
            query: ListQuery::Search(q.into()),
            select: None,
            result,
        }
    }

    #[test]
    fn search_prompt_runs_as_you_type_and_drops_stale_results() {
        let mut a = app();
        update(&mut a, key('/'));
        assert!(a.prompt().is_some());
        let e1 = update(&mut a, key('a'));
        let e2 = update(&mut a, key('r'));
        let (s1, s2) = (ticket_of(&e1), ticket_of(&e2));
        assert_eq!(s1.lane, Lane::Search);
        assert!(s2.seq > s1.seq);
        // The older search answers last: it is dropped.
        update(&mut a, answer(s2, "ar", Ok(page(&["09MOSCOW501"]))));
        update(
            &mut a,
            answer(s1, "a", Ok(page(&["07MOSCOW1026", "08MOSCOW820"]))),
        );
        assert_eq!(
            a.list.source,
            ListSource::Index(ListQuery::Search("ar".into()))
        );
        assert_eq!(a.list.total, 1);
        assert_eq!(a.terms, vec![vec!["ar".to_string()]]);
        update(&mut a, code(KeyCode::Enter));
        assert!(a.prompt().is_none());
        assert_eq!(a.query_history, vec!["ar".to_string()]);
    }

    #[test]
    fn late_results_of_the_kept_query_do_not_move_the_selection() {
        let mut a = app();
        update(&mut a, key('/'));
        let t = ticket_of(&update(&mut a, key('x')));
        let p = page(&["07MOSCOW1026", "07MOSCOW5349", "09MOSCOW501"]);
        update(&mut a, answer(t, "x", Ok(p.clone())));
        update(&mut a, code(KeyCode::Enter));
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        assert_eq!(a.list.selected, 2);
        // The worker answers the same query once more, late.
        let effects = update(&mut a, answer(t, "x", Ok(p)));
        assert!(effects.is_empty());
        assert_eq!(a.list.selected, 2);
    }

    #[test]
    fn escape_restores_the_previous_list() {
        let mut a = app();
        let before = a.list.clone();
        update(&mut a, key('/'));
        let t = ticket_of(&update(&mut a, key('x')));
        update(&mut a, answer(t, "x", Ok(page(&[]))));
        assert_eq!(a.list.total, 0);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt().is_none());
        assert_eq!(a.list, before);
    }

    #[test]
    fn a_bad_query_shows_its_error_and_keeps_the_list() {
        let mut a = app();
        update(&mut a, key('/'));
        let t = ticket_of(&update(&mut a, key('(')));
        update(
            &mut a,
            answer(t, "(", Err("column 1: \"(\" without \")\"".into())),
        );
        assert!(a.status.as_ref().unwrap().error);
        assert_eq!(a.list.total, 5);
        // The prompt takes every printable key, q included.
        update(&mut a, key('q'));
        assert!(!a.should_quit);
        assert_eq!(a.prompt().unwrap().input(), "(q");
    }

    #[test]
    fn up_and_down_walk_earlier_queries() {
        let mut a = app();
        a.query_history = vec!["first".into(), "second".into()];
        update(&mut a, key('/'));
        update(&mut a, key('z'));
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt().unwrap().input(), "second");
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt().unwrap().input(), "first");
        update(&mut a, code(KeyCode::Down));
        update(&mut a, code(KeyCode::Down));
        assert_eq!(a.prompt().unwrap().input(), "z");
    }

    #[test]
    fn the_editing_keys_move_and_delete() {
        let mut a = app();
        update(&mut a, key('/'));
        for c in "abc".chars() {
            update(&mut a, key(c));
        }
        update(&mut a, code(KeyCode::Left));
        update(&mut a, code(KeyCode::Backspace));
        assert_eq!(a.prompt().unwrap().input(), "ac");
        update(&mut a, code(KeyCode::Home));
        update(&mut a, code(KeyCode::Delete));
        assert_eq!(a.prompt().unwrap().input(), "c");
        assert!(
            update(&mut a, code(KeyCode::Backspace)).is_empty(),
            "nothing before the cursor: no search"
        );
        update(&mut a, crate::tui::testing::ctrl('e'));
        update(&mut a, crate::tui::testing::ctrl('u'));
        assert_eq!(a.prompt().unwrap().input(), "");
    }

    fn searched(e: &[Effect]) -> Option<&str> {
        e.iter().find_map(|e| match e {
            Effect::LoadPage {
                query: ListQuery::Search(q),
                ..
            } => Some(q.as_str()),
            _ => None,
        })
    }

    fn type_str(a: &mut App, s: &str) -> Vec<Effect> {
        let mut last = Vec::new();
        for c in s.chars() {
            last = update(a, key(c));
        }
        last
    }

    #[test]
    fn slash_after_a_kept_query_starts_a_new_one_and_up_brings_the_kept_back() {
        let mut a = app();
        update(&mut a, key('/'));
        let t = ticket_of(&type_str(&mut a, "nuclear"));
        update(&mut a, answer(t, "nuclear", Ok(page(&["09MOSCOW501"]))));
        update(&mut a, code(KeyCode::Enter));
        update(&mut a, key('/'));
        assert_eq!(a.prompt().unwrap().input(), "", "the prompt opens empty");
        let e = type_str(&mut a, "germany");
        assert_eq!(searched(&e), Some("germany"), "never appended to");
        update(&mut a, crate::tui::testing::ctrl('u'));
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt().unwrap().input(), "nuclear");
    }

    #[test]
    fn after_a_restart_the_restored_query_is_one_up_away() {
        let mut a = app();
        list::replace(
            &mut a,
            ListState::index(ListQuery::Search("tag:PREL".into())),
        );
        assert!(a.query_history.is_empty());
        update(&mut a, key('/'));
        let e = type_str(&mut a, "westerwelle");
        assert_eq!(searched(&e), Some("westerwelle"));
        update(&mut a, crate::tui::testing::ctrl('u'));
        update(&mut a, code(KeyCode::Up));
        assert_eq!(a.prompt().unwrap().input(), "tag:PREL");
    }

    #[test]
    fn the_prompt_edits_like_readline() {
        use crate::tui::testing::{alt, ctrl, ctrl_code};
        let mut a = app();
        update(&mut a, key('/'));
        type_str(&mut a, "germany coalition talks");
        let e = update(&mut a, ctrl('w'));
        assert_eq!(a.prompt().unwrap().input(), "germany coalition ");
        assert_eq!(searched(&e), Some("germany coalition"));
        update(&mut a, alt('b'));
        assert_eq!(a.prompt().unwrap().cursor(), 8, "a word back");
        update(&mut a, ctrl('k'));
        assert_eq!(a.prompt().unwrap().input(), "germany ");
        update(&mut a, ctrl('a'));
        assert_eq!(a.prompt().unwrap().cursor(), 0);
        update(&mut a, alt('f'));
        assert_eq!(a.prompt().unwrap().cursor(), 8, "a word forward");
        update(&mut a, ctrl_code(KeyCode::Left));
        assert_eq!(a.prompt().unwrap().cursor(), 0, "ctrl-left: a word back");
        update(&mut a, ctrl_code(KeyCode::Right));
        assert_eq!(
            a.prompt().unwrap().cursor(),
            8,
            "ctrl-right: a word forward"
        );
        update(&mut a, ctrl('e'));
        type_str(&mut a, "x");
        update(&mut a, code(KeyCode::Left));
        update(&mut a, ctrl('u'));
        assert_eq!(
            a.prompt().unwrap().input(),
            "x",
            "ctrl-u deletes to the start"
        );
    }
}
