//! Triage: read marks (a cable shown for `read_after`, or scrolled, is
//! read; `r` toggles), the unread count of the list, saved searches (`S`
//! saves, `'` lists them with their counts), and the selection (`Space`,
//! `*`, then `;` and a key acts on all of it).

use std::path::PathBuf;
use std::time::Instant;

use crate::library::query::parse_query;
use crate::library::{ListCounts, ListQuery, ReadMarks, SavedSearch};
use crate::text::thousands;
use crate::tui::effect::{Effect, Lane, Ticket, TriageEffect};
use crate::tui::keymap::{Action, Scope};
use crate::tui::state::triage::{saved_rows, Reading, SELECT_ALL_ASKS_ABOVE};
use crate::tui::state::{App, ListState, LocalKind, Mode, Pane, PromptKind};

use super::{history, list, panes, prompt, say};

/// What triage hears back from the runtime.
#[derive(Debug, Clone, PartialEq)]
pub enum TriageMsg {
    /// Time passes (sent while a cable is being timed).
    Tick(Instant),
    /// The read marks after a change or at start, with a notice when a
    /// damaged file was set aside.
    MarksChanged {
        result: Result<ReadMarks, String>,
        notice: Option<String>,
    },
    /// The unread count of a list, with the ticket it was asked with.
    UnreadCounted {
        ticket: Ticket,
        list: ListQuery,
        result: Result<usize, String>,
    },
    /// The saved searches after a change or at start.
    SavedChanged {
        result: Result<Vec<SavedSearch>, String>,
        notice: Option<String>,
    },
    /// The counts of the saved queries.
    SavedCounted {
        result: Result<Vec<(String, ListCounts)>, String>,
    },
    /// Every cable ID of a list, for `*`.
    IdsListed {
        ticket: Ticket,
        result: Result<Vec<String>, String>,
    },
    /// An export was written: where, and how many cables.
    Exported {
        result: Result<(PathBuf, usize), String>,
    },
}

pub(super) fn on_msg(app: &mut App, msg: TriageMsg) -> Vec<Effect> {
    match msg {
        TriageMsg::Tick(now) => tick(app, now),
        TriageMsg::MarksChanged { result, notice } => on_marks(app, result, notice),
        TriageMsg::UnreadCounted {
            ticket,
            list,
            result,
        } => {
            if app.tickets.is_current(ticket) {
                match result {
                    Ok(n) => app.triage.unread = Some((list, n)),
                    Err(e) => say(app, &e, true),
                }
            }
            Vec::new()
        }
        TriageMsg::SavedChanged { result, notice } => on_saved(app, result, notice),
        TriageMsg::SavedCounted { result } => {
            match result {
                Ok(counts) => app.triage.saved_counts.extend(counts),
                Err(e) => say(app, &e, true),
            }
            Vec::new()
        }
        TriageMsg::IdsListed { ticket, result } => on_ids(app, ticket, result),
        TriageMsg::Exported { result } => {
            match result {
                Ok((path, n)) => say(
                    app,
                    &format!("exported {} to {}", cables(n), path.display()),
                    false,
                ),
                Err(e) => say(app, &format!("the export failed: {e}"), true),
            }
            Vec::new()
        }
    }
}

fn cables(n: usize) -> String {
    match n {
        1 => "1 cable".to_string(),
        n => format!("{} cables", thousands(n as u64)),
    }
}

fn effect(t: TriageEffect) -> Effect {
    Effect::Triage(t)
}

/// The effects to start triage: the read marks and the saved searches
/// (public for tools that start the reader their own way).
pub fn start() -> Vec<Effect> {
    vec![
        effect(TriageEffect::LoadMarks),
        effect(TriageEffect::LoadSaved),
    ]
}

// --- read marks -------------------------------------------------------

/// A cable arrived in the reader: it is timed, or read at once when
/// `read_after` is zero.
pub(super) fn on_shown(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        return Vec::new();
    };
    if app.triage.read_loaded && app.triage.read.contains(&id) {
        app.triage.reading = None;
        return Vec::new();
    }
    if app.triage.read_after.is_zero() {
        return mark(app, vec![id], true);
    }
    if app.triage.reading.as_ref().is_none_or(|r| r.id != id) {
        app.triage.reading = Some(Reading { id, since: None });
    }
    Vec::new()
}

/// Time passed: the cable timed since its first tick is read once it was
/// shown for `read_after`.
fn tick(app: &mut App, now: Instant) -> Vec<Effect> {
    let Some(reading) = &mut app.triage.reading else {
        return Vec::new();
    };
    let since = *reading.since.get_or_insert(now);
    if now.duration_since(since) < app.triage.read_after {
        return Vec::new();
    }
    let id = reading.id.clone();
    // The reader moved on without a tick in between: nothing was read.
    if app.current_id() != Some(id.as_str()) {
        app.triage.reading = None;
        return Vec::new();
    }
    mark(app, vec![id], true)
}

/// The reader scrolled: its cable is read.
pub(super) fn scrolled(app: &mut App) -> Vec<Effect> {
    match app.current_id().map(str::to_string) {
        Some(id) if !app.triage.read.contains(&id) => mark(app, vec![id], true),
        _ => Vec::new(),
    }
}

/// Marks cables read or unread: at once on screen, then in the store.
fn mark(app: &mut App, ids: Vec<String>, read: bool) -> Vec<Effect> {
    app.triage.read.set(&ids, read);
    if app
        .triage
        .reading
        .as_ref()
        .is_some_and(|r| ids.contains(&r.id))
    {
        app.triage.reading = None;
    }
    vec![effect(TriageEffect::SetRead { ids, read })]
}

/// `r`: the selected cable in the list, the reader's cable elsewhere,
/// read ↔ unread.
pub(super) fn toggle_read(app: &mut App) -> Vec<Effect> {
    let id = match app.focus {
        Pane::List => app.list.selected_row().map(|r| r.id.clone()),
        _ => app.current_id().map(str::to_string),
    };
    let Some(id) = id.filter(|id| !id.is_empty()) else {
        say(app, "no cable to mark", false);
        return Vec::new();
    };
    let read = !app.triage.read.contains(&id);
    say(
        app,
        &format!("{id} marked {}", if read { "read" } else { "unread" }),
        false,
    );
    mark(app, vec![id], read)
}

/// The read marks from the store (the other readers' included).
fn on_marks(
    app: &mut App,
    result: Result<ReadMarks, String>,
    notice: Option<String>,
) -> Vec<Effect> {
    match result {
        Ok(marks) => {
            app.triage.read = marks;
            app.triage.read_loaded = true;
            if app
                .triage
                .reading
                .as_ref()
                .is_some_and(|r| app.triage.read.contains(&r.id))
            {
                app.triage.reading = None;
            }
        }
        Err(e) => say(app, &e, true),
    }
    if let Some(n) = notice {
        say(app, &n, true);
    }
    let mut effects = count_list(app);
    if app.list.local_kind() == Some(LocalKind::Saved) {
        effects.extend(count_saved(app));
    }
    effects
}

/// Asks for the unread count of the list shown (an index list: a local
/// list is counted where it is drawn).
fn count_list(app: &mut App) -> Vec<Effect> {
    let Some(list) = app.list.query().cloned() else {
        return Vec::new();
    };
    let ticket = app.tickets.current(Lane::Io);
    app.triage.unread_ticket = Some(ticket);
    vec![effect(TriageEffect::CountUnread { ticket, list })]
}

/// After a page arrived: a list not counted yet is counted (once the read
/// marks are there: they ask for the count themselves when they arrive).
pub(super) fn after_page(app: &mut App) -> Vec<Effect> {
    if !app.triage.read_loaded
        || app.list.query().is_none()
        || app.triage.unread_ticket == Some(app.tickets.current(Lane::Io))
    {
        return Vec::new();
    }
    count_list(app)
}

// --- saved searches ---------------------------------------------------

/// `S`: a name for the search shown.
pub(super) fn save_search(app: &mut App) -> Vec<Effect> {
    let Some(query) = app.list.search_text().map(str::to_string) else {
        say(app, "S saves the search shown: search with / first", false);
        return Vec::new();
    };
    prompt::open_editor(
        app,
        PromptKind::SavedName { query, old: None },
        String::new(),
    );
    Vec::new()
}

/// The name typed at `S` (or at `e`, then the query is asked next).
pub(super) fn accept_name(
    app: &mut App,
    name: String,
    query: String,
    old: Option<String>,
) -> Vec<Effect> {
    if name.is_empty() {
        say(app, "not saved: a saved search needs a name", false);
        return Vec::new();
    }
    match old {
        None => {
            say(app, &format!("saved the search as {name}"), false);
            vec![effect(TriageEffect::SaveSearch { name, query })]
        }
        Some(old) => {
            prompt::open_editor(app, PromptKind::SavedQuery { old, name }, query);
            Vec::new()
        }
    }
}

/// The query typed after `e`'s name.
pub(super) fn accept_query(app: &mut App, query: String, old: String, name: String) -> Vec<Effect> {
    if let Err(e) = parse_query(&query) {
        say(app, &format!("not saved: {e}"), true);
        return Vec::new();
    }
    say(app, &format!("saved search {name} changed"), false);
    vec![effect(TriageEffect::EditSaved { old, name, query })]
}

/// `'`: the saved searches, a local list, each with its counts.
pub(super) fn show_saved(app: &mut App) -> Vec<Effect> {
    if app.list.local_kind() != Some(LocalKind::Saved) {
        history::enter_view(app);
    }
    let rows = saved_rows(&app.triage.saved);
    list::replace(app, ListState::local(LocalKind::Saved, rows));
    app.focus = Pane::List;
    if app.triage.saved.is_empty() {
        say(
            app,
            "no saved searches yet: S after a search saves one",
            false,
        );
        return Vec::new();
    }
    count_saved(app)
}

/// The counts of every saved query, off the UI thread.
fn count_saved(app: &App) -> Vec<Effect> {
    if app.triage.saved.is_empty() {
        return Vec::new();
    }
    let queries = app.triage.saved.iter().map(|s| s.query.clone()).collect();
    vec![effect(TriageEffect::CountSaved { queries })]
}

fn on_saved(
    app: &mut App,
    result: Result<Vec<SavedSearch>, String>,
    notice: Option<String>,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    match result {
        Ok(saved) => {
            app.triage.saved = saved;
            if app.list.local_kind() == Some(LocalKind::Saved) {
                app.list.set_local_rows(saved_rows(&app.triage.saved));
                list::keep_selection_visible(app);
                effects = count_saved(app);
            }
        }
        Err(e) => say(app, &e, true),
    }
    if let Some(n) = notice {
        say(app, &n, true);
    }
    effects
}

/// `Enter` on a saved search: its hits, as if typed (`Esc` comes back).
pub(super) fn run_saved(app: &mut App, s: SavedSearch) -> Vec<Effect> {
    history::enter_view(app);
    app.terms = parse_query(&s.query)
        .map(|e| e.highlight_terms())
        .unwrap_or_default();
    list::replace(app, ListState::index(ListQuery::Search(s.query)));
    app.relayout();
    app.focus = Pane::List;
    vec![list::load_list(app, 0)]
}

/// `d` on a saved search.
pub(super) fn delete_saved(app: &mut App, s: SavedSearch) -> Vec<Effect> {
    say(app, &format!("deleted the saved search {}", s.name), false);
    vec![effect(TriageEffect::RemoveSaved { name: s.name })]
}

/// `e` on a saved search: its name, then its query.
pub(super) fn edit_saved(app: &mut App, s: SavedSearch) -> Vec<Effect> {
    let kind = PromptKind::SavedName {
        query: s.query,
        old: Some(s.name.clone()),
    };
    prompt::open_editor(app, kind, s.name);
    Vec::new()
}

// --- labels -----------------------------------------------------------

/// `#`: which label the bookmarks view shows (the one shown, to edit).
pub(super) fn ask_label(app: &mut App) -> Vec<Effect> {
    let current = app.triage.label.clone().unwrap_or_default();
    prompt::open_editor(app, PromptKind::Label, current);
    Vec::new()
}

/// The label typed at `#`: the bookmarks view with only those bookmarks
/// (empty: all of them).
pub(super) fn accept_label(app: &mut App, typed: String) -> Vec<Effect> {
    let label = typed.trim().trim_start_matches('#').to_lowercase();
    app.triage.label = (!label.is_empty()).then_some(label);
    let effects = super::bookmarks::show(app);
    if let Some(label) = &app.triage.label {
        let n = app.list.total;
        say(
            app,
            &format!(
                "{n} bookmark{} labelled #{label}",
                if n == 1 { "" } else { "s" }
            ),
            false,
        );
    }
    effects
}

// --- the selection ----------------------------------------------------

/// `Space`: the selected cable into the selection or out of it; the list
/// moves on to the next, as neomutt's tag does.
pub(super) fn toggle_select(app: &mut App) -> Vec<Effect> {
    let Some(id) = app
        .list
        .selected_row()
        .map(|r| r.id.clone())
        .filter(|id| !id.is_empty())
    else {
        return Vec::new();
    };
    let selection = &mut app.triage.selection;
    match selection.iter().position(|s| *s == id) {
        Some(i) => {
            selection.remove(i);
        }
        None => selection.push(id),
    }
    list::move_selection(app, Action::Down)
}

/// `*`: every cable of the list into the selection; a list longer than
/// [`SELECT_ALL_ASKS_ABOVE`] asks first (a second `*`).
pub(super) fn select_all(app: &mut App) -> Vec<Effect> {
    let total = app.list.total;
    if total > SELECT_ALL_ASKS_ABOVE && !app.triage.select_all_asked {
        app.triage.select_all_asked = true;
        say(
            app,
            &format!("select all {}? * again to select them", cables(total)),
            false,
        );
        return Vec::new();
    }
    app.triage.select_all_asked = false;
    match app.list.query().cloned() {
        Some(list) => vec![effect(TriageEffect::ListIds {
            ticket: app.tickets.current(Lane::Io),
            list,
        })],
        None => {
            let ids: Vec<String> = (0..total)
                .filter_map(|i| app.list.row(i).map(|r| r.id.clone()))
                .collect();
            add_to_selection(app, ids);
            Vec::new()
        }
    }
}

fn on_ids(app: &mut App, ticket: Ticket, result: Result<Vec<String>, String>) -> Vec<Effect> {
    if !app.tickets.is_current(ticket) {
        return Vec::new();
    }
    match result {
        Ok(ids) => add_to_selection(app, ids),
        Err(e) => say(app, &e, true),
    }
    Vec::new()
}

/// Adds cables to the selection, once each, and says how many it holds.
fn add_to_selection(app: &mut App, ids: Vec<String>) {
    let mut known: std::collections::HashSet<String> =
        app.triage.selection.iter().cloned().collect();
    for id in ids {
        if !id.is_empty() && known.insert(id.clone()) {
            app.triage.selection.push(id);
        }
    }
    let n = app.triage.selection.len();
    say(app, &format!("{} selected", cables(n)), false);
}

/// `;`: the next key acts on the selection (or the highlighted cable).
pub(super) fn prefix(app: &mut App) -> Vec<Effect> {
    let targets = app.selection_targets();
    if targets.is_empty() {
        say(app, "nothing selected and no cable highlighted", false);
        return Vec::new();
    }
    let keys: Vec<String> = app
        .keymap
        .actions_in(Scope::Selection)
        .into_iter()
        .filter(|a| *a != Action::Cancel && *a != Action::Quit)
        .filter_map(|a| {
            let key = app.keymap.keys_in(Scope::Selection, a).first()?.label();
            Some(format!("{key} {}", a.description_in(Scope::Selection)))
        })
        .collect();
    let on = if app.triage.selection.is_empty() {
        targets[0].clone()
    } else {
        format!("{} selected", cables(targets.len()))
    };
    app.mode = Mode::Selection;
    say(app, &format!("{on}: {}", keys.join(", ")), false);
    Vec::new()
}

/// A key after `;`.
pub(super) fn act_selection(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    app.mode = Mode::Normal;
    app.status = None;
    let ids = app.selection_targets();
    match action {
        Some(Action::Quit) => panes::quit(app),
        Some(Action::ExportSelection) => {
            say(app, &format!("exporting {}…", cables(ids.len())), false);
            vec![effect(TriageEffect::Export {
                ids,
                dir: app.triage.export_dir.clone(),
            })]
        }
        Some(a @ (Action::ReadSelection | Action::UnreadSelection)) => {
            let read = a == Action::ReadSelection;
            say(
                app,
                &format!(
                    "{} marked {}",
                    cables(ids.len()),
                    if read { "read" } else { "unread" }
                ),
                false,
            );
            mark(app, ids, read)
        }
        Some(Action::BookmarkSelection) => {
            say(
                app,
                &format!("bookmarking the first paragraph of {}", cables(ids.len())),
                false,
            );
            vec![effect(TriageEffect::BookmarkFirst { ids })]
        }
        Some(Action::ReadSelectionAsOne) => {
            let title = if app.triage.selection.is_empty() {
                ids.first().cloned().unwrap_or_default()
            } else {
                format!("{} selected", cables(ids.len()))
            };
            super::document::read_as_one(app, ids, title, None)
        }
        // Anything else lets the prefix go.
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::testing::{app, code, deliver, key};
    use crate::tui::update::{update, Msg};

    fn triage_effects(effects: &[Effect]) -> Vec<TriageEffect> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Triage(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    fn marks_loaded(a: &mut App, ids: &[&str]) {
        update(
            a,
            Msg::Triage(TriageMsg::MarksChanged {
                result: Ok(ReadMarks::from_ids(ids)),
                notice: None,
            }),
        );
    }

    #[test]
    fn with_read_after_zero_a_cable_is_read_when_it_opens() {
        let mut a = app();
        a.triage.read_after = Duration::ZERO;
        let effects = update(&mut a, key('j'));
        let mut all = Vec::new();
        for e in effects {
            if let Effect::LoadCable { id, intent } = e {
                all = update(
                    &mut a,
                    Msg::CableLoaded {
                        result: Ok(Some(Box::new(crate::tui::testing::loaded(&id)))),
                        id,
                        intent,
                    },
                );
            }
        }
        assert_eq!(
            triage_effects(&all),
            [TriageEffect::SetRead {
                ids: vec!["07MOSCOW5349".into()],
                read: true
            }]
        );
        assert!(a.triage.read.contains("07MOSCOW5349"));
    }

    #[test]
    fn a_cable_shown_for_read_after_is_read_and_one_left_sooner_is_not() {
        let mut a = app();
        a.triage.read_after = Duration::from_secs(2);
        let t0 = Instant::now();
        let tick = |a: &mut App, secs: u64| {
            update(
                a,
                Msg::Triage(TriageMsg::Tick(t0 + Duration::from_secs(secs))),
            )
        };
        // The fixture's first cable is shown: timed from the first tick.
        assert!(tick(&mut a, 0).is_empty());
        assert!(tick(&mut a, 1).is_empty());
        // Moving on before two seconds: the first is not read.
        let effects = update(&mut a, key('j'));
        deliver(&mut a, effects);
        assert!(tick(&mut a, 2).is_empty());
        assert!(!a.triage.read.contains("07MOSCOW1026"));
        let effects = tick(&mut a, 4);
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::SetRead {
                ids: vec!["07MOSCOW5349".into()],
                read: true
            }]
        );
        assert!(!a.triage.wants_ticks(), "read: no more ticks");
    }

    #[test]
    fn scrolling_the_reader_marks_its_cable_read() {
        let mut a = app();
        update(&mut a, code(KeyCode::Tab));
        let effects = update(&mut a, key('j'));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::SetRead {
                ids: vec!["07MOSCOW1026".into()],
                read: true
            }]
        );
        // Scrolling on asks for nothing more.
        assert!(triage_effects(&update(&mut a, key('j'))).is_empty());
    }

    #[test]
    fn r_toggles_the_selected_cable_and_the_rows_show_it() {
        let mut a = app();
        marks_loaded(&mut a, &["07MOSCOW1026"]);
        assert!(!a.triage.is_unread("07MOSCOW1026"));
        assert!(a.triage.is_unread("07MOSCOW5349"));
        let effects = update(&mut a, key('r'));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::SetRead {
                ids: vec!["07MOSCOW1026".into()],
                read: false
            }]
        );
        assert!(a.triage.is_unread("07MOSCOW1026"));
        update(&mut a, key('r'));
        assert!(!a.triage.is_unread("07MOSCOW1026"));
    }

    #[test]
    fn the_marks_arriving_ask_for_the_unread_count_of_the_list_and_it_lands() {
        let mut a = app();
        let effects = update(
            &mut a,
            Msg::Triage(TriageMsg::MarksChanged {
                result: Ok(ReadMarks::default()),
                notice: None,
            }),
        );
        let [TriageEffect::CountUnread { ticket, list }] = &triage_effects(&effects)[..] else {
            panic!("{effects:?}")
        };
        update(
            &mut a,
            Msg::Triage(TriageMsg::UnreadCounted {
                ticket: *ticket,
                list: list.clone(),
                result: Ok(3),
            }),
        );
        assert_eq!(a.triage.unread, Some((list.clone(), 3)));
        assert!(crate::tui::view::list_title(&a).contains("· 3 unread"));
    }

    fn saved(name: &str, query: &str) -> SavedSearch {
        SavedSearch {
            name: name.into(),
            query: query.into(),
            created: "2026-12-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn capital_s_saves_the_search_shown_under_the_name_typed() {
        let mut a = app();
        update(&mut a, key('S'));
        assert!(a.prompt().is_none(), "no search shown: nothing to save");
        a.list.source = crate::tui::state::ListSource::Index(ListQuery::Search("darfur".into()));
        update(&mut a, key('S'));
        for c in "sudan".chars() {
            assert!(update(&mut a, key(c)).is_empty(), "a name runs no search");
        }
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::SaveSearch {
                name: "sudan".into(),
                query: "darfur".into()
            }]
        );
    }

    #[test]
    fn quote_lists_the_saved_searches_enter_runs_d_deletes_e_edits() {
        let mut a = app();
        a.triage.saved = vec![saved("sudan", "darfur"), saved("arms", "arms tag:PREL")];
        let effects = update(&mut a, key('\''));
        assert_eq!(a.list.local_kind(), Some(LocalKind::Saved));
        assert_eq!(a.list.total, 2);
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::CountSaved {
                queries: vec!["darfur".into(), "arms tag:PREL".into()]
            }]
        );
        // A saved search is no cable: the reader stays where it is.
        let effects = update(&mut a, key('j'));
        assert!(!effects
            .iter()
            .any(|e| matches!(e, Effect::LoadCable { .. })));
        assert_eq!(a.current_id(), Some("07MOSCOW1026"));
        let effects = update(&mut a, key('d'));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::RemoveSaved {
                name: "arms".into()
            }]
        );
        update(&mut a, key('e'));
        assert_eq!(a.prompt().unwrap().input(), "arms");
        update(&mut a, key('2'));
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.prompt().unwrap().input(), "arms tag:PREL");
        update(&mut a, key('x'));
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::EditSaved {
                old: "arms".into(),
                name: "arms2".into(),
                query: "arms tag:PRELx".into()
            }]
        );
        let effects = update(&mut a, code(KeyCode::Enter));
        assert_eq!(
            a.list.query(),
            Some(&ListQuery::Search("arms tag:PREL".into()))
        );
        assert!(matches!(&effects[0], Effect::LoadPage { .. }));
        // Esc comes back to the saved searches.
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.list.local_kind(), Some(LocalKind::Saved));
    }

    #[test]
    fn space_selects_and_moves_on_and_the_selection_is_kept_by_id_in_the_session() {
        let mut a = app();
        update(&mut a, key(' '));
        update(&mut a, key(' '));
        assert_eq!(a.triage.selection, ["07MOSCOW1026", "07MOSCOW5349"]);
        assert_eq!(a.list.selected, 2);
        update(&mut a, key('k'));
        update(&mut a, key(' '));
        assert_eq!(a.triage.selection, ["07MOSCOW1026"]);
        assert_eq!(a.session().selection, ["07MOSCOW1026"]);
        assert!(crate::tui::view::list_title(&a).contains("· 1 selected"));
    }

    #[test]
    fn star_asks_first_above_a_thousand_then_lists_every_id() {
        let mut a = app();
        a.list.total = 5_000;
        assert!(update(&mut a, key('*')).is_empty());
        assert!(a.status.as_ref().unwrap().text.contains("* again"));
        let effects = update(&mut a, key('*'));
        let [TriageEffect::ListIds { ticket, .. }] = &triage_effects(&effects)[..] else {
            panic!("{effects:?}")
        };
        update(
            &mut a,
            Msg::Triage(TriageMsg::IdsListed {
                ticket: *ticket,
                result: Ok(vec!["07MOSCOW1026".into(), "09MOSCOW501".into()]),
            }),
        );
        assert_eq!(a.triage.selection.len(), 2);
        // A small list is selected at once.
        let mut b = app();
        let effects = update(&mut b, key('*'));
        assert!(matches!(
            &triage_effects(&effects)[..],
            [TriageEffect::ListIds { .. }]
        ));
    }

    #[test]
    fn semicolon_then_a_key_acts_on_the_selection_else_on_the_highlighted_cable() {
        let mut a = app();
        a.triage.export_dir = Some("/tmp/exports".into());
        update(&mut a, key(';'));
        assert_eq!(a.mode, Mode::Selection);
        let effects = update(&mut a, key('e'));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::Export {
                ids: vec!["07MOSCOW1026".into()],
                dir: Some("/tmp/exports".into())
            }]
        );
        assert_eq!(a.mode, Mode::Normal);
        update(&mut a, key(' '));
        update(&mut a, key(' '));
        update(&mut a, key(';'));
        let effects = update(&mut a, key('u'));
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::SetRead {
                ids: vec!["07MOSCOW1026".into(), "07MOSCOW5349".into()],
                read: false
            }]
        );
        update(&mut a, key(';'));
        let effects = update(&mut a, key('b'));
        assert!(matches!(
            &triage_effects(&effects)[..],
            [TriageEffect::BookmarkFirst { ids }] if ids.len() == 2
        ));
        // Any other key lets the prefix go and does nothing.
        update(&mut a, key(';'));
        assert!(update(&mut a, key('q')).is_empty());
        assert!(!a.should_quit);
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn semicolon_a_reads_the_selection_as_one_document_in_the_order_selected() {
        let mut a = app();
        update(&mut a, key('j'));
        update(&mut a, key(' '));
        update(&mut a, key('k'));
        update(&mut a, key('k'));
        update(&mut a, key(' '));
        let chosen = a.triage.selection.clone();
        assert_eq!(chosen.len(), 2);
        update(&mut a, key(';'));
        let effects = update(&mut a, key('a'));
        assert!(matches!(
            &effects[..],
            [Effect::LoadDocument { ids, title, .. }] if *ids == chosen && title == "2 cables selected"
        ));
        deliver(&mut a, effects);
        let shown: Vec<_> = a
            .reader
            .cables
            .iter()
            .filter_map(|c| c.stored.cable.id.clone())
            .collect();
        assert_eq!(shown, chosen);
        assert_eq!(a.mode, Mode::Normal);
    }

    #[test]
    fn hash_shows_the_bookmarks_with_that_label_and_empty_shows_all() {
        let mut a = app();
        a.bookmarks = vec![
            crate::library::Bookmark::new("09MOSCOW501", 7, None, "#Germany manpower"),
            crate::library::Bookmark::new("07MOSCOW5349", 3, None, "denisov #iran"),
        ];
        update(&mut a, key('#'));
        for c in "germany".chars() {
            update(&mut a, key(c));
        }
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.list.local_kind(), Some(LocalKind::Bookmarks));
        assert_eq!(a.list.total, 1);
        assert_eq!(a.list.row(0).unwrap().id, "09MOSCOW501");
        assert!(crate::tui::view::list_title(&a).contains("Bookmarks #germany"));
        update(&mut a, key('#'));
        assert_eq!(a.prompt().unwrap().input(), "germany");
        update(&mut a, crate::tui::testing::ctrl('u'));
        update(&mut a, code(KeyCode::Enter));
        assert_eq!(a.list.total, 2);
    }

    #[test]
    fn a_restart_brings_back_the_selection_and_the_saved_searches_view() {
        let mut a = app();
        a.triage.saved = vec![saved("sudan", "darfur")];
        update(&mut a, key('\''));
        a.triage.selection = vec!["09MOSCOW501".into()];
        let session = a.session();
        let mut b = App::new((120, 40), crate::tui::keymap::Keymap::default(), true);
        let effects = crate::tui::update::restore(&mut b, &session, None);
        assert_eq!(b.triage.selection, ["09MOSCOW501"]);
        assert_eq!(b.list.local_kind(), Some(LocalKind::Saved));
        assert!(triage_effects(&effects).contains(&TriageEffect::LoadSaved));
        let effects = update(
            &mut b,
            Msg::Triage(TriageMsg::SavedChanged {
                result: Ok(vec![saved("sudan", "darfur")]),
                notice: None,
            }),
        );
        assert_eq!(b.list.total, 1);
        assert_eq!(
            triage_effects(&effects),
            [TriageEffect::CountSaved {
                queries: vec!["darfur".into()]
            }]
        );
    }
}
