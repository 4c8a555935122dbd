//! The filters over the user's own files — `is:` (the read marks),
//! `note:` and `label:` (the bookmarks' notes): which of them a query has,
//! so that the library reads those files only for a query that needs
//! them, and which bookmarks a `note:` or `label:` matches.

use super::parse::tokens_of;
use super::{Expr, Filter};
use crate::library::index::text_analyzer;
use crate::library::store::Bookmark;

/// Every filter of an expression, in query order.
fn filters(expr: &Expr) -> Vec<&Filter> {
    fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a Filter>) {
        match e {
            Expr::Filter(f) => out.push(f),
            Expr::Text(_) | Expr::Named(_) => {}
            Expr::Not(inner) => walk(inner, out),
            Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

/// Whether the query has `is:read` or `is:unread`.
pub fn uses_read_marks(expr: &Expr) -> bool {
    filters(expr).iter().any(|f| matches!(f, Filter::Read(_)))
}

/// The `note:` and `label:` filters of the query, once each.
pub fn bookmark_filters(expr: &Expr) -> Vec<&Filter> {
    let mut out: Vec<&Filter> = Vec::new();
    for f in filters(expr) {
        if matches!(f, Filter::Note(_) | Filter::Label(_)) && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// Whether a bookmark matches a `note:` filter (its note has the word, or
/// the words of the phrase in order, as the index's analyzer reads them)
/// or a `label:` filter (its note has that `#label`). Other filters match
/// no bookmark.
pub fn note_matches(filter: &Filter, bookmark: &Bookmark) -> bool {
    match filter {
        Filter::Note(text) => {
            let (note, _) = tokens_of(&mut text_analyzer(), &bookmark.note);
            !text.tokens.is_empty()
                && note
                    .windows(text.tokens.len())
                    .any(|w| w == text.tokens.as_slice())
        }
        Filter::Label(label) => bookmark.labels().iter().any(|l| l == label),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::query::parse_query;

    fn filter(q: &str) -> Filter {
        match parse_query(q) {
            Ok(Expr::Filter(f)) => f,
            other => panic!("{q}: {other:?}"),
        }
    }

    #[test]
    fn a_note_filter_matches_a_word_or_phrase_of_the_note_in_any_case() {
        let b = Bookmark::new("07MOSCOW1026", 2, None, "The Coalition talks, #germany");
        assert!(note_matches(&filter("note:coalition"), &b));
        assert!(note_matches(&filter("note:\"coalition talks\""), &b));
        assert!(!note_matches(&filter("note:\"talks coalition\""), &b));
        assert!(!note_matches(&filter("note:coal"), &b));
        assert!(note_matches(&filter("note:germany"), &b));
    }

    #[test]
    fn a_label_filter_matches_the_hash_words_only() {
        let b = Bookmark::new("07MOSCOW1026", 2, None, "#Germany and syria");
        assert!(note_matches(&filter("label:germany"), &b));
        assert!(note_matches(&filter("label:#GERMANY"), &b));
        assert!(!note_matches(&filter("label:syria"), &b));
    }

    #[test]
    fn the_users_filters_print_back_to_themselves() {
        for q in [
            "is:read",
            "-is:unread tag:PREL",
            "note:coalition",
            "note:\"coalition talks\"",
            "label:arms-sales OR label:x_1",
        ] {
            let e = parse_query(q).unwrap();
            assert_eq!(e.to_string(), q);
            assert_eq!(parse_query(&e.to_string()), Ok(e));
        }
        assert_eq!(parse_query("IS:UNREAD").unwrap().to_string(), "is:unread");
        assert_eq!(
            parse_query("label:#Germany").unwrap().to_string(),
            "label:germany"
        );
    }

    #[test]
    fn a_bad_state_or_label_points_at_its_value() {
        let e = parse_query("tag:PREL is:seen").unwrap_err();
        assert_eq!(e.position, 13);
        assert!(e.message.contains("is:read or is:unread"), "{e}");
        let e = parse_query("label:\"two words\"").unwrap_err();
        assert_eq!(e.position, 8);
        assert!(e.message.contains("not a label"), "{e}");
    }

    #[test]
    fn the_library_reads_the_users_files_only_for_a_query_that_needs_them() {
        assert!(!uses_read_marks(&parse_query("tag:PREL darfur").unwrap()));
        assert!(uses_read_marks(&parse_query("tag:PREL -is:read").unwrap()));
        let e = parse_query("note:arms OR (label:x note:arms)").unwrap();
        assert_eq!(bookmark_filters(&e).len(), 2);
    }
}
