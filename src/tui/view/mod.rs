//! Drawing the reader: functions that only read the state. The layout
//! arithmetic lives here too, so that `update` and the views agree on the
//! sizes of the panes.

pub mod help;
mod list;
mod overview;
mod prompt;
mod reader;
mod sidebar;
mod status;
pub mod theme;
mod thread;

pub use list::title as list_title;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::state::{App, Mode, Pane};

pub use reader::GUTTER;

/// Under this width the sidebar folds away.
pub const SIDEBAR_MIN_WIDTH: u16 = 110;
/// Under this width only the focused pane shows.
pub const SINGLE_PANE_WIDTH: u16 = 70;
/// The widest the reader's text is set: longer lines are hard to read, so
/// on a very wide terminal the room goes to the list instead.
pub const READING_MEASURE: u16 = 100;
/// The list's share of the width the sidebar leaves, in percent: enough for
/// the date, badge, ID and a readable part of the subject.
const LIST_SHARE: u16 = 45;

/// Where each pane goes (a pane that is not shown has no rectangle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub sidebar: Option<Rect>,
    /// The overview, while it is open: in place of the sidebar, or of
    /// everything but the status line where there is no room beside.
    pub overview: Option<Rect>,
    pub status: Rect,
}

/// The overview's share of a wide terminal, in percent, and its bounds:
/// wider than the sidebar, for a timeline of a few years of months.
const OVERVIEW_SHARE: u16 = 40;
const OVERVIEW_MIN_WIDTH: u16 = 36;
const OVERVIEW_MAX_WIDTH: u16 = 64;

/// The panes for the app's terminal size.
pub fn areas(app: &App) -> Areas {
    let (w, h) = app.size;
    let full = Rect::new(0, 0, w, h);
    let main_h = h.saturating_sub(1);
    let status = Rect::new(0, main_h.min(h), w, h.min(1));
    let main = Rect::new(0, 0, w, main_h);
    let mut a = Areas {
        status,
        ..Areas::default()
    };
    if main.height == 0 || main.width == 0 {
        return a;
    }
    let _ = full;
    if app.overview().is_some() && (app.zoom || w < SIDEBAR_MIN_WIDTH) {
        a.overview = Some(main);
        return a;
    }
    if app.zoom {
        a.reader = Some(main);
        return a;
    }
    if w < SINGLE_PANE_WIDTH {
        match app.focus {
            Pane::List => a.list = Some(main),
            Pane::Reader => a.reader = Some(main),
            Pane::Sidebar => a.sidebar = Some(main),
        }
        return a;
    }
    let overview_open = app.overview().is_some();
    let sidebar_w = if overview_open {
        (w * OVERVIEW_SHARE / 100).clamp(OVERVIEW_MIN_WIDTH, OVERVIEW_MAX_WIDTH)
    } else if app.sidebar_shown() {
        (w * 22 / 100).clamp(24, 36)
    } else {
        0
    };
    let rest = w.saturating_sub(sidebar_w);
    // The reader's pane at most the measure and its chrome (borders and
    // the gutter); what it does not need, the list gets.
    let reader_max = READING_MEASURE + 2 + reader::GUTTER;
    let list_w = (rest * LIST_SHARE / 100)
        .max(rest.saturating_sub(reader_max))
        .max(24)
        .min(rest);
    let reader_w = rest - list_w;
    a.list = Some(Rect::new(0, 0, list_w, main_h));
    a.reader = Some(Rect::new(list_w, 0, reader_w, main_h));
    if sidebar_w > 0 {
        let side = Rect::new(list_w + reader_w, 0, sidebar_w, main_h);
        if overview_open {
            a.overview = Some(side);
        } else {
            a.sidebar = Some(side);
        }
    }
    a
}

/// The reader's text width: the pane without borders and the gutter.
pub fn reader_text_width(app: &App) -> usize {
    let r = reader_area_for_layout(app);
    usize::from(
        r.width
            .saturating_sub(2 + reader::GUTTER)
            .min(READING_MEASURE),
    )
}

/// The reader's height in lines.
pub fn reader_height(app: &App) -> usize {
    let r = reader_area_for_layout(app);
    usize::from(r.height.saturating_sub(2))
}

/// The list's height in rows.
pub fn list_height(app: &App) -> usize {
    let a = areas(app);
    let r = a
        .list
        .unwrap_or(Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(1)));
    usize::from(r.height.saturating_sub(2))
}

/// The reader's rectangle, or the one it would have when focused (the text
/// is laid out for it even while another pane fills a narrow terminal).
fn reader_area_for_layout(app: &App) -> Rect {
    match areas(app).reader {
        Some(r) => r,
        None => Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(1)),
    }
}

/// Draws the whole screen.
/// Lines drawn as they are, one a row from the top of `area`, each cut at
/// the area's width: what an unwrapped `Paragraph` draws, without its pass
/// over every grapheme to truncate. The list, the reader and the sidebar
/// draw theirs this way every frame; lines here are laid out already.
pub(crate) fn draw_lines(frame: &mut Frame, area: Rect, lines: &[ratatui::text::Line]) {
    let buf = frame.buffer_mut();
    for (row, line) in (area.y..area.bottom()).zip(lines) {
        buf.set_line(area.x, row, line, area.width);
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    let a = areas(app);
    let theme = app.theme;
    if let Some(r) = a.list {
        list::render(app, r, frame, &theme);
    }
    if let Some(r) = a.reader {
        reader::render(app, r, frame, &theme);
    }
    if let Some(r) = a.sidebar {
        sidebar::render(app, r, frame, &theme);
    }
    if let (Some(r), Some(o)) = (a.overview, app.overview()) {
        overview::render(app, o, r, frame, &theme);
    }
    status::render(app, a.status, frame, &theme);
    if let Mode::Help { scroll } = app.mode {
        help::render(app, scroll, frame.area(), frame, &theme);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::tui::testing::app_sized as app;
    use crate::tui::update::{update, Msg};

    const SIZES: [(u16, u16); 4] = [(120, 40), (80, 24), (60, 20), (20, 5)];

    fn key(app: &mut App, code: KeyCode) {
        update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    fn draw(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
        terminal.draw(|f| render(app, f)).unwrap();
        terminal.backend().to_string()
    }

    fn snapshot_all(name: &str, prepare: impl Fn(&mut App)) {
        for size in SIZES {
            let mut a = app(size);
            prepare(&mut a);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), draw(&a));
        }
    }

    #[test]
    fn list_view() {
        snapshot_all("list", |_| {});
    }

    #[test]
    fn wide_terminals_give_the_list_room_and_the_reader_a_measure() {
        // 140: the list shows date, badge, ID and a readable subject.
        let a = app((140, 16));
        insta::assert_snapshot!("list_140x16", draw(&a));
        // 240: the origin too, and the reader's text no wider than the
        // measure.
        let a = app((240, 16));
        insta::assert_snapshot!("list_240x16", draw(&a));
        assert!(reader_text_width(&a) <= usize::from(READING_MEASURE));
        let mut z = app((240, 16));
        z.zoom = true;
        assert_eq!(reader_text_width(&z), usize::from(READING_MEASURE));
    }

    #[test]
    fn reader_view_with_cursor_on_a_reference() {
        snapshot_all("reader", |a| key(a, KeyCode::Tab));
    }

    #[test]
    fn reader_view_on_a_paragraph_with_hits() {
        snapshot_all("reader_hits", |a| {
            a.terms = vec![vec!["petlyakov".into()]];
            a.relayout();
            key(a, KeyCode::Tab);
            key(a, KeyCode::Char('n'));
        });
    }

    #[test]
    fn raw_view() {
        snapshot_all("raw", |a| {
            key(a, KeyCode::Tab);
            key(a, KeyCode::Char('v'));
        });
    }

    #[test]
    fn search_prompt() {
        snapshot_all("prompt", |a| {
            key(a, KeyCode::Char('/'));
            for c in "tag:PREL darfur".chars() {
                key(a, KeyCode::Char(c));
            }
        });
    }

    #[test]
    fn sidebar_focused() {
        snapshot_all("sidebar", |a| {
            a.sidebar = Some(true);
            key(a, KeyCode::BackTab);
        });
    }

    #[test]
    fn sidebar_with_a_value_under_the_cursor() {
        for size in [(120, 40), (80, 24)] {
            let mut a = app(size);
            a.sidebar = Some(true);
            key(&mut a, KeyCode::BackTab);
            for _ in 0..3 {
                key(&mut a, KeyCode::Char('j'));
            }
            let screen = draw(&a);
            assert!(screen.contains("› PREL"), "{screen}");
            insta::assert_snapshot!(format!("sidebar_value_{}x{}", size.0, size.1), screen);
        }
    }

    #[test]
    fn help_overlay() {
        snapshot_all("help", |a| key(a, KeyCode::Char('?')));
    }

    #[test]
    fn help_overlay_scrolled() {
        snapshot_all("help_scrolled", |a| {
            key(a, KeyCode::Char('?'));
            for _ in 0..12 {
                key(a, KeyCode::Char('j'));
            }
        });
    }

    #[test]
    fn bookmarks_view_and_stars() {
        snapshot_all("bookmarks", |a| {
            a.bookmarks = vec![
                crate::library::Bookmark {
                    id: "07MOSCOW1026".into(),
                    paragraph: 2,
                    number: Some("2".into()),
                    note: "ATGMs to Hizballah".into(),
                    created: "2026-11-25T09:00:00Z".into(),
                },
                crate::library::Bookmark {
                    id: "09MOSCOW501".into(),
                    paragraph: 7,
                    number: Some("7".into()),
                    note: "manpower".into(),
                    created: "2026-11-25T09:05:00Z".into(),
                },
            ];
            // The bookmarked cables' rows, as the runtime reads them.
            for id in ["07MOSCOW1026", "09MOSCOW501"] {
                let c = crate::tui::testing::loaded(id);
                let row = crate::library::ListRow {
                    id: id.into(),
                    created: c.stored.cable.created,
                    classification: None,
                    origin: None,
                    subject: c.stored.cable.subject.clone(),
                };
                a.bookmarked_cables.insert(id.into(), row);
            }
            a.sidebar = Some(true);
            key(a, KeyCode::Char('B'));
            key(a, KeyCode::Char('j'));
        });
    }

    #[test]
    fn a_star_marks_a_bookmarked_paragraph() {
        snapshot_all("star", |a| {
            a.bookmarks = vec![crate::library::Bookmark {
                id: "07MOSCOW1026".into(),
                paragraph: 1,
                number: Some("1".into()),
                note: "Petlyakov".into(),
                created: "2026-11-25T09:00:00Z".into(),
            }];
            a.sidebar = Some(true);
        });
    }

    #[test]
    fn saved_searches_view_with_counts() {
        snapshot_all("saved", |a| {
            a.triage.saved = vec![
                crate::library::SavedSearch {
                    name: "sudan".into(),
                    query: "darfur tag:PREL".into(),
                    created: String::new(),
                },
                crate::library::SavedSearch {
                    name: "unread arms".into(),
                    query: "arms is:unread".into(),
                    created: String::new(),
                },
            ];
            a.triage.saved_counts.insert(
                "darfur tag:PREL".into(),
                crate::library::ListCounts {
                    total: 1_204,
                    unread: 17,
                },
            );
            key(a, KeyCode::Char('\''));
        });
    }

    #[test]
    fn a_selection_shows_a_marker_column_and_its_count() {
        snapshot_all("selection", |a| {
            key(a, KeyCode::Char(' '));
            key(a, KeyCode::Char('j'));
            key(a, KeyCode::Char(' '));
        });
    }

    #[test]
    fn a_missing_reference_message_in_the_status_line() {
        snapshot_all("missing_ref", |a| {
            key(a, KeyCode::Tab);
            key(a, KeyCode::Enter);
        });
    }

    /// The overview open on the samples' list, with counts over 2005–2009.
    fn overview_open(a: &mut App) {
        let effects = update(
            a,
            Msg::Key(KeyEvent::new(KeyCode::Char('O'), KeyModifiers::NONE)),
        );
        let Some(crate::tui::effect::Effect::LoadOverview { ticket, query }) = effects.first()
        else {
            panic!("{effects:?}");
        };
        let months: Vec<(String, u64)> = (0..52u64)
            .map(|i| {
                let (y, m) = (2005 + (i + 10) / 12, (i + 10) % 12 + 1);
                (format!("{y}-{m:02}"), (i * 7) % 23 + 1)
            })
            .collect();
        let months: Vec<(&str, u64)> = months.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        let counts = crate::tui::testing::counts(
            &[
                ("Embassy Moscow", 540),
                ("Consulate Yekaterinburg", 21),
                ("Secretary of State", 3),
            ],
            &months,
        );
        update(
            a,
            Msg::OverviewLoaded {
                ticket: *ticket,
                query: query.clone(),
                result: Ok(counts),
            },
        );
    }

    #[test]
    fn overview_of_the_list() {
        for size in [(120, 40), (80, 24)] {
            let mut a = app(size);
            overview_open(&mut a);
            insta::assert_snapshot!(format!("overview_{}x{}", size.0, size.1), draw(&a));
        }
    }

    #[test]
    fn overview_with_a_range_and_a_value_under_the_cursor() {
        for size in [(120, 40), (80, 24)] {
            let mut a = app(size);
            overview_open(&mut a);
            key(&mut a, KeyCode::Char('v'));
            for _ in 0..4 {
                key(&mut a, KeyCode::Char('l'));
            }
            let range = draw(&a);
            assert!(range.contains("2007-03..2007-07"), "{range}");
            insta::assert_snapshot!(format!("overview_range_{}x{}", size.0, size.1), range);
            for _ in 0..5 {
                key(&mut a, KeyCode::Char('j'));
            }
            insta::assert_snapshot!(format!("overview_values_{}x{}", size.0, size.1), draw(&a));
        }
    }

    #[test]
    fn every_size_down_to_one_by_one_renders() {
        for w in 0..=30u16 {
            for h in 0..=8u16 {
                for zoom in [false, true] {
                    for overview in [false, true] {
                        let mut a = app((w, h));
                        a.zoom = zoom;
                        if overview {
                            overview_open(&mut a);
                        }
                        a.relayout();
                        let mut terminal =
                            Terminal::new(TestBackend::new(w.max(1), h.max(1))).unwrap();
                        terminal.draw(|f| render(&a, f)).unwrap();
                    }
                }
            }
        }
        let mut a = app((200, 60));
        key(&mut a, KeyCode::Char('?'));
        draw(&a);
    }
}
