//! The bookmarks as the reader holds them: the stars of the cable in the
//! reader and the rows of the bookmarks view.

use std::collections::HashMap;

use crate::library::store::listing_order;
use crate::library::{Bookmark, ListRow};

use super::list::{LocalItem, LocalRow};
use super::App;

/// The rows of the bookmarks view, in the library's listing order, as
/// `cablegram bookmarks` lists them (their IDs drive the reader like any
/// list). Each row is the bookmarked cable's own list row (date, class,
/// origin, subject) where the library has it, so the view can show the
/// subject beside the note.
pub fn bookmark_rows(bookmarks: &[Bookmark], cables: &HashMap<String, ListRow>) -> Vec<LocalRow> {
    let mut ordered = bookmarks.to_vec();
    listing_order(&mut ordered);
    ordered
        .iter()
        .map(|b| LocalRow {
            row: cables.get(&b.id).cloned().unwrap_or_else(|| ListRow {
                id: b.id.clone(),
                created: None,
                classification: None,
                origin: None,
                subject: None,
            }),
            item: LocalItem::Bookmark(b.clone()),
        })
        .collect()
}

impl App {
    /// Whether paragraph `position` (from 0) of the cable in the reader is
    /// bookmarked.
    pub fn is_bookmarked(&self, position: usize) -> bool {
        self.current_id()
            .is_some_and(|id| self.is_bookmarked_in(id, position))
    }

    /// Whether paragraph `position` (from 0) of cable `id` is bookmarked
    /// (any cable of a document of many).
    pub fn is_bookmarked_in(&self, id: &str, position: usize) -> bool {
        self.bookmarks
            .iter()
            .any(|b| b.id == id && b.paragraph == position + 1)
    }

    /// The bookmarks of the cable in the reader, by paragraph.
    pub fn current_bookmarks(&self) -> Vec<&Bookmark> {
        let Some(id) = self.current_id() else {
            return Vec::new();
        };
        let mut v: Vec<&Bookmark> = self.bookmarks.iter().filter(|b| b.id == id).collect();
        v.sort_by_key(|b| b.paragraph);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bookmarks_view_lists_the_newest_first() {
        let rows = bookmark_rows(
            &[
                Bookmark::new("09MOSCOW501", 7, Some("7".into()), "manpower"),
                Bookmark::new("07MOSCOW5349", 3, Some("3".into()), "denisov"),
            ],
            &HashMap::new(),
        );
        assert_eq!(rows[0].row.id, "07MOSCOW5349");
        assert!(matches!(&rows[0].item, LocalItem::Bookmark(b) if b.note == "denisov"));
        assert!(matches!(&rows[1].item, LocalItem::Bookmark(b) if b.paragraph == 7));
    }

    #[test]
    fn a_bookmark_row_is_its_cables_row_with_the_subject() {
        let cable = ListRow {
            id: "07MOSCOW5349".into(),
            created: crate::cable::parse(crate::library::SAMPLES[0].1).created,
            classification: Some("SECRET".into()),
            origin: Some("Embassy Moscow".into()),
            subject: Some("DENISOV ON IRAN".into()),
        };
        let cables = HashMap::from([(cable.id.clone(), cable.clone())]);
        let rows = bookmark_rows(
            &[Bookmark::new(
                "07MOSCOW5349",
                3,
                Some("3".into()),
                "denisov",
            )],
            &cables,
        );
        assert_eq!(rows[0].row, cable);
    }
}
