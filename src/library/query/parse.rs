//! Tokens → [`Expr`]: precedence (`NOT` over `AND` over `OR`), filter
//! values checked and normalised, every problem a [`QueryError`] with its
//! column. The grammar is in the module above.

use tantivy::tokenizer::TextAnalyzer;

use super::lex::{lex, quoted_piece, Tok, TokKind};
use super::{
    Cites, DateRange, Expr, Filter, Form, Named, Names, Period, QueryError, Text, CLASS_ALIASES,
    MAX_DEPTH, MIN_PREFIX_CHARS,
};
use crate::cable::parse::ids::{cable_id, is_listed_station, normalize_id};
use crate::cable::Classification;
use crate::library::index::{stem_analyzer, text_analyzer};

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
        stemmer: stem_analyzer(),
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
    /// The analyzer that gives a `~word` its stems.
    stemmer: TextAnalyzer,
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
            let next = self.unary(depth)?;
            push_part(&mut parts, next);
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
            TokKind::Word(w) if w.starts_with('~') => Ok(Expr::Text(self.stemmed(w, tok.col)?)),
            TokKind::Word(w) if w.ends_with('*') => Ok(Expr::Text(self.prefix(w, tok.col)?)),
            TokKind::Word(w) => {
                let text = self.text(w, false, tok.col)?;
                Ok(match normalize_id(&text.text) {
                    Some(id) => Expr::Named(Named {
                        words: vec![text],
                        names: Names::Id(id),
                    }),
                    None => Expr::Text(text),
                })
            }
            TokKind::Phrase { text, slop } => {
                let mut text = self.text(text, true, tok.col)?;
                if let Some(n) = slop {
                    text.form = Form::Near(n);
                }
                Ok(Expr::Text(text))
            }
            TokKind::Field {
                name,
                value,
                value_col,
                exact: true,
                ..
            } => Ok(Expr::Filter(self.exact_filter(&name, value, value_col)?)),
            TokKind::Field {
                name,
                value,
                value_col,
                quoted,
                ..
            } => Ok(Expr::Filter(self.filter(&name, value, value_col, quoted)?)),
        }
    }

    fn tokens(&mut self, text: &str) -> (Vec<String>, Vec<usize>) {
        tokens_of(&mut self.analyzer, text)
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
            form: Form::Plain,
        })
    }

    /// `darf*`: one word of at least [`MIN_PREFIX_CHARS`] characters, then
    /// the star.
    fn prefix(&mut self, word: String, col: usize) -> Result<Text, QueryError> {
        let stem = &word[..word.len() - 1];
        if stem.contains('*') {
            return Err(QueryError::new(
                col,
                "\"*\" goes once, at the end of a word, as in darf*",
            ));
        }
        let (tokens, positions) = self.tokens(stem);
        match tokens.as_slice() {
            [one] if one.chars().count() >= MIN_PREFIX_CHARS => Ok(Text {
                text: stem.to_string(),
                quoted: false,
                tokens,
                positions,
                form: Form::Prefix,
            }),
            [_] | [] => Err(QueryError::new(
                col,
                format!(
                    "a prefix needs at least {MIN_PREFIX_CHARS} letters or digits before \"*\", as in darf*"
                ),
            )),
            _ => Err(QueryError::new(
                col,
                format!(
                    "\"{}\" is not one word: a prefix is letters and digits before \"*\", as in darf*",
                    quoted_piece(&word)
                ),
            )),
        }
    }

    /// `~negotiate`: the word's English stems, which the library looks up
    /// among the stems of the indexed words.
    fn stemmed(&mut self, word: String, col: usize) -> Result<Text, QueryError> {
        let rest = &word[1..];
        if rest.is_empty() {
            return Err(QueryError::new(
                col,
                "\"~\" needs a word right after it, as in ~negotiate",
            ));
        }
        if rest.ends_with('*') || rest.starts_with('~') {
            return Err(QueryError::new(
                col,
                "\"~\" takes a plain word: word forms and a prefix do not combine",
            ));
        }
        let (tokens, positions) = tokens_of(&mut self.stemmer, rest);
        if tokens.is_empty() {
            return Err(no_words(rest, col + 1));
        }
        Ok(Text {
            text: rest.to_string(),
            quoted: false,
            tokens,
            positions,
            form: Form::Stemmed,
        })
    }

    /// `name:=value`: the value exactly as the release writes it.
    fn exact_filter(
        &mut self,
        name: &str,
        value: String,
        col: usize,
    ) -> Result<Filter, QueryError> {
        let value = value.trim().to_string();
        match name {
            "tag" => Ok(Filter::Tag(value.to_uppercase())),
            "origin" => Ok(Filter::OriginExact(value)),
            "by" => Ok(Filter::ByExact(value)),
            _ => {
                let key = squash(&value);
                match Classification::ALL
                    .iter()
                    .find(|c| squash(c.as_str()) == key)
                {
                    Some(&c) => Ok(Filter::Class(vec![c])),
                    None => {
                        let all: Vec<&str> =
                            Classification::ALL.iter().map(|c| c.as_str()).collect();
                        Err(QueryError::new(
                            col,
                            format!(
                                "no classification is exactly \"{}\" ({})",
                                quoted_piece(&value),
                                all.join(", ")
                            ),
                        ))
                    }
                }
            }
        }
    }

    /// The tokens of a name's words (`origin:`, `signer:`, `by:`), at
    /// least one.
    fn name_words(&mut self, value: &str, col: usize) -> Result<Vec<String>, QueryError> {
        let (tokens, _) = self.tokens(value);
        if tokens.is_empty() {
            return Err(no_words(value, col));
        }
        Ok(tokens)
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
            "origin" => Ok(Filter::Origin(self.name_words(&value, col)?)),
            "signer" => Ok(Filter::Signer(self.name_words(&value, col)?)),
            "by" => Ok(Filter::By(self.name_words(&value, col)?)),
            "handling" => Ok(Filter::Handling(value.trim().to_uppercase())),
            "cites" => match value.trim().to_ascii_lowercase().as_str() {
                "any" => Ok(Filter::Cites(Cites::Any)),
                "missing" => Ok(Filter::Cites(Cites::Missing)),
                _ => Err(QueryError::new(
                    col,
                    format!(
                        "\"cites:\" takes any (cables with references) or missing (references the library does not have), not \"{}\"",
                        quoted_piece(&value)
                    ),
                )),
            },
            "citedby" => Ok(Filter::CitedBy(parse_at_least(&value, col)?)),
            "redacted" => match value.trim().to_ascii_lowercase().as_str() {
                "yes" => Ok(Filter::Redacted(true)),
                "no" => Ok(Filter::Redacted(false)),
                _ => Err(QueryError::new(
                    col,
                    format!(
                        "\"redacted:\" takes yes or no, not \"{}\"",
                        quoted_piece(&value)
                    ),
                )),
            },
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
            "subject" if !quoted && value.ends_with('*') => {
                Ok(Filter::Subject(self.prefix(value, col)?))
            }
            "subject" => Ok(Filter::Subject(self.text(value, quoted, col)?)),
            "is" => match value.trim().to_ascii_lowercase().as_str() {
                "read" => Ok(Filter::Read(true)),
                "unread" => Ok(Filter::Read(false)),
                _ => Err(QueryError::new(
                    col,
                    format!(
                        "\"is:{}\" is not a state: is:read or is:unread",
                        quoted_piece(&value)
                    ),
                )),
            },
            "note" => Ok(Filter::Note(self.text(value, quoted, col)?)),
            "label" => {
                let label = value.trim().trim_start_matches('#').to_lowercase();
                match crate::library::store::labels_of(&format!("#{label}")).as_slice() {
                    [one] if *one == label => Ok(Filter::Label(label)),
                    _ => Err(QueryError::new(
                        col,
                        format!(
                            "\"{}\" is not a label (letters, digits, - and _, as #germany in a note)",
                            quoted_piece(&value)
                        ),
                    )),
                }
            }
            // `year:` is `date:` by another name.
            _ => Ok(Filter::Date(parse_date_range(&value, col)?)),
        }
    }
}

/// Adds `next` to the parts of an AND — with the part before it as the
/// words that name that station's cables of that serial when the two are a
/// station and a serial (`BERLIN 1296`, as a REF line writes a cable
/// without its year).
fn push_part(parts: &mut Vec<Expr>, next: Expr) {
    let tail = match (parts.last(), &next) {
        (Some(Expr::Text(station)), Expr::Text(serial))
            if !station.quoted
                && !serial.quoted
                && serial.text.bytes().all(|b| b.is_ascii_digit())
                && is_listed_station(&station.text) =>
        {
            // The one ID canonicalisation, with a stand-in year cut off
            // again: the station and serial as every ID writes them.
            cable_id(2000, &station.text, &serial.text)
                .and_then(|id| id.get(2..).map(str::to_string))
        }
        _ => None,
    };
    let Some(tail) = tail else {
        parts.push(next);
        return;
    };
    match (parts.pop(), next) {
        (Some(Expr::Text(station)), Expr::Text(serial)) => parts.push(Expr::Named(Named {
            words: vec![station, serial],
            names: Names::Serial(tail),
        })),
        // Not reached: `tail` is only found for two texts.
        (prev, next) => {
            parts.extend(prev);
            parts.push(next);
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
pub(super) fn classes_matching(value: &str) -> Vec<Classification> {
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

/// Most citations `citedby:` may ask for: more than any cable has, and
/// small enough that `>N` plus one cannot overflow.
const MAX_CITED_BY: u32 = 1_000_000;

/// `>=N` or `>N` (`citedby:`): the least count that qualifies.
fn parse_at_least(value: &str, col: usize) -> Result<u32, QueryError> {
    let v = value.trim();
    let (digits, offset, bump) = if let Some(rest) = v.strip_prefix(">=") {
        (rest, 2, 0)
    } else if let Some(rest) = v.strip_prefix('>') {
        (rest, 1, 1)
    } else {
        return Err(QueryError::new(
            col,
            format!(
                "\"citedby:\" takes >=N (cited by at least N cables), as in citedby:>=5, not \"{}\"",
                quoted_piece(value)
            ),
        ));
    };
    match digits.parse::<u32>() {
        Ok(n) if n <= MAX_CITED_BY && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n + bump),
        _ => Err(QueryError::new(
            col + offset,
            format!(
                "\"{}\" is not a number of citations (0 to {MAX_CITED_BY})",
                quoted_piece(digits)
            ),
        )),
    }
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

/// The index tokens of a word or phrase and the position of each, as
/// [`Text`] holds them.
pub(super) fn tokens_of(analyzer: &mut TextAnalyzer, text: &str) -> (Vec<String>, Vec<usize>) {
    let mut tokens = Vec::new();
    let mut positions = Vec::new();
    let mut stream = analyzer.token_stream(text);
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::library::query::Cites;

    fn parse(q: &str) -> Expr {
        match parse_query(q) {
            Ok(e) => e,
            Err(e) => panic!("{q:?} should parse: {e}"),
        }
    }

    /// The structure of a parsed query, fully parenthesised: every `AND`
    /// and `OR` group in brackets, so a test sees exactly how it nested.
    /// (The query's text form for users is `Display`, in print.rs.)
    fn shape(q: &str) -> String {
        fn full(e: &Expr) -> String {
            match e {
                Expr::Not(inner) => format!("NOT {}", full(inner)),
                Expr::And(parts) | Expr::Or(parts) => {
                    let sep = if matches!(e, Expr::And(_)) {
                        " AND "
                    } else {
                        " OR "
                    };
                    let parts: Vec<String> = parts.iter().map(full).collect();
                    format!("({})", parts.join(sep))
                }
                leaf => leaf.to_string(),
            }
        }
        full(&parse(q))
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

    // --- the forms of issue 15 ---------------------------------------------

    fn text_of(q: &str) -> Text {
        match parse(q) {
            Expr::Text(t) => t,
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn a_word_ending_in_a_star_is_a_prefix() {
        let t = text_of("Darf*");
        assert_eq!(t.form, Form::Prefix);
        assert_eq!(t.text, "Darf");
        assert_eq!(t.tokens, ["darf"]);
        assert!(!parse("darf*").has_free_text());
        assert!(parse("darf*").highlight_terms().is_empty());
    }

    #[test]
    fn a_subject_may_be_a_prefix() {
        let Expr::Filter(Filter::Subject(t)) = parse("subject:Darf*") else {
            panic!("not a subject filter")
        };
        assert_eq!(
            (t.form, t.tokens.as_slice()),
            (Form::Prefix, &["darf".to_string()][..])
        );
        err_at("subject:d*", 9, "at least 2");
        // In quotes the star is no prefix: a word to search for.
        let Expr::Filter(Filter::Subject(t)) = parse("subject:\"darf*\"") else {
            panic!("not a subject filter")
        };
        assert_eq!(t.form, Form::Plain);
    }

    #[test]
    fn a_phrase_with_a_tilde_and_a_number_is_a_proximity() {
        let t = text_of("\"nuclear weapons\"~5");
        assert_eq!(t.form, Form::Near(5));
        assert_eq!(t.tokens, ["nuclear", "weapons"]);
        assert_eq!(shape("\"a b\"~2 c"), "(\"a b\"~2 AND c)");
    }

    #[test]
    fn a_tilde_before_a_word_asks_for_its_forms() {
        let t = text_of("~Negotiations");
        assert_eq!(t.form, Form::Stemmed);
        assert_eq!(t.text, "Negotiations");
        assert_eq!(t.tokens, ["negoti"]);
        assert_eq!(text_of("~negotiate").tokens, ["negoti"]);
        assert_eq!(shape("-~talks"), "NOT ~talks");
    }

    #[test]
    fn an_equals_sign_asks_for_the_exact_value() {
        use Classification::*;
        assert_eq!(
            parse("class:=SECRET"),
            Expr::Filter(Filter::Class(vec![Secret]))
        );
        assert_eq!(
            parse("class:=\"secret//noforn\""),
            Expr::Filter(Filter::Class(vec![SecretNoforn]))
        );
        assert_eq!(
            parse("origin:=\"Embassy Moscow\""),
            Expr::Filter(Filter::OriginExact("Embassy Moscow".into()))
        );
        assert_eq!(parse("tag:=prel"), Expr::Filter(Filter::Tag("PREL".into())));
        assert_eq!(
            parse("by:=\"Alice Wells\""),
            Expr::Filter(Filter::ByExact("Alice Wells".into()))
        );
    }

    #[test]
    fn the_new_filters_parse() {
        assert_eq!(
            parse("signer:Burns"),
            Expr::Filter(Filter::Signer(vec!["burns".into()]))
        );
        assert_eq!(
            parse("by:\"Alice Wells\""),
            Expr::Filter(Filter::By(vec!["alice".into(), "wells".into()]))
        );
        assert_eq!(parse("year:2007"), parse("date:2007"));
        assert_eq!(parse("year:2007..2008"), parse("date:2007..2008"));
        assert_eq!(
            parse("handling:nodis"),
            Expr::Filter(Filter::Handling("NODIS".into()))
        );
        assert_eq!(parse("cites:any"), Expr::Filter(Filter::Cites(Cites::Any)));
        assert_eq!(
            parse("cites:MISSING"),
            Expr::Filter(Filter::Cites(Cites::Missing))
        );
        assert_eq!(parse("citedby:>=5"), Expr::Filter(Filter::CitedBy(5)));
        assert_eq!(parse("citedby:>4"), Expr::Filter(Filter::CitedBy(5)));
        assert_eq!(parse("redacted:yes"), Expr::Filter(Filter::Redacted(true)));
        assert_eq!(parse("redacted:No"), Expr::Filter(Filter::Redacted(false)));
    }

    #[test]
    fn a_bad_prefix_points_at_it() {
        err_at("arms d*", 6, "at least 2 letters or digits before \"*\"");
        err_at("*", 1, "at least 2");
        err_at("a **", 3, "goes once, at the end");
        err_at("x da*rf*", 3, "goes once");
        err_at("u.s*", 1, "is not one word");
    }

    #[test]
    fn a_bad_proximity_points_at_the_tilde() {
        err_at("\"a b\"~", 6, "takes how many words may come between");
        err_at("x \"a b\"~x", 8, "takes how many words");
        err_at("\"a b\"~-1", 6, "takes how many words");
        err_at("\"a b\"~1001", 6, "0 to 1000");
    }

    #[test]
    fn a_bad_word_form_points_at_it() {
        err_at("a ~", 3, "\"~\" needs a word right after it");
        err_at("~\"arms sales\"", 1, "needs a word right after it");
        err_at("~darf*", 1, "do not combine");
        err_at("x ~&", 4, "no letters or digits");
    }

    #[test]
    fn a_bad_exact_value_points_at_it() {
        err_at("class:=SEC", 8, "no classification is exactly \"SEC\"");
        err_at("a date:=2007", 8, "\"date:\" takes no \"=\"");
        err_at(
            "signer:=BURNS",
            8,
            "an exact value works with tag:, origin:, class:, by:",
        );
        err_at("origin:=", 1, "needs a value");
    }

    #[test]
    fn bad_values_of_the_new_filters_point_at_them() {
        err_at("cites:some", 7, "\"cites:\" takes any");
        err_at("a citedby:5", 11, "\"citedby:\" takes >=N");
        err_at("citedby:>=x", 11, "\"x\" is not a number of citations");
        err_at("citedby:>=99999999999", 11, "is not a number");
        err_at("redacted:maybe", 10, "\"redacted:\" takes yes or no");
        err_at("year:07", 6, "is not a date");
        err_at("signer:..", 8, "no letters or digits");
        err_at("by:", 1, "\"by:\" needs a value");
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
            "column 1: unknown filter \"foo:\" (filters: id, tag, origin, class, subject, date, year, refs, signer, by, handling, cites, citedby, redacted, is, note, label)"
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
    fn a_word_that_is_an_id_names_that_cable() {
        let Expr::Named(n) = parse("09berlin001296") else {
            panic!("not named");
        };
        assert_eq!(n.names, Names::Id("09BERLIN1296".into()));
        assert_eq!(n.words[0].text, "09berlin001296");
        // In quotes it is a phrase to search for, not a name.
        assert!(matches!(parse("\"09BERLIN1296\""), Expr::Text(_)));
        assert!(matches!(parse("BERLIN1296"), Expr::Text(_)));
    }

    #[test]
    fn a_station_then_a_serial_names_that_serial_of_every_year() {
        let Expr::Named(n) = parse("berlin 001296") else {
            panic!("not named");
        };
        assert_eq!(n.names, Names::Serial("BERLIN1296".into()));
        let Expr::And(parts) = parse("coalition BERLIN 1296 talks") else {
            panic!("not an and");
        };
        assert_eq!(parts.len(), 3);
        assert!(matches!(&parts[1], Expr::Named(_)));
        // Words that are no station stay words.
        assert!(matches!(parse("wheat 2008"), Expr::And(_)));
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn parse_query_never_panics(s in "\\PC*") {
            let _ = parse_query(&s);
        }
    }
}
