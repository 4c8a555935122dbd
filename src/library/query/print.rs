//! [`Expr`] → text: the query's one text form (`Display`). What the parser
//! made parses back to the same [`Expr`] — one-key filtering and saved
//! searches build on that — and with no more nesting than the query had,
//! so a printed query is never too deep to parse: brackets only where
//! precedence needs them (`a b OR c`, `(a OR b) c`, `NOT (a b)`).
//!
//! An expression the parser cannot make (an empty `AND`, a `class:` set no
//! single value names) is printed as near as the language allows.

use std::fmt;

use super::lex::is_word_char;
use super::parse::classes_matching;
use super::{Cites, Expr, Filter, Form, Period, Text, CLASS_ALIASES};
use crate::cable::Classification;

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

/// Where an expression stands, which decides whether it needs brackets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Top,
    /// A part of an `OR`.
    OrPart,
    /// A part of an `AND`.
    AndPart,
    /// After `NOT`.
    Negated,
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(f, self, Slot::Top)
    }
}

fn write_expr(f: &mut fmt::Formatter<'_>, e: &Expr, slot: Slot) -> fmt::Result {
    match e {
        Expr::Text(t) => write_text(f, t, true),
        Expr::Filter(filter) => write!(f, "{filter}"),
        Expr::Named(n) => {
            // A station and serial pair up only side by side: after `NOT`
            // they need brackets to stay one.
            let bracket = n.words.len() > 1 && slot == Slot::Negated;
            if bracket {
                f.write_str("(")?;
            }
            for (i, w) in n.words.iter().enumerate() {
                if i > 0 {
                    f.write_str(" ")?;
                }
                write_text(f, w, true)?;
            }
            if bracket {
                f.write_str(")")?;
            }
            Ok(())
        }
        // A filter left out reads as the overview and the sidebar write it
        // (`-tag:PREL`); anything else after `NOT`.
        Expr::Not(inner) if matches!(inner.as_ref(), Expr::Filter(_)) => {
            f.write_str("-")?;
            write_expr(f, inner, Slot::Negated)
        }
        Expr::Not(inner) => {
            f.write_str("NOT ")?;
            write_expr(f, inner, Slot::Negated)
        }
        // One part is that part; the parser never makes such a group.
        Expr::And(parts) | Expr::Or(parts) if parts.len() == 1 => write_expr(f, &parts[0], slot),
        Expr::And(parts) => {
            // `AND` binds tighter than `OR`: brackets inside another `AND`
            // (to keep the nesting) and after `NOT`.
            let bracket = matches!(slot, Slot::AndPart | Slot::Negated);
            write_group(f, parts, " ", Slot::AndPart, bracket)
        }
        Expr::Or(parts) => {
            let bracket = slot != Slot::Top;
            write_group(f, parts, " OR ", Slot::OrPart, bracket)
        }
    }
}

fn write_group(
    f: &mut fmt::Formatter<'_>,
    parts: &[Expr],
    sep: &str,
    slot: Slot,
    bracket: bool,
) -> fmt::Result {
    if bracket {
        f.write_str("(")?;
    }
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write_expr(f, p, slot)?;
    }
    if bracket {
        f.write_str(")")?;
    }
    Ok(())
}

/// A free word as typed, or a phrase in quotes. `free` says whether it
/// stands alone (where `AND`, `-x` and `tag:x` would be read as syntax)
/// rather than as a filter's value.
fn write_text(f: &mut fmt::Formatter<'_>, t: &Text, free: bool) -> fmt::Result {
    match t.form {
        Form::Plain => {}
        // The parser makes these of one word as typed, which reads back
        // bare.
        Form::Prefix => return write!(f, "{}*", t.text),
        Form::Stemmed => return write!(f, "~{}", t.text),
        Form::Near(n) => {
            write_quoted(f, &t.text)?;
            return write!(f, "~{n}");
        }
    }
    let bare = !t.quoted
        && if free {
            is_free_word(&t.text)
        } else {
            is_value(&t.text)
        };
    if bare {
        f.write_str(&t.text)
    } else {
        write_quoted(f, &t.text)
    }
}

/// Text in quotes. A quote cannot be written inside quotes; it is not a
/// letter or digit, so a space in its place gives the same index tokens.
fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    write!(f, "\"{}\"", s.replace('"', " "))
}

/// Whether a filter value can be written without quotes: it is one word.
fn is_value(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_word_char)
}

/// Whether a word standing alone reads back as that word: not an operator,
/// not a negation, not a filter.
fn is_free_word(s: &str) -> bool {
    let filter_like = s
        .split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()));
    is_value(s) && !s.starts_with('-') && !matches!(s, "AND" | "OR" | "NOT") && !filter_like
}

fn write_value(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    if is_value(s) {
        f.write_str(s)
    } else {
        write_quoted(f, s)
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Id(id) => write!(f, "id:{id}"),
            Filter::Tag(tag) => {
                f.write_str("tag:")?;
                write_value(f, tag)
            }
            Filter::Origin(words) => {
                f.write_str("origin:")?;
                write_value(f, &words.join(" "))
            }
            Filter::Class(classes) => match (class_value(classes), classes.as_slice()) {
                (Some(v), _) => {
                    f.write_str("class:")?;
                    write_value(f, &v)
                }
                // One classification no value matches alone (`SECRET`
                // is also part of `SECRET//NOFORN`): exactly it.
                (None, [one]) => {
                    f.write_str("class:=")?;
                    write_value(f, one.as_str())
                }
                (None, _) => {
                    f.write_str("class:")?;
                    write_value(
                        f,
                        &classes
                            .first()
                            .map_or(String::new(), |c| c.as_str().to_lowercase()),
                    )
                }
            },
            Filter::Subject(t) => {
                f.write_str("subject:")?;
                write_text(f, t, false)
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
            Filter::Read(true) => f.write_str("is:read"),
            Filter::Read(false) => f.write_str("is:unread"),
            Filter::Note(t) => {
                f.write_str("note:")?;
                write_text(f, t, false)
            }
            Filter::Label(label) => {
                f.write_str("label:")?;
                write_value(f, label)
            }
            Filter::OriginExact(origin) => {
                f.write_str("origin:=")?;
                write_value(f, origin)
            }
            Filter::Signer(words) => {
                f.write_str("signer:")?;
                write_value(f, &words.join(" "))
            }
            Filter::By(words) => {
                f.write_str("by:")?;
                write_value(f, &words.join(" "))
            }
            Filter::ByExact(name) => {
                f.write_str("by:=")?;
                write_value(f, name)
            }
            Filter::Handling(h) => {
                f.write_str("handling:")?;
                write_value(f, h)
            }
            Filter::Cites(Cites::Any) => f.write_str("cites:any"),
            Filter::Cites(Cites::Missing) => f.write_str("cites:missing"),
            Filter::CitedBy(n) => write!(f, "citedby:>={n}"),
            Filter::Redacted(yes) => f.write_str(if *yes { "redacted:yes" } else { "redacted:no" }),
        }
    }
}

/// A `class:` value that matches exactly these classifications, lower
/// case: the first that does of a word of a release value (`secret`,
/// `noforn`), a whole release value (`secret//noforn`), an abbreviation,
/// then any part of a release value, shortest first; `None` when no value
/// does (`class:=SECRET`, or a set the parser never makes).
fn class_value(classes: &[Classification]) -> Option<String> {
    let words = Classification::ALL
        .iter()
        .flat_map(|c| c.as_str().split(|ch: char| !ch.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_string);
    let whole = Classification::ALL.iter().map(|c| c.as_str().to_string());
    let aliases = CLASS_ALIASES.iter().map(|(alias, _)| alias.to_string());
    let found = words
        .chain(whole)
        .chain(aliases)
        .find(|v| classes_matching(v) == classes)
        .or_else(|| parts_of_release_values().find(|v| classes_matching(v) == classes));
    found.map(|v| v.to_lowercase())
}

/// Every part of every release value (letters and digits only), shortest
/// first, then in alphabetical order.
fn parts_of_release_values() -> impl Iterator<Item = String> {
    let mut parts: Vec<String> = Vec::new();
    for c in Classification::ALL {
        let chars: Vec<char> = c
            .as_str()
            .chars()
            .filter(|ch| ch.is_alphanumeric())
            .collect();
        for i in 0..chars.len() {
            for j in i + 1..=chars.len() {
                parts.push(chars[i..j].iter().collect());
            }
        }
    }
    parts.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    parts.dedup();
    parts.into_iter()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::parse::tokens_of;
    use super::super::{parse_query, DateRange, Named, Names};
    use super::*;
    use crate::cable::parse::ids::normalize_id;
    use crate::library::index::text_analyzer;

    fn parse(q: &str) -> Expr {
        match parse_query(q) {
            Ok(e) => e,
            Err(e) => panic!("{q:?} should parse: {e}"),
        }
    }

    fn printed(q: &str) -> String {
        parse(q).to_string()
    }

    #[test]
    fn class_prints_a_value_the_parser_accepts() {
        assert_eq!(printed("class:secret"), "class:secret");
        assert_eq!(printed("class:S/NF"), "class:secret//noforn");
        assert_eq!(printed("class:NOFORN"), "class:noforn");
        assert_eq!(printed("class:fouo"), "class:official");
        assert_eq!(printed("class:CNF"), "class:confidential//noforn");
        // A part no word or abbreviation stands for.
        let e = parse("class:ial");
        assert_eq!(parse(&e.to_string()), e);
    }

    #[test]
    fn brackets_only_where_precedence_needs_them() {
        assert_eq!(printed("arms AND sales"), "arms sales");
        assert_eq!(printed("a b OR c"), "a b OR c");
        assert_eq!(printed("(a OR b) c"), "(a OR b) c");
        assert_eq!(printed("-(a b)"), "NOT (a b)");
        assert_eq!(printed("-(a OR b)"), "NOT (a OR b)");
        assert_eq!(printed("(a b) c"), "(a b) c");
        assert_eq!(printed("(a OR b) OR c"), "(a OR b) OR c");
        assert_eq!(printed("NOT NOT x"), "NOT NOT x");
        assert_eq!(printed("NOT tag:PREL"), "-tag:PREL");
        assert_eq!(printed("NOT NOT tag:PREL"), "NOT -tag:PREL");
        assert_eq!(
            printed("a -origin:=\"Embassy Moscow\""),
            "a -origin:=\"Embassy Moscow\""
        );
    }

    #[test]
    fn a_query_nested_near_the_limit_still_prints_parseable() {
        // Each level is an OR holding an AND holding the next level: fully
        // bracketed, that would be twice as deep as the query, and too deep.
        let mut q = "x".to_string();
        for i in 0..60 {
            q = format!("(y{i} OR z{i} {q})");
        }
        let e = parse(&q);
        assert_eq!(parse(&e.to_string()), e);
    }

    #[test]
    fn values_are_quoted_when_they_are_not_one_word() {
        assert_eq!(printed("tag:\"OVIP, RICE\""), "tag:\"OVIP, RICE\"");
        assert_eq!(printed("tag:\"A(B)\""), "tag:\"A(B)\"");
        assert_eq!(
            printed("origin:\"Buenos Aires\""),
            "origin:\"buenos aires\""
        );
        assert_eq!(printed("subject:\"arms sales\""), "subject:\"arms sales\"");
        assert_eq!(printed("subject:AND"), "subject:AND");
        assert_eq!(printed("\"AND\""), "\"AND\"");
        assert_eq!(printed("date:2007-03..2008-6"), "date:2007-03..2008-06");
        assert_eq!(printed("date:..2008"), "date:..2008");
    }

    #[test]
    fn a_word_that_would_read_as_syntax_is_quoted() {
        let text = |s: &str| {
            let (tokens, positions) = tokens_of(&mut text_analyzer(), s);
            Expr::Text(Text {
                text: s.to_string(),
                quoted: false,
                tokens,
                positions,
                form: Form::Plain,
            })
        };
        for word in ["OR", "-x", "tag:x", "a b", "(x"] {
            let e = text(word);
            let back = parse(&e.to_string());
            let (Expr::Text(a), Expr::Text(b)) = (&e, &back) else {
                panic!("{word}: {back:?}");
            };
            assert_eq!(a.tokens, b.tokens, "{word}");
        }
    }

    #[test]
    fn the_forms_of_issue_15_print_back() {
        for (q, out) in [
            ("Darf*", "Darf*"),
            ("subject:Darf*", "subject:Darf*"),
            ("\"nuclear weapons\"~5", "\"nuclear weapons\"~5"),
            ("~Negotiate", "~Negotiate"),
            ("-~talks", "NOT ~talks"),
            ("-class:=SECRET", "-class:=SECRET"),
            ("class:=SECRET", "class:=SECRET"),
            ("class:=\"Secret//Noforn\"", "class:secret//noforn"),
            ("class:=unclassified", "class:=UNCLASSIFIED"),
            ("origin:=\"Embassy Moscow\"", "origin:=\"Embassy Moscow\""),
            ("origin:=Moscow", "origin:=Moscow"),
            ("tag:=PREL", "tag:PREL"),
            ("by:=\"Alice Wells\"", "by:=\"Alice Wells\""),
            ("by:Wells", "by:wells"),
            ("signer:\"W Burns\"", "signer:\"w burns\""),
            ("year:2007", "date:2007"),
            ("handling:nodis", "handling:NODIS"),
            ("cites:Any", "cites:any"),
            ("cites:missing", "cites:missing"),
            ("citedby:>4", "citedby:>=5"),
            ("redacted:YES", "redacted:yes"),
            ("redacted:no", "redacted:no"),
        ] {
            assert_eq!(printed(q), out, "{q}");
            assert_eq!(parse(out), parse(q), "{q} printed as {out}");
        }
    }

    // --- round trip over generated expressions -----------------------------

    fn text(s: String, quoted: bool) -> Text {
        let (tokens, positions) = tokens_of(&mut text_analyzer(), &s);
        Text {
            text: s,
            quoted,
            tokens,
            positions,
            form: Form::Plain,
        }
    }

    fn period() -> impl Strategy<Value = Period> {
        (
            1966u16..2011,
            proptest::option::of(1u8..=12),
            1u8..=28,
            any::<bool>(),
        )
            .prop_map(|(y, m, d, with_day)| {
                let day = m.filter(|_| with_day).map(|_| d);
                Period::new(y, m, day).expect("a valid period")
            })
    }

    fn date_range() -> impl Strategy<Value = DateRange> {
        (period(), period(), 0u8..4).prop_map(|(a, b, ends)| {
            let (from, to) = if a.start() <= b.start() {
                (a, b)
            } else {
                (b, a)
            };
            match ends {
                0 => DateRange {
                    from: Some(from),
                    to: Some(from),
                },
                1 => DateRange {
                    from: Some(from),
                    to: None,
                },
                2 => DateRange {
                    from: None,
                    to: Some(to),
                },
                _ => DateRange {
                    from: Some(from),
                    to: Some(to),
                },
            }
        })
    }

    fn cable_id() -> impl Strategy<Value = String> {
        (0u8..10, "[A-Z]{4,10}", 1u32..99_999).prop_filter_map("an ID", |(y, station, n)| {
            normalize_id(&format!("0{y}{station}{n}"))
        })
    }

    fn leaf() -> impl Strategy<Value = Expr> {
        let class_keys = prop_oneof![
            Just("secret"),
            Just("noforn"),
            Just("fouo"),
            Just("c"),
            Just("unclassified"),
            Just("confidential//noforn"),
            Just("ial"),
            Just("ret"),
            Just("o"),
        ];
        prop_oneof![
            "[a-z][a-z0-9]{0,7}".prop_map(|w| Expr::Text(text(w, false))),
            "[a-zA-Z]{1,6}( [a-zA-Z0-9.]{1,6}){0,2}".prop_map(|p| Expr::Text(text(p, true))),
            cable_id().prop_map(|id| Expr::Filter(Filter::Id(id))),
            cable_id().prop_map(|id| Expr::Filter(Filter::Refs(id))),
            "[A-Z]{2,6}(, [A-Z]{2,5})?".prop_map(|t| Expr::Filter(Filter::Tag(t))),
            prop::collection::vec("[a-z]{1,8}", 1..3).prop_map(|w| Expr::Filter(Filter::Origin(w))),
            class_keys.prop_map(|k| Expr::Filter(Filter::Class(classes_matching(k)))),
            ("[a-z]{1,8}( [a-z]{1,8})?", any::<bool>()).prop_map(|(s, q)| {
                let quoted = q || s.contains(' ');
                Expr::Filter(Filter::Subject(text(s, quoted)))
            }),
            date_range().prop_map(|r| Expr::Filter(Filter::Date(r))),
            "[a-z][a-z0-9]{1,7}".prop_map(|w| {
                let mut t = text(w, false);
                t.form = Form::Prefix;
                Expr::Text(t)
            }),
            ("[a-z]{1,6}( [a-z0-9]{1,6}){1,2}", 0u32..20).prop_map(|(p, n)| {
                let mut t = text(p, true);
                t.form = Form::Near(n);
                Expr::Text(t)
            }),
            "[a-z][a-z0-9]{0,7}".prop_map(|w| {
                let (tokens, positions) =
                    tokens_of(&mut crate::library::index::stem_analyzer(), &w);
                Expr::Text(Text {
                    text: w,
                    quoted: false,
                    tokens,
                    positions,
                    form: Form::Stemmed,
                })
            }),
            Just(Classification::ALL).prop_flat_map(|all| {
                (0..all.len()).prop_map(move |i| Expr::Filter(Filter::Class(vec![all[i]])))
            }),
            "[A-Z][a-zA-Z]{0,6}( [A-Z][a-z]{0,6}){0,2}"
                .prop_map(|o| Expr::Filter(Filter::OriginExact(o))),
            "[A-Z][a-zA-Z.]{0,6}( [A-Z][a-z]{0,6}){0,2}"
                .prop_map(|o| Expr::Filter(Filter::ByExact(o))),
            prop::collection::vec("[a-z]{1,8}", 1..3).prop_map(|w| Expr::Filter(Filter::Signer(w))),
            prop::collection::vec("[a-z]{1,8}", 1..3).prop_map(|w| Expr::Filter(Filter::By(w))),
            "[A-Z]{2,8}".prop_map(|h| Expr::Filter(Filter::Handling(h))),
            prop_oneof![Just(Cites::Any), Just(Cites::Missing)]
                .prop_map(|c| Expr::Filter(Filter::Cites(c))),
            (0u32..1000).prop_map(|n| Expr::Filter(Filter::CitedBy(n))),
            any::<bool>().prop_map(|b| Expr::Filter(Filter::Redacted(b))),
            ("[0-9]{2}[a-zA-Z]{3,7}", "0{0,2}[1-9][0-9]{0,3}").prop_filter_map(
                "an ID",
                |(head, serial)| {
                    let word = format!("{head}{serial}");
                    normalize_id(&word).map(|id| {
                        Expr::Named(Named {
                            words: vec![text(word, false)],
                            names: Names::Id(id),
                        })
                    })
                }
            ),
            (
                prop_oneof![Just("BERLIN"), Just("moscow"), Just("Beijing")],
                "[1-9][0-9]{0,4}"
            )
                .prop_map(|(station, serial)| {
                    let tail = format!("{}{serial}", station.to_uppercase());
                    Expr::Named(Named {
                        words: vec![text(station.to_string(), false), text(serial, false)],
                        names: Names::Serial(tail),
                    })
                }),
        ]
    }

    fn expr() -> impl Strategy<Value = Expr> {
        leaf().prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
                prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
                prop::collection::vec(inner, 2..4).prop_map(Expr::Or),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a_printed_expression_parses_back_to_itself(e in expr()) {
            let text = e.to_string();
            prop_assert_eq!(parse_query(&text), Ok(e), "{}", text);
        }
    }
}
