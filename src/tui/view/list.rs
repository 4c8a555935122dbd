//! The list pane: one row per cable of the current view, drawn from the
//! loaded window of rows.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::cable::Classification;
use crate::library::{ListQuery, ListRow};
use crate::text::thousands;
use crate::tui::document::sanitize;
use crate::tui::state::{App, ListSource, LocalItem, LocalKind, Pane};

/// The short badge of a classification.
pub fn badge(class: Option<&str>) -> &'static str {
    class
        .and_then(Classification::from_release)
        .map_or("?", Classification::badge)
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
            LocalKind::Bookmarks => match &app.triage.label {
                Some(label) => format!("Bookmarks #{}", sanitize(label)),
                None => "Bookmarks".to_string(),
            },
            LocalKind::Thread => super::thread::title(local),
            LocalKind::Similar => super::thread::similar_title(local),
            LocalKind::Saved => "Saved searches".to_string(),
        },
    };
    let triage = triage_counts(app);
    if l.total == 0 {
        return format!(" {what}: none{triage} ");
    }
    let h = crate::tui::view::list_height(app).max(1);
    let first = l.top + 1;
    let last = (l.top + h).min(l.total);
    format!(
        " {what} {first}–{last} of {}{triage} ",
        thousands(l.total as u64)
    )
}

/// `· 3 unread · 2 selected` for the title: the unread count of the list
/// when it is known (counted off the UI thread for an index list, here
/// for a local one), the size of the selection when there is one.
fn triage_counts(app: &App) -> String {
    let t = &app.triage;
    let unread = match &app.list.source {
        ListSource::Index(q) => t
            .unread
            .as_ref()
            .filter(|(counted, _)| counted == q && t.read_loaded)
            .map(|(_, n)| *n),
        ListSource::Local(local) if t.read_loaded && local.kind == LocalKind::Bookmarks => {
            let ids: std::collections::HashSet<&str> = local
                .rows
                .iter()
                .filter(|r| r.item.is_cable())
                .map(|r| r.row.id.as_str())
                .collect();
            Some(ids.into_iter().filter(|id| t.is_unread(id)).count())
        }
        ListSource::Local(_) => None,
    };
    let mut out = String::new();
    if let Some(n) = unread {
        out.push_str(&format!(" · {} unread", thousands(n as u64)));
    }
    if !t.selection.is_empty() {
        out.push_str(&format!(
            " · {} selected",
            thousands(t.selection.len() as u64)
        ));
    }
    out
}

/// `2026-05-01T12:34:56Z` as `2026-05-01 12:34`; what is not such a
/// time, as it is.
fn bookmark_time(created: &str) -> String {
    match (created.get(..10), created.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => sanitize(created),
    }
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
                // cable, ¶, when it was made (to the minute), note, and
                // the cable's subject after it
                LocalItem::Bookmark(b) => {
                    let mut spans = vec![
                        Span::styled(format!("{:<14}", b.id), Style::default()),
                        Span::styled(format!("{:<6}", b.label()), theme.label()),
                        Span::styled(bookmark_time(&b.created), theme.dim()),
                        Span::raw(" "),
                        Span::raw(sanitize(&b.note)),
                    ];
                    if let Some(subject) = &local.row.subject {
                        let gap = if b.note.is_empty() { "" } else { " · " };
                        spans.push(Span::styled(
                            format!("{gap}{}", sanitize(subject)),
                            theme.dim(),
                        ));
                    }
                    Line::from(spans)
                }
                LocalItem::Thread(t) => {
                    let open = app.current_id() == Some(local.row.id.as_str());
                    super::thread::row_line(&local.row, t, open, inner.width, theme)
                }
                LocalItem::Similar { .. } => cable_line(&local.row, inner.width, theme),
                // name, total, unread, query: the counts before the
                // query, which may be long
                LocalItem::Saved(saved) => {
                    let counts = app.triage.saved_counts.get(&saved.query);
                    let count = |n: Option<usize>| {
                        n.map_or_else(|| "…".to_string(), |n| thousands(n as u64))
                    };
                    Line::from(vec![
                        Span::styled(
                            format!("{} ", fit(&sanitize(&saved.name), 16)),
                            Style::default(),
                        ),
                        Span::styled(
                            format!(
                                "{} · {} unread ",
                                count(counts.map(|c| c.total)),
                                count(counts.map(|c| c.unread))
                            ),
                            theme.label(),
                        ),
                        Span::styled(sanitize(&saved.query), theme.dim()),
                    ])
                }
            },
            (None, Some(row)) => {
                let line = cable_line(row, inner.width, theme);
                triage_line(app, row, line)
            }
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
                LocalKind::Thread => "no thread",
                LocalKind::Similar => "no cable is close in content",
                LocalKind::Saved => "no saved searches: S after a search saves one",
            },
        };
        lines.push(Line::from(Span::styled(msg, theme.dim())));
    }
    super::draw_lines(frame, inner, &lines);
}

/// The columns of a cable's row, by the room there is: the ID always,
/// then the badge, the date, the origin's short form; the subject gets what
/// is left. Each column needs its width and a space.
const BADGE_FROM: u16 = 24;
const DATE_FROM: u16 = 44;
const ORIGIN_FROM: u16 = 64;
const ID_W: usize = 13;
const ORIGIN_W: usize = 12;

/// A cable's row: date, badge, ID, origin, subject, as the width allows.
pub(super) fn cable_line(row: &ListRow, width: u16, theme: &Theme) -> Line<'static> {
    let class = row.classification.as_deref();
    let mut spans = Vec::new();
    let mut used = 0usize;
    if width >= DATE_FROM {
        let date = row
            .created
            .map(|t| t.date_string())
            .unwrap_or_else(|| "          ".into());
        spans.push(Span::styled(format!("{date} "), theme.dim()));
        used += 11;
    }
    if width >= BADGE_FROM {
        spans.push(Span::styled(
            format!("{:<4}", badge(class)),
            theme.badge(class.unwrap_or("")),
        ));
        spans.push(Span::raw(" "));
        used += 5;
    }
    let id = format!("{:<ID_W$} ", sanitize(&row.id));
    used += id.width();
    spans.push(Span::styled(id, Style::default()));
    if width >= ORIGIN_FROM {
        let origin = row.origin.as_deref().map(short_origin).unwrap_or_default();
        let cut = fit(&sanitize(origin), ORIGIN_W);
        let pad = ORIGIN_W.saturating_sub(cut.width());
        spans.push(Span::styled(
            format!("{cut}{} ", " ".repeat(pad)),
            theme.label(),
        ));
        used += ORIGIN_W + 1;
    }
    if let Some(s) = &row.subject {
        let room = usize::from(width).saturating_sub(used);
        spans.push(Span::styled(fit(&sanitize(s), room), theme.dim()));
    }
    Line::from(spans)
}

/// A cable's row as triage marks it: bold while unread (as a mail reader
/// shows new mail), and a `*` column before it while there is a
/// selection.
fn triage_line(app: &App, row: &ListRow, line: Line<'static>) -> Line<'static> {
    let t = &app.triage;
    let mut line = if t.is_unread(&row.id) {
        line.patch_style(Style::default().add_modifier(Modifier::BOLD))
    } else {
        line
    };
    if !t.selection.is_empty() {
        let marker = if t.is_selected(&row.id) { "* " } else { "  " };
        line.spans.insert(0, Span::styled(marker, theme_marker()));
    }
    line
}

fn theme_marker() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// The origin without its office word: `Embassy Moscow` → `Moscow`,
/// `Consulate Mumbai` → `Mumbai`; other origins as they are.
pub(super) fn short_origin(origin: &str) -> &str {
    ["Embassy ", "Consulate ", "Mission "]
        .iter()
        .find_map(|p| origin.strip_prefix(p))
        .unwrap_or(origin)
}

/// `s` in at most `width` columns, an ellipsis where it was cut.
pub(super) fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
