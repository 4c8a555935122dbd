//! The prompt or editor in the status line: its label, the text typed and
//! the cursor.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::theme::Theme;
use crate::tui::document::sanitize;
use crate::tui::state::{Prompt, PromptKind};

/// The spans of an open prompt, with two spaces after it.
pub fn spans(p: &Prompt, theme: &Theme) -> Vec<Span<'static>> {
    let label = match &p.kind {
        PromptKind::Search => "/".to_string(),
        PromptKind::GoTo => "open ID: ".to_string(),
        PromptKind::Note {
            id,
            paragraph,
            number,
        } => format!(
            "note for {}: ",
            crate::text::paragraph_citation(id, *paragraph, number.as_deref())
        ),
        PromptKind::SavedName { old: None, .. } => "save the search as: ".to_string(),
        PromptKind::SavedName { old: Some(_), .. } => "name: ".to_string(),
        PromptKind::SavedQuery { name, .. } => format!("query of {}: ", sanitize(name)),
        PromptKind::Label => "bookmarks with the label #".to_string(),
    };
    let chars: Vec<char> = sanitize(p.input()).chars().collect();
    let cursor = p.cursor();
    let before: String = chars[..cursor.min(chars.len())].iter().collect();
    let at: String = chars.get(cursor).map_or(" ".into(), |c| c.to_string());
    let after: String = chars.iter().skip(cursor + 1).collect();
    vec![
        Span::styled(label, theme.label()),
        Span::raw(before),
        Span::styled(at, Style::default().add_modifier(Modifier::REVERSED)),
        Span::raw(after),
        Span::raw("  "),
    ]
}
