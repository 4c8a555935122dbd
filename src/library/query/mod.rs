//! The query language of `cablegram search` and the TUI's `/`
//! (docs/cli.md, "Query language"): parsed by hand into an [`Expr`], then
//! translated straight into tantivy queries — no `QueryParser`, so a search
//! costs no more than the posting lists it reads.
//!
//! ```text
//! query   := or
//! or      := and ( "OR" and )*
//! and     := unary ( "AND"? unary )*          side by side = AND
//! unary   := ( "NOT" | "-" ) unary | primary
//! primary := "(" or ")" | word | "phrase" | field ":" ( value | "value" )
//! ```
//!
//! Free words and phrases match in the subject or the body, as written; a
//! word may be a prefix (`darf*`), a phrase may allow words between
//! (`"nuclear weapons"~5`), and `~negotiate` matches the word's forms (the
//! words of the index whose English stem is the word's). The filters are in
//! [`FILTERS`]; `tag:`, `origin:`, `class:` and `by:` take an exact value
//! after `=` (`origin:="Embassy Moscow"`), which is what facet narrowing
//! writes. What the user's own files say is asked with `is:read` /
//! `is:unread` (the read marks), `note:` (a word of a bookmark's note) and
//! `label:` (a `#label` of a bookmark's note).
//! Every problem is a [`QueryError`] naming the column at fault; no input
//! makes the parser panic.
//!
//! A pipeline, one stage per file: `lex` (text → tokens), `parse` (tokens →
//! [`Expr`]), `translate` (an [`Expr`] and a [`TranslateContext`] → a
//! tantivy query) and `print` (an [`Expr`] → text that parses back to the
//! same [`Expr`], the query's one text form).

mod lex;
mod parse;
mod print;
mod translate;
mod user;

use std::fmt;

use super::index::unix_seconds;
use crate::cable::{Classification, Timestamp};

pub use parse::parse_query;
pub(crate) use translate::{asks_missing, cited_by_minimums, prefixes, refs_ids, stems};
pub use translate::{to_tantivy, TranslateContext};
pub use user::{bookmark_filters, note_matches, uses_read_marks};

/// The filter names, in the order the error message lists them.
pub const FILTERS: [&str; 17] = [
    "id", "tag", "origin", "class", "subject", "date", "year", "refs", "signer", "by", "handling",
    "cites", "citedby", "redacted", "is", "note", "label",
];

/// The filters whose value may be exact (`origin:="Embassy Moscow"`).
const EXACT_FILTERS: [&str; 4] = ["tag", "origin", "class", "by"];

/// Fewest characters before the `*` of a prefix: one letter would stand
/// for a good part of the dictionary.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Most words a prefix may stand for: past that, a search would read the
/// postings of half the dictionary; the library says so instead.
pub const MAX_PREFIX_TERMS: usize = 2_000;

/// Deepest nesting of parentheses and negations: the parser recurses, and a
/// query of ten thousand `(` must be an error, not a stack overflow.
const MAX_DEPTH: usize = 64;

/// Longest piece of the query quoted back in an error message.
const MAX_QUOTED: usize = 40;

/// What `class:` accepts besides a part of a release value: portion marks
/// and the usual abbreviations, each standing for a part of a release value
/// (both sides compared in upper case, letters and digits only).
const CLASS_ALIASES: [(&str, &str); 8] = [
    ("U", "UNCLASSIFIED"),
    ("C", "CONFIDENTIAL"),
    ("S", "SECRET"),
    ("FOUO", "FOROFFICIALUSEONLY"),
    ("SBU", "FOROFFICIALUSEONLY"),
    ("NF", "NOFORN"),
    ("CNF", "CONFIDENTIALNOFORN"),
    ("SNF", "SECRETNOFORN"),
];

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A free word or an `"exact phrase"`: matches in the subject or the body.
    Text(Text),
    /// A field filter (`tag:PREL`).
    Filter(Filter),
    /// `NOT x` or `-x`: the cables that `x` does not match.
    Not(Box<Expr>),
    /// All must match (terms side by side, or `AND`).
    And(Vec<Expr>),
    /// At least one must match.
    Or(Vec<Expr>),
    /// Words that name cables: an ID (`09berlin001296`) or a station and a
    /// serial as a REF line writes them without a year (`BERLIN 1296`).
    Named(Named),
}

/// Words that name cables. They match what the words match, and the cables
/// they name besides, which sort first: a reader who types an ID wants that
/// cable, not the cables that mention it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The words as typed: the ID, or the station and the serial.
    pub words: Vec<Text>,
    pub names: Names,
}

/// The cables that [`Named`] words name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// The cable with this canonical ID.
    Id(String),
    /// The cables of every year with this station and serial: the canonical
    /// ID without its two year digits (`BERLIN1296`).
    Serial(String),
}

/// A word or phrase, with the index tokens it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// As typed, without the quotes.
    pub text: String,
    /// Whether it was written in quotes.
    pub quoted: bool,
    /// The tokens of [`text_analyzer`](crate::library::index::text_analyzer) (lower case, accents folded): one is
    /// a term, several a phrase (a word such as `U.S.` gives two).
    pub tokens: Vec<String>,
    /// The position of each token in the phrase (the analyzer drops
    /// over-long words but keeps their place).
    pub positions: Vec<usize>,
    /// How the tokens match.
    pub form: Form,
}

/// How the tokens of a [`Text`] match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// As written: a word, or a phrase word after word.
    Plain,
    /// `darf*`: any word that begins with the one token (at least
    /// [`MIN_PREFIX_CHARS`] characters).
    Prefix,
    /// `"nuclear weapons"~5`: the phrase's words in order with at most this
    /// many other words moved in between (tantivy's slop).
    Near(u32),
    /// `~negotiate`: any word of subject or body with the same English
    /// stem; its tokens all required, in any order.
    Stemmed,
}

/// A field filter, its value already checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `id:` — a canonical cable ID.
    Id(String),
    /// `tag:` — a tag, upper case.
    Tag(String),
    /// `origin:` — the words of the origin (tokens), all required.
    Origin(Vec<String>),
    /// `class:` — the release classifications the value matched.
    Class(Vec<Classification>),
    /// `subject:` — a word or phrase in the subject only.
    Subject(Text),
    /// `date:` — a range of whole periods.
    Date(DateRange),
    /// `refs:` — the cables that cite this canonical ID.
    Refs(String),
    /// `is:read` (true) / `is:unread` (false) — by the read marks.
    Read(bool),
    /// `note:` — cables with a bookmark whose note has this word or phrase.
    Note(Text),
    /// `label:` — cables with a bookmark whose note has this `#label`
    /// (lower case, without the `#`).
    Label(String),
    /// `origin:="Embassy Moscow"` — the origin exactly as the release has it.
    OriginExact(String),
    /// `signer:` — the words of a signer's name (tokens), all required.
    Signer(Vec<String>),
    /// `by:` — the words of the classified-by name (tokens), all required.
    By(Vec<String>),
    /// `by:="Alice Wells"` — the classified-by name exactly as written.
    ByExact(String),
    /// `handling:` — a handling caveat, upper case (`NODIS`).
    Handling(String),
    /// `cites:` — cables with references, or with references the library
    /// does not have.
    Cites(Cites),
    /// `citedby:>=N` — cables cited by at least this many cables.
    CitedBy(u32),
    /// `redacted:yes` / `redacted:no` — whether the text has
    /// `XXXXXXXXXXXX` redactions.
    Redacted(bool),
}

/// What `cites:` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cites {
    /// `cites:any` — at least one reference to a cable ID.
    Any,
    /// `cites:missing` — at least one reference to a cable the library
    /// does not have.
    Missing,
}

/// `date:` — from the first second of `from` to the last second of `to`,
/// both ends included; `None` is an open end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<Period>,
    pub to: Option<Period>,
}

/// A calendar period as written in a query: a year, a month or a day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl Period {
    /// A checked constructor: `None` for an impossible date, a day without a
    /// month, or a year outside 1000–9999.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<Period> {
        if !(1000..=9999).contains(&year) {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), d) => {
                Timestamp::new(year, m, d.unwrap_or(1), 0, 0)?;
            }
            (None, None) => {}
        }
        Some(Period { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> Option<u8> {
        self.month
    }

    pub fn day(self) -> Option<u8> {
        self.day
    }

    /// Seconds since 1970 of the first second of the period.
    pub fn start(self) -> i64 {
        day_start(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Seconds since 1970 of the first second after the period.
    pub fn end(self) -> i64 {
        match (self.month, self.day) {
            (Some(_), Some(_)) => self.start() + 86_400,
            (Some(12), None) => day_start(self.year + 1, 1, 1),
            (Some(m), None) => day_start(self.year, m + 1, 1),
            (None, _) => day_start(self.year + 1, 1, 1),
        }
    }
}

fn day_start(year: u16, month: u8, day: u8) -> i64 {
    // Fields set directly: the values were checked by `Period::new`, and
    // `unix_seconds` is plain arithmetic on any value.
    unix_seconds(Timestamp {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
    })
}

/// A query that cannot be parsed: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based character column of the problem in the query.
    pub position: usize,
    pub message: String,
}

impl QueryError {
    fn new(position: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            position,
            message: message.into(),
        }
    }

    /// The query on one line and a `^` under the column at fault on the
    /// next (control characters shown as spaces so the caret lines up).
    pub fn display_with_caret(&self, input: &str) -> String {
        let line: String = input
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let pad = " ".repeat(self.position.saturating_sub(1));
        format!("{line}\n{pad}^")
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.position, self.message)
    }
}

impl std::error::Error for QueryError {}

impl Expr {
    /// Whether the query has free words or phrases that are not negated:
    /// such a query is best sorted by relevance, any other by date.
    pub fn has_free_text(&self) -> bool {
        match self {
            // A prefix scores every word alike: best by date.
            Expr::Text(t) => t.form != Form::Prefix,
            Expr::Named(_) => true,
            Expr::Filter(_) => false,
            Expr::Not(inner) => match inner.as_ref() {
                // `NOT NOT x` is `x`.
                Expr::Not(x) => x.has_free_text(),
                _ => false,
            },
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(Expr::has_free_text),
        }
    }

    /// The canonical IDs that words of the query name (`09berlin001296`),
    /// once each, in query order, not what is negated: when nothing
    /// matches, the reader offers to list the cables that cite them.
    pub fn named_ids(&self) -> Vec<&str> {
        fn walk<'a>(e: &'a Expr, negated: bool, out: &mut Vec<&'a str>) {
            match e {
                Expr::Named(Named {
                    names: Names::Id(id),
                    ..
                }) if !negated && !out.contains(&id.as_str()) => out.push(id),
                Expr::Not(inner) => walk(inner, !negated, out),
                Expr::And(parts) | Expr::Or(parts) => {
                    parts.iter().for_each(|p| walk(p, negated, out))
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(self, false, &mut out);
        out
    }

    /// The words and phrases to mark in snippets, each as its sequence of
    /// index tokens, once each, in query order: free text and `subject:`
    /// values, not what is negated.
    pub fn highlight_terms(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        self.collect_highlights(false, &mut out);
        out
    }

    fn collect_highlights(&self, negated: bool, out: &mut Vec<Vec<String>>) {
        let text = match self {
            Expr::Text(t) | Expr::Filter(Filter::Subject(t)) => t,
            Expr::Filter(_) => return,
            Expr::Named(n) => {
                for w in &n.words {
                    Expr::Text(w.clone()).collect_highlights(negated, out);
                }
                return;
            }
            Expr::Not(inner) => return inner.collect_highlights(!negated, out),
            Expr::And(parts) | Expr::Or(parts) => {
                for p in parts {
                    p.collect_highlights(negated, out);
                }
                return;
            }
        };
        // A prefix or a word form matches words other than its tokens:
        // marking the tokens would mark what did not match.
        let marks_tokens = matches!(text.form, Form::Plain | Form::Near(_));
        if marks_tokens && !negated && !text.tokens.is_empty() && !out.contains(&text.tokens) {
            out.push(text.tokens.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::library::index::schema;

    fn parse(q: &str) -> Expr {
        match parse_query(q) {
            Ok(e) => e,
            Err(e) => panic!("{q:?} should parse: {e}"),
        }
    }

    fn words(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|w| w.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    // --- sort and highlight ------------------------------------------------

    #[test]
    fn free_text_is_what_is_not_negated() {
        assert!(parse("darfur").has_free_text());
        assert!(parse("\"arms sales\" tag:PREL").has_free_text());
        assert!(parse("tag:PREL OR (wheat date:2008)").has_free_text());
        assert!(!parse("tag:PREL").has_free_text());
        assert!(!parse("subject:darfur").has_free_text());
        assert!(!parse("tag:PREL -darfur").has_free_text());
        assert!(!parse("NOT (a OR b)").has_free_text());
        assert!(parse("NOT NOT a").has_free_text());
    }

    #[test]
    fn named_ids_are_the_ids_written_as_words_not_negated() {
        assert_eq!(
            parse("09berlin001296 tag:PREL").named_ids(),
            ["09BERLIN1296"]
        );
        assert_eq!(parse("a OR (07MOSCOW977 b)").named_ids(), ["07MOSCOW977"]);
        assert!(parse("-09BERLIN1296 berlin 1296 id:09BERLIN1")
            .named_ids()
            .is_empty());
    }

    #[test]
    fn highlights_are_the_positive_words_and_phrases() {
        assert_eq!(
            parse("Arms \"U.S. position\" -iran subject:Darfur tag:PREL arms").highlight_terms(),
            words(&[&["arms"], &["u", "s", "position"], &["darfur"]])
        );
        assert_eq!(parse("NOT (a OR b) c").highlight_terms(), words(&[&["c"]]));
        assert!(parse("-x").highlight_terms().is_empty());
        assert_eq!(parse("NOT NOT x").highlight_terms(), words(&[&["x"]]));
    }

    // --- robustness --------------------------------------------------------

    fn query_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("AND".to_string()),
            Just("OR".to_string()),
            Just("NOT".to_string()),
            Just("-".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("\"".to_string()),
            Just("..".to_string()),
            Just(":".to_string()),
            Just(" ".to_string()),
            Just("tag:".to_string()),
            Just("date:".to_string()),
            Just("class:".to_string()),
            Just("id:".to_string()),
            Just("subject:".to_string()),
            Just("origin:".to_string()),
            Just("is:".to_string()),
            Just("note:".to_string()),
            Just("label:".to_string()),
            Just("read".to_string()),
            Just("#".to_string()),
            Just("origin:=".to_string()),
            Just("class:=".to_string()),
            Just("by:".to_string()),
            Just("signer:".to_string()),
            Just("citedby:>=".to_string()),
            Just("cites:any".to_string()),
            Just("redacted:yes".to_string()),
            Just("year:".to_string()),
            Just("*".to_string()),
            Just("~".to_string()),
            Just("\"~".to_string()),
            "[0-9]{1,4}(-[0-9]{1,2}){0,2}",
            "[a-zA-Z.é]{1,8}",
            "\\PC{0,3}",
            // Words that name cables: IDs in any case with leading zeros,
            // and a station followed by a serial.
            "[0-9]{2}[a-zA-Z]{3,7}0{0,2}[0-9]{1,4}",
            Just("BERLIN ".to_string()),
            Just("moscow".to_string()),
            " [0-9]{1,5}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_parsed_query_prints_back_to_the_same_expression(
            pieces in prop::collection::vec(query_piece(), 0..12)
        ) {
            let q: String = pieces.concat();
            if let Ok(expr) = parse_query(&q) {
                let text = expr.to_string();
                prop_assert_eq!(parse_query(&text), Ok(expr), "{:?} printed as {:?}", q, text);
            }
        }

        #[test]
        fn query_like_input_parses_or_points_into_the_query(
            pieces in prop::collection::vec(query_piece(), 0..12)
        ) {
            let q: String = pieces.concat();
            match parse_query(&q) {
                Ok(expr) => {
                    let (_, fields) = schema();
                    let _ = to_tantivy(&expr, &TranslateContext::new(fields));
                    let _ = expr.highlight_terms();
                    let _ = expr.has_free_text();
                    let _ = expr.to_string();
                }
                Err(e) => {
                    prop_assert!(e.position >= 1);
                    prop_assert!(e.position <= q.chars().count() + 1, "{q:?}: {e}");
                    let _ = e.display_with_caret(&q);
                }
            }
        }
    }
}
