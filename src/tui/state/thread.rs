//! The thread view's rows (`T`): the library's thread of a cable as a
//! local list, one row per cable in the tree's display order, each with
//! the tree lines drawn before it; and the similar cables (`R`), another
//! local list.

use crate::library::thread::Thread;
use crate::library::{ListRow, SearchResults};

use super::list::{LocalItem, LocalRow};

/// What a row of the thread view stands for, beyond its list row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    /// The tree lines before it (`│  ├─ `), from `Thread::tree_prefixes`.
    pub prefix: String,
    /// The cable the thread was asked for.
    pub anchor: bool,
    /// Whether the library has the cable.
    pub present: bool,
    /// For a cable not in the library: what the citing REF entry says.
    pub cited_as: Option<String>,
    /// The cables of the thread it cites besides the one it hangs under.
    pub also_cites: Vec<String>,
}

/// The rows of the thread view, in the thread's display order. A cable the
/// library does not have gets a row with its ID only.
pub fn thread_rows(thread: &Thread) -> Vec<LocalRow> {
    thread
        .cables
        .iter()
        .zip(thread.tree_prefixes())
        .map(|(c, prefix)| LocalRow {
            row: c.row.clone().unwrap_or_else(|| bare_row(&c.id)),
            item: LocalItem::Thread(ThreadRow {
                prefix,
                anchor: c.id == thread.id,
                present: c.present(),
                cited_as: c.cited_as.clone(),
                also_cites: c.also_cites().map(str::to_string).collect(),
            }),
        })
        .collect()
}

/// The present cables of a thread view's rows, oldest first (undated
/// last, then by ID): the order a thread is read as one document.
pub fn present_oldest_first(rows: &[LocalRow]) -> Vec<String> {
    let mut present: Vec<&ListRow> = rows
        .iter()
        .filter(|r| matches!(&r.item, LocalItem::Thread(t) if t.present))
        .map(|r| &r.row)
        .collect();
    present.sort_by(|a, b| {
        (a.created.is_none(), a.created, &a.id).cmp(&(b.created.is_none(), b.created, &b.id))
    });
    present.into_iter().map(|r| r.id.clone()).collect()
}

/// The list rows of the hits of a search, in its order.
pub fn hit_rows(results: &SearchResults) -> Vec<ListRow> {
    results
        .hits
        .iter()
        .map(|h| ListRow {
            id: h.id.clone(),
            created: h.created,
            classification: h.classification.clone(),
            origin: h.origin.clone(),
            subject: h.subject.clone(),
        })
        .collect()
}

/// The rows of the similar cables of `to`, best first.
pub fn similar_rows(to: &str, rows: Vec<ListRow>) -> Vec<LocalRow> {
    rows.into_iter()
        .map(|row| LocalRow {
            row,
            item: LocalItem::Similar { to: to.to_string() },
        })
        .collect()
}

/// The row of a cable known by its ID only.
fn bare_row(id: &str) -> ListRow {
    ListRow {
        id: id.to_string(),
        created: None,
        classification: None,
        origin: None,
        subject: None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::library::thread::ThreadCable;

    fn cable(id: &str, day: u8, present: bool, depth: usize, parent: Option<&str>) -> ThreadCable {
        let created = crate::cable::Timestamp::new(2009, 10, day, 10, 0);
        ThreadCable {
            id: id.into(),
            row: present.then(|| ListRow {
                id: id.into(),
                created,
                classification: Some("CONFIDENTIAL".into()),
                origin: Some("Embassy Berlin".into()),
                subject: Some(format!("subject of {id}")),
            }),
            origin: present.then(|| "Embassy Berlin".into()),
            cited_as: (!present).then(|| format!("BERLIN {}", &id[8..])),
            hops: 1,
            depth,
            parent: parent.map(str::to_string),
            cites: parent.into_iter().map(str::to_string).collect(),
            cited_by: Vec::new(),
            last: true,
        }
    }

    /// The Berlin chain of the acceptance test, as the library lays it
    /// out: 1162 ← 1241 (missing) ← 1271 ← 1296.
    pub(crate) fn berlin() -> Thread {
        Thread {
            id: "09BERLIN1296".into(),
            cables: vec![
                cable("09BERLIN1162", 1, true, 0, None),
                cable("09BERLIN1241", 10, false, 1, Some("09BERLIN1162")),
                cable("09BERLIN1271", 15, true, 2, Some("09BERLIN1241")),
                cable("09BERLIN1296", 20, true, 3, Some("09BERLIN1271")),
            ],
            truncated: false,
        }
    }

    #[test]
    fn each_cable_of_the_thread_is_a_row_with_its_tree_lines() {
        let rows = thread_rows(&berlin());
        let ids: Vec<&str> = rows.iter().map(|r| r.row.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "09BERLIN1162",
                "09BERLIN1241",
                "09BERLIN1271",
                "09BERLIN1296"
            ]
        );
        let LocalItem::Thread(missing) = &rows[1].item else {
            panic!("{:?}", rows[1].item)
        };
        assert!(!missing.present);
        assert_eq!(missing.prefix, "└─ ");
        assert_eq!(missing.cited_as.as_deref(), Some("BERLIN 1241"));
        assert!(matches!(&rows[3].item, LocalItem::Thread(t) if t.anchor));
    }

    #[test]
    fn a_thread_is_read_oldest_first_without_its_missing_cables() {
        let rows = thread_rows(&berlin());
        let mut rows = rows;
        rows.reverse();
        assert_eq!(
            present_oldest_first(&rows),
            ["09BERLIN1162", "09BERLIN1271", "09BERLIN1296"]
        );
    }
}
