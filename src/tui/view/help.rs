//! The help overlay: every binding of the live keymap, by scope.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::text::wrap;
use crate::tui::keymap::{Key, Keymap, Scope};
use crate::tui::state::App;

/// Where the descriptions start: two spaces, the keys, a space.
const KEYS_WIDTH: usize = 22;
const INDENT: usize = 2 + KEYS_WIDTH + 1;

/// What a scope's section says under its name, when its keys need it.
fn scope_note(scope: Scope) -> Option<&'static str> {
    match scope {
        Scope::Prompt => {
            Some("the search prompt and the note editor; every other printable key is typed")
        }
        Scope::Reader => Some("f then a letter follows that reference"),
        Scope::Thread => {
            Some("the list pane while it shows a thread (T); esc goes back to the list")
        }
        Scope::Selection => {
            Some("after ;: on the selection, or on the highlighted cable when nothing is selected")
        }
        _ => None,
    }
}

/// The overlay's lines, unwrapped: as `lines_at` without a width.
pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    lines_at(keymap, theme, usize::MAX)
}

/// The overlay's lines for a column `width` wide: every scope of the live
/// keymap with its actions and their keys, then the actions no key reaches
/// (so that they can be bound). A description too long for the column
/// wraps under itself (a hanging indent), never cut; keys too long for
/// their column put the description on the next line.
pub fn lines_at(keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for &scope in Scope::ALL {
        let actions = keymap.actions_in(scope);
        if actions.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(scope.name(), theme.label())));
        if let Some(note) = scope_note(scope) {
            for l in wrap(note, width.saturating_sub(2).max(20), "") {
                lines.push(Line::from(Span::styled(format!("  {l}"), theme.dim())));
            }
        }
        for action in actions {
            let keys: Vec<String> = keymap
                .keys_in(scope, action)
                .iter()
                .map(Key::label)
                .collect();
            entry(
                &mut lines,
                &keys.join(", "),
                action.description_in(scope),
                width,
            );
        }
    }
    let unbound = keymap.unbound();
    if !unbound.is_empty() {
        lines.push(Line::from(Span::styled(
            "without a key (bind in config.toml)",
            theme.label(),
        )));
        for action in unbound {
            entry(&mut lines, action.name(), action.description(), width);
        }
    }
    lines
}

/// One binding's lines: the keys, and the description wrapped at `width`
/// with a hanging indent.
fn entry(lines: &mut Vec<Line<'static>>, keys: &str, description: &str, width: usize) {
    let room = width.saturating_sub(INDENT).max(16);
    let mut text = wrap(description, room, "").into_iter();
    let first = text.next().unwrap_or_default();
    if keys.chars().count() > KEYS_WIDTH {
        lines.push(Line::from(Span::raw(format!("  {keys}"))));
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(INDENT)),
            Span::raw(first),
        ]));
    } else {
        lines.push(Line::from(vec![
            Span::raw(format!("  {keys:<KEYS_WIDTH$} ")),
            Span::raw(first),
        ]));
    }
    for rest in text {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(INDENT)),
            Span::raw(rest),
        ]));
    }
}

pub fn render(app: &App, scroll: usize, area: Rect, frame: &mut Frame, theme: &Theme) {
    // Two columns when the terminal is wide enough to hold them.
    let two = area.width >= 110 && lines(&app.keymap, theme).len() > 20;
    let col_w: u16 = if two {
        (area.width.min(142).saturating_sub(2) / 2).min(70)
    } else {
        area.width.saturating_sub(2).min(90)
    };
    let mut lines = lines_at(&app.keymap, theme, usize::from(col_w));
    // On a short terminal the overlay scrolls (j/k), a column's height at
    // a time in each column.
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let ncols = if two { 2 } else { 1 };
    if lines.len() > room * ncols {
        let max = lines.len() - room * ncols;
        lines = lines.split_off(scroll.min(max));
    }
    let columns: Vec<Vec<Line>> = if two {
        let split = lines
            .len()
            .div_ceil(2)
            .max(lines.len().saturating_sub(room))
            .min(room);
        let right = lines.split_off(split.min(lines.len()));
        vec![lines, right]
    } else {
        vec![lines]
    };
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

    fn text_at(keymap: &Keymap, width: usize) -> String {
        crate::tui::testing::help_text(keymap, width)
    }

    #[test]
    fn at_80_columns_nothing_is_cut_descriptions_wrap_under_themselves() {
        let keymap = Keymap::default();
        // The overlay's column at 80 columns: the width less the border.
        let help = text_at(&keymap, 78);
        for line in help.lines() {
            assert!(line.chars().count() <= 78, "too wide: {line:?}");
        }
        let joined: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
        for &scope in Scope::ALL {
            for action in keymap.actions_in(scope) {
                let d = action.description_in(scope);
                assert!(joined.contains(d), "cut: {d:?}");
            }
        }
        // A wrapped description goes on under itself, not under the keys.
        let lines: Vec<&str> = help.lines().collect();
        let i = lines
            .iter()
            .position(|l| l.trim_start().starts_with("/ "))
            .expect("the search key");
        let next = lines[i + 1];
        assert!(next.starts_with(&" ".repeat(INDENT)), "{next:?}");
        assert!(!next[INDENT..].starts_with(' '), "{next:?}");
    }

    #[test]
    fn the_readers_j_is_the_next_item_and_the_lists_the_next_cable() {
        let help = text(&Keymap::default());
        let section = |name: &str| -> Vec<String> {
            help.lines()
                .skip_while(|l| *l != name)
                .skip(1)
                .take_while(|l| l.starts_with(' '))
                .map(str::to_string)
                .collect()
        };
        let j = |lines: &[String]| {
            lines
                .iter()
                .find(|l| l.trim_start().starts_with("j, down"))
                .cloned()
                .unwrap_or_default()
        };
        assert!(
            j(&section("reader")).ends_with("next item (reference, paragraph or mention in it)")
        );
        assert!(j(&section("list")).ends_with("next cable (the reader follows)"));
    }

    #[test]
    fn the_prompt_section_lists_the_editing_keys_and_says_it_is_the_note_editor_too() {
        let help = text(&Keymap::default());
        assert!(help.contains("the search prompt and the note editor"));
        for key in [
            "ctrl-w",
            "ctrl-u",
            "ctrl-k",
            "ctrl-a",
            "ctrl-e",
            "alt-b",
            "alt-f",
            "ctrl-left",
            "ctrl-right",
        ] {
            assert!(
                help.lines()
                    .any(|l| l.trim_start().starts_with(key) || l.contains(&format!(", {key}"))),
                "{key}"
            );
        }
    }
}
