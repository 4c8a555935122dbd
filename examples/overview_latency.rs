//! Overview latency, in process: opens a library and times
//! `Library::overview` (the counts of all eight kinds, as the reader's
//! overview asks for them) for each query given.
//!
//! ```text
//! cargo run --release --example overview_latency -- LIBRARY [--repeat R] [--kinds K,K] QUERY...
//! ```
//!
//! An empty QUERY (`''`) is every cable. `--kinds year,tag` times only
//! those kinds (the `--by` names of `cablegram stats`). Each query runs once untimed, then
//! R timed rounds (default 20); one line per query gives its total and
//! p50/p99/max in milliseconds.

#[path = "common/allocator.rs"]
mod allocator;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use cablegram::library::{FacetKind, Library};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(library) = args.next().map(PathBuf::from) else {
        bail!("usage: overview_latency LIBRARY [--repeat R] [--kinds K,K] QUERY...");
    };
    let mut repeat = 20usize;
    let mut kinds = FacetKind::ALL.to_vec();
    let mut queries = Vec::new();
    while let Some(a) = args.next() {
        if a == "--repeat" {
            let r = args.next().context("--repeat needs a number")?;
            repeat = r.parse().with_context(|| format!("--repeat {r}"))?;
        } else if a == "--kinds" {
            let list = args.next().context("--kinds needs a list")?;
            kinds = list
                .split(',')
                .map(|k| FacetKind::from_name(k).with_context(|| format!("no kind {k:?}")))
                .collect::<Result<_>>()?;
        } else {
            queries.push(a);
        }
    }
    if queries.is_empty() {
        queries.push(String::new());
    }
    let lib = Library::open(&library).with_context(|| library.display().to_string())?;
    for q in &queries {
        let first = lib.overview(q, &kinds)?;
        let mut ms: Vec<f64> = Vec::with_capacity(repeat);
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let o = lib.overview(q, &kinds)?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(o);
        }
        ms.sort_by(f64::total_cmp);
        let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "{:<24} {:>8} cables  p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            if q.is_empty() { "(all)" } else { q.as_str() },
            first.total,
            at(0.5),
            at(0.99),
            ms[ms.len() - 1]
        );
    }
    Ok(())
}
