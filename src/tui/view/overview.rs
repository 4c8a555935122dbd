//! The overview: the list's cables over time (a sparkline of months, or of
//! years over a long span, the selected cable's bar marked), then the top
//! origins, the tags with their meanings, the classifications and the
//! years, each with its count. Drawn from `OverviewState` only.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline, SparklineBar};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::cable::tags::tag_meaning;
use crate::library::FacetKind;
use crate::text::thousands;
use crate::tui::document::sanitize;
use crate::tui::state::overview::{FacetItem, Timeline, Unit};
use crate::tui::state::{App, OverviewState};

/// Rows of the sparkline, at most and at least.
const CHART_MAX_ROWS: u16 = 8;
const CHART_MIN_ROWS: u16 = 2;
/// Columns of a bar when there are few.
const MAX_BAR_WIDTH: usize = 3;

pub fn render(app: &App, o: &OverviewState, area: Rect, frame: &mut Frame, theme: &Theme) {
    let counted = app.list.query() == Some(&o.query);
    let title = match (&o.counts, counted) {
        (Some(c), true) => format!(" Overview · {} ", cables(c.total)),
        (Some(_), false) | (None, _) => " Overview · counting… ".to_string(),
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme.title(true)))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    if app.list.query().is_none() {
        let text = "a list held here (the bookmarks) is not counted; O closes";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), inner);
        return;
    }
    if let Some(e) = &o.error {
        let text = Span::styled(sanitize(e), theme.error());
        frame.render_widget(Paragraph::new(text), inner);
        return;
    }
    if o.counts.is_none() {
        return;
    }
    let width = usize::from(inner.width);
    let created = app.reader.cable().and_then(|c| c.stored.cable.created);
    let timeline = o.timeline();
    let cursor_bar = o.bar_at(&timeline, created);
    let cable_bar = created.and_then(|t| timeline.bar_of(t));
    let on_timeline = o.cursor == 0;

    // The timeline: a heading, the bars, a row of marks, the axis and what
    // the cursor is on.
    let unit = match timeline.unit {
        Unit::Month => "per month",
        Unit::Year => "per year",
    };
    let heading_style = if on_timeline {
        theme.selected(true)
    } else {
        theme.label()
    };
    let heading_line = Line::from(vec![
        Span::raw(if on_timeline { "› " } else { "  " }),
        Span::styled("Timeline", heading_style),
        Span::styled(format!(" {unit}"), theme.dim()),
    ]);
    let chart_rows = (inner.height / 4).clamp(CHART_MIN_ROWS, CHART_MAX_ROWS);
    // A few bars get a few columns each; many get one, in a window that
    // keeps the cursor's bar in sight.
    let n = timeline.bars.len();
    let per = (width / n.max(1)).clamp(1, MAX_BAR_WIDTH);
    let (start, shown) = window(n, cursor_bar.unwrap_or(0), width / per);
    let range = cursor_bar.map(|at| {
        let from = o.range_from.unwrap_or(at);
        (from.min(at), from.max(at))
    });
    let in_range = |i: usize| range.is_some_and(|(lo, hi)| (lo..=hi).contains(&i));
    let bars: Vec<SparklineBar> = (start..start + shown)
        .flat_map(|i| {
            let style = if in_range(i) {
                theme.label()
            } else if Some(i) == cable_bar {
                theme.bookmark()
            } else {
                Style::default()
            };
            std::iter::repeat_n(
                SparklineBar::from(timeline.bars[i].count).style(Some(style)),
                per,
            )
        })
        .collect();
    let marks: String = (start..start + shown)
        .flat_map(|i| {
            let mark = match (in_range(i), Some(i) == cable_bar) {
                (true, _) => '^',
                (false, true) => '•',
                _ => ' ',
            };
            std::iter::repeat_n(mark, per)
        })
        .collect();
    let axis = axis_line(&timeline, start, shown, per, width);
    let cursor_text = match (range, cursor_bar) {
        (Some((lo, hi)), Some(_)) if lo != hi => format!(
            "{}..{} · {}",
            timeline.bars[lo].period,
            timeline.bars[hi].period,
            cables(timeline.count(lo, hi))
        ),
        (_, Some(at)) => format!(
            "{} · {}",
            timeline.bars[at].period,
            cables(timeline.bars[at].count)
        ),
        _ => "no dated cables".to_string(),
    };
    // Where the pieces go, top to bottom; what does not fit is cut.
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    let put = |frame: &mut Frame, line: Line, y: &mut u16| {
        if *y < bottom {
            frame.render_widget(Paragraph::new(line), Rect::new(inner.x, *y, inner.width, 1));
            *y += 1;
        }
    };
    put(frame, heading_line, &mut y);
    let rows = chart_rows.min(bottom.saturating_sub(y));
    if rows > 0 && shown > 0 {
        let chart = Rect::new(inner.x, y, (shown * per) as u16, rows);
        frame.render_widget(Sparkline::default().data(bars), chart);
        y += rows;
    }
    put(
        frame,
        Line::from(Span::styled(marks, theme.label())),
        &mut y,
    );
    put(frame, Line::from(Span::styled(axis, theme.dim())), &mut y);
    put(frame, Line::from(cursor_text), &mut y);
    put(frame, Line::from(""), &mut y);

    // The facet lists, scrolled to keep the cursor's value in sight.
    let items = o.items();
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let mut kind = None;
    for (i, item) in items.iter().enumerate() {
        if kind != Some(item.kind) {
            if kind.is_some() {
                lines.push(Line::from(""));
            }
            kind = Some(item.kind);
            lines.push(Line::from(Span::styled(heading(item.kind), theme.label())));
        }
        if o.cursor == i + 1 {
            cursor_line = lines.len();
        }
        lines.push(item_line(item, o.cursor == i + 1, width, theme));
    }
    let room = usize::from(bottom.saturating_sub(y));
    let skip = (cursor_line + 1).saturating_sub(room);
    for line in lines.into_iter().skip(skip) {
        put(frame, line, &mut y);
    }
}

fn cables(n: u64) -> String {
    match n {
        1 => "1 cable".to_string(),
        n => format!("{} cables", thousands(n)),
    }
}

fn heading(kind: FacetKind) -> &'static str {
    match kind {
        FacetKind::Origin => "Origins",
        FacetKind::Tag => "Tags",
        FacetKind::Class => "Classifications",
        FacetKind::Year => "Years",
        FacetKind::Month => "Months",
        FacetKind::Handling => "Handling",
        FacetKind::Signer => "Signers",
        FacetKind::By => "Classified by",
    }
}

/// The bars shown of `n` when `width` columns hold one each: all, or a
/// window that keeps the cursor's bar in sight (first bar, how many).
fn window(n: usize, cursor: usize, width: usize) -> (usize, usize) {
    if n <= width {
        return (0, n);
    }
    let start = cursor.saturating_sub(width / 2).min(n - width);
    (start, width)
}

/// The first and last period shown, at the two ends of the bars (`per`
/// columns each).
fn axis_line(t: &Timeline, start: usize, shown: usize, per: usize, width: usize) -> String {
    let (Some(first), Some(last)) = (
        t.bars.get(start),
        t.bars.get(start + shown.saturating_sub(1)),
    ) else {
        return String::new();
    };
    let (a, b) = (first.period.to_string(), last.period.to_string());
    let span = (shown * per).max(a.len() + b.len() + 1).min(width);
    if shown <= 1 || a.len() + b.len() + 1 > span {
        return a;
    }
    format!("{a}{}{b}", " ".repeat(span - a.len() - b.len()))
}

/// `  Embassy Moscow        1,234`: the value, a tag's meaning dimmed,
/// the count at the right edge.
fn item_line<'a>(item: &FacetItem, cursor: bool, width: usize, theme: &Theme) -> Line<'a> {
    let count = thousands(item.count);
    let key = sanitize(&item.key);
    let meaning = match item.kind {
        FacetKind::Tag => tag_meaning(&item.key).unwrap_or_default(),
        _ => "",
    };
    // Two columns of indent, a space before the count.
    let room = width.saturating_sub(count.width() + 3);
    let key = cut(&key, room);
    let meaning = cut(meaning, room.saturating_sub(key.width() + 1));
    let used = 2
        + key.width()
        + if meaning.is_empty() {
            0
        } else {
            1 + meaning.width()
        };
    let pad = width.saturating_sub(used + count.width());
    let style = if cursor {
        theme.selected(true)
    } else {
        Style::default()
    };
    // The cursor is marked in the text too, for a terminal without colour.
    let lead = if cursor { "› " } else { "  " };
    let mut spans = vec![Span::raw(lead), Span::styled(key, style)];
    if !meaning.is_empty() {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(meaning, theme.dim()));
    }
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(count, theme.dim()));
    Line::from(spans)
}

/// `s` in at most `width` columns, with `…` where it was cut.
fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > width {
            break;
        }
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}
