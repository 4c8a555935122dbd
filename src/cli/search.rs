//! `cablegram search QUERY [--limit N] [--sort date|relevance] [--json]`.

use super::{terminal_safe, CommandError, Output};
use crate::library::{Hit, Library, LibraryError, Sort};

/// The long help of `cablegram search --help`.
pub const LONG_ABOUT: &str = "Runs a query and prints the matching cables: ID, date, \
classification, origin, subject, and a snippet with the matched words marked.

Free words and \"exact phrases\" search subject and body; terms side by side must all match; \
AND, OR, NOT (or -) and parentheses combine them. Filters: id:07MOSCOW1026, tag:PREL, \
origin:moscow, class:secret, subject:darfur, date:2007, date:2007-03, date:2007-03..2008-06, \
refs:07MOSCOW977 (cables that cite it). Matching ignores case.

Default order: relevance when the query has free words or phrases, else date, newest first.";

#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// The query (quote it for the shell: 'tag:PREL "arms sales"')
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// How many hits to print
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub limit: usize,

    /// Order of the hits (default: relevance for free text, else date)
    #[arg(long, value_enum, value_name = "ORDER")]
    pub sort: Option<SortArg>,

    /// Print one JSON object: {"total", "hits": [...]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    Date,
    Relevance,
}

pub fn run(lib: &Library, args: &SearchArgs, o: &mut Output) -> Result<(), CommandError> {
    let query = args.query.join(" ");
    let sort = args.sort.map(|s| match s {
        SortArg::Date => Sort::Date,
        SortArg::Relevance => Sort::Relevance,
    });
    let results = match lib.search(&query, args.limit, sort) {
        Ok(r) => r,
        Err(LibraryError::Query(e)) => {
            return Err(CommandError::User(format!(
                "bad query: {e}\n  {}",
                e.display_with_caret(&query).replace('\n', "\n  ")
            )))
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        serde_json::to_writer(&mut *o.out, &results).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    let order = match results.sort {
        Some(Sort::Date) => "newest first",
        _ => "best match first",
    };
    match results.total {
        0 => writeln!(o.out, "no cable matches")?,
        1 => writeln!(o.out, "1 cable matches")?,
        n if n > results.hits.len() => writeln!(
            o.out,
            "{n} cables match; the first {} shown, {order}",
            results.hits.len()
        )?,
        n => writeln!(o.out, "{n} cables match, {order}")?,
    }
    for hit in &results.hits {
        write_hit(o, hit)?;
    }
    Ok(())
}

fn write_hit(o: &mut Output, hit: &Hit) -> std::io::Result<()> {
    let date = hit
        .created
        .map(|t| t.date_string())
        .unwrap_or_else(|| "(no date)".into());
    let id = terminal_safe(&hit.id);
    let header = format!(
        "{id}  {date}  {}  {}",
        hit.classification.as_deref().unwrap_or("(unknown)"),
        terminal_safe(hit.origin.as_deref().unwrap_or("(unknown origin)"))
    );
    writeln!(o.out)?;
    if o.color {
        writeln!(o.out, "\x1b[1m{header}\x1b[0m")?;
    } else {
        writeln!(o.out, "{header}")?;
    }
    if let Some(subject) = &hit.subject {
        writeln!(o.out, "  {}", terminal_safe(subject))?;
    }
    if !hit.snippet.text.is_empty() {
        writeln!(
            o.out,
            "  {}",
            marked(&hit.snippet.text, &hit.snippet.marks, o.color)
        )?;
    }
    Ok(())
}

/// The snippet with its marks in colour on a terminal, plain otherwise.
fn marked(text: &str, marks: &[[usize; 2]], color: bool) -> String {
    let safe = terminal_safe(text);
    if !color || marks.is_empty() {
        return safe.into_owned();
    }
    let mut out = String::with_capacity(safe.len() + marks.len() * 12);
    for (i, c) in safe.chars().enumerate() {
        if marks.iter().any(|m| m[0] == i) {
            out.push_str("\x1b[1;33m");
        }
        out.push(c);
        if marks.iter().any(|m| m[1] == i + 1) {
            out.push_str("\x1b[0m");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_colour_only_on_a_terminal() {
        assert_eq!(marked("in Moscow", &[[3, 9]], false), "in Moscow");
        assert_eq!(
            marked("in Moscow", &[[3, 9]], true),
            "in \x1b[1;33mMoscow\x1b[0m"
        );
    }
}
