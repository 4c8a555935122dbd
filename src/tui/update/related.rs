//! Cables related to the open one other than by its references: `[` / `]`
//! the previous / next cable from the same post (an embassy's reporting in
//! order), `R` the cables closest in content (a local list, `Esc` back).

use crate::library::{ListRow, Step};
use crate::text::thousands;
use crate::tui::effect::{Effect, Intent, Lane};
use crate::tui::state::thread::similar_rows;
use crate::tui::state::{App, ListState, LocalKind, Pane};

use super::{history, list, say};

/// `[` / `]`: ask for the cable from the same post before or after the
/// open one.
pub(super) fn same_post(app: &mut App, step: Step) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        say(app, "no cable open", false);
        return Vec::new();
    };
    vec![Effect::FindNeighbour { id, step }]
}

/// The neighbour arrived: open it (a new history entry, as a followed
/// reference), or say there is none that way.
pub(super) fn on_neighbour(
    app: &mut App,
    id: String,
    step: Step,
    result: Result<Option<ListRow>, String>,
) -> Vec<Effect> {
    match result {
        Ok(Some(row)) => {
            history::save_place(app);
            vec![Effect::LoadCable {
                id: row.id,
                intent: Intent::Follow,
            }]
        }
        Ok(None) => {
            let way = match step {
                Step::Previous => "earlier",
                Step::Next => "later",
            };
            say(
                app,
                &format!("no {way} cable from the post of {id} in the library"),
                false,
            );
            Vec::new()
        }
        Err(e) => {
            say(app, &e, true);
            Vec::new()
        }
    }
}

/// How many similar cables `R` lists.
pub const SIMILAR_LIMIT: usize = 50;

/// `R`: ask for the cables closest in content to the open one.
pub(super) fn similar(app: &mut App) -> Vec<Effect> {
    let Some(id) = app.current_id().map(str::to_string) else {
        say(app, "no cable open", false);
        return Vec::new();
    };
    say(app, &format!("the cables closest to {id}…"), false);
    vec![Effect::LoadSimilar {
        ticket: app.tickets.issue(Lane::Related),
        id,
    }]
}

/// The similar cables arrived: a local list in the list pane (`Esc` goes
/// back to the list before; similar cables over similar cables take their
/// place).
pub(super) fn on_similar(
    app: &mut App,
    id: String,
    result: Result<Option<Vec<ListRow>>, String>,
) -> Vec<Effect> {
    // As for a thread: the list pane is the search's while it is typed.
    if app.prompt().is_some() {
        return Vec::new();
    }
    let Some(rows) = super::found(app, &id, result) else {
        return Vec::new();
    };
    if app.list.local_kind() != Some(LocalKind::Similar) {
        history::enter_view(app);
    }
    let n = rows.len();
    list::replace(
        app,
        ListState::local(LocalKind::Similar, similar_rows(&id, rows)),
    );
    app.focus = Pane::List;
    say(
        app,
        &format!(
            "{} cables closest in content to {id}, best first",
            thousands(n as u64)
        ),
        false,
    );
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::tui::testing::{app, code, key, rows};
    use crate::tui::update::{update, Msg};

    #[test]
    fn brackets_ask_for_the_neighbours_from_the_same_post() {
        let mut a = app();
        assert_eq!(
            update(&mut a, key(']')),
            vec![Effect::FindNeighbour {
                id: "07MOSCOW1026".into(),
                step: Step::Next
            }]
        );
        assert_eq!(
            update(&mut a, key('[')),
            vec![Effect::FindNeighbour {
                id: "07MOSCOW1026".into(),
                step: Step::Previous
            }]
        );
    }

    #[test]
    fn a_neighbour_found_opens_and_none_says_so() {
        let mut a = app();
        let effects = update(
            &mut a,
            Msg::NeighbourFound {
                id: "07MOSCOW1026".into(),
                step: Step::Next,
                result: Ok(rows(&["07MOSCOW5349"]).pop()),
            },
        );
        assert_eq!(
            effects,
            vec![Effect::LoadCable {
                id: "07MOSCOW5349".into(),
                intent: Intent::Follow
            }]
        );
        update(
            &mut a,
            Msg::NeighbourFound {
                id: "07MOSCOW1026".into(),
                step: Step::Previous,
                result: Ok(None),
            },
        );
        assert_eq!(
            a.status.as_ref().unwrap().text,
            "no earlier cable from the post of 07MOSCOW1026 in the library"
        );
    }

    #[test]
    fn r_lists_the_similar_cables_and_esc_goes_back() {
        let mut a = app();
        let effects = update(&mut a, key('R'));
        let [Effect::LoadSimilar { ticket, id }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(id, "07MOSCOW1026");
        update(
            &mut a,
            Msg::SimilarLoaded {
                ticket: *ticket,
                id: id.clone(),
                result: Ok(Some(rows(&["07MOSCOW5349", "09MOSCOW501"]))),
            },
        );
        assert_eq!(a.list.local_kind(), Some(LocalKind::Similar));
        assert_eq!(a.list.total, 2);
        assert_eq!(a.focus, Pane::List);
        update(&mut a, code(KeyCode::Esc));
        assert_eq!(a.list.local_kind(), None);
        assert_eq!(a.list.total, 5);
    }
}
