//! The thread view (`T`): the thread of the open cable, built off the UI
//! thread by the library, shown in the list pane as a tree (a local list);
//! `Enter` opens a cable of it, `a` reads it as one document, `Esc` goes
//! back to the list before.

use crate::library::thread::Thread;
use crate::text::thousands;
use crate::tui::effect::{Effect, Intent, Lane};
use crate::tui::state::thread::{present_oldest_first, thread_rows, ThreadRow};
use crate::tui::state::{App, ListState, LocalItem, LocalKind, Pane};

use super::{document, history, list, say};

/// `T`: ask for the thread of the cable in the reader.
pub(super) fn show(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        say(app, "no cable open: its thread is what T shows", false);
        return Vec::new();
    };
    say(app, &format!("the thread of {id}…"), false);
    vec![Effect::LoadThread {
        ticket: app.tickets.issue(Lane::Related),
        id,
    }]
}

/// The thread arrived: into the list pane, the cable it was asked for
/// selected. A thread shown over a thread takes its place, so that `Esc`
/// goes back to the list the first was opened from.
pub(super) fn on_thread(app: &mut App, result: Result<Thread, String>) -> Vec<Effect> {
    // A search typed meanwhile owns the list pane until it is kept or
    // left: the thread does not take it from under the prompt.
    if app.prompt().is_some() {
        return Vec::new();
    }
    let thread = match result {
        Ok(t) => t,
        Err(e) => {
            say(app, &e, true);
            return Vec::new();
        }
    };
    if app.list.local_kind() != Some(LocalKind::Thread) {
        history::enter_view(app);
    }
    let rows = thread_rows(&thread);
    list::replace(app, ListState::local(LocalKind::Thread, rows));
    app.list.selected = thread.position(&thread.id).unwrap_or(0);
    app.focus = Pane::List;
    list::keep_selection_visible(app);
    let n = thread.cables.len();
    let missing = thread.cables.iter().filter(|c| !c.present()).count();
    let mut said = format!(
        "thread of {}: {} cable{}",
        thread.id,
        thousands(n as u64),
        if n == 1 { "" } else { "s" }
    );
    if missing > 0 {
        said.push_str(&format!(
            ", {} not in the library",
            thousands(missing as u64)
        ));
    }
    if thread.truncated {
        said.push_str(" (cut at the limit)");
    }
    said.push_str(" · Enter opens, a reads it as one");
    say(app, &said, false);
    Vec::new()
}

/// The thread row under the selection, when the list is a thread.
fn selected_thread_row(app: &App) -> Option<(String, &ThreadRow)> {
    let row = app.list.local_row(app.list.selected)?;
    match &row.item {
        LocalItem::Thread(t) => Some((row.row.id.clone(), t)),
        _ => None,
    }
}

/// What to say of a cable of the thread the library does not have.
pub(super) fn missing_message(id: &str, t: &ThreadRow) -> String {
    match &t.cited_as {
        Some(text) => format!("{id} is not in the library (cited as {text})"),
        None => format!("{id} is not in the library"),
    }
}

/// `Enter` on a row of the thread: open the cable, or say that the
/// library does not have it.
pub(super) fn open(app: &mut App, id: String, t: &ThreadRow) -> Vec<Effect> {
    if !t.present {
        let said = missing_message(&id, t);
        say(app, &said, false);
        return Vec::new();
    }
    app.focus = Pane::Reader;
    if app.current_id() == Some(id.as_str()) && !app.reader.is_many() {
        return Vec::new();
    }
    history::save_place(app);
    vec![Effect::LoadCable {
        id,
        intent: Intent::Follow,
    }]
}

/// `a`: every present cable of the thread, oldest first, as one document
/// in the reader, the cursor on the cable selected.
pub(super) fn read(app: &mut App) -> Vec<Effect> {
    let Some(LocalKind::Thread) = app.list.local_kind() else {
        say(
            app,
            "a reads a thread as one: T shows the thread first",
            false,
        );
        return Vec::new();
    };
    let rows = match &app.list.source {
        crate::tui::state::ListSource::Local(l) => &l.rows,
        crate::tui::state::ListSource::Index(_) => return Vec::new(),
    };
    let ids = present_oldest_first(rows);
    let anchor = rows
        .iter()
        .find(|r| matches!(&r.item, LocalItem::Thread(t) if t.anchor))
        .map(|r| r.row.id.clone())
        .unwrap_or_default();
    let at = selected_thread_row(app)
        .filter(|(_, t)| t.present)
        .map(|(id, _)| id);
    document::read_as_one(app, ids, format!("thread of {anchor}"), at)
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::keymap::Scope;
    use crate::tui::state::thread::tests::berlin;
    use crate::tui::testing::{app, code, key, show_thread};
    use crate::tui::update::{update, Msg};

    /// The app after `T` and the Berlin thread arriving for it.
    fn in_thread() -> App {
        let mut a = app();
        show_thread(&mut a, berlin());
        a
    }

    #[test]
    fn t_asks_for_the_thread_of_the_open_cable_in_its_own_lane() {
        let mut a = app();
        let effects = update(&mut a, key('T'));
        assert!(
            matches!(&effects[..], [Effect::LoadThread { ticket, id }]
                if id == "07MOSCOW1026" && ticket.lane == Lane::Related),
            "{effects:?}"
        );
    }

    #[test]
    fn the_thread_shows_in_the_list_with_the_asked_cable_selected() {
        let a = in_thread();
        assert_eq!(a.list.local_kind(), Some(LocalKind::Thread));
        assert_eq!(a.list.total, 4);
        assert_eq!(
            a.list.selected_row().map(|r| r.id.as_str()),
            Some("09BERLIN1296")
        );
        assert_eq!(a.pane_scope(), Scope::Thread);
        let said = &a.status.as_ref().unwrap().text;
        assert!(said.contains("4 cables, 1 not in the library"), "{said}");
    }

    #[test]
    fn a_stale_thread_is_dropped() {
        let mut a = app();
        let first = update(&mut a, key('T'));
        update(&mut a, key('T'));
        let [Effect::LoadThread { ticket, .. }] = first.as_slice() else {
            panic!("{first:?}")
        };
        update(
            &mut a,
            Msg::ThreadLoaded {
                ticket: *ticket,
                result: Ok(berlin()),
            },
        );
        assert_eq!(a.list.local_kind(), None, "an older answer is not shown");
    }

    #[test]
    fn a_missing_cable_of_the_thread_says_so_when_chosen_and_opened() {
        let mut a = in_thread();
        update(&mut a, key('g'));
        let effects = update(&mut a, key('j'));
        assert!(effects.is_empty(), "nothing to load: {effects:?}");
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "09BERLIN1241 is not in the library (cited as BERLIN 1241)"
        );
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(effects.is_empty());
        assert_eq!(a.focus, Pane::List);
        assert!(a
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("not in the library"));
    }

    #[test]
    fn enter_opens_a_cable_of_the_thread_and_esc_goes_back_to_the_list_before() {
        let mut a = in_thread();
        update(&mut a, key('g'));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::LoadCable { id, .. } if id == "09BERLIN1162")),
            "{effects:?}"
        );
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.list.local_kind(), None);
        assert_eq!(a.list.total, 5, "the samples' list, as it was");
    }

    #[test]
    fn the_session_keeps_the_list_the_thread_was_opened_from() {
        let a = in_thread();
        let s = a.session();
        assert_eq!(s.view, crate::library::SessionView::All);
        assert_eq!(s.selected.as_deref(), Some("07MOSCOW1026"));
    }

    #[test]
    fn a_thread_arriving_under_an_open_prompt_leaves_the_list_to_the_search() {
        let mut a = app();
        let effects = update(&mut a, key('T'));
        update(&mut a, key('/'));
        let [Effect::LoadThread { ticket, .. }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        update(
            &mut a,
            Msg::ThreadLoaded {
                ticket: *ticket,
                result: Ok(berlin()),
            },
        );
        assert_eq!(a.list.local_kind(), None);
        assert!(a.prompt().is_some());
    }

    #[test]
    fn a_asks_for_the_present_cables_oldest_first_as_one_document() {
        let mut a = in_thread();
        let effects = update(&mut a, key('a'));
        let [Effect::LoadDocument { ids, ticket, .. }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(ids, &["09BERLIN1162", "09BERLIN1271", "09BERLIN1296"]);
        assert_eq!(ticket.lane, Lane::Related);
    }
}
