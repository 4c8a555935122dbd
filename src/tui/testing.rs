//! The one test fixture of the reader: sample cables loaded as the runtime
//! would, an app with a list of the samples, and messages for keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::library::{
    content_hash, parse_named, FacetCount, FacetKind, ListRow, Overview, SourceRank, StoredCable,
    SAMPLES,
};

use super::effect::Effect;
use super::effect::Intent;
use super::keymap::Keymap;
use super::state::{App, LoadedCable, RefStatus};
use super::update::{update, Msg};

/// The samples the fixture's list shows, in its order.
pub const IDS: [&str; 5] = [
    "07MOSCOW1026",
    "07MOSCOW5349",
    "05MOSCOW11807",
    "09MOSCOW501",
    "08MOSCOW820",
];

/// A loaded sample cable; its references resolve among the samples.
pub fn loaded(id: &str) -> LoadedCable {
    let (_, text) = SAMPLES.iter().find(|(i, _)| *i == id).expect("a sample");
    let cable = parse_named(text, Some(id), None);
    let stored = StoredCable {
        hash: content_hash(text, None),
        cable,
        raw: text.to_string(),
        rank: SourceRank::Sample,
    };
    let known: Vec<&str> = SAMPLES.iter().map(|(i, _)| *i).collect();
    let status = |id: &Option<String>| match id {
        None => RefStatus::NotACable,
        Some(id) if known.contains(&id.as_str()) => RefStatus::Present(id.clone()),
        Some(id) => RefStatus::Missing(id.clone()),
    };
    let statuses = (stored.cable.references.iter())
        .map(|r| status(&r.id))
        .collect();
    let mentions = (stored.cable.paragraphs.iter())
        .map(|p| p.mentions.iter().map(|m| status(&m.id)).collect())
        .collect();
    LoadedCable::new(stored, statuses, Vec::new()).with_mentions(mentions)
}

/// Rows with made-up subjects, for pages in tests.
pub fn rows(ids: &[&str]) -> Vec<ListRow> {
    ids.iter()
        .map(|id| ListRow {
            id: id.to_string(),
            created: None,
            classification: None,
            origin: None,
            subject: Some(format!("subject of {id}")),
        })
        .collect()
}

/// The row of a sample as the index would give it.
fn sample_row(id: &str) -> ListRow {
    let c = loaded(id);
    ListRow {
        id: id.to_string(),
        created: c.stored.cable.created,
        classification: c
            .stored
            .cable
            .classification
            .map(|x| x.as_str().to_string()),
        origin: c.stored.cable.origin.clone(),
        subject: c.stored.cable.subject.clone(),
    }
}

/// The reader on the samples at a terminal size, the list of `IDS` shown
/// and the first one open.
pub fn app_sized(size: (u16, u16)) -> App {
    let mut app = App::new(size, Keymap::default(), true);
    app.list.rows = IDS.iter().map(|id| sample_row(id)).collect();
    app.list.total = IDS.len();
    let effects = update(
        &mut app,
        Msg::CableLoaded {
            id: IDS[0].into(),
            intent: Intent::Select,
            result: Ok(Some(Box::new(loaded(IDS[0])))),
        },
    );
    assert!(
        effects.iter().all(|e| matches!(e, Effect::SaveSession(_))),
        "{effects:?}"
    );
    app
}

/// `app_sized` at 120×40.
pub fn app() -> App {
    app_sized((120, 40))
}

/// Answers the cable and document loads among `effects` (and those they
/// ask for) with the samples.
pub fn deliver(app: &mut App, effects: Vec<Effect>) {
    for e in effects {
        let more = match e {
            Effect::LoadCable { id, intent } => update(
                app,
                Msg::CableLoaded {
                    result: Ok(Some(Box::new(loaded(&id)))),
                    id,
                    intent,
                },
            ),
            Effect::LoadDocument {
                ticket,
                ids,
                title,
                at,
                intent,
            } => update(
                app,
                Msg::DocumentLoaded {
                    ticket,
                    result: Ok(ids.iter().map(|id| loaded(id)).collect()),
                    ids,
                    title,
                    at,
                    intent,
                },
            ),
            _ => Vec::new(),
        };
        deliver(app, more);
    }
}

/// `T`, and `thread` arriving as its answer.
pub fn show_thread(app: &mut App, thread: crate::library::thread::Thread) {
    let effects = update(app, key('T'));
    let [Effect::LoadThread { ticket, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    update(
        app,
        Msg::ThreadLoaded {
            ticket: *ticket,
            result: Ok(thread),
        },
    );
}

/// The help overlay's text for a keymap, its lines laid out for `width`
/// columns (`usize::MAX`: unwrapped), one a line.
pub fn help_text(keymap: &Keymap, width: usize) -> String {
    super::view::help::lines_at(keymap, &super::view::theme::Theme::default(), width)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

pub fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn alt(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// A named key with ctrl (`ctrl-left`).
pub fn ctrl_code(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::CONTROL))
}

/// Overview counts with these origins and months (`2007-03`); the years
/// are summed from the months, every cable is PREL and SECRET.
pub fn counts(origins: &[(&str, u64)], months: &[(&str, u64)]) -> Overview {
    let list = |v: &[(&str, u64)]| -> Vec<FacetCount> {
        v.iter()
            .map(|(k, n)| FacetCount {
                key: k.to_string(),
                count: *n,
            })
            .collect()
    };
    let mut years: Vec<(String, u64)> = Vec::new();
    for (m, n) in months {
        let y = m.get(..4).unwrap_or_default().to_string();
        match years.iter_mut().find(|(k, _)| *k == y) {
            Some((_, c)) => *c += n,
            None => years.push((y, *n)),
        }
    }
    let years: Vec<(&str, u64)> = years.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    let total = months.iter().map(|(_, n)| n).sum();
    Overview::from_counts(
        total,
        vec![
            (FacetKind::Year, list(&years)),
            (FacetKind::Month, list(months)),
            (FacetKind::Origin, list(origins)),
            (
                FacetKind::Tag,
                list(&[("PREL", total), ("PGOV", total / 2)]),
            ),
            (FacetKind::Class, list(&[("SECRET", total)])),
        ],
    )
}
