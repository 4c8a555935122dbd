//! Keys → actions, per scope, as data: the default table follows less, vim,
//! neomutt and w3m; the help overlay is drawn from the live table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. A key is looked up in the focused pane's scope
/// first, then in `Anywhere`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Anywhere,
    List,
    Reader,
    Sidebar,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::List => "list",
            Scope::Reader => "reader",
            Scope::Sidebar => "sidebar",
        }
    }
}

/// Everything a key can do. The names are those of the configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    Search,
    Down,
    Up,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Open,
    NextCable,
    PrevCable,
    ToggleRaw,
    ToggleOrder,
    Follow,
    FollowLetter,
    Back,
    Forward,
    CitedBy,
    NextHit,
    PrevHit,
    ToggleSidebar,
    Zoom,
    Redraw,
    Suspend,
    Copy,
    Bookmark,
    Unbookmark,
    Bookmarks,
    DeleteBookmark,
    EditNote,
}

impl Action {
    /// The name used in `config.toml` and the help overlay.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::Search => "search",
            Action::Down => "down",
            Action::Up => "up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Open => "open",
            Action::NextCable => "next_cable",
            Action::PrevCable => "prev_cable",
            Action::ToggleRaw => "toggle_raw",
            Action::ToggleOrder => "toggle_order",
            Action::Follow => "follow",
            Action::FollowLetter => "follow_letter",
            Action::Back => "back",
            Action::Forward => "forward",
            Action::CitedBy => "cited_by",
            Action::NextHit => "next_hit",
            Action::PrevHit => "prev_hit",
            Action::ToggleSidebar => "toggle_sidebar",
            Action::Zoom => "zoom",
            Action::Redraw => "redraw",
            Action::Suspend => "suspend",
            Action::Copy => "copy",
            Action::Bookmark => "bookmark",
            Action::Unbookmark => "unbookmark",
            Action::Bookmarks => "bookmarks",
            Action::DeleteBookmark => "delete_bookmark",
            Action::EditNote => "edit_note",
        }
    }

    /// What it does, for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "this help",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrev => "focus the previous pane",
            Action::Search => "search (results follow as you type)",
            Action::Down => "next cable / next item",
            Action::Up => "previous cable / previous item",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "a page down",
            Action::PageUp => "a page up",
            Action::Open => "read the selected cable",
            Action::NextCable => "next cable of the list",
            Action::PrevCable => "previous cable of the list",
            Action::ToggleRaw => "raw text / reader view",
            Action::ToggleOrder => "order by date / relevance",
            Action::Follow => "follow the reference under the cursor",
            Action::FollowLetter => "follow reference A, B, C… (then the letter)",
            Action::Back => "back along the history",
            Action::Forward => "forward along the history",
            Action::CitedBy => "list the cables that cite this one",
            Action::NextHit => "next search hit",
            Action::PrevHit => "previous search hit",
            Action::ToggleSidebar => "show / hide the sidebar",
            Action::Zoom => "zoom the reader",
            Action::Redraw => "redraw the screen",
            Action::Suspend => "suspend to the shell (fg comes back)",
            Action::Copy => "copy ID ¶N and the paragraph (OSC 52)",
            Action::Bookmark => "bookmark the paragraph, with a note",
            Action::Unbookmark => "remove the paragraph's bookmark",
            Action::Bookmarks => "the bookmarks view",
            Action::DeleteBookmark => "delete the bookmark (bookmarks view)",
            Action::EditNote => "edit the bookmark's note (bookmarks view)",
        }
    }
}

/// A key as written in the table and the configuration: `q`, `G`,
/// `ctrl-d`, `enter`, `backspace`, `tab`, `shift-tab`, `up`, `pgdn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    /// The key of a terminal event (shift is part of the character).
    pub fn from_event(e: &KeyEvent) -> Key {
        let code = match e.code {
            KeyCode::Char(c) if e.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the key is written in the help and the configuration.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "shift-tab".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::Esc => "esc".into(),
            other => format!("{other:?}").to_lowercase(),
        };
        if self.ctrl {
            format!("ctrl-{base}")
        } else {
            base
        }
    }
}

/// One binding of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub key: Key,
    pub action: Action,
}

/// The live keymap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        use Scope::*;
        let table: &[(Scope, Key, Action)] = &[
            (Anywhere, Key::char('q'), Quit),
            (Anywhere, Key::ctrl('c'), Quit),
            (Anywhere, Key::char('?'), Help),
            (Anywhere, Key::code(K::Tab), FocusNext),
            (Anywhere, Key::code(K::BackTab), FocusPrev),
            (Anywhere, Key::char('/'), Search),
            (Anywhere, Key::code(K::Backspace), Back),
            (Anywhere, Key::ctrl('o'), Back),
            (Anywhere, Key::char('H'), Back),
            (Anywhere, Key::char('L'), Forward),
            (Anywhere, Key::char('s'), ToggleSidebar),
            (Anywhere, Key::char('z'), Zoom),
            (Anywhere, Key::ctrl('l'), Redraw),
            (Anywhere, Key::ctrl('z'), Suspend),
            (Anywhere, Key::char('B'), Bookmarks),
            (List, Key::char('j'), Down),
            (List, Key::code(K::Down), Down),
            (List, Key::char('k'), Up),
            (List, Key::code(K::Up), Up),
            (List, Key::char('g'), Top),
            (List, Key::code(K::Home), Top),
            (List, Key::char('G'), Bottom),
            (List, Key::code(K::End), Bottom),
            (List, Key::ctrl('d'), HalfPageDown),
            (List, Key::ctrl('u'), HalfPageUp),
            (List, Key::code(K::PageDown), PageDown),
            (List, Key::code(K::PageUp), PageUp),
            (List, Key::code(K::Enter), Open),
            (List, Key::char('l'), Open),
            (List, Key::char('o'), ToggleOrder),
            (List, Key::char('d'), DeleteBookmark),
            (List, Key::char('e'), EditNote),
            (Reader, Key::char('j'), Down),
            (Reader, Key::code(K::Down), Down),
            (Reader, Key::char('k'), Up),
            (Reader, Key::code(K::Up), Up),
            (Reader, Key::char('g'), Top),
            (Reader, Key::code(K::Home), Top),
            (Reader, Key::char('G'), Bottom),
            (Reader, Key::code(K::End), Bottom),
            (Reader, Key::ctrl('d'), HalfPageDown),
            (Reader, Key::ctrl('u'), HalfPageUp),
            (Reader, Key::code(K::PageDown), PageDown),
            (Reader, Key::code(K::PageUp), PageUp),
            (Reader, Key::char(' '), PageDown),
            (Reader, Key::char('J'), NextCable),
            (Reader, Key::char('K'), PrevCable),
            (Reader, Key::char('v'), ToggleRaw),
            (Reader, Key::code(K::Enter), Follow),
            (Reader, Key::char('f'), FollowLetter),
            (Reader, Key::char('c'), CitedBy),
            (Reader, Key::char('n'), NextHit),
            (Reader, Key::char('N'), PrevHit),
            (Reader, Key::char('y'), Copy),
            (Reader, Key::char('m'), Bookmark),
            (Reader, Key::char('M'), Unbookmark),
            (Sidebar, Key::char('c'), CitedBy),
        ];
        Keymap {
            bindings: table
                .iter()
                .map(|&(scope, key, action)| Binding { scope, key, action })
                .collect(),
        }
    }
}

impl Keymap {
    /// The action of a key in a scope: the scope's own binding first, then
    /// one that applies anywhere.
    pub fn action(&self, scope: Scope, key: Key) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.key == key)
                .map(|b| b.action)
        };
        find(scope).or_else(|| find(Scope::Anywhere))
    }

    /// The keys bound to an action in a scope, for hints in the status line.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.key)
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Reading names and keys back: the configuration file (`tui::config`) writes
// actions, scopes and keys as `name()` and `label()` do, and these turn them
// back into values.

impl Scope {
    /// Every scope, in the order of the help overlay and the configuration.
    pub const ALL: &'static [Scope] =
        &[Scope::Anywhere, Scope::List, Scope::Reader, Scope::Sidebar];

    /// The scope called `name` (as `name()` writes it).
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.name() == name)
    }
}

impl Action {
    /// Every action, for the configuration and its default file. A new
    /// action belongs here too: `tui::config`'s test
    /// `every_default_action_is_listed` catches one that has a default key
    /// and is missing.
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Search,
        Action::Down,
        Action::Up,
        Action::Top,
        Action::Bottom,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::PageDown,
        Action::PageUp,
        Action::Open,
        Action::NextCable,
        Action::PrevCable,
        Action::ToggleRaw,
        Action::ToggleOrder,
        Action::Follow,
        Action::FollowLetter,
        Action::Back,
        Action::Forward,
        Action::CitedBy,
        Action::NextHit,
        Action::PrevHit,
        Action::ToggleSidebar,
        Action::Zoom,
        Action::Redraw,
        Action::Suspend,
        Action::Copy,
        Action::Bookmark,
        Action::Unbookmark,
        Action::Bookmarks,
        Action::DeleteBookmark,
        Action::EditNote,
    ];

    /// The action called `name` (as `name()` writes it).
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

impl Key {
    /// Reads a key as `label()` writes it: a single character (`q`, `G`,
    /// `?`), `space`, a named key (`enter`, `backspace`, `tab`, `shift-tab`,
    /// `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `esc`,
    /// `delete`, `insert`, `f1`…`f12`), or `ctrl-` before either. Named keys
    /// and `ctrl-` ignore case (`Enter`, `Ctrl-D`); a control character is
    /// lower case, as terminals report it; a single character keeps its
    /// case. `None` for anything else.
    pub fn parse(text: &str) -> Option<Key> {
        if let Some(c) = single_char(text) {
            return (!c.is_control()).then_some(Key::char(c));
        }
        let lower = text.to_lowercase();
        if let Some(rest) = lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("ctrl+"))
        {
            let key = Key::parse(rest)?;
            if key.ctrl {
                return None;
            }
            let code = match key.code {
                KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
                other => other,
            };
            return Some(Key { code, ctrl: true });
        }
        if let Some(rest) = lower.strip_prefix("shift-") {
            return match (rest, single_char(rest)) {
                ("tab", _) => Some(Key::code(KeyCode::BackTab)),
                (_, Some(c)) if c.is_ascii_lowercase() => Some(Key::char(c.to_ascii_uppercase())),
                _ => None,
            };
        }
        let code = match lower.as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "backspace" => KeyCode::Backspace,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "esc" | "escape" => KeyCode::Esc,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            f => {
                let n: u8 = f.strip_prefix('f')?.parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
        };
        Some(Key::code(code))
    }
}

/// The character of a one-character string.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let km = Keymap::default();
        assert_eq!(km.action(Scope::Reader, Key::char('j')), Some(Action::Down));
        assert_eq!(km.action(Scope::Reader, Key::char('q')), Some(Action::Quit));
        assert_eq!(km.action(Scope::List, Key::char('v')), None);
        assert_eq!(
            km.action(Scope::Sidebar, Key::char('c')),
            Some(Action::CitedBy)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        let km = Keymap::default();
        for (i, a) in km.bindings.iter().enumerate() {
            for b in &km.bindings[i + 1..] {
                assert!(!(a.scope == b.scope && a.key == b.key), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn control_keys_are_read_from_events() {
        let e = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&e), Key::ctrl('d'));
        assert_eq!(Key::ctrl('d').label(), "ctrl-d");
        let e = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&e), Key::char('G'));
    }
}
