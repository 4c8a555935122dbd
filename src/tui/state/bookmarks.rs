//! The bookmarks as the reader holds them: the stars of the cable in the
//! reader and the rows of the bookmarks view.

use crate::library::store::listing_order;
use crate::library::{Bookmark, ListRow};

use super::list::{LocalItem, LocalRow};
use super::App;

/// The rows of the bookmarks view, in the library's listing order, as
/// `cablegram bookmarks` lists them (their IDs drive the reader like any
/// list).
pub fn bookmark_rows(bookmarks: &[Bookmark]) -> Vec<LocalRow> {
    let mut ordered = bookmarks.to_vec();
    listing_order(&mut ordered);
    ordered
        .iter()
        .map(|b| LocalRow {
            row: ListRow {
                id: b.id.clone(),
                created: None,
                classification: None,
                origin: None,
                subject: Some(b.note.clone()),
            },
            item: LocalItem::Bookmark(b.clone()),
        })
        .collect()
}

impl App {
    /// Whether paragraph `position` (from 0) of the cable in the reader is
    /// bookmarked.
    pub fn is_bookmarked(&self, position: usize) -> bool {
        let Some(id) = self.current_id() else {
            return false;
        };
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
        let rows = bookmark_rows(&[
            Bookmark::new("09MOSCOW501", 7, Some("7".into()), "manpower"),
            Bookmark::new("07MOSCOW5349", 3, Some("3".into()), "denisov"),
        ]);
        assert_eq!(rows[0].row.id, "07MOSCOW5349");
        assert_eq!(rows[0].row.subject.as_deref(), Some("denisov"));
        assert!(matches!(&rows[1].item, LocalItem::Bookmark(b) if b.paragraph == 7));
    }
}
