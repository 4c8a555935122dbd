//! Fuzzing on stable Rust, in the crate's normal build: a mutation driver
//! over four inputs from outside — the cable parser, the release-CSV
//! reader, the query language (parsed, its error drawn with a caret, and
//! run against a real index) and the configuration file.
//!
//! Each input is a seed (the bundled samples and fixtures, and at run time
//! the seeds, pages and CSV rows of ../shared when it is there) with a few
//! random mutations stacked on it: bytes flipped or replaced, tokens of the
//! target's own language inserted, ranges cut, doubled or swapped, lines
//! shuffled, seeds spliced, long runs of one token (deep nesting, long
//! lines), numbers made huge. Nothing may panic, take more than
//! [`HANG_LIMIT`] on one input (a watchdog thread ends the run if one
//! never returns), or allocate more than [`HEAP_LIMIT`] for one input (a
//! counting allocator refuses more and ends the run).
//!
//! `CABLEGRAM_FUZZ_INPUTS` sets the budget (inputs over all targets;
//! [`DEFAULT_INPUTS`] by default, a few seconds); `CABLEGRAM_FUZZ_SEED`
//! repeats a run (under `CI` the seed is fixed); `CABLEGRAM_FUZZ_TARGET` runs one target only. A failing
//! input is written to `target/fuzz-failures/` and named in the output.
//! `scripts/fuzz.sh` runs the long budget.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cablegram::library::query::parse_query;
use cablegram::library::Library;
use cablegram::source::{self, text, CsvReader};
use cablegram::tui::config;
use cablegram::{parse_with, Metadata, ParseOptions};

/// Inputs of a plain `cargo test` run, over all targets.
const DEFAULT_INPUTS: u64 = 1_000;
/// The seed when `CI` is set and `CABLEGRAM_FUZZ_SEED` is not.
const CI_SEED: u64 = 17;
/// The most CPU time one input may take. CPU time of the fuzzing thread
/// (where all the work of an input is done), not wall time: a machine busy
/// with other work must not fail a run. An input that never returns is
/// caught by the watchdog after [`NO_ANSWER`] of wall time.
const HANG_LIMIT: Duration = Duration::from_secs(1);
const NO_ANSWER: Duration = Duration::from_secs(10);
/// The most one input may allocate on top of what was live before it.
const HEAP_LIMIT: usize = 512 << 20;
/// The most the process may hold at the end of a run on top of what it held
/// at the start (the sample library, the seeds): growth beyond it is a leak.
const GROWTH_LIMIT: usize = 64 << 20;
/// One input in this many is grown to its target's `big_input`, to catch
/// work that grows faster than the input.
const BIG_EVERY: u64 = 500;
/// The longest run of one token a mutation inserts.
const MAX_RUN: usize = 64 << 10;

// ---------------------------------------------------------------------------
// Memory: a counting allocator with a per-input ceiling.

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Allocations that would take the live bytes above this fail (0: none).
static CEILING: AtomicUsize = AtomicUsize::new(0);

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.alloc(layout);
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.alloc_zeroed(layout);
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !reserve(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            if new_size > layout.size() {
                LIVE.fetch_sub(new_size - layout.size(), Ordering::Relaxed);
            }
        } else if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}

/// Counts `n` more live bytes unless that crosses the ceiling. A refused
/// allocation ends the process (Rust aborts on allocation failure) and the
/// message names the input that asked for it.
fn reserve(n: usize) -> bool {
    let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    let ceiling = CEILING.load(Ordering::Relaxed);
    if ceiling != 0 && live > ceiling {
        LIVE.fetch_sub(n, Ordering::Relaxed);
        // The watchdog writes the input and the message (it may allocate;
        // this thread is inside the allocator and must not).
        OVER_CEILING.store(n, Ordering::Relaxed);
        CEILING.store(0, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(500));
        return false;
    }
    PEAK.fetch_max(live, Ordering::Relaxed);
    true
}

static OVER_CEILING: AtomicUsize = AtomicUsize::new(0);

#[global_allocator]
static ALLOC: Counting = Counting;

// ---------------------------------------------------------------------------
// Random numbers: splitmix64, so that a seed and an input number repeat an
// input exactly.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Mutations.

/// Bytes that parsers treat specially somewhere.
const SPECIAL_BYTES: &[u8] =
    b"\0\t\n\r \"'\\,.:;()[]{}<>#&*-_=/|^~`\x7f\x80\xbf\xc2\xc3\xe2\xef\xf0\xff0123456789ZzAa";

/// Characters that are wide, combining, invisible, right-to-left or
/// outside the BMP: the caret, widths and sanitising must cope.
const ODD_CHARS: &[&str] = &[
    "¶",
    "§",
    "é",
    "\u{301}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "中",
    "😀",
    "\u{1b}[31m",
    "\u{85}",
    "\u{2028}",
    "\u{fffd}",
    "ǅ",
    "ß",
    "İ",
];

/// What a target does with one input.
type Check = Box<dyn Fn(&[u8])>;

struct Target {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    /// Tokens of the target's language.
    tokens: &'static [&'static str],
    /// Inputs are cut to this size, except the big ones.
    max_input: usize,
    /// The size of a big input: what the target may meet at most (a cable
    /// file or CSV row is under 1 MiB; a query or a config file is short).
    big_input: usize,
    run: Check,
}

/// A seed with 1 to 8 mutations.
fn mutate(rng: &mut Rng, target: &Target, big: bool) -> Vec<u8> {
    let mut data = rng.pick(&target.seeds).clone();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        mutate_once(rng, target, &mut data);
    }
    if big {
        // Grow by doubling with a little mutation each time.
        while !data.is_empty() && data.len() < target.big_input {
            let copy = data.clone();
            data.extend_from_slice(&copy);
            mutate_once(rng, target, &mut data);
        }
        data.truncate(target.big_input);
    } else {
        data.truncate(target.max_input);
    }
    data
}

fn mutate_once(rng: &mut Rng, target: &Target, data: &mut Vec<u8>) {
    let len = data.len();
    let at = |rng: &mut Rng| if len == 0 { 0 } else { rng.below(len + 1) };
    match rng.below(14) {
        // Flip a bit.
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        // A special byte in place of one.
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = *rng.pick(SPECIAL_BYTES);
        }
        // Insert a token of the language (most productive: twice the weight).
        2 | 3 => {
            let i = at(rng);
            let tok = rng.pick(target.tokens).as_bytes().to_vec();
            data.splice(i..i, tok);
        }
        // Insert an odd character.
        4 => {
            let i = at(rng);
            data.splice(i..i, rng.pick(ODD_CHARS).bytes());
        }
        // Cut a range.
        5 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(64.min(len - a))).min(len);
            data.drain(a..b);
        }
        // Truncate.
        6 if len > 0 => data.truncate(rng.below(len)),
        // Double a range in place.
        7 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(256.min(len - a))).min(len);
            let copy = data[a..b].to_vec();
            data.splice(b..b, copy);
        }
        // Swap two lines.
        8 => {
            let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            if lines.len() > 1 {
                let i = rng.below(lines.len());
                let j = rng.below(lines.len());
                lines.swap(i, j);
                *data = lines.join(&b'\n');
            }
        }
        // Splice the head of this with the tail of another seed.
        9 => {
            let other = rng.pick(&target.seeds);
            let i = at(rng);
            let j = if other.is_empty() {
                0
            } else {
                rng.below(other.len())
            };
            data.truncate(i);
            data.extend_from_slice(&other[j..]);
        }
        // A long run of one token: nesting, long lines, many blank lines.
        10 => {
            let i = at(rng);
            let tok = if rng.chance(2) {
                rng.pick(target.tokens).to_string()
            } else {
                (*rng.pick(SPECIAL_BYTES) as char).to_string()
            };
            let most = if rng.chance(4) { 20_000 } else { 200 };
            let times = 1 + rng.below(most);
            let run = tok.repeat(times).into_bytes();
            data.splice(i..i, run.into_iter().take(MAX_RUN));
        }
        // A number made huge, zero or negative.
        11 => {
            let digits = data
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_digit())
                .map(|(i, _)| i)
                .nth(rng.below(64));
            let i = digits.unwrap_or_else(|| at(rng));
            let n = *rng.pick(&[
                "0",
                "00",
                "-1",
                "99999999999999999999999",
                "4294967296",
                "65536",
                "255",
                "1e309",
                "9",
            ]);
            data.splice(i..i, n.bytes());
        }
        // Change the case of a range.
        12 if len > 0 => {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(64)).min(len);
            let upper = rng.chance(2);
            for byte in &mut data[a..b] {
                *byte = if upper {
                    byte.to_ascii_uppercase()
                } else {
                    byte.to_ascii_lowercase()
                };
            }
        }
        // Random bytes.
        _ => {
            let i = at(rng);
            let n = 1 + rng.below(16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(i..i, bytes);
        }
    }
}

// ---------------------------------------------------------------------------
// Seeds: what the crate ships, and ../shared when it is there (read at run
// time, never copied).

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    dir.join("corpus/cables.csv").is_file().then_some(dir)
}

/// The files of `dir` whose names end in one of `exts`, at most `max`.
fn files(dir: &Path, exts: &[&str], max: usize) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        let name = p.to_string_lossy();
        exts.iter().any(|x| name.ends_with(x))
    });
    paths.sort();
    paths.truncate(max);
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// Rows of the corpus CSV in windows of one to eight rows, whole lines.
fn csv_windows(csv: &[u8], windows: usize) -> Vec<Vec<u8>> {
    // Row starts: a line that begins `"N","`.
    let mut starts = vec![0];
    for (i, _) in csv.iter().enumerate().filter(|(_, &b)| b == b'\n') {
        if source::is_row_start(&csv[i + 1..csv.len().min(i + 25)]) {
            starts.push(i + 1);
        }
    }
    starts.push(csv.len());
    let rows = starts.len() - 1;
    let mut rng = Rng(0x5eed);
    (0..windows)
        .map(|_| {
            let first = rng.below(rows);
            let last = (first + 1 + rng.below(8)).min(rows);
            csv[starts[first]..starts[last]].to_vec()
        })
        .collect()
}

fn cable_seeds() -> Vec<Vec<u8>> {
    let mut seeds = files(&root().join("assets/samples"), &[".txt"], 100);
    seeds.extend(files(
        &root().join("fixtures"),
        &[".txt", ".html", ".md"],
        100,
    ));
    if let Some(shared) = shared() {
        seeds.extend(files(&shared.join("seeds"), &[".txt", ".html"], 100));
        seeds.extend(files(&shared.join("corpus/html"), &[".html"], 40));
    }
    seeds
}

fn csv_seeds() -> Vec<Vec<u8>> {
    let mut seeds = files(&root().join("fixtures"), &[".csv"], 100);
    seeds.extend(files(&root().join("fixtures/bad"), &[".csv"], 100));
    if let Some(shared) = shared() {
        if let Ok(csv) = std::fs::read(shared.join("corpus/cables.csv")) {
            seeds.extend(csv_windows(&csv, 60));
        }
    }
    seeds
}

const QUERIES: &[&str] = &[
    "turnip",
    "\"exact phrase\"",
    "id:07MOSCOW1026",
    "tag:PREL",
    "origin:moscow",
    "class:secret",
    "class:noforn",
    "subject:darfur",
    "date:2007",
    "date:2007-03",
    "date:2007-03..2008-06",
    "date:2007-03-12..2007-03-12",
    "refs:07MOSCOW977",
    "arms AND (syria OR iran) NOT sudan",
    "-tag:PREL origin:\"embassy moscow\"",
    "NOT NOT (a OR b) c",
    "((((x))))",
    "class:C OR class:S AND date:..2009",
    "subject:\"arms cooperation\" -\"end summary\"",
    "id:07moscow1026 OR refs:07STATE26466",
];

const QUERY_TOKENS: &[&str] = &[
    " AND ", " OR ", " NOT ", " -", "(", ")", "\"", ":", "..", "*", "id:", "tag:", "origin:",
    "class:", "subject:", "date:", "refs:", "2007", "-03", "-31", "13", "00", "9999", "..2008",
    " ", "\\", "\"\"", "()", "NOT(", "or", "and", "not", "¶", "07MOSCOW", "STATE",
];

const CABLE_TOKENS: &[&str] = &[
    "S E C R E T MOSCOW 001026\n",
    "UNCLAS SECTION 01 OF 02 MOSCOW 000501\n",
    "O 121300Z MAR 07\n",
    "R 011200Z JAN 99\n",
    "FM AMEMBASSY MOSCOW\n",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 5172\n",
    "INFO ",
    "REF: A. MOSCOW 977\n",
    "B. STATE 26466\n",
    "REF: ( A ) STATE 165022 ( B ) MOSCOW 11500 ",
    "TAGS: ",
    "PREL, PARM ",
    "[PREL](#) ",
    "SUBJECT: ",
    "E.O. 12958: DECL: 03/12/2017\n",
    "Classified By: ",
    "1.4 (b, d).\n",
    "\n\n1. (C) ",
    "\n\n12. (S) ",
    "( S ) ",
    "<a id='par1' href='#par1'>¶</a>1 . ",
    "[PER Anatoliy Antonov  ] [LOC ",
    "MOSCOW 00000501  002 OF 002\n",
    "<table class='cable'><tr><td>09X1</td><td>2009-13-45 99:99</td></tr></table>",
    "<code><pre>",
    "</pre></code>",
    "&#x000A;",
    "&#xD800;",
    "&#99999999;",
    "&amp;",
    "&",
    "Summary: ",
    "End summary.\n",
    "BURNS\n",
    "SIPDIS\n",
    "NOFORN\n",
    "\nEND TEXT\n",
    "09BERLIN1296",
    "STATE 26466",
    "Z",
    "\r\n",
];

const CSV_TOKENS: &[&str] = &[
    "\"",
    "\",\"",
    "\\\"",
    "\\'",
    "\\\\",
    "\\",
    "\n",
    "\r\n",
    "\"\n\"1\",\"",
    "\"\n\"999999999999999999999\",\"",
    "\"12/28/1966 18:48\"",
    "\"2/30/2009 25:61\"",
    "\"13/1/20071 9:5\"",
    "\"CONFIDENTIAL//NOFORN\"",
    "\"UNCLASSIFIED//FOR OFFICIAL USE ONLY\"",
    "\"07MOSCOW1026\"",
    "\"Embassy Moscow\"",
    "\"\"",
    ",",
    "\u{feff}",
];

const CONFIG_SNIPPETS: &[&str] = &[
    "mouse = false\n",
    "[keys.anywhere]\nquit = \"x\"\n",
    "[keys.reader]\npage_down = [\"space\", \"pgdn\"]\n",
    "[theme]\nbadge_secret = \"light-red\"\nhit_bg = \"#5f5f00\"\n",
    "[keys.list]\nopen = [\"enter\", \"ctrl-o\", \"alt-shift-f12\"]\n",
    "mouse = 1\n[keys]\nreader = 3\n",
    "[keys.nowhere]\nfly = \"f\"\n",
];

const CONFIG_TOKENS: &[&str] = &[
    "[keys.anywhere]\n",
    "[keys.reader]\n",
    "[keys.list]\n",
    "[keys.prompt]\n",
    "[theme]\n",
    "[[keys]]\n",
    "mouse = true\n",
    " = ",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "\\u0000",
    "\\U0010FFFF",
    "\\",
    "ctrl-",
    "alt-",
    "shift-",
    "f12",
    "f99",
    "space",
    "enter",
    "esc",
    "#ff00ff",
    "#12",
    "light-red",
    "reset",
    "quit",
    "page_down",
    "\n",
    "= [\"a\", \"b\"]\n",
    "1979-05-27T07:32:00Z",
    "inf",
    "nan",
    "0x7fffffffffffffff",
];

// ---------------------------------------------------------------------------
// The targets.

fn targets(only: Option<&str>, lib: Arc<Library>, scratch: PathBuf) -> Vec<Target> {
    let mut all = Vec::new();

    all.push(Target {
        name: "parse",
        seeds: cable_seeds(),
        tokens: CABLE_TOKENS,
        max_input: 64 << 10,
        big_input: 1 << 20,
        run: Box::new(|bytes| {
            let text = text::decode(bytes);
            // Half without options; half with a year and metadata taken
            // from the input.
            let options = match bytes.first() {
                Some(&b) if b % 2 == 1 => ParseOptions {
                    year: Some(1900 + u16::from(b)),
                    metadata: Some(Metadata {
                        id: Some(String::from_utf8_lossy(&bytes[..bytes.len().min(16)]).into()),
                        ..Metadata::default()
                    }),
                },
                _ => ParseOptions::default(),
            };
            let cable = parse_with(&text, &options);
            let _ = serde_json::to_string(&cable);
        }),
    });

    all.push(Target {
        name: "csv",
        seeds: csv_seeds(),
        tokens: CSV_TOKENS,
        max_input: 64 << 10,
        big_input: 1 << 20,
        run: Box::new(|bytes| {
            // The reader itself, and every row through the parser as
            // import does it.
            for raw in CsvReader::new(Cursor::new(bytes.to_vec()), "fuzz.csv").flatten() {
                let _ = parse_with(
                    &raw.text,
                    &ParseOptions {
                        year: None,
                        metadata: raw.metadata.clone(),
                    },
                );
            }
            // The way in from a file: text or binary, CSV or not, and now
            // and then a gzipped copy, which the reader must read through.
            let csv_by_name = bytes.len() % 2 == 0;
            if let Ok(cables) = source::from_reader(Cursor::new(bytes.to_vec()), "f", csv_by_name) {
                for item in cables {
                    if let Err(e) = item {
                        let _ = (e.to_string(), e.row());
                    }
                }
            }
            if bytes.len() % 8 == 1 {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                if gz.write_all(bytes).is_ok() {
                    if let Ok(gz) = gz.finish() {
                        if let Ok(cables) = source::from_reader(Cursor::new(gz), "f.csv.gz", true) {
                            cables.for_each(drop);
                        }
                    }
                }
            }
        }),
    });

    all.push(Target {
        name: "query",
        seeds: QUERIES.iter().map(|q| q.as_bytes().to_vec()).collect(),
        tokens: QUERY_TOKENS,
        max_input: 4 << 10,
        big_input: 64 << 10,
        run: Box::new(move |bytes| {
            let input = String::from_utf8_lossy(bytes);
            match parse_query(&input) {
                Ok(expr) => {
                    let _ = (expr.has_free_text(), expr.highlight_terms());
                }
                Err(e) => {
                    let _ = e.display_with_caret(&input);
                }
            }
            // Parsed and translated to tantivy by the library, and run
            // against the sample cables.
            match lib.search(&input, 20, None) {
                Ok(results) => {
                    let _ = results;
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }),
    });

    let file = scratch.join("config.toml");
    all.push(Target {
        name: "config",
        seeds: {
            let mut seeds: Vec<Vec<u8>> = CONFIG_SNIPPETS
                .iter()
                .map(|s| s.as_bytes().to_vec())
                .collect();
            seeds.push(config::default_file().into_bytes());
            seeds
        },
        tokens: CONFIG_TOKENS,
        max_input: 64 << 10,
        big_input: 256 << 10,
        run: Box::new(move |bytes| {
            let text = String::from_utf8_lossy(bytes);
            match config::parse(&text, Path::new("config.toml")) {
                Ok(c) => {
                    let _ = c;
                }
                Err(e) => {
                    let _ = (e.to_string(), e.line(), e.kind());
                }
            }
            // The loader, from a file: the raw bytes, UTF-8 or not.
            if std::fs::write(&file, bytes).is_ok() {
                if let Err(e) = config::load(Some(&file)) {
                    let _ = e.to_string();
                }
            }
        }),
    });

    all.retain(|t| only.is_none_or(|name| t.name == name));
    for t in &all {
        assert!(!t.seeds.is_empty(), "{}: no seeds", t.name);
    }
    all
}

// ---------------------------------------------------------------------------
// The driver.

/// What the watchdog sees: the input running now.
struct Current {
    /// Milliseconds since the run started when the input began; 0 when idle.
    since: AtomicU64,
    /// Its target and bytes.
    input: Mutex<(&'static str, u64, Vec<u8>)>,
}

fn failure_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("fuzz-failures")
}

/// Writes a failing input where it can be found again; returns its path.
fn keep(target: &str, seed: u64, n: u64, kind: &str, bytes: &[u8]) -> PathBuf {
    let dir = failure_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{kind}-{seed}-{n}.bin"));
    let _ = std::fs::write(&path, bytes);
    path
}

/// The CPU time this thread has used.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to write.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn rss_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb << 10)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[test]
fn fuzz_parser_csv_query_and_config() {
    let budget = env_number("CABLEGRAM_FUZZ_INPUTS").unwrap_or(DEFAULT_INPUTS);
    // CI runs the same inputs every time: a find there would stop a
    // submission that did not cause it, after its session has ended. New
    // inputs come from the runs of scripts/fuzz.sh.
    let seed = env_number("CABLEGRAM_FUZZ_SEED").unwrap_or_else(|| {
        if std::env::var_os("CI").is_some() {
            return CI_SEED;
        }
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let only = std::env::var("CABLEGRAM_FUZZ_TARGET").ok();

    let scratch = tempfile::tempdir().unwrap();
    // A library with the bundled samples: queries run against a real index.
    let lib = Arc::new(Library::open(&scratch.path().join("library")).unwrap());
    let targets = targets(only.as_deref(), lib, scratch.path().to_path_buf());
    assert!(!targets.is_empty(), "no target named {only:?}");
    let names: Vec<&str> = targets.iter().map(|t| t.name).collect();
    println!(
        "fuzz: seed {seed}, {budget} inputs over {} ({} seeds{})",
        names.join(", "),
        targets.iter().map(|t| t.seeds.len()).sum::<usize>(),
        if shared().is_some() {
            ", ../shared included"
        } else {
            ", ../shared absent"
        }
    );

    // Panics are caught per input and counted; their message is kept, not
    // printed as it happens.
    let last_panic: Arc<Mutex<String>> = Arc::default();
    {
        let last_panic = Arc::clone(&last_panic);
        panic::set_hook(Box::new(move |info| {
            if let Ok(mut slot) = last_panic.lock() {
                *slot = info.to_string();
            }
        }));
    }

    let start = Instant::now();
    let current = Arc::new(Current {
        since: AtomicU64::new(0),
        input: Mutex::new(("", 0, Vec::new())),
    });
    let done = Arc::new(AtomicU64::new(0));
    {
        // The watchdog: an input that never returns, or asks for too much
        // memory, ends the run with the input kept.
        let current = Arc::clone(&current);
        let done = Arc::clone(&done);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(20));
            let since = current.since.load(Ordering::Relaxed);
            let over = OVER_CEILING.load(Ordering::Relaxed);
            let hung = since != 0
                && start.elapsed().as_millis() as u64 > since + NO_ANSWER.as_millis() as u64;
            if hung || over != 0 {
                let (target, n, bytes) =
                    current.input.lock().map(|g| g.clone()).unwrap_or_default();
                let kind = if hung { "hang" } else { "memory" };
                let path = keep(target, seed, n, kind, &bytes);
                println!(
                    "fuzz: FAIL {target} input {n}: {} ({} bytes), kept in {}",
                    if hung {
                        format!("no answer after {} s", NO_ANSWER.as_secs())
                    } else {
                        format!("asked for {over} bytes past the limit of {HEAP_LIMIT}")
                    },
                    bytes.len(),
                    path.display()
                );
                println!(
                    "fuzz: {} inputs run, 1 failing",
                    done.load(Ordering::Relaxed)
                );
                std::process::exit(1);
            }
        });
    }

    let rss_start = rss_bytes().unwrap_or(0);
    let live_start = LIVE.load(Ordering::Relaxed);
    let mut failures: Vec<String> = Vec::new();
    let mut counts = vec![0u64; targets.len()];
    let mut slowest = (Duration::ZERO, "", 0u64, 0usize);
    let mut slowest_input = Vec::new();
    let mut peak_rss = rss_start;
    for n in 0..budget {
        let t = (n % targets.len() as u64) as usize;
        let target = &targets[t];
        let mut rng = Rng(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
        // Drawn, not counted: every BIG_EVERY-th input would always fall
        // to the same target.
        let big = rng.chance(BIG_EVERY);
        let input = mutate(&mut rng, target, big);
        if let Ok(mut slot) = current.input.lock() {
            *slot = (target.name, n, input.clone());
        }
        let live = LIVE.load(Ordering::Relaxed);
        PEAK.store(live, Ordering::Relaxed);
        CEILING.store(live + HEAP_LIMIT, Ordering::Relaxed);
        let began = thread_cpu_time();
        current
            .since
            .store(start.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        current.since.store(0, Ordering::Relaxed);
        let took = thread_cpu_time().saturating_sub(began);
        CEILING.store(0, Ordering::Relaxed);
        counts[t] += 1;
        done.store(n + 1, Ordering::Relaxed);
        if took > slowest.0 {
            slowest = (took, target.name, n, input.len());
            slowest_input.clone_from(&input);
        }
        let failure = if outcome.is_err() {
            let message = last_panic.lock().map(|m| m.clone()).unwrap_or_default();
            Some(("panic", message))
        } else if took > HANG_LIMIT {
            Some(("slow", format!("took {:.2} s of CPU", took.as_secs_f64())))
        } else {
            None
        };
        if let Some((kind, message)) = failure {
            let path = keep(target.name, seed, n, kind, &input);
            let line = format!(
                "{} input {n} ({} bytes): {kind}: {message}; kept in {}",
                target.name,
                input.len(),
                path.display()
            );
            println!("fuzz: FAIL {line}");
            failures.push(line);
        }
        if n % 1000 == 999 {
            let rss = rss_bytes().unwrap_or(0);
            peak_rss = peak_rss.max(rss);
        }
    }
    let _ = panic::take_hook();

    // The slowest input is kept too: the first thing to look at when the
    // limit comes near.
    let slowest_path = keep(slowest.1, seed, slowest.2, "slowest", &slowest_input);
    let live_growth = LIVE.load(Ordering::Relaxed).saturating_sub(live_start);
    let rss_end = rss_bytes().unwrap_or(0);
    let per_target: Vec<String> = names
        .iter()
        .zip(&counts)
        .map(|(name, c)| format!("{name} {c}"))
        .collect();
    println!(
        "fuzz: slowest input {:.3} s of CPU ({} input {}, {} bytes, kept in {}); heap growth {} KiB; RSS {} MiB at start, {} MiB at most",
        slowest.0.as_secs_f64(),
        slowest.1,
        slowest.2,
        slowest.3,
        slowest_path.display(),
        live_growth >> 10,
        rss_start >> 20,
        peak_rss.max(rss_end) >> 20
    );
    println!(
        "fuzz: {budget} inputs run ({}), {} failing, in {:.1} s",
        per_target.join(", "),
        failures.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "failing inputs:\n{}",
        failures.join("\n")
    );
    assert!(
        live_growth < GROWTH_LIMIT,
        "the heap grew by {live_growth} bytes over the run"
    );
}
