//! The help overlay: open, scroll, close.

use crate::tui::effect::Effect;
use crate::tui::keymap::Action;
use crate::tui::state::{App, Mode};

use super::panes;

pub(super) fn open(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::Help { scroll: 0 };
    Vec::new()
}

/// An action of the help's scope.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let Mode::Help { scroll } = &mut app.mode else {
        return Vec::new();
    };
    match action {
        Action::Cancel => app.mode = Mode::Normal,
        Action::Quit => return panes::quit(app),
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += 10,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::Top => *scroll = 0,
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::tui::state::Mode;
    use crate::tui::testing::{app, code, key};
    use crate::tui::update::update;

    #[test]
    fn question_mark_opens_help_and_esc_closes_it() {
        let mut a = app();
        update(&mut a, key('?'));
        assert!(a.help_open());
        update(&mut a, key('j'));
        assert_eq!(a.list.selected, 0, "keys go to the help while it is open");
        assert_eq!(a.mode, Mode::Help { scroll: 1 }, "j scrolls the help");
        update(&mut a, code(KeyCode::Esc));
        assert!(!a.help_open());
    }

    #[test]
    fn the_help_takes_no_key_of_the_panes() {
        let mut a = app();
        update(&mut a, key('?'));
        update(&mut a, key('/'));
        update(&mut a, key('s'));
        assert!(a.help_open());
        assert!(a.prompt().is_none());
        update(&mut a, key('q'));
        assert!(!a.help_open(), "q closes the help");
        assert!(!a.should_quit, "and does not quit");
    }
}
