//! Pages of a list of cables, drawn from fast fields only: the reader's
//! list pane shows a window of a list that may hold the whole release.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Searcher, Term};

use super::index;
use super::query::{parse_query, to_tantivy};
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
        let (query, default_sort): (Box<dyn Query>, Sort) = match list {
            ListQuery::All => (Box::new(AllQuery), Sort::Date),
            ListQuery::Search(text) => {
                let expr = parse_query(text)?;
                let sort = if expr.has_free_text() {
                    Sort::Relevance
                } else {
                    Sort::Date
                };
                (to_tantivy(&expr, self.fields()), sort)
            }
            ListQuery::CitedBy(id) => {
                let id = ids::normalize_id(id).unwrap_or_else(|| id.clone());
                let term = Term::from_field_text(self.fields().references, &id);
                (
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    Sort::Date,
                )
            }
        };
        let sort = sort.unwrap_or(default_sort);
        let searcher = self.searcher();
        let limit = limit.max(1);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (addresses, total): (Vec<DocAddress>, usize) = match sort {
            Sort::Relevance => {
                let (hits, total) = searcher
                    .search(&query, &(top.order_by_score(), Count))
                    .map_err(self.index_error())?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
            Sort::Date => {
                let (hits, total) = searcher
                    .search(
                        &query,
                        &(
                            top.order_by_fast_field::<tantivy::DateTime>("created", Order::Desc),
                            Count,
                        ),
                    )
                    .map_err(self.index_error())?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
        };
        let rows = addresses
            .into_iter()
            .map(|a| row(&searcher, a))
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(self.index_error())?;
        Ok(Page {
            total,
            offset,
            rows,
            sort,
        })
    }
}

/// A list row from the fast fields of one document.
fn row(searcher: &Searcher, address: DocAddress) -> tantivy::Result<ListRow> {
    let segment = searcher.segment_reader(address.segment_ord);
    let fast = segment.fast_fields();
    let doc = address.doc_id;
    let text = |field: &str| -> tantivy::Result<Option<String>> {
        let Some(column) = fast.str(field)? else {
            return Ok(None);
        };
        let Some(ord) = column.term_ords(doc).next() else {
            return Ok(None);
        };
        let mut s = String::new();
        Ok(column.ord_to_str(ord, &mut s)?.then_some(s))
    };
    let created = fast
        .date("created")?
        .first(doc)
        .and_then(|d| index::timestamp_of(d.into_timestamp_secs()));
    Ok(ListRow {
        id: text("id")?.unwrap_or_default(),
        created,
        classification: text("classification")?,
        subject: text("list_subject")?,
    })
}
