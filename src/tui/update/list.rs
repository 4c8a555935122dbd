//! The list pane: moving the selection, loading windows of an index list,
//! the order, "cited by", and the items of a local list (open, delete,
//! edit).

use crate::library::query::parse_query;
use crate::library::{ListQuery, Page, Sort};
use crate::tui::effect::{Effect, Intent, Lane};
use crate::tui::keymap::Action;
use crate::tui::state::{App, ListState, LocalItem, LocalRow, Pane};

use super::{bookmarks, history, say, triage};

/// Rows fetched around the selection when the list moves.
pub const WINDOW: usize = 200;

/// The page request for the current list, around `index` (none for a
/// local list, which holds all its rows).
pub(super) fn load_list(app: &mut App, index: usize) -> Effect {
    request_page(app, index, None)
}

/// A page request that selects cable `select` when it arrives.
pub(super) fn request_page(app: &mut App, index: usize, select: Option<String>) -> Effect {
    app.list.loading = true;
    Effect::LoadPage {
        ticket: app.tickets.current(Lane::Io),
        query: app.list.query().cloned().unwrap_or(ListQuery::All),
        sort: app.list.sort,
        offset: index.saturating_sub(WINDOW / 4),
        limit: WINDOW,
        select,
    }
}

/// Shows another list: pages asked for the one before are dropped when
/// they arrive.
pub(super) fn replace(app: &mut App, list: ListState) {
    app.tickets.issue(Lane::Io);
    app.list = list;
}

pub(super) fn move_selection(app: &mut App, action: Action) -> Vec<Effect> {
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

pub(super) fn keep_selection_visible(app: &mut App) {
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
pub(super) fn selection_changed(app: &mut App) -> Vec<Effect> {
    let mut effects = Vec::new();
    if app.list.query().is_some() && !window_covers_screen(app) && !app.list.loading {
        effects.push(load_list(app, app.list.selected));
    }
    // A cable of a thread the library does not have: nothing to load,
    // and the status line says so.
    if let Some(LocalItem::Thread(t)) = app.list.local_row(app.list.selected).map(|r| &r.item) {
        if !t.present {
            let id = app
                .list
                .selected_row()
                .map(|r| r.id.clone())
                .unwrap_or_default();
            let said = super::thread::missing_message(&id, t);
            say(app, &said, false);
            return effects;
        }
    }
    match app.list.selected_row().map(|r| r.id.clone()) {
        Some(id) => {
            app.list.follow_pending = false;
            if app.current_id() != Some(id.as_str()) {
                effects.push(Effect::LoadCable {
                    id,
                    intent: Intent::Select,
                });
            }
        }
        None => app.list.follow_pending = app.list.total > 0,
    }
    effects
}

/// Whether the rows on screen are all in the loaded window.
pub(super) fn window_covers_screen(app: &App) -> bool {
    let h = app.list_height().max(1);
    let visible_end = (app.list.top + h).min(app.list.total);
    let window_end = app.list.window_offset + app.list.rows.len();
    app.list.top >= app.list.window_offset && visible_end <= window_end
}

pub(super) fn step_cable(app: &mut App, delta: i64) -> Vec<Effect> {
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

pub(super) fn toggle_order(app: &mut App) -> Vec<Effect> {
    let next = match app.list.effective_sort {
        Sort::Date => Sort::Relevance,
        Sort::Relevance => Sort::Date,
    };
    let has_text = app
        .list
        .search_text()
        .is_some_and(|q| parse_query(q).map(|e| e.has_free_text()).unwrap_or(false));
    if next == Sort::Relevance && !has_text {
        say(
            app,
            "relevance needs a search with words; this list is by date",
            false,
        );
        return Vec::new();
    }
    app.tickets.issue(Lane::Io);
    app.list.sort = Some(next);
    app.list.selected = 0;
    app.list.top = 0;
    vec![load_list(app, 0)]
}

/// A page of the list shown arrived.
pub(super) fn on_page(
    app: &mut App,
    select: Option<String>,
    result: Result<Page, String>,
) -> Vec<Effect> {
    app.list.loading = false;
    match result {
        Ok(page) => {
            app.list.total = page.total;
            app.list.window_offset = page.offset;
            app.list.rows = page.rows;
            app.list.effective_sort = page.sort;
            if let Some(i) = select.and_then(|id| app.list.position_of(&id)) {
                app.list.selected = i;
            }
            if app.list.selected >= page.total {
                app.list.selected = page.total.saturating_sub(1);
            }
            keep_selection_visible(app);
            // The selection ran past this page while it loaded (a burst of
            // PgDn): the rows on screen are asked for now, not at the next
            // key, so that they are drawn as soon as they arrive.
            if !window_covers_screen(app) {
                return vec![load_list(app, app.list.selected)];
            }
            // The reader follows the selection: a row it moved onto while
            // the rows were loading, or the first row when the reader is
            // empty; not over a cable reached otherwise (a followed
            // reference, the history).
            let selected = app.list.selected_row().map(|r| r.id.clone());
            let pending = std::mem::take(&mut app.list.follow_pending);
            match (app.reader.cable(), selected) {
                (None, Some(id)) => vec![Effect::LoadCable {
                    id,
                    intent: Intent::Initial,
                }],
                (Some(_), Some(id)) if pending && app.current_id() != Some(id.as_str()) => {
                    vec![Effect::LoadCable {
                        id,
                        intent: Intent::Select,
                    }]
                }
                _ => Vec::new(),
            }
        }
        Err(e) => {
            say(app, &e, true);
            Vec::new()
        }
    }
}

/// `c`: the cables that cite the one in the reader.
pub(super) fn cited_by(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        return Vec::new();
    };
    let n = app.reader.cable().map_or(0, |c| c.cited_by.len());
    if n == 0 {
        say(app, &format!("no cable in the library cites {id}"), false);
        return Vec::new();
    }
    let effects = citers(app, id);
    app.focus = Pane::List;
    effects
}

/// When a search matches nothing and names a cable by its ID, what to say:
/// the cable is not in the library, and `refs:` lists the cables that cite
/// it (what can still be read about it).
pub(super) fn no_match_hint(query: &str) -> Option<String> {
    let expr = parse_query(query).ok()?;
    let id = expr.named_ids().first()?.to_string();
    Some(format!(
        "id:{id} is not in the library; refs:{id} lists the cables that cite it"
    ))
}

/// The list of the cables that cite `id` — one the library has, or one it
/// only knows from the references to it; the focus stays where it is.
pub(super) fn citers(app: &mut App, id: String) -> Vec<Effect> {
    // A view other than the main list: `Esc` comes back from it.
    history::enter_view(app);
    replace(app, ListState::index(ListQuery::CitedBy(id)));
    vec![load_list(app, 0)]
}

/// The row of a local list under the cursor, when the list has the focus.
fn selected_local(app: &App) -> Option<&LocalRow> {
    if app.focus != Pane::List {
        return None;
    }
    app.list.local_row(app.list.selected)
}

/// `Enter`: read the selected cable — for a local list's row, the way the
/// row says (a bookmark at its paragraph).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    if let Some(LocalItem::Thread(t)) = selected_local(app).map(|r| r.item.clone()) {
        let id = app.list.selected_row().map(|r| r.id.clone());
        return super::thread::open(app, id.unwrap_or_default(), &t);
    }
    if let Some(LocalItem::Saved(s)) = selected_local(app).map(|r| r.item.clone()) {
        return triage::run_saved(app, s);
    }
    if let Some(item) = selected_local(app).map(|r| r.item.clone()) {
        app.focus = Pane::Reader;
        history::save_place(app);
        return match item {
            LocalItem::Bookmark(b) => vec![Effect::LoadCable {
                id: b.id,
                intent: Intent::Paragraph(b.paragraph),
            }],
            LocalItem::Thread(_) | LocalItem::Similar { .. } => vec![Effect::LoadCable {
                id: app
                    .list
                    .selected_row()
                    .map(|r| r.id.clone())
                    .unwrap_or_default(),
                intent: Intent::Follow,
            }],
            LocalItem::Saved(_) => Vec::new(),
        };
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

/// What to say when `d` or `e` finds nothing it can act on.
const NO_ITEM: &str = "d and e work in the bookmarks view (B) and the saved searches (')";

/// `d`: delete the item under the cursor of a local list that allows it.
pub(super) fn delete_item(app: &mut App) -> Vec<Effect> {
    match selected_local(app).map(|r| r.item.clone()) {
        Some(LocalItem::Bookmark(b)) => bookmarks::delete(app, b),
        Some(LocalItem::Saved(s)) => triage::delete_saved(app, s),
        Some(LocalItem::Thread(_) | LocalItem::Similar { .. }) | None => {
            say(app, NO_ITEM, false);
            Vec::new()
        }
    }
}

/// `e`: edit the item under the cursor of a local list that allows it.
pub(super) fn edit_item(app: &mut App) -> Vec<Effect> {
    match selected_local(app).map(|r| r.item.clone()) {
        Some(LocalItem::Bookmark(b)) => bookmarks::edit_note(app, b),
        Some(LocalItem::Saved(s)) => triage::edit_saved(app, s),
        Some(LocalItem::Thread(_) | LocalItem::Similar { .. }) | None => {
            say(app, NO_ITEM, false);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::testing::{app, code, ctrl, deliver, key};
    use crate::tui::update::{update, Msg};

    #[test]
    fn after_a_burst_of_pgdn_the_rows_on_screen_are_asked_for_when_a_page_arrives() {
        let mut a = app();
        let total = 107_208;
        a.list.total = total;
        let mut asked = Vec::new();
        for _ in 0..25 {
            asked.extend(update(&mut a, code(KeyCode::PageDown)));
        }
        let pages: Vec<&Effect> = asked
            .iter()
            .filter(|e| matches!(e, Effect::LoadPage { .. }))
            .collect();
        assert_eq!(pages.len(), 1, "one page under way at a time");
        let Effect::LoadPage {
            ticket,
            offset,
            limit,
            ..
        } = pages[0].clone()
        else {
            unreachable!()
        };
        let ids: Vec<String> = (offset..offset + limit)
            .map(|i| format!("09TEST{i}"))
            .collect();
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let again = update(
            &mut a,
            Msg::PageLoaded {
                ticket,
                query: ListQuery::All,
                select: None,
                result: Ok(Page {
                    total,
                    offset,
                    rows: crate::tui::testing::rows(&id_refs),
                    sort: Sort::Date,
                }),
            },
        );
        let Some(Effect::LoadPage {
            offset: next,
            limit,
            ..
        }) = again.first()
        else {
            panic!("the rows on screen are not asked for: {again:?}")
        };
        assert!(*next <= a.list.top && a.list.top + a.list_height() <= next + limit);
    }

    #[test]
    fn a_search_for_a_missing_cable_by_id_offers_its_citers() {
        let mut a = app();
        update(&mut a, key('/'));
        let mut effects = Vec::new();
        for c in "09BERLIN1241".chars() {
            effects = update(&mut a, key(c));
        }
        let Some(Effect::LoadPage { ticket, .. }) = effects.first() else {
            panic!("{effects:?}");
        };
        let empty = Page {
            total: 0,
            offset: 0,
            rows: Vec::new(),
            sort: Sort::Relevance,
        };
        update(
            &mut a,
            Msg::PageLoaded {
                ticket: *ticket,
                query: ListQuery::Search("09BERLIN1241".into()),
                select: None,
                result: Ok(empty),
            },
        );
        assert_eq!(
            a.status.as_ref().map(|s| s.text.as_str()),
            Some("id:09BERLIN1241 is not in the library; refs:09BERLIN1241 lists the cables that cite it")
        );
        // A plain word that matches nothing says nothing of the kind.
        assert_eq!(no_match_hint("turnips"), None);
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
        if let Some(c) = a.reader.cables.first_mut() {
            c.cited_by = vec!["07MOSCOW5349".into()];
        }
        let effects = update(&mut a, key('c'));
        assert_eq!(
            a.list.query(),
            Some(&ListQuery::CitedBy("07MOSCOW1026".into()))
        );
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
        a.list.source = crate::tui::state::ListSource::Index(ListQuery::Search("moscow".into()));
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
    fn a_page_of_a_list_no_longer_shown_is_dropped() {
        let mut a = app();
        let old = load_list(&mut a, 0);
        if let Some(c) = a.reader.cables.first_mut() {
            c.cited_by = vec!["07MOSCOW5349".into()];
        }
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('c'));
        let Effect::LoadPage { ticket, query, .. } = old else {
            panic!("{old:?}")
        };
        update(
            &mut a,
            crate::tui::update::Msg::PageLoaded {
                ticket,
                query,
                select: None,
                result: Ok(Page {
                    total: 9,
                    offset: 0,
                    rows: crate::tui::testing::rows(&["08MOSCOW820"]),
                    sort: Sort::Date,
                }),
            },
        );
        assert_ne!(a.list.total, 9, "the page of the list before is dropped");
    }

    #[test]
    fn d_and_e_outside_a_local_list_say_where_they_work() {
        let mut a = app();
        assert!(update(&mut a, key('d')).is_empty());
        assert_eq!(a.status.as_ref().unwrap().text, NO_ITEM);
        assert!(update(&mut a, key('e')).is_empty());
        assert!(a.prompt().is_none());
    }
}
