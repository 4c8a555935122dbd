//! The thread of a cable: the reference graph around it, both ways — what
//! it cites (and what those cite) and what cites it (and what cites those)
//! — as a tree to a given depth. A pure function over an [`EdgeSource`]:
//! [`Library`] is one, a test's map is another.
//!
//! The walk is a tree, not a graph: a cable reached by two paths (a
//! diamond) appears under both. A cable already on the path from the root
//! is a cycle, kept as a leaf and not followed again; a cable the library
//! does not have is a placeholder (no row) and not followed — except at the
//! root, where its citers are what there is to see of it; a much-cited
//! cable lists at most `fan_out` neighbours, and says how many it left out.
//! That is `refs`.
//!
//! [`thread`] is the other reading of the same graph, the one a reader
//! follows a story by: every cable within N hops either way once, nearest
//! first up to a limit, laid out as one tree by date (see there).

use std::collections::{HashMap, HashSet};

use super::{Library, LibraryError, ListRow};
use crate::cable::Timestamp;

/// The deepest walk: each step can multiply the tree by the fan-out.
pub const MAX_DEPTH: usize = 20;

/// The most neighbours listed under one node by default, so that a
/// much-cited cable does not flood the tree.
pub const MAX_FAN_OUT: usize = 200;

/// What a walk needs to know about the reference graph.
pub trait EdgeSource {
    type Error;

    /// The cables `id` cites, once each, in the order of its REF entries
    /// (under the ID the library has them, else as cited), itself left
    /// out; empty for a cable that is not there.
    fn cites(&self, id: &str) -> Result<Vec<Cited>, Self::Error>;

    /// The cables that cite `id`, in the order to list them.
    fn cited_by(&self, id: &str) -> Result<Vec<String>, Self::Error>;

    /// The list row of `id`; `None` when the cable is not there.
    fn row(&self, id: &str) -> Result<Option<ListRow>, Self::Error>;

    /// Where the cable `id` comes from (`Embassy Berlin`); `None` when
    /// the cable is not there or does not say.
    fn origin(&self, id: &str) -> Result<Option<String>, Self::Error>;
}

pub use super::refs::Cited;

/// One cable of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadNode {
    pub id: String,
    /// The cable's list row; `None` for a cable the library does not have.
    pub row: Option<ListRow>,
    /// What it cites (followed from the root and down the `cites` side).
    pub cites: Vec<ThreadNode>,
    /// What cites it (followed from the root and down the `cited_by` side).
    pub cited_by: Vec<ThreadNode>,
    /// Already on the path from the root: listed, not followed again.
    pub cycle: bool,
    /// How many cables `cites` and `cited_by` left out at the fan-out cap.
    pub cites_cut: usize,
    pub cited_by_cut: usize,
}

impl ThreadNode {
    /// Whether the library has this cable.
    pub fn present(&self) -> bool {
        self.row.is_some()
    }

    fn leaf(id: String, row: Option<ListRow>) -> ThreadNode {
        ThreadNode {
            id,
            row,
            cites: Vec::new(),
            cited_by: Vec::new(),
            cycle: false,
            cites_cut: 0,
            cited_by_cut: 0,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Cites,
    CitedBy,
}

/// The thread of `root`, `depth` steps each way (at most [`MAX_DEPTH`]),
/// listing at most `fan_out` neighbours under each node. `root` is taken
/// as given (canonical); a root the source does not have is a placeholder
/// with its citers around it (what it cites is unknown).
pub fn walk<S: EdgeSource + ?Sized>(
    source: &S,
    root: &str,
    depth: usize,
    fan_out: usize,
) -> Result<ThreadNode, S::Error> {
    let depth = depth.min(MAX_DEPTH);
    let mut node = ThreadNode::leaf(root.to_string(), source.row(root)?);
    let mut path = vec![root.to_string()];
    let walker = Walker { source, fan_out };
    if node.present() {
        (node.cites, node.cites_cut) = walker.children(root, Direction::Cites, depth, &mut path)?;
    }
    (node.cited_by, node.cited_by_cut) =
        walker.children(root, Direction::CitedBy, depth, &mut path)?;
    Ok(node)
}

struct Walker<'a, S: ?Sized> {
    source: &'a S,
    fan_out: usize,
}

impl<S: EdgeSource + ?Sized> Walker<'_, S> {
    /// The neighbours of `id` one way, each followed the same way for
    /// `depth - 1` more steps, and how many were left out at the cap.
    fn children(
        &self,
        id: &str,
        dir: Direction,
        depth: usize,
        path: &mut Vec<String>,
    ) -> Result<(Vec<ThreadNode>, usize), S::Error> {
        if depth == 0 {
            return Ok((Vec::new(), 0));
        }
        let ids = match dir {
            Direction::Cites => self.source.cites(id)?.into_iter().map(|c| c.id).collect(),
            Direction::CitedBy => self.source.cited_by(id)?,
        };
        let cut = ids.len().saturating_sub(self.fan_out);
        let mut out = Vec::with_capacity(ids.len().min(self.fan_out));
        for child in ids.into_iter().take(self.fan_out) {
            let row = self.source.row(&child)?;
            let mut n = ThreadNode::leaf(child, row);
            if path.contains(&n.id) {
                n.cycle = true;
            } else if n.present() {
                path.push(n.id.clone());
                let (grand, grand_cut) = self.children(&n.id, dir, depth - 1, path)?;
                path.pop();
                match dir {
                    Direction::Cites => (n.cites, n.cites_cut) = (grand, grand_cut),
                    Direction::CitedBy => (n.cited_by, n.cited_by_cut) = (grand, grand_cut),
                }
            }
            out.push(n);
        }
        Ok((out, cut))
    }
}

/// How many reference hops a thread reaches by default: two, so that the
/// other replies to the demarche a cable answers come along.
pub const DEFAULT_DEPTH: usize = 2;

/// How many cables a thread holds by default.
pub const DEFAULT_LIMIT: usize = 200;

/// The thread of a cable: the cables around it in the reference graph, as
/// one tree in display order (see [`thread`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// The cable the thread was asked for.
    pub id: String,
    /// Pre-order of the tree: roots oldest first, and under each cable
    /// the cables that hang from it, oldest first.
    pub cables: Vec<ThreadCable>,
    /// Whether the limit left out cables within the depth.
    pub truncated: bool,
}

/// One cable of a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCable {
    pub id: String,
    /// The list row; `None` for a cable the library does not have.
    pub row: Option<ListRow>,
    pub origin: Option<String>,
    /// For a cable not in the library: what the REF entry of its earliest
    /// citer in the thread says (`STATE 26466`).
    pub cited_as: Option<String>,
    /// Reference hops from the cable the thread was asked for.
    pub hops: usize,
    /// Depth in the tree: 0 for a root.
    pub depth: usize,
    /// The cable it hangs under: the oldest cable of the thread it cites
    /// that is older than itself. `None` for a root.
    pub parent: Option<String>,
    /// The cables of the thread it cites, in the order of its REF entries.
    pub cites: Vec<String>,
    /// The cables of the thread that cite it, oldest first.
    pub cited_by: Vec<String>,
    /// Whether it is the last of its siblings (for drawing tree lines).
    pub last: bool,
}

impl ThreadCable {
    /// Whether the library has this cable.
    pub fn present(&self) -> bool {
        self.row.is_some()
    }

    /// The cables of the thread it cites besides its parent: "also cites".
    pub fn also_cites(&self) -> impl Iterator<Item = &str> {
        self.cites
            .iter()
            .map(String::as_str)
            .filter(move |c| Some(*c) != self.parent.as_deref())
    }
}

impl Thread {
    /// Where the cable `id` is in display order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.cables.iter().position(|c| c.id == id)
    }

    /// The tree lines before each cable in display order (`├─ `, `│  └─ `,
    /// nothing for a root), three columns a level.
    pub fn tree_prefixes(&self) -> Vec<String> {
        // For each open level, whether more siblings follow below it.
        let mut more_below: Vec<bool> = Vec::new();
        let mut out = Vec::with_capacity(self.cables.len());
        for c in &self.cables {
            if c.depth == 0 {
                more_below.clear();
                out.push(String::new());
                continue;
            }
            more_below.truncate(c.depth - 1);
            let mut s = String::new();
            for &more in &more_below {
                s.push_str(if more { "│  " } else { "   " });
            }
            s.push_str(if c.last { "└─ " } else { "├─ " });
            out.push(s);
            more_below.push(!c.last);
        }
        out
    }
}

/// What the walk learns of one cable before the tree is laid out.
struct Found {
    id: String,
    row: Option<ListRow>,
    hops: usize,
    /// What it cites (all of it, in the thread or not), once read.
    cites: Option<Vec<Cited>>,
    /// For a cable not in the library: the earliest date among the cables
    /// known to cite it, which it takes for ordering.
    citer_date: Option<Timestamp>,
}

impl Found {
    fn date(&self) -> Option<Timestamp> {
        match &self.row {
            Some(r) => r.created,
            None => self.citer_date,
        }
    }

    /// The order of a thread: by date, undated last; a missing cable
    /// (dated by its earliest citer) before a cable of the same date, so
    /// that its earliest citer can hang under it; then by ID.
    fn key(&self) -> (bool, Option<Timestamp>, bool, &str) {
        let date = self.date();
        (date.is_none(), date, self.row.is_some(), &self.id)
    }
}

fn earliest(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The thread of `id`: the cables within `depth` reference hops of it
/// either way (at most [`MAX_DEPTH`]), each once, at most `limit` (at
/// least the cable itself), the nearer hops first and by date within a
/// hop; `truncated` says the limit left some out. A cable the source does
/// not have is in the thread (missing), with what its citer's REF entry
/// says; what it cites is unknown, who cites it is followed.
///
/// Laid out as a tree by date: a cable hangs under the oldest cable of the
/// thread it cites that is older than itself (the others are its
/// [`ThreadCable::also_cites`]), so a cycle of citations is cut where it
/// turns back in time; a missing cable is dated, for ordering only, by the
/// earliest cable of the thread that cites it.
pub fn thread<S: EdgeSource + ?Sized>(
    source: &S,
    id: &str,
    depth: usize,
    limit: usize,
) -> Result<Thread, S::Error> {
    let depth = depth.min(MAX_DEPTH);
    let limit = limit.max(1);
    let mut found = vec![Found {
        id: id.to_string(),
        row: source.row(id)?,
        hops: 0,
        cites: None,
        citer_date: None,
    }];
    let mut at: HashMap<String, usize> = HashMap::from([(id.to_string(), 0)]);
    let mut frontier = vec![0usize];
    let mut truncated = false;
    for hop in 1..=depth {
        let room = limit - found.len();
        // The cables first met at this hop, with the earliest date of the
        // cables met before that cite them.
        let mut met: Vec<String> = Vec::new();
        let mut citer_date: HashMap<String, Option<Timestamp>> = HashMap::new();
        'expand: for &i in &frontier {
            let cites = if found[i].row.is_some() {
                source.cites(&found[i].id)?
            } else {
                Vec::new()
            };
            let by = source.cited_by(&found[i].id)?;
            let date = found[i].date();
            for (c, is_cited) in cites
                .iter()
                .map(|c| (&c.id, true))
                .chain(by.iter().map(|c| (c, false)))
            {
                if at.contains_key(c) {
                    continue;
                }
                let entry = citer_date.entry(c.clone()).or_insert_with(|| {
                    met.push(c.clone());
                    None
                });
                if is_cited {
                    *entry = earliest(*entry, date);
                }
                if room == 0 {
                    // Full: all that is left to know is that more was there.
                    break 'expand;
                }
            }
            found[i].cites = Some(cites);
        }
        if met.is_empty() {
            break;
        }
        let mut next: Vec<Found> = Vec::with_capacity(met.len());
        if room > 0 {
            for c in met.iter() {
                next.push(Found {
                    row: source.row(c)?,
                    id: c.clone(),
                    hops: hop,
                    cites: None,
                    citer_date: citer_date.get(c).copied().flatten(),
                });
            }
            next.sort_by(|a, b| a.key().cmp(&b.key()));
        }
        if next.len() < met.len() || next.len() > room {
            truncated = true;
            next.truncate(room);
        }
        frontier.clear();
        for f in next {
            at.insert(f.id.clone(), found.len());
            frontier.push(found.len());
            found.push(f);
        }
        if truncated {
            break;
        }
    }
    // The edges among the cables of the thread: what each present one
    // cites, read for the outermost hop too.
    for f in found.iter_mut() {
        if f.cites.is_none() && f.row.is_some() {
            f.cites = Some(source.cites(&f.id)?);
        }
    }
    let cites: Vec<Vec<usize>> = found
        .iter()
        .map(|f| {
            let mut seen = HashSet::new();
            f.cites
                .iter()
                .flatten()
                .filter_map(|c| at.get(&c.id).copied())
                .filter(|&j| seen.insert(j))
                .collect()
        })
        .collect();
    let mut cited_by: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    for (i, cs) in cites.iter().enumerate() {
        for &j in cs {
            cited_by[j].push(i);
        }
    }
    // A missing cable is dated by its earliest citer in the thread.
    for (j, by) in cited_by.iter().enumerate() {
        if found[j].row.is_none() {
            found[j].citer_date = by
                .iter()
                .filter_map(|&i| found[i].row.as_ref().and_then(|r| r.created))
                .min();
        }
    }
    let order = |a: &usize, b: &usize| found[*a].key().cmp(&found[*b].key());
    for by in cited_by.iter_mut() {
        by.sort_by(order);
    }
    let parent: Vec<Option<usize>> = (0..found.len())
        .map(|i| {
            cites[i]
                .iter()
                .copied()
                .filter(|&j| found[j].key() < found[i].key())
                .min_by(order)
        })
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    let mut roots = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None => roots.push(i),
        }
    }
    roots.sort_by(order);
    for c in children.iter_mut() {
        c.sort_by(order);
    }
    // Pre-order, iteratively: a long chain does not deepen the stack.
    let mut laid: Vec<(usize, usize, bool)> = Vec::with_capacity(found.len());
    let mut stack: Vec<(usize, usize, bool)> = roots
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &r)| (r, 0, k == 0))
        .collect();
    while let Some((i, d, last)) = stack.pop() {
        laid.push((i, d, last));
        stack.extend(
            children[i]
                .iter()
                .rev()
                .enumerate()
                .map(|(k, &c)| (c, d + 1, k == 0)),
        );
    }
    let mut cables = Vec::with_capacity(laid.len());
    for (i, d, last) in laid {
        let f = &found[i];
        let cited_as = match (&f.row, cited_by[i].first()) {
            (None, Some(&citer)) => found[citer]
                .cites
                .iter()
                .flatten()
                .find(|c| c.id == f.id)
                .map(|c| c.text.clone()),
            _ => None,
        };
        let ids = |v: &[usize]| v.iter().map(|&j| found[j].id.clone()).collect();
        cables.push(ThreadCable {
            id: f.id.clone(),
            row: f.row.clone(),
            origin: match f.row {
                Some(_) => source.origin(&f.id)?,
                None => None,
            },
            cited_as,
            hops: f.hops,
            depth: d,
            parent: parent[i].map(|p| found[p].id.clone()),
            cites: ids(&cites[i]),
            cited_by: ids(&cited_by[i]),
            last,
        });
    }
    Ok(Thread {
        id: id.to_string(),
        cables,
        truncated,
    })
}

/// The library as an edge source: rows from the fast fields, "who cites"
/// from the one cited-by query, what a cable cites from its REF entries
/// (read from the cable store: the index keeps the cited IDs unordered).
impl EdgeSource for Library {
    type Error = LibraryError;

    fn cites(&self, id: &str) -> Result<Vec<Cited>, LibraryError> {
        self.cites_of_id(id)
    }

    fn cited_by(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        Library::cited_by(self, id)
    }

    fn row(&self, id: &str) -> Result<Option<ListRow>, LibraryError> {
        Library::row(self, id)
    }

    fn origin(&self, id: &str) -> Result<Option<String>, LibraryError> {
        Library::origin(self, id)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::convert::Infallible;

    use super::*;

    /// A graph as a map from each present cable to what it cites.
    struct Graph {
        cites: HashMap<String, Vec<String>>,
    }

    impl Graph {
        fn new(edges: &[(&str, &[&str])]) -> Graph {
            Graph {
                cites: edges
                    .iter()
                    .map(|(from, to)| {
                        (from.to_string(), to.iter().map(|s| s.to_string()).collect())
                    })
                    .collect(),
            }
        }
    }

    impl EdgeSource for Graph {
        type Error = Infallible;

        fn cites(&self, id: &str) -> Result<Vec<Cited>, Infallible> {
            let cited = self.cites.get(id).into_iter().flatten();
            Ok(cited
                .map(|c| Cited {
                    id: c.clone(),
                    text: format!("REF {c}"),
                })
                .collect())
        }

        fn cited_by(&self, id: &str) -> Result<Vec<String>, Infallible> {
            let mut by: Vec<String> = self
                .cites
                .iter()
                .filter(|(_, to)| to.iter().any(|t| t == id))
                .map(|(from, _)| from.clone())
                .collect();
            by.sort();
            Ok(by)
        }

        fn row(&self, id: &str) -> Result<Option<ListRow>, Infallible> {
            Ok(self.cites.contains_key(id).then(|| ListRow {
                id: id.to_string(),
                created: None,
                classification: None,
                origin: None,
                subject: Some(format!("subject of {id}")),
            }))
        }

        fn origin(&self, id: &str) -> Result<Option<String>, Infallible> {
            Ok(self
                .cites
                .contains_key(id)
                .then(|| "Embassy Nowhere".into()))
        }
    }

    fn ids(nodes: &[ThreadNode]) -> Vec<&str> {
        nodes.iter().map(|n| n.id.as_str()).collect()
    }

    fn walk_of(g: &Graph, root: &str, depth: usize) -> ThreadNode {
        let Ok(t) = walk(g, root, depth, MAX_FAN_OUT);
        t
    }

    #[test]
    fn a_diamond_lists_the_shared_cable_under_both_paths() {
        // A cites B and C; both cite D.
        let g = Graph::new(&[("A", &["B", "C"]), ("B", &["D"]), ("C", &["D"]), ("D", &[])]);
        let t = walk_of(&g, "A", 2);
        assert_eq!(ids(&t.cites), ["B", "C"]);
        assert_eq!(ids(&t.cites[0].cites), ["D"]);
        assert_eq!(ids(&t.cites[1].cites), ["D"]);
        assert!(!t.cites[0].cites[0].cycle);
        // From D, both are citers, and each leads back to A.
        let d = walk_of(&g, "D", 2);
        assert_eq!(ids(&d.cited_by), ["B", "C"]);
        assert_eq!(ids(&d.cited_by[0].cited_by), ["A"]);
        assert_eq!(ids(&d.cited_by[1].cited_by), ["A"]);
    }

    #[test]
    fn a_cycle_is_marked_and_not_followed_again() {
        let g = Graph::new(&[("A", &["B"]), ("B", &["C"]), ("C", &["A"])]);
        let t = walk_of(&g, "A", 10);
        let c = &t.cites[0].cites[0];
        assert_eq!(c.id, "C");
        assert_eq!(ids(&c.cites), ["A"]);
        assert!(c.cites[0].cycle);
        assert!(c.cites[0].cites.is_empty());
        assert!(!t.cycle && !t.cites[0].cycle && !c.cycle);
    }

    #[test]
    fn a_missing_cable_is_a_placeholder_and_a_leaf() {
        let g = Graph::new(&[("A", &["GONE", "B"]), ("B", &[])]);
        let t = walk_of(&g, "A", 3);
        assert_eq!(ids(&t.cites), ["GONE", "B"]);
        assert!(!t.cites[0].present());
        assert!(t.cites[0].cites.is_empty() && t.cites[0].cited_by.is_empty());
        assert!(t.cites[1].present());
        assert_eq!(
            t.cites[1].row.as_ref().and_then(|r| r.subject.as_deref()),
            Some("subject of B")
        );
        // A root that is not there: its citers, and nothing it cites.
        let gone = walk_of(&g, "GONE", 3);
        assert!(!gone.present());
        assert!(gone.cites.is_empty());
        assert_eq!(ids(&gone.cited_by), ["A"]);
    }

    #[test]
    fn a_fan_out_of_a_thousand_citers_is_cut_at_the_cap() {
        let names: Vec<String> = (0..1000).map(|i| format!("C{i:04}")).collect();
        let mut edges: Vec<(&str, &[&str])> = vec![("ROOT", &[])];
        let root: [&str; 1] = ["ROOT"];
        edges.extend(names.iter().map(|n| (n.as_str(), &root[..])));
        let g = Graph::new(&edges);
        let t = walk_of(&g, "ROOT", 1);
        assert_eq!(t.cited_by.len(), MAX_FAN_OUT);
        assert_eq!(t.cited_by_cut, 1000 - MAX_FAN_OUT);
        assert_eq!(t.cited_by[0].id, "C0000");
        assert_eq!(
            t.cited_by[MAX_FAN_OUT - 1].id,
            format!("C{:04}", MAX_FAN_OUT - 1)
        );
        assert_eq!(t.cites_cut, 0);
        let Ok(small) = walk(&g, "ROOT", 1, 10);
        assert_eq!((small.cited_by.len(), small.cited_by_cut), (10, 990));
    }

    #[test]
    fn depth_counts_steps_each_way() {
        let g = Graph::new(&[("A", &["B"]), ("B", &["C"]), ("C", &[]), ("Z", &["A"])]);
        let t = walk_of(&g, "A", 1);
        assert_eq!(ids(&t.cites), ["B"]);
        assert!(t.cites[0].cites.is_empty());
        assert_eq!(ids(&t.cited_by), ["Z"]);
        let none = walk_of(&g, "A", 0);
        assert!(none.cites.is_empty() && none.cited_by.is_empty());
    }

    // ---- thread ---------------------------------------------------------

    /// A graph of dated cables: each present one with its day (of
    /// January 2007, 0 for undated) and what it cites.
    struct Dated {
        graph: Graph,
        days: HashMap<String, u8>,
    }

    impl Dated {
        fn new(cables: &[(&str, u8, &[&str])]) -> Dated {
            let edges: Vec<(&str, &[&str])> = cables.iter().map(|(id, _, to)| (*id, *to)).collect();
            Dated {
                graph: Graph::new(&edges),
                days: cables
                    .iter()
                    .map(|(id, d, _)| (id.to_string(), *d))
                    .collect(),
            }
        }
    }

    impl EdgeSource for Dated {
        type Error = Infallible;

        fn cites(&self, id: &str) -> Result<Vec<Cited>, Infallible> {
            self.graph.cites(id)
        }

        fn cited_by(&self, id: &str) -> Result<Vec<String>, Infallible> {
            self.graph.cited_by(id)
        }

        fn row(&self, id: &str) -> Result<Option<ListRow>, Infallible> {
            let Ok(row) = self.graph.row(id);
            Ok(row.map(|mut r| {
                r.created = self
                    .days
                    .get(id)
                    .filter(|&&d| d > 0)
                    .and_then(|&d| Timestamp::new(2007, 1, d, 12, 0));
                r
            }))
        }

        fn origin(&self, id: &str) -> Result<Option<String>, Infallible> {
            self.graph.origin(id)
        }
    }

    fn thread_of(g: &Dated, id: &str, depth: usize, limit: usize) -> Thread {
        let Ok(t) = thread(g, id, depth, limit);
        t
    }

    fn order(t: &Thread) -> Vec<&str> {
        t.cables.iter().map(|c| c.id.as_str()).collect()
    }

    fn cable<'a>(t: &'a Thread, id: &str) -> &'a ThreadCable {
        &t.cables[t.position(id).unwrap()]
    }

    #[test]
    fn depth_zero_is_the_cable_alone() {
        let g = Dated::new(&[("A", 2, &["B"]), ("B", 1, &[]), ("C", 3, &["A"])]);
        let t = thread_of(&g, "A", 0, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["A"]);
        assert!(!t.truncated);
        let a = &t.cables[0];
        assert_eq!((a.depth, a.parent.as_deref(), a.hops), (0, None, 0));
        assert!(a.cites.is_empty() && a.cited_by.is_empty());
        // A cable with no references and no citers is alone at any depth.
        let lone = Dated::new(&[("L", 1, &[])]);
        assert_eq!(order(&thread_of(&lone, "L", 5, DEFAULT_LIMIT)), ["L"]);
    }

    #[test]
    fn a_chain_is_one_branch_oldest_first_both_ways() {
        // D cites C cites B cites A, by date; the thread of B reaches two hops.
        let g = Dated::new(&[
            ("A", 1, &[]),
            ("B", 2, &["A"]),
            ("C", 3, &["B"]),
            ("D", 4, &["C"]),
            ("E", 5, &["D"]),
        ]);
        let t = thread_of(&g, "B", 2, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["A", "B", "C", "D"]);
        let depths: Vec<usize> = t.cables.iter().map(|c| c.depth).collect();
        assert_eq!(depths, [0, 1, 2, 3]);
        assert_eq!(cable(&t, "C").parent.as_deref(), Some("B"));
        assert_eq!(cable(&t, "D").hops, 2);
        assert_eq!(cable(&t, "B").cited_by, ["C"]);
        assert!(!t.truncated);
    }

    #[test]
    fn a_diamond_shows_each_cable_once_under_its_oldest_citation() {
        // A cites B and C; both cite D.
        let g = Dated::new(&[
            ("A", 4, &["C", "B"]),
            ("B", 2, &["D"]),
            ("C", 3, &["D"]),
            ("D", 1, &[]),
        ]);
        let t = thread_of(&g, "A", 2, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["D", "B", "A", "C"]);
        let a = cable(&t, "A");
        assert_eq!(a.parent.as_deref(), Some("B"));
        assert_eq!(a.also_cites().collect::<Vec<_>>(), ["C"]);
        assert_eq!(a.cites, ["C", "B"]);
        assert_eq!(cable(&t, "D").cited_by, ["B", "C"]);
        assert_eq!(t.tree_prefixes(), ["", "├─ ", "│  └─ ", "└─ "]);
    }

    #[test]
    fn a_cycle_is_cut_where_it_turns_back_in_time() {
        // A cites B, B cites C, C cites A: C citing the older A is a root's
        // "also cites", not a parent.
        let g = Dated::new(&[("A", 1, &["B"]), ("B", 2, &["C"]), ("C", 3, &["A"])]);
        let t = thread_of(&g, "B", 10, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["A", "C", "B"]);
        assert_eq!(cable(&t, "A").parent, None);
        assert_eq!(cable(&t, "A").also_cites().collect::<Vec<_>>(), ["B"]);
        assert_eq!(cable(&t, "C").parent.as_deref(), Some("A"));
        assert_eq!(cable(&t, "B").parent, None);
        // Two cables citing each other on one day: cut by ID.
        let g = Dated::new(&[("X", 1, &["Y"]), ("Y", 1, &["X"])]);
        let t = thread_of(&g, "X", 3, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["X", "Y"]);
        assert_eq!(cable(&t, "Y").parent.as_deref(), Some("X"));
    }

    #[test]
    fn a_fan_out_of_a_thousand_citers_is_cut_at_the_limit_oldest_first() {
        let names: Vec<String> = (0..1000).map(|i| format!("C{i:04}")).collect();
        let root: [&str; 1] = ["ROOT"];
        let mut cables: Vec<(&str, u8, &[&str])> = vec![("ROOT", 1, &[])];
        // Later citers are older: the limit keeps the oldest, not the first listed.
        cables.extend(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), 28 - (i / 40) as u8, &root[..])),
        );
        let g = Dated::new(&cables);
        let t = thread_of(&g, "ROOT", 2, DEFAULT_LIMIT);
        assert_eq!(t.cables.len(), DEFAULT_LIMIT);
        assert!(t.truncated);
        assert_eq!(t.cables[0].id, "ROOT");
        // Days 4 to 7 (four groups of 40 citers) and 39 of day 8 fill the
        // 199 places.
        let day = |c: &ThreadCable| c.row.as_ref().and_then(|r| r.created).map(|d| d.day);
        assert!(t.cables[1..].iter().all(|c| day(c) <= Some(8)));
        assert_eq!(t.cables.iter().filter(|c| day(c) == Some(8)).count(), 39);
        assert_eq!(cable(&t, "ROOT").cited_by.len(), DEFAULT_LIMIT - 1);
    }

    #[test]
    fn a_thread_that_just_fits_is_not_truncated_and_one_more_is() {
        let g = Dated::new(&[("A", 1, &[]), ("B", 2, &["A"]), ("C", 3, &["B"])]);
        assert!(!thread_of(&g, "A", 2, 3).truncated);
        let t = thread_of(&g, "A", 2, 2);
        assert_eq!(order(&t), ["A", "B"]);
        assert!(t.truncated);
        // Full at the first hop, with more at the second.
        assert!(thread_of(&g, "A", 2, 2).truncated);
        assert!(!thread_of(&g, "A", 1, 2).truncated);
    }

    #[test]
    fn a_missing_cable_is_a_node_with_its_ref_text_and_its_citers_follow() {
        // A cites GONE (not in the source) and B; C cites GONE too.
        let g = Dated::new(&[("A", 5, &["GONE", "B"]), ("B", 3, &[]), ("C", 2, &["GONE"])]);
        let t = thread_of(&g, "A", 2, DEFAULT_LIMIT);
        let gone = cable(&t, "GONE");
        assert!(!gone.present());
        assert_eq!(gone.origin, None);
        assert_eq!(gone.hops, 1);
        // The REF entry of its earliest citer.
        assert_eq!(gone.cited_as.as_deref(), Some("REF GONE"));
        assert_eq!(gone.cited_by, ["C", "A"]);
        // Reached through the missing cable: the other reply to it.
        assert_eq!(cable(&t, "C").hops, 2);
        assert_eq!(cable(&t, "B").origin.as_deref(), Some("Embassy Nowhere"));
    }

    #[test]
    fn a_missing_cable_is_ordered_by_its_earliest_citer_just_before_it() {
        let g = Dated::new(&[("A", 5, &["GONE", "B"]), ("B", 3, &[]), ("C", 2, &["GONE"])]);
        let t = thread_of(&g, "A", 2, DEFAULT_LIMIT);
        // GONE takes C's day 2 and goes before C; B (day 3) is a later root.
        assert_eq!(order(&t), ["GONE", "C", "A", "B"]);
        assert_eq!(cable(&t, "C").parent.as_deref(), Some("GONE"));
        assert_eq!(cable(&t, "A").parent.as_deref(), Some("GONE"));
        assert_eq!(cable(&t, "A").also_cites().collect::<Vec<_>>(), ["B"]);
        let depths: Vec<usize> = t.cables.iter().map(|c| c.depth).collect();
        assert_eq!(depths, [0, 1, 1, 0]);
        assert_eq!(t.tree_prefixes(), ["", "├─ ", "└─ ", ""]);
    }

    #[test]
    fn undated_cables_go_last() {
        // A (undated) and C cite B; C, citing a later cable, is a root.
        let g = Dated::new(&[("A", 0, &["B"]), ("B", 4, &[]), ("C", 2, &["B"])]);
        let t = thread_of(&g, "B", 1, DEFAULT_LIMIT);
        assert_eq!(order(&t), ["C", "B", "A"]);
        assert_eq!(cable(&t, "B").cited_by, ["C", "A"]);
    }
}
