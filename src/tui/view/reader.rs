//! The reader pane: the laid-out cable, the item cursor in the gutter.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::tui::document::{sanitize, ItemKind, SegKind};
use crate::tui::state::{App, Pane};

/// Columns left of the text: the cursor bar and a space.
pub const GUTTER: u16 = 2;

/// The pane's title: the cable and its classification.
pub fn title(app: &App) -> String {
    if let (Some(t), Some(c)) = (&app.reader.title, app.reader.cable()) {
        // A document of many: what it is, and the cable under the cursor.
        return format!(
            " {} · {} of {} · {} ",
            sanitize(t),
            app.reader.cable_index() + 1,
            app.reader.cables.len(),
            c.id()
        );
    }
    match app.reader.cable() {
        None => " Reader ".to_string(),
        Some(c) => {
            let mut t = format!(" {}", c.id());
            if let Some(class) = c.stored.cable.classification {
                t.push_str(" · ");
                t.push_str(class.as_str());
            }
            if app.reader.raw {
                t.push_str(" · raw");
            }
            t.push(' ');
            t
        }
    }
}

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    let focused = app.focus == Pane::Reader;
    let lines_total = app.reader.doc.lines.len();
    let h = usize::from(area.height.saturating_sub(2));
    let position = if lines_total > h && h > 0 {
        let pct = (app.reader.scroll + h).min(lines_total) * 100 / lines_total.max(1);
        format!(" {pct}% ")
    } else {
        String::new()
    };
    let block = Block::bordered()
        .title(Span::styled(title(app), theme.title(focused)))
        .title_bottom(Line::from(position).right_aligned())
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.reader.cables.is_empty() {
        let hint = if app.list.total == 0 {
            "Nothing to read: the list is empty."
        } else {
            "Select a cable in the list."
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), inner);
        return;
    }
    // First lines of bookmarked paragraphs, found once per frame.
    let starred_lines: Vec<usize> = app
        .reader
        .doc
        .items
        .iter()
        .filter(|it| {
            let id = app.reader.cables.get(it.cable).map(|c| c.id());
            matches!(it.kind, ItemKind::Paragraph(p) if id.is_some_and(|id| app.is_bookmarked_in(id, p)))
        })
        .map(|it| it.first_line)
        .collect();
    let cursor_item = app.reader.doc.items.get(app.reader.cursor);
    let mut lines = Vec::with_capacity(h);
    for (i, doc_line) in app
        .reader
        .doc
        .lines
        .iter()
        .enumerate()
        .skip(app.reader.scroll)
        .take(h)
    {
        let on_cursor = cursor_item.is_some_and(|it| it.first_line <= i && i <= it.last_line);
        let starred = starred_lines.contains(&i);
        let gutter = if starred {
            Span::styled("★ ", theme.bookmark())
        } else if on_cursor && focused {
            Span::styled("▌ ", theme.cursor_gutter())
        } else if on_cursor {
            Span::styled("│ ", theme.dim())
        } else {
            Span::raw("  ")
        };
        let mut spans = vec![gutter];
        spans.extend(doc_line.segs.iter().map(|s| {
            // The mention under the cursor stands out from the others.
            let style = match s.kind {
                SegKind::Mention(item) if item == app.reader.cursor => theme
                    .seg(s.kind)
                    .add_modifier(ratatui::style::Modifier::REVERSED),
                _ => theme.seg(s.kind),
            };
            Span::styled(s.text.clone(), style)
        }));
        lines.push(Line::from(spans));
    }
    super::draw_lines(frame, inner, &lines);
}
