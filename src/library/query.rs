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
//! Free words and phrases match in the subject or the body; the filters are
//! `id:`, `tag:`, `origin:`, `class:`, `subject:`, `date:` and `refs:`.
//! Every problem is a [`QueryError`] naming the column at fault; no input
//! makes the parser panic.

use std::fmt;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use super::index::{text_analyzer, unix_seconds, Fields};
use crate::cable::parse::ids::normalize_id;
use crate::cable::{Classification, Timestamp};

/// The filter names, in the order the error message lists them.
const FILTERS: [&str; 7] = ["id", "tag", "origin", "class", "subject", "date", "refs"];

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
}

/// A word or phrase, with the index tokens it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// As typed, without the quotes.
    pub text: String,
    /// Whether it was written in quotes.
    pub quoted: bool,
    /// The tokens of [`text_analyzer`] (lower case, accents folded): one is
    /// a term, several a phrase (a word such as `U.S.` gives two).
    pub tokens: Vec<String>,
    /// The position of each token in the phrase (the analyzer drops
    /// over-long words but keeps their place).
    pub positions: Vec<usize>,
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

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
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
            Expr::Text(_) => true,
            Expr::Filter(_) => false,
            Expr::Not(inner) => match inner.as_ref() {
                // `NOT NOT x` is `x`.
                Expr::Not(x) => x.has_free_text(),
                _ => false,
            },
            Expr::And(parts) | Expr::Or(parts) => parts.iter().any(Expr::has_free_text),
        }
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
            Expr::Not(inner) => return inner.collect_highlights(!negated, out),
            Expr::And(parts) | Expr::Or(parts) => {
                for p in parts {
                    p.collect_highlights(negated, out);
                }
                return;
            }
        };
        if !negated && !text.tokens.is_empty() && !out.contains(&text.tokens) {
            out.push(text.tokens.clone());
        }
    }
}

/// The query written back, fully parenthesised (for logs and tests).
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Text(t) => write_text(f, t),
            Expr::Filter(filter) => write!(f, "{filter}"),
            Expr::Not(inner) => write!(f, "NOT {inner}"),
            Expr::And(parts) => write_joined(f, parts, " AND "),
            Expr::Or(parts) => write_joined(f, parts, " OR "),
        }
    }
}

fn write_text(f: &mut fmt::Formatter<'_>, t: &Text) -> fmt::Result {
    if t.quoted {
        write!(f, "\"{}\"", t.text)
    } else {
        f.write_str(&t.text)
    }
}

fn write_joined(f: &mut fmt::Formatter<'_>, parts: &[Expr], sep: &str) -> fmt::Result {
    f.write_str("(")?;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{p}")?;
    }
    f.write_str(")")
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Id(id) => write!(f, "id:{id}"),
            Filter::Tag(tag) if tag.contains(' ') => write!(f, "tag:\"{tag}\""),
            Filter::Tag(tag) => write!(f, "tag:{tag}"),
            Filter::Origin(words) if words.len() == 1 => write!(f, "origin:{}", words.join(" ")),
            Filter::Origin(words) => write!(f, "origin:\"{}\"", words.join(" ")),
            Filter::Class(classes) => {
                let names: Vec<&str> = classes.iter().map(|c| c.as_str()).collect();
                write!(f, "class:\"{}\"", names.join("|"))
            }
            Filter::Subject(t) => {
                f.write_str("subject:")?;
                write_text(f, t)
            }
            Filter::Date(range) => {
                f.write_str("date:")?;
                match (range.from, range.to) {
                    (Some(a), Some(b)) if a == b => write!(f, "{a}"),
                    (a, b) => {
                        if let Some(a) = a {
                            write!(f, "{a}")?;
                        }
                        f.write_str("..")?;
                        if let Some(b) = b {
                            write!(f, "{b}")?;
                        }
                        Ok(())
                    }
                }
            }
            Filter::Refs(id) => write!(f, "refs:{id}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokKind {
    Word(String),
    Phrase(String),
    Field {
        name: String,
        value: String,
        /// Column of the value's first character.
        value_col: usize,
        quoted: bool,
    },
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tok {
    kind: TokKind,
    /// 1-based character column.
    col: usize,
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && c != '(' && c != ')' && c != '"'
}

/// Reads a quoted string whose opening quote is at `open`; returns its
/// content and the index after the closing quote.
fn read_quoted(chars: &[char], open: usize) -> Result<(String, usize), QueryError> {
    let start = open + 1;
    let len = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .position(|&c| c == '"')
        .ok_or_else(|| QueryError::new(open + 1, "unterminated quote"))?;
    let text = chars[start..start + len].iter().collect();
    Ok((text, start + len + 1))
}

fn lex(input: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let col = i + 1;
        match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => {
                toks.push(Tok {
                    kind: TokKind::LParen,
                    col,
                });
                i += 1;
            }
            ')' => {
                toks.push(Tok {
                    kind: TokKind::RParen,
                    col,
                });
                i += 1;
            }
            '"' => {
                let (text, next) = read_quoted(&chars, i)?;
                toks.push(Tok {
                    kind: TokKind::Phrase(text),
                    col,
                });
                i = next;
            }
            '-' => {
                // A `-` at the start of a term negates it; inside a word
                // (`al-Bashir`, `2007-03`) the word branch keeps it.
                match chars.get(i + 1) {
                    Some(&n) if !n.is_whitespace() && n != ')' => {
                        toks.push(Tok {
                            kind: TokKind::Minus,
                            col,
                        });
                        i += 1;
                    }
                    _ => {
                        return Err(QueryError::new(
                            col,
                            "\"-\" needs a term right after it, as in -word or -tag:PREL",
                        ))
                    }
                }
            }
            _ => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| !is_word_char(c))
                    .map_or(chars.len(), |n| i + n);
                let word: String = chars[i..end].iter().collect();
                i = end;
                if let Some(tok) = field_token(&word, col, &chars, &mut i)? {
                    toks.push(tok);
                    continue;
                }
                let kind = match word.as_str() {
                    "AND" => TokKind::And,
                    "OR" => TokKind::Or,
                    "NOT" => TokKind::Not,
                    _ => TokKind::Word(word),
                };
                toks.push(Tok { kind, col });
            }
        }
    }
    Ok(toks)
}

/// A `name:value` word as a field token; `None` when the word is no filter
/// (no colon, or something other than letters before it, as in `12:30`).
/// `i` is the index after the word; a quoted value moves it on.
fn field_token(
    word: &str,
    col: usize,
    chars: &[char],
    i: &mut usize,
) -> Result<Option<Tok>, QueryError> {
    let Some((name, value)) = word.split_once(':') else {
        return Ok(None);
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(None);
    }
    let lower = name.to_ascii_lowercase();
    if !FILTERS.contains(&lower.as_str()) {
        return Err(QueryError::new(
            col,
            format!(
                "unknown filter \"{}:\" (filters: {})",
                quoted_piece(name),
                FILTERS.join(", ")
            ),
        ));
    }
    let name_len = name.chars().count() + 1;
    let (value, value_col, quoted) = if value.is_empty() && chars.get(*i) == Some(&'"') {
        let (text, next) = read_quoted(chars, *i)?;
        let value_col = *i + 2;
        *i = next;
        (text, value_col, true)
    } else {
        (value.to_string(), col + name_len, false)
    };
    if value.trim().is_empty() {
        return Err(QueryError::new(
            col,
            format!(
                "\"{lower}:\" needs a value right after the colon, as in {}",
                example(&lower)
            ),
        ));
    }
    Ok(Some(Tok {
        kind: TokKind::Field {
            name: lower,
            value,
            value_col,
            quoted,
        },
        col,
    }))
}

fn example(filter: &str) -> &'static str {
    match filter {
        "id" => "id:07MOSCOW1026",
        "tag" => "tag:PREL",
        "origin" => "origin:moscow",
        "class" => "class:secret",
        "subject" => "subject:darfur",
        "date" => "date:2007-03",
        _ => "refs:07MOSCOW977",
    }
}

/// A piece of the query to quote in a message: shortened, control
/// characters escaped.
fn quoted_piece(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == MAX_QUOTED {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Parser

/// Parses a query (docs/cli.md, "Query language").
pub fn parse_query(input: &str) -> Result<Expr, QueryError> {
    let toks = lex(input)?;
    if toks.is_empty() {
        return Err(QueryError::new(
            1,
            "the query is empty: type words, \"a phrase\" or a filter such as tag:PREL",
        ));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        analyzer: text_analyzer(),
    };
    let expr = p.or(0)?;
    match p.peek() {
        None => Ok(expr),
        Some(t) if t.kind == TokKind::RParen => Err(QueryError::new(t.col, "\")\" without \"(\"")),
        // `or` stops only at `)` or at the end.
        Some(t) => Err(QueryError::new(t.col, "unexpected term")),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    analyzer: TextAnalyzer,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    /// Whether the next token can begin a term.
    fn at_term(&self) -> bool {
        self.peek()
            .is_some_and(|t| !matches!(t.kind, TokKind::RParen | TokKind::And | TokKind::Or))
    }

    fn or(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut parts = vec![self.and(depth)?];
        while let Some(t) = self.peek() {
            if t.kind != TokKind::Or {
                break;
            }
            let col = t.col;
            self.pos += 1;
            if !self.at_term() {
                return Err(QueryError::new(col, "\"OR\" needs a term on both sides"));
            }
            parts.push(self.and(depth)?);
        }
        Ok(collapse(parts, Expr::Or))
    }

    fn and(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut parts = vec![self.unary(depth)?];
        while let Some(t) = self.peek() {
            if t.kind == TokKind::And {
                let col = t.col;
                self.pos += 1;
                if !self.at_term() {
                    return Err(QueryError::new(col, "\"AND\" needs a term on both sides"));
                }
            } else if !self.at_term() {
                break;
            }
            parts.push(self.unary(depth)?);
        }
        Ok(collapse(parts, Expr::And))
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let Some(tok) = self.peek().cloned() else {
            // Callers check `at_term` first; kept total all the same.
            let end = self.toks.last().map_or(1, |t| t.col + 1);
            return Err(QueryError::new(end, "a term is missing at the end"));
        };
        if depth >= MAX_DEPTH {
            return Err(QueryError::new(
                tok.col,
                format!("the query nests parentheses or negations more than {MAX_DEPTH} deep"),
            ));
        }
        self.pos += 1;
        match tok.kind {
            TokKind::Not | TokKind::Minus => {
                if !self.at_term() {
                    let msg = if tok.kind == TokKind::Not {
                        "\"NOT\" needs a term after it"
                    } else {
                        "\"-\" needs a term right after it, as in -word or -tag:PREL"
                    };
                    return Err(QueryError::new(tok.col, msg));
                }
                Ok(Expr::Not(Box::new(self.unary(depth + 1)?)))
            }
            TokKind::LParen => {
                match self.peek() {
                    None => return Err(QueryError::new(tok.col, "\"(\" without \")\"")),
                    Some(t) if t.kind == TokKind::RParen => {
                        return Err(QueryError::new(tok.col, "empty parentheses"))
                    }
                    Some(_) => {}
                }
                let inner = self.or(depth + 1)?;
                match self.peek() {
                    Some(t) if t.kind == TokKind::RParen => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(QueryError::new(tok.col, "\"(\" without \")\"")),
                }
            }
            TokKind::RParen => Err(QueryError::new(tok.col, "\")\" without \"(\"")),
            TokKind::And => Err(QueryError::new(
                tok.col,
                "\"AND\" needs a term on both sides",
            )),
            TokKind::Or => Err(QueryError::new(
                tok.col,
                "\"OR\" needs a term on both sides",
            )),
            TokKind::Word(w) => Ok(Expr::Text(self.text(w, false, tok.col)?)),
            TokKind::Phrase(p) => Ok(Expr::Text(self.text(p, true, tok.col)?)),
            TokKind::Field {
                name,
                value,
                value_col,
                quoted,
            } => Ok(Expr::Filter(self.filter(&name, value, value_col, quoted)?)),
        }
    }

    fn tokens(&mut self, text: &str) -> (Vec<String>, Vec<usize>) {
        let mut tokens = Vec::new();
        let mut positions = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        stream.process(&mut |t| {
            tokens.push(t.text.clone());
            positions.push(t.position);
        });
        // Positions relative to the first token kept.
        let first = positions.first().copied().unwrap_or(0);
        for p in &mut positions {
            *p = p.saturating_sub(first);
        }
        (tokens, positions)
    }

    fn text(&mut self, text: String, quoted: bool, col: usize) -> Result<Text, QueryError> {
        let (tokens, positions) = self.tokens(&text);
        if tokens.is_empty() {
            return Err(no_words(&text, col));
        }
        Ok(Text {
            text,
            quoted,
            tokens,
            positions,
        })
    }

    fn filter(
        &mut self,
        name: &str,
        value: String,
        col: usize,
        quoted: bool,
    ) -> Result<Filter, QueryError> {
        match name {
            "id" | "refs" => match normalize_id(&value) {
                Some(id) if name == "id" => Ok(Filter::Id(id)),
                Some(id) => Ok(Filter::Refs(id)),
                None => Err(QueryError::new(
                    col,
                    format!(
                        "\"{}\" is not a cable ID (such as 07MOSCOW1026)",
                        quoted_piece(&value)
                    ),
                )),
            },
            "tag" => Ok(Filter::Tag(value.trim().to_uppercase())),
            "origin" => {
                let (tokens, _) = self.tokens(&value);
                if tokens.is_empty() {
                    return Err(no_words(&value, col));
                }
                Ok(Filter::Origin(tokens))
            }
            "class" => {
                let classes = classes_matching(&value);
                if classes.is_empty() {
                    let all: Vec<&str> = Classification::ALL.iter().map(|c| c.as_str()).collect();
                    return Err(QueryError::new(
                        col,
                        format!(
                            "no classification matches \"{}\" ({})",
                            quoted_piece(&value),
                            all.join(", ")
                        ),
                    ));
                }
                Ok(Filter::Class(classes))
            }
            "subject" => Ok(Filter::Subject(self.text(value, quoted, col)?)),
            _ => Ok(Filter::Date(parse_date_range(&value, col)?)),
        }
    }
}

fn collapse(mut parts: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Expr {
    if parts.len() == 1 {
        if let Some(only) = parts.pop() {
            return only;
        }
    }
    make(parts)
}

fn no_words(text: &str, col: usize) -> QueryError {
    let msg = if text.trim().is_empty() {
        "empty quotes: put a word or phrase between them".to_string()
    } else if text.chars().any(char::is_alphanumeric) {
        format!("\"{}\" is longer than any indexed word", quoted_piece(text))
    } else {
        format!(
            "\"{}\" has no letters or digits to search for",
            quoted_piece(text)
        )
    };
    QueryError::new(col, msg)
}

/// Letters and digits only, upper case: `secret//noforn` and
/// `SECRET NOFORN` compare alike.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The release classifications of which `value` is a part (ignoring case
/// and punctuation), after the aliases of [`CLASS_ALIASES`].
fn classes_matching(value: &str) -> Vec<Classification> {
    let key = squash(value);
    if key.is_empty() {
        return Vec::new();
    }
    let key = CLASS_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map_or(key.as_str(), |(_, part)| part);
    Classification::ALL
        .iter()
        .copied()
        .filter(|c| squash(c.as_str()).contains(key))
        .collect()
}

fn parse_date_range(value: &str, col: usize) -> Result<DateRange, QueryError> {
    let Some((a, b)) = value.split_once("..") else {
        let p = parse_period(value, col)?;
        return Ok(DateRange {
            from: Some(p),
            to: Some(p),
        });
    };
    let b_col = col + a.chars().count() + 2;
    let from = if a.is_empty() {
        None
    } else {
        Some(parse_period(a, col)?)
    };
    let to = if b.is_empty() {
        None
    } else {
        Some(parse_period(b, b_col)?)
    };
    match (from, to) {
        (None, None) => Err(QueryError::new(
            col,
            "a date range needs at least one end, as in date:2007.. or date:..2008-06",
        )),
        (Some(f), Some(t)) if f.start() >= t.end() => Err(QueryError::new(
            col,
            format!(
                "the range \"{}\" ends before it starts",
                quoted_piece(value)
            ),
        )),
        _ => Ok(DateRange { from, to }),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a one-digit month or day is fine).
fn parse_period(s: &str, col: usize) -> Result<Period, QueryError> {
    let bad = || {
        QueryError::new(
            col,
            format!(
                "\"{}\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                quoted_piece(s)
            ),
        )
    };
    let number = |part: &str, lens: std::ops::RangeInclusive<usize>| -> Option<u16> {
        if !lens.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let mut parts = s.split('-');
    let year = parts
        .next()
        .and_then(|y| number(y, 4..=4))
        .ok_or_else(bad)?;
    let month = match parts.next() {
        Some(m) => Some(
            number(m, 1..=2)
                .and_then(|m| u8::try_from(m).ok())
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    let day = match parts.next() {
        Some(d) => Some(
            number(d, 1..=2)
                .and_then(|d| u8::try_from(d).ok())
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Period::new(year, month, day).ok_or_else(bad)
}

// ---------------------------------------------------------------------------
// Translation

/// The tantivy query for an expression. Free text scores with BM25; a query
/// that is only negative matches every cable except what it names.
pub fn to_tantivy(expr: &Expr, fields: &Fields) -> Box<dyn Query> {
    match expr {
        Expr::Text(t) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, text_query(t, fields.subject)),
            (Occur::Should, text_query(t, fields.body)),
        ])),
        Expr::Filter(f) => filter_query(f, fields),
        Expr::Not(inner) => match inner.as_ref() {
            Expr::Not(x) => to_tantivy(x, fields),
            x => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, to_tantivy(x, fields)),
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
                        clauses.push((Occur::MustNot, to_tantivy(x, fields)));
                    }
                    _ => {
                        positive = true;
                        clauses.push((Occur::Must, to_tantivy(p, fields)));
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
                .map(|p| (Occur::Should, to_tantivy(p, fields)))
                .collect(),
        )),
    }
}

/// A word (one token) or phrase (several) in one text field.
fn text_query(t: &Text, field: Field) -> Box<dyn Query> {
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
            Box::new(PhraseQuery::new_with_offset(
                offsets.into_iter().zip(terms).collect(),
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

fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn filter_query(f: &Filter, fields: &Fields) -> Box<dyn Query> {
    match f {
        Filter::Id(id) => exact(fields.id, id),
        Filter::Tag(tag) => exact(fields.tags, tag),
        Filter::Refs(id) => exact(fields.references, id),
        // The origin words are indexed without positions (a phrase query
        // would fail there): every word is required instead.
        Filter::Origin(words) => match words.as_slice() {
            [] => Box::new(EmptyQuery),
            [one] => exact(fields.origin_words, one),
            many => Box::new(BooleanQuery::new(
                many.iter()
                    .map(|w| (Occur::Must, exact(fields.origin_words, w)))
                    .collect(),
            )),
        },
        Filter::Class(classes) => match classes.as_slice() {
            [] => Box::new(EmptyQuery),
            [one] => exact(fields.classification, one.as_str()),
            many => Box::new(BooleanQuery::new(
                many.iter()
                    .map(|c| (Occur::Should, exact(fields.classification, c.as_str())))
                    .collect(),
            )),
        },
        Filter::Subject(t) => text_query(t, fields.subject),
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
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use proptest::prelude::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::Value;
    use tantivy::{Index, IndexWriter, Searcher, TantivyDocument};

    use super::*;
    use crate::library::index::{schema, TEXT_TOKENIZER};

    fn parse(q: &str) -> Expr {
        match parse_query(q) {
            Ok(e) => e,
            Err(e) => panic!("{q:?} should parse: {e}"),
        }
    }

    /// The fully parenthesised form of a query.
    fn shape(q: &str) -> String {
        parse(q).to_string()
    }

    fn err(q: &str) -> QueryError {
        match parse_query(q) {
            Ok(e) => panic!("{q:?} should not parse, got {e}"),
            Err(e) => e,
        }
    }

    fn err_at(q: &str, column: usize, needle: &str) {
        let e = err(q);
        assert_eq!(e.position, column, "{q:?}: {e}");
        assert!(e.message.contains(needle), "{q:?}: {e}");
    }

    fn words(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter()
            .map(|w| w.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    // --- parsing ---------------------------------------------------------

    #[test]
    fn a_word_is_a_text_with_its_tokens() {
        let Expr::Text(t) = parse("Moscow") else {
            panic!("not a text")
        };
        assert_eq!(t.text, "Moscow");
        assert!(!t.quoted);
        assert_eq!(t.tokens, ["moscow"]);
    }

    #[test]
    fn a_word_with_punctuation_becomes_several_tokens() {
        let Expr::Text(t) = parse("U.S.") else {
            panic!("not a text")
        };
        assert_eq!(t.tokens, ["u", "s"]);
        assert_eq!(t.positions, [0, 1]);
    }

    #[test]
    fn a_quoted_phrase_is_one_text() {
        let Expr::Text(t) = parse("\"Arms Sales\"") else {
            panic!("not a text")
        };
        assert!(t.quoted);
        assert_eq!(t.text, "Arms Sales");
        assert_eq!(t.tokens, ["arms", "sales"]);
    }

    #[test]
    fn terms_side_by_side_are_and() {
        assert_eq!(shape("arms sales syria"), "(arms AND sales AND syria)");
        assert_eq!(shape("arms AND sales"), "(arms AND sales)");
    }

    #[test]
    fn or_combines() {
        assert_eq!(shape("wheat OR darfur"), "(wheat OR darfur)");
    }

    #[test]
    fn lower_case_operators_are_words() {
        assert_eq!(shape("arms and sales"), "(arms AND and AND sales)");
        assert_eq!(shape("war or peace"), "(war AND or AND peace)");
        assert_eq!(shape("not"), "not");
        assert_eq!(shape("And"), "And");
    }

    #[test]
    fn not_and_minus_negate() {
        assert_eq!(shape("NOT darfur"), "NOT darfur");
        assert_eq!(shape("-darfur"), "NOT darfur");
        assert_eq!(shape("-tag:PREL"), "NOT tag:PREL");
        assert_eq!(shape("-(a OR b)"), "NOT (a OR b)");
        assert_eq!(shape("-\"arms sales\""), "NOT \"arms sales\"");
        assert_eq!(shape("arms -sales"), "(arms AND NOT sales)");
        assert_eq!(shape("--x"), "NOT NOT x");
    }

    #[test]
    fn a_hyphen_inside_a_word_is_part_of_it() {
        let Expr::Text(t) = parse("al-Bashir") else {
            panic!("not a text")
        };
        assert_eq!(t.tokens, ["al", "bashir"]);
    }

    #[test]
    fn not_binds_tighter_than_and() {
        assert_eq!(shape("NOT a b"), "(NOT a AND b)");
        assert_eq!(shape("a NOT b c"), "(a AND NOT b AND c)");
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert_eq!(shape("a b OR c"), "((a AND b) OR c)");
        assert_eq!(shape("a OR b c"), "(a OR (b AND c))");
        assert_eq!(shape("a OR b AND c OR d"), "(a OR (b AND c) OR d)");
        assert_eq!(shape("NOT a OR b"), "(NOT a OR b)");
    }

    #[test]
    fn parentheses_group() {
        assert_eq!(shape("(a OR b) c"), "((a OR b) AND c)");
        assert_eq!(shape("a (b OR c)"), "(a AND (b OR c))");
        assert_eq!(shape("((a))"), "a");
        assert_eq!(shape("(a OR b)(c OR d)"), "((a OR b) AND (c OR d))");
    }

    #[test]
    fn id_and_refs_are_normalised() {
        assert_eq!(
            parse("id:07moscow001026"),
            Expr::Filter(Filter::Id("07MOSCOW1026".into()))
        );
        assert_eq!(
            parse("refs:07MOSCOW977"),
            Expr::Filter(Filter::Refs("07MOSCOW977".into()))
        );
        assert_eq!(
            parse("id:\"07 MOSCOW 1026\""),
            Expr::Filter(Filter::Id("07MOSCOW1026".into()))
        );
    }

    #[test]
    fn tag_is_upper_cased() {
        assert_eq!(parse("tag:prel"), Expr::Filter(Filter::Tag("PREL".into())));
    }

    #[test]
    fn field_names_ignore_case() {
        assert_eq!(parse("TAG:PREL"), Expr::Filter(Filter::Tag("PREL".into())));
        assert_eq!(parse("Id:07MOSCOW1026"), parse("id:07MOSCOW1026"));
    }

    #[test]
    fn origin_keeps_its_words() {
        assert_eq!(
            parse("origin:Moscow"),
            Expr::Filter(Filter::Origin(vec!["moscow".into()]))
        );
        assert_eq!(
            parse("origin:\"Buenos Aires\""),
            Expr::Filter(Filter::Origin(vec!["buenos".into(), "aires".into()]))
        );
    }

    #[test]
    fn class_matches_parts_of_the_release_values() {
        use Classification::*;
        let class = |q: &str| match parse(q) {
            Expr::Filter(Filter::Class(c)) => c,
            other => panic!("{q}: {other:?}"),
        };
        assert_eq!(class("class:secret"), [Secret, SecretNoforn]);
        assert_eq!(class("class:NOFORN"), [ConfidentialNoforn, SecretNoforn]);
        assert_eq!(
            class("class:confidential"),
            [Confidential, ConfidentialNoforn]
        );
        assert_eq!(
            class("class:unclassified"),
            [Unclassified, UnclassifiedFouo]
        );
        assert_eq!(class("class:fouo"), [UnclassifiedFouo]);
        assert_eq!(class("class:SBU"), [UnclassifiedFouo]);
        assert_eq!(class("class:\"secret//noforn\""), [SecretNoforn]);
        assert_eq!(class("class:\"official use\""), [UnclassifiedFouo]);
        assert_eq!(class("class:S/NF"), [SecretNoforn]);
    }

    #[test]
    fn subject_takes_a_word_or_a_phrase() {
        let Expr::Filter(Filter::Subject(t)) = parse("subject:\"arms sales\"") else {
            panic!("not a subject filter")
        };
        assert!(t.quoted);
        assert_eq!(t.tokens, ["arms", "sales"]);
        let Expr::Filter(Filter::Subject(t)) = parse("subject:Darfur") else {
            panic!("not a subject filter")
        };
        assert_eq!(t.tokens, ["darfur"]);
    }

    #[test]
    fn dates_parse_to_periods() {
        let range = |q: &str| match parse(q) {
            Expr::Filter(Filter::Date(r)) => r,
            other => panic!("{q}: {other:?}"),
        };
        let p = |y, m, d| Period::new(y, m, d).unwrap();
        let y2007 = p(2007, None, None);
        assert_eq!(
            range("date:2007"),
            DateRange {
                from: Some(y2007),
                to: Some(y2007)
            }
        );
        let m = p(2007, Some(3), None);
        assert_eq!(
            range("date:2007-03"),
            DateRange {
                from: Some(m),
                to: Some(m)
            }
        );
        let d = p(2007, Some(3), Some(12));
        assert_eq!(
            range("date:2007-03-12"),
            DateRange {
                from: Some(d),
                to: Some(d)
            }
        );
        assert_eq!(
            range("date:2007-03..2008-06"),
            DateRange {
                from: Some(m),
                to: Some(p(2008, Some(6), None))
            }
        );
        assert_eq!(
            range("date:2007.."),
            DateRange {
                from: Some(y2007),
                to: None
            }
        );
        assert_eq!(
            range("date:..2008-06"),
            DateRange {
                from: None,
                to: Some(p(2008, Some(6), None))
            }
        );
        assert_eq!(range("date:2007-3-1"), range("date:2007-03-01"));
    }

    #[test]
    fn periods_cover_whole_years_months_and_days() {
        let p = |y, m, d| Period::new(y, m, d).unwrap();
        let day = 86_400;
        let y = p(2008, None, None);
        assert_eq!(y.end() - y.start(), 366 * day);
        let feb = p(2008, Some(2), None);
        assert_eq!(feb.end() - feb.start(), 29 * day);
        let dec = p(2007, Some(12), None);
        assert_eq!(dec.end(), p(2008, None, None).start());
        let d = p(2007, Some(3), Some(12));
        assert_eq!(d.start(), 1_173_657_600);
        assert_eq!(d.end() - d.start(), day);
    }

    #[test]
    fn a_filter_value_may_be_quoted() {
        assert_eq!(
            shape("subject:\"arms sales\" tag:PREL"),
            "(subject:\"arms sales\" AND tag:PREL)"
        );
        assert_eq!(shape("tag:\"OVIP, RICE\""), "tag:\"OVIP, RICE\"");
    }

    #[test]
    fn a_colon_after_digits_is_no_filter() {
        let Expr::Text(t) = parse("12:30") else {
            panic!("not a text")
        };
        assert_eq!(t.tokens, ["12", "30"]);
    }

    // --- errors ----------------------------------------------------------

    #[test]
    fn an_empty_query_is_an_error() {
        err_at("", 1, "empty");
        err_at("   ", 1, "empty");
    }

    #[test]
    fn an_unterminated_quote_points_at_it() {
        err_at("arms \"sales", 6, "unterminated quote");
        err_at("subject:\"arms", 9, "unterminated quote");
        assert_eq!(
            err("tag:PREL \"x").to_string(),
            "column 10: unterminated quote"
        );
    }

    #[test]
    fn an_unknown_filter_lists_the_filters() {
        let e = err("foo:bar");
        assert_eq!(
            e.to_string(),
            "column 1: unknown filter \"foo:\" (filters: id, tag, origin, class, subject, date, refs)"
        );
        err_at("arms Summary:x", 6, "unknown filter \"Summary:\"");
    }

    #[test]
    fn a_filter_needs_a_value() {
        err_at("tag:", 1, "\"tag:\" needs a value");
        err_at("arms subject: darfur", 6, "\"subject:\" needs a value");
        err_at("origin:\"  \"", 1, "needs a value");
    }

    #[test]
    fn unbalanced_parentheses_are_errors() {
        assert_eq!(
            err("tag:PREL wx)").to_string(),
            "column 12: \")\" without \"(\""
        );
        err_at("(a OR b", 1, "\"(\" without \")\"");
        err_at("a (b (c)", 3, "\"(\" without \")\"");
        err_at(") a", 1, "\")\" without \"(\"");
        err_at("a ()", 3, "empty parentheses");
        err_at("(a OR b) c)", 11, "\")\" without \"(\"");
    }

    #[test]
    fn operators_need_terms_on_both_sides() {
        assert_eq!(
            err("foo AND").to_string(),
            "column 5: \"AND\" needs a term on both sides"
        );
        err_at("AND foo", 1, "\"AND\" needs a term on both sides");
        err_at("a OR", 3, "\"OR\" needs a term on both sides");
        err_at("OR a", 1, "\"OR\" needs a term on both sides");
        err_at("a AND OR b", 3, "\"AND\" needs a term on both sides");
        err_at("a OR AND b", 3, "\"OR\" needs a term on both sides");
        err_at("(a AND) b", 4, "\"AND\" needs a term on both sides");
        err_at("a NOT", 3, "\"NOT\" needs a term after it");
        err_at("NOT OR a", 1, "\"NOT\" needs a term after it");
        err_at("a - b", 3, "\"-\" needs a term right after it");
        err_at("a -", 3, "\"-\" needs a term right after it");
        err_at("(a -)", 4, "\"-\" needs a term right after it");
        err_at("-OR a", 1, "\"-\" needs a term right after it");
    }

    #[test]
    fn a_bad_date_points_at_it() {
        assert_eq!(
            err("date:2007-13").to_string(),
            "column 6: \"2007-13\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        err_at("date:2007-02-30", 6, "\"2007-02-30\" is not a date");
        err_at("date:07", 6, "is not a date");
        err_at("date:2007-03..2008-6-31", 15, "\"2008-6-31\" is not a date");
        err_at("date:march", 6, "is not a date");
        err_at("date:2007-03-12-01", 6, "is not a date");
        err_at("date:..", 6, "at least one end");
        err_at("date:2008..2007", 6, "ends before it starts");
        err_at("x date:\"2007-\"", 9, "is not a date");
    }

    #[test]
    fn a_bad_id_points_at_it() {
        assert_eq!(
            err("id:XYZ").to_string(),
            "column 4: \"XYZ\" is not a cable ID (such as 07MOSCOW1026)"
        );
        err_at("a refs:MOSCOW", 8, "\"MOSCOW\" is not a cable ID");
    }

    #[test]
    fn an_unknown_classification_lists_the_values() {
        let e = err("class:foo");
        assert_eq!(e.position, 7);
        assert!(e
            .message
            .starts_with("no classification matches \"foo\" (UNCLASSIFIED, "));
        for c in Classification::ALL {
            assert!(e.message.contains(c.as_str()), "{e}");
        }
    }

    #[test]
    fn a_word_without_letters_is_an_error() {
        err_at("arms &", 6, "no letters or digits");
        err_at("\"\"", 1, "empty quotes");
        err_at("origin:..", 8, "no letters or digits");
        err_at(&"x".repeat(60), 1, "longer than any indexed word");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).message.contains("deep"));
        assert!(err(&format!("{}a", "-".repeat(10_000)))
            .message
            .contains("deep"));
        assert!(parse_query(&"-".repeat(10_000)).is_err());
        let nots = format!("{}a", "NOT ".repeat(10_000));
        assert!(err(&nots).message.contains("deep"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        err_at("Ñandú AND", 7, "\"AND\" needs a term");
    }

    #[test]
    fn the_caret_sits_under_the_column() {
        let q = "tag:PREL AND";
        let e = err(q);
        assert_eq!(e.display_with_caret(q), "tag:PREL AND\n         ^");
        let q = "a\tb )";
        assert_eq!(err(q).display_with_caret(q), "a b )\n    ^");
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
    fn highlights_are_the_positive_words_and_phrases() {
        assert_eq!(
            parse("Arms \"U.S. position\" -iran subject:Darfur tag:PREL arms").highlight_terms(),
            words(&[&["arms"], &["u", "s", "position"], &["darfur"]])
        );
        assert_eq!(parse("NOT (a OR b) c").highlight_terms(), words(&[&["c"]]));
        assert!(parse("-x").highlight_terms().is_empty());
        assert_eq!(parse("NOT NOT x").highlight_terms(), words(&[&["x"]]));
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
            body: "The coalition partners met in Berlin.",
            refs: &[],
        },
    ];

    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let (schema, fields) = schema();
            let index = Index::create_in_ram(schema);
            index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
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

    /// The IDs of the cables a query matches, sorted.
    fn hits(q: &str) -> Vec<String> {
        let fx = fixture();
        let query = to_tantivy(&parse(q), &fx.fields);
        let found = fx
            .searcher
            .search(query.as_ref(), &DocSetCollector)
            .unwrap();
        let ids: BTreeSet<String> = found
            .into_iter()
            .map(|addr| {
                let doc: TantivyDocument = fx.searcher.doc(addr).unwrap();
                doc.get_first(fx.fields.id)
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.into_iter().collect()
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
        let query = to_tantivy(&parse("darfur"), &fx.fields);
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
            "[0-9]{1,4}(-[0-9]{1,2}){0,2}",
            "[a-zA-Z.é]{1,8}",
            "\\PC{0,3}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn parse_query_never_panics(s in "\\PC*") {
            let _ = parse_query(&s);
        }

        #[test]
        fn query_like_input_parses_or_points_into_the_query(
            pieces in prop::collection::vec(query_piece(), 0..12)
        ) {
            let q: String = pieces.concat();
            match parse_query(&q) {
                Ok(expr) => {
                    let (_, fields) = schema();
                    let _ = to_tantivy(&expr, &fields);
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
