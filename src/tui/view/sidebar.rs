//! The sidebar: the metadata of the cable in the reader.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::cable::tags::tag_meaning;
use crate::library::FacetKind;
use crate::text::thousands;
use crate::tui::document::sanitize;
use crate::tui::state::overview::details_items;
use crate::tui::state::{App, Pane};

/// The column the values start at: after the widest label and a space.
const VALUE_COLUMN: usize = 10;

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    let focused = app.focus == Pane::Sidebar;
    let block = Block::bordered()
        .title(Span::styled(" Details ", theme.title(focused)))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(loaded) = app.reader.cable() else {
        return;
    };
    let c = &loaded.stored.cable;
    let width = usize::from(inner.width).max(1);
    // The value under the cursor, when the sidebar has the focus: marked,
    // for Enter to narrow the list to it.
    let items = details_items(c);
    let under = focused
        .then(|| items.get(app.sidebar_cursor.min(items.len().saturating_sub(1))))
        .flatten();
    let is_under =
        |kind: FacetKind, key: &str| under.is_some_and(|i| i.kind == kind && i.key == key);
    let mut lines: Vec<Line> = Vec::new();
    let mut field = |name: &str, value: String, marked: bool| {
        let label = Span::styled(format!("{name:<9} "), theme.label());
        let style = if marked {
            theme.selected(true)
        } else {
            Style::default()
        };
        // The cursor is marked in the text too, for a terminal without
        // colour.
        let value = if marked {
            format!("{} ‹", sanitize(&value))
        } else {
            sanitize(&value)
        };
        hanging(&mut lines, label, &value, style, VALUE_COLUMN, width);
    };
    field("ID", loaded.id().to_string(), false);
    if let Some(t) = c.created {
        field(
            "Created",
            format!("{} {:02}:{:02}Z", t.date_string(), t.hour, t.minute),
            false,
        );
    }
    if let Some(o) = &c.origin {
        field("Origin", o.clone(), is_under(FacetKind::Origin, o));
    }
    if let Some(class) = c.classification {
        let marked = is_under(FacetKind::Class, class.as_str());
        field("Class", class.as_str().to_string(), marked);
    }
    if !c.handling.is_empty() {
        field("Handling", c.handling.join(" "), false);
    }
    if let Some(by) = &c.classified_by {
        let marked = by
            .name
            .as_deref()
            .is_some_and(|n| is_under(FacetKind::By, n));
        field(
            "Class. by",
            by.name.clone().unwrap_or_else(|| by.text.clone()),
            marked,
        );
    }
    if let Some(d) = &c.declassify_on {
        field("Declass.", d.clone(), false);
    }
    field(
        "Refs",
        format!(
            // No-break spaces keep each count with its words.
            "cites\u{a0}{} · cited\u{a0}by\u{a0}{}",
            thousands(loaded.refs.len() as u64),
            thousands(loaded.cited_by.len() as u64)
        ),
        false,
    );
    if !c.signers.is_empty() {
        field("Signed", c.signers.join(", "), false);
    }
    let marks = app.current_bookmarks();
    if !marks.is_empty() {
        lines.push(Line::from(Span::styled("Bookmarks", theme.label())));
        for b in marks {
            let lead = Span::styled(format!("  ★ {:<6}", b.label()), theme.bookmark());
            let indent = lead.content.width();
            hanging(
                &mut lines,
                lead,
                &sanitize(&b.note),
                Style::default(),
                indent,
                width,
            );
        }
    }
    if !c.tags.is_empty() {
        lines.push(Line::from(Span::styled("Tags", theme.label())));
        for tag in &c.tags {
            // The cursor is marked in the text too, for a terminal without
            // colour.
            let lead = if is_under(FacetKind::Tag, tag) {
                Span::styled(format!("› {:<5} ", sanitize(tag)), theme.selected(true))
            } else {
                Span::raw(format!("  {:<5} ", sanitize(tag)))
            };
            let indent = lead.content.width();
            let meaning = tag_meaning(tag).unwrap_or_default();
            hanging(&mut lines, lead, meaning, theme.dim(), indent, width);
        }
    }
    super::draw_lines(frame, inner, &lines);
}

/// `lead` then `text` wrapped at word boundaries to `width`, the lines
/// after the first indented to `indent` columns (a hanging indent, so a
/// value never runs back under its label). When the width leaves less than
/// a few columns for the text, it wraps at the left edge instead.
fn hanging<'a>(
    lines: &mut Vec<Line<'a>>,
    lead: Span<'a>,
    text: &str,
    style: Style,
    indent: usize,
    width: usize,
) {
    let indent = if width >= indent + 8 { indent } else { 0 };
    let mut used = lead.content.width();
    let mut spans = vec![lead];
    let mut fresh = true;
    // Split at plain spaces only: a no-break space holds words together.
    for word in text.split([' ', '\t', '\n']).filter(|w| !w.is_empty()) {
        let w = word.width();
        let gap = usize::from(!fresh);
        if used + gap + w > width && !(fresh && used <= indent) {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(indent)));
            used = indent;
            fresh = true;
        }
        let piece = if fresh {
            word.to_string()
        } else {
            format!(" {word}")
        };
        used += piece.width();
        spans.push(Span::styled(piece, style));
        fresh = false;
    }
    lines.push(Line::from(spans));
}
