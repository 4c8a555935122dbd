//! The help overlay: every binding of the live keymap, by scope.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::tui::keymap::{Key, Keymap, Scope};
use crate::tui::state::App;

/// The overlay's lines: every scope of the live keymap with its actions
/// and their keys, then the actions no key reaches (so that they can be
/// bound).
pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for &scope in Scope::ALL {
        let actions = keymap.actions_in(scope);
        if actions.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(scope.name(), theme.label())));
        for action in actions {
            let keys: Vec<String> = keymap
                .keys_in(scope, action)
                .iter()
                .map(Key::label)
                .collect();
            lines.push(Line::from(vec![
                Span::raw(format!("  {:<22}", keys.join(", "))),
                Span::raw(action.description()),
            ]));
        }
    }
    let unbound = keymap.unbound();
    if !unbound.is_empty() {
        lines.push(Line::from(Span::styled(
            "without a key (bind in config.toml)",
            theme.label(),
        )));
        for action in unbound {
            lines.push(Line::from(vec![
                Span::raw(format!("  {:<22}", action.name())),
                Span::raw(action.description()),
            ]));
        }
    }
    lines
}

pub fn render(app: &App, scroll: usize, area: Rect, frame: &mut Frame, theme: &Theme) {
    let mut lines = lines(&app.keymap, theme);
    // On a short terminal the list scrolls (j/k); the first line says so.
    let room = usize::from(area.height.saturating_sub(2));
    let narrow = area.width < 110 || lines.len() <= 20;
    if narrow && lines.len() > room {
        let max = lines.len() - room;
        let from = scroll.min(max);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Action;

    fn text(keymap: &Keymap) -> String {
        lines(keymap, &Theme::default())
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    #[test]
    fn every_scope_has_its_section() {
        let help = text(&Keymap::default());
        for &scope in Scope::ALL {
            assert!(help.lines().any(|l| l == scope.name()), "{scope:?}");
        }
    }

    #[test]
    fn an_action_without_a_key_is_still_listed() {
        let mut keymap = Keymap::default();
        keymap.bindings.retain(|b| b.action != Action::Zoom);
        let help = text(&keymap);
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with("zoom "))
            .expect("zoom is listed");
        assert!(line.ends_with(Action::Zoom.description()), "{line}");
    }
}
