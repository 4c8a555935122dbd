//! The tantivy side of the library: one schema, built in one place, with
//! handles to its fields; documents in and stored cables out.

use std::path::Path;

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
    DateTime, DocAddress, DocId, Index, IndexSettings, Searcher, SegmentReader, TantivyDocument,
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
pub const SCHEMA_VERSION: u32 = 6;

/// The tokenizer of the full-text fields: telegram capitals and modern
/// mixed case match alike, accents fold to ASCII.
pub const TEXT_TOKENIZER: &str = "cable_text";

/// The tokenizer of the stemmed copy of subject and body: [`TEXT_TOKENIZER`]
/// then tantivy's English stemmer, so `~negotiate` finds `negotiations`.
pub const STEM_TOKENIZER: &str = "cable_stem";

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
    /// Subject and body again through [`STEM_TOKENIZER`], with frequencies
    /// but no positions (a word's forms, not phrases): `~word`.
    pub subject_stem: Field,
    pub body_stem: Field,
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
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(STEM_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
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
        subject_stem: b.add_text_field("subject_stem", stemmed.clone()),
        body_stem: b.add_text_field("body_stem", stemmed),
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

/// The analyzer behind [`STEM_TOKENIZER`]; `~word` uses it too.
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers the analyzers the schema names on an index.
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
    index.tokenizers().register(STEM_TOKENIZER, stem_analyzer());
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
        doc.add_text(f.subject_stem, subject);
        doc.add_text(f.list_subject, subject);
    }
    doc.add_text(f.body, &c.body);
    doc.add_text(f.body_stem, &c.body);
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
    let segment = searcher.segment_reader(address.segment_ord);
    let fast = segment.fast_fields();
    let doc = address.doc_id;
    let (Some(offset), Some(len)) = (
        fast.u64("store_offset")?.first(doc),
        fast.u64("store_len")?.first(doc),
    ) else {
        return Ok(None);
    };
    let rank = SourceRank::from_u64(fast.u64("rank")?.first(doc).unwrap_or(0));
    let hash = fast.u64("hash")?.first(doc).unwrap_or(0);
    let (cable, raw) = store.read(Place { offset, len })?;
    Ok(Some(StoredCable {
        cable,
        raw,
        rank,
        hash,
    }))
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
}
