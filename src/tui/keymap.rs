//! Keys → actions, per scope, as data: the default table follows less, vim,
//! neomutt and w3m; the help overlay is drawn from the live table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. The panes' scopes (`list`, `reader`,
/// `sidebar`) fall back on `anywhere`; the layers over them (`help`,
/// `prompt`) answer only to their own bindings, so that nothing of the
/// panes fires while they are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Anywhere,
    List,
    Reader,
    Sidebar,
    /// The list pane while it shows a thread (`T`): a tree to move in,
    /// open and read as one.
    Thread,
    /// While the help overlay is open.
    Help,
    /// While a prompt or an editor is open (search, note); printable keys
    /// that this scope does not bind are typed.
    Prompt,
    /// After `;`: the next key acts on the selection (or, with nothing
    /// selected, on the highlighted cable), as neomutt's tag prefix.
    Selection,
    /// While the overview is open (timeline and counts of the list); the
    /// bindings of `anywhere` apply too.
    Overview,
}

impl Scope {
    /// Every scope, in the order of the help overlay and the configuration.
    pub const ALL: &'static [Scope] = &[
        Scope::Anywhere,
        Scope::List,
        Scope::Reader,
        Scope::Sidebar,
        Scope::Thread,
        Scope::Help,
        Scope::Prompt,
        Scope::Selection,
        Scope::Overview,
    ];

    /// The name of the scope's `[keys.…]` table and of its help section.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Anywhere => "anywhere",
            Scope::List => "list",
            Scope::Reader => "reader",
            Scope::Sidebar => "sidebar",
            Scope::Thread => "thread",
            Scope::Help => "help",
            Scope::Prompt => "prompt",
            Scope::Selection => "selection",
            Scope::Overview => "overview",
        }
    }

    /// Whether the bindings of `anywhere` apply here too (in the panes, not
    /// in the layers over them).
    pub fn takes_anywhere(self) -> bool {
        matches!(
            self,
            Scope::Anywhere
                | Scope::List
                | Scope::Reader
                | Scope::Sidebar
                | Scope::Thread
                | Scope::Overview
        )
    }

    /// The scope called `name` (as `name()` writes it).
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.name() == name)
    }
}

/// Defines the action enum from one table: a line per action gives its
/// variant, its name in `config.toml` and its description in the help, and
/// the enum, `name()`, `description()` and `ALL` all come from it.
macro_rules! actions {
    ($(#[$meta:meta])* $vis:vis enum $enum:ident {
        $($(#[$attr:meta])* $variant:ident => $name:literal, $description:literal;)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $enum {
            $($(#[$attr])* $variant,)*
        }

        impl $enum {
            /// Every action, in the table's order.
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The name used in `config.toml` and the help overlay.
            pub fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

            /// What it does, for the help overlay and the default file.
            pub fn description(self) -> &'static str {
                match self {
                    $($enum::$variant => $description,)*
                }
            }

            /// The action called `name` (as `name()` writes it).
            pub fn from_name(name: &str) -> Option<$enum> {
                $enum::ALL.iter().copied().find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    /// Everything a key can do. A new action is one line here (and its
    /// behaviour in `update`); its default keys go in `Keymap::default`.
    pub enum Action {
        Quit => "quit", "quit";
        Help => "help", "this help";
        FocusNext => "focus_next", "focus the next pane";
        FocusPrev => "focus_prev", "focus the previous pane";
        Search => "search", "search: what is typed starts a new query, ↑ brings back the one kept; results follow as you type";
        Down => "down", "next cable / next item";
        Up => "up", "previous cable / previous item";
        Top => "top", "top";
        Bottom => "bottom", "bottom";
        HalfPageDown => "half_page_down", "half a page down";
        HalfPageUp => "half_page_up", "half a page up";
        PageDown => "page_down", "a page down";
        PageUp => "page_up", "a page up";
        Open => "open", "read the selected cable";
        NextCable => "next_cable", "next cable of the list";
        PrevCable => "prev_cable", "previous cable of the list";
        ToggleRaw => "toggle_raw", "raw text / reader view";
        ToggleOrder => "toggle_order", "order by date / relevance";
        Follow => "follow", "follow the reference under the cursor";
        FollowLetter => "follow_letter", "follow reference A, B, C… (then the letter)";
        Back => "back", "back along the history";
        Forward => "forward", "forward along the history";
        CitedBy => "cited_by", "list the cables that cite this one";
        NextHit => "next_hit", "next search hit";
        PrevHit => "prev_hit", "previous search hit";
        ToggleSidebar => "toggle_sidebar", "show / hide the sidebar";
        Zoom => "zoom", "zoom the reader";
        Redraw => "redraw", "redraw the screen";
        Suspend => "suspend", "suspend to the shell (fg comes back)";
        Copy => "copy", "copy the citation line and the paragraph with its mark (OSC 52)";
        Bookmark => "bookmark", "bookmark the paragraph, with a note";
        Unbookmark => "unbookmark", "remove the paragraph's bookmark";
        Bookmarks => "bookmarks", "the bookmarks view";
        GoToId => "go_to_id", "open a cable by its ID";
        DeleteItem => "delete_item", "delete the item under the cursor";
        EditItem => "edit_item", "edit the item under the cursor (a note)";
        Cancel => "cancel", "close the help / leave the prompt";
        Accept => "accept", "keep the search / save the note";
        HistoryPrev => "history_prev", "an earlier query";
        HistoryNext => "history_next", "a later query";
        CursorLeft => "cursor_left", "cursor left";
        CursorRight => "cursor_right", "cursor right";
        LineStart => "line_start", "start of the line";
        LineEnd => "line_end", "end of the line";
        DeleteBack => "delete_back", "delete the character before the cursor";
        DeleteForward => "delete_forward", "delete the character under the cursor";
        ClearLine => "clear_line", "clear the line";
        WordBack => "word_back", "cursor a word back";
        WordForward => "word_forward", "cursor a word forward";
        DeleteWordBack => "delete_word_back", "delete the word before the cursor";
        DeleteWordForward => "delete_word_forward", "delete the word after the cursor";
        DeleteToStart => "delete_to_start", "delete to the start of the line";
        DeleteToEnd => "delete_to_end", "delete to the end of the line";
        Yank => "yank", "put back the text deleted last";
        ViewBack => "view_back", "back to the view before (citing X, the bookmarks, a thread)";
        Thread => "thread", "the thread of the cable: its reference chain as a tree";
        ReadThread => "read_thread", "read the thread as one document, oldest first";
        SamePostPrev => "same_post_prev", "the previous cable from the same post";
        SamePostNext => "same_post_next", "the next cable from the same post";
        Similar => "similar", "the cables closest in content";
        ToggleRead => "toggle_read", "mark the cable read / unread";
        SaveSearch => "save_search", "save the current search under a name";
        SavedSearches => "saved_searches", "the saved searches, with their counts";
        ToggleSelect => "toggle_select", "add the cable to the selection / take it out";
        SelectAll => "select_all", "select every cable of the list (asks above 1,000)";
        SelectionPrefix => "selection_prefix", "act on the selection, or the highlighted cable (then a key of `selection`)";
        ExportSelection => "export_selection", "export as Markdown citations (export_dir, else the current directory)";
        ReadSelection => "read_selection", "mark read";
        UnreadSelection => "unread_selection", "mark unread";
        BookmarkSelection => "bookmark_selection", "bookmark the first paragraph of each";
        ReadSelectionAsOne => "read_selection_as_one", "read them as one document, in the order selected";
        FilterLabel => "filter_label", "the bookmarks with a #label of their notes (empty: all)";
        Overview => "overview", "the overview of the list: its timeline and counts";
        PrevBar => "prev_bar", "the timeline's bar before";
        NextBar => "next_bar", "the timeline's next bar";
        MarkRange => "mark_range", "start a range of bars at this one (Enter narrows to it)";
        Narrow => "narrow", "narrow the list to the value or bars under the cursor";
        Exclude => "exclude", "leave the value or bars under the cursor out of the list";
    }
}

/// What an action does in one scope, where that says more than its one
/// description (the list's `j` is the next cable, the reader's the next
/// item): the help overlay reads these.
const SCOPED_DESCRIPTIONS: &[(Scope, Action, &str)] = &[
    (Scope::List, Action::Down, "next cable (the reader follows)"),
    (
        Scope::List,
        Action::Up,
        "previous cable (the reader follows)",
    ),
    (Scope::List, Action::Top, "first cable"),
    (Scope::List, Action::Bottom, "last cable"),
    (
        Scope::Reader,
        Action::Down,
        "next item (reference, paragraph or mention in it)",
    ),
    (
        Scope::Reader,
        Action::Up,
        "previous item (reference, paragraph or mention in it)",
    ),
    (Scope::Reader, Action::Top, "first item"),
    (Scope::Reader, Action::Bottom, "last item"),
    (Scope::Thread, Action::Down, "next cable of the thread"),
    (Scope::Thread, Action::Up, "previous cable of the thread"),
    (Scope::Thread, Action::Top, "the root of the thread"),
    (
        Scope::Thread,
        Action::Bottom,
        "the last cable of the thread",
    ),
    (
        Scope::Thread,
        Action::Open,
        "read the selected cable of the thread",
    ),
    (
        Scope::Reader,
        Action::NextCable,
        "next cable of the list, or of the document read as one",
    ),
    (
        Scope::Reader,
        Action::PrevCable,
        "previous cable of the list, or of the document read as one",
    ),
    (
        Scope::Reader,
        Action::Follow,
        "follow the reference or mention under the cursor",
    ),
    (Scope::Help, Action::Down, "scroll down"),
    (Scope::Help, Action::Up, "scroll up"),
    (Scope::Help, Action::PageDown, "scroll a page down"),
    (Scope::Help, Action::PageUp, "scroll a page up"),
    (Scope::Help, Action::Top, "back to the top"),
    (Scope::Help, Action::Cancel, "close the help"),
    (
        Scope::Prompt,
        Action::Cancel,
        "leave: a search puts the list back, a note is not saved",
    ),
    (
        Scope::Prompt,
        Action::HistoryPrev,
        "an earlier query (the one kept is the first)",
    ),
    (Scope::Selection, Action::Cancel, "let the prefix go"),
    (
        Scope::Overview,
        Action::Down,
        "next value (the timeline is first)",
    ),
    (Scope::Overview, Action::Up, "previous value"),
    (Scope::Overview, Action::Top, "the timeline"),
    (Scope::Overview, Action::Bottom, "last value"),
    (Scope::Overview, Action::Overview, "close the overview"),
    (
        Scope::Overview,
        Action::Cancel,
        "undo the last narrowing (closes the overview when there is none)",
    ),
];

impl Action {
    /// What the action does in `scope`, for the help overlay.
    pub fn description_in(self, scope: Scope) -> &'static str {
        SCOPED_DESCRIPTIONS
            .iter()
            .find(|(s, a, _)| *s == scope && *a == self)
            .map_or(self.description(), |(_, _, d)| d)
    }
}

/// A key as written in the table and the configuration: `q`, `G`,
/// `ctrl-d`, `alt-b`, `enter`, `backspace`, `tab`, `shift-tab`, `up`,
/// `pgdn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn char(c: char) -> Key {
        Key::code(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn alt(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: true,
        }
    }

    /// A named key with ctrl (`ctrl-left`).
    pub const fn ctrl_code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: true,
            alt: false,
        }
    }

    pub const fn code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// The key of a terminal event (shift is part of the character).
    pub fn from_event(e: &KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key {
            code,
            ctrl,
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// The character this key types, when it is one: a character without
    /// ctrl or alt.
    pub fn typed(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !self.alt && !c.is_control() => Some(c),
            _ => None,
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
        let mut label = String::new();
        if self.ctrl {
            label.push_str("ctrl-");
        }
        if self.alt {
            label.push_str("alt-");
        }
        label.push_str(&base);
        label
    }

    /// Reads a key as `label()` writes it: a single character (`q`, `G`,
    /// `?`), `space`, a named key (`enter`, `backspace`, `tab`, `shift-tab`,
    /// `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `esc`,
    /// `delete`, `insert`, `f1`…`f12`), with `ctrl-` and/or `alt-` before
    /// it. Named keys and the modifiers ignore case (`Enter`, `Ctrl-D`,
    /// `Alt-b`); a control character is lower case, as terminals report
    /// it; a single character after `alt-` or alone keeps its case. `None`
    /// for anything else.
    pub fn parse(text: &str) -> Option<Key> {
        if let Some(c) = single_char(text) {
            return (!c.is_control()).then_some(Key::char(c));
        }
        for (prefix, is_ctrl) in [
            ("ctrl-", true),
            ("ctrl+", true),
            ("alt-", false),
            ("alt+", false),
        ] {
            let Some(head) = text.get(..prefix.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(prefix) {
                continue;
            }
            let rest = &text[prefix.len()..];
            let key = Key::parse(rest)?;
            if is_ctrl {
                if key.ctrl {
                    return None;
                }
                // A control character is reported lower case, whatever
                // the case written.
                let code = match key.code {
                    KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
                    other => other,
                };
                return Some(Key {
                    code,
                    ctrl: true,
                    ..key
                });
            }
            if key.alt {
                return None;
            }
            return Some(Key { alt: true, ..key });
        }
        let lower = text.to_lowercase();
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
        use Scope::Thread as Tree;
        use Scope::{Anywhere, List, Prompt, Reader, Selection, Sidebar};
        let table: &[(Scope, Key, Action)] = &[
            (Anywhere, Key::char('q'), Quit),
            (Anywhere, Key::ctrl('c'), Quit),
            (Anywhere, Key::char('?'), Action::Help),
            (Anywhere, Key::code(K::Tab), FocusNext),
            (Anywhere, Key::code(K::BackTab), FocusPrev),
            (Anywhere, Key::char('/'), Search),
            (Anywhere, Key::char(':'), GoToId),
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
            (List, Key::char('d'), DeleteItem),
            (List, Key::char('e'), EditItem),
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
            (List, Key::char('T'), Thread),
            (Reader, Key::char('T'), Thread),
            (List, Key::char('['), SamePostPrev),
            (List, Key::char(']'), SamePostNext),
            (Reader, Key::char('['), SamePostPrev),
            (Reader, Key::char(']'), SamePostNext),
            (List, Key::char('R'), Similar),
            (Reader, Key::char('R'), Similar),
            (Tree, Key::char('j'), Down),
            (Tree, Key::code(K::Down), Down),
            (Tree, Key::char('k'), Up),
            (Tree, Key::code(K::Up), Up),
            (Tree, Key::char('g'), Top),
            (Tree, Key::code(K::Home), Top),
            (Tree, Key::char('G'), Bottom),
            (Tree, Key::code(K::End), Bottom),
            (Tree, Key::ctrl('d'), HalfPageDown),
            (Tree, Key::ctrl('u'), HalfPageUp),
            (Tree, Key::code(K::PageDown), PageDown),
            (Tree, Key::code(K::PageUp), PageUp),
            (Tree, Key::code(K::Enter), Open),
            (Tree, Key::char('l'), Open),
            (Tree, Key::char('a'), ReadThread),
            (Tree, Key::char('T'), Thread),
            (Tree, Key::char('['), SamePostPrev),
            (Tree, Key::char(']'), SamePostNext),
            (Tree, Key::char('R'), Similar),
            (Sidebar, Key::char('j'), Down),
            (Sidebar, Key::code(K::Down), Down),
            (Sidebar, Key::char('k'), Up),
            (Sidebar, Key::code(K::Up), Up),
            (Sidebar, Key::code(K::Enter), Narrow),
            (Sidebar, Key::char('-'), Exclude),
            (Scope::Help, Key::code(K::Esc), Cancel),
            (Scope::Help, Key::char('q'), Cancel),
            (Scope::Help, Key::char('?'), Cancel),
            (Scope::Help, Key::char('j'), Down),
            (Scope::Help, Key::code(K::Down), Down),
            (Scope::Help, Key::char('k'), Up),
            (Scope::Help, Key::code(K::Up), Up),
            (Scope::Help, Key::code(K::PageDown), PageDown),
            (Scope::Help, Key::char(' '), PageDown),
            (Scope::Help, Key::code(K::PageUp), PageUp),
            (Scope::Help, Key::char('g'), Top),
            (Scope::Help, Key::code(K::Home), Top),
            (Scope::Help, Key::ctrl('c'), Quit),
            (Prompt, Key::code(K::Enter), Accept),
            (Prompt, Key::code(K::Esc), Cancel),
            (Prompt, Key::ctrl('c'), Quit),
            (Prompt, Key::code(K::Up), HistoryPrev),
            (Prompt, Key::code(K::Down), HistoryNext),
            (Prompt, Key::code(K::Left), CursorLeft),
            (Prompt, Key::code(K::Right), CursorRight),
            (Prompt, Key::code(K::Home), LineStart),
            (Prompt, Key::ctrl('a'), LineStart),
            (Prompt, Key::code(K::End), LineEnd),
            (Prompt, Key::ctrl('e'), LineEnd),
            (Prompt, Key::code(K::Backspace), DeleteBack),
            (Prompt, Key::code(K::Delete), DeleteForward),
            (Prompt, Key::ctrl('u'), DeleteToStart),
            (Prompt, Key::ctrl('k'), DeleteToEnd),
            (Prompt, Key::ctrl('w'), DeleteWordBack),
            (Prompt, Key::alt('d'), DeleteWordForward),
            (Prompt, Key::alt('b'), WordBack),
            (Prompt, Key::alt('f'), WordForward),
            (Prompt, Key::ctrl_code(K::Left), WordBack),
            (Prompt, Key::ctrl_code(K::Right), WordForward),
            (Prompt, Key::ctrl('y'), Yank),
            (Anywhere, Key::code(K::Esc), ViewBack),
            (List, Key::char('r'), ToggleRead),
            (Reader, Key::char('r'), ToggleRead),
            (Anywhere, Key::char('S'), SaveSearch),
            (Anywhere, Key::char('\''), SavedSearches),
            (List, Key::char(' '), ToggleSelect),
            (List, Key::char('*'), SelectAll),
            (Anywhere, Key::char(';'), SelectionPrefix),
            (Anywhere, Key::char('#'), FilterLabel),
            (Selection, Key::char('e'), ExportSelection),
            (Selection, Key::char('r'), ReadSelection),
            (Selection, Key::char('u'), UnreadSelection),
            (Selection, Key::char('b'), BookmarkSelection),
            (Selection, Key::char('a'), ReadSelectionAsOne),
            (Selection, Key::code(K::Esc), Cancel),
            (Selection, Key::ctrl('c'), Quit),
            (Anywhere, Key::char('O'), Overview),
            (Scope::Overview, Key::char('O'), Overview),
            (Scope::Overview, Key::code(K::Esc), Cancel),
            (Scope::Overview, Key::char('j'), Down),
            (Scope::Overview, Key::code(K::Down), Down),
            (Scope::Overview, Key::char('k'), Up),
            (Scope::Overview, Key::code(K::Up), Up),
            (Scope::Overview, Key::char('g'), Top),
            (Scope::Overview, Key::char('G'), Bottom),
            (Scope::Overview, Key::char('h'), PrevBar),
            (Scope::Overview, Key::code(K::Left), PrevBar),
            (Scope::Overview, Key::char('l'), NextBar),
            (Scope::Overview, Key::code(K::Right), NextBar),
            (Scope::Overview, Key::char('v'), MarkRange),
            (Scope::Overview, Key::code(K::Enter), Narrow),
            (Scope::Overview, Key::char('-'), Exclude),
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
    /// The action of a key in a scope: the scope's own binding first, then,
    /// in a pane's scope, one that applies anywhere.
    pub fn action(&self, scope: Scope, key: Key) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == s && b.key == key)
                .map(|b| b.action)
        };
        find(scope).or_else(|| {
            scope
                .takes_anywhere()
                .then(|| find(Scope::Anywhere))
                .flatten()
        })
    }

    /// The keys bound to an action, for hints in the status line.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// The actions bound in a scope, in the order of their first binding
    /// (the order of the help and of the default file).
    pub fn actions_in(&self, scope: Scope) -> Vec<Action> {
        let mut actions: Vec<Action> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.scope == scope) {
            if !actions.contains(&b.action) {
                actions.push(b.action);
            }
        }
        actions
    }

    /// The keys of an action in a scope, in the table's order.
    pub fn keys_in(&self, scope: Scope, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.scope == scope && b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// The actions no key reaches: the help and the default file name them
    /// so that they can be bound.
    pub fn unbound(&self) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| !self.bindings.iter().any(|b| b.action == *a))
            .collect()
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
    fn the_layers_over_the_panes_take_only_their_own_bindings() {
        let km = Keymap::default();
        assert_eq!(km.action(Scope::Prompt, Key::char('q')), None);
        assert_eq!(km.action(Scope::Prompt, Key::char('s')), None);
        assert_eq!(km.action(Scope::Prompt, Key::ctrl('c')), Some(Action::Quit));
        assert_eq!(km.action(Scope::Help, Key::char('q')), Some(Action::Cancel));
        assert_eq!(km.action(Scope::Help, Key::char('/')), None);
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

    #[test]
    fn alt_keys_are_read_from_events_and_type_nothing() {
        let e = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::ALT);
        assert_eq!(Key::from_event(&e), Key::alt('b'));
        assert_eq!(Key::alt('b').label(), "alt-b");
        assert_eq!(Key::parse("alt-b"), Some(Key::alt('b')));
        assert_eq!(Key::parse("Alt-B"), Some(Key::alt('B')));
        assert_eq!(Key::parse("alt-alt-b"), None);
        assert_eq!(Key::alt('b').typed(), None);
        assert_eq!(Key::char('b').typed(), Some('b'));
        let both = Key::parse("ctrl-alt-x").unwrap();
        assert!(both.ctrl && both.alt);
        assert_eq!(Key::parse(&both.label()), Some(both));
    }

    // A table of two lines makes an enum of two actions, with names,
    // descriptions and the list of all: one line is all a new action needs.
    actions! {
        enum Probe {
            First => "first", "the first one";
            Second => "second", "the second one";
        }
    }

    #[test]
    fn one_line_of_the_table_is_a_whole_action() {
        assert_eq!(Probe::ALL, &[Probe::First, Probe::Second]);
        assert_eq!(Probe::Second.name(), "second");
        assert_eq!(Probe::Second.description(), "the second one");
        assert_eq!(Probe::from_name("first"), Some(Probe::First));
        assert_eq!(Probe::from_name("third"), None);
    }
}
