//! The thread view's rows and titles in the list pane: the tree lines, then
//! date, badge, ID and subject; a cable the library does not have marked
//! `✗`, with what its citer's REF entry says; the open cable in bold.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::list::{cable_line, fit};
use super::theme::Theme;
use crate::library::ListRow;
use crate::tui::document::{sanitize, SegKind};
use crate::tui::state::thread::ThreadRow;
use crate::tui::state::{LocalItem, LocalList};

/// `Thread of 09BERLIN1296`.
pub fn title(list: &LocalList) -> String {
    let anchor = list.rows.iter().find_map(|r| match &r.item {
        LocalItem::Thread(t) if t.anchor => Some(r.row.id.as_str()),
        _ => None,
    });
    match anchor {
        Some(id) => format!("Thread of {}", sanitize(id)),
        None => "Thread".to_string(),
    }
}

/// `Similar to 09BERLIN1296`.
pub fn similar_title(list: &LocalList) -> String {
    let to = list.rows.iter().find_map(|r| match &r.item {
        LocalItem::Similar { to } => Some(to.as_str()),
        _ => None,
    });
    match to {
        Some(id) => format!("Similar to {}", sanitize(id)),
        None => "Similar".to_string(),
    }
}

/// One row of the tree; `open` marks the cable in the reader. A present
/// cable is the list's row after the tree lines, with what else of the
/// thread it cites after its subject.
pub fn row_line(
    row: &ListRow,
    t: &ThreadRow,
    open: bool,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let lead = Span::styled(t.prefix.clone(), theme.dim());
    let room = width.saturating_sub(u16::try_from(t.prefix.width()).unwrap_or(u16::MAX));
    let mut line = if t.present {
        let mut row = row.clone();
        if !t.also_cites.is_empty() {
            let subject = row.subject.take().unwrap_or_default();
            row.subject = Some(format!(
                "{subject} · also cites {}",
                t.also_cites.join(", ")
            ));
        }
        cable_line(&row, room, theme)
    } else {
        let mut what = format!("{} ✗ not in the library", row.id);
        if let Some(cited) = &t.cited_as {
            what.push_str(&format!(" (cited as {cited})"));
        }
        Line::from(Span::styled(
            fit(&sanitize(&what), usize::from(room)),
            theme.seg(SegKind::Missing),
        ))
    };
    line.spans.insert(0, lead);
    if open {
        line = line.style(Style::default().add_modifier(Modifier::BOLD));
    }
    line
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use crate::tui::state::thread::tests::berlin;
    use crate::tui::state::App;
    use crate::tui::testing::{app_sized, code, deliver, key, show_thread};
    use crate::tui::update::update;

    fn draw(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
        terminal.draw(|f| crate::tui::view::render(app, f)).unwrap();
        terminal.backend().to_string()
    }

    /// The Berlin thread shown for the sample open in the reader.
    fn in_thread(size: (u16, u16)) -> App {
        let mut a = app_sized(size);
        show_thread(&mut a, berlin());
        a
    }

    #[test]
    fn the_thread_view_is_a_tree_with_the_missing_cable_marked() {
        for size in [(120, 40), (80, 24), (60, 20), (20, 5)] {
            let a = in_thread(size);
            insta::assert_snapshot!(format!("thread_{}x{}", size.0, size.1), draw(&a));
        }
        let screen = draw(&in_thread((120, 40)));
        assert!(
            screen.contains("└─ 09BERLIN1241 ✗ not in the library"),
            "{screen}"
        );
    }

    #[test]
    fn a_missing_cable_chosen_says_so_in_the_status_line() {
        let mut a = in_thread((120, 40));
        update(&mut a, key('g'));
        update(&mut a, key('j'));
        insta::assert_snapshot!("thread_missing_chosen_120x40", draw(&a));
    }

    #[test]
    fn a_document_of_many_shows_each_cable_under_its_citation_line() {
        for size in [(120, 40), (60, 20)] {
            let mut a = app_sized(size);
            let ids: Vec<String> = ["05MOSCOW11807", "07MOSCOW1026"].map(String::from).to_vec();
            let effects =
                crate::tui::update::document::read_as_one(&mut a, ids, "two".into(), None);
            deliver(&mut a, effects);
            update(&mut a, key('J'));
            update(&mut a, code(KeyCode::Down));
            insta::assert_snapshot!(format!("read_as_one_{}x{}", size.0, size.1), draw(&a));
        }
    }
}
