//! Crash injection: `cablegram import` of the corpus (../shared/corpus, or
//! 1,030 invented cables when it is absent) is killed with SIGKILL at 20
//! random points (a few in a debug build: see [`points`]), and each time the library must open, hold exactly the
//! cables of its last commit (a prefix of the input, nothing half-written),
//! and a re-run of the same import must complete it: 1,030 cables, each
//! once, by `info`, by `search` and by the library's own list.
//!
//! The points: the import runs with several commits
//! (`CABLEGRAM_COMMIT_EVERY`) and the test-only trace of
//! `CABLEGRAM_TEST_TRACE_IMPORT`, which names every cable handed to the
//! index and every commit on stderr. The test kills the process as soon as
//! it reads that the chosen cable was handed over; the process runs on for
//! the moment the kill takes, so the kill lands at a random place after it:
//! while cables are added, inside a commit (half the points are chosen at a
//! commit boundary, where a commit starts right away) or in the final
//! commit and its merges. `CABLEGRAM_CRASH_SEED` repeats a run's points.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use cablegram::library::{Library, ListQuery};

const BIN: &str = env!("CARGO_BIN_EXE_cablegram");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Kill points per run: 20 in an optimised build (CI runs it so, with
/// `cargo test --release --test crash_import`); a debug build, where one
/// import of the corpus takes seconds of CPU, checks a few as a smoke test.
/// `CABLEGRAM_CRASH_POINTS` sets the number.
fn points() -> usize {
    let default = if cfg!(debug_assertions) { 4 } else { 20 };
    std::env::var("CABLEGRAM_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}
/// Cables per commit while killed: six commits in 1,030 cables.
const COMMIT_EVERY: usize = 200;
/// The size of the corpus, and of the invented stand-in.
const CABLES: usize = 1030;

/// The input: the corpus CSV, or an invented one of the same size.
fn input(tmp: &Path) -> PathBuf {
    let corpus = Path::new(ROOT).join("../shared/corpus/cables.csv");
    if corpus.is_file() {
        return corpus;
    }
    eprintln!("note: ../shared/corpus is absent; killing an import of {CABLES} invented cables");
    let path = tmp.join("invented.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..CABLES {
        let serial = 10_000 + i;
        let day = 1 + i % 28;
        writeln!(
            f,
            "\"{seq}\",\"3/{day}/2007 13:00\",\"07FICTIONIA{serial}\",\"Embassy Fictionia\",\"CONFIDENTIAL\",\"\",\"O {day:02}1300Z MAR 07\nFM AMEMBASSY FICTIONIA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE {serial}\",\"CONFIDENTIAL FICTIONIA {serial:06}\n\nE.O. 12958: DECL: 03/12/2017\nTAGS: PREL XF\nSUBJECT: TURNIP REPORT NUMBER {serial}\n\n1. (C) The turnip harvest of Port Turnip, part {serial}, was invented for a test.\n\nEXAMPLE\"",
            seq = i + 1,
        )
        .unwrap();
    }
    f.flush().unwrap();
    drop(f);
    path
}

/// The cable IDs of the release CSV, in input order (its ID column: the
/// release dialect has backslash escapes and no doubled quotes).
fn ids_in_order(csv: &Path) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .double_quote(false)
        .escape(Some(b'\\'))
        .from_path(csv)
        .unwrap()
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect()
}

/// The IDs of the bundled samples, which a new library holds until the
/// first commit of an import.
fn samples() -> BTreeSet<String> {
    std::fs::read_dir(Path::new(ROOT).join("assets/samples"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".txt").map(str::to_string)
        })
        .collect()
}

/// splitmix64: reproducible points from one printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `1..=n`.
    fn upto(&mut self, n: usize) -> usize {
        1 + (self.next() % n as u64) as usize
    }
}

/// What the trace of a killed import said.
struct Killed {
    /// The last cable it reported handed to the index.
    handed: usize,
    /// The cables stored after each commit it reported.
    commits: Vec<usize>,
}

/// Imports `csv` into `lib`, committing every [`COMMIT_EVERY`] cables,
/// and kills it with SIGKILL once it reports cable `at` handed over;
/// `None` when it finished before the kill landed.
fn import_and_kill(lib: &Path, csv: &Path, at: usize) -> Option<Killed> {
    let mut child = Command::new(BIN)
        .arg("--library")
        .arg(lib)
        .arg("import")
        .arg(csv)
        .env("CABLEGRAM_COMMIT_EVERY", COMMIT_EVERY.to_string())
        .env("CABLEGRAM_TEST_TRACE_IMPORT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut killed = Killed {
        handed: 0,
        commits: Vec::new(),
    };
    let mut sent = false;
    let mut other = Vec::new();
    // Read to the end: what the process wrote before it died is still in
    // the pipe, and tells where it really was.
    for line in stderr.lines() {
        let line = line.unwrap();
        let number = |prefix: &str| {
            line.strip_prefix(prefix)
                .and_then(|n| n.trim().parse::<usize>().ok())
        };
        if let Some(n) = number("cablegram-trace: handed ") {
            killed.handed = n;
            if n >= at && !sent {
                child.kill().unwrap(); // SIGKILL
                sent = true;
            }
        } else if let Some(n) = number("cablegram-trace: committed ") {
            killed.commits.push(n);
        } else {
            other.push(line);
        }
    }
    let status = child.wait().unwrap();
    if status.success() && killed.handed == CABLES {
        // The last cable's line came so late that the import finished
        // before the kill: no crash to check, the caller tries again.
        return None;
    }
    assert_eq!(
        status.signal(),
        Some(9),
        "the import was not killed at cable {at} ({status}); stderr: {other:?}"
    );
    Some(killed)
}

/// Runs the binary on `lib` and returns its output, asserting success.
fn cablegram(lib: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("CABLEGRAM_COMMIT_EVERY")
        .env_remove("CABLEGRAM_TEST_TRACE_IMPORT")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cablegram {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every ID in the library, by its own list, and the count of `info` and of
/// a search that matches every cable; all three must agree.
fn library_ids(lib: &Path) -> Vec<String> {
    let opened = Library::open(lib).unwrap_or_else(|e| panic!("the library does not open: {e}"));
    let page = opened.page(&ListQuery::All, None, 0, 10 * CABLES).unwrap();
    let ids: Vec<String> = page.rows.into_iter().map(|r| r.id).collect();
    assert_eq!(page.total, ids.len());
    assert_eq!(opened.len(), ids.len() as u64);
    let info = json(&cablegram(lib, &["info", "--json"]));
    assert_eq!(info["cables"], ids.len(), "info: {info}");
    let limit = (10 * CABLES).to_string();
    let search = json(&cablegram(
        lib,
        &["search", "--json", "--limit", &limit, "NOT id:00NOWHERE1"],
    ));
    assert_eq!(search["total"], ids.len(), "search total");
    assert_eq!(search["hits"].as_array().unwrap().len(), ids.len());
    ids
}

/// No ID twice; the set of them.
fn unique(ids: Vec<String>) -> BTreeSet<String> {
    let n = ids.len();
    let set: BTreeSet<String> = ids.into_iter().collect();
    assert_eq!(set.len(), n, "an ID is in the library twice");
    set
}

/// The points, from one seed: half of them anywhere, half at the end of a
/// commit's cables (the commit starts as the kill is sent), each commit and
/// the final one in turn.
fn kill_points(seed: u64, n: usize) -> Vec<usize> {
    let mut rng = Rng(seed);
    let mut boundaries: Vec<usize> = (1..=CABLES / COMMIT_EVERY)
        .map(|j| j * COMMIT_EVERY)
        .chain([CABLES])
        .collect();
    // Shuffled, so that each run meets other commits first.
    for i in (1..boundaries.len()).rev() {
        boundaries.swap(i, rng.upto(i + 1) - 1);
    }
    (0..n)
        .map(|i| {
            if i % 2 == 1 {
                boundaries[(i / 2) % boundaries.len()]
            } else {
                rng.upto(CABLES)
            }
        })
        .collect()
}

/// One point: a fresh library, an import killed at cable `at`, the checks,
/// and the re-run that completes it.
fn kill_check_and_complete(
    tmp: &Path,
    csv: &Path,
    order: &[String],
    all: &BTreeSet<String>,
    point: usize,
    at: usize,
) {
    let lib = tmp.join(format!("library-{point}"));
    let mut tries = 0;
    let killed = loop {
        if let Some(killed) = import_and_kill(&lib, csv, at) {
            break killed;
        }
        tries += 1;
        assert!(
            tries < 3,
            "point {point}: the import always finished before the kill"
        );
        std::fs::remove_dir_all(&lib).unwrap();
    };

    // It opens and holds exactly its last commit: the one the trace
    // names, or the next one when the kill came between the commit and
    // its line. Before the first commit it holds the samples.
    let last = killed.commits.last().copied().unwrap_or(0);
    let next = (last + COMMIT_EVERY).min(CABLES);
    let is_samples = Library::open(&lib)
        .unwrap_or_else(|e| panic!("point {point}: the library does not open: {e}"))
        .is_samples();
    let held = unique(library_ids(&lib));
    let kept = if held == samples() {
        assert!(is_samples, "point {point}: the samples, but not marked so");
        0
    } else {
        held.len()
    };
    assert!(
        kept == last || kept == next,
        "point {point}: killed after cable {} holds {kept} cables, \
             but its commits were {:?}",
        killed.handed,
        killed.commits
    );
    if kept > 0 {
        let prefix: BTreeSet<String> = order[..kept].iter().cloned().collect();
        assert_eq!(held, prefix, "point {point}: not the first {kept} cables");
    }

    // The same command again completes it, nothing lost or doubled.
    let rerun = json(&cablegram(
        &lib,
        &["import", "--json", csv.to_str().unwrap()],
    ));
    assert_eq!(rerun["read"], CABLES, "point {point}: {rerun}");
    // A library still marked as samples is cleared first (its first
    // commit may have landed without the mark being updated).
    let expected_added = if is_samples { CABLES } else { CABLES - kept };
    assert_eq!(rerun["added"], expected_added, "point {point}: {rerun}");
    assert_eq!(rerun["duplicates"], CABLES - expected_added);
    assert_eq!(rerun["rejected"].as_array().map(Vec::len), Some(0));
    assert_eq!(&unique(library_ids(&lib)), all, "point {point}");

    eprintln!(
        "point {point:2}: kill asked at cable {at:4}, came after {:4}; \
             held {kept:4} (commits {:?}); re-run completed {CABLES}",
        killed.handed, killed.commits
    );
    std::fs::remove_dir_all(&lib).unwrap();
}

#[test]
fn an_import_killed_at_random_points_keeps_its_last_commit_and_a_rerun_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = input(tmp.path());
    let order = ids_in_order(&csv);
    assert_eq!(order.len(), CABLES);
    let all: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(all.len(), CABLES, "the input repeats an ID");

    // CI kills at the same cables every run (where each kill lands still
    // varies with timing); elsewhere every run draws new points.
    let seed = std::env::var("CABLEGRAM_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .or_else(|| std::env::var_os("CI").map(|_| 17))
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("CABLEGRAM_CRASH_SEED={seed}");
    let total = points();
    let points = kill_points(seed, total);

    // Two at a time: a debug import keeps about one core busy.
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let passed = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&at) = points.get(i) else { break };
                kill_check_and_complete(tmp.path(), &csv, &order, &all, i + 1, at);
                passed.fetch_add(1, Ordering::Relaxed);
            });
        }
    });
    let passed = passed.into_inner();
    eprintln!(
        "{passed}/{total} kill points passed in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}
