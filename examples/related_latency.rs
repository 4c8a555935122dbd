//! Latency of the library's related-cable answers, in process: the thread
//! of a cable (depth 2, limit 200, as `cablegram thread` and the reader's
//! `T` build it) and its similar cables (top 20, as `cablegram similar`).
//!
//! ```text
//! cargo run --release --example related_latency -- LIBRARY IDS [--repeat R]
//! ```
//!
//! IDS has one cable ID a line (the benchmark writes the 100 most cited
//! and 100 spread over the corpus). Each ID runs once untimed, then R
//! timed rounds (default 3). Prints one line per measure:
//!
//! ```text
//! thread       600 builds    p50 1.234 ms  p99 5.678 ms  max 9.012 ms  (largest 200 cables)
//! similar      600 searches  p50 1.234 ms  p99 5.678 ms  max 9.012 ms
//! ```

#[path = "common/allocator.rs"]
mod allocator;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use cablegram::library::thread::{self, DEFAULT_DEPTH, DEFAULT_LIMIT};
use cablegram::library::Library;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(at).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn line(name: &str, what: &str, mut times: Vec<Duration>, extra: &str) {
    times.sort();
    println!(
        "{name:<12} {:>4} {what:<9} p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms{extra}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        percentile(&times, 1.0),
    );
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(library), Some(ids_file)) = (args.next(), args.next()) else {
        bail!("usage: related_latency LIBRARY IDS [--repeat R]");
    };
    let mut repeat = 3usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                let r = args.next().context("--repeat needs a number")?;
                repeat = r.parse().with_context(|| format!("--repeat {r}"))?;
            }
            other => bail!("unknown argument {other:?}"),
        }
    }
    let lib = Library::open(&PathBuf::from(&library)).context("opening the library")?;
    let text = std::fs::read_to_string(&ids_file).with_context(|| format!("reading {ids_file}"))?;
    let ids: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if ids.is_empty() {
        bail!("{ids_file} lists no cable");
    }

    let mut thread_times = Vec::new();
    let mut similar_times = Vec::new();
    let mut largest = 0;
    for round in 0..=repeat {
        for id in &ids {
            let t = Instant::now();
            let thread = thread::thread(&lib, id, DEFAULT_DEPTH, DEFAULT_LIMIT)
                .with_context(|| format!("thread of {id}"))?;
            let took = t.elapsed();
            largest = largest.max(thread.cables.len());
            let t = Instant::now();
            lib.similar(id, 20)
                .with_context(|| format!("similar to {id}"))?;
            let similar_took = t.elapsed();
            // Round 0 warms the caches and is not timed.
            if round > 0 {
                thread_times.push(took);
                similar_times.push(similar_took);
            }
        }
    }
    line(
        "thread",
        "builds",
        thread_times,
        &format!("  (largest {largest} cables)"),
    );
    line("similar", "searches", similar_times, "");
    Ok(())
}
