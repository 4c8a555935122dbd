//! What each field of a library's index takes on disk (tantivy's space
//! usage: term dictionary, postings, positions, fast column and norms), the
//! largest first, with its share of the index; for weighing what a field
//! costs before adding one.
//!
//! ```text
//! cargo run --release --example index_space -- LIBRARY
//! ```
//!
//! The document store (the `id` and a few stored values) is one line of its
//! own; the cable store (cables.zst, outside tantivy) is not counted.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let Some(library) = std::env::args().nth(1).map(PathBuf::from) else {
        bail!("usage: index_space LIBRARY");
    };
    let dir = library.join("index");
    let index = tantivy::Index::open_in_dir(&dir)
        .with_context(|| format!("opening the index in {}", dir.display()))?;
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut by_field: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    let mut store = 0u64;
    for segment in usage.segments() {
        let parts = [
            segment.termdict(),
            segment.postings(),
            segment.positions(),
            segment.fast_fields(),
            segment.fieldnorms(),
        ];
        for (i, part) in parts.iter().enumerate() {
            for f in part.fields() {
                by_field.entry(f.field_name().to_string()).or_default()[i] += f.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
    }
    let total = usage.total().get_bytes().max(1);
    let mut rows: Vec<(String, [u64; 5])> = by_field.into_iter().collect();
    rows.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.iter().sum::<u64>()));
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "{:<22} {:>9} {:>7}   terms / postings / positions / fast / norms (MB)",
        "field", "MB", "share"
    );
    for (name, p) in &rows {
        let sum: u64 = p.iter().sum();
        println!(
            "{name:<22} {:>9.2} {:>6.1}%   {:.2} / {:.2} / {:.2} / {:.2} / {:.2}",
            mb(sum),
            sum as f64 * 100.0 / total as f64,
            mb(p[0]),
            mb(p[1]),
            mb(p[2]),
            mb(p[3]),
            mb(p[4])
        );
    }
    println!(
        "{:<22} {:>9.2} {:>6.1}%",
        "(document store)",
        mb(store),
        store as f64 * 100.0 / total as f64
    );
    println!("{:<22} {:>9.2}", "index total", mb(total));
    Ok(())
}
