//! Colours of the reader. A default that reads on dark and light
//! backgrounds (no fixed background colour, named ANSI colours only), and
//! none at all under `NO_COLOR`: then bold, reverse and underline carry the
//! meaning.

use ratatui::style::{Color, Modifier, Style};

use crate::tui::document::SegKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// The theme for this process: no colour when `NO_COLOR` is set.
    pub fn current() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if focused && self.color {
            s.fg(Color::Cyan)
        } else {
            s
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    /// The classification badge of a list row.
    pub fn badge(&self, class: &str) -> Style {
        let c = if class.starts_with("SECRET") {
            Color::Red
        } else if class.starts_with("CONFIDENTIAL") {
            Color::Yellow
        } else {
            Color::Green
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }

    pub fn cursor_gutter(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn seg(&self, kind: SegKind) -> Style {
        match kind {
            SegKind::Plain => Style::default(),
            SegKind::Subject => Style::default().add_modifier(Modifier::BOLD),
            SegKind::Lead => self.fg(Color::Blue).add_modifier(Modifier::BOLD),
            SegKind::RefLabel => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            SegKind::Present => self.fg(Color::Green),
            SegKind::Missing => self.fg(Color::Red),
            SegKind::NotACable => self.dim(),
            SegKind::Hit => {
                if self.color {
                    Style::default()
                        .fg(Color::Black)
                        .bg(Color::Yellow)
                        .add_modifier(Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                }
            }
            SegKind::Signer => Style::default().add_modifier(Modifier::ITALIC),
            SegKind::Dim => self.dim(),
        }
    }
}
