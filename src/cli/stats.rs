//! `cablegram stats [QUERY] [--by KIND]... [--top N] [--json]`: how the
//! cables matching a query spread over years, months, origins, tags,
//! classifications, handling caveats, signers and classified-by names.

use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

use super::{terminal_safe, CommandError, Output};
use crate::library::{FacetCount, FacetKind, Library};
use crate::text::thousands;

/// The long help of `cablegram stats --help`.
pub const LONG_ABOUT: &str = "Counts the cables matching a query (the query language of \
`cablegram search`; without a query, every cable) by year, month, origin, tag, class \
(classification), handling (caveats such as NOFORN or NODIS), signer or by (the \
classified-by name), and prints a table per --by: the value, its count and its share of \
the matching cables, with a bar per row on a terminal.

A cable with several values of a kind (tags, handling, signers) counts once under each, \
so those shares add up to more than 100 %. Years and months are listed whole, in time \
order; the other kinds most frequent first, the first 20 unless --top says otherwise. \
--json prints every value unless --top is given: \
{\"total\": N, \"by\": {\"year\": [{\"key\": \"2009\", \"count\": N}, ...], ...}}.";

/// The longest bar, in terminal cells.
const BAR_CELLS: usize = 40;
/// How many values of a kind a table shows when --top is not given.
const DEFAULT_TOP: usize = 20;

#[derive(Debug, Clone, clap::Args)]
pub struct StatsArgs {
    /// The query (quote it for the shell); absent or empty: every cable
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,

    /// What to count by; repeat for several tables (default: year)
    #[arg(long = "by", value_enum, value_name = "KIND")]
    pub by: Vec<FacetKind>,

    /// How many values per table, most frequent first (default 20; years
    /// and months are always listed whole)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Print one JSON object: {"total", "by": {KIND: [{"key", "count"}]}}
    #[arg(long)]
    pub json: bool,
}

/// The `--by` values are the kinds' filter names (`year`, `class`, `by`).
impl clap::ValueEnum for FacetKind {
    fn value_variants<'a>() -> &'a [Self] {
        &FacetKind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

pub fn run(lib: &Library, args: &StatsArgs, o: &mut Output) -> Result<(), CommandError> {
    let query = args.query.join(" ");
    let kinds = if args.by.is_empty() {
        vec![FacetKind::Year]
    } else {
        args.by.clone()
    };
    let mut overview = lib
        .overview(&query, &kinds)
        .map_err(|e| super::search::query_error(&query, e))?;
    if args.json {
        if let Some(n) = args.top {
            overview.keep_top(n);
        }
        serde_json::to_writer(&mut *o.out, &overview).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    let whole: Vec<usize> = overview.facets().map(|(_, c)| c.len()).collect();
    overview.keep_top(args.top.unwrap_or(DEFAULT_TOP));
    match overview.total {
        0 => {
            writeln!(o.out, "no cable matches")?;
            return Ok(());
        }
        1 => writeln!(o.out, "1 cable")?,
        n => writeln!(o.out, "{} cables", thousands(n))?,
    }
    // Bars only for a person at a terminal, fitted to its width; a pipe
    // gets plain columns.
    let terminal = std::io::stdout().is_terminal().then(|| {
        crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(80)
    });
    for ((kind, counts), whole) in overview.facets().zip(whole) {
        writeln!(o.out)?;
        let table = Table {
            kind,
            counts,
            total: overview.total,
            more: whole - counts.len(),
            terminal,
        };
        table.write(o.out)?;
    }
    Ok(())
}

/// One kind's table: key, count and share, and on a terminal a bar per row.
struct Table<'a> {
    kind: FacetKind,
    counts: &'a [FacetCount],
    total: u64,
    /// Values left out by --top.
    more: usize,
    /// The terminal's width, when the output is a terminal.
    terminal: Option<usize>,
}

impl Table<'_> {
    fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let keys: Vec<_> = self.counts.iter().map(|c| terminal_safe(&c.key)).collect();
        let key_width = keys
            .iter()
            .map(|k| k.width())
            .chain([self.kind.name().len()])
            .max()
            .unwrap_or(0);
        let numbers: Vec<String> = self.counts.iter().map(|c| thousands(c.count)).collect();
        let count_width = numbers
            .iter()
            .map(String::len)
            .chain(["cables".len()])
            .max()
            .unwrap_or(0);
        let most = self.counts.iter().map(|c| c.count).max().unwrap_or(0);
        // Key, count, share and the gaps take `key_width + count_width + 12`
        // cells; the bar gets the rest but the last column (a full line
        // wraps on some terminals), up to BAR_CELLS, and none below 8.
        let cells = self
            .terminal
            .map(|w| {
                w.saturating_sub(key_width + count_width + 13)
                    .min(BAR_CELLS)
            })
            .filter(|&c| c >= 8);
        writeln!(
            out,
            "{:<key_width$}  {:>count_width$}   share",
            self.kind.name(),
            "cables"
        )?;
        for ((key, number), c) in keys.iter().zip(&numbers).zip(self.counts) {
            let pad = key_width - key.width();
            let share = share(c.count, self.total);
            if let Some(cells) = cells {
                let bar = bar(c.count, most, cells);
                writeln!(
                    out,
                    "{key}{:pad$}  {number:>count_width$}  {share:>6}  {bar}",
                    ""
                )?;
            } else {
                writeln!(out, "{key}{:pad$}  {number:>count_width$}  {share:>6}", "")?;
            }
        }
        if self.more > 0 {
            writeln!(
                out,
                "… and {} more (--top to see them)",
                thousands(self.more as u64)
            )?;
        }
        Ok(())
    }
}

/// `12.3%` of the matching cables.
fn share(count: u64, total: u64) -> String {
    if total == 0 {
        return "-".into();
    }
    format!("{:.1}%", count as f64 * 100.0 / total as f64)
}

/// A bar of `cells` cells for the largest count, in eighths of a cell;
/// any count above zero gets at least a sliver.
fn bar(count: u64, most: u64, cells: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if most == 0 || count == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * cells as u128 * 8) / most as u128).max(1) as usize;
    let mut s = "█".repeat(eighths / 8);
    let rest = eighths % 8;
    if rest > 0 {
        s.push(EIGHTHS[rest]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(key: &str, count: u64) -> FacetCount {
        FacetCount {
            key: key.into(),
            count,
        }
    }

    fn render(table: &Table) -> String {
        let mut out = Vec::new();
        table.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_largest_count_gets_the_full_bar() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(3, 8, 1), "▍");
    }

    #[test]
    fn a_small_count_still_gets_a_sliver() {
        assert_eq!(bar(1, 1_000_000, 40), "▏");
        assert_eq!(bar(0, 10, 40), "");
    }

    #[test]
    fn shares_have_one_decimal() {
        assert_eq!(share(1, 3), "33.3%");
        assert_eq!(share(3, 3), "100.0%");
    }

    #[test]
    fn a_table_aligns_keys_and_counts() {
        let counts = [count("Embassy Moscow", 1200), count("USUN", 7)];
        let text = render(&Table {
            kind: FacetKind::Origin,
            counts: &counts,
            total: 1207,
            more: 0,
            terminal: None,
        });
        assert_eq!(
            text,
            "origin          cables   share\n\
             Embassy Moscow   1,200   99.4%\n\
             USUN                 7    0.6%\n"
        );
    }

    #[test]
    fn bars_are_drawn_only_when_asked() {
        let counts = [count("2008", 4), count("2009", 2)];
        let text = render(&Table {
            kind: FacetKind::Year,
            counts: &counts,
            total: 6,
            more: 0,
            terminal: Some(120),
        });
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].ends_with(&"█".repeat(BAR_CELLS)), "{text}");
        assert!(lines[2].ends_with(&"█".repeat(BAR_CELLS / 2)), "{text}");
    }

    #[test]
    fn bars_shrink_to_fit_a_narrow_terminal() {
        let counts = [count("2008", 4)];
        let text = render(&Table {
            kind: FacetKind::Year,
            counts: &counts,
            total: 4,
            more: 0,
            terminal: Some(40),
        });
        let row = text.lines().nth(1).unwrap();
        assert_eq!(row.chars().count(), 39, "{row}");
    }

    #[test]
    fn a_cut_table_says_how_many_values_are_left_out() {
        let counts = [count("PREL", 4)];
        let text = render(&Table {
            kind: FacetKind::Tag,
            counts: &counts,
            total: 6,
            more: 6,
            terminal: None,
        });
        assert!(
            text.ends_with("… and 6 more (--top to see them)\n"),
            "{text}"
        );
    }

    #[test]
    fn keys_are_made_safe_for_the_terminal() {
        let counts = [count("Embassy \x1b[31mX", 1)];
        let text = render(&Table {
            kind: FacetKind::Origin,
            counts: &counts,
            total: 1,
            more: 0,
            terminal: None,
        });
        assert!(!text.contains('\x1b'), "{text:?}");
    }
}
