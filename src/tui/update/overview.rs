//! The overview (`O`): opening and closing it, moving over its timeline
//! and facet values, narrowing the list to a value or bars (`Enter`),
//! leaving them out (`-`), and taking a narrowing back (`Esc`). Its counts
//! are computed on the worker, in their own lane; an answer for a list no
//! longer shown is dropped by its ticket.

use crate::library::query::Expr;
use crate::library::{ListQuery, Overview};
use crate::tui::effect::{Effect, Lane, Ticket};
use crate::tui::keymap::Action;
use crate::tui::state::overview::{details_items, narrowed};
use crate::tui::state::{App, ListState, Mode, OverviewState};

use super::{list, panes, say};

fn state_mut(app: &mut App) -> Option<&mut OverviewState> {
    app.overview.as_deref_mut()
}

/// `O` in the panes: the overview of the list shown.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(query) = app.list.query().cloned() else {
        say(
            app,
            "the overview counts a list of the library; this one is held here (the bookmarks)",
            false,
        );
        return Vec::new();
    };
    app.overview = Some(Box::new(OverviewState::new(query.clone())));
    app.mode = Mode::Overview;
    app.relayout();
    vec![request(app, query)]
}

/// The counts of `query`, on the worker; answers to earlier requests are
/// stale from now on.
fn request(app: &mut App, query: ListQuery) -> Effect {
    let ticket = app.tickets.issue(Lane::Overview);
    Effect::LoadOverview { ticket, query }
}

fn close(app: &mut App) -> Vec<Effect> {
    // Counts still under way are for nothing now.
    app.tickets.issue(Lane::Overview);
    app.overview = None;
    app.mode = Mode::Normal;
    app.relayout();
    Vec::new()
}

/// An action while the overview is open: its own, else the panes'.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Overview => close(app),
        Action::Quit => panes::quit(app),
        Action::Down | Action::Up | Action::Top | Action::Bottom => {
            move_cursor(app, action);
            Vec::new()
        }
        Action::PrevBar | Action::NextBar => {
            move_bar(app, action == Action::NextBar);
            Vec::new()
        }
        Action::MarkRange => {
            mark_range(app);
            Vec::new()
        }
        Action::Narrow => narrow(app, false),
        Action::Exclude => narrow(app, true),
        Action::Cancel => undo(app),
        other => super::act(app, other),
    }
}

fn move_cursor(app: &mut App, action: Action) {
    let Some(o) = state_mut(app) else {
        return;
    };
    let last = o.items().len();
    o.cursor = match action {
        Action::Down => (o.cursor + 1).min(last),
        Action::Up => o.cursor.saturating_sub(1),
        Action::Top => 0,
        _ => last,
    };
}

/// When the cable in the reader was written: its bar is the timeline's
/// cursor until the cursor moves.
fn selected_created(app: &App) -> Option<crate::cable::Timestamp> {
    app.reader.cable().and_then(|c| c.stored.cable.created)
}

fn move_bar(app: &mut App, forward: bool) {
    let created = selected_created(app);
    let Some(o) = state_mut(app) else {
        return;
    };
    let timeline = o.timeline();
    let Some(at) = o.bar_at(&timeline, created) else {
        return;
    };
    let last = timeline.bars.len() - 1;
    o.bar = Some(if forward {
        (at + 1).min(last)
    } else {
        at.saturating_sub(1)
    });
    o.cursor = 0;
}

/// `v`: a range starts at the cursor's bar; again, it is let go.
fn mark_range(app: &mut App) {
    let created = selected_created(app);
    let Some(o) = state_mut(app) else {
        return;
    };
    let timeline = o.timeline();
    o.cursor = 0;
    o.range_from = match o.range_from {
        Some(_) => None,
        None => o.bar_at(&timeline, created),
    };
    o.bar = o.bar_at(&timeline, created);
}

/// `Enter` (or `-` to leave out): the list narrowed to the value under the
/// cursor, or to the cursor's bar or range on the timeline.
fn narrow(app: &mut App, exclude: bool) -> Vec<Effect> {
    let created = selected_created(app);
    let Some(shown) = app.list.query().cloned() else {
        return Vec::new();
    };
    let Some(o) = state_mut(app) else {
        return Vec::new();
    };
    let filter = if o.cursor == 0 {
        let timeline = o.timeline();
        o.bar_at(&timeline, created).and_then(|at| {
            let from = o.range_from.unwrap_or(at);
            timeline.filter(from, at)
        })
    } else {
        o.items().get(o.cursor - 1).and_then(|item| item.filter())
    };
    let Some(filter) = filter else {
        return Vec::new();
    };
    let extra = if exclude {
        Expr::Not(Box::new(Expr::Filter(filter)))
    } else {
        Expr::Filter(filter)
    };
    let query = narrowed(&shown, extra);
    o.undo.push(shown);
    o.cursor = 0;
    o.bar = None;
    o.range_from = None;
    if let ListQuery::Search(text) = &query {
        if app.query_history.last() != Some(text) {
            app.query_history.push(text.clone());
        }
    }
    show(app, query)
}

/// `Esc`: the list before the last narrowing; with none left, the
/// overview closes.
fn undo(app: &mut App) -> Vec<Effect> {
    let Some(before) = state_mut(app).and_then(|o| {
        o.cursor = 0;
        o.bar = None;
        o.range_from = None;
        o.undo.pop()
    }) else {
        return close(app);
    };
    show(app, before)
}

/// Shows the list of `query`: a search as the prompt runs it (its answer
/// keeps the selected cable when the new list has it), any other list
/// from its first page.
fn show(app: &mut App, query: ListQuery) -> Vec<Effect> {
    match query {
        ListQuery::Search(text) => {
            let ticket = app.tickets.issue(Lane::Search);
            vec![Effect::LoadPage {
                ticket,
                query: ListQuery::Search(text),
                sort: None,
                offset: 0,
                limit: list::WINDOW,
                select: None,
            }]
        }
        other => {
            list::replace(app, ListState::index(other));
            app.terms.clear();
            app.relayout();
            vec![list::load_list(app, 0)]
        }
    }
}

/// `j`/`k` in the Details sidebar: the value under the cursor.
pub(super) fn move_in_sidebar(app: &mut App, action: Action) -> Vec<Effect> {
    let n = app
        .reader
        .cable()
        .map_or(0, |c| details_items(&c.stored.cable).len());
    let last = n.saturating_sub(1);
    let at = app.sidebar_cursor.min(last);
    app.sidebar_cursor = match action {
        Action::Down => (at + 1).min(last),
        Action::Up => at.saturating_sub(1),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at,
    };
    Vec::new()
}

/// `Enter` (or `-`) on a value of the Details sidebar: the list narrowed
/// to it (or without it); `Esc` goes back to the list before. A list held
/// here (the bookmarks) is not a query: the whole library is narrowed.
pub(super) fn narrow_from_sidebar(app: &mut App, exclude: bool) -> Vec<Effect> {
    let Some(cable) = app.reader.cable() else {
        return Vec::new();
    };
    let items = details_items(&cable.stored.cable);
    let Some(filter) = items
        .get(app.sidebar_cursor.min(items.len().saturating_sub(1)))
        .and_then(|i| i.filter())
    else {
        return Vec::new();
    };
    let extra = if exclude {
        Expr::Not(Box::new(Expr::Filter(filter)))
    } else {
        Expr::Filter(filter)
    };
    let base = app.list.query().cloned().unwrap_or(ListQuery::All);
    let query = narrowed(&base, extra);
    super::history::enter_view(app);
    show(app, query)
}

/// After any message: the keys are the overview's again when a layer over
/// it (the help, a prompt) closed; and when the list shown is no longer the
/// one counted, the counts of the new one are asked for (a narrowing, its
/// undo, a search typed, the history).
pub(super) fn follow_list(app: &mut App) -> Vec<Effect> {
    if app.overview.is_some() && app.mode == Mode::Normal {
        app.mode = Mode::Overview;
    }
    let Some(shown) = app.list.query().cloned() else {
        return Vec::new();
    };
    match state_mut(app) {
        Some(o) if o.query != shown => o.query = shown.clone(),
        _ => return Vec::new(),
    }
    vec![request(app, shown)]
}

/// The counts arrived.
pub(super) fn on_counts(
    app: &mut App,
    ticket: Ticket,
    query: ListQuery,
    result: Result<Overview, String>,
) -> Vec<Effect> {
    if !app.tickets.is_current(ticket) {
        return Vec::new();
    }
    let Some(o) = state_mut(app) else {
        return Vec::new();
    };
    if o.query != query {
        return Vec::new();
    }
    match result {
        Ok(counts) => {
            o.counts = Some(counts);
            o.error = None;
            let last = o.items().len();
            o.cursor = o.cursor.min(last);
        }
        Err(e) => o.error = Some(e),
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::library::{Page, Sort};
    use crate::tui::testing::{app, code, counts, key, rows};
    use crate::tui::update::{update, Msg};

    fn overview_request(effects: &[Effect]) -> (Ticket, ListQuery) {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::LoadOverview { ticket, query } => Some((*ticket, query.clone())),
                _ => None,
            })
            .expect("an overview request")
    }

    fn search_request(effects: &[Effect]) -> (Ticket, String) {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::LoadPage {
                    ticket,
                    query: ListQuery::Search(q),
                    ..
                } => Some((*ticket, q.clone())),
                _ => None,
            })
            .expect("a search")
    }

    fn page_of(ticket: Ticket, q: &str) -> Msg {
        Msg::PageLoaded {
            ticket,
            query: ListQuery::Search(q.into()),
            select: None,
            result: Ok(Page {
                total: 2,
                offset: 0,
                rows: rows(&["07MOSCOW1026", "07MOSCOW5349"]),
                sort: Sort::Date,
            }),
        }
    }

    /// The app with the overview open on `tag:PREL` and its counts there.
    fn opened() -> App {
        let mut a = app();
        a.list = ListState::index(ListQuery::Search("tag:PREL".into()));
        a.list.rows = rows(&["07MOSCOW1026"]);
        a.list.total = 1;
        let e = update(&mut a, key('O'));
        let (ticket, query) = overview_request(&e);
        assert_eq!(query, ListQuery::Search("tag:PREL".into()));
        let c = counts(
            &[("Embassy Moscow", 3), ("Embassy Kyiv", 1)],
            &[("2007-01", 1), ("2007-03", 2), ("2008-02", 1)],
        );
        update(
            &mut a,
            Msg::OverviewLoaded {
                ticket,
                query,
                result: Ok(c),
            },
        );
        a
    }

    #[test]
    fn o_opens_the_overview_and_asks_for_the_counts_off_the_ui_thread() {
        let a = opened();
        let o = a.overview().expect("open");
        assert_eq!(o.counts.as_ref().unwrap().total, 4);
        assert_eq!(
            o.timeline().bars.len(),
            14,
            "every month from 2007-01 to 2008-02"
        );
    }

    #[test]
    fn o_again_closes_it() {
        let mut a = opened();
        update(&mut a, key('O'));
        assert!(a.overview().is_none());
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn a_search_typed_over_the_overview_is_counted_and_the_keys_come_back() {
        let mut a = opened();
        update(&mut a, key('/'));
        assert!(a.prompt().is_some());
        assert!(
            a.overview().is_some(),
            "the overview stays under the prompt"
        );
        let mut asked = Vec::new();
        for c in "wheat".chars() {
            asked = update(&mut a, key(c));
        }
        let (ticket, q) = search_request(&asked);
        let e = update(&mut a, page_of(ticket, &q));
        let (_, counted) = overview_request(&e);
        assert_eq!(counted, ListQuery::Search("wheat".into()));
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.mode, Mode::Overview, "the overview's keys again");
        update(&mut a, key('?'));
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.mode, Mode::Overview);
    }

    #[test]
    fn enter_on_an_origin_narrows_to_exactly_it_and_esc_takes_it_back() {
        let mut a = opened();
        update(&mut a, key('j'));
        let e = update(&mut a, code(KeyCode::Enter));
        let (ticket, q) = search_request(&e);
        assert_eq!(q, "tag:PREL origin:=\"Embassy Moscow\"");
        // The list changes when the page arrives; then the counts follow.
        let e = update(&mut a, page_of(ticket, &q));
        assert_eq!(a.list.search_text(), Some(q.as_str()));
        let (_, counted) = overview_request(&e);
        assert_eq!(counted, ListQuery::Search(q.clone()));
        let e = update(&mut a, code(KeyCode::Esc));
        let (_, back) = search_request(&e);
        assert_eq!(back, "tag:PREL");
        assert!(a.overview().is_some(), "Esc undid, it did not close");
        assert_eq!(a.overview().unwrap().undo.len(), 0);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.overview().is_none(), "nothing left to undo: Esc closes");
    }

    #[test]
    fn minus_leaves_the_value_out() {
        let mut a = opened();
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let (_, q) = search_request(&update(&mut a, key('-')));
        assert_eq!(q, "tag:PREL -origin:=\"Embassy Kyiv\"");
    }

    #[test]
    fn the_timeline_starts_on_the_selected_cables_month_and_narrows_to_a_bar() {
        let mut a = opened();
        // 07MOSCOW1026 is of March 2007: bar 2.
        let (_, q) = search_request(&update(&mut a, code(KeyCode::Enter)));
        assert_eq!(q, "tag:PREL date:2007-03");
    }

    #[test]
    fn v_then_moving_narrows_to_a_range() {
        let mut a = opened();
        update(&mut a, key('h'));
        update(&mut a, key('v'));
        for _ in 0..3 {
            update(&mut a, key('l'));
        }
        let (_, q) = search_request(&update(&mut a, code(KeyCode::Enter)));
        assert_eq!(q, "tag:PREL date:2007-02..2007-05");
    }

    #[test]
    fn stale_counts_are_dropped() {
        let mut a = app();
        let first = overview_request(&update(&mut a, key('O')));
        update(&mut a, key('O'));
        let second = overview_request(&update(&mut a, key('O')));
        update(
            &mut a,
            Msg::OverviewLoaded {
                ticket: first.0,
                query: first.1,
                result: Ok(counts(&[], &[("2007-01", 9)])),
            },
        );
        assert!(a.overview().unwrap().counts.is_none(), "an old answer");
        update(
            &mut a,
            Msg::OverviewLoaded {
                ticket: second.0,
                query: second.1,
                result: Ok(counts(&[], &[("2007-01", 5)])),
            },
        );
        assert_eq!(a.overview().unwrap().counts.as_ref().unwrap().total, 5);
    }

    #[test]
    fn the_bookmarks_have_no_overview() {
        let mut a = app();
        update(&mut a, key('B'));
        assert!(update(&mut a, key('O')).is_empty());
        assert!(a.overview().is_none());
        assert!(a.status.as_ref().unwrap().text.contains("bookmarks"));
    }

    #[test]
    fn enter_on_a_sidebar_value_narrows_the_list_and_esc_goes_back() {
        let mut a = app();
        a.list = ListState::index(ListQuery::Search("tag:PREL".into()));
        update(&mut a, code(KeyCode::BackTab));
        assert_eq!(a.focus, crate::tui::state::Pane::Sidebar);
        // Origin, classification, classified-by, then the tags.
        let (_, q) = search_request(&update(&mut a, code(KeyCode::Enter)));
        assert_eq!(q, "tag:PREL origin:=\"Embassy Moscow\"");
        update(&mut a, key('j'));
        let (_, q) = search_request(&update(&mut a, code(KeyCode::Enter)));
        assert_eq!(q, "tag:PREL class:=SECRET");
        update(&mut a, key('j'));
        let (_, q) = search_request(&update(&mut a, code(KeyCode::Enter)));
        assert!(q.starts_with("tag:PREL by:=\""), "{q}");
        update(&mut a, key('j'));
        let (ticket, q) = search_request(&update(&mut a, key('-')));
        assert_eq!(q, "tag:PREL -tag:PREL");
        update(&mut a, page_of(ticket, &q));
        assert_eq!(a.list.search_text(), Some(q.as_str()));
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(
            a.list.search_text(),
            Some("tag:PREL"),
            "back to the list before"
        );
    }

    #[test]
    fn the_history_keys_keep_their_meaning() {
        let mut a = opened();
        update(&mut a, key('H'));
        assert!(a.overview().is_some());
        assert_eq!(a.status.as_ref().unwrap().text, "nothing further back");
    }
}
