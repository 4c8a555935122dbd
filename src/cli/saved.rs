//! `cablegram saved [--json]`, `saved add NAME QUERY`, `saved remove
//! NAME`: the saved searches, each with its live total and unread count.

use super::bookmarks::recovering;
use super::{terminal_safe, CommandError, Output};
use crate::library::{Library, ListCounts, ListQuery};
use crate::text::thousands;

pub const LONG_ABOUT: &str = "Lists the saved searches (saved in the reader with S, or with \
`saved add`), each with how many cables it finds now and how many of those are not marked read. \
Saved searches live in the library directory, beside the bookmarks: an import, even \
`import --rebuild`, keeps them.

`--json` prints an array of {\"name\", \"query\", \"total\", \"unread\", \"created\"}.";

#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SavedArgs {
    /// Print a JSON array of {"name", "query", "total", "unread", "created"}
    #[arg(long)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Option<SavedCommand>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum SavedCommand {
    /// Save a query under a name (replaces the query of a search of that name)
    Add(AddArgs),
    /// Remove the saved search of that name
    Remove(RemoveArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// The name to list it under
    #[arg(value_name = "NAME")]
    pub name: String,
    /// A query of the query language (`cablegram search --help`)
    #[arg(value_name = "QUERY")]
    pub query: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RemoveArgs {
    /// The name of the saved search
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// One saved search as `--json` prints it.
#[derive(serde::Serialize)]
struct SavedJson<'a> {
    name: &'a str,
    query: &'a str,
    total: usize,
    unread: usize,
    created: &'a str,
}

pub fn run(lib: &Library, args: &SavedArgs, o: &mut Output) -> Result<(), CommandError> {
    match &args.command {
        None => list(lib, args.json, o),
        Some(SavedCommand::Add(a)) => {
            recovering(o, || lib.store().save_search(&a.name, &a.query))
                .map_err(|e| with_caret(e, &a.query))?;
            Ok(())
        }
        Some(SavedCommand::Remove(a)) => {
            if recovering(o, || lib.store().remove_saved_search(&a.name))? {
                Ok(())
            } else {
                Err(CommandError::User(format!(
                    "no saved search is called {:?}",
                    a.name
                )))
            }
        }
    }
}

/// A query error shown with the query and a caret under its column.
fn with_caret(e: CommandError, query: &str) -> CommandError {
    match e {
        CommandError::User(message) => match crate::library::query::parse_query(query.trim()) {
            Err(q) => {
                CommandError::User(format!("{message}\n{}", q.display_with_caret(query.trim())))
            }
            Ok(_) => CommandError::User(message),
        },
        other => other,
    }
}

fn list(lib: &Library, json: bool, o: &mut Output) -> Result<(), CommandError> {
    let saved = recovering(o, || lib.store().saved_searches())?;
    let marks = recovering(o, || lib.store().read_marks())?;
    let lists: Vec<ListQuery> = saved
        .iter()
        .map(|s| ListQuery::Search(s.query.clone()))
        .collect();
    let counts: Vec<ListCounts> = lib.counts_against(&lists, &marks)?;
    if json {
        let rows: Vec<SavedJson> = saved
            .iter()
            .zip(&counts)
            .map(|(s, c)| SavedJson {
                name: &s.name,
                query: &s.query,
                total: c.total,
                unread: c.unread,
                created: &s.created,
            })
            .collect();
        serde_json::to_writer(&mut *o.out, &rows).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    if saved.is_empty() {
        writeln!(
            o.err,
            "no saved searches yet: press S after a search in the reader, or use `cablegram saved add NAME QUERY`"
        )?;
        return Ok(());
    }
    let width = saved
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for (s, c) in saved.iter().zip(&counts) {
        writeln!(
            o.out,
            "{:width$}  {:>8} cables  {:>8} unread  {}",
            terminal_safe(&s.name),
            thousands(c.total as u64),
            thousands(c.unread as u64),
            terminal_safe(&s.query)
        )?;
    }
    Ok(())
}
