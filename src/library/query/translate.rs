//! [`Expr`] → tantivy query, straight from the expression: no
//! `QueryParser`, so a search costs no more than the posting lists it
//! reads. What the text of a query cannot say on its own (which reference
//! IDs cite a cable, later the read marks) comes in a [`TranslateContext`].

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use super::{Cites, Expr, Filter, Form, Named, Names, Text};
use crate::library::index::{Fields, MARK_CITES, MARK_REDACTED};
use crate::library::marks::{ReadDocs, ReadQuery};
use crate::library::refs::{citing_query, id_forms};
use crate::library::store::ReadMarks;

/// What a translation needs besides the expression: the index's fields and
/// what the library knows that the query's text does not say.
#[derive(Debug, Clone)]
pub struct TranslateContext {
    pub fields: Fields,
    /// For a `refs:` ID, the reference IDs that cite that cable (its
    /// lookup IDs, see `refs::lookup_ids`), as the library found them.
    citing: HashMap<String, Vec<String>>,
    /// The cables read, for `is:` (none when not given).
    read: Arc<ReadMarks>,
    /// The read cables as the library keeps them (bit sets per segment),
    /// which answer `is:` without finding each marked ID again.
    read_docs: Option<Arc<ReadDocs>>,
    /// For each `note:` and `label:` filter (by its text form), the cables
    /// with a bookmark it matches.
    bookmarked: HashMap<String, Vec<String>>,
    /// For a prefix token, the words of subject and body it stands for.
    prefixes: HashMap<String, Vec<String>>,
    /// For the stem of a `~word`, the words of subject and body with that
    /// stem (`index::words_with_stem`).
    stems: HashMap<String, Vec<String>>,
    /// The cited IDs no cable of the library answers to (`cites:missing`).
    missing: Option<Vec<String>>,
    /// For a `citedby:>=N`, the IDs of the cables cited at least N times.
    cited_at_least: HashMap<u32, Vec<String>>,
}

impl TranslateContext {
    /// A context that knows only the fields: a `refs:` ID is cited under the
    /// forms of the ID itself (`refs::id_forms`), no cable is read and none
    /// bookmarked.
    pub fn new(fields: Fields) -> TranslateContext {
        TranslateContext {
            fields,
            citing: HashMap::new(),
            read: Arc::default(),
            read_docs: None,
            bookmarked: HashMap::new(),
            prefixes: HashMap::new(),
            stems: HashMap::new(),
            missing: None,
            cited_at_least: HashMap::new(),
        }
    }

    /// The cables read, as the store has them.
    pub fn with_read(mut self, marks: Arc<ReadMarks>) -> TranslateContext {
        self.read = marks;
        self
    }

    /// The bit sets of the cables read, made from the marks given to
    /// [`TranslateContext::with_read`].
    pub(crate) fn with_read_docs(mut self, docs: Arc<ReadDocs>) -> TranslateContext {
        self.read_docs = Some(docs);
        self
    }

    /// The cables (canonical IDs) with a bookmark that the `note:` or
    /// `label:` filter `filter` matches.
    pub fn with_bookmarked(mut self, filter: &Filter, ids: Vec<String>) -> TranslateContext {
        self.bookmarked.insert(filter.to_string(), ids);
        self
    }

    /// The words a prefix token stands for, as the library found them
    /// (without it, a prefix is matched by a pattern over the dictionary).
    pub fn with_prefix(mut self, prefix: &str, terms: Vec<String>) -> TranslateContext {
        self.prefixes.insert(prefix.to_string(), terms);
        self
    }

    /// The words of subject and body whose stem is `stem`, as the library
    /// found them (without it, a `~word` matches its stem as a word).
    pub fn with_stem(mut self, stem: &str, words: Vec<String>) -> TranslateContext {
        self.stems.insert(stem.to_string(), words);
        self
    }

    /// The cited IDs the library does not have (without it, `cites:missing`
    /// matches nothing).
    pub fn with_missing(mut self, ids: Vec<String>) -> TranslateContext {
        self.missing = Some(ids);
        self
    }

    /// The IDs of the cables cited by at least `n` cables (without it,
    /// `citedby:>=n` matches nothing, or everything for `n` = 0).
    pub fn with_cited_at_least(mut self, n: u32, ids: Vec<String>) -> TranslateContext {
        self.cited_at_least.insert(n, ids);
        self
    }

    /// The reference IDs that cite the cable `id` (canonical), as the
    /// library knows them.
    pub fn with_citing(mut self, id: &str, terms: Vec<String>) -> TranslateContext {
        self.citing.insert(id.to_string(), terms);
        self
    }

    fn citing_terms(&self, id: &str) -> Vec<String> {
        match self.citing.get(id) {
            Some(terms) => terms.clone(),
            None => id_forms(id),
        }
    }
}

/// The IDs of the `refs:` filters of an expression, once each, in order:
/// what a [`TranslateContext`] must know about.
pub(crate) fn refs_ids(expr: &Expr) -> Vec<&str> {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
        match e {
            Expr::Filter(Filter::Refs(id)) => {
                if !out.contains(&id.as_str()) {
                    out.push(id);
                }
            }
            Expr::Text(_) | Expr::Filter(_) | Expr::Named(_) => {}
            Expr::Not(inner) => walk(inner, out),
            Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

/// Every leaf of an expression (texts, filters, named words), in order.
fn leaves<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    match e {
        Expr::Not(inner) => leaves(inner, f),
        Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| leaves(p, f)),
        leaf => f(leaf),
    }
}

/// The prefixes of an expression (`darf*`), once each by token, in order:
/// what a [`TranslateContext`] should know the words of.
pub(crate) fn prefixes(expr: &Expr) -> Vec<&Text> {
    let mut out: Vec<&Text> = Vec::new();
    leaves(expr, &mut |e| {
        if let Expr::Text(t) | Expr::Filter(Filter::Subject(t)) = e {
            if t.form == Form::Prefix && !out.iter().any(|o| o.tokens == t.tokens) {
                out.push(t);
            }
        }
    });
    out
}

/// The stems of the `~word`s of an expression, once each, in order: what a
/// [`TranslateContext`] should know the words of.
pub(crate) fn stems(expr: &Expr) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    leaves(expr, &mut |e| {
        if let Expr::Text(t) = e {
            if t.form == Form::Stemmed {
                for tok in &t.tokens {
                    if !out.contains(&tok.as_str()) {
                        out.push(tok);
                    }
                }
            }
        }
    });
    out
}

/// The counts of the `citedby:>=N` filters of an expression, once each.
pub(crate) fn cited_by_minimums(expr: &Expr) -> Vec<u32> {
    let mut out = Vec::new();
    leaves(expr, &mut |e| {
        if let Expr::Filter(Filter::CitedBy(n)) = e {
            if !out.contains(n) {
                out.push(*n);
            }
        }
    });
    out
}

/// Whether an expression has a `cites:missing`.
pub(crate) fn asks_missing(expr: &Expr) -> bool {
    let mut found = false;
    leaves(expr, &mut |e| {
        found |= matches!(e, Expr::Filter(Filter::Cites(Cites::Missing)));
    });
    found
}

/// The tantivy query for an expression. Free text scores with BM25; a query
/// that is only negative matches every cable except what it names.
pub fn to_tantivy(expr: &Expr, ctx: &TranslateContext) -> Box<dyn Query> {
    match expr {
        Expr::Text(t) => free_text_query(t, ctx),
        Expr::Filter(f) => filter_query(f, ctx),
        Expr::Named(n) => named_query(n, ctx),
        Expr::Not(inner) => match inner.as_ref() {
            Expr::Not(x) => to_tantivy(x, ctx),
            x => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, to_tantivy(x, ctx)),
            ])),
        },
        Expr::And(parts) => {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(parts.len() + 1);
            let mut positive = false;
            for p in parts {
                match p {
                    // Excluded straight from the conjunction: cheaper than
                    // an everything-except query per negation.
                    Expr::Not(x) if !matches!(x.as_ref(), Expr::Not(_)) => {
                        clauses.push((Occur::MustNot, to_tantivy(x, ctx)));
                    }
                    _ => {
                        positive = true;
                        clauses.push((Occur::Must, to_tantivy(p, ctx)));
                    }
                }
            }
            if !positive {
                // tantivy matches nothing with exclusions alone.
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Box::new(BooleanQuery::new(clauses))
        }
        Expr::Or(parts) if parts.is_empty() => Box::new(EmptyQuery),
        Expr::Or(parts) => Box::new(BooleanQuery::new(
            parts
                .iter()
                .map(|p| (Occur::Should, to_tantivy(p, ctx)))
                .collect(),
        )),
    }
}

/// The score of a cable that words name: above any BM25 score of words,
/// so by relevance the named cables come first.
const NAMED_SCORE: f32 = 1.0e6;

/// What the words match, or the cables they name, those scored first.
fn named_query(n: &Named, ctx: &TranslateContext) -> Box<dyn Query> {
    let words: Vec<(Occur, Box<dyn Query>)> = n
        .words
        .iter()
        .map(|w| (Occur::Must, to_tantivy(&Expr::Text(w.clone()), ctx)))
        .collect();
    let names: Box<dyn Query> = match &n.names {
        Names::Id(id) => exact(ctx.fields.id, id),
        // The tail is canonical (upper-case letters and digits), so it
        // needs no escaping in the pattern.
        Names::Serial(tail) => {
            match RegexQuery::from_pattern(&format!("[0-9]{{2}}{tail}"), ctx.fields.id) {
                Ok(q) => Box::new(q),
                Err(_) => Box::new(EmptyQuery),
            }
        }
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(BooleanQuery::new(words))),
        (
            Occur::Should,
            Box::new(ConstScoreQuery::new(names, NAMED_SCORE)),
        ),
    ]))
}

/// A free word or phrase in the subject or the body, by its form.
fn free_text_query(t: &Text, ctx: &TranslateContext) -> Box<dyn Query> {
    let f = &ctx.fields;
    let either = |a: Box<dyn Query>, b: Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, a),
            (Occur::Should, b),
        ]))
    };
    match t.form {
        Form::Plain | Form::Near(_) => either(text_query(t, f.subject), text_query(t, f.body)),
        Form::Prefix => either(
            prefix_query(t, f.subject, ctx),
            prefix_query(t, f.body, ctx),
        ),
        // Each stem by the words that have it, in subject or body; all the
        // stems required (a word of several tokens, `~U.S.`, has several).
        Form::Stemmed => Box::new(BooleanQuery::new(
            t.tokens
                .iter()
                .map(|stem| -> (Occur, Box<dyn Query>) {
                    let words = ctx
                        .stems
                        .get(stem)
                        .map_or_else(|| std::slice::from_ref(stem), Vec::as_slice);
                    let terms = words
                        .iter()
                        .flat_map(|w| f.free_text().map(|field| Term::from_field_text(field, w)))
                        .collect();
                    // Scored word by word; no words, no match.
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::new_multiterms_query(terms)),
                    )
                })
                .collect(),
        )),
    }
}

/// The words of `field` that begin with the prefix token: the words the
/// library found (every one scored alike), else a pattern.
fn prefix_query(t: &Text, field: Field, ctx: &TranslateContext) -> Box<dyn Query> {
    let Some(token) = t.tokens.first() else {
        return Box::new(EmptyQuery);
    };
    match ctx.prefixes.get(token) {
        Some(words) => Box::new(TermSetQuery::new(
            words.iter().map(|w| Term::from_field_text(field, w)),
        )),
        None => {
            let escaped: String = token
                .chars()
                .flat_map(|c| {
                    let meta = !c.is_alphanumeric();
                    meta.then_some('\\').into_iter().chain(std::iter::once(c))
                })
                .collect();
            match RegexQuery::from_pattern(&format!("{escaped}.*"), field) {
                Ok(q) => Box::new(q),
                Err(_) => Box::new(EmptyQuery),
            }
        }
    }
}

/// A word (one token) or phrase (several) in one text field, the phrase
/// with its slop when `Near`.
fn text_query(t: &Text, field: Field) -> Box<dyn Query> {
    let slop = match t.form {
        Form::Near(n) => n,
        _ => 0,
    };
    match t.tokens.as_slice() {
        [] => Box::new(EmptyQuery),
        [one] => Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::WithFreqs,
        )),
        many => {
            let terms = many.iter().map(|tok| Term::from_field_text(field, tok));
            let offsets: Vec<usize> = if t.positions.len() == many.len() {
                t.positions.clone()
            } else {
                (0..many.len()).collect()
            };
            Box::new(PhraseQuery::new_with_offset_and_slop(
                offsets.into_iter().zip(terms).collect(),
                slop,
            ))
        }
    }
}

/// A tantivy date (nanoseconds in an `i64`, so about 1678–2262) for any
/// second a [`Period`] can start or end on, clamped to what it can hold.
fn date_time(secs: i64) -> DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000 - 1;
    DateTime::from_timestamp_secs(secs.clamp(-LIMIT, LIMIT))
}

/// The cables with these IDs: one pass over the ID terms, however many.
fn id_set(field: Field, ids: &[String]) -> Box<dyn Query> {
    if ids.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(TermSetQuery::new(
        ids.iter().map(|id| Term::from_field_text(field, id)),
    ))
}

fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Every one of the words in a field indexed without positions (a phrase
/// query would fail there).
fn all_words(field: Field, words: &[String]) -> Box<dyn Query> {
    match words {
        [] => Box::new(EmptyQuery),
        [one] => exact(field, one),
        many => Box::new(BooleanQuery::new(
            many.iter()
                .map(|w| (Occur::Must, exact(field, w)))
                .collect(),
        )),
    }
}

fn filter_query(f: &Filter, ctx: &TranslateContext) -> Box<dyn Query> {
    let fields = &ctx.fields;
    match f {
        Filter::Id(id) => exact(fields.id, id),
        Filter::Tag(tag) => exact(fields.tags, tag),
        // One "who cites X" for the filter, the cited-by list and the count.
        Filter::Refs(id) => citing_query(fields, id, &ctx.citing_terms(id)),
        // The origin words are indexed without positions (a phrase query
        // would fail there): every word is required instead.
        Filter::Origin(words) => all_words(fields.origin_words, words),
        Filter::Class(classes) => match classes.as_slice() {
            [] => Box::new(EmptyQuery),
            [one] => exact(fields.classification, one.as_str()),
            many => Box::new(BooleanQuery::new(
                many.iter()
                    .map(|c| (Occur::Should, exact(fields.classification, c.as_str())))
                    .collect(),
            )),
        },
        Filter::Subject(t) if t.form == Form::Prefix => prefix_query(t, ctx.fields.subject, ctx),
        Filter::Subject(t) => text_query(t, ctx.fields.subject),
        Filter::Read(read) => match &ctx.read_docs {
            Some(docs) => Box::new(ReadQuery::new(
                Arc::clone(docs),
                Arc::clone(&ctx.read),
                fields.id,
                *read,
            )),
            // Without the library's bit sets (a context made by hand): the
            // marked IDs themselves.
            None if *read => id_set(fields.id, ctx.read.ids()),
            None => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, id_set(fields.id, ctx.read.ids())),
            ])),
        },
        Filter::Note(_) | Filter::Label(_) => {
            let ids = ctx.bookmarked.get(&f.to_string());
            id_set(fields.id, ids.map_or(&[][..], Vec::as_slice))
        }
        Filter::OriginExact(origin) => exact(fields.origin, origin),
        Filter::Signer(words) => all_words(fields.signer_words, words),
        Filter::By(words) => all_words(fields.classified_by_words, words),
        Filter::ByExact(name) => exact(fields.classified_by, name),
        Filter::Handling(h) => exact(fields.handling, h),
        Filter::Cites(Cites::Any) => exact(fields.marks, MARK_CITES),
        Filter::Cites(Cites::Missing) => match &ctx.missing {
            Some(ids) => Box::new(TermSetQuery::new(
                ids.iter()
                    .map(|id| Term::from_field_text(fields.references, id)),
            )),
            None => Box::new(EmptyQuery),
        },
        // Everything is cited at least no times.
        Filter::CitedBy(0) => Box::new(AllQuery),
        Filter::CitedBy(n) => match ctx.cited_at_least.get(n) {
            Some(ids) => Box::new(TermSetQuery::new(
                ids.iter().map(|id| Term::from_field_text(fields.id, id)),
            )),
            None => Box::new(EmptyQuery),
        },
        Filter::Redacted(true) => exact(fields.marks, MARK_REDACTED),
        Filter::Redacted(false) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery)),
            (Occur::MustNot, exact(fields.marks, MARK_REDACTED)),
        ])),
        Filter::Date(range) => {
            let at = |secs: i64| Term::from_field_date(fields.created, date_time(secs));
            let lower = range
                .from
                .map_or(Bound::Unbounded, |p| Bound::Included(at(p.start())));
            let upper = range
                .to
                .map_or(Bound::Unbounded, |p| Bound::Excluded(at(p.end())));
            if matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded)) {
                Box::new(AllQuery)
            } else {
                Box::new(RangeQuery::new(lower, upper))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use tantivy::collector::DocSetCollector;
    use tantivy::schema::Value;
    use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

    use super::*;
    use crate::cable::Timestamp;
    use crate::library::index::{register_tokenizers, schema, unix_seconds};
    use crate::library::query::parse_query;

    fn parse(q: &str) -> Expr {
        match parse_query(q) {
            Ok(e) => e,
            Err(e) => panic!("{q:?} should parse: {e}"),
        }
    }

    // --- translation -------------------------------------------------------

    struct Fixture {
        searcher: Searcher,
        fields: Fields,
    }

    struct Doc {
        id: &'static str,
        created: (u16, u8, u8, u8, u8),
        origin: &'static str,
        class: &'static str,
        tags: &'static [&'static str],
        subject: &'static str,
        body: &'static str,
        refs: &'static [&'static str],
    }

    const DOCS: [Doc; 6] = [
        Doc {
            id: "07MOSCOW1026",
            created: (2007, 3, 12, 13, 0),
            origin: "Embassy Moscow",
            class: "SECRET",
            tags: &["PREL", "PARM", "RS"],
            subject: "FOLLOW-UP DEMARCHE TO RUSSIA ON ARMS SALES TO SYRIA",
            body: "Embassy officers met the MFA in MOSCOW about arms sales. The U.S. position was restated.",
            refs: &["07MOSCOW977"],
        },
        Doc {
            id: "07MOSCOW977",
            // The first second of the month.
            created: (2007, 3, 1, 0, 0),
            origin: "Embassy Moscow",
            class: "SECRET//NOFORN",
            tags: &["PREL"],
            subject: "RUSSIAN VIEWS ON DARFUR",
            body: "Moscow discussed Darfur and Sudan with the visiting envoy.",
            refs: &[],
        },
        Doc {
            id: "08BUENOSAIRES200",
            // The last minute of the month.
            created: (2008, 6, 30, 23, 59),
            origin: "Embassy Buenos Aires",
            class: "CONFIDENTIAL//NOFORN",
            tags: &["ECON", "AR"],
            subject: "ARGENTINA WHEAT EXPORTS",
            body: "Wheat exports fell; grain sales to Brazil held.",
            refs: &["07MOSCOW1026"],
        },
        Doc {
            id: "06STATE100",
            // The last minute of the year.
            created: (2006, 12, 31, 23, 59),
            origin: "Secretary of State",
            class: "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            tags: &["PGOV"],
            subject: "GUIDANCE FOR POSTS",
            body: "Posts should note the guidance on sales of arms to Iran and on Darfur.",
            refs: &[],
        },
        Doc {
            id: "08KHARTOUM50",
            // Just after 2008-06.
            created: (2008, 7, 1, 0, 0),
            origin: "Embassy Khartoum",
            class: "CONFIDENTIAL",
            tags: &["PREL", "SU"],
            subject: "DARFUR PEACE TALKS",
            body: "Talks in Khartoum continued without the rebels.",
            refs: &["07MOSCOW977"],
        },
        Doc {
            id: "09BERLIN12",
            created: (2009, 1, 1, 0, 0),
            origin: "Embassy Berlin",
            class: "UNCLASSIFIED",
            tags: &["PGOV", "GM"],
            subject: "GERMAN COALITION TALKS",
            body: "The coalition partners met in Berlin with XXXXXXXXXXXX.",
            refs: &[],
        },
    ];

    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let (schema, fields) = schema();
            let index = Index::create_in_ram(schema);
            register_tokenizers(&index);
            let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
            for d in &DOCS {
                let mut doc = TantivyDocument::default();
                doc.add_text(fields.id, d.id);
                let (y, mo, da, h, mi) = d.created;
                let t = Timestamp::new(y, mo, da, h, mi).unwrap();
                doc.add_date(
                    fields.created,
                    DateTime::from_timestamp_secs(unix_seconds(t)),
                );
                doc.add_text(fields.origin, d.origin);
                doc.add_text(fields.origin_words, d.origin);
                doc.add_text(fields.classification, d.class);
                for tag in d.tags {
                    doc.add_text(fields.tags, tag);
                }
                doc.add_text(fields.subject, d.subject);
                doc.add_text(fields.body, d.body);
                if !d.refs.is_empty() {
                    doc.add_text(fields.marks, MARK_CITES);
                }
                if d.body.contains("XXXXXXXXXXXX") {
                    doc.add_text(fields.marks, MARK_REDACTED);
                }
                // Signer, classified-by name and handling of some cables.
                let (signers, by, handling): (&[&str], Option<&str>, &[&str]) = match d.id {
                    "07MOSCOW1026" => (&["BURNS"], Some("William J. Burns"), &["NOFORN", "SIPDIS"]),
                    "06STATE100" => (&["RICE"], Some("Alice Wells"), &["SIPDIS"]),
                    "08KHARTOUM50" => (&["FERNANDEZ", "BURNS"], None, &["NODIS"]),
                    _ => (&[], None, &[]),
                };
                for s in signers {
                    doc.add_text(fields.signers, s);
                    doc.add_text(fields.signer_words, s);
                }
                if let Some(by) = by {
                    doc.add_text(fields.classified_by, by);
                    doc.add_text(fields.classified_by_words, by);
                }
                for h in handling {
                    doc.add_text(fields.handling, h);
                }
                for r in d.refs {
                    doc.add_text(fields.references, r);
                }
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
            let searcher = index.reader().unwrap().searcher();
            Fixture { searcher, fields }
        })
    }

    /// The IDs of the cables a query matches, sorted, its `~word`s by the
    /// words the fixture has with their stems, as the library does.
    fn hits(q: &str) -> Vec<String> {
        let fx = fixture();
        let mut ctx = TranslateContext::new(fx.fields);
        for stem in stems(&parse(q)) {
            let words =
                crate::library::index::words_with_stem(&fx.searcher, &fx.fields.free_text(), stem)
                    .unwrap();
            ctx = ctx.with_stem(stem, words);
        }
        ctx_hits(q, &ctx)
    }

    fn assert_hits(q: &str, expected: &[&str]) {
        let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(hits(q), expected, "{q}");
    }

    #[test]
    fn words_match_subject_or_body_ignoring_case() {
        assert_hits("moscow", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("MOSCOW", &["07MOSCOW1026", "07MOSCOW977"]);
        // Subject only in 08KHARTOUM50, body only in 06STATE100.
        assert_hits("Darfur", &["07MOSCOW977", "06STATE100", "08KHARTOUM50"]);
    }

    #[test]
    fn a_word_of_several_tokens_is_a_phrase() {
        assert_hits("U.S.", &["07MOSCOW1026"]);
        assert_hits("u.s", &["07MOSCOW1026"]);
    }

    #[test]
    fn a_phrase_needs_its_words_in_order() {
        assert_hits("\"arms sales\"", &["07MOSCOW1026"]);
        assert_hits("\"sales arms\"", &[]);
        assert_hits("\"ARMS\"", &["07MOSCOW1026", "06STATE100"]);
    }

    #[test]
    fn boolean_operators_combine() {
        assert_hits("arms sales", &["07MOSCOW1026", "06STATE100"]);
        assert_hits("arms AND sales", &["07MOSCOW1026", "06STATE100"]);
        assert_hits(
            "wheat OR darfur",
            &[
                "08BUENOSAIRES200",
                "07MOSCOW977",
                "06STATE100",
                "08KHARTOUM50",
            ],
        );
        assert_hits("sales NOT arms", &["08BUENOSAIRES200"]);
        assert_hits("sales -arms", &["08BUENOSAIRES200"]);
        assert_hits("darfur -tag:PREL", &["06STATE100"]);
    }

    #[test]
    fn precedence_and_parentheses_decide() {
        // wheat OR (darfur AND tag:SU)
        assert_hits(
            "wheat OR darfur tag:SU",
            &["08BUENOSAIRES200", "08KHARTOUM50"],
        );
        assert_hits(
            "(wheat OR darfur) tag:PREL",
            &["07MOSCOW977", "08KHARTOUM50"],
        );
        assert_hits("-(moscow OR talks)", &["08BUENOSAIRES200", "06STATE100"]);
    }

    #[test]
    fn a_purely_negative_query_is_everything_else() {
        assert_hits(
            "-tag:PREL",
            &["08BUENOSAIRES200", "06STATE100", "09BERLIN12"],
        );
        assert_hits("NOT moscow NOT darfur", &["08BUENOSAIRES200", "09BERLIN12"]);
        assert_hits(
            "wheat OR -tag:PREL",
            &["08BUENOSAIRES200", "06STATE100", "09BERLIN12"],
        );
        assert_hits("NOT NOT wheat", &["08BUENOSAIRES200"]);
    }

    #[test]
    fn id_tag_and_refs_filter_exactly() {
        assert_hits("id:07moscow001026", &["07MOSCOW1026"]);
        assert_hits("tag:prel", &["07MOSCOW1026", "07MOSCOW977", "08KHARTOUM50"]);
        assert_hits("refs:07MOSCOW977", &["07MOSCOW1026", "08KHARTOUM50"]);
        assert_hits("refs:07moscow1026", &["08BUENOSAIRES200"]);
    }

    #[test]
    fn origin_matches_words_of_the_origin() {
        assert_hits("origin:moscow", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("origin:\"buenos aires\"", &["08BUENOSAIRES200"]);
        assert_hits(
            "origin:embassy -origin:moscow",
            &["08BUENOSAIRES200", "08KHARTOUM50", "09BERLIN12"],
        );
        // Origin words are not subject or body words.
        assert_hits("embassy", &["07MOSCOW1026"]);
    }

    #[test]
    fn class_matches_every_release_value_containing_it() {
        assert_hits("class:secret", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("class:noforn", &["07MOSCOW977", "08BUENOSAIRES200"]);
        assert_hits("class:confidential", &["08BUENOSAIRES200", "08KHARTOUM50"]);
        assert_hits("class:unclassified", &["06STATE100", "09BERLIN12"]);
        assert_hits("class:fouo", &["06STATE100"]);
    }

    #[test]
    fn subject_searches_the_subject_only() {
        assert_hits("subject:darfur", &["07MOSCOW977", "08KHARTOUM50"]);
        assert_hits("subject:\"arms sales\"", &["07MOSCOW1026"]);
        assert_hits("subject:talks", &["08KHARTOUM50", "09BERLIN12"]);
    }

    #[test]
    fn dates_cover_whole_periods_both_ends_included() {
        assert_hits("date:2007", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("date:2006", &["06STATE100"]);
        assert_hits("date:2007-03", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("date:2007-03-12", &["07MOSCOW1026"]);
        assert_hits("date:2007-03-11", &[]);
        assert_hits("date:2006-12-31", &["06STATE100"]);
        assert_hits(
            "date:2007-03..2008-06",
            &["07MOSCOW1026", "07MOSCOW977", "08BUENOSAIRES200"],
        );
        assert_hits("date:2008-07..", &["08KHARTOUM50", "09BERLIN12"]);
        assert_hits("date:..2006", &["06STATE100"]);
        assert_hits("date:..2007-03-01", &["06STATE100", "07MOSCOW977"]);
        assert_hits("-date:2007..2008", &["06STATE100", "09BERLIN12"]);
    }

    // --- the forms and filters of issue 15 --------------------------------

    fn ctx_hits(q: &str, ctx: &TranslateContext) -> Vec<String> {
        let fx = fixture();
        let query = to_tantivy(&parse(q), ctx);
        let found = fx
            .searcher
            .search(query.as_ref(), &DocSetCollector)
            .unwrap();
        let mut ids: Vec<String> = found
            .into_iter()
            .map(|addr| {
                let doc: TantivyDocument = fx.searcher.doc(addr).unwrap();
                doc.get_first(fx.fields.id)
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_prefix_matches_every_word_that_begins_with_it() {
        assert_hits("darf*", &["07MOSCOW977", "06STATE100", "08KHARTOUM50"]);
        assert_hits("ta*", &["08KHARTOUM50", "09BERLIN12"]);
        assert_hits("DARF*", &["07MOSCOW977", "06STATE100", "08KHARTOUM50"]);
        assert_hits("zz*", &[]);
        // Subject only: 06STATE100 has Darfur in its body alone.
        assert_hits("subject:darf*", &["07MOSCOW977", "08KHARTOUM50"]);
    }

    #[test]
    fn a_prefix_uses_the_words_the_library_found() {
        let fx = fixture();
        let ctx = TranslateContext::new(fx.fields).with_prefix("ta", vec!["talks".into()]);
        assert_eq!(ctx_hits("ta*", &ctx), ["08KHARTOUM50", "09BERLIN12"]);
        // Only the words it was told: "tantivy" is no word of the fixture.
        let ctx = TranslateContext::new(fx.fields).with_prefix("ta", vec!["tantivy".into()]);
        assert!(ctx_hits("ta*", &ctx).is_empty());
    }

    #[test]
    fn proximity_allows_that_many_words_between() {
        // "officers met the MFA in MOSCOW": four words between.
        assert_hits("\"officers moscow\"~4", &["07MOSCOW1026"]);
        assert_hits("\"officers moscow\"~3", &[]);
        assert_hits("\"officers moscow\"", &[]);
    }

    #[test]
    fn word_forms_match_only_when_asked() {
        assert_hits("talk", &[]);
        assert_hits("~talk", &["08KHARTOUM50", "09BERLIN12"]);
        assert_hits("~talking", &["08KHARTOUM50", "09BERLIN12"]);
        assert_hits("~sale", &["07MOSCOW1026", "08BUENOSAIRES200", "06STATE100"]);
        assert_hits("~zebra", &[]);
        assert_hits("~zebra OR ~talk", &["08KHARTOUM50", "09BERLIN12"]);
        assert_hits(
            "-~talks",
            &[
                "07MOSCOW1026",
                "07MOSCOW977",
                "08BUENOSAIRES200",
                "06STATE100",
            ],
        );
    }

    #[test]
    fn exact_values_match_the_release_value_only() {
        assert_hits("class:=SECRET", &["07MOSCOW1026"]);
        assert_hits("class:secret", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits("class:=\"secret//noforn\"", &["07MOSCOW977"]);
        assert_hits(
            "origin:=\"Embassy Moscow\"",
            &["07MOSCOW1026", "07MOSCOW977"],
        );
        assert_hits("origin:=\"Embassy\"", &[]);
        assert_hits(
            "tag:=PREL",
            &["07MOSCOW1026", "07MOSCOW977", "08KHARTOUM50"],
        );
        assert_hits("by:=\"Alice Wells\"", &["06STATE100"]);
        assert_hits("by:=Wells", &[]);
    }

    #[test]
    fn signer_by_and_handling_filter() {
        assert_hits("signer:burns", &["07MOSCOW1026", "08KHARTOUM50"]);
        assert_hits("signer:RICE", &["06STATE100"]);
        assert_hits("by:wells", &["06STATE100"]);
        assert_hits("by:\"william burns\"", &["07MOSCOW1026"]);
        assert_hits("handling:nodis", &["08KHARTOUM50"]);
        assert_hits("handling:SIPDIS", &["07MOSCOW1026", "06STATE100"]);
    }

    #[test]
    fn year_is_date() {
        assert_hits("year:2007", &["07MOSCOW1026", "07MOSCOW977"]);
        assert_hits(
            "year:2008..",
            &["08BUENOSAIRES200", "08KHARTOUM50", "09BERLIN12"],
        );
    }

    #[test]
    fn cites_and_redacted_filter_by_marks() {
        assert_hits(
            "cites:any",
            &["07MOSCOW1026", "08BUENOSAIRES200", "08KHARTOUM50"],
        );
        assert_hits("redacted:yes", &["09BERLIN12"]);
        assert_hits("redacted:no coalition", &[]);
        assert_hits("redacted:no talks", &["08KHARTOUM50"]);
    }

    #[test]
    fn cites_missing_and_citedby_use_what_the_library_found() {
        let fx = fixture();
        let bare = TranslateContext::new(fx.fields);
        assert!(ctx_hits("cites:missing", &bare).is_empty());
        assert!(ctx_hits("citedby:>=1", &bare).is_empty());
        assert_eq!(ctx_hits("citedby:>=0", &bare).len(), DOCS.len());
        let ctx = TranslateContext::new(fx.fields)
            .with_missing(vec!["07MOSCOW977".into()])
            .with_cited_at_least(2, vec!["07MOSCOW977".into()]);
        assert_eq!(
            ctx_hits("cites:missing", &ctx),
            ["07MOSCOW1026", "08KHARTOUM50"]
        );
        assert_eq!(ctx_hits("citedby:>=2", &ctx), ["07MOSCOW977"]);
    }

    #[test]
    fn years_beyond_what_tantivy_dates_hold_still_work() {
        assert_hits("date:1000..2006", &["06STATE100"]);
        assert_hits("date:2009..9999", &["09BERLIN12"]);
        assert_hits("date:9999", &[]);
        assert_hits("date:1000", &[]);
    }

    #[test]
    fn free_words_score_so_relevance_can_sort() {
        let fx = fixture();
        let query = to_tantivy(&parse("darfur"), &TranslateContext::new(fx.fields));
        let top = fx
            .searcher
            .search(
                query.as_ref(),
                &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        assert_eq!(top.len(), 3);
        assert!(top.iter().all(|(score, _)| *score > 0.0));
        // In subject and body beats in one of them.
        let best: TantivyDocument = fx.searcher.doc(top[0].1).unwrap();
        assert_eq!(
            best.get_first(fx.fields.id).and_then(|v| v.as_str()),
            Some("07MOSCOW977")
        );
    }

    /// The IDs a query matches, best score first.
    fn ranked(q: &str) -> Vec<String> {
        let fx = fixture();
        let query = to_tantivy(&parse(q), &TranslateContext::new(fx.fields));
        let top = fx
            .searcher
            .search(
                query.as_ref(),
                &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        top.into_iter()
            .map(|(_, addr)| {
                let doc: TantivyDocument = fx.searcher.doc(addr).unwrap();
                doc.get_first(fx.fields.id)
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn an_id_as_a_word_finds_that_cable_in_any_case_with_leading_zeros() {
        assert_eq!(ranked("09berlin0012"), ["09BERLIN12"]);
        assert_eq!(ranked("07MOSCOW977"), ["07MOSCOW977"]);
        // Still a word: with other words, the cable must match them too.
        assert_eq!(ranked("07moscow977 coalition"), Vec::<String>::new());
    }

    #[test]
    fn the_named_cable_sorts_before_the_cables_that_match_the_words() {
        // "moscow" is in both Moscow cables; "977" in neither text.
        let both = ranked("moscow OR 07MOSCOW977");
        assert_eq!(both.first().map(String::as_str), Some("07MOSCOW977"));
    }

    #[test]
    fn a_station_and_serial_name_that_serial_of_every_year() {
        // No year, as a REF line writes it; "12" is in no text.
        assert_eq!(ranked("BERLIN 12"), ["09BERLIN12"]);
        assert_eq!(ranked("moscow 1026"), ["07MOSCOW1026"]);
        // Not a listed station: two plain words.
        assert_eq!(ranked("coalition 12"), Vec::<String>::new());
    }
}
