//! The user's files over the index: what a query's `is:`, `note:` and
//! `label:` filters need from the store (read only for a query that has
//! them), and a list's total with its unread count, in one pass — a
//! collector that looks each hit up in a bit set of the read cables made
//! once per searcher.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, TermSetQuery, Weight,
};
use tantivy::schema::Field;
use tantivy::{
    BitSet, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyError, Term,
    TERMINATED,
};

use super::query::{bookmark_filters, note_matches, uses_read_marks, Expr, TranslateContext};
use super::store::ReadMarks;
use super::{Library, ListQuery, Result};

/// A list's size and how many of its cables are not marked read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ListCounts {
    pub total: usize,
    pub unread: usize,
}

impl Library {
    /// The context a query's own filters need: the read marks for `is:`,
    /// the bookmarked cables for each `note:` and `label:`.
    pub(crate) fn user_context(
        &self,
        expr: &Expr,
        mut ctx: TranslateContext,
    ) -> Result<TranslateContext> {
        if uses_read_marks(expr) {
            let marks = self.store().read_marks()?;
            let docs = self.read_docs(&self.searcher(), &marks)?;
            ctx = ctx.with_read(Arc::new(marks)).with_read_docs(docs);
        }
        let filters = bookmark_filters(expr);
        if !filters.is_empty() {
            let bookmarks = self.store().bookmarks()?;
            for f in filters {
                let mut ids: Vec<String> = bookmarks
                    .iter()
                    .filter(|b| note_matches(f, b))
                    .map(|b| b.id.clone())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ctx = ctx.with_bookmarked(f, ids);
            }
        }
        Ok(ctx)
    }

    /// The total and unread count of each list, against one reading of the
    /// read marks (the saved-searches view asks for a score of lists).
    pub fn counts_with_unread(&self, lists: &[ListQuery]) -> Result<Vec<ListCounts>> {
        let marks = self.store().read_marks()?;
        self.counts_against(lists, &marks)
    }

    /// The IDs of every cable of a list, newest first (the reader's `*`).
    pub fn list_ids(&self, list: &ListQuery) -> Result<Vec<String>> {
        let total = self.count(list)?;
        if total == 0 {
            return Ok(Vec::new());
        }
        let page = self.page(list, Some(super::Sort::Date), 0, total)?;
        Ok(page.rows.into_iter().map(|r| r.id).collect())
    }

    /// [`Library::counts_with_unread`] with the read marks given. The lists
    /// are counted in parallel: the saved-searches view asks for a score
    /// of them at once, each a pass over its postings.
    pub fn counts_against(
        &self,
        lists: &[ListQuery],
        marks: &ReadMarks,
    ) -> Result<Vec<ListCounts>> {
        use rayon::prelude::*;
        let searcher = self.searcher();
        let read = self.read_docs(&searcher, marks)?;
        lists
            .par_iter()
            .map(|list| {
                let compiled = self.compile(list)?;
                searcher
                    .search(compiled.query.as_ref(), &UnreadCount { read: &read })
                    .map_err(self.index_error())
            })
            .collect()
    }

    /// The read cables of `searcher`'s segments, kept while neither the
    /// index nor the marks change: finding 50,000 IDs in the index took
    /// longer than counting a score of lists.
    fn read_docs(&self, searcher: &Searcher, marks: &ReadMarks) -> Result<Arc<ReadDocs>> {
        let generation = searcher.generation().generation_id();
        let fingerprint = marks.fingerprint();
        let mut cache = self
            .read_docs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(docs) = cache
            .as_ref()
            .filter(|d| d.generation == generation && d.fingerprint == fingerprint)
        {
            return Ok(Arc::clone(docs));
        }
        let fresh = Arc::new(ReadDocs::of(searcher, self, marks)?);
        *cache = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}

/// The read cables of each segment of one searcher, as bit sets by doc ID.
pub(crate) struct ReadDocs {
    /// The searcher generation the segments are of.
    generation: u64,
    /// [`ReadMarks::fingerprint`] of the marks they were made from.
    fingerprint: u64,
    /// The segments by ordinal: their IDs, and their read cables.
    segment_ids: Vec<SegmentId>,
    segments: Vec<Arc<Vec<u64>>>,
}

impl std::fmt::Debug for ReadDocs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadDocs")
            .field("generation", &self.generation)
            .field("segments", &self.segments.len())
            .finish()
    }
}

impl ReadDocs {
    /// The read cables of the segment `id`, if it is one of this searcher's.
    fn of_segment(&self, id: SegmentId) -> Option<Arc<Vec<u64>>> {
        let ord = self.segment_ids.iter().position(|s| *s == id)?;
        self.segments.get(ord).cloned()
    }
}

impl ReadDocs {
    fn of(searcher: &Searcher, lib: &Library, marks: &ReadMarks) -> Result<ReadDocs> {
        let generation = searcher.generation().generation_id();
        let fingerprint = marks.fingerprint();
        let segment_ids: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        let mut segments: Vec<Arc<Vec<u64>>> =
            (0..segment_ids.len()).map(|_| Arc::default()).collect();
        if marks.is_empty() {
            return Ok(ReadDocs {
                generation,
                fingerprint,
                segment_ids,
                segments,
            });
        }
        let field = lib.fields().id;
        let query = TermSetQuery::new(
            marks
                .ids()
                .iter()
                .map(|id| Term::from_field_text(field, id)),
        );
        for (ord, bits) in searcher
            .search(&query, &DocBits)
            .map_err(lib.index_error())?
        {
            if let Some(slot) = segments.get_mut(ord as usize) {
                *slot = Arc::new(bits);
            }
        }
        Ok(ReadDocs {
            generation,
            fingerprint,
            segment_ids,
            segments,
        })
    }
}

/// The cables read of one segment, found from the marks' IDs: for a
/// segment that came after the bit sets were made.
fn segment_bits(reader: &SegmentReader, marks: &ReadMarks, id: Field) -> tantivy::Result<Vec<u64>> {
    let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
    if marks.is_empty() {
        return Ok(bits);
    }
    let query = TermSetQuery::new(marks.ids().iter().map(|m| Term::from_field_text(id, m)));
    let weight = query.weight(EnableScoring::disabled_from_schema(reader.schema()))?;
    let mut docs = weight.scorer(reader, 1.0)?;
    let mut doc = docs.doc();
    while doc != TERMINATED {
        if let Some(w) = bits.get_mut(doc as usize / 64) {
            *w |= 1 << (doc % 64);
        }
        doc = docs.advance();
    }
    Ok(bits)
}

/// `is:read` (`read`) or `is:unread`, answered from the read cables' bit
/// sets the library keeps rather than by finding every marked ID in the
/// index again for each query.
#[derive(Debug, Clone)]
pub(crate) struct ReadQuery {
    docs: Arc<ReadDocs>,
    marks: Arc<ReadMarks>,
    id: Field,
    read: bool,
}

impl ReadQuery {
    pub(crate) fn new(docs: Arc<ReadDocs>, marks: Arc<ReadMarks>, id: Field, read: bool) -> Self {
        ReadQuery {
            docs,
            marks,
            id,
            read,
        }
    }
}

impl Query for ReadQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ReadQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // A segment newer than the bit sets (an import committed since)
        // is looked up from the marks.
        let bits = match self.docs.of_segment(reader.segment_id()) {
            Some(bits) => bits,
            None => Arc::new(segment_bits(reader, &self.marks, self.id)?),
        };
        let mut set = BitSet::with_max_value(reader.max_doc());
        for doc in 0..reader.max_doc() {
            if bit(&bits, doc) == self.read {
                set.insert(doc);
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) == doc {
            Ok(Explanation::new("read marks", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match is:{}",
                if self.read { "read" } else { "unread" }
            )))
        }
    }
}

fn bit(bits: &[u64], doc: DocId) -> bool {
    bits.get(doc as usize / 64)
        .is_some_and(|w| w & (1 << (doc % 64)) != 0)
}

/// Collects the matching docs of each segment into a bit set.
struct DocBits;

struct DocBitsSegment {
    ord: SegmentOrdinal,
    bits: Vec<u64>,
}

impl Collector for DocBits {
    type Fruit = Vec<(SegmentOrdinal, Vec<u64>)>;
    type Child = DocBitsSegment;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<DocBitsSegment> {
        Ok(DocBitsSegment {
            ord,
            bits: vec![0; (reader.max_doc() as usize).div_ceil(64)],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<u64>)>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

impl SegmentCollector for DocBitsSegment {
    type Fruit = (SegmentOrdinal, Vec<u64>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(w) = self.bits.get_mut(doc as usize / 64) {
            *w |= 1 << (doc % 64);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.ord, self.bits)
    }
}

/// Counts the hits and those of them not read.
struct UnreadCount<'a> {
    read: &'a ReadDocs,
}

struct UnreadSegment {
    read: Arc<Vec<u64>>,
    counts: ListCounts,
}

impl Collector for UnreadCount<'_> {
    type Fruit = ListCounts;
    type Child = UnreadSegment;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<UnreadSegment> {
        Ok(UnreadSegment {
            read: self
                .read
                .segments
                .get(ord as usize)
                .cloned()
                .unwrap_or_default(),
            counts: ListCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<ListCounts>) -> tantivy::Result<ListCounts> {
        Ok(fruits
            .into_iter()
            .fold(ListCounts::default(), |a, b| ListCounts {
                total: a.total + b.total,
                unread: a.unread + b.unread,
            }))
    }
}

impl SegmentCollector for UnreadSegment {
    type Fruit = ListCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.counts.total += 1;
        if !bit(&self.read, doc) {
            self.counts.unread += 1;
        }
    }

    fn harvest(self) -> ListCounts {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        (dir, lib)
    }

    fn ids(lib: &Library, q: &str) -> Vec<String> {
        let mut v: Vec<String> = lib
            .page(&ListQuery::Search(q.into()), None, 0, 10)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.id)
            .collect();
        v.sort();
        v
    }

    #[test]
    fn is_read_and_is_unread_follow_the_marks() {
        let (_d, lib) = lib();
        assert!(ids(&lib, "is:read").is_empty());
        assert_eq!(ids(&lib, "is:unread").len(), 5);
        lib.store()
            .set_read(&["07MOSCOW1026".into(), "09MOSCOW501".into()], true)
            .unwrap();
        assert_eq!(ids(&lib, "is:read"), ["07MOSCOW1026", "09MOSCOW501"]);
        assert_eq!(
            ids(&lib, "is:unread"),
            ["05MOSCOW11807", "07MOSCOW5349", "08MOSCOW820"]
        );
        assert_eq!(ids(&lib, "moscow -is:unread").len(), 2);
    }

    #[test]
    fn counts_give_the_total_and_the_unread_of_each_list() {
        let (_d, lib) = lib();
        lib.store()
            .set_read(&["07MOSCOW1026".into()], true)
            .unwrap();
        let counts = lib
            .counts_with_unread(&[ListQuery::All, ListQuery::Search("is:read".into())])
            .unwrap();
        assert_eq!(
            counts,
            [
                ListCounts {
                    total: 5,
                    unread: 4
                },
                ListCounts {
                    total: 1,
                    unread: 0
                }
            ]
        );
    }

    #[test]
    fn a_segment_the_bit_sets_do_not_know_is_answered_from_the_marks() {
        // As when an import commits between a query's translation and its
        // search: the bit sets are of an older searcher.
        let (_d, lib) = lib();
        let marks = Arc::new(ReadMarks::from_ids(["07MOSCOW1026", "09MOSCOW501"]));
        let stale = Arc::new(ReadDocs {
            generation: 0,
            fingerprint: 0,
            segment_ids: Vec::new(),
            segments: Vec::new(),
        });
        let searcher = lib.searcher();
        let count = |read: bool| {
            let q = ReadQuery::new(
                Arc::clone(&stale),
                Arc::clone(&marks),
                lib.fields().id,
                read,
            );
            searcher.search(&q, &tantivy::collector::Count).unwrap()
        };
        assert_eq!((count(true), count(false)), (2, 3));
    }

    #[test]
    fn the_unread_counts_follow_the_marks_as_they_change() {
        // The read cables' bit sets are kept between counts: a change of
        // the marks must not be answered from them.
        let (_d, lib) = lib();
        let unread = |lib: &Library| lib.counts_with_unread(&[ListQuery::All]).unwrap()[0].unread;
        assert_eq!(unread(&lib), 5);
        let store = lib.store();
        store.set_read(&["07MOSCOW1026".into()], true).unwrap();
        assert_eq!(unread(&lib), 4);
        store
            .set_read(&["07MOSCOW5349".into(), "09MOSCOW501".into()], true)
            .unwrap();
        assert_eq!(unread(&lib), 2);
        store.set_read(&["07MOSCOW1026".into()], false).unwrap();
        assert_eq!(unread(&lib), 3);
    }

    #[test]
    fn note_and_label_find_the_cables_bookmarked_so() {
        let (_d, lib) = lib();
        let store = lib.store();
        store
            .add_bookmark(crate::library::Bookmark::new(
                "07MOSCOW1026",
                2,
                None,
                "the coalition #germany",
            ))
            .unwrap();
        store
            .add_bookmark(crate::library::Bookmark::new(
                "09MOSCOW501",
                1,
                None,
                "#Germany manpower",
            ))
            .unwrap();
        assert_eq!(ids(&lib, "note:coalition"), ["07MOSCOW1026"]);
        assert_eq!(ids(&lib, "label:germany"), ["07MOSCOW1026", "09MOSCOW501"]);
        assert_eq!(ids(&lib, "label:germany -note:manpower"), ["07MOSCOW1026"]);
        assert!(ids(&lib, "label:coalition").is_empty());
    }
}
