//! Measures the reader against its targets on a library (issue "The
//! reader"): first frame, key press → frame drawn for movement keys,
//! following a reference, and memory after reading 1,000 cables in a row;
//! (issue "Threads") building a thread, key `T` → the tree drawn, and
//! laying out a thread of up to 50 cables as one; and triage's (issue
//! "Triage"): with 50,000 cables marked read, list movement and `r` (mark
//! read) key → frame against the movement before the marks, and the
//! saved-searches view of 20 searches drawn with its counts; and the
//! overview (issue "Overview"): `O` → the first frame (the counts still
//! computing, as on the worker) and `O` → the counts on screen, over every
//! cable and over `tag:PREL`, and `Enter` on the top origin → the narrowed
//! list and its counts on screen.
//!
//!     cargo run --release --example tui_bench -- LIBRARY_DIR [SCENARIO…] [--ids FILE]
//!
//! Scenarios: `keys` (the reader's keys), `thread`, `thread-read`,
//! `triage` and `overview`; all five without any named. `--ids FILE` gives the cables to take the
//! threads of, one ID a line (the set: the 100 most cited and 100
//! random ones); without it, 200 cables spread evenly over the library.
//!
//! The 50,000 marks are made in the library for the run, and its own read
//! marks put back afterwards (the keys of the run mark cables too).
//!
//! Everything runs in process, through the same `update`, runtime effects
//! and views as the terminal reader, drawing into ratatui's TestBackend at
//! 120×40 (the terminal's own write time is not included; process start
//! before `main` is not either: add a few ms for exec).

#[path = "common/allocator.rs"]
mod allocator;

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use cablegram::library::thread::{self, DEFAULT_DEPTH, DEFAULT_LIMIT};
use cablegram::library::{Library, ListQuery, SavedSearch};
use cablegram::tui::effect::{Effect, Lane};
use cablegram::tui::keymap::Keymap;
use cablegram::tui::state::{App, Pane, RefStatus};
use cablegram::tui::update::{self, Msg};
use cablegram::tui::{perform, settle, settle_saving_with, view, SessionSaver};

#[path = "common/bench_marks.rs"]
mod bench_marks;

/// Read marks made for the triage figures, as the issue sets them.
const MARKS: usize = 50_000;

/// Twenty saved searches of the kinds researchers keep: filters, words,
/// phrases, ranges and the read marks.
const SAVED: [&str; 20] = [
    "tag:PREL",
    "tag:PGOV date:2008",
    "origin:moscow",
    "origin:\"buenos aires\" tag:ECON",
    "class:secret",
    "class:noforn -tag:PREL",
    "darfur",
    "\"arms sales\"",
    "iran OR syria",
    "nuclear tag:PARM",
    "date:2009-01..2009-06",
    "subject:coalition",
    "is:unread tag:PHUM",
    "is:read",
    "wheat OR grain",
    "tag:KDEM election",
    "tag:MARR -class:unclassified",
    "corruption tag:KCOR",
    "\"human rights\" is:unread",
    "refugees date:2007..",
];
const SIZE: (u16, u16) = (120, 40);

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(name: &str, mut times: Vec<Duration>, target_ms: f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let p99 = ms(percentile(&times, 0.99));
    println!(
        "{name:<34} n={:<5} p50 {:7.2} ms  p99 {:7.2} ms  max {:7.2} ms  (target p99 ≤ {target_ms} ms: {})",
        times.len(),
        ms(percentile(&times, 0.5)),
        p99,
        ms(percentile(&times, 1.0)),
        if p99 <= target_ms { "met" } else { "MISSED" }
    );
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// One key: update, the effects it asks for, and a frame.
fn press(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
    msg: Msg,
) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let effects = update::update(app, msg);
    // The session is saved off the UI thread, as the runtime does.
    settle_saving_with(app, lib, effects, saver);
    term.draw(|f| view::render(app, f))?;
    Ok(t.elapsed())
}

/// What the command line asks for.
struct Args {
    dir: String,
    scenarios: Vec<String>,
    ids: Option<String>,
}

const SCENARIOS: [&str; 5] = ["keys", "thread", "thread-read", "triage", "overview"];

fn args() -> anyhow::Result<Args> {
    let mut dir = None;
    let mut scenarios = Vec::new();
    let mut ids = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--ids" => ids = Some(it.next().context("--ids needs a file")?),
            s if dir.is_none() => dir = Some(s.to_string()),
            s if SCENARIOS.contains(&s) => scenarios.push(s.to_string()),
            s => bail!("unknown scenario {s:?} (one of {})", SCENARIOS.join(", ")),
        }
    }
    let Some(dir) = dir else {
        bail!(
            "usage: tui_bench LIBRARY_DIR [keys|thread|thread-read|triage|overview]… [--ids FILE]"
        );
    };
    if scenarios.is_empty() {
        scenarios = SCENARIOS.iter().map(|s| s.to_string()).collect();
    }
    Ok(Args {
        dir,
        scenarios,
        ids,
    })
}

/// The cables to take threads of: the file's, or `n` spread over the
/// library.
fn thread_ids(lib: &Library, file: Option<&str>, n: usize) -> anyhow::Result<Vec<String>> {
    if let Some(f) = file {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {f}"))?;
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect());
    }
    let total = lib.count(&ListQuery::All)?;
    let mut out = Vec::with_capacity(n);
    for k in 0..n.min(total) {
        let at = (2 * k + 1) * total / (2 * n);
        let page = lib.page(&ListQuery::All, None, at, 1)?;
        out.extend(page.rows.into_iter().map(|r| r.id));
    }
    Ok(out)
}

/// `T` on each cable: building its thread alone, and the key → the tree
/// drawn in the list pane (the thread is built by the effect, as the
/// runtime's worker does, then drawn).
fn thread_scenario(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
    ids: &[String],
) -> anyhow::Result<()> {
    let mut build = Vec::new();
    let mut key_t = Vec::new();
    let mut sizes = Vec::new();
    for id in ids {
        let t = Instant::now();
        let th = thread::thread(lib, id, DEFAULT_DEPTH, DEFAULT_LIMIT)?;
        build.push(t.elapsed());
        sizes.push(th.cables.len());
        open(app, lib, id);
        app.focus = Pane::Reader;
        key_t.push(press(app, lib, saver, term, key('T'))?);
        press(app, lib, saver, term, esc())?;
    }
    sizes.sort_unstable();
    println!(
        "threads of {} cables: median {} cables, largest {}",
        ids.len(),
        sizes.get(sizes.len() / 2).copied().unwrap_or(0),
        sizes.last().copied().unwrap_or(0)
    );
    report("thread build (depth 2, limit 200)", build, 20.0);
    report("key T → thread tree drawn", key_t, 30.0);
    Ok(())
}

/// `a` in the thread view of each cable whose thread has present cables:
/// its present cables (at most 50, oldest first) loaded, laid out as one
/// and drawn; and the layout alone, the part the issue bounds.
fn thread_read_scenario(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
    ids: &[String],
) -> anyhow::Result<()> {
    const MOST: usize = 50;
    let mut layout = Vec::new();
    let mut key_a = Vec::new();
    let mut sizes = Vec::new();
    for id in ids {
        let th = thread::thread(lib, id, DEFAULT_DEPTH, DEFAULT_LIMIT)?;
        let mut present: Vec<_> = th.cables.iter().filter_map(|c| c.row.as_ref()).collect();
        present.sort_by_key(|r| (r.created.is_none(), r.created, r.id.clone()));
        let present: Vec<String> = present
            .into_iter()
            .take(MOST)
            .map(|r| r.id.clone())
            .collect();
        if present.len() < 2 {
            continue;
        }
        let cables = cablegram::tui::load_document(lib, &present).map_err(anyhow::Error::msg)?;
        let width = app.reader_text_width();
        let t = Instant::now();
        let doc = cablegram::tui::document::layout_many(&cables, width, false, &[]);
        layout.push(t.elapsed());
        sizes.push((cables.len(), doc.lines.len()));
        // The key as the reader takes it, from the thread view.
        open(app, lib, id);
        app.focus = Pane::Reader;
        press(app, lib, saver, term, key('T'))?;
        key_a.push(press(app, lib, saver, term, key('a'))?);
        app.focus = Pane::List;
        press(app, lib, saver, term, esc())?;
    }
    if sizes.is_empty() {
        println!(
            "thread-read: no thread with two present cables among the {} asked",
            ids.len()
        );
        return Ok(());
    }
    let cables: usize = sizes.iter().map(|s| s.0).sum();
    let lines: usize = sizes.iter().map(|s| s.1).sum();
    println!(
        "thread-read: {} threads, {:.1} cables and {:.0} lines each on average ({} of {MOST} cables)",
        sizes.len(),
        cables as f64 / sizes.len() as f64,
        lines as f64 / sizes.len() as f64,
        sizes.iter().filter(|s| s.0 == MOST).count(),
    );
    report("layout of the thread as one", layout, 100.0);
    report("key a → thread read as one drawn", key_a, 100.0);
    Ok(())
}

/// Opens `id` in the reader (not timed).
fn open(app: &mut App, lib: &Library, id: &str) {
    let effects = vec![cablegram::tui::effect::Effect::LoadCable {
        id: id.to_string(),
        intent: cablegram::tui::effect::Intent::Follow,
    }];
    settle(app, lib, effects);
}

fn esc() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

/// Whether the runtime hands an effect to the worker thread (as
/// `tui::run`'s event loop does): searches, counts, the related, the user's files and the overview.
fn on_worker(e: &Effect) -> bool {
    matches!(
        e.lane(),
        Some(Lane::Search | Lane::Count | Lane::Related | Lane::Store | Lane::Overview)
    )
}

/// A key whose work the runtime does on the worker: the time to the first
/// frame (what the UI thread does: update and draw) and the time until the
/// counts are on screen (the worker's work done, its answers taken and
/// drawn).
fn press_counting(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
    msg: Msg,
) -> anyhow::Result<(Duration, Duration)> {
    let t = Instant::now();
    let effects = update::update(app, msg);
    let (worker, now): (Vec<Effect>, Vec<Effect>) = effects.into_iter().partition(on_worker);
    settle_saving_with(app, lib, now, saver);
    term.draw(|f| view::render(app, f))?;
    let frame = t.elapsed();
    // What the worker does, then the answers drawn; a narrowing's new list
    // asks for its counts when its page arrives: those run too.
    settle_saving_with(app, lib, worker, saver);
    term.draw(|f| view::render(app, f))?;
    if app.overview().and_then(|o| o.counts.as_ref()).is_none() {
        bail!("the overview has no counts after the key");
    }
    Ok((frame, t.elapsed()))
}

/// The overview scenarios: `O` over the list shown and over `tag:PREL`,
/// and narrowing to the top origin.
fn overview_scenarios(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
) -> anyhow::Result<()> {
    let code = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    for query in ["", "tag:PREL"] {
        if !query.is_empty() {
            press(app, lib, saver, term, key('/'))?;
            for c in query.chars() {
                press(app, lib, saver, term, key(c))?;
            }
            press(app, lib, saver, term, code(KeyCode::Enter))?;
        }
        let label = if query.is_empty() {
            "every cable"
        } else {
            query
        };
        let (mut frames, mut shown) = (Vec::new(), Vec::new());
        for _ in 0..50 {
            let (frame, counts) = press_counting(app, lib, saver, term, key('O'))?;
            frames.push(frame);
            shown.push(counts);
            press(app, lib, saver, term, key('O'))?;
        }
        report(&format!("O → frame ({label})"), frames, 16.0);
        report(&format!("O → counts on screen ({label})"), shown, 100.0);
    }
    // Enter on the top origin, then Esc back, each time.
    press_counting(app, lib, saver, term, key('O'))?;
    let (mut frames, mut shown) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        press(app, lib, saver, term, key('j'))?;
        let (frame, counts) = press_counting(app, lib, saver, term, code(KeyCode::Enter))?;
        frames.push(frame);
        shown.push(counts);
        press_counting(app, lib, saver, term, code(KeyCode::Esc))?;
    }
    report("overview Enter → frame", frames, 16.0);
    report("overview Enter → list and counts", shown, 100.0);
    press(app, lib, saver, term, key('O'))?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let args = args()?;
    let dir = args.dir.clone();
    let lib = std::sync::Arc::new(
        Library::open(std::path::Path::new(&dir)).context("opening the library")?,
    );
    let _kept = bench_marks::keep(&lib);
    let saver = SessionSaver::spawn(std::sync::Arc::clone(&lib), None);
    let mut app = App::new(SIZE, Keymap::default(), lib.is_samples());
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1))?;
    let effects = update::init(&mut app, None);
    settle(&mut app, &lib, effects);
    term.draw(|f| view::render(&app, f))?;
    let first = start.elapsed();
    println!(
        "library: {} cables; first frame {:.1} ms after main (target ≤ 150 ms: {})",
        lib.len(),
        first.as_secs_f64() * 1e3,
        if first <= Duration::from_millis(150) {
            "met"
        } else {
            "MISSED"
        }
    );

    let wants = |s: &str| args.scenarios.iter().any(|a| a == s);
    if wants("keys") {
        keys_scenario(&mut app, &lib, &saver, &mut term)?;
    }
    if wants("thread") || wants("thread-read") {
        let ids = thread_ids(&lib, args.ids.as_deref(), 200)?;
        app.focus = Pane::List;
        if wants("thread") {
            thread_scenario(&mut app, &lib, &saver, &mut term, &ids)?;
        }
        if wants("thread-read") {
            thread_read_scenario(&mut app, &lib, &saver, &mut term, &ids)?;
        }
    }
    if wants("overview") {
        app.focus = Pane::List;
        overview_scenarios(&mut app, &lib, &saver, &mut term)?;
    }
    if wants("triage") {
        triage(&lib, &saver, &mut app, &mut term)?;
    }
    Ok(())
}

/// The reader's keys: movement in the list and the reader, pages, and
/// following references.
fn keys_scenario(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
) -> anyhow::Result<()> {
    // Movement keys in the list: the reader follows each selection.
    let mut list_times = Vec::new();
    for _ in 0..1000 {
        list_times.push(press(app, lib, saver, term, key('j'))?);
    }
    let rss_after = rss_mb();
    report("list j (reader follows)", list_times, 16.0);
    match rss_after {
        Some(mb) => println!(
            "RSS after reading 1,000 cables in a row: {mb:.0} MB (target ≤ 300 MB: {})",
            if mb <= 300.0 { "met" } else { "MISSED" }
        ),
        None => println!("RSS: /proc/self/status not readable"),
    }

    // Movement keys in the reader.
    app.focus = Pane::Reader;
    let mut reader_times = Vec::new();
    for i in 0..1000 {
        let k = if (i / 20) % 2 == 0 { 'j' } else { 'k' };
        reader_times.push(press(app, lib, saver, term, key(k))?);
    }
    report("reader j/k (item cursor)", reader_times, 16.0);
    let mut page_times = Vec::new();
    for i in 0..200 {
        let msg = Msg::Key(KeyEvent::new(
            if i % 2 == 0 {
                KeyCode::PageDown
            } else {
                KeyCode::PageUp
            },
            KeyModifiers::NONE,
        ));
        page_times.push(press(app, lib, saver, term, msg)?);
    }
    report("reader PgDn/PgUp", page_times, 16.0);

    // Following references: walk the list for cables with a present one.
    app.focus = Pane::List;
    update::update(app, key('g'));
    let mut follow_times = Vec::new();
    let mut scanned = 0;
    while follow_times.len() < 100 && scanned < 20_000 {
        scanned += 1;
        press(app, lib, saver, term, key('j'))?;
        let Some(letter) = app.reader.cable().and_then(|c| {
            c.refs
                .iter()
                .find(|r| matches!(r.status, RefStatus::Present(_)))
                .map(|r| r.letter.to_ascii_lowercase())
        }) else {
            continue;
        };
        app.focus = Pane::Reader;
        update::update(app, key('f'));
        follow_times.push(press(app, lib, saver, term, key(letter))?);
        // Back along the history, and on down the list.
        let back = Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        press(app, lib, saver, term, back)?;
        app.focus = Pane::List;
    }
    report("follow a reference (f + letter)", follow_times, 30.0);
    Ok(())
}

/// Runs the effects of a key as the runtime does: the user's files and the
/// counts on the worker (here: the answers come back untimed, before the
/// next key), the rest on this thread before the frame.
fn press_with_worker(
    app: &mut App,
    lib: &Library,
    saver: &SessionSaver,
    term: &mut Terminal<TestBackend>,
    worker: &mut Vec<Effect>,
    msg: Msg,
) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let effects = update::update(app, msg);
    let (off, here): (Vec<Effect>, Vec<Effect>) = effects
        .into_iter()
        .partition(|e| matches!(e.lane(), Some(Lane::Store | Lane::Count)));
    worker.extend(off);
    settle_saving_with(app, lib, here, saver);
    term.draw(|f| view::render(app, f))?;
    Ok(t.elapsed())
}

/// What the worker did meanwhile, answered (not timed).
fn drain_worker(app: &mut App, lib: &Library, worker: &mut Vec<Effect>) {
    for e in std::mem::take(worker) {
        if let Some(msg) = perform(lib, &e) {
            let more = update::update(app, msg);
            settle(app, lib, more);
        }
    }
}

/// Triage's figures: key → frame with 50,000 marks (moving, and `r`), and
/// the saved-searches view with 20 searches and their counts.
fn triage(
    lib: &Library,
    saver: &SessionSaver,
    app: &mut App,
    term: &mut Terminal<TestBackend>,
) -> anyhow::Result<()> {
    // Before: the list moving with no read marks known (as before them).
    app.focus = Pane::List;
    app.triage.read_after = Duration::from_secs(3600);
    update::update(app, key('g'));
    let mut before = Vec::new();
    for _ in 0..300 {
        before.push(press(app, lib, saver, term, key('j'))?);
    }
    // The reader as it starts with 50,000 marks.
    let marked = bench_marks::mark_newest(lib, MARKS)?;
    let mut worker = update::triage::start();
    drain_worker(app, lib, &mut worker);
    update::update(app, key('g'));
    let mut with_marks = Vec::new();
    let mut marking = Vec::new();
    for i in 0..600 {
        drain_worker(app, lib, &mut worker);
        match i % 2 {
            0 => with_marks.push(press_with_worker(
                app,
                lib,
                saver,
                term,
                &mut worker,
                key('j'),
            )?),
            _ => marking.push(press_with_worker(
                app,
                lib,
                saver,
                term,
                &mut worker,
                key('r'),
            )?),
        }
    }
    drain_worker(app, lib, &mut worker);
    println!("triage: {marked} cables marked read");
    let p99 = |v: &mut Vec<Duration>| {
        v.sort();
        percentile(v, 0.99)
    };
    let base = p99(&mut before).as_secs_f64() * 1e3;
    // Within 10 % or 0.5 ms of the movement before, whichever is larger.
    let allowed = ((base * 1.1).max(base + 0.5) * 100.0).round() / 100.0;
    println!("list j before the marks: p99 {base:.2} ms");
    report("list j (50,000 marks)", with_marks, allowed);
    report("r: mark read (key → frame)", marking, allowed);

    // The saved-searches view: opened, its counts asked and answered, drawn.
    app.triage.saved = SAVED
        .iter()
        .enumerate()
        .map(|(i, q)| SavedSearch {
            name: format!("saved {}", i + 1),
            query: q.to_string(),
            created: String::new(),
        })
        .collect();
    let mut view_times = Vec::new();
    let esc = Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    for _ in 0..50 {
        let t = Instant::now();
        let effects = update::update(app, key('\''));
        settle(app, lib, effects);
        term.draw(|f| view::render(app, f))?;
        view_times.push(t.elapsed());
        update::update(app, esc.clone());
    }
    let counted = app.triage.saved_counts.len();
    report(
        &format!("saved-searches view ({counted} counted)"),
        view_times,
        100.0,
    );
    Ok(())
}
