//! The tantivy side of the library: one schema, built in one place, with
//! handles to its fields; documents in and stored cables out.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use tantivy::collector::Collector;
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{
    DateTime, DocAddress, DocId, Executor, Index, IndexSettings, Searcher, SegmentReader,
    TantivyDocument,
};

use super::cable_store::{CableStore, Place};
use super::refs;

use crate::cable::{Cable, Timestamp};

/// Bumped whenever the schema or the stored form changes; a library written
/// by another version must be rebuilt (`import --rebuild`), never mis-read.
/// 4: the `lookup` field (the IDs a cable is cited under, `refs::lookup_ids`).
/// 5: `handling`, `signers` and `classified_by` as fast columns (the overview);
///    the `lookup` field also holds a cable's `aliases`.
/// 6: the stemmed copy of subject and body (`~word`), the words of signers
///    and of the classified-by name, and the `marks` field (`cites:any`,
///    `redacted:yes`).
/// 7: no stemmed copy: `~word` finds its forms in the term dictionaries
///    ([`words_with_stem`]), which halves the import's indexing work; the
///    cable store's records in postcard, not JSON; the content hash is
///    xxh3, not FNV-1a.
pub const SCHEMA_VERSION: u32 = 7;

/// The tokenizer of the full-text fields: telegram capitals and modern
/// mixed case match alike, accents fold to ASCII.
pub const TEXT_TOKENIZER: &str = "cable_text";

/// A `marks` value: the cable cites at least one cable ID (`cites:any`).
pub const MARK_CITES: &str = "cites";

/// A `marks` value: the text has `XXXXXXXXXXXX` redactions (`redacted:yes`).
pub const MARK_REDACTED: &str = "redacted";

/// What the release put in place of a redacted name.
const REDACTION: &str = "XXXXXXXXXXXX";

/// Handles to the fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Canonical ID, exact.
    pub id: Field,
    /// Created, to the second; fast for sorting, ranges and counts.
    pub created: Field,
    /// Origin as in the release (`Embassy Moscow`), exact and fast.
    pub origin: Field,
    /// The words of the origin, for `origin:moscow`.
    pub origin_words: Field,
    /// Release classification, exact and fast.
    pub classification: Field,
    /// Tags, exact and fast (several values).
    pub tags: Field,
    /// Handling caveats as the cable writes them (`NOFORN`, `SIPDIS`),
    /// exact and fast (several values): the overview counts them.
    pub handling: Field,
    /// Signers as written (`BURNS`), exact and fast (several values).
    pub signers: Field,
    /// The classified-by name (`Alice Wells`), exact and fast.
    pub classified_by: Field,
    pub subject: Field,
    /// The subject as a fast column, so a list of cables is drawn from
    /// fast fields alone, without touching the document store.
    pub list_subject: Field,
    pub body: Field,
    /// The words of the signers and of the classified-by name, for
    /// `signer:burns` and `by:wells`.
    pub signer_words: Field,
    pub classified_by_words: Field,
    /// Facts about the cable a filter asks for ([`MARK_CITES`],
    /// [`MARK_REDACTED`]), exact.
    pub marks: Field,
    /// IDs the cable cites, exact: "cited by" is one term query per
    /// lookup ID of the cited cable.
    pub references: Field,
    /// The IDs this cable is cited under (`refs::lookup_ids`), exact and
    /// fast: what a citation resolves through, and what "cited by" looks
    /// for among the references of the others.
    pub lookup: Field,
    /// Where the cable's record is in the cable store (`cable_store`).
    pub store_offset: Field,
    pub store_len: Field,
    /// Which kind of copy this is (see `SourceRank`).
    pub rank: Field,
    /// Hash of the imported copy: the same copy again is a duplicate.
    pub hash: Field,
}

impl Fields {
    /// The fields free words and phrases search: subject and body. Their
    /// term dictionaries are where prefixes and `~word` find their words.
    pub fn free_text(&self) -> [Field; 2] {
        [self.subject, self.body]
    }
}

/// The schema and the handles to its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    let date = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        created: b.add_date_field("created", date),
        origin: b.add_text_field("origin", STRING | FAST),
        origin_words: b.add_text_field("origin_words", words.clone()),
        classification: b.add_text_field("classification", STRING | FAST),
        tags: b.add_text_field("tags", STRING | FAST),
        handling: b.add_text_field("handling", STRING | FAST),
        signers: b.add_text_field("signers", STRING | FAST),
        classified_by: b.add_text_field("classified_by", STRING | FAST),
        subject: b.add_text_field("subject", text.clone()),
        list_subject: b.add_text_field("list_subject", TextOptions::default().set_fast("raw")),
        body: b.add_text_field("body", text),
        signer_words: b.add_text_field("signer_words", words.clone()),
        classified_by_words: b.add_text_field("classified_by_words", words.clone()),
        marks: b.add_text_field("marks", STRING),
        references: b.add_text_field("references", STRING),
        lookup: b.add_text_field("lookup", STRING | FAST),
        store_offset: b.add_u64_field("store_offset", NumericOptions::default().set_fast()),
        store_len: b.add_u64_field("store_len", NumericOptions::default().set_fast()),
        rank: b.add_u64_field("rank", NumericOptions::default().set_fast().set_stored()),
        hash: b.add_u64_field("hash", NumericOptions::default().set_fast().set_stored()),
    };
    (b.build(), fields)
}

/// The analyzer behind [`TEXT_TOKENIZER`]; queries use it too.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// [`text_analyzer`] then tantivy's English stemmer: what `~word` looks
/// for is the stem of the word, among the stems of the indexed words.
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The prefixes every word with the English stem `stem` begins with. The
/// stemmer rewrites only a word's ending, by at most one letter of what it
/// keeps (`flies` → `fli`, `using` → `use`): a stem of three letters or
/// more is its word less its last letter, a shorter stem the whole word's
/// beginning. The one exception, the snowball rule `dying` → `die`, is why
/// a stem in `ie` also stands for `y`. `tests/corpus.rs` checks this over
/// every word of the corpus.
pub fn stem_prefixes(stem: &str) -> Vec<String> {
    let chars: Vec<char> = stem.chars().collect();
    let mut out = Vec::new();
    if chars.len() >= 3 {
        out.push(chars[..chars.len() - 1].iter().collect());
    } else {
        out.push(stem.to_string());
    }
    if let Some(before) = stem.strip_suffix("ie") {
        out.push(format!("{before}y"));
    }
    out
}

/// The English stem of one indexed word (a token of [`text_analyzer`]).
pub fn stem_of(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let mut stem = None;
    while stream.advance() {
        if stem.is_some() {
            return None;
        }
        stem = Some(stream.token().text.clone());
    }
    stem
}

/// The words of `fields` whose English stem is `stem`, from the term
/// dictionaries of every segment, sorted: what `~word` matches. Stemming
/// the dictionary's words at query time, not a stemmed copy of the text at
/// import, keeps the import's indexing work to one pass over the text.
pub fn words_with_stem(
    searcher: &Searcher,
    fields: &[Field],
    stem: &str,
) -> tantivy::Result<Vec<String>> {
    let mut analyzer = stem_analyzer();
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let mut words = BTreeSet::new();
    for prefix in stem_prefixes(stem) {
        for_each_word_with_prefix(searcher, fields, &prefix, |word| {
            if !seen.insert(word.to_vec()) {
                return ControlFlow::Continue(());
            }
            if let Ok(word) = std::str::from_utf8(word) {
                if stem_of(&mut analyzer, word).as_deref() == Some(stem) {
                    words.insert(word.to_string());
                }
            }
            ControlFlow::Continue(())
        })?;
    }
    Ok(words.into_iter().collect())
}

/// Hands `visit` each word of `fields` that begins with `prefix`, from the
/// term dictionary of every segment (a word in several segments or fields
/// comes once for each), until it breaks. What prefixes (`darf*`) and word
/// forms (`~word`) stand for is found this way.
pub fn for_each_word_with_prefix(
    searcher: &Searcher,
    fields: &[Field],
    prefix: &str,
    mut visit: impl FnMut(&[u8]) -> ControlFlow<()>,
) -> tantivy::Result<()> {
    for segment in searcher.segment_readers() {
        for &field in fields {
            let inverted = segment.inverted_index(field)?;
            let mut terms = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()?;
            while terms.advance() {
                let word = terms.key();
                if !word.starts_with(prefix.as_bytes()) {
                    break;
                }
                if visit(word).is_break() {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// Registers the analyzers the schema names on an index.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
}

/// Creates a new, empty index in `dir`.
pub fn create(dir: &Path) -> tantivy::Result<(Index, Fields)> {
    let (schema, fields) = schema();
    let settings = IndexSettings {
        // Body, paragraphs and raw text of one cable repeat each other:
        // zstd over a block finds the repeats.
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 64 * 1024,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema)
        .settings(settings)
        .create_in_dir(dir)?;
    register_tokenizers(&index);
    Ok((index, fields))
}

/// Runs a search of a whole list (a query's hits and count, a count, the
/// overview's counts) with its segments spread over every core. The full
/// release is in five or six segments, and the slowest queries (a phrase in
/// 60,000 cables, counted) are all segment work. Lookups of a few
/// documents (a cable by ID, who cites it: a thread makes hundreds) keep
/// tantivy's default of the calling thread, which hands nothing over.
pub fn search_in_parallel<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, search_executor(), scoring)
}

/// The pool of [`search_in_parallel`]: one for the process, shared by every
/// library it opens; with one core, the calling thread.
fn search_executor() -> &'static Executor {
    static EXECUTOR: OnceLock<Executor> = OnceLock::new();
    EXECUTOR.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = (cores >= 2)
            .then(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(cores)
                    .thread_name(|i| format!("cablegram-search-{i}"))
                    .build()
                    .ok()
            })
            .flatten();
        match pool {
            Some(pool) => Executor::ThreadPool(Arc::new(pool)),
            None => Executor::single_thread(),
        }
    })
}

/// Opens an existing index. The caller has checked the schema version.
pub fn open(dir: &Path) -> tantivy::Result<(Index, Fields)> {
    let index = Index::open_in_dir(dir)?;
    register_tokenizers(&index);
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(tantivy::TantivyError::SchemaError(
            "the index schema is not the one this version writes".to_string(),
        ));
    }
    Ok((index, fields))
}

/// Which copy of a cable is the better one: when a cable arrives again in a
/// different copy, the higher rank wins, and between copies of equal rank
/// the newer one. The release CSV row carries the release's own metadata;
/// a release page carries it too but with wrong minutes; any other file
/// carries only its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceRank {
    Text = 1,
    ReleasePage = 2,
    ReleaseCsv = 3,
    /// The bundled samples; replaced by any import.
    Sample = 0,
}

impl SourceRank {
    pub fn from_u64(v: u64) -> SourceRank {
        match v {
            3 => SourceRank::ReleaseCsv,
            2 => SourceRank::ReleasePage,
            1 => SourceRank::Text,
            _ => SourceRank::Sample,
        }
    }
}

/// Seconds since 1970 of a timestamp (proleptic Gregorian, UTC).
pub fn unix_seconds(t: Timestamp) -> i64 {
    let (y, m, d) = (i64::from(t.year), i64::from(t.month), i64::from(t.day));
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + i64::from(t.hour) * 3600 + i64::from(t.minute) * 60
}

/// The inverse of [`unix_seconds`].
pub fn timestamp_of(secs: i64) -> Option<Timestamp> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Timestamp::new(
        u16::try_from(y).ok()?,
        m as u8,
        d as u8,
        (rem / 3600) as u8,
        (rem % 3600 / 60) as u8,
    )
}

/// A cable as stored: the parsed cable, the imported text and which copy
/// it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCable {
    pub cable: Cable,
    pub raw: String,
    pub rank: SourceRank,
    pub hash: u64,
}

/// The document for a cable whose record is at `place` in the cable store.
pub fn document(f: &Fields, stored: &StoredCable, place: Place) -> TantivyDocument {
    let c = &stored.cable;
    let mut doc = TantivyDocument::default();
    if let Some(id) = &c.id {
        doc.add_text(f.id, id);
    }
    if let Some(t) = c.created {
        doc.add_date(f.created, DateTime::from_timestamp_secs(unix_seconds(t)));
    }
    if let Some(origin) = &c.origin {
        doc.add_text(f.origin, origin);
        doc.add_text(f.origin_words, origin);
    }
    if let Some(class) = c.classification {
        doc.add_text(f.classification, class.as_str());
    }
    add_each_once(&mut doc, f.tags, &c.tags);
    add_each_once(&mut doc, f.handling, &c.handling);
    add_each_once(&mut doc, f.signers, &c.signers);
    for signer in &c.signers {
        doc.add_text(f.signer_words, signer);
    }
    if let Some(name) = c.classified_by.as_ref().and_then(|b| b.name.as_ref()) {
        doc.add_text(f.classified_by, name);
        doc.add_text(f.classified_by_words, name);
    }
    if let Some(subject) = &c.subject {
        doc.add_text(f.subject, subject);
        doc.add_text(f.list_subject, subject);
    }
    doc.add_text(f.body, &c.body);
    let mut cites = false;
    for r in &c.references {
        if let Some(id) = &r.id {
            doc.add_text(f.references, id);
            cites = true;
        }
    }
    if cites {
        doc.add_text(f.marks, MARK_CITES);
    }
    let redacted =
        c.body.contains(REDACTION) || c.subject.as_ref().is_some_and(|s| s.contains(REDACTION));
    if redacted {
        doc.add_text(f.marks, MARK_REDACTED);
    }
    for id in refs::lookup_ids(c) {
        doc.add_text(f.lookup, &id);
    }
    doc.add_u64(f.store_offset, place.offset);
    doc.add_u64(f.store_len, place.len);
    doc.add_u64(f.rank, stored.rank as u64);
    doc.add_u64(f.hash, stored.hash);
    doc
}

/// The first value of a fast text field of a document (`id`, `subject`…).
pub fn fast_text(
    segment: &SegmentReader,
    field: &str,
    doc: DocId,
) -> tantivy::Result<Option<String>> {
    let Some(column) = segment.fast_fields().str(field)? else {
        return Ok(None);
    };
    let Some(ord) = column.term_ords(doc).next() else {
        return Ok(None);
    };
    let mut s = String::new();
    Ok(column.ord_to_str(ord, &mut s)?.then_some(s))
}

/// All values of a fast text field of a document, in term order.
pub fn fast_texts(
    segment: &SegmentReader,
    field: &str,
    doc: DocId,
) -> tantivy::Result<Vec<String>> {
    let Some(column) = segment.fast_fields().str(field)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for ord in column.term_ords(doc) {
        let mut s = String::new();
        if column.ord_to_str(ord, &mut s)? {
            out.push(s);
        }
    }
    Ok(out)
}

/// Adds each distinct value once: the overview counts a cable once per
/// value it has, by the values' ordinals, without looking for repeats.
fn add_each_once(doc: &mut TantivyDocument, field: Field, values: &[String]) {
    for (i, v) in values.iter().enumerate() {
        if !values[..i].contains(v) {
            doc.add_text(field, v);
        }
    }
}

/// Reads the cable of a document: its place from the fast fields, then the
/// record from the cable store.
pub fn stored_cable(
    searcher: &Searcher,
    store: &CableStore,
    address: DocAddress,
) -> tantivy::Result<Option<StoredCable>> {
    let Some(place) = Places::open(searcher, [address.segment_ord])?.get(address) else {
        return Ok(None);
    };
    let doc = address.doc_id;
    let fast = searcher.segment_reader(address.segment_ord).fast_fields();
    let rank = SourceRank::from_u64(fast.u64("rank")?.first(doc).unwrap_or(0));
    let hash = fast.u64("hash")?.first(doc).unwrap_or(0);
    let (cable, raw) = store.read(place)?;
    Ok(Some(StoredCable {
        cable,
        raw,
        rank,
        hash,
    }))
}

/// The cable-store places of the documents of some segments, their two
/// fast columns opened once a segment: opening a column reads its block
/// index, which was a fifth of the time of reading a search's hits when
/// done for every hit.
pub struct Places {
    columns: HashMap<u32, (Column<u64>, Column<u64>)>,
}

impl Places {
    pub fn open(
        searcher: &Searcher,
        segments: impl IntoIterator<Item = u32>,
    ) -> tantivy::Result<Places> {
        let mut columns = HashMap::new();
        for ord in segments {
            if columns.contains_key(&ord) {
                continue;
            }
            let fast = searcher.segment_reader(ord).fast_fields();
            columns.insert(ord, (fast.u64("store_offset")?, fast.u64("store_len")?));
        }
        Ok(Places { columns })
    }

    /// The place of a document of one of the segments opened.
    pub fn get(&self, address: DocAddress) -> Option<Place> {
        let (offsets, lens) = self.columns.get(&address.segment_ord)?;
        Some(Place {
            offset: offsets.first(address.doc_id)?,
            len: lens.first(address.doc_id)?,
        })
    }
}

/// The parsed cable of a document without its imported text: what a
/// search hit shows (the text as imported is as long as the cable again).
pub fn cable_at(
    places: &Places,
    store: &CableStore,
    address: DocAddress,
) -> tantivy::Result<Option<Cable>> {
    match places.get(address) {
        Some(place) => Ok(Some(store.read_cable(place)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_round_trip() {
        for t in [
            Timestamp::new(1966, 12, 28, 18, 48),
            Timestamp::new(2000, 2, 29, 0, 0),
            Timestamp::new(2010, 2, 28, 23, 59),
        ] {
            let t = t.unwrap();
            assert_eq!(timestamp_of(unix_seconds(t)), Some(t));
        }
        assert_eq!(unix_seconds(Timestamp::new(1970, 1, 1, 0, 0).unwrap()), 0);
    }

    #[test]
    fn ranks_order_csv_over_page_over_text_over_samples() {
        assert!(SourceRank::ReleaseCsv > SourceRank::ReleasePage);
        assert!(SourceRank::ReleasePage > SourceRank::Text);
        assert!(SourceRank::Text > SourceRank::Sample);
        assert_eq!(
            SourceRank::from_u64(SourceRank::ReleasePage as u64),
            SourceRank::ReleasePage
        );
    }

    #[test]
    fn a_document_round_trips_its_cable_through_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let (index, f) = create(dir.path()).unwrap();
        let store_path = dir.path().join(super::super::cable_store::STORE_FILE);
        let mut appender = super::super::cable_store::StoreAppender::open(&store_path).unwrap();
        let cable = crate::cable::parse("S E C R E T MOSCOW 001026\nO 121300Z MAR 07\n");
        let stored = StoredCable {
            cable: Cable {
                id: Some("07MOSCOW1026".into()),
                ..cable
            },
            raw: "raw text".into(),
            rank: SourceRank::Text,
            hash: 42,
        };
        let place = appender.append(&stored.cable, &stored.raw).unwrap();
        appender.sync().unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(document(&f, &stored, place)).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let store = CableStore::open(&store_path).unwrap();
        let back = stored_cable(&searcher, &store, DocAddress::new(0, 0))
            .unwrap()
            .unwrap();
        assert_eq!(back, stored);
    }

    /// The stem of a word as `~word` computes it.
    fn stem(word: &str) -> String {
        stem_of(&mut stem_analyzer(), word).unwrap()
    }

    #[test]
    fn a_word_begins_with_one_of_its_stems_prefixes() {
        for word in [
            "negotiations",
            "negotiating",
            "flies",
            "using",
            "dying",
            "lying",
            "skies",
            "relational",
            "ads",
            "is",
            "generously",
            "capability",
            "Überprüfung",
        ] {
            // As the index holds it: lower case, accents folded.
            let word = stem_of(&mut text_analyzer(), word).unwrap();
            let s = stem(&word);
            assert!(
                stem_prefixes(&s)
                    .iter()
                    .any(|p| word.starts_with(p.as_str())),
                "{word} → {s}: {:?}",
                stem_prefixes(&s)
            );
        }
        assert_eq!(stem_prefixes("negoti"), ["negot"]);
        assert_eq!(stem_prefixes("die"), ["di", "dy"]);
        assert_eq!(stem_prefixes("ad"), ["ad"]);
    }

    #[test]
    fn the_words_with_a_stem_come_from_every_segment_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let (index, f) = create(dir.path()).unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_text(f.subject, "NEGOTIATIONS RESUME");
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let mut doc = TantivyDocument::default();
        doc.add_text(
            f.body,
            "They negotiated; the negotiator was dying, not lying.",
        );
        writer.add_document(doc).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let words = |s: &str| words_with_stem(&searcher, &f.free_text(), &stem(s)).unwrap();
        assert_eq!(
            words("negotiate"),
            ["negotiated", "negotiations", "negotiator"]
        );
        // Only the words of that stem.
        assert_eq!(words("resuming"), ["resume"]);
        assert_eq!(words("die"), ["dying"]);
        assert!(words("talk").is_empty());
    }
}
