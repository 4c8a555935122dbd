//! Bookmarks: `m` and `M` on a paragraph, the bookmarks view (a local
//! list), and the bookmarks arriving after a change.

use crate::library::{Bookmark, ListRow};
use crate::tui::effect::Effect;
use crate::tui::state::{App, ListState, LocalKind, Pane, PromptKind};

use super::{history, list, prompt, say};

/// `m`: the note editor for the paragraph under the cursor, with the note
/// it has.
pub(super) fn bookmark_cursor(app: &mut App) -> Vec<Effect> {
    let Some(pos) = app.reader.cursor_paragraph() else {
        say(
            app,
            "the cursor is not on a paragraph (j/k step to one)",
            false,
        );
        return Vec::new();
    };
    let Some(cable) = app.reader.cable() else {
        return Vec::new();
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
    prompt::open_editor(app, kind, note);
    Vec::new()
}

/// `M`: remove the bookmark of the paragraph under the cursor.
pub(super) fn unbookmark_cursor(app: &mut App) -> Vec<Effect> {
    let (Some(pos), Some(id)) = (
        app.reader.cursor_paragraph(),
        app.current_id().map(str::to_string),
    ) else {
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

/// `B`: the bookmarks view, a local list.
pub(super) fn show(app: &mut App) -> Vec<Effect> {
    let rows = app.bookmark_view_rows();
    if app.list.local_kind() != Some(LocalKind::Bookmarks) {
        history::enter_view(app);
    }
    list::replace(app, ListState::local(LocalKind::Bookmarks, rows));
    app.focus = Pane::List;
    if app.bookmarks.is_empty() {
        say(app, "no bookmarks yet: m on a paragraph adds one", false);
    }
    Vec::new()
}

/// `d` on a bookmark.
pub(super) fn delete(app: &mut App, b: Bookmark) -> Vec<Effect> {
    say(
        app,
        &format!("deleted the bookmark on {} {}", b.id, b.label()),
        false,
    );
    vec![Effect::RemoveBookmark {
        id: b.id,
        paragraph: b.paragraph,
    }]
}

/// `e` on a bookmark: its note in the editor.
pub(super) fn edit_note(app: &mut App, b: Bookmark) -> Vec<Effect> {
    let kind = PromptKind::Note {
        id: b.id,
        paragraph: b.paragraph,
        number: b.number,
    };
    prompt::open_editor(app, kind, b.note);
    Vec::new()
}

/// The bookmarks after a change or at start: the stars follow, and so does
/// the bookmarks view when it is shown (on the row `select` names, if any).
pub(super) fn on_changed(
    app: &mut App,
    result: Result<Vec<Bookmark>, String>,
    cables: Vec<ListRow>,
    notice: Option<String>,
    select: Option<String>,
) -> Vec<Effect> {
    match result {
        Ok(b) => {
            app.bookmarks = b;
            app.bookmarked_cables = cables.into_iter().map(|r| (r.id.clone(), r)).collect();
            if app.list.local_kind() == Some(LocalKind::Bookmarks) {
                app.list.set_local_rows(app.bookmark_view_rows());
                if let Some(i) = select.and_then(|id| app.list.position_of(&id)) {
                    app.list.selected = i;
                }
                list::keep_selection_visible(app);
            }
        }
        Err(e) => say(app, &e, true),
    }
    if let Some(n) = notice {
        say(app, &n, true);
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::document::ItemKind;
    use crate::tui::effect::Intent;
    use crate::tui::state::{ListSource, LocalItem};
    use crate::tui::testing::{app, code, deliver, key};
    use crate::tui::update::{update, Msg};

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
                cables: Vec::new(),
                notice: None,
                select: None,
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
        // Past the references, ¶1 and the mentions in it, to ¶2.
        while a.reader.cursor_item() != Some(ItemKind::Paragraph(1)) {
            update(&mut a, key('j'));
        }
        update(&mut a, key('m'));
        assert!(matches!(
            a.prompt().unwrap().kind,
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
        assert_eq!(a.prompt().unwrap().input(), "arms to Iran");
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt().is_none());
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
        assert_eq!(a.list.local_kind(), Some(LocalKind::Bookmarks));
        assert_eq!(a.focus, Pane::List);
        assert_eq!(a.list.total, 2);
        // Newest first: the one added last is on top.
        assert_eq!(a.list.row(0).unwrap().id, "07MOSCOW5349");
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
        assert_eq!(a.prompt().unwrap().input(), "manpower");
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
    fn the_bookmarks_view_is_a_local_list_not_a_query() {
        let mut a = app();
        a.bookmarks = vec![Bookmark::new(
            "09MOSCOW501",
            7,
            Some("7".into()),
            "manpower",
        )];
        let effects = update(&mut a, key('B'));
        assert!(
            effects.is_empty(),
            "a local list asks the index for nothing"
        );
        let ListSource::Local(l) = &a.list.source else {
            panic!("{:?}", a.list.source)
        };
        assert_eq!(l.kind, LocalKind::Bookmarks);
        assert!(matches!(&l.rows[0].item, LocalItem::Bookmark(b) if b.paragraph == 7));
        assert_eq!(a.list.query(), None);
        // Ctrl-l reads no page for it, moving in it loads none either.
        let effects = update(&mut a, crate::tui::testing::ctrl('l'));
        assert_eq!(effects, vec![Effect::Redraw]);
        a.list.total = 1;
        assert!(!update(&mut a, key('G'))
            .iter()
            .any(|e| matches!(e, Effect::LoadPage { .. })));
    }
}
