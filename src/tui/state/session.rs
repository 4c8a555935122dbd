//! What the reader remembers for the next start.

use crate::library::{ListQuery, Session, SessionPlace, SessionView};

use super::list::{ListSource, LocalKind};
use super::App;

impl App {
    /// What to remember for the next start: view, query, selection, the
    /// place in the reader, the history.
    pub fn session(&self) -> Session {
        let (view, query, cited_id) = match &self.list.source {
            ListSource::Index(ListQuery::All) => (SessionView::All, None, None),
            ListSource::Index(ListQuery::Search(q)) => (SessionView::Search, Some(q.clone()), None),
            ListSource::Index(ListQuery::CitedBy(id)) => {
                (SessionView::CitedBy, None, Some(id.clone()))
            }
            ListSource::Local(l) => match l.kind {
                LocalKind::Bookmarks => (SessionView::Bookmarks, None, None),
                LocalKind::Saved => (SessionView::Saved, None, None),
            },
        };
        let mut history: Vec<SessionPlace> = self
            .history
            .entries
            .iter()
            .map(|h| SessionPlace {
                id: h.id.clone(),
                cursor: h.cursor,
                scroll: h.scroll,
            })
            .collect();
        // The current entry holds the place as it is now.
        if let Some(current) = history.get_mut(self.history.pos) {
            current.cursor = self.reader.cursor;
            current.scroll = self.reader.scroll;
        }
        Session {
            view,
            query,
            cited_id,
            selected: self.list.selected_row().map(|r| r.id.clone()),
            reader: self.current_id().map(str::to_string),
            cursor: self.reader.cursor,
            scroll: self.reader.scroll,
            history,
            history_pos: self.history.pos,
            query_history: self.query_history.clone(),
            selection: self.triage.selection.clone(),
        }
    }
}
