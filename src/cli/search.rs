//! `cablegram search QUERY [--limit N] [--sort date|relevance] [--json]`.

use std::ffi::OsString;

use super::{terminal_safe, CommandError, Output};
use crate::library::{Hit, Library, LibraryError, Sort};
use crate::text::thousands;

/// The long help of `cablegram search --help`, before the options.
pub const LONG_ABOUT: &str = "Runs a query and prints the matching cables: ID, date, \
classification, origin, subject, and a snippet with the matched words marked.

Default order: relevance when the query has free words or phrases, else date, newest first. \
A query may start with - (search -russia china); after -- every word is query text, even one \
spelled like an option. The query language is listed below the options.";

/// The query language, one example per construct, shown after the options
/// of `cablegram search --help` (and in the man page). The one place the
/// language is described for the command line: a new filter is added
/// here (a test checks that every filter the parser knows is listed).
pub const QUERY_LANGUAGE: &str = "QUERY LANGUAGE:
  Words and phrases search the subject and the body; matching ignores case and accents.
    turnip                   a word
    \"arms sales\"             an exact phrase
    al-Bashir                a word with a hyphen inside it
    09berlin001296           a cable ID as a word: also that cable, first
    BERLIN 1296              a station and serial (as a REF line without a year): every year's
    darf*                    a prefix: darfur, darfuri… (2 letters at least before the *)
    \"nuclear weapons\"~5      a phrase with up to 5 other words moved in between
    ~negotiate               its word forms too: negotiated, negotiating, negotiations
                             plain words match only the form written, as cables are quoted

  Combining (NOT binds tighter than AND, AND tighter than OR):
    arms sales               side by side: both must match
    arms AND sales           the same, written out
    iran OR syria            either one
    NOT iran                 the cables without it; -iran is the same
    (iran OR syria) -tag:PREL
                             parentheses group

  Filters (a value with spaces goes in quotes: origin:\"buenos aires\"):
    id:07MOSCOW1026          one cable by its ID (case and leading zeros do not matter)
    tag:PREL                 a tag of the TAGS line; a person tag: tag:\"OVIP, RICE\"
    origin:moscow            a word of the origin (Embassy Moscow)
    class:secret             a part of the classification: SECRET and SECRET//NOFORN
    class:noforn             both NOFORN classifications; also U, C, S, FOUO, SBU, NF, CNF, SNF
    subject:darfur           a word or \"phrase\" in the subject only; subject:darf* a prefix
    date:2007                a year; date:2007-03 a month, date:2007-03-12 a day (UTC)
    date:2007-03..2008-06    a range, both ends included
    date:2008..              an open range: from 2008 on; date:..2006 up to the end of 2006
    year:2007                the same as date:2007 (ranges too)
    refs:07MOSCOW977         the cables that cite it
    signer:burns             a word of a signer's name
    by:wells                 a word of the classified-by name
    handling:nodis           a handling caveat (NODIS, EXDIS, SIPDIS, NOFORN…)
    cites:any                cables that cite other cables
    cites:missing            cables citing a cable the library does not have
    citedby:>=5              cables cited by at least 5 others (citedby:>4 the same)
    redacted:yes             the text has XXXXXXXXXXXX redactions; redacted:no: none

  Exact values (what narrowing from the overview writes):
    class:=SECRET            exactly SECRET, not SECRET//NOFORN
    origin:=\"Embassy Moscow\"
                             exactly that origin, as the release writes it
    tag:=PREL                the tag PREL (tags always match whole)
    by:=\"Alice Wells\"        exactly that classified-by name

  Filters over your own files (read marks, bookmarks), beside the index:
    is:unread                the cables not marked read; is:read those marked
    note:coalition           cables with a bookmark whose note has the word (or \"phrase\")
    label:germany            cables with a bookmark whose note has the label #germany

  Examples:
    cablegram search 'tag:PREL \"arms sales\" date:2007..'
    cablegram search -tag:PREL origin:moscow --sort date
    cablegram search --json -- -iran";

#[derive(Debug, Clone, clap::Args)]
pub struct SearchArgs {
    /// The query (quote it for the shell: 'tag:PREL "arms sales"'); it may start with -
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// How many hits to print; 0 prints only the total
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

/// The arguments of the process with the words of a `search` query moved
/// behind a `--`, so that a query may start with `-` (`search -russia
/// china`) while the options keep working wherever they stand (`search
/// tag:PREL --json`). Arguments without a `search` subcommand come back
/// unchanged.
///
/// clap's `allow_hyphen_values` cannot do both: once the query has a word,
/// it takes every later argument as query text, options included, so
/// `search tag:PREL --json` would search for "--json". Here options are
/// told from query words by the command's own definition (`cmd`, the
/// whole command line interface): a long option the command knows
/// (`--limit 5`, `--limit=5`, the global `--library DIR`) and a short one
/// whose letters are all options (`-h`) stay options; any other word that
/// starts with a single `-` is query text; a word that starts with `--` and
/// is no option stays where it is, for clap to reject. After a `--` every
/// word is query text, as POSIX has it.
pub fn query_words_last(args: Vec<OsString>, cmd: &clap::Command) -> Vec<OsString> {
    let mut cmd = cmd.clone();
    // Building adds `--help` and the global options to every subcommand.
    cmd.build();
    let Some(at) = subcommand_at(&args, &cmd, &SUBCOMMANDS) else {
        return args;
    };
    let Some(search) = args[at].to_str().and_then(|s| cmd.find_subcommand(s)) else {
        return args;
    };
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        match arg.to_str().and_then(|s| option_kind(search, s)) {
            Some(takes_next) => {
                options.push(arg.clone());
                if takes_next {
                    options.extend(rest.next().cloned());
                }
            }
            None => words.push(arg.clone()),
        }
    }
    let mut out = args[..=at].to_vec();
    out.extend(options);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// The subcommands whose query [`query_words_last`] looks after.
const SUBCOMMANDS: [&str; 3] = ["search", "export", "stats"];

/// Where one of the subcommands `names` stands in `args` (after the
/// program name and the options before it), if it is the subcommand given.
fn subcommand_at(args: &[OsString], cmd: &clap::Command, names: &[&str]) -> Option<usize> {
    let mut i = 1;
    while let Some(arg) = args.get(i) {
        let s = arg.to_str()?;
        if s == "--" {
            return None;
        }
        if s.len() > 1 && s.starts_with('-') {
            i += if option_kind(cmd, s) == Some(true) {
                2
            } else {
                1
            };
            continue;
        }
        // The first word that is not an option: the subcommand, or an ID.
        return names.contains(&s).then_some(i);
    }
    None
}

/// Whether `arg` is an option of `cmd`: `Some(true)` when its value is the
/// next argument, `Some(false)` when it stands alone (a flag, `--limit=5`,
/// `--unknown`), `None` when it is no option (a query word such as
/// `-russia` or `china`).
fn option_kind(cmd: &clap::Command, arg: &str) -> Option<bool> {
    if let Some(long) = arg.strip_prefix("--") {
        let (name, value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let known = cmd.get_arguments().find(|a| {
            a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|v| v.contains(&name))
        });
        return Some(known.is_some_and(|a| a.get_action().takes_values() && !value));
    }
    let shorts = arg.strip_prefix('-').filter(|s| !s.is_empty())?;
    for (i, c) in shorts.char_indices() {
        let found = cmd.get_arguments().find(|a| a.get_short() == Some(c))?;
        if found.get_action().takes_values() {
            // `-n5` carries its value; `-n 5` takes the next argument.
            return Some(i + c.len_utf8() == shorts.len());
        }
    }
    Some(false)
}

pub fn run(lib: &Library, args: &SearchArgs, o: &mut Output) -> Result<(), CommandError> {
    let query = args.query.join(" ");
    let sort = args.sort.map(|s| match s {
        SortArg::Date => Sort::Date,
        SortArg::Relevance => Sort::Relevance,
    });
    let mut results = lib
        .search(&query, args.limit, sort)
        .map_err(|e| query_error(&query, e))?;
    // The library finds at least one hit whatever the limit; `--limit 0`
    // asks for the total alone.
    results.hits.truncate(args.limit);
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
        n if args.limit == 0 => writeln!(o.out, "{} cables match", thousands(n as u64))?,
        n if n > results.hits.len() => writeln!(
            o.out,
            "{} cables match; the first {} shown, {order}",
            thousands(n as u64),
            thousands(results.hits.len() as u64)
        )?,
        n => writeln!(o.out, "{} cables match, {order}", thousands(n as u64))?,
    }
    for hit in &results.hits {
        write_hit(o, hit)?;
    }
    Ok(())
}

/// A library error of a command that ran `query`: a query error says
/// "bad query" and points at the fault with a caret line under the query.
pub fn query_error(query: &str, e: LibraryError) -> CommandError {
    match e {
        LibraryError::Query(e) => CommandError::User(format!(
            "bad query: {e}\n  {}",
            e.display_with_caret(query).replace('\n', "\n  ")
        )),
        e => e.into(),
    }
}

pub(crate) fn write_hit(o: &mut Output, hit: &Hit) -> std::io::Result<()> {
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
    use crate::library::query::parse_query;

    /// A command line shaped like cablegram's: global options, a
    /// positional ID, `search` with its options and `parse`.
    fn cli() -> clap::Command {
        #[derive(clap::Parser)]
        struct Cli {
            #[arg(long, global = true)]
            library: Option<String>,
            id: Option<String>,
            #[command(subcommand)]
            command: Option<Sub>,
        }
        #[derive(clap::Subcommand)]
        enum Sub {
            Search(SearchArgs),
            Export(crate::cli::export::ExportArgs),
            Parse { files: Vec<String> },
        }
        <Cli as clap::CommandFactory>::command()
    }

    fn rewritten(args: &[&str]) -> Vec<String> {
        let args = std::iter::once("cablegram").chain(args.iter().copied());
        query_words_last(args.map(OsString::from).collect(), &cli())
            .into_iter()
            .skip(1)
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn query_words_go_behind_a_double_dash_and_options_stay() {
        assert_eq!(
            rewritten(&["search", "-russia", "china", "--limit", "5", "--json"]),
            ["search", "--limit", "5", "--json", "--", "-russia", "china"]
        );
        assert_eq!(
            rewritten(&[
                "--library",
                "search",
                "search",
                "--sort=date",
                "x",
                "--library",
                "l"
            ]),
            [
                "--library",
                "search",
                "search",
                "--sort=date",
                "--library",
                "l",
                "--",
                "x"
            ]
        );
    }

    #[test]
    fn an_export_query_may_start_with_a_dash_too() {
        assert_eq!(
            rewritten(&["export", "-russia", "--format", "md", "-o", "f.md"]),
            ["export", "--format", "md", "-o", "f.md", "--", "-russia"]
        );
    }

    #[test]
    fn a_known_short_option_stays_an_option_and_other_dashes_are_query_text() {
        assert_eq!(rewritten(&["search", "-h"]), ["search", "-h"]);
        assert_eq!(
            rewritten(&["search", "-hx", "-5"]),
            ["search", "--", "-hx", "-5"]
        );
    }

    #[test]
    fn after_a_double_dash_everything_is_query_text() {
        assert_eq!(
            rewritten(&["search", "a", "--", "--json", "-h"]),
            ["search", "--", "a", "--json", "-h"]
        );
    }

    #[test]
    fn an_unknown_long_option_is_left_for_clap_to_reject() {
        assert_eq!(
            rewritten(&["search", "x", "--lmit", "3"]),
            ["search", "--lmit", "--", "x", "3"]
        );
    }

    #[test]
    fn other_commands_and_ids_are_left_alone() {
        for args in [
            &["parse", "-", "-x"][..],
            &["07MOSCOW1026"],
            &["--library", "d", "07MOSCOW1026"],
            &["--", "search", "-x"],
        ] {
            assert_eq!(rewritten(args), args);
        }
    }

    /// Every example of the query language help parses: the help shows
    /// the language as it is.
    #[test]
    fn every_example_in_the_query_language_help_parses() {
        let examples: Vec<&str> = QUERY_LANGUAGE
            .lines()
            .filter(|l| l.starts_with("    ") && !l.trim_start().starts_with("cablegram"))
            .filter_map(|l| l.trim().split("   ").next())
            .filter(|e| !e.is_empty())
            .collect();
        assert!(examples.len() >= 30, "{examples:?}");
        for example in examples {
            assert!(parse_query(example).is_ok(), "{example:?} does not parse");
        }
    }

    /// The help names every filter the parser knows.
    #[test]
    fn the_query_language_help_lists_every_filter() {
        for name in crate::library::query::FILTERS {
            let listed = QUERY_LANGUAGE
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{name}:")));
            assert!(listed, "{name}: is not in the help");
        }
    }

    #[test]
    fn marks_become_colour_only_on_a_terminal() {
        assert_eq!(marked("in Moscow", &[[3, 9]], false), "in Moscow");
        assert_eq!(
            marked("in Moscow", &[[3, 9]], true),
            "in \x1b[1;33mMoscow\x1b[0m"
        );
    }
}
