//! What the reader remembers for the next start.

use crate::library::{ListQuery, Session, SessionPlace, SessionView};

use super::list::{ListSource, LocalKind};
use super::App;

impl App {
    /// What to remember for the next start: view, query, selection, the
    /// place in the reader, the history.
    pub fn session(&self) -> Session {
        // A thread or the similar cables are not kept: the list they were
        // opened from is.
        let passing = |l: &super::ListState| {
            matches!(l.local_kind(), Some(LocalKind::Thread | LocalKind::Similar))
        };
        let list = std::iter::once(&self.list)
            .chain(self.views_before.iter().rev().map(|v| &v.list))
            .find(|l| !passing(l))
            .unwrap_or(&self.list);
        let (view, query, cited_id) = match &list.source {
            ListSource::Index(ListQuery::All) => (SessionView::All, None, None),
            ListSource::Index(ListQuery::Search(q)) => (SessionView::Search, Some(q.clone()), None),
            ListSource::Index(ListQuery::CitedBy(id)) => {
                (SessionView::CitedBy, None, Some(id.clone()))
            }
            ListSource::Local(l) => match l.kind {
                LocalKind::Bookmarks => (SessionView::Bookmarks, None, None),
                LocalKind::Thread | LocalKind::Similar => (SessionView::All, None, None),
                LocalKind::Saved => (SessionView::Saved, None, None),
            },
        };
        let mut history: Vec<SessionPlace> = self
            .history
            .entries
            .iter()
            .map(|h| SessionPlace {
                id: h.id.clone(),
                // A document of many is remembered as the cable the cursor
                // was in, from its top: its place is no place in that cable.
                cursor: if h.many.is_some() { 0 } else { h.cursor },
                scroll: if h.many.is_some() { 0 } else { h.scroll },
            })
            .collect();
        // The current entry holds the place as it is now.
        let (cursor, scroll) = if self.reader.is_many() {
            (0, 0)
        } else {
            (self.reader.cursor, self.reader.scroll)
        };
        if let Some(current) = history.get_mut(self.history.pos) {
            (current.cursor, current.scroll) = (cursor, scroll);
        }
        Session {
            view,
            query,
            cited_id,
            selected: list.selected_row().map(|r| r.id.clone()),
            reader: self.current_id().map(str::to_string),
            cursor,
            scroll,
            history,
            history_pos: self.history.pos,
            query_history: self.query_history.clone(),
            selection: self.triage.selection.clone(),
        }
    }
}
