//! Parse throughput over the release-style corpus (`../shared/corpus/cables.csv`).
//!
//!     cargo bench --bench parse
//!
//! All rows are read into memory first, so `parse/corpus` measures the
//! parser alone (with each row's release metadata, as `cablegram parse`
//! does on a CSV); criterion reports it in MB/s. `source/cables_csv`
//! measures the CSV reader alone, from memory. Without the corpus (a
//! checkout without ../shared) the bench prints a note and measures nothing.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use cablegram::source::{CsvReader, RawCable};
use cablegram::{parse_with, ParseOptions};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

// The binary's allocator, so that the MB/s are the import's.
#[path = "../examples/common/allocator.rs"]
mod allocator;

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cables.csv")
}

fn benches(c: &mut Criterion) {
    let path = corpus_path();
    let data = match std::fs::read(&path) {
        Ok(data) => data,
        Err(e) => {
            eprintln!(
                "note: {} cannot be read ({e}); the parse bench measures nothing",
                path.display()
            );
            return;
        }
    };
    let mut rows: Vec<RawCable> = Vec::new();
    for row in CsvReader::new(&data[..], &path) {
        match row {
            Ok(row) => rows.push(row),
            Err(e) => eprintln!("note: skipped: {e}"),
        }
    }
    let inputs: Vec<(String, ParseOptions)> = rows
        .into_iter()
        .map(|row| {
            let opts = ParseOptions {
                year: None,
                metadata: row.metadata,
            };
            (row.text, opts)
        })
        .collect();
    let text_bytes: u64 = inputs.iter().map(|(text, _)| text.len() as u64).sum();
    eprintln!(
        "note: {} cables, {:.1} MB of text from {}",
        inputs.len(),
        text_bytes as f64 / 1e6,
        path.display()
    );

    let mut group = c.benchmark_group("parse");
    // One pass over the corpus takes long enough that few samples suffice.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(text_bytes));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for (text, opts) in &inputs {
                black_box(parse_with(black_box(text), opts));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("source");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("cables_csv", |b| {
        b.iter(|| CsvReader::new(black_box(&data[..]), "cables.csv").count())
    });
    group.finish();
}

criterion_group!(parse, benches);
criterion_main!(parse);
