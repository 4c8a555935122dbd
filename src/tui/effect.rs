//! Effects as data: what `update` asks the runtime to do. Work for the
//! library goes in a lane, and the lane decides what happens to requests
//! that wait: searches keep only the newest (an older one would be dropped
//! on arrival anyway), counts are answered together and none is lost, and
//! I/O (pages, cables, bookmarks) runs in the order asked. Each lane has
//! its own ticket: an answer whose ticket is no longer the lane's current
//! one is stale, and `update` drops it.

use std::collections::VecDeque;

use std::path::PathBuf;

use crate::library::{Bookmark, ListQuery, Session, Sort, Step};

/// Why a cable is loaded, which decides what happens to the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// The list selection moved: the current history entry is replaced.
    Select,
    /// The first page arrived: show its first cable unless the reader
    /// already shows one (the cable asked for on the command line).
    Initial,
    /// A reference was followed or a cable opened: a new history entry.
    Follow,
    /// Back or forward along the history, to this place in the cable.
    History { cursor: usize, scroll: usize },
    /// Opened from a bookmark: a new history entry, the cursor on this
    /// paragraph (position from 1).
    Paragraph(usize),
}

/// Where a request waits, and what happens to the requests waiting there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Searches typed at the prompt: only the newest runs.
    Search,
    /// The overview's counts: only the newest runs, as for searches.
    Overview,
    /// Counts: all that wait are answered together, none is dropped.
    Count,
    /// Pages, cables, bookmarks: each in turn, in the order asked.
    Io,
    /// The related cables shown in the list pane or read as one: a
    /// thread, the similar cables, a document of many cables. Each can take
    /// longer than a frame at full scale, and only the newest is wanted.
    Related,
    /// Changes to the user's files that may take longer than a frame
    /// (read marks of the whole release, exports): in the order asked, off
    /// the UI thread.
    Store,
}

/// What a lane does with the requests that wait in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    KeepNewest,
    Batch,
    InOrder,
}

/// How many lanes there are (a new lane: a variant, its policy, its index).
const LANES: usize = 6;

impl Lane {
    pub const fn policy(self) -> Policy {
        match self {
            Lane::Search | Lane::Overview => Policy::KeepNewest,
            Lane::Count => Policy::Batch,
            Lane::Io | Lane::Store => Policy::InOrder,
            Lane::Related => Policy::KeepNewest,
        }
    }

    const fn index(self) -> usize {
        match self {
            Lane::Search => 0,
            Lane::Count => 1,
            Lane::Io => 2,
            Lane::Related => 3,
            Lane::Store => 4,
            Lane::Overview => 5,
        }
    }
}

/// A request's place in its lane: answers carry it back, and one whose
/// ticket is not the lane's current one is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub lane: Lane,
    pub seq: u64,
}

/// The current ticket of each lane. A lane's ticket is renewed when what
/// its answers are for changes: every search typed (Search), every new
/// list or order (Io: pages of an older list are dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tickets {
    seqs: [u64; LANES],
}

impl Tickets {
    /// A new ticket for the lane; answers to older ones are now stale.
    pub fn issue(&mut self, lane: Lane) -> Ticket {
        self.seqs[lane.index()] += 1;
        self.current(lane)
    }

    /// The lane's current ticket.
    pub fn current(&self, lane: Lane) -> Ticket {
        Ticket {
            lane,
            seq: self.seqs[lane.index()],
        }
    }

    /// Whether an answer with this ticket is still wanted.
    pub fn is_current(&self, ticket: Ticket) -> bool {
        self.current(ticket.lane) == ticket
    }
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A window of a list; the ticket's lane says whether it is a search
    /// typed at the prompt or a page of the list shown. `select` is the
    /// cable to select when it arrives (a restored session's).
    LoadPage {
        ticket: Ticket,
        query: ListQuery,
        sort: Option<Sort>,
        offset: usize,
        limit: usize,
        select: Option<String>,
    },
    LoadCable {
        id: String,
        intent: Intent,
    },
    /// The overview's counts of a list (its lane keeps the newest).
    LoadOverview {
        ticket: Ticket,
        query: ListQuery,
    },
    /// The bookmarks (at start); `select` as for a page.
    LoadBookmarks {
        select: Option<String>,
    },
    SaveBookmark(Bookmark),
    RemoveBookmark {
        id: String,
        paragraph: usize,
    },
    /// Remember where the reader is (a cable was opened), so that nothing
    /// of a reading day depends on a clean quit.
    SaveSession(Box<Session>),
    Redraw,
    Suspend,
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// The thread of cable `id` (the library's default depth and limit).
    LoadThread {
        ticket: Ticket,
        id: String,
    },
    /// The cables closest in content to `id`.
    LoadSimilar {
        ticket: Ticket,
        id: String,
    },
    /// Cables for the reader to lay out as one document, in this order,
    /// titled `title`, the cursor on cable `at` (or, back along the
    /// history, at the intent's place).
    LoadDocument {
        ticket: Ticket,
        ids: Vec<String>,
        title: String,
        at: Option<String>,
        intent: Intent,
    },
    /// The cable from the same post just before or after `id`.
    FindNeighbour {
        id: String,
        step: Step,
    },
    /// Read marks, saved searches, the selection's actions.
    Triage(TriageEffect),
}

/// The work of triage: the user's files and the counts they make.
#[derive(Debug, Clone, PartialEq)]
pub enum TriageEffect {
    /// The read marks (at start).
    LoadMarks,
    /// Mark these cables read (`read`) or unread.
    SetRead {
        ids: Vec<String>,
        read: bool,
    },
    /// How many cables of the list shown are unread; the ticket is the
    /// list's (its Io lane's), so that a count of a list left is dropped.
    CountUnread {
        ticket: Ticket,
        list: ListQuery,
    },
    /// The saved searches (at start).
    LoadSaved,
    SaveSearch {
        name: String,
        query: String,
    },
    EditSaved {
        old: String,
        name: String,
        query: String,
    },
    RemoveSaved {
        name: String,
    },
    /// The total and unread count of each saved query.
    CountSaved {
        queries: Vec<String>,
    },
    /// Every cable ID of a list (`*`); the ticket as for a count.
    ListIds {
        ticket: Ticket,
        list: ListQuery,
    },
    /// Markdown citations of these cables to a new file in `dir` (the
    /// current directory when `None`), named by the time it is written.
    Export {
        ids: Vec<String>,
        dir: Option<PathBuf>,
    },
    /// Bookmark the first paragraph of each cable that has none there.
    BookmarkFirst {
        ids: Vec<String>,
    },
}

impl TriageEffect {
    pub fn lane(&self) -> Lane {
        match self {
            TriageEffect::CountUnread { .. } | TriageEffect::CountSaved { .. } => Lane::Count,
            _ => Lane::Store,
        }
    }
}

impl Effect {
    /// The lane of a request to the library; `None` for the effects on the
    /// terminal, which the runtime performs itself.
    pub fn lane(&self) -> Option<Lane> {
        match self {
            Effect::LoadPage { ticket, .. } | Effect::LoadOverview { ticket, .. } => {
                Some(ticket.lane)
            }
            Effect::LoadCable { .. }
            | Effect::LoadBookmarks { .. }
            | Effect::SaveBookmark(_)
            | Effect::RemoveBookmark { .. }
            | Effect::SaveSession(_)
            | Effect::FindNeighbour { .. } => Some(Lane::Io),
            Effect::LoadThread { ticket, .. }
            | Effect::LoadSimilar { ticket, .. }
            | Effect::LoadDocument { ticket, .. } => Some(ticket.lane),
            Effect::Triage(t) => Some(t.lane()),
            Effect::Redraw | Effect::Suspend | Effect::Quit | Effect::Copy(_) => None,
        }
    }
}

/// Requests waiting to run, by lane. Pure: the worker thread pushes what
/// arrives and takes what to run next.
#[derive(Debug)]
pub struct Queue<T> {
    waiting: [VecDeque<T>; LANES],
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            waiting: std::array::from_fn(|_| VecDeque::new()),
        }
    }
}

impl<T> Queue<T> {
    /// Adds a request to its lane; in a lane that keeps the newest, the
    /// ones waiting there are dropped.
    pub fn push(&mut self, lane: Lane, request: T) {
        let waiting = &mut self.waiting[lane.index()];
        if lane.policy() == Policy::KeepNewest {
            waiting.clear();
        }
        waiting.push_back(request);
    }

    /// What to run now: the next request of an in-order lane, every count
    /// waiting, the newest search, related request and overview — I/O
    /// first, then counts, then searches, then the related, then the
    /// overview.
    pub fn take(&mut self) -> Vec<T> {
        let mut out = Vec::new();
        for lane in [
            Lane::Io,
            Lane::Store,
            Lane::Count,
            Lane::Search,
            Lane::Related,
            Lane::Overview,
        ] {
            let waiting = &mut self.waiting[lane.index()];
            match lane.policy() {
                Policy::InOrder => out.extend(waiting.pop_front()),
                Policy::Batch | Policy::KeepNewest => out.extend(waiting.drain(..)),
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.iter().all(VecDeque::is_empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_request_is_not_dropped_by_a_newer_search() {
        let mut q = Queue::default();
        q.push(Lane::Count, "count cables of origin Moscow");
        q.push(Lane::Search, "search a");
        q.push(Lane::Search, "search ar");
        q.push(Lane::Count, "count cables of tag PREL");
        assert_eq!(
            q.take(),
            vec![
                "count cables of origin Moscow",
                "count cables of tag PREL",
                "search ar"
            ]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn the_overview_keeps_only_its_newest_and_no_search_drops_it() {
        let mut q = Queue::default();
        q.push(Lane::Overview, "counts of a");
        q.push(Lane::Search, "search b");
        q.push(Lane::Overview, "counts of ab");
        assert_eq!(q.take(), vec!["search b", "counts of ab"]);
    }

    #[test]
    fn searches_keep_only_the_newest() {
        let mut q = Queue::default();
        for s in ["a", "ar", "arm"] {
            q.push(Lane::Search, s);
        }
        assert_eq!(q.take(), vec!["arm"]);
    }

    #[test]
    fn a_related_request_keeps_only_the_newest_and_leaves_searches_alone() {
        let mut q = Queue::default();
        q.push(Lane::Related, "thread of 09BERLIN1296");
        q.push(Lane::Search, "search ber");
        q.push(Lane::Related, "similar to 09BERLIN1296");
        assert_eq!(q.take(), vec!["search ber", "similar to 09BERLIN1296"]);
    }

    #[test]
    fn io_runs_in_the_order_asked_one_at_a_time() {
        let mut q = Queue::default();
        q.push(Lane::Io, 1);
        q.push(Lane::Io, 2);
        q.push(Lane::Io, 3);
        assert_eq!(q.take(), vec![1]);
        assert_eq!(q.take(), vec![2]);
        assert_eq!(q.take(), vec![3]);
        assert!(q.take().is_empty());
    }

    #[test]
    fn a_new_ticket_makes_the_older_ones_of_its_lane_stale_only() {
        let mut t = Tickets::default();
        let search = t.issue(Lane::Search);
        let list = t.current(Lane::Io);
        let newer = t.issue(Lane::Search);
        assert!(!t.is_current(search));
        assert!(t.is_current(newer));
        assert!(t.is_current(list), "another lane's ticket stays current");
    }

    #[test]
    fn every_request_names_its_lane() {
        let mut t = Tickets::default();
        let page = Effect::LoadPage {
            ticket: t.issue(Lane::Search),
            query: ListQuery::Search("x".into()),
            sort: None,
            offset: 0,
            limit: 10,
            select: None,
        };
        assert_eq!(page.lane(), Some(Lane::Search));
        let cable = Effect::LoadCable {
            id: "07MOSCOW1026".into(),
            intent: Intent::Follow,
        };
        assert_eq!(cable.lane(), Some(Lane::Io));
        assert_eq!(Effect::Quit.lane(), None);
    }
}
