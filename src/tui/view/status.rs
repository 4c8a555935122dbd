//! The status line: the prompt or the query with its count, messages, and
//! the way back.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme::Theme;
use crate::library::Sort;
use crate::text::thousands;
use crate::tui::document::sanitize;
use crate::tui::state::{App, LocalKind};

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut left: Vec<Span> = Vec::new();
    if let Some(p) = app.prompt() {
        left.extend(super::prompt::spans(p, theme));
    } else if let Some(q) = app.list.search_text() {
        left.push(Span::styled(format!("/{}  ", sanitize(q)), theme.label()));
    }
    let count = match app.list.total {
        1 => "1 cable".to_string(),
        n => format!("{} cables", thousands(n as u64)),
    };
    let order = match (app.list.local_kind(), app.list.effective_sort) {
        (Some(LocalKind::Thread), _) => "as a tree",
        (Some(LocalKind::Similar), _) => "by similarity",
        (_, Sort::Date) => "by date",
        (_, Sort::Relevance) => "by relevance",
    };
    left.push(Span::styled(format!("{count} · {order}"), theme.dim()));
    if let Some(msg) = &app.status {
        let style = if msg.error {
            theme.error()
        } else {
            ratatui::style::Style::default().add_modifier(Modifier::BOLD)
        };
        let text = Span::styled(sanitize(&msg.text), style);
        let before: usize = left.iter().map(|s| s.width()).sum();
        // A message that does not fit after the query and the count takes
        // the line (they come back at the next key); an open prompt stays.
        if before + 2 + text.width() > usize::from(area.width) && app.prompt().is_none() {
            left.clear();
        } else {
            left.push(Span::raw("  "));
        }
        left.push(text);
    }
    let mut right = String::new();
    if let Some(back) = app.back_id() {
        right.push_str(&format!("back: {back}   "));
    }
    right.push_str("? help ");
    let left_width: usize = left.iter().map(|s| s.width()).sum();
    let room = usize::from(area.width);
    if left_width + right.chars().count() < room {
        let pad = room - left_width - right.chars().count();
        left.push(Span::raw(" ".repeat(pad)));
        left.push(Span::styled(right, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}
