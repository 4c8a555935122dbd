//! Measures the reader against its targets on a library (issue "The
//! reader"): first frame, key press → frame drawn for movement keys,
//! following a reference, and memory after reading 1,000 cables in a row;
//! and triage's (issue "Triage"): with 50,000 cables marked read, list
//! movement and `r` (mark read) key → frame against the movement before
//! the marks, and the saved-searches view of 20 searches drawn with its
//! counts.
//!
//!     cargo run --release --example tui_bench -- LIBRARY_DIR
//!
//! The 50,000 marks are made in the library for the run, and its own read
//! marks put back afterwards (the keys of the run mark cables too).
//!
//! Everything runs in process, through the same `update`, runtime effects
//! and views as the terminal reader, drawing into ratatui's TestBackend at
//! 120×40 (the terminal's own write time is not included; process start
//! before `main` is not either: add a few ms for exec).

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use cablegram::library::{Library, SavedSearch};
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

fn main() -> anyhow::Result<()> {
    let start = Instant::now();
    let Some(dir) = std::env::args().nth(1) else {
        bail!("usage: tui_bench LIBRARY_DIR");
    };
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

    // Movement keys in the list: the reader follows each selection.
    let mut list_times = Vec::new();
    for _ in 0..1000 {
        list_times.push(press(&mut app, &lib, &saver, &mut term, key('j'))?);
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
        reader_times.push(press(&mut app, &lib, &saver, &mut term, key(k))?);
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
        page_times.push(press(&mut app, &lib, &saver, &mut term, msg)?);
    }
    report("reader PgDn/PgUp", page_times, 16.0);

    // Following references: walk the list for cables with a present one.
    app.focus = Pane::List;
    update::update(&mut app, key('g'));
    let mut follow_times = Vec::new();
    let mut scanned = 0;
    while follow_times.len() < 100 && scanned < 20_000 {
        scanned += 1;
        press(&mut app, &lib, &saver, &mut term, key('j'))?;
        let Some(letter) = app.reader.cable.as_ref().and_then(|c| {
            c.refs
                .iter()
                .find(|r| matches!(r.status, RefStatus::Present(_)))
                .map(|r| r.letter.to_ascii_lowercase())
        }) else {
            continue;
        };
        app.focus = Pane::Reader;
        update::update(&mut app, key('f'));
        follow_times.push(press(&mut app, &lib, &saver, &mut term, key(letter))?);
        // Back along the history, and on down the list.
        let back = Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        press(&mut app, &lib, &saver, &mut term, back)?;
        app.focus = Pane::List;
    }
    report("follow a reference (f + letter)", follow_times, 30.0);

    triage(&lib, &saver, &mut app, &mut term)?;
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
