//! Performing the triage effects against the library: the store's read
//! marks and saved searches, the counts, and the selection's export and
//! bookmarks. Each answers with the message `update` expects.

use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::library::export::{cables_of_ids, export, Format};
use crate::library::{retry_set_aside, Bookmark, Library, ListQuery};

use super::effect::TriageEffect;
use super::update::triage::TriageMsg;
use super::update::Msg;

/// The message that answers a triage effect.
pub fn perform(lib: &Library, effect: &TriageEffect) -> Msg {
    let triage = match effect {
        TriageEffect::LoadMarks => marks(lib, |l| l.store().read_marks()),
        TriageEffect::SetRead { ids, read } => marks(lib, |l| l.store().set_read(ids, *read)),
        TriageEffect::CountUnread { ticket, list } => TriageMsg::UnreadCounted {
            ticket: *ticket,
            list: list.clone(),
            result: lib
                .counts_with_unread(std::slice::from_ref(list))
                .map(|c| c.first().map_or(0, |c| c.unread))
                .map_err(|e| e.to_string()),
        },
        TriageEffect::LoadSaved => saved(lib, |_| Ok(())),
        TriageEffect::SaveSearch { name, query } => {
            saved(lib, |l| l.store().save_search(name, query))
        }
        TriageEffect::EditSaved { old, name, query } => saved(lib, |l| {
            l.store().edit_saved_search(old, name, query).map(|_| ())
        }),
        TriageEffect::RemoveSaved { name } => {
            saved(lib, |l| l.store().remove_saved_search(name).map(|_| ()))
        }
        TriageEffect::CountSaved { queries } => {
            let lists: Vec<ListQuery> = queries
                .iter()
                .map(|q| ListQuery::Search(q.clone()))
                .collect();
            TriageMsg::SavedCounted {
                result: lib
                    .counts_with_unread(&lists)
                    .map(|counts| queries.iter().cloned().zip(counts).collect())
                    .map_err(|e| e.to_string()),
            }
        }
        TriageEffect::ListIds { ticket, list } => TriageMsg::IdsListed {
            ticket: *ticket,
            result: lib.list_ids(list).map_err(|e| e.to_string()),
        },
        TriageEffect::Export { ids, dir } => TriageMsg::Exported {
            result: export_to(lib, ids, dir.as_deref()),
        },
        TriageEffect::BookmarkFirst { ids } => return bookmark_first(lib, ids),
    };
    Msg::Triage(triage)
}

/// Runs a change of the read marks (or a reading) and answers with the
/// marks; a damaged file is set aside and the change made on a fresh one.
fn marks(
    lib: &Library,
    mut op: impl FnMut(&Library) -> crate::library::Result<crate::library::ReadMarks>,
) -> TriageMsg {
    let (result, notice) = retry_set_aside(|| op(lib));
    TriageMsg::MarksChanged {
        result: result.map_err(|e| e.to_string()),
        notice: notice.map(|n| n.to_string()),
    }
}

/// Runs a change of the saved searches and answers with all of them.
fn saved(lib: &Library, mut op: impl FnMut(&Library) -> crate::library::Result<()>) -> TriageMsg {
    let (result, notice) = retry_set_aside(|| op(lib).and_then(|()| lib.store().saved_searches()));
    TriageMsg::SavedChanged {
        result: result.map_err(|e| e.to_string()),
        notice: notice.map(|n| n.to_string()),
    }
}

/// The file an export made now goes to: `cablegram-export-<UTC>.md` in
/// `dir` (the current directory when `None`), a free name.
pub fn export_path(dir: Option<&Path>) -> PathBuf {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let stamp = crate::library::now_iso().replace(['-', ':'], "");
    let mut path = dir.join(format!("cablegram-export-{stamp}.md"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("cablegram-export-{stamp}-{n}.md"));
    }
    path
}

/// The Markdown citations of the cables, in the selection's order, to a
/// new file (written whole or not at all); where it went and how many.
fn export_to(
    lib: &Library,
    ids: &[String],
    dir: Option<&Path>,
) -> Result<(PathBuf, usize), String> {
    let path = export_path(dir);
    let mut written = 0;
    let mut failed = None;
    crate::library::store::atomic_write_with(&path, |f| {
        let cables = cables_of_ids(lib, ids.to_vec());
        match export(lib, cables, Format::Markdown, false, BufWriter::new(f)) {
            Ok(n) => {
                written = n;
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                failed = Some(message.clone());
                Err(std::io::Error::other(message))
            }
        }
    })
    .map_err(|e| failed.unwrap_or_else(|| e.to_string()))?;
    let shown = std::path::absolute(&path).unwrap_or(path);
    Ok((shown, written))
}

/// Bookmarks the first paragraph of each cable, unless it has a bookmark
/// there already (its note is kept); answers with the bookmarks.
fn bookmark_first(lib: &Library, ids: &[String]) -> Msg {
    let mut op = || -> crate::library::Result<()> {
        let store = lib.store();
        for id in ids {
            if store.bookmarks_for(id)?.iter().any(|b| b.paragraph == 1) {
                continue;
            }
            let Some(stored) = lib.get(id)? else {
                continue;
            };
            let Some(first) = stored.cable.paragraphs.first() else {
                continue;
            };
            store.add_bookmark(Bookmark::new(id, 1, first.number.clone(), ""))?;
        }
        Ok(())
    };
    let (result, notice) = retry_set_aside(&mut op);
    let bookmarks = result.and_then(|()| lib.store().bookmarks());
    super::bookmarks_message_for(lib, bookmarks, notice.map(|n| n.to_string()))
}
