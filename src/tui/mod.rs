//! The three-pane reader. State is data (`state`), behaviour is `update`,
//! drawing is `view`; this module is the runtime that connects them to the
//! terminal and the library: it performs the effects `update` asks for, in
//! their lanes (`effect`), and feeds the results back as messages.

pub mod config;
pub mod document;
pub mod effect;
pub mod keymap;
pub mod state;
pub mod terminal;
#[cfg(test)]
pub(crate) mod testing;
pub mod triage_io;
pub mod update;
pub mod view;

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossbeam_channel::{unbounded, Receiver, Sender};
use crossterm::event::{self, Event, KeyEventKind};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::library::{Library, Session};

use effect::{Effect, Lane, Queue};
use state::{App, LoadedCable, StatusMessage};
use update::Msg;

/// Environment variable for the end-to-end tests: when set to
/// `after-first-frame`, the reader panics right after drawing its first
/// frame, so a test can check that the panic hook restores the terminal.
pub const TEST_PANIC_ENV: &str = "CABLEGRAM_TEST_PANIC";

/// Loads a cable for the reader: the stored cable, its references resolved
/// against the library, and the cables that cite it.
pub fn load_cable(lib: &Library, id: &str) -> Result<Option<LoadedCable>, String> {
    let Some(stored) = lib.get(id).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let own = stored.cable.id.clone().unwrap_or_default();
    let cited_by = lib.cited_by(&own).map_err(|e| e.to_string())?;
    let statuses = lib.follow(&stored.cable).map_err(|e| e.to_string())?;
    let mentions = follow_mentions(lib, &stored.cable, &statuses).map_err(|e| e.to_string())?;
    Ok(Some(
        LoadedCable::new(stored, statuses, cited_by).with_mentions(mentions),
    ))
}

/// Where the mentions of each paragraph lead: the ID the parser found,
/// through the library's one resolver (as a REF entry is followed). A
/// mention of a REF entry leads where the entry does (`refs`, the
/// statuses of the entries): the two cannot disagree, and it costs no
/// second look-up.
fn follow_mentions(
    lib: &Library,
    cable: &crate::cable::Cable,
    refs: &[state::RefStatus],
) -> crate::library::Result<Vec<Vec<state::RefStatus>>> {
    use state::RefStatus;
    let known: std::collections::HashMap<&str, &RefStatus> = cable
        .references
        .iter()
        .zip(refs)
        .filter_map(|(r, s)| r.id.as_deref().map(|id| (id, s)))
        .collect();
    cable
        .paragraphs
        .iter()
        .map(|p| {
            p.mentions
                .iter()
                .map(|m| match &m.id {
                    None => Ok(RefStatus::NotACable),
                    Some(id) if known.contains_key(id.as_str()) => Ok(known[id.as_str()].clone()),
                    Some(id) => Ok(match lib.resolve(id)? {
                        Some(found) => RefStatus::Present(found),
                        None => RefStatus::Missing(id.clone()),
                    }),
                })
                .collect()
        })
        .collect()
}

/// Loads the cables of a document of many, in the order given; a cable
/// the library does not have (gone since the list was made) is left out.
pub fn load_document(lib: &Library, ids: &[String]) -> Result<Vec<LoadedCable>, String> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = load_cable(lib, id)? {
            out.push(c);
        }
    }
    Ok(out)
}

/// Performs an effect that asks the library for something and returns the
/// message with the answer; `None` for effects on the terminal.
pub fn perform(lib: &Library, effect: &Effect) -> Option<Msg> {
    match effect {
        Effect::LoadPage {
            ticket,
            query,
            sort,
            offset,
            limit,
            select,
        } => Some(Msg::PageLoaded {
            ticket: *ticket,
            query: query.clone(),
            select: select.clone(),
            result: lib
                .page(query, *sort, *offset, *limit)
                .map_err(|e| e.to_string()),
        }),
        Effect::LoadCable { id, intent } => Some(Msg::CableLoaded {
            id: id.clone(),
            intent: *intent,
            result: load_cable(lib, id).map(|c| c.map(Box::new)),
        }),
        Effect::LoadOverview { ticket, query } => Some(Msg::OverviewLoaded {
            ticket: *ticket,
            query: query.clone(),
            result: lib
                .overview_of(query, &state::overview::KINDS)
                .map_err(|e| e.to_string()),
        }),
        Effect::LoadBookmarks { select } => Some(load_bookmarks(lib, select.clone())),
        Effect::SaveBookmark(b) => {
            let b = b.clone();
            Some(bookmarks_changed(lib, |l| {
                l.store().add_bookmark(b.clone())
            }))
        }
        Effect::RemoveBookmark { id, paragraph } => Some(bookmarks_changed(lib, |l| {
            l.store().remove_bookmark(id, *paragraph).map(|_| ())
        })),
        Effect::SaveSession(session) => lib
            .store()
            .save_session(session)
            .err()
            .map(|e| Msg::SessionNotSaved(e.to_string())),
        Effect::LoadThread { ticket, id } => Some(Msg::ThreadLoaded {
            ticket: *ticket,
            result: crate::library::thread::thread(
                lib,
                id,
                crate::library::thread::DEFAULT_DEPTH,
                crate::library::thread::DEFAULT_LIMIT,
            )
            .map_err(|e| e.to_string()),
        }),
        Effect::LoadSimilar { ticket, id } => Some(Msg::SimilarLoaded {
            ticket: *ticket,
            id: id.clone(),
            result: lib
                .similar(id, update::SIMILAR_LIMIT)
                .map(|found| found.as_ref().map(state::thread::hit_rows))
                .map_err(|e| e.to_string()),
        }),
        Effect::LoadDocument {
            ticket,
            ids,
            title,
            at,
            intent,
        } => Some(Msg::DocumentLoaded {
            ticket: *ticket,
            ids: ids.clone(),
            title: title.clone(),
            at: at.clone(),
            intent: *intent,
            result: load_document(lib, ids),
        }),
        Effect::FindNeighbour { id, step } => Some(Msg::NeighbourFound {
            id: id.clone(),
            step: *step,
            result: lib
                .same_origin_neighbour(id, *step)
                .map_err(|e| e.to_string()),
        }),
        Effect::Triage(t) => Some(triage_io::perform(lib, t)),
        Effect::Redraw | Effect::Suspend | Effect::Quit | Effect::Copy(_) => None,
    }
}

/// The bookmarks after a change made elsewhere (the selection's `;b`), as
/// the message a bookmark change answers with.
pub(crate) fn bookmarks_message_for(
    lib: &Library,
    result: crate::library::Result<Vec<crate::library::Bookmark>>,
    notice: Option<String>,
) -> Msg {
    bookmarks_message(lib, result, notice, None)
}

/// Changes the bookmarks and reads them back. A damaged bookmarks file is
/// set aside (never replaced) and the change retried; the message says
/// where the damaged file went.
fn bookmarks_changed(
    lib: &Library,
    mut change: impl FnMut(&Library) -> crate::library::Result<()>,
) -> Msg {
    let (changed, notice) = crate::library::retry_set_aside(|| change(lib));
    let result = changed.and_then(|()| lib.store().bookmarks());
    bookmarks_message(lib, result, notice.map(|n| n.to_string()), None)
}

/// The bookmarks, as a message; `select` is the row of the bookmarks view
/// to select.
pub fn load_bookmarks(lib: &Library, select: Option<String>) -> Msg {
    let (result, notice) = crate::library::retry_set_aside(|| lib.store().bookmarks());
    bookmarks_message(lib, result, notice.map(|n| n.to_string()), select)
}

/// The bookmarks read back, with the list rows of their cables (from fast
/// fields: a term lookup per bookmarked cable, no document read).
fn bookmarks_message(
    lib: &Library,
    result: crate::library::Result<Vec<crate::library::Bookmark>>,
    notice: Option<String>,
    select: Option<String>,
) -> Msg {
    let mut cables: Vec<crate::library::ListRow> = Vec::new();
    if let Ok(bookmarks) = &result {
        let mut seen = std::collections::HashSet::new();
        for b in bookmarks {
            if !seen.insert(b.id.as_str()) {
                continue;
            }
            // A cable gone from the library (a re-import without it) keeps
            // its bookmark; its row just has no subject.
            if let Ok(Some(row)) = lib.row(&b.id) {
                cables.push(row);
            }
        }
    }
    Msg::BookmarksChanged {
        result: result.map_err(|e| e.to_string()),
        cables,
        notice,
        select,
    }
}

/// Runs effects and the messages they produce until nothing is left, all
/// on this thread and in the order asked: the reader without a terminal,
/// for tests and tools.
pub fn settle(app: &mut App, lib: &Library, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Some(msg) = perform(lib, &effect) {
            queue.extend(update::update(app, msg));
        }
    }
}

/// [`settle`] as the runtime does it for the session: saves go to a
/// [`SessionSaver`] (off this thread) instead of being written here; for
/// tools that measure what a key costs the reader.
pub fn settle_saving_with(
    app: &mut App,
    lib: &Library,
    effects: Vec<Effect>,
    saver: &SessionSaver,
) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Effect::SaveSession(session) = effect {
            saver.save(*session);
            continue;
        }
        if let Some(msg) = perform(lib, &effect) {
            queue.extend(update::update(app, msg));
        }
    }
}

/// Writes the session off the UI thread: each write is a temporary file,
/// an fsync and a rename (milliseconds on a slow disk), too much for a key
/// that opens a cable. A burst of keys (`j` held down) is one write: the
/// newest session of the [`SESSION_SETTLE`] after the first is written,
/// and whatever waits when the reader quits.
/// How long the session writer gathers newer sessions before it writes:
/// the most of the user's place a crash can lose.
pub const SESSION_SETTLE: Duration = Duration::from_millis(250);

pub struct SessionSaver {
    sessions: Option<Sender<Session>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SessionSaver {
    /// Starts the writer; a failed write is reported on `errors` (when
    /// given) as [`Msg::SessionNotSaved`].
    pub fn spawn(lib: Arc<Library>, errors: Option<Sender<Msg>>) -> SessionSaver {
        let (tx, rx) = unbounded::<Session>();
        let thread = std::thread::spawn(move || {
            while let Ok(mut session) = rx.recv() {
                // An fsync per key would compete with the UI for the
                // disk and the cores.
                let deadline = Instant::now() + SESSION_SETTLE;
                while let Ok(newer) = rx.recv_deadline(deadline) {
                    session = newer;
                }
                if let Err(e) = lib.store().save_session(&session) {
                    if let Some(errors) = &errors {
                        let _ = errors.send(Msg::SessionNotSaved(e.to_string()));
                    }
                }
            }
        });
        SessionSaver {
            sessions: Some(tx),
            thread: Some(thread),
        }
    }

    /// Asks for `session` to be written (soon, unless a newer one comes).
    pub fn save(&self, session: Session) {
        if let Some(tx) = &self.sessions {
            let _ = tx.send(session);
        }
    }

    /// Writes what waits and stops the writer, so nothing it holds can land
    /// after a save made later on this thread.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.sessions = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for SessionSaver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs the reader on the terminal until the user quits.
pub fn run(
    library_dir: &Path,
    start_id: Option<&str>,
    config: config::Config,
) -> anyhow::Result<()> {
    let lib = Arc::new(Library::open(library_dir)?);
    // Before the terminal is taken: it may run `tmux`.
    let clipboard_caveat = terminal::clipboard_caveat();
    // The session as of the last frame, for the signal watcher: when a
    // hang-up leaves the event loop stuck, it saves this before it exits.
    let latest: Arc<Mutex<Option<Session>>> = Arc::default();
    let last_words: terminal::LastWords = {
        let (lib, latest) = (Arc::clone(&lib), Arc::clone(&latest));
        Box::new(move || {
            let session = latest.lock().ok().and_then(|mut s| s.take());
            if let Some(s) = session {
                let _ = lib.store().save_session(&s);
            }
        })
    };
    let mut guard = terminal::TerminalGuard::enter(config.mouse, last_words)
        .context("cannot set up the terminal")?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new((size.width, size.height), config.keymap, lib.is_samples());
    app.theme = config.theme;
    app.clipboard_caveat = clipboard_caveat;
    app.triage.read_after = config.read_after;
    app.triage.export_dir = config.export_dir.clone();
    if lib.is_samples() {
        app.status = Some(StatusMessage {
            text: "the bundled sample cables; `cablegram import cables.csv` adds the release"
                .into(),
            error: false,
        });
    }
    let (msg_tx, msg_rx) = unbounded::<Msg>();
    let (job_tx, job_rx) = unbounded::<Effect>();
    let saver = SessionSaver::spawn(Arc::clone(&lib), Some(msg_tx.clone()));
    spawn_worker(Arc::clone(&lib), job_rx, msg_tx);

    // Where the last session left off, if it can be read.
    let mut warnings = Vec::new();
    let (session, notice) = crate::library::retry_set_aside(|| lib.store().load_session());
    if let Some(n) = notice {
        warnings.push(n.to_string());
    }
    let pending = match session {
        Ok(Some(s)) => update::restore(&mut app, &s, start_id),
        Ok(None) => update::init(&mut app, start_id),
        Err(e) => {
            warnings.push(e.to_string());
            update::init(&mut app, start_id)
        }
    };
    if let Some(w) = warnings.first() {
        app.status = Some(StatusMessage {
            text: w.clone(),
            error: true,
        });
    }
    let result = event_loop(
        &lib,
        &mut app,
        &mut guard,
        &mut terminal,
        pending,
        (&job_tx, &msg_rx),
        (&latest, &saver),
    );
    // Remember where the reader was, for the next start: on quit, on
    // SIGTERM and SIGHUP (the loop ends), and after an error. Holding the
    // lock keeps the watcher from writing an older one meanwhile.
    let mut slot = latest.lock().unwrap_or_else(|e| e.into_inner());
    *slot = None;
    // What the saver still holds is older than this.
    saver.finish();
    let saved = lib.store().save_session(&app.session());
    drop(guard);
    if let Err(e) = saved {
        eprintln!("warning: the session was not saved: {e}");
    }
    result
}

/// Draws, waits for input, and performs effects until the user quits.
fn event_loop(
    lib: &Library,
    app: &mut App,
    guard: &mut terminal::TerminalGuard,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    mut pending: Vec<Effect>,
    (job_tx, msg_rx): (&Sender<Effect>, &Receiver<Msg>),
    (latest, saver): (&Mutex<Option<Session>>, &SessionSaver),
) -> anyhow::Result<()> {
    let panic_after_first_frame =
        std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == "after-first-frame");
    loop {
        // SIGTERM or SIGHUP (the terminal went away): end normally, so the
        // guard restores what is left of the terminal.
        if guard.should_stop() {
            return Ok(());
        }
        // What the effects' answers ask for runs before the frame too (a
        // page that arrives after the selection ran past it asks for the
        // rows on screen), in a few rounds at most so that a frame is
        // never held back for long.
        for _round in 0..8 {
            if pending.is_empty() {
                break;
            }
            let batch = std::mem::take(&mut pending);
            for effect in batch {
                match &effect {
                    // Written off this thread, the newest of a burst only.
                    Effect::SaveSession(session) => saver.save(session.as_ref().clone()),
                    Effect::Quit => return Ok(()),
                    Effect::Redraw => {
                        if let Err(e) = lib.refresh() {
                            app.status = Some(StatusMessage {
                                text: e.to_string(),
                                error: true,
                            });
                        }
                        // What another reader on this library marked and
                        // saved meanwhile, as an import's cables are.
                        for e in update::triage::start() {
                            let _ = job_tx.send(e);
                        }
                        terminal.clear()?
                    }
                    Effect::Copy(text) => terminal::copy_to_clipboard(text)?,
                    Effect::Suspend => {
                        guard.suspend()?;
                        terminal.clear()?;
                    }
                    // I/O runs here, in order, before the next frame; searches
                    // and counts run off the UI thread, so typing never waits
                    // for them.
                    _ if matches!(
                        effect.lane(),
                        Some(
                            Lane::Search
                                | Lane::Count
                                | Lane::Related
                                | Lane::Store
                                | Lane::Overview
                        )
                    ) =>
                    {
                        let _ = job_tx.send(effect);
                    }
                    _ => {
                        if let Some(msg) = perform(lib, &effect) {
                            pending.extend(update::update(app, msg));
                        }
                    }
                }
            }
        }
        if app.should_quit {
            return Ok(());
        }
        if let Ok(mut slot) = latest.lock() {
            *slot = Some(app.session());
        }
        terminal.draw(|frame| view::render(app, frame))?;
        if panic_after_first_frame {
            panic!("{TEST_PANIC_ENV} asked for a panic after the first frame");
        }
        pending.extend(next_messages(app, msg_rx)?);
    }
}

/// Waits for input or a finished search, and updates the app with all that
/// arrived.
fn next_messages(app: &mut App, results: &Receiver<Msg>) -> anyhow::Result<Vec<Effect>> {
    let mut effects = Vec::new();
    if event::poll(Duration::from_millis(40))? {
        // Everything already queued, so that a burst of keys draws once;
        // bounded, so that a terminal that went away (always readable)
        // cannot keep the loop from seeing the stop signal.
        for _ in 0..256 {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    effects.extend(update::update(app, Msg::Key(k)));
                }
                Event::Resize(w, h) => effects.extend(update::update(app, Msg::Resize(w, h))),
                Event::Mouse(m) => effects.extend(update::update(app, Msg::Mouse(m))),
                _ => {}
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    while let Ok(msg) = results.try_recv() {
        effects.extend(update::update(app, msg));
    }
    // The cable in the reader is timed for its read mark: the clock is
    // read here, so that `update` stays a function of its messages.
    if app.triage.wants_ticks() {
        let now = std::time::Instant::now();
        effects.extend(update::update(
            app,
            Msg::Triage(update::triage::TriageMsg::Tick(now)),
        ));
    }
    Ok(effects)
}

/// The thread that runs the searches and counts. What waits is kept in
/// lanes: of the searches only the newest runs (older ones would be dropped
/// anyway), every count is answered.
fn spawn_worker(lib: Arc<Library>, jobs: Receiver<Effect>, results: Sender<Msg>) {
    std::thread::spawn(move || {
        let mut queue = Queue::default();
        while let Ok(job) = jobs.recv() {
            push(&mut queue, job);
            while !queue.is_empty() {
                while let Ok(newer) = jobs.try_recv() {
                    push(&mut queue, newer);
                }
                for job in queue.take() {
                    if let Some(msg) = perform(&lib, &job) {
                        if results.send(msg).is_err() {
                            return;
                        }
                    }
                }
            }
        }
    });
}

fn push(queue: &mut Queue<Effect>, job: Effect) {
    if let Some(lane) = job.lane() {
        queue.push(lane, job);
    }
}

#[cfg(test)]
mod saver_tests {
    use super::*;

    #[test]
    fn the_session_saver_writes_the_newest_session_by_the_time_it_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Arc::new(Library::open(dir.path()).unwrap());
        let saver = SessionSaver::spawn(Arc::clone(&lib), None);
        for i in 0..50 {
            saver.save(Session {
                query: Some(format!("query {i}")),
                ..Session::default()
            });
        }
        saver.finish();
        let saved = lib.store().load_session().unwrap().unwrap();
        assert_eq!(saved.query.as_deref(), Some("query 49"));
    }

    #[test]
    fn a_burst_of_sessions_is_written_once_the_burst_settles() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Arc::new(Library::open(dir.path()).unwrap());
        let saver = SessionSaver::spawn(Arc::clone(&lib), None);
        let session = |i: usize| Session {
            query: Some(format!("query {i}")),
            ..Session::default()
        };
        saver.save(session(0));
        // The writer gathers for SESSION_SETTLE before it writes anything.
        assert!(lib.store().load_session().unwrap().is_none());
        for i in 1..20 {
            saver.save(session(i));
        }
        // Then the newest lands without the reader quitting.
        let waited = Instant::now();
        let saved = loop {
            if let Some(s) = lib.store().load_session().unwrap() {
                break s;
            }
            assert!(waited.elapsed() < Duration::from_secs(10), "never written");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(saved.query.as_deref(), Some("query 19"));
        saver.finish();
    }
}

#[cfg(test)]
mod load_tests {
    use super::*;
    use crate::library::RefStatus;

    #[test]
    fn a_loaded_cable_knows_where_its_mentions_lead_as_its_references_do() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        assert!(lib.is_samples());
        let c = load_cable(&lib, "07MOSCOW1026").unwrap().unwrap();
        // ¶1: "Ref B information", "(Ref A)": the REF entries' statuses.
        assert_eq!(
            c.mentions[0],
            [
                RefStatus::Missing("07STATE26466".into()),
                RefStatus::Missing("07MOSCOW977".into())
            ]
        );
        assert_eq!(c.mentions[0][0], c.refs[1].status);
        assert_eq!(c.mentions.len(), c.stored.cable.paragraphs.len());
    }

    #[test]
    fn a_document_leaves_out_the_cables_the_library_does_not_have() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let ids = ["07MOSCOW1026", "09BERLIN1241", "09MOSCOW501"].map(String::from);
        let doc = load_document(&lib, &ids).unwrap();
        let got: Vec<&str> = doc.iter().map(|c| c.id()).collect();
        assert_eq!(got, ["07MOSCOW1026", "09MOSCOW501"]);
    }
}
