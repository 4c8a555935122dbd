//! Lists of cables: a [`ListQuery`] compiled once into a tantivy query,
//! then a page of it (rows drawn from fast fields only: the reader's list
//! pane shows a window of a list that may hold the whole release), the
//! hits of a search (search.rs) or its count — all through one compile and
//! one top-docs path.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Searcher, Term};

use super::index;
use super::query::{
    asks_missing, cited_by_minimums, parse_query, prefixes, refs_ids, stems, to_tantivy, Expr,
    QueryError, TranslateContext, MAX_PREFIX_TERMS,
};
use super::search::Sort;
use super::{Library, Result};
use crate::cable::parse::ids;
use crate::cable::Timestamp;

/// Which cables a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListQuery {
    /// Every cable.
    All,
    /// The hits of a query of the query language.
    Search(String),
    /// The cables that cite this one.
    CitedBy(String),
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRow {
    pub id: String,
    pub created: Option<Timestamp>,
    pub classification: Option<String>,
    /// The origin as in the release (`Embassy Moscow`).
    pub origin: Option<String>,
    pub subject: Option<String>,
}

/// A window of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// How many cables the whole list holds.
    pub total: usize,
    /// Index of the first row in the list.
    pub offset: usize,
    pub rows: Vec<ListRow>,
    /// The order the rows are in.
    pub sort: Sort,
}

/// The 1-based character column where `needle` is in `text` (ignoring
/// case), else 1: where an error found after parsing points.
fn column_of(text: &str, needle: &str) -> usize {
    let (hay, needle) = (text.to_lowercase(), needle.to_lowercase());
    match hay.find(&needle) {
        Some(byte) if hay.len() == text.len() => text[..byte].chars().count() + 1,
        _ => 1,
    }
}

/// A document of a top-docs answer, with its score when by relevance.
pub(crate) type ScoredDoc = (Option<f32>, DocAddress);

/// A list compiled for the index.
pub(crate) struct Compiled {
    pub query: Box<dyn Query>,
    /// Relevance for free text, else newest first.
    pub default_sort: Sort,
    /// The parsed query of a search (for its highlights).
    pub expr: Option<Expr>,
}

impl Library {
    /// Rows `offset..offset + limit` of a list in the given order (the
    /// default: relevance for free text, else newest first).
    pub fn page(
        &self,
        list: &ListQuery,
        sort: Option<Sort>,
        offset: usize,
        limit: usize,
    ) -> Result<Page> {
        let compiled = self.compile(list)?;
        let sort = sort.unwrap_or(compiled.default_sort);
        let searcher = self.searcher();
        let (hits, total) =
            self.top_docs(&searcher, compiled.query.as_ref(), sort, offset, limit)?;
        let rows = hits
            .into_iter()
            .map(|(_, a)| row(&searcher, a))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(self.index_error())?;
        Ok(Page {
            total,
            offset,
            rows,
            sort,
        })
    }

    /// How many cables a list holds.
    pub fn count(&self, list: &ListQuery) -> Result<usize> {
        let compiled = self.compile(list)?;
        index::search_in_parallel(&self.searcher(), compiled.query.as_ref(), &Count)
            .map_err(self.index_error())
    }

    /// The list row of one cable, from the fast fields; `None` when the
    /// library does not have it.
    pub fn row(&self, id: &str) -> Result<Option<ListRow>> {
        let Some((searcher, address)) = self.address(id)? else {
            return Ok(None);
        };
        row(&searcher, address)
            .map(Some)
            .map_err(self.index_error())
    }

    /// Where the cable `id` comes from (`Embassy Moscow`), from the fast
    /// fields; `None` when the library does not have it or it does not say.
    pub fn origin(&self, id: &str) -> Result<Option<String>> {
        let Some((searcher, address)) = self.address(id)? else {
            return Ok(None);
        };
        let segment = searcher.segment_reader(address.segment_ord);
        index::fast_text(segment, "origin", address.doc_id).map_err(self.index_error())
    }

    /// The document of the cable `id` (any spelling `normalize_id`
    /// accepts), with the searcher it is valid in.
    pub(crate) fn address(&self, id: &str) -> Result<Option<(Searcher, DocAddress)>> {
        let Some(id) = ids::normalize_id(id) else {
            return Ok(None);
        };
        let searcher = self.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields().id, &id),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(self.index_error())?;
        Ok(top.first().map(|&(_, address)| (searcher.clone(), address)))
    }

    /// The tantivy query of a list, with its default order.
    pub(crate) fn compile(&self, list: &ListQuery) -> Result<Compiled> {
        Ok(match list {
            ListQuery::All => Compiled {
                query: Box::new(AllQuery),
                default_sort: Sort::Date,
                expr: None,
            },
            ListQuery::Search(text) => {
                let expr = parse_query(text)?;
                let mut ctx = TranslateContext::new(*self.fields());
                for id in refs_ids(&expr) {
                    let terms = self.citing_terms(id)?;
                    ctx = ctx.with_citing(id, terms);
                }
                ctx = self.user_context(&expr, ctx)?;
                for prefix in prefixes(&expr) {
                    let Some(token) = prefix.tokens.first() else {
                        continue;
                    };
                    let Some(words) = self.prefix_words(token)? else {
                        return Err(QueryError {
                            position: column_of(text, &format!("{}*", prefix.text)),
                            message: format!(
                                "\"{}*\" stands for more than {} words: type more of the word",
                                prefix.text,
                                crate::text::thousands(MAX_PREFIX_TERMS as u64)
                            ),
                        }
                        .into());
                    };
                    ctx = ctx.with_prefix(token, words);
                }
                for stem in stems(&expr) {
                    let fields = self.fields().free_text();
                    let words = index::words_with_stem(&self.searcher(), &fields, stem)
                        .map_err(self.index_error())?;
                    ctx = ctx.with_stem(stem, words);
                }
                if asks_missing(&expr) {
                    ctx = ctx.with_missing(self.missing_ids()?);
                }
                // `citedby:>=0` is every cable: the translation needs no list.
                for n in cited_by_minimums(&expr).into_iter().filter(|&n| n > 0) {
                    ctx = ctx.with_cited_at_least(n, self.cited_at_least(n)?);
                }
                Compiled {
                    query: to_tantivy(&expr, &ctx),
                    default_sort: if expr.has_free_text() {
                        Sort::Relevance
                    } else {
                        Sort::Date
                    },
                    expr: Some(expr),
                }
            }
            ListQuery::CitedBy(id) => {
                let id = ids::normalize_id(id).unwrap_or_else(|| id.clone());
                Compiled {
                    query: self.cited_by_query(&id)?,
                    default_sort: Sort::Date,
                    expr: None,
                }
            }
        })
    }

    /// The words of the subjects and bodies that begin with `prefix` (a
    /// token), from the term dictionaries; `None` when there are more than
    /// [`MAX_PREFIX_TERMS`].
    pub(crate) fn prefix_words(&self, prefix: &str) -> Result<Option<Vec<String>>> {
        let fields = self.fields().free_text();
        let mut words: std::collections::BTreeSet<String> = Default::default();
        index::for_each_word_with_prefix(&self.searcher(), &fields, prefix, |word| {
            words.insert(String::from_utf8_lossy(word).into_owned());
            if words.len() > MAX_PREFIX_TERMS {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        })
        .map_err(self.index_error())?;
        Ok((words.len() <= MAX_PREFIX_TERMS).then(|| words.into_iter().collect()))
    }

    /// The documents `offset..offset + limit` of a query in `sort` order
    /// (with the score when by relevance), and how many match in all.
    pub(crate) fn top_docs(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<ScoredDoc>, usize)> {
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        match sort {
            Sort::Relevance => {
                let (hits, total) =
                    index::search_in_parallel(searcher, query, &(top.order_by_score(), Count))
                        .map_err(self.index_error())?;
                Ok((hits.into_iter().map(|(s, a)| (Some(s), a)).collect(), total))
            }
            Sort::Date => {
                let by_date = (
                    top.order_by_fast_field::<tantivy::DateTime>("created", Order::Desc),
                    Count,
                );
                let (hits, total) = index::search_in_parallel(searcher, query, &by_date)
                    .map_err(self.index_error())?;
                Ok((hits.into_iter().map(|(_, a)| (None, a)).collect(), total))
            }
        }
    }
}

/// A list row from the fast fields of one document.
pub(crate) fn row(searcher: &Searcher, address: DocAddress) -> tantivy::Result<ListRow> {
    let segment = searcher.segment_reader(address.segment_ord);
    let doc = address.doc_id;
    let created = segment
        .fast_fields()
        .date("created")?
        .first(doc)
        .and_then(|d| index::timestamp_of(d.into_timestamp_secs()));
    Ok(ListRow {
        id: index::fast_text(segment, "id", doc)?.unwrap_or_default(),
        created,
        classification: index::fast_text(segment, "classification", doc)?,
        origin: index::fast_text(segment, "origin", doc)?,
        subject: index::fast_text(segment, "list_subject", doc)?,
    })
}
