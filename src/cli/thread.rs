//! `cablegram thread ID [--depth N] [--limit N] [--json]`: the thread of a
//! cable — the cables within N reference hops of it either way — as one
//! tree, oldest root first, one line per cable. The thread is the
//! library's (`library::thread::thread`); this prints it.

use serde::Serialize;

use super::{refs, show, terminal_safe, CommandError, Output};
use crate::cable::{Classification, Timestamp};
use crate::library::thread::{self, Thread, ThreadCable};
use crate::library::Library;

#[derive(Debug, Clone, clap::Args)]
pub struct ThreadArgs {
    /// The cable ID
    #[arg(value_name = "ID")]
    pub id: String,

    /// How many reference hops to reach each way
    #[arg(long, default_value_t = thread::DEFAULT_DEPTH, value_name = "N")]
    pub depth: usize,

    /// The most cables to list, the nearest first
    #[arg(long, default_value_t = thread::DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,

    /// Print the thread as JSON: {"id", "cables": [...], "truncated"}
    #[arg(long)]
    pub json: bool,
}

/// The `--json` object.
#[derive(Debug, Serialize)]
struct ThreadJson<'a> {
    id: &'a str,
    cables: Vec<CableJson<'a>>,
    truncated: bool,
}

/// One cable of the thread, in display order (`--json`).
#[derive(Debug, Serialize)]
struct CableJson<'a> {
    id: &'a str,
    present: bool,
    created: Option<Timestamp>,
    classification: Option<&'a str>,
    origin: Option<&'a str>,
    subject: Option<&'a str>,
    depth: usize,
    parent: Option<&'a str>,
    cites: &'a [String],
    cited_by: &'a [String],
}

impl<'a> From<&'a ThreadCable> for CableJson<'a> {
    fn from(c: &'a ThreadCable) -> Self {
        let row = c.row.as_ref();
        CableJson {
            id: &c.id,
            present: c.present(),
            created: row.and_then(|r| r.created),
            classification: row.and_then(|r| r.classification.as_deref()),
            origin: c.origin.as_deref(),
            subject: row.and_then(|r| r.subject.as_deref()),
            depth: c.depth,
            parent: c.parent.as_deref(),
            cites: &c.cites,
            cited_by: &c.cited_by,
        }
    }
}

pub fn run(lib: &Library, args: &ThreadArgs, o: &mut Output) -> Result<(), CommandError> {
    let not_found = || CommandError::User(show::not_found(lib, &args.id));
    let id = crate::cable::parse::ids::normalize_id(&args.id).ok_or_else(not_found)?;
    // A citation's spelling (USEU BRUSSELS) finds the cable it names.
    let id = lib.resolve(&id)?.ok_or_else(not_found)?;
    let t = thread::thread(lib, &id, args.depth, args.limit)?;
    if args.json {
        let json = ThreadJson {
            id: &t.id,
            cables: t.cables.iter().map(CableJson::from).collect(),
            truncated: t.truncated,
        };
        serde_json::to_writer(&mut *o.out, &json).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    Ok(write_tree(o, &t)?)
}

fn write_tree(o: &mut Output, t: &Thread) -> std::io::Result<()> {
    let n = t.cables.len();
    let mut head = format!(
        "thread of {}: {n} cable{}, oldest first",
        t.id,
        if n == 1 { "" } else { "s" }
    );
    if t.truncated {
        head.push_str(" (cut at the limit: --limit N shows more)");
    }
    writeln!(o.out, "{}", terminal_safe(&head))?;
    for (c, prefix) in t.cables.iter().zip(t.tree_prefixes()) {
        let mark = if c.id == t.id { "▶ " } else { "  " };
        let text = terminal_safe(&line(c)).into_owned();
        if c.id == t.id && o.color {
            writeln!(o.out, "{mark}{prefix}\x1b[1m{text}\x1b[0m")?;
        } else {
            writeln!(o.out, "{mark}{prefix}{text}")?;
        }
    }
    Ok(())
}

/// One cable: date, badge, ID, origin, subject and what else it cites; a
/// missing cable as `refs` lists it, with what its citer's REF entry says.
fn line(c: &ThreadCable) -> String {
    let Some(row) = &c.row else {
        let mut s = refs::missing(&c.id);
        if let Some(text) = &c.cited_as {
            s.push_str(&format!(" (cited as {text})"));
        }
        return s;
    };
    let date = row
        .created
        .map(|t| t.date_string())
        .unwrap_or_else(|| "(no date)".into());
    let badge = row
        .classification
        .as_deref()
        .and_then(Classification::from_release)
        .map_or("?", Classification::badge);
    let mut s = format!(
        "{date}  {badge:<4}  {}  {}  {}",
        c.id,
        c.origin.as_deref().unwrap_or("(unknown origin)"),
        row.subject.as_deref().unwrap_or("(no subject)")
    );
    let also: Vec<&str> = c.also_cites().collect();
    if !also.is_empty() {
        s.push_str(&format!("  · also cites {}", also.join(", ")));
    }
    s
}
