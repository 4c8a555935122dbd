//! The one reference model: where a cable's REF entries lead, and who
//! cites a cable. Following a reference (the reader's `f`, `show`, `refs`)
//! goes through [`Library::resolve`]; "who cites X" (`show`'s cited-by,
//! `refs`, the `refs:` filter, the reader's `c` list and its sidebar count)
//! goes through `Library::cited_by_query` — one rule each, so the CLI and
//! the reader cannot disagree.
//!
//! Both rest on [`lookup_ids`]: the IDs under which others cite a cable.
//! They are indexed (the `lookup` field) when the cable is written, so a
//! citation resolves to the cable that answers to it, and the citations of
//! a cable are the references to any of its lookup IDs.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Order, Term, TERMINATED};

use super::cable_store::Place;
use super::index::{self, Fields};
use super::{Library, LibraryError, Result};
use crate::cable::parse::ids::normalize_id;
use crate::cable::{Cable, Reference};

/// Where one REF entry of a cable leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefStatus {
    /// In the library, under this ID.
    Present(String),
    /// A cable the library does not have (its ID as cited).
    Missing(String),
    /// An e-mail, a memo, or a reference without a year.
    NotACable,
}

/// One cable a cable cites, and how its REF entry names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// The library's ID where it has the cable, else the ID as cited.
    pub id: String,
    /// The REF entry as written (`STATE 26466`): all there is to show of a
    /// cable that was never released.
    pub text: String,
}

/// The forms in which citations write the cable `id` (canonical): the ID
/// itself and, for a BRUSSELS cable, its USEU spelling — the release files
/// the cables of the mission to the EU under BRUSSELS, while the cables
/// citing them write `USEU BRUSSELS 269`.
pub fn id_forms(id: &str) -> Vec<String> {
    let mut forms = vec![id.to_string()];
    if let Some(rest) = id.get(2..).and_then(|r| r.strip_prefix("BRUSSELS")) {
        forms.push(format!("{}USEUBRUSSELS{}", &id[..2], rest));
    }
    forms
}

/// The IDs under which other cables cite this one, canonical, its own ID
/// first, then the IDs its text gives besides it (`aliases`: the release
/// files a few cables under odd IDs such as `09EFTOLONDON2211`, which others
/// cite as `LONDON 2211`): what the index holds in its `lookup` field, and
/// so what both [`Library::resolve`] and [`Library::cited_by`] go by. A
/// cable without an ID has none.
pub fn lookup_ids(cable: &Cable) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = cable.id.iter().chain(&cable.aliases);
    for id in named.flat_map(|id| id_forms(id)) {
        if let Some(id) = normalize_id(&id) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The cables whose references name any of `terms` (the lookup IDs of the
/// cable `id`), the cable itself left out: the one "who cites X" query.
pub(crate) fn citing_query(fields: &Fields, id: &str, terms: &[String]) -> Box<dyn Query> {
    if terms.is_empty() {
        return Box::new(EmptyQuery);
    }
    let exact = |field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|t| (Occur::Should, exact(fields.references, t)))
        .collect();
    // A cable that lists itself among its references does not cite itself.
    clauses.push((Occur::MustNot, exact(fields.id, id)));
    Box::new(BooleanQuery::new(clauses))
}

/// The citation counts of one searcher generation (`Library::citations`).
#[derive(Debug)]
pub(crate) struct Citations {
    generation: u64,
    /// Every cable cited at least once, with how many cite it, most first.
    cited: Vec<(u32, String)>,
    /// The cited IDs no cable answers to, sorted.
    missing: Vec<String>,
}

/// A term-dictionary read error as the library's index error.
fn io_err<E>(err: &impl Fn(tantivy::TantivyError) -> E) -> impl Fn(std::io::Error) -> E + '_ {
    move |e| err(tantivy::TantivyError::from(e))
}

impl Library {
    /// The ID under which a cited cable is in the library: the cable with
    /// that ID, else one that answers to it (a lookup ID, so
    /// `09USEUBRUSSELS269` resolves to `09BRUSSELS269` when only that
    /// exists); `None` when the library has neither.
    pub fn resolve(&self, id: &str) -> Result<Option<String>> {
        let Some(id) = normalize_id(id) else {
            return Ok(None);
        };
        if self.contains(&id)? {
            return Ok(Some(id));
        }
        let term = Term::from_field_text(self.fields().lookup, &id);
        let searcher = self.searcher();
        // Most cited IDs that are not a cable's own are in no cable's
        // lookup either (never released): a term-dictionary look-up says
        // so without running a sorted search.
        if searcher.doc_freq(&term).map_err(self.index_error())? == 0 {
            return Ok(None);
        }
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        // The oldest, should several answer to it: the same one each time.
        let top = searcher
            .search(
                &query,
                &TopDocs::with_limit(1)
                    .order_by_fast_field::<tantivy::DateTime>("created", Order::Asc),
            )
            .map_err(self.index_error())?;
        let Some(&(_, address)) = top.first() else {
            return Ok(None);
        };
        let segment = searcher.segment_reader(address.segment_ord);
        index::fast_text(segment, "id", address.doc_id).map_err(self.index_error())
    }

    /// Where each REF entry of `cable` leads, in the cable's order.
    pub fn follow(&self, cable: &Cable) -> Result<Vec<RefStatus>> {
        self.follow_entries(&cable.references)
    }

    fn follow_entries(&self, references: &[Reference]) -> Result<Vec<RefStatus>> {
        references
            .iter()
            .map(|r| match &r.id {
                None => Ok(RefStatus::NotACable),
                Some(id) => Ok(match self.resolve(id)? {
                    Some(found) => RefStatus::Present(found),
                    None => RefStatus::Missing(id.clone()),
                }),
            })
            .collect()
    }

    /// The cables `cable` cites, once each, in the order of its REF
    /// entries: the library's ID where it has the cable, else the ID as
    /// cited, with the entry as written; the cable itself left out.
    pub fn cites_of(&self, cable: &Cable) -> Result<Vec<Cited>> {
        self.cites_in(cable.id.as_deref(), &cable.references)
    }

    /// [`Library::cites_of`] the cable `id` (canonical), read without the
    /// rest of the cable; empty when the library does not have it.
    pub(crate) fn cites_of_id(&self, id: &str) -> Result<Vec<Cited>> {
        let Some((searcher, address)) = self.address(id)? else {
            return Ok(Vec::new());
        };
        let segment = searcher.segment_reader(address.segment_ord);
        let fast = segment.fast_fields();
        let place = |field| -> Result<Option<u64>> {
            Ok(fast
                .u64(field)
                .map_err(self.index_error())?
                .first(address.doc_id))
        };
        let (Some(offset), Some(len)) = (place("store_offset")?, place("store_len")?) else {
            return Ok(Vec::new());
        };
        let store = self.cables();
        let (own, references) = store
            .read_references(Place { offset, len })
            .map_err(|e| LibraryError::Damaged(store.path().to_path_buf(), e.to_string()))?;
        self.cites_in(own.as_deref(), &references)
    }

    fn cites_in(&self, own: Option<&str>, references: &[Reference]) -> Result<Vec<Cited>> {
        let mut out: Vec<Cited> = Vec::new();
        for (status, entry) in self.follow_entries(references)?.into_iter().zip(references) {
            let (RefStatus::Present(id) | RefStatus::Missing(id)) = status else {
                continue;
            };
            if Some(id.as_str()) != own && !out.iter().any(|c| c.id == id) {
                out.push(Cited {
                    id,
                    text: entry.text.clone(),
                });
            }
        }
        Ok(out)
    }

    /// The cables that cite `id`, oldest first (undated ones last, then by
    /// ID).
    pub fn cited_by(&self, id: &str) -> Result<Vec<String>> {
        let Some(id) = normalize_id(id) else {
            return Ok(Vec::new());
        };
        let query = self.cited_by_query(&id)?;
        let searcher = self.searcher();
        let found = searcher
            .search(&query, &DocSetCollector)
            .map_err(self.index_error())?;
        let mut out: Vec<(i64, String)> = Vec::with_capacity(found.len());
        for address in found {
            let segment = searcher.segment_reader(address.segment_ord);
            let fast = segment.fast_fields();
            let secs = fast
                .date("created")
                .map_err(self.index_error())?
                .first(address.doc_id)
                .map_or(i64::MAX, |d| d.into_timestamp_secs());
            if let Some(cid) =
                index::fast_text(segment, "id", address.doc_id).map_err(self.index_error())?
            {
                out.push((secs, cid));
            }
        }
        out.sort();
        Ok(out.into_iter().map(|(_, id)| id).collect())
    }

    /// The query for the cables that cite `id` (canonical): the references
    /// to any lookup ID of that cable — read from the index when the cable
    /// is there, else the forms of the ID itself ([`id_forms`]).
    pub(crate) fn cited_by_query(&self, id: &str) -> Result<Box<dyn Query>> {
        let terms = self.citing_terms(id)?;
        Ok(citing_query(self.fields(), id, &terms))
    }

    /// The cited IDs no cable of the library answers to (`cites:missing`):
    /// the references that [`Library::resolve`] finds nothing for.
    pub(crate) fn missing_ids(&self) -> Result<Vec<String>> {
        Ok(self.citations()?.missing.clone())
    }

    /// The IDs of the cables that at least `n` cables cite (`citedby:>=N`),
    /// by the rule of [`citing_query`]: a reference to any lookup ID of
    /// the cable, each citing cable once, the cable itself not counted.
    /// For `n` = 0 every cable qualifies; only those cited at all are
    /// listed.
    pub(crate) fn cited_at_least(&self, n: u32) -> Result<Vec<String>> {
        let citations = self.citations()?;
        let mut out: Vec<String> = citations
            .cited
            .iter()
            .take_while(|(count, _)| *count >= n)
            .map(|(_, id)| id.clone())
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// The citation counts of the library as it is now: computed once per
    /// searcher generation (an import's commit, a reload), as every
    /// `citedby:` and `cites:missing` query (the list and its overview)
    /// would otherwise read all the postings of references again.
    fn citations(&self) -> Result<std::sync::Arc<Citations>> {
        let searcher = self.searcher();
        let generation = searcher.generation().generation_id();
        let mut cache = self
            .citations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(c) = cache.as_ref().filter(|c| c.generation == generation) {
            return Ok(std::sync::Arc::clone(c));
        }
        let fresh = std::sync::Arc::new(self.count_citations(&searcher, generation)?);
        *cache = Some(std::sync::Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Reads the postings of the `references` and `lookup` fields: who
    /// cites each cited ID, which cable answers to it, and so each cable's
    /// citing cables and the cited IDs nobody answers to.
    fn count_citations(&self, searcher: &tantivy::Searcher, generation: u64) -> Result<Citations> {
        let f = self.fields();
        let err = self.index_error();
        // Who cites each cited ID: the live documents, in address order.
        let mut citing: HashMap<Vec<u8>, Vec<DocAddress>> = HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let refs = segment.inverted_index(f.references).map_err(&err)?;
            let mut terms = refs.terms().stream().map_err(io_err(&err))?;
            while terms.advance() {
                let mut postings = refs
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(io_err(&err))?;
                let list = citing.entry(terms.key().to_vec()).or_default();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc) {
                        list.push(DocAddress::new(ord as u32, doc));
                    }
                    doc = postings.advance();
                }
            }
        }
        // Each cable's lookup IDs that are cited, gathered per cable; and
        // the cited IDs some cable answers to.
        let mut answers: HashMap<DocAddress, Vec<&[DocAddress]>> = HashMap::new();
        let mut answered: HashSet<&[u8]> = HashSet::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let lookup = segment.inverted_index(f.lookup).map_err(&err)?;
            let mut terms = lookup.terms().stream().map_err(io_err(&err))?;
            while terms.advance() {
                let Some((key, list)) = citing.get_key_value(terms.key()) else {
                    continue;
                };
                let mut postings = lookup
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(io_err(&err))?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if !segment.is_deleted(doc) {
                        answered.insert(key);
                        answers
                            .entry(DocAddress::new(ord as u32, doc))
                            .or_default()
                            .push(list);
                    }
                    doc = postings.advance();
                }
            }
        }
        let mut missing: Vec<String> = citing
            .iter()
            .filter(|(key, list)| !list.is_empty() && !answered.contains(key.as_slice()))
            .map(|(key, _)| String::from_utf8_lossy(key).into_owned())
            .collect();
        missing.sort_unstable();
        let mut cited = Vec::with_capacity(answers.len());
        for (cable, lists) in answers {
            let count = match lists.as_slice() {
                [one] => one.len() - usize::from(one.binary_search(&cable).is_ok()),
                many => {
                    let mut all: Vec<DocAddress> =
                        many.iter().flat_map(|l| l.iter()).copied().collect();
                    all.sort_unstable();
                    all.dedup();
                    all.len() - usize::from(all.binary_search(&cable).is_ok())
                }
            };
            if count == 0 {
                continue;
            }
            let segment = searcher.segment_reader(cable.segment_ord);
            if let Some(id) = index::fast_text(segment, "id", cable.doc_id).map_err(&err)? {
                cited.push((u32::try_from(count).unwrap_or(u32::MAX), id));
            }
        }
        // Most cited first: `citedby:>=N` is a prefix of the list.
        cited.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(Citations {
            generation,
            cited,
            missing,
        })
    }

    /// The lookup IDs of the cable `id` (canonical), as the index holds
    /// them; the forms of the ID itself when the cable is not there.
    pub(crate) fn citing_terms(&self, id: &str) -> Result<Vec<String>> {
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields().id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(self.index_error())?;
        let Some(&(_, address)) = top.first() else {
            return Ok(id_forms(id));
        };
        let segment = searcher.segment_reader(address.segment_ord);
        let mut terms =
            index::fast_texts(segment, "lookup", address.doc_id).map_err(self.index_error())?;
        if !terms.iter().any(|t| t == id) {
            terms.insert(0, id.to_string());
        }
        Ok(terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brussels_cable_is_also_cited_under_its_useu_spelling() {
        assert_eq!(
            id_forms("09BRUSSELS269"),
            ["09BRUSSELS269", "09USEUBRUSSELS269"]
        );
        assert_eq!(id_forms("07MOSCOW1026"), ["07MOSCOW1026"]);
        // A USEU citation is the citing side's spelling, not a second name.
        assert_eq!(id_forms("09USEUBRUSSELS269"), ["09USEUBRUSSELS269"]);
    }

    #[test]
    fn lookup_ids_start_with_the_own_id_and_a_cable_without_one_has_none() {
        let mut cable = crate::cable::parse("");
        assert!(lookup_ids(&cable).is_empty());
        cable.id = Some("09BRUSSELS269".into());
        assert_eq!(lookup_ids(&cable), ["09BRUSSELS269", "09USEUBRUSSELS269"]);
    }

    #[test]
    fn a_cable_filed_under_an_odd_id_is_also_looked_up_under_its_aliases() {
        let mut cable = crate::cable::parse("");
        cable.id = Some("09EFTOLONDON2211".into());
        cable.aliases = vec!["09LONDON2211".into(), "09EFTOLONDON2211".into()];
        assert_eq!(lookup_ids(&cable), ["09EFTOLONDON2211", "09LONDON2211"]);
    }

    // --- cites:missing and citedby:>=N --------------------------------------

    use crate::cable::Timestamp;
    use crate::library::{content_hash, ListQuery, SourceRank, StoredCable};

    fn cable(id: &str, cites: &[&str], body: &str) -> StoredCable {
        let cable = Cable {
            id: Some(id.into()),
            created: Timestamp::new(2007, 3, 1, 0, 0),
            references: cites
                .iter()
                .map(|c| Reference {
                    label: None,
                    text: c.to_string(),
                    id: Some(c.to_string()),
                })
                .collect(),
            body: body.into(),
            ..Cable::default()
        };
        StoredCable {
            hash: content_hash(id, None),
            cable,
            raw: id.to_string(),
            rank: SourceRank::Text,
        }
    }

    /// Citations across two segments: a citation of a cable never
    /// released, a cable citing itself, and one cited under both its
    /// spellings by the same cable.
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let mut w = lib.writer().unwrap();
        w.clear().unwrap();
        w.add(cable("07MOSCOW1", &["07BERLIN2", "07STATE9"], "darfur"))
            .unwrap();
        w.add(cable("07BERLIN2", &["07MOSCOW1"], "met XXXXXXXXXXXX"))
            .unwrap();
        w.add(cable("07MOSCOW3", &["07BERLIN2", "07MOSCOW3"], "x"))
            .unwrap();
        w.commit().unwrap();
        w.add(cable("09BRUSSELS4", &[], "x")).unwrap();
        w.add(cable("07MOSCOW5", &["09USEUBRUSSELS4", "09BRUSSELS4"], "x"))
            .unwrap();
        w.add(cable("07STATE6", &["09BRUSSELS4"], "x")).unwrap();
        w.finish().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        (dir, lib)
    }

    fn ids(lib: &Library, q: &str) -> Vec<String> {
        let page = lib
            .page(&ListQuery::Search(q.to_string()), None, 0, 100)
            .unwrap();
        let mut ids: Vec<String> = page.rows.into_iter().map(|r| r.id).collect();
        ids.sort();
        ids
    }

    #[test]
    fn missing_ids_are_the_cited_ids_no_cable_answers_to() {
        let (_dir, lib) = library();
        assert_eq!(lib.missing_ids().unwrap(), ["07STATE9"]);
        assert_eq!(ids(&lib, "cites:missing"), ["07MOSCOW1"]);
        assert_eq!(ids(&lib, "cites:any").len(), 5);
    }

    #[test]
    fn cited_at_least_counts_as_cited_by_does() {
        let (_dir, lib) = library();
        assert_eq!(ids(&lib, "citedby:>=2"), ["07BERLIN2", "09BRUSSELS4"]);
        assert_eq!(
            ids(&lib, "citedby:>=1"),
            ["07BERLIN2", "07MOSCOW1", "09BRUSSELS4"]
        );
        assert!(ids(&lib, "citedby:>=3").is_empty());
        assert_eq!(ids(&lib, "citedby:>=0").len(), 6);
        // The one rule: the count behind the filter is the cited-by list's.
        for id in ids(&lib, "citedby:>=0") {
            let n = lib.cited_by(&id).unwrap().len();
            if n > 0 {
                let listed = lib.cited_at_least(n as u32).unwrap();
                assert!(listed.contains(&id), "{id} cited {n} times");
            }
            assert!(
                !lib.cited_at_least(n as u32 + 1).unwrap().contains(&id),
                "{id}"
            );
        }
    }

    #[test]
    fn the_counts_follow_a_commit() {
        let (_dir, mut lib) = library();
        assert!(lib
            .cited_at_least(1)
            .unwrap()
            .iter()
            .all(|id| id != "07MOSCOW3"));
        let mut w = lib.writer().unwrap();
        w.add(cable("07MOSCOW8", &["07MOSCOW3", "07STATE10"], "x"))
            .unwrap();
        w.finish().unwrap();
        lib.reload().unwrap();
        assert!(lib
            .cited_at_least(1)
            .unwrap()
            .iter()
            .any(|id| id == "07MOSCOW3"));
        assert_eq!(lib.missing_ids().unwrap(), ["07STATE10", "07STATE9"]);
    }

    #[test]
    fn redacted_is_the_cables_with_redactions() {
        let (_dir, lib) = library();
        assert_eq!(ids(&lib, "redacted:yes"), ["07BERLIN2"]);
        assert_eq!(ids(&lib, "redacted:no").len(), 5);
    }

    #[test]
    fn a_prefix_expands_over_the_dictionary_or_says_it_is_too_wide() {
        let (_dir, lib) = library();
        assert_eq!(
            lib.prefix_words("darf").unwrap(),
            Some(vec!["darfur".to_string()])
        );
        assert_eq!(ids(&lib, "darf*"), ["07MOSCOW1"]);
        let mut w = lib.writer().unwrap();
        let many: Vec<String> = (0..=crate::library::query::MAX_PREFIX_TERMS)
            .map(|i| format!("zq{i}"))
            .collect();
        w.add(cable("07MOSCOW7", &[], &many.join(" "))).unwrap();
        w.finish().unwrap();
        let lib = Library::open(lib.dir()).unwrap();
        assert_eq!(lib.prefix_words("zq").unwrap(), None);
        let err = lib
            .count(&ListQuery::Search("darfur zq*".into()))
            .unwrap_err();
        match err {
            LibraryError::Query(e) => {
                assert_eq!(e.position, 8, "{e}");
                assert!(e.message.contains("more than 2,000 words"), "{e}");
            }
            other => panic!("{other}"),
        }
    }
}
