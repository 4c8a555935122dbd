//! Measures the reader against its targets on a library (issue "The
//! reader"): first frame, key press → frame drawn for movement keys,
//! following a reference, and memory after reading 1,000 cables in a row;
//! and the overview (issue 15): `O` → the first frame (the counts still
//! computing, as on the worker) and `O` → the counts on screen, over every
//! cable and over `tag:PREL`, and `Enter` on the top origin → the narrowed
//! list and its counts on screen. `--only overview` runs just that part.
//!
//!     cargo run --release --example tui_bench -- LIBRARY_DIR
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

use cablegram::library::Library;
use cablegram::tui::effect::{Effect, Lane};
use cablegram::tui::keymap::Keymap;
use cablegram::tui::state::{App, Pane, RefStatus};
use cablegram::tui::update::{self, Msg};
use cablegram::tui::{settle, settle_saving_with, view, SessionSaver};

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

/// Whether the runtime hands an effect to the worker thread (as
/// `tui::run`'s event loop does): searches, counts and the overview.
fn on_worker(e: &Effect) -> bool {
    matches!(e.lane(), Some(Lane::Search | Lane::Count | Lane::Overview))
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
    let Some(dir) = std::env::args().nth(1) else {
        bail!("usage: tui_bench LIBRARY_DIR [--only overview]");
    };
    let only_overview = match std::env::args().nth(2).as_deref() {
        None => false,
        Some("--only") if std::env::args().nth(3).as_deref() == Some("overview") => true,
        Some(other) => {
            bail!("unknown argument {other:?}; usage: tui_bench LIBRARY_DIR [--only overview]")
        }
    };
    let lib = std::sync::Arc::new(
        Library::open(std::path::Path::new(&dir)).context("opening the library")?,
    );
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

    if only_overview {
        return overview_scenarios(&mut app, &lib, &saver, &mut term);
    }

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
    overview_scenarios(&mut app, &lib, &saver, &mut term)
}
