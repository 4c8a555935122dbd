//! Keys and the mouse: every key goes through the keymap, in the scope of
//! the layer that takes it (the focused pane, the help, a prompt).

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::tui::document::{ItemKind, SegKind};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Action, Key};
use crate::tui::state::{App, Mode, Pane};

use super::{act, help, list, overview, panes, prompt, reader, triage};

pub(super) fn on_key(app: &mut App, event: KeyEvent) -> Vec<Effect> {
    let key = Key::from_event(&event);
    let scope = app.mode.scope().unwrap_or_else(|| app.pane_scope());
    let action = app.keymap.action(scope, key);
    match &app.mode {
        Mode::Normal => {
            app.status = None;
            action.map_or_else(Vec::new, |a| act(app, a))
        }
        Mode::Help { .. } => {
            app.status = None;
            action.map_or_else(Vec::new, |a| help::act(app, a))
        }
        Mode::Overview => {
            app.status = None;
            action.map_or_else(Vec::new, |a| overview::act(app, a))
        }
        Mode::Prompt(_) => match (action, key.typed()) {
            (Some(a), _) => prompt::act(app, a),
            (None, Some(c)) => prompt::type_char(app, c),
            (None, None) => Vec::new(),
        },
        Mode::FollowLetter => {
            app.status = None;
            app.mode = Mode::Normal;
            if action == Some(Action::Quit) {
                return panes::quit(app);
            }
            match key.typed() {
                Some(c) if action.is_none() && c.is_ascii_alphabetic() => {
                    reader::follow_letter(app, c.to_ascii_uppercase())
                }
                // Anything else lets the question go.
                _ => Vec::new(),
            }
        }
        Mode::Selection => triage::act_selection(app, action),
    }
}

fn contains(r: &Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// Click selects, focuses and follows; the wheel scrolls the pane under
/// the pointer. The layers over the panes take no clicks.
pub(super) fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    if matches!(
        app.mode,
        Mode::Help { .. } | Mode::Prompt(_) | Mode::Selection
    ) {
        return Vec::new();
    }
    let areas = crate::tui::view::areas(app);
    let under = |r: Option<Rect>| r.filter(|r| contains(r, m.column, m.row));
    let wheel = match m.kind {
        MouseEventKind::ScrollDown => Some(true),
        MouseEventKind::ScrollUp => Some(false),
        _ => None,
    };
    if let Some(down) = wheel {
        if under(areas.list).is_some() {
            let last = app.list.total.saturating_sub(1);
            app.list.selected = if down {
                (app.list.selected + 3).min(last)
            } else {
                app.list.selected.saturating_sub(3)
            };
            list::keep_selection_visible(app);
            return list::selection_changed(app);
        }
        if under(areas.reader).is_some() {
            let max = app
                .reader
                .doc
                .lines
                .len()
                .saturating_sub(app.reader_height().max(1));
            app.reader.scroll = if down {
                (app.reader.scroll + 3).min(max)
            } else {
                app.reader.scroll.saturating_sub(3)
            };
        }
        return Vec::new();
    }
    if m.kind != MouseEventKind::Down(MouseButton::Left) {
        return Vec::new();
    }
    app.status = None;
    if let Some(r) = under(areas.list) {
        app.focus = Pane::List;
        let row = usize::from(m.row - r.y);
        if row >= 1 && row + 1 < usize::from(r.height) {
            let index = app.list.top + row - 1;
            if index < app.list.total {
                app.list.selected = index;
                return list::selection_changed(app);
            }
        }
    } else if let Some(r) = under(areas.reader) {
        app.focus = Pane::Reader;
        let row = usize::from(m.row - r.y);
        if row >= 1 && row + 1 < usize::from(r.height) {
            let line = app.reader.scroll + row - 1;
            let hit = app
                .reader
                .doc
                .items
                .iter()
                .position(|it| it.first_line <= line && line <= it.last_line);
            // A mention clicked is followed, as a reference is.
            let column = m.column.saturating_sub(r.x + 1 + crate::tui::view::GUTTER);
            let kind = (app.reader.doc.lines.get(line)).and_then(|l| l.kind_at(column.into()));
            if let Some(SegKind::Mention(item)) = kind {
                app.reader.cursor = item;
                return reader::follow_cursor(app);
            }
            if let Some(i) = hit {
                app.reader.cursor = i;
                if let Some(ItemKind::Reference(r)) = app.reader.cursor_item() {
                    return reader::follow(app, r);
                }
            }
        }
    } else if under(areas.sidebar).is_some() {
        app.focus = Pane::Sidebar;
    }
    Vec::new()
}

/// The scope a key would be looked up in now, for the tests.
#[cfg(test)]
pub(super) fn scope_now(app: &App) -> crate::tui::keymap::Scope {
    app.mode.scope().unwrap_or_else(|| app.pane_scope())
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::tui::keymap::Scope;
    use crate::tui::testing::{app, code, ctrl, key};
    use crate::tui::update::update;

    #[test]
    fn a_prompt_swallows_q_and_s() {
        let mut a = app();
        update(&mut a, key('/'));
        assert_eq!(scope_now(&a), Scope::Prompt);
        let sidebar = a.sidebar_shown();
        update(&mut a, key('q'));
        update(&mut a, key('s'));
        assert!(!a.should_quit, "q is typed, it does not quit");
        assert_eq!(
            a.sidebar_shown(),
            sidebar,
            "s is typed, it does not fold the sidebar"
        );
        assert_eq!(a.prompt().unwrap().input(), "qs");
        // The prompt's own keys still work: Esc leaves it.
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt().is_none());
    }

    #[test]
    fn the_prompt_keys_come_from_the_keymap() {
        let mut a = app();
        // Rebinding the prompt's cancel to F2: Esc no longer leaves it.
        a.keymap
            .bindings
            .retain(|b| !(b.scope == Scope::Prompt && b.action == Action::Cancel));
        a.keymap.bindings.push(crate::tui::keymap::Binding {
            scope: Scope::Prompt,
            key: Key::code(KeyCode::F(2)),
            action: Action::Cancel,
        });
        update(&mut a, key('/'));
        update(&mut a, code(KeyCode::Esc));
        assert!(a.prompt().is_some());
        update(&mut a, code(KeyCode::F(2)));
        assert!(a.prompt().is_none());
    }

    #[test]
    fn alt_keys_type_nothing_in_the_prompt() {
        let mut a = app();
        update(&mut a, key('/'));
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::ALT)),
        );
        assert_eq!(a.prompt().unwrap().input(), "");
    }

    #[test]
    fn ctrl_c_quits_even_from_the_prompt() {
        let mut a = app();
        update(&mut a, key('/'));
        assert_eq!(update(&mut a, ctrl('c')), vec![Effect::Quit]);
    }

    use crate::tui::update::Msg;

    fn click(column: u16, row: u16) -> Msg {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn a_click_in_the_list_selects_and_focuses() {
        let mut a = app();
        a.focus = Pane::Reader;
        let effects = update(&mut a, click(3, 3));
        assert_eq!(a.focus, Pane::List);
        assert_eq!(a.list.selected, 2);
        assert!(matches!(&effects[0], Effect::LoadCable { id, .. } if id == "05MOSCOW11807"));
    }

    #[test]
    fn a_click_on_a_reference_follows_it() {
        let mut a = app();
        let reader = crate::tui::view::areas(&a).reader.unwrap();
        let line = a.reader.doc.items[1].first_line; // REF B
        update(&mut a, click(reader.x + 5, reader.y + 1 + line as u16));
        assert_eq!(a.focus, Pane::Reader);
        assert_eq!(a.reader.cursor, 1);
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07STATE26466 is not in the library: the cables that cite it"
        );
    }

    #[test]
    fn a_click_on_a_mention_follows_it() {
        let mut a = app();
        let reader = crate::tui::view::areas(&a).reader.unwrap();
        let (line, column) = (a.reader.doc.lines.iter().enumerate())
            .find_map(|(i, l)| {
                let mut col = 0;
                for s in &l.segs {
                    if matches!(s.kind, SegKind::Mention(_)) {
                        return Some((i, col));
                    }
                    col += unicode_width::UnicodeWidthStr::width(s.text.as_str());
                }
                None
            })
            .expect("07MOSCOW1026 mentions its references");
        let x = reader.x + 1 + crate::tui::view::GUTTER + column as u16;
        update(&mut a, click(x, reader.y + 1 + line as u16));
        assert!(matches!(
            a.reader.cursor_item(),
            Some(ItemKind::Mention { paragraph: 0, .. })
        ));
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "07STATE26466 is not in the library: the cables that cite it"
        );
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer() {
        let mut a = app();
        update(&mut a, Msg::Resize(120, 12));
        let reader = crate::tui::view::areas(&a).reader.unwrap();
        let wheel = |kind, column, row| {
            Msg::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(
            &mut a,
            wheel(MouseEventKind::ScrollDown, reader.x + 2, reader.y + 2),
        );
        assert_eq!(a.reader.scroll, 3);
        update(
            &mut a,
            wheel(MouseEventKind::ScrollUp, reader.x + 2, reader.y + 2),
        );
        assert_eq!(a.reader.scroll, 0);
        update(&mut a, wheel(MouseEventKind::ScrollDown, 2, 2));
        assert_eq!(a.list.selected, 3);
    }
}
