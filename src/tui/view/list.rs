//! The list pane: one row per cable of the current view, drawn from the
//! loaded window of rows.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::library::{ListQuery, ListRow};
use crate::text::thousands;
use crate::tui::document::sanitize;
use crate::tui::state::{App, ListSource, LocalItem, LocalKind, Pane};

/// The short badge of a classification.
pub fn badge(class: Option<&str>) -> &'static str {
    match class {
        Some("SECRET//NOFORN") => "S/NF",
        Some("SECRET") => "S",
        Some("CONFIDENTIAL//NOFORN") => "C/NF",
        Some("CONFIDENTIAL") => "C",
        Some("UNCLASSIFIED//FOR OFFICIAL USE ONLY") => "SBU",
        Some("UNCLASSIFIED") => "U",
        _ => "?",
    }
}

/// The pane's title: which view and how many.
pub fn title(app: &App) -> String {
    let l = &app.list;
    let what = match &l.source {
        ListSource::Index(ListQuery::All) if app.samples => "Samples".to_string(),
        ListSource::Index(ListQuery::All) => "Cables".to_string(),
        ListSource::Index(ListQuery::Search(_)) => "Hits".to_string(),
        ListSource::Index(ListQuery::CitedBy(id)) => format!("Citing {id}"),
        ListSource::Local(local) => match local.kind {
            LocalKind::Bookmarks => "Bookmarks".to_string(),
        },
    };
    if l.total == 0 {
        return format!(" {what}: none ");
    }
    let h = crate::tui::view::list_height(app).max(1);
    let first = l.top + 1;
    let last = (l.top + h).min(l.total);
    format!(" {what} {first}–{last} of {} ", thousands(l.total as u64))
}

pub fn render(app: &App, area: Rect, frame: &mut Frame, theme: &Theme) {
    let focused = app.focus == Pane::List;
    let block = Block::bordered()
        .title(Span::styled(title(app), theme.title(focused)))
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = usize::from(inner.height);
    let mut lines = Vec::with_capacity(h);
    for i in app.list.top..(app.list.top + h).min(app.list.total) {
        let selected = i == app.list.selected;
        let line = match (app.list.local_row(i), app.list.row(i)) {
            (Some(local), _) => match &local.item {
                // cable, ¶, date, note
                LocalItem::Bookmark(b) => Line::from(vec![
                    Span::styled(format!("{:<14}", b.id), Style::default()),
                    Span::styled(format!("{:<6}", b.label()), theme.label()),
                    Span::styled(b.created.get(..10).unwrap_or("").to_string(), theme.dim()),
                    Span::raw(" "),
                    Span::raw(sanitize(&b.note)),
                ]),
            },
            (None, Some(row)) => cable_line(row, inner.width, theme),
            (None, None) => Line::from(Span::styled("…", theme.dim())),
        };
        lines.push(if selected {
            line.style(theme.selected(focused))
        } else {
            line
        });
    }
    if app.list.total == 0 {
        let msg = match &app.list.source {
            ListSource::Index(ListQuery::Search(_)) => "no cable matches",
            ListSource::Index(ListQuery::CitedBy(_)) => "no cable cites it",
            ListSource::Index(ListQuery::All) => "the library is empty",
            ListSource::Local(local) => match local.kind {
                LocalKind::Bookmarks => "no bookmarks: m on a paragraph adds one",
            },
        };
        lines.push(Line::from(Span::styled(msg, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A cable's row: date, badge, ID, subject — the ID matters most, so the
/// date goes first when room is short.
fn cable_line(row: &ListRow, width: u16, theme: &Theme) -> Line<'static> {
    let class = row.classification.as_deref();
    let mut spans = Vec::new();
    if width >= 32 {
        let date = row
            .created
            .map(|t| t.date_string())
            .unwrap_or_else(|| "          ".into());
        spans.push(Span::styled(date, theme.dim()));
        spans.push(Span::raw(" "));
    }
    if width >= 20 {
        spans.push(Span::styled(
            format!("{:<4}", badge(class)),
            theme.badge(class.unwrap_or("")),
        ));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(row.id.clone(), Style::default()));
    if let Some(s) = &row.subject {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(sanitize(s), theme.dim()));
    }
    Line::from(spans)
}
