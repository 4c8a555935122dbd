//! Which panes show and which has the focus; the terminal's own actions.

use crate::tui::effect::Effect;
use crate::tui::state::{App, Pane};

use super::list;
use super::reader;

pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}

pub(super) fn resize(app: &mut App, w: u16, h: u16) -> Vec<Effect> {
    app.size = (w, h);
    app.relayout();
    list::keep_selection_visible(app);
    reader::keep_cursor_visible(app);
    Vec::new()
}

pub(super) fn cycle_focus(app: &mut App, forward: bool) -> Vec<Effect> {
    let mut panes = vec![Pane::List, Pane::Reader];
    if app.sidebar_shown() {
        panes.push(Pane::Sidebar);
    }
    if app.zoom {
        panes = vec![Pane::Reader];
    }
    let at = panes.iter().position(|p| *p == app.focus).unwrap_or(0);
    let n = panes.len();
    let next = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    app.focus = panes[next];
    Vec::new()
}

pub(super) fn toggle_sidebar(app: &mut App) -> Vec<Effect> {
    app.sidebar = Some(!app.sidebar_shown());
    app.zoom = false;
    app.relayout();
    Vec::new()
}

pub(super) fn zoom(app: &mut App) -> Vec<Effect> {
    app.zoom = !app.zoom;
    if app.zoom {
        app.focus = Pane::Reader;
    }
    app.relayout();
    Vec::new()
}

/// `Ctrl-l`: redraw, and read the list again, which also shows what an
/// import running elsewhere committed.
pub(super) fn redraw(app: &mut App) -> Vec<Effect> {
    let mut effects = vec![Effect::Redraw];
    if app.list.query().is_some() {
        effects.push(list::load_list(app, app.list.selected));
    }
    effects
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::tui::effect::Effect;
    use crate::tui::state::Pane;
    use crate::tui::testing::{app, code, ctrl, key};
    use crate::tui::update::{update, Msg};

    #[test]
    fn tab_cycles_the_visible_panes() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::Sidebar);
        update(&mut a, code(KeyCode::BackTab));
        assert_eq!(a.focus, Pane::Reader);
        update(&mut a, key('s'));
        update(&mut a, code(KeyCode::Tab));
        assert_eq!(a.focus, Pane::List);
    }

    #[test]
    fn s_z_ctrl_l_ctrl_z_and_q() {
        let mut a = app();
        update(&mut a, key('s'));
        assert!(!a.sidebar_shown());
        update(&mut a, key('z'));
        assert!(a.zoom);
        assert_eq!(a.focus, Pane::Reader);
        let effects = update(&mut a, ctrl('l'));
        assert_eq!(effects[0], Effect::Redraw);
        assert!(
            matches!(effects[1], Effect::LoadPage { .. }),
            "the list is read again"
        );
        assert_eq!(update(&mut a, ctrl('z')), vec![Effect::Suspend]);
        assert_eq!(update(&mut a, key('q')), vec![Effect::Quit]);
        assert!(a.should_quit);
    }

    #[test]
    fn resize_relays_out_the_reader() {
        let mut a = app();
        update(&mut a, Msg::Resize(60, 20));
        assert_eq!(a.size, (60, 20));
        assert_eq!(a.reader.doc_width, a.reader_text_width());
    }
}
