//! Cables related to a cable other than by its references: the next and
//! the previous from the same post (an embassy's reporting in order), and
//! the cables closest in content (for the cables whose chain is missing).

use std::ops::Bound;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::tokenizer::TokenStream;
use tantivy::{DateTime, Order, Term};

use super::index::{self, text_analyzer};
use super::page::ScoredDoc;
use super::search::{self, SearchResults, Sort};
use super::{Library, ListRow, Result};

/// Which way to step through a post's cables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The cable sent just before.
    Previous,
    /// The cable sent just after.
    Next,
}

/// Words shorter than this say little about what a cable is about.
const MIN_WORD: usize = 3;

/// The most words a similarity query is made of (the most telling ones).
const MAX_QUERY_TERMS: usize = 30;

impl Library {
    /// The cable from the same origin sent just before or after `id`, by
    /// date and, within one minute, by ID; `None` at either end, or for a
    /// cable not in the library or without origin or date. A handful of
    /// index queries (origin term and date range, the top one by the
    /// `created` fast field), whatever the size of the post.
    pub fn same_origin_neighbour(&self, id: &str, step: Step) -> Result<Option<ListRow>> {
        let Some((searcher, address)) = self.address(id)? else {
            return Ok(None);
        };
        let segment = searcher.segment_reader(address.segment_ord);
        let origin =
            index::fast_text(segment, "origin", address.doc_id).map_err(self.index_error())?;
        let created = segment
            .fast_fields()
            .date("created")
            .map_err(self.index_error())?
            .first(address.doc_id);
        let (Some(origin), Some(created)) = (origin, created) else {
            return Ok(None);
        };
        let own_id = index::fast_text(segment, "id", address.doc_id)
            .map_err(self.index_error())?
            .unwrap_or_default();
        let f = self.fields();
        let from_origin = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.origin, &origin),
                IndexRecordOption::Basic,
            ))
        };
        let at = |bounds: (Bound<DateTime>, Bound<DateTime>)| -> BooleanQuery {
            let term = |d| Term::from_field_date(f.created, d);
            BooleanQuery::new(vec![
                (Occur::Must, from_origin()),
                (
                    Occur::Must,
                    Box::new(RangeQuery::new(bounds.0.map(term), bounds.1.map(term))),
                ),
            ])
        };
        // The same minute first: cables sent together, in ID order.
        let ids_at = |when: DateTime| -> Result<Vec<String>> {
            let q = at((Bound::Included(when), Bound::Included(when)));
            let found = searcher
                .search(&q, &DocSetCollector)
                .map_err(self.index_error())?;
            let mut ids = Vec::with_capacity(found.len());
            for a in found {
                let s = searcher.segment_reader(a.segment_ord);
                if let Some(id) = index::fast_text(s, "id", a.doc_id).map_err(self.index_error())? {
                    ids.push(id);
                }
            }
            ids.sort();
            Ok(ids)
        };
        let same = ids_at(created)?;
        let beside = match step {
            Step::Previous => same.iter().rev().find(|i| **i < own_id),
            Step::Next => same.iter().find(|i| **i > own_id),
        };
        if let Some(found) = beside {
            return self.row(found);
        }
        let (bounds, order) = match step {
            Step::Previous => ((Bound::Unbounded, Bound::Excluded(created)), Order::Desc),
            Step::Next => ((Bound::Excluded(created), Bound::Unbounded), Order::Asc),
        };
        let top = searcher
            .search(
                &at(bounds),
                &TopDocs::with_limit(1).order_by_fast_field::<DateTime>("created", order),
            )
            .map_err(self.index_error())?;
        let Some(&(when, _)) = top.first() else {
            return Ok(None);
        };
        let Some(when) = when else {
            return Ok(None);
        };
        // Of several sent in that minute, the one nearest in ID order.
        let ids = ids_at(when)?;
        let nearest = match step {
            Step::Previous => ids.last(),
            Step::Next => ids.first(),
        };
        match nearest {
            Some(found) => self.row(found),
            None => Ok(None),
        }
    }

    /// The `limit` cables closest in content to `id`, best first, by
    /// tantivy's more-like-this over the subject and the body (the words
    /// the cable uses often and the library seldom); `score` is the
    /// similarity, the snippets mark the words of its subject. The cable
    /// itself is never among them. `None` when the library does not have
    /// the cable.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Option<SearchResults>> {
        let Some(stored) = self.get(id)? else {
            return Ok(None);
        };
        let cable = stored.cable;
        let f = self.fields();
        let subject = cable.subject.clone().unwrap_or_default();
        let like = MoreLikeThisQuery::builder()
            // A word no other cable has finds nothing.
            .with_min_doc_frequency(2)
            .with_min_term_frequency(1)
            .with_min_word_length(MIN_WORD)
            .with_max_query_terms(MAX_QUERY_TERMS)
            .with_document_fields(vec![
                (f.subject, vec![OwnedValue::Str(subject.clone())]),
                (f.body, vec![OwnedValue::Str(cable.body.clone())]),
            ]);
        let own = cable.id.clone().unwrap_or_default();
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like) as Box<dyn Query>),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.id, &own),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let searcher = self.searcher();
        let (top, total) = searcher
            .search(
                &query,
                &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
            )
            .map_err(self.index_error())?;
        let addresses: Vec<ScoredDoc> = top
            .into_iter()
            .take(limit)
            .map(|(score, a)| (Some(score), a))
            .collect();
        let hits = search::hits(self, &searcher, &addresses, &subject_words(&subject))?;
        Ok(Some(SearchResults {
            total,
            hits,
            sort: Some(Sort::Relevance),
        }))
    }
}

/// The words of a subject to mark in the snippets of similar cables: what
/// the two have in common, as a reader sees it first.
fn subject_words(subject: &str) -> Vec<Vec<String>> {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(subject);
    let mut out: Vec<Vec<String>> = Vec::new();
    while stream.advance() {
        let t = &stream.token().text;
        let word = t.chars().count() > MIN_WORD && !t.chars().all(|c| c.is_ascii_digit());
        if word && !out.iter().any(|w| w[0] == *t) {
            out.push(vec![t.clone()]);
        }
    }
    out
}
