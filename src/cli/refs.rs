//! `cablegram refs ID [--depth N] [--json]`: the reference graph around a
//! cable, both ways: what it cites (and what those cite) and what cites it
//! (and what cites those), to depth N. Missing cables are marked; a cable
//! already on the path is a cycle, marked and not expanded again.

use serde::Serialize;

use super::{terminal_safe, CommandError, Output};
use crate::library::Library;

#[derive(Debug, Clone, clap::Args)]
pub struct RefsArgs {
    /// The cable ID
    #[arg(value_name = "ID")]
    pub id: String,

    /// How many steps to follow each way
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,

    /// Print the graph as JSON
    #[arg(long)]
    pub json: bool,
}

/// One cable of the graph (`--json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Node {
    pub id: String,
    pub present: bool,
    pub subject: Option<String>,
    pub cites: Vec<Node>,
    pub cited_by: Vec<Node>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Cites,
    CitedBy,
}

/// The most cables listed under one node, so that a much-cited cable does
/// not flood the tree.
const MAX_CHILDREN: usize = 200;

pub fn run(lib: &Library, args: &RefsArgs, o: &mut Output) -> Result<(), CommandError> {
    let id = crate::cable::parse::ids::normalize_id(&args.id).ok_or_else(|| {
        CommandError::User(format!(
            "{:?} is not a cable ID (like 07MOSCOW1026)",
            args.id
        ))
    })?;
    let id = lib.resolve(&id)?.unwrap_or(id);
    if !lib.contains(&id)? {
        return Err(CommandError::User(format!("{id} is not in the library")));
    }
    let depth = args.depth.min(20);
    let mut root = node(lib, &id)?;
    let mut path = vec![id.clone()];
    root.cites = children(lib, &id, Direction::Cites, depth, &mut path)?;
    root.cited_by = children(lib, &id, Direction::CitedBy, depth, &mut path)?;
    if args.json {
        serde_json::to_writer(&mut *o.out, &root).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    writeln!(o.out, "{}", line(&root))?;
    write_branch(o, "cites", &root.cites, "")?;
    write_branch(o, "cited by", &root.cited_by, "")?;
    Ok(())
}

fn node(lib: &Library, id: &str) -> Result<Node, CommandError> {
    let stored = lib.get(id)?;
    Ok(Node {
        id: id.to_string(),
        present: stored.is_some(),
        subject: stored.and_then(|s| s.cable.subject),
        cites: Vec::new(),
        cited_by: Vec::new(),
        cycle: false,
    })
}

fn children(
    lib: &Library,
    id: &str,
    dir: Direction,
    depth: usize,
    path: &mut Vec<String>,
) -> Result<Vec<Node>, CommandError> {
    if depth == 0 {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = match dir {
        Direction::Cites => {
            let Some(stored) = lib.get(id)? else {
                return Ok(Vec::new());
            };
            let mut v = Vec::new();
            for r in stored
                .cable
                .references
                .iter()
                .filter_map(|r| r.id.as_deref())
            {
                let resolved = lib.resolve(r)?.unwrap_or_else(|| r.to_string());
                if resolved != id && !v.contains(&resolved) {
                    v.push(resolved);
                }
            }
            v
        }
        Direction::CitedBy => lib.cited_by(id)?,
    };
    let mut out = Vec::new();
    for child in ids.into_iter().take(MAX_CHILDREN) {
        let mut n = node(lib, &child)?;
        if path.contains(&child) {
            n.cycle = true;
        } else if n.present {
            path.push(child.clone());
            let grand = children(lib, &child, dir, depth - 1, path)?;
            path.pop();
            match dir {
                Direction::Cites => n.cites = grand,
                Direction::CitedBy => n.cited_by = grand,
            }
        }
        out.push(n);
    }
    Ok(out)
}

fn line(n: &Node) -> String {
    let mut s = n.id.clone();
    if !n.present {
        s.push_str("  ✗ not in the library");
    } else if let Some(subject) = &n.subject {
        s.push_str("  ");
        s.push_str(subject);
    }
    if n.cycle {
        s.push_str("  ↺ (cycle)");
    }
    terminal_safe(&s).into_owned()
}

fn write_branch(o: &mut Output, label: &str, nodes: &[Node], indent: &str) -> std::io::Result<()> {
    if nodes.is_empty() {
        return Ok(());
    }
    writeln!(o.out, "{indent}{label}:")?;
    for (i, n) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        let (branch, cont) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        writeln!(o.out, "{indent}{branch}{}", line(n))?;
        let inner = format!("{indent}{cont}");
        write_branch(o, "cites", &n.cites, &inner)?;
        write_branch(o, "cited by", &n.cited_by, &inner)?;
    }
    Ok(())
}
