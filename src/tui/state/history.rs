//! The reading history: the cables read, in order, with the place in each.

/// A place in the reading history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: String,
    pub cursor: usize,
    pub scroll: usize,
    /// Reached by moving the list's selection: the next cable the list
    /// selection brings takes this entry's place instead of adding one, so
    /// that `j j j` does not fill the history.
    pub browsed: bool,
    /// A document of many cables read as one (`id` is the cable the
    /// cursor was in); `None` for one cable.
    pub many: Option<ManyCables>,
}

/// The cables of a document of many, in its order, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManyCables {
    pub ids: Vec<String>,
    pub title: String,
}

/// The cables read, and where the reader is among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub entries: Vec<HistoryEntry>,
    /// Index of the current entry.
    pub pos: usize,
}

impl History {
    /// The previous cable (or document of many: what it is), for the
    /// status line.
    pub fn back_id(&self) -> Option<&str> {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .map(|e| e.many.as_ref().map_or(e.id.as_str(), |m| m.title.as_str()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A list view left for another one ("citing X", the bookmarks): what
/// `Esc` goes back to, at the same place.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewBefore {
    pub list: super::list::ListState,
    pub terms: Vec<Vec<String>>,
}
