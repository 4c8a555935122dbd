//! The overview of the list shown: its counts by month or year (a
//! timeline), origin, tag and classification, where the cursor is among
//! them, and the narrowings `Esc` takes back. Pure: the counts come from
//! the library's overview, the narrowed query is the query language's own
//! text form.

use crate::cable::{Cable, Classification, Timestamp};
use crate::library::query::{parse_query, DateRange, Expr, Filter, Period};
use crate::library::{FacetKind, ListQuery, Overview};

/// What the overview counts: one pass over the list's cables.
pub const KINDS: [FacetKind; 5] = [
    FacetKind::Year,
    FacetKind::Month,
    FacetKind::Origin,
    FacetKind::Tag,
    FacetKind::Class,
];

/// The facet lists, in the order shown, and how many values of each
/// (`None`: all of them).
pub const SECTIONS: [(FacetKind, Option<usize>); 4] = [
    (FacetKind::Origin, Some(10)),
    (FacetKind::Tag, Some(10)),
    (FacetKind::Class, None),
    (FacetKind::Year, None),
];

/// A timeline spanning more years than this is drawn per year, else per
/// month.
pub const MONTHS_UP_TO_YEARS: u16 = 10;

/// The overview layer's state.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewState {
    /// The list the counts are (or are being computed) for.
    pub query: ListQuery,
    /// The counts, once they arrived (the previous list's meanwhile).
    pub counts: Option<Overview>,
    /// Why the counts could not be computed.
    pub error: Option<String>,
    /// The lists that narrowing replaced, newest last: `Esc` goes back.
    pub undo: Vec<ListQuery>,
    /// 0 is the timeline, then the facet values in the order shown.
    pub cursor: usize,
    /// The bar under the cursor on the timeline; `None` until moved: the
    /// selected cable's bar (else the last).
    pub bar: Option<usize>,
    /// The first bar of a range (`v`), the cursor's bar its other end.
    pub range_from: Option<usize>,
}

impl OverviewState {
    pub fn new(query: ListQuery) -> OverviewState {
        OverviewState {
            query,
            counts: None,
            error: None,
            undo: Vec::new(),
            cursor: 0,
            bar: None,
            range_from: None,
        }
    }

    /// The facet values shown (the cursor's 1, 2, …).
    pub fn items(&self) -> Vec<FacetItem> {
        self.counts.as_ref().map(items).unwrap_or_default()
    }

    /// The timeline of the counts.
    pub fn timeline(&self) -> Timeline {
        self.counts.as_ref().map(timeline).unwrap_or_default()
    }

    /// The cursor's bar: the one moved to, else the bar of `created` (the
    /// selected cable), else the last.
    pub fn bar_at(&self, timeline: &Timeline, created: Option<Timestamp>) -> Option<usize> {
        let last = timeline.bars.len().checked_sub(1)?;
        Some(match self.bar {
            Some(b) => b.min(last),
            None => created.and_then(|t| timeline.bar_of(t)).unwrap_or(last),
        })
    }
}

/// One value of a facet list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetItem {
    pub kind: FacetKind,
    /// As stored: `Embassy Moscow`, `PREL`, `SECRET//NOFORN`, `2009`.
    pub key: String,
    pub count: u64,
}

impl FacetItem {
    /// The filter that narrows the list to exactly this value.
    pub fn filter(&self) -> Option<Filter> {
        match self.kind {
            FacetKind::Origin => Some(Filter::OriginExact(self.key.clone())),
            FacetKind::Tag => Some(Filter::Tag(self.key.clone())),
            FacetKind::Class => {
                Classification::from_release(&self.key).map(|c| Filter::Class(vec![c]))
            }
            FacetKind::By => Some(Filter::ByExact(self.key.clone())),
            FacetKind::Year => {
                let p = self
                    .key
                    .parse()
                    .ok()
                    .and_then(|y| Period::new(y, None, None))?;
                Some(Filter::Date(DateRange {
                    from: Some(p),
                    to: Some(p),
                }))
            }
            FacetKind::Month | FacetKind::Handling | FacetKind::Signer => None,
        }
    }
}

/// The facet values of the counts, in the order of [`SECTIONS`].
pub fn items(o: &Overview) -> Vec<FacetItem> {
    let mut out = Vec::new();
    for (kind, top) in SECTIONS {
        let Some(counts) = o.get(kind) else {
            continue;
        };
        let shown = top.unwrap_or(counts.len()).min(counts.len());
        out.extend(counts[..shown].iter().map(|c| FacetItem {
            kind,
            key: c.key.clone(),
            count: c.count,
        }));
    }
    out
}

/// The values of a cable the Details sidebar can narrow the list to, in
/// the sidebar's order: origin, classification, classified-by name, tags.
pub fn details_items(c: &Cable) -> Vec<FacetItem> {
    let item = |kind, key: &str| FacetItem {
        kind,
        key: key.to_string(),
        count: 1,
    };
    let mut out = Vec::new();
    out.extend(c.origin.as_deref().map(|o| item(FacetKind::Origin, o)));
    out.extend(c.classification.map(|x| item(FacetKind::Class, x.as_str())));
    let by = c.classified_by.as_ref().and_then(|b| b.name.as_deref());
    out.extend(by.map(|n| item(FacetKind::By, n)));
    out.extend(c.tags.iter().map(|t| item(FacetKind::Tag, t)));
    out
}

/// What a bar of the timeline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    #[default]
    Month,
    Year,
}

/// One bar: a month or a year, and how many cables fall in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub period: Period,
    pub count: u64,
}

/// The cables of the list over time, every period from the first to the
/// last there (empty ones too, so the time axis is even).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    pub unit: Unit,
    pub bars: Vec<Bar>,
}

impl Timeline {
    /// The bar a moment falls in.
    pub fn bar_of(&self, t: Timestamp) -> Option<usize> {
        self.bars.iter().position(|b| {
            b.period.year() == t.year
                && (self.unit == Unit::Year || b.period.month() == Some(t.month))
        })
    }

    /// The filter for bars `a..=b` (either order): one period, or a range.
    pub fn filter(&self, a: usize, b: usize) -> Option<Filter> {
        let (lo, hi) = (a.min(b), a.max(b));
        let from = self.bars.get(lo)?.period;
        let to = self.bars.get(hi)?.period;
        Some(Filter::Date(DateRange {
            from: Some(from),
            to: Some(to),
        }))
    }

    /// How many cables bars `a..=b` hold.
    pub fn count(&self, a: usize, b: usize) -> u64 {
        let (lo, hi) = (a.min(b), a.max(b));
        self.bars
            .get(lo..=hi.min(self.bars.len().saturating_sub(1)))
            .map_or(0, |bars| bars.iter().map(|b| b.count).sum())
    }
}

/// The timeline of the counts: per month, or per year when the cables span
/// more than [`MONTHS_UP_TO_YEARS`] years.
pub fn timeline(o: &Overview) -> Timeline {
    let years: Vec<(u16, u64)> = o
        .get(FacetKind::Year)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Some((c.key.parse().ok()?, c.count)))
        .collect();
    let (Some(&(first, _)), Some(&(last, _))) = (years.first(), years.last()) else {
        return Timeline::default();
    };
    if last - first + 1 > MONTHS_UP_TO_YEARS {
        let bars = (first..=last)
            .filter_map(|y| {
                let count = years.iter().find(|(k, _)| *k == y).map_or(0, |(_, n)| *n);
                Some(Bar {
                    period: Period::new(y, None, None)?,
                    count,
                })
            })
            .collect();
        return Timeline {
            unit: Unit::Year,
            bars,
        };
    }
    let months: Vec<((u16, u8), u64)> = o
        .get(FacetKind::Month)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| {
            let (y, m) = c.key.split_once('-')?;
            Some(((y.parse().ok()?, m.parse().ok()?), c.count))
        })
        .collect();
    let (Some(&(start, _)), Some(&(end, _))) = (months.first(), months.last()) else {
        return Timeline::default();
    };
    let mut bars = Vec::new();
    let (mut y, mut m) = start;
    while (y, m) <= end {
        let count = months
            .iter()
            .find(|(k, _)| *k == (y, m))
            .map_or(0, |(_, n)| *n);
        if let Some(period) = Period::new(y, Some(m), None) {
            bars.push(Bar { period, count });
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    Timeline {
        unit: Unit::Month,
        bars,
    }
}

/// The query of `list` narrowed by `extra` (a filter, or its negation):
/// both must hold, in the query language's text form (`tag:PREL
/// origin:="Embassy Moscow"`). The cables citing X are `refs:X`.
pub fn narrowed(list: &ListQuery, extra: Expr) -> ListQuery {
    let base = match list {
        ListQuery::All => None,
        ListQuery::Search(text) => match parse_query(text) {
            Ok(e) => Some(e),
            // The list shows a query that parsed; kept total all the same.
            Err(_) => return ListQuery::Search(extra.to_string()),
        },
        ListQuery::CitedBy(id) => Some(Expr::Filter(Filter::Refs(id.clone()))),
    };
    let expr = match base {
        None => extra,
        Some(Expr::And(mut parts)) => {
            parts.push(extra);
            Expr::And(parts)
        }
        Some(e) => Expr::And(vec![e, extra]),
    };
    ListQuery::Search(expr.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::query::parse_query;

    fn search(q: &str) -> ListQuery {
        ListQuery::Search(q.into())
    }

    fn filter(q: &str) -> Expr {
        parse_query(q).unwrap()
    }

    #[test]
    fn narrowing_adds_the_filter_to_the_query() {
        assert_eq!(
            narrowed(&ListQuery::All, filter("tag:PREL")),
            search("tag:PREL")
        );
        assert_eq!(
            narrowed(&search("tag:PREL"), filter("origin:=\"Embassy Moscow\"")),
            search("tag:PREL origin:=\"Embassy Moscow\"")
        );
        assert_eq!(
            narrowed(&search("a b"), filter("-tag:PREL")),
            search("a b -tag:PREL")
        );
        // An OR keeps its brackets.
        assert_eq!(
            narrowed(&search("iran OR syria"), filter("date:2008")),
            search("(iran OR syria) date:2008")
        );
        assert_eq!(
            narrowed(
                &ListQuery::CitedBy("07MOSCOW977".into()),
                filter("class:=SECRET")
            ),
            search("refs:07MOSCOW977 class:=SECRET")
        );
    }

    #[test]
    fn the_timeline_is_per_month_up_to_ten_years_then_per_year() {
        use crate::tui::testing::counts;
        let t = timeline(&counts(&[], &[("2007-11", 2), ("2008-02", 5)]));
        assert_eq!(t.unit, Unit::Month);
        let shown: Vec<(String, u64)> = t
            .bars
            .iter()
            .map(|b| (b.period.to_string(), b.count))
            .collect();
        assert_eq!(
            shown,
            [
                ("2007-11".to_string(), 2),
                ("2007-12".to_string(), 0),
                ("2008-01".to_string(), 0),
                ("2008-02".to_string(), 5)
            ]
        );
        assert_eq!(t.count(0, 3), 7);
        assert_eq!(t.filter(3, 1).unwrap().to_string(), "date:2007-12..2008-02");
        let t = timeline(&counts(&[], &[("1999-01", 1), ("2009-06", 4)]));
        assert_eq!(t.unit, Unit::Year);
        assert_eq!(t.bars.len(), 11, "every year from 1999 to 2009");
        assert_eq!(t.bars[10].count, 4);
        let june = Timestamp::new(2009, 6, 1, 0, 0).unwrap();
        assert_eq!(t.bar_of(june), Some(10));
        assert_eq!(t.filter(10, 10).unwrap().to_string(), "date:2009");
        assert!(timeline(&counts(&[], &[])).bars.is_empty());
    }

    #[test]
    fn a_facet_value_narrows_to_exactly_that_value() {
        let item = |kind, key: &str| FacetItem {
            kind,
            key: key.into(),
            count: 1,
        };
        let text = |i: FacetItem| i.filter().unwrap().to_string();
        assert_eq!(text(item(FacetKind::Tag, "PREL")), "tag:PREL");
        assert_eq!(
            text(item(FacetKind::Origin, "Embassy Moscow")),
            "origin:=\"Embassy Moscow\""
        );
        assert_eq!(text(item(FacetKind::Class, "SECRET")), "class:=SECRET");
        assert_eq!(
            text(item(FacetKind::Class, "SECRET//NOFORN")),
            "class:secret//noforn"
        );
        assert_eq!(text(item(FacetKind::Year, "2008")), "date:2008");
        assert!(item(FacetKind::Class, "TOP SECRET").filter().is_none());
    }
}
