//! The help overlay: every binding of the live keymap, by scope.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Scope};

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    for scope in [Scope::Anywhere, Scope::List, Scope::Reader, Scope::Sidebar] {
        let mut actions: Vec<Action> = Vec::new();
        for b in app.keymap.bindings.iter().filter(|b| b.scope == scope) {
            if !actions.contains(&b.action) {
                actions.push(b.action);
            }
        }
        if actions.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(scope.name(), theme.label())));
        for action in actions {
            let keys: Vec<String> = app
                .keymap
                .bindings
                .iter()
                .filter(|b| b.scope == scope && b.action == action)
                .map(|b| b.key.label())
                .collect();
            lines.push(Line::from(vec![
                Span::raw(format!("  {:<22}", keys.join(", "))),
                Span::raw(action.description()),
            ]));
        }
    }
    let w = area.width.min(76);
    let h = area.height.min(lines.len() as u16 + 2);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let r = Rect::new(x, y, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(" Keys (Esc closes) ", theme.title(true)))
        .border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}
