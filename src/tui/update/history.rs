//! The reading history: back and forward, and the place kept in each entry.

use crate::tui::effect::{Effect, Intent};
use crate::tui::state::{App, HistoryEntry, LocalKind, ManyCables, Pane, ViewBefore};

use super::say;

/// Records the cursor and scroll of the current cable in its history entry.
pub(super) fn save_place(app: &mut App) {
    let (cursor, scroll) = (app.reader.cursor, app.reader.scroll);
    if let Some(e) = app.history.entries.get_mut(app.history.pos) {
        e.cursor = cursor;
        e.scroll = scroll;
    }
}

/// Back (`delta` −1) or forward (+1) along the history.
pub(super) fn go(app: &mut App, delta: i64) -> Vec<Effect> {
    let target = app.history.pos as i64 + delta;
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
    app.history.pos = target as usize;
    let e = app.history.entries[app.history.pos].clone();
    let intent = Intent::History {
        cursor: e.cursor,
        scroll: e.scroll,
    };
    match e.many {
        Some(many) => vec![Effect::LoadDocument {
            ticket: app.tickets.issue(crate::tui::effect::Lane::Related),
            ids: many.ids,
            title: many.title,
            at: None,
            intent,
        }],
        None => vec![Effect::LoadCable { id: e.id, intent }],
    }
}

/// Leaving the list shown for another view ("citing X", the bookmarks):
/// `Esc` comes back to it, at the same place.
pub(super) fn enter_view(app: &mut App) {
    app.views_before.push(ViewBefore {
        list: app.list.clone(),
        terms: app.terms.clone(),
    });
}

/// `Esc` in the panes: back to the view before, its selection and scroll
/// as they were; the reader keeps the cable it shows. The main list
/// (everything, or a search) has none.
pub(super) fn view_back(app: &mut App) -> Vec<Effect> {
    let Some(before) = app.views_before.pop() else {
        say(
            app,
            "this is the main list (/ searches, B the bookmarks)",
            false,
        );
        return Vec::new();
    };
    let mut list = before.list;
    // A page it was waiting for was asked with a ticket now stale.
    list.loading = false;
    super::list::replace(app, list);
    app.terms = before.terms;
    app.relayout();
    app.focus = Pane::List;
    if let Some(kind) = app.list.local_kind() {
        // A local list of the user's files is rebuilt from what is current
        // (bookmarks deleted meanwhile are gone); a thread or the similar
        // cables stay as they were built.
        let rows = match kind {
            LocalKind::Bookmarks => Some(app.bookmark_view_rows()),
            LocalKind::Saved => Some(crate::tui::state::triage::saved_rows(&app.triage.saved)),
            LocalKind::Thread | LocalKind::Similar => None,
        };
        if let Some(rows) = rows {
            app.list.set_local_rows(rows);
        }
    }
    if app.list.query().is_some() && !super::list::window_covers_screen(app) {
        return vec![super::list::load_list(app, app.list.selected)];
    }
    Vec::new()
}

/// The cable now in the reader, in the history as a jump list: every
/// cable opened is a new entry after the current one (the entries forward
/// of it are dropped), except that moving the list's selection from a
/// cable itself reached that way, at the end of the history, takes its
/// place. Moving along the history leaves it as it is.
pub(super) fn record(app: &mut App, id: String, intent: Intent) {
    record_entry(app, id, intent, None);
}

/// [`record`] for a document of many cables, its cables and title kept
/// so that the history can lay it out again.
pub(super) fn record_many(app: &mut App, id: String, intent: Intent, many: ManyCables) {
    record_entry(app, id, intent, Some(many));
}

fn record_entry(app: &mut App, id: String, intent: Intent, many: Option<ManyCables>) {
    let browsed = matches!(intent, Intent::Select | Intent::Initial);
    let entry = HistoryEntry {
        id,
        cursor: app.reader.cursor,
        scroll: app.reader.scroll,
        browsed,
        many,
    };
    let h = &mut app.history;
    if matches!(intent, Intent::History { .. }) {
        return;
    }
    if h.entries.is_empty() {
        h.entries.push(entry);
        h.pos = 0;
        return;
    }
    let pos = h.pos.min(h.entries.len() - 1);
    let at_end = pos + 1 == h.entries.len();
    if browsed && at_end && h.entries[pos].browsed {
        h.entries[pos] = entry;
    } else {
        h.entries.truncate(pos + 1);
        h.entries.push(entry);
        h.pos = h.entries.len() - 1;
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::state::RefStatus;
    use crate::tui::testing::{app, code, ctrl, deliver, key};
    use crate::tui::update::update;

    #[test]
    fn following_a_present_reference_pushes_history_and_back_restores_the_place() {
        let mut a = app();
        // Make 07MOSCOW1026's reference A point at a present cable.
        if let Some(c) = a.reader.cables.first_mut() {
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
    fn opening_from_the_list_after_going_back_drops_the_forward_entries() {
        let mut a = app();
        if let Some(c) = a.reader.cables.first_mut() {
            c.refs[0].status = RefStatus::Present("09MOSCOW501".into());
        }
        a.relayout();
        update(&mut a, code(KeyCode::Tab));
        let e = update(&mut a, code(KeyCode::Enter));
        deliver(&mut a, e);
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
        let e = update(&mut a, code(KeyCode::Backspace));
        deliver(&mut a, e);
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        // From the list: two cables further down.
        update(&mut a, code(KeyCode::BackTab));
        let e = update(&mut a, key('j'));
        deliver(&mut a, e);
        let e = update(&mut a, key('j'));
        deliver(&mut a, e);
        assert_eq!(a.current_id(), Some("05MOSCOW11807"));
        let ids: Vec<&str> = a.history.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["07MOSCOW1026", "05MOSCOW11807"]);
        assert_eq!(a.back_id(), Some("07MOSCOW1026"));
        let e = update(&mut a, key('L'));
        assert!(e.is_empty(), "the forward part was dropped");
    }

    #[test]
    fn back_on_the_first_cable_opened_after_a_restart_walks_the_restored_history() {
        use crate::library::{Page, Sort};
        use crate::tui::effect::Lane;
        use crate::tui::update::Msg;
        let mut a = app();
        a.history.entries = ["07MOSCOW5349", "09MOSCOW501"]
            .iter()
            .map(|id| HistoryEntry {
                id: id.to_string(),
                cursor: 1,
                scroll: 0,
                browsed: false,
                many: None,
            })
            .collect();
        a.history.pos = 1;
        let session = a.session();
        let mut b =
            crate::tui::state::App::new((120, 40), crate::tui::keymap::Keymap::default(), true);
        let e = crate::tui::update::restore(&mut b, &session, None);
        deliver(&mut b, e);
        let ticket = b.tickets.current(Lane::Io);
        update(
            &mut b,
            Msg::PageLoaded {
                ticket,
                query: crate::library::ListQuery::All,
                select: None,
                result: Ok(Page {
                    total: 5,
                    offset: 0,
                    rows: crate::tui::testing::rows(&crate::tui::testing::IDS),
                    sort: Sort::Date,
                }),
            },
        );
        b.focus = crate::tui::state::Pane::List;
        let e = update(&mut b, key('j'));
        deliver(&mut b, e);
        assert_eq!(b.current_id(), Some("07MOSCOW5349"));
        let e = update(&mut b, code(KeyCode::Backspace));
        deliver(&mut b, e);
        assert_eq!(b.current_id(), Some("09MOSCOW501"), "the restored current");
        let e = update(&mut b, code(KeyCode::Backspace));
        deliver(&mut b, e);
        assert_eq!(b.current_id(), Some("07MOSCOW5349"), "and before it");
        assert_eq!(b.reader.cursor, 1, "at the place kept");
    }

    #[test]
    fn esc_goes_back_from_citing_x_and_the_bookmarks_to_the_view_before() {
        let mut a = app();
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let before = a.list.clone();
        update(&mut a, key('B'));
        assert!(a.list.local_kind().is_some());
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.list, before, "the main list, at its place");
        // Citing X, from the bookmarks view, then back twice.
        if let Some(c) = a.reader.cables.first_mut() {
            c.cited_by = vec!["07MOSCOW5349".into()];
        }
        update(&mut a, key('B'));
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('c'));
        assert!(matches!(
            a.list.query(),
            Some(crate::library::ListQuery::CitedBy(_))
        ));
        update(&mut a, code(KeyCode::Esc));
        assert!(a.list.local_kind().is_some(), "back at the bookmarks");
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.list, before);
        update(&mut a, code(KeyCode::Esc));
        assert!(a.status.as_ref().unwrap().text.contains("main list"));
    }
}
