//! Colours of the reader: one colour per element, from `config.toml`'s
//! `[theme]` or the defaults. The default reads on dark and light
//! backgrounds (no fixed background colour, named ANSI colours only), and
//! there is no colour at all under `NO_COLOR`: then bold, reverse and
//! underline carry the meaning.

use ratatui::style::{Color, Modifier, Style};

use crate::tui::document::SegKind;

/// What the theme colours. The names are those of `[theme]` in
/// `config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Element {
    Border,
    BorderFocused,
    Title,
    TitleFocused,
    Selected,
    Dim,
    Error,
    Label,
    BadgeSecret,
    BadgeConfidential,
    BadgeUnclassified,
    Cursor,
    Subject,
    Lead,
    RefLabel,
    RefPresent,
    RefMissing,
    RefNotACable,
    HitFg,
    HitBg,
    Signer,
    Bookmark,
}

/// How many elements there are.
const ELEMENTS: usize = 22;

impl Element {
    /// Every element, in declaration order (the index of the colour table).
    pub const ALL: [Element; ELEMENTS] = [
        Element::Border,
        Element::BorderFocused,
        Element::Title,
        Element::TitleFocused,
        Element::Selected,
        Element::Dim,
        Element::Error,
        Element::Label,
        Element::BadgeSecret,
        Element::BadgeConfidential,
        Element::BadgeUnclassified,
        Element::Cursor,
        Element::Subject,
        Element::Lead,
        Element::RefLabel,
        Element::RefPresent,
        Element::RefMissing,
        Element::RefNotACable,
        Element::HitFg,
        Element::HitBg,
        Element::Signer,
        Element::Bookmark,
    ];

    /// The name in `[theme]`.
    pub fn name(self) -> &'static str {
        match self {
            Element::Border => "border",
            Element::BorderFocused => "border_focused",
            Element::Title => "title",
            Element::TitleFocused => "title_focused",
            Element::Selected => "selected",
            Element::Dim => "dim",
            Element::Error => "error",
            Element::Label => "label",
            Element::BadgeSecret => "badge_secret",
            Element::BadgeConfidential => "badge_confidential",
            Element::BadgeUnclassified => "badge_unclassified",
            Element::Cursor => "cursor",
            Element::Subject => "subject",
            Element::Lead => "lead",
            Element::RefLabel => "ref_label",
            Element::RefPresent => "ref_present",
            Element::RefMissing => "ref_missing",
            Element::RefNotACable => "ref_not_a_cable",
            Element::HitFg => "hit_fg",
            Element::HitBg => "hit_bg",
            Element::Signer => "signer",
            Element::Bookmark => "bookmark",
        }
    }

    /// What it colours, for the default configuration file.
    pub fn description(self) -> &'static str {
        match self {
            Element::Border => "pane borders",
            Element::BorderFocused => "the focused pane's border (bold)",
            Element::Title => "pane titles (bold)",
            Element::TitleFocused => "the focused pane's title (bold)",
            Element::Selected => "the selected row (drawn reversed, underlined when unfocused)",
            Element::Dim => "secondary text: dates, hints, tag meanings",
            Element::Error => "error messages (bold)",
            Element::Label => "labels: sidebar fields, help scopes, the query (bold)",
            Element::BadgeSecret => "SECRET badges (bold)",
            Element::BadgeConfidential => "CONFIDENTIAL badges (bold)",
            Element::BadgeUnclassified => "UNCLASSIFIED badges (bold)",
            Element::Cursor => "the reader's item cursor (bold)",
            Element::Subject => "the cable's subject (bold)",
            Element::Lead => "paragraph leads: ¶1 (S) (bold)",
            Element::RefLabel => "reference labels: REF A (bold)",
            Element::RefPresent => "a reference in the library ✓",
            Element::RefMissing => "a reference not in the library ✗",
            Element::RefNotACable => "a reference that is not a cable ·",
            Element::HitFg => "search hits, text",
            Element::HitBg => "search hits, background",
            Element::Signer => "the signer (italic)",
            Element::Bookmark => "bookmark marks ★",
        }
    }

    /// The default colour: named ANSI colours, so that the terminal's own
    /// palette decides the shade on dark and light backgrounds; `Reset`
    /// leaves the terminal's colour.
    pub fn default_color(self) -> Color {
        match self {
            Element::Border => Color::DarkGray,
            Element::BorderFocused => Color::Cyan,
            Element::Title => Color::Reset,
            Element::TitleFocused => Color::Cyan,
            Element::Selected => Color::Reset,
            Element::Dim => Color::DarkGray,
            Element::Error => Color::Red,
            Element::Label => Color::Blue,
            Element::BadgeSecret => Color::Red,
            Element::BadgeConfidential => Color::Yellow,
            Element::BadgeUnclassified => Color::Green,
            Element::Cursor => Color::Cyan,
            Element::Subject => Color::Reset,
            Element::Lead => Color::Blue,
            Element::RefLabel => Color::Magenta,
            Element::RefPresent => Color::Green,
            Element::RefMissing => Color::Red,
            Element::RefNotACable => Color::DarkGray,
            Element::HitFg => Color::Black,
            Element::HitBg => Color::Yellow,
            Element::Signer => Color::Reset,
            Element::Bookmark => Color::Yellow,
        }
    }

    /// The element called `name` (as `name()` writes it).
    pub fn from_name(name: &str) -> Option<Element> {
        Element::ALL.iter().copied().find(|e| e.name() == name)
    }
}

/// The named colours, as the configuration writes them.
const COLOR_NAMES: [(&str, Color); 17] = [
    ("reset", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// Reads a colour: a name (`red`, `dark-gray`, `light-blue`; case, `_` and
/// spaces for `-`, and `grey` are accepted), `reset` or `default` for the
/// terminal's own colour, `#rrggbb`, or a number of the 256-colour palette
/// (`"208"`).
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok().map(Color::Indexed);
    }
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?));
    }
    let key: String = t
        .to_lowercase()
        .replace("grey", "gray")
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect();
    if key == "default" {
        return Some(Color::Reset);
    }
    COLOR_NAMES
        .iter()
        .find(|(name, _)| name.replace('-', "") == key)
        .map(|&(_, c)| c)
}

/// How the configuration writes a colour (`parse_color` reads it back).
pub fn color_name(color: Color) -> String {
    if let Color::Rgb(r, g, b) = color {
        return format!("#{r:02x}{g:02x}{b:02x}");
    }
    if let Color::Indexed(i) = color {
        return i.to_string();
    }
    COLOR_NAMES
        .iter()
        .find(|&&(_, c)| c == color)
        .map_or_else(|| color.to_string(), |(name, _)| (*name).to_string())
}

/// Whether colours are allowed by the value of `NO_COLOR`: any non-empty
/// value turns them off (https://no-color.org).
pub fn colors_allowed(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`: styles then use modifiers only.
    pub color: bool,
    colors: [Color; ELEMENTS],
}

impl Default for Theme {
    /// The default colours, colour on.
    fn default() -> Self {
        Theme {
            color: true,
            colors: Element::ALL.map(Element::default_color),
        }
    }
}

impl Theme {
    /// The default theme for this process: no colour when `NO_COLOR` is set.
    pub fn current() -> Theme {
        Theme::default().with_env()
    }

    /// This theme with colour off when this process's `NO_COLOR` says so.
    pub fn with_env(self) -> Theme {
        Theme {
            color: self.color && colors_allowed(std::env::var_os("NO_COLOR").as_deref()),
            ..self
        }
    }

    /// The colour of an element (whether or not colour is on).
    pub fn color_of(&self, element: Element) -> Color {
        self.colors[element as usize]
    }

    /// Sets the colour of an element.
    pub fn set_color(&mut self, element: Element, color: Color) {
        self.colors[element as usize] = color;
    }

    /// The colour of an element when it should be drawn: `None` without
    /// colour or when the element keeps the terminal's colour.
    fn active(&self, element: Element) -> Option<Color> {
        match self.color_of(element) {
            _ if !self.color => None,
            Color::Reset => None,
            c => Some(c),
        }
    }

    fn fg(&self, element: Element) -> Style {
        match self.active(element) {
            Some(c) => Style::default().fg(c),
            None => Style::default(),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Element::BorderFocused).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Element::Border)
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        let element = if focused {
            Element::TitleFocused
        } else {
            Element::Title
        };
        self.fg(element).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self, focused: bool) -> Style {
        let modifier = if focused {
            Modifier::REVERSED
        } else {
            Modifier::UNDERLINED
        };
        self.fg(Element::Selected).add_modifier(modifier)
    }

    pub fn dim(&self) -> Style {
        match self.active(Element::Dim) {
            Some(c) => Style::default().fg(c),
            None => Style::default().add_modifier(Modifier::DIM),
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Element::Error).add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.fg(Element::Label).add_modifier(Modifier::BOLD)
    }

    /// The classification badge of a list row.
    pub fn badge(&self, class: &str) -> Style {
        let element = if class.starts_with("SECRET") {
            Element::BadgeSecret
        } else if class.starts_with("CONFIDENTIAL") {
            Element::BadgeConfidential
        } else {
            Element::BadgeUnclassified
        };
        self.fg(element).add_modifier(Modifier::BOLD)
    }

    pub fn cursor_gutter(&self) -> Style {
        self.fg(Element::Cursor).add_modifier(Modifier::BOLD)
    }

    /// The ★ of a bookmarked paragraph.
    pub fn bookmark(&self) -> Style {
        self.fg(Element::Bookmark).add_modifier(Modifier::BOLD)
    }

    pub fn seg(&self, kind: SegKind) -> Style {
        match kind {
            SegKind::Plain => Style::default(),
            SegKind::Subject => self.fg(Element::Subject).add_modifier(Modifier::BOLD),
            SegKind::Lead => self.fg(Element::Lead).add_modifier(Modifier::BOLD),
            SegKind::RefLabel => self.fg(Element::RefLabel).add_modifier(Modifier::BOLD),
            SegKind::Present => self.fg(Element::RefPresent),
            SegKind::Missing => self.fg(Element::RefMissing),
            SegKind::NotACable => match self.active(Element::RefNotACable) {
                Some(c) => Style::default().fg(c),
                None => Style::default().add_modifier(Modifier::DIM),
            },
            SegKind::Hit => {
                let fg = self.active(Element::HitFg);
                let bg = self.active(Element::HitBg);
                if fg.is_none() && bg.is_none() {
                    // Without colour, reverse video marks the hit.
                    return Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD);
                }
                let mut s = Style::default().add_modifier(Modifier::BOLD);
                if let Some(c) = fg {
                    s = s.fg(c);
                }
                if let Some(c) = bg {
                    s = s.bg(c);
                }
                s
            }
            SegKind::Signer => self.fg(Element::Signer).add_modifier(Modifier::ITALIC),
            SegKind::Dim => self.dim(),
            SegKind::Heading => self
                .fg(Element::Subject)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            SegKind::Mention(_) => Style::default().add_modifier(Modifier::UNDERLINED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_listed_in_declaration_order() {
        for (i, e) in Element::ALL.iter().enumerate() {
            assert_eq!(*e as usize, i, "{e:?}");
            assert_eq!(Element::from_name(e.name()), Some(*e));
        }
    }

    #[test]
    fn colour_names_read_back() {
        for (name, c) in COLOR_NAMES {
            assert_eq!(parse_color(name), Some(c));
            assert_eq!(color_name(c), name);
        }
        assert_eq!(parse_color("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("lightblue"), Some(Color::LightBlue));
        assert_eq!(parse_color("default"), Some(Color::Reset));
        assert_eq!(parse_color("#1a2B3c"), Some(Color::Rgb(0x1a, 0x2b, 0x3c)));
        assert_eq!(color_name(Color::Rgb(0x1a, 0x2b, 0x3c)), "#1a2b3c");
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(color_name(Color::Indexed(208)), "208");
        assert_eq!(parse_color("256"), None);
        assert_eq!(parse_color("#12345"), None);
        assert_eq!(parse_color("#12345g"), None);
        assert_eq!(parse_color("pinkish"), None);
    }

    #[test]
    fn default_has_no_background_but_the_search_hit() {
        let t = Theme::default();
        let styles = [
            t.border(true),
            t.border(false),
            t.title(true),
            t.selected(true),
            t.dim(),
            t.error(),
            t.label(),
            t.badge("SECRET"),
            t.cursor_gutter(),
            t.bookmark(),
            t.seg(SegKind::Lead),
            t.seg(SegKind::Missing),
        ];
        for s in styles {
            assert_eq!(s.bg, None, "{s:?}");
        }
        assert_eq!(t.seg(SegKind::Hit).bg, Some(Color::Yellow));
    }

    #[test]
    fn no_color_drops_every_colour_and_keeps_the_modifiers() {
        assert!(colors_allowed(None));
        assert!(colors_allowed(Some(std::ffi::OsStr::new(""))));
        assert!(!colors_allowed(Some(std::ffi::OsStr::new("1"))));
        let mut t = Theme::default();
        t.set_color(Element::Border, Color::Rgb(1, 2, 3));
        t.color = false;
        for kind in [
            SegKind::Subject,
            SegKind::Lead,
            SegKind::RefLabel,
            SegKind::Present,
            SegKind::Missing,
            SegKind::NotACable,
            SegKind::Hit,
            SegKind::Signer,
            SegKind::Dim,
        ] {
            let s = t.seg(kind);
            assert_eq!((s.fg, s.bg), (None, None), "{kind:?}");
        }
        assert_eq!(t.border(false).fg, None);
        assert_eq!(t.badge("SECRET").fg, None);
        assert!(t.badge("SECRET").add_modifier.contains(Modifier::BOLD));
        assert!(t.selected(true).add_modifier.contains(Modifier::REVERSED));
        assert!(t
            .selected(false)
            .add_modifier
            .contains(Modifier::UNDERLINED));
        assert!(t.dim().add_modifier.contains(Modifier::DIM));
        assert!(t
            .seg(SegKind::Hit)
            .add_modifier
            .contains(Modifier::REVERSED));
    }

    #[test]
    fn a_configured_colour_is_used() {
        let mut t = Theme::default();
        t.set_color(Element::BadgeSecret, Color::LightMagenta);
        t.set_color(Element::HitBg, Color::Rgb(0, 0, 0x80));
        assert_eq!(t.badge("SECRET//NOFORN").fg, Some(Color::LightMagenta));
        assert_eq!(t.seg(SegKind::Hit).bg, Some(Color::Rgb(0, 0, 0x80)));
        // `reset` keeps the terminal's colour: no colour at all.
        t.set_color(Element::Dim, Color::Reset);
        assert_eq!(t.dim().fg, None);
        assert!(t.dim().add_modifier.contains(Modifier::DIM));
    }
}
