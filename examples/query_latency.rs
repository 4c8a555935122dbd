//! Search latency, in process: opens a library and times `Library::search`
//! (top N with the total count, stored cables read and snippets built, as
//! `cablegram search` does) over a fixed list of queries.
//!
//! ```text
//! cargo run --release --example query_latency -- LIBRARY QUERIES [--repeat R] [--warmup W] [--limit N] [--marks M]
//! ```
//!
//! `--marks M` marks the M newest cables read for the run (the library's
//! own marks are put back afterwards), so that `is:unread` and `is:read`
//! lines are timed against that many marks (the triage issue: 50,000).
//!
//! QUERIES has one query a line, `KIND | SORT | QUERY [| BASELINE]`:
//! KIND groups the figures (`word`, `phrase`, `refs` …), SORT is `auto`
//! (the command's default: relevance with free text, else date), `date` or
//! `relevance`, and BASELINE, when present, is the same query in plain
//! tantivy `QueryParser` syntax for `tantivy_baseline query` — the
//! `comparable` line gives the figures of just those queries. Blank lines
//! and lines starting with `#` are skipped.
//!
//! Every query runs W warm-up rounds (default 1, not timed), then R timed
//! rounds (default 5), round by round through the list. The output gives
//! p50/p99/max in milliseconds for all searches, for the comparable subset
//! and per kind, one line each:
//!
//! ```text
//! all          500 searches  p50 1.234 ms  p99 5.678 ms  max 9.012 ms
//! ```
//!
//! A query with no hits is reported on stderr: in a benchmark it usually
//! means the list does not fit the corpus.
//!
//! `benches/queries_language.txt` times the query forms of issue 15 the
//! same way, one kind each: `prefix` (`darf*`), `forms` (`~negotiate`),
//! `near` (`"nuclear weapons"~5`), `exact` (`class:=SECRET`) and `filters`
//! (`citedby:>=5`, `cites:missing`, …). A prefix that stands for too many
//! words is a query error, and stops the run with its message.

#[path = "common/allocator.rs"]
mod allocator;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use cablegram::library::{Library, Sort};

#[path = "common/bench_marks.rs"]
mod bench_marks;

struct Query {
    line: usize,
    kind: String,
    sort: Option<Sort>,
    text: String,
    comparable: bool,
}

struct Options {
    library: PathBuf,
    queries: PathBuf,
    repeat: usize,
    warmup: usize,
    limit: usize,
    marks: usize,
}

const USAGE: &str =
    "usage: query_latency LIBRARY QUERIES [--repeat R] [--warmup W] [--limit N] [--marks M]";

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let opts = parse_args(std::env::args().skip(1))?;
    let queries = read_queries(&opts.queries)?;
    if queries.is_empty() {
        bail!("{}: no queries", opts.queries.display());
    }
    // `Library::open` creates a library (with the samples) in a missing or
    // empty directory: refuse, a benchmark must not measure that.
    let empty = match std::fs::read_dir(&opts.library) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => bail!("cannot read {}: {e}", opts.library.display()),
    };
    if empty {
        bail!(
            "{} is not a library (missing or empty); import a corpus into it first",
            opts.library.display()
        );
    }
    let start = Instant::now();
    // The library's errors are one sentence each that already name their
    // cause: shown with `{e}` alone, not as an anyhow chain that would
    // repeat it.
    let lib = Library::open(&opts.library)
        .map_err(|e| anyhow!("cannot open the library {}: {e}", opts.library.display()))?;
    let open_ms = ms(start);
    if lib.is_samples() {
        bail!(
            "{} holds only the bundled samples; import a corpus into it first",
            opts.library.display()
        );
    }
    let _kept = bench_marks::keep(&lib);
    if opts.marks > 0 {
        let n = bench_marks::mark_newest(&lib, opts.marks)?;
        println!("{n} cables marked read for the run");
    }
    println!(
        "library {}: {} cables, opened in {open_ms:.1} ms; {} queries, {} warm-up + {} timed rounds, top {}",
        opts.library.display(),
        lib.len(),
        queries.len(),
        opts.warmup,
        opts.repeat,
        opts.limit
    );

    for _ in 0..opts.warmup {
        for q in &queries {
            search(&lib, &opts.queries, q, opts.limit)?;
        }
    }
    // times[i]: the timed runs of queries[i].
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(opts.repeat); queries.len()];
    let mut totals: Vec<usize> = vec![0; queries.len()];
    for _ in 0..opts.repeat {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let total = search(&lib, &opts.queries, q, opts.limit)?;
            times[i].push(ms(t));
            totals[i] = total;
        }
    }

    for (q, total) in queries.iter().zip(&totals) {
        if *total == 0 {
            eprintln!(
                "note: {}: line {}: no hits for {:?}",
                opts.queries.display(),
                q.line,
                q.text
            );
        }
    }

    let all: Vec<f64> = times.iter().flatten().copied().collect();
    print_line("all", &all);
    let comparable: Vec<f64> = queries
        .iter()
        .zip(&times)
        .filter(|(q, _)| q.comparable)
        .flat_map(|(_, t)| t.iter().copied())
        .collect();
    if !comparable.is_empty() {
        print_line("comparable", &comparable);
    }
    let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (q, t) in queries.iter().zip(&times) {
        by_kind.entry(&q.kind).or_default().extend(t);
    }
    for (kind, t) in &by_kind {
        print_line(&format!("kind:{kind}"), t);
    }

    // The slowest queries, by their median: what to look at first.
    let mut slowest: Vec<(f64, &Query, usize)> = queries
        .iter()
        .zip(&times)
        .zip(&totals)
        .map(|((q, t), total)| (percentile(&sorted(t), 0.5), q, *total))
        .collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("slowest (median of the timed runs):");
    for (median, q, total) in slowest.iter().take(5) {
        println!(
            "  {median:8.3} ms  {:>7} hits  [{}] {}",
            total, q.kind, q.text
        );
    }
    Ok(())
}

/// Runs one search, returning its total count.
fn search(lib: &Library, file: &Path, q: &Query, limit: usize) -> Result<usize> {
    let results = lib
        .search(&q.text, limit, q.sort)
        .map_err(|e| anyhow!("{}: line {}: {:?}: {e}", file.display(), q.line, q.text))?;
    std::hint::black_box(&results.hits);
    Ok(results.total)
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options> {
    let mut positional = Vec::new();
    let mut repeat = 5;
    let mut warmup = 1;
    let mut limit = 50;
    let mut marks = 0;
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize> {
            let value = args
                .next()
                .with_context(|| format!("{name} needs a number; {USAGE}"))?;
            value
                .parse()
                .map_err(|e| anyhow!("{name} {value:?} is not a number ({e}); {USAGE}"))
        };
        match arg.as_str() {
            "--repeat" => repeat = number("--repeat")?,
            "--warmup" => warmup = number("--warmup")?,
            "--limit" => limit = number("--limit")?,
            "--marks" => marks = number("--marks")?,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            a if a.starts_with('-') => bail!("unknown option {a}; {USAGE}"),
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    if repeat == 0 {
        bail!("--repeat must be at least 1");
    }
    let [library, queries]: [PathBuf; 2] = positional.try_into().map_err(|_| anyhow!("{USAGE}"))?;
    Ok(Options {
        library,
        queries,
        repeat,
        warmup,
        limit,
        marks,
    })
}

fn read_queries(path: &Path) -> Result<Vec<Query>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = trimmed.splitn(4, '|').map(str::trim).collect();
        let [kind, sort, text, rest @ ..] = cols.as_slice() else {
            bail!(
                "{}: line {line_no}: expected `KIND | SORT | QUERY [| BASELINE]`",
                path.display()
            );
        };
        let sort = match *sort {
            "auto" => None,
            "date" => Some(Sort::Date),
            "relevance" => Some(Sort::Relevance),
            other => bail!(
                "{}: line {line_no}: sort {other:?} is not auto, date or relevance",
                path.display()
            ),
        };
        if kind.is_empty() || text.is_empty() {
            bail!("{}: line {line_no}: empty kind or query", path.display());
        }
        out.push(Query {
            line: line_no,
            kind: kind.to_string(),
            sort,
            text: text.to_string(),
            comparable: rest.first().is_some_and(|b| !b.is_empty()),
        });
    }
    Ok(out)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn sorted(v: &[f64]) -> Vec<f64> {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// Nearest-rank percentile of sorted values, the way `tantivy_baseline`
/// computes it (index `(len - 1) * p`, rounded down), so the two compare.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p) as usize]
}

fn print_line(label: &str, times: &[f64]) {
    let s = sorted(times);
    println!(
        "{label:<16} {:>5} searches  p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        s.len(),
        percentile(&s, 0.5),
        percentile(&s, 0.99),
        percentile(&s, 1.0)
    );
}
