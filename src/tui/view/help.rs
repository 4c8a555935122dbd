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
    // On a short terminal the list scrolls (j/k); the first line says so.
    let room = usize::from(area.height.saturating_sub(2));
    let narrow = area.width < 110 || lines.len() <= 20;
    if narrow && lines.len() > room {
        let max = lines.len() - room;
        let from = app.help_scroll.min(max);
        lines = lines.split_off(from);
    }
    // Two columns when the terminal is wide enough to hold them.
    let columns: Vec<Vec<Line>> = if area.width >= 110 && lines.len() > 20 {
        let split = lines.len().div_ceil(2);
        let right = lines.split_off(split);
        vec![lines, right]
    } else {
        vec![lines]
    };
    let col_w: u16 = (area.width.min(142).saturating_sub(2) / columns.len() as u16).min(64);
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let w = (col_w * columns.len() as u16 + 2).min(area.width);
    let h = (rows + 2).min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let r = Rect::new(x, y, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(Span::styled(
            " Keys (Esc closes, j/k scroll) ",
            theme.title(true),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    for (i, col) in columns.into_iter().enumerate() {
        let cx = inner.x + col_w * i as u16;
        if cx >= inner.x + inner.width {
            break;
        }
        let cw = col_w.min(inner.x + inner.width - cx);
        frame.render_widget(
            Paragraph::new(col),
            Rect::new(cx, inner.y, cw, inner.height),
        );
    }
}
