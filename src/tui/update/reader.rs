//! The reader pane: the item cursor, scrolling, search hits, following
//! references, copying, and a cable arriving.

use crate::cable::parse::ids::normalize_id;
use crate::text::thousands;
use crate::tui::document::ItemKind;
use crate::tui::effect::{Effect, Intent};
use crate::tui::keymap::Action;
use crate::tui::state::{App, LoadedCable, Mode, Pane, PromptKind, RefStatus};

use super::{history, say};

/// Down, up, top, bottom, half pages and pages in the reader.
pub(super) fn move_by(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::HalfPageDown | Action::HalfPageUp | Action::PageDown | Action::PageUp => {
            page(app, action)
        }
        _ => move_cursor(app, action),
    }
    Vec::new()
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
pub(super) fn keep_cursor_visible(app: &mut App) {
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

fn page(app: &mut App, action: Action) {
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

pub(super) fn toggle_raw(app: &mut App) -> Vec<Effect> {
    app.reader.raw = !app.reader.raw;
    app.reader.scroll = 0;
    app.relayout();
    Vec::new()
}

pub(super) fn step_hit(app: &mut App, forward: bool) -> Vec<Effect> {
    let n = app.reader.doc.hit_lines.len();
    if n == 0 {
        say(app, "no search hit in this cable", false);
        return Vec::new();
    }
    let next = match (app.reader.hit, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    let was = app.reader.hit;
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
    // Past the last hit the search goes on from the first, and says so,
    // as vim does.
    let wrapped = match (was, forward) {
        (Some(i), true) if next <= i => Some("search hit BOTTOM, continuing at TOP"),
        (Some(i), false) if next >= i => Some("search hit TOP, continuing at BOTTOM"),
        _ => None,
    };
    let count = format!(
        "hit {} of {}",
        thousands(next as u64 + 1),
        thousands(n as u64)
    );
    match wrapped {
        Some(w) => say(app, &format!("{w} ({count})"), false),
        None => say(app, &count, false),
    }
    Vec::new()
}

/// `Enter` in the reader: follow the reference or the mention under the
/// cursor.
pub(super) fn follow_cursor(app: &mut App) -> Vec<Effect> {
    match app.reader.cursor_item() {
        Some(ItemKind::Reference(i)) => follow(app, i),
        Some(ItemKind::Mention { paragraph, mention }) => follow_mention(app, paragraph, mention),
        Some(ItemKind::Paragraph(_) | ItemKind::Heading) | None => {
            say(
                app,
                "the cursor is not on a reference (j/k step to one)",
                false,
            );
            Vec::new()
        }
    }
}

/// A mention in a paragraph (`(ref A)`, `see STATE 12345`) followed as its
/// REF entry would be; one that names no cable says why.
fn follow_mention(app: &mut App, paragraph: usize, mention: usize) -> Vec<Effect> {
    let Some(cable) = app.reader.cable() else {
        return Vec::new();
    };
    let text = mention_text(cable, paragraph, mention);
    match cable.mention_status(paragraph, mention).cloned() {
        Some(status @ (RefStatus::Present(_) | RefStatus::Missing(_))) => lead_to(app, status),
        _ => {
            say(
                app,
                // The parser leaves it unresolved: a label with no REF
                // entry or one that is no cable, or `reftel` among several.
                &format!("\"{text}\" names no cable the reader can tell"),
                false,
            );
            Vec::new()
        }
    }
}

/// The words of a mention as the paragraph writes them.
fn mention_text(cable: &LoadedCable, paragraph: usize, mention: usize) -> String {
    let Some(p) = cable.stored.cable.paragraphs.get(paragraph) else {
        return String::new();
    };
    let Some(m) = p.mentions.get(mention) else {
        return String::new();
    };
    let words: String = p
        .text
        .chars()
        .skip(m.start)
        .take(m.end.saturating_sub(m.start))
        .collect();
    crate::text::terminal_safe(&words).into_owned()
}

/// `f`: ask for the letter of a reference.
pub(super) fn ask_letter(app: &mut App) -> Vec<Effect> {
    let letters: String = app
        .reader
        .cable()
        .into_iter()
        .flat_map(|c| c.refs.iter().map(|r| r.letter))
        .collect();
    if letters.is_empty() {
        say(app, "this cable has no references", false);
    } else {
        app.mode = Mode::FollowLetter;
        say(app, &format!("follow which reference? ({letters})"), false);
    }
    Vec::new()
}

pub(super) fn follow_letter(app: &mut App, letter: char) -> Vec<Effect> {
    let index = app
        .reader
        .cable()
        .and_then(|c| c.refs.iter().position(|r| r.letter == letter));
    match index {
        Some(i) => follow(app, i),
        None => {
            say(app, &format!("this cable has no reference {letter}"), false);
            Vec::new()
        }
    }
}

pub(super) fn follow(app: &mut App, index: usize) -> Vec<Effect> {
    let Some(r) = app.reader.cable().and_then(|c| c.refs.get(index)) else {
        return Vec::new();
    };
    match r.status.clone() {
        RefStatus::NotACable => {
            let text = r.text.clone();
            say(
                app,
                &format!("REF {}: \"{text}\" is not a cable", r.letter),
                false,
            );
            Vec::new()
        }
        status => lead_to(app, status),
    }
}

/// Where a reference or a mention leads: the cable opens, or, when the
/// library does not have it, the cables that cite it are listed.
fn lead_to(app: &mut App, status: RefStatus) -> Vec<Effect> {
    match status {
        RefStatus::Present(id) => {
            history::save_place(app);
            vec![Effect::LoadCable {
                id,
                intent: Intent::Follow,
            }]
        }
        // Nothing to open, but the cables that cite it can be read: what
        // the library knows of a cable it does not have. The reader stays
        // on its cable, to follow the other references.
        RefStatus::Missing(id) => {
            let effects = super::list::citers(app, id.clone());
            say(
                app,
                &format!("{id} is not in the library: the cables that cite it"),
                false,
            );
            effects
        }
        RefStatus::NotACable => Vec::new(),
    }
}

/// `:`: a prompt for the ID of a cable to open.
pub(super) fn ask_id(app: &mut App) -> Vec<Effect> {
    super::prompt::open_editor(app, PromptKind::GoTo, String::new());
    Vec::new()
}

/// The ID typed at `:`: that cable opens (the library's one ID
/// canonicalisation, so `09berlin001296` is `09BERLIN1296`), or the status
/// line says why not — not an ID here, not in the library when it loads.
pub(super) fn go_to(app: &mut App, typed: &str) -> Vec<Effect> {
    match normalize_id(typed) {
        Some(id) => {
            history::save_place(app);
            app.focus = Pane::Reader;
            vec![Effect::LoadCable {
                id,
                intent: Intent::Follow,
            }]
        }
        None if typed.is_empty() => Vec::new(),
        None => {
            say(
                app,
                &format!("\"{typed}\" is not a cable ID (such as 09BERLIN1296)"),
                false,
            );
            Vec::new()
        }
    }
}

/// `y`: the paragraph's citation line (as the bookmarks' export writes
/// it), a blank line and its text with its portion mark, for the
/// clipboard. When the terminal may not pass the clipboard on, the status
/// line says so and where else to get it.
pub(super) fn copy_paragraph(app: &mut App) -> Vec<Effect> {
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
    let Some(p) = cable.stored.cable.paragraphs.get(pos) else {
        return Vec::new();
    };
    let short = crate::text::paragraph_citation(cable.id(), pos + 1, p.number.as_deref());
    let line = crate::text::citation_line(
        cable.id(),
        pos + 1,
        p.number.as_deref(),
        Some(&cable.stored.cable),
    );
    let text = format!("{line}\n\n{}", crate::text::portion_marked(p));
    let said = match &app.clipboard_caveat {
        None => format!("copied {short}"),
        // Short enough for 80 columns: the copy may be lost, why, and
        // where else the same text is (a bookmark, then the export).
        Some(why) => format!("copy may not arrive ({why}): m, cablegram bookmarks export"),
    };
    say(app, &said, false);
    vec![Effect::Copy(text)]
}

/// A cable arrived: into the reader at the place its intent says, and into
/// the history.
pub(super) fn on_cable(
    app: &mut App,
    id: String,
    intent: Intent,
    result: Result<Option<Box<LoadedCable>>, String>,
) -> Vec<Effect> {
    let Some(cable) = super::found(app, &id, result).map(|c| *c) else {
        return Vec::new();
    };
    if intent == Intent::Initial && !app.reader.cables.is_empty() {
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
    // The place in the cable left stays with its history entry (moving
    // along the history saved it before it moved).
    if !matches!(intent, Intent::History { .. }) {
        history::save_place(app);
    }
    app.reader.show_one(cable);
    if app.mode == Mode::FollowLetter {
        app.mode = Mode::Normal;
    }
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
    history::record(app, new_id, intent);
    // Cheap (one small file, written atomically), and it keeps a reading
    // day safe from a terminal closed without a quit.
    vec![Effect::SaveSession(Box::new(app.session()))]
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::library::ListQuery;
    use crate::tui::testing::{app, code, ctrl, key};
    use crate::tui::update::{update, Msg};

    #[test]
    fn enter_focuses_the_reader_and_j_steps_over_items() {
        let mut a = app();
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.focus, crate::tui::state::Pane::Reader);
        assert_eq!(a.reader.cursor, 0);
        update(&mut a, key('j'));
        assert_eq!(a.reader.cursor, 1);
        update(&mut a, key('G'));
        assert_eq!(a.reader.cursor, a.reader.doc.items.len() - 1);
        update(&mut a, key('g'));
        assert_eq!((a.reader.cursor, a.reader.scroll), (0, 0));
    }

    #[test]
    fn following_a_missing_reference_lists_the_cables_that_cite_it() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(
            matches!(&effects[..], [Effect::LoadPage { query: ListQuery::CitedBy(id), .. }] if id == "07MOSCOW977"),
            "{effects:?}"
        );
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07MOSCOW977 is not in the library: the cables that cite it"
        );
        // The reader keeps the cable it was on.
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
    }

    fn type_text(a: &mut App, text: &str) -> Vec<Effect> {
        let mut last = Vec::new();
        for c in text.chars() {
            last = update(a, key(c));
        }
        last
    }

    #[test]
    fn the_cursor_stops_on_a_mention_and_enter_follows_it() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        while !matches!(a.reader.cursor_item(), Some(ItemKind::Mention { .. })) {
            update(&mut a, key('j'));
        }
        // ¶1's "Ref B information": REF B, 07STATE26466, not released.
        assert_eq!(
            a.reader.cursor_item(),
            Some(ItemKind::Mention {
                paragraph: 0,
                mention: 0
            })
        );
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(
            matches!(&effects[..], [Effect::LoadPage { query: ListQuery::CitedBy(id), .. }] if id == "07STATE26466"),
            "{effects:?}"
        );
        // A mention that leads to a cable the library has opens it.
        if let Some(c) = a.reader.cables.first_mut() {
            c.mentions[0][0] = RefStatus::Present("07MOSCOW5349".into());
        }
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            effects,
            vec![Effect::LoadCable {
                id: "07MOSCOW5349".into(),
                intent: Intent::Follow
            }]
        );
    }

    #[test]
    fn a_mention_that_names_no_cable_says_so() {
        let mut a = app();
        if let Some(c) = a.reader.cables.first_mut() {
            c.mentions[0][1] = RefStatus::NotACable;
        }
        update(&mut a, code(KeyCode::Tab));
        while a.reader.cursor_item()
            != Some(ItemKind::Mention {
                paragraph: 0,
                mention: 1,
            })
        {
            update(&mut a, key('j'));
        }
        assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
        let said = &a.status.as_ref().unwrap().text;
        assert!(said.starts_with("\"Ref A\" names no cable"), "{said}");
    }

    #[test]
    fn colon_asks_for_an_id_and_opens_that_cable() {
        let mut a = app();
        update(&mut a, key(':'));
        assert!(matches!(&a.mode, Mode::Prompt(p) if p.kind == PromptKind::GoTo));
        // Typing an ID runs no search.
        assert!(type_text(&mut a, "09moscow000501").is_empty());
        let effects = update(&mut a, code(KeyCode::Enter));
        assert!(
            matches!(&effects[..], [Effect::LoadCable { id, intent: Intent::Follow }] if id == "09MOSCOW501"),
            "{effects:?}"
        );
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn colon_says_when_the_cable_is_not_there_or_not_an_id() {
        let mut a = app();
        update(&mut a, key(':'));
        type_text(&mut a, "09BERLIN1241");
        update(&mut a, code(KeyCode::Enter));
        update(
            &mut a,
            Msg::CableLoaded {
                id: "09BERLIN1241".into(),
                intent: Intent::Follow,
                result: Ok(None),
            },
        );
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "09BERLIN1241 is not in the library"
        );
        update(&mut a, key(':'));
        type_text(&mut a, "berlin");
        assert!(update(&mut a, code(KeyCode::Enter)).is_empty());
        assert!(a
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("is not a cable ID"));
    }

    #[test]
    fn f_then_a_letter_follows_that_reference() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('f'));
        assert_eq!(a.mode, Mode::FollowLetter);
        update(&mut a, key('b'));
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07STATE26466 is not in the library: the cables that cite it"
        );
        update(&mut a, key('f'));
        update(&mut a, key('x'));
        assert!(a.status.as_ref().unwrap().text.contains("no reference X"));
    }

    #[test]
    fn f_then_esc_lets_the_question_go() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('f'));
        assert!(update(&mut a, code(KeyCode::Esc)).is_empty());
        assert_eq!(a.mode, Mode::Normal);
        assert!(a.status.is_none());
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
    fn n_past_the_last_hit_says_it_continues_at_the_top_as_vim_does() {
        let mut a = app();
        a.terms = vec![vec!["petlyakov".into()]];
        a.relayout();
        update(&mut a, code(KeyCode::Tab));
        let n = a.reader.doc.hit_lines.len();
        assert!(n > 1);
        for _ in 0..n {
            update(&mut a, key('n'));
        }
        assert!(a.status.as_ref().unwrap().text.starts_with("hit "));
        update(&mut a, key('n'));
        assert_eq!(a.reader.hit, Some(0));
        let said = &a.status.as_ref().unwrap().text;
        assert!(
            said.starts_with("search hit BOTTOM, continuing at TOP"),
            "{said}"
        );
        update(&mut a, key('N'));
        let said = &a.status.as_ref().unwrap().text;
        assert!(
            said.starts_with("search hit TOP, continuing at BOTTOM"),
            "{said}"
        );
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
        assert!(
            text.starts_with(
                "07MOSCOW1026 ¶1 · SECRET · 2007-03-12 · Embassy Moscow · \
                 FOLLOW-UP DEMARCHE TO RUSSIA ON ARMS COOPERATION WITH SYRIA, SUDAN, AND IRAN\
                 \n\n(S) Sergey Petlyakov"
            ),
            "{text}"
        );
        assert_eq!(a.status.as_ref().unwrap().text, "copied 07MOSCOW1026 ¶1");
    }

    #[test]
    fn each_cable_opened_saves_the_session() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('j'));
        let effects = update(
            &mut a,
            Msg::CableLoaded {
                id: "09MOSCOW501".into(),
                intent: Intent::Follow,
                result: Ok(Some(Box::new(crate::tui::testing::loaded("09MOSCOW501")))),
            },
        );
        let [Effect::SaveSession(s)] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(s.reader.as_deref(), Some("09MOSCOW501"));
        let ids: Vec<&str> = s.history.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["07MOSCOW1026", "09MOSCOW501"]);
        assert_eq!(s.history[0].cursor, 1, "the place left is kept");
    }

    #[test]
    fn y_says_when_the_terminal_may_not_pass_the_clipboard_and_where_else_to_get_it() {
        let mut a = app();
        a.clipboard_caveat = Some("tmux set-clipboard off".into());
        update(&mut a, code(KeyCode::Tab));
        update(&mut a, key('j'));
        update(&mut a, key('j'));
        let effects = update(&mut a, key('y'));
        assert!(matches!(&effects[0], Effect::Copy(_)));
        let said = &a.status.as_ref().unwrap().text;
        assert!(!said.starts_with("copied"), "{said}");
        assert!(said.contains("tmux set-clipboard off"), "{said}");
        assert!(said.contains("cablegram bookmarks export"), "{said}");
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
