//! A document of many cables in the reader: a thread read as one (`a` in
//! the thread view), or any list of cables (the triage's selection). The
//! cables are loaded off the UI thread and laid out one after the other,
//! each under its citation line; the item cursor moves across all of them,
//! `J`/`K` jump cable to cable, and references, mentions, bookmarks and the
//! sidebar work on the cable under the cursor.

use crate::text::thousands;
use crate::tui::document::cable_starts;
use crate::tui::effect::{Effect, Intent, Lane};
use crate::tui::state::{App, LoadedCable, ManyCables, Pane};

use super::{history, reader, say};

/// Reads the cables `ids` as one document, in that order, titled `title`
/// (`thread of 09BERLIN1296`, `12 marked cables`), the cursor on the
/// cable `at` when it is among them. The answer replaces any request of
/// its lane still under way; a cable the library does not have is left
/// out. This is the one way in for any caller that reads many cables as
/// one.
pub fn read_as_one(
    app: &mut App,
    ids: Vec<String>,
    title: String,
    at: Option<String>,
) -> Vec<Effect> {
    if ids.is_empty() {
        say(app, "no cable here the library has, nothing to read", false);
        return Vec::new();
    }
    say(
        app,
        &format!("{title}: {} cables…", thousands(ids.len() as u64)),
        false,
    );
    vec![Effect::LoadDocument {
        ticket: app.tickets.issue(Lane::Related),
        ids,
        title,
        at,
        intent: Intent::Follow,
    }]
}

/// The cables arrived: the reader shows them as one document, a new
/// entry of the history (or, back along it, the entry it was).
pub(super) fn on_document(
    app: &mut App,
    many: ManyCables,
    at: Option<String>,
    intent: Intent,
    result: Result<Vec<LoadedCable>, String>,
) -> Vec<Effect> {
    let title = many.title.clone();
    let cables = match result {
        Ok(c) if c.is_empty() => {
            say(app, "none of these cables is in the library", false);
            return Vec::new();
        }
        Ok(c) => c,
        Err(e) => {
            say(app, &e, true);
            return Vec::new();
        }
    };
    // The place in the cable left stays with its history entry (moving
    // along the history saved it before it moved).
    let back = matches!(intent, Intent::History { .. });
    if !back {
        history::save_place(app);
    }
    let n = cables.len();
    let at = at.and_then(|id| cables.iter().position(|c| c.id() == id));
    app.reader.cables = cables;
    app.reader.title = (n > 1).then(|| title.clone());
    (app.reader.cursor, app.reader.scroll) = match intent {
        Intent::History { cursor, scroll } => (cursor, scroll),
        _ => (0, 0),
    };
    app.relayout();
    if let Some(i) = at {
        go_to_cable(app, i);
    }
    app.focus = Pane::Reader;
    let id = app.current_id().unwrap_or_default().to_string();
    if n > 1 {
        history::record_many(app, id, intent, many);
    } else {
        history::record(app, id, intent);
    }
    say(
        app,
        &format!(
            "{title}: {} cables as one, oldest first · J/K cable to cable",
            thousands(n as u64)
        ),
        false,
    );
    vec![Effect::SaveSession(Box::new(app.session()))]
}

/// `J` / `K` in a document of many: the next / previous cable, its
/// citation line at the top of the pane.
pub(super) fn step(app: &mut App, delta: i64) -> Vec<Effect> {
    let n = app.reader.cables.len();
    let current = app.reader.cable_index();
    let target = if delta > 0 {
        (current + 1).min(n.saturating_sub(1))
    } else {
        current.saturating_sub(1)
    };
    if target == current && delta > 0 {
        say(app, "the last cable of the document", false);
        return Vec::new();
    }
    go_to_cable(app, target);
    let id = app.current_id().unwrap_or_default().to_string();
    say(
        app,
        &format!(
            "cable {} of {}: {id}",
            thousands(target as u64 + 1),
            thousands(n as u64)
        ),
        false,
    );
    Vec::new()
}

/// The cursor on the first item of cable `index`, at the top of the pane.
fn go_to_cable(app: &mut App, index: usize) {
    let Some(&item) = cable_starts(&app.reader.doc).get(index) else {
        return;
    };
    app.reader.cursor = item;
    app.reader.scroll = app.reader.doc.items[item].first_line;
    reader::keep_cursor_visible(app);
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::document::ItemKind;
    use crate::tui::testing::{app, deliver, key, loaded};
    use crate::tui::update::{update, Msg};

    /// The reader with three samples read as one.
    fn reading_three() -> App {
        let mut a = app();
        let ids: Vec<String> = ["05MOSCOW11807", "07MOSCOW1026", "09MOSCOW501"]
            .map(String::from)
            .to_vec();
        let effects = read_as_one(&mut a, ids, "three".into(), None);
        deliver(&mut a, effects);
        a
    }

    #[test]
    fn each_cable_is_under_its_citation_line_and_the_cursor_crosses_them() {
        let a = reading_three();
        assert!(a.reader.is_many());
        let headings: Vec<String> = a
            .reader
            .doc
            .items
            .iter()
            .filter(|it| it.kind == ItemKind::Heading)
            .map(|it| {
                (it.first_line..=it.last_line)
                    .map(|l| a.reader.doc.lines[l].text())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(headings.len(), 3);
        assert!(
            headings[1]
                .starts_with("07MOSCOW1026 · SECRET · 2007-03-12 · Embassy Moscow · FOLLOW-UP"),
            "{headings:?}"
        );
        let cables: Vec<usize> = a.reader.doc.items.iter().map(|it| it.cable).collect();
        assert!(cables.windows(2).all(|w| w[0] <= w[1]), "in order");
        assert_eq!(cables.last(), Some(&2));
    }

    #[test]
    fn capital_j_and_k_jump_cable_to_cable_and_the_current_cable_follows() {
        let mut a = reading_three();
        assert_eq!(a.current_id(), Some("05MOSCOW11807"));
        update(&mut a, key('J'));
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        assert_eq!(a.reader.cursor_item(), Some(ItemKind::Heading));
        update(&mut a, key('J'));
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
        update(&mut a, key('J'));
        assert_eq!(a.current_id(), Some("09MOSCOW501"));
        update(&mut a, key('K'));
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        // j from a heading steps into its cable: the same cable still.
        update(&mut a, key('j'));
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        assert_eq!(a.list.selected, 0, "the list did not move");
    }

    #[test]
    fn references_and_bookmarks_act_on_the_cable_under_the_cursor() {
        let mut a = reading_three();
        update(&mut a, key('J'));
        update(&mut a, key('j'));
        assert!(matches!(
            a.reader.cursor_item(),
            Some(ItemKind::Reference(0))
        ));
        let effects = update(&mut a, crate::tui::testing::code(KeyCode::Enter));
        assert!(
            matches!(&effects[..], [Effect::LoadPage { .. }]),
            "07MOSCOW1026's REF A is missing: its citers are listed: {effects:?}"
        );
        assert!(a.status.as_ref().unwrap().text.starts_with("07MOSCOW977"));
        // The cursor on a paragraph of the second cable: m bookmarks it.
        while !matches!(a.reader.cursor_item(), Some(ItemKind::Paragraph(_))) {
            update(&mut a, key('j'));
        }
        update(&mut a, key('m'));
        let Some(crate::tui::state::Prompt { kind, .. }) = a.prompt() else {
            panic!("no note editor")
        };
        assert!(
            matches!(kind, crate::tui::state::PromptKind::Note { id, paragraph: 1, .. } if id == "07MOSCOW1026"),
            "{kind:?}"
        );
    }

    #[test]
    fn back_from_a_cable_followed_out_of_the_document_lays_it_out_again_at_the_place() {
        let mut a = reading_three();
        update(&mut a, key('J'));
        update(&mut a, key('j'));
        let place = (a.reader.cursor, a.reader.scroll);
        assert_eq!(a.back_id(), Some("07MOSCOW1026"), "the cable before it");
        // Open another cable (as following a reference does).
        let effects = vec![Effect::LoadCable {
            id: "07MOSCOW5349".into(),
            intent: Intent::Follow,
        }];
        deliver(&mut a, effects);
        assert!(!a.reader.is_many());
        assert_eq!(a.back_id(), Some("three"));
        let effects = update(&mut a, crate::tui::testing::code(KeyCode::Backspace));
        assert!(
            matches!(&effects[..], [Effect::LoadDocument { ids, .. }] if ids.len() == 3),
            "{effects:?}"
        );
        deliver(&mut a, effects);
        assert!(a.reader.is_many());
        assert_eq!((a.reader.cursor, a.reader.scroll), place);
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        assert_eq!(a.history.len(), 3, "back moves along, it adds nothing");
    }

    #[test]
    fn a_document_of_an_older_request_is_dropped() {
        let mut a = app();
        let ids = vec!["07MOSCOW1026".to_string(), "09MOSCOW501".to_string()];
        let old = read_as_one(&mut a, ids.clone(), "old".into(), None);
        read_as_one(&mut a, ids.clone(), "new".into(), None);
        let [Effect::LoadDocument { ticket, .. }] = old.as_slice() else {
            panic!("{old:?}")
        };
        update(
            &mut a,
            Msg::DocumentLoaded {
                ticket: *ticket,
                ids: ids.clone(),
                title: "old".into(),
                at: None,
                intent: Intent::Follow,
                result: Ok(ids.iter().map(|id| loaded(id)).collect()),
            },
        );
        assert!(!a.reader.is_many());
    }
}
