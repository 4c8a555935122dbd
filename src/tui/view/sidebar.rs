//! The sidebar: the metadata of the cable in the reader.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::cable::tags::tag_meaning;
use crate::tui::document::sanitize;
use crate::tui::state::{App, Pane};

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    let focused = app.focus == Pane::Sidebar;
    let block = Block::bordered()
        .title(Span::styled(" Details ", theme.title(focused)))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(loaded) = &app.reader.cable else {
        return;
    };
    let c = &loaded.stored.cable;
    let mut lines: Vec<Line> = Vec::new();
    let mut field = |name: &str, value: String| {
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<9} "), theme.label()),
            Span::raw(sanitize(&value)),
        ]));
    };
    field("ID", loaded.id().to_string());
    if let Some(t) = c.created {
        field(
            "Created",
            format!("{} {:02}:{:02}Z", t.date_string(), t.hour, t.minute),
        );
    }
    if let Some(o) = &c.origin {
        field("Origin", o.clone());
    }
    if let Some(class) = c.classification {
        field("Class", class.as_str().to_string());
    }
    if !c.handling.is_empty() {
        field("Handling", c.handling.join(" "));
    }
    if let Some(by) = &c.classified_by {
        field(
            "Class. by",
            by.name.clone().unwrap_or_else(|| by.text.clone()),
        );
    }
    if let Some(d) = &c.declassify_on {
        field("Declass.", d.clone());
    }
    field(
        "Refs",
        format!(
            "cites {} · cited by {}",
            loaded.refs.len(),
            loaded.cited_by.len()
        ),
    );
    if !c.signers.is_empty() {
        field("Signed", c.signers.join(", "));
    }
    let marks = app.current_bookmarks();
    if !marks.is_empty() {
        lines.push(Line::from(Span::styled("Bookmarks", theme.label())));
        for b in marks {
            let mut spans = vec![Span::styled(
                format!("  ★ {:<6}", b.label()),
                theme.bookmark(),
            )];
            if !b.note.is_empty() {
                spans.push(Span::raw(sanitize(&b.note)));
            }
            lines.push(Line::from(spans));
        }
    }
    if !c.tags.is_empty() {
        lines.push(Line::from(Span::styled("Tags", theme.label())));
        for tag in &c.tags {
            let mut spans = vec![Span::raw(format!("  {:<5}", sanitize(tag)))];
            if let Some(meaning) = tag_meaning(tag) {
                spans.push(Span::styled(format!(" {meaning}"), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
