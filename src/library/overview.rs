//! Counts and histograms of a query, as tantivy collectors over fast
//! fields: how many of the matching cables fall in each year, month,
//! origin, tag, classification, handling caveat, signer and classified-by
//! name. One search pass counts every kind asked for; the counts are exact
//! and no document is read.
//!
//! Per segment, a string kind counts by term ordinal into a vector as long
//! as the column's dictionary, and the ordinals that were seen are turned
//! into strings once, in dictionary order, when the segments merge. Years
//! and months are a histogram of the `created` date column, bucketed by
//! month. So the cost of a count is a few column reads per matching cable,
//! whatever the values are.

use std::collections::HashMap;
use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Schema;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use super::index::{self, Fields};
use super::ListQuery;
use super::{Library, Result};

/// What the overview counts by. The names are the query language's filter
/// names (`by` is classified-by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetKind {
    Year,
    Month,
    Origin,
    Tag,
    Class,
    Handling,
    Signer,
    By,
}

impl FacetKind {
    /// Every kind, in the order the overview shows them.
    pub const ALL: [FacetKind; 8] = [
        FacetKind::Year,
        FacetKind::Month,
        FacetKind::Origin,
        FacetKind::Tag,
        FacetKind::Class,
        FacetKind::Handling,
        FacetKind::Signer,
        FacetKind::By,
    ];

    /// The filter name (`year`, `origin`, `by`, …).
    pub fn name(self) -> &'static str {
        match self {
            FacetKind::Year => "year",
            FacetKind::Month => "month",
            FacetKind::Origin => "origin",
            FacetKind::Tag => "tag",
            FacetKind::Class => "class",
            FacetKind::Handling => "handling",
            FacetKind::Signer => "signer",
            FacetKind::By => "by",
        }
    }

    /// The kind of a filter name, exactly as [`FacetKind::name`] writes it.
    pub fn from_name(name: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Years and months are a timeline: ordered by key, never cut to a top
    /// few. The other kinds are ordered by count.
    pub fn is_timeline(self) -> bool {
        matches!(self, FacetKind::Year | FacetKind::Month)
    }

    /// The fast string column a kind counts, or `None` for the date kinds.
    fn column(self, fields: &Fields) -> Option<tantivy::schema::Field> {
        match self {
            FacetKind::Year | FacetKind::Month => None,
            FacetKind::Origin => Some(fields.origin),
            FacetKind::Tag => Some(fields.tags),
            FacetKind::Class => Some(fields.classification),
            FacetKind::Handling => Some(fields.handling),
            FacetKind::Signer => Some(fields.signers),
            FacetKind::By => Some(fields.classified_by),
        }
    }
}

impl fmt::Display for FacetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One value of a kind and how many matching cables have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value as stored: `Embassy Moscow`, `SECRET//NOFORN`, `2009`,
    /// `2009-03`.
    pub key: String,
    pub count: u64,
}

/// The counts of a query: its total and, per kind asked for, the values
/// with their counts. A cable without a value of a kind (no date, no
/// classified-by line) is in the total but in none of that kind's counts;
/// a cable with several values (tags) is counted once under each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// How many cables match the query.
    pub total: u64,
    facets: Vec<(FacetKind, Vec<FacetCount>)>,
}

impl Overview {
    /// Counts made elsewhere (a test, a tool): each kind's values in the
    /// order [`Overview::get`] promises.
    pub fn from_counts(total: u64, facets: Vec<(FacetKind, Vec<FacetCount>)>) -> Overview {
        Overview { total, facets }
    }

    /// The counts of one kind: timeline kinds by key, the others by count,
    /// most first, ties by key. `None` when the kind was not asked for.
    pub fn get(&self, kind: FacetKind) -> Option<&[FacetCount]> {
        self.facets
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v.as_slice())
    }

    /// The kinds asked for with their counts, in the order asked.
    pub fn facets(&self) -> impl Iterator<Item = (FacetKind, &[FacetCount])> {
        self.facets.iter().map(|(k, v)| (*k, v.as_slice()))
    }

    /// Keeps the first `n` values of each kind; a timeline (years, months)
    /// is kept whole.
    pub fn keep_top(&mut self, n: usize) {
        for (kind, counts) in &mut self.facets {
            if !kind.is_timeline() {
                counts.truncate(n);
            }
        }
    }
}

/// `{"total": N, "by": {"year": [{"key", "count"}], …}}`, the kinds in the
/// order asked.
impl Serialize for Overview {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        struct By<'a>(&'a [(FacetKind, Vec<FacetCount>)]);
        impl Serialize for By<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (kind, counts) in self.0 {
                    map.serialize_entry(kind.name(), counts)?;
                }
                map.end()
            }
        }
        let mut st = s.serialize_struct("Overview", 2)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("by", &By(&self.facets))?;
        st.end()
    }
}

impl Library {
    /// The counts of the cables matching `query` (the query language; empty
    /// or blank means every cable) for each kind in `kinds`, in one search
    /// pass over fast fields.
    pub fn overview(&self, query: &str, kinds: &[FacetKind]) -> Result<Overview> {
        let list = if query.trim().is_empty() {
            ListQuery::All
        } else {
            ListQuery::Search(query.to_string())
        };
        self.overview_of(&list, kinds)
    }

    /// The counts of the cables of a list (a search, the cables citing one,
    /// everything), compiled the way the list itself is.
    pub fn overview_of(&self, list: &ListQuery, kinds: &[FacetKind]) -> Result<Overview> {
        let query = self.compile(list)?.query;
        let collector = OverviewCollector::new(kinds, self.fields(), &self.index.schema());
        super::index::search_in_parallel(&self.searcher(), query.as_ref(), &collector)
            .map_err(self.index_error())
    }
}

/// Counts every kind asked for in one pass over the hits.
pub struct OverviewCollector {
    /// Each kind once, in the order asked.
    kinds: Vec<FacetKind>,
    /// The string kinds with the name of their fast column.
    columns: Vec<(FacetKind, String)>,
    created: String,
}

impl OverviewCollector {
    /// A collector for `kinds` (repeats ignored) on the library's schema.
    pub fn new(kinds: &[FacetKind], fields: &Fields, schema: &Schema) -> OverviewCollector {
        let mut unique: Vec<FacetKind> = Vec::with_capacity(kinds.len());
        for &k in kinds {
            if !unique.contains(&k) {
                unique.push(k);
            }
        }
        let columns = unique
            .iter()
            .filter_map(|&k| {
                k.column(fields)
                    .map(|f| (k, schema.get_field_name(f).to_string()))
            })
            .collect();
        OverviewCollector {
            kinds: unique,
            columns,
            created: schema.get_field_name(fields.created).to_string(),
        }
    }

    fn wants_dates(&self) -> bool {
        self.kinds.iter().any(|k| k.is_timeline())
    }
}

impl Collector for OverviewCollector {
    type Fruit = Overview;
    type Child = OverviewSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<OverviewSegment> {
        let fast = reader.fast_fields();
        let mut terms = Vec::with_capacity(self.columns.len());
        for (kind, name) in &self.columns {
            // A segment written without any value of a kind has no column.
            if let Some(column) = fast.str(name)? {
                terms.push(TermCounter::new(*kind, column));
            }
        }
        let dates = if self.wants_dates() {
            DateCounter::new(fast.date(&self.created)?)
        } else {
            None
        };
        Ok(OverviewSegment {
            total: 0,
            terms,
            dates,
            rows: Vec::new(),
            row_docs: Vec::new(),
            ords: Vec::new(),
            created: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Overview> {
        let mut total = 0u64;
        let mut by_term: HashMap<FacetKind, HashMap<String, u64>> = HashMap::new();
        let mut months: HashMap<i64, u64> = HashMap::new();
        for segment in segments {
            total += segment.total;
            for SegmentTerms { kind, column, seen } in segment.terms {
                let counts = by_term.entry(kind).or_default();
                let ords: Vec<u64> = seen.iter().map(|&(ord, _)| ord).collect();
                let mut n = seen.iter().map(|&(_, n)| n);
                // Ordinals in dictionary order: one walk over the
                // dictionary's blocks names them all.
                let mut bad_utf8 = false;
                let complete = column
                    .dictionary()
                    .sorted_ords_to_term_cb(&ords, |bytes| {
                        let count = n.next().unwrap_or(0);
                        match std::str::from_utf8(bytes) {
                            Ok(key) => match counts.get_mut(key) {
                                Some(c) => *c += count,
                                None => {
                                    counts.insert(key.to_string(), count);
                                }
                            },
                            Err(_) => bad_utf8 = true,
                        }
                    })
                    .map_err(|e| TantivyError::InternalError(format!("{kind} column: {e}")))?;
                if !complete || bad_utf8 {
                    return Err(TantivyError::InternalError(format!(
                        "the {kind} column's dictionary does not hold the ordinals its values use"
                    )));
                }
            }
            for (month, n) in segment.months {
                *months.entry(month).or_default() += n;
            }
        }
        let facets = self
            .kinds
            .iter()
            .map(|&kind| {
                let counts = match kind {
                    FacetKind::Year => {
                        let mut years: HashMap<i64, u64> = HashMap::new();
                        for (&m, &n) in &months {
                            *years.entry(m.div_euclid(12)).or_default() += n;
                        }
                        by_key(years.into_iter().map(|(y, n)| (format!("{y:04}"), n)))
                    }
                    FacetKind::Month => by_key(months.iter().map(|(&m, &n)| {
                        (
                            format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
                            n,
                        )
                    })),
                    _ => by_count(by_term.remove(&kind).unwrap_or_default()),
                };
                (kind, counts)
            })
            .collect();
        Ok(Overview { total, facets })
    }
}

/// Timeline order: by key (zero-padded, so text order is time order).
fn by_key(counts: impl Iterator<Item = (String, u64)>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .map(|(key, count)| FacetCount { key, count })
        .collect();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v
}

/// Most first, ties by key.
fn by_count(counts: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .into_iter()
        .map(|(key, count)| FacetCount { key, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v
}

/// What one segment counted: term ordinals still unnamed (they are named
/// against the segment's own dictionary when the segments merge), months
/// as `year * 12 + month - 1`.
pub struct SegmentCounts {
    total: u64,
    terms: Vec<SegmentTerms>,
    months: Vec<(i64, u64)>,
}

/// One string kind's counts in one segment: (ordinal, count) in ordinal
/// order, with the column whose dictionary names the ordinals.
struct SegmentTerms {
    kind: FacetKind,
    column: StrColumn,
    seen: Vec<(u64, u64)>,
}

/// Counts of one string kind in one segment, by term ordinal.
struct TermCounter {
    kind: FacetKind,
    column: StrColumn,
    ords: Column<u64>,
    counts: Vec<u32>,
}

impl TermCounter {
    fn new(kind: FacetKind, column: StrColumn) -> TermCounter {
        let counts = vec![0; column.dictionary().num_terms()];
        let ords = column.ords().clone();
        TermCounter {
            kind,
            column,
            ords,
            counts,
        }
    }
}

/// The date histogram of one segment. A bucket per day between the
/// segment's first and last date costs one division per cable, and the
/// days seen are put into months once, at the harvest; a segment spanning
/// centuries (a misdated cable) gets a bucket per month instead, so its
/// histogram stays small.
struct DateCounter {
    column: Column<DateTime>,
    unit: Unit,
    /// The bucket of `counts[0]`, in `unit`s.
    first: i64,
    counts: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// Days since 1970-01-01.
    Day,
    /// `year * 12 + month - 1`.
    Month,
}

/// The most day buckets a segment gets (about 180 years, 256 KB).
const MAX_DAY_BUCKETS: i64 = 1 << 16;
const SECONDS_PER_DAY: i64 = 86_400;

impl DateCounter {
    fn new(column: Column<DateTime>) -> Option<DateCounter> {
        if column.values.num_vals() == 0 {
            return None;
        }
        let (lo, hi) = (column.min_value(), column.max_value());
        let (first_day, last_day) = (day_of(lo), day_of(hi));
        let (unit, first, last) = if last_day - first_day < MAX_DAY_BUCKETS {
            (Unit::Day, first_day, last_day)
        } else {
            (Unit::Month, month_of(lo)?, month_of(hi)?)
        };
        let span = usize::try_from(last - first + 1).ok()?;
        Some(DateCounter {
            column,
            unit,
            first,
            counts: vec![0; span],
        })
    }

    fn add(&mut self, date: DateTime) {
        let bucket = match self.unit {
            Unit::Day => Some(day_of(date)),
            Unit::Month => month_of(date),
        };
        if let Some(c) = bucket
            .and_then(|b| usize::try_from(b - self.first).ok())
            .and_then(|at| self.counts.get_mut(at))
        {
            *c += 1;
        }
    }

    /// The counts per month (`year * 12 + month - 1`), in month order.
    fn months(&self) -> Vec<(i64, u64)> {
        let mut out: Vec<(i64, u64)> = Vec::new();
        for (i, &n) in self.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let bucket = self.first + i as i64;
            let month = match self.unit {
                Unit::Day => month_of(DateTime::from_timestamp_secs(bucket * SECONDS_PER_DAY)),
                Unit::Month => Some(bucket),
            };
            let Some(month) = month else { continue };
            match out.last_mut() {
                Some((m, c)) if *m == month => *c += u64::from(n),
                _ => out.push((month, u64::from(n))),
            }
        }
        out
    }
}

fn day_of(date: DateTime) -> i64 {
    date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY)
}

/// `year * 12 + month - 1` of a date (UTC).
fn month_of(date: DateTime) -> Option<i64> {
    let t = index::timestamp_of(date.into_timestamp_secs())?;
    Some(i64::from(t.year) * 12 + i64::from(t.month) - 1)
}

/// Buffers for reading the values of a block of docs.
struct Rows<'a> {
    rows: &'a mut Vec<u32>,
    row_docs: &'a mut Vec<DocId>,
}

impl Rows<'_> {
    /// Every value the docs have in `column`, into `out`. Counting needs
    /// the values, not which doc has which, so a block of consecutive docs
    /// (every block, when the query matches every cable) is one range of
    /// rows read in one go: two lookups in the column's index instead of
    /// one per doc.
    fn values<T>(&mut self, column: &Column<T>, docs: &[DocId], out: &mut Vec<T>)
    where
        T: PartialOrd + Copy + Default + fmt::Debug + Send + Sync + 'static,
    {
        out.clear();
        let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
            return;
        };
        if (last - first) as usize + 1 == docs.len() {
            let range = column.index.docid_range_to_rowids(first..last + 1);
            out.resize(range.len(), T::default());
            column.values.get_range(u64::from(range.start), out);
        } else {
            self.rows.clear();
            self.row_docs.clear();
            column.row_ids_for_docs(docs, self.row_docs, self.rows);
            out.resize(self.rows.len(), T::default());
            column.values.get_vals(self.rows, out);
        }
    }
}

/// The per-segment side of [`OverviewCollector`]. The buffers are reused
/// from block to block.
pub struct OverviewSegment {
    total: u64,
    terms: Vec<TermCounter>,
    dates: Option<DateCounter>,
    rows: Vec<u32>,
    row_docs: Vec<DocId>,
    ords: Vec<u64>,
    created: Vec<DateTime>,
}

impl SegmentCollector for OverviewSegment {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.total += docs.len() as u64;
        let mut rows = Rows {
            rows: &mut self.rows,
            row_docs: &mut self.row_docs,
        };
        for t in &mut self.terms {
            rows.values(&t.ords, docs, &mut self.ords);
            for &ord in &self.ords {
                if let Some(c) = t.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
        if let Some(d) = &mut self.dates {
            rows.values(&d.column, docs, &mut self.created);
            for &date in &self.created {
                d.add(date);
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        let terms = self
            .terms
            .into_iter()
            .map(|t| {
                let seen = t
                    .counts
                    .iter()
                    .enumerate()
                    .filter(|(_, &n)| n > 0)
                    .map(|(ord, &n)| (ord as u64, u64::from(n)))
                    .collect();
                SegmentTerms {
                    kind: t.kind,
                    column: t.column,
                    seen,
                }
            })
            .collect();
        let months = self.dates.map(|d| d.months()).unwrap_or_default();
        SegmentCounts {
            total: self.total,
            terms,
            months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cable::{Cable, Classification, ClassifiedBy, Timestamp};
    use crate::library::{content_hash, parse_named, LibraryError, SourceRank, StoredCable};
    use std::path::Path;

    const FIXTURES: [&str; 4] = [
        "07FICTIONIA101.txt",
        "07FICTIONIA115.txt",
        "07FICTIONIA130.txt",
        "07STATE30210.txt",
    ];

    fn stored(cable: Cable, raw: &str) -> StoredCable {
        StoredCable {
            hash: content_hash(raw, None),
            cable,
            raw: raw.to_string(),
            rank: SourceRank::Text,
        }
    }

    /// The four fixture cables (all March 2007), plus one of November 2008
    /// whose signer is written twice, and one without date or values.
    fn extra() -> Vec<StoredCable> {
        let nov = Cable {
            id: Some("08TESTIA7".into()),
            created: Timestamp::new(2008, 11, 2, 9, 0),
            origin: Some("Embassy Testia".into()),
            classification: Some(Classification::Secret),
            handling: vec!["NODIS".into()],
            tags: vec!["PREL".into(), "KNNP".into()],
            signers: vec!["DOE".into(), "DOE".into()],
            classified_by: Some(ClassifiedBy {
                text: "Ambassador Mark R. Placeholder".into(),
                name: Some("Mark R. Placeholder".into()),
                reasons: None,
            }),
            body: "nuclear".into(),
            ..Cable::default()
        };
        let bare = Cable {
            id: Some("09TESTIA8".into()),
            body: "nothing known".into(),
            ..Cable::default()
        };
        vec![stored(nov, "nov"), stored(bare, "bare")]
    }

    /// A library of the fixtures, committed in two batches (so in two
    /// segments unless tantivy merged them).
    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let mut w = lib.writer().unwrap();
        w.clear().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for name in FIXTURES {
            let text = std::fs::read_to_string(fixtures.join(name)).unwrap();
            let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
            w.add(stored(parse_named(&text, stem, None), &text))
                .unwrap();
        }
        w.commit().unwrap();
        for s in extra() {
            w.add(s).unwrap();
        }
        w.finish().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        (dir, lib)
    }

    fn pairs(o: &Overview, kind: FacetKind) -> Vec<(&str, u64)> {
        o.get(kind)
            .unwrap()
            .iter()
            .map(|c| (c.key.as_str(), c.count))
            .collect()
    }

    #[test]
    fn every_kind_is_counted_over_every_cable() {
        let (_dir, lib) = library();
        let o = lib.overview("", &FacetKind::ALL).unwrap();
        assert_eq!(o.total, 6);
        assert_eq!(pairs(&o, FacetKind::Year), [("2007", 4), ("2008", 1)]);
        assert_eq!(
            pairs(&o, FacetKind::Month),
            [("2007-03", 4), ("2008-11", 1)]
        );
        assert_eq!(
            pairs(&o, FacetKind::Origin),
            [
                ("Embassy Fictionia", 3),
                ("Embassy Testia", 1),
                ("Secretary of State", 1)
            ]
        );
        assert_eq!(
            pairs(&o, FacetKind::Class),
            [
                ("CONFIDENTIAL", 2),
                ("SECRET", 1),
                ("SECRET//NOFORN", 1),
                ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 1)
            ]
        );
        assert_eq!(
            pairs(&o, FacetKind::Handling),
            [("SIPDIS", 4), ("NODIS", 1), ("NOFORN", 1), ("SENSITIVE", 1)]
        );
        assert_eq!(pairs(&o, FacetKind::Signer), [("EXAMPLE", 3), ("DOE", 2)]);
        assert_eq!(
            pairs(&o, FacetKind::By),
            [
                ("Mark R. Placeholder", 2),
                ("Jane Q. Example", 1),
                ("Robert T. Sample", 1)
            ]
        );
    }

    #[test]
    fn a_cable_with_several_tags_counts_once_under_each() {
        let (_dir, lib) = library();
        let o = lib.overview("", &[FacetKind::Tag]).unwrap();
        assert_eq!(
            pairs(&o, FacetKind::Tag),
            [
                ("PREL", 4),
                ("XF", 4),
                ("EAGR", 3),
                ("PGOV", 3),
                ("ECON", 1),
                ("KNNP", 1),
                ("PINR", 1)
            ]
        );
    }

    #[test]
    fn counts_are_of_the_matching_cables_only() {
        let (_dir, lib) = library();
        let o = lib
            .overview("tag:PREL", &[FacetKind::Origin, FacetKind::Year])
            .unwrap();
        assert_eq!(o.total, 4);
        assert_eq!(
            pairs(&o, FacetKind::Origin),
            [
                ("Embassy Fictionia", 2),
                ("Embassy Testia", 1),
                ("Secretary of State", 1)
            ]
        );
        assert_eq!(pairs(&o, FacetKind::Year), [("2007", 3), ("2008", 1)]);
        assert!(o.get(FacetKind::Tag).is_none());
    }

    #[test]
    fn a_query_matching_nothing_has_empty_counts() {
        let (_dir, lib) = library();
        let o = lib.overview("tag:NOSUCH", &FacetKind::ALL).unwrap();
        assert_eq!(o.total, 0);
        for (kind, counts) in o.facets() {
            assert!(counts.is_empty(), "{kind}: {counts:?}");
        }
        assert_eq!(o.facets().count(), 8);
    }

    #[test]
    fn kinds_come_back_once_each_in_the_order_asked() {
        let (_dir, lib) = library();
        let o = lib
            .overview("", &[FacetKind::Class, FacetKind::Year, FacetKind::Class])
            .unwrap();
        let kinds: Vec<FacetKind> = o.facets().map(|(k, _)| k).collect();
        assert_eq!(kinds, [FacetKind::Class, FacetKind::Year]);
    }

    #[test]
    fn a_bad_query_is_a_query_error() {
        let (_dir, lib) = library();
        let err = lib.overview("tag:", &[FacetKind::Year]).unwrap_err();
        assert!(matches!(err, LibraryError::Query(_)), "{err}");
    }

    #[test]
    fn json_has_the_total_and_the_kinds_in_order() {
        let (_dir, lib) = library();
        let o = lib
            .overview("origin:testia", &[FacetKind::Year, FacetKind::Class])
            .unwrap();
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"total":1,"by":{"year":[{"key":"2008","count":1}],"class":[{"key":"SECRET","count":1}]}}"#
        );
    }

    #[test]
    fn a_replaced_copy_is_counted_no_more() {
        let (dir, lib) = library();
        let mut w = lib.writer().unwrap();
        let mut better = extra().remove(0);
        better.cable.origin = Some("Consulate Testia".into());
        better.rank = SourceRank::ReleaseCsv;
        better.hash = content_hash("nov, from the release", None);
        assert_eq!(w.add(better).unwrap(), crate::library::AddOutcome::Updated);
        w.finish().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let o = lib.overview("", &[FacetKind::Origin]).unwrap();
        assert_eq!(o.total, 6);
        assert_eq!(
            pairs(&o, FacetKind::Origin),
            [
                ("Embassy Fictionia", 3),
                ("Consulate Testia", 1),
                ("Secretary of State", 1)
            ]
        );
    }

    #[test]
    fn keep_top_cuts_every_kind_but_the_timeline() {
        let (_dir, lib) = library();
        let mut o = lib
            .overview("", &[FacetKind::Month, FacetKind::Tag])
            .unwrap();
        o.keep_top(1);
        assert_eq!(pairs(&o, FacetKind::Tag), [("PREL", 4)]);
        assert_eq!(pairs(&o, FacetKind::Month).len(), 2);
    }

    #[test]
    fn a_segment_spanning_centuries_is_counted_by_month() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let mut w = lib.writer().unwrap();
        w.clear().unwrap();
        for (id, year) in [("00OLDIA1", 1700), ("08NEWIA2", 2008), ("08NEWIA3", 2008)] {
            let cable = Cable {
                id: Some(id.into()),
                created: Timestamp::new(year, 5, 31, 23, 59),
                ..Cable::default()
            };
            w.add(stored(cable, id)).unwrap();
        }
        w.finish().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let o = lib
            .overview("", &[FacetKind::Year, FacetKind::Month])
            .unwrap();
        assert_eq!(pairs(&o, FacetKind::Year), [("1700", 1), ("2008", 2)]);
        assert_eq!(
            pairs(&o, FacetKind::Month),
            [("1700-05", 1), ("2008-05", 2)]
        );
    }

    #[test]
    fn days_fall_into_their_month_at_its_edges() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let mut w = lib.writer().unwrap();
        w.clear().unwrap();
        let dates = [
            ("68EDGE1", (1968, 12, 31, 23, 59)),
            ("69EDGE2", (1969, 1, 1, 0, 0)),
            ("08EDGE3", (2008, 2, 29, 23, 59)),
            ("08EDGE4", (2008, 3, 1, 0, 0)),
        ];
        for (id, (y, m, d, h, min)) in dates {
            let cable = Cable {
                id: Some(id.into()),
                created: Timestamp::new(y, m, d, h, min),
                ..Cable::default()
            };
            w.add(stored(cable, id)).unwrap();
        }
        w.finish().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let o = lib.overview("", &[FacetKind::Month]).unwrap();
        assert_eq!(
            pairs(&o, FacetKind::Month),
            [
                ("1968-12", 1),
                ("1969-01", 1),
                ("2008-02", 1),
                ("2008-03", 1)
            ]
        );
    }

    #[test]
    fn counts_are_computed_off_the_calling_thread() {
        let (_dir, lib) = library();
        let lib = std::sync::Arc::new(lib);
        let worker = std::sync::Arc::clone(&lib);
        let o = std::thread::spawn(move || worker.overview("tag:PREL", &FacetKind::ALL))
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(o, lib.overview("tag:PREL", &FacetKind::ALL).unwrap());
    }

    #[test]
    fn kind_names_are_the_filter_names() {
        for k in FacetKind::ALL {
            assert_eq!(FacetKind::from_name(k.name()), Some(k));
        }
        assert_eq!(FacetKind::from_name("by"), Some(FacetKind::By));
        assert_eq!(FacetKind::from_name("classification"), None);
    }
}
