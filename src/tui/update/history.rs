//! The reading history: back and forward, and the place kept in each entry.

use crate::tui::effect::{Effect, Intent};
use crate::tui::state::{App, HistoryEntry};

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
    vec![Effect::LoadCable {
        id: e.id,
        intent: Intent::History {
            cursor: e.cursor,
            scroll: e.scroll,
        },
    }]
}

/// The cable now in the reader, in the history as its intent says:
/// browsing replaces the current entry, following adds one, moving along
/// the history keeps it as it is.
pub(super) fn record(app: &mut App, id: String, intent: Intent) {
    let entry = HistoryEntry {
        id,
        cursor: app.reader.cursor,
        scroll: app.reader.scroll,
    };
    let h = &mut app.history;
    match intent {
        Intent::Select | Intent::Initial => {
            if h.entries.is_empty() {
                h.entries.push(entry);
                h.pos = 0;
            } else {
                let pos = h.pos.min(h.entries.len() - 1);
                h.entries[pos] = entry;
            }
        }
        Intent::Follow | Intent::Paragraph(_) => {
            if !h.entries.is_empty() {
                h.entries.truncate(h.pos + 1);
            }
            h.entries.push(entry);
            h.pos = h.entries.len() - 1;
        }
        Intent::History { .. } => {}
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
}
