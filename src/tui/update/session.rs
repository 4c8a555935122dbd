//! Starting the reader: afresh, or where the last session left it.

use crate::library::query::parse_query;
use crate::library::{ListQuery, Session, SessionView};
use crate::tui::effect::{Effect, Intent};
use crate::tui::state::{App, HistoryEntry, ListState, LocalKind, Pane};

use super::{list, triage};

/// The effects to start the reader: the first page of the whole library,
/// the bookmarks, and the cable asked for on the command line.
pub fn init(app: &mut App, start_id: Option<&str>) -> Vec<Effect> {
    app.relayout();
    let mut effects = vec![
        list::load_list(app, 0),
        Effect::LoadBookmarks { select: None },
    ];
    if let Some(id) = start_id {
        app.focus = Pane::Reader;
        effects.push(Effect::LoadCable {
            id: id.to_string(),
            intent: Intent::Follow,
        });
    }
    effects.extend(triage::start());
    effects
}

/// The effects to start the reader where the last session left it: the
/// same list, the same cable at the same place, the same history. A cable
/// asked for on the command line wins over the remembered one.
pub fn restore(app: &mut App, session: &Session, start_id: Option<&str>) -> Vec<Effect> {
    app.relayout();
    app.query_history = session.query_history.clone();
    app.triage.selection = session.selection.clone();
    let shown = match (&session.view, &session.query, &session.cited_id) {
        (SessionView::Search, Some(q), _) => {
            app.terms = parse_query(q)
                .map(|e| e.highlight_terms())
                .unwrap_or_default();
            ListState::index(ListQuery::Search(q.clone()))
        }
        (SessionView::CitedBy, _, Some(id)) => ListState::index(ListQuery::CitedBy(id.clone())),
        (SessionView::Bookmarks, _, _) => {
            ListState::local(LocalKind::Bookmarks, app.bookmark_view_rows())
        }
        // Filled when the saved searches arrive.
        (SessionView::Saved, _, _) => ListState::local(LocalKind::Saved, Vec::new()),
        _ => ListState::default(),
    };
    list::replace(app, shown);
    app.history.entries = session
        .history
        .iter()
        .map(|p| HistoryEntry {
            id: p.id.clone(),
            cursor: p.cursor,
            scroll: p.scroll,
            browsed: false,
            many: None,
        })
        .collect();
    app.history.pos = session.history_pos.min(app.history.len().saturating_sub(1));
    // The remembered selection travels with the request that fills the
    // list: the first page, or the bookmarks.
    let select = session.selected.clone();
    let mut effects = Vec::new();
    if app.list.query().is_some() {
        effects.push(list::request_page(app, 0, select));
        effects.push(Effect::LoadBookmarks { select: None });
    } else {
        effects.push(Effect::LoadBookmarks { select });
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
    effects.extend(triage::start());
    effects
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::library::{Bookmark, Page, Sort};
    use crate::tui::keymap::Keymap;
    use crate::tui::testing::{app, code, deliver, key, rows};
    use crate::tui::update::{update, Msg};

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
    fn the_remembered_selection_comes_back_with_the_first_page() {
        let mut a = app();
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let session = a.session();
        let mut b = App::new((120, 40), Keymap::default(), true);
        let effects = restore(&mut b, &session, None);
        let Some(Effect::LoadPage { ticket, select, .. }) = effects.first().cloned() else {
            panic!("{effects:?}")
        };
        assert_eq!(select.as_deref(), Some("05MOSCOW11807"));
        update(
            &mut b,
            Msg::PageLoaded {
                ticket,
                query: ListQuery::All,
                select,
                result: Ok(Page {
                    total: 5,
                    offset: 0,
                    rows: rows(&crate::tui::testing::IDS),
                    sort: Sort::Date,
                }),
            },
        );
        assert_eq!(b.list.selected, 2);
    }

    #[test]
    fn a_restored_bookmarks_view_selects_the_remembered_row() {
        let mut a = app();
        a.bookmarks = vec![
            Bookmark::new("09MOSCOW501", 7, None, "manpower"),
            Bookmark::new("07MOSCOW5349", 3, None, "denisov"),
        ];
        update(&mut a, key('B'));
        update(&mut a, key('j'));
        let session = a.session();
        let mut b = App::new((120, 40), Keymap::default(), true);
        let effects = restore(&mut b, &session, None);
        assert!(!effects.iter().any(|e| matches!(e, Effect::LoadPage { .. })));
        let select = effects.iter().find_map(|e| match e {
            Effect::LoadBookmarks { select } => Some(select.clone()),
            _ => None,
        });
        update(
            &mut b,
            Msg::BookmarksChanged {
                result: Ok(a.bookmarks.clone()),
                cables: Vec::new(),
                notice: None,
                select: select.flatten(),
            },
        );
        assert_eq!(b.list.local_kind(), Some(LocalKind::Bookmarks));
        assert_eq!(b.list.selected, 1);
    }

    #[test]
    fn the_cable_asked_for_at_start_is_not_replaced_by_the_first_row() {
        let mut a = App::new((120, 40), Keymap::default(), true);
        let effects = init(&mut a, Some("09MOSCOW501"));
        assert_eq!(a.focus, Pane::Reader);
        let ticket = a.tickets.current(crate::tui::effect::Lane::Io);
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
                ticket,
                query: ListQuery::All,
                select: None,
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
}
