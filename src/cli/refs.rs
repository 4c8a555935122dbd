//! `cablegram refs ID [--depth N] [--json]`: the reference graph around a
//! cable, both ways: what it cites (and what those cite) and what cites it
//! (and what cites those), to depth N, each with its date. Missing cables
//! are marked (a missing cable asked for shows its citers); a cable
//! already on the path is a cycle, marked and not expanded again. The walk
//! is the library's (`library::thread`); this prints it.

use serde::Serialize;

use super::{terminal_safe, CommandError, Output};
use crate::library::thread::{self, ThreadNode};
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
    /// `YYYY-MM-DD`, when the cable is there and dated.
    pub date: Option<String>,
    pub subject: Option<String>,
    pub cites: Vec<Node>,
    pub cited_by: Vec<Node>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

impl From<ThreadNode> for Node {
    fn from(t: ThreadNode) -> Node {
        Node {
            present: t.present(),
            date: t
                .row
                .as_ref()
                .and_then(|r| r.created)
                .map(|c| c.date_string()),
            subject: t.row.and_then(|r| r.subject),
            id: t.id,
            cites: t.cites.into_iter().map(Node::from).collect(),
            cited_by: t.cited_by.into_iter().map(Node::from).collect(),
            cycle: t.cycle,
        }
    }
}

pub fn run(lib: &Library, args: &RefsArgs, o: &mut Output) -> Result<(), CommandError> {
    let id = crate::cable::parse::ids::normalize_id(&args.id).ok_or_else(|| {
        CommandError::User(format!(
            "{:?} is not a cable ID (like 07MOSCOW1026)",
            args.id
        ))
    })?;
    // A cable the library does not have is still cited: the walk gives
    // its citers.
    let id = lib.resolve(&id)?.unwrap_or(id);
    let root = Node::from(thread::walk(lib, &id, args.depth, thread::MAX_FAN_OUT)?);
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

fn line(n: &Node) -> String {
    let mut s = n.id.clone();
    if let Some(date) = &n.date {
        s.push_str("  ");
        s.push_str(date);
    }
    if !n.present {
        s = missing(&n.id);
    } else if let Some(subject) = &n.subject {
        s.push_str("  ");
        s.push_str(subject);
    }
    if n.cycle {
        s.push_str("  ↺ (cycle)");
    }
    terminal_safe(&s).into_owned()
}

/// How a cable the library does not have is listed (`refs`, `thread`).
pub(crate) fn missing(id: &str) -> String {
    format!("{id}  ✗ not in the library")
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
