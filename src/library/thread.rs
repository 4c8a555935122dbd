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

use super::{Library, LibraryError, ListRow};

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
    fn cites(&self, id: &str) -> Result<Vec<String>, Self::Error>;

    /// The cables that cite `id`, in the order to list them.
    fn cited_by(&self, id: &str) -> Result<Vec<String>, Self::Error>;

    /// The list row of `id`; `None` when the cable is not there.
    fn row(&self, id: &str) -> Result<Option<ListRow>, Self::Error>;
}

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
            Direction::Cites => self.source.cites(id)?,
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

/// The library as an edge source: rows from the fast fields, "who cites"
/// from the one cited-by query, what a cable cites from its REF entries
/// (read from the cable store: the index keeps the cited IDs unordered).
impl EdgeSource for Library {
    type Error = LibraryError;

    fn cites(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        match self.get(id)? {
            Some(stored) => self.cites_of(&stored.cable),
            None => Ok(Vec::new()),
        }
    }

    fn cited_by(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        Library::cited_by(self, id)
    }

    fn row(&self, id: &str) -> Result<Option<ListRow>, LibraryError> {
        Library::row(self, id)
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

        fn cites(&self, id: &str) -> Result<Vec<String>, Infallible> {
            Ok(self.cites.get(id).cloned().unwrap_or_default())
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
}
